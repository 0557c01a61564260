//! Generated designs (`cimic design`): a full factorial over levels of some parameters, or a
//! Latin hypercube sample over ranges, crossed with scenarios, sources of decisions and seeds.
//! Both are deterministic: the same arguments (and, for the hypercube, the same seed) give the
//! same rows in the same order.

use super::design::{Decisions, DesignRow, MAX_ROWS, Origin};
use crate::scenario::overrides::{Override, Value};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// What every generated row is crossed with: scenarios, sources of decisions and seeds (each at
/// least one), and the turns to play.
#[derive(Debug, Clone, PartialEq)]
pub struct Common {
    pub scenarios: Vec<String>,
    pub decisions: Vec<Decisions>,
    pub seeds: Vec<u64>,
    pub turns: Option<u32>,
}

/// A parameter's levels for a full factorial: `path=a,b,c`.
#[derive(Debug, Clone, PartialEq)]
pub struct Factor {
    pub path: String,
    pub levels: Vec<Value>,
}

/// A parameter's range for a Latin hypercube: `path=low:high`, or `path=low:high:int` for whole
/// numbers (counts, capacities: each draw rounded down).
#[derive(Debug, Clone, PartialEq)]
pub struct Range {
    pub path: String,
    pub low: f64,
    pub high: f64,
    pub whole: bool,
}

impl Factor {
    /// Reads `path=a,b,c`.
    pub fn parse(text: &str) -> Result<Factor, String> {
        let (path, levels) = text
            .split_once('=')
            .ok_or_else(|| format!("`{text}`: write PATH=LEVEL,LEVEL,…"))?;
        let levels: Vec<Value> = levels
            .split(',')
            .map(|l| Value::Text(l.trim().to_string()))
            .collect();
        if path.trim().is_empty() || levels.iter().any(|l| l.to_string().is_empty()) {
            return Err(format!(
                "`{text}`: write PATH=LEVEL,LEVEL,… with no empty level"
            ));
        }
        Ok(Factor {
            path: path.trim().to_string(),
            levels,
        })
    }
}

impl Range {
    /// Reads `path=low:high` or `path=low:high:int`.
    pub fn parse(text: &str) -> Result<Range, String> {
        let bad = || {
            format!(
                "`{text}`: write PATH=LOW:HIGH with LOW < HIGH, e.g. unrest.active_threshold=0.1:0.3, or PATH=LOW:HIGH:int for whole numbers"
            )
        };
        let (path, range) = text.split_once('=').ok_or_else(bad)?;
        let (range, whole) = match range.strip_suffix(":int") {
            Some(r) => (r, true),
            None => (range, false),
        };
        let (lo, hi) = range.split_once(':').ok_or_else(bad)?;
        let (low, high): (f64, f64) = (
            lo.trim().parse().map_err(|_| bad())?,
            hi.trim().parse().map_err(|_| bad())?,
        );
        if path.trim().is_empty() || !low.is_finite() || !high.is_finite() || low >= high {
            return Err(bad());
        }
        Ok(Range {
            path: path.trim().to_string(),
            low,
            high,
            whole,
        })
    }
}

/// Every row of `common` crossed with `points` (each a set of overrides), in the order scenario,
/// decisions, point, seed (seeds change fastest).
fn cross(common: &Common, points: &[Vec<Override>]) -> Result<Vec<DesignRow>, String> {
    let n = [
        common.scenarios.len(),
        common.decisions.len(),
        common.seeds.len(),
        points.len().max(1),
    ]
    .iter()
    .try_fold(1usize, |acc, &k| acc.checked_mul(k))
    .filter(|&n| n <= MAX_ROWS)
    .ok_or_else(|| format!("the design would have more than {MAX_ROWS} rows"))?;
    if common.scenarios.is_empty() || common.decisions.is_empty() || common.seeds.is_empty() {
        return Err("give at least one scenario, one source of decisions and one seed".to_string());
    }
    let none = [Vec::new()];
    let points = if points.is_empty() { &none[..] } else { points };
    let mut rows = Vec::with_capacity(n);
    for scenario in &common.scenarios {
        for decisions in &common.decisions {
            for point in points {
                for &seed in &common.seeds {
                    rows.push(DesignRow {
                        scenario: scenario.clone(),
                        seed,
                        decisions: decisions.clone(),
                        turns: common.turns,
                        overrides: point.clone(),
                        origin: Origin {
                            path: format!("rows[{}]", rows.len()),
                            ..Origin::default()
                        },
                    });
                }
            }
        }
    }
    Ok(rows)
}

