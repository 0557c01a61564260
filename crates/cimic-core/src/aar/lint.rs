//! The scenario linter's findings (`cimic lint`): what whole games of a valid scenario show that
//! validation cannot — events that never fire, objectives that measure nothing the trainees do or
//! that nobody can meet, districts no civilian actor ever gets into, decisions without a choice,
//! units and sites out of reach. A front end plays the games (each built-in policy and the
//! scenario's orders file over a few seeds) and hands one [`Trace`] per game to [`warnings`];
//! every warning carries a [`LintCode`] and an id, so that an author can answer it in the file
//! (`lint_allow`) and [`answer`] can tell the answered from the open.

use crate::scenario::diag::Problem;
use crate::scenario::format::{LintCode, Scenario, SideRole, Trigger, UnitKind};
use crate::scenario::validate::advice;
use crate::sim::Simulation;
use crate::sim::report::{LogKind, TurnReport};
use std::collections::BTreeSet;

/// The name of the line of play whose games say whether an objective is met without effort.
pub const PASSIVE: &str = "passive";

/// One finding: its code and subject (as `lint_allow` names them) and the located problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub code: LintCode,
    pub id: String,
    pub problem: Problem,
}

/// What one game showed the linter, gathered turn by turn with [`Trace::observe`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trace {
    /// The line of play (`passive`, `kinetic`, `cimic-first`, or the orders file's name).
    pub line: String,
    pub seed: u64,
    /// Ids of the events that fired.
    pub fired: BTreeSet<String>,
    /// Ids of the objectives met by the end.
    pub met: BTreeSet<String>,
    /// Indices of the districts some actor entered on security alone (its access threshold met).
    pub accessible: BTreeSet<usize>,
    /// Indices of the sites some force unit could reach.
    pub sites_reached: BTreeSet<usize>,
    /// Ids of the force units that could reach a site or a district where people live.
    pub units_reaching: BTreeSet<String>,
}

impl Trace {
    /// An empty trace of one game.
    pub fn new(line: &str, seed: u64) -> Trace {
        Trace {
            line: line.to_string(),
            seed,
            ..Trace::default()
        }
    }

    /// Reads the state after a turn (`report`: that turn's report; `None` for turn 0).
    pub fn observe(&mut self, s: &Scenario, sim: &Simulation, report: Option<&TurnReport>) {
        if let Some(r) = report {
            for e in r.log.iter().filter(|e| e.kind == LogKind::Event) {
                if s.events.iter().any(|x| x.id == e.subject) {
                    self.fired.insert(e.subject.clone());
                }
            }
            for o in r.objectives.iter().filter(|o| o.status == "met") {
                self.met.insert(o.id.clone());
            }
        }
        let access = sim.world().resource::<crate::sim::actors::ActorAccess>();
        for a in access.0.iter().flatten().filter(|a| a.unescorted) {
            self.accessible.insert(a.district as usize);
        }
        self.reach(s, sim);
    }

    /// Which sites and units are within a force unit's reach now; only what is not yet known
    /// is searched, so a game where everything is in reach at turn 0 costs one search each.
    fn reach(&mut self, s: &Scenario, sim: &Simulation) {
        let units = sim.units();
        let force: Vec<_> = units.iter().filter(|u| u.role == SideRole::Force).collect();
        let flies = force.iter().any(|u| u.kind == UnitKind::Aviation);
        for (i, site) in s.infrastructure.iter().enumerate() {
            if self.sites_reached.contains(&i) {
                continue;
            }
            if flies || force.iter().any(|u| sim.reachable(u.position, site.hex)) {
                self.sites_reached.insert(i);
            }
        }
        let map = sim.map();
        let peopled: BTreeSet<u32> = s
            .population
            .iter()
            .filter_map(|g| s.map.districts.iter().position(|d| d.id == g.district))
            .map(|d| d as u32)
            .collect();
        // One hex of each district where people live.
        let mut first = std::collections::BTreeMap::new();
        for i in 0..map.len() {
            let d = map.district[i];
            if peopled.contains(&u32::from(d)) {
                first.entry(d).or_insert(map.pos_of(i));
            }
        }
        let targets: Vec<(i32, i32)> = first.into_values().collect();
        for u in force {
            if self.units_reaching.contains(&u.id) {
                continue;
            }
            let reaches = u.kind == UnitKind::Aviation
                || s.infrastructure
                    .iter()
                    .any(|x| sim.reachable(u.position, x.hex))
                || targets.iter().any(|&h| sim.reachable(u.position, h));
            if reaches {
                self.units_reaching.insert(u.id.clone());
            }
        }
    }
}

