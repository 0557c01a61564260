//! Many games from one experiment design (`cimic batch`, the Python package's `batch`): every
//! row of a [`design::Design`] is one game of a scenario with parameter overrides, a seed and a
//! source of decisions. Every file and every row is checked before any game runs ([`Plan::new`]);
//! rows then run in parallel (rayon) and their results are collected in row order, so they do not
//! depend on the number of threads. The games are played by the same driver as `cimic run`
//! ([`crate::record::driver::Driver`]) or, for a record's decisions, the same replay as `cimic
//! luck` ([`crate::record::replay::Replay::under_seed`]): a row and the matching `cimic run`
//! end on the same state hash.

pub mod csv;
pub mod design;
pub mod generate;
pub mod shard;
pub mod table;

use crate::aar::timeline::{Indicators, measure};
use crate::orders::parse_orders;
use crate::record::Record;
use crate::record::driver::{self, Driver};
use crate::record::replay::Replay;
use crate::scenario::Scenario;
use crate::scenario::diag::{FileError, Problem};
use crate::scenario::overrides::{Base, OverrideError};
use crate::sim::Simulation;
use design::{Decisions, Design, DesignRow};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

/// A batch refused: the text says what and where, the same on the command line and in Python.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchError(pub String);

impl std::fmt::Display for BatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BatchError {}

impl From<FileError> for BatchError {
    fn from(e: FileError) -> Self {
        BatchError(e.render(false))
    }
}

/// One game's outcome after one turn (the per-turn series).
#[derive(Debug, Clone, PartialEq)]
pub struct TurnPoint {
    pub turn: u32,
    pub indicators: Indicators,
    pub state_hash: String,
}

/// One design row's game.
#[derive(Debug, Clone, PartialEq)]
pub struct RowResult {
    /// The row's position in the design (0-based).
    pub row: usize,
    /// Turns played.
    pub turns: u32,
    /// The scores and indicators after the last turn.
    pub last: Indicators,
    /// Objectives in the scenario.
    pub objectives: u32,
    /// The final state hash.
    pub state_hash: String,
    /// Orders and choices the game refused.
    pub refused: u64,
    /// Turn 0 to the last, when asked for.
    pub series: Vec<TurnPoint>,
}

/// A design with everything its rows need loaded and checked: ready to run any of its rows.
pub struct Plan {
    design: Design,
    /// Scenario files, and records' embedded scenarios under `record:FILE`, ready for overrides.
    bases: BTreeMap<String, Base>,
    records: BTreeMap<String, Record>,
    /// Orders files' text, parsed per row against the row's scenario.
    orders: BTreeMap<String, String>,
}

impl Plan {
    /// Loads every file the design names and checks every row (overrides, orders, policy,
    /// turns) in parallel; all problems come back together, located in the design.
    pub fn new(design: Design) -> Result<Plan, BatchError> {
        let all: Vec<usize> = (0..design.rows.len()).collect();
        Plan::new_for(design, &all)
    }

    /// A plan that loads and checks only the rows at `which` (positions in the design), and can
    /// play only those: a worker of a cluster given one chunk of a large design. The results
    /// still carry the whole design's hash, row count and row positions.
    pub fn new_for(design: Design, which: &[usize]) -> Result<Plan, BatchError> {
        if let Some(&i) = which.iter().find(|&&i| i >= design.rows.len()) {
            return Err(BatchError(format!(
                "the design has {} rows; there is no row {i}",
                design.rows.len()
            )));
        }
        let mut plan = Plan {
            design,
            bases: BTreeMap::new(),
            records: BTreeMap::new(),
            orders: BTreeMap::new(),
        };
        let (mut problems, mut details) = plan.load_files(which);
        let checked: Vec<(Vec<Problem>, Vec<String>)> = which
            .par_iter()
            .map(|&i| plan.check(&plan.design.rows[i]))
            .collect();
        for (p, d) in checked {
            problems.extend(p);
            details.extend(d);
        }
        if problems.is_empty() {
            Ok(plan)
        } else {
            // A file's own problems are drawn whole after the design's, not inside them.
            let mut text = plan.design.error(problems).render(false);
            for d in details {
                text.push_str(&d);
            }
            Err(BatchError(text))
        }
    }

    /// The design the plan runs.
    pub fn design(&self) -> &Design {
        &self.design
    }

