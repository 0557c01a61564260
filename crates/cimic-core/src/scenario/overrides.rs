//! Parameter overrides: a scenario's values changed by path (`unrest.active_threshold`,
//! `actors.unhcr.capacity`, `units.red_cell.strength`, `scoring.harm.casualties`), so that an
//! experiment design can vary a scenario without copies of its file. One implementation for the
//! command line (`cimic batch`) and the Python package, and every changed scenario goes through
//! the same validation as a file, so an override can never make the simulation see a value a
//! scenario file could not hold.
//!
//! How it works: the valid scenario is turned once into a JSON tree ([`Base`]); each override
//! walks the tree by its path and replaces one leaf; the tree is read back into a [`Scenario`]
//! by the format's own serde types (so types, enums and unknown fields are checked as in a file)
//! and the result is validated like a file. Paths name struct fields, list items by position
//! (`units[3]`) or by id (`units.red_cell`, `units[red_cell]`).

use super::diag::{FileError, Problem, did_you_mean};
use super::{Scenario, load, validate};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

/// Longest override path accepted (no scenario path is anywhere near as long).
const MAX_PATH_LEN: usize = 256;

/// One parameter of a scenario to set: where, and to what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Override {
    /// The value's path in the scenario, e.g. `actors.unhcr.capacity`.
    pub path: String,
    pub value: Value,
}

/// A value as a design gives it: a CSV cell is text (read as the scenario's field needs), RON
/// and Python give numbers, truth values or text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Bool(bool),
    Number(f64),
    Text(String),
}

impl std::fmt::Display for Value {
    /// The value as a design cell writes it (numbers in the shortest form that reads back exactly).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(x) => write!(f, "{x}"),
            Value::Text(t) => write!(f, "{t}"),
        }
    }
}

impl Value {
    /// The value as a number, when it is one or is text that reads as one (for numeric columns
    /// of results).
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(x) => Some(*x),
            Value::Text(t) => t.trim().parse().ok(),
            Value::Bool(_) => None,
        }
    }
}

/// Why a set of overrides was refused: problems with the overrides themselves (a path that
/// leads nowhere, a value of the wrong kind), or the changed scenario failing validation.
#[derive(Debug, Clone)]
pub enum OverrideError {
    /// Each problem's `path` is the override's path.
    Overrides(Vec<Problem>),
    /// The scenario with the overrides applied, as validation sees it; located in the original
    /// file (which shows the value before the override).
    Invalid(Box<FileError>),
}

impl OverrideError {
    /// Every problem as text for people: the same words on the command line and in Python.
    pub fn render(&self) -> String {
        match self {
            OverrideError::Overrides(problems) => {
                let mut out = String::new();
                for p in problems {
                    out.push_str(&format!("override `{}`: {}", p.path, p.message));
                    if let Some(h) = &p.hint {
                        out.push_str(&format!(" (hint: {h})"));
                    }
                    out.push('\n');
                }
                out
            }
            OverrideError::Invalid(e) => format!(
                "with these overrides the scenario is not valid (the file shows the values before the overrides):\n{}",
                e.render(false)
            ),
        }
    }
}

/// A valid scenario ready to take overrides: its text (for locating problems) and its JSON tree,
/// built once and shared by every design row on the same scenario.
#[derive(Debug, Clone)]
pub struct Base {
    name: String,
    text: String,
    scenario: Scenario,
    tree: Json,
}

impl Base {
    /// Loads and validates scenario text (as [`super::load_str`]) and builds its tree.
    pub fn new(name: &str, text: &str) -> Result<Base, FileError> {
        let scenario = super::load_str(name, text)?;
        let tree = serde_json::to_value(&scenario).map_err(|e| {
            FileError::whole(name, Problem::at("", format!("cannot take overrides: {e}")))
        })?;
        Ok(Base {
            name: name.to_string(),
            text: text.to_string(),
            scenario,
            tree,
        })
    }

