//! The GUI's logic without a window: orders, decisions and facilitator actions are written as the
//! same `UiCommand` messages the buttons and shortcuts write, the same systems apply them to the
//! `Game`, and the journal the GUI writes replays to the same state hashes as a CLI run.

#![cfg(feature = "gui")]

use bevy::prelude::*;
use cimic_core::orders::{Order, load_orders};
use cimic_core::record::game::Game;
use cimic_core::record::{Record, Source};
use cimic_core::sim::facilitator::FacilitatorAction;
use cimic_gui::composer::{self, Composer, OrderKind};
use cimic_gui::session::{Session, SessionPlugin, Tone, UiCommand};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_cimic");
const TUTORIAL: &str = "scenarios/tutorial.ron";
const ORDERS: &str = "scenarios/tutorial.orders.ron";

fn dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("cimic-gui-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A headless app holding a new journaled game of the tutorial.
fn app(seed: u64, journal: &Path) -> App {
    let text = std::fs::read_to_string(TUTORIAL).unwrap();
    let mut game = Game::new(TUTORIAL, &text, seed, Source::Manual).unwrap();
    game.journal_to(journal).unwrap();
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .add_plugins(SessionPlugin)
        .insert_resource(Session::play(game, None).unwrap());
    app.update();
    app
}

fn send(app: &mut App, command: UiCommand) {
    app.world_mut().write_message(command);
    app.update();
}

fn turn(app: &App) -> Option<u32> {
    app.world().resource::<Session>().sim().map(|s| s.turn())
}

/// Ends the turn through the message End Turn writes, and waits for the turn played off the frame.
fn end_turn(app: &mut App) {
    let before = turn(app).expect("a game between turns");
    send(app, UiCommand::EndTurn);
    for _ in 0..2000 {
        if turn(app) == Some(before + 1) {
            return;
        }
        std::thread::sleep(Duration::from_millis(2));
        app.update();
    }
    panic!("turn {} was not played", before + 1);
}

fn refused(app: &App) -> Vec<String> {
    app.world()
        .resource::<Session>()
        .feedback
        .iter()
        .filter(|(t, _)| *t == Tone::Refused)
        .map(|(_, s)| s.clone())
        .collect()
}

fn cli_journal(seed: u64, journal: &Path) {
    let out = Command::new(BIN)
        .args([
            "run",
            TUTORIAL,
            "--seed",
            &seed.to_string(),
            "--orders",
            ORDERS,
        ])
        .arg("--journal")
        .arg(journal)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_game_played_through_ui_commands_journals_what_the_cli_journals() {
    let d = dir("cli");
    let (cli, gui) = (d.join("cli.journal"), d.join("gui.journal"));
    cli_journal(7, &cli);

    let mut app = app(7, &gui);
    let scenario = app.world().resource::<Session>().scenario.clone();
    let orders = load_orders(Path::new(ORDERS), &scenario).unwrap();
    let turns = scenario.meta.turns;
    for t in 1..=turns {
        for batch in orders.iter().filter(|b| b.turn == t) {
            for o in &batch.orders {
                send(&mut app, UiCommand::Submit(o.clone()));
            }
        }
        end_turn(&mut app);
    }
    assert!(refused(&app).is_empty(), "{:?}", refused(&app));
    assert_eq!(turn(&app), Some(turns));
    let times = &app.world().resource::<Session>().advance_times;
    eprintln!("Game::advance per turn (tutorial): {times:?}");

    let (cli, _) = Record::load(&cli).unwrap();
    let (gui, _) = Record::load(&gui).unwrap();
    assert_eq!(gui.outcomes.len(), turns as usize);
    for (c, g) in cli.outcomes.iter().zip(&gui.outcomes) {
        assert_eq!(c.state_hash, g.state_hash, "turn {}", c.turn);
    }
    for (c, g) in cli.turns.iter().zip(&gui.turns) {
        assert_eq!(c.orders, g.orders, "orders of turn {}", c.turn);
    }
    cimic_core::record::replay::verify(&gui).expect("the GUI's journal replays");
}

#[test]
fn a_refused_order_is_explained_and_not_staged_and_a_cancelled_one_is_dropped() {
    let d = dir("refuse");
    let mut app = app(1, &d.join("g.journal"));
    // The infantry cannot repair: refused with the reason, nothing staged.
    send(
        &mut app,
        UiCommand::Submit(Order::Repair {
            unit: "inf1".into(),
            target: "ald_bridge".into(),
        }),
    );
    let r = refused(&app);
    assert_eq!(r.len(), 1);
    assert!(r[0].contains("no repair capability"), "{}", r[0]);
    assert!(app.world().resource::<Session>().staged.is_empty());
    // A good order is staged; a second for the same unit replaces it; cancel drops it.
    for to in [(4, 3), (4, 4)] {
        send(
            &mut app,
            UiCommand::Submit(Order::Move {
                unit: "eng1".into(),
                to,
            }),
        );
    }
    assert_eq!(
        app.world().resource::<Session>().staged,
        vec![Order::Move {
            unit: "eng1".into(),
            to: (4, 4)
        }]
    );
    send(&mut app, UiCommand::Cancel("eng1".into()));
    assert!(app.world().resource::<Session>().staged.is_empty());
    // Paused: End Turn waits.
    send(&mut app, UiCommand::SetPaused(true));
    send(&mut app, UiCommand::EndTurn);
    assert_eq!(turn(&app), Some(0));
    send(&mut app, UiCommand::SetPaused(false));
    end_turn(&mut app);
}

#[test]
fn decisions_and_facilitator_actions_go_through_the_game_and_replay() {
    let d = dir("facilitate");
    let journal = d.join("g.journal");
    let mut app = app(3, &journal);
    send(
        &mut app,
        UiCommand::Facilitate(FacilitatorAction::Bookmark {
            label: "start".into(),
        }),
    );
    send(
        &mut app,
        UiCommand::Facilitate(FacilitatorAction::TriggerEvent {
            event: "storm".into(),
        }),
    );
    end_turn(&mut app);
    // The storm opened the clinic decision: choose through the dialog's message.
    let open = app
        .world()
        .resource::<Session>()
        .sim()
        .unwrap()
        .open_decisions();
    assert_eq!(open.len(), 1, "{open:?}");
    send(
        &mut app,
        UiCommand::Decide {
            decision: open[0].id.clone(),
            option: "evacuate".into(),
        },
    );
    end_turn(&mut app);
    assert!(refused(&app).is_empty(), "{:?}", refused(&app));

    // The same inputs given to a Game directly give the same hashes.
    let text = std::fs::read_to_string(TUTORIAL).unwrap();
    let mut game = Game::new(TUTORIAL, &text, 3, Source::Manual).unwrap();
    game.facilitate(FacilitatorAction::Bookmark {
        label: "start".into(),
    })
    .unwrap();
    game.facilitate(FacilitatorAction::TriggerEvent {
        event: "storm".into(),
    })
    .unwrap();
    game.advance().unwrap();
    game.decide(&open[0].id, "evacuate").unwrap();
    let expected = game.advance().unwrap().state_hash;
    let (gui, _) = Record::load(&journal).unwrap();
    assert_eq!(gui.outcomes[1].state_hash, expected);
    assert_eq!(
        gui.turns[1].decisions,
        vec![(open[0].id.clone(), "evacuate".to_string())]
    );
}

/// Every order of the tutorial's line of play can be given with the mouse alone: select the unit,
/// click the order's button, click its target on the map (or the actor's button).
#[test]
fn the_tutorial_line_of_play_is_reachable_by_clicks() {
    let d = dir("clicks");
    let mut app = app(7, &d.join("g.journal"));
    let scenario = app.world().resource::<Session>().scenario.clone();
    let orders = load_orders(Path::new(ORDERS), &scenario).unwrap();
    for t in 1..=scenario.meta.turns {
        for batch in orders.iter().filter(|b| b.turn == t) {
            for o in &batch.orders {
                let clicked = by_clicks(&app, o);
                assert_eq!(clicked.as_ref(), Some(o), "turn {t}");
                send(&mut app, UiCommand::Submit(clicked.unwrap()));
            }
        }
        end_turn(&mut app);
    }
    assert!(refused(&app).is_empty(), "{:?}", refused(&app));
}

/// The order the composer builds from the clicks a trainee would make for `o`.
fn by_clicks(app: &App, o: &Order) -> Option<Order> {
    let session = app.world().resource::<Session>();
    let sim = session.sim()?;
    let unit = sim.units().into_iter().find(|u| u.id == o.unit())?;
    let site_hex = |id: &str| {
        sim.infrastructure()
            .into_iter()
            .find(|s| s.id == id)
            .map(|s| s.hex)
    };
    let district_hex = |id: &str| {
        let d = scenario_district(session, id)?;
        (0..sim.map().len())
            .map(|i| sim.map().pos_of(i))
            .find(|&p| sim.map().district_at(p) == Some(d))
    };
    let mut c = Composer {
        unit: Some(unit.id.clone()),
        ..Composer::default()
    };
    let (kind, click) = match o {
        Order::Move { to, .. } => (OrderKind::Move, Some(*to)),
        Order::Repair { target, .. } => (OrderKind::Repair, site_hex(target)),
        Order::Assess { district, .. } => (OrderKind::Assess, district_hex(district)),
        Order::Patrol { district, .. } => (OrderKind::Patrol, district_hex(district)),
        Order::Liaise { actor, .. } | Order::SupportAuthority { actor, .. } => {
            let kind = if matches!(o, Order::Liaise { .. }) {
                OrderKind::Liaise
            } else {
                OrderKind::SupportAuthority
            };
            let district = composer::district_at(session, unit.position)?;
            return composer::actor_order(kind, &unit.id, actor, &district);
        }
        _ => return None,
    };
    assert!(
        unit.capabilities.contains(&kind.capability()?),
        "the button is offered"
    );
    c.kind = Some(kind);
    match composer::on_map_click(session, &mut c, click?)? {
        UiCommand::Submit(order) => Some(order),
        _ => None,
    }
}

fn scenario_district(session: &Session, id: &str) -> Option<u16> {
    session
        .scenario
        .map
        .districts
        .iter()
        .position(|d| d.id == id)
        .map(|i| i as u16)
}

/// The full-sized exercise played through End Turn alone: every turn comes back from the task
/// pool with its report, and the time of each `Game::advance` is kept (printed for the docs).
#[test]
fn flood_relief_turns_come_back_from_off_the_frame() {
    let text = std::fs::read_to_string("scenarios/flood_relief.ron").unwrap();
    let game = Game::new("scenarios/flood_relief.ron", &text, 1, Source::Manual).unwrap();
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .add_plugins(SessionPlugin)
        .insert_resource(Session::play(game, None).unwrap());
    app.update();
    let turns = app.world().resource::<Session>().sim().unwrap().turns();
    for _ in 0..turns {
        end_turn(&mut app);
    }
    let session = app.world().resource::<Session>();
    assert_eq!(session.reports.len(), turns as usize);
    assert_eq!(session.advance_times.len(), turns as usize);
    eprintln!(
        "Game::advance per turn (flood relief): {:?}",
        session.advance_times
    );
}

/// After-action review: Seek replays the record to a turn (its recorded hash), Fork turns the
/// turn shown into a live game that plays on through End Turn; the fork's journal names its
/// parent (`cimic diff` finds it) and replays on its own.
#[test]
fn review_seeks_to_recorded_turns_and_forks_a_live_game() {
    let d = dir("review");
    let record = d.join("game.record");
    let out = Command::new(BIN)
        .args([
            "run", TUTORIAL, "--seed", "7", "--orders", ORDERS, "--record",
        ])
        .arg(&record)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (rec, _) = Record::load(&record).unwrap();
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .add_plugins(SessionPlugin)
        .insert_resource(
            Session::review(rec.clone(), "game.record", Some(d.join("saves"))).unwrap(),
        );
    app.update();
    assert_eq!(turn(&app), Some(rec.turns.len() as u32));
    for t in [3u32, 1, 5] {
        send(&mut app, UiCommand::Seek(t));
        let s = app.world().resource::<Session>();
        let sim = s.sim().unwrap();
        assert_eq!(sim.turn(), t);
        assert_eq!(sim.state_hash(), rec.outcomes[t as usize - 1].state_hash);
        assert_eq!(
            s.reports.last().map(|r| r.turn),
            Some(t),
            "the log of the turn shown"
        );
    }
    send(&mut app, UiCommand::Fork);
    {
        let s = app.world().resource::<Session>();
        assert!(!s.reviewing());
        assert_eq!(s.sim().unwrap().state_hash(), rec.outcomes[4].state_hash);
    }
    end_turn(&mut app);
    assert_eq!(turn(&app), Some(6));
    assert!(refused(&app).is_empty(), "{:?}", refused(&app));
    let s = app.world().resource::<Session>();
    let game = s.game().expect("the fork is a live game");
    let fork = game
        .record()
        .header
        .fork
        .clone()
        .expect("the fork names its parent");
    assert_eq!(fork.parent, rec.content_hash());
    assert_eq!(fork.parent_file, "game.record");
    assert_eq!(fork.at, 5);
    assert_eq!(fork.parent_source, rec.header.source);
    assert_eq!(
        game.record().turns[..5],
        rec.turns[..5],
        "the parent's inputs"
    );
    let journal = game.journal_path().expect("the fork is journaled");
    let (written, _) = Record::load(journal).unwrap();
    assert_eq!(written.header.fork, Some(fork));
    let replayed = cimic_core::record::replay::verify(&written).expect("the fork replays");
    assert_eq!(
        replayed.state_hash(),
        written.outcomes.last().unwrap().state_hash
    );
    assert_eq!(written.outcomes.len(), 6);
}
