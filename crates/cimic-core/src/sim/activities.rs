//! Turn phase (order in `turn_schedule`): the force's activities this turn. Each unit with an activity task pays its supplies
//! and is entered, in unit id order, in [`ForceActivity`], which the later phases read (services,
//! actors, attitudes, knowledge). Community projects advance here, and hand-overs take effect.

use super::components::{
    Activity, Actor, ActorStatus, Attitudes, Clock, Districts, Map, PopulationGroup, Position,
    PromiseState, Promises, Roster, Task, Unit,
};
use super::report::{LogKind, TurnLog};
use super::scoring::harm::{HarmKind, HarmRecord};
use super::scoring::ledger::{Cause, Origin};
use crate::rules::{PROJECT_COPING_GAIN, PROJECT_TURNS, activity_supply_cost};
use bevy::prelude::{Query, Res, ResMut, Resource};

/// One unit's activity this turn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Done {
    /// Unit roster index.
    pub unit: u32,
    /// The order that set the activity (the ledger names it).
    pub order: u32,
    pub activity: Activity,
    /// Unit strength 0–1 (scales what the activity achieves).
    pub strength: f32,
}

/// The force's activities this turn, in unit id order.
#[derive(Resource, Debug, Default, Clone)]
pub struct ForceActivity(pub Vec<Done>);

impl ForceActivity {
    /// Activities matching a predicate.
    pub fn iter(&self) -> impl Iterator<Item = &Done> {
        self.0.iter()
    }
}

/// Consent gained when a promised project is finished, and lost when the promise is broken.
pub const PROJECT_CONSENT_GAIN: f32 = 0.05;
pub const BROKEN_PROMISE_CONSENT_LOSS: f32 = 0.1;

/// Pays for and records every activity; finishes one-turn activities.
#[allow(clippy::too_many_arguments)]
pub fn force_activities(
    clock: Res<Clock>,
    roster: Res<Roster>,
    map: Res<Map>,
    districts: Res<Districts>,
    mut done: ResMut<ForceActivity>,
    mut promises: ResMut<Promises>,
    mut log: ResMut<TurnLog>,
    mut harm: ResMut<HarmRecord>,
    mut units: Query<(&mut Unit, &Position, &mut Task)>,
    mut actors: Query<&mut Actor>,
    mut groups: Query<(&mut PopulationGroup, &mut Attitudes)>,
) {
    done.0.clear();
    for (i, &e) in roster.units.iter().enumerate() {
        let Ok((mut unit, pos, mut task)) = units.get_mut(e) else {
            continue;
        };
        let Task::Activity { activity, order } = &mut *task else {
            continue;
        };
        let id = &roster.unit_ids[i];
        if let Some(d) = activity.district()
            && map.0.district_at(pos.0) != Some(d)
        {
            log.push(
                LogKind::Activity,
                id,
                format!(
                    "{id} is no longer in {}; activity stops",
                    districts.ids[d as usize]
                ),
            );
            *task = Task::Hold;
            continue;
        }
        // Work with an actor ends when the actor has left the operation.
        if let Activity::Escort { actor, .. }
        | Activity::SupportAuthority { actor }
        | Activity::Liaise { actor } = *activity
            && let Some(&a) = roster.actors.get(actor as usize)
            && actors
                .get(a)
                .is_ok_and(|a| a.status == ActorStatus::Withdrawn)
        {
            log.push(
                LogKind::Activity,
                id,
                format!(
                    "{id} stops: {} has left the operation",
                    roster.actor_ids[actor as usize]
                ),
            );
            *task = Task::Hold;
            continue;
        }
        let cost = activity_supply_cost(activity);
        if unit.supplies < cost {
            log.push(
                LogKind::Activity,
                id,
                format!("{id} has no supplies left and stops"),
            );
            *task = Task::Hold;
            continue;
        }
        unit.supplies -= cost;
        let mut finished = false;
        match activity {
            Activity::CommunityProject {
                district,
                sector,
                complete_by,
                promise,
            } => {
                let Some(p) = promises.0.get_mut(*promise as usize) else {
                    continue;
                };
                p.progress += 1;
                if p.progress >= PROJECT_TURNS && p.state == PromiseState::Open {
                    p.state = PromiseState::Kept;
                    finished = true;
                    let name = &districts.ids[*district as usize];
                    log.push(
                        LogKind::Activity,
                        id,
                        format!(
                            "{id} completes the {} project in {name} (promised by turn {complete_by})",
                            sector.name()
                        ),
                    );
                    for &g in &roster.population {
                        if let Ok((mut group, mut att)) = groups.get_mut(g)
                            && group.district == *district
                        {
                            let c = &mut group.coping[sector.index()];
                            *c = (*c + PROJECT_COPING_GAIN).min(1.0);
                            att.consent = (att.consent + PROJECT_CONSENT_GAIN).min(1.0);
                        }
                    }
                }
            }
            Activity::Handover {
                actor,
                sector,
                people,
                ..
            } => {
                if let Some(&a) = roster.actors.get(*actor as usize)
                    && let Ok(mut a) = actors.get_mut(a)
                {
                    let added = *people as u32;
                    a.capacity += added;
                    a.base_capacity += added;
                    if !a.mandate.contains(sector) {
                        a.mandate.push(*sector);
                        a.mandate.sort();
                    }
                    log.push(
                        LogKind::Activity,
                        id,
                        format!(
                            "{id} hands its {} service ({added} people) over to {}",
                            sector.name(),
                            roster.actor_ids[*actor as usize]
                        ),
                    );
                }
            }
            _ => {}
        }
        done.0.push(Done {
            unit: i as u32,
            order: *order,
            activity: *activity,
            strength: unit.strength / 100.0,
        });
        if finished || activity.one_turn() {
            *task = Task::Hold;
        }
    }
    // Promises not kept by their turn are broken, whatever became of the unit.
    for p in promises.0.iter_mut() {
        if p.state == PromiseState::Open && clock.turn >= p.complete_by {
            p.state = PromiseState::Broken;
            let name = &districts.ids[p.district as usize];
            let unit = &roster.unit_ids[p.unit as usize];
            let text = format!(
                "promise broken: the {} project {unit} promised {name} for turn {} is not finished",
                p.sector.name(),
                p.complete_by
            );
            harm.record(
                HarmKind::BrokenPromise,
                Origin::Force,
                Cause::Order(p.order),
                name,
                1.0,
                text.clone(),
            );
            log.push(LogKind::Activity, unit, text);
            for &g in &roster.population {
                if let Ok((group, mut att)) = groups.get_mut(g)
                    && group.district == p.district
                {
                    att.consent = (att.consent - BROKEN_PROMISE_CONSENT_LOSS).max(0.0);
                }
            }
        }
    }
}
