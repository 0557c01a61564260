//! Requests for assistance are tracked (docs/rules.md §4.5): answered by the force, answered by a
//! civilian actor, or ignored — and an ignored one costs the district's consent.

mod common;

use cimic_core::Order;
use cimic_core::sim::requests::RequestState;
use common::*;

/// The tutorial with one more request on turn 1, for `sector` in `district`.
fn asked(district: &str, sector: &str) -> cimic_core::Simulation {
    let text = scenario_text("tutorial").replace(
        r#"effects: [Message("The bridge is closed to traffic. Aldbrook's mayor asks for engineers.")],"#,
        &format!(
            r#"effects: [Message("The bridge is closed to traffic. Aldbrook's mayor asks for engineers."),
                      RequestForAssistance(district: "{district}", sector: {sector}, text: "Help, please.")],"#
        ),
    );
    assert_ne!(text, scenario_text("tutorial"), "the request was added");
    start("tutorial.ron", &text, 1)
}

fn state(sim: &cimic_core::Simulation) -> RequestState {
    sim.requests()
        .iter()
        .find(|r| r.turn == 1)
        .expect("the request was made")
        .state
}

#[test]
fn a_request_the_force_serves_is_answered_by_the_force() {
    let mut sim = asked("westfield", "Health");
    ok(
        &mut sim,
        Order::MedicalSupport {
            unit: "med1".into(),
            district: "westfield".into(),
        },
    );
    sim.advance();
    assert_eq!(state(&sim), RequestState::AnsweredByForce);
}

#[test]
fn a_request_an_agency_serves_is_answered_by_a_civilian_actor() {
    // Clean Water Relief works in Aldbrook and has access there.
    let mut sim = asked("aldbrook", "Water");
    sim.advance();
    assert_eq!(state(&sim), RequestState::AnsweredByCivilians);
}

#[test]
fn an_ignored_request_costs_the_districts_consent() {
    // Nobody but the clinic (a site, not an actor) serves health in Westfield.
    let mut ignored = asked("westfield", "Health");
    let mut plain = start("tutorial.ron", &scenario_text("tutorial"), 1);
    let consent = |sim: &cimic_core::Simulation| group(sim, "westfield_farmers").consent;
    for turn in 1..=3 {
        let report = ignored.advance();
        plain.advance();
        let lapsed = report.log.iter().any(|l| {
            l.text
                .contains("the request for health in westfield went unanswered")
        });
        assert_eq!(lapsed, turn == 3, "turn {turn}: {:?}", report.log);
    }
    assert_eq!(state(&ignored), RequestState::Ignored);
    let drop = consent(&plain) - consent(&ignored);
    assert!((drop - 0.05).abs() < 1e-4, "consent fell by {drop}");
}

#[test]
fn the_tally_counts_each_outcome() {
    let mut sim = asked("westfield", "Health");
    for _ in 0..3 {
        sim.advance();
    }
    // Ours lapsed; the tutorial's own request for water in Aldbrook, if it fired, was met by the
    // water agency there.
    let requests = sim.requests();
    let t = cimic_core::sim::requests::tally(&requests);
    assert_eq!(t.ignored, 1, "{t:?}");
    assert_eq!(t.answered_by_force, 0, "{t:?}");
    assert_eq!(
        t.answered_by_force + t.answered_by_civilians + t.ignored + t.open,
        requests.len()
    );
}
