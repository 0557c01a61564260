//! The infrastructure as the engineers reason about it: what a site is worth to people, how a
//! repair raises the functioning of the sites that depend on it (docs/rules.md §7–§8), and
//! what a site's failure would cost. Pure arithmetic on the views; `repair.rs` plans with it.

use super::situation::{SECTOR_WEIGHT, Situation};
use crate::rules::{BRIDGE_OPEN_AT, MIN_WORKING_CONDITION, infra_sector};
use crate::scenario::format::{InfraKind, Sector};
use crate::sim::InfraView;

/// What engineers value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RepairStyle {
    /// Service to people, weighted by unmet need; health counts double (lives).
    People,
    /// Mobility first (bridges), then sites by the people they serve, whatever their need.
    Mobility,
}

/// Turns of work a plan looks ahead.
const HORIZON: f32 = 3.0;

/// Functioning from condition alone (below the working minimum a site delivers nothing).
fn own(condition: f32) -> f32 {
    if condition < MIN_WORKING_CONDITION {
        0.0
    } else {
        condition.min(1.0)
    }
}

/// The repair plan so far: conditions the sites will have once the assigned work is done, and
/// the functioning that follows from them through the dependency rule.
pub(crate) struct Projection {
    deps: Vec<Vec<usize>>,
    service: Vec<f32>,
    banks: Vec<f32>,
    /// Condition of each site once the work planned so far is done.
    pub condition: Vec<f32>,
    /// Functioning that follows from it.
    pub functioning: Vec<f32>,
}

impl Projection {
    /// The sites as they stand.
    pub fn new(sit: &Situation, style: RepairStyle) -> Projection {
        let deps = sit
            .infra
            .iter()
            .map(|s| {
                s.depends_on
                    .iter()
                    .filter_map(|id| sit.infra.iter().position(|t| &t.id == id))
                    .collect()
            })
            .collect();
        let condition: Vec<f32> = sit.infra.iter().map(|s| s.condition).collect();
        let mut p = Projection {
            deps,
            service: sit
                .infra
                .iter()
                .map(|s| service_value(sit, s, style))
                .collect(),
            banks: sit
                .infra
                .iter()
                .map(|s| bank_people(sit, s, style))
                .collect(),
            functioning: Vec::new(),
            condition,
        };
        p.functioning = p.cascade(&p.condition);
        p
    }

    /// Functioning of every site from these conditions (docs/rules.md §8).
    pub fn cascade(&self, condition: &[f32]) -> Vec<f32> {
        let mut f: Vec<f32> = condition.iter().map(|&c| own(c)).collect();
        for _ in 0..8 {
            for i in 0..f.len() {
                let capped = self.deps[i]
                    .iter()
                    .fold(own(condition[i]), |x, &j| x.min(f[j]));
                f[i] = capped;
            }
        }
        f
    }

    /// Service lost if site `i` failed now, its dependents' included.
    pub fn stake(&self, i: usize) -> f32 {
        let mut condition = self.condition.clone();
        condition[i] = 0.0;
        let f = self.cascade(&condition);
        self.service
            .iter()
            .zip(self.functioning.iter().zip(&f))
            .map(|(s, (now, failed))| s * (now - failed).max(0.0))
            .sum()
    }

    /// Value of raising site `i` to condition `to`, for everything that depends on it too.
    /// Returns the value, the projected conditions and the functioning that follows from them.
    pub fn value_of(&self, i: usize, to: f32) -> (f32, Vec<f32>, Vec<f32>) {
        let mut condition = self.condition.clone();
        condition[i] = to.min(1.0);
        let f = self.cascade(&condition);
        let mut v = 0.0;
        for (j, (&before, &after)) in self.functioning.iter().zip(&f).enumerate() {
            if after <= before {
                continue;
            }
            v += self.service[j] * (after - before);
            if self.banks[j] > 0.0 {
                v += if before < BRIDGE_OPEN_AT && after >= BRIDGE_OPEN_AT {
                    self.banks[j]
                } else if before < BRIDGE_OPEN_AT + 0.05 {
                    0.1 * self.banks[j] * (after - before)
                } else {
                    0.02 * self.banks[j] * (after - before)
                };
            }
        }
        (v, condition, f)
    }
}

