//! Robustness of loading: every shipped scenario (scenarios/*.ron except orders files, read at
//! test time so new scenarios are covered) is mutated at random — truncated, characters swapped,
//! numbers replaced by wrong ones, ids made to dangle, lines deleted or duplicated — and loading
//! must never panic: it returns a scenario that then plays, or located problems that render.
//!
//! Cases per mutation kind: 256, or `PROPTEST_CASES`.

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::sync::LazyLock;

mod common;

/// `(file name, text)` of every shipped scenario, in name order.
static SCENARIOS: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    let mut out = Vec::new();
    for path in common::shipped() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).expect("scenario is UTF-8 text");
        out.push((name, text));
    }
    assert!(
        out.iter().any(|(n, _)| n == "tutorial.ron"),
        "the tutorial scenario is shipped"
    );
    out
});

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

/// Runs `mutate` on random shipped scenarios, `cases()` times, and checks each result.
fn run_mutations<S, F>(strategy: S, mutate: F)
where
    S: Strategy,
    S::Value: std::fmt::Debug,
    F: Fn(&str, &S::Value) -> Option<String>,
{
    let files = &*SCENARIOS;
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&(any::<Index>(), strategy), |(file, m)| {
        let (name, text) = &files[file.index(files.len())];
        let Some(mutated) = mutate(text, &m) else {
            return Ok(());
        };
        // Say what was changed, so a failure can be reproduced by hand.
        let outcome = std::panic::catch_unwind(|| check(name, &mutated)).unwrap_or_else(|panic| {
            let what = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Err(TestCaseError::fail(format!("panicked: {what}")))
        });
        outcome.map_err(|e| {
            TestCaseError::fail(format!(
                "{e}\n  in {name} {}",
                describe_change(text, &mutated)
            ))
        })
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// The properties every input must have, whatever was done to it.
fn check(name: &str, text: &str) -> Result<(), TestCaseError> {
    match cimic_core::load_str(name, text) {
        Err(e) => {
            prop_assert!(!e.problems.is_empty(), "an error with no problems");
            let rendered = e.render(false);
            // The report draws the first problems and counts the rest (a hostile file may hold
            // thousands): each drawn problem must be found where the report says.
            let shown = cimic_core::scenario::diag::MAX_PROBLEMS_SHOWN;
            if e.problems.len() > shown {
                let more = format!("… and {} more problems not shown", e.problems.len() - shown);
                prop_assert!(
                    rendered.contains(&more),
                    "no count of the problems not shown"
                );
            }
            for (i, p) in e.problems.iter().enumerate() {
                prop_assert!(!p.message.is_empty(), "a problem without a message");
                prop_assert!(
                    p.hint.as_deref().is_some_and(|h| !h.is_empty()),
                    "no hint for {:?} at {:?}",
                    p.message,
                    p.path
                );
                let location = e.location(p);
                prop_assert!(
                    i >= shown || rendered.contains(&location),
                    "the report misses {location}:\n{rendered}"
                );
                if let Some((start, end)) = p.span {
                    prop_assert!(
                        start <= end && end <= text.len(),
                        "span {start}..{end} outside the text"
                    );
                } else {
                    prop_assert!(
                        false,
                        "problem {:?} at {:?} has no location in the file",
                        p.message,
                        p.path
                    );
                }
            }
            let n = e.problems.len();
            let summary = format!("{name}: {n} problem{}\n", if n == 1 { "" } else { "s" });
            prop_assert!(
                rendered.ends_with(&summary),
                "no summary line:\n{}",
                rendered
            );
        }
        Ok(scenario) => {
            let mut sim = cimic_core::Simulation::new(&scenario, 11).map_err(|problems| {
                TestCaseError::fail(format!(
                    "load_str accepted the scenario but Simulation::new refused it: {problems:?}"
                ))
            })?;
            for t in 1..=3 {
                let report = sim.advance();
                prop_assert_eq!(report.turn, t.min(sim.turns()));
            }
        }
    }
    Ok(())
}

/// Where `mutated` first differs from `original`, and the mutated line there.
fn describe_change(original: &str, mutated: &str) -> String {
    let mut at = original
        .bytes()
        .zip(mutated.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !mutated.is_char_boundary(at) {
        at -= 1;
    }
    let line = mutated[..at].matches('\n').count() + 1;
    let start = mutated[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = mutated[at..].find('\n').map_or(mutated.len(), |i| at + i);
    format!(
        "(length {} -> {}), line {line} now reads: {:?}",
        original.len(),
        mutated.len(),
        &mutated[start..end]
    )
}

fn char_boundaries(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect()
}

/// What a literal in the text is, for the mutations that aim at one kind of literal.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Lit {
    Number,
    Str,
}

/// Byte spans of number literals and of quoted strings (quotes included), outside comments.
fn literals(text: &str, kind: Lit) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' => {
                let start = i;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(b.len());
                if kind == Lit::Str {
                    out.push((start, i));
                }
            }
            c if (c.is_ascii_digit()
                || (c == b'-' && b.get(i + 1).is_some_and(u8::is_ascii_digit)))
                && (i == 0 || !ident(b[i - 1])) =>
            {
                let start = i;
                i += 1;
                while i < b.len()
                    && (b[i].is_ascii_digit()
                        || b[i] == b'.'
                        || ((b[i] == b'e' || b[i] == b'E')
                            && b.get(i + 1)
                                .is_some_and(|&n| n.is_ascii_digit() || n == b'-')))
                {
                    i += if b[i] == b'e' || b[i] == b'E' { 2 } else { 1 };
                }
                if kind == Lit::Number && !b.get(i).is_some_and(|&c| ident(c)) {
                    out.push((start, i.min(b.len())));
                }
            }
            _ => i += 1,
        }
    }
    out
}

