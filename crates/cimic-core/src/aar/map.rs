//! The map at one turn as inline SVG, for the report: hexes coloured by terrain (laid out by
//! [`crate::map::layout`], as the GUI's map), rivers and roads, district
//! borders and names, civil unrest as a red tint per district, infrastructure coloured by how
//! well it works, and units as NATO-style frames (APP-6: friendly blue rectangle, hostile red
//! diamond, neutral green square) labelled with their ids, so that units of one kind are told
//! apart; a legend under the map ([`super::legend`]) explains the colours, frames and site letters.

use super::esc;
use super::timeline::MapSnapshot;
use crate::map::layout::{MapLayout, Vec2};
use crate::map::{HexMap, NO_DISTRICT};
use crate::scenario::format::{HexPos, InfraKind, Protection, SideRole, Terrain, UnitKind};
use std::fmt::Write;

/// Widest map drawn, in pixels; hexes shrink to fit.
const MAX_WIDTH: f32 = 900.0;
/// Hex size (centre to corner) when the map is small enough.
const HEX_SIZE: f32 = 24.0;
const MARGIN: f32 = 8.0;
/// The map's own styles, so that a map saved on its own (`cimic map --svg`) draws as in the
/// report.
const STYLE: &str = ".hex{stroke:#8a8a80;stroke-width:.5}.road{stroke:#6b4a2b;stroke-width:2.5;stroke-linecap:round}.border{stroke:#222;stroke-width:2.5;stroke-linecap:round}.district{font-family:sans-serif;font-size:13px;font-weight:700;fill:#111;paint-order:stroke;stroke:#fff;stroke-width:3px}.code{font-family:sans-serif;font-size:8px;font-weight:700;fill:#111}.uid{font-family:sans-serif;font-size:7px;fill:#0b2140;paint-order:stroke;stroke:#fff;stroke-width:2px}.label{font-family:sans-serif;font-size:11px;fill:#333}";

/// Fill colour of a terrain.
pub fn terrain_colour(t: Terrain) -> &'static str {
    match t {
        Terrain::Urban => "#b9b3ad",
        Terrain::Rural => "#e6e2b8",
        Terrain::Forest => "#9cc29a",
        Terrain::Hills => "#d8c39a",
        Terrain::Mountain => "#a89480",
        Terrain::Marsh => "#a9cfc4",
        Terrain::Water => "#8fbbe0",
    }
}

/// Status colour of a site by how well it works (0–1).
pub fn status_colour(functioning: f32) -> &'static str {
    if functioning >= 0.75 {
        "#2e8b3a"
    } else if functioning >= 0.25 {
        "#e0a100"
    } else {
        "#c0392b"
    }
}

/// A site's one- or two-letter map code (explained in the legend).
pub fn site_code(kind: InfraKind) -> &'static str {
    match kind {
        InfraKind::PowerPlant => "P",
        InfraKind::WaterPlant => "W",
        InfraKind::Hospital => "H",
        InfraKind::Clinic => "C",
        InfraKind::School => "S",
        InfraKind::Bridge => "B",
        InfraKind::Port => "Pt",
        InfraKind::Market => "M",
        InfraKind::Warehouse => "Wh",
        InfraKind::Telecom => "T",
        InfraKind::GovernmentOffice => "G",
        InfraKind::PoliceStation => "Po",
        InfraKind::IdpCamp => "Ca",
        InfraKind::CulturalSite => "Cu",
        InfraKind::ReligiousSite => "R",
    }
}

/// A unit type's short label inside its frame.
fn unit_code(kind: UnitKind) -> &'static str {
    match kind {
        UnitKind::Infantry => "INF",
        UnitKind::Mechanised => "MECH",
        UnitKind::Engineer => "ENG",
        UnitKind::Medical => "MED",
        UnitKind::Logistics => "LOG",
        UnitKind::MilitaryPolice => "MP",
        UnitKind::CimicTeam => "CIMIC",
        UnitKind::Aviation => "AVN",
        UnitKind::InfoOps => "IO",
        UnitKind::Irregular => "IRR",
    }
}

/// The layout of a map's picture: hexes of [`HEX_SIZE`], smaller when the map would be wider
/// than [`MAX_WIDTH`]; y grows downward as in SVG.
fn layout(map: &HexMap) -> MapLayout {
    let fit = MAX_WIDTH / (3f32.sqrt() * (map.width as f32 + 0.5));
    MapLayout::y_down(HEX_SIZE.min(fit))
}

