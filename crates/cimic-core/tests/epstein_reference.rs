//! Our Epstein civil-violence model (`cimic_core::epstein`) against Mesa 3.3.1's reference
//! implementation, without Python: `tests/data/epstein_reference.json` holds Mesa's statistics
//! and the tolerances, written by `scripts/epstein_compare.py` (see docs/epstein-comparison.md).
//!
//! The test plays our model over the seeds and steps the reference names, averages each count
//! over each window of steps per seed, and requires the mean across seeds to lie within the
//! recorded tolerance of Mesa's. A second test changes one parameter and requires the comparison
//! to fail, so the first one is known to be able to.

use cimic_core::epstein::{EpsteinCounts, EpsteinParams, EpsteinWorld, seed_rng};
use serde_json::Value;

const REFERENCE: &str = include_str!("data/epstein_reference.json");

fn reference() -> Value {
    serde_json::from_str(REFERENCE).expect("tests/data/epstein_reference.json is valid JSON")
}

/// Counts after set-up and after each step, for seeds `first..first + seeds`, played on as many
/// threads as the machine has (each seed on its own stream, so the result does not depend on it).
fn play(params: &EpsteinParams, first: u64, seeds: u64, steps: usize) -> Vec<Vec<EpsteinCounts>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()) as u64;
    let mut runs: Vec<(u64, Vec<EpsteinCounts>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    (first + t..first + seeds)
                        .step_by(threads as usize)
                        .map(|seed| {
                            let mut rng = seed_rng(seed);
                            let mut world = EpsteinWorld::new(params.clone(), &mut rng)
                                .expect("valid parameters");
                            let mut counts = vec![world.counts()];
                            for _ in 0..steps {
                                world.step(&mut rng);
                                counts.push(world.counts());
                            }
                            (seed, counts)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a run panicked"))
            .collect()
    });
    runs.sort_by_key(|(seed, _)| *seed);
    runs.into_iter().map(|(_, counts)| counts).collect()
}

fn count(c: &EpsteinCounts, quantity: &str) -> f64 {
    match quantity {
        "active" => c.active as f64,
        "quiet" => c.quiet as f64,
        "jailed" => c.jailed as f64,
        other => panic!("unknown quantity {other:?} in the reference"),
    }
}

/// Compares our model under `params` with one setting of the reference (`"test"` or
/// `"main_comparison"`); returns one line per window and count outside its tolerance (empty when
/// everything matches).
fn mismatches(params: &EpsteinParams, setting: &str) -> Vec<String> {
    let r = reference();
    let test = &r[setting];
    let first = test["first_seed"].as_u64().expect("test.first_seed");
    let seeds = test["seeds"].as_u64().expect("test.seeds");
    let steps = test["steps"].as_u64().expect("test.steps") as usize;
    let runs = play(params, first, seeds, steps);
    let windows = test["windows"].as_array().expect("test.windows");
    assert!(
        !windows.is_empty(),
        "the reference has no windows to compare"
    );
    let mut out = Vec::new();
    for w in windows {
        let lo = w["from"].as_u64().expect("from") as usize;
        let hi = w["to"].as_u64().expect("to") as usize;
        let quantity = w["quantity"].as_str().expect("quantity");
        let mesa = w["mesa_mean"].as_f64().expect("mesa_mean");
        let tolerance = w["tolerance"].as_f64().expect("tolerance");
        assert!(hi <= steps && lo >= 1 && lo <= hi, "bad window {lo}..={hi}");
        let per_seed: Vec<f64> = runs
            .iter()
            .map(|c| {
                c[lo..=hi].iter().map(|c| count(c, quantity)).sum::<f64>() / (hi - lo + 1) as f64
            })
            .collect();
        let ours = per_seed.iter().sum::<f64>() / per_seed.len() as f64;
        if (ours - mesa).abs() > tolerance || ours.is_nan() {
            out.push(format!(
                "steps {lo}..={hi} {quantity}: ours {ours:.2}, Mesa {mesa:.2}, \
                 difference {:+.2}, tolerance {tolerance:.2}",
                ours - mesa
            ));
        }
    }
    out
}

#[test]
fn reference_is_for_the_default_parameters() {
    let r = reference();
    let recorded: EpsteinParams =
        serde_json::from_value(r["params"].clone()).expect("params in the reference");
    assert_eq!(recorded, EpsteinParams::default());
    assert_eq!(r["mesa_version"], "3.3.1");
}

#[test]
fn default_model_matches_mesa_statistics() {
    let bad = mismatches(&EpsteinParams::default(), "test");
    assert!(
        bad.is_empty(),
        "our model is outside the tolerance of Mesa's statistics \
         (see docs/epstein-comparison.md):\n{}",
        bad.join("\n")
    );
}

/// The comparison has power: a modest change of legitimacy (0.8 → 0.75) is detected.
#[test]
fn a_changed_rule_is_detected() {
    let params = EpsteinParams {
        legitimacy: 0.75,
        ..EpsteinParams::default()
    };
    assert!(
        !mismatches(&params, "test").is_empty(),
        "legitimacy 0.75 passed as Mesa's 0.8: the reference tolerances are too wide"
    );
}

/// The script's full setting (100 seeds × 200 steps): slow in a debug build, so run it with
/// `cargo test --release --test epstein_reference -- --ignored`. It catches subtler rule changes
/// than the quick test, e.g. a missing `round` in the arrest probability.
#[test]
#[ignore = "slow in a debug build; run with --release -- --ignored"]
fn full_setting_matches_mesa_statistics() {
    let bad = mismatches(&EpsteinParams::default(), "main_comparison");
    assert!(
        bad.is_empty(),
        "our model is outside the tolerance of Mesa's statistics \
         (see docs/epstein-comparison.md):\n{}",
        bad.join("\n")
    );
}
