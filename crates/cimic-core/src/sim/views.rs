//! Read-only views of the state for the CLI, tests, policies and (later) the GUI: plain values in
//! stable id order, so that nothing outside the simulation needs to touch the ECS world.

use super::components::*;
use super::{Simulation, TaskView, knowledge, unrest};
use crate::map::HexMap;
use crate::scenario::format::{
    ActorKind, Capability, InfraKind, Protection, Sector, SideRole, UnitKind,
};
use bevy::prelude::World;
use serde::Serialize;

impl Simulation {
    /// A digest of each labelled part of the state (see [`super::hash::part_digests`]).
    pub fn part_digests(&self) -> Vec<(String, u32)> {
        super::hash::part_digests(&self.world)
    }

    /// Every score change so far, turn 0 (the starting situation) first.
    pub fn ledger(&self) -> &super::scoring::ledger::Ledger {
        self.world.resource::<super::scoring::ledger::Ledger>()
    }

    /// The scores now, as the sum of the ledger's entries.
    pub fn scores(&self) -> super::report::Scores {
        let ledger = self.ledger();
        let turn = self.turn();
        super::report::Scores {
            effectiveness: ledger.total(super::scoring::ledger::Metric::Effectiveness, turn),
            efficiency: ledger.total(super::scoring::ledger::Metric::Efficiency, turn),
            civil_harm: ledger.total(super::scoring::ledger::Metric::CivilHarm, turn),
        }
    }

    /// The scores now as computed directly from the state, without the ledger; equal to
    /// [`Simulation::scores`] up to rounding (the ledger invariant, tested).
    pub fn scores_direct(&self) -> super::report::Scores {
        self.world.resource::<super::scoring::ScoreState>().scores()
    }

    /// The hex map (ground, rivers, roads, districts), for drawing and for planning moves.
    pub fn map(&self) -> &HexMap {
        &self.world.resource::<Map>().0
    }

    /// Whether a ground unit could walk from `from` to `to` with the bridges as they stand now.
    pub fn reachable(&self, from: (i32, i32), to: (i32, i32)) -> bool {
        let crossings = self.world.resource::<Crossings>();
        self.map()
            .path(from, to, crate::map::MoveClass::Ground, &crossings.open)
            .is_some()
    }

    /// Units in id order.
    pub fn units(&self) -> Vec<UnitView> {
        let roster = self.world.resource::<Roster>();
        let districts = self.world.resource::<Districts>();
        roster
            .units
            .iter()
            .zip(&roster.unit_ids)
            .filter_map(|(&e, id)| {
                let u = self.world.get::<Unit>(e)?;
                Some(UnitView {
                    id: id.clone(),
                    side: u.side.clone(),
                    role: u.role,
                    kind: u.kind,
                    capabilities: u.capabilities.clone(),
                    position: self.world.get::<Position>(e)?.0,
                    strength: u.strength,
                    supplies: u.supplies,
                    task: TaskView::of(self.world.get::<Task>(e)?, roster, districts),
                })
            })
            .collect()
    }

    /// Infrastructure in id order.
    pub fn infrastructure(&self) -> Vec<InfraView> {
        let roster = self.world.resource::<Roster>();
        let districts = self.world.resource::<Districts>();
        roster
            .infrastructure
            .iter()
            .zip(&roster.infra_ids)
            .filter_map(|(&e, id)| {
                let x = self.world.get::<Infrastructure>(e)?;
                Some(InfraView {
                    id: id.clone(),
                    kind: x.kind,
                    hex: x.hex,
                    serves: x
                        .serves
                        .iter()
                        .map(|&d| districts.ids[d as usize].clone())
                        .collect(),
                    protected: x.protected,
                    depends_on: x
                        .depends_on
                        .iter()
                        .map(|&t| roster.infra_ids[t as usize].clone())
                        .collect(),
                    condition: x.condition,
                    functioning: x.functioning,
                })
            })
            .collect()
    }

    /// The force's picture of each district (`None`: never assessed), in scenario order. What
    /// trainees may see; [`Simulation::true_picture`] is the facilitator's view.
    pub fn force_picture(&self) -> Vec<(String, Option<knowledge::Snapshot>)> {
        let ids = &self.world.resource::<Districts>().ids;
        ids.iter()
            .cloned()
            .zip(
                self.world
                    .resource::<knowledge::ForceKnowledge>()
                    .0
                    .iter()
                    .copied(),
            )
            .collect()
    }

    /// The true situation of each district now, in scenario order.
    pub fn true_picture(&self) -> Vec<(String, Option<knowledge::Snapshot>)> {
        let ids = &self.world.resource::<Districts>().ids;
        ids.iter()
            .cloned()
            .zip(picture_of_groups(&self.world, self.turn()))
            .collect()
    }

