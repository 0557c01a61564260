//! The white cell's hand on the exercise: fire a scenario inject now or later, override a value
//! with a written rationale, annotate or bookmark a turn. Actions are checked when given, queued,
//! and take effect at the start of the next turn — so a game record replays them exactly like
//! orders, and the GUI never touches the state itself.

use super::components::{Actor, Clock, Infrastructure, Needs, PopulationGroup, Roster, Unit};
use super::events::EventState;
use super::report::{LogKind, TurnLog};
use crate::scenario::format::Sector;
use bevy::prelude::{Resource, World};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A value the facilitator may set, and on what kind of entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Field {
    /// A site's physical condition, 0–1.
    Condition,
    /// A unit's strength or supplies, 0–100.
    Strength,
    Supplies,
    /// An actor's trust in the force or humanitarian acceptance, 0–1.
    Trust,
    Acceptance,
    /// A population group's needs satisfaction in a sector, 0–1.
    Need(Sector),
    /// A population group's consent toward the force or legitimacy of the government, 0–1.
    Consent,
    Legitimacy,
}

/// One facilitator action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FacilitatorAction {
    /// Fire a scenario event at the start of the next turn, whatever its trigger.
    TriggerEvent { event: String },
    /// Fire a scenario event at the start of a later turn.
    ScheduleEvent { event: String, turn: u32 },
    /// Set a value, saying why (the AAR shows the rationale).
    Override {
        entity: String,
        field: Field,
        value: f32,
        rationale: String,
    },
    /// A note on the turn for the after-action review.
    Annotate { text: String },
    /// A named point to jump to in the after-action review.
    Bookmark { label: String },
}

/// Why a facilitator action was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum ActionError {
    UnknownEvent(String),
    UnknownEntity(String),
    /// The field does not exist on that kind of entity.
    WrongField {
        entity: String,
        field: Field,
    },
    OutOfRange {
        value: f32,
        min: f32,
        max: f32,
    },
    /// A scheduled turn outside the turns still to play (`next..=last`).
    TurnPassed {
        turn: u32,
        next: u32,
        last: u32,
    },
    /// Overrides need a rationale; notes and bookmarks need text.
    Empty,
    GameOver,
    /// A note, bookmark label or rationale longer than a record keeps (`len` bytes as written in
    /// the record, over `limit`): refused rather than cut, so nothing the facilitator wrote is lost.
    TooLong {
        len: u64,
        limit: u64,
    },
    /// The turn already holds the most facilitator actions a record may keep for it.
    TooMany {
        limit: u64,
    },
}

/// In words, for the GUI's queue and the after-action report: "consent", "water need".
impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Condition => write!(f, "condition"),
            Field::Strength => write!(f, "strength"),
            Field::Supplies => write!(f, "supplies"),
            Field::Trust => write!(f, "trust"),
            Field::Acceptance => write!(f, "acceptance"),
            Field::Need(sector) => write!(f, "{} need", sector.name()),
            Field::Consent => write!(f, "consent"),
            Field::Legitimacy => write!(f, "legitimacy"),
        }
    }
}

/// In words, as the white cell would log it: "inject storm at turn 5".
impl fmt::Display for FacilitatorAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FacilitatorAction::TriggerEvent { event } => write!(f, "inject {event} now"),
            FacilitatorAction::ScheduleEvent { event, turn } => {
                write!(f, "inject {event} at turn {turn}")
            }
            FacilitatorAction::Override {
                entity,
                field,
                value,
                rationale,
            } => write!(f, "set {entity} {field} to {value:.2} — {rationale}"),
            FacilitatorAction::Annotate { text } => write!(f, "note: {text}"),
            FacilitatorAction::Bookmark { label } => write!(f, "bookmark: {label}"),
        }
    }
}

