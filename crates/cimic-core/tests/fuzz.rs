//! The standing fuzz corpus (issue 15): seeded structural mutations of every kind of file the
//! engine reads — shipped scenarios, their orders files, a record and a journal — checked for
//! the properties bad input must have. Nothing panics (each case runs under `catch_unwind` and a
//! panicking mutant is reported with its seed and a description), nothing hangs (a watchdog ends
//! the run on a case over the time limit, naming it), and every refusal is located
//! (`file:line:col`) with a hint. A mutant that is accepted is also played: scenarios for three
//! turns, orders files submitted for three turns, records replayed for three turns.
//!
//! `cargo test` runs 5,000 cases (under 10 s in the debug build). The documented long run
//! (docs/reliability.md):
//!
//! ```text
//! CIMIC_FUZZ_CASES=100000 cargo test --release -p cimic-core --test fuzz -- --nocapture
//! ```
//!
//! `CIMIC_FUZZ_SEED` changes the seed (default 15); `CIMIC_FUZZ_ONLY=N` replays case N alone.
//! Unlike tests/mutations.rs (proptest, shrinking, scenarios only), this runs many cheap cases
//! over all four file kinds and many mutations at once.

mod common;
#[path = "fuzz/mutate.rs"]
mod mutate;

use cimic_core::orders::parse_orders;
use cimic_core::record::game::Game;
use cimic_core::record::replay::Replay;
use cimic_core::record::{Record, Source};
use cimic_core::{FileError, Simulation, load_str};
use mutate::{Kind, mutant};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};

/// Longest a case may take before it counts as a hang (the issue's bound), and how long the
/// watchdog waits before ending a run that is stuck in one (debug builds are slower).
const SLOW: Duration = Duration::from_secs(10);
const STUCK: Duration = Duration::from_secs(120);

/// One input file of the corpus.
struct Seed {
    kind: Kind,
    name: String,
    text: String,
    /// The scenario an orders file is checked against.
    scenario: Option<cimic_core::Scenario>,
}

/// The corpus: every shipped scenario and orders file, a record and a journal of the tutorial.
static CORPUS: LazyLock<Vec<Seed>> = LazyLock::new(|| {
    let mut out = Vec::new();
    for path in common::shipped() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let stem = name.trim_end_matches(".ron").to_string();
        let orders = common::orders_path(&stem);
        if orders.exists() {
            out.push(Seed {
                kind: Kind::Orders,
                name: format!("{stem}.orders.ron"),
                text: std::fs::read_to_string(&orders).unwrap(),
                scenario: Some(load_str(&name, &text).unwrap()),
            });
        }
        out.push(Seed {
            kind: Kind::Scenario,
            name,
            text,
            scenario: None,
        });
    }
    let tutorial = common::scenario_text("tutorial");
    let scenario = load_str("tutorial.ron", &tutorial).unwrap();
    let orders = common::orders("tutorial", &scenario);
    let mut game = Game::new("tutorial.ron", &tutorial, 7, Source::Manual).unwrap();
    while !game.sim().finished() {
        let turn = game.sim().turn() + 1;
        for o in orders
            .iter()
            .filter(|t| t.turn == turn)
            .flat_map(|t| &t.orders)
        {
            let _ = game.submit(o.clone());
        }
        game.advance().unwrap();
    }
    let record = game.record().to_text();
    let lines: Vec<&str> = record.split_inclusive('\n').collect();
    out.push(Seed {
        kind: Kind::Record,
        name: "game.record".into(),
        text: record.clone(),
        scenario: None,
    });
    out.push(Seed {
        kind: Kind::Record,
        name: "game.journal".into(),
        text: lines[..lines.len() / 2].concat(),
        scenario: None,
    });
    out
});

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The checks on one refusal: located problems with hints, a bounded rendering.
fn check_refusal(e: &FileError, text: &str) -> Result<(), String> {
    if e.problems.is_empty() {
        return Err("an error with no problems".into());
    }
    for p in &e.problems {
        let Some((start, end)) = p.span else {
            return Err(format!("unlocated: {:?} at {:?}", p.message, p.path));
        };
        if start > end || end > text.len().max(e.text.len()) {
            return Err(format!("span {start}..{end} outside the text"));
        }
        if p.hint.as_deref().is_none_or(str::is_empty) {
            return Err(format!("no hint for {:?}", p.message));
        }
    }
    let shown = e.render(false);
    if !shown.contains(&e.location(&e.problems[0])) {
        return Err(format!("the report misses {}", e.location(&e.problems[0])));
    }
    if shown.len() > 200_000 {
        return Err(format!("a {} byte report", shown.len()));
    }
    Ok(())
}

/// Plays up to three turns of a simulation.
fn play(sim: &mut Simulation) {
    for _ in 0..3 {
        sim.advance();
    }
}

