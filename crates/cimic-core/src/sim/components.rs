//! The simulation's state: ECS components of plain data and the resources that index them.
//!
//! Entities are always visited through [`Roster`], whose lists are sorted by the scenario's stable
//! ids; queries are only used for `get`, never iterated, so query order cannot reach game state.

use crate::map::{DistrictIdx, HexMap};
use crate::scenario::format::{
    ActorKind, Capability, InfraKind, Protection, Sector, SideRole, Stance, UnitKind,
};
use bevy::ecs::system::SystemParam;
use bevy::prelude::{Component, Entity, Res, Resource};
use std::collections::BTreeMap;

/// The scenario's id for an entity; the key of every ordering and every reference.
#[derive(Component, Debug, Clone, PartialEq, Eq)]
pub struct StableId(pub String);

/// A military unit.
#[derive(Component, Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct Unit {
    pub name: String,
    pub side: String,
    pub role: SideRole,
    pub kind: UnitKind,
    /// Percent of establishment, 0–100.
    pub strength: f32,
    /// Percent of a full load, 0–100.
    pub supplies: f32,
    pub capabilities: Vec<Capability>,
    /// Movement points per turn.
    pub movement: u32,
}

/// Where an entity stands, `(col, row)`.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct Position(pub (i32, i32));

/// What a unit is doing; persists across turns until done or replaced by a new order.
#[derive(Component, Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub enum Task {
    Hold,
    /// Walking `path` (the remaining hexes, next first) toward its last hex, planned when the
    /// crossings had version `planned`.
    Move {
        order: u32,
        path: Vec<(i32, i32)>,
        planned: u32,
    },
    /// Carrying out a CIMIC or security activity (see [`Activity`]).
    Activity {
        order: u32,
        activity: Activity,
    },
    /// Repairing the infrastructure at this roster index.
    Repair {
        order: u32,
        target: u32,
    },
}

impl Task {
    /// Stamps the id of the order that set this task.
    pub fn set_order(&mut self, id: u32) {
        match self {
            Task::Hold => {}
            Task::Move { order, .. }
            | Task::Activity { order, .. }
            | Task::Repair { order, .. } => *order = id,
        }
    }
}

/// What a unit does where it stands; districts are district indices, actors and sites roster
/// indices. Effects are applied by the phase of the rule family they belong to (docs/rules.md).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub enum Activity {
    Aid {
        district: DistrictIdx,
        sector: Sector,
    },
    Medical {
        district: DistrictIdx,
    },
    Escort {
        actor: u32,
        district: DistrictIdx,
    },
    /// Guarding a site (roster index) against sabotage.
    Secure {
        site: u32,
    },
    /// Fighting an adversary unit (roster index) within reach.
    Engage {
        target: u32,
    },
    Liaise {
        actor: u32,
    },
    Meeting {
        district: DistrictIdx,
    },
    Assess {
        district: DistrictIdx,
    },
    SupportAuthority {
        actor: u32,
    },
    Patrol {
        district: DistrictIdx,
    },
    InfoCampaign {
        district: DistrictIdx,
    },
    /// Work on the promise at this index of [`Promises`].
    CommunityProject {
        district: DistrictIdx,
        sector: Sector,
        complete_by: u32,
        promise: u32,
    },
    /// Hands the aid or medical service the unit was running to a civilian actor.
    Handover {
        actor: u32,
        district: DistrictIdx,
        sector: Sector,
        people: f32,
    },
    /// Draws supplies from the district's local resources (host-nation support, MC 411/2 §21):
    /// `drawn` supplies taken (0 until the activities phase), `arranged` when a host-nation
    /// authority there routed the draw to what people can spare (docs/rules.md §9).
    Resupply {
        district: DistrictIdx,
        drawn: f32,
        arranged: bool,
    },
}

impl Activity {
    /// Activities done in a single turn; the unit holds afterwards.
    pub fn one_turn(&self) -> bool {
        matches!(
            self,
            Activity::Liaise { .. }
                | Activity::Meeting { .. }
                | Activity::Assess { .. }
                | Activity::Handover { .. }
                | Activity::Resupply { .. }
        )
    }

    /// The district the unit must stand in, if the activity names one.
    pub fn district(&self) -> Option<DistrictIdx> {
        match *self {
            Activity::Aid { district, .. }
            | Activity::Medical { district }
            | Activity::Escort { district, .. }
            | Activity::Meeting { district }
            | Activity::Assess { district }
            | Activity::Patrol { district }
            | Activity::InfoCampaign { district }
            | Activity::CommunityProject { district, .. }
            | Activity::Handover { district, .. }
            | Activity::Resupply { district, .. } => Some(district),
            Activity::Liaise { .. }
            | Activity::SupportAuthority { .. }
            | Activity::Secure { .. }
            | Activity::Engage { .. } => None,
        }
    }
}

