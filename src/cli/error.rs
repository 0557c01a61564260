//! The command line's one error type: every command returns `Result<(), CliError>` and `main`
//! prints the error and picks the exit code in one place. An error says what went wrong, where
//! (a file, a flag) and, when we know, how to fix it; a file's problems keep their located
//! diagnostics (line, column, source excerpt) from [`FileError`].

use cimic_core::FileError;
use std::fmt;
use std::io::IsTerminal;
use std::process::ExitCode;

/// Why a command failed, as the exit code tells scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Invalid input or a failed check: exit 1.
    Invalid,
    /// The command line asks for something impossible: exit 2 (as clap's own usage errors).
    Usage,
}

/// A failed command: what, where and how to fix it.
#[derive(Debug)]
pub enum CliError {
    /// A scenario, orders file or record with problems at known places.
    File(FileError),
    /// Anything else.
    Message {
        kind: Kind,
        /// The file or flag concerned, printed before the message.
        place: Option<String>,
        what: String,
        /// How to fix it.
        hint: Option<String>,
    },
    /// Already printed (as JSON diagnostics): nothing more to print, only the exit code.
    Reported(Kind),
}

/// The result of a command.
pub type CliResult<T = ()> = Result<T, CliError>;

impl CliError {
    /// Invalid input or a failed check (exit 1).
    pub fn invalid(what: impl Into<String>) -> CliError {
        CliError::Message {
            kind: Kind::Invalid,
            place: None,
            what: what.into(),
            hint: None,
        }
    }

    /// A usage error (exit 2).
    pub fn usage(what: impl Into<String>) -> CliError {
        CliError::Message {
            kind: Kind::Usage,
            place: None,
            what: what.into(),
            hint: None,
        }
    }

    /// Names the file or flag concerned.
    pub fn at(mut self, where_: impl fmt::Display) -> CliError {
        if let CliError::Message { place, .. } = &mut self {
            *place = Some(where_.to_string());
        }
        self
    }

    /// Says how to fix it.
    pub fn hint(mut self, how: impl Into<String>) -> CliError {
        if let CliError::Message { hint, .. } = &mut self {
            *hint = Some(how.into());
        }
        self
    }

    /// The kind of failure, which picks the exit code.
    pub fn kind(&self) -> Kind {
        match self {
            CliError::File(_) => Kind::Invalid,
            CliError::Message { kind, .. } | CliError::Reported(kind) => *kind,
        }
    }

    /// The same failure once its diagnostics are printed: only the exit code is left to give.
    pub fn reported(&self) -> CliError {
        CliError::Reported(self.kind())
    }

    /// The exit code scripts see: 1 for invalid input or a failed check, 2 for usage.
    pub fn exit_code(&self) -> ExitCode {
        match self.kind() {
            Kind::Usage => ExitCode::from(2),
            Kind::Invalid => ExitCode::from(1),
        }
    }

    /// The error as printed on stderr; a file's diagnostics in colour when `colour`.
    pub fn render(&self, colour: bool) -> String {
        match self {
            CliError::File(e) => e.render(colour),
            CliError::Reported(_) => String::new(),
            CliError::Message {
                place, what, hint, ..
            } => {
                let mut out = String::from("error: ");
                if let Some(p) = place {
                    out.push_str(p);
                    out.push_str(": ");
                }
                out.push_str(what);
                out.push('\n');
                if let Some(h) = hint {
                    out.push_str("  hint: ");
                    out.push_str(h);
                    out.push('\n');
                }
                out
            }
        }
    }

    /// Prints the error to stderr, in colour on a terminal.
    pub fn print(&self) {
        eprint!("{}", self.render(std::io::stderr().is_terminal()));
    }
}

impl From<FileError> for CliError {
    fn from(e: FileError) -> CliError {
        CliError::File(e)
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

impl std::error::Error for CliError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_names_the_place_and_the_fix_and_usage_exits_2() {
        let e = CliError::usage("--turns 99 is more than the scenario's 8 turns")
            .hint("leave --turns out to play them all");
        assert_eq!(e.exit_code(), ExitCode::from(2));
        assert_eq!(
            e.render(false),
            "error: --turns 99 is more than the scenario's 8 turns\n  hint: leave --turns out to play them all\n"
        );
        let e = CliError::invalid("the file exists").at("out.html");
        assert_eq!(e.exit_code(), ExitCode::from(1));
        assert_eq!(e.render(false), "error: out.html: the file exists\n");
    }
}
