//! The edits the map editor makes, as data: each [`EditOp`] changes the scenario model the way
//! an author would by hand (a hex repainted, a unit moved), so that the GUI, tests and any other
//! front end share one implementation and one undo history.

use crate::map::{HexMap, area_hexes, distance};
use crate::scenario::format::*;
use std::collections::BTreeSet;

/// One edit of a scenario. Painting ops take a list of hexes so that a brush stamp is one op.
#[derive(Debug, Clone, PartialEq)]
pub enum EditOp {
    /// Set the ground of these hexes.
    PaintTerrain {
        hexes: Vec<HexPos>,
        terrain: Terrain,
    },
    /// Put these hexes in a district (taking them from any other), or in none with `None`.
    PaintDistrict {
        hexes: Vec<HexPos>,
        district: Option<String>,
    },
    /// Add these hexes to a river (created if the id is new), or remove them with `on: false`.
    PaintRiver {
        hexes: Vec<HexPos>,
        river: String,
        on: bool,
    },
    /// Extend a road (created if the id is new) through these hexes, or cut them out of it.
    PaintRoad {
        hexes: Vec<HexPos>,
        road: String,
        on: bool,
    },
    /// Declare a new district (it gets its hexes by painting).
    AddDistrict { id: String, name: String },
    /// Add an entity at a hex.
    Place {
        kind: EntityKind,
        at: HexPos,
        /// Sub-type chosen in the palette (`Infantry`, `Clinic`, `Ngo`…), as the format spells it.
        subtype: String,
    },
    /// Move an entity to a hex: a unit or site to that hex; an actor to that hex's district
    /// (its base, added to the districts it works in).
    Move {
        kind: EntityKind,
        id: String,
        to: HexPos,
    },
    /// Remove an entity. References to it elsewhere are left for validation to report.
    Delete { kind: EntityKind, id: String },
}

/// The entities the editor places, moves, deletes and edits field by field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityKind {
    Unit,
    Site,
    Actor,
    District,
}

impl EntityKind {
    /// The path of the entity list in the scenario, as validation names it.
    pub fn list_path(self) -> &'static str {
        match self {
            EntityKind::Unit => "units",
            EntityKind::Site => "infrastructure",
            EntityKind::Actor => "actors",
            EntityKind::District => "map.districts",
        }
    }

    /// The ids of the entities of this kind, in file order.
    pub fn ids(self, s: &Scenario) -> Vec<&str> {
        match self {
            EntityKind::Unit => s.units.iter().map(|u| u.id.as_str()).collect(),
            EntityKind::Site => s.infrastructure.iter().map(|u| u.id.as_str()).collect(),
            EntityKind::Actor => s.actors.iter().map(|u| u.id.as_str()).collect(),
            EntityKind::District => s.map.districts.iter().map(|u| u.id.as_str()).collect(),
        }
    }

    /// Index of the entity with this id.
    pub fn index_of(self, s: &Scenario, id: &str) -> Option<usize> {
        self.ids(s).iter().position(|i| *i == id)
    }

    /// The sub-types the palette offers when placing, as the format spells them.
    pub fn subtypes(self) -> &'static [&'static str] {
        match self {
            EntityKind::Unit => &[
                "Infantry",
                "Mechanised",
                "Engineer",
                "Medical",
                "Logistics",
                "MilitaryPolice",
                "CimicTeam",
                "Aviation",
                "InfoOps",
                "Irregular",
            ],
            EntityKind::Site => &[
                "PowerPlant",
                "WaterPlant",
                "Hospital",
                "Clinic",
                "School",
                "Bridge",
                "Port",
                "Market",
                "Warehouse",
                "Telecom",
                "GovernmentOffice",
                "PoliceStation",
                "IdpCamp",
                "CulturalSite",
                "ReligiousSite",
            ],
            EntityKind::Actor => &[
                "Ngo",
                "InternationalOrganisation",
                "UnAgency",
                "Icrc",
                "HostNationMinistry",
                "LocalAuthority",
                "LocalLeader",
                "LawEnforcement",
                "Contractor",
            ],
            EntityKind::District => &[],
        }
    }
}

/// Why an op could not be applied (the scenario is left unchanged).
pub type OpError = String;

