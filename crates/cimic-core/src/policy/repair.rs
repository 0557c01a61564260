//! Which site each engineer should repair: shared by the policies, which differ only in what they
//! value. A site's value is the service it would give back to people in the next few turns —
//! its own and, through the dependency rule, that of every site that needs it — or, for a closed
//! bridge, the districts it reconnects. Engineers are then matched to sites greedily by value per
//! turn of travel and work, one engineer per site, keeping an engineer on the site it is working
//! on unless something clearly better comes up.

pub(crate) use super::grid::RepairStyle;
use super::grid::{Projection, dependents, served_people, work};
use super::jobs::{Job, Orders, Place};
use super::situation::Situation;
use crate::map::distance;
use crate::orders::Order;
use crate::rules::{BRIDGE_OPEN_AT, REPAIR_PER_TURN, unit_move_class};
use crate::scenario::format::{Capability, InfraKind};
use crate::sim::{InfraView, TaskView, UnitView};

/// Value per turn below which a repair is not worth the supplies.
const WORTHWHILE: f32 = 50.0;

/// The engineers' orders for the turn, and the closed bridges their work will open.
#[derive(Debug, Default)]
pub(crate) struct RepairPlan {
    /// (unit id, job), in unit id order.
    pub jobs: Vec<(String, Job)>,
    /// (hex index, turns until open) of each closed bridge being repaired.
    pub opening: Vec<(usize, u32)>,
}

/// What an engineer could do this turn.
enum Pick {
    /// Repair a site (index) to this projected condition of every site; opens in so many turns.
    Repair(usize, Vec<f32>, u32),
    /// Stand by at a critical site (index).
    StandBy(usize),
    /// Survey a district (index) nobody has seen.
    Survey(usize),
}

/// One repair job per engineer that has a worthwhile one, matched greedily, and the closed
/// bridges those repairs will open (hex index, turns until open): the best (engineer,
/// site) first, then the rest valued again as if that work were done (a water plant is worth
/// repairing once someone is bringing back the power it needs).
pub(crate) fn plan_repairs(sit: &Situation, orders: &Orders, style: RepairStyle) -> RepairPlan {
    let engineers: Vec<&UnitView> = sit
        .force()
        .filter(|u| u.capabilities.contains(&Capability::Repair))
        .collect();
    let guard = if style == RepairStyle::People {
        guardians(sit, &engineers)
    } else {
        Vec::new()
    };
    let mut proj = Projection::new(sit, style);
    let insurance: Vec<f32> = sit
        .infra
        .iter()
        .enumerate()
        .map(|(i, site)| {
            if dependents(sit, site).len() < 2 {
                return 0.0;
            }
            INSURANCE * proj.stake(i)
        })
        .collect();
    // The critical site (if any) within two hexes of a site: work there is also standing by.
    let near_critical = |si: usize| -> Option<usize> {
        (0..sit.infra.len())
            .find(|&n| insurance[n] > 0.0 && distance(sit.infra[n].hex, sit.infra[si].hex) <= 2)
    };
    // Travel turns from each engineer to each site it can reach.
    let travel: Vec<Vec<Option<u32>>> = engineers
        .iter()
        .map(|e| {
            let costs = sit.costs(e);
            sit.infra
                .iter()
                .map(|site| {
                    if distance(e.position, site.hex) <= 1 {
                        Some(0)
                    } else {
                        sit.stand_near(&costs, site.hex)
                            .map(|(_, c)| sit.travel_turns(e, c))
                    }
                })
                .collect()
        })
        .collect();
    let mut taken_e = vec![false; engineers.len()];
    let mut taken_s = vec![false; sit.infra.len()];
    let mut plan = RepairPlan::default();
    let mut surveyed: Vec<usize> = Vec::new();
    let mut guarded: Vec<usize> = Vec::new();
    loop {
        let mut best: Option<(f32, usize, Pick)> = None;
        for (ei, e) in engineers.iter().enumerate() {
            if taken_e[ei] {
                continue;
            }
            let rate = REPAIR_PER_TURN * e.strength / 100.0;
            let post = guard.iter().find(|g| g.0 == ei).map(|g| g.1);
            let current = current_site(orders, e);
            for (si, site) in sit.infra.iter().enumerate() {
                if taken_s[si]
                    || site.condition >= 1.0
                    || rate <= 0.0
                    || post.is_some_and(|p| distance(p, site.hex) > GUARD_RADIUS)
                {
                    continue;
                }
                let Some(t) = travel[ei][si] else { continue };
                let left = sit.turns_left().saturating_sub(t) as f32;
                let Some((turns, to)) = (left > 0.0)
                    .then(|| work(sit, &proj, si, rate, left))
                    .flatten()
                else {
                    continue;
                };
                let (value, condition) = proj.value_of(si, to);
                // Keeping a critical site in repair is insurance: an engineer at work on it
                // when a shock comes repairs it the same day.
                let value = value
                    + if style == RepairStyle::People {
                        insurance[si]
                    } else {
                        0.0
                    };
                let mut score = value / (t as f32 + turns);
                // Work close to a critical site is also standing by at it.
                if let Some(n) = near_critical(si).filter(|n| !guarded.contains(n)) {
                    score += insurance[n] / (t as f32 + 1.0);
                }
                if current.as_deref() == Some(site.id.as_str()) {
                    score *= 1.5;
                }
                if score >= WORTHWHILE && best.as_ref().is_none_or(|b| score > b.0) {
                    let ready = t + turns as u32;
                    best = Some((score, ei, Pick::Repair(si, condition, ready)));
                }
            }
            if style != RepairStyle::People {
                continue;
            }
            // Standing by at a critical site, ready for the day it is hit: an engineer on the
            // spot answers a shock a day or two sooner.
            for si in 0..sit.infra.len() {
                if guarded.contains(&si) || insurance[si] <= 0.0 {
                    continue;
                }
                let Some(t) = travel[ei][si] else { continue };
                let score = insurance[si] / (t as f32 + 1.0);
                if best.as_ref().is_none_or(|b| score > b.0) {
                    best = Some((score, ei, Pick::StandBy(si)));
                }
            }
            // Surveying a district nobody has seen yet, within a day's move (engineers who have
            // just reopened the way into it).
            if e.capabilities.contains(&Capability::Assess) {
                let costs = sit.costs(e);
                for d in 0..sit.districts.len() {
                    if surveyed.contains(&d)
                        || sit.picture.get(d).is_some_and(Option::is_some)
                        || cimic_team_in(sit, d)
                    {
                        continue;
                    }
                    let Some((_, c)) = sit.stand_in(&costs, d, unit_move_class(e.kind)) else {
                        continue;
                    };
                    let t = sit.travel_turns(e, c);
                    let score = SURVEY * sit.people(d) / (t as f32 + 1.0);
                    if t <= 1 && score >= WORTHWHILE && best.as_ref().is_none_or(|b| score > b.0) {
                        best = Some((score, ei, Pick::Survey(d)));
                    }
                }
            }
        }
        let Some((_, ei, pick)) = best else {
            break;
        };
        taken_e[ei] = true;
        let e = engineers[ei];
        let (order, place) = match pick {
            Pick::Survey(d) => {
                surveyed.push(d);
                let order = Order::Assess {
                    unit: e.id.clone(),
                    district: sit.districts[d].id.clone(),
                };
                (order, Place::District(d))
            }
            Pick::StandBy(si) => {
                guarded.push(si);
                let order = Order::Hold { unit: e.id.clone() };
                (order, Place::Near(sit.infra[si].hex))
            }
            Pick::Repair(si, condition, ready) => {
                taken_s[si] = true;
                let site = &sit.infra[si];
                if let Some(n) = near_critical(si) {
                    guarded.push(n);
                }
                if site.kind == InfraKind::Bridge
                    && proj.functioning[si] < BRIDGE_OPEN_AT
                    && let Some(h) = sit.map.index(site.hex)
                {
                    plan.opening.push((h, ready));
                }
                proj.functioning = proj.cascade(&condition);
                proj.condition = condition;
                let order = Order::Repair {
                    unit: e.id.clone(),
                    target: site.id.clone(),
                };
                (order, Place::Near(site.hex))
            }
        };
        plan.jobs.push((e.id.clone(), Job { order, place }));
    }
    // A guardian with nothing to repair near its site stays within reach of it.
    for &(ei, post) in &guard {
        let e = engineers[ei];
        if !taken_e[ei] && distance(e.position, post) > 1 {
            let job = Job {
                order: Order::Hold { unit: e.id.clone() },
                place: Place::Near(post),
            };
            plan.jobs.push((e.id.clone(), job));
        }
    }
    plan.jobs.sort_by(|a, b| a.0.cmp(&b.0));
    plan
}

