//! The simulation: a Bevy `World` holding the game state and a turn schedule of explicitly
//! chained phases (DESIGN.md §3), behind a small API that the CLI, tests and (later) the GUI share.
//! Nothing outside this module changes game state: callers submit orders and call `advance`.

pub mod activities;
pub mod actors;
pub mod adversary;
pub mod components;
pub mod conditions;
pub mod decisions;
pub mod displacement;
pub mod effects;
pub mod events;
pub mod hash;
pub mod infrastructure;
pub mod knowledge;
pub mod movement;
pub mod objectives;
pub mod population;
pub mod report;
pub mod rng;
pub mod services;
pub mod spawn;
pub mod tasks;
pub mod unrest;

use crate::orders::{Order, Rejection};
use crate::scenario::{Problem, Scenario, format::Sector};
use bevy::ecs::schedule::{
    LogLevel, Schedule, ScheduleBuildSettings, ScheduleLabel, SingleThreadedExecutor,
};
use bevy::ecs::system::RunSystemOnce;
use bevy::prelude::{IntoScheduleConfigs, World};
use components::*;
use report::{Scores, TurnLog, TurnReport};
use serde::Serialize;

/// The schedule that plays one turn.
#[derive(ScheduleLabel, Debug, Clone, PartialEq, Eq, Hash)]
pub struct TurnSchedule;

/// A game in progress.
pub struct Simulation {
    world: World,
    schedule: Schedule,
    scenario_id: String,
}

impl Simulation {
    /// Starts a game of a scenario with a seed. The scenario is validated first, so a value built
    /// in code gets the same checks as a file; problems come back without file locations.
    pub fn new(scenario: &Scenario, seed: u64) -> Result<Simulation, Vec<Problem>> {
        let problems = crate::scenario::validate::validate(scenario);
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut world = World::new();
        spawn::populate(&mut world, scenario, seed);
        // Turn 0 already obeys the dependency rule: a site whose power is out starts not working.
        world
            .run_system_once(infrastructure::cascade_functioning)
            .map_err(|e| {
                vec![Problem::at(
                    "",
                    format!("internal: initial functioning: {e}"),
                )]
            })?;
        world.resource_mut::<TurnLog>().0.clear();
        let mut schedule = turn_schedule();
        // Chained systems have no ambiguities; this turns any future slip into a hard error.
        schedule
            .initialize(&mut world)
            .map_err(|e| vec![Problem::at("", format!("internal: turn schedule: {e}"))])?;
        Ok(Simulation {
            world,
            schedule,
            scenario_id: scenario.meta.id.clone(),
        })
    }

    /// The scenario's id.
    pub fn scenario_id(&self) -> &str {
        &self.scenario_id
    }

    /// The last completed turn (0 before the first `advance`).
    pub fn turn(&self) -> u32 {
        self.world.resource::<Clock>().turn
    }

    /// Turns the scenario lasts.
    pub fn turns(&self) -> u32 {
        self.world.resource::<Clock>().turns
    }

    /// Whether every turn has been played.
    pub fn finished(&self) -> bool {
        self.turn() >= self.turns()
    }

    /// Accepts an order for the coming turn, or says why not (and changes nothing). A second
    /// accepted order for the same unit replaces the first. Returns the order's id.
    pub fn submit(&mut self, order: Order) -> Result<u32, Rejection> {
        let mut task = match crate::orders::check(&self.world, &order) {
            Ok(task) => task,
            Err(reason) => return Err(Rejection { order, reason }),
        };
        let mut pending = self.world.resource_mut::<PendingOrders>();
        pending.next_id += 1;
        let id = pending.next_id;
        task.set_order(id);
        pending
            .by_unit
            .insert(order.unit().to_string(), PendingOrder { id, order, task });
        Ok(id)
    }

    /// Decision points open now: the players choose with [`Simulation::decide`] before the next
    /// `advance`, or the default is taken.
    pub fn open_decisions(&self) -> Vec<DecisionView> {
        let state = self.world.resource::<decisions::DecisionState>();
        state
            .open
            .iter()
            .map(|&d| {
                let dec = &state.decisions[d as usize];
                DecisionView {
                    id: dec.id.clone(),
                    title: dec.title.clone(),
                    briefing: dec.briefing.clone(),
                    options: dec
                        .options
                        .iter()
                        .map(|o| (o.0.clone(), o.1.clone()))
                        .collect(),
                    default: dec.options[dec.default].0.clone(),
                    chosen: state
                        .chosen
                        .iter()
                        .find(|(x, _)| *x == d)
                        .map(|(_, o)| dec.options[*o].0.clone()),
                }
            })
            .collect()
    }

    /// Chooses an option of an open decision point; it takes effect at the start of next turn.
    pub fn decide(&mut self, decision: &str, option: &str) -> Result<(), decisions::ChoiceError> {
        self.world
            .resource_mut::<decisions::DecisionState>()
            .choose(decision, option)
    }

    /// Every decision resolved so far, in order.
    pub fn decision_history(&self) -> Vec<decisions::Resolution> {
        self.world
            .resource::<decisions::DecisionState>()
            .history
            .clone()
    }

    /// Orders accepted for the coming turn, in unit id order.
    pub fn pending_orders(&self) -> Vec<(u32, Order)> {
        self.world
            .resource::<PendingOrders>()
            .by_unit
            .values()
            .map(|p| (p.id, p.order.clone()))
            .collect()
    }

