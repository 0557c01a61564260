//! Map symbols: military units in NATO APP-6 style frames (friendly rectangle, hostile diamond,
//! neutral square, unknown quatrefoil) with a type glyph and strength, and infrastructure icons
//! whose colour and strike-through show whether the site works. Shapes carry affiliation and
//! status as well as colour, for colour-blind viewers.

use super::hexgeo::MeshBuilder;
use super::overlays::affiliation;
use bevy::prelude::*;
use cimic_core::scenario::format::{ActorKind, InfraKind, SideRole, UnitKind};

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

pub(crate) const INK: Color = Color::srgb(0.05, 0.05, 0.08);
const FRAME: f32 = 3.0;
/// A friendly unit frame's width and height in world units at symbol scale 1.
pub const UNIT_W: f32 = 40.0;
pub const UNIT_H: f32 = 27.0;
/// A site icon's width and height in world units at symbol scale 1.
pub const SITE_W: f32 = 34.0;
pub const SITE_H: f32 = 20.0;

/// Draws one unit symbol centred on `c`; returns the text of its glyph if it is lettered.
pub fn unit_symbol(
    b: &mut MeshBuilder,
    c: Vec2,
    k: f32,
    id: Identity,
    kind: UnitKind,
) -> Option<&'static str> {
    let (w, h) = (UNIT_W * k, UNIT_H * k);
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
            let r = 21.0 * k;
            vec![
                c + Vec2::new(0.0, -r),
                c + Vec2::new(r, 0.0),
                c + Vec2::new(0.0, r),
                c + Vec2::new(-r, 0.0),
            ]
        }
        Identity::Neutral => {
            let r = 15.0 * k;
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
            b.circle(c + d * 9.0 * k, 11.5 * k, INK);
        }
        for d in [Vec2::X, Vec2::Y, -Vec2::X, -Vec2::Y] {
            b.circle(c + d * 9.0 * k, 9.0 * k, fill);
        }
        b.rect(c, Vec2::splat(18.0 * k), fill);
    } else {
        b.polygon(&frame, fill);
        b.outline(&frame, FRAME * k.sqrt(), INK);
    }
    // Type glyph inside the frame (simplified APP-6).
    let (gw, gh) = match id {
        Identity::Friend => (half.x, half.y),
        _ => (9.0 * k, 9.0 * k),
    };
    let line = |b: &mut MeshBuilder, a: Vec2, z: Vec2| b.line(c + a, c + z, 2.5 * k.sqrt(), INK);
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
            b.outline(&oval, 2.5 * k.sqrt(), INK);
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
