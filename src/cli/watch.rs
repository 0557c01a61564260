//! `--watch`: check again each time a watched file is saved, so an author can keep a terminal
//! open beside the editor. Whether a file changed is [`cimic_core::scenario::stamp`]'s answer
//! (polled, shared with `cimic play --watch`); a save is seen within [`POLL`].

use super::error::CliResult;
use cimic_core::scenario::stamp::{POLL, stamp};
use std::path::PathBuf;

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
