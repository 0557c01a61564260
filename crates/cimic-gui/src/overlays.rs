//! Map overlays and the palette. Each overlay gives every district a value in 0–1 (higher is
//! better, except unrest and displacement) drawn on a colour-blind-safe ramp (cividis-like: dark
//! blue → yellow, readable in grey), so a projector audience sees the civil situation at a glance.

use bevy::prelude::*;
use cimic_core::scenario::format::{Sector, Terrain};
use cimic_core::sim::Simulation;
use cimic_core::sim::displacement::IDP_PREFIX;

/// What the map's hexes are coloured by.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Overlay {
    /// Terrain only.
    #[default]
    Terrain,
    /// People-weighted satisfaction of one sector's needs.
    Needs(Sector),
    Security,
    Consent,
    Legitimacy,
    /// Share of citizens active in unrest.
    Unrest,
    /// Displaced people as a share of the district's people.
    Displacement,
    /// Infrastructure status: each site's hex coloured by how well it functions.
    Infrastructure,
    /// How old the force's picture of each district is (unknown: never assessed).
    Knowledge,
}

impl Overlay {
    /// Overlays in key order (key 1 is the first; 0 is terrain).
    pub const KEYED: [Overlay; 9] = [
        Overlay::Needs(Sector::Water),
        Overlay::Security,
        Overlay::Consent,
        Overlay::Legitimacy,
        Overlay::Unrest,
        Overlay::Displacement,
        Overlay::Infrastructure,
        Overlay::Knowledge,
        Overlay::Needs(Sector::Health),
    ];

    /// Every overlay offered in the menu.
    pub fn all() -> Vec<Overlay> {
        let mut v = vec![Overlay::Terrain];
        v.extend(Sector::ALL.iter().map(|&s| Overlay::Needs(s)));
        v.extend([
            Overlay::Security,
            Overlay::Consent,
            Overlay::Legitimacy,
            Overlay::Unrest,
            Overlay::Displacement,
            Overlay::Infrastructure,
            Overlay::Knowledge,
        ]);
        v
    }

    /// Name for buttons and the legend.
    pub fn name(self) -> String {
        match self {
            Overlay::Terrain => "Terrain".into(),
            Overlay::Needs(s) => format!("Needs: {}", s.name()),
            Overlay::Security => "Security".into(),
            Overlay::Consent => "Consent".into(),
            Overlay::Legitimacy => "Legitimacy".into(),
            Overlay::Unrest => "Unrest".into(),
            Overlay::Displacement => "Displacement".into(),
            Overlay::Infrastructure => "Infrastructure status".into(),
            Overlay::Knowledge => "Force's knowledge (age)".into(),
        }
    }

    /// What the ramp's ends mean.
    pub fn legend(self) -> (&'static str, &'static str) {
        match self {
            Overlay::Unrest | Overlay::Displacement => ("none", "high"),
            Overlay::Knowledge => ("never assessed / old", "assessed this turn"),
            Overlay::Infrastructure => ("out of service", "fully working"),
            _ => ("low", "high"),
        }
    }

    /// Each district's value in 0–1 (`None`: nothing to show), in scenario order. `truth`
    /// chooses the true state over the force's picture where the two differ.
    pub fn district_values(self, sim: &Simulation, truth: bool) -> Vec<Option<f32>> {
        let picture = if truth {
            sim.true_picture()
        } else {
            sim.force_picture()
        };
        let truth_now = sim.true_picture();
        match self {
            Overlay::Terrain | Overlay::Infrastructure => vec![None; picture.len()],
            Overlay::Needs(s) => picture
                .iter()
                .map(|(_, p)| p.map(|p| p.needs[s.index()]))
                .collect(),
            Overlay::Security => picture
                .iter()
                .map(|(_, p)| p.map(|p| p.needs[Sector::Security.index()]))
                .collect(),
            Overlay::Consent => picture.iter().map(|(_, p)| p.map(|p| p.consent)).collect(),
            Overlay::Legitimacy => picture
                .iter()
                .map(|(_, p)| p.map(|p| p.legitimacy))
                .collect(),
            Overlay::Unrest => sim
                .unrest()
                .iter()
                .map(|(_, active, _)| Some(*active))
                .collect(),
            Overlay::Displacement => {
                let groups = sim.groups();
                truth_now
                    .iter()
                    .map(|(id, p)| {
                        let people = p.map_or(0, |p| p.people) as f32;
                        let displaced: u32 = groups
                            .iter()
                            .filter(|g| &g.district == id && g.id.starts_with(IDP_PREFIX))
                            .map(|g| g.size)
                            .sum();
                        (people > 0.0).then(|| displaced as f32 / people)
                    })
                    .collect()
            }
            Overlay::Knowledge => {
                let now = sim.turn();
                sim.force_picture()
                    .iter()
                    .map(|(_, p)| {
                        Some(p.map_or(0.0, |p| {
                            1.0 - (now.saturating_sub(p.as_of) as f32 / 5.0).min(1.0)
                        }))
                    })
                    .collect()
            }
        }
    }

