//! What a policy knows at the start of its turn, gathered once from the simulation's public views
//! (never from the ECS world), and the map reasoning every policy shares: movement costs over the
//! bridges open now, and where a unit should stand to do a job. Everything is in id or index
//! order, so the same state always gives the same answers.

use super::routes::{Ground, Route, RouteCache};
use crate::map::{HexMap, MoveClass};
use crate::rules::{BRIDGE_OPEN_AT, movement_points, unit_move_class};
use crate::scenario::format::{ActorKind, Capability, InfraKind, Sector, SideRole, Terrain};
use crate::sim::components::ActorStatus;
use crate::sim::conditions::CompiledCondition;
use crate::sim::knowledge::Snapshot;
use crate::sim::{ActorView, DistrictView, GroupView, InfraView, Simulation, UnitView};
use std::cell::RefCell;
use std::ops::Deref;

/// Weight of each sector in wellbeing (docs/rules.md §2), in `Sector::ALL` order: how much a
/// shortfall in it hurts people.
pub(crate) const SECTOR_WEIGHT: [f32; 7] = [0.2, 0.2, 0.2, 0.15, 0.05, 0.15, 0.05];

/// Satisfaction at which a sector counts as met.
pub(crate) const MET: f32 = 0.85;
/// A community short of this share of its fair share of the force's help is one the policy
/// turns to before the rules judge it neglected (`PARTIALITY_TOLERANCE`, 0.5).
pub(crate) const NEGLECTED: f32 = 0.3;

/// The state as the policy sees it before the coming turn.
pub(crate) struct Situation<'a> {
    /// The map, for routes and districts.
    pub map: &'a HexMap,
    /// The turn the orders are for (1 = the first turn played).
    pub turn: u32,
    /// The last turn of the exercise.
    pub turns: u32,
    /// Every unit, in id order (the force's, the adversary's, the others').
    pub units: Vec<UnitView>,
    /// Every site, in id order.
    pub infra: Vec<InfraView>,
    /// Every actor, in id order.
    pub actors: Vec<ActorView>,
    /// People and needs per district as the force knows them (its picture, else the briefing:
    /// [`super::known`]), in scenario order (district indices point here).
    pub districts: Vec<DistrictView>,
    /// Every population group, in id order, with the needs and size the force knows of
    /// ([`super::known::groups`]).
    pub groups: Vec<GroupView>,
    /// The force's picture of each district, in district order.
    pub picture: Vec<Option<Snapshot>>,
    /// The briefing's picture of each district (the situation of turn 0), in district order.
    pub briefing: Vec<Option<Snapshot>>,
    /// Security in each district now, as far as it decides where the actors work: whether an
    /// agency gets into a district is in plain sight (who works where is the first thing
    /// coordination shares), even where the force's picture of the people there is old.
    access_security: Vec<f32>,
    /// River hexes that a working bridge makes passable now, by hex index.
    pub crossings: Vec<bool>,
    /// Share of each district's citizens active in civil unrest.
    pub unrest: Vec<f32>,
    /// Closed bridges the engineers are about to reopen: (hex index, turns until open). Routes
    /// are planned as if they were open then, so that units stage behind them.
    pub soon: Vec<(usize, u32)>,
    /// What the force has done for each community lately (the impartiality test).
    pub fairness: Vec<crate::sim::communities::Fairness>,
    /// Sites that pending objectives ask to bring to a functioning level: what the mission asks
    /// of the engineers, beside the need they see.
    pub objective_sites: Vec<ObjectiveSite>,
    /// Units that pending objectives want in a district by a deadline.
    pub objective_posts: Vec<ObjectivePost>,
    /// Needs that pending objectives ask for: (district, sector, level, deadline, share).
    pub objective_needs: Vec<(usize, Sector, f32, u32, f32)>,
    /// Requests for assistance still open: (district, sector).
    pub open_requests: Vec<(usize, Sector)>,
    /// Everyone living in the scenario's districts: the worth of the whole population, which
    /// the mission's objectives are weighed against (repairs and services read it many times).
    pub everyone: f32,
    /// Route searches already made this turn (see [`RouteCache`]).
    routes: RefCell<RouteCache>,
    /// Each district's hexes in index order: (all of them, those a ground unit can stand on).
    /// Planning asks where to stand in a district for every unit, district and option; walking
    /// the district's own hexes instead of the whole map keeps that linear in the map's size.
    hexes: Vec<(Vec<usize>, Vec<usize>)>,
}

