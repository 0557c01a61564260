//! Turn phase (order in `turn_schedule`): scenario objectives are checked against the end-of-turn state: met the first turn
//! their condition holds on or before the deadline, failed once the deadline passes unmet.

use super::components::{Infrastructure, Needs, PopulationGroup, Position, TurnFrame, Unit};
use super::conditions::{CompiledCondition, Situation};
use super::report::{LogKind, ObjectiveStatus, TurnLog};
use bevy::ecs::system::SystemParam;
use bevy::prelude::{Query, Res, ResMut, Resource, With};

/// One objective and its progress.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveState {
    pub id: String,
    pub title: String,
    pub condition: CompiledCondition,
    pub deadline: u32,
    pub weight: f32,
    pub met_on: Option<u32>,
    pub failed: bool,
}

impl ObjectiveState {
    /// The public view of this objective's progress.
    pub fn status(&self) -> ObjectiveStatus {
        ObjectiveStatus {
            id: self.id.clone(),
            status: if self.met_on.is_some() {
                "met"
            } else if self.failed {
                "failed"
            } else {
                "pending"
            },
            met_on: self.met_on,
        }
    }
}

/// The scenario's objectives in scenario order.
#[derive(Resource, Debug, Clone)]
pub struct Objectives(pub Vec<ObjectiveState>);

/// The end-of-turn state an objective's condition is judged in, besides the sites, groups and units.
#[derive(SystemParam)]
pub struct ObjectiveInputs<'w> {
    frame: TurnFrame<'w>,
    unrest: Res<'w, super::unrest::Unrest>,
}

/// The state objectives are judged in, gathered from the world.
fn situation(
    inputs: &ObjectiveInputs,
    sites: &Query<&Infrastructure>,
    groups: &Query<(&PopulationGroup, &Needs)>,
    units: &Query<&Position, With<Unit>>,
) -> Situation {
    let frame = &inputs.frame;
    let functioning = frame
        .roster
        .infrastructure
        .iter()
        .map(|&e| sites.get(e).map_or(0.0, |s| s.functioning))
        .collect();
    let in_roster = frame.roster.population.iter();
    Situation::gather(
        frame,
        functioning,
        in_roster.filter_map(|&e| groups.get(e).ok()),
        units,
        &inputs.unrest.active,
    )
}

/// The ids of the objectives whose condition holds in the present state, deadline aside: run on
/// the starting situation, it finds objectives met before the force does anything (`validate`
/// warns about them: they measure nothing the trainees did).
pub fn holding(
    inputs: ObjectiveInputs,
    objectives: Res<Objectives>,
    sites: Query<&Infrastructure>,
    groups: Query<(&PopulationGroup, &Needs)>,
    units: Query<&Position, With<Unit>>,
) -> Vec<String> {
    let situation = situation(&inputs, &sites, &groups, &units);
    objectives
        .0
        .iter()
        .filter(|o| o.condition.holds(&situation))
        .map(|o| o.id.clone())
        .collect()
}

/// Marks objectives met or failed at the end of the turn.
pub fn check_objectives(
    inputs: ObjectiveInputs,
    mut objectives: ResMut<Objectives>,
    mut log: ResMut<TurnLog>,
    sites: Query<&Infrastructure>,
    groups: Query<(&PopulationGroup, &Needs)>,
    units: Query<&Position, With<Unit>>,
) {
    let turn = inputs.frame.clock.turn;
    let situation = situation(&inputs, &sites, &groups, &units);
    for o in &mut objectives.0 {
        if o.met_on.is_some() || o.failed {
            continue;
        }
        if turn <= o.deadline && o.condition.holds(&situation) {
            o.met_on = Some(turn);
            log.push(
                LogKind::Objective,
                &o.id,
                format!("objective met: {}", o.title),
            );
        } else if turn >= o.deadline {
            o.failed = true;
            log.push(
                LogKind::Objective,
                &o.id,
                format!(
                    "objective failed (deadline turn {}): {}",
                    o.deadline, o.title
                ),
            );
        }
    }
}
