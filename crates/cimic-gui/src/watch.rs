//! `cimic play SCENARIO --watch`: the author edits the scenario beside the window and sees each
//! save played. A valid save restarts the game from turn 0 with the same seed, loaded exactly as
//! `cimic play` loads it ([`launch::new_game`]); an invalid one leaves the last valid game
//! playable and shows the file's located diagnostics (the text the CLI prints) in a red banner
//! until a good save replaces it.
//!
//! The file is polled on a timer driven by Bevy's [`Time`] through the shared
//! [`cimic_core::scenario::stamp`] (the answer `cimic validate --watch` uses too). Watching is
//! outside the simulation: a game never sees the clock, and each restarted game is a new game
//! like any other — journaled afresh, its predecessor's journal left as it was.

use super::composer::Composer;
use super::input::FitRequest;
use super::launch;
use super::session::{Session, Tone};
use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy_egui::{EguiContexts, egui};
use cimic_core::scenario::stamp::{FileStamp, POLL, stamp};
use std::path::PathBuf;
use std::time::Duration;

/// What is watched and what the last look found. Present only under `--watch`.
#[derive(Resource, Debug, Clone)]
pub struct Watch {
    /// The scenario file.
    pub path: PathBuf,
    /// The seed every restarted game is played with (the one the first game had).
    pub seed: u64,
    /// How often the file is looked at ([`POLL`]; a test may set zero to look every update).
    pub every: Duration,
    /// The located diagnostics of the last save, while it is invalid; drawn in the banner.
    pub error: Option<String>,
    /// How many times a save restarted the game.
    pub restarts: u32,
    /// The version of the file behind the game shown or the error shown.
    seen: Option<FileStamp>,
    since: Duration,
}

impl Watch {
    /// Watches `path`, taking its version now: call it before loading the file, so that a save
    /// made while the first game loads is seen at the first look.
    pub fn new(path: PathBuf, seed: u64) -> Watch {
        Watch {
            seen: stamp(&path),
            path,
            seed,
            every: POLL,
            error: None,
            restarts: 0,
            since: Duration::ZERO,
        }
    }
}

/// What one look at the file did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Looked {
    /// The file is as last seen, or a turn is being played (looked at again next time).
    Unchanged,
    /// A valid save: a new game from turn 0 replaced the session.
    Restarted,
    /// An invalid save: the error is in [`Watch::error`], the last valid game kept.
    Invalid,
}

/// Adds the watcher's system (the windowed app adds the banner).
pub struct WatchPlugin;

impl Plugin for WatchPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(
            Update,
            poll.run_if(resource_exists::<Watch>)
                .before(super::session::apply_commands),
        );
    }
}

/// Looks at the file every [`Watch::every`] of Bevy time; after a restart, clears the order
/// composer (its unit may be gone), refits the map and retitles the window.
pub fn poll(
    time: Res<Time>,
    mut watch: ResMut<Watch>,
    mut session: ResMut<Session>,
    composer: Option<ResMut<Composer>>,
    fit: Option<ResMut<FitRequest>>,
    mut windows: Query<&mut Window, With<PrimaryWindow>>,
) {
    watch.since += time.delta();
    if watch.since < watch.every {
        return;
    }
    watch.since = Duration::ZERO;
    if look(&mut watch, &mut session) != Looked::Restarted {
        return;
    }
    if let Some(mut composer) = composer {
        *composer = Composer::default();
    }
    if let Some(mut fit) = fit {
        fit.0 = fit.0.max(3);
    }
    for mut window in &mut windows {
        window.title = format!("cimic — {}", session.scenario.meta.title);
    }
}

/// Looks at the file once and acts on a change: restarts the game on a valid save, keeps the
/// last valid game and records the diagnostics on an invalid one. Public so that a test can
/// look without waiting for the timer.
pub fn look(watch: &mut Watch, session: &mut Session) -> Looked {
    let now = stamp(&watch.path);
    // While a turn is played off the frame the game is not in the session: look again later.
    if now == watch.seen || session.busy() {
        return Looked::Unchanged;
    }
    watch.seen = now;
    let name = watch.path.display().to_string();
    match launch::new_game(Some(&watch.path), watch.seed, session.autosave_dir.clone()) {
        Ok(mut fresh) => {
            let mut note = format!("{name} saved: a new game from turn 0 (seed {})", watch.seed);
            match launch::start_journal(&mut fresh) {
                Ok(Some(p)) => note.push_str(&format!("; journal {}", p.display())),
                Ok(None) => {}
                Err(e) => note.push_str(&format!("; not journaled: {e}")),
            }
            if let Some(old) = session.game().and_then(|g| g.journal_path()) {
                note.push_str(&format!(
                    "; the game before stays in {} (continue it with `cimic play --resume`)",
                    old.display()
                ));
            }
            // A higher version than anything shown, so the map redraws the new game.
            fresh.version = session.version + 1;
            fresh.paused = session.paused;
            *session = fresh;
            session.say(Tone::Info, note);
            watch.error = None;
            watch.restarts += 1;
            Looked::Restarted
        }
        Err(e) => {
            watch.error = Some(e.render(false));
            session.say(
                Tone::Refused,
                format!("{name} has problems (see the banner): the last valid game goes on"),
            );
            Looked::Invalid
        }
    }
}

/// What the banner says under the diagnostics.
pub const KEPT: &str = "The last valid game is still running; fix the file and save.";

/// The red banner at the top of the map while the saved file is invalid: the diagnostics as the
/// CLI prints them (file:line:col, message, help), and that the last valid game goes on.
pub fn banner_ui(
    mut contexts: EguiContexts,
    watch: Res<Watch>,
    free: Res<super::input::FreeRect>,
    view: Res<super::mapview::View>,
) -> Result {
    let Some(error) = &watch.error else {
        return Ok(());
    };
    let ctx = contexts.ctx_mut()?.clone();
    // The free rectangle is kept in window pixels; egui's points are those over the UI scale.
    let scale = view.ui_scale.max(0.1);
    let (min, max) = (free.min / scale, free.max / scale);
    let width = (max.x - min.x - 24.0).max(200.0);
    // Long diagnostics scroll rather than cover the map; lines are not wrapped, so the source
    // excerpt keeps its columns under the pointer to the problem.
    let height = ((max.y - min.y) * 0.6).max(120.0);
    let white = egui::Color32::WHITE;
    egui::Area::new(egui::Id::new("watch_banner"))
        .order(egui::Order::Foreground)
        .fixed_pos(egui::pos2(min.x + 12.0, min.y + 12.0))
        .show(&ctx, |ui| {
            egui::Frame::NONE
                .fill(egui::Color32::from_rgb(0xa0, 0x1c, 0x1c))
                .inner_margin(egui::Margin::same(12))
                .corner_radius(6)
                .show(ui, |ui| {
                    ui.set_width(width);
                    egui::ScrollArea::both()
                        .max_height(height)
                        .auto_shrink([false, true])
                        .show(ui, |ui| {
                            let text = egui::RichText::new(error.trim_end())
                                .monospace()
                                .color(white);
                            ui.add(egui::Label::new(text).extend());
                        });
                    ui.label(egui::RichText::new(KEPT).strong().color(white));
                });
        });
    Ok(())
}
