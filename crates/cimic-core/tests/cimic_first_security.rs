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

/// Where `cimic-first` uses force (open ground, nobody in reach of the fire), it sends enough to
/// end the fight in one turn when a second unit can arrive with the first: a shorter fight takes
/// less return fire and frees both units sooner. Found by the held-out `harbour_cholera`, written
/// from docs/ alone: one company took two turns over the checkpoint on the hill road that
/// `exploit-engage` cleared in one with both, and the trick gained +0.09 effectiveness on 171 of
/// 200 seeds (and `exploit-engage` +0.66 efficiency in `peace_operation`).
#[test]
fn cimic_first_sends_enough_force_to_end_a_safe_engagement_in_one_turn() {
    use cimic_core::orders::Order;
    let s = common::held_out("harbour_cholera");
    for seed in 1..=3 {
        let (_, given) = common::play_named(&s, seed, "cimic-first");
        let engagements: Vec<(u32, &str, &str)> = given
            .iter()
            .filter_map(|(t, o)| match o {
                Order::Engage { unit, target } => Some((*t, unit.as_str(), target.as_str())),
                _ => None,
            })
            .collect();
        let &(turn, _, target) = engagements
            .first()
            .expect("cimic-first clears the checkpoint on open ground");
        let units = engagements
            .iter()
            .filter(|e| e.0 == turn && e.2 == target)
            .count();
        assert!(
            units >= 2,
            "seed {seed}: {units} unit(s) sent against {target} on turn {turn}: {engagements:?}"
        );
    }
}
