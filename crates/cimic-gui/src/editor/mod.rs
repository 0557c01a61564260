//! `cimic edit`: the map editor's window. All of it is one egui UI over an
//! [`EditorState`] — the core's [`Editor`] (edits, undo, validation, saving) plus what the
//! window adds (tool, brush, selection, view) — so the same function runs in the window and, in
//! tests, in a bare `egui::Context` fed with synthetic clicks (tests/gui_editor.rs). It shares
//! nothing with the game's map drawing: the editor draws the scenario as written, not a running
//! simulation.

pub mod canvas;
pub mod panel;

use bevy::prelude::*;
use bevy::window::WindowResolution;
use bevy_egui::{
    EguiContexts, EguiGlobalSettings, EguiPlugin, EguiPrimaryContextPass, PrimaryEguiContext, egui,
};
use cimic_core::scenario::edit::{EditOp, Editor, EntityKind};
use cimic_core::scenario::format::{HexPos, Terrain};
use std::path::PathBuf;
use std::process::ExitCode;

/// What a click or drag on the map does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// Click an entity to select it, drag it to move it; drag empty ground to pan.
    Select,
    /// Paint the ground with a terrain.
    Terrain(Terrain),
    /// Paint district membership (right button: take hexes out of every district).
    District,
    /// Paint a river (right button: erase).
    River,
    /// Extend a road hex by hex (right button: cut it).
    Road,
    /// Place a unit, site or actor of the chosen sub-type.
    Place(EntityKind),
    /// Click an entity to delete it.
    Delete,
}

/// Where the map is on screen: hex size in pixels and the offset of the map's origin.
#[derive(Debug, Clone, Copy)]
pub struct MapView {
    /// Centre-to-corner size of a hex, in points.
    pub zoom: f32,
    /// Screen position of the world origin (hex (0, 0)'s centre).
    pub origin: egui::Pos2,
    /// The canvas area of the last frame.
    pub canvas: egui::Rect,
    /// Fit the map to the canvas on the next frame.
    pub fit: bool,
}

impl Default for MapView {
    fn default() -> Self {
        MapView {
            zoom: 24.0,
            origin: egui::pos2(0.0, 0.0),
            canvas: egui::Rect::NOTHING,
            fit: true,
        }
    }
}

/// A press on the map being dragged: painting (each new hex joins one undo step) or moving.
#[derive(Debug, Clone, PartialEq)]
pub enum Stroke {
    Paint { last: HexPos, erase: bool },
    Move { kind: EntityKind, id: String },
    Pan,
}

/// Everything the editor window holds.
#[derive(Resource)]
pub struct EditorState {
    pub editor: Editor,
    /// Where Save writes.
    pub path: PathBuf,
    pub tool: Tool,
    /// Brush radius in hexes (0: one hex).
    pub brush: u32,
    /// The district the District tool paints.
    pub district: Option<String>,
    /// The river and road the tools paint.
    pub river: String,
    pub road: String,
    /// Sub-type placed by the Place tool, per kind.
    pub unit_kind: String,
    pub site_kind: String,
    pub actor_kind: String,
    /// The entity shown in the side panel.
    pub selected: Option<(EntityKind, String)>,
    /// Field values being typed, and the parser's refusal of the last value tried, per field.
    pub drafts: std::collections::BTreeMap<String, String>,
    pub field_errors: std::collections::BTreeMap<String, String>,
    /// Id typed for a new district.
    pub new_district: String,
    /// The last thing done, for the status line.
    pub status: String,
    pub view: MapView,
    pub stroke: Option<Stroke>,
    /// The window was asked to close with unsaved edits: the dialog asks what to do.
    pub confirm_close: bool,
    /// Close now (set by the dialog, or by a close request with nothing unsaved).
    pub close_now: bool,
}

impl EditorState {
    /// An editor window's state over an open scenario that saves to `path`.
    pub fn new(editor: Editor, path: PathBuf) -> EditorState {
        let district = editor
            .scenario()
            .map
            .districts
            .first()
            .map(|d| d.id.clone());
        let river = editor
            .scenario()
            .map
            .rivers
            .first()
            .map_or("river".to_string(), |r| r.id.clone());
        let road = editor
            .scenario()
            .map
            .roads
            .first()
            .map_or("road".to_string(), |r| r.id.clone());
        EditorState {
            editor,
            path,
            tool: Tool::Select,
            brush: 0,
            district,
            river,
            road,
            unit_kind: "Infantry".into(),
            site_kind: "Clinic".into(),
            actor_kind: "Ngo".into(),
            selected: None,
            drafts: Default::default(),
            field_errors: Default::default(),
            new_district: String::new(),
            status: "Ctrl+Z undo, Ctrl+Y redo, Ctrl+S save (docs/gui.md, Edit mode)".into(),
            view: MapView::default(),
            stroke: None,
            confirm_close: false,
            close_now: false,
        }
    }