impl fmt::Display for ActionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ActionError::UnknownEvent(e) => write!(f, "no event \"{e}\" in this scenario"),
            ActionError::UnknownEntity(e) => write!(f, "no unit, site, actor or group \"{e}\""),
            ActionError::WrongField { entity, field } => {
                write!(f, "{entity} has no field {field:?}")
            }
            ActionError::OutOfRange { value, min, max } => {
                write!(f, "{value} is outside {min}–{max}")
            }
            ActionError::TurnPassed { turn, next, last } if turn > last => {
                write!(
                    f,
                    "turn {turn} is after the exercise ends (turn {last}); schedule for turn {next}–{last}"
                )
            }
            ActionError::TurnPassed { turn, next, last } => {
                write!(
                    f,
                    "turn {turn} is past; schedule for turn {next}–{last} (or trigger the event now)"
                )
            }
            ActionError::Empty => write!(f, "write a rationale (or the note's text)"),
            ActionError::GameOver => write!(f, "the exercise is over"),
            ActionError::TooLong { len, limit } => write!(
                f,
                "the text takes {len} bytes in the record; the limit is {limit}: split it into several notes (or shorten it)"
            ),
            ActionError::TooMany { limit } => write!(
                f,
                "this turn already holds {limit} facilitator actions, the most a turn may record; play the turn and give the rest next turn"
            ),
        }
    }
}

/// Actions accepted for the coming turn, in the order given.
#[derive(Resource, Debug, Default, Clone)]
pub struct FacilitatorQueue(pub Vec<FacilitatorAction>);

/// Notes and bookmarks so far: (turn they were made after, action).
#[derive(Resource, Debug, Default, Clone)]
pub struct Annotations(pub Vec<(u32, FacilitatorAction)>);

/// Where an entity id points.
enum Target {
    Unit(usize),
    Site(usize),
    Actor(usize),
    Group(usize),
}

fn target(roster: &Roster, id: &str) -> Option<Target> {
    roster
        .unit_index(id)
        .map(Target::Unit)
        .or_else(|| roster.infra_index(id).map(Target::Site))
        .or_else(|| roster.actor_index(id).map(Target::Actor))
        .or_else(|| {
            roster
                .population_ids
                .iter()
                .position(|g| g == id)
                .map(Target::Group)
        })
}

/// The range a field takes, if it belongs to the target's kind.
fn range(t: &Target, field: Field) -> Option<(f32, f32)> {
    match (t, field) {
        (Target::Site(_), Field::Condition) => Some((0.0, 1.0)),
        (Target::Unit(_), Field::Strength | Field::Supplies) => Some((0.0, 100.0)),
        (Target::Actor(_), Field::Trust | Field::Acceptance) => Some((0.0, 1.0)),
        (Target::Group(_), Field::Need(_) | Field::Consent | Field::Legitimacy) => Some((0.0, 1.0)),
        _ => None,
    }
}

/// Checks an action against the present state; changes nothing.
pub fn check(world: &World, action: &FacilitatorAction) -> Result<(), ActionError> {
    let clock = world.resource::<Clock>();
    if clock.turn >= clock.turns {
        return Err(ActionError::GameOver);
    }
    let events = world.resource::<EventState>();
    let has_event = |e: &str| events.events.iter().any(|x| x.id == e);
    match action {
        FacilitatorAction::TriggerEvent { event } => {
            if !has_event(event) {
                return Err(ActionError::UnknownEvent(event.clone()));
            }
        }
        FacilitatorAction::ScheduleEvent { event, turn } => {
            if !has_event(event) {
                return Err(ActionError::UnknownEvent(event.clone()));
            }
            if *turn <= clock.turn || *turn > clock.turns {
                return Err(ActionError::TurnPassed {
                    turn: *turn,
                    next: clock.turn + 1,
                    last: clock.turns,
                });
            }
        }
        FacilitatorAction::Override {
            entity,
            field,
            value,
            rationale,
        } => {
            let roster = world.resource::<Roster>();
            let t =
                target(roster, entity).ok_or_else(|| ActionError::UnknownEntity(entity.clone()))?;
            let (min, max) = range(&t, *field).ok_or(ActionError::WrongField {
                entity: entity.clone(),
                field: *field,
            })?;
            if !(min..=max).contains(value) {
                return Err(ActionError::OutOfRange {
                    value: *value,
                    min,
                    max,
                });
            }
            if rationale.trim().is_empty() {
                return Err(ActionError::Empty);
            }
        }
        FacilitatorAction::Annotate { text: s } | FacilitatorAction::Bookmark { label: s } => {
            if s.trim().is_empty() {
                return Err(ActionError::Empty);
            }
        }
    }
    Ok(())
}

