//! The red team: cimic-first plus one trick each. A trainee who finds that a trick pays will play
//! it, and the exercise then teaches the wrong lesson; these policies play the tricks a review
//! found (and those found since), so that a test can fail whenever one of them beats the
//! doctrinal line on a score (crates/cimic-core/tests/red_team.rs, docs/rules.md §21.6).
//!
//! Each trick rewrites cimic-first's orders for the turn and goes through the same public order
//! API as every policy, so whatever it scores a trainee could score with the same orders.

use super::cimic_first::CimicFirst;
use super::commander::Policy;
use super::jobs::{can, supply_cost};
use super::situation::{MET, Situation};
use crate::map::distance;
use crate::orders::Order;
use crate::scenario::format::{Capability, Sector};
use crate::sim::components::ActorStatus;
use crate::sim::{Simulation, TaskView, UnitView};
use std::collections::BTreeMap;

/// The tricks, each named as `--policy` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trick {
    /// Hand each running aid or medical service over the turn after starting it, then restart it.
    Pump,
    /// Fill every idle unit-turn with an assessment or a liaison.
    Busywork,
    /// Never serve, escort in or go to a district that no civilian actor can reach.
    Abandon,
    /// Aid and medical support beside the agencies wherever a unit is idle; never liaise.
    MilitarisedAid,
    /// Hunt every adversary unit in reach, in towns too.
    Engage,
    /// The CIMIC teams only start community projects.
    ProjectFarm,
    /// Never support a host-nation authority, so that none becomes an owner that could take a
    /// service over (and running the service never counts as dependency).
    NoSupport,
    /// Keep every unit topped up from the district it stands in, whoever needs the water, food
    /// and fuel: a unit that never runs low never has to stop.
    Requisition,
}

impl Trick {
    /// Every trick, in the order of [`super::NAMES`].
    pub const ALL: [Trick; 8] = [
        Trick::Pump,
        Trick::Busywork,
        Trick::Abandon,
        Trick::MilitarisedAid,
        Trick::Engage,
        Trick::ProjectFarm,
        Trick::NoSupport,
        Trick::Requisition,
    ];

    /// The policy name.
    pub fn name(self) -> &'static str {
        match self {
            Trick::Pump => "exploit-pump",
            Trick::Busywork => "exploit-busywork",
            Trick::Abandon => "exploit-abandon",
            Trick::MilitarisedAid => "exploit-militarised-aid",
            Trick::Engage => "exploit-engage",
            Trick::ProjectFarm => "exploit-project-farm",
            Trick::NoSupport => "exploit-no-support",
            Trick::Requisition => "exploit-requisition",
        }
    }

    /// The order verb that shows the trick was played (what a test counts).
    pub fn verb(self) -> &'static str {
        match self {
            Trick::Pump => "hand over",
            Trick::Busywork => "assess",
            Trick::Abandon => "hold",
            Trick::MilitarisedAid => "provide aid",
            Trick::Engage => "engage",
            Trick::ProjectFarm => "community project",
            Trick::NoSupport => "hold",
            Trick::Requisition => "resupply",
        }
    }
}

/// Cimic-first with one trick played on top.
#[derive(Debug, Clone)]
pub struct Exploit {
    trick: Trick,
    base: CimicFirst,
    /// Services handed over last turn, to restart now (pump): unit id → its service order.
    restart: BTreeMap<String, Order>,
    /// Orders the trick has written so far, so that a test can tell it was really played.
    played: u32,
}

impl Exploit {
    /// The red-team policy playing `trick`.
    pub fn new(trick: Trick) -> Exploit {
        Exploit {
            trick,
            base: CimicFirst::default(),
            restart: BTreeMap::new(),
            played: 0,
        }
    }

    /// How many orders the trick has written (replacing or adding to cimic-first's).
    pub fn played(&self) -> u32 {
        self.played
    }
}

