//! Experiment designs: one row per game, naming the scenario, the seed, where the decisions come
//! from and the parameter overrides. Read from CSV (a header line; one column per override path)
//! or RON (docs/analysis.md), or built by a program (the Python package, [`super::generate`]):
//! every source is turned into the same named cells and checked by one function, [`row`], so a
//! bad cell gets the same message wherever it came from, located in the file when there is one.

use crate::scenario::diag::{FileError, Problem};
use crate::scenario::overrides::{Override, Value};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Most rows a design may hold (a million games is far beyond one machine's day).
pub const MAX_ROWS: usize = 1_000_000;

/// The columns with a meaning of their own; every other column is an override path.
pub const RESERVED: [&str; 6] = ["scenario", "seed", "policy", "orders", "record", "turns"];

/// Where a row's decisions come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decisions {
    /// Nobody gives orders: every unit holds.
    Holds,
    /// A built-in policy by name.
    Policy(String),
    /// An orders file (docs/orders-format.md).
    Orders(String),
    /// The inputs of a record (`cimic run --record`), played under the row's seed.
    Record(String),
}

impl Decisions {
    /// One short label for results tables: `policy:cimic-first`, `orders:FILE`, `record:FILE`,
    /// `holds`.
    pub fn label(&self) -> String {
        match self {
            Decisions::Holds => "holds".to_string(),
            Decisions::Policy(p) => format!("policy:{p}"),
            Decisions::Orders(f) => format!("orders:{f}"),
            Decisions::Record(f) => format!("record:{f}"),
        }
    }
}

/// Where a row came from, for messages: a path in the problem (`rows[3]`, `line 4`) and, in a
/// CSV file, the span of each cell.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Origin {
    pub path: String,
    pub cells: BTreeMap<String, (usize, usize)>,
}

impl Origin {
    /// A problem about one cell (or the whole row when `column` is empty).
    pub fn problem(&self, column: &str, message: impl Into<String>) -> Problem {
        let path = match (column.is_empty(), self.cells.is_empty()) {
            (true, _) => self.path.clone(),
            (false, true) => format!("{}.{column}", self.path),
            (false, false) => format!("{}, column `{column}`", self.path),
        };
        let mut p = Problem::at(path, message);
        p.span = self
            .cells
            .get(column)
            .or_else(|| self.cells.get(""))
            .copied();
        p
    }
}

/// One game of a design.
#[derive(Debug, Clone, PartialEq)]
pub struct DesignRow {
    /// The scenario file (empty for a record's own scenario).
    pub scenario: String,
    pub seed: u64,
    pub decisions: Decisions,
    /// Play up to this turn (default: the scenario's last).
    pub turns: Option<u32>,
    /// Applied in order to the scenario before the game.
    pub overrides: Vec<Override>,
    pub origin: Origin,
}

/// A design: its rows and, when read from a file, the file's name and text (for located
/// messages and the design's hash).
#[derive(Debug, Clone, Default)]
pub struct Design {
    pub name: String,
    pub text: String,
    pub rows: Vec<DesignRow>,
}

impl Design {
    /// A design built by a program: no file to point into.
    pub fn from_rows(name: &str, rows: Vec<DesignRow>) -> Design {
        Design {
            name: name.to_string(),
            text: String::new(),
            rows,
        }
    }

    /// Problems found in this design's rows, as one located error.
    pub fn error(&self, problems: Vec<Problem>) -> FileError {
        FileError {
            file: self.name.clone(),
            text: self.text.clone(),
            problems,
        }
    }

    /// BLAKE3 (16 hex digits) of everything that decides the games: each row's scenario, seed,
    /// decisions, turns and overrides, in order. Shards of one design carry the same hash, so
    /// `merge` can refuse outputs of different designs.
    pub fn hash(&self) -> String {
        let mut h = blake3::Hasher::new();
        for r in &self.rows {
            let line = format!(
                "{}\u{1}{}\u{1}{}\u{1}{:?}\u{1}",
                r.scenario,
                r.seed,
                r.decisions.label(),
                r.turns
            );
            h.update(line.as_bytes());
            for o in &r.overrides {
                // `3000`, `3000.0` and 3000 are one value, from a CSV cell, pandas or RON.
                let value = o
                    .value
                    .as_f64()
                    .map_or_else(|| o.value.to_string(), |x| x.to_string());
                h.update(format!("{}={value}\u{2}", o.path).as_bytes());
            }
            h.update(b"\n");
        }
        h.finalize().to_hex()[..16].to_string()
    }

    /// The override paths of all rows, in order of first appearance: the override columns of
    /// the results.
    pub fn override_paths(&self) -> Vec<String> {
        let mut seen = Vec::<String>::new();
        for r in &self.rows {
            for o in &r.overrides {
                if !seen.contains(&o.path) {
                    seen.push(o.path.clone());
                }
            }
        }
        seen
    }
}

