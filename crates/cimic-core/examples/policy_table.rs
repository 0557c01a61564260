//! Scores of each built-in policy on each shipped scenario over seeds 1..=N (default 12), as a
//! table of means ± standard deviations and harm by origin: the numbers behind the
//! face-validity test. `cargo run --release --example policy_table [N]`.

/// The repository's root, where `scenarios/` lives.
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

use cimic_core::policy::{NAMES, by_name, command};
use cimic_core::sim::scoring::summary::summarise;
use cimic_core::{Simulation, load_file};
use std::collections::BTreeMap;
use std::path::Path;

fn main() {
    let seeds: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(12);
    for scenario in ["tutorial", "flood_relief"] {
        let s = load_file(Path::new(&format!("{ROOT}/scenarios/{scenario}.ron"))).unwrap();
        println!("\n{scenario} ({seeds} seeds)");
        println!(
            "{:<12} {:>16} {:>16} {:>16}  harm by origin (mean)",
            "policy", "effectiveness", "efficiency", "civil harm"
        );
        for name in NAMES {
            let mut cols = [Vec::new(), Vec::new(), Vec::new()];
            let mut origins: BTreeMap<String, f64> = BTreeMap::new();
            for seed in 1..=seeds {
                let mut sim = Simulation::new(&s, seed).unwrap();
                let mut p = by_name(name).unwrap();
                while !sim.finished() {
                    command(&mut sim, p.as_mut());
                    sim.advance();
                }
                let sc = sim.scores();
                cols[0].push(sc.effectiveness);
                cols[1].push(sc.efficiency);
                cols[2].push(sc.civil_harm);
                for (o, v) in summarise(sim.ledger(), sim.turn(), 0).civil_harm_by_origin {
                    *origins.entry(format!("{o:?}")).or_default() += v / seeds as f64;
                }
            }
            let ms = |v: &[f64]| {
                let n = v.len() as f64;
                let m = v.iter().sum::<f64>() / n;
                let sd = (v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1.0)).sqrt();
                format!("{m:>8.2} ± {sd:<5.2}")
            };
            let o: Vec<String> = origins.iter().map(|(k, v)| format!("{k} {v:.1}")).collect();
            println!(
                "{name:<12} {:>16} {:>16} {:>16}  {}",
                ms(&cols[0]),
                ms(&cols[1]),
                ms(&cols[2]),
                o.join(", ")
            );
        }
    }
}
