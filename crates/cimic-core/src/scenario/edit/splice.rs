//! Writing an edited scenario back into its own text: only the values that changed are
//! rewritten, down to single list elements (a moved unit is one line), and everything else —
//! comments, layout, the order of fields — is kept byte for byte. The caller checks that the
//! result parses back to the edited model and falls back to writing the whole file otherwise.

use super::super::locate::SpanIndex;
use crate::scenario::format::Scenario;
use ron::ser::PrettyConfig;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Longest list element written on one line; longer ones are written over several lines.
const ONE_LINE: usize = 110;

/// One replacement of `text[start..end]`.
struct Edit {
    start: usize,
    end: usize,
    with: String,
}

/// Collects the replacements that turn the text of `old` into a text of `new`.
struct Splicer<'t> {
    text: &'t str,
    index: SpanIndex,
    edits: Vec<Edit>,
    /// Set when a change could not be placed in the text (the caller then writes it whole).
    failed: bool,
}

/// The text of `new`, made from `text` (which parses to `old`) by rewriting what differs.
/// `None` when the text's layout is not understood; the caller then serialises the whole file.
pub fn splice(text: &str, old: &Scenario, new: &Scenario) -> Option<String> {
    let mut sp = Splicer {
        text,
        index: SpanIndex::build(text),
        edits: Vec::new(),
        failed: false,
    };
    sp.field("", "format", &old.format, &new.format);
    sp.field("", "meta", &old.meta, &new.meta);
    if old.map != new.map {
        sp.index.exact("map")?;
        let (o, n) = (&old.map, &new.map);
        sp.field("map", "width", &o.width, &n.width);
        sp.field("map", "height", &o.height, &n.height);
        sp.field("map", "terrain", &o.terrain, &n.terrain);
        sp.list("map", "districts", &o.districts, &n.districts);
        sp.list("map", "roads", &o.roads, &n.roads);
        sp.list("map", "rivers", &o.rivers, &n.rivers);
    }
    sp.list("", "sides", &old.sides, &new.sides);
    sp.list("", "units", &old.units, &new.units);
    sp.list("", "population", &old.population, &new.population);
    sp.list("", "actors", &old.actors, &new.actors);
    sp.list(
        "",
        "infrastructure",
        &old.infrastructure,
        &new.infrastructure,
    );
    sp.list("", "events", &old.events, &new.events);
    sp.list("", "objectives", &old.objectives, &new.objectives);
    sp.list("", "decisions", &old.decisions, &new.decisions);
    sp.field("", "unrest", &old.unrest, &new.unrest);
    sp.field("", "scoring", &old.scoring, &new.scoring);
    sp.list("", "lint_allow", &old.lint_allow, &new.lint_allow);
    if sp.failed {
        return None;
    }
    sp.finish()
}

/// The whole scenario as RON, for a new file or when splicing is not possible.
pub fn whole(s: &Scenario) -> String {
    let config = PrettyConfig::new()
        .struct_names(false)
        .compact_arrays(true)
        .indentor("    ");
    let body = ron::ser::to_string_pretty(s, config).unwrap_or_default();
    format!("Scenario{body}\n")
}

/// `value` as RON on one line, or pretty over several lines indented by `indent`.
fn ron_text<T: Serialize>(value: &T, indent: &str, multi_line: bool) -> Option<String> {
    let compact = PrettyConfig::new()
        .struct_names(false)
        .compact_arrays(true)
        .compact_structs(true);
    let one = ron::ser::to_string_pretty(value, compact).ok()?;
    if !multi_line && one.len() <= ONE_LINE {
        return Some(one);
    }
    ron_pretty(value, indent, multi_line)
}

