//! The game behind the windows, and the one place inputs reach it. Widgets and shortcuts only
//! write [`UiCommand`] messages; [`apply_commands`] gives them to the [`Game`] (so they are
//! journaled exactly like the CLI's) and [`finish_turn`] collects a turn played off the frame.
//! Nothing here draws, so the headless test drives these same systems with `MinimalPlugins`.

use bevy::prelude::*;
use bevy::tasks::{AsyncComputeTaskPool, Task, futures::check_ready};
use cimic_core::orders::Order;
use cimic_core::record::game::Game;
use cimic_core::record::replay::{Replay, ReplayError};
use cimic_core::record::{Record, Source};
use cimic_core::scenario::Scenario;
use cimic_core::sim::Simulation;
use cimic_core::sim::facilitator::FacilitatorAction;
use cimic_core::sim::report::TurnReport;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// An input from a widget, a key or a test. The only way the front end changes the game.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum UiCommand {
    /// Stage an order for the coming turn (checked now; a rejection is shown, not staged).
    Submit(Order),
    /// Drop the staged order of a unit.
    Cancel(String),
    /// Choose an option of an open decision point.
    Decide { decision: String, option: String },
    /// A facilitator action (journaled and replayed like an order).
    Facilitate(FacilitatorAction),
    /// Submit the staged orders and play the turn.
    EndTurn,
    /// Stop or allow ending turns (the white cell's pause; not part of the game).
    SetPaused(bool),
    /// After-action review: show the state after this turn.
    Seek(u32),
    /// After-action review: continue the game from the turn shown, as a new journaled game.
    Fork,
}

/// How serious a feedback line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Warning,
    Refused,
}

/// A game being played, or a record being reviewed.
pub enum Mode {
    /// A live game. `game` is `None` while a turn is played off the frame.
    Play { game: Option<Box<Game>> },
    /// After-action review of a record: the state replayed to `turn`.
    Review {
        record: Box<Record>,
        /// The record's file name, for people; a fork's header names it as the parent's file.
        file: String,
        sim: Box<Simulation>,
        turn: u32,
    },
}

/// Everything the windows show and the commands act on.
#[derive(Resource)]
pub struct Session {
    pub mode: Mode,
    /// The scenario (names, events, briefing), parsed from the record's embedded text.
    pub scenario: Scenario,
    /// Orders staged for the coming turn, in the order given (one per unit).
    pub staged: Vec<Order>,
    /// Feedback for the players, newest last.
    pub feedback: Vec<(Tone, String)>,
    /// Reports of the turns played in this window (the results log).
    pub reports: Vec<TurnReport>,
    /// Bumped whenever the state shown changes, so the map redraws only then.
    pub version: u64,
    /// End Turn is refused while paused.
    pub paused: bool,
    /// How long each `Game::advance` took.
    pub advance_times: Vec<Duration>,
    /// Folder where forks and new games write their journals (`None`: no autosave).
    pub autosave_dir: Option<PathBuf>,
}

/// What a turn played off the frame hands back: the game, its report (or the journal's write
/// error) and how long `Game::advance` took.
pub type Played = (Box<Game>, std::io::Result<TurnReport>, Duration);

/// The turn being played off the frame.
#[derive(Resource, Default)]
pub struct Advancing(pub Option<Task<Played>>);

impl Session {
    /// A session over a live game.
    pub fn play(game: Game, autosave_dir: Option<PathBuf>) -> Result<Session, String> {
        let scenario = game.record().scenario().map_err(|e| e.render(false))?;
        // A resumed game: replay once more to show the last turn's log (display only).
        let turn = game.sim().turn();
        let last = (turn > 0)
            .then(|| replay_with_report(game.record(), turn).ok())
            .flatten()
            .and_then(|(_, r)| r);
        let mut session = Session::new(
            Mode::Play {
                game: Some(Box::new(game)),
            },
            scenario,
            autosave_dir,
        );
        session.reports = last.into_iter().collect();
        Ok(session)
    }

