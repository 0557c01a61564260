//! The legend under every map the after-action report and `cimic map` draw: the terrain on the
//! map, what the site letters stand for (only the kinds on the map), the status colours, the
//! unit frames and lines. Drawn into the map's own SVG, so a map saved on its own explains itself.

use super::map::{site_code, status_colour, terrain_colour};
use crate::scenario::format::{InfraKind, Terrain};
use std::fmt::Write;

/// Width of one legend entry, in pixels.
const ENTRY: f32 = 170.0;
/// Height of a legend row.
const ROW: f32 = 16.0;

/// A site kind in words.
pub fn site_name(kind: InfraKind) -> &'static str {
    match kind {
        InfraKind::PowerPlant => "power plant",
        InfraKind::WaterPlant => "water plant",
        InfraKind::Hospital => "hospital",
        InfraKind::Clinic => "clinic",
        InfraKind::School => "school",
        InfraKind::Bridge => "bridge",
        InfraKind::Port => "port",
        InfraKind::Market => "market",
        InfraKind::Warehouse => "warehouse",
        InfraKind::Telecom => "telecom",
        InfraKind::GovernmentOffice => "government office",
        InfraKind::PoliceStation => "police station",
        InfraKind::IdpCamp => "camp for displaced people",
        InfraKind::CulturalSite => "cultural site",
        InfraKind::ReligiousSite => "religious site",
    }
}

/// One entry: its swatch (SVG drawn in a 12×12 box at the origin) and its words.
struct Entry {
    swatch: String,
    text: String,
}

fn rect(fill: &str) -> String {
    format!(r##"<rect width="12" height="12" fill="{fill}" stroke="#555" stroke-width=".5"/>"##)
}

fn disc(fill: &str, code: &str) -> String {
    format!(
        r#"<circle cx="6" cy="6" r="6" fill="{fill}"/><text x="6" y="9" text-anchor="middle" class="code">{code}</text>"#
    )
}

/// Every entry of a map showing `terrain` and `sites` (kinds, in the order first seen).
fn entries(terrain: &[Terrain], sites: &[InfraKind]) -> Vec<Entry> {
    let e = |swatch: String, text: &str| Entry {
        swatch,
        text: text.to_string(),
    };
    let mut out: Vec<Entry> = terrain
        .iter()
        .map(|t| e(rect(terrain_colour(*t)), &t.to_string().to_lowercase()))
        .collect();
    out.push(e(rect("#3b7dd8"), "river"));
    out.push(e(
        r#"<line class="road" x1="0" y1="6" x2="12" y2="6"/>"#.into(),
        "road",
    ));
    out.push(e(
        r#"<line class="border" x1="0" y1="6" x2="12" y2="6"/>"#.into(),
        "district border",
    ));
    out.push(e(
        r##"<rect width="12" height="12" fill="#d62728" opacity=".4"/>"##.into(),
        "civil unrest (tint by share)",
    ));
    out.push(e(
        r##"<rect y="2" width="12" height="8" fill="#80c0ff" stroke="#0b3d91"/>"##.into(),
        "force or host-nation unit",
    ));
    out.push(e(
        r##"<polygon points="6,0 12,6 6,12 0,6" fill="#ff8080" stroke="#8b0000"/>"##.into(),
        "hostile unit",
    ));
    out.push(e(
        r##"<rect x="1" y="1" width="10" height="10" fill="#aaffaa" stroke="#1e6b1e"/>"##.into(),
        "other armed group",
    ));
    out.push(e(disc(status_colour(1.0), ""), "site working (≥ 75 %)"));
    out.push(e(disc(status_colour(0.5), ""), "site partly (25–75 %)"));
    out.push(e(disc(status_colour(0.0), ""), "site out (< 25 %)"));
    out.push(e(
        r##"<circle cx="6" cy="6" r="5" fill="#bbb" stroke="#fff" stroke-width="2"/><circle cx="6" cy="6" r="6.5" fill="none" stroke="#555" stroke-width=".5"/>"##.into(),
        "white ring: protected site",
    ));
    for k in sites {
        let code = site_code(*k);
        out.push(Entry {
            swatch: disc("#ddd", code),
            text: format!("{code}: {}", site_name(*k)),
        });
    }
    out
}

/// The legend as SVG drawn from `top` across `width` pixels; returns it and its height.
pub fn legend_svg(terrain: &[Terrain], sites: &[InfraKind], top: f32, width: f32) -> (String, f32) {
    let all = entries(terrain, sites);
    let per_row = ((width - 8.0) / ENTRY).floor().max(1.0) as usize;
    let rows = all.len().div_ceil(per_row);
    let mut s = format!(
        r#"<g class="legend" transform="translate(8 {:.1})">"#,
        top + 6.0
    );
    for (i, entry) in all.iter().enumerate() {
        let (x, y) = ((i % per_row) as f32 * ENTRY, (i / per_row) as f32 * ROW);
        let _ = write!(
            s,
            r#"<g transform="translate({x:.0} {y:.0})">{}<text x="16" y="10" class="label">{}</text></g>"#,
            entry.swatch,
            super::esc(&entry.text)
        );
    }
    s.push_str("</g>");
    (s, rows as f32 * ROW + 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_legend_explains_every_site_letter_it_is_given_and_wraps_rows() {
        let (svg, h) = legend_svg(
            &[Terrain::Urban],
            &[InfraKind::Port, InfraKind::CulturalSite],
            100.0,
            400.0,
        );
        assert!(svg.contains("Pt: port"), "{svg}");
        assert!(svg.contains("Cu: cultural site"), "{svg}");
        assert!(!svg.contains("hospital"), "only the kinds on the map");
        let (_, wide) = legend_svg(&[Terrain::Urban], &[], 0.0, 2000.0);
        assert!(wide < h, "a wider map needs fewer rows");
    }
}
