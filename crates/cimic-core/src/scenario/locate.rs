//! Maps a value's path in a RON document (`infrastructure[3].depends_on[0]`) to where it is
//! written, so that semantic problems found after deserialising can still point at a line and
//! column. serde drops spans; re-scanning the (already valid) text is cheaper than carrying them.
//!
//! The scanner never panics: on text it does not understand it stops and returns what it found.

use std::collections::BTreeMap;

/// Byte spans of every value in a RON document, by path.
#[derive(Debug, Default, Clone)]
pub struct SpanIndex {
    spans: BTreeMap<String, (usize, usize)>,
}

impl SpanIndex {
    /// Scans `text` and records the span of every value it contains.
    pub fn build(text: &str) -> SpanIndex {
        let tokens = tokenize(text);
        let mut scanner = Scanner {
            text,
            tokens: &tokens,
            pos: 0,
            spans: BTreeMap::new(),
            depth: 0,
        };
        scanner.value(String::new());
        SpanIndex {
            spans: scanner.spans,
        }
    }

    /// The span of the value at exactly `path`, or `None` when the text does not write it (the
    /// editor must not mistake a parent's span for a defaulted field's when it splices).
    pub fn exact(&self, path: &str) -> Option<(usize, usize)> {
        self.spans.get(path).copied()
    }

    /// Every path the text writes, for listing a struct's fields.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.spans.keys().map(String::as_str)
    }

    /// The span `(start, end)` of the value at `path`, or of its nearest written ancestor
    /// (a defaulted field has no text of its own, but its parent does).
    pub fn find(&self, path: &str) -> Option<(usize, usize)> {
        let mut p = path;
        loop {
            if let Some(s) = self.spans.get(p) {
                return Some(*s);
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        }
    }
}

/// A token of RON as the scanner (and [`super::syntax`]'s bracket check) sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Tok {
    Open(char),
    Close(char),
    Comma,
    Colon,
    /// Identifier, number, string or char literal.
    Atom,
    Ident,
}

/// The tokens of `text` with their byte spans; comments and whitespace are skipped, strings
/// are single atoms (so brackets inside them do not count).
pub(super) fn tokenize(text: &str) -> Vec<(Tok, usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if let Some(n) = whitespace_len(text, i) {
            i += n;
            continue;
        }
        match c {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let mut depth = 0usize;
                while i < b.len() {
                    if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                        depth += 1;
                        i += 2;
                    } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                        depth = depth.saturating_sub(1);
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
            }
            b'(' | b'[' | b'{' => {
                out.push((Tok::Open(c as char), i, i + 1));
                i += 1;
            }
            b')' | b']' | b'}' => {
                out.push((Tok::Close(c as char), i, i + 1));
                i += 1;
            }
            b',' => {
                out.push((Tok::Comma, i, i + 1));
                i += 1;
            }
            b':' => {
                out.push((Tok::Colon, i, i + 1));
                i += 1;
            }
            b'"' | b'\'' => {
                let start = i;
                i += 1;
                while i < b.len() && b[i] != c {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i = (i + 1).min(b.len());
                out.push((Tok::Atom, start, i));
            }
            b'r' if matches!(b.get(i + 1), Some(b'"') | Some(b'#')) => {
                let start = i;
                i += 1;
                let mut hashes = 0;
                while b.get(i) == Some(&b'#') {
                    hashes += 1;
                    i += 1;
                }
                i += 1; // opening quote
                'raw: while i < b.len() {
                    if b[i] == b'"' && (1..=hashes).all(|k| b.get(i + k) == Some(&b'#')) {
                        i += 1 + hashes;
                        break 'raw;
                    }
                    i += 1;
                }
                out.push((Tok::Atom, start, i.min(b.len())));
            }
            _ => {
                let start = i;
                while i < b.len()
                    && whitespace_len(text, i).is_none()
                    && !matches!(
                        b[i],
                        b'(' | b')' | b'[' | b']' | b'{' | b'}' | b',' | b':' | b'"' | b'\'' | b'/'
                    )
                {
                    i += 1;
                }
                if i == start {
                    i += 1; // a lone '/' or similar: skip it
                    continue;
                }
                let word = &text[start..i];
                let is_ident = word
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphabetic() || c == '_')
                    && !matches!(word, "true" | "false");
                out.push((if is_ident { Tok::Ident } else { Tok::Atom }, start, i));
            }
        }
    }
    out
}

/// The length in bytes of the whitespace character at byte `i` of `text`, if one starts there.
/// Whitespace is what RON skips ([`ron`]'s `is_whitespace_char`): besides space, tab, CR and LF,
/// the vertical tab, form feed, NEL, the left-to-right and right-to-left marks and the Unicode line
/// and paragraph separators. Scanning any of them as part of a word would end the scan there and
/// leave every later problem without a location.
fn whitespace_len(text: &str, i: usize) -> Option<usize> {
    let c = text.get(i..)?.chars().next()?;
    matches!(
        c,
        ' ' | '\t'
            | '\n'
            | '\r'
            | '\x0B'
            | '\x0C'
            | '\u{85}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{2028}'
            | '\u{2029}'
    )
    .then(|| c.len_utf8())
}

