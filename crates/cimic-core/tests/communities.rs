//! The community rules (docs/rules.md §13.1–13.3): impartiality, key leader engagement and
//! inter-communal tension, on "Two communities": a *west* district where 5 000 Alder and 3 000
//! Birch live side by side, an *east* district of 5 000 Birch, the Birch elders (a local leader
//! speaking for the Birch in both), two logistics units and a CIMIC team. Nobody else serves,
//! and civil unrest is off so that the rules under test are seen alone.

mod common;

use cimic_core::scenario::format::Sector;
use cimic_core::sim::scoring::doctrine::Principle;
use cimic_core::sim::scoring::ledger::{Metric, Origin};
use cimic_core::{Order, Simulation};
use common::{group, ok, start};

fn text(events: &str) -> String {
    format!(
        r#"Scenario(
    format: 1,
    meta: (id: "communities", title: "Two communities", turns: 12, start_date: "2026-05-01"),
    map: (
        width: 8, height: 4,
        terrain: (fill: Rural),
        districts: [
            (id: "west", name: "West", areas: [Rect(min: (0, 0), max: (3, 3))]),
            (id: "east", name: "East", areas: [Rect(min: (4, 0), max: (7, 3))]),
        ],
    ),
    sides: [(id: "blue", name: "Blue", role: Force)],
    units: [
        (id: "log1", side: "blue", kind: Logistics, position: (1, 1)),
        (id: "log2", side: "blue", kind: Logistics, position: (6, 2)),
        (id: "cimic1", side: "blue", kind: CimicTeam, position: (2, 2)),
    ],
    population: [
        (id: "west_alder", district: "west", size: 5000, community: "Alder",
         needs: (water: 0.4, food: 0.5, shelter: 0.4)),
        (id: "west_birch", district: "west", size: 3000, community: "Birch",
         needs: (water: 0.4, food: 0.5, shelter: 0.4)),
        (id: "east_birch", district: "east", size: 5000, community: "Birch",
         needs: (water: 0.4, food: 0.5, shelter: 0.4)),
    ],
    actors: [
        (id: "birch_elders", name: "Birch elders", kind: LocalLeader, mandate: [Shelter],
         capacity: 500, districts: ["west", "east"], trust: 0.4, community: "Birch"),
    ],
    events: [{events}],
    unrest: (max_citizens: 0),
)"#
    )
}

fn game() -> Simulation {
    start("communities.ron", &text(""), 1)
}

fn play(sim: &mut Simulation, turns: u32, mut orders: impl FnMut(&mut Simulation, u32)) {
    for _ in 0..turns {
        let t = sim.turn() + 1;
        orders(sim, t);
        sim.advance();
    }
}

fn liaise(sim: &mut Simulation) {
    ok(
        sim,
        Order::Liaise {
            unit: "cimic1".into(),
            actor: "birch_elders".into(),
        },
    );
}

fn aid(sim: &mut Simulation, unit: &str, district: &str) {
    ok(
        sim,
        Order::ProvideAid {
            unit: unit.into(),
            district: district.into(),
            sector: Sector::Water,
        },
    );
}

#[test]
fn tension_builds_only_where_communities_share_a_district() {
    let mut sim = game();
    play(&mut sim, 4, |_, _| {});
    let (alder, birch, east) = (
        group(&sim, "west_alder"),
        group(&sim, "west_birch"),
        group(&sim, "east_birch"),
    );
    assert!(birch.tension > alder.tension, "the minority feels it more");
    assert!(alder.tension > 0.05, "{}", alder.tension);
    // Alone in its district the east competes with nobody but the few who fled to it.
    assert!(east.tension < 0.1 * alder.tension, "{}", east.tension);
    // Tension is hardship people feel: it raises grievance above (1 − w)(1 − L).
    let w = |g: &cimic_core::sim::GroupView| cimic_core::sim::population::wellbeing(&g.needs);
    let plain = (1.0 - w(&birch)) * (1.0 - birch.legitimacy);
    assert!(
        birch.grievance > plain + 0.01,
        "{} vs {plain}",
        birch.grievance
    );
    let east_plain = (1.0 - w(&east)) * (1.0 - east.legitimacy);
    assert!(east.grievance - east_plain < 0.1 * (birch.grievance - plain));
}

