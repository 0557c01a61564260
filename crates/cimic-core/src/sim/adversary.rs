//! Turn phase (order in `turn_schedule`): security and adversary activity. Adversary units act by rule from the state —
//! recruiting among the aggrieved where the force is absent, intimidating, sabotaging unguarded
//! sites, ambushing moving units, spreading disinformation — and the force's engagements are
//! fought, with collateral harm to civilians that grows with population density and urban
//! ground, and protected sites (hospitals, cultural property) flagged when hit. An information
//! campaign in the district blunts the adversary's disinformation as it blunts injected ones.

use super::components::{
    Activity, Attitudes, Casualties, Districts, Infrastructure, PopulationGroup, Position, Roster,
    Seed, Task, TurnFrame, Unit,
};
use super::report::{LogKind, TurnLog};
use super::rng::{Subsystem, stream, unit_draw};
use super::scoring::harm::{HarmKind, HarmRecord, site_harm};
use super::scoring::ledger::{Cause, Origin};
use crate::map::{DistrictIdx, distance};
use crate::rules::{CAMPAIGN_COUNTER, SABOTAGE_RANGE, activity_supply_cost};
use crate::scenario::format::{Protection, SideRole, Terrain};
use bevy::ecs::system::SystemParam;
use bevy::prelude::{Query, Res, ResMut};

/// Strength an adversary gains per turn at grievance 1 with no force presence.
pub const RECRUITMENT: f32 = 5.0;
/// Chance per turn of sabotage by an adversary at full strength where the force is absent.
pub const SABOTAGE_CHANCE: f32 = 0.25;
/// Damage of sabotage (its reach is [`crate::rules::SABOTAGE_RANGE`]).
pub const SABOTAGE_DAMAGE: f32 = 0.3;
/// Chance per turn that an adversary at full strength ambushes a moving force unit next to it,
/// and the strength the ambushed unit loses.
pub const AMBUSH_CHANCE: f32 = 0.3;
pub const AMBUSH_LOSS: f32 = 10.0;
/// Chance per turn of a disinformation push, and its consent cost.
pub const DISINFORMATION_CHANCE: f32 = 0.1;
pub const DISINFORMATION_LOSS: f32 = 0.05;
/// Consent and legitimacy lost per turn to intimidation where the force is weak.
pub const INTIMIDATION_LOSS: f32 = 0.02;
/// Strength an engagement takes from the target per unit of attacker strength, and back.
pub const ENGAGE_DAMAGE: f32 = 25.0;
pub const ENGAGE_RETURN: f32 = 8.0;
/// Civilian deaths per engagement at 500 people per hex on open ground; urban ground triples it.
pub const COLLATERAL_BASE: f32 = 2.0;
pub const URBAN_COLLATERAL: f32 = 3.0;
/// Condition a site within a hex of an engagement loses (fighting damages what stands next to
/// it whatever its legal status; protection decides how much the damage weighs as harm).
pub const PROTECTED_SITE_DAMAGE: f32 = 0.2;
/// Consent lost in the district per engagement that kills civilians.
pub const COLLATERAL_CONSENT_LOSS: f32 = 0.05;

/// How the population's consent for the force scales what the adversary draws from it:
/// recruits, and the tip-offs that let it sabotage and ambush unseen. At consent 0.5 the rates
/// are as given above; a population that consents fully halves them, one that refuses the force
/// raises them by half (docs/rules.md §6: consent denies the adversary its support base).
pub fn consent_factor(consent: f32) -> f32 {
    1.5 - consent.clamp(0.0, 1.0)
}