/// Every warning on a valid scenario after its games: the static advice (`holding_at_start`:
/// the objectives met in the starting situation), decisions with one option, and what the
/// `traces` show. Answered or not; [`answer`] sorts them.
pub fn warnings(s: &Scenario, holding_at_start: &[String], traces: &[Trace]) -> Vec<Warning> {
    let mut out: Vec<Warning> = advice::coded(s, holding_at_start)
        .into_iter()
        .map(|(code, id, problem)| Warning { code, id, problem })
        .collect();
    let games = traces.len();
    let warn = |code, id: &str, path: String, message: String, hint: &str| Warning {
        code,
        id: id.to_string(),
        problem: Problem::at(path, format!("warning: {message}")).hint(hint),
    };
    for (i, e) in s.events.iter().enumerate() {
        if traces.iter().all(|t| !t.fired.contains(&e.id)) {
            let hint = match &e.trigger {
                Trigger::AtTurn(t) if *t > s.meta.turns => {
                    "the turn is after the scenario's last turn: bring it within `meta.turns`"
                }
                Trigger::AtTurn(_) => "an event at turn 0 never fires: turns start at 1",
                Trigger::When(_) => {
                    "the condition never held: check its thresholds against the levels the games reach"
                }
                Trigger::Chance { .. } => {
                    "the chance is low or the window short: raise `per_turn` or widen `from`/`until`"
                }
            };
            out.push(warn(
                LintCode::EventNeverFires,
                &e.id,
                format!("events[{i}].trigger"),
                format!("event `{}` fired in none of the {games} games", e.id),
                hint,
            ));
        }
    }
    objective_warnings(s, holding_at_start, traces, &mut out);
    for (i, d) in s.decisions.iter().enumerate() {
        if d.options.len() == 1 {
            out.push(warn(
                LintCode::DecisionOneOption,
                &d.id,
                format!("decisions[{i}].options"),
                format!(
                    "decision `{}` has one option: the players have no choice",
                    d.id
                ),
                "add an option (doing nothing is one), or make the outcome an event",
            ));
        }
    }
    reach_warnings(s, traces, &mut out);
    out
}

/// Objectives met by the passive line in every game, and objectives no game met.
fn objective_warnings(
    s: &Scenario,
    holding_at_start: &[String],
    traces: &[Trace],
    out: &mut Vec<Warning>,
) {
    let passive: Vec<&Trace> = traces.iter().filter(|t| t.line == PASSIVE).collect();
    for (i, o) in s.objectives.iter().enumerate() {
        if holding_at_start.contains(&o.id) {
            continue;
        }
        let path = format!("objectives[{i}].condition");
        if !passive.is_empty() && passive.iter().all(|t| t.met.contains(&o.id)) {
            out.push(Warning {
                code: LintCode::ObjectiveMetByPassive,
                id: o.id.clone(),
                problem: Problem::at(
                    path,
                    format!(
                        "warning: objective `{}` is met by the passive line (every unit holds) in all {} of its games: it measures nothing the force does",
                        o.id,
                        passive.len()
                    ),
                )
                .hint("raise the threshold, shorten the deadline, or measure what the force must change"),
            });
        } else if !traces.is_empty() && traces.iter().all(|t| !t.met.contains(&o.id)) {
            out.push(Warning {
                code: LintCode::ObjectiveNeverMet,
                id: o.id.clone(),
                problem: Problem::at(
                    path,
                    format!(
                        "warning: objective `{}` was met in none of the {} games, whichever line played",
                        o.id,
                        traces.len()
                    ),
                )
                .hint("lower the threshold or move the deadline, unless the objective is meant to be out of reach"),
            });
        }
    }
}

