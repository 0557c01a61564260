//! Runs the pure Epstein civil-violence model (`cimic_core::epstein`) over several seeds: the runner
//! behind `scripts/epstein_compare.py` and our throughput figure against Mesa.
//!
//! ```text
//! cargo run --release --example epstein_pure -- --seeds 10 --steps 200          # table
//! cargo run --release --example epstein_pure -- --seeds 10 --steps 200 --json   # time series
//! ```
//!
//! Parameters default to Mesa 3.3.1's; any of them can be overridden (`--legitimacy 0.7`, …).
//! Seed `s` plays with `cimic_core::epstein::seed_rng(s)`; seeds run one after another on one thread,
//! and the steps per second count only the stepping, not building the worlds.

use cimic_core::epstein::{EpsteinCounts, EpsteinParams, EpsteinWorld, seed_rng};
use clap::Parser;
use serde::Serialize;
use std::process::ExitCode;
use std::time::Instant;

/// Command line: run size, output form, and optional overrides of the model's parameters.
#[derive(Parser, Debug)]
#[command(about = "Run the pure Epstein civil-violence model over several seeds")]
struct Args {
    /// Number of seeds (runs)
    #[arg(long, default_value_t = 10)]
    seeds: u64,
    /// First seed; runs use first-seed, first-seed + 1, …
    #[arg(long, default_value_t = 0)]
    first_seed: u64,
    /// Steps per run
    #[arg(long, default_value_t = 200)]
    steps: usize,
    /// Print machine-readable time series per seed instead of the table
    #[arg(long)]
    json: bool,
    /// Grid width (default 40)
    #[arg(long)]
    width: Option<u32>,
    /// Grid height (default 40)
    #[arg(long)]
    height: Option<u32>,
    /// Citizen density (default 0.7)
    #[arg(long)]
    citizen_density: Option<f64>,
    /// Cop density (default 0.074)
    #[arg(long)]
    cop_density: Option<f64>,
    /// Citizens' vision radius (default 7)
    #[arg(long)]
    citizen_vision: Option<u32>,
    /// Cops' vision radius (default 7)
    #[arg(long)]
    cop_vision: Option<u32>,
    /// Regime legitimacy L (default 0.8)
    #[arg(long)]
    legitimacy: Option<f64>,
    /// Longest jail term in steps (default 1000)
    #[arg(long)]
    max_jail_term: Option<u32>,
    /// Activation threshold (default 0.1)
    #[arg(long)]
    active_threshold: Option<f64>,
    /// Arrest-probability constant k (default 2.3)
    #[arg(long)]
    arrest_prob_constant: Option<f64>,
    /// Switch movement off
    #[arg(long)]
    no_movement: bool,
}

impl Args {
    fn params(&self) -> EpsteinParams {
        let d = EpsteinParams::default();
        EpsteinParams {
            width: self.width.unwrap_or(d.width),
            height: self.height.unwrap_or(d.height),
            citizen_density: self.citizen_density.unwrap_or(d.citizen_density),
            cop_density: self.cop_density.unwrap_or(d.cop_density),
            citizen_vision: self.citizen_vision.unwrap_or(d.citizen_vision),
            cop_vision: self.cop_vision.unwrap_or(d.cop_vision),
            legitimacy: self.legitimacy.unwrap_or(d.legitimacy),
            max_jail_term: self.max_jail_term.unwrap_or(d.max_jail_term),
            active_threshold: self.active_threshold.unwrap_or(d.active_threshold),
            arrest_prob_constant: self.arrest_prob_constant.unwrap_or(d.arrest_prob_constant),
            movement: !self.no_movement && d.movement,
        }
    }
}

/// One seed's run: counts after set-up (index 0) and after every step, as Mesa's datacollector.
#[derive(Serialize)]
struct Series {
    seed: u64,
    citizens: usize,
    cops: usize,
    active: Vec<u32>,
    quiet: Vec<u32>,
    jailed: Vec<u32>,
}

/// The `--json` document.
#[derive(Serialize)]
struct Output {
    model: &'static str,
    params: EpsteinParams,
    seeds: u64,
    steps: usize,
    /// Seconds spent stepping (all seeds), world construction excluded.
    step_seconds: f64,
    steps_per_second: f64,
    agent_steps_per_second: f64,
    series: Vec<Series>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let params = args.params();
    if let Err(e) = params.validate() {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    let mut series = Vec::new();
    let mut step_seconds = 0.0;
    let mut agent_steps = 0u64;
    for seed in args.first_seed..args.first_seed + args.seeds {
        let mut rng = seed_rng(seed);
        let mut world = match EpsteinWorld::new(params.clone(), &mut rng) {
            Ok(w) => w,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        };
        let mut counts: Vec<EpsteinCounts> = Vec::with_capacity(args.steps + 1);
        counts.push(world.counts());
        let start = Instant::now();
        for _ in 0..args.steps {
            world.step(&mut rng);
            counts.push(world.counts());
        }
        step_seconds += start.elapsed().as_secs_f64();
        agent_steps += (world.citizen_count() + world.cop_count()) as u64 * args.steps as u64;
        series.push(Series {
            seed,
            citizens: world.citizen_count(),
            cops: world.cop_count(),
            active: counts.iter().map(|c| c.active).collect(),
            quiet: counts.iter().map(|c| c.quiet).collect(),
            jailed: counts.iter().map(|c| c.jailed).collect(),
        });
    }
    let total_steps = args.seeds as f64 * args.steps as f64;
    let rate = |n: f64| {
        if step_seconds > 0.0 {
            n / step_seconds
        } else {
            0.0
        }
    };
    let out = Output {
        model: "cimic_core::epstein",
        params,
        seeds: args.seeds,
        steps: args.steps,
        step_seconds,
        steps_per_second: rate(total_steps),
        agent_steps_per_second: rate(agent_steps as f64),
        series,
    };
    if args.json {
        match serde_json::to_string(&out) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
        return ExitCode::SUCCESS;
    }
    let n = out.series.len().max(1) as f64;
    let mean = |f: &dyn Fn(&Series) -> u32| out.series.iter().map(f).sum::<u32>() as f64 / n;
    println!(
        "step  mean_active  mean_quiet  mean_jailed   (over {} seeds)",
        out.seeds
    );
    for t in 0..=args.steps {
        println!(
            "{t:4}  {:11.2}  {:10.2}  {:11.2}",
            mean(&|s| s.active[t]),
            mean(&|s| s.quiet[t]),
            mean(&|s| s.jailed[t])
        );
    }
    println!(
        "{:.0} steps/s, {:.0} agent-steps/s ({} seeds x {} steps in {:.3} s of stepping)",
        out.steps_per_second, out.agent_steps_per_second, out.seeds, out.steps, out.step_seconds
    );
    ExitCode::SUCCESS
}
