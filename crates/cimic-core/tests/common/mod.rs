//! What the core's integration tests share: the repository's shipped scenarios and orders files,
//! the "town" fixture, and the few helpers every rule test needs (start a game from text, submit
//! an order that must pass or must be refused, look an entity up by id). Written once here so a
//! fix reaches every test file.
//!
//! Each test file is its own crate and uses only part of this module.
#![allow(dead_code)]

use cimic_core::orders::{Reason, TurnOrders, load_orders};
use cimic_core::sim::{ActorView, GroupView, UnitView};
use cimic_core::{Order, Scenario, Simulation, load_file, load_str};
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------------------------------------
// The repository's files

/// A path in the repository (the workspace root, two levels above this crate), where
/// `scenarios/` lives.
pub fn repo(path: impl AsRef<Path>) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

/// The path of the shipped scenario `name` (`scenarios/{name}.ron`).
pub fn scenario_path(name: &str) -> PathBuf {
    scenarios_dir().join(format!("{name}.ron"))
}

/// The folder of the scenarios under test: `scenarios/`, or the one `CIMIC_TEST_SCENARIOS` names
/// (for example `scenarios/candidates`, the held-out exercises), so the red team and face validity
/// run on scenarios not yet shipped without editing the tests.
pub fn scenarios_dir() -> PathBuf {
    match std::env::var_os("CIMIC_TEST_SCENARIOS") {
        Some(d) => repo(Path::new(&d)),
        None => repo("scenarios"),
    }
}

/// The text of the shipped scenario `name`.
pub fn scenario_text(name: &str) -> String {
    let path = scenario_path(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The shipped scenario `name`, loaded and validated.
pub fn scenario(name: &str) -> Scenario {
    load_file(&scenario_path(name)).unwrap_or_else(|e| panic!("{e}"))
}

/// A held-out scenario `name` (`scenarios/candidates/{name}.ron`), or the shipped one once it
/// ships, loaded: tests written against a candidate keep running when it moves.
pub fn held_out(name: &str) -> Scenario {
    let candidate = repo(format!("scenarios/candidates/{name}.ron"));
    let path = if candidate.exists() {
        candidate
    } else {
        scenario_path(name)
    };
    load_file(&path).unwrap_or_else(|e| panic!("{e}"))
}

/// The path of the orders file shipped with scenario `name` (`scenarios/{name}.orders.ron`).
pub fn orders_path(name: &str) -> PathBuf {
    scenarios_dir().join(format!("{name}.orders.ron"))
}

/// The orders file shipped with scenario `name`, checked against `scenario`.
pub fn orders(name: &str, scenario: &Scenario) -> Vec<TurnOrders> {
    load_orders(&orders_path(name), scenario).unwrap_or_else(|e| panic!("{e}"))
}

/// Every shipped scenario file (`scenarios/*.ron`, orders files aside), in name order, so new
/// scenarios are covered without touching the tests.
pub fn shipped() -> Vec<PathBuf> {
    // `CIMIC_TEST_SCENARIOS=scenarios/candidates` checks another folder instead (the held-out
    // exercises), so the red team and face validity can be run on scenarios not yet shipped.
    let dir = scenarios_dir();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| {
            let name = p.to_string_lossy();
            name.ends_with(".ron") && !name.ends_with(".orders.ron")
        })
        .collect();
    paths.sort();
    paths
}

// ---------------------------------------------------------------------------------------------
// Games

/// A game of a scenario given as text (`file` names it in error messages), at `seed`.
pub fn start(file: &str, text: &str, seed: u64) -> Simulation {
    let scenario = load_str(file, text).unwrap_or_else(|e| panic!("{e}"));
    Simulation::new(&scenario, seed).expect("a valid scenario starts")
}

/// Plays a whole game of `scenario` at `seed` under a policy, as `cimic run --policy` does;
/// returns the game at its end and every order the rules accepted, with the turn it was given for.
pub fn play_policy(
    scenario: &Scenario,
    seed: u64,
    policy: &mut dyn cimic_core::policy::Policy,
) -> (Simulation, Vec<(u32, Order)>) {
    let mut sim = Simulation::new(scenario, seed).expect("a valid scenario starts");
    let mut given = Vec::new();
    while !sim.finished() {
        let turn = sim.turn() + 1;
        for o in policy.plan(&sim) {
            if sim.submit(o.clone()).is_ok() {
                given.push((turn, o));
            }
        }
        for (decision, option) in policy.decide(&sim) {
            let _ = sim.decide(&decision, &option);
        }
        sim.advance();
    }
    (sim, given)
}

/// [`play_policy`] with the built-in policy `name`.
pub fn play_named(scenario: &Scenario, seed: u64, name: &str) -> (Simulation, Vec<(u32, Order)>) {
    let mut p = cimic_core::policy::by_name(name).expect("a built-in policy");
    play_policy(scenario, seed, p.as_mut())
}

/// Plays a line of turn orders (decisions first, refused orders skipped, as `cimic run` does)
/// from the start of a game of `scenario` at `seed` up to and including turn `until`, or to the
/// end.
pub fn play_orders(
    scenario: &Scenario,
    seed: u64,
    line: &[TurnOrders],
    until: Option<u32>,
) -> Simulation {
    let mut sim = Simulation::new(scenario, seed).expect("a valid scenario starts");
    while !sim.finished() && until.is_none_or(|u| sim.turn() < u) {
        let t = sim.turn() + 1;
        for block in line.iter().filter(|b| b.turn == t) {
            for d in &block.decide {
                let _ = sim.decide(&d.decision, &d.option);
            }
            for o in &block.orders {
                let _ = sim.submit(o.clone());
            }
        }
        sim.advance();
    }
    sim
}

/// Submits an order that the rules must accept; returns its id.
pub fn ok(sim: &mut Simulation, order: Order) -> u32 {
    sim.submit(order).unwrap_or_else(|r| panic!("{r}"))
}

/// Submits an order that the rules must refuse, checks that the refusal changed nothing, and
/// returns the reason.
pub fn reject(sim: &mut Simulation, order: Order) -> Reason {
    let before = sim.state_hash();
    let r = sim
        .submit(order)
        .expect_err("the order should be rejected")
        .reason;
    assert_eq!(sim.state_hash(), before, "a rejected order changes nothing");
    r
}

/// The civil actor `id` as the game shows it.
pub fn actor(sim: &Simulation, id: &str) -> ActorView {
    sim.actors()
        .into_iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("no actor {id}"))
}