/// Districts no actor entered on security alone, sites and units out of every force unit's reach.
fn reach_warnings(s: &Scenario, traces: &[Trace], out: &mut Vec<Warning>) {
    if traces.is_empty() {
        return;
    }
    for (d, district) in s.map.districts.iter().enumerate() {
        let working: Vec<String> = s
            .actors
            .iter()
            .filter(|a| a.districts.contains(&district.id))
            .map(|a| format!("`{}` ({:.2})", a.id, a.access_threshold))
            .collect();
        if working.is_empty() || traces.iter().any(|t| t.accessible.contains(&d)) {
            continue;
        }
        out.push(Warning {
            code: LintCode::DistrictNeverAccessible,
            id: district.id.clone(),
            problem: Problem::at(
                format!("map.districts[{d}]"),
                format!(
                    "warning: in district `{}` security never reached the access threshold of any actor working there ({}) in {} games: they work there only under escort",
                    district.id,
                    working.join(", "),
                    traces.len()
                ),
            )
            .hint("lower an actor's `access_threshold`, or raise the district's starting security"),
        });
    }
    for (i, site) in s.infrastructure.iter().enumerate() {
        if traces.iter().all(|t| !t.sites_reached.contains(&i)) {
            out.push(Warning {
                code: LintCode::SiteUnreachable,
                id: site.id.clone(),
                problem: Problem::at(
                    format!("infrastructure[{i}].hex"),
                    format!("warning: no force unit can reach site `{}` by land in any game", site.id),
                )
                .hint("connect it by a road or bridge, move it, or give the force a unit that reaches it"),
            });
        }
    }
    for (i, u) in s.units.iter().enumerate() {
        let force = s
            .sides
            .iter()
            .any(|x| x.id == u.side && x.role == SideRole::Force);
        if force && traces.iter().all(|t| !t.units_reaching.contains(&u.id)) {
            out.push(Warning {
                code: LintCode::UnitUnreachable,
                id: u.id.clone(),
                problem: Problem::at(
                    format!("units[{i}].position"),
                    format!(
                        "warning: unit `{}` can reach no site and no district where people live, in any game",
                        u.id
                    ),
                )
                .hint("place it on ground connected to the rest of the map"),
            });
        }
    }
}

