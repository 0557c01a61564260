//! `cimic`: the command line. It only loads files, submits orders and reads the simulation's state;
//! every rule lives in the library. Exit codes: 0 ok, 1 invalid input or failed check, 2 usage.

use cimic::orders::{TurnOrders, load_orders};
use cimic::sim::scoring::ledger::{CauseTotal, Metric};
use cimic::sim::scoring::summary::{ScoreSummary, summarise};
use cimic::{FileError, Simulation, TurnReport, load_file};
use clap::{Parser, Subcommand};
use serde::Serialize;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Deterministic wargame engine for civil-military cooperation (CIMIC) training and analysis.
#[derive(Parser)]
#[command(name = "cimic", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check scenario files: a one-line summary for each valid file, every problem otherwise.
    /// An orders file named NAME.orders.ron is checked against the scenario NAME.ron beside it.
    Validate {
        /// Scenario files (.ron) and orders files (.orders.ron).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Play a scenario headless, one line per turn.
    Run {
        /// Scenario file (.ron).
        scenario: PathBuf,
        /// Seed of every random draw; the same seed and orders give the same game.
        #[arg(long)]
        seed: u64,
        /// Turns to play (default: all of the scenario's turns).
        #[arg(long)]
        turns: Option<u32>,
        /// Orders file (docs/orders-format.md); without it every unit holds.
        #[arg(long)]
        orders: Option<PathBuf>,
        /// Print the log of every turn under its line.
        #[arg(long, short)]
        verbose: bool,
        /// End with one JSON object on the last line of stdout (docs/cli.md).
        #[arg(long)]
        json: bool,
    },
}

/// Largest causes per score in the `--json` summary.
const TOP_CAUSES: usize = 5;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Validate { files } => validate(&files),
        Command::Run {
            scenario,
            seed,
            turns,
            orders,
            verbose,
            json,
        } => run(&scenario, seed, turns, orders.as_deref(), verbose, json),
    }
}

fn print_error(e: &FileError) {
    eprint!("{}", e.render(std::io::stderr().is_terminal()));
}

/// The scenario an orders file `NAME.orders.ron` belongs to: `NAME.ron` beside it.
fn scenario_for_orders(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_suffix(".orders.ron")?;
    Some(path.with_file_name(format!("{stem}.ron")))
}

/// Checks an orders file against the scenario beside it.
fn validate_orders(f: &Path, scenario_path: &Path) -> bool {
    let scenario = match load_file(scenario_path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!(
                "{}: cannot check these orders: their scenario {} does not load",
                f.display(),
                scenario_path.display()
            );
            print_error(&e);
            return false;
        }
    };
    match load_orders(f, &scenario) {
        Ok(turns) => {
            let n: usize = turns.iter().map(|t| t.orders.len()).sum();
            println!(
                "{}: ok — {n} orders over {} turns for scenario `{}`",
                f.display(),
                turns.len(),
                scenario.meta.id
            );
            true
        }
        Err(e) => {
            print_error(&e);
            false
        }
    }
}

fn validate(files: &[PathBuf]) -> ExitCode {
    let mut failed = 0;
    for f in files {
        if let Some(scenario) = scenario_for_orders(f) {
            if !validate_orders(f, &scenario) {
                failed += 1;
            }
            continue;
        }
        match load_file(f) {
            Ok(s) => println!(
                "{}: ok — \"{}\", {}×{} hexes, {} districts, {} units, {} population groups, {} actors, {} sites, {} events, {} objectives, {} turns",
                f.display(),
                s.meta.title,
                s.map.width,
                s.map.height,
                s.map.districts.len(),
                s.units.len(),
                s.population.len(),
                s.actors.len(),
                s.infrastructure.len(),
                s.events.len(),
                s.objectives.len(),
                s.meta.turns
            ),
            Err(e) => {
                failed += 1;
                print_error(&e);
            }
        }
    }
    if failed > 0 {
        eprintln!("{failed} of {} files have problems", files.len());
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The `--json` summary; its fields are documented in docs/cli.md.
#[derive(Serialize)]
struct RunSummary<'a> {
    scenario: &'a str,
    seed: u64,
    turns: u32,
    state_hash: String,
    scores: cimic::Scores,
    /// Harm by origin, the largest causes of each score, doctrine checks (docs/cli.md).
    explanation: ScoreSummary,
    objectives: Vec<cimic::sim::report::ObjectiveStatus>,
    rejected_orders: usize,
    per_turn: Vec<TurnLine>,
}

#[derive(Serialize)]
struct TurnLine {
    turn: u32,
    state_hash: String,
    scores: cimic::Scores,
    /// What this turn changed of each score.
    change: cimic::Scores,
    /// The turn's largest ledger causes, per score.
    causes: std::collections::BTreeMap<Metric, Vec<CauseTotal>>,
}

fn run(
    path: &Path,
    seed: u64,
    turns: Option<u32>,
    orders: Option<&Path>,
    verbose: bool,
    json: bool,
) -> ExitCode {
    let scenario = match load_file(path) {
        Ok(s) => s,
        Err(e) => {
            print_error(&e);
            return ExitCode::from(1);
        }
    };
    let orders: Vec<TurnOrders> = match orders.map(|o| load_orders(o, &scenario)) {
        None => Vec::new(),
        Some(Ok(o)) => o,
        Some(Err(e)) => {
            print_error(&e);
            return ExitCode::from(1);
        }
    };
    let total = scenario.meta.turns;
    let turns = turns.unwrap_or(total);
    if turns > total {
        eprintln!(
            "error: --turns {turns} is more than the scenario's {total} turns\n  hint: leave --turns out to play them all"
        );
        return ExitCode::from(2);
    }
    let mut sim = match Simulation::new(&scenario, seed) {
        Ok(s) => s,
        Err(problems) => {
            for p in problems {
                eprintln!("error: {}: {}", p.path, p.message);
            }
            return ExitCode::from(1);
        }
    };
    let mut rejected = 0;
    let mut per_turn = Vec::new();
    let initial = sim.scores();
    let mut last: Option<TurnReport> = None;
    for t in 1..=turns {
        for batch in orders.iter().filter(|b| b.turn == t) {
            for order in &batch.orders {
                if let Err(r) = sim.submit(order.clone()) {
                    rejected += 1;
                    eprintln!("turn {t}: {r}");
                }
            }
        }
        let report = sim.advance();
        println!("{}", turn_line(&sim, &report));
        if verbose {
            for entry in &report.log {
                println!("    {}", entry.text);
            }
        }
        let before = per_turn.last().map_or(initial, |l: &TurnLine| l.scores);
        per_turn.push(TurnLine {
            turn: report.turn,
            state_hash: report.state_hash.clone(),
            scores: report.scores,
            change: cimic::Scores {
                effectiveness: report.scores.effectiveness - before.effectiveness,
                efficiency: report.scores.efficiency - before.efficiency,
                civil_harm: report.scores.civil_harm - before.civil_harm,
            },
            causes: Metric::ALL
                .iter()
                .map(|&m| {
                    let top = sim.ledger().top_causes(m, report.turn..=report.turn, 3);
                    (m, top)
                })
                .collect(),
        });
        last = Some(report);
    }
    if json {
        let summary = RunSummary {
            scenario: &scenario.meta.id,
            seed,
            turns,
            state_hash: sim.state_hash(),
            scores: last.as_ref().map_or(initial, |r| r.scores),
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
