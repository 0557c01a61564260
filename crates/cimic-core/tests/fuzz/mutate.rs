//! The fuzz corpus's mutator: seeded (ChaCha8 keyed by the run's seed and the case number, so a
//! case is reproduced from its number), structural (it aims at variants, ids, lists, numbers,
//! strings and layout rather than random bytes), and bounded (no mutant grows past a few MiB).

use cimic_core::record::frame;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// What kind of file a corpus entry is, which decides how a mutant is checked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    Scenario,
    Orders,
    Record,
}

/// Numbers that are wrong somewhere: negative, NaN, infinite, past u32/i32/f32, tiny.
const NUMBERS: &[&str] = &[
    "NaN",
    "inf",
    "-inf",
    "-1",
    "-0.0",
    "0",
    "1e39",
    "-1e39",
    "1e-46",
    "4294967296",
    "2147483648",
    "-2147483649",
    "18446744073709551616",
    "3.4e38",
    "1.5",
    "99999",
];

/// Characters that have broken locations, terminals or decoders before.
const ODD: &[char] = &[
    '\0', '\u{1b}', '\u{7}', '\u{b}', '\u{c}', '\u{85}', '\u{2028}', '\u{2029}', '\u{200e}',
    '\u{202e}', '\u{feff}', '\r', '\t', 'é', 'ß', '🙂', '"', '\\', '(', ']',
];

/// Case `case` of the run seeded `base`: which corpus file (of `n`), its mutated text, and a
/// description of the mutations for the report.
pub fn mutant<'a>(
    n: usize,
    text_of: impl Fn(usize) -> &'a String,
    base: u64,
    case: u64,
) -> (usize, String, String) {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&base.to_le_bytes());
    key[8..16].copy_from_slice(&case.to_le_bytes());
    let mut rng = ChaCha8Rng::from_seed(key);
    let which = rng.random_range(0..n);
    let original = text_of(which);
    let mut what = Vec::new();
    let framed =
        original.starts_with(|c: char| c.is_ascii_hexdigit()) && original.contains(" Header(");
    let text = if framed && rng.random_bool(0.7) {
        mutate_a_frame(original, &mut rng, &mut what)
    } else {
        let mut t = original.clone();
        for _ in 0..rng.random_range(1..=3) {
            t = mutate(&t, &mut rng, &mut what);
        }
        t
    };
    (which, text, what.join(", then "))
}

/// Mutates one frame's payload and frames it again with a correct checksum, so that the
/// mutation reaches the RON parser and the record's own checks.
fn mutate_a_frame(text: &str, rng: &mut ChaCha8Rng, what: &mut Vec<String>) -> String {
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    let i = rng.random_range(0..lines.len());
    let Ok(payload) = frame::decode(lines[i].trim_end_matches('\n')) else {
        return text.to_string();
    };
    let mut p = payload.to_string();
    for _ in 0..rng.random_range(1..=2) {
        p = mutate(&p, rng, what);
    }
    what.push(format!("in frame {}", i + 1));
    lines[i] = frame::encode(&p.replace('\n', " "));
    lines.concat()
}

/// Byte spans `(start, end)` in a text.
type Spans = Vec<(usize, usize)>;

/// Byte spans of quoted strings, number literals and capitalised words (variants).
fn tokens(text: &str) -> (Spans, Spans, Spans) {
    let b = text.as_bytes();
    let (mut strings, mut numbers, mut variants) = (Vec::new(), Vec::new(), Vec::new());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'"' {
            let s = i;
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(b.len());
            strings.push((s, i));
        } else if c.is_ascii_digit() || (c == b'-' && b.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            let s = i;
            i += 1;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'.' || b[i] == b'-') {
                i += 1;
            }
            numbers.push((s, i));
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let s = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            if c.is_ascii_uppercase() {
                variants.push((s, i));
            }
        } else {
            i += 1;
        }
    }
    (strings, numbers, variants)
}

fn splice(text: &str, (s, e): (usize, usize), with: &str) -> String {
    format!("{}{with}{}", &text[..s], &text[e.min(text.len())..])
}

