//! The facilitator console: a second window for the white cell, never shown on the projector.
//! It shows the true state beside the force's picture and gives injects, overrides, notes,
//! bookmarks and pause. Every game action goes out as `UiCommand::Facilitate`, i.e. through
//! `Game::facilitate`, so it is journaled and replayed like an order.

use super::mapview::View;
use super::reports;
use super::session::{Session, Tone, UiCommand};
use bevy::camera::RenderTarget;
use bevy::camera::visibility::RenderLayers;
use bevy::ecs::schedule::ScheduleLabel;
use bevy::prelude::*;
use bevy::window::{WindowRef, WindowResolution};
use bevy_egui::{EguiContext, EguiSchedule, PrimaryEguiContext, egui};
use cimic_core::scenario::format::Sector;
use cimic_core::sim::facilitator::{FacilitatorAction, Field};

/// The egui pass of the facilitator window.
#[derive(ScheduleLabel, Clone, Debug, PartialEq, Eq, Hash)]
pub struct FacilitatorPass;

/// Marks the facilitator window and its camera.
#[derive(Component)]
pub struct FacilitatorWindow;

/// Size of the facilitator window, in logical pixels.
pub const SIZE: (u32, u32) = (1280, 800);

/// The console's form fields (not game state).
#[derive(Resource, Debug, Default)]
pub struct Form {
    /// Turn each event would be scheduled for, by event index.
    pub schedule_turn: Vec<u32>,
    pub entity: String,
    pub field: Option<Field>,
    pub value: f32,
    pub rationale: String,
    pub note: String,
}

/// Opens or closes the facilitator window to follow `View::facilitator`; notices when the
/// window was closed by hand.
pub fn sync_window(
    mut commands: Commands,
    mut view: ResMut<View>,
    windows: Query<Entity, (With<Window>, With<FacilitatorWindow>)>,
    cameras: Query<Entity, (With<Camera>, With<FacilitatorWindow>)>,
    mut was_open: Local<bool>,
) {
    let open = !windows.is_empty();
    if *was_open && !open {
        // Closed with the window's own button.
        view.facilitator = false;
        for c in &cameras {
            commands.entity(c).despawn();
        }
    }
    *was_open = open;
    if view.facilitator && !open {
        let window = commands
            .spawn((
                FacilitatorWindow,
                Window {
                    title: "cimic — facilitator console (not for the projector)".into(),
                    resolution: WindowResolution::new(SIZE.0, SIZE.1),
                    ..default()
                },
            ))
            .id();
        commands.spawn((
            FacilitatorWindow,
            Camera2d,
            Camera {
                order: 10,
                ..default()
            },
            RenderTarget::Window(WindowRef::Entity(window)),
            RenderLayers::layer(7),
            EguiSchedule::new(FacilitatorPass),
        ));
        *was_open = true;
    } else if !view.facilitator && open {
        for w in &windows {
            commands.entity(w).despawn();
        }
        for c in &cameras {
            commands.entity(c).despawn();
        }
        *was_open = false;
    }
}

/// The console's UI, drawn in the facilitator window's egui context.
pub fn console_ui(
    mut ctx: Query<&mut EguiContext, (With<FacilitatorWindow>, Without<PrimaryEguiContext>)>,
    session: Res<Session>,
    mut form: ResMut<Form>,
    mut view: ResMut<View>,
    mut writer: MessageWriter<UiCommand>,
    mut styled: Local<bool>,
) {
    let Ok(mut ctx) = ctx.single_mut() else {
        *styled = false;
        return;
    };
    let ctx = ctx.get_mut().clone();
    if !*styled {
        super::panels::style(&ctx, 1.1);
        *styled = true;
    }
    let mut out = Vec::new();
    let mut root = super::panels::root_ui(&ctx, "facilitator");
    egui::CentralPanel::default().show(&mut root, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            console(ui, &session, &mut form, &mut view, &mut out);
        });
    });
    for c in out {
        writer.write(c);
    }
}

fn console(
    ui: &mut egui::Ui,
    session: &Session,
    form: &mut Form,
    view: &mut View,
    out: &mut Vec<UiCommand>,
) {
    let Some(sim) = session.sim() else {
        ui.heading("Playing the turn…");
        return;
    };
    ui.horizontal(|ui| {
        ui.heading(format!(
            "FACILITATOR — turn {} / {}",
            sim.turn(),
            sim.turns()
        ));
        if !session.reviewing() {
            let label = if session.paused {
                "▶ Resume exercise (P)"
            } else {
                "⏸ Pause exercise (P)"
            };
            if ui.button(label).clicked() {
                out.push(UiCommand::SetPaused(!session.paused));
            }
        }
        ui.checkbox(&mut view.truth, "Projector map shows the truth (T)");
    });
    egui::CollapsingHeader::new("True state vs the force's picture")
        .default_open(true)
        .show(ui, |ui| reports::truth_vs_picture_ui(ui, sim));
    if session.reviewing() {
        ui.label("After-action review: the record is read only. Fork (F5) to play on.");
        return;
    }
    egui::CollapsingHeader::new("Injects")
        .default_open(true)
        .show(ui, |ui| injects(ui, session, form, out));
    egui::CollapsingHeader::new("Override a value")
        .default_open(true)
        .show(ui, |ui| override_form(ui, session, form, out));
    egui::CollapsingHeader::new("Notes and bookmarks")
        .default_open(true)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.text_edit_singleline(&mut form.note);
                let text = form.note.trim().to_string();
                if ui.button("Annotate turn").clicked() {
                    out.push(UiCommand::Facilitate(FacilitatorAction::Annotate {
                        text: text.clone(),
                    }));
                    form.note.clear();
                }
                if ui.button("Bookmark (B)").clicked() {
                    let label = if text.is_empty() {
                        format!("Bookmark after turn {}", sim.turn())
                    } else {
                        text
                    };
                    out.push(UiCommand::Facilitate(FacilitatorAction::Bookmark { label }));
                    form.note.clear();
                }
            });
            for (t, a) in sim.annotations() {
                ui.label(format!("after turn {t}: {a:?}"));
            }
        });
    if let Some(g) = session.game() {
        ui.separator();
        ui.label(egui::RichText::new("Queued for the next turn").strong());
        for a in &g.pending().facilitator {
            ui.label(format!("{a:?}"));
        }
        if let Some(path) = g.journal_path() {
            ui.label(format!("Journal: {}", path.display()));
        }
    }
    for (tone, text) in session.feedback.iter().rev().take(3) {
        if *tone != Tone::Info {
            ui.colored_label(egui::Color32::from_rgb(0xff, 0x8c, 0x42), text);
        }
    }
}

