//! `cimic play` with bad input, or with no screen, fails like the CLI does: a located error on
//! stderr and exit 1, before any window opens and before any journal is written.

#![cfg(feature = "gui")]

mod common;

use common::{BIN, TempFile, s, stderr};
use std::process::{Command, Output};
use tempfile::TempDir;

/// Runs `cimic` in an empty folder (removed when the folder value is dropped) with no display.
fn headless(args: &[&str]) -> (Output, TempDir) {
    let dir = common::tempdir();
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir.path())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    (out, dir)
}

#[test]
fn a_missing_or_broken_file_is_reported_and_exits_1() {
    let bad_file = TempFile::new("bad.ron", "Scenario(format: 1, meta: (");
    let bad = bad_file.arg();
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
            !dir.path().join("journals").exists(),
            "{args:?}: no journal for a failed start"
        );
    }
}

#[test]
fn without_a_display_the_gui_says_so_and_writes_no_journal() {
    let tutorial = s(&common::repo(common::TUTORIAL));
    for args in [vec![], vec!["play", &*tutorial]] {
        let args: Vec<&str> = args.iter().map(|s| &**s).collect();
        let (out, dir) = headless(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("no display"), "{}", stderr(&out));
        assert!(!dir.path().join("journals").exists());
    }
}