/// Applies `op` to `s`. On an error nothing has changed.
pub fn apply(s: &mut Scenario, op: &EditOp) -> Result<(), OpError> {
    match op {
        EditOp::PaintTerrain { hexes, terrain } => paint_terrain(&mut s.map, hexes, *terrain),
        EditOp::PaintDistrict { hexes, district } => {
            paint_district(&mut s.map, hexes, district.as_deref())
        }
        EditOp::PaintRiver { hexes, river, on } => paint_river(&mut s.map, hexes, river, *on),
        EditOp::PaintRoad { hexes, road, on } => paint_road(&mut s.map, hexes, road, *on),
        EditOp::AddDistrict { id, name } => {
            if EntityKind::District.index_of(s, id).is_some() {
                return Err(format!("a district `{id}` exists already"));
            }
            s.map.districts.push(DistrictSpec {
                id: id.clone(),
                name: name.clone(),
                areas: Vec::new(),
            });
            Ok(())
        }
        EditOp::Place { kind, at, subtype } => place(s, *kind, *at, subtype),
        EditOp::Move { kind, id, to } => move_entity(s, *kind, id, *to),
        EditOp::Delete { kind, id } => delete(s, *kind, id),
    }
}

/// Whether a hex is on the map (edits outside it are ignored).
fn inside(m: &MapSpec, (c, r): HexPos) -> bool {
    c >= 0 && r >= 0 && (c as u32) < m.width && (r as u32) < m.height
}

/// Terrain painting writes the whole map as `rows` (one letter per hex), the fill kept and the
/// regions folded in: the resolved map is what the author sees, and rows show it in the file.
fn paint_terrain(m: &mut MapSpec, hexes: &[HexPos], terrain: Terrain) -> Result<(), OpError> {
    let resolved = HexMap::from_spec(m);
    let mut grid: Vec<Vec<Terrain>> = (0..m.height)
        .map(|r| {
            (0..m.width)
                .map(|c| {
                    let i = resolved.index((c as i32, r as i32)).unwrap_or(0);
                    resolved.terrain.get(i).copied().unwrap_or(m.terrain.fill)
                })
                .collect()
        })
        .collect();
    let mut changed = false;
    for &p in hexes.iter().filter(|&&p| inside(m, p)) {
        let cell = &mut grid[p.1 as usize][p.0 as usize];
        changed |= *cell != terrain;
        *cell = terrain;
    }
    if !changed {
        return Ok(());
    }
    let code = |t: Terrain| {
        Terrain::CODES
            .iter()
            .find(|(_, k)| *k == t)
            .map_or('.', |(c, _)| *c)
    };
    m.terrain.rows = grid
        .iter()
        .map(|row| row.iter().map(|&t| code(t)).collect())
        .collect();
    m.terrain.regions.clear();
    Ok(())
}

/// Moves hexes into district `to` (or none). A district that loses a hex of a rectangle has that
/// rectangle written out as a list of hexes; a district that gains hexes gets them in a list
/// area of its own (the last one, created if needed).
fn paint_district(m: &mut MapSpec, hexes: &[HexPos], to: Option<&str>) -> Result<(), OpError> {
    let target = match to {
        Some(id) => Some(
            m.districts
                .iter()
                .position(|d| d.id == id)
                .ok_or_else(|| format!("no district `{id}`"))?,
        ),
        None => None,
    };
    let hexes: BTreeSet<HexPos> = hexes.iter().copied().filter(|&p| inside(m, p)).collect();
    for (d, district) in m.districts.iter_mut().enumerate() {
        if Some(d) == target {
            continue;
        }
        let mut changed = false;
        for area in &mut district.areas {
            if area_hexes(area).iter().any(|p| hexes.contains(p)) {
                let kept = area_hexes(area)
                    .into_iter()
                    .filter(|p| !hexes.contains(p))
                    .collect();
                *area = Area::Hexes(kept);
                changed = true;
            }
        }
        if changed {
            tidy(&mut district.areas);
        }
    }
    if let Some(d) = target {
        let district = &mut m.districts[d];
        let owned: BTreeSet<HexPos> = district.areas.iter().flat_map(area_hexes).collect();
        let new: Vec<HexPos> = hexes.into_iter().filter(|p| !owned.contains(p)).collect();
        if new.is_empty() {
            return Ok(());
        }
        district.areas.push(Area::Hexes(new));
        tidy(&mut district.areas);
    }
    Ok(())
}

