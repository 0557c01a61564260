//! The map editor's model, headless (issue 18 item 4): paint, place, undo, save; the saved file
//! validates, plays, and differs from the original only where edited. A map painted from empty
//! plays too.

use cimic_core::Simulation;
use cimic_core::scenario::edit::{EditOp, Editor, EntityKind};
use cimic_core::scenario::format::{Scenario, Terrain};
use cimic_core::scenario::load_str;
use cimic_core::scenario::locate::SpanIndex;

const TUTORIAL: &str = include_str!("../../../scenarios/tutorial.ron");

/// Plays every turn of a scenario with nobody giving orders: it loads into a game and runs.
fn plays(s: &Scenario) -> u32 {
    let mut sim = Simulation::new(s, 7).unwrap_or_else(|p| panic!("does not start: {p:?}"));
    let mut turns = 0;
    while sim.turn() < sim.turns() {
        sim.advance();
        turns += 1;
    }
    turns
}

/// `text` with the values at `paths` cut out, to compare what an edit must not touch.
fn without(text: &str, paths: &[&str]) -> String {
    let index = SpanIndex::build(text);
    let mut spans: Vec<(usize, usize)> = paths
        .iter()
        .map(|p| index.exact(p).unwrap_or_else(|| panic!("{p} not written")))
        .collect();
    spans.sort();
    let mut out = String::new();
    let mut at = 0;
    for (s, e) in spans {
        out.push_str(&text[at..s]);
        out.push_str("<cut>");
        at = e;
    }
    out.push_str(&text[at..]);
    out
}

#[test]
fn paint_place_undo_save_gives_a_file_that_validates_plays_and_differs_only_where_edited() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tutorial.ron");
    std::fs::write(&path, TUTORIAL).unwrap();
    let mut ed = Editor::open(&path).unwrap();
    assert!(ed.problems().is_empty(), "{:?}", ed.problems());

    // Paint three hexes of Aldbrook into Westfield.
    let painted = vec![(6, 6), (6, 7), (7, 7)];
    ed.apply(&EditOp::PaintDistrict {
        hexes: painted.clone(),
        district: Some("westfield".into()),
    })
    .unwrap();
    ed.apply(&EditOp::Place {
        kind: EntityKind::Unit,
        at: (2, 3),
        subtype: "Engineer".into(),
    })
    .unwrap();
    ed.apply(&EditOp::Place {
        kind: EntityKind::Site,
        at: (1, 1),
        subtype: "Clinic".into(),
    })
    .unwrap();
    let sites_before = ed.scenario().infrastructure.len();
    assert!(ed.undo(), "one step back: the clinic goes");
    assert_eq!(ed.scenario().infrastructure.len(), sites_before - 1);
    assert_eq!(ed.history(), (2, 1));
    assert!(ed.problems().is_empty(), "{:?}", ed.problems());

    let saved = ed.save(&path).unwrap();
    assert!(saved.spliced, "only the edited sections rewritten");
    assert!(saved.problems.is_empty(), "{:?}", saved.problems);
    let bak = saved.backup.expect("a backup of the old file");
    assert_eq!(std::fs::read_to_string(&bak).unwrap(), TUTORIAL);

    let text = std::fs::read_to_string(&path).unwrap();
    let loaded = load_str("tutorial.ron", &text).unwrap_or_else(|e| panic!("{}", e.render(false)));
    assert_eq!(&loaded, ed.scenario());
    assert_eq!(plays(&loaded), loaded.meta.turns);
    // The new unit is there, the undone clinic is not, the hexes moved district.
    assert!(
        loaded
            .units
            .iter()
            .any(|u| u.position == (2, 3) && u.id == "engineer")
    );
    assert!(!loaded.infrastructure.iter().any(|s| s.hex == (1, 1)));
    for p in painted {
        assert_eq!(
            cimic_core::scenario::edit::district_at(&loaded.map, p).as_deref(),
            Some("westfield")
        );
    }
    // Everything outside the edited elements (the two districts that traded hexes, the units
    // list that gained one) is byte for byte the original, comments too.
    let edited = ["map.districts[0]", "map.districts[1]", "units"];
    assert_eq!(without(&text, &edited), without(TUTORIAL, &edited));
    assert!(text.contains("// Tutorial: \"The Bridge at Aldbrook\""));
    let old_units = &TUTORIAL[SpanIndex::build(TUTORIAL).exact("units").unwrap().0..];
    let first_unit = SpanIndex::build(old_units).exact("[0]").unwrap();
    assert!(text.contains(&old_units[first_unit.0..first_unit.1]));
}

