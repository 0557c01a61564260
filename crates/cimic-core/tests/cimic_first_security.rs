//! What `cimic-first`'s patrols weigh (docs/rules.md §21.6): besides the adversary's cover they
//! deny and the security people lack, what the mission and the people ask of them, as its
//! services do — a pending objective that names a district's security, and a request for
//! security still open. Found by the held-out `polling_day` (scenarios/README.md), written from
//! docs/ alone: `cimic-first` left both of Tala's requests for security unanswered and never
//! patrolled Riverside, whose security an objective named, and three tricks paid on civil harm.

mod common;

use cimic_core::sim::requests::RequestState;

#[test]
fn cimic_first_answers_the_requests_for_security_it_can_reach() {
    let s = common::held_out("polling_day");
    for seed in 1..=3 {
        let (sim, _) = common::play_named(&s, seed, "cimic-first");
        let security: Vec<_> = sim
            .requests()
            .into_iter()
            .filter(|r| r.sector.name() == "security")
            .collect();
        assert!(!security.is_empty(), "polling_day asks for security");
        let ignored: Vec<String> = security
            .iter()
            .filter(|r| r.state == RequestState::Ignored)
            .map(|r| format!("turn {} in district {:?}", r.turn, r.district))
            .collect();
        assert!(
            ignored.is_empty(),
            "seed {seed}: requests for security left unanswered: {}",
            ignored.join(", ")
        );
    }
}
