//! The CIMIC-first policy's CIMIC teams and information activities: civil-military liaison and
//! information management (AU/UN, the first CIMIC function).
//!
//! Each CIMIC team goes where people are worst off and least known, one team to a district.
//! There it assesses a district the force has not seen lately, visits the actors whose trust is
//! low (humanitarian actors only up to coordination: they keep their distance), calls a
//! coordination meeting where several actors work, and between those supports the host-nation
//! authority whose added capacity does most good ("enabling local legitimized authorities",
//! MC 411/2 §37). Only with nothing better to do does it promise a community project, and only
//! one it can finish with a turn to spare ("Avoid making promises you cannot keep", CCOE).
//! Information teams explain the mission where consent is lowest and the adversary talks most.

use super::jobs::{Job, Orders, Place};
use super::memory::Memory;
use super::situation::{SECTOR_WEIGHT, Situation};
use crate::orders::Order;
use crate::rules::{
    COORDINATION_MEMORY, COORDINATION_TRUST, PROJECT_TURNS, SHARING_TRUST, SUPPORT_CAPACITY_GAIN,
    unit_move_class,
};
use crate::scenario::format::{ActorKind, Capability, Sector};
use crate::sim::actors::is_host_nation;
use crate::sim::communities::{KLE_CONSENT_CEILING, KLE_INTERVAL, TENSION_NOTICE};
use crate::sim::components::ActorStatus;
use crate::sim::{ActorView, TaskView, UnitView};

/// Turns between two visits to the same actor, or two meetings in the same district.
const REVISIT: u32 = 5;
/// A picture this many turns old is stale: an assessment of it changes the picture
/// (the rules' `PICTURE_CURRENT_TURNS`, docs/rules.md §21.3).
const STALE: u32 = crate::sim::scoring::effect::PICTURE_CURRENT_TURNS;

