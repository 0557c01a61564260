//! Route searches for one turn's planning: the movement cost from where a unit stands to every
//! hex, over the bridges open now and those about to open (`Situation::soon`). Every planner
//! (care, repairs, teams, security, orders' waypoints) asks for the same units' costs again and
//! again, so each search is made once per turn and shared; and the searches themselves read a
//! table of step costs built once per turn and movement class, not the map's rules at every
//! step (those were half of a turn's planning on flood relief).

use super::situation::neighbours;
use crate::map::{HexMap, MoveClass};
use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// A search, shared, since many planners read the same unit's search.
pub(crate) type Route = Rc<Found>;

/// The cheapest hex to stand on in each district and its cost, by district (`None`: none).
pub(crate) type Stands = Vec<Option<(usize, u32)>>;

/// What a search found.
#[derive(Debug)]
pub(crate) struct Found {
    /// Movement costs to every hex (`u32::MAX`: no route).
    pub best: Vec<u32>,
    /// The hex each is best entered from (`usize::MAX`: none).
    pub prev: Vec<usize>,
    /// The cheapest hex to stand on in each district, for a ground unit and for an aircraft,
    /// worked out on first use (`Situation::stand_in`): planners ask it for every unit,
    /// district and option, and it depends on nothing else than these costs.
    pub stand: [OnceCell<Stands>; 2],
}

/// Where a search starts, whether the unit flies, and its movement points.
type RouteKey = ((i32, i32), bool, u32);

/// No neighbour on the map, or a step that cannot be taken.
const NONE: u32 = u32::MAX;

/// One step out of a hex: the neighbour's index, the movement points to enter it, and the turns
/// to wait there for a bridge about to open (ground units only); `NONE` when it cannot be taken.
#[derive(Debug, Clone, Copy)]
struct Step {
    to: u32,
    cost: u32,
    delay: u32,
}

/// Every hex's six steps, in [`neighbours`] order (the order the search relaxes them in, so
/// that ties go the same way as they always did).
type Steps = Vec<[Step; 6]>;

/// The turn's searches and step tables. A change of the bridges about to open empties it.
#[derive(Debug, Default)]
pub(crate) struct RouteCache {
    soon: Vec<(usize, u32)>,
    /// (start, air, movement points) → the search from there.
    searches: BTreeMap<RouteKey, Route>,
    /// Step tables for ground units and for aircraft, built on first use and patched when the
    /// bridges about to open change.
    steps: [Option<Rc<Steps>>; 2],
    /// The search's open hexes by cost, kept for the next search (all empty between searches).
    buckets: Vec<Vec<u32>>,
}

/// What a search reads of the situation: the map, the crossings open now, and the bridges
/// about to open with the turns until they do.
pub(crate) struct Ground<'s> {
    pub map: &'s HexMap,
    pub crossings: &'s [bool],
    pub soon: &'s [(usize, u32)],
}

impl RouteCache {
    /// The search from `start` for a unit of this class and movement points, made now if it
    /// was not made before with the same bridges about to open.
    pub fn search(&mut self, g: &Ground, start: (i32, i32), class: MoveClass, mp: u32) -> Route {
        if self.soon != g.soon {
            for (slot, table) in self.steps.iter_mut().enumerate() {
                if let Some(table) = table {
                    let class = [MoveClass::Ground, MoveClass::Air][slot];
                    patch(Rc::make_mut(table), g, &self.soon, class);
                }
            }
            self.soon = g.soon.to_vec();
            self.searches.clear();
        }
        let key = (start, class == MoveClass::Air, mp);
        if let Some(found) = self.searches.get(&key) {
            return Rc::clone(found);
        }
        let slot = usize::from(class == MoveClass::Air);
        let steps = Rc::clone(self.steps[slot].get_or_insert_with(|| Rc::new(steps(g, class))));
        let (best, prev) = dijkstra(g.map, &steps, start, mp, &mut self.buckets);
        let found = Rc::new(Found {
            best,
            prev,
            stand: Default::default(),
        });
        self.searches.insert(key, Rc::clone(&found));
        found
    }
}