/// A row from named cells (a CSV line, a RON row, a Python dict): `None` is an empty cell. Every
/// problem is returned, located through `origin`.
pub fn row(cells: &[(String, Option<Value>)], origin: Origin) -> Result<DesignRow, Vec<Problem>> {
    let mut problems = Vec::new();
    let get = |k: &str| {
        cells
            .iter()
            .find(|(c, _)| c == k)
            .and_then(|(_, v)| v.clone())
    };
    let text = |k: &str, problems: &mut Vec<Problem>| match get(k) {
        None => None,
        Some(Value::Text(t)) if t.trim().is_empty() => None,
        Some(Value::Text(t)) => Some(t.trim().to_string()),
        Some(v) => {
            problems
                .push(origin.problem(k, format!("expected text (a file or a name), found `{v}`")));
            None
        }
    };
    let scenario = text("scenario", &mut problems).unwrap_or_default();
    let seed = match get("seed") {
        None => {
            problems.push(
                origin
                    .problem("seed", "every row needs a seed")
                    .hint("a whole number from 0 to 2^64-1"),
            );
            0
        }
        Some(v) => whole(&v).unwrap_or_else(|| {
            problems.push(
                origin
                    .problem("seed", format!("`{v}` is not a seed"))
                    .hint("a whole number from 0 to 2^64-1"),
            );
            0
        }),
    };
    let turns = get("turns").and_then(|v| match whole(&v).and_then(|t| u32::try_from(t).ok()) {
        Some(t) if t > 0 => Some(t),
        _ if v.to_string().trim().is_empty() => None,
        _ => {
            problems.push(
                origin
                    .problem("turns", format!("`{v}` is not a number of turns"))
                    .hint("a whole number from 1 to the scenario's turns, or empty for all"),
            );
            None
        }
    });
    let sources: Vec<Decisions> = [
        text("policy", &mut problems).map(Decisions::Policy),
        text("orders", &mut problems).map(Decisions::Orders),
        text("record", &mut problems).map(Decisions::Record),
    ]
    .into_iter()
    .flatten()
    .collect();
    if sources.len() > 1 {
        problems.push(
            origin
                .problem("policy", "a row names more than one source of decisions")
                .hint("fill only one of `policy`, `orders` and `record` (none: every unit holds)"),
        );
    }
    let decisions = sources.into_iter().next().unwrap_or(Decisions::Holds);
    if scenario.is_empty() && !matches!(decisions, Decisions::Record(_)) {
        problems.push(origin.problem("scenario", "every row needs a scenario file").hint("only a row that plays a `record` may leave it empty: the record holds its scenario"));
    }
    let overrides = cells
        .iter()
        .filter(|(c, _)| !RESERVED.contains(&c.as_str()))
        .filter_map(|(c, v)| match v {
            Some(Value::Text(t)) if t.trim().is_empty() => None,
            Some(v) => Some(Override {
                path: c.trim().to_string(),
                value: v.clone(),
            }),
            None => None,
        })
        .collect();
    if problems.is_empty() {
        Ok(DesignRow {
            scenario,
            seed,
            decisions,
            turns,
            overrides,
            origin,
        })
    } else {
        Err(problems)
    }
}

/// A whole non-negative number from a cell.
fn whole(v: &Value) -> Option<u64> {
    match v {
        Value::Number(x) if x.fract() == 0.0 && *x >= 0.0 && *x < 1.8e19 => Some(*x as u64),
        Value::Text(t) => t.trim().parse().ok(),
        _ => None,
    }
}

/// Reads a design file: RON when the name ends in `.ron`, CSV otherwise.
pub fn parse(name: &str, text: &str) -> Result<Design, FileError> {
    if name.ends_with(".ron") {
        parse_ron(name, text)
    } else {
        parse_csv(name, text)
    }
}

/// A RON design: `(rows: [(scenario: "…", seed: 1, policy: "cimic-first", set: {"path": value}), …])`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RonDesign {
    rows: Vec<RonRow>,
}

/// One row of a RON design.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RonRow {
    #[serde(default)]
    scenario: Option<String>,
    seed: u64,
    #[serde(default)]
    policy: Option<String>,
    #[serde(default)]
    orders: Option<String>,
    #[serde(default)]
    record: Option<String>,
    #[serde(default)]
    turns: Option<u32>,
    /// Override path → value, applied in the order written.
    #[serde(default)]
    set: Vec<(String, Value)>,
}

fn parse_ron(name: &str, text: &str) -> Result<Design, FileError> {
    let design: RonDesign = crate::scenario::load::parse_ron(name, text, "docs/analysis.md")?;
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    if design.rows.len() > MAX_ROWS {
        problems.push(
            Problem::at(
                "rows",
                format!(
                    "{} rows; a design holds at most {MAX_ROWS}",
                    design.rows.len()
                ),
            )
            .hint("split the design into several files"),
        );
    }
    for (i, r) in design.rows.into_iter().enumerate().take(MAX_ROWS) {
        let text_cell = |k: &str, v: Option<String>| (k.to_string(), v.map(Value::Text));
        let mut cells = vec![
            text_cell("scenario", r.scenario),
            ("seed".to_string(), Some(Value::Number(r.seed as f64))),
            text_cell("policy", r.policy),
            text_cell("orders", r.orders),
            text_cell("record", r.record),
            (
                "turns".to_string(),
                r.turns.map(|t| Value::Number(f64::from(t))),
            ),
        ];
        let origin = Origin {
            path: format!("rows[{i}]"),
            cells: BTreeMap::new(),
        };
        for (path, _) in &r.set {
            if RESERVED.contains(&path.as_str()) {
                problems.push(origin.problem(
                    "set",
                    format!("`{path}` is a column of its own, not an override"),
                ));
            }
        }
        cells.extend(r.set.into_iter().map(|(k, v)| (k, Some(v))));
        match row(&cells, origin) {
            Ok(mut row) => {
                // A seed above 2^53 does not survive the trip through f64: take it as written.
                row.seed = r.seed;
                rows.push(row);
            }
            Err(p) => problems.extend(p),
        }
    }
    if problems.is_empty() {
        Ok(Design {
            name: name.to_string(),
            text: text.to_string(),
            rows,
        })
    } else {
        Err(crate::scenario::load::locate(name, text, problems))
    }
}

