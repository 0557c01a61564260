//! Requests for assistance (docs/rules.md §4.5): a request an inject puts to the force is
//! tracked until it is answered — by the force's own delivery in that district and sector or its
//! engineers' repair of a site that serves them, or by new help from a civilian actor, or by the
//! need being met — or until it lapses unanswered, when the people who asked lose some of their
//! consent to a force that did not come. CIMIC officers "channel the requests for mission and
//! community support" (AU/UN); an ignored request is a promise of help not kept.
//!
//! Rules version 11: the people asked because what was already coming did not suffice, so the
//! civilian delivery they had when they asked is not an answer. Each request remembers it, and
//! only delivery above it, or the need met, answers for the civilians.

use super::components::{Attitudes, Delivered, Infrastructure, PopulationGroup, Roster, TurnFrame};
use super::report::{LogKind, TurnLog};
use super::scoring::efficiency::{Effort, UnitEffort};
use super::services::{district_people, needs_target};
use crate::map::DistrictIdx;
use crate::rules::infra_sector;
use crate::scenario::format::Sector;
use bevy::ecs::system::SystemParam;
use bevy::prelude::{Query, Res, ResMut, Resource};

/// Turns after the request's own turn within which an answer counts.
pub const REQUEST_WINDOW: u32 = 2;
/// Consent lost by every group of the district when a request lapses unanswered.
pub const REQUEST_IGNORED_CONSENT: f32 = 0.05;
/// Share of the shortfall at the time of the request (people not served in the district and
/// sector) that new civilian delivery must reach to answer it: a tenth of what was missing is
/// help that came because of the request, not the drift of what was there (rules version 11).
pub const REQUEST_NEW_HELP_SHARE: f32 = 0.1;
/// New civilian delivery, in people, that always falls short of an answer (half a person: the
/// threshold of version 8, kept as the floor when the shortfall was small).
pub const REQUEST_NEW_HELP_FLOOR: f32 = 0.5;
/// Satisfaction this turn's delivery brings the district's people to in the sector (the needs
/// rule's `services::needs_target`, with the people-weighted coping) at or above which the need asked about is met, whoever met it (rules version 11).
pub const REQUEST_NEED_MET: f32 = 0.9;

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub enum RequestState {
    Open,
    /// The force delivered in the district and sector itself, or its engineers worked on a site
    /// that serves them.
    AnsweredByForce,
    /// Civilian actors delivered there more than when the request was made (the force's
    /// coordination, or the actors on their own), or the need there was met.
    AnsweredByCivilians,
    /// Nobody answered within the window.
    Ignored,
}

/// What the district had in the sector on the turn a request was made: the yardstick an answer
/// is measured against, since the request was made because it did not suffice.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct AtRequest {
    /// People the civilian actors served there that turn.
    pub civilians: f32,
    /// People nobody served there that turn: the district's people less all delivery, at least 0.
    pub shortfall: f32,
}

/// One request for assistance.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct Request {
    pub district: DistrictIdx,
    pub sector: Sector,
    /// The turn it was made.
    pub turn: u32,
    pub state: RequestState,
    /// Remembered when the request is first judged, at the end of service delivery on the turn
    /// it was made (`None` until then).
    pub at_request: Option<AtRequest>,
}

/// Every request made so far, in the order made (hashed).
#[derive(Resource, Debug, Default, Clone, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct Requests(pub Vec<Request>);

/// What the request phase reads besides the requests, the log and the groups' attitudes.
#[derive(SystemParam)]
pub struct RequestWorld<'w, 's> {
    frame: TurnFrame<'w>,
    delivered: Res<'w, Delivered>,
    /// What each unit did this turn: repairs are written there by phase 5 (§7).
    effort: Res<'w, UnitEffort>,
    sites: Query<'w, 's, &'static Infrastructure>,
}

/// What the district and sector of one request got this turn.
struct Answer {
    force: f32,
    civilians: f32,
    shortfall: f32,
    /// Satisfaction this turn's delivery brings the people to (see [`REQUEST_NEED_MET`]).
    satisfaction: f32,
    /// A site serving the district in the sector that the force's engineers worked on, with the
    /// unit (roster ids).
    repair: Option<(String, String)>,
}

impl RequestWorld<'_, '_> {
    /// This turn's delivery, satisfaction and repair work in district `d`, sector `sector`.
    fn answer(&self, d: usize, sector: Sector, people: f32, coping: f32) -> Answer {
        let k = sector.index();
        let get = |v: &Vec<[f32; 7]>| v.get(d).map_or(0.0, |x| x[k]);
        let (total, force) = (get(&self.delivered.total), get(&self.delivered.force));
        let civilians = total - get(&self.delivered.sites) - force;
        Answer {
            force,
            civilians,
            shortfall: (people - total).max(0.0),
            satisfaction: needs_target(coping, total, people),
            repair: self.repair_serving(d, sector),
        }
    }

