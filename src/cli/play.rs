//! `cimic run` and `cimic resume`: play a game headless through a recorded [`Game`], with the
//! force's decisions from an orders file, a built-in policy, or nobody (every unit holds); one
//! line per turn (or, with `--json`, one JSON object per turn and a summary), optionally a
//! journal and a record.

use super::error::{CliError, CliResult};
use super::output::{print_json, refuse_existing, write_atomically};
use cimic_core::record::Source;
pub(super) use cimic_core::record::driver::Driver;
use cimic_core::record::game::Game;
use cimic_core::sim::scoring::ledger::{CauseTotal, Metric};
use cimic_core::sim::scoring::summary::{ScoreSummary, summarise};
use cimic_core::{FileError, Scores, Simulation, TurnReport};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Largest causes per score in the `--json` summary.
const TOP_CAUSES: usize = 5;

/// How a run reports and what it writes besides its lines.
pub struct Output {
    pub turns: Option<u32>,
    pub verbose: bool,
    pub json: bool,
    /// Where to write the record of the whole game when it ends.
    pub record: Option<PathBuf>,
    /// Replace the record (and a run's journal) if the file exists.
    pub force: bool,
}

/// The built-in policies, as `--policy` accepts them (docs/rules.md §21.6): a closed choice the
/// parser checks, so a wrong name is a usage error listing the names. `passive` holds every
/// unit, `kinetic` secures by force and delivers aid itself, `cimic-first` works through the
/// civil actors and the host nation; the `exploit-*` policies are the red team, cimic-first plus
/// one trick each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PolicyName {
    Passive,
    Kinetic,
    CimicFirst,
    ExploitPump,
    ExploitBusywork,
    ExploitAbandon,
    ExploitMilitarisedAid,
    ExploitEngage,
    ExploitProjectFarm,
    ExploitNoSupport,
    ExploitRequisition,
}

impl PolicyName {
    /// The core's name of the policy, as records store it.
    pub fn name(self) -> &'static str {
        match self {
            PolicyName::Passive => "passive",
            PolicyName::Kinetic => "kinetic",
            PolicyName::CimicFirst => "cimic-first",
            PolicyName::ExploitPump => "exploit-pump",
            PolicyName::ExploitBusywork => "exploit-busywork",
            PolicyName::ExploitAbandon => "exploit-abandon",
            PolicyName::ExploitMilitarisedAid => "exploit-militarised-aid",
            PolicyName::ExploitEngage => "exploit-engage",
            PolicyName::ExploitProjectFarm => "exploit-project-farm",
            PolicyName::ExploitNoSupport => "exploit-no-support",
            PolicyName::ExploitRequisition => "exploit-requisition",
        }
    }
}

/// The source of decisions `--orders FILE` or `--policy NAME` name (neither: every unit holds);
/// an orders file is read whole, to be embedded in the record.
pub(super) fn source(
    orders: Option<&Path>,
    policy_name: Option<PolicyName>,
) -> Result<Source, FileError> {
    Ok(match (orders, policy_name) {
        (Some(path), _) => Source::Orders {
            file: path.display().to_string(),
            text: cimic_core::scenario::load::read_text(path)?,
        },
        (None, Some(p)) => Source::Policy(p.name().to_string()),
        (None, None) => Source::Manual,
    })
}

/// `cimic run`: a new game.
pub fn run(
    scenario: &Path,
    seed: u64,
    orders: Option<&Path>,
    policy_name: Option<PolicyName>,
    journal: Option<&Path>,
    out: &Output,
) -> CliResult {
    let name = scenario.display().to_string();
    let text = cimic_core::scenario::load::read_text(scenario)?;
    let source = source(orders, policy_name)?;
    let mut game = Game::new(&name, &text, seed, source.clone())?;
    let scenario = game.record().scenario()?;
    let driver = Driver::from_source(&source, &scenario)?;
    if let Some(path) = journal {
        start_journal(&mut game, path, out.force)?;
    }
    play(game, driver, out)
}

/// Starts a run's journal: a new file, or with `force` one that replaces an existing file.
fn start_journal(game: &mut Game, path: &Path, force: bool) -> CliResult {
    let cannot = |e: std::io::Error| {
        CliError::invalid(format!("cannot start the journal: {e}"))
            .at(path.display())
            .hint("the journal must be a new file; give --force to replace it, or `cimic resume` to continue it")
    };
    if force && path.is_file() {
        std::fs::remove_file(path).map_err(cannot)?;
    }
    game.journal_to(path).map_err(cannot)
}

/// `cimic resume`: continue a journaled game with the source of decisions it names.
pub fn resume(journal: &Path, out: &Output) -> CliResult {
    // The source of decisions first: a policy must watch the replay to rebuild its notes.
    let (record, _) = cimic_core::record::Record::load(journal)?;
    let mut driver = Driver::from_source(&record.header.source, &record.scenario()?)?;
    let (game, torn) = Game::resume(journal, &mut |sim| driver.observe(sim))?;
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

/// One line of `--json` output (JSON Lines): a turn as it is played, and the summary at the end.
/// The fields are documented in docs/cli.md.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum JsonLine<'a> {
    Turn(TurnLine),
    Summary(RunSummary<'a>),
}

/// The `--json` summary, the last line.
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
    /// How the requests for assistance fared (docs/rules.md §4.5).
    requests: cimic_core::sim::requests::RequestTally,
}

