//! Scoring: the ledger adds up to the scores, every entry names its cause, the force's own harm
//! weighs more than harm it failed to prevent, and the doctrine checks fire where docs/rules.md
//! §21 says they do.

mod common;

use cimic_core::scenario::format::HarmWeights;
use cimic_core::sim::scoring::doctrine::Principle;
use cimic_core::sim::scoring::harm::HarmKind;
use cimic_core::sim::scoring::ledger::{Cause, Entry, Metric, Origin};
use cimic_core::{Order, Simulation, load_str};
use common::{Town, ok};

/// The town of the civil tests, over ten turns, with `events` and the force's own harm weighted
/// by `multiplier`.
fn town(events: &str, multiplier: f32) -> Town {
    Town::default()
        .turns(10)
        .events(events)
        .own_harm_multiplier(multiplier)
}

fn sim(town: &Town) -> Simulation {
    town.start()
}

/// Checks the invariant after every turn: each score equals the sum of its entries, both as the
/// report gives it and as computed directly from the state.
fn assert_ledger_adds_up(sim: &Simulation, what: &str) {
    let turn = sim.turn();
    let sum = |m: Metric| -> f64 {
        sim.ledger()
            .entries
            .iter()
            .filter(|e| e.metric == m && e.turn <= turn)
            .map(|e| e.amount)
            .sum()
    };
    let (ledger, direct) = (sim.scores(), sim.scores_direct());
    for (m, l, d) in [
        (
            Metric::Effectiveness,
            ledger.effectiveness,
            direct.effectiveness,
        ),
        (Metric::Efficiency, ledger.efficiency, direct.efficiency),
        (Metric::CivilHarm, ledger.civil_harm, direct.civil_harm),
    ] {
        assert!(
            (sum(m) - d).abs() < 1e-6 && (l - d).abs() < 1e-6,
            "{what}, turn {turn}: {m:?} ledger {l} (entries {}) vs direct {d}",
            sum(m)
        );
    }
    assert!((0.0..=100.0 + 1e-9).contains(&direct.effectiveness));
    assert!((-1e-9..=100.0 + 1e-9).contains(&direct.efficiency));
    assert!(direct.civil_harm >= 0.0);
}

fn entries<'a>(sim: &'a Simulation, pred: impl Fn(&Entry) -> bool + 'a) -> Vec<&'a Entry> {
    sim.ledger().entries.iter().filter(|e| pred(e)).collect()
}

#[test]
fn the_ledger_adds_up_to_the_scores_in_every_shipped_scenario() {
    for name in ["tutorial", "flood_relief"] {
        let scenario = common::scenario(name);
        let orders = common::orders(name, &scenario);
        for seed in 1..=3 {
            for with_orders in [false, true] {
                let mut sim = Simulation::new(&scenario, seed).unwrap();
                assert_ledger_adds_up(&sim, name);
                while !sim.finished() {
                    let next = sim.turn() + 1;
                    if with_orders {
                        for b in orders.iter().filter(|b| b.turn == next) {
                            for o in &b.orders {
                                let _ = sim.submit(o.clone());
                            }
                        }
                    }
                    let report = sim.advance();
                    assert_eq!(report.scores, sim.scores());
                    assert_eq!(
                        report.ledger.len(),
                        sim.ledger().of_turn(report.turn).count()
                    );
                    assert_ledger_adds_up(&sim, name);
                }
            }
        }
    }
}

#[test]
fn turn_zero_records_the_starting_situation() {
    let sim = sim(&town("", 3.0));
    let start = sim.scores();
    assert!(start.effectiveness > 0.0 && start.effectiveness < 100.0);
    assert_eq!(start.efficiency, 100.0, "no effort spent yet, none wasted");
    assert_eq!(start.civil_harm, 0.0);
    assert!(sim.ledger().entries.iter().all(|e| e.turn == 0));
}

/// docs/rules.md §21.2 works these out by hand: at turn 0 nothing has been delivered, so each
/// district's legitimacy counts whole (not halved by an ownership of 0).
#[test]
fn turn_zero_scores_are_the_worked_examples_of_the_rules() {
    let town = sim(&town("", 3.0)).scores().effectiveness;
    assert!((town - 50.49).abs() < 0.005, "the town starts at {town}");
    let tutorial = Simulation::new(&common::scenario("tutorial"), 1)
        .unwrap()
        .scores()
        .effectiveness;
    assert!(
        (tutorial - 39.31).abs() < 0.005,
        "the tutorial starts at {tutorial}"
    );
}

