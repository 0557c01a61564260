//! The framing shared by records and journals: one frame per line,
//! `LLLLLLLL CCCCCCCCCCCCCCCC PAYLOAD`, where `L` is the payload's length in bytes (8 hex
//! digits), `C` the first 64 bits of its BLAKE3 hash (16 hex digits) and the payload one line of
//! RON. A write torn by a crash leaves a last line whose length or checksum does not match; it is
//! dropped with a warning, and every complete frame before it is kept.

use std::fmt;

/// Why a line is not a complete frame.
#[derive(Debug, Clone, PartialEq)]
pub enum FrameError {
    /// Too short, or the length/checksum fields are not hex.
    Malformed,
    /// The payload is not as long as the frame says (a torn write).
    Length { said: usize, found: usize },
    /// The payload's hash is not the one written (torn or edited).
    Checksum,
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameError::Malformed => write!(f, "not a frame (expected `length checksum payload`)"),
            FrameError::Length { said, found } => {
                write!(f, "the frame says {said} bytes but holds {found}")
            }
            FrameError::Checksum => write!(f, "the checksum does not match the payload"),
        }
    }
}

fn checksum(payload: &str) -> String {
    blake3::hash(payload.as_bytes()).as_bytes()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Bytes before a frame's payload on its line: 8 hex digits of length, a space, 16 of checksum,
/// a space. An error found in a payload is located in the file by adding this to its column.
pub const PAYLOAD_OFFSET: usize = 8 + 1 + 16 + 1;

/// Frames a one-line payload (with its newline).
pub fn encode(payload: &str) -> String {
    debug_assert!(!payload.contains('\n'));
    format!("{:08x} {} {payload}\n", payload.len(), checksum(payload))
}

/// The payload of one line (without its newline), if the line is a complete frame.
pub fn decode(line: &str) -> Result<&str, FrameError> {
    let (len, rest) = line.split_once(' ').ok_or(FrameError::Malformed)?;
    let (sum, payload) = rest.split_once(' ').ok_or(FrameError::Malformed)?;
    if len.len() != 8 || sum.len() != 16 {
        return Err(FrameError::Malformed);
    }
    let said = usize::from_str_radix(len, 16).map_err(|_| FrameError::Malformed)?;
    if said != payload.len() {
        return Err(FrameError::Length {
            said,
            found: payload.len(),
        });
    }
    if checksum(payload) != sum {
        return Err(FrameError::Checksum);
    }
    Ok(payload)
}

/// The complete frames of a file as (line number, payload), and what a torn tail held.
pub type Split<'a> = (Vec<(usize, &'a str)>, Option<String>);

/// Splits a file into frame payloads. A bad last line (no newline after it, or not a complete
/// frame) is a torn tail: returned separately, not an error. A bad line before the end is an
/// error with its 1-based line number.
pub fn split(text: &str) -> Result<Split<'_>, (usize, FrameError)> {
    let mut out = Vec::new();
    let mut lines: Vec<&str> = text.split('\n').collect();
    // A complete file ends with a newline, which leaves one empty piece at the end.
    let tail = lines.pop().filter(|t| !t.is_empty());
    let count = lines.len();
    let mut torn = tail.map(|t| format!("an unfinished last line of {} bytes", t.len()));
    for (i, line) in lines.into_iter().enumerate() {
        match decode(line) {
            Ok(p) => out.push((i + 1, p)),
            Err(e) if i + 1 == count && torn.is_none() => {
                torn = Some(format!("a damaged last frame (line {}: {e})", i + 1));
            }
            Err(e) => return Err((i + 1, e)),
        }
    }
    Ok((out, torn))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_torn_tails_are_dropped() {
        let text = format!("{}{}", encode("Header(1)"), encode("Turn(2)"));
        assert_eq!(text.find("Header"), Some(PAYLOAD_OFFSET));
        let (frames, torn) = split(&text).unwrap();
        assert_eq!(frames, vec![(1, "Header(1)"), (2, "Turn(2)")]);
        assert!(torn.is_none());
        // Cut anywhere inside the second frame: the first survives, the tail is reported.
        for cut in text.find('\n').unwrap() + 1..text.len() - 1 {
            let (frames, torn) = split(&text[..cut]).unwrap();
            assert_eq!(frames.len(), 1, "cut at {cut}");
            assert!(torn.is_some() || cut == text.find('\n').unwrap() + 1);
        }
        // An edited payload in the middle is an error, not a torn tail.
        let edited = text.replacen("Header(1)", "Header(7)", 1);
        assert_eq!(split(&edited), Err((1, FrameError::Checksum)));
    }
}
