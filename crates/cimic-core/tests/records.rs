//! Game records and journals: a record round-trips and replays to the same hashes; a tampered
//! one fails naming the turn and what differs; records from other rules or with a changed
//! scenario are refused; a journal cut mid-write resumes to exactly the uninterrupted game.

use cimic_core::orders::TurnOrders;
use cimic_core::record::game::Game;
use cimic_core::record::replay::{ReplayError, verify};
use cimic_core::record::{Frame, Record, Source, encode};
use cimic_core::sim::facilitator::FacilitatorAction;

mod common;

/// The shipped scenario the records are made of.
const FLOOD: &str = "flood_relief";

/// The name a record gives the scenario: its path.
fn name() -> String {
    common::scenario_path(FLOOD).display().to_string()
}

fn text() -> String {
    common::scenario_text(FLOOD)
}

fn orders() -> Vec<TurnOrders> {
    common::orders(FLOOD, &common::scenario(FLOOD))
}

/// Plays `turns` turns of the flood line of play, with a facilitator note on turn 2.
fn play(game: &mut Game, turns: u32, orders: &[TurnOrders]) {
    for _ in 0..turns {
        let next = game.sim().turn() + 1;
        for b in orders.iter().filter(|b| b.turn == next) {
            for o in &b.orders {
                let _ = game.submit(o.clone());
            }
        }
        if next == 2 {
            game.facilitate(FacilitatorAction::Bookmark {
                label: "the bridge question".into(),
            })
            .unwrap();
        }
        game.advance().unwrap();
    }
}

#[test]
fn a_record_round_trips_and_replays_to_the_same_hashes() {
    let mut game = Game::new(&name(), &text(), 3, Source::Manual).unwrap();
    play(&mut game, 12, &orders());
    let written = game.record().to_text();
    let (back, torn) = Record::parse("flood.record", &written).unwrap();
    assert!(torn.is_none());
    assert_eq!(&back, game.record());
    let sim = verify(&back).unwrap();
    assert_eq!(sim.state_hash(), game.sim().state_hash());
    assert_eq!(sim.annotations().len(), 1);
}

#[test]
fn a_tampered_order_fails_verification_at_its_turn_naming_what_differs() {
    let mut game = Game::new(&name(), &text(), 1, Source::Manual).unwrap();
    play(&mut game, 8, &orders());
    let mut record = game.record().clone();
    // Turn 3's first order goes elsewhere: move it to another hex, properly re-framed.
    let t = record
        .turns
        .iter()
        .position(|t| {
            t.turn >= 3
                && t.orders
                    .iter()
                    .any(|o| matches!(o, cimic_core::Order::Move { .. }))
        })
        .expect("a move order from turn 3 on");
    let turn = record.turns[t].turn;
    for o in &mut record.turns[t].orders {
        if let cimic_core::Order::Move { to, .. } = o {
            to.0 += 1;
            break;
        }
    }
    let text = record.to_text();
    let (tampered, _) = Record::parse("tampered.record", &text).unwrap();
    match verify(&tampered) {
        Err(ReplayError::Desync(d)) => {
            assert_eq!(d.turn, turn);
            assert!(
                d.differing.iter().any(|p| p.starts_with("unit ")),
                "{:?}",
                d.differing
            );
        }
        Err(ReplayError::Input { turn: at, .. }) => assert_eq!(at, turn),
        Ok(_) => panic!("tampering went unnoticed"),
        Err(e) => panic!("unexpected: {e}"),
    }
    // Editing a frame by hand without re-framing it is caught before any replay.
    let raw = game
        .record()
        .to_text()
        .replacen("\"karsk\"", "\"varna\"", 1);
    let err = Record::parse("edited.record", &raw).unwrap_err();
    assert!(
        err.render(false).contains("damaged"),
        "{}",
        err.render(false)
    );
}

#[test]
fn records_from_other_rules_or_with_a_changed_scenario_are_refused() {
    let game = Game::new(&name(), &text(), 1, Source::Manual).unwrap();
    let mut header = game.record().header.clone();
    header.rules += 1;
    let err = Record::parse("old.record", &encode(&Frame::Header(header))).unwrap_err();
    let msg = err.render(false);
    assert!(
        msg.contains("rules version") && msg.contains("old.record"),
        "{msg}"
    );

    let mut header = game.record().header.clone();
    header.scenario = header.scenario.replace("turns: 16", "turns: 17");
    let err = Record::parse("edited.record", &encode(&Frame::Header(header))).unwrap_err();
    assert!(
        err.render(false).contains("does not match its hash"),
        "{}",
        err.render(false)
    );

    assert!(Record::parse("empty.record", "").is_err());
}

#[test]
fn a_journal_cut_anywhere_resumes_to_the_uninterrupted_game() {
    let orders = orders();
    let mut whole = Game::new(&name(), &text(), 7, Source::Manual).unwrap();
    play(&mut whole, 10, &orders);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("flood.journal");
    let mut game = Game::new(&name(), &text(), 7, Source::Manual).unwrap();
    game.journal_to(&path).unwrap();
    play(&mut game, 6, &orders);
    drop(game);
    let full = std::fs::read(&path).unwrap();
    // Cut the file at several points inside the last frames, as a crash would.
    for cut in [full.len() - 1, full.len() - 40, full.len() - 300] {
        let p = dir.path().join(format!("cut-{cut}.journal"));
        std::fs::write(&p, &full[..cut]).unwrap();
        let (mut resumed, torn) = Game::resume(&p, &mut |_| {}).unwrap();
        assert!(torn.is_some(), "cut at {cut}: the torn tail is reported");
        let done = resumed.sim().turn();
        assert!(done >= 5, "cut at {cut}: only turn {done} survived");
        play(&mut resumed, 10 - done, &orders);
        assert_eq!(
            resumed.sim().state_hash(),
            whole.sim().state_hash(),
            "cut at {cut}"
        );
        // The file now holds a complete record of the whole game.
        let (record, torn) = Record::load(&p).unwrap();
        assert!(torn.is_none());
        assert_eq!(record.turns.len(), 10);
        verify(&record).unwrap();
    }
}
