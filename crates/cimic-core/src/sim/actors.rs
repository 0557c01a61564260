//! Non-military actors act on their own (docs/rules.md §11): each delivers its mandate where it has
//! access, by need, up to its capacity; its trust in the force, its stance and — for humanitarian
//! actors — its acceptance move with how the force treats it. Phases 7 (delivery) and 10 (relations).

use super::activities::{Done, ForceActivity};
use super::components::{
    Activity, Actor, ActorStatus, Crossings, Delivered, Map, Needs, PopulationGroup, TurnFrame,
};
use super::reach::{Reach, actor_reaches};
use super::report::{LogKind, TurnLog};
use super::scoring::harm::{HarmKind, HarmRecord};
use super::scoring::ledger::{Cause, Origin};
use crate::map::DistrictIdx;
use crate::rules::*;
use crate::scenario::format::{ActorKind, Sector, Stance};
use bevy::ecs::system::SystemParam;
use bevy::prelude::{Query, Res, ResMut, Resource};

/// Where each actor could work this turn, by actor roster index.
#[derive(Resource, Debug, Default, Clone)]
pub struct ActorAccess(pub Vec<Vec<DistrictAccess>>);

impl ActorAccess {
    /// Whether actor `ai` (roster index) worked in district `d` this turn: it can get there and
    /// security, or an escort, let it in. The one test of "a civilian actor reaches it" that the
    /// scores and the community rules read.
    pub fn works(&self, ai: usize, d: usize) -> bool {
        self.0
            .get(ai)
            .is_some_and(|v| v.iter().any(|a| a.district as usize == d && a.access))
    }
}

/// One district of an actor's area this turn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DistrictAccess {
    pub district: DistrictIdx,
    /// Security satisfaction of the district's people at the start of the phase.
    pub security: f32,
    /// Whether the actor can get there now (by land from its base, or by boat or air).
    pub reachable: bool,
    /// Whether security alone met the actor's threshold (and it can get there).
    pub unescorted: bool,
    /// Whether the actor worked there (security or escort).
    pub access: bool,
}

/// Whether an actor kind is a host-nation authority (the way to local ownership).
pub fn is_host_nation(kind: ActorKind) -> bool {
    matches!(
        kind,
        ActorKind::HostNationMinistry | ActorKind::LocalAuthority | ActorKind::LawEnforcement
    )
}

/// What the actors' delivery reads of the turn: who is in the game and what the force does.
#[derive(SystemParam)]
pub struct DeliveryInputs<'w> {
    frame: TurnFrame<'w>,
    activity: Res<'w, ForceActivity>,
    map: Res<'w, Map>,
    crossings: Res<'w, Crossings>,
    reach: ResMut<'w, Reach>,
}

