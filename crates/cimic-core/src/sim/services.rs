//! Turn phases (order in `turn_schedule`): what working infrastructure (run by the host nation's public services) and
//! the force deliver to each district and sector, and how needs
//! satisfaction of each population group moves toward it.

use super::activities::ForceActivity;
use super::components::{
    Activity, Delivered, Districts, Infrastructure, Needs, PopulationGroup, Roster,
};
use super::scoring::harm::{HarmKind, HarmRecord};
use super::scoring::ledger::{Cause, Origin};
use crate::map::DistrictIdx;
use crate::rules::{
    AID_PEOPLE_PER_TURN, HNS_PEOPLE_PER_SUPPLY, HNS_SECTORS, MEDICAL_PEOPLE_PER_TURN,
    NEEDS_ADJUST_RATE, PATROL_PEOPLE_PER_TURN, infra_sector,
};
use crate::scenario::format::Sector;
use bevy::prelude::{Query, Res, ResMut};

/// People living in each district, in district order, from the groups in roster order (every
/// phase passes its own query's groups, so the sum is the same whatever the query's type).
pub fn district_people<'a>(
    groups: impl Iterator<Item = &'a PopulationGroup>,
    n: usize,
) -> Vec<f32> {
    let mut people = vec![0.0f32; n];
    for g in groups {
        if let Some(p) = people.get_mut(g.district as usize) {
            *p += g.size as f32;
        }
    }
    people
}

/// Needs satisfaction per district as objectives and event conditions judge it (docs/rules.md
/// §17): people-weighted over the district's groups **and** the people who fled it, at the
/// conditions of the displaced group they joined (its size shared among its origins in proportion
/// to the arrivals, so deaths there shrink every origin's part alike). Flight alone never lifts a
/// district's figure. `None` where nobody lives and nobody fled from.
pub fn condition_needs<'a>(
    groups: impl Iterator<Item = (&'a PopulationGroup, &'a Needs)>,
    n: usize,
) -> Vec<Option<[f32; 7]>> {
    weighted_needs(groups, n, true)
}

/// People-weighted needs satisfaction per district (`None` where nobody lives).
pub fn district_needs<'a>(
    groups: impl Iterator<Item = (&'a PopulationGroup, &'a Needs)>,
    n: usize,
) -> Vec<Option<[f32; 7]>> {
    weighted_needs(groups, n, false)
}

/// The people-weighted mean of needs per district; with `count_fled`, a displaced group's
/// people also count for the districts they fled (in proportion to the arrivals from each).
fn weighted_needs<'a>(
    groups: impl Iterator<Item = (&'a PopulationGroup, &'a Needs)>,
    n: usize,
    count_fled: bool,
) -> Vec<Option<[f32; 7]>> {
    let mut sum = vec![[0.0f32; 7]; n];
    let mut people = vec![0.0f32; n];
    for (g, needs) in groups {
        let d = g.district as usize;
        if d >= n {
            continue;
        }
        let mut add = |d: usize, k: f32| {
            people[d] += k;
            for (acc, v) in sum[d].iter_mut().zip(needs.0) {
                *acc += v * k;
            }
        };
        add(d, g.size as f32);
        let arrived: u32 = g.fled_from.iter().map(|&(_, k)| k).sum();
        if count_fled && arrived > 0 {
            for &(from, k) in &g.fled_from {
                if (from as usize) < n && from as usize != d {
                    add(from as usize, g.size as f32 * k as f32 / arrived as f32);
                }
            }
        }
    }
    sum.into_iter()
        .zip(people)
        .map(|(s, p)| (p > 0.0).then(|| s.map(|x| x / p)))
        .collect()
}

/// What a force activity delivers itself, if anything: district, sector and people served (aid in
/// a sector, medical support in health, patrols in security, each scaled by strength).
pub fn force_output(done: &super::activities::Done) -> Option<(DistrictIdx, Sector, f32)> {
    let (district, sector, people) = match done.activity {
        Activity::Aid { district, sector } => (district, sector, AID_PEOPLE_PER_TURN),
        Activity::Medical { district } => (district, Sector::Health, MEDICAL_PEOPLE_PER_TURN),
        Activity::Patrol { district } => (district, Sector::Security, PATROL_PEOPLE_PER_TURN),
        _ => return None,
    };
    Some((district, sector, people * done.strength))
}