#[test]
fn a_force_that_holds_through_an_epidemic_is_not_blameless() {
    let epidemic = r#"(id: "cholera", trigger: AtTurn(1), effects: [Epidemic(district: "tense", severity: 0.2)])"#;
    let scenario = town(epidemic, 3.0);
    let mut idle = sim(&scenario);
    while !idle.finished() {
        idle.advance();
    }
    let neglect = entries(&idle, |e| e.origin == Some(Origin::UnmetNeeds));
    assert!(!neglect.is_empty(), "deaths from unmet needs are harm");
    assert!(
        neglect
            .iter()
            .all(|e| e.cause == Cause::Rule("unmet health needs")
                || matches!(e.cause, Cause::Rule(_)))
    );
    // Units in reserve spend no effort: efficiency has nothing to judge and stays at 100; what
    // the idle force failed to prevent shows in civil harm and effectiveness instead.
    assert_eq!(
        idle.scores_direct().efficiency,
        100.0,
        "every unit stayed in reserve: no effort spent, none wasted"
    );

    // Medical support in the stricken district lowers the harm.
    let mut helping = sim(&scenario);
    ok(
        &mut helping,
        Order::Move {
            unit: "med1".into(),
            to: (5, 0),
        },
    );
    helping.advance();
    ok(
        &mut helping,
        Order::MedicalSupport {
            unit: "med1".into(),
            district: "tense".into(),
        },
    );
    while !helping.finished() {
        helping.advance();
    }
    let deaths = |s: &Simulation| -> f64 {
        entries(s, |e| e.origin == Some(Origin::UnmetNeeds))
            .iter()
            .map(|e| e.amount)
            .sum()
    };
    assert!(
        deaths(&helping) < deaths(&idle),
        "medical support: {} vs {}",
        deaths(&helping),
        deaths(&idle)
    );
    // The medics' effort went where it was needed; the idle force spent none.
    assert!(
        helping.scores().efficiency > 50.0,
        "{}",
        helping.scores().efficiency
    );
    assert_eq!(idle.scores().efficiency, 100.0);
}

#[test]
fn aid_where_a_civilian_actor_has_access_fails_the_last_resort_test() {
    let mut s = sim(&town("", 3.0).full_well());
    let order = ok(
        &mut s,
        Order::ProvideAid {
            unit: "log1".into(),
            district: "calm".into(),
            sector: cimic_core::scenario::format::Sector::Water,
        },
    );
    s.advance();
    let report = s.ledger().of_turn(1).cloned().collect::<Vec<_>>();
    let mine: Vec<&Entry> = report
        .iter()
        .filter(|e| e.cause == Cause::Order(order))
        .collect();
    assert!(
        mine.iter().any(|e| e.metric == Metric::Efficiency
            && e.check
                .is_some_and(|c| c.principle == Principle::LastResort && !c.upheld)),
        "{mine:#?}"
    );
    assert!(
        mine.iter().any(|e| e.metric == Metric::Efficiency
            && e.amount < 0.0
            && e.text.contains("duplicated civilian delivery")),
        "the well and the NGO had already met calm's water: {mine:#?}"
    );
    // The NGO's lost acceptance is the force's harm, tripled, and names the order.
    let space: Vec<&&Entry> = mine
        .iter()
        .filter(|e| e.metric == Metric::CivilHarm)
        .collect();
    assert_eq!(space.len(), 1, "{mine:#?}");
    assert_eq!(space[0].origin, Some(Origin::Force));
    assert_eq!(space[0].entity, "ngo");
    let expected =
        f64::from(0.12f32) * HarmKind::HumanitarianSpace.weight(&HarmWeights::default()) * 3.0;
    assert!(
        (space[0].amount - expected).abs() < 1e-4,
        "{}",
        space[0].amount
    );
}