    /// A session reviewing a record (read from `file`), shown at its last turn.
    pub fn review(
        record: Record,
        file: &str,
        autosave_dir: Option<PathBuf>,
    ) -> Result<Session, String> {
        let scenario = record.scenario().map_err(|e| e.render(false))?;
        let turn = record.turns.len() as u32;
        let (sim, report) = replay_with_report(&record, turn).map_err(|e| e.to_string())?;
        let mut session = Session::new(
            Mode::Review {
                record: Box::new(record),
                file: file.to_string(),
                sim: Box::new(sim),
                turn,
            },
            scenario,
            autosave_dir,
        );
        session.reports = report.into_iter().collect();
        Ok(session)
    }

    fn new(mode: Mode, scenario: Scenario, autosave_dir: Option<PathBuf>) -> Session {
        Session {
            mode,
            scenario,
            staged: Vec::new(),
            feedback: Vec::new(),
            reports: Vec::new(),
            version: 1,
            paused: false,
            advance_times: Vec::new(),
            autosave_dir,
        }
    }

    /// The simulation shown (`None` only while a turn is being played).
    pub fn sim(&self) -> Option<&Simulation> {
        match &self.mode {
            Mode::Play { game } => game.as_deref().map(Game::sim),
            Mode::Review { sim, .. } => Some(sim),
        }
    }

    /// The live game, if any and not busy.
    pub fn game(&self) -> Option<&Game> {
        match &self.mode {
            Mode::Play { game } => game.as_deref(),
            Mode::Review { .. } => None,
        }
    }

    /// Whether this is an after-action review.
    pub fn reviewing(&self) -> bool {
        matches!(self.mode, Mode::Review { .. })
    }

    /// Whether a turn is being played right now.
    pub fn busy(&self) -> bool {
        matches!(self.mode, Mode::Play { game: None })
    }

    /// The record being reviewed or written.
    pub fn record(&self) -> Option<&Record> {
        match &self.mode {
            Mode::Play { game } => game.as_deref().map(Game::record),
            Mode::Review { record, .. } => Some(record),
        }
    }

    /// Adds a feedback line.
    pub fn say(&mut self, tone: Tone, text: impl Into<String>) {
        self.feedback.push((tone, text.into()));
        let n = self.feedback.len();
        if n > 200 {
            self.feedback.drain(..n - 200);
        }
    }

    /// The staged order of a unit, if any.
    pub fn staged_for(&self, unit: &str) -> Option<&Order> {
        self.staged.iter().find(|o| o.unit() == unit)
    }

    /// A unit's display name from the scenario (its id if it has none).
    pub fn unit_name(&self, id: &str) -> String {
        self.scenario
            .units
            .iter()
            .find(|u| u.id == id && !u.name.is_empty())
            .map_or_else(|| id.to_string(), |u| u.name.clone())
    }

    /// An actor's display name from the scenario (its id if the scenario does not know it).
    pub fn actor_name(&self, id: &str) -> String {
        self.scenario
            .actors
            .iter()
            .find(|a| a.id == id)
            .map_or_else(|| id.to_string(), |a| a.name.clone())
    }
}

/// The next free autosave path in `dir`: `<scenario>-<seed>-<n>.journal`, never an existing file.
pub fn autosave_path(dir: &std::path::Path, scenario_id: &str, seed: u64) -> PathBuf {
    let mut n = 1u32;
    loop {
        let p = dir.join(format!("{scenario_id}-{seed}-{n}.journal"));
        if !p.exists() {
            return p;
        }
        n += 1;
    }
}

/// Starts journaling a game to a fresh autosave file in `dir`; returns the path.
pub fn autosave(game: &mut Game, dir: &std::path::Path) -> Result<PathBuf, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let path = autosave_path(dir, game.sim().scenario_id(), game.record().header.seed);
    game.journal_to(&path)
        .map_err(|e| format!("cannot write the journal {}: {e}", path.display()))?;
    Ok(path)
}