/// Orders for CIMIC teams, other supporters, information teams and idle assessors.
pub(crate) fn plan(
    sit: &Situation,
    orders: &mut Orders,
    memory: &mut Memory,
    busy: &mut Vec<String>,
) {
    let teams: Vec<&UnitView> = sit
        .force()
        .filter(|u| !busy.contains(&u.id) && u.capabilities.contains(&Capability::Liaise))
        .collect();
    // Teams to districts, best match first, one team to a district.
    let mut pairs: Vec<(f32, usize, usize)> = Vec::new();
    for (i, t) in teams.iter().enumerate() {
        pairs.extend(
            district_values(sit, orders, memory, t)
                .into_iter()
                .map(|(v, d)| (v, i, d)),
        );
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut claimed: Vec<usize> = Vec::new();
    let mut placed = vec![false; teams.len()];
    let mut postings: Vec<(usize, usize)> = Vec::new();
    for (_, i, d) in pairs {
        if placed[i] || claimed.contains(&d) {
            continue;
        }
        placed[i] = true;
        claimed.push(d);
        postings.push((i, d));
    }
    // The coordination meetings this turn's plan holds go first, so that no team briefs or
    // visits an actor a meeting reaches (`contacted`): the meeting reaches several actors, a
    // liaison one, and a second contact in a turn changes nothing (docs/rules.md §21.3).
    let meetings = meetings_planned(sit, orders, memory, &teams, &postings);
    for &(i, d) in &meetings {
        let t = teams[i];
        let job = Job {
            order: Order::CoordinationMeeting {
                unit: t.id.clone(),
                district: sit.districts[d].id.clone(),
            },
            place: Place::District(d),
        };
        if orders.give(sit, t, &job) {
            memory.met.insert(d, sit.turn);
            busy.push(t.id.clone());
        }
    }
    for &(i, d) in postings.iter().filter(|p| !meetings.contains(p)) {
        let t = teams[i];
        if let Some(job) = team_job(sit, orders, memory, t, d)
            && orders.give(sit, t, &job)
        {
            busy.push(t.id.clone());
        }
    }
    // Other units that can support an authority do so where they stand.
    let idle: Vec<&UnitView> = sit.force().filter(|u| !busy.contains(&u.id)).collect();
    for u in idle {
        if !u.capabilities.contains(&Capability::SupportAuthority) {
            continue;
        }
        if let Some(d) = sit.district_at(u.position)
            && let Some((_, a)) = best_support(sit, d)
        {
            let job = support_job(u, a, d);
            if orders.give(sit, u, &job) {
                busy.push(u.id.clone());
            }
        }
    }
    information(sit, orders, busy);
    // Support runs on as a task: a unit still supporting an authority that can absorb no more
    // stops there (it would change nothing, docs/rules.md §21.3).
    let free: Vec<&UnitView> = sit.force().filter(|u| !busy.contains(&u.id)).collect();
    for u in free {
        if let TaskView::SupportAuthority { actor } = &u.task
            && sit.actors.iter().any(|a| &a.id == actor && a.room() <= 0.0)
            && orders.push(sit, u, Order::Hold { unit: u.id.clone() })
        {
            busy.push(u.id.clone());
        }
    }
    for u in sit.force().filter(|u| !busy.contains(&u.id)) {
        if u.task == TaskView::Hold
            && let Some(d) = sit.district_at(u.position)
            && let Some(job) = assess_job(sit, memory, u, d)
            && orders.push(sit, u, job.order)
        {
            memory.assessed.insert(d, sit.turn);
        }
    }
}

/// What each district is worth to a team: people badly off, the force's picture old, actors
/// shut out or distrustful, an authority to support; for the turns left once it gets there.
/// The district it is in or heading for counts half again: days on the road are days lost.
fn district_values(
    sit: &Situation,
    orders: &Orders,
    memory: &Memory,
    t: &UnitView,
) -> Vec<(f32, usize)> {
    let costs = sit.costs(t);
    let class = unit_move_class(t.kind);
    let intended = Orders::moving_to(t)
        .and_then(|p| sit.district_at(p))
        .or(sit.district_at(t.position));
    (0..sit.districts.len())
        .filter_map(|d| {
            let (_, c) = sit.stand_in(&costs, d, class)?;
            let left = sit.turns_left().saturating_sub(sit.travel_turns(t, c)) as f32;
            let hardship = 1.0 - sit.wellbeing(d);
            let mut v = sit.people(d) * hardship * hardship;
            v *= match sit.picture_age(d) {
                None => 1.3,
                Some(a) if a >= STALE => 1.15,
                _ => 1.0,
            };
            for a in sit
                .actors
                .iter()
                .filter(|a| sit.actor_here(a) && sit.works_in(a, d))
            {
                if !sit.has_access(a, d) {
                    v += 0.2 * (a.capacity as f32).min(sit.people(d));
                }
                if a.trust < trust_target(a) {
                    v += 200.0;
                }
            }
            // People tense or aggrieved whose leader works here want a key leader engagement.
            if let Some(a) = leader_to_engage(sit, d) {
                v += 0.5 * leader_tension(sit, a);
            }
            // An agency working next to the force's medics or aid must hear from the force.
            if let Some(a) = partner_to_brief(sit, orders, memory, d) {
                v += 0.2 * (a.capacity as f32).min(sit.people(d));
            }
            let mut v = v * left;
            if let Some((s, _)) = best_support(sit, d) {
                v += s * left / sit.turns_left().max(1) as f32;
            }
            if Some(d) == intended {
                v *= 1.5;
            }
            Some((v, d))
        })
        .collect()
}

/// The (team, district) postings whose team would hold a coordination meeting, planning the
/// teams one after another as they are posted (on copies: nothing is ordered).
fn meetings_planned(
    sit: &Situation,
    orders: &Orders,
    memory: &Memory,
    teams: &[&UnitView],
    postings: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    let (mut orders, mut memory) = (orders.clone(), memory.clone());
    let mut out = Vec::new();
    for &(i, d) in postings {
        let Some(job) = team_job(sit, &orders, &mut memory, teams[i], d) else {
            continue;
        };
        let meeting = matches!(job.order, Order::CoordinationMeeting { .. });
        if orders.give(sit, teams[i], &job) && meeting {
            out.push((i, d));
        }
    }
    out
}

/// How far a team raises an actor's trust: humanitarian actors to coordination (they stop
/// there by principle), others to the level at which they share what they know.
fn trust_target(a: &ActorView) -> f32 {
    if a.humanitarian {
        COORDINATION_TRUST
    } else {
        SHARING_TRUST
    }
}

/// An assessment of the district the unit stands in, if the picture is missing or stale and
/// nobody assessed it in the last two turns.
fn assess_job(sit: &Situation, memory: &Memory, u: &UnitView, d: usize) -> Option<Job> {
    if !u.capabilities.contains(&Capability::Assess)
        || sit.picture_age(d).is_some_and(|a| a < STALE)
        || memory.assessed.get(&d).is_some_and(|&t| t + 2 >= sit.turn)
    {
        return None;
    }
    Some(Job {
        order: Order::Assess {
            unit: u.id.clone(),
            district: sit.districts[d].id.clone(),
        },
        place: Place::District(d),
    })
}

/// What a team does in its district this turn.
fn team_job(
    sit: &Situation,
    orders: &Orders,
    memory: &mut Memory,
    t: &UnitView,
    d: usize,
) -> Option<Job> {
    let did = sit.districts[d].id.clone();
    let support = best_support(sit, d);
    let arrived = Orders::at_place(sit, t, &Place::District(d));
    if !arrived {
        // On the way: the job decides only where to go.
        return Some(match support {
            Some((_, a)) => support_job(t, a, d),
            None => Job {
                order: Order::Assess {
                    unit: t.id.clone(),
                    district: did,
                },
                place: Place::District(d),
            },
        });
    }
    // Coordinate, don't duplicate (CCOE): an actor whose sector the force serves here hears from
    // the force often enough to work around what the force delivers.
    if let Some(a) = partner_to_brief(sit, orders, memory, d) {
        return Some(liaise_job(memory, sit, t, a, d));
    }
    // One-turn work no more than every other turn while an authority needs support.
    let recent = matches!(orders.given.get(&t.id), Some((turn, o))
        if *turn + 1 >= sit.turn && one_turn(o));
    if !(recent && support.is_some()) {
        if let Some(job) = assess_job(sit, memory, t, d) {
            memory.assessed.insert(d, sit.turn);
            return Some(job);
        }
        // Key leader engagement where people are tense or aggrieved, once the last has sunk in.
        if let Some(a) = leader_to_engage(sit, d).filter(|a| !contacted(sit, orders, a)) {
            return Some(liaise_job(memory, sit, t, a, d));
        }
        let visit = sit
            .actors
            .iter()
            .filter(|a| sit.actor_here(a) && sit.works_in(a, d) && a.trust < trust_target(a))
            .filter(|a| !contacted(sit, orders, a))
            .filter(|a| {
                memory
                    .liaised
                    .get(&a.id)
                    .is_none_or(|&x| x + REVISIT <= sit.turn)
            })
            .min_by(|a, b| a.trust.total_cmp(&b.trust).then(a.id.cmp(&b.id)));
        if let Some(a) = visit {
            return Some(liaise_job(memory, sit, t, a, d));
        }
        let present: Vec<&ActorView> = sit
            .actors
            .iter()
            .filter(|a| a.status == ActorStatus::Active && sit.works_in(a, d))
            .collect();
        let mean_trust = present.iter().map(|a| a.trust).sum::<f32>() / present.len().max(1) as f32;
        // Not over another meeting this turn: one of the two would change nothing. (A liaison
        // with one of the actors gives way to the meeting instead, `meetings_planned`.)
        if present.len() >= 3
            && mean_trust < SHARING_TRUST
            && !present.iter().any(|a| at_meeting(sit, orders, a))
            && memory.met.get(&d).is_none_or(|&x| x + REVISIT < sit.turn)
        {
            memory.met.insert(d, sit.turn);
            return Some(Job {
                order: Order::CoordinationMeeting {
                    unit: t.id.clone(),
                    district: did,
                },
                place: Place::District(d),
            });
        }
    }
    if let Some((_, a)) = support {
        return Some(support_job(t, a, d));
    }
    project_job(sit, memory, t, d)
}

/// The actor working a sector the force serves (or is about to serve) in the district whose last
/// contact with the force is about to leave the actors' memory of coordination
/// (`COORDINATION_MEMORY`, docs/rules.md): the force's medics or aid next to an agency it has not
/// spoken to lately blur the line between soldiers and aid workers.
fn partner_to_brief<'s>(
    sit: &'s Situation,
    orders: &Orders,
    memory: &Memory,
    d: usize,
) -> Option<&'s ActorView> {
    let did = &sit.districts[d].id;
    let sectors: Vec<Sector> = orders
        .intent
        .values()
        .chain(orders.out.iter())
        .filter_map(|o| match o {
            Order::ProvideAid {
                district, sector, ..
            } if district == did => Some(*sector),
            Order::MedicalSupport { district, .. } if district == did => Some(Sector::Health),
            _ => None,
        })
        .collect();
    sit.actors
        .iter()
        .filter(|a| a.status == ActorStatus::Active && sit.works_in(a, d))
        .filter(|a| a.mandate.iter().any(|s| sectors.contains(s)))
        .filter(|a| !contacted(sit, orders, a))
        .filter(|a| {
            memory
                .liaised
                .get(&a.id)
                .is_none_or(|&x| x + COORDINATION_MEMORY <= sit.turn)
        })
        .min_by(|a, b| a.id.cmp(&b.id))
}

