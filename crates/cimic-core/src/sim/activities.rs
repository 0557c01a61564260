//! Turn phase (order in `turn_schedule`): the force's activities this turn. Each unit with an activity task pays its supplies
//! and is entered, in unit id order, in [`ForceActivity`], which the later phases read (services,
//! actors, attitudes, knowledge). Community projects advance here, and hand-overs take effect.

use super::components::{
    Activity, Actor, ActorStatus, Attitudes, PopulationGroup, Position, PromiseState, Promises,
    Task, Transitions, TurnFrame, Unit,
};
use super::report::{LogKind, TurnLog};
use super::scoring::harm::{HarmKind, HarmRecord};
use super::scoring::ledger::{Cause, Origin};
use crate::map::DistrictIdx;
use crate::rules::{
    PROJECT_COPING_GAIN, PROJECT_TURNS, REQUISITION_CONSENT_LOSS, RESUPPLY_AMOUNT,
    activity_supply_cost, room_to_absorb,
};
use crate::scenario::format::Sector;
use bevy::ecs::system::SystemParam;
use bevy::prelude::{Query, ResMut, Resource};

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

/// What the activities phase reads and changes besides the units and the list of activities.
#[derive(SystemParam)]
pub struct ActivityWorld<'w, 's> {
    frame: TurnFrame<'w>,
    promises: ResMut<'w, Promises>,
    transitions: ResMut<'w, Transitions>,
    log: ResMut<'w, TurnLog>,
    harm: ResMut<'w, HarmRecord>,
    actors: Query<'w, 's, &'static mut Actor>,
    groups: Query<'w, 's, (&'static mut PopulationGroup, &'static mut Attitudes)>,
}

/// Pays for and records every activity; finishes one-turn activities.
pub fn force_activities(
    mut w: ActivityWorld,
    mut done: ResMut<ForceActivity>,
    mut units: Query<(&mut Unit, &Position, &mut Task)>,
) {
    done.0.clear();
    for i in 0..w.frame.roster.units.len() {
        let Ok((mut unit, pos, mut task)) = units.get_mut(w.frame.roster.units[i]) else {
            continue;
        };
        let Task::Activity { activity, order } = &mut *task else {
            continue;
        };
        let id = &w.frame.roster.unit_ids[i].clone();
        if let Some(why) = w.why_stop(&unit, pos, activity) {
            w.log.push(LogKind::Activity, id, format!("{id} {why}"));
            *task = Task::Hold;
            continue;
        }
        unit.supplies -= activity_supply_cost(activity);
        let mut finished = false;
        let mut entered = *activity;
        match *activity {
            Activity::CommunityProject {
                district,
                sector,
                complete_by,
                promise,
            } => {
                let Some(kept) = w.project_work(id, district, sector, complete_by, promise) else {
                    continue;
                };
                finished = kept;
            }
            Activity::Resupply { district, .. } => {
                // Entered with what was drawn and whether an authority arranged it.
                let drawn = RESUPPLY_AMOUNT.min(100.0 - unit.supplies).max(0.0);
                unit.supplies += drawn;
                let arranged = w.resupply(id, district, drawn);
                entered = Activity::Resupply {
                    district,
                    drawn,
                    arranged,
                };
            }
            Activity::Handover {
                actor,
                district,
                sector,
                people,
            } => {
                // The activity is entered with what was actually transferred.
                let moved = w.hand_over(id, actor, district, sector, people);
                entered = Activity::Handover {
                    actor,
                    district,
                    sector,
                    people: moved,
                };
            }
            _ => {}
        }
        done.0.push(Done {
            unit: i as u32,
            order: *order,
            activity: entered,
            strength: unit.strength / 100.0,
        });
        if finished || activity.one_turn() {
            *task = Task::Hold;
        }
    }
    w.break_promises();
}

impl ActivityWorld<'_, '_> {
    /// Why a unit's activity stops before it is done this turn, if it does: the unit left the
    /// district, the actor it works with left the operation, or its supplies ran out.
    fn why_stop(&self, unit: &Unit, pos: &Position, activity: &Activity) -> Option<String> {
        if let Some(d) = activity.district()
            && self.frame.map.0.district_at(pos.0) != Some(d)
        {
            let name = &self.frame.districts.ids[d as usize];
            return Some(format!("is no longer in {name}; activity stops"));
        }
        // Work with an actor ends when the actor has left the operation.
        if let Activity::Escort { actor, .. }
        | Activity::SupportAuthority { actor }
        | Activity::Liaise { actor } = *activity
            && let Some(&a) = self.frame.roster.actors.get(actor as usize)
            && self
                .actors
                .get(a)
                .is_ok_and(|a| a.status == ActorStatus::Withdrawn)
        {
            let name = &self.frame.roster.actor_ids[actor as usize];
            return Some(format!("stops: {name} has left the operation"));
        }
        (unit.supplies < activity_supply_cost(activity))
            .then(|| "has no supplies left and stops".to_string())
    }

