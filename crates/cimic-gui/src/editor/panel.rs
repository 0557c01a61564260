//! The editor's side panels: the tool palette (tools, brush, what is painted or placed, undo,
//! redo, save, the scenario's problems) on the left; on the right the selected entity's fields,
//! each with the loader's refusal or validation's problem beside it.

use super::{EditorState, Tool};
use bevy_egui::egui::{self, Color32, RichText};
use cimic_core::scenario::edit::{EditOp, EntityKind, entity_fields};
use cimic_core::scenario::format::Terrain;

/// Largest brush radius, in hexes.
pub const MAX_BRUSH: u32 = 4;

/// Colour of problem text.
const PROBLEM: Color32 = Color32::from_rgb(0xff, 0x8a, 0x80);

/// The tool palette.
pub fn tools(ui: &mut egui::Ui, state: &mut EditorState) {
    ui.heading("Map editor");
    ui.horizontal_wrapped(|ui| {
        let (undo, redo) = state.editor.history();
        if ui
            .add_enabled(undo > 0, egui::Button::new("Undo"))
            .on_hover_text("Ctrl+Z")
            .clicked()
        {
            state.undo();
        }
        if ui
            .add_enabled(redo > 0, egui::Button::new("Redo"))
            .on_hover_text("Ctrl+Y")
            .clicked()
        {
            state.redo();
        }
        let save = if state.editor.is_dirty() {
            "Save*"
        } else {
            "Save"
        };
        if ui.button(save).on_hover_text("Ctrl+S").clicked() {
            state.save();
        }
        if ui.button("Fit").on_hover_text("F").clicked() {
            state.view.fit = true;
        }
    });
    ui.separator();
    ui.label("Tool");
    ui.selectable_value(&mut state.tool, Tool::Select, "Select / move (drag)");
    ui.selectable_value(&mut state.tool, Tool::Delete, "Delete (click)");
    ui.selectable_value(&mut state.tool, Tool::Place(EntityKind::Unit), "Place unit");
    ui.selectable_value(&mut state.tool, Tool::Place(EntityKind::Site), "Place site");
    ui.selectable_value(
        &mut state.tool,
        Tool::Place(EntityKind::Actor),
        "Place actor",
    );
    ui.selectable_value(&mut state.tool, Tool::District, "Paint district");
    ui.selectable_value(&mut state.tool, Tool::River, "Paint river");
    ui.selectable_value(&mut state.tool, Tool::Road, "Extend road");
    ui.horizontal_wrapped(|ui| {
        for (_, t) in Terrain::CODES {
            ui.selectable_value(&mut state.tool, Tool::Terrain(t), format!("{t:?}"));
        }
    });
    ui.separator();
    tool_options(ui, state);
    ui.separator();
    problems(ui, state);
}

/// What the current tool paints or places.
fn tool_options(ui: &mut egui::Ui, state: &mut EditorState) {
    match state.tool {
        Tool::Terrain(_) | Tool::District | Tool::River => {
            ui.add(egui::Slider::new(&mut state.brush, 0..=MAX_BRUSH).text("brush ([ ])"));
        }
        _ => {}
    }
    match state.tool {
        Tool::District => district_options(ui, state),
        Tool::River => {
            ui.horizontal(|ui| {
                ui.label("river id");
                ui.text_edit_singleline(&mut state.river);
            });
            ui.label("right button: erase");
        }
        Tool::Road => {
            ui.horizontal(|ui| {
                ui.label("road id");
                ui.text_edit_singleline(&mut state.road);
            });
            ui.label("click neighbouring hexes in turn; right button: cut");
        }
        Tool::Place(kind) => {
            let slot = match kind {
                EntityKind::Unit => &mut state.unit_kind,
                EntityKind::Site => &mut state.site_kind,
                _ => &mut state.actor_kind,
            };
            egui::ComboBox::from_label("kind")
                .selected_text(slot.clone())
                .show_ui(ui, |ui| {
                    for s in kind.subtypes() {
                        ui.selectable_value(slot, s.to_string(), *s);
                    }
                });
        }
        _ => {}
    }
}

