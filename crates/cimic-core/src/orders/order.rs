//! The order vocabulary: what the players (or a policy) can tell a unit to do. Below the checks
//! and the rule facts, which both read it.

use crate::scenario::format::{HexPos, Sector};
use serde::{Deserialize, Serialize};

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
    /// Draw on host-nation support (one turn): the unit refills its supplies from the local
    /// fuel, water and food of the district it stands in, in competition with the population
    /// unless a host-nation authority there arranges it (MC 411/2 §21).
    Resupply { unit: String, district: String },
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
            | Order::Resupply { unit, .. }
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
            Order::Resupply { .. } => "resupply",
            Order::Hold { .. } => "hold",
        }
    }

    /// One line saying what the order does, for people: lists, logs and feedback.
    pub fn summary(&self) -> String {
        match self {
            Order::Move { to, .. } => format!("move to ({}, {})", to.0, to.1),
            Order::Repair { target, .. } => format!("repair {target}"),
            Order::ProvideAid {
                district, sector, ..
            } => format!("provide {} aid in {district}", sector.name()),
            Order::MedicalSupport { district, .. } => format!("medical support in {district}"),
            Order::Escort {
                actor, district, ..
            } => format!("escort {actor} in {district}"),
            Order::Liaise { actor, .. } => format!("liaise with {actor}"),
            Order::CoordinationMeeting { district, .. } => {
                format!("coordination meeting in {district}")
            }
            Order::Assess { district, .. } => format!("assess {district}"),
            Order::SupportAuthority { actor, .. } => format!("support {actor}"),
            Order::Patrol { district, .. } => format!("patrol {district}"),
            Order::InformationCampaign { district, .. } => {
                format!("information campaign in {district}")
            }
            Order::CommunityProject {
                district,
                sector,
                complete_by,
                ..
            } => format!(
                "community project ({}) in {district}, done by turn {complete_by}",
                sector.name()
            ),
            Order::Handover { actor, .. } => format!("hand over to {actor}"),
            Order::Resupply { district, .. } => {
                format!("draw on host-nation support in {district}")
            }
            Order::SecureSite { target, .. } => format!("secure {target}"),
            Order::Engage { target, .. } => format!("engage {target}"),
            Order::Hold { .. } => "hold".into(),
        }
    }
}
