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
use crate::rules::{BRIDGE_OPEN_AT, REPAIR_PER_TURN, infra_sector, unit_move_class};
use crate::scenario::format::{Capability, InfraKind, Sector};
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
    /// The engineers whose repair meets a pending objective by its deadline: work a comfort
    /// refill must not delay.
    pub for_objectives: Vec<String>,
}

/// What an engineer could do this turn.
enum Pick {
    /// Repair a site (index) to this projected condition of every site; opens in so many turns;
    /// whether it meets a pending objective.
    Repair(usize, Vec<f32>, u32, bool),
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
    let mut planner = Planner::new(sit, orders, style);
    while let Some((_, ei, pick)) = planner.best_pick() {
        planner.take(ei, pick);
    }
    planner.post_guardians();
    let mut plan = planner.plan;
    plan.jobs.sort_by(|a, b| a.0.cmp(&b.0));
    plan
}

/// A best pick so far: (score, engineer index, what).
type Best = Option<(f32, usize, Pick)>;

/// Whether a score beats the best so far (the first of equal scores stays).
fn beats(best: &Best, score: f32) -> bool {
    best.as_ref().is_none_or(|b| score > b.0)
}

/// The greedy matching of engineers to work, as it goes.
struct Planner<'a, 's> {
    sit: &'a Situation<'s>,
    orders: &'a Orders,
    style: RepairStyle,
    engineers: Vec<&'a UnitView>,
    /// (engineer index, post) of the engineers guarding a critical site.
    guard: Vec<(usize, (i32, i32))>,
    proj: Projection,
    /// What standing by at each site is worth (0 for a site that is not critical).
    insurance: Vec<f32>,
    /// Travel turns from each engineer to each site it can reach.
    travel: Vec<Vec<Option<u32>>>,
    taken_e: Vec<bool>,
    taken_s: Vec<bool>,
    surveyed: Vec<usize>,
    guarded: Vec<usize>,
    plan: RepairPlan,
}

impl<'a, 's> Planner<'a, 's> {
    fn new(sit: &'a Situation<'s>, orders: &'a Orders, style: RepairStyle) -> Planner<'a, 's> {
        let engineers: Vec<&UnitView> = sit
            .force()
            .filter(|u| u.capabilities.contains(&Capability::Repair))
            .collect();
        let guard = if style == RepairStyle::People {
            guardians(sit, &engineers)
        } else {
            Vec::new()
        };
        let proj = Projection::new(sit, style);
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
        let travel = engineers
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
        Planner {
            sit,
            orders,
            style,
            taken_e: vec![false; engineers.len()],
            taken_s: vec![false; sit.infra.len()],
            engineers,
            guard,
            proj,
            insurance,
            travel,
            surveyed: Vec::new(),
            guarded: Vec::new(),
            plan: RepairPlan::default(),
        }
    }

    /// The critical site (if any) within two hexes of a site: work there is also standing by.
    fn near_critical(&self, si: usize) -> Option<usize> {
        let sit = self.sit;
        (0..sit.infra.len()).find(|&n| {
            self.insurance[n] > 0.0 && distance(sit.infra[n].hex, sit.infra[si].hex) <= 2
        })
    }

    /// The best pick of any free engineer, if any is worth it.
    fn best_pick(&self) -> Best {
        let mut best: Best = None;
        for (ei, e) in self.engineers.iter().enumerate() {
            if self.taken_e[ei] {
                continue;
            }
            self.consider_repairs(ei, e, &mut best);
            if self.style != RepairStyle::People {
                continue;
            }
            self.consider_standing_by(ei, &mut best);
            if e.capabilities.contains(&Capability::Assess) {
                self.consider_surveys(ei, e, &mut best);
            }
        }
        best
    }