/// Turn phase (order in `turn_schedule`): every working actor delivers its mandate, split over the sectors and districts it can
/// reach in proportion to unmet need (people × (1 − satisfaction)).
pub fn actors_deliver(
    inputs: DeliveryInputs,
    mut delivered: ResMut<Delivered>,
    mut access: ResMut<ActorAccess>,
    mut log: ResMut<TurnLog>,
    actors: Query<&Actor>,
    groups: Query<(&PopulationGroup, &Needs)>,
) {
    let DeliveryInputs {
        frame:
            TurnFrame {
                clock,
                roster,
                districts,
                ..
            },
        activity,
        map,
        crossings,
        mut reach,
    } = inputs;
    let n = districts.ids.len();
    let regions = reach.current(&map.0, n, &crossings.open);
    let people = super::services::district_people(
        roster
            .population
            .iter()
            .filter_map(|&e| groups.get(e).ok().map(|(g, _)| g)),
        n,
    );
    let needs: Vec<[f32; 7]> = super::services::district_needs(
        roster.population.iter().filter_map(|&e| groups.get(e).ok()),
        n,
    )
    .into_iter()
    .map(|x| x.unwrap_or([0.0; 7]))
    .collect();
    // What the force delivers itself this turn, which coordinating actors work around.
    let mut force = vec![[0.0f32; 7]; n];
    for (d, s, amount) in activity.iter().filter_map(super::services::force_output) {
        if let Some(row) = force.get_mut(d as usize) {
            row[s.index()] += amount;
        }
    }
    access.0 = vec![Vec::new(); roster.actors.len()];
    for (ai, &e) in roster.actors.iter().enumerate() {
        let Ok(actor) = actors.get(e) else { continue };
        let id = &roster.actor_ids[ai];
        for &d in &actor.districts {
            let security = needs
                .get(d as usize)
                .map_or(0.0, |n| n[Sector::Security.index()]);
            let escorted = activity.iter().any(|x| {
                matches!(x.activity, Activity::Escort { actor, district } if actor as usize == ai && district == d)
            });
            let bonus = if escorted { ESCORT_ACCESS_BONUS } else { 0.0 };
            let reachable = actor_reaches(actor, regions, d);
            access.0[ai].push(DistrictAccess {
                district: d,
                security,
                reachable,
                unescorted: reachable && security >= actor.access_threshold,
                access: reachable && security + bonus >= actor.access_threshold,
            });
        }
        if actor.status != ActorStatus::Active || actor.capacity == 0 {
            continue;
        }
        // Unmet need in every (district, sector) the actor can reach.
        let mut gaps: Vec<(DistrictIdx, Sector, f32)> = Vec::new();
        for a in access.0[ai].iter().filter(|a| a.access) {
            for &s in &actor.mandate {
                let d = a.district as usize;
                let gap = people[d] * (1.0 - needs[d][s.index()]);
                if gap > 0.0 {
                    gaps.push((a.district, s, gap));
                }
            }
        }
        let total_gap: f32 = gaps.iter().map(|g| g.2).sum();
        // What the actor delivers alone: its capacity over its gaps, in proportion.
        let capacity = actor.capacity as f32;
        let served_alone = capacity.min(total_gap);
        let alone: Vec<f32> = gaps
            .iter()
            .map(|g| served_alone * g.2 / total_gap)
            .collect();
        // After coordinating, the actor knows what the force covers and works around it.
        let coordinating = actor.stance != Stance::Coexistence
            && actor
                .coordinated_on
                .is_some_and(|t| clock.turn <= t + COORDINATION_MEMORY);
        let amounts = if coordinating {
            let around: Vec<f32> = gaps
                .iter()
                .map(|g| (g.2 - force[g.0 as usize][g.1.index()]).max(0.0))
                .collect();
            let amounts = coordinated_delivery(capacity, &gaps, &around);
            for ((g, before), after) in gaps.iter().zip(&alone).zip(&amounts) {
                if before > after {
                    delivered.deconflicted[g.0 as usize][g.1.index()] += before - after;
                }
            }
            amounts
        } else {
            alone
        };
        let names = |keep: &dyn Fn(&DistrictAccess) -> bool| -> Vec<&str> {
            access.0[ai]
                .iter()
                .filter(|a| keep(a))
                .map(|a| districts.ids[a.district as usize].as_str())
                .collect()
        };
        let blocked = names(&|a| a.reachable && !a.access);
        let cut_off = names(&|a| !a.reachable);
        let base = districts
            .ids
            .get(actor.base as usize)
            .map_or("its base", String::as_str);
        let cut_text = format!(
            "cut off from {} (no land route from {base})",
            cut_off.join(", ")
        );
        if total_gap <= 0.0 {
            let mut parts = Vec::new();
            if !blocked.is_empty() {
                parts.push(format!(
                    "{id} has no access to {} (security below {:.2})",
                    blocked.join(", "),
                    actor.access_threshold
                ));
            }
            if !cut_off.is_empty() {
                parts.push(format!("{id} is {cut_text}"));
            }
            if !parts.is_empty() {
                log.push(LogKind::Actor, id, parts.join("; "));
            }
            continue;
        }
        let served: f32 = amounts.iter().sum();
        for (&(d, s, _), &amount) in gaps.iter().zip(&amounts) {
            delivered.total[d as usize][s.index()] += amount;
            if is_host_nation(actor.kind) {
                delivered.host_nation[d as usize] += amount;
            } else if actor.kind == ActorKind::LocalLeader {
                delivered.local[d as usize] += amount;
            }
        }
        let mut text = format!("{id} serves {served:.0} people");
        if !blocked.is_empty() {
            text.push_str(&format!("; no access to {}", blocked.join(", ")));
        }
        if !cut_off.is_empty() {
            text.push_str(&format!("; {cut_text}"));
        }
        log.push(LogKind::Actor, id, text);
    }
}

