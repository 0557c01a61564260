//! The one thing every built-in policy is: a commander that plans the force's orders turn by
//! turn. Below the policies and their registry (`policy/mod.rs`), which both use it.

use crate::orders::Order;
use crate::sim::Simulation;

/// A way of commanding the force, turn by turn, through the public order API only. The trait
/// exists so that the CLI, batch analysis and tests can swap commanders without knowing them.
pub trait Policy {
    /// The policy's name, as listed in [`super::NAMES`] (for reports and command lines).
    fn name(&self) -> &'static str;
    /// Orders for the coming turn, computed from the simulation's read-only views.
    fn plan(&mut self, sim: &Simulation) -> Vec<Order>;
    /// Choices for open decision points (decision id, option id); default: none (the scenario
    /// default is taken), because a decision point's options are only labels to a program.
    fn decide(&mut self, _sim: &Simulation) -> Vec<(String, String)> {
        Vec::new()
    }
}
