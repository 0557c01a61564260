//! The after-action report as one self-contained HTML file: inline CSS and inline SVG only — no
//! script, font, image or link to fetch — so it can be mailed, archived, opened offline on an
//! exercise network and printed. Every text from the scenario or record is escaped.
//!
//! Sections: summary (scenario, seed, source, final scores, objectives), a chart per score and
//! key indicator, the map at chosen turns, decision points, the doctrine tally with its lapses,
//! the largest ledger causes per score, the facilitator's actions (bookmarks, notes, injects,
//! overrides), and the indicators turn by turn.

use super::charts::{Line, line_chart};
use super::timeline::{Indicators, Timeline};
use super::{describe_source, esc};
use crate::sim::facilitator::FacilitatorAction;
use crate::sim::scoring::ledger::{Ledger, Metric};
use crate::sim::scoring::summary::summarise;
use std::fmt::Write;

/// Largest causes listed per score.
const TOP_CAUSES: usize = 8;

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:1.5em auto;max-width:1000px;color:#1d2733;padding:0 1em}
h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:2px solid #0b3d91;padding-bottom:.2em;margin-top:1.8em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #c8ced6;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#eef2f7}td.n{text-align:right;font-variant-numeric:tabular-nums}
.meta td:first-child{font-weight:600}.charts{display:flex;flex-wrap:wrap;gap:.5em}
.chart{border:1px solid #dde3ea;background:#fff}.ct{font-size:13px;font-weight:600}
.tick{font-size:10px;fill:#333}.label{font-size:11px;fill:#333}.grid{stroke:#e6e9ee}.axis{stroke:#555}
.mark{stroke:#7b3fa0;stroke-dasharray:3 3}.map{border:1px solid #c8ced6;background:#f8f8f4}
.hex{stroke:#8a8a80;stroke-width:.5}.road{stroke:#6b4a2b;stroke-width:2.5;stroke-linecap:round}
.border{stroke:#222;stroke-width:2.5;stroke-linecap:round}.district{font-size:13px;font-weight:700;fill:#111;paint-order:stroke;stroke:#fff;stroke-width:3px}
.code{font-size:8px;font-weight:700;fill:#111}.met{color:#1e6b1e;font-weight:600}.failed{color:#a11;font-weight:600}
.lapse{color:#a11}.legend span{display:inline-block;margin-right:1em}.sw{display:inline-block;width:.9em;height:.9em;border:1px solid #555;vertical-align:middle;margin-right:.3em}
@media print{.charts{display:block}h2{page-break-before:auto}}";

/// Colours of the lines, one per indicator.
const COLOURS: [&str; 8] = [
    "#0b3d91", "#2e8b3a", "#c0392b", "#7b3fa0", "#1f77b4", "#444444", "#e07b00", "#d62728",
];

/// The report of a replayed game; `file` names the record in the summary.
pub fn report(t: &Timeline, file: &str) -> String {
    let h = &t.header;
    let meta = &t.scenario.meta;
    let last = t.last();
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>After-action report: {}</title><style>{STYLE}</style></head><body>\n",
        esc(&meta.title)
    );
    let _ = writeln!(
        s,
        "<h1>After-action report: {}</h1><p>{}</p>",
        esc(&meta.title),
        esc(&meta.briefing)
    );
    summary(&mut s, t, file);
    charts(&mut s, t);
    maps(&mut s, t);
    decisions(&mut s, t);
    doctrine(&mut s, t);
    causes(&mut s, t);
    facilitator(&mut s, t);
    per_turn(&mut s, t);
    let _ = write!(
        s,
        "<p><small>Written by cimic {} from the record {} (scenario hash {}, final state hash {}). Every figure comes from replaying the record; the civil figures are the facilitator's true picture, not the force's.</small></p>\n</body></html>\n",
        env!("CARGO_PKG_VERSION"),
        esc(file),
        esc(&h.scenario_hash),
        esc(&last.state_hash)
    );
    s
}

fn summary(s: &mut String, t: &Timeline, file: &str) {
    let h = &t.header;
    let (first, last) = (&t.turns[0].indicators, &t.last().indicators);
    s.push_str("<h2 id=\"summary\">Summary</h2><table class=\"meta\">");
    let mut row = |k: &str, v: String| {
        let _ = write!(s, "<tr><td>{}</td><td>{v}</td></tr>", esc(k));
    };
    row("Record", esc(file));
    row(
        "Scenario",
        format!(
            "{} (<code>{}</code>, {}, hash {})",
            esc(&t.scenario.meta.title),
            esc(&t.scenario.meta.id),
            esc(&h.scenario_name),
            esc(&h.scenario_hash)
        ),
    );
    row("Seed", h.seed.to_string());
    row("Decisions by", esc(&describe_source(&h.source)));
    if let Some(f) = &h.fork {
        row(
            "Fork of",
            format!(
                "{} (content hash {}, {}) after turn {}",
                esc(&f.parent_file),
                esc(&f.parent),
                esc(&describe_source(&f.parent_source)),
                f.at
            ),
        );
    }
    row(
        "Turns played",
        format!("{} of {}", t.last().turn, t.scenario.meta.turns),
    );
    row("Engine", esc(&h.engine));
    s.push_str("</table>\n<table><tr><th>Score</th><th>Start (turn 0)</th><th>End</th><th>Change</th></tr>");
    for i in 0..3 {
        let _ = write!(
            s,
            "<tr><td>{}</td><td class=\"n\">{:.1}</td><td class=\"n\"><b>{:.1}</b></td><td class=\"n\">{:+.1}</td></tr>",
            esc(Indicators::LABELS[i]),
            first.values()[i],
            last.values()[i],
            last.values()[i] - first.values()[i]
        );
    }
    s.push_str("</table>\n<h3>Objectives</h3><table><tr><th>Objective</th><th>Status</th><th>Met on turn</th></tr>");
    for (id, title, status, met) in &t.objectives {
        let _ = write!(
            s,
            "<tr><td>{} <small>(<code>{}</code>)</small></td><td class=\"{}\">{}</td><td class=\"n\">{}</td></tr>",
            esc(title),
            esc(id),
            esc(status),
            esc(status),
            met.map_or("—".to_string(), |m| m.to_string())
        );
    }
    s.push_str("</table>\n");
}

/// Turns worth marking on the charts: decisions taken and bookmarks.
fn marks(t: &Timeline) -> Vec<(u32, String)> {
    let mut m: Vec<(u32, String)> = t
        .decisions
        .iter()
        .map(|d| (d.turn, format!("decision: {} — {}", d.title, d.chosen)))
        .collect();
    for (turn, a) in &t.facilitator {
        if let FacilitatorAction::Bookmark { label } = a {
            m.push((*turn, format!("bookmark: {label}")));
        }
    }
    m.sort_by_key(|x| x.0);
    m
}

fn charts(s: &mut String, t: &Timeline) {
    s.push_str("<h2 id=\"charts\">Scores and indicators by turn</h2><p>Dashed purple lines mark decision points and bookmarks (hover for what they were).</p><div class=\"charts\">\n");
    let turns: Vec<u32> = t.turns.iter().map(|x| x.turn).collect();
    let marks = marks(t);
    for (i, label) in Indicators::LABELS.iter().enumerate() {
        let values: Vec<f64> = t.turns.iter().map(|x| x.indicators.values()[i]).collect();
        let name = Indicators::NAMES[i];
        let _ = write!(s, "<figure id=\"chart-{name}\">");
        s.push_str(&line_chart(
            label,
            label.split(" (").next().unwrap_or(label),
            &turns,
            &[Line {
                name,
                values: &values,
                colour: COLOURS[i],
            }],
            &marks,
        ));
        s.push_str("</figure>\n");
    }
    s.push_str("</div>\n");
}

fn maps(s: &mut String, t: &Timeline) {
    s.push_str("<h2 id=\"maps\">The map</h2><p class=\"legend\">");
    for (name, colour) in [
        ("urban", "#b9b3ad"),
        ("rural", "#e6e2b8"),
        ("forest", "#9cc29a"),
        ("hills", "#d8c39a"),
        ("mountain", "#a89480"),
        ("marsh", "#a9cfc4"),
        ("water", "#8fbbe0"),
        ("river", "#3b7dd8"),
    ] {
        let _ = write!(
            s,
            "<span><i class=\"sw\" style=\"background:{colour}\"></i>{name}</span>"
        );
    }
    s.push_str("<br><span><i class=\"sw\" style=\"background:#80c0ff\"></i>friendly unit (force, host nation)</span><span><i class=\"sw\" style=\"background:#ff8080;transform:rotate(45deg)\"></i>hostile unit</span><span><i class=\"sw\" style=\"background:#aaffaa\"></i>other armed group</span><br><span><i class=\"sw\" style=\"background:#2e8b3a;border-radius:50%\"></i>site working (≥ 75 %)</span><span><i class=\"sw\" style=\"background:#e0a100;border-radius:50%\"></i>partly (25–75 %)</span><span><i class=\"sw\" style=\"background:#c0392b;border-radius:50%\"></i>out (&lt; 25 %)</span><span><i class=\"sw\" style=\"background:#d62728;opacity:.4\"></i>civil unrest (tint grows with the active share)</span><br>Black lines are district borders; brown lines are roads; a white ring marks a protected site. Hover over a unit or site for its details.</p>\n");
    let districts: Vec<(String, String)> = t
        .scenario
        .map
        .districts
        .iter()
        .map(|d| (d.id.clone(), d.name.clone()))
        .collect();
    for snap in &t.maps {
        let _ = write!(
            s,
            "<figure id=\"map-{}\"><figcaption><b>{}</b></figcaption>",
            snap.turn,
            if snap.turn == 0 {
                "Start (turn 0)".to_string()
            } else {
                format!("After turn {}", snap.turn)
            }
        );
        s.push_str(&super::map::map_svg(&t.map, snap, &districts));
        s.push_str("</figure>\n");
    }
}

fn decisions(s: &mut String, t: &Timeline) {
    s.push_str("<h2 id=\"decisions\">Decision points</h2>");
    if t.decisions.is_empty() {
        s.push_str("<p>No decision point came up.</p>\n");
        return;
    }
    s.push_str(
        "<table><tr><th>Turn</th><th>Decision</th><th>Chosen</th><th>Other options</th></tr>",
    );
    for d in &t.decisions {
        let _ = write!(
            s,
            "<tr><td class=\"n\">{}</td><td><b>{}</b><br><small>{}</small></td><td>{}{}</td><td>{}</td></tr>",
            d.turn,
            esc(&d.title),
            esc(&d.briefing),
            esc(&d.chosen),
            if d.defaulted {
                " <small>(nobody chose: the default)</small>"
            } else {
                ""
            },
            esc(&d.others.join("; "))
        );
    }
    s.push_str("</table>\n");
}

/// "LastResort" → "Last resort".
fn words(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push(' ');
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn doctrine(s: &mut String, t: &Timeline) {
    let ledger = Ledger {
        entries: t.ledger.clone(),
    };
    let sum = summarise(&ledger, t.last().turn, TOP_CAUSES);
    s.push_str("<h2 id=\"doctrine\">Doctrine checks</h2><p>How often each CIMIC principle was upheld and how often it lapsed in the force's conduct (MC 411/2 and the CCOE do's and don'ts).</p>");
    if sum.doctrine.is_empty() {
        s.push_str("<p>No doctrine check was made.</p>\n");
    } else {
        s.push_str(
            "<table><tr><th>Principle</th><th>Reference</th><th>Upheld</th><th>Lapses</th></tr>",
        );
        for d in &sum.doctrine {
            let _ = write!(
                s,
                "<tr><td>{}</td><td><small>{}</small></td><td class=\"n\">{}</td><td class=\"n{}\">{}</td></tr>",
                esc(&words(&format!("{:?}", d.principle))),
                esc(d.reference),
                d.upheld,
                if d.breached > 0 { " lapse" } else { "" },
                d.breached
            );
        }
        s.push_str("</table>");
    }
    let lapses: Vec<_> = t
        .ledger
        .iter()
        .filter(|e| e.check.is_some_and(|c| !c.upheld))
        .collect();
    if !lapses.is_empty() {
        s.push_str("<h3>Lapses</h3><table><tr><th>Turn</th><th>Principle</th><th>Cause</th><th>What happened</th></tr>");
        for e in lapses {
            let _ = write!(
                s,
                "<tr><td class=\"n\">{}</td><td class=\"lapse\">{}</td><td>{} <small>({})</small></td><td>{}</td></tr>",
                e.turn,
                esc(&words(&format!(
                    "{:?}",
                    e.check.map(|c| c.principle).expect("filtered on check")
                ))),
                esc(&t.cause_name(&e.cause)),
                esc(&e.entity),
                esc(&e.text)
            );
        }
        s.push_str("</table>");
    }
    s.push('\n');
}

fn causes(s: &mut String, t: &Timeline) {
    s.push_str("<h2 id=\"causes\">Largest causes of each score</h2><p>Over the turns played (turn 0, the starting situation, is not a cause); orders are named by what they were.</p>");
    for (i, m) in Metric::ALL.iter().enumerate() {
        let top = t.top_causes(*m, 1..=t.last().turn, TOP_CAUSES);
        let _ = write!(s, "<h3>{}</h3>", esc(Indicators::LABELS[i]));
        if top.is_empty() {
            s.push_str("<p>Nothing moved this score.</p>");
            continue;
        }
        s.push_str(
            "<table><tr><th>Points</th><th>Cause</th><th>Concerning</th><th>Largest entry</th></tr>",
        );
        for (cause, entity, amount, text) in top {
            let _ = write!(
                s,
                "<tr><td class=\"n\">{amount:+.2}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&cause),
                esc(&entity),
                esc(&text)
            );
        }
        s.push_str("</table>");
    }
    s.push('\n');
}

fn facilitator(s: &mut String, t: &Timeline) {
    s.push_str("<h2 id=\"facilitator\">Bookmarks, notes and facilitator actions</h2>");
    if t.facilitator.is_empty() {
        s.push_str("<p>The facilitator (white cell) took no action and left no note.</p>\n");
        return;
    }
    s.push_str("<table><tr><th>Turn</th><th>Action</th><th>Details</th></tr>");
    for (turn, a) in &t.facilitator {
        let (what, details) = match a {
            FacilitatorAction::Bookmark { label } => ("Bookmark", esc(label)),
            FacilitatorAction::Annotate { text } => ("Note", esc(text)),
            FacilitatorAction::TriggerEvent { event } => {
                ("Inject fired", format!("<code>{}</code>", esc(event)))
            }
            FacilitatorAction::ScheduleEvent { event, turn } => (
                "Inject scheduled",
                format!("<code>{}</code> for turn {turn}", esc(event)),
            ),
            FacilitatorAction::Override {
                entity,
                field,
                value,
                rationale,
            } => (
                "Override",
                format!(
                    "<code>{}</code> {} := {value:.2} — {}",
                    esc(entity),
                    esc(&field.to_string()),
                    esc(rationale)
                ),
            ),
        };
        let _ = write!(
            s,
            "<tr><td class=\"n\">{turn}</td><td>{what}</td><td>{details}</td></tr>"
        );
    }
    s.push_str("</table>\n");
}

fn per_turn(s: &mut String, t: &Timeline) {
    s.push_str("<h2 id=\"turns\">Turn by turn</h2><table><tr><th>Turn</th>");
    for n in Indicators::NAMES {
        let _ = write!(s, "<th>{}</th>", n.replace('_', " "));
    }
    s.push_str("<th>State hash</th></tr>");
    for x in &t.turns {
        let _ = write!(s, "<tr><td class=\"n\">{}</td>", x.turn);
        for (i, v) in x.indicators.values().iter().enumerate() {
            let digits = if matches!(i, 3 | 5 | 6) {
                0
            } else if matches!(i, 4 | 7) {
                3
            } else {
                1
            };
            let _ = write!(s, "<td class=\"n\">{v:.digits$}</td>");
        }
        let _ = write!(s, "<td><code>{}</code></td></tr>", esc(&x.state_hash));
    }
    s.push_str("</table>\n");
}

#[cfg(test)]
mod tests {
    #[test]
    fn principle_names_read_as_words() {
        assert_eq!(super::words("LastResort"), "Last resort");
        assert_eq!(super::words("Autonomy"), "Autonomy");
    }
}
