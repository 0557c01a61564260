//! The CIMIC-first policy's medical, logistics and aviation units: military assets for
//! humanitarian tasks only as a last resort (OCHA guidelines, AU/UN; MC 411/2 §24, §37), and every
//! service planned to end in civilian hands (MC 411/2 §34g; CCOE "Do not create dependency").
//!
//! - Aid in a sector only where no civilian actor with that sector in its mandate can reach the
//!   district (no access, or it does not work there): anything else duplicates it.
//! - Medical support where no civilian health actor reaches the district, or where civilian
//!   health care is plainly overwhelmed (`last_resort.rs`): "no comparable civilian
//!   alternative" is about capacity as well as presence.
//! - The fast units (helicopters) take the tasks roads do not reach; units trade tasks when
//!   both do more good that way.
//! - A service is handed over to a civilian owner that works in the district and can reach it,
//!   host-nation authorities first, once it has run a few turns and needs have recovered, or
//!   before the end of the exercise, or at once if it would start duplicating a civilian actor.
//! - A hand-over transfers once and puts the sector in the owner's mandate; where the owner cannot
//!   carry it all (still overwhelmed), the force serves on beside it as a stopgap, out of the way
//!   of humanitarian agencies, until the need has recovered.

use super::jobs::{Job, Orders, Place};
use super::kinetic::AID_SECTORS;
use super::last_resort::{
    aid_is_last_resort, deaths, deaths_averted, escorts, humanitarian_covers,
    medical_is_last_resort, owner,
};
use super::memory::Memory;
use super::services::{Opt, Search};
use super::situation::{Costs, SECTOR_WEIGHT, Situation};
use crate::map::MoveClass;
use crate::orders::Order;
use crate::rules::{AID_PEOPLE_PER_TURN, MEDICAL_PEOPLE_PER_TURN, unit_move_class};
use crate::scenario::format::{Capability, Sector};
use crate::sim::{TaskView, UnitView};

/// Value of a death averted, in the people-worth of weighted service used to compare jobs.
const LIFE: f32 = 300.0;
/// Turns a service runs before it is handed over (unless it would duplicate an actor).
const MIN_SERVICE: u32 = 3;
/// Satisfaction at which a service can go to civilian hands.
const RECOVERED: f32 = super::situation::MET;
/// Share of its value a helicopter's task keeps where ground units could do it soon: aviation is
/// for the people roads do not reach.
const AIR_WHERE_ROADS_REACH: f32 = 0.85;

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
    let mut free: Vec<&UnitView> = Vec::new();
    for u in carers {
        match hand_over(sit, orders, memory, u, &escorted) {
            Some(true) => busy.push(u.id.clone()),
            Some(false) => {}
            None => free.push(u),
        }
    }
    let costs: Vec<Costs> = free.iter().map(|u| sit.costs(u)).collect();
    let ground: Vec<u32> = (0..sit.districts.len())
        .map(|d| {
            free.iter()
                .zip(&costs)
                .filter(|(u, _)| unit_move_class(u.kind) == MoveClass::Ground)
                .filter_map(|(u, c)| {
                    Some(sit.travel_turns(u, sit.stand_in(c, d, MoveClass::Ground)?.1))
                })
                .min()
                .unwrap_or(u32::MAX)
        })
        .collect();
    let cx = Ctx {
        sit,
        orders: &*orders,
        memory: &*memory,
        escorted: &escorted,
        ground,
    };
    let picks = best_plan(&cx, &free, &costs);
    let placed: Vec<usize> = picks.iter().map(|p| p.0).collect();
    let treated: Vec<usize> = picks
        .iter()
        .filter(|p| matches!(p.1.order, Order::MedicalSupport { .. }))
        .map(|p| p.2)
        .collect();
    for (i, job, d) in picks {
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
                busy.push(u.id.clone());
                continue;
            }
        }
        let starting = here && !orders.ongoing(u, &job.order);
        if orders.give(sit, u, &job) {
            if starting {
                memory.serving_since.insert(u.id.clone(), sit.turn);
            }
            busy.push(u.id.clone());
        }
    }
    for (i, u) in free.iter().enumerate() {
        if !placed.contains(&i) {
            stand_by(sit, orders, u, &treated);
        }
    }
}

