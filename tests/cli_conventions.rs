//! The command line's conventions, as scripts rely on them: `--json` prints nothing but JSON on
//! stdout, one object per line; closed choices are checked by the parser (exit 2); every file the
//! CLI writes is refused if it exists unless `--force`, and written atomically, so a killed
//! `cimic report` leaves either no file or the complete report, never half of one.

mod common;

use common::{FLOOD, TUTORIAL, cimic, command, dump, ok, record, s};
use serde_json::Value;
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::Instant;

/// Every line of stdout as JSON; fails on any line that is not.
fn json_lines(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .expect("stdout is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

#[test]
fn run_json_stdout_is_json_lines_a_turn_each_then_the_summary() {
    let out = cimic(&[
        "run",
        TUTORIAL,
        "--seed",
        "3",
        "--policy",
        "cimic-first",
        "--json",
        "-v",
    ]);
    ok(&out);
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 9, "8 turns and the summary: {}", dump(&out));
    for (i, turn) in lines[..8].iter().enumerate() {
        assert_eq!(turn["type"], "turn", "{turn}");
        assert_eq!(turn["turn"], i + 1, "{turn}");
        assert!(
            turn["log"].as_array().is_some_and(|l| !l.is_empty()),
            "-v adds the log: {turn}"
        );
    }
    let summary = &lines[8];
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["turns"], 8);
    assert_eq!(summary["state_hash"], lines[7]["state_hash"]);
    // The human turn lines are the same game, and stay as they were.
    let human = cimic(&["run", TUTORIAL, "--seed", "3", "--policy", "cimic-first"]);
    let text = String::from_utf8_lossy(&human.stdout).to_string();
    let last = text.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("turn   8/8  hash ")
            && last.contains(summary["state_hash"].as_str().unwrap()),
        "{last}"
    );
}

#[test]
fn fork_and_luck_json_print_only_json_and_luck_shows_no_bar_off_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let parent = record(dir.path(), TUTORIAL, "passive", 2);
    let fork = dir.path().join("fork.rec");
    let out = cimic(&[
        "fork",
        &s(&parent),
        "--at",
        "3",
        "--policy",
        "kinetic",
        "--out",
        &s(&fork),
        "--json",
    ]);
    ok(&out);
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 6, "turns 4–8 and the summary: {}", dump(&out));
    assert_eq!(lines[5]["type"], "summary");
    assert!(fork.exists());
    let out = cimic(&["luck", &s(&parent), "--seeds", "3", "--json"]);
    ok(&out);
    assert_eq!(json_lines(&out).len(), 1, "{}", dump(&out));
    assert!(
        out.stderr.is_empty(),
        "no progress bar into a pipe: {}",
        dump(&out)
    );
}

#[test]
fn a_policy_not_built_in_is_a_usage_error_naming_the_choices() {
    let dir = tempfile::tempdir().unwrap();
    let parent = record(dir.path(), TUTORIAL, "passive", 1);
    let fork = dir.path().join("f.rec");
    for args in [
        vec!["run", TUTORIAL, "--seed", "1", "--policy", "aggressive"],
        vec![
            "fork",
            &s(&parent),
            "--at",
            "1",
            "--policy",
            "aggressive",
            "--out",
            &s(&fork),
        ],
    ] {
        let out = cimic(&args);
        assert_eq!(out.status.code(), Some(2), "{}", dump(&out));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("cimic-first") && err.contains("passive"),
            "{err}"
        );
        assert!(out.stdout.is_empty(), "{}", dump(&out));
    }
    assert!(!fork.exists());
}

#[test]
fn report_over_an_existing_file_is_refused_without_force_and_replaced_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let rec = record(dir.path(), TUTORIAL, "kinetic", 1);
    let (html, csv) = (dir.path().join("r.html"), dir.path().join("r.csv"));
    std::fs::write(&html, "precious").unwrap();
    let args = ["report", &s(&rec), "--html", &s(&html), "--csv", &s(&csv)];
    let out = cimic(&args);
    assert_eq!(out.status.code(), Some(1), "{}", dump(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&s(&html)) && err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&html).unwrap(), "precious");
    assert!(
        !csv.exists(),
        "nothing is written when one output is refused"
    );

    let out = cimic(&[&args[..], &["--force"]].concat());
    ok(&out);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.ends_with("</html>"));
    assert!(csv.exists());
    // The same holds for a run's record.
    let out = cimic(&["run", TUTORIAL, "--seed", "1", "--record", &s(&html)]);
    assert_eq!(out.status.code(), Some(1), "{}", dump(&out));
    assert!(
        out.stdout.is_empty(),
        "refused before playing: {}",
        dump(&out)
    );
    assert_eq!(std::fs::read_to_string(&html).unwrap(), page);
}

