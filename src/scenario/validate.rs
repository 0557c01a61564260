//! Semantic validation: everything serde cannot check. Collects *all* problems in one pass, each
//! with its path, so an author fixes a file in one round instead of one error per run.

use super::diag::{Problem, did_you_mean};
use super::format::*;
use crate::map::{HexMap, MAX_HEXES, MAX_SIDE, area_hexes};
use crate::rules::{unit_capabilities, unit_move_class};
use std::collections::{BTreeMap, BTreeSet};

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
    };
    v.run();
    v.problems
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
        self.scoring();
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
        let lists: [(&str, usize); 10] = [
            ("map.rivers", s.map.rivers.len()),
            ("units", s.units.len()),
            ("population", s.population.len()),
            ("actors", s.actors.len()),
            ("infrastructure", s.infrastructure.len()),
            ("events", s.events.len()),
            ("objectives", s.objectives.len()),
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
        let ok = !id.is_empty()
            && id.len() <= 64
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !ok {
            self.push(
                Problem::at(path, format!("`{id}` is not a valid id"))
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

    fn map_checks(&mut self) {
        let m = &self.s.map;
        let hexes = m.width as u64 * m.height as u64;
        if m.width == 0
            || m.height == 0
            || m.width > MAX_SIDE
            || m.height > MAX_SIDE
            || hexes > MAX_HEXES
        {
            self.push(
                Problem::at(
                    "map",
                    format!("a {}×{} map ({hexes} hexes) is refused", m.width, m.height),
                )
                .hint(format!(
                    "sides of 1–{MAX_SIDE} hexes and at most {MAX_HEXES} hexes in all"
                )),
            );
            return;
        }
        let painted = painted_hexes(m);
        if painted > MAX_PAINTED_HEXES {
            self.push(
                Problem::at("map", format!("regions, districts and rivers list {painted} hexes in all; the limit is {MAX_PAINTED_HEXES}"))
                    .hint("paint large areas once with `fill`, `rows` or a few rectangles"),
            );
            return;
        }
        let mut ok = true;
        if !m.terrain.rows.is_empty() {
            if m.terrain.rows.len() != m.height as usize {
                ok = false;
                self.push(
                    Problem::at(
                        "map.terrain.rows",
                        format!("{} rows for a map {} high", m.terrain.rows.len(), m.height),
                    )
                    .hint(
                        "give one string per row, or leave `rows` out and use `fill` and `regions`",
                    ),
                );
            }
            for (r, line) in m.terrain.rows.iter().enumerate() {
                let cells: Vec<char> = line.chars().filter(|c| !c.is_whitespace()).collect();
                if cells.len() != m.width as usize {
                    ok = false;
                    self.push(
                        Problem::at(
                            format!("map.terrain.rows[{r}]"),
                            format!("{} hexes in a row of a map {} wide", cells.len(), m.width),
                        )
                        .hint("each row needs one letter per column (spaces are ignored)"),
                    );
                }
                if let Some(bad) = cells.iter().find(|c| Terrain::from_code(**c).is_none()) {
                    ok = false;
                    let legend: Vec<String> = Terrain::CODES
                        .iter()
                        .map(|(c, t)| format!("{c}={t:?}"))
                        .collect();
                    self.push(
                        Problem::at(
                            format!("map.terrain.rows[{r}]"),
                            format!("`{bad}` is not a terrain letter"),
                        )
                        .hint(format!("letters: {}", legend.join(" "))),
                    );
                }
            }
        }
        for (i, region) in m.terrain.regions.iter().enumerate() {
            ok &= self.area(format!("map.terrain.regions[{i}].area"), &region.area);
        }
        if m.districts.is_empty() {
            self.push(
                Problem::at("map.districts", "the map has no districts")
                    .hint("declare at least one district"),
            );
        }
        let mut owner: BTreeMap<HexPos, usize> = BTreeMap::new();
        for (d, district) in m.districts.iter().enumerate() {
            let mut count = 0;
            let mut all_valid = true;
            for (a, area) in district.areas.iter().enumerate() {
                let path = format!("map.districts[{d}].areas[{a}]");
                if !self.area(path.clone(), area) {
                    ok = false;
                    all_valid = false;
                    continue;
                }
                for p in area_hexes(area) {
                    count += 1;
                    if let Some(&other) = owner.get(&p) {
                        if other != d {
                            self.push(
                                Problem::at(
                                    path.clone(),
                                    format!(
                                        "hex ({}, {}) already belongs to district `{}`",
                                        p.0, p.1, m.districts[other].id
                                    ),
                                )
                                .hint("districts must not overlap"),
                            );
                            break;
                        }
                    } else {
                        owner.insert(p, d);
                    }
                }
            }
            if count == 0 && all_valid {
                self.push(
                    Problem::at(
                        format!("map.districts[{d}].areas"),
                        "the district has no hexes",
                    )
                    .hint("give it at least one area"),
                );
            }
        }
        for (r, road) in m.roads.iter().enumerate() {
            if road.path.len() < 2 {
                self.push(
                    Problem::at(
                        format!("map.roads[{r}].path"),
                        "a road needs at least two hexes",
                    )
                    .hint("list the hexes it runs through, in order"),
                );
            }
            let mut prev_on_map = false;
            for (i, &p) in road.path.iter().enumerate() {
                let here = self.on_map(format!("map.roads[{r}].path[{i}]"), p);
                ok &= here;
                let adjacent =
                    !(prev_on_map && here) || crate::map::distance(road.path[i - 1], p) == 1;
                prev_on_map = here;
                if !adjacent {
                    self.push(
                        Problem::at(
                            format!("map.roads[{r}].path[{i}]"),
                            format!("({}, {}) is not next to the previous hex", p.0, p.1),
                        )
                        .hint("consecutive road hexes must be neighbours"),
                    );
                }
            }
        }
        for (r, river) in m.rivers.iter().enumerate() {
            for (i, &p) in river.hexes.iter().enumerate() {
                ok &= self.on_map(format!("map.rivers[{r}].hexes[{i}]"), p);
            }
        }
        if ok {
            self.map = Some(HexMap::from_spec(m));
        }
    }

    /// Crossings open if every bridge were intact: for "can this ever be reached" checks.
    fn best_crossings(&self, map: &HexMap) -> Vec<bool> {
        let mut open = vec![false; map.len()];
        for inf in &self.s.infrastructure {
            if inf.kind == InfraKind::Bridge
                && let Some(i) = map.index(inf.hex)
            {
                open[i] = true;
            }
        }
        open
    }

    fn sides_and_units(&mut self) {
        let s = self.s;
        if s.sides.is_empty() {
            self.push(
                Problem::at("sides", "no sides are declared")
                    .hint("declare at least the player's side with role: Force"),
            );
        } else if !s.sides.iter().any(|x| x.role == SideRole::Force) {
            self.push(
                Problem::at("sides", "no side has role Force")
                    .hint("the players command the side with `role: Force`"),
            );
        }
        let crossings = self.map.as_ref().map(|m| self.best_crossings(m));
        for (i, u) in s.units.iter().enumerate() {
            self.reference(format!("units[{i}].side"), &u.side, Kind::Side);
            self.range(format!("units[{i}].strength"), u.strength, 0.0, 100.0);
            self.range(format!("units[{i}].supplies"), u.supplies, 0.0, 100.0);
            if let Some(mp) = u.movement
                && !(1..=100).contains(&mp)
            {
                self.push(
                    Problem::at(
                        format!("units[{i}].movement"),
                        format!("{mp} movement points is out of range"),
                    )
                    .hint("use 1 to 100"),
                );
            }
            if self.on_map(format!("units[{i}].position"), u.position)
                && let (Some(map), Some(open)) = (&self.map, &crossings)
                && !map.passable(u.position, unit_move_class(u.kind), open)
            {
                self.push(
                    Problem::at(
                        format!("units[{i}].position"),
                        format!(
                            "a unit of kind {:?} cannot stand on ({}, {})",
                            u.kind, u.position.0, u.position.1
                        ),
                    )
                    .hint("ground units cannot start on water or on a river hex without a bridge"),
                );
            }
            if let Some(caps) = &u.capabilities {
                let unique: BTreeSet<_> = caps.iter().collect();
                if unique.len() != caps.len() {
                    self.push(
                        Problem::at(
                            format!("units[{i}].capabilities"),
                            "a capability is listed twice",
                        )
                        .hint("list each capability once"),
                    );
                }
            }
        }
    }

    fn population(&mut self) {
        let s = self.s;
        for (i, p) in s.population.iter().enumerate() {
            self.reference(
                format!("population[{i}].district"),
                &p.district,
                Kind::District,
            );
            if p.size == 0 || p.size > MAX_GROUP_SIZE {
                self.push(
                    Problem::at(
                        format!("population[{i}].size"),
                        format!("{} people is out of range", p.size),
                    )
                    .hint(format!("use 1 to {MAX_GROUP_SIZE}")),
                );
            }
            self.range(
                format!("population[{i}].vulnerable_share"),
                p.vulnerable_share,
                0.0,
                1.0,
            );
            self.levels(&format!("population[{i}].needs"), &p.needs);
            self.levels(&format!("population[{i}].coping"), &p.coping);
            let a = p.attitudes;
            self.range(
                format!("population[{i}].attitudes.consent"),
                a.consent,
                0.0,
                1.0,
            );
            self.range(
                format!("population[{i}].attitudes.legitimacy"),
                a.legitimacy,
                0.0,
                1.0,
            );
            self.range(
                format!("population[{i}].attitudes.grievance"),
                a.grievance,
                0.0,
                1.0,
            );
        }
    }

    fn levels(&mut self, path: &str, l: &SectorLevels) {
        for (sector, v) in Sector::ALL.iter().zip(l.to_options()) {
            if let Some(v) = v {
                self.range(format!("{path}.{}", sector.name()), v, 0.0, 1.0);
            }
        }
    }

    fn actors(&mut self) {
        let s = self.s;
        for (i, a) in s.actors.iter().enumerate() {
            if a.mandate.is_empty() {
                self.push(
                    Problem::at(format!("actors[{i}].mandate"), "the mandate is empty")
                        .hint("list the sectors the actor serves, e.g. [Water, Health]"),
                );
            }
            let unique: BTreeSet<_> = a.mandate.iter().collect();
            if unique.len() != a.mandate.len() {
                self.push(
                    Problem::at(format!("actors[{i}].mandate"), "a sector is listed twice")
                        .hint("list each sector once"),
                );
            }
            if a.capacity > MAX_GROUP_SIZE {
                self.push(
                    Problem::at(
                        format!("actors[{i}].capacity"),
                        format!("{} is out of range", a.capacity),
                    )
                    .hint(format!("use 0 to {MAX_GROUP_SIZE} people per turn")),
                );
            }
            if a.districts.is_empty() {
                self.push(
                    Problem::at(
                        format!("actors[{i}].districts"),
                        "the actor operates in no district",
                    )
                    .hint("list at least one district id"),
                );
            }
            for (j, d) in a.districts.iter().enumerate() {
                self.reference(format!("actors[{i}].districts[{j}]"), d, Kind::District);
            }
            self.range(
                format!("actors[{i}].access_threshold"),
                a.access_threshold,
                0.0,
                1.0,
            );
            self.range(format!("actors[{i}].trust"), a.trust, 0.0, 1.0);
        }
    }

    fn infrastructure(&mut self) {
        let s = self.s;
        for (i, inf) in s.infrastructure.iter().enumerate() {
            let on_map = self.on_map(format!("infrastructure[{i}].hex"), inf.hex);
            self.range(
                format!("infrastructure[{i}].condition"),
                inf.condition,
                0.0,
                1.0,
            );
            if let Some(d) = inf.decay {
                self.range(format!("infrastructure[{i}].decay"), d, 0.0, 1.0);
            }
            if inf.capacity > MAX_GROUP_SIZE {
                self.push(
                    Problem::at(
                        format!("infrastructure[{i}].capacity"),
                        format!("{} is out of range", inf.capacity),
                    )
                    .hint(format!("use 0 to {MAX_GROUP_SIZE} people per turn")),
                );
            }
            for (j, d) in inf.serves.iter().enumerate() {
                self.reference(
                    format!("infrastructure[{i}].serves[{j}]"),
                    d,
                    Kind::District,
                );
            }
            if crate::rules::infra_sector(inf.kind).is_some() {
                if inf.capacity == 0 {
                    self.push(
                        Problem::at(
                            format!("infrastructure[{i}].capacity"),
                            format!("a {:?} with capacity 0 serves no one", inf.kind),
                        )
                        .hint("set `capacity` to the number of people it serves per turn"),
                    );
                }
                if inf.serves.is_empty() {
                    self.push(
                        Problem::at(
                            format!("infrastructure[{i}].serves"),
                            format!("a {:?} that serves no district has no effect", inf.kind),
                        )
                        .hint("list the district ids it serves"),
                    );
                }
            }
            for (j, d) in inf.depends_on.iter().enumerate() {
                if d == &inf.id {
                    self.push(
                        Problem::at(
                            format!("infrastructure[{i}].depends_on[{j}]"),
                            "it depends on itself",
                        )
                        .hint("remove this entry"),
                    );
                } else {
                    self.reference(
                        format!("infrastructure[{i}].depends_on[{j}]"),
                        d,
                        Kind::Infra,
                    );
                }
            }
            if inf.kind != InfraKind::Bridge
                && on_map
                && let Some(map) = &self.map
                && let Some(h) = map.index(inf.hex)
                && (map.river[h] || map.terrain[h] == Terrain::Water)
            {
                self.push(
                    Problem::at(
                        format!("infrastructure[{i}].hex"),
                        format!("a {:?} cannot stand on water or on a river", inf.kind),
                    )
                    .hint("put it on the shore next to the water; only bridges stand on rivers"),
                );
            }
            if inf.kind == InfraKind::Bridge
                && on_map
                && let Some(map) = &self.map
                && let Some(h) = map.index(inf.hex)
                && !map.river[h]
            {
                self.push(
                    Problem::at(format!("infrastructure[{i}].hex"), "a bridge must stand on a river hex")
                        .hint("move the bridge onto the river, or add this hex to a river in `map.rivers`"),
                );
            }
        }
        self.roads_cross_at_bridges();
        self.dependency_cycles();
    }

    /// A road may cross a river only where a bridge stands, and never runs over open water.
    fn roads_cross_at_bridges(&mut self) {
        let Some(map) = &self.map else { return };
        let bridges = self.best_crossings(map);
        let mut found = Vec::new();
        for (r, road) in self.s.map.roads.iter().enumerate() {
            for (i, &p) in road.path.iter().enumerate() {
                let Some(h) = map.index(p) else { continue };
                if map.river[h] && !bridges[h] {
                    found.push((
                        r,
                        i,
                        p,
                        "crosses a river where no bridge stands",
                        "add a Bridge site on this hex, or route the road to a bridge",
                    ));
                } else if !map.river[h] && map.terrain[h] == Terrain::Water {
                    found.push((
                        r,
                        i,
                        p,
                        "runs over open water",
                        "route the road around the water",
                    ));
                }
            }
        }
        for (r, i, p, what, hint) in found {
            self.push(
                Problem::at(
                    format!("map.roads[{r}].path[{i}]"),
                    format!("the road {what} at ({}, {})", p.0, p.1),
                )
                .hint(hint),
            );
        }
    }

    /// Reports each dependency cycle once, at the edge that closes it.
    fn dependency_cycles(&mut self) {
        let infra = &self.s.infrastructure;
        let index: BTreeMap<&str, usize> = infra
            .iter()
            .enumerate()
            .map(|(i, x)| (x.id.as_str(), i))
            .collect();
        // 0 = unvisited, 1 = on stack, 2 = done
        let mut state = vec![0u8; infra.len()];
        let mut found = Vec::new();
        for root in 0..infra.len() {
            if state[root] != 0 {
                continue;
            }
            // Iterative DFS: (node, next edge) frames.
            let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
            state[root] = 1;
            while let Some(&mut (node, ref mut edge)) = stack.last_mut() {
                let deps = &infra[node].depends_on;
                if *edge >= deps.len() {
                    state[node] = 2;
                    stack.pop();
                    continue;
                }
                let j = *edge;
                *edge += 1;
                let Some(&next) = index.get(deps[j].as_str()) else {
                    continue;
                };
                if next == node {
                    continue; // self-dependency is reported separately
                }
                match state[next] {
                    0 => {
                        state[next] = 1;
                        stack.push((next, 0));
                    }
                    1 => {
                        let start = stack.iter().position(|(n, _)| *n == next).unwrap_or(0);
                        let mut names: Vec<&str> = stack[start..]
                            .iter()
                            .map(|(n, _)| infra[*n].id.as_str())
                            .collect();
                        names.push(&infra[next].id);
                        found.push((node, j, names.join(" → ")));
                    }
                    _ => {}
                }
            }
        }
        for (node, j, cycle) in found {
            self.push(
                Problem::at(format!("infrastructure[{node}].depends_on[{j}]"), format!("dependency cycle: {cycle}"))
                    .hint("dependencies must run one way (e.g. power → water → hospital); remove one link"),
            );
        }
    }

    fn events(&mut self) {
        let s = self.s;
        let turns = s.meta.turns;
        for (i, e) in s.events.iter().enumerate() {
            let path = format!("events[{i}].trigger");
            match &e.trigger {
                Trigger::AtTurn(t) => {
                    if *t == 0 || *t > turns {
                        self.push(
                            Problem::at(path, format!("turn {t} is not in the exercise"))
                                .hint(format!("use a turn from 1 to {turns}")),
                        );
                    }
                }
                Trigger::When(c) => self.condition(format!("{path}.When"), c),
                Trigger::Chance {
                    per_turn,
                    from,
                    until,
                } => {
                    self.range(format!("{path}.per_turn"), *per_turn, 0.0, 1.0);
                    if *from == 0 || from > until || *until > turns {
                        self.push(
                            Problem::at(
                                path,
                                format!(
                                    "turns {from}..={until} are not a window inside the exercise"
                                ),
                            )
                            .hint(format!("use 1 ≤ from ≤ until ≤ {turns}")),
                        );
                    }
                }
            }
            if e.effects.is_empty() {
                self.push(
                    Problem::at(format!("events[{i}].effects"), "the event has no effects")
                        .hint("add at least one effect"),
                );
            }
            for (j, fx) in e.effects.iter().enumerate() {
                let p = format!("events[{i}].effects[{j}]");
                match fx {
                    Effect::Damage { target, amount } | Effect::Restore { target, amount } => {
                        self.reference(format!("{p}.target"), target, Kind::Infra);
                        self.range(format!("{p}.amount"), *amount, 0.0, 1.0);
                    }
                    Effect::Message(text) => {
                        if text.trim().is_empty() {
                            self.push(
                                Problem::at(p, "the message is empty")
                                    .hint("write what the room is told"),
                            );
                        }
                    }
                }
            }
        }
    }

    fn condition(&mut self, path: String, c: &Condition) {
        match c {
            Condition::TurnAtLeast(_) => {}
            Condition::InfraAtLeast { infra, value } | Condition::InfraBelow { infra, value } => {
                self.reference(format!("{path}.infra"), infra, Kind::Infra);
                self.range(format!("{path}.value"), *value, 0.0, 1.0);
            }
            Condition::NeedAtLeast {
                district, value, ..
            }
            | Condition::NeedBelow {
                district, value, ..
            } => {
                self.reference(format!("{path}.district"), district, Kind::District);
                self.range(format!("{path}.value"), *value, 0.0, 1.0);
            }
            Condition::UnitInDistrict { unit, district } => {
                self.reference(format!("{path}.unit"), unit, Kind::Unit);
                self.reference(format!("{path}.district"), district, Kind::District);
            }
            Condition::All(list) | Condition::Any(list) => {
                if list.is_empty() {
                    self.push(
                        Problem::at(path.clone(), "an empty list of conditions")
                            .hint("give at least one condition"),
                    );
                }
                let name = if matches!(c, Condition::All(_)) {
                    "All"
                } else {
                    "Any"
                };
                for (k, sub) in list.iter().enumerate() {
                    self.condition(format!("{path}.{name}[{k}]"), sub);
                }
            }
            Condition::Not(inner) => self.condition(format!("{path}.Not"), inner),
        }
    }

    fn objectives(&mut self) {
        let s = self.s;
        let turns = s.meta.turns;
        for (i, o) in s.objectives.iter().enumerate() {
            if o.deadline == 0 || o.deadline > turns {
                self.push(
                    Problem::at(
                        format!("objectives[{i}].deadline"),
                        format!(
                            "impossible objective: deadline turn {} is outside the exercise",
                            o.deadline
                        ),
                    )
                    .hint(format!("use a deadline from 1 to {turns}")),
                );
            }
            if o.title.trim().is_empty() {
                self.push(
                    Problem::at(format!("objectives[{i}].title"), "the title is empty")
                        .hint("say what the force must achieve; trainees read it"),
                );
            }
            if !(o.weight > 0.0 && o.weight <= 1000.0) {
                self.push(
                    Problem::at(
                        format!("objectives[{i}].weight"),
                        format!("weight {} is out of range", o.weight),
                    )
                    .hint("use a weight above 0 and at most 1000"),
                );
            }
            let before = self.problems.len();
            self.condition(format!("objectives[{i}].condition"), &o.condition);
            if self.problems.len() == before
                && let Some(why) = self.impossible(&o.condition, o.deadline)
            {
                self.push(
                    Problem::at(
                        format!("objectives[{i}].condition"),
                        format!("impossible objective: {why}"),
                    )
                    .hint("change the condition, or give the force the means to meet it"),
                );
            }
        }
    }

    /// Why a (reference-valid) condition can never hold by `deadline`, if it cannot.
    fn impossible(&self, c: &Condition, deadline: u32) -> Option<String> {
        let s = self.s;
        match c {
            Condition::TurnAtLeast(t) if *t > deadline => {
                Some(format!("turn {t} comes after the deadline {deadline}"))
            }
            Condition::InfraBelow { value, .. } if *value <= 0.0 => {
                Some("functioning can never be below 0".into())
            }
            Condition::NeedBelow { value, .. } if *value <= 0.0 => {
                Some("satisfaction can never be below 0".into())
            }
            Condition::InfraAtLeast { infra, value } if *value > 0.0 => {
                let inf = s.infrastructure.iter().find(|x| &x.id == infra)?;
                let repairable = self
                    .force_units()
                    .any(|u| unit_capabilities(u).contains(&Capability::Repair));
                let restored = s.events.iter().any(|e| {
                    e.effects
                        .iter()
                        .any(|fx| matches!(fx, Effect::Restore { target, .. } if target == infra))
                });
                (inf.condition < *value && !repairable && !restored).then(|| {
                    format!(
                        "`{infra}` is at condition {} and no force unit can repair it",
                        inf.condition
                    )
                })
            }
            Condition::UnitInDistrict { unit, district } => {
                let u = s.units.iter().find(|x| &x.id == unit)?;
                let map = self.map.as_ref()?;
                let d = s.map.districts.iter().position(|x| &x.id == district)?;
                map.index(u.position)?; // off the map: reported at the unit already
                if map.district_at(u.position) == Some(d as u16) {
                    return None;
                }
                if !self.force_units().any(|f| f.id == u.id) {
                    return Some(format!(
                        "`{unit}` is not a force unit, so it cannot be ordered into `{district}`"
                    ));
                }
                let open = self.best_crossings(map);
                let class = unit_move_class(u.kind);
                let reachable = (0..map.len()).any(|h| {
                    map.district[h] == d as u16
                        && map.path(u.position, map.pos_of(h), class, &open).is_some()
                });
                (!reachable).then(|| {
                    format!("`{unit}` cannot reach `{district}` even with every bridge intact")
                })
            }
            Condition::All(list) => list.iter().find_map(|x| self.impossible(x, deadline)),
            Condition::Any(list) => {
                let reasons: Vec<String> = list
                    .iter()
                    .filter_map(|x| self.impossible(x, deadline))
                    .collect();
                (!list.is_empty() && reasons.len() == list.len()).then(|| reasons.join("; and "))
            }
            _ => None,
        }
    }

    fn force_units(&self) -> impl Iterator<Item = &'a UnitSpec> + '_ {
        let s = self.s;
        s.units.iter().filter(move |u| {
            s.sides
                .iter()
                .any(|x| x.id == u.side && x.role == SideRole::Force)
        })
    }

    fn scoring(&mut self) {
        let w = self.s.scoring;
        for (name, v) in [
            ("objectives", w.objectives),
            ("needs", w.needs),
            ("security", w.security),
            ("legitimacy", w.legitimacy),
        ] {
            self.range(format!("scoring.{name}"), v, 0.0, 1.0);
        }
        let sum = w.objectives + w.needs + w.security + w.legitimacy;
        if sum.is_finite() && sum <= 0.0 {
            self.push(
                Problem::at("scoring", "the effectiveness weights add up to 0")
                    .hint("give at least one weight a positive value"),
            );
        }
        self.range(
            "scoring.own_harm_multiplier".into(),
            w.own_harm_multiplier,
            1.0,
            10.0,
        );
    }
}

/// Hexes listed by all the map's areas and rivers, counted without building them.
fn painted_hexes(m: &MapSpec) -> u64 {
    let size = |a: &Area| -> u64 {
        match a {
            Area::Hexes(list) => list.len() as u64,
            Area::Rect { min, max } => {
                let w = (i64::from(max.0) - i64::from(min.0) + 1).max(0) as u64;
                let h = (i64::from(max.1) - i64::from(min.1) + 1).max(0) as u64;
                w.saturating_mul(h)
            }
        }
    };
    let regions: u64 = m
        .terrain
        .regions
        .iter()
        .map(|r| size(&r.area))
        .fold(0, u64::saturating_add);
    let districts: u64 = m
        .districts
        .iter()
        .flat_map(|d| &d.areas)
        .map(size)
        .fold(0, u64::saturating_add);
    let rivers: u64 = m.rivers.iter().map(|r| r.hexes.len() as u64).sum();
    regions.saturating_add(districts).saturating_add(rivers)
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
