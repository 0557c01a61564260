//! Advice on a scenario that validates: things that are allowed but are rarely what an author
//! means. `cimic validate` shows them as warnings and still exits 0 (issue: a scenario author gets
//! told before the exercise, not by the trainees).

use crate::scenario::diag::Problem;
use crate::scenario::format::{InfraKind, LintCode, Protection, Scenario};

/// Warnings for a valid scenario. `holding_at_start` lists the objectives whose condition already
/// holds in the starting situation (`Simulation::objectives_holding` on a new game): such an
/// objective is met before the force does anything and measures nothing the trainees did.
/// Warnings the author has answered in `lint_allow` are left out.
pub fn advice(s: &Scenario, holding_at_start: &[String]) -> Vec<Problem> {
    coded(s, holding_at_start)
        .into_iter()
        .filter(|(code, id, _)| !answered(s, *code, id))
        .map(|(_, _, p)| p)
        .collect()
}

/// Whether the scenario's `lint_allow` marks the warning `code` about `id` as intended.
pub fn answered(s: &Scenario, code: LintCode, id: &str) -> bool {
    s.lint_allow.iter().any(|a| a.warning == code && a.id == id)
}

/// [`advice`] with each warning's code and the id it is about, answered or not, as
/// `cimic lint` needs them to match the scenario's `lint_allow`.
pub fn coded(s: &Scenario, holding_at_start: &[String]) -> Vec<(LintCode, String, Problem)> {
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
            out.push((
                LintCode::SiteUnprotected,
                site.id.clone(),
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
            ));
        }
    }
    for (i, o) in s.objectives.iter().enumerate() {
        if holding_at_start.contains(&o.id) {
            out.push((
                LintCode::ObjectiveMetAtStart,
                o.id.clone(),
                Problem::at(
                    format!("objectives[{i}].condition"),
                    format!(
                        "warning: objective `{}` is already met in the starting situation: it is scored before the force does anything",
                        o.id
                    ),
                )
                .hint("raise the threshold above the starting level, or measure what must change"),
            ));
        }
    }
    out
}
