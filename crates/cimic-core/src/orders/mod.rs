//! The order vocabulary and its check against the present state. An order that fails a check is
//! rejected with a reason a trainee can act on, and changes nothing.

use crate::scenario::diag::{FileError, Problem, did_you_mean};
use crate::scenario::format::Scenario;
use serde::{Deserialize, Serialize};
use std::path::Path;

mod check;
pub mod facts;
pub mod order;
pub mod reason;

pub use check::check;
pub use facts::{OrderKind, Target};
pub use order::Order;
pub use reason::{Reason, Rejection};

/// The orders given for one turn in an orders file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TurnOrders {
    /// The turn the orders are for (1 = the first turn played).
    pub turn: u32,
    #[serde(default)]
    pub orders: Vec<Order>,
    /// Answers to decision points open before this turn is played, so that a planned line of
    /// play (and a batch of games) can take either option of a dilemma. Optional; default none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decide: Vec<Decide>,
}

/// One answer to a decision point in an orders file: `(decision: "clinic_patients", option: "stay")`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decide {
    /// The decision point's id in the scenario.
    pub decision: String,
    /// The id of the option taken.
    pub option: String,
}

/// Loads an orders file (docs/orders-format.md) and checks it against the scenario: turns inside
/// the exercise and units that exist. Whether each order is possible is decided when it is submitted.
pub fn load_orders(path: &Path, scenario: &Scenario) -> Result<Vec<TurnOrders>, FileError> {
    let name = path.display().to_string();
    let text = crate::scenario::load::read_text(path)?;
    parse_orders(&name, &text, scenario)
}

/// Parses and checks orders-file text; `name` is used in messages as the file name.
pub fn parse_orders(
    name: &str,
    text: &str,
    scenario: &Scenario,
) -> Result<Vec<TurnOrders>, FileError> {
    let turns: Vec<TurnOrders> =
        crate::scenario::load::parse_ron(name, text, "docs/orders-format.md")?;
    let mut problems = Vec::new();
    let ids: Vec<&str> = scenario.units.iter().map(|u| u.id.as_str()).collect();
    problems.extend(over_caps(scenario, &turns));
    for (i, t) in turns.iter().enumerate() {
        if t.turn == 0 || t.turn > scenario.meta.turns {
            problems.push(
                Problem::at(
                    format!("[{i}].turn"),
                    format!("turn {} is not in the exercise", t.turn),
                )
                .hint(format!("use a turn from 1 to {}", scenario.meta.turns)),
            );
        }
        for (j, d) in t.decide.iter().enumerate() {
            problems.extend(check_decide(scenario, d, &format!("[{i}].decide[{j}]")));
        }
        for (j, o) in t.orders.iter().enumerate() {
            if !ids.contains(&o.unit()) {
                let hint = match did_you_mean(o.unit(), ids.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None if ids.len() > 20 => format!(
                        "units in this scenario: {}, … ({} in all)",
                        ids[..20].join(", "),
                        ids.len()
                    ),
                    None => format!("units in this scenario: {}", ids.join(", ")),
                };
                problems.push(
                    Problem::at(
                        format!("[{i}].orders[{j}].unit"),
                        format!("unknown unit `{}`", crate::names::clipped(o.unit(), 80)),
                    )
                    .hint(hint),
                );
            }
        }
    }
    if problems.is_empty() {
        Ok(turns)
    } else {
        Err(crate::scenario::load::locate(name, text, problems))
    }
}

/// Entries with more orders or choices than a turn of a record may hold (docs/reliability.md),
/// located at the first one past the cap, so the file is refused before the game starts rather
/// than its orders rejected one by one.
fn over_caps(scenario: &Scenario, turns: &[TurnOrders]) -> Vec<Problem> {
    use crate::scenario::format::SideRole;
    use crate::scenario::validate::budget;
    let force = scenario
        .units
        .iter()
        .filter(|u| {
            scenario
                .sides
                .iter()
                .any(|s| s.id == u.side && s.role == SideRole::Force)
        })
        .count() as u64;
    let orders = budget::max_orders_per_turn(force);
    let choices = budget::max_choices_per_turn(scenario.decisions.len() as u64);
    let mut out = Vec::new();
    for (i, t) in turns.iter().enumerate() {
        if t.orders.len() as u64 > orders {
            out.push(
                Problem::at(
                    format!("[{i}].orders[{orders}]"),
                    format!(
                        "turn {} has {} orders; a turn may hold at most {orders} (four per unit of the force, plus 16)",
                        t.turn,
                        t.orders.len()
                    ),
                )
                .hint("spread the orders over several turns (a unit keeps its last order)"),
            );
        }
        if t.decide.len() as u64 > choices {
            out.push(
                Problem::at(
                    format!("[{i}].decide[{choices}]"),
                    format!(
                        "turn {} has {} choices; a turn may hold at most {choices} (four per decision point, plus 16)",
                        t.turn,
                        t.decide.len()
                    ),
                )
                .hint("keep one choice per decision point"),
            );
        }
    }
    out
}

/// A `decide` entry names a decision point of the scenario and one of its options.
fn check_decide(scenario: &Scenario, d: &Decide, at: &str) -> Option<Problem> {
    let Some(spec) = scenario.decisions.iter().find(|s| s.id == d.decision) else {
        let ids = scenario.decisions.iter().map(|s| s.id.as_str());
        let hint = match did_you_mean(&d.decision, ids.clone()) {
            Some(s) => format!("did you mean `{s}`?"),
            None if scenario.decisions.is_empty() => {
                "this scenario has no decision points".to_string()
            }
            None => format!(
                "decision points in this scenario: {}",
                ids.collect::<Vec<_>>().join(", ")
            ),
        };
        return Some(
            Problem::at(
                format!("{at}.decision"),
                format!("unknown decision point `{}`", d.decision),
            )
            .hint(hint),
        );
    };
    if spec.options.iter().any(|o| o.id == d.option) {
        return None;
    }
    let ids = spec.options.iter().map(|o| o.id.as_str());
    let hint = match did_you_mean(&d.option, ids.clone()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("the options are: {}", ids.collect::<Vec<_>>().join(", ")),
    };
    Some(
        Problem::at(
            format!("{at}.option"),
            format!("`{}` is not an option of `{}`", d.option, d.decision),
        )
        .hint(hint),
    )
}
