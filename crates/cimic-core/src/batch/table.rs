//! Results as tables: one row per game (and optionally one per game and turn), typed columns
//! that a front end writes as CSV (here) or Parquet (the CLI), or hands to pandas (the Python
//! package). The columns are documented in docs/analysis.md. Each table carries the design's
//! hash and row count, so shard outputs can be merged and checked ([`merge`]) without the design.

use super::design::Design;
use super::{BatchError, RowResult};
use crate::aar::timeline::Indicators;
use std::collections::{BTreeMap, BTreeSet};

/// A column's values. Whole numbers are unsigned; floats and text may be missing (an override a
/// row does not set).
#[derive(Debug, Clone, PartialEq)]
pub enum Data {
    Int(Vec<u64>),
    Float(Vec<Option<f64>>),
    Text(Vec<Option<String>>),
}

impl Data {
    /// Rows in the column.
    pub fn len(&self) -> usize {
        match self {
            Data::Int(v) => v.len(),
            Data::Float(v) => v.len(),
            Data::Text(v) => v.len(),
        }
    }

    /// Whether the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The same kind of column, empty.
    fn empty_like(&self) -> Data {
        match self {
            Data::Int(_) => Data::Int(Vec::new()),
            Data::Float(_) => Data::Float(Vec::new()),
            Data::Text(_) => Data::Text(Vec::new()),
        }
    }

    /// Appends row `i` of `other` (a column of the same kind).
    fn push_from(&mut self, other: &Data, i: usize) {
        match (self, other) {
            (Data::Int(a), Data::Int(b)) => a.push(b[i]),
            (Data::Float(a), Data::Float(b)) => a.push(b[i]),
            (Data::Text(a), Data::Text(b)) => a.push(b[i].clone()),
            _ => unreachable!("merge checks the kinds first"),
        }
    }

    /// One cell as CSV writes it.
    fn cell(&self, i: usize) -> String {
        match self {
            Data::Int(v) => v[i].to_string(),
            Data::Float(v) => v[i].map_or(String::new(), |x| x.to_string()),
            Data::Text(v) => v[i].as_deref().map_or(String::new(), super::csv::quote),
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Data::Int(_) => "whole numbers",
            Data::Float(_) => "numbers",
            Data::Text(_) => "text",
        }
    }
}

/// A named column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    pub data: Data,
}

/// A table of results.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub columns: Vec<Column>,
}

/// The indicator columns, in [`Indicators::NAMES`] order, except objectives met (a count).
const FLOATS: [usize; 7] = [0, 1, 2, 4, 5, 6, 7];

/// Columns of whole numbers in every results table; others not listed as text are numbers.
const INT_COLUMNS: [&str; 8] = [
    "design_rows",
    "row",
    "seed",
    "turns",
    "turn",
    "objectives_met",
    "objectives",
    "refused",
];
/// Columns of text in every results table.
const TEXT_COLUMNS: [&str; 4] = ["design", "scenario", "decisions", "state_hash"];
/// Fixed numeric columns (the rest, unknown, are override columns).
const FLOAT_COLUMNS: [&str; 7] = [
    "effectiveness",
    "efficiency",
    "civil_harm",
    "needs",
    "deaths",
    "displaced",
    "unrest",
];

impl Table {
    fn push(&mut self, name: &str, data: Data) {
        self.columns.push(Column {
            name: name.to_string(),
            data,
        });
    }

