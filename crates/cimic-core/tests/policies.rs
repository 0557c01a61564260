//! The built-in policies (crates/cimic-core/src/policy/): each plays every shipped scenario through the public order
//! API with few rejections, deterministically; each plays its own style; and the CIMIC line does
//! better for people than doing nothing. `cargo test --test policies -- --ignored --nocapture`
//! prints the comparison table over seeds 1–5.

mod common;

use cimic_core::policy::{self, NAMES, Policy};
use cimic_core::{Order, Scenario, Simulation};

/// A small scenario no policy was tuned on, with every kind of unit: a dense town west of a river
/// (an adversary cell in its streets, a hospital and a water plant that need the power station
/// across the river), open farmland east of it (a second cell), the only bridge damaged, a
/// humanitarian NGO that needs security to work, a mayor and the police.
const RIVERTON: &str = r#"Scenario(
    format: 1,
    meta: (id: "riverton", title: "Riverton", turns: 10, start_date: "2026-06-01"),
    map: (
        width: 12, height: 6,
        terrain: (fill: Rural, regions: [(terrain: Urban, area: Rect(min: (1, 1), max: (4, 4)))]),
        districts: [
            (id: "town", name: "Town", areas: [Rect(min: (0, 0), max: (5, 5))]),
            (id: "farms", name: "Farms", areas: [Rect(min: (6, 0), max: (11, 5))]),
        ],
        roads: [(id: "road", path: [(1, 2), (2, 2), (3, 2), (4, 2), (5, 2), (6, 2), (7, 2), (8, 2), (9, 2)])],
        rivers: [(id: "river", name: "River", hexes: [(6, 0), (6, 1), (6, 2), (6, 3), (6, 4), (6, 5)])],
    ),
    sides: [
        (id: "blue", name: "Blue", role: Force),
        (id: "hn", name: "Host nation", role: HostNation),
        (id: "red", name: "Militia", role: Adversary),
    ],
    units: [
        (id: "avn1", side: "blue", kind: Aviation, position: (0, 0)),
        (id: "cimic1", side: "blue", kind: CimicTeam, position: (1, 3)),
        (id: "eng1", side: "blue", kind: Engineer, position: (3, 2)),
        (id: "inf1", side: "blue", kind: Infantry, position: (0, 2)),
        (id: "io1", side: "blue", kind: InfoOps, position: (0, 4)),
        (id: "log1", side: "blue", kind: Logistics, position: (1, 1)),
        (id: "mech1", side: "blue", kind: Mechanised, position: (0, 3)),
        (id: "med1", side: "blue", kind: Medical, position: (2, 4)),
        (id: "mp1", side: "blue", kind: MilitaryPolice, position: (2, 1)),
        (id: "hn_police", side: "hn", kind: MilitaryPolice, position: (1, 4), strength: 30),
        (id: "cell_town", side: "red", kind: Irregular, position: (3, 3), strength: 50),
        (id: "cell_farms", side: "red", kind: Irregular, position: (10, 4), strength: 40),
    ],
    population: [
        (id: "townsfolk", district: "town", size: 24000, vulnerable_share: 0.4,
         needs: (water: 0.5, food: 0.6, health: 0.5, security: 0.45),
         attitudes: (consent: 0.5, legitimacy: 0.4, grievance: 0.3)),
        (id: "farmers", district: "farms", size: 3000,
         needs: (water: 0.4, food: 0.5, health: 0.4, security: 0.3),
         attitudes: (consent: 0.4, legitimacy: 0.3, grievance: 0.4)),
    ],
    actors: [
        (id: "ngo", name: "Water Without Borders", kind: Ngo, mandate: [Water, Food], capacity: 5000,
         districts: ["town", "farms"], access_threshold: 0.5, humanitarian: true, trust: 0.3),
        (id: "mayor", name: "Mayor", kind: LocalAuthority, mandate: [Shelter, Water], capacity: 2000,
         districts: ["town"], trust: 0.5),
        (id: "police", name: "Police", kind: LawEnforcement, mandate: [Security], capacity: 3000,
         districts: ["town", "farms"], trust: 0.5),
    ],
    infrastructure: [
        (id: "power", kind: PowerPlant, hex: (9, 1), condition: 0.9, capacity: 30000, serves: ["town", "farms"]),
        (id: "water", kind: WaterPlant, hex: (2, 2), condition: 0.6, capacity: 20000, serves: ["town"], depends_on: ["power"]),
        (id: "hospital", kind: Hospital, hex: (4, 3), condition: 0.7, capacity: 15000, serves: ["town", "farms"],
         depends_on: ["power", "water"], protected: Medical),
        (id: "bridge", kind: Bridge, hex: (6, 2), condition: 0.2),
        (id: "station", kind: PoliceStation, hex: (1, 1), capacity: 10000, serves: ["town"]),
        (id: "granary", kind: Warehouse, hex: (9, 4), condition: 0.5, capacity: 4000, serves: ["farms"]),
    ],
    events: [
        (id: "quake", trigger: AtTurn(4), effects: [Damage(target: "power", amount: 0.6)]),
    ],
    objectives: [
        (id: "bridge_open", title: "Reopen the bridge", deadline: 6, condition: InfraAtLeast(infra: "bridge", value: 0.5)),
        (id: "power_back", title: "Power back", deadline: 10,
         condition: All([TurnAtLeast(5), InfraAtLeast(infra: "power", value: 0.7)])),
    ],
)"#;

