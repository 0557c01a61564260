//! Which site each engineer should repair: shared by the policies, which differ only in what they
//! value. A site's value is the service it would give back to people in the next few turns —
//! its own and, through the dependency rule, that of every site that needs it — or, for a closed
//! bridge, the districts it reconnects. Engineers are then matched to sites greedily by value per
//! turn of travel and work, one engineer per site, keeping an engineer on the site it is working
//! on unless something clearly better comes up.

use super::jobs::{Job, Orders, Place};
use super::situation::{SECTOR_WEIGHT, Situation};
use crate::map::distance;
use crate::orders::Order;
use crate::rules::{
    BRIDGE_OPEN_AT, MIN_WORKING_CONDITION, REPAIR_PER_TURN, infra_sector, unit_move_class,
};
use crate::scenario::format::{Capability, InfraKind, Sector};
use crate::sim::{InfraView, UnitView};

/// What engineers value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RepairStyle {
    /// Service to people, weighted by unmet need; health counts double (lives).
    People,
    /// Mobility first (bridges), then sites by the people they serve, whatever their need.
    Mobility,
}

/// Turns of work a plan looks ahead.
const HORIZON: f32 = 3.0;
/// Value per turn below which a repair is not worth the supplies.
const WORTHWHILE: f32 = 50.0;

/// Functioning from condition alone (below the working minimum a site delivers nothing).
fn own(condition: f32) -> f32 {
    if condition < MIN_WORKING_CONDITION {
        0.0
    } else {
        condition.min(1.0)
    }
}

/// The repair plan so far: conditions the sites will have once the assigned work is done, and
/// the functioning that follows from them through the dependency rule.
struct Projection {
    deps: Vec<Vec<usize>>,
    service: Vec<f32>,
    banks: Vec<f32>,
    condition: Vec<f32>,
    functioning: Vec<f32>,
}

impl Projection {
    fn new(sit: &Situation, style: RepairStyle) -> Projection {
        let deps = sit
            .infra
            .iter()
            .map(|s| {
                s.depends_on
                    .iter()
                    .filter_map(|id| sit.infra.iter().position(|t| &t.id == id))
                    .collect()
            })
            .collect();
        let condition: Vec<f32> = sit.infra.iter().map(|s| s.condition).collect();
        let mut p = Projection {
            deps,
            service: sit
                .infra
                .iter()
                .map(|s| service_value(sit, s, style))
                .collect(),
            banks: sit
                .infra
                .iter()
                .map(|s| bank_people(sit, s, style))
                .collect(),
            functioning: Vec::new(),
            condition,
        };
        p.functioning = p.cascade(&p.condition);
        p
    }

    /// Functioning of every site from these conditions (docs/rules.md §8).
    fn cascade(&self, condition: &[f32]) -> Vec<f32> {
        let mut f: Vec<f32> = condition.iter().map(|&c| own(c)).collect();
        for _ in 0..8 {
            for i in 0..f.len() {
                let capped = self.deps[i]
                    .iter()
                    .fold(own(condition[i]), |x, &j| x.min(f[j]));
                f[i] = capped;
            }
        }
        f
    }

    /// Service lost if site `i` failed now, its dependents' included.
    fn stake(&self, i: usize) -> f32 {
        let mut condition = self.condition.clone();
        condition[i] = 0.0;
        let f = self.cascade(&condition);
        (0..f.len())
            .map(|j| self.service[j] * (self.functioning[j] - f[j]).max(0.0))
            .sum()
    }

    /// Value of raising site `i` to condition `to`, for everything that depends on it too.
    fn value_of(&self, i: usize, to: f32) -> (f32, Vec<f32>) {
        let mut condition = self.condition.clone();
        condition[i] = to.min(1.0);
        let f = self.cascade(&condition);
        let mut v = 0.0;
        for j in 0..f.len() {
            let (before, after) = (self.functioning[j], f[j]);
            if after <= before {
                continue;
            }
            v += self.service[j] * (after - before);
            if self.banks[j] > 0.0 {
                v += if before < BRIDGE_OPEN_AT && after >= BRIDGE_OPEN_AT {
                    self.banks[j]
                } else if before < BRIDGE_OPEN_AT + 0.05 {
                    0.1 * self.banks[j] * (after - before)
                } else {
                    0.02 * self.banks[j] * (after - before)
                };
            }
        }
        (v, condition)
    }
}

/// Value of one unit of a site's own functioning: people served, by sector weight and need.
fn service_value(sit: &Situation, site: &InfraView, style: RepairStyle) -> f32 {
    if site.kind == InfraKind::Bridge {
        return 0.0;
    }
    let Some(sector) = infra_sector(site.kind) else {
        // Government offices, cultural and religious sites: worth keeping, little to gain.
        return 0.02 * served_people(sit, site);
    };
    let mut v = 0.0;
    for d in site.serves.iter().filter_map(|id| sit.district(id)) {
        let w = SECTOR_WEIGHT[sector.index()];
        v += match style {
            RepairStyle::People => {
                let lives = if sector == Sector::Health { 2.0 } else { 1.0 };
                sit.people(d) * w * lives * (0.3 + (1.0 - sit.need(d, sector)))
            }
            RepairStyle::Mobility => sit.people(d) * w,
        };
    }
    v
}

fn served_people(sit: &Situation, site: &InfraView) -> f32 {
    site.serves
        .iter()
        .filter_map(|id| sit.district(id))
        .map(|d| sit.people(d))
        .sum()
}

