//! A second look at a RON syntax error before it is shown. The parser reports where it got lost
//! ("Expected comma", "Expected identifier"), which is often not where the author went wrong: a
//! missing `)` is noticed a record later, `20.0` in a whole-number field reads as a missing
//! comma, a `#` comment as a missing field name. Each check here recognises one such mistake from
//! the text around the error and says what it is, where it is, and how to fix it. Every caller of
//! [`super::load::parse_ron`] (scenarios, orders files) gets the same explanations.

use super::diag::{Problem, line_col};
use super::locate::{Tok, tokenize};
use ron::error::Error as RonError;

/// A better explanation of the syntax error `code` found at byte `at` of `text`, if one of the
/// known mistakes fits; `None` leaves the parser's own message.
pub(super) fn refine(text: &str, code: &RonError, at: usize) -> Option<Problem> {
    if is_semantic(code) {
        return None;
    }
    hash_comment(text, code, at)
        .or_else(|| unclosed_text(text, at))
        .or_else(|| orders_given_as_scenario(text, code, at))
        .or_else(|| brackets(text, code, at))
        .or_else(|| not_a_whole_number(text, at))
        .or_else(|| condition_shape(text, at))
}

/// Errors about the data, not the syntax: serde's, which have their own explanations.
fn is_semantic(code: &RonError) -> bool {
    matches!(
        code,
        RonError::NoSuchStructField { .. }
            | RonError::NoSuchEnumVariant { .. }
            | RonError::MissingStructField { .. }
            | RonError::DuplicateStructField { .. }
            | RonError::InvalidValueForType { .. }
            | RonError::ExpectedDifferentLength { .. }
            | RonError::ExceededRecursionLimit
    )
}

fn problem(message: String, hint: String, span: (usize, usize)) -> Problem {
    Problem {
        path: String::new(),
        message,
        hint: Some(hint),
        span: Some(span),
    }
}

/// `# note`: a comment in the style of TOML, YAML or shell, which RON does not have
/// (`#![enable(…)]` at the top of a file is RON's attribute syntax, and is left alone).
fn hash_comment(text: &str, code: &RonError, at: usize) -> Option<Problem> {
    // At the top of a file the parser takes `#` for the start of an attribute and stops after it.
    let at = match code {
        RonError::ExpectedAttribute => text[..at].rfind('#').unwrap_or(at),
        _ => at,
    };
    let rest = text.get(at..)?;
    if !rest.starts_with('#') || rest.starts_with("#![") {
        return None;
    }
    let end = at + rest.find('\n').unwrap_or(rest.len());
    Some(problem(
        "`#` does not start a comment in RON".into(),
        "RON comments are `// to the end of the line` or `/* … */`: write `//` instead of `#`"
            .into(),
        (at, end.max(at + 1)),
    ))
}

/// A text whose closing `"` is missing: it runs on over the next lines, swallowing the fields
/// there, until the next `"` closes it and the parser stops right after. Text may hold line
/// breaks, so this is only said when a syntax error follows a multi-line text directly.
fn unclosed_text(text: &str, at: usize) -> Option<Problem> {
    let tokens = tokenize(&text[..at]);
    let &(tok, start, end) = tokens.last()?;
    let quoted = &text[start..end];
    if tok != Tok::Atom || !quoted.starts_with('"') || !quoted.contains('\n') {
        return None;
    }
    if !text[end..at].trim().is_empty() {
        return None;
    }
    let (line, col) = line_col(text, end.saturating_sub(1));
    let first_line_end = start + quoted.find('\n').unwrap_or(quoted.len());
    Some(problem(
        format!(
            "this text runs on to line {line}, column {col}: its closing `\"` is probably missing"
        ),
        "close the text with `\"` where it ends; a `\"` inside a text is written `\\\"`".into(),
        (start, first_line_end),
    ))
}

