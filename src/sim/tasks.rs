//! Phase 1: orders accepted between turns become the units' tasks. Checked again against the
//! state at the start of the turn (nothing may have changed, but a task is never built on trust).

use super::components::{Crossings, Map, PendingOrders, Position, Roster, Task, Unit};
use super::report::{LogKind, TurnLog};
use crate::orders::Order;
use crate::rules::unit_move_class;
use bevy::prelude::{Query, Res, ResMut};

/// Turns each pending order into its unit's task, in unit id order.
pub fn apply_orders(
    roster: Res<Roster>,
    map: Res<Map>,
    crossings: Res<Crossings>,
    mut pending: ResMut<PendingOrders>,
    mut log: ResMut<TurnLog>,
    mut units: Query<(&Unit, &Position, &mut Task)>,
) {
    let orders = std::mem::take(&mut pending.by_unit);
    for (unit_id, (order_id, order)) in orders {
        let Some(i) = roster.unit_index(&unit_id) else {
            continue;
        };
        let Ok((unit, pos, mut task)) = units.get_mut(roster.units[i]) else {
            continue;
        };
        match &order {
            Order::Hold { .. } => *task = Task::Hold,
            Order::Move { to, .. } => {
                match map
                    .0
                    .path(pos.0, *to, unit_move_class(unit.kind), &crossings.open)
                {
                    Some(path) => {
                        *task = Task::Move {
                            order: order_id,
                            path: path.into_iter().skip(1).collect(),
                            planned: crossings.version,
                        }
                    }
                    None => {
                        log.push(
                            LogKind::Order,
                            &unit_id,
                            format!("{unit_id}: no route to {to:?}; holding"),
                        );
                        *task = Task::Hold;
                        continue;
                    }
                }
            }
            Order::Repair { target, .. } => match roster.infra_index(target) {
                Some(t) => {
                    *task = Task::Repair {
                        order: order_id,
                        target: t as u32,
                    }
                }
                None => continue,
            },
        }
        log.push(
            LogKind::Order,
            &unit_id,
            format!("{unit_id}: {} order #{order_id} in force", order.verb()),
        );
    }
}
