//! The `cimic` command line as users and scripts see it: exit codes (0 ok, 1 invalid input,
//! 2 usage), what goes to stdout and stderr, and the `--json` summary.

mod common;

use common::{TUTORIAL, TUTORIAL_ORDERS, TempFile, cimic, code, dump, stderr, stdout};
use serde_json::Value;
use std::path::PathBuf;
use std::process::Output;

fn tutorial_text() -> String {
    std::fs::read_to_string(common::repo(TUTORIAL)).unwrap()
}

/// The JSON summary on the last line of stdout.
fn summary(out: &Output) -> Value {
    let text = stdout(out);
    let last = text
        .lines()
        .last()
        .unwrap_or_else(|| panic!("no output: {}", dump(out)));
    serde_json::from_str(last).unwrap_or_else(|e| panic!("last line is not JSON ({e}): {last}"))
}

/// The turn lines of a run (everything but a trailing JSON line).
fn turn_lines(out: &Output) -> Vec<String> {
    stdout(out)
        .lines()
        .filter(|l| l.starts_with("turn "))
        .map(str::to_string)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// validate

#[test]
fn validate_a_good_scenario_prints_one_summary_line() {
    let out = cimic(&["validate", TUTORIAL]);
    assert_eq!(code(&out), 0, "{}", dump(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "{}", dump(&out));
    let line = lines[0];
    assert!(line.starts_with("scenarios/tutorial.ron: ok"), "{line}");
    for part in [
        "\"The Bridge at Aldbrook\"",
        "10×8 hexes",
        "2 districts",
        "5 units",
        "8 sites",
        "3 objectives",
        "8 turns",
    ] {
        assert!(line.contains(part), "{part:?} missing from {line:?}");
    }
    assert_eq!(stderr(&out), "", "nothing on stderr for a good file");
}

#[test]
fn validate_warns_about_religious_sites_whose_protection_is_removed_but_passes() {
    // Protection follows the kind by default; removing it (`protected: None`) from the
    // tutorial's church is allowed, but rarely what an author means (issue 14). Warnings are
    // located, on stderr, and the exit is 0.
    let text = tutorial_text().replace(
        "kind: CulturalSite, hex: (8, 2), protected: CulturalProperty)",
        "kind: ReligiousSite, hex: (8, 2), protected: None)",
    );
    let file = TempFile::new("church.ron", &text);
    let out = cimic(&["validate", &file.arg()]);
    assert_eq!(code(&out), 0, "{}", dump(&out));
    let err = common::flat(&stderr(&out));
    for want in [
        ":85:",
        "infrastructure[6].protected: warning: `st_ann` is a religious site with its protection removed",
        "remove `protected: None`",
        "1 warning (the scenario is valid)",
    ] {
        assert!(err.contains(want), "{want:?} missing from {err}");
    }
    assert!(stdout(&out).contains(": ok"));
    // The shipped flood scenario's cathedral and mosque are protected by their kind: no warning.
    let out = cimic(&["validate", "scenarios/flood_relief.ron"]);
    assert_eq!(code(&out), 0, "{}", dump(&out));
    assert_eq!(stderr(&out), "", "{}", dump(&out));
}

#[test]
fn validate_a_broken_scenario_exits_1_with_file_line_col() {
    let broken = tutorial_text().replacen(
        "depends_on: [\"westfield_power\"]),\n        (id: \"westfield_well\"",
        "depends_on: [\"westfield_powr\"]),\n        (id: \"westfield_well\"",
        1,
    );
    let file = TempFile::new("broken.ron", &broken);
    let out = cimic(&["validate", &file.arg()]);
    assert_eq!(code(&out), 1, "{}", dump(&out));
    let err = common::flat(&stderr(&out));
    // Line 76, column 62: the misspelt id in the water plant's `depends_on`.
    assert!(
        err.contains(&format!("{}:76:62", file.arg())),
        "no file:line:col in:\n{err}"
    );
    assert!(
        err.contains("unknown infrastructure `westfield_powr`"),
        "{err}"
    );
    assert!(err.contains("did you mean `westfield_power`?"), "{err}");
    assert!(err.contains("1 of 1 files have problems"), "{err}");
    assert!(
        !err.contains("\u{1b}["),
        "no colour codes when stderr is not a terminal"
    );
    assert_eq!(stdout(&out), "", "no summary line for a broken file");
}

#[test]
fn validate_several_files_reports_each() {
    let broken = TempFile::new("syntax.ron", "Scenario(\n    format: 1\n    meta: (),\n)\n");
    let out = cimic(&["validate", TUTORIAL, &broken.arg()]);
    assert_eq!(code(&out), 1, "one bad file fails the run: {}", dump(&out));
    assert_eq!(
        stdout(&out).lines().count(),
        1,
        "the good file is still summarised"
    );
    assert!(stdout(&out).starts_with("scenarios/tutorial.ron: ok"));
    let err = stderr(&out);
    assert!(err.contains(&format!("{}:3:5", broken.arg())), "{err}");
    assert!(err.contains("1 of 2 files have problems"), "{err}");
}

#[test]
fn validate_a_missing_file_exits_1_with_a_readable_message() {
    let dir = common::tempdir();
    let missing = dir.path().join("missing.ron");
    let out = cimic(&["validate", &missing.display().to_string()]);
    assert_eq!(code(&out), 1, "{}", dump(&out));
    let err = stderr(&out);
    assert!(err.contains(&missing.display().to_string()), "{err}");
    assert!(err.contains("cannot read the file"), "{err}");
    assert!(err.contains("check the path"), "{err}");
}

#[test]
fn validate_without_files_is_a_usage_error() {
    let out = cimic(&["validate"]);
    assert_eq!(code(&out), 2, "{}", dump(&out));
}

// ---------------------------------------------------------------------------------------------
// run

#[test]
fn run_json_summary_on_the_last_line() {
    let out = cimic(&["run", TUTORIAL, "--seed", "3", "--json"]);
    assert_eq!(code(&out), 0, "{}", dump(&out));
    let per_turn: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("every line is JSON"))
        .filter(|v| v["type"] == "turn")
        .collect();
    assert_eq!(per_turn.len(), 8, "one object per turn: {}", dump(&out));
    let json = summary(&out);
    assert_eq!(json["scenario"], "tutorial");
    assert_eq!(json["seed"], 3);
    assert_eq!(json["turns"], 8);
    let hash = json["state_hash"].as_str().expect("state_hash is a string");
    assert_eq!(hash.len(), 16, "{hash}");
    assert!(hash.chars().all(|c| c.is_ascii_hexdigit()), "{hash}");
    for key in ["effectiveness", "efficiency", "civil_harm"] {
        assert!(
            json["scores"][key].is_number(),
            "scores.{key} is missing or not a number: {json}"
        );
    }
    // The final hash is the last turn's, in the JSON and in the turn line.
    assert_eq!(per_turn[7]["state_hash"], hash);
    let lines = turn_lines(&cimic(&["run", TUTORIAL, "--seed", "3"]));
    assert!(lines[7].contains(&format!("hash {hash}")), "{}", lines[7]);
}

#[test]
fn run_is_deterministic_for_a_seed() {
    let a = cimic(&["run", TUTORIAL, "--seed", "42", "--json"]);
    let b = cimic(&["run", TUTORIAL, "--seed", "42", "--json"]);
    assert_eq!(code(&a), 0, "{}", dump(&a));
    assert_eq!(summary(&a)["state_hash"], summary(&b)["state_hash"]);
    assert_eq!(
        stdout(&a),
        stdout(&b),
        "the same seed gives the same game, line for line"
    );
    // Another seed may give another game; it must still run and say which seed it used.
    let c = cimic(&["run", TUTORIAL, "--seed", "43", "--json"]);
    assert_eq!(code(&c), 0, "{}", dump(&c));
    assert_eq!(summary(&c)["seed"], 43);
}

#[test]
fn run_turns_plays_that_many_lines() {
    let out = cimic(&["run", TUTORIAL, "--seed", "1", "--turns", "3"]);
    assert_eq!(code(&out), 0, "{}", dump(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{}", dump(&out));
    for (i, line) in lines.iter().enumerate() {
        assert!(
            line.starts_with(&format!("turn {:>3}/8 ", i + 1)),
            "line {i}: {line}"
        );
    }
}

#[test]
fn run_more_turns_than_the_scenario_is_a_usage_error() {
    let out = cimic(&["run", TUTORIAL, "--seed", "1", "--turns", "99"]);
    assert_eq!(code(&out), 2, "{}", dump(&out));
    let err = stderr(&out);
    assert!(err.contains("--turns 99"), "{err}");
    assert!(err.contains("8 turns"), "{err}");
    assert_eq!(stdout(&out), "", "nothing is played");
}

#[test]
fn unknown_flags_and_missing_arguments_are_usage_errors() {
    for args in [
        &["run", TUTORIAL, "--seed", "1", "--frobnicate"][..],
        &["validate", "--frobnicate", TUTORIAL],
        &["run", TUTORIAL],                        // no --seed
        &["run", TUTORIAL, "--seed", "minus-one"], // not a number
        &["frobnicate"],
    ] {
        let out = cimic(args);
        assert_eq!(code(&out), 2, "cimic {args:?}: {}", dump(&out));
        assert!(!stderr(&out).is_empty(), "cimic {args:?} says why");
    }
}

/// Without the GUI, `cimic` alone prints the help as a usage error; with it, it opens the GUI
/// (tests/gui_cli.rs).
#[cfg(not(feature = "gui"))]
#[test]
fn no_command_prints_help() {
    let out = cimic::<&str>(&[]);
    assert_eq!(code(&out), 2, "{}", dump(&out));
    assert!(!stderr(&out).is_empty() || !stdout(&out).is_empty());
}

#[test]
fn help_on_each_command_exits_0() {
    for args in [
        &["--help"][..],
        &["validate", "--help"],
        &["run", "--help"],
        &["help", "run"],
    ] {
        let out = cimic(args);
        assert_eq!(code(&out), 0, "cimic {args:?}: {}", dump(&out));
        assert!(
            stdout(&out).contains("Usage: cimic"),
            "cimic {args:?}: {}",
            dump(&out)
        );
    }
    let run_help = stdout(&cimic(&["run", "--help"]));
    for flag in ["--seed", "--turns", "--orders", "--json"] {
        assert!(
            run_help.contains(flag),
            "run --help does not mention {flag}"
        );
    }
}

#[test]
fn run_with_the_tutorial_orders_rejects_none_and_changes_the_game() {
    let with = cimic(&[
        "run",
        TUTORIAL,
        "--seed",
        "3",
        "--json",
        "--orders",
        TUTORIAL_ORDERS,
    ]);
    assert_eq!(code(&with), 0, "{}", dump(&with));
    let json = summary(&with);
    assert_eq!(json["rejected_orders"], 0, "{}", dump(&with));
    // Every request for assistance is accounted for (docs/rules.md §4.5).
    for key in [
        "answered_by_force",
        "answered_by_civilians",
        "ignored",
        "open",
    ] {
        assert!(json["requests"][key].is_u64(), "{key}: {}", dump(&with));
    }
    assert_eq!(stderr(&with), "", "no rejection lines");
    // The bridge is repaired by turn 4 when the engineers are sent to it.
    let reopen = json["objectives"]
        .as_array()
        .expect("objectives list")
        .iter()
        .find(|o| o["id"] == "reopen_bridge")
        .expect("reopen_bridge is reported")
        .clone();
    assert_eq!(reopen["status"], "met", "{json}");
    // Orders are applied: the game differs from one where every unit holds.
    let without = cimic(&["run", TUTORIAL, "--seed", "3", "--json"]);
    assert_ne!(json["state_hash"], summary(&without)["state_hash"]);
}

#[test]
fn run_with_a_bad_orders_file_exits_1_with_its_location() {
    let orders = TempFile::new(
        "bad.orders.ron",
        "[\n    (turn: 1, orders: [Move(unit: \"eng2\", to: (4, 3))]),\n]\n",
    );
    let out = cimic(&["run", TUTORIAL, "--seed", "1", "--orders", &orders.arg()]);
    assert_eq!(code(&out), 1, "{}", dump(&out));
    let err = stderr(&out);
    assert!(err.contains(&format!("{}:2:35", orders.arg())), "{err}");
    assert!(err.contains("did you mean `eng1`?"), "{err}");
    assert_eq!(stdout(&out), "", "nothing is played");
}

#[test]
fn run_a_missing_scenario_exits_1_with_a_readable_message() {
    let dir = common::tempdir();
    let missing = dir.path().join("missing-run.ron");
    let out = cimic(&["run", &missing.display().to_string(), "--seed", "1"]);
    assert_eq!(code(&out), 1, "{}", dump(&out));
    let err = stderr(&out);
    assert!(err.contains(&missing.display().to_string()), "{err}");
    assert!(err.contains("cannot read the file"), "{err}");
    assert_eq!(stdout(&out), "");
}

#[test]
fn run_a_broken_scenario_exits_1_without_playing() {
    let broken = tutorial_text().replacen("format: 1,", "format: 2,", 1);
    let file = TempFile::new("v2.ron", &broken);
    assert!(file.path().exists());
    let out = cimic(&["run", &file.arg(), "--seed", "1", "--json"]);
    assert_eq!(code(&out), 1, "{}", dump(&out));
    assert!(
        stderr(&out).contains(&format!("{}:4:13", file.arg())),
        "{}",
        dump(&out)
    );
    assert_eq!(stdout(&out), "");
}

#[test]
fn validate_every_shipped_file_including_orders_files() {
    let mut files: Vec<PathBuf> = std::fs::read_dir("scenarios")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    let mut args = vec![PathBuf::from("validate")];
    args.extend(files.iter().cloned());
    let out = cimic(&args);
    assert_eq!(code(&out), 0, "{}", dump(&out));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), files.len(), "{text}");
    assert!(
        text.contains("tutorial.orders.ron: ok — orders file checked against scenario ")
            && text.contains("tutorial.ron (`tutorial`): 12 orders over 7 turns"),
        "{text}"
    );
}

#[test]
fn validate_an_orders_file_with_an_unknown_unit_exits_1() {
    let temp = common::tempdir();
    let dir = temp.path();
    std::fs::write(dir.join("t.ron"), tutorial_text()).unwrap();
    std::fs::write(
        dir.join("t.orders.ron"),
        "[(turn: 1, orders: [Hold(unit: \"eng9\")])]\n",
    )
    .unwrap();
    let out = cimic(&[PathBuf::from("validate"), dir.join("t.orders.ron")]);
    assert_eq!(code(&out), 1, "{}", dump(&out));
    assert!(stderr(&out).contains("t.orders.ron:1:32"), "{}", dump(&out));
    assert!(
        stderr(&out).contains("did you mean `eng1`?"),
        "{}",
        dump(&out)
    );
}