/// What a coordinating actor delivers in each of its (district, sector) gaps (rules version 11):
/// what it would deliver alone (its capacity over its `plain` gaps, in proportion), except that
/// in each gap it gives no more than the force leaves there (`around`: the plain gap less the
/// force's own delivery, in the order of `plain`); the part that would have duplicated the force
/// goes first to the gaps where the force leaves it room, in proportion to that room, and only
/// what none of them can take goes back beside the force, in proportion to what each gap still
/// lacks. Coordination moves only the duplication: an agency whose share of a gap the force
/// leaves it anyway keeps working there. It serves as many people as it would have alone
/// (min(capacity, Σ plain gaps)), and no gap gets more than it lacks. Under versions 9 and 10 it
/// gave the gaps the force leaves first in proportion to what the force left, so coordinating
/// with a medical agency beside a field hospital in a camp still short of care moved the
/// agency's medics to the camp's water: the red team's uncoordinated aid saved more lives.
fn coordinated_delivery(
    capacity: f32,
    plain: &[(DistrictIdx, Sector, f32)],
    around: &[f32],
) -> Vec<f32> {
    let plain_total: f32 = plain.iter().map(|g| g.2).sum();
    if plain_total <= 0.0 {
        return vec![0.0; plain.len()];
    }
    let served = capacity.min(plain_total);
    let alone = plain.iter().map(|g| served * g.2 / plain_total);
    let mut amounts: Vec<f32> = alone.zip(around).map(|(a, &r)| a.min(r)).collect();
    let freed = served - amounts.iter().sum::<f32>();
    // Spread `amount` over the gaps in proportion to `room` (each gap's room for more).
    let spread = |amounts: &mut Vec<f32>, amount: f32, room: &dyn Fn(usize, f32) -> f32| {
        let rooms: Vec<f32> = amounts
            .iter()
            .enumerate()
            .map(|(i, &a)| room(i, a).max(0.0))
            .collect();
        let total: f32 = rooms.iter().sum();
        let moved = amount.min(total);
        if moved > 0.0 {
            for (a, r) in amounts.iter_mut().zip(&rooms) {
                *a += moved * r / total;
            }
        }
        moved
    };
    let moved = spread(&mut amounts, freed, &|i, a| around[i] - a);
    spread(&mut amounts, freed - moved, &|i, a| plain[i].2 - a);
    amounts
}

/// What the relations phase reads of the turn besides the actors and groups.
#[derive(SystemParam)]
pub struct RelationsInputs<'w> {
    frame: TurnFrame<'w>,
    activity: Res<'w, ForceActivity>,
    access: Res<'w, ActorAccess>,
    delivered: Res<'w, Delivered>,
}

/// Where the relations phases (the actors', the communities') write what happened: the turn's
/// log and the civil-harm record.
#[derive(SystemParam)]
pub struct RelationsRecord<'w> {
    pub(super) log: ResMut<'w, TurnLog>,
    pub(super) harm: ResMut<'w, HarmRecord>,
}

/// Turn phase (order in `turn_schedule`): trust, stance, acceptance, suspension and withdrawal, and host-nation capacity,
/// from what the force did this turn.
pub fn actor_relations(
    input: RelationsInputs,
    mut record: RelationsRecord,
    mut actors: Query<&mut Actor>,
    groups: Query<&PopulationGroup>,
) {
    let people = super::services::district_people(
        input
            .frame
            .roster
            .population
            .iter()
            .filter_map(|&e| groups.get(e).ok()),
        input.frame.districts.ids.len(),
    );
    let sharing = duplicated_agencies(&input, &actors);
    for (ai, &e) in input.frame.roster.actors.iter().enumerate() {
        let Ok(mut actor) = actors.get_mut(e) else {
            continue;
        };
        if matches!(actor.status, ActorStatus::Withdrawn | ActorStatus::Absent) {
            continue;
        }
        let seen = ActorSeen {
            index: ai,
            id: &input.frame.roster.actor_ids[ai],
            reach: input.access.0.get(ai).map(Vec::as_slice).unwrap_or(&[]),
            people: &people,
            sharing: &sharing,
        };
        let mut incident = false;
        for done in input.activity.iter() {
            incident |= seen.meets(&input, &mut record, &mut actor, done);
        }
        if !incident {
            actor.acceptance = (actor.acceptance + ACCEPTANCE_RECOVERY).min(1.0);
        }
        if actor.humanitarian {
            humanitarian_status(&mut actor, seen.id, &mut record);
        }
        step_stance(&mut actor, seen.id, &mut record.log);
    }
}

