//! Turn phase (order in `turn_schedule`): the population's attitudes and casualties. Hardship comes from unmet needs;
//! legitimacy of the host-nation government from how much of the help people get comes from it
//! and how well they live; consent toward the force from what the force does; grievance, the
//! Epstein (2002) term, is hardship × (1 − legitimacy). Unmet health needs kill, most among the
//! vulnerable, and most when hospitals fail (mass casualties).

use super::activities::ForceActivity;
use super::components::{
    Activity, Actor, Attitudes, Casualties, Delivered, Infrastructure, Needs, PopulationGroup,
    Roster,
};
use super::report::{LogKind, TurnLog};
use super::scoring::harm::{HarmKind, HarmRecord};
use super::scoring::ledger::{Cause, Origin};
use crate::scenario::format::InfraKind;
use bevy::ecs::system::SystemParam;
use bevy::prelude::{Query, Res, ResMut};

/// How much each sector weighs in hardship, in `Sector::ALL` order (basic survival needs first).
pub const HARDSHIP_WEIGHTS: [f32; 7] = [0.2, 0.2, 0.2, 0.15, 0.05, 0.15, 0.05];

/// Weighted needs satisfaction (0–1): the opposite of hardship.
pub fn wellbeing(needs: &[f32; 7]) -> f32 {
    needs.iter().zip(HARDSHIP_WEIGHTS).map(|(n, w)| n * w).sum()
}

/// Hardship as people feel it: unmet needs, plus inter-communal tension (docs/rules.md §13.3);
/// the `H` of Epstein's grievance `H × (1 − L)`, here and in civil unrest.
pub fn felt_hardship(wellbeing: f32, tension: f32) -> f32 {
    ((1.0 - wellbeing) + super::communities::TENSION_HARDSHIP * tension).clamp(0.0, 1.0)
}

/// Legitimacy moves by this much per unit of (host-nation share − 0.5) and of (wellbeing − 0.6).
pub const LEGITIMACY_RATE: f32 = 0.05;
/// Consent moves with the change of wellbeing times this.
pub const CONSENT_WELLBEING_RATE: f32 = 0.5;
/// Consent a turn of visible force help (aid, medical support) and of information campaign brings.
pub const CONSENT_HELP: f32 = 0.02;
pub const CONSENT_INFORMATION: f32 = 0.02;
/// Legitimacy a turn of support to a local authority in the district brings.
pub const LEGITIMACY_SUPPORT: f32 = 0.01;

/// Deaths per person per day at zero health satisfaction, before the vulnerable-share factor.
pub const UNMET_HEALTH_MORTALITY: f32 = 0.0005;
/// Health satisfaction below which a failed hospital makes a mass-casualty situation (deaths × 2).
pub const MASS_CASUALTY_HEALTH: f32 = 0.3;

/// What the population phase reads of the turn: deliveries, the force's activities, time.
#[derive(SystemParam)]
pub struct PopulationInputs<'w> {
    roster: Res<'w, Roster>,
    delivered: Res<'w, Delivered>,
    activity: Res<'w, ForceActivity>,
    hours: Res<'w, super::components::TurnHours>,
    districts: Res<'w, super::components::Districts>,
    communal: Res<'w, super::communities::Communal>,
}

