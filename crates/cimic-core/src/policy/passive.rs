//! The passive policy: no orders at all, so every unit holds where it stands. It is the
//! baseline every other policy is measured against — what the scenario does without the force.

use super::commander::Policy;
use crate::orders::Order;
use crate::sim::Simulation;

/// Gives no orders: every unit holds. The control case for analysis.
#[derive(Debug, Clone, Copy, Default)]
pub struct Passive;

impl Policy for Passive {
    fn name(&self) -> &'static str {
        "passive"
    }

    fn plan(&mut self, _sim: &Simulation) -> Vec<Order> {
        Vec::new()
    }
}