/// Whether a humanitarian actor's own delivery is there for the force's aid or medical support
/// in `sector` and `district` to duplicate: it works (or has suspended work) there, with the
/// sector in its mandate and access this turn.
fn covers(actor: &Actor, reach: &[DistrictAccess], district: DistrictIdx, sector: Sector) -> bool {
    actor.humanitarian
        && !matches!(actor.status, ActorStatus::Withdrawn | ActorStatus::Absent)
        && actor.mandate.contains(&sector)
        && reach.iter().any(|r| r.district == district && r.access)
}

/// Per district and sector, how many humanitarian actors the force's service there could
/// duplicate. The overlap is one quantity of people served twice, each of them by the force and
/// by one agency: it is shared among those agencies, not charged to each in full (rules version
/// 12; before, two agencies in a camp doubled the humanitarian-space harm of one turn of
/// last-resort medical care).
fn duplicated_agencies(input: &RelationsInputs, actors: &Query<&mut Actor>) -> Vec<[u32; 7]> {
    let mut out = vec![[0u32; 7]; input.frame.districts.ids.len()];
    for (ai, &e) in input.frame.roster.actors.iter().enumerate() {
        let Ok(actor) = actors.get(e) else {
            continue;
        };
        let reach = input.access.0.get(ai).map(Vec::as_slice).unwrap_or(&[]);
        for (d, row) in out.iter_mut().enumerate() {
            for s in Sector::ALL {
                if covers(actor, reach, d as DistrictIdx, s) {
                    row[s.index()] += 1;
                }
            }
        }
    }
    out
}

/// An actor as the relations phase judges what the force did to it.
struct ActorSeen<'a> {
    /// Actor roster index.
    index: usize,
    id: &'a str,
    /// Where it could work this turn.
    reach: &'a [DistrictAccess],
    /// People per district.
    people: &'a [f32],
    /// Per district and sector, the humanitarian actors sharing an overlap (`duplicated_agencies`).
    sharing: &'a [[u32; 7]],
}

