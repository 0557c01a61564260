//! `cimic replay`: re-run a record's inputs and check every turn's state hash.

use super::error::{CliError, CliResult};
use cimic_core::record::Record;
use cimic_core::record::replay::{ReplayError, verify};
use std::path::Path;

/// Loads a record, saying what was dropped if its last write was torn.
pub fn load(path: &Path) -> CliResult<Record> {
    let (record, torn) = Record::load(path)?;
    if let Some(t) = torn {
        eprintln!(
            "warning: {}: dropped {t} (a write torn by a crash)",
            path.display()
        );
    }
    Ok(record)
}

/// A record that does not replay on this build: where it parts and what to do.
pub fn replay_failed(path: &Path, e: &ReplayError) -> CliError {
    CliError::invalid(format!("the record does not replay: {e}"))
        .at(path.display())
        .hint(format!(
            "it was made by another build of the engine or edited; `cimic replay {} --verify` says more",
            path.display()
        ))
}

/// `cimic replay RECORD --verify`. A damaged or unfinished last frame fails the verification:
/// the turns before it are checked and reported, but the file is not the whole game it claims.
pub fn replay(path: &Path) -> CliResult {
    let (record, torn) = Record::load(path)?;
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
        Ok(sim) => match torn {
            None => {
                println!(
                    "verified: every turn replays to its recorded state hash (final {})",
                    sim.state_hash()
                );
                Ok(())
            }
            Some(t) => Err(CliError::invalid(format!(
                "not verified: the {} complete turns replay to their hashes, but the file ends in {t}",
                record.turns.len()
            ))
            .at(path.display())
            .hint("a journal torn by a crash can be resumed with `cimic play --resume`; a finished game's record should be whole")),
        },
        Err(e @ (ReplayError::Desync(_) | ReplayError::Input { .. })) => {
            Err(CliError::invalid(format!("replay diverges at {e}")).at(path.display()))
        }
        Err(e) => Err(CliError::invalid(e.to_string()).at(path.display())),
    }
}