/// The map after `snap.turn`, with `districts` (id, name) in scenario order.
pub fn map_svg(map: &HexMap, snap: &MapSnapshot, districts: &[(String, String)]) -> String {
    let l = layout(map);
    let hexes: Vec<(usize, HexPos)> = (0..map.len()).map(|i| (i, map.pos_of(i))).collect();
    let corners: Vec<[Vec2; 6]> = hexes.iter().map(|(_, h)| l.corners(*h)).collect();
    let (mut min, mut max) = (Vec2::splat(f32::INFINITY), Vec2::splat(f32::NEG_INFINITY));
    for c in corners.iter().flatten() {
        min = min.min(*c);
        max = max.max(*c);
    }
    if !min.is_finite() {
        (min, max) = (Vec2::ZERO, Vec2::ONE);
    }
    let off = Vec2::splat(MARGIN) - min;
    let (w, map_h) = (max.x - min.x + 2.0 * MARGIN, max.y - min.y + 2.0 * MARGIN);
    let mut terrain: Vec<Terrain> = map.terrain.clone();
    terrain.sort();
    terrain.dedup();
    let mut kinds: Vec<InfraKind> = Vec::new();
    for site in &snap.sites {
        if !kinds.contains(&site.kind) {
            kinds.push(site.kind);
        }
    }
    let (legend, legend_h) = super::legend::legend_svg(&terrain, &kinds, map_h, w.max(360.0));
    let (w, h) = (w.max(360.0), map_h + legend_h);
    let p = |v: Vec2| v + off;
    let centre = |h: HexPos| p(l.center(h));
    let size = l.size();
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg class="map" viewBox="0 0 {w:.0} {h:.0}" width="{w:.0}" height="{h:.0}" role="img" aria-label="map after turn {t}"><title>map after turn {t}</title><style>{STYLE}</style><rect width="{w:.0}" height="{h:.0}" fill="#f8f8f4"/>"##,
        t = snap.turn
    );
    // Ground, rivers, unrest.
    for ((i, pos), cs) in hexes.iter().zip(&corners) {
        let pts = points(cs.iter().map(|c| p(*c)));
        let _ = write!(
            s,
            r#"<polygon class="hex" points="{pts}" fill="{}"><title>({}, {}) {}</title></polygon>"#,
            terrain_colour(map.terrain[*i]),
            pos.0,
            pos.1,
            map.terrain[*i]
        );
        if map.river[*i] {
            let c = centre(*pos);
            let inner = points(cs.iter().map(|k| c + (p(*k) - c) * 0.55));
            let _ = write!(
                s,
                r##"<polygon points="{inner}" fill="#3b7dd8" opacity="0.8"/>"##
            );
        }
        let d = map.district[*i];
        if let Some(&u) = snap.unrest.get(d as usize)
            && d != NO_DISTRICT
            && u > 0.001
        {
            let _ = write!(
                s,
                r##"<polygon points="{pts}" fill="#d62728" opacity="{:.2}"/>"##,
                (f64::from(u) * 3.0).clamp(0.08, 0.6)
            );
        }
    }
    // Roads between neighbouring hexes, each once.
    for (i, pos) in &hexes {
        for n in l.sides(*pos).map(|side| side.neighbour) {
            let Some(j) = map.index(n) else {
                continue;
            };
            if j > *i && map.road_between(*pos, n) {
                let (a, b) = (centre(*pos), centre(n));
                let _ = write!(
                    s,
                    r#"<line class="road" x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}"/>"#,
                    a.x, a.y, b.x, b.y
                );
            }
        }
    }
    // District borders: every hex edge whose neighbour is in another district or off the map.
    for (i, pos) in &hexes {
        let d = map.district[*i];
        if d == NO_DISTRICT {
            continue;
        }
        for side in l.sides(*pos) {
            let other = map.index(side.neighbour).map(|j| map.district[j]);
            if other != Some(d) {
                let (a, b) = (p(side.edge[0]), p(side.edge[1]));
                let _ = write!(
                    s,
                    r#"<line class="border" x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}"/>"#,
                    a.x, a.y, b.x, b.y
                );
            }
        }
    }
    // District names.
    for (d, (id, name)) in districts.iter().enumerate() {
        let mine: Vec<Vec2> = hexes
            .iter()
            .filter(|(i, _)| map.district[*i] as usize == d)
            .map(|(_, h)| centre(*h))
            .collect();
        if mine.is_empty() {
            continue;
        }
        // Centred across the district, on its top row, so that it covers few units and sites.
        let x = mine.iter().map(|c| c.x).sum::<f32>() / mine.len() as f32;
        let top = mine.iter().map(|c| c.y).fold(f32::INFINITY, f32::min);
        let c = Vec2::new(x, top - size * 0.35);
        let _ = write!(
            s,
            r#"<text class="district" x="{:.1}" y="{:.1}" text-anchor="middle"><title>{} ({})</title>{}</text>"#,
            c.x,
            c.y,
            esc(name),
            esc(id),
            esc(name)
        );
    }
    markers(&mut s, snap, &centre, size);
    s.push_str(&legend);
    s.push_str("</svg>");
    s
}

