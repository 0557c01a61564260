//! Host-nation support taken while a unit waits (docs/rules.md §9, §21.6): the CIMIC-minded line
//! tops a unit up when it is left with nothing to do, where a host-nation authority arranges the
//! draw from what the district can spare, so that its next long task does not break off for a
//! refill trip. In the held-out `domestic_transit` the logistics battalion waits in Portmouth
//! (the storm has closed the Kesten bridge) with 35 supplies; before, it set out for Highmoor
//! with them and, its water service there running low, left it on turns 10–12 for a refill in
//! Eastgate, and `exploit-requisition`, which tops up every idle unit below 70 wherever it stands,
//! gained +0.20 effectiveness on every seed by the water Highmoor kept.

mod common;

use cimic_core::policy::{self, Policy};
use cimic_core::{Order, load_file};

/// Plays a whole game; returns every order accepted, by turn, and the final effectiveness.
fn play(p: &mut dyn Policy, seed: u64) -> (Vec<(u32, Order)>, f64) {
    let path = common::repo("scenarios/domestic_transit.ron");
    let s = load_file(&path).unwrap_or_else(|e| panic!("{e}"));
    let (sim, given) = common::play_policy(&s, seed, p);
    (given, sim.scores().effectiveness)
}

#[test]
fn an_idle_unit_tops_up_where_the_host_nation_can_spare_it_and_skips_the_refill_trip() {
    let mut cimic = policy::by_name("cimic-first").expect("a built-in policy");
    let (given, effectiveness) = play(cimic.as_mut(), 1);
    let draws: Vec<(u32, String)> = given
        .iter()
        .filter_map(|(t, o)| match o {
            Order::Resupply { unit, district } if unit == "log1" => Some((*t, district.clone())),
            _ => None,
        })
        .collect();
    // Waiting in Portmouth, where the city council arranges the draw from what the harbour, the
    // power plant and the water works spare: one full top-up there, and no trip later.
    assert_eq!(
        draws,
        vec![(3, "portmouth".to_string())],
        "log1's draws: {draws:?}"
    );
    // The trick no longer gains by topping up early.
    let mut trick = policy::by_name("exploit-requisition").expect("a built-in policy");
    let (_, tricked) = play(trick.as_mut(), 1);
    assert!(
        tricked <= effectiveness + 0.05,
        "exploit-requisition {tricked:.2} against cimic-first {effectiveness:.2}"
    );
}
