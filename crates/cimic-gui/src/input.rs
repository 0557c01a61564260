//! Camera and keyboard: pan (drag, WASD/arrows), zoom (wheel, +/-), fit-to-screen, clicks on the
//! map (select a unit, pick an order's target, inspect a hex), and the shortcuts a facilitator
//! uses often. Game inputs leave here only as [`UiCommand`] messages.

use super::aar::Playback;
use super::composer::{self, Composer};
use super::hexgeo::{HEX_SIZE, center, hex_at};
use super::layout::MapView;
use super::mapview::View;
use super::overlays::Overlay;
use super::session::{Session, UiCommand};
use bevy::camera::Projection;
use bevy::input::mouse::AccumulatedMouseScroll;
use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use cimic_core::scenario::format::SideRole;

/// The projector's map camera.
#[derive(Component)]
pub struct MapCamera;

/// The part of the window not covered by panels, in logical pixels (set by the panels each
/// frame), so fit-to-screen centres the map in what is visible.
#[derive(Resource, Debug, Clone, Copy)]
pub struct FreeRect {
    pub min: Vec2,
    pub max: Vec2,
}

impl Default for FreeRect {
    fn default() -> Self {
        FreeRect {
            min: Vec2::ZERO,
            max: Vec2::new(1600.0, 900.0),
        }
    }
}

/// Keeps Tab for the game (select the next own unit) instead of egui's focus navigation: a button
/// focused by Tab would swallow the next Escape and turn Enter into a click on itself, not End Turn.
pub fn keep_tab_from_egui(mut inputs: Query<&mut bevy_egui::EguiInput>) {
    for mut input in &mut inputs {
        input.events.retain(|e| {
            !matches!(
                e,
                bevy_egui::egui::Event::Key {
                    key: bevy_egui::egui::Key::Tab,
                    ..
                }
            )
        });
    }
}

/// Asks for the map to be fitted to the free part of the window (on start and on `F`).
#[derive(Resource, Debug, Default)]
pub struct FitRequest(pub u32);

/// Pointer drag in progress, in window pixels: where the button went down, where the map was last
/// moved to follow it, and the farthest it has strayed (a click until that exceeds 5 px). The
/// cursor's own position is used, not raw device motion, so the map stays under the pointer
/// whatever the pointer acceleration (and synthetic pointers, e.g. xdotool, drag it too).
#[derive(Default)]
pub struct Drag {
    start: Vec2,
    last: Vec2,
    moved: f32,
    active: bool,
}

/// Fits the whole map into the free rectangle when asked (a few frames in a row on start, as
/// the panels settle), and again whenever the window's size changes (placed on its monitor,
/// full screen, resized) or the side panels are collapsed or opened.
#[allow(clippy::too_many_arguments)]
pub fn fit_map(
    mut fit: ResMut<FitRequest>,
    session: Res<Session>,
    free: Res<FreeRect>,
    view: Res<View>,
    windows: Query<&Window, With<PrimaryWindow>>,
    mut camera: Query<(&mut Transform, &mut Projection), With<MapCamera>>,
    mut seen: Local<(Vec2, bool)>,
) {
    let Ok(window) = windows.single() else {
        return;
    };
    let win = Vec2::new(window.width(), window.height());
    if *seen != (win, view.map_only) {
        *seen = (win, view.map_only);
        fit.0 = fit.0.max(3); // the panels take a frame or two to settle
    }
    if fit.0 == 0 {
        return;
    }
    fit.0 -= 1;
    let (Some(sim), Ok((mut tf, mut proj))) = (session.sim(), camera.single_mut()) else {
        return;
    };
    let fitted = MapView::fit(
        map_bounds(sim.map()),
        win,
        Rect::from_corners(free.min, free.max),
    );
    if let Projection::Orthographic(o) = &mut *proj {
        o.scale = fitted.scale;
    }
    tf.translation.x = fitted.center.x;
    tf.translation.y = fitted.center.y;
}

/// The world rectangle holding every hex of a map.
pub fn map_bounds(map: &cimic_core::map::HexMap) -> Rect {
    let (mut lo, mut hi) = (Vec2::splat(f32::MAX), Vec2::splat(f32::MIN));
    for i in 0..map.len() {
        let c = center(map.pos_of(i));
        lo = lo.min(c - Vec2::new(HEX_SIZE * 0.87, HEX_SIZE));
        hi = hi.max(c + Vec2::new(HEX_SIZE * 0.87, HEX_SIZE));
    }
    Rect::from_corners(lo, hi)
}

