//! Read-only panels about what happened: the turn results log, score charts (egui_plot) with the
//! ledger's largest causes, actors and sites, and the true state beside the force's picture.

use super::aar::Playback;
use super::session::Session;
use bevy_egui::egui;
use cimic_core::sim::Simulation;
use cimic_core::sim::report::LogKind;
use cimic_core::sim::scoring::ledger::Metric;
use egui_plot::{Legend, Line, Plot, PlotPoints};

/// Okabe–Ito colours for the three score lines.
const LINE_COLOURS: [egui::Color32; 3] = [
    egui::Color32::from_rgb(0x56, 0xb4, 0xe9),
    egui::Color32::from_rgb(0xe6, 0x9f, 0x00),
    egui::Color32::from_rgb(0xd5, 0x5e, 0x00),
];

/// Score per metric after each turn 0..=now, from the ledger (or the record's timeline in review).
pub fn score_series(session: &Session, playback: &Playback) -> Vec<[f64; 3]> {
    if session.reviewing() && !playback.timeline.is_empty() {
        return playback.timeline.clone();
    }
    let Some(sim) = session.sim() else {
        return Vec::new();
    };
    let ledger = sim.ledger();
    (0..=sim.turn())
        .map(|t| {
            [
                ledger.total(Metric::Effectiveness, t),
                ledger.total(Metric::Efficiency, t),
                ledger.total(Metric::CivilHarm, t),
            ]
        })
        .collect()
}

/// Effectiveness, efficiency and civil harm per turn, with the largest causes under each.
pub fn scores_ui(
    ui: &mut egui::Ui,
    session: &Session,
    playback: &Playback,
    open_metric: &mut Option<Metric>,
) {
    let series = score_series(session, playback);
    let names = ["Effectiveness", "Efficiency", "Civil harm"];
    Plot::new("scores")
        .height(220.0)
        .legend(Legend::default())
        .include_y(0.0)
        .include_y(100.0)
        .x_axis_label("turn")
        .show(ui, |plot| {
            for (m, name) in names.iter().enumerate() {
                let pts: PlotPoints = series
                    .iter()
                    .enumerate()
                    .map(|(t, s)| [t as f64, s[m]])
                    .collect();
                plot.line(Line::new(*name, pts).color(LINE_COLOURS[m]).width(3.0));
            }
        });
    if let Some(turn) = session.sim().map(Simulation::turn)
        && session.reviewing()
    {
        ui.label(format!("Shown: after turn {turn}"));
    }
    ui.horizontal(|ui| {
        ui.label("Largest causes:");
        for m in Metric::ALL {
            let label = names[m.index()];
            if ui
                .selectable_label(*open_metric == Some(m), label)
                .clicked()
            {
                *open_metric = if *open_metric == Some(m) {
                    None
                } else {
                    Some(m)
                };
            }
        }
    });
    if let (Some(m), Some(sim)) = (*open_metric, session.sim()) {
        causes_ui(ui, sim, m);
    }
}

/// The ledger's largest causes of a metric over the game so far.
pub fn causes_ui(ui: &mut egui::Ui, sim: &Simulation, metric: Metric) {
    let top = sim.ledger().top_causes(metric, 0..=sim.turn(), 8);
    egui::Grid::new(("causes", metric.index()))
        .striped(true)
        .show(ui, |ui| {
            for c in top {
                ui.label(format!("{:+.1}", c.amount));
                ui.label(format!("{} · {}", c.cause, c.entity));
                ui.end_row();
                ui.label("");
                ui.label(egui::RichText::new(c.text).small());
                ui.end_row();
            }
        });
}

/// The turn results log: events, engagements, actor actions, and this turn's ledger entries.
pub fn log_ui(ui: &mut egui::Ui, session: &Session) {
    let Some(sim) = session.sim() else {
        ui.label("Playing the turn…");
        return;
    };
    let turn = sim.turn();
    // In play the reports of this window; in review (or after resume) the ledger's own texts.
    let report = session.reports.iter().rev().find(|r| r.turn == turn);
    ui.label(egui::RichText::new(format!("Turn {turn}")).strong());
    match report {
        Some(r) => {
            for e in &r.log {
                let tag = kind_tag(e.kind);
                ui.horizontal_wrapped(|ui| {
                    ui.label(egui::RichText::new(tag).strong().color(kind_colour(e.kind)));
                    ui.label(&e.text);
                });
            }
        }
        None if turn == 0 => {
            ui.label(&session.scenario.meta.briefing);
        }
        None => {
            ui.label(
                "(The log of this turn was not kept; the ledger below says what moved the scores.)",
            );
        }
    }
    ui.separator();
    ui.label(egui::RichText::new("What moved the scores this turn").strong());
    let mut entries: Vec<_> = sim.ledger().of_turn(turn).collect();
    entries.sort_by(|a, b| b.amount.abs().total_cmp(&a.amount.abs()));
    for e in entries.iter().take(12) {
        ui.label(format!(
            "{:+.1} {} — {} ({})",
            e.amount,
            e.metric.name(),
            e.text,
            e.cause
        ));
    }
}

