//! The mistakes an author makes that the parser alone explains badly (issue 16, item 5): each
//! breaks the tutorial in one place and checks that exactly one problem is reported, with what
//! it is, how to fix it, and where (`file:line:col`, computed here independently of the crate).

use cimic_core::{FileError, Problem};

const TUTORIAL: &str = include_str!("../../../scenarios/tutorial.ron");
const NAME: &str = "tutorial.ron";

/// The tutorial with its single occurrence of `from` replaced by `to`.
fn edit(from: &str, to: &str) -> String {
    assert_eq!(
        TUTORIAL.matches(from).count(),
        1,
        "{from:?} must occur once"
    );
    TUTORIAL.replacen(from, to, 1)
}

/// Loads text that must be refused, and returns its one problem.
fn one_problem(text: &str) -> (FileError, Problem) {
    match cimic_core::load_str(NAME, text) {
        Ok(_) => panic!("the edited scenario was accepted"),
        Err(e) => {
            assert_eq!(e.problems.len(), 1, "{}", e.render(false));
            let p = e.problems[0].clone();
            (e, p)
        }
    }
}

/// `file:line:col` of the unique occurrence of `needle`, moved right by `skip` characters.
fn spot(text: &str, needle: &str, skip: usize) -> String {
    assert_eq!(
        text.matches(needle).count(),
        1,
        "{needle:?} must occur once"
    );
    let before = &text[..text.find(needle).unwrap()];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1 + skip;
    format!("{NAME}:{line}:{col}")
}

/// Checks the problem's location, that its message and hint say what they must, and that the
/// rendered report shows the location.
fn check(err: &FileError, p: &Problem, at: String, message: &[&str], hint: &[&str]) {
    let rendered = err.render(false);
    assert_eq!(err.location(p), at, "{rendered}");
    for m in message {
        assert!(p.message.contains(m), "message {:?} lacks {m:?}", p.message);
    }
    let h = p.hint.as_deref().expect("a hint");
    for m in hint {
        assert!(h.contains(m), "hint {h:?} lacks {m:?}");
    }
    assert!(rendered.contains(&at), "{rendered}");
}

#[test]
fn a_decimal_in_a_whole_number_field_says_so() {
    let text = edit("turns: 8,", "turns: 20.0,");
    let (err, p) = one_problem(&text);
    check(
        &err,
        &p,
        spot(&text, "20.0", 0),
        &["`20.0` is not a whole number: `turns` takes whole numbers"],
        &["write `20`"],
    );
    assert!(!p.message.contains("comma"), "{}", p.message);
    // In a position, either coordinate.
    for (pos, number) in [("(3.5, 3)", "3.5"), ("(3, 3.0)", "3.0")] {
        let text = edit("position: (3, 3)),", &format!("position: {pos}),"));
        let (err, p) = one_problem(&text);
        let skip = pos.find(number).unwrap();
        let message = format!("`{number}` is not a whole number: `position` takes whole numbers");
        check(
            &err,
            &p,
            spot(&text, &format!("{pos})"), skip),
            &[&message],
            &["write `3`"],
        );
    }
}

#[test]
fn a_hash_comment_names_the_comments_ron_has() {
    let text = edit("    sides: [", "    # the sides\n    sides: [");
    let (err, p) = one_problem(&text);
    check(
        &err,
        &p,
        spot(&text, "# the sides", 0),
        &["`#` does not start a comment"],
        &["`//`", "`/* … */`"],
    );
    // At the end of a line, after a value, too.
    let text = edit("turns: 8,", "turns: 8, # eight days");
    let (err, p) = one_problem(&text);
    check(&err, &p, spot(&text, "# eight", 0), &["`#`"], &["`//`"]);
    // And on the first line, where the parser takes it for an attribute.
    let text = format!("# my scenario\n{TUTORIAL}");
    let (err, p) = one_problem(&text);
    check(&err, &p, spot(&text, "# my", 0), &["`#`"], &["`//`"]);
}

