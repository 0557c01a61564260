//! Forks, diffs and luck on real records, through the built binary: a fork verifies on its own,
//! matches its parent up to the fork turn and diverges after it; a policy taking over a game it
//! played itself picks up where it was (its notes rebuilt from the replay); `diff` finds the
//! fork turn; `luck` gives sane, reproducible spreads; bad input is a clear error.

mod common;

use cimic_core::record::{Record, Source};
use common::{FLOOD, TUTORIAL, cimic, dump, ok, record, s, stderr};
use serde_json::Value;
use std::path::Path;
use std::process::Output;

fn load(path: &Path) -> Record {
    let (r, torn) = Record::load(path).unwrap();
    assert!(torn.is_none());
    r
}

fn json(out: &Output) -> Value {
    let text = ok(out);
    serde_json::from_str(text.lines().last().unwrap()).unwrap()
}

#[test]
fn a_fork_verifies_on_its_own_matches_its_parent_up_to_t_and_diverges_after() {
    let temp = common::tempdir();
    let d = temp.path();
    let parent = record(d, TUTORIAL, "kinetic", 1);
    let fork = d.join("fork.rec");
    let out = cimic(&[
        "fork",
        &s(&parent),
        "--at",
        "3",
        "--policy",
        "cimic-first",
        "--out",
        &s(&fork),
    ]);
    ok(&out);
    assert!(stderr(&out).contains("fork written to"), "{}", dump(&out));
    // It replays on its own.
    let v = cimic(&["replay", &s(&fork), "--verify"]);
    assert!(ok(&v).contains("verified"), "{}", dump(&v));

    let (p, f) = (load(&parent), load(&fork));
    assert_eq!(f.turns.len(), 8, "played to the scenario's end");
    // Turns 1-3 carry the parent's inputs and reach the parent's states …
    assert_eq!(f.turns[..3], p.turns[..3]);
    assert_eq!(f.outcomes[..3], p.outcomes[..3]);
    // … and from turn 4 on the other commander's game differs.
    assert_ne!(f.outcomes[3].state_hash, p.outcomes[3].state_hash);
    assert_ne!(f.turns[3].orders, p.turns[3].orders);
    // The header names the parent and the turn; the rest of it is the parent's.
    let of = f
        .header
        .fork
        .as_ref()
        .expect("the header says it is a fork");
    assert_eq!(of.at, 3);
    assert_eq!(of.parent, p.content_hash());
    assert_eq!(
        of.parent,
        cimic_core::record::scenario_hash(&std::fs::read_to_string(&parent).unwrap()),
        "the content hash is the hash of the parent's file"
    );
    assert_eq!(of.parent_source, Source::Policy("kinetic".into()));
    assert_eq!(f.header.source, Source::Policy("cimic-first".into()));
    assert_eq!(
        (&f.header.scenario_hash, f.header.seed),
        (&p.header.scenario_hash, p.header.seed)
    );
    // A record that is not a fork says nothing about forks (older records read the same).
    assert!(p.header.fork.is_none());
    assert!(!std::fs::read_to_string(&parent).unwrap().contains("fork:"));
}

#[test]
fn a_policy_taking_over_its_own_game_continues_it_exactly() {
    // The CIMIC-first policy keeps notes between turns; forked from its own game, it must see
    // the replayed turns to rebuild them, or it would command differently from then on.
    let temp = common::tempdir();
    let d = temp.path();
    for (scenario, at) in [(TUTORIAL, 4), (FLOOD, 6)] {
        let parent = record(d, scenario, "cimic-first", 2);
        let fork = d.join(format!("same-{at}.rec"));
        ok(&cimic(&[
            "fork",
            &s(&parent),
            "--at",
            &at.to_string(),
            "--policy",
            "cimic-first",
            "--out",
            &s(&fork),
        ]));
        let (p, f) = (load(&parent), load(&fork));
        assert_eq!(
            p.turns, f.turns,
            "{scenario}: the same orders, turn by turn"
        );
        assert_eq!(p.outcomes, f.outcomes, "{scenario}: the same states");
        let diff = json(&cimic(&["diff", &s(&parent), &s(&fork), "--json"]));
        assert_eq!(diff["identical"], true, "{diff}");
    }
}

