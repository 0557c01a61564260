//! The simulation: a Bevy `World` holding the game state and a turn schedule of explicitly
//! chained phases (see [`schedule`]), behind a small API that the CLI, tests and (later) the GUI share.
//! Nothing outside this module changes game state: callers submit orders and call `advance`.

pub mod activities;
pub mod actors;
pub mod adversary;
pub mod communities;
pub mod compiled_effect;
pub mod components;
pub mod conditions;
pub mod decisions;
pub mod displacement;
pub mod effects;
pub mod events;
pub mod facilitator;
pub mod hash;
pub mod infrastructure;
pub mod knowledge;
pub mod movement;
pub mod objectives;
pub mod population;
pub mod reach;
pub mod report;
pub mod requests;
pub mod rng;
pub mod schedule;
pub mod scoring;
pub mod services;
pub mod spawn;
pub mod task_view;
pub mod tasks;
pub mod unrest;
pub mod views;

pub use schedule::{Phase, TurnSchedule, turn_schedule};
pub use task_view::TaskView;
pub use views::*;

use crate::orders::{Order, Rejection};
use crate::scenario::{Problem, Scenario};
use bevy::ecs::schedule::Schedule;
use bevy::ecs::system::RunSystemOnce;
use bevy::prelude::World;
use components::*;
use report::{TurnLog, TurnReport};
use serde::Serialize;

/// A game in progress.
pub struct Simulation {
    world: World,
    schedule: Schedule,
    scenario_id: String,
}

impl Simulation {
    /// The objectives whose condition already holds now, by id (deadline aside). On a new game
    /// it lists the objectives met before the force does anything, which `cimic validate` warns
    /// about: they measure nothing the trainees did.
    pub fn objectives_holding(&mut self) -> Vec<String> {
        self.world
            .run_system_once(objectives::holding)
            .unwrap_or_default()
    }

    /// Starts a game of a scenario with a seed. The scenario is validated first, so a value built
    /// in code gets the same checks as a file; problems come back without file locations.
    pub fn new(scenario: &Scenario, seed: u64) -> Result<Simulation, Vec<Problem>> {
        let problems = crate::scenario::validate::validate(scenario);
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut world = World::new();
        spawn::populate(&mut world, scenario, seed);
        // Turn 0 already obeys the dependency rule: a site whose power is out starts not working.
        world
            .run_system_once(infrastructure::cascade_functioning)
            .map_err(|e| {
                vec![Problem::at(
                    "",
                    format!("internal: initial functioning: {e}"),
                )]
            })?;
        world.resource_mut::<TurnLog>().0.clear();
        let briefing = views::picture_of_groups(&world, 0);
        world.insert_resource(knowledge::Briefing(briefing));
        // Turn 0's ledger: the starting situation every later change is measured from.
        world
            .run_system_once(scoring::score_turn)
            .map_err(|e| vec![Problem::at("", format!("internal: initial scores: {e}"))])?;
        let mut schedule = turn_schedule();
        // Chained systems have no ambiguities; this turns any future slip into a hard error.
        schedule
            .initialize(&mut world)
            .map_err(|e| vec![Problem::at("", format!("internal: turn schedule: {e}"))])?;
        Ok(Simulation {
            world,
            schedule,
            scenario_id: scenario.meta.id.clone(),
        })
    }

    /// The scenario's id.
    pub fn scenario_id(&self) -> &str {
        &self.scenario_id
    }

    /// The last completed turn (0 before the first `advance`).
    pub fn turn(&self) -> u32 {
        self.world.resource::<Clock>().turn
    }

    /// Turns the scenario lasts.
    pub fn turns(&self) -> u32 {
        self.world.resource::<Clock>().turns
    }

    /// Whether every turn has been played.
    pub fn finished(&self) -> bool {
        self.turn() >= self.turns()
    }

    /// Accepts an order for the coming turn, or says why not (and changes nothing). A second
    /// accepted order for the same unit replaces the first. Returns the order's id.
    pub fn submit(&mut self, order: Order) -> Result<u32, Rejection> {
        let mut task = match crate::orders::check(&self.world, &order) {
            Ok(task) => task,
            Err(reason) => return Err(Rejection { order, reason }),
        };
        let mut pending = self.world.resource_mut::<PendingOrders>();
        pending.next_id += 1;
        let id = pending.next_id;
        task.set_order(id);
        pending
            .by_unit
            .insert(order.unit().to_string(), PendingOrder { id, order, task });
        Ok(id)
    }

