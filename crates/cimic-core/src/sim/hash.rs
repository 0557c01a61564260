//! The state hash: BLAKE3 over a canonical encoding of the whole game state, written field by field
//! in stable id order. Equal hashes after every turn are the test of determinism and of replay.

use super::components::*;
use super::events::EventState;
use super::objectives::Objectives;
use bevy::prelude::World;

/// Little-endian, length-prefixed writer in front of the hasher. When collecting parts, the same
/// bytes also feed a digest per labelled part (an entity's field group, a global resource), so a
/// replay that diverges can say what differs; labels never enter the state hash itself.
struct Encoder {
    main: blake3::Hasher,
    parts: Option<Parts>,
}

/// Digests of the labelled parts of the encoding, in encoding order.
struct Parts {
    current: Option<(String, blake3::Hasher)>,
    done: Vec<(String, u32)>,
}

impl Encoder {
    fn new(collect: bool) -> Encoder {
        Encoder {
            main: blake3::Hasher::new_derive_key("cimic 2026 state hash v1"),
            parts: collect.then(|| Parts {
                current: None,
                done: Vec::new(),
            }),
        }
    }
    fn update(&mut self, bytes: &[u8]) {
        self.main.update(bytes);
        if let Some(Parts {
            current: Some((_, h)),
            ..
        }) = &mut self.parts
        {
            h.update(bytes);
        }
    }
    /// Starts a labelled part (only when collecting; the label is not hashed).
    fn part(&mut self, label: impl FnOnce() -> String) {
        if let Some(parts) = &mut self.parts {
            parts.finish();
            parts.current = Some((label(), blake3::Hasher::new()));
        }
    }
    fn u32(&mut self, v: u32) {
        self.update(&v.to_le_bytes());
    }
    fn i32(&mut self, v: i32) {
        self.update(&v.to_le_bytes());
    }
    fn f32(&mut self, v: f32) {
        // −0.0 and +0.0 are the same value; `max`/`min` may return either sign of zero, and
        // not the same one in debug and release builds, so the sign of zero is not state.
        let v = if v == 0.0 { 0.0 } else { v };
        self.update(&v.to_bits().to_le_bytes());
    }
    fn f64(&mut self, v: f64) {
        let v = if v == 0.0 { 0.0 } else { v };
        self.update(&v.to_bits().to_le_bytes());
    }
    fn bool(&mut self, v: bool) {
        self.update(&[v as u8]);
    }
    fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.update(s.as_bytes());
    }
    fn pos(&mut self, p: (i32, i32)) {
        self.i32(p.0);
        self.i32(p.1);
    }
    fn tag(&mut self, t: &str) {
        self.str(t);
    }
}

/// Hash of the whole state as 16 hex digits (the first 64 bits of BLAKE3).
pub fn state_hash(world: &World) -> String {
    let bytes = state_digest(world);
    bytes[..8].iter().map(|b| format!("{b:02x}")).collect()
}

impl Parts {
    fn finish(&mut self) {
        if let Some((label, h)) = self.current.take() {
            let b = h.finalize();
            let b = b.as_bytes();
            self.done
                .push((label, u32::from_le_bytes([b[0], b[1], b[2], b[3]])));
        }
    }
}

/// Full 32-byte digest of the state.
pub fn state_digest(world: &World) -> [u8; 32] {
    let mut h = Encoder::new(false);
    encode_state(world, &mut h);
    *h.main.finalize().as_bytes()
}

/// A 32-bit digest of each part of the state — each unit's stats, position and task, each
/// site, each group's size, needs, attitudes and casualties, each actor, each global resource —
/// labelled, in encoding order. Records keep them so that a replay which diverges can name what.
pub fn part_digests(world: &World) -> Vec<(String, u32)> {
    let mut h = Encoder::new(true);
    encode_state(world, &mut h);
    let mut parts = h.parts.take().map_or_else(Vec::new, |mut p| {
        p.finish();
        p.done
    });
    parts.retain(|(l, _)| !l.is_empty());
    parts
}

