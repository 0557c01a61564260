//! Replaying a record: the rules run again on the recorded inputs, turn by turn, and each turn's
//! state hash is compared with the recorded one. Nothing but the inputs is stored, so a replay is
//! as fast as the game itself; when it diverges, the recorded part digests name what differs.

use super::{Outcome, Record, TurnInputs};
use crate::sim::Simulation;
use std::fmt;

/// Why a replay could not follow the record.
#[derive(Debug, Clone, PartialEq)]
pub enum ReplayError {
    /// The embedded scenario does not load.
    Scenario(String),
    /// A recorded input was refused: the record does not belong to this game.
    Input { turn: u32, what: String },
    /// The state after a turn differs from the recorded one.
    Desync(Desync),
    /// A turn was asked for that the record does not hold complete (inputs and outcome).
    NotRecorded { turn: u32, recorded: u32 },
}

/// The first turn at which a replay's state differs from the record's.
#[derive(Debug, Clone, PartialEq)]
pub struct Desync {
    pub turn: u32,
    pub recorded: String,
    pub replayed: String,
    /// Labels of the parts of the state that differ (see `part_digests`), in state order.
    pub differing: Vec<String>,
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReplayError::Scenario(e) => write!(f, "the embedded scenario does not load: {e}"),
            ReplayError::Input { turn, what } => {
                write!(f, "turn {turn}: a recorded input was refused: {what}")
            }
            ReplayError::NotRecorded { turn, recorded } => write!(
                f,
                "turn {turn} is not in the record: it holds {recorded} complete turns (0 to {recorded} can be used)"
            ),
            ReplayError::Desync(d) => {
                write!(
                    f,
                    "turn {}: the replayed state {} differs from the recorded {}",
                    d.turn, d.replayed, d.recorded
                )?;
                if !d.differing.is_empty() {
                    write!(f, "; what differs: {}", d.differing.join("; "))?;
                }
                Ok(())
            }
        }
    }
}

/// Gives one turn's recorded inputs to the simulation, in the recorded order.
pub fn apply_inputs(sim: &mut Simulation, inputs: &TurnInputs) -> Result<(), ReplayError> {
    let turn = inputs.turn;
    for a in &inputs.facilitator {
        sim.facilitate(a.clone()).map_err(|e| ReplayError::Input {
            turn,
            what: format!("facilitator action: {e}"),
        })?;
    }
    for (d, o) in &inputs.decisions {
        sim.decide(d, o).map_err(|e| ReplayError::Input {
            turn,
            what: format!("decision {d} = {o}: {e:?}"),
        })?;
    }
    for order in &inputs.orders {
        sim.submit(order.clone()).map_err(|r| ReplayError::Input {
            turn,
            what: r.to_string(),
        })?;
    }
    Ok(())
}

/// Compares a turn's state with its recorded outcome.
pub fn check(sim: &Simulation, outcome: &Outcome) -> Result<(), ReplayError> {
    let hash = sim.state_hash();
    if hash == outcome.state_hash {
        return Ok(());
    }
    let now = sim.part_digests();
    let mut differing = Vec::new();
    for (label, digest) in &now {
        match outcome.parts.iter().find(|(l, _)| l == label) {
            Some((_, d)) if d == digest => {}
            Some(_) => differing.push(label.clone()),
            None => differing.push(format!("{label} (not in the record)")),
        }
    }
    for (label, _) in &outcome.parts {
        if !now.iter().any(|(l, _)| l == label) {
            differing.push(format!("{label} (only in the record)"));
        }
    }
    Err(ReplayError::Desync(Desync {
        turn: outcome.turn,
        recorded: outcome.state_hash.clone(),
        replayed: hash,
        differing,
    }))
}

/// Starts the record's game again.
pub fn start(record: &Record) -> Result<Simulation, ReplayError> {
    let scenario = record
        .scenario()
        .map_err(|e| ReplayError::Scenario(e.render(false)))?;
    Simulation::new(&scenario, record.header.seed).map_err(|p| {
        ReplayError::Scenario(
            p.iter()
                .map(|p| p.message.clone())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })
}

/// Replays the record's first `turns` turns, checking each recorded outcome on the way.
pub fn replay_to(record: &Record, turns: u32) -> Result<Simulation, ReplayError> {
    let mut sim = start(record)?;
    for inputs in record.turns.iter().take(turns as usize) {
        apply_inputs(&mut sim, inputs)?;
        sim.advance();
        if let Some(o) = record.outcomes.get(inputs.turn as usize - 1) {
            check(&sim, o)?;
        }
    }
    Ok(sim)
}

/// Replays the whole record; `Ok` with the final simulation when every turn matches.
pub fn verify(record: &Record) -> Result<Simulation, ReplayError> {
    replay_to(record, record.turns.len() as u32)
}
