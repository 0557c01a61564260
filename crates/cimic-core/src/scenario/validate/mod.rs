//! Semantic validation: everything serde cannot check. Collects *all* problems in one pass, each
//! with its path, so an author fixes a file in one round instead of one error per run.

use super::diag::{Problem, did_you_mean};
use super::format::*;
use crate::map::{HexMap, MAX_HEXES, MAX_SIDE, area_hexes};
use crate::rules::{unit_capabilities, unit_move_class};
use std::collections::{BTreeMap, BTreeSet};

pub mod advice;
pub mod budget;
mod entities;
mod map;
mod story;

/// Most entities of one kind (units, infrastructure, …) a scenario may declare.
pub const MAX_ENTITIES: usize = 20_000;
/// Most turns a scenario may last.
pub const MAX_TURNS: u32 = 1_000;
/// Most hexes that terrain regions, district areas and rivers may list in all (overlaps counted
/// each time), so that a small file cannot ask for a huge amount of painting.
pub const MAX_PAINTED_HEXES: u64 = 4 * MAX_HEXES;
/// Most people in one population group.
pub const MAX_GROUP_SIZE: u32 = 100_000_000;

/// Every problem with a parsed scenario; empty means it is safe to simulate.
pub fn validate(s: &Scenario) -> Vec<Problem> {
    let mut v = Validator {
        s,
        problems: Vec::new(),
        ids: BTreeMap::new(),
        map: None,
        repair_facts: std::cell::OnceCell::new(),
    };
    v.run();
    v.problems
}

/// Whether `id` is a valid id: 1 to 64 letters, digits, `_` and `-` (the rule `check_id`
/// enforces, and hints use to suggest only ids that can be written back).
fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// What kind of entity an id names, for reference checks and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    District,
    Side,
    Unit,
    Population,
    Actor,
    Infra,
    Event,
    Objective,
    Decision,
    Road,
    River,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::District => "district",
            Kind::Side => "side",
            Kind::Unit => "unit",
            Kind::Population => "population group",
            Kind::Actor => "actor",
            Kind::Infra => "infrastructure",
            Kind::Event => "event",
            Kind::Objective => "objective",
            Kind::Decision => "decision",
            Kind::Road => "road",
            Kind::River => "river",
        }
    }

    fn with_article(self) -> String {
        let noun = self.noun();
        let article = if noun.starts_with(['a', 'e', 'i', 'o']) {
            "an"
        } else {
            "a"
        };
        format!("{article} {noun}")
    }
}

struct Validator<'a> {
    s: &'a Scenario,
    problems: Vec<Problem>,
    /// Every declared id, with its kind and index in its list (first declaration wins).
    ids: BTreeMap<&'a str, (Kind, usize)>,
    map: Option<HexMap>,
    /// What objectives' feasibility reads for every objective (sites restored by an event,
    /// whether a force unit can repair), worked out once: 20,000 objectives each scanning
    /// 20,000 events took 9 s of a validation (docs/reliability.md, "Measured at the limits").
    repair_facts: std::cell::OnceCell<(bool, BTreeSet<&'a str>)>,
}

impl<'a> Validator<'a> {
    fn run(&mut self) {
        let s = self.s;
        if s.format != FORMAT_VERSION {
            self.push(
                Problem::at(
                    "format",
                    format!("format version {} is not supported", s.format),
                )
                .hint(format!("this engine reads format {FORMAT_VERSION}")),
            );
        }
        self.meta();
        self.sizes();
        self.declare_ids();
        self.map_checks();
        self.sides_and_units();
        self.population();
        self.actors();
        self.infrastructure();
        self.events();
        self.objectives();
        self.decisions();
        self.scoring();
        // The budgets multiply settings that are each in range; out of range, they mean nothing.
        if self.problems.is_empty() {
            self.problems.extend(budget::unrest_problems(s));
        }
    }

    fn push(&mut self, p: Problem) {
        self.problems.push(p);
    }

    fn range(&mut self, path: String, value: f32, lo: f32, hi: f32) {
        if !(value >= lo && value <= hi) {
            self.push(
                Problem::at(path, format!("{value} is out of range"))
                    .hint(format!("use a value from {lo} to {hi}")),
            );
        }
    }

    fn meta(&mut self) {
        let m = &self.s.meta;
        self.check_id("meta.id", &m.id);
        if m.title.trim().is_empty() {
            self.push(
                Problem::at("meta.title", "the title is empty").hint("give the exercise a title"),
            );
        }
        if m.turns == 0 || m.turns > MAX_TURNS {
            self.push(
                Problem::at("meta.turns", format!("{} turns is out of range", m.turns))
                    .hint(format!("use 1 to {MAX_TURNS} turns")),
            );
        }
        if m.turn_hours == 0 || m.turn_hours > 24 * 30 {
            self.push(
                Problem::at(
                    "meta.turn_hours",
                    format!("{} hours per turn is out of range", m.turn_hours),
                )
                .hint("use 1 to 720 hours (24 is one day)"),
            );
        }
        if !valid_date(&m.start_date) {
            self.push(
                Problem::at(
                    "meta.start_date",
                    format!("`{}` is not a date", m.start_date),
                )
                .hint("write the date as YYYY-MM-DD, e.g. \"2026-03-01\""),
            );
        }
    }

