//! Effectiveness notices what the force does to the people, not only the objectives (issue 13,
//! docs/rules.md §21.2): civilians the force kills come off it point by point ("protection of
//! civilians"), and consent, which the information activities build, is half of the legitimacy
//! term. Under rules version 5 hunting the looters inside a town and dropping every information
//! campaign from a line both left effectiveness where it was (−0.12 and 0.00).

mod common;

use cimic_core::orders::TurnOrders;
use cimic_core::scenario::format::ActorKind;
use cimic_core::sim::scoring::ledger::{Cause, Metric};
use cimic_core::{Order, Simulation};

fn killed_by_force(sim: &Simulation) -> u32 {
    sim.groups().iter().map(|g| g.killed_by_force).sum()
}

#[test]
fn civilians_the_force_kills_in_a_town_come_off_effectiveness() {
    let s = common::scenario("divided_town");
    for seed in 1..=3 {
        let careful = common::play_named(&s, seed, "cimic-first").0;
        let hunter = common::play_named(&s, seed, "exploit-engage").0;
        let killed = killed_by_force(&hunter);
        assert!(
            killed > killed_by_force(&careful),
            "seed {seed}: hunting the adversary inside the town kills civilians ({killed})"
        );
        // The protection component is −1 point per civilian killed (up to the security share).
        let protection: f64 = hunter
            .ledger()
            .entries
            .iter()
            .filter(|e| {
                e.metric == Metric::Effectiveness
                    && e.cause == Cause::Rule("protection of civilians")
            })
            .map(|e| e.amount)
            .sum();
        assert!(
            protection <= -(killed.min(15) as f64) + 1e-6,
            "seed {seed}: {killed} killed, protection of civilians {protection:.2}"
        );
        let (e_careful, e_hunter) = (
            careful.scores().effectiveness,
            hunter.scores().effectiveness,
        );
        assert!(
            e_careful - e_hunter >= 3.0,
            "seed {seed}: effectiveness {e_careful:.2} with care, {e_hunter:.2} hunting in the town"
        );
    }
}

#[test]
fn a_line_without_its_information_activities_loses_effectiveness_on_every_seed() {
    let s = common::scenario("divided_town");
    let line = common::orders("divided_town", &s);
    // Information activities: the information campaigns and the key leader engagements (liaisons
    // with the communities' local leaders, docs/rules.md §13.2).
    let leaders: Vec<String> = s
        .actors
        .iter()
        .filter(|a| a.kind == ActorKind::LocalLeader)
        .map(|a| a.id.clone())
        .collect();
    let silent: Vec<TurnOrders> = line
        .iter()
        .map(|b| TurnOrders {
            orders: b
                .orders
                .iter()
                .filter(|o| match o {
                    Order::InformationCampaign { .. } => false,
                    Order::Liaise { actor, .. } => !leaders.contains(actor),
                    _ => true,
                })
                .cloned()
                .collect(),
            ..b.clone()
        })
        .collect();
    assert!(
        silent.iter().map(|b| b.orders.len()).sum::<usize>()
            < line.iter().map(|b| b.orders.len()).sum::<usize>(),
        "the shipped line has information activities to remove"
    );
    for seed in 1..=3 {
        let (with, without) = (
            common::play_orders(&s, seed, &line, None),
            common::play_orders(&s, seed, &silent, None),
        );
        let consent = |sim: &Simulation| -> f32 {
            let groups = sim.groups();
            let people: f32 = groups.iter().map(|g| g.size as f32).sum();
            groups
                .iter()
                .map(|g| g.consent * g.size as f32)
                .sum::<f32>()
                / people
        };
        assert!(
            consent(&with) > consent(&without) + 0.02,
            "seed {seed}: consent {:.3} with the information activities, {:.3} without",
            consent(&with),
            consent(&without)
        );
        let (e_with, e_without) = (with.scores().effectiveness, without.scores().effectiveness);
        assert!(
            e_with - e_without >= 1.0,
            "seed {seed}: effectiveness {e_with:.2} with the information activities, \
             {e_without:.2} without"
        );
    }
}
