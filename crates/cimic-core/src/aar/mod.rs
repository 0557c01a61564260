//! The after-action review (docs/architecture.md): a recorded game replayed and measured turn by turn
//! ([`timeline`]), two games compared ([`diff`], with what changed between two versions of their
//! scenario: [`scenario_diff`]), the recorded decisions rerun over other seeds
//! to tell skill from luck ([`luck`]), and the report an analyst takes away — one self-contained
//! HTML file ([`html`], with [`charts`] and the [`map`] drawn as inline SVG) and a CSV of the
//! civil indicators per district and turn ([`csv`]).

pub mod balance;
pub mod charts;
pub mod csv;
pub mod diff;
pub mod html;
pub mod legend;
pub mod lint;
pub mod luck;
pub mod map;
pub mod scenario_diff;
pub mod timeline;

use crate::record::Source;

/// A source of decisions in a few words, for reports and messages.
pub fn describe_source(source: &Source) -> String {
    match source {
        Source::Manual => "manual (players or nobody; every unit holds unless ordered)".into(),
        Source::Orders { file, .. } => format!("orders file {file}"),
        Source::Policy(p) => format!("policy {p}"),
    }
}

/// Text made safe to put in HTML or SVG, as element content or a quoted attribute: every text
/// in a report comes from a scenario or a record, which anyone can write.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
