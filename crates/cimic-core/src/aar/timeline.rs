//! A recorded game replayed for review: the record's inputs are played again (every turn's state
//! hash checked), and after each turn the scores, the key civil indicators per district, the
//! decision points and the ledger are kept. `diff`, the HTML/CSV report and `luck` read games
//! from here, so they all see the same numbers the players saw.

use crate::map::HexMap;
use crate::record::replay::{Replay, ReplayError};
use crate::record::{Header, Record};
use crate::scenario::Scenario;
use crate::scenario::format::Sector;
use crate::sim::Simulation;
use crate::sim::facilitator::FacilitatorAction;
use crate::sim::report::Scores;
use crate::sim::scoring::ledger::{Cause, Entry, Metric};
use crate::sim::views::{InfraView, UnitView};
use serde::Serialize;
use std::collections::BTreeMap;

/// The numbers an analyst follows turn by turn: the three scores and the key civil indicators.
/// Kept as one flat set so that charts, diffs and spreads treat them alike.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Indicators {
    pub effectiveness: f64,
    pub efficiency: f64,
    pub civil_harm: f64,
    /// Objectives met so far.
    pub objectives_met: f64,
    /// Needs satisfaction over all sectors, weighted by people (0–1).
    pub needs: f64,
    /// Civilian deaths so far, whatever the cause.
    pub deaths: f64,
    /// People in displaced-persons groups now.
    pub displaced: f64,
    /// Share of citizens active in civil unrest, weighted by people (0–1).
    pub unrest: f64,
}

impl Indicators {
    /// Field names, in the order of [`Indicators::values`] (as in JSON).
    pub const NAMES: [&'static str; 8] = [
        "effectiveness",
        "efficiency",
        "civil_harm",
        "objectives_met",
        "needs",
        "deaths",
        "displaced",
        "unrest",
    ];

    /// Labels for people, in the order of [`Indicators::NAMES`].
    pub const LABELS: [&'static str; 8] = [
        "Effectiveness (0–100, higher is better)",
        "Efficiency (0–100, higher is better)",
        "Civil harm (0 and up, lower is better)",
        "Objectives met",
        "Needs met, people-weighted (0–1)",
        "Civilian deaths",
        "Displaced persons",
        "Civil unrest, active share (0–1)",
    ];

    /// The values in [`Indicators::NAMES`] order.
    pub fn values(&self) -> [f64; 8] {
        [
            self.effectiveness,
            self.efficiency,
            self.civil_harm,
            self.objectives_met,
            self.needs,
            self.deaths,
            self.displaced,
            self.unrest,
        ]
    }

    /// The scores part.
    pub fn scores(&self) -> Scores {
        Scores {
            effectiveness: self.effectiveness,
            efficiency: self.efficiency,
            civil_harm: self.civil_harm,
        }
    }
}

/// One district after a turn (the facilitator's true picture, not the force's).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DistrictStats {
    pub id: String,
    pub name: String,
    pub people: u64,
    /// People-weighted needs satisfaction per sector, in `Sector::ALL` order.
    pub needs: [f32; 7],
    pub consent: f32,
    pub legitimacy: f32,
    /// Civilian deaths so far among the district's groups.
    pub deaths: u64,
    /// People in the district's displaced-persons group.
    pub displaced: u64,
    /// Share of citizens active and detained in civil unrest.
    pub unrest_active: f32,
    pub unrest_jailed: f32,
}

/// The state after one turn (turn 0: the starting situation).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TurnStats {
    pub turn: u32,
    pub state_hash: String,
    pub indicators: Indicators,
    pub districts: Vec<DistrictStats>,
}

/// What the map looked like after a turn: units, sites, and unrest per district.
#[derive(Debug, Clone, PartialEq)]
pub struct MapSnapshot {
    pub turn: u32,
    pub units: Vec<UnitView>,
    pub sites: Vec<InfraView>,
    /// Active unrest share per district, in scenario order.
    pub unrest: Vec<f32>,
}

/// A decision point and what was done with it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionPoint {
    /// The turn whose start the choice took effect.
    pub turn: u32,
    pub id: String,
    pub title: String,
    pub briefing: String,
    /// The option taken (its label).
    pub chosen: String,
    /// True when nobody chose and the scenario's default was taken.
    pub defaulted: bool,
    /// Labels of the other options.
    pub others: Vec<String>,
}

/// A decision point as it was put to the players: title, briefing, (option id, label).
type Opened = (String, String, Vec<(String, String)>);