/// The crossings a search may use: those open now and those about to open.
fn open_soon(g: &Ground) -> Vec<bool> {
    let mut crossings = g.crossings.to_vec();
    for &(i, _) in g.soon {
        crossings[i] = true;
    }
    crossings
}

/// The step table of a movement class: [`HexMap::step_cost`] over the crossings open now and
/// those about to open, and for a ground unit entering a river hex that is not open yet, the
/// turns until it opens (waiting for it costs the unit's movement points for each).
fn steps(g: &Ground, class: MoveClass) -> Steps {
    let crossings = open_soon(g);
    (0..g.map.len())
        .map(|i| row(g, &crossings, class, i))
        .collect()
}

/// The steps out of hex `i` (see [`steps`]).
fn row(g: &Ground, crossings: &[bool], class: MoveClass, i: usize) -> [Step; 6] {
    let map = g.map;
    let here = map.pos_of(i);
    let mut out = [Step {
        to: NONE,
        cost: NONE,
        delay: 0,
    }; 6];
    for (slot, next) in neighbours(here).into_iter().enumerate() {
        let Some(j) = map.index(next) else {
            continue;
        };
        let Some(cost) = map.step_cost(here, next, class, crossings) else {
            continue;
        };
        // The search takes its open hexes one cost at a time: no step may be free.
        debug_assert!(cost >= 1);
        let delay = if class == MoveClass::Ground && !g.crossings[j] && map.river[j] {
            g.soon.iter().find(|x| x.0 == j).map_or(0, |x| x.1)
        } else {
            0
        };
        out[slot] = Step {
            to: j as u32,
            cost,
            delay,
        };
    }
    out
}

/// A step table brought from the bridges about to open `before` to those of `g`: only the
/// steps into a hex whose bridge changed differ (entering a hex depends on that hex alone), so
/// only its neighbours' rows are worked out again.
fn patch(table: &mut Steps, g: &Ground, before: &[(usize, u32)], class: MoveClass) {
    let crossings = open_soon(g);
    let mut rows: Vec<usize> = Vec::new();
    for &(j, _) in before.iter().chain(g.soon) {
        let at = g.map.pos_of(j);
        rows.extend(neighbours(at).into_iter().filter_map(|p| g.map.index(p)));
    }
    rows.sort_unstable();
    rows.dedup();
    for i in rows {
        table[i] = row(g, &crossings, class, i);
    }
}

/// Dijkstra over the step table from `start`; `wait` is what a turn of waiting costs. Costs are
/// small whole numbers and every step costs at least 1, so the open hexes are kept in one
/// bucket per cost (`buckets`, reused between searches) and each bucket is taken in hex index
/// order: exactly the order a binary heap of (cost, index) pops them in, for a fraction of the
/// work, so every route and tie is as it always was.
fn dijkstra(
    map: &HexMap,
    steps: &Steps,
    start: (i32, i32),
    wait: u32,
    buckets: &mut Vec<Vec<u32>>,
) -> (Vec<u32>, Vec<usize>) {
    let mut best = vec![u32::MAX; map.len()];
    let mut prev = vec![usize::MAX; map.len()];
    let Some(start) = map.index(start) else {
        return (best, prev);
    };
    best[start] = 0;
    if buckets.is_empty() {
        buckets.push(Vec::new());
    }
    buckets[0].push(start as u32);
    let mut top = 0;
    let mut g = 0;
    while g <= top {
        let mut open = std::mem::take(&mut buckets[g]);
        open.sort_unstable();
        for &i in &open {
            let i = i as usize;
            if g as u32 > best[i] {
                continue;
            }
            for s in &steps[i] {
                if s.cost == NONE {
                    continue;
                }
                let j = s.to as usize;
                let to = g as u32 + s.cost + s.delay * wait;
                if to < best[j] {
                    best[j] = to;
                    prev[j] = i;
                    let k = to as usize;
                    if k >= buckets.len() {
                        buckets.resize_with(k + 1, Vec::new);
                    }
                    buckets[k].push(j as u32);
                    top = top.max(k);
                }
            }
        }
        open.clear();
        buckets[g] = open;
        g += 1;
    }
    (best, prev)
}
