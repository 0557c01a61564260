//! The projector's map labels on real sizes (issue 18): with the GUI's own scene and label layout
//! (`cimic_gui::scene::build`, `cimic_gui::layout::place`), for the flood exercise and the stress
//! scenario (60×40 hexes, 12 districts, 150 units, 200 sites, 40 actors), at 1920×1080 and
//! 1280×720, fitted and zoomed in: no two visible labels overlap, each lies in the map's part of
//! the window, and no text is below the minimum size. No window is opened.

#![cfg(feature = "gui")]

use bevy::math::{Rect, Vec2};
use cimic_core::record::Source;
use cimic_core::record::game::Game;
use cimic_gui::input::map_bounds;
use cimic_gui::layout::{MIN_TEXT_PX, MapView, first_overlap, place};
use cimic_gui::mapview::View;
use cimic_gui::scene::{self, priority};
use cimic_gui::session::Session;

const FLOOD: &str = "scenarios/flood_relief.ron";
const STRESS: &str = "tests/fixtures/stress.ron";

fn session(path: &str) -> Session {
    let text = std::fs::read_to_string(path).unwrap();
    let game = Game::new(path, &text, 3, Source::Manual).unwrap();
    Session::play(game, None).unwrap()
}

/// The map's part of the window as the projector's panels leave it (measured by `cimic play
/// --screenshot`, which prints it), and with the side panels collapsed (C).
fn free_rects(window: Vec2) -> Vec<(&'static str, Rect)> {
    let (header, bottom, left) = (FREE_TOP, FREE_BOTTOM, FREE_LEFT);
    // The right panel: 360 points wide on a wide window, as narrow as its tabs allow (320
    // points) on a 1280-pixel one (panels.rs).
    let right = if window.x >= 1600.0 { 450.0 } else { 400.0 };
    vec![
        (
            "panels",
            Rect::new(left, header, window.x - right, window.y - bottom),
        ),
        (
            "map only",
            Rect::new(0.0, header, window.x, window.y - bottom),
        ),
    ]
}

/// Panel sizes in logical pixels at the default UI scale, from the screenshot runs (which print
/// the map's area: `(375, 87)-(1470, 1025)` at 1920×1080, `(375, 87)-(880, 665)` at 1280×720).
const FREE_TOP: f32 = 87.0;
const FREE_BOTTOM: f32 = 55.0;
const FREE_LEFT: f32 = 375.0;

struct Checked {
    views: usize,
    labels: usize,
    districts_min: usize,
}

fn check(path: &str) -> Checked {
    let s = session(path);
    let sim = s.sim().unwrap();
    let bounds = map_bounds(sim.map());
    let n_districts = s.scenario.map.districts.len();
    let view = View::default();
    let mut out = Checked {
        views: 0,
        labels: 0,
        districts_min: usize::MAX,
    };
    for window in [Vec2::new(1920.0, 1080.0), Vec2::new(1280.0, 720.0)] {
        for (what, free) in free_rects(window) {
            let fitted = MapView::fit(bounds, window, free);
            // Fitted, then zoomed in twice and four times on three points of the map.
            let mut views = vec![fitted];
            for zoom in [2.0, 4.0] {
                for f in [0.25, 0.5, 0.75] {
                    views.push(MapView {
                        center: bounds.min + bounds.size() * f,
                        scale: fitted.scale / zoom,
                        ..fitted
                    });
                }
            }
            for (i, v) in views.iter().enumerate() {
                let scene = scene::build(&s, &view, v.scale);
                let placed = place(&scene.labels, v);
                let at = format!("{path} {window} {what} view {i}");
                assert_eq!(first_overlap(&placed), None, "{at}: labels overlap");
                for p in &placed {
                    assert!(p.px >= MIN_TEXT_PX, "{at}: '{}' at {} px", p.text, p.px);
                    assert!(
                        p.rect.min.cmpge(free.min).all() && p.rect.max.cmple(free.max).all(),
                        "{at}: '{}' outside the map area",
                        p.text
                    );
                }
                if i == 0 {
                    let districts = placed
                        .iter()
                        .filter(|p| scene.labels[p.group].priority == priority::DISTRICT)
                        .map(|p| p.group)
                        .collect::<std::collections::BTreeSet<_>>()
                        .len();
                    println!(
                        "{at}: scale {:.2}, {} of {} candidate groups placed as {} labels, {districts}/{n_districts} district names",
                        v.scale,
                        placed
                            .iter()
                            .map(|p| p.group)
                            .collect::<std::collections::BTreeSet<_>>()
                            .len(),
                        scene.labels.len(),
                        placed.len()
                    );
                    out.districts_min = out.districts_min.min(districts);
                }
                out.views += 1;
                out.labels += placed.len();
            }
        }
    }
    out
}

#[test]
fn flood_relief_labels_never_overlap_and_are_never_too_small() {
    let c = check(FLOOD);
    assert_eq!(c.views, 28);
    // Fitted, every one of the seven districts is named, at both resolutions.
    assert_eq!(c.districts_min, 7);
    assert!(c.labels > 28 * 10, "{} labels in all", c.labels);
}

#[test]
fn stress_scenario_labels_never_overlap_and_are_never_too_small() {
    let s = session(STRESS);
    let sim = s.sim().unwrap();
    assert_eq!(sim.map().len(), 60 * 40);
    assert_eq!(s.scenario.map.districts.len(), 12);
    assert_eq!(sim.units().len(), 150);
    assert_eq!(sim.infrastructure().len(), 200);
    assert_eq!(sim.actors().len(), 40);
    let c = check(STRESS);
    assert_eq!(c.views, 28);
    assert!(
        c.districts_min >= 8,
        "only {} district names",
        c.districts_min
    );
    assert!(c.labels > 28 * 10, "{} labels in all", c.labels);
}

#[test]
fn at_low_zoom_symbols_stack_with_a_count_and_zoomed_in_they_fan_out() {
    let s = session(STRESS);
    let view = View::default();
    let far = scene::build(&s, &view, 6.0);
    let near = scene::build(&s, &view, 0.5);
    // Far: many units and sites per stack, each with a "×N" count label and a hover list.
    assert!(far.stacks.len() >= 10, "{} stacks", far.stacks.len());
    let held: usize = far.stacks.iter().map(|st| st.lines.len()).sum();
    assert!(held >= 150, "{held} units and sites in stacks");
    let counts = far
        .labels
        .iter()
        .filter(|g| g.priority == priority::COUNT)
        .count();
    assert_eq!(counts, far.stacks.len());
    // Near: several times more symbols drawn, most units on their own with their label.
    let symbols = |sc: &scene::Scene| {
        sc.labels
            .iter()
            .filter(|g| [priority::COUNT, priority::UNIT, priority::SITE].contains(&g.priority))
            .count()
    };
    assert!(
        symbols(&near) > 2 * symbols(&far),
        "{} vs {}",
        symbols(&near),
        symbols(&far)
    );
    let alone = near
        .labels
        .iter()
        .filter(|g| g.priority == priority::UNIT)
        .count();
    assert!(alone >= 75, "{alone} units drawn alone when zoomed in");
}
