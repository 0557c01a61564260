//! The order vocabulary and its check against the present state. An order that fails a check is
//! rejected with a reason a trainee can act on, and changes nothing.

use crate::map::distance;
use crate::rules::{MOVE_SUPPLY_COST, REPAIR_SUPPLY_COST, unit_move_class};
use crate::scenario::diag::{FileError, Problem, did_you_mean};
use crate::scenario::format::{Capability, HexPos, Scenario, SideRole};
use crate::sim::components::{Crossings, Infrastructure, Map, Position, Roster, Unit};
use bevy::prelude::World;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::Path;

/// A decision for one unit, applied at the start of the next turn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Order {
    /// Move to a hex by the cheapest route; takes as many turns as the route needs.
    Move { unit: String, to: HexPos },
    /// Repair an infrastructure site from its hex or a neighbouring one, turn after turn until intact.
    Repair { unit: String, target: String },
    /// Stop and stay.
    Hold { unit: String },
}

impl Order {
    /// The unit the order is for.
    pub fn unit(&self) -> &str {
        match self {
            Order::Move { unit, .. } | Order::Repair { unit, .. } | Order::Hold { unit } => unit,
        }
    }

    /// Short verb for logs.
    pub fn verb(&self) -> &'static str {
        match self {
            Order::Move { .. } => "move",
            Order::Repair { .. } => "repair",
            Order::Hold { .. } => "hold",
        }
    }
}

/// Why an order was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    UnknownUnit { suggestion: Option<String> },
    NotCommanded { side: String },
    NoStrength,
    Incapable(Capability),
    OffMap(HexPos),
    CannotStand(HexPos),
    Unreachable(HexPos),
    UnknownTarget { suggestion: Option<String> },
    TooFar { distance: u32 },
    AlreadyIntact,
    NoSupplies { has: f32, needs: f32 },
    GameOver,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::UnknownUnit { suggestion } => {
                write!(f, "no such unit")?;
                if let Some(s) = suggestion {
                    write!(f, " (did you mean `{s}`?)")?;
                }
                Ok(())
            }
            Reason::NotCommanded { side } => {
                write!(
                    f,
                    "the unit belongs to side `{side}`, which the players do not command"
                )
            }
            Reason::NoStrength => write!(f, "the unit has no strength left"),
            Reason::Incapable(c) => write!(f, "the unit has no {c:?} capability"),
            Reason::OffMap((c, r)) => write!(f, "({c}, {r}) is outside the map"),
            Reason::CannotStand((c, r)) => {
                write!(
                    f,
                    "({c}, {r}) cannot be entered (water, or a river with no working bridge)"
                )
            }
            Reason::Unreachable((c, r)) => {
                write!(
                    f,
                    "no route to ({c}, {r}) now (rivers are crossed only at working bridges)"
                )
            }
            Reason::UnknownTarget { suggestion } => {
                write!(f, "no such infrastructure")?;
                if let Some(s) = suggestion {
                    write!(f, " (did you mean `{s}`?)")?;
                }
                Ok(())
            }
            Reason::TooFar { distance } => write!(
                f,
                "the site is {distance} hexes away; move onto it or next to it first"
            ),
            Reason::AlreadyIntact => write!(f, "the site is already intact"),
            Reason::NoSupplies { has, needs } => {
                write!(f, "not enough supplies: has {has:.0}, needs {needs:.0}")
            }
            Reason::GameOver => write!(f, "the exercise is over"),
        }
    }
}

/// A refused order and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    pub order: Order,
    pub reason: Reason,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} order for `{}` rejected: {}",
            self.order.verb(),
            self.order.unit(),
            self.reason
        )
    }
}

impl std::error::Error for Rejection {}