/// Mouse on the map: wheel zooms at the cursor, a drag pans, a click selects or targets.
#[allow(clippy::too_many_arguments)]
pub fn map_pointer(
    buttons: Res<ButtonInput<MouseButton>>,
    scroll: Res<AccumulatedMouseScroll>,
    windows: Query<&Window, With<PrimaryWindow>>,
    mut camera: Query<
        (&Camera, &GlobalTransform, &mut Transform, &mut Projection),
        With<MapCamera>,
    >,
    mut drag: Local<Drag>,
    session: Res<Session>,
    mut composer: ResMut<Composer>,
    mut out: MessageWriter<UiCommand>,
) {
    let (Ok(window), Ok((cam, gt, mut tf, mut proj))) = (windows.single(), camera.single_mut())
    else {
        return;
    };
    let Projection::Orthographic(o) = &mut *proj else {
        return;
    };
    let cursor = window.cursor_position();
    if scroll.delta.y != 0.0 {
        let factor = if scroll.delta.y > 0.0 {
            0.85
        } else {
            1.0 / 0.85
        };
        if let Some(c) = cursor
            && let Ok(before) = cam.viewport_to_world_2d(gt, c)
        {
            let new_scale = (o.scale * factor).clamp(0.05, 20.0);
            // Keep the point under the cursor where it is.
            let k = new_scale / o.scale;
            let pos = tf.translation.truncate();
            let after = before + (pos - before) * k;
            tf.translation.x = after.x;
            tf.translation.y = after.y;
            o.scale = new_scale;
        }
    }
    // Only a press inside the projector window (not the facilitator's) starts a drag or click.
    if (buttons.just_pressed(MouseButton::Left) || buttons.just_pressed(MouseButton::Right))
        && let Some(c) = cursor
    {
        *drag = Drag {
            start: c,
            last: c,
            moved: 0.0,
            active: true,
        };
    }
    let held = buttons.pressed(MouseButton::Left) || buttons.pressed(MouseButton::Right);
    if drag.active
        && held
        && let Some(c) = cursor
    {
        drag.moved = drag.moved.max((c - drag.start).length());
        let delta = c - drag.last;
        if drag.moved > 5.0 && delta != Vec2::ZERO {
            tf.translation.x -= delta.x * o.scale;
            tf.translation.y += delta.y * o.scale;
            drag.last = c;
        }
    }
    if buttons.just_released(MouseButton::Left) && drag.active {
        drag.active = false;
        if drag.moved <= 5.0
            && let Some(c) = cursor
            && let Ok(p) = cam.viewport_to_world_2d(gt, c)
        {
            click(hex_at(p), &session, &mut composer, &mut out);
        }
    }
    if buttons.just_released(MouseButton::Right) {
        drag.active = false;
    }
}

/// A click on a hex: completes the order being composed, or selects what is there.
pub fn click(
    pos: (i32, i32),
    session: &Session,
    composer: &mut Composer,
    out: &mut MessageWriter<UiCommand>,
) {
    let Some(sim) = session.sim() else { return };
    if sim.map().index(pos).is_none() {
        return;
    }
    composer.inspected = Some(pos);
    if composer.kind.is_some() {
        if let Some(cmd) = composer::on_map_click(session, composer, pos) {
            out.write(cmd);
        }
        return;
    }
    // Select a unit there: the players' own first, cycling on repeated clicks.
    let here: Vec<_> = sim
        .units()
        .into_iter()
        .filter(|u| u.position == pos)
        .collect();
    let mut order: Vec<_> = here.iter().filter(|u| u.role == SideRole::Force).collect();
    order.extend(here.iter().filter(|u| u.role != SideRole::Force));
    let next = match composer
        .unit
        .as_ref()
        .and_then(|id| order.iter().position(|u| &u.id == id))
    {
        Some(i) => order.get((i + 1) % order.len().max(1)),
        None => order.first(),
    };
    composer.unit = next.map(|u| u.id.clone());
    composer.kind = None;
}

