//! Decision points answered in an orders file (`decide`): the answer is taken before the turn is
//! played, so a planned line of play can take either option of a dilemma; a wrong decision or
//! option id is a located error with the choices, before any game is played.

mod common;

use common::{TUTORIAL, cimic, code, dump, ok, repo, s, tempdir};

/// The tutorial's own line of play with `extra` appended as one more turn entry.
fn orders_with(dir: &std::path::Path, extra: &str) -> std::path::PathBuf {
    let base = std::fs::read_to_string(repo("scenarios/tutorial.orders.ron")).unwrap();
    let end = base.rfind(']').expect("an orders file is a list");
    let text = format!("{}    {extra},\n]\n", &base[..end]);
    // The orders file must sit beside a scenario of its name for `validate`.
    let path = dir.join("tutorial.orders.ron");
    std::fs::write(&path, text).unwrap();
    std::fs::copy(repo(TUTORIAL), dir.join("tutorial.ron")).unwrap();
    path
}

fn log_of(orders: &std::path::Path) -> String {
    let out = cimic(&["run", TUTORIAL, "--seed", "1", "--orders", &s(orders), "-v"]);
    ok(&out)
}

#[test]
fn a_decide_entry_takes_the_option_and_changes_the_game() {
    let dir = tempdir();
    let evacuate = orders_with(
        dir.path(),
        r#"(turn: 6, decide: [(decision: "clinic_patients", option: "evacuate")])"#,
    );
    let log = log_of(&evacuate);
    assert!(
        log.contains("Evacuate the patients to Westfield")
            && log.contains("Patients and their families leave for Westfield"),
        "{log}"
    );
    assert!(!log.contains("(default, nobody decided)"), "{log}");
    // The shipped line leaves it to the default, and ends elsewhere.
    let shipped = log_of(&repo("scenarios/tutorial.orders.ron"));
    assert!(shipped.contains("(default, nobody decided)"), "{shipped}");
    let last = |l: &str| {
        l.lines()
            .rfind(|x| x.starts_with("turn"))
            .unwrap()
            .to_string()
    };
    assert_ne!(last(&log)[..35], last(&shipped)[..35], "other hashes");
    // `validate` accepts the file.
    ok(&cimic(&["validate", &s(&evacuate)]));
}

#[test]
fn a_decision_before_it_is_open_is_refused_like_an_order() {
    let dir = tempdir();
    let early = orders_with(
        dir.path(),
        r#"(turn: 2, decide: [(decision: "clinic_patients", option: "evacuate")])"#,
    );
    let out = cimic(&["run", TUTORIAL, "--seed", "1", "--orders", &s(&early)]);
    ok(&out);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("clinic_patients") && err.contains("not open"),
        "{}",
        dump(&out)
    );
}

#[test]
fn an_unknown_decision_or_option_is_a_located_error_with_the_choices() {
    let dir = tempdir();
    let typo = orders_with(
        dir.path(),
        r#"(turn: 6, decide: [(decision: "clinic_patient", option: "evacuate")])"#,
    );
    let out = cimic(&["validate", &s(&typo)]);
    assert_eq!(code(&out), 1, "{}", dump(&out));
    let err = common::flat(&String::from_utf8_lossy(&out.stderr));
    assert!(
        err.contains("unknown decision point `clinic_patient`"),
        "{err}"
    );
    assert!(err.contains("did you mean `clinic_patients`?"), "{err}");
    assert!(err.contains("tutorial.orders.ron:"), "located: {err}");
    let option = orders_with(
        dir.path(),
        r#"(turn: 6, decide: [(decision: "clinic_patients", option: "leave")])"#,
    );
    let out = cimic(&["run", TUTORIAL, "--seed", "1", "--orders", &s(&option)]);
    assert_eq!(code(&out), 1, "{}", dump(&out));
    let err = common::flat(&String::from_utf8_lossy(&out.stderr));
    assert!(
        err.contains("`leave` is not an option of `clinic_patients`")
            && err.contains("evacuate, stay"),
        "{err}"
    );
}
