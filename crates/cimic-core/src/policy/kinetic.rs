//! The kinetic policy: a capable but militarily-minded commander. It takes the fight to the
//! adversary, guards what matters to the force's mobility, repairs bridges first, and has its
//! own logistics, medical and aviation units deliver aid and medical care wherever needs look
//! worst — without asking who else works there. It never liaises, coordinates, escorts, supports
//! the local authorities or hands a service over. It is the contrast the CIMIC line is measured
//! against, so it plays its own doctrine sensibly rather than doing nothing.

use super::commander::Policy;
use super::jobs::{Job, Orders, Place};
use super::repair::{RepairStyle, plan_repairs};
use super::situation::{SECTOR_WEIGHT, Situation};
use crate::map::distance;
use crate::orders::Order;
use crate::rules::{AID_PEOPLE_PER_TURN, MEDICAL_PEOPLE_PER_TURN, unit_move_class};
use crate::scenario::format::{Capability, Sector};
use crate::sim::{Simulation, TaskView, UnitView};

/// Sectors the force's aid can serve directly.
pub(crate) const AID_SECTORS: [Sector; 4] =
    [Sector::Water, Sector::Food, Sector::Health, Sector::Shelter];

/// Secures by force, delivers aid itself where needs are worst, ignores the civilian actors.
#[derive(Debug, Default, Clone)]
pub struct Kinetic {
    orders: Orders,
}

impl Policy for Kinetic {
    fn name(&self) -> &'static str {
        "kinetic"
    }

    fn plan(&mut self, sim: &Simulation) -> Vec<Order> {
        let mut sit = Situation::new(sim);
        self.orders.begin();
        let mut busy: Vec<String> = Vec::new();
        super::supplies::resupply(&sit, &mut self.orders, &mut busy, false, &[]);
        let repairs = plan_repairs(&sit, &self.orders, RepairStyle::Mobility);
        sit.soon = repairs.opening;
        for (id, job) in repairs.jobs {
            let unit = sit.unit(&id);
            if !busy.contains(&id) && self.orders.give(&sit, unit, &job) {
                busy.push(id);
            }
        }
        self.fight(&sit, &mut busy);
        self.care(&sit, &mut busy);
        self.the_rest(&sit, &busy);
        std::mem::take(&mut self.orders.out)
    }
}

impl Kinetic {
    /// Each adversary unit gets the nearest unit that can engage it; the other security units
    /// guard the sites the adversary could reach, or patrol where security is worst.
    fn fight(&mut self, sit: &Situation, busy: &mut Vec<String>) {
        let troops: Vec<&UnitView> = sit
            .force()
            .filter(|u| !busy.contains(&u.id))
            .filter(|u| {
                [Capability::Engage, Capability::Patrol, Capability::Secure]
                    .iter()
                    .any(|c| u.capabilities.contains(c))
            })
            .collect();
        let mut options: Vec<(u32, usize, usize)> = Vec::new();
        let foes: Vec<&UnitView> = sit.adversaries().collect();
        for (ti, t) in troops.iter().enumerate() {
            if !t.capabilities.contains(&Capability::Engage) || t.supplies < 12.0 {
                continue;
            }
            let costs = sit.costs(t);
            for (fi, f) in foes.iter().enumerate() {
                let travel = if distance(t.position, f.position) <= 1 {
                    0
                } else {
                    match sit.stand_near(&costs, f.position) {
                        Some((_, c)) => sit.travel_turns(t, c),
                        None => continue,
                    }
                };
                // Keep a unit on the adversary it was sent against.
                let sent = matches!(self.orders.intent.get(&t.id),
                    Some(Order::Engage { target, .. }) if *target == f.id);
                options.push((travel * 2 + u32::from(!sent), ti, fi));
            }
        }
        options.sort_unstable();
        let mut taken_t = vec![false; troops.len()];
        let mut taken_f = vec![false; foes.len()];
        for (_, ti, fi) in options {
            if taken_t[ti] || taken_f[fi] {
                continue;
            }
            let (t, f) = (troops[ti], foes[fi]);
            let job = Job {
                order: Order::Engage {
                    unit: t.id.clone(),
                    target: f.id.clone(),
                },
                place: Place::Near(f.position),
            };
            if self.orders.give(sit, t, &job) {
                taken_t[ti] = true;
                taken_f[fi] = true;
                busy.push(t.id.clone());
            }
        }
        // Guard the most valuable site within reach of a surviving adversary, else patrol.
        let mut guarded: Vec<usize> = Vec::new();
        let mut patrolled: Vec<usize> = Vec::new();
        let idle: Vec<&UnitView> = troops
            .iter()
            .copied()
            .filter(|t| !busy.contains(&t.id))
            .collect();
        for t in idle {
            let site = sit
                .infra
                .iter()
                .enumerate()
                .filter(|(i, s)| {
                    !guarded.contains(i)
                        && s.condition > 0.0
                        && foes.iter().any(|f| distance(f.position, s.hex) <= 3)
                })
                .max_by(|a, b| site_worth(sit, a.1).total_cmp(&site_worth(sit, b.1)));
            if t.capabilities.contains(&Capability::Secure)
                && let Some((i, s)) = site
            {
                let job = Job {
                    order: Order::SecureSite {
                        unit: t.id.clone(),
                        target: s.id.clone(),
                    },
                    place: Place::Near(s.hex),
                };
                if self.orders.give(sit, t, &job) {
                    guarded.push(i);
                    busy.push(t.id.clone());
                    continue;
                }
            }
            if !t.capabilities.contains(&Capability::Patrol) {
                continue;
            }
            let costs = sit.costs(t);
            let class = unit_move_class(t.kind);
            let home = Orders::moving_to(t)
                .and_then(|p| sit.district_at(p))
                .or(sit.district_at(t.position));
            let best = (0..sit.districts.len())
                .filter(|d| !patrolled.contains(d))
                .filter_map(|d| {
                    let (_, c) = sit.stand_in(&costs, d, class)?;
                    let left = sit.turns_left().saturating_sub(sit.travel_turns(t, c)) as f32;
                    let mut v = (sit.shortfall(d, Sector::Security) + 1.0) * left;
                    // A unit keeps its area unless another clearly needs it more.
                    if home == Some(d) {
                        v = v * 2.0 + 1000.0 * left;
                    }
                    Some((v, d))
                })
                .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
            if let Some((_, d)) = best {
                let job = Job {
                    order: Order::Patrol {
                        unit: t.id.clone(),
                        district: sit.districts[d].id.clone(),
                    },
                    place: Place::District(d),
                };
                if self.orders.give(sit, t, &job) {
                    patrolled.push(d);
                    busy.push(t.id.clone());
                }
            }
        }
    }

