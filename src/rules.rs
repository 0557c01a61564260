//! The rule tables: numbers a trainer can look up in docs/rules.md. Kept in one place so that the
//! simulation, validation and the docs agree.

use crate::map::MoveClass;
use crate::scenario::format::{Capability, InfraKind, Sector, UnitKind, UnitSpec};

/// Movement points a unit of this type has per turn (docs/rules.md, "Movement").
pub fn movement_points(kind: UnitKind) -> u32 {
    match kind {
        UnitKind::Infantry | UnitKind::Irregular => 6,
        UnitKind::Mechanised => 12,
        UnitKind::Logistics => 10,
        UnitKind::Aviation => 20,
        UnitKind::Engineer
        | UnitKind::Medical
        | UnitKind::MilitaryPolice
        | UnitKind::CimicTeam
        | UnitKind::InfoOps => 8,
    }
}

/// Whether the unit moves over the ground or flies.
pub fn unit_move_class(kind: UnitKind) -> MoveClass {
    if kind == UnitKind::Aviation {
        MoveClass::Air
    } else {
        MoveClass::Ground
    }
}

/// Capabilities a unit type has unless the scenario overrides them.
pub fn default_capabilities(kind: UnitKind) -> Vec<Capability> {
    use Capability::*;
    let mut caps = vec![Move];
    caps.extend_from_slice(match kind {
        UnitKind::Infantry => &[Patrol, Secure, Engage, Escort, Assess][..],
        UnitKind::Mechanised => &[Patrol, Secure, Engage, Escort],
        UnitKind::Engineer => &[Repair, CommunityProject, Handover, Assess],
        UnitKind::Medical => &[Medical, Aid, Assess],
        UnitKind::Logistics => &[Aid, Escort],
        UnitKind::MilitaryPolice => &[Patrol, Secure, Escort, SupportAuthority],
        UnitKind::CimicTeam => &[Liaise, Assess, SupportAuthority, CommunityProject, Handover],
        UnitKind::Aviation => &[Aid, Assess, Medical],
        UnitKind::InfoOps => &[InfoCampaign, Assess],
        UnitKind::Irregular => &[Engage],
    });
    caps
}

/// The unit's capabilities: the scenario's list if given, else its type's defaults.
pub fn unit_capabilities(u: &UnitSpec) -> Vec<Capability> {
    u.capabilities
        .clone()
        .unwrap_or_else(|| default_capabilities(u.kind))
}

/// The sector an infrastructure type serves, if any.
pub fn infra_sector(kind: InfraKind) -> Option<Sector> {
    match kind {
        InfraKind::PowerPlant => Some(Sector::Energy),
        InfraKind::WaterPlant => Some(Sector::Water),
        InfraKind::Hospital | InfraKind::Clinic => Some(Sector::Health),
        InfraKind::Market | InfraKind::Warehouse | InfraKind::Port => Some(Sector::Food),
        InfraKind::Telecom => Some(Sector::Communications),
        InfraKind::PoliceStation => Some(Sector::Security),
        InfraKind::IdpCamp | InfraKind::School => Some(Sector::Shelter),
        InfraKind::Bridge
        | InfraKind::GovernmentOffice
        | InfraKind::CulturalSite
        | InfraKind::ReligiousSite => None,
    }
}

/// Condition lost per turn without maintenance, unless the scenario sets `decay`.
pub fn default_decay(kind: InfraKind) -> f32 {
    match kind {
        InfraKind::PowerPlant | InfraKind::WaterPlant | InfraKind::Telecom => 0.01,
        InfraKind::Hospital | InfraKind::Clinic | InfraKind::IdpCamp => 0.01,
        InfraKind::Bridge | InfraKind::Port => 0.005,
        _ => 0.002,
    }
}

/// Below this condition a site does not function at all (docs/rules.md, "Infrastructure").
pub const MIN_WORKING_CONDITION: f32 = 0.2;

/// A bridge carries traffic when its functioning is at least this.
pub const BRIDGE_OPEN_AT: f32 = 0.5;

/// Condition an engineer unit at full strength restores per turn of repair work.
pub const REPAIR_PER_TURN: f32 = 0.25;

/// Supplies (percent of a load) one turn of repair work consumes.
pub const REPAIR_SUPPLY_COST: f32 = 4.0;

/// Supplies one turn of movement consumes.
pub const MOVE_SUPPLY_COST: f32 = 1.0;

/// Share of the gap between current and delivered satisfaction closed each turn: household
/// stocks buffer a shortfall for a few days, and recovery takes as long.
pub const NEEDS_ADJUST_RATE: f32 = 0.5;
