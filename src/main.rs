//! `cimic`: the command line. It only loads files, submits orders and reads the simulation's state;
//! every rule lives in the library. Exit codes: 0 ok, 1 invalid input or failed check, 2 usage.

mod cli;

use cimic_core::load_file;
use cimic_core::orders::load_orders;
use clap::{Parser, Subcommand};
use cli::play::Output;
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
        /// Play a built-in policy for the force: passive, kinetic or cimic-first (docs/rules.md §21.6).
        #[arg(long)]
        policy: Option<String>,
        /// Journal the game to this new file, each turn's inputs on disk before the turn is played.
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
    Fork {
        /// The record to branch from.
        record: PathBuf,
        /// The last turn taken from the record (0: only the start).
        #[arg(long)]
        at: u32,
        /// Orders file for the turns after --at (orders for earlier turns are ignored).
        #[arg(long, conflicts_with = "policy")]
        orders: Option<PathBuf>,
        /// A built-in policy plays on: passive, kinetic or cimic-first.
        #[arg(long)]
        policy: Option<String>,
        /// The new record (an existing file is never overwritten).
        #[arg(long)]
        out: PathBuf,
        /// Play this many turns after --at (default: to the scenario's end).
        #[arg(long)]
        turns: Option<u32>,
        /// End with one JSON object on the last line of stdout (as `run --json`).
        #[arg(long)]
        json: bool,
    },
    /// Compare two records of one scenario turn by turn: where the states part, scores and key
    /// indicators side by side, and the ledger causes that differ most.
    Diff {
        /// The first record (A).
        a: PathBuf,
        /// The second record (B); differences are B − A.
        b: PathBuf,
        /// Print one JSON object instead of the table (docs/cli.md).
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
        /// Print one JSON object instead of the table (docs/cli.md).
        #[arg(long)]
        json: bool,
    },
    /// Write the after-action report of a record: one self-contained HTML file, and a CSV of
    /// the civil indicators per district and turn.
    Report {
        /// The record.
        record: PathBuf,
        /// The HTML report to write (a new file).
        #[arg(long)]
        html: PathBuf,
        /// Also write the indicators per turn and district as CSV (a new file).
        #[arg(long)]
        csv: Option<PathBuf>,
        /// Turns whose map to draw, e.g. 0,5,10 (default: start, middle and end).
        #[arg(long, value_delimiter = ',')]
        map_turns: Option<Vec<u32>>,
    },
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
    /// End with one JSON object on the last line of stdout (docs/cli.md).
    #[arg(long)]
    json: bool,
    /// Write the record of the game to this new file when the run ends (docs/record-format.md).
    #[arg(long)]
    record: Option<PathBuf>,
}

impl OutputArgs {
    fn output(self) -> Output {
        Output {
            turns: self.turns,
            verbose: self.verbose,
            json: self.json,
            record: self.record,
        }
    }
}

fn main() -> ExitCode {
    restore_sigpipe();
    let cli = Cli::parse();
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
        } => {
            if let Some(code) = unknown_policy(policy.as_deref()) {
                return code;
            }
            cli::play::run(
                &scenario,
                seed,
                orders.as_deref(),
                policy.as_deref(),
                journal.as_deref(),
                &out.output(),
            )
        }
        Command::Resume { journal, out } => cli::play::resume(&journal, &out.output()),
        Command::Replay { record, .. } => cli::records::replay(&record),
        Command::Fork {
            record,
            at,
            orders,
            policy,
            out,
            turns,
            json,
        } => {
            if let Some(code) = unknown_policy(policy.as_deref()) {
                return code;
            }
            cli::fork::fork(&cli::fork::ForkArgs {
                record,
                at,
                orders,
                policy,
                out,
                turns,
                json,
            })
        }
        Command::Diff { a, b, json } => cli::review::diff_cmd(&a, &b, json),
        Command::Luck {
            record,
            seeds,
            json,
        } => cli::review::luck_cmd(&record, seeds, json),
        Command::Report {
            record,
            html,
            csv,
            map_turns,
        } => cli::review::report_cmd(&cli::review::ReportArgs {
            record,
            html,
            csv,
            map_turns,
        }),
        #[cfg(feature = "gui")]
        Command::Play(args) => play(args),
    }
}

/// `cimic` alone: the GUI on the tutorial, or help when built without it.
fn no_command() -> ExitCode {
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
        ExitCode::from(2)
    }
}

/// `cimic play`: loads everything first (errors print like the CLI's), then opens the windows.
#[cfg(feature = "gui")]
fn play(args: PlayArgs) -> ExitCode {
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
    let mut session = match prepare(&start, autosave) {
        Ok(s) => s,
        Err(e) => {
            print_error(&e);
            return ExitCode::from(1);
        }
    };
    if let Some(why) = cimic_gui::launch::no_display() {
        eprintln!("error: {why}");
        return ExitCode::from(1);
    }
    if let Err(e) = cimic_gui::launch::start_journal(&mut session) {
        eprintln!("error: {e}");
        return ExitCode::from(1);
    }
    let facilitator = if args.screenshot.is_some() {
        args.screenshot_facilitator
    } else {
        !args.no_facilitator
    };
    cimic_gui::run(
        session,
        cimic_gui::Options {
            screenshot: args.screenshot,
            screenshot_facilitator: args.screenshot_facilitator,
            facilitator,
        },
    )
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

/// A policy name that is not built in is a usage error (exit 2), for every command taking one.
fn unknown_policy(policy: Option<&str>) -> Option<ExitCode> {
    let m = cli::play::policy(policy?).err()?;
    eprintln!("error: {m}");
    Some(ExitCode::from(2))
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
