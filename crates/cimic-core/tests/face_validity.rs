//! Face validity (issue 4): over many seeds of every shipped scenario, the CIMIC-minded policy
//! must cause less civil harm and achieve more than both the kinetic and the passive policy, by a
//! margin beyond the spread across seeds. If the rules stop producing that, the rules are wrong.
//! `cargo test --release --test face_validity -- --nocapture` prints the table of margins.

mod common;

use cimic_core::policy::{by_name, command};
use cimic_core::{Scores, Simulation};

const SEEDS: u64 = 12;

/// Comparisons that fail on a held-out scenario (written from docs/ alone, never tuned against),
/// by (scenario, score, other policy): open findings of issue 14, in docs/rules.md §21.6. The
/// test still prints them and fails if they start passing, so they are struck off when fixed.
const KNOWN_OPEN: &[(&str, &str, &str)] = &[];

/// Final scores of one policy on one scenario for seeds 1..=SEEDS.
fn play(scenario: &str, policy: &str) -> Vec<Scores> {
    let s = common::scenario(scenario);
    (1..=SEEDS)
        .map(|seed| {
            let mut sim = Simulation::new(&s, seed).unwrap();
            let mut p = by_name(policy).unwrap();
            while !sim.finished() {
                command(&mut sim, p.as_mut());
                sim.advance();
            }
            sim.scores()
        })
        .collect()
}

fn mean_sd(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0);
    (mean, var.sqrt())
}

/// `better` beats `worse` on every seed, and the 95 % confidence intervals of the two means do
/// not overlap (the criterion of docs/rules.md §21.6). Prints the margin; returns what failed.
fn separated(better: &[f64], worse: &[f64], what: &str) -> Result<(), String> {
    if let Some((seed, (b, w))) = better
        .iter()
        .zip(worse)
        .enumerate()
        .find(|(_, (b, w))| b <= w)
    {
        return Err(format!("{what}: seed {} gives {b:.2} vs {w:.2}", seed + 1));
    }
    let ((mb, sb), (mw, sw)) = (mean_sd(better), mean_sd(worse));
    // Half-widths of the two 95 % intervals of the mean, together.
    let spread = 1.96 * (sb + sw) / (better.len() as f64).sqrt();
    let gap = mb - mw;
    println!(
        "{what:<48} {mb:>8.2} ± {sb:<6.2} vs {mw:>8.2} ± {sw:<6.2}  gap {gap:>7.2} = {:.1} × the intervals' half-widths",
        gap / spread.max(1e-9)
    );
    if gap > spread {
        Ok(())
    } else {
        Err(format!(
            "{what}: gap {gap:.2} is within the 95 % intervals of the means ({spread:.2})"
        ))
    }
}

/// Whether `better` beats `worse` on every seed with the 95 % intervals apart, without failing.
fn holds(better: &[f64], worse: &[f64]) -> bool {
    let ((mb, sb), (mw, sw)) = (mean_sd(better), mean_sd(worse));
    better.iter().zip(worse).all(|(b, w)| b > w)
        && mb - mw > 1.96 * (sb + sw) / (better.len() as f64).sqrt()
}

#[test]
fn cimic_first_beats_kinetic_and_passive_in_every_shipped_scenario() {
    // Every scenario and comparison is checked before failing, so one run lists every finding.
    let mut failures = Vec::new();
    for path in common::shipped() {
        let scenario = &path.file_stem().unwrap().to_string_lossy().to_string();
        let cimic = play(scenario, "cimic-first");
        for other in ["kinetic", "passive"] {
            let them = play(scenario, other);
            let eff = |v: &[Scores]| v.iter().map(|s| s.effectiveness).collect::<Vec<_>>();
            let harm = |v: &[Scores]| v.iter().map(|s| -s.civil_harm).collect::<Vec<_>>();
            let what = format!("{scenario}: effectiveness, cimic-first vs {other}");
            if KNOWN_OPEN.contains(&(scenario.as_str(), "effectiveness", other)) {
                assert!(
                    !holds(&eff(&cimic), &eff(&them)),
                    "{what} now holds: strike it off KNOWN_OPEN"
                );
                eprintln!("{what}: known open (issue 14)");
            } else {
                failures.extend(separated(&eff(&cimic), &eff(&them), &what).err());
            }
            let what = format!("{scenario}: −civil harm, cimic-first vs {other}");
            failures.extend(separated(&harm(&cimic), &harm(&them), &what).err());
        }
    }
    assert!(
        failures.is_empty(),
        "face validity fails:\n{}",
        failures.join("\n")
    );
}
