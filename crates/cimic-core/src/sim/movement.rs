//! Turn phase (order in `turn_schedule`): units walk their routes with their movement points. When a bridge has opened or closed
//! since a route was planned, the route is planned again from where the unit stands (a shorter
//! way may exist now, or the old one may be cut); with no route left the unit halts and says why.

use super::components::{Crossings, Map, Position, Roster, Task, Unit};
use super::report::{LogKind, TurnLog};
use super::scoring::efficiency::{Effort, UnitEffort};
use crate::rules::{MOVE_SUPPLY_COST, unit_move_class};
use bevy::prelude::{Query, Res, ResMut};

/// Moves every unit with a move task, in unit id order.
pub fn move_units(
    roster: Res<Roster>,
    map: Res<Map>,
    crossings: Res<Crossings>,
    mut log: ResMut<TurnLog>,
    mut effort: ResMut<UnitEffort>,
    mut units: Query<(&mut Unit, &mut Position, &mut Task)>,
) {
    let map = &map.0;
    for (i, &e) in roster.units.iter().enumerate() {
        let Ok((mut unit, mut pos, mut task)) = units.get_mut(e) else {
            continue;
        };
        let Task::Move {
            path,
            planned,
            order,
        } = &mut *task
        else {
            continue;
        };
        let id = &roster.unit_ids[i];
        if unit.supplies < MOVE_SUPPLY_COST {
            log.push(
                LogKind::Movement,
                id,
                format!("{id} is out of supplies and halts at {:?}", pos.0),
            );
            *task = Task::Hold;
            continue;
        }
        let class = unit_move_class(unit.kind);
        let Some(&goal) = path.last() else {
            *task = Task::Hold;
            continue;
        };
        if *planned != crossings.version {
            *planned = crossings.version;
            match map.path(pos.0, goal, class, &crossings.open) {
                Some(p) => {
                    let p: Vec<_> = p.into_iter().skip(1).collect();
                    if p != *path {
                        log.push(
                            LogKind::Movement,
                            id,
                            format!("{id} re-routes: a bridge has opened or closed"),
                        );
                        *path = p;
                    }
                }
                None => {
                    log.push(
                        LogKind::Movement,
                        id,
                        format!("{id} halts at {:?}: no route to {goal:?} now", pos.0),
                    );
                    *task = Task::Hold;
                    continue;
                }
            }
        }
        let start = pos.0;
        let mut points = unit.movement;
        let mut steps = 0;
        while let Some(&next) = path.first() {
            let Some(cost) = map.step_cost(pos.0, next, class, &crossings.open) else {
                break;
            };
            // A unit always makes at least one step per turn, however rough the ground.
            if cost > points && steps > 0 {
                break;
            }
            points = points.saturating_sub(cost);
            pos.0 = next;
            path.remove(0);
            steps += 1;
        }
        if steps > 0 {
            effort.set(i, Effort::Moved { order: *order });
            unit.supplies = (unit.supplies - MOVE_SUPPLY_COST).max(0.0);
        }
        if path.is_empty() {
            log.push(LogKind::Movement, id, format!("{id} reaches {:?}", pos.0));
            *task = Task::Hold;
        } else {
            log.push(
                LogKind::Movement,
                id,
                format!(
                    "{id} moves {start:?} → {:?}, {} hexes to go",
                    pos.0,
                    path.len()
                ),
            );
        }
    }
}