/// Options each unit weighs in the search (its best few).
const SHORTLIST: usize = 6;

/// A service a unit could run, and what it is worth for the rest of the game.
struct Service {
    value: f32,
    job: Job,
    district: usize,
    sector: Sector,
    /// People-worth delivered per turn.
    amount: f32,
}

/// A shortlisted service: its value alone, and beside another unit doing the same.
struct Candidate {
    solo: f32,
    shared: f32,
    service: Service,
}

/// The services that do most good together: every combination of each unit's best few
/// options (or none), a service counted in full for the first unit in its district and sector
/// and at its shared value for any other. Searched exactly (branch and bound) while the search
/// stays within a budget of nodes (`services::SEARCH_BUDGET`), and so free of the order units are looked at in (a
/// helicopter takes the village roads do not reach even when it would also be the best choice
/// for the town next door); past the budget, the best plan found so far is improved one unit at
/// a time until no single change helps, so that planning stays polynomial in the number of
/// units (issue: a force of 50 care units). Returns (unit, job, district).
fn best_plan(cx: &Ctx, free: &[&UnitView], costs: &[Costs]) -> Vec<(usize, Job, usize)> {
    let floor = 100.0 * cx.sit.turns_left() as f32;
    let mut lists: Vec<Vec<Candidate>> = free
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let mut list: Vec<Candidate> = options(cx, u, &costs[i], &[], None)
                .into_iter()
                .filter(|o| o.value >= floor)
                .map(|service| {
                    let beside = [(service.district, service.sector, service.amount)];
                    let shared = options(cx, u, &costs[i], &beside, Some(service.district))
                        .into_iter()
                        .find(|o| o.job.order == service.job.order)
                        .map_or(0.0, |o| o.value);
                    Candidate {
                        solo: service.value,
                        shared,
                        service,
                    }
                })
                .collect();
            list.sort_by(|a, b| b.solo.total_cmp(&a.solo));
            list.truncate(SHORTLIST);
            list
        })
        .collect();
    let opts = lists
        .iter()
        .map(|l| {
            l.iter()
                .map(|c| Opt {
                    solo: c.solo,
                    shared: c.shared,
                    key: c.service.district * Sector::ALL.len() + c.service.sector.index(),
                })
                .collect()
        })
        .collect();
    let mut search = Search::new(opts);
    if !search.exact() {
        search.improve();
    }
    search
        .best
        .1
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let k = (*c)?;
            let s = lists[i].swap_remove(k).service;
            Some((i, s.job, s.district))
        })
        .collect()
}

/// What the choice of services reads.
struct Ctx<'a, 'b> {
    sit: &'a Situation<'b>,
    orders: &'a Orders,
    memory: &'a Memory,
    escorted: &'a [(String, usize)],
    /// Turns the nearest ground unit that could serve needs to reach each district.
    ground: Vec<u32>,
}

