//! `cimic validate --watch` (issue 16 item 7): the author keeps a terminal open, saves the
//! scenario, and sees it checked again — a good save says so, a broken one gets its located
//! error, and the command keeps watching instead of exiting.

mod common;

use common::{command, repo, s, tempdir};
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

#[test]
fn a_saved_scenario_is_checked_again_and_a_broken_save_is_located() {
    let dir = tempdir();
    let path = dir.path().join("mine.ron");
    let good = std::fs::read_to_string(repo("scenarios/tutorial.ron")).unwrap();
    std::fs::write(&path, &good).unwrap();
    let mut child = command(&["validate", &s(&path), "--watch", "--watch-checks", "2"])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("cimic starts");
    // Read stderr on a thread, line by line, so the test can wait for the first check.
    let (tx, rx) = mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let first = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the first check reports");
    let mut seen = vec![first];
    while !seen.iter().any(|l| l.contains("all files valid")) {
        seen.push(
            rx.recv_timeout(Duration::from_secs(30))
                .expect("more output"),
        );
    }
    // A save that breaks the file: `turns: 8` becomes `turns: 8.0` (a whole number expected).
    let broken = good.replacen("turns: 8,", "turns: 8.0,", 1);
    assert_ne!(broken, good, "the tutorial states its turns");
    std::fs::write(&path, broken).unwrap();
    let status = child.wait().expect("cimic ends after its second check");
    reader.join().unwrap();
    seen.extend(rx.try_iter());
    let text = seen.join("\n");
    assert_eq!(status.code(), Some(1), "{text}");
    assert!(text.contains("checking again"), "{text}");
    assert!(text.contains("mine.ron:"), "the error is located: {text}");
    assert!(text.contains("fix the file and save it"), "{text}");
}

#[test]
fn watch_checks_needs_watch() {
    let out = common::cimic(&["validate", "scenarios/tutorial.ron", "--watch-checks", "2"]);
    assert_eq!(common::code(&out), 2, "{}", common::dump(&out));
}
