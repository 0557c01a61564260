//! Efficiency (MC 411/2 §33): the share of the force's effort that produced an effect. Every
//! force unit's turn is effort — one unit-turn plus the supplies it burned — whether it acted or
//! idled; each is judged for how much of it did something useful: aid that met a need nobody
//! else met, an escort that opened access, a meeting with somebody to meet. Aid that duplicated
//! civilian delivery, escorts that were not needed and idle turns produce nothing. Coordination is
//! credited where it made a civilian actor steer its delivery away from what the force covered.

use super::super::activities::ForceActivity;
use super::super::actors::ActorAccess;
use super::super::components::{
    Activity, Actor, ActorStatus, Delivered, Districts, Infrastructure, PopulationGroup, Position,
    Roster, Unit,
};
use super::doctrine::{Check, Principle};
use super::ledger::Cause;
use crate::map::{DistrictIdx, distance};
use crate::rules::LAST_RESORT_DUPLICATED_SHARE;
use crate::rules::SABOTAGE_RANGE;
use crate::scenario::format::{Sector, SideRole};
use bevy::prelude::{Resource, World};

/// Supplies (percent of a load) that count as much effort as one unit-turn.
pub const SUPPLIES_PER_UNIT_TURN: f32 = 10.0;
/// Share of a turn of movement that counts as useful: the move is the means to an effect.
pub const TRANSIT_VALUE: f64 = 0.5;
/// Turns after the force killed civilians in a district during which an information campaign
/// there contradicts what people saw.
pub const MESSAGING_MEMORY: u32 = 3;

/// What a unit spent its turn on, besides the activities in [`ForceActivity`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Effort {
    #[default]
    Idle,
    Moved {
        order: u32,
    },
    Repaired {
        order: u32,
        site: u32,
    },
}

/// Each unit's effort this turn, by unit roster index; written by movement and repair, read and
/// cleared by the scoring phase.
#[derive(Resource, Debug, Default, Clone)]
pub struct UnitEffort(pub Vec<Effort>);

impl UnitEffort {
    /// Notes what a unit did.
    pub fn set(&mut self, unit: usize, effort: Effort) {
        if self.0.len() <= unit {
            self.0.resize(unit + 1, Effort::Idle);
        }
        self.0[unit] = effort;
    }
}

/// One judged share of a unit's turn.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub cause: Cause,
    pub entity: String,
    /// Useful effort (unit-turns).
    pub useful: f64,
    /// Effort spent (unit-turns).
    pub spent: f64,
    pub check: Option<super::doctrine::Check>,
    pub text: String,
}

/// Everything the judgement reads besides the world.
pub struct Memory<'a> {
    /// Supplies of each unit at the end of the previous turn.
    pub supplies: &'a [f32],
    /// Per district, the last turn the force killed civilians there.
    pub last_collateral: &'a [Option<u32>],
    pub turn: u32,
}

