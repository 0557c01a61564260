//! The binary's side of the authoring polish (issue 16, items 5 and 8): `validate` on an orders
//! file says it checked it as one, and against which scenario; an orders file under a scenario's
//! name is recognised; a message with a raw line break prints inside the log's column; `diff`
//! of games played on two versions of one scenario says what the edit changed, then compares
//! the games.

mod common;

use common::{TUTORIAL, TUTORIAL_ORDERS, cimic, dump, ok, record, s, stderr, stdout};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn tutorial_text() -> String {
    std::fs::read_to_string(common::repo(TUTORIAL)).unwrap()
}

/// The tutorial with its one occurrence of `from` replaced by `to`, written to `dir/name`.
fn edited(dir: &Path, name: &str, edits: &[(&str, &str)]) -> PathBuf {
    let mut text = tutorial_text();
    for (from, to) in edits {
        assert_eq!(text.matches(from).count(), 1, "{from:?}");
        text = text.replacen(from, to, 1);
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn validate_an_orders_file_says_it_was_checked_against_its_scenario() {
    let out = cimic(&["validate", TUTORIAL_ORDERS]);
    let text = ok(&out);
    assert!(
        text.contains(
            "scenarios/tutorial.orders.ron: ok — orders file checked against scenario scenarios/tutorial.ron (`tutorial`): 12 orders over 7 turns"
        ),
        "{}",
        dump(&out)
    );
    // Orders whose scenario is not beside them: the rule is spelled out.
    let temp = common::tempdir();
    let lone = temp.path().join("lone.orders.ron");
    std::fs::copy(common::repo(TUTORIAL_ORDERS), &lone).unwrap();
    let out = cimic(&["validate", &s(&lone)]);
    assert_eq!(out.status.code(), Some(1), "{}", dump(&out));
    let err = common::flat(&stderr(&out));
    assert!(
        err.contains("checked against the scenario NAME.ron beside it"),
        "{err}"
    );
}

#[test]
fn validate_an_orders_file_under_a_scenario_name_recognises_it() {
    let temp = common::tempdir();
    let plan = temp.path().join("plan.ron");
    std::fs::copy(common::repo(TUTORIAL_ORDERS), &plan).unwrap();
    let out = cimic(&["validate", &s(&plan)]);
    assert_eq!(out.status.code(), Some(1), "{}", dump(&out));
    let err = common::flat(&stderr(&out));
    assert!(err.contains("plan.ron:5:1"), "{err}");
    assert!(err.contains("it looks like an orders file"), "{err}");
    assert!(err.contains("NAME.orders.ron"), "{err}");
}

#[test]
fn a_line_break_in_a_message_prints_with_the_logs_indentation() {
    let temp = common::tempdir();
    let path = edited(
        temp.path(),
        "breaks.ron",
        &[(
            "closed to traffic. Aldbrook's mayor",
            "closed to traffic.\nAldbrook's mayor",
        )],
    );
    let text = ok(&cimic(&["validate", &s(&path)]));
    assert!(text.contains("breaks.ron: ok"), "{text}");
    let out = cimic(&["run", &s(&path), "--seed", "1", "--turns", "1", "-v"]);
    let log = ok(&out);
    assert!(
        log.contains("    The bridge is closed to traffic.\n    Aldbrook's mayor asks"),
        "{log}"
    );
    assert!(!log.contains("\\u{a}"), "{log}");
}

#[test]
fn diff_across_two_versions_of_a_scenario_says_what_changed_then_compares() {
    let temp = common::tempdir();
    let d = temp.path();
    let v1 = edited(d, "v1.ron", &[]);
    let v2 = edited(
        d,
        "v2.ron",
        &[
            ("hex: (5, 3), condition: 0.3", "hex: (5, 3), condition: 0.2"),
            (
                "position: (1, 4)),\n",
                "position: (1, 4)),\n        (id: \"eng2\", name: \"2nd Engineer Platoon\", side: \"blue\", kind: Engineer, position: (2, 3)),\n",
            ),
        ],
    );
    let a = record(d, &s(&v1), "cimic-first", 3);
    let b = record(d, &s(&v2), "cimic-first", 3);
    let out = cimic(&["diff", &s(&a), &s(&b)]);
    let text = ok(&out);
    assert!(
        text.contains("the scenario was edited between A (") && text.contains("): 2 changes"),
        "{text}"
    );
    assert!(
        text.contains("  changed  infrastructure[ald_bridge].condition: 0.3 → 0.2"),
        "{text}"
    );
    assert!(
        text.contains("  added    units[eng2]: (id: \"eng2\""),
        "{text}"
    );
    assert!(
        text.contains("the games differ from the start (turn 0): another version of the scenario"),
        "{text}"
    );
    assert!(text.contains("effectiveness A/B/Δ"), "{text}");

    let out = cimic(&["diff", &s(&a), &s(&b), "--json"]);
    let v: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(v["scenario_edited"], true);
    let changes = v["scenario_changes"].as_array().unwrap();
    assert_eq!(changes.len(), 2, "{v}");
    let at = |p: &str| changes.iter().find(|c| c["path"] == p).expect(p).clone();
    assert_eq!(at("units[eng2]")["kind"], "added");
    assert!(at("units[eng2]")["a"].is_null());
    let bridge = at("infrastructure[ald_bridge].condition");
    assert_eq!(bridge["kind"], "changed");
    assert_eq!((&bridge["a"], &bridge["b"]), (&"0.3".into(), &"0.2".into()));
    assert_eq!(
        v["turns"].as_array().unwrap().len(),
        9,
        "turns 0 to 8 compared"
    );

    // A game against itself: no edit.
    let same = cimic(&["diff", &s(&a), &s(&a), "--json"]);
    let v: Value = serde_json::from_str(stdout(&same).trim()).unwrap();
    assert_eq!(v["scenario_edited"], false);
    assert_eq!(v["scenario_changes"].as_array().unwrap().len(), 0);
}

#[test]
fn diff_across_versions_that_differ_only_in_comments_says_so() {
    let temp = common::tempdir();
    let d = temp.path();
    let v1 = edited(d, "c1.ron", &[]);
    let v2 = edited(d, "c2.ron", &[("// Tutorial:", "// Tutorial (v2):")]);
    let a = record(d, &s(&v1), "passive", 1);
    let b = record(d, &s(&v2), "passive", 1);
    let text = ok(&cimic(&["diff", &s(&a), &s(&b)]));
    assert!(
        text.contains("the files differ only in comments and layout"),
        "{text}"
    );
}
