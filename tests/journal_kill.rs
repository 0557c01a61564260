//! Crash safety, for real: a journaled `cimic run` is killed with SIGKILL at several moments,
//! `cimic resume` continues each journal, and every resumed game ends in exactly the state of an
//! uninterrupted run.

#![cfg(unix)]

mod common;

use common::BIN;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn final_hash(stdout: &[u8]) -> String {
    let text = String::from_utf8_lossy(stdout);
    let line = text.lines().last().unwrap_or_default();
    let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {text}"));
    v["state_hash"].as_str().unwrap().to_string()
}

#[test]
fn killed_runs_resume_to_the_uninterrupted_final_state() {
    let args = [
        "run",
        "scenarios/flood_relief.ron",
        "--seed",
        "4",
        "--policy",
        "cimic-first",
    ];
    let whole = Command::new(BIN).args(args).arg("--json").output().unwrap();
    assert!(whole.status.success());
    let expected = final_hash(&whole.stdout);

    let dir = common::tempdir();
    let mut mid_game = 0;
    for (i, delay_ms) in [0u64, 5, 15, 30, 60, 100, 150, 250].into_iter().enumerate() {
        let journal = dir.path().join(format!("kill-{i}.journal"));
        let mut child = Command::new(BIN)
            .args(args)
            .arg("--journal")
            .arg(&journal)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        while start.elapsed() < Duration::from_millis(delay_ms) {
            std::thread::sleep(Duration::from_millis(1));
        }
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        if !journal.exists() {
            continue; // killed before it could create the file: nothing to resume
        }
        let saved = std::fs::read_to_string(&journal).unwrap_or_default();
        if saved.matches(" Outcome(").count() < 16 {
            mid_game += 1;
        }
        let resumed = Command::new(BIN)
            .arg("resume")
            .arg(&journal)
            .arg("--json")
            .output()
            .unwrap();
        if !saved.contains('\n') {
            // Killed between creating the file and finishing the header's frame (nothing, or a
            // torn first line): the game never started, and resuming it is refused clearly.
            assert_eq!(resumed.status.code(), Some(1));
            continue;
        }
        assert!(
            resumed.status.success(),
            "kill after {delay_ms} ms: {}",
            String::from_utf8_lossy(&resumed.stderr)
        );
        assert_eq!(
            final_hash(&resumed.stdout),
            expected,
            "kill after {delay_ms} ms"
        );
    }
    assert!(mid_game >= 1, "no kill landed in the middle of a game");
}