    /// Logistics, medical and aviation units serve the worst (district, sector) they can reach,
    /// whoever else works there.
    fn care(&mut self, sit: &Situation, busy: &mut Vec<String>) {
        let mut served: Vec<(usize, Sector, f32)> = Vec::new();
        let carers: Vec<&UnitView> = sit
            .force()
            .filter(|u| !busy.contains(&u.id))
            .filter(|u| {
                u.capabilities.contains(&Capability::Aid)
                    || u.capabilities.contains(&Capability::Medical)
            })
            .collect();
        for u in carers {
            let costs = sit.costs(u);
            let class = unit_move_class(u.kind);
            let m = u.strength / 100.0;
            let mut best: Option<(f32, Job, usize, Sector, f32)> = None;
            for d in 0..sit.districts.len() {
                let Some((_, c)) = sit.stand_in(&costs, d, class) else {
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
                let mut consider = |order: Order, s: Sector, amount: f32| {
                    let gap = (sit.shortfall(d, s) - already(s)).max(0.0);
                    let mut v = SECTOR_WEIGHT[s.index()] * amount.min(gap) * left;
                    if matches!(self.orders.intent.get(&u.id), Some(o) if *o == order) {
                        v *= 1.5;
                    }
                    if best.as_ref().is_none_or(|b| v > b.0) {
                        let job = Job {
                            order,
                            place: Place::District(d),
                        };
                        best = Some((v, job, d, s, amount));
                    }
                };
                let id = sit.districts[d].id.clone();
                if u.capabilities.contains(&Capability::Medical) {
                    let order = Order::MedicalSupport {
                        unit: u.id.clone(),
                        district: id.clone(),
                    };
                    consider(order, Sector::Health, 2.0 * MEDICAL_PEOPLE_PER_TURN * m);
                }
                if u.capabilities.contains(&Capability::Aid) {
                    for s in AID_SECTORS {
                        let order = Order::ProvideAid {
                            unit: u.id.clone(),
                            district: id.clone(),
                            sector: s,
                        };
                        consider(order, s, AID_PEOPLE_PER_TURN * m);
                    }
                }
            }
            if let Some((v, job, d, s, amount)) = best
                && v > 0.0
                && self.orders.give(sit, u, &job)
            {
                served.push((d, s, amount));
                busy.push(u.id.clone());
            }
        }
    }

    /// Information activities go where the adversary is strongest; other units with an
    /// assessment capability look at the district the force knows least, now and then.
    fn the_rest(&mut self, sit: &Situation, busy: &[String]) {
        let foe_district = sit
            .adversaries()
            .max_by(|a, b| a.strength.total_cmp(&b.strength))
            .and_then(|f| sit.district_at(f.position));
        for u in sit.force().filter(|u| !busy.contains(&u.id)) {
            if u.capabilities.contains(&Capability::InfoCampaign)
                && let Some(d) = foe_district
            {
                let job = Job {
                    order: Order::InformationCampaign {
                        unit: u.id.clone(),
                        district: sit.districts[d].id.clone(),
                    },
                    place: Place::District(d),
                };
                if self.orders.give(sit, u, &job) {
                    continue;
                }
            }
            if u.capabilities.contains(&Capability::Assess)
                && u.task == TaskView::Hold
                && let Some(d) = sit.district_at(u.position)
                && sit.picture_age(d).is_none_or(|a| a >= 4)
            {
                let order = Order::Assess {
                    unit: u.id.clone(),
                    district: sit.districts[d].id.clone(),
                };
                self.orders.push(sit, u, order);
            }
        }
    }
}

/// How much a site matters to the force: bridges first, then the people it serves.
fn site_worth(sit: &Situation, s: &crate::sim::InfraView) -> f32 {
    let people: f32 = s
        .serves
        .iter()
        .filter_map(|id| sit.district(id))
        .map(|d| sit.people(d))
        .sum();
    if s.kind == crate::scenario::format::InfraKind::Bridge {
        1e6
    } else {
        people
    }
}
