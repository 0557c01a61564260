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
        let (looks, law) = match site.kind {
            InfraKind::ReligiousSite => ("a religious site", "the 1954 Hague Convention"),
            InfraKind::CulturalSite => ("a cultural site", "the 1954 Hague Convention"),
            InfraKind::Hospital | InfraKind::Clinic => {
                ("a medical facility", "the Geneva Conventions")
            }
            _ => continue,
        };
        // Protection follows the kind unless the author removed it: only an explicit
        // `protected: None` leaves such a site unprotected.
        if site.protection() == Protection::None {
            out.push(
                Problem::at(
                    format!("infrastructure[{i}].protected"),
                    format!(
                        "warning: `{}` is {looks} with its protection removed: damage to it from the force's fighting counts as ordinary infrastructure damage, not as harm to protected property",
                        site.id
                    ),
                )
                .hint(format!(
                    "{looks} is protected under {law} (MC 411/2 §34i) and is by default: remove `protected: None` unless the site has lost its protection on purpose"
                )),
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
