//! Conditions from the scenario (event triggers, objectives) resolved to roster indices once at
//! start, and evaluated against a read-only [`Situation`] of the present state.

use super::components::{Needs, PopulationGroup, Position, TurnFrame, Unit};
use crate::map::DistrictIdx;
use crate::scenario::format::{Condition, Sector};
use bevy::prelude::{Query, With};

/// Index used for a reference that could not be resolved; evaluates as false.
const MISSING: u32 = u32::MAX;

/// A condition with ids replaced by roster/district indices.
#[derive(Debug, Clone, PartialEq)]
pub enum CompiledCondition {
    TurnAtLeast(u32),
    InfraAtLeast(u32, f32),
    InfraBelow(u32, f32),
    NeedAtLeast(u32, Sector, f32),
    NeedBelow(u32, Sector, f32),
    UnitInDistrict(u32, u32),
    UnrestAbove(u32, f32),
    All(Vec<CompiledCondition>),
    Any(Vec<CompiledCondition>),
    Not(Box<CompiledCondition>),
}

/// Resolves the ids in a condition with the given lookups.
pub fn compile(
    c: &Condition,
    infra: &dyn Fn(&str) -> Option<u32>,
    district: &dyn Fn(&str) -> Option<DistrictIdx>,
    unit: &dyn Fn(&str) -> Option<u32>,
) -> CompiledCondition {
    let d = |id: &str| district(id).map_or(MISSING, u32::from);
    let rec = |x: &Condition| compile(x, infra, district, unit);
    match c {
        Condition::TurnAtLeast(t) => CompiledCondition::TurnAtLeast(*t),
        Condition::InfraAtLeast { infra: i, value } => {
            CompiledCondition::InfraAtLeast(infra(i).unwrap_or(MISSING), *value)
        }
        Condition::InfraBelow { infra: i, value } => {
            CompiledCondition::InfraBelow(infra(i).unwrap_or(MISSING), *value)
        }
        Condition::NeedAtLeast {
            district: x,
            sector,
            value,
        } => CompiledCondition::NeedAtLeast(d(x), *sector, *value),
        Condition::NeedBelow {
            district: x,
            sector,
            value,
        } => CompiledCondition::NeedBelow(d(x), *sector, *value),
        Condition::UnitInDistrict {
            unit: u,
            district: x,
        } => CompiledCondition::UnitInDistrict(unit(u).unwrap_or(MISSING), d(x)),
        Condition::UnrestAbove { district: x, value } => {
            CompiledCondition::UnrestAbove(d(x), *value)
        }
        Condition::All(list) => CompiledCondition::All(list.iter().map(rec).collect()),
        Condition::Any(list) => CompiledCondition::Any(list.iter().map(rec).collect()),
        Condition::Not(inner) => CompiledCondition::Not(Box::new(rec(inner))),
    }
}

/// The facts conditions test, gathered once per phase in stable order.
#[derive(Debug, Clone, Default)]
pub struct Situation {
    /// The turn being played.
    pub turn: u32,
    /// Functioning of each site, by roster index.
    pub functioning: Vec<f32>,
    /// People-weighted needs satisfaction per district (`None` for a district without people).
    pub district_needs: Vec<Option<[f32; 7]>>,
    /// District of each unit, by roster index.
    pub unit_district: Vec<Option<DistrictIdx>>,
    /// Share of each district's citizens in active unrest.
    pub unrest: Vec<f32>,
}

impl Situation {
    /// Gathers the facts from the world in roster order; `functioning` and the groups are
    /// passed in because the events phase holds sites and groups mutably.
    pub fn gather<'a>(
        frame: &TurnFrame,
        functioning: Vec<f32>,
        groups: impl Iterator<Item = (&'a PopulationGroup, &'a Needs)>,
        units: &Query<&Position, With<Unit>>,
        unrest: &[f32],
    ) -> Situation {
        Situation {
            unrest: unrest.to_vec(),
            turn: frame.clock.turn,
            functioning,
            district_needs: super::services::condition_needs(groups, frame.districts.ids.len()),
            unit_district: frame
                .roster
                .units
                .iter()
                .map(|&e| units.get(e).ok().and_then(|p| frame.map.0.district_at(p.0)))
                .collect(),
        }
    }
}

impl CompiledCondition {
    /// Whether the condition holds in `s`.
    pub fn holds(&self, s: &Situation) -> bool {
        let need = |d: u32, sector: Sector| {
            s.district_needs
                .get(d as usize)
                .copied()
                .flatten()
                .map(|n| n[sector.index()])
        };
        match self {
            CompiledCondition::TurnAtLeast(t) => s.turn >= *t,
            CompiledCondition::InfraAtLeast(i, v) => {
                s.functioning.get(*i as usize).is_some_and(|f| f >= v)
            }
            CompiledCondition::InfraBelow(i, v) => {
                s.functioning.get(*i as usize).is_some_and(|f| f < v)
            }
            CompiledCondition::NeedAtLeast(d, sector, v) => {
                need(*d, *sector).is_some_and(|n| n >= *v)
            }
            CompiledCondition::NeedBelow(d, sector, v) => need(*d, *sector).is_some_and(|n| n < *v),
            CompiledCondition::UnrestAbove(d, v) => {
                s.unrest.get(*d as usize).is_some_and(|a| a > v)
            }
            CompiledCondition::UnitInDistrict(u, d) => s
                .unit_district
                .get(*u as usize)
                .copied()
                .flatten()
                .is_some_and(|x| u32::from(x) == *d),
            CompiledCondition::All(list) => list.iter().all(|c| c.holds(s)),
            CompiledCondition::Any(list) => list.iter().any(|c| c.holds(s)),
            CompiledCondition::Not(inner) => !inner.holds(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combinators_and_missing_references() {
        let s = Situation {
            turn: 3,
            functioning: vec![0.8],
            district_needs: vec![Some([0.4; 7]), None],
            unit_district: vec![Some(1)],
            unrest: vec![0.2, 0.0],
        };
        assert!(CompiledCondition::InfraAtLeast(0, 0.8).holds(&s));
        assert!(!CompiledCondition::InfraBelow(0, 0.8).holds(&s));
        assert!(!CompiledCondition::InfraAtLeast(MISSING, 0.0).holds(&s));
        assert!(CompiledCondition::NeedBelow(0, Sector::Water, 0.5).holds(&s));
        assert!(!CompiledCondition::NeedBelow(1, Sector::Water, 0.5).holds(&s));
        assert!(CompiledCondition::UnitInDistrict(0, 1).holds(&s));
        let both = CompiledCondition::All(vec![
            CompiledCondition::TurnAtLeast(3),
            CompiledCondition::Not(Box::new(CompiledCondition::TurnAtLeast(4))),
        ]);
        assert!(both.holds(&s));
    }
}
