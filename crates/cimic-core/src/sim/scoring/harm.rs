//! Civil harm, in the sense of NATO's protection-of-civilians policy: the rules record each harm
//! as it happens, with its cause and origin, in [`HarmRecord`]; the scoring phase weighs it into
//! ledger entries. Harm the force caused itself is multiplied by the scenario's
//! `own_harm_multiplier` (default 3): harm it failed to prevent still counts, once.

use super::doctrine::{Check, Principle};
use super::ledger::{Cause, Entry, Metric, Origin};
use crate::scenario::format::{HarmWeights, Protection};
use bevy::prelude::Resource;

/// The kind of harm damage to a site is: protected sites weigh double.
pub fn site_harm(protected: Protection) -> HarmKind {
    if protected == Protection::None {
        HarmKind::InfrastructureDamage
    } else {
        HarmKind::ProtectedSiteDamage
    }
}

/// The kinds of civil harm the engine counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HarmKind {
    /// Civilians killed (quantity: people).
    Casualties,
    /// People forced from their homes (quantity: people).
    Displacement,
    /// Civilian infrastructure damaged (quantity: condition lost, 0–1).
    InfrastructureDamage,
    /// A medical facility or cultural property damaged (quantity: condition lost, 0–1).
    ProtectedSiteDamage,
    /// A humanitarian actor's acceptance lost (quantity: acceptance, 0–1).
    HumanitarianSpace,
    /// A humanitarian actor stopped working (quantity: 1 for suspension, 1 for withdrawal).
    ActorSuspended,
    ActorWithdrew,
    /// A turn of a service the force runs past the grace period without a hand-over (quantity: turns).
    Dependency,
    /// A community project not finished when promised (quantity: promises).
    BrokenPromise,
    /// A community seen to be neglected by the force's help (quantity: severity, 0–1 per turn).
    Partiality,
    /// Local water, food or fuel the force drew that people needed (quantity: people's share of
    /// one sector for a turn, docs/rules.md §9).
    HostNationDraw,
}

impl HarmKind {
    /// Harm points per unit of quantity under a weights table (docs/rules.md §21.4 gives the
    /// reasoning; the scenario's `scoring.harm` overrides the defaults).
    pub fn weight(self, w: &HarmWeights) -> f64 {
        f64::from(match self {
            HarmKind::Casualties => w.casualties,
            HarmKind::Displacement => w.displacement,
            HarmKind::InfrastructureDamage => w.infrastructure_damage,
            HarmKind::ProtectedSiteDamage => w.protected_site_damage,
            HarmKind::HumanitarianSpace => w.humanitarian_space,
            HarmKind::ActorSuspended => w.actor_suspended,
            HarmKind::ActorWithdrew => w.actor_withdrew,
            HarmKind::Dependency => w.dependency,
            HarmKind::BrokenPromise => w.broken_promise,
            HarmKind::Partiality => w.partiality,
            HarmKind::HostNationDraw => w.host_nation_draw,
        })
    }

    /// The principle a harm of this kind breaches.
    pub fn principle(self) -> Principle {
        match self {
            HarmKind::Casualties | HarmKind::Displacement | HarmKind::InfrastructureDamage => {
                Principle::ProtectionOfCivilians
            }
            HarmKind::ProtectedSiteDamage => Principle::LegalObligations,
            HarmKind::HumanitarianSpace | HarmKind::ActorSuspended | HarmKind::ActorWithdrew => {
                Principle::Autonomy
            }
            HarmKind::Dependency => Principle::Transition,
            HarmKind::BrokenPromise => Principle::ConsistentMessaging,
            HarmKind::Partiality => Principle::Impartiality,
            HarmKind::HostNationDraw => Principle::HostNationSupport,
        }
    }
}

/// One harm as a rule saw it happen.
#[derive(Debug, Clone, PartialEq)]
pub struct Harm {
    pub kind: HarmKind,
    pub origin: Origin,
    pub cause: Cause,
    pub entity: String,
    pub quantity: f64,
    pub text: String,
}

/// Harms recorded during the turn, in the order the rules saw them; emptied by the scoring phase.
#[derive(Resource, Debug, Default, Clone)]
pub struct HarmRecord(pub Vec<Harm>);

impl HarmRecord {
    /// Records one harm (nothing if the quantity is not positive).
    pub fn record(
        &mut self,
        kind: HarmKind,
        origin: Origin,
        cause: Cause,
        entity: &str,
        quantity: f64,
        text: String,
    ) {
        if quantity > 0.0 {
            self.0.push(Harm {
                kind,
                origin,
                cause,
                entity: entity.to_string(),
                quantity,
                text,
            });
        }
    }
}

/// Harm points of one harm: quantity × weight, × the multiplier when the force caused it.
pub fn points(h: &Harm, own_multiplier: f64, weights: &HarmWeights) -> f64 {
    let own = if h.origin == Origin::Force {
        own_multiplier
    } else {
        1.0
    };
    h.quantity * h.kind.weight(weights) * own
}

/// The ledger entry of one harm.
pub fn entry(turn: u32, h: &Harm, own_multiplier: f64, weights: &HarmWeights) -> Entry {
    let who = match h.origin {
        Origin::Force => "caused by the force",
        Origin::Adversary => "by others (the force did not prevent it)",
        Origin::Disaster => "from the disaster",
        Origin::UnmetNeeds => "from needs nobody met",
    };
    Entry {
        turn,
        metric: Metric::CivilHarm,
        amount: points(h, own_multiplier, weights),
        cause: h.cause.clone(),
        entity: h.entity.clone(),
        origin: Some(h.origin),
        // Only the force can breach its own doctrine; harm by others is harm, not a breach.
        check: if h.origin == Origin::Force {
            Check::breached(h.kind.principle())
        } else {
            None
        },
        text: format!("{}, {who}", h.text),
    }
}