fn encode_state(world: &World, h: &mut Encoder) {
    let roster = world.resource::<Roster>();
    let clock = world.resource::<Clock>();
    h.part(|| "clock".into());
    h.tag("clock");
    h.u32(clock.turn);
    h.u32(clock.turns);
    h.u32(world.resource::<Seed>().0 as u32);
    h.u32((world.resource::<Seed>().0 >> 32) as u32);

    h.tag("units");
    for (i, &e) in roster.units.iter().enumerate() {
        h.part(|| format!("unit {}: strength, supplies", roster.unit_ids[i]));
        h.str(&roster.unit_ids[i]);
        if let Some(u) = world.get::<Unit>(e) {
            h.str(&u.side);
            h.u32(u.kind as u32);
            h.f32(u.strength);
            h.f32(u.supplies);
            h.u32(u.movement);
            h.u32(u.capabilities.len() as u32);
            for c in &u.capabilities {
                h.u32(*c as u32);
            }
        }
        h.part(|| format!("unit {}: position", roster.unit_ids[i]));
        if let Some(p) = world.get::<Position>(e) {
            h.pos(p.0);
        }
        h.part(|| format!("unit {}: task", roster.unit_ids[i]));
        match world.get::<Task>(e) {
            Some(task) => encode_task(h, task),
            None => h.u32(u32::MAX),
        }
    }

    h.tag("infrastructure");
    for (i, &e) in roster.infrastructure.iter().enumerate() {
        h.part(|| format!("site {}: condition, functioning", roster.infra_ids[i]));
        h.str(&roster.infra_ids[i]);
        if let Some(x) = world.get::<Infrastructure>(e) {
            h.u32(x.kind as u32);
            h.pos(x.hex);
            h.f32(x.condition);
            h.f32(x.functioning);
            h.u32(x.capacity);
            h.f32(x.decay);
            h.u32(x.protected as u32);
            h.u32(x.serves.len() as u32);
            x.serves.iter().for_each(|d| h.u32(u32::from(*d)));
            h.u32(x.depends_on.len() as u32);
            x.depends_on.iter().for_each(|d| h.u32(*d));
        }
    }

    h.tag("population");
    for (gi, &e) in roster.population.iter().enumerate() {
        let gid = &roster.population_ids[gi];
        h.part(|| format!("group {gid}: size"));
        if let Some(id) = world.get::<StableId>(e) {
            h.str(&id.0);
        }
        if let Some(g) = world.get::<PopulationGroup>(e) {
            h.u32(u32::from(g.district));
            h.u32(g.size);
            h.f32(g.vulnerable_share);
            h.str(&g.community);
            g.coping.iter().for_each(|v| h.f32(*v));
        }
        h.part(|| format!("group {gid}: needs"));
        if let Some(n) = world.get::<Needs>(e) {
            n.0.iter().for_each(|v| h.f32(*v));
        }
        h.part(|| format!("group {gid}: attitudes"));
        if let Some(a) = world.get::<Attitudes>(e) {
            h.f32(a.consent);
            h.f32(a.legitimacy);
            h.f32(a.grievance);
            h.f32(a.wellbeing);
        }
        h.part(|| format!("group {gid}: casualties"));
        if let Some(c) = world.get::<Casualties>(e) {
            h.u32(c.total);
            h.u32(c.by_force);
            h.f32(c.carry);
        }
    }

    h.tag("actors");
    for (ai, &e) in roster.actors.iter().enumerate() {
        h.part(|| {
            format!(
                "actor {}: capacity, trust, stance, acceptance, status",
                roster.actor_ids[ai]
            )
        });
        if let Some(id) = world.get::<StableId>(e) {
            h.str(&id.0);
        }
        if let Some(a) = world.get::<Actor>(e) {
            h.u32(a.kind as u32);
            h.u32(a.capacity);
            h.u32(a.mandate.len() as u32);
            a.mandate.iter().for_each(|s| h.u32(*s as u32));
            h.u32(a.districts.len() as u32);
            a.districts.iter().for_each(|d| h.u32(u32::from(*d)));
            h.f32(a.access_threshold);
            h.bool(a.humanitarian);
            h.f32(a.trust);
            h.u32(a.stance as u32);
            h.u32(a.base_capacity);
            h.f32(a.acceptance);
            h.u32(a.status as u32);
            h.u32(a.coordinated_on.map_or(u32::MAX, |t| t));
        }
    }

    h.part(|| "bridges and crossings".into());
    h.tag("world");
    let crossings = world.resource::<Crossings>();
    h.u32(crossings.version);
    for &open in &crossings.open {
        h.bool(open);
    }
    h.part(|| "civil unrest".into());
    let unrest = world.resource::<super::unrest::Unrest>();
    let mut bytes = Vec::new();
    bytes.extend_from_slice(&(unrest.districts.len() as u32).to_le_bytes());
    for du in &unrest.districts {
        match du {
            None => bytes.push(0),
            Some(du) => {
                bytes.push(1);
                super::unrest::encode(du, &mut bytes);
            }
        }
    }
    h.update(&bytes);
    unrest
        .active
        .iter()
        .chain(&unrest.jailed)
        .for_each(|v| h.f32(*v));
    h.part(|| "decision points".into());
    let decisions = world.resource::<super::decisions::DecisionState>();
    h.u32(decisions.open.len() as u32);
    decisions.open.iter().for_each(|d| h.u32(*d));
    h.u32(decisions.chosen.len() as u32);
    for (d, o) in &decisions.chosen {
        h.u32(*d);
        h.u32(*o as u32);
    }
    h.u32(decisions.history.len() as u32);
    for r in &decisions.history {
        h.u32(r.turn);
        h.str(&r.decision);
        h.str(&r.option);
        h.bool(r.defaulted);
    }
    h.part(|| "promises".into());
    h.u32(world.resource::<Promises>().0.len() as u32);
    for p in &world.resource::<Promises>().0 {
        h.u32(p.unit);
        h.u32(p.order);
        h.u32(u32::from(p.district));
        h.u32(p.sector as u32);
        h.u32(p.complete_by);
        h.u32(p.progress);
        h.u32(p.state as u32);
    }
    h.part(|| "service delivery".into());
    let delivered = world.resource::<Delivered>();
    for row in &delivered.total {
        row.iter().for_each(|v| h.f32(*v));
    }
    delivered.host_nation.iter().for_each(|v| h.f32(*v));
    for rows in [&delivered.sites, &delivered.force, &delivered.deconflicted] {
        for row in rows {
            row.iter().for_each(|v| h.f32(*v));
        }
    }
    h.part(|| "the force's picture".into());
    for snap in &world.resource::<super::knowledge::ForceKnowledge>().0 {
        match snap {
            None => h.u32(0),
            Some(k) => {
                h.u32(k.as_of + 1);
                h.u32(k.people as u32);
                h.u32((k.people >> 32) as u32);
                k.needs.iter().for_each(|v| h.f32(*v));
                h.f32(k.consent);
                h.f32(k.legitimacy);
                h.f32(k.grievance);
            }
        }
    }
    h.part(|| "events and facilitator actions".into());
    let events = world.resource::<EventState>();
    h.u32(events.scheduled.len() as u32);
    for &(t, e) in &events.scheduled {
        h.u32(t);
        h.u32(e);
    }
    let queue = &world.resource::<super::facilitator::FacilitatorQueue>().0;
    h.u32(queue.len() as u32);
    for a in queue {
        h.str(&serde_json::to_string(a).unwrap_or_default());
    }
    for &f in &world.resource::<EventState>().fired {
        h.bool(f);
    }
    h.part(|| "objectives".into());
    for o in &world.resource::<Objectives>().0 {
        h.u32(o.met_on.map_or(0, |t| t + 1));
        h.bool(o.failed);
    }
    h.part(|| "pending orders".into());
    let pending = world.resource::<PendingOrders>();
    h.u32(pending.next_id);
    h.u32(pending.by_unit.len() as u32);
    for (unit, p) in &pending.by_unit {
        h.str(unit);
        h.u32(p.id);
        // The order's serde encoding: fixed by our own types, not by the compiler.
        h.str(&serde_json::to_string(&p.order).unwrap_or_default());
        encode_task(h, &p.task);
    }
    // Scores: what scoring carries from turn to turn, and the ledger's length and totals.
    h.part(|| "scores".into());
    h.tag("scores");
    let score = world.resource::<super::scoring::ScoreState>();
    h.u32(score.components.len() as u32);
    score.components.iter().for_each(|v| h.f64(*v));
    [score.effectiveness, score.useful, score.spent]
        .iter()
        .chain(&score.harm)
        .for_each(|v| h.f64(*v));
    h.u32(score.supplies.len() as u32);
    score.supplies.iter().for_each(|v| h.f32(*v));
    h.u32(score.streak.len() as u32);
    for row in &score.streak {
        row.iter().for_each(|v| h.u32(*v));
    }
    h.u32(score.last_collateral.len() as u32);
    for t in &score.last_collateral {
        h.u32(t.map_or(u32::MAX, |t| t));
    }
    let ledger = world.resource::<super::scoring::ledger::Ledger>();
    h.u32(ledger.entries.len() as u32);
    for e in &ledger.entries {
        h.u32(e.turn);
        h.u32(e.metric as u32);
        h.f64(e.amount);
    }
}