impl Policy for Exploit {
    fn name(&self) -> &'static str {
        self.trick.name()
    }

    fn plan(&mut self, sim: &Simulation) -> Vec<Order> {
        let orders = self.base.plan(sim);
        let sit = Situation::new(sim);
        let mut plan = Plan {
            sit: &sit,
            orders,
            written: 0,
        };
        match self.trick {
            Trick::Pump => pump(&mut plan, &mut self.restart),
            Trick::Busywork => busywork(&mut plan),
            Trick::Abandon => abandon(&mut plan),
            Trick::MilitarisedAid => militarised_aid(&mut plan),
            Trick::Engage => engage(&mut plan),
            Trick::ProjectFarm => project_farm(&mut plan),
            Trick::NoSupport => no_support(&mut plan),
            Trick::Requisition => requisition(&mut plan),
        }
        self.played += plan.written;
        plan.orders
    }

    fn decide(&mut self, sim: &Simulation) -> Vec<(String, String)> {
        self.base.decide(sim)
    }
}

/// The turn's orders being rewritten, with the situation they are for.
struct Plan<'a> {
    sit: &'a Situation<'a>,
    orders: Vec<Order>,
    /// Orders the trick wrote this turn.
    written: u32,
}

impl Plan<'_> {
    /// The order given to the unit this turn, if any.
    fn order_of(&self, unit: &str) -> Option<&Order> {
        self.orders.iter().find(|o| o.unit() == unit)
    }

    /// Replaces whatever the unit was ordered this turn with `order`, if it can carry it out.
    fn set(&mut self, unit: &UnitView, order: Order) -> bool {
        if !can(unit, &order) || unit.supplies < supply_cost(&order) {
            return false;
        }
        self.orders.retain(|o| o.unit() != unit.id);
        self.orders.push(order);
        self.written += 1;
        true
    }

    /// Whether the unit has nothing to do this turn: no new order and no running task that
    /// lasts (a one-turn task ends now).
    fn idle(&self, unit: &UnitView) -> bool {
        if self
            .order_of(&unit.id)
            .is_some_and(|o| !matches!(o, Order::Hold { .. }))
        {
            return false;
        }
        unit.task.ends_this_turn()
    }

    /// The district id the unit stands in.
    fn district_of(&self, unit: &UnitView) -> Option<String> {
        self.sit
            .district_at(unit.position)
            .map(|d| self.sit.districts[d].id.clone())
    }

    /// The first working actor (id order) that works in district `d`, optionally one with
    /// the sector in its mandate.
    fn actor_in(&self, d: &str, sector: Option<Sector>) -> Option<String> {
        self.sit
            .actors
            .iter()
            .filter(|a| self.sit.actor_here(a) && a.districts.iter().any(|x| x == d))
            .filter(|a| sector.is_none_or(|s| a.can_receive(s)))
            .map(|a| a.id.clone())
            .next()
    }

    /// The sector with the largest shortfall in district `d`.
    fn worst_sector(&self, d: usize, sectors: &[Sector]) -> Option<Sector> {
        sectors
            .iter()
            .copied()
            .filter(|&s| self.sit.need(d, s) < MET)
            .max_by(|&a, &b| {
                self.sit
                    .shortfall(d, a)
                    .total_cmp(&self.sit.shortfall(d, b))
                    .then(b.index().cmp(&a.index()))
            })
    }
}

/// Hands each running service over at once and restarts it the turn after.
fn pump(plan: &mut Plan, restart: &mut BTreeMap<String, Order>) {
    let units: Vec<UnitView> = plan.sit.force().cloned().collect();
    for u in &units {
        let running = match &u.task {
            TaskView::Aid { district, sector } => Some((
                district.clone(),
                Some(*sector),
                Order::ProvideAid {
                    unit: u.id.clone(),
                    district: district.clone(),
                    sector: *sector,
                },
            )),
            TaskView::Medical { district } => Some((
                district.clone(),
                Some(Sector::Health),
                Order::MedicalSupport {
                    unit: u.id.clone(),
                    district: district.clone(),
                },
            )),
            _ => None,
        };
        if let Some((district, sector, service)) = running {
            if let Some(actor) = plan.actor_in(&district, sector)
                && plan.set(
                    u,
                    Order::Handover {
                        unit: u.id.clone(),
                        actor,
                    },
                )
            {
                restart.insert(u.id.clone(), service);
            }
            continue;
        }
        if let Some(service) = restart.remove(&u.id)
            && matches!(u.task, TaskView::Hold | TaskView::Handover { .. })
        {
            plan.set(u, service);
        }
    }
}