    /// Plays one turn: every phase in order, then the state hash. After the last turn it does
    /// nothing and reports the final state again.
    pub fn advance(&mut self) -> TurnReport {
        if !self.finished() {
            self.world.resource_mut::<Clock>().turn += 1;
            self.world.resource_mut::<TurnLog>().0.clear();
            self.schedule.run(&mut self.world);
        }
        TurnReport {
            turn: self.turn(),
            log: self.world.resource::<TurnLog>().0.clone(),
            objectives: self.objectives(),
            scores: Scores::default(),
            state_hash: self.state_hash(),
        }
    }

    /// Every objective's progress, in scenario order.
    pub fn objectives(&self) -> Vec<report::ObjectiveStatus> {
        self.world
            .resource::<objectives::Objectives>()
            .0
            .iter()
            .map(|o| o.status())
            .collect()
    }

    /// Hash of the whole state (16 hex digits).
    pub fn state_hash(&self) -> String {
        hash::state_hash(&self.world)
    }

    /// Read-only access to the world, for views and tests.
    pub fn world(&self) -> &World {
        &self.world
    }

    /// Units in id order.
    pub fn units(&self) -> Vec<UnitView> {
        let roster = self.world.resource::<Roster>();
        roster
            .units
            .iter()
            .zip(&roster.unit_ids)
            .filter_map(|(&e, id)| {
                let u = self.world.get::<Unit>(e)?;
                Some(UnitView {
                    id: id.clone(),
                    side: u.side.clone(),
                    position: self.world.get::<Position>(e)?.0,
                    strength: u.strength,
                    supplies: u.supplies,
                    task: match self.world.get::<Task>(e)? {
                        Task::Hold => "hold".into(),
                        Task::Move { path, .. } => format!("move to {:?}", path.last()),
                        Task::Repair { target, .. } => {
                            format!("repair {}", roster.infra_ids[*target as usize])
                        }
                        Task::Activity { activity, .. } => format!("{activity:?}"),
                    },
                })
            })
            .collect()
    }

    /// Infrastructure in id order.
    pub fn infrastructure(&self) -> Vec<InfraView> {
        let roster = self.world.resource::<Roster>();
        roster
            .infrastructure
            .iter()
            .zip(&roster.infra_ids)
            .filter_map(|(&e, id)| {
                let x = self.world.get::<Infrastructure>(e)?;
                Some(InfraView {
                    id: id.clone(),
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
        let roster = self.world.resource::<Roster>();
        let ids = &self.world.resource::<Districts>().ids;
        let groups = roster.population.iter().filter_map(|&e| {
            Some((
                self.world.get::<PopulationGroup>(e)?,
                self.world.get::<Needs>(e)?,
                self.world.get::<Attitudes>(e)?,
            ))
        });
        ids.iter()
            .cloned()
            .zip(knowledge::true_picture(self.turn(), groups, ids.len()))
            .collect()
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
        roster
            .actors
            .iter()
            .zip(&roster.actor_ids)
            .filter_map(|(&e, id)| {
                let a = self.world.get::<Actor>(e)?;
                Some(ActorView {
                    id: id.clone(),
                    capacity: a.capacity,
                    trust: a.trust,
                    stance: a.stance,
                    acceptance: a.acceptance,
                    status: a.status,
                    mandate: a.mandate.clone(),
                })
            })
            .collect()
    }

    /// Population groups in id order.
    pub fn groups(&self) -> Vec<GroupView> {
        let roster = self.world.resource::<Roster>();
        let districts = self.world.resource::<Districts>();
        roster
            .population
            .iter()
            .zip(&roster.population_ids)
            .filter_map(|(&e, id)| {
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

/// The turn's phases in their fixed order. Only families implemented so far are here; each new
/// rule family adds its phase in the place DESIGN.md §3 gives it.
pub fn turn_schedule() -> Schedule {
    let mut schedule = Schedule::new(TurnSchedule);
    schedule.set_executor(SingleThreadedExecutor::default());
    schedule.set_build_settings(ScheduleBuildSettings {
        ambiguity_detection: LogLevel::Error,
        ..Default::default()
    });
    schedule.add_systems(
        (
            tasks::apply_orders,
            events::fire_events,
            movement::move_units,
            adversary::adversary_and_engagements,
            infrastructure::repair_and_decay,
            infrastructure::cascade_functioning,
            activities::force_activities,
            services::deliver_services,
            actors::actors_deliver,
            services::force_services,
            services::update_needs,
            actors::actor_relations,
            population::update_population,
            unrest::civil_unrest,
            displacement::flee,
            knowledge::update_knowledge,
            objectives::check_objectives,
        )
            .chain(),
    );
    schedule
}

/// A unit as the CLI and tests see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitView {
    pub id: String,
    pub side: String,
    pub position: (i32, i32),
    pub strength: f32,
    pub supplies: f32,
    pub task: String,
}

/// An open decision point as the players see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionView {
    pub id: String,
    pub title: String,
    pub briefing: String,
    /// (id, label) of each option.
    pub options: Vec<(String, String)>,
    pub default: String,
    pub chosen: Option<String>,
}

/// An actor as the CLI and tests see it.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorView {
    pub id: String,
    pub capacity: u32,
    pub trust: f32,
    pub stance: crate::scenario::format::Stance,
    pub acceptance: f32,
    pub status: ActorStatus,
    pub mandate: Vec<Sector>,
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
    pub deaths: u32,
    /// Of `deaths`, civilians killed in the force's own engagements.
    pub killed_by_force: u32,
}

/// A site as the CLI and tests see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InfraView {
    pub id: String,
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
