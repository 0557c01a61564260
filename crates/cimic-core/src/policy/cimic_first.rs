//! The CIMIC-first policy: the line of play MC 411/2 and the CCOE "Do's and Don'ts" describe.
//! Assess and liaise first; support the host-nation authorities rather than replace them; use
//! military assets for humanitarian tasks only as a last resort (aid only where no civilian actor
//! can reach the people, an escort only where an actor has no access without one); plan the
//! hand-over to civilian ownership from the outset; restore the infrastructure people depend
//! on; provide security by presence, and use force only away from people.
//!
//! This file holds the turn's plan and the security units; `care.rs` the last-resort services
//! and their hand-over, `liaison.rs` the CIMIC teams and information activities.

use super::commander::Policy;
use super::jobs::{Job, Orders, Place};
use super::memory::Memory;
use super::repair::{RepairStyle, plan_repairs};
use super::situation::{Costs, SECTOR_WEIGHT, Situation};
use crate::map::distance;
use crate::orders::Order;
use crate::rules::{ESCORT_ACCESS_BONUS, PATROL_PEOPLE_PER_TURN, SABOTAGE_RANGE, unit_move_class};
use crate::scenario::format::{Capability, Sector, Terrain};
use crate::sim::adversary::ENGAGE_DAMAGE;
use crate::sim::components::ActorStatus;
use crate::sim::{Simulation, TaskView, UnitView};

use super::{care, liaison};

/// Assesses, liaises, coordinates, escorts only when needed, supports local authorities and
/// hands over: the doctrinal CIMIC line, generic over scenarios.
#[derive(Debug, Default, Clone)]
pub struct CimicFirst {
    orders: Orders,
    /// What the policy remembers between turns (one-turn activities, hand-overs, capacities).
    memory: Memory,
}

impl Policy for CimicFirst {
    fn name(&self) -> &'static str {
        "cimic-first"
    }

    fn plan(&mut self, sim: &Simulation) -> Vec<Order> {
        let mut sit = Situation::new(sim);
        super::known::estimate(&mut sit, &mut self.memory.delivered);
        self.orders.begin();
        let mut busy: Vec<String> = Vec::new();
        let repairs = plan_repairs(&sit, &self.orders, RepairStyle::People);
        // Short of supplies: refill where the host nation can arrange it or spare it first,
        // unless the unit's repair meets an objective by its deadline and it can still pay.
        let keep_on = &repairs.for_objectives;
        super::supplies::resupply(&sit, &mut self.orders, &mut busy, true, keep_on);
        // A promise is kept: a unit on a community project is left to finish it.
        for u in sit.force() {
            if self
                .memory
                .promised
                .get(&u.id)
                .is_some_and(|&t| sit.turn <= t)
                && matches!(u.task, TaskView::CommunityProject { .. })
            {
                busy.push(u.id.clone());
            }
        }
        sit.soon = repairs.opening.clone();
        let posted = self.objective_posts(&sit, &repairs, &mut busy);
        for (id, job) in repairs.jobs {
            let u = sit.unit(&id);
            if !busy.contains(&id) && !posted.contains(&id) && self.orders.give(&sit, u, &job) {
                busy.push(id);
            }
        }
        // An engineer's survey is the district's assessment this turn: nobody repeats it.
        for o in &self.orders.out {
            if let Order::Assess { district, .. } = o
                && let Some(d) = sit.district(district)
            {
                self.memory.assessed.insert(d, sit.turn);
            }
        }
        self.security(&sit, &mut busy);
        care::plan(&sit, &mut self.orders, &mut self.memory, &mut busy);
        liaison::plan(&sit, &mut self.orders, &mut self.memory, &mut busy);
        // Left with nothing to do: top up where the host nation can spare it, before the next task.
        super::supplies::top_up_idle(&sit, &mut self.orders, &mut busy);
        // Still idle: refresh a stale picture where the unit stands (the plan is only as good as
        // the picture it is made from, docs/rules.md §21.6).
        self.assess_idle(&sit);
        std::mem::take(&mut self.orders.out)
    }
}

/// Value per turn of staying where a unit is posted (people come to know a patrol).
const STAY: f32 = 400.0;

