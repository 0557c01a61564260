//! The hex map: terrain, districts, roads and rivers as dense per-hex arrays, and pathfinding.
//!
//! Authors write `(col, row)` in "odd-r" offset layout; distances and neighbours use axial
//! coordinates through `hexx`. The map itself never changes during a game: whether a river can
//! be crossed depends on bridges, which are infrastructure and are passed in as [`Crossings`].

pub mod layout;
pub mod regions;

use crate::scenario::format::{Area, HexPos, MapSpec, Terrain};
use hexx::Hex;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Index of a district in the scenario's district list.
pub type DistrictIdx = u16;

/// Marks a hex that belongs to no district.
pub const NO_DISTRICT: DistrictIdx = DistrictIdx::MAX;

/// Largest map side accepted, in hexes.
pub const MAX_SIDE: u32 = 512;
/// Largest number of hexes accepted (checked before anything is allocated).
pub const MAX_HEXES: u64 = 250_000;

/// How a unit moves over the ground.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveClass {
    /// Terrain, roads and rivers matter.
    Ground,
    /// Flies: one point per hex anywhere on the map.
    Air,
}

/// Which river hexes can be crossed now (a functioning bridge stands there), by hex index.
pub type Crossings = [bool];

/// Static per-hex data for the whole map.
#[derive(Debug, Clone, PartialEq)]
pub struct HexMap {
    pub width: u32,
    pub height: u32,
    pub terrain: Vec<Terrain>,
    pub river: Vec<bool>,
    pub district: Vec<DistrictIdx>,
    /// Bit `d` set when a road leaves this hex in axial direction `d` (hexx direction order).
    pub roads: Vec<u8>,
}

/// Converts an author's `(col, row)` to axial coordinates.
pub fn to_hex(pos: HexPos) -> Hex {
    let (col, row) = pos;
    Hex::new(col - (row - (row & 1)) / 2, row)
}

/// Converts axial coordinates back to `(col, row)`.
pub fn to_pos(hex: Hex) -> HexPos {
    (hex.x + (hex.y - (hex.y & 1)) / 2, hex.y)
}

/// Hex distance between two `(col, row)` positions.
pub fn distance(a: HexPos, b: HexPos) -> u32 {
    to_hex(a).unsigned_distance_to(to_hex(b))
}

/// Every `(col, row)` of an area (rectangles inclusive of both corners).
pub fn area_hexes(area: &Area) -> Vec<HexPos> {
    match area {
        Area::Hexes(list) => list.clone(),
        Area::Rect { min, max } => {
            let mut out = Vec::new();
            for row in min.1..=max.1 {
                for col in min.0..=max.0 {
                    out.push((col, row));
                }
            }
            out
        }
    }
}

impl HexMap {
    /// Builds the map from a validated spec. Positions outside the map are ignored, so a spec
    /// that failed validation still cannot make this panic.
    pub fn from_spec(spec: &MapSpec) -> HexMap {
        let n = (spec.width as usize) * (spec.height as usize);
        let mut map = HexMap {
            width: spec.width,
            height: spec.height,
            terrain: vec![spec.terrain.fill; n],
            river: vec![false; n],
            district: vec![NO_DISTRICT; n],
            roads: vec![0; n],
        };
        for (row, line) in spec.terrain.rows.iter().enumerate() {
            for (col, c) in line.chars().filter(|c| !c.is_whitespace()).enumerate() {
                if let (Some(i), Some(t)) =
                    (map.index((col as i32, row as i32)), Terrain::from_code(c))
                {
                    map.terrain[i] = t;
                }
            }
        }
        for region in &spec.terrain.regions {
            for p in area_hexes(&region.area) {
                if let Some(i) = map.index(p) {
                    map.terrain[i] = region.terrain;
                }
            }
        }
        for (d, district) in spec.districts.iter().enumerate() {
            for area in &district.areas {
                for p in area_hexes(area) {
                    if let Some(i) = map.index(p)
                        && map.district[i] == NO_DISTRICT
                    {
                        map.district[i] = d as DistrictIdx;
                    }
                }
            }
        }
        for river in &spec.rivers {
            for &p in &river.hexes {
                if let Some(i) = map.index(p) {
                    map.river[i] = true;
                }
            }
        }
        for road in &spec.roads {
            for w in road.path.windows(2) {
                map.link_road(w[0], w[1]);
            }
        }
        map
    }

