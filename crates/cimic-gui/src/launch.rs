//! What `cimic play` starts with, loaded and checked before any window opens, so a bad scenario,
//! journal or record prints the same clear error as the CLI and exits non-zero.

use super::session::{Session, autosave};
use cimic_core::record::Record;
use cimic_core::record::Source;
use cimic_core::record::game::Game;
use cimic_core::scenario::diag::{FileError, Problem};
use std::path::{Path, PathBuf};

/// The tutorial, built in so that `cimic` with no arguments works from any folder.
pub const TUTORIAL: &str = include_str!("../../../scenarios/tutorial.ron");
/// The name the built-in tutorial is recorded under.
pub const TUTORIAL_NAME: &str = "scenarios/tutorial.ron";

/// What to open.
#[derive(Debug, Clone)]
pub enum Start {
    /// A new game of a scenario file (`None`: the built-in tutorial).
    New {
        scenario: Option<PathBuf>,
        seed: u64,
    },
    /// Continue a journal.
    Resume(PathBuf),
    /// Review a record (or finished journal).
    Replay(PathBuf),
}

/// Folder where new games write their journals.
pub const JOURNAL_DIR: &str = "journals";

/// Loads what `start` names. With `autosave`, forks write their journals to [`JOURNAL_DIR`];
/// a new game starts its journal with [`start_journal`], once the window can open.
pub fn prepare(start: &Start, autosave_on: bool) -> Result<Session, FileError> {
    let dir = autosave_on.then(|| PathBuf::from(JOURNAL_DIR));
    let whole = |name: &str, m: String| FileError::whole(name, Problem::at("", m));
    match start {
        Start::New { scenario, seed } => new_game(scenario.as_deref(), *seed, dir),
        Start::Resume(path) => {
            let name = path.display().to_string();
            let (game, torn) = Game::resume(path, &mut |_| {})?;
            if let Some(t) = torn {
                eprintln!(
                    "warning: {name}: dropped {t} (a write torn by a crash); every complete turn is kept"
                );
            }
            eprintln!(
                "resuming {} after turn {} (seed {}); journal: {name}",
                game.record().header.scenario_name,
                game.sim().turn(),
                game.record().header.seed
            );
            Session::play(game, dir).map_err(|m| whole(&name, m))
        }
        Start::Replay(path) => review(path, dir),
    }
}

/// A new game of a scenario file (`None`: the built-in tutorial), not yet journaled: what
/// `cimic play` starts and what `--watch` restarts after a save ([`crate::watch`]), loaded one
/// way so both report a file's problems alike. `dir`: where its journal and forks go.
pub fn new_game(
    scenario: Option<&Path>,
    seed: u64,
    dir: Option<PathBuf>,
) -> Result<Session, FileError> {
    let (name, text) = match scenario {
        Some(p) => (
            p.display().to_string(),
            cimic_core::scenario::load::read_text(p)?,
        ),
        None => (TUTORIAL_NAME.to_string(), TUTORIAL.to_string()),
    };
    let game = Game::new(&name, &text, seed, Source::Manual)?;
    Session::play(game, dir).map_err(|m| FileError::whole(&name, Problem::at("", m)))
}

fn review(path: &Path, dir: Option<PathBuf>) -> Result<Session, FileError> {
    let name = path.display().to_string();
    let (record, torn) = Record::load(path)?;
    if let Some(t) = torn {
        eprintln!("warning: {name}: dropped {t}");
    }
    Session::review(record, &name, dir).map_err(|m| {
        FileError::whole(
            &name,
            Problem::at("", format!("cannot replay: {m}")).hint(
                "the record does not replay on this engine; it was made by another build or edited",
            ),
        )
    })
}

/// Journals a new game (not yet journaled) to a fresh file in the session's autosave folder and
/// says where on stderr; returns the new journal's path. A resumed game already appends to its
/// journal.
pub fn start_journal(session: &mut Session) -> Result<Option<PathBuf>, String> {
    let Some(dir) = session.autosave_dir.clone() else {
        return Ok(None);
    };
    let super::session::Mode::Play { game: Some(game) } = &mut session.mode else {
        return Ok(None);
    };
    if game.journal_path().is_some() {
        return Ok(None);
    }
    let path = autosave(game, &dir)?;
    eprintln!(
        "journal: {} (continue later with `cimic play --resume {}`)",
        path.display(),
        path.display()
    );
    Ok(Some(path))
}

/// Why no window can open here, if it cannot: the GUI is built for X11 and needs `DISPLAY`.
pub fn no_display() -> Option<String> {
    match std::env::var_os("DISPLAY") {
        Some(d) if !d.is_empty() => None,
        _ => Some(
            "no display: the GUI opens X11 windows and DISPLAY is not set\n  hint: on a machine without a screen run it under `xvfb-run`, or play headless with `cimic run`".into(),
        ),
    }
}
