//! `cimic`: the command line. It only loads files, submits orders and reads the simulation's state;
//! every rule lives in the library. Exit codes: 0 ok, 1 invalid input or failed check, 2 usage.
//! Every command returns a [`CliResult`]; `main` prints the one error and picks the exit code.

mod cli;

use cimic_core::load_file;
use cimic_core::orders::load_orders;
use clap::{Parser, Subcommand};
use cli::error::{CliError, CliResult};
use cli::play::{Output, PolicyName};
use cli::print_error;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Deterministic wargame engine for civil-military cooperation (CIMIC) training and analysis.
#[derive(Parser)]
#[command(name = "cimic", version, about, long_about = None)]
struct Cli {
    /// Without a command: the exercise GUI on the tutorial (`cimic play`).
    #[command(subcommand)]
    command: Option<Command>,
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
        /// Orders file (docs/orders-format.md); without it or --policy every unit holds.
        #[arg(long, conflicts_with = "policy")]
        orders: Option<PathBuf>,
        /// Play a built-in policy for the force (docs/rules.md §21.6).
        #[arg(long, value_enum)]
        policy: Option<PolicyName>,
        /// Journal the game to this new file, each turn's inputs on disk before the turn is played
        /// (with --force an existing file is replaced).
        #[arg(long)]
        journal: Option<PathBuf>,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Continue a journaled game after a crash or a closed window, with the decisions' source it names.
    Resume {
        /// The journal file (`run --journal`).
        journal: PathBuf,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Open the exercise GUI: a projector window and a facilitator console (docs/gui.md).
    #[cfg(feature = "gui")]
    Play(PlayArgs),
    /// Re-run a game record and check every turn's state hash against the recorded one.
    Replay {
        /// The record (`run --record`, or a finished journal).
        record: PathBuf,
        /// Check every turn (the only mode for now; accepted for clarity in scripts).
        #[arg(long)]
        verify: bool,
    },
    /// Take a recorded game to a turn, then let other orders or a policy play on: a new record
    /// that replays on its own and names its parent.
    Fork(cli::fork::ForkArgs),
    /// Compare two records of one scenario turn by turn: where the states part, scores and key
    /// indicators side by side, and the ledger causes that differ most.
    Diff {
        /// The first record (A).
        a: PathBuf,
        /// The second record (B); differences are B − A.
        b: PathBuf,
        /// Print one JSON object on stdout instead of the table (docs/cli.md).
        #[arg(long)]
        json: bool,
    },
    /// Replay a record's decisions under other seeds (seed+1 … seed+N) and place the recorded
    /// outcome among theirs: skill or luck?
    Luck {
        /// The record.
        record: PathBuf,
        /// How many other seeds.
        #[arg(long)]
        seeds: u32,
        /// Print one JSON object on stdout instead of the table (docs/cli.md).
        #[arg(long)]
        json: bool,
    },
    /// Write the after-action report of a record: one self-contained HTML file, and a CSV of
    /// the civil indicators per district and turn.
    Report(cli::review::ReportArgs),
    /// List every ledger entry behind a recorded game's scores (all, one turn's, one score's)
    /// and show that they add up to the scores.
    Ledger(cli::ledger::LedgerArgs),
    /// Run an experiment design: one game per row (scenario, seed, decisions, parameter
    /// overrides), in parallel, results as Parquet or CSV (docs/analysis.md). `cimic batch merge`
    /// joins the outputs of shards.
    Batch(cli::batch::BatchArgs),
    /// Write an experiment design: a full factorial over levels, or a Latin hypercube over ranges.
    Design(cli::batch::DesignArgs),
}

/// Seed of a new game in the GUI unless `--seed` says otherwise.
#[cfg(feature = "gui")]
const DEFAULT_SEED: u64 = 1;

/// `cimic play`: what to open and how.
#[cfg(feature = "gui")]
#[derive(clap::Args, Default)]
struct PlayArgs {
    /// Scenario file (.ron); default: the built-in tutorial.
    #[arg(conflicts_with_all = ["resume", "replay"])]
    scenario: Option<PathBuf>,
    /// Seed of every random draw for a new game.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    seed: u64,
    /// Continue a journal (the GUI writes one per game in journals/).
    #[arg(long, conflicts_with = "replay")]
    resume: Option<PathBuf>,
    /// After-action review of a record or finished journal.
    #[arg(long)]
    replay: Option<PathBuf>,
    /// Do not journal a new game.
    #[arg(long)]
    no_autosave: bool,
    /// Do not open the facilitator console at start (F2 opens it).
    #[arg(long)]
    no_facilitator: bool,
    /// Save one screenshot of the projector window to this PNG once the scene has settled, then exit.
    #[arg(long)]
    screenshot: Option<PathBuf>,
    /// With --screenshot: capture the facilitator console instead.
    #[arg(long, requires = "screenshot")]
    screenshot_facilitator: bool,
}

/// What a run prints and writes.
#[derive(clap::Args)]
struct OutputArgs {
    /// Play until this turn (default: the scenario's last).
    #[arg(long)]
    turns: Option<u32>,
    /// Print the log of every turn under its line.
    #[arg(long, short)]
    verbose: bool,
    /// Print only JSON on stdout: one object per turn, then a summary (docs/cli.md).
    #[arg(long)]
    json: bool,
    /// Write the record of the game to this new file when the run ends (docs/record-format.md).
    #[arg(long)]
    record: Option<PathBuf>,
    /// Replace the --record (and --journal) file if it exists.
    #[arg(long)]
    force: bool,
}

impl OutputArgs {
    fn output(self) -> Output {
        Output {
            turns: self.turns,
            verbose: self.verbose,
            json: self.json,
            record: self.record,
            force: self.force,
        }
    }
}

/// The one exit point: the command's error, if any, printed once with its exit code.
fn main() -> ExitCode {
    restore_sigpipe();
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            e.print();
            e.exit_code()
        }
    }
}

