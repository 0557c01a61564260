//! The civil rule set: actors acting on their own, humanitarian space, the CIMIC orders, the
//! population's attitudes and the force's picture. Each test reads as a rule of docs/rules.md.

use cimic_core::orders::Reason;
use cimic_core::scenario::format::{Capability, Sector, Stance};
use cimic_core::sim::components::ActorStatus;
use cimic_core::{Order, Simulation};
use common::{Town, actor, group, ok, reject, unit};

mod common;

/// The shared town (tests/common), twelve turns, at seed 1.
fn town() -> Simulation {
    Town::default().start()
}

fn water(sim: &Simulation, g: &str) -> f32 {
    group(sim, g).needs[Sector::Water.index()]
}

#[test]
fn an_escort_opens_an_insecure_district_to_an_ngo() {
    let mut alone = town();
    let mut escorted = town();
    ok(
        &mut escorted,
        Order::Escort {
            unit: "inf1".into(),
            actor: "ngo".into(),
            district: "tense".into(),
        },
    );
    let a = alone.advance();
    let b = escorted.advance();
    assert!(
        a.log
            .iter()
            .any(|l| l.subject == "ngo" && l.text.contains("no access to tense")),
        "{:?}",
        a.log
    );
    assert!(
        !b.log
            .iter()
            .any(|l| l.subject == "ngo" && l.text.contains("no access")),
        "{:?}",
        b.log
    );
    assert!(water(&escorted, "tense_pop") > water(&alone, "tense_pop") + 0.05);
    // Security 0.2 + escort 0.3 = 0.5 meets the threshold: the escort was a last resort, so it
    // costs the NGO little acceptance.
    assert!((actor(&escorted, "ngo").acceptance - 0.98).abs() < 1e-6);
}

#[test]
fn an_escort_the_actor_did_not_need_costs_it_acceptance() {
    let mut s = town();
    ok(
        &mut s,
        Order::Escort {
            unit: "log1".into(),
            actor: "ngo".into(),
            district: "calm".into(),
        },
    );
    let r = s.advance();
    assert!(
        r.log
            .iter()
            .any(|l| l.text.contains("was not a last resort")),
        "{:?}",
        r.log
    );
    assert!((actor(&s, "ngo").acceptance - 0.9).abs() < 1e-6);
}

#[test]
fn repeated_militarised_aid_where_civilians_could_deliver_drives_a_humanitarian_actor_out() {
    // The well alone meets calm's water need: all of the force's water serves nobody new.
    let mut s = Town::default().full_well().start();
    // The NGO has access in calm (security 0.8 ≥ 0.5) and covers water there.
    ok(
        &mut s,
        Order::ProvideAid {
            unit: "log1".into(),
            district: "calm".into(),
            sector: Sector::Water,
        },
    );
    let mut statuses = Vec::new();
    for _ in 0..7 {
        let r = s.advance();
        assert!(
            r.log.iter().any(|l| l.text.contains("duplicates ngo")),
            "{:?}",
            r.log
        );
        statuses.push(actor(&s, "ngo").status);
    }
    use ActorStatus::*;
    assert_eq!(
        statuses,
        vec![
            Active, Active, Active, Active, Suspended, Suspended, Withdrawn
        ]
    );
    assert_eq!(
        reject(
            &mut s,
            Order::Liaise {
                unit: "cimic1".into(),
                actor: "ngo".into()
            }
        ),
        Reason::ActorGone {
            actor: "ngo".into()
        }
    );
    // A withdrawn actor delivers nothing any more.
    let r = s.advance();
    assert!(
        !r.log
            .iter()
            .any(|l| l.subject == "ngo" && l.text.contains("serves"))
    );
}

