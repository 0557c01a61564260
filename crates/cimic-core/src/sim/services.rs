//! Turn phases (order in `turn_schedule`): what working infrastructure (run by the host nation's public services) and
//! the force deliver to each district and sector, and how needs
//! satisfaction of each population group moves toward it.

use super::activities::ForceActivity;
use super::components::{
    Activity, Delivered, Districts, Infrastructure, Needs, PopulationGroup, Roster,
};
use crate::map::DistrictIdx;
use crate::rules::{
    AID_PEOPLE_PER_TURN, MEDICAL_PEOPLE_PER_TURN, NEEDS_ADJUST_RATE, PATROL_PEOPLE_PER_TURN,
    infra_sector,
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

/// People-weighted needs satisfaction per district (`None` where nobody lives).
pub fn district_needs<'a>(
    groups: impl Iterator<Item = (&'a PopulationGroup, &'a Needs)>,
    n: usize,
) -> Vec<Option<[f32; 7]>> {
    let mut sum = vec![[0.0f32; 7]; n];
    let mut people = vec![0.0f32; n];
    for (g, needs) in groups {
        let d = g.district as usize;
        if d >= n {
            continue;
        }
        people[d] += g.size as f32;
        for (acc, v) in sum[d].iter_mut().zip(needs.0) {
            *acc += v * g.size as f32;
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

/// Turn phase (order in `turn_schedule`): what the force delivers itself.
pub fn force_services(activity: Res<ForceActivity>, mut delivered: ResMut<Delivered>) {
    for (district, sector, amount) in activity.iter().filter_map(force_output) {
        let d = district as usize;
        if d < delivered.total.len() {
            delivered.total[d][sector.index()] += amount;
            delivered.force[d][sector.index()] += amount;
        }
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

/// Each group's satisfaction closes part of the gap to what it can reach this turn:
/// `target = coping + (1 − coping) × min(1, delivered / people)`.
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
            let ratio = if p > 0.0 {
                (delivered / p).min(1.0)
            } else {
                0.0
            };
            let target = coping + (1.0 - coping) * ratio;
            *v = (*v + NEEDS_ADJUST_RATE * (target - *v)).clamp(0.0, 1.0);
        }
    }
}