/// Updates every group's grievance, legitimacy and consent, and counts deaths.
pub fn update_population(
    inputs: PopulationInputs,
    mut log: ResMut<TurnLog>,
    mut harm: ResMut<HarmRecord>,
    sites: Query<&Infrastructure>,
    actors: Query<&Actor>,
    mut groups: Query<(
        &mut PopulationGroup,
        &Needs,
        &mut Attitudes,
        &mut Casualties,
    )>,
) {
    let PopulationInputs {
        roster,
        delivered,
        activity,
        hours,
        districts,
        communal,
    } = inputs;
    let n = delivered.total.len();
    // Districts where a hospital or clinic that serves them has stopped.
    let mut hospital_down = vec![false; n];
    for &e in &roster.infrastructure {
        if let Ok(s) = sites.get(e)
            && matches!(s.kind, InfraKind::Hospital | InfraKind::Clinic)
            && s.functioning == 0.0
        {
            for &d in &s.serves {
                if let Some(x) = hospital_down.get_mut(d as usize) {
                    *x = true;
                }
            }
        }
    }
    let count = |pred: &dyn Fn(&Activity) -> bool| -> Vec<f32> {
        let mut v = vec![0.0f32; n];
        for done in activity.iter().filter(|d| pred(&d.activity)) {
            if let Some(d) = done.activity.district()
                && let Some(x) = v.get_mut(d as usize)
            {
                *x += done.strength;
            }
        }
        v
    };
    // People credit the force for help that reached people nobody else served; aid that only
    // duplicated civilian delivery buys no consent (docs/rules.md §13).
    let mut people = vec![0.0f32; n];
    for &e in &roster.population {
        if let Ok((g, ..)) = groups.get(e)
            && let Some(p) = people.get_mut(g.district as usize)
        {
            *p += g.size as f32;
        }
    }
    let mut helped = vec![0.0f32; n];
    // Unmet need left per district and sector, used up by the units in id order: two units
    // serving the same people earn the credit once.
    let mut left: Vec<[f32; 7]> = (0..n)
        .map(|d| {
            let mut row = [0.0f32; 7];
            for (k, x) in row.iter_mut().enumerate() {
                *x = (people[d] - (delivered.total[d][k] - delivered.force[d][k])).max(0.0);
            }
            row
        })
        .collect();
    for done in activity.iter() {
        let Some((d, s, out)) = super::services::force_output(done) else {
            continue;
        };
        let (d, k) = (d as usize, s.index());
        if s == crate::scenario::format::Sector::Security || d >= n || out <= 0.0 {
            continue;
        }
        let met = out.min(left[d][k]);
        left[d][k] -= met;
        helped[d] += done.strength * (met / out).clamp(0.0, 1.0);
    }
    let informed = count(&|a| matches!(a, Activity::InfoCampaign { .. }));
    let medical = count(&|a| matches!(a, Activity::Medical { .. }));
    let mut supported = vec![0.0f32; n];
    for done in activity.iter() {
        if let Activity::SupportAuthority { actor } = done.activity
            && let Some(&e) = roster.actors.get(actor as usize)
            && let Ok(a) = actors.get(e)
        {
            for &d in &a.districts {
                if let Some(x) = supported.get_mut(d as usize) {
                    *x += done.strength;
                }
            }
        }
    }
    let mut mass_casualty_logged = vec![false; n];
    let day_share = hours.0 as f32 / 24.0;
    for (gi, &e) in roster.population.iter().enumerate() {
        let Ok((mut group, needs, mut att, mut dead)) = groups.get_mut(e) else {
            continue;
        };
        let d = group.district as usize;
        if d >= n {
            continue;
        }
        let w = wellbeing(&needs.0);
        // Local leaders' delivery is neither the government's nor outsiders': it leaves the
        // government's share alone (docs/rules.md §13).
        let total: f32 = delivered.total[d].iter().sum::<f32>() - delivered.local[d];
        let hn_share = if total > 0.0 {
            delivered.host_nation[d] / total
        } else {
            0.0
        };
        att.legitimacy = (att.legitimacy
            + LEGITIMACY_RATE * (hn_share - 0.5)
            + LEGITIMACY_RATE * (w - 0.6)
            + LEGITIMACY_SUPPORT * supported[d].min(1.0))
        .clamp(0.0, 1.0);
        att.consent = (att.consent
            + CONSENT_WELLBEING_RATE * (w - att.wellbeing)
            + CONSENT_HELP * helped[d].min(1.0)
            + CONSENT_INFORMATION * informed[d].min(1.0))
        .clamp(0.0, 1.0);
        att.wellbeing = w;
        // Inter-communal tension is hardship people feel beyond their needs (§13.3).
        let tension = communal.tension.get(gi).copied().unwrap_or(0.0);
        att.grievance = felt_hardship(w, tension) * (1.0 - att.legitimacy);

        let health = needs.0[crate::scenario::format::Sector::Health.index()];
        let mut rate = UNMET_HEALTH_MORTALITY
            * (1.0 - health)
            * (1.0 - health)
            * (0.5 + group.vulnerable_share)
            * day_share;
        let mass = hospital_down[d] && health < MASS_CASUALTY_HEALTH;
        if mass {
            rate *= 2.0;
        }
        if medical[d] > 0.0 {
            rate *= 0.5;
        }
        let deaths = group.size as f32 * rate + dead.carry;
        let whole = (deaths.floor() as u32).min(group.size);
        dead.carry = deaths - whole as f32;
        dead.total += whole;
        group.size -= whole;
        if whole > 0 {
            let id = &roster.population_ids[gi];
            let why = if mass {
                "in a mass-casualty situation"
            } else {
                "of unmet health needs"
            };
            harm.record(
                HarmKind::Casualties,
                Origin::UnmetNeeds,
                Cause::Rule("unmet health needs"),
                id,
                f64::from(whole),
                format!(
                    "{whole} {} of {id} died {why} (health {health:.2})",
                    if whole == 1 { "person" } else { "people" }
                ),
            );
        }
        if mass && !mass_casualty_logged[d] {
            mass_casualty_logged[d] = true;
            let id = &roster.population_ids[gi];
            let place = districts.ids.get(d).map_or("?", String::as_str);
            log.push(
                LogKind::Population,
                id,
                format!(
                    "mass-casualty situation in {place}: the hospital is down and health is {health:.2}"
                ),
            );
        }
    }
}