/// Checks an order against the state between turns. Reads only. A move order's route, planned
/// for the check, is returned so that it need not be planned twice.
pub fn check(world: &World, order: &Order) -> Result<Option<Vec<HexPos>>, Reason> {
    let roster = world.resource::<Roster>();
    let clock = world.resource::<crate::sim::components::Clock>();
    if clock.turn >= clock.turns {
        return Err(Reason::GameOver);
    }
    let Some(ui) = roster.unit_index(order.unit()) else {
        return Err(Reason::UnknownUnit {
            suggestion: did_you_mean(order.unit(), roster.unit_ids.iter().map(String::as_str)),
        });
    };
    let entity = roster.units[ui];
    let (Some(unit), Some(pos)) = (world.get::<Unit>(entity), world.get::<Position>(entity)) else {
        return Err(Reason::UnknownUnit { suggestion: None });
    };
    if unit.role != SideRole::Force {
        return Err(Reason::NotCommanded {
            side: unit.side.clone(),
        });
    }
    if matches!(order, Order::Hold { .. }) {
        return Ok(None);
    }
    if unit.strength <= 0.0 {
        return Err(Reason::NoStrength);
    }
    let map = &world.resource::<Map>().0;
    let crossings = &world.resource::<Crossings>().open;
    match order {
        Order::Hold { .. } => Ok(None),
        Order::Move { to, .. } => {
            need(unit, Capability::Move)?;
            need_supplies(unit, MOVE_SUPPLY_COST)?;
            if map.index(*to).is_none() {
                return Err(Reason::OffMap(*to));
            }
            let class = unit_move_class(unit.kind);
            if !map.passable(*to, class, crossings) {
                return Err(Reason::CannotStand(*to));
            }
            map.path(pos.0, *to, class, crossings)
                .map(Some)
                .ok_or(Reason::Unreachable(*to))
        }
        Order::Repair { target, .. } => {
            need(unit, Capability::Repair)?;
            let Some(ti) = roster.infra_index(target) else {
                return Err(Reason::UnknownTarget {
                    suggestion: did_you_mean(target, roster.infra_ids.iter().map(String::as_str)),
                });
            };
            let Some(site) = world.get::<Infrastructure>(roster.infrastructure[ti]) else {
                return Err(Reason::UnknownTarget { suggestion: None });
            };
            let d = distance(pos.0, site.hex);
            if d > 1 {
                return Err(Reason::TooFar { distance: d });
            }
            if site.condition >= 1.0 {
                return Err(Reason::AlreadyIntact);
            }
            need_supplies(unit, REPAIR_SUPPLY_COST).map(|()| None)
        }
    }
}

fn need(unit: &Unit, c: Capability) -> Result<(), Reason> {
    if unit.capabilities.contains(&c) {
        Ok(())
    } else {
        Err(Reason::Incapable(c))
    }
}

fn need_supplies(unit: &Unit, cost: f32) -> Result<(), Reason> {
    if unit.supplies >= cost {
        Ok(())
    } else {
        Err(Reason::NoSupplies {
            has: unit.supplies,
            needs: cost,
        })
    }
}

/// The orders given for one turn in an orders file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TurnOrders {
    /// The turn the orders are for (1 = the first turn played).
    pub turn: u32,
    pub orders: Vec<Order>,
}

/// Loads an orders file (docs/orders-format.md) and checks it against the scenario: turns inside
/// the exercise and units that exist. Whether each order is possible is decided when it is submitted.
pub fn load_orders(path: &Path, scenario: &Scenario) -> Result<Vec<TurnOrders>, FileError> {
    let name = path.display().to_string();
    let text = crate::scenario::load::read_text(path)?;
    parse_orders(&name, &text, scenario)
}

/// Parses and checks orders-file text; `name` is used in messages as the file name.
pub fn parse_orders(
    name: &str,
    text: &str,
    scenario: &Scenario,
) -> Result<Vec<TurnOrders>, FileError> {
    let turns: Vec<TurnOrders> =
        crate::scenario::load::parse_ron(name, text, "docs/orders-format.md")?;
    let mut problems = Vec::new();
    let ids: Vec<&str> = scenario.units.iter().map(|u| u.id.as_str()).collect();
    for (i, t) in turns.iter().enumerate() {
        if t.turn == 0 || t.turn > scenario.meta.turns {
            problems.push(
                Problem::at(
                    format!("[{i}].turn"),
                    format!("turn {} is not in the exercise", t.turn),
                )
                .hint(format!("use a turn from 1 to {}", scenario.meta.turns)),
            );
        }
        for (j, o) in t.orders.iter().enumerate() {
            if !ids.contains(&o.unit()) {
                let hint = match did_you_mean(o.unit(), ids.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("units in this scenario: {}", ids.join(", ")),
                };
                problems.push(
                    Problem::at(
                        format!("[{i}].orders[{j}].unit"),
                        format!("unknown unit `{}`", o.unit()),
                    )
                    .hint(hint),
                );
            }
        }
    }
    if problems.is_empty() {
        Ok(turns)
    } else {
        Err(crate::scenario::load::locate(name, text, problems))
    }
}
