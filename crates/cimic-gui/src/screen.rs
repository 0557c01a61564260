//! The projector window on its screen: opened on the chosen monitor (a projector is often the
//! second output), at that monitor's size unless `--window WxH` says otherwise, or full screen;
//! F11 toggles full screen.

use bevy::prelude::*;
use bevy::window::{Monitor, MonitorSelection, PrimaryWindow, WindowMode, WindowPosition};

/// Where and how large the projector window opens (from `cimic play`'s options).
#[derive(Resource, Debug, Clone, Default)]
pub struct Placement {
    /// `--window WxH`: this size in logical pixels; `None`: the monitor's size.
    pub size: Option<(u32, u32)>,
    pub fullscreen: bool,
    /// Index of the monitor, counting from the leftmost (then topmost) from 0.
    pub monitor: usize,
    /// Set once the window has been placed.
    pub done: bool,
}

/// Monitors ordered left to right, then top to bottom: what `--monitor N` counts.
pub fn ordered<'a>(
    monitors: impl Iterator<Item = (Entity, &'a Monitor)>,
) -> Vec<(Entity, &'a Monitor)> {
    let mut v: Vec<_> = monitors.collect();
    v.sort_by_key(|(_, m)| (m.physical_position.x, m.physical_position.y));
    v
}

/// Logical size of a monitor (physical pixels over its scale factor).
pub fn logical_size(m: &Monitor) -> (u32, u32) {
    let s = m.scale_factor.max(0.1);
    (
        (m.physical_width as f64 / s).round() as u32,
        (m.physical_height as f64 / s).round() as u32,
    )
}

/// Places the projector window once the monitors are known (winit lists them after start): on
/// the chosen monitor, at its size or the one asked for, or full screen there. F11 toggles full
/// screen on the window's current monitor afterwards.
pub fn place_window(
    mut placement: ResMut<Placement>,
    keys: Res<ButtonInput<KeyCode>>,
    monitors: Query<(Entity, &Monitor)>,
    mut window: Query<&mut Window, With<PrimaryWindow>>,
    mut waited: Local<u32>,
) {
    let Ok(mut window) = window.single_mut() else {
        return;
    };
    if keys.just_pressed(KeyCode::F11) {
        window.mode = match window.mode {
            WindowMode::Windowed => WindowMode::BorderlessFullscreen(MonitorSelection::Current),
            _ => WindowMode::Windowed,
        };
    }
    if placement.done {
        return;
    }
    let list = ordered(monitors.iter());
    if list.is_empty() {
        *waited += 1;
        if *waited > 120 {
            warn!("no monitor listed: the projector window keeps its size");
            placement.done = true;
        }
        return;
    }
    placement.done = true;
    let n = if placement.monitor < list.len() {
        placement.monitor
    } else {
        warn!(
            "--monitor {}: only {} monitor(s); using monitor 0",
            placement.monitor,
            list.len()
        );
        0
    };
    let (entity, m) = list[n];
    info!(
        "projector on monitor {n} of {}: {}×{} at {:?}",
        list.len(),
        m.physical_width,
        m.physical_height,
        m.physical_position
    );
    window.position = WindowPosition::At(m.physical_position);
    if placement.fullscreen {
        window.mode = WindowMode::BorderlessFullscreen(MonitorSelection::Entity(entity));
    } else if placement.size.is_none() {
        let (w, h) = logical_size(m);
        window.resolution.set(w as f32, h as f32);
    }
}