    /// What the force's briefing said of each district before turn 1 (the situation of turn 0),
    /// in scenario order: what a commander plans from where the force has no picture of its own
    /// yet (docs/rules.md §16).
    pub fn briefing(&self) -> Vec<Option<knowledge::Snapshot>> {
        self.world
            .get_resource::<knowledge::Briefing>()
            .map(|b| b.0.clone())
            .unwrap_or_default()
    }

    /// Share of each district's citizens active and detained in civil unrest, in scenario order.
    pub fn unrest(&self) -> Vec<(String, f32, f32)> {
        let ids = &self.world.resource::<Districts>().ids;
        let u = self.world.resource::<unrest::Unrest>();
        ids.iter()
            .enumerate()
            .map(|(d, id)| {
                (
                    id.clone(),
                    u.active.get(d).copied().unwrap_or(0.0),
                    u.jailed.get(d).copied().unwrap_or(0.0),
                )
            })
            .collect()
    }

    /// Non-military actors in id order.
    pub fn actors(&self) -> Vec<ActorView> {
        let roster = self.world.resource::<Roster>();
        let regions = self.world.resource::<super::reach::Reach>().peek(
            &self.world.resource::<super::components::Map>().0,
            self.world.resource::<Districts>().ids.len(),
            &self.world.resource::<Crossings>().open,
        );
        let communal = self.world.resource::<super::communities::Communal>();
        roster
            .actors
            .iter()
            .zip(&roster.actor_ids)
            .enumerate()
            .filter_map(|(i, (&e, id))| {
                let a = self.world.get::<Actor>(e)?;
                let districts = self.world.resource::<Districts>();
                Some(ActorView {
                    id: id.clone(),
                    kind: a.kind,
                    humanitarian: a.humanitarian,
                    access_threshold: a.access_threshold,
                    districts: a
                        .districts
                        .iter()
                        .map(|&d| districts.ids[d as usize].clone())
                        .collect(),
                    reaches: a
                        .districts
                        .iter()
                        .filter(|&&d| super::reach::actor_reaches(a, &regions, d))
                        .map(|&d| districts.ids[d as usize].clone())
                        .collect(),
                    capacity: a.capacity,
                    base_capacity: a.base_capacity,
                    trust: a.trust,
                    stance: a.stance,
                    acceptance: a.acceptance,
                    status: a.status,
                    mandate: a.mandate.clone(),
                    granted: a
                        .granted
                        .iter()
                        .map(|&(d, s)| (districts.ids[d as usize].clone(), s))
                        .collect(),
                    community: a.community.clone(),
                    engaged_on: communal.engaged_on.get(i).copied().flatten(),
                })
            })
            .collect()
    }

    /// Requests for assistance made so far and where each stands (docs/rules.md §4.5).
    pub fn requests(&self) -> Vec<super::requests::Request> {
        self.world.resource::<super::requests::Requests>().0.clone()
    }

    /// What the force has done for each community lately (the impartiality test, docs/rules.md
    /// §13.1), by community name.
    pub fn fairness(&self) -> Vec<super::communities::Fairness> {
        self.world
            .resource::<super::communities::Communal>()
            .fairness
            .clone()
    }

    /// Population groups in id order.
    pub fn groups(&self) -> Vec<GroupView> {
        let communal = self.world.resource::<super::communities::Communal>();
        let roster = self.world.resource::<Roster>();
        let districts = self.world.resource::<Districts>();
        roster
            .population
            .iter()
            .zip(&roster.population_ids)
            .enumerate()
            .filter_map(|(gi, (&e, id))| {
                let g = self.world.get::<PopulationGroup>(e)?;
                let a = self.world.get::<Attitudes>(e)?;
                Some(GroupView {
                    id: id.clone(),
                    district: districts.ids[g.district as usize].clone(),
                    size: g.size,
                    needs: self.world.get::<Needs>(e)?.0,
                    coping: g.coping,
                    consent: a.consent,
                    legitimacy: a.legitimacy,
                    grievance: a.grievance,
                    community: g.community.clone(),
                    tension: communal.tension.get(gi).copied().unwrap_or(0.0),
                    deaths: self.world.get::<Casualties>(e)?.total,
                    killed_by_force: self.world.get::<Casualties>(e)?.by_force,
                })
            })
            .collect()
    }

    /// People and needs satisfaction per district, in scenario order.
    pub fn districts(&self) -> Vec<DistrictView> {
        let roster = self.world.resource::<Roster>();
        let districts = self.world.resource::<Districts>();
        let n = districts.ids.len();
        let mut people = vec![0u64; n];
        let mut sum = vec![[0.0f64; 7]; n];
        for &e in &roster.population {
            let (Some(g), Some(needs)) = (
                self.world.get::<PopulationGroup>(e),
                self.world.get::<Needs>(e),
            ) else {
                continue;
            };
            let d = g.district as usize;
            people[d] += u64::from(g.size);
            for (acc, &v) in sum[d].iter_mut().zip(&needs.0) {
                *acc += f64::from(v) * f64::from(g.size);
            }
        }
        (0..n)
            .map(|d| DistrictView {
                id: districts.ids[d].clone(),
                name: districts.names[d].clone(),
                people: people[d],
                needs: Sector::ALL
                    .iter()
                    .map(|s| {
                        let v = if people[d] > 0 {
                            sum[d][s.index()] / people[d] as f64
                        } else {
                            0.0
                        };
                        (s.name(), v as f32)
                    })
                    .collect(),
            })
            .collect()
    }
}

