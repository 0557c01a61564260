//! What an analyst reads first: the scores, harm by origin, the largest causes of each score and
//! how each doctrine principle fared. Shared by `cimic run --json`, the AAR report and the GUI.

use super::doctrine::Principle;
use super::ledger::{CauseTotal, Ledger, Metric, Origin};
use crate::sim::report::Scores;
use serde::Serialize;
use std::collections::BTreeMap;

/// How often a principle was upheld and how often breached.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DoctrineTally {
    pub principle: Principle,
    pub reference: &'static str,
    pub upheld: u32,
    pub breached: u32,
}

/// The scores of a game so far with their explanation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreSummary {
    pub scores: Scores,
    /// Civil harm points by origin (`force` includes the own-harm multiplier).
    pub civil_harm_by_origin: BTreeMap<Origin, f64>,
    /// Civil harm from the disaster and the injects, which no order prevents: shown apart so that
    /// the headline says what the trainees controlled (docs/rules.md §21.4).
    pub civil_harm_beyond_control: f64,
    /// The rest of civil harm: what the force caused, and what the adversary and unmet needs did
    /// that the force's orders could have prevented or lessened.
    pub civil_harm_trainees_part: f64,
    /// The largest causes of each score over the turns played (turn 0, the starting
    /// situation, is not a cause), largest first.
    pub top_causes: BTreeMap<Metric, Vec<CauseTotal>>,
    /// Every principle that was checked, in principle order.
    pub doctrine: Vec<DoctrineTally>,
}

/// Summarises the ledger up to `turn`, with the `n` largest causes per score.
pub fn summarise(ledger: &Ledger, turn: u32, n: usize) -> ScoreSummary {
    let total = |m| ledger.total(m, turn);
    let mut by_origin = BTreeMap::new();
    let mut doctrine: BTreeMap<Principle, (u32, u32)> = BTreeMap::new();
    for e in ledger.entries.iter().filter(|e| e.turn <= turn) {
        if let Some(o) = e.origin {
            *by_origin.entry(o).or_insert(0.0) += e.amount;
        }
        if let Some(c) = e.check {
            let slot = doctrine.entry(c.principle).or_insert((0, 0));
            if c.upheld {
                slot.0 += 1;
            } else {
                slot.1 += 1;
            }
        }
    }
    let civil_harm = total(Metric::CivilHarm);
    let beyond = by_origin.get(&Origin::Disaster).copied().unwrap_or(0.0);
    ScoreSummary {
        scores: Scores {
            effectiveness: total(Metric::Effectiveness),
            efficiency: total(Metric::Efficiency),
            civil_harm,
        },
        civil_harm_by_origin: by_origin,
        civil_harm_beyond_control: beyond,
        civil_harm_trainees_part: civil_harm - beyond,
        top_causes: Metric::ALL
            .iter()
            .map(|&m| (m, ledger.top_causes(m, 1..=turn, n)))
            .collect(),
        doctrine: doctrine
            .into_iter()
            .map(|(principle, (upheld, breached))| DoctrineTally {
                principle,
                reference: principle.reference(),
                upheld,
                breached,
            })
            .collect(),
    }
}
