//! Efficiency (MC 411/2 §33): the share of the force's effort that produced an effect. Every
//! force unit's turn of work is effort — one unit-turn plus the supplies it burned; a unit
//! holding in reserve spends none. Each act is judged by what it changed: aid that met a need
//! nobody else met, an escort that opened access, an assessment of a stale picture, a liaison
//! that moved trust or renewed coordination, support to an authority below its cap, a hand-over
//! that transferred a service. Repeating an act that changes nothing is waste. Transit counts as
//! part of the task it leads to (docs/rules.md §21.3). Coordination is credited where it made a
//! civilian actor steer its delivery away from what the force covered.

use super::super::activities::{Done, ForceActivity};
use super::super::actors::ActorAccess;
use super::super::communities::{Communal, TENSION_NOTICE};
use super::super::components::{
    Activity, Actor, ActorStatus, Delivered, Districts, Infrastructure, PopulationGroup, Position,
    Roster, Unit,
};
use super::doctrine::{Check, Principle};
use super::effect::{Before, Transit};
use super::ledger::Cause;
use crate::map::{DistrictIdx, distance};
use crate::rules::{LAST_RESORT_DUPLICATED_SHARE, SABOTAGE_RANGE, room_to_absorb};
use crate::scenario::format::{ActorKind, Sector, SideRole};
use bevy::prelude::{Resource, World};

/// Supplies (percent of a load) that count as much effort as one unit-turn.
pub const SUPPLIES_PER_UNIT_TURN: f32 = 10.0;
/// Turns after the force killed civilians in a district during which an information campaign
/// there contradicts what people saw.
pub const MESSAGING_MEMORY: u32 = 3;

/// What a unit spent its turn on, besides the activities in [`ForceActivity`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Effort {
    #[default]
    Idle,
    Moved {
        order: u32,
    },
    Repaired {
        order: u32,
        site: u32,
    },
}

/// Each unit's effort this turn, by unit roster index; written by movement and repair, read and
/// cleared by the scoring phase.
#[derive(Resource, Debug, Default, Clone)]
pub struct UnitEffort(pub Vec<Effort>);

impl UnitEffort {
    /// Notes what a unit did.
    pub fn set(&mut self, unit: usize, effort: Effort) {
        if self.0.len() <= unit {
            self.0.resize(unit + 1, Effort::Idle);
        }
        self.0[unit] = effort;
    }
}

/// One judged share of a unit's turn.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub cause: Cause,
    pub entity: String,
    /// Useful effort (unit-turns).
    pub useful: f64,
    /// Effort spent (unit-turns).
    pub spent: f64,
    pub check: Option<super::doctrine::Check>,
    pub text: String,
}

/// Everything the judgement reads besides the world.
pub struct Memory<'a> {
    /// Supplies of each unit at the end of the previous turn.
    pub supplies: &'a [f32],
    /// Per district, the last turn the force killed civilians there.
    pub last_collateral: &'a [Option<u32>],
    /// The state the last turn left, to judge acts by what they changed.
    pub before: &'a Before,
    pub turn: u32,
}

