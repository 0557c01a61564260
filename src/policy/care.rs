//! The CIMIC-first policy's medical, logistics and aviation units: military assets for
//! humanitarian tasks only as a last resort (OCHA guidelines, AU/UN; MC 411/2 §24, §37), and every
//! service planned to end in civilian hands (MC 411/2 §34g; CCOE "Do not create dependency").
//!
//! - Aid in a sector only where no civilian actor with that sector in its mandate can reach the
//!   district (no access, or it does not work there): anything else duplicates it.
//! - Medical support where no civilian health actor reaches the district, or where civilian
//!   health care is plainly overwhelmed (health satisfaction below [`OVERWHELMED`]): "no comparable
//!   civilian alternative" is about capacity as well as presence.
//! - A service is handed over to a civilian owner that works in the district and can reach it,
//!   host-nation authorities first, once it has run a few turns and needs have recovered, or
//!   before the end of the exercise, or at once if it would start duplicating a civilian actor.

use super::cimic_first::Memory;
use super::jobs::{Job, Orders, Place};
use super::kinetic::AID_SECTORS;
use super::situation::{SECTOR_WEIGHT, Situation};
use crate::orders::Order;
use crate::rules::{AID_PEOPLE_PER_TURN, MEDICAL_PEOPLE_PER_TURN, unit_move_class};
use crate::scenario::format::{ActorKind, Capability, InfraKind, Sector};
use crate::sim::components::ActorStatus;
use crate::sim::{ActorView, UnitView};

/// Health satisfaction below which civilian health care counts as overwhelmed.
pub(crate) const OVERWHELMED: f32 = 0.7;
/// Value of a death averted, in the people-worth of weighted service used to compare jobs.
const LIFE: f32 = 300.0;
/// Turns a service runs before it is handed over (unless it would duplicate an actor).
const MIN_SERVICE: u32 = 3;
/// Satisfaction at which a service can go to civilian hands.
const RECOVERED: f32 = 0.6;

/// Expected deaths per turn from unmet health needs in a district, and how many medical support
/// would avert (docs/rules.md §13; the vulnerable share is not in the views, so a typical 0.35).
pub(crate) fn deaths(sit: &Situation, d: usize) -> f32 {
    let id = &sit.districts[d].id;
    let h = sit.need(d, Sector::Health);
    let collapsed = h < 0.3
        && sit.infra.iter().any(|s| {
            matches!(s.kind, InfraKind::Hospital | InfraKind::Clinic)
                && s.functioning <= 0.0
                && s.serves.contains(id)
        });
    let mult = if collapsed { 2.0 } else { 1.0 };
    sit.groups
        .iter()
        .filter(|g| &g.district == id)
        .map(|g| 0.0005 * g.size as f32 * (1.0 - g.needs[Sector::Health.index()]).powi(2) * 0.85)
        .sum::<f32>()
        * mult
}

/// Whether an actor delivers this sector in the district (so the force's aid would duplicate it).
fn covers(
    sit: &Situation,
    a: &ActorView,
    d: usize,
    s: Sector,
    escorted: &[(String, usize)],
) -> bool {
    let working =
        a.status == ActorStatus::Active || (a.humanitarian && a.status == ActorStatus::Suspended);
    working
        && a.mandate.contains(&s)
        && sit.works_in(a, d)
        && (sit.has_access(a, d) || escorted.iter().any(|(x, y)| *x == a.id && *y == d))
}

/// Whether the force's aid in this sector and district is a last resort.
fn aid_is_last_resort(sit: &Situation, d: usize, s: Sector, escorted: &[(String, usize)]) -> bool {
    !sit.actors.iter().any(|a| covers(sit, a, d, s, escorted))
}

/// Whether the force's medical support in this district is a last resort.
fn medical_is_last_resort(sit: &Situation, d: usize, escorted: &[(String, usize)]) -> bool {
    sit.need(d, Sector::Health) < OVERWHELMED
        || aid_is_last_resort(sit, d, Sector::Health, escorted)
}

/// Escorts running or ordered this turn: (actor, district).
fn escorts(sit: &Situation, orders: &Orders) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (uid, o) in &orders.intent {
        if let Order::Escort {
            actor, district, ..
        } = o
        {
            let running = sit
                .units
                .iter()
                .any(|u| &u.id == uid && u.task.starts_with("Escort"));
            let ordered = orders.out.contains(o);
            if (running || ordered)
                && let Some(d) = sit.district(district)
            {
                out.push((actor.clone(), d));
            }
        }
    }
    out
}