fn splice(text: &str, (start, end): (usize, usize), with: &str) -> String {
    format!("{}{with}{}", &text[..start], &text[end..])
}

/// Wrong numbers: negative, too large for u32 or i32, too large for f32, not numbers at all.
const WRONG_NUMBERS: &[&str] = &[
    "2147483647",
    "-2147483648",
    "-1",
    "-0.1",
    "0",
    "1.5",
    "4294967296",
    "4294967295",
    "2147483648",
    "1000000000",
    "-1000000000",
    "99999999999999999999999",
    "1e30",
    "-1e30",
    "3.5e38",
    "1e-45",
    "NaN",
    "inf",
    "-inf",
    "nan",
    "1.0.0",
    "0x1F",
    "1_000",
    "--1",
    "",
];

const DANGLING: &[&str] = &["no_such_thing", "", "x y", "ünïcode", "a\\\"b"];

#[test]
fn truncation_at_a_random_char_boundary() {
    run_mutations(any::<Index>(), |text, cut| {
        let b = char_boundaries(text);
        Some(text[..b[cut.index(b.len())]].to_string())
    });
}

#[test]
fn swapping_two_random_characters() {
    run_mutations((any::<Index>(), any::<Index>()), |text, (i, j)| {
        let mut chars: Vec<char> = text.chars().collect();
        let (i, j) = (i.index(chars.len()), j.index(chars.len()));
        chars.swap(i, j);
        Some(chars.into_iter().collect())
    });
}

#[test]
fn replacing_a_number_with_a_wrong_one() {
    run_mutations(
        (any::<Index>(), prop::sample::select(WRONG_NUMBERS)),
        |text, (which, with)| {
            let spans = literals(text, Lit::Number);
            (!spans.is_empty()).then(|| splice(text, spans[which.index(spans.len())], with))
        },
    );
}

