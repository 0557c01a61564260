//! Displacement (uncontrolled movement of people, a NATO civil-preparedness concern): when
//! security or living conditions collapse, part of a district's people leave for the district
//! that looks safest and best supplied — a district with a working IDP camp draws them most.
//! They join that district's displaced-persons group, whose people strain its services.

use super::components::{
    Attitudes, Districts, Infrastructure, Needs, PopulationGroup, Roster, TurnHours,
};
use super::report::{LogKind, TurnLog};
use super::scoring::harm::{HarmKind, HarmRecord};
use super::scoring::ledger::{Cause, Origin};
use crate::map::DistrictIdx;
use crate::scenario::format::{InfraKind, Sector};
use bevy::prelude::{Query, Res, ResMut};

/// Security satisfaction below which people start to leave.
pub const FLEE_SECURITY: f32 = 0.3;
/// Wellbeing (weighted needs) below which people start to leave.
pub const FLEE_WELLBEING: f32 = 0.35;
/// Share of a group leaving per day at the worst conditions; it scales with how far below the
/// thresholds conditions are.
pub const FLEE_RATE: f32 = 0.08;
/// Attraction a district with a working IDP camp adds in the choice of destination.
pub const CAMP_PULL: f32 = 0.3;
/// Arrivals have lost their homes: their shelter satisfaction is this share of what it was.
pub const SHELTER_KEPT: f32 = 0.5;

/// Id prefix of the displaced-persons group kept for each district (not a valid scenario id,
/// so it cannot clash with one).
pub const IDP_PREFIX: &str = "idp:";

/// Districts served by a working IDP camp, from the sites in roster order.
pub fn camps<'a>(sites: impl Iterator<Item = &'a Infrastructure>, n: usize) -> Vec<bool> {
    let mut out = vec![false; n];
    for s in sites {
        if s.kind == InfraKind::IdpCamp && s.functioning > 0.0 {
            for &d in &s.serves {
                if let Some(x) = out.get_mut(d as usize) {
                    *x = true;
                }
            }
        }
    }
    out
}

/// Where people fleeing `from` go: the other district with the best security + wellbeing (+ the
/// camp pull), ties to the lower index; `None` if there is nowhere else.
fn destination(
    from: DistrictIdx,
    people: &[f32],
    security: &[f32],
    wellbeing: &[f32],
    camps: &[bool],
) -> Option<DistrictIdx> {
    let mut best: Option<(f32, usize)> = None;
    for d in 0..people.len() {
        if d == from as usize {
            continue;
        }
        let pull = if camps[d] { CAMP_PULL } else { 0.0 };
        let score = security[d] + wellbeing[d] + pull;
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, d));
        }
    }
    best.map(|(_, d)| d as DistrictIdx)
}

/// Moves `share(group)` of each resident (non-displaced) group of `from` to the displaced group
/// of the destination district. Returns the number of people moved.
pub fn displace(
    roster: &Roster,
    districts: &Districts,
    camps: &[bool],
    groups: &mut Query<(&mut PopulationGroup, &mut Needs, &mut Attitudes)>,
    log: &mut TurnLog,
    from: DistrictIdx,
    share: impl Fn(usize) -> f32,
) -> u32 {
    let n = districts.ids.len();
    let mut people = vec![0.0f32; n];
    let mut security = vec![0.0f32; n];
    let mut wellbeing = vec![0.0f32; n];
    for &e in &roster.population {
        if let Ok((g, needs, _)) = groups.get(e) {
            let d = g.district as usize;
            if d < n {
                people[d] += g.size as f32;
                security[d] += needs.0[Sector::Security.index()] * g.size as f32;
                wellbeing[d] += super::population::wellbeing(&needs.0) * g.size as f32;
            }
        }
    }
    for d in 0..n {
        if people[d] > 0.0 {
            security[d] /= people[d];
            wellbeing[d] /= people[d];
        }
    }
    let Some(to) = destination(from, &people, &security, &wellbeing, camps) else {
        return 0;
    };
    let Some(&camp_entity) = roster.idp_groups.get(to as usize) else {
        return 0;
    };
    let mut moved = 0u32;
    for (gi, &e) in roster.population.iter().enumerate() {
        if roster.population_ids[gi].starts_with(IDP_PREFIX) {
            continue;
        }
        let Ok((mut g, needs, att)) = groups.get_mut(e) else {
            continue;
        };
        if g.district != from || g.size == 0 {
            continue;
        }
        let k = ((g.size as f32 * share(gi).clamp(0.0, 1.0)).floor() as u32).min(g.size);
        if k == 0 {
            continue;
        }
        g.size -= k;
        let (vulnerable, needs, att) = (g.vulnerable_share, needs.0, *att);
        let Ok((mut idp, mut idp_needs, mut idp_att)) = groups.get_mut(camp_entity) else {
            continue;
        };
        let (old, new) = (idp.size as f32, k as f32);
        let mix = |a: f32, b: f32| (a * old + b * new) / (old + new);
        idp.vulnerable_share = mix(idp.vulnerable_share, vulnerable);
        for (s, v) in idp_needs.0.iter_mut().enumerate() {
            let arriving = if s == Sector::Shelter.index() {
                needs[s] * SHELTER_KEPT
            } else {
                needs[s]
            };
            *v = mix(*v, arriving);
        }
        idp_att.consent = mix(idp_att.consent, att.consent);
        idp_att.legitimacy = mix(idp_att.legitimacy, att.legitimacy);
        idp_att.grievance = mix(idp_att.grievance, att.grievance);
        idp_att.wellbeing = mix(idp_att.wellbeing, att.wellbeing);
        idp.size += k;
        moved += k;
    }
    if moved > 0 {
        log.push(
            LogKind::Population,
            &districts.ids[from as usize],
            format!(
                "{moved} people flee {} for {}",
                districts.ids[from as usize], districts.ids[to as usize]
            ),
        );
    }
    moved
}

