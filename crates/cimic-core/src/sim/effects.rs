//! What injects and decision options do to the world: damage and restore sites, displace
//! people, spread disinformation or disease, bring actors in or take them out, ask the force for
//! help, open decision points, speak to the room. One place, so that an event and a decision
//! option with the same effect do exactly the same thing.

use super::activities::ForceActivity;
use super::compiled_effect::CompiledEffect;
use super::components::{
    Activity, Actor, ActorStatus, Attitudes, Crossings, Infrastructure, Needs, PopulationGroup,
    TurnFrame,
};
use super::decisions::DecisionState;
use super::report::{LogKind, TurnLog};
use super::scoring::harm::{HarmKind, HarmRecord, site_harm};
use super::scoring::ledger::{Cause, Origin};
use crate::map::DistrictIdx;
use crate::rules::CAMPAIGN_COUNTER;
use crate::scenario::format::Sector;
use bevy::ecs::system::SystemParam;
use bevy::prelude::{Query, Res, ResMut};

/// Everything an effect may change.
#[derive(SystemParam)]
pub struct EffectTargets<'w, 's> {
    pub frame: TurnFrame<'w>,
    pub crossings: ResMut<'w, Crossings>,
    /// Who can get where by land: people displaced by an effect walk.
    pub reach: ResMut<'w, super::reach::Reach>,
    /// Requests for assistance, tracked until answered or ignored (docs/rules.md §4.5).
    pub requests: ResMut<'w, super::requests::Requests>,
    pub log: ResMut<'w, TurnLog>,
    pub harm: ResMut<'w, HarmRecord>,
    pub decisions: ResMut<'w, DecisionState>,
    /// Last turn's force activities (information campaigns under way when the inject lands).
    pub activity: Res<'w, ForceActivity>,
    pub sites: Query<'w, 's, &'static mut Infrastructure>,
    pub groups: Query<
        'w,
        's,
        (
            &'static mut PopulationGroup,
            &'static mut Needs,
            &'static mut Attitudes,
        ),
    >,
    pub actors: Query<'w, 's, &'static mut Actor>,
}

impl EffectTargets<'_, '_> {
    /// Applies one effect of an event or a decision option (`cause`). Returns whether a site's
    /// condition changed (functioning must then be recomputed). Harm from an event is the
    /// disaster's; harm from a decision option is the force's, since the players chose it.
    pub fn apply(&mut self, cause: &Cause, fx: &CompiledEffect) -> bool {
        let origin = match cause {
            Cause::Decision(_) => Origin::Force,
            _ => Origin::Disaster,
        };
        self.apply_as(cause, origin, fx)
    }

    /// Applies an effect whose harm is booked to `origin` (a decision's default, taken because
    /// nobody chose, is not the force's own act).
    pub fn apply_as(&mut self, cause: &Cause, origin: Origin, fx: &CompiledEffect) -> bool {
        let source = source_of(cause);
        match fx {
            CompiledEffect::Damage { target, amount } => {
                return self.site_condition(cause, origin, *target, *amount, true);
            }
            CompiledEffect::Restore { target, amount } => {
                return self.site_condition(cause, origin, *target, *amount, false);
            }
            CompiledEffect::Message(text) => self.log.push(LogKind::Message, source, text.clone()),
            CompiledEffect::Request {
                district,
                sector,
                text,
            } => {
                let name = self.district_name(*district);
                if (*district as usize) < self.frame.districts.ids.len() {
                    self.requests.0.push(super::requests::Request {
                        district: *district,
                        sector: *sector,
                        turn: self.frame.clock.turn,
                        state: super::requests::RequestState::Open,
                        at_request: None,
                    });
                }
                self.log.push(
                    LogKind::Request,
                    source,
                    format!(
                        "request for assistance ({} in {name}): {text}",
                        sector.name()
                    ),
                );
            }
            CompiledEffect::Displace { district, share } => {
                self.displace(cause, origin, *district, *share);
            }
            CompiledEffect::Disinformation { district, amount } => {
                self.disinformation(source, *district, *amount);
            }
            CompiledEffect::Epidemic { district, severity } => {
                for &g in &self.frame.roster.population {
                    if let Ok((group, mut needs, _)) = self.groups.get_mut(g)
                        && group.district == *district
                    {
                        let h = &mut needs.0[Sector::Health.index()];
                        *h = (*h - severity).max(0.0);
                    }
                }
                let name = self.district_name(*district);
                self.log.push(
                    LogKind::Event,
                    source,
                    format!("epidemic in {name}: health satisfaction −{severity:.2}"),
                );
            }
            CompiledEffect::ActorArrives(a) | CompiledEffect::ActorWithdraws(a) => {
                let Some(&e) = self.frame.roster.actors.get(*a as usize) else {
                    return false;
                };
                let Ok(mut actor) = self.actors.get_mut(e) else {
                    return false;
                };
                let id = &self.frame.roster.actor_ids[*a as usize];
                if matches!(fx, CompiledEffect::ActorArrives(_)) {
                    if actor.status == ActorStatus::Absent {
                        actor.status = ActorStatus::Active;
                        self.log
                            .push(LogKind::Actor, id, format!("{id} arrives and starts work"));
                    }
                } else if actor.status != ActorStatus::Withdrawn {
                    actor.status = ActorStatus::Withdrawn;
                    self.log.push(
                        LogKind::Actor,
                        id,
                        format!("{id} withdraws from the operation"),
                    );
                }
            }
            CompiledEffect::Decision(d) => self.decisions.open(*d, &mut self.log),
        }
        false
    }

