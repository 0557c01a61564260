//! Game records and journals (docs/record-format.md): the scenario embedded with
//! its hash, the seed, where the decisions came from, and per turn every input — orders,
//! decision choices, facilitator actions — followed by the state hash the turn produced. A
//! journal is a record written as the game goes, each turn's inputs flushed to disk before the
//! turn is played; a finished journal is a record.

pub mod driver;
pub mod frame;
pub mod game;
pub mod replay;

use crate::orders::Order;
use crate::scenario::diag::{FileError, Problem};
pub use crate::scenario::validate::budget::MAX_RECORD_BYTES;
use crate::sim::facilitator::FacilitatorAction;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The record format this engine writes and reads.
pub const RECORD_FORMAT: u32 = 1;

/// The version of the rules. Bumped whenever a change of the rules changes what a game with the
/// same inputs produces: a record made under other rules cannot be replayed exactly.
pub const RULES_VERSION: u32 = 13;

/// What a record starts with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    pub format: u32,
    pub rules: u32,
    /// The engine's version (`cimic --version`), for people.
    pub engine: String,
    /// The scenario file's name when the game started, for people.
    pub scenario_name: String,
    /// BLAKE3 of `scenario` (16 hex digits).
    pub scenario_hash: String,
    /// The scenario file's text, whole.
    pub scenario: String,
    pub seed: u64,
    /// Where the force's decisions came from; `resume` continues from the same source.
    pub source: Source,
    /// Set when the game is a fork of another record (`cimic fork`): which record, and from
    /// which turn on the decisions differ. Absent in older records and in games played from the
    /// start, so those read and write exactly as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fork: Option<ForkOf>,
}

/// Where a fork comes from. A fork shares its parent's scenario (`scenario_hash`) and seed, and
/// its turns up to `at` carry the parent's inputs, so it replays and verifies on its own; this
/// says which record it branched from so that an analyst can find and compare the two.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForkOf {
    /// The parent's content hash ([`Record::content_hash`], 16 hex digits).
    pub parent: String,
    /// The parent's file name when the fork was made, for people.
    pub parent_file: String,
    /// Where the parent's decisions came from.
    pub parent_source: Source,
    /// The last turn taken from the parent: turns `1..=at` are the parent's, later ones the fork's.
    pub at: u32,
}

/// Where a game's decisions come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Source {
    /// People, through the GUI or a script: nothing to continue with but what is recorded.
    Manual,
    /// An orders file, embedded whole so that a resumed game needs nothing else.
    Orders { file: String, text: String },
    /// A built-in policy by name.
    Policy(String),
}

/// The inputs of one turn, in the order they were given.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TurnInputs {
    pub turn: u32,
    #[serde(default)]
    pub orders: Vec<Order>,
    /// (decision id, option id).
    #[serde(default)]
    pub decisions: Vec<(String, String)>,
    #[serde(default)]
    pub facilitator: Vec<FacilitatorAction>,
}

/// What a turn produced: its state hash, and a digest per part of the state (see
/// [`crate::sim::hash::part_digests`]) to name what differs when a replay diverges.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub turn: u32,
    pub state_hash: String,
    pub parts: Vec<(String, u32)>,
}

/// One line of a record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Frame {
    Header(Header),
    Turn(TurnInputs),
    Outcome(Outcome),
}

/// A whole record (or as much of a journal as was written).
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub header: Header,
    /// Inputs of turns 1, 2, … in order.
    pub turns: Vec<TurnInputs>,
    /// Outcomes of the turns played, in order (a journal may lack the last one).
    pub outcomes: Vec<Outcome>,
}

