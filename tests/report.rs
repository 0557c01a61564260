//! The after-action report on real records of every shipped scenario: one well-formed,
//! self-contained HTML file (no script, no external resource) with a chart per score and key
//! indicator and hex maps at the chosen turns; scenario text is escaped; the CSV has one row per
//! turn and district. Also the errors of `replay` and `resume` on missing or garbled files.

mod common;

use common::{cimic, dump, ok, record, s};
use std::path::Path;

/// HTML elements that have no end tag.
const VOID: [&str; 6] = ["meta", "br", "hr", "img", "input", "link"];

/// Checks that tags nest properly (every element closed, in order; void and self-closed
/// elements aside) and that no text holds a stray `<`; returns the element names in order.
fn well_formed(html: &str) -> Result<Vec<String>, String> {
    let body = html.strip_prefix("<!DOCTYPE html>").ok_or("no doctype")?;
    let mut stack: Vec<String> = Vec::new();
    let mut seen = Vec::new();
    let mut rest = body;
    while let Some(i) = rest.find('<') {
        let after = &rest[i + 1..];
        let end = after.find('>').ok_or("a tag is not closed")?;
        let tag = &after[..end];
        if tag.contains('<') {
            return Err(format!("`<` inside a tag: {tag}"));
        }
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack.pop().ok_or(format!("</{name}> closes nothing"))?;
            if open != name.trim() {
                return Err(format!("<{open}> closed by </{name}>"));
            }
        } else {
            let name: String = tag
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if name.is_empty() {
                return Err(format!("not a tag: <{tag}>"));
            }
            // Attribute values are quoted and hold no `<` or `>` (checked above).
            if tag.matches('"').count() % 2 != 0 {
                return Err(format!("unbalanced quotes in <{tag}>"));
            }
            seen.push(name.clone());
            if !tag.ends_with('/') && !VOID.contains(&name.as_str()) {
                stack.push(name);
            }
        }
        rest = &after[end + 1..];
    }
    if stack.is_empty() {
        Ok(seen)
    } else {
        Err(format!("never closed: {stack:?}"))
    }
}

/// The part of `html` inside the element with `id="…"`.
fn element<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no element {id}"));
    let end = html[start..].find("</figure>").expect("figure closes");
    &html[start..start + end]
}