#[test]
fn replacing_a_quoted_id_with_a_dangling_one() {
    run_mutations(
        (
            any::<Index>(),
            prop::sample::select(DANGLING),
            any::<bool>(),
        ),
        |text, (which, with, typo)| {
            let spans: Vec<(usize, usize)> = literals(text, Lit::Str)
                .into_iter()
                .filter(|&(s, e)| {
                    let inner = &text[s + 1..e - 1];
                    !inner.is_empty()
                        && inner
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                })
                .collect();
            if spans.is_empty() {
                return None;
            }
            let (s, e) = spans[which.index(spans.len())];
            let id = &text[s + 1..e - 1];
            // Either a near miss (a typo, for "did you mean") or something unrelated.
            let replacement = if *typo {
                format!("\"{}\"", &id[..id.len() - 1])
            } else {
                format!("\"{with}\"")
            };
            Some(splice(text, (s, e), &replacement))
        },
    );
}

#[test]
fn deleting_a_random_line() {
    run_mutations(any::<Index>(), |text, which| {
        let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
        lines.remove(which.index(lines.len()));
        Some(lines.concat())
    });
}

#[test]
fn duplicating_a_random_line() {
    run_mutations(any::<Index>(), |text, which| {
        let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
        let i = which.index(lines.len());
        lines.insert(i, lines[i]);
        Some(lines.concat())
    });
}

#[test]
fn every_shipped_scenario_loads_and_plays() {
    for (name, text) in &*SCENARIOS {
        let scenario =
            cimic_core::load_str(name, text).unwrap_or_else(|e| panic!("{}", e.render(false)));
        let mut sim = cimic_core::Simulation::new(&scenario, 1).expect("a valid scenario starts");
        for _ in 0..3 {
            sim.advance();
        }
        assert_eq!(sim.turn(), 3.min(scenario.meta.turns), "{name}");
    }
}

#[test]
fn the_mutation_helpers_find_what_they_aim_at() {
    let text = "(a: 1, b: -2.5e-3, c: \"x1\", // 9\n d: eng1, e: [3])";
    let numbers: Vec<&str> = literals(text, Lit::Number)
        .into_iter()
        .map(|(s, e)| &text[s..e])
        .collect();
    assert_eq!(numbers, ["1", "-2.5e-3", "3"]);
    let strings: Vec<&str> = literals(text, Lit::Str)
        .into_iter()
        .map(|(s, e)| &text[s..e])
        .collect();
    assert_eq!(strings, ["\"x1\""]);
    // The tutorial has plenty of both.
    let tutorial = include_str!("../../../scenarios/tutorial.ron");
    assert!(literals(tutorial, Lit::Number).len() > 100);
    assert!(literals(tutorial, Lit::Str).len() > 50);
}

/// Cutting the tutorial short anywhere (every 7th char boundary, and just before the end) must
/// give located problems, never a panic; only the whole text is a scenario.
#[test]
fn truncating_the_tutorial_everywhere() {
    let text = include_str!("../../../scenarios/tutorial.ron");
    let last_paren = text.rfind(')').unwrap();
    let bounds = char_boundaries(text);
    let cuts = bounds
        .iter()
        .step_by(7)
        .chain(bounds.iter().rev().take(3))
        .copied();
    let mut refused = 0;
    for cut in cuts {
        let part = &text[..cut];
        match cimic_core::load_str("tutorial.ron", part) {
            Ok(_) => assert!(
                cut > last_paren,
                "a scenario cut at byte {cut} was accepted"
            ),
            Err(e) => {
                refused += 1;
                assert!(
                    cut <= last_paren,
                    "the whole tutorial (cut at {cut}) was refused"
                );
                assert!(!e.problems.is_empty());
                let rendered = e.render(false);
                let lines_in_part = part.matches('\n').count() + 1;
                for p in &e.problems {
                    assert!(
                        p.span.is_some(),
                        "unlocated problem at cut {cut}: {rendered}"
                    );
                    let location = e.location(p);
                    let line: usize = location.split(':').nth(1).unwrap().parse().unwrap();
                    assert!(
                        line <= lines_in_part,
                        "cut {cut}: {location} is past the end"
                    );
                    assert!(rendered.contains(&location));
                }
            }
        }
    }
    assert!(refused > 500, "only {refused} truncations were tried");
}
