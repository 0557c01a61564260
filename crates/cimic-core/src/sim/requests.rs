//! Requests for assistance (docs/rules.md §4.5): a request an inject puts to the force is
//! tracked until it is answered — by the force's own delivery in that district and sector, or by
//! a civilian actor's — or until it lapses unanswered, when the people who asked lose some of
//! their consent to a force that did not come. CIMIC officers "channel the requests for mission
//! and community support" (AU/UN); an ignored request is a promise of help not kept.

use super::components::{Attitudes, Delivered, PopulationGroup, Roster, TurnFrame};
use super::report::{LogKind, TurnLog};
use crate::map::DistrictIdx;
use crate::scenario::format::Sector;
use bevy::prelude::{Query, Res, ResMut, Resource};

/// Turns after the request's own turn within which an answer counts.
pub const REQUEST_WINDOW: u32 = 2;
/// Consent lost by every group of the district when a request lapses unanswered.
pub const REQUEST_IGNORED_CONSENT: f32 = 0.05;

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub enum RequestState {
    Open,
    /// The force delivered in the district and sector itself.
    AnsweredByForce,
    /// A civilian actor delivered there (the force's coordination, or the actors on their own).
    AnsweredByCivilians,
    /// Nobody answered within the window.
    Ignored,
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
}

/// Every request made so far, in the order made (hashed).
#[derive(Resource, Debug, Default, Clone, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct Requests(pub Vec<Request>);

/// Turn phase (after service delivery, before attitudes): open requests are answered by this
/// turn's delivery in their district and sector, or lapse at the end of their window.
pub fn track_requests(
    frame: TurnFrame,
    delivered: Res<Delivered>,
    mut requests: ResMut<Requests>,
    mut log: ResMut<TurnLog>,
    mut groups: Query<(&PopulationGroup, &mut Attitudes)>,
) {
    let turn = frame.clock.turn;
    let roster: &Roster = &frame.roster;
    for r in requests
        .0
        .iter_mut()
        .filter(|r| r.state == RequestState::Open)
    {
        let (d, k) = (r.district as usize, r.sector.index());
        let Some(name) = frame.districts.ids.get(d) else {
            continue;
        };
        let force = delivered.force.get(d).map_or(0.0, |x| x[k]);
        let civilians = delivered.total.get(d).map_or(0.0, |x| x[k])
            - delivered.sites.get(d).map_or(0.0, |x| x[k])
            - force;
        let what = format!("the request for {} in {name}", r.sector.name());
        if force > 0.0 {
            r.state = RequestState::AnsweredByForce;
            log.push(
                LogKind::Request,
                name,
                format!("{what} is answered by the force"),
            );
        } else if civilians > 0.5 {
            r.state = RequestState::AnsweredByCivilians;
            log.push(
                LogKind::Request,
                name,
                format!("{what} is answered by a civilian actor"),
            );
        } else if turn >= r.turn + REQUEST_WINDOW {
            r.state = RequestState::Ignored;
            for &e in &roster.population {
                if let Ok((g, mut a)) = groups.get_mut(e)
                    && g.district == r.district
                {
                    a.consent = (a.consent - REQUEST_IGNORED_CONSENT).max(0.0);
                }
            }
            log.push(
                LogKind::Request,
                name,
                format!("{what} went unanswered: consent in {name} −{REQUEST_IGNORED_CONSENT:.2}"),
            );
        }
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
