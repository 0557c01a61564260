//! Answers to `cimic lint`'s warnings written in a scenario (`lint_allow`, docs/scenario-format.md):
//! part of the file format, but no part of the game — the simulation never reads them.

use serde::{Deserialize, Serialize};

/// One lint warning marked as intended: which warning, about which id, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LintAllow {
    pub warning: LintCode,
    /// The id the warning names (an event, objective, district, decision, unit or site).
    pub id: String,
    /// One line saying why it is intended: the next author reads it instead of the warning.
    pub reason: String,
}

/// The kinds of warning `cimic lint` gives, as `lint_allow` names them (docs/scenario-format.md).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub enum LintCode {
    /// An event no game of the lint fired.
    EventNeverFires,
    /// An objective whose condition holds in the starting situation.
    ObjectiveMetAtStart,
    /// An objective the passive line (every unit holds) met in every game.
    ObjectiveMetByPassive,
    /// An objective no line of play met in any game.
    ObjectiveNeverMet,
    /// A district where no actor ever had the security its access threshold asks for.
    DistrictNeverAccessible,
    /// A decision point with a single option: no choice.
    DecisionOneOption,
    /// A force unit that can reach no site and no district where people live.
    UnitUnreachable,
    /// A site no force unit can reach by land.
    SiteUnreachable,
    /// A religious, cultural or medical site with its protection removed.
    SiteUnprotected,
}

impl LintCode {
    /// Every code, in declaration order (documentation and tests list them).
    pub const ALL: [LintCode; 9] = [
        LintCode::EventNeverFires,
        LintCode::ObjectiveMetAtStart,
        LintCode::ObjectiveMetByPassive,
        LintCode::ObjectiveNeverMet,
        LintCode::DistrictNeverAccessible,
        LintCode::DecisionOneOption,
        LintCode::UnitUnreachable,
        LintCode::SiteUnreachable,
        LintCode::SiteUnprotected,
    ];

    /// The code as written in the file (`EventNeverFires`).
    pub fn name(self) -> &'static str {
        match self {
            LintCode::EventNeverFires => "EventNeverFires",
            LintCode::ObjectiveMetAtStart => "ObjectiveMetAtStart",
            LintCode::ObjectiveMetByPassive => "ObjectiveMetByPassive",
            LintCode::ObjectiveNeverMet => "ObjectiveNeverMet",
            LintCode::DistrictNeverAccessible => "DistrictNeverAccessible",
            LintCode::DecisionOneOption => "DecisionOneOption",
            LintCode::UnitUnreachable => "UnitUnreachable",
            LintCode::SiteUnreachable => "SiteUnreachable",
            LintCode::SiteUnprotected => "SiteUnprotected",
        }
    }
}