fn encode_task(h: &mut Encoder, task: &Task) {
    match task {
        Task::Hold => h.u32(0),
        Task::Move {
            order,
            path,
            planned,
        } => {
            h.u32(1);
            h.u32(*order);
            h.u32(*planned);
            h.u32(path.len() as u32);
            path.iter().for_each(|p| h.pos(*p));
        }
        Task::Repair { order, target } => {
            h.u32(2);
            h.u32(*order);
            h.u32(*target);
        }
        Task::Activity { order, activity } => {
            h.u32(3);
            h.u32(*order);
            encode_activity(h, activity);
        }
    }
}

/// Every field of an activity, tagged by kind.
fn encode_activity(h: &mut Encoder, a: &Activity) {
    let d = |x: crate::map::DistrictIdx| u32::from(x);
    match *a {
        Activity::Aid { district, sector } => [1, d(district), sector as u32]
            .iter()
            .for_each(|v| h.u32(*v)),
        Activity::Medical { district } => [2, d(district)].iter().for_each(|v| h.u32(*v)),
        Activity::Escort { actor, district } => {
            [3, actor, d(district)].iter().for_each(|v| h.u32(*v))
        }
        Activity::Secure { site } => [4, site].iter().for_each(|v| h.u32(*v)),
        Activity::Engage { target } => [5, target].iter().for_each(|v| h.u32(*v)),
        Activity::Liaise { actor } => [6, actor].iter().for_each(|v| h.u32(*v)),
        Activity::Meeting { district } => [7, d(district)].iter().for_each(|v| h.u32(*v)),
        Activity::Assess { district } => [8, d(district)].iter().for_each(|v| h.u32(*v)),
        Activity::SupportAuthority { actor } => [9, actor].iter().for_each(|v| h.u32(*v)),
        Activity::Patrol { district } => [10, d(district)].iter().for_each(|v| h.u32(*v)),
        Activity::InfoCampaign { district } => [11, d(district)].iter().for_each(|v| h.u32(*v)),
        Activity::CommunityProject {
            district,
            sector,
            complete_by,
            promise,
        } => [12, d(district), sector as u32, complete_by, promise]
            .iter()
            .for_each(|v| h.u32(*v)),
        Activity::Handover {
            actor,
            district,
            sector,
            people,
        } => {
            [13, actor, d(district), sector as u32]
                .iter()
                .for_each(|v| h.u32(*v));
            h.f32(people);
        }
    }
}