/// Applies the queued actions at the start of a turn (before orders take effect), in the order
/// given, and logs each for the room's record.
pub fn apply_actions(world: &mut World) {
    let actions = std::mem::take(&mut world.resource_mut::<FacilitatorQueue>().0);
    let turn = world.resource::<Clock>().turn;
    for action in actions {
        let text = match &action {
            FacilitatorAction::TriggerEvent { event } => {
                schedule(world, event, turn);
                format!("facilitator fires {event} now")
            }
            FacilitatorAction::ScheduleEvent { event, turn: at } => {
                schedule(world, event, *at);
                format!("facilitator schedules {event} for turn {at}")
            }
            FacilitatorAction::Override {
                entity,
                field,
                value,
                rationale,
            } => {
                set(world, entity, *field, *value);
                format!("facilitator sets {entity} {field:?} to {value}: {rationale}")
            }
            FacilitatorAction::Annotate { text: note }
            | FacilitatorAction::Bookmark { label: note } => {
                let kind = if matches!(action, FacilitatorAction::Annotate { .. }) {
                    "note"
                } else {
                    "bookmark"
                };
                let text = format!("{kind}: {note}");
                world
                    .resource_mut::<Annotations>()
                    .0
                    .push((turn.saturating_sub(1), action.clone()));
                text
            }
        };
        world
            .resource_mut::<TurnLog>()
            .push(LogKind::Facilitator, "facilitator", text);
    }
}

fn schedule(world: &mut World, event: &str, turn: u32) {
    let mut events = world.resource_mut::<EventState>();
    if let Some(i) = events.events.iter().position(|e| e.id == event) {
        events.scheduled.push((turn, i as u32));
    }
}

fn set(world: &mut World, entity: &str, field: Field, value: f32) {
    let Some(t) = target(world.resource::<Roster>(), entity) else {
        return;
    };
    let roster = world.resource::<Roster>();
    let e = match t {
        Target::Unit(i) => roster.units[i],
        Target::Site(i) => roster.infrastructure[i],
        Target::Actor(i) => roster.actors[i],
        Target::Group(i) => roster.population[i],
    };
    match field {
        Field::Condition => {
            if let Some(mut s) = world.get_mut::<Infrastructure>(e) {
                s.condition = value;
            }
            // Functioning and bridges follow at once, as after any change of condition.
            let _ = bevy::ecs::system::RunSystemOnce::run_system_once(
                world,
                super::infrastructure::cascade_functioning,
            );
        }
        Field::Strength | Field::Supplies => {
            if let Some(mut u) = world.get_mut::<Unit>(e) {
                if field == Field::Strength {
                    u.strength = value;
                } else {
                    u.supplies = value;
                }
            }
            // Supplies the white cell set were not burned by the unit: efficiency measures
            // what the unit spends from here on.
            if field == Field::Supplies
                && let Target::Unit(i) = t
                && let Some(last) = world
                    .resource_mut::<super::scoring::ScoreState>()
                    .supplies
                    .get_mut(i)
            {
                *last = value;
            }
        }
        Field::Trust | Field::Acceptance => {
            if let Some(mut a) = world.get_mut::<Actor>(e) {
                if field == Field::Trust {
                    a.trust = value;
                } else {
                    a.acceptance = value;
                }
            }
        }
        Field::Need(sector) => {
            if world.get::<PopulationGroup>(e).is_some()
                && let Some(mut n) = world.get_mut::<Needs>(e)
            {
                n.0[sector.index()] = value;
            }
        }
        Field::Consent | Field::Legitimacy => {
            if let Some(mut a) = world.get_mut::<super::components::Attitudes>(e) {
                if field == Field::Consent {
                    a.consent = value;
                } else {
                    a.legitimacy = value;
                }
            }
        }
    }
}