#[test]
fn a_key_leader_engagement_moves_the_people_the_leader_speaks_for() {
    let mut quiet = game();
    play(&mut quiet, 4, |_, _| {});
    let mut kle = game();
    play(&mut kle, 4, |s, t| {
        if t == 4 {
            liaise(s);
        }
    });
    let (q, k) = (group(&quiet, "west_birch"), group(&kle, "west_birch"));
    assert!(
        k.tension < 0.6 * q.tension,
        "{} vs {}",
        k.tension,
        q.tension
    );
    assert!(
        k.consent > q.consent + 0.02,
        "{} vs {}",
        k.consent,
        q.consent
    );
    assert!(group(&kle, "east_birch").consent > group(&quiet, "east_birch").consent);
    // The Alder do not hear the Birch elders.
    let (qa, ka) = (group(&quiet, "west_alder"), group(&kle, "west_alder"));
    assert_eq!(qa.consent, ka.consent);
    // The ledger: a full engagement, engagement upheld.
    let entry = kle
        .ledger()
        .entries
        .iter()
        .find(|e| e.turn == 4 && e.text.contains("key leader engagement"))
        .expect("an efficiency entry for the engagement");
    assert!(
        entry.text.contains("100% of a full engagement"),
        "{}",
        entry.text
    );
    assert_eq!(
        entry.check.map(|c| (c.principle, c.upheld)),
        Some((Principle::Engagement, true))
    );
}

#[test]
fn engaging_the_same_leader_every_turn_pays_no_more_than_pacing() {
    let mut pump = game();
    play(&mut pump, 9, |s, _| liaise(s));
    let mut paced = game();
    play(&mut paced, 9, |s, t| {
        if t % 4 == 1 {
            liaise(s);
        }
    });
    for id in ["west_birch", "east_birch"] {
        let (p, q) = (group(&pump, id), group(&paced, id));
        assert!(
            p.consent <= q.consent + 0.01,
            "{id}: {} vs {}",
            p.consent,
            q.consent
        );
    }
    // The repeats are worth a quarter of a full engagement each: efficiency falls.
    assert!(pump.scores().efficiency < paced.scores().efficiency - 5.0);
    let repeat = pump
        .ledger()
        .entries
        .iter()
        .find(|e| e.turn == 2 && e.text.contains("key leader engagement"))
        .expect("the second engagement is judged");
    assert!(
        repeat.text.contains("25% of a full engagement"),
        "{}",
        repeat.text
    );
}

/// The ledger entries that breach impartiality (docs/rules.md §13.1).
fn impartiality_breaches(sim: &Simulation) -> Vec<&cimic_core::sim::scoring::ledger::Entry> {
    sim.ledger()
        .entries
        .iter()
        .filter(|e| {
            e.check
                .is_some_and(|c| c.principle == Principle::Impartiality)
        })
        .collect()
}

#[test]
fn help_to_one_community_only_is_seen_as_partial() {
    // Both logistics units serve only the east, where only Birch live.
    let mut partial = game();
    play(&mut partial, 8, |s, t| {
        if t == 1 {
            aid(s, "log2", "east");
        }
    });
    let breaches = impartiality_breaches(&partial);
    assert!(!breaches.is_empty(), "the Alder see the force taking sides");
    // The worked example of docs/rules.md §13.1: from the third turn of help (a pattern, rules
    // version 10), full severity, 1 × 3 points.
    let first = breaches[0];
    assert_eq!(first.turn, 3);
    assert!((first.amount - 3.0).abs() < 1e-6, "{}", first.amount);
    assert!(
        first.text.contains("Alder got 0% of the share"),
        "{}",
        first.text
    );
    assert!(first.text.contains("(consent −0.030)"), "{}", first.text);
    for e in &breaches {
        assert_eq!(e.metric, Metric::CivilHarm);
        assert_eq!(e.origin, Some(Origin::Force));
        assert_eq!(e.entity, "Alder");
        assert!(e.text.contains("favoured Birch over Alder"), "{}", e.text);
        assert!(!e.check.unwrap().upheld);
    }
    assert_eq!(breaches.len(), 6, "turns 3 to 8");
    // The same effort split by need: log1 serves the west, where both communities live.
    let mut fair = game();
    play(&mut fair, 8, |s, t| {
        if t == 1 {
            aid(s, "log2", "east");
            aid(s, "log1", "west");
        }
    });
    assert!(impartiality_breaches(&fair).is_empty());
    assert!(group(&fair, "west_alder").consent > group(&partial, "west_alder").consent);
    // The impartial line scores better than the partial one on both counts.
    assert!(
        fair.scores().effectiveness > partial.scores().effectiveness,
        "{:?} vs {:?}",
        fair.scores(),
        partial.scores()
    );
    assert!(fair.scores().civil_harm < partial.scores().civil_harm);
    // Serving nobody avoids the charge but leaves the need: more people go without.
    let mut nobody = game();
    play(&mut nobody, 8, |_, _| {});
    let water = |sim: &Simulation| group(sim, "west_alder").needs[Sector::Water.index()];
    assert!(water(&fair) > water(&nobody) + 0.1);
}

