//! Turn phase (order in `turn_schedule`): orders accepted between turns become the units' tasks. Each was checked against this
//! very state when submitted (nothing happens between submission and this phase), and the check
//! resolved it into the task installed here.

use super::components::{Activity, PendingOrders, Promise, PromiseState, Promises, Roster, Task};
use super::report::{LogKind, TurnLog};
use bevy::prelude::{Query, Res, ResMut};

/// Installs each pending order's task, in unit id order.
pub fn apply_orders(
    roster: Res<Roster>,
    mut pending: ResMut<PendingOrders>,
    mut log: ResMut<TurnLog>,
    mut promises: ResMut<Promises>,
    mut units: Query<&mut Task>,
) {
    let orders = std::mem::take(&mut pending.by_unit);
    for (unit_id, p) in orders {
        let Some(i) = roster.unit_index(&unit_id) else {
            continue;
        };
        let Ok(mut task) = units.get_mut(roster.units[i]) else {
            continue;
        };
        *task = p.task;
        if let Task::Activity {
            activity:
                Activity::CommunityProject {
                    district,
                    sector,
                    complete_by,
                    promise,
                },
            ..
        } = &mut *task
        {
            *promise = promises.0.len() as u32;
            promises.0.push(Promise {
                unit: i as u32,
                order: p.id,
                district: *district,
                sector: *sector,
                complete_by: *complete_by,
                progress: 0,
                state: PromiseState::Open,
            });
        }
        log.push(
            LogKind::Order,
            &unit_id,
            format!("{unit_id}: {} order #{} in force", p.order.verb(), p.id),
        );
    }
}