#[test]
fn aid_that_mostly_fills_a_gap_is_a_last_resort_and_coordination_spares_the_agency() {
    // Calm's water falls short of need with the well and the NGO: most of the force's water
    // reaches people nobody served; the part that overlaps the NGO costs it some acceptance.
    let aid = || Order::ProvideAid {
        unit: "log1".into(),
        district: "calm".into(),
        sector: Sector::Water,
    };
    let mut alone = town();
    let before = actor(&alone, "ngo").acceptance;
    ok(&mut alone, aid());
    let r = alone.advance();
    assert!(
        r.log.iter().any(|l| l.subject == "ngo"
            && l.text.contains("duplicates ngo")
            && l.text.contains("(a last resort)")),
        "{:?}",
        r.log
    );
    assert!(!r.log.iter().any(|l| l.text.contains("not a last resort")));
    let lost = before - actor(&alone, "ngo").acceptance;
    assert!(lost > 0.0 && lost < 0.06, "lost {lost}");

    // Briefed until it coordinates with the force, the NGO works around what the force covers
    // (docs/rules.md §15): the same aid overlaps it less and costs it less.
    let liaise = || Order::Liaise {
        unit: "cimic1".into(),
        actor: "ngo".into(),
    };
    let mut briefed = town();
    for _ in 0..2 {
        ok(&mut briefed, liaise());
        briefed.advance();
    }
    let mut plain = town();
    plain.advance();
    plain.advance();
    let (b0, p0) = (
        actor(&briefed, "ngo").acceptance,
        actor(&plain, "ngo").acceptance,
    );
    ok(&mut briefed, aid());
    ok(&mut briefed, liaise());
    ok(&mut plain, aid());
    briefed.advance();
    plain.advance();
    let lost_briefed = b0 - actor(&briefed, "ngo").acceptance;
    let lost_plain = p0 - actor(&plain, "ngo").acceptance;
    assert!(
        lost_briefed < lost_plain,
        "briefed {lost_briefed} vs not {lost_plain}"
    );
}

#[test]
fn aid_where_no_civilian_could_reach_is_a_last_resort_and_costs_no_acceptance() {
    let mut s = town();
    ok(
        &mut s,
        Order::ProvideAid {
            unit: "log2".into(),
            district: "tense".into(),
            sector: Sector::Water,
        },
    );
    for _ in 0..3 {
        s.advance();
    }
    assert_eq!(actor(&s, "ngo").acceptance, 1.0);
    assert_eq!(actor(&s, "ngo").status, ActorStatus::Active);
}

#[test]
fn provide_aid_acceptance_rejections_and_effect() {
    let mut s = town();
    let mut control = town();
    assert_eq!(
        reject(
            &mut s,
            Order::ProvideAid {
                unit: "log1".into(),
                district: "tense".into(),
                sector: Sector::Food
            }
        ),
        Reason::NotInDistrict {
            district: "tense".into()
        }
    );
    assert_eq!(
        reject(
            &mut s,
            Order::ProvideAid {
                unit: "inf1".into(),
                district: "tense".into(),
                sector: Sector::Food
            }
        ),
        Reason::Incapable(Capability::Aid)
    );
    ok(
        &mut s,
        Order::ProvideAid {
            unit: "log2".into(),
            district: "tense".into(),
            sector: Sector::Shelter,
        },
    );
    s.advance();
    control.advance();
    let shelter = |sim: &Simulation| group(sim, "tense_pop").needs[Sector::Shelter.index()];
    assert!(shelter(&s) > shelter(&control) + 0.05);
    assert!(group(&s, "tense_pop").consent > group(&control, "tense_pop").consent);
    let supplies = unit(&s, "log2").supplies;
    assert_eq!(supplies, 95.0, "a turn of aid costs 5 supplies");
}

#[test]
fn medical_support_acceptance_rejection_and_fewer_deaths() {
    let mut s = town();
    assert_eq!(
        reject(
            &mut s,
            Order::MedicalSupport {
                unit: "med1".into(),
                district: "clam".into()
            }
        ),
        Reason::UnknownDistrict {
            suggestion: Some("calm".into())
        }
    );
    ok(
        &mut s,
        Order::MedicalSupport {
            unit: "med1".into(),
            district: "calm".into(),
        },
    );
    let mut control = town();
    for _ in 0..6 {
        s.advance();
        control.advance();
    }
    assert!(
        group(&control, "calm_pop").deaths > 0,
        "unmet health needs kill"
    );
    assert!(group(&s, "calm_pop").deaths < group(&control, "calm_pop").deaths);
}

#[test]
fn escort_rejection_when_the_actor_does_not_work_there() {
    let mut s = town();
    assert_eq!(
        reject(
            &mut s,
            Order::Escort {
                unit: "inf1".into(),
                actor: "mayor".into(),
                district: "tense".into()
            }
        ),
        Reason::ActorNotThere {
            actor: "mayor".into(),
            district: "tense".into()
        }
    );
}

