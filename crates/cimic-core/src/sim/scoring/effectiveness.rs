//! Effectiveness (MC 411/2 §32): how far the situation the mission exists for has come. It is a
//! level, 0–100, made of terms: scenario objectives met (by weight), basic needs met, security,
//! host-nation legitimacy and local ownership (per district, weighted by its people), the
//! seven baseline requirements for civil preparedness, and two negative components: civilians the
//! force killed, and deaths from unmet needs per 10 000 people (rules version 9). The ledger records each term's change
//! each turn, so the entries of turns 0..=t add up to the level at turn t.

use super::super::components::{
    Attitudes, Casualties, Delivered, Districts, Infrastructure, Needs, PopulationGroup, Roster,
};
use super::super::displacement::IDP_PREFIX;
use super::super::objectives::Objectives;
use crate::scenario::format::{InfraKind, ScoringWeights, Sector};
use bevy::prelude::World;

/// Which term of effectiveness a component belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Term {
    Objective,
    Needs,
    Security,
    Legitimacy,
    Baseline,
    /// Civilians the force killed: a mission that kills the people it protects has failed part
    /// of its mandate, whatever else it achieved (a negative component).
    Protection,
    /// Civilians who died of unmet needs, per 10 000 people (rules version 9): lives are what a
    /// humanitarian crisis is measured by first, and no level of the needs term notices a death
    /// (a negative component).
    Lives,
}

/// Effectiveness points each civilian killed by the force takes off, up to the whole security
/// share (docs/rules.md §21.2).
pub const POINTS_PER_CIVILIAN_KILLED: f64 = 1.0;

/// Effectiveness points each death from unmet needs per 10 000 people of the scenario takes off,
/// up to the whole needs share (docs/rules.md §21.2): the crude mortality rate, the first
/// indicator of a humanitarian emergency, read in points.
pub const POINTS_PER_DEATH_PER_10K: f64 = 1.0;

/// The seven baseline requirements for civil preparedness, in NATO's order.
pub const BASELINE: [&str; 7] = [
    "continuity of government",
    "energy supply",
    "movement of people",
    "food and water",
    "mass casualties",
    "civil communications",
    "civil transport",
];

/// One component's present points and what they rest on.
#[derive(Debug, Clone, PartialEq)]
pub struct Component {
    pub term: Term,
    /// Stable id of the objective, district or requirement.
    pub entity: String,
    /// Points it contributes to effectiveness now.
    pub points: f64,
    /// The level it rests on, 0–1 (for the trainer's sentence).
    pub level: f64,
    /// What the level is, in a few words.
    pub label: String,
}

/// Shares of the five terms after normalising the scenario's weights (objectives drop out when
/// the scenario has none).
fn shares(w: &ScoringWeights, has_objectives: bool) -> [f64; 5] {
    let raw = [
        if has_objectives {
            f64::from(w.objectives)
        } else {
            0.0
        },
        f64::from(w.needs),
        f64::from(w.security),
        f64::from(w.legitimacy),
        f64::from(w.resilience),
    ];
    let sum: f64 = raw.iter().sum();
    if sum <= 0.0 {
        return [0.0; 5];
    }
    raw.map(|x| 100.0 * x / sum)
}

/// Every component of effectiveness now, in a fixed order (objectives, then per district needs,
/// security and legitimacy, then the baseline requirements).
pub fn components(world: &World, weights: &ScoringWeights) -> Vec<Component> {
    let objectives = world.resource::<Objectives>();
    let share = shares(weights, !objectives.0.is_empty());
    let mut out = objective_components(objectives, share[0]);
    let people = PeopleTally::of(world);
    district_components(world, &people, &share, &mut out);
    baseline_components(world, &people, share[4], &mut out);
    out.push(protection_component(world, share[2]));
    out.push(lives_component(world, share[1]));
    out
}

/// Each objective's points: its weight's share of the objectives' term once it is met.
fn objective_components(objectives: &Objectives, share: f64) -> Vec<Component> {
    let total_weight: f64 = objectives.0.iter().map(|o| f64::from(o.weight)).sum();
    objectives
        .0
        .iter()
        .map(|o| {
            let met = o.met_on.is_some();
            let points = if met && total_weight > 0.0 {
                share * f64::from(o.weight) / total_weight
            } else {
                0.0
            };
            Component {
                term: Term::Objective,
                entity: o.id.clone(),
                points,
                level: if met { 1.0 } else { 0.0 },
                label: format!("objective \"{}\"", o.title),
            }
        })
        .collect()
}

