//! What the tests of the `cimic` binary share: running the built binary from the repository's
//! root, reading what it printed, showing both streams when an assertion fails, temporary
//! folders and files that are removed when the test ends (pass or fail), and recording a game.
//! Written once here so a fix reaches every test file.
//!
//! Each test file is its own crate and uses only part of this module.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tempfile::TempDir;

/// The built `cimic` binary.
pub const BIN: &str = env!("CARGO_BIN_EXE_cimic");

/// The tutorial scenario, relative to the repository's root.
pub const TUTORIAL: &str = "scenarios/tutorial.ron";

/// The tutorial's line of play, relative to the repository's root.
pub const TUTORIAL_ORDERS: &str = "scenarios/tutorial.orders.ron";

/// The flood relief scenario, relative to the repository's root.
pub const FLOOD: &str = "scenarios/flood_relief.ron";

/// A path in the repository (where `scenarios/` lives).
pub fn repo(path: impl AsRef<Path>) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The built binary with its arguments, started from the repository's root as a user in a clone
/// would; for tests that need the child process itself (to kill it, to pipe into it).
pub fn command<S: AsRef<OsStr>>(args: &[S]) -> Command {
    let mut c = Command::new(BIN);
    c.args(args).current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

/// Runs the built binary from the repository's root and waits for it.
pub fn cimic<S: AsRef<OsStr>>(args: &[S]) -> Output {
    command(args).output().expect("the cimic binary runs")
}

/// The exit code; a test fails if the binary died of a signal.
pub fn code(out: &Output) -> i32 {
    out.status.code().expect("exited normally, not by a signal")
}

/// Standard output, which must be UTF-8.
pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

/// Standard error, which must be UTF-8.
pub fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

/// Both streams and the exit code, for the message of a failed assertion.
pub fn dump(out: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A message as one line of words: the report's box drawing and the line breaks go. Error reports
/// wrap long lines at the terminal's width, so where a phrase breaks depends on the length of the
/// (temporary) path in front of it.
pub fn flat(text: &str) -> String {
    text.replace(['│', '·'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Checks that the command succeeded (showing both streams if not); returns its stdout.
pub fn ok(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(0), "{}", dump(out));
    stdout(out)
}

/// A path as a command-line argument.
pub fn s(p: &Path) -> String {
    p.display().to_string()
}

/// A fresh folder for one test's files, removed when the value is dropped.
pub fn tempdir() -> TempDir {
    tempfile::Builder::new()
        .prefix("cimic-test-")
        .tempdir()
        .expect("a temporary folder")
}

/// A file with a given name and contents in a folder of its own; both go when it is dropped.
/// The name is kept as given because the binary's messages quote it.
pub struct TempFile {
    _dir: TempDir,
    path: PathBuf,
}

impl TempFile {
    /// Writes `contents` to a new file called `name`.
    pub fn new(name: &str, contents: &str) -> TempFile {
        let dir = tempdir();
        let path = dir.path().join(name);
        std::fs::write(&path, contents).expect("temp file is writable");
        TempFile { _dir: dir, path }
    }

    /// Where the file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file as a command-line argument.
    pub fn arg(&self) -> String {
        s(&self.path)
    }
}

/// Records a whole game of `scenario` (a path from the repository's root) played by a built-in
/// policy into `dir`; returns the record's path.
pub fn record(dir: &Path, scenario: &str, policy: &str, seed: u64) -> PathBuf {
    let stem = Path::new(scenario).file_stem().unwrap().to_string_lossy();
    let path = dir.join(format!("{stem}-{policy}-{seed}.rec"));
    ok(&cimic(&[
        "run",
        scenario,
        "--seed",
        &seed.to_string(),
        "--policy",
        policy,
        "--record",
        &s(&path),
    ]));
    path
}
