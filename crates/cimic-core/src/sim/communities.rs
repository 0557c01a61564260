//! Turn phase (order in `turn_schedule`, chained before the population rule): communities
//! (docs/rules.md §13.1–13.3). Three rules read the `community` of population groups:
//!
//! - **impartiality**: help the force gives (aid, medical support, community projects) is
//!   compared, over the last few turns, with each community's share of the need nobody else met;
//!   a community that got far less than its share sees the force as partial — its consent falls
//!   and its tension rises, a civil harm caused by the force (humanitarian principle of
//!   impartiality, MC 411/2 §24);
//! - **inter-communal tension**: where groups of different communities share a district,
//!   hardship makes them compete for scarce services; the tension adds to their grievance (and
//!   so to civil unrest and to the adversary's recruits);
//! - **key leader engagement**: a liaison with a local leader (MC 411/2 §27) moves the people the
//!   leader speaks for — consent up, tension down — with diminishing returns: an engagement
//!   within `KLE_INTERVAL` turns of the last one does only that share of a full one; a
//!   coordination meeting in a district calms its tension too, on the same terms.

use super::activities::ForceActivity;
use super::actors::ActorAccess;
use super::actors::RelationsRecord;
use super::components::{
    Activity, Actor, ActorStatus, Attitudes, Delivered, Needs, PopulationGroup, PromiseState,
    Promises, TurnFrame,
};
use super::report::{LogKind, TurnLog};
use super::scoring::harm::HarmKind;
use super::scoring::ledger::{Cause, Origin};
use crate::rules::AID_PEOPLE_PER_TURN;
use crate::scenario::format::{ActorKind, Sector};
use bevy::ecs::system::SystemParam;
use bevy::prelude::{Query, Res, ResMut, Resource};

/// The label of a displaced group whose people have no stated community; like an empty
/// `community`, it takes no part in the community rules.
pub const DISPLACED: &str = "displaced";
/// The sectors of relief the impartiality test weighs: what people need to survive, which the
/// force's aid and medical support bring (energy, communications and security are services, not
/// relief handed to people).
pub const RELIEF: [Sector; 4] = [Sector::Water, Sector::Food, Sector::Health, Sector::Shelter];
/// Each turn the remembered help and need of a community are × this before the turn's are added
/// (about four turns of memory): partiality is a pattern, not one turn's choice of district.
pub const IMPARTIALITY_MEMORY: f32 = 0.75;
/// A community that got at least 1 − this share of the help its need called for is not
/// neglected: the force cannot be everywhere every turn.
pub const PARTIALITY_TOLERANCE: f32 = 0.6;
/// Turns on which the force must have helped anyone before a community judges it partial: a
/// pattern needs a few turns of help to show, and a force that starts with the people in the
/// greatest need has not yet had the turns to reach the others (rules version 10).
pub const PARTIALITY_PATTERN_TURNS: u32 = 3;
/// Communities with less than this share of the remembered need are not judged.
pub const PARTIALITY_MIN_NEED_SHARE: f32 = 0.05;
/// Consent a neglected community loses per turn at full severity.
pub const PARTIALITY_CONSENT_LOSS: f32 = 0.03;
/// Tension a neglected community gains per turn at full severity.
pub const PARTIALITY_TENSION: f32 = 0.05;
/// Tension from which a coordination meeting counts as useful for calming it (efficiency) and
/// the built-in CIMIC policy engages leaders.
pub const TENSION_NOTICE: f32 = 0.05;
/// Share of the gap to its pressure that tension closes each turn.
pub const TENSION_RATE: f32 = 0.25;
/// Tension adds this × tension to the hardship behind grievance and civil unrest.
pub const TENSION_HARDSHIP: f32 = 0.5;
/// Turns after which an engagement of the same leader, or a meeting in the same district, does
/// its full effect again; sooner, it does (turns since) ÷ this of it.
pub const KLE_INTERVAL: u32 = 4;
/// Share of the gap to `KLE_CONSENT_CEILING` a full key leader engagement closes in consent.
pub const KLE_CONSENT: f32 = 0.25;
/// Consent a leader's word can lift people to, and no further.
pub const KLE_CONSENT_CEILING: f32 = 0.8;
/// Share of tension a full key leader engagement takes away from the people the leader speaks for.
pub const KLE_CALM: f32 = 0.5;
/// Share of tension a full coordination meeting takes away from every group of its district.
pub const MEETING_CALM: f32 = 0.25;

