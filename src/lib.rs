//! CIMIC wargame engine: a deterministic tabletop wargame with civil factors.
//!
//! The core (scenario format, simulation, orders) has no rendering dependencies; the windowed
//! front end lives behind the `gui` feature. See README.md and docs/ for the rules and formats.

pub mod aar;
pub mod epstein;
#[cfg(feature = "gui")]
pub mod gui;
pub mod map;
pub mod orders;
pub mod policy;
pub mod record;
pub mod rules;
pub mod scenario;
pub mod sim;

pub use orders::{Order, Rejection};
pub use scenario::{FileError, Problem, Scenario, load_file, load_str};
pub use sim::Simulation;
pub use sim::report::{Scores, TurnReport};
