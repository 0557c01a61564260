//! Turn phase (last in `turn_schedule`): the three scores — effectiveness, efficiency and civil
//! harm (docs/rules.md §21) — written as ledger entries, each with its cause.
//! Every score is the sum of its entries; [`ScoreState`] keeps the same numbers computed
//! directly, so that tests can hold the ledger to them.

pub mod doctrine;
pub mod effect;
pub mod effectiveness;
pub mod efficiency;
pub mod harm;
pub mod ledger;
pub mod summary;

use super::activities::ForceActivity;
use super::actors::ActorAccess;
use super::components::{
    Activity, Actor, ActorStatus, Clock, Districts, Roster, Transitions, Unit,
};
use super::report::Scores;
use crate::scenario::format::ScoringWeights;
use crate::scenario::format::Sector;
use bevy::prelude::{Resource, World};
use efficiency::{Memory, UnitEffort};
use harm::{HarmKind, HarmRecord};
use ledger::{Cause, Entry, Ledger, Metric, Origin};

/// Turns the force may run a civilian service itself before, without a hand-over, it counts as
/// dependency created.
pub const DEPENDENCY_GRACE_TURNS: u32 = 3;

/// The scenario's scoring weights.
#[derive(Resource, Debug, Clone)]
pub struct ScoringConfig(pub ScoringWeights);

/// What scoring remembers between turns, and the scores computed directly (not from the ledger).
#[derive(Resource, Debug, Default, Clone)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct ScoreState {
    /// Points of each effectiveness component last turn, in `effectiveness::components` order.
    pub components: Vec<f64>,
    /// Effectiveness now: the sum of the components.
    pub effectiveness: f64,
    /// Useful and spent effort so far, in unit-turns.
    pub useful: f64,
    pub spent: f64,
    /// Civil harm points so far, by origin.
    pub harm: [f64; 4],
    /// Each unit's supplies at the end of the last turn.
    pub supplies: Vec<f32>,
    /// Per district and sector, the turns in a row the force has delivered the service itself.
    pub streak: Vec<[u32; 7]>,
    /// Per district, the last turn the force killed civilians there.
    pub last_collateral: Vec<Option<u32>>,
    /// The state the last turn left, to judge this turn's acts by what they changed.
    pub before: effect::Before,
    /// Per unit, transit not yet judged (it counts as part of the task it leads to).
    pub transit: Vec<effect::Transit>,
}

impl ScoreState {
    /// Efficiency now: useful over spent effort (100 before any effort is spent).
    pub fn efficiency(&self) -> f64 {
        if self.spent > 0.0 {
            100.0 * self.useful / self.spent
        } else {
            100.0
        }
    }

    /// The three scores as computed directly.
    pub fn scores(&self) -> Scores {
        Scores {
            effectiveness: self.effectiveness,
            efficiency: self.efficiency(),
            civil_harm: self.harm.iter().sum(),
        }
    }
}

/// Scores the turn (turn 0: the starting situation) and appends its entries to the ledger.
pub fn score_turn(world: &mut World) {
    let turn = world.resource::<Clock>().turn;
    let weights = world.resource::<ScoringConfig>().0;
    let mut state = world.resource_mut::<ScoreState>().clone();
    let mut entries = Vec::new();

    // Effectiveness: each component's change.
    let components = effectiveness::components(world, &weights);
    for (i, c) in components.iter().enumerate() {
        let before = state.components.get(i).copied().unwrap_or(0.0);
        let delta = c.points - before;
        if delta == 0.0 {
            continue;
        }
        let cause = match c.term {
            effectiveness::Term::Objective => Cause::Objective(c.entity.clone()),
            effectiveness::Term::Needs => Cause::Rule("needs met"),
            effectiveness::Term::Security => Cause::Rule("security"),
            effectiveness::Term::Legitimacy => Cause::Rule("legitimacy and local ownership"),
            effectiveness::Term::Baseline => Cause::Rule("baseline requirements"),
            effectiveness::Term::Protection => Cause::Rule("protection of civilians"),
            effectiveness::Term::Lives => Cause::Rule("lives lost"),
        };
        let text = if turn == 0 {
            format!("starting situation: {} at {:.0}%", c.label, c.level * 100.0)
        } else if c.term == effectiveness::Term::Objective {
            format!("{} met", c.label)
        } else {
            format!(
                "{} {} to {:.0}%",
                c.label,
                if delta > 0.0 { "rises" } else { "falls" },
                c.level * 100.0
            )
        };
        entries.push(Entry {
            turn,
            metric: Metric::Effectiveness,
            amount: delta,
            cause,
            entity: c.entity.clone(),
            origin: None,
            check: None,
            text,
        });
    }
    state.components = components.iter().map(|c| c.points).collect();
    state.effectiveness = components.iter().map(|c| c.points).sum();

    // This turn's harm so far; the force's own killings matter to this turn's messaging.
    let mut harms = std::mem::take(&mut world.resource_mut::<HarmRecord>().0);
    let districts = world.resource::<Districts>().ids.clone();
    for h in &harms {
        if h.kind == HarmKind::Casualties
            && h.origin == Origin::Force
            && let Some(d) = districts.iter().position(|x| *x == h.entity)
            && let Some(slot) = state.last_collateral.get_mut(d)
        {
            *slot = Some(turn);
        }
    }

    // Efficiency: each judged share of each unit's turn moves the running ratio.
    if turn == 0 {
        entries.push(Entry {
            turn,
            metric: Metric::Efficiency,
            amount: 100.0,
            cause: Cause::Rule("baseline"),
            entity: String::new(),
            origin: None,
            check: None,
            text: "efficiency starts at 100: no effort spent, none wasted".into(),
        });
    } else {
        let parts = efficiency::judge(
            world,
            &Memory {
                supplies: &state.supplies,
                last_collateral: &state.last_collateral,
                before: &state.before,
                turn,
            },
            &mut state.transit,
        );
        let before = state.efficiency() / 100.0;
        let spent_now: f64 = parts.iter().map(|p| p.spent).sum();
        let spent_total = state.spent + spent_now;
        for p in &parts {
            // No effort spent yet (every unit in reserve): efficiency stays where it is.
            let amount = if spent_total > 0.0 {
                100.0 / spent_total * (p.useful - p.spent * before)
            } else {
                0.0
            };
            // A doctrine check is kept even when it moves nothing (useful work at 100).
            if amount == 0.0 && p.check.is_none() {
                continue;
            }
            entries.push(Entry {
                turn,
                metric: Metric::Efficiency,
                amount,
                cause: p.cause.clone(),
                entity: p.entity.clone(),
                origin: None,
                check: p.check,
                text: p.text.clone(),
            });
        }
        state.useful += parts.iter().map(|p| p.useful).sum::<f64>();
        state.spent = spent_total;
        dependency(world, &mut state);
    }

    // Civil harm.
    let own = f64::from(weights.own_harm_multiplier);
    harms.extend(std::mem::take(&mut world.resource_mut::<HarmRecord>().0));
    for h in &harms {
        state.harm[h.origin.index()] += harm::points(h, own, &weights.harm);
        entries.push(harm::entry(turn, h, own, &weights.harm));
    }

    state.before = effect::Before::read(world);
    let roster = world.resource::<Roster>();
    state.supplies = roster
        .units
        .iter()
        .map(|&e| world.get::<Unit>(e).map_or(0.0, |u| u.supplies))
        .collect();
    world.resource_mut::<UnitEffort>().0.clear();
    *world.resource_mut::<ScoreState>() = state;
    world.resource_mut::<Ledger>().entries.extend(entries);
}