/// A list element on one line without the fields that only repeat their default (the way
/// authors write them: `(id: "e1", side: "blue", kind: Engineer, position: (2, 3))`), or over
/// several lines when that is still long. A field is left out only if the element parses back
/// equal without it.
fn element_text<T: Serialize + DeserializeOwned + PartialEq>(
    value: &T,
    indent: &str,
) -> Option<String> {
    let compact = PrettyConfig::new()
        .struct_names(false)
        .compact_arrays(true)
        .compact_structs(true);
    let mut text = ron::ser::to_string_pretty(value, compact).ok()?;
    let index = SpanIndex::build(&text);
    let mut fields: Vec<(usize, usize)> = index
        .paths()
        .filter(|p| !p.is_empty() && !p.contains(['.', '[', '{']))
        .filter_map(|p| {
            let (s, e) = index.exact(p)?;
            // The field's name starts `name: ` before its value.
            Some((s.checked_sub(p.len() + 2)?, e))
        })
        .collect();
    fields.sort_unstable();
    for &(start, end) in fields.iter().rev() {
        let (cut_start, cut_end) = if text[end..].starts_with(", ") {
            (start, end + 2)
        } else if text[..start].ends_with(", ") {
            (start - 2, end)
        } else {
            continue;
        };
        let shorter = format!("{}{}", &text[..cut_start], &text[cut_end..]);
        let back: Result<T, _> =
            super::super::load::parse_ron("element", &shorter, "docs/scenario-format.md");
        if back.is_ok_and(|b| b == *value) {
            text = shorter;
        }
    }
    if text.len() <= ONE_LINE {
        Some(text)
    } else {
        ron_pretty(value, indent, false)
    }
}

/// `value` over several lines, each after the first indented by `indent` (arrays kept on one
/// line unless `multi_line`, so hex lists stay compact).
fn ron_pretty<T: Serialize>(value: &T, indent: &str, multi_line: bool) -> Option<String> {
    let pretty = PrettyConfig::new()
        .struct_names(false)
        .compact_arrays(!multi_line)
        .indentor("    ")
        .new_line(format!("\n{indent}"));
    ron::ser::to_string_pretty(value, pretty).ok()
}

/// A whole list, one element a line, for a list the text did not have or had empty.
fn list_text<T: Serialize + DeserializeOwned + PartialEq>(
    items: &[T],
    indent: &str,
) -> Option<String> {
    let inner = format!("{indent}    ");
    let mut out = String::from("[\n");
    for item in items {
        out.push_str(&format!("{inner}{},\n", element_text(item, &inner)?));
    }
    out.push_str(indent);
    out.push(']');
    Some(out)
}