#[test]
fn liaison_builds_trust_moves_stance_and_brings_the_actors_picture() {
    let mut s = town();
    assert_eq!(
        reject(
            &mut s,
            Order::Liaise {
                unit: "cimic1".into(),
                actor: "ngoo".into()
            }
        ),
        Reason::UnknownActor {
            suggestion: Some("ngo".into())
        }
    );
    ok(
        &mut s,
        Order::Liaise {
            unit: "cimic1".into(),
            actor: "ngo".into(),
        },
    );
    s.advance();
    let ngo = actor(&s, "ngo");
    assert!((ngo.trust - 0.4).abs() < 1e-6);
    assert_eq!(ngo.stance, Stance::Coordination);
    // The NGO reached calm this turn, so the liaison visit brought the force its picture of calm.
    let picture = s.force_picture();
    assert_eq!(picture[0].1.map(|p| p.as_of), Some(1));
    assert_eq!(picture[1].1, None, "tense was out of the NGO's reach");
    // Liaison is a one-turn task.
    assert_eq!(unit(&s, "cimic1").task, cimic_core::sim::TaskView::Hold);
}

#[test]
fn humanitarian_actors_stop_at_coordination_however_much_they_trust() {
    let mut s = town();
    for _ in 0..6 {
        ok(
            &mut s,
            Order::Liaise {
                unit: "cimic1".into(),
                actor: "ngo".into(),
            },
        );
        ok(
            &mut s,
            Order::Liaise {
                unit: "cimic2".into(),
                actor: "ngo".into(),
            },
        );
        s.advance();
    }
    let ngo = actor(&s, "ngo");
    assert!(ngo.trust > 0.8);
    assert_eq!(ngo.stance, Stance::Coordination);
    // Trusting actors share what they see every turn, with no visit needed.
    s.advance();
    assert_eq!(
        s.force_picture()[1].1.map(|p| p.as_of),
        None,
        "no access to tense, nothing shared"
    );
    assert_eq!(s.force_picture()[0].1.map(|p| p.as_of), Some(7));
}

#[test]
fn coordination_meeting_acceptance_rejection_and_trust() {
    let mut s = town();
    assert_eq!(
        reject(
            &mut s,
            Order::CoordinationMeeting {
                unit: "inf2".into(),
                district: "calm".into()
            }
        ),
        Reason::Incapable(Capability::Liaise)
    );
    ok(
        &mut s,
        Order::CoordinationMeeting {
            unit: "cimic1".into(),
            district: "calm".into(),
        },
    );
    s.advance();
    assert!((actor(&s, "ngo").trust - 0.35).abs() < 1e-6);
    assert!((actor(&s, "mayor").trust - 0.55).abs() < 1e-6);
}

#[test]
fn assessment_refreshes_the_force_picture_which_then_ages() {
    let mut s = town();
    assert_eq!(
        reject(
            &mut s,
            Order::Assess {
                unit: "cimic1".into(),
                district: "tense".into()
            }
        ),
        Reason::NotInDistrict {
            district: "tense".into()
        }
    );
    assert!(
        s.force_picture().iter().all(|(_, p)| p.is_none()),
        "nothing known at the start"
    );
    ok(
        &mut s,
        Order::Assess {
            unit: "cimic2".into(),
            district: "tense".into(),
        },
    );
    let r = s.advance();
    assert!(
        r.log
            .iter()
            .any(|l| l.text == "assessment of tense brings the force's picture up to date")
    );
    let seen = s.force_picture()[1].1.unwrap();
    let truth = s.true_picture()[1].1.unwrap();
    assert_eq!(seen, truth, "fresh picture = truth");
    s.advance();
    s.advance();
    let later_truth = s.true_picture()[1].1.unwrap();
    assert_eq!(
        s.force_picture()[1].1.unwrap().as_of,
        1,
        "the picture keeps its date"
    );
    assert_ne!(
        s.force_picture()[1].1.unwrap().needs,
        later_truth.needs,
        "and falls behind the truth"
    );
}

#[test]
fn supporting_a_local_authority_grows_its_capacity_and_legitimacy() {
    let mut s = town();
    assert_eq!(
        reject(
            &mut s,
            Order::SupportAuthority {
                unit: "cimic1".into(),
                actor: "ngo".into()
            }
        ),
        Reason::NotHostNation {
            actor: "ngo".into()
        }
    );
    ok(
        &mut s,
        Order::SupportAuthority {
            unit: "cimic1".into(),
            actor: "mayor".into(),
        },
    );
    let mut control = town();
    for _ in 0..12 {
        s.advance();
        control.advance();
    }
    assert_eq!(
        actor(&s, "mayor").capacity,
        2000,
        "10% a turn, capped at twice the start"
    );
    assert!(group(&s, "calm_pop").legitimacy > group(&control, "calm_pop").legitimacy);
}