    /// The scenario as its file gives it.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The scenario file's name, as messages give it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The scenario with `overrides` applied in order, validated like a file. No overrides give
    /// the file's scenario itself, untouched.
    pub fn apply(&self, overrides: &[Override]) -> Result<Scenario, OverrideError> {
        if overrides.is_empty() {
            return Ok(self.scenario.clone());
        }
        let mut tree = self.tree.clone();
        let problems: Vec<Problem> = overrides
            .iter()
            .filter_map(|o| set(&mut tree, o).err())
            .collect();
        if !problems.is_empty() {
            return Err(OverrideError::Overrides(problems));
        }
        let scenario: Scenario = match serde_json::from_value(tree) {
            Ok(s) => s,
            Err(e) => return Err(OverrideError::Overrides(self.culprits(overrides, &e))),
        };
        let mut problems = validate::validate(&scenario);
        if problems.is_empty() {
            problems = validate::budget::record_problems(&scenario, &self.text);
        }
        if problems.is_empty() {
            Ok(scenario)
        } else {
            let located = load::locate(&self.name, &self.text, problems);
            Err(OverrideError::Invalid(Box::new(located)))
        }
    }

    /// Which overrides give a value the format cannot read (tried one by one; only on errors).
    fn culprits(&self, overrides: &[Override], all: &serde_json::Error) -> Vec<Problem> {
        let hint = "see docs/scenario-format.md for the field's type and range";
        let mut found: Vec<Problem> = overrides
            .iter()
            .filter_map(|o| {
                let mut tree = self.tree.clone();
                set(&mut tree, o).ok()?;
                let e = serde_json::from_value::<Scenario>(tree).err()?;
                Some(
                    Problem::at(
                        &o.path,
                        format!("the value `{}` does not fit: {e}", o.value),
                    )
                    .hint(hint),
                )
            })
            .collect();
        if found.is_empty() {
            let paths: Vec<&str> = overrides.iter().map(|o| o.path.as_str()).collect();
            found.push(
                Problem::at(
                    paths.join(", "),
                    format!("these values together do not fit: {all}"),
                )
                .hint(hint),
            );
        }
        found
    }
}

/// One step of a path: a field name, or a list item by position or id.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Field(String),
    Item(String),
}

/// Splits `a.b[c].d` into steps; a bad path is a problem at that path.
fn steps(path: &str) -> Result<Vec<Step>, Problem> {
    let bad = |m: &str| {
        Problem::at(path, m.to_string())
            .hint("write fields with dots and list items by id or position: `actors.unhcr.capacity`, `units[0].strength`")
    };
    if path.is_empty() || path.len() > MAX_PATH_LEN {
        return Err(bad("the path is empty or too long"));
    }
    let mut out = Vec::new();
    for part in path.split('.') {
        let (name, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if name.is_empty() && (rest.is_empty() || out.is_empty()) {
            return Err(bad("a part of the path is empty"));
        }
        if !name.is_empty() {
            out.push(Step::Field(name.to_string()));
        }
        while !rest.is_empty() {
            let Some(close) = rest.find(']') else {
                return Err(bad("a `[` is not closed"));
            };
            let key = &rest[1..close];
            if key.is_empty() || !rest.starts_with('[') {
                return Err(bad("write list items as `[id]` or `[position]`"));
            }
            out.push(Step::Item(key.to_string()));
            rest = &rest[close + 1..];
        }
    }
    Ok(out)
}

/// Sets one override in the tree.
fn set(tree: &mut Json, o: &Override) -> Result<(), Problem> {
    let steps = steps(&o.path)?;
    let mut here = tree;
    let mut walked = String::new();
    for (i, step) in steps.iter().enumerate() {
        let last = i + 1 == steps.len();
        let key = match step {
            Step::Field(k) | Step::Item(k) => k.as_str(),
        };
        here = match here {
            Json::Object(map) => {
                if !map.contains_key(key) {
                    let known: Vec<&str> = map.keys().map(String::as_str).collect();
                    match did_you_mean(key, known.iter().copied()) {
                        // A field the tree leaves out (an absent optional one) may still exist:
                        // the format's types decide when the tree is read back.
                        None if last => {
                            map.insert(key.to_string(), Json::Null);
                        }
                        guess => {
                            return Err(no_such(&o.path, &walked, key, guess, &known));
                        }
                    }
                }
                map.get_mut(key).expect("present or inserted")
            }
            Json::Array(items) => item(items, key, &o.path, &walked)?,
            _ => {
                return Err(Problem::at(
                    &o.path,
                    format!("`{walked}` is a single value: it has no `{key}`"),
                )
                .hint("end the path at the value to set"));
            }
        };
        walked = if walked.is_empty() {
            key.to_string()
        } else if matches!(step, Step::Item(_)) {
            format!("{walked}[{key}]")
        } else {
            format!("{walked}.{key}")
        };
    }
    *here = leaf(here, &o.value, &o.path)?;
    Ok(())
}

/// The problem of a field that is not there.
fn no_such(path: &str, walked: &str, key: &str, guess: Option<String>, known: &[&str]) -> Problem {
    let within = if walked.is_empty() {
        "the scenario".to_string()
    } else {
        format!("`{walked}`")
    };
    let p = Problem::at(path, format!("{within} has no field `{key}`"));
    match guess {
        Some(g) => p.hint(format!("did you mean `{g}`?")),
        None => p.hint(format!("fields there: {}", known.join(", "))),
    }
}

/// A list item by position or by its `id`.
fn item<'a>(
    items: &'a mut [Json],
    key: &str,
    path: &str,
    walked: &str,
) -> Result<&'a mut Json, Problem> {
    let n = items.len();
    let pos = match key.parse::<usize>() {
        Ok(i) if i < n => Some(i),
        Ok(_) => {
            return Err(Problem::at(
                path,
                format!("`{walked}` has {n} items; there is no item {key}"),
            )
            .hint(format!("positions run from 0 to {}", n.saturating_sub(1))));
        }
        Err(_) => items
            .iter()
            .position(|v| v.get("id").and_then(Json::as_str) == Some(key)),
    };
    match pos {
        Some(i) => Ok(&mut items[i]),
        None => {
            let ids: Vec<&str> = items
                .iter()
                .filter_map(|v| v.get("id").and_then(Json::as_str))
                .collect();
            let hint = match did_you_mean(key, ids.iter().copied()) {
                Some(g) => format!("did you mean `{g}`?"),
                None if ids.is_empty() => "give the item's position, e.g. `[0]`".to_string(),
                None => format!("ids there: {}", ids.join(", ")),
            };
            Err(Problem::at(path, format!("`{walked}` has no item with id `{key}`")).hint(hint))
        }
    }
}