/// Everything the security phase reads and changes.
#[derive(SystemParam)]
pub struct Battlefield<'w, 's> {
    frame: TurnFrame<'w>,
    seed: Res<'w, Seed>,
    log: ResMut<'w, TurnLog>,
    harm: ResMut<'w, HarmRecord>,
    units: Query<'w, 's, (&'static mut Unit, &'static Position, &'static mut Task)>,
    sites: Query<'w, 's, &'static mut Infrastructure>,
    groups: Query<
        'w,
        's,
        (
            &'static mut PopulationGroup,
            &'static mut Attitudes,
            &'static mut Casualties,
        ),
    >,
}

/// What the force's units do against the adversary this turn, before it acts.
struct Posture {
    /// Force presence per district: a patrolling unit counts fully, any other force unit half.
    presence: Vec<f32>,
    /// Sites guarded (by roster index) by a unit with the supplies to do it.
    secured: Vec<bool>,
    /// Districts where an information campaign runs.
    informed: Vec<bool>,
}

/// Adversary actions, then the force's engagements, in unit id order.
pub fn adversary_and_engagements(mut b: Battlefield) {
    let n = b.frame.districts.ids.len();
    let posture = b.posture();
    let grievance = district_mean(&b.frame.roster, &b.groups, n, |a| a.grievance);
    let consent = district_mean(&b.frame.roster, &b.groups, n, |a| a.consent);
    let mut rng = stream(b.seed.0, b.frame.clock.turn, Subsystem::Adversary);
    for i in 0..b.frame.roster.units.len() {
        // Three draws for every unit of the roster, whatever its side and whether used or not,
        // so that no unit's fate shifts the draws of the units after it.
        let draws = [
            unit_draw(&mut rng),
            unit_draw(&mut rng),
            unit_draw(&mut rng),
        ];
        let e = b.frame.roster.units[i];
        let Ok((u, pos, _)) = b.units.get(e) else {
            continue;
        };
        if u.role != SideRole::Adversary || u.strength <= 0.0 {
            continue;
        }
        let (here, strength) = (pos.0, u.strength / 100.0);
        let Some(d) = b.frame.map.0.district_at(here) else {
            continue;
        };
        let cover = 1.0 - posture.presence[d as usize].min(1.0);
        // Where people consent to the force, the adversary finds fewer recruits and helpers.
        let support = consent_factor(consent[d as usize]);
        // Recruitment from the aggrieved.
        let gain = RECRUITMENT * grievance[d as usize] * cover * support;
        if gain > 0.0
            && let Ok((mut u, _, _)) = b.units.get_mut(e)
        {
            u.strength = (u.strength + gain).min(100.0);
        }
        // Intimidation where the force is weak.
        if cover > 0.5 {
            shift_attitudes(
                &b.frame.roster,
                &mut b.groups,
                d,
                -INTIMIDATION_LOSS,
                -INTIMIDATION_LOSS,
            );
        }
        if draws[0] < SABOTAGE_CHANCE * strength * cover * support {
            b.sabotage(i, here, &posture.secured);
        }
        if draws[1] < AMBUSH_CHANCE * strength * support {
            b.ambush(i, here);
        }
        if draws[2] < DISINFORMATION_CHANCE * strength {
            b.disinformation(i, d, posture.informed[d as usize]);
        }
    }
    b.engagements();
}

impl Battlefield<'_, '_> {
    /// Where the force is present, which sites it guards and where it informs.
    fn posture(&self) -> Posture {
        let n = self.frame.districts.ids.len();
        let mut posture = Posture {
            presence: vec![0.0f32; n],
            secured: vec![false; self.frame.roster.infrastructure.len()],
            informed: vec![false; n],
        };
        for &e in &self.frame.roster.units {
            let Ok((u, pos, task)) = self.units.get(e) else {
                continue;
            };
            if u.role != SideRole::Force || u.strength <= 0.0 {
                continue;
            }
            let district = self.frame.map.0.district_at(pos.0);
            let patrolling = matches!(
                task,
                Task::Activity {
                    activity: Activity::Patrol { .. },
                    ..
                }
            );
            if let Some(d) = district {
                posture.presence[d as usize] +=
                    if patrolling { 1.0 } else { 0.5 } * u.strength / 100.0;
            }
            let Task::Activity { activity, .. } = task else {
                continue;
            };
            match *activity {
                Activity::Secure { site } => {
                    if u.supplies >= activity_supply_cost(&Activity::Secure { site })
                        && let Some(x) = posture.secured.get_mut(site as usize)
                    {
                        *x = true;
                    }
                }
                Activity::InfoCampaign { district: at } if district == Some(at) => {
                    posture.informed[at as usize] = true;
                }
                _ => {}
            }
        }
        posture
    }

    /// Sabotage by adversary unit `i` of the nearest unguarded working site in reach.
    fn sabotage(&mut self, i: usize, here: (i32, i32), secured: &[bool]) {
        let target = self
            .frame
            .roster
            .infrastructure
            .iter()
            .enumerate()
            .filter(|(t, _)| !secured[*t])
            .filter_map(|(t, &s)| {
                let site = self.sites.get(s).ok()?;
                let dist = distance(here, site.hex);
                (dist <= SABOTAGE_RANGE && site.condition > 0.0).then_some((dist, t))
            })
            .min();
        let Some((_, t)) = target else {
            return;
        };
        let Ok(mut site) = self.sites.get_mut(self.frame.roster.infrastructure[t]) else {
            return;
        };
        let before = site.condition;
        site.condition = (site.condition - SABOTAGE_DAMAGE).max(0.0);
        let (id, sid) = (
            &self.frame.roster.unit_ids[i],
            &self.frame.roster.infra_ids[t],
        );
        let text = format!(
            "sabotage: {id} damages {sid} (condition now {:.0}%)",
            site.condition * 100.0
        );
        self.harm.record(
            site_harm(site.protected),
            Origin::Adversary,
            Cause::Rule("adversary sabotage"),
            sid,
            f64::from(before - site.condition),
            text.clone(),
        );
        self.log.push(LogKind::Adversary, sid, text);
    }

