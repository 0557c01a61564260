//! The after-action review's "largest causes": each line says how many ledger entries its sum is
//! made of, and over all causes the lines account for every entry and every point of the score.

mod common;

use cimic_core::aar::timeline::Timeline;
use cimic_core::record::Source;
use cimic_core::record::game::Game;
use cimic_core::sim::scoring::ledger::Metric;

#[test]
fn every_cause_line_counts_its_entries_and_all_lines_make_up_the_score() {
    let text = common::scenario_text("tutorial");
    let mut game = Game::new("scenarios/tutorial.ron", &text, 2, Source::Manual).unwrap();
    for _ in 0..8 {
        game.advance().unwrap();
    }
    let timeline = Timeline::build(game.record(), &[]).unwrap();
    let ledger = game.sim().ledger();
    for metric in Metric::ALL {
        let lines = timeline.top_causes(metric, 1..=8, usize::MAX);
        let listed: usize = lines.iter().map(|l| l.entries).sum();
        let written = ledger
            .entries
            .iter()
            .filter(|e| e.metric == metric && e.turn >= 1)
            .count();
        assert_eq!(listed, written, "{metric:?}: every entry in one line");
        assert!(lines.iter().all(|l| l.entries >= 1), "{metric:?}");
        let points: f64 = lines.iter().map(|l| l.amount).sum();
        let change = ledger.total(metric, 8) - ledger.total(metric, 0);
        assert!(
            (points - change).abs() < 1e-6,
            "{metric:?}: {points} vs {change}"
        );
    }
}