    fn link_road(&mut self, a: HexPos, b: HexPos) {
        let (ha, hb) = (to_hex(a), to_hex(b));
        let (Some(ia), Some(ib)) = (self.index(a), self.index(b)) else {
            return;
        };
        if let (Some(da), Some(db)) = (direction(ha, hb), direction(hb, ha)) {
            self.roads[ia] |= 1 << da;
            self.roads[ib] |= 1 << db;
        }
    }

    /// Dense index of a position, if it is on the map.
    pub fn index(&self, pos: HexPos) -> Option<usize> {
        let (col, row) = pos;
        if col < 0 || row < 0 || col as u32 >= self.width || row as u32 >= self.height {
            return None;
        }
        Some(row as usize * self.width as usize + col as usize)
    }

    /// The position of a dense index.
    pub fn pos_of(&self, index: usize) -> HexPos {
        let w = self.width as usize;
        ((index % w) as i32, (index / w) as i32)
    }

    /// Number of hexes.
    pub fn len(&self) -> usize {
        self.terrain.len()
    }

    /// Whether the map has no hexes.
    pub fn is_empty(&self) -> bool {
        self.terrain.is_empty()
    }

    /// District of a position, if the position is on the map and in a district.
    pub fn district_at(&self, pos: HexPos) -> Option<DistrictIdx> {
        self.index(pos)
            .map(|i| self.district[i])
            .filter(|&d| d != NO_DISTRICT)
    }

    /// Whether a road joins two neighbouring hexes.
    pub fn road_between(&self, a: HexPos, b: HexPos) -> bool {
        match (self.index(a), direction(to_hex(a), to_hex(b))) {
            (Some(i), Some(d)) => self.roads[i] & (1 << d) != 0,
            _ => false,
        }
    }

    /// Whether a unit may stand on a hex (given the crossings open now).
    pub fn passable(&self, pos: HexPos, class: MoveClass, crossings: &Crossings) -> bool {
        let Some(i) = self.index(pos) else {
            return false;
        };
        match class {
            MoveClass::Air => true,
            MoveClass::Ground => {
                if self.river[i] {
                    crossings.get(i).copied().unwrap_or(false)
                } else {
                    self.terrain[i] != Terrain::Water
                }
            }
        }
    }

    /// Movement points to step from `from` to its neighbour `to`, or `None` if it cannot be entered.
    /// The table is in docs/rules.md ("Movement").
    pub fn step_cost(
        &self,
        from: HexPos,
        to: HexPos,
        class: MoveClass,
        crossings: &Crossings,
    ) -> Option<u32> {
        if !self.passable(to, class, crossings) {
            return None;
        }
        if class == MoveClass::Air {
            return Some(1);
        }
        if self.road_between(from, to) {
            return Some(1);
        }
        let i = self.index(to)?;
        if self.river[i] {
            return Some(2);
        }
        terrain_cost(self.terrain[i])
    }

    /// Cheapest path from `from` to `to` (both included), or `None` if none exists now.
    ///
    /// A* over the dense hex arrays with a closed set: each hex is expanded at most once, and ties
    /// are broken by (estimate, hex index), so equal inputs give the same path on every run and
    /// machine. (hexx's generic `a_star` re-expands hexes and hashes every visit; on a 100×100
    /// map it was the whole cost of a turn.) The heuristic is the hex distance, admissible because
    /// the cheapest step (a road) costs 1.
    pub fn path(
        &self,
        from: HexPos,
        to: HexPos,
        class: MoveClass,
        crossings: &Crossings,
    ) -> Option<Vec<HexPos>> {
        let start = self.index(from)?;
        let goal = self.index(to)?;
        if !self.passable(to, class, crossings) {
            return None;
        }
        if start == goal {
            return Some(vec![from]);
        }
        let goal_hex = to_hex(to);
        let mut best = vec![u32::MAX; self.len()];
        let mut came_from = vec![u32::MAX; self.len()];
        let mut closed = vec![false; self.len()];
        let mut open = BinaryHeap::new();
        best[start] = 0;
        open.push(Reverse((
            to_hex(from).unsigned_distance_to(goal_hex),
            start as u32,
        )));
        while let Some(Reverse((_, i))) = open.pop() {
            let i = i as usize;
            if closed[i] {
                continue;
            }
            if i == goal {
                let mut path = vec![to];
                let mut at = goal;
                while at != start {
                    at = came_from[at] as usize;
                    path.push(self.pos_of(at));
                }
                path.reverse();
                return Some(path);
            }
            closed[i] = true;
            let here = self.pos_of(i);
            for n in to_hex(here).all_neighbors() {
                let next = to_pos(n);
                let Some(j) = self.index(next) else { continue };
                if closed[j] {
                    continue;
                }
                let Some(step) = self.step_cost(here, next, class, crossings) else {
                    continue;
                };
                let g = best[i] + step;
                if g < best[j] {
                    best[j] = g;
                    came_from[j] = i as u32;
                    open.push(Reverse((g + n.unsigned_distance_to(goal_hex), j as u32)));
                }
            }
        }
        None
    }