    /// Applies an op as a new undo step (or, `continuing`, as part of the last), reporting a
    /// refusal on the status line; true when it was applied.
    pub fn apply(&mut self, op: &EditOp, continuing: bool) -> bool {
        let done = if continuing {
            self.editor.apply_continuing(op)
        } else {
            self.editor.apply(op)
        };
        let applied = done.is_ok();
        if let Err(why) = done {
            self.status = why;
        }
        self.forget_stale_selection();
        applied
    }

    /// Takes back the last step.
    pub fn undo(&mut self) {
        self.status = if self.editor.undo() {
            "undone".into()
        } else {
            "nothing to undo".into()
        };
        self.forget_stale_selection();
    }

    /// Does again the last step undone.
    pub fn redo(&mut self) {
        self.status = if self.editor.redo() {
            "redone".into()
        } else {
            "nothing to redo".into()
        };
        self.forget_stale_selection();
    }

    /// Saves to [`EditorState::path`] and says how it went.
    pub fn save(&mut self) {
        self.status = match self.editor.save(&self.path) {
            Ok(saved) => {
                let how = if saved.spliced {
                    "edited sections rewritten"
                } else {
                    "whole file written"
                };
                let bak = saved
                    .backup
                    .map(|b| format!(", old file kept as {}", b.display()))
                    .unwrap_or_default();
                let problems = match saved.problems.len() {
                    0 => String::new(),
                    n => format!("; {n} problems: it will not load until they are fixed"),
                };
                format!("saved {} ({how}{bak}){problems}", self.path.display())
            }
            Err(e) => e,
        };
    }

    /// The window's close button: closes at once when everything is saved, else asks first.
    pub fn request_close(&mut self) {
        if self.editor.is_dirty() {
            self.confirm_close = true;
        } else {
            self.close_now = true;
        }
    }

    /// Drops the selection when its entity no longer exists (deleted, undone).
    fn forget_stale_selection(&mut self) {
        if let Some((kind, id)) = &self.selected
            && kind.index_of(self.editor.scenario(), id).is_none()
        {
            self.selected = None;
        }
        self.drafts.clear();
        self.field_errors.clear();
    }

    /// Selects an entity for the side panel.
    pub fn select(&mut self, pick: Option<(EntityKind, String)>) {
        if self.selected != pick {
            self.selected = pick;
            self.drafts.clear();
            self.field_errors.clear();
        }
    }
}

/// The whole editor for one frame: shortcuts, the tool palette, the field panel and the map.
pub fn editor_ui(ui: &mut egui::Ui, state: &mut EditorState) {
    shortcuts(ui.ctx(), state);
    egui::Panel::left("edit_tools")
        .exact_size(250.0)
        .resizable(false)
        .show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| panel::tools(ui, state));
        });
    egui::Panel::right("edit_fields")
        .default_size(340.0)
        .resizable(true)
        .show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| panel::fields(ui, state));
        });
    egui::Panel::bottom("edit_status").show(ui, |ui| {
        ui.label(&state.status);
    });
    egui::CentralPanel::default()
        .frame(egui::Frame::NONE.fill(egui::Color32::from_rgb(0x1e, 0x20, 0x26)))
        .show(ui, |ui| canvas::map(ui, state));
    if state.confirm_close {
        confirm_close(ui.ctx(), state);
    }
}

/// Unsaved edits when the window is closed: save and close, close without saving, or stay.
fn confirm_close(ctx: &egui::Context, state: &mut EditorState) {
    egui::Window::new("Unsaved edits")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
        .show(ctx, |ui| {
            ui.label(format!(
                "{} has edits that are not saved.",
                state.path.display()
            ));
            ui.horizontal(|ui| {
                if ui.button("Save and close").clicked() {
                    state.save();
                    state.close_now = !state.editor.is_dirty();
                    state.confirm_close = false;
                }
                if ui.button("Close without saving").clicked() {
                    state.close_now = true;
                }
                if ui.button("Cancel").clicked() {
                    state.confirm_close = false;
                }
            });
        });
}