/// Judges every force unit's turn, in unit id order.
pub fn judge(world: &World, memory: &Memory) -> Vec<Part> {
    let roster = world.resource::<Roster>();
    let districts = world.resource::<Districts>();
    let delivered = world.resource::<Delivered>();
    let activity = world.resource::<ForceActivity>();
    let effort = world.resource::<UnitEffort>();
    let n = districts.ids.len();
    let mut people = vec![0.0f32; n];
    for &e in &roster.population {
        if let Some(g) = world.get::<PopulationGroup>(e)
            && let Some(p) = people.get_mut(g.district as usize)
        {
            *p += g.size as f32;
        }
    }
    // Need left for the force in each district and sector after everybody else delivered, and
    // delivery civilian actors steered away after coordinating; both used up in unit order.
    let mut need_left: Vec<[f32; 7]> = (0..n)
        .map(|d| {
            let mut row = [0.0f32; 7];
            for (s, slot) in row.iter_mut().enumerate() {
                let others = delivered.total[d][s] - delivered.force[d][s];
                *slot = (people[d] - others).max(0.0);
            }
            row
        })
        .collect();
    let mut steered = delivered.deconflicted.clone();
    let adversaries: Vec<(i32, i32)> = roster
        .units
        .iter()
        .filter_map(|&e| {
            let u = world.get::<Unit>(e)?;
            (u.role == SideRole::Adversary && u.strength > 0.0)
                .then(|| world.get::<Position>(e).map(|p| p.0))?
        })
        .collect();
    let mut parts = Vec::new();
    for (i, &e) in roster.units.iter().enumerate() {
        let Some(unit) = world.get::<Unit>(e) else {
            continue;
        };
        let done = activity.iter().find(|d| d.unit as usize == i);
        let effort = effort.0.get(i).copied().unwrap_or_default();
        if unit.role != SideRole::Force
            || (unit.strength <= 0.0 && done.is_none() && effort == Effort::Idle)
        {
            continue;
        }
        let id = roster.unit_ids[i].clone();
        let burned =
            (memory.supplies.get(i).copied().unwrap_or(unit.supplies) - unit.supplies).max(0.0);
        let spent = 1.0 + f64::from(burned / SUPPLIES_PER_UNIT_TURN);
        let part = |cause: Cause, value: f64, check: Option<Check>, text: String| Part {
            cause,
            entity: id.clone(),
            useful: spent * value,
            spent,
            check,
            text,
        };
        let Some(done) = done else {
            parts.push(match effort {
                Effort::Idle => part(
                    Cause::Rule("idle"),
                    0.0,
                    None,
                    format!("{id} stood idle: a unit-turn spent for no effect"),
                ),
                Effort::Moved { order } => part(
                    Cause::Order(order),
                    TRANSIT_VALUE,
                    None,
                    format!("{id} was on the move (transit counts half)"),
                ),
                Effort::Repaired { order, site } => part(
                    Cause::Order(order),
                    1.0,
                    None,
                    format!("{id} repaired {}", roster.infra_ids[site as usize]),
                ),
            });
            continue;
        };
        let cause = Cause::Order(done.order);
        let dname = |d: DistrictIdx| districts.ids[d as usize].clone();
        let aname = |a: u32| roster.actor_ids[a as usize].clone();
        // Aid, medical support and patrols: the force delivering a service itself.
        if let Some((district, sector, output)) = crate::sim::services::force_output(done) {
            service(
                world,
                &mut parts,
                Service {
                    unit: &id,
                    cause,
                    district,
                    sector,
                    output,
                    spent,
                    // The last-resort test is for humanitarian work, not patrols.
                    last_resort: sector != Sector::Security,
                },
                &mut need_left,
                &mut steered,
            );
            continue;
        }
        match done.activity {
            Activity::Aid { .. } | Activity::Medical { .. } | Activity::Patrol { .. } => {}
            Activity::Escort { actor, district } => {
                let access = world.resource::<ActorAccess>();
                // As the actor judges it (docs/rules.md §11): needed when it had no access alone.
                let needed = access
                    .0
                    .get(actor as usize)
                    .is_some_and(|v| v.iter().any(|a| a.district == district && !a.unescorted));
                let (a, d) = (aname(actor), dname(district));
                parts.push(if needed {
                    part(
                        cause,
                        1.0,
                        Check::upheld(Principle::LastResort),
                        format!(
                            "{id}'s escort opened access to {d} for {a}, which had none without it"
                        ),
                    )
                } else {
                    part(
                        cause,
                        0.0,
                        Check::breached(Principle::LastResort),
                        format!(
                            "{id}'s escort of {a} in {d} was not needed: {a} had access without it"
                        ),
                    )
                });
            }
            Activity::Secure { site } => {
                let sid = roster.infra_ids[site as usize].clone();
                let hex = world
                    .get::<Infrastructure>(roster.infrastructure[site as usize])
                    .map(|s| s.hex);
                let threatened = hex.is_some_and(|h| {
                    adversaries
                        .iter()
                        .any(|&p| distance(p, h) <= SABOTAGE_RANGE)
                });
                parts.push(if threatened {
                    part(
                        cause,
                        1.0,
                        None,
                        format!("{id} guards {sid} against an adversary within reach"),
                    )
                } else {
                    part(
                        cause,
                        0.0,
                        None,
                        format!("{id} guards {sid}, which no adversary threatens"),
                    )
                });
            }
            Activity::Engage { target } => parts.push(part(
                cause,
                1.0,
                None,
                format!("{id} engages {}", roster.unit_ids[target as usize]),
            )),
            Activity::Liaise { actor } => parts.push(part(
                cause,
                1.0,
                Check::upheld(Principle::Engagement),
                format!("{id} liaises with {}", aname(actor)),
            )),
            Activity::Meeting { district } => {
                let present = roster.actors.iter().any(|&a| {
                    world.get::<Actor>(a).is_some_and(|a| {
                        a.status == ActorStatus::Active && a.districts.contains(&district)
                    })
                });
                let d = dname(district);
                parts.push(if present {
                    part(
                        cause,
                        1.0,
                        Check::upheld(Principle::Cooperation),
                        format!("{id} hosts a coordination meeting in {d}"),
                    )
                } else {
                    part(
                        cause,
                        0.0,
                        None,
                        format!("{id}'s coordination meeting in {d} had nobody to coordinate with"),
                    )
                });
            }
            Activity::Assess { district } => parts.push(part(
                cause,
                1.0,
                Check::upheld(Principle::Assessment),
                format!("{id} assesses {}", dname(district)),
            )),
            Activity::SupportAuthority { actor } => parts.push(part(
                cause,
                1.0,
                Check::upheld(Principle::LocalOwnership),
                format!("{id} supports {}", aname(actor)),
            )),
            Activity::InfoCampaign { district } => {
                let d = dname(district);
                let recent = memory
                    .last_collateral
                    .get(district as usize)
                    .copied()
                    .flatten()
                    .is_some_and(|t| memory.turn <= t + MESSAGING_MEMORY);
                parts.push(if recent {
                    part(
                        cause,
                        0.0,
                        Check::breached(Principle::ConsistentMessaging),
                        format!("{id}'s information campaign in {d} is undercut: the force killed civilians there within {MESSAGING_MEMORY} turns"),
                    )
                } else {
                    part(
                        cause,
                        1.0,
                        None,
                        format!("{id} runs an information campaign in {d}"),
                    )
                });
            }
            Activity::CommunityProject {
                district, sector, ..
            } => parts.push(part(
                cause,
                1.0,
                None,
                format!(
                    "{id} works on the {} project in {}",
                    sector.name(),
                    dname(district)
                ),
            )),
            Activity::Handover { actor, sector, .. } => parts.push(part(
                cause,
                1.0,
                Check::upheld(Principle::Transition),
                format!(
                    "{id} hands its {} service over to {}",
                    sector.name(),
                    aname(actor)
                ),
            )),
        }
    }
    parts
}

