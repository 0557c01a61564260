//! `cimic ledger`: every entry behind the scores of a recorded game. A score is the sum of its
//! ledger entries (docs/rules.md §21), so a trainer or analyst who doubts a number can list what
//! made it, turn by turn, and see the entries add up to the score the game reported.

use super::error::{CliError, CliResult};
use super::output::print_json;
use super::records::{load, replay_failed};
use cimic_core::Scores;
use cimic_core::record::replay::{replay_to, verify};
use cimic_core::sim::scoring::ledger::{Entry, Ledger, Metric};
use serde::Serialize;
use std::path::Path;

/// A score named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScoreName {
    Effectiveness,
    Efficiency,
    CivilHarm,
}

impl ScoreName {
    /// The core's metric.
    pub fn metric(self) -> Metric {
        match self {
            ScoreName::Effectiveness => Metric::Effectiveness,
            ScoreName::Efficiency => Metric::Efficiency,
            ScoreName::CivilHarm => Metric::CivilHarm,
        }
    }
}

/// `cimic ledger RECORD [--turn N] [--score S] [--json]`.
#[derive(clap::Args)]
pub struct LedgerArgs {
    /// The record (`run --record`, `fork --out`, or a journal).
    pub record: std::path::PathBuf,
    /// Only the entries written in this turn (0: the starting situation).
    #[arg(long)]
    pub turn: Option<u32>,
    /// Only the entries of this score.
    #[arg(long, value_enum)]
    pub score: Option<ScoreName>,
    /// Print JSON Lines on stdout: one object per entry, then one summary object.
    #[arg(long)]
    pub json: bool,
}

/// What the listed entries add up to, per score, beside the score the game reported.
#[derive(Debug, Serialize)]
struct Total {
    #[serde(rename = "type")]
    kind: &'static str,
    metric: Metric,
    /// Turns the entries were taken from (inclusive).
    from_turn: u32,
    to_turn: u32,
    entries: usize,
    /// The sum of the listed entries.
    sum: f64,
    /// The score after `to_turn` minus the score before `from_turn` (the score itself when
    /// `from_turn` is 0): what `sum` must equal.
    score_change: f64,
    score_before: f64,
    score_after: f64,
    /// The score after `to_turn` computed from the game's state without the ledger (docs/rules.md
    /// §21, the ledger invariant): `score_after` equals it up to rounding.
    score_from_state: f64,
}

/// One entry as a JSON line.
#[derive(Serialize)]
struct EntryLine<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    entry: &'a Entry,
}

/// Runs the command: replays the record with every hash checked, then lists its ledger.
pub fn ledger_cmd(args: &LedgerArgs) -> CliResult {
    let path = args.record.as_path();
    let record = load(path)?;
    let sim = verify(&record).map_err(|e| replay_failed(path, &e))?;
    let last = sim.turn();
    if let Some(t) = args.turn.filter(|t| *t > last) {
        return Err(
            CliError::usage(format!("turn {t} is past the record's end"))
                .at(path.display())
                .hint(format!("the record has turns 0 to {last}")),
        );
    }
    let (from, to) = args.turn.map_or((0, last), |t| (t, t));
    let metrics: Vec<Metric> = match args.score {
        Some(s) => vec![s.metric()],
        None => Metric::ALL.to_vec(),
    };
    // The scores computed from the state at the last listed turn, a check independent of the ledger.
    let direct = if to == last {
        sim.scores_direct()
    } else {
        replay_to(&record, to)
            .map_err(|e| replay_failed(path, &e))?
            .scores_direct()
    };
    let ledger = sim.ledger();
    let shown: Vec<&Entry> = ledger
        .entries
        .iter()
        .filter(|e| (from..=to).contains(&e.turn) && metrics.contains(&e.metric))
        .collect();
    let totals: Vec<Total> = metrics
        .iter()
        .map(|m| total(ledger, &shown, *m, (from, to), &direct))
        .collect();
    if args.json {
        for entry in &shown {
            print_json(&EntryLine {
                kind: "entry",
                entry,
            })?;
        }
        return totals.iter().try_for_each(print_json);
    }
    print_text(path, &shown, &totals);
    Ok(())
}

/// The listed entries of one metric summed, and the score change they must explain.
fn total(
    ledger: &Ledger,
    shown: &[&Entry],
    metric: Metric,
    (from, to): (u32, u32),
    direct: &Scores,
) -> Total {
    let mine = shown.iter().filter(|e| e.metric == metric);
    let sum = mine.clone().map(|e| e.amount).sum::<f64>() + 0.0;
    let before = match from {
        0 => 0.0,
        f => ledger.total(metric, f - 1),
    };
    let after = ledger.total(metric, to);
    Total {
        kind: "total",
        metric,
        from_turn: from,
        to_turn: to,
        entries: mine.count(),
        sum,
        score_change: after - before,
        score_before: before,
        score_after: after,
        score_from_state: match metric {
            Metric::Effectiveness => direct.effectiveness,
            Metric::Efficiency => direct.efficiency,
            Metric::CivilHarm => direct.civil_harm,
        },
    }
}

/// The entries as a table for people, then each score's sum beside the score.
fn print_text(path: &Path, shown: &[&Entry], totals: &[Total]) {
    println!("{}: {} ledger entries", path.display(), shown.len());
    for e in shown {
        let origin = e
            .origin
            .map_or(String::new(), |o| format!(" [harm from: {o}]"));
        println!(
            "turn {:>3}  {:<13} {:>+9.3}  {:<24} {}{}",
            e.turn,
            e.metric.name(),
            e.amount,
            format!("{} ({})", e.cause, e.entity),
            cimic_core::names::visible_lines(&e.text, "          "),
            origin
        );
    }
    for t in totals {
        let span = if t.from_turn == t.to_turn {
            format!("turn {}", t.from_turn)
        } else {
            format!("turns {}–{}", t.from_turn, t.to_turn)
        };
        println!(
            "{}: {} entries over {span} sum to {:+.3}; the score went from {:.3} to {:.3} ({:+.3}; from the state: {:.3})",
            t.metric.name(),
            t.entries,
            t.sum,
            t.score_before,
            t.score_after,
            t.score_change,
            t.score_from_state
        );
    }
}