impl Splicer<'_> {
    /// The leading whitespace of the line holding byte `at`.
    fn indent_at(&self, at: usize) -> String {
        let line_start = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
        self.text[line_start..]
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect()
    }

    fn path(parent: &str, name: &str) -> String {
        if parent.is_empty() {
            name.to_string()
        } else {
            format!("{parent}.{name}")
        }
    }

    /// A struct field as a whole: rewritten where written, added to its struct where defaulted.
    fn field<T: Serialize + PartialEq>(&mut self, parent: &str, name: &str, old: &T, new: &T) {
        if old == new {
            return;
        }
        let path = Self::path(parent, name);
        match self.index.exact(&path) {
            Some((start, end)) => {
                let indent = self.indent_at(start);
                match ron_text(new, &indent, true) {
                    Some(with) => self.edits.push(Edit { start, end, with }),
                    None => self.failed = true,
                }
            }
            None => self.insert_field(parent, name, new),
        }
    }

    /// Adds `name: value,` as the last field of the struct at `parent`.
    fn insert_field<T: Serialize>(&mut self, parent: &str, name: &str, value: &T) {
        let start = self.index.exact(parent).map_or(0, |s| s.0);
        let indent = format!("{}    ", self.indent_at(start));
        match ron_text(value, &indent, true) {
            Some(text) => self.insert_field_text(parent, name, text),
            None => self.failed = true,
        }
    }

    /// Adds `name: text,` as the last field of the struct at `parent`.
    fn insert_field_text(&mut self, parent: &str, name: &str, value: String) {
        let Some((start, end)) = self.index.exact(parent) else {
            self.failed = true;
            return;
        };
        let tokens = super::super::locate::tokenize(&self.text[start..end]);
        // The last token is the closing parenthesis; the one before decides the comma.
        let Some(&(before, _, before_end)) = tokens.iter().rev().nth(1) else {
            self.failed = true;
            return;
        };
        use super::super::locate::Tok;
        let comma = if matches!(before, Tok::Comma | Tok::Open(_)) {
            ""
        } else {
            ","
        };
        let indent = format!("{}    ", self.indent_at(start));
        let at = start + before_end;
        self.edits.push(Edit {
            start: at,
            end: at,
            with: format!("{comma}\n{indent}{name}: {value},"),
        });
    }

    /// A list, element by element: unchanged elements keep their text (and the comments
    /// between them); changed ones are rewritten, removed ones cut out, new ones added where
    /// they stand in the new list.
    fn list<T: Serialize + DeserializeOwned + PartialEq>(
        &mut self,
        parent: &str,
        name: &str,
        old: &[T],
        new: &[T],
    ) {
        if old == new {
            return;
        }
        let path = Self::path(parent, name);
        let Some(list_span) = self.index.exact(&path) else {
            let indent = format!(
                "{}    ",
                self.indent_at(self.index.exact(parent).unwrap_or_default().0)
            );
            match list_text(new, &indent) {
                Some(text) => self.insert_field_text(parent, name, text),
                None => self.failed = true,
            }
            return;
        };
        let spans: Option<Vec<(usize, usize)>> = (0..old.len())
            .map(|i| self.index.exact(&format!("{path}[{i}]")))
            .collect();
        let Some(spans) = spans else {
            self.failed = true;
            return;
        };
        let (n, m) = (old.len(), new.len());
        let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
        let suffix = old[prefix..]
            .iter()
            .rev()
            .zip(new[prefix..].iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let (old_mid, new_mid) = (prefix..n - suffix, &new[prefix..m - suffix]);
        if n == 0 || (m == 0) {
            let indent = self.indent_at(list_span.0);
            let with = if m == 0 {
                Some("[]".to_string())
            } else {
                list_text(new, &indent)
            };
            match with {
                Some(with) => self.edits.push(Edit {
                    start: list_span.0,
                    end: list_span.1,
                    with,
                }),
                None => self.failed = true,
            }
            return;
        }
        let element_indent = self.indent_at(spans[0].0);
        let multi_line = match spans.get(1) {
            Some(second) => self.text[spans[0].1..second.0].contains('\n'),
            None => self.text[list_span.0..spans[0].0].contains('\n'),
        };
        let sep = if multi_line {
            format!(",\n{element_indent}")
        } else {
            ", ".to_string()
        };
        let items: Option<Vec<String>> = new_mid
            .iter()
            .map(|v| element_text(v, &element_indent))
            .collect();
        let Some(items) = items else {
            self.failed = true;
            return;
        };
        if old_mid.len() == items.len() {
            for (k, i) in old_mid.enumerate() {
                if old[i] != new[i] {
                    let (start, end) = spans[i];
                    let with = items[k].clone();
                    self.edits.push(Edit { start, end, with });
                }
            }
        } else if old_mid.is_empty() {
            let p = old_mid.start;
            let (at, with) = if p < n {
                (spans[p].0, format!("{}{sep}", items.join(&sep)))
            } else {
                (spans[n - 1].1, format!("{sep}{}", items.join(&sep)))
            };
            self.edits.push(Edit {
                start: at,
                end: at,
                with,
            });
        } else if items.is_empty() {
            let (a, b) = (old_mid.start, old_mid.end);
            let (start, end) = if b < n {
                (spans[a].0, spans[b].0)
            } else {
                (spans[a - 1].1, spans[n - 1].1)
            };
            self.edits.push(Edit {
                start,
                end,
                with: String::new(),
            });
        } else {
            let (start, end) = (spans[old_mid.start].0, spans[old_mid.end - 1].1);
            let with = items.join(&sep);
            self.edits.push(Edit { start, end, with });
        }
    }

    /// Applies the replacements, last first so that earlier offsets stay valid.
    fn finish(mut self) -> Option<String> {
        self.edits.sort_by_key(|e| (e.start, e.end));
        let mut out = String::with_capacity(self.text.len());
        let mut at = 0;
        for e in &self.edits {
            if e.start < at {
                return None; // overlapping edits: not expected, refuse rather than guess
            }
            out.push_str(&self.text[at..e.start]);
            out.push_str(&e.with);
            at = e.end;
        }
        out.push_str(&self.text[at..]);
        Some(out)
    }
}
