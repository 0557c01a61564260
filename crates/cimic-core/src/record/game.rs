//! A game being played and recorded: the one path by which the CLI (and the GUI) give inputs to
//! the simulation, so that every accepted input lands in the record, and — with a journal — on
//! disk before the turn it belongs to is played.

use super::replay::{Replay, ReplayError};
use super::{
    ForkOf, Frame, Header, Outcome, RECORD_FORMAT, RULES_VERSION, Record, Source, TurnInputs,
};
use crate::orders::{Order, Rejection};
use crate::scenario::diag::{FileError, Problem};
use crate::scenario::validate::budget;
use crate::sim::Simulation;
use crate::sim::decisions::ChoiceError;
use crate::sim::facilitator::{ActionError, FacilitatorAction};
use crate::sim::report::TurnReport;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The journal file a game appends to.
struct Journal {
    file: File,
    path: PathBuf,
}

impl Journal {
    /// Appends a frame and waits until it is on disk.
    fn write(&mut self, frame: &Frame) -> io::Result<()> {
        self.file.write_all(super::encode(frame).as_bytes())?;
        self.file.flush()?;
        self.file.sync_data()
    }
}

/// A recorded game.
pub struct Game {
    sim: Simulation,
    record: Record,
    /// Inputs accepted for the coming turn.
    pending: TurnInputs,
    journal: Option<Journal>,
    /// What one turn's inputs may hold, so that the record stays inside the budget checked at
    /// validation.
    caps: TurnCaps,
}

/// The most inputs one turn of a record may hold (docs/reliability.md): the caps that make
/// [`crate::scenario::validate::budget::record_bytes`] a true upper bound on the record, so a
/// record the engine writes can always be read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TurnCaps {
    /// Orders a turn may hold (four per force unit, plus 16).
    pub orders: u64,
    /// Decision-point choices a turn may hold.
    pub choices: u64,
    /// Facilitator actions a turn may hold.
    pub actions: u64,
    /// Bytes a note, label or rationale may take in the record.
    pub note_bytes: u64,
}

impl TurnCaps {
    /// The caps for a simulation's scenario: counted from its force units and decision points
    /// (the same counts the validation budget uses).
    pub fn of(sim: &Simulation) -> TurnCaps {
        use crate::scenario::format::SideRole;
        use crate::sim::components::{Roster, Unit};
        let world = sim.world();
        let force = world
            .resource::<Roster>()
            .units
            .iter()
            .filter(|&&e| {
                world
                    .get::<Unit>(e)
                    .is_some_and(|u| u.role == SideRole::Force)
            })
            .count() as u64;
        let decisions = world
            .resource::<crate::sim::decisions::DecisionState>()
            .decisions
            .len() as u64;
        TurnCaps {
            orders: budget::max_orders_per_turn(force),
            choices: budget::max_choices_per_turn(decisions),
            actions: budget::MAX_FACILITATOR_ACTIONS_PER_TURN,
            note_bytes: budget::MAX_NOTE_BYTES,
        }
    }

    /// Whether a facilitator action's free text fits: refused, never cut.
    fn check_text(&self, action: &FacilitatorAction) -> Result<(), ActionError> {
        let text = match action {
            FacilitatorAction::Override { rationale, .. } => rationale,
            FacilitatorAction::Annotate { text } => text,
            FacilitatorAction::Bookmark { label } => label,
            FacilitatorAction::TriggerEvent { .. } | FacilitatorAction::ScheduleEvent { .. } => {
                return Ok(());
            }
        };
        let len = budget::record_text_len(text, self.note_bytes);
        if len > self.note_bytes {
            return Err(ActionError::TooLong {
                len,
                limit: self.note_bytes,
            });
        }
        Ok(())
    }
}

/// A game played from an orders file keeps the file's text in its record header; validation
/// bounds the record without it (the scenario alone), so the text must fit in what is left under
/// the read limit, or the record could not be read back. Refused before anything is played.
fn orders_fit_the_record(
    scenario: &crate::scenario::Scenario,
    scenario_text: &str,
    source: &Source,
) -> Result<(), FileError> {
    let Source::Orders { file, text } = source else {
        return Ok(());
    };
    let orders = budget::escaped_len(text);
    let total = budget::record_bytes(scenario, scenario_text).saturating_add(orders);
    if total <= budget::MAX_RECORD_BYTES {
        return Ok(());
    }
    Err(FileError::whole(
        file,
        Problem::at(
            "",
            format!(
                "this orders file ({orders} bytes as the record keeps it) would make the game's record too large to read back: up to {total} bytes, the limit is {}",
                budget::MAX_RECORD_BYTES
            ),
        )
        .hint("shorten the orders file (comments count too), or play fewer turns (`meta.turns`)"),
    ))
}

