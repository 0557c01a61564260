//! The little CSV this module needs (RFC 4180: commas, double quotes, quoted line breaks), with
//! the byte span of every cell so that a problem points at the cell. Written here rather than
//! taken from a crate: designs and results are small, plain tables.

/// One cell: its text (quotes removed) and its byte span in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub span: (usize, usize),
}

/// One record (usually one line): its cells, the line it starts on (1-based) and its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub cells: Vec<Cell>,
    pub line: usize,
    pub span: (usize, usize),
}

/// Splits CSV text into records; an unclosed quote or text after a closing quote is an error at
/// a byte offset.
pub fn records(text: &str) -> Result<Vec<Record>, (usize, String)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    // A byte-order mark is not part of the first cell.
    if text.starts_with('\u{feff}') {
        i = 3;
    }
    while i < bytes.len() {
        let (start, start_line) = (i, line);
        let mut cells = Vec::new();
        loop {
            let cell_start = i;
            let mut value = String::new();
            if bytes.get(i) == Some(&b'"') {
                i += 1;
                loop {
                    match bytes.get(i) {
                        None => {
                            return Err((cell_start, "a quoted cell is not closed".to_string()));
                        }
                        Some(b'"') if bytes.get(i + 1) == Some(&b'"') => {
                            value.push('"');
                            i += 2;
                        }
                        Some(b'"') => {
                            i += 1;
                            break;
                        }
                        Some(_) => {
                            let ch = text[i..].chars().next().expect("in bounds");
                            if ch == '\n' {
                                line += 1;
                            }
                            value.push(ch);
                            i += ch.len_utf8();
                        }
                    }
                }
                if !matches!(bytes.get(i), None | Some(b',' | b'\n' | b'\r')) {
                    return Err((i, "text after a closing quote".to_string()));
                }
            } else {
                let end = text[i..]
                    .find([',', '\n', '\r'])
                    .map_or(bytes.len(), |k| i + k);
                value.push_str(&text[i..end]);
                i = end;
            }
            cells.push(Cell {
                text: value,
                span: (
                    cell_start,
                    i.max(cell_start + 1).min(bytes.len().max(cell_start)),
                ),
            });
            match bytes.get(i) {
                Some(b',') => i += 1,
                _ => break,
            }
        }
        let end = i;
        if bytes.get(i) == Some(&b'\r') {
            i += 1;
        }
        if bytes.get(i) == Some(&b'\n') {
            i += 1;
            line += 1;
        }
        out.push(Record {
            cells,
            line: start_line,
            span: (start, end.max(start)),
        });
    }
    Ok(out)
}

/// A cell as CSV writes it: quoted when it holds a comma, a quote or a line break.
pub fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_cells_commas_and_line_breaks_read_back() {
        let text = "a,b\n\"x, \"\"y\"\"\",2\r\n\"two\nlines\",\n";
        let r = records(text).expect("valid");
        assert_eq!(r.len(), 3);
        assert_eq!(r[1].cells[0].text, "x, \"y\"");
        assert_eq!(r[1].line, 2);
        assert_eq!(r[2].cells[0].text, "two\nlines");
        assert_eq!(r[2].cells[1].text, "");
        assert_eq!(r[2].line, 3);
        for s in ["plain", "a,b", "say \"hi\"", " pad", "x\ny"] {
            let back = records(&format!("{}\n", quote(s))).expect("quoted");
            assert_eq!(back[0].cells[0].text, s);
        }
        assert!(records("\"open").is_err());
        assert!(records("\"a\"b,c").is_err());
    }
}