#[test]
fn coordination_first_turns_duplication_into_credited_delivery() {
    let aid = || Order::ProvideAid {
        unit: "log1".into(),
        district: "calm".into(),
        sector: cimic_core::scenario::format::Sector::Water,
    };
    // An NGO whose capacity calm's food gap can take whole: once it coordinates, all of it goes
    // to food and the force's water is needed (a larger NGO keeps serving water: see below).
    let town = || town("", 3.0).ngo_capacity(2500);
    // Without coordination: the NGO serves calm's water too, and part of the force's aid is waste.
    // (The CIMIC team assesses instead of liaising, so both games spend the same effort.)
    let mut alone = sim(&town());
    ok(
        &mut alone,
        Order::Assess {
            unit: "cimic1".into(),
            district: "calm".into(),
        },
    );
    alone.advance();
    ok(&mut alone, aid());
    alone.advance();
    let wasted = entries(&alone, |e| {
        e.turn == 2
            && e.check
                .is_some_and(|c| c.principle == Principle::NoDuplication)
    });
    assert!(!wasted.is_empty());

    // After a liaison visit the NGO coordinates and steers its water elsewhere.
    let mut together = sim(&town());
    ok(
        &mut together,
        Order::Liaise {
            unit: "cimic1".into(),
            actor: "ngo".into(),
        },
    );
    together.advance();
    ok(&mut together, aid());
    together.advance();
    let turn2 = |s: &Simulation, p: Principle| {
        entries(s, move |e| {
            e.turn == 2 && e.check.is_some_and(|c| c.principle == p)
        })
        .len()
    };
    assert_eq!(turn2(&together, Principle::NoDuplication), 0);
    assert!(turn2(&together, Principle::Cooperation) > 0);
    let log1 = |s: &Simulation| -> f64 {
        entries(s, |e| e.turn == 2 && e.entity == "log1")
            .iter()
            .map(|e| e.amount)
            .sum()
    };
    assert!(
        log1(&together) > log1(&alone),
        "log1's turn is worth more after coordination: {} vs {}",
        log1(&together),
        log1(&alone)
    );
}

#[test]
fn coordinating_never_idles_an_agency_that_could_meet_the_need() {
    // Red team (rules version 9): coordinating with an agency that has capacity for the whole
    // need used to make it drop the part the force covered, so the force's redundant aid counted
    // as credited cooperation and the town lost the agency's work. Now the agency serves as many
    // people as it would alone, and the force's aid beside it is duplication either way.
    let aid = || Order::ProvideAid {
        unit: "log1".into(),
        district: "calm".into(),
        sector: cimic_core::scenario::format::Sector::Water,
    };
    let play = |first: Order| {
        let mut s = sim(&town("", 3.0).ngo_capacity(20_000));
        ok(&mut s, first);
        s.advance();
        ok(&mut s, aid());
        let report = s.advance();
        let served = report
            .log
            .iter()
            .find(|l| l.text.starts_with("ngo serves"))
            .map(|l| l.text.clone())
            .expect("the NGO serves");
        (s, served)
    };
    let (together, with) = play(Order::Liaise {
        unit: "cimic1".into(),
        actor: "ngo".into(),
    });
    let (_, alone) = play(Order::Assess {
        unit: "cimic1".into(),
        district: "calm".into(),
    });
    assert_eq!(
        with, alone,
        "coordination moved the agency's work, it did not idle it"
    );
    let credited = entries(&together, |e| {
        e.turn == 2
            && e.entity == "log1"
            && e.check
                .is_some_and(|c| c.principle == Principle::Cooperation)
    });
    assert!(
        credited.is_empty(),
        "the force's water beside an agency that meets it all is not cooperation: {credited:?}"
    );
}

#[test]
fn an_escort_the_actor_did_not_need_breaches_the_last_resort_test() {
    let mut s = sim(&town("", 3.0));
    ok(
        &mut s,
        Order::Escort {
            unit: "inf2".into(),
            actor: "ngo".into(),
            district: "calm".into(),
        },
    );
    s.advance();
    let escort = entries(&s, |e| e.turn == 1 && e.entity == "inf2");
    assert!(escort.iter().any(|e| {
        e.check
            .is_some_and(|c| c.principle == Principle::LastResort && !c.upheld)
    }));
    assert!(escort.iter().all(|e| e.amount < 0.0), "{escort:#?}");
}

#[test]
fn running_a_service_without_a_hand_over_creates_dependency() {
    let mut s = sim(&town("", 3.0));
    let order = ok(
        &mut s,
        Order::ProvideAid {
            unit: "log1".into(),
            district: "calm".into(),
            sector: cimic_core::scenario::format::Sector::Shelter,
        },
    );
    let mut first = None;
    while !s.finished() {
        let r = s.advance();
        if first.is_none()
            && r.ledger.iter().any(|e| {
                e.check
                    .is_some_and(|c| c.principle == Principle::Transition && !c.upheld)
            })
        {
            first = Some(r.turn);
        }
    }
    assert_eq!(first, Some(4), "three turns of grace, then dependency");
    let dep = entries(&s, |e| {
        e.metric == Metric::CivilHarm && e.cause == Cause::Order(order)
    });
    assert_eq!(dep.len(), 7, "turns 4 to 10");
    let per_turn = HarmKind::Dependency.weight(&HarmWeights::default()) * 3.0;
    assert!(dep.iter().all(|e| (e.amount - per_turn).abs() < 1e-9));
}

