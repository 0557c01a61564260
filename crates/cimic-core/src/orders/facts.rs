//! The rule facts of each kind of order, in one table: the capability it needs, what it costs,
//! how long it runs, what its target is, and a help text for people built from the rules' own
//! constants. The order checks read the capability from here and the GUI shows the help, so a
//! rule changed in `rules` changes both.

use super::order::Order;
use crate::rules::{
    AID_PEOPLE_PER_TURN, BRIDGE_OPEN_AT, ESCORT_ACCESS_BONUS, LIAISON_TRUST,
    MEDICAL_PEOPLE_PER_TURN, MEETING_TRUST, MOVE_SUPPLY_COST, PATROL_PEOPLE_PER_TURN,
    PROJECT_COPING_GAIN, PROJECT_TURNS, REPAIR_PER_TURN, REPAIR_SUPPLY_COST, activity_supply_cost,
};
use crate::rules::{HNS_PEOPLE_PER_SUPPLY, RESUPPLY_AMOUNT};
use crate::scenario::format::{Capability, Sector};
use crate::sim::components::Activity;

/// The kinds of order, without their targets: one button each in the GUI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderKind {
    Move,
    Repair,
    ProvideAid,
    MedicalSupport,
    Escort,
    Liaise,
    CoordinationMeeting,
    Assess,
    SupportAuthority,
    Patrol,
    InformationCampaign,
    CommunityProject,
    Handover,
    SecureSite,
    Engage,
    Resupply,
    Hold,
}

/// What an order's target is (and so how a player picks it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A hex (on the map).
    Hex,
    /// An infrastructure site.
    Site,
    /// A district (the unit's own).
    District,
    /// A non-military actor working in the unit's district.
    Actor,
    /// An adversary unit.
    Unit,
    /// Nothing to pick.
    None,
}

/// What an order costs in supplies (percent of a load).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SupplyCost {
    /// Nothing.
    Free,
    /// This much once, for a task done in one turn.
    Once(f32),
    /// This much every turn the task goes on.
    PerTurn(f32),
}

impl Order {
    /// The kind of the order.
    pub fn kind(&self) -> OrderKind {
        use OrderKind as K;
        match self {
            Order::Move { .. } => K::Move,
            Order::Repair { .. } => K::Repair,
            Order::ProvideAid { .. } => K::ProvideAid,
            Order::MedicalSupport { .. } => K::MedicalSupport,
            Order::Escort { .. } => K::Escort,
            Order::Liaise { .. } => K::Liaise,
            Order::CoordinationMeeting { .. } => K::CoordinationMeeting,
            Order::Assess { .. } => K::Assess,
            Order::SupportAuthority { .. } => K::SupportAuthority,
            Order::Patrol { .. } => K::Patrol,
            Order::InformationCampaign { .. } => K::InformationCampaign,
            Order::CommunityProject { .. } => K::CommunityProject,
            Order::Handover { .. } => K::Handover,
            Order::SecureSite { .. } => K::SecureSite,
            Order::Engage { .. } => K::Engage,
            Order::Resupply { .. } => K::Resupply,
            Order::Hold { .. } => K::Hold,
        }
    }
}

impl OrderKind {
    /// Every kind, in the GUI's button order.
    pub const ALL: [OrderKind; 17] = [
        OrderKind::Move,
        OrderKind::Repair,
        OrderKind::Assess,
        OrderKind::Liaise,
        OrderKind::CoordinationMeeting,
        OrderKind::SupportAuthority,
        OrderKind::Patrol,
        OrderKind::SecureSite,
        OrderKind::ProvideAid,
        OrderKind::MedicalSupport,
        OrderKind::Escort,
        OrderKind::InformationCampaign,
        OrderKind::CommunityProject,
        OrderKind::Handover,
        OrderKind::Engage,
        OrderKind::Resupply,
        OrderKind::Hold,
    ];

    /// The capability a unit needs to be given the order (`None`: every unit may).
    pub fn capability(self) -> Option<Capability> {
        use OrderKind::*;
        Some(match self {
            Move => Capability::Move,
            Repair => Capability::Repair,
            ProvideAid => Capability::Aid,
            MedicalSupport => Capability::Medical,
            Escort => Capability::Escort,
            Liaise | CoordinationMeeting => Capability::Liaise,
            Assess => Capability::Assess,
            SupportAuthority => Capability::SupportAuthority,
            Patrol => Capability::Patrol,
            InformationCampaign => Capability::InfoCampaign,
            CommunityProject => Capability::CommunityProject,
            Handover => Capability::Handover,
            SecureSite => Capability::Secure,
            Engage => Capability::Engage,
            // Every unit lives on supplies; drawing them locally is a command decision, not a
            // specialist's task.
            Resupply | Hold => return None,
        })
    }

