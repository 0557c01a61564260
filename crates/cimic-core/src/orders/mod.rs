//! The order vocabulary and its check against the present state. An order that fails a check is
//! rejected with a reason a trainee can act on, and changes nothing.

use crate::scenario::diag::{FileError, Problem, did_you_mean};
use crate::scenario::format::{Capability, HexPos, Scenario, Sector};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::Path;

mod check;
pub use check::check;

/// A decision for one unit, applied at the start of the next turn. The vocabulary follows the
/// three CIMIC functions (MC 411/2: civil-military liaison, support to the force, support to the
/// civil environment) plus the military tasks that create civil effects. docs/orders-format.md
/// gives each order's conditions and cost; docs/rules.md its effects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Order {
    /// Move to a hex by the cheapest route; takes as many turns as the route needs.
    Move { unit: String, to: HexPos },
    /// Repair an infrastructure site from its hex or a neighbouring one, turn after turn until intact.
    Repair { unit: String, target: String },
    /// Deliver aid in one sector to the district the unit stands in, every turn until told otherwise.
    ProvideAid {
        unit: String,
        district: String,
        sector: Sector,
    },
    /// Medical support to the district's population every turn (health, fewer deaths).
    MedicalSupport { unit: String, district: String },
    /// Escort an actor's convoys in the district: opens access where security alone would not.
    Escort {
        unit: String,
        actor: String,
        district: String,
    },
    /// Meet an actor that works in the unit's district (one turn): trust, and what it knows.
    Liaise { unit: String, actor: String },
    /// Host a coordination meeting for every actor in the district (one turn).
    CoordinationMeeting { unit: String, district: String },
    /// Assess the district's civil situation (one turn): refreshes the force's picture.
    Assess { unit: String, district: String },
    /// Support a host-nation authority working in the unit's district, every turn.
    SupportAuthority { unit: String, actor: String },
    /// Patrol the district every turn: security, and a presence people notice.
    Patrol { unit: String, district: String },
    /// Explain the mission to the district's people every turn; counters disinformation.
    InformationCampaign { unit: String, district: String },
    /// Build something the community asked for in one sector, promised done by `complete_by`.
    CommunityProject {
        unit: String,
        district: String,
        sector: Sector,
        complete_by: u32,
    },
    /// Hand the aid or medical service the unit is running over to a civilian actor working in
    /// the district (one turn): the actor takes it on, the unit is free. Transition to civilian
    /// ownership.
    Handover { unit: String, actor: String },
    /// Guard a site (on or next to it) against sabotage, every turn.
    SecureSite { unit: String, target: String },
    /// Fight an adversary unit on or next to the unit's hex, every turn until it is neutralised.
    /// Collateral harm to civilians grows with population density and urban ground.
    Engage { unit: String, target: String },
    /// Stop and stay.
    Hold { unit: String },
}

impl Order {
    /// The unit the order is for.
    pub fn unit(&self) -> &str {
        match self {
            Order::Move { unit, .. }
            | Order::Repair { unit, .. }
            | Order::ProvideAid { unit, .. }
            | Order::MedicalSupport { unit, .. }
            | Order::Escort { unit, .. }
            | Order::Liaise { unit, .. }
            | Order::CoordinationMeeting { unit, .. }
            | Order::Assess { unit, .. }
            | Order::SupportAuthority { unit, .. }
            | Order::Patrol { unit, .. }
            | Order::InformationCampaign { unit, .. }
            | Order::CommunityProject { unit, .. }
            | Order::Handover { unit, .. }
            | Order::SecureSite { unit, .. }
            | Order::Engage { unit, .. }
            | Order::Hold { unit } => unit,
        }
    }

    /// Short verb for logs.
    pub fn verb(&self) -> &'static str {
        match self {
            Order::Move { .. } => "move",
            Order::Repair { .. } => "repair",
            Order::ProvideAid { .. } => "provide aid",
            Order::MedicalSupport { .. } => "medical support",
            Order::Escort { .. } => "escort",
            Order::Liaise { .. } => "liaise",
            Order::CoordinationMeeting { .. } => "coordination meeting",
            Order::Assess { .. } => "assess",
            Order::SupportAuthority { .. } => "support local authority",
            Order::Patrol { .. } => "patrol",
            Order::InformationCampaign { .. } => "information campaign",
            Order::CommunityProject { .. } => "community project",
            Order::Handover { .. } => "hand over",
            Order::SecureSite { .. } => "secure site",
            Order::Engage { .. } => "engage",
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
    UnknownDistrict { suggestion: Option<String> },
    UnknownActor { suggestion: Option<String> },
    TooFar { distance: u32 },
    AlreadyIntact,
    NotInDistrict { district: String },
    ActorNotThere { actor: String, district: String },
    ActorGone { actor: String },
    ActorAbsent { actor: String },
    NotHostNation { actor: String },
    NothingToHandOver,
    NotHostile { unit: String },
    OutOfReach { distance: u32 },
    PromiseOutOfReach { earliest: u32, latest: u32 },
    NoSupplies { has: f32, needs: f32 },
    GameOver,
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
            Reason::PromiseOutOfReach { earliest, latest } => write!(
                f,
                "a project can be promised for turn {earliest} at the earliest and {latest} at the latest"
            ),
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
