//! `cimic play SCENARIO --watch` (issue 16 item 7) without a window: the same `Session` and
//! watcher systems the windowed app runs, driven by `app.update()`. A valid save restarts the
//! game at turn 0 with the same seed and a new journal (the old journal kept); a broken save
//! shows its located error and leaves the last valid game playable; fixing it restarts again.

#![cfg(feature = "gui")]

mod common;

use bevy::prelude::*;
use cimic_core::record::Record;
use cimic_gui::launch;
use cimic_gui::session::{Mode, Session, SessionPlugin, UiCommand};
use cimic_gui::watch::{KEPT, Looked, Watch, WatchPlugin, look};
use common::{cimic, code, dump, repo, tempdir};
use std::path::{Path, PathBuf};
use std::time::Duration;

const SEED: u64 = 11;

/// A headless app playing a watched, journaled game of `path`, looking at the file every update.
fn app(path: &Path, journals: &Path) -> App {
    let mut watch = Watch::new(path.to_path_buf(), SEED);
    watch.every = Duration::ZERO;
    let mut session = launch::new_game(Some(path), SEED, Some(journals.to_path_buf())).unwrap();
    launch::start_journal(&mut session).unwrap();
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .add_plugins((SessionPlugin, WatchPlugin))
        .insert_resource(session)
        .insert_resource(watch);
    app.update();
    app
}

fn session(app: &App) -> &Session {
    app.world().resource::<Session>()
}

fn watch(app: &App) -> &Watch {
    app.world().resource::<Watch>()
}

fn turn(app: &App) -> Option<u32> {
    session(app).sim().map(|s| s.turn())
}

fn seed(app: &App) -> u64 {
    session(app).record().unwrap().header.seed
}

fn journal(app: &App) -> PathBuf {
    session(app)
        .game()
        .and_then(|g| g.journal_path())
        .expect("the game is journaled")
        .to_path_buf()
}

/// Ends the turn as the End Turn button does and waits for the turn played off the frame.
fn end_turn(app: &mut App) {
    let before = turn(app).expect("a game between turns");
    app.world_mut().write_message(UiCommand::EndTurn);
    for _ in 0..5000 {
        app.update();
        if turn(app) == Some(before + 1) {
            return;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    panic!("turn {} was not played", before + 1);
}

#[test]
fn a_save_restarts_the_game_a_broken_save_is_shown_and_the_last_game_goes_on() {
    let dir = tempdir();
    let path = dir.path().join("mine.ron");
    let journals = dir.path().join("journals");
    let tutorial = std::fs::read_to_string(repo("scenarios/tutorial.ron")).unwrap();
    std::fs::write(&path, &tutorial).unwrap();
    let mut app = app(&path, &journals);
    end_turn(&mut app);
    app.update();
    assert_eq!(turn(&app), Some(1));
    assert_eq!(watch(&app).restarts, 0, "an unchanged file is not reloaded");
    let first_journal = journal(&app);

    // A valid change: the game restarts at turn 0, same seed, with the new title and a new
    // journal; the first game's journal keeps its turn.
    let retitled = tutorial.replacen(
        "title: \"The Bridge at Aldbrook\"",
        "title: \"The Bridge at Aldbrook, watched\"",
        1,
    );
    assert_ne!(retitled, tutorial);
    std::fs::write(&path, &retitled).unwrap();
    app.update();
    assert_eq!(watch(&app).restarts, 1);
    assert_eq!(turn(&app), Some(0));
    assert_eq!(seed(&app), SEED);
    assert_eq!(
        session(&app).scenario.meta.title,
        "The Bridge at Aldbrook, watched"
    );
    assert!(watch(&app).error.is_none());
    assert_ne!(
        journal(&app),
        first_journal,
        "the new game has its own journal"
    );
    let (old, _) = Record::load(&first_journal).expect("the first game's journal is kept");
    assert_eq!(old.turns.len(), 1);
    end_turn(&mut app);
    app.update();
    assert_eq!(turn(&app), Some(1));

    // A broken save (a whole number expected): the error is located and the game goes on.
    let broken = retitled.replacen("turns: 8,", "turns: 8.0,", 1);
    assert_ne!(broken, retitled);
    std::fs::write(&path, &broken).unwrap();
    app.update();
    let error = watch(&app).error.clone().expect("the error is shown");
    let line = broken
        .lines()
        .position(|l| l.contains("turns: 8.0"))
        .unwrap()
        + 1;
    assert!(
        error.contains(&format!("mine.ron:{line}:")),
        "file:line:col of the error: {error}"
    );
    assert_eq!(watch(&app).restarts, 1);
    assert_eq!(
        turn(&app),
        Some(1),
        "the last valid game is kept at its turn"
    );
    assert_eq!(
        session(&app).scenario.meta.title,
        "The Bridge at Aldbrook, watched"
    );
    assert!(!KEPT.is_empty());
    end_turn(&mut app);
    assert_eq!(turn(&app), Some(2), "and still playable");
    app.update();
    assert!(watch(&app).error.is_some(), "the error stays until a save");

    // Fixed: the error goes, the game restarts from the fixed file.
    let fixed = retitled.replacen("watched\"", "fixed\"", 1);
    std::fs::write(&path, &fixed).unwrap();
    app.update();
    assert!(watch(&app).error.is_none());
    assert_eq!(watch(&app).restarts, 2);
    assert_eq!(turn(&app), Some(0));
    assert_eq!(seed(&app), SEED);
    assert_eq!(
        session(&app).scenario.meta.title,
        "The Bridge at Aldbrook, fixed"
    );
}

#[test]
fn a_save_during_a_turn_waits_for_the_turn_and_an_unchanged_file_is_left_alone() {
    let dir = tempdir();
    let path = dir.path().join("mine.ron");
    let tutorial = std::fs::read_to_string(repo("scenarios/tutorial.ron")).unwrap();
    std::fs::write(&path, &tutorial).unwrap();
    let mut watch = Watch::new(path.clone(), SEED);
    let mut session = launch::new_game(Some(&path), SEED, None).unwrap();
    assert_eq!(look(&mut watch, &mut session), Looked::Unchanged);
    std::fs::write(
        &path,
        tutorial.replacen(
            "title: \"The Bridge at Aldbrook\"",
            "title: \"The Bridge at Aldbrook II\"",
            1,
        ),
    )
    .unwrap();
    // A turn being played off the frame: the game is not in the session, the save waits.
    let Mode::Play { game } = &mut session.mode else {
        panic!("a live game")
    };
    let playing = game.take();
    assert!(session.busy());
    assert_eq!(look(&mut watch, &mut session), Looked::Unchanged);
    session.mode = Mode::Play { game: playing };
    assert_eq!(look(&mut watch, &mut session), Looked::Restarted);
    assert_eq!(session.scenario.meta.title, "The Bridge at Aldbrook II");
    assert_eq!(look(&mut watch, &mut session), Looked::Unchanged);
}

#[test]
fn watch_needs_a_scenario_file_and_a_new_game() {
    for args in [
        vec!["play", "--watch"],
        vec!["play", "--watch", "--resume", "some.journal"],
        vec!["play", "--watch", "--replay", "some.record"],
    ] {
        let out = cimic(&args);
        assert_eq!(code(&out), 2, "{args:?}: {}", dump(&out));
        assert!(
            common::stderr(&out).contains("--watch"),
            "{args:?}: {}",
            dump(&out)
        );
    }
}
