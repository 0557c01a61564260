//! Builds the turn-0 world from a validated scenario: one entity per unit, site, group and actor,
//! spawned in stable id order, plus the resources that index them.

use super::compiled_effect::{CompiledEffect, MISSING};
use super::components::*;
use super::conditions::{CompiledCondition, compile};
use super::decisions::{CompiledDecision, DecisionState};
use super::displacement::IDP_PREFIX;
use super::events::{CompiledEvent, CompiledTrigger, EventState};
use super::objectives::{ObjectiveState, Objectives};
use super::report::TurnLog;
use crate::map::{DistrictIdx, HexMap};
use crate::rules::{default_decay, movement_points, unit_capabilities};
use crate::scenario::format::{DEFAULT_COPING, DEFAULT_NEED, Effect, Scenario, SideRole, Trigger};
use bevy::prelude::World;
use std::collections::BTreeMap;

/// Puts the scenario's world into `world`. The scenario must have passed validation; unknown
/// references are skipped rather than trusted, so even an invalid one cannot cause a panic.
pub fn populate(world: &mut World, s: &Scenario, seed: u64) {
    let map = HexMap::from_spec(&s.map);
    let district_index: BTreeMap<&str, DistrictIdx> = s
        .map
        .districts
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i as DistrictIdx))
        .collect();
    let mut roster = Roster::default();
    spawn_units(world, s, &mut roster);
    let infra_index = spawn_sites(world, s, &district_index, &mut roster);
    spawn_groups(world, s, &district_index, &mut roster);
    spawn_actors(world, s, &district_index, &mut roster);
    spawn_displaced(world, s, &mut roster);

    let lookup = Lookup {
        infra: &infra_index,
        districts: &district_index,
        decisions: s
            .decisions
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_str(), i as u32))
            .collect(),
        units: &roster,
    };
    let events = lookup.events(s);
    let decisions = lookup.decisions(s);
    let objectives = lookup.objectives(s);
    let crossings = initial_crossings(world, &map, &roster);

    world.insert_resource(EventState {
        fired: vec![false; events.len()],
        scheduled: Vec::new(),
        events,
    });
    world.insert_resource(objectives);
    insert_tallies(world, s);
    world.insert_resource(super::communities::Communal::new(
        roster.population.len(),
        roster.actors.len(),
        s.map.districts.len(),
        s.population
            .iter()
            .filter(|g| !g.community.is_empty() && g.community != super::communities::DISPLACED)
            .map(|g| g.community.clone())
            .collect(),
    ));
    world.insert_resource(decisions);
    let mut people = vec![0u64; s.map.districts.len()];
    for g in &s.population {
        if let Some(&d) = district_index.get(g.district.as_str()) {
            people[d as usize] += u64::from(g.size);
        }
    }
    world.insert_resource(super::unrest::build(&s.unrest, &people, &map, seed));
    world.insert_resource(Crossings {
        open: crossings,
        version: 0,
    });
    world.insert_resource(Map(map));
    world.insert_resource(Clock {
        turn: 0,
        turns: s.meta.turns,
    });
    world.insert_resource(Seed(seed));
    world.insert_resource(PendingOrders::default());
    world.insert_resource(TurnLog::default());
    world.insert_resource(roster);
}

/// The district indices of a list of district ids; unknown ids are left out.
fn district_list(index: &BTreeMap<&str, DistrictIdx>, ids: &[String]) -> Vec<DistrictIdx> {
    ids.iter()
        .filter_map(|d| index.get(d.as_str()).copied())
        .collect()
}

/// One entity per unit, in id order.
fn spawn_units(world: &mut World, s: &Scenario, roster: &mut Roster) {
    let side_role: BTreeMap<&str, SideRole> =
        s.sides.iter().map(|x| (x.id.as_str(), x.role)).collect();
    let mut units: Vec<_> = s.units.iter().collect();
    units.sort_by(|a, b| a.id.cmp(&b.id));
    for u in units {
        let e = world
            .spawn((
                StableId(u.id.clone()),
                Unit {
                    name: u.name.clone(),
                    side: u.side.clone(),
                    role: side_role
                        .get(u.side.as_str())
                        .copied()
                        .unwrap_or(SideRole::Other),
                    kind: u.kind,
                    strength: u.strength,
                    supplies: u.supplies,
                    capabilities: unit_capabilities(u),
                    movement: u.movement.unwrap_or_else(|| movement_points(u.kind)),
                },
                Position(u.position),
                Task::Hold,
            ))
            .id();
        roster.units.push(e);
        roster.unit_ids.push(u.id.clone());
    }
}

