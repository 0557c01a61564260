//! From "what a unit should do" to the order for this turn. A policy decides on a [`Job`] (an
//! order and where the unit must stand for it); [`Orders::give`] either gives the order, moves the
//! unit toward a place where the order will be accepted, or gives nothing because the unit is
//! already doing it (a new order would replace its task, and a move would be planned again).
//! It also checks what `src/orders/check.rs` will check, so that policies seldom see a rejection.

use super::situation::Situation;
use crate::map::{MoveClass, distance};
use crate::orders::Order;
use crate::rules::unit_move_class;
use crate::scenario::format::Capability;
use crate::sim::{TaskView, UnitView};
use std::collections::BTreeMap;

/// Where a unit must stand for its order to be accepted.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Place {
    /// In this district.
    District(usize),
    /// On this hex or next to it.
    Near((i32, i32)),
}

/// An order and where the unit must be to give it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Job {
    /// The order to give once the unit stands where it is accepted.
    pub order: Order,
    /// Where that is.
    pub place: Place,
}

/// The orders of one turn, and what the policy remembers of the orders it gave before.
#[derive(Debug, Default, Clone)]
pub(crate) struct Orders {
    /// The last order given to each unit, and the turn it was given for.
    pub given: BTreeMap<String, (u32, Order)>,
    /// The order each unit is working toward (it may still be moving to where it can be given).
    pub intent: BTreeMap<String, Order>,
    /// This turn's orders, in the order given.
    pub out: Vec<Order>,
    /// Room this turn's hand-overs already claim in each receiving actor (people), so that two
    /// units do not hand services to an owner with room for one.
    pub claimed_room: BTreeMap<String, f32>,
}

impl Orders {
    /// Starts a new turn's list (the memory stays).
    pub fn begin(&mut self) {
        self.out.clear();
        self.claimed_room.clear();
    }

    /// Whether the unit stands where the job can be ordered.
    pub fn at_place(sit: &Situation, unit: &UnitView, place: &Place) -> bool {
        match place {
            Place::District(d) => sit.district_at(unit.position) == Some(*d),
            Place::Near(hex) => distance(unit.position, *hex) <= 1,
        }
    }

    /// Whether the unit is already carrying out this very order (so giving it again would only
    /// restart it).
    pub fn ongoing(&self, unit: &UnitView, order: &Order) -> bool {
        let same = self.given.get(&unit.id).is_some_and(|(_, o)| o == order);
        same && unit.task.is_from(order)
    }

    /// The hex the unit is moving to, if it is on the move.
    pub fn moving_to(unit: &UnitView) -> Option<(i32, i32)> {
        match unit.task {
            TaskView::Move { to } => to,
            _ => None,
        }
    }

    /// Gives the job's order if the unit stands in the right place, else moves it there (by the
    /// cheapest way to any suitable hex). Returns whether an order was given or is running.
    pub fn give(&mut self, sit: &Situation, unit: &UnitView, job: &Job) -> bool {
        if !can(unit, &job.order) {
            return false;
        }
        let ok = self.give_inner(sit, unit, job);
        if ok {
            self.intent.insert(unit.id.clone(), job.order.clone());
        }
        ok
    }

    fn give_inner(&mut self, sit: &Situation, unit: &UnitView, job: &Job) -> bool {
        if Self::at_place(sit, unit, &job.place) {
            if self.ongoing(unit, &job.order) {
                return true;
            }
            return self.push(sit, unit, job.order.clone());
        }
        if let Some(to) = Self::moving_to(unit) {
            let fake = UnitView {
                position: to,
                ..unit.clone()
            };
            if Self::at_place(sit, &fake, &job.place) {
                return true;
            }
        }
        match Self::route(sit, unit, &job.place) {
            // Waiting behind a bridge about to open, or already on the way there.
            Some(to) if to == unit.position || Self::moving_to(unit) == Some(to) => true,
            Some(to) => self.push(
                sit,
                unit,
                Order::Move {
                    unit: unit.id.clone(),
                    to,
                },
            ),
            None => false,
        }
    }

    /// Where to move for a place: the cheapest hex that satisfies it.
    pub fn route(sit: &Situation, unit: &UnitView, place: &Place) -> Option<(i32, i32)> {
        let costs = sit.costs(unit);
        let found = match place {
            Place::District(d) => sit.stand_in(&costs, *d, unit_move_class(unit.kind)),
            Place::Near(hex) => sit.stand_near(&costs, *hex),
        };
        found.and_then(|(i, _)| sit.waypoint(unit, i))
    }

    /// Adds an order to this turn's list if the unit can pay for it, and remembers it.
    pub fn push(&mut self, sit: &Situation, unit: &UnitView, order: Order) -> bool {
        if unit.supplies < supply_cost(&order) || !can(unit, &order) {
            return false;
        }
        if let Order::Move { to, .. } = &order
            && (unit.position == *to
                || (unit_move_class(unit.kind) == MoveClass::Ground
                    && sit.map.index(*to).is_none()))
        {
            return false;
        }
        self.given
            .insert(unit.id.clone(), (sit.turn, order.clone()));
        self.out.push(order);
        true
    }

    /// Orders the unit to hold, unless it already holds.
    pub fn hold(&mut self, sit: &Situation, unit: &UnitView) {
        if unit.task != TaskView::Hold {
            self.push(
                sit,
                unit,
                Order::Hold {
                    unit: unit.id.clone(),
                },
            );
        }
    }
}

/// Whether the unit has the capability the order needs.
pub(crate) fn can(unit: &UnitView, order: &Order) -> bool {
    match capability(order) {
        None => true,
        Some(c) => unit.capabilities.contains(&c),
    }
}

/// The capability an order needs (`None` for `Hold`): the rule table of `orders::facts`.
pub(crate) fn capability(order: &Order) -> Option<Capability> {
    order.kind().capability()
}

/// Supplies one turn of the order costs: the rule table of `orders::facts`.
pub(crate) fn supply_cost(order: &Order) -> f32 {
    match order.kind().supply_cost() {
        crate::orders::facts::SupplyCost::Free => 0.0,
        crate::orders::facts::SupplyCost::Once(n)
        | crate::orders::facts::SupplyCost::PerTurn(n) => n,
    }
}