    /// Accepts a facilitator action for the coming turn, or says why not (and changes nothing).
    pub fn facilitate(
        &mut self,
        action: facilitator::FacilitatorAction,
    ) -> Result<(), facilitator::ActionError> {
        facilitator::check(&self.world, &action)?;
        self.world
            .resource_mut::<facilitator::FacilitatorQueue>()
            .0
            .push(action);
        Ok(())
    }

    /// Facilitator actions accepted for the coming turn, in the order given.
    pub fn pending_actions(&self) -> Vec<facilitator::FacilitatorAction> {
        self.world
            .resource::<facilitator::FacilitatorQueue>()
            .0
            .clone()
    }

    /// Notes and bookmarks so far, with the turn each was made after.
    pub fn annotations(&self) -> Vec<(u32, facilitator::FacilitatorAction)> {
        self.world.resource::<facilitator::Annotations>().0.clone()
    }

    /// Decision points open now: the players choose with [`Simulation::decide`] before the next
    /// `advance`, or the default is taken.
    pub fn open_decisions(&self) -> Vec<DecisionView> {
        let state = self.world.resource::<decisions::DecisionState>();
        state
            .open
            .iter()
            .map(|&d| {
                let dec = &state.decisions[d as usize];
                DecisionView {
                    id: dec.id.clone(),
                    title: dec.title.clone(),
                    briefing: dec.briefing.clone(),
                    options: dec
                        .options
                        .iter()
                        .map(|o| (o.0.clone(), o.1.clone()))
                        .collect(),
                    default: dec.options[dec.default].0.clone(),
                    chosen: state
                        .chosen
                        .iter()
                        .find(|(x, _)| *x == d)
                        .map(|(_, o)| dec.options[*o].0.clone()),
                }
            })
            .collect()
    }

    /// Chooses an option of an open decision point; it takes effect at the start of next turn.
    pub fn decide(&mut self, decision: &str, option: &str) -> Result<(), decisions::ChoiceError> {
        self.world
            .resource_mut::<decisions::DecisionState>()
            .choose(decision, option)
    }

    /// Every decision resolved so far, in order.
    pub fn decision_history(&self) -> Vec<decisions::Resolution> {
        self.world
            .resource::<decisions::DecisionState>()
            .history
            .clone()
    }

    /// Orders accepted for the coming turn, in unit id order.
    pub fn pending_orders(&self) -> Vec<(u32, Order)> {
        self.world
            .resource::<PendingOrders>()
            .by_unit
            .values()
            .map(|p| (p.id, p.order.clone()))
            .collect()
    }

    /// Plays one turn: every phase in order, then the state hash. After the last turn it does
    /// nothing and reports the final state again.
    pub fn advance(&mut self) -> TurnReport {
        if !self.finished() {
            self.world.resource_mut::<Clock>().turn += 1;
            self.world.resource_mut::<TurnLog>().0.clear();
            facilitator::apply_actions(&mut self.world);
            self.schedule.run(&mut self.world);
        }
        TurnReport {
            turn: self.turn(),
            log: self.world.resource::<TurnLog>().0.clone(),
            objectives: self.objectives(),
            scores: self.scores(),
            ledger: self.ledger().of_turn(self.turn()).cloned().collect(),
            state_hash: self.state_hash(),
        }
    }

    /// Every objective's progress, in scenario order.
    pub fn objectives(&self) -> Vec<report::ObjectiveStatus> {
        self.world
            .resource::<objectives::Objectives>()
            .0
            .iter()
            .map(|o| o.status())
            .collect()
    }

    /// Hash of the whole state (16 hex digits).
    pub fn state_hash(&self) -> String {
        hash::state_hash(&self.world)
    }

    /// Read-only access to the world, for views and tests.
    pub fn world(&self) -> &World {
        &self.world
    }
}

/// An open decision point as the players see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionView {
    pub id: String,
    pub title: String,
    pub briefing: String,
    /// (id, label) of each option.
    pub options: Vec<(String, String)>,
    pub default: String,
    pub chosen: Option<String>,
}