impl Game {
    /// Starts a game of a scenario given as text (as read from its file).
    pub fn new(
        scenario_name: &str,
        scenario_text: &str,
        seed: u64,
        source: Source,
    ) -> Result<Game, FileError> {
        let scenario = crate::scenario::load_str(scenario_name, scenario_text)?;
        orders_fit_the_record(&scenario, scenario_text, &source)?;
        let sim = Simulation::new(&scenario, seed)
            .map_err(|p| crate::scenario::load::locate(scenario_name, scenario_text, p))?;
        let header = Header {
            format: RECORD_FORMAT,
            rules: RULES_VERSION,
            engine: env!("CARGO_PKG_VERSION").to_string(),
            scenario_name: scenario_name.to_string(),
            scenario_hash: super::scenario_hash(scenario_text),
            scenario: scenario_text.to_string(),
            seed,
            source,
            fork: None,
        };
        Ok(Game {
            caps: TurnCaps::of(&sim),
            sim,
            record: Record {
                header,
                turns: Vec::new(),
                outcomes: Vec::new(),
            },
            pending: TurnInputs {
                turn: 1,
                ..TurnInputs::default()
            },
            journal: None,
        })
    }

    /// Journals the game to a new file (an existing file is never overwritten).
    pub fn journal_to(&mut self, path: &Path) -> io::Result<()> {
        let file = OpenOptions::new().write(true).create_new(true).open(path)?;
        let mut journal = Journal {
            file,
            path: path.to_path_buf(),
        };
        journal.write(&Frame::Header(self.record.header.clone()))?;
        for (i, t) in self.record.turns.iter().enumerate() {
            journal.write(&Frame::Turn(t.clone()))?;
            if let Some(o) = self.record.outcomes.get(i) {
                journal.write(&Frame::Outcome(o.clone()))?;
            }
        }
        self.journal = Some(journal);
        Ok(())
    }

