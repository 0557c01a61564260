//! The command line's commands, one module per family; `main.rs` only parses arguments. Every
//! command returns a [`error::CliResult`]; files are written through [`output`].

pub mod batch;
pub mod error;
pub mod fork;
pub mod ledger;
pub mod output;
pub mod parquet;
pub mod play;
pub mod records;
pub mod review;

use cimic_core::FileError;
use std::io::IsTerminal;

/// Prints a file's problems to stderr, in colour on a terminal: for commands that report on
/// several files and go on (`validate`).
pub fn print_error(e: &FileError) {
    eprint!("{}", e.render(std::io::stderr().is_terminal()));
}