/// What the force has done for one community lately, for the impartiality test.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct Fairness {
    pub community: String,
    /// Remembered help that met need nobody else met (people-worth, decayed).
    pub help: f32,
    /// Remembered need nobody else met (people-worth over the relief sectors, decayed).
    pub need: f32,
    /// At the last turn the force helped anyone: the share of its fair share of the help the
    /// community did not get (0 = at least its share, 1 = nothing).
    pub shortfall: f32,
}

/// The state of the community rules (hashed).
#[derive(Resource, Debug, Default, Clone, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct Communal {
    /// Inter-communal tension felt by each group (population roster order), 0–1.
    pub tension: Vec<f32>,
    /// Per actor (roster order): the last turn the force engaged it as a local leader.
    pub engaged_on: Vec<Option<u32>>,
    /// Per actor: the share of a full engagement the last one was.
    pub engaged_fresh: Vec<f32>,
    /// Per district: the last turn a coordination meeting was held there.
    pub met_on: Vec<Option<u32>>,
    /// Per district: the share of a full calming the last meeting there was.
    pub met_fresh: Vec<f32>,
    /// Per community with people, by name.
    pub fairness: Vec<Fairness>,
    /// Turns so far on which the force helped anyone (`PARTIALITY_PATTERN_TURNS`).
    pub helped_turns: u32,
}

impl Communal {
    /// Empty state for the given numbers of groups, actors and districts and the communities.
    pub fn new(groups: usize, actors: usize, districts: usize, communities: Vec<String>) -> Self {
        let mut communities = communities;
        communities.sort();
        communities.dedup();
        Communal {
            tension: vec![0.0; groups],
            engaged_on: vec![None; actors],
            engaged_fresh: vec![0.0; actors],
            met_on: vec![None; districts],
            met_fresh: vec![0.0; districts],
            fairness: communities
                .into_iter()
                .map(|community| Fairness {
                    community,
                    help: 0.0,
                    need: 0.0,
                    shortfall: 0.0,
                })
                .collect(),
            helped_turns: 0,
        }
    }
}

/// The community a group belongs to for the community rules; `None` for no stated community.
pub fn community_of(g: &PopulationGroup) -> Option<&str> {
    let c = g.community.as_str();
    (!c.is_empty() && c != DISPLACED).then_some(c)
}

/// The share of a full effect an engagement or meeting has, `since` its last one.
pub fn freshness(last: Option<u32>, turn: u32) -> f32 {
    last.map_or(1.0, |t| {
        (turn.saturating_sub(t) as f32 / KLE_INTERVAL as f32).min(1.0)
    })
}

/// Whether a local leader speaks for a group: one of its districts, and its community if it has
/// one.
pub fn speaks_for(leader: &Actor, g: &PopulationGroup) -> bool {
    leader.districts.contains(&g.district)
        && leader
            .community
            .as_deref()
            .is_none_or(|c| community_of(g) == Some(c))
}

/// One group as the phase found it.
struct Group {
    district: usize,
    size: f32,
    community: Option<String>,
    wellbeing: f32,
    consent: f32,
}

/// What the community phase reads of the turn.
#[derive(SystemParam)]
pub struct CommunalInputs<'w> {
    frame: TurnFrame<'w>,
    delivered: Res<'w, Delivered>,
    activity: Res<'w, ForceActivity>,
    promises: Res<'w, Promises>,
    access: Res<'w, ActorAccess>,
}

/// Whether an active civilian actor that provides sector `s` in district `d` reached it this
/// turn: the sector is in its own mandate, or it took the force's service in that sector over
/// there (a sector an actor holds only by hand-overs covers only the districts it was handed
/// over in; rules version 12).
fn covered(inputs: &CommunalInputs, actors: &Query<&Actor>, d: usize, s: Sector) -> bool {
    let roster = &inputs.frame.roster;
    roster.actors.iter().enumerate().any(|(ai, &e)| {
        actors.get(e).is_ok_and(|a| {
            a.status == ActorStatus::Active
                && a.capacity > 0
                && provides(a, d, s)
                && inputs.access.works(ai, d)
        })
    })
}

/// Whether the actor is the provider of sector `s` in district `d`: its own mandate has the
/// sector, or it took the force's service in that sector over in that district.
pub fn provides(a: &Actor, d: usize, s: Sector) -> bool {
    let Ok(d) = crate::map::DistrictIdx::try_from(d) else {
        return false;
    };
    crate::rules::provides(&a.mandate, &a.granted, &d, s)
}