/// Turn phase (order in `turn_schedule`): what the force delivers itself, and what it draws
/// from the districts' local resources (host-nation support, docs/rules.md §9).
pub fn force_services(
    activity: Res<ForceActivity>,
    mut delivered: ResMut<Delivered>,
    mut harm: ResMut<HarmRecord>,
    roster: Res<Roster>,
    districts: Res<Districts>,
    groups: Query<&PopulationGroup>,
) {
    for (district, sector, amount) in activity.iter().filter_map(force_output) {
        let d = district as usize;
        if d < delivered.total.len() {
            delivered.total[d][sector.index()] += amount;
            delivered.force[d][sector.index()] += amount;
        }
    }
    // Most turns nobody draws on local resources: count the people only when someone does.
    if !activity
        .iter()
        .any(|d| matches!(d.activity, Activity::Resupply { .. }))
    {
        return;
    }
    let people = district_people(
        roster.population.iter().filter_map(|&e| groups.get(e).ok()),
        districts.ids.len(),
    );
    for done in activity.iter() {
        let Activity::Resupply {
            district,
            drawn,
            arranged,
        } = done.activity
        else {
            continue;
        };
        let d = district as usize;
        let (Some(total), Some(&p)) = (delivered.total.get_mut(d), people.get(d)) else {
            continue;
        };
        let draw = drawn * HNS_PEOPLE_PER_SUPPLY * done.strength;
        let mut short = 0.0f32;
        for sector in HNS_SECTORS {
            let have = total[sector.index()];
            short += hns_taken_from_people(draw, have, p, arranged);
            total[sector.index()] = (have - draw).max(0.0);
        }
        let id = &roster.unit_ids[done.unit as usize];
        let name = &districts.ids[d];
        harm.record(
            HarmKind::HostNationDraw,
            Origin::Force,
            Cause::Order(done.order),
            id,
            f64::from(short),
            format!(
                "{id}'s draw on local water, food and fuel in {name} took {short:.0} people's share that they needed"
            ),
        );
    }
}

/// How much of a draw on one sector's local supply (`have`, in people's shares, for `people`)
/// comes out of what the people need. Arranged by a host-nation authority, the draw takes what
/// is spare first; requisitioned, it takes from everyone alike, so the part of it the people
/// needed is their share of the supply (MC 411/2 §21: access to local resources must not
/// compromise the needs of the local population).
pub fn hns_taken_from_people(draw: f32, have: f32, people: f32, arranged: bool) -> f32 {
    if draw <= 0.0 || have <= 0.0 || people <= 0.0 {
        return 0.0;
    }
    let draw = draw.min(have);
    if arranged {
        (draw - (have - people).max(0.0)).max(0.0)
    } else {
        draw * (people / have).min(1.0)
    }
}

/// Turn phase (order in `turn_schedule`): splits each site's delivered service (capacity × functioning) over the districts it serves
/// in proportion to their people.
pub fn deliver_services(
    roster: Res<Roster>,
    districts: Res<Districts>,
    mut delivered: ResMut<Delivered>,
    sites: Query<&Infrastructure>,
    groups: Query<&PopulationGroup>,
) {
    let n = districts.ids.len();
    let people = district_people(
        roster.population.iter().filter_map(|&e| groups.get(e).ok()),
        n,
    );
    let mut out = vec![[0.0f32; 7]; n];
    for &e in &roster.infrastructure {
        let Ok(site) = sites.get(e) else { continue };
        let Some(sector) = infra_sector(site.kind) else {
            continue;
        };
        let output = site.capacity as f32 * site.functioning;
        if output <= 0.0 || site.serves.is_empty() {
            continue;
        }
        let served: f32 = site
            .serves
            .iter()
            .map(|&d| people.get(d as usize).copied().unwrap_or(0.0))
            .sum();
        for &d in &site.serves {
            let Some(slot) = out.get_mut(d as usize) else {
                continue;
            };
            let share = if served > 0.0 {
                people[d as usize] / served
            } else {
                1.0 / site.serves.len() as f32
            };
            slot[sector.index()] += output * share;
        }
    }
    let mut fresh = Delivered::new(n);
    fresh.host_nation = out.iter().map(|row| row.iter().sum()).collect();
    fresh.sites = out.clone();
    fresh.total = out;
    *delivered = fresh;
}