    /// Rows in the table.
    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, |c| c.data.len())
    }

    /// A column by name.
    pub fn column(&self, name: &str) -> Option<&Data> {
        self.columns
            .iter()
            .find(|c| c.name == name)
            .map(|c| &c.data)
    }

    /// One row per game: the design row, then the outcome.
    pub fn games(design: &Design, results: &[RowResult]) -> Table {
        let mut t = Table::default();
        let rows: Vec<_> = results.iter().map(|r| &design.rows[r.row]).collect();
        t.push(
            "design",
            Data::Text(vec![Some(design.hash()); results.len()]),
        );
        t.push(
            "design_rows",
            Data::Int(vec![design.rows.len() as u64; results.len()]),
        );
        t.push(
            "row",
            Data::Int(results.iter().map(|r| r.row as u64).collect()),
        );
        t.push(
            "scenario",
            Data::Text(rows.iter().map(|r| Some(r.scenario.clone())).collect()),
        );
        t.push("seed", Data::Int(rows.iter().map(|r| r.seed).collect()));
        t.push(
            "decisions",
            Data::Text(rows.iter().map(|r| Some(r.decisions.label())).collect()),
        );
        t.push(
            "turns",
            Data::Int(results.iter().map(|r| u64::from(r.turns)).collect()),
        );
        for path in design.override_paths() {
            let numeric = design
                .rows
                .iter()
                .flat_map(|r| &r.overrides)
                .filter(|o| o.path == path)
                .all(|o| o.value.as_f64().is_some());
            let value = |r: &&super::design::DesignRow| {
                r.overrides
                    .iter()
                    .rev()
                    .find(|o| o.path == path)
                    .map(|o| o.value.clone())
            };
            let data = if numeric {
                Data::Float(
                    rows.iter()
                        .map(|r| value(r).and_then(|v| v.as_f64()))
                        .collect(),
                )
            } else {
                Data::Text(
                    rows.iter()
                        .map(|r| value(r).map(|v| v.to_string()))
                        .collect(),
                )
            };
            t.push(&path, data);
        }
        let ind: Vec<[f64; 8]> = results.iter().map(|r| r.last.values()).collect();
        push_indicators(&mut t, &ind);
        t.push(
            "objectives",
            Data::Int(results.iter().map(|r| u64::from(r.objectives)).collect()),
        );
        t.push(
            "refused",
            Data::Int(results.iter().map(|r| r.refused).collect()),
        );
        t.push(
            "state_hash",
            Data::Text(results.iter().map(|r| Some(r.state_hash.clone())).collect()),
        );
        t
    }

    /// One row per game and turn (turn 0 to the last): the per-turn series.
    pub fn series(design: &Design, results: &[RowResult]) -> Table {
        let points: Vec<(usize, &super::TurnPoint)> = results
            .iter()
            .flat_map(|r| r.series.iter().map(move |p| (r.row, p)))
            .collect();
        let mut t = Table::default();
        t.push(
            "design",
            Data::Text(vec![Some(design.hash()); points.len()]),
        );
        t.push(
            "design_rows",
            Data::Int(vec![design.rows.len() as u64; points.len()]),
        );
        t.push(
            "row",
            Data::Int(points.iter().map(|(r, _)| *r as u64).collect()),
        );
        t.push(
            "turn",
            Data::Int(points.iter().map(|(_, p)| u64::from(p.turn)).collect()),
        );
        let ind: Vec<[f64; 8]> = points.iter().map(|(_, p)| p.indicators.values()).collect();
        push_indicators(&mut t, &ind);
        t.push(
            "state_hash",
            Data::Text(
                points
                    .iter()
                    .map(|(_, p)| Some(p.state_hash.clone()))
                    .collect(),
            ),
        );
        t
    }

    /// The table as CSV: a header line, then one line per row.
    pub fn to_csv(&self) -> String {
        let mut out = self
            .columns
            .iter()
            .map(|c| super::csv::quote(&c.name))
            .collect::<Vec<_>>()
            .join(",");
        out.push('\n');
        for i in 0..self.rows() {
            let line: Vec<String> = self.columns.iter().map(|c| c.data.cell(i)).collect();
            out.push_str(&line.join(","));
            out.push('\n');
        }
        out
    }

    /// Reads a table this module wrote as CSV; the kinds of the fixed columns are known, an
    /// override column holds numbers when every cell reads as one.
    pub fn from_csv(name: &str, text: &str) -> Result<Table, BatchError> {
        let bad = |m: String| BatchError(format!("{name}: {m}"));
        let records =
            super::csv::records(text).map_err(|(at, m)| bad(format!("byte {at}: {m}")))?;
        let Some((header, lines)) = records.split_first() else {
            return Err(bad(
                "empty: not a results table of `cimic batch`".to_string()
            ));
        };
        if header.cells.first().map(|c| c.text.as_str()) != Some("design") {
            return Err(bad(
                "not a results table of `cimic batch` (its first column is not `design`)"
                    .to_string(),
            ));
        }
        let mut t = Table::default();
        for (k, h) in header.cells.iter().enumerate() {
            let mut cells = Vec::with_capacity(lines.len());
            for l in lines {
                let c = l
                    .cells
                    .get(k)
                    .ok_or_else(|| bad(format!("line {}: fewer cells than columns", l.line)))?;
                cells.push(c.text.as_str());
            }
            let name_ = h.text.as_str();
            let numbers = || {
                cells
                    .iter()
                    .all(|c| c.is_empty() || c.parse::<f64>().is_ok())
            };
            let data = if INT_COLUMNS.contains(&name_) {
                Data::Int(
                    cells
                        .iter()
                        .map(|c| {
                            c.parse().map_err(|_| {
                                bad(format!("column `{name_}`: `{c}` is not a whole number"))
                            })
                        })
                        .collect::<Result<_, _>>()?,
                )
            } else if TEXT_COLUMNS.contains(&name_)
                || (!FLOAT_COLUMNS.contains(&name_) && !numbers())
            {
                Data::Text(
                    cells
                        .iter()
                        .map(|c| (!c.is_empty()).then(|| c.to_string()))
                        .collect(),
                )
            } else {
                Data::Float(
                    cells
                        .iter()
                        .map(|c| {
                            if c.is_empty() {
                                Ok(None)
                            } else {
                                c.parse().map(Some).map_err(|_| {
                                    bad(format!("column `{name_}`: `{c}` is not a number"))
                                })
                            }
                        })
                        .collect::<Result<_, _>>()?,
                )
            };
            t.push(name_, data);
        }
        Ok(t)
    }
}

