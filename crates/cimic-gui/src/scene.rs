//! What the map shows at a zoom level, as data: the unit and site meshes (symbols scaled to stay
//! visible, stacked where they would crowd) and every label the map would like to write, with its
//! priority. Pure (no ECS): [`super::mapview::redraw`] turns it into meshes and the label painter
//! places the labels each frame with [`super::layout::place`]; the tests build the same scene.

use super::hexgeo::{HEX_SIZE, MeshBuilder, center};
use super::layout::{Cluster, Group, Label, MIN_TEXT_PX, Spot, cluster};
use super::mapview::{View, district_anchors};
use super::overlays::{Overlay, ramp, status_color};
use super::session::Session;
use super::symbols::{
    INK, SITE_H, SITE_W, UNIT_H, UNIT_W, actor_code, identity, site_code, unit_symbol,
};
use bevy::prelude::*;
use cimic_core::scenario::format::{ActorKind, Protection};
use cimic_core::sim::components::ActorStatus;

/// A unit symbol is never drawn narrower than this on the screen, in pixels.
pub const MIN_SYMBOL_PX: f32 = 30.0;
/// Zoom steps between mesh rebuilds: the camera's scale is rounded to a power of this.
const STEP: f32 = 1.2;

/// Level of detail for a camera scale (world units per pixel): symbols keep at least
/// [`MIN_SYMBOL_PX`] on screen, and the meshes are rebuilt only when the level changes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lod {
    pub level: i32,
    /// Symbol size factor: 1 at close zoom, more when zoomed out.
    pub k: f32,
}

impl Lod {
    /// The level for a camera scale.
    pub fn of(scale: f32) -> Lod {
        let level = (scale.max(1e-3).ln() / STEP.ln()).round() as i32;
        let quantised = STEP.powi(level);
        Lod {
            level,
            k: (MIN_SYMBOL_PX * quantised / UNIT_W).max(1.0),
        }
    }
}

/// A stack of symbols: its area in the world and the lines a hover over it lists.
#[derive(Debug, Clone, PartialEq)]
pub struct Stack {
    pub at: Vec2,
    pub half: Vec2,
    pub lines: Vec<String>,
}

/// The unit and site meshes, the label candidates and the stacks at one level of detail.
#[derive(Default)]
pub struct Scene {
    pub units: MeshBuilder,
    pub sites: MeshBuilder,
    pub labels: Vec<Group>,
    pub stacks: Vec<Stack>,
}

/// Label priorities: lower is placed first.
pub mod priority {
    pub const DISTRICT: u8 = 0;
    pub const COUNT: u8 = 1;
    pub const GLYPH: u8 = 2;
    pub const UNIT: u8 = 3;
    pub const ACTOR: u8 = 4;
    pub const SITE: u8 = 5;
}

fn one(priority: u8, label: Label) -> Group {
    Group {
        priority,
        members: vec![label],
        summary: None,
    }
}

/// Spots around a symbol of half-size `half` (world) at `at`: below, right, above, left.
fn around(at: Vec2, half: Vec2, view_scale_hint: f32) -> Vec<Spot> {
    let gap = |h: f32| h / view_scale_hint + 2.0;
    vec![
        Spot {
            at,
            dir: Vec2::Y,
            gap: gap(half.y),
        },
        Spot {
            at,
            dir: Vec2::X,
            gap: gap(half.x),
        },
        Spot {
            at,
            dir: -Vec2::Y,
            gap: gap(half.y),
        },
        Spot {
            at,
            dir: -Vec2::X,
            gap: gap(half.x),
        },
    ]
}

fn count_label(at: Vec2, half: Vec2, n: usize, prefix: &str) -> Group {
    let corner = at + Vec2::new(half.x, half.y);
    one(
        priority::COUNT,
        Label {
            text: format!("{prefix}×{n}"),
            px: 16.0,
            spots: vec![
                Spot {
                    at: corner,
                    dir: Vec2::new(0.7, -0.7),
                    gap: 0.0,
                },
                Spot {
                    at: at + Vec2::new(half.x, 0.0),
                    dir: Vec2::X,
                    gap: 1.0,
                },
                Spot {
                    at: at - Vec2::new(0.0, half.y),
                    dir: Vec2::Y,
                    gap: 2.0,
                },
            ],
            fill: Some([0xf0, 0xe4, 0x42, 240]),
        },
    )
}