/// What a bridge is worth when it opens: the people of the districts on its banks.
fn bank_people(sit: &Situation, site: &InfraView, style: RepairStyle) -> f32 {
    if site.kind != InfraKind::Bridge {
        return 0.0;
    }
    let mut banks: Vec<usize> = super::situation::neighbours(site.hex)
        .iter()
        .filter_map(|&p| sit.district_at(p))
        .collect();
    if let Some(d) = sit.district_at(site.hex) {
        banks.push(d);
    }
    banks.sort_unstable();
    banks.dedup();
    let people: f32 = banks.iter().map(|&d| sit.people(d)).sum();
    match style {
        RepairStyle::People => 0.3 * people,
        RepairStyle::Mobility => 0.6 * people,
    }
}

/// Turns of work until the repair pays off, and the condition it reaches then.
fn work(sit: &Situation, p: &Projection, i: usize, rate: f32, left: f32) -> Option<(f32, f32)> {
    let site = &sit.infra[i];
    let c = p.condition[i];
    if site.kind == InfraKind::Bridge && p.functioning[i] < BRIDGE_OPEN_AT {
        let turns = ((BRIDGE_OPEN_AT + 0.01 - c) / rate).ceil().max(1.0);
        return (turns <= left).then_some((turns, c + rate * turns));
    }
    let turns = ((1.0 - c) / rate).ceil().clamp(1.0, HORIZON.min(left));
    Some((turns, c + rate * turns))
}

/// One repair job per engineer that has a worthwhile one, matched greedily, and the closed
/// bridges those repairs will open (hex index, turns until open): the best (engineer,
/// site) first, then the rest valued again as if that work were done (a water plant is worth
/// repairing once someone is bringing back the power it needs).
pub(crate) fn plan_repairs(
    sit: &Situation,
    orders: &Orders,
    style: RepairStyle,
) -> (Vec<(String, Job)>, Vec<(usize, u32)>) {
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
    let mut jobs = Vec::new();
    let mut opening: Vec<(usize, u32)> = Vec::new();
    let mut surveyed: Vec<usize> = Vec::new();
    let mut guarded: Vec<usize> = Vec::new();
    loop {
        let mut best: Option<(f32, usize, usize, Vec<f32>, u32)> = None;
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
                if let Some(n) = (0..sit.infra.len()).find(|&n| {
                    insurance[n] > 0.0
                        && !guarded.contains(&n)
                        && distance(sit.infra[n].hex, site.hex) <= 2
                }) {
                    score += insurance[n] / (t as f32 + 1.0);
                }
                if current.as_deref() == Some(site.id.as_str()) {
                    score *= 1.5;
                }
                if score >= WORTHWHILE && best.as_ref().is_none_or(|b| score > b.0) {
                    best = Some((score, ei, si, condition, t + turns as u32));
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
                    best = Some((score, ei, si, Vec::new(), 0));
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
                        best = Some((score, ei, usize::MAX - d, Vec::new(), 0));
                    }
                }
            }
        }
        let Some((_, ei, si, condition, ready)) = best else {
            break;
        };
        taken_e[ei] = true;
        let e = engineers[ei];
        if si >= sit.infra.len() {
            let d = usize::MAX - si;
            surveyed.push(d);
            let job = Job {
                order: Order::Assess {
                    unit: e.id.clone(),
                    district: sit.districts[d].id.clone(),
                },
                place: Place::District(d),
            };
            jobs.push((e.id.clone(), job));
            continue;
        }
        taken_s[si] = true;
        let site = &sit.infra[si];
        if let Some(n) = (0..sit.infra.len()).find(|&n| {
            insurance[n] > 0.0
                && !guarded.contains(&n)
                && distance(sit.infra[n].hex, sit.infra[si].hex) <= 2
        }) {
            guarded.push(n);
        }
        if condition.is_empty() {
            guarded.push(si);
            let job = Job {
                order: Order::Hold { unit: e.id.clone() },
                place: Place::Near(site.hex),
            };
            jobs.push((e.id.clone(), job));
            continue;
        }
        if site.kind == InfraKind::Bridge
            && proj.functioning[si] < BRIDGE_OPEN_AT
            && let Some(h) = sit.map.index(site.hex)
        {
            opening.push((h, ready));
        }
        proj.functioning = proj.cascade(&condition);
        proj.condition = condition;
        jobs.push((
            e.id.clone(),
            Job {
                order: Order::Repair {
                    unit: e.id.clone(),
                    target: site.id.clone(),
                },
                place: Place::Near(site.hex),
            },
        ));
    }
    // A guardian with nothing to repair near its site stays within reach of it.
    for &(ei, post) in &guard {
        let e = engineers[ei];
        if !taken_e[ei] && distance(e.position, post) > 1 {
            let job = Job {
                order: Order::Hold { unit: e.id.clone() },
                place: Place::Near(post),
            };
            jobs.push((e.id.clone(), job));
        }
    }
    jobs.sort_by(|a, b| a.0.cmp(&b.0));
    (jobs, opening)
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

/// Sites other sites depend on, directly or through others (BR2: a failure there cascades).
fn dependents(sit: &Situation, site: &InfraView) -> Vec<usize> {
    let mut found: Vec<usize> = Vec::new();
    let mut frontier = vec![site.id.clone()];
    while let Some(id) = frontier.pop() {
        for (i, t) in sit.infra.iter().enumerate() {
            if t.depends_on.contains(&id) && !found.contains(&i) {
                found.push(i);
                frontier.push(t.id.clone());
            }
        }
    }
    found
}

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
    if let Some(site) = e.task.strip_prefix("repair ") {
        return Some(site.to_string());
    }
    match orders.intent.get(&e.id) {
        Some(Order::Repair { target, .. }) => Some(target.clone()),
        _ => None,
    }
}
