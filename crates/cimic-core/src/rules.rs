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
        UnitKind::Engineer => &[Repair, CommunityProject, Assess],
        UnitKind::Medical => &[Medical, Aid, Assess, Handover],
        UnitKind::Logistics => &[Aid, Escort, Handover],
        UnitKind::MilitaryPolice => &[Patrol, Secure, Escort, SupportAuthority],
        UnitKind::CimicTeam => &[Liaise, Assess, SupportAuthority, CommunityProject],
        UnitKind::Aviation => &[Aid, Assess, Medical, Handover],
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

/// Reach (hexes) of an adversary's sabotage (docs/rules.md §6): the adversary phase draws
/// within it, the efficiency score and the policies guard sites within it.
pub const SABOTAGE_RANGE: u32 = 3;

/// Share of disinformation's effect an information campaign running in the district takes
/// away, whether the disinformation comes from an adversary or from an inject.
pub const CAMPAIGN_COUNTER: f32 = 0.5;

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

/// Supplies one turn of an activity consumes (docs/rules.md, "Force activities").
pub fn activity_supply_cost(a: &crate::sim::components::Activity) -> f32 {
    use crate::sim::components::Activity::*;
    match a {
        Aid { .. } => 5.0,
        Medical { .. } => 4.0,
        CommunityProject { .. } => 4.0,
        Escort { .. } | Patrol { .. } | SupportAuthority { .. } | Secure { .. } => 2.0,
        Engage { .. } => 6.0,
        Liaise { .. } | Meeting { .. } | Assess { .. } | InfoCampaign { .. } | Handover { .. } => {
            1.0
        }
        Resupply { .. } => 0.0,
    }
}

/// Supplies (percent of a load) a turn of host-nation support refills, up to a full load
/// (docs/rules.md §9).
pub const RESUPPLY_AMOUNT: f32 = 40.0;
/// People whose share of local water, food and fuel one supply point takes, for a unit at full
/// strength: a company's 40-point refill is a day's water, food and fuel for 1,000 people.
pub const HNS_PEOPLE_PER_SUPPLY: f32 = 25.0;
/// The sectors host-nation support draws on: water, food and fuel (energy).
pub const HNS_SECTORS: [crate::scenario::format::Sector; 3] = [
    crate::scenario::format::Sector::Water,
    crate::scenario::format::Sector::Food,
    crate::scenario::format::Sector::Energy,
];
/// Consent lost by the people of a district whose resources the force requisitions without a
/// host-nation authority's arrangement (docs/rules.md §9).
pub const REQUISITION_CONSENT_LOSS: f32 = 0.03;

/// People a unit at full strength serves per turn of direct aid.
pub const AID_PEOPLE_PER_TURN: f32 = 3000.0;
/// People a medical unit at full strength treats per turn.
pub const MEDICAL_PEOPLE_PER_TURN: f32 = 2500.0;
/// People's security a patrolling unit at full strength covers per turn.
pub const PATROL_PEOPLE_PER_TURN: f32 = 4000.0;
/// Turns of work a community project needs.
pub const PROJECT_TURNS: u32 = 3;
/// Lasting rise of coping in the project's sector for the district's people when it is finished.
pub const PROJECT_COPING_GAIN: f32 = 0.1;

