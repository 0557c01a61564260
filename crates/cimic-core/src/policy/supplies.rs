//! When a unit runs short of supplies, the policies draw on host-nation support
//! (docs/rules.md §9, host-nation support): cimic-first only where the district can spare its
//! water, food and fuel (MC 411/2 §21: access to local resources must not compromise the needs of
//! the population), and where people are short only when a unit is about to halt; kinetic
//! wherever the unit stands.

use super::jobs::Orders;
use super::situation::{MET, Situation};
use crate::orders::Order;
use crate::rules::HNS_SECTORS;

/// Supplies below which a unit refills before its next task: a few turns of work left, and a
/// full refill (up to `100 − RESUPPLY_AMOUNT` it is all useful) then lasts.
pub(crate) const LOW_SUPPLIES: f32 = 25.0;
/// Supplies below which even cimic-first draws where people are short rather than let the unit
/// halt (arranged by an authority if one can).
pub(crate) const EMPTY: f32 = 6.0;

/// Whether district `d` can spare water, food and fuel (every one met, in the force's picture).
fn spare(sit: &Situation, d: usize) -> bool {
    HNS_SECTORS.iter().all(|&s| sit.need(d, s) >= MET)
}

/// Orders a refill for each force unit short of supplies where the draw is sound; returns the
/// units given one. `careful`: cimic-first's test (arranged or spare, or about to halt);
/// otherwise any district will do.
pub(crate) fn resupply(
    sit: &Situation,
    orders: &mut Orders,
    busy: &mut Vec<String>,
    careful: bool,
) {
    for u in sit.force() {
        if busy.contains(&u.id) {
            continue;
        }
        let Some(d) = sit.district_at(u.position) else {
            continue;
        };
        let wanted = if careful {
            // Where water, food and fuel are spare; elsewhere only to avoid halting.
            (spare(sit, d) && u.supplies < LOW_SUPPLIES) || u.supplies < EMPTY
        } else {
            u.supplies < LOW_SUPPLIES
        };
        if !wanted {
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
