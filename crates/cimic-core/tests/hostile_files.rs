//! Files from other people never crash the loader or flood the terminal (issue 15, items 1–3): an
//! error far out on a long line is shown as a window of that line, thousands of problems are
//! shown as the first fifty and a count, and what is not a regular file of sensible size is refused
//! before anything is read.

mod common;

use cimic_core::scenario::diag::MAX_PROBLEMS_SHOWN;
use cimic_core::scenario::load::read_text;
use cimic_core::{FileError, load_file, load_str};

fn render(e: &FileError) -> String {
    e.render(false)
}

#[test]
fn an_error_past_column_65535_is_shown_as_a_window_not_a_panic() {
    let text = format!("{}x", " ".repeat(70_000));
    let e = load_str("wide.ron", &text).unwrap_err();
    let shown = render(&e);
    assert!(shown.contains("wide.ron:1:70001"), "{shown}");
    assert!(shown.contains("^ here"), "{shown}");
    assert!(shown.len() < 2_000, "{} bytes", shown.len());
}

#[test]
fn thousands_of_problems_show_the_first_fifty_and_a_count() {
    let tutorial = common::scenario_text("tutorial");
    let road =
        "path: [(0, 3), (1, 3), (2, 3), (3, 3), (4, 3), (5, 3), (6, 3), (7, 3), (8, 3), (9, 3)]";
    assert!(tutorial.contains(road), "the fixture's road");
    let repeated = format!("path: [{}]", vec!["(0, 3)"; 5_000].join(", "));
    let text = tutorial.replace(road, &repeated);
    let e = load_str("repeat.ron", &text).unwrap_err();
    assert!(e.problems.len() > 4_000, "{} problems", e.problems.len());
    let shown = render(&e);
    assert_eq!(
        shown.matches("is not next to the previous hex").count(),
        MAX_PROBLEMS_SHOWN
    );
    assert!(
        shown.contains(&format!(
            "and {} more problems",
            e.problems.len() - MAX_PROBLEMS_SHOWN
        )),
        "{}",
        &shown[shown.len() - 300..]
    );
    assert!(shown.len() < 50_000, "{} bytes", shown.len());
}

#[test]
fn directories_devices_and_oversized_files_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let e = read_text(dir.path()).unwrap_err();
    assert!(render(&e).contains("it is a directory"), "{}", render(&e));
    #[cfg(unix)]
    {
        let e = read_text(std::path::Path::new("/dev/zero")).unwrap_err();
        assert!(render(&e).contains("not a regular file"), "{}", render(&e));
    }
    // A sparse 2 GiB file: refused from its size, without reading (or allocating) 2 GiB.
    let big = dir.path().join("big.ron");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(2 << 30)
        .unwrap();
    let e = load_file(&big).unwrap_err();
    assert!(render(&e).contains("the limit is"), "{}", render(&e));
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_instead_of_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.ron");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo here: nothing to check
    }
    // Nobody writes to the pipe: opening it for reading would block for ever.
    let e = read_text(&fifo).unwrap_err();
    assert!(render(&e).contains("not a regular file"), "{}", render(&e));
}

#[test]
fn a_record_cannot_hold_turns_past_its_scenarios_end() {
    use cimic_core::record::game::Game;
    use cimic_core::record::{Frame, Outcome, Record, Source, TurnInputs, encode};
    let text = std::fs::read_to_string(common::scenario_path("tutorial")).unwrap();
    let mut game = Game::new("scenarios/tutorial.ron", &text, 1, Source::Manual).unwrap();
    while !game.sim().finished() {
        game.advance().unwrap();
    }
    let mut record = game.record().to_text();
    assert!(Record::parse("game.record", &record).is_ok());
    // Ten extra turns appended, each well formed with its outcome: refused at the first.
    for turn in 9..=18 {
        record.push_str(&encode(&Frame::Turn(TurnInputs {
            turn,
            orders: Vec::new(),
            decisions: Vec::new(),
            facilitator: Vec::new(),
        })));
        record.push_str(&encode(&Frame::Outcome(Outcome {
            turn,
            state_hash: "0".repeat(16),
            parts: Vec::new(),
        })));
    }
    let err = Record::parse("game.record", &record).unwrap_err();
    let shown = render(&err);
    assert!(
        shown.contains("turn 9 is past the scenario's last turn (8)"),
        "{shown}"
    );
}

