//! One act, one verdict (issue 13, docs/rules.md §13.2, §21.3): a key leader engagement in the
//! turn another CIMIC team holds a coordination meeting the leader attends engages the leader's
//! people in full — a meeting engages nobody's people — so efficiency counts it as the engagement
//! it was. Under rules version 12 the meeting counted as the turn's contact with the leader and the
//! engagement was judged "again too soon: its people heard it already", though it had moved them.
//! Found by the author of the held-out `harbour_cholera`, written from docs/ alone.

mod common;

use cimic_core::Order;
use cimic_core::orders::load_orders;
use cimic_core::sim::scoring::ledger::Metric;

#[test]
fn an_engagement_beside_a_meeting_counts_as_the_engagement_it_was() {
    let s = common::held_out("harbour_cholera");
    let path = common::repo("scenarios/candidates/harbour_cholera.orders.ron");
    let line = load_orders(&path, &s).unwrap_or_else(|e| panic!("{e}"));
    let mut sim = common::play_orders(&s, 1, &line, Some(11));
    // Turn 12: one team meets the actors of San Miguel, the Serrano council among them; the
    // other engages the council's leader.
    for o in [
        Order::CoordinationMeeting {
            unit: "cimic1".into(),
            district: "san_miguel".into(),
        },
        Order::Liaise {
            unit: "cimic2".into(),
            actor: "consejo_serrano".into(),
        },
    ] {
        sim.submit(o.clone())
            .unwrap_or_else(|r| panic!("{o:?} refused: {r}"));
    }
    let report = sim.advance();
    let engaged = report.log.iter().any(|l| {
        l.text
            .contains("cimic2 engages consejo_serrano (key leader engagement, 100%")
    });
    assert!(
        engaged,
        "the rule engages the council's people in full (§13.2)"
    );
    let verdict = report
        .ledger
        .iter()
        .find(|e| e.metric == Metric::Efficiency && e.entity == "cimic2")
        .expect("cimic2's turn is judged");
    assert!(
        verdict.amount > 0.0 && verdict.check.as_ref().is_some_and(|c| c.upheld),
        "efficiency judges the engagement as what it did: {}",
        verdict.text
    );
}