fn parse_csv(name: &str, text: &str) -> Result<Design, FileError> {
    let fail = |problems: Vec<Problem>| FileError {
        file: name.to_string(),
        text: text.to_string(),
        problems,
    };
    let records = super::csv::records(text).map_err(|(at, m)| {
        let mut p = Problem::at("", m)
            .hint("quote a cell with commas, quotes or line breaks in double quotes");
        p.span = Some((at, (at + 1).min(text.len())));
        fail(vec![p])
    })?;
    let mut lines = records.into_iter();
    let Some(header) = lines.next() else {
        return Err(fail(vec![Problem::at("", "the design is empty").hint("the first line names the columns: scenario,seed,policy,… and one column per override path")]));
    };
    let columns: Vec<String> = header
        .cells
        .iter()
        .map(|c| c.text.trim().to_string())
        .collect();
    let mut problems = Vec::new();
    for (i, c) in columns.iter().enumerate() {
        if c.is_empty() || columns[..i].contains(c) {
            let mut p = Problem::at(
                "line 1",
                format!(
                    "column {} is {}",
                    i + 1,
                    if c.is_empty() {
                        "unnamed"
                    } else {
                        "named twice"
                    }
                ),
            );
            p.span = Some(header.cells[i].span);
            problems.push(p.hint("name each column once: scenario, seed, policy, orders, record, turns, or an override path"));
        }
    }
    let mut rows = Vec::new();
    for record in lines {
        if record.cells.iter().all(|c| c.text.trim().is_empty()) {
            continue;
        }
        if rows.len() >= MAX_ROWS {
            problems.push(
                Problem::at("", format!("more than {MAX_ROWS} rows"))
                    .hint("split the design into several files"),
            );
            break;
        }
        let mut origin = Origin {
            path: format!("line {}", record.line),
            cells: BTreeMap::new(),
        };
        origin.cells.insert(String::new(), record.span);
        if record.cells.len() != columns.len() {
            problems.push(
                origin
                    .problem(
                        "",
                        format!(
                            "{} cells, the header names {} columns",
                            record.cells.len(),
                            columns.len()
                        ),
                    )
                    .hint("every line has one cell per column; leave a cell empty, not out"),
            );
            continue;
        }
        let mut cells = Vec::new();
        for (c, cell) in columns.iter().zip(&record.cells) {
            origin.cells.insert(c.clone(), cell.span);
            let v = (!cell.text.trim().is_empty()).then(|| Value::Text(cell.text.clone()));
            cells.push((c.clone(), v));
        }
        match row(&cells, origin) {
            Ok(r) => rows.push(r),
            Err(p) => problems.extend(p),
        }
    }
    if problems.is_empty() {
        Ok(Design {
            name: name.to_string(),
            text: text.to_string(),
            rows,
        })
    } else {
        Err(fail(problems))
    }
}

/// A design as CSV, the form `cimic design` writes: the reserved columns, then one column per
/// override path.
pub fn to_csv(rows: &[DesignRow]) -> String {
    let design = Design::from_rows("", rows.to_vec());
    let paths = design.override_paths();
    let mut out = String::from("scenario,seed,policy,orders,record,turns");
    for p in &paths {
        out.push(',');
        out.push_str(&super::csv::quote(p));
    }
    out.push('\n');
    for r in rows {
        let source = |want: fn(&Decisions) -> Option<&String>| {
            want(&r.decisions).map_or(String::new(), |s| super::csv::quote(s))
        };
        out.push_str(&format!(
            "{},{},{},{},{},{}",
            super::csv::quote(&r.scenario),
            r.seed,
            source(|d| if let Decisions::Policy(p) = d {
                Some(p)
            } else {
                None
            }),
            source(|d| if let Decisions::Orders(p) = d {
                Some(p)
            } else {
                None
            }),
            source(|d| if let Decisions::Record(p) = d {
                Some(p)
            } else {
                None
            }),
            r.turns.map_or(String::new(), |t| t.to_string())
        ));
        for p in &paths {
            out.push(',');
            if let Some(o) = r.overrides.iter().rev().find(|o| &o.path == p) {
                out.push_str(&super::csv::quote(&o.value.to_string()));
            }
        }
        out.push('\n');
    }
    out
}