/// The population group `id` as the game shows it.
pub fn group(sim: &Simulation, id: &str) -> GroupView {
    sim.groups()
        .into_iter()
        .find(|g| g.id == id)
        .unwrap_or_else(|| panic!("no group {id}"))
}

/// The unit `id` as the game shows it.
pub fn unit(sim: &Simulation, id: &str) -> UnitView {
    sim.units()
        .into_iter()
        .find(|u| u.id == id)
        .unwrap_or_else(|| panic!("no unit {id}"))
}

// ---------------------------------------------------------------------------------------------
// The "town" fixture

/// Two districts: "calm" (west, secure) and "tense" (east, insecure). A humanitarian NGO
/// delivers water and food in both but needs security 0.5 to reach people; a mayor runs shelter
/// in calm; a well serves calm, a police station calm, a hospital both. Eight force units and an
/// engineer: the civil rules and the scoring rules are tested on the same town.
///
/// The few things a test varies are settings: the length of the exercise, the events, the
/// weight of the force's own harm, and whether the well alone meets calm's water need.
#[derive(Clone, Debug)]
pub struct Town {
    turns: u32,
    events: String,
    own_harm_multiplier: f32,
    well_capacity: u32,
    ngo_capacity: u32,
}

impl Default for Town {
    /// Twelve turns, no events, the default multiplier (3), a well that falls short of calm's
    /// need.
    fn default() -> Town {
        Town {
            turns: 12,
            events: String::new(),
            own_harm_multiplier: 3.0,
            well_capacity: 1000,
            ngo_capacity: 4000,
        }
    }
}

