//! One test per class of scenario error: each breaks the tutorial scenario in one precise place
//! and checks what an author is told (message and hint) and where (`file:line:col` of the value
//! that is wrong), both in the `Problem` and in the rendered report.

use cimic_core::{FileError, Problem, Simulation};

const TUTORIAL: &str = include_str!("../../../scenarios/tutorial.ron");
const NAME: &str = "tutorial.ron";

/// `text` with its single occurrence of `from` replaced by `to`.
fn edit_text(text: &str, from: &str, to: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "the edit needs exactly one occurrence of {from:?} in the scenario"
    );
    text.replacen(from, to, 1)
}

/// The tutorial with one edit.
fn edit(from: &str, to: &str) -> String {
    edit_text(TUTORIAL, from, to)
}

/// Loads text that must be refused.
fn refused(text: &str) -> FileError {
    match cimic_core::load_str(NAME, text) {
        Ok(_) => panic!("the edited scenario was accepted"),
        Err(e) => {
            assert!(!e.problems.is_empty(), "an error with no problems");
            e
        }
    }
}

/// 1-based line and character column of the unique occurrence of `needle` in `text`, moved right
/// by `skip` characters (to point inside the needle). Computed here, independently of the crate.
fn spot(text: &str, needle: &str, skip: usize) -> (usize, usize) {
    assert_eq!(
        text.matches(needle).count(),
        1,
        "{needle:?} must occur exactly once in the edited text"
    );
    let offset = text.find(needle).unwrap();
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1 + skip)
}

/// The one problem whose message contains `needle`.
fn problem<'a>(err: &'a FileError, needle: &str) -> &'a Problem {
    let found: Vec<&Problem> = err
        .problems
        .iter()
        .filter(|p| p.message.contains(needle))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one problem mentioning {needle:?}, got:\n{}",
        err.render(false)
    );
    found[0]
}

