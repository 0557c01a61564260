//! Advice on a scenario that validates: things that are allowed but are rarely what an author
//! means. `cimic validate` shows them as warnings and still exits 0 (issue: a scenario author gets
//! told before the exercise, not by the trainees).

use crate::scenario::diag::Problem;
use crate::scenario::format::{InfraKind, Protection, Scenario};

/// Warnings for a valid scenario. `holding_at_start` lists the objectives whose condition already
/// holds in the starting situation (`Simulation::objectives_holding` on a new game): such an
/// objective is met before the force does anything and measures nothing the trainees did.
pub fn advice(s: &Scenario, holding_at_start: &[String]) -> Vec<Problem> {
    let mut out = Vec::new();
    for (i, site) in s.infrastructure.iter().enumerate() {
        let looks = match site.kind {
            InfraKind::ReligiousSite => "a religious site",
            InfraKind::CulturalSite => "a cultural site",
            _ => continue,
        };
        if site.protected == Protection::None {
            out.push(
                Problem::at(
                    format!("infrastructure[{i}].kind"),
                    format!(
                        "warning: `{}` is {looks} without protection: fighting next to it harms no protected property",
                        site.id
                    ),
                )
                .hint(
                    "cultural property is protected under the 1954 Hague Convention (MC 411/2 §34i): add `protected: CulturalProperty` to the site, or leave it out on purpose",
                ),
            );
        }
    }
    for (i, o) in s.objectives.iter().enumerate() {
        if holding_at_start.contains(&o.id) {
            out.push(
                Problem::at(
                    format!("objectives[{i}].condition"),
                    format!(
                        "warning: objective `{}` is already met in the starting situation: it is scored before the force does anything",
                        o.id
                    ),
                )
                .hint("raise the threshold above the starting level, or measure what must change"),
            );
        }
    }
    out
}