fn boundary(text: &str, rng: &mut ChaCha8Rng) -> usize {
    let mut i = rng.random_range(0..=text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One structural mutation of `text`, described in `what`.
fn mutate(text: &str, rng: &mut ChaCha8Rng, what: &mut Vec<String>) -> String {
    let (strings, numbers, variants) = tokens(text);
    let pick = |v: &Vec<(usize, usize)>, rng: &mut ChaCha8Rng| v[rng.random_range(0..v.len())];
    match rng.random_range(0..11) {
        0 if variants.len() > 1 => {
            let (a, b) = (pick(&variants, rng), pick(&variants, rng));
            what.push(format!(
                "variant {:?} -> {:?}",
                &text[a.0..a.1],
                &text[b.0..b.1]
            ));
            splice(text, a, &text[b.0..b.1])
        }
        1 if strings.len() > 1 => {
            let (a, b) = (pick(&strings, rng), pick(&strings, rng));
            what.push(format!("string at {} duplicated from {}", a.0, b.0));
            splice(text, a, &text[b.0..b.1])
        }
        2 if !strings.is_empty() => {
            // A dependency cycle or a self-reference: an id into a list of ids.
            let id = text[pick(&strings, rng).0..]
                .split('"')
                .nth(1)
                .unwrap_or("")
                .to_string();
            let lists: Vec<usize> = text.match_indices(": [\"").map(|(i, _)| i + 3).collect();
            if lists.is_empty() {
                return text.to_string();
            }
            let at = lists[rng.random_range(0..lists.len())];
            what.push(format!("id {id:?} added to the list at {at}"));
            splice(text, (at, at), &format!("\"{id}\", "))
        }
        3 if !numbers.is_empty() => {
            let n = pick(&numbers, rng);
            let with = NUMBERS[rng.random_range(0..NUMBERS.len())];
            what.push(format!("number {:?} -> {with}", &text[n.0..n.1]));
            splice(text, n, with)
        }
        4 if !strings.is_empty() => {
            let s = pick(&strings, rng);
            let len = rng.random_range(1_000..400_000);
            let c = ODD[rng.random_range(0..ODD.len())];
            let fill: String = if c == '"' || c == '\\' {
                "x".repeat(len)
            } else {
                c.to_string().repeat(len)
            };
            what.push(format!("string at {} -> {len} × {c:?}", s.0));
            splice(text, s, &format!("\"{fill}\""))
        }
        5 => {
            let at = boundary(text, rng);
            let c = ODD[rng.random_range(0..ODD.len())];
            let k = rng.random_range(1..=3);
            what.push(format!("{k} × {c:?} inserted at {at}"));
            splice(text, (at, at), &c.to_string().repeat(k))
        }
        6 => {
            // One line, comments dropped, padded past 64 KiB where needed.
            let mut one: String = text
                .lines()
                .map(|l| match l.find("// ") {
                    Some(i) if l[..i].matches('"').count() % 2 == 0 => &l[..i],
                    _ => l,
                })
                .collect::<Vec<_>>()
                .join(" ");
            if one.len() < 70_000 {
                let at = one.find('(').map_or(0, |i| i + 1);
                one.insert_str(at, &" ".repeat(70_000 - one.len()));
            }
            what.push(format!("minified to one line of {} bytes", one.len()));
            one
        }
        7 => {
            let at = boundary(text, rng);
            what.push(format!("truncated at {at}"));
            text[..at].to_string()
        }
        8 | 9 => {
            let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
            if lines.is_empty() {
                return text.to_string();
            }
            let i = rng.random_range(0..lines.len());
            if rng.random_bool(0.5) {
                lines.remove(i);
                what.push(format!("line {} deleted", i + 1));
            } else {
                lines.insert(i, lines[i]);
                what.push(format!("line {} duplicated", i + 1));
            }
            lines.concat()
        }
        _ => {
            let (a, b) = (boundary(text, rng), boundary(text, rng));
            let (a, b) = (a.min(b), a.max(b));
            let Some(ca) = text[a..].chars().next() else {
                return text.to_string();
            };
            let Some(cb) = text[b..].chars().next() else {
                return text.to_string();
            };
            if a + ca.len_utf8() > b {
                return text.to_string();
            }
            what.push(format!("chars at {a} and {b} swapped"));
            format!(
                "{}{cb}{}{ca}{}",
                &text[..a],
                &text[a + ca.len_utf8()..b],
                &text[b + cb.len_utf8()..]
            )
        }
    }
}