#[test]
fn a_fork_with_an_orders_file_uses_only_the_orders_after_t() {
    let temp = common::tempdir();
    let d = temp.path();
    let orders = "scenarios/tutorial.orders.ron";
    // A game played with the orders file, forked with the same file: the same game, so no
    // order of turns 1..=T was given again.
    let parent = d.join("with-orders.rec");
    ok(&cimic(&[
        "run",
        TUTORIAL,
        "--seed",
        "3",
        "--orders",
        orders,
        "--record",
        &s(&parent),
    ]));
    let same = d.join("same.rec");
    ok(&cimic(&[
        "fork",
        &s(&parent),
        "--at",
        "2",
        "--orders",
        orders,
        "--out",
        &s(&same),
    ]));
    assert_eq!(load(&same).outcomes, load(&parent).outcomes);

    // From a game where every unit held, the file's later orders are given on their turns;
    // those the state refuses (the units are not where the file expects) are reported.
    let parent = record(d, TUTORIAL, "passive", 3);
    let fork = d.join("orders.rec");
    let out = cimic(&[
        "fork",
        &s(&parent),
        "--at",
        "2",
        "--orders",
        orders,
        "--out",
        &s(&fork),
        "--turns",
        "3",
        "--json",
    ]);
    let summary = json(&out);
    assert_eq!(summary["turns"], 5, "2 replayed + 3 more: {summary}");
    let f = load(&fork);
    assert_eq!(f.turns.len(), 5);
    assert_eq!(
        f.turns[..2],
        load(&parent).turns[..2],
        "turns 1-2 are the parent's"
    );
    let scenario = cimic_core::load_file(Path::new(TUTORIAL)).unwrap();
    let file = cimic_core::orders::load_orders(Path::new(orders), &scenario).unwrap();
    let (mut given, mut accepted) = (0, 0);
    for t in 3..=5u32 {
        let want: Vec<_> = file
            .iter()
            .filter(|b| b.turn == t)
            .flat_map(|b| b.orders.clone())
            .collect();
        let got = &f.turns[t as usize - 1].orders;
        assert!(got.iter().all(|o| want.contains(o)), "turn {t}: {got:?}");
        given += want.len();
        accepted += got.len();
    }
    assert!(accepted > 0, "some of the file's orders apply");
    assert_eq!(summary["rejected_orders"], given - accepted, "{summary}");
    assert!(stderr(&out).contains("turn 3: move order for `cimic1` rejected"));
    assert!(matches!(f.header.source, Source::Orders { .. }));
}

