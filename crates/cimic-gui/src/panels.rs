//! The projector window's panels (egui): a large header with turn, scores and End Turn; the
//! order composer and staged orders on the left; log, scores, actors and truth on the right;
//! decision points as a dialog; the help overlay. Widgets only write [`UiCommand`]s.

use super::aar::{self, Playback};
use super::composer::{self, Composer};
use super::input::{FitRequest, FreeRect};
use super::mapview::View;
use super::overlays::Overlay;
use super::reports;
use super::session::{Session, Tone, UiCommand};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};
use cimic_core::sim::scoring::ledger::Metric;

/// Which tab the right panel shows.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum RightTab {
    #[default]
    Log,
    Scores,
    Situation,
    Truth,
}

/// UI state that is not game state.
#[derive(Resource, Debug, Default)]
pub struct PanelState {
    pub tab: RightTab,
    pub causes: Option<Metric>,
}

/// High-contrast dark theme with large text at a UI scale. Idempotent: it sets the style from
/// egui's defaults, so calling it again does not compound.
pub fn style(ctx: &egui::Context, scale: f32) {
    if ctx.zoom_factor() != scale {
        ctx.set_zoom_factor(scale);
    }
    let mut s = egui::Style {
        visuals: egui::Visuals::dark(),
        ..egui::Style::default()
    };
    s.visuals.override_text_color = Some(egui::Color32::from_gray(245));
    s.visuals.panel_fill = egui::Color32::from_rgb(0x14, 0x16, 0x1c);
    s.visuals.window_fill = egui::Color32::from_rgb(0x1c, 0x1f, 0x27);
    s.visuals.selection.bg_fill = egui::Color32::from_rgb(0x00, 0x72, 0xb2);
    for (_, font) in s.text_styles.iter_mut() {
        font.size *= 1.15;
    }
    ctx.set_theme(egui::Theme::Dark);
    ctx.set_style_of(egui::Theme::Dark, s);
}

/// A root `Ui` covering a context's whole viewport, for egui 0.36's panels.
pub fn root_ui(ctx: &egui::Context, id: &'static str) -> egui::Ui {
    egui::Ui::new(
        ctx.clone(),
        id.into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    )
}

/// The whole projector UI for one frame.
#[allow(clippy::too_many_arguments)]
pub fn projector_ui(
    mut contexts: EguiContexts,
    session: Res<Session>,
    mut view: ResMut<View>,
    mut composer: ResMut<Composer>,
    mut panel: ResMut<PanelState>,
    mut playback: ResMut<Playback>,
    mut free: ResMut<FreeRect>,
    mut fit: ResMut<FitRequest>,
    mut writer: MessageWriter<UiCommand>,
    mut styled: Local<f32>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    if *styled != view.ui_scale {
        style(&ctx, view.ui_scale);
        *styled = view.ui_scale;
    }
    let mut out = Vec::new();
    let mut root = root_ui(&ctx, "projector");
    egui::Panel::top("header").show(&mut root, |ui| {
        header(ui, &session, &mut view, &mut fit, &mut out);
    });
    if session.reviewing() {
        egui::Panel::bottom("timeline").show(&mut root, |ui| {
            aar::timeline_ui(ui, &session, &mut playback, &mut out);
            if view.legend {
                ui.separator();
                legend(ui, &view);
            }
        });
    } else {
        egui::Panel::bottom("feedback").show(&mut root, |ui| {
            ui.horizontal(|ui| {
                ui.vertical(|ui| {
                    ui.set_width(ui.available_width() * 0.42);
                    feedback(ui, &session);
                });
                ui.separator();
                if view.legend {
                    legend(ui, &view);
                }
            });
        });
    }
    if !view.map_only {
        side_panels(
            &mut root,
            &session,
            &mut composer,
            &mut panel,
            &playback,
            &mut out,
        );
    }
    let rest = root.available_rect_before_wrap();
    free.min = Vec2::new(rest.min.x, rest.min.y) * view.ui_scale;
    free.max = Vec2::new(rest.max.x, rest.max.y) * view.ui_scale;
    decisions(&ctx, &session, rest, &mut out);
    super::debrief::debrief(&ctx, &session, &mut view.debrief);
    if view.help {
        help(&ctx, &mut view);
    }
    for c in out {
        writer.write(c);
    }
    Ok(())
}