/// A recorded game, replayed and measured turn by turn.
#[derive(Debug, Clone)]
pub struct Timeline {
    pub header: Header,
    pub scenario: Scenario,
    /// Turn 0 first, then every turn the record holds complete.
    pub turns: Vec<TurnStats>,
    /// The map (static ground, roads, rivers, districts).
    pub map: HexMap,
    /// Snapshots at the turns asked for, in turn order.
    pub maps: Vec<MapSnapshot>,
    pub decisions: Vec<DecisionPoint>,
    /// Every facilitator action of the record (injects fired, overrides with their rationale,
    /// notes, bookmarks), with the turn it was given for.
    pub facilitator: Vec<(u32, FacilitatorAction)>,
    /// Every ledger entry of the game, turn 0 first.
    pub ledger: Vec<Entry>,
    /// What each order id stood for (`verb unit`), so that causes can be named across games.
    pub orders: BTreeMap<u32, String>,
    /// Objectives at the end: (id, title, status, turn met).
    pub objectives: Vec<(String, String, String, Option<u32>)>,
}

impl Timeline {
    /// Replays a record (checking every recorded state hash) and measures each turn; `maps`
    /// names the turns whose map to keep (turns beyond the record are ignored).
    pub fn build(record: &Record, maps: &[u32]) -> Result<Timeline, ReplayError> {
        let scenario = record
            .scenario()
            .map_err(|e| ReplayError::Scenario(e.render(false)))?;
        let mut replay = Replay::verified(record, record.outcomes.len())?;
        let mut turns = vec![measure(replay.sim())];
        let mut snapshots = Vec::new();
        let mut orders = BTreeMap::new();
        let mut opened: BTreeMap<String, Opened> = BTreeMap::new();
        let snap = |sim: &Simulation, out: &mut Vec<MapSnapshot>| {
            if maps.contains(&sim.turn()) {
                out.push(MapSnapshot {
                    turn: sim.turn(),
                    units: sim.units(),
                    sites: sim.infrastructure(),
                    unrest: sim.unrest().iter().map(|u| u.1).collect(),
                });
            }
        };
        snap(replay.sim(), &mut snapshots);
        while replay.remaining() > 0 {
            for d in replay.sim().open_decisions() {
                opened
                    .entry(d.id.clone())
                    .or_insert((d.title, d.briefing, d.options));
            }
            let given = |sim: &Simulation| {
                for (id, order) in sim.pending_orders() {
                    orders.insert(id, format!("{} {}", order.verb(), order.unit()));
                }
            };
            if let Some(turn) = replay.next_with(given) {
                turn?;
            }
            turns.push(measure(replay.sim()));
            snap(replay.sim(), &mut snapshots);
        }
        let sim = replay.into_sim();
        let decisions = sim
            .decision_history()
            .into_iter()
            .map(|r| {
                let (title, briefing, options) = opened
                    .get(&r.decision)
                    .cloned()
                    .unwrap_or_else(|| (r.decision.clone(), String::new(), Vec::new()));
                let label = |id: &str| {
                    options
                        .iter()
                        .find(|o| o.0 == id)
                        .map_or(id.to_string(), |o| o.1.clone())
                };
                DecisionPoint {
                    turn: r.turn,
                    chosen: label(&r.option),
                    others: options
                        .iter()
                        .filter(|o| o.0 != r.option)
                        .map(|o| o.1.clone())
                        .collect(),
                    id: r.decision,
                    title,
                    briefing,
                    defaulted: r.defaulted,
                }
            })
            .collect();
        let objectives = sim
            .objectives()
            .into_iter()
            .map(|o| {
                let text = scenario
                    .objectives
                    .iter()
                    .find(|x| x.id == o.id)
                    .map(|x| x.title.clone())
                    .unwrap_or_default();
                (o.id, text, o.status.to_string(), o.met_on)
            })
            .collect();
        Ok(Timeline {
            header: record.header.clone(),
            map: sim.map().clone(),
            maps: snapshots,
            decisions,
            facilitator: record
                .turns
                .iter()
                .take(record.outcomes.len())
                .flat_map(|t| t.facilitator.iter().map(|a| (t.turn, a.clone())))
                .collect(),
            ledger: sim.ledger().entries.clone(),
            orders,
            objectives,
            scenario,
            turns,
        })
    }

    /// The last turn measured.
    pub fn last(&self) -> &TurnStats {
        // `turns` always holds turn 0.
        &self.turns[self.turns.len() - 1]
    }

    /// A cause named so that it means the same in another game of the scenario: an order by
    /// what it was (`order: repair eng1`) rather than by its number, which depends on how many
    /// orders came before it.
    pub fn cause_name(&self, cause: &Cause) -> String {
        match cause {
            Cause::Order(id) => match self.orders.get(id) {
                Some(what) => format!("order: {what}"),
                None => cause.to_string(),
            },
            other => other.to_string(),
        }
    }

