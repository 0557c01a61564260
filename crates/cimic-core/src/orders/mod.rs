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
    pub orders: Vec<Order>,
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
        for (j, o) in t.orders.iter().enumerate() {
            if !ids.contains(&o.unit()) {
                let hint = match did_you_mean(o.unit(), ids.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("units in this scenario: {}", ids.join(", ")),
                };
                problems.push(
                    Problem::at(
                        format!("[{i}].orders[{j}].unit"),
                        format!("unknown unit `{}`", o.unit()),
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