/// The civilian owner to hand a service over to: one that works in the district and reaches
/// it; one whose mandate has the sector first, host-nation authorities before others (local
/// ownership), law enforcement only for security, then the most local, then the largest.
fn owner<'s>(sit: &'s Situation, d: usize, s: Sector) -> Option<&'s ActorView> {
    sit.actors
        .iter()
        .filter(|a| a.status == ActorStatus::Active && sit.has_access(a, d))
        .filter(|a| a.kind != ActorKind::LawEnforcement || s == Sector::Security)
        .min_by_key(|a| {
            (
                !a.mandate.contains(&s),
                !crate::sim::actors::is_host_nation(a.kind),
                a.humanitarian,
                a.districts.len(),
                std::cmp::Reverse(a.capacity),
                a.id.clone(),
            )
        })
}

/// Orders for every unit that can give aid or medical care.
pub(crate) fn plan(
    sit: &Situation,
    orders: &mut Orders,
    memory: &mut Memory,
    busy: &mut Vec<String>,
) {
    let escorted = escorts(sit, orders);
    let carers: Vec<&UnitView> = sit
        .force()
        .filter(|u| !busy.contains(&u.id))
        .filter(|u| {
            u.capabilities.contains(&Capability::Aid)
                || u.capabilities.contains(&Capability::Medical)
        })
        .collect();
    let mut served: Vec<(usize, Sector, f32)> = Vec::new();
    let mut free: Vec<&UnitView> = Vec::new();
    for u in carers {
        match hand_over(sit, orders, memory, u, &escorted) {
            Some(true) => busy.push(u.id.clone()),
            Some(false) => {}
            None => free.push(u),
        }
    }
    // The best (unit, service) first, so that the fast units take the far tasks when that
    // serves more people; each valued for what it adds to the services already placed.
    let costs: Vec<Vec<u32>> = free.iter().map(|u| sit.costs(u)).collect();
    let mut done = vec![false; free.len()];
    loop {
        let mut best: Option<(f32, usize, Job, usize, Sector, f32)> = None;
        for (i, u) in free.iter().enumerate() {
            if done[i] {
                continue;
            }
            for (v, job, d, s, amount) in
                options(sit, orders, memory, u, &costs[i], &served, &escorted)
            {
                if best.as_ref().is_none_or(|b| v > b.0) {
                    best = Some((v, i, job, d, s, amount));
                }
            }
        }
        let Some((_, i, job, d, s, amount)) =
            best.filter(|b| b.0 >= 100.0 * sit.turns_left() as f32)
        else {
            break;
        };
        done[i] = true;
        let u = free[i];
        let here = Orders::at_place(sit, u, &job.place);
        // Assess before serving: aid follows assessment (MC 411/2 §38).
        if here
            && !orders.ongoing(u, &job.order)
            && u.capabilities.contains(&Capability::Assess)
            && sit.picture_age(d).is_none_or(|a| a >= 4)
            && memory.assessed.get(&d).is_none_or(|&t| t + 2 < sit.turn)
        {
            let assess = Order::Assess {
                unit: u.id.clone(),
                district: sit.districts[d].id.clone(),
            };
            if orders.push(sit, u, assess) {
                memory.assessed.insert(d, sit.turn);
                served.push((d, s, amount));
                busy.push(u.id.clone());
                continue;
            }
        }
        let starting = here && !orders.ongoing(u, &job.order);
        if orders.give(sit, u, &job) {
            if starting {
                memory.serving_since.insert(u.id.clone(), sit.turn);
            }
            served.push((d, s, amount));
            busy.push(u.id.clone());
        }
    }
    for (i, u) in free.iter().enumerate() {
        if !done[i] {
            stand_by(sit, orders, u, &served);
        }
    }
}

/// Every last-resort service the unit could run, with its value for the rest of the game:
/// (value, job, district, sector, people-worth per turn).
fn options(
    sit: &Situation,
    orders: &Orders,
    memory: &Memory,
    u: &UnitView,
    costs: &[u32],
    served: &[(usize, Sector, f32)],
    escorted: &[(String, usize)],
) -> Vec<(f32, Job, usize, Sector, f32)> {
    let m = u.strength / 100.0;
    let class = unit_move_class(u.kind);
    let mut out = Vec::new();
    for d in 0..sit.districts.len() {
        let Some((_, c)) = sit.stand_in(costs, d, class) else {
            continue;
        };
        let left = sit.turns_left().saturating_sub(sit.travel_turns(u, c)) as f32;
        let already = |s: Sector| -> f32 {
            served
                .iter()
                .filter(|x| x.0 == d && x.1 == s)
                .map(|x| x.2)
                .sum()
        };
        let mut found: Vec<(Order, Sector, f32, f32)> = Vec::new();
        let id = sit.districts[d].id.clone();
        if u.capabilities.contains(&Capability::Medical)
            && medical_is_last_resort(sit, d, escorted)
            && !memory.handed.contains(&(d, Sector::Health))
        {
            let amount = MEDICAL_PEOPLE_PER_TURN * m;
            let gap = (sit.shortfall(d, Sector::Health) - already(Sector::Health)).max(0.0);
            let shared = served.iter().any(|x| x.0 == d && x.1 == Sector::Health);
            let lives = if shared {
                0.0
            } else {
                LIFE * 0.5 * deaths(sit, d)
            };
            let v = SECTOR_WEIGHT[Sector::Health.index()] * amount.min(gap) + lives;
            let order = Order::MedicalSupport {
                unit: u.id.clone(),
                district: id.clone(),
            };
            found.push((order, Sector::Health, amount, v));
        }
        if u.capabilities.contains(&Capability::Aid) {
            for s in AID_SECTORS {
                if !aid_is_last_resort(sit, d, s, escorted) || memory.handed.contains(&(d, s)) {
                    continue;
                }
                let amount = AID_PEOPLE_PER_TURN * m;
                let gap = (sit.shortfall(d, s) - already(s)).max(0.0);
                let v = SECTOR_WEIGHT[s.index()] * amount.min(gap);
                let order = Order::ProvideAid {
                    unit: u.id.clone(),
                    district: id.clone(),
                    sector: s,
                };
                found.push((order, s, amount, v));
            }
        }
        for (order, s, amount, v) in found {
            let mut v = v * left;
            if matches!(orders.intent.get(&u.id), Some(o) if *o == order) {
                // Keep a service running rather than chase small differences.
                v *= 2.0;
            }
            if v > 0.0 {
                let job = Job {
                    order,
                    place: Place::District(d),
                };
                out.push((v, job, d, s, amount));
            }
        }
    }
    out
}