/// Counts the turns the force runs each service itself, records dependency harm past the grace
/// period, and starts over only when the service is handed over to civilians; a pause lowers
/// the count by one a turn, so a service stopped and restarted soon after is the same dependency
/// (docs/rules.md §21.4).
fn dependency(world: &mut World, state: &mut ScoreState) {
    let districts = world.resource::<Districts>().ids.clone();
    let roster = world.resource::<Roster>();
    let activity = world.resource::<ForceActivity>();
    let n = districts.len();
    state.streak.resize(n, [0; 7]);
    // A civilian owner could still take the service over: the service was not handed over here
    // before (a transition happens once) and an active actor that could receive it when this
    // turn's orders were given — with the capacity the last turn left it, so that support given
    // this turn makes no owner the force could not yet have handed to (rules version 8) — reaches
    // the district with room to absorb it (docs/rules.md §9).
    let before_capacity = state.before.capacity.clone();
    let owner_exists = |world: &World, d: usize, sector: Sector| {
        let access = world.resource::<ActorAccess>();
        let roster = world.resource::<Roster>();
        let handed_before = world
            .resource::<Transitions>()
            .handed
            .get(d)
            .is_some_and(|row| row[sector.index()]);
        !handed_before
            && roster.actors.iter().enumerate().any(|(ai, &e)| {
                world.get::<Actor>(e).is_some_and(|a| {
                    let capacity = before_capacity.get(ai).copied().unwrap_or(a.capacity);
                    a.status == ActorStatus::Active
                        && crate::rules::room_to_absorb(capacity, a.base_capacity) > 0.0
                        && crate::rules::can_receive(
                            a.kind,
                            &a.mandate,
                            capacity,
                            a.base_capacity,
                            sector,
                        )
                        && access.works(ai, d)
                })
            })
    };
    let mut running: Vec<[Option<(u32, String)>; 7]> = vec![Default::default(); n];
    let mut handed = vec![[false; 7]; n];
    for done in activity.iter() {
        let unit = roster.unit_ids[done.unit as usize].clone();
        match done.activity {
            Activity::Aid { district, sector } => {
                running[district as usize][sector.index()].get_or_insert((done.order, unit));
            }
            Activity::Medical { district } => {
                running[district as usize][crate::scenario::format::Sector::Health.index()]
                    .get_or_insert((done.order, unit));
            }
            // Only a hand-over that transferred the service ends the dependency.
            Activity::Handover {
                district,
                sector,
                people,
                ..
            } if people > 0.0 => handed[district as usize][sector.index()] = true,
            _ => {}
        }
    }
    let mut harms = Vec::new();
    for d in 0..n {
        for (s, sector) in crate::scenario::format::Sector::ALL.iter().enumerate() {
            match &running[d][s] {
                Some((order, unit)) if !handed[d][s] => {
                    state.streak[d][s] += 1;
                    let k = state.streak[d][s];
                    // Running a service nobody could take over is a last resort, not dependency.
                    if k > DEPENDENCY_GRACE_TURNS && owner_exists(world, d, *sector) {
                        harms.push((
                            *order,
                            districts[d].clone(),
                            format!(
                                "dependency: {unit} has run {} in {} for {k} turns with no hand-over to civilian ownership",
                                sector.name(),
                                districts[d]
                            ),
                        ));
                    }
                }
                _ if handed[d][s] => state.streak[d][s] = 0,
                _ => state.streak[d][s] = state.streak[d][s].saturating_sub(1),
            }
        }
    }
    let mut record = world.resource_mut::<HarmRecord>();
    for (order, entity, text) in harms {
        record.record(
            HarmKind::Dependency,
            Origin::Force,
            Cause::Order(order),
            &entity,
            1.0,
            text,
        );
    }
}
