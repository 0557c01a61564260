//! `cimic validate FILES…`: checks scenario and orders files, a one-line summary for each valid
//! file and every problem otherwise; the advice on a valid scenario as warnings. `--strict` lints
//! each scenario as well (`cimic lint`, which plays it); `--message-format json` prints every
//! diagnostic as a JSON line for editors and CI.

use super::diagnostics::{MessageFormat, Severity, print_file};
use super::error::{CliError, CliResult};
use super::lint::{DEFAULT_SEEDS, lint_file};
use cimic_core::FileError;
use cimic_core::load_file;
use cimic_core::orders::load_orders;
use std::path::{Path, PathBuf};

/// `cimic validate`'s arguments.
#[derive(clap::Args)]
pub struct ValidateArgs {
    /// Scenario files (.ron) and orders files (.orders.ron).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Also lint each scenario (`cimic lint`: plays it over a few seeds with each built-in
    /// policy and warns about what the games show).
    #[arg(long)]
    pub strict: bool,
    /// `human`: problems drawn on stderr; `json`: one JSON object per diagnostic on stdout.
    #[arg(long, value_enum, default_value_t)]
    pub message_format: MessageFormat,
    /// Keep running: check the files again each time one of them is saved (Ctrl+C stops).
    #[arg(long)]
    pub watch: bool,
    /// With --watch: stop after this many checks (for scripts and tests).
    #[arg(long, hide = true, requires = "watch")]
    pub watch_checks: Option<u32>,
}

/// The scenario an orders file `NAME.orders.ron` belongs to: `NAME.ron` beside it.
fn scenario_for_orders(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_suffix(".orders.ron")?;
    Some(path.with_file_name(format!("{stem}.ron")))
}

/// A line for people: on stdout, or on stderr when stdout carries JSON.
fn say(format: MessageFormat, line: &str) {
    match format {
        MessageFormat::Human => println!("{line}"),
        MessageFormat::Json => eprintln!("{line}"),
    }
}

/// A file's problems as errors; false, for the count of failed files.
fn failed(e: &FileError, format: MessageFormat) -> bool {
    let _ = print_file(e, Severity::Error, format);
    false
}

/// Checks an orders file against the scenario beside it; prints its line or its problems.
fn validate_orders(f: &Path, scenario_path: &Path, format: MessageFormat) -> bool {
    let scenario = match load_file(scenario_path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!(
                "{}: cannot check these orders: their scenario {} does not load \
                 (an orders file NAME.orders.ron is checked against the scenario NAME.ron beside it)",
                f.display(),
                scenario_path.display()
            );
            return failed(&e, format);
        }
    };
    match load_orders(f, &scenario) {
        Ok(turns) => {
            let n: usize = turns.iter().map(|t| t.orders.len()).sum();
            say(
                format,
                &format!(
                    "{}: ok — orders file checked against scenario {} (`{}`): {n} orders over {} turns",
                    f.display(),
                    scenario_path.display(),
                    cimic_core::names::visible(&scenario.meta.id),
                    turns.len()
                ),
            );
            true
        }
        Err(e) => failed(&e, format),
    }
}

/// Checks a scenario file; prints its summary line or its problems.
fn validate_scenario(f: &Path, format: MessageFormat) -> bool {
    // Read once: the text is loaded, validated and, if valid, pointed into by the warnings.
    let name = f.display().to_string();
    let loaded = cimic_core::scenario::load::read_text(f)
        .and_then(|text| cimic_core::scenario::load_str(&name, &text).map(|s| (s, text)));
    match loaded {
        Ok((s, text)) => {
            say(
                format,
                &format!(
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
                ),
            );
            print_advice(&name, &text, &s, format);
            true
        }
        Err(e) => failed(&e, format),
    }
}

/// Warnings on a valid scenario (`scenario::validate::advice`, less those its `lint_allow`
/// answers), located like errors; they do not fail the validation.
fn print_advice(name: &str, text: &str, s: &cimic_core::Scenario, format: MessageFormat) {
    let holding = match cimic_core::Simulation::new(s, 0) {
        Ok(mut sim) => sim.objectives_holding(),
        Err(_) => Vec::new(),
    };
    let warnings = cimic_core::scenario::validate::advice::advice(s, &holding);
    if warnings.is_empty() {
        return;
    }
    let located = cimic_core::scenario::load::locate(name, text, warnings);
    let _ = print_file(&located, Severity::Warning, format);
}

/// `cimic validate FILES… [--strict] [--message-format json]`: every file is checked and
/// reported; fails if any has problems. `--strict` lints the scenarios instead of only
/// checking them (the lint checks them first).
pub fn validate(args: &ValidateArgs) -> CliResult {
    if args.watch {
        let mut files = args.files.clone();
        // An orders file is checked against its scenario: a change to either re-checks it.
        files.extend(args.files.iter().filter_map(|f| scenario_for_orders(f)));
        return super::watch::watch(&files, args.watch_checks, &mut || check(args));
    }
    check(args)
}

/// One check of every file.
fn check(args: &ValidateArgs) -> CliResult {
    let format = args.message_format;
    let failed = args
        .files
        .iter()
        .filter(|f| match scenario_for_orders(f) {
            Some(scenario) => !validate_orders(f, &scenario, format),
            None if args.strict => match lint_file(f, DEFAULT_SEEDS, None, format) {
                Ok(_) => false,
                Err(e) => {
                    if let CliError::File(fe) = &e {
                        failed(fe, format);
                    } else {
                        e.print();
                    }
                    true
                }
            },
            None => !validate_scenario(f, format),
        })
        .count();
    if failed > 0 {
        return Err(CliError::invalid(format!(
            "{failed} of {} files have problems",
            args.files.len()
        )));
    }
    Ok(())
}
