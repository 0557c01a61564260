//! Injects and decision points, and displacement: what a facilitator's scenario can throw at the
//! players, and how people move when their district becomes unlivable.

use cimic_core::orders::Reason;
use cimic_core::scenario::format::Sector;
use cimic_core::sim::components::ActorStatus;
use cimic_core::sim::decisions::ChoiceError;
use cimic_core::{Order, Simulation};
use common::group;

mod common;

fn scenario(events: &str, tense_security: f32) -> String {
    format!(
        r#"Scenario(
    format: 1,
    meta: (id: "valley", title: "Injects", turns: 10, start_date: "2026-05-01"),
    map: (
        width: 9, height: 4,
        terrain: (fill: Rural),
        districts: [
            (id: "calm", name: "Calm", areas: [Rect(min: (0, 0), max: (2, 3))]),
            (id: "tense", name: "Tense", areas: [Rect(min: (3, 0), max: (5, 3))]),
            (id: "far", name: "Far", areas: [Rect(min: (6, 0), max: (8, 3))]),
        ],
    ),
    sides: [(id: "blue", name: "Blue", role: Force)],
    units: [
        (id: "io1", side: "blue", kind: InfoOps, position: (4, 1)),
        (id: "cimic1", side: "blue", kind: CimicTeam, position: (1, 1)),
    ],
    population: [
        (id: "calm_pop", district: "calm", size: 4000, needs: (security: 0.9, water: 0.8, food: 0.8)),
        (id: "tense_pop", district: "tense", size: 6000, needs: (security: {tense_security}, water: 0.5)),
        (id: "far_pop", district: "far", size: 2000, needs: (security: 0.6)),
    ],
    actors: [
        (id: "unhcr", name: "Refugee agency", kind: UnAgency, mandate: [Shelter], capacity: 2000,
         districts: ["calm", "tense"], humanitarian: true, present: false),
    ],
    infrastructure: [
        (id: "police", kind: PoliceStation, hex: (0, 0), capacity: 4000, serves: ["calm"]),
        (id: "camp", kind: IdpCamp, hex: (7, 2), capacity: 3000, serves: ["far"]),
    ],
    events: [{events}],
    // Unrest is switched off: these tests isolate injects and displacement.
    unrest: (max_citizens: 0),
    decisions: [
        (id: "evacuation", title: "Evacuate the tense district?",
         briefing: "Local leaders ask for buses.",
         options: [
            (id: "evacuate", label: "Organise an evacuation", effects: [Displace(district: "tense", share: 0.25)]),
            (id: "stay", label: "Help people stay", effects: [Message("The force promises to help people stay.")]),
         ],
         default: "stay"),
    ],
)"#
    )
}

fn sim(text: &str) -> Simulation {
    common::start("injects.ron", text, 3)
}

const ASK: &str = r#"(id: "ask", trigger: AtTurn(1), effects: [Decision("evacuation")])"#;

#[test]
fn an_unanswered_decision_takes_its_default_next_turn() {
    let mut s = sim(&scenario(ASK, 0.5));
    let r = s.advance();
    assert!(r.log.iter().any(|l| {
        l.text
            .starts_with("decision point: Evacuate the tense district?")
    }));
    let open = s.open_decisions();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].default, "stay");
    assert_eq!(open[0].options.len(), 2);
    let r = s.advance();
    assert!(r.log.iter().any(|l| l.text
        == "decision Evacuate the tense district?: Help people stay (default, nobody decided)"));
    assert!(
        r.log
            .iter()
            .any(|l| l.text == "The force promises to help people stay.")
    );
    assert!(s.open_decisions().is_empty());
    let h = s.decision_history();
    assert_eq!(
        (h[0].turn, h[0].option.as_str(), h[0].defaulted),
        (2, "stay", true)
    );
}

#[test]
fn a_chosen_option_takes_effect_and_people_go_to_the_camp() {
    let mut s = sim(&scenario(ASK, 0.5));
    s.advance();
    assert_eq!(
        s.decide("evacuation", "evacaute"),
        Err(ChoiceError::UnknownOption {
            option: "evacaute".into(),
            options: vec!["evacuate".into(), "stay".into()]
        })
    );
    assert_eq!(
        s.decide("nothing", "stay"),
        Err(ChoiceError::NotOpen {
            decision: "nothing".into()
        })
    );
    s.decide("evacuation", "evacuate").unwrap();
    assert_eq!(s.open_decisions()[0].chosen.as_deref(), Some("evacuate"));
    let before = group(&s, "tense_pop").size;
    let r = s.advance();
    let moved = group(&s, "idp:calm").size;
    // A quarter of the people there when the option takes effect (a few died since turn 1).
    assert_eq!(moved, before / 4);
    assert!(moved > 1490 && moved <= 1500, "{moved}");
    assert!(
        r.log
            .iter()
            .any(|l| l.text == format!("{moved} people flee tense for calm")),
        "{:?}",
        r.log
    );
    // They go where security and living conditions are best.
    assert_eq!(group(&s, "idp:far").size, 0);
    assert!(!s.decision_history()[0].defaulted);
}

