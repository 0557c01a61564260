//! The author's face-validity check (`cimic balance`): the final scores of many games of one
//! scenario, grouped by line of play (each built-in policy, the scenario's orders file), summed
//! up per line as a mean with its 95 % confidence interval, and whether cimic-first — the line
//! that plays as the doctrine says — comes out ahead of every other line on effectiveness
//! (higher is better) and on civil harm (lower is better, docs/rules.md §20). A front end plays
//! the games and hands over one [`GameScore`] each; the numbers here do not depend on the order
//! in which they were played.

use crate::sim::report::Scores;
use serde::Serialize;

/// The line of play the check is about.
pub const CIMIC_FIRST: &str = "cimic-first";

/// The final numbers of one game.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GameScore {
    pub line: String,
    pub seed: u64,
    pub scores: Scores,
    pub objectives_met: u32,
    /// Orders and decisions the game refused.
    pub refused: usize,
}

/// A mean over games with its 95 % confidence interval (Student's t; a single game has an
/// interval of zero width).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Stat {
    pub mean: f64,
    pub low: f64,
    pub high: f64,
    /// Sample standard deviation (divisor n − 1).
    pub sd: f64,
}

impl Stat {
    /// The mean and interval of `values` (zeros when empty).
    pub fn of(values: &[f64]) -> Stat {
        let n = values.len();
        if n == 0 {
            return Stat::default();
        }
        let mean = values.iter().sum::<f64>() / n as f64;
        if n == 1 {
            return Stat {
                mean,
                low: mean,
                high: mean,
                sd: 0.0,
            };
        }
        let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        let sd = var.sqrt();
        let half = t95(n - 1) * sd / (n as f64).sqrt();
        Stat {
            mean,
            low: mean - half,
            high: mean + half,
            sd,
        }
    }
}

/// The two-sided 95 % quantile of Student's t with `df` degrees of freedom (1.96 beyond 30).
fn t95(df: usize) -> f64 {
    const T: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042,
    ];
    T.get(df.wrapping_sub(1)).copied().unwrap_or(1.96)
}

/// One line of play over its games.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineSummary {
    pub line: String,
    pub games: usize,
    pub effectiveness: Stat,
    pub efficiency: Stat,
    pub civil_harm: Stat,
    pub objectives_met: Stat,
    /// Refusals over all its games (an orders file written for one seed may not fit another).
    pub refused: usize,
}

/// cimic-first against one other line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub against: String,
    /// cimic-first's mean effectiveness is higher.
    pub effectiveness_ahead: bool,
    /// cimic-first's mean civil harm is lower.
    pub civil_harm_ahead: bool,
    /// Both leads hold beyond the 95 % intervals (they do not overlap).
    pub clear: bool,
    /// Whether the verdict counts this line (the other built-in policies; an author's orders
    /// file is another CIMIC-minded line, shown beside it but not judged against).
    pub judged: bool,
}

/// Every line's summary and the verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Balance {
    pub scenario: String,
    pub objectives: usize,
    pub seeds: u32,
    pub lines: Vec<LineSummary>,
    /// cimic-first against each other line (empty if cimic-first did not play).
    pub comparisons: Vec<Comparison>,
    /// cimic-first ahead of every judged line on both effectiveness and civil harm.
    pub cimic_first_ahead: bool,
}

