//! The property the exhaustive patterns of `fields` promise, checked: changing any one field of a
//! hashed component or resource changes the hash, except for the fields named as left out.
//! Fields are found through serde, so a field added to a type is changed here without being
//! listed; if its `Hashed` implementation names it `_` without adding it to the left-out list
//! below, this test fails.

use super::encoder::Encoder;
use super::fields::Hashed;
use crate::scenario::format::{
    ActorKind, Capability, InfraKind, Protection, Sector, SideRole, Stance, UnitKind,
};
use crate::sim::components::*;
use crate::sim::knowledge::Snapshot;
use crate::sim::scoring::ScoreState;
use crate::sim::scoring::effect::{Before, Transit};
use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;

fn digest<T: Hashed>(x: &T) -> blake3::Hash {
    let mut h = Encoder::new(false);
    x.encode(&mut h);
    h.main.finalize()
}

/// JSON pointers of every leaf (number, string, bool, null) of a value.
fn leaves(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, x)| leaves(x, format!("{at}/{i}"), out)),
        Value::Object(fields) => fields
            .iter()
            .for_each(|(k, x)| leaves(x, format!("{at}/{k}"), out)),
        _ => out.push(at),
    }
}

/// Other values to try in place of a leaf. For a string that is an enum's variant, the other
/// variants are read from serde's "unknown variant …, expected one of …" message.
fn candidates<T: DeserializeOwned>(whole: &Value, at: &str) -> Vec<Value> {
    match &whole.pointer(at).cloned().unwrap_or(Value::Null) {
        Value::Bool(b) => vec![Value::Bool(!b)],
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => vec![(u + 1).into()],
            (None, Some(i)) => vec![(i + 1).into()],
            _ => vec![(n.as_f64().unwrap_or(0.0) + 0.5).into()],
        },
        Value::Null => vec![1.into(), "x".into()],
        Value::String(s) => {
            let mut tries = vec![Value::String(format!("{s}x"))];
            let mut probe = whole.clone();
            *probe.pointer_mut(at).expect("leaf") = tries[0].clone();
            if let Err(e) = serde_json::from_value::<T>(probe) {
                let msg = e.to_string();
                if let Some(list) = msg.split("expected").nth(1) {
                    tries.extend(
                        list.split('`')
                            .skip(1)
                            .step_by(2)
                            .filter(|v| v != s)
                            .map(|v| Value::String(v.to_string())),
                    );
                }
            }
            tries
        }
        Value::Array(_) | Value::Object(_) => Vec::new(),
    }
}

/// The fields (as JSON pointers) whose change leaves the value's hash as it was.
fn unhashed<T: Hashed + Serialize + DeserializeOwned>(sample: &T) -> Vec<String> {
    let whole = serde_json::to_value(sample).expect("serialises");
    let before = digest(sample);
    let mut paths = Vec::new();
    leaves(&whole, String::new(), &mut paths);
    let mut same = Vec::new();
    for at in paths {
        let changed = candidates::<T>(&whole, &at).into_iter().find_map(|v| {
            let mut w = whole.clone();
            *w.pointer_mut(&at).expect("leaf") = v;
            serde_json::from_value::<T>(w).ok()
        });
        let changed = changed.unwrap_or_else(|| panic!("no other value fits {at}"));
        if digest(&changed) == before {
            same.push(at);
        }
    }
    same
}

fn check<T: Hashed + Serialize + DeserializeOwned>(sample: T, left_out: &[&str]) {
    assert_eq!(
        unhashed(&sample),
        left_out,
        "{}: the fields whose change does not change the state hash",
        std::any::type_name::<T>()
    );
}

#[test]
fn every_field_of_a_unit_is_hashed_but_its_name_and_role() {
    check(
        Unit {
            name: "1st".into(),
            side: "blue".into(),
            role: SideRole::Force,
            kind: UnitKind::Infantry,
            strength: 90.0,
            supplies: 80.0,
            capabilities: vec![Capability::Repair],
            movement: 3,
        },
        &["/name", "/role"],
    );
    check(Position((2, 3)), &[]);
}

#[test]
fn every_field_of_every_task_and_activity_is_hashed() {
    let move_to = Task::Move {
        order: 1,
        path: vec![(1, 2)],
        planned: 4,
    };
    check(move_to, &[]);
    check(
        Task::Repair {
            order: 1,
            target: 2,
        },
        &[],
    );
    let (district, sector) = (1, Sector::Water);
    let activities = [
        Activity::Aid { district, sector },
        Activity::Medical { district },
        Activity::Escort { actor: 2, district },
        Activity::Secure { site: 3 },
        Activity::Engage { target: 4 },
        Activity::Liaise { actor: 5 },
        Activity::Meeting { district },
        Activity::Assess { district },
        Activity::SupportAuthority { actor: 6 },
        Activity::Patrol { district },
        Activity::InfoCampaign { district },
        Activity::CommunityProject {
            district,
            sector,
            complete_by: 7,
            promise: 8,
        },
        Activity::Handover {
            actor: 9,
            district,
            sector,
            people: 100.0,
        },
    ];
    for activity in activities {
        check(Task::Activity { order: 1, activity }, &[]);
    }
}