/// Every shipped scenario (not orders files), in name order.
fn scenarios() -> Vec<(String, Scenario)> {
    common::shipped()
        .into_iter()
        .map(|p| {
            let s = cimic_core::load_file(&p).unwrap_or_else(|e| panic!("{e}"));
            (s.meta.id.clone(), s)
        })
        .collect()
}

fn scenario(id: &str) -> Scenario {
    if id == "riverton" {
        return riverton();
    }
    scenarios()
        .into_iter()
        .find(|(x, _)| x == id)
        .unwrap_or_else(|| panic!("no shipped scenario {id}"))
        .1
}

/// What one game under one policy came to.
#[derive(Debug, Default)]
struct Outcome {
    accepted: usize,
    rejected: usize,
    /// Every order submitted, accepted or not.
    submitted: Vec<Order>,
    met: usize,
    deaths: u64,
    killed_by_force: u64,
    displaced: u64,
    /// Log lines saying the force's aid or escort was not a last resort (duplication).
    lapses: usize,
    /// Log lines saying the force's aid filled a gap next to an agency it had not coordinated
    /// with (docs/rules.md §15: the line between soldiers and aid workers blurs).
    uncoordinated: usize,
    hash: String,
}

impl Outcome {
    /// Objectives met, deaths, killings by the force and people displaced at the end of a game.
    fn tally_end(&mut self, sim: &Simulation) {
        self.met = sim
            .objectives()
            .iter()
            .filter(|o| o.status == "met")
            .count();
        for g in sim.groups() {
            self.deaths += u64::from(g.deaths);
            self.killed_by_force += u64::from(g.killed_by_force);
            if g.id.starts_with("idp:") {
                self.displaced += u64::from(g.size);
            }
        }
    }

    fn gave(&self, verb: &str) -> bool {
        self.submitted.iter().any(|o| o.verb() == verb)
    }
}

/// Plays a whole game with the policy; wraps it so every submitted order is recorded.
fn play(s: &Scenario, seed: u64, name: &str) -> Outcome {
    struct Recorder<'a>(Box<dyn Policy>, &'a mut Vec<Order>);
    impl Policy for Recorder<'_> {
        fn name(&self) -> &'static str {
            self.0.name()
        }
        fn plan(&mut self, sim: &Simulation) -> Vec<Order> {
            let orders = self.0.plan(sim);
            self.1.extend(orders.iter().cloned());
            orders
        }
        fn decide(&mut self, sim: &Simulation) -> Vec<(String, String)> {
            self.0.decide(sim)
        }
    }
    let mut sim = Simulation::new(s, seed).unwrap();
    let mut out = Outcome::default();
    let mut submitted = Vec::new();
    {
        let mut p = Recorder(
            policy::by_name(name).expect("a built-in policy"),
            &mut submitted,
        );
        assert_eq!(p.name(), name);
        while !sim.finished() {
            let (a, r) = policy::command(&mut sim, &mut p);
            out.accepted += a;
            out.rejected += r;
            let report = sim.advance();
            out.lapses += report
                .log
                .iter()
                .filter(|l| l.text.contains("not a last resort"))
                .count();
            out.uncoordinated += report
                .log
                .iter()
                .filter(|l| l.text.contains("without coordinating with it"))
                .count();
        }
    }
    out.submitted = submitted;
    out.tally_end(&sim);
    out.hash = sim.state_hash();
    out
}

