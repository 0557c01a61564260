//! Reading RON files people hand around (scenarios, order files) into typed data, turning every
//! syntax or type error into a [`Problem`] with a location and a hint. Never panics, whatever the bytes.

use super::diag::{FileError, Problem, did_you_mean, offset_of};
use super::locate::SpanIndex;
use ron::error::{Error as RonError, SpannedError};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Largest input file accepted, in bytes; bigger files are refused before parsing.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;

/// Nesting depth accepted in a file (conditions nest; nothing sensible needs more).
const RECURSION_LIMIT: usize = 64;

/// Reads a file into a string with the file-level checks (exists, size, UTF-8).
pub fn read_text(path: &Path) -> Result<String, FileError> {
    text_from_bytes(&path.display().to_string(), read_bytes(path)?)
}

/// The bytes of a file, with the checks of [`read_text`] (a regular file, within the size
/// limit, read through a bounded reader) but no decoding: records and journals decide for
/// themselves what an undecodable torn tail means.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, FileError> {
    read_bytes_within(path, MAX_FILE_BYTES as u64)
}

/// [`read_bytes`] with another size limit: records and journals embed a whole scenario and grow
/// each turn, so they are read up to
/// [`MAX_RECORD_BYTES`](super::validate::budget::MAX_RECORD_BYTES), the size validation keeps
/// every game's record under.
pub fn read_bytes_within(path: &Path, limit: u64) -> Result<Vec<u8>, FileError> {
    use std::io::Read;
    let name = path.display().to_string();
    let unreadable = |e: std::io::Error| {
        FileError::whole(
            &name,
            Problem::at("", format!("cannot read the file: {e}"))
                .hint("check the path and that you may read the file"),
        )
    };
    // Refuse before reading: a FIFO would block for ever, a device never end, a huge file fill
    // memory. The size is checked again while reading, in case the file grows meanwhile.
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a directory"
        } else {
            "not a regular file (a pipe, socket or device)"
        };
        return Err(FileError::whole(
            &name,
            Problem::at("", format!("cannot read the file: it is {what}"))
                .hint("give the path of a scenario, orders, record or journal file"),
        ));
    }
    if meta.len() > limit {
        return Err(too_large(&name, meta.len(), limit));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
        .map_err(unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(&name, bytes.len() as u64, limit));
    }
    Ok(bytes)
}

/// The file is over the size limit.
fn too_large(name: &str, bytes: u64, limit: u64) -> FileError {
    FileError::whole(
        name,
        Problem::at("", format!("the file is {bytes} bytes; the limit is {limit}")).hint(
            if limit == MAX_FILE_BYTES as u64 {
                "split the scenario or remove generated bulk (terrain can be given by regions)"
            } else {
                "no game this engine records grows this large: the file was appended to, or is not a record"
            },
        ),
    )
}

/// Checks size and encoding of raw bytes.
pub fn text_from_bytes(name: &str, bytes: Vec<u8>) -> Result<String, FileError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large(name, bytes.len() as u64, MAX_FILE_BYTES as u64));
    }
    utf8(name, bytes)
}

/// Decodes bytes already checked for size (records have their own limit).
pub fn utf8(name: &str, bytes: Vec<u8>) -> Result<String, FileError> {
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
        let mut err = FileError::whole(
            name,
            Problem::at("", "the file is not valid UTF-8 text").hint("save the file as UTF-8"),
        );
        err.problems[0].span = Some((good.min(text.len()), (good + 1).min(text.len())));
        err.text = text;
        err
    })
}

/// Parses RON text into `T`; syntax and type errors come back located and explained.
/// `format_doc` names the document that describes the format, for hints.
pub fn parse_ron<T: DeserializeOwned>(
    name: &str,
    text: &str,
    format_doc: &str,
) -> Result<T, FileError> {
    let options = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(RECURSION_LIMIT);
    options.from_str::<T>(text).map_err(|e| FileError {
        file: name.to_string(),
        text: text.to_string(),
        problems: vec![problem_from_ron(text, &e, format_doc)],
    })
}

/// Fills in spans of problems found after parsing, from their paths.
pub fn locate(name: &str, text: &str, mut problems: Vec<Problem>) -> FileError {
    let index = SpanIndex::build(text);
    for p in &mut problems {
        if p.span.is_none() {
            p.span = index.find(&p.path);
        }
    }
    FileError {
        file: name.to_string(),
        text: text.to_string(),
        problems,
    }
}

fn problem_from_ron(text: &str, e: &SpannedError, format_doc: &str) -> Problem {
    let mut start = offset_of(text, e.span.start.line, e.span.start.col);
    // ron's span may begin on the whitespace before the offending value: point at the value.
    let skipped = text[start..].len() - text[start..].trim_start().len();
    if start + skipped < text.len() {
        start += skipped;
    }
    if let Some(better) = super::syntax::refine(text, &e.code, start) {
        return better;
    }
    let mut end = offset_of(text, e.span.end.line, e.span.end.col);
    if end <= start {
        end = (start + 1).min(text.len());
    }
    let (message, hint) = explain(&e.code, format_doc);
    Problem {
        path: String::new(),
        message,
        hint: Some(hint),
        span: Some((start, end.max(start))),
    }
}

fn within(outer: &Option<String>) -> String {
    outer
        .as_ref()
        .map(|o| format!(" in `{o}`"))
        .unwrap_or_default()
}

fn explain(code: &RonError, format_doc: &str) -> (String, String) {
    let see = format!("see {format_doc} for the format");
    let see = see.as_str();
    match code {
        RonError::NoSuchStructField {
            expected,
            found,
            outer,
        } => (
            format!("unknown field `{found}`{}", within(outer)),
            match did_you_mean(found, expected.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("valid fields here: {}", expected.join(", ")),
            },
        ),
        RonError::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => (
            format!("unknown variant `{found}`{}", within(outer)),
            match did_you_mean(found, expected.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("expected one of: {}", expected.join(", ")),
            },
        ),
        RonError::MissingStructField { field, outer } => (
            format!("missing field `{field}`{}", within(outer)),
            format!("add `{field}: …` to this value; {see}"),
        ),
        RonError::DuplicateStructField { field, outer } => (
            format!("field `{field}` given twice{}", within(outer)),
            "remove one of the two".to_string(),
        ),
        RonError::InvalidValueForType { expected, found } => (
            format!("expected {expected}, found {found}"),
            see.to_string(),
        ),
        RonError::ExpectedDifferentLength { expected, found } => (
            format!("expected {expected}, found {found} elements"),
            "positions are written `(col, row)`".to_string(),
        ),
        RonError::Eof => (
            "unexpected end of file".to_string(),
            "a bracket or parenthesis is not closed".to_string(),
        ),
        RonError::ExceededRecursionLimit => (
            format!("nesting deeper than {RECURSION_LIMIT} levels"),
            "flatten nested conditions (All/Any take lists)".to_string(),
        ),
        other => {
            let msg = other.to_string();
            let hint = if msg.contains("integer") || msg.contains("float") {
                "check the number: whole numbers for counts and turns, decimals like 0.5 for levels"
                    .to_string()
            } else if msg.contains("string") {
                "text and ids are written in double quotes: \"like_this\"".to_string()
            } else {
                format!("check the syntax just before this point; {see}")
            };
            (msg, hint)
        }
    }
}