fn kind_tag(k: LogKind) -> &'static str {
    match k {
        LogKind::Order => "ORDER",
        LogKind::Event => "EVENT",
        LogKind::Message => "MSG",
        LogKind::Movement => "MOVE",
        LogKind::Infrastructure => "INFRA",
        LogKind::Activity => "ACT",
        LogKind::Actor => "ACTOR",
        LogKind::Population => "POP",
        LogKind::Knowledge => "INTEL",
        LogKind::Decision => "DECISION",
        LogKind::Request => "REQUEST",
        LogKind::Adversary => "HOSTILE",
        LogKind::Engagement => "ENGAGE",
        LogKind::Unrest => "UNREST",
        LogKind::Objective => "OBJECTIVE",
        LogKind::Facilitator => "WHITE CELL",
    }
}

fn kind_colour(k: LogKind) -> egui::Color32 {
    match k {
        LogKind::Adversary | LogKind::Engagement | LogKind::Unrest => {
            egui::Color32::from_rgb(0xff, 0x8c, 0x42)
        }
        LogKind::Event | LogKind::Decision | LogKind::Request => {
            egui::Color32::from_rgb(0xf0, 0xe4, 0x42)
        }
        LogKind::Objective => egui::Color32::from_rgb(0x56, 0xb4, 0xe9),
        _ => egui::Color32::LIGHT_GRAY,
    }
}

/// Actors with their status, trust and acceptance; sites with condition and functioning.
pub fn actors_sites_ui(ui: &mut egui::Ui, session: &Session) {
    let Some(sim) = session.sim() else { return };
    ui.label(egui::RichText::new("Actors").strong());
    egui::Grid::new("actors").striped(true).show(ui, |ui| {
        ui.label("actor");
        ui.label("status");
        ui.label("trust");
        ui.label("acceptance");
        ui.end_row();
        for a in sim.actors() {
            let name = session.actor_name(&a.id);
            ui.label(format!("{name} ({:?})", a.kind));
            ui.label(format!("{:?} · {:?}", a.status, a.stance));
            ui.label(format!("{:.2}", a.trust));
            ui.label(format!("{:.2}", a.acceptance));
            ui.end_row();
        }
    });
    ui.separator();
    ui.label(egui::RichText::new("Sites").strong());
    egui::Grid::new("sites").striped(true).show(ui, |ui| {
        for s in sim.infrastructure() {
            ui.label(format!("{} {}", super::symbols::site_code(s.kind), s.id));
            ui.label(format!("condition {:.0}%", s.condition * 100.0));
            ui.label(if s.functioning >= 0.6 {
                "working".to_string()
            } else if s.functioning >= 0.2 {
                format!("degraded {:.0}%", s.functioning * 100.0)
            } else {
                "OUT".to_string()
            });
            ui.end_row();
        }
    });
}

/// The true state of each district beside the force's picture and its age.
pub fn truth_vs_picture_ui(ui: &mut egui::Ui, sim: &Simulation) {
    let truth = sim.true_picture();
    let picture = sim.force_picture();
    let now = sim.turn();
    egui::Grid::new("truth_vs_picture")
        .striped(true)
        .show(ui, |ui| {
            for h in [
                "district",
                "",
                "water",
                "food",
                "health",
                "shelter",
                "security",
                "consent",
                "legitimacy",
                "as of",
            ] {
                ui.label(egui::RichText::new(h).strong());
            }
            ui.end_row();
            for ((id, t), (_, p)) in truth.iter().zip(&picture) {
                for (label, snap) in [("truth", t), ("force's picture", p)] {
                    ui.label(if label == "truth" { id.as_str() } else { "" });
                    ui.label(label);
                    match snap {
                        Some(s) => {
                            for i in [0usize, 1, 2, 3, 5] {
                                ui.label(format!("{:.2}", s.needs[i]));
                            }
                            ui.label(format!("{:.2}", s.consent));
                            ui.label(format!("{:.2}", s.legitimacy));
                            ui.label(if label == "truth" {
                                "now".to_string()
                            } else {
                                format!("turn {} ({} old)", s.as_of, now.saturating_sub(s.as_of))
                            });
                        }
                        None => {
                            ui.label("never assessed");
                        }
                    }
                    ui.end_row();
                }
            }
        });
}
