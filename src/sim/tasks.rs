//! Phase 1: orders accepted between turns become the units' tasks. They were checked against this
//! very state when submitted (nothing happens between submission and this phase), so the route
//! planned then is used as it is.

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
    for (unit_id, pending) in orders {
        let (order_id, order) = (pending.id, pending.order);
        let Some(i) = roster.unit_index(&unit_id) else {
            continue;
        };
        let Ok((unit, pos, mut task)) = units.get_mut(roster.units[i]) else {
            continue;
        };
        match &order {
            Order::Hold { .. } => *task = Task::Hold,
            Order::Move { to, .. } => {
                let route = pending.route.or_else(|| {
                    map.0
                        .path(pos.0, *to, unit_move_class(unit.kind), &crossings.open)
                });
                match route {
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
