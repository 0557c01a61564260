//! Decision points (matrix-game style): an inject puts a choice with named options in front of
//! the players; the option they choose — or the default, if they do not — takes effect at the
//! start of the next turn. Choices are inputs like orders, so a replay reproduces them.

use super::compiled_effect::CompiledEffect;
use super::report::{LogKind, TurnLog};
use bevy::prelude::Resource;
use serde::Serialize;

/// A decision point with its options' effects resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct CompiledDecision {
    pub id: String,
    pub title: String,
    pub briefing: String,
    /// (id, label, effects) per option.
    pub options: Vec<(String, String, Vec<CompiledEffect>)>,
    /// Index of the default option.
    pub default: usize,
}

/// How a decision was resolved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resolution {
    pub turn: u32,
    pub decision: String,
    pub option: String,
    /// True when nobody chose and the default was taken.
    pub defaulted: bool,
}

/// The scenario's decision points, those open now, the players' choices, and what was decided.
#[derive(Resource, Debug, Clone, Default)]
pub struct DecisionState {
    pub decisions: Vec<CompiledDecision>,
    /// Decision indices open now, in the order they were opened.
    pub open: Vec<u32>,
    /// Choices made for open decisions: (decision index, option index).
    pub chosen: Vec<(u32, usize)>,
    pub history: Vec<Resolution>,
}

/// Why a choice was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum ChoiceError {
    NotOpen {
        decision: String,
    },
    UnknownOption {
        option: String,
        options: Vec<String>,
    },
    /// The turn already holds the most choices a record may keep for it (four per decision
    /// point of the scenario, plus 16).
    TooMany {
        limit: u64,
    },
}

impl std::fmt::Display for ChoiceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChoiceError::NotOpen { decision } => {
                write!(f, "decision `{decision}` is not open now")
            }
            ChoiceError::UnknownOption { option, options } => write!(
                f,
                "`{option}` is not an option; the options are: {}",
                options.join(", ")
            ),
            ChoiceError::TooMany { limit } => write!(
                f,
                "this turn already holds {limit} choices, the most a turn may record; play the turn to resolve them"
            ),
        }
    }
}

impl std::error::Error for ChoiceError {}

impl DecisionState {
    /// Opens a decision (once; a decision already open stays as it is).
    pub fn open(&mut self, d: u32, log: &mut TurnLog) {
        let Some(dec) = self.decisions.get(d as usize) else {
            return;
        };
        if self.open.contains(&d) {
            return;
        }
        self.open.push(d);
        let labels: Vec<&str> = dec.options.iter().map(|o| o.1.as_str()).collect();
        log.push(
            LogKind::Decision,
            &dec.id,
            format!("decision point: {} — {}", dec.title, labels.join(" / ")),
        );
    }

    /// Records the players' choice for an open decision (a later choice replaces an earlier one).
    pub fn choose(&mut self, decision: &str, option: &str) -> Result<(), ChoiceError> {
        let found = self
            .open
            .iter()
            .copied()
            .find(|&d| self.decisions[d as usize].id == decision);
        let Some(d) = found else {
            return Err(ChoiceError::NotOpen {
                decision: decision.to_string(),
            });
        };
        let dec = &self.decisions[d as usize];
        let Some(o) = dec.options.iter().position(|x| x.0 == option) else {
            return Err(ChoiceError::UnknownOption {
                option: option.to_string(),
                options: dec.options.iter().map(|x| x.0.clone()).collect(),
            });
        };
        self.chosen.retain(|(x, _)| *x != d);
        self.chosen.push((d, o));
        Ok(())
    }

    /// Closes every open decision with its chosen or default option; returns what to apply, and
    /// whether nobody decided (the default's harm is then not the force's own act).
    pub fn resolve(
        &mut self,
        turn: u32,
        log: &mut TurnLog,
    ) -> Vec<(String, bool, Vec<CompiledEffect>)> {
        let mut out = Vec::new();
        for d in std::mem::take(&mut self.open) {
            let dec = &self.decisions[d as usize];
            let chosen = self.chosen.iter().find(|(x, _)| *x == d).map(|(_, o)| *o);
            let o = chosen.unwrap_or(dec.default);
            let (oid, label, effects) = &dec.options[o];
            let how = if chosen.is_some() {
                "chosen"
            } else {
                "default, nobody decided"
            };
            log.push(
                LogKind::Decision,
                &dec.id,
                format!("decision {}: {label} ({how})", dec.title),
            );
            self.history.push(Resolution {
                turn,
                decision: dec.id.clone(),
                option: oid.clone(),
                defaulted: chosen.is_none(),
            });
            out.push((dec.id.clone(), chosen.is_none(), effects.clone()));
        }
        self.chosen.clear();
        out
    }
}
