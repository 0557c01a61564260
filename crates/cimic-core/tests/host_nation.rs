//! Host-nation support (docs/rules.md §9, MC 411/2 §21): a unit refills its supplies from the
//! local water, food and fuel of the district it stands in. Arranged by a host-nation authority,
//! the draw takes what people can spare; requisitioned, it takes from everyone alike, costs the
//! district's consent, and the part people needed is civil harm.

mod common;

use cimic_core::Order;
use cimic_core::orders::Reason;
use cimic_core::sim::scoring::doctrine::Principle;
use cimic_core::sim::scoring::harm::HarmKind;
use cimic_core::sim::services::hns_taken_from_people;
use common::*;

/// The tutorial with A Company short of supplies in Westfield (no host-nation authority there)
/// and the medical platoon short of supplies in Aldbrook, whose mayor coordinates with the force.
fn short_of_supplies() -> cimic_core::Simulation {
    let text = scenario_text("tutorial")
        .replace(
            r#"kind: Infantry, position: (1, 3))"#,
            r#"kind: Infantry, position: (1, 3), supplies: 30.0)"#,
        )
        .replace(
            r#"kind: Medical, position: (1, 4))"#,
            r#"kind: Medical, position: (7, 4), supplies: 30.0)"#,
        );
    assert_eq!(
        text.matches("supplies: 30.0").count(),
        2,
        "both units edited"
    );
    start("tutorial.ron", &text, 1)
}

fn resupply(unit: &str, district: &str) -> Order {
    Order::Resupply {
        unit: unit.into(),
        district: district.into(),
    }
}

/// Civil harm points of host-nation draws in the ledger so far.
fn draw_harm(sim: &cimic_core::Simulation) -> f64 {
    sim.ledger()
        .entries
        .iter()
        .filter(|e| e.text.contains("draw on local water, food and fuel"))
        .map(|e| e.amount)
        .sum()
}

#[test]
fn a_requisition_refills_the_unit_but_costs_consent_needs_and_harm() {
    let mut drawn = short_of_supplies();
    let mut plain = short_of_supplies();
    ok(&mut drawn, resupply("inf1", "westfield"));
    let report = drawn.advance();
    plain.advance();
    assert_eq!(unit(&drawn, "inf1").supplies, 70.0, "30 + 40 supplies");
    assert!(
        report
            .log
            .iter()
            .any(|l| l.text.contains("requisitions 40 supplies")),
        "the log says the force requisitioned"
    );
    let consent = |s: &cimic_core::Simulation| group(s, "westfield_farmers").consent;
    assert!(
        consent(&drawn) < consent(&plain),
        "people saw the force take"
    );
    let water = |s: &cimic_core::Simulation| {
        group(s, "westfield_farmers").needs[cimic_core::scenario::format::Sector::Water.index()]
    };
    assert!(
        water(&drawn) < water(&plain),
        "less water left for the farmers"
    );
    assert!(draw_harm(&drawn) > 0.0, "the share people needed is harm");
    assert!(drawn.ledger().entries.iter().any(|e| {
        e.check
            .is_some_and(|c| c.principle == Principle::HostNationSupport && !c.upheld)
    }));
}

#[test]
fn a_draw_arranged_with_the_mayor_costs_no_consent_and_less_harm() {
    let mut sim = short_of_supplies();
    let before = group(&sim, "aldbrook_town").consent;
    ok(&mut sim, resupply("med1", "aldbrook"));
    let report = sim.advance();
    assert_eq!(unit(&sim, "med1").supplies, 70.0);
    assert!(
        report.log.iter().any(|l| l
            .text
            .contains("arranged with the host nation's authorities")),
        "the mayor arranged it"
    );
    let mut plain = short_of_supplies();
    plain.advance();
    let consent = |s: &cimic_core::Simulation| group(s, "aldbrook_town").consent;
    // No requisition penalty: consent moves only through the needs the draw touched.
    let lost = consent(&plain) - consent(&sim);
    assert!(
        lost < cimic_core::rules::REQUISITION_CONSENT_LOSS / 2.0,
        "an arranged draw is no requisition: consent lost {lost}"
    );
    assert!((consent(&sim) - before).abs() < 0.2, "the same group read");
    assert!(sim.ledger().entries.iter().any(|e| {
        e.check
            .is_some_and(|c| c.principle == Principle::HostNationSupport && c.upheld)
    }));
}

