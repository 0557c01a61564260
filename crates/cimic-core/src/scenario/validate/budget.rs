//! Global budgets checked at validation, so that every scenario that validates can be played and
//! recorded on an ordinary machine (docs/reliability.md): the civil-unrest model's work and
//! memory per turn, and the most bytes a record of the game can reach. Each field has its own
//! range, but ranges alone multiply out: 20,000 districts at the unrest model's largest settings
//! would need tens of gigabytes and most of an hour a turn, and 20,000 units over 1,000 turns
//! would write a record nobody could read back.

use super::super::diag::Problem;
use super::super::format::{Scenario, SideRole};
use crate::sim::unrest::grid_side;
use std::collections::BTreeMap;

/// Most civil-unrest work a turn may take, in "looks": each citizen, at each model step, looks
/// at its vision (`2 · vision + 1` runs of cells) plus a fixed cost of about six runs. Measured
/// at about 7 ns a look in a release build on the reference machine (docs/reliability.md), so
/// the limit is about 3 s a turn there, well inside the 10 s bound.
pub const MAX_UNREST_LOOKS_PER_TURN: u64 = 400_000_000;

/// Most memory the civil-unrest model may take, in bytes (its grids, their vision tables and its
/// citizens), so that a game stays within 2 GB with the rest of the state.
pub const MAX_UNREST_BYTES: u64 = 1 << 30;

/// Largest record or journal file read back (`replay`, `resume`, `report`, …). Scenarios whose
/// record could grow past it are refused at validation ([`record_bytes`]), so what the engine
/// writes it can read.
pub const MAX_RECORD_BYTES: u64 = 256 * 1024 * 1024;

/// What the civil-unrest model of a scenario costs: work per turn and memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnrestCost {
    /// Districts with citizens.
    pub districts: u64,
    /// Citizen agents in all.
    pub citizens: u64,
    /// Looks per turn (see [`MAX_UNREST_LOOKS_PER_TURN`]).
    pub looks: u64,
    /// Bytes of memory.
    pub bytes: u64,
}

/// The civil-unrest model's cost for a scenario, worked out as the simulation builds it
/// (citizens per district from the people living there at the start, capped by
/// `max_citizens`; a square grid per district at the model's density).
pub fn unrest_cost(s: &Scenario) -> UnrestCost {
    let u = &s.unrest;
    let index: BTreeMap<&str, usize> = s
        .map
        .districts
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    let mut people = vec![0u64; s.map.districts.len()];
    for g in &s.population {
        if let Some(&d) = index.get(g.district.as_str()) {
            people[d] += u64::from(g.size);
        }
    }
    let ppc = u64::from(u.people_per_citizen.max(1));
    let runs = 2 * u64::from(u.vision) + 1;
    let mut cost = UnrestCost {
        districts: 0,
        citizens: 0,
        looks: 0,
        bytes: 0,
    };
    for p in people {
        let citizens = p.div_ceil(ppc).min(u64::from(u.max_citizens));
        if citizens == 0 {
            continue;
        }
        let side = u64::from(grid_side(citizens as u32));
        let cells = side * side;
        cost.districts += 1;
        cost.citizens += citizens;
        cost.looks = cost.looks.saturating_add(
            citizens
                .saturating_mul(u64::from(u.steps_per_turn))
                .saturating_mul(runs + 6),
        );
        // Per cell: its occupant, layers and table start (64 bytes, measured) and its vision
        // runs (8 bytes each, one more for the own column's split); per citizen: hardship,
        // risk, state, term, cell. Within 15% of the resident memory measured at the limit.
        cost.bytes = cost
            .bytes
            .saturating_add(cells.saturating_mul(64 + 8 * (runs + 1)) + citizens * 40);
    }
    cost
}

