//! Problems found in a file people hand around, and how they are shown: `file:line:col`, the line
//! with the spot marked, and a hint saying what to do. Rendering goes through `miette`.

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode,
};
use std::fmt;

/// One thing wrong with an input file.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Where in the data structure, e.g. `infrastructure[3].depends_on[0]` (empty for syntax errors).
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// Byte span in the file, when known.
    pub span: Option<(usize, usize)>,
}

impl Problem {
    /// A problem at a path, located later from the file's text.
    pub fn at(path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            path: path.into(),
            message: message.into(),
            hint: None,
            span: None,
        }
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Problem {
        self.hint = Some(hint.into());
        self
    }
}

/// Everything wrong with one file; never empty.
#[derive(Debug, Clone)]
pub struct FileError {
    pub file: String,
    pub text: String,
    pub problems: Vec<Problem>,
}

impl FileError {
    /// A file-level problem with no text to point into (unreadable, too large, not UTF-8).
    pub fn whole(file: &str, problem: Problem) -> FileError {
        FileError {
            file: file.to_string(),
            text: String::new(),
            problems: vec![problem],
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        line_col(&self.text, offset)
    }

    /// `file:line:col` of a problem, or just the file when it has no span.
    pub fn location(&self, problem: &Problem) -> String {
        match problem.span {
            Some((start, _)) => {
                let (l, c) = self.line_col(start);
                format!("{}:{l}:{c}", self.file)
            }
            None => self.file.clone(),
        }
    }

    /// Renders every problem for a terminal; `color` adds ANSI colours. At most
    /// [`MAX_PROBLEMS_SHOWN`] problems are drawn (then a count of the rest), and a problem on a
    /// long line shows a window of that line, so the output stays small whatever the file.
    pub fn render(&self, color: bool) -> String {
        let n = self.problems.len();
        let mut out = self.render_each(color);
        out.push_str(&format!(
            "{}: {n} problem{}\n",
            self.file,
            if n == 1 { "" } else { "s" }
        ));
        out
    }

    /// Renders the problems as warnings on a scenario that is valid (`cimic validate`'s advice):
    /// drawn like errors, and counted as warnings.
    pub fn render_warnings(&self, color: bool) -> String {
        let n = self.problems.len();
        let mut out = self.render_each(color);
        out.push_str(&format!(
            "{}: {n} warning{} (the scenario is valid)\n",
            self.file,
            if n == 1 { "" } else { "s" }
        ));
        out
    }

    /// Every problem drawn, without the closing count.
    fn render_each(&self, color: bool) -> String {
        // Control characters in the file are drawn masked: a file cannot drive the terminal.
        if let std::borrow::Cow::Owned(text) = crate::names::mask_controls(&self.text) {
            let masked = FileError {
                text,
                ..self.clone()
            };
            return masked.render_each(color);
        }
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_context_lines(1)
            .with_width(100);
        let source = NamedSource::new(self.file.clone(), self.text.clone());
        let mut out = String::new();
        for p in self.problems.iter().take(MAX_PROBLEMS_SHOWN) {
            // A message may quote a value from the file, which may be a megabyte long.
            let header = format!("{}: {}", self.location(p), describe(p));
            let header = crate::names::visible(&header);
            let header = crate::names::clipped(&header, MAX_MESSAGE_CHARS).into_owned();
            if let Some((start, _)) = p.span.filter(|_| self.near_long_line(p)) {
                out.push_str(&self.windowed(&header, p, start));
                continue;
            }
            let report = Report {
                header,
                problem: p,
                source: &source,
            };
            if handler.render_report(&mut out, &report).is_err() {
                out.push_str(&report.header);
                out.push('\n');
            }
        }
        let n = self.problems.len();
        if n > MAX_PROBLEMS_SHOWN {
            out.push_str(&format!(
                "… and {} more problems not shown (fix the first ones and run again)\n",
                n - MAX_PROBLEMS_SHOWN
            ));
        }
        out
    }

    /// Whether the problem's line or a context line beside it is too long to draw whole.
    fn near_long_line(&self, p: &Problem) -> bool {
        let Some((start, _)) = p.span else {
            return false;
        };
        let start = floor_char_boundary(&self.text, start.min(self.text.len()));
        let line_start = self.text[..start].rfind('\n').map_or(0, |i| i + 1);
        let before = self.text[..line_start.saturating_sub(1)]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let after = self.text[start..]
            .match_indices('\n')
            .nth(1)
            .map_or(self.text.len(), |(i, _)| start + i);
        self.text[before..after]
            .split('\n')
            .any(|l| l.len() > MAX_LINE_DRAWN)
    }

    /// A problem on a long line: the header, a window of the line around the spot with a caret
    /// under it, and the hint.
    fn windowed(&self, header: &str, p: &Problem, start: usize) -> String {
        let start = floor_char_boundary(&self.text, start.min(self.text.len()));
        let line_start = self.text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        let from =
            floor_char_boundary(&self.text, start.saturating_sub(WINDOW / 2).max(line_start));
        let to = floor_char_boundary(&self.text, (start + WINDOW / 2).min(line_end));
        let lead = if from > line_start { "…" } else { "" };
        let tail = if to < line_end { "…" } else { "" };
        let caret = lead.chars().count() + self.text[from..start].chars().count();
        let mut out = format!(
            "× {header}\n  │ {lead}{}{tail}\n  │ {}^ here\n",
            &self.text[from..to],
            " ".repeat(caret)
        );
        if let Some(h) = &p.hint {
            let h = crate::names::clipped(h, MAX_MESSAGE_CHARS);
            out.push_str(&format!("  help: {}\n", crate::names::visible(&h)));
        }
        out.push('\n');
        out
    }
}

/// Problems drawn in full by [`FileError::render`]; the rest are counted.
pub const MAX_PROBLEMS_SHOWN: usize = 50;
/// Longest line drawn whole with its context; a longer one is shown as a window around the spot.
const MAX_LINE_DRAWN: usize = 400;
/// Characters of a problem's header or hint shown; the rest is cut with its length in bytes.
const MAX_MESSAGE_CHARS: usize = 600;
/// Bytes of a long line shown around the spot.
const WINDOW: usize = 120;

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

impl std::error::Error for FileError {}

fn describe(p: &Problem) -> String {
    if p.path.is_empty() {
        p.message.clone()
    } else {
        format!("{}: {}", p.path, p.message)
    }
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// Byte offset of a 1-based line and character column, clamped into the text.
pub fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let within: usize = l
                .char_indices()
                .nth(col.saturating_sub(1))
                .map_or(l.len(), |(b, _)| b);
            return (offset + within).min(text.len());
        }
        offset += l.len();
    }
    text.len()
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

