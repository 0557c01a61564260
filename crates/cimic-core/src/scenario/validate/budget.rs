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

/// Most orders one turn of a record may hold, per unit of the force: a trainee may change a
/// unit's order a few times before the turn is played (each accepted order is recorded, the last
/// one counts). With [`EXTRA_ORDERS_PER_TURN`] this makes the record budget's per-turn orders a
/// true bound ([`max_orders_per_turn`]), whatever the GUI, an orders file or the API gives.
pub const MAX_ORDERS_PER_UNIT: u64 = 4;

/// Orders one turn may hold beyond [`MAX_ORDERS_PER_UNIT`] per force unit, so that a small
/// force still has room to correct itself.
pub const EXTRA_ORDERS_PER_TURN: u64 = 16;

/// Most decision-point choices one turn may hold, per decision point of the scenario (changing
/// one's mind is recorded too), plus [`EXTRA_ORDERS_PER_TURN`]; see [`max_choices_per_turn`].
pub const MAX_CHOICES_PER_DECISION: u64 = 4;

/// Most facilitator actions (injects, overrides, notes, bookmarks) one turn may hold: a white
/// cell acts a few times a turn; a fixed number keeps a game of many turns inside the record
/// budget even when every action carries a note of [`MAX_NOTE_BYTES`].
pub const MAX_FACILITATOR_ACTIONS_PER_TURN: u64 = 16;

/// Most bytes a note, bookmark label or override rationale may take in the record (its text as
/// RON escapes it: a byte per ASCII character, the UTF-8 length of other printable characters,
/// more for control characters and invisible marks). Longer text is refused, never cut: the
/// facilitator splits it into several notes.
pub const MAX_NOTE_BYTES: u64 = 4096;

/// The orders one turn may hold for a force of `force_units` units.
pub fn max_orders_per_turn(force_units: u64) -> u64 {
    force_units
        .saturating_mul(MAX_ORDERS_PER_UNIT)
        .saturating_add(EXTRA_ORDERS_PER_TURN)
}

/// The choices one turn may hold for a scenario of `decisions` decision points (none when it
/// has none: no choice can be accepted then).
pub fn max_choices_per_turn(decisions: u64) -> u64 {
    if decisions == 0 {
        return 0;
    }
    decisions
        .saturating_mul(MAX_CHOICES_PER_DECISION)
        .saturating_add(EXTRA_ORDERS_PER_TURN)
}

/// Bytes a string takes inside a record's RON, quotes excluded: RON writes each character with
/// `char::escape_debug`, so a control character takes up to six bytes. Stops counting past
/// `limit` (a megabyte-long note costs no more than the limit to refuse).
pub fn record_text_len(text: &str, limit: u64) -> u64 {
    if text.len() as u64 > limit {
        // Escaping never shortens text.
        return text.len() as u64;
    }
    text.chars().map(|c| c.escape_debug().len() as u64).sum()
}

/// Bytes a whole text (a scenario or an orders file kept in a record's header) takes inside the
/// record's RON, quotes included: an upper bound, counted without writing it out.
pub fn escaped_len(text: &str) -> u64 {
    record_text_len(text, u64::MAX).saturating_add(2)
}

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

/// The most bytes a record of a game of this scenario can reach, with every turn's inputs at
/// the caps the game enforces ([`max_orders_per_turn`], [`max_choices_per_turn`],
/// [`MAX_FACILITATOR_ACTIONS_PER_TURN`] actions each with a text of [`MAX_NOTE_BYTES`]): the
/// header with the scenario's text (escaped as RON escapes it), then per turn its inputs and its
/// outcome (a digest per part of the state: three per unit, four per population group — twice
/// as many groups allowed for the displaced —, one per site and actor). Ids an input can carry
/// are all the scenario's (an input naming another is refused), so each is bounded by the
/// longest.
pub fn record_bytes(s: &Scenario, text: &str) -> u64 {
    let escaped = escaped_len(text);
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
        .chain(s.events.iter().map(|e| e.id.as_str()))
        .chain(s.decisions.iter().map(|d| d.id.as_str()))
        .chain(
            s.decisions
                .iter()
                .flat_map(|d| d.options.iter().map(|o| o.id.as_str())),
        )
        .map(id)
        .max()
        .unwrap_or(0);
    let commanded: BTreeMap<&str, bool> = s
        .sides
        .iter()
        .map(|side| (side.id.as_str(), side.role == SideRole::Force))
        .collect();
    let force = s
        .units
        .iter()
        .filter(|u| commanded.get(u.side.as_str()).copied().unwrap_or(false))
        .count() as u64;
    let orders = max_orders_per_turn(force).saturating_mul(160 + 3 * longest);
    let decisions = max_choices_per_turn(s.decisions.len() as u64).saturating_mul(48 + 2 * longest);
    let facilitator = MAX_FACILITATOR_ACTIONS_PER_TURN * (160 + MAX_NOTE_BYTES + 2 * longest);
    let outcome: u64 = 1024
        + s.units.iter().map(|u| 3 * (48 + id(&u.id))).sum::<u64>()
        + s.infrastructure.iter().map(|i| 64 + id(&i.id)).sum::<u64>()
        + s.population
            .iter()
            .map(|g| 2 * 4 * (48 + id(&g.id)))
            .sum::<u64>()
        + s.actors.iter().map(|a| 96 + id(&a.id)).sum::<u64>();
    let turn = (256 + facilitator + outcome)
        .saturating_add(orders)
        .saturating_add(decisions);
    header.saturating_add(u64::from(s.meta.turns).saturating_mul(turn))
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
        .hint("lower `meta.turns`, or merge units or population groups; the estimate counts every turn's inputs at their caps (docs/reliability.md)"),
    ]
}
