//! What an inject or a decision option does, as the scenario states it with its references
//! resolved to roster and district indices. Plain data below the phases: events and decision
//! points carry lists of it, and [`super::effects`] applies it.

use crate::map::DistrictIdx;
use crate::scenario::format::Sector;

/// Index standing for a reference that could not be resolved; such an effect does nothing.
pub const MISSING: u32 = u32::MAX;

/// An effect with its references resolved to indices.
#[derive(Debug, Clone, PartialEq)]
pub enum CompiledEffect {
    Damage {
        target: u32,
        amount: f32,
    },
    Restore {
        target: u32,
        amount: f32,
    },
    Message(String),
    Displace {
        district: DistrictIdx,
        share: f32,
    },
    Disinformation {
        district: DistrictIdx,
        amount: f32,
    },
    Epidemic {
        district: DistrictIdx,
        severity: f32,
    },
    ActorArrives(u32),
    ActorWithdraws(u32),
    Request {
        district: DistrictIdx,
        sector: Sector,
        text: String,
    },
    Decision(u32),
}
