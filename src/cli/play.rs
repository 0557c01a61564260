//! `cimic run` and `cimic resume`: play a game headless through a recorded [`Game`], with the
//! force's decisions from an orders file, a built-in policy, or nobody (every unit holds); one
//! line per turn, optionally a journal, a record and a JSON summary.

use cimic_core::orders::{TurnOrders, parse_orders};
use cimic_core::policy::Policy;
use cimic_core::record::Source;
use cimic_core::record::game::Game;
use cimic_core::sim::scoring::ledger::{CauseTotal, Metric};
use cimic_core::sim::scoring::summary::{ScoreSummary, summarise};
use cimic_core::{FileError, Scores, Simulation, TurnReport};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Largest causes per score in the `--json` summary.
const TOP_CAUSES: usize = 5;

/// How a run reports and what it writes besides its lines.
pub struct Output {
    pub turns: Option<u32>,
    pub verbose: bool,
    pub json: bool,
    /// Where to write the record of the whole game when it ends.
    pub record: Option<PathBuf>,
}

/// Where the force's decisions come from during a run.
pub(super) enum Driver {
    Holds,
    Orders(Vec<TurnOrders>),
    Policy(Box<dyn Policy>),
}

impl Driver {
    /// The driver a record's source names (the orders are embedded in the record).
    pub(super) fn from_source(
        source: &Source,
        scenario: &cimic_core::Scenario,
    ) -> Result<Driver, FileError> {
        Ok(match source {
            Source::Manual => Driver::Holds,
            Source::Orders { file, text } => Driver::Orders(parse_orders(file, text, scenario)?),
            Source::Policy(name) => Driver::Policy(
                policy(name)
                    .map_err(|m| FileError::whole(file_name(source), cimic_core::Problem::at("", m)))?,
            ),
        })
    }

    /// Sees a replayed turn's state as if deciding on it, so that a policy's notes between turns
    /// are rebuilt on resume (the plan itself is discarded: the journal holds what was given).
    pub(super) fn observe(&mut self, sim: &Simulation) {
        if let Driver::Policy(p) = self {
            let _ = p.decide(sim);
            let _ = p.plan(sim);
        }
    }

    /// Gives the coming turn's decisions to the game; returns the rejected orders.
    fn command(&mut self, game: &mut Game) -> Vec<String> {
        let next = game.sim().turn() + 1;
        let mut rejected = Vec::new();
        let orders: Vec<cimic_core::Order> = match self {
            Driver::Holds => Vec::new(),
            Driver::Orders(batches) => batches
                .iter()
                .filter(|b| b.turn == next)
                .flat_map(|b| b.orders.iter().cloned())
                .collect(),
            Driver::Policy(p) => {
                for (d, o) in p.decide(game.sim()) {
                    if let Err(e) = game.decide(&d, &o) {
                        rejected.push(format!("decision {d} = {o}: {e:?}"));
                    }
                }
                p.plan(game.sim())
            }
        };
        for order in orders {
            if let Err(r) = game.submit(order) {
                rejected.push(r.to_string());
            }
        }
        rejected
    }
}

fn file_name(source: &Source) -> &str {
    match source {
        Source::Orders { file, .. } => file,
        _ => "record",
    }
}

/// A built-in policy by name, or a message listing the names.
pub fn policy(name: &str) -> Result<Box<dyn Policy>, String> {
    cimic_core::policy::by_name(name).ok_or_else(|| {
        format!(
            "no policy \"{name}\"; the built-in policies are {}",
            cimic_core::policy::NAMES.join(", ")
        )
    })
}

fn print_error(e: &FileError) {
    super::print_error(e);
}

/// The source of decisions `--orders FILE` or `--policy NAME` name (neither: every unit holds);
/// an orders file is read whole, to be embedded in the record.
pub(super) fn source(
    orders: Option<&Path>,
    policy_name: Option<&str>,
) -> Result<Source, FileError> {
    Ok(match (orders, policy_name) {
        (Some(path), _) => Source::Orders {
            file: path.display().to_string(),
            text: cimic_core::scenario::load::read_text(path)?,
        },
        (None, Some(p)) => Source::Policy(p.to_string()),
        (None, None) => Source::Manual,
    })
}

/// `cimic run`: a new game.
pub fn run(
    scenario: &Path,
    seed: u64,
    orders: Option<&Path>,
    policy_name: Option<&str>,
    journal: Option<&Path>,
    out: &Output,
) -> ExitCode {
    let name = scenario.display().to_string();
    let text = match cimic_core::scenario::load::read_text(scenario) {
        Ok(t) => t,
        Err(e) => {
            print_error(&e);
            return ExitCode::from(1);
        }
    };
    let source = match source(orders, policy_name) {
        Ok(s) => s,
        Err(e) => {
            print_error(&e);
            return ExitCode::from(1);
        }
    };
    let mut game = match Game::new(&name, &text, seed, source.clone()) {
        Ok(g) => g,
        Err(e) => {
            print_error(&e);
            return ExitCode::from(1);
        }
    };
    let scenario = match game.record().scenario() {
        Ok(s) => s,
        Err(e) => {
            print_error(&e);
            return ExitCode::from(1);
        }
    };
    let driver = match Driver::from_source(&source, &scenario) {
        Ok(d) => d,
        Err(e) => {
            print_error(&e);
            return ExitCode::from(1);
        }
    };
    if let Some(path) = journal
        && let Err(e) = game.journal_to(path)
    {
        eprintln!(
            "error: cannot start the journal {}: {e}\n  hint: the journal must be a new file; an existing one is never overwritten (use `cimic resume` to continue it)",
            path.display()
        );
        return ExitCode::from(1);
    }
    play(game, driver, out)
}