    /// Reads each named file once; a file that cannot be read is a problem of the first row that
    /// names it.
    fn load_files(&mut self, which: &[usize]) -> (Vec<Problem>, Vec<String>) {
        let mut problems = Vec::new();
        let mut details = Vec::new();
        for r in which.iter().map(|&i| &self.design.rows[i]) {
            let mut at = |column: &str, e: FileError| {
                details.push(e.render(false));
                r.origin.problem(
                    column,
                    format!("cannot use {} (its problems are shown below)", e.file),
                )
            };
            if !r.scenario.is_empty() && !self.bases.contains_key(&r.scenario) {
                let loaded = crate::scenario::load::read_text(Path::new(&r.scenario))
                    .and_then(|text| Base::new(&r.scenario, &text));
                match loaded {
                    Ok(b) => drop(self.bases.insert(r.scenario.clone(), b)),
                    Err(e) => problems.push(at("scenario", e)),
                }
            }
            match &r.decisions {
                Decisions::Orders(f) if !self.orders.contains_key(f) => {
                    match crate::scenario::load::read_text(Path::new(f)) {
                        Ok(t) => drop(self.orders.insert(f.clone(), t)),
                        Err(e) => problems.push(at("orders", e)),
                    }
                }
                Decisions::Record(f) if !self.records.contains_key(f) => {
                    let loaded = Record::load(Path::new(f)).and_then(|(record, _)| {
                        let base =
                            Base::new(&record.header.scenario_name, &record.header.scenario)?;
                        Ok((record, base))
                    });
                    match loaded {
                        Ok((record, base)) => {
                            self.bases.insert(format!("record:{f}"), base);
                            self.records.insert(f.clone(), record);
                        }
                        Err(e) => problems.push(at("record", e)),
                    }
                }
                _ => {}
            }
        }
        // Problems of rows whose files failed are not repeated for every row.
        (problems, details)
    }

    /// The base scenario of a row, if its files loaded.
    fn base(&self, r: &DesignRow) -> Option<&Base> {
        match &r.decisions {
            Decisions::Record(f) => self.bases.get(&format!("record:{f}")),
            _ => self.bases.get(&r.scenario),
        }
    }

    /// Everything wrong with one row whose files loaded.
    fn check(&self, r: &DesignRow) -> (Vec<Problem>, Vec<String>) {
        let Some(base) = self.base(r) else {
            return (Vec::new(), Vec::new());
        };
        let mut problems = Vec::new();
        let mut details = Vec::new();
        if let (Decisions::Record(f), false) = (&r.decisions, r.scenario.is_empty())
            && let Some(own) = self.bases.get(&r.scenario)
            && own.scenario().meta.id != base.scenario().meta.id
        {
            problems.push(
                r.origin
                    .problem(
                        "record",
                        format!(
                            "{f} is a game of `{}`, not of {} (`{}`)",
                            base.scenario().meta.id,
                            r.scenario,
                            own.scenario().meta.id
                        ),
                    )
                    .hint("leave `scenario` empty: a record plays its own scenario"),
            );
        }
        let scenario = match base.apply(&r.overrides) {
            Ok(s) => s,
            Err(e) => {
                problems.extend(override_problems(r, &e));
                if let OverrideError::Invalid(f) = &e {
                    details.push(f.render(false));
                }
                return (problems, details);
            }
        };
        if let Some(t) = r.turns
            && t > scenario.meta.turns
        {
            problems.push(
                r.origin
                    .problem(
                        "turns",
                        format!("{t} turns; the scenario has {}", scenario.meta.turns),
                    )
                    .hint("leave `turns` empty to play them all"),
            );
        }
        match &r.decisions {
            Decisions::Policy(p) => {
                if let Err(m) = driver::policy(p) {
                    problems.push(r.origin.problem("policy", m));
                }
            }
            Decisions::Orders(f) => {
                if let Some(text) = self.orders.get(f)
                    && let Err(e) = parse_orders(f, text, &scenario)
                {
                    details.push(e.render(false));
                    problems.push(r.origin.problem(
                        "orders",
                        "the orders do not fit this row's scenario (their problems are shown below)",
                    ));
                }
            }
            Decisions::Holds | Decisions::Record(_) => {}
        }
        (problems, details)
    }

    /// Plays the rows at `which` (positions in the design), in parallel in the current rayon
    /// pool; results come back in the order of `which`. `progress` is called once per game
    /// played, from any thread.
    pub fn run(
        &self,
        which: &[usize],
        series: bool,
        progress: &(dyn Fn() + Sync),
    ) -> Result<Vec<RowResult>, BatchError> {
        which
            .par_iter()
            .map(|&i| {
                let r = self.play(i, series);
                progress();
                r
            })
            .collect()
    }

    /// Plays every row of the plan with `threads` threads (0: one per core).
    pub fn run_all(
        &self,
        threads: usize,
        series: bool,
        progress: &(dyn Fn() + Sync),
    ) -> Result<Vec<RowResult>, BatchError> {
        let all: Vec<usize> = (0..self.design.rows.len()).collect();
        in_pool(threads, || self.run(&all, series, progress))?
    }