/// Runs the command the arguments name.
fn run(cli: Cli) -> CliResult {
    let Some(command) = cli.command else {
        return no_command();
    };
    match command {
        Command::Validate { files } => validate(&files),
        Command::Run {
            scenario,
            seed,
            orders,
            policy,
            journal,
            out,
        } => cli::play::run(
            &scenario,
            seed,
            orders.as_deref(),
            policy,
            journal.as_deref(),
            &out.output(),
        ),
        Command::Resume { journal, out } => cli::play::resume(&journal, &out.output()),
        Command::Replay { record, .. } => cli::records::replay(&record),
        Command::Fork(args) => cli::fork::fork(&args),
        Command::Diff { a, b, json } => cli::review::diff_cmd(&a, &b, json),
        Command::Luck {
            record,
            seeds,
            json,
        } => cli::review::luck_cmd(&record, seeds, json),
        Command::Report(args) => cli::review::report_cmd(&args),
        Command::Ledger(args) => cli::ledger::ledger_cmd(&args),
        Command::Batch(args) => cli::batch::batch_cmd(&args),
        Command::Design(args) => cli::batch::design_cmd(&args),
        #[cfg(feature = "gui")]
        Command::Play(args) => play(args),
    }
}

/// `cimic` alone: the GUI on the tutorial, or help when built without it.
fn no_command() -> CliResult {
    #[cfg(feature = "gui")]
    {
        play(PlayArgs {
            seed: DEFAULT_SEED,
            ..PlayArgs::default()
        })
    }
    #[cfg(not(feature = "gui"))]
    {
        use clap::CommandFactory;
        let _ = Cli::command().print_help();
        Err(CliError::usage("no command given").hint("`cimic help` lists the commands"))
    }
}