/// `cimic resume`: continue a journaled game with the source of decisions it names.
pub fn resume(journal: &Path, out: &Output) -> ExitCode {
    // The source of decisions first: a policy must watch the replay to rebuild its notes.
    let mut driver = match cimic_core::record::Record::load(journal).and_then(|(record, _)| {
        let scenario = record.scenario()?;
        Driver::from_source(&record.header.source, &scenario)
    }) {
        Ok(d) => d,
        Err(e) => {
            print_error(&e);
            return ExitCode::from(1);
        }
    };
    let (game, torn) = match Game::resume(journal, &mut |sim| driver.observe(sim)) {
        Ok(g) => g,
        Err(e) => {
            print_error(&e);
            return ExitCode::from(1);
        }
    };
    if let Some(t) = torn {
        eprintln!(
            "warning: {}: dropped {t} (a write torn by a crash); every complete turn is kept",
            journal.display()
        );
    }
    eprintln!(
        "resuming {} after turn {} (seed {})",
        game.record().header.scenario_name,
        game.sim().turn(),
        game.record().header.seed
    );
    play(game, driver, out)
}

/// The `--json` summary; its fields are documented in docs/cli.md.
#[derive(Serialize)]
struct RunSummary<'a> {
    scenario: &'a str,
    seed: u64,
    turns: u32,
    state_hash: String,
    scores: Scores,
    /// Harm by origin, the largest causes of each score, doctrine checks (docs/cli.md).
    explanation: ScoreSummary,
    objectives: Vec<cimic_core::sim::report::ObjectiveStatus>,
    rejected_orders: usize,
    per_turn: Vec<TurnLine>,
}

#[derive(Serialize)]
struct TurnLine {
    turn: u32,
    state_hash: String,
    scores: Scores,
    /// What this turn changed of each score.
    change: Scores,
    /// The turn's largest ledger causes, per score.
    causes: BTreeMap<Metric, Vec<CauseTotal>>,
}

/// Plays until `--turns` (counted from turn 0) or the end, then writes what was asked for.
pub(super) fn play(mut game: Game, mut driver: Driver, out: &Output) -> ExitCode {
    let total = game.sim().turns();
    let until = out.turns.unwrap_or(total);
    if until > total {
        eprintln!(
            "error: --turns {until} is more than the scenario's {total} turns\n  hint: leave --turns out to play them all"
        );
        return ExitCode::from(2);
    }
    let mut rejected = 0;
    let mut per_turn: Vec<TurnLine> = Vec::new();
    let mut before = game.sim().scores();
    while game.sim().turn() < until {
        let t = game.sim().turn() + 1;
        for r in driver.command(&mut game) {
            rejected += 1;
            eprintln!("turn {t}: {r}");
        }
        let report = match game.advance() {
            Ok(r) => r,
            Err(e) => {
                eprintln!(
                    "error: cannot write the journal: {e}\n  hint: turn {t} was not played; free disk space and `cimic resume` the journal"
                );
                return ExitCode::from(1);
            }
        };
        println!("{}", turn_line(game.sim(), &report));
        if out.verbose {
            for entry in &report.log {
                println!("    {}", entry.text);
            }
        }
        per_turn.push(TurnLine {
            turn: report.turn,
            state_hash: report.state_hash.clone(),
            scores: report.scores,
            change: Scores {
                effectiveness: report.scores.effectiveness - before.effectiveness,
                efficiency: report.scores.efficiency - before.efficiency,
                civil_harm: report.scores.civil_harm - before.civil_harm,
            },
            causes: Metric::ALL
                .iter()
                .map(|&m| {
                    let top = game
                        .sim()
                        .ledger()
                        .top_causes(m, report.turn..=report.turn, 3);
                    (m, top)
                })
                .collect(),
        });
        before = report.scores;
    }
    if let Some(path) = &out.record
        && let Err(e) = write_new(path, &game.record().to_text())
    {
        eprintln!("error: cannot write the record {}: {e}", path.display());
        return ExitCode::from(1);
    }
    if out.json {
        let sim = game.sim();
        let summary = RunSummary {
            scenario: sim.scenario_id(),
            seed: game.record().header.seed,
            turns: sim.turn(),
            state_hash: sim.state_hash(),
            scores: sim.scores(),
            explanation: summarise(sim.ledger(), sim.turn(), TOP_CAUSES),
            objectives: sim.objectives(),
            rejected_orders: rejected,
            per_turn,
        };
        match serde_json::to_string(&summary) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("error: cannot write the JSON summary: {e}");
                return ExitCode::from(1);
            }
        }
    }
    ExitCode::SUCCESS
}

/// Writes a new file; an existing file is never overwritten, so nothing saved is lost.
pub fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()
}

/// One line per turn: turn, hash, people-weighted needs across all districts, objectives.
fn turn_line(sim: &Simulation, report: &TurnReport) -> String {
    let districts = sim.districts();
    let people: u64 = districts.iter().map(|d| d.people).sum();
    let mut needs = String::new();
    for (k, (name, _)) in districts
        .first()
        .map(|d| d.needs.clone())
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let v: f64 = districts
            .iter()
            .map(|d| f64::from(d.needs[k].1) * d.people as f64)
            .sum::<f64>()
            / (people.max(1) as f64);
        needs.push_str(&format!(" {name} {v:.2}"));
    }
    let met = report
        .objectives
        .iter()
        .filter(|o| o.status == "met")
        .count();
    let s = report.scores;
    format!(
        "turn {:>3}/{}  hash {}  needs{}  objectives {met}/{}  scores E {:.1} F {:.1} H {:.1}  log {}",
        report.turn,
        sim.turns(),
        report.state_hash,
        needs,
        report.objectives.len(),
        s.effectiveness,
        s.efficiency,
        s.civil_harm,
        report.log.len()
    )
}