    /// Ambush by adversary unit `i` on a moving force unit next to it.
    fn ambush(&mut self, i: usize, here: (i32, i32)) {
        let victim = self.frame.roster.units.iter().enumerate().find(|(_, v)| {
            self.units.get(**v).is_ok_and(|(vu, vp, vt)| {
                vu.role == SideRole::Force
                    && vu.strength > 0.0
                    && matches!(vt, Task::Move { .. })
                    && distance(vp.0, here) <= 1
            })
        });
        let Some((vi, &v)) = victim else {
            return;
        };
        let Ok((mut vu, _, _)) = self.units.get_mut(v) else {
            return;
        };
        vu.strength = (vu.strength - AMBUSH_LOSS).max(0.0);
        let (id, vid) = (
            &self.frame.roster.unit_ids[i],
            &self.frame.roster.unit_ids[vi],
        );
        self.log.push(
            LogKind::Adversary,
            vid,
            format!(
                "ambush: {id} hits {vid} on the move (strength {:.0})",
                vu.strength
            ),
        );
    }

    /// Disinformation by adversary unit `i` in district `d`, blunted where the force informs.
    fn disinformation(&mut self, i: usize, d: DistrictIdx, countered: bool) {
        let loss = if countered {
            DISINFORMATION_LOSS * (1.0 - CAMPAIGN_COUNTER)
        } else {
            DISINFORMATION_LOSS
        };
        shift_attitudes(&self.frame.roster, &mut self.groups, d, -loss, 0.0);
        let note = if countered {
            " (blunted by the information campaign)"
        } else {
            ""
        };
        let (id, dname) = (
            &self.frame.roster.unit_ids[i],
            &self.frame.districts.ids[d as usize],
        );
        self.log.push(
            LogKind::Adversary,
            id,
            format!("{id} spreads disinformation in {dname}{note}"),
        );
    }
}

impl Battlefield<'_, '_> {
    /// The force's engagements, in unit id order.
    fn engagements(&mut self) {
        let Battlefield {
            frame:
                TurnFrame {
                    roster,
                    map,
                    districts,
                    ..
                },
            log,
            harm,
            units,
            sites,
            groups,
            ..
        } = self;
        let (roster, map, districts): (&Roster, &crate::map::HexMap, &Districts) =
            (roster, &map.0, districts);
        let n = districts.ids.len();
        let people = super::services::district_people(
            roster
                .population
                .iter()
                .filter_map(|&e| groups.get(e).ok().map(|(g, _, _)| g)),
            n,
        );
        let hexes = {
            let mut h = vec![0u32; n];
            for &d in &map.district {
                if let Some(x) = h.get_mut(d as usize) {
                    *x += 1;
                }
            }
            h
        };
        for (i, &e) in roster.units.iter().enumerate() {
            let Ok((me, pos, task)) = units.get(e) else {
                continue;
            };
            let Task::Activity {
                activity: Activity::Engage { target },
                order,
            } = *task
            else {
                continue;
            };
            let (mine, here) = (me.strength / 100.0, pos.0);
            let Some(&te) = roster.units.get(target as usize) else {
                continue;
            };
            let Ok((foe, at, _)) = units.get(te) else {
                continue;
            };
            let (theirs, there) = (foe.strength / 100.0, at.0);
            let id = &roster.unit_ids[i];
            let tid = &roster.unit_ids[target as usize];
            if foe.strength <= 0.0 || distance(here, there) > 1 {
                // The engagement is over: the target is neutralised or out of reach.
                if let Ok((_, _, mut task)) = units.get_mut(e) {
                    *task = Task::Hold;
                }
                log.push(
                    LogKind::Engagement,
                    id,
                    format!("{id} breaks off: {tid} is neutralised or out of reach"),
                );
                continue;
            }
            if me.strength <= 0.0
                || me.supplies < activity_supply_cost(&Activity::Engage { target })
            {
                continue;
            }
            if let Ok((mut foe, _, _)) = units.get_mut(te) {
                foe.strength = (foe.strength - ENGAGE_DAMAGE * mine).max(0.0);
                let what = if foe.strength == 0.0 {
                    "neutralised".to_string()
                } else {
                    format!("strength {:.0}", foe.strength)
                };
                log.push(
                    LogKind::Engagement,
                    tid,
                    format!("{id} engages {tid}: {what}"),
                );
            }
            if let Ok((mut me, _, _)) = units.get_mut(e) {
                me.strength = (me.strength - ENGAGE_RETURN * theirs).max(0.0);
            }
            // Collateral harm where the fighting is.
            let Some(d) = map.district_at(there) else {
                continue;
            };
            let density = if hexes[d as usize] > 0 {
                people[d as usize] / hexes[d as usize] as f32 / 500.0
            } else {
                0.0
            };
            let urban = map
                .index(there)
                .is_some_and(|h| map.terrain[h] == Terrain::Urban);
            let expected =
                COLLATERAL_BASE * density * if urban { URBAN_COLLATERAL } else { 1.0 } * mine;
            let killed = kill(roster, groups, d, expected);
            if killed > 0 {
                shift_attitudes(roster, groups, d, -COLLATERAL_CONSENT_LOSS, 0.0);
                let dname = &districts.ids[d as usize];
                let text = format!(
                    "collateral harm: {killed} civilians killed in {dname} by {id}'s engagement"
                );
                harm.record(
                    HarmKind::Casualties,
                    Origin::Force,
                    Cause::Order(order),
                    dname,
                    f64::from(killed),
                    text.clone(),
                );
                log.push(LogKind::Engagement, dname, text);
            }
            for (t, &s) in roster.infrastructure.iter().enumerate() {
                if let Ok(mut site) = sites.get_mut(s)
                    && site.condition > 0.0
                    && distance(site.hex, there) <= 1
                {
                    let before = site.condition;
                    site.condition = (site.condition - PROTECTED_SITE_DAMAGE).max(0.0);
                    let sid = &roster.infra_ids[t];
                    let text = match site.protected {
                        Protection::Medical => {
                            format!(
                                "protected site hit: {sid} (medical facility) in {id}'s engagement"
                            )
                        }
                        Protection::CulturalProperty => format!(
                            "protected site hit: {sid} (cultural property) in {id}'s engagement"
                        ),
                        Protection::None => format!("site hit: {sid} in {id}'s engagement"),
                    };
                    harm.record(
                        site_harm(site.protected),
                        Origin::Force,
                        Cause::Order(order),
                        sid,
                        f64::from(before - site.condition),
                        text.clone(),
                    );
                    log.push(LogKind::Engagement, sid, text);
                }
            }
        }
    }
}

/// People-weighted mean of an attitude per district.
fn district_mean(
    roster: &Roster,
    groups: &Query<(&mut PopulationGroup, &mut Attitudes, &mut Casualties)>,
    n: usize,
    f: impl Fn(&Attitudes) -> f32,
) -> Vec<f32> {
    let mut sum = vec![0.0f32; n];
    let mut people = vec![0.0f32; n];
    for &e in &roster.population {
        if let Ok((g, a, _)) = groups.get(e)
            && (g.district as usize) < n
        {
            sum[g.district as usize] += f(a) * g.size as f32;
            people[g.district as usize] += g.size as f32;
        }
    }
    sum.iter()
        .zip(&people)
        .map(|(s, p)| if *p > 0.0 { s / p } else { 0.0 })
        .collect()
}

fn shift_attitudes(
    roster: &Roster,
    groups: &mut Query<(&mut PopulationGroup, &mut Attitudes, &mut Casualties)>,
    d: DistrictIdx,
    consent: f32,
    legitimacy: f32,
) {
    for &e in &roster.population {
        if let Ok((g, mut a, _)) = groups.get_mut(e)
            && g.district == d
        {
            a.consent = (a.consent + consent).clamp(0.0, 1.0);
            a.legitimacy = (a.legitimacy + legitimacy).clamp(0.0, 1.0);
        }
    }
}

/// Kills `expected` civilians (rounded down) in the district, shared over its groups by size;
/// what rounding leaves goes to the largest group. Returns the count.
fn kill(
    roster: &Roster,
    groups: &mut Query<(&mut PopulationGroup, &mut Attitudes, &mut Casualties)>,
    d: DistrictIdx,
    expected: f32,
) -> u32 {
    let members: Vec<(usize, u32)> = roster
        .population
        .iter()
        .enumerate()
        .filter_map(|(i, &e)| groups.get(e).ok().map(|(g, _, _)| (i, g)))
        .filter(|(_, g)| g.district == d && g.size > 0)
        .map(|(i, g)| (i, g.size))
        .collect();
    let total: u32 = members.iter().map(|m| m.1).sum();
    let want = (expected.floor() as u32).min(total);
    if want == 0 {
        return 0;
    }
    let mut shares: Vec<(usize, u32)> = members
        .iter()
        .map(|&(i, size)| {
            (
                i,
                (u64::from(want) * u64::from(size) / u64::from(total)) as u32,
            )
        })
        .collect();
    let rest = want - shares.iter().map(|s| s.1).sum::<u32>();
    if let Some(largest) = members
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.1.cmp(&b.1.1).then(b.0.cmp(&a.0)))
    {
        shares[largest.0].1 += rest;
    }
    for (i, k) in shares {
        if let Ok((mut g, _, mut c)) = groups.get_mut(roster.population[i]) {
            let k = k.min(g.size);
            g.size -= k;
            c.total += k;
            c.by_force += k;
        }
    }
    want
}