/// Weight of unmet need known only from the briefing, against need the force has seen.
const BRIEFED: f32 = 0.5;

/// Value of one unit of a site's own functioning: people served, by sector weight and need.
fn service_value(sit: &Situation, site: &InfraView, style: RepairStyle) -> f32 {
    if site.kind == InfraKind::Bridge {
        return 0.0;
    }
    let Some(sector) = infra_sector(site.kind) else {
        // Government offices, cultural and religious sites: worth keeping, little to gain.
        return 0.02 * served_people(sit, site);
    };
    let mut v = 0.0;
    for d in site.serves.iter().filter_map(|id| sit.district(id)) {
        let w = SECTOR_WEIGHT[sector.index()];
        v += match style {
            RepairStyle::People => {
                let lives = if sector == Sector::Health { 2.0 } else { 1.0 };
                // Unmet need the force knows only from the briefing counts half: it is a
                // guess the engineers' own survey would settle (docs/rules.md §21.6).
                let known = if sit.picture_age(d).is_some() {
                    1.0
                } else {
                    BRIEFED
                };
                sit.people(d) * w * lives * (0.3 + known * (1.0 - sit.need(d, sector)))
            }
            RepairStyle::Mobility => sit.people(d) * w,
        };
    }
    v
}

/// People living in the districts a site serves.
pub(crate) fn served_people(sit: &Situation, site: &InfraView) -> f32 {
    site.serves
        .iter()
        .filter_map(|id| sit.district(id))
        .map(|d| sit.people(d))
        .sum()
}

/// What a bridge is worth when it opens: the people of the districts on its banks.
fn bank_people(sit: &Situation, site: &InfraView, style: RepairStyle) -> f32 {
    if site.kind != InfraKind::Bridge {
        return 0.0;
    }
    let mut banks: Vec<usize> = super::situation::neighbours(site.hex)
        .iter()
        .filter_map(|&p| sit.district_at(p))
        .collect();
    if let Some(d) = sit.district_at(site.hex) {
        banks.push(d);
    }
    banks.sort_unstable();
    banks.dedup();
    let people: f32 = banks.iter().map(|&d| sit.people(d)).sum();
    match style {
        RepairStyle::People => 0.3 * people,
        RepairStyle::Mobility => 0.6 * people,
    }
}

/// Turns of work until the repair pays off, and the condition it reaches then.
pub(crate) fn work(
    sit: &Situation,
    p: &Projection,
    i: usize,
    rate: f32,
    left: f32,
) -> Option<(f32, f32)> {
    let site = &sit.infra[i];
    let c = p.condition[i];
    if site.kind == InfraKind::Bridge && p.functioning[i] < BRIDGE_OPEN_AT {
        let turns = ((BRIDGE_OPEN_AT + 0.01 - c) / rate).ceil().max(1.0);
        return (turns <= left).then_some((turns, c + rate * turns));
    }
    let turns = ((1.0 - c) / rate).ceil().clamp(1.0, HORIZON.min(left));
    Some((turns, c + rate * turns))
}

/// Sites other sites depend on, directly or through others (BR2: a failure there cascades).
pub(crate) fn dependents(sit: &Situation, site: &InfraView) -> Vec<usize> {
    let mut found: Vec<usize> = Vec::new();
    let mut frontier = vec![site.id.clone()];
    while let Some(id) = frontier.pop() {
        for (i, t) in sit.infra.iter().enumerate() {
            if t.depends_on.contains(&id) && !found.contains(&i) {
                found.push(i);
                frontier.push(t.id.clone());
            }
        }
    }
    found
}