#[test]
fn a_scenario_painted_from_an_empty_map_plays() {
    let mut ed = Editor::new_map("new.ron", "painted", 12, 8).unwrap();
    assert!(
        ed.problems().iter().any(|p| p.path == "map.districts"),
        "an empty map has no district yet"
    );
    let left: Vec<(i32, i32)> = (0..8).flat_map(|r| (0..6).map(move |c| (c, r))).collect();
    let right: Vec<(i32, i32)> = (0..8).flat_map(|r| (6..12).map(move |c| (c, r))).collect();
    ed.apply(&EditOp::AddDistrict {
        id: "west".into(),
        name: "West".into(),
    })
    .unwrap();
    ed.apply(&EditOp::AddDistrict {
        id: "east".into(),
        name: "East".into(),
    })
    .unwrap();
    ed.apply(&EditOp::PaintDistrict {
        hexes: left,
        district: Some("west".into()),
    })
    .unwrap();
    ed.apply(&EditOp::PaintDistrict {
        hexes: right,
        district: Some("east".into()),
    })
    .unwrap();
    let forest = vec![(1, 1), (2, 1), (1, 2)];
    ed.apply(&EditOp::PaintTerrain {
        hexes: forest.clone(),
        terrain: Terrain::Forest,
    })
    .unwrap();
    let river: Vec<(i32, i32)> = (0..8).map(|r| (6, r)).collect();
    ed.apply(&EditOp::PaintRiver {
        hexes: river,
        river: "brook".into(),
        on: true,
    })
    .unwrap();
    let road: Vec<(i32, i32)> = (0..12).map(|c| (c, 4)).collect();
    ed.apply(&EditOp::PaintRoad {
        hexes: road,
        road: "road".into(),
        on: true,
    })
    .unwrap();
    for (kind, at, sub) in [
        (EntityKind::Site, (6, 4), "Bridge"),
        (EntityKind::Site, (8, 3), "Clinic"),
        (EntityKind::Unit, (1, 4), "Engineer"),
        (EntityKind::Unit, (2, 4), "Medical"),
        (EntityKind::Actor, (9, 5), "Ngo"),
    ] {
        ed.apply(&EditOp::Place {
            kind,
            at,
            subtype: sub.into(),
        })
        .unwrap();
    }
    assert!(ed.problems().is_empty(), "{:?}", ed.problems());

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("painted.ron");
    let saved = ed.save(&path).unwrap();
    assert_eq!(saved.backup, None, "nothing to back up for a new file");
    assert!(saved.spliced, "painted into the new map's own text");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("// A new scenario, drawn in `cimic edit`"));
    let s = load_str("painted.ron", &text).unwrap_or_else(|e| panic!("{}", e.render(false)));
    assert_eq!(&s, ed.scenario());
    let map = cimic_core::map::HexMap::from_spec(&s.map);
    for p in forest {
        assert_eq!(map.terrain[map.index(p).unwrap()], Terrain::Forest);
    }
    assert_eq!(plays(&s), s.meta.turns);
}

#[test]
fn a_brush_stroke_is_one_undo_step_and_redo_restores_it() {
    let mut ed = Editor::from_text("t.ron", TUTORIAL).unwrap();
    let original = ed.scenario().clone();
    ed.apply(&EditOp::PaintTerrain {
        hexes: vec![(0, 5)],
        terrain: Terrain::Marsh,
    })
    .unwrap();
    for p in [(1, 5), (2, 5), (3, 5)] {
        ed.apply_continuing(&EditOp::PaintTerrain {
            hexes: vec![p],
            terrain: Terrain::Marsh,
        })
        .unwrap();
    }
    let painted = ed.scenario().clone();
    assert_eq!(ed.history(), (1, 0));
    assert!(ed.undo());
    assert_eq!(ed.scenario(), &original);
    assert!(!ed.is_dirty());
    assert!(!ed.undo(), "nothing more to undo");
    assert!(ed.redo());
    assert_eq!(ed.scenario(), &painted);
    // A new edit after an undo forgets what could be redone.
    assert!(ed.undo());
    ed.apply(&EditOp::Delete {
        kind: EntityKind::Unit,
        id: original.units[0].id.clone(),
    })
    .unwrap();
    assert_eq!(ed.history(), (1, 0));
}

