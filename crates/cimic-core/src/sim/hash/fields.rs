//! How each hashed component and resource writes itself: one exhaustive pattern per type, so a
//! new field does not compile until it is written or named `_` with the reason it is not state.

use super::encoder::Encoder;
use crate::sim::communities::{Communal, Fairness};
use crate::sim::components::*;
use crate::sim::decisions::{DecisionState, Resolution};
use crate::sim::events::EventState;
use crate::sim::facilitator::FacilitatorQueue;
use crate::sim::knowledge::{ForceKnowledge, Snapshot};
use crate::sim::objectives::{ObjectiveState, Objectives};
use crate::sim::scoring::ScoreState;
use crate::sim::scoring::effect::{Before, Transit};
use crate::sim::scoring::ledger::{Entry, Ledger};
use crate::sim::unrest::Unrest;

/// A part of the game state that writes itself to the hash. Implementations destructure `self`
/// exhaustively, so that no field can be forgotten; the order they write in is the hash's format.
pub(super) trait Hashed {
    fn encode(&self, h: &mut Encoder);
}

/// Writes a list's length, then each item.
fn encode_list<T: Hashed>(h: &mut Encoder, items: &[T]) {
    h.u32(items.len() as u32);
    items.iter().for_each(|x| x.encode(h));
}

fn encode_f32s(h: &mut Encoder, values: &[f32]) {
    values.iter().for_each(|v| h.f32(*v));
}

impl Hashed for Clock {
    fn encode(&self, h: &mut Encoder) {
        let Clock { turn, turns } = *self;
        h.u32(turn);
        h.u32(turns);
    }
}

impl Hashed for Seed {
    fn encode(&self, h: &mut Encoder) {
        let Seed(seed) = *self;
        h.u32(seed as u32);
        h.u32((seed >> 32) as u32);
    }
}

impl Hashed for Unit {
    fn encode(&self, h: &mut Encoder) {
        let Unit {
            name: _, // display text, never changed in play and never read by a rule
            side,
            role: _, // fixed by the scenario with the side, which is hashed
            kind,
            strength,
            supplies,
            capabilities,
            movement,
        } = self;
        h.str(side);
        h.u32(*kind as u32);
        h.f32(*strength);
        h.f32(*supplies);
        h.u32(*movement);
        h.u32(capabilities.len() as u32);
        capabilities.iter().for_each(|c| h.u32(*c as u32));
    }
}

impl Hashed for Position {
    fn encode(&self, h: &mut Encoder) {
        let Position(p) = *self;
        h.pos(p);
    }
}

impl Hashed for Task {
    fn encode(&self, h: &mut Encoder) {
        match self {
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
                activity.encode(h);
            }
        }
    }
}

/// Every field of an activity, tagged by kind.
impl Hashed for Activity {
    fn encode(&self, h: &mut Encoder) {
        let d = |x: crate::map::DistrictIdx| u32::from(x);
        let mut all = |values: &[u32]| values.iter().for_each(|v| h.u32(*v));
        match *self {
            Activity::Aid { district, sector } => all(&[1, d(district), sector as u32]),
            Activity::Medical { district } => all(&[2, d(district)]),
            Activity::Escort { actor, district } => all(&[3, actor, d(district)]),
            Activity::Secure { site } => all(&[4, site]),
            Activity::Engage { target } => all(&[5, target]),
            Activity::Liaise { actor } => all(&[6, actor]),
            Activity::Meeting { district } => all(&[7, d(district)]),
            Activity::Assess { district } => all(&[8, d(district)]),
            Activity::SupportAuthority { actor } => all(&[9, actor]),
            Activity::Patrol { district } => all(&[10, d(district)]),
            Activity::InfoCampaign { district } => all(&[11, d(district)]),
            Activity::CommunityProject {
                district,
                sector,
                complete_by,
                promise,
            } => all(&[12, d(district), sector as u32, complete_by, promise]),
            Activity::Handover {
                actor,
                district,
                sector,
                people,
            } => {
                all(&[13, actor, d(district), sector as u32]);
                h.f32(people);
            }
            Activity::Resupply {
                district,
                drawn,
                arranged,
            } => {
                all(&[14, d(district), u32::from(arranged)]);
                h.f32(drawn);
            }
        }
    }
}