/// A list where the scenario's `Scenario(` should begin: an orders file given to a scenario
/// check.
fn orders_given_as_scenario(text: &str, code: &RonError, at: usize) -> Option<Problem> {
    if !matches!(code, RonError::ExpectedNamedStructLike("Scenario"))
        || !text[at..].starts_with('[')
    {
        return None;
    }
    Some(problem(
        "expected a scenario, `Scenario(…)`, but the file holds a list: it looks like an orders file"
            .into(),
        "an orders file is named NAME.orders.ron and lies beside its scenario NAME.ron; \
         `cimic validate NAME.orders.ron` checks it against that scenario"
            .into(),
        (at, at + 1),
    ))
}

/// What a bracket opens, in an author's words.
fn opened(open: char) -> (&'static str, char) {
    match open {
        '(' => ("record", ')'),
        '[' => ("list", ']'),
        _ => ("map", '}'),
    }
}

/// A bracket that is never closed, or closed by the wrong kind, or a closing bracket with no
/// opening one. Reported where the record (or list) begins when the parser's error lies
/// between that beginning and the place the brackets stop pairing up, so the one mistake is
/// not blamed on the record after it.
fn brackets(text: &str, code: &RonError, at: usize) -> Option<Problem> {
    let tokens = tokenize(text);
    let mut stack: Vec<(char, usize, usize)> = Vec::new(); // (bracket, start of record, bracket)
    let mut prev_ident: Option<(usize, usize)> = None;
    for &(tok, start, end) in &tokens {
        match tok {
            Tok::Open(c) => {
                // `Rect(…)`: the record begins at its name.
                let begin = prev_ident
                    .filter(|&(_, e)| e == start)
                    .map_or(start, |(s, _)| s);
                stack.push((c, begin, start));
            }
            Tok::Close(c) => {
                if stack.last().is_some_and(|&(o, ..)| opened(o).1 == c) {
                    stack.pop();
                    continue;
                }
                let matching = stack.iter().rposition(|&(o, ..)| opened(o).1 == c);
                // One `)` too many, rather than a `]` missing: the file holds more `)` than
                // `(`, and as many `]` as `[`.
                let top = stack.last().map(|&(o, ..)| o);
                let extra = surplus(&tokens, c) > 0 && top.is_none_or(|o| surplus(&tokens, o) == 0);
                return match matching.filter(|_| !extra) {
                    Some(k) => {
                        let (open, begin, _) = stack[k + 1];
                        (begin <= at && at <= start).then(|| unclosed(text, open, begin, start))
                    }
                    None => (at <= start && line_col(text, at).0 == line_col(text, start).0)
                        .then(|| stray(c, start, end)),
                };
            }
            _ => {}
        }
        prev_ident = (tok == Tok::Ident).then_some((start, end));
    }
    let &(open, begin, _) = stack.last()?;
    matches!(code, RonError::Eof).then(|| unclosed(text, open, begin, text.len()))
}

/// How many more closing brackets of `bracket`'s kind the file holds than opening ones
/// (negative: fewer).
fn surplus(tokens: &[(Tok, usize, usize)], bracket: char) -> i64 {
    let (open, close) = match bracket {
        '(' | ')' => ('(', ')'),
        '[' | ']' => ('[', ']'),
        _ => ('{', '}'),
    };
    tokens
        .iter()
        .map(|&(t, ..)| match t {
            Tok::Close(c) if c == close => 1,
            Tok::Open(c) if c == open => -1,
            _ => 0,
        })
        .sum()
}

/// The record (or list) beginning at `begin` has no closing bracket; the brackets stopped
/// pairing up at `noticed`.
fn unclosed(text: &str, open: char, begin: usize, noticed: usize) -> Problem {
    let (what, close) = opened(open);
    let (line, col) = line_col(text, noticed);
    let where_ = if noticed >= text.len() {
        "the file ends first".to_string()
    } else {
        format!(
            "a `{}` at line {line}, column {col} comes first",
            &text[noticed..noticed + 1]
        )
    };
    let end = text[begin..]
        .find(open)
        .map_or(begin + 1, |i| begin + i + 1);
    problem(
        format!("the {what} that begins here is not closed: its `{close}` is missing"),
        format!(
            "add the `{close}` where the {what} ends ({where_}); brackets `( )`, `[ ]` and `{{ }}` must pair up"
        ),
        (begin, end),
    )
}