/// The order composer on the left and the reports on the right (hidden with C).
fn side_panels(
    root: &mut egui::Ui,
    session: &Session,
    composer: &mut Composer,
    panel: &mut PanelState,
    playback: &Playback,
    out: &mut Vec<UiCommand>,
) {
    // A fixed width: a long order or actor name wraps instead of pushing the map aside, and the
    // order buttons stay where the room has learnt to find them.
    egui::Panel::left("orders")
        .exact_size(300.0)
        .resizable(false)
        .show(root, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                composer::composer_ui(ui, session, composer, out);
                ui.separator();
                if !session.reviewing() {
                    staged(ui, session, out);
                    ui.separator();
                }
                inspector(ui, session, composer);
            });
        });
    // Narrower on a small window (1280×720 at the default UI scale), to leave the map room.
    let width = (root.max_rect().width() * 0.25).clamp(280.0, 360.0);
    egui::Panel::right("reports")
        .default_size(width)
        .size_range(280.0..=520.0)
        .resizable(true)
        .show(root, |ui| {
            right(ui, session, panel, playback);
        });
}

fn header(
    ui: &mut egui::Ui,
    session: &Session,
    view: &mut View,
    fit: &mut FitRequest,
    out: &mut Vec<UiCommand>,
) {
    let big = |t: String| egui::RichText::new(t).size(30.0).strong();
    ui.horizontal(|ui| {
        // On a narrow window the title gives way to the turn and End Turn.
        let room = ((ui.available_width() - 520.0) / 17.0).max(12.0) as usize;
        let title = &session.scenario.meta.title;
        let shown = if title.chars().count() > room {
            title.chars().take(room - 1).collect::<String>() + "…"
        } else {
            title.clone()
        };
        ui.label(big(shown)).on_hover_text(title);
        ui.separator();
        let (turn, turns) = session.sim().map_or((0, 0), |s| (s.turn(), s.turns()));
        let shown = if session.busy() {
            format!("Playing turn {}…", turn + 1)
        } else {
            format!("Turn {turn} / {turns}")
        };
        ui.label(big(shown));
        if session.paused {
            ui.separator();
            ui.label(big("PAUSED".into()).color(egui::Color32::from_rgb(0xf0, 0xe4, 0x42)));
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if session.reviewing() {
                return;
            }
            let over = session.sim().is_some_and(|s| s.finished());
            let label = if over { "Exercise over" } else { "End Turn" };
            let b = egui::Button::new(egui::RichText::new(label).size(28.0).strong())
                .fill(egui::Color32::from_rgb(0x00, 0x5a, 0x8c));
            if over {
                // The debrief's scores, objectives and review commands, again.
                if ui.add(b).on_hover_text("Show the debrief").clicked() {
                    view.debrief = true;
                }
            } else if ui
                .add_enabled(!session.paused && !session.busy(), b)
                .on_hover_text("Submit the staged orders and play the turn (Enter)")
                .clicked()
            {
                out.push(UiCommand::EndTurn);
            }
        });
    });
    ui.horizontal(|ui| {
        let mid = |t: String| egui::RichText::new(t).size(24.0).strong();
        if let Some(sim) = session.sim() {
            let s = sim.scores();
            ui.label(mid(format!("Effectiveness {:.0}", s.effectiveness)))
                .on_hover_text("0–100, higher is better (objectives, needs, security, legitimacy)");
            ui.separator();
            ui.label(mid(format!("Efficiency {:.0}", s.efficiency)))
                .on_hover_text("0–100, higher is better (effect per resource spent)");
            ui.separator();
            ui.label(mid(format!("Civil harm {:.1}", s.civil_harm)))
                .on_hover_text("0 and up, lower is better");
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Help (F1)").clicked() {
                view.help = !view.help;
            }
            if ui.button("Fit map (F)").clicked() {
                fit.0 = 1;
            }
            let panels = if view.map_only {
                "Panels (C)"
            } else {
                "Map only (C)"
            };
            if ui.button(panels).clicked() {
                view.map_only = !view.map_only;
            }
            egui::ComboBox::from_id_salt("overlay")
                .selected_text(view.overlay.name())
                .width(200.0)
                .show_ui(ui, |ui| {
                    for o in Overlay::all() {
                        ui.selectable_value(&mut view.overlay, o, o.name());
                    }
                })
                .response
                .on_hover_text("Overlay (keys 1–9, 0 terrain)");
        });
    });
}

