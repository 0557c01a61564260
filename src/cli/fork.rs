//! `cimic fork`: take a recorded game up to a turn, then let another source of decisions (an
//! orders file, a built-in policy, or nobody) play on, writing a new record that replays on its
//! own and names its parent. The "what if we had…" of an after-action review (DESIGN.md §6).

use super::play::{Driver, Output, play, source};
use super::print_error;
use cimic_core::record::game::Game;
use std::path::PathBuf;
use std::process::ExitCode;

/// What `cimic fork` was asked to do.
pub struct ForkArgs {
    pub record: PathBuf,
    /// The last turn taken from the record.
    pub at: u32,
    pub orders: Option<PathBuf>,
    pub policy: Option<String>,
    /// The new record (never an existing file).
    pub out: PathBuf,
    /// Turns to play after `at` (default: to the scenario's end).
    pub turns: Option<u32>,
    pub json: bool,
}

/// `cimic fork RECORD --at T [--orders F | --policy P] --out NEW [--turns N] [--json]`.
pub fn fork(args: &ForkArgs) -> ExitCode {
    let record = match super::records::load(&args.record) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let name = args.record.display().to_string();
    let scenario = match record.scenario() {
        Ok(s) => s,
        Err(e) => {
            print_error(&e);
            return ExitCode::from(1);
        }
    };
    let complete = record.outcomes.len() as u32;
    let last = scenario.meta.turns;
    if args.at > complete {
        eprintln!(
            "error: {name}: --at {}: the record holds {complete} complete turns\n  hint: fork at a turn from 0 to {complete}",
            args.at
        );
        return ExitCode::from(1);
    }
    if args.at >= last {
        eprintln!(
            "error: {name}: --at {}: the scenario ends at turn {last}, so nothing is left to play\n  hint: fork at a turn from 0 to {}",
            args.at,
            last - 1
        );
        return ExitCode::from(1);
    }
    let until = match args.turns {
        None => None,
        Some(n) if args.at + n <= last => Some(args.at + n),
        Some(n) => {
            eprintln!(
                "error: --turns {n} after turn {} goes past the scenario's {last} turns\n  hint: at most {} more turns; leave --turns out to play to the end",
                args.at,
                last - args.at
            );
            return ExitCode::from(2);
        }
    };
    if args.out.exists() {
        eprintln!(
            "error: {}: the file exists; a fork is written to a new file and never overwrites one\n  hint: choose another --out",
            args.out.display()
        );
        return ExitCode::from(1);
    }
    let source = match source(args.orders.as_deref(), args.policy.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            print_error(&e);
            return ExitCode::from(1);
        }
    };
    let mut driver = match Driver::from_source(&source, &scenario) {
        Ok(d) => d,
        Err(e) => {
            print_error(&e);
            return ExitCode::from(1);
        }
    };
    let mut game = match Game::fork(&record, &name, args.at, source.clone(), &mut |sim| {
        driver.observe(sim)
    }) {
        Ok(g) => g,
        Err(e) => {
            eprintln!(
                "error: {name}: cannot fork: {e}\n  hint: the record does not replay on this engine; it was made by another build or edited"
            );
            return ExitCode::from(1);
        }
    };
    if let Err(e) = game.journal_to(&args.out) {
        eprintln!(
            "error: cannot write the fork {}: {e}\n  hint: the fork must be a new file in a writable directory",
            args.out.display()
        );
        return ExitCode::from(1);
    }
    eprintln!(
        "forked {name} after turn {} (turns 1–{} replayed and verified); {} plays on",
        args.at,
        args.at,
        match &source {
            cimic_core::record::Source::Manual => "nobody (every unit holds)".to_string(),
            other => cimic_core::aar::describe_source(other),
        }
    );
    let code = play(
        game,
        driver,
        &Output {
            turns: until,
            verbose: false,
            json: args.json,
            record: None,
        },
    );
    if code == ExitCode::SUCCESS {
        eprintln!("fork written to {}", args.out.display());
    }
    code
}
