//! Displacement (uncontrolled movement of people, a NATO civil-preparedness concern): when
//! security or living conditions collapse, part of a district's people leave for the district
//! that looks safest and best supplied — a district with a working IDP camp draws them most.
//! They join that district's displaced-persons group, whose people strain its services.

use super::communities::DISPLACED;
use super::components::{
    Attitudes, Crossings, Districts, Infrastructure, Map, Needs, PopulationGroup, Roster, TurnHours,
};
use super::reach::Reach;
use super::report::{LogKind, TurnLog};
use super::scoring::harm::{HarmKind, HarmRecord};
use super::scoring::ledger::{Cause, Origin};
use crate::map::DistrictIdx;
use crate::map::regions::Regions;
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

/// The districts' state that the choice of destination reads, kept up to date as people move
/// so that a turn with every district in flight costs O(groups + districts · log districts), not
/// O(districts · groups): before it, 20,000 fleeing districts took 13 s a turn in a release
/// build (docs/reliability.md, "Measured at the limits"). Each district's figures are summed
/// over its own groups in roster order, exactly as a sum over the whole roster would, so the
/// results are bit for bit those of recomputing everything at each move.
pub struct Flight {
    /// Roster population indices of each district's groups (displaced groups included), in
    /// roster order.
    members: Vec<Vec<usize>>,
    /// People, mean security and mean wellbeing of each district.
    people: Vec<f32>,
    security: Vec<f32>,
    wellbeing: Vec<f32>,
    /// Districts served by a working IDP camp.
    camps: Vec<bool>,
    /// The ground regions each district touches: people on foot go only where land joins them.
    regions_of: Vec<Vec<u32>>,
    /// Per ground region, its districts' attraction, for the best destination in
    /// O(log districts).
    trees: Vec<RegionTree>,
}

/// The districts touching one ground region (ascending) and their attraction.
struct RegionTree {
    districts: Vec<u32>,
    scores: ScoreTree,
}

/// A tournament tree over the districts' attraction: the best district in a range, ties to
/// the lower index, as a scan in district order finds it.
struct ScoreTree {
    /// Leaves start at `size`, as (score, district); a NaN score is no candidate.
    nodes: Vec<Option<(f32, u32)>>,
    size: usize,
}

impl ScoreTree {
    fn new(n: usize) -> Self {
        let size = n.next_power_of_two().max(1);
        ScoreTree {
            nodes: vec![None; 2 * size],
            size,
        }
    }

    /// The better of two candidates, `a` standing before `b` in district order.
    fn pick(a: Option<(f32, u32)>, b: Option<(f32, u32)>) -> Option<(f32, u32)> {
        match (a, b) {
            (Some(x), Some(y)) => Some(if y.0 > x.0 { y } else { x }),
            (x, None) => x,
            (None, y) => y,
        }
    }

    /// The better of two candidates in any order: the higher score, ties to the lower district.
    fn better(a: Option<(f32, u32)>, b: Option<(f32, u32)>) -> Option<(f32, u32)> {
        match (a, b) {
            (Some(x), Some(y)) => Some(if y.0 > x.0 || (y.0 == x.0 && y.1 < x.1) {
                y
            } else {
                x
            }),
            (x, None) => x,
            (None, y) => y,
        }
    }

    fn set(&mut self, leaf: usize, score: f32, d: u32) {
        let mut i = self.size + leaf;
        self.nodes[i] = (!score.is_nan()).then_some((score, d));
        while i > 1 {
            i /= 2;
            self.nodes[i] = Self::pick(self.nodes[2 * i], self.nodes[2 * i + 1]);
        }
    }

    /// The best candidate among districts `lo..hi`.
    fn best(&self, lo: usize, hi: usize) -> Option<(f32, u32)> {
        let (mut l, mut r) = (lo + self.size, hi + self.size);
        let (mut left, mut right) = (None, None);
        while l < r {
            if l & 1 == 1 {
                left = Self::pick(left, self.nodes[l]);
                l += 1;
            }
            if r & 1 == 1 {
                r -= 1;
                right = Self::pick(self.nodes[r], right);
            }
            l /= 2;
            r /= 2;
        }
        Self::pick(left, right)
    }
}

impl Flight {
    /// The districts' figures from the groups as they are now.
    pub fn new(
        roster: &Roster,
        n: usize,
        camps: Vec<bool>,
        regions: &Regions,
        groups: &Query<(&mut PopulationGroup, &mut Needs, &mut Attitudes)>,
    ) -> Self {
        let mut members = vec![Vec::new(); n];
        for (gi, &e) in roster.population.iter().enumerate() {
            if let Ok((g, _, _)) = groups.get(e)
                && let Some(m) = members.get_mut(g.district as usize)
            {
                m.push(gi);
            }
        }
        let regions_of: Vec<Vec<u32>> = (0..n)
            .map(|d| regions.of_district(d as DistrictIdx).to_vec())
            .collect();
        let count = regions_of
            .iter()
            .flatten()
            .max()
            .map_or(0, |&r| r as usize + 1);
        let mut in_region: Vec<Vec<u32>> = vec![Vec::new(); count];
        for (d, list) in regions_of.iter().enumerate() {
            for &r in list {
                in_region[r as usize].push(d as u32);
            }
        }
        let trees = in_region
            .into_iter()
            .map(|districts| RegionTree {
                scores: ScoreTree::new(districts.len()),
                districts,
            })
            .collect();
        let mut flight = Flight {
            members,
            people: vec![0.0; n],
            security: vec![0.0; n],
            wellbeing: vec![0.0; n],
            camps,
            regions_of,
            trees,
        };
        for d in 0..n {
            flight.refresh(roster, groups, d);
        }
        flight
    }

