//! `cimic play` with bad input, or with no screen, fails like the CLI does: a located error on
//! stderr and exit 1, before any window opens and before any journal is written.

#![cfg(feature = "gui")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_cimic");

/// Runs `cimic` in an empty folder with no display.
fn headless(args: &[&str]) -> (Output, PathBuf) {
    let dir = std::env::temp_dir().join(format!(
        "cimic-gui-cli-{}-{}",
        std::process::id(),
        args.join("_").replace(['/', '.'], "")
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let out = Command::new(BIN)
        .args(args)
        .current_dir(&dir)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    (out, dir)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn repo(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(path)
        .display()
        .to_string()
}

#[test]
fn a_missing_or_broken_file_is_reported_and_exits_1() {
    let bad = std::env::temp_dir().join(format!("cimic-bad-{}.ron", std::process::id()));
    std::fs::write(&bad, "Scenario(format: 1, meta: (").unwrap();
    let bad = bad.display().to_string();
    for args in [
        vec!["play", "no-such-scenario.ron"],
        vec!["play", bad.as_str()],
        vec!["play", "--resume", "no-such.journal"],
        vec!["play", "--replay", bad.as_str()],
    ] {
        let (out, dir) = headless(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        let file = args.last().unwrap();
        assert!(
            err.contains(file),
            "{args:?}: the error names the file: {err}"
        );
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(
            !dir.join("journals").exists(),
            "{args:?}: no journal for a failed start"
        );
    }
}

#[test]
fn without_a_display_the_gui_says_so_and_writes_no_journal() {
    for args in [vec![], vec!["play", &*repo("scenarios/tutorial.ron")]] {
        let args: Vec<&str> = args.iter().map(|s| &**s).collect();
        let (out, dir) = headless(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("no display"), "{}", stderr(&out));
        assert!(!dir.join("journals").exists());
    }
}
