//! `cimic ledger`: the entries it lists add up to the scores the game reported, for the whole
//! game and for one turn, and its filters and errors behave as docs/cli.md says.

mod common;

use common::{FLOOD, TUTORIAL, cimic, code, dump, ok, record, s, tempdir};
use serde_json::Value;

/// Every stdout line as JSON.
fn json_lines(out: &std::process::Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// The sum of the listed entries' amounts for one metric.
fn sum(lines: &[Value], metric: &str) -> f64 {
    lines
        .iter()
        .filter(|l| l["type"] == "entry" && l["metric"] == metric)
        .map(|l| l["amount"].as_f64().unwrap())
        .sum()
}

#[test]
fn the_entries_add_up_to_the_scores_the_game_reported() {
    let dir = tempdir();
    for (scenario, policy) in [(TUTORIAL, "kinetic"), (FLOOD, "cimic-first")] {
        let rec = record(dir.path(), scenario, policy, 3);
        let run = cimic(&["run", scenario, "--seed", "3", "--policy", policy, "--json"]);
        let summary = json_lines(&run).pop().expect("a summary line");
        let out = cimic(&["ledger", &s(&rec), "--json"]);
        ok(&out);
        let lines = json_lines(&out);
        for metric in ["effectiveness", "efficiency", "civil_harm"] {
            let reported = summary["scores"][metric].as_f64().unwrap();
            let listed = sum(&lines, metric);
            assert!(
                (listed - reported).abs() < 1e-6,
                "{scenario} {metric}: entries sum to {listed}, the game reported {reported}"
            );
            let total = lines
                .iter()
                .find(|l| l["type"] == "total" && l["metric"] == metric)
                .expect("a total per score");
            let from_state = total["score_from_state"].as_f64().unwrap();
            assert!(
                (from_state - reported).abs() < 1e-3,
                "{scenario} {metric}: state says {from_state}, ledger {reported}"
            );
        }
        assert!(
            lines.iter().filter(|l| l["type"] == "entry").count() > 20,
            "{scenario}: a whole game has many entries"
        );
    }
}

#[test]
fn one_turn_and_one_score_list_only_theirs_and_explain_that_turns_change() {
    let dir = tempdir();
    let rec = record(dir.path(), TUTORIAL, "cimic-first", 1);
    let out = cimic(&[
        "ledger",
        &s(&rec),
        "--turn",
        "4",
        "--score",
        "efficiency",
        "--json",
    ]);
    ok(&out);
    let lines = json_lines(&out);
    let entries: Vec<&Value> = lines.iter().filter(|l| l["type"] == "entry").collect();
    assert!(!entries.is_empty(), "{}", dump(&out));
    assert!(
        entries
            .iter()
            .all(|e| e["turn"] == 4 && e["metric"] == "efficiency")
    );
    let totals: Vec<&Value> = lines.iter().filter(|l| l["type"] == "total").collect();
    assert_eq!(totals.len(), 1, "one score asked for");
    let t = totals[0];
    let change = t["score_after"].as_f64().unwrap() - t["score_before"].as_f64().unwrap();
    assert!((sum(&lines, "efficiency") - change).abs() < 1e-9, "{t}");
    // The text form ends with the same check, in words.
    let text = cimic(&["ledger", &s(&rec), "--turn", "4", "--score", "efficiency"]);
    let stdout = ok(&text);
    assert!(stdout.contains("efficiency:"), "{stdout}");
    assert!(!stdout.contains("effectiveness"), "{stdout}");
}

#[test]
fn a_turn_past_the_end_or_an_unknown_score_is_a_usage_error() {
    let dir = tempdir();
    let rec = record(dir.path(), TUTORIAL, "passive", 1);
    let past = cimic(&["ledger", &s(&rec), "--turn", "9"]);
    assert_eq!(code(&past), 2, "{}", dump(&past));
    assert!(String::from_utf8_lossy(&past.stderr).contains("turns 0 to 8"));
    let unknown = cimic(&["ledger", &s(&rec), "--score", "happiness"]);
    assert_eq!(code(&unknown), 2, "{}", dump(&unknown));
}

#[test]
fn run_verbose_prints_every_harm_entry_so_the_printed_causes_add_up_to_the_harm_score() {
    let out = cimic(&["run", FLOOD, "--seed", "1", "--policy", "passive", "-v"]);
    let stdout = ok(&out);
    let printed: f64 = stdout
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("harm "))
        .map(|l| l.split(':').next().unwrap().parse::<f64>().unwrap())
        .sum();
    let last = stdout.lines().rfind(|l| l.starts_with("turn")).unwrap();
    let harm: f64 = last
        .split(" H ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap()
        .parse()
        .unwrap();
    assert!(printed > 10.0, "a passive flood game does harm: {printed}");
    // Each printed amount is rounded to 0.01; the turn line's H to 0.1.
    assert!(
        (printed - harm).abs() < 0.5,
        "printed {printed}, score {harm}"
    );
}