/// Turn phase: impartiality, key leader engagement and meetings, then inter-communal tension;
/// consent changes are written to the groups, tension to [`Communal`] (read by the population
/// and unrest rules).
pub fn communal_relations(
    inputs: CommunalInputs,
    mut record: RelationsRecord,
    mut communal: ResMut<Communal>,
    actors: Query<&Actor>,
    mut groups: Query<(&PopulationGroup, &Needs, &mut Attitudes)>,
) {
    let roster = &inputs.frame.roster;
    let n = inputs.frame.districts.ids.len();
    let seen: Vec<Option<Group>> = roster
        .population
        .iter()
        .map(|&e| {
            groups.get(e).ok().map(|(g, needs, a)| Group {
                district: g.district as usize,
                size: g.size as f32,
                community: community_of(g).map(str::to_string),
                wellbeing: super::population::wellbeing(&needs.0),
                consent: a.consent,
            })
        })
        .collect();
    communal.tension.resize(seen.len(), 0.0);
    let mut people = vec![0.0f32; n];
    let mut hardship = vec![0.0f32; n];
    for g in seen.iter().flatten().filter(|g| g.district < n) {
        people[g.district] += g.size;
        hardship[g.district] += g.size * (1.0 - g.wellbeing);
    }
    for d in 0..n {
        hardship[d] = if people[d] > 0.0 {
            (hardship[d] / people[d]).clamp(0.0, 1.0)
        } else {
            0.0
        };
    }
    let severity = impartiality(&inputs, &actors, &mut communal, &mut record, &seen, &people);
    let (consent, calm) = engagement(&inputs, &mut communal, &mut record.log, &actors, &seen);
    tension(
        &inputs,
        &mut record.log,
        &mut communal,
        &seen,
        (&people, &hardship),
        &severity,
        &calm,
    );
    for (gi, &e) in roster.population.iter().enumerate() {
        let (Some(g), Ok((_, _, mut att))) = (&seen[gi], groups.get_mut(e)) else {
            continue;
        };
        let lost = g
            .community
            .as_ref()
            .and_then(|c| severity.iter().find(|(x, _)| x == c))
            .map_or(0.0, |(_, s)| PARTIALITY_CONSENT_LOSS * s);
        att.consent = (att.consent + consent[gi] - lost).clamp(0.0, 1.0);
    }
}

/// Share of community `c` among the people of each district.
fn shares(seen: &[Option<Group>], people: &[f32], c: &str) -> Vec<f32> {
    let mut out = vec![0.0f32; people.len()];
    for g in seen.iter().flatten() {
        if g.community.as_deref() == Some(c) && people[g.district] > 0.0 {
            out[g.district] += g.size / people[g.district];
        }
    }
    out
}

