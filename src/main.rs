//! `cimic`: the command line. It only loads files, submits orders and reads the simulation's state;
//! every rule lives in the library. Exit codes: 0 ok, 1 invalid input or failed check, 2 usage.
//! Every command returns a [`CliResult`]; `main` prints the one error and picks the exit code.

mod cli;

use clap::{Parser, Subcommand};
use cli::error::{CliError, CliResult};
use cli::play::{Output, PolicyName};
use std::path::PathBuf;
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
    Validate(cli::validate::ValidateArgs),
    /// Play a valid scenario over a few seeds with each built-in policy (and its orders file)
    /// and warn, located in the file, about what the games show: events that never fire,
    /// objectives met without effort or by nobody, districts no actor gets into, decisions
    /// without a choice, units and sites out of reach. Warnings exit 0; errors exit 1.
    Lint(cli::lint::LintArgs),
    /// The author's face-validity check: each built-in policy and the scenario's orders file
    /// over N seeds in parallel; the three scores (mean, 95 % interval), the objectives met, and
    /// whether cimic-first is ahead on effectiveness and civil harm.
    Balance(cli::balance::BalanceArgs),
    /// Draw a scenario's map as the after-action report does, with a legend: at the start, or
    /// after a game played to --turn by its orders file or a policy.
    Map(cli::map::MapArgs),
    /// Write a commented, valid starting scenario NAME.ron and its orders NAME.orders.ron for a
    /// kind of exercise (never replacing a file).
    New(cli::author::NewArgs),
    /// Print the JSON Schema of the scenario format, derived from its types, for editors
    /// (shipped as assets/scenario.schema.json).
    Schema(cli::author::SchemaArgs),
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
        /// `human`: problems drawn on stderr; `json`: a scenario's or orders file's problems as
        /// one JSON object per diagnostic on stdout.
        #[arg(long, value_enum, default_value_t)]
        message_format: cli::diagnostics::MessageFormat,
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
    /// Open the map editor on a scenario, or on a new empty map with --new WxH (docs/gui.md).
    #[cfg(feature = "gui")]
    Edit(cli::edit::EditArgs),
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
    /// Compare two records of one scenario, or of two versions of it, turn by turn: what the edit
    /// changed, where the states part, scores and key indicators side by side, and the ledger
    /// causes that differ most.
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
    /// Restart the game from turn 0 (same seed) whenever the scenario file is saved; a save
    /// with problems shows them in the window and the last valid game goes on (docs/gui.md).
    #[arg(long, requires = "scenario", conflicts_with_all = ["resume", "replay"])]
    watch: bool,
    /// Do not open the facilitator console at start (F2 opens it).
    #[arg(long)]
    no_facilitator: bool,
    /// Save one screenshot of the projector window to this PNG once the scene has settled, then exit.
    #[arg(long)]
    screenshot: Option<PathBuf>,
    /// With --screenshot: capture the facilitator console instead.
    #[arg(long, requires = "screenshot")]
    screenshot_facilitator: bool,
    /// Size of the projector window, WIDTHxHEIGHT in logical pixels (default: the monitor's size).
    #[arg(long, value_name = "WxH", value_parser = parse_window_size)]
    window: Option<(u32, u32)>,
    /// Open the projector window full screen (F11 toggles).
    #[arg(long)]
    fullscreen: bool,
    /// Monitor for the projector window, counted from the leftmost from 0 (a projector on a
    /// second output is usually 1).
    #[arg(long, default_value_t = 0)]
    monitor: usize,
}

/// `--window 1920x1080`: two whole numbers from 200 to 16384 joined by `x`.
#[cfg(feature = "gui")]
fn parse_window_size(s: &str) -> Result<(u32, u32), String> {
    let (w, h) = s
        .split_once(['x', 'X', '×'])
        .ok_or_else(|| format!("'{s}' is not WIDTHxHEIGHT (e.g. 1920x1080)"))?;
    let num = |t: &str| {
        t.trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (200..=16384).contains(n))
            .ok_or_else(|| format!("'{t}' in '{s}' is not a size from 200 to 16384 pixels"))
    };
    Ok((num(w)?, num(h)?))
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
        Command::Validate(args) => cli::validate::validate(&args),
        Command::Lint(args) => {
            cli::diagnostics::json_result(cli::lint::lint_cmd(&args), args.message_format)
        }
        Command::Balance(args) => cli::balance::balance_cmd(&args),
        Command::Map(args) => cli::map::map_cmd(&args),
        Command::New(args) => cli::author::new_cmd(&args),
        Command::Schema(args) => cli::author::schema_cmd(&args),
        Command::Run {
            scenario,
            seed,
            orders,
            policy,
            journal,
            message_format,
            out,
        } => cli::diagnostics::json_result(
            cli::play::run(
                &scenario,
                seed,
                orders.as_deref(),
                policy,
                journal.as_deref(),
                &out.output(),
            ),
            message_format,
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
        #[cfg(feature = "gui")]
        Command::Edit(args) => cli::edit::edit_cmd(&args),
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
    // Taken before the first load, so a save made while it loads is not missed.
    let watch = match (&args.scenario, args.watch) {
        (Some(path), true) => Some(cimic_gui::watch::Watch::new(path.clone(), args.seed)),
        _ => None,
    };
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
            window: args.window,
            fullscreen: args.fullscreen,
            monitor: args.monitor,
            watch,
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

/// Rust ignores SIGPIPE, so printing to a closed pipe (`cimic replay J | head -1`) would panic;
/// restoring the default makes the process end quietly, like any Unix filter.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in `main`, before any thread exists; SIG_DFL is a valid handler.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