/// Adversary strength (÷ 100) in each district.
fn threat(sit: &Situation) -> Vec<f32> {
    let mut t = vec![0.0; sit.districts.len()];
    for f in sit.adversaries() {
        if let Some(d) = sit.district_at(f.position) {
            t[d] += f.strength / 100.0;
        }
    }
    t
}

/// Whether fighting this adversary unit would harm nobody: open ground, few people, no
/// protected site within reach of the fire.
pub(crate) fn clear_of_people(sit: &Situation, foe: &UnitView, m: f32) -> bool {
    let Some(d) = sit.district_at(foe.position) else {
        return false;
    };
    let urban = sit
        .map
        .index(foe.position)
        .is_some_and(|i| sit.map.terrain[i] == Terrain::Urban);
    // Fighting damages any site within a hex of it (docs/rules.md §6): never next to one.
    let site_near = sit
        .infra
        .iter()
        .any(|s| s.condition > 0.0 && distance(s.hex, foe.position) <= 1);
    !urban && !site_near && 2.0 * sit.density(d) * m < 1.0
}

impl CimicFirst {
    /// A unit left with nothing to do this turn (no order, no running task) that can assess
    /// assesses the district it stands in where the force's picture there is no longer current
    /// (`PICTURE_CURRENT_TURNS`: an assessment changes it) and nobody assessed it in the last two
    /// turns: the next plan there is made from a current picture.
    fn assess_idle(&mut self, sit: &Situation) {
        let stale = crate::sim::scoring::effect::PICTURE_CURRENT_TURNS;
        for u in sit.force() {
            if !u.task.ends_this_turn()
                || self
                    .orders
                    .out
                    .iter()
                    .any(|o| o.unit() == u.id && !matches!(o, Order::Hold { .. }))
                || !u.capabilities.contains(&Capability::Assess)
            {
                continue;
            }
            let Some(d) = sit.district_at(u.position) else {
                continue;
            };
            if sit.people(d) <= 0.0
                || sit.picture_age(d).is_some_and(|a| a < stale)
                || self
                    .memory
                    .assessed
                    .get(&d)
                    .is_some_and(|&t| t + 2 >= sit.turn)
            {
                continue;
            }
            let assess = Order::Assess {
                unit: u.id.clone(),
                district: sit.districts[d].id.clone(),
            };
            let held = self.orders.out.len();
            self.orders.out.retain(|o| o.unit() != u.id);
            if self.orders.push(sit, u, assess) {
                self.memory.assessed.insert(d, sit.turn);
            } else if self.orders.out.len() < held {
                self.orders.out.push(Order::Hold { unit: u.id.clone() });
            }
        }
    }

    /// Units that pending objectives want in a district (`UnitInDistrict`): the mission asks
    /// for them there (before, only chance took the tutorial's engineers into Aldbrook: a survey
    /// on the way). A unit goes when no repair wants it (standing by at a critical site counts
    /// as a repair job), and in any case when it must leave now to arrive a turn before the
    /// deadline, unless its repair meets another objective. Returns the units sent.
    fn objective_posts(
        &mut self,
        sit: &Situation,
        repairs: &super::repair::RepairPlan,
        busy: &mut Vec<String>,
    ) -> Vec<String> {
        let mut sent = Vec::new();
        for post in &sit.objective_posts {
            let Some(u) = sit.units.get(post.unit) else {
                continue;
            };
            if busy.contains(&u.id)
                || sent.contains(&u.id)
                || !sit.force().any(|f| f.id == u.id)
                || sit.district_at(u.position) == Some(post.district)
            {
                continue;
            }
            let costs = sit.costs(u);
            let Some((_, cost)) = sit.stand_in(&costs, post.district, unit_move_class(u.kind))
            else {
                continue;
            };
            let travel = sit.travel_turns(u, cost);
            // Standing by at a critical site is a job: the shock it waits for may come. Only an
            // engineer is idle for want of a repair: any other unit has patrols, services or
            // liaison to do first, and goes when it must (in `domestic_transit` the lead battalion
            // left for the border on turn 1 and left Highmoor unpatrolled).
            let idle = u.capabilities.contains(&Capability::Repair)
                && !repairs.jobs.iter().any(|(id, _)| id == &u.id);
            // Arriving at the end of turn `turn + travel - 1`: leave with a turn to spare.
            let must_leave = sit.turn + travel >= post.deadline;
            // A repair another objective waits on is not left for this one.
            let keep = repairs.for_objectives.contains(&u.id);
            if keep || !(idle || must_leave) || sit.turn + travel > post.deadline {
                continue;
            }
            let job = Job {
                order: Order::Hold { unit: u.id.clone() },
                place: Place::District(post.district),
            };
            if self.orders.give(sit, u, &job) {
                sent.push(u.id.clone());
                busy.push(u.id.clone());
            }
        }
        sent
    }