/// A unit delivering a service itself.
struct Service<'a> {
    unit: &'a str,
    cause: Cause,
    district: DistrictIdx,
    sector: Sector,
    output: f32,
    spent: f64,
    /// Whether the last-resort test applies (humanitarian work: aid and medical support).
    last_resort: bool,
}

/// Splits a unit's service into what met a need nobody else met (part of it thanks to
/// coordination), what duplicated civilian delivery and what exceeded the need.
fn service(
    world: &World,
    parts: &mut Vec<Part>,
    s: Service,
    need_left: &mut [[f32; 7]],
    steered: &mut [[f32; 7]],
) {
    let roster = world.resource::<Roster>();
    let districts = world.resource::<Districts>();
    let delivered = world.resource::<Delivered>();
    let access = world.resource::<ActorAccess>();
    let (d, k) = (s.district as usize, s.sector.index());
    let dname = &districts.ids[d];
    let sname = s.sector.name();
    if s.output <= 0.0 || d >= need_left.len() {
        return;
    }
    // A civilian actor with this sector in its mandate working in the district with access.
    let alternative = roster.actors.iter().enumerate().find_map(|(ai, &a)| {
        let actor = world.get::<Actor>(a)?;
        let reach = access.0.get(ai)?;
        (actor.status == ActorStatus::Active
            && actor.mandate.contains(&s.sector)
            && reach.iter().any(|r| r.district == s.district && r.access))
        .then(|| roster.actor_ids[ai].clone())
    });
    let useful = s.output.min(need_left[d][k]);
    need_left[d][k] -= useful;
    let wasted = s.output - useful;
    let credited = useful.min(steered[d][k]);
    steered[d][k] -= credited;
    let share = |x: f32| s.spent * f64::from(x / s.output);
    // Not a last resort when a civilian actor could reach the people and, between them,
    // civilians already met most of the need the force's service went to.
    let breached = alternative.is_some() && wasted >= LAST_RESORT_DUPLICATED_SHARE * s.output;
    let check = if !s.last_resort {
        None
    } else if breached {
        Check::breached(Principle::LastResort)
    } else {
        Check::upheld(Principle::LastResort)
    };
    let unit = s.unit;
    if useful - credited > 0.0 {
        let why = match (&alternative, s.last_resort) {
            (Some(a), true) if breached => format!(" — but {a} could have (not a last resort)"),
            (Some(a), true) => {
                format!(" — {a} works here but could not meet it all (a last resort)")
            }
            (None, true) => " — no civilian actor could (a last resort)".to_string(),
            _ => String::new(),
        };
        parts.push(Part {
            cause: s.cause.clone(),
            entity: unit.to_string(),
            useful: share(useful - credited),
            spent: share(useful - credited),
            check,
            text: format!(
                "{unit}'s {sname} in {dname} met the need of {:.0} people nobody else served{why}",
                useful - credited
            ),
        });
    }
    if credited > 0.0 {
        parts.push(Part {
            cause: s.cause.clone(),
            entity: unit.to_string(),
            useful: share(credited),
            spent: share(credited),
            check: Check::upheld(Principle::Cooperation),
            text: format!(
                "coordination: civilian actors steered {credited:.0} people's worth of {sname} in {dname} elsewhere, so {unit}'s did not duplicate it"
            ),
        });
    }
    if wasted > 0.0 {
        let civilian = delivered.total[d][k] - delivered.force[d][k] - delivered.sites[d][k];
        let text = if civilian > 0.0 {
            format!(
                "{unit}'s {sname} in {dname} duplicated civilian delivery: {wasted:.0} people's worth served nobody new"
            )
        } else {
            format!(
                "{unit}'s {sname} in {dname} exceeded the need: {wasted:.0} people's worth served nobody new"
            )
        };
        parts.push(Part {
            cause: s.cause,
            entity: unit.to_string(),
            useful: 0.0,
            spent: share(wasted),
            // Served nobody new where a civilian could reach: the last-resort test failed (when
            // the service claimed to be one) or, for other services, plain duplication.
            check: if s.last_resort && breached {
                Check::breached(Principle::LastResort)
            } else if civilian > 0.0 {
                Check::breached(Principle::NoDuplication)
            } else {
                None
            },
            text,
        });
    }
}