/// A unit as the CLI and tests see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitView {
    pub id: String,
    pub side: String,
    /// Whether the players command it (`Force`), it fights them, or it stands aside.
    pub role: SideRole,
    pub kind: UnitKind,
    /// What orders it can take (the scenario's list or its type's defaults).
    pub capabilities: Vec<Capability>,
    pub position: (i32, i32),
    pub strength: f32,
    pub supplies: f32,
    pub task: TaskView,
}

/// An actor as the CLI and tests see it.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorView {
    pub id: String,
    pub kind: ActorKind,
    /// Bound by the humanitarian principles (keeps its distance from the force).
    pub humanitarian: bool,
    /// Security a district needs before the actor works there unescorted.
    pub access_threshold: f32,
    /// District ids it works in.
    pub districts: Vec<String>,
    /// Those of its districts it can get to now (by land from its base, or by boat or air).
    pub reaches: Vec<String>,
    pub capacity: u32,
    /// Capacity at the start: support and hand-overs can raise capacity to twice this.
    pub base_capacity: u32,
    pub trust: f32,
    pub stance: crate::scenario::format::Stance,
    pub acceptance: f32,
    pub status: ActorStatus,
    pub mandate: Vec<Sector>,
    /// Each (district id, sector) of a hand-over it took outside its own mandate (`provides`).
    pub granted: Vec<(String, Sector)>,
    /// The community a local leader speaks for (`None`: everyone in its districts).
    pub community: Option<String>,
    /// The last turn the force engaged it as a local leader (key leader engagement).
    pub engaged_on: Option<u32>,
}

/// A population group as the CLI and tests see it.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupView {
    pub id: String,
    pub district: String,
    pub size: u32,
    /// Needs satisfaction per sector, in `Sector::ALL` order.
    pub needs: [f32; 7],
    pub coping: [f32; 7],
    pub consent: f32,
    pub legitimacy: f32,
    pub grievance: f32,
    /// Community or affiliation (`displaced` for displaced people of no stated community).
    pub community: String,
    /// Inter-communal tension the group feels, 0–1 (docs/rules.md §13.3).
    pub tension: f32,
    pub deaths: u32,
    /// Of `deaths`, civilians killed in the force's own engagements.
    pub killed_by_force: u32,
}

/// A site as the CLI and tests see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InfraView {
    pub id: String,
    pub kind: InfraKind,
    /// `(col, row)` of its hex.
    pub hex: (i32, i32),
    /// District ids it serves.
    pub serves: Vec<String>,
    pub protected: Protection,
    /// Site ids it needs to function.
    pub depends_on: Vec<String>,
    pub condition: f32,
    pub functioning: f32,
}

/// A district's people and people-weighted needs satisfaction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DistrictView {
    pub id: String,
    pub name: String,
    pub people: u64,
    pub needs: Vec<(&'static str, f32)>,
}

impl DistrictView {
    /// Satisfaction in one sector.
    pub fn need(&self, sector: Sector) -> f32 {
        self.needs[sector.index()].1
    }
}

impl ActorView {
    /// Whether it provides sector `s` in the district `d` (an id): `rules::provides`.
    pub fn provides(&self, d: &str, s: Sector) -> bool {
        crate::rules::provides(&self.mandate, &self.granted, &d.to_string(), s)
    }

    /// People's worth of service it can still take on (`rules::room_to_absorb`).
    pub fn room(&self) -> f32 {
        crate::rules::room_to_absorb(self.capacity, self.base_capacity)
    }

    /// Whether the actor can take a service in `sector` over from the force (the rule the
    /// hand-over order is checked against, `rules::can_receive`).
    pub fn can_receive(&self, sector: Sector) -> bool {
        crate::rules::can_receive(
            self.kind,
            &self.mandate,
            self.capacity,
            self.base_capacity,
            sector,
        )
    }
}

/// The true situation of each district in `world` now, dated `turn`, from the groups in roster
/// order: one computation for the facilitator's view and the force's briefing.
pub(crate) fn picture_of_groups(world: &World, turn: u32) -> Vec<Option<knowledge::Snapshot>> {
    let roster = world.resource::<Roster>();
    let n = world.resource::<Districts>().ids.len();
    let groups = roster.population.iter().filter_map(|&e| {
        Some((
            world.get::<PopulationGroup>(e)?,
            world.get::<Needs>(e)?,
            world.get::<Attitudes>(e)?,
        ))
    });
    knowledge::true_picture(turn, groups, n)
}
