//! The doctrine a ledger entry is judged against. Each check names its principle so that a
//! trainer can point at the text (MC 411/2 §34 a–i, the CCOE do's and don'ts, the last-resort
//! test of the Oslo/MCDA guidelines used by UN-CMCoord, NATO's protection-of-civilians policy).
//! docs/rules.md §21 maps every principle to the check that reflects it.

use serde::Serialize;

/// A principle a ledger entry upholds or breaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Principle {
    /// Respect non-military actors' autonomy (MC 411/2 §34a, §24 humanitarian principles).
    Autonomy,
    /// Engage proactively with non-military actors (§34b).
    Engagement,
    /// Local ownership and local capacity (§34e).
    LocalOwnership,
    /// Consistent messaging; promises kept (§34f; CCOE: no promises you cannot keep).
    ConsistentMessaging,
    /// A transition plan from the outset; no dependency (§34g; CCOE: do not create dependency).
    Transition,
    /// Cooperation, information sharing, unity of purpose (§34h; CCOE: do not plan in isolation).
    Cooperation,
    /// Operate within the legal framework (§34i): protected sites, proportionality.
    LegalObligations,
    /// Military assets in humanitarian work only where no civilian alternative exists.
    LastResort,
    /// Avoid wasteful duplication (§33; CCOE: use existing structures, no parallel ones).
    NoDuplication,
    /// Avoid, minimise and mitigate harm to civilians; protect them from others.
    ProtectionOfCivilians,
    /// Act on thorough assessment (§37–38).
    Assessment,
    /// Help according to need alone, taking no side between communities (§24 humanitarian
    /// principles; glossary: leaders of minorities as well as majorities).
    Impartiality,
    /// Access to local resources must not compromise the population's needs; arranged with the
    /// host nation's authorities (§21, host-nation support).
    HostNationSupport,
}

impl Principle {
    /// Where the principle is written down, for reports.
    pub fn reference(self) -> &'static str {
        match self {
            Principle::Autonomy => "MC 411/2 §34a, §24: respect actors' autonomy",
            Principle::Engagement => "MC 411/2 §34b: engage proactively",
            Principle::LocalOwnership => "MC 411/2 §34e: local ownership and capacity",
            Principle::ConsistentMessaging => {
                "MC 411/2 §34f: consistent messaging; CCOE: avoid promises you cannot keep"
            }
            Principle::Transition => {
                "MC 411/2 §34g: transition plan; CCOE: do not create dependency"
            }
            Principle::Cooperation => "MC 411/2 §34h: cooperation and information sharing",
            Principle::LegalObligations => "MC 411/2 §34i: legal obligations, protected sites",
            Principle::LastResort => "Last resort (Oslo/MCDA guidelines, UN-CMCoord)",
            Principle::NoDuplication => {
                "MC 411/2 §33: avoid wasteful duplication; CCOE: use existing structures"
            }
            Principle::ProtectionOfCivilians => {
                "NATO protection of civilians: avoid, minimise, mitigate harm"
            }
            Principle::Assessment => "MC 411/2 §37-38: thorough assessment",
            Principle::Impartiality => {
                "MC 411/2 §24: impartiality; help by need, taking no side between communities"
            }
            Principle::HostNationSupport => {
                "MC 411/2 §21: host-nation support that does not compromise the population's needs"
            }
        }
    }
}

/// A doctrine check attached to a ledger entry: which principle, and whether it was upheld.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Check {
    pub principle: Principle,
    pub upheld: bool,
}

impl Check {
    /// The principle was upheld.
    pub fn upheld(principle: Principle) -> Option<Check> {
        Some(Check {
            principle,
            upheld: true,
        })
    }

    /// The principle was breached.
    pub fn breached(principle: Principle) -> Option<Check> {
        Some(Check {
            principle,
            upheld: false,
        })
    }
}
