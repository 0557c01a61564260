//! Why an order is refused, in words a trainee can act on.

use super::order::Order;
use crate::scenario::format::{Capability, HexPos, Sector};
use std::fmt;

/// Why an order was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    UnknownUnit {
        suggestion: Option<String>,
    },
    NotCommanded {
        side: String,
    },
    NoStrength,
    Incapable(Capability),
    OffMap(HexPos),
    CannotStand(HexPos),
    Unreachable(HexPos),
    UnknownTarget {
        suggestion: Option<String>,
    },
    UnknownDistrict {
        suggestion: Option<String>,
    },
    UnknownActor {
        suggestion: Option<String>,
    },
    TooFar {
        distance: u32,
    },
    AlreadyIntact,
    SuppliesFull,
    NotInDistrict {
        district: String,
    },
    ActorNotThere {
        actor: String,
        district: String,
    },
    ActorGone {
        actor: String,
    },
    ActorAbsent {
        actor: String,
    },
    NotHostNation {
        actor: String,
    },
    NothingToHandOver,
    CannotReceive {
        actor: String,
        sector: Sector,
    },
    NotHostile {
        unit: String,
    },
    OutOfReach {
        distance: u32,
    },
    PromiseOutOfReach {
        earliest: u32,
        latest: u32,
    },
    NoSupplies {
        has: f32,
        needs: f32,
    },
    GameOver,
    /// The turn already holds the most orders a record may keep for it (docs/reliability.md):
    /// `limit` is four per unit of the force, plus 16.
    TooManyOrders {
        limit: u64,
    },
}

fn suggest(f: &mut fmt::Formatter<'_>, what: &str, suggestion: &Option<String>) -> fmt::Result {
    write!(f, "no such {what}")?;
    if let Some(s) = suggestion {
        write!(f, " (did you mean `{s}`?)")?;
    }
    Ok(())
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::UnknownUnit { suggestion } => suggest(f, "unit", suggestion),
            Reason::UnknownTarget { suggestion } => suggest(f, "infrastructure", suggestion),
            Reason::UnknownDistrict { suggestion } => suggest(f, "district", suggestion),
            Reason::UnknownActor { suggestion } => suggest(f, "actor", suggestion),
            Reason::NotCommanded { side } => write!(
                f,
                "the unit belongs to side `{side}`, which the players do not command"
            ),
            Reason::NoStrength => write!(f, "the unit has no strength left"),
            Reason::Incapable(c) => write!(f, "the unit has no {c} capability"),
            Reason::OffMap((c, r)) => write!(f, "({c}, {r}) is outside the map"),
            Reason::CannotStand((c, r)) => write!(
                f,
                "({c}, {r}) cannot be entered (water, or a river with no working bridge)"
            ),
            Reason::Unreachable((c, r)) => write!(
                f,
                "no route to ({c}, {r}) now (rivers are crossed only at working bridges)"
            ),
            Reason::TooFar { distance } => write!(
                f,
                "the site is {distance} hexes away; move onto it or next to it first"
            ),
            Reason::AlreadyIntact => write!(f, "the site is already intact"),
            Reason::SuppliesFull => write!(
                f,
                "the unit's supplies are full; host-nation support would take from the population for nothing"
            ),
            Reason::NotInDistrict { district } => {
                write!(
                    f,
                    "the unit is not in district `{district}`; move there first"
                )
            }
            Reason::ActorNotThere { actor, district } => write!(
                f,
                "`{actor}` does not work in district `{district}`; meet it where it operates"
            ),
            Reason::ActorAbsent { actor } => {
                write!(f, "`{actor}` has not arrived in the operation yet")
            }
            Reason::ActorGone { actor } => {
                write!(f, "`{actor}` has withdrawn from the operation")
            }
            Reason::NotHostNation { actor } => write!(
                f,
                "`{actor}` is not a host-nation authority (ministry, local authority or police)"
            ),
            Reason::NotHostile { unit } => write!(
                f,
                "`{unit}` is not an adversary unit in the fight (or is already neutralised)"
            ),
            Reason::OutOfReach { distance } => write!(
                f,
                "the target is {distance} hexes away; engagements are at 1 hex at most"
            ),
            Reason::NothingToHandOver => write!(
                f,
                "the unit is running no aid or medical service to hand over"
            ),
            Reason::CannotReceive { actor, sector } => write!(
                f,
                "{actor} cannot take a {} service over: it has no {} mandate and is not a host-nation authority the force has supported; hand over to an actor with the mandate, or support the authority first",
                sector.name(),
                sector.name()
            ),
            Reason::PromiseOutOfReach { earliest, latest } => write!(
                f,
                "a project can be promised for turn {earliest} at the earliest and {latest} at the latest"
            ),
            Reason::NoSupplies { has, needs } => {
                write!(f, "not enough supplies: has {has:.0}, needs {needs:.0}")
            }
            Reason::GameOver => write!(f, "the exercise is over"),
            Reason::TooManyOrders { limit } => write!(
                f,
                "this turn already holds {limit} orders, the most a turn may record (four per unit of the force, plus 16); play the turn and give the rest next turn"
            ),
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
            crate::names::clipped(self.order.unit(), 80),
            self.reason
        )
    }
}

impl std::error::Error for Rejection {}