/// People-weighted sums per district, and over all districts.
struct PeopleTally {
    people: Vec<f64>,
    needs: Vec<[f64; 7]>,
    legitimacy: Vec<f64>,
    consent: Vec<f64>,
    /// Displaced people without shelter.
    unsheltered: f64,
    everyone: f64,
    /// Needs and legitimacy summed over the districts, in district order.
    overall: [f64; 7],
    overall_legitimacy: f64,
}

impl PeopleTally {
    fn of(world: &World) -> PeopleTally {
        let roster = world.resource::<Roster>();
        let n = world.resource::<Districts>().ids.len();
        let mut t = PeopleTally {
            people: vec![0.0f64; n],
            needs: vec![[0.0f64; 7]; n],
            legitimacy: vec![0.0f64; n],
            consent: vec![0.0f64; n],
            unsheltered: 0.0,
            everyone: 0.0,
            overall: [0.0f64; 7],
            overall_legitimacy: 0.0,
        };
        for (gi, &e) in roster.population.iter().enumerate() {
            let (Some(g), Some(nd), Some(a)) = (
                world.get::<PopulationGroup>(e),
                world.get::<Needs>(e),
                world.get::<Attitudes>(e),
            ) else {
                continue;
            };
            let d = g.district as usize;
            if d >= n {
                continue;
            }
            let size = f64::from(g.size);
            t.people[d] += size;
            for (acc, v) in t.needs[d].iter_mut().zip(nd.0) {
                *acc += f64::from(v) * size;
            }
            t.legitimacy[d] += f64::from(a.legitimacy) * size;
            t.consent[d] += f64::from(a.consent) * size;
            if roster.population_ids[gi].starts_with(IDP_PREFIX) {
                t.unsheltered += size * (1.0 - f64::from(nd.0[Sector::Shelter.index()]));
            }
        }
        t.everyone = t.people.iter().sum();
        for d in 0..n {
            for (o, v) in t.overall.iter_mut().zip(t.needs[d]) {
                *o += v;
            }
            t.overall_legitimacy += t.legitimacy[d];
        }
        t
    }

    /// A people-weighted sum as a share of everyone.
    fn average(&self, x: f64) -> f64 {
        if self.everyone > 0.0 {
            x / self.everyone
        } else {
            0.0
        }
    }
}

/// Per district: basic needs met, security, and legitimacy with local ownership.
fn district_components(world: &World, t: &PeopleTally, share: &[f64; 5], out: &mut Vec<Component>) {
    let districts = world.resource::<Districts>();
    let delivered = world.resource::<Delivered>();
    let basic: Vec<Sector> = Sector::ALL
        .into_iter()
        .filter(|s| *s != Sector::Security)
        .collect();
    for d in 0..districts.ids.len() {
        let weight = t.average(t.people[d]);
        let mean = |x: f64| {
            if t.people[d] > 0.0 {
                x / t.people[d]
            } else {
                0.0
            }
        };
        let basic_met = basic
            .iter()
            .map(|s| mean(t.needs[d][s.index()]))
            .sum::<f64>()
            / basic.len() as f64;
        let security = mean(t.needs[d][Sector::Security.index()]);
        let legit = mean(t.legitimacy[d]);
        let consent = mean(t.consent[d]);
        let total: f64 = delivered
            .total
            .get(d)
            .map_or(0.0, |row| row.iter().map(|&x| f64::from(x)).sum());
        // Local ownership: what the host nation's authorities and sites delivered, and what
        // local leaders delivered for their own people (docs/rules.md §21.2).
        let local = delivered.local.get(d).copied().unwrap_or(0.0);
        let ownership = if total > 0.0 {
            (f64::from(delivered.host_nation[d]) + f64::from(local)) / total
        } else {
            0.0
        };
        let id = &districts.ids[d];
        out.push(Component {
            term: Term::Needs,
            entity: id.clone(),
            points: share[1] * weight * basic_met,
            level: basic_met,
            label: format!("basic needs met in {id}"),
        });
        out.push(Component {
            term: Term::Security,
            entity: id.clone(),
            points: share[2] * weight * security,
            level: security,
            label: format!("security in {id}"),
        });
        // Consent for the force's presence counts half (MC 411/2: the force works with the
        // consent of the people); before anything is delivered (turn 0) ownership is not yet
        // measurable and legitimacy carries its quarter.
        let level = if total > 0.0 {
            0.25 * legit + 0.25 * ownership + 0.5 * consent
        } else {
            0.5 * legit + 0.5 * consent
        };
        out.push(Component {
            term: Term::Legitimacy,
            entity: id.clone(),
            points: share[3] * weight * level,
            level,
            label: format!(
                "consent ({:.0}%), host-nation legitimacy ({:.0}%) and local ownership ({:.0}%) in {id}",
                consent * 100.0,
                legit * 100.0,
                ownership * 100.0
            ),
        });
    }
}

