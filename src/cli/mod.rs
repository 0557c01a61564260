//! The command line's commands, one module per family; `main.rs` only parses arguments. Every
//! command returns a [`error::CliResult`]; files are written through [`output`].

pub mod author;
pub mod balance;
pub mod batch;
pub mod diagnostics;
#[cfg(feature = "gui")]
pub mod edit;
pub mod error;
pub mod fork;
pub mod ledger;
pub mod lines;
pub mod lint;
pub mod map;
pub mod output;
pub mod parquet;
pub mod play;
pub mod records;
pub mod review;
pub mod validate;
pub mod watch;