fn riverton() -> Scenario {
    cimic_core::load_str("riverton.ron", RIVERTON).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_policy_plays_an_unseen_scenario_each_in_its_own_style() {
    let s = riverton();
    let mut totals: Vec<Outcome> = Vec::new();
    for name in NAMES {
        let mut t = Outcome::default();
        for seed in 1..=3 {
            let o = play(&s, seed, name);
            let total = o.accepted + o.rejected;
            assert!(
                o.rejected * 10 < total.max(1),
                "{name} seed {seed}: {} of {total} orders rejected",
                o.rejected
            );
            t.deaths += o.deaths;
            t.killed_by_force += o.killed_by_force;
            t.lapses += o.lapses;
            t.uncoordinated += o.uncoordinated;
            t.met += o.met;
        }
        totals.push(t);
    }
    let [passive, kinetic, cimic] = [&totals[0], &totals[1], &totals[2]];
    // The kinetic commander fights the cell in the town's streets, and its aid crowds out the NGO.
    assert!(kinetic.killed_by_force > 0, "kinetic never engaged in town");
    assert!(
        kinetic.lapses + kinetic.uncoordinated > 0,
        "kinetic's aid never crowded in on the NGO"
    );
    // The CIMIC line fights only away from people and keeps to the last resort.
    assert_eq!(cimic.killed_by_force, 0, "cimic-first harmed civilians");
    assert_eq!(
        cimic.lapses, 0,
        "cimic-first's aid or escorts were not a last resort"
    );
    assert!(cimic.met > passive.met, "{} vs {}", cimic.met, passive.met);
    assert!(
        cimic.deaths < kinetic.deaths && kinetic.deaths < passive.deaths,
        "deaths: passive {} kinetic {} cimic-first {}",
        passive.deaths,
        kinetic.deaths,
        cimic.deaths
    );
}

#[test]
fn every_name_gives_its_policy_and_unknown_names_none() {
    for name in NAMES {
        assert_eq!(policy::by_name(name).expect(name).name(), name);
    }
    assert!(policy::by_name("aggressive").is_none());
}

#[test]
fn passive_submits_nothing() {
    for (id, s) in scenarios() {
        let o = play(&s, 1, "passive");
        assert!(o.submitted.is_empty(), "{id}: {:?}", o.submitted);
        assert_eq!((o.accepted, o.rejected), (0, 0));
    }
}

#[test]
fn every_policy_plays_every_scenario_with_few_rejections() {
    for (id, s) in scenarios() {
        for name in NAMES {
            for seed in 1..=3 {
                let o = play(&s, seed, name);
                let total = o.accepted + o.rejected;
                assert_eq!(total, o.submitted.len());
                assert!(
                    o.rejected * 10 < total.max(1),
                    "{id} {name} seed {seed}: {} of {total} orders rejected",
                    o.rejected
                );
                if name != "passive" {
                    assert!(o.accepted > 0, "{id} {name} seed {seed}: no orders");
                }
            }
        }
    }
}

#[test]
fn same_seed_same_game_for_every_policy() {
    for (id, s) in scenarios() {
        for name in NAMES.into_iter().chain(policy::RED_TEAM) {
            let a = play(&s, 7, name);
            let b = play(&s, 7, name);
            assert_eq!(a.submitted, b.submitted, "{id} {name}: orders differ");
            assert_eq!(a.hash, b.hash, "{id} {name}: final state differs");
        }
    }
}

#[test]
fn kinetic_fights_and_delivers_but_never_works_with_the_actors() {
    let s = scenario("flood_relief");
    for seed in 1..=3 {
        let o = play(&s, seed, "kinetic");
        for verb in [
            "liaise",
            "coordination meeting",
            "escort",
            "support local authority",
            "hand over",
        ] {
            assert!(!o.gave(verb), "seed {seed}: kinetic gave a {verb} order");
        }
        assert!(
            o.gave("engage") || o.gave("provide aid"),
            "seed {seed}: kinetic neither engaged nor gave aid"
        );
        assert!(
            o.lapses + o.uncoordinated > 0,
            "seed {seed}: kinetic's aid never duplicated or crowded in on an agency"
        );
    }
}

#[test]
fn cimic_first_assesses_liaises_and_works_through_civilians() {
    let s = scenario("flood_relief");
    for seed in 1..=3 {
        let o = play(&s, seed, "cimic-first");
        assert!(o.gave("liaise"), "seed {seed}: no liaison");
        assert!(o.gave("assess"), "seed {seed}: no assessment");
        assert!(
            o.gave("escort") || o.gave("support local authority") || o.gave("hand over"),
            "seed {seed}: no escort, support or hand-over"
        );
        assert_eq!(
            o.lapses, 0,
            "seed {seed}: aid or escort that was not a last resort"
        );
        assert_eq!(
            o.killed_by_force, 0,
            "seed {seed}: civilians killed by the force"
        );
        // Coordinate, don't duplicate: its medics and aid mostly work next to agencies it has
        // briefed, where the kinetic commander never briefs anyone.
        let k = play(&s, seed, "kinetic");
        assert!(
            2 * o.uncoordinated < k.uncoordinated,
            "seed {seed}: cimic-first filled gaps without coordinating {} times, kinetic {}",
            o.uncoordinated,
            k.uncoordinated
        );
    }
}

#[test]
fn cimic_first_meets_more_objectives_and_loses_fewer_lives_than_passive() {
    let s = scenario("flood_relief");
    let (mut met, mut deaths) = ([0usize; 2], [0u64; 2]);
    for seed in 1..=3 {
        for (i, name) in ["passive", "cimic-first"].into_iter().enumerate() {
            let o = play(&s, seed, name);
            met[i] += o.met;
            deaths[i] += o.deaths;
        }
    }
    assert!(
        met[1] > met[0],
        "objectives met: passive {} cimic-first {}",
        met[0],
        met[1]
    );
    assert!(
        deaths[1] < deaths[0],
        "civilian deaths: passive {} cimic-first {}",
        deaths[0],
        deaths[1]
    );
}

/// Plays the scenario's shipped orders file (a hand-written line of play), for reference.
fn play_file(s: &Scenario, seed: u64) -> Option<Outcome> {
    let path = common::orders_path(&s.meta.id);
    let orders = cimic_core::orders::load_orders(&path, s).ok()?;
    let mut sim = Simulation::new(s, seed).unwrap();
    let mut out = Outcome::default();
    while !sim.finished() {
        let t = sim.turn() + 1;
        for o in orders
            .iter()
            .filter(|b| b.turn == t)
            .flat_map(|b| &b.orders)
        {
            match sim.submit(o.clone()) {
                Ok(_) => out.accepted += 1,
                Err(_) => out.rejected += 1,
            }
        }
        sim.advance();
    }
    out.tally_end(&sim);
    Some(out)
}

/// The comparison table of the report: per scenario and policy, totals over seeds 1–5 (or
/// 1–`SEEDS`).
#[test]
#[ignore]
fn comparison_table() {
    let seeds: u64 = std::env::var("SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    println!(
        "| scenario | policy | objectives met | deaths | killed by force | displaced | rejected / submitted |"
    );
    println!("|---|---|---|---|---|---|---|");
    for (id, s) in scenarios() {
        for name in NAMES.into_iter().chain(["(shipped orders)"]) {
            let mut t = Outcome::default();
            let mut per_seed = Vec::new();
            for seed in 1..=seeds {
                let o = if name == "(shipped orders)" {
                    match play_file(&s, seed) {
                        Some(o) => o,
                        None => break,
                    }
                } else {
                    play(&s, seed, name)
                };
                per_seed.push(format!("{}/{}/{}", o.met, o.deaths, o.displaced));
                t.met += o.met;
                t.deaths += o.deaths;
                t.killed_by_force += o.killed_by_force;
                t.displaced += o.displaced;
                t.rejected += o.rejected;
                t.accepted += o.accepted;
            }
            println!(
                "| {id} | {name} | {} | {} | {} | {} | {} / {} |   seeds met/deaths/displaced: {}",
                t.met,
                t.deaths,
                t.killed_by_force,
                t.displaced,
                t.rejected,
                t.rejected + t.accepted,
                per_seed.join(" ")
            );
        }
    }
}

/// A game turn by turn, for studying a policy: `POLICY=kinetic SCENARIO=flood_relief SEED=1
/// cargo test --test policies -- --ignored trace --nocapture`.
#[test]
#[ignore]
fn trace() {
    let name = std::env::var("POLICY").unwrap_or_else(|_| "cimic-first".into());
    let id = std::env::var("SCENARIO").unwrap_or_else(|_| "flood_relief".into());
    let seed: u64 = std::env::var("SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let s = scenario(&id);
    let mut sim = Simulation::new(&s, seed).unwrap();
    let mut p = policy::by_name(&name);
    let file = cimic_core::orders::load_orders(&common::orders_path(&id), &s);
    while !sim.finished() {
        let orders: Vec<Order> = match (&mut p, &file) {
            (Some(p), _) => p.plan(&sim),
            (None, Ok(f)) => f
                .iter()
                .filter(|b| b.turn == sim.turn() + 1)
                .flat_map(|b| b.orders.clone())
                .collect(),
            (None, Err(e)) => panic!("{e}"),
        };
        println!("== turn {} orders", sim.turn() + 1);
        for o in orders {
            match sim.submit(o.clone()) {
                Ok(_) => println!("   {o:?}"),
                Err(r) => println!("   REJECTED {r}"),
            }
        }
        let r = sim.advance();
        for l in r.log {
            println!("      {}", l.text);
        }
        let met = r.objectives.iter().filter(|o| o.status == "met").count();
        let deaths: u32 = sim.groups().iter().map(|g| g.deaths).sum();
        let by: Vec<String> = sim
            .districts()
            .iter()
            .map(|d| {
                let n: u32 = sim
                    .groups()
                    .iter()
                    .filter(|g| g.district == d.id)
                    .map(|g| g.deaths)
                    .sum();
                format!(
                    "{} {n} h{:.2}",
                    d.id,
                    d.need(cimic_core::scenario::format::Sector::Health)
                )
            })
            .collect();
        println!("   met {met} deaths {deaths}: {}", by.join(", "));
    }
}

#[path = "fixtures/care.rs"]
mod care;

#[test]
fn cimic_first_commands_fifty_extra_care_units_in_polynomial_time() {
    // The exhaustive search of services was exponential in free care units (8 extra units took
    // 3.5 s for two turns, 10 took 72 s); with 50 it would never end. The bounded search plans
    // them all: the whole game plays, the extra units are put to work, few orders are refused.
    let s = care::flood_with_care(50);
    let out = play(&s, 1, "cimic-first");
    let used: std::collections::BTreeSet<&str> = out
        .submitted
        .iter()
        .map(|o| o.unit())
        .filter(|u| u.starts_with("care"))
        .collect();
    assert!(
        used.len() >= 10,
        "extra care units given orders: {}",
        used.len()
    );
    assert!(
        out.rejected * 10 <= out.accepted,
        "{} of {} orders refused",
        out.rejected,
        out.accepted
    );
}

/// A hospital an objective asks to see running, capped by the power plant it depends on
/// (docs/rules.md §8): the objective is the power plant's to meet as much as the hospital's, and
/// repairing the hospital first meets nothing while the power is down. One engineer stands
/// between the two damaged sites; cimic-first and kinetic both start on the power plant.
#[test]
fn an_objective_on_a_dependent_site_sends_the_engineer_to_what_caps_it() {
    let text = r#"Scenario(
    format: 1,
    meta: (id: "chain", title: "Power before the hospital", turns: 10, start_date: "2026-05-01"),
    map: (
        width: 9, height: 5,
        terrain: (fill: Urban),
        districts: [(id: "town", name: "Town", areas: [Rect(min: (0, 0), max: (8, 4))])],
    ),
    sides: [(id: "blue", name: "Blue", role: Force)],
    units: [(id: "eng1", side: "blue", kind: Engineer, position: (4, 2))],
    population: [(id: "townsfolk", district: "town", size: 8000)],
    infrastructure: [
        (id: "power", name: "Power plant", kind: PowerPlant, hex: (1, 2), condition: 0.3,
         capacity: 10000, serves: ["town"]),
        (id: "hospital", name: "Hospital", kind: Hospital, hex: (7, 2), condition: 0.3,
         capacity: 10000, serves: ["town"], depends_on: ["power"]),
    ],
    objectives: [
        (id: "hospital_running", title: "The hospital running", deadline: 8,
         condition: InfraAtLeast(infra: "hospital", value: 0.6)),
    ],
    unrest: (max_citizens: 0),
)"#;
    let s = cimic_core::load_str("chain.ron", text).unwrap_or_else(|e| panic!("{e}"));
    for name in ["cimic-first", "kinetic"] {
        let mut sim = Simulation::new(&s, 1).expect("starts");
        let mut p = policy::by_name(name).expect("built in");
        // The first order that sends the engineer to work (after a survey, if any).
        let mut target = None;
        for _ in 0..3 {
            let orders = p.plan(&sim);
            target = orders.iter().find_map(|o| match o {
                Order::Repair { target, .. } => Some(target.clone()),
                Order::Move { to, .. } if to.0 <= 2 => Some("power".to_string()),
                Order::Move { .. } => Some("hospital".to_string()),
                _ => None,
            });
            if target.is_some() {
                break;
            }
            for o in orders {
                let _ = sim.submit(o);
            }
            sim.advance();
        }
        assert_eq!(target.as_deref(), Some("power"), "{name}");
    }
}

/// The first order that sends eng1 to work within three turns: a repair order's target, `refill`
/// for a draw, or for a move the name of the site on whose side of the map (`west_of`) it ends.
fn first_work(s: &Scenario, name: &str, west_of: i32, sites: (&str, &str)) -> Option<String> {
    let mut sim = Simulation::new(s, 1).expect("starts");
    let mut p = policy::by_name(name).expect("built in");
    for _ in 0..3 {
        let orders = p.plan(&sim);
        let found = orders.iter().find_map(|o| match o {
            Order::Repair { unit, target } if unit == "eng1" => Some(target.clone()),
            Order::Resupply { unit, .. } if unit == "eng1" => Some("refill".to_string()),
            Order::Move { unit, to } if unit == "eng1" && to.0 < west_of => {
                Some(sites.0.to_string())
            }
            Order::Move { unit, .. } if unit == "eng1" => Some(sites.1.to_string()),
            _ => None,
        });
        if found.is_some() {
            return found;
        }
        for o in orders {
            let _ = sim.submit(o);
        }
        sim.advance();
    }
    None
}

/// A needs objective asks for the hill village heated; only its substation can do it (the force
/// has no heat to hand out). The town's power plant serves ten times the people and would be
/// worth more per turn of work by the need it meets alone; the mission makes the substation the
/// engineer's first job (docs/rules.md §21.6, repairs: "what the mission asks" through
/// `NeedAtLeast`). Before, the engineer went to the power plant, and in the held-out
/// `domestic_transit` the villages stayed cold.
#[test]
fn a_needs_objective_sends_the_engineer_to_the_site_that_meets_it() {
    let text = r#"Scenario(
    format: 1,
    meta: (id: "heat", title: "Heat for the hills", turns: 10, start_date: "2027-01-11"),
    map: (
        width: 11, height: 5,
        terrain: (fill: Rural),
        districts: [
            (id: "town", name: "Town", areas: [Rect(min: (0, 0), max: (5, 4))]),
            (id: "hills", name: "Hills", areas: [Rect(min: (6, 0), max: (10, 4))]),
        ],
    ),
    sides: [(id: "blue", name: "Blue", role: Force)],
    units: [(id: "eng1", side: "blue", kind: Engineer, position: (5, 2))],
    population: [
        (id: "townsfolk", district: "town", size: 20000, needs: (energy: 0.5)),
        (id: "villagers", district: "hills", size: 2000, needs: (energy: 0.3)),
    ],
    infrastructure: [
        (id: "plant", name: "Town power plant", kind: PowerPlant, hex: (1, 2), condition: 0.5,
         capacity: 20000, serves: ["town"]),
        (id: "substation", name: "Hill substation", kind: PowerPlant, hex: (9, 2), condition: 0.25,
         capacity: 3000, serves: ["hills"]),
    ],
    objectives: [
        (id: "hills_heated", title: "The hills heated", deadline: 8,
         condition: NeedAtLeast(district: "hills", sector: Energy, value: 0.6)),
    ],
    unrest: (max_citizens: 0),
)"#;
    let s = cimic_core::load_str("heat.ron", text).unwrap_or_else(|e| panic!("{e}"));
    let first = first_work(&s, "cimic-first", 5, ("plant", "substation"));
    assert_eq!(first.as_deref(), Some("substation"));
}