fn feedback(ui: &mut egui::Ui, session: &Session) {
    if session.feedback.is_empty() {
        ui.label("Click a blue unit, then an order, then its target on the map. End Turn when done. F1: help.");
    }
    for (tone, text) in session.feedback.iter().rev().take(2) {
        let colour = match tone {
            Tone::Info => egui::Color32::from_gray(230),
            Tone::Warning => egui::Color32::from_rgb(0xf0, 0xe4, 0x42),
            Tone::Refused => egui::Color32::from_rgb(0xff, 0x8c, 0x42),
        };
        ui.colored_label(colour, text);
    }
}

fn staged(ui: &mut egui::Ui, session: &Session, out: &mut Vec<UiCommand>) {
    ui.label(egui::RichText::new("Orders for the coming turn").strong());
    if session.staged.is_empty() {
        ui.label("None yet: units carry on with their tasks.");
    }
    for o in &session.staged {
        ui.horizontal(|ui| {
            if ui.button("✖").on_hover_text("Cancel this order").clicked() {
                out.push(UiCommand::Cancel(o.unit().to_string()));
            }
            ui.add(egui::Label::new(super::session::describe(session, o)).wrap());
        });
    }
    if let Some(g) = session.game() {
        for a in &g.pending().facilitator {
            ui.label(format!("White cell: {a}"));
        }
        for (d, o) in &g.pending().decisions {
            ui.label(format!("Decision {d}: {o}"));
        }
    }
}

fn inspector(ui: &mut egui::Ui, session: &Session, composer: &Composer) {
    let (Some(pos), Some(sim)) = (composer.inspected, session.sim()) else {
        return;
    };
    let map = sim.map();
    let Some(i) = map.index(pos) else { return };
    ui.label(egui::RichText::new(format!("Hex ({}, {})", pos.0, pos.1)).strong());
    let district = composer::district_at(session, pos).unwrap_or_else(|| "no district".into());
    ui.label(format!(
        "{:?}{}{} · {district}",
        map.terrain[i],
        if map.river[i] { " · river" } else { "" },
        if map.roads[i] != 0 { " · road" } else { "" }
    ));
    for s in sim.infrastructure().into_iter().filter(|s| s.hex == pos) {
        ui.label(format!(
            "{} ({:?}): condition {:.0}%, functioning {:.0}%{}",
            s.id,
            s.kind,
            s.condition * 100.0,
            s.functioning * 100.0,
            if s.depends_on.is_empty() {
                String::new()
            } else {
                format!("; needs {}", s.depends_on.join(", "))
            }
        ));
    }
    for u in sim.units().into_iter().filter(|u| u.position == pos) {
        ui.label(format!(
            "{} ({:?}, {}): strength {:.0}, supplies {:.0}, {}",
            session.unit_name(&u.id),
            u.kind,
            u.side,
            u.strength,
            u.supplies,
            u.task
        ));
    }
}

