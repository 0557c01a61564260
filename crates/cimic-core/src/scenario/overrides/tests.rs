use super::*;

fn flood() -> Base {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/flood_relief.ron"
    );
    let text = std::fs::read_to_string(path).expect("flood relief");
    Base::new("flood_relief.ron", &text).expect("valid")
}

fn set(path: &str, value: Value) -> Override {
    Override {
        path: path.to_string(),
        value,
    }
}

fn text(t: &str) -> Value {
    Value::Text(t.to_string())
}

#[test]
fn every_shipped_scenario_reads_back_unchanged_from_its_tree() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).expect("scenarios") {
        let path = entry.expect("entry").path();
        let name = path.display().to_string();
        if !name.ends_with(".ron") || name.ends_with(".orders.ron") {
            continue;
        }
        let base = Base::new(&name, &std::fs::read_to_string(&path).expect("read")).expect(&name);
        let back: Scenario = serde_json::from_value(base.tree.clone()).expect(&name);
        assert_eq!(&back, base.scenario(), "{name}");
        // A no-op override (a value set to itself) gives the same scenario too.
        let same = base
            .apply(&[set(
                "unrest.active_threshold",
                Value::Number(f64::from(base.scenario().unrest.active_threshold)),
            )])
            .expect(&name);
        assert_eq!(&same, base.scenario(), "{name}");
        n += 1;
    }
    assert_eq!(n, 7, "the seven shipped scenarios");
}

#[test]
fn overrides_reach_fields_by_id_by_position_and_nested() {
    let base = flood();
    let s = base
        .apply(&[
            set("actors.icrc.capacity", text("1234")),
            set("units[reeds_varna].strength", Value::Number(55.5)),
            set("units[0].supplies", text("40")),
            set("scoring.harm.casualties", text("2.5")),
            set("unrest.active_threshold", text(" 0.35 ")),
            set("actors.icrc.humanitarian", text("false")),
        ])
        .expect("valid overrides");
    let icrc = s.actors.iter().find(|a| a.id == "icrc").expect("icrc");
    assert_eq!(icrc.capacity, 1234);
    assert!(!icrc.humanitarian);
    let red = s
        .units
        .iter()
        .find(|u| u.id == "reeds_varna")
        .expect("unit");
    assert_eq!(red.strength, 55.5);
    assert_eq!(s.units[0].supplies, 40.0);
    assert_eq!(s.scoring.harm.casualties, 2.5);
    assert_eq!(s.unrest.active_threshold, 0.35);
    // Nothing else moved.
    let mut back = s.clone();
    back.actors = base.scenario().actors.clone();
    back.units = base.scenario().units.clone();
    back.scoring = base.scenario().scoring;
    back.unrest = base.scenario().unrest;
    assert_eq!(&back, base.scenario());
}

fn problems(e: OverrideError) -> Vec<Problem> {
    match e {
        OverrideError::Overrides(p) => p,
        OverrideError::Invalid(f) => panic!("expected override problems, got {}", f.render(false)),
    }
}

#[test]
fn a_wrong_path_says_where_it_stops_and_suggests_the_field() {
    let base = flood();
    let p = problems(
        base.apply(&[set("unrest.active_treshold", text("0.3"))])
            .unwrap_err(),
    );
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].path, "unrest.active_treshold");
    assert!(
        p[0].message
            .contains("`unrest` has no field `active_treshold`"),
        "{p:?}"
    );
    assert_eq!(
        p[0].hint.as_deref(),
        Some("did you mean `active_threshold`?")
    );
    let p = problems(
        base.apply(&[set("actors.icrcc.capacity", text("1"))])
            .unwrap_err(),
    );
    assert!(p[0].message.contains("no item with id `icrcc`"), "{p:?}");
    assert_eq!(p[0].hint.as_deref(), Some("did you mean `icrc`?"));
    let p = problems(
        base.apply(&[set("units[999].strength", text("1"))])
            .unwrap_err(),
    );
    assert!(p[0].message.contains("there is no item 999"), "{p:?}");
    let p = problems(base.apply(&[set("meta.turns.x", text("1"))]).unwrap_err());
    assert!(p[0].message.contains("single value"), "{p:?}");
    let p = problems(base.apply(&[set("scoring.harm", text("1"))]).unwrap_err());
    assert!(p[0].message.contains("structure"), "{p:?}");
    // An unknown last field with no near name is refused by the format's own check.
    let p = problems(base.apply(&[set("unrest.zzzz", text("1"))]).unwrap_err());
    assert!(p[0].message.contains("unknown field `zzzz`"), "{p:?}");
    for bad in ["", "a..b", "units[", "units[]", "[0]"] {
        assert!(base.apply(&[set(bad, text("1"))]).is_err(), "{bad:?}");
    }
}

#[test]
fn a_wrong_value_is_refused_with_its_path() {
    let base = flood();
    let p = problems(
        base.apply(&[set("actors.icrc.capacity", text("lots"))])
            .unwrap_err(),
    );
    assert!(
        p[0].message.contains("expected a number, found `lots`"),
        "{p:?}"
    );
    let p = problems(
        base.apply(&[set("actors.icrc.capacity", text("1.5"))])
            .unwrap_err(),
    );
    assert_eq!(p[0].path, "actors.icrc.capacity");
    assert!(p[0].message.contains("does not fit"), "{p:?}");
    let p = problems(
        base.apply(&[set("actors.icrc.capacity", Value::Number(f64::NAN))])
            .unwrap_err(),
    );
    assert!(p[0].message.contains("finite"), "{p:?}");
    let p = problems(
        base.apply(&[set("actors.icrc.humanitarian", text("maybe"))])
            .unwrap_err(),
    );
    assert!(p[0].message.contains("true or false"), "{p:?}");
}

#[test]
fn a_value_the_rules_refuse_is_located_by_validation() {
    let base = flood();
    let Err(OverrideError::Invalid(e)) =
        base.apply(&[set("units.reeds_varna.strength", text("150"))])
    else {
        panic!("a strength of 150 % must fail validation");
    };
    let text = OverrideError::Invalid(e.clone()).render();
    assert!(
        text.contains("with these overrides the scenario is not valid"),
        "{text}"
    );
    assert!(
        e.problems.iter().any(|p| p.path.contains("strength")),
        "{text}"
    );
    assert!(e.problems.iter().all(|p| p.span.is_some()), "{text}");
}
