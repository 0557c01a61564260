//! How the CIMIC-minded line spends its care units and its CIMIC teams (docs/rules.md §21.6):
//! a medical unit treats the sick where that is a last resort instead of handing out health aid,
//! and no CIMIC team spends its turn on an actor another team already meets that turn (a briefing,
//! a visit or a key leader engagement beside another contact changes nothing).
//!
//! Both were found on the way to closing `divided_town`'s `exploit-pump` pair: once health aid was
//! valued for the lives it saves (`last_resort::deaths_averted`), a medical company in the held-out
//! `peace_operation` handed out health aid in West Bank instead of treating there and the game
//! lost five more lives; and two teams briefing and meeting the same municipality in one turn
//! cost `divided_town` and `domestic_transit` a wasted liaison each, which made three tricks pay
//! on efficiency.

mod common;

use cimic_core::scenario::format::UnitKind;
use cimic_core::{Order, Simulation};
use std::path::{Path, PathBuf};

/// Plays a whole game with `cimic-first`; returns the game at its end and every order it gave.
fn play(path: &Path, seed: u64) -> (Simulation, Vec<(u32, Order)>) {
    let s = cimic_core::load_file(path).expect("a shipped scenario loads");
    common::play_named(&s, seed, "cimic-first")
}

/// The shipped scenarios, and the held-out ones (while they are) where the findings showed:
/// `peace_operation` (health aid from a medical unit) and `polling_day` (a leader two teams
/// engaged in one turn).
fn scenarios() -> Vec<PathBuf> {
    let mut out = common::shipped();
    for name in ["peace_operation", "polling_day"] {
        let held_out = common::repo(format!("scenarios/candidates/{name}.ron"));
        if held_out.exists() {
            out.push(held_out);
        }
    }
    out
}

#[test]
fn medical_units_treat_where_treatment_is_a_last_resort_rather_than_hand_out_health_aid() {
    for path in scenarios() {
        let name = path.display();
        for seed in 1..=2 {
            let (sim, given) = play(&path, seed);
            let medical: Vec<String> = sim
                .units()
                .into_iter()
                .filter(|u| u.kind == UnitKind::Medical)
                .map(|u| u.id)
                .collect();
            for (turn, o) in &given {
                if let Order::ProvideAid {
                    unit,
                    district,
                    sector,
                } = o
                {
                    assert!(
                        !(medical.contains(unit) && sector.name() == "health"),
                        "{name} seed {seed}, turn {turn}: medical unit {unit} hands out health \
                         aid in {district} instead of treating there (medical support halves \
                         deaths besides)"
                    );
                }
            }
        }
    }
}

#[test]
fn no_cimic_team_spends_its_turn_on_an_actor_another_team_meets_that_turn() {
    for path in scenarios() {
        let name = path.display();
        for seed in 1..=2 {
            let (sim, _) = play(&path, seed);
            let wasted: Vec<String> = sim
                .ledger()
                .entries
                .iter()
                .filter(|e| {
                    e.text
                        .contains("again: trust already full and coordination current")
                        || e.text
                            .contains("again too soon: its people heard it already")
                })
                .map(|e| format!("turn {}: {}", e.turn, e.text))
                .collect();
            assert!(
                wasted.is_empty(),
                "{name} seed {seed}: a second contact with an actor in one turn changes nothing:\n{}",
                wasted.join("\n")
            );
        }
    }
}
