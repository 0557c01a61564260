//! Security and the adversary: engagements and their collateral harm, protected sites, guarding
//! sites against sabotage, recruitment among the aggrieved where the force is absent.

use cimic_core::orders::Reason;
use cimic_core::scenario::format::Capability;
use cimic_core::{Order, Simulation};
use common::{group, reject, unit};

mod common;

/// West: a dense town (urban, 30,000 people); east: open farmland (600 people). A militia cell in
/// each, a hospital next to the town cell, a depot near the farmland cell.
fn scenario(extra_units: &str) -> String {
    format!(
        r#"Scenario(
    format: 1,
    meta: (id: "fight", title: "Security", turns: 10, start_date: "2026-06-01"),
    map: (
        width: 8, height: 3,
        terrain: (fill: Rural, regions: [(terrain: Urban, area: Rect(min: (0, 0), max: (3, 2)))]),
        districts: [
            (id: "town", name: "Town", areas: [Rect(min: (0, 0), max: (3, 2))]),
            (id: "farms", name: "Farms", areas: [Rect(min: (4, 0), max: (7, 2))]),
        ],
    ),
    sides: [
        (id: "blue", name: "Blue", role: Force),
        (id: "red", name: "Militia", role: Adversary),
    ],
    units: [
        (id: "inf_town", side: "blue", kind: Infantry, position: (1, 1)),
        (id: "inf_farms", side: "blue", kind: Infantry, position: (5, 1)),
        (id: "cimic", side: "blue", kind: CimicTeam, position: (2, 1)),
        (id: "cell_town", side: "red", kind: Irregular, position: (2, 1), strength: 60),
        (id: "cell_farms", side: "red", kind: Irregular, position: (6, 1), strength: 60),
        {extra_units}
    ],
    population: [
        (id: "townsfolk", district: "town", size: 30000, attitudes: (consent: 0.5, legitimacy: 0.3)),
        (id: "farmers", district: "farms", size: 600, attitudes: (consent: 0.5, legitimacy: 0.3)),
    ],
    infrastructure: [
        (id: "hospital", kind: Hospital, hex: (3, 1), capacity: 30000, serves: ["town"], protected: Medical),
        (id: "depot", kind: Warehouse, hex: (7, 2), capacity: 600, serves: ["farms"]),
    ],
)"#
    )
}

fn sim(text: &str, seed: u64) -> Simulation {
    common::start("fight.ron", text, seed)
}

fn strength(s: &Simulation, id: &str) -> f32 {
    unit(s, id).strength
}

fn killed(s: &Simulation, id: &str) -> u32 {
    group(s, id).killed_by_force
}

#[test]
fn engage_order_acceptance_and_rejections() {
    let mut s = sim(&scenario(""), 1);
    let before = s.state_hash();
    assert_eq!(
        reject(
            &mut s,
            Order::Engage {
                unit: "cimic".into(),
                target: "cell_town".into()
            }
        ),
        Reason::Incapable(Capability::Engage)
    );
    assert_eq!(
        reject(
            &mut s,
            Order::Engage {
                unit: "inf_town".into(),
                target: "inf_farms".into()
            }
        ),
        Reason::NotHostile {
            unit: "inf_farms".into()
        }
    );
    assert_eq!(
        reject(
            &mut s,
            Order::Engage {
                unit: "inf_town".into(),
                target: "cell_farms".into()
            }
        ),
        Reason::OutOfReach { distance: 5 }
    );
    assert_eq!(s.state_hash(), before);
    s.submit(Order::Engage {
        unit: "inf_town".into(),
        target: "cell_town".into(),
    })
    .unwrap();
}

