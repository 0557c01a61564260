//! A service handed over to an owner that cannot carry it all (docs/rules.md §9, §21.6): the
//! CIMIC-minded line serves on beside the owner as a stopgap while the people there are still
//! overwhelmed, instead of leaving its platoon idle, so restarting the service after each
//! hand-over (`exploit-pump`) gains nothing. In `divided_town`, `cimic-first` hands West Bank's
//! health service to the municipality on turn 13; health there stays below 0.8 and people die of
//! it. Before, the hand-over put health in the municipality's mandate, so `cimic-first`'s
//! last-resort test kept its logistics platoon out for the rest of the game. (The pump, which
//! restarts the service every other turn, met a little more need there until `cimic-first`
//! valued health aid for the lives it saves: `cimic_first_care.rs`.)

mod common;

use cimic_core::policy;
use cimic_core::{Order, Simulation};

/// Plays a whole game; returns every order the policy submitted, by turn.
fn play(name: &str, seed: u64) -> Vec<(u32, Order)> {
    let s = common::scenario("divided_town");
    let mut sim = Simulation::new(&s, seed).expect("a shipped scenario starts");
    let mut p = policy::by_name(name).expect("a built-in policy");
    let mut given = Vec::new();
    let mut turn = 0;
    while !sim.finished() {
        turn += 1;
        let orders = p.plan(&sim);
        for o in orders {
            if sim.submit(o.clone()).is_ok() {
                given.push((turn, o));
            }
        }
        for (decision, option) in p.decide(&sim) {
            let _ = sim.decide(&decision, &option);
        }
        sim.advance();
    }
    given
}

#[test]
fn cimic_first_serves_on_beside_an_owner_that_cannot_carry_the_service() {
    let given = play("cimic-first", 1);
    // The service it hands over: the last aid order of the unit before its hand-over.
    let (handed_on, unit, district, sector) = given
        .iter()
        .find_map(|(t, o)| match o {
            Order::Handover { unit, .. } => {
                given
                    .iter()
                    .rev()
                    .filter(|(u, _)| u < t)
                    .find_map(|(_, p)| match p {
                        Order::ProvideAid {
                            unit: pu,
                            district,
                            sector,
                        } if pu == unit => Some((*t, unit.clone(), district.clone(), *sector)),
                        _ => None,
                    })
            }
            _ => None,
        })
        .expect("cimic-first hands an aid service over in divided_town");
    assert_eq!(
        (district.as_str(), sector.name()),
        ("west_bank", "health"),
        "the service handed over in West Bank"
    );
    let resumed = given.iter().any(|(t, o)| {
        *t > handed_on
            && matches!(o, Order::ProvideAid { district: d, sector: s, .. }
                if *d == district && *s == sector)
    });
    assert!(
        resumed,
        "{unit} handed {district}'s {} over on turn {handed_on} and never served it again, \
         though the municipality cannot carry it all",
        sector.name()
    );
    // It never hands the same service over twice (a second hand-over transfers nothing).
    let handovers = given
        .iter()
        .filter(|(_, o)| matches!(o, Order::Handover { unit: u, .. } if *u == unit))
        .count();
    assert_eq!(handovers, 1, "{unit} hands its service over once");
}