/// An engineer one repair away from the bridge a mission deadline names, with supplies for a few
/// turns of work but below the level at which cimic-first refills where the host nation can spare
/// it: the deadline comes first, the refill after (docs/rules.md §21.6, supplies). Under rules
/// version 10 it went to refill first, and in the held-out `domestic_transit` the Kesten bridge
/// opened two turns after its deadline.
#[test]
fn a_mission_deadline_comes_before_a_comfortable_refill() {
    let text = r#"Scenario(
    format: 1,
    meta: (id: "deadline", title: "The bridge by turn 3", turns: 10, start_date: "2027-01-11"),
    map: (
        width: 12, height: 5,
        terrain: (fill: Rural),
        districts: [
            (id: "port", name: "Port", areas: [Rect(min: (0, 0), max: (5, 4))]),
            (id: "valley", name: "Valley", areas: [Rect(min: (6, 0), max: (11, 4))]),
        ],
        rivers: [(id: "kest", hexes: [(9, 0), (9, 1), (9, 2), (9, 3), (9, 4)])],
    ),
    sides: [(id: "blue", name: "Blue", role: Force)],
    units: [(id: "eng1", side: "blue", kind: Engineer, position: (8, 2), supplies: 20)],
    population: [
        (id: "porters", district: "port", size: 5000,
         needs: (water: 0.95, food: 0.95, energy: 0.95)),
        (id: "valley_folk", district: "valley", size: 5000,
         needs: (water: 0.6, food: 0.6, energy: 0.6)),
    ],
    actors: [
        (id: "council", name: "Port council", kind: LocalAuthority, mandate: [Water, Food],
         capacity: 1000, districts: ["port"], trust: 0.6, stance: Coordination),
    ],
    infrastructure: [
        (id: "bridge", name: "Valley bridge", kind: Bridge, hex: (9, 2), condition: 0.4),
    ],
    objectives: [
        (id: "bridge_open", title: "The bridge open", deadline: 3,
         condition: InfraAtLeast(infra: "bridge", value: 0.6)),
    ],
    unrest: (max_citizens: 0),
)"#;
    let s = cimic_core::load_str("deadline.ron", text).unwrap_or_else(|e| panic!("{e}"));
    let first = first_work(&s, "cimic-first", 6, ("refill", "bridge"));
    assert_eq!(first.as_deref(), Some("bridge"));
}