    /// Whether a unit of `class` at `from` can reach any hex for which `target` holds, by the
    /// steps `path` would take. One flood fill over the map, so asking whether a unit can reach a
    /// district costs one pass, not one search per hex of the district (which was quadratic in the
    /// map's size when the district is out of reach).
    pub fn reaches(
        &self,
        from: HexPos,
        class: MoveClass,
        crossings: &Crossings,
        target: impl Fn(usize) -> bool,
    ) -> bool {
        let Some(start) = self.index(from) else {
            return false;
        };
        let mut seen = vec![false; self.len()];
        seen[start] = true;
        let mut stack = vec![start];
        while let Some(i) = stack.pop() {
            if target(i) {
                return true;
            }
            let here = self.pos_of(i);
            for n in to_hex(here).all_neighbors() {
                let next = to_pos(n);
                let Some(j) = self.index(next) else { continue };
                if !seen[j] && self.step_cost(here, next, class, crossings).is_some() {
                    seen[j] = true;
                    stack.push(j);
                }
            }
        }
        false
    }

    /// Total movement cost of a path (sum of its steps), or `None` if a step is blocked.
    pub fn path_cost(
        &self,
        path: &[HexPos],
        class: MoveClass,
        crossings: &Crossings,
    ) -> Option<u32> {
        path.windows(2)
            .map(|w| self.step_cost(w[0], w[1], class, crossings))
            .sum()
    }
}

/// Movement points to enter a hex of this terrain off-road; `None` for impassable.
pub fn terrain_cost(t: Terrain) -> Option<u32> {
    match t {
        Terrain::Urban | Terrain::Rural => Some(2),
        Terrain::Forest | Terrain::Hills => Some(3),
        Terrain::Marsh => Some(4),
        Terrain::Mountain => Some(5),
        Terrain::Water => None,
    }
}