/// Judges every force unit's turn, in unit id order; `transit` holds each unit's transit not yet
/// judged, which joins the judgement of what the unit does on arrival.
pub fn judge(world: &World, memory: &Memory, transit: &mut Vec<Transit>) -> Vec<Part> {
    let roster = world.resource::<Roster>();
    let activity = world.resource::<ForceActivity>();
    let effort = world.resource::<UnitEffort>();
    let mut judge = Judge::new(world, memory);
    let mut parts = Vec::new();
    transit.resize(roster.units.len(), Transit::default());
    for (i, &e) in roster.units.iter().enumerate() {
        let Some(unit) = world.get::<Unit>(e) else {
            continue;
        };
        let done = activity.iter().find(|d| d.unit as usize == i);
        let effort = effort.0.get(i).copied().unwrap_or_default();
        if unit.role != SideRole::Force
            || (unit.strength <= 0.0 && done.is_none() && effort == Effort::Idle)
        {
            continue;
        }
        let burned =
            (memory.supplies.get(i).copied().unwrap_or(unit.supplies) - unit.supplies).max(0.0);
        let turn = UnitTurn {
            id: roster.unit_ids[i].clone(),
            spent: 1.0 + f64::from(burned / SUPPLIES_PER_UNIT_TURN),
        };
        let mut own = Vec::new();
        match done {
            None => match effort {
                Effort::Moved { order } => {
                    transit[i].add(order, turn.spent);
                    continue;
                }
                // A unit in reserve spends no effort: nothing gained, nothing wasted. Holding
                // after a move is staging (behind a bridge, for the next task): the transit
                // waits to be judged with the task that follows.
                Effort::Idle => continue,
                Effort::Repaired { order, site } => own.push(judge.repaired(&turn, order, site)),
            },
            Some(done) => judge.done(&turn, done, &mut own),
        }
        parts.extend(transit[i].judge(&turn.id, &own));
        parts.extend(own);
    }
    parts
}

impl Judge<'_> {
    /// A unit's turn of activity: a service the force delivers itself, or another act.
    fn done(&mut self, turn: &UnitTurn, done: &Done, parts: &mut Vec<Part>) {
        let world = self.world;
        // A patrol where the adversary operates denies it ground: useful whoever lives there.
        if let Activity::Patrol { district } = done.activity
            && self.adversary_in(district)
        {
            parts.push(turn.part(
                Cause::Order(done.order),
                1.0,
                None,
                format!(
                    "{} patrols {}, where the adversary operates",
                    turn.id,
                    self.district(district)
                ),
            ));
            return;
        }
        // Aid, medical support and patrols: the force delivering a service itself.
        if let Some((district, sector, output)) = crate::sim::services::force_output(done) {
            let s = Service {
                unit: &turn.id,
                cause: Cause::Order(done.order),
                district,
                sector,
                output,
                spent: turn.spent,
                // The last-resort test is for humanitarian work, not patrols.
                last_resort: sector != Sector::Security,
            };
            service(world, parts, s, &mut self.need_left, &mut self.steered);
            return;
        }
        parts.extend(self.activity(turn, done));
    }
}

/// A force unit's turn under judgement: who, and the effort it spent (unit-turns).
struct UnitTurn {
    id: String,
    spent: f64,
}

impl UnitTurn {
    /// A share of the turn worth `value` of the effort spent.
    fn part(&self, cause: Cause, value: f64, check: Option<Check>, text: String) -> Part {
        Part {
            cause,
            entity: self.id.clone(),
            useful: self.spent * value,
            spent: self.spent,
            check,
            text,
        }
    }
}

/// What the judgement of the turn's units reads, and the need and steered delivery they use up
/// in unit order.
struct Judge<'w> {
    world: &'w World,
    roster: &'w Roster,
    districts: &'w Districts,
    memory: &'w Memory<'w>,
    /// Need left for the force in each district and sector after everybody else delivered.
    need_left: Vec<[f32; 7]>,
    /// Delivery civilian actors steered away after coordinating.
    steered: Vec<[f32; 7]>,
    /// Where the adversary units still fighting stand.
    adversaries: Vec<(i32, i32)>,
    /// Districts assessed, and given an information campaign, by a unit judged earlier this turn.
    assessed: Vec<bool>,
    informed: Vec<bool>,
    /// Actors liaised with or met by a unit judged earlier this turn.
    met: Vec<bool>,
    /// Local leaders engaged (key leader engagement) by a liaison judged earlier this turn.
    engaged: Vec<bool>,
}