/// The local leader working in the district whose people most need to hear from it: tense,
/// aggrieved or distrustful of the force, and last engaged `KLE_INTERVAL` or more turns ago (an
/// engagement sooner does only part of its effect, docs/rules.md §13.2).
fn leader_to_engage<'s>(sit: &'s Situation, d: usize) -> Option<&'s ActorView> {
    sit.actors
        .iter()
        .filter(|a| {
            a.kind == ActorKind::LocalLeader
                && matches!(a.status, ActorStatus::Active | ActorStatus::Suspended)
                && sit.works_in(a, d)
                && a.engaged_on.is_none_or(|t| t + KLE_INTERVAL <= sit.turn)
        })
        .map(|a| (leader_worth(sit, a), a))
        .filter(|(w, _)| *w > 0.0)
        .max_by(|x, y| x.0.total_cmp(&y.0).then(y.1.id.cmp(&x.1.id)))
        .map(|(_, a)| a)
}

/// What an engagement of a leader is worth: the people it speaks for, weighed by their tension,
/// their grievance and how far their consent is below what a leader's word can lift it to.
fn leader_worth(sit: &Situation, a: &ActorView) -> f32 {
    sit.groups
        .iter()
        .filter(|g| {
            a.districts.contains(&g.district)
                && a.community.as_ref().is_none_or(|c| *c == g.community)
        })
        .map(|g| {
            let tense = if g.tension >= TENSION_NOTICE {
                g.tension
            } else {
                0.0
            };
            let distrust = (KLE_CONSENT_CEILING - g.consent).max(0.0);
            g.size as f32 * (tense + 0.5 * g.grievance.max(0.0) * distrust)
        })
        .sum()
}

