//! Benchmarks: `advance()` per turn for every shipped scenario and for a synthetic scenario with
//! thousands of entities, and load + validate of every shipped scenario.
//!
//! Run: `cargo bench --bench turn` (release). Results are quoted as medians in the issue notes.

/// The repository's root, where `scenarios/` lives.
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

use cimic_core::scenario::format::*;
use cimic_core::{Order, Scenario, Simulation, load_str};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::{Duration, Instant};

fn shipped() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(format!("{ROOT}/scenarios"))
        .expect("run from the crate root")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let n = p.to_string_lossy();
            n.ends_with(".ron") && !n.ends_with(".orders.ron")
        })
        .collect();
    paths.sort();
    for p in paths {
        let name = p.file_stem().unwrap().to_string_lossy().to_string();
        out.push((name, std::fs::read_to_string(&p).unwrap()));
    }
    out
}

/// Times single turns: each measured iteration is one `advance()`; a finished game is replaced
/// by a fresh one (with its orders submitted) outside the timed section.
fn per_turn(c: &mut Criterion, name: &str, scenario: &Scenario, orders: &dyn Fn(&mut Simulation)) {
    c.bench_function(&format!("advance/{name}"), |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            let mut sim = Simulation::new(scenario, 7).unwrap();
            orders(&mut sim);
            for _ in 0..iters {
                if sim.finished() {
                    sim = Simulation::new(scenario, 7).unwrap();
                    orders(&mut sim);
                }
                let t = Instant::now();
                black_box(sim.advance());
                total += t.elapsed();
            }
            total
        })
    });
}

fn bench_shipped(c: &mut Criterion) {
    for (name, text) in shipped() {
        c.bench_function(&format!("load_validate/{name}"), |b| {
            b.iter(|| load_str(&name, black_box(&text)).unwrap())
        });
        let scenario = load_str(&name, &text).unwrap();
        let orders_path = format!("{ROOT}/scenarios/{name}.orders.ron");
        let orders = if std::path::Path::new(&orders_path).exists() {
            cimic_core::orders::load_orders(std::path::Path::new(&orders_path), &scenario).unwrap()
        } else {
            Vec::new()
        };
        // Orders of turn 1 keep units busy from the first measured turn on.
        let first: Vec<Order> = orders
            .iter()
            .filter(|b| b.turn == 1)
            .flat_map(|b| b.orders.clone())
            .collect();
        per_turn(c, &name, &scenario, &|sim| {
            for o in &first {
                let _ = sim.submit(o.clone());
            }
        });
    }
}

/// A 100×100 map with `n` units, `n` sites in power → water → hospital chains, and `n / 2`
/// population groups in 25 districts: the scale a large computer-assisted exercise reaches.
fn synthetic(n: usize) -> Scenario {
    let (w, h) = (100i32, 100i32);
    let districts: Vec<DistrictSpec> = (0..25)
        .map(|d| {
            let (dx, dy) = ((d % 5) * 20, (d / 5) * 20);
            DistrictSpec {
                id: format!("d{d}"),
                name: format!("District {d}"),
                areas: vec![Area::Rect {
                    min: (dx, dy),
                    max: (dx + 19, dy + 19),
                }],
            }
        })
        .collect();
    let pos = |i: usize| ((i as i32 * 7) % w, (i as i32 * 13) % h);
    let district_of = |p: (i32, i32)| format!("d{}", (p.1 / 20) * 5 + p.0 / 20);
    let units = (0..n)
        .map(|i| UnitSpec {
            id: format!("u{i:05}"),
            name: String::new(),
            side: "blue".into(),
            kind: if i % 2 == 0 {
                UnitKind::Engineer
            } else {
                UnitKind::Infantry
            },
            strength: 100.0,
            supplies: 100.0,
            position: pos(i),
            capabilities: None,
            movement: None,
        })
        .collect();
    let infrastructure = (0..n)
        .map(|i| {
            let chain = i / 3;
            let p = pos(i * 3 + 1);
            let (kind, deps) = match i % 3 {
                0 => (InfraKind::PowerPlant, vec![]),
                1 => (InfraKind::WaterPlant, vec![format!("s{:05}", chain * 3)]),
                _ => (
                    InfraKind::Hospital,
                    vec![
                        format!("s{:05}", chain * 3),
                        format!("s{:05}", chain * 3 + 1),
                    ],
                ),
            };
            InfraSpec {
                id: format!("s{i:05}"),
                name: String::new(),
                kind,
                hex: p,
                condition: 0.9,
                capacity: 5000,
                serves: vec![district_of(p)],
                depends_on: deps,
                protected: Some(Protection::None),
                decay: None,
            }
        })
        .collect();
    let population = (0..n / 2)
        .map(|i| PopulationSpec {
            id: format!("p{i:05}"),
            district: format!("d{}", i % 25),
            size: 1000 + (i as u32 % 7) * 500,
            vulnerable_share: 0.3,
            community: String::new(),
            needs: SectorLevels::default(),
            coping: SectorLevels::default(),
            attitudes: Attitudes::default(),
        })
        .collect();
    Scenario {
        format: FORMAT_VERSION,
        meta: Meta {
            id: "synthetic".into(),
            title: "Synthetic".into(),
            briefing: String::new(),
            turn_hours: 24,
            turns: 30,
            start_date: "2026-01-01".into(),
        },
        map: MapSpec {
            width: w as u32,
            height: h as u32,
            terrain: TerrainSpec {
                fill: Terrain::Rural,
                rows: vec![],
                regions: vec![],
            },
            districts,
            roads: vec![],
            rivers: vec![],
        },
        sides: vec![SideSpec {
            id: "blue".into(),
            name: "Blue".into(),
            role: SideRole::Force,
        }],
        units,
        population,
        actors: vec![],
        infrastructure,
        events: vec![],
        objectives: vec![],
        decisions: vec![],
        unrest: UnrestSpec::default(),
        scoring: ScoringWeights::default(),
        lint_allow: Vec::new(),
    }
}

fn bench_synthetic(c: &mut Criterion) {
    for n in [300, 3000] {
        let scenario = synthetic(n);
        per_turn(c, &format!("synthetic_{n}"), &scenario, &|sim| {
            // Every infantry unit marches 20 hexes across the map.
            for u in sim.units() {
                if u.id.ends_with(['1', '3', '5', '7', '9']) {
                    let to = ((u.position.0 + 20) % 100, (u.position.1 + 10) % 100);
                    let _ = sim.submit(Order::Move { unit: u.id, to });
                }
            }
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(Duration::from_secs(3));
    targets = bench_shipped, bench_synthetic
}
criterion_main!(benches);