/// Share of what a critical site's failure would cost that an engineer standing by is worth
/// (roughly the chance of a shock on any one day).
const INSURANCE: f32 = 0.05;
/// Value per person of a first survey of a district.
const SURVEY: f32 = 0.05;

/// Whether a CIMIC team is in the district or on its way there (it will assess it).
fn cimic_team_in(sit: &Situation, d: usize) -> bool {
    sit.force().any(|u| {
        u.capabilities.contains(&Capability::Liaise)
            && super::jobs::Orders::moving_to(u)
                .or(Some(u.position))
                .and_then(|p| sit.district_at(p))
                == Some(d)
    })
}

/// Hexes within which a guardian engineer takes work.
const GUARD_RADIUS: u32 = 3;

/// The engineer that stays within reach of each critical site (one that two or more others
/// depend on), nearest first, most important site first; at least one engineer stays free.
fn guardians(sit: &Situation, engineers: &[&UnitView]) -> Vec<(usize, (i32, i32))> {
    let mut nodes: Vec<(f32, &InfraView)> = sit
        .infra
        .iter()
        .filter_map(|s| {
            let deps = dependents(sit, s);
            (deps.len() >= 2).then(|| {
                let people: f32 = deps
                    .iter()
                    .map(|&i| served_people(sit, &sit.infra[i]))
                    .sum::<f32>()
                    + served_people(sit, s);
                (people, s)
            })
        })
        .collect();
    nodes.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.id.cmp(&b.1.id)));
    let mut out: Vec<(usize, (i32, i32))> = Vec::new();
    for (_, node) in nodes {
        if out.len() + 1 >= engineers.len() {
            break;
        }
        let nearest = engineers
            .iter()
            .enumerate()
            .filter(|(i, _)| !out.iter().any(|g| g.0 == *i))
            .filter_map(|(i, e)| {
                let c = sit.stand_near(&sit.costs(e), node.hex)?.1;
                Some((c, i))
            })
            .min();
        if let Some((_, i)) = nearest {
            out.push((i, node.hex));
        }
    }
    out
}

/// The site the engineer is repairing or was last sent to repair.
fn current_site(orders: &Orders, e: &UnitView) -> Option<String> {
    if let TaskView::Repair { site } = &e.task {
        return Some(site.clone());
    }
    match orders.intent.get(&e.id) {
        Some(Order::Repair { target, .. }) => Some(target.clone()),
        _ => None,
    }
}