/// Builds the scene for a camera scale (world units per pixel).
pub fn build(session: &Session, view: &View, scale: f32) -> Scene {
    let mut scene = Scene::default();
    if session.sim().is_none() {
        return scene;
    }
    let lod = Lod::of(scale);
    units(session, lod, scale, &mut scene);
    sites(session, lod, scale, &mut scene);
    actors(session, &mut scene.labels);
    districts(session, view, scale, &mut scene.labels);
    scene
}

/// Unit symbols: fanned out within their hex while they fit, otherwise stacked with a count;
/// stacks nearer than a symbol's size merge.
fn units(session: &Session, lod: Lod, scale: f32, scene: &mut Scene) {
    let Some(sim) = session.sim() else { return };
    let mut units = sim.units();
    // The players' own units first, so a stack shows one of theirs on top.
    units.sort_by_key(|u| u.role != cimic_core::scenario::format::SideRole::Force);
    let k = lod.k;
    let step = (UNIT_W + 6.0) * k;
    let points: Vec<Vec2> = units
        .iter()
        .map(|u| {
            let here: Vec<_> = units.iter().filter(|x| x.position == u.position).collect();
            let n = here.len() as f32;
            let base = center(u.position) + Vec2::new(0.0, -HEX_SIZE * 0.2);
            if n * step <= HEX_SIZE * 1.9 {
                let i = here.iter().position(|x| x.id == u.id).unwrap_or(0) as f32;
                base + Vec2::new((i - (n - 1.0) / 2.0) * step, 0.0)
            } else {
                base
            }
        })
        .collect();
    let half = Vec2::new(UNIT_W, UNIT_H) * k / 2.0;
    let b = &mut scene.units;
    for Cluster { at: c, members } in cluster(&points, Vec2::new(step, (UNIT_H + 14.0) * k)) {
        let top = &units[members[0]];
        let id = identity(top.role, top.kind);
        for s in (1..members.len().min(3)).rev() {
            let off = Vec2::new(5.0, 5.0) * k * s as f32;
            unit_symbol(b, c + off, k, id, top.kind);
        }
        let glyph = unit_symbol(b, c, k, id, top.kind);
        if top.strength <= 0.0 {
            b.line(
                c - half * 1.1,
                c + half * 1.1,
                4.0 * k.sqrt(),
                Color::srgb(0.84, 0.37, 0.0),
            );
        } else if let Some(g) = glyph {
            let px = if g.len() > 3 { MIN_TEXT_PX } else { 16.0 };
            let text = g.to_string();
            scene.labels.push(one(
                priority::GLYPH,
                Label {
                    text,
                    px,
                    spots: vec![Spot::centre(c)],
                    fill: Some([0, 0, 0, 0]),
                },
            ));
        }
        if members.len() == 1 {
            strength_bar(b, c, k, top.strength);
            if session.staged_for(&top.id).is_some() {
                b.circle(
                    c + half * Vec2::new(1.1, 1.0),
                    5.0 * k,
                    Color::srgb(1.0, 0.85, 0.0),
                );
            }
            let text = format!("{} {:.0}", top.id, top.strength);
            let spots = around(c, half + Vec2::new(0.0, 5.0 * k), scale);
            scene.labels.push(one(
                priority::UNIT,
                Label {
                    text,
                    px: 15.0,
                    spots,
                    fill: None,
                },
            ));
        } else {
            scene.labels.push(count_label(c, half, members.len(), ""));
            let lines = members
                .iter()
                .map(|&i| {
                    let u = &units[i];
                    let staged = if session.staged_for(&u.id).is_some() {
                        " (order staged)"
                    } else {
                        ""
                    };
                    format!(
                        "{} {:.0} · {} ({}){staged}",
                        u.id,
                        u.strength,
                        session.unit_name(&u.id),
                        u.side
                    )
                })
                .collect();
            scene.stacks.push(Stack { at: c, half, lines });
        }
    }
}

fn strength_bar(b: &mut MeshBuilder, c: Vec2, k: f32, strength: f32) {
    let bar = Vec2::new(UNIT_W, 5.0) * k;
    let at = c + Vec2::new(0.0, -(UNIT_H / 2.0 + 6.0) * k);
    b.rect(at, bar + Vec2::splat(2.0 * k), INK);
    let s = (strength / 100.0).clamp(0.0, 1.0);
    b.rect(
        at - Vec2::new(bar.x * (1.0 - s) / 2.0, 0.0),
        Vec2::new(bar.x * s, bar.y),
        Color::srgb(0.95, 0.95, 0.95),
    );
}