/// Every last-resort service the unit could run, valued for the rest of the game, given what
/// others already deliver: (district, sector, people-worth per turn). `only` limits it to one
/// district (the value of a service beside another unit's, asked for every shortlisted one).
fn options(
    cx: &Ctx,
    u: &UnitView,
    costs: &Costs,
    served: &[(usize, Sector, f32)],
    only: Option<usize>,
) -> Vec<Service> {
    let Ctx {
        sit,
        orders,
        memory,
        escorted,
        ground,
    } = cx;
    let m = u.strength / 100.0;
    let class = unit_move_class(u.kind);
    let mut out = Vec::new();
    for (d, &by_road) in ground.iter().enumerate() {
        if only.is_some_and(|o| o != d) {
            continue;
        }
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
            && !settled(sit, memory, d, Sector::Health)
        {
            let amount = MEDICAL_PEOPLE_PER_TURN * m;
            let gap = (sit.shortfall(d, Sector::Health) - already(Sector::Health)).max(0.0);
            // Halving deaths counts once, for the first unit there; the health it brings
            // averts some of the rest.
            let first = !served.iter().any(|x| x.0 == d && x.1 == Sector::Health);
            let averted = deaths_averted(sit, d, already(Sector::Health), amount);
            let lives = if first {
                LIFE * 0.5 * (deaths(sit, d) + averted)
            } else {
                LIFE * 0.5 * averted
            };
            let v = SECTOR_WEIGHT[Sector::Health.index()] * amount.min(gap) + lives;
            let order = Order::MedicalSupport {
                unit: u.id.clone(),
                district: id.clone(),
            };
            found.push((order, Sector::Health, amount, v));
        }
        // Impartiality: a community that has lately had less than its share of the force's help
        // for its need comes first among the gaps nobody else fills (docs/rules.md §13.1).
        let neglect = sit.neglect(d);
        let favoured = sit.favoured(d);
        if u.capabilities.contains(&Capability::Aid) {
            for s in AID_SECTORS {
                let order = Order::ProvideAid {
                    unit: u.id.clone(),
                    district: id.clone(),
                    sector: s,
                };
                let running = matches!(orders.intent.get(&u.id), Some(o) if *o == order);
                if !aid_may_serve(sit, memory, d, s, escorted, running) {
                    continue;
                }
                // A medical unit brings health as medical support wherever that is a last
                // resort, and resumes it so: it treats the sick, which halves deaths besides.
                if s == Sector::Health
                    && u.capabilities.contains(&Capability::Medical)
                    && (memory.handed.contains(&(d, s)) || medical_is_last_resort(sit, d, escorted))
                {
                    continue;
                }
                let amount = AID_PEOPLE_PER_TURN * m;
                let gap = (sit.shortfall(d, s) - already(s)).max(0.0);
                // What the platoon serves beyond the gap is effort nobody needed where others
                // deliver too (docs/rules.md §21.3): it counts against the choice, at half weight.
                let v =
                    SECTOR_WEIGHT[s.index()] * (amount.min(gap) - 0.5 * (amount - gap).max(0.0));
                // Health aid keeps people alive, as medical support does.
                let v = if s == Sector::Health {
                    v + LIFE * deaths_averted(sit, d, already(s), amount)
                } else {
                    v
                };
                found.push((order, s, amount, v));
            }
        }
        // What the mission asks: a need a pending objective names is worth a tenth of everyone's
        // worth for the objective's share, each turn it is served (as repairs are, repair.rs).
        for (order, sector, amount, v) in found {
            let v = v + OBJECTIVE_CARE * sit.objective_need_share(d, sector) * sit.everyone;
            // A request for assistance still open there is answered first (rules §4.5).
            let v = if sit.open_requests.contains(&(d, sector)) {
                v * REQUEST_CARE
            } else {
                v
            };
            let mut value = v * left * (1.0 + neglect) / (1.0 + 2.0 * favoured);
            if class == MoveClass::Air && by_road <= 3 {
                value *= AIR_WHERE_ROADS_REACH;
            }
            // A stopgap beside the civilians who own the service now (`aid_may_serve`).
            let stopgap =
                matches!(order, Order::ProvideAid { .. }) && memory.handed.contains(&(d, sector));
            if matches!(orders.intent.get(&u.id), Some(o) if *o == order) && !stopgap {
                // Keep a service running rather than chase small differences.
                value *= 2.0;
            }
            if value > 0.0 {
                let job = Job {
                    order,
                    place: Place::District(d),
                };
                out.push(Service {
                    value,
                    job,
                    district: d,
                    sector,
                    amount,
                });
            }
        }
    }
    out
}

/// Whether a service handed over to civilians is settled in their hands: it was handed over
/// and the civilians are not overwhelmed. Where they still are, the force serves on as a last
/// resort; a hand-over transfers only once (docs/rules.md §9), so nothing is gained by it. (Aid
/// reads `aid_may_serve`, which applies the same test.)
fn settled(sit: &Situation, memory: &Memory, d: usize, s: Sector) -> bool {
    memory.handed.contains(&(d, s)) && sit.need(d, s) >= super::last_resort::OVERWHELMED
}

