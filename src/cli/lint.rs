//! `cimic lint SCENARIO` (and `cimic validate --strict`): plays a valid scenario with each
//! built-in policy and its orders file over a few seeds and warns, located in the file, about
//! what the games show (`cimic_core::aar::lint`). Warnings the file answers in `lint_allow` are
//! counted, not repeated. Warnings do not fail the command; a scenario that does not load does.

use super::diagnostics::{MessageFormat, Severity, print_file};
use super::error::CliResult;
use super::lines::{Line, check_seeds, each_game, lines, play};
use cimic_core::Problem;
use cimic_core::aar::lint::{Trace, Warning, answer, warnings};
use cimic_core::scenario::load::{locate, read_text};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Seeds each line plays unless `--seeds` says otherwise.
pub const DEFAULT_SEEDS: u32 = 3;
/// Most seeds `lint` accepts.
const MAX_SEEDS: u32 = 1000;

/// `cimic lint`'s arguments.
#[derive(clap::Args)]
pub struct LintArgs {
    /// Scenario file (.ron).
    pub scenario: PathBuf,
    /// Seeds each line of play plays (1 to N).
    #[arg(long, default_value_t = DEFAULT_SEEDS)]
    pub seeds: u32,
    /// An orders file to play as one more line (default: NAME.orders.ron beside the scenario,
    /// if there is one).
    #[arg(long)]
    pub orders: Option<PathBuf>,
    /// `human`: warnings drawn on stderr; `json`: one JSON object per diagnostic on stdout.
    #[arg(long, value_enum, default_value_t)]
    pub message_format: MessageFormat,
}

/// What a lint found, for `validate --strict`'s count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Found {
    pub open: usize,
    pub answered: usize,
}

/// `cimic lint SCENARIO [--seeds N] [--orders FILE] [--message-format json]`.
pub fn lint_cmd(args: &LintArgs) -> CliResult {
    check_seeds(args.seeds, MAX_SEEDS)?;
    lint_file(
        &args.scenario,
        args.seeds,
        args.orders.as_deref(),
        args.message_format,
    )
    .map(|_| ())
}

/// Lints one scenario file: its problems if it does not load (an error), else its open
/// warnings and a summary line.
pub fn lint_file(
    path: &Path,
    seeds: u32,
    orders: Option<&Path>,
    format: MessageFormat,
) -> CliResult<Found> {
    let started = Instant::now();
    let name = path.display().to_string();
    let text = read_text(path)?;
    let scenario = cimic_core::scenario::load_str(&name, &text)?;
    let lines = lines(path, orders)?;
    // The orders file is checked once, before any game.
    for l in &lines {
        if let cimic_core::record::Source::Orders { file, text } = &l.source {
            cimic_core::orders::parse_orders(file, text, &scenario)?;
        }
    }
    let holding = cimic_core::Simulation::new(&scenario, 0)
        .map(|mut sim| sim.objectives_holding())
        .unwrap_or_default();
    let traces = each_game(&lines, seeds, "linting", &|line: &Line, seed| {
        let mut trace = Trace::new(&line.label, seed);
        play(&name, &text, seed, line, None, &mut |sim, report| {
            trace.observe(&scenario, sim, report)
        })?;
        Ok(trace)
    })?;
    let (open, answered, stale) = answer(&scenario, warnings(&scenario, &holding, &traces));
    let mut problems: Vec<Problem> = open.iter().map(|w: &Warning| w.problem.clone()).collect();
    for i in &stale {
        let a = &scenario.lint_allow[*i];
        problems.push(
            Problem::at(
                format!("lint_allow[{i}]"),
                format!(
                    "warning: lint_allow[{i}] answers no warning: no `{}` about `{}` in these {} games",
                    a.warning.name(),
                    a.id,
                    traces.len()
                ),
            )
            .hint("remove it if the scenario changed, or check the id"),
        );
    }
    if !problems.is_empty() {
        print_file(
            &locate(&name, &text, problems.clone()),
            Severity::Warning,
            format,
        )?;
    }
    let summary = format!(
        "{name}: {} warning{}, {} answered in lint_allow — {} games ({} × seeds 1 to {seeds}) in {:.1} s",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" },
        answered.len(),
        traces.len(),
        lines
            .iter()
            .map(|l| l.label.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        started.elapsed().as_secs_f64()
    );
    // stdout holds only JSON with --message-format json.
    match format {
        MessageFormat::Human => println!("{summary}"),
        MessageFormat::Json => eprintln!("{summary}"),
    }
    Ok(Found {
        open: problems.len(),
        answered: answered.len(),
    })
}