#[test]
fn control_sequences_in_a_file_never_reach_the_terminal() {
    use cimic_core::names::visible;
    // An error on a line that holds an escape sequence: drawn masked, header escaped.
    let tutorial = common::scenario_text("tutorial");
    let hostile = tutorial.replacen("turns: 8", "turns: \"\u{1b}[2J\u{1b}]0;owned\u{7}\"", 1);
    assert_ne!(hostile, tutorial);
    let err = load_str("hostile.ron", &hostile).unwrap_err();
    let shown = render(&err);
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
        "{shown:?}"
    );
    assert!(shown.contains("hostile.ron:"), "{shown}");
    // What the CLI prints of names and log lines.
    assert_eq!(visible("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
    assert_eq!(visible("two\nlines"), "two\\u{a}lines");
    assert_eq!(visible("plain É"), "plain É");
}

#[test]
fn a_journal_torn_inside_a_multibyte_character_is_a_torn_tail() {
    use cimic_core::record::game::Game;
    use cimic_core::record::{Frame, Record, Source, TurnInputs, encode};
    let text = std::fs::read_to_string(common::scenario_path("tutorial")).unwrap();
    let mut game = Game::new("scenarios/tutorial.ron", &text, 1, Source::Manual).unwrap();
    game.advance().unwrap();
    game.advance().unwrap();
    let mut bytes = game.record().to_text().into_bytes();
    let next = encode(&Frame::Turn(TurnInputs {
        turn: 3,
        decisions: vec![("Évacuation".into(), "É".into())],
        ..TurnInputs::default()
    }));
    // Cut the next frame inside its first "É" (two bytes in UTF-8): a torn write.
    let cut = next.find('É').unwrap() + 1;
    bytes.extend_from_slice(&next.as_bytes()[..cut]);
    assert!(std::str::from_utf8(&bytes).is_err());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("game.journal");
    std::fs::write(&path, &bytes).unwrap();
    let (record, torn) = Record::load(&path).unwrap_or_else(|e| panic!("{}", render(&e)));
    assert_eq!(record.turns.len(), 2);
    assert!(torn.is_some_and(|t| t.contains("unfinished last line")));
    // Bad bytes on a finished line are still refused, with the place named.
    let mut damaged = game.record().to_text().into_bytes();
    let at = damaged.len() / 2;
    damaged[at] = 0xFF;
    std::fs::write(&path, &damaged).unwrap();
    assert!(Record::load(&path).is_err());
}

/// The characters RON reads as whitespace besides space, tab, CR and LF. RON counts lines by LF
/// only and columns in characters, so none of them starts a line.
const ODD_WHITESPACE: [char; 7] = [
    '\u{0c}', '\u{0b}', '\u{85}', '\u{2028}', '\u{2029}', '\u{200e}', '\u{200f}',
];

/// `file:line:col` of byte `offset` in `text`, counted as RON counts: lines by LF, columns in
/// characters.
fn ron_location(file: &str, text: &str, offset: usize) -> String {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    format!("{file}:{line}:{col}")
}

#[test]
fn odd_whitespace_keeps_later_problems_located() {
    let tutorial = common::scenario_text("tutorial");
    for c in ODD_WHITESPACE {
        // The character between two fields, then a dangling side further down.
        let text = tutorial
            .replacen("    format: 1,\n", &format!("    format: 1,{c}\n{c}"), 1)
            .replacen(
                "(id: \"eng1\", name: \"1st Engineer Platoon\", side: \"blue\"",
                "(id: \"eng1\", name: \"1st Engineer Platoon\", side: \"bleu\"",
                1,
            );
        let e = load_str("odd.ron", &text).unwrap_err();
        let p = &e.problems[0];
        assert!(p.span.is_some(), "{c:?}: unlocated {}", render(&e));
        let bad = text.find("\"bleu\"").unwrap();
        assert_eq!(p.span.map(|s| s.0), Some(bad), "{c:?}: {}", render(&e));
        let expected = ron_location("odd.ron", &text, bad);
        assert_eq!(e.location(p), expected, "{c:?}");
        assert!(render(&e).contains(&expected), "{c:?}: {}", render(&e));
        // A syntax error after the character: where RON says, in the same counting.
        let broken = text.replacen("kind: Infantry", "kind: Infantry Infantry", 1);
        let e = load_str("odd.ron", &broken).unwrap_err();
        let at = broken.find("Infantry Infantry").unwrap() + "Infantry ".len();
        assert_eq!(
            e.location(&e.problems[0]),
            ron_location("odd.ron", &broken, at),
            "{c:?}: {}",
            render(&e)
        );
    }
}

#[test]
fn a_ron_error_inside_a_record_frame_points_at_its_column() {
    use cimic_core::record::game::Game;
    use cimic_core::record::{Record, Source, frame};
    let text = common::scenario_text("tutorial");
    let mut game = Game::new("scenarios/tutorial.ron", &text, 1, Source::Manual).unwrap();
    game.advance().unwrap();
    let record = game.record().to_text();
    // Break the second frame's RON (with a correct frame around it): `turn: 1` → `turn: x1`.
    let lines: Vec<&str> = record.lines().collect();
    let payload = frame::decode(lines[1]).unwrap();
    let broken = payload.replacen("turn:1", "turn:x1", 1);
    assert_ne!(broken, payload, "{payload}");
    let mut text = record.clone();
    text = text.replacen(lines[1], frame::encode(&broken).trim_end(), 1);
    let e = Record::parse("game.record", &text).unwrap_err();
    let at = text.find("turn:x1").unwrap() + "turn:".len();
    let p = &e.problems[0];
    assert_eq!(
        e.location(p),
        ron_location("game.record", &text, at),
        "{}",
        render(&e)
    );
}

#[test]
fn a_ten_megabyte_id_in_an_order_is_rejected_quickly_and_echoed_short() {
    use cimic_core::Order;
    let mut sim = common::start("tutorial.ron", &common::scenario_text("tutorial"), 1);
    let unit = "u".repeat(10 << 20);
    let started = std::time::Instant::now();
    for _ in 0..3 {
        let r = sim
            .submit(Order::Hold { unit: unit.clone() })
            .expect_err("no such unit");
        let shown = r.to_string();
        assert!(shown.len() < 300, "{} bytes", shown.len());
        assert!(
            shown.contains(&format!("({} bytes)", unit.len())),
            "{shown}"
        );
    }
    assert!(
        started.elapsed().as_millis() < 1_500,
        "{:?} for three rejections",
        started.elapsed()
    );
    // In an orders file: the message is short too.
    let scenario = common::scenario("tutorial");
    let text = format!("[(turn: 1, orders: [Hold(unit: \"{unit}\")])]");
    let started = std::time::Instant::now();
    let e = cimic_core::orders::parse_orders("o.ron", &text, &scenario).unwrap_err();
    let shown = render(&e);
    assert!(shown.len() < 2_000, "{} bytes", shown.len());
    assert!(
        started.elapsed().as_millis() < 1_500,
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_rectangle_over_the_whole_plane_is_counted_not_saturated() {
    let tutorial = common::scenario_text("tutorial");
    let text = tutorial.replacen(
        "Rect(min: (0, 0), max: (2, 1))",
        "Rect(min: (-2147483648, -2147483648), max: (2147483647, 2147483647))",
        1,
    );
    assert_ne!(text, tutorial);
    let shown = render(&load_str("plane.ron", &text).unwrap_err());
    assert!(!shown.contains(&u64::MAX.to_string()), "{shown}");
    // 2^64 hexes from the rectangle, and the few the rest of the map lists.
    let listed: u128 = shown
        .split("list ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        listed > 1u128 << 64 && listed < (1u128 << 64) + 1_000,
        "{shown}"
    );
}