impl Town {
    /// The exercise lasts `turns` turns.
    pub fn turns(mut self, turns: u32) -> Town {
        self.turns = turns;
        self
    }

    /// The scenario's events (RON, comma-separated).
    pub fn events(mut self, events: &str) -> Town {
        self.events = events.to_string();
        self
    }

    /// How much more the force's own harm weighs than harm it failed to prevent.
    pub fn own_harm_multiplier(mut self, multiplier: f32) -> Town {
        self.own_harm_multiplier = multiplier;
        self
    }

    /// The NGO's capacity (default 4 000, more than calm's food gap: after coordinating with
    /// the force's water aid it still has capacity left for water).
    pub fn ngo_capacity(mut self, capacity: u32) -> Town {
        self.ngo_capacity = capacity;
        self
    }

    /// The well alone meets calm's water need: whatever the NGO or the force add duplicates it.
    pub fn full_well(mut self) -> Town {
        self.well_capacity = 5000;
        self
    }

    /// The scenario file's text.
    pub fn text(&self) -> String {
        let Town {
            turns,
            events,
            own_harm_multiplier,
            well_capacity,
            ngo_capacity,
        } = self;
        format!(
            r#"Scenario(
    format: 1,
    meta: (id: "town", title: "Two districts", turns: {turns}, start_date: "2026-05-01"),
    map: (
        width: 8, height: 4,
        terrain: (fill: Rural),
        districts: [
            (id: "calm", name: "Calm", areas: [Rect(min: (0, 0), max: (3, 3))]),
            (id: "tense", name: "Tense", areas: [Rect(min: (4, 0), max: (7, 3))]),
        ],
    ),
    sides: [(id: "blue", name: "Blue", role: Force)],
    units: [
        (id: "log1", side: "blue", kind: Logistics, position: (1, 1)),
        (id: "log2", side: "blue", kind: Logistics, position: (6, 2)),
        (id: "inf1", side: "blue", kind: Infantry, position: (5, 1)),
        (id: "inf2", side: "blue", kind: Infantry, position: (2, 3)),
        (id: "cimic1", side: "blue", kind: CimicTeam, position: (2, 2)),
        (id: "cimic2", side: "blue", kind: CimicTeam, position: (6, 1)),
        (id: "med1", side: "blue", kind: Medical, position: (1, 2)),
        (id: "io1", side: "blue", kind: InfoOps, position: (2, 1)),
        (id: "eng1", side: "blue", kind: Engineer, position: (1, 0)),
    ],
    population: [
        (id: "calm_pop", district: "calm", size: 5000, needs: (water: 0.4, food: 0.5, health: 0.4, security: 0.8)),
        (id: "tense_pop", district: "tense", size: 5000, vulnerable_share: 0.5,
         needs: (water: 0.4, food: 0.5, health: 0.2, security: 0.2)),
    ],
    actors: [
        (id: "ngo", name: "Water Without Borders", kind: Ngo, mandate: [Water, Food], capacity: {ngo_capacity},
         districts: ["calm", "tense"], access_threshold: 0.5, humanitarian: true, trust: 0.3),
        (id: "mayor", name: "Mayor", kind: LocalAuthority, mandate: [Shelter], capacity: 1000,
         districts: ["calm"], trust: 0.5, stance: Coordination),
    ],
    infrastructure: [
        (id: "well", kind: WaterPlant, hex: (0, 0), capacity: {well_capacity}, serves: ["calm"]),
        (id: "police", kind: PoliceStation, hex: (3, 0), capacity: 5000, serves: ["calm"]),
        (id: "hospital", kind: Hospital, hex: (6, 3), capacity: 2000, serves: ["calm", "tense"]),
    ],
    events: [{events}],
    scoring: (own_harm_multiplier: {own_harm_multiplier}),
)"#
        )
    }

    /// The scenario, loaded and validated.
    pub fn scenario(&self) -> Scenario {
        load_str("town.ron", &self.text()).unwrap_or_else(|e| panic!("{e}"))
    }

    /// A new game of the town at seed 1.
    pub fn start(&self) -> Simulation {
        Simulation::new(&self.scenario(), 1).expect("the town starts")
    }
}
