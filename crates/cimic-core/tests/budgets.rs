//! Every scenario that validates can be played and recorded (issue 15, items 4 and 9): the
//! civil-unrest model's work and memory per turn are budgeted at validation, with a located error
//! naming the settings to lower, and so is the size of the game's record, which is read back up
//! to the same limit the budget keeps it under.

mod common;

use cimic_core::record::game::Game;
use cimic_core::record::{MAX_RECORD_BYTES, Record, Source};
use cimic_core::scenario::validate::budget::{
    MAX_UNREST_BYTES, MAX_UNREST_LOOKS_PER_TURN, unrest_cost,
};
use cimic_core::{Simulation, load_str};
use std::time::Instant;

/// A generated scenario: `districts` one-hex districts of `people` people each, one infantry
/// unit, and the unrest settings given.
fn districts(districts: usize, people: u32, steps: u32, vision: u32, turns: u32) -> String {
    let w = districts.min(500);
    let h = districts.div_ceil(w).max(1);
    let mut ds = Vec::new();
    let mut ps = Vec::new();
    for i in 0..districts {
        let (c, r) = (i % w, i / w);
        ds.push(format!(
            "(id: \"d{i}\", name: \"D{i}\", areas: [Rect(min: ({c}, {r}), max: ({c}, {r}))])"
        ));
        ps.push(format!(
            "(id: \"g{i}\", district: \"d{i}\", size: {people})"
        ));
    }
    format!(
        r#"Scenario(
    format: 1,
    meta: (id: "gen", title: "gen", turns: {turns}, start_date: "2026-05-01"),
    map: (width: {w}, height: {h}, terrain: (fill: Rural), districts: [{}]),
    sides: [(id: "blue", name: "Blue", role: Force)],
    units: [(id: "inf1", side: "blue", kind: Infantry, position: (0, 0))],
    population: [{}],
    unrest: (people_per_citizen: 200, max_citizens: 5000,
        steps_per_turn: {steps}, vision: {vision}),
)"#,
        ds.join(", "),
        ps.join(", ")
    )
}

#[test]
fn the_unrest_budget_arithmetic() {
    // One district at the model's largest settings: 5,000 citizens on an 85 × 85 torus.
    let one = load_str("one.ron", &districts(1, 1_000_000, 50, 20, 1)).unwrap();
    let c = unrest_cost(&one);
    assert_eq!((c.districts, c.citizens), (1, 5_000));
    assert_eq!(c.looks, 5_000 * 50 * (41 + 6));
    assert_eq!(c.bytes, 85 * 85 * (64 + 8 * 42) + 5_000 * 40);
    // So 34 such districts fit the work budget and 35 do not; 347 fit the memory budget and 348 do
    // not.
    assert!(34 * c.looks <= MAX_UNREST_LOOKS_PER_TURN && 35 * c.looks > MAX_UNREST_LOOKS_PER_TURN);
    assert!(347 * c.bytes <= MAX_UNREST_BYTES && 348 * c.bytes > MAX_UNREST_BYTES);
    // The defaults never come near: 20,000 districts of 60,000 people each.
    let defaults = 300 * 3 * (9 + 6);
    assert!(20_000 * defaults <= MAX_UNREST_LOOKS_PER_TURN);
}

#[test]
fn too_much_unrest_work_is_refused_naming_the_settings() {
    let text = districts(35, 1_000_000, 50, 20, 1);
    let e = load_str("work.ron", &text).unwrap_err();
    assert_eq!(e.problems.len(), 1, "{}", e.render(false));
    let shown = e.render(false);
    assert!(
        shown.contains("the civil-unrest model would take"),
        "{shown}"
    );
    assert!(shown.contains("unrest.steps_per_turn"), "{shown}");
    let at = text.find("steps_per_turn: 50").unwrap() + "steps_per_turn: ".len();
    assert_eq!(e.problems[0].span.map(|s| s.0), Some(at), "{shown}");
    let (line, col) = e.line_col(at);
    assert!(shown.contains(&format!("work.ron:{line}:{col}")), "{shown}");
}

#[test]
fn too_much_unrest_memory_is_refused_naming_the_settings() {
    let e = load_str("memory.ron", &districts(348, 1_000_000, 1, 20, 1)).unwrap_err();
    let shown = e.render(false);
    assert!(shown.contains("MiB of memory"), "{shown}");
    assert!(shown.contains("memory.ron:"), "{shown}");
    assert!(shown.contains("unrest.max_citizens"), "{shown}");
}

/// At the work limit a first turn takes about 3 s in a release build (docs/reliability.md); in
/// this debug build (the core at opt-level 1) it must still finish.
#[test]
fn a_scenario_just_under_the_unrest_budget_plays_its_first_turn() {
    let scenario = load_str("limit.ron", &districts(34, 1_000_000, 50, 20, 2)).unwrap();
    let started = Instant::now();
    let mut sim = Simulation::new(&scenario, 1).unwrap();
    let report = sim.advance();
    assert_eq!(report.turn, 1);
    assert!(started.elapsed().as_secs() < 120, "{:?}", started.elapsed());
}

/// The tutorial with `extra` more force units and `turns` turns.
fn crowded_tutorial(extra: usize, turns: u32) -> String {
    let tutorial = common::scenario_text("tutorial");
    let units: String = (0..extra)
        .map(|i| format!("(id: \"x{i}\", side: \"blue\", kind: Infantry, position: (1, 3)),\n"))
        .collect();
    tutorial
        .replacen("turns: 8,", &format!("turns: {turns},"), 1)
        .replacen("    units: [\n", &format!("    units: [\n{units}"), 1)
}

#[test]
fn a_scenario_whose_record_could_not_be_read_back_is_refused() {
    let text = crowded_tutorial(1_000, 1_000);
    let e = load_str("big.ron", &text).unwrap_err();
    let shown = e.render(false);
    assert!(
        shown.contains("a record of this game could reach"),
        "{shown}"
    );
    assert!(
        shown.contains(&format!("{} MiB", MAX_RECORD_BYTES >> 20)),
        "{shown}"
    );
    let at = text.find("turns: 1000").unwrap() + "turns: ".len();
    assert_eq!(e.problems[0].span.map(|s| s.0), Some(at), "{shown}");
    // Fewer turns: it fits.
    assert!(load_str("big.ron", &crowded_tutorial(1_000, 100)).is_ok());
}

#[test]
fn a_record_over_16_mib_is_read_back_and_resumed() {
    // A valid 9 MB scenario: a comment of quotes, which RON escapes to twice the size in the
    // record's header.
    let text = format!(
        "// {}\n{}",
        "\"".repeat(9 << 20),
        common::scenario_text("tutorial")
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("game.journal");
    let mut game = Game::new("big.ron", &text, 1, Source::Manual).unwrap();
    game.journal_to(&path).unwrap();
    game.advance().unwrap();
    game.advance().unwrap();
    drop(game);
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size > 16 << 20, "{size} bytes");
    let (record, torn) = Record::load(&path).unwrap_or_else(|e| panic!("{}", e.render(false)));
    assert_eq!((record.turns.len(), torn), (2, None));
    let (game, _) = Game::resume(&path, &mut |_| {}).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(game.sim().turn(), 2);
}