#[test]
fn patrols_raise_security() {
    let mut s = town();
    assert_eq!(
        reject(
            &mut s,
            Order::Patrol {
                unit: "med1".into(),
                district: "calm".into()
            }
        ),
        Reason::Incapable(Capability::Patrol)
    );
    ok(
        &mut s,
        Order::Patrol {
            unit: "inf1".into(),
            district: "tense".into(),
        },
    );
    let mut control = town();
    s.advance();
    control.advance();
    let sec = |sim: &Simulation| group(sim, "tense_pop").needs[Sector::Security.index()];
    assert!(sec(&s) > sec(&control) + 0.1);
}

#[test]
fn an_information_campaign_raises_consent() {
    let mut s = town();
    assert_eq!(
        reject(
            &mut s,
            Order::InformationCampaign {
                unit: "io1".into(),
                district: "tense".into()
            }
        ),
        Reason::NotInDistrict {
            district: "tense".into()
        }
    );
    ok(
        &mut s,
        Order::InformationCampaign {
            unit: "io1".into(),
            district: "calm".into(),
        },
    );
    let mut control = town();
    s.advance();
    control.advance();
    let c = group(&s, "calm_pop").consent - group(&control, "calm_pop").consent;
    assert!((c - 0.02).abs() < 1e-6, "{c}");
}

#[test]
fn a_community_project_kept_raises_coping_and_consent() {
    let mut s = town();
    assert_eq!(
        reject(
            &mut s,
            Order::CommunityProject {
                unit: "cimic1".into(),
                district: "calm".into(),
                sector: Sector::Water,
                complete_by: 2
            }
        ),
        Reason::PromiseOutOfReach {
            earliest: 3,
            latest: 12
        }
    );
    ok(
        &mut s,
        Order::CommunityProject {
            unit: "cimic1".into(),
            district: "calm".into(),
            sector: Sector::Water,
            complete_by: 3,
        },
    );
    let mut control = town();
    let mut kept = false;
    for _ in 0..3 {
        kept |= s
            .advance()
            .log
            .iter()
            .any(|l| l.text.contains("completes the water project in calm"));
        control.advance();
    }
    assert!(kept);
    let coping = group(&s, "calm_pop").coping[Sector::Water.index()];
    assert!((coping - 0.3).abs() < 1e-6, "default 0.2 + 0.1");
    assert!(group(&s, "calm_pop").consent > group(&control, "calm_pop").consent + 0.04);
}

#[test]
fn a_community_project_abandoned_is_a_broken_promise() {
    let mut s = town();
    ok(
        &mut s,
        Order::CommunityProject {
            unit: "cimic1".into(),
            district: "calm".into(),
            sector: Sector::Water,
            complete_by: 4,
        },
    );
    s.advance();
    // Sent elsewhere before finishing: the promise still stands, and is broken on turn 4.
    ok(
        &mut s,
        Order::Hold {
            unit: "cimic1".into(),
        },
    );
    let mut control = town();
    control.advance();
    let mut broken = None;
    for _ in 2..=4 {
        let r = s.advance();
        control.advance();
        if r.log.iter().any(|l| l.text.starts_with("promise broken")) {
            broken = Some(r.turn);
        }
    }
    assert_eq!(broken, Some(4));
    assert!(group(&s, "calm_pop").consent < group(&control, "calm_pop").consent - 0.09);
}

#[test]
fn handing_aid_over_to_a_civilian_actor_transfers_the_service() {
    let mut s = town();
    assert_eq!(
        reject(
            &mut s,
            Order::Handover {
                unit: "log1".into(),
                actor: "mayor".into()
            }
        ),
        Reason::NothingToHandOver
    );
    assert_eq!(
        reject(
            &mut s,
            Order::Handover {
                unit: "inf1".into(),
                actor: "mayor".into()
            }
        ),
        Reason::Incapable(Capability::Handover)
    );
    let aid = Order::ProvideAid {
        unit: "log1".into(),
        district: "calm".into(),
        sector: Sector::Food,
    };
    let hand_over = Order::Handover {
        unit: "log1".into(),
        actor: "mayor".into(),
    };
    ok(&mut s, aid.clone());
    s.advance();
    // The mayor has no food mandate and nobody has supported it yet: it cannot take food over.
    assert_eq!(
        reject(&mut s, hand_over.clone()),
        Reason::CannotReceive {
            actor: "mayor".into(),
            sector: Sector::Food
        }
    );
    ok(
        &mut s,
        Order::SupportAuthority {
            unit: "cimic1".into(),
            actor: "mayor".into(),
        },
    );
    s.advance();
    let before = actor(&s, "mayor").capacity;
    assert!(before > 1000, "support grew the mayor: {before}");
    ok(&mut s, hand_over.clone());
    let r = s.advance();
    let mayor = actor(&s, "mayor");
    // What it can absorb bounds the transfer: twice its starting capacity, not 3,000 more.
    assert_eq!(mayor.capacity, 2000, "{:?}", r.log);
    assert_eq!(mayor.base_capacity, 1000);
    assert!(mayor.mandate.contains(&Sector::Food));
    assert!(
        r.log
            .iter()
            .any(|l| l.text.starts_with("log1 hands its food service in calm (")),
        "{:?}",
        r.log
    );
    // A service is handed over once: restarted and handed over again, it transfers nothing.
    ok(&mut s, aid);
    s.advance();
    ok(&mut s, hand_over);
    let r = s.advance();
    assert!(
        r.log
            .iter()
            .any(|l| l.text.contains("was handed over to civilians before")),
        "{:?}",
        r.log
    );
    assert_eq!(actor(&s, "mayor").capacity, 2000);
    assert_eq!(unit(&s, "log1").task, cimic_core::sim::TaskView::Hold);
}