impl Hashed for Infrastructure {
    fn encode(&self, h: &mut Encoder) {
        let Infrastructure {
            name: _, // display text, never changed in play and never read by a rule
            kind,
            hex,
            condition,
            functioning,
            capacity,
            serves,
            depends_on,
            protected,
            decay,
        } = self;
        h.u32(*kind as u32);
        h.pos(*hex);
        h.f32(*condition);
        h.f32(*functioning);
        h.u32(*capacity);
        h.f32(*decay);
        h.u32(*protected as u32);
        h.u32(serves.len() as u32);
        serves.iter().for_each(|d| h.u32(u32::from(*d)));
        h.u32(depends_on.len() as u32);
        depends_on.iter().for_each(|d| h.u32(*d));
    }
}

impl Hashed for PopulationGroup {
    fn encode(&self, h: &mut Encoder) {
        let PopulationGroup {
            district,
            size,
            vulnerable_share,
            community,
            coping,
            fled_from,
        } = self;
        h.u32(u32::from(*district));
        h.u32(*size);
        h.f32(*vulnerable_share);
        h.str(community);
        encode_f32s(h, coping);
        h.u32(fled_from.len() as u32);
        for (d, k) in fled_from {
            h.u32(u32::from(*d));
            h.u32(*k);
        }
    }
}

impl Hashed for Needs {
    fn encode(&self, h: &mut Encoder) {
        let Needs(satisfaction) = self;
        encode_f32s(h, satisfaction);
    }
}

impl Hashed for Attitudes {
    fn encode(&self, h: &mut Encoder) {
        let Attitudes {
            consent,
            legitimacy,
            grievance,
            wellbeing,
        } = *self;
        encode_f32s(h, &[consent, legitimacy, grievance, wellbeing]);
    }
}

impl Hashed for Casualties {
    fn encode(&self, h: &mut Encoder) {
        let Casualties {
            total,
            by_force,
            carry,
        } = *self;
        h.u32(total);
        h.u32(by_force);
        h.f32(carry);
    }
}

impl Hashed for Actor {
    fn encode(&self, h: &mut Encoder) {
        let Actor {
            name: _, // display text, never changed in play and never read by a rule
            kind,
            mandate,
            capacity,
            districts,
            access_threshold,
            humanitarian,
            trust,
            stance,
            base_capacity,
            acceptance,
            status,
            coordinated_on,
            base,
            transport,
            community,
            granted,
        } = self;
        h.u32(*kind as u32);
        h.u32(*capacity);
        h.u32(mandate.len() as u32);
        mandate.iter().for_each(|s| h.u32(*s as u32));
        h.u32(districts.len() as u32);
        districts.iter().for_each(|d| h.u32(u32::from(*d)));
        h.f32(*access_threshold);
        h.bool(*humanitarian);
        h.f32(*trust);
        h.u32(*stance as u32);
        h.u32(*base_capacity);
        h.f32(*acceptance);
        h.u32(*status as u32);
        h.u32(coordinated_on.unwrap_or(u32::MAX));
        h.u32(u32::from(*base));
        h.u32(*transport as u32);
        match community {
            None => h.u32(0),
            Some(c) => {
                h.u32(1);
                h.str(c);
            }
        }
        h.u32(granted.len() as u32);
        for (d, s) in granted {
            h.u32(u32::from(*d));
            h.u32(*s as u32);
        }
    }
}

/// Unlike most lists, the crossings carry no length: the map fixes it.
impl Hashed for Crossings {
    fn encode(&self, h: &mut Encoder) {
        let Crossings { open, version } = self;
        h.u32(*version);
        open.iter().for_each(|o| h.bool(*o));
    }
}

impl Hashed for Unrest {
    fn encode(&self, h: &mut Encoder) {
        let Unrest {
            spec: _,  // the scenario's unrest settings: fixed for the game
            rural: _, // derived from the static map at turn 0
            districts,
            active,
            jailed,
        } = self;
        h.u32(districts.len() as u32);
        for du in districts {
            match du {
                None => h.update(&[0]),
                Some(du) => {
                    let mut bytes = vec![1];
                    crate::sim::unrest::encode(du, &mut bytes);
                    h.update(&bytes);
                }
            }
        }
        encode_f32s(h, active);
        encode_f32s(h, jailed);
    }
}

