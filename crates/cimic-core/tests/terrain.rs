//! Terrain binds everyone (docs/rules.md §11.1 and §15): a collapsed bridge cuts a valley off
//! for the civilian actors and for people on the move, not only for the force's units; an actor
//! with boats or aircraft still gets through.

mod common;

use common::*;

/// The tutorial (Westfield and Aldbrook either side of the Ald, joined by one bridge at 0.3 that
/// does not carry traffic) with a relief agency based in Westfield that also works in Aldbrook,
/// travelling as `transport` says, and the bridge at `bridge` condition.
fn valley(transport: &str, bridge: f32) -> cimic_core::Simulation {
    let text = scenario_text("tutorial")
        .replace(
            "    actors: [\n",
            &format!(
                "    actors: [\n        (id: \"valley_relief\", name: \"Valley Relief\", kind: Ngo, \
                 mandate: [Food], capacity: 4000, districts: [\"westfield\", \"aldbrook\"], \
                 transport: {transport}),\n"
            ),
        )
        .replace(
            "kind: Bridge, hex: (5, 3), condition: 0.3",
            &format!("kind: Bridge, hex: (5, 3), condition: {bridge:?}"),
        )
        // The clinic decision's evacuation, taken by default: people displaced towards Westfield.
        .replace(r#"default: "stay""#, r#"default: "evacuate""#);
    start("tutorial.ron", &text, 1)
}

fn says(report: &cimic_core::TurnReport, subject: &str, words: &str) -> bool {
    report
        .log
        .iter()
        .any(|l| l.subject == subject && l.text.contains(words))
}

#[test]
fn a_collapsed_bridge_cuts_an_agency_off_and_boats_get_through() {
    let mut cut = valley("Ground", 0.3);
    let report = cut.advance();
    assert!(
        says(
            &report,
            "valley_relief",
            "cut off from aldbrook (no land route from westfield)"
        ),
        "{:?}",
        report.log
    );
    assert_eq!(actor(&cut, "valley_relief").reaches, vec!["westfield"]);

    let mut boats = valley("Boats", 0.3);
    let report = boats.advance();
    assert!(
        !says(&report, "valley_relief", "cut off"),
        "{:?}",
        report.log
    );
    assert_eq!(
        actor(&boats, "valley_relief").reaches,
        vec!["westfield", "aldbrook"]
    );
    // Food reached Aldbrook only by boat.
    let food = |sim: &cimic_core::Simulation| group(sim, "aldbrook_town").needs[1];
    assert!(food(&boats) > food(&cut) + 0.01);

    let mut bridged = valley("Ground", 0.9);
    let report = bridged.advance();
    assert!(
        !says(&report, "valley_relief", "cut off"),
        "{:?}",
        report.log
    );
}

#[test]
fn people_cannot_flee_over_a_collapsed_bridge() {
    // The storm on turn 5 opens the clinic decision; its default (evacuate) is applied at the
    // start of turn 6 and displaces 1 % of Aldbrook towards Westfield — over the bridge.
    let moved = |bridge: f32| -> u32 {
        let mut sim = valley("Ground", bridge);
        while !sim.finished() {
            sim.advance();
        }
        group(&sim, "idp:westfield").size
    };
    assert_eq!(moved(0.3), 0, "nobody walks over a collapsed bridge");
    assert!(
        moved(0.9) > 0,
        "with the bridge standing, people are evacuated"
    );
}