#[test]
fn a_service_nobody_could_take_over_is_a_last_resort_not_dependency() {
    // In tense the NGO (water and food) has no access and the mayor does not work there: nobody
    // could take the force's water over, so running it for the whole game creates no dependency.
    let mut s = sim(&town("", 3.0));
    let order = ok(
        &mut s,
        Order::ProvideAid {
            unit: "log2".into(),
            district: "tense".into(),
            sector: cimic_core::scenario::format::Sector::Water,
        },
    );
    while !s.finished() {
        s.advance();
    }
    let dep = entries(&s, |e| {
        e.metric == Metric::CivilHarm && e.cause == Cause::Order(order)
    });
    assert!(
        dep.iter().all(|e| !e.text.starts_with("dependency")),
        "{dep:#?}"
    );
}

#[test]
fn a_broken_promise_costs_five_points_tripled() {
    let mut s = sim(&town("", 3.0));
    let order = ok(
        &mut s,
        Order::CommunityProject {
            unit: "eng1".into(),
            district: "calm".into(),
            sector: cimic_core::scenario::format::Sector::Water,
            complete_by: 4,
        },
    );
    s.advance();
    // The engineers are sent elsewhere: the project stops and the promise falls due unkept.
    ok(
        &mut s,
        Order::Hold {
            unit: "eng1".into(),
        },
    );
    for _ in 0..4 {
        s.advance();
    }
    let broken = entries(&s, |e| {
        e.metric == Metric::CivilHarm
            && e.check
                .is_some_and(|c| c.principle == Principle::ConsistentMessaging)
    });
    assert_eq!(broken.len(), 1);
    assert_eq!(broken[0].cause, Cause::Order(order));
    assert_eq!(broken[0].turn, 4);
    assert!((broken[0].amount - 15.0).abs() < 1e-9);

    // With the multiplier at 1 the same broken promise costs 5.
    let mut once = sim(&town("", 1.0));
    ok(
        &mut once,
        Order::CommunityProject {
            unit: "eng1".into(),
            district: "calm".into(),
            sector: cimic_core::scenario::format::Sector::Water,
            complete_by: 4,
        },
    );
    once.advance();
    ok(
        &mut once,
        Order::Hold {
            unit: "eng1".into(),
        },
    );
    for _ in 0..4 {
        once.advance();
    }
    assert!((once.scores().civil_harm - s.scores().civil_harm + 10.0).abs() < 1e-6);
}

#[test]
fn the_largest_causes_come_first_and_name_real_entries() {
    let scenario = common::scenario("flood_relief");
    let mut s = Simulation::new(&scenario, 2).unwrap();
    let mut commander = cimic_core::policy::CimicFirst::default();
    while !s.finished() {
        cimic_core::policy::command(&mut s, &mut commander);
        s.advance();
    }
    for m in Metric::ALL {
        let top = s.ledger().top_causes(m, 1..=s.turn(), 5);
        assert!(!top.is_empty(), "{m:?}");
        for w in top.windows(2) {
            assert!(w[0].amount.abs() >= w[1].amount.abs());
        }
        for c in &top {
            let sum: f64 = s
                .ledger()
                .entries
                .iter()
                .filter(|e| {
                    e.metric == m
                        && e.turn >= 1
                        && e.cause.to_string() == c.cause
                        && e.entity == c.entity
                })
                .map(|e| e.amount)
                .sum();
            assert!((sum - c.amount).abs() < 1e-9);
        }
    }
}