impl Hashed for DecisionState {
    fn encode(&self, h: &mut Encoder) {
        let DecisionState {
            decisions: _, // the scenario's decision points: fixed for the game
            open,
            chosen,
            history,
        } = self;
        h.u32(open.len() as u32);
        open.iter().for_each(|d| h.u32(*d));
        h.u32(chosen.len() as u32);
        for (d, o) in chosen {
            h.u32(*d);
            h.u32(*o as u32);
        }
        encode_list(h, history);
    }
}

impl Hashed for Resolution {
    fn encode(&self, h: &mut Encoder) {
        let Resolution {
            turn,
            decision,
            option,
            defaulted,
        } = self;
        h.u32(*turn);
        h.str(decision);
        h.str(option);
        h.bool(*defaulted);
    }
}

impl Hashed for Transitions {
    fn encode(&self, h: &mut Encoder) {
        let Transitions { handed } = self;
        h.u32(handed.len() as u32);
        for row in handed {
            row.iter().for_each(|b| h.bool(*b));
        }
    }
}

impl Hashed for Promises {
    fn encode(&self, h: &mut Encoder) {
        encode_list(h, &self.0);
    }
}

impl Hashed for Promise {
    fn encode(&self, h: &mut Encoder) {
        let Promise {
            unit,
            order,
            district,
            sector,
            complete_by,
            progress,
            state,
        } = *self;
        let fields = [
            unit,
            order,
            u32::from(district),
            sector as u32,
            complete_by,
            progress,
            state as u32,
        ];
        fields.iter().for_each(|v| h.u32(*v));
    }
}

impl Hashed for Communal {
    fn encode(&self, h: &mut Encoder) {
        let Communal {
            tension,
            engaged_on,
            engaged_fresh,
            met_on,
            met_fresh,
            fairness,
            helped_turns,
        } = self;
        h.u32(tension.len() as u32);
        encode_f32s(h, tension);
        for (turns, fresh) in [(engaged_on, engaged_fresh), (met_on, met_fresh)] {
            h.u32(turns.len() as u32);
            turns.iter().for_each(|t| h.u32(t.unwrap_or(u32::MAX)));
            encode_f32s(h, fresh);
        }
        encode_list(h, fairness);
        h.u32(*helped_turns);
    }
}

impl Hashed for Fairness {
    fn encode(&self, h: &mut Encoder) {
        let Fairness {
            community,
            help,
            need,
            shortfall,
        } = self;
        h.str(community);
        h.f32(*help);
        h.f32(*need);
        h.f32(*shortfall);
    }
}

/// Lists of fixed length (one row per district): no lengths are written.
impl Hashed for Delivered {
    fn encode(&self, h: &mut Encoder) {
        let Delivered {
            total,
            sites,
            host_nation,
            force,
            local,
            deconflicted,
        } = self;
        total.iter().for_each(|row| encode_f32s(h, row));
        encode_f32s(h, host_nation);
        encode_f32s(h, local);
        for rows in [sites, force, deconflicted] {
            rows.iter().for_each(|row| encode_f32s(h, row));
        }
    }
}

/// One entry per district, `0` where the force has never looked.
impl Hashed for ForceKnowledge {
    fn encode(&self, h: &mut Encoder) {
        for snap in &self.0 {
            match snap {
                None => h.u32(0),
                Some(k) => k.encode(h),
            }
        }
    }
}

impl Hashed for Snapshot {
    fn encode(&self, h: &mut Encoder) {
        let Snapshot {
            as_of,
            people,
            needs,
            consent,
            legitimacy,
            grievance,
        } = *self;
        h.u32(as_of + 1);
        h.u32(people as u32);
        h.u32((people >> 32) as u32);
        encode_f32s(h, &needs);
        encode_f32s(h, &[consent, legitimacy, grievance]);
    }
}

impl Hashed for Objectives {
    fn encode(&self, h: &mut Encoder) {
        self.0.iter().for_each(|o| o.encode(h));
    }
}

impl Hashed for ObjectiveState {
    fn encode(&self, h: &mut Encoder) {
        // The objective's definition is the scenario's and fixed for the game: only its
        // progress is state.
        let ObjectiveState {
            id: _,
            title: _,
            condition: _,
            deadline: _,
            weight: _,
            met_on,
            failed,
        } = self;
        h.u32(met_on.map_or(0, |t| t + 1));
        h.bool(*failed);
    }
}