#[test]
fn full_supplies_are_not_refilled_at_the_population_s_expense() {
    let mut sim = start("tutorial.ron", &scenario_text("tutorial"), 1);
    assert_eq!(
        reject(&mut sim, resupply("inf1", "westfield")),
        Reason::SuppliesFull
    );
}

#[test]
fn arranged_draws_take_what_is_spare_first_and_requisitions_take_from_everyone() {
    // 1,000 people, 1,500 people's worth of water: 500 spare.
    assert_eq!(hns_taken_from_people(400.0, 1500.0, 1000.0, true), 0.0);
    assert_eq!(hns_taken_from_people(800.0, 1500.0, 1000.0, true), 300.0);
    // A requisition of 600 takes 1,000/1,500 of it from what people needed.
    assert!((hns_taken_from_people(600.0, 1500.0, 1000.0, false) - 400.0).abs() < 1e-3);
    // Short supply: every unit drawn is one people needed, arranged or not.
    assert_eq!(hns_taken_from_people(300.0, 800.0, 1000.0, true), 300.0);
    assert_eq!(hns_taken_from_people(300.0, 800.0, 1000.0, false), 300.0);
    // Nothing to take, nobody to take from.
    assert_eq!(hns_taken_from_people(300.0, 0.0, 1000.0, false), 0.0);
}

#[test]
fn the_harm_weight_is_a_fortieth_of_displacement_per_person() {
    let w = cimic_core::scenario::format::HarmWeights::default();
    assert!((w.host_nation_draw * 40.0 - w.displacement).abs() < 1e-6);
    assert_eq!(
        HarmKind::HostNationDraw.principle(),
        Principle::HostNationSupport
    );
}

/// The built-in CIMIC line soon out of supplies (docs/rules.md §21.6): where a host-nation
/// authority arranges the draw it refills there, and where none does and no arranged district is
/// within reach it works on rather than requisition before it is about to halt.
#[test]
fn cimic_first_refills_where_the_host_nation_arranges_it_and_does_not_requisition_early() {
    let text = scenario_text("tutorial")
        .replace(
            r#"kind: Infantry, position: (1, 3))"#,
            r#"kind: Infantry, position: (1, 3), supplies: 10.0)"#,
        )
        .replace(
            r#"kind: Medical, position: (1, 4))"#,
            r#"kind: Medical, position: (7, 4), supplies: 10.0)"#,
        );
    let sim = start("tutorial.ron", &text, 1);
    let mut policy = cimic_core::policy::by_name("cimic-first").expect("built in");
    let orders = policy.plan(&sim);
    assert!(
        orders.contains(&resupply("med1", "aldbrook")),
        "the mayor arranges it: {orders:?}"
    );
    assert!(
        !orders.contains(&resupply("inf1", "westfield")),
        "no requisition in Westfield at 10 supplies: {orders:?}"
    );
}

/// A unit short of supplies where people are short goes a short way to a district that can
/// spare water, food and fuel and whose authorities arrange the draw: in the held-out domestic
/// scenario (storm-hit Kesten and Highmoor, Portmouth and Eastgate with supply to spare), the
/// CIMIC line never requisitions and draws most of its supplies where they are spare.
#[test]
fn cimic_first_goes_to_draw_where_supply_is_spare() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios/domestic_transit.ron");
    let text = std::fs::read_to_string(path).expect("the held-out scenario ships");
    let mut sim = start("domestic_transit.ron", &text, 1);
    let mut policy = cimic_core::policy::by_name("cimic-first").expect("built in");
    let mut log = Vec::new();
    while !sim.finished() {
        cimic_core::policy::command(&mut sim, policy.as_mut());
        log.extend(sim.advance().log.into_iter().map(|l| l.text));
    }
    let draws: Vec<&String> = log.iter().filter(|t| t.contains(" supplies in ")).collect();
    assert!(!draws.is_empty(), "units ran short and refilled");
    assert!(
        draws
            .iter()
            .all(|t| t.contains("arranged with the host nation")),
        "{draws:?}"
    );
    let taken = draw_harm(&sim);
    let full = 0.0005 * 3.0 * 3_000.0 * draws.len() as f64;
    assert!(
        taken < 0.5 * full,
        "most of what was drawn was spare: {taken:.2} of at most {full:.2} ({draws:?})"
    );
}