/// Writes painted areas the way an author would: one rectangle when the district's hexes fill
/// one, else its rectangles kept and every other hex in one list in reading order.
fn tidy(areas: &mut Vec<Area>) {
    let all: BTreeSet<HexPos> = areas.iter().flat_map(area_hexes).collect();
    let (Some(cmin), Some(cmax)) = (all.iter().map(|p| p.0).min(), all.iter().map(|p| p.0).max())
    else {
        areas.clear();
        return;
    };
    let (rmin, rmax) = (
        all.iter().map(|p| p.1).min().unwrap_or(0),
        all.iter().map(|p| p.1).max().unwrap_or(0),
    );
    let full = ((cmax - cmin + 1) as usize) * ((rmax - rmin + 1) as usize);
    if all.len() == full {
        *areas = vec![Area::Rect {
            min: (cmin, rmin),
            max: (cmax, rmax),
        }];
        return;
    }
    let rects: Vec<Area> = areas
        .iter()
        .filter(|a| matches!(a, Area::Rect { .. }))
        .cloned()
        .collect();
    let in_rects: BTreeSet<HexPos> = rects.iter().flat_map(area_hexes).collect();
    let mut rest: Vec<HexPos> = all.difference(&in_rects).copied().collect();
    rest.sort_by_key(|&(c, r)| (r, c));
    *areas = rects;
    if !rest.is_empty() {
        areas.push(Area::Hexes(rest));
    }
}

/// Adds hexes to a river, or takes them out; a river left with no hexes is removed.
fn paint_river(m: &mut MapSpec, hexes: &[HexPos], id: &str, on: bool) -> Result<(), OpError> {
    let hexes: Vec<HexPos> = hexes.iter().copied().filter(|&p| inside(m, p)).collect();
    let at = match m.rivers.iter().position(|r| r.id == id) {
        Some(i) => i,
        None if on => {
            m.rivers.push(RiverSpec {
                id: id.to_string(),
                name: String::new(),
                hexes: Vec::new(),
            });
            m.rivers.len() - 1
        }
        None => return Ok(()),
    };
    let river = &mut m.rivers[at];
    if on {
        for p in hexes {
            if !river.hexes.contains(&p) {
                river.hexes.push(p);
            }
        }
    } else {
        river.hexes.retain(|p| !hexes.contains(p));
        if river.hexes.is_empty() {
            m.rivers.remove(at);
        }
    }
    Ok(())
}

/// Extends a road at whichever end a hex is next to (appending when it is next to neither, for
/// validation to report the gap), or cuts hexes out of it: a cut inside the road splits it in
/// two, the second part under a new id. Pieces shorter than two hexes are dropped.
fn paint_road(m: &mut MapSpec, hexes: &[HexPos], id: &str, on: bool) -> Result<(), OpError> {
    let hexes: Vec<HexPos> = hexes.iter().copied().filter(|&p| inside(m, p)).collect();
    let at = match m.roads.iter().position(|r| r.id == id) {
        Some(i) => i,
        None if on => {
            m.roads.push(RoadSpec {
                id: id.to_string(),
                path: Vec::new(),
            });
            m.roads.len() - 1
        }
        None => return Ok(()),
    };
    if on {
        let path = &mut m.roads[at].path;
        for p in hexes {
            if path.contains(&p) {
                continue;
            }
            let joins_front = path.first().is_some_and(|&f| distance(f, p) == 1)
                && path.last().is_none_or(|&l| distance(l, p) != 1);
            if joins_front {
                path.insert(0, p);
            } else {
                path.push(p);
            }
        }
        return Ok(());
    }
    let road = m.roads.remove(at);
    let mut pieces: Vec<Vec<HexPos>> = vec![Vec::new()];
    for p in road.path {
        if hexes.contains(&p) {
            pieces.push(Vec::new());
        } else if let Some(last) = pieces.last_mut() {
            last.push(p);
        }
    }
    let pieces = pieces.into_iter().filter(|p| p.len() >= 2);
    for (k, (insert_at, piece)) in (at..).zip(pieces).enumerate() {
        let piece_id = if k == 0 {
            road.id.clone()
        } else {
            fresh_id(&m.roads.iter().map(|r| r.id.as_str()).collect(), &road.id)
        };
        m.roads.insert(
            insert_at,
            RoadSpec {
                id: piece_id,
                path: piece,
            },
        );
    }
    Ok(())
}

/// `base_2`, `base_3`…: the first that is not taken.
pub fn fresh_id(taken: &BTreeSet<&str>, base: &str) -> String {
    (2..)
        .map(|n| format!("{base}_{n}"))
        .find(|id| !taken.contains(id.as_str()))
        .unwrap_or_else(|| base.to_string())
}