fn district_options(ui: &mut egui::Ui, state: &mut EditorState) {
    let ids: Vec<String> = EntityKind::District
        .ids(state.editor.scenario())
        .iter()
        .map(|s| s.to_string())
        .collect();
    for (i, id) in ids.iter().enumerate() {
        let text = RichText::new(format!("■ {id}")).color(super::canvas::district_color(i));
        ui.horizontal(|ui| {
            ui.selectable_value(&mut state.district, Some(id.clone()), text);
            // Districts are not picked on the map (every hex has one): their fields open here.
            if ui.small_button("fields").clicked() {
                state.select(Some((EntityKind::District, id.clone())));
            }
        });
    }
    ui.selectable_value(&mut state.district, None, "(no district)");
    ui.label("right button: take hexes out of every district");
    ui.horizontal(|ui| {
        ui.text_edit_singleline(&mut state.new_district);
        if ui.button("Add district").clicked() && !state.new_district.trim().is_empty() {
            let id = state.new_district.trim().to_string();
            let name = id.replace('_', " ");
            state.apply(
                &EditOp::AddDistrict {
                    id: id.clone(),
                    name,
                },
                false,
            );
            state.district = Some(id);
            state.new_district.clear();
        }
    });
}

/// The scenario's problems, as the loader would report them.
fn problems(ui: &mut egui::Ui, state: &EditorState) {
    let problems = state.editor.problems();
    if problems.is_empty() {
        ui.label(RichText::new("No problems: the scenario loads.").color(Color32::LIGHT_GREEN));
        return;
    }
    ui.label(RichText::new(format!("{} problems", problems.len())).color(PROBLEM));
    for p in problems.iter().take(30) {
        ui.label(RichText::new(format!("{}: {}", p.path, p.message)).color(PROBLEM));
    }
}

/// The selected entity's fields, editable as RON values.
pub fn fields(ui: &mut egui::Ui, state: &mut EditorState) {
    let Some((kind, id)) = state.selected.clone() else {
        ui.label("Select a unit, site or actor on the map (Select tool) to edit its fields.");
        return;
    };
    let Some(index) = kind.index_of(state.editor.scenario(), &id) else {
        return;
    };
    ui.heading(format!("{kind:?} {id}"));
    ui.label("Values are written as in the file; Enter applies.");
    let beside = state.editor.field_problems(kind, index);
    for (field, message) in beside.iter().filter(|(f, _)| f.is_empty()) {
        ui.label(RichText::new(format!("{field}{message}")).color(PROBLEM));
    }
    let mut commit = None;
    egui::Grid::new("fields").num_columns(2).show(ui, |ui| {
        for f in entity_fields(state.editor.scenario(), kind, index) {
            ui.label(&f.name);
            ui.vertical(|ui| {
                let draft = state
                    .drafts
                    .entry(f.name.clone())
                    .or_insert_with(|| f.value.clone());
                let r = ui.add(egui::TextEdit::singleline(draft).desired_width(220.0));
                // Enter, or leaving the field, applies the value.
                if r.lost_focus() && *draft != f.value {
                    commit = Some((f.name.clone(), draft.clone()));
                }
                if let Some(e) = state.field_errors.get(&f.name) {
                    ui.label(RichText::new(e).color(PROBLEM));
                }
                for (_, m) in beside.iter().filter(|(n, _)| *n == f.name) {
                    ui.label(RichText::new(m).color(PROBLEM));
                }
            });
            ui.end_row();
        }
    });
    if let Some((field, value)) = commit {
        set_field(state, kind, index, &field, &value);
    }
    if ui.button("Delete").clicked() {
        state.apply(&EditOp::Delete { kind, id }, false);
    }
}

/// Applies a typed field value, or keeps the parser's refusal beside the field.
pub fn set_field(
    state: &mut EditorState,
    kind: EntityKind,
    index: usize,
    field: &str,
    value: &str,
) {
    match state.editor.set_field(kind, index, field, value) {
        Ok(()) => {
            // The panel shows the entity as it now is: typed values not applied are dropped.
            state.field_errors.clear();
            state.drafts.clear();
            // An edited id renames the selection.
            if let Some(id) = kind.ids(state.editor.scenario()).get(index) {
                state.selected = Some((kind, id.to_string()));
            }
            state.status = format!("{field} set");
        }
        Err(e) => {
            state.field_errors.insert(field.to_string(), e);
        }
    }
}