    /// Repairing each site the engineer can reach and improve, valued per turn of travel and
    /// work.
    fn consider_repairs(&self, ei: usize, e: &UnitView, best: &mut Best) {
        let sit = self.sit;
        let rate = REPAIR_PER_TURN * e.strength / 100.0;
        let post = self.guard.iter().find(|g| g.0 == ei).map(|g| g.1);
        let current = current_site(self.orders, e);
        for (si, site) in sit.infra.iter().enumerate() {
            if self.taken_s[si] || site.condition >= 1.0 || rate <= 0.0 {
                continue;
            }
            let beyond_post = post.is_some_and(|p| distance(p, site.hex) > GUARD_RADIUS);
            let Some(t) = self.travel[ei][si] else {
                continue;
            };
            let left = sit.turns_left().saturating_sub(t) as f32;
            let Some((turns, to)) = (left > 0.0)
                .then(|| work(sit, &self.proj, si, rate, left))
                .flatten()
            else {
                continue;
            };
            let (value, condition, after) = self.proj.value_of(si, to);
            let ready_in = t + turns as u32;
            let back = restored(sit, &self.proj.functioning, &after);
            let mission = objective_value(sit, &self.proj.functioning, &after, ready_in)
                + need_objective_value(sit, &back, ready_in);
            // A guardian keeps to its critical site, except for what the mission asks of it by a
            // deadline close by, once the site it guards is in good repair: the objective does not
            // wait for a shock that may never come, and the site's own repair comes first.
            if beyond_post
                && (mission <= 0.0 || t > GUARD_LEAVE_TURNS || !self.post_in_repair(post))
            {
                continue;
            }
            let value = value + mission;
            // A request for assistance still open for what the repair brings back is answered
            // first, as the services answer theirs (care.rs); kinetic does not weigh requests.
            let asked = self.style == RepairStyle::People
                && back
                    .iter()
                    .any(|r| sit.open_requests.contains(&(r.district, r.sector)));
            let value = if asked { value * REQUEST_REPAIR } else { value };
            // Keeping a critical site in repair is insurance: an engineer at work on it
            // when a shock comes repairs it the same day.
            let value = value
                + if self.style == RepairStyle::People {
                    self.insurance[si]
                } else {
                    0.0
                };
            let mut score = value / (t as f32 + turns);
            // Work close to a critical site is also standing by at it.
            if let Some(n) = self.near_critical(si).filter(|n| !self.guarded.contains(n)) {
                score += self.insurance[n] / (t as f32 + 1.0);
            }
            if current.as_deref() == Some(site.id.as_str()) {
                score *= 1.5;
            }
            if score >= WORTHWHILE && beats(best, score) {
                let ready = t + turns as u32;
                let pick = Pick::Repair(si, condition, ready, mission > 0.0);
                *best = Some((score, ei, pick));
            }
        }
    }

    /// Whether the critical site a guardian is posted at is in good repair (`GUARDED_SOUND`).
    fn post_in_repair(&self, post: Option<(i32, i32)>) -> bool {
        post.is_none_or(|p| {
            self.sit
                .infra
                .iter()
                .filter(|s| s.hex == p)
                .all(|s| s.condition >= GUARDED_SOUND)
        })
    }

    /// Standing by at a critical site, ready for the day it is hit: an engineer on the spot
    /// answers a shock a day or two sooner.
    fn consider_standing_by(&self, ei: usize, best: &mut Best) {
        for si in 0..self.sit.infra.len() {
            if self.guarded.contains(&si) || self.insurance[si] <= 0.0 {
                continue;
            }
            let Some(t) = self.travel[ei][si] else {
                continue;
            };
            let score = self.insurance[si] / (t as f32 + 1.0);
            if beats(best, score) {
                *best = Some((score, ei, Pick::StandBy(si)));
            }
        }
    }

    /// Surveying a district nobody has seen yet, within a day's move (engineers who have just
    /// reopened the way into it).
    fn consider_surveys(&self, ei: usize, e: &UnitView, best: &mut Best) {
        let sit = self.sit;
        let costs = sit.costs(e);
        for d in 0..sit.districts.len() {
            if self.surveyed.contains(&d)
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
            if t <= 1 && score >= WORTHWHILE && beats(best, score) {
                *best = Some((score, ei, Pick::Survey(d)));
            }
        }
    }

    /// Gives engineer `ei` its pick, and values the rest as if that work were done.
    fn take(&mut self, ei: usize, pick: Pick) {
        let sit = self.sit;
        self.taken_e[ei] = true;
        let e = self.engineers[ei];
        let (order, place) = match pick {
            Pick::Survey(d) => {
                self.surveyed.push(d);
                let order = Order::Assess {
                    unit: e.id.clone(),
                    district: sit.districts[d].id.clone(),
                };
                (order, Place::District(d))
            }
            Pick::StandBy(si) => {
                self.guarded.push(si);
                let order = Order::Hold { unit: e.id.clone() };
                (order, Place::Near(sit.infra[si].hex))
            }
            Pick::Repair(si, condition, ready, for_objective) => {
                self.taken_s[si] = true;
                if for_objective {
                    self.plan.for_objectives.push(e.id.clone());
                }
                let site = &sit.infra[si];
                if let Some(n) = self.near_critical(si) {
                    self.guarded.push(n);
                }
                if site.kind == InfraKind::Bridge
                    && self.proj.functioning[si] < BRIDGE_OPEN_AT
                    && let Some(h) = sit.map.index(site.hex)
                {
                    self.plan.opening.push((h, ready));
                }
                self.proj.functioning = self.proj.cascade(&condition);
                self.proj.condition = condition;
                let order = Order::Repair {
                    unit: e.id.clone(),
                    target: site.id.clone(),
                };
                (order, Place::Near(site.hex))
            }
        };
        self.plan.jobs.push((e.id.clone(), Job { order, place }));
    }