/// The district a hex belongs to, by id.
pub fn district_at(m: &MapSpec, pos: HexPos) -> Option<String> {
    m.districts
        .iter()
        .find(|d| d.areas.iter().any(|a| area_hexes(a).contains(&pos)))
        .map(|d| d.id.clone())
}

/// People a newly placed site or actor serves per turn, until the author sets the field.
const PLACED_CAPACITY: u32 = 1000;

/// Parses a minimal RON value, the serde defaults filling the rest, as the loader would.
fn minimal<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, OpError> {
    crate::scenario::load::parse_ron("new entity", text, "docs/scenario-format.md").map_err(|e| {
        e.problems
            .first()
            .map_or_else(String::new, |p| p.message.clone())
    })
}

/// Adds a unit, site or actor with a fresh id and the format's defaults.
fn place(s: &mut Scenario, kind: EntityKind, at: HexPos, subtype: &str) -> Result<(), OpError> {
    if !inside(&s.map, at) {
        return Err(format!("({}, {}) is off the map", at.0, at.1));
    }
    if !kind.subtypes().contains(&subtype) {
        return Err(format!("`{subtype}` is not a kind of {kind:?}"));
    }
    let base = subtype.to_lowercase();
    let taken: BTreeSet<&str> = kind.ids(s).into_iter().collect();
    let id = if taken.contains(base.as_str()) {
        fresh_id(&taken, &base)
    } else {
        base
    };
    let (c, r) = at;
    match kind {
        EntityKind::Unit => {
            let side = s
                .sides
                .iter()
                .find(|x| x.role == SideRole::Force)
                .or(s.sides.first())
                .map(|x| x.id.clone())
                .ok_or("declare a side before placing units")?;
            let text = format!(
                "(id: {id:?}, name: {id:?}, side: {side:?}, kind: {subtype}, position: ({c}, {r}))"
            );
            s.units.push(minimal(&text)?);
        }
        EntityKind::Site => {
            let mut site: InfraSpec = minimal(&format!(
                "(id: {id:?}, name: {id:?}, kind: {subtype}, hex: ({c}, {r}))"
            ))?;
            // A site that serves a sector starts serving its own district, so that it validates.
            if crate::rules::infra_sector(site.kind).is_some() {
                site.capacity = PLACED_CAPACITY;
                site.serves = district_at(&s.map, at).into_iter().collect();
            }
            s.infrastructure.push(site);
        }
        EntityKind::Actor => {
            let district = district_at(&s.map, at)
                .ok_or("an actor is placed in a district: paint one here first")?;
            let mandate = if subtype == "LawEnforcement" {
                "[Security]"
            } else {
                "[Water, Food, Health]"
            };
            let text = format!(
                "(id: {id:?}, name: {id:?}, kind: {subtype}, mandate: {mandate}, \
                 capacity: {PLACED_CAPACITY}, districts: [{district:?}])"
            );
            s.actors.push(minimal(&text)?);
        }
        EntityKind::District => return Err("districts are painted, not placed".into()),
    }
    Ok(())
}

fn move_entity(s: &mut Scenario, kind: EntityKind, id: &str, to: HexPos) -> Result<(), OpError> {
    if !inside(&s.map, to) {
        return Err(format!("({}, {}) is off the map", to.0, to.1));
    }
    let i = kind
        .index_of(s, id)
        .ok_or_else(|| format!("no {kind:?} `{id}`"))?;
    match kind {
        EntityKind::Unit => s.units[i].position = to,
        EntityKind::Site => s.infrastructure[i].hex = to,
        EntityKind::Actor => {
            let district =
                district_at(&s.map, to).ok_or("an actor moves to a district: this hex has none")?;
            let actor = &mut s.actors[i];
            if !actor.districts.contains(&district) {
                actor.districts.push(district.clone());
            }
            actor.base = Some(district);
        }
        EntityKind::District => return Err("districts are painted, not moved".into()),
    }
    Ok(())
}

fn delete(s: &mut Scenario, kind: EntityKind, id: &str) -> Result<(), OpError> {
    let i = kind
        .index_of(s, id)
        .ok_or_else(|| format!("no {kind:?} `{id}`"))?;
    match kind {
        EntityKind::Unit => {
            s.units.remove(i);
        }
        EntityKind::Site => {
            s.infrastructure.remove(i);
        }
        EntityKind::Actor => {
            s.actors.remove(i);
        }
        EntityKind::District => {
            s.map.districts.remove(i);
        }
    }
    Ok(())
}