/// Gives every command of this frame to the game, in the order written.
pub fn apply_commands(
    mut commands: MessageReader<UiCommand>,
    mut session: ResMut<Session>,
    mut advancing: ResMut<Advancing>,
) {
    for command in commands.read() {
        apply(command.clone(), &mut session, &mut advancing);
    }
}

fn apply(command: UiCommand, s: &mut Session, advancing: &mut Advancing) {
    match command {
        UiCommand::SetPaused(p) => {
            s.paused = p;
            s.say(
                Tone::Info,
                if p {
                    "Exercise paused by the facilitator"
                } else {
                    "Exercise resumed"
                },
            );
        }
        UiCommand::Seek(turn) => seek(s, turn),
        UiCommand::Fork => fork(s),
        UiCommand::Cancel(unit) => {
            let before = s.staged.len();
            s.staged.retain(|o| o.unit() != unit);
            if s.staged.len() != before {
                let name = s.unit_name(&unit);
                s.say(Tone::Info, format!("Order for {name} cancelled"));
                s.version += 1;
            }
        }
        UiCommand::Submit(order) => {
            let Some(sim) = s.game().map(Game::sim) else {
                return s.say(Tone::Warning, "No live game: orders cannot be given now");
            };
            match cimic_core::orders::check(sim.world(), &order) {
                Ok(_) => {
                    let text = describe(s, &order);
                    s.staged.retain(|o| o.unit() != order.unit());
                    s.staged.push(order);
                    s.say(Tone::Info, format!("Staged: {text}"));
                    s.version += 1;
                }
                Err(reason) => {
                    let text = describe(s, &order);
                    s.say(Tone::Refused, format!("Refused: {text} — {reason}"));
                }
            }
        }
        UiCommand::Decide { decision, option } => {
            let Mode::Play { game: Some(game) } = &mut s.mode else {
                return s.say(Tone::Warning, "No live game: decisions cannot be taken now");
            };
            match game.decide(&decision, &option) {
                Ok(()) => {
                    s.say(Tone::Info, format!("Decision {decision}: {option}"));
                    s.version += 1;
                }
                Err(e) => s.say(Tone::Refused, format!("Decision refused: {e}")),
            }
        }
        UiCommand::Facilitate(action) => {
            let Mode::Play { game: Some(game) } = &mut s.mode else {
                return s.say(Tone::Warning, "No live game: facilitator actions wait");
            };
            let text = format!("{action:?}");
            match game.facilitate(action) {
                Ok(()) => {
                    s.say(Tone::Info, format!("Facilitator (next turn): {text}"));
                    s.version += 1;
                }
                Err(e) => s.say(Tone::Refused, format!("Facilitator action refused: {e}")),
            }
        }
        UiCommand::EndTurn => end_turn(s, advancing),
    }
}

/// One line naming an order for people: "1st Engineer Platoon: repair ald_bridge".
pub fn describe(s: &Session, order: &Order) -> String {
    format!("{}: {}", s.unit_name(order.unit()), order.summary())
}

fn end_turn(s: &mut Session, advancing: &mut Advancing) {
    if s.paused {
        return s.say(Tone::Warning, "Paused by the facilitator: End Turn waits");
    }
    let Mode::Play { game } = &mut s.mode else {
        return s.say(
            Tone::Warning,
            "Reviewing a record: fork (F) to play on from here",
        );
    };
    let Some(mut g) = game.take() else {
        return;
    };
    if g.sim().finished() {
        *game = Some(g);
        return s.say(
            Tone::Info,
            "The exercise is over: every turn has been played",
        );
    }
    let mut refused = Vec::new();
    for order in std::mem::take(&mut s.staged) {
        if let Err(r) = g.submit(order) {
            refused.push(r.to_string());
        }
    }
    for r in refused {
        s.say(Tone::Refused, format!("Refused at End Turn: {r}"));
    }
    let task = AsyncComputeTaskPool::get().spawn(async move {
        let start = Instant::now();
        let report = g.advance();
        (g, report, start.elapsed())
    });
    advancing.0 = Some(task);
    s.version += 1;
}