#[test]
fn the_scores_still_add_up_with_the_community_rules() {
    let mut sim = game();
    play(&mut sim, 8, |s, t| {
        if t == 1 {
            aid(s, "log2", "east");
        }
        if t % 3 == 1 {
            liaise(s);
        }
    });
    let direct = sim.scores_direct();
    let ledger = sim.scores();
    assert!((direct.effectiveness - ledger.effectiveness).abs() < 1e-6);
    assert!((direct.efficiency - ledger.efficiency).abs() < 1e-6);
    assert!((direct.civil_harm - ledger.civil_harm).abs() < 1e-6);
}

#[test]
fn a_local_leaders_delivery_counts_toward_local_ownership() {
    let mut sim = game();
    play(&mut sim, 1, |_, _| {});
    // Nobody but the elders delivers anything: ownership is all local.
    let text = sim
        .ledger()
        .entries
        .iter()
        .find(|e| e.turn == 1 && e.entity == "east" && e.text.contains("local ownership"))
        .map(|e| e.text.clone())
        .expect("the legitimacy term moved in the east");
    assert!(text.contains("local ownership (100%)"), "{text}");
}

#[test]
fn displaced_people_keep_their_community() {
    let mut sim = start(
        "communities.ron",
        &text(
            r#"(id: "flood", title: "Flood", trigger: AtTurn(1),
               effects: [Displace(district: "east", share: 0.2)])"#,
        ),
        1,
    );
    assert_eq!(group(&sim, "idp:west").community, "displaced");
    play(&mut sim, 2, |_, _| {});
    let idp = group(&sim, "idp:west");
    assert_eq!(idp.size, 1000);
    assert_eq!(idp.community, "Birch");
}

