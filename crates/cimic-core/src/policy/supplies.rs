//! When a unit runs short of supplies, the policies draw on host-nation support
//! (docs/rules.md §9, host-nation support): cimic-first only where the district can spare its
//! water, food and fuel (MC 411/2 §21: access to local resources must not compromise the needs of
//! the population), and where people are short only when a unit is about to halt, going a
//! short way to a district whose authorities can arrange it from what is spare rather than take
//! what people need; kinetic wherever the unit stands.

use super::jobs::Orders;
use super::situation::{MET, Situation};
use crate::orders::Order;
use crate::rules::{HNS_SECTORS, arranges_host_nation_support, unit_move_class};
use crate::sim::UnitView;

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

/// Whether district `d` can spare water, food and fuel (every one met, in the force's picture).
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
        let order = Order::Resupply {
            unit: u.id.clone(),
            district: sit.districts[d].id.clone(),
        };
        if orders.push(sit, u, order) {
            busy.push(u.id.clone());
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