/// Site icons: coloured by functioning, struck through when out of service, ringed in white when
/// protected, with a condition bar; several on one hex (or too close) stack with a count.
fn sites(session: &Session, lod: Lod, scale: f32, scene: &mut Scene) {
    let Some(sim) = session.sim() else { return };
    let all = sim.infrastructure();
    let k = lod.k;
    let size = Vec2::new(SITE_W, SITE_H) * k;
    let points: Vec<Vec2> = all
        .iter()
        .map(|s| center(s.hex) + Vec2::new(0.0, HEX_SIZE * 0.42))
        .collect();
    let b = &mut scene.sites;
    for Cluster { at: c, members } in cluster(&points, size + Vec2::new(6.0, 12.0) * k) {
        // The stack shows its worst-working site.
        let worst = members
            .iter()
            .copied()
            .min_by(|&a, &z| all[a].functioning.total_cmp(&all[z].functioning))
            .unwrap_or(members[0]);
        let s = &all[worst];
        for n in (1..members.len().min(3)).rev() {
            let off = Vec2::splat(4.0 * k * n as f32);
            b.rect(c + off, size + Vec2::splat(3.0 * k), INK);
            b.rect(c + off, size, status_color(all[members[n]].functioning));
        }
        if s.protected != Protection::None {
            b.rect(c, size + Vec2::splat(8.0 * k), Color::WHITE);
        }
        b.rect(c, size + Vec2::splat(3.0 * k), INK);
        b.rect(c, size, status_color(s.functioning));
        if s.functioning < 0.2 {
            b.line(c - size / 2.0, c + size / 2.0, 3.0 * k.sqrt(), INK);
        }
        let bar = Vec2::new(SITE_W, 4.0) * k;
        let at = c + Vec2::new(0.0, -(SITE_H / 2.0 + 4.0) * k);
        b.rect(at, bar + Vec2::splat(2.0 * k), INK);
        let cond = s.condition.clamp(0.0, 1.0);
        b.rect(
            at - Vec2::new(bar.x * (1.0 - cond) / 2.0, 0.0),
            Vec2::new(bar.x * cond, bar.y),
            Color::WHITE,
        );
        let code = site_code(s.kind);
        if members.len() == 1 {
            let spots = vec![Spot::centre(c), around(c, size / 2.0, scale)[0]];
            scene.labels.push(one(
                priority::SITE,
                Label {
                    text: code.to_string(),
                    px: MIN_TEXT_PX,
                    spots,
                    fill: Some([0, 0, 0, 0]),
                },
            ));
        } else {
            scene.labels.push(count_label(
                c,
                size / 2.0,
                members.len(),
                &format!("{code} "),
            ));
            let lines = members
                .iter()
                .map(|&i| {
                    let x = &all[i];
                    format!(
                        "{} {} · working {:.0}%, condition {:.0}%",
                        site_code(x.kind),
                        x.id,
                        x.functioning * 100.0,
                        x.condition * 100.0
                    )
                })
                .collect();
            scene.stacks.push(Stack {
                at: c,
                half: size / 2.0,
                lines,
            });
        }
    }
}

/// Shortens a name to at most `n` characters, with an ellipsis.
fn short(name: &str, n: usize) -> String {
    if name.chars().count() <= n {
        name.to_string()
    } else {
        name.chars().take(n - 1).collect::<String>() + "…"
    }
}