/// The tension of the people a leader speaks for (people × tension, where it is felt): what draws
/// a team to the leader's district.
fn leader_tension(sit: &Situation, a: &ActorView) -> f32 {
    sit.groups
        .iter()
        .filter(|g| {
            a.districts.contains(&g.district)
                && a.community.as_ref().is_none_or(|c| *c == g.community)
                && g.tension >= TENSION_NOTICE
        })
        .map(|g| g.size as f32 * g.tension)
        .sum()
}

/// A visit by the team to an actor in its district, noted so it is not repeated too soon.
fn liaise_job(memory: &mut Memory, sit: &Situation, t: &UnitView, a: &ActorView, d: usize) -> Job {
    memory.liaised.insert(a.id.clone(), sit.turn);
    Job {
        order: Order::Liaise {
            unit: t.id.clone(),
            actor: a.id.clone(),
        },
        place: Place::District(d),
    }
}

/// Whether another team already meets the actor this turn, by a liaison or a coordination
/// meeting in a district it works in: a second contact in one turn changes nothing the first did
/// not (docs/rules.md §21.3), so the team's turn is better spent elsewhere.
fn contacted(sit: &Situation, orders: &Orders, a: &ActorView) -> bool {
    at_meeting(sit, orders, a)
        || orders
            .out
            .iter()
            .any(|o| matches!(o, Order::Liaise { actor, .. } if *actor == a.id))
}

/// Whether a coordination meeting ordered this turn, in a district the actor works in, reaches it.
fn at_meeting(sit: &Situation, orders: &Orders, a: &ActorView) -> bool {
    orders.out.iter().any(|o| {
        matches!(o, Order::CoordinationMeeting { district, .. }
            if sit.district(district).is_some_and(|d| sit.works_in(a, d)))
    })
}

fn one_turn(o: &Order) -> bool {
    matches!(
        o,
        Order::Assess { .. } | Order::Liaise { .. } | Order::CoordinationMeeting { .. }
    )
}

fn support_job(u: &UnitView, a: &ActorView, d: usize) -> Job {
    Job {
        order: Order::SupportAuthority {
            unit: u.id.clone(),
            actor: a.id.clone(),
        },
        place: Place::District(d),
    }
}