#[test]
fn a_missing_paren_is_reported_where_the_record_begins() {
    let text = edit(
        "kind: Engineer, position: (3, 3)),",
        "kind: Engineer, position: (3, 3),",
    );
    let (err, p) = one_problem(&text);
    check(
        &err,
        &p,
        spot(&text, "(id: \"eng1\"", 0),
        &["record that begins here is not closed", "`)` is missing"],
        &["brackets", "must pair up"],
    );
}

#[test]
fn a_missing_paren_at_the_end_of_the_file_points_at_scenario() {
    let text = edit("    ],\n)", "    ],\n");
    let (err, p) = one_problem(&text);
    check(
        &err,
        &p,
        spot(&text, "Scenario(", 0),
        &["`)` is missing"],
        &["the file ends first", "brackets"],
    );
}

#[test]
fn a_list_closed_by_a_paren_and_a_paren_too_many_are_told_apart() {
    let text = edit(
        "serves: [\"aldbrook\"], depends_on: [\"westfield_power\"]",
        "serves: [\"aldbrook\"), depends_on: [\"westfield_power\"]",
    );
    let (err, p) = one_problem(&text);
    check(
        &err,
        &p,
        spot(&text, "[\"aldbrook\")", 0),
        &["list that begins here is not closed: its `]` is missing"],
        &["brackets"],
    );
    let text = edit(
        "kind: Engineer, position: (3, 3)),",
        "kind: Engineer, position: (3, 3))),",
    );
    let (err, p) = one_problem(&text);
    check(
        &err,
        &p,
        spot(&text, "(3, 3)))", "(3, 3))".len()),
        &["closes nothing"],
        &["brackets"],
    );
}

#[test]
fn not_takes_one_condition_and_all_a_list() {
    let cond = "All([TurnAtLeast(6), InfraAtLeast(infra: \"westfield_power\", value: 0.6)])";
    let text = edit(
        cond,
        "Not([InfraAtLeast(infra: \"westfield_power\", value: 0.6)])",
    );
    let (err, p) = one_problem(&text);
    check(
        &err,
        &p,
        spot(&text, "Not([", 0),
        &["`Not` takes one condition"],
        &["`All([…])` and `Any([…])` take a list"],
    );
    let text = edit(cond, "Any(TurnAtLeast(6))");
    let (err, p) = one_problem(&text);
    check(
        &err,
        &p,
        spot(&text, "Any(Turn", 0),
        &["`Any` takes a list"],
        &["`Any([a, b])`"],
    );
}

#[test]
fn one_wrong_road_hex_is_one_message_with_the_neighbours() {
    let text = edit("(6, 3), (7, 3)", "(6, 3), (7, 5)");
    let (err, p) = one_problem(&text);
    check(
        &err,
        &p,
        spot(&text, "(7, 5)", 0),
        &["(7, 5) is not next to the previous hex (6, 3)"],
        &["the neighbours of (6, 3) are (6, 2), (7, 2), (5, 3), (7, 3), (6, 4), (7, 4)"],
    );
    // A real gap (the road jumps and goes on from there) is one message as well.
    let text = edit("(7, 3), (8, 3), (9, 3)]", "(7, 3), (9, 5)]");
    let (_, p) = one_problem(&text);
    assert!(
        p.message
            .contains("(9, 5) is not next to the previous hex (7, 3)")
    );
}

#[test]
fn a_scenario_without_a_force_side_gives_one_message() {
    let text = edit(
        "(id: \"blue\", name: \"Task Force Blue\", role: Force)",
        "(id: \"blue\", name: \"Task Force Blue\", role: HostNation)",
    );
    let (err, p) = one_problem(&text);
    check(
        &err,
        &p,
        spot(&text, "[\n        (id: \"blue\"", 0),
        &["no side has role Force"],
        &["role: Force"],
    );
}

