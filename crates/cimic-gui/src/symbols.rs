//! Map symbols: military units in NATO APP-6 style frames (friendly rectangle, hostile diamond,
//! neutral square, unknown quatrefoil) with a type glyph and strength, and infrastructure icons
//! whose colour and strike-through show whether the site works. Shapes carry affiliation and
//! status as well as colour, for colour-blind viewers.

use super::hexgeo::{HEX_SIZE, MeshBuilder, center};
use super::overlays::{affiliation, status_color};
use super::session::Session;
use bevy::prelude::*;
use cimic_core::scenario::format::{ActorKind, InfraKind, SideRole, UnitKind};
use cimic_core::sim::Simulation;
use cimic_core::sim::components::ActorStatus;

/// APP-6 standard identity as drawn here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identity {
    Friend,
    Hostile,
    Neutral,
    Unknown,
}

/// The identity of a side: the force and host-nation forces are friends, adversaries hostile;
/// irregulars of other sides are of unknown allegiance, other sides neutral.
pub fn identity(role: SideRole, kind: UnitKind) -> Identity {
    match (role, kind) {
        (SideRole::Force | SideRole::HostNation, _) => Identity::Friend,
        (SideRole::Adversary, _) => Identity::Hostile,
        (SideRole::Other, UnitKind::Irregular) => Identity::Unknown,
        (SideRole::Other, _) => Identity::Neutral,
    }
}

const INK: Color = Color::srgb(0.05, 0.05, 0.08);
const FRAME: f32 = 3.0;

/// Draws one unit symbol centred on `c`; returns the text of its glyph if it is lettered.
pub fn unit_symbol(
    b: &mut MeshBuilder,
    c: Vec2,
    id: Identity,
    kind: UnitKind,
) -> Option<&'static str> {
    let (w, h) = (40.0, 27.0);
    let half = Vec2::new(w / 2.0, h / 2.0);
    // Frame: filled, then outlined in ink.
    let frame: Vec<Vec2> = match id {
        Identity::Friend => vec![
            c + Vec2::new(-half.x, -half.y),
            c + Vec2::new(half.x, -half.y),
            c + Vec2::new(half.x, half.y),
            c + Vec2::new(-half.x, half.y),
        ],
        Identity::Hostile => {
            let r = 21.0;
            vec![
                c + Vec2::new(0.0, -r),
                c + Vec2::new(r, 0.0),
                c + Vec2::new(0.0, r),
                c + Vec2::new(-r, 0.0),
            ]
        }
        Identity::Neutral => {
            let r = 15.0;
            vec![
                c + Vec2::new(-r, -r),
                c + Vec2::new(r, -r),
                c + Vec2::new(r, r),
                c + Vec2::new(-r, r),
            ]
        }
        Identity::Unknown => Vec::new(),
    };
    let fill = match id {
        Identity::Friend => affiliation::FRIEND,
        Identity::Hostile => affiliation::HOSTILE,
        Identity::Neutral => affiliation::NEUTRAL,
        Identity::Unknown => affiliation::UNKNOWN,
    };
    if id == Identity::Unknown {
        // Quatrefoil: four lobes around a square.
        for d in [Vec2::X, Vec2::Y, -Vec2::X, -Vec2::Y] {
            b.circle(c + d * 9.0, 11.5, INK);
        }
        for d in [Vec2::X, Vec2::Y, -Vec2::X, -Vec2::Y] {
            b.circle(c + d * 9.0, 9.0, fill);
        }
        b.rect(c, Vec2::splat(18.0), fill);
    } else {
        b.polygon(&frame, fill);
        b.outline(&frame, FRAME, INK);
    }
    // Type glyph inside the frame (simplified APP-6).
    let (gw, gh) = match id {
        Identity::Friend => (half.x, half.y),
        _ => (9.0, 9.0),
    };
    let line = |b: &mut MeshBuilder, a: Vec2, z: Vec2| b.line(c + a, c + z, 2.5, INK);
    match kind {
        UnitKind::Infantry => {
            line(b, Vec2::new(-gw, -gh), Vec2::new(gw, gh));
            line(b, Vec2::new(-gw, gh), Vec2::new(gw, -gh));
            None
        }
        UnitKind::Mechanised => {
            line(b, Vec2::new(-gw, -gh), Vec2::new(gw, gh));
            line(b, Vec2::new(-gw, gh), Vec2::new(gw, -gh));
            let oval: Vec<Vec2> = (0..16)
                .map(|i| {
                    let a = std::f32::consts::TAU * i as f32 / 16.0;
                    c + Vec2::new(gw * 0.6 * a.cos(), gh * 0.45 * a.sin())
                })
                .collect();
            b.outline(&oval, 2.5, INK);
            None
        }
        UnitKind::Engineer => {
            // A bridge: a bar with three legs.
            let (x, y) = (gw * 0.6, gh * 0.35);
            line(b, Vec2::new(-x, y), Vec2::new(x, y));
            for lx in [-x, 0.0, x] {
                line(b, Vec2::new(lx, y), Vec2::new(lx, -y));
            }
            None
        }
        UnitKind::Medical => {
            line(b, Vec2::new(-gw * 0.7, 0.0), Vec2::new(gw * 0.7, 0.0));
            line(b, Vec2::new(0.0, -gh * 0.8), Vec2::new(0.0, gh * 0.8));
            None
        }
        UnitKind::Logistics => {
            line(b, Vec2::new(-gw, -gh * 0.45), Vec2::new(gw, -gh * 0.45));
            None
        }
        UnitKind::Aviation => {
            // Rotary wing: a bow tie.
            let (x, y) = (gw * 0.7, gh * 0.5);
            b.polygon(&[c, c + Vec2::new(-x, y), c + Vec2::new(-x, -y)], INK);
            b.polygon(&[c, c + Vec2::new(x, -y), c + Vec2::new(x, y)], INK);
            None
        }
        UnitKind::MilitaryPolice => Some("MP"),
        UnitKind::CimicTeam => Some("CIMIC"),
        UnitKind::InfoOps => Some("IO"),
        UnitKind::Irregular => Some("G"),
    }
}

