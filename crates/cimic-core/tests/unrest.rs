//! Civil unrest in the districts (Epstein's rule with citizen agents): grievance from hardship
//! and illegitimacy, deterred by the police and troops present, and costing the district security.

use cimic_core::scenario::format::Sector;
use cimic_core::{Order, Simulation};

mod common;

fn scenario(legitimacy: f32, extra: &str, unrest: &str) -> String {
    format!(
        r#"Scenario(
    format: 1,
    meta: (id: "unrest", title: "Unrest", turns: 10, start_date: "2026-07-01"),
    map: (
        width: 6, height: 3,
        terrain: (fill: Urban),
        districts: [(id: "city", name: "City", areas: [Rect(min: (0, 0), max: (5, 2))])],
    ),
    sides: [(id: "blue", name: "Blue", role: Force)],
    units: [{extra}],
    population: [
        (id: "citizens", district: "city", size: 40000,
         needs: (water: 0.3, food: 0.3, health: 0.3, shelter: 0.4, security: 0.5),
         attitudes: (legitimacy: {legitimacy})),
    ],
    events: [
        (id: "riots", title: "Riots reported", trigger: When(UnrestAbove(district: "city", value: 0.2)),
         effects: [Message("Riots in the city centre.")]),
    ],
    unrest: ({unrest}),
)"#
    )
}

fn sim(text: &str) -> Simulation {
    common::start("unrest.ron", text, 5)
}

fn active(s: &Simulation) -> f32 {
    s.unrest()[0].1
}

const MPS: &str = r#"(id: "mp1", side: "blue", kind: MilitaryPolice, position: (1, 1)),
    (id: "mp2", side: "blue", kind: MilitaryPolice, position: (3, 1)),
    (id: "mp3", side: "blue", kind: MilitaryPolice, position: (5, 1)),"#;

#[test]
fn a_hard_pressed_district_with_an_illegitimate_government_and_no_police_rises() {
    let mut s = sim(&scenario(0.2, "", ""));
    let mut riots = false;
    for _ in 0..3 {
        riots |= s
            .advance()
            .log
            .iter()
            .any(|l| l.text == "Riots in the city centre.");
    }
    assert!(active(&s) > 0.3, "{}", active(&s));
    assert!(
        riots,
        "the UnrestAbove condition fires the scenario's event"
    );
}

#[test]
fn legitimacy_keeps_people_quiet() {
    // At legitimacy 0.95 grievance H·(1 − L) never exceeds 0.05, below the 0.3 threshold.
    // (Checked after one turn: legitimacy itself erodes where the government delivers nothing.)
    let mut s = sim(&scenario(0.95, "", ""));
    s.advance();
    assert_eq!(active(&s), 0.0);
}

#[test]
fn police_presence_deters_and_detains() {
    // Without the community's own restraint, so that only police can detain anyone.
    let mut alone = sim(&scenario(0.2, "", "informal_control_per_thousand: 0"));
    let mut policed = sim(&scenario(0.2, MPS, "informal_control_per_thousand: 0"));
    for id in ["mp1", "mp2", "mp3"] {
        policed
            .submit(Order::Patrol {
                unit: id.into(),
                district: "city".into(),
            })
            .unwrap();
    }
    for _ in 0..4 {
        alone.advance();
        policed.advance();
    }
    assert!(
        active(&policed) < active(&alone) - 0.1,
        "{} vs {}",
        active(&policed),
        active(&alone)
    );
    assert!(policed.unrest()[0].2 > 0.0, "cops arrest active citizens");
    assert_eq!(alone.unrest()[0].2, 0.0, "nobody to arrest them");
}

#[test]
fn unrest_costs_the_district_security() {
    let mut with = sim(&scenario(0.2, "", ""));
    let mut without = sim(&scenario(0.2, "", "max_citizens: 0"));
    for _ in 0..2 {
        with.advance();
        without.advance();
    }
    let sec = |s: &Simulation| s.districts()[0].need(Sector::Security);
    assert!(
        sec(&with) < sec(&without) - 0.05,
        "{} vs {}",
        sec(&with),
        sec(&without)
    );
    assert_eq!(
        active(&without),
        0.0,
        "max_citizens 0 switches the model off"
    );
}

#[test]
fn a_village_restrains_its_own_where_no_police_stand() {
    // The same hard-pressed people without police: in the city (urban ground) a share of them
    // rise; on rural ground the community's informal control is twice as strong and keeps most
    // of them home (docs/rules.md §14).
    let city = scenario(0.3, "", "");
    let village = city.replace("terrain: (fill: Urban)", "terrain: (fill: Rural)");
    let (mut a, mut b) = (sim(&city), sim(&village));
    for _ in 0..3 {
        a.advance();
        b.advance();
    }
    assert!(
        active(&a) > active(&b) + 0.1,
        "{} vs {}",
        active(&a),
        active(&b)
    );
    // And with the informal control switched off, the village rises as the city does.
    let mut bare =
        sim(&village.replace("unrest: ()", "unrest: (informal_control_per_thousand: 0)"));
    for _ in 0..3 {
        bare.advance();
    }
    assert!(
        active(&bare) > active(&b) + 0.1,
        "{} vs {}",
        active(&bare),
        active(&b)
    );
}

/// With the default unrest settings a disaster population with real grievances is not in open
/// revolt on turn 1 (issue 14): in every shipped scenario, with the force holding, no district
/// where no adversary unit stands has more than a quarter of its citizens active after turn 1.
#[test]
fn no_shipped_district_without_an_adversary_rises_on_turn_one() {
    use cimic_core::scenario::format::SideRole;
    for path in common::shipped() {
        let s = cimic_core::load_file(&path).unwrap_or_else(|e| panic!("{e}"));
        let mut sim = Simulation::new(&s, 1).expect("a shipped scenario starts");
        sim.advance();
        let held: Vec<usize> = sim
            .units()
            .iter()
            .filter(|u| u.role == SideRole::Adversary)
            .filter_map(|u| sim.map().district_at(u.position))
            .map(usize::from)
            .collect();
        for (d, (id, active, _)) in sim.unrest().iter().enumerate() {
            if held.contains(&d) {
                continue;
            }
            assert!(
                *active <= 0.25,
                "{}: {:.0}% of {id}'s citizens are active on turn 1, where no adversary stands",
                path.display(),
                active * 100.0
            );
        }
    }
}