#[test]
fn an_overlap_with_two_agencies_is_shared_between_them_not_charged_twice() {
    // The well alone meets calm's water need, so all of the force's water serves nobody new.
    // The people served twice were each served by the force and one provider: with a second
    // water agency in calm, the two lose between them what the one lost alone (rules version
    // 12; before, each lost it all, and a turn of last-resort care beside two agencies cost more
    // harm than the lives it saved).
    let aid = || Order::ProvideAid {
        unit: "log1".into(),
        district: "calm".into(),
        sector: Sector::Water,
    };
    let one = Town::default().full_well();
    let second = r#"(id: "ngo2", name: "Wells for All", kind: Ngo, mandate: [Water], capacity: 1000,
         districts: ["calm"], access_threshold: 0.5, humanitarian: true, trust: 0.3),
        (id: "mayor""#;
    let text = one.text().replacen(r#"(id: "mayor""#, second, 1);
    let mut alone = one.start();
    let mut beside_two = common::start("two.ron", &text, 1);
    ok(&mut alone, aid());
    ok(&mut beside_two, aid());
    let r = alone.advance();
    let r2 = beside_two.advance();
    let lost_alone = 1.0 - actor(&alone, "ngo").acceptance;
    let (lost_a, lost_b) = (
        1.0 - actor(&beside_two, "ngo").acceptance,
        1.0 - actor(&beside_two, "ngo2").acceptance,
    );
    assert!(lost_alone > 0.05, "{:?}", r.log);
    assert!(
        (lost_a + lost_b - lost_alone).abs() < 1e-4,
        "alone {lost_alone}, beside two {lost_a} + {lost_b}: {:?}",
        r2.log
    );
    assert!((lost_a - lost_b).abs() < 1e-6);
    assert!(
        r2.log
            .iter()
            .any(|l| l.text.contains("an overlap shared among 2 agencies")),
        "{:?}",
        r2.log
    );
}

#[test]
fn a_service_taken_over_is_provided_only_where_it_was_taken_over() {
    // The mayor works in both districts; the force hands it calm's food service. Food joins its
    // mandate, but it provides food only in calm: tense's food need is still nobody's but the
    // force's, for the impartiality rule and for the policies' last-resort test alike
    // (`rules::provides`, rules version 12).
    let text = Town::default().text().replace(
        r#"mandate: [Shelter], capacity: 1000,
         districts: ["calm"]"#,
        r#"mandate: [Shelter], capacity: 1000,
         districts: ["calm", "tense"]"#,
    );
    let mut s = common::start("mayor.ron", &text, 1);
    ok(
        &mut s,
        Order::ProvideAid {
            unit: "log1".into(),
            district: "calm".into(),
            sector: Sector::Food,
        },
    );
    ok(
        &mut s,
        Order::SupportAuthority {
            unit: "cimic1".into(),
            actor: "mayor".into(),
        },
    );
    s.advance();
    let before = actor(&s, "mayor");
    assert!(!before.provides("calm", Sector::Food));
    assert!(before.provides("tense", Sector::Shelter));
    ok(
        &mut s,
        Order::Handover {
            unit: "log1".into(),
            actor: "mayor".into(),
        },
    );
    let r = s.advance();
    let mayor = actor(&s, "mayor");
    assert!(mayor.mandate.contains(&Sector::Food), "{:?}", r.log);
    assert!(mayor.provides("calm", Sector::Food));
    assert!(!mayor.provides("tense", Sector::Food));
    assert!(mayor.provides("tense", Sector::Shelter));
}
