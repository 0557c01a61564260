//! When a unit runs short of supplies, the policies draw on host-nation support
//! (docs/rules.md §9, host-nation support): cimic-first only where the district can spare its
//! water, food and fuel (MC 411/2 §21: access to local resources must not compromise the needs of
//! the population), and where people are short only when a unit is about to halt, going a
//! short way to a district whose authorities can arrange it from what is spare rather than take
//! what people need, and a unit left idle tops up where the draw is arranged and spare before its
//! next task; kinetic wherever the unit stands.

use super::jobs::Orders;
use super::situation::{MET, Situation};
use crate::orders::Order;
use crate::rules::{
    HNS_SECTORS, RESUPPLY_AMOUNT, activity_supply_cost, arranges_host_nation_support,
    unit_move_class,
};
use crate::scenario::format::Sector;
use crate::sim::components::Activity;
use crate::sim::{TaskView, UnitView};

/// Supplies below which a unit refills before its next task: a few turns of work left, and a
/// full refill (up to `100 − RESUPPLY_AMOUNT` it is all useful) then lasts.
pub(crate) const LOW_SUPPLIES: f32 = 25.0;
/// Supplies below which even cimic-first draws where people are short rather than let the unit
/// halt (arranged by an authority if one can).
pub(crate) const EMPTY: f32 = 6.0;
/// Supplies below which cimic-first draws where a host-nation authority arranges it even though
/// people there are short (it takes only what is beyond the spare), or goes to such a district.
const SOON_EMPTY: f32 = 2.0 * EMPTY;

/// Turns a short unit travels to draw where the host nation can arrange it from what is spare:
/// further, and the trip costs more of the unit's work than the draw saves the people.
const REFILL_REACH: u32 = 2;

/// Whether district `d` can spare water, food and fuel: every one met in what the force knows
/// of it (its picture, else the briefing). An old picture is still the best ground the force
/// has: demanding a current one sent units short of supplies to draw where they stood, where
/// people were known to be short (docs/rules.md §21.6).
fn spare(sit: &Situation, d: usize) -> bool {
    HNS_SECTORS.iter().all(|&s| sit.need(d, s) >= MET)
}

/// Orders a refill for each force unit short of supplies where the draw is sound, and marks the
/// units given one (or a move to refill) busy. `careful`: cimic-first's test (arranged or spare, or about to halt);
/// otherwise any district will do. Units in `keep_on` (their next task meets an objective by
/// its deadline) refill only once soon to halt: a mission deadline comes before a full load.
pub(crate) fn resupply(
    sit: &Situation,
    orders: &mut Orders,
    busy: &mut Vec<String>,
    careful: bool,
    keep_on: &[String],
) {
    for u in sit.force() {
        if busy.contains(&u.id) || (keep_on.contains(&u.id) && u.supplies >= SOON_EMPTY) {
            continue;
        }
        let Some(d) = sit.district_at(u.position) else {
            continue;
        };
        let wanted = if careful {
            // Where water, food and fuel are spare; where the host nation arranges it only when
            // the unit is soon to halt; anywhere only to avoid halting.
            (spare(sit, d) && u.supplies < LOW_SUPPLIES)
                || (arranged(sit, d) && u.supplies < SOON_EMPTY)
                || u.supplies < EMPTY
        } else {
            u.supplies < LOW_SUPPLIES
        };
        if !wanted {
            // Short where a draw would take what people need: go a short way to where it is
            // spare and arranged; soon to halt, to where it is at least arranged (a
            // requisition takes everyone's share alike and costs consent).
            let soon_empty = u.supplies < SOON_EMPTY && !arranged(sit, d);
            let to = (careful && u.supplies < LOW_SUPPLIES)
                .then(|| refill_elsewhere(sit, u, d, true))
                .flatten()
                .or_else(|| {
                    (careful && soon_empty)
                        .then(|| refill_elsewhere(sit, u, d, false))
                        .flatten()
                });
            if let Some(to) = to
                && orders.push(
                    sit,
                    u,
                    Order::Move {
                        unit: u.id.clone(),
                        to,
                    },
                )
            {
                busy.push(u.id.clone());
            }
            continue;
        }
        draw_here(sit, orders, busy, u, d);
    }
}

/// Orders the unit to draw on host-nation support in district `d`, where it stands.
fn draw_here(sit: &Situation, orders: &mut Orders, busy: &mut Vec<String>, u: &UnitView, d: usize) {
    let order = Order::Resupply {
        unit: u.id.clone(),
        district: sit.districts[d].id.clone(),
    };
    if orders.push(sit, u, order) {
        busy.push(u.id.clone());
    }
}

/// Supplies up to which a full refill fits: a top-up then draws the whole `RESUPPLY_AMOUNT`.
const TOP_UP_AT: f32 = 100.0 - RESUPPLY_AMOUNT;

/// Supplies a turn of the dearest service costs (aid, `rules::activity_supply_cost`): a unit that
/// holds enough for that every turn left has no use for a top-up.
fn task_turn_cost() -> f32 {
    activity_supply_cost(&Activity::Aid {
        district: 0,
        sector: Sector::Water,
    })
}

/// cimic-first's top-up: a unit left with nothing to do this turn (no order from any plan, no
/// running task) and room for a full refill draws where the host nation arranges it from what the
/// district can spare (MC 411/2 §21: host-nation support that takes nothing people need), so that
/// the long task that follows does not break off for a refill trip where people are short; and
/// only if what the unit holds would not last the turns left at a turn of aid a turn. Called after
/// every other plan: it never takes a unit from work.
pub(crate) fn top_up_idle(sit: &Situation, orders: &mut Orders, busy: &mut Vec<String>) {
    for u in sit.force() {
        // Only what the rest of the game could use: a draw the unit would never spend takes
        // from the district for nothing.
        let after = sit.turns_left().saturating_sub(1) as f32;
        if busy.contains(&u.id)
            || u.task != TaskView::Hold
            || u.supplies > TOP_UP_AT
            || u.supplies >= after * task_turn_cost()
        {
            continue;
        }
        let Some(d) = sit.district_at(u.position) else {
            continue;
        };
        if spare(sit, d) && arranged(sit, d) {
            draw_here(sit, orders, busy, u, d);
        }
    }
}

/// Whether a host-nation authority working in district `d` at coordination or closer would
/// arrange a draw there (the test of the rule, docs/rules.md §9, on the force's view).
fn arranged(sit: &Situation, d: usize) -> bool {
    sit.actors
        .iter()
        .any(|a| arranges_host_nation_support(a.kind, a.status, a.stance) && sit.works_in(a, d))
}

/// Where a unit short of supplies, in district `here` where people need what it would draw,
/// can go to refill: the nearest other district, within `REFILL_REACH` turns, whose authorities
/// arrange the draw and, if `spare_only`, that can spare water, food and fuel (ties to the
/// lower hex).
fn refill_elsewhere(
    sit: &Situation,
    u: &UnitView,
    here: usize,
    spare_only: bool,
) -> Option<(i32, i32)> {
    let costs = sit.costs(u);
    let class = unit_move_class(u.kind);
    (0..sit.districts.len())
        .filter(|&d| d != here && arranged(sit, d) && (!spare_only || spare(sit, d)))
        .filter_map(|d| sit.stand_in(&costs, d, class))
        .filter(|&(_, c)| sit.travel_turns(u, c) <= REFILL_REACH)
        .min_by_key(|&(i, c)| (c, i))
        .map(|(i, _)| sit.map.pos_of(i))
}
