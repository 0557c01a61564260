//! The after-action report as one self-contained HTML file: inline CSS and inline SVG only — no
//! script, font, image or link to fetch — so it can be mailed, archived, opened offline on an
//! exercise network and printed. The page is a maud template: every text from the scenario or
//! record is escaped by the template itself; only the SVG of the charts and maps (escaped where
//! they are drawn) and the style sheet go in as they are.
//!
//! Sections: summary (scenario, seed, source, final scores, objectives), a chart per score and
//! key indicator, the map at chosen turns, decision points, the doctrine tally with its lapses,
//! the largest ledger causes per score, the facilitator's actions (bookmarks, notes, injects,
//! overrides), and the indicators turn by turn.

use super::charts::{Line, line_chart};
use super::describe_source;
use super::timeline::{Indicators, Timeline};
use crate::names::capitalised;
use crate::sim::facilitator::FacilitatorAction;
use crate::sim::scoring::ledger::{Ledger, Metric};
use crate::sim::scoring::summary::{ScoreSummary, summarise};
use maud::{DOCTYPE, Markup, PreEscaped, html};

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
.lapse{color:#a11}
@media print{.charts{display:block}h2{page-break-before:auto}}";

/// Colours of the lines, one per indicator.
const COLOURS: [&str; 8] = [
    "#0b3d91", "#2e8b3a", "#c0392b", "#7b3fa0", "#1f77b4", "#444444", "#e07b00", "#d62728",
];

/// The report of a replayed game; `file` names the record in the summary.
pub fn report(t: &Timeline, file: &str) -> String {
    let h = &t.header;
    let meta = &t.scenario.meta;
    // One summary of the ledger for the sections that read it (harm split, doctrine checks).
    let sum = summarise(
        &Ledger {
            entries: t.ledger.clone(),
        },
        t.last().turn,
        TOP_CAUSES,
    );
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "After-action report: " (meta.title) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                h1 { "After-action report: " (meta.title) }
                p { (meta.briefing) }
                (summary(t, file, &sum))
                (charts(t))
                (maps(t))
                (decisions(t))
                (doctrine(t, &sum))
                (causes(t))
                (facilitator(t))
                (per_turn(t))
                p { small {
                    "Written by cimic " (env!("CARGO_PKG_VERSION")) " from the record " (file)
                    " (scenario hash " (h.scenario_hash) ", final state hash " (t.last().state_hash)
                    "). Every figure comes from replaying the record; the civil figures are the facilitator's true picture, not the force's."
                } }
            }
        }
    };
    page.into_string()
}

fn summary(t: &Timeline, file: &str, sum: &ScoreSummary) -> Markup {
    let h = &t.header;
    let (first, last) = (&t.turns[0].indicators, &t.last().indicators);
    let meta = &t.scenario.meta;
    html! {
        h2 id="summary" { "Summary" }
        table.meta {
            tr { td { "Record" } td { (file) } }
            tr {
                td { "Scenario" }
                td {
                    (meta.title) " (" code { (meta.id) } ", " (h.scenario_name)
                    ", hash " (h.scenario_hash) ")"
                }
            }
            tr { td { "Seed" } td { (h.seed) } }
            tr { td { "Decisions by" } td { (describe_source(&h.source)) } }
            @if let Some(f) = &h.fork {
                tr {
                    td { "Fork of" }
                    td {
                        (f.parent_file) " (content hash " (f.parent) ", "
                        (describe_source(&f.parent_source)) ") after turn " (f.at)
                    }
                }
            }
            tr { td { "Turns played" } td { (t.last().turn) " of " (meta.turns) } }
            tr { td { "Engine" } td { (h.engine) } }
        }
        table {
            tr { th { "Score" } th { "Start (turn 0)" } th { "End" } th { "Change" } }
            @for i in 0..3 {
                tr {
                    td { (Indicators::LABELS[i]) }
                    td.n { (format!("{:.1}", first.values()[i])) }
                    td.n { b { (format!("{:.1}", last.values()[i])) } }
                    td.n { (format!("{:+.1}", last.values()[i] - first.values()[i])) }
                }
            }
        }
        (harm_split(sum))
        h3 { "Objectives" }
        table {
            tr { th { "Objective" } th { "Status" } th { "Met on turn" } }
            @for (id, title, status, met) in &t.objectives {
                tr {
                    td { (title) " " small { "(" code { (id) } ")" } }
                    td class=(status) { (status) }
                    td.n { (met.map_or("—".to_string(), |m| m.to_string())) }
                }
            }
        }
    }
}

