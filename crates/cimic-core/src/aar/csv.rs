//! The civil indicators per district and turn as CSV (RFC 4180), for spreadsheets and
//! statistics packages: one row per turn (0, the starting situation, first) per district, in
//! scenario order, under a header row. Columns are documented in docs/cli.md (`cimic report`).

use super::timeline::Timeline;
use crate::scenario::format::Sector;

/// The header row's columns.
pub fn columns() -> Vec<String> {
    let mut c: Vec<String> = ["turn", "district", "name", "people"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    c.extend(Sector::ALL.iter().map(|s| s.name().to_string()));
    c.extend(
        [
            "needs_mean",
            "consent",
            "legitimacy",
            "deaths",
            "displaced",
            "unrest_active",
            "unrest_jailed",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    c
}

/// Data rows of [`csv`] (the header aside): a turn per district. Counted from the timeline, not
/// from the text's lines, since a quoted name may hold a line break.
pub fn rows(t: &Timeline) -> usize {
    t.turns.iter().map(|turn| turn.districts.len()).sum()
}

/// The whole CSV text, with a header row and `\n` line ends.
pub fn csv(t: &Timeline) -> String {
    let mut out = columns().join(",");
    out.push('\n');
    for turn in &t.turns {
        for d in &turn.districts {
            let mut row = vec![
                turn.turn.to_string(),
                field(&d.id),
                field(&d.name),
                d.people.to_string(),
            ];
            row.extend(d.needs.iter().map(|v| format!("{v:.4}")));
            row.push(format!(
                "{:.4}",
                d.needs.iter().map(|&v| f64::from(v)).sum::<f64>() / 7.0
            ));
            row.push(format!("{:.4}", d.consent));
            row.push(format!("{:.4}", d.legitimacy));
            row.push(d.deaths.to_string());
            row.push(d.displaced.to_string());
            row.push(format!("{:.4}", d.unrest_active));
            row.push(format!("{:.4}", d.unrest_jailed));
            out.push_str(&row.join(","));
            out.push('\n');
        }
    }
    out
}

/// A text field, quoted when it holds a comma, a quote or a line break (quotes doubled).
/// A leading `=`, `+`, `-` or `@` is prefixed with `'` so that a spreadsheet does not run a
/// scenario author's text as a formula.
fn field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("Aldbrook"), "Aldbrook");
        assert_eq!(field("North, East"), "\"North, East\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=cmd()"), "'=cmd()");
    }
}
