//! Replaying a record: the rules run again on the recorded inputs, turn by turn, and each turn's
//! state hash is compared with the recorded one. Nothing but the inputs is stored, so a replay is
//! as fast as the game itself; when it diverges, the recorded part digests name what differs.
//!
//! [`Replay`] is the one loop that gives a record's inputs to a simulation turn by turn: replay
//! and verification, resuming and forking a game ([`super::game::Game`]), the GUI's review, the
//! review timeline and `luck`'s games under other seeds all step through it.

use super::{Outcome, Record, TurnInputs};
use crate::scenario::Scenario;
use crate::sim::Simulation;
use crate::sim::report::TurnReport;
use serde::Serialize;
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

/// How many of the recorded inputs a game under another seed refused (its state did not allow
/// them); a verified replay refuses none, since any refusal stops it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Refused {
    pub orders: u32,
    pub decisions: u32,
    pub facilitator: u32,
}

impl Refused {
    /// Adds another game's refusals (totals over many seeds).
    pub fn add(&mut self, other: Refused) {
        self.orders += other.orders;
        self.decisions += other.decisions;
        self.facilitator += other.facilitator;
    }
}

/// What a replay does with the record's checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The record's own game: a refused input or a state hash that differs stops the replay.
    Verified,
    /// The record's inputs given to another game (another seed): refused inputs are counted and
    /// skipped, and no hash is compared.
    Lenient {
        /// How many refusal texts to keep, for people.
        examples: usize,
    },
}

/// A record's turns played again, one per step: each step gives the turn's recorded inputs in
/// the recorded order, plays the turn and (verified) compares its state hash with the recorded
/// one. As an iterator it yields each turn's report; after an error it yields nothing more.
pub struct Replay<'r> {
    record: &'r Record,
    sim: Simulation,
    /// Index in `record.turns` of the next turn to play.
    next: usize,
    /// Index at which to stop.
    end: usize,
    mode: Mode,
    refused: Refused,
    refusals: Vec<String>,
}

impl<'r> Replay<'r> {
    /// Starts the record's own game again, to replay its first `turns` turns (at most those it
    /// holds), checking every input and every recorded outcome. A last turn without an outcome (a
    /// journal cut while it was played) is played unchecked.
    pub fn verified(record: &'r Record, turns: usize) -> Result<Replay<'r>, ReplayError> {
        let scenario = record
            .scenario()
            .map_err(|e| ReplayError::Scenario(e.render(false)))?;
        Replay::new(record, &scenario, record.header.seed, turns, Mode::Verified)
    }

    /// Gives the record's inputs of its first `turns` turns to a game of `scenario` under
    /// another seed. What that game's state refuses is counted ([`Replay::refused`]) and skipped;
    /// the first `examples` refusals are kept as text ([`Replay::refusals`]).
    pub fn under_seed(
        record: &'r Record,
        scenario: &Scenario,
        seed: u64,
        turns: usize,
        examples: usize,
    ) -> Result<Replay<'r>, ReplayError> {
        Replay::new(record, scenario, seed, turns, Mode::Lenient { examples })
    }

    fn new(
        record: &'r Record,
        scenario: &Scenario,
        seed: u64,
        turns: usize,
        mode: Mode,
    ) -> Result<Replay<'r>, ReplayError> {
        let sim = Simulation::new(scenario, seed).map_err(|p| {
            ReplayError::Scenario(
                p.iter()
                    .map(|p| p.message.clone())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })?;
        Ok(Replay {
            record,
            sim,
            next: 0,
            end: turns.min(record.turns.len()),
            mode,
            refused: Refused::default(),
            refusals: Vec::new(),
        })
    }

    /// The state now: before the next turn's inputs are given.
    pub fn sim(&self) -> &Simulation {
        &self.sim
    }

    /// The state reached, to play on from.
    pub fn into_sim(self) -> Simulation {
        self.sim
    }

    /// Turns still to play.
    pub fn remaining(&self) -> usize {
        self.end - self.next
    }

    /// Inputs refused so far (always zero when verified).
    pub fn refused(&self) -> Refused {
        self.refused
    }

    /// The first refusals, for people: `turn N: why`.
    pub fn refusals(&self) -> &[String] {
        &self.refusals
    }

    /// Plays the next turn; `given` sees the state once the turn's inputs are given, before the
    /// turn is played (the orders are pending then). `None` when every turn asked for is played.
    pub fn next_with(
        &mut self,
        given: impl FnOnce(&Simulation),
    ) -> Option<Result<TurnReport, ReplayError>> {
        if self.next >= self.end {
            return None;
        }
        let result = self.play(given);
        self.next = if result.is_ok() {
            self.next + 1
        } else {
            self.end
        };
        Some(result)
    }

    fn play(&mut self, given: impl FnOnce(&Simulation)) -> Result<TurnReport, ReplayError> {
        let record = self.record;
        let inputs = &record.turns[self.next];
        self.give(inputs)?;
        given(&self.sim);
        let report = self.sim.advance();
        if self.mode == Mode::Verified
            && let Some(outcome) = record.outcomes.get(self.next)
        {
            check(&self.sim, outcome)?;
        }
        Ok(report)
    }

    /// Gives the inputs of the turn after those played without playing it, when the record holds
    /// them without an outcome (a journal cut while that turn was played): the game resuming the
    /// journal plays it. Returns those inputs.
    pub fn give_unplayed(&mut self) -> Result<Option<TurnInputs>, ReplayError> {
        let i = self.next;
        match self.record.turns.get(i) {
            Some(inputs) if self.record.outcomes.get(i).is_none() => {
                self.give(inputs)?;
                self.next = self.end;
                Ok(Some(inputs.clone()))
            }
            _ => Ok(None),
        }
    }

