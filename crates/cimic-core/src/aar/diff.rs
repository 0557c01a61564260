//! Two games of one scenario side by side (`cimic diff`): where their states part, how the
//! scores and key indicators compare turn by turn, and which ledger causes account for the
//! difference. Typically a record and a fork of it: "what did the other course of action buy?"
//! Games of two versions of one scenario (the same `meta.id`, edited) are compared too, after
//! saying what the edit changed ([`super::scenario_diff`]): "what did the change to the
//! exercise do to the game?"

use super::scenario_diff::{Change, scenario_changes};
use super::timeline::{Indicators, Timeline};
use crate::record::ForkOf;
use crate::sim::scoring::ledger::Metric;
use serde::Serialize;
use std::collections::BTreeSet;

/// Why two records cannot be compared.
#[derive(Debug, Clone, PartialEq)]
pub enum DiffError {
    /// The records embed different scenarios, not two versions of one (name and hash of each).
    Scenarios { a: String, b: String },
}

impl std::fmt::Display for DiffError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DiffError::Scenarios { a, b } => write!(
                f,
                "the records are games of different scenarios ({a} and {b}); only games of one scenario, or of two versions of it with the same `meta.id`, can be compared"
            ),
        }
    }
}

/// One game of the two, as the comparison names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    pub file: String,
    /// The scenario file the game was played on, as the record names it.
    pub scenario_file: String,
    pub seed: u64,
    /// Where its decisions came from, in a few words.
    pub source: String,
    /// Set when the game is a fork.
    pub fork: Option<ForkOf>,
    /// Turns it holds complete.
    pub turns: u32,
    pub final_hash: String,
}

/// One turn of both games.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TurnDiff {
    pub turn: u32,
    /// Whether the two states are the same (equal state hashes).
    pub same_state: bool,
    pub a: Indicators,
    pub b: Indicators,
    /// `b − a` for every indicator.
    pub delta: Indicators,
}

/// A ledger cause whose share of a score differs between the games.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CauseDiff {
    pub metric: Metric,
    /// The cause, orders named by what they were (`order: repair eng1`).
    pub cause: String,
    pub entity: String,
    pub a: f64,
    pub b: f64,
    /// `b − a`.
    pub delta: f64,
    /// The text of the cause's largest entry (from B if it has one, else from A).
    pub text: String,
}

/// The comparison of two records.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    pub scenario: String,
    /// Whether the games were played on two versions of the scenario (the files differ).
    pub scenario_edited: bool,
    /// What changed from A's scenario to B's, as data (empty when only comments or layout
    /// changed, or when both games share one file).
    pub scenario_changes: Vec<Change>,
    pub a: Side,
    pub b: Side,
    /// Whether every compared turn has the same state, and the games are equally long.
    pub identical: bool,
    /// The first turn (0: the start) after which the states differ; `None` if none does.
    pub first_difference: Option<u32>,
    /// Turns 0 to the shorter game's last.
    pub turns: Vec<TurnDiff>,
    /// The causes that differ most, per score, largest difference first.
    pub causes: Vec<CauseDiff>,
}

/// Compares two replayed games of one scenario, or of two versions of it (the same `meta.id`),
/// with the `n` causes that differ most per score.
pub fn diff(
    a: &Timeline,
    a_file: &str,
    b: &Timeline,
    b_file: &str,
    n: usize,
) -> Result<Diff, DiffError> {
    let scenario_edited = a.header.scenario_hash != b.header.scenario_hash;
    if scenario_edited && a.scenario.meta.id != b.scenario.meta.id {
        let name = |t: &Timeline| {
            format!(
                "`{}` {} in {}",
                t.scenario.meta.id, t.header.scenario_hash, t.header.scenario_name
            )
        };
        return Err(DiffError::Scenarios {
            a: name(a),
            b: name(b),
        });
    }
    let turns: Vec<TurnDiff> = a
        .turns
        .iter()
        .zip(&b.turns)
        .map(|(x, y)| {
            let (va, vb) = (x.indicators.values(), y.indicators.values());
            let d: [f64; 8] = std::array::from_fn(|i| vb[i] - va[i]);
            TurnDiff {
                turn: x.turn,
                same_state: x.state_hash == y.state_hash,
                a: x.indicators,
                b: y.indicators,
                delta: Indicators {
                    effectiveness: d[0],
                    efficiency: d[1],
                    civil_harm: d[2],
                    objectives_met: d[3],
                    needs: d[4],
                    deaths: d[5],
                    displaced: d[6],
                    unrest: d[7],
                },
            }
        })
        .collect();
    let first_difference = turns.iter().find(|t| !t.same_state).map(|t| t.turn);
    let last = turns.last().map_or(0, |t| t.turn);
    let mut causes = Vec::new();
    for metric in Metric::ALL {
        let (ta, tb) = (
            a.cause_totals(metric, 1..=last),
            b.cause_totals(metric, 1..=last),
        );
        let keys: BTreeSet<_> = ta.keys().chain(tb.keys()).cloned().collect();
        let mut mine: Vec<CauseDiff> = keys
            .into_iter()
            .filter_map(|k| {
                let (x, tx) = ta.get(&k).cloned().unwrap_or_default();
                let (y, ty) = tb.get(&k).cloned().unwrap_or_default();
                let delta = y - x;
                (delta.abs() > 1e-9).then_some(CauseDiff {
                    metric,
                    cause: k.0,
                    entity: k.1,
                    a: x,
                    b: y,
                    delta,
                    text: if ty.is_empty() { tx } else { ty },
                })
            })
            .collect();
        mine.sort_by(|p, q| q.delta.abs().total_cmp(&p.delta.abs()));
        mine.truncate(n);
        causes.extend(mine);
    }
    let side = |t: &Timeline, file: &str| Side {
        file: file.to_string(),
        scenario_file: t.header.scenario_name.clone(),
        seed: t.header.seed,
        source: super::describe_source(&t.header.source),
        fork: t.header.fork.clone(),
        turns: t.last().turn,
        final_hash: t.last().state_hash.clone(),
    };
    Ok(Diff {
        scenario: a.scenario.meta.id.clone(),
        scenario_edited,
        scenario_changes: if scenario_edited {
            scenario_changes(&a.scenario, &b.scenario)
        } else {
            Vec::new()
        },
        identical: first_difference.is_none() && a.turns.len() == b.turns.len(),
        a: side(a, a_file),
        b: side(b, b_file),
        first_difference,
        turns,
        causes,
    })
}
