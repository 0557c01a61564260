//! `cimic diff`, `cimic luck` and `cimic report`: the after-action review of recorded games from
//! the command line. The analysis lives in the library (`cimic_core::aar`); this module loads the
//! records, prints tables or JSON and writes the report files.

use super::play::write_new;
use cimic_core::aar::diff::{Diff, diff};
use cimic_core::aar::luck::{Luck, luck};
use cimic_core::aar::timeline::Timeline;
use cimic_core::aar::{csv, html};
use cimic_core::record::Record;
use cimic_core::record::replay::ReplayError;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Causes listed per score in `diff`.
const DIFF_CAUSES: usize = 5;
/// Most seeds `luck` accepts in one run.
pub const MAX_SEEDS: u32 = 100_000;

/// Loads and replays a record, keeping the maps of `maps`; prints why not.
fn timeline(path: &Path, maps: &[u32]) -> Result<(Record, Timeline), ExitCode> {
    let record = super::records::load(path)?;
    match Timeline::build(&record, maps) {
        Ok(t) => Ok((record, t)),
        Err(e) => Err(replay_failed(path, &e)),
    }
}

fn replay_failed(path: &Path, e: &ReplayError) -> ExitCode {
    eprintln!(
        "error: {}: the record does not replay: {e}\n  hint: it was made by another build of the engine or edited; `cimic replay {} --verify` says more",
        path.display(),
        path.display()
    );
    ExitCode::from(1)
}

fn print_json<T: Serialize>(value: &T) -> ExitCode {
    match serde_json::to_string(value) {
        Ok(s) => {
            println!("{s}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write the JSON: {e}");
            ExitCode::from(1)
        }
    }
}

/// `cimic diff A B [--json]`.
pub fn diff_cmd(a: &Path, b: &Path, json: bool) -> ExitCode {
    let (ta, tb) = match (timeline(a, &[]), timeline(b, &[])) {
        (Ok((_, ta)), Ok((_, tb))) => (ta, tb),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let d = match diff(
        &ta,
        &a.display().to_string(),
        &tb,
        &b.display().to_string(),
        DIFF_CAUSES,
    ) {
        Ok(d) => d,
        Err(e) => {
            eprintln!(
                "error: {} and {}: {e}\n  hint: fork a record (`cimic fork`) or play the same scenario again to get a comparable game",
                a.display(),
                b.display()
            );
            return ExitCode::from(1);
        }
    };
    if json {
        return print_json(&d);
    }
    print!("{}", diff_text(&d));
    ExitCode::SUCCESS
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

/// The diff as a table for people.
fn diff_text(d: &Diff) -> String {
    let mut out = format!("scenario {}\n", d.scenario);
    out.push_str(&side_line("A", &d.a));
    out.push_str(&side_line("B", &d.b));
    match d.first_difference {
        None if d.identical => out.push_str(&format!(
            "identical: every turn's state is the same (turns 0 to {})\n",
            d.turns.last().map_or(0, |t| t.turn)
        )),
        None => out.push_str(&format!(
            "the same up to turn {}, where the shorter game ends\n",
            d.turns.last().map_or(0, |t| t.turn)
        )),
        Some(0) => out.push_str("the games differ from the start (turn 0): other seeds\n"),
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
                c.text
            ));
        }
    }
    out
}

/// `cimic luck RECORD --seeds N [--json]`.
pub fn luck_cmd(path: &Path, seeds: u32, json: bool) -> ExitCode {
    if seeds == 0 || seeds > MAX_SEEDS {
        eprintln!("error: --seeds {seeds}: give from 1 to {MAX_SEEDS} seeds");
        return ExitCode::from(2);
    }
    let record = match super::records::load(path) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let l = match luck(&record, seeds) {
        Ok(l) => l,
        Err(e) => return replay_failed(path, &e),
    };
    if json {
        return print_json(&l);
    }
    print!("{}", luck_text(&l, path));
    ExitCode::SUCCESS
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

/// What `cimic report` writes.
pub struct ReportArgs {
    pub record: PathBuf,
    pub html: PathBuf,
    pub csv: Option<PathBuf>,
    /// Turns whose map to draw (default: start, middle, end).
    pub map_turns: Option<Vec<u32>>,
}

/// `cimic report RECORD --html OUT.html [--csv OUT.csv] [--map-turns 0,5,10]`.
pub fn report_cmd(args: &ReportArgs) -> ExitCode {
    for out in std::iter::once(&args.html).chain(&args.csv) {
        if out.exists() {
            eprintln!(
                "error: {}: the file exists; reports are written to new files and never overwrite one\n  hint: remove it or choose another name",
                out.display()
            );
            return ExitCode::from(1);
        }
    }
    let record = match super::records::load(&args.record) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let complete = record.outcomes.len() as u32;
    let maps = match &args.map_turns {
        None => {
            let mut m = vec![0, complete / 2, complete];
            m.dedup();
            m
        }
        Some(list) => {
            if let Some(t) = list.iter().find(|&&t| t > complete) {
                eprintln!(
                    "error: {}: --map-turns {t}: the record holds {complete} turns\n  hint: choose turns from 0 to {complete}",
                    args.record.display()
                );
                return ExitCode::from(1);
            }
            let mut m = list.clone();
            m.sort_unstable();
            m.dedup();
            m
        }
    };
    let t = match Timeline::build(&record, &maps) {
        Ok(t) => t,
        Err(e) => return replay_failed(&args.record, &e),
    };
    let page = html::report(&t, &args.record.display().to_string());
    if let Err(e) = write_new(&args.html, &page) {
        eprintln!("error: cannot write {}: {e}", args.html.display());
        return ExitCode::from(1);
    }
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
        if let Err(e) = write_new(path, &text) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::from(1);
        }
        println!(
            "{}: {} rows (turns 0 to {complete} × {} districts)",
            path.display(),
            text.lines().count() - 1,
            t.scenario.map.districts.len()
        );
    }
    ExitCode::SUCCESS
}
