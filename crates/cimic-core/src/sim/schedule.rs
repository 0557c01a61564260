//! The turn's phases: one named [`Phase`] per rule family, chained in the fixed order of
//! docs/rules.md §1, each holding the systems that carry out its rules. The order is part of the
//! rules: each phase sees everything the phases before it did in the same turn.

use super::{
    activities, actors, adversary, communities, displacement, events, infrastructure, knowledge,
    movement, objectives, population, requests, scoring, services, tasks, unrest,
};
use bevy::ecs::schedule::{
    LogLevel, Schedule, ScheduleBuildSettings, ScheduleLabel, SingleThreadedExecutor, SystemSet,
};
use bevy::prelude::IntoScheduleConfigs;

/// The schedule that plays one turn.
#[derive(ScheduleLabel, Debug, Clone, PartialEq, Eq, Hash)]
pub struct TurnSchedule;

/// The rule families of a turn, in the order they act (docs/rules.md §1, whose table numbers the
/// systems 1–18; the section each family's rules are in is given below).
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Accepted orders become the units' tasks (§3).
    Orders,
    /// Last turn's decision points are resolved, then events (injects) fire (§4).
    Events,
    /// Units walk their routes (§5).
    Movement,
    /// Adversary activity, then the force's engagements (§6).
    Security,
    /// Engineers repair sites, and unrepaired sites decay (§7).
    RepairAndDecay,
    /// Dependencies limit what sites deliver; bridges open and close (§8).
    Functioning,
    /// The force's activities: supplies paid, projects, hand-overs (§9).
    ForceActivities,
    /// Who serves people, in order: the sites (§10), the civilian actors (§11.1), the force (§10).
    ServiceDelivery,
    /// Needs satisfaction moves toward what was delivered (§12).
    Needs,
    /// Actors' trust, stance, acceptance and status; host-nation capacity (§11.2).
    ActorRelations,
    /// Communities (impartiality, key leader engagement, tension), then legitimacy, consent,
    /// grievance and deaths (§13).
    Population,
    /// The Epstein model of civil unrest, per district (§14).
    Unrest,
    /// People flee (§15).
    Displacement,
    /// The force's picture of the districts (§16).
    Knowledge,
    /// Objectives met or failed (§18).
    Objectives,
    /// Effectiveness, efficiency and civil harm, as ledger entries (§21).
    Scores,
}

/// The turn's phases chained in their fixed order. The executor is single-threaded and ambiguity
/// detection is an error: every pair of systems is ordered, so a system added without a place in
/// the chain fails the schedule's build instead of running in an arbitrary order.
pub fn turn_schedule() -> Schedule {
    let mut schedule = Schedule::new(TurnSchedule);
    schedule.set_executor(SingleThreadedExecutor::default());
    schedule.set_build_settings(ScheduleBuildSettings {
        ambiguity_detection: LogLevel::Error,
        ..Default::default()
    });
    schedule.configure_sets(
        (
            Phase::Orders,
            Phase::Events,
            Phase::Movement,
            Phase::Security,
            Phase::RepairAndDecay,
            Phase::Functioning,
            Phase::ForceActivities,
            Phase::ServiceDelivery,
            Phase::Needs,
            Phase::ActorRelations,
            Phase::Population,
            Phase::Unrest,
            Phase::Displacement,
            Phase::Knowledge,
            Phase::Objectives,
            Phase::Scores,
        )
            .chain(),
    );
    schedule.add_systems((
        tasks::apply_orders.in_set(Phase::Orders),
        events::fire_events.in_set(Phase::Events),
        movement::move_units.in_set(Phase::Movement),
        adversary::adversary_and_engagements.in_set(Phase::Security),
        infrastructure::repair_and_decay.in_set(Phase::RepairAndDecay),
        infrastructure::cascade_functioning.in_set(Phase::Functioning),
        activities::force_activities.in_set(Phase::ForceActivities),
        (
            services::deliver_services,
            actors::actors_deliver,
            services::force_services,
            requests::track_requests,
        )
            .chain()
            .in_set(Phase::ServiceDelivery),
        services::update_needs.in_set(Phase::Needs),
        actors::actor_relations.in_set(Phase::ActorRelations),
        (
            communities::communal_relations,
            population::update_population,
        )
            .chain()
            .in_set(Phase::Population),
        unrest::civil_unrest.in_set(Phase::Unrest),
        displacement::flee.in_set(Phase::Displacement),
        knowledge::update_knowledge.in_set(Phase::Knowledge),
        objectives::check_objectives.in_set(Phase::Objectives),
        scoring::score_turn.in_set(Phase::Scores),
    ));
    schedule
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::components::Clock;
    use bevy::prelude::{ResMut, World};

    fn tutorial_world() -> World {
        let scenario = crate::scenario::load_file(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../scenarios/tutorial.ron"
        )))
        .expect("the tutorial loads");
        let mut world = World::new();
        crate::sim::spawn::populate(&mut world, &scenario, 1);
        world
    }

    /// A system that writes the clock, which the phases read.
    fn stray(mut clock: ResMut<Clock>) {
        clock.turn += 0;
    }

    #[test]
    fn the_turn_schedule_builds_with_every_system_ordered() {
        let mut world = tutorial_world();
        assert!(turn_schedule().initialize(&mut world).is_ok());
    }

    #[test]
    fn a_system_without_a_place_in_the_chain_fails_the_build() {
        let mut world = tutorial_world();
        let mut schedule = turn_schedule();
        schedule.add_systems(stray);
        assert!(schedule.initialize(&mut world).is_err());
        let mut schedule = turn_schedule();
        schedule.add_systems(stray.after(Phase::Scores));
        assert!(schedule.initialize(&mut world).is_ok());
    }
}
