//! What a turn produced: a log a trainer can read aloud, the state hash, objective status and scores.

use bevy::prelude::Resource;
use serde::Serialize;

/// Which rule family wrote a log entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LogKind {
    Order,
    Event,
    Message,
    Movement,
    Infrastructure,
    Activity,
    Actor,
    Population,
    Knowledge,
    Decision,
    Request,
    Adversary,
    Engagement,
    Unrest,
    Objective,
    Facilitator,
}

/// One line of the turn's story.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogEntry {
    pub kind: LogKind,
    /// The stable id of the entity (or event/objective) the entry is about.
    pub subject: String,
    pub text: String,
}

/// The log being written during a turn.
#[derive(Resource, Debug, Default, Clone)]
pub struct TurnLog(pub Vec<LogEntry>);

impl TurnLog {
    /// Appends an entry.
    pub fn push(&mut self, kind: LogKind, subject: &str, text: String) {
        self.0.push(LogEntry {
            kind,
            subject: subject.to_string(),
            text,
        });
    }
}

/// The three scores after a turn (docs/rules.md §21): effectiveness 0–100 (higher is better),
/// efficiency 0–100 (higher is better), civil harm from 0 up (lower is better). Each is the sum
/// of its ledger entries so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Scores {
    pub effectiveness: f64,
    pub efficiency: f64,
    pub civil_harm: f64,
}

/// Where an objective stands after a turn.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObjectiveStatus {
    pub id: String,
    /// `pending`, `met` or `failed`.
    pub status: &'static str,
    pub met_on: Option<u32>,
}

/// Everything one `advance()` produced.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TurnReport {
    pub turn: u32,
    pub log: Vec<LogEntry>,
    pub objectives: Vec<ObjectiveStatus>,
    pub scores: Scores,
    /// The ledger entries this turn wrote: every change of a score, with its cause.
    pub ledger: Vec<super::scoring::ledger::Entry>,
    pub state_hash: String,
}
