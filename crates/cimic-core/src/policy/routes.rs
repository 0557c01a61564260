//! Route searches for one turn's planning: the movement cost from where a unit stands to every
//! hex, over the bridges open now and those about to open (`Situation::soon`). Every planner
//! (care, repairs, teams, security, orders' waypoints) asks for the same units' costs again and
//! again, so each search is made once per turn and shared; and the searches themselves read a
//! table of step costs built once per turn and movement class, not the map's rules at every
//! step (those were half of a turn's planning on flood relief).

use super::situation::neighbours;
use crate::map::{HexMap, MoveClass};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::rc::Rc;

/// Movement costs to every hex (`u32::MAX`: no route), and the hex each is best entered from
/// (`usize::MAX`: none). Shared, since many planners read the same unit's search.
pub(crate) type Route = Rc<(Vec<u32>, Vec<usize>)>;

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
    /// Step tables for ground units and for aircraft, built on first use.
    steps: [Option<Rc<Steps>>; 2],
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
            self.soon = g.soon.to_vec();
            self.searches.clear();
            self.steps = [None, None];
        }
        let key = (start, class == MoveClass::Air, mp);
        if let Some(found) = self.searches.get(&key) {
            return Rc::clone(found);
        }
        let slot = usize::from(class == MoveClass::Air);
        let steps = Rc::clone(self.steps[slot].get_or_insert_with(|| Rc::new(steps(g, class))));
        let found = Rc::new(dijkstra(g.map, &steps, start, mp));
        self.searches.insert(key, Rc::clone(&found));
        found
    }
}

/// The step table of a movement class: [`HexMap::step_cost`] over the crossings open now and
/// those about to open, and for a ground unit entering a river hex that is not open yet, the
/// turns until it opens (waiting for it costs the unit's movement points for each).
fn steps(g: &Ground, class: MoveClass) -> Steps {
    let map = g.map;
    let mut crossings = g.crossings.to_vec();
    for &(i, _) in g.soon {
        crossings[i] = true;
    }
    let blocked = Step {
        to: NONE,
        cost: NONE,
        delay: 0,
    };
    (0..map.len())
        .map(|i| {
            let here = map.pos_of(i);
            let mut out = [blocked; 6];
            for (slot, next) in neighbours(here).into_iter().enumerate() {
                let Some(j) = map.index(next) else {
                    continue;
                };
                let Some(cost) = map.step_cost(here, next, class, &crossings) else {
                    continue;
                };
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
        })
        .collect()
}

/// Dijkstra over the step table from `start`; `wait` is what a turn of waiting costs.
fn dijkstra(map: &HexMap, steps: &Steps, start: (i32, i32), wait: u32) -> (Vec<u32>, Vec<usize>) {
    let mut best = vec![u32::MAX; map.len()];
    let mut prev = vec![usize::MAX; map.len()];
    let Some(start) = map.index(start) else {
        return (best, prev);
    };
    best[start] = 0;
    let mut open = BinaryHeap::new();
    open.push(Reverse((0u32, start)));
    while let Some(Reverse((g, i))) = open.pop() {
        if g > best[i] {
            continue;
        }
        for s in &steps[i] {
            if s.cost == NONE {
                continue;
            }
            let j = s.to as usize;
            let step = s.cost + s.delay * wait;
            if g + step < best[j] {
                best[j] = g + step;
                prev[j] = i;
                open.push(Reverse((g + step, j)));
            }
        }
    }
    (best, prev)
}