/// Sums up `games` per line, lines in the order they first appear; the verdict compares
/// cimic-first with the lines named in `judged`.
pub fn balance(
    scenario: &str,
    objectives: usize,
    seeds: u32,
    games: &[GameScore],
    judged: &[&str],
) -> Balance {
    let mut names: Vec<&str> = Vec::new();
    for g in games {
        if !names.contains(&g.line.as_str()) {
            names.push(&g.line);
        }
    }
    let lines: Vec<LineSummary> = names
        .iter()
        .map(|name| {
            let mine: Vec<&GameScore> = games.iter().filter(|g| g.line == *name).collect();
            let stat = |f: &dyn Fn(&GameScore) -> f64| {
                Stat::of(&mine.iter().map(|g| f(g)).collect::<Vec<_>>())
            };
            LineSummary {
                line: (*name).to_string(),
                games: mine.len(),
                effectiveness: stat(&|g| g.scores.effectiveness),
                efficiency: stat(&|g| g.scores.efficiency),
                civil_harm: stat(&|g| g.scores.civil_harm),
                objectives_met: stat(&|g| f64::from(g.objectives_met)),
                refused: mine.iter().map(|g| g.refused).sum(),
            }
        })
        .collect();
    let comparisons: Vec<Comparison> = match lines.iter().find(|l| l.line == CIMIC_FIRST) {
        None => Vec::new(),
        Some(c) => lines
            .iter()
            .filter(|l| l.line != CIMIC_FIRST)
            .map(|o| Comparison {
                against: o.line.clone(),
                effectiveness_ahead: c.effectiveness.mean > o.effectiveness.mean,
                civil_harm_ahead: c.civil_harm.mean < o.civil_harm.mean,
                clear: c.effectiveness.low > o.effectiveness.high
                    && c.civil_harm.high < o.civil_harm.low,
                judged: judged.contains(&o.line.as_str()),
            })
            .collect(),
    };
    Balance {
        scenario: scenario.to_string(),
        objectives,
        seeds,
        cimic_first_ahead: comparisons.iter().any(|c| c.judged)
            && comparisons
                .iter()
                .filter(|c| c.judged)
                .all(|c| c.effectiveness_ahead && c.civil_harm_ahead),
        comparisons,
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn game(line: &str, seed: u64, e: f64, h: f64) -> GameScore {
        GameScore {
            line: line.into(),
            seed,
            scores: Scores {
                effectiveness: e,
                efficiency: 50.0,
                civil_harm: h,
            },
            objectives_met: 1,
            refused: 0,
        }
    }

    #[test]
    fn the_interval_is_students_and_narrows_with_more_games() {
        let s = Stat::of(&[1.0, 2.0, 3.0]);
        assert!((s.mean - 2.0).abs() < 1e-12);
        assert!((s.sd - 1.0).abs() < 1e-12);
        // t(2) = 4.303: 2 ± 4.303/√3.
        assert!((s.high - (2.0 + 4.303 / 3f64.sqrt())).abs() < 1e-9, "{s:?}");
        let many: Vec<f64> = (0..60).map(|i| f64::from(i % 3) + 1.0).collect();
        let m = Stat::of(&many);
        assert!(m.high - m.low < s.high - s.low);
        assert_eq!(Stat::of(&[5.0]).low, 5.0);
    }

    #[test]
    fn cimic_first_is_ahead_only_if_more_effective_and_less_harmful_than_every_line() {
        let mut games = vec![
            game("passive", 1, 10.0, 5.0),
            game("passive", 2, 12.0, 6.0),
            game("cimic-first", 1, 60.0, 1.0),
            game("cimic-first", 2, 62.0, 1.5),
            game("kinetic", 1, 40.0, 9.0),
            game("kinetic", 2, 41.0, 8.0),
        ];
        const JUDGED: [&str; 3] = ["passive", "kinetic", "orders"];
        let b = balance("x", 3, 2, &games, &JUDGED);
        assert_eq!(
            b.lines.iter().map(|l| l.line.as_str()).collect::<Vec<_>>(),
            ["passive", "cimic-first", "kinetic"]
        );
        assert!(b.cimic_first_ahead, "{b:?}");
        assert_eq!(b.comparisons.len(), 2);
        // Less harm is better: a line with less harm than cimic-first spoils the verdict.
        games.push(game("orders", 1, 30.0, 0.5));
        let b = balance("x", 3, 1, &games, &JUDGED);
        assert!(!b.cimic_first_ahead);
        let o = b
            .comparisons
            .iter()
            .find(|c| c.against == "orders")
            .unwrap();
        assert!(o.effectiveness_ahead && !o.civil_harm_ahead);
        // A line the verdict does not judge is shown, not counted.
        let b = balance("x", 3, 1, &games, &JUDGED[..2]);
        assert!(b.cimic_first_ahead);
        assert!(b.comparisons.iter().any(|c| !c.judged));
    }
}