/// Files in `dir` other than the ones named.
fn others(dir: &Path, known: &[&Path]) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !known.contains(&p.as_path()))
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[cfg(unix)]
#[test]
fn a_killed_report_leaves_no_file_or_the_complete_one() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let rec = record(d, FLOOD, "cimic-first", 1);
    let maps = (0..=16)
        .map(|t| t.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let report = |out: &Path| {
        command(&["report", &s(&rec), "--html", &s(out), "--map-turns", &maps])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    // The whole report, uninterrupted, and how long it takes.
    let whole = d.join("whole.html");
    let start = Instant::now();
    assert!(report(&whole).wait().unwrap().success());
    let took = start.elapsed();
    let expected = std::fs::read_to_string(&whole).unwrap();
    let mut killed_before_the_end = 0;
    for k in 0..12u32 {
        let out = d.join(format!("k{k}.html"));
        let mut child = report(&out);
        std::thread::sleep(took * k / 10);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        if out.exists() {
            let text = std::fs::read_to_string(&out).unwrap();
            assert!(
                text == expected,
                "kill {k}: a partial report ({} bytes)",
                text.len()
            );
            assert_eq!(others(d, &[&rec, &whole, &out]), Vec::<String>::new());
            std::fs::remove_file(&out).unwrap();
            continue;
        }
        killed_before_the_end += 1;
        // Whatever the kill left behind is a temporary file the rerun does not trip over.
        let name = format!("k{k}.html");
        for left in others(d, &[&rec, &whole]) {
            assert!(
                left.starts_with(&format!(".{name}.")) && left.ends_with(".tmp"),
                "kill {k}: {left} left behind"
            );
        }
        assert!(
            report(&out).wait().unwrap().success(),
            "kill {k}: the rerun"
        );
        assert_eq!(std::fs::read_to_string(&out).unwrap(), expected);
        for left in others(d, &[&rec, &whole, &out]) {
            std::fs::remove_file(d.join(left)).unwrap();
        }
        std::fs::remove_file(&out).unwrap();
    }
    assert!(
        killed_before_the_end >= 1,
        "no kill landed before the report was written ({took:?})"
    );
}

#[test]
fn run_refuses_a_record_path_it_cannot_write_before_playing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-dir").join("game.record");
    let started = std::time::Instant::now();
    let out = cimic(&["run", FLOOD, "--seed", "1", "--record", &s(&missing)]);
    assert_eq!(out.status.code(), Some(1), "{}", dump(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot write the file there"), "{err}");
    // Refused before the game: no turn line was printed.
    assert!(out.stdout.is_empty(), "{}", dump(&out));
    assert!(started.elapsed().as_secs() < 30);
}

#[test]
fn replay_verify_fails_on_a_record_whose_last_frame_is_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let rec = record(dir.path(), TUTORIAL, "passive", 1);
    let whole = cimic(&["replay", &s(&rec), "--verify"]);
    assert_eq!(whole.status.code(), Some(0), "{}", dump(&whole));
    // Cut the last frame short, as a crash during the write would.
    let text = std::fs::read_to_string(&rec).unwrap();
    let cut = &text[..text.trim_end().len() - 10];
    std::fs::write(&rec, cut).unwrap();
    let out = cimic(&["replay", &s(&rec), "--verify"]);
    assert_eq!(out.status.code(), Some(1), "{}", dump(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not verified"),
        "{}",
        dump(&out)
    );
}

#[test]
fn report_counts_csv_rows_not_lines_when_a_name_holds_a_line_break() {
    let dir = tempfile::tempdir().unwrap();
    let tutorial = std::fs::read_to_string(common::repo(TUTORIAL)).unwrap();
    let text = tutorial.replacen("name: \"Westfield\"", "name: \"West\\nfield\"", 1);
    assert_ne!(text, tutorial);
    let scenario = dir.path().join("newline.ron");
    std::fs::write(&scenario, text).unwrap();
    let rec = record(dir.path(), &s(&scenario), "passive", 1);
    let (html, csv) = (dir.path().join("r.html"), dir.path().join("r.csv"));
    let out = cimic(&["report", &s(&rec), "--html", &s(&html), "--csv", &s(&csv)]);
    let said = ok(&out);
    // Turns 0 to 8 of two districts: 18 rows, however many lines the quoted name makes.
    assert!(
        said.contains("18 rows (turns 0 to 8 × 2 districts)"),
        "{said}"
    );
    assert!(
        std::fs::read_to_string(&csv)
            .unwrap()
            .contains("\"West\nfield\"")
    );
}