/// Keyboard shortcuts (ignored while a text field has focus).
#[allow(clippy::too_many_arguments)]
pub fn shortcuts(
    keys: Res<ButtonInput<KeyCode>>,
    time: Res<Time>,
    session: Res<Session>,
    mut view: ResMut<View>,
    mut composer: ResMut<Composer>,
    mut fit: ResMut<FitRequest>,
    mut playback: ResMut<Playback>,
    mut out: MessageWriter<UiCommand>,
    mut camera: Query<(&mut Transform, &mut Projection), With<MapCamera>>,
) {
    let ctrl = keys.any_pressed([KeyCode::ControlLeft, KeyCode::ControlRight]);
    let reviewing = session.reviewing();
    if keys.just_pressed(KeyCode::F1) {
        view.help = !view.help;
    }
    if keys.just_pressed(KeyCode::F2) {
        view.facilitator = !view.facilitator;
    }
    if keys.just_pressed(KeyCode::KeyL) {
        view.legend = !view.legend;
    }
    if keys.just_pressed(KeyCode::KeyC) {
        view.map_only = !view.map_only;
    }
    if keys.just_pressed(KeyCode::KeyT) {
        view.truth = !view.truth;
    }
    if keys.just_pressed(KeyCode::KeyF) || (keys.just_pressed(KeyCode::Home) && !reviewing) {
        fit.0 = 1;
    }
    if keys.just_pressed(KeyCode::Escape) {
        if composer.kind.is_some() {
            composer.kind = None;
        } else {
            composer.unit = None;
            composer.inspected = None;
        }
    }
    if keys.just_pressed(KeyCode::Tab) {
        select_next_unit(&session, &mut composer);
    }
    let digits = [
        KeyCode::Digit1,
        KeyCode::Digit2,
        KeyCode::Digit3,
        KeyCode::Digit4,
        KeyCode::Digit5,
        KeyCode::Digit6,
        KeyCode::Digit7,
        KeyCode::Digit8,
        KeyCode::Digit9,
    ];
    if keys.just_pressed(KeyCode::Digit0) {
        view.overlay = Overlay::Terrain;
    }
    for (k, o) in digits.iter().zip(Overlay::KEYED) {
        if keys.just_pressed(*k) {
            view.overlay = if view.overlay == o {
                Overlay::Terrain
            } else {
                o
            };
        }
    }
    if ctrl && keys.just_pressed(KeyCode::Equal) {
        view.ui_scale = (view.ui_scale + 0.1).min(3.0);
    } else if ctrl && keys.just_pressed(KeyCode::Minus) {
        view.ui_scale = (view.ui_scale - 0.1).max(0.6);
    }
    if keys.just_pressed(KeyCode::Enter) && !reviewing {
        out.write(UiCommand::EndTurn);
    }
    if keys.just_pressed(KeyCode::KeyP) && !reviewing {
        out.write(UiCommand::SetPaused(!session.paused));
    }
    if keys.just_pressed(KeyCode::KeyB)
        && !reviewing
        && let Some(sim) = session.sim()
    {
        out.write(UiCommand::Facilitate(
            cimic_core::sim::facilitator::FacilitatorAction::Bookmark {
                label: format!("Bookmark after turn {}", sim.turn()),
            },
        ));
    }
    if reviewing {
        super::aar::review_keys(&keys, &session, &mut playback, &mut out);
    }
    // Pan with WASD (and the arrows while playing); zoom with +/-.
    let Ok((mut tf, mut proj)) = camera.single_mut() else {
        return;
    };
    let Projection::Orthographic(o) = &mut *proj else {
        return;
    };
    let mut d = Vec2::ZERO;
    let arrows = !reviewing;
    if keys.pressed(KeyCode::KeyA) || arrows && keys.pressed(KeyCode::ArrowLeft) {
        d.x -= 1.0;
    }
    if keys.pressed(KeyCode::KeyD) || arrows && keys.pressed(KeyCode::ArrowRight) {
        d.x += 1.0;
    }
    if keys.pressed(KeyCode::KeyW) || arrows && keys.pressed(KeyCode::ArrowUp) {
        d.y += 1.0;
    }
    if keys.pressed(KeyCode::KeyS) || arrows && keys.pressed(KeyCode::ArrowDown) {
        d.y -= 1.0;
    }
    let step = 600.0 * o.scale * time.delta_secs();
    tf.translation += (d * step).extend(0.0);
    if !ctrl && (keys.pressed(KeyCode::Equal) || keys.pressed(KeyCode::NumpadAdd)) {
        o.scale = (o.scale * (1.0 - time.delta_secs())).max(0.05);
    } else if !ctrl && (keys.pressed(KeyCode::Minus) || keys.pressed(KeyCode::NumpadSubtract)) {
        o.scale = (o.scale * (1.0 + time.delta_secs())).min(20.0);
    }
}

/// Selects the next unit the players command (Tab).
pub fn select_next_unit(session: &Session, composer: &mut Composer) {
    let Some(sim) = session.sim() else { return };
    let own: Vec<String> = sim
        .units()
        .into_iter()
        .filter(|u| u.role == SideRole::Force)
        .map(|u| u.id)
        .collect();
    let i = composer
        .unit
        .as_ref()
        .and_then(|id| own.iter().position(|x| x == id))
        .map_or(0, |i| (i + 1) % own.len().max(1));
    composer.unit = own.get(i).cloned();
    composer.kind = None;
}
