//! What the force knows of the civil situation when it plans (docs/rules.md §16, §21.6): the
//! people and needs of each district as its picture last saw them, or as the briefing described
//! them where it has never looked. The built-in policies plan from this, not from the truth, so a
//! commander who never refreshes the picture plans on an old one: the needs that grew since and
//! the people who fled are hidden from it, and its aid goes where it is no longer needed.
//!
//! What the force sees directly stays as the views give it: its own units, the adversary units,
//! the sites and their condition, the actors (status, trust, access, capacity), the citizens in
//! the streets, the attitudes and tension people voice, and its own record of whom it helped.

use super::situation::Situation;
use crate::scenario::format::Sector;
use crate::sim::components::ActorStatus;
use crate::sim::knowledge::Snapshot;
use crate::sim::{DistrictView, GroupView, TaskView};

/// The snapshot a district is planned from: the force's picture, else the briefing's.
fn known(
    picture: &[Option<Snapshot>],
    briefing: &[Option<Snapshot>],
    d: usize,
) -> Option<Snapshot> {
    picture
        .get(d)
        .copied()
        .flatten()
        .or_else(|| briefing.get(d).copied().flatten())
}

/// The districts as the force knows them: each one's per-sector satisfaction from its picture,
/// or from the briefing where it has none; the people living there are in plain sight (the
/// displaced on the roads and in the camps are seen, not surveyed). A district empty at the start and never
/// pictured since keeps its true values: people arriving where nobody lived (a camp filling up)
/// are in plain sight of the force, and no briefing can be out of date about them.
pub(crate) fn districts(
    truth: Vec<DistrictView>,
    picture: &[Option<Snapshot>],
    briefing: &[Option<Snapshot>],
) -> Vec<DistrictView> {
    truth
        .into_iter()
        .enumerate()
        .map(|(d, mut view)| {
            if let Some(snap) = known(picture, briefing, d) {
                for (slot, &v) in view.needs.iter_mut().zip(&snap.needs) {
                    slot.1 = v;
                }
            }
            view
        })
        .collect()
}

/// The population groups as the force knows them: the picture holds each district's needs, not
/// each group's, so every group of a district is planned with its district's known needs. The
/// force knows which communities live where and how many (people on the move are in plain
/// sight); the attitudes and tension people voice stay as they are.
pub(crate) fn groups(truth: Vec<GroupView>, known_districts: &[DistrictView]) -> Vec<GroupView> {
    truth
        .into_iter()
        .map(|mut g| {
            let Some(d) = known_districts.iter().position(|x| x.id == g.district) else {
                return g;
            };
            let kd = &known_districts[d];
            for (slot, need) in g.needs.iter_mut().zip(&kd.needs) {
                *slot = need.1;
            }
            g
        })
        .collect()
}