/// One entity per infrastructure site, in id order, and the order their dependencies resolve
/// in. Returns the roster index of each site id.
fn spawn_sites<'s>(
    world: &mut World,
    s: &'s Scenario,
    district_index: &BTreeMap<&str, DistrictIdx>,
    roster: &mut Roster,
) -> BTreeMap<&'s str, u32> {
    let mut infra: Vec<_> = s.infrastructure.iter().collect();
    infra.sort_by(|a, b| a.id.cmp(&b.id));
    let infra_index: BTreeMap<&str, u32> = infra
        .iter()
        .enumerate()
        .map(|(i, x)| (x.id.as_str(), i as u32))
        .collect();
    let needs = |x: &crate::scenario::format::InfraSpec| -> Vec<u32> {
        x.depends_on
            .iter()
            .filter_map(|d| infra_index.get(d.as_str()).copied())
            .collect()
    };
    for x in &infra {
        let e = world
            .spawn((
                StableId(x.id.clone()),
                Infrastructure {
                    name: x.name.clone(),
                    kind: x.kind,
                    hex: x.hex,
                    condition: x.condition,
                    functioning: x.condition,
                    capacity: x.capacity,
                    serves: district_list(district_index, &x.serves),
                    depends_on: needs(x),
                    protected: x.protection(),
                    decay: x.decay.unwrap_or_else(|| default_decay(x.kind)),
                },
            ))
            .id();
        roster.infrastructure.push(e);
        roster.infra_ids.push(x.id.clone());
    }
    roster.infra_order = dependency_order(&infra.iter().map(|x| needs(x)).collect::<Vec<_>>());
    infra_index
}

/// One entity per population group in a known district, in id order.
fn spawn_groups(
    world: &mut World,
    s: &Scenario,
    district_index: &BTreeMap<&str, DistrictIdx>,
    roster: &mut Roster,
) {
    let mut groups: Vec<_> = s.population.iter().collect();
    groups.sort_by(|a, b| a.id.cmp(&b.id));
    for g in groups {
        let Some(&district) = district_index.get(g.district.as_str()) else {
            continue;
        };
        let needs = g.needs.resolve([DEFAULT_NEED; 7]);
        let e = world
            .spawn((
                StableId(g.id.clone()),
                PopulationGroup {
                    district,
                    size: g.size,
                    vulnerable_share: g.vulnerable_share,
                    community: g.community.clone(),
                    coping: g.coping.resolve(DEFAULT_COPING),
                    fled_from: Vec::new(),
                },
                Needs(needs),
                Attitudes {
                    consent: g.attitudes.consent,
                    legitimacy: g.attitudes.legitimacy,
                    grievance: g.attitudes.grievance,
                    wellbeing: super::population::wellbeing(&needs),
                },
                Casualties::default(),
            ))
            .id();
        roster.population.push(e);
        roster.population_ids.push(g.id.clone());
    }
}

/// One entity per civilian actor, in id order; those not yet present start absent.
fn spawn_actors(
    world: &mut World,
    s: &Scenario,
    district_index: &BTreeMap<&str, DistrictIdx>,
    roster: &mut Roster,
) {
    let mut actors: Vec<_> = s.actors.iter().collect();
    actors.sort_by(|a, b| a.id.cmp(&b.id));
    for a in actors {
        let e = world
            .spawn((
                StableId(a.id.clone()),
                Actor {
                    name: a.name.clone(),
                    kind: a.kind,
                    mandate: a.mandate.clone(),
                    capacity: a.capacity,
                    districts: district_list(district_index, &a.districts),
                    access_threshold: a.access_threshold,
                    humanitarian: a.humanitarian,
                    trust: a.trust,
                    stance: a.stance,
                    base_capacity: a.capacity,
                    acceptance: 1.0,
                    coordinated_on: None,
                    base: a
                        .base
                        .as_deref()
                        .or(a.districts.first().map(String::as_str))
                        .and_then(|d| district_index.get(d).copied())
                        .unwrap_or(crate::map::NO_DISTRICT),
                    transport: a.transport,
                    community: a.community.clone(),
                    granted: Vec::new(),
                    status: if a.present {
                        ActorStatus::Active
                    } else {
                        ActorStatus::Absent
                    },
                },
            ))
            .id();
        roster.actors.push(e);
        roster.actor_ids.push(a.id.clone());
    }
}

