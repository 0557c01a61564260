//! Checks of what stands on the map: sides, units, population groups, actors, infrastructure
//! and its dependency graph.

use super::*;

impl<'a> Validator<'a> {
    pub(super) fn sides_and_units(&mut self) {
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

    pub(super) fn population(&mut self) {
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

    pub(super) fn levels(&mut self, path: &str, l: &SectorLevels) {
        for (sector, v) in Sector::ALL.iter().zip(l.to_options()) {
            if let Some(v) = v {
                self.range(format!("{path}.{}", sector.name()), v, 0.0, 1.0);
            }
        }
    }

    pub(super) fn actors(&mut self) {
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
            if let Some(base) = &a.base {
                self.reference(format!("actors[{i}].base"), base, Kind::District);
            }
            self.range(
                format!("actors[{i}].access_threshold"),
                a.access_threshold,
                0.0,
                1.0,
            );
            self.range(format!("actors[{i}].trust"), a.trust, 0.0, 1.0);
            // A leader speaks for a community that lives somewhere (docs/rules.md §13.2).
            if let Some(c) = &a.community
                && !s.population.iter().any(|g| &g.community == c)
            {
                let known: BTreeSet<&str> = s
                    .population
                    .iter()
                    .map(|g| g.community.as_str())
                    .filter(|c| !c.is_empty())
                    .collect();
                let known: Vec<&str> = known.into_iter().collect();
                self.push(
                    Problem::at(
                        format!("actors[{i}].community"),
                        format!("no population group belongs to the community `{c}`"),
                    )
                    .hint(if known.is_empty() {
                        "give the groups the leader speaks for a `community`, or leave `community` out (the leader then speaks for every group in its districts)".to_string()
                    } else {
                        format!("use one of the groups' communities: {}", known.join(", "))
                    }),
                );
            }
        }
    }

    pub(super) fn infrastructure(&mut self) {
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
                && let Some(first) = s.infrastructure[..i]
                    .iter()
                    .find(|x| x.kind == InfraKind::Bridge && x.hex == inf.hex)
            {
                self.push(
                    Problem::at(
                        format!("infrastructure[{i}].hex"),
                        format!("bridge `{}` already stands on this hex", first.id),
                    )
                    .hint("one bridge per river hex"),
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

    /// Reports each dependency cycle once, at the edge that closes it.
    pub(super) fn dependency_cycles(&mut self) {
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
}