/// The impartiality test (docs/rules.md §13.1): remembers each community's help and need, and
/// returns the severity (0–1) of the partiality each neglected community sees this turn.
fn impartiality(
    inputs: &CommunalInputs,
    actors: &Query<&Actor>,
    communal: &mut Communal,
    record: &mut RelationsRecord,
    seen: &[Option<Group>],
    people: &[f32],
) -> Vec<(String, f32)> {
    let n = people.len();
    let delivered = &inputs.delivered;
    // Need nobody else met this turn, per district and relief sector; of it, the need the force
    // is there for: where no civilian actor with the sector in its mandate reaches the district
    // (where one does, serving by need is its job, and the force coordinates with it). Help is
    // counted where need is, and only there: aid beside an agency is judged by the last-resort
    // rules (§11.1, §21.4), not as the force's share-out between communities (rules version 10).
    let open: Vec<[bool; 7]> = (0..n)
        .map(|d| {
            let mut row = [false; 7];
            for s in RELIEF {
                row[s.index()] = !covered(inputs, actors, d, s);
            }
            row
        })
        .collect();
    let mut left: Vec<[f32; 7]> = (0..n)
        .map(|d| {
            let mut row = [0.0f32; 7];
            for s in RELIEF {
                let k = s.index();
                let civilian = delivered.total[d][k] - delivered.force[d][k];
                row[k] = (people[d] - civilian).max(0.0);
            }
            row
        })
        .collect();
    let need: Vec<f32> = (0..n)
        .map(|d| {
            RELIEF
                .iter()
                .filter(|s| open[d][s.index()])
                .map(|s| left[d][s.index()])
                .sum()
        })
        .collect();
    // The force's help that met need nobody else met, units in id order (as consent, §13).
    let mut help = vec![0.0f32; n];
    for done in inputs.activity.iter() {
        // A finished project is help to its district, less for each further one there (§9).
        if let Activity::CommunityProject {
            district, promise, ..
        } = done.activity
        {
            let kept = inputs.promises.0.get(promise as usize).is_some_and(|p| {
                p.state == PromiseState::Kept && p.progress >= crate::rules::PROJECT_TURNS
            });
            if kept && let Some(h) = help.get_mut(district as usize) {
                let k = inputs.promises.kept_elsewhere_in(district, promise) as f32;
                *h += AID_PEOPLE_PER_TURN * done.strength / (1.0 + k);
            }
            continue;
        }
        let Some((d, s, out)) = super::services::force_output(done) else {
            continue;
        };
        let (d, k) = (d as usize, s.index());
        if !RELIEF.contains(&s) || d >= n || out <= 0.0 {
            continue;
        }
        let met = out.min(left[d][k]);
        left[d][k] -= met;
        help[d] += met;
    }
    let helped_now: f32 = help.iter().sum();
    for f in communal.fairness.iter_mut() {
        let share = shares(seen, people, &f.community);
        let (h, nd): (f32, f32) = (0..n).fold((0.0, 0.0), |(h, nd), d| {
            (h + help[d] * share[d], nd + need[d] * share[d])
        });
        f.help = f.help * IMPARTIALITY_MEMORY + h;
        f.need = f.need * IMPARTIALITY_MEMORY + nd;
    }
    if helped_now <= 0.0 {
        return Vec::new();
    }
    communal.helped_turns += 1;
    let total_help: f32 = communal.fairness.iter().map(|f| f.help).sum();
    let total_need: f32 = communal.fairness.iter().map(|f| f.need).sum();
    if total_help <= 0.0 || total_need <= 0.0 {
        return Vec::new();
    }
    for f in communal.fairness.iter_mut() {
        let fair = total_help * f.need / total_need;
        f.shortfall = if fair > 0.0 && f.need / total_need >= PARTIALITY_MIN_NEED_SHARE {
            ((fair - f.help) / fair).clamp(0.0, 1.0)
        } else {
            0.0
        };
    }
    let mut out = Vec::new();
    if communal.helped_turns < PARTIALITY_PATTERN_TURNS {
        return out;
    }
    for f in &communal.fairness {
        let severity =
            ((f.shortfall - PARTIALITY_TOLERANCE) / (1.0 - PARTIALITY_TOLERANCE)).clamp(0.0, 1.0);
        if severity <= 0.0 {
            continue;
        }
        // The community the force's help favoured most, for its need.
        let favoured = communal
            .fairness
            .iter()
            .filter(|o| o.community != f.community && o.help > 0.0 && o.need > 0.0)
            .max_by(|a, b| (a.help / a.need).total_cmp(&(b.help / b.need)))
            .map_or("others", |o| o.community.as_str());
        let c = &f.community;
        let text = format!(
            "the force's help favoured {favoured} over {c}: lately {c} got {:.0}% of the share of it its unmet need called for, and sees the force as partial (consent −{:.3})",
            (1.0 - f.shortfall) * 100.0,
            PARTIALITY_CONSENT_LOSS * severity,
        );
        record.harm.record(
            HarmKind::Partiality,
            Origin::Force,
            Cause::Rule("impartiality"),
            c,
            f64::from(severity),
            text.clone(),
        );
        record.log.push(LogKind::Population, c, text);
        out.push((c.clone(), severity));
    }
    out
}

