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
//! The red team ([`RED_TEAM`], [`Exploit`]): cimic-first plus one trick each, which must never
//! pay (docs/rules.md §21.6).
//!
//! Every policy is deterministic: no randomness, no clock, and no iteration over hashed
//! collections; the same state always gives the same orders.

mod care;
mod cimic_first;
mod commander;
mod grid;
mod jobs;
mod kinetic;
mod known;
mod last_resort;
mod liaison;
mod memory;
mod passive;
mod red_team;
mod repair;
mod routes;
mod services;
mod situation;
mod supplies;

pub use cimic_first::CimicFirst;
pub use commander::Policy;
pub use kinetic::Kinetic;
pub use passive::Passive;
pub use red_team::{Exploit, Trick};

use crate::sim::Simulation;

/// The names of the built-in policies, in a fixed order, so that tools can list and loop over them.
pub const NAMES: [&str; 3] = ["passive", "kinetic", "cimic-first"];

/// The red team's policies, each cimic-first plus one trick ([`Trick`]), in [`Trick::ALL`]
/// order: what a trainee who games the scores would play.
pub const RED_TEAM: [&str; 8] = [
    "exploit-pump",
    "exploit-busywork",
    "exploit-abandon",
    "exploit-militarised-aid",
    "exploit-engage",
    "exploit-project-farm",
    "exploit-no-support",
    "exploit-requisition",
];

/// A fresh built-in policy by name (one of [`NAMES`] or [`RED_TEAM`]), so that a command line or a batch run can
/// pick a commander from a string; `None` for an unknown name.
pub fn by_name(name: &str) -> Option<Box<dyn Policy>> {
    match name {
        "passive" => Some(Box::new(Passive)),
        "kinetic" => Some(Box::new(Kinetic::default())),
        "cimic-first" => Some(Box::new(CimicFirst::default())),
        _ => Trick::ALL
            .into_iter()
            .find(|t| t.name() == name)
            .map(|t| Box::new(Exploit::new(t)) as Box<dyn Policy>),
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