impl ActorSeen<'_> {
    /// What one force activity does to the actor's trust, capacity and acceptance. Returns
    /// whether it was an incident (which stops acceptance recovering this turn).
    fn meets(
        &self,
        input: &RelationsInputs,
        record: &mut RelationsRecord,
        actor: &mut Actor,
        done: &Done,
    ) -> bool {
        let (ai, id) = (self.index, self.id);
        let unit = &input.frame.roster.unit_ids[done.unit as usize];
        match done.activity {
            Activity::Liaise { actor: a } if a as usize == ai => {
                actor.trust = (actor.trust + LIAISON_TRUST).min(1.0);
                actor.coordinated_on = Some(input.frame.clock.turn);
                record.log.push(
                    LogKind::Actor,
                    id,
                    format!("{unit} liaises with {id}: trust {:.2}", actor.trust),
                );
            }
            Activity::Meeting { district } if actor.districts.contains(&district) => {
                actor.trust = (actor.trust + MEETING_TRUST).min(1.0);
                actor.coordinated_on = Some(input.frame.clock.turn);
            }
            Activity::SupportAuthority { actor: a } if a as usize == ai => {
                let cap = actor.base_capacity as f32 * MAX_SUPPORTED_CAPACITY;
                let grown =
                    actor.capacity as f32 + SUPPORT_CAPACITY_GAIN * actor.base_capacity as f32;
                actor.capacity = grown.min(cap) as u32;
                actor.trust = (actor.trust + 0.02).min(1.0);
                record.log.push(
                    LogKind::Actor,
                    id,
                    format!("{unit} supports {id}: capacity {}", actor.capacity),
                );
            }
            // Counts while the actor is suspended too: its work stopped because of the force.
            // Medical support is militarised aid in health.
            Activity::Aid { district, sector } if actor.humanitarian => {
                return self.militarised_aid(input, record, actor, done, district, sector);
            }
            Activity::Medical { district } if actor.humanitarian => {
                return self.militarised_aid(input, record, actor, done, district, Sector::Health);
            }
            Activity::Escort { actor: a, district } if a as usize == ai && actor.humanitarian => {
                self.escorted(input, record, actor, done, district);
                return true;
            }
            _ => {}
        }
        false
    }

    /// Share of a force service that duplicated what civilians (sites and actors) delivered:
    /// the part of its output beyond the need they left.
    fn overlap(&self, delivered: &Delivered, done: &Done) -> f32 {
        let Some((d, s, out)) = super::services::force_output(done) else {
            return 0.0;
        };
        let (d, k) = (d as usize, s.index());
        let civilian = delivered.total[d][k] - delivered.force[d][k];
        let left = (self.people[d] - civilian).max(0.0);
        if out > 0.0 {
            ((out - left) / out).clamp(0.0, 1.0)
        } else {
            0.0
        }
    }

    /// The force's aid or medical support where a humanitarian actor works: acceptance lost
    /// where it duplicated the actor's delivery, or filled a gap without coordinating with it.
    /// Returns whether it was an incident.
    fn militarised_aid(
        &self,
        input: &RelationsInputs,
        record: &mut RelationsRecord,
        actor: &mut Actor,
        done: &Done,
        district: DistrictIdx,
        sector: Sector,
    ) -> bool {
        let (id, turn) = (self.id, input.frame.clock.turn);
        let unit = &input.frame.roster.unit_ids[done.unit as usize];
        let covers = covers(actor, self.reach, district, sector);
        // Where civilian capacity fell short, the force's aid filled a gap: only the part that
        // duplicated civilian delivery costs acceptance.
        let duplicated = self.overlap(&input.delivered, done);
        let sharing = self
            .sharing
            .get(district as usize)
            .map_or(1, |row| row[sector.index()])
            .max(1) as f32;
        let coordinated = actor
            .coordinated_on
            .is_some_and(|t| turn <= t + COORDINATION_MEMORY);
        let place = input.frame.districts.ids[district as usize].as_str();
        let (after, text) = if !covers || (duplicated <= 0.0 && coordinated) {
            return false;
        } else if duplicated <= 0.0 {
            let after = (actor.acceptance - UNCOORDINATED_AID_ACCEPTANCE_LOSS).max(0.0);
            let text = format!(
                "{unit}'s militarised aid ({}) in {place} fills a gap next to {id} without coordinating with it: the line between soldiers and aid workers blurs; {id}'s acceptance {after:.2}",
                sector.name(),
            );
            (after, text)
        } else {
            actor.trust = (actor.trust - 0.05).max(0.0);
            let after =
                (actor.acceptance - DUPLICATION_ACCEPTANCE_LOSS * duplicated / sharing).max(0.0);
            let verdict = if duplicated >= LAST_RESORT_DUPLICATED_SHARE {
                "not a last resort"
            } else {
                "mostly a gap it could not fill (a last resort), the overlap wasted"
            };
            let among = if sharing > 1.0 {
                format!(", an overlap shared among {sharing:.0} agencies")
            } else {
                String::new()
            };
            let text = format!(
                "{unit}'s militarised aid ({}) in {place} duplicates {id}, which had access ({:.0}% of it served nobody new{among}): {verdict}; {id}'s acceptance {after:.2}",
                sector.name(),
                duplicated * 100.0,
            );
            (after, text)
        };
        let before = std::mem::replace(&mut actor.acceptance, after);
        record.harm.record(
            HarmKind::HumanitarianSpace,
            Origin::Force,
            Cause::Order(done.order),
            id,
            f64::from(before - after),
            text.clone(),
        );
        record.log.push(LogKind::Actor, id, text);
        true
    }

    /// An armed escort of a humanitarian actor costs acceptance, more when it was not needed.
    fn escorted(
        &self,
        input: &RelationsInputs,
        record: &mut RelationsRecord,
        actor: &mut Actor,
        done: &Done,
        district: DistrictIdx,
    ) {
        let id = self.id;
        let unit = &input.frame.roster.unit_ids[done.unit as usize];
        let needed = self
            .reach
            .iter()
            .any(|r| r.district == district && !r.unescorted);
        let loss = if needed {
            LAST_RESORT_ESCORT_ACCEPTANCE_LOSS
        } else {
            ESCORT_ACCEPTANCE_LOSS
        };
        let before = actor.acceptance;
        actor.acceptance = (actor.acceptance - loss).max(0.0);
        let lost = f64::from(before - actor.acceptance);
        let what = if needed {
            "the armed escort it needed"
        } else {
            "an armed escort it did not need"
        };
        record.harm.record(
            HarmKind::HumanitarianSpace,
            Origin::Force,
            Cause::Order(done.order),
            id,
            lost,
            format!(
                "{unit} gives {id} {what}; being seen with soldiers costs {id} acceptance ({:.2})",
                actor.acceptance
            ),
        );
        if !needed {
            record.log.push(
                LogKind::Actor,
                id,
                format!(
                    "{unit}'s armed escort of {id} in {} was not a last resort; acceptance {:.2}",
                    input.frame.districts.ids[district as usize], actor.acceptance
                ),
            );
        }
    }
}