/// Key leader engagement and coordination meetings (docs/rules.md §13.2): per group, the consent
/// gained and the share of tension calmed by its leaders; meetings calm their districts.
fn engagement(
    inputs: &CommunalInputs,
    communal: &mut Communal,
    log: &mut TurnLog,
    actors: &Query<&Actor>,
    seen: &[Option<Group>],
) -> (Vec<f32>, Vec<f32>) {
    let roster = &inputs.frame.roster;
    let turn = inputs.frame.clock.turn;
    let mut consent = vec![0.0f32; seen.len()];
    let mut calm = vec![0.0f32; seen.len()];
    communal.engaged_on.resize(roster.actors.len(), None);
    communal.engaged_fresh.resize(roster.actors.len(), 0.0);
    let n = inputs.frame.districts.ids.len();
    communal.met_on.resize(n, None);
    communal.met_fresh.resize(n, 0.0);
    let mut meeting = vec![0.0f32; n];
    for done in inputs.activity.iter() {
        match done.activity {
            Activity::Liaise { actor } => {
                let a = actor as usize;
                let Some(leader) = roster.actors.get(a).and_then(|&e| actors.get(e).ok()) else {
                    continue;
                };
                if leader.kind != ActorKind::LocalLeader
                    || !matches!(leader.status, ActorStatus::Active | ActorStatus::Suspended)
                    || communal.engaged_on[a] == Some(turn)
                {
                    continue;
                }
                let fresh = freshness(communal.engaged_on[a], turn);
                communal.engaged_on[a] = Some(turn);
                communal.engaged_fresh[a] = fresh;
                let mut reached = 0.0f32;
                for (gi, g) in seen.iter().enumerate() {
                    let Some(g) = g else { continue };
                    if g.size <= 0.0 || !speaks_for_seen(leader, g) {
                        continue;
                    }
                    reached += g.size;
                    consent[gi] += KLE_CONSENT * fresh * (KLE_CONSENT_CEILING - g.consent).max(0.0);
                    calm[gi] = 1.0 - (1.0 - calm[gi]) * (1.0 - KLE_CALM * fresh);
                }
                let unit = &roster.unit_ids[done.unit as usize];
                let id = &roster.actor_ids[a];
                let whom = leader.community.as_deref().unwrap_or("everyone");
                log.push(
                    LogKind::Actor,
                    id,
                    format!(
                        "{unit} engages {id} (key leader engagement, {:.0}% of a full one): {whom} in its districts hear it ({reached:.0} people)",
                        fresh * 100.0
                    ),
                );
            }
            Activity::Meeting { district } => {
                let d = district as usize;
                if d >= n || communal.met_on[d] == Some(turn) {
                    continue;
                }
                let fresh = freshness(communal.met_on[d], turn);
                communal.met_on[d] = Some(turn);
                communal.met_fresh[d] = fresh;
                meeting[d] = MEETING_CALM * fresh;
            }
            _ => {}
        }
    }
    for (gi, g) in seen.iter().enumerate() {
        if let Some(g) = g
            && let Some(&m) = meeting.get(g.district)
        {
            calm[gi] = 1.0 - (1.0 - calm[gi]) * (1.0 - m);
        }
    }
    (consent, calm)
}

/// [`speaks_for`] on a group as the phase found it.
fn speaks_for_seen(leader: &Actor, g: &Group) -> bool {
    leader.districts.iter().any(|&d| d as usize == g.district)
        && leader
            .community
            .as_deref()
            .is_none_or(|c| g.community.as_deref() == Some(c))
}

/// Inter-communal tension (docs/rules.md §13.3): each group's tension moves toward the pressure
/// of sharing a hard-pressed district with other communities, rises where its community sees the
/// force as partial, and is calmed by its leaders and by meetings.
fn tension(
    inputs: &CommunalInputs,
    log: &mut TurnLog,
    communal: &mut Communal,
    seen: &[Option<Group>],
    (people, hardship): (&[f32], &[f32]),
    severity: &[(String, f32)],
    calm: &[f32],
) {
    let n = people.len();
    // Districts where some group's tension reached 0.2: their tensions are logged.
    let mut logged = vec![false; n];
    for (gi, g) in seen.iter().enumerate() {
        let Some(g) = g else { continue };
        let d = g.district;
        let pressure = match &g.community {
            Some(c) if g.size > 0.0 && d < n && people[d] > 0.0 => {
                let others: f32 = seen
                    .iter()
                    .flatten()
                    .filter(|o| o.district == d && o.community.as_ref().is_some_and(|oc| oc != c))
                    .map(|o| o.size)
                    .sum::<f32>()
                    / people[d];
                (2.0 * others).min(1.0) * hardship[d]
            }
            _ => 0.0,
        };
        let partial = g
            .community
            .as_ref()
            .and_then(|c| severity.iter().find(|(x, _)| x == c))
            .map_or(0.0, |(_, s)| PARTIALITY_TENSION * s);
        let t = communal.tension[gi];
        let t = (t + TENSION_RATE * (pressure - t) + partial) * (1.0 - calm[gi]);
        communal.tension[gi] = t.clamp(0.0, 1.0);
        if d < n && g.size > 0.0 && communal.tension[gi] >= 0.2 && !logged[d] {
            logged[d] = true;
        }
    }
    for (d, _) in logged.iter().enumerate().filter(|(_, l)| **l) {
        let parts: Vec<String> = seen
            .iter()
            .enumerate()
            .filter_map(|(gi, g)| {
                let g = g.as_ref()?;
                (g.district == d && g.size > 0.0 && g.community.is_some()).then(|| {
                    format!(
                        "{} {:.2}",
                        inputs.frame.roster.population_ids[gi], communal.tension[gi]
                    )
                })
            })
            .collect();
        let id = &inputs.frame.districts.ids[d];
        log.push(
            LogKind::Population,
            id,
            format!("inter-communal tension in {id}: {}", parts.join(", ")),
        );
    }
}