impl<'w> Judge<'w> {
    fn new(world: &'w World, memory: &'w Memory<'w>) -> Judge<'w> {
        let roster = world.resource::<Roster>();
        let districts = world.resource::<Districts>();
        let delivered = world.resource::<Delivered>();
        let n = districts.ids.len();
        let mut people = vec![0.0f32; n];
        for &e in &roster.population {
            if let Some(g) = world.get::<PopulationGroup>(e)
                && let Some(p) = people.get_mut(g.district as usize)
            {
                *p += g.size as f32;
            }
        }
        let need_left = (0..n)
            .map(|d| {
                let mut row = [0.0f32; 7];
                for (s, slot) in row.iter_mut().enumerate() {
                    let others = delivered.total[d][s] - delivered.force[d][s];
                    *slot = (people[d] - others).max(0.0);
                }
                row
            })
            .collect();
        let adversaries = roster
            .units
            .iter()
            .filter_map(|&e| {
                let u = world.get::<Unit>(e)?;
                (u.role == SideRole::Adversary && u.strength > 0.0)
                    .then(|| world.get::<Position>(e).map(|p| p.0))?
            })
            .collect();
        Judge {
            world,
            roster,
            districts,
            memory,
            need_left,
            steered: delivered.deconflicted.clone(),
            adversaries,
            assessed: vec![false; n],
            informed: vec![false; n],
            met: vec![false; roster.actors.len()],
            engaged: vec![false; roster.actors.len()],
        }
    }

    /// Whether this is the first liaison or meeting with actor `i` judged this turn (and notes it).
    fn first_contact(&mut self, i: usize) -> bool {
        self.met
            .get_mut(i)
            .is_some_and(|m| !std::mem::replace(m, true))
    }

    /// Whether an adversary unit still fighting stands in the district.
    fn adversary_in(&self, d: DistrictIdx) -> bool {
        let map = &self.world.resource::<crate::sim::components::Map>().0;
        self.adversaries
            .iter()
            .any(|&p| map.district_at(p) == Some(d))
    }

    fn district(&self, d: DistrictIdx) -> String {
        self.districts.ids[d as usize].clone()
    }

    fn actor(&self, a: u32) -> String {
        self.roster.actor_ids[a as usize].clone()
    }

    /// A turn of repair work: restoring what people depend on is useful.
    fn repaired(&self, t: &UnitTurn, order: u32, site: u32) -> Part {
        t.part(
            Cause::Order(order),
            1.0,
            None,
            format!("{} repaired {}", t.id, self.roster.infra_ids[site as usize]),
        )
    }

    /// A turn of an activity other than a service the force delivers itself.
    fn activity(&mut self, t: &UnitTurn, done: &Done) -> Option<Part> {
        let cause = Cause::Order(done.order);
        let id = &t.id;
        let upheld = Check::upheld;
        Some(match done.activity {
            Activity::Aid { .. } | Activity::Medical { .. } | Activity::Patrol { .. } => {
                return None;
            }
            Activity::Escort { actor, district } => self.escort(t, cause, actor, district),
            Activity::Secure { site } => self.secure(t, cause, site),
            Activity::Engage { target } => t.part(
                cause,
                1.0,
                None,
                format!("{id} engages {}", self.roster.unit_ids[target as usize]),
            ),
            Activity::Liaise { actor } => self.liaise(t, cause, actor),
            Activity::Meeting { district } => self.meeting(t, cause, district),
            Activity::Assess { district } => self.assess(t, cause, district),
            Activity::SupportAuthority { actor } => self.support(t, cause, actor),
            Activity::InfoCampaign { district } => self.campaign(t, cause, district),
            Activity::CommunityProject {
                district,
                sector,
                promise,
                ..
            } => {
                // Each further project in a district buys less (docs/rules.md §9), and so is
                // worth less of the effort spent on it.
                let earlier = self
                    .world
                    .resource::<crate::sim::components::Promises>()
                    .kept_elsewhere_in(district, promise);
                let value = 1.0 / (1.0 + earlier as f64);
                t.part(
                    cause,
                    value,
                    None,
                    format!(
                        "{id} works on the {} project in {} ({} project there: worth {:.0}% of the effort)",
                        sector.name(),
                        self.district(district),
                        ordinal(earlier + 1),
                        value * 100.0
                    ),
                )
            }
            Activity::Handover {
                actor,
                sector,
                people,
                ..
            } if people > 0.0 => t.part(
                cause,
                1.0,
                upheld(Principle::Transition),
                format!(
                    "{id} hands its {} service over to {}",
                    sector.name(),
                    self.actor(actor)
                ),
            ),
            Activity::Resupply {
                district,
                drawn,
                arranged,
            } => {
                // A refill the unit needed is useful in proportion to what it took; one it did
                // not need drew on the population for nothing (docs/rules.md §9).
                let value = f64::from(drawn / crate::rules::RESUPPLY_AMOUNT).min(1.0);
                let check = if arranged {
                    upheld(Principle::HostNationSupport)
                } else {
                    Check::breached(Principle::HostNationSupport)
                };
                let how = if arranged {
                    "arranged with the host nation"
                } else {
                    "requisitioned"
                };
                t.part(
                    cause,
                    value,
                    check,
                    format!(
                        "{id} draws {drawn:.0} supplies in {} ({how}; a full refill is {})",
                        self.district(district),
                        crate::rules::RESUPPLY_AMOUNT
                    ),
                )
            }
            Activity::Handover { actor, sector, .. } => t.part(
                cause,
                0.0,
                None,
                format!(
                    "{id}'s hand-over of {} to {} transferred nothing: handed over before, or no room to take it on",
                    sector.name(),
                    self.actor(actor)
                ),
            ),
        })
    }

    /// An assessment is useful where the district's picture was stale and no unit judged earlier
    /// this turn assessed it.
    fn assess(&mut self, t: &UnitTurn, cause: Cause, district: DistrictIdx) -> Part {
        let (id, d) = (&t.id, self.district(district));
        let first = !std::mem::replace(&mut self.assessed[district as usize], true);
        let stale = !self
            .memory
            .before
            .picture_current(district as usize, self.memory.turn);
        if first && stale {
            t.part(
                cause,
                1.0,
                Check::upheld(Principle::Assessment),
                format!("{id} assesses {d}: the force's picture of it was out of date"),
            )
        } else {
            t.part(
                cause,
                0.0,
                None,
                format!("{id} re-assesses {d}, whose picture was already current: nothing learnt"),
            )
        }
    }

    /// A liaison is useful when it moved the actor's trust or renewed a coordination that had
    /// lapsed, once per actor and turn.
    fn liaise(&mut self, t: &UnitTurn, cause: Cause, actor: u32) -> Part {
        let (id, a) = (&t.id, self.actor(actor));
        let i = actor as usize;
        let first = self.first_contact(i);
        if let Some(fresh) = self.engagement(i) {
            // The engagement is judged by what it did to the leader's people (§13.2): the first
            // liaison with the leader this turn engaged them, whether or not a coordination
            // meeting also reached the leader that turn (a meeting engages nobody's people).
            let engaging = self
                .engaged
                .get_mut(i)
                .is_some_and(|x| !std::mem::replace(x, true));
            return self.key_leader(t, cause, &a, engaging.then_some(fresh));
        }
        let trust_now = self
            .roster
            .actors
            .get(i)
            .and_then(|&e| self.world.get::<Actor>(e))
            .map_or(0.0, |x| x.trust);
        if first
            && self
                .memory
                .before
                .contact_changed(i, trust_now, self.memory.turn)
        {
            t.part(
                cause,
                1.0,
                Check::upheld(Principle::Engagement),
                format!("{id} liaises with {a}: trust {trust_now:.2}"),
            )
        } else {
            t.part(
                cause,
                0.0,
                None,
                format!("{id} liaises with {a} again: trust already full and coordination current, nothing changed"),
            )
        }
    }

    /// The share of a full key leader engagement a liaison with actor `i` was this turn, if the
    /// actor is a local leader the force engaged this turn (docs/rules.md §13.2).
    fn engagement(&self, i: usize) -> Option<f32> {
        let leader = self
            .roster
            .actors
            .get(i)
            .and_then(|&e| self.world.get::<Actor>(e))
            .is_some_and(|a| a.kind == ActorKind::LocalLeader);
        let communal = self.world.resource::<Communal>();
        (leader && communal.engaged_on.get(i).copied().flatten() == Some(self.memory.turn))
            .then(|| communal.engaged_fresh.get(i).copied().unwrap_or(0.0))
    }

    /// A key leader engagement is worth the share of a full one it was: an engagement repeated
    /// within `KLE_INTERVAL` turns moves people less, and a second one in the same turn nothing.
    fn key_leader(&self, t: &UnitTurn, cause: Cause, a: &str, fresh: Option<f32>) -> Part {
        let id = &t.id;
        match fresh {
            Some(f) if f > 0.0 => t.part(
                cause,
                f64::from(f),
                Check::upheld(Principle::Engagement),
                format!(
                    "{id} engages {a} (key leader engagement): {:.0}% of a full engagement",
                    f * 100.0
                ),
            ),
            _ => t.part(
                cause,
                0.0,
                None,
                format!("{id} engages {a} again too soon: its people heard it already"),
            ),
        }
    }

    /// Support to an authority is useful while its capacity can still grow.
    fn support(&self, t: &UnitTurn, cause: Cause, actor: u32) -> Part {
        let (id, a) = (&t.id, self.actor(actor));
        let i = actor as usize;
        let base = self
            .roster
            .actors
            .get(i)
            .and_then(|&e| self.world.get::<Actor>(e))
            .map_or(0, |x| x.base_capacity);
        let before = self.memory.before.capacity.get(i).copied().unwrap_or(0);
        if room_to_absorb(before, base) > 0.0 {
            t.part(
                cause,
                1.0,
                Check::upheld(Principle::LocalOwnership),
                format!("{id} supports {a}"),
            )
        } else {
            t.part(
                cause,
                0.0,
                None,
                format!("{id} supports {a}, already at the most it can absorb: nothing changed"),
            )
        }
    }

    /// An escort is useful where the actor, as it judges it (docs/rules.md §11), had no access
    /// without it.
    fn escort(&self, t: &UnitTurn, cause: Cause, actor: u32, district: DistrictIdx) -> Part {
        let access = self.world.resource::<ActorAccess>();
        let needed = access.0.get(actor as usize).is_some_and(|v| {
            v.iter()
                .any(|a| a.district == district && a.reachable && !a.unescorted)
        });
        let (id, a, d) = (&t.id, self.actor(actor), self.district(district));
        if needed {
            t.part(
                cause,
                1.0,
                Check::upheld(Principle::LastResort),
                format!("{id}'s escort opened access to {d} for {a}, which had none without it"),
            )
        } else {
            t.part(
                cause,
                0.0,
                Check::breached(Principle::LastResort),
                format!("{id}'s escort of {a} in {d} was not needed: {a} had access without it"),
            )
        }
    }

    /// Guarding a site is useful while an adversary is within sabotage reach of it.
    fn secure(&self, t: &UnitTurn, cause: Cause, site: u32) -> Part {
        let sid = &self.roster.infra_ids[site as usize];
        let hex = self
            .world
            .get::<Infrastructure>(self.roster.infrastructure[site as usize])
            .map(|s| s.hex);
        let threatened = hex.is_some_and(|h| {
            self.adversaries
                .iter()
                .any(|&p| distance(p, h) <= SABOTAGE_RANGE)
        });
        let id = &t.id;
        if threatened {
            t.part(
                cause,
                1.0,
                None,
                format!("{id} guards {sid} against an adversary within reach"),
            )
        } else {
            t.part(
                cause,
                0.0,
                None,
                format!("{id} guards {sid}, which no adversary threatens"),
            )
        }
    }

    /// A coordination meeting is useful where an active actor works in the district and the
    /// meeting moved its trust or renewed a coordination that had lapsed.
    fn meeting(&mut self, t: &UnitTurn, cause: Cause, district: DistrictIdx) -> Part {
        let (before, turn) = (self.memory.before, self.memory.turn);
        let mut present = false;
        let mut changed = false;
        for (i, &e) in self.roster.actors.iter().enumerate() {
            let Some(a) = self.world.get::<Actor>(e) else {
                continue;
            };
            if a.status != ActorStatus::Active || !a.districts.contains(&district) {
                continue;
            }
            present = true;
            let trust = a.trust;
            changed |= self.first_contact(i) && before.contact_changed(i, trust, turn);
        }
        let (id, d) = (&t.id, self.district(district));
        let calmed = self.calmed(district);
        if !(present && changed) && calmed > 0.0 {
            return t.part(
                cause,
                f64::from(calmed),
                Check::upheld(Principle::Engagement),
                format!("{id}'s coordination meeting in {d} brings its communities together: tension calmed"),
            );
        }
        if present && changed {
            t.part(
                cause,
                1.0,
                Check::upheld(Principle::Cooperation),
                format!("{id} hosts a coordination meeting in {d}"),
            )
        } else if present {
            t.part(
                cause,
                0.0,
                None,
                format!("{id}'s coordination meeting in {d} changed nothing: every actor there was already coordinated and trusting"),
            )
        } else {
            t.part(
                cause,
                0.0,
                None,
                format!("{id}'s coordination meeting in {d} had nobody to coordinate with"),
            )
        }
    }

    /// The share of a full calming a meeting in `district` brought this turn, where some group
    /// there felt inter-communal tension (`TENSION_NOTICE`); 0 otherwise (docs/rules.md §13.3).
    fn calmed(&self, district: DistrictIdx) -> f32 {
        let communal = self.world.resource::<Communal>();
        let d = district as usize;
        if communal.met_on.get(d).copied().flatten() != Some(self.memory.turn) {
            return 0.0;
        }
        let tense = self.roster.population.iter().enumerate().any(|(gi, &e)| {
            self.world
                .get::<PopulationGroup>(e)
                .is_some_and(|g| g.district == district && g.size > 0)
                && communal.tension.get(gi).copied().unwrap_or(0.0) >= TENSION_NOTICE
        });
        if tense {
            communal.met_fresh.get(d).copied().unwrap_or(0.0)
        } else {
            0.0
        }
    }

    /// An information campaign is undercut where the force recently killed civilians.
    fn campaign(&mut self, t: &UnitTurn, cause: Cause, district: DistrictIdx) -> Part {
        let (id, d) = (&t.id, self.district(district));
        if std::mem::replace(&mut self.informed[district as usize], true) {
            return t.part(
                cause,
                0.0,
                None,
                format!(
                    "{id}'s information campaign in {d} repeats one already running there this turn"
                ),
            );
        }
        let recent = self
            .memory
            .last_collateral
            .get(district as usize)
            .copied()
            .flatten()
            .is_some_and(|t| self.memory.turn <= t + MESSAGING_MEMORY);
        if recent {
            t.part(
                cause,
                0.0,
                Check::breached(Principle::ConsistentMessaging),
                format!("{id}'s information campaign in {d} is undercut: the force killed civilians there within {MESSAGING_MEMORY} turns"),
            )
        } else {
            t.part(
                cause,
                1.0,
                None,
                format!("{id} runs an information campaign in {d}"),
            )
        }
    }
}

/// A unit delivering a service itself.
struct Service<'a> {
    unit: &'a str,
    cause: Cause,
    district: DistrictIdx,
    sector: Sector,
    output: f32,
    spent: f64,
    /// Whether the last-resort test applies (humanitarian work: aid and medical support).
    last_resort: bool,
}

