//! `cimic balance SCENARIO [--seeds N] [--json]`: each built-in policy and the scenario's orders
//! file play N seeds in parallel, as `cimic run` plays them; a table of the three scores (mean and
//! 95 % interval) and the objectives met per line, and whether cimic-first comes out ahead on
//! effectiveness and civil harm (`cimic_core::aar::balance`).

use super::error::CliResult;
use super::lines::{Line, check_seeds, each_game, lines, play};
use super::output::print_json;
use cimic_core::aar::balance::{Balance, GameScore, Stat, balance};
use cimic_core::scenario::load::read_text;
use std::path::PathBuf;

/// Seeds per line unless `--seeds` says otherwise.
const DEFAULT_SEEDS: u32 = 20;
/// Most seeds `balance` accepts.
const MAX_SEEDS: u32 = 10_000;

/// `cimic balance`'s arguments.
#[derive(clap::Args)]
pub struct BalanceArgs {
    /// Scenario file (.ron).
    pub scenario: PathBuf,
    /// Seeds each line of play plays (1 to N).
    #[arg(long, default_value_t = DEFAULT_SEEDS)]
    pub seeds: u32,
    /// An orders file to play as one more line (default: NAME.orders.ron beside the scenario,
    /// if there is one).
    #[arg(long)]
    pub orders: Option<PathBuf>,
    /// Print one JSON object on stdout instead of the table (docs/cli.md).
    #[arg(long)]
    pub json: bool,
}

/// `cimic balance`.
pub fn balance_cmd(args: &BalanceArgs) -> CliResult {
    check_seeds(args.seeds, MAX_SEEDS)?;
    let name = args.scenario.display().to_string();
    let text = read_text(&args.scenario)?;
    let scenario = cimic_core::scenario::load_str(&name, &text)?;
    let lines = lines(&args.scenario, args.orders.as_deref())?;
    for l in &lines {
        if let cimic_core::record::Source::Orders { file, text } = &l.source {
            cimic_core::orders::parse_orders(file, text, &scenario)?;
        }
    }
    let games = each_game(&lines, args.seeds, "playing", &|line: &Line, seed| {
        let (game, played) = play(&name, &text, seed, line, None, &mut |_, _| {})?;
        let sim = game.sim();
        Ok(GameScore {
            line: line.label.clone(),
            seed,
            scores: sim.scores(),
            objectives_met: sim
                .objectives()
                .iter()
                .filter(|o| o.status == "met")
                .count() as u32,
            refused: played.refused,
        })
    })?;
    let b = balance(
        &scenario.meta.id,
        scenario.objectives.len(),
        args.seeds,
        &games,
        &cimic_core::policy::NAMES,
    );
    if args.json {
        return print_json(&b);
    }
    print!("{}", table(&b, &name));
    Ok(())
}

fn cell(s: &Stat) -> String {
    format!("{:6.1} [{:6.1}, {:6.1}]", s.mean, s.low, s.high)
}

/// The table for people.
fn table(b: &Balance, name: &str) -> String {
    let mut out = format!(
        "{name}: {} lines × {} seeds (1 to {}); mean [95 % interval] of the final scores\n\n",
        b.lines.len(),
        b.seeds,
        b.seeds
    );
    out.push_str(&format!(
        "{:<26} {:<24} {:<24} {:<24} {:>10} {:>8}\n",
        "line", "effectiveness ↑", "efficiency ↑", "civil harm ↓", "objectives", "refused"
    ));
    for l in &b.lines {
        out.push_str(&format!(
            "{:<26} {:<24} {:<24} {:<24} {:>5.1} of {:<2} {:>7}\n",
            l.line,
            cell(&l.effectiveness),
            cell(&l.efficiency),
            cell(&l.civil_harm),
            l.objectives_met.mean,
            b.objectives,
            l.refused
        ));
    }
    out.push_str("\n↑ higher is better, ↓ lower is better (docs/rules.md)\n");
    if b.comparisons.is_empty() {
        out.push_str("cimic-first did not play: no verdict\n");
        return out;
    }
    for c in &b.comparisons {
        let word = |ahead| if ahead { "ahead" } else { "NOT ahead" };
        out.push_str(&format!(
            "cimic-first vs {}: {} on effectiveness, {} on civil harm{}{}\n",
            c.against,
            word(c.effectiveness_ahead),
            word(c.civil_harm_ahead),
            if c.clear {
                " (beyond the 95 % intervals)"
            } else {
                ""
            },
            if c.judged { "" } else { " (shown, not judged)" }
        ));
    }
    out.push_str(if b.cimic_first_ahead {
        "verdict: cimic-first is ahead of the other built-in policies on effectiveness and civil harm\n"
    } else {
        "verdict: cimic-first is NOT ahead of the other built-in policies on effectiveness and civil harm\n"
    });
    out
}