    /// Continues a journaled game: replays every complete turn (checking the recorded hashes),
    /// plays a turn whose inputs were saved but whose outcome was not, drops a torn last write
    /// from the file, and keeps appending to it. Returns the game and the torn-tail warning.
    ///
    /// `observe` sees the state before each replayed turn's inputs are given, as the source of
    /// those inputs saw it: a policy that keeps notes between turns rebuilds them by planning
    /// again (its plans are discarded; the recorded inputs are what is replayed).
    pub fn resume(
        path: &Path,
        observe: &mut dyn FnMut(&Simulation),
    ) -> Result<(Game, Option<String>), FileError> {
        let name = path.display().to_string();
        let text = Record::read_text(path)?;
        let (record, torn) = Record::parse(&name, &text)?;
        let refuse = |e: ReplayError| {
            FileError::whole(
                &name,
                Problem::at("", format!("cannot resume: {e}"))
                    .hint("the journal does not replay on this engine; it was made by another build or edited"),
            )
        };
        let (sim, game_record, unfinished) =
            replay_watched(&record, record.turns.len(), observe).map_err(refuse)?;
        // Cut a torn last write off, so that appending continues from a clean frame boundary.
        let keep = if torn.is_some() {
            let body = text.strip_suffix('\n').unwrap_or(&text);
            body.rfind('\n').map_or(0, |i| i + 1)
        } else {
            text.len()
        };
        let file = OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|f| f.set_len(keep as u64).map(|_| f))
            .and_then(|mut f| {
                use std::io::Seek;
                f.seek(io::SeekFrom::End(0))?;
                Ok(f)
            })
            .map_err(|e| {
                FileError::whole(
                    &name,
                    Problem::at("", format!("cannot reopen the journal: {e}")),
                )
            })?;
        let mut game = Game {
            caps: TurnCaps::of(&sim),
            pending: TurnInputs {
                turn: sim.turn() + 1,
                ..TurnInputs::default()
            },
            sim,
            record: game_record,
            journal: Some(Journal {
                file,
                path: path.to_path_buf(),
            }),
        };
        if let Some(inputs) = unfinished {
            // Its inputs are on disk already: play the turn and write only its outcome.
            game.pending = inputs;
            game.play(false).map_err(|e| {
                FileError::whole(
                    &name,
                    Problem::at("", format!("cannot write the journal: {e}")),
                )
            })?;
        }
        Ok((game, torn))
    }

    /// Starts a fork of `parent`: replays its first `at` turns (checking every recorded state
    /// hash), then hands the game over to another source of decisions. The fork's record keeps
    /// the parent's inputs for turns `1..=at`, so it replays on its own, and its header names the
    /// parent ([`ForkOf`]). `observe` sees each replayed turn's state as in [`Game::resume`], so
    /// that a policy taking over has the notes it would have made watching the game.
    pub fn fork(
        parent: &Record,
        parent_file: &str,
        at: u32,
        source: Source,
        observe: &mut dyn FnMut(&Simulation),
    ) -> Result<Game, ReplayError> {
        let verified = parent.outcomes.len() as u32;
        if at > verified {
            return Err(ReplayError::NotRecorded {
                turn: at,
                recorded: verified,
            });
        }
        let (sim, mut record, _) = replay_watched(parent, at as usize, observe)?;
        record.header.engine = env!("CARGO_PKG_VERSION").to_string();
        record.header.source = source;
        record.header.fork = Some(ForkOf {
            parent: parent.content_hash(),
            parent_file: parent_file.to_string(),
            parent_source: parent.header.source.clone(),
            at,
        });
        Ok(Game {
            caps: TurnCaps::of(&sim),
            pending: TurnInputs {
                turn: sim.turn() + 1,
                ..TurnInputs::default()
            },
            sim,
            record,
            journal: None,
        })
    }

    /// The simulation, to read.
    pub fn sim(&self) -> &Simulation {
        &self.sim
    }

    /// The record so far.
    pub fn record(&self) -> &Record {
        &self.record
    }

    /// Where the journal is written, if anywhere.
    pub fn journal_path(&self) -> Option<&Path> {
        self.journal.as_ref().map(|j| j.path.as_path())
    }

    /// Inputs accepted for the coming turn.
    pub fn pending(&self) -> &TurnInputs {
        &self.pending
    }

    /// The most inputs a turn of this game may hold.
    pub fn caps(&self) -> TurnCaps {
        self.caps
    }

    /// Submits an order; an accepted one is recorded. Past [`TurnCaps::orders`] this turn the
    /// order is rejected (the record must stay readable).
    pub fn submit(&mut self, order: Order) -> Result<u32, Rejection> {
        if self.pending.orders.len() as u64 >= self.caps.orders {
            return Err(Rejection {
                order,
                reason: crate::orders::Reason::TooManyOrders {
                    limit: self.caps.orders,
                },
            });
        }
        let id = self.sim.submit(order.clone())?;
        self.pending.orders.push(order);
        Ok(id)
    }

    /// Chooses an option of an open decision point; recorded. Past [`TurnCaps::choices`] this
    /// turn the choice is refused.
    pub fn decide(&mut self, decision: &str, option: &str) -> Result<(), ChoiceError> {
        if self.pending.decisions.len() as u64 >= self.caps.choices {
            return Err(ChoiceError::TooMany {
                limit: self.caps.choices,
            });
        }
        self.sim.decide(decision, option)?;
        self.pending
            .decisions
            .push((decision.to_string(), option.to_string()));
        Ok(())
    }

    /// Gives a facilitator action; recorded. A text over [`TurnCaps::note_bytes`], or an action
    /// past [`TurnCaps::actions`] this turn, is refused.
    pub fn facilitate(&mut self, action: FacilitatorAction) -> Result<(), ActionError> {
        self.caps.check_text(&action)?;
        if self.pending.facilitator.len() as u64 >= self.caps.actions {
            return Err(ActionError::TooMany {
                limit: self.caps.actions,
            });
        }
        self.sim.facilitate(action.clone())?;
        self.pending.facilitator.push(action);
        Ok(())
    }

    /// Plays the turn: its inputs go to the journal (and to disk) first, then the rules run,
    /// then the outcome is journaled. An error means the journal could not be written; the
    /// turn was then not played.
    pub fn advance(&mut self) -> io::Result<TurnReport> {
        self.play(true)
    }

    fn play(&mut self, write_inputs: bool) -> io::Result<TurnReport> {
        if self.sim.finished() {
            return Ok(self.sim.advance());
        }
        let inputs = std::mem::take(&mut self.pending);
        if write_inputs
            && let Some(j) = &mut self.journal
            && let Err(e) = j.write(&Frame::Turn(inputs.clone()))
        {
            self.pending = inputs;
            return Err(e);
        }
        let report = self.sim.advance();
        let outcome = Outcome {
            turn: report.turn,
            state_hash: report.state_hash.clone(),
            parts: self.sim.part_digests(),
        };
        self.record.turns.push(inputs);
        self.record.outcomes.push(outcome.clone());
        self.pending = TurnInputs {
            turn: report.turn + 1,
            ..TurnInputs::default()
        };
        if let Some(j) = &mut self.journal {
            j.write(&Frame::Outcome(outcome))?;
        }
        Ok(report)
    }
}

/// Replays the first `turns` turns of a record, showing each state to `observe` before the turn's
/// inputs are given and checking every recorded outcome; a last turn asked for that has no
/// outcome (a journal cut while that turn was played) gets its inputs but is not played. Returns
/// the simulation, the record of the turns replayed with an outcome, and that last turn's inputs.
/// Shared by [`Game::resume`] and [`Game::fork`].
fn replay_watched(
    record: &Record,
    turns: usize,
    observe: &mut dyn FnMut(&Simulation),
) -> Result<(Simulation, Record, Option<TurnInputs>), ReplayError> {
    let played = turns.min(record.outcomes.len());
    let mut replay = Replay::verified(record, played)?;
    while replay.remaining() > 0 {
        observe(replay.sim());
        if let Some(turn) = replay.next() {
            turn?;
        }
    }
    let unfinished = if turns > played && record.turns.len() > played {
        observe(replay.sim());
        replay.give_unplayed()?
    } else {
        None
    };
    let done = Record {
        header: record.header.clone(),
        turns: record.turns[..played].to_vec(),
        outcomes: record.outcomes[..played].to_vec(),
    };
    Ok((replay.into_sim(), done, unfinished))
}