/// The indicator columns after the design's.
fn push_indicators(t: &mut Table, ind: &[[f64; 8]]) {
    for &k in &FLOATS[..3] {
        t.push(
            Indicators::NAMES[k],
            Data::Float(ind.iter().map(|v| Some(v[k])).collect()),
        );
    }
    t.push(
        "objectives_met",
        Data::Int(ind.iter().map(|v| v[3] as u64).collect()),
    );
    for &k in &FLOATS[3..] {
        t.push(
            Indicators::NAMES[k],
            Data::Float(ind.iter().map(|v| Some(v[k])).collect()),
        );
    }
}

/// Joins shard outputs of one design into the table an unsharded run writes: same columns,
/// rows in design order. Refuses tables of other designs or shapes, a design row found twice
/// (a shard given twice) or in no table (a shard missing). `tables` pairs a name (for
/// messages) with each table.
pub fn merge(tables: &[(String, Table)]) -> Result<Table, BatchError> {
    let Some((first_name, first)) = tables.first() else {
        return Err(BatchError(
            "nothing to merge: give the shards' outputs".to_string(),
        ));
    };
    let shape = |t: &Table| {
        t.columns
            .iter()
            .map(|c| (c.name.clone(), c.data.kind()))
            .collect::<Vec<_>>()
    };
    let mut design: Option<(String, u64, &str)> = None;
    // (row, turn) → (table, row in table); the per-game table has no turn (0).
    let mut index = BTreeMap::<(u64, u64), (usize, usize)>::new();
    for (k, (name, t)) in tables.iter().enumerate() {
        // A file handed in (a Parquet file with groups or missing fields) may not be a rectangle:
        // every column must have a cell for every row before rows are read across columns.
        let rows = t.columns.first().map_or(0, |c| c.data.len());
        if let Some(c) = t.columns.iter().find(|c| c.data.len() != rows) {
            return Err(BatchError(format!(
                "{name}: column `{}` has {} cells, the first column {rows}: not a results table of `cimic batch`",
                c.name,
                c.data.len()
            )));
        }
        if shape(t) != shape(first) {
            return Err(BatchError(format!(
                "{name} has other columns than {first_name}: outputs of different designs, or a per-turn table mixed with a per-game one"
            )));
        }
        let (Some(Data::Text(d)), Some(Data::Int(n)), Some(Data::Int(rows))) =
            (t.column("design"), t.column("design_rows"), t.column("row"))
        else {
            return Err(BatchError(format!(
                "{name}: not a results table of `cimic batch` (no `design`, `design_rows` and `row` columns)"
            )));
        };
        let turns = match t.column("turn") {
            Some(Data::Int(v)) => Some(v),
            _ => None,
        };
        for (i, &r) in rows.iter().enumerate() {
            let this = (d[i].clone().unwrap_or_default(), n[i]);
            match &design {
                None => design = Some((this.0.clone(), this.1, name)),
                Some((h, total, from)) if (h, total) != (&this.0, &this.1) => {
                    return Err(BatchError(format!(
                        "{name} is from design {} ({} rows), {from} from design {h} ({total} rows): merge shards of one design only",
                        this.0, this.1
                    )));
                }
                Some(_) => {}
            }
            if r >= this.1 {
                return Err(BatchError(format!(
                    "{name}: row {r} is outside the design's {} rows",
                    this.1
                )));
            }
            let turn = turns.map_or(0, |v| v[i]);
            if let Some((prev, _)) = index.insert((r, turn), (k, i)) {
                let what = if turns.is_some() {
                    format!("row {r}, turn {turn},")
                } else {
                    format!("row {r}")
                };
                return Err(BatchError(format!(
                    "{what} is in both {} and {name}: a shard given twice, or shards of two runs",
                    tables[prev].0
                )));
            }
        }
    }
    let total = design.as_ref().map_or(0, |d| d.1);
    let present: BTreeSet<u64> = index.keys().map(|(r, _)| *r).collect();
    let missing: Vec<u64> = (0..total).filter(|r| !present.contains(r)).collect();
    if !missing.is_empty() {
        let shown: Vec<String> = missing.iter().take(10).map(u64::to_string).collect();
        return Err(BatchError(format!(
            "{} of the design's {total} rows are in no output (rows {}{}): a shard is missing or did not finish",
            missing.len(),
            shown.join(", "),
            if missing.len() > 10 { ", …" } else { "" }
        )));
    }
    let mut out = Table {
        columns: first
            .columns
            .iter()
            .map(|c| Column {
                name: c.name.clone(),
                data: c.data.empty_like(),
            })
            .collect(),
    };
    for &(k, i) in index.values() {
        for (c, col) in out.columns.iter_mut().enumerate() {
            col.data.push_from(&tables[k].1.columns[c].data, i);
        }
    }
    Ok(out)
}