/// Hands the unit's running service over when it is time. `None`: the unit runs no service
/// that should end now; `Some(true)`: a hand-over was ordered; `Some(false)`: the service had to
/// stop and the unit is free.
fn hand_over(
    sit: &Situation,
    orders: &mut Orders,
    memory: &mut Memory,
    u: &UnitView,
    escorted: &[(String, usize)],
) -> Option<bool> {
    let running = u.task.starts_with("Aid {") || u.task.starts_with("Medical {");
    let (d, s, medical) = match orders.intent.get(&u.id)? {
        Order::ProvideAid {
            district, sector, ..
        } => (sit.district(district)?, *sector, false),
        Order::MedicalSupport { district, .. } => (sit.district(district)?, Sector::Health, true),
        _ => return None,
    };
    if !running || sit.district_at(u.position) != Some(d) {
        return None;
    }
    let duplicating = !medical && !aid_is_last_resort(sit, d, s, escorted);
    let since = memory.serving_since.get(&u.id).copied().unwrap_or(0);
    let ran = sit.turn.saturating_sub(since);
    let due = ran >= MIN_SERVICE && (sit.need(d, s) >= RECOVERED || sit.turns_left() <= 4);
    if !duplicating && !due {
        return None;
    }
    if !u.capabilities.contains(&Capability::Handover) {
        if duplicating {
            orders.hold(sit, u);
            return Some(false);
        }
        return None;
    }
    let Some(a) = owner(sit, d, s) else {
        if duplicating {
            orders.hold(sit, u);
            return Some(false);
        }
        return None;
    };
    let order = Order::Handover {
        unit: u.id.clone(),
        actor: a.id.clone(),
    };
    if !orders.push(sit, u, order.clone()) {
        return None;
    }
    orders.intent.insert(u.id.clone(), order);
    let people = if medical {
        MEDICAL_PEOPLE_PER_TURN
    } else {
        AID_PEOPLE_PER_TURN
    } * u.strength
        / 100.0;
    *memory.base.entry(a.id.clone()).or_insert(a.capacity as f32) += people;
    memory.handed.push((d, s));
    memory.serving_since.remove(&u.id);
    Some(true)
}

/// A medical unit with no last-resort task waits where the most lives are at risk, so that it
/// can act at once if civilian health care is overwhelmed (a Role 2 beside the largest hospital).
fn stand_by(sit: &Situation, orders: &mut Orders, u: &UnitView, served: &[(usize, Sector, f32)]) {
    if !u.capabilities.contains(&Capability::Medical) {
        return;
    }
    let costs = sit.costs(u);
    let class = unit_move_class(u.kind);
    let best = (0..sit.districts.len())
        .filter(|&d| !served.iter().any(|x| x.0 == d && x.1 == Sector::Health))
        .filter_map(|d| {
            let (_, c) = sit.stand_in(&costs, d, class)?;
            let left = sit.turns_left().saturating_sub(sit.travel_turns(u, c));
            Some((deaths(sit, d) * left as f32, d))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
    let here = sit.district_at(u.position);
    let stay = here.is_some_and(|h| best.is_some_and(|b| deaths(sit, h) * 1.5 >= deaths(sit, b.1)));
    if let Some((v, d)) = best
        && v > 0.0
        && !stay
    {
        let job = Job {
            order: Order::Hold { unit: u.id.clone() },
            place: Place::District(d),
        };
        orders.give(sit, u, &job);
    }
}