    fn sizes(&mut self) {
        let s = self.s;
        let lists: [(&str, usize); 11] = [
            ("map.rivers", s.map.rivers.len()),
            ("units", s.units.len()),
            ("population", s.population.len()),
            ("actors", s.actors.len()),
            ("infrastructure", s.infrastructure.len()),
            ("events", s.events.len()),
            ("objectives", s.objectives.len()),
            ("decisions", s.decisions.len()),
            ("sides", s.sides.len()),
            ("map.districts", s.map.districts.len()),
            ("map.roads", s.map.roads.len()),
        ];
        for (path, n) in lists {
            if n > MAX_ENTITIES {
                self.push(
                    Problem::at(
                        path,
                        format!("{n} entries is more than the limit of {MAX_ENTITIES}"),
                    )
                    .hint("split the scenario or aggregate entities"),
                );
            }
        }
    }

    fn check_id(&mut self, path: &str, id: &str) {
        if !is_valid_id(id) {
            self.push(
                Problem::at(
                    path,
                    format!("`{}` is not a valid id", crate::names::clipped(id, 80)),
                )
                .hint("ids are 1–64 characters of letters, digits, `_` and `-`"),
            );
        }
    }

    fn declare_ids(&mut self) {
        let s = self.s;
        let mut all: Vec<(String, &'a str, Kind, usize)> = Vec::new();
        for (i, d) in s.map.districts.iter().enumerate() {
            all.push((format!("map.districts[{i}].id"), &d.id, Kind::District, i));
        }
        for (i, r) in s.map.roads.iter().enumerate() {
            all.push((format!("map.roads[{i}].id"), &r.id, Kind::Road, i));
        }
        for (i, r) in s.map.rivers.iter().enumerate() {
            all.push((format!("map.rivers[{i}].id"), &r.id, Kind::River, i));
        }
        for (i, x) in s.sides.iter().enumerate() {
            all.push((format!("sides[{i}].id"), &x.id, Kind::Side, i));
        }
        for (i, x) in s.units.iter().enumerate() {
            all.push((format!("units[{i}].id"), &x.id, Kind::Unit, i));
        }
        for (i, x) in s.population.iter().enumerate() {
            all.push((format!("population[{i}].id"), &x.id, Kind::Population, i));
        }
        for (i, x) in s.actors.iter().enumerate() {
            all.push((format!("actors[{i}].id"), &x.id, Kind::Actor, i));
        }
        for (i, x) in s.infrastructure.iter().enumerate() {
            all.push((format!("infrastructure[{i}].id"), &x.id, Kind::Infra, i));
        }
        for (i, x) in s.events.iter().enumerate() {
            all.push((format!("events[{i}].id"), &x.id, Kind::Event, i));
        }
        for (i, x) in s.objectives.iter().enumerate() {
            all.push((format!("objectives[{i}].id"), &x.id, Kind::Objective, i));
        }
        for (i, x) in s.decisions.iter().enumerate() {
            all.push((format!("decisions[{i}].id"), &x.id, Kind::Decision, i));
        }
        for (path, id, kind, i) in all {
            self.check_id(&path, id);
            if let Some((k0, _)) = self.ids.get(id) {
                self.push(
                    Problem::at(
                        path,
                        format!(
                            "duplicate id `{id}` (already used by {})",
                            k0.with_article()
                        ),
                    )
                    .hint("every entity needs an id of its own; rename one of them"),
                );
            } else {
                self.ids.insert(id, (kind, i));
            }
        }
    }

    /// Checks that `id` names an entity of `kind`; returns its index.
    fn reference(&mut self, path: String, id: &str, kind: Kind) -> Option<usize> {
        match self.ids.get(id) {
            Some((k, i)) if *k == kind => Some(*i),
            Some((k, _)) => {
                let k = *k;
                self.push(
                    Problem::at(
                        path,
                        format!(
                            "`{id}` is {}, not {}",
                            k.with_article(),
                            kind.with_article()
                        ),
                    )
                    .hint(format!("refer to {} here", kind.with_article())),
                );
                None
            }
            None => {
                let candidates: Vec<&str> = self
                    .ids
                    .iter()
                    .filter(|(_, (k, _))| *k == kind)
                    .map(|(id, _)| *id)
                    .collect();
                let hint = match did_you_mean(id, candidates.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None if candidates.is_empty() => {
                        format!("the scenario declares no {}", kind.noun())
                    }
                    None => format!("known {} ids: {}", kind.noun(), preview(&candidates)),
                };
                self.push(Problem::at(path, format!("unknown {} `{id}`", kind.noun())).hint(hint));
                None
            }
        }
    }

    fn on_map(&mut self, path: String, pos: HexPos) -> bool {
        let m = &self.s.map;
        let ok = pos.0 >= 0
            && pos.1 >= 0
            && (pos.0 as i64) < m.width as i64
            && (pos.1 as i64) < m.height as i64;
        if !ok {
            self.push(
                Problem::at(path, format!("({}, {}) is outside the map", pos.0, pos.1)).hint(
                    format!(
                        "the map is {}×{}: columns 0–{}, rows 0–{}",
                        m.width,
                        m.height,
                        m.width.saturating_sub(1),
                        m.height.saturating_sub(1)
                    ),
                ),
            );
        }
        ok
    }

    fn area(&mut self, path: String, area: &Area) -> bool {
        match area {
            Area::Hexes(list) => {
                let mut ok = true;
                for (i, &p) in list.iter().enumerate() {
                    ok &= self.on_map(format!("{path}.Hexes[{i}]"), p);
                }
                ok
            }
            Area::Rect { min, max } => {
                if min.0 > max.0 || min.1 > max.1 {
                    self.push(
                        Problem::at(path, "the rectangle's min corner is beyond its max corner")
                            .hint("write Rect(min: (left, top), max: (right, bottom))"),
                    );
                    return false;
                }
                self.on_map(format!("{path}.min"), *min) & self.on_map(format!("{path}.max"), *max)
            }
        }
    }

    fn scoring(&mut self) {
        let w = self.s.scoring;
        for (name, v) in [
            ("objectives", w.objectives),
            ("needs", w.needs),
            ("security", w.security),
            ("legitimacy", w.legitimacy),
            ("resilience", w.resilience),
        ] {
            self.range(format!("scoring.{name}"), v, 0.0, 1.0);
        }
        let sum = w.objectives + w.needs + w.security + w.legitimacy + w.resilience;
        if sum.is_finite() && sum <= 0.0 {
            self.push(
                Problem::at("scoring", "the effectiveness weights add up to 0")
                    .hint("give at least one weight a positive value"),
            );
        } else if self.s.objectives.is_empty() && sum - w.objectives <= 0.0 {
            self.push(
                Problem::at(
                    "scoring",
                    "only `objectives` weighs in effectiveness, but the scenario has no objectives",
                )
                .hint("give needs, security, legitimacy or resilience a weight, or add objectives"),
            );
        }
        self.range(
            "scoring.own_harm_multiplier".into(),
            w.own_harm_multiplier,
            1.0,
            10.0,
        );
        let h = w.harm;
        for (name, v) in [
            ("casualties", h.casualties),
            ("displacement", h.displacement),
            ("infrastructure_damage", h.infrastructure_damage),
            ("protected_site_damage", h.protected_site_damage),
            ("humanitarian_space", h.humanitarian_space),
            ("actor_suspended", h.actor_suspended),
            ("actor_withdrew", h.actor_withdrew),
            ("dependency", h.dependency),
            ("broken_promise", h.broken_promise),
            ("partiality", h.partiality),
        ] {
            self.range(format!("scoring.harm.{name}"), v, 0.0, 1000.0);
        }
        if h.casualties.is_finite() && h.casualties <= 0.0 {
            self.push(
                Problem::at(
                    "scoring.harm.casualties",
                    "a civilian death must weigh something",
                )
                .hint("lives come first: give `casualties` a positive weight (default 1)"),
            );
        }
        let u = self.s.unrest;
        let counts = [
            ("people_per_citizen", u.people_per_citizen, 1, 1_000_000),
            ("max_citizens", u.max_citizens, 0, 5_000),
            ("steps_per_turn", u.steps_per_turn, 0, 50),
            ("vision", u.vision, 1, 20),
            ("max_jail_term", u.max_jail_term, 0, 10_000),
        ];
        for (name, v, lo, hi) in counts {
            if v < lo || v > hi {
                self.push(
                    Problem::at(format!("unrest.{name}"), format!("{v} is out of range"))
                        .hint(format!("use a value from {lo} to {hi}")),
                );
            }
        }
        self.range(
            "unrest.active_threshold".into(),
            u.active_threshold,
            0.0,
            1.0,
        );
        self.range(
            "unrest.arrest_prob_constant".into(),
            u.arrest_prob_constant,
            0.0,
            20.0,
        );
        self.range("unrest.cops_per_unit".into(), u.cops_per_unit, 0.0, 100.0);
        self.range(
            "unrest.police_per_thousand".into(),
            u.police_per_thousand,
            0.0,
            100.0,
        );
        self.range(
            "unrest.informal_control_per_thousand".into(),
            u.informal_control_per_thousand,
            0.0,
            100.0,
        );
        self.range("unrest.security_impact".into(), u.security_impact, 0.0, 1.0);
    }
}

fn preview(ids: &[&str]) -> String {
    let mut s = ids.iter().take(8).copied().collect::<Vec<_>>().join(", ");
    if ids.len() > 8 {
        s.push_str(", …");
    }
    s
}

/// Whether `s` is a real calendar date written `YYYY-MM-DD`.
pub fn valid_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::valid_date;

    #[test]
    fn dates() {
        assert!(valid_date("2026-03-01"));
        assert!(valid_date("2024-02-29"));
        assert!(!valid_date("2026-02-29"));
        assert!(!valid_date("2026-13-01"));
        assert!(!valid_date("26-3-1"));
    }
}