#[test]
fn a_decision_option_chosen_is_the_forces_harm_a_default_nobody_chose_is_not() {
    // The tutorial's clinic decision, with evacuation (which displaces people) as its default,
    // and the bridge standing: people cannot be evacuated over a collapsed one (rules §15).
    let text = common::scenario_text("tutorial")
        .replace(r#"default: "stay""#, r#"default: "evacuate""#)
        .replace(
            r#"kind: Bridge, hex: (5, 3), condition: 0.3"#,
            r#"kind: Bridge, hex: (5, 3), condition: 0.9"#,
        );
    let s = load_str("tutorial.ron", &text).unwrap_or_else(|e| panic!("{e}"));
    let origins = |choose: bool| -> Vec<Option<Origin>> {
        let mut sim = Simulation::new(&s, 1).unwrap();
        while !sim.finished() {
            if choose
                && sim
                    .open_decisions()
                    .iter()
                    .any(|d| d.id == "clinic_patients")
            {
                sim.decide("clinic_patients", "evacuate").unwrap();
            }
            sim.advance();
        }
        let decision = Cause::Decision("clinic_patients".into());
        sim.ledger()
            .entries
            .iter()
            .filter(|e| e.metric == Metric::CivilHarm && e.cause == decision)
            .map(|e| e.origin)
            .collect()
    };
    let chosen = origins(true);
    let defaulted = origins(false);
    assert!(!chosen.is_empty(), "evacuation displaced nobody");
    assert!(
        chosen.iter().all(|o| *o == Some(Origin::Force)),
        "{chosen:?}"
    );
    assert_eq!(chosen.len(), defaulted.len());
    assert!(
        defaulted.iter().all(|o| *o == Some(Origin::Disaster)),
        "{defaulted:?}"
    );
}

#[test]
fn supplies_the_facilitator_sets_are_not_supplies_the_force_burned() {
    use cimic_core::sim::facilitator::{FacilitatorAction, Field};
    let play = |override_supplies: bool| -> f64 {
        let mut s = sim(&town("", 3.0));
        ok(
            &mut s,
            Order::Patrol {
                unit: "inf2".into(),
                district: "calm".into(),
            },
        );
        if override_supplies {
            s.facilitate(FacilitatorAction::Override {
                entity: "log1".into(),
                field: Field::Supplies,
                value: 10.0,
                rationale: "the convoy was lost in the storm".into(),
            })
            .unwrap();
        }
        s.advance();
        s.scores().efficiency
    };
    let (plain, overridden) = (play(false), play(true));
    assert!(plain > 0.0);
    assert!(
        (plain - overridden).abs() < 1e-9,
        "efficiency {plain} without the override, {overridden} with it"
    );
}

#[test]
fn the_ledger_adds_up_under_every_built_in_policy() {
    for name in ["tutorial", "flood_relief"] {
        let scenario = common::scenario(name);
        for policy in cimic_core::policy::NAMES {
            for seed in 1..=2 {
                let mut sim = Simulation::new(&scenario, seed).unwrap();
                let mut p = cimic_core::policy::by_name(policy).unwrap();
                while !sim.finished() {
                    cimic_core::policy::command(&mut sim, p.as_mut());
                    sim.advance();
                    assert_ledger_adds_up(&sim, &format!("{name} under {policy}, seed {seed}"));
                }
            }
        }
    }
}

#[test]
fn a_scenario_can_reweigh_harm_and_lives_cannot_weigh_nothing() {
    // The same game with a heavier weight on a humanitarian actor's lost acceptance: the same
    // harm, weighed as the scenario says.
    let base = town("", 3.0).text();
    let heavier = base.replacen(
        "scoring: (",
        "scoring: (harm: (humanitarian_space: 40.0), ",
        1,
    );
    assert_ne!(base, heavier, "the fixture's scoring line changed");
    let play = |text: &str| {
        let mut s = common::start("town.ron", text, 1);
        ok(
            &mut s,
            Order::ProvideAid {
                unit: "log1".into(),
                district: "calm".into(),
                sector: cimic_core::scenario::format::Sector::Water,
            },
        );
        s.advance();
        entries(&s, |e| e.metric == Metric::CivilHarm && e.entity == "ngo")
            .iter()
            .map(|e| e.amount)
            .sum::<f64>()
    };
    let (a, b) = (play(&base), play(&heavier));
    assert!(a > 0.0, "militarised aid beside the NGO costs acceptance");
    assert!((b - 4.0 * a).abs() < 1e-6, "{a} × 4 vs {b}");
    let zero = base.replacen("scoring: (", "scoring: (harm: (casualties: 0.0), ", 1);
    let err = load_str("town.ron", &zero).unwrap_err().to_string();
    assert!(err.contains("scoring.harm.casualties"), "{err}");
}

#[test]
fn harm_beyond_the_trainees_control_is_shown_apart_and_the_parts_add_up() {
    // The storm and the looting in the tutorial harm people whatever the force orders: the
    // summary shows that part apart, and the two parts add up to civil harm.
    let s = common::scenario("tutorial");
    let mut sim = Simulation::new(&s, 1).unwrap();
    while !sim.finished() {
        sim.advance();
    }
    let sum = cimic_core::sim::scoring::summary::summarise(sim.ledger(), sim.turn(), 3);
    let disaster = sum
        .civil_harm_by_origin
        .get(&Origin::Disaster)
        .copied()
        .unwrap_or(0.0);
    assert!(disaster > 0.0, "the tutorial's storm harms people");
    assert_eq!(sum.civil_harm_beyond_control, disaster);
    assert!(
        (sum.civil_harm_trainees_part + sum.civil_harm_beyond_control - sum.scores.civil_harm)
            .abs()
            < 1e-9
    );
    assert!(sum.civil_harm_trainees_part < sum.scores.civil_harm);
}
