//! Turn phase (order in `turn_schedule`): civil unrest, by the Epstein (2002) civil-violence rule run with citizen agents in
//! every district ([`crate::epstein`], checked against Mesa's reference implementation). Each
//! turn a district's citizens take their hardship from the people's unmet needs, the regime's
//! legitimacy from the host-nation government's, and the cops from the force and host-nation
//! units, the host-nation police stations and law-enforcement actors present; active unrest
//! then costs the district security.

use super::components::{
    Actor, ActorStatus, Attitudes, Infrastructure, Needs, PopulationGroup, Position, Seed,
    TurnFrame, Unit,
};
use super::report::{LogKind, TurnLog};
use super::rng::{Subsystem, stream};
use crate::epstein::{CitizenState, EpsteinParams, EpsteinWorld};
use crate::scenario::format::{
    ActorKind, Capability, InfraKind, Sector, SideRole, UnitKind, UnrestSpec,
};
use bevy::ecs::system::SystemParam;
use bevy::prelude::{Query, Res, ResMut, Resource};
use rand_chacha::ChaCha8Rng;

/// Citizen density of a district's grid (Mesa's default), which sets the grid's size.
const GRID_DENSITY: f32 = 0.7;

/// A district's citizens: the model world and each citizen's own share of hardship.
#[derive(Debug, Clone)]
pub struct DistrictUnrest {
    pub world: EpsteinWorld,
    /// Each citizen's draw u ~ U(0, 1); hardship = min(1, 2 · u · district hardship), so that the
    /// mean is the district's hardship and citizens differ as in Epstein's model.
    pub spread: Vec<f64>,
}

/// Unrest in every district (`None` where nobody lives or the scale gives no citizens).
#[derive(Resource, Debug, Clone, Default)]
pub struct Unrest {
    pub spec: Option<UnrestSpec>,
    pub districts: Vec<Option<DistrictUnrest>>,
    /// Share of citizens active after the last turn, per district.
    pub active: Vec<f32>,
    /// Share of citizens jailed after the last turn, per district.
    pub jailed: Vec<f32>,
    /// Each district's share of non-urban hexes (the static map's): informal control is stronger
    /// in the countryside. Derived once at turn 0, so not part of the state hash.
    pub rural: Vec<f32>,
}

/// The side of a district's square torus: big enough for `citizens` at the model's usual density,
/// and room for cops. Public so that validation can size the model before building it.
pub fn grid_side(citizens: u32) -> u32 {
    let mut side = 2u32;
    while (side * side) as f32 * GRID_DENSITY < citizens as f32 {
        side += 1;
    }
    side
}

fn params(spec: &UnrestSpec, citizens: u32) -> EpsteinParams {
    let side = grid_side(citizens);
    EpsteinParams {
        width: side,
        height: side,
        citizen_density: 0.0,
        cop_density: 0.0,
        citizen_vision: spec.vision,
        cop_vision: spec.vision,
        legitimacy: 0.5,
        max_jail_term: spec.max_jail_term,
        active_threshold: f64::from(spec.active_threshold),
        arrest_prob_constant: f64::from(spec.arrest_prob_constant),
        movement: true,
    }
}

/// Builds every district's citizens from the people living there at the start.
pub fn build(spec: &UnrestSpec, people: &[u64], map: &crate::map::HexMap, seed: u64) -> Unrest {
    let mut rng = stream(seed, 0, Subsystem::Unrest);
    let districts = people
        .iter()
        .map(|&p| {
            let citizens = p
                .div_ceil(u64::from(spec.people_per_citizen))
                .min(u64::from(spec.max_citizens)) as u32;
            if citizens == 0 {
                return None;
            }
            let world =
                EpsteinWorld::with_population(params(spec, citizens), citizens, 0, &mut rng)
                    .ok()?;
            let spread = world.hardship().to_vec();
            Some(DistrictUnrest { world, spread })
        })
        .collect::<Vec<_>>();
    let n = districts.len();
    Unrest {
        spec: Some(*spec),
        districts,
        active: vec![0.0; n],
        jailed: vec![0.0; n],
        rural: rural_share(map, n),
    }
}

