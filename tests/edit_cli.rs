//! `cimic edit` with bad input, or with no screen, fails like the CLI does, before any window
//! opens: a located error for a broken file, a usage error for a bad size or an existing file
//! with --new, and "no display" otherwise.

#![cfg(feature = "gui")]

mod common;

use common::{BIN, TempFile, stderr};
use std::process::{Command, Output};

/// Runs `cimic` with no display.
fn headless(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap()
}

#[test]
fn bad_files_sizes_and_no_display_are_refused_before_a_window_opens() {
    let bad = TempFile::new("bad.ron", "Scenario(format: 1, meta: (");
    let out = headless(&["edit", &bad.arg()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("bad.ron"), "{}", stderr(&out));

    let dir = common::tempdir();
    let new = dir.path().join("fresh.ron");
    let new = new.to_str().unwrap();
    for size in ["20", "0x5", "600x10"] {
        let out = headless(&["edit", new, "--new", size]);
        assert_eq!(out.status.code(), Some(2), "{size}: {}", stderr(&out));
    }
    let out = headless(&["edit", &bad.arg(), "--new", "10x8"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("exists"), "{}", stderr(&out));

    let tutorial = common::repo(common::TUTORIAL);
    for args in [
        vec!["edit", tutorial.to_str().unwrap()],
        vec!["edit", new, "--new", "10x8"],
    ] {
        let out = headless(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("no display"), "{}", stderr(&out));
    }
    assert!(!std::path::Path::new(new).exists(), "nothing written");
}