impl Hashed for PendingOrders {
    fn encode(&self, h: &mut Encoder) {
        let PendingOrders { by_unit, next_id } = self;
        h.u32(*next_id);
        h.u32(by_unit.len() as u32);
        for (unit, p) in by_unit {
            h.str(unit);
            p.encode(h);
        }
    }
}

impl Hashed for PendingOrder {
    fn encode(&self, h: &mut Encoder) {
        let PendingOrder { id, order, task } = self;
        h.u32(*id);
        // The order's serde encoding: fixed by our own types, not by the compiler.
        h.str(&serde_json::to_string(order).unwrap_or_default());
        task.encode(h);
    }
}

impl Hashed for ScoreState {
    fn encode(&self, h: &mut Encoder) {
        let ScoreState {
            components,
            effectiveness,
            useful,
            spent,
            harm,
            supplies,
            streak,
            last_collateral,
            before,
            transit,
        } = self;
        h.u32(components.len() as u32);
        components.iter().for_each(|v| h.f64(*v));
        [*effectiveness, *useful, *spent]
            .iter()
            .chain(harm)
            .for_each(|v| h.f64(*v));
        h.u32(supplies.len() as u32);
        encode_f32s(h, supplies);
        h.u32(streak.len() as u32);
        for row in streak {
            row.iter().for_each(|v| h.u32(*v));
        }
        h.u32(last_collateral.len() as u32);
        last_collateral
            .iter()
            .for_each(|t| h.u32(t.unwrap_or(u32::MAX)));
        before.encode(h);
        encode_list(h, transit);
    }
}

impl Hashed for Before {
    fn encode(&self, h: &mut Encoder) {
        let Before {
            picture,
            trust,
            capacity,
            coordinated,
        } = self;
        h.u32(picture.len() as u32);
        picture.iter().for_each(|t| h.u32(t.unwrap_or(u32::MAX)));
        h.u32(trust.len() as u32);
        encode_f32s(h, trust);
        h.u32(capacity.len() as u32);
        capacity.iter().for_each(|c| h.u32(*c));
        h.u32(coordinated.len() as u32);
        coordinated
            .iter()
            .for_each(|t| h.u32(t.unwrap_or(u32::MAX)));
    }
}

impl Hashed for Transit {
    fn encode(&self, h: &mut Encoder) {
        let Transit {
            order,
            spent,
            turns,
        } = *self;
        h.u32(order);
        h.f64(spent);
        h.u32(turns);
    }
}

impl Hashed for Ledger {
    fn encode(&self, h: &mut Encoder) {
        let Ledger { entries } = self;
        encode_list(h, entries);
    }
}

impl Hashed for Entry {
    fn encode(&self, h: &mut Encoder) {
        // The cause, entity, origin, check and text explain an amount to a reader; they follow
        // from the state that made the entry, and the amounts are what scores add up.
        let Entry {
            turn,
            metric,
            amount,
            cause: _,
            entity: _,
            origin: _,
            check: _,
            text: _,
        } = self;
        h.u32(*turn);
        h.u32(*metric as u32);
        h.f64(*amount);
    }
}

/// Scheduled events, then the facilitator's queue, then which events have fired (the format's
/// order, which interleaves the two resources).
pub(super) fn encode_events(h: &mut Encoder, events: &EventState, queue: &FacilitatorQueue) {
    let EventState {
        events: _, // the scenario's event definitions: fixed for the game
        fired,
        scheduled,
    } = events;
    h.u32(scheduled.len() as u32);
    for &(t, e) in scheduled {
        h.u32(t);
        h.u32(e);
    }
    let FacilitatorQueue(queue) = queue;
    h.u32(queue.len() as u32);
    for a in queue {
        h.str(&serde_json::to_string(a).unwrap_or_default());
    }
    fired.iter().for_each(|f| h.bool(*f));
}

impl Hashed for crate::sim::requests::Requests {
    fn encode(&self, h: &mut Encoder) {
        h.u32(self.0.len() as u32);
        for r in &self.0 {
            let crate::sim::requests::Request {
                district,
                sector,
                turn,
                state,
                at_request,
            } = *r;
            h.u32(u32::from(district));
            h.u32(sector as u32);
            h.u32(turn);
            h.u32(state as u32);
            h.bool(at_request.is_some());
            if let Some(crate::sim::requests::AtRequest {
                civilians,
                shortfall,
            }) = at_request
            {
                h.f32(civilians);
                h.f32(shortfall);
            }
        }
    }
}