/// A closing bracket that closes nothing.
fn stray(close: char, start: usize, end: usize) -> Problem {
    let open = match close {
        ')' => '(',
        ']' => '[',
        _ => '{',
    };
    problem(
        format!("this `{close}` closes nothing: there is one `{close}` too many"),
        format!(
            "remove it, or add the `{open}` it should close; brackets `( )`, `[ ]` and `{{ }}` must pair up"
        ),
        (start, end),
    )
}

/// `turns: 20.0` in a whole-number field: the parser reads `20`, then stops at `.0` asking for a
/// comma.
fn not_a_whole_number(text: &str, at: usize) -> Option<Problem> {
    let rest = text.get(at..)?;
    let mut chars = rest.chars();
    if chars.next() != Some('.') || !chars.next().is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    let before = &text[..at];
    let start = after_last(before, |c| !c.is_ascii_digit() && c != '_');
    if start == at {
        return None;
    }
    let start = if before[..start].ends_with(['-', '+']) {
        start - 1
    } else {
        start
    };
    let end = at
        + 1
        + rest[1..]
            .find(|c: char| !c.is_ascii_digit() && c != '_')
            .unwrap_or(rest.len() - 1);
    let number = &text[start..end];
    let whole = &text[start..at];
    let field = field_before(text, start)
        .map(|f| format!("`{f}` takes whole numbers"))
        .unwrap_or_else(|| "this value takes a whole number".into());
    Some(problem(
        format!("`{number}` is not a whole number: {field}"),
        format!(
            "write `{whole}`; decimals like 0.5 are for levels and shares, not for counts and turns"
        ),
        (start, end),
    ))
}

/// The byte offset just after the last character of `s` matching `pred` (0 if none does).
fn after_last(s: &str, pred: impl Fn(char) -> bool) -> usize {
    s.char_indices()
        .rfind(|&(_, c)| pred(c))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// The field name written just before the value at `start` (`turns: 20.0` → `turns`).
/// Inside a pair (`position: (3.5, 3)`) it is the pair's field.
fn field_before(text: &str, start: usize) -> Option<&str> {
    let head = text[..start].trim_end();
    // At most one number and the opening parenthesis of a pair stand between value and field.
    let head = match head.strip_suffix(',') {
        Some(h) => h.trim_end_matches(|c: char| c.is_ascii_digit() || "-+_.".contains(c)),
        None => head,
    };
    let head = head.trim_end();
    let head = head.strip_suffix('(').unwrap_or(head).trim_end();
    let head = head.strip_suffix(':')?.trim_end();
    let name_start = after_last(head, |c| !(c.is_alphanumeric() || c == '_'));
    let name = &head[name_start..];
    (!name.is_empty()).then_some(name)
}

/// `Not([a, b])` (a list where one condition goes) or `All(a)` (one condition where a list goes).
fn condition_shape(text: &str, at: usize) -> Option<Problem> {
    let head = text[..at].trim_end().strip_suffix('(')?.trim_end();
    let variant = head
        .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()?;
    let list = text[at..].starts_with('[');
    let span = (head.len() - variant.len(), at + 1);
    match (variant, list) {
        ("Not", true) => Some(problem(
            "`Not` takes one condition, not a list".into(),
            "write `Not(c)`; to negate several, `Not(Any([a, b]))` (none holds) or `Not(All([a, b]))`; \
             `All([…])` and `Any([…])` take a list"
                .into(),
            span,
        )),
        ("All" | "Any", false) => Some(problem(
            format!("`{variant}` takes a list of conditions in brackets"),
            format!("write `{variant}([a, b])`; `Not(c)` takes one condition"),
            span,
        )),
        _ => None,
    }
}