/// Turn phase (order in `turn_schedule`): people leave districts where security or living conditions have collapsed.
pub fn flee(
    roster: Res<Roster>,
    districts: Res<Districts>,
    hours: Res<TurnHours>,
    mut log: ResMut<TurnLog>,
    mut harm: ResMut<HarmRecord>,
    sites: Query<&Infrastructure>,
    mut groups: Query<(&mut PopulationGroup, &mut Needs, &mut Attitudes)>,
) {
    let n = districts.ids.len();
    let camp = camps(
        roster
            .infrastructure
            .iter()
            .filter_map(|&e| sites.get(e).ok()),
        n,
    );
    let day_share = hours.0 as f32 / 24.0;
    for from in 0..n as DistrictIdx {
        // Per-group pressure, from the group's own conditions.
        // Insecurity and hardship push separately; the stronger one is why people leave.
        let push = |needs: &[f32; 7]| -> (f32, f32) {
            let sec = (FLEE_SECURITY - needs[Sector::Security.index()]) / FLEE_SECURITY;
            let wb = (FLEE_WELLBEING - super::population::wellbeing(needs)) / FLEE_WELLBEING;
            (sec, wb)
        };
        let pressure = |needs: &[f32; 7]| -> f32 {
            let (sec, wb) = push(needs);
            sec.max(wb).clamp(0.0, 1.0) * FLEE_RATE * day_share
        };
        let shares: Vec<(usize, f32)> = roster
            .population
            .iter()
            .enumerate()
            .filter(|(gi, _)| !roster.population_ids[*gi].starts_with(IDP_PREFIX))
            .filter_map(|(gi, &e)| {
                let (g, needs, _) = groups.get(e).ok()?;
                (g.district == from).then(|| (gi, pressure(&needs.0)))
            })
            .filter(|(_, s)| *s > 0.0)
            .collect();
        if shares.is_empty() {
            continue;
        }
        // Weighted by group size: which push dominates among those who leave.
        let (mut insecurity, mut hardship) = (0.0f32, 0.0f32);
        for &(gi, share) in &shares {
            if let Ok((g, needs, _)) = groups.get(roster.population[gi]) {
                let (sec, wb) = push(&needs.0);
                let weight = share * g.size as f32;
                if sec >= wb {
                    insecurity += weight;
                } else {
                    hardship += weight;
                }
            }
        }
        let moved = displace(
            &roster,
            &districts,
            &camp,
            &mut groups,
            &mut log,
            from,
            |gi| {
                shares
                    .iter()
                    .find(|(x, _)| *x == gi)
                    .map_or(0.0, |(_, s)| *s)
            },
        );
        let name = &districts.ids[from as usize];
        let (origin, cause, why) = if insecurity >= hardship {
            (
                Origin::Adversary,
                "flight from insecurity",
                "insecurity: armed groups or unrest",
            )
        } else {
            (Origin::UnmetNeeds, "flight from hardship", "unmet needs")
        };
        harm.record(
            HarmKind::Displacement,
            origin,
            Cause::Rule(cause),
            name,
            f64::from(moved),
            format!("{moved} people fled {name} ({why})"),
        );
    }
}
