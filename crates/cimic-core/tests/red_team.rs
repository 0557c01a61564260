//! The red team in the test suite: each trick a trainee could play to game the scores
//! (cimic-first plus one trick, `policy::RED_TEAM`) against cimic-first on every shipped
//! scenario, paired by seed. A trick *pays* on a score when it is better than cimic-first there on
//! more than 10 % of seeds and better on average, by a visible margin and beyond the seeds' luck;
//! then the exercise would teach the trick, and the test fails (docs/rules.md §21.6).
//!
//! `CIMIC_RED_TEAM_SEEDS` sets the seeds per scenario (default 30; the review ran 200).

mod common;

use cimic_core::policy::{self, Exploit, Policy, Trick};
use cimic_core::sim::report::Scores;
use cimic_core::{Scenario, Simulation};

/// Seeds per scenario and line of play.
fn seeds() -> u64 {
    std::env::var("CIMIC_RED_TEAM_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30)
}

/// A score counts as better only beyond float noise.
const EPS: f64 = 1e-6;

/// Tricks that still pay under rules version 9, by (scenario, trick, score), measured over 30
/// seeds and listed in docs/rules.md §21.6 as open, each with what it trades away: the test fails
/// when any other trick pays, so nothing new may start paying while these are worked on; one that
/// stops paying is reported so that it can be struck off.
const KNOWN_OPEN: &[(&str, &str, &str)] = &[];

/// Plays a whole game; returns the final scores and the (accepted, rejected) order counts.
fn play(s: &Scenario, seed: u64, p: &mut dyn Policy) -> (Scores, usize, usize) {
    let mut sim = Simulation::new(s, seed).expect("a shipped scenario starts");
    let (mut accepted, mut rejected) = (0, 0);
    while !sim.finished() {
        let (a, r) = policy::command(&mut sim, p);
        accepted += a;
        rejected += r;
        sim.advance();
    }
    (sim.scores(), accepted, rejected)
}

/// Smallest mean gain a trainee could notice: the scores are shown to one decimal, so a gain
/// below half of that rounds away.
const MATERIAL: f64 = 0.05;

/// How `trick` fared against `base` on one score, paired by seed (gains > 0 favour the trick).
struct Verdict {
    /// Seeds on which the trick did better, beyond float noise.
    wins: usize,
    /// Mean gain over the seeds, and its standard error.
    mean: f64,
    se: f64,
}

impl Verdict {
    fn new(gains: &[f64]) -> Self {
        let n = gains.len().max(1) as f64;
        let mean = gains.iter().sum::<f64>() / n;
        let var = gains.iter().map(|g| (g - mean) * (g - mean)).sum::<f64>() / (n - 1.0).max(1.0);
        Verdict {
            wins: gains.iter().filter(|&&g| g > EPS).count(),
            mean,
            se: (var / n).sqrt(),
        }
    }

    /// The trick pays when it does better on more than 10 % of seeds **and** does better on
    /// average, by a margin a trainee can see and beyond the seeds' luck (more than two standard
    /// errors): a trick that only wins on the seeds where chance favours it, and loses on
    /// average, teaches nothing, whereas one that gains on average would be played.
    fn pays(&self, seeds: usize) -> bool {
        self.wins > seeds / 10 && self.mean > MATERIAL && self.mean > 2.0 * self.se
    }
}

/// Per score (effectiveness, efficiency, civil harm): the paired verdict of `trick` against `base`.
fn verdicts(base: &[Scores], trick: &[Scores]) -> [Verdict; 3] {
    let gains = |f: &dyn Fn(&Scores, &Scores) -> f64| -> Vec<f64> {
        base.iter().zip(trick).map(|(b, t)| f(b, t)).collect()
    };
    [
        Verdict::new(&gains(&|b, t| t.effectiveness - b.effectiveness)),
        Verdict::new(&gains(&|b, t| t.efficiency - b.efficiency)),
        Verdict::new(&gains(&|b, t| b.civil_harm - t.civil_harm)),
    ]
}

#[test]
fn no_trick_pays_on_any_shipped_scenario() {
    let n = seeds();
    let mut failures = Vec::new();
    for path in common::shipped() {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let s = common::scenario(&name);
        let base: Vec<Scores> = (1..=n)
            .map(|seed| play(&s, seed, &mut policy::CimicFirst::default()).0)
            .collect();
        for trick in Trick::ALL {
            let mut played = 0;
            let mut refused = 0;
            let scores: Vec<Scores> = (1..=n)
                .map(|seed| {
                    let mut p = Exploit::new(trick);
                    let (sc, _, r) = play(&s, seed, &mut p);
                    played += p.played();
                    refused += r;
                    sc
                })
                .collect();
            let v = verdicts(&base, &scores);
            eprintln!(
                "{name:>14} {:<24} played {played:>5} refused {refused:>4} | better on seeds (of {n}), mean gain ± s.e.: E {:>3} {:+6.2}±{:.2} F {:>3} {:+6.2}±{:.2} H {:>3} {:+7.2}±{:.2}",
                trick.name(),
                v[0].wins,
                v[0].mean,
                v[0].se,
                v[1].wins,
                v[1].mean,
                v[1].se,
                v[2].wins,
                v[2].mean,
                v[2].se,
            );
            for (v, score) in v.iter().zip(["effectiveness", "efficiency", "civil harm"]) {
                let known = KNOWN_OPEN.contains(&(name.as_str(), trick.name(), score));
                if v.pays(n as usize) && !known {
                    failures.push(format!(
                        "{name}: {} pays on {score} (better on {} of {n} seeds, mean gain {:+.3} ± {:.3})",
                        trick.name(),
                        v.wins,
                        v.mean,
                        v.se
                    ));
                } else if !v.pays(n as usize) && known {
                    eprintln!(
                        "{name}: {} no longer pays on {score}: strike it off KNOWN_OPEN",
                        trick.name()
                    );
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "tricks that pay:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_trick_is_really_played() {
    // A trick needs its occasion (an adversary in reach, a district nobody can reach, an idle
    // unit), so each must be played on at least one shipped scenario, with few refusals.
    let mut seen = [0u32; Trick::ALL.len()];
    for path in common::shipped() {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let s = common::scenario(&name);
        for (i, trick) in Trick::ALL.into_iter().enumerate() {
            let mut p = Exploit::new(trick);
            let (_, accepted, rejected) = play(&s, 1, &mut p);
            assert!(
                rejected * 10 <= accepted.max(10),
                "{name}: {} had {rejected} of {} orders refused",
                trick.name(),
                accepted + rejected
            );
            seen[i] += p.played();
        }
    }
    for (i, trick) in Trick::ALL.into_iter().enumerate() {
        assert!(
            seen[i] > 0,
            "{} never played on any shipped scenario",
            trick.name()
        );
    }
}

#[test]
fn the_red_team_is_listed_and_named() {
    for (trick, name) in Trick::ALL.into_iter().zip(policy::RED_TEAM) {
        assert_eq!(trick.name(), name);
        assert_eq!(policy::by_name(name).expect(name).name(), name);
    }
}