/// What happened to one mutant: `Ok(true)` accepted and played, `Ok(false)` refused properly.
fn run_case(seed: &Seed, text: &str) -> Result<bool, String> {
    match seed.kind {
        Kind::Scenario => match load_str(&seed.name, text) {
            Err(e) => check_refusal(&e, text).map(|_| false),
            Ok(s) => {
                let mut sim = Simulation::new(&s, 3)
                    .map_err(|p| format!("validated but did not start: {p:?}"))?;
                play(&mut sim);
                Game::new(&seed.name, text, 3, Source::Manual)
                    .map_err(|e| format!("validated but no game: {e}"))?;
                Ok(true)
            }
        },
        Kind::Orders => {
            let scenario = seed.scenario.as_ref().unwrap();
            match parse_orders(&seed.name, text, scenario) {
                Err(e) => check_refusal(&e, text).map(|_| false),
                Ok(turns) => {
                    let mut sim = Simulation::new(scenario, 3).unwrap();
                    for turn in 1..=3 {
                        for o in turns
                            .iter()
                            .filter(|t| t.turn == turn)
                            .flat_map(|t| &t.orders)
                        {
                            let _ = sim.submit(o.clone()).map_err(|r| r.to_string());
                        }
                        sim.advance();
                    }
                    Ok(true)
                }
            }
        }
        Kind::Record => match Record::parse(&seed.name, text) {
            Err(e) => check_refusal(&e, text).map(|_| false),
            Ok((record, _)) => {
                let turns = record.outcomes.len().min(3);
                if let Ok(mut replay) = Replay::verified(&record, turns) {
                    while replay.remaining() > 0 {
                        if let Some(Err(_)) = replay.next() {
                            break;
                        }
                    }
                }
                Ok(true)
            }
        },
    }
}

/// Resident memory of this process in bytes (Linux), for the summary.
fn resident() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4096)
}

#[test]
fn fuzz_corpus_of_structural_mutants() {
    let cases = env("CIMIC_FUZZ_CASES", 5_000);
    let base = env("CIMIC_FUZZ_SEED", 15);
    let only = std::env::var("CIMIC_FUZZ_ONLY")
        .ok()
        .and_then(|v| v.parse::<u64>().ok());
    let corpus = &*CORPUS;
    // The watchdog: a case running past STUCK ends the run, naming the case.
    let current = Arc::new(AtomicU64::new(u64::MAX));
    let started_at = Arc::new(AtomicU64::new(0));
    let epoch = Instant::now();
    {
        let (current, started_at) = (current.clone(), started_at.clone());
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(Duration::from_secs(1));
                let case = current.load(Ordering::SeqCst);
                let since = epoch.elapsed().as_millis() as u64 - started_at.load(Ordering::SeqCst);
                if case != u64::MAX && since > STUCK.as_millis() as u64 {
                    eprintln!("fuzz: case {case} (seed {base}) ran {since} ms: a hang");
                    std::process::exit(3);
                }
            }
        });
    }
    let (mut accepted, mut refused, mut slow, mut peak) = (0u64, 0u64, Vec::new(), 0u64);
    let mut failures = Vec::new();
    let run = Instant::now();
    let range = only.map_or(0..cases, |n| n..n + 1);
    for case in range {
        let (which, text, what) = mutant(corpus.len(), |i| &corpus[i].text, base, case);
        let seed = &corpus[which];
        started_at.store(epoch.elapsed().as_millis() as u64, Ordering::SeqCst);
        current.store(case, Ordering::SeqCst);
        let t0 = Instant::now();
        let outcome = std::panic::catch_unwind(|| run_case(seed, &text)).unwrap_or_else(|p| {
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Err(format!("PANIC: {msg}"))
        });
        current.store(u64::MAX, Ordering::SeqCst);
        if t0.elapsed() > SLOW {
            slow.push(format!(
                "case {case}: {} {what} took {:?}",
                seed.name,
                t0.elapsed()
            ));
        }
        match outcome {
            Ok(true) => accepted += 1,
            Ok(false) => refused += 1,
            Err(e) => failures.push(format!("case {case} ({} {what}): {e}", seed.name)),
        }
        if case % 256 == 0 {
            peak = peak.max(resident());
        }
    }
    peak = peak.max(resident());
    let panics = failures.iter().filter(|f| f.contains("PANIC")).count();
    println!(
        "fuzz: {} cases (seed {base}) in {:.1} s: {accepted} accepted and played, {refused} refused, {} failures ({panics} panics), {} over {:?}, peak resident {} MiB",
        accepted + refused + failures.len() as u64,
        run.elapsed().as_secs_f64(),
        failures.len(),
        slow.len(),
        SLOW,
        peak >> 20
    );
    for f in failures.iter().chain(&slow).take(30) {
        println!("  {f}");
    }
    assert!(
        failures.is_empty() && slow.is_empty(),
        "{} failures, {} slow",
        failures.len(),
        slow.len()
    );
}
