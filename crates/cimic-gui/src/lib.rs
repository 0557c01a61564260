//! The shared-screen exercise GUI (cargo feature `gui`): a projector window with the hex map and
//! panels, a facilitator console in a second window, and after-action review of records.
//!
//! The GUI never changes game state itself. Widgets and shortcuts write [`session::UiCommand`]
//! messages; one system gives them to the [`cimic_core::record::game::Game`] (so everything is
//! journaled like a CLI run), and everything shown is read from the simulation's views.
//! [`session::SessionPlugin`] is that logic without any window (the headless test uses it).

pub mod aar;
pub mod composer;
pub mod debrief;
pub mod editor;
pub mod facilitator;
pub mod hexgeo;
pub mod input;
pub mod launch;
pub mod layout;
pub mod maplabels;
pub mod mapview;
pub mod overlays;
pub mod panels;
pub mod reports;
pub mod scene;
pub mod screen;
pub mod screenshot;
pub mod session;
pub mod symbols;
pub mod watch;

use bevy::prelude::*;
use bevy::window::WindowResolution;
use bevy_egui::input::{egui_wants_any_keyboard_input, egui_wants_any_pointer_input};
use bevy_egui::{EguiGlobalSettings, EguiPlugin, EguiPrimaryContextPass, PrimaryEguiContext};
use screenshot::{ScreenshotPlan, ShotWindow};
use session::Session;
use std::path::PathBuf;
use std::process::ExitCode;

/// Size of the projector window before it is fitted to its monitor, in logical pixels.
pub const PROJECTOR_SIZE: (u32, u32) = (1600, 900);

/// How the windowed app runs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Save one screenshot here once the scene has settled, then exit.
    pub screenshot: Option<PathBuf>,
    /// Capture the facilitator console instead of the projector.
    pub screenshot_facilitator: bool,
    /// Open the facilitator console at start.
    pub facilitator: bool,
    /// Size of the projector window (`--window WxH`); `None`: the monitor's size.
    pub window: Option<(u32, u32)>,
    /// Open the projector full screen (`--fullscreen`; F11 toggles).
    pub fullscreen: bool,
    /// Monitor of the projector window, counted from the left from 0 (`--monitor N`).
    pub monitor: usize,
    /// `--watch`: restart the game when its scenario file is saved ([`watch`]).
    pub watch: Option<watch::Watch>,
}

/// Opens the windows and runs until they are closed.
pub fn run(session: Session, options: Options) -> ExitCode {
    let title = format!("cimic — {}", session.scenario.meta.title);
    let (w, h) = options.window.unwrap_or(PROJECTOR_SIZE);
    let mut app = App::new();
    app.add_plugins(DefaultPlugins.set(WindowPlugin {
        primary_window: Some(Window {
            title,
            resolution: WindowResolution::new(w, h),
            ..default()
        }),
        ..default()
    }))
    .add_plugins(EguiPlugin::default());
    app.world_mut()
        .resource_mut::<EguiGlobalSettings>()
        .auto_create_primary_context = false;
    let view = mapview::View {
        facilitator: options.facilitator || options.screenshot_facilitator,
        ..default()
    };
    app.insert_resource(ClearColor(Color::srgb_u8(0x1e, 0x20, 0x26)))
        .insert_resource(session)
        .insert_resource(view)
        .insert_resource(screen::Placement {
            size: options.window,
            fullscreen: options.fullscreen,
            monitor: options.monitor,
            done: false,
        })
        .add_plugins(WindowedPlugin);
    if let Some(watch) = options.watch {
        app.insert_resource(watch);
    }
    if let Some(path) = options.screenshot {
        let window = if options.screenshot_facilitator {
            ShotWindow::Facilitator
        } else {
            ShotWindow::Projector
        };
        app.insert_resource(ScreenshotPlan::new(path, window))
            .add_systems(Last, screenshot::take_screenshot);
    }
    match app.run() {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(_) => ExitCode::from(1),
    }
}

/// Everything drawn and clicked, on top of [`session::SessionPlugin`].
pub struct WindowedPlugin;

impl Plugin for WindowedPlugin {
    fn build(&self, app: &mut App) {
        app.add_plugins((session::SessionPlugin, watch::WatchPlugin))
            .init_resource::<composer::Composer>()
            .init_resource::<panels::PanelState>()
            .init_resource::<aar::Playback>()
            .init_resource::<input::FreeRect>()
            .insert_resource(input::FitRequest(6))
            .init_resource::<facilitator::Form>()
            .init_resource::<screenshot::FrameStats>()
            .init_resource::<mapview::MapLabels>()
            .init_resource::<mapview::Rebuilds>()
            .init_resource::<maplabels::LastPlaced>()
            .init_resource::<screen::Placement>()
            .add_systems(Startup, (spawn_camera, mapview::spawn_layers))
            .add_systems(
                PreUpdate,
                input::keep_tab_from_egui
                    .after(bevy_egui::EguiPreUpdateSet::ProcessInput)
                    .before(bevy_egui::EguiPreUpdateSet::BeginPass),
            )
            .add_systems(
                Update,
                (
                    screen::place_window,
                    input::shortcuts.run_if(not(egui_wants_any_keyboard_input)),
                    input::map_pointer.run_if(not(egui_wants_any_pointer_input)),
                    aar::load_timeline,
                    aar::tick,
                )
                    .chain()
                    .before(session::apply_commands),
            )
            .add_systems(
                PostUpdate,
                (
                    (input::fit_map, mapview::redraw).chain(),
                    facilitator::sync_window,
                ),
            )
            .add_systems(
                EguiPrimaryContextPass,
                (
                    panels::projector_ui,
                    maplabels::paint,
                    watch::banner_ui.run_if(resource_exists::<watch::Watch>),
                )
                    .chain(),
            )
            .add_systems(facilitator::FacilitatorPass, facilitator::console_ui)
            .add_systems(Last, (screenshot::record_frame, screenshot::report_on_exit));
    }
}

fn spawn_camera(mut commands: Commands) {
    commands.spawn((Camera2d, input::MapCamera, PrimaryEguiContext));
}