/// Ctrl+Z, Ctrl+Y (or Ctrl+Shift+Z), Ctrl+S, Delete, `[` and `]` for the brush, F to fit,
/// Escape to drop the selection. Typing in a field keeps its keys.
fn shortcuts(ctx: &egui::Context, state: &mut EditorState) {
    use egui::{Key, Modifiers};
    let typing = ctx.egui_wants_keyboard_input();
    let (undo, redo, save) = ctx.input_mut(|i| {
        let redo = i.consume_key(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z)
            || i.consume_key(Modifiers::COMMAND, Key::Y);
        (
            i.consume_key(Modifiers::COMMAND, Key::Z),
            redo,
            i.consume_key(Modifiers::COMMAND, Key::S),
        )
    });
    if save {
        state.save();
    }
    if typing {
        return;
    }
    if undo {
        state.undo();
    }
    if redo {
        state.redo();
    }
    let (delete, grow, shrink, fit, escape) = ctx.input(|i| {
        (
            i.key_pressed(Key::Delete),
            i.key_pressed(Key::CloseBracket),
            i.key_pressed(Key::OpenBracket),
            i.key_pressed(Key::F),
            i.key_pressed(Key::Escape),
        )
    });
    if delete && let Some((kind, id)) = state.selected.clone() {
        state.apply(&EditOp::Delete { kind, id }, false);
    }
    if grow {
        state.brush = (state.brush + 1).min(panel::MAX_BRUSH);
    }
    if shrink {
        state.brush = state.brush.saturating_sub(1);
    }
    if fit {
        state.view.fit = true;
    }
    if escape {
        state.select(None);
    }
}

/// The Bevy system that draws the editor in the window each frame.
fn editor_system(mut contexts: EguiContexts, mut state: ResMut<EditorState>) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let mut root = super::panels::root_ui(&ctx, "editor");
    editor_ui(&mut root, &mut state);
    Ok(())
}

/// Keeps the window title showing the file and whether it has unsaved edits.
fn title_system(state: Res<EditorState>, mut windows: Query<&mut Window>) {
    let dirty = if state.editor.is_dirty() { "*" } else { "" };
    let title = format!("cimic edit — {}{dirty}", state.path.display());
    for mut w in &mut windows {
        if w.title != title {
            w.title = title.clone();
        }
    }
}

/// The close button asks first when there are unsaved edits; the app ends once it may.
fn close_system(
    mut requests: MessageReader<bevy::window::WindowCloseRequested>,
    mut state: ResMut<EditorState>,
    mut exit: MessageWriter<AppExit>,
) {
    if requests.read().count() > 0 {
        state.request_close();
    }
    if state.close_now {
        exit.write(AppExit::Success);
    }
}

fn spawn_camera(mut commands: Commands) {
    commands.spawn((Camera2d, PrimaryEguiContext));
}

/// Opens the editor window on `state` and runs until it is closed; with `screenshot`, saves
/// the window as PNG once it has settled and exits (docs and our own eyes).
pub fn run(state: EditorState, screenshot: Option<PathBuf>) -> ExitCode {
    let mut app = App::new();
    app.add_plugins(DefaultPlugins.set(WindowPlugin {
        primary_window: Some(Window {
            title: format!("cimic edit — {}", state.path.display()),
            resolution: WindowResolution::new(super::PROJECTOR_SIZE.0, super::PROJECTOR_SIZE.1),
            ..default()
        }),
        // Closing asks first when there are unsaved edits (close_system).
        close_when_requested: false,
        ..default()
    }))
    .add_plugins(EguiPlugin::default());
    app.world_mut()
        .resource_mut::<EguiGlobalSettings>()
        .auto_create_primary_context = false;
    app.insert_resource(ClearColor(Color::srgb_u8(0x1e, 0x20, 0x26)))
        .insert_resource(state)
        .add_systems(Update, close_system)
        .add_systems(Startup, spawn_camera)
        .add_systems(EguiPrimaryContextPass, editor_system)
        .add_systems(Update, title_system);
    if let Some(path) = screenshot {
        use super::screenshot::{ScreenshotPlan, ShotWindow, take_screenshot};
        app.insert_resource(ScreenshotPlan::new(path, ShotWindow::Projector))
            .add_systems(Last, take_screenshot);
    }
    match app.run() {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(_) => ExitCode::from(1),
    }
}