/// Whitespace collapsed and miette's frame characters removed, so wrapped text can be searched.
fn flat(s: &str) -> String {
    s.replace(['│', '·'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Checks a problem's location, its hint, and that the rendered report shows both.
fn assert_reported(err: &FileError, p: &Problem, (line, col): (usize, usize), hint_contains: &str) {
    let rendered = err.render(false);
    let location = format!("{}:{line}:{col}", err.file);
    assert_eq!(err.location(p), location, "wrong location in:\n{rendered}");
    let hint = p.hint.as_deref().expect("every problem carries a hint");
    assert!(
        hint.contains(hint_contains),
        "hint {hint:?} should mention {hint_contains:?}"
    );
    let flat_render = flat(&rendered);
    assert!(
        flat_render.contains(&location),
        "the report does not show {location}:\n{rendered}"
    );
    assert!(
        flat_render.contains(&flat(hint)),
        "the report does not show the hint {hint:?}:\n{rendered}"
    );
    assert!(
        flat_render.contains(&flat(&p.message)),
        "the report does not show the message {:?}:\n{rendered}",
        p.message
    );
}

#[test]
fn the_tutorial_itself_is_valid() {
    // Every test below relies on the unedited file loading cleanly.
    let s = cimic_core::load_str(NAME, TUTORIAL).unwrap_or_else(|e| panic!("{}", e.render(false)));
    assert_eq!(s.meta.id, "tutorial");
}

// ---------------------------------------------------------------------------------------------
// RON syntax

#[test]
fn syntax_missing_comma_points_at_the_token_after_the_gap() {
    let text = edit("kind: Engineer, position", "kind: Engineer position");
    let err = refused(&text);
    assert_eq!(err.problems.len(), 1, "{}", err.render(false));
    let p = &err.problems[0];
    assert_eq!(p.path, "", "syntax errors have no data path");
    assert!(
        p.message.to_lowercase().contains("comma"),
        "message: {}",
        p.message
    );
    // Line 43, at `position` right after the missing comma.
    let at = spot(&text, "Engineer position", "Engineer ".len());
    assert_reported(&err, p, at, "check the syntax just before this point");
}

#[test]
fn syntax_unclosed_paren_at_end_of_file() {
    // Drop the parenthesis that closes `Scenario(`: reported where `Scenario(` begins, saying
    // the file ends first (tests/diagnostics.rs has the other bracket mistakes).
    let text = edit("    ],\n)", "    ],\n");
    let err = refused(&text);
    assert_eq!(err.problems.len(), 1, "{}", err.render(false));
    let p = &err.problems[0];
    assert_eq!(
        p.message,
        "the record that begins here is not closed: its `)` is missing"
    );
    let at = spot(&text, "Scenario(", 0);
    assert_eq!(at, (3, 1));
    assert_reported(&err, p, at, "the file ends first");
}

#[test]
fn syntax_unclosed_paren_inside_a_list_is_reported_where_the_record_begins() {
    // The unit on line 43 is not closed; the parser notices only at the next unit on line 44,
    // but the brackets stop pairing up inside the unit of line 43, so that is where it is shown.
    let text = edit(
        "kind: Engineer, position: (3, 3)),",
        "kind: Engineer, position: (3, 3),",
    );
    let err = refused(&text);
    assert_eq!(err.problems.len(), 1, "{}", err.render(false));
    let p = &err.problems[0];
    assert_eq!(p.path, "");
    assert!(p.message.contains("`)` is missing"), "{}", p.message);
    let at = spot(&text, "(id: \"eng1\"", 0);
    assert_eq!(at, (43, 9));
    assert_reported(&err, p, at, "brackets");
}

// ---------------------------------------------------------------------------------------------
// Types and names (serde)

#[test]
fn unknown_field_suggests_the_intended_field() {
    let text = edit("turn_hours: 24", "turn_hour: 24");
    let err = refused(&text);
    assert_eq!(err.problems.len(), 1);
    let p = problem(&err, "unknown field `turn_hour`");
    assert!(
        p.message.contains("`Meta`"),
        "names the struct: {}",
        p.message
    );
    let at = spot(&text, "turn_hour:", 0);
    assert_reported(&err, p, at, "did you mean `turn_hours`?");
}

#[test]
fn unknown_enum_variant_suggests_the_intended_variant() {
    let text = edit("kind: Engineer", "kind: Enginer");
    let err = refused(&text);
    assert_eq!(err.problems.len(), 1);
    let p = problem(&err, "unknown variant `Enginer`");
    assert!(p.message.contains("`UnitKind`"), "{}", p.message);
    let at = spot(&text, "Enginer", 0);
    assert_reported(&err, p, at, "did you mean `Engineer`?");
}

#[test]
fn unknown_enum_variant_far_from_any_lists_the_choices() {
    let text = edit("role: HostNation", "role: Zzzzz");
    let err = refused(&text);
    let p = problem(&err, "unknown variant `Zzzzz`");
    let at = spot(&text, "Zzzzz", 0);
    assert_reported(&err, p, at, "Force, HostNation, Adversary, Other");
}

#[test]
fn missing_required_field_points_at_the_value_that_lacks_it() {
    let text = edit("        start_date: \"2026-04-06\",\n", "");
    let err = refused(&text);
    assert_eq!(err.problems.len(), 1);
    let p = problem(&err, "missing field `start_date`");
    assert!(p.message.contains("`Meta`"), "{}", p.message);
    // serde only knows the field is missing when `meta: ( … )` closes: line 14 after the edit.
    let at = spot(&text, "    ),\n    map: (", 4);
    assert_eq!(at, (14, 5));
    assert_reported(&err, p, at, "add `start_date: …`");
}

#[test]
fn wrong_type_string_where_a_number_is_expected() {
    let text = edit("turns: 8,", "turns: \"8\",");
    let err = refused(&text);
    assert_eq!(err.problems.len(), 1);
    let p = &err.problems[0];
    assert!(
        p.message.to_lowercase().contains("integer"),
        "says what was expected: {}",
        p.message
    );
    let (line, _) = spot(&text, "\"8\"", 0);
    assert_eq!(line, 13);
    let loc = err.location(p);
    assert!(
        loc.starts_with(&format!("{NAME}:13:")),
        "on the line of `turns`: {loc}"
    );
    assert!(flat(&err.render(false)).contains(&loc));
    assert!(p.hint.as_deref().unwrap().contains("check the number"));
}

/// The column of a type error should be the value's, not the blank before it.
#[test]
fn wrong_type_points_at_the_value_itself() {
    let text = edit("turns: 8,", "turns: \"8\",");
    let err = refused(&text);
    let at = spot(&text, "\"8\"", 0);
    assert_eq!(
        err.location(&err.problems[0]),
        format!("{NAME}:{}:{}", at.0, at.1)
    );
}

#[test]
fn wrong_tuple_length_for_a_position() {
    let text = edit("position: (2, 4)", "position: (2)");
    let err = refused(&text);
    assert_eq!(err.problems.len(), 1);
    let p = problem(&err, "expected a tuple of size 2");
    let loc = err.location(p);
    assert!(loc.starts_with(&format!("{NAME}:45:")), "{loc}");
    assert!(flat(&err.render(false)).contains(&loc));
    assert!(p.hint.as_deref().unwrap().contains("(col, row)"));
}

// ---------------------------------------------------------------------------------------------
// References and ids

#[test]
fn unknown_reference_suggests_the_intended_id() {
    let text = edit(
        "serves: [\"aldbrook\"], depends_on: [\"westfield_power\"]",
        "serves: [\"aldbrook\"], depends_on: [\"westfield_powr\"]",
    );
    let err = refused(&text);
    assert_eq!(err.problems.len(), 1, "{}", err.render(false));
    let p = problem(&err, "unknown infrastructure `westfield_powr`");
    assert_eq!(p.path, "infrastructure[1].depends_on[0]");
    let at = spot(&text, "\"westfield_powr\"", 0);
    assert_reported(&err, p, at, "did you mean `westfield_power`?");
}

#[test]
fn reference_to_the_wrong_kind_of_entity() {
    // A unit's side must be a side, not a district.
    let text = edit(
        "side: \"blue\", kind: Infantry",
        "side: \"westfield\", kind: Infantry",
    );
    let err = refused(&text);
    let p = problem(&err, "`westfield` is a district, not a side");
    assert_eq!(p.path, "units[1].side");
    assert_reported(
        &err,
        p,
        spot(&text, "\"westfield\", kind: Infantry", 0),
        "refer to a side",
    );
}

#[test]
fn unknown_reference_inside_a_nested_condition_is_on_its_line() {
    let text = edit(
        "trigger: AtTurn(5),",
        "trigger: When(Not(InfraAtLeast(infra: \"ald_brige\", value: 0.5))),",
    );
    let err = refused(&text);
    assert_eq!(err.problems.len(), 1, "{}", err.render(false));
    let p = problem(&err, "unknown infrastructure `ald_brige`");
    assert_eq!(p.path, "events[1].trigger.When.Not.infra");
    let loc = err.location(p);
    let line = spot(&text, "ald_brige", 0).0;
    assert!(loc.starts_with(&format!("{NAME}:{line}:")), "{loc}");
    assert!(
        p.hint
            .as_deref()
            .unwrap()
            .contains("did you mean `ald_bridge`?")
    );
}

/// A misspelt id inside a condition list written over several lines should be reported on the
/// line where the id is written.
#[test]
fn unknown_reference_inside_a_multi_line_condition_list_points_at_the_id() {
    let text = edit(
        "All([TurnAtLeast(6), InfraAtLeast(infra: \"westfield_power\", value: 0.6)])",
        "All([\n             TurnAtLeast(6),\n             InfraAtLeast(infra: \"westfield_powr\", value: 0.6),\n         ])",
    );
    let err = refused(&text);
    let p = problem(&err, "unknown infrastructure `westfield_powr`");
    let at = spot(&text, "\"westfield_powr\"", 0);
    assert_eq!(err.location(p), format!("{NAME}:{}:{}", at.0, at.1));
}

#[test]
fn duplicate_ids_within_one_kind() {
    let text = edit("(id: \"inf1\"", "(id: \"eng1\"");
    let err = refused(&text);
    assert_eq!(err.problems.len(), 1, "{}", err.render(false));
    let p = problem(&err, "duplicate id `eng1`");
    assert_eq!(
        p.path, "units[1].id",
        "the second declaration is the duplicate"
    );
    assert!(
        p.message.contains("already used by a unit"),
        "{}",
        p.message
    );
    let at = spot(&text, "\"eng1\", name: \"A Company\"", 0);
    assert_eq!(at, (44, 14));
    assert_reported(&err, p, at, "rename one of them");
}

#[test]
fn duplicate_ids_across_kinds() {
    let text = edit("(id: \"st_ann\"", "(id: \"aldbrook\"");
    let err = refused(&text);
    let p = problem(&err, "duplicate id `aldbrook`");
    assert_eq!(p.path, "infrastructure[6].id");
    assert!(
        p.message.contains("already used by a district"),
        "{}",
        p.message
    );
    let at = spot(&text, "\"aldbrook\", name: \"St Ann's church\"", 0);
    assert_reported(&err, p, at, "rename one of them");
}

// ---------------------------------------------------------------------------------------------
// Values

#[test]
fn condition_above_one_is_out_of_range() {
    let text = edit("condition: 0.3", "condition: 1.5");
    let err = refused(&text);
    assert_eq!(err.problems.len(), 1, "{}", err.render(false));
    let p = problem(&err, "1.5 is out of range");
    assert_eq!(p.path, "infrastructure[5].condition");
    let at = spot(&text, "1.5", 0);
    assert_reported(&err, p, at, "use a value from 0 to 1");
}

#[test]
fn negative_vulnerable_share_is_out_of_range() {
    let text = edit("vulnerable_share: 0.35", "vulnerable_share: -0.1");
    let err = refused(&text);
    assert_eq!(err.problems.len(), 1, "{}", err.render(false));
    let p = problem(&err, "-0.1 is out of range");
    assert_eq!(p.path, "population[1].vulnerable_share");
    let at = spot(&text, "-0.1", 0);
    assert_reported(&err, p, at, "use a value from 0 to 1");
}

#[test]
fn nan_is_out_of_range() {
    let text = edit("trust: 0.4", "trust: NaN");
    let err = refused(&text);
    let p = problem(&err, "NaN is out of range");
    assert_eq!(p.path, "actors[0].trust");
    assert_reported(&err, p, spot(&text, "NaN", 0), "use a value from 0 to 1");
}

#[test]
fn bad_start_date() {
    for bad in ["2026-02-30", "06/04/2026"] {
        let text = edit("2026-04-06", bad);
        let err = refused(&text);
        assert_eq!(err.problems.len(), 1, "{}", err.render(false));
        let p = problem(&err, &format!("`{bad}` is not a date"));
        assert_eq!(p.path, "meta.start_date");
        let at = spot(&text, &format!("\"{bad}\""), 0);
        assert_eq!(at.0, 14);
        assert_reported(&err, p, at, "YYYY-MM-DD");
    }
}

#[test]
fn format_version_two_is_refused() {
    let text = edit("format: 1,", "format: 2,");
    let err = refused(&text);
    assert_eq!(err.problems.len(), 1, "{}", err.render(false));
    let p = problem(&err, "format version 2 is not supported");
    assert_eq!(p.path, "format");
    let at = spot(&text, "2,\n    meta", 0);
    assert_eq!(at, (4, 13));
    assert_reported(&err, p, at, "this engine reads format 1");
}

// ---------------------------------------------------------------------------------------------
// The map

#[test]
fn unit_position_outside_the_map() {
    let text = edit("position: (1, 3)", "position: (12, 3)");
    let err = refused(&text);
    assert_eq!(err.problems.len(), 1, "{}", err.render(false));
    let p = problem(&err, "(12, 3) is outside the map");
    assert_eq!(p.path, "units[1].position");
    let at = spot(&text, "(12, 3)", 0);
    assert_reported(&err, p, at, "columns 0–9, rows 0–7");
}

#[test]
fn infrastructure_hex_outside_the_map() {
    let text = edit("hex: (8, 5)", "hex: (8, 9)");
    let err = refused(&text);
    assert_eq!(err.problems.len(), 1, "{}", err.render(false));
    let p = problem(&err, "(8, 9) is outside the map");
    assert_eq!(p.path, "infrastructure[1].hex");
    let at = spot(&text, "(8, 9)", 0);
    assert_reported(&err, p, at, "the map is 10×8");
}

#[test]
fn bridge_not_on_a_river_hex() {
    let text = edit("kind: Bridge, hex: (5, 3)", "kind: Bridge, hex: (4, 3)");
    let err = refused(&text);
    let p = problem(&err, "a bridge must stand on a river hex");
    assert_eq!(p.path, "infrastructure[5].hex");
    let at = spot(&text, "(4, 3), condition", 0);
    assert_reported(&err, p, at, "add this hex to a river");
}

#[test]
fn road_hexes_not_adjacent() {
    let text = edit("(8, 3), (9, 3)]", "(8, 3), (9, 6)]");
    let err = refused(&text);
    assert_eq!(err.problems.len(), 1, "{}", err.render(false));
    let p = problem(&err, "(9, 6) is not next to the previous hex");
    assert_eq!(p.path, "map.roads[0].path[9]");
    let at = spot(&text, "(9, 6)", 0);
    assert_reported(&err, p, at, "must be neighbours");
}

/// Road hexes far off the map are reported as outside the map, like any other position.
#[test]
fn road_hex_at_the_edge_of_i32_is_reported_not_a_panic() {
    // `attempt to negate with overflow` (hexx `Hex::z`, from `unsigned_distance_to`).
    let text = edit("path: [(0, 3),", "path: [(0, 3), (2147483647, 0),");
    let err = refused(&text);
    problem(&err, "(2147483647, 0) is outside the map");
    // `attempt to subtract with overflow` (`map::to_hex` / hexx `const_sub`).
    let text = edit("path: [(0, 3),", "path: [(-2147483648, 3),");
    let err = refused(&text);
    problem(&err, "(-2147483648, 3) is outside the map");
}

#[test]
fn overlapping_districts() {
    let text = edit(
        "Rect(min: (5, 0), max: (9, 7))",
        "Rect(min: (4, 0), max: (9, 7))",
    );
    let err = refused(&text);
    assert_eq!(err.problems.len(), 1, "{}", err.render(false));
    let p = problem(&err, "hex (4, 0) already belongs to district `westfield`");
    assert_eq!(p.path, "map.districts[1].areas[0]");
    let at = spot(&text, "Rect(min: (4, 0)", 0);
    assert_reported(&err, p, at, "districts must not overlap");
}

#[test]
fn a_billion_hex_map_is_refused_with_its_size() {
    let text = edit(
        "width: 10,\n        height: 8,",
        "width: 40000,\n        height: 25000,",
    );
    let err = refused(&text);
    assert_eq!(err.problems.len(), 1, "{}", err.render(false));
    let p = problem(&err, "a 40000×25000 map (1000000000 hexes) is refused");
    assert_eq!(p.path, "map");
    let at = spot(&text, "(\n        width", 0);
    assert_reported(&err, p, at, "at most 250000 hexes");
}

// ---------------------------------------------------------------------------------------------
// Infrastructure dependencies

#[test]
fn dependency_cycle_is_reported_once_with_the_cycle() {
    let text = edit(
        "capacity: 20000, serves: [\"westfield\", \"aldbrook\"]),",
        "capacity: 20000, serves: [\"westfield\", \"aldbrook\"], depends_on: [\"aldbrook_water\"]),",
    );
    let err = refused(&text);
    assert_eq!(err.problems.len(), 1, "{}", err.render(false));
    let p = problem(&err, "dependency cycle");
    assert_eq!(
        p.message,
        "dependency cycle: westfield_power → aldbrook_water → westfield_power"
    );
    // Reported at the edge that closes the cycle: the water plant's need for power.
    assert_eq!(p.path, "infrastructure[1].depends_on[0]");
    let at = spot(
        &text,
        "depends_on: [\"westfield_power\"]),\n        (id: \"westfield_well\"",
        "depends_on: [".len(),
    );
    assert_reported(&err, p, at, "remove one link");
}

#[test]
fn depending_on_itself() {
    let text = edit(
        "serves: [\"aldbrook\"], depends_on: [\"westfield_power\"]",
        "serves: [\"aldbrook\"], depends_on: [\"aldbrook_water\"]",
    );
    let err = refused(&text);
    assert_eq!(err.problems.len(), 1, "{}", err.render(false));
    let p = problem(&err, "it depends on itself");
    assert_eq!(p.path, "infrastructure[1].depends_on[0]");
    assert_reported(
        &err,
        p,
        spot(&text, "[\"aldbrook_water\"]", 1),
        "remove this entry",
    );
}

// ---------------------------------------------------------------------------------------------
// Impossible objectives

#[test]
fn objective_deadline_beyond_the_last_turn() {
    let text = edit("deadline: 4,", "deadline: 9,");
    let err = refused(&text);
    assert_eq!(err.problems.len(), 1, "{}", err.render(false));
    let p = problem(
        &err,
        "impossible objective: deadline turn 9 is outside the exercise",
    );
    assert_eq!(p.path, "objectives[0].deadline");
    let at = spot(&text, "9, weight", 0);
    assert_reported(&err, p, at, "use a deadline from 1 to 8");
}

#[test]
fn objective_unit_in_district_unreachable() {
    // Without the bridge (the site is now a monument on the river), nothing crosses the Ald.
    let text = edit(
        "kind: Bridge, hex: (5, 3)",
        "kind: CulturalSite, hex: (5, 3)",
    );
    let err = refused(&text);
    // The monument stands in the river and the road now crosses it without a bridge: both are
    // reported beside the objective.
    assert_eq!(err.problems.len(), 3, "{}", err.render(false));
    problem(&err, "a CulturalSite cannot stand on water or on a river");
    problem(&err, "crosses a river where no bridge stands");
    let p = problem(
        &err,
        "impossible objective: `eng1` cannot reach `aldbrook` even with every bridge intact",
    );
    assert_eq!(p.path, "objectives[1].condition");
    let at = spot(&text, "UnitInDistrict(", 0);
    assert_reported(&err, p, at, "give the force the means");
}

#[test]
fn objective_unit_in_district_for_a_unit_the_players_do_not_command() {
    let text = edit(
        "unit: \"eng1\", district: \"aldbrook\"",
        "unit: \"hn_rescue\", district: \"westfield\"",
    );
    let err = refused(&text);
    assert_eq!(err.problems.len(), 1, "{}", err.render(false));
    let p = problem(&err, "`hn_rescue` is not a force unit");
    assert_eq!(p.path, "objectives[1].condition");
    let at = spot(&text, "UnitInDistrict(", 0);
    assert_reported(&err, p, at, "give the force the means");
}

#[test]
fn objective_on_a_destroyed_site_with_no_force_engineer() {
    let destroyed = edit("condition: 0.3", "condition: 0.0");
    // With the engineers the destroyed bridge can still be repaired: accepted.
    assert!(cimic_core::load_str(NAME, &destroyed).is_ok());
    // Without them nothing can raise it to 0.5: impossible.
    let text = edit_text(&destroyed, "kind: Engineer", "kind: Infantry");
    let err = refused(&text);
    assert_eq!(err.problems.len(), 1, "{}", err.render(false));
    let p = problem(
        &err,
        "impossible objective: `ald_bridge` is at condition 0 and no force unit can repair it",
    );
    assert_eq!(p.path, "objectives[0].condition");
    let at = spot(&text, "InfraAtLeast(infra: \"ald_bridge\"", 0);
    assert_reported(&err, p, at, "give the force the means");
}

// ---------------------------------------------------------------------------------------------
// The file itself

#[test]
fn non_utf8_bytes_are_located() {
    let mut bytes = TUTORIAL.as_bytes().to_vec();
    let at = TUTORIAL.find("Aldbrook water works").unwrap() + 3;
    bytes[at] = 0xff; // in place of the `b` of "Aldbrook"
    let err = cimic_core::scenario::load::text_from_bytes(NAME, bytes).unwrap_err();
    assert_eq!(err.problems.len(), 1);
    let p = problem(&err, "not valid UTF-8");
    let (line, col) = spot(TUTORIAL, "Aldbrook water works", 3);
    assert_eq!(line, 75);
    assert_reported(&err, p, (line, col), "save the file as UTF-8");
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_parsing() {
    use cimic_core::scenario::load::{MAX_FILE_BYTES, text_from_bytes};
    assert!(text_from_bytes("big.ron", vec![b' '; MAX_FILE_BYTES]).is_ok());
    let err = text_from_bytes("big.ron", vec![b' '; MAX_FILE_BYTES + 1]).unwrap_err();
    assert_eq!(err.problems.len(), 1);
    let p = &err.problems[0];
    assert_eq!(
        p.message,
        format!(
            "the file is {} bytes; the limit is {MAX_FILE_BYTES}",
            MAX_FILE_BYTES + 1
        )
    );
    // No text to point into: the location is the file.
    assert_eq!(err.location(p), "big.ron");
    let rendered = flat(&err.render(false));
    assert!(rendered.contains("big.ron: the file is"), "{rendered}");
    assert!(rendered.contains("split the scenario"), "{rendered}");
}

#[test]
fn a_missing_file_is_a_readable_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-file.ron");
    let err = cimic_core::load_file(&path).unwrap_err();
    assert_eq!(err.problems.len(), 1);
    assert!(err.problems[0].message.starts_with("cannot read the file"));
    assert_eq!(err.location(&err.problems[0]), path.display().to_string());
}

// ---------------------------------------------------------------------------------------------
// All problems in one pass

#[test]
fn independent_problems_are_all_reported_in_one_pass() {
    let mut text = TUTORIAL.to_string();
    for (from, to) in [
        ("format: 1,", "format: 2,"),
        ("2026-04-06", "2026-13-01"),
        ("position: (1, 3)", "position: (1, 30)"),
        ("vulnerable_share: 0.35", "vulnerable_share: -0.1"),
        (
            "depends_on: [\"westfield_power\"]),\n        (id: \"westfield_well\"",
            "depends_on: [\"westfield_powr\"]),\n        (id: \"westfield_well\"",
        ),
        ("deadline: 4,", "deadline: 9,"),
    ] {
        text = edit_text(&text, from, to);
    }
    let err = refused(&text);
    let rendered = err.render(false);
    assert_eq!(err.problems.len(), 6, "{rendered}");
    let mut lines: Vec<String> = err
        .problems
        .iter()
        .map(|p| err.location(p).split(':').nth(1).unwrap().to_string())
        .collect();
    lines.sort_by_key(|l| l.parse::<usize>().unwrap());
    let mut expected: Vec<String> = [
        "format: 2,",
        "2026-13-01",
        "(1, 30)",
        "-0.1",
        "westfield_powr",
        "deadline: 9,",
    ]
    .iter()
    .map(|needle| spot(&text, needle, 0).0.to_string())
    .collect();
    expected.sort_by_key(|l| l.parse::<usize>().unwrap());
    assert_eq!(lines, expected);
    for p in &err.problems {
        assert!(rendered.contains(&err.location(p)), "{rendered}");
    }
    assert!(
        rendered.ends_with("tutorial.ron: 6 problems\n"),
        "{rendered}"
    );
}

// ---------------------------------------------------------------------------------------------
// Orders files

fn tutorial() -> cimic_core::Scenario {
    cimic_core::load_str(NAME, TUTORIAL).unwrap()
}

#[test]
fn orders_unknown_unit_and_turn_outside_the_exercise() {
    let text = "[\n    (turn: 1, orders: [Move(unit: \"eng2\", to: (4, 3))]),\n    (turn: 9, orders: [Hold(unit: \"inf1\")]),\n]\n";
    let err = cimic_core::orders::parse_orders("plan.orders.ron", text, &tutorial()).unwrap_err();
    assert_eq!(err.problems.len(), 2, "{}", err.render(false));

    let p = problem(&err, "unknown unit `eng2`");
    assert_eq!(p.path, "[0].orders[0].unit");
    let at = spot(text, "\"eng2\"", 0);
    assert_reported(&err, p, at, "did you mean `eng1`?");

    let p = problem(&err, "turn 9 is not in the exercise");
    assert_eq!(p.path, "[1].turn");
    let at = spot(text, "9, orders", 0);
    assert_reported(&err, p, at, "use a turn from 1 to 8");
}

#[test]
fn orders_syntax_error_is_located() {
    let text = "[\n    (turn: 1, orders: [Mvoe(unit: \"eng1\", to: (4, 3))]),\n]\n";
    let err = cimic_core::orders::parse_orders("plan.orders.ron", text, &tutorial()).unwrap_err();
    let p = problem(&err, "unknown variant `Mvoe`");
    assert_reported(&err, p, spot(text, "Mvoe", 0), "did you mean `Move`?");
}

#[test]
fn the_shipped_tutorial_orders_are_valid() {
    let text = include_str!("../../../scenarios/tutorial.orders.ron");
    let turns = cimic_core::orders::parse_orders("tutorial.orders.ron", text, &tutorial())
        .unwrap_or_else(|e| panic!("{}", e.render(false)));
    assert!(!turns.is_empty());
}

#[test]
fn road_crossing_a_river_where_no_bridge_stands() {
    let text = edit("kind: Bridge, hex: (5, 3)", "kind: Bridge, hex: (5, 5)");
    let err = refused(&text);
    let p = problem(&err, "crosses a river where no bridge stands");
    assert_eq!(p.path, "map.roads[0].path[5]");
    assert_eq!(
        p.message,
        "the road crosses a river where no bridge stands at (5, 3)"
    );
    let at = spot(&text, "(5, 3), (6, 3)", 0);
    assert_reported(&err, p, at, "add a Bridge site");
}

#[test]
fn a_site_standing_in_the_river() {
    let text = edit(
        "kind: CulturalSite, hex: (8, 2)",
        "kind: CulturalSite, hex: (5, 1)",
    );
    let err = refused(&text);
    let p = problem(&err, "cannot stand on water or on a river");
    assert_eq!(p.path, "infrastructure[6].hex");
    let at = spot(&text, "(5, 1), protected", 0);
    assert_reported(&err, p, at, "shore");
}

#[test]
fn validate_warns_about_unprotected_religious_sites_and_objectives_met_at_the_start() {
    use cimic_core::scenario::validate::advice::advice;
    let text = std::fs::read_to_string("../../scenarios/tutorial.ron").unwrap();
    let shipped = cimic_core::load_str("tutorial.ron", &text).unwrap();
    let holding = Simulation::new(&shipped, 1).unwrap().objectives_holding();
    assert!(
        advice(&shipped, &holding).is_empty(),
        "the tutorial protects its church and no objective is met before play: {holding:?}"
    );
    // Left out, protection follows the kind: a religious site is cultural property.
    let by_kind = text.replace(
        "kind: CulturalSite, hex: (8, 2), protected: CulturalProperty)",
        "kind: ReligiousSite, hex: (8, 2))",
    );
    let s = cimic_core::load_str("t.ron", &by_kind).unwrap();
    let church = s.infrastructure.iter().find(|x| x.id == "st_ann").unwrap();
    assert_eq!(
        church.protection(),
        cimic_core::scenario::format::Protection::CulturalProperty
    );
    assert!(advice(&s, &[]).is_empty());
    // The church's protection removed on purpose, and the bridge objective set below the
    // bridge's starting state.
    let changed = text
        .replace(
            "kind: CulturalSite, hex: (8, 2), protected: CulturalProperty)",
            "kind: ReligiousSite, hex: (8, 2), protected: None)",
        )
        .replace(
            "condition: InfraAtLeast(infra: \"ald_bridge\", value: 0.5)",
            "condition: InfraAtLeast(infra: \"ald_bridge\", value: 0.0)",
        );
    assert_ne!(changed, text);
    let s = cimic_core::load_str("t.ron", &changed).expect("still valid: warnings only");
    let holding = Simulation::new(&s, 1).unwrap().objectives_holding();
    assert_eq!(holding, vec!["reopen_bridge".to_string()]);
    let warnings = advice(&s, &holding);
    let paths: Vec<&str> = warnings.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths.len(), 2, "{warnings:?}");
    assert!(paths[0].starts_with("infrastructure[") && paths[0].ends_with("].protected"));
    assert_eq!(paths[1], "objectives[0].condition");
    assert!(
        warnings
            .iter()
            .all(|w| w.message.starts_with("warning:") && w.hint.is_some())
    );
    // Located like errors: file:line:col of the site's `protected`.
    let shown = cimic_core::scenario::load::locate("t.ron", &changed, warnings).render(false);
    assert!(shown.contains("t.ron:85:"), "{shown}");
}

#[test]
fn a_file_with_more_problems_than_are_drawn_counts_the_rest() {
    // A flood map of width 0: every unit and site falls outside it (about 60 problems).
    let text = std::fs::read_to_string("../../scenarios/flood_relief.ron")
        .unwrap()
        .replacen("        width: 30,", "        width: 0,", 1);
    let e = cimic_core::load_str("w0.ron", &text).expect_err("a 0-wide map is refused");
    let shown = cimic_core::scenario::diag::MAX_PROBLEMS_SHOWN;
    assert!(e.problems.len() > shown, "{} problems", e.problems.len());
    let rendered = e.render(false);
    for p in e.problems.iter().take(shown) {
        assert!(rendered.contains(&e.location(p)), "{}", e.location(p));
    }
    assert!(rendered.contains(&format!(
        "… and {} more problems not shown (fix the first ones and run again)",
        e.problems.len() - shown
    )));
}