#[test]
fn the_report_of_each_shipped_scenario_is_well_formed_self_contained_and_complete() {
    for (scenario, policy) in [
        ("scenarios/tutorial.ron", "kinetic"),
        ("scenarios/flood_relief.ron", "cimic-first"),
    ] {
        let temp = common::tempdir();
        let d = temp.path();
        let rec = record(d, scenario, policy, 1);
        let (html_path, csv_path) = (d.join("r.html"), d.join("r.csv"));
        let out = cimic(&[
            "report",
            &s(&rec),
            "--html",
            &s(&html_path),
            "--csv",
            &s(&csv_path),
        ]);
        ok(&out);
        let html = std::fs::read_to_string(&html_path).unwrap();
        let tags = well_formed(&html).unwrap_or_else(|e| panic!("{scenario}: {e}"));
        // Self-contained: no script at all, nothing fetched from anywhere.
        let lower = html.to_lowercase();
        for bad in [
            "<script", "http://", "https://", "src=", "href=", "@import", "url(",
        ] {
            assert!(
                !lower.contains(bad),
                "{scenario}: the report contains {bad}"
            );
        }
        assert!(
            tags.iter()
                .all(|t| t != "iframe" && t != "object" && t != "embed")
        );
        // A line chart per score and key indicator, each an inline SVG with axes.
        for key in [
            "effectiveness",
            "efficiency",
            "civil_harm",
            "objectives_met",
            "needs",
            "deaths",
            "displaced",
            "unrest",
        ] {
            let chart = element(&html, &format!("chart-{key}"));
            assert!(chart.contains("<svg"), "{scenario}: chart {key}");
            assert!(chart.contains("<polyline"), "{scenario}: chart {key}");
            assert!(
                chart.contains(">turn</text>"),
                "{scenario}: x label of {key}"
            );
        }
        // Maps at the start, middle and end, each with every hex of the map and the units.
        let s_ = cimic_core::load_file(Path::new(scenario)).unwrap();
        let hexes = (s_.map.width * s_.map.height) as usize;
        let turns = s_.meta.turns;
        for t in [0, turns / 2, turns] {
            let map = element(&html, &format!("map-{t}"));
            assert_eq!(
                map.matches("<polygon class=\"hex\"").count(),
                hexes,
                "{scenario}: map after turn {t}"
            );
            assert!(
                map.contains("class=\"friendly\""),
                "{scenario}: units drawn"
            );
            assert!(
                map.contains("class=\"border\""),
                "{scenario}: borders drawn"
            );
            for district in &s_.map.districts {
                assert!(map.contains(&format!(">{}</text>", district.name)));
            }
        }
        assert_eq!(html.matches("<svg class=\"map\"").count(), 3);
        for section in ["summary", "decisions", "doctrine", "causes", "facilitator"] {
            assert!(html.contains(&format!("id=\"{section}\"")), "{section}");
        }
        assert!(html.contains(&s_.meta.title));
        // The summary leads with what the trainees controlled, apart from the disaster's part.
        let summary = element(&html, "summary");
        assert!(
            summary.contains("the trainees' part") && summary.contains("which no order prevents"),
            "{scenario}: the harm split is not in the summary"
        );

        // The CSV: a header and one row per turn (0 to the end) per district.
        let csv = std::fs::read_to_string(&csv_path).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        let header: Vec<&str> = lines[0].split(',').collect();
        assert_eq!(&header[..4], ["turn", "district", "name", "people"]);
        assert!(header.contains(&"water") && header.contains(&"displaced"));
        let districts = s_.map.districts.len();
        assert_eq!(
            lines.len() - 1,
            (turns as usize + 1) * districts,
            "{scenario}"
        );
        for (i, line) in lines[1..].iter().enumerate() {
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!(cells.len(), header.len(), "{scenario} row {i}: {line}");
            assert_eq!(cells[0], (i / districts).to_string(), "turn column");
            assert_eq!(
                cells[1],
                s_.map.districts[i % districts].id,
                "district column"
            );
        }
    }
}

