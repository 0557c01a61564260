//! Scenario events (injects): fired at a turn, when a condition holds, or by chance per turn; their
//! effects damage or restore infrastructure and put messages in front of the room.

use super::components::{
    Clock, Districts, Infrastructure, Map, Needs, PopulationGroup, Position, Roster, Seed, Unit,
};
use super::conditions::{CompiledCondition, Situation};
use super::report::{LogKind, TurnLog};
use super::rng::{Subsystem, stream, unit_draw};
use bevy::prelude::{Query, Res, ResMut, Resource};

/// An event with its references resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct CompiledEvent {
    pub id: String,
    pub title: String,
    pub repeat: bool,
    pub trigger: CompiledTrigger,
    pub effects: Vec<CompiledEffect>,
}

/// When an event fires.
#[derive(Debug, Clone, PartialEq)]
pub enum CompiledTrigger {
    AtTurn(u32),
    When(CompiledCondition),
    Chance {
        per_turn: f32,
        from: u32,
        until: u32,
    },
}

/// What an event does, with the target as an infrastructure roster index.
#[derive(Debug, Clone, PartialEq)]
pub enum CompiledEffect {
    Damage { target: u32, amount: f32 },
    Restore { target: u32, amount: f32 },
    Message(String),
}

/// The scenario's events and which have fired.
#[derive(Resource, Debug, Clone)]
pub struct EventState {
    pub events: Vec<CompiledEvent>,
    pub fired: Vec<bool>,
}

/// Phase 2: fires due events in scenario order and applies their effects.
#[allow(clippy::too_many_arguments)]
pub fn fire_events(
    clock: Res<Clock>,
    seed: Res<Seed>,
    roster: Res<Roster>,
    map: Res<Map>,
    districts: Res<Districts>,
    mut crossings: ResMut<super::components::Crossings>,
    mut state: ResMut<EventState>,
    mut log: ResMut<TurnLog>,
    mut sites: Query<&mut Infrastructure>,
    groups: Query<(&PopulationGroup, &Needs)>,
    units: Query<&Position, bevy::prelude::With<Unit>>,
) {
    if state.events.is_empty() {
        return;
    }
    let turn = clock.turn;
    let functioning = roster
        .infrastructure
        .iter()
        .map(|&e| sites.get(e).map_or(0.0, |s| s.functioning))
        .collect();
    let situation = Situation::gather(
        turn,
        functioning,
        &roster,
        &map.0,
        districts.ids.len(),
        &groups,
        &units,
    );
    let mut rng = stream(seed.0, turn, Subsystem::Events);
    let mut changed_sites = false;
    let EventState { events, fired } = &mut *state;
    for (event, fired) in events.iter().zip(fired.iter_mut()) {
        // Every chance event draws every turn, fired or not, so that one event's outcome never
        // shifts the draws of the events after it.
        let draw = match event.trigger {
            CompiledTrigger::Chance { .. } => unit_draw(&mut rng),
            _ => 1.0,
        };
        if *fired && !event.repeat {
            continue;
        }
        let due = match &event.trigger {
            CompiledTrigger::AtTurn(t) => *t == turn,
            CompiledTrigger::When(c) => c.holds(&situation),
            CompiledTrigger::Chance {
                per_turn,
                from,
                until,
            } => (*from..=*until).contains(&turn) && draw < *per_turn,
        };
        if !due {
            continue;
        }
        *fired = true;
        let title = if event.title.is_empty() {
            &event.id
        } else {
            &event.title
        };
        log.push(LogKind::Event, &event.id, format!("event: {title}"));
        for fx in &event.effects {
            match fx {
                CompiledEffect::Damage { target, amount }
                | CompiledEffect::Restore { target, amount } => {
                    let Some(&e) = roster.infrastructure.get(*target as usize) else {
                        continue;
                    };
                    let Ok(mut site) = sites.get_mut(e) else {
                        continue;
                    };
                    let sign = if matches!(fx, CompiledEffect::Damage { .. }) {
                        -1.0
                    } else {
                        1.0
                    };
                    site.condition = (site.condition + sign * amount).clamp(0.0, 1.0);
                    changed_sites = true;
                    let id = &roster.infra_ids[*target as usize];
                    let verb = if sign < 0.0 { "damaged" } else { "restored" };
                    log.push(
                        LogKind::Event,
                        id,
                        format!(
                            "{id} {verb} by {:.0}% (condition now {:.0}%)",
                            amount * 100.0,
                            site.condition * 100.0
                        ),
                    );
                }
                CompiledEffect::Message(text) => {
                    log.push(LogKind::Message, &event.id, text.clone())
                }
            }
        }
    }
    if changed_sites {
        super::infrastructure::recompute_functioning(
            &roster,
            &map,
            &mut crossings,
            &mut log,
            &mut sites,
        );
    }
}