/// The new leaf for a value, read as the present leaf's kind asks (a number for a number, …).
fn leaf(present: &Json, value: &Value, path: &str) -> Result<Json, Problem> {
    let wrong = |what: &str| {
        Problem::at(path, format!("expected {what}, found `{value}`"))
            .hint("see docs/scenario-format.md for the field's type and range")
    };
    match present {
        Json::Object(_) | Json::Array(_) => Err(Problem::at(
            path,
            "this is a structure or a list, not a single value",
        )
        .hint("set its fields one by one, e.g. `scoring.harm.casualties`")),
        Json::Number(_) => number(value, path)?.ok_or_else(|| wrong("a number")),
        Json::Bool(_) => match value {
            Value::Bool(b) => Ok(Json::Bool(*b)),
            Value::Text(t) if t.trim() == "true" => Ok(Json::Bool(true)),
            Value::Text(t) if t.trim() == "false" => Ok(Json::Bool(false)),
            _ => Err(wrong("true or false")),
        },
        Json::String(_) => match value {
            Value::Text(t) => Ok(Json::String(t.clone())),
            _ => Err(wrong("text")),
        },
        Json::Null => Ok(match value {
            Value::Bool(b) => Json::Bool(*b),
            Value::Text(t) if t.trim() == "true" || t.trim() == "false" => {
                Json::Bool(t.trim() == "true")
            }
            _ => match number(value, path)? {
                Some(n) => n,
                None => Json::String(value.to_string()),
            },
        }),
    }
}

/// A value as a JSON number: whole numbers as integers (so that counts read back), others as
/// floats; `None` when the value is no number. Infinite and NaN values are refused.
fn number(value: &Value, path: &str) -> Result<Option<Json>, Problem> {
    let x = match value {
        Value::Number(x) => *x,
        Value::Text(t) => {
            let t = t.trim();
            if let Ok(i) = t.parse::<i64>() {
                return Ok(Some(Json::from(i)));
            }
            if let Ok(u) = t.parse::<u64>() {
                return Ok(Some(Json::from(u)));
            }
            match t.parse::<f64>() {
                Ok(x) => x,
                Err(_) => return Ok(None),
            }
        }
        Value::Bool(_) => return Ok(None),
    };
    if !x.is_finite() {
        return Err(
            Problem::at(path, format!("`{x}` is not a finite number")).hint("give a finite number")
        );
    }
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        return Ok(Some(Json::from(x as i64)));
    }
    Ok(serde_json::Number::from_f64(x).map(Json::Number))
}

#[cfg(test)]
mod tests;
