//! `cimic diff`, `cimic luck` and `cimic report`: the after-action review of recorded games from
//! the command line. The analysis lives in the library (`cimic_core::aar`); this module loads the
//! records, prints tables or JSON and writes the report files.

use super::error::{CliError, CliResult};
use super::output::{print_json, refuse_existing, write_atomically};
use super::records::{load, replay_failed};
use cimic_core::aar::diff::{Diff, diff};
use cimic_core::aar::luck::{Luck, luck};
use cimic_core::aar::scenario_diff::ChangeKind;
use cimic_core::aar::timeline::Timeline;
use cimic_core::aar::{csv, html};
use cimic_core::record::Record;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::path::{Path, PathBuf};

/// Causes listed per score in `diff`.
const DIFF_CAUSES: usize = 5;
/// Most seeds `luck` accepts in one run.
pub const MAX_SEEDS: u32 = 100_000;

/// Loads and replays a record, keeping the maps of `maps`.
fn timeline(path: &Path, maps: &[u32]) -> CliResult<(Record, Timeline)> {
    let record = load(path)?;
    match Timeline::build(&record, maps) {
        Ok(t) => Ok((record, t)),
        Err(e) => Err(replay_failed(path, &e)),
    }
}

/// `cimic diff A B [--json]`.
pub fn diff_cmd(a: &Path, b: &Path, json: bool) -> CliResult {
    let (_, ta) = timeline(a, &[])?;
    let (_, tb) = timeline(b, &[])?;
    let d = diff(
        &ta,
        &a.display().to_string(),
        &tb,
        &b.display().to_string(),
        DIFF_CAUSES,
    )
    .map_err(|e| {
        CliError::invalid(e.to_string())
            .at(format!("{} and {}", a.display(), b.display()))
            .hint("fork a record (`cimic fork`), or play the same scenario (or an edited version of it, keeping its `meta.id`) to get a comparable game")
    })?;
    if json {
        return print_json(&d);
    }
    print!("{}", diff_text(&d));
    Ok(())
}

fn side_line(label: &str, s: &cimic_core::aar::diff::Side) -> String {
    let fork = s.fork.as_ref().map_or(String::new(), |f| {
        format!(", fork of {} after turn {}", f.parent_file, f.at)
    });
    format!(
        "{label}: {} — seed {}, {}{fork}; {} turns, final state {}\n",
        s.file, s.seed, s.source, s.turns, s.final_hash
    )
}

/// What changed between the two versions of the scenario, one line per change; nothing when
/// both games were played on the same file.
fn scenario_changes_text(d: &Diff) -> String {
    if !d.scenario_edited {
        return String::new();
    }
    let n = d.scenario_changes.len();
    let mut out = format!(
        "\nthe scenario was edited between A ({}) and B ({}): ",
        d.a.scenario_file, d.b.scenario_file
    );
    if n == 0 {
        out.push_str("the files differ only in comments and layout\n\n");
        return out;
    }
    out.push_str(&format!("{n} change{}\n", if n == 1 { "" } else { "s" }));
    for c in &d.scenario_changes {
        let (a, b) = (c.a.as_deref().unwrap_or(""), c.b.as_deref().unwrap_or(""));
        out.push_str(&match c.kind {
            ChangeKind::Added => format!("  added    {}: {b}\n", c.path),
            ChangeKind::Removed => format!("  removed  {}: {a}\n", c.path),
            ChangeKind::Changed => format!("  changed  {}: {a} → {b}\n", c.path),
        });
    }
    out.push('\n');
    out
}

/// The diff as a table for people.
fn diff_text(d: &Diff) -> String {
    let mut out = format!("scenario {}\n", d.scenario);
    out.push_str(&side_line("A", &d.a));
    out.push_str(&side_line("B", &d.b));
    out.push_str(&scenario_changes_text(d));
    match d.first_difference {
        None if d.identical => out.push_str(&format!(
            "identical: every turn's state is the same (turns 0 to {})\n",
            d.turns.last().map_or(0, |t| t.turn)
        )),
        None => out.push_str(&format!(
            "the same up to turn {}, where the shorter game ends\n",
            d.turns.last().map_or(0, |t| t.turn)
        )),
        Some(0) => out.push_str(&format!(
            "the games differ from the start (turn 0): {}\n",
            match (d.scenario_edited, d.a.seed != d.b.seed) {
                (true, true) => "another version of the scenario and other seeds",
                (true, false) => "another version of the scenario",
                _ => "other seeds",
            }
        )),
        Some(t) => out.push_str(&format!(
            "first differing turn: {t} (the states are the same up to turn {})\n",
            t - 1
        )),
    }
    out.push_str(
        "\nturn   effectiveness A/B/Δ    efficiency A/B/Δ       civil harm A/B/Δ     objectives  needs met A/B   deaths A/B  displaced A/B\n",
    );
    for t in &d.turns {
        let (a, b, x) = (t.a.values(), t.b.values(), t.delta.values());
        out.push_str(&format!(
            "{:>3}{} ",
            t.turn,
            if t.same_state { ' ' } else { '*' }
        ));
        for i in 0..3 {
            out.push_str(&format!("{:6.1} {:6.1} {:+6.1}   ", a[i], b[i], x[i]));
        }
        out.push_str(&format!(
            "{:>4} {:>4}   {:.3} {:.3}   {:>5} {:>5}   {:>6} {:>6}\n",
            a[3], b[3], a[4], b[4], a[5], b[5], a[6], b[6]
        ));
    }
    out.push_str("(* the states differ after this turn)\n");
    if d.causes.is_empty() {
        out.push_str("\nno ledger cause differs\n");
    } else {
        out.push_str("\nlargest differences in ledger causes (B − A):\n");
        for c in &d.causes {
            out.push_str(&format!(
                "  {:<13} {:+7.2}  {} [{}]  A {:.2}  B {:.2} — {}\n",
                c.metric.name(),
                c.delta,
                c.cause,
                c.entity,
                c.a,
                c.b,
                cimic_core::names::visible_lines(&c.text, "      ")
            ));
        }
    }
    out
}

