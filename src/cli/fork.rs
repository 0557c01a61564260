//! `cimic fork`: take a recorded game up to a turn, then let another source of decisions (an
//! orders file, a built-in policy, or nobody) play on, writing a new record that replays on its
//! own and names its parent. The "what if we had…" of an after-action review
//! (docs/architecture.md, the after-action review).

use super::error::{CliError, CliResult};
use super::output::refuse_existing;
use super::play::{Driver, Output, PolicyName, play, source};
use cimic_core::record::game::Game;
use std::path::PathBuf;

/// What `cimic fork` was asked to do: its command-line arguments.
#[derive(clap::Args)]
pub struct ForkArgs {
    /// The record to branch from.
    pub record: PathBuf,
    /// The last turn taken from the record (0: only the start).
    #[arg(long)]
    pub at: u32,
    /// Orders file for the turns after --at (orders for earlier turns are ignored).
    #[arg(long, conflicts_with = "policy")]
    pub orders: Option<PathBuf>,
    /// A built-in policy plays on.
    #[arg(long, value_enum)]
    pub policy: Option<PolicyName>,
    /// The new record, written when the fork is played (an existing file only with --force).
    #[arg(long)]
    pub out: PathBuf,
    /// Play this many turns after --at (default: to the scenario's end).
    #[arg(long)]
    pub turns: Option<u32>,
    /// Print only JSON on stdout, one object per line (as `run --json`).
    #[arg(long)]
    pub json: bool,
    /// Replace --out if it exists.
    #[arg(long)]
    pub force: bool,
}

/// `cimic fork RECORD --at T [--orders F | --policy P] --out NEW [--turns N] [--json] [--force]`.
pub fn fork(args: &ForkArgs) -> CliResult {
    let record = super::records::load(&args.record)?;
    let name = args.record.display().to_string();
    let scenario = record.scenario()?;
    let complete = record.outcomes.len() as u32;
    let last = scenario.meta.turns;
    if args.at > complete {
        return Err(CliError::invalid(format!(
            "--at {}: the record holds {complete} complete turns",
            args.at
        ))
        .at(&name)
        .hint(format!("fork at a turn from 0 to {complete}")));
    }
    if args.at >= last {
        return Err(CliError::invalid(format!(
            "--at {}: the scenario ends at turn {last}, so nothing is left to play",
            args.at
        ))
        .at(&name)
        .hint(format!("fork at a turn from 0 to {}", last - 1)));
    }
    let until = match args.turns {
        None => None,
        Some(n) if args.at + n <= last => Some(args.at + n),
        Some(n) => {
            return Err(CliError::usage(format!(
                "--turns {n} after turn {} goes past the scenario's {last} turns",
                args.at
            ))
            .hint(format!(
                "at most {} more turns; leave --turns out to play to the end",
                last - args.at
            )));
        }
    };
    refuse_existing(&args.out, args.force)?;
    let source = source(args.orders.as_deref(), args.policy)?;
    let mut driver = Driver::from_source(&source, &scenario)?;
    let game =
        Game::fork(&record, &name, args.at, source.clone(), &mut |sim| {
            driver.observe(sim)
        })
        .map_err(|e| {
            CliError::invalid(format!("cannot fork: {e}")).at(&name).hint(
            "the record does not replay on this engine; it was made by another build or edited",
        )
        })?;
    eprintln!(
        "forked {name} after turn {} (turns 1–{} replayed and verified); {} plays on",
        args.at,
        args.at,
        match &source {
            cimic_core::record::Source::Manual => "nobody (every unit holds)".to_string(),
            other => cimic_core::aar::describe_source(other),
        }
    );
    play(
        game,
        driver,
        &Output {
            turns: until,
            verbose: false,
            json: args.json,
            record: Some(args.out.clone()),
            force: args.force,
        },
    )?;
    eprintln!("fork written to {}", args.out.display());
    Ok(())
}