/// Two water works alike, one for each of two towns alike, one engineer between them: the town
/// that asked for engineers (a request for assistance still open, docs/rules.md §4.5) gets them
/// first. Without the request cimic-first goes to the west works (ties go to the first it finds).
#[test]
fn cimic_first_sends_its_engineer_where_people_asked_for_one() {
    let text = |asked: &str| {
        format!(
            r#"Scenario(
    format: 1,
    meta: (id: "asked", title: "Who asked", turns: 10, start_date: "2026-05-01"),
    map: (
        width: 11, height: 5,
        terrain: (fill: Rural),
        districts: [
            (id: "west", name: "West", areas: [Rect(min: (0, 0), max: (4, 4))]),
            (id: "middle", name: "Middle", areas: [Rect(min: (5, 0), max: (5, 4))]),
            (id: "east", name: "East", areas: [Rect(min: (6, 0), max: (10, 4))]),
        ],
    ),
    sides: [(id: "blue", name: "Blue", role: Force)],
    units: [(id: "eng1", side: "blue", kind: Engineer, position: (5, 2))],
    population: [
        (id: "westerners", district: "west", size: 5000, needs: (water: 0.5)),
        (id: "easterners", district: "east", size: 5000, needs: (water: 0.5)),
    ],
    infrastructure: [
        (id: "a_works", name: "East works", kind: WaterPlant, hex: (9, 2), condition: 0.4,
         capacity: 5000, serves: ["east"]),
        (id: "b_works", name: "West works", kind: WaterPlant, hex: (1, 2), condition: 0.4,
         capacity: 5000, serves: ["west"]),
    ],
    events: [{asked}],
    unrest: (max_citizens: 0),
)"#
        )
    };
    let first_target = |asked: &str| {
        let s = cimic_core::load_str("asked.ron", &text(asked)).unwrap_or_else(|e| panic!("{e}"));
        let mut sim = Simulation::new(&s, 1).expect("starts");
        sim.advance();
        let mut p = policy::by_name("cimic-first").expect("built in");
        p.plan(&sim).into_iter().find_map(|o| match o {
            Order::Repair { target, .. } => Some(target),
            Order::Move { to, .. } if to.0 < 5 => Some("b_works".to_string()),
            Order::Move { .. } => Some("a_works".to_string()),
            _ => None,
        })
    };
    assert_eq!(first_target("").as_deref(), Some("b_works"), "no request");
    let request = r#"(id: "ask", title: "East asks for engineers", trigger: AtTurn(1),
         effects: [RequestForAssistance(district: "east", sector: Water, text: "Engineers for the works, please.")])"#;
    assert_eq!(first_target(request).as_deref(), Some("a_works"));
}