/// A bar on stderr counting `len` steps of long work; drawn only when stderr is a terminal, so
/// scripts and logs see nothing of it.
pub fn progress_bar(len: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{msg} {wide_bar} {pos}/{len} ({eta} left)") {
        bar.set_style(style);
    }
    bar.set_message(what.to_string());
    bar
}

/// `cimic luck RECORD --seeds N [--json]`.
pub fn luck_cmd(path: &Path, seeds: u32, json: bool) -> CliResult {
    if seeds == 0 || seeds > MAX_SEEDS {
        return Err(CliError::usage(format!(
            "--seeds {seeds}: give from 1 to {MAX_SEEDS} seeds"
        )));
    }
    let record = load(path)?;
    let bar = progress_bar(u64::from(seeds), "replaying under other seeds");
    let l = luck(&record, seeds, &|| bar.inc(1)).map_err(|e| replay_failed(path, &e));
    bar.finish_and_clear();
    let l = l?;
    if json {
        return print_json(&l);
    }
    print!("{}", luck_text(&l, path));
    Ok(())
}

fn luck_text(l: &Luck, path: &Path) -> String {
    let (first, last) = (
        l.runs.first().map_or(0, |r| r.seed),
        l.runs.last().map_or(0, |r| r.seed),
    );
    let mut out = format!(
        "{}: {} (seed {}), {} turns: the recorded decisions replayed over {} other seeds ({first} to {last})\n\n",
        path.display(),
        l.scenario,
        l.seed,
        l.turns,
        l.runs.len()
    );
    out.push_str("indicator        recorded  percentile      mean    median   95% interval          min – max           sd\n");
    for s in &l.spreads {
        out.push_str(&format!(
            "{:<15} {:>9.2}  {:>10.1} {:>9.2} {:>9.2}   [{:>7.2}, {:>7.2}]   {:>7.2} – {:<7.2} {:>7.2}\n",
            s.indicator,
            s.recorded,
            s.percentile,
            s.mean,
            s.median,
            s.low,
            s.high,
            s.min,
            s.max,
            s.sd
        ));
    }
    out.push_str("\npercentile: share of the other seeds below the recorded value (ties count half); for civil harm lower is better\n");
    let r = l.refused;
    out.push_str(&format!(
        "refused by the other seeds' states: {} orders, {} decisions, {} facilitator actions\n",
        r.orders, r.decisions, r.facilitator
    ));
    for run in l.runs.iter().filter(|r| !r.examples.is_empty()).take(3) {
        for e in &run.examples {
            out.push_str(&format!("  seed {}: {e}\n", run.seed));
        }
    }
    out
}

/// What `cimic report` writes: its command-line arguments.
#[derive(clap::Args)]
pub struct ReportArgs {
    /// The record.
    pub record: PathBuf,
    /// The HTML report to write (a new file unless --force).
    #[arg(long)]
    pub html: PathBuf,
    /// Also write the indicators per turn and district as CSV (a new file unless --force).
    #[arg(long)]
    pub csv: Option<PathBuf>,
    /// Turns whose map to draw, e.g. 0,5,10 (default: start, middle and end).
    #[arg(long, value_delimiter = ',')]
    pub map_turns: Option<Vec<u32>>,
    /// Replace the HTML and CSV files if they exist.
    #[arg(long)]
    pub force: bool,
}

/// The turns whose map to draw: those asked for (each in the record), else start, middle, end.
fn map_turns(args: &ReportArgs, complete: u32) -> CliResult<Vec<u32>> {
    let mut m = match &args.map_turns {
        None => vec![0, complete / 2, complete],
        Some(list) => {
            if let Some(t) = list.iter().find(|&&t| t > complete) {
                return Err(CliError::invalid(format!(
                    "--map-turns {t}: the record holds {complete} turns"
                ))
                .at(args.record.display())
                .hint(format!("choose turns from 0 to {complete}")));
            }
            let mut m = list.clone();
            m.sort_unstable();
            m
        }
    };
    m.dedup();
    Ok(m)
}

/// `cimic report RECORD --html OUT.html [--csv OUT.csv] [--map-turns 0,5,10] [--force]`.
pub fn report_cmd(args: &ReportArgs) -> CliResult {
    for out in std::iter::once(&args.html).chain(&args.csv) {
        refuse_existing(out, args.force)?;
    }
    let record = load(&args.record)?;
    let complete = record.outcomes.len() as u32;
    let maps = map_turns(args, complete)?;
    let t = Timeline::build(&record, &maps).map_err(|e| replay_failed(&args.record, &e))?;
    let page = html::report(&t, &args.record.display().to_string());
    write_atomically(&args.html, &page, args.force)?;
    println!(
        "{}: after-action report, {} KB ({} turns, maps after turns {})",
        args.html.display(),
        page.len().div_ceil(1024),
        complete,
        maps.iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    );
    if let Some(path) = &args.csv {
        let text = csv::csv(&t);
        write_atomically(path, &text, args.force)?;
        println!(
            "{}: {} rows (turns 0 to {complete} × {} districts)",
            path.display(),
            csv::rows(&t),
            t.scenario.map.districts.len()
        );
    }
    Ok(())
}
