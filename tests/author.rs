//! The authoring commands as an author meets them: `new` (templates), `lint` (and
//! `validate --strict`), `balance`, `map`, and `--message-format json` — including bad input: a
//! missing file, an invalid scenario, an unwritable or existing output path.

mod common;

use common::{TUTORIAL, cimic, code, dump, stderr, stdout};
use serde_json::Value;
use std::path::Path;

/// A scenario that does not load: the tutorial with a misspelt field.
fn broken(dir: &Path) -> String {
    let text = std::fs::read_to_string(common::repo(TUTORIAL))
        .unwrap()
        .replacen("sides:", "sidez:", 1);
    let path = dir.join("broken.ron");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// Every JSON line of stdout.
fn json_lines(out: &std::process::Output) -> Vec<Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// lint

#[test]
fn every_shipped_scenario_lints_with_no_open_warning() {
    for entry in std::fs::read_dir(common::repo("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".ron") || name.ends_with(".orders.ron") {
            continue;
        }
        let out = cimic(&["lint", &path.display().to_string(), "--seeds", "2"]);
        assert_eq!(code(&out), 0, "{}", dump(&out));
        assert!(
            stdout(&out).contains(": 0 warnings,"),
            "{name}: {}",
            dump(&out)
        );
        assert_eq!(stderr(&out), "", "{name}: nothing drawn");
    }
}

#[test]
fn lint_warns_located_exits_0_and_an_answer_in_the_file_silences_it() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(common::repo(TUTORIAL)).unwrap();
    // An event whose condition never holds never fires.
    let late = text.replacen(
        "trigger: AtTurn(5)",
        "trigger: When(UnrestAbove(district: \"aldbrook\", value: 0.99))",
        1,
    );
    assert_ne!(late, text);
    // Without the orders file beside it: the built-in policies only.
    let path = dir.path().join("late.ron");
    std::fs::write(&path, &late).unwrap();
    let p = path.display().to_string();
    let out = cimic(&["lint", &p, "--seeds", "1", "--message-format", "json"]);
    assert_eq!(code(&out), 0, "{}", dump(&out));
    let diags = json_lines(&out);
    let storm = diags
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("`storm`"))
        .unwrap_or_else(|| panic!("no storm warning: {}", dump(&out)));
    assert_eq!(storm["severity"], "warning");
    assert_eq!(storm["file"], p.as_str());
    let line = storm["line"].as_u64().unwrap() as usize;
    assert!(
        late.lines().nth(line - 1).unwrap().contains("UnrestAbove"),
        "located at the trigger: {storm}"
    );
    assert!(storm["help"].as_str().unwrap().contains("never held"));
    // Answered: no longer drawn, counted instead.
    let answered = late.trim_end().trim_end_matches(')').to_string()
        + "    lint_allow: [(warning: EventNeverFires, id: \"storm\", reason: \"a test\")],\n)\n";
    std::fs::write(&path, answered).unwrap();
    let out = cimic(&["lint", &p, "--seeds", "1"]);
    assert_eq!(code(&out), 0, "{}", dump(&out));
    assert!(!stderr(&out).contains("`storm`"), "{}", dump(&out));
    assert!(stdout(&out).contains("1 answered"), "{}", dump(&out));
}

#[test]
fn lint_of_a_missing_or_invalid_scenario_fails_and_a_bad_seed_count_is_usage() {
    let dir = tempfile::tempdir().unwrap();
    let out = cimic(&["lint", "no/such.ron"]);
    assert_eq!(code(&out), 1, "{}", dump(&out));
    assert!(
        stderr(&out).contains("cannot read the file"),
        "{}",
        dump(&out)
    );
    let bad = broken(dir.path());
    let out = cimic(&["lint", &bad, "--message-format", "json"]);
    assert_eq!(code(&out), 1, "{}", dump(&out));
    let d = json_lines(&out);
    assert_eq!(d.len(), 1, "{}", dump(&out));
    assert_eq!(d[0]["severity"], "error");
    assert!(d[0]["line"].as_u64().is_some());
    let out = cimic(&["lint", TUTORIAL, "--seeds", "0"]);
    assert_eq!(code(&out), 2, "{}", dump(&out));
    // validate --strict is lint.
    let out = cimic(&["validate", "--strict", TUTORIAL]);
    assert_eq!(code(&out), 0, "{}", dump(&out));
    assert!(
        stdout(&out).contains("answered in lint_allow"),
        "{}",
        dump(&out)
    );
    let out = cimic(&["validate", "--strict", &bad]);
    assert_eq!(code(&out), 1, "{}", dump(&out));
}

