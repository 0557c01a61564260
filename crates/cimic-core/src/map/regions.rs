//! Which districts people can travel between by land now: the map cut into connected ground
//! regions by water and by rivers where no bridge stands. Flight and the civilian actors' reach
//! read it (docs/rules.md §11.1 and §15), so a valley cut off by a collapsed bridge is cut off for
//! everyone, not only for the force's units.

use super::{DistrictIdx, HexMap, MoveClass, NO_DISTRICT, to_hex, to_pos};

/// Marks a hex nobody can stand on by land (open water, a river without a bridge).
const NO_REGION: u32 = u32::MAX;

/// The map's ground regions for one state of the bridges.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Regions {
    /// The crossings this labelling was made for, so a caller can tell whether it is current.
    crossings: Vec<bool>,
    /// Region of each hex (`NO_REGION` where the ground is impassable).
    label: Vec<u32>,
    /// The regions each district's passable hexes belong to, sorted, without repeats.
    of_district: Vec<Vec<u32>>,
}

impl Regions {
    /// Labels every passable hex with its ground region: one flood fill over the map, O(hexes).
    /// Two hexes share a region when a ground unit could walk from one to the other now.
    pub fn compute(map: &HexMap, districts: usize, crossings: &[bool]) -> Regions {
        let mut label = vec![NO_REGION; map.len()];
        let mut next = 0u32;
        let mut stack = Vec::new();
        for start in 0..map.len() {
            if label[start] != NO_REGION
                || !map.passable(map.pos_of(start), MoveClass::Ground, crossings)
            {
                continue;
            }
            label[start] = next;
            stack.push(start);
            while let Some(i) = stack.pop() {
                let here = map.pos_of(i);
                for n in to_hex(here).all_neighbors() {
                    let next_pos = to_pos(n);
                    let Some(j) = map.index(next_pos) else {
                        continue;
                    };
                    if label[j] == NO_REGION && map.passable(next_pos, MoveClass::Ground, crossings)
                    {
                        label[j] = next;
                        stack.push(j);
                    }
                }
            }
            next += 1;
        }
        let mut of_district = vec![Vec::new(); districts];
        for (i, &r) in label.iter().enumerate() {
            let d = map.district[i];
            if r != NO_REGION
                && d != NO_DISTRICT
                && let Some(list) = of_district.get_mut(d as usize)
            {
                list.push(r);
            }
        }
        for list in &mut of_district {
            list.sort_unstable();
            list.dedup();
        }
        Regions {
            crossings: crossings.to_vec(),
            label,
            of_district,
        }
    }

    /// Whether this labelling was made for these crossings.
    pub fn is_for(&self, crossings: &[bool]) -> bool {
        self.crossings == crossings
    }

    /// Whether some hex of `a` and some hex of `b` are joined by land now. A district is linked
    /// to itself when any of its ground is passable.
    pub fn linked(&self, a: DistrictIdx, b: DistrictIdx) -> bool {
        let (Some(x), Some(y)) = (
            self.of_district.get(a as usize),
            self.of_district.get(b as usize),
        ) else {
            return false;
        };
        let (mut i, mut j) = (0, 0);
        while i < x.len() && j < y.len() {
            match x[i].cmp(&y[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }

    /// The ground regions a district's passable hexes lie in (sorted).
    pub fn of_district(&self, d: DistrictIdx) -> &[u32] {
        self.of_district.get(d as usize).map_or(&[], |v| &v[..])
    }

    /// Number of regions.
    #[cfg(test)]
    fn count(&self) -> usize {
        self.label
            .iter()
            .filter(|&&r| r != NO_REGION)
            .max()
            .map_or(0, |&r| r as usize + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::format::{Area, DistrictSpec, MapSpec, RiverSpec, Terrain, TerrainSpec};

    /// Three districts in a row, a river down column 3 with a possible crossing at (3, 2).
    fn valley() -> HexMap {
        let district = |id: &str, min: (i32, i32), max: (i32, i32)| DistrictSpec {
            id: id.into(),
            name: id.into(),
            areas: vec![Area::Rect { min, max }],
        };
        HexMap::from_spec(&MapSpec {
            width: 7,
            height: 5,
            terrain: TerrainSpec {
                fill: Terrain::Rural,
                rows: vec![],
                regions: vec![],
            },
            districts: vec![
                district("west", (0, 0), (2, 4)),
                district("east", (4, 0), (6, 2)),
                district("south_east", (4, 3), (6, 4)),
            ],
            rivers: vec![RiverSpec {
                id: "r".into(),
                name: String::new(),
                hexes: (0..5).map(|row| (3, row)).collect(),
            }],
            roads: vec![],
        })
    }

    #[test]
    fn a_river_without_a_bridge_cuts_the_valley_in_two() {
        let map = valley();
        let closed = vec![false; map.len()];
        let r = Regions::compute(&map, 3, &closed);
        assert_eq!(r.count(), 2);
        assert!(r.linked(0, 0));
        assert!(
            !r.linked(0, 1),
            "west and east are on either side of the river"
        );
        assert!(r.linked(1, 2), "east and south-east share a bank");
        let mut open = closed.clone();
        open[map.index((3, 2)).unwrap()] = true;
        let r = Regions::compute(&map, 3, &open);
        assert_eq!(r.count(), 1);
        assert!(r.linked(0, 1) && r.linked(0, 2));
        assert!(r.is_for(&open) && !r.is_for(&closed));
    }
}
