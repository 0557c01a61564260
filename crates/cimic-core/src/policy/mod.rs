//! Built-in policies: ways of commanding the force turn by turn, for analysis (many seeds of a
//! scenario under one style of command) and for tests. A policy reads the state only through the
//! simulation's public views and acts only through the public order API ([`Simulation::submit`],
//! [`Simulation::decide`]), exactly as a player or an orders file would; so whatever a policy
//! achieves, a trainee could have achieved with the same orders.
//!
//! - [`Passive`] (`passive`): every unit holds. The baseline of "what happens without the force".
//! - [`Kinetic`] (`kinetic`): a militarily-minded commander: secures by force, delivers aid
//!   itself wherever needs are worst, ignores the civilian actors.
//! - [`CimicFirst`] (`cimic-first`): assesses, liaises, coordinates, escorts only as a last
//!   resort, supports the host-nation authorities, and hands its services over to civilians.
//!
//! Every policy is deterministic: no randomness, no clock, and no iteration over hashed
//! collections; the same state always gives the same orders.

mod care;
mod cimic_first;
mod commander;
mod grid;
mod jobs;
mod kinetic;
mod last_resort;
mod liaison;
mod memory;
mod passive;
mod repair;
mod situation;

pub use cimic_first::CimicFirst;
pub use commander::Policy;
pub use kinetic::Kinetic;
pub use passive::Passive;

use crate::sim::Simulation;

/// The names of the built-in policies, in a fixed order, so that tools can list and loop over them.
pub const NAMES: [&str; 3] = ["passive", "kinetic", "cimic-first"];

/// A fresh built-in policy by name (one of [`NAMES`]), so that a command line or a batch run can
/// pick a commander from a string; `None` for an unknown name.
pub fn by_name(name: &str) -> Option<Box<dyn Policy>> {
    match name {
        "passive" => Some(Box::new(Passive)),
        "kinetic" => Some(Box::new(Kinetic::default())),
        "cimic-first" => Some(Box::new(CimicFirst::default())),
        _ => None,
    }
}

/// Plans, submits ([`Simulation::submit`]) and decides ([`Simulation::decide`]) for the coming
/// turn; returns (accepted, rejected) order counts. One call per turn, before `advance`, is all
/// a driver needs. Rejections are expected to be rare: the policies check what they can first.
pub fn command(sim: &mut Simulation, policy: &mut dyn Policy) -> (usize, usize) {
    if sim.finished() {
        return (0, 0);
    }
    let orders = policy.plan(sim);
    let (mut accepted, mut rejected) = (0, 0);
    for order in orders {
        match sim.submit(order) {
            Ok(_) => accepted += 1,
            Err(_) => rejected += 1,
        }
    }
    for (decision, option) in policy.decide(sim) {
        // A refused choice changes nothing and leaves the default in place.
        let _ = sim.decide(&decision, &option);
    }
    (accepted, rejected)
}