#[test]
fn disinformation_lowers_consent_unless_an_information_campaign_blunts_it() {
    let lies = r#"(id: "lies", trigger: AtTurn(2), effects: [Disinformation(district: "tense", amount: 0.2)])"#;
    let mut plain = sim(&scenario(lies, 0.5));
    let mut countered = sim(&scenario(lies, 0.5));
    countered
        .submit(Order::InformationCampaign {
            unit: "io1".into(),
            district: "tense".into(),
        })
        .unwrap();
    plain.advance();
    countered.advance();
    let (p0, c0) = (
        group(&plain, "tense_pop").consent,
        group(&countered, "tense_pop").consent,
    );
    let rp = plain.advance();
    let rc = countered.advance();
    assert!(
        rp.log
            .iter()
            .any(|l| l.text == "disinformation in tense: consent −0.20")
    );
    assert!(
        rc.log
            .iter()
            .any(|l| l.text.contains("blunted by the information campaign"))
    );
    let drop_plain = p0 - group(&plain, "tense_pop").consent;
    let drop_countered = c0 - group(&countered, "tense_pop").consent;
    assert!(
        drop_plain > drop_countered + 0.09,
        "{drop_plain} vs {drop_countered}"
    );
}

#[test]
fn an_epidemic_cuts_health() {
    let sick = r#"(id: "cholera", trigger: AtTurn(1), effects: [Epidemic(district: "calm", severity: 0.3)])"#;
    let mut s = sim(&scenario(sick, 0.5));
    let mut control = sim(&scenario("", 0.5));
    s.advance();
    control.advance();
    let h = |x: &Simulation| group(x, "calm_pop").needs[Sector::Health.index()];
    assert!(h(&s) < h(&control) - 0.1);
}

#[test]
fn actors_arrive_and_withdraw_by_inject() {
    let arrive = r#"(id: "arrive", trigger: AtTurn(2), effects: [ActorArrives("unhcr")]),
                    (id: "leave", trigger: AtTurn(4), effects: [ActorWithdraws("unhcr")])"#;
    let mut s = sim(&scenario(arrive, 0.5));
    assert_eq!(
        s.submit(Order::Liaise {
            unit: "cimic1".into(),
            actor: "unhcr".into()
        })
        .unwrap_err()
        .reason,
        Reason::ActorAbsent {
            actor: "unhcr".into()
        }
    );
    let r1 = s.advance();
    assert!(
        !r1.log.iter().any(|l| l.subject == "unhcr"),
        "absent actors do nothing"
    );
    let r2 = s.advance();
    assert!(
        r2.log
            .iter()
            .any(|l| l.text == "unhcr arrives and starts work")
    );
    assert!(
        r2.log.iter().any(|l| l.text.starts_with("unhcr serves")),
        "{:?}",
        r2.log
    );
    s.advance();
    s.advance();
    let unhcr = s.actors().into_iter().find(|a| a.id == "unhcr").unwrap();
    assert_eq!(unhcr.status, ActorStatus::Withdrawn);
}

#[test]
fn a_request_for_assistance_reaches_the_room() {
    let rfa = r#"(id: "rfa", trigger: AtTurn(1), effects: [RequestForAssistance(district: "tense", sector: Water, text: "The mayor asks for water trucks.")])"#;
    let mut s = sim(&scenario(rfa, 0.5));
    let r = s.advance();
    assert!(
        r.log.iter().any(|l| l.text
            == "request for assistance (water in tense): The mayor asks for water trucks.")
    );
}

#[test]
fn people_flee_a_district_whose_security_has_collapsed() {
    let mut s = sim(&scenario("", 0.05));
    let r = s.advance();
    let fled = group(&s, "idp:calm").size;
    // By the end of the turn security has moved halfway to the 0.3 coping floor (0.175), which
    // is 42% of the way below the 0.3 threshold: 0.42 × 8% ≈ 3.3% of 6,000 leave that day.
    assert!((150..=250).contains(&fled), "{fled} fled: {:?}", r.log);
    assert!(
        r.log
            .iter()
            .any(|l| l.text == format!("{fled} people flee tense for calm"))
    );
    // Calm, safe and supplied, loses nobody to flight.
    assert_eq!(group(&s, "idp:tense").size, 0);
    // The displaced strain the services of the district that takes them in.
    let people: u64 = s
        .districts()
        .iter()
        .find(|d| d.id == "calm")
        .unwrap()
        .people;
    assert_eq!(
        people,
        u64::from(group(&s, "calm_pop").size) + u64::from(fled)
    );
}

#[test]
fn a_facilitator_schedules_an_inject_only_for_a_turn_still_to_play() {
    use cimic_core::sim::facilitator::{ActionError, FacilitatorAction};
    let s = common::scenario("tutorial");
    let mut sim = cimic_core::Simulation::new(&s, 1).unwrap();
    sim.advance();
    let schedule = |turn| FacilitatorAction::ScheduleEvent {
        event: "looting".into(),
        turn,
    };
    let past = sim.facilitate(schedule(1)).unwrap_err();
    assert!(matches!(
        past,
        ActionError::TurnPassed {
            turn: 1,
            next: 2,
            last: 8
        }
    ));
    assert_eq!(
        past.to_string(),
        "turn 1 is past; schedule for turn 2–8 (or trigger the event now)"
    );
    let late = sim.facilitate(schedule(9)).unwrap_err();
    assert!(
        late.to_string()
            .contains("after the exercise ends (turn 8)"),
        "{late}"
    );
    sim.facilitate(schedule(4)).unwrap();
    let mut fired = Vec::new();
    while sim.turn() < 4 {
        let r = sim.advance();
        if r.log
            .iter()
            .any(|l| l.subject == "looting" && l.text.starts_with("event:"))
        {
            fired.push(sim.turn());
        }
    }
    assert!(fired.contains(&4), "looting fired on turns {fired:?}");
}
