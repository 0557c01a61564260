//! An engineer guarding a critical site (one that two or more others depend on) keeps to work
//! within 3 hexes of it, ready for the day it is hit — but not at the cost of what the mission
//! asks close by once the site is in good repair (docs/rules.md §21.6, repairs). Found by the
//! held-out `polling_day`, written from docs/ alone: `eng1` guarded the Kessa power station,
//! topping up the 0.01 a turn it and the water works decay, and never repaired Radio Marana four
//! hexes away, whose objective ("back on air by turn 8") then failed on every seed.

mod common;

#[test]
fn a_guardian_repairs_the_objective_next_door_once_its_site_is_sound() {
    let s = common::held_out("polling_day");
    for seed in 1..=3 {
        let (sim, given) = common::play_named(&s, seed, "cimic-first");
        let radio = sim
            .objectives()
            .into_iter()
            .find(|o| o.id == "radio_on_air")
            .expect("the radio objective");
        assert_eq!(
            radio.status, "met",
            "seed {seed}: Radio Marana is not back on air by turn 8"
        );
        // The power station is repaired first: the guardian leaves only a sound site.
        let first_repair = given.iter().find_map(|(t, o)| match o {
            cimic_core::Order::Repair { unit, target } if unit == "eng1" => Some((*t, target)),
            _ => None,
        });
        assert_eq!(
            first_repair.map(|(_, t)| t.as_str()),
            Some("kessa_power"),
            "seed {seed}: eng1 repairs the power station it guards before leaving it"
        );
    }
}
