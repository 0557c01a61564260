//! CIMIC wargame engine: a deterministic tabletop wargame with civil factors.
//!
//! This crate is the whole of the rules and everything computed from them: the scenario format,
//! the simulation, orders, built-in policies, records and the after-action review. It has no
//! rendering, windowing or command-line dependencies, so analysis tools and the GUI
//! (`cimic-gui`) share one implementation. See README.md and docs/ for the rules and formats.

pub mod aar;
pub mod batch;
pub mod epstein;
pub mod map;
pub mod names;
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