fn right(ui: &mut egui::Ui, session: &Session, panel: &mut PanelState, playback: &Playback) {
    ui.horizontal(|ui| {
        for (tab, name) in [
            (RightTab::Log, "Log"),
            (RightTab::Scores, "Scores"),
            (RightTab::Situation, "Actors & sites"),
            (RightTab::Truth, "Truth vs picture"),
        ] {
            if tab == RightTab::Truth && !session.reviewing() {
                continue; // the truth is the facilitator's, except in review
            }
            ui.selectable_value(&mut panel.tab, tab, name);
        }
    });
    ui.separator();
    egui::ScrollArea::vertical().show(ui, |ui| match panel.tab {
        RightTab::Log => reports::log_ui(ui, session),
        RightTab::Scores => reports::scores_ui(ui, session, playback, &mut panel.causes),
        RightTab::Situation => reports::actors_sites_ui(ui, session),
        RightTab::Truth => {
            if let Some(sim) = session.sim() {
                reports::truth_vs_picture_ui(ui, sim);
            }
        }
    });
}

/// The legend: the overlay's ramp and what it shows, unit frames, site colours.
fn legend(ui: &mut egui::Ui, view: &View) {
    ui.vertical(|ui| {
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new(view.overlay.name()).strong());
            if view.overlay != Overlay::Terrain {
                let (lo, hi) = view.overlay.legend();
                ui.label(lo);
                for k in 0..8 {
                    let c = super::overlays::ramp(k as f32 / 7.0).to_srgba();
                    let (rect, _) =
                        ui.allocate_exact_size(egui::vec2(16.0, 14.0), egui::Sense::hover());
                    ui.painter()
                        .rect_filled(rect, 0.0, rgb(c.red, c.green, c.blue));
                }
                ui.label(hi);
                ui.label(if view.truth {
                    "· TRUE state (T)"
                } else {
                    "· the force's picture (T: truth)"
                });
            }
        });
        ui.horizontal(|ui| {
            use super::overlays::affiliation as a;
            for (shape, colour, name) in [
                (0, a::FRIEND, "friend"),
                (1, a::HOSTILE, "hostile"),
                (2, a::NEUTRAL, "neutral"),
                (3, a::UNKNOWN, "unknown"),
            ] {
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(26.0, 18.0), egui::Sense::hover());
                let c = colour.to_srgba();
                frame_icon(ui.painter(), rect, shape, rgb(c.red, c.green, c.blue));
                ui.label(name);
            }
            ui.separator();
            for (f, name) in [(1.0, "working"), (0.4, "degraded"), (0.0, "out")] {
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(22.0, 14.0), egui::Sense::hover());
                let c = super::overlays::status_color(f).to_srgba();
                ui.painter()
                    .rect_filled(rect, 0.0, rgb(c.red, c.green, c.blue));
                ui.label(name);
            }
        });
    });
}

fn rgb(r: f32, g: f32, b: f32) -> egui::Color32 {
    egui::Color32::from_rgb((r * 255.0) as u8, (g * 255.0) as u8, (b * 255.0) as u8)
}

/// A small APP-6 frame for the legend: 0 rectangle, 1 diamond, 2 square, 3 quatrefoil.
fn frame_icon(p: &egui::Painter, r: egui::Rect, shape: u8, fill: egui::Color32) {
    let c = r.center();
    let ink = egui::Stroke::new(1.5, egui::Color32::BLACK);
    let pts: Vec<egui::Pos2> = match shape {
        0 => vec![
            r.left_top(),
            r.right_top(),
            r.right_bottom(),
            r.left_bottom(),
        ],
        1 => vec![
            egui::pos2(c.x, r.top()),
            egui::pos2(c.x + 9.0, c.y),
            egui::pos2(c.x, r.bottom()),
            egui::pos2(c.x - 9.0, c.y),
        ],
        2 => {
            let h = 8.0;
            vec![
                egui::pos2(c.x - h, c.y - h),
                egui::pos2(c.x + h, c.y - h),
                egui::pos2(c.x + h, c.y + h),
                egui::pos2(c.x - h, c.y + h),
            ]
        }
        _ => {
            for d in [
                egui::vec2(4.0, 0.0),
                egui::vec2(-4.0, 0.0),
                egui::vec2(0.0, 4.0),
                egui::vec2(0.0, -4.0),
            ] {
                p.circle(c + d, 5.0, fill, ink);
            }
            return;
        }
    };
    p.add(egui::Shape::convex_polygon(pts, fill, ink));
}