    /// A guardian with nothing to repair near its site stays within reach of it.
    fn post_guardians(&mut self) {
        for &(ei, post) in &self.guard {
            let e = self.engineers[ei];
            if !self.taken_e[ei] && distance(e.position, post) > 1 {
                let job = Job {
                    order: Order::Hold { unit: e.id.clone() },
                    place: Place::Near(post),
                };
                self.plan.jobs.push((e.id.clone(), job));
            }
        }
    }
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

/// Travel turns within which a guardian may leave its post for a pending objective.
const GUARD_LEAVE_TURNS: u32 = 2;
/// Condition of its critical site from which a guardian may leave for a pending objective.
const GUARDED_SOUND: f32 = 0.9;

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

/// What the mission asks of a repair: a pending objective that needs a site functioning at a
/// level by its deadline is worth its share of the objectives, in people (the whole
/// population's worth, as the objectives share of effectiveness weighs about as much as the
/// needs share), for the repair that brings the site's functioning to that level — through the
/// dependency rule, so a hospital capped by its power plant is the power plant's objective too,
/// and not the hospital's own while the power stays down. A CIMIC-minded commander works to the
/// mission's objectives, not only to the need he sees.
fn objective_value(sit: &Situation, before: &[f32], after: &[f32], ready_in: u32) -> f32 {
    let done_on = sit.turn + ready_in.saturating_sub(1);
    sit.objective_sites
        .iter()
        .filter(|o| o.deadline >= done_on)
        .filter(|o| {
            let (b, a) = (before.get(o.site), after.get(o.site));
            b.zip(a).is_some_and(|(&b, &a)| b < o.level && a >= o.level)
        })
        .map(|o| o.share * sit.everyone)
        .sum()
}

/// Share of an objective's worth a unit of functioning toward a needs objective carries.
const NEED_OBJECTIVE: f32 = 0.5;

/// What the mission asks of a repair through a pending needs objective in a sector the force's
/// aid does not serve (energy, security, communications: only the sites deliver those): a site
/// that serves the objective's district in that sector, while the need is below the level, is
/// worth half the objective's share of everyone for each unit of functioning the repair gives
/// back (through the dependency rule), split over the districts the site serves by their people.
/// The substation that heats the hill villages is how a CIMIC-minded commander meets "the
/// villages heated", since the force has no heat to hand out. Needs the force's aid can serve
/// are left to the services' own weighing of objectives (care.rs): crediting repairs for them
/// too moved engineers in `border_camp` and made a red-team trick pay (scenarios/README.md).
fn need_objective_value(sit: &Situation, back: &[Restored], ready_in: u32) -> f32 {
    let done_on = sit.turn + ready_in.saturating_sub(1);
    back.iter()
        .filter(|r| r.served > 0.0 && !super::kinetic::AID_SECTORS.contains(&r.sector))
        .map(|r| {
            let share: f32 = sit
                .objective_needs
                .iter()
                .filter(|&&(d, s, level, deadline, _)| {
                    d == r.district
                        && s == r.sector
                        && done_on <= deadline
                        && sit.need(d, s) < level
                })
                .map(|o| o.4)
                .sum();
            NEED_OBJECTIVE * share * sit.everyone * r.gain * r.people / r.served
        })
        .sum()
}

/// Service a repair brings back to one district in one sector.
struct Restored {
    district: usize,
    sector: Sector,
    /// Functioning the site gains (its own repair or, through the dependency rule, another's).
    gain: f32,
    /// People of the district, and all the people the site serves.
    people: f32,
    served: f32,
}

/// Where and in what a repair brings service back: every site whose functioning rises from
/// `before` to `after`, for each district it serves in its sector.
fn restored(sit: &Situation, before: &[f32], after: &[f32]) -> Vec<Restored> {
    let mut out = Vec::new();
    for (j, site) in sit.infra.iter().enumerate() {
        let gain = after.get(j).zip(before.get(j)).map_or(0.0, |(a, b)| a - b);
        let Some(sector) = infra_sector(site.kind).filter(|_| gain > 0.0) else {
            continue;
        };
        let served = served_people(sit, site);
        for d in site.serves.iter().filter_map(|id| sit.district(id)) {
            out.push(Restored {
                district: d,
                sector,
                gain,
                people: sit.people(d),
                served,
            });
        }
    }
    out
}

/// How much more a repair is worth where it answers a request for assistance still open: more
/// than an open request adds to aid (`care::REQUEST_CARE`), since the repair is the force's own
/// answer, bound by no last-resort test, and serves for the rest of the game (docs/rules.md §21.6).
const REQUEST_REPAIR: f32 = 3.0;