    /// Where a value sits on the ramp (0 bad, 1 good): shares of people in unrest or displaced
    /// are small numbers, so a quarter of the people already counts as the worst.
    pub fn goodness(self, v: f32) -> f32 {
        match self {
            Overlay::Unrest | Overlay::Displacement => 1.0 - (v * 4.0).min(1.0),
            _ => v,
        }
    }

    /// Whether high values are bad (the ramp is reversed so that bad is always dark).
    pub fn high_is_bad(self) -> bool {
        matches!(self, Overlay::Unrest | Overlay::Displacement)
    }
}

/// A colour on the cividis-like ramp: 0 dark blue, 1 bright yellow.
pub fn ramp(v: f32) -> Color {
    const STOPS: [(f32, [f32; 3]); 5] = [
        (0.0, [0.0, 0.13, 0.30]),
        (0.25, [0.25, 0.30, 0.42]),
        (0.5, [0.48, 0.48, 0.47]),
        (0.75, [0.74, 0.68, 0.42]),
        (1.0, [1.0, 0.91, 0.27]),
    ];
    let v = v.clamp(0.0, 1.0);
    for w in STOPS.windows(2) {
        let ((a, ca), (b, cb)) = (w[0], w[1]);
        if v <= b {
            let t = (v - a) / (b - a);
            return Color::srgb(
                ca[0] + (cb[0] - ca[0]) * t,
                ca[1] + (cb[1] - ca[1]) * t,
                ca[2] + (cb[2] - ca[2]) * t,
            );
        }
    }
    Color::srgb(1.0, 0.91, 0.27)
}

/// Terrain colours: distinct in lightness as well as hue.
pub fn terrain_color(t: Terrain) -> Color {
    match t {
        Terrain::Urban => Color::srgb_u8(0xa8, 0xa4, 0x9c),
        Terrain::Rural => Color::srgb_u8(0xdd, 0xd8, 0xb0),
        Terrain::Forest => Color::srgb_u8(0x6f, 0x93, 0x5c),
        Terrain::Hills => Color::srgb_u8(0xc2, 0xa8, 0x78),
        Terrain::Mountain => Color::srgb_u8(0x8c, 0x7b, 0x6a),
        Terrain::Marsh => Color::srgb_u8(0x93, 0xab, 0x9c),
        Terrain::Water => Color::srgb_u8(0x4a, 0x80, 0xb8),
    }
}

/// Okabe–Ito colours for status: blue working, orange degraded, vermillion out.
pub fn status_color(functioning: f32) -> Color {
    if functioning >= 0.6 {
        Color::srgb_u8(0x00, 0x72, 0xb2)
    } else if functioning >= 0.2 {
        Color::srgb_u8(0xe6, 0x9f, 0x00)
    } else {
        Color::srgb_u8(0xd5, 0x5e, 0x00)
    }
}

/// APP-6 affiliation fill colours (the frame shape carries the same information).
pub mod affiliation {
    use bevy::prelude::Color;
    /// Friendly: light blue (APP-6 "crystal blue").
    pub const FRIEND: Color = Color::srgb(0.50, 0.88, 1.0);
    /// Hostile: salmon red.
    pub const HOSTILE: Color = Color::srgb(1.0, 0.50, 0.50);
    /// Neutral: bamboo green.
    pub const NEUTRAL: Color = Color::srgb(0.67, 1.0, 0.67);
    /// Unknown: light yellow.
    pub const UNKNOWN: Color = Color::srgb(1.0, 1.0, 0.50);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ramp_gets_lighter_from_bad_to_good() {
        let lum = |v: f32| {
            let c = ramp(v).to_srgba();
            0.3 * c.red + 0.59 * c.green + 0.11 * c.blue
        };
        for i in 0..10 {
            let (a, b) = (i as f32 / 10.0, (i + 1) as f32 / 10.0);
            assert!(lum(a) < lum(b), "{a} vs {b}");
        }
    }
}