    /// The unit to send against adversary `f` (with `sent` strength already on its way): able
    /// to engage, strong and supplied enough, where the fire with it would hurt nobody, within 3
    /// turns; the nearest. Returns (turns of travel, index into `troops`).
    fn striker(
        &self,
        sit: &Situation,
        troops: &[&UnitView],
        done: &[bool],
        f: &UnitView,
        sent: f32,
    ) -> Option<(u32, usize)> {
        troops
            .iter()
            .enumerate()
            .filter(|(i, t)| {
                !done[*i]
                    && t.capabilities.contains(&Capability::Engage)
                    && t.strength >= 50.0
                    && t.supplies >= 24.0
                    && clear_of_people(sit, f, sent + t.strength / 100.0)
            })
            .filter_map(|(i, t)| {
                let travel = if distance(t.position, f.position) <= 1 {
                    0
                } else {
                    sit.travel_turns(t, sit.stand_near(&sit.costs(t), f.position)?.1)
                };
                (travel <= 3).then_some((travel, i))
            })
            .min()
    }

    /// Security by presence where the adversary has cover and where people and actors lack
    /// security; force only away from people; an escort only as an actor's last resort.
    fn security(&mut self, sit: &Situation, busy: &mut Vec<String>) {
        let troops: Vec<&UnitView> = sit
            .force()
            .filter(|u| !busy.contains(&u.id))
            .filter(|u| u.capabilities.contains(&Capability::Patrol))
            .collect();
        let mut threat = threat(sit);
        let mut covered = vec![0.0f32; sit.districts.len()];
        // Engage where nobody can be hurt: it ends the threat for good. Enough force to end it in
        // one turn where the units are at hand (a second unit joins when one alone would leave
        // the adversary standing): a shorter fight takes less return fire and frees both sooner.
        let mut done = vec![false; troops.len()];
        for f in sit.adversaries() {
            let Some(fd) = sit.district_at(f.position) else {
                continue;
            };
            let mut sent = 0.0f32;
            let mut first_travel = None;
            while sent * ENGAGE_DAMAGE < f.strength {
                let Some((travel, i)) = self.striker(sit, &troops, &done, f, sent) else {
                    break;
                };
                // A second unit joins only if it arrives with the first.
                if first_travel.is_some_and(|t0| travel > t0) {
                    break;
                }
                let t = troops[i];
                let job = Job {
                    order: Order::Engage {
                        unit: t.id.clone(),
                        target: f.id.clone(),
                    },
                    place: Place::Near(f.position),
                };
                if !self.orders.give(sit, t, &job) {
                    break;
                }
                done[i] = true;
                busy.push(t.id.clone());
                first_travel.get_or_insert(travel);
                sent += t.strength / 100.0;
                // The engagement ends the threat within a turn or two; the unit stands close by.
                threat[fd] = (threat[fd] - t.strength / 100.0).max(0.0);
            }
        }
        // Presence: the best (unit, district) first, each valued for what it adds to the units
        // already placed there. A unit stays where it was posted unless clearly needed elsewhere:
        // a patrol that moves every few days protects nobody.
        let costs: Vec<Costs> = troops.iter().map(|t| sit.costs(t)).collect();
        let mut escorting: Vec<(String, usize)> = Vec::new();
        loop {
            let mut best: Option<(f32, usize, usize, Job)> = None;
            for (i, t) in troops.iter().enumerate() {
                if done[i] {
                    continue;
                }
                let class = unit_move_class(t.kind);
                let home = Orders::moving_to(t)
                    .and_then(|p| sit.district_at(p))
                    .or(sit.district_at(t.position));
                let tenure = match self.memory.posted.get(&t.id) {
                    Some(&(d, since)) if Some(d) == home => sit.turn.saturating_sub(since),
                    _ => u32::MAX,
                };
                for d in 0..sit.districts.len() {
                    let Some((_, c)) = sit.stand_in(&costs[i], d, class) else {
                        continue;
                    };
                    let left = sit.turns_left().saturating_sub(sit.travel_turns(t, c)) as f32;
                    let (v, job) = district_job(sit, t, d, threat[d], covered[d], &escorting);
                    let mut v = v * left;
                    if home == Some(d) {
                        v = v * if tenure < 4 { 2.5 } else { 1.6 } + STAY * left;
                    }
                    if v > 0.0 && best.as_ref().is_none_or(|b| v > b.0) {
                        best = Some((v, i, d, job));
                    }
                }
            }
            let Some((_, i, d, mut job)) = best else {
                break;
            };
            done[i] = true;
            let t = troops[i];
            if matches!(job.order, Order::Patrol { .. })
                && !patrol_changes_anything(sit, d, threat[d], covered[d])
            {
                // Posted where nothing threatens and security is met: standing by there keeps
                // the unit's presence and its police role (docs/rules.md §14) and spends nothing.
                job.order = Order::Hold { unit: t.id.clone() };
            }
            if self.orders.give(sit, t, &job) {
                busy.push(t.id.clone());
                match &job.order {
                    Order::Escort { actor, .. } => escorting.push((actor.clone(), d)),
                    _ => covered[d] += t.strength / 100.0,
                }
                if self.memory.posted.get(&t.id).is_none_or(|p| p.0 != d) {
                    self.memory.posted.insert(t.id.clone(), (d, sit.turn));
                }
            }
        }
    }
}