/// One displaced-persons group per district, after the scenario's groups; empty at first.
fn spawn_displaced(world: &mut World, s: &Scenario, roster: &mut Roster) {
    for (d, district) in s.map.districts.iter().enumerate() {
        let mut coping = DEFAULT_COPING;
        coping[crate::scenario::format::Sector::Shelter.index()] = 0.2;
        let needs = [DEFAULT_NEED; 7];
        let e = world
            .spawn((
                StableId(format!("{IDP_PREFIX}{}", district.id)),
                PopulationGroup {
                    district: d as DistrictIdx,
                    size: 0,
                    vulnerable_share: 0.0,
                    community: super::communities::DISPLACED.to_string(),
                    coping,
                    fled_from: Vec::new(),
                },
                Needs(needs),
                Attitudes {
                    consent: 0.5,
                    legitimacy: 0.5,
                    grievance: 0.0,
                    wellbeing: super::population::wellbeing(&needs),
                },
                Casualties::default(),
            ))
            .id();
        roster.population.push(e);
        roster
            .population_ids
            .push(format!("{IDP_PREFIX}{}", district.id));
        roster.idp_groups.push(e);
    }
}

/// Which river hexes a bridge opens at turn 0.
fn initial_crossings(world: &World, map: &HexMap, roster: &Roster) -> Vec<bool> {
    let mut crossings = vec![false; map.len()];
    for &e in &roster.infrastructure {
        if let Some(x) = world.get::<Infrastructure>(e)
            && x.kind == crate::scenario::format::InfraKind::Bridge
            && let Some(h) = map.index(x.hex)
        {
            crossings[h] = x.functioning >= crate::rules::BRIDGE_OPEN_AT;
        }
    }
    crossings
}

/// The resources the phases fill as the game goes: deliveries, activities, knowledge, promises,
/// the facilitator's queue, scores and the turn's scratch tallies.
fn insert_tallies(world: &mut World, s: &Scenario) {
    let n = s.map.districts.len();
    world.insert_resource(Districts {
        ids: s.map.districts.iter().map(|d| d.id.clone()).collect(),
        names: s.map.districts.iter().map(|d| d.name.clone()).collect(),
    });
    world.insert_resource(Delivered::new(n));
    world.insert_resource(super::activities::ForceActivity::default());
    world.insert_resource(super::actors::ActorAccess::default());
    world.insert_resource(super::reach::Reach::default());
    world.insert_resource(super::requests::Requests::default());
    world.insert_resource(super::knowledge::ForceKnowledge(vec![None; n]));
    world.insert_resource(TurnHours(s.meta.turn_hours));
    world.insert_resource(Promises::default());
    world.insert_resource(super::components::Transitions {
        handed: vec![[false; 7]; n],
    });
    world.insert_resource(super::facilitator::FacilitatorQueue::default());
    world.insert_resource(super::facilitator::Annotations::default());
    world.insert_resource(super::scoring::ScoringConfig(s.scoring));
    world.insert_resource(super::scoring::ScoreState {
        streak: vec![[0; 7]; n],
        last_collateral: vec![None; n],
        ..Default::default()
    });
    world.insert_resource(super::scoring::ledger::Ledger::default());
    world.insert_resource(super::scoring::harm::HarmRecord::default());
    world.insert_resource(super::scoring::efficiency::UnitEffort::default());
}

struct Lookup<'a> {
    infra: &'a BTreeMap<&'a str, u32>,
    districts: &'a BTreeMap<&'a str, DistrictIdx>,
    decisions: BTreeMap<&'a str, u32>,
    units: &'a Roster,
}

