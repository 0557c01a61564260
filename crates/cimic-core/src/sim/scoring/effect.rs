//! What efficiency needs to judge an act by what it changed (docs/rules.md §21.3): the state the
//! last turn left (how old each district's picture was, each actor's trust, capacity and last
//! coordination) and the transit not yet judged, which counts as part of the task it leads to.

use super::super::components::{Actor, Roster};
use super::super::knowledge::ForceKnowledge;
use super::efficiency::Part;
use super::ledger::Cause;
use bevy::prelude::World;

/// Turns a district's picture stays current: an assessment of a district whose picture was
/// taken this recently (by an assessment, a liaison or an actor sharing it) changes nothing.
pub const PICTURE_CURRENT_TURNS: u32 = 2;

/// The state the last turn left, read before this turn's acts are judged.
#[derive(Debug, Default, Clone, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct Before {
    /// Per district, the turn the force's picture was taken (`None`: never).
    pub picture: Vec<Option<u32>>,
    /// Per actor (roster order): trust, capacity and the last turn it coordinated with the force.
    pub trust: Vec<f32>,
    pub capacity: Vec<u32>,
    pub coordinated: Vec<Option<u32>>,
}

impl Before {
    /// What the world holds at the end of a turn, for judging the next.
    pub fn read(world: &World) -> Before {
        let roster = world.resource::<Roster>();
        let actors: Vec<Option<&Actor>> = roster.actors.iter().map(|&e| world.get(e)).collect();
        Before {
            picture: world
                .resource::<ForceKnowledge>()
                .0
                .iter()
                .map(|p| p.map(|p| p.as_of))
                .collect(),
            trust: actors.iter().map(|a| a.map_or(0.0, |a| a.trust)).collect(),
            capacity: actors.iter().map(|a| a.map_or(0, |a| a.capacity)).collect(),
            coordinated: actors
                .iter()
                .map(|a| a.and_then(|a| a.coordinated_on))
                .collect(),
        }
    }

    /// Whether a contact with actor `i` this turn changed something: it raised the actor's trust
    /// (now `trust_now`) or renewed a coordination older than `COORDINATION_MEMORY` turns.
    pub fn contact_changed(&self, i: usize, trust_now: f32, turn: u32) -> bool {
        let moved = trust_now > self.trust.get(i).copied().unwrap_or(0.0) + 1e-6;
        let lapsed = self
            .coordinated
            .get(i)
            .copied()
            .flatten()
            .is_none_or(|c| turn >= c + crate::rules::COORDINATION_MEMORY);
        moved || lapsed
    }

    /// Whether district `d`'s picture was current at the start of `turn`.
    pub fn picture_current(&self, d: usize, turn: u32) -> bool {
        self.picture
            .get(d)
            .copied()
            .flatten()
            .is_some_and(|t| turn.saturating_sub(t) <= PICTURE_CURRENT_TURNS)
    }
}

/// A unit's transit not yet judged: the move order that began it and the effort spent so far.
/// A unit that holds after moving is staging: the transit waits for the next task. Transit not
/// followed by a task before the exercise ends is never judged: like a unit in reserve, it had
/// no chance to show an effect (and moving about gains nothing over holding).
#[derive(Debug, Default, Clone, Copy, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct Transit {
    pub order: u32,
    pub spent: f64,
    pub turns: u32,
}

impl Transit {
    /// Adds a turn on the move.
    pub fn add(&mut self, order: u32, spent: f64) {
        if self.turns == 0 {
            self.order = order;
        }
        self.spent += spent;
        self.turns += 1;
    }

    /// The transit judged as part of what the unit did on arrival, whose parts are `arrival`
    /// (worth their own share of useful effort); empties the transit.
    pub fn judge(&mut self, unit: &str, arrival: &[Part]) -> Option<Part> {
        if self.turns == 0 {
            return None;
        }
        let spent: f64 = arrival.iter().map(|p| p.spent).sum();
        let value = if spent > 0.0 {
            arrival.iter().map(|p| p.useful).sum::<f64>() / spent
        } else {
            0.0
        };
        let t = std::mem::take(self);
        let text = if value > 0.0 {
            format!(
                "{unit}'s {} turn(s) on the move count as part of the task it went to ({:.0}% useful)",
                t.turns,
                value * 100.0
            )
        } else {
            format!(
                "{unit}'s {} turn(s) on the move led to a task that changed nothing",
                t.turns
            )
        };
        Some(Part {
            cause: Cause::Order(t.order),
            entity: unit.to_string(),
            useful: t.spent * value,
            spent: t.spent,
            check: None,
            text,
        })
    }
}