/// Cop agents a unit puts in its district: force and host-nation units that can patrol (security
/// troops, not medics, engineers or helicopters) count, military police double.
fn unit_cops(spec: &UnrestSpec, u: &Unit) -> f32 {
    if !matches!(u.role, SideRole::Force | SideRole::HostNation)
        || u.strength <= 0.0
        || !u.capabilities.contains(&Capability::Patrol)
    {
        return 0.0;
    }
    let kind = if u.kind == UnitKind::MilitaryPolice {
        2.0
    } else {
        1.0
    };
    spec.cops_per_unit * kind * u.strength / 100.0
}

/// The turn, its random stream's seed, and the roster and map the citizens live on.
#[derive(SystemParam)]
pub struct UnrestInputs<'w> {
    frame: TurnFrame<'w>,
    seed: Res<'w, Seed>,
    communal: Res<'w, super::communities::Communal>,
}

/// Plays the turn's model steps in every district and feeds active unrest back into security.
pub fn civil_unrest(
    inputs: UnrestInputs,
    mut unrest: ResMut<Unrest>,
    mut log: ResMut<TurnLog>,
    units: Query<(&Unit, &Position)>,
    actors: Query<&Actor>,
    sites: Query<&Infrastructure>,
    mut groups: Query<(&PopulationGroup, &mut Needs, &Attitudes)>,
) {
    let UnrestInputs {
        frame:
            TurnFrame {
                clock,
                roster,
                map,
                districts,
                ..
            },
        seed,
        communal,
    } = inputs;
    let Some(spec) = unrest.spec else { return };
    let n = districts.ids.len();
    // Hardship as people feel it (1 − wellbeing, plus tension) and legitimacy, people-weighted.
    let mut people = vec![0.0f64; n];
    let mut hardship = vec![0.0f64; n];
    let mut legitimacy = vec![0.0f64; n];
    for (gi, &e) in roster.population.iter().enumerate() {
        if let Ok((g, needs, a)) = groups.get(e)
            && (g.district as usize) < n
        {
            let w = f64::from(g.size);
            people[g.district as usize] += w;
            let tension = communal.tension.get(gi).copied().unwrap_or(0.0);
            hardship[g.district as usize] += w * f64::from(super::population::felt_hardship(
                super::population::wellbeing(&needs.0),
                tension,
            ));
            legitimacy[g.district as usize] += w * f64::from(a.legitimacy);
        }
    }
    let mut cops = vec![0.0f32; n];
    for &e in &roster.units {
        if let Ok((u, pos)) = units.get(e)
            && let Some(d) = map.0.district_at(pos.0)
        {
            cops[d as usize] += unit_cops(&spec, u);
        }
    }
    // Host-nation police stations, by what they deliver.
    for &e in &roster.infrastructure {
        if let Ok(s) = sites.get(e)
            && s.kind == InfraKind::PoliceStation
            && !s.serves.is_empty()
        {
            let each = spec.police_per_thousand * s.capacity as f32 * s.functioning
                / 1000.0
                / s.serves.len() as f32;
            for &d in &s.serves {
                if let Some(c) = cops.get_mut(d as usize) {
                    *c += each;
                }
            }
        }
    }
    for &e in &roster.actors {
        if let Ok(a) = actors.get(e)
            && a.kind == ActorKind::LawEnforcement
            && a.status == ActorStatus::Active
            && !a.districts.is_empty()
        {
            let each =
                spec.police_per_thousand * a.capacity as f32 / 1000.0 / a.districts.len() as f32;
            for &d in &a.districts {
                cops[d as usize] += each;
            }
        }
    }
    let mut rng: ChaCha8Rng = stream(seed.0, clock.turn, Subsystem::Unrest);
    let Unrest {
        districts: worlds,
        active,
        jailed,
        rural,
        ..
    } = &mut *unrest;
    for d in 0..n {
        let Some(du) = worlds.get_mut(d).and_then(Option::as_mut) else {
            continue;
        };
        if people[d] <= 0.0 {
            continue;
        }
        let h = (hardship[d] / people[d]).clamp(0.0, 1.0);
        let l = (legitimacy[d] / people[d]).clamp(0.0, 1.0);
        let per_citizen: Vec<f64> = du.spread.iter().map(|u| (2.0 * u * h).min(1.0)).collect();
        if du.world.set_hardship(&per_citizen).is_err() || du.world.set_legitimacy(l).is_err() {
            continue;
        }
        // The community's own restraint, on the people its citizens stand for (so a district
        // above `max_citizens` is not flooded with cops its citizens do not represent).
        let represented = du.world.citizen_count() as f32 * spec.people_per_citizen as f32;
        let informal = spec.informal_control_per_thousand
            * (1.0 + rural.get(d).copied().unwrap_or(0.0))
            * represented.min(people[d] as f32)
            / 1000.0;
        du.world
            .set_cop_count((cops[d] + informal + 0.5).floor() as usize, &mut rng);
        for _ in 0..spec.steps_per_turn {
            du.world.step(&mut rng);
        }
        let c = du.world.counts();
        let total = du.world.citizen_count().max(1) as f32;
        active[d] = c.active as f32 / total;
        jailed[d] = c.jailed as f32 / total;
        if active[d] >= 0.05 {
            let id = &districts.ids[d];
            log.push(
                LogKind::Unrest,
                id,
                format!(
                    "unrest in {id}: {:.0}% of people active, {:.0}% detained",
                    active[d] * 100.0,
                    jailed[d] * 100.0
                ),
            );
        }
    }
    // Active unrest costs the district security.
    for &e in &roster.population {
        if let Ok((g, mut needs, _)) = groups.get_mut(e)
            && let Some(&a) = active.get(g.district as usize)
            && a > 0.0
        {
            let s = &mut needs.0[Sector::Security.index()];
            *s = (*s - spec.security_impact * a).max(0.0);
        }
    }
}