impl Lookup<'_> {
    /// The scenario's events with their triggers and effects resolved.
    fn events(&self, s: &Scenario) -> Vec<CompiledEvent> {
        s.events
            .iter()
            .map(|e| CompiledEvent {
                id: e.id.clone(),
                title: e.title.clone(),
                repeat: e.repeat,
                trigger: match &e.trigger {
                    Trigger::AtTurn(t) => CompiledTrigger::AtTurn(*t),
                    Trigger::When(c) => CompiledTrigger::When(self.condition(c)),
                    Trigger::Chance {
                        per_turn,
                        from,
                        until,
                    } => CompiledTrigger::Chance {
                        per_turn: *per_turn,
                        from: *from,
                        until: *until,
                    },
                },
                effects: e.effects.iter().map(|fx| self.effect(fx)).collect(),
            })
            .collect()
    }

    /// The scenario's decision points with their options' effects resolved; none open yet.
    fn decisions(&self, s: &Scenario) -> DecisionState {
        DecisionState {
            decisions: s
                .decisions
                .iter()
                .map(|d| CompiledDecision {
                    id: d.id.clone(),
                    title: d.title.clone(),
                    briefing: d.briefing.clone(),
                    options: d
                        .options
                        .iter()
                        .map(|o| {
                            let fx = o.effects.iter().map(|fx| self.effect(fx)).collect();
                            (o.id.clone(), o.label.clone(), fx)
                        })
                        .collect(),
                    default: d
                        .options
                        .iter()
                        .position(|o| o.id == d.default)
                        .unwrap_or(0),
                })
                .collect(),
            ..Default::default()
        }
    }

    /// The scenario's objectives with their conditions resolved; none met yet.
    fn objectives(&self, s: &Scenario) -> Objectives {
        Objectives(
            s.objectives
                .iter()
                .map(|o| ObjectiveState {
                    id: o.id.clone(),
                    title: o.title.clone(),
                    condition: self.condition(&o.condition),
                    deadline: o.deadline,
                    weight: o.weight,
                    met_on: None,
                    failed: false,
                })
                .collect(),
        )
    }

    fn infra_or_none(&self, id: &str) -> u32 {
        self.infra.get(id).copied().unwrap_or(MISSING)
    }

    fn district(&self, id: &str) -> DistrictIdx {
        self.districts.get(id).copied().unwrap_or(DistrictIdx::MAX)
    }

    fn effect(&self, fx: &Effect) -> CompiledEffect {
        let actor = |id: &str| self.units.actor_index(id).map_or(MISSING, |i| i as u32);
        match fx {
            Effect::Damage { target, amount } => CompiledEffect::Damage {
                target: self.infra_or_none(target),
                amount: *amount,
            },
            Effect::Restore { target, amount } => CompiledEffect::Restore {
                target: self.infra_or_none(target),
                amount: *amount,
            },
            Effect::Message(m) => CompiledEffect::Message(m.clone()),
            Effect::Displace { district, share } => CompiledEffect::Displace {
                district: self.district(district),
                share: *share,
            },
            Effect::Disinformation { district, amount } => CompiledEffect::Disinformation {
                district: self.district(district),
                amount: *amount,
            },
            Effect::Epidemic { district, severity } => CompiledEffect::Epidemic {
                district: self.district(district),
                severity: *severity,
            },
            Effect::ActorArrives(a) => CompiledEffect::ActorArrives(actor(a)),
            Effect::ActorWithdraws(a) => CompiledEffect::ActorWithdraws(actor(a)),
            Effect::RequestForAssistance {
                district,
                sector,
                text,
            } => CompiledEffect::Request {
                district: self.district(district),
                sector: *sector,
                text: text.clone(),
            },
            Effect::Decision(d) => {
                CompiledEffect::Decision(self.decisions.get(d.as_str()).copied().unwrap_or(MISSING))
            }
        }
    }

    fn condition(&self, c: &crate::scenario::format::Condition) -> CompiledCondition {
        compile(
            c,
            &|id| self.infra.get(id).copied(),
            &|id| self.districts.get(id).copied(),
            &|id| self.units.unit_index(id).map(|i| i as u32),
        )
    }
}

/// Topological order of the dependency graph (dependencies first), ties broken by roster index.
/// Nodes on a cycle (only possible in an unvalidated scenario) are appended at the end.
fn dependency_order(deps: &[Vec<u32>]) -> Vec<u32> {
    let n = deps.len();
    let mut remaining: Vec<usize> = deps.iter().map(Vec::len).collect();
    let mut dependents: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (i, ds) in deps.iter().enumerate() {
        for &d in ds {
            if let Some(v) = dependents.get_mut(d as usize) {
                v.push(i as u32);
            }
        }
    }
    let mut ready: std::collections::BTreeSet<u32> = (0..n as u32)
        .filter(|&i| remaining[i as usize] == 0)
        .collect();
    let mut order = Vec::with_capacity(n);
    while let Some(i) = ready.pop_first() {
        order.push(i);
        for &j in &dependents[i as usize] {
            remaining[j as usize] = remaining[j as usize].saturating_sub(1);
            if remaining[j as usize] == 0 {
                ready.insert(j);
            }
        }
    }
    let placed: std::collections::BTreeSet<u32> = order.iter().copied().collect();
    order.extend((0..n as u32).filter(|i| !placed.contains(i)));
    order
}

#[cfg(test)]
mod tests {
    use super::dependency_order;

    #[test]
    fn dependencies_come_first() {
        // 0 hospital needs 1 water and 2 power; 1 water needs 2 power.
        let order = dependency_order(&[vec![1, 2], vec![2], vec![]]);
        assert_eq!(order, vec![2, 1, 0]);
    }
}
