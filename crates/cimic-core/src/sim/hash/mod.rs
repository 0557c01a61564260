//! The state hash: BLAKE3 over a canonical encoding of the whole game state, written field by field
//! in stable id order. Equal hashes after every turn are the test of determinism and of replay.
//!
//! Each hashed component and resource writes itself through [`Hashed`], whose implementations
//! take their value apart with an exhaustive pattern (no `..`): a new field does not compile until
//! it is written to the hash, or named `_` with a comment saying why it is not state. A unit test
//! (`tests`) changes every field of every hashed component in turn and requires the hash to change
//! for exactly the fields that are not named as left out.

mod encoder;
mod fields;
#[cfg(test)]
mod tests;

use super::components::*;
use super::decisions::DecisionState;
use super::events::EventState;
use super::facilitator::FacilitatorQueue;
use super::knowledge::ForceKnowledge;
use super::objectives::Objectives;
use super::scoring::ScoreState;
use super::scoring::ledger::Ledger;
use super::unrest::Unrest;
use bevy::prelude::World;
use encoder::Encoder;
use fields::Hashed;

/// Hash of the whole state as 16 hex digits (the first 64 bits of BLAKE3).
pub fn state_hash(world: &World) -> String {
    let bytes = state_digest(world);
    bytes[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// Full 32-byte digest of the state.
pub fn state_digest(world: &World) -> [u8; 32] {
    let mut h = Encoder::new(false);
    encode_state(world, &mut h);
    *h.main.finalize().as_bytes()
}

/// A 32-bit digest of each part of the state — each unit's stats, position and task, each
/// site, each group's size, needs, attitudes and casualties, each actor, each global resource —
/// labelled, in encoding order. Records keep them so that a replay which diverges can name what.
pub fn part_digests(world: &World) -> Vec<(String, u32)> {
    let mut h = Encoder::new(true);
    encode_state(world, &mut h);
    let mut parts = h.parts.take().map_or_else(Vec::new, |mut p| {
        p.finish();
        p.done
    });
    parts.retain(|(l, _)| !l.is_empty());
    parts
}

fn encode_state(world: &World, h: &mut Encoder) {
    let roster = world.resource::<Roster>();
    h.part(|| "clock".into());
    h.tag("clock");
    world.resource::<Clock>().encode(h);
    world.resource::<Seed>().encode(h);
    encode_units(world, roster, h);
    encode_sites(world, roster, h);
    encode_population(world, roster, h);
    encode_actors(world, roster, h);
    encode_globals(world, h);
    encode_scores(world, h);
}

/// Each unit in roster order: its id, stats, position and task (`u32::MAX` where it has none).
fn encode_units(world: &World, roster: &Roster, h: &mut Encoder) {
    h.tag("units");
    for (id, &e) in roster.unit_ids.iter().zip(&roster.units) {
        h.part(|| format!("unit {id}: strength, supplies"));
        h.str(id);
        if let Some(u) = world.get::<Unit>(e) {
            u.encode(h);
        }
        h.part(|| format!("unit {id}: position"));
        if let Some(p) = world.get::<Position>(e) {
            p.encode(h);
        }
        h.part(|| format!("unit {id}: task"));
        match world.get::<Task>(e) {
            Some(task) => task.encode(h),
            None => h.u32(u32::MAX),
        }
    }
}

/// Each infrastructure site in roster order.
fn encode_sites(world: &World, roster: &Roster, h: &mut Encoder) {
    h.tag("infrastructure");
    for (id, &e) in roster.infra_ids.iter().zip(&roster.infrastructure) {
        h.part(|| format!("site {id}: condition, functioning"));
        h.str(id);
        if let Some(x) = world.get::<Infrastructure>(e) {
            x.encode(h);
        }
    }
}

/// Each population group in roster order: who it is, its needs, attitudes and casualties.
fn encode_population(world: &World, roster: &Roster, h: &mut Encoder) {
    h.tag("population");
    for (gid, &e) in roster.population_ids.iter().zip(&roster.population) {
        h.part(|| format!("group {gid}: size"));
        if let Some(id) = world.get::<StableId>(e) {
            h.str(&id.0);
        }
        if let Some(g) = world.get::<PopulationGroup>(e) {
            g.encode(h);
        }
        h.part(|| format!("group {gid}: needs"));
        if let Some(n) = world.get::<Needs>(e) {
            n.encode(h);
        }
        h.part(|| format!("group {gid}: attitudes"));
        if let Some(a) = world.get::<Attitudes>(e) {
            a.encode(h);
        }
        h.part(|| format!("group {gid}: casualties"));
        if let Some(c) = world.get::<Casualties>(e) {
            c.encode(h);
        }
    }
}

/// Each civilian actor in roster order.
fn encode_actors(world: &World, roster: &Roster, h: &mut Encoder) {
    h.tag("actors");
    for (id, &e) in roster.actor_ids.iter().zip(&roster.actors) {
        h.part(|| format!("actor {id}: capacity, trust, stance, acceptance, status"));
        if let Some(sid) = world.get::<StableId>(e) {
            h.str(&sid.0);
        }
        if let Some(a) = world.get::<Actor>(e) {
            a.encode(h);
        }
    }
}

/// The resources of the world as a whole, from the crossings to the pending orders.
fn encode_globals(world: &World, h: &mut Encoder) {
    h.part(|| "bridges and crossings".into());
    h.tag("world");
    world.resource::<Crossings>().encode(h);
    h.part(|| "civil unrest".into());
    world.resource::<Unrest>().encode(h);
    h.part(|| "decision points".into());
    world.resource::<DecisionState>().encode(h);
    h.part(|| "promises".into());
    world.resource::<Promises>().encode(h);
    h.part(|| "transitions".into());
    world.resource::<Transitions>().encode(h);
    h.part(|| "requests for assistance".into());
    world.resource::<super::requests::Requests>().encode(h);
    h.part(|| "communities".into());
    world.resource::<super::communities::Communal>().encode(h);
    h.part(|| "service delivery".into());
    world.resource::<Delivered>().encode(h);
    h.part(|| "the force's picture".into());
    world.resource::<ForceKnowledge>().encode(h);
    h.part(|| "events and facilitator actions".into());
    fields::encode_events(
        h,
        world.resource::<EventState>(),
        world.resource::<FacilitatorQueue>(),
    );
    h.part(|| "objectives".into());
    world.resource::<Objectives>().encode(h);
    h.part(|| "pending orders".into());
    world.resource::<PendingOrders>().encode(h);
}

/// Scores: what scoring carries from turn to turn, and the ledger's length and amounts.
fn encode_scores(world: &World, h: &mut Encoder) {
    h.part(|| "scores".into());
    h.tag("scores");
    world.resource::<ScoreState>().encode(h);
    world.resource::<Ledger>().encode(h);
}