/// Open decision points as movable, collapsible dialogs at the top of the map.
fn decisions(ctx: &egui::Context, session: &Session, rest: egui::Rect, out: &mut Vec<UiCommand>) {
    let (Some(sim), false) = (session.sim(), session.reviewing()) else {
        return;
    };
    for d in sim.open_decisions() {
        egui::Window::new(egui::RichText::new(format!("Decision: {}", d.title)).size(24.0))
            .id(egui::Id::new(("decision", d.id.clone())))
            .collapsible(true)
            .default_width(560.0)
            .pivot(egui::Align2::CENTER_TOP)
            .default_pos(egui::pos2(rest.center().x, rest.min.y + 12.0))
            .show(ctx, |ui| {
                ui.label(egui::RichText::new(&d.briefing).size(18.0));
                ui.separator();
                for (id, label) in &d.options {
                    let chosen = d.chosen.as_deref() == Some(id.as_str());
                    let text = format!(
                        "{}{label}{}",
                        if chosen { "✔ " } else { "" },
                        if *id == d.default { "  (default)" } else { "" }
                    );
                    if ui
                        .add(egui::Button::new(egui::RichText::new(text).size(18.0)).selected(chosen))
                        .clicked()
                    {
                        out.push(UiCommand::Decide {
                            decision: d.id.clone(),
                            option: id.clone(),
                        });
                    }
                }
                ui.label("The choice takes effect at the start of the next turn; without one the default is taken.");
            });
    }
}

fn help(ctx: &egui::Context, view: &mut View) {
    egui::Window::new(egui::RichText::new("Help — keys and mouse").size(24.0))
        .collapsible(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
        .show(ctx, |ui| {
            egui::Grid::new("help").striped(true).show(ui, |ui| {
                for (k, what) in HELP {
                    ui.label(egui::RichText::new(*k).strong().monospace());
                    ui.label(*what);
                    ui.end_row();
                }
            });
            if ui.button("Close (F1)").clicked() {
                view.help = false;
            }
        });
}

/// Every shortcut, as the help overlay and docs/gui.md list them.
pub const HELP: &[(&str, &str)] = &[
    (
        "click unit",
        "select it (click again to cycle units on the hex); its orders appear left",
    ),
    (
        "click order, then map",
        "pick the target: hex, site, district or adversary unit",
    ),
    ("drag / wheel", "pan / zoom the map"),
    ("W A S D, arrows", "pan (arrows step turns in the review)"),
    ("+ / -", "zoom"),
    ("F", "fit the map to the screen"),
    (
        "C",
        "collapse / open the side panels (the map takes the whole width)",
    ),
    ("F11", "full screen / window"),
    (
        "hover a stack",
        "list the units or sites a stacked symbol (×N) holds",
    ),
    ("Enter", "End Turn"),
    ("Tab", "select the next own unit"),
    ("Esc", "drop the order being composed, then the selection"),
    (
        "1–9, 0",
        "overlays: water, security, consent, legitimacy, unrest, displacement, infrastructure, knowledge age, health; 0 terrain",
    ),
    ("T", "true state / the force's picture on the map"),
    ("L", "legend"),
    ("F1", "this help"),
    ("F2", "facilitator console window"),
    ("P", "pause / resume the exercise (End Turn waits)"),
    ("B", "bookmark the current turn"),
    ("Ctrl + / Ctrl -", "UI scale"),
    ("Space", "review: play / pause"),
    (
        "← / →, Home / End",
        "review: step back / forward, first / last turn",
    ),
    ("F5", "review: fork a new game from the turn shown"),
];
