//! `cimic batch`, `cimic batch merge` and `cimic design`: experiment designs run as many games
//! (docs/analysis.md). The designs, overrides, games and tables live in the library
//! (`cimic_core::batch`); this module reads the files, picks the shard, shows progress and writes
//! the results as Parquet or CSV, atomically.

use super::error::{CliError, CliResult};
use super::output::{refuse_existing, write_atomically, write_bytes_atomically};
use super::review::progress_bar;
use cimic_core::batch::design::{self, Decisions};
use cimic_core::batch::generate::{self, Common, Factor, Range};
use cimic_core::batch::shard::Shard;
use cimic_core::batch::table::{self, Table};
use cimic_core::batch::{BatchError, Plan};
use std::path::{Path, PathBuf};

/// `cimic batch`: a design run, or a merge of shard outputs.
#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct BatchArgs {
    #[command(subcommand)]
    merge: Option<MergeCommand>,
    /// The design (.csv or .ron; docs/analysis.md).
    design: Option<PathBuf>,
    /// Results, one row per game: `.parquet` or `.csv`.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Also the per-turn series, one row per game and turn: `.parquet` or `.csv`.
    #[arg(long)]
    series: Option<PathBuf>,
    /// Run shard I of N (rows whose position mod N is I−1). Default: from SLURM_ARRAY_TASK_ID and
    /// SLURM_ARRAY_TASK_COUNT, or JOB_COMPLETION_INDEX and CIMIC_SHARD_COUNT, else the whole design.
    #[arg(long)]
    shard: Option<String>,
    /// Threads (default: one per core). The results do not depend on it.
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Replace the output files if they exist.
    #[arg(long)]
    force: bool,
}

