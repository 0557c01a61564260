//! The names people read for the core's closed kinds ("CIMIC team", "water plant", "last
//! resort"), in one place, so that the command line, the report and the GUI say the same words
//! and no Rust `Debug` spelling (`CimicTeam`, `WaterPlant`) reaches a reader. Lower case, to sit
//! inside a sentence; abbreviations keep their capitals. These names are for people only: the
//! simulation's log texts, records and hashes never use them.

use crate::scenario::format::{
    ActorKind, Capability, InfraKind, SideRole, Stance, Terrain, UnitKind,
};
use crate::sim::components::ActorStatus;
use crate::sim::scoring::doctrine::Principle;
use crate::sim::scoring::ledger::Origin;
use std::fmt;

/// Implements `Display` from a table of names, one arm per variant (the match is exhaustive, so
/// a new variant cannot go unnamed).
macro_rules! names {
    ($ty:ty { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(match self {
                    $(<$ty>::$variant => $name),+
                })
            }
        }
    };
}

names!(UnitKind {
    Infantry => "infantry",
    Mechanised => "mechanised infantry",
    Engineer => "engineers",
    Medical => "medical",
    Logistics => "logistics",
    MilitaryPolice => "military police",
    CimicTeam => "CIMIC team",
    Aviation => "aviation",
    InfoOps => "information operations",
    Irregular => "irregulars",
});

names!(InfraKind {
    PowerPlant => "power plant",
    WaterPlant => "water plant",
    Hospital => "hospital",
    Clinic => "clinic",
    School => "school",
    Bridge => "bridge",
    Port => "port",
    Market => "market",
    Warehouse => "warehouse",
    Telecom => "telecommunications",
    GovernmentOffice => "government office",
    PoliceStation => "police station",
    IdpCamp => "IDP camp",
    CulturalSite => "cultural site",
    ReligiousSite => "religious site",
});

names!(Terrain {
    Urban => "urban",
    Rural => "rural",
    Forest => "forest",
    Hills => "hills",
    Mountain => "mountain",
    Marsh => "marsh",
    Water => "water",
});

names!(Capability {
    Move => "move",
    Repair => "repair",
    Patrol => "patrol",
    Secure => "secure",
    Engage => "engage",
    Aid => "aid",
    Escort => "escort",
    Liaise => "liaise",
    Assess => "assess",
    Medical => "medical care",
    InfoCampaign => "information campaign",
    SupportAuthority => "support to authority",
    CommunityProject => "community project",
    Handover => "hand-over",
});

names!(ActorKind {
    Ngo => "NGO",
    InternationalOrganisation => "international organisation",
    UnAgency => "UN agency",
    Icrc => "ICRC",
    HostNationMinistry => "host-nation ministry",
    LocalAuthority => "local authority",
    LocalLeader => "local leader",
    LawEnforcement => "law enforcement",
    Contractor => "contractor",
});

names!(Stance {
    Coexistence => "coexistence",
    Coordination => "coordination",
    Cooperation => "cooperation",
});

names!(SideRole {
    Force => "force",
    HostNation => "host nation",
    Adversary => "adversary",
    Other => "other",
});

names!(ActorStatus {
    Absent => "absent",
    Active => "active",
    Suspended => "suspended",
    Withdrawn => "withdrawn",
});

names!(Principle {
    Autonomy => "autonomy",
    Engagement => "engagement",
    LocalOwnership => "local ownership",
    ConsistentMessaging => "consistent messaging",
    Transition => "transition",
    Cooperation => "cooperation",
    LegalObligations => "legal obligations",
    LastResort => "last resort",
    NoDuplication => "no duplication",
    ProtectionOfCivilians => "protection of civilians",
    Assessment => "assessment",
    Impartiality => "impartiality",
    HostNationSupport => "host-nation support",
});

names!(Origin {
    Force => "force",
    Adversary => "adversary",
    Disaster => "disaster",
    UnmetNeeds => "unmet needs",
});

/// `text` with its first letter in capitals, for a name at the start of a table cell or line.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Text from somebody's file made safe to print on a terminal: every control character (ESC,
/// BEL, a line break inside a name, the C1 controls…) is shown as an escape such as `\u{1b}`,
/// so an authored scenario cannot rewrite the trainer's terminal or forge output lines.
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// Text from a file shown over several lines, as a log shows an inject's message: the author's
/// line breaks (`\n` or `\r\n`) are kept and every line after the first starts with `indent`,
/// so a multi-line message stays inside the log's column (and, indented, can never pass for a
/// line of the program's own, such as a turn line); other control characters are escaped
/// as by [`visible`], so a file still cannot drive the terminal.
pub fn visible_lines(s: &str, indent: &str) -> String {
    s.split('\n')
        .map(|line| visible(line.strip_suffix('\r').unwrap_or(line)).into_owned())
        .collect::<Vec<_>>()
        .join(&format!("\n{indent}"))
}

/// At most `max` characters of `s`, then `…` and the length in bytes when it was cut: an id or
/// name echoed in a message stays readable and cheap to print however long the input was (a
/// 10 MB id in an order is shown as its first characters, not ten megabytes).
pub fn clipped(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(max) {
        None => std::borrow::Cow::Borrowed(s),
        Some((cut, _)) => std::borrow::Cow::Owned(format!("{}… ({} bytes)", &s[..cut], s.len())),
    }
}

/// A file's text with its control characters other than line breaks and tabs masked by
/// characters of the same length in bytes (`?`, or `¿` for the two-byte C1 controls), so that
/// byte offsets into it still point at the same places when a problem is drawn.
pub fn mask_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let masked = |c: char| c.is_control() && !matches!(c, '\n' | '\t' | '\r');
    if !text.chars().any(masked) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| match c {
                c if masked(c) && c.len_utf8() == 1 => '?',
                c if masked(c) => '¿',
                c => c,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_are_kept_and_indented() {
        assert_eq!(
            visible_lines("one\ntwo\r\nthree\u{7}", "    "),
            "one\n    two\n    three\\u{7}"
        );
        assert_eq!(visible_lines("single", "  "), "single");
    }

    #[test]
    fn kinds_read_as_words() {
        assert_eq!(UnitKind::CimicTeam.to_string(), "CIMIC team");
        assert_eq!(InfraKind::WaterPlant.to_string(), "water plant");
        assert_eq!(Capability::InfoCampaign.to_string(), "information campaign");
        assert_eq!(
            capitalised(&Principle::LastResort.to_string()),
            "Last resort"
        );
        assert_eq!(capitalised(""), "");
    }
}