#[test]
fn scenario_text_is_escaped_and_map_turns_are_chosen() {
    let temp = common::tempdir();
    let d = temp.path();
    let text = std::fs::read_to_string("scenarios/tutorial.ron")
        .unwrap()
        .replacen(
            "title: \"The Bridge at Aldbrook\"",
            "title: \"<script>alert(1)</script> & <img src=x onerror=alert(2)>\"",
            1,
        )
        .replacen("name: \"Westfield\"", "name: \"West</text><b>field\"", 1);
    assert!(text.contains("<script>") && text.contains("West</text>"));
    let scenario = d.join("evil.ron");
    std::fs::write(&scenario, text).unwrap();
    let rec = record(d, &s(&scenario), "passive", 2);
    let html_path = d.join("r.html");
    ok(&cimic(&[
        "report",
        &s(&rec),
        "--html",
        &s(&html_path),
        "--map-turns",
        "2,1",
    ]));
    let html = std::fs::read_to_string(&html_path).unwrap();
    well_formed(&html).unwrap();
    assert!(!html.contains("<script") && !html.contains("<img") && !html.contains("<b>field"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img"));
    assert!(html.contains("West&lt;/text&gt;&lt;b&gt;field"));
    assert_eq!(html.matches("<svg class=\"map\"").count(), 2);
    assert!(html.contains("id=\"map-1\"") && html.contains("id=\"map-2\""));

    // An existing file is not overwritten; a map turn beyond the record is refused.
    let out = cimic(&["report", &s(&rec), "--html", &s(&html_path)]);
    assert_eq!(out.status.code(), Some(1), "{}", dump(&out));
    let other = d.join("o.html");
    let out = cimic(&[
        "report",
        &s(&rec),
        "--html",
        &s(&other),
        "--map-turns",
        "0,99",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", dump(&out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--map-turns 99"));
    assert!(!other.exists());
}

#[test]
fn replay_and_resume_of_missing_or_garbled_files_exit_1_naming_the_file() {
    let temp = common::tempdir();
    let d = temp.path();
    let missing = d.join("missing.rec");
    let garbled = d.join("garbled.rec");
    std::fs::write(&garbled, "this is not a record\nnor is this\n").unwrap();
    let rec = record(d, "scenarios/tutorial.ron", "passive", 1);
    // A record edited by hand in the middle: the frame's checksum no longer matches.
    let edited = d.join("edited.journal");
    let text = std::fs::read_to_string(&rec).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[2] = lines[2].replacen('1', "2", 1);
    std::fs::write(&edited, lines.join("\n") + "\n").unwrap();
    for (args, file) in [
        (vec!["replay", &s(&missing), "--verify"], &missing),
        (vec!["replay", &s(&garbled), "--verify"], &garbled),
        (vec!["replay", &s(&edited), "--verify"], &edited),
        (vec!["resume", &s(&garbled)], &garbled),
        (vec!["resume", &s(&edited)], &edited),
        (vec!["resume", &s(&missing)], &missing),
        (vec!["report", &s(&garbled), "--html", "x.html"], &garbled),
    ] {
        let out = cimic(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", dump(&out));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&s(file)), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
    assert!(!common::repo("x.html").exists());
}

#[test]
fn bookmarks_notes_and_overrides_from_the_record_are_in_the_report() {
    use cimic_core::record::Source;
    use cimic_core::record::game::Game;
    use cimic_core::sim::facilitator::{FacilitatorAction, Field};
    let temp = common::tempdir();
    let d = temp.path();
    let text = std::fs::read_to_string("scenarios/tutorial.ron").unwrap();
    let mut game = Game::new("scenarios/tutorial.ron", &text, 4, Source::Manual).unwrap();
    while !game.sim().finished() {
        match game.sim().turn() + 1 {
            2 => game
                .facilitate(FacilitatorAction::Bookmark {
                    label: "the <bridge> question".into(),
                })
                .unwrap(),
            3 => game
                .facilitate(FacilitatorAction::Annotate {
                    text: "cell asked for the mayor & the NGO".into(),
                })
                .unwrap(),
            5 => game
                .facilitate(FacilitatorAction::Override {
                    entity: "eng1".into(),
                    field: Field::Supplies,
                    value: 20.0,
                    rationale: "convoy lost in the storm".into(),
                })
                .unwrap(),
            _ => {}
        }
        game.advance().unwrap();
    }
    let rec = d.join("notes.rec");
    std::fs::write(&rec, game.record().to_text()).unwrap();
    let html_path = d.join("r.html");
    ok(&cimic(&["report", &s(&rec), "--html", &s(&html_path)]));
    let html = std::fs::read_to_string(&html_path).unwrap();
    well_formed(&html).unwrap();
    let section = &html[html.find("id=\"facilitator\"").unwrap()..];
    let section = &section[..section.find("<h2").unwrap()];
    for want in [
        "<td class=\"n\">2</td><td>Bookmark</td><td>the &lt;bridge&gt; question</td>",
        "<td class=\"n\">3</td><td>Note</td><td>cell asked for the mayor &amp; the NGO</td>",
        "Override",
        "convoy lost in the storm",
    ] {
        assert!(section.contains(want), "{want} not in {section}");
    }
    // The bookmark is marked on every chart.
    assert_eq!(
        html.matches("bookmark: the &lt;bridge&gt; question")
            .count(),
        8,
        "one mark per chart"
    );
}