    /// One row's game.
    pub fn play(&self, i: usize, series: bool) -> Result<RowResult, BatchError> {
        let r = self
            .design
            .rows
            .get(i)
            .ok_or_else(|| BatchError(format!("the design has no row {i}")))?;
        let failed = |m: String| {
            BatchError(
                self.design
                    .error(vec![r.origin.problem("", m)])
                    .render(false),
            )
        };
        let base = self
            .base(r)
            .ok_or_else(|| failed("its files were not loaded".to_string()))?;
        let scenario = base.apply(&r.overrides).map_err(|e| failed(e.render()))?;
        let turns = r.turns.unwrap_or(scenario.meta.turns);
        let mut game = Played {
            series: Vec::new(),
            keep: series,
            refused: 0,
        };
        let sim = match &r.decisions {
            Decisions::Record(f) => {
                let record = self
                    .records
                    .get(f)
                    .ok_or_else(|| failed(format!("{f} was not loaded")))?;
                game.replay(record, &scenario, r.seed, turns)
                    .map_err(failed)?
            }
            d => {
                let driver = match d {
                    Decisions::Policy(p) => Driver::Policy(driver::policy(p).map_err(failed)?),
                    Decisions::Orders(f) => {
                        let text = self
                            .orders
                            .get(f)
                            .ok_or_else(|| failed(format!("{f} was not loaded")))?;
                        Driver::Orders(
                            parse_orders(f, text, &scenario)
                                .map_err(|e| failed(e.render(false)))?,
                        )
                    }
                    _ => Driver::Holds,
                };
                game.drive(driver, &scenario, r.seed, turns)
                    .map_err(failed)?
            }
        };
        let end = measure(&sim);
        Ok(RowResult {
            row: i,
            turns: sim.turn(),
            last: end.indicators,
            objectives: sim.objectives().len() as u32,
            state_hash: end.state_hash,
            refused: game.refused,
            series: game.series,
        })
    }
}

/// The problems of a row's overrides, each at its cell when the design is a file.
fn override_problems(r: &DesignRow, e: &OverrideError) -> Vec<Problem> {
    match e {
        OverrideError::Overrides(ps) => ps
            .iter()
            .map(|p| {
                let column = if r.overrides.iter().any(|o| o.path == p.path) {
                    p.path.as_str()
                } else {
                    ""
                };
                let mut q = r
                    .origin
                    .problem(column, format!("override `{}`: {}", p.path, p.message));
                q.hint = p.hint.clone();
                q
            })
            .collect(),
        OverrideError::Invalid(_) => vec![r.origin.problem(
            "",
            "with this row's overrides the scenario is not valid (its problems are shown below, located where the file holds the values before the overrides)",
        )],
    }
}

/// A game as it is played: the series kept so far and the inputs refused.
struct Played {
    series: Vec<TurnPoint>,
    keep: bool,
    refused: u64,
}

impl Played {
    /// Keeps the state after a turn, when a series is asked for.
    fn note(&mut self, sim: &Simulation) {
        if self.keep {
            let m = measure(sim);
            self.series.push(TurnPoint {
                turn: m.turn,
                indicators: m.indicators,
                state_hash: m.state_hash,
            });
        }
    }

    /// A new game driven turn by turn, as `cimic run` drives it.
    fn drive(
        &mut self,
        mut driver: Driver,
        scenario: &Scenario,
        seed: u64,
        turns: u32,
    ) -> Result<Simulation, String> {
        let mut sim = Simulation::new(scenario, seed).map_err(|p| problems_text(&p))?;
        self.note(&sim);
        while sim.turn() < turns && !sim.finished() {
            self.refused += driver.command(&mut sim).len() as u64;
            sim.advance();
            self.note(&sim);
        }
        Ok(sim)
    }

    /// A record's inputs under another seed, as `cimic luck` plays them.
    fn replay(
        &mut self,
        record: &Record,
        scenario: &Scenario,
        seed: u64,
        turns: u32,
    ) -> Result<Simulation, String> {
        let mut replay = Replay::under_seed(record, scenario, seed, turns as usize, 0)
            .map_err(|e| e.to_string())?;
        self.note(replay.sim());
        while let Some(turn) = replay.next() {
            turn.map_err(|e| e.to_string())?;
            self.note(replay.sim());
        }
        let r = replay.refused();
        self.refused = r.orders as u64 + r.decisions as u64 + r.facilitator as u64;
        Ok(replay.into_sim())
    }
}

fn problems_text(p: &[Problem]) -> String {
    p.iter()
        .map(|p| format!("{}: {}", p.path, p.message))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Runs `f` in a rayon pool of `threads` threads (0: rayon's default, one per core).
pub fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> Result<T, BatchError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| BatchError(format!("cannot start {threads} threads: {e}")))?;
    Ok(pool.install(f))
}

#[cfg(test)]
mod tests;