/// Every idle unit assesses its district, or liaises with an actor there.
fn busywork(plan: &mut Plan) {
    let units: Vec<UnitView> = plan.sit.force().cloned().collect();
    for u in &units {
        if !plan.idle(u) {
            continue;
        }
        let Some(district) = plan.district_of(u) else {
            continue;
        };
        let assess = Order::Assess {
            unit: u.id.clone(),
            district: district.clone(),
        };
        if plan.set(u, assess) {
            continue;
        }
        if let Some(actor) = plan.actor_in(&district, None) {
            plan.set(
                u,
                Order::Liaise {
                    unit: u.id.clone(),
                    actor,
                },
            );
        }
    }
}

/// Districts where some civilian actor has access now.
fn reachable_districts(sit: &Situation) -> Vec<bool> {
    (0..sit.districts.len())
        .map(|d| {
            sit.actors
                .iter()
                .filter(|a| a.status == ActorStatus::Active)
                .any(|a| sit.has_access(a, d))
        })
        .collect()
}

/// Drops every order that serves, escorts in or moves into a district no civilian can reach;
/// a unit already serving there stops.
fn abandon(plan: &mut Plan) {
    let sit = plan.sit;
    let reachable = reachable_districts(sit);
    let cut = |d: Option<usize>| d.is_some_and(|d| !reachable[d] && sit.people(d) > 0.0);
    let district = |id: &str| sit.district(id);
    let units: Vec<UnitView> = sit.force().cloned().collect();
    for u in &units {
        let serving = match &u.task {
            TaskView::Aid { district: d, .. }
            | TaskView::Medical { district: d }
            | TaskView::Escort { district: d, .. } => cut(district(d)),
            _ => false,
        };
        let ordered = match plan.order_of(&u.id) {
            Some(Order::ProvideAid { district: d, .. })
            | Some(Order::MedicalSupport { district: d, .. })
            | Some(Order::Escort { district: d, .. }) => cut(district(d)),
            Some(Order::Move { to, .. }) => {
                cut(sit.district_at(*to)) && sit.district_at(*to) != sit.district_at(u.position)
            }
            _ => false,
        };
        if serving || ordered {
            plan.set(u, Order::Hold { unit: u.id.clone() });
        }
    }
}

/// Never liaises or meets; every idle unit that can deliver aid or medical support does it in
/// its district, beside whatever agencies work there.
fn militarised_aid(plan: &mut Plan) {
    let sit = plan.sit;
    let units: Vec<UnitView> = sit.force().cloned().collect();
    for u in &units {
        if matches!(
            plan.order_of(&u.id),
            Some(Order::Liaise { .. } | Order::CoordinationMeeting { .. })
        ) {
            plan.set(u, Order::Hold { unit: u.id.clone() });
        }
        if !plan.idle(u) {
            continue;
        }
        let Some(d) = sit.district_at(u.position) else {
            continue;
        };
        let id = sit.districts[d].id.clone();
        if u.capabilities.contains(&Capability::Medical) && sit.need(d, Sector::Health) < MET {
            plan.set(
                u,
                Order::MedicalSupport {
                    unit: u.id.clone(),
                    district: id,
                },
            );
            continue;
        }
        if let Some(sector) = plan.worst_sector(d, &Sector::ALL) {
            plan.set(
                u,
                Order::ProvideAid {
                    unit: u.id.clone(),
                    district: id,
                    sector,
                },
            );
        }
    }
}

/// Turns of travel within which a unit goes hunting.
const HUNT_TURNS: u32 = 3;

