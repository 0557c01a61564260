//! Map checks: size limits before anything is allocated, terrain rows, areas, districts, roads
//! and rivers.

use super::*;

impl<'a> Validator<'a> {
    /// Every check of the map, its problems in the order a reader meets them in the file; the
    /// map is built only when all pass.
    pub(super) fn map_checks(&mut self) {
        if !self.map_size() {
            return;
        }
        let mut ok = self.terrain_rows();
        let m = &self.s.map;
        for (i, region) in m.terrain.regions.iter().enumerate() {
            ok &= self.area(format!("map.terrain.regions[{i}].area"), &region.area);
        }
        ok &= self.districts();
        ok &= self.roads();
        for (r, river) in m.rivers.iter().enumerate() {
            for (i, &p) in river.hexes.iter().enumerate() {
                ok &= self.on_map(format!("map.rivers[{r}].hexes[{i}]"), p);
            }
        }
        if ok {
            self.map = Some(HexMap::from_spec(m));
        }
    }

    /// The map's size and the hexes its areas list, checked before anything is allocated.
    fn map_size(&mut self) -> bool {
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
            return false;
        }
        let painted = painted_hexes(m);
        if painted > u128::from(MAX_PAINTED_HEXES) {
            self.push(
                Problem::at("map", format!("regions, districts and rivers list {painted} hexes in all; the limit is {MAX_PAINTED_HEXES}"))
                    .hint("paint large areas once with `fill`, `rows` or a few rectangles"),
            );
            return false;
        }
        true
    }

    /// One row string per map row, one terrain letter per column.
    fn terrain_rows(&mut self) -> bool {
        let m = &self.s.map;
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
        ok
    }

    /// At least one district; each with hexes of its own, none shared with another.
    fn districts(&mut self) -> bool {
        let m = &self.s.map;
        let mut ok = true;
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
        ok
    }

    /// Roads of neighbouring hexes on the map.
    fn roads(&mut self) -> bool {
        let m = &self.s.map;
        let mut ok = true;
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
            // Set after a hex that is not next to the one before it, when one hex between the
            // previous and the next would join them: the gap to the next hex is the same
            // mistake, reported once. (A repeated hex is not: each repeat is reported.)
            let mut after_stray = false;
            for (i, &p) in road.path.iter().enumerate() {
                let here = self.on_map(format!("map.roads[{r}].path[{i}]"), p);
                ok &= here;
                let adjacent =
                    !(prev_on_map && here) || crate::map::distance(road.path[i - 1], p) == 1;
                prev_on_map = here;
                if !adjacent && !after_stray {
                    let prev = road.path[i - 1];
                    self.push(
                        Problem::at(
                            format!("map.roads[{r}].path[{i}]"),
                            format!(
                                "({}, {}) is not next to the previous hex ({}, {})",
                                p.0, p.1, prev.0, prev.1
                            ),
                        )
                        .hint(format!(
                            "consecutive road hexes must be neighbours; the neighbours of ({}, {}) are {}",
                            prev.0,
                            prev.1,
                            self.neighbours_text(prev)
                        )),
                    );
                    after_stray = road.path.get(i + 1).is_some_and(|&next| {
                        self.inside(next) && (1..=2).contains(&crate::map::distance(prev, next))
                    });
                    continue;
                }
                after_stray = false;
            }
        }
        ok
    }

    /// Whether `(col, row)` lies on the map (without reporting it, unlike `on_map`).
    fn inside(&self, (c, r): HexPos) -> bool {
        let m = &self.s.map;
        c >= 0 && r >= 0 && (c as u32) < m.width && (r as u32) < m.height
    }

    /// The neighbours of a hex that lie on the map, in reading order (row, then column):
    /// `(7, 2), (8, 2), (6, 3), (8, 3), (7, 4), (8, 4)`.
    fn neighbours_text(&self, pos: HexPos) -> String {
        let mut around: Vec<HexPos> = crate::map::to_hex(pos)
            .all_neighbors()
            .into_iter()
            .map(crate::map::to_pos)
            .filter(|&p| self.inside(p))
            .collect();
        around.sort_by_key(|&(c, r)| (r, c));
        around
            .iter()
            .map(|(c, r)| format!("({c}, {r})"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Crossings open if every bridge were intact: for "can this ever be reached" checks.
    pub(super) fn best_crossings(&self, map: &HexMap) -> Vec<bool> {
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

    /// A road may cross a river only where a bridge stands, and never runs over open water.
    pub(super) fn roads_cross_at_bridges(&mut self) {
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
}

/// Hexes listed by all the map's areas and rivers, counted without building them.
/// Exact, in 128 bits: a rectangle over the whole `i32` plane holds 2^64 hexes, which 64 bits
/// would saturate (and the message would show a meaningless `u64::MAX`).
fn painted_hexes(m: &MapSpec) -> u128 {
    let size = |a: &Area| -> u128 {
        match a {
            Area::Hexes(list) => list.len() as u128,
            Area::Rect { min, max } => {
                let w = (i64::from(max.0) - i64::from(min.0) + 1).max(0) as u128;
                let h = (i64::from(max.1) - i64::from(min.1) + 1).max(0) as u128;
                w * h
            }
        }
    };
    let regions: u128 = m.terrain.regions.iter().map(|r| size(&r.area)).sum();
    let districts: u128 = m.districts.iter().flat_map(|d| &d.areas).map(size).sum();
    let rivers: u128 = m.rivers.iter().map(|r| r.hexes.len() as u128).sum();
    regions + districts + rivers
}
