//! The command line's commands, one module per family; `main.rs` only parses arguments.

pub mod fork;
pub mod play;
pub mod records;
pub mod review;

use cimic_core::FileError;
use std::io::IsTerminal;

/// Prints a file's problems to stderr, in colour on a terminal.
pub fn print_error(e: &FileError) {
    eprint!("{}", e.render(std::io::stderr().is_terminal()));
}