/// Every unit that can fight engages the nearest adversary within reach, wherever it stands.
fn engage(plan: &mut Plan) {
    let sit = plan.sit;
    let foes: Vec<UnitView> = sit.adversaries().cloned().collect();
    let units: Vec<UnitView> = sit.force().cloned().collect();
    for u in &units {
        if !u.capabilities.contains(&Capability::Engage) {
            continue;
        }
        if let TaskView::Engage { target } = &u.task
            && foes.iter().any(|f| &f.id == target)
        {
            plan.orders.retain(|o| o.unit() != u.id);
            continue;
        }
        if let Some(f) = foes.iter().find(|f| distance(f.position, u.position) <= 1) {
            plan.set(
                u,
                Order::Engage {
                    unit: u.id.clone(),
                    target: f.id.clone(),
                },
            );
            continue;
        }
        let costs = sit.costs(u);
        let near = foes
            .iter()
            .filter_map(|f| sit.stand_near(&costs, f.position).map(|(i, c)| (c, i)))
            .filter(|&(c, _)| sit.travel_turns(u, c) <= HUNT_TURNS)
            .min();
        if let Some((_, i)) = near
            && let Some(to) = sit.waypoint(u, i)
            && to != u.position
        {
            plan.set(
                u,
                Order::Move {
                    unit: u.id.clone(),
                    to,
                },
            );
        }
    }
}

/// Turns a farmed project is promised in: the shortest the rules allow.
const FARM_PROMISE: u32 = crate::rules::PROJECT_TURNS;

/// The CIMIC teams do nothing but start community projects where they stand.
fn project_farm(plan: &mut Plan) {
    let sit = plan.sit;
    let units: Vec<UnitView> = sit
        .force()
        .filter(|u| u.capabilities.contains(&Capability::Liaise))
        .cloned()
        .collect();
    for u in &units {
        if matches!(u.task, TaskView::CommunityProject { .. }) {
            plan.orders.retain(|o| o.unit() != u.id);
            continue;
        }
        let Some(d) = sit.district_at(u.position) else {
            plan.set(u, Order::Hold { unit: u.id.clone() });
            continue;
        };
        let Some(sector) = plan.worst_sector(d, &Sector::ALL) else {
            plan.set(u, Order::Hold { unit: u.id.clone() });
            continue;
        };
        // Work starts this turn: the earliest turn it can be promised for.
        let complete_by = sit.turn + FARM_PROMISE - 1;
        let order = Order::CommunityProject {
            unit: u.id.clone(),
            district: sit.districts[d].id.clone(),
            sector,
            complete_by,
        };
        if complete_by > sit.turns || !plan.set(u, order) {
            plan.set(u, Order::Hold { unit: u.id.clone() });
        }
    }
}

/// Every order to support a host-nation authority becomes a hold.
fn no_support(plan: &mut Plan) {
    let sit = plan.sit;
    let units: Vec<UnitView> = sit.force().cloned().collect();
    for u in &units {
        let supporting = matches!(u.task, TaskView::SupportAuthority { .. });
        let ordered = matches!(plan.order_of(&u.id), Some(Order::SupportAuthority { .. }));
        if ordered || supporting {
            plan.set(u, Order::Hold { unit: u.id.clone() });
        }
    }
}

/// Supplies below which the trick tops a unit up: well before cimic-first would (25).
const TOP_UP_BELOW: f32 = 70.0;

/// Every unit with nothing else to do this turn and below [`TOP_UP_BELOW`] supplies draws on the
/// district it stands in, whether or not its people can spare the water, food and fuel.
fn requisition(plan: &mut Plan) {
    let sit = plan.sit;
    let units: Vec<UnitView> = sit.force().cloned().collect();
    for u in &units {
        if u.supplies >= TOP_UP_BELOW || !plan.idle(u) {
            continue;
        }
        if let Some(district) = plan.district_of(u) {
            plan.set(
                u,
                Order::Resupply {
                    unit: u.id.clone(),
                    district,
                },
            );
        }
    }
}
