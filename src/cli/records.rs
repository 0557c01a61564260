//! `cimic replay`: re-run a record's inputs and check every turn's state hash.

use cimic_core::record::Record;
use cimic_core::record::replay::{ReplayError, verify};
use std::path::Path;
use std::process::ExitCode;

/// Loads a record, saying what was dropped if its last write was torn.
pub fn load(path: &Path) -> Result<Record, ExitCode> {
    match Record::load(path) {
        Ok((record, torn)) => {
            if let Some(t) = torn {
                eprintln!(
                    "warning: {}: dropped {t} (a write torn by a crash)",
                    path.display()
                );
            }
            Ok(record)
        }
        Err(e) => {
            super::print_error(&e);
            Err(ExitCode::from(1))
        }
    }
}

/// `cimic replay RECORD --verify`.
pub fn replay(path: &Path) -> ExitCode {
    let record = match load(path) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let h = &record.header;
    println!(
        "{}: {} (seed {}), {} turns recorded, engine {}",
        path.display(),
        h.scenario_name,
        h.seed,
        record.turns.len(),
        h.engine
    );
    match verify(&record) {
        Ok(sim) => {
            println!(
                "verified: every turn replays to its recorded state hash (final {})",
                sim.state_hash()
            );
            ExitCode::SUCCESS
        }
        Err(e @ ReplayError::Desync(_)) | Err(e @ ReplayError::Input { .. }) => {
            eprintln!("error: {}: replay diverges at {e}", path.display());
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("error: {}: {e}", path.display());
            ExitCode::from(1)
        }
    }
}