    /// Host-nation support: whether a host-nation authority working in the district at
    /// coordination or closer arranges the draw (MC 411/2 §21: "in full consultation with the
    /// appropriate … authorities of the HN"). Without one, the force requisitions, and the
    /// district's people, who see it take their water, food and fuel, lose consent.
    fn resupply(&mut self, id: &str, district: DistrictIdx, drawn: f32) -> bool {
        let arranged = self.frame.roster.actors.iter().any(|&e| {
            self.actors.get(e).is_ok_and(|a| {
                crate::rules::arranges_host_nation_support(a.kind, a.status, a.stance)
                    && a.districts.contains(&district)
            })
        });
        let name = &self.frame.districts.ids[district as usize];
        if arranged {
            self.log.push(
                LogKind::Activity,
                id,
                format!("{id} draws {drawn:.0} supplies in {name}, arranged with the host nation's authorities"),
            );
        } else if drawn > 0.0 {
            for &e in &self.frame.roster.population {
                if let Ok((g, mut att)) = self.groups.get_mut(e)
                    && g.district == district
                {
                    att.consent = (att.consent - REQUISITION_CONSENT_LOSS).max(0.0);
                }
            }
            self.log.push(
                LogKind::Activity,
                id,
                format!("{id} requisitions {drawn:.0} supplies in {name} with no host-nation authority arranging it: consent falls"),
            );
        }
        arranged
    }

    /// A turn of work on a community project. Returns whether it finished the project (which
    /// keeps the promise and lifts the district's coping and consent), or `None` when the
    /// promise it works on is unknown (the turn is then not entered as an activity).
    fn project_work(
        &mut self,
        id: &str,
        district: DistrictIdx,
        sector: Sector,
        complete_by: u32,
        promise: u32,
    ) -> Option<bool> {
        let p = self.promises.0.get_mut(promise as usize)?;
        p.progress += 1;
        if p.progress < PROJECT_TURNS || p.state != PromiseState::Open {
            return Some(false);
        }
        p.state = PromiseState::Kept;
        // Each further project finished in the same district buys less: the first answers the
        // need people named, later ones are the force's presence, not their priority.
        let earlier = self.promises.kept_elsewhere_in(district, promise);
        let factor = 1.0 / (1.0 + earlier as f32);
        let name = &self.frame.districts.ids[district as usize];
        self.log.push(
            LogKind::Activity,
            id,
            format!(
                "{id} completes the {} project in {name} (promised by turn {complete_by})",
                sector.name()
            ),
        );
        for &g in &self.frame.roster.population {
            if let Ok((mut group, mut att)) = self.groups.get_mut(g)
                && group.district == district
            {
                let c = &mut group.coping[sector.index()];
                *c = (*c + PROJECT_COPING_GAIN * factor).min(1.0);
                att.consent = (att.consent + PROJECT_CONSENT_GAIN * factor).min(1.0);
            }
        }
        Some(true)
    }

    /// The actor takes over the service (docs/rules.md §9): its capacity grows by what the
    /// force's service delivered, up to what it can absorb (twice its starting capacity), once per
    /// district and sector. Returns the people's worth of service transferred (0: nothing was).
    fn hand_over(
        &mut self,
        id: &str,
        actor: u32,
        district: DistrictIdx,
        sector: Sector,
        people: f32,
    ) -> f32 {
        let name = self.frame.roster.actor_ids[actor as usize].clone();
        let Some(&a) = self.frame.roster.actors.get(actor as usize) else {
            return 0.0;
        };
        let Ok(mut a) = self.actors.get_mut(a) else {
            return 0.0;
        };
        let Some(handed) = self
            .transitions
            .handed
            .get_mut(district as usize)
            .map(|row| &mut row[sector.index()])
        else {
            return 0.0;
        };
        let dname = &self.frame.districts.ids[district as usize];
        if *handed {
            self.log.push(
                LogKind::Activity,
                id,
                format!(
                    "{id} stops its {} service in {dname}: it was handed over to civilians before, so {name} takes on nothing more",
                    sector.name()
                ),
            );
            return 0.0;
        }
        let room = room_to_absorb(a.capacity, a.base_capacity).max(0.0);
        let moved = people.min(room).max(0.0).floor();
        if moved <= 0.0 {
            self.log.push(
                LogKind::Activity,
                id,
                format!(
                    "{id} stops its {} service in {dname}, but {name} has no room to take it on: nobody runs it now",
                    sector.name()
                ),
            );
            return 0.0;
        }
        *handed = true;
        a.capacity += moved as u32;
        // A sector it holds only by hand-overs: remember where it took it over (§13.1).
        if !a.mandate.contains(&sector) || a.granted.iter().any(|g| g.1 == sector) {
            a.granted.push((district, sector));
        }
        if !a.mandate.contains(&sector) {
            a.mandate.push(sector);
            a.mandate.sort();
        }
        self.log.push(
            LogKind::Activity,
            id,
            format!(
                "{id} hands its {} service in {dname} ({moved:.0} people) over to {name}",
                sector.name()
            ),
        );
        moved
    }

    /// Promises not kept by their turn are broken, whatever became of the unit.
    fn break_promises(&mut self) {
        let turn = self.frame.clock.turn;
        for p in self.promises.0.iter_mut() {
            if p.state != PromiseState::Open || turn < p.complete_by {
                continue;
            }
            p.state = PromiseState::Broken;
            let name = &self.frame.districts.ids[p.district as usize];
            let unit = &self.frame.roster.unit_ids[p.unit as usize];
            let text = format!(
                "promise broken: the {} project {unit} promised {name} for turn {} is not finished",
                p.sector.name(),
                p.complete_by
            );
            self.harm.record(
                HarmKind::BrokenPromise,
                Origin::Force,
                Cause::Order(p.order),
                name,
                1.0,
                text.clone(),
            );
            self.log.push(LogKind::Activity, unit, text);
            for &g in &self.frame.roster.population {
                if let Ok((group, mut att)) = self.groups.get_mut(g)
                    && group.district == p.district
                {
                    att.consent = (att.consent - BROKEN_PROMISE_CONSENT_LOSS).max(0.0);
                }
            }
        }
    }
}