/// A piece of infrastructure and its present state.
#[derive(Component, Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct Infrastructure {
    pub name: String,
    pub kind: InfraKind,
    pub hex: (i32, i32),
    /// Physical condition 0–1.
    pub condition: f32,
    /// Service actually delivered 0–1: condition limited by what it depends on.
    pub functioning: f32,
    pub capacity: u32,
    pub serves: Vec<DistrictIdx>,
    /// Roster indices of the sites it needs.
    pub depends_on: Vec<u32>,
    pub protected: Protection,
    pub decay: f32,
}

/// A population group; its needs and attitudes are separate components because they change.
#[derive(Component, Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct PopulationGroup {
    pub district: DistrictIdx,
    pub size: u32,
    pub vulnerable_share: f32,
    pub community: String,
    /// Satisfaction households reach on their own, per sector (see [`crate::scenario::format::Sector::ALL`]).
    pub coping: [f32; 7],
    /// For a displaced group: how many people arrived from each district (by district index,
    /// ascending). People who fled still count for their home district's needs objectives, at
    /// the conditions where they are (docs/rules.md §17), so flight never meets an objective.
    pub fled_from: Vec<(DistrictIdx, u32)>,
}

/// Needs satisfaction 0–1 per sector, in [`crate::scenario::format::Sector::ALL`] order.
#[derive(Component, Debug, Clone, Copy, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct Needs(pub [f32; 7]);

/// Consent toward the force, legitimacy of the host-nation government, grievance.
#[derive(Component, Debug, Clone, Copy, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct Attitudes {
    pub consent: f32,
    pub legitimacy: f32,
    pub grievance: f32,
    /// Weighted needs satisfaction last turn, against which consent measures improvement.
    pub wellbeing: f32,
}

/// Deaths in a population group so far; `carry` holds the fraction of a death not yet counted.
#[derive(Component, Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct Casualties {
    pub total: u32,
    /// Of `total`, the civilians killed by the force's own engagements (collateral).
    pub by_force: u32,
    pub carry: f32,
}

/// Hours of game time per turn (rates per day are scaled by it).
#[derive(Resource, Debug, Clone, Copy)]
pub struct TurnHours(pub u32);

/// A non-military actor.
#[derive(Component, Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct Actor {
    pub name: String,
    pub kind: ActorKind,
    pub mandate: Vec<crate::scenario::format::Sector>,
    pub capacity: u32,
    pub districts: Vec<DistrictIdx>,
    pub access_threshold: f32,
    pub humanitarian: bool,
    pub trust: f32,
    pub stance: Stance,
    /// Capacity at the start; support to a host-nation authority can raise capacity up to twice this.
    pub base_capacity: u32,
    /// How far the population and parties still see the actor as neutral and independent (0–1).
    pub acceptance: f32,
    pub status: ActorStatus,
    /// The last turn the force liaised with it or met it at a coordination meeting; for a few
    /// turns after, an actor that coordinates with the force works around the force's own
    /// service delivery instead of duplicating it.
    pub coordinated_on: Option<u32>,
    /// The district it works from: by land it reaches only districts joined to it now.
    pub base: DistrictIdx,
    /// How it travels: boats and aircraft are not stopped by rivers (docs/rules.md §11.1).
    pub transport: crate::scenario::format::Transport,
    /// The community a local leader speaks for (`None`: every group in its districts); key
    /// leader engagement moves those groups (docs/rules.md §13.2).
    pub community: Option<String>,
    /// Services it took over from the force by hand-over in a sector its own mandate did not
    /// have: (district, sector). Such a sector joins its mandate, so it delivers it wherever it
    /// works; but it is the provider of that sector only where it took the service over, which
    /// is what the impartiality rule reads (docs/rules.md §13.1, rules version 12).
    pub granted: Vec<(DistrictIdx, crate::scenario::format::Sector)>,
}

/// Whether an actor is working.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub enum ActorStatus {
    /// Not yet in the operation; an event brings it in.
    Absent,
    Active,
    /// Stopped delivering to protect its acceptance; resumes when acceptance recovers.
    Suspended,
    /// Left the operation for good.
    Withdrawn,
}

/// Entities of each kind in stable id order. Indices into these lists are the "roster indices"
/// that components use to refer to each other.
#[derive(Resource, Debug, Default)]
pub struct Roster {
    pub units: Vec<Entity>,
    pub infrastructure: Vec<Entity>,
    pub population: Vec<Entity>,
    pub actors: Vec<Entity>,
    /// Ids of the same entities, parallel to the lists above.
    pub unit_ids: Vec<String>,
    pub infra_ids: Vec<String>,
    pub actor_ids: Vec<String>,
    pub population_ids: Vec<String>,
    /// The displaced-persons group of each district (also listed in `population`).
    pub idp_groups: Vec<Entity>,
    /// Infrastructure roster indices in dependency order (what a site needs comes first).
    pub infra_order: Vec<u32>,
}

impl Roster {
    /// Roster index of a unit id.
    pub fn unit_index(&self, id: &str) -> Option<usize> {
        self.unit_ids.binary_search_by(|x| x.as_str().cmp(id)).ok()
    }

    /// Roster index of an actor id.
    pub fn actor_index(&self, id: &str) -> Option<usize> {
        self.actor_ids.binary_search_by(|x| x.as_str().cmp(id)).ok()
    }