    /// Recomputes district `d`'s figures from its groups (in roster order, as a scan of the
    /// whole roster adds them up) and its attraction.
    fn refresh(
        &mut self,
        roster: &Roster,
        groups: &Query<(&mut PopulationGroup, &mut Needs, &mut Attitudes)>,
        d: usize,
    ) {
        let (mut people, mut security, mut wellbeing) = (0.0f32, 0.0f32, 0.0f32);
        for &gi in &self.members[d] {
            if let Ok((g, needs, _)) = groups.get(roster.population[gi]) {
                people += g.size as f32;
                security += needs.0[Sector::Security.index()] * g.size as f32;
                wellbeing += super::population::wellbeing(&needs.0) * g.size as f32;
            }
        }
        if people > 0.0 {
            security /= people;
            wellbeing /= people;
        }
        self.people[d] = people;
        self.security[d] = security;
        self.wellbeing[d] = wellbeing;
        let pull = if self.camps.get(d).copied().unwrap_or(false) {
            CAMP_PULL
        } else {
            0.0
        };
        let score = security + wellbeing + pull;
        for &r in &self.regions_of[d] {
            let t = &mut self.trees[r as usize];
            if let Ok(leaf) = t.districts.binary_search(&(d as u32)) {
                t.scores.set(leaf, score, d as u32);
            }
        }
    }

    /// Where people fleeing `from` go: of the other districts joined to it by land now, the one
    /// with the best security + wellbeing (+ the camp pull), ties to the lower index; `None` if
    /// there is nowhere to go.
    fn destination(&self, from: DistrictIdx) -> Option<DistrictIdx> {
        let mut best = None;
        for &r in self
            .regions_of
            .get(from as usize)
            .map_or(&[][..], |v| &v[..])
        {
            let t = &self.trees[r as usize];
            let Ok(at) = t.districts.binary_search(&u32::from(from)) else {
                continue;
            };
            let below = t.scores.best(0, at);
            let above = t.scores.best(at + 1, t.districts.len());
            best = ScoreTree::better(best, ScoreTree::pick(below, above));
        }
        best.map(|(_, d)| d as DistrictIdx)
    }