/// Problems with the unrest budget: a located error naming the settings to lower.
pub fn unrest_problems(s: &Scenario) -> Vec<Problem> {
    let c = unrest_cost(s);
    let lower = "lower `unrest.steps_per_turn`, `unrest.vision` or `unrest.max_citizens`, \
                 or raise `unrest.people_per_citizen` (docs/reliability.md)";
    let mut out = Vec::new();
    if c.looks > MAX_UNREST_LOOKS_PER_TURN {
        out.push(
            Problem::at(
                "unrest.steps_per_turn",
                format!(
                    "the civil-unrest model would take {} looks a turn ({} citizens in {} districts × {} steps × a vision of {}); the limit is {MAX_UNREST_LOOKS_PER_TURN}, about 3 s",
                    c.looks, c.citizens, c.districts, s.unrest.steps_per_turn, s.unrest.vision
                ),
            )
            .hint(lower),
        );
    }
    if c.bytes > MAX_UNREST_BYTES {
        out.push(
            Problem::at(
                "unrest.max_citizens",
                format!(
                    "the civil-unrest model would need {} MiB of memory ({} citizens in {} districts, vision {}); the limit is {} MiB",
                    c.bytes >> 20,
                    c.citizens,
                    c.districts,
                    s.unrest.vision,
                    MAX_UNREST_BYTES >> 20
                ),
            )
            .hint(lower),
        );
    }
    out
}

/// The most bytes a record of a game of this scenario can reach with the inputs a policy or an
/// orders file gives (an order per commanded unit and a choice per decision each turn): the
/// header with the scenario's text (escaped as RON escapes it), then per turn its inputs and
/// its outcome (a digest per part of the state: three per unit, four per population group —
/// twice as many groups allowed for the displaced —, one per site and actor).
pub fn record_bytes(s: &Scenario, text: &str) -> u64 {
    let escaped = ron::to_string(text).map_or(text.len() * 6, |t| t.len()) as u64;
    let header = escaped + 4096;
    let id = |v: &str| 2 * v.len() as u64;
    let longest = s
        .units
        .iter()
        .map(|u| u.id.as_str())
        .chain(s.infrastructure.iter().map(|i| i.id.as_str()))
        .chain(s.actors.iter().map(|a| a.id.as_str()))
        .chain(s.map.districts.iter().map(|d| d.id.as_str()))
        .chain(s.population.iter().map(|g| g.id.as_str()))
        .map(id)
        .max()
        .unwrap_or(0);
    let commanded: BTreeMap<&str, bool> = s
        .sides
        .iter()
        .map(|side| (side.id.as_str(), side.role == SideRole::Force))
        .collect();
    let orders: u64 = s
        .units
        .iter()
        .filter(|u| commanded.get(u.side.as_str()).copied().unwrap_or(false))
        .map(|_| 160 + 3 * longest)
        .sum();
    let decisions: u64 = s.decisions.iter().map(|_| 48 + 2 * longest).sum();
    let outcome: u64 = 1024
        + s.units.iter().map(|u| 3 * (48 + id(&u.id))).sum::<u64>()
        + s.infrastructure.iter().map(|i| 64 + id(&i.id)).sum::<u64>()
        + s.population
            .iter()
            .map(|g| 2 * 4 * (48 + id(&g.id)))
            .sum::<u64>()
        + s.actors.iter().map(|a| 96 + id(&a.id)).sum::<u64>();
    header
        .saturating_add(u64::from(s.meta.turns).saturating_mul(256 + orders + decisions + outcome))
}

/// Problems with the record budget: a record that could not be read back.
pub fn record_problems(s: &Scenario, text: &str) -> Vec<Problem> {
    let bytes = record_bytes(s, text);
    if bytes <= MAX_RECORD_BYTES {
        return Vec::new();
    }
    vec![
        Problem::at(
            "meta.turns",
            format!(
                "a record of this game could reach {} MiB ({} turns of {} units, {} population groups, {} sites and {} actors); records are read back up to {} MiB",
                bytes >> 20,
                s.meta.turns,
                s.units.len(),
                s.population.len(),
                s.infrastructure.len(),
                s.actors.len(),
                MAX_RECORD_BYTES >> 20
            ),
        )
        .hint("lower `meta.turns`, or merge units or population groups (docs/reliability.md)"),
    ]
}