/// A humanitarian actor suspends its work, resumes it or withdraws as its acceptance falls
/// and recovers; losing it is civil harm.
fn humanitarian_status(actor: &mut Actor, id: &str, record: &mut RelationsRecord) {
    let before = actor.status;
    // Suspended actors wait for acceptance to clear the threshold by a margin.
    let resume_at = if before == ActorStatus::Suspended {
        SUSPEND_BELOW + 0.1
    } else {
        SUSPEND_BELOW
    };
    actor.status = if actor.acceptance < WITHDRAW_BELOW {
        ActorStatus::Withdrawn
    } else if actor.acceptance < resume_at {
        ActorStatus::Suspended
    } else {
        ActorStatus::Active
    };
    if actor.status == before {
        return;
    }
    let kind = match actor.status {
        ActorStatus::Withdrawn => Some(HarmKind::ActorWithdrew),
        ActorStatus::Suspended => Some(HarmKind::ActorSuspended),
        _ => None,
    };
    if let Some(kind) = kind {
        record.harm.record(
            kind,
            Origin::Force,
            Cause::Rule("humanitarian acceptance"),
            id,
            1.0,
            format!(
                "humanitarian space lost: {id} {} (acceptance {:.2})",
                if kind == HarmKind::ActorWithdrew {
                    "withdraws"
                } else {
                    "suspends its work"
                },
                actor.acceptance
            ),
        );
    }
    let what = match actor.status {
        ActorStatus::Withdrawn => "withdraws from the operation: humanitarian space is lost",
        ActorStatus::Suspended => "suspends its work to protect its neutrality",
        ActorStatus::Active | ActorStatus::Absent => "resumes its work",
    };
    record.log.push(LogKind::Actor, id, format!("{id} {what}"));
}

/// Stance follows trust, one step a turn; humanitarian actors stop at coordination.
fn step_stance(actor: &mut Actor, id: &str, log: &mut TurnLog) {
    // A hair of tolerance, so that 0.5 − 0.05 − 0.05 still counts as 0.4.
    let trust = actor.trust + 1e-5;
    let target = if trust >= COOPERATION_TRUST && !actor.humanitarian {
        Stance::Cooperation
    } else if trust >= COORDINATION_TRUST {
        Stance::Coordination
    } else {
        Stance::Coexistence
    };
    let next = match (actor.stance, target) {
        (s, t) if s == t => s,
        (Stance::Coexistence, _) => Stance::Coordination,
        (Stance::Cooperation, _) => Stance::Coordination,
        (Stance::Coordination, t) => t,
    };
    if next != actor.stance {
        actor.stance = next;
        log.push(
            LogKind::Actor,
            id,
            format!("{id} moves to {next:?} with the force"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::coordinated_delivery;
    use crate::scenario::format::Sector;

    /// A briefed agency with 1 000 people's worth for two equal gaps in one district.
    fn deliver(force_in_water: f32) -> Vec<f32> {
        let gaps = [(0, Sector::Water, 1000.0), (0, Sector::Food, 1000.0)];
        let around: Vec<f32> = gaps
            .iter()
            .map(|g| {
                let force = if g.1 == Sector::Water {
                    force_in_water
                } else {
                    0.0
                };
                (g.2 - force).max(0.0)
            })
            .collect();
        coordinated_delivery(1000.0, &gaps, &around)
    }

    #[test]
    fn coordination_leaves_an_agency_where_the_force_leaves_it_room() {
        // Alone it gives 500 to each gap; the force's 500 in water leaves water 500 more to
        // fill, so nothing would duplicate and the agency keeps its share there (under versions
        // 9 to 11 it moved a third of its water to food: 333 and 667).
        let a = deliver(500.0);
        assert!(
            (a[0] - 500.0).abs() < 1e-3 && (a[1] - 500.0).abs() < 1e-3,
            "{a:?}"
        );
    }

    #[test]
    fn coordination_moves_only_what_would_duplicate_the_force() {
        // The force's 900 in water leaves room for 100: the other 400 of the agency's water
        // share would serve nobody new and goes to food instead; the agency serves as many.
        let a = deliver(900.0);
        assert!(
            (a[0] - 100.0).abs() < 1e-3 && (a[1] - 900.0).abs() < 1e-3,
            "{a:?}"
        );
        assert!((a[0] + a[1] - 1000.0).abs() < 1e-3);
    }
}