/// A turn of `--json` output.
#[derive(Serialize)]
struct TurnLine {
    turn: u32,
    state_hash: String,
    scores: Scores,
    /// What this turn changed of each score.
    change: Scores,
    /// The turn's largest ledger causes, per score.
    causes: BTreeMap<Metric, Vec<CauseTotal>>,
    /// Orders and decisions refused before the turn (also told on stderr).
    rejected: Vec<String>,
    /// The turn's log, with `--verbose` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    log: Option<Vec<String>>,
}

impl TurnLine {
    /// The turn just played, measured against the scores before it.
    fn new(sim: &Simulation, report: &TurnReport, before: Scores, rejected: Vec<String>) -> Self {
        TurnLine {
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
                    let top = sim.ledger().top_causes(m, report.turn..=report.turn, 3);
                    (m, top)
                })
                .collect(),
            rejected,
            log: None,
        }
    }
}

/// Plays until `--turns` (counted from turn 0) or the end, then writes what was asked for.
/// People get one line per turn on stdout; `--json` prints one JSON object per turn instead and
/// a summary at the end, and nothing else on stdout.
pub(super) fn play(mut game: Game, mut driver: Driver, out: &Output) -> CliResult {
    let total = game.sim().turns();
    let until = out.turns.unwrap_or(total);
    if until > total {
        return Err(CliError::usage(format!(
            "--turns {until} is more than the scenario's {total} turns"
        ))
        .hint("leave --turns out to play them all"));
    }
    if let Some(path) = &out.record {
        refuse_existing(path, out.force)?;
    }
    let mut rejected_orders = 0;
    let mut before = game.sim().scores();
    while game.sim().turn() < until {
        let t = game.sim().turn() + 1;
        let rejected = driver.command(&mut game);
        for r in &rejected {
            rejected_orders += 1;
            eprintln!("turn {t}: {r}");
        }
        let report = game.advance().map_err(|e| {
            CliError::invalid(format!("cannot write the journal: {e}")).hint(format!(
                "turn {t} was not played; free disk space and `cimic resume` the journal"
            ))
        })?;
        let log = || report.log.iter().map(|e| e.text.clone());
        if out.json {
            let mut line = TurnLine::new(game.sim(), &report, before, rejected);
            line.log = out.verbose.then(|| log().collect());
            print_json(&JsonLine::Turn(line))?;
        } else {
            println!("{}", turn_line(game.sim(), &report));
            if out.verbose {
                for text in log() {
                    println!("    {}", cimic_core::names::visible_lines(&text, "    "));
                }
                print_harm(game.sim(), report.turn);
            }
        }
        before = report.scores;
    }
    if let Some(path) = &out.record {
        write_atomically(path, &game.record().to_text(), out.force)?;
    }
    if out.json {
        let sim = game.sim();
        print_json(&JsonLine::Summary(RunSummary {
            scenario: sim.scenario_id(),
            seed: game.record().header.seed,
            turns: sim.turn(),
            state_hash: sim.state_hash(),
            scores: sim.scores(),
            explanation: summarise(sim.ledger(), sim.turn(), TOP_CAUSES),
            objectives: sim.objectives(),
            rejected_orders,
            requests: cimic_core::sim::requests::tally(&sim.requests()),
        }))?;
    }
    Ok(())
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

/// With `-v`: every civil-harm entry of the turn, so that each point of harm has its cause in
/// the printed log (deaths, dependency, damage, displacement, acceptance; `cimic ledger` lists the
/// other scores' entries too).
fn print_harm(sim: &Simulation, turn: u32) {
    let harm = sim
        .ledger()
        .of_turn(turn)
        .filter(|e| e.metric == Metric::CivilHarm);
    for e in harm {
        println!(
            "    harm {:+.2}: {}",
            e.amount,
            cimic_core::names::visible_lines(&e.text, "    ")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::PolicyName;
    use clap::ValueEnum;

    #[test]
    fn every_policy_choice_is_a_core_policy_under_the_name_it_is_typed_as() {
        let names: Vec<&str> = PolicyName::value_variants()
            .iter()
            .map(|p| {
                let typed = p.to_possible_value().expect("not hidden");
                assert_eq!(typed.get_name(), p.name());
                assert!(cimic_core::policy::by_name(p.name()).is_some(), "{p:?}");
                p.name()
            })
            .collect();
        let built_in: Vec<&str> = cimic_core::policy::NAMES
            .iter()
            .chain(cimic_core::policy::RED_TEAM.iter())
            .copied()
            .collect();
        assert_eq!(names, built_in);
    }
}
