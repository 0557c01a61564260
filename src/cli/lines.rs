//! The lines of play an author compares a scenario under (`lint`, `balance`, `map --turn`): each
//! built-in policy, and the scenario's own orders file. A game is played as `cimic run` plays it —
//! a recorded [`Game`] driven by the same [`Driver`] — so that the numbers an author sees are the
//! numbers a run of the same line and seed prints.

use super::error::{CliError, CliResult};
use super::play::{Driver, source};
use cimic_core::record::Source;
use cimic_core::record::game::Game;
use cimic_core::sim::Simulation;
use cimic_core::sim::report::TurnReport;
use std::path::{Path, PathBuf};

/// One line of play: its label in tables and messages, and where its decisions come from.
#[derive(Debug, Clone)]
pub struct Line {
    pub label: String,
    pub source: Source,
}

/// The orders file that belongs to a scenario `NAME.ron`: `NAME.orders.ron` beside it, if it
/// exists.
pub fn orders_beside(scenario: &Path) -> Option<PathBuf> {
    let stem = scenario.file_name()?.to_str()?.strip_suffix(".ron")?;
    let path = scenario.with_file_name(format!("{stem}.orders.ron"));
    path.is_file().then_some(path)
}

/// The built-in policies (passive, kinetic, cimic-first), then the orders file `orders` or, if
/// none is given, the one beside the scenario.
pub fn lines(scenario: &Path, orders: Option<&Path>) -> CliResult<Vec<Line>> {
    let mut out: Vec<Line> = cimic_core::policy::NAMES
        .iter()
        .map(|p| Line {
            label: (*p).to_string(),
            source: Source::Policy((*p).to_string()),
        })
        .collect();
    let orders = orders
        .map(Path::to_path_buf)
        .or_else(|| orders_beside(scenario));
    if let Some(path) = orders {
        let label = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into(),
        );
        out.push(Line {
            label,
            source: source(Some(&path), None)?,
        });
    }
    Ok(out)
}

/// What a finished game reports besides what its observer kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Played {
    /// Orders and decisions the game refused.
    pub refused: usize,
}

/// Plays one game of the scenario text to turn `until` (or the end) with the line's decisions;
/// `observe` sees the state at turn 0 (no report) and after every turn. The game is returned
/// for whoever needs its final state.
pub fn play(
    name: &str,
    text: &str,
    seed: u64,
    line: &Line,
    until: Option<u32>,
    observe: &mut dyn FnMut(&Simulation, Option<&TurnReport>),
) -> CliResult<(Game, Played)> {
    let mut game = Game::new(name, text, seed, line.source.clone())?;
    let scenario = game.record().scenario()?;
    let mut driver = Driver::from_source(&line.source, &scenario)?;
    let until = until.unwrap_or(game.sim().turns()).min(game.sim().turns());
    observe(game.sim(), None);
    let mut played = Played::default();
    while game.sim().turn() < until {
        played.refused += driver.command(&mut game).len();
        let report = game
            .advance()
            .map_err(|e| CliError::invalid(format!("the game stopped: {e}")))?;
        observe(game.sim(), Some(&report));
    }
    Ok((game, played))
}

/// Runs `game` for every line and each seed 1..=`seeds`, in parallel, with a progress bar on a
/// terminal; results come back in line order, then seed order, whatever the number of threads.
pub fn each_game<T: Send>(
    lines: &[Line],
    seeds: u32,
    what: &str,
    game: &(dyn Fn(&Line, u64) -> CliResult<T> + Sync),
) -> CliResult<Vec<T>> {
    use rayon::prelude::*;
    let jobs: Vec<(&Line, u64)> = lines
        .iter()
        .flat_map(|l| (1..=u64::from(seeds)).map(move |s| (l, s)))
        .collect();
    let bar = super::review::progress_bar(jobs.len() as u64, what);
    let out = jobs
        .par_iter()
        .map(|&(l, s)| {
            let r = game(l, s);
            bar.inc(1);
            r
        })
        .collect::<CliResult<Vec<T>>>();
    bar.finish_and_clear();
    out
}

/// Refuses a seed count outside 1..=`max` before any game is played.
pub fn check_seeds(seeds: u32, max: u32) -> CliResult {
    if seeds == 0 || seeds > max {
        return Err(CliError::usage(format!(
            "--seeds {seeds}: give from 1 to {max} seeds"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_orders_file_beside_a_scenario_is_found_and_named_after_the_policies() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let flood = root.join("scenarios/flood_relief.ron");
        let l = lines(&flood, None).unwrap();
        let labels: Vec<&str> = l.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "passive",
                "kinetic",
                "cimic-first",
                "flood_relief.orders.ron"
            ]
        );
        assert!(orders_beside(&root.join("scenarios/none.ron")).is_none());
    }
}