    /// Gives one turn's recorded inputs to the simulation, in the recorded order: facilitator
    /// actions, decision choices, orders.
    fn give(&mut self, inputs: &TurnInputs) -> Result<(), ReplayError> {
        let turn = inputs.turn;
        for a in &inputs.facilitator {
            if let Err(e) = self.sim.facilitate(a.clone()) {
                self.refuse(turn, format!("facilitator action: {e}"), |r| {
                    &mut r.facilitator
                })?;
            }
        }
        for (d, o) in &inputs.decisions {
            if let Err(e) = self.sim.decide(d, o) {
                self.refuse(turn, format!("decision {d} = {o}: {e}"), |r| {
                    &mut r.decisions
                })?;
            }
        }
        for order in &inputs.orders {
            if let Err(r) = self.sim.submit(order.clone()) {
                self.refuse(turn, r.to_string(), |r| &mut r.orders)?;
            }
        }
        Ok(())
    }

    /// A refused input: the end of a verified replay, one more count under another seed.
    fn refuse(
        &mut self,
        turn: u32,
        what: String,
        count: impl FnOnce(&mut Refused) -> &mut u32,
    ) -> Result<(), ReplayError> {
        match self.mode {
            Mode::Verified => Err(ReplayError::Input { turn, what }),
            Mode::Lenient { examples } => {
                *count(&mut self.refused) += 1;
                if self.refusals.len() < examples {
                    self.refusals.push(format!("turn {turn}: {what}"));
                }
                Ok(())
            }
        }
    }
}

impl Iterator for Replay<'_> {
    type Item = Result<TurnReport, ReplayError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_with(|_| {})
    }
}

/// Compares a turn's state with its recorded outcome.
fn check(sim: &Simulation, outcome: &Outcome) -> Result<(), ReplayError> {
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

/// Replays the record's first `turns` turns, checking each recorded outcome on the way.
pub fn replay_to(record: &Record, turns: u32) -> Result<Simulation, ReplayError> {
    let mut replay = Replay::verified(record, turns as usize)?;
    for turn in replay.by_ref() {
        turn?;
    }
    Ok(replay.into_sim())
}

/// Replays the whole record; `Ok` with the final simulation when every turn matches.
pub fn verify(record: &Record) -> Result<Simulation, ReplayError> {
    replay_to(record, record.turns.len() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::orders::{Order, load_orders};
    use crate::record::Source;
    use crate::record::game::Game;
    use std::path::Path;

    const SCENARIO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/tutorial.ron");
    const ORDERS: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/tutorial.orders.ron"
    );

    /// The tutorial's line of play for `turns` turns, recorded.
    fn record(turns: u32) -> Record {
        let text = std::fs::read_to_string(SCENARIO).unwrap();
        let scenario = crate::scenario::load_str(SCENARIO, &text).unwrap();
        let orders = load_orders(Path::new(ORDERS), &scenario).unwrap();
        let mut game = Game::new(SCENARIO, &text, 7, Source::Manual).unwrap();
        for _ in 0..turns {
            let next = game.sim().turn() + 1;
            for o in orders
                .iter()
                .filter(|b| b.turn == next)
                .flat_map(|b| &b.orders)
            {
                game.submit(o.clone()).unwrap();
            }
            game.advance().unwrap();
        }
        game.record().clone()
    }

    /// The record with an order for a unit that does not exist given on turn 2.
    fn with_a_foreign_order(mut record: Record) -> Record {
        record.turns[1].orders.push(Order::Hold {
            unit: "nobody".into(),
        });
        record
    }

    #[test]
    fn a_verified_replay_yields_each_recorded_turn() {
        let record = record(4);
        let mut replay = Replay::verified(&record, 4).unwrap();
        let hashes: Vec<String> = replay.by_ref().map(|r| r.unwrap().state_hash).collect();
        let recorded: Vec<String> = record
            .outcomes
            .iter()
            .map(|o| o.state_hash.clone())
            .collect();
        assert_eq!(hashes, recorded);
        assert_eq!(replay.refused(), Refused::default());
        assert_eq!(replay.into_sim().turn(), 4);
        // Fewer turns asked for: it stops there.
        assert_eq!(Replay::verified(&record, 2).unwrap().count(), 2);
    }

    #[test]
    fn a_refused_input_stops_a_verified_replay_naming_the_turn() {
        let record = with_a_foreign_order(record(4));
        let mut replay = Replay::verified(&record, 4).unwrap();
        assert!(replay.next().unwrap().is_ok());
        match replay.next() {
            Some(Err(ReplayError::Input { turn: 2, what })) => {
                assert!(what.contains("nobody"), "{what}")
            }
            other => panic!(
                "expected a refusal on turn 2, got {:?}",
                other.map(|r| r.err())
            ),
        }
        assert!(replay.next().is_none(), "nothing after an error");
    }

    #[test]
    fn under_another_seed_refusals_are_counted_and_the_game_goes_on() {
        let record = with_a_foreign_order(record(4));
        let scenario = record.scenario().unwrap();
        let mut replay = Replay::under_seed(&record, &scenario, 8, 4, 3).unwrap();
        assert_eq!(replay.by_ref().filter(Result::is_ok).count(), 4);
        assert_eq!(
            replay.refused(),
            Refused {
                orders: 1,
                decisions: 0,
                facilitator: 0
            }
        );
        assert_eq!(replay.refusals().len(), 1);
        assert!(
            replay.refusals()[0].starts_with("turn 2: "),
            "{:?}",
            replay.refusals()
        );
        // No hash is compared under another seed, though every one differs from the record's.
        assert_ne!(replay.sim().state_hash(), record.outcomes[3].state_hash);
    }
}