/// BLAKE3 of a scenario's text, as records keep it.
pub fn scenario_hash(text: &str) -> String {
    blake3::hash(text.as_bytes()).as_bytes()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Serialises a frame as one line of RON, framed.
pub fn encode(frame: &Frame) -> String {
    let payload = ron::to_string(frame).unwrap_or_default();
    frame::encode(&payload)
}

const FORMAT_DOC: &str = "docs/record-format.md";

impl Record {
    /// Reads a record or journal file. Returns the record and, when the last write was torn, a
    /// warning saying what was dropped.
    pub fn load(path: &Path) -> Result<(Record, Option<String>), FileError> {
        let name = path.display().to_string();
        Record::parse(&name, &Record::read_text(path)?)
    }

    /// The text of a record or journal file, read up to [`MAX_RECORD_BYTES`]. A journal torn
    /// inside a multi-byte character is decoded lossily (its torn tail is dropped later).
    pub fn read_text(path: &Path) -> Result<String, FileError> {
        let name = path.display().to_string();
        let bytes = crate::scenario::load::read_bytes_within(path, MAX_RECORD_BYTES)?;
        // A write torn inside a multi-byte character leaves bytes that are not UTF-8 on the
        // unfinished last line: that is a torn tail like any other, so it is decoded lossily and
        // left to the frame check to drop. Bad bytes on a finished line are still refused.
        let torn_inside_char = match std::str::from_utf8(&bytes) {
            Err(e) => !bytes[e.valid_up_to()..].contains(&b'\n'),
            Ok(_) => false,
        };
        let text = if torn_inside_char {
            String::from_utf8_lossy(&bytes).into_owned()
        } else {
            crate::scenario::load::utf8(&name, bytes)?
        };
        Ok(text)
    }

    /// Parses a record's text (see [`Record::load`]).
    pub fn parse(name: &str, text: &str) -> Result<(Record, Option<String>), FileError> {
        let line_start = |line: usize| -> usize {
            text.split('\n')
                .take(line.saturating_sub(1))
                .map(|l| l.len() + 1)
                .sum()
        };
        let fail = |line: usize, message: String, hint: &str| {
            let start = line_start(line);
            let end = start + text[start..].find('\n').unwrap_or(text.len() - start);
            let mut p = Problem::at("", message).hint(hint.to_string());
            p.span = Some((start.min(text.len()), end.max(start + 1).min(text.len())));
            FileError {
                file: name.to_string(),
                text: text.to_string(),
                problems: vec![p],
            }
        };
        let (lines, torn) = frame::split(text).map_err(|(line, e)| {
            fail(
                line,
                format!("frame on line {line} is damaged: {e}"),
                "the record was edited or corrupted; replay the game again to make a new one",
            )
        })?;
        let mut frames = Vec::new();
        // The last turn of the header's scenario: no frame may lie past it (a record cannot
        // claim more turns than its game has, however many frames are appended).
        let mut last_turn: Option<u32> = None;
        for (line, payload) in lines {
            let f: Frame =
                crate::scenario::load::parse_ron(name, payload, FORMAT_DOC).map_err(|mut e| {
                    let start = line_start(line) + frame::PAYLOAD_OFFSET;
                    for p in &mut e.problems {
                        p.span = p.span.map(|(a, b)| (a + start, b + start));
                    }
                    e.text = text.to_string();
                    e
                })?;
            match &f {
                Frame::Header(h) if frames.is_empty() => {
                    last_turn = crate::load_str("record", &h.scenario)
                        .ok()
                        .map(|s| s.meta.turns);
                }
                Frame::Turn(TurnInputs { turn, .. }) | Frame::Outcome(Outcome { turn, .. })
                    if last_turn.is_some_and(|last| *turn > last) =>
                {
                    return Err(fail(
                        line,
                        format!(
                            "turn {turn} is past the scenario's last turn ({})",
                            last_turn.unwrap_or(0)
                        ),
                        "frames were appended to the record; only the game's own turns can be replayed",
                    ));
                }
                _ => {}
            }
            frames.push((line, f));
        }
        let mut it = frames.into_iter();
        let header = match it.next() {
            Some((_, Frame::Header(h))) => h,
            Some((line, _)) => {
                return Err(fail(
                    line,
                    "a record starts with its header".into(),
                    "this is not the start of a record",
                ));
            }
            None => {
                return Err(fail(
                    1,
                    "the record is empty (not even a complete header)".into(),
                    "the game never started, or the file is not a record",
                ));
            }
        };
        if header.format != RECORD_FORMAT || header.rules != RULES_VERSION {
            return Err(fail(
                1,
                format!(
                    "made by engine {} (record format {}, rules version {}); this engine {} reads format {RECORD_FORMAT} under rules version {RULES_VERSION}",
                    header.engine,
                    header.format,
                    header.rules,
                    env!("CARGO_PKG_VERSION")
                ),
                "open it with the engine version that made it; the rules differ, so a replay here would not be the same game",
            ));
        }
        if scenario_hash(&header.scenario) != header.scenario_hash {
            return Err(fail(
                1,
                format!(
                    "the embedded scenario does not match its hash {} (it hashes to {})",
                    header.scenario_hash,
                    scenario_hash(&header.scenario)
                ),
                "the scenario inside the record was changed; the record cannot be trusted",
            ));
        }
        let mut record = Record {
            header,
            turns: Vec::new(),
            outcomes: Vec::new(),
        };
        for (line, f) in it {
            match f {
                Frame::Turn(t) if t.turn as usize == record.turns.len() + 1 => record.turns.push(t),
                Frame::Outcome(o)
                    if o.turn as usize == record.outcomes.len() + 1
                        && o.turn as usize == record.turns.len() =>
                {
                    record.outcomes.push(o)
                }
                other => {
                    return Err(fail(
                        line,
                        format!("frame out of order: {}", describe(&other)),
                        "turn frames go 1, 2, 3, … each followed by its outcome",
                    ));
                }
            }
        }
        Ok((record, torn))
    }

    /// The whole record as text (header, then each turn's inputs and outcome).
    pub fn to_text(&self) -> String {
        let mut out = encode(&Frame::Header(self.header.clone()));
        for (i, t) in self.turns.iter().enumerate() {
            out.push_str(&encode(&Frame::Turn(t.clone())));
            if let Some(o) = self.outcomes.get(i) {
                out.push_str(&encode(&Frame::Outcome(o.clone())));
            }
        }
        out
    }

    /// BLAKE3 of the record's text (16 hex digits): for a record file that was written whole,
    /// the first 16 digits of `b3sum FILE`. Names a record in a fork's header.
    pub fn content_hash(&self) -> String {
        scenario_hash(&self.to_text())
    }

    /// The embedded scenario, parsed and validated.
    pub fn scenario(&self) -> Result<crate::Scenario, FileError> {
        crate::scenario::load_str(&self.header.scenario_name, &self.header.scenario)
    }
}

fn describe(f: &Frame) -> String {
    match f {
        Frame::Header(_) => "a second header".into(),
        Frame::Turn(t) => format!("inputs of turn {}", t.turn),
        Frame::Outcome(o) => format!("outcome of turn {}", o.turn),
    }
}
