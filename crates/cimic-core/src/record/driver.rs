//! Where a game's decisions come from, turn by turn: nobody (every unit holds), an orders file,
//! or a built-in policy. One implementation for every front end that plays whole games — `cimic
//! run`, `resume` and `fork` through a recorded [`Game`], `cimic batch` and the Python package
//! straight on a [`Simulation`] — so a batch row and a `cimic run` of the same scenario, seed and
//! source reach the same state hash.

use super::Source;
use super::game::Game;
use crate::orders::{Order, Rejection, TurnOrders, parse_orders};
use crate::policy::Policy;
use crate::scenario::Scenario;
use crate::scenario::diag::{FileError, Problem};
use crate::sim::Simulation;
use crate::sim::decisions::ChoiceError;

/// What a driver needs of a game: to read its state and give it orders and choices. A recorded
/// [`Game`] records what it accepts; a bare [`Simulation`] (batch runs) keeps no record.
pub trait Inputs {
    /// The state the decisions are taken on.
    fn sim(&self) -> &Simulation;
    /// Gives an order for the coming turn.
    fn submit(&mut self, order: Order) -> Result<u32, Rejection>;
    /// Chooses an option of an open decision point.
    fn decide(&mut self, decision: &str, option: &str) -> Result<(), ChoiceError>;
}

impl Inputs for Game {
    fn sim(&self) -> &Simulation {
        Game::sim(self)
    }
    fn submit(&mut self, order: Order) -> Result<u32, Rejection> {
        Game::submit(self, order)
    }
    fn decide(&mut self, decision: &str, option: &str) -> Result<(), ChoiceError> {
        Game::decide(self, decision, option)
    }
}

impl Inputs for Simulation {
    fn sim(&self) -> &Simulation {
        self
    }
    fn submit(&mut self, order: Order) -> Result<u32, Rejection> {
        Simulation::submit(self, order)
    }
    fn decide(&mut self, decision: &str, option: &str) -> Result<(), ChoiceError> {
        Simulation::decide(self, decision, option)
    }
}

/// Where the force's decisions come from during a game.
pub enum Driver {
    /// Nobody gives orders: every unit holds.
    Holds,
    /// An orders file's turns.
    Orders(Vec<TurnOrders>),
    /// A built-in policy.
    Policy(Box<dyn Policy>),
}

impl Driver {
    /// The driver a record's source names (the orders are embedded in the record).
    pub fn from_source(source: &Source, scenario: &Scenario) -> Result<Driver, FileError> {
        Ok(match source {
            Source::Manual => Driver::Holds,
            Source::Orders { file, text } => Driver::Orders(parse_orders(file, text, scenario)?),
            Source::Policy(name) => Driver::Policy(
                policy(name).map_err(|m| FileError::whole("record", Problem::at("", m)))?,
            ),
        })
    }

    /// Sees a replayed turn's state as if deciding on it, so that a policy's notes between turns
    /// are rebuilt on resume (the plan itself is discarded: the journal holds what was given).
    pub fn observe(&mut self, sim: &Simulation) {
        if let Driver::Policy(p) = self {
            let _ = p.decide(sim);
            let _ = p.plan(sim);
        }
    }

    /// Gives the coming turn's decisions to the game: decision choices first, then orders.
    /// Returns what the game refused, one line each.
    pub fn command(&mut self, game: &mut dyn Inputs) -> Vec<String> {
        let next = game.sim().turn() + 1;
        let mut rejected = Vec::new();
        let orders: Vec<Order> = match self {
            Driver::Holds => Vec::new(),
            Driver::Orders(batches) => {
                let turn: Vec<&TurnOrders> = batches.iter().filter(|b| b.turn == next).collect();
                for d in turn.iter().flat_map(|b| &b.decide) {
                    if let Err(e) = game.decide(&d.decision, &d.option) {
                        rejected.push(format!("decision {} = {}: {e}", d.decision, d.option));
                    }
                }
                turn.iter().flat_map(|b| b.orders.iter().cloned()).collect()
            }
            Driver::Policy(p) => {
                for (d, o) in p.decide(game.sim()) {
                    if let Err(e) = game.decide(&d, &o) {
                        rejected.push(format!("decision {d} = {o}: {e}"));
                    }
                }
                p.plan(game.sim())
            }
        };
        for order in orders {
            if let Err(r) = game.submit(order) {
                rejected.push(r.to_string());
            }
        }
        rejected
    }
}

/// A built-in policy by name, or a message listing the names.
pub fn policy(name: &str) -> Result<Box<dyn Policy>, String> {
    crate::policy::by_name(name).ok_or_else(|| {
        format!(
            "no policy \"{name}\"; the built-in policies are {}, {}",
            crate::policy::NAMES.join(", "),
            crate::policy::RED_TEAM.join(", ")
        )
    })
}
