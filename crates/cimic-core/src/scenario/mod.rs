//! Scenario files: the format, loading with located diagnostics, and semantic validation.

pub mod diag;
pub mod edit;
pub mod format;
pub mod lint_allow;
pub mod load;
pub mod locate;
pub mod overrides;
pub mod schema;
pub mod stamp;
mod syntax;
pub mod validate;

pub use diag::{FileError, Problem};
pub use format::Scenario;

use std::path::Path;

/// Loads and validates a scenario file: every problem, located, or a scenario that is safe to run.
pub fn load_file(path: &Path) -> Result<Scenario, FileError> {
    let name = path.display().to_string();
    let text = load::read_text(path)?;
    load_str(&name, &text)
}

/// Loads and validates scenario text; `name` is used in messages as the file name.
pub fn load_str(name: &str, text: &str) -> Result<Scenario, FileError> {
    let scenario: Scenario = load::parse_ron(name, text, "docs/scenario-format.md")?;
    let mut problems = validate::validate(&scenario);
    if problems.is_empty() {
        // Needs the text: the record embeds it.
        problems = validate::budget::record_problems(&scenario, text);
    }
    if problems.is_empty() {
        Ok(scenario)
    } else {
        Err(load::locate(name, text, problems))
    }
}
