//! What the force knows of the civil situation when it plans (docs/rules.md §16, §21.6): the
//! people and needs of each district as its picture last saw them, or as the briefing described
//! them where it has never looked. The built-in policies plan from this, not from the truth, so a
//! commander who never refreshes the picture plans on an old one: the needs that grew since and
//! the people who fled are hidden from it, and its aid goes where it is no longer needed.
//!
//! What the force sees directly stays as the views give it: its own units, the adversary units,
//! the sites and their condition, the actors (status, trust, access, capacity), the citizens in
//! the streets, the attitudes and tension people voice, and its own record of whom it helped.

use crate::sim::knowledge::Snapshot;
use crate::sim::{DistrictView, GroupView};

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