/// Whether the force's aid may serve this sector and district: as a last resort where no civilian
/// actor with the mandate reaches it, or where the force handed the service over and the civilians
/// there are still overwhelmed, unless a humanitarian actor covers it. A hand-over makes the owner
/// an actor with the mandate, so without the second case the force would leave people it served
/// the turn before to an owner that cannot carry them all; beside a humanitarian agency the
/// force's aid would cost its acceptance, so there it stays out (docs/rules.md §11.2).
fn aid_may_serve(
    sit: &Situation,
    memory: &Memory,
    d: usize,
    s: Sector,
    escorted: &[(String, usize)],
    running: bool,
) -> bool {
    if memory.handed.contains(&(d, s)) {
        // Resumed while overwhelmed; once resumed, served on until the need has recovered.
        let until = if running {
            RECOVERED
        } else {
            super::last_resort::OVERWHELMED
        };
        sit.need(d, s) < until && !humanitarian_covers(sit, d, s, escorted)
    } else {
        aid_is_last_resort(sit, d, s, escorted)
    }
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
    let running = matches!(u.task, TaskView::Aid { .. } | TaskView::Medical { .. });
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
    let duplicating = !medical && !aid_may_serve(sit, memory, d, s, escorted, true);
    let since = memory.serving_since.get(&u.id).copied().unwrap_or(0);
    let ran = sit.turn.saturating_sub(since);
    // A civilian owner that can take the service on takes it as soon as it has run a turn: the
    // transition is planned from the outset (MC 411/2 §34g), and only a transfer ends dependency.
    // The first owner in the order of preference that still has room this turn.
    let owner_ready = owner(sit, d, s, &|a| room_left(orders, a) > 0.0).is_some();
    let due = (ran >= 1 && owner_ready)
        || (ran >= MIN_SERVICE && (sit.need(d, s) >= RECOVERED || sit.turns_left() <= 4));
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
    // A hand-over that would transfer nothing (the service was handed over here before, or the
    // owner has no room left) only ends the service: stop it outright when it should end.
    let transfers = !memory.handed.contains(&(d, s)) && owner_ready;
    let Some(a) = owner(sit, d, s, &|a| room_left(orders, a) > 0.0).filter(|_| transfers) else {
        if duplicating || (ran >= MIN_SERVICE && sit.need(d, s) >= RECOVERED) {
            orders.hold(sit, u);
            memory.serving_since.remove(&u.id);
            return Some(false);
        }
        return None;
    };
    let order = Order::Handover {
        unit: u.id.clone(),
        actor: a.id.clone(),
    };
    let per_turn = if medical {
        crate::rules::MEDICAL_PEOPLE_PER_TURN
    } else {
        crate::rules::AID_PEOPLE_PER_TURN
    };
    let claim = (per_turn * u.strength / 100.0).min(room_left(orders, a));
    if !orders.push(sit, u, order.clone()) {
        return None;
    }
    *orders.claimed_room.entry(a.id.clone()).or_default() += claim;
    orders.intent.insert(u.id.clone(), order);
    memory.handed.push((d, s));
    memory.serving_since.remove(&u.id);
    Some(true)
}

/// A medical unit with no last-resort task waits where the most lives are at risk, so that it
/// can act at once if civilian health care is overwhelmed (a Role 2 beside the largest hospital).
fn stand_by(sit: &Situation, orders: &mut Orders, u: &UnitView, treated: &[usize]) {
    if !u.capabilities.contains(&Capability::Medical) {
        return;
    }
    let costs = sit.costs(u);
    let class = unit_move_class(u.kind);
    let best = (0..sit.districts.len())
        .filter(|d| !treated.contains(d))
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

/// Room an actor has left to take services on this turn: up to twice its starting capacity,
/// less what hand-overs already ordered this turn claim (docs/rules.md §9).
fn room_left(orders: &Orders, a: &crate::sim::ActorView) -> f32 {
    a.room() - orders.claimed_room.get(&a.id).copied().unwrap_or(0.0)
}

/// Share of everyone's worth a turn of service toward a pending needs objective adds.
pub(crate) const OBJECTIVE_CARE: f32 = 0.1;

/// How much more a service is worth where a request for assistance is still open.
pub(crate) const REQUEST_CARE: f32 = 1.5;