/// The built-in policies plan from the force's picture, not from the truth (docs/rules.md §16,
/// §21.6): in the tutorial, the white cell makes Westfield's and Aldbrook's health collapse on
/// turn 1 while nobody in the force looks (no orders, and no actor trusts the force enough to
/// share what it sees), so the force's picture is the same in both games and the truth is not.
/// Every policy's orders for turn 2 are the same in both games: they cannot react to a need the
/// force cannot know. (Before, when the policies read the truth, `cimic-first` moved its medical
/// platoon to assess Westfield and had its CIMIC team promise a health project there on the
/// hidden collapse.)
#[test]
fn the_policies_plan_from_the_picture_not_from_the_truth() {
    use cimic_core::scenario::format::Sector;
    use cimic_core::sim::facilitator::{FacilitatorAction, Field};
    let s = scenario("tutorial");
    let quiet = Simulation::new(&s, 1).unwrap();
    let mut hit = Simulation::new(&s, 1).unwrap();
    for group in ["westfield_farmers", "aldbrook_town"] {
        hit.facilitate(FacilitatorAction::Override {
            entity: group.into(),
            field: Field::Need(Sector::Health),
            value: 0.05,
            rationale: "a hidden epidemic".into(),
        })
        .unwrap();
    }
    let mut games = [quiet, hit];
    for sim in &mut games {
        sim.advance();
    }
    let [quiet, hit] = &games;
    assert_eq!(quiet.force_picture(), hit.force_picture());
    assert!(
        quiet.force_picture().iter().all(|(_, p)| p.is_none()),
        "nobody looked on turn 1"
    );
    assert_ne!(quiet.true_picture(), hit.true_picture());
    for name in NAMES {
        let a = policy::by_name(name).unwrap().plan(quiet);
        let b = policy::by_name(name).unwrap().plan(hit);
        assert_eq!(a, b, "{name} reacted to a need the force cannot know");
    }
}
