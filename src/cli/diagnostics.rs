//! How a file's problems are printed: for people (drawn with the source line, on stderr) or,
//! with `--message-format json`, for editors and CI annotations — one JSON object per diagnostic
//! per line on stdout, with the file, the 1-based line and column where it starts and ends, the
//! severity, the message and the help (docs/cli.md, "Diagnostics as JSON").

use super::error::{CliError, CliResult};
use super::output::print_json;
use cimic_core::FileError;
use serde::Serialize;
use std::io::IsTerminal;

/// How diagnostics are printed (`--message-format`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum MessageFormat {
    /// For people: each problem drawn under its source line, on stderr.
    #[default]
    Human,
    /// One JSON object per diagnostic per line, on stdout.
    Json,
}

/// Whether a diagnostic fails the command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a file, 1-based, the column counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// One diagnostic as `--message-format json` prints it. `line`, `column` and `end` are `null`
/// for a problem with the whole file (it cannot be read) or outside any file (a flag).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub end: Option<Position>,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
}

/// The diagnostics of a file's problems, each with `severity`; the `warning: ` that the drawn
/// form starts warnings with is left out (the severity says it).
pub fn of_file(e: &FileError, severity: Severity) -> Vec<Diagnostic> {
    e.problems
        .iter()
        .map(|p| {
            let at = |o: usize| {
                let (line, column) = e.line_col(o);
                Position { line, column }
            };
            let (start, end) = match p.span {
                Some((s, x)) => (Some(at(s)), Some(at(x))),
                None => (None, None),
            };
            Diagnostic {
                file: e.file.clone(),
                line: start.map(|s| s.line),
                column: start.map(|s| s.column),
                end,
                severity,
                message: p
                    .message
                    .strip_prefix("warning: ")
                    .unwrap_or(&p.message)
                    .to_string(),
                help: p.hint.clone(),
            }
        })
        .collect()
}

/// Prints a file's problems in the chosen format: drawn on stderr, or JSON lines on stdout.
pub fn print_file(e: &FileError, severity: Severity, format: MessageFormat) -> CliResult {
    match format {
        MessageFormat::Human => {
            let colour = std::io::stderr().is_terminal();
            let text = match severity {
                Severity::Error => e.render(colour),
                Severity::Warning => e.render_warnings(colour),
            };
            eprint!("{text}");
            Ok(())
        }
        MessageFormat::Json => {
            for d in of_file(e, severity) {
                print_json(&d)?;
            }
            Ok(())
        }
    }
}

/// A command's result with `--message-format json`: its error, if any, printed as diagnostics
/// on stdout and replaced by one that prints nothing more (the exit code stays).
pub fn json_result(result: CliResult, format: MessageFormat) -> CliResult {
    let Err(e) = result else {
        return result;
    };
    if format == MessageFormat::Human {
        return Err(e);
    }
    let diagnostics = match &e {
        CliError::File(f) => of_file(f, Severity::Error),
        CliError::Message {
            place, what, hint, ..
        } => vec![Diagnostic {
            file: place.clone().unwrap_or_default(),
            line: None,
            column: None,
            end: None,
            severity: Severity::Error,
            message: what.clone(),
            help: hint.clone(),
        }],
        CliError::Reported(_) => Vec::new(),
    };
    for d in diagnostics {
        print_json(&d)?;
    }
    Err(e.reported())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_located_problem_has_its_start_and_end_and_a_warning_loses_its_prefix() {
        let text = "(\n  format: 2,\n)";
        let mut e = FileError::whole(
            "x.ron",
            cimic_core::Problem::at("format", "warning: odd").hint("fix"),
        );
        e.text = text.into();
        e.problems[0].span = Some((12, 13));
        let d = of_file(&e, Severity::Warning);
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].line, d[0].column), (Some(2), Some(11)));
        assert_eq!(
            d[0].end,
            Some(Position {
                line: 2,
                column: 12
            })
        );
        assert_eq!(d[0].message, "odd");
        let json = serde_json::to_string(&d[0]).unwrap();
        assert!(json.contains(r#""severity":"warning""#), "{json}");
        assert!(json.contains(r#""help":"fix""#), "{json}");
    }
}
