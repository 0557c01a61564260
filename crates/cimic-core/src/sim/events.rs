//! Scenario events (injects): fired at a turn, when a condition holds, or by chance per turn.
//! What their effects do is in [`super::effects`].

pub use super::compiled_effect::CompiledEffect;
use super::components::{Position, Seed, Unit};
use super::conditions::{CompiledCondition, Situation};
use super::effects::EffectTargets;
use super::report::LogKind;
use super::rng::{Subsystem, stream, unit_draw};
use super::scoring::ledger::{Cause, Origin};
use bevy::prelude::{Query, Res, ResMut, Resource, With};

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

/// The scenario's events and which have fired.
#[derive(Resource, Debug, Clone)]
pub struct EventState {
    pub events: Vec<CompiledEvent>,
    pub fired: Vec<bool>,
    /// Events the facilitator fired or scheduled: (turn, event index), in the order given.
    pub scheduled: Vec<(u32, u32)>,
}

/// Turn phase (order in `turn_schedule`): resolves last turn's decision points (chosen option or default), then fires due
/// events in scenario order and applies their effects.
pub fn fire_events(
    seed: Res<Seed>,
    mut state: ResMut<EventState>,
    unrest: Res<super::unrest::Unrest>,
    mut fx: EffectTargets,
    units: Query<&Position, With<Unit>>,
) {
    let turn = fx.frame.clock.turn;
    let mut changed = false;
    for (source, defaulted, effects) in fx.decisions.resolve(turn, &mut fx.log) {
        let cause = Cause::Decision(source);
        // A chosen option is the players' act; a default nobody chose is what the situation
        // brought (harm the force failed to prevent, not harm it caused).
        let origin = if defaulted {
            Origin::Disaster
        } else {
            Origin::Force
        };
        for e in &effects {
            changed |= fx.apply_as(&cause, origin, e);
        }
    }
    // Conditions below must see what the decisions did to the sites.
    if changed {
        fx.sites_changed();
        changed = false;
    }
    if !state.events.is_empty() {
        let functioning = fx
            .frame
            .roster
            .infrastructure
            .iter()
            .map(|&e| fx.sites.get(e).map_or(0.0, |s| s.functioning))
            .collect();
        let groups = fx
            .frame
            .roster
            .population
            .iter()
            .filter_map(|&e| fx.groups.get(e).ok().map(|(g, n, _)| (g, n)));
        let situation = Situation::gather(&fx.frame, functioning, groups, &units, &unrest.active);
        let mut rng = stream(seed.0, turn, Subsystem::Events);
        let EventState {
            events,
            fired,
            scheduled,
        } = &mut *state;
        for (i, (event, fired)) in events.iter().zip(fired.iter_mut()).enumerate() {
            let forced = scheduled.iter().any(|&(t, e)| t == turn && e as usize == i);
            // Every chance event draws every turn, fired or not, so that one event's outcome
            // never shifts the draws of the events after it.
            let draw = match event.trigger {
                CompiledTrigger::Chance { .. } => unit_draw(&mut rng),
                _ => 1.0,
            };
            if *fired && !event.repeat && !forced {
                continue;
            }
            let due = forced
                || match &event.trigger {
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
            fx.log
                .push(LogKind::Event, &event.id, format!("event: {title}"));
            let cause = Cause::Event(event.id.clone());
            for e in &event.effects {
                changed |= fx.apply(&cause, e);
            }
        }
    }
    if changed {
        fx.sites_changed();
    }
}