#[test]
fn fighting_in_a_dense_town_kills_civilians_and_hits_protected_sites_fighting_in_fields_does_not() {
    let mut s = sim(&scenario(""), 1);
    s.submit(Order::Engage {
        unit: "inf_town".into(),
        target: "cell_town".into(),
    })
    .unwrap();
    s.submit(Order::Engage {
        unit: "inf_farms".into(),
        target: "cell_farms".into(),
    })
    .unwrap();
    let r = s.advance();
    assert!(strength(&s, "cell_town") < 60.0 - 20.0, "{:?}", r.log);
    // Town: 30,000 people on 16 urban hexes → density 3.75, ×3 urban, ×2 base ≈ 22 killed.
    let town = killed(&s, "townsfolk");
    assert!((15..=30).contains(&town), "{town} killed: {:?}", r.log);
    assert_eq!(
        killed(&s, "farmers"),
        0,
        "600 people on open ground: below one expected death"
    );
    assert!(
        r.log.iter().any(|l| l.text
            == "protected site hit: hospital (medical facility) in inf_town's engagement")
    );
    assert!(r.log.iter().any(|l| l.text.starts_with("collateral harm:")));
    // The town's consent pays for it.
    let townsfolk = s
        .groups()
        .into_iter()
        .find(|g| g.id == "townsfolk")
        .unwrap();
    let farmers = s.groups().into_iter().find(|g| g.id == "farmers").unwrap();
    assert!(townsfolk.consent < farmers.consent - 0.03);
}

#[test]
fn engagements_continue_until_the_target_is_neutralised() {
    let mut s = sim(&scenario(""), 1);
    s.submit(Order::Engage {
        unit: "inf_farms".into(),
        target: "cell_farms".into(),
    })
    .unwrap();
    let mut broke_off = None;
    for _ in 0..6 {
        let r = s.advance();
        if r.log
            .iter()
            .any(|l| l.text.starts_with("inf_farms breaks off"))
        {
            broke_off = Some(r.turn);
            break;
        }
    }
    assert_eq!(strength(&s, "cell_farms"), 0.0);
    assert!(
        strength(&s, "inf_farms") < 100.0,
        "the fight costs the attacker too"
    );
    // Once the target is neutralised the unit breaks off and stops paying for the fight.
    assert!(broke_off.is_some());
    let unit = s.units().into_iter().find(|u| u.id == "inf_farms").unwrap();
    assert_eq!(unit.task, cimic_core::sim::TaskView::Hold);
    s.advance();
    let after = s.units().into_iter().find(|u| u.id == "inf_farms").unwrap();
    assert_eq!(after.supplies, unit.supplies);
}

#[test]
fn a_guarded_site_is_never_sabotaged_an_unguarded_one_is() {
    let guard = r#"(id: "guard", side: "blue", kind: MilitaryPolice, position: (7, 1)),"#;
    let mut hit_unguarded = 0;
    let mut hit_guarded = 0;
    for seed in 0..20 {
        let mut a = sim(&scenario(""), seed);
        let mut b = sim(&scenario(guard), seed);
        b.submit(Order::SecureSite {
            unit: "guard".into(),
            target: "depot".into(),
        })
        .unwrap();
        for _ in 0..5 {
            hit_unguarded += a
                .advance()
                .log
                .iter()
                .filter(|l| l.text.starts_with("sabotage: cell_farms damages depot"))
                .count();
            hit_guarded += b
                .advance()
                .log
                .iter()
                .filter(|l| l.text.starts_with("sabotage: cell_farms damages depot"))
                .count();
        }
    }
    assert!(hit_unguarded > 0);
    assert_eq!(hit_guarded, 0);
}

#[test]
fn secure_site_rejected_when_too_far() {
    let mut s = sim(&scenario(""), 1);
    assert_eq!(
        s.submit(Order::SecureSite {
            unit: "inf_town".into(),
            target: "depot".into()
        })
        .unwrap_err()
        .reason,
        Reason::TooFar { distance: 6 }
    );
}

#[test]
fn adversaries_recruit_among_the_aggrieved_where_the_force_is_absent() {
    // Move the infantry out of the farms: the cell there recruits; the town cell, with infantry
    // and a CIMIC team beside it, recruits less.
    let mut s = sim(&scenario(""), 1);
    s.submit(Order::Move {
        unit: "inf_farms".into(),
        to: (3, 0),
    })
    .unwrap();
    for _ in 0..5 {
        s.advance();
    }
    assert!(strength(&s, "cell_farms") > 60.0);
    assert!(strength(&s, "cell_farms") > strength(&s, "cell_town"));
}