    /// Roster index of an infrastructure id.
    pub fn infra_index(&self, id: &str) -> Option<usize> {
        self.infra_ids.binary_search_by(|x| x.as_str().cmp(id)).ok()
    }
}

/// The static map.
#[derive(Resource, Debug)]
pub struct Map(pub HexMap);

/// Which river hexes can be crossed this turn (by hex index); follows bridge functioning.
#[derive(Resource, Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct Crossings {
    pub open: Vec<bool>,
    /// Bumped whenever a bridge opens or closes, so routes planned before know to re-plan.
    pub version: u32,
}

/// District ids and names in scenario order (district indices point here).
#[derive(Resource, Debug, Clone)]
pub struct Districts {
    pub ids: Vec<String>,
    pub names: Vec<String>,
}

/// Where the game is in time.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct Clock {
    /// The last completed turn (0 before the first `advance`).
    pub turn: u32,
    /// Turns the scenario lasts.
    pub turns: u32,
}

/// The game's seed; every random stream derives from it.
#[derive(Resource, Debug, Clone, Copy)]
pub struct Seed(pub u64);

/// Orders accepted for the coming turn, by unit (one per unit; a later order replaces it).
#[derive(Resource, Debug, Default, Clone)]
pub struct PendingOrders {
    pub by_unit: BTreeMap<String, PendingOrder>,
    pub next_id: u32,
}

/// An accepted order waiting for the turn, with the route planned when it was checked (the state
/// cannot change between submission and the start of the turn, so the route stays valid).
#[derive(Debug, Clone, PartialEq)]
pub struct PendingOrder {
    pub id: u32,
    pub order: crate::orders::order::Order,
    /// The task the order becomes, resolved when it was checked.
    pub task: Task,
}

/// A community project promised to a district: kept when finished by the promised turn, broken
/// otherwise — whether the unit was too slow or was sent elsewhere.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct Promise {
    /// Unit roster index.
    pub unit: u32,
    /// The order that made the promise (the ledger names it when the promise is broken).
    pub order: u32,
    pub district: DistrictIdx,
    pub sector: Sector,
    pub complete_by: u32,
    /// Turns of work done.
    pub progress: u32,
    pub state: PromiseState,
}

/// Where a promise stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub enum PromiseState {
    Open,
    Kept,
    Broken,
}

/// Every community project promised so far, in the order promised.
#[derive(Resource, Debug, Default, Clone)]
pub struct Promises(pub Vec<Promise>);

impl Promises {
    /// Projects already kept in `district` other than promise `own`: each further project there
    /// is worth 1 / (1 + this), in effect and in effort (docs/rules.md §9).
    pub fn kept_elsewhere_in(&self, district: DistrictIdx, own: u32) -> usize {
        self.0
            .iter()
            .enumerate()
            .filter(|&(i, p)| {
                i != own as usize && p.district == district && p.state == PromiseState::Kept
            })
            .count()
    }
}

/// The force's services already handed over to civilian ownership, per district and sector
/// (`Sector::ALL` order): a transition happens once per service (docs/rules.md §9), so a
/// service restarted and handed over again transfers nothing more.
#[derive(Resource, Debug, Default, Clone)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct Transitions {
    pub handed: Vec<[bool; 7]>,
}

/// Service delivered per district and sector this turn, in people served, and who delivered it.
#[derive(Resource, Debug, Default, Clone)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct Delivered {
    pub total: Vec<[f32; 7]>,
    /// Delivered by the sites (the host nation's public services).
    pub sites: Vec<[f32; 7]>,
    /// Delivered by host-nation authorities and the sites they run (all sectors), per district.
    pub host_nation: Vec<f32>,
    /// Delivered by the force itself.
    pub force: Vec<[f32; 7]>,
    /// Delivered by local leaders (all sectors), per district: local delivery that counts toward
    /// local ownership but is not the host-nation government's (docs/rules.md §21.2).
    pub local: Vec<f32>,
    /// Delivery civilian actors steered away from what the force covered, after coordinating
    /// with it (docs/rules.md §11.1): the duplication coordination prevented.
    pub deconflicted: Vec<[f32; 7]>,
}

impl Delivered {
    /// Empty tallies for `n` districts.
    pub fn new(n: usize) -> Delivered {
        Delivered {
            total: vec![[0.0; 7]; n],
            sites: vec![[0.0; 7]; n],
            host_nation: vec![0.0; n],
            force: vec![[0.0; 7]; n],
            local: vec![0.0; n],
            deconflicted: vec![[0.0; 7]; n],
        }
    }
}

/// When and where a phase acts: the turn, who is in the game, the map and its districts. Most
/// phases read all four; grouped so that their own parameters say what is particular to them.
#[derive(SystemParam)]
pub struct TurnFrame<'w> {
    pub clock: Res<'w, Clock>,
    pub roster: Res<'w, Roster>,
    pub map: Res<'w, Map>,
    pub districts: Res<'w, Districts>,
}
