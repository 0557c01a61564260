//! The score ledger: every change of a score is an entry with its turn, amount, cause, entity and
//! one sentence a trainer can read aloud. A score is the sum of its entries; the AAR and the
//! `--json` summary read their "largest causes" from here.

use super::doctrine::Check;
use bevy::prelude::Resource;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// The three scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    Effectiveness,
    Efficiency,
    CivilHarm,
}

impl Metric {
    /// Every metric, in report order.
    pub const ALL: [Metric; 3] = [Metric::Effectiveness, Metric::Efficiency, Metric::CivilHarm];

    /// Index into per-metric arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Name as in `--json` output.
    pub fn name(self) -> &'static str {
        match self {
            Metric::Effectiveness => "effectiveness",
            Metric::Efficiency => "efficiency",
            Metric::CivilHarm => "civil_harm",
        }
    }
}

/// What changed a score: a player's order, a scenario inject or decision, an objective, or a
/// standing rule of the engine (named as in docs/rules.md).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Cause {
    Order(u32),
    Event(String),
    Decision(String),
    Objective(String),
    Rule(&'static str),
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cause::Order(id) => write!(f, "order #{id}"),
            Cause::Event(id) => write!(f, "event {id}"),
            Cause::Decision(id) => write!(f, "decision {id}"),
            Cause::Objective(id) => write!(f, "objective {id}"),
            Cause::Rule(name) => write!(f, "rule: {name}"),
        }
    }
}

/// Who is behind a harm: what the force did itself weighs more than what it failed to prevent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The force's own action (or the players' choice at a decision point).
    Force,
    Adversary,
    /// A disaster or other scenario inject.
    Disaster,
    /// Needs nobody met.
    UnmetNeeds,
}

impl Origin {
    /// Every origin, in report order.
    pub const ALL: [Origin; 4] = [
        Origin::Force,
        Origin::Adversary,
        Origin::Disaster,
        Origin::UnmetNeeds,
    ];

    /// Index into per-origin arrays.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// One change of one score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub turn: u32,
    pub metric: Metric,
    /// Points added to the score (negative: taken away).
    pub amount: f64,
    pub cause: Cause,
    /// The stable id of the unit, site, actor, district or objective concerned.
    pub entity: String,
    /// For civil harm: who is behind it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    /// The doctrine check this entry records, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check: Option<Check>,
    /// One sentence a trainer can read aloud.
    pub text: String,
}

/// Every entry of the game so far, in the order written (turn by turn).
#[derive(Resource, Debug, Default, Clone)]
pub struct Ledger {
    pub entries: Vec<Entry>,
}

/// A cause's share of a score over some turns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CauseTotal {
    pub metric: Metric,
    pub cause: String,
    pub entity: String,
    /// Sum of the cause's entries.
    pub amount: f64,
    pub entries: u32,
    /// The text of the cause's largest entry.
    pub text: String,
}

impl Ledger {
    /// Sum of a metric's entries up to and including `turn`.
    pub fn total(&self, metric: Metric, turn: u32) -> f64 {
        self.entries
            .iter()
            .filter(|e| e.metric == metric && e.turn <= turn)
            .map(|e| e.amount)
            .sum::<f64>()
            + 0.0 // an empty sum is −0.0; reports should say 0
    }

    /// Entries written in one turn.
    pub fn of_turn(&self, turn: u32) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(move |e| e.turn == turn)
    }

    /// The `n` causes (cause and entity together) that moved a metric most over `turns`, by
    /// absolute amount; ties go to the cause first in sort order, so the list is stable.
    pub fn top_causes(
        &self,
        metric: Metric,
        turns: std::ops::RangeInclusive<u32>,
        n: usize,
    ) -> Vec<CauseTotal> {
        let mut groups: BTreeMap<(&Cause, &str), (f64, u32, &Entry)> = BTreeMap::new();
        for e in self
            .entries
            .iter()
            .filter(|e| e.metric == metric && turns.contains(&e.turn))
        {
            let slot = groups
                .entry((&e.cause, e.entity.as_str()))
                .or_insert((0.0, 0, e));
            slot.0 += e.amount;
            slot.1 += 1;
            if e.amount.abs() > slot.2.amount.abs() {
                slot.2 = e;
            }
        }
        let mut out: Vec<CauseTotal> = groups
            .into_iter()
            .map(|((cause, entity), (amount, entries, largest))| CauseTotal {
                metric,
                cause: cause.to_string(),
                entity: entity.to_string(),
                amount,
                entries,
                text: largest.text.clone(),
            })
            .collect();
        // A stable sort keeps the map's order among equal amounts.
        out.sort_by(|a, b| b.amount.abs().total_cmp(&a.amount.abs()));
        out.truncate(n);
        out
    }
}