/// `cimic batch merge`.
#[derive(clap::Subcommand)]
enum MergeCommand {
    /// Join shard outputs of one design into the table an unsharded run writes; refuses a row
    /// missing or found twice.
    Merge {
        /// The shards' outputs (.parquet or .csv), all per-game or all per-turn tables.
        #[arg(required = true)]
        shards: Vec<PathBuf>,
        /// The merged table: `.parquet` or `.csv`.
        #[arg(long)]
        out: PathBuf,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
}

/// The formats a table is written in, by the file's extension.
#[derive(Clone, Copy, PartialEq)]
enum Format {
    Parquet,
    Csv,
}

fn format_of(path: &Path) -> CliResult<Format> {
    match path.extension().and_then(|e| e.to_str()) {
        Some("parquet") => Ok(Format::Parquet),
        Some("csv") => Ok(Format::Csv),
        _ => Err(CliError::usage(format!(
            "{}: name the output .parquet or .csv",
            path.display()
        ))
        .hint("the extension picks the format")),
    }
}

fn failed(e: BatchError) -> CliError {
    CliError::invalid(e.0.trim_end().to_string())
}

/// Writes a table in the format its name asks for.
fn write_table(path: &Path, t: &Table, force: bool) -> CliResult {
    match format_of(path)? {
        Format::Csv => write_atomically(path, &t.to_csv(), force),
        Format::Parquet => {
            let bytes = super::parquet::to_parquet(t)
                .map_err(|m| CliError::invalid(m).at(path.display()))?;
            write_bytes_atomically(path, &bytes, force)
        }
    }
}

/// Reads a table `cimic batch` wrote.
fn read_table(path: &Path) -> CliResult<Table> {
    match format_of(path)? {
        Format::Parquet => super::parquet::from_parquet(path).map_err(CliError::invalid),
        Format::Csv => {
            let text = cimic_core::scenario::load::read_text(path)?;
            Table::from_csv(&path.display().to_string(), &text).map_err(failed)
        }
    }
}

/// The shard to run: `--shard`, else the scheduler's environment, else all rows.
fn shard(flag: Option<&str>) -> CliResult<Shard> {
    if let Some(s) = flag {
        return Shard::parse(s).map_err(CliError::usage);
    }
    let env = |k: &str| std::env::var(k).ok();
    Ok(Shard::from_env(&env)
        .map_err(|m| CliError::usage(m).hint("give --shard I/N to override the environment"))?
        .unwrap_or(Shard::ALL))
}

/// `cimic batch …`.
pub fn batch_cmd(args: &BatchArgs) -> CliResult {
    if let Some(MergeCommand::Merge { shards, out, force }) = &args.merge {
        return merge_cmd(shards, out, *force);
    }
    let (Some(design_path), Some(out)) = (&args.design, &args.out) else {
        return Err(CliError::usage(
            "give a design and --out RESULTS (or `cimic batch merge`)",
        ));
    };
    format_of(out)?;
    refuse_existing(out, args.force)?;
    if let Some(s) = &args.series {
        format_of(s)?;
        refuse_existing(s, args.force)?;
    }
    let shard = shard(args.shard.as_deref())?;
    let started = std::time::Instant::now();
    let text = cimic_core::scenario::load::read_text(design_path)?;
    let design = design::parse(&design_path.display().to_string(), &text)?;
    let plan = Plan::new(design).map_err(failed)?;
    let rows = shard.rows(plan.design().rows.len());
    let bar = progress_bar(rows.len() as u64, &format!("games (shard {shard})"));
    let first = std::sync::OnceLock::new();
    let results = cimic_core::batch::in_pool(args.threads, || {
        plan.run(&rows, args.series.is_some(), &|| {
            first.get_or_init(|| started.elapsed());
            bar.inc(1)
        })
    })
    .map_err(failed)?;
    bar.finish_and_clear();
    let results = results.map_err(failed)?;
    write_table(out, &Table::games(plan.design(), &results), args.force)?;
    if let Some(s) = &args.series {
        write_table(s, &Table::series(plan.design(), &results), args.force)?;
    }
    eprintln!(
        "{} games (shard {shard} of a {}-row design) in {:.2} s, first game after {:.3} s; results in {}",
        results.len(),
        plan.design().rows.len(),
        started.elapsed().as_secs_f64(),
        first.get().map_or(0.0, |d| d.as_secs_f64()),
        out.display()
    );
    Ok(())
}

/// `cimic batch merge SHARD… --out FILE`.
fn merge_cmd(shards: &[PathBuf], out: &Path, force: bool) -> CliResult {
    format_of(out)?;
    refuse_existing(out, force)?;
    let tables = shards
        .iter()
        .map(|p| Ok((p.display().to_string(), read_table(p)?)))
        .collect::<CliResult<Vec<_>>>()?;
    let merged = table::merge(&tables).map_err(failed)?;
    write_table(out, &merged, force)?;
    eprintln!(
        "{} rows from {} outputs in {}",
        merged.rows(),
        shards.len(),
        out.display()
    );
    Ok(())
}

/// `cimic design`: a generated design.
#[derive(clap::Args)]
pub struct DesignArgs {
    /// Scenario files (each crossed with everything else).
    #[arg(long = "scenario", required = true)]
    scenarios: Vec<String>,
    /// Seeds: a list and ranges, e.g. `1..100` or `1,5,9..12` (ranges include both ends).
    #[arg(long, default_value = "1")]
    seeds: String,
    /// Built-in policies for the force (each crossed with everything else).
    #[arg(long = "policy")]
    policies: Vec<String>,
    /// Orders files for the force.
    #[arg(long = "orders")]
    orders: Vec<String>,
    /// Play up to this turn (default: the scenario's last).
    #[arg(long)]
    turns: Option<u32>,
    /// Full factorial: PATH=LEVEL,LEVEL,… (repeatable).
    #[arg(long = "factor", conflicts_with_all = ["ranges", "lhs"])]
    factors: Vec<String>,
    /// Latin hypercube: this many samples over the --range parameters.
    #[arg(long, requires = "ranges")]
    lhs: Option<usize>,
    /// A range for the hypercube: PATH=LOW:HIGH, or PATH=LOW:HIGH:int (repeatable).
    #[arg(long = "range", requires = "lhs")]
    ranges: Vec<String>,
    /// Seed of the hypercube's draws (not of the games).
    #[arg(long, default_value_t = 1)]
    sample_seed: u64,
    /// The design file to write (.csv).
    #[arg(long)]
    out: PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    force: bool,
}

/// Reads `1-5,9` into seeds (1 to 5 inclusive, and 9); `1..5` is read the same way.
pub fn parse_seeds(text: &str) -> Result<Vec<u64>, String> {
    let mut out = Vec::new();
    for part in text.split(',') {
        let bad = || {
            format!(
                "--seeds {text}: write seeds and ranges like 1-100 (seeds 1 to 100) or 1,5,9-12"
            )
        };
        match part.split_once("..").or_else(|| part.split_once('-')) {
            Some((a, b)) => {
                let (a, b): (u64, u64) = (
                    a.trim().parse().map_err(|_| bad())?,
                    b.trim().parse().map_err(|_| bad())?,
                );
                if b < a
                    || b - a >= design::MAX_ROWS as u64
                    || out.len() + ((b - a) as usize) >= design::MAX_ROWS
                {
                    return Err(bad());
                }
                out.extend(a..=b);
            }
            None => out.push(part.trim().parse().map_err(|_| bad())?),
        }
    }
    Ok(out)
}

/// `cimic design …`.
pub fn design_cmd(args: &DesignArgs) -> CliResult {
    let mut decisions: Vec<Decisions> = args
        .policies
        .iter()
        .cloned()
        .map(Decisions::Policy)
        .collect();
    decisions.extend(args.orders.iter().cloned().map(Decisions::Orders));
    if decisions.is_empty() {
        decisions.push(Decisions::Holds);
    }
    let common = Common {
        scenarios: args.scenarios.clone(),
        decisions,
        seeds: parse_seeds(&args.seeds).map_err(CliError::usage)?,
        turns: args.turns,
    };
    let rows = match args.lhs {
        Some(n) => {
            let ranges = args
                .ranges
                .iter()
                .map(|r| Range::parse(r))
                .collect::<Result<Vec<_>, _>>()
                .map_err(CliError::usage)?;
            generate::latin_hypercube(&common, &ranges, n, args.sample_seed)
        }
        None => {
            let factors = args
                .factors
                .iter()
                .map(|f| Factor::parse(f))
                .collect::<Result<Vec<_>, _>>()
                .map_err(CliError::usage)?;
            generate::factorial(&common, &factors)
        }
    }
    .map_err(CliError::usage)?;
    let text = design::to_csv(&rows);
    // The design is checked as `cimic batch` will check it: files, overrides, policies.
    let parsed = design::parse(&args.out.display().to_string(), &text)?;
    Plan::new(parsed).map_err(failed)?;
    write_atomically(&args.out, &text, args.force)?;
    eprintln!("{} rows in {}", rows.len(), args.out.display());
    Ok(())
}
