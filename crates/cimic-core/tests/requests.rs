//! Requests for assistance are tracked (docs/rules.md §4.5): answered by the force (its delivery, or
//! its engineers at a site that serves the people who asked), answered by a civilian actor (new
//! help, or the need met), or ignored — and an ignored one costs the district's consent. What an
//! agency was already delivering when the people asked is not an answer (rules version 11).

mod common;

use cimic_core::Order;
use cimic_core::sim::requests::RequestState;
use common::*;

/// The tutorial's text with one more request on turn 1, for `sector` in `district`.
fn asked_text(district: &str, sector: &str) -> String {
    let text = scenario_text("tutorial").replace(
        r#"effects: [Message("The bridge is closed to traffic. Aldbrook's mayor asks for engineers.")],"#,
        &format!(
            r#"effects: [Message("The bridge is closed to traffic. Aldbrook's mayor asks for engineers."),
                      RequestForAssistance(district: "{district}", sector: {sector}, text: "Help, please.")],"#
        ),
    );
    assert_ne!(text, scenario_text("tutorial"), "the request was added");
    text
}

/// The tutorial with one more request on turn 1, for `sector` in `district`.
fn asked(district: &str, sector: &str) -> cimic_core::Simulation {
    start("tutorial.ron", &asked_text(district, sector), 1)
}

/// `text` with `from` replaced by `to`, which must be there.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from} is in the scenario");
    text.replace(from, to)
}

/// Whether a turn's log says that the request for `sector` (lower case) in `district` was answered.
fn answered_in(report: &cimic_core::TurnReport, sector: &str, district: &str) -> bool {
    let what = format!("the request for {sector} in {district} is answered");
    report.log.iter().any(|l| l.text.starts_with(&what))
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
fn a_request_an_agency_was_already_serving_goes_unanswered_without_new_help() {
    // The mayor of Aldbrook shelters some of the town when the request is made, and the force does
    // nothing: what was already coming is what the people found too little (rules version 11;
    // under version 10 the mayor's delivery answered the request on the turn it was made).
    let mut sim = asked("aldbrook", "Shelter");
    let first = sim.advance();
    assert!(
        !answered_in(&first, "shelter", "aldbrook"),
        "{:?}",
        first.log
    );
    let at = sim
        .requests()
        .iter()
        .find(|r| r.turn == 1)
        .and_then(|r| r.at_request);
    let at = at.expect("the request remembers what it was made against");
    assert!(at.civilians > 0.5, "the mayor was delivering: {at:?}");
    sim.advance();
    let third = sim.advance();
    assert_eq!(state(&sim), RequestState::Ignored);
    assert!(
        third.log.iter().any(|l| l
            .text
            .starts_with("the request for shelter in aldbrook went unanswered")),
        "{:?}",
        third.log
    );
}

#[test]
fn new_help_from_an_arriving_agency_answers_a_request() {
    // A shelter agency arrives on turn 2: new help, a civilian actor's answer, on that turn (under
    // version 10 the mayor's delivery had already answered it on turn 1).
    let text = edit(
        &asked_text("aldbrook", "Shelter"),
        r#"id: "aldbrook_mayor","#,
        r#"id: "shelter_relief", name: "Shelter Relief", kind: Ngo, mandate: [Shelter],
            capacity: 3000, districts: ["aldbrook"], humanitarian: true, stance: Coexistence,
            present: false,
        ),
        (
            id: "aldbrook_mayor","#,
    );
    let text = edit(
        &text,
        r#"id: "storm","#,
        r#"id: "tents", title: "Tents arrive", trigger: AtTurn(2),
            effects: [ActorArrives("shelter_relief")],
        ),
        (
            id: "storm","#,
    );
    let mut sim = start("tutorial.ron", &text, 1);
    let first = sim.advance();
    assert!(
        !answered_in(&first, "shelter", "aldbrook"),
        "{:?}",
        first.log
    );
    let second = sim.advance();
    assert!(
        second.log.iter().any(|l| l
            .text
            .starts_with("the request for shelter in aldbrook is answered by a civilian actor")),
        "{:?}",
        second.log
    );
    assert_eq!(state(&sim), RequestState::AnsweredByCivilians);
}

#[test]
fn a_request_whose_need_is_met_is_answered() {
    // The Westfield power plant serves everyone in Westfield and no actor works in energy there:
    // nobody is short, so the request is answered on its turn (under version 10, with no civilian
    // actor delivering, it went unanswered on turn 3).
    let mut sim = asked("westfield", "Energy");
    let first = sim.advance();
    assert!(
        first.log.iter().any(|l| l
            .text
            .starts_with("the request for energy in westfield is answered: the need is met")),
        "{:?}",
        first.log
    );
    assert_eq!(state(&sim), RequestState::AnsweredByCivilians);
}

#[test]
fn an_engineer_repairing_the_site_that_serves_them_answers_a_request() {
    // The power plant is at 40 % and Westfield asks for energy. Left alone, the request goes
    // unanswered on turn 3: the need is not met and no civilian actor works in energy there. With
    // the engineers, next to the plant, repairing it on the request's own turn, the force answered,
    // though it delivered no energy itself (under version 10 that request also went unanswered).
    let text = edit(
        &asked_text("westfield", "Energy"),
        "kind: PowerPlant, hex: (2, 2),",
        "kind: PowerPlant, hex: (2, 2), condition: 0.4,",
    );
    let mut alone = start("tutorial.ron", &text, 1);
    for _ in 0..3 {
        alone.advance();
    }
    assert_eq!(state(&alone), RequestState::Ignored);

    let text = edit(
        &text,
        r#"kind: Engineer, position: (3, 3)"#,
        r#"kind: Engineer, position: (3, 2)"#,
    );
    let mut sim = start("tutorial.ron", &text, 1);
    ok(
        &mut sim,
        Order::Repair {
            unit: "eng1".into(),
            target: "westfield_power".into(),
        },
    );
    let first = sim.advance();
    assert!(
        first.log.iter().any(|l| l.text
            == "the request for energy in westfield is answered by the force: eng1 repairs westfield_power"),
        "{:?}",
        first.log
    );
    assert_eq!(state(&sim), RequestState::AnsweredByForce);
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
    // Ours lapsed; the tutorial's own request for water in Aldbrook, if it fired, was answered by
    // the need met (the water works serve the whole town).
    let requests = sim.requests();
    let t = cimic_core::sim::requests::tally(&requests);
    assert_eq!(t.ignored, 1, "{t:?}");
    assert_eq!(t.answered_by_force, 0, "{t:?}");
    assert_eq!(
        t.answered_by_force + t.answered_by_civilians + t.ignored + t.open,
        requests.len()
    );
}