/// The warnings split into (open, answered) by the scenario's `lint_allow`, and the indices of
/// the `lint_allow` entries that answer no warning (stale answers to be removed).
pub fn answer(s: &Scenario, all: Vec<Warning>) -> (Vec<Warning>, Vec<Warning>, Vec<usize>) {
    let (answered, open): (Vec<Warning>, Vec<Warning>) = all
        .into_iter()
        .partition(|w| advice::answered(s, w.code, &w.id));
    let stale = s
        .lint_allow
        .iter()
        .enumerate()
        .filter(|(_, a)| !answered.iter().any(|w| w.code == a.warning && w.id == a.id))
        .map(|(i, _)| i)
        .collect();
    (open, answered, stale)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::format::LintAllow;

    fn tutorial() -> Scenario {
        crate::scenario::load_str(
            "tutorial.ron",
            include_str!("../../../../scenarios/tutorial.ron"),
        )
        .unwrap()
    }

    #[test]
    fn an_event_no_game_fired_is_warned_and_one_that_fired_is_not() {
        let s = tutorial();
        let first = s.events[0].id.clone();
        let mut t = Trace::new(PASSIVE, 1);
        t.fired = s.events.iter().skip(1).map(|e| e.id.clone()).collect();
        let w = warnings(&s, &[], &[t.clone()]);
        let never: Vec<&Warning> = w
            .iter()
            .filter(|w| w.code == LintCode::EventNeverFires)
            .collect();
        assert_eq!(never.len(), 1, "{w:?}");
        assert_eq!(never[0].id, first);
        assert_eq!(never[0].problem.path, "events[0].trigger");
        t.fired.insert(first);
        let w = warnings(&s, &[], &[t]);
        assert!(w.iter().all(|w| w.code != LintCode::EventNeverFires));
    }

    #[test]
    fn objectives_met_by_passive_everywhere_or_by_nobody_are_warned() {
        let s = tutorial();
        let (a, b) = (s.objectives[0].id.clone(), s.objectives[1].id.clone());
        let mut passive = Trace::new(PASSIVE, 1);
        passive.met.insert(a.clone());
        let mut other = Trace::new("cimic-first", 1);
        other.met.insert(a.clone());
        let w = warnings(&s, &[], &[passive, other.clone()]);
        let by = |code| {
            w.iter()
                .filter(|w| w.code == code)
                .map(|w| w.id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(by(LintCode::ObjectiveMetByPassive), vec![a.clone()]);
        assert!(by(LintCode::ObjectiveNeverMet).contains(&b));
        // Met at the start: only that warning, not the passive one as well.
        let w = warnings(&s, std::slice::from_ref(&a), &[other]);
        assert!(
            w.iter()
                .any(|w| w.code == LintCode::ObjectiveMetAtStart && w.id == a)
        );
        assert!(
            !w.iter()
                .any(|w| w.code != LintCode::ObjectiveMetAtStart && w.id == a)
        );
    }

    #[test]
    fn districts_sites_and_units_no_game_reached_are_warned_and_only_those() {
        let s = tutorial();
        let mut t = Trace::new(PASSIVE, 1);
        let w = warnings(&s, &[], std::slice::from_ref(&t));
        let ids = |code| {
            w.iter()
                .filter(|w| w.code == code)
                .map(|w| w.id.as_str())
                .collect::<Vec<_>>()
        };
        // Only Aldbrook has actors working in it.
        assert_eq!(ids(LintCode::DistrictNeverAccessible), ["aldbrook"]);
        assert_eq!(ids(LintCode::SiteUnreachable).len(), s.infrastructure.len());
        // The host nation's squad is not the force's.
        assert_eq!(
            ids(LintCode::UnitUnreachable),
            ["eng1", "inf1", "cimic1", "med1"]
        );
        t.accessible.insert(1);
        t.sites_reached = (0..s.infrastructure.len()).collect();
        t.units_reaching = s.units.iter().map(|u| u.id.clone()).collect();
        let w = warnings(&s, &[], &[t]);
        assert!(w.iter().all(|w| !matches!(
            w.code,
            LintCode::DistrictNeverAccessible
                | LintCode::SiteUnreachable
                | LintCode::UnitUnreachable
        )));
    }

    #[test]
    fn a_played_game_fires_the_turn_events_and_reaches_the_near_sites() {
        let s = tutorial();
        let mut sim = Simulation::new(&s, 1).unwrap();
        let mut t = Trace::new(PASSIVE, 1);
        t.observe(&s, &sim, None);
        let power = s
            .infrastructure
            .iter()
            .position(|x| x.id == "westfield_power")
            .unwrap();
        assert!(t.sites_reached.contains(&power), "{t:?}");
        assert!(t.units_reaching.contains("eng1"));
        while !sim.finished() {
            let report = sim.advance();
            t.observe(&s, &sim, Some(&report));
        }
        assert!(
            t.fired.contains("welcome") && t.fired.contains("storm"),
            "{t:?}"
        );
    }

    #[test]
    fn an_answer_in_the_file_moves_the_warning_and_an_unused_answer_is_stale() {
        let mut s = tutorial();
        s.decisions.truncate(1);
        if let Some(d) = s.decisions.first_mut() {
            d.options.truncate(1);
        }
        let w = warnings(&s, &[], &[]);
        let one = w
            .iter()
            .find(|w| w.code == LintCode::DecisionOneOption)
            .expect("one-option decision warned")
            .clone();
        s.lint_allow = vec![
            LintAllow {
                warning: LintCode::DecisionOneOption,
                id: one.id.clone(),
                reason: "a briefing, not a choice".into(),
            },
            LintAllow {
                warning: LintCode::EventNeverFires,
                id: "nothing".into(),
                reason: "stale".into(),
            },
        ];
        let (open, answered, stale) = answer(&s, w);
        assert!(open.iter().all(|w| w.code != LintCode::DecisionOneOption));
        assert_eq!(answered, vec![one]);
        assert_eq!(stale, vec![1]);
    }
}