/// The unit layer: every unit's symbol and a label under it. Units sharing a hex fan out.
pub fn units(session: &Session, label: &mut impl FnMut(String, Vec2, f32, Color)) -> MeshBuilder {
    let mut b = MeshBuilder::default();
    let Some(sim) = session.sim() else { return b };
    let units = sim.units();
    let mut seen: Vec<(i32, i32)> = Vec::new();
    for u in &units {
        let k = seen.iter().filter(|&&p| p == u.position).count() as f32;
        let n = units.iter().filter(|x| x.position == u.position).count() as f32;
        seen.push(u.position);
        let c =
            center(u.position) + Vec2::new((k - (n - 1.0) / 2.0) * 22.0, -HEX_SIZE * 0.2 - k * 6.0);
        let id = identity(u.role, u.kind);
        if u.strength <= 0.0 {
            // Destroyed: drawn faded and struck through.
            unit_symbol(&mut b, c, id, u.kind);
            b.line(
                c + Vec2::new(-22.0, -16.0),
                c + Vec2::new(22.0, 16.0),
                4.0,
                Color::srgb(0.84, 0.37, 0.0),
            );
        } else if let Some(text) = unit_symbol(&mut b, c, id, u.kind) {
            label(
                text.to_string(),
                c,
                if text.len() > 3 { 10.0 } else { 14.0 },
                Color::WHITE,
            );
        }
        // Strength bar under the frame.
        let bar = Vec2::new(40.0, 5.0);
        let at = c + Vec2::new(0.0, -20.0);
        b.rect(at, bar + Vec2::splat(2.0), INK);
        let s = (u.strength / 100.0).clamp(0.0, 1.0);
        b.rect(
            at - Vec2::new(bar.x * (1.0 - s) / 2.0, 0.0),
            Vec2::new(bar.x * s, bar.y),
            Color::srgb(0.95, 0.95, 0.95),
        );
        if session.staged_for(&u.id).is_some() {
            b.circle(c + Vec2::new(22.0, 14.0), 5.0, Color::srgb(1.0, 0.85, 0.0));
        }
        label(
            format!("{} {:.0}", u.id, u.strength),
            c + Vec2::new(0.0, -33.0),
            16.0,
            Color::WHITE,
        );
    }
    b
}

/// Short code drawn on a site's icon.
pub fn site_code(kind: InfraKind) -> &'static str {
    match kind {
        InfraKind::PowerPlant => "PWR",
        InfraKind::WaterPlant => "H2O",
        InfraKind::Hospital => "HOS",
        InfraKind::Clinic => "+",
        InfraKind::School => "SCH",
        InfraKind::Bridge => "BR",
        InfraKind::Port => "PRT",
        InfraKind::Market => "MKT",
        InfraKind::Warehouse => "WH",
        InfraKind::Telecom => "COM",
        InfraKind::GovernmentOffice => "GOV",
        InfraKind::PoliceStation => "POL",
        InfraKind::IdpCamp => "IDP",
        InfraKind::CulturalSite => "CUL",
        InfraKind::ReligiousSite => "REL",
    }
}

