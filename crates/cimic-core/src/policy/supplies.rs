//! When a unit runs short of supplies, the policies draw on host-nation support
//! (docs/rules.md §9, host-nation support): cimic-first only where a host-nation authority can
//! arrange it or the district can spare its water, food and fuel (MC 411/2 §21: access to local
//! resources must not compromise the needs of the population); kinetic wherever the unit stands.

use super::jobs::Orders;
use super::situation::{MET, Situation};
use crate::orders::Order;
use crate::rules::{HNS_SECTORS, is_host_nation_authority};
use crate::scenario::format::Stance;
use crate::sim::components::ActorStatus;

/// Supplies below which a unit refills before its next task: a few turns of work left, and a
/// full refill (up to `100 − RESUPPLY_AMOUNT` it is all useful) then lasts.
pub(crate) const LOW_SUPPLIES: f32 = 25.0;
/// Supplies below which even cimic-first requisitions rather than let the unit halt.
pub(crate) const EMPTY: f32 = 6.0;

/// Whether a host-nation authority working in district `d` would arrange a draw there now.
pub(crate) fn arranged(sit: &Situation, d: usize) -> bool {
    sit.actors.iter().any(|a| {
        is_host_nation_authority(a.kind)
            && a.status == ActorStatus::Active
            && a.stance >= Stance::Coordination
            && sit.works_in(a, d)
    })
}

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
        if busy.contains(&u.id) || u.supplies >= LOW_SUPPLIES {
            continue;
        }
        let Some(d) = sit.district_at(u.position) else {
            continue;
        };
        if careful && !(arranged(sit, d) || spare(sit, d) || u.supplies < EMPTY) {
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
