//! When the force's own aid and medical care are a last resort, and who takes a service over:
//! the tests the CIMIC-first policy's medical, logistics and aviation units apply (OCHA
//! guidelines in AU/UN: military assets "only where there is no comparable civilian alternative";
//! MC 411/2 §24, §34g, §37).

use super::jobs::Orders;
use super::situation::Situation;
use crate::orders::Order;
use crate::scenario::format::{ActorKind, InfraKind, Sector};
use crate::sim::components::ActorStatus;
use crate::sim::{ActorView, TaskView};

/// Health satisfaction below which civilian health care counts as overwhelmed.
pub(crate) const OVERWHELMED: f32 = 0.8;

/// Deaths per person per day at zero health satisfaction: the rule's own figure (docs/rules.md §13).
const MORTALITY: f32 = crate::sim::population::UNMET_HEALTH_MORTALITY;
/// The rule's (0.5 + vulnerable share) for a typical vulnerable share of 0.35: the views do not
/// show a group's vulnerable share.
const VULNERABILITY: f32 = 0.85;

/// Expected deaths per turn from unmet health needs in a district, and how many medical support
/// would avert (docs/rules.md §13; the vulnerable share is not in the views, so a typical 0.35).
pub(crate) fn deaths(sit: &Situation, d: usize) -> f32 {
    let id = &sit.districts[d].id;
    let h = sit.need(d, Sector::Health);
    let collapsed = h < 0.3
        && sit.infra.iter().any(|s| {
            matches!(s.kind, InfraKind::Hospital | InfraKind::Clinic)
                && s.functioning <= 0.0
                && s.serves.contains(id)
        });
    let mult = if collapsed { 2.0 } else { 1.0 };
    sit.groups
        .iter()
        .filter(|g| &g.district == id)
        .map(|g| {
            let unmet = 1.0 - g.needs[Sector::Health.index()];
            MORTALITY * g.size as f32 * unmet * unmet * VULNERABILITY
        })
        .sum::<f32>()
        * mult
}

/// Deaths per turn from unmet health needs that `amount` people's worth of health averts in a
/// district, given `before` people's worth others already bring there this turn: each group's
/// health closes `NEEDS_ADJUST_RATE` of the way to what the delivery lets it reach beyond what
/// it copes with alone (`sim::services::needs_target`), and deaths fall with the square of what
/// is unmet (docs/rules.md §13) — the first turn's effect, the least the service does. Health
/// delivered keeps people alive, whether as aid or with medical support: a plan that valued only
/// the people-worth would leave a district where people still die for a small gap elsewhere.
pub(crate) fn deaths_averted(sit: &Situation, d: usize, before: f32, amount: f32) -> f32 {
    let people = sit.people(d);
    if people <= 0.0 || amount <= 0.0 {
        return 0.0;
    }
    let id = &sit.districts[d].id;
    let hi = Sector::Health.index();
    let rate = crate::rules::NEEDS_ADJUST_RATE;
    let (share0, share1) = (
        (before / people).min(1.0),
        ((before + amount) / people).min(1.0),
    );
    let deaths_at = |h: f32| (1.0 - h) * (1.0 - h);
    sit.groups
        .iter()
        .filter(|g| &g.district == id)
        .map(|g| {
            let (h, lift) = (g.needs[hi], rate * (1.0 - g.coping[hi]));
            let (h0, h1) = ((h + lift * share0).min(1.0), (h + lift * share1).min(1.0));
            MORTALITY * g.size as f32 * (deaths_at(h0) - deaths_at(h1)).max(0.0) * VULNERABILITY
        })
        .sum()
}

/// Whether an actor delivers this sector in the district (so the force's aid would duplicate it).
fn covers(
    sit: &Situation,
    a: &ActorView,
    d: usize,
    s: Sector,
    escorted: &[(String, usize)],
) -> bool {
    let working =
        a.status == ActorStatus::Active || (a.humanitarian && a.status == ActorStatus::Suspended);
    working
        && a.provides(&sit.districts[d].id, s)
        && sit.can_get_to(a, d)
        && (sit.has_access(a, d) || escorted.iter().any(|(x, y)| *x == a.id && *y == d))
}

/// Whether the force's aid in this sector and district is a last resort.
pub(crate) fn aid_is_last_resort(
    sit: &Situation,
    d: usize,
    s: Sector,
    escorted: &[(String, usize)],
) -> bool {
    !sit.actors.iter().any(|a| covers(sit, a, d, s, escorted))
}

/// Whether a humanitarian actor delivers this sector in the district (where the force's aid would
/// cost its acceptance, docs/rules.md §11.2).
pub(crate) fn humanitarian_covers(
    sit: &Situation,
    d: usize,
    s: Sector,
    escorted: &[(String, usize)],
) -> bool {
    sit.actors
        .iter()
        .any(|a| a.humanitarian && covers(sit, a, d, s, escorted))
}

/// Whether the force's medical support in this district is a last resort.
pub(crate) fn medical_is_last_resort(
    sit: &Situation,
    d: usize,
    escorted: &[(String, usize)],
) -> bool {
    sit.need(d, Sector::Health) < OVERWHELMED
        || aid_is_last_resort(sit, d, Sector::Health, escorted)
}

/// Escorts running or ordered this turn: (actor, district).
pub(crate) fn escorts(sit: &Situation, orders: &Orders) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (uid, o) in &orders.intent {
        if let Order::Escort {
            actor, district, ..
        } = o
        {
            let running = sit
                .units
                .iter()
                .any(|u| &u.id == uid && matches!(u.task, TaskView::Escort { .. }));
            let ordered = orders.out.contains(o);
            if (running || ordered)
                && let Some(d) = sit.district(district)
            {
                out.push((actor.clone(), d));
            }
        }
    }
    out
}

/// The civilian owner to hand a service over to: one that works in the district, reaches it and
/// can take the service on (`rules::can_receive`); host-nation authorities before others (the
/// transition is to local ownership, MC 411/2 §34e), within each those whose mandate has the
/// sector first, law enforcement only for security, then the most local, then the largest.
pub(crate) fn owner<'s>(
    sit: &'s Situation,
    d: usize,
    s: Sector,
    with_room: &dyn Fn(&ActorView) -> bool,
) -> Option<&'s ActorView> {
    sit.actors
        .iter()
        .filter(|a| a.status == ActorStatus::Active && sit.has_access(a, d))
        .filter(|a| with_room(a))
        .filter(|a| a.kind != ActorKind::LawEnforcement || s == Sector::Security)
        .filter(|a| a.can_receive(s))
        .min_by_key(|a| {
            (
                !crate::sim::actors::is_host_nation(a.kind),
                !a.mandate.contains(&s),
                a.humanitarian,
                a.districts.len(),
                std::cmp::Reverse(a.capacity),
                a.id.clone(),
            )
        })
}
