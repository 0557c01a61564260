//! Turn phase (order in `turn_schedule`): repair work, decay, then functioning through the dependency chain (a water plant
//! without power stops; a hospital without water stops), and which bridges carry traffic.

use super::components::{Crossings, Infrastructure, Map, Position, Roster, Task, Unit};
use super::report::{LogKind, TurnLog};
use super::scoring::efficiency::{Effort, UnitEffort};
use crate::map::distance;
use crate::rules::{BRIDGE_OPEN_AT, MIN_WORKING_CONDITION, REPAIR_PER_TURN, REPAIR_SUPPLY_COST};
use crate::scenario::format::InfraKind;
use bevy::prelude::{Query, Res, ResMut};

/// Engineers at or next to their site restore condition; sites nobody works on decay.
pub fn repair_and_decay(
    roster: Res<Roster>,
    mut log: ResMut<TurnLog>,
    mut effort: ResMut<UnitEffort>,
    mut units: Query<(&mut Unit, &Position, &mut Task)>,
    mut sites: Query<&mut Infrastructure>,
) {
    let mut worked = vec![false; roster.infrastructure.len()];
    for (i, &e) in roster.units.iter().enumerate() {
        let Ok((mut unit, pos, mut task)) = units.get_mut(e) else {
            continue;
        };
        let Task::Repair { target, order } = *task else {
            continue;
        };
        let id = &roster.unit_ids[i];
        let site_id = &roster.infra_ids[target as usize];
        let Ok(mut site) = sites.get_mut(roster.infrastructure[target as usize]) else {
            continue;
        };
        if distance(pos.0, site.hex) > 1 {
            log.push(
                LogKind::Infrastructure,
                id,
                format!("{id} is no longer at {site_id}; repair stops"),
            );
            *task = Task::Hold;
            continue;
        }
        if unit.supplies < REPAIR_SUPPLY_COST {
            log.push(
                LogKind::Infrastructure,
                id,
                format!("{id} has no supplies left to repair {site_id}"),
            );
            *task = Task::Hold;
            continue;
        }
        unit.supplies -= REPAIR_SUPPLY_COST;
        effort.set(
            i,
            Effort::Repaired {
                order,
                site: target,
            },
        );
        site.condition = (site.condition + REPAIR_PER_TURN * unit.strength / 100.0).min(1.0);
        worked[target as usize] = true;
        if site.condition >= 1.0 {
            log.push(
                LogKind::Infrastructure,
                site_id,
                format!("{id} completes the repair of {site_id}"),
            );
            *task = Task::Hold;
        } else {
            log.push(
                LogKind::Infrastructure,
                site_id,
                format!(
                    "{id} repairs {site_id}: condition {:.0}%",
                    site.condition * 100.0
                ),
            );
        }
    }
    for (t, &e) in roster.infrastructure.iter().enumerate() {
        if worked[t] {
            continue;
        }
        if let Ok(mut site) = sites.get_mut(e) {
            site.condition = (site.condition - site.decay).max(0.0);
        }
    }
}

/// Turn phase (order in `turn_schedule`): recomputes functioning after repair and decay.
pub fn cascade_functioning(
    roster: Res<Roster>,
    map: Res<Map>,
    mut crossings: ResMut<Crossings>,
    mut log: ResMut<TurnLog>,
    mut sites: Query<&mut Infrastructure>,
) {
    recompute_functioning(&roster, &map, &mut crossings, &mut log, &mut sites);
}

/// Functioning = condition (nothing below the working minimum), capped by every dependency's
/// functioning, computed in dependency order; bridges open or close with it. Called whenever
/// conditions change (events, repair, decay) so that no phase sees a stale value.
pub fn recompute_functioning(
    roster: &Roster,
    map: &Map,
    crossings: &mut Crossings,
    log: &mut TurnLog,
    sites: &mut Query<&mut Infrastructure>,
) {
    let mut functioning: Vec<f32> = roster
        .infrastructure
        .iter()
        .map(|&e| sites.get(e).map_or(0.0, |s| s.functioning))
        .collect();
    for &t in &roster.infra_order {
        let t = t as usize;
        let Ok(mut site) = sites.get_mut(roster.infrastructure[t]) else {
            continue;
        };
        let own = if site.condition < MIN_WORKING_CONDITION {
            0.0
        } else {
            site.condition
        };
        let f = site
            .depends_on
            .iter()
            .map(|&d| functioning.get(d as usize).copied().unwrap_or(0.0))
            .fold(own, f32::min);
        let id = &roster.infra_ids[t];
        // Bridges report opening and closing to traffic instead (below).
        let is_bridge = site.kind == InfraKind::Bridge;
        if is_bridge {
        } else if site.functioning > 0.0 && f == 0.0 {
            log.push(LogKind::Infrastructure, id, format!("{id} stops working"));
        } else if site.functioning == 0.0 && f > 0.0 {
            log.push(
                LogKind::Infrastructure,
                id,
                format!("{id} works again ({:.0}%)", f * 100.0),
            );
        }
        site.functioning = f;
        functioning[t] = f;
        if site.kind == InfraKind::Bridge
            && let Some(h) = map.0.index(site.hex)
        {
            let open = f >= BRIDGE_OPEN_AT;
            if crossings.open[h] != open {
                let what = if open {
                    "open to traffic"
                } else {
                    "closed to traffic"
                };
                log.push(
                    LogKind::Infrastructure,
                    id,
                    format!("bridge {id} is {what}"),
                );
                crossings.open[h] = open;
                crossings.version += 1;
            }
        }
    }
}