/// Sites (a status-coloured disc with the kind's code; protected sites ringed) and units
/// (frames by side, several in one hex fanned out), placed by `centre` for hexes of `size`.
fn markers(s: &mut String, snap: &MapSnapshot, centre: &dyn Fn(HexPos) -> Vec2, size: f32) {
    for site in &snap.sites {
        let c = centre(site.hex) + Vec2::new(-size * 0.45, -size * 0.35);
        let r = size * 0.28;
        let ring = if site.protected == Protection::None {
            ""
        } else {
            r##" stroke="#fff" stroke-width="2""##
        };
        let _ = write!(
            s,
            r#"<g class="site"><title>{} ({}{}): condition {:.0} %, working {:.0} %</title><circle cx="{:.1}" cy="{:.1}" r="{r:.1}" fill="{}"{ring}/><text x="{:.1}" y="{:.1}" text-anchor="middle" class="code">{}</text></g>"#,
            esc(&site.id),
            site.kind,
            if site.protected == Protection::None {
                ""
            } else {
                ", protected"
            },
            site.condition * 100.0,
            site.functioning * 100.0,
            c.x,
            c.y,
            status_colour(site.functioning),
            c.x,
            c.y + r * 0.45,
            site_code(site.kind)
        );
    }
    // Units: frames by side, several in one hex fanned out.
    let mut seen: Vec<((i32, i32), u32)> = Vec::new();
    for u in &snap.units {
        let k = match seen.iter_mut().find(|(h, _)| *h == u.position) {
            Some((_, k)) => {
                *k += 1;
                *k
            }
            None => {
                seen.push((u.position, 0));
                0
            }
        };
        let c = centre(u.position)
            + Vec2::new(size * 0.05 + k as f32 * 5.0, size * 0.1 + k as f32 * 5.0);
        s.push_str(&unit_frame(u, c, size));
    }
}

/// One unit's NATO-style frame with its type and id in the tooltip.
fn unit_frame(u: &crate::sim::views::UnitView, c: Vec2, size: f32) -> String {
    let (w, h) = (size * 1.1, size * 0.7);
    let title = format!(
        "<title>{} ({}, {}): strength {:.0}, supplies {:.0}, {}</title>",
        esc(&u.id),
        esc(&u.side),
        u.kind,
        u.strength,
        u.supplies,
        esc(&u.task.to_string())
    );
    let frame = match u.role {
        SideRole::Force | SideRole::HostNation => format!(
            r##"<rect class="friendly" x="{:.1}" y="{:.1}" width="{w:.1}" height="{h:.1}" fill="#80c0ff" stroke="#0b3d91" stroke-width="1.5"/>"##,
            c.x - w / 2.0,
            c.y - h / 2.0
        ),
        SideRole::Adversary => {
            let r = h * 0.85;
            format!(
                r##"<polygon class="hostile" points="{:.1},{:.1} {:.1},{:.1} {:.1},{:.1} {:.1},{:.1}" fill="#ff8080" stroke="#8b0000" stroke-width="1.5"/>"##,
                c.x,
                c.y - r,
                c.x + r,
                c.y,
                c.x,
                c.y + r,
                c.x - r,
                c.y
            )
        }
        SideRole::Other => format!(
            r##"<rect class="neutral" x="{:.1}" y="{:.1}" width="{h:.1}" height="{h:.1}" fill="#aaffaa" stroke="#1e6b1e" stroke-width="1.5"/>"##,
            c.x - h / 2.0,
            c.y - h / 2.0
        ),
    };
    format!(
        r#"<g class="unit">{title}{frame}<text x="{:.1}" y="{:.1}" text-anchor="middle" class="code">{}</text><text x="{:.1}" y="{:.1}" text-anchor="middle" class="uid">{}</text></g>"#,
        c.x,
        c.y + h * 0.2,
        unit_code(u.kind),
        c.x,
        c.y + h * 0.5 + 7.0,
        esc(&u.id)
    )
}

/// A map drawn by [`map_svg`] as a file of its own: inline in HTML an SVG needs no namespace
/// (and the self-contained report names no address), but an `.svg` file does.
pub fn standalone_svg(svg: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}\n",
        svg.replacen("<svg ", "<svg xmlns=\"http://www.w3.org/2000/svg\" ", 1)
    )
}

fn points(it: impl Iterator<Item = Vec2>) -> String {
    it.map(|v| format!("{:.1},{:.1}", v.x, v.y))
        .collect::<Vec<_>>()
        .join(" ")
}