/// Civil harm split into the trainees' part and what no order prevents (the disaster and the
/// injects), so that the room reads what the trainees controlled.
fn harm_split(sum: &ScoreSummary) -> Markup {
    html! {
        p {
            "Civil harm " b { (format!("{:.1}", sum.scores.civil_harm)) } ": the trainees' part "
            b { (format!("{:.1}", sum.civil_harm_trainees_part)) }
            " (what the force caused, and what the adversary and unmet needs did that orders could prevent or lessen); "
            (format!("{:.1}", sum.civil_harm_beyond_control))
            " from the disaster and the injects, which no order prevents."
        }
    }
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

fn charts(t: &Timeline) -> Markup {
    let turns: Vec<u32> = t.turns.iter().map(|x| x.turn).collect();
    let marks = marks(t);
    html! {
        h2 id="charts" { "Scores and indicators by turn" }
        p { "Dashed purple lines mark decision points and bookmarks (hover for what they were)." }
        div.charts {
            @for (i, label) in Indicators::LABELS.iter().enumerate() {
                @let values: Vec<f64> = t.turns.iter().map(|x| x.indicators.values()[i]).collect();
                @let name = Indicators::NAMES[i];
                figure id={ "chart-" (name) } {
                    // The chart's SVG escapes its texts where it is drawn (aar/charts.rs).
                    (PreEscaped(line_chart(
                        label,
                        label.split(" (").next().unwrap_or(label),
                        &turns,
                        &[Line { name, values: &values, colour: COLOURS[i] }],
                        &marks,
                    )))
                }
            }
        }
    }
}

fn maps(t: &Timeline) -> Markup {
    let districts: Vec<(String, String)> = t
        .scenario
        .map
        .districts
        .iter()
        .map(|d| (d.id.clone(), d.name.clone()))
        .collect();
    html! {
        h2 id="maps" { "The map" }
        p { "Each map carries its legend. Hover over a unit or site for its details." }
        @for snap in &t.maps {
            figure id={ "map-" (snap.turn) } {
                figcaption { b {
                    @if snap.turn == 0 { "Start (turn 0)" } @else { "After turn " (snap.turn) }
                } }
                // The map's SVG escapes its texts where it is drawn (aar/map.rs).
                (PreEscaped(super::map::map_svg(&t.map, snap, &districts)))
            }
        }
    }
}

/// A table under its header cells, one row each, or the sentence `nothing` when there is no row.
fn table_or(nothing: &str, header: &[&str], rows: Vec<Markup>) -> Markup {
    html! {
        @if rows.is_empty() {
            p { (nothing) }
        } @else {
            table {
                tr { @for h in header { th { (h) } } }
                @for row in rows { (row) }
            }
        }
    }
}

fn decisions(t: &Timeline) -> Markup {
    let rows = t.decisions.iter().map(|d| {
        html! {
            tr {
                td.n { (d.turn) }
                td { b { (d.title) } br; small { (d.briefing) } }
                td {
                    (d.chosen)
                    @if d.defaulted { " " small { "(nobody chose: the default)" } }
                }
                td { (d.others.join("; ")) }
            }
        }
    });
    html! {
        h2 id="decisions" { "Decision points" }
        (table_or(
            "No decision point came up.",
            &["Turn", "Decision", "Chosen", "Other options"],
            rows.collect(),
        ))
    }
}

fn doctrine(t: &Timeline, sum: &ScoreSummary) -> Markup {
    let principles = sum.doctrine.iter().map(|d| {
        html! {
            tr {
                td { (capitalised(&d.principle.to_string())) }
                td { small { (d.reference) } }
                td.n { (d.upheld) }
                td.n.lapse[d.breached > 0] { (d.breached) }
            }
        }
    });
    let lapses: Vec<_> = t
        .ledger
        .iter()
        .filter_map(|e| e.check.filter(|c| !c.upheld).map(|c| (e, c.principle)))
        .collect();
    html! {
        h2 id="doctrine" { "Doctrine checks" }
        p { "How often each CIMIC principle was upheld and how often it lapsed in the force's conduct (MC 411/2 and the CCOE do's and don'ts)." }
        (table_or(
            "No doctrine check was made.",
            &["Principle", "Reference", "Upheld", "Lapses"],
            principles.collect(),
        ))
        @if !lapses.is_empty() {
            h3 { "Lapses" }
            table {
                tr { th { "Turn" } th { "Principle" } th { "Cause" } th { "What happened" } }
                @for (e, principle) in lapses {
                    tr {
                        td.n { (e.turn) }
                        td.lapse { (capitalised(&principle.to_string())) }
                        td { (t.cause_name(&e.cause)) " " small { "(" (e.entity) ")" } }
                        td { (e.text) }
                    }
                }
            }
        }
    }
}

fn causes(t: &Timeline) -> Markup {
    html! {
        h2 id="causes" { "Largest causes of each score" }
        p { "Over the turns played (turn 0, the starting situation, is not a cause); orders are named by what they were." }
        @for (i, m) in Metric::ALL.iter().enumerate() {
            @let top = t.top_causes(*m, 1..=t.last().turn, TOP_CAUSES);
            h3 { (Indicators::LABELS[i]) }
            (table_or(
                "Nothing moved this score.",
                &["Points", "Entries", "Cause", "Concerning", "Largest entry"],
                top.into_iter()
                    .map(|c| html! {
                        tr {
                            td.n { (format!("{:+.2}", c.amount)) }
                            td.n { (c.entries) }
                            td { (c.cause) }
                            td { (c.entity) }
                            td { (c.text) }
                        }
                    })
                    .collect(),
            ))
        }
    }
}

/// A facilitator action's name and details, for the report's table.
fn action(a: &FacilitatorAction) -> (&'static str, Markup) {
    match a {
        FacilitatorAction::Bookmark { label } => ("Bookmark", html! { (label) }),
        FacilitatorAction::Annotate { text } => ("Note", html! { (text) }),
        FacilitatorAction::TriggerEvent { event } => ("Inject fired", html! { code { (event) } }),
        FacilitatorAction::ScheduleEvent { event, turn } => (
            "Inject scheduled",
            html! { code { (event) } " for turn " (turn) },
        ),
        FacilitatorAction::Override {
            entity,
            field,
            value,
            rationale,
        } => (
            "Override",
            html! { code { (entity) } " " (field) " := " (format!("{value:.2}")) " — " (rationale) },
        ),
    }
}

fn facilitator(t: &Timeline) -> Markup {
    let rows = t.facilitator.iter().map(|(turn, a)| {
        let (what, details) = action(a);
        html! { tr { td.n { (turn) } td { (what) } td { (details) } } }
    });
    html! {
        h2 id="facilitator" { "Bookmarks, notes and facilitator actions" }
        (table_or(
            "The facilitator (white cell) took no action and left no note.",
            &["Turn", "Action", "Details"],
            rows.collect(),
        ))
    }
}

/// Decimal places of each indicator in the turn-by-turn table.
fn digits(indicator: usize) -> usize {
    match indicator {
        3 | 5 | 6 => 0,
        4 | 7 => 3,
        _ => 1,
    }
}

fn per_turn(t: &Timeline) -> Markup {
    html! {
        h2 id="turns" { "Turn by turn" }
        table {
            tr {
                th { "Turn" }
                @for n in Indicators::NAMES { th { (n.replace('_', " ")) } }
                th { "State hash" }
            }
            @for x in &t.turns {
                tr {
                    td.n { (x.turn) }
                    @for (i, v) in x.indicators.values().iter().enumerate() {
                        td.n { (format!("{v:.*}", digits(i))) }
                    }
                    td { code { (x.state_hash) } }
                }
            }
        }
    }
}
