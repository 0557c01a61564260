//! The map editor's window driven headless: its egui UI runs in a bare `egui::Context` fed with
//! the clicks and keys a person would give (no window, no GPU), and the file it saves is checked
//! like the core's editor test (issue 18 item 4).

use bevy_egui::egui::{self, Event, Key, Modifiers, PointerButton, Pos2};
use cimic_core::scenario::edit::{Editor, EntityKind, district_at};
use cimic_gui::editor::{EditorState, Tool, canvas, editor_ui};

const TUTORIAL: &str = include_str!("../../../scenarios/tutorial.ron");

/// One frame of the editor with these input events, on a 1600×900 screen.
fn frame(ctx: &egui::Context, state: &mut EditorState, events: Vec<Event>) {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            Pos2::ZERO,
            egui::vec2(1600.0, 900.0),
        )),
        events,
        ..Default::default()
    };
    ctx.run_ui(input, |ui| editor_ui(ui, state))
        .drop_without_applying_deltas();
}

/// A click of `button` on hex `pos`: move there, press, release (three frames).
fn click(ctx: &egui::Context, state: &mut EditorState, pos: (i32, i32), button: PointerButton) {
    let at = canvas::hex_center(state, pos);
    frame(ctx, state, vec![Event::PointerMoved(at)]);
    let press = |pressed| Event::PointerButton {
        pos: at,
        button,
        pressed,
        modifiers: Modifiers::NONE,
    };
    frame(ctx, state, vec![press(true)]);
    frame(ctx, state, vec![press(false)]);
}

/// A shortcut: Ctrl with `key`.
fn ctrl(ctx: &egui::Context, state: &mut EditorState, key: Key) {
    let modifiers = Modifiers {
        ctrl: true,
        command: true,
        ..Modifiers::NONE
    };
    let ev = Event::Key {
        key,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers,
    };
    frame(ctx, state, vec![ev]);
}

#[test]
fn clicks_paint_place_undo_and_save_through_the_window_ui() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tutorial.ron");
    std::fs::write(&path, TUTORIAL).unwrap();
    let editor = Editor::open(&path).unwrap();
    let mut state = EditorState::new(editor, path.clone());
    let ctx = egui::Context::default();
    frame(&ctx, &mut state, vec![]);
    frame(&ctx, &mut state, vec![]);
    assert!(
        state.view.zoom > 10.0,
        "the map is fitted: {:?}",
        state.view
    );
    assert_eq!(
        canvas::hex_under(&state, canvas::hex_center(&state, (6, 6))),
        Some((6, 6))
    );

    // Paint a hex of Aldbrook into Westfield.
    state.tool = Tool::District;
    state.district = Some("westfield".into());
    click(&ctx, &mut state, (6, 6), PointerButton::Primary);
    let s = state.editor.scenario();
    assert_eq!(district_at(&s.map, (6, 6)).as_deref(), Some("westfield"));

    // Place a unit and a site; each is selected for the field panel.
    state.tool = Tool::Place(EntityKind::Unit);
    state.unit_kind = "Medical".into();
    click(&ctx, &mut state, (2, 4), PointerButton::Primary);
    assert_eq!(
        state.selected,
        Some((EntityKind::Unit, "medical".to_string()))
    );
    state.tool = Tool::Place(EntityKind::Site);
    click(&ctx, &mut state, (1, 1), PointerButton::Primary);
    assert!(
        state
            .editor
            .scenario()
            .infrastructure
            .iter()
            .any(|x| x.hex == (1, 1))
    );

    // Ctrl+Z takes back the site only.
    ctrl(&ctx, &mut state, Key::Z);
    let s = state.editor.scenario();
    assert!(!s.infrastructure.iter().any(|x| x.hex == (1, 1)));
    assert!(
        s.units
            .iter()
            .any(|u| u.id == "medical" && u.position == (2, 4))
    );
    assert_eq!(
        state.selected, None,
        "the undone site is no longer selected"
    );

    // Select the unit and drag it one hex east.
    state.tool = Tool::Select;
    let from = canvas::hex_center(&state, (2, 4));
    let to = canvas::hex_center(&state, (3, 4));
    let button = |pos, pressed| Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    };
    frame(&ctx, &mut state, vec![Event::PointerMoved(from)]);
    frame(&ctx, &mut state, vec![button(from, true)]);
    frame(&ctx, &mut state, vec![Event::PointerMoved(to)]);
    frame(&ctx, &mut state, vec![button(to, false)]);
    let unit = state
        .editor
        .scenario()
        .units
        .iter()
        .find(|u| u.id == "medical")
        .unwrap();
    assert_eq!(unit.position, (3, 4));

    // Ctrl+S saves: the file loads, plays and keeps a backup.
    ctrl(&ctx, &mut state, Key::S);
    assert!(state.status.starts_with("saved"), "{}", state.status);
    let text = std::fs::read_to_string(&path).unwrap();
    let s = cimic_core::load_str("tutorial.ron", &text)
        .unwrap_or_else(|e| panic!("{}", e.render(false)));
    assert_eq!(&s, state.editor.scenario());
    let mut sim = cimic_core::Simulation::new(&s, 1).unwrap();
    sim.advance();
    let bak = dir.path().join("tutorial.ron.bak");
    assert_eq!(std::fs::read_to_string(bak).unwrap(), TUTORIAL);
    assert!(!state.editor.is_dirty());
}