/// Axial direction index (0–5) from `a` to its neighbour `b`.
fn direction(a: Hex, b: Hex) -> Option<u8> {
    a.all_neighbors()
        .iter()
        .position(|&n| n == b)
        .map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::format::{DistrictSpec, RiverSpec, RoadSpec, TerrainSpec};

    fn spec() -> MapSpec {
        MapSpec {
            width: 6,
            height: 5,
            terrain: TerrainSpec {
                fill: Terrain::Rural,
                rows: vec![],
                regions: vec![],
            },
            districts: vec![DistrictSpec {
                id: "all".into(),
                name: "All".into(),
                areas: vec![Area::Rect {
                    min: (0, 0),
                    max: (5, 4),
                }],
            }],
            roads: vec![RoadSpec {
                id: "r".into(),
                path: vec![(0, 2), (1, 2), (2, 2), (3, 2), (4, 2), (5, 2)],
            }],
            rivers: vec![RiverSpec {
                id: "river".into(),
                name: String::new(),
                hexes: (0..5).map(|r| (3, r)).collect(),
            }],
        }
    }

    #[test]
    fn offset_axial_round_trip() {
        for row in -3..7 {
            for col in -3..7 {
                assert_eq!(to_pos(to_hex((col, row))), (col, row));
            }
        }
        // (0,1) is shifted right in odd-r: its neighbours include (0,0) and (1,0).
        assert_eq!(distance((0, 1), (0, 0)), 1);
        assert_eq!(distance((0, 1), (1, 0)), 1);
        assert_eq!(distance((0, 0), (1, 1)), 2);
    }

    #[test]
    fn river_blocks_without_crossing_and_opens_with_bridge() {
        let map = HexMap::from_spec(&spec());
        let closed = vec![false; map.len()];
        assert_eq!(map.path((0, 2), (5, 2), MoveClass::Ground, &closed), None);
        let mut open = closed.clone();
        open[map.index((3, 2)).unwrap()] = true;
        let path = map.path((0, 2), (5, 2), MoveClass::Ground, &open).unwrap();
        assert!(path.contains(&(3, 2)), "crosses at the bridge: {path:?}");
        assert_eq!(map.path_cost(&path, MoveClass::Ground, &open), Some(5));
        // Aircraft ignore the river.
        assert!(map.path((0, 0), (5, 0), MoveClass::Air, &closed).is_some());
    }

    #[test]
    fn reaches_agrees_with_path_for_every_target() {
        let map = HexMap::from_spec(&spec());
        let closed = vec![false; map.len()];
        let mut open = closed.clone();
        open[map.index((3, 2)).unwrap()] = true;
        for crossings in [&closed, &open] {
            for class in [MoveClass::Ground, MoveClass::Air] {
                for t in 0..map.len() {
                    let by_path = map.path((0, 2), map.pos_of(t), class, crossings).is_some();
                    let by_fill = map.reaches((0, 2), class, crossings, |h| h == t);
                    assert_eq!(by_path, by_fill, "target {:?}", map.pos_of(t));
                }
            }
        }
    }

    #[test]
    fn roads_are_cheaper_than_open_ground() {
        let map = HexMap::from_spec(&spec());
        let open = vec![true; map.len()];
        assert_eq!(
            map.step_cost((0, 2), (1, 2), MoveClass::Ground, &open),
            Some(1)
        );
        assert_eq!(
            map.step_cost((0, 1), (1, 1), MoveClass::Ground, &open),
            Some(2)
        );
    }

    /// Cheapest cost by relaxing every edge until nothing changes: slow, obviously right.
    fn brute_force_cost(map: &HexMap, from: HexPos, to: HexPos, open: &Crossings) -> Option<u32> {
        let mut best = vec![u32::MAX; map.len()];
        best[map.index(from)?] = 0;
        loop {
            let mut changed = false;
            for i in 0..map.len() {
                if best[i] == u32::MAX {
                    continue;
                }
                let here = map.pos_of(i);
                for n in to_hex(here).all_neighbors() {
                    let next = to_pos(n);
                    let (Some(j), Some(c)) = (
                        map.index(next),
                        map.step_cost(here, next, MoveClass::Ground, open),
                    ) else {
                        continue;
                    };
                    if best[i] + c < best[j] {
                        best[j] = best[i] + c;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        let b = best[map.index(to)?];
        (b != u32::MAX && map.passable(to, MoveClass::Ground, open)).then_some(b)
    }

    #[test]
    fn paths_are_cheapest_on_random_maps() {
        let mut seed = 12345u64;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as u32
        };
        let terrains = [
            Terrain::Rural,
            Terrain::Urban,
            Terrain::Forest,
            Terrain::Hills,
            Terrain::Marsh,
            Terrain::Mountain,
            Terrain::Water,
        ];
        for _ in 0..40 {
            let mut map = HexMap::from_spec(&spec());
            for t in map.terrain.iter_mut() {
                *t = terrains[(next() % 7) as usize];
            }
            let open: Vec<bool> = (0..map.len()).map(|_| next() % 2 == 0).collect();
            let from = map.pos_of((next() as usize) % map.len());
            let to = map.pos_of((next() as usize) % map.len());
            let path = map.path(from, to, MoveClass::Ground, &open);
            let expected = brute_force_cost(&map, from, to, &open);
            match path {
                None => assert_eq!(expected, None, "{from:?} → {to:?}"),
                Some(p) => {
                    assert_eq!(p.first(), Some(&from));
                    assert_eq!(p.last(), Some(&to));
                    assert_eq!(
                        map.path_cost(&p, MoveClass::Ground, &open),
                        expected,
                        "{from:?} → {to:?}: {p:?}"
                    );
                }
            }
        }
    }
}
