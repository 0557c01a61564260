//! Line charts as inline SVG, for the report: one value per turn, axes with ticks and labels,
//! and dashed marks at the turns worth pointing at (decision points, bookmarks). Plain SVG, no
//! script, so the report opens anywhere, offline, and prints.

use super::esc;
use std::fmt::Write;

const WIDTH: f64 = 460.0;
const HEIGHT: f64 = 230.0;
const LEFT: f64 = 58.0;
const RIGHT: f64 = 14.0;
const TOP: f64 = 30.0;
const BOTTOM: f64 = 44.0;

/// A line to draw: its name (for the legend), values per turn, and colour.
pub struct Line<'a> {
    pub name: &'a str,
    pub values: &'a [f64],
    pub colour: &'a str,
}

/// A chart of one or more lines over turns `turns[i]`, titled, with `y_label` on the vertical
/// axis and a dashed vertical mark with a tooltip at each of `marks`.
pub fn line_chart(
    title: &str,
    y_label: &str,
    turns: &[u32],
    lines: &[Line],
    marks: &[(u32, String)],
) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{t}"><title>{t}</title>"#,
        t = esc(title)
    );
    let _ = write!(
        s,
        r#"<text x="{}" y="18" class="ct">{}</text>"#,
        LEFT,
        esc(title)
    );
    let (x0, x1) = (
        f64::from(*turns.first().unwrap_or(&0)),
        f64::from(*turns.last().unwrap_or(&1)).max(f64::from(*turns.first().unwrap_or(&0)) + 1.0),
    );
    let all = lines.iter().flat_map(|l| l.values.iter().copied());
    let (lo, hi) = all.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    let (lo, hi) = if lo.is_finite() { (lo, hi) } else { (0.0, 1.0) };
    let (ticks, y0, y1) = nice_ticks(lo, hi);
    let px = |t: f64| LEFT + (t - x0) / (x1 - x0) * (WIDTH - LEFT - RIGHT);
    let py = |v: f64| HEIGHT - BOTTOM - (v - y0) / (y1 - y0) * (HEIGHT - TOP - BOTTOM);
    // Grid and y ticks.
    for &v in &ticks {
        let y = py(v);
        let _ = write!(
            s,
            r#"<line x1="{LEFT}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" class="grid"/><text x="{:.1}" y="{:.1}" class="tick" text-anchor="end">{}</text>"#,
            WIDTH - RIGHT,
            LEFT - 6.0,
            y + 4.0,
            fmt_tick(v)
        );
    }
    // X ticks: every turn up to 20 turns, else every k-th.
    let step = turns.len().div_ceil(20).max(1);
    for t in turns.iter().step_by(step) {
        let x = px(f64::from(*t));
        let _ = write!(
            s,
            r#"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}" class="axis"/><text x="{x:.1}" y="{:.1}" class="tick" text-anchor="middle">{t}</text>"#,
            HEIGHT - BOTTOM,
            HEIGHT - BOTTOM + 4.0,
            HEIGHT - BOTTOM + 16.0
        );
    }
    // Axes and their labels.
    let _ = write!(
        s,
        r#"<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{b:.1}" class="axis"/><line x1="{LEFT}" y1="{b:.1}" x2="{r:.1}" y2="{b:.1}" class="axis"/><text x="{cx:.1}" y="{:.1}" class="label" text-anchor="middle">turn</text><text transform="translate(14 {cy:.1}) rotate(-90)" class="label" text-anchor="middle">{}</text>"#,
        HEIGHT - 8.0,
        esc(y_label),
        b = HEIGHT - BOTTOM,
        r = WIDTH - RIGHT,
        cx = (LEFT + WIDTH - RIGHT) / 2.0,
        cy = (TOP + HEIGHT - BOTTOM) / 2.0,
    );
    for (t, why) in marks {
        let x = px(f64::from(*t));
        if !(LEFT..=WIDTH - RIGHT).contains(&x) {
            continue;
        }
        let _ = write!(
            s,
            r#"<line x1="{x:.1}" y1="{TOP}" x2="{x:.1}" y2="{:.1}" class="mark"><title>turn {t}: {}</title></line>"#,
            HEIGHT - BOTTOM,
            esc(why)
        );
    }
    for (i, line) in lines.iter().enumerate() {
        let points: Vec<String> = turns
            .iter()
            .zip(line.values)
            .map(|(t, v)| format!("{:.1},{:.1}", px(f64::from(*t)), py(*v)))
            .collect();
        let _ = write!(
            s,
            r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="2"><title>{}</title></polyline>"#,
            points.join(" "),
            esc(line.colour),
            esc(line.name)
        );
        if lines.len() > 1 {
            let y = TOP + 4.0 + 14.0 * i as f64;
            let _ = write!(
                s,
                r#"<rect x="{:.1}" y="{:.1}" width="10" height="3" fill="{}"/><text x="{:.1}" y="{:.1}" class="tick">{}</text>"#,
                WIDTH - RIGHT - 120.0,
                y,
                esc(line.colour),
                WIDTH - RIGHT - 106.0,
                y + 4.0,
                esc(line.name)
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// Round tick values covering `lo..=hi`: about five steps of 1, 2 or 5 × 10^k, and the axis
/// range they span. A flat series gets a range around its value.
pub fn nice_ticks(lo: f64, hi: f64) -> (Vec<f64>, f64, f64) {
    let (lo, hi) = if (hi - lo).abs() < 1e-12 {
        if lo == 0.0 {
            (0.0, 1.0)
        } else {
            (lo - lo.abs() * 0.1, hi + hi.abs() * 0.1)
        }
    } else {
        (lo, hi)
    };
    let raw = (hi - lo) / 5.0;
    let mag = 10f64.powi(raw.log10().floor() as i32);
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let start = (lo / step).floor() * step;
    let end = (hi / step).ceil() * step;
    let mut ticks = Vec::new();
    let mut v = start;
    while v <= end + step * 1e-9 && ticks.len() < 50 {
        ticks.push(if v.abs() < step * 1e-9 { 0.0 } else { v });
        v += step;
    }
    (ticks, start, end.max(start + step))
}

/// A tick label: integers plainly, else as few decimals as the value needs (up to 3).
fn fmt_tick(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_cover_the_range_in_round_steps() {
        let (t, a, b) = nice_ticks(3.2, 87.9);
        assert_eq!(t, vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!((a, b), (0.0, 100.0));
        let (t, _, _) = nice_ticks(0.41, 0.47);
        assert!(
            t.len() >= 4 && t[0] <= 0.41 && *t.last().unwrap() >= 0.47,
            "{t:?}"
        );
        let (t, a, b) = nice_ticks(0.0, 0.0);
        assert!(a <= 0.0 && b >= 1.0 && !t.is_empty());
    }

    #[test]
    fn a_chart_escapes_its_texts_and_has_axes() {
        let svg = line_chart(
            "A <b>",
            "y & z",
            &[0, 1, 2],
            &[Line {
                name: "n\"",
                values: &[1.0, 2.0, 1.5],
                colour: "#123456",
            }],
            &[(1, "<script>".into())],
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("A &lt;b&gt;") && svg.contains("y &amp; z"));
        assert!(!svg.contains("<script>") && !svg.contains("<b>"));
        assert!(svg.contains("<polyline") && svg.contains(">turn<"));
    }
}