/// Encodes a district's model state for the state hash: every list with its length first,
/// floats by their bits with the sign of zero dropped.
pub fn encode(du: &DistrictUnrest, out: &mut Vec<u8>) {
    let DistrictUnrest { world: w, spread } = du;
    let f = |v: f64| if v == 0.0 { 0.0f64 } else { v };
    out.extend_from_slice(&f(w.legitimacy()).to_bits().to_le_bytes());
    for len in [w.citizen_count(), w.cop_count()] {
        out.extend_from_slice(&(len as u32).to_le_bytes());
    }
    for s in w.states() {
        out.push(match s {
            CitizenState::Quiet => 0,
            CitizenState::Active => 1,
            CitizenState::Jailed => 2,
        });
    }
    let ints = w
        .jail_terms()
        .iter()
        .chain(w.citizen_cells())
        .chain(w.cop_cells());
    for v in ints {
        out.extend_from_slice(&v.to_le_bytes());
    }
    let floats = w.hardship().iter().chain(w.risk_aversion()).chain(spread);
    for v in floats {
        out.extend_from_slice(&f(*v).to_bits().to_le_bytes());
    }
}

/// Each district's share of hexes that are not urban: informal social control is stronger in
/// villages than in towns (docs/rules.md §14).
fn rural_share(map: &crate::map::HexMap, n: usize) -> Vec<f32> {
    let (mut rural, mut all) = (vec![0u32; n], vec![0u32; n]);
    for (i, &d) in map.district.iter().enumerate() {
        if let Some(a) = all.get_mut(d as usize) {
            *a += 1;
            if map.terrain[i] != crate::scenario::format::Terrain::Urban {
                rural[d as usize] += 1;
            }
        }
    }
    rural
        .iter()
        .zip(&all)
        .map(|(&r, &a)| if a > 0 { r as f32 / a as f32 } else { 0.0 })
        .collect()
}