/// Each district's hexes, in index order: all of them, and those a ground unit can stand on
/// (no water, no river).
fn district_hex_lists(map: &HexMap, districts: usize) -> Vec<(Vec<usize>, Vec<usize>)> {
    let mut out = vec![(Vec::new(), Vec::new()); districts];
    for i in 0..map.len() {
        if let Some(lists) = out.get_mut(usize::from(map.district[i])) {
            lists.0.push(i);
            if !map.river[i] && map.terrain[i] != Terrain::Water {
                lists.1.push(i);
            }
        }
    }
    out
}

/// A site a pending objective needs at a level by a deadline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ObjectiveSite {
    /// Index into `Situation::infra` (id order, as the roster).
    pub site: usize,
    /// Functioning the objective asks for.
    pub level: f32,
    /// Last turn on which it can be met.
    pub deadline: u32,
    /// The objective's share of all objectives' weight (0–1).
    pub share: f32,
}

/// The `InfraAtLeast`, `NeedAtLeast` and `UnitInDistrict` parts of a condition that can make it
/// hold (under `All` or `Any`, not under `Not`).
fn wanted(c: &CompiledCondition, w: &mut Wanted) {
    match c {
        CompiledCondition::InfraAtLeast(i, v) => w.sites.push((*i, *v)),
        CompiledCondition::NeedAtLeast(d, s, v) => w.needs.push((*d, *s, *v)),
        CompiledCondition::UnitInDistrict(u, d) => w.posts.push((*u, *d)),
        CompiledCondition::All(list) | CompiledCondition::Any(list) => {
            list.iter().for_each(|x| wanted(x, w))
        }
        _ => {}
    }
}

/// The parts of one objective's condition the force can bring about.
#[derive(Default)]
struct Wanted {
    sites: Vec<(u32, f32)>,
    needs: Vec<(u32, Sector, f32)>,
    posts: Vec<(u32, u32)>,
}

/// A unit a pending objective wants in a district by a deadline (`UnitInDistrict`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ObjectivePost {
    /// Index into `Situation::units` (roster order, as the objectives name units).
    pub unit: usize,
    /// The district.
    pub district: usize,
    /// Last turn on which it can be met.
    pub deadline: u32,
}

/// What pending objectives ask for: sites at a level, (district, sector, level, deadline,
/// share) needs, and units in districts.
type Wants = (
    Vec<ObjectiveSite>,
    Vec<(usize, Sector, f32, u32, f32)>,
    Vec<ObjectivePost>,
);

/// Sites, needs and posts pending objectives ask for, from the game's objectives.
fn objective_wants(sim: &Simulation) -> Wants {
    let Some(objectives) = sim
        .world()
        .get_resource::<crate::sim::objectives::Objectives>()
    else {
        return (Vec::new(), Vec::new(), Vec::new());
    };
    let total: f32 = objectives.0.iter().map(|o| o.weight).sum();
    let (mut out, mut out_needs, mut out_posts) = (Vec::new(), Vec::new(), Vec::new());
    for o in objectives
        .0
        .iter()
        .filter(|o| o.met_on.is_none() && !o.failed)
    {
        let share = if total > 0.0 { o.weight / total } else { 0.0 };
        let mut w = Wanted::default();
        wanted(&o.condition, &mut w);
        for (site, level) in w.sites {
            out.push(ObjectiveSite {
                site: site as usize,
                level,
                deadline: o.deadline,
                share,
            });
        }
        for (d, s, level) in w.needs {
            out_needs.push((d as usize, s, level, o.deadline, share));
        }
        for (unit, district) in w.posts {
            out_posts.push(ObjectivePost {
                unit: unit as usize,
                district: district as usize,
                deadline: o.deadline,
            });
        }
    }
    (out, out_needs, out_posts)
}