    /// What the order's target is.
    pub fn target(self) -> Target {
        use OrderKind::*;
        match self {
            Move => Target::Hex,
            Repair | SecureSite => Target::Site,
            ProvideAid | MedicalSupport | CoordinationMeeting | Assess | Patrol
            | InformationCampaign | CommunityProject | Resupply => Target::District,
            Escort | Liaise | SupportAuthority | Handover => Target::Actor,
            Engage => Target::Unit,
            Hold => Target::None,
        }
    }

    /// The order's name for people (a button's label).
    pub fn label(self) -> &'static str {
        use OrderKind::*;
        match self {
            Move => "Move",
            Repair => "Repair",
            ProvideAid => "Provide aid",
            MedicalSupport => "Medical support",
            Escort => "Escort",
            Liaise => "Liaise",
            CoordinationMeeting => "Coordination meeting",
            Assess => "Assess",
            SupportAuthority => "Support authority",
            Patrol => "Patrol",
            InformationCampaign => "Information campaign",
            CommunityProject => "Community project",
            Handover => "Hand over",
            SecureSite => "Secure site",
            Engage => "Engage",
            Resupply => "Resupply locally",
            Hold => "Hold",
        }
    }

    /// The activity an order of this kind becomes, with placeholder targets: what it costs and
    /// how long it runs are the activity's rules (`None`: moving, repairing and holding are
    /// tasks of their own).
    fn activity(self) -> Option<Activity> {
        use OrderKind::*;
        let (district, sector) = (0, Sector::Water);
        Some(match self {
            ProvideAid => Activity::Aid { district, sector },
            MedicalSupport => Activity::Medical { district },
            Escort => Activity::Escort { actor: 0, district },
            Liaise => Activity::Liaise { actor: 0 },
            CoordinationMeeting => Activity::Meeting { district },
            Assess => Activity::Assess { district },
            SupportAuthority => Activity::SupportAuthority { actor: 0 },
            Patrol => Activity::Patrol { district },
            InformationCampaign => Activity::InfoCampaign { district },
            CommunityProject => Activity::CommunityProject {
                district,
                sector,
                complete_by: 0,
                promise: 0,
            },
            Handover => Activity::Handover {
                actor: 0,
                district,
                sector,
                people: 0.0,
            },
            SecureSite => Activity::Secure { site: 0 },
            Engage => Activity::Engage { target: 0 },
            Resupply => Activity::Resupply {
                district,
                drawn: 0.0,
                arranged: false,
            },
            Move | Repair | Hold => return None,
        })
    }

    /// What the order costs in supplies (docs/rules.md, "Force activities").
    pub fn supply_cost(self) -> SupplyCost {
        match self {
            OrderKind::Move => SupplyCost::PerTurn(MOVE_SUPPLY_COST),
            OrderKind::Repair => SupplyCost::PerTurn(REPAIR_SUPPLY_COST),
            OrderKind::Hold => SupplyCost::Free,
            kind => match kind.activity() {
                Some(a) if a.one_turn() => SupplyCost::Once(activity_supply_cost(&a)),
                Some(a) => SupplyCost::PerTurn(activity_supply_cost(&a)),
                None => SupplyCost::Free,
            },
        }
    }

    /// Supplies and duration, for people: "4 supplies per turn; until intact".
    pub fn cost_text(self) -> String {
        use OrderKind::*;
        let duration = match self {
            Move => "until it arrives".to_string(),
            Repair => "until intact".to_string(),
            CommunityProject => format!("{PROJECT_TURNS} turns of work"),
            Engage => "until the target is neutralised".to_string(),
            _ => "until replaced".to_string(),
        };
        match self.supply_cost() {
            SupplyCost::Free => "none".to_string(),
            SupplyCost::Once(n) => format!("{}; one turn", supplies(n)),
            SupplyCost::PerTurn(n) if self == Move => {
                format!("{} per turn moving; {duration}", supplies(n))
            }
            SupplyCost::PerTurn(n) => format!("{} per turn; {duration}", supplies(n)),
        }
    }

    /// The expected effect, for people, with the rules' numbers (docs/rules.md).
    pub fn effect_text(self) -> String {
        use OrderKind::*;
        match self {
            Move => "goes by the cheapest route; rivers only at working bridges".into(),
            Repair => {
                format!("+{REPAIR_PER_TURN} condition a turn; a bridge opens at {BRIDGE_OPEN_AT}")
            }
            ProvideAid => format!(
                "needs met in one sector for up to {} people; duplicating a civilian actor costs efficiency and humanitarian acceptance",
                thousands(AID_PEOPLE_PER_TURN)
            ),
            MedicalSupport => format!(
                "health for up to {} people, fewer deaths; must be a last resort",
                thousands(MEDICAL_PEOPLE_PER_TURN)
            ),
            Escort => format!(
                "+{ESCORT_ACCESS_BONUS} security for the actor's access; costs acceptance unless a last resort"
            ),
            Liaise => format!("+{LIAISON_TRUST} trust; the actor shares what it knows"),
            CoordinationMeeting => {
                format!("+{MEETING_TRUST} trust for every actor in the district; less duplication")
            }
            Assess => "refreshes the force's picture of the district".into(),
            SupportAuthority => "raises the authority's capacity and legitimacy".into(),
            Patrol => format!(
                "security for up to {} people; a visible presence",
                thousands(PATROL_PEOPLE_PER_TURN)
            ),
            InformationCampaign => "consent; counters disinformation".into(),
            CommunityProject => format!(
                "lasting +{PROJECT_COPING_GAIN} coping in the sector; a promise: late is harm"
            ),
            Handover => "a civilian actor takes the service over (local ownership)".into(),
            SecureSite => "guards the site against sabotage".into(),
            Engage => {
                "fights the adversary; collateral harm grows with density and urban ground".into()
            }
            Resupply => format!(
                "+{RESUPPLY_AMOUNT} supplies from local fuel, water and food ({HNS_PEOPLE_PER_SUPPLY} people's share of each per supply); harms people short of them unless a host-nation authority arranges it"
            ),
            Hold => "stops the current task".into(),
        }
    }
}