#[test]
fn every_field_of_a_site_is_hashed_but_its_name() {
    check(
        Infrastructure {
            name: "Pumping station".into(),
            kind: InfraKind::WaterPlant,
            hex: (4, 5),
            condition: 0.5,
            functioning: 0.4,
            capacity: 1000,
            serves: vec![1],
            depends_on: vec![2],
            protected: Protection::Medical,
            decay: 0.01,
        },
        &["/name"],
    );
}

#[test]
fn every_field_of_a_population_group_is_hashed() {
    check(
        PopulationGroup {
            district: 1,
            size: 3000,
            vulnerable_share: 0.2,
            community: "river".into(),
            coping: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7],
            fled_from: vec![(0, 120)],
        },
        &[],
    );
    check(Needs([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]), &[]);
    check(
        Attitudes {
            consent: 0.5,
            legitimacy: 0.4,
            grievance: 0.3,
            wellbeing: 0.2,
        },
        &[],
    );
    check(
        Casualties {
            total: 3,
            by_force: 1,
            carry: 0.5,
        },
        &[],
    );
}

#[test]
fn every_field_of_an_actor_is_hashed_but_its_name() {
    check(
        Actor {
            name: "Red Crescent".into(),
            kind: ActorKind::Ngo,
            mandate: vec![Sector::Health],
            capacity: 500,
            districts: vec![1],
            access_threshold: 0.3,
            humanitarian: true,
            trust: 0.5,
            stance: Stance::Coordination,
            base_capacity: 400,
            acceptance: 0.8,
            status: ActorStatus::Active,
            coordinated_on: Some(2),
            base: 1,
            transport: crate::scenario::format::Transport::Ground,
            community: Some("river".into()),
            granted: vec![(1, Sector::Health)],
        },
        &["/name"],
    );
}

#[test]
fn every_field_of_the_hashed_resources_is_hashed() {
    check(Clock { turn: 1, turns: 12 }, &[]);
    check(
        crate::sim::requests::Requests(vec![crate::sim::requests::Request {
            district: 1,
            sector: Sector::Water,
            turn: 3,
            state: crate::sim::requests::RequestState::Open,
            at_request: Some(crate::sim::requests::AtRequest {
                civilians: 120.0,
                shortfall: 800.0,
            }),
        }]),
        &[],
    );
    check(
        Crossings {
            open: vec![true, false],
            version: 2,
        },
        &[],
    );
    check(
        Promise {
            unit: 1,
            order: 2,
            district: 3,
            sector: Sector::Food,
            complete_by: 4,
            progress: 1,
            state: PromiseState::Open,
        },
        &[],
    );
    check(
        Transitions {
            handed: vec![[false, true, false, false, false, false, false]],
        },
        &[],
    );
    check(
        crate::sim::communities::Communal {
            tension: vec![0.2, 0.1],
            engaged_on: vec![Some(3)],
            engaged_fresh: vec![0.5],
            met_on: vec![Some(2)],
            met_fresh: vec![0.25],
            fairness: vec![crate::sim::communities::Fairness {
                community: "river".into(),
                help: 100.0,
                need: 200.0,
                shortfall: 0.3,
            }],
            helped_turns: 4,
        },
        &[],
    );
    let row = [0.5; 7];
    check(
        Delivered {
            total: vec![row],
            sites: vec![row],
            host_nation: vec![0.5],
            force: vec![row],
            local: vec![0.5],
            deconflicted: vec![row],
        },
        &[],
    );
    check(
        Snapshot {
            as_of: 2,
            people: 5_000_000_000,
            needs: row,
            consent: 0.5,
            legitimacy: 0.4,
            grievance: 0.3,
        },
        &[],
    );
    check(
        ScoreState {
            components: vec![1.0],
            effectiveness: 2.0,
            useful: 3.0,
            spent: 4.0,
            harm: [1.0, 2.0, 3.0, 4.0],
            supplies: vec![50.0],
            streak: vec![[1; 7]],
            last_collateral: vec![Some(3), None],
            before: Before {
                picture: vec![Some(2), None],
                trust: vec![0.5],
                capacity: vec![100],
                coordinated: vec![Some(1), None],
            },
            transit: vec![Transit {
                order: 3,
                spent: 1.5,
                turns: 2,
            }],
        },
        &[],
    );
}