/// Splits a unit's service into what met a need nobody else met (part of it thanks to
/// coordination), what duplicated civilian delivery and what exceeded the need.
fn service(
    world: &World,
    parts: &mut Vec<Part>,
    s: Service,
    need_left: &mut [[f32; 7]],
    steered: &mut [[f32; 7]],
) {
    let roster = world.resource::<Roster>();
    let districts = world.resource::<Districts>();
    let delivered = world.resource::<Delivered>();
    let access = world.resource::<ActorAccess>();
    let (d, k) = (s.district as usize, s.sector.index());
    let dname = &districts.ids[d];
    let sname = s.sector.name();
    if s.output <= 0.0 || d >= need_left.len() {
        return;
    }
    // A civilian actor with this sector in its mandate working in the district with access.
    let alternative = roster.actors.iter().enumerate().find_map(|(ai, &a)| {
        let actor = world.get::<Actor>(a)?;
        (actor.status == ActorStatus::Active
            && actor.mandate.contains(&s.sector)
            && access.works(ai, s.district as usize))
        .then(|| roster.actor_ids[ai].clone())
    });
    let mut useful = s.output.min(need_left[d][k]);
    need_left[d][k] -= useful;
    let mut wasted = s.output - useful;
    // Where nobody else delivers, a unit serving everyone in need is not wasteful because it is
    // bigger than the need: a platoon cannot be split (docs/rules.md §21.3).
    let civilian = delivered.total[d][k] - delivered.force[d][k];
    if useful > 0.0 && civilian <= 0.0 {
        useful = s.output;
        wasted = 0.0;
    }
    let credited = useful.min(steered[d][k]);
    steered[d][k] -= credited;
    let share = |x: f32| s.spent * f64::from(x / s.output);
    // Not a last resort when a civilian actor could reach the people and, between them,
    // civilians already met most of the need the force's service went to.
    let breached = alternative.is_some() && wasted >= LAST_RESORT_DUPLICATED_SHARE * s.output;
    let check = if !s.last_resort {
        None
    } else if breached {
        Check::breached(Principle::LastResort)
    } else {
        Check::upheld(Principle::LastResort)
    };
    let unit = s.unit;
    if useful - credited > 0.0 {
        let why = match (&alternative, s.last_resort) {
            (Some(a), true) if breached => format!(" — but {a} could have (not a last resort)"),
            (Some(a), true) => {
                format!(" — {a} works here but could not meet it all (a last resort)")
            }
            (None, true) => " — no civilian actor could (a last resort)".to_string(),
            _ => String::new(),
        };
        parts.push(Part {
            cause: s.cause.clone(),
            entity: unit.to_string(),
            useful: share(useful - credited),
            spent: share(useful - credited),
            check,
            text: format!(
                "{unit}'s {sname} in {dname} met the need of {:.0} people nobody else served{why}",
                useful - credited
            ),
        });
    }
    if credited > 0.0 {
        parts.push(Part {
            cause: s.cause.clone(),
            entity: unit.to_string(),
            useful: share(credited),
            spent: share(credited),
            check: Check::upheld(Principle::Cooperation),
            text: format!(
                "coordination: civilian actors steered {credited:.0} people's worth of {sname} in {dname} elsewhere, so {unit}'s did not duplicate it"
            ),
        });
    }
    if wasted > 0.0 {
        let civilian = delivered.total[d][k] - delivered.force[d][k] - delivered.sites[d][k];
        let text = if civilian > 0.0 {
            format!(
                "{unit}'s {sname} in {dname} duplicated civilian delivery: {wasted:.0} people's worth served nobody new"
            )
        } else {
            format!(
                "{unit}'s {sname} in {dname} exceeded the need: {wasted:.0} people's worth served nobody new"
            )
        };
        parts.push(Part {
            cause: s.cause,
            entity: unit.to_string(),
            useful: 0.0,
            spent: share(wasted),
            // Served nobody new where a civilian could reach: the last-resort test failed (when
            // the service claimed to be one) or, for other services, plain duplication.
            check: if s.last_resort && breached {
                Check::breached(Principle::LastResort)
            } else if civilian > 0.0 {
                Check::breached(Principle::NoDuplication)
            } else {
                None
            },
            text,
        });
    }
}

/// "1st", "2nd", "3rd", "4th"… for log lines.
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, x) if x != 11 => "st",
        (2, x) if x != 12 => "nd",
        (3, x) if x != 13 => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}
