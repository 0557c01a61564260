//! Skill or luck (`cimic luck`): the recorded decisions — every turn's orders, decision choices
//! and facilitator actions — are given again to games of the same scenario under other seeds,
//! and the recorded outcome is placed among theirs. An outcome near the middle of the spread
//! owes little to the dice; one at an edge was lucky (or unlucky) as much as it was played.
//!
//! The other seeds are `seed + 1, seed + 2, …, seed + N` (wrapping at 2^64), so a rerun with the
//! same N gives the same games. Seeds run in parallel; results are collected in seed order, so
//! they do not depend on the number of threads.

use super::timeline::Indicators;
use crate::record::Record;
use crate::record::replay::{self, Replay, ReplayError};
use crate::scenario::Scenario;
use rayon::prelude::*;
use serde::Serialize;

/// How many of the recorded inputs a seed's game refused (its state did not allow them).
pub use crate::record::replay::Refused;

/// One seed's game with the recorded decisions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeedRun {
    pub seed: u64,
    pub state_hash: String,
    pub indicators: Indicators,
    pub refused: Refused,
    /// The first refusals, for people: `turn N: why`.
    pub examples: Vec<String>,
}

/// Where the recorded value of one indicator falls among the other seeds'.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spread {
    pub indicator: &'static str,
    pub recorded: f64,
    /// Share (0–100) of the other seeds with a lower value, ties counted half.
    pub percentile: f64,
    pub mean: f64,
    /// The middle value (the 50th percentile, interpolated as `low` and `high`).
    pub median: f64,
    /// The empirical 2.5th and 97.5th percentiles (linear interpolation between order
    /// statistics): 95 % of the other seeds fell inside.
    pub low: f64,
    pub high: f64,
    pub min: f64,
    pub max: f64,
    /// Standard deviation (divisor N).
    pub sd: f64,
}

/// The recorded game among the other seeds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Luck {
    pub scenario: String,
    pub seed: u64,
    /// Turns replayed (the record's complete turns).
    pub turns: u32,
    pub recorded: Indicators,
    /// One per other seed, in seed order.
    pub runs: Vec<SeedRun>,
    /// The three scores and objectives met, in that order.
    pub spreads: Vec<Spread>,
    /// Refusals over all seeds.
    pub refused: Refused,
}

/// The indicators whose spread is reported.
const SPREAD_OF: [usize; 4] = [0, 1, 2, 3];

/// Refusal examples kept per seed.
const EXAMPLES: usize = 3;

/// The other seeds for a record's seed: `seed + 1 ..= seed + n`, wrapping.
pub fn seeds(seed: u64, n: u32) -> Vec<u64> {
    (1..=u64::from(n)).map(|k| seed.wrapping_add(k)).collect()
}

/// Replays the record (checking it), then plays its inputs under `n` other seeds; `progress` is
/// called once per seed played (from any thread), for a front end's progress bar.
pub fn luck(record: &Record, n: u32, progress: &(dyn Fn() + Sync)) -> Result<Luck, ReplayError> {
    let scenario = record
        .scenario()
        .map_err(|e| ReplayError::Scenario(e.render(false)))?;
    let turns = record.outcomes.len() as u32;
    let recorded = super::timeline::measure(&replay::replay_to(record, turns)?).indicators;
    let runs: Vec<SeedRun> = seeds(record.header.seed, n)
        .par_iter()
        .map(|&seed| {
            let run = play(&scenario, record, turns, seed);
            progress();
            run
        })
        .collect::<Result<_, _>>()?;
    let mut refused = Refused::default();
    for r in &runs {
        refused.add(r.refused);
    }
    let spreads = SPREAD_OF
        .iter()
        .map(|&i| {
            let values: Vec<f64> = runs.iter().map(|r| r.indicators.values()[i]).collect();
            spread(Indicators::NAMES[i], recorded.values()[i], &values)
        })
        .collect();
    Ok(Luck {
        scenario: scenario.meta.id.clone(),
        seed: record.header.seed,
        turns,
        recorded,
        runs,
        spreads,
        refused,
    })
}

/// One seed's game: the recorded inputs of each turn, in the recorded order; what the state
/// refuses is counted and skipped.
fn play(
    scenario: &Scenario,
    record: &Record,
    turns: u32,
    seed: u64,
) -> Result<SeedRun, ReplayError> {
    let mut replay = Replay::under_seed(record, scenario, seed, turns as usize, EXAMPLES)?;
    for turn in replay.by_ref() {
        turn?;
    }
    let (refused, examples) = (replay.refused(), replay.refusals().to_vec());
    let sim = replay.into_sim();
    Ok(SeedRun {
        seed,
        state_hash: sim.state_hash(),
        indicators: super::timeline::measure(&sim).indicators,
        refused,
        examples,
    })
}

/// The spread of `values` and where `recorded` falls in it. Empty `values` give zeros.
pub fn spread(indicator: &'static str, recorded: f64, values: &[f64]) -> Spread {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len() as f64;
    if sorted.is_empty() {
        return Spread {
            indicator,
            recorded,
            percentile: 0.0,
            mean: 0.0,
            median: 0.0,
            low: 0.0,
            high: 0.0,
            min: 0.0,
            max: 0.0,
            sd: 0.0,
        };
    }
    let below = sorted.iter().filter(|&&v| v < recorded).count() as f64;
    let equal = sorted.iter().filter(|&&v| v == recorded).count() as f64;
    let mean = sorted.iter().sum::<f64>() / n;
    let var = sorted.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
    Spread {
        indicator,
        recorded,
        percentile: 100.0 * (below + 0.5 * equal) / n,
        mean,
        median: quantile(&sorted, 0.5),
        low: quantile(&sorted, 0.025),
        high: quantile(&sorted, 0.975),
        min: sorted[0],
        max: sorted[sorted.len() - 1],
        sd: var.sqrt(),
    }
}

/// The `p` quantile of sorted values, interpolating linearly between order statistics
/// (Hyndman & Fan type 7, as R and NumPy by default).
fn quantile(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_places_the_recorded_value_and_brackets_95_percent() {
        let values: Vec<f64> = (1..=40).map(f64::from).collect();
        let s = spread("x", 10.0, &values);
        // 9 below, 1 equal: 9.5 of 40.
        assert!((s.percentile - 23.75).abs() < 1e-9, "{s:?}");
        assert!((s.mean - 20.5).abs() < 1e-9);
        assert!((s.median - 20.5).abs() < 1e-9);
        assert!((s.low - 1.975).abs() < 1e-9, "{s:?}");
        assert!((s.high - 39.025).abs() < 1e-9, "{s:?}");
        assert_eq!((s.min, s.max), (1.0, 40.0));
        assert_eq!(spread("x", 0.0, &values).percentile, 0.0);
        assert_eq!(spread("x", 99.0, &values).percentile, 100.0);
        assert_eq!(spread("x", 5.0, &[5.0, 5.0]).percentile, 50.0);
    }

    #[test]
    fn seeds_follow_the_recorded_seed_and_wrap() {
        assert_eq!(seeds(7, 3), vec![8, 9, 10]);
        assert_eq!(seeds(u64::MAX, 2), vec![0, 1]);
    }
}
