//! `--screenshot PATH`: let the scene settle for some frames, save one window to a PNG and exit
//! 0 (for CI and the README). Also keeps frame times, printed when the app exits, so that
//! rendering cost can be reported under software rendering.

use super::facilitator::FacilitatorWindow;
use bevy::app::AppExit;
use bevy::camera::RenderTarget;
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured, save_to_disk};
use bevy::window::{PrimaryWindow, WindowRef};
use std::path::PathBuf;
use std::time::Duration;

/// Which window a screenshot shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShotWindow {
    Projector,
    Facilitator,
}

/// A screenshot to take once the scene has settled.
#[derive(Resource, Debug)]
pub struct ScreenshotPlan {
    pub path: PathBuf,
    pub window: ShotWindow,
    /// Frames to wait before capturing.
    pub settle_frames: u32,
    frames: u32,
    requested: bool,
    captured: bool,
}

impl ScreenshotPlan {
    /// A plan to capture `window` into `path`.
    pub fn new(path: PathBuf, window: ShotWindow) -> Self {
        ScreenshotPlan {
            path,
            window,
            settle_frames: 40,
            frames: 0,
            requested: false,
            captured: false,
        }
    }
}

/// Frames give up after this many without a capture (a broken renderer must not hang CI).
const GIVE_UP_FRAMES: u32 = 2000;

/// Counts frames, requests the capture, and exits once the file is written.
pub fn take_screenshot(
    mut commands: Commands,
    mut plan: ResMut<ScreenshotPlan>,
    primary: Query<Entity, With<PrimaryWindow>>,
    facilitator: Query<Entity, (With<Window>, With<FacilitatorWindow>)>,
    mut exit: MessageWriter<AppExit>,
) {
    plan.frames += 1;
    if plan.captured {
        if plan.path.exists() {
            println!("screenshot written to {}", plan.path.display());
            exit.write(AppExit::Success);
        }
        return;
    }
    if plan.frames > GIVE_UP_FRAMES {
        eprintln!("error: no screenshot after {GIVE_UP_FRAMES} frames");
        exit.write(AppExit::error());
        return;
    }
    if plan.requested || plan.frames < plan.settle_frames {
        return;
    }
    let target = match plan.window {
        ShotWindow::Projector => primary.single().ok(),
        ShotWindow::Facilitator => facilitator.single().ok(),
    };
    let Some(window) = target else {
        return;
    };
    plan.requested = true;
    commands
        .spawn(Screenshot(RenderTarget::Window(WindowRef::Entity(window))))
        .observe(save_to_disk(plan.path.clone()))
        .observe(
            |_: On<ScreenshotCaptured>, mut plan: ResMut<ScreenshotPlan>| {
                plan.captured = true;
            },
        );
}

/// Frame durations since start.
#[derive(Resource, Debug, Default)]
pub struct FrameStats(pub Vec<Duration>);

/// Records the wall-clock duration of every frame (`Time<Real>`: the virtual clock caps a
/// frame at 250 ms).
pub fn record_frame(time: Res<Time<Real>>, mut stats: ResMut<FrameStats>) {
    stats.0.push(time.delta());
}

/// Prints frame-time and turn-time statistics when the app exits.
pub fn report_on_exit(
    mut exits: MessageReader<AppExit>,
    stats: Res<FrameStats>,
    session: Res<super::session::Session>,
    rebuilds: Res<super::mapview::Rebuilds>,
    placed: Res<super::maplabels::LastPlaced>,
    free: Res<super::input::FreeRect>,
    windows: Query<&Window, With<PrimaryWindow>>,
) {
    if exits.read().next().is_none() {
        return;
    }
    if let Ok(w) = windows.single() {
        eprintln!(
            "window {}x{}; map area ({:.0}, {:.0})-({:.0}, {:.0}); {} labels shown; map meshes built {} times in {} frames",
            w.width(),
            w.height(),
            free.min.x,
            free.min.y,
            free.max.x,
            free.max.y,
            placed.0.len(),
            rebuilds.0,
            stats.0.len()
        );
    }
    // The first frames compile shaders and build fonts; they are not typical.
    let mut ms: Vec<f64> = stats
        .0
        .iter()
        .skip(10)
        .map(|d| d.as_secs_f64() * 1000.0)
        .collect();
    if !ms.is_empty() {
        ms.sort_by(f64::total_cmp);
        eprintln!(
            "frames: {} after warm-up; median {:.1} ms, 95th percentile {:.1} ms",
            ms.len(),
            ms[ms.len() / 2],
            ms[ms.len() * 95 / 100]
        );
    }
    if !session.advance_times.is_empty() {
        let t: Vec<String> = session
            .advance_times
            .iter()
            .map(|d| format!("{:.1}", d.as_secs_f64() * 1000.0))
            .collect();
        eprintln!("Game::advance per turn (ms): {}", t.join(", "));
    }
}