fn injects(ui: &mut egui::Ui, session: &Session, form: &mut Form, out: &mut Vec<UiCommand>) {
    let Some(sim) = session.sim() else { return };
    let events = &session.scenario.events;
    form.schedule_turn.resize(events.len(), sim.turn() + 2);
    egui::Grid::new("injects").striped(true).show(ui, |ui| {
        for (i, e) in events.iter().enumerate() {
            ui.label(format!("{} — {}", e.id, e.title));
            if ui.button("Trigger now").clicked() {
                out.push(UiCommand::Facilitate(FacilitatorAction::TriggerEvent {
                    event: e.id.clone(),
                }));
            }
            let lo = sim.turn() + 1;
            let t = &mut form.schedule_turn[i];
            *t = (*t).clamp(lo, sim.turns().max(lo));
            ui.add(
                egui::DragValue::new(t)
                    .range(lo..=sim.turns().max(lo))
                    .prefix("turn "),
            );
            if ui.button("Schedule").clicked() {
                out.push(UiCommand::Facilitate(FacilitatorAction::ScheduleEvent {
                    event: e.id.clone(),
                    turn: *t,
                }));
            }
            ui.end_row();
        }
    });
}

/// The fields a kind of entity has, with their ranges.
fn fields_of(session: &Session, entity: &str) -> (Vec<Field>, f32) {
    let Some(sim) = session.sim() else {
        return (Vec::new(), 1.0);
    };
    if sim.units().iter().any(|u| u.id == entity) {
        (vec![Field::Strength, Field::Supplies], 100.0)
    } else if sim.infrastructure().iter().any(|s| s.id == entity) {
        (vec![Field::Condition], 1.0)
    } else if sim.actors().iter().any(|a| a.id == entity) {
        (vec![Field::Trust, Field::Acceptance], 1.0)
    } else if sim.groups().iter().any(|g| g.id == entity) {
        let mut v: Vec<Field> = Sector::ALL.iter().map(|&s| Field::Need(s)).collect();
        v.extend([Field::Consent, Field::Legitimacy]);
        (v, 1.0)
    } else {
        (Vec::new(), 1.0)
    }
}

fn override_form(ui: &mut egui::Ui, session: &Session, form: &mut Form, out: &mut Vec<UiCommand>) {
    let Some(sim) = session.sim() else { return };
    let mut ids: Vec<String> = sim.units().into_iter().map(|u| u.id).collect();
    ids.extend(sim.infrastructure().into_iter().map(|s| s.id));
    ids.extend(sim.actors().into_iter().map(|a| a.id));
    ids.extend(
        sim.groups()
            .into_iter()
            .map(|g| g.id)
            .filter(|g| !g.starts_with("idp:")),
    );
    egui::ComboBox::from_label("entity")
        .selected_text(form.entity.clone())
        .show_ui(ui, |ui| {
            for id in ids {
                ui.selectable_value(&mut form.entity, id.clone(), id);
            }
        });
    if form.entity.is_empty()
        && let Some(u) = sim.units().first()
    {
        form.entity = u.id.clone();
    }
    let (fields, max) = fields_of(session, &form.entity);
    if form.field.is_none_or(|f| !fields.contains(&f)) {
        form.field = fields.first().copied();
    }
    egui::ComboBox::from_label("field")
        .selected_text(form.field.map_or(String::new(), |f| format!("{f:?}")))
        .show_ui(ui, |ui| {
            for f in &fields {
                ui.selectable_value(&mut form.field, Some(*f), format!("{f:?}"));
            }
        });
    ui.add(egui::Slider::new(&mut form.value, 0.0..=max).text("value"));
    ui.label("Rationale (required; shown in the after-action review):");
    ui.text_edit_multiline(&mut form.rationale);
    if let Some(field) = form.field
        && ui.button("Override at the start of next turn").clicked()
    {
        out.push(UiCommand::Facilitate(FacilitatorAction::Override {
            entity: form.entity.clone(),
            field,
            value: form.value,
            rationale: form.rationale.trim().to_string(),
        }));
        form.rationale.clear();
    }
}