#[test]
fn a_misspelt_lint_code_is_an_error_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(common::repo(TUTORIAL)).unwrap();
    let text = text.trim_end().trim_end_matches(')').to_string()
        + "    lint_allow: [(warning: EventNeverFire, id: \"storm\", reason: \"x\")],\n)\n";
    let path = dir.path().join("typo.ron");
    std::fs::write(&path, text).unwrap();
    let out = cimic(&["validate", &path.display().to_string()]);
    assert_eq!(code(&out), 1, "{}", dump(&out));
    assert!(
        stderr(&out).contains("EventNeverFires"),
        "did you mean: {}",
        dump(&out)
    );
}

// ---------------------------------------------------------------------------------------------
// --message-format json on validate and run

#[test]
fn validate_and_run_print_json_diagnostics_one_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = broken(dir.path());
    let out = cimic(&["validate", "--message-format", "json", &bad, TUTORIAL]);
    assert_eq!(code(&out), 1, "{}", dump(&out));
    let d = json_lines(&out);
    assert_eq!(d.len(), 1, "only the broken file's error: {}", dump(&out));
    for key in [
        "file", "line", "column", "end", "severity", "message", "help",
    ] {
        assert!(d[0].get(key).is_some(), "{key} missing: {}", d[0]);
    }
    assert!(d[0]["help"].as_str().unwrap().contains("sides"), "{}", d[0]);
    assert!(stderr(&out).contains("scenarios/tutorial.ron: ok"));
    let out = cimic(&["run", &bad, "--seed", "1", "--message-format", "json"]);
    assert_eq!(code(&out), 1, "{}", dump(&out));
    assert_eq!(json_lines(&out)[0]["severity"], "error");
    assert_eq!(stderr(&out), "", "nothing drawn: {}", dump(&out));
    let out = cimic(&[
        "run",
        "missing.ron",
        "--seed",
        "1",
        "--message-format",
        "json",
    ]);
    assert_eq!(code(&out), 1, "{}", dump(&out));
    let d = json_lines(&out);
    assert_eq!(d[0]["line"], Value::Null);
    assert_eq!(d[0]["file"], "missing.ron");
}

// ---------------------------------------------------------------------------------------------
// balance

#[test]
fn balance_compares_every_line_and_says_whether_cimic_first_is_ahead() {
    let out = cimic(&["balance", TUTORIAL, "--seeds", "3", "--json"]);
    assert_eq!(code(&out), 0, "{}", dump(&out));
    let b: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    let lines: Vec<&str> = b["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["line"].as_str().unwrap())
        .collect();
    assert_eq!(
        lines,
        ["passive", "kinetic", "cimic-first", "tutorial.orders.ron"]
    );
    for l in b["lines"].as_array().unwrap() {
        assert_eq!(l["games"], 3);
        let e = &l["effectiveness"];
        assert!(
            e["low"].as_f64() <= e["mean"].as_f64() && e["mean"].as_f64() <= e["high"].as_f64()
        );
    }
    assert_eq!(b["comparisons"].as_array().unwrap().len(), 3);
    assert!(b["cimic_first_ahead"].is_boolean());
    // The table, and the same numbers on a rerun.
    let out2 = cimic(&["balance", TUTORIAL, "--seeds", "3", "--json"]);
    assert_eq!(stdout(&out), stdout(&out2), "deterministic");
    let table = cimic(&["balance", TUTORIAL, "--seeds", "2"]);
    assert!(
        stdout(&table).contains("verdict: cimic-first"),
        "{}",
        dump(&table)
    );
}

#[test]
fn balance_of_a_missing_or_invalid_scenario_fails() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(code(&cimic(&["balance", "nope.ron"])), 1);
    assert_eq!(code(&cimic(&["balance", &broken(dir.path())])), 1);
    assert_eq!(code(&cimic(&["balance", TUTORIAL, "--seeds", "0"])), 2);
}

// ---------------------------------------------------------------------------------------------
// map