    /// Damages or restores a site by `amount` of condition. Returns whether the site exists.
    fn site_condition(
        &mut self,
        cause: &Cause,
        origin: Origin,
        target: u32,
        amount: f32,
        damage: bool,
    ) -> bool {
        let Some(&e) = self.frame.roster.infrastructure.get(target as usize) else {
            return false;
        };
        let Ok(mut site) = self.sites.get_mut(e) else {
            return false;
        };
        let sign = if damage { -1.0 } else { 1.0 };
        let before = site.condition;
        site.condition = (site.condition + sign * amount).clamp(0.0, 1.0);
        let id = &self.frame.roster.infra_ids[target as usize];
        let verb = if damage { "damaged" } else { "restored" };
        let text = format!(
            "{id} {verb} by {:.0}% (condition now {:.0}%)",
            amount * 100.0,
            site.condition * 100.0
        );
        if damage {
            self.harm.record(
                site_harm(site.protected),
                origin,
                cause.clone(),
                id,
                f64::from(before - site.condition),
                format!("{}: {text}", source_of(cause)),
            );
        }
        self.log.push(LogKind::Event, id, text);
        true
    }

    /// Displaces a share of a district's people (docs/rules.md §15), booked as harm to `origin`.
    fn displace(&mut self, cause: &Cause, origin: Origin, district: DistrictIdx, share: f32) {
        let sites = self
            .frame
            .roster
            .infrastructure
            .iter()
            .filter_map(|&e| self.sites.get(e).ok());
        let n = self.frame.districts.ids.len();
        let camps = super::displacement::camps(sites, n);
        let regions = self
            .reach
            .current(&self.frame.map.0, n, &self.crossings.open);
        let moved = super::displacement::displace(
            &self.frame.roster,
            &self.frame.districts,
            &camps,
            regions,
            &mut self.groups,
            &mut self.log,
            district,
            |_| share,
        );
        let name = self.district_name(district);
        self.harm.record(
            HarmKind::Displacement,
            origin,
            cause.clone(),
            &name,
            f64::from(moved),
            format!("{}: {moved} people displaced from {name}", source_of(cause)),
        );
    }

    /// Consent and the actors' trust fall in the district, less where the force runs an
    /// information campaign.
    fn disinformation(&mut self, source: &str, district: DistrictIdx, amount: f32) {
        let countered = self
            .activity
            .iter()
            .any(|d| matches!(d.activity, Activity::InfoCampaign { district: x } if x == district));
        let hit = if countered {
            amount * (1.0 - CAMPAIGN_COUNTER)
        } else {
            amount
        };
        for &g in &self.frame.roster.population {
            if let Ok((group, _, mut att)) = self.groups.get_mut(g)
                && group.district == district
            {
                att.consent = (att.consent - hit).max(0.0);
            }
        }
        for &a in &self.frame.roster.actors {
            if let Ok(mut actor) = self.actors.get_mut(a)
                && actor.districts.contains(&district)
            {
                actor.trust = (actor.trust - hit / 2.0).max(0.0);
            }
        }
        let name = self.district_name(district);
        let note = if countered {
            " (blunted by the information campaign)"
        } else {
            ""
        };
        self.log.push(
            LogKind::Event,
            source,
            format!("disinformation in {name}: consent −{hit:.2}{note}"),
        );
    }

    fn district_name(&self, d: DistrictIdx) -> String {
        self.frame
            .districts
            .ids
            .get(d as usize)
            .cloned()
            .unwrap_or_default()
    }

    /// Recomputes functioning (and bridges) after site conditions changed.
    pub fn sites_changed(&mut self) {
        super::infrastructure::recompute_functioning(
            &self.frame.roster,
            &self.frame.map,
            &mut self.crossings,
            &mut self.log,
            &mut self.sites,
        );
    }
}

/// The event or decision an effect comes from, as the log names it ("" for any other cause).
fn source_of(cause: &Cause) -> &str {
    match cause {
        Cause::Decision(id) | Cause::Event(id) => id.as_str(),
        _ => "",
    }
}