/// The host-nation authority working in the district whose support does most good, with the
/// value of a turn of support: the capacity it gains, for the rest of the game, where its
/// mandate meets unmet need; and the legitimacy support lends it.
fn best_support<'s>(sit: &'s Situation, d: usize) -> Option<(f32, &'s ActorView)> {
    sit.actors
        .iter()
        .filter(|a| is_host_nation(a.kind) && sit.actor_here(a) && sit.works_in(a, d))
        // Support to an authority already at the most it can absorb changes nothing.
        .filter(|a| a.room() > 0.0)
        .map(|a| {
            let base = a.base_capacity as f32;
            let room = a.room().max(0.0);
            let growth = (SUPPORT_CAPACITY_GAIN * base).min(room);
            let (mut gap, mut weighted, mut people) = (0.0, 0.0, 0.0);
            for x in 0..sit.districts.len() {
                if !sit.works_in(a, x) {
                    continue;
                }
                people += sit.people(x);
                if !sit.has_access(a, x) {
                    continue;
                }
                for &s in &a.mandate {
                    let lives = if s == Sector::Health { 2.0 } else { 1.0 };
                    gap += sit.gap(x, s);
                    weighted += SECTOR_WEIGHT[s.index()] * lives * sit.gap(x, s);
                }
            }
            let useful = growth.min((gap - a.capacity as f32).max(0.0));
            let mean_weight = if gap > 0.0 { weighted / gap } else { 0.0 };
            let v = useful * mean_weight * sit.turns_left() as f32 + 0.002 * people;
            (v, a)
        })
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.id.cmp(&a.1.id)))
}

/// A community project the team can surely finish: three turns of work with a turn to spare,
/// in the sector where raising what households manage alone helps most.
fn project_job(sit: &Situation, memory: &mut Memory, t: &UnitView, d: usize) -> Option<Job> {
    if !t.capabilities.contains(&Capability::CommunityProject) || memory.projects.contains(&d) {
        return None;
    }
    let complete_by = sit.turn + PROJECT_TURNS;
    if complete_by > sit.turns || t.supplies < 4.0 * PROJECT_TURNS as f32 + 4.0 {
        return None;
    }
    let id = &sit.districts[d].id;
    let sector = [Sector::Water, Sector::Food, Sector::Health, Sector::Shelter]
        .into_iter()
        .map(|s| {
            let v: f32 = sit
                .groups
                .iter()
                .filter(|g| &g.district == id)
                .map(|g| g.size as f32 * (1.0 - g.coping[s.index()]) * (1.0 - g.needs[s.index()]))
                .sum();
            (v * SECTOR_WEIGHT[s.index()], s)
        })
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))?
        .1;
    memory.promised.insert(t.id.clone(), complete_by);
    memory.projects.push(d);
    Some(Job {
        order: Order::CommunityProject {
            unit: t.id.clone(),
            district: id.clone(),
            sector,
            complete_by,
        },
        place: Place::District(d),
    })
}

/// Information teams explain the mission where consent is lowest and the adversary is.
fn information(sit: &Situation, orders: &mut Orders, busy: &mut Vec<String>) {
    let mut threat = vec![0.0f32; sit.districts.len()];
    for f in sit.adversaries() {
        if let Some(d) = sit.district_at(f.position) {
            threat[d] += f.strength / 100.0;
        }
    }
    let mut claimed: Vec<usize> = Vec::new();
    let idle: Vec<&UnitView> = sit.force().filter(|u| !busy.contains(&u.id)).collect();
    for u in idle {
        if !u.capabilities.contains(&Capability::InfoCampaign) {
            continue;
        }
        let costs = sit.costs(u);
        let class = unit_move_class(u.kind);
        let best = (0..sit.districts.len())
            .filter(|d| !claimed.contains(d))
            .filter_map(|d| {
                let (_, c) = sit.stand_in(&costs, d, class)?;
                let left = sit.turns_left().saturating_sub(sit.travel_turns(u, c)) as f32;
                let consent = sit.mean(d, |g| g.consent);
                let mut v = sit.people(d) * (1.0 - consent) * (1.0 + threat[d]) * left;
                let job = Job {
                    order: Order::InformationCampaign {
                        unit: u.id.clone(),
                        district: sit.districts[d].id.clone(),
                    },
                    place: Place::District(d),
                };
                if matches!(orders.intent.get(&u.id), Some(o) if *o == job.order) {
                    v *= 1.5;
                }
                Some((v, d, job))
            })
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
        if let Some((_, d, job)) = best
            && orders.give(sit, u, &job)
        {
            claimed.push(d);
            busy.push(u.id.clone());
        }
    }
}