/// What a staff would estimate of the needs it cannot see now (docs/rules.md §21.6): records
/// what the force's aid and medical support delivered last turn (in `delivered`), then brings
/// each district's known needs from the day of its picture (or the briefing) to now. Where nobody
/// but the force serves a need ([`civilians_serve`]), the needs rule (§12) says where it went,
/// turn by turn, toward what people cope with alone plus what the force delivered. Where others
/// serve too, by amounts the force does not see, the picture stands plus what the force's own
/// deliveries must have added (each turn `NEEDS_ADJUST_RATE` × (1 − coping) × the delivered share;
/// in all never more than the largest one adds): without that, in `divided_town` a platoon kept
/// serving Lipa's water, 0.20 in a picture four turns old and 0.80 in truth, while another
/// community was passed by.
pub(crate) fn estimate(sit: &mut Situation, delivered: &mut Vec<(u32, usize, Sector, f32)>) {
    let last = sit.turn.saturating_sub(1);
    for u in sit.force() {
        let (district, sector, amount) = match &u.task {
            TaskView::Aid { district, sector } => (
                district,
                *sector,
                crate::rules::AID_PEOPLE_PER_TURN * u.strength / 100.0,
            ),
            TaskView::Medical { district } => (
                district,
                Sector::Health,
                crate::rules::MEDICAL_PEOPLE_PER_TURN * u.strength / 100.0,
            ),
            _ => continue,
        };
        let Some(d) = sit.district(district) else {
            continue;
        };
        if sit.district_at(u.position) == Some(d) {
            delivered.push((last, d, sector, amount));
        }
    }
    let rate = crate::rules::NEEDS_ADJUST_RATE;
    for d in 0..sit.districts.len() {
        let people = sit.people(d);
        if people <= 0.0 {
            continue;
        }
        // Known from the picture, else from the briefing (as of turn 0); a district with
        // neither is in plain sight and needs no estimate.
        let since = match (sit.picture.get(d).copied().flatten(), sit.briefed(d)) {
            (Some(p), _) => p.as_of,
            (None, true) => 0,
            (None, false) => continue,
        };
        if since >= last {
            continue;
        }
        for s in Sector::ALL {
            let k = s.index();
            // What the force delivered here in each turn since the picture, oldest first.
            let given: Vec<f32> = (since + 1..=last)
                .map(|t| {
                    delivered
                        .iter()
                        .filter(|x| x.0 == t && x.1 == d && x.2 == s)
                        .map(|x| x.3)
                        .sum()
                })
                .collect();
            let served = civilians_serve(sit, d, s);
            if served && given.iter().all(|&a| a <= 0.0) {
                continue;
            }
            let coping = sit.mean(d, |g| g.coping[k]);
            let known = sit.need(d, s);
            let estimate = if served {
                // Others serve here too, by amounts the force does not see: add what its own
                // deliveries must have done. Each turn of delivery lifts satisfaction by
                // `rate` of what it adds to the people's target, `(1 − coping) × share`;
                // never beyond what the largest of them adds in all.
                let (mut lift, mut most) = (0.0f32, 0.0f32);
                for &amount in &given {
                    let share = (amount / people).min(1.0);
                    lift += rate * (1.0 - coping) * share;
                    most = most.max((1.0 - coping) * share);
                }
                known + lift.min(most)
            } else {
                // Nobody but the force serves this need here (no civilian actor that
                // provides it reaches the district, no working site serves it): the needs
                // rule (§12) says where it went, turn by turn, toward what people cope with
                // alone plus what the force delivered.
                let mut v = known;
                for &amount in &given {
                    let target = crate::sim::services::needs_target(coping, amount, people);
                    v += rate * (target - v);
                }
                v
            };
            let estimate = estimate.clamp(0.0, 1.0);
            let id = sit.districts[d].id.clone();
            if let Some(slot) = sit.districts[d].needs.get_mut(k) {
                slot.1 = estimate;
            }
            for g in sit.groups.iter_mut().filter(|g| g.district == id) {
                g.needs[k] = estimate;
            }
        }
    }
}

/// Whether anyone besides the force serves sector `s` in district `d`, as far as the force can
/// see: a civilian actor that provides it there and gets in, or a working site that serves it.
fn civilians_serve(sit: &Situation, d: usize, s: Sector) -> bool {
    let id = &sit.districts[d].id;
    sit.actors.iter().any(|a| {
        a.status == ActorStatus::Active
            && a.provides(id, s)
            && sit.can_get_to(a, d)
            && sit.has_access(a, d)
    }) || sit.infra.iter().any(|site| {
        site.functioning > 0.0
            && crate::rules::infra_sector(site.kind) == Some(s)
            && site.serves.iter().any(|x| x == id)
    })
}

#[cfg(test)]
mod tests {
    use super::{Situation, estimate};
    use crate::scenario::format::Sector;
    use crate::{Simulation, scenario};

    /// Where nobody but the force serves a need, the estimate is the needs rule run forward from
    /// the briefing, so it finds the truth the force never looked at: in `border_camp` no agency
    /// dares enter the Korab hills and no water works serves them, and with the force holding,
    /// the hills' water slides toward what the villagers cope with alone.
    #[test]
    fn a_need_nobody_serves_is_estimated_by_the_needs_rule() {
        let path = format!(
            "{}/../../scenarios/border_camp.ron",
            env!("CARGO_MANIFEST_DIR")
        );
        let s = scenario::load_file(std::path::Path::new(&path)).unwrap();
        let mut sim = Simulation::new(&s, 1).unwrap();
        let briefed = Situation::new(&sim);
        let korab = briefed.district("korab").unwrap();
        let at_start = briefed.need(korab, Sector::Water);
        for _ in 0..4 {
            sim.advance();
        }
        let mut sit = Situation::new(&sim);
        assert!(
            sit.picture[korab].is_none(),
            "the force never looked at Korab"
        );
        assert_eq!(
            sit.need(korab, Sector::Water),
            at_start,
            "the briefing, as planned"
        );
        estimate(&mut sit, &mut Vec::new());
        let truth = sim.districts()[korab].need(Sector::Water);
        assert!(
            (at_start - truth).abs() > 0.05,
            "water in Korab moved since the briefing ({at_start} -> {truth})"
        );
        let estimated = sit.need(korab, Sector::Water);
        assert!(
            (estimated - truth).abs() < 1e-3,
            "estimated {estimated}, true {truth}"
        );
    }
}