    /// The first site (in unit order) that a unit repaired this turn and that serves district
    /// `d` in `sector`: the engineers the people asked for, at the site their service comes from.
    fn repair_serving(&self, d: usize, sector: Sector) -> Option<(String, String)> {
        let roster = &self.frame.roster;
        self.effort.0.iter().enumerate().find_map(|(u, e)| {
            let Effort::Repaired { site, .. } = *e else {
                return None;
            };
            let s = self
                .sites
                .get(*roster.infrastructure.get(site as usize)?)
                .ok()?;
            let serves = s.serves.iter().any(|&x| x as usize == d);
            (serves && infra_sector(s.kind) == Some(sector)).then(|| {
                (
                    roster.unit_ids.get(u).cloned().unwrap_or_default(),
                    roster.infra_ids[site as usize].clone(),
                )
            })
        })
    }
}

/// People-weighted coping of district `d`'s groups in sector index `k`.
fn district_coping<'a>(
    groups: impl Iterator<Item = &'a PopulationGroup>,
    d: DistrictIdx,
    k: usize,
) -> f32 {
    let (mut people, mut coping) = (0.0f32, 0.0f32);
    for g in groups.filter(|g| g.district == d) {
        people += g.size as f32;
        coping += g.size as f32 * g.coping[k];
    }
    if people > 0.0 { coping / people } else { 0.0 }
}

/// How a request stands after this turn, and the log line that says so (`None`: still open).
fn judge(r: &Request, a: &Answer, turn: u32, name: &str) -> Option<(RequestState, String)> {
    let what = format!("the request for {} in {name}", r.sector.name());
    let then = r.at_request.unwrap_or(AtRequest {
        civilians: a.civilians,
        shortfall: a.shortfall,
    });
    let new_help = a.civilians - then.civilians;
    let enough = REQUEST_NEW_HELP_FLOOR.max(REQUEST_NEW_HELP_SHARE * then.shortfall);
    if a.force > 0.0 {
        Some((
            RequestState::AnsweredByForce,
            format!(
                "{what} is answered by the force ({:.0} people served)",
                a.force
            ),
        ))
    } else if let Some((unit, site)) = &a.repair {
        Some((
            RequestState::AnsweredByForce,
            format!("{what} is answered by the force: {unit} repairs {site}"),
        ))
    } else if new_help > enough {
        Some((
            RequestState::AnsweredByCivilians,
            format!(
                "{what} is answered by a civilian actor ({:.0} people served there, {:.0} more than when asked)",
                a.civilians, new_help
            ),
        ))
    } else if a.satisfaction >= REQUEST_NEED_MET {
        Some((
            RequestState::AnsweredByCivilians,
            format!(
                "{what} is answered: the need is met (satisfaction {:.2})",
                a.satisfaction
            ),
        ))
    } else if turn >= r.turn + REQUEST_WINDOW {
        Some((
            RequestState::Ignored,
            format!(
                "{what} went unanswered: consent in {name} −{REQUEST_IGNORED_CONSENT:.2} (civilian actors served {:.0} people there when asked, {:.0} now)",
                then.civilians, a.civilians
            ),
        ))
    } else {
        None
    }
}

/// Turn phase (after service delivery, before attitudes): open requests are answered by this
/// turn's delivery or repair work in their district and sector, or lapse at the end of their
/// window. A request first judged remembers what the civilians delivered and what was short.
pub fn track_requests(
    world: RequestWorld,
    mut requests: ResMut<Requests>,
    mut log: ResMut<TurnLog>,
    mut groups: Query<(&PopulationGroup, &mut Attitudes)>,
) {
    let turn = world.frame.clock.turn;
    let roster: &Roster = &world.frame.roster;
    let people = district_people(
        roster
            .population
            .iter()
            .filter_map(|&e| groups.get(e).ok().map(|(g, _)| g)),
        world.frame.districts.ids.len(),
    );
    for r in requests
        .0
        .iter_mut()
        .filter(|r| r.state == RequestState::Open)
    {
        let d = r.district as usize;
        let Some(name) = world.frame.districts.ids.get(d) else {
            continue;
        };
        let coping = district_coping(
            roster
                .population
                .iter()
                .filter_map(|&e| groups.get(e).ok().map(|(g, _)| g)),
            r.district,
            r.sector.index(),
        );
        let answer = world.answer(d, r.sector, people[d], coping);
        let verdict = judge(r, &answer, turn, name);
        r.at_request.get_or_insert(AtRequest {
            civilians: answer.civilians,
            shortfall: answer.shortfall,
        });
        let Some((state, text)) = verdict else {
            continue;
        };
        r.state = state;
        if state == RequestState::Ignored {
            for &e in &roster.population {
                if let Ok((g, mut a)) = groups.get_mut(e)
                    && g.district == r.district
                {
                    a.consent = (a.consent - REQUEST_IGNORED_CONSENT).max(0.0);
                }
            }
        }
        log.push(LogKind::Request, name, text);
    }
}

/// How the requests of a game fared, for the after-action review (`run --json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct RequestTally {
    pub answered_by_force: usize,
    pub answered_by_civilians: usize,
    pub ignored: usize,
    pub open: usize,
}

/// Counts the requests by where they stand.
pub fn tally(requests: &[Request]) -> RequestTally {
    let count = |s: RequestState| requests.iter().filter(|r| r.state == s).count();
    RequestTally {
        answered_by_force: count(RequestState::AnsweredByForce),
        answered_by_civilians: count(RequestState::AnsweredByCivilians),
        ignored: count(RequestState::Ignored),
        open: count(RequestState::Open),
    }
}