/// Worth of a person's security delivered, in the units aid is valued in (a person's water is
/// 0.2): the score's security term against its needs term (docs/rules.md §21.2).
const SECURITY_WORTH: f32 = 0.6;

/// Whether a patrol in the district would change anything this turn: an adversary there not yet
/// covered, security short of met, or citizens in the streets. Otherwise a patrol serves nobody
/// new (docs/rules.md §21.3) and a unit posted there stands by instead.
fn patrol_changes_anything(sit: &Situation, d: usize, threat: f32, covered: f32) -> bool {
    threat > covered
        || sit.shortfall(d, Sector::Security) > 0.0
        || sit.unrest.get(d).copied().unwrap_or(0.0) > 0.0
}

/// What a security unit would do in a district, and what it is worth per turn, given the
/// presence (`covered`, in strength) and escorts already placed there.
fn district_job(
    sit: &Situation,
    t: &UnitView,
    d: usize,
    threat: f32,
    covered: f32,
    escorting: &[(String, usize)],
) -> (f32, Job) {
    let m = t.strength / 100.0;
    let people = sit.people(d);
    let security = sit.need(d, Sector::Security);
    let did = sit.districts[d].id.clone();
    let first = covered <= 0.0;
    // Cover denied to an adversary: no sabotage, recruitment or intimidation.
    let mut patrol = (threat - covered).clamp(0.0, m) * (3000.0 + 0.2 * people);
    // Security delivered where it falls short, weighed as effectiveness weighs it: security is a
    // term of its own (0.15 of the score), worth three times a person's water or food (0.25 of
    // the score shared by the sectors' wellbeing weights, 0.2 each) — so 3 × 0.2.
    let short = (sit.shortfall(d, Sector::Security) - PATROL_PEOPLE_PER_TURN * covered).max(0.0);
    patrol += SECURITY_WORTH * (PATROL_PEOPLE_PER_TURN * m).min(short);
    // What the mission and the people ask, as the services weigh it (care.rs): a pending
    // objective that names the district's security, and a request for security still open.
    if first {
        patrol += super::care::OBJECTIVE_CARE
            * sit.objective_need_share(d, Sector::Security)
            * sit.everyone;
    }
    if sit.open_requests.contains(&(d, Sector::Security)) {
        patrol *= super::care::REQUEST_CARE;
    }
    // The first patrol keeps people from fleeing insecurity, and is the police where there
    // are none (civil unrest, docs/rules.md §14); more cops where people are in the streets.
    if first && security < 0.35 {
        patrol += 0.2 * people;
    }
    if first && sit.police(d) == 0 {
        patrol += 0.3 * people;
    }
    patrol += sit.unrest.get(d).copied().unwrap_or(0.0) * people / (1.0 + covered);
    // Actors shut out by insecurity: a patrol is how they get back in.
    let mut escort: Option<(f32, Job)> = None;
    for a in sit
        .actors
        .iter()
        .filter(|a| a.status == ActorStatus::Active)
    {
        // An escort opens an insecure district, not one the actor cannot get to.
        if !sit.can_get_to(a, d)
            || security >= a.access_threshold
            || escorting.iter().any(|(x, y)| *x == a.id && *y == d)
        {
            continue;
        }
        let need: f32 = a
            .mandate
            .iter()
            .map(|&s| SECTOR_WEIGHT[s.index()] * sit.gap(d, s))
            .sum();
        let reach = need.min(a.capacity as f32 * 0.2);
        if first {
            patrol += 0.3 * reach;
        }
        // Last resort: the escort is the only way in today.
        if t.capabilities.contains(&Capability::Escort)
            && security + ESCORT_ACCESS_BONUS >= a.access_threshold
            && threat <= covered
            && escort.as_ref().is_none_or(|e| reach > e.0)
        {
            let job = Job {
                order: Order::Escort {
                    unit: t.id.clone(),
                    actor: a.id.clone(),
                    district: did.clone(),
                },
                place: Place::District(d),
            };
            escort = Some((reach, job));
        }
    }
    // Where this unit cannot deny the adversary all its cover, guarding the site it would
    // sabotage first (the one serving most people within its reach) may do more.
    let uncovered = threat - covered - m;
    let mut guard: Option<(f32, Job)> = None;
    if uncovered > 0.0 && t.capabilities.contains(&Capability::Secure) {
        let foes: Vec<&UnitView> = sit
            .adversaries()
            .filter(|f| sit.district_at(f.position) == Some(d))
            .collect();
        let site = sit
            .infra
            .iter()
            .filter(|s| s.condition > 0.0)
            .filter(|s| {
                foes.iter()
                    .any(|f| distance(f.position, s.hex) <= SABOTAGE_RANGE)
            })
            .map(|s| (site_stake(sit, s), s))
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.id.cmp(&a.1.id)));
        if let Some((stake, s)) = site {
            // Half the presence of a patrol, and no sabotage of this site at a chance of about
            // a quarter of the uncovered strength a turn.
            let v = 0.5 * (threat - covered).clamp(0.0, m) * (3000.0 + 0.2 * people)
                + 0.25 * uncovered.min(1.0) * stake;
            let job = Job {
                order: Order::SecureSite {
                    unit: t.id.clone(),
                    target: s.id.clone(),
                },
                place: Place::Near(s.hex),
            };
            guard = Some((v, job));
        }
    }
    let patrol_job = Job {
        order: Order::Patrol {
            unit: t.id.clone(),
            district: did,
        },
        place: Place::District(d),
    };
    [escort, guard]
        .into_iter()
        .flatten()
        .fold(
            (patrol, patrol_job),
            |best, x| if x.0 > best.0 { x } else { best },
        )
}

/// What losing a site would cost, roughly: the people it serves (a bridge: those on its banks).
fn site_stake(sit: &Situation, s: &crate::sim::InfraView) -> f32 {
    let mut districts: Vec<usize> = s.serves.iter().filter_map(|id| sit.district(id)).collect();
    if s.kind == crate::scenario::format::InfraKind::Bridge {
        districts.extend(
            super::situation::neighbours(s.hex)
                .iter()
                .filter_map(|&p| sit.district_at(p)),
        );
    }
    districts.sort_unstable();
    districts.dedup();
    0.2 * districts.iter().map(|&d| sit.people(d)).sum::<f32>()
}
