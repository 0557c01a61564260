//! Who can get where by land this turn (docs/rules.md §11.1, §15): the map's ground regions for
//! the bridges as they stand, kept between phases and recomputed only when a bridge opens or
//! closes. Derived from the map and the crossings alone, so it is not part of the state hash.

use super::components::Actor;
use crate::map::regions::Regions;
use crate::map::{DistrictIdx, HexMap};
use crate::scenario::format::Transport;
use bevy::prelude::Resource;

/// The ground regions for the crossings last seen.
#[derive(Resource, Debug, Default, Clone)]
pub struct Reach(Regions);

impl Reach {
    /// The regions for these crossings, recomputed (one pass over the map) only if they changed.
    pub fn current(&mut self, map: &HexMap, districts: usize, crossings: &[bool]) -> &Regions {
        if !self.0.is_for(crossings) {
            self.0 = Regions::compute(map, districts, crossings);
        }
        &self.0
    }

    /// The regions for these crossings without changing the cache (for readers between turns,
    /// such as the views): the cached ones when current, otherwise computed afresh.
    pub fn peek(
        &self,
        map: &HexMap,
        districts: usize,
        crossings: &[bool],
    ) -> std::borrow::Cow<'_, Regions> {
        if self.0.is_for(crossings) {
            std::borrow::Cow::Borrowed(&self.0)
        } else {
            std::borrow::Cow::Owned(Regions::compute(map, districts, crossings))
        }
    }
}

/// Whether an actor can get to a district now: by land from its base, or anywhere of its area
/// with boats or aircraft.
pub fn actor_reaches(actor: &Actor, regions: &Regions, d: DistrictIdx) -> bool {
    actor.transport != Transport::Ground || regions.linked(actor.base, d)
}