#[test]
fn a_leader_must_speak_for_a_community_that_lives_there() {
    let bad = text("").replace(r#"community: "Birch")"#, r#"community: "Oak")"#);
    let err = cimic_core::load_str("communities.ron", &bad)
        .expect_err("an unknown community is refused")
        .to_string();
    assert!(
        err.contains("no population group belongs to the community `Oak`"),
        "{err}"
    );
}

/// A start is not a pattern (rules version 10): a force that helps the east first and the west
/// from the next turn on, as its units get there, is not judged partial (under version 9 the
/// Alder saw the force as partial on turn 1).
#[test]
fn a_first_turn_of_help_to_one_community_is_not_yet_partiality() {
    let mut g = game();
    play(&mut g, 6, |s, t| {
        if t == 1 {
            aid(s, "log2", "east");
        }
        if t == 2 {
            aid(s, "log1", "west");
        }
    });
    let breaches: Vec<_> = impartiality_breaches(&g)
        .iter()
        .map(|e| (e.turn, e.text.clone()))
        .collect();
    assert!(breaches.is_empty(), "{breaches:?}");
}

/// "A hand-over in the next district": *west* (8 000 Alder, 2 000 Birch), *east* (1 500 Birch)
/// and *north* (2 000 villagers of no community). A clinic NGO covers food and health in the
/// west; the mayor works in the north and the west; nobody brings water.
fn handover_text() -> String {
    r#"Scenario(
    format: 1,
    meta: (id: "handover_next_door", title: "A hand-over in the next district", turns: 10,
           start_date: "2026-05-01"),
    map: (
        width: 12, height: 4,
        terrain: (fill: Rural),
        districts: [
            (id: "west", name: "West", areas: [Rect(min: (0, 0), max: (3, 3))]),
            (id: "east", name: "East", areas: [Rect(min: (4, 0), max: (7, 3))]),
            (id: "north", name: "North", areas: [Rect(min: (8, 0), max: (11, 3))]),
        ],
    ),
    sides: [(id: "blue", name: "Blue", role: Force)],
    units: [
        (id: "log1", side: "blue", kind: Logistics, position: (1, 1)),
        (id: "log2", side: "blue", kind: Logistics, position: (9, 1)),
        (id: "cimic1", side: "blue", kind: CimicTeam, position: (10, 2)),
    ],
    population: [
        (id: "west_alder", district: "west", size: 8000, community: "Alder",
         needs: (water: 0.4, food: 0.5, shelter: 0.4)),
        (id: "west_birch", district: "west", size: 2000, community: "Birch",
         needs: (water: 0.4, food: 0.5, shelter: 0.4)),
        (id: "east_birch", district: "east", size: 1500, community: "Birch",
         needs: (water: 0.4, food: 0.5, shelter: 0.4)),
        (id: "north_village", district: "north", size: 2000,
         needs: (water: 0.4, food: 0.5, shelter: 0.4)),
    ],
    actors: [
        (id: "birch_elders", name: "Birch elders", kind: LocalLeader, mandate: [Shelter],
         capacity: 500, districts: ["west", "east"], trust: 0.4, community: "Birch"),
        (id: "clinic", name: "Clinic NGO", kind: Ngo, mandate: [Food, Health],
         capacity: 500, districts: ["west"], humanitarian: true, trust: 0.4),
        (id: "mayor", name: "Mayor", kind: LocalAuthority, mandate: [Shelter],
         capacity: 1000, districts: ["north", "west"], trust: 0.5, stance: Coordination),
    ],
    unrest: (max_citizens: 0),
)"#
    .to_string()
}

/// Rules version 12: a sector an actor holds only by a hand-over covers only the district it was
/// handed over in. `log1` brings water to the west (Alder and Birch) all game; `log2` brings it
/// to the north and hands the service over to the mayor, whom `cimic1` has supported, on turn
/// 3. The west's water is still nobody's but the force's, so the Birch of the east are not
/// owed a larger share of the force's help than before. Under version 11 the mayor's new water
/// mandate "covered" the west too: the Alder's need vanished from the share-out while `log1`'s
/// water there still counted as help, and the Birch judged the force partial for a hand-over in
/// a district where neither community lives.
#[test]
fn a_hand_over_next_door_does_not_make_the_force_partial() {
    let mut sim = start("handover_next_door.ron", &handover_text(), 1);
    let mut handed = false;
    for t in 1..=10 {
        if t == 1 {
            aid(&mut sim, "log1", "west");
            aid(&mut sim, "log2", "north");
            ok(
                &mut sim,
                Order::SupportAuthority {
                    unit: "cimic1".into(),
                    actor: "mayor".into(),
                },
            );
        }
        if t == 3 {
            ok(
                &mut sim,
                Order::Handover {
                    unit: "log2".into(),
                    actor: "mayor".into(),
                },
            );
        }
        let r = sim.advance();
        handed |= r
            .log
            .iter()
            .any(|l| l.text.starts_with("log2 hands its water service in north"));
    }
    assert!(handed, "the mayor took the north's water over");
    let breaches: Vec<_> = impartiality_breaches(&sim)
        .iter()
        .map(|e| (e.turn, e.text.clone()))
        .collect();
    assert!(breaches.is_empty(), "{breaches:?}");
    // The Alder's water need in the west is still remembered as the force's to share out.
    let alder = sim
        .fairness()
        .into_iter()
        .find(|f| f.community == "Alder")
        .unwrap();
    assert!(alder.need > 10_000.0, "{alder:?}");
}