struct Report<'a> {
    header: String,
    problem: &'a Problem,
    source: &'a NamedSource<String>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.header)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.header)
    }
}

impl std::error::Error for Report<'_> {}

impl Diagnostic for Report<'_> {
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.problem.span.map(|_| self.source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (start, end) = self.problem.span?;
        let len = end.saturating_sub(start).min(200);
        Some(Box::new(std::iter::once(LabeledSpan::new(
            Some("here".to_string()),
            start,
            len,
        ))))
    }

    fn help(&self) -> Option<Box<dyn fmt::Display + '_>> {
        self.problem.hint.as_ref().map(|h| {
            let h = crate::names::clipped(h, MAX_MESSAGE_CHARS);
            Box::new(crate::names::visible(&h).into_owned()) as Box<dyn fmt::Display>
        })
    }
}

/// Longest name [`did_you_mean`] looks for a near miss of (ids are at most 64 characters).
const MAX_SUGGESTED_LEN: usize = 256;

/// The closest of `candidates` to `name`, if one is close enough to be a likely typo. Only
/// names that could be written back as they are (letters, digits, `_` and `-`) are suggested:
/// an invalid id such as `st ay`, already reported where it is declared, is never recommended.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    // No id is longer than 64 characters: a much longer name is no typo, and comparing it with
    // every candidate would cost seconds for a megabyte-long one.
    if name.len() > MAX_SUGGESTED_LEN {
        return None;
    }
    let mut best: Option<(f64, &str)> = None;
    let writable = |c: &str| {
        !c.is_empty()
            && c.len() <= MAX_SUGGESTED_LEN
            && c.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    };
    for c in candidates.into_iter().filter(|c| writable(c)) {
        let score = strsim::jaro_winkler(&name.to_lowercase(), &c.to_lowercase());
        if score > 0.8 && best.is_none_or(|(s, b)| score > s || (score == s && c < b)) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let t = "ab\nçd\nef";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, 5), (2, 2)); // after the two-byte ç
        assert_eq!(offset_of(t, 2, 2), 5);
        assert_eq!(offset_of(t, 9, 9), t.len());
    }

    #[test]
    fn suggestions_pick_the_nearest_name() {
        let c = ["power_plant", "water_plant", "hospital"];
        assert_eq!(did_you_mean("pwr_plant", c).as_deref(), Some("power_plant"));
        assert_eq!(did_you_mean("zzz", c), None);
        // An invalid id is not recommended back, however close.
        assert_eq!(did_you_mean("stay", ["st ay", "evacuate"]), None);
    }
}