/// The satisfaction a delivery lets people reach this turn: what they manage alone (`coping`)
/// plus the delivered share of the rest, `coping + (1 − coping) × min(1, delivered / people)`
/// (0 delivered where nobody lives). Read by the needs rule and by the request rule (§4.5).
pub fn needs_target(coping: f32, delivered: f32, people: f32) -> f32 {
    let ratio = if people > 0.0 {
        (delivered / people).min(1.0)
    } else {
        0.0
    };
    coping + (1.0 - coping) * ratio
}

/// Each group's satisfaction closes part of the gap to what it can reach this turn
/// ([`needs_target`]).
pub fn update_needs(
    roster: Res<Roster>,
    districts: Res<Districts>,
    delivered: Res<Delivered>,
    mut groups: Query<(&PopulationGroup, &mut Needs)>,
) {
    let people = district_people(
        roster
            .population
            .iter()
            .filter_map(|&e| groups.get(e).ok().map(|(g, _)| g)),
        districts.ids.len(),
    );
    for &e in &roster.population {
        let Ok((g, mut needs)) = groups.get_mut(e) else {
            continue;
        };
        let d = g.district as usize;
        let (Some(supply), Some(&p)) = (delivered.total.get(d), people.get(d)) else {
            continue;
        };
        for ((v, &delivered), &coping) in needs.0.iter_mut().zip(supply).zip(&g.coping) {
            let target = needs_target(coping, delivered, p);
            *v = (*v + NEEDS_ADJUST_RATE * (target - *v)).clamp(0.0, 1.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(
        district: DistrictIdx,
        size: u32,
        fled_from: Vec<(DistrictIdx, u32)>,
    ) -> PopulationGroup {
        PopulationGroup {
            district,
            size,
            vulnerable_share: 0.3,
            community: String::new(),
            coping: [0.0; 7],
            fled_from,
        }
    }

    /// Flight never lifts a district's figure for objectives: those who left count where they are.
    #[test]
    fn people_who_fled_still_count_for_their_home_district() {
        let health = |v: f32| {
            let mut n = [0.5; 7];
            n[Sector::Health.index()] = v;
            Needs(n)
        };
        // District 0 kept 1 000 people, well served now (0.9); 2 000 fled to district 1's camp
        // (health 0.3), which also holds 500 from district 2 and lost a fifth of its people.
        let stayers = (group(0, 1000, vec![]), health(0.9));
        let hosts = (group(1, 5000, vec![]), health(0.6));
        let camp = (group(1, 2000, vec![(0, 2000), (2, 500)]), health(0.3));
        let all = [&stayers, &hosts, &camp];
        let h = |v: &[Option<[f32; 7]>], d: usize| v[d].unwrap()[Sector::Health.index()];
        let plain = district_needs(all.iter().map(|(g, n)| (g, n)), 3);
        assert!(
            (h(&plain, 0) - 0.9).abs() < 1e-6,
            "where people are: only the stayers"
        );
        let judged = condition_needs(all.iter().map(|(g, n)| (g, n)), 3);
        // 1 600 of the camp's 2 000 came from district 0 (2 000 of 2 500 arrivals).
        let want0 = (1000.0 * 0.9 + 1600.0 * 0.3) / 2600.0;
        assert!((h(&judged, 0) - want0).abs() < 1e-6, "{}", h(&judged, 0));
        assert!(
            (h(&judged, 2) - 0.3).abs() < 1e-6,
            "district 2: only its 400 who fled"
        );
        // The host district is judged on everyone living there.
        assert!((h(&judged, 1) - h(&plain, 1)).abs() < 1e-6);
    }
}