/// Non-military actors: a tag per actor in each district it works in, stacked up from the
/// district's bottom row, or one "N actors" tag when they do not all fit. Humanitarian actors are
/// reddish purple, host-nation authorities sky blue, others grey (Okabe–Ito).
fn actors(session: &Session, labels: &mut Vec<Group>) {
    let Some(sim) = session.sim() else { return };
    let anchors = district_anchors(session);
    let mut per: Vec<Vec<Label>> = vec![Vec::new(); anchors.len()];
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
            let fill = if a.humanitarian {
                [0xcc, 0x79, 0xa7, 235]
            } else if matches!(
                a.kind,
                ActorKind::HostNationMinistry
                    | ActorKind::LocalAuthority
                    | ActorKind::LawEnforcement
            ) {
                [0x56, 0xb4, 0xe9, 235]
            } else {
                [0xb3, 0xb3, 0xb3, 235]
            };
            let status = match a.status {
                ActorStatus::Active => "",
                ActorStatus::Absent => " (not yet)",
                ActorStatus::Suspended => " SUSPENDED",
                ActorStatus::Withdrawn => " WITHDRAWN",
            };
            let name = short(&session.actor_name(&a.id), 22);
            let row = per[d].len() as f32;
            let text = format!("{} {name}{status} t{:.1}", actor_code(a.kind), a.trust);
            let line = super::layout::text_size("x", 15.0).y + 2.0;
            let at = anchor + Vec2::new(0.0, -HEX_SIZE * 0.6);
            per[d].push(Label {
                text,
                px: 15.0,
                spots: vec![Spot {
                    at,
                    dir: -Vec2::Y,
                    gap: row * line,
                }],
                fill: Some(fill),
            });
        }
    }
    for (d, members) in per.into_iter().enumerate() {
        let Some((_, anchor)) = anchors.get(d).copied().flatten() else {
            continue;
        };
        if members.is_empty() {
            continue;
        }
        let at = anchor + Vec2::new(0.0, -HEX_SIZE * 0.6);
        let summary = Label {
            text: format!("{} actors", members.len()),
            px: 15.0,
            spots: vec![
                Spot {
                    at,
                    dir: -Vec2::Y,
                    gap: 0.0,
                },
                Spot::centre(anchor),
            ],
            fill: Some([0xb3, 0xb3, 0xb3, 235]),
        };
        labels.push(Group {
            priority: priority::ACTOR,
            members,
            summary: Some(summary),
        });
    }
}

/// District names with their population and a status badge: the overlay's value, or (on the
/// terrain and infrastructure overlays) the mean need satisfaction in the force's picture, with
/// its age. The badge is coloured on the overlays' ramp.
fn districts(session: &Session, view: &View, scale: f32, labels: &mut Vec<Group>) {
    let Some(sim) = session.sim() else { return };
    let people = sim.districts();
    let values = view.overlay.district_values(sim, view.truth);
    let anchors = district_anchors(session);
    let picture = if view.truth {
        sim.true_picture()
    } else {
        sim.force_picture()
    };
    // Larger names when the map is zoomed in.
    let px = (22.0 * (2.0 / scale.max(0.5)).sqrt()).clamp(18.0, 30.0);
    for (d, spec) in session.scenario.map.districts.iter().enumerate() {
        let Some((at, _)) = anchors.get(d).copied().flatten() else {
            continue;
        };
        let name = if spec.name.is_empty() {
            spec.id.clone()
        } else {
            spec.name.clone()
        };
        let mut text = name.to_uppercase();
        if let Some(p) = people.get(d) {
            text.push_str(&format!("\n{} people", p.people));
        }
        let (badge, goodness) = match view.overlay {
            Overlay::Terrain | Overlay::Infrastructure => {
                match picture.get(d).and_then(|(_, p)| *p) {
                    Some(p) => {
                        let mean = p.needs.iter().sum::<f32>() / p.needs.len() as f32;
                        (
                            format!("needs met {:.0}% (turn {})", mean * 100.0, p.as_of),
                            Some(mean),
                        )
                    }
                    None => ("not assessed".to_string(), None),
                }
            }
            Overlay::Knowledge => match picture.get(d).and_then(|(_, p)| *p) {
                Some(p) => (format!("picture of turn {}", p.as_of), None),
                None => ("never assessed".to_string(), None),
            },
            o => match values.get(d).copied().flatten() {
                Some(v) => (
                    format!("{} {:.0}%", o.name(), v * 100.0),
                    Some(o.goodness(v)),
                ),
                None => ("not assessed".to_string(), None),
            },
        };
        let fill = goodness.map_or([0x5a, 0x5a, 0x60, 235], |g| {
            let c = ramp(g).to_srgba();
            [
                (c.red * 255.0) as u8,
                (c.green * 255.0) as u8,
                (c.blue * 255.0) as u8,
                240,
            ]
        });
        let head = super::layout::text_size(&text, px);
        let spots = |dy: f32| {
            vec![Spot {
                at,
                dir: Vec2::Y,
                gap: dy,
            }]
        };
        let title = Label {
            text: text.clone(),
            px,
            spots: spots(-head.y / 2.0),
            fill: None,
        };
        let badge = Label {
            text: badge,
            px: 16.0,
            spots: spots(head.y / 2.0 + 1.0),
            fill: Some(fill),
        };
        let summary = Label {
            text: name.to_uppercase(),
            px,
            spots: vec![Spot::centre(at)],
            fill: None,
        };
        labels.push(Group {
            priority: priority::DISTRICT,
            members: vec![title, badge],
            summary: Some(summary),
        });
    }
}