/// Takes back the game from a turn played off the frame.
pub fn finish_turn(mut session: ResMut<Session>, mut advancing: ResMut<Advancing>) {
    let Some(task) = advancing.0.as_mut() else {
        return;
    };
    let Some((game, result, took)) = check_ready(task) else {
        return;
    };
    advancing.0 = None;
    let s = &mut *session;
    s.advance_times.push(took);
    match result {
        Ok(report) => {
            s.say(
                Tone::Info,
                format!(
                    "Turn {} played in {} ms — state {}",
                    report.turn,
                    took.as_millis(),
                    report.state_hash
                ),
            );
            s.reports.push(report);
        }
        Err(e) => s.say(
            Tone::Refused,
            format!("The journal could not be written, the turn was not played: {e}"),
        ),
    }
    s.mode = Mode::Play { game: Some(game) };
    s.version += 1;
}

fn seek(s: &mut Session, turn: u32) {
    let Mode::Review {
        record,
        sim,
        turn: shown,
        ..
    } = &mut s.mode
    else {
        return;
    };
    let turn = turn.min(record.turns.len() as u32);
    if turn == *shown {
        return;
    }
    match replay_with_report(record, turn) {
        Ok((new, report)) => {
            **sim = new;
            *shown = turn;
            s.reports = report.into_iter().collect();
            s.version += 1;
        }
        Err(e) => s.say(Tone::Refused, format!("Replay failed: {e}")),
    }
}

/// Replays a record's first `turns` turns (checking each recorded hash), keeping the last
/// turn's report so that the review's log shows what happened in the turn shown.
pub fn replay_with_report(
    record: &Record,
    turns: u32,
) -> Result<(Simulation, Option<TurnReport>), ReplayError> {
    let mut replay = Replay::verified(record, turns as usize)?;
    let mut last = None;
    for report in replay.by_ref() {
        last = Some(report?);
    }
    Ok((replay.into_sim(), last))
}

/// Continues the reviewed record from the turn shown as a new game of the players' own, through
/// [`Game::fork`]: the parent's turns are replayed and checked, and the new record names its
/// parent (the file reviewed, when known).
fn fork(s: &mut Session) {
    let Mode::Review {
        record, file, turn, ..
    } = &s.mode
    else {
        return s.say(Tone::Warning, "Fork works in the after-action review");
    };
    let turn = *turn;
    let mut game = match Game::fork(record, file, turn, Source::Manual, &mut |_| {}) {
        Ok(g) => g,
        Err(e) => return s.say(Tone::Refused, format!("Cannot fork: {e}")),
    };
    let mut note = format!("Forked after turn {turn}: a new game, played from here");
    if let Some(dir) = s.autosave_dir.clone() {
        match autosave(&mut game, &dir) {
            Ok(p) => note.push_str(&format!("; journal {}", p.display())),
            Err(e) => note.push_str(&format!("; not journaled: {e}")),
        }
    }
    s.mode = Mode::Play {
        game: Some(Box::new(game)),
    };
    s.staged.clear();
    s.reports.clear();
    s.say(Tone::Info, note);
    s.version += 1;
}

/// The logic of the front end without any window: the session's messages and systems. The
/// windowed app adds drawing on top; the headless test adds only this.
pub struct SessionPlugin;

impl Plugin for SessionPlugin {
    fn build(&self, app: &mut App) {
        app.add_message::<UiCommand>()
            .init_resource::<Advancing>()
            .add_systems(Update, (apply_commands, finish_turn).chain());
    }
}
