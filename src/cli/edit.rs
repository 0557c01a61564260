//! `cimic edit SCENARIO [--new WxH]`: the map editor (docs/gui.md, "Edit mode"). Everything is
//! read and checked before the window opens, so a bad file or size prints like any CLI error.

use super::error::{CliError, CliResult};
use cimic_core::scenario::edit::Editor;
use std::path::{Path, PathBuf};

/// `cimic edit`'s arguments.
#[derive(clap::Args)]
pub struct EditArgs {
    /// The scenario file to edit; with --new, the file Save writes.
    pub scenario: PathBuf,
    /// Start from an empty map of this many columns and rows, e.g. `20x14`.
    #[arg(long, value_name = "WxH")]
    pub new: Option<String>,
    /// With --new: start even though the file exists (Save keeps the old one as FILE.bak).
    #[arg(long, requires = "new")]
    pub force: bool,
    /// Save one screenshot of the editor window to this PNG once it has settled, then exit.
    #[arg(long)]
    pub screenshot: Option<PathBuf>,
}

/// `20x14` → (20, 14).
pub fn parse_size(text: &str) -> Result<(u32, u32), CliError> {
    let bad = || {
        CliError::usage(format!("--new {text:?} is not a map size"))
            .hint("write columns x rows, e.g. --new 20x14")
    };
    let (w, h) = text
        .to_ascii_lowercase()
        .split_once('x')
        .ok_or_else(bad)
        .map(|(w, h)| (w.trim().parse::<u32>(), h.trim().parse::<u32>()))?;
    Ok((w.map_err(|_| bad())?, h.map_err(|_| bad())?))
}

/// A scenario id from a file name: lower case, anything but letters and digits as `_`.
fn id_from(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let id: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .take(64)
        .collect();
    if id.starts_with(|c: char| c.is_ascii_lowercase()) {
        id
    } else {
        format!("s_{id}").chars().take(64).collect()
    }
}

/// The editor's model for the arguments: the file opened, or a new empty map.
pub fn open(args: &EditArgs) -> Result<Editor, CliError> {
    let name = args.scenario.display().to_string();
    match &args.new {
        None => Ok(Editor::open(&args.scenario)?),
        Some(size) => {
            let (w, h) = parse_size(size)?;
            if args.scenario.exists() && !args.force {
                return Err(CliError::usage(format!("{name} exists")).hint(
                    "edit it without --new, or give --force to start over (Save keeps it as .bak)",
                ));
            }
            Editor::new_map(&name, &id_from(&args.scenario), w, h)
                .map_err(|e| CliError::usage(e).hint("a side of 1 to 512 hexes"))
        }
    }
}

/// `cimic edit`: opens the editor window.
pub fn edit_cmd(args: &EditArgs) -> CliResult {
    let editor = open(args)?;
    if let Some(why) = cimic_gui::launch::no_display() {
        return Err(CliError::invalid(why));
    }
    let state = cimic_gui::editor::EditorState::new(editor, args.scenario.clone());
    let code = cimic_gui::editor::run(state, args.screenshot.clone());
    if code == std::process::ExitCode::SUCCESS {
        Ok(())
    } else {
        Err(CliError::invalid(
            "the editor ended with an error (see the messages above)",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_ids_are_read_from_what_people_type() {
        assert_eq!(parse_size("20x14").unwrap(), (20, 14));
        assert_eq!(parse_size("8X6").unwrap(), (8, 6));
        for bad in ["20", "x14", "20x", "a x b", "-3x4"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
        assert_eq!(id_from(Path::new("dir/My Map.ron")), "my_map");
        assert_eq!(id_from(Path::new("9lives.ron")), "s_9lives");
    }
}