/// The full factorial: every combination of the factors' levels (the last factor changing
/// fastest), crossed with `common`.
pub fn factorial(common: &Common, factors: &[Factor]) -> Result<Vec<DesignRow>, String> {
    let count = factors
        .iter()
        .try_fold(1usize, |acc, f| acc.checked_mul(f.levels.len()))
        .filter(|&n| n <= MAX_ROWS)
        .ok_or_else(|| format!("the design would have more than {MAX_ROWS} rows"))?;
    let points: Vec<Vec<Override>> = if factors.is_empty() {
        Vec::new()
    } else {
        (0..count)
            .map(|mut k| {
                let mut point = vec![None; factors.len()];
                for (j, f) in factors.iter().enumerate().rev() {
                    point[j] = Some(Override {
                        path: f.path.clone(),
                        value: f.levels[k % f.levels.len()].clone(),
                    });
                    k /= f.levels.len();
                }
                point.into_iter().flatten().collect()
            })
            .collect()
    };
    cross(common, &points)
}

/// A Latin hypercube sample of `samples` points over the ranges (each range cut into `samples`
/// equal strata, each stratum used once, a uniform draw inside it), from ChaCha8 seeded with
/// `seed`, crossed with `common`.
pub fn latin_hypercube(
    common: &Common,
    ranges: &[Range],
    samples: usize,
    seed: u64,
) -> Result<Vec<DesignRow>, String> {
    if samples == 0 || samples > MAX_ROWS || ranges.is_empty() {
        return Err(format!(
            "give at least one range and from 1 to {MAX_ROWS} samples"
        ));
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut columns: Vec<Vec<Value>> = Vec::new();
    for r in ranges {
        let mut strata: Vec<usize> = (0..samples).collect();
        for i in (1..samples).rev() {
            let j = ((u128::from(rng.next_u64()) * (i as u128 + 1)) >> 64) as usize;
            strata.swap(i, j);
        }
        let column = strata
            .iter()
            .map(|&s| {
                let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
                let x = r.low + (s as f64 + u) / samples as f64 * (r.high - r.low);
                Value::Number(if r.whole {
                    x.floor().clamp(r.low, r.high)
                } else {
                    x
                })
            })
            .collect();
        columns.push(column);
    }
    let points: Vec<Vec<Override>> = (0..samples)
        .map(|k| {
            ranges
                .iter()
                .zip(&columns)
                .map(|(r, c)| Override {
                    path: r.path.clone(),
                    value: c[k].clone(),
                })
                .collect()
        })
        .collect();
    cross(common, &points)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn common() -> Common {
        Common {
            scenarios: vec!["s.ron".to_string()],
            decisions: vec![Decisions::Policy("passive".to_string()), Decisions::Holds],
            seeds: vec![1, 2],
            turns: None,
        }
    }

    #[test]
    fn the_factorial_crosses_every_level_with_seeds_fastest() {
        let f = [
            Factor::parse("a=1,2,3").expect("ok"),
            Factor::parse("b=x,y").expect("ok"),
        ];
        let rows = factorial(&common(), &f).expect("rows");
        assert_eq!(rows.len(), 2 * 6 * 2);
        let key = |r: &DesignRow| {
            (
                r.decisions.label(),
                r.overrides
                    .iter()
                    .map(|o| o.value.to_string())
                    .collect::<Vec<_>>()
                    .join("/"),
                r.seed,
            )
        };
        assert_eq!(
            key(&rows[0]),
            ("policy:passive".to_string(), "1/x".to_string(), 1)
        );
        assert_eq!(
            key(&rows[1]),
            ("policy:passive".to_string(), "1/x".to_string(), 2)
        );
        assert_eq!(
            key(&rows[2]),
            ("policy:passive".to_string(), "1/y".to_string(), 1)
        );
        assert_eq!(key(&rows[12]), ("holds".to_string(), "1/x".to_string(), 1));
        assert!(Factor::parse("a=").is_err());
        assert!(Factor::parse("a").is_err());
    }

    #[test]
    fn the_hypercube_uses_each_stratum_once_and_repeats_with_its_seed() {
        let r = [
            Range::parse("a=0:1").expect("ok"),
            Range::parse("b=10:50:int").expect("ok"),
        ];
        assert!(r[1].whole && !r[0].whole);
        let c = Common {
            decisions: vec![Decisions::Holds],
            seeds: vec![3],
            ..common()
        };
        let rows = latin_hypercube(&c, &r, 8, 42).expect("rows");
        assert_eq!(rows.len(), 8);
        for (k, range) in r.iter().enumerate() {
            let mut strata: Vec<usize> = rows
                .iter()
                .map(|row| {
                    let x = row.overrides[k].value.as_f64().expect("number");
                    assert!(x >= range.low && x < range.high);
                    ((x - range.low) / (range.high - range.low) * 8.0) as usize
                })
                .collect();
            strata.sort_unstable();
            assert_eq!(strata, (0..8).collect::<Vec<_>>());
        }
        assert_eq!(rows, latin_hypercube(&c, &r, 8, 42).expect("again"));
        assert_ne!(rows, latin_hypercube(&c, &r, 8, 43).expect("other seed"));
        assert!(Range::parse("a=2:1").is_err());
    }
}