#[test]
fn fields_are_checked_like_the_loader_and_problems_sit_beside_their_field() {
    let mut ed = Editor::from_text("t.ron", TUTORIAL).unwrap();
    let fields = cimic_core::scenario::edit::entity_fields(ed.scenario(), EntityKind::Unit, 0);
    let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(&names[..4], ["id", "name", "side", "kind"]);
    let before = ed.scenario().clone();
    // A value of the wrong type is refused with the parser's message and changes nothing.
    let err = ed
        .set_field(EntityKind::Unit, 0, "kind", "Wizard")
        .unwrap_err();
    assert!(err.contains("Wizard"), "{err}");
    let err = ed
        .set_field(EntityKind::Unit, 0, "strength", "\"full\"")
        .unwrap_err();
    assert!(!err.is_empty());
    assert_eq!(ed.scenario(), &before);
    assert_eq!(ed.history(), (0, 0));
    // A value of the right type that breaks a rule is set and reported beside its field.
    ed.set_field(EntityKind::Unit, 0, "strength", "150.0")
        .unwrap();
    assert_eq!(ed.scenario().units[0].strength, 150.0);
    let beside = ed.field_problems(EntityKind::Unit, 0);
    assert!(
        beside
            .iter()
            .any(|(f, m)| f == "strength" && m.contains("150")),
        "{beside:?}"
    );
    // A renamed side leaves its units pointing at nothing: reported on the unit's `side`.
    ed.set_field(EntityKind::Unit, 0, "side", "\"nobody\"")
        .unwrap();
    assert!(
        ed.field_problems(EntityKind::Unit, 0)
            .iter()
            .any(|(f, _)| f == "side")
    );
}

#[test]
fn moving_and_deleting_rewrite_only_their_element_and_roads_split_where_cut() {
    let mut ed = Editor::from_text("t.ron", TUTORIAL).unwrap();
    let unit = ed.scenario().units[1].id.clone();
    ed.apply(&EditOp::Move {
        kind: EntityKind::Unit,
        id: unit,
        to: (3, 4),
    })
    .unwrap();
    let site = ed.scenario().infrastructure.last().unwrap().id.clone();
    ed.apply(&EditOp::Delete {
        kind: EntityKind::Site,
        id: site,
    })
    .unwrap();
    ed.apply(&EditOp::PaintRoad {
        hexes: vec![(4, 3)],
        road: "main_road".into(),
        on: false,
    })
    .unwrap();
    let roads = &ed.scenario().map.roads;
    assert_eq!(roads.len(), 2, "cut in two: {roads:?}");
    assert_eq!(roads[0].path.last(), Some(&(3, 3)));
    assert_eq!(roads[1].path.first(), Some(&(5, 3)));
    let (text, spliced) = ed.to_text();
    assert!(spliced);
    let back: Scenario = load_str("t.ron", &text).unwrap_or_else(|e| panic!("{}", e.render(false)));
    assert_eq!(&back, ed.scenario());
    let old = SpanIndex::build(TUTORIAL);
    let new = SpanIndex::build(&text);
    let at = |i: &SpanIndex, t: &'static str, p: &str| {
        let (s, e) = i.exact(p).unwrap();
        t[s..e].to_string()
    };
    // Unit 0 untouched, byte for byte; unit 1 rewritten.
    assert_eq!(
        at(&old, TUTORIAL, "units[0]"),
        text[new.exact("units[0]").unwrap().0..new.exact("units[0]").unwrap().1]
    );
    assert_eq!(
        without(&text, &["units[1]", "infrastructure", "map.roads"]),
        without(TUTORIAL, &["units[1]", "infrastructure", "map.roads"])
    );
}

#[test]
fn a_file_that_does_not_parse_is_refused_with_a_location_and_a_bad_size_is_refused() {
    let err = Editor::from_text("bad.ron", "Scenario(format: 1, meta: (")
        .err()
        .unwrap();
    assert!(err.problems[0].span.is_some());
    assert!(Editor::new_map("n.ron", "n", 0, 5).is_err());
    assert!(Editor::new_map("n.ron", "n", 10_000, 5).is_err());
}

#[test]
fn a_hex_painted_away_and_back_leaves_the_file_as_it_was() {
    let mut ed = Editor::from_text("t.ron", TUTORIAL).unwrap();
    for district in ["aldbrook", "westfield"] {
        ed.apply(&EditOp::PaintDistrict {
            hexes: vec![(0, 0), (1, 0)],
            district: Some(district.into()),
        })
        .unwrap();
    }
    assert!(!ed.is_dirty(), "back to the rectangles as written");
    let (text, spliced) = ed.to_text();
    assert!(spliced);
    assert_eq!(text, TUTORIAL);
    // Taking a corner out leaves the rest in reading order, in one list.
    ed.apply(&EditOp::PaintDistrict {
        hexes: vec![(0, 0)],
        district: None,
    })
    .unwrap();
    let areas = &ed.scenario().map.districts[0].areas;
    let cimic_core::scenario::format::Area::Hexes(list) = &areas[0] else {
        panic!("{areas:?}");
    };
    assert_eq!((list.len(), list[0], list[1]), (39, (1, 0), (2, 0)));
}