/// The site layer: an icon per site, coloured by functioning, struck through when out of
/// service, ringed in white when protected (medical, cultural property), condition bar below.
pub fn sites(sim: &Simulation, label: &mut impl FnMut(String, Vec2, f32, Color)) -> MeshBuilder {
    let mut b = MeshBuilder::default();
    for s in sim.infrastructure() {
        let c = center(s.hex) + Vec2::new(0.0, HEX_SIZE * 0.42);
        let size = Vec2::new(34.0, 20.0);
        if s.protected != cimic_core::scenario::format::Protection::None {
            b.rect(c, size + Vec2::splat(8.0), Color::WHITE);
        }
        b.rect(c, size + Vec2::splat(3.0), INK);
        b.rect(c, size, status_color(s.functioning));
        if s.functioning < 0.2 {
            b.line(c - size / 2.0, c + size / 2.0, 3.0, INK);
        }
        let bar = Vec2::new(34.0, 4.0);
        let at = c + Vec2::new(0.0, -14.0);
        b.rect(at, bar + Vec2::splat(2.0), INK);
        let k = s.condition.clamp(0.0, 1.0);
        b.rect(
            at - Vec2::new(bar.x * (1.0 - k) / 2.0, 0.0),
            Vec2::new(bar.x * k, bar.y),
            Color::WHITE,
        );
        label(site_code(s.kind).to_string(), c, 15.0, Color::WHITE);
    }
    b
}

/// Short code drawn on an actor's icon.
pub fn actor_code(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::Ngo => "NGO",
        ActorKind::InternationalOrganisation => "IO",
        ActorKind::UnAgency => "UN",
        ActorKind::Icrc => "ICRC",
        ActorKind::HostNationMinistry => "MIN",
        ActorKind::LocalAuthority => "AUTH",
        ActorKind::LocalLeader => "LDR",
        ActorKind::LawEnforcement => "POL",
        ActorKind::Contractor => "CON",
    }
}

/// Non-military actors: a rounded tag per actor in each district it works in, under the
/// district's name. Humanitarian actors are reddish purple, host-nation authorities sky blue,
/// others grey (Okabe–Ito); status is written on the tag and a withdrawn actor is struck through.
pub fn actors(
    session: &Session,
    anchors: &[Option<(Vec2, Vec2)>],
    b: &mut MeshBuilder,
    label: &mut impl FnMut(String, Vec2, f32, Color),
) {
    let Some(sim) = session.sim() else { return };
    let mut row = vec![0usize; anchors.len()];
    for a in sim.actors() {
        for district in &a.districts {
            let Some(d) = session
                .scenario
                .map
                .districts
                .iter()
                .position(|x| &x.id == district)
            else {
                continue;
            };
            let Some((_, anchor)) = anchors.get(d).copied().flatten() else {
                continue;
            };
            let k = row[d];
            row[d] += 1;
            // Stacked upwards from the district's bottom row.
            let c = anchor + Vec2::new(0.0, -HEX_SIZE * 0.3 + k as f32 * 30.0);
            let fill = if a.humanitarian {
                Color::srgb_u8(0xcc, 0x79, 0xa7)
            } else if matches!(
                a.kind,
                ActorKind::HostNationMinistry
                    | ActorKind::LocalAuthority
                    | ActorKind::LawEnforcement
            ) {
                Color::srgb_u8(0x56, 0xb4, 0xe9)
            } else {
                Color::srgb(0.7, 0.7, 0.7)
            };
            let status = match a.status {
                ActorStatus::Active => "",
                ActorStatus::Absent => " (not yet)",
                ActorStatus::Suspended => " SUSPENDED",
                ActorStatus::Withdrawn => " WITHDRAWN",
            };
            let name = session.actor_name(&a.id);
            let text = format!("{} {name}{status} t{:.1}", actor_code(a.kind), a.trust);
            let width = 8.5 * text.len() as f32 + 12.0;
            b.rect(c, Vec2::new(width + 4.0, 26.0), INK);
            b.rect(c, Vec2::new(width, 22.0), fill.with_alpha(0.9));
            if a.status == ActorStatus::Withdrawn {
                b.line(
                    c - Vec2::new(width / 2.0, 0.0),
                    c + Vec2::new(width / 2.0, 0.0),
                    3.0,
                    INK,
                );
            }
            label(text, c, 15.0, Color::WHITE);
        }
    }
}
