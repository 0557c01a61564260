//! `--watch`: check again each time a watched file is saved, so an author can keep a terminal
//! open beside the editor. Files are polled (size and modification time) rather than watched
//! through the OS, which works the same on every file system, network shares included, and
//! needs no extra dependency; a save is seen within [`POLL`].

use super::error::CliResult;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How often the files are looked at.
pub const POLL: Duration = Duration::from_millis(250);

/// What identifies a version of a file on disk: its size and modification time (`None`: the
/// file is missing or unreadable, which is a version too, reported by the next check).
fn stamp(path: &Path) -> Option<(u64, SystemTime)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// Runs `check` now, then again whenever one of `files` changes, forever or — `checks` — until
/// it has run that many times (for tests and scripts). Returns the last check's result.
pub fn watch(
    files: &[PathBuf],
    checks: Option<u32>,
    check: &mut dyn FnMut() -> CliResult,
) -> CliResult {
    let mut stamps: Vec<_> = files.iter().map(|f| stamp(f)).collect();
    let mut result = check();
    report(&result);
    let mut done = 1;
    while checks.is_none_or(|n| done < n) {
        std::thread::sleep(POLL);
        let now: Vec<_> = files.iter().map(|f| stamp(f)).collect();
        if now == stamps {
            continue;
        }
        stamps = now;
        eprintln!("— a file changed: checking again —");
        result = check();
        report(&result);
        done += 1;
    }
    result
}

/// Says how a check ended, since in watch mode the exit code comes only at the end.
fn report(result: &CliResult) {
    match result {
        Ok(()) => eprintln!("watching for changes (Ctrl+C to stop): all files valid"),
        Err(e) => {
            e.print();
            eprintln!("watching for changes (Ctrl+C to stop): fix the file and save it");
        }
    }
}
