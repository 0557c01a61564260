//! The red team in the test suite: each trick a trainee could play to game the scores
//! (cimic-first plus one trick, `policy::RED_TEAM`) against cimic-first on every shipped
//! scenario, paired by seed. A trick *pays* when it is better than cimic-first on a score on more
//! than 10 % of seeds; then the exercise would teach the trick, and the test fails
//! (docs/rules.md §21.6).
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

/// Tricks that still pay under rules version 6, by (scenario, trick, score), measured over 30
/// seeds and listed in docs/rules.md §21.6 as open: the test fails when any other trick pays, so
/// nothing new may start paying while these are worked on; one that stops paying is reported so
/// that it can be struck off.
const KNOWN_OPEN: &[(&str, &str, &str)] = &[
    ("border_camp", "exploit-pump", "civil harm"),
    // On the edge: 5 of 30 seeds in `cargo test`, 20 of 200 (10 %, not more) in the long run.
    ("border_camp", "exploit-abandon", "civil harm"),
    ("border_camp", "exploit-militarised-aid", "effectiveness"),
    ("border_camp", "exploit-militarised-aid", "efficiency"),
    ("border_camp", "exploit-abandon", "efficiency"),
    ("border_camp", "exploit-project-farm", "effectiveness"),
    ("border_camp", "exploit-project-farm", "civil harm"),
    ("flood_relief", "exploit-pump", "effectiveness"),
    ("flood_relief", "exploit-militarised-aid", "effectiveness"),
    ("flood_relief", "exploit-militarised-aid", "efficiency"),
    ("flood_relief", "exploit-engage", "efficiency"),
    ("flood_relief", "exploit-project-farm", "civil harm"),
    ("tutorial", "exploit-pump", "effectiveness"),
    ("tutorial", "exploit-pump", "civil harm"),
    ("tutorial", "exploit-militarised-aid", "effectiveness"),
    ("tutorial", "exploit-militarised-aid", "civil harm"),
    // Found in the final review, not yet worked on: cimic-first's support to the host-nation
    // authorities does less than holding those units would (docs/rules.md §21.6).
    ("border_camp", "exploit-no-support", "effectiveness"),
    ("border_camp", "exploit-no-support", "efficiency"),
    ("border_camp", "exploit-no-support", "civil harm"),
    ("flood_relief", "exploit-no-support", "civil harm"),
];

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

/// Seeds on which `trick` beat `base` on (effectiveness, efficiency, civil harm).
fn wins(base: &[Scores], trick: &[Scores]) -> [usize; 3] {
    let mut w = [0; 3];
    for (b, t) in base.iter().zip(trick) {
        w[0] += usize::from(t.effectiveness > b.effectiveness + EPS);
        w[1] += usize::from(t.efficiency > b.efficiency + EPS);
        w[2] += usize::from(t.civil_harm < b.civil_harm - EPS);
    }
    w
}

fn mean(xs: impl Iterator<Item = f64>) -> f64 {
    let v: Vec<f64> = xs.collect();
    v.iter().sum::<f64>() / v.len().max(1) as f64
}

#[test]
fn no_trick_pays_on_any_shipped_scenario() {
    let n = seeds();
    let limit = n as usize / 10;
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
            let w = wins(&base, &scores);
            eprintln!(
                "{name:>14} {:<24} played {played:>5} refused {refused:>4} | better on seeds: E {:>3} F {:>3} H {:>3} of {n} | mean Δ E {:+7.2} F {:+7.2} H {:+8.2}",
                trick.name(),
                w[0],
                w[1],
                w[2],
                mean(
                    scores
                        .iter()
                        .zip(&base)
                        .map(|(t, b)| t.effectiveness - b.effectiveness)
                ),
                mean(
                    scores
                        .iter()
                        .zip(&base)
                        .map(|(t, b)| t.efficiency - b.efficiency)
                ),
                mean(
                    scores
                        .iter()
                        .zip(&base)
                        .map(|(t, b)| t.civil_harm - b.civil_harm)
                ),
            );
            for (i, score) in ["effectiveness", "efficiency", "civil harm"]
                .iter()
                .enumerate()
            {
                let known = KNOWN_OPEN.contains(&(name.as_str(), trick.name(), *score));
                if w[i] > limit && !known {
                    failures.push(format!(
                        "{name}: {} pays on {score} ({} of {n} seeds)",
                        trick.name(),
                        w[i]
                    ));
                } else if w[i] <= limit && known {
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
