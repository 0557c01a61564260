//! After-action review of a record: a timeline with play/pause, step back and forward, jump to a
//! turn or a bookmark, and fork into a new game. Every step replays the record from the start to
//! the turn shown (src/record/replay.rs: fast enough that no snapshots are kept).

use super::session::{Mode, Session, UiCommand};
use bevy::prelude::*;
use bevy_egui::egui;
use cimic_core::record::replay;
use cimic_core::sim::facilitator::FacilitatorAction;
use cimic_core::sim::scoring::ledger::Metric;

/// Playback state and what the whole record holds (scores per turn, bookmarks and notes).
#[derive(Resource, Debug, Default)]
pub struct Playback {
    pub playing: bool,
    /// Seconds per turn while playing.
    pub speed: f32,
    since: f32,
    /// Effectiveness, efficiency, civil harm after each turn 0..=N of the whole record.
    pub timeline: Vec<[f64; 3]>,
    /// (turn, text) of every bookmark and note in the record.
    pub marks: Vec<(u32, String)>,
    pub loaded: bool,
}

/// Fills the timeline from the whole record once (replays it to the end).
pub fn load_timeline(session: Res<Session>, mut playback: ResMut<Playback>) {
    if playback.loaded {
        return;
    }
    playback.loaded = true;
    playback.speed = 1.0;
    let Mode::Review { record, .. } = &session.mode else {
        return;
    };
    let Ok(sim) = replay::verify(record) else {
        return;
    };
    let ledger = sim.ledger();
    playback.timeline = (0..=sim.turn())
        .map(|t| {
            [
                ledger.total(Metric::Effectiveness, t),
                ledger.total(Metric::Efficiency, t),
                ledger.total(Metric::CivilHarm, t),
            ]
        })
        .collect();
    playback.marks = sim
        .annotations()
        .into_iter()
        .map(|(t, a)| match a {
            FacilitatorAction::Bookmark { label } => (t, format!("★ {label}")),
            FacilitatorAction::Annotate { text } => (t, format!("✎ {text}")),
            other => (t, format!("{other:?}")),
        })
        .collect();
}

/// The turn shown and the last turn of the record.
pub fn position(session: &Session) -> Option<(u32, u32)> {
    match &session.mode {
        Mode::Review { record, turn, .. } => Some((*turn, record.turns.len() as u32)),
        Mode::Play { .. } => None,
    }
}

/// Advances playback while playing.
pub fn tick(
    time: Res<Time>,
    session: Res<Session>,
    mut playback: ResMut<Playback>,
    mut out: MessageWriter<UiCommand>,
) {
    let Some((turn, last)) = position(&session) else {
        return;
    };
    if !playback.playing {
        return;
    }
    playback.since += time.delta_secs();
    if playback.since >= playback.speed {
        playback.since = 0.0;
        if turn >= last {
            playback.playing = false;
        } else {
            out.write(UiCommand::Seek(turn + 1));
        }
    }
}

/// Review shortcuts: ←/→ step, Space play/pause, Home/End first/last, F5 fork.
pub fn review_keys(
    keys: &ButtonInput<KeyCode>,
    session: &Session,
    playback: &mut Playback,
    out: &mut MessageWriter<UiCommand>,
) {
    let Some((turn, last)) = position(session) else {
        return;
    };
    if keys.just_pressed(KeyCode::ArrowLeft) {
        out.write(UiCommand::Seek(turn.saturating_sub(1)));
    }
    if keys.just_pressed(KeyCode::ArrowRight) {
        out.write(UiCommand::Seek((turn + 1).min(last)));
    }
    if keys.just_pressed(KeyCode::Home) {
        out.write(UiCommand::Seek(0));
    }
    if keys.just_pressed(KeyCode::End) {
        out.write(UiCommand::Seek(last));
    }
    if keys.just_pressed(KeyCode::Space) {
        playback.playing = !playback.playing;
    }
    if keys.just_pressed(KeyCode::F5) {
        out.write(UiCommand::Fork);
    }
}

/// The timeline bar at the bottom of the projector window.
pub fn timeline_ui(
    ui: &mut egui::Ui,
    session: &Session,
    playback: &mut Playback,
    out: &mut Vec<UiCommand>,
) {
    let Some((turn, last)) = position(session) else {
        return;
    };
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new("AFTER-ACTION REVIEW").strong());
        if ui.button("⏮").on_hover_text("First turn (Home)").clicked() {
            out.push(UiCommand::Seek(0));
        }
        if ui.button("◀").on_hover_text("Step back (←)").clicked() {
            out.push(UiCommand::Seek(turn.saturating_sub(1)));
        }
        let play = if playback.playing {
            "⏸ Pause"
        } else {
            "▶ Play"
        };
        if ui.button(play).on_hover_text("Space").clicked() {
            playback.playing = !playback.playing;
        }
        if ui.button("▶|").on_hover_text("Step forward (→)").clicked() {
            out.push(UiCommand::Seek((turn + 1).min(last)));
        }
        if ui.button("⏭").on_hover_text("Last turn (End)").clicked() {
            out.push(UiCommand::Seek(last));
        }
        let mut t = turn;
        let slider = ui.add(egui::Slider::new(&mut t, 0..=last).text("turn"));
        if slider.changed() {
            out.push(UiCommand::Seek(t));
        }
        ui.add(egui::Slider::new(&mut playback.speed, 0.2..=3.0).text("s per turn"));
        if ui
            .button("Fork from here")
            .on_hover_text("Continue from this turn as a new, journaled game (F5)")
            .clicked()
        {
            out.push(UiCommand::Fork);
        }
    });
    if !playback.marks.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.label("Bookmarks and notes:");
            for (t, text) in &playback.marks {
                if ui
                    .selectable_label(*t == turn, format!("T{t} {text}"))
                    .clicked()
                {
                    out.push(UiCommand::Seek(*t));
                }
            }
        });
    }
}
