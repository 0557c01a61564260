//! Benchmarks of the built-in policies' planning: one turn's orders from `kinetic` and
//! `cimic-first` on every shipped scenario, and on flood relief with 10 and 50 extra care units
//! (medical and logistics, alternating): planning must stay polynomial in the number of units
//! and cost no more than the turn it plans (`advance`, benches/turn.rs).
//!
//! Run: `cargo bench -p cimic-core --bench planning` (release). Medians are quoted in the notes.

/// The repository's root, where `scenarios/` lives.
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

use cimic_core::policy::{self, Policy};
use cimic_core::{Scenario, Simulation, load_str};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

#[path = "../tests/fixtures/care.rs"]
mod care;
use care::flood_with_care;

fn scenario(name: &str) -> Scenario {
    let text = std::fs::read_to_string(format!("{ROOT}/scenarios/{name}.ron")).unwrap();
    load_str(name, &text).unwrap()
}

/// Times one turn's planning by a copy of `policy`, after two turns of it (so that services run
/// and hand-overs are due).
fn plan_turn<P: Policy + Clone>(c: &mut Criterion, label: &str, s: &Scenario, mut policy: P) {
    let mut sim = Simulation::new(s, 3).unwrap();
    for _ in 0..2 {
        policy::command(&mut sim, &mut policy);
        sim.advance();
    }
    c.bench_function(label, |b| {
        b.iter_batched(
            || policy.clone(),
            |mut p| black_box(p.plan(&sim)),
            BatchSize::SmallInput,
        )
    });
}

/// Times the first turn of the game itself, for the ratio planning ÷ turn.
fn advance_turn(c: &mut Criterion, label: &str, s: &Scenario) {
    c.bench_function(label, |b| {
        b.iter_batched(
            || Simulation::new(s, 3).unwrap(),
            |mut sim| black_box(sim.advance()),
            BatchSize::PerIteration,
        )
    });
}

fn bench_planning(c: &mut Criterion) {
    for name in [
        "tutorial",
        "flood_relief",
        "border_camp",
        "epidemic_camp",
        "divided_town",
    ] {
        let s = scenario(name);
        plan_turn(
            c,
            &format!("plan/cimic-first/{name}"),
            &s,
            policy::CimicFirst::default(),
        );
        plan_turn(
            c,
            &format!("plan/kinetic/{name}"),
            &s,
            policy::Kinetic::default(),
        );
        advance_turn(c, &format!("advance1/{name}"), &s);
    }
    for n in [10, 50] {
        let s = flood_with_care(n);
        plan_turn(
            c,
            &format!("plan/cimic-first/flood+{n}care"),
            &s,
            policy::CimicFirst::default(),
        );
        plan_turn(
            c,
            &format!("plan/kinetic/flood+{n}care"),
            &s,
            policy::Kinetic::default(),
        );
        advance_turn(c, &format!("advance1/flood+{n}care"), &s);
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).measurement_time(Duration::from_secs(2));
    targets = bench_planning
}
criterion_main!(benches);