#[test]
fn map_draws_units_by_id_and_explains_the_site_letters() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("t.svg");
    let s = svg.display().to_string();
    let out = cimic(&["map", TUTORIAL, "--svg", &s, "--turn", "3", "--seed", "2"]);
    assert_eq!(code(&out), 0, "{}", dump(&out));
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<?xml"), "{}", &text[..80]);
    assert!(text.contains(r#"<svg xmlns="http://www.w3.org/2000/svg""#));
    for id in ["eng1", "inf1", "cimic1", "med1"] {
        assert!(
            text.contains(&format!(r#"class="uid">{id}<"#)),
            "unit {id} labelled"
        );
    }
    for legend in [
        "B: bridge",
        "W: water plant",
        "Cu: cultural site",
        "hostile unit",
    ] {
        assert!(text.contains(legend), "{legend} in the legend");
    }
    assert!(stdout(&out).contains("after turn 3"), "{}", dump(&out));
    // The file exists: refused, kept.
    let again = cimic(&["map", TUTORIAL, "--svg", &s]);
    assert_eq!(code(&again), 1, "{}", dump(&again));
    assert_eq!(std::fs::read_to_string(&svg).unwrap(), text);
    assert_eq!(code(&cimic(&["map", TUTORIAL, "--svg", &s, "--force"])), 0);
}

/// `--png` exists in builds with the cargo feature `png` (resvg).
#[cfg(feature = "png")]
#[test]
fn map_writes_a_png_beside_the_svg() {
    let dir = tempfile::tempdir().unwrap();
    let (svg, png) = (dir.path().join("m.svg"), dir.path().join("m.png"));
    let out = cimic(&[
        "map",
        TUTORIAL,
        "--svg",
        &svg.display().to_string(),
        "--png",
        &png.display().to_string(),
    ]);
    assert_eq!(code(&out), 0, "{}", dump(&out));
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG file");
    assert!(bytes.len() > 5000, "a picture, not an empty canvas");
    let out = cimic(&[
        "map",
        TUTORIAL,
        "--svg",
        &dir.path().join("n.svg").display().to_string(),
        "--png",
        "no/such/dir/m.png",
    ]);
    assert_eq!(code(&out), 1, "{}", dump(&out));
}

#[test]
fn map_refuses_bad_input_before_drawing() {
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("m.svg").display().to_string();
    let out = cimic(&["map", "none.ron", "--svg", &s]);
    assert_eq!(code(&out), 1, "{}", dump(&out));
    let out = cimic(&["map", &broken(dir.path()), "--svg", &s]);
    assert_eq!(code(&out), 1, "{}", dump(&out));
    let out = cimic(&["map", TUTORIAL, "--svg", "no/such/dir/m.svg"]);
    assert_eq!(code(&out), 1, "{}", dump(&out));
    assert!(stderr(&out).contains("does not exist"), "{}", dump(&out));
    let out = cimic(&["map", TUTORIAL, "--svg", &s, "--turn", "99"]);
    assert_eq!(code(&out), 2, "{}", dump(&out));
    assert!(!Path::new(&s).exists());
}

// ---------------------------------------------------------------------------------------------
// new

#[test]
fn every_template_makes_a_scenario_that_validates_lints_and_plays_without_a_refusal() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display().to_string();
    for (kind, name) in [
        ("disaster-relief", "quake"),
        ("stabilisation", "band"),
        ("resilience", "grid"),
    ] {
        let out = cimic(&["new", name, "--template", kind, "--dir", &d]);
        assert_eq!(code(&out), 0, "{kind}: {}", dump(&out));
        let scenario = dir.path().join(format!("{name}.ron")).display().to_string();
        let orders = dir
            .path()
            .join(format!("{name}.orders.ron"))
            .display()
            .to_string();
        let out = cimic(&["validate", &scenario, &orders]);
        assert_eq!(code(&out), 0, "{kind}: {}", dump(&out));
        for seed in ["1", "2", "3"] {
            let out = cimic(&["run", &scenario, "--seed", seed, "--orders", &orders]);
            assert_eq!(code(&out), 0, "{kind}: {}", dump(&out));
            assert_eq!(
                stderr(&out),
                "",
                "{kind} seed {seed}: no refusal: {}",
                dump(&out)
            );
        }
        let out = cimic(&["lint", &scenario, "--seeds", "2"]);
        assert_eq!(code(&out), 0, "{kind}: {}", dump(&out));
    }
}

#[test]
fn new_never_replaces_a_file_and_refuses_a_bad_name_or_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display().to_string();
    let orders = dir.path().join("x.orders.ron");
    std::fs::write(&orders, "mine").unwrap();
    let out = cimic(&["new", "x", "--template", "resilience", "--dir", &d]);
    assert_eq!(code(&out), 1, "{}", dump(&out));
    assert_eq!(std::fs::read_to_string(&orders).unwrap(), "mine");
    assert!(!dir.path().join("x.ron").exists(), "nothing written");
    let out = cimic(&["new", "Bad Name", "--template", "resilience", "--dir", &d]);
    assert_eq!(code(&out), 2, "{}", dump(&out));
    let out = cimic(&[
        "new",
        "y",
        "--template",
        "resilience",
        "--dir",
        "no/such/dir",
    ]);
    assert_eq!(code(&out), 1, "{}", dump(&out));
    let out = cimic(&["new", "y", "--template", "flood"]);
    assert_eq!(code(&out), 2, "unknown template: {}", dump(&out));
}