/// Security an escort adds for the escorted actor's access test in that district.
pub const ESCORT_ACCESS_BONUS: f32 = 0.3;
/// Trust gained from a liaison visit, and from a coordination meeting for each actor present.
pub const LIAISON_TRUST: f32 = 0.1;
pub const MEETING_TRUST: f32 = 0.05;
/// Acceptance a humanitarian actor loses per turn of force aid duplicating its work in a
/// district where it has access (militarised aid where civilian capacity exists).
pub const DUPLICATION_ACCEPTANCE_LOSS: f32 = 0.12;
/// Share of a force service that must have duplicated civilian delivery (served nobody new) for
/// it to fail the last-resort test. A medical team whose work mostly reached people nobody else
/// served had no comparable civilian alternative, even if part of it overlapped (a unit delivers
/// in whole teams, not to the exact gap); the overlap still costs acceptance and counts as waste.
pub const LAST_RESORT_DUPLICATED_SHARE: f32 = 0.5;
/// Acceptance a humanitarian actor loses per turn of force aid that fills a gap in its sector and
/// district (no duplication) without the force having coordinated with it: blurring the line
/// between military and humanitarian work (OCHA/UN-CMCoord: military assets on request, through
/// humanitarian coordination).
pub const UNCOORDINATED_AID_ACCEPTANCE_LOSS: f32 = 0.03;
/// Acceptance lost per turn of armed escort when the actor had access without it (not a last resort),
/// and when it had none (a last resort).
pub const ESCORT_ACCEPTANCE_LOSS: f32 = 0.1;
pub const LAST_RESORT_ESCORT_ACCEPTANCE_LOSS: f32 = 0.02;
/// Acceptance regained per turn without such incidents.
pub const ACCEPTANCE_RECOVERY: f32 = 0.02;
/// Below this acceptance a humanitarian actor suspends its work; below the second it withdraws.
pub const SUSPEND_BELOW: f32 = 0.5;
pub const WITHDRAW_BELOW: f32 = 0.25;
/// Capacity a supported host-nation authority gains per turn, as a share of its starting capacity,
/// up to [`MAX_SUPPORTED_CAPACITY`] times that capacity.
pub const SUPPORT_CAPACITY_GAIN: f32 = 0.1;
pub const MAX_SUPPORTED_CAPACITY: f32 = 2.0;

/// People's worth of service an actor can still take on (docs/rules.md §9): support and
/// hand-overs both stop at [`MAX_SUPPORTED_CAPACITY`] times its starting capacity. Zero or below:
/// no room. The one formula the rules, the scores and the policies read.
pub fn room_to_absorb(capacity: u32, base_capacity: u32) -> f32 {
    MAX_SUPPORTED_CAPACITY * base_capacity as f32 - capacity as f32
}
/// Turns after a liaison visit or coordination meeting during which an actor that coordinates
/// with the force (stance coordination or cooperation) works around the force's own delivery.
pub const COORDINATION_MEMORY: u32 = 3;
/// Trust above which an actor shares what it knows of the districts it works in.
pub const SHARING_TRUST: f32 = 0.6;
/// Trust thresholds for the stance spectrum: coordination from the first, cooperation from the second.
pub const COORDINATION_TRUST: f32 = 0.4;
pub const COOPERATION_TRUST: f32 = 0.7;

/// Whether an actor can take a service over from the force (docs/rules.md §9): it has the
/// sector in its mandate, or it is a host-nation authority the force has supported (its capacity
/// has grown above what it started with). A hand-over to anyone else would only end the service.
pub fn can_receive(
    kind: crate::scenario::format::ActorKind,
    mandate: &[Sector],
    capacity: u32,
    base_capacity: u32,
    sector: Sector,
) -> bool {
    mandate.contains(&sector) || (is_host_nation_authority(kind) && capacity > base_capacity)
}

/// A host-nation authority: a ministry or a local authority, which can take services over from
/// the force once supported, and arranges host-nation support (docs/rules.md §9).
pub fn is_host_nation_authority(kind: crate::scenario::format::ActorKind) -> bool {
    use crate::scenario::format::ActorKind;
    matches!(
        kind,
        ActorKind::HostNationMinistry | ActorKind::LocalAuthority
    )
}

/// Whether an actor arranges host-nation support where it works: an active host-nation
/// authority at coordination or closer (docs/rules.md §9). The rule and the built-in policy's
/// foresight of it both ask this.
pub fn arranges_host_nation_support(
    kind: crate::scenario::format::ActorKind,
    status: crate::sim::components::ActorStatus,
    stance: crate::scenario::format::Stance,
) -> bool {
    is_host_nation_authority(kind)
        && status == crate::sim::components::ActorStatus::Active
        && stance >= crate::scenario::format::Stance::Coordination
}

/// Whether an actor provides sector `s` in district `d`: its own mandate has the sector, or it
/// took the force's service in that sector over there (`granted`: district and sector of each
/// hand-over outside its own mandate). A sector held only by hand-overs is provided only where
/// it was handed over (rules version 12): one read for the impartiality rule and the policies'
/// last-resort test.
pub fn provides<D: PartialEq>(
    mandate: &[crate::scenario::format::Sector],
    granted: &[(D, crate::scenario::format::Sector)],
    d: &D,
    s: crate::scenario::format::Sector,
) -> bool {
    if granted.iter().any(|g| g.1 == s) {
        granted.iter().any(|g| &g.0 == d && g.1 == s)
    } else {
        mandate.contains(&s)
    }
}