#[test]
fn an_invalid_option_id_is_not_suggested_back() {
    let text = edit("(id: \"stay\", label", "(id: \"st ay\", label");
    let err = cimic_core::load_str(NAME, &text).unwrap_err();
    let rendered = err.render(false);
    assert!(rendered.contains("`st ay` is not a valid id"), "{rendered}");
    assert!(!rendered.contains("did you mean `st ay`"), "{rendered}");
    let default = err
        .problems
        .iter()
        .find(|p| p.path == "decisions[0].default")
        .expect("the default no longer names an option");
    assert_eq!(
        default.hint.as_deref(),
        Some("name one of the decision's options: `evacuate`")
    );
}

#[test]
fn a_chance_window_is_written_in_words_not_rust_ranges() {
    let text = edit("from: 2, until: 8", "from: 0, until: 18");
    let (err, p) = one_problem(&text);
    check(
        &err,
        &p,
        spot(&text, "Chance(", 0),
        &["turns 0 to 18"],
        &["from 1 to 8"],
    );
    assert!(!err.render(false).contains(".."), "{}", err.render(false));
}

#[test]
fn a_raw_line_break_in_a_message_is_accepted() {
    let text = edit(
        "closed to traffic. Aldbrook's mayor",
        "closed to traffic.\nAldbrook's mayor",
    );
    let s = cimic_core::load_str(NAME, &text).unwrap_or_else(|e| panic!("{}", e.render(false)));
    assert_eq!(s.events[0].title, "Situation report");
    assert_eq!(
        cimic_core::names::visible_lines("closed to traffic.\nAldbrook's mayor", "    "),
        "closed to traffic.\n    Aldbrook's mayor"
    );
}

#[test]
fn an_orders_file_checked_as_a_scenario_is_recognised() {
    let text = include_str!("../../../scenarios/tutorial.orders.ron");
    let err = cimic_core::load_str("plan.ron", text).unwrap_err();
    assert_eq!(err.problems.len(), 1);
    let p = &err.problems[0];
    assert!(
        p.message.contains("looks like an orders file"),
        "{}",
        p.message
    );
    assert!(p.hint.as_deref().unwrap().contains("NAME.orders.ron"));
    let (line, _) = err.line_col(p.span.unwrap().0);
    assert_eq!(text.lines().nth(line - 1), Some("["));
}

#[test]
fn a_text_without_its_closing_quote_is_reported_where_it_begins() {
    let text = edit("title: \"Situation report\"", "title: \"Situation report");
    let (err, p) = one_problem(&text);
    check(
        &err,
        &p,
        spot(&text, "\"Situation report", 0),
        &["its closing `\"` is probably missing"],
        &["close the text"],
    );
}

/// Every string literal in the code base's sources (the engine, the command line, the GUI):
/// none may show a range in Rust's syntax (`0..=18`, `{from}..{until}`) to a user.
#[test]
fn no_message_in_the_code_base_uses_rust_range_syntax() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut offenders = Vec::new();
    let mut dirs = vec![
        root.join("crates/cimic-core/src"),
        root.join("crates/cimic-gui/src"),
        root.join("src"),
    ];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for path in entries.flatten().map(|e| e.path()) {
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for (n, line) in text.lines().enumerate() {
                    if line.trim_start().starts_with("//") {
                        continue;
                    }
                    // Inside quotes: the odd pieces between `"`s (a `'"'` is no quote).
                    let line = line.replace("'\"'", "");
                    let quoted = line.split('"').skip(1).step_by(2);
                    if quoted.into_iter().any(|q| {
                        let b = q.as_bytes();
                        q.match_indices("..").any(|(i, _)| {
                            let before = i.checked_sub(1).map(|j| b[j]);
                            let after = b.get(i + 2).copied();
                            matches!(before, Some(b'}' | b'0'..=b'9'))
                                && matches!(after, Some(b'=' | b'{' | b'0'..=b'9'))
                        })
                    }) {
                        offenders.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                    }
                }
            }
        }
    }
    assert!(offenders.is_empty(), "{}", offenders.join("\n"));
}