/// `cimic play`: loads everything first (errors print like the CLI's), then opens the windows.
#[cfg(feature = "gui")]
fn play(args: PlayArgs) -> CliResult {
    use cimic_gui::launch::{Start, prepare};
    let start = match (args.resume, args.replay) {
        (Some(j), _) => Start::Resume(j),
        (_, Some(r)) => Start::Replay(r),
        _ => Start::New {
            scenario: args.scenario,
            seed: args.seed,
        },
    };
    let autosave = !args.no_autosave && args.screenshot.is_none();
    let mut session = prepare(&start, autosave)?;
    if let Some(why) = cimic_gui::launch::no_display() {
        return Err(CliError::invalid(why));
    }
    cimic_gui::launch::start_journal(&mut session).map_err(CliError::invalid)?;
    let facilitator = if args.screenshot.is_some() {
        args.screenshot_facilitator
    } else {
        !args.no_facilitator
    };
    let code = cimic_gui::run(
        session,
        cimic_gui::Options {
            screenshot: args.screenshot,
            screenshot_facilitator: args.screenshot_facilitator,
            facilitator,
        },
    );
    if code == ExitCode::SUCCESS {
        Ok(())
    } else {
        Err(CliError::invalid(
            "the exercise GUI ended with an error (see the messages above)",
        ))
    }
}

/// The scenario an orders file `NAME.orders.ron` belongs to: `NAME.ron` beside it.
fn scenario_for_orders(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_suffix(".orders.ron")?;
    Some(path.with_file_name(format!("{stem}.ron")))
}

/// Checks an orders file against the scenario beside it; prints its line or its problems.
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
                cimic_core::names::visible(&scenario.meta.id)
            );
            true
        }
        Err(e) => {
            print_error(&e);
            false
        }
    }
}

/// Checks a scenario file; prints its summary line or its problems.
fn validate_scenario(f: &Path) -> bool {
    // Read once: the text is loaded, validated and, if valid, pointed into by the warnings.
    let name = f.display().to_string();
    let loaded = cimic_core::scenario::load::read_text(f)
        .and_then(|text| cimic_core::scenario::load_str(&name, &text).map(|s| (s, text)));
    match loaded {
        Ok((s, text)) => {
            println!(
                "{}: ok — \"{}\", {}×{} hexes, {} districts, {} units, {} population groups, {} actors, {} sites, {} events, {} objectives, {} turns",
                f.display(),
                cimic_core::names::visible(&s.meta.title),
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
            );
            print_advice(&name, &text, &s);
            true
        }
        Err(e) => {
            print_error(&e);
            false
        }
    }
}

/// Warnings on a valid scenario (`scenario::validate::advice`), located like errors, on stderr;
/// they do not fail the validation.
fn print_advice(name: &str, text: &str, s: &cimic_core::Scenario) {
    let holding = match cimic_core::Simulation::new(s, 0) {
        Ok(mut sim) => sim.objectives_holding(),
        Err(_) => Vec::new(),
    };
    let warnings = cimic_core::scenario::validate::advice::advice(s, &holding);
    if warnings.is_empty() {
        return;
    }
    let located = cimic_core::scenario::load::locate(name, text, warnings);
    eprint!(
        "{}",
        located.render_warnings(std::io::IsTerminal::is_terminal(&std::io::stderr()))
    );
}

/// `cimic validate FILES…`: every file is checked and reported; fails if any has problems.
fn validate(files: &[PathBuf]) -> CliResult {
    let failed = files
        .iter()
        .filter(|f| match scenario_for_orders(f) {
            Some(scenario) => !validate_orders(f, &scenario),
            None => !validate_scenario(f),
        })
        .count();
    if failed > 0 {
        return Err(CliError::invalid(format!(
            "{failed} of {} files have problems",
            files.len()
        )));
    }
    Ok(())
}

/// Rust ignores SIGPIPE, so printing to a closed pipe (`cimic replay J | head -1`) would panic;
/// restoring the default makes the process end quietly, like any Unix filter.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in `main`, before any thread exists; SIG_DFL is a valid handler.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