#[test]
fn fork_refuses_a_turn_beyond_the_record_and_an_existing_file() {
    let temp = common::tempdir();
    let d = temp.path();
    let parent = record(d, TUTORIAL, "passive", 1);
    let fork = d.join("f.rec");
    let out = cimic(&["fork", &s(&parent), "--at", "9", "--out", &s(&fork)]);
    assert_eq!(out.status.code(), Some(1), "{}", dump(&out));
    let err = stderr(&out);
    assert!(
        err.contains("--at 9") && err.contains("8 complete turns"),
        "{err}"
    );
    assert!(err.contains(&s(&parent)), "{err}");
    assert!(!fork.exists(), "nothing written");
    // The last turn leaves nothing to play.
    let out = cimic(&["fork", &s(&parent), "--at", "8", "--out", &s(&fork)]);
    assert_eq!(out.status.code(), Some(1), "{}", dump(&out));
    assert!(
        stderr(&out).contains("nothing is left to play"),
        "{}",
        dump(&out)
    );
    // An existing file is never overwritten.
    std::fs::write(&fork, "precious").unwrap();
    let out = cimic(&["fork", &s(&parent), "--at", "2", "--out", &s(&fork)]);
    assert_eq!(out.status.code(), Some(1), "{}", dump(&out));
    assert!(stderr(&out).contains("never overwrites"), "{}", dump(&out));
    assert_eq!(std::fs::read_to_string(&fork).unwrap(), "precious");
    // Too many turns after --at is a usage error, like `run --turns`.
    let other = d.join("g.rec");
    let out = cimic(&[
        "fork",
        &s(&parent),
        "--at",
        "6",
        "--turns",
        "5",
        "--out",
        &s(&other),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", dump(&out));
    // A record that does not replay is refused, naming the turn.
    let mut r = load(&parent);
    r.outcomes[1].state_hash = "0123456789abcdef".into();
    let bad = d.join("bad.rec");
    std::fs::write(&bad, r.to_text()).unwrap();
    let out = cimic(&["fork", &s(&bad), "--at", "4", "--out", &s(&other)]);
    assert_eq!(out.status.code(), Some(1), "{}", dump(&out));
    assert!(stderr(&out).contains("turn 2"), "{}", dump(&out));
    assert!(!other.exists());
}

#[test]
fn diff_says_identical_for_a_record_and_itself_and_names_the_fork_turn() {
    let temp = common::tempdir();
    let d = temp.path();
    let parent = record(d, TUTORIAL, "kinetic", 5);
    let same = json(&cimic(&["diff", &s(&parent), &s(&parent), "--json"]));
    assert_eq!(same["identical"], true);
    assert!(same["first_difference"].is_null());
    assert_eq!(same["causes"].as_array().unwrap().len(), 0);
    let text = ok(&cimic(&["diff", &s(&parent), &s(&parent)]));
    assert!(text.contains("identical"), "{text}");

    let fork = d.join("fork.rec");
    ok(&cimic(&[
        "fork",
        &s(&parent),
        "--at",
        "2",
        "--policy",
        "cimic-first",
        "--out",
        &s(&fork),
    ]));
    let diff = json(&cimic(&["diff", &s(&parent), &s(&fork), "--json"]));
    assert_eq!(diff["identical"], false);
    assert_eq!(diff["first_difference"], 3, "{diff}");
    let turns = diff["turns"].as_array().unwrap();
    assert_eq!(turns.len(), 9, "turns 0-8");
    for t in turns {
        let n = t["turn"].as_u64().unwrap();
        assert_eq!(t["same_state"], n <= 2, "turn {n}");
        // Deltas are B − A.
        for k in ["effectiveness", "efficiency", "civil_harm", "needs"] {
            let (a, b, x) = (
                t["a"][k].as_f64().unwrap(),
                t["b"][k].as_f64().unwrap(),
                t["delta"][k].as_f64().unwrap(),
            );
            assert!((b - a - x).abs() < 1e-9, "turn {n} {k}");
            if n <= 2 {
                assert_eq!(x, 0.0, "turn {n} {k}");
            }
        }
    }
    // The games differ, so some ledger cause differs, with B − A as its delta.
    let causes = diff["causes"].as_array().unwrap();
    assert!(!causes.is_empty());
    for c in causes {
        let (a, b, x) = (
            c["a"].as_f64().unwrap(),
            c["b"].as_f64().unwrap(),
            c["delta"].as_f64().unwrap(),
        );
        assert!((b - a - x).abs() < 1e-9 && x != 0.0, "{c}");
    }
    let text = ok(&cimic(&["diff", &s(&parent), &s(&fork)]));
    assert!(text.contains("first differing turn: 3"), "{text}");
}

#[test]
fn diff_of_records_of_different_scenarios_is_an_error() {
    let temp = common::tempdir();
    let d = temp.path();
    let a = record(d, TUTORIAL, "passive", 1);
    let b = record(d, FLOOD, "passive", 1);
    let out = cimic(&["diff", &s(&a), &s(&b)]);
    assert_eq!(out.status.code(), Some(1), "{}", dump(&out));
    let err = stderr(&out);
    assert!(err.contains("different scenarios"), "{err}");
    assert!(
        err.contains("tutorial") && err.contains("flood_relief"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn luck_places_the_recorded_outcome_among_other_seeds_reproducibly() {
    let temp = common::tempdir();
    let d = temp.path();
    let rec = record(d, FLOOD, "cimic-first", 4);
    let a = cimic(&["luck", &s(&rec), "--seeds", "8", "--json"]);
    let l = json(&a);
    let runs = l["runs"].as_array().unwrap();
    let seeds: Vec<u64> = runs.iter().map(|r| r["seed"].as_u64().unwrap()).collect();
    assert_eq!(seeds, (5..=12).collect::<Vec<_>>(), "seeds 5..12, in order");
    let spreads = l["spreads"].as_array().unwrap();
    let names: Vec<&str> = spreads
        .iter()
        .map(|s| s["indicator"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "effectiveness",
            "efficiency",
            "civil_harm",
            "objectives_met"
        ]
    );
    for sp in spreads {
        let f = |k: &str| sp[k].as_f64().unwrap();
        assert!((0.0..=100.0).contains(&f("percentile")), "{sp}");
        assert!(f("low") <= f("mean") && f("mean") <= f("high"), "{sp}");
        assert!(f("min") <= f("low") && f("high") <= f("max"), "{sp}");
        assert!(f("low") <= f("median") && f("median") <= f("high"), "{sp}");
        // The mean and the spread are those of the runs.
        let k = sp["indicator"].as_str().unwrap();
        let values: Vec<f64> = runs
            .iter()
            .map(|r| r["indicators"][k].as_f64().unwrap())
            .collect();
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        assert!((mean - f("mean")).abs() < 1e-9, "{k}");
        let below = values.iter().filter(|&&v| v < f("recorded")).count() as f64;
        let equal = values.iter().filter(|&&v| v == f("recorded")).count() as f64;
        assert!((100.0 * (below + equal / 2.0) / 8.0 - f("percentile")).abs() < 1e-9);
    }
    // The recorded outcome is the record's own final state.
    let p = load(&rec);
    let replayed = cimic_core::record::replay::verify(&p).unwrap();
    assert!(
        (l["recorded"]["civil_harm"].as_f64().unwrap() - replayed.scores().civil_harm).abs() < 1e-9
    );
    // Other seeds give other games, and the same call gives the same answer, byte for byte.
    assert!(
        runs.iter()
            .any(|r| r["state_hash"] != runs[0]["state_hash"])
    );
    let b = cimic(&["luck", &s(&rec), "--seeds", "8", "--json"]);
    assert_eq!(a.stdout, b.stdout);
    let text = ok(&cimic(&["luck", &s(&rec), "--seeds", "3"]));
    assert!(
        text.contains("percentile") && text.contains("5 to 7"),
        "{text}"
    );
    let zero = cimic(&["luck", &s(&rec), "--seeds", "0"]);
    assert_eq!(zero.status.code(), Some(2), "{}", dump(&zero));
}