    /// The causes that moved a metric most over `turns`, named with [`Timeline::cause_name`]
    /// and grouped with their entity, with how many entries each sums, largest first; ties in sort
    /// order of the names, so the list is stable.
    pub fn top_causes(
        &self,
        metric: Metric,
        turns: std::ops::RangeInclusive<u32>,
        n: usize,
    ) -> Vec<CauseLine> {
        let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
        for e in self
            .ledger
            .iter()
            .filter(|e| e.metric == metric && turns.contains(&e.turn))
        {
            *counts
                .entry((self.cause_name(&e.cause), e.entity.clone()))
                .or_default() += 1;
        }
        let mut out: Vec<CauseLine> = self
            .cause_totals(metric, turns)
            .into_iter()
            .map(|((cause, entity), (amount, text))| CauseLine {
                entries: counts
                    .get(&(cause.clone(), entity.clone()))
                    .copied()
                    .unwrap_or(0),
                cause,
                entity,
                amount,
                text,
            })
            .collect();
        out.sort_by(|a, b| b.amount.abs().total_cmp(&a.amount.abs()));
        out.truncate(n);
        out
    }

    /// Per (cause name, entity): the sum of a metric's entries over `turns` and the text of the
    /// largest of them.
    pub fn cause_totals(
        &self,
        metric: Metric,
        turns: std::ops::RangeInclusive<u32>,
    ) -> BTreeMap<(String, String), (f64, String)> {
        let mut groups: BTreeMap<(String, String), (f64, f64, String)> = BTreeMap::new();
        for e in self
            .ledger
            .iter()
            .filter(|e| e.metric == metric && turns.contains(&e.turn))
        {
            let slot = groups
                .entry((self.cause_name(&e.cause), e.entity.clone()))
                .or_insert((0.0, 0.0, String::new()));
            slot.0 += e.amount;
            if e.amount.abs() > slot.1 || slot.2.is_empty() {
                slot.1 = e.amount.abs();
                slot.2 = e.text.clone();
            }
        }
        groups
            .into_iter()
            .map(|(k, (a, _, t))| (k, (a, t)))
            .collect()
    }
}

/// The indicators and district figures of the state now.
pub fn measure(sim: &Simulation) -> TurnStats {
    let objectives = sim.objectives();
    let groups = sim.groups();
    let unrest = sim.unrest();
    let picture = sim.true_picture();
    let districts: Vec<DistrictStats> = sim
        .districts()
        .into_iter()
        .enumerate()
        .map(|(d, view)| {
            let mine = groups.iter().filter(|g| g.district == view.id);
            let snapshot = picture.get(d).and_then(|p| p.1);
            DistrictStats {
                needs: std::array::from_fn(|s| view.need(Sector::ALL[s])),
                consent: snapshot.map_or(0.0, |s| s.consent),
                legitimacy: snapshot.map_or(0.0, |s| s.legitimacy),
                deaths: mine.clone().map(|g| u64::from(g.deaths)).sum(),
                displaced: mine
                    .filter(|g| g.id.starts_with(crate::sim::displacement::IDP_PREFIX))
                    .map(|g| u64::from(g.size))
                    .sum(),
                unrest_active: unrest.get(d).map_or(0.0, |u| u.1),
                unrest_jailed: unrest.get(d).map_or(0.0, |u| u.2),
                people: view.people,
                name: view.name,
                id: view.id,
            }
        })
        .collect();
    let people: u64 = districts.iter().map(|d| d.people).sum();
    let weighted = |f: &dyn Fn(&DistrictStats) -> f64| -> f64 {
        if people == 0 {
            return 0.0;
        }
        districts
            .iter()
            .map(|d| f(d) * d.people as f64)
            .sum::<f64>()
            / people as f64
    };
    let scores = sim.scores();
    TurnStats {
        turn: sim.turn(),
        state_hash: sim.state_hash(),
        indicators: Indicators {
            effectiveness: scores.effectiveness,
            efficiency: scores.efficiency,
            civil_harm: scores.civil_harm,
            objectives_met: objectives.iter().filter(|o| o.status == "met").count() as f64,
            needs: weighted(&|d| d.needs.iter().map(|&v| f64::from(v)).sum::<f64>() / 7.0),
            deaths: districts.iter().map(|d| d.deaths as f64).sum(),
            displaced: districts.iter().map(|d| d.displaced as f64).sum(),
            unrest: weighted(&|d| f64::from(d.unrest_active)),
        },
        districts,
    }
}

/// One line of a "largest causes" table: what a cause added to a score over some turns, and how
/// many ledger entries that sum is made of (one large act, or many small ones).
#[derive(Debug, Clone, PartialEq)]
pub struct CauseLine {
    pub cause: String,
    pub entity: String,
    pub amount: f64,
    pub entries: usize,
    /// The text of the cause's largest entry.
    pub text: String,
}