struct Scanner<'t> {
    text: &'t str,
    tokens: &'t [(Tok, usize, usize)],
    pos: usize,
    spans: BTreeMap<String, (usize, usize)>,
    depth: usize,
}

impl Scanner<'_> {
    fn peek(&self, k: usize) -> Option<Tok> {
        self.tokens.get(self.pos + k).map(|t| t.0)
    }

    fn start(&self) -> usize {
        self.tokens.get(self.pos).map_or(0, |t| t.1)
    }

    fn last_end(&self) -> usize {
        self.pos
            .checked_sub(1)
            .and_then(|p| self.tokens.get(p))
            .map_or(0, |t| t.2)
    }

    /// Scans one value and records its span under `path`. Returns false on a structural surprise.
    fn value(&mut self, path: String) -> bool {
        self.depth += 1;
        if self.depth > 256 {
            return false;
        }
        let start = self.start();
        let ok = match self.peek(0) {
            Some(Tok::Ident) => {
                let name = self.name_at(self.pos);
                self.pos += 1;
                if self.peek(0) == Some(Tok::Open('(')) {
                    self.group(&path, Some(&name))
                } else {
                    true
                }
            }
            Some(Tok::Atom) => {
                self.pos += 1;
                true
            }
            Some(Tok::Open(_)) => self.group(&path, None),
            _ => false,
        };
        if ok {
            let end = self.last_end();
            self.spans.entry(path).or_insert((start, end));
        }
        self.depth -= 1;
        ok
    }

    /// Scans a bracketed group: struct fields, tuple/list elements or map entries. Positional
    /// contents of a named variant, e.g. `All([..])` or `When(..)`, are recorded as
    /// `path.All`, `path.When` (and `path.Name[i]` for further elements), the paths validation uses.
    fn group(&mut self, path: &str, variant: Option<&str>) -> bool {
        let Some(Tok::Open(open)) = self.peek(0) else {
            return false;
        };
        let close = match open {
            '(' => ')',
            '[' => ']',
            _ => '}',
        };
        self.pos += 1;
        let named =
            open == '(' && self.peek(0) == Some(Tok::Ident) && self.peek(1) == Some(Tok::Colon);
        let mut index = 0usize;
        loop {
            if self.peek(0) == Some(Tok::Close(close)) {
                self.pos += 1;
                return true;
            }
            let child = if named {
                if self.peek(1) != Some(Tok::Colon) {
                    return false;
                }
                let name = self.name_at(self.pos);
                self.pos += 2;
                join_field(path, &name)
            } else if open == '{' {
                // Map entry: key value; index by position.
                if !self.value(format!("{path}{{key{index}}}")) || self.peek(0) != Some(Tok::Colon)
                {
                    return false;
                }
                self.pos += 1;
                format!("{path}[{index}]")
            } else {
                match variant {
                    Some(v) if index == 0 => join_field(path, v),
                    Some(v) => format!("{}[{index}]", join_field(path, v)),
                    None => format!("{path}[{index}]"),
                }
            };
            if !self.value(child) {
                return false;
            }
            index += 1;
            match self.peek(0) {
                Some(Tok::Comma) => self.pos += 1,
                Some(Tok::Close(c)) if c == close => {}
                _ => return false,
            }
        }
    }

    fn name_at(&self, pos: usize) -> String {
        self.tokens
            .get(pos)
            .and_then(|t| self.text.get(t.1..t.2))
            .unwrap_or_default()
            .to_string()
    }
}

fn join_field(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::SpanIndex;

    #[test]
    fn paths_point_at_their_values() {
        let text = r##"Scenario( // comment ( [
    units: [ (id: "a", position: (1, 2)), (id: "b\"(", position: (3, 4)) ],
    /* block /* nested */ */ infra: [(depends_on: ["x", r#"y"#])],
    trigger: AtTurn(3),
)"##;
        let idx = SpanIndex::build(text);
        let at = |p: &str| idx.find(p).map(|(s, e)| &text[s..e]);
        assert_eq!(at("units[1].position"), Some("(3, 4)"));
        assert_eq!(at("units[1].id"), Some("\"b\\\"(\""));
        assert_eq!(at("infra[0].depends_on[1]"), Some("r#\"y\"#"));
        assert_eq!(at("trigger"), Some("AtTurn(3)"));
        assert_eq!(at("trigger.AtTurn"), Some("3"));
        let cond = "(c: All([Not(X(a: 1)), Y(b: \"q\")]))";
        let cidx = SpanIndex::build(cond);
        let cat = |p: &str| cidx.find(p).map(|(s, e)| &cond[s..e]);
        assert_eq!(cat("c.All[1].b"), Some("\"q\""));
        assert_eq!(cat("c.All[0].Not.a"), Some("1"));
        // A defaulted field falls back to its nearest written parent.
        assert_eq!(
            at("units[0].strength"),
            Some(r#"(id: "a", position: (1, 2))"#)
        );
    }
}