impl<'a> Situation<'a> {
    /// Reads every view once.
    pub fn new(sim: &'a Simulation) -> Situation<'a> {
        let map = sim.map();
        let infra = sim.infrastructure();
        let mut crossings = vec![false; map.len()];
        for site in &infra {
            if site.kind == InfraKind::Bridge
                && site.functioning >= BRIDGE_OPEN_AT
                && let Some(i) = map.index(site.hex)
            {
                crossings[i] = true;
            }
        }
        let picture: Vec<Option<Snapshot>> =
            sim.force_picture().into_iter().map(|(_, p)| p).collect();
        let briefing = sim.briefing();
        let truth = sim.districts();
        let access_security = truth.iter().map(|d| d.need(Sector::Security)).collect();
        let districts = super::known::districts(truth, &picture, &briefing);
        let groups = super::known::groups(sim.groups(), &districts);
        let mut sit = Situation {
            map,
            turn: sim.turn() + 1,
            turns: sim.turns(),
            units: sim.units(),
            infra,
            actors: sim.actors(),
            districts,
            groups,
            picture,
            briefing,
            access_security,
            crossings,
            unrest: sim.unrest().into_iter().map(|(_, a, _)| a).collect(),
            soon: Vec::new(),
            fairness: sim.fairness(),
            objective_sites: Vec::new(),
            objective_needs: Vec::new(),
            objective_posts: Vec::new(),
            everyone: 0.0,
            routes: RefCell::default(),
            hexes: Vec::new(),
            open_requests: sim
                .requests()
                .iter()
                .filter(|r| r.state == crate::sim::requests::RequestState::Open)
                .map(|r| (usize::from(r.district), r.sector))
                .collect(),
        };
        (
            sit.objective_sites,
            sit.objective_needs,
            sit.objective_posts,
        ) = objective_wants(sim);
        sit.everyone = (0..sit.districts.len()).map(|d| sit.people(d)).sum();
        sit.hexes = district_hex_lists(map, sit.districts.len());
        sit
    }

    /// Turns left to play, the coming one included.
    pub fn turns_left(&self) -> u32 {
        (self.turns + 1).saturating_sub(self.turn)
    }

    /// Index of a district id.
    pub fn district(&self, id: &str) -> Option<usize> {
        self.districts.iter().position(|d| d.id == id)
    }

    /// District index of a hex.
    pub fn district_at(&self, pos: (i32, i32)) -> Option<usize> {
        self.map.district_at(pos).map(usize::from)
    }

    /// What the mission asks of a service in a district and sector: the shares of the pending
    /// objectives that need its satisfaction at a level it has not reached, by their deadline.
    pub fn objective_need_share(&self, d: usize, s: Sector) -> f32 {
        self.objective_needs
            .iter()
            .filter(|&&(x, y, level, deadline, _)| {
                x == d && y == s && self.turn <= deadline && self.need(d, s) < level
            })
            .map(|o| o.4)
            .sum()
    }

    /// People living in a district.
    pub fn people(&self, d: usize) -> f32 {
        self.districts.get(d).map_or(0.0, |x| x.people as f32)
    }

    /// People-weighted satisfaction of a sector in a district (1 where nobody lives).
    pub fn need(&self, d: usize, s: Sector) -> f32 {
        match self.districts.get(d) {
            Some(x) if x.people > 0 => x.need(s),
            _ => 1.0,
        }
    }

    /// People-weighted mean of a group attribute over a district.
    pub fn mean(&self, d: usize, f: impl Fn(&GroupView) -> f32) -> f32 {
        let id = &self.districts[d].id;
        let (mut sum, mut n) = (0.0, 0.0);
        for g in self.groups.iter().filter(|g| &g.district == id) {
            sum += f(g) * g.size as f32;
            n += g.size as f32;
        }
        if n > 0.0 { sum / n } else { 0.0 }
    }

    /// How far the people of a district belong to communities that have lately got less than
    /// half their share of the force's help for their need (0–1, people-weighted): where an
    /// impartial force sends its next help (docs/rules.md §13.1).
    pub fn neglect(&self, d: usize) -> f32 {
        self.community_share(d, &|f| (f.shortfall >= NEGLECTED).then_some(f.shortfall))
    }

    /// How far the people of a district belong to communities that have lately had more than
    /// their share of the force's help while another community is short of its own (0–1,
    /// people-weighted): more help there would deepen the partiality (docs/rules.md §13.1).
    pub fn favoured(&self, d: usize) -> f32 {
        if !self.fairness.iter().any(|f| f.shortfall >= NEGLECTED) {
            return 0.0;
        }
        let help: f32 = self.fairness.iter().map(|f| f.help).sum();
        let need: f32 = self.fairness.iter().map(|f| f.need).sum();
        if help <= 0.0 || need <= 0.0 {
            return 0.0;
        }
        self.community_share(d, &|f| {
            let fair = help * f.need / need;
            let over = if fair > 0.0 { f.help / fair - 1.0 } else { 1.0 };
            (over > 0.0).then_some(over.min(1.0))
        })
    }

    /// Σ over the district's groups of size × `of(its community's fairness)` ÷ the district's
    /// people: a people-weighted share of a community measure, 0 where nobody lives.
    fn community_share(
        &self,
        d: usize,
        of: &dyn Fn(&crate::sim::communities::Fairness) -> Option<f32>,
    ) -> f32 {
        let people = self.people(d);
        if people <= 0.0 {
            return 0.0;
        }
        let did = &self.districts[d].id;
        self.groups
            .iter()
            .filter(|g| &g.district == did)
            .filter_map(|g| {
                let f = self.fairness.iter().find(|f| f.community == g.community)?;
                of(f).map(|v| g.size as f32 * v / people)
            })
            .sum()
    }

    /// People-weighted wellbeing of a district (docs/rules.md §13).
    pub fn wellbeing(&self, d: usize) -> f32 {
        Sector::ALL
            .iter()
            .map(|&s| SECTOR_WEIGHT[s.index()] * self.need(d, s))
            .sum()
    }

    /// Unmet need in a sector, in people: people × (1 − satisfaction).
    pub fn gap(&self, d: usize, s: Sector) -> f32 {
        self.people(d) * (1.0 - self.need(d, s))
    }

    /// Shortfall in a sector that help would actually fill, in people: satisfaction below
    /// [`MET`] (above it, services already keep up and the rest closes by itself).
    pub fn shortfall(&self, d: usize, s: Sector) -> f32 {
        self.people(d) * (MET - self.need(d, s)).max(0.0)
    }

    /// People per hex of a district, over 500: the density term of collateral harm.
    pub fn density(&self, d: usize) -> f32 {
        let hexes = self.hexes.get(d).map_or(0, |h| h.0.len()).max(1);
        self.people(d) / hexes as f32 / 500.0
    }

    /// A unit by id (plans only name units they found in the views).
    pub fn unit(&self, id: &str) -> &UnitView {
        self.units
            .iter()
            .find(|u| u.id == id)
            .expect("a unit from the views")
    }

    /// The force's units that can still act, in id order.
    pub fn force(&self) -> impl Iterator<Item = &UnitView> {
        self.units
            .iter()
            .filter(|u| u.role == SideRole::Force && u.strength > 0.0)
    }

    /// Adversary units still in the fight, in id order.
    pub fn adversaries(&self) -> impl Iterator<Item = &UnitView> {
        self.units
            .iter()
            .filter(|u| u.role == SideRole::Adversary && u.strength > 0.0)
    }

    /// Sources of police in a district other than the force: working police stations that
    /// serve it, active law-enforcement actors working in it, host-nation security units in it.
    pub fn police(&self, d: usize) -> usize {
        let id = &self.districts[d].id;
        let stations = self
            .infra
            .iter()
            .filter(|s| s.kind == InfraKind::PoliceStation && s.functioning > 0.0)
            .filter(|s| s.serves.contains(id))
            .count();
        let actors = self
            .actors
            .iter()
            .filter(|a| a.kind == ActorKind::LawEnforcement && a.status == ActorStatus::Active)
            .filter(|a| self.works_in(a, d))
            .count();
        let units = self
            .units
            .iter()
            .filter(|u| u.role == SideRole::HostNation && u.strength > 0.0)
            .filter(|u| u.capabilities.contains(&Capability::Patrol))
            .filter(|u| self.district_at(u.position) == Some(d))
            .count();
        stations + actors + units
    }

    /// Whether orders may name the actor (it has arrived and not withdrawn).
    pub fn actor_here(&self, a: &ActorView) -> bool {
        matches!(a.status, ActorStatus::Active | ActorStatus::Suspended)
    }

    /// Whether the actor works in the district, can get there and its security lets it in
    /// unescorted.
    pub fn has_access(&self, a: &ActorView, d: usize) -> bool {
        self.can_get_to(a, d)
            && self.access_security.get(d).copied().unwrap_or(0.0) >= a.access_threshold
    }

    /// Whether the actor works in the district and can get there now (a collapsed bridge cuts
    /// an actor that travels by road off, as it cuts the force's units off).
    pub fn can_get_to(&self, a: &ActorView, d: usize) -> bool {
        a.reaches.iter().any(|x| x == &self.districts[d].id)
    }

    /// Whether the actor works in the district.
    pub fn works_in(&self, a: &ActorView, d: usize) -> bool {
        a.districts.iter().any(|x| x == &self.districts[d].id)
    }

    /// Turns since the force's picture of the district was taken (`None`: never).
    pub fn picture_age(&self, d: usize) -> Option<u32> {
        self.picture
            .get(d)
            .copied()
            .flatten()
            .map(|p| self.turn.saturating_sub(p.as_of + 1))
    }

    /// Whether the briefing described the district (people lived there at the start).
    pub fn briefed(&self, d: usize) -> bool {
        self.briefing.get(d).is_some_and(Option::is_some)
    }

    /// Movement cost from the unit to every hex, over the bridges open now and those about to
    /// open (waiting for one costs its turns); `u32::MAX`: no route.
    pub fn costs(&self, unit: &UnitView) -> Costs {
        Costs(self.search(unit))
    }

    /// Costs and, for each hex, the hex it is best entered from (`usize::MAX`: none), from the
    /// turn's [`RouteCache`] (made once per start, class and movement points).
    fn search(&self, unit: &UnitView) -> Route {
        let ground = Ground {
            map: self.map,
            crossings: &self.crossings,
            soon: &self.soon,
        };
        self.routes.borrow_mut().search(
            &ground,
            unit.position,
            unit_move_class(unit.kind),
            movement_points(unit.kind).max(1),
        )
    }

    /// Where to send a unit bound for hex `goal` this turn: the goal itself, or, if the route
    /// crosses a bridge that is not open yet, the hex before it (where the unit waits).
    pub fn waypoint(&self, unit: &UnitView, goal: usize) -> Option<(i32, i32)> {
        let route = self.search(unit);
        let (best, prev) = (&route.best, &route.prev);
        if best[goal] == u32::MAX {
            return None;
        }
        let mut path = vec![goal];
        while let Some(&last) = path.last() {
            match prev[last] {
                usize::MAX => break,
                p => path.push(p),
            }
        }
        path.reverse();
        for w in path.windows(2) {
            if self.map.river[w[1]]
                && !self.crossings[w[1]]
                && unit_move_class(unit.kind) == MoveClass::Ground
            {
                return Some(self.map.pos_of(w[0]));
            }
        }
        Some(self.map.pos_of(goal))
    }

    /// Whole turns a unit needs to cover a movement cost (0 when already there).
    pub fn travel_turns(&self, unit: &UnitView, cost: u32) -> u32 {
        if cost == u32::MAX {
            return u32::MAX;
        }
        cost.div_ceil(movement_points(unit.kind).max(1))
    }

    /// The cheapest hex to stand on in a district, for a unit with these costs (worked out for
    /// every district at the first question, then read).
    pub fn stand_in(&self, costs: &Costs, d: usize, class: MoveClass) -> Option<(usize, u32)> {
        let slot = usize::from(class == MoveClass::Air);
        costs.0.stand[slot]
            .get_or_init(|| {
                (0..self.hexes.len())
                    .map(|d| self.cheapest_in(costs, d, class))
                    .collect()
            })
            .get(d)
            .copied()
            .flatten()
    }

    /// The search behind [`Situation::stand_in`], for one district.
    fn cheapest_in(&self, costs: &[u32], d: usize, class: MoveClass) -> Option<(usize, u32)> {
        let (all, ground) = self.hexes.get(d)?;
        let hexes = if class == MoveClass::Air { all } else { ground };
        // The lists are in index order, so ties go to the lower index.
        hexes
            .iter()
            .copied()
            .filter(|&i| costs.get(i).is_some_and(|&c| c != u32::MAX))
            .min_by_key(|&i| (costs[i], i))
            .map(|i| (i, costs[i]))
    }

    /// The cheapest hex to stand on within one hex of `target` (for repair, guarding, engaging):
    /// the target and its six neighbours, the only hexes within one of it (ties to the lower
    /// index).
    pub fn stand_near(&self, costs: &[u32], target: (i32, i32)) -> Option<(usize, u32)> {
        std::iter::once(target)
            .chain(neighbours(target))
            .filter_map(|p| self.map.index(p))
            .filter(|&i| {
                costs.get(i).is_some_and(|&c| c != u32::MAX)
                    && !self.map.river[i]
                    && self.map.terrain[i] != Terrain::Water
            })
            .min_by_key(|&i| (costs[i], i))
            .map(|i| (i, costs[i]))
    }
}

/// A unit's movement costs to every hex, shared with the turn's [`RouteCache`] rather than
/// copied (planners ask for the same unit's costs many times); reads as a slice.
pub(crate) struct Costs(Route);

impl Deref for Costs {
    type Target = [u32];

    fn deref(&self) -> &[u32] {
        &self.0.best
    }
}

/// The six neighbours of a hex in `(col, row)` odd-r layout.
pub(crate) fn neighbours(pos: (i32, i32)) -> [(i32, i32); 6] {
    let (c, r) = pos;
    let odd = r & 1;
    [
        (c + 1, r),
        (c - 1, r),
        (c - 1 + odd, r - 1),
        (c + odd, r - 1),
        (c - 1 + odd, r + 1),
        (c + odd, r + 1),
    ]
}

#[cfg(test)]
mod tests {
    use super::neighbours;
    use crate::map::distance;

    #[test]
    fn neighbours_are_one_hex_away() {
        for pos in [(3, 3), (4, 4), (0, 1), (7, 2)] {
            for n in neighbours(pos) {
                assert_eq!(distance(pos, n), 1, "{pos:?} → {n:?}");
            }
        }
    }
}