#[test]
fn a_refused_field_value_shows_beside_its_field_and_changes_nothing() {
    let editor = Editor::from_text("t.ron", TUTORIAL).unwrap();
    let mut state = EditorState::new(editor, "unused.ron".into());
    let ctx = egui::Context::default();
    frame(&ctx, &mut state, vec![]);
    let id = state.editor.scenario().units[0].id.clone();
    state.select(Some((EntityKind::Unit, id)));
    let before = state.editor.scenario().clone();
    cimic_gui::editor::panel::set_field(&mut state, EntityKind::Unit, 0, "kind", "Wizard");
    assert!(
        state
            .field_errors
            .get("kind")
            .is_some_and(|e| e.contains("Wizard"))
    );
    assert_eq!(state.editor.scenario(), &before);
    cimic_gui::editor::panel::set_field(&mut state, EntityKind::Unit, 0, "strength", "150.0");
    assert!(state.field_errors.is_empty());
    let beside = state.editor.field_problems(EntityKind::Unit, 0);
    assert!(beside.iter().any(|(f, _)| f == "strength"), "{beside:?}");
    // The panel draws with the problem in place (no panic on a frame with a selection).
    frame(&ctx, &mut state, vec![]);
    // A district's fields, as the palette's "fields" button opens them; its areas are editable.
    state.select(Some((EntityKind::District, "westfield".into())));
    frame(&ctx, &mut state, vec![]);
    cimic_gui::editor::panel::set_field(
        &mut state,
        EntityKind::District,
        0,
        "name",
        "\"West Field\"",
    );
    assert_eq!(state.editor.scenario().map.districts[0].name, "West Field");
}

#[test]
fn closing_with_unsaved_edits_asks_first_and_closes_at_once_when_saved() {
    let editor = Editor::from_text("t.ron", TUTORIAL).unwrap();
    let mut state = EditorState::new(editor, "unused.ron".into());
    state.request_close();
    assert!(state.close_now && !state.confirm_close, "nothing to lose");
    state.close_now = false;
    state.tool = Tool::Terrain(cimic_core::scenario::format::Terrain::Marsh);
    let ctx = egui::Context::default();
    frame(&ctx, &mut state, vec![]);
    click(&ctx, &mut state, (0, 0), PointerButton::Primary);
    assert!(state.editor.is_dirty());
    state.request_close();
    assert!(state.confirm_close && !state.close_now, "asks first");
    // The dialog draws without closing anything by itself.
    frame(&ctx, &mut state, vec![]);
    assert!(state.confirm_close && !state.close_now);
}
