//! The "exercise over" window: when the last turn has been played, the room sees the final
//! scores, where the civil harm came from, which objectives were met, how each doctrine principle
//! fared, and the two commands that open the after-action review — the hot wash-up before the AAR.

use super::session::Session;
use bevy_egui::egui;
use cimic_core::sim::scoring::ledger::Origin;
use cimic_core::sim::scoring::summary::summarise;

/// Words for a harm origin, as the report and the log use them.
fn origin_words(o: Origin) -> &'static str {
    match o {
        Origin::Force => "the force",
        Origin::Adversary => "the adversary",
        Origin::Disaster => "the disaster and injects",
        Origin::UnmetNeeds => "needs nobody met",
    }
}

/// Shows the debrief window once the exercise is over (not in a review); `open` is cleared by its
/// Close button so the map can be studied, and the header's button opens it again.
pub fn debrief(ctx: &egui::Context, session: &Session, open: &mut bool) {
    let (Some(game), false) = (session.game(), session.reviewing()) else {
        return;
    };
    let sim = game.sim();
    if !sim.finished() || !*open {
        return;
    }
    let summary = summarise(sim.ledger(), sim.turn(), 3);
    let s = summary.scores;
    let mut keep = true;
    egui::Window::new(egui::RichText::new("Exercise over").size(26.0))
        .id(egui::Id::new("debrief"))
        .collapsible(false)
        .default_width(640.0)
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
        .show(ctx, |ui| {
            ui.label(
                egui::RichText::new(format!(
                    "Effectiveness {:.0}   Efficiency {:.0}   Civil harm {:.1}",
                    s.effectiveness, s.efficiency, s.civil_harm
                ))
                .size(22.0)
                .strong(),
            );
            ui.label(
                egui::RichText::new(format!(
                    "Civil harm the trainees' orders could change: {:.1}   (the disaster and injects, which no order prevents: {:.1})",
                    summary.civil_harm_trainees_part, summary.civil_harm_beyond_control
                ))
                .size(18.0),
            );
            ui.separator();
            let harm: Vec<String> = summary
                .civil_harm_by_origin
                .iter()
                .filter(|(_, v)| **v > 0.05)
                .map(|(o, v)| format!("{} {v:.1}", origin_words(*o)))
                .collect();
            ui.label(if harm.is_empty() {
                "No civil harm.".to_string()
            } else {
                format!("Civil harm from {}.", harm.join(", "))
            });
            ui.add_space(6.0);
            ui.label(egui::RichText::new("Objectives").strong());
            for o in sim.objectives() {
                let title = session
                    .scenario
                    .objectives
                    .iter()
                    .find(|spec| spec.id == o.id)
                    .map_or(o.id.as_str(), |spec| spec.title.as_str());
                let mark = match o.status {
                    "met" => "✔",
                    "failed" => "✖",
                    _ => "…",
                };
                let when = o.met_on.map_or(String::new(), |t| format!(" (turn {t})"));
                ui.label(format!("{mark} {title}: {}{when}", o.status));
            }
            ui.add_space(6.0);
            ui.label(egui::RichText::new("Doctrine (upheld / breached)").strong());
            for d in summary.doctrine.iter().filter(|d| d.breached > 0) {
                ui.label(format!("{} — {} / {}", d.reference, d.upheld, d.breached));
            }
            if summary.doctrine.iter().all(|d| d.breached == 0) {
                ui.label("No principle was breached.");
            }
            ui.add_space(6.0);
            ui.label(egui::RichText::new("After-action review").strong());
            match game.journal_path() {
                Some(path) => {
                    let path = path.display();
                    ui.label("Replay it turn by turn, or write the report:");
                    ui.code(format!("cimic play --replay {path}"));
                    ui.code(format!("cimic report {path} --html aar.html"));
                }
                None => {
                    ui.label("This game was not journaled (--no-autosave): there is no record.");
                }
            }
            ui.add_space(6.0);
            if ui.button("Close (study the map)").clicked() {
                keep = false;
            }
        });
    *open = keep;
}