    /// Moves `share(group)` of each resident (non-displaced) group of `from` to the displaced
    /// group of the destination district. Returns the number of people moved.
    pub fn displace(
        &mut self,
        roster: &Roster,
        districts: &Districts,
        groups: &mut Query<(&mut PopulationGroup, &mut Needs, &mut Attitudes)>,
        log: &mut TurnLog,
        from: DistrictIdx,
        share: impl Fn(usize) -> f32,
    ) -> u32 {
        let Some(to) = self.destination(from) else {
            return 0;
        };
        let Some(&camp_entity) = roster.idp_groups.get(to as usize) else {
            return 0;
        };
        let (mut moved, mut changed) = (0u32, false);
        // The displaced group's people before this flight, and the arrivals by community.
        let settled = groups.get(camp_entity).map_or(0, |(g, ..)| g.size);
        let mut arrivals: std::collections::BTreeMap<String, u32> = Default::default();
        let leaving = self.members.get(from as usize).map_or(&[][..], |m| &m[..]);
        for &gi in leaving {
            if roster.population_ids[gi].starts_with(IDP_PREFIX) {
                continue;
            }
            let Ok((mut g, needs, att)) = groups.get_mut(roster.population[gi]) else {
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
            changed = true;
            let label = super::communities::community_of(&g).unwrap_or(DISPLACED);
            *arrivals.entry(label.to_string()).or_default() += k;
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
        if moved > 0
            && let Ok((mut idp, ..)) = groups.get_mut(camp_entity)
        {
            idp.community = plurality(&idp.community, settled, &arrivals);
            match idp.fled_from.binary_search_by_key(&from, |&(d, _)| d) {
                Ok(i) => idp.fled_from[i].1 += moved,
                Err(i) => idp.fled_from.insert(i, (from, moved)),
            }
        }
        if changed {
            // Only the two districts' groups changed.
            self.refresh(roster, groups, from as usize);
            self.refresh(roster, groups, to as usize);
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
}

/// The community a displaced group is counted as after a flight (docs/rules.md §15): the one
/// most of its people belong to, the people already there counted under its present label and
/// the arrivals under their own (`displaced` for people of no stated community); on a tie the
/// present label stays, then the first by name.
fn plurality(
    label: &str,
    settled: u32,
    arrivals: &std::collections::BTreeMap<String, u32>,
) -> String {
    let mut best = (
        label.to_string(),
        settled + arrivals.get(label).copied().unwrap_or(0),
    );
    for (c, &k) in arrivals {
        if c != label && k > best.1 {
            best = (c.clone(), k);
        }
    }
    best.0
}

/// Moves `share(group)` of each resident (non-displaced) group of `from` to the displaced group
/// of the destination district, with the districts' figures as they are now (one displacement;
/// a turn's flight keeps a [`Flight`] across districts). Returns the number of people moved.
#[allow(clippy::too_many_arguments)]
pub fn displace(
    roster: &Roster,
    districts: &Districts,
    camps: &[bool],
    regions: &Regions,
    groups: &mut Query<(&mut PopulationGroup, &mut Needs, &mut Attitudes)>,
    log: &mut TurnLog,
    from: DistrictIdx,
    share: impl Fn(usize) -> f32,
) -> u32 {
    let n = districts.ids.len();
    let mut flight = Flight::new(roster, n, camps.to_vec(), regions, groups);
    flight.displace(roster, districts, groups, log, from, share)
}

/// Turn phase (order in `turn_schedule`): people leave districts where security or living conditions have collapsed.
#[allow(clippy::too_many_arguments)]
pub fn flee(
    roster: Res<Roster>,
    districts: Res<Districts>,
    map: Res<Map>,
    crossings: Res<Crossings>,
    mut reach: ResMut<Reach>,
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
    let regions = reach.current(&map.0, n, &crossings.open);
    let mut flight = Flight::new(&roster, n, camp, regions, &groups);
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
        // The district's own groups, in roster order (a group never changes district).
        let shares: Vec<(usize, f32)> = flight.members[from as usize]
            .iter()
            .copied()
            .filter(|&gi| !roster.population_ids[gi].starts_with(IDP_PREFIX))
            .filter_map(|gi| {
                let (g, needs, _) = groups.get(roster.population[gi]).ok()?;
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
        // `shares` is in roster order: a binary search finds a group's share.
        let moved = flight.displace(&roster, &districts, &mut groups, &mut log, from, |gi| {
            shares
                .binary_search_by_key(&gi, |&(x, _)| x)
                .map_or(0.0, |i| shares[i].1)
        });
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

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};

    /// The scan the trees replace: among the other districts sharing a ground region with
    /// `from`, the best score, ties to the lower index; a NaN score is never chosen.
    fn scan(from: usize, scores: &[f32], regions: &[Vec<u32>]) -> Option<usize> {
        let mut best: Option<(f32, usize)> = None;
        let linked = |d: usize| {
            regions
                .get(from)
                .is_some_and(|a| a.iter().any(|r| regions[d].contains(r)))
        };
        for (d, &score) in scores.iter().enumerate() {
            if d == from || score.is_nan() || !linked(d) {
                continue;
            }
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, d));
            }
        }
        best.map(|(_, d)| d)
    }

    /// The region trees pick the district a scan in district order picks, ties, NaNs and
    /// districts cut off from each other included.
    #[test]
    fn the_score_trees_pick_what_a_scan_picks() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(15);
        for case in 0..2_000 {
            let n = rng.random_range(0..40usize);
            let k = rng.random_range(1..4u32);
            let scores: Vec<f32> = (0..n)
                .map(|_| match rng.random_range(0..8) {
                    0 => f32::NAN,
                    1 => f32::NEG_INFINITY,
                    2..=4 => rng.random_range(0..3) as f32,
                    _ => rng.random::<f32>(),
                })
                .collect();
            let regions_of: Vec<Vec<u32>> = (0..n)
                .map(|_| {
                    let mut v: Vec<u32> = (0..k).filter(|_| rng.random_range(0..3) > 0).collect();
                    v.sort_unstable();
                    v
                })
                .collect();
            let mut in_region = vec![Vec::new(); k as usize];
            for (d, list) in regions_of.iter().enumerate() {
                for &r in list {
                    in_region[r as usize].push(d as u32);
                }
            }
            let mut flight = Flight {
                members: vec![Vec::new(); n],
                people: vec![0.0; n],
                security: vec![0.0; n],
                wellbeing: vec![0.0; n],
                camps: vec![false; n],
                regions_of: regions_of.clone(),
                trees: in_region
                    .into_iter()
                    .map(|districts| RegionTree {
                        scores: ScoreTree::new(districts.len()),
                        districts,
                    })
                    .collect(),
            };
            for (d, &s) in scores.iter().enumerate() {
                for &r in &regions_of[d] {
                    let t = &mut flight.trees[r as usize];
                    let leaf = t.districts.binary_search(&(d as u32)).unwrap();
                    t.scores.set(leaf, s, d as u32);
                }
            }
            for from in 0..n {
                assert_eq!(
                    flight.destination(from as DistrictIdx).map(usize::from),
                    scan(from, &scores, &regions_of),
                    "case {case}, from {from}, scores {scores:?}, regions {regions_of:?}"
                );
            }
        }
    }
}