/// "1 supply", "4 supplies".
fn supplies(n: f32) -> String {
    if n == 1.0 {
        "1 supply".to_string()
    } else {
        format!("{n} supplies")
    }
}

/// A whole number of people with thousands separated: 3000 → "3,000".
fn thousands(n: f32) -> String {
    let digits = format!("{:.0}", n);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The help texts read as the GUI showed them when they were written by hand, numbers
    /// included: the table says what the rules do.
    #[test]
    fn help_texts_carry_the_rules_numbers() {
        use OrderKind::*;
        let cases = [
            (Move, "1 supply per turn moving; until it arrives"),
            (Repair, "4 supplies per turn; until intact"),
            (ProvideAid, "5 supplies per turn; until replaced"),
            (MedicalSupport, "4 supplies per turn; until replaced"),
            (Escort, "2 supplies per turn; until replaced"),
            (Liaise, "1 supply; one turn"),
            (CoordinationMeeting, "1 supply; one turn"),
            (Assess, "1 supply; one turn"),
            (SupportAuthority, "2 supplies per turn; until replaced"),
            (Patrol, "2 supplies per turn; until replaced"),
            (InformationCampaign, "1 supply per turn; until replaced"),
            (CommunityProject, "4 supplies per turn; 3 turns of work"),
            (Handover, "1 supply; one turn"),
            (SecureSite, "2 supplies per turn; until replaced"),
            (
                Engage,
                "6 supplies per turn; until the target is neutralised",
            ),
            (Hold, "none"),
        ];
        for (kind, cost) in cases {
            assert_eq!(kind.cost_text(), cost, "{kind:?}");
        }
        assert_eq!(
            Repair.effect_text(),
            "+0.25 condition a turn; a bridge opens at 0.5"
        );
        assert!(ProvideAid.effect_text().contains("up to 3,000 people"));
        assert!(MedicalSupport.effect_text().contains("up to 2,500 people"));
        assert!(Patrol.effect_text().contains("up to 4,000 people"));
        assert!(Escort.effect_text().starts_with("+0.3 security"));
        assert!(Liaise.effect_text().starts_with("+0.1 trust"));
        assert!(CoordinationMeeting.effect_text().starts_with("+0.05 trust"));
        assert!(
            CommunityProject
                .effect_text()
                .starts_with("lasting +0.1 coping")
        );
        assert_eq!(thousands(12_345_678.0), "12,345,678");
        assert_eq!(thousands(999.0), "999");
    }

    /// Every order kind is one of `ALL` once, and an order's kind needs the capability the
    /// check asks for.
    #[test]
    fn every_kind_is_listed_once() {
        for k in OrderKind::ALL {
            assert_eq!(OrderKind::ALL.iter().filter(|&&x| x == k).count(), 1);
        }
        let order = Order::CoordinationMeeting {
            unit: "u".into(),
            district: "d".into(),
        };
        assert_eq!(order.kind().capability(), Some(Capability::Liaise));
        assert_eq!(Order::Hold { unit: "u".into() }.kind().capability(), None);
    }
}