/// The civilians the force has killed so far, as lost effectiveness (capped at the security
/// share: the mission cannot be less than failed at protecting).
fn protection_component(world: &World, security_share: f64) -> Component {
    let roster = world.resource::<Roster>();
    let killed: u32 = roster
        .population
        .iter()
        .filter_map(|&e| world.get::<Casualties>(e))
        .map(|c| c.by_force)
        .sum();
    let points = -(f64::from(killed) * POINTS_PER_CIVILIAN_KILLED).min(security_share);
    let label = format!("protection of civilians: {killed} killed by the force");
    negative(Term::Protection, points, security_share, label)
}

/// A negative component about the civilians, worth `points` (≤ 0) of a term whose share is
/// `share`: its level is 1 until the points start to count, 0 when they take the whole share.
fn negative(term: Term, points: f64, share: f64, label: String) -> Component {
    Component {
        term,
        entity: "civilians".into(),
        points,
        level: if share > 0.0 {
            1.0 + points / share
        } else {
            1.0
        },
        label,
    }
}

/// Deaths from unmet needs so far, per 10 000 of the people the scenario began with (those
/// alive now and every death), in points up to the needs share. The force's own killings are the
/// protection component's; these are the deaths its care, repairs and coordination could avert.
fn lives_component(world: &World, needs_share: f64) -> Component {
    let roster = world.resource::<Roster>();
    let (mut alive, mut lost) = (0u64, 0u64);
    for &e in &roster.population {
        if let Some(g) = world.get::<PopulationGroup>(e) {
            alive += u64::from(g.size);
        }
        if let Some(c) = world.get::<Casualties>(e) {
            alive += u64::from(c.total);
            lost += u64::from(c.total - c.by_force.min(c.total));
        }
    }
    let rate = if alive > 0 {
        10_000.0 * lost as f64 / alive as f64
    } else {
        0.0
    };
    let points = -(rate * POINTS_PER_DEATH_PER_10K).min(needs_share);
    let label = format!("lives lost: {lost} died of unmet needs, {rate:.1} per 10 000 people");
    negative(Term::Lives, points, needs_share, label)
}

/// Mean functioning of the sites of some kinds (None when there are none).
fn functioning(world: &World, kinds: &[InfraKind]) -> Option<f64> {
    let mut sum = 0.0;
    let mut count = 0.0;
    for &e in &world.resource::<Roster>().infrastructure {
        if let Some(s) = world.get::<Infrastructure>(e)
            && kinds.contains(&s.kind)
        {
            sum += f64::from(s.functioning);
            count += 1.0;
        }
    }
    (count > 0.0).then(|| sum / count)
}

/// The baseline requirements, each an equal part of their term.
fn baseline_components(world: &World, t: &PeopleTally, share: f64, out: &mut Vec<Component>) {
    let sector = |s: Sector| t.average(t.overall[s.index()]);
    let blend = |a: f64, b: Option<f64>| b.map_or(a, |b| 0.5 * (a + b));
    let baseline = [
        blend(
            t.average(t.overall_legitimacy),
            functioning(world, &[InfraKind::GovernmentOffice]),
        ),
        sector(Sector::Energy),
        if t.everyone > 0.0 {
            1.0 - t.unsheltered / t.everyone
        } else {
            1.0
        },
        0.5 * (sector(Sector::Food) + sector(Sector::Water)),
        blend(
            sector(Sector::Health),
            functioning(world, &[InfraKind::Hospital, InfraKind::Clinic]),
        ),
        sector(Sector::Communications),
        functioning(world, &[InfraKind::Bridge, InfraKind::Port]).unwrap_or(1.0),
    ];
    for (name, level) in BASELINE.iter().zip(baseline) {
        out.push(Component {
            term: Term::Baseline,
            entity: name.replace(' ', "_"),
            points: share * level / BASELINE.len() as f64,
            level,
            label: format!("baseline requirement: {name}"),
        });
    }
}
