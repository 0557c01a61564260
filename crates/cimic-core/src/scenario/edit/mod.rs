//! The map editor's model, with no rendering: a scenario being edited, the edits as data
//! ([`EditOp`]), undo and redo, the loader's own validation after every change, and saving back
//! into the scenario's own text so that what the editor did not touch stays as the author wrote
//! it. The GUI's edit mode (crates/cimic-gui/src/editor) is a thin layer over this; tests drive
//! it directly (crates/cimic-core/tests/editor.rs).

pub mod fields;
pub mod ops;
mod splice;

pub use fields::{Field, entity_fields};
pub use ops::{EditOp, EntityKind, OpError, district_at};

use super::diag::{FileError, Problem};
use super::format::Scenario;
use crate::map::MAX_SIDE;
use std::path::{Path, PathBuf};

/// Undo steps kept; older ones are dropped.
const MAX_UNDO: usize = 500;

/// A scenario open in the editor.
pub struct Editor {
    /// File name, for messages.
    name: String,
    /// The file's text as last read or saved: saving rewrites only what differs from `saved`.
    text: String,
    /// The model `text` parses to.
    saved: Scenario,
    /// The model being edited.
    scenario: Scenario,
    undo: Vec<Scenario>,
    redo: Vec<Scenario>,
    /// Validation of `scenario`, refreshed after each change.
    problems: Vec<Problem>,
}

/// What a save did, for the status line and the tests.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    /// The copy of the file as it was before, when there was one.
    pub backup: Option<PathBuf>,
    /// Whether only the edited parts were rewritten (false: the whole file was written anew).
    pub spliced: bool,
    /// Problems the saved scenario has: it will not load until they are fixed.
    pub problems: Vec<Problem>,
}

impl Editor {
    /// Opens scenario text. Syntax and type errors refuse (located, as the loader reports them);
    /// a scenario that parses but breaks rules opens, with its problems listed for fixing.
    pub fn from_text(name: &str, text: &str) -> Result<Editor, FileError> {
        let scenario: Scenario = super::load::parse_ron(name, text, "docs/scenario-format.md")?;
        Ok(Editor::with(name, text.to_string(), scenario))
    }

    /// Opens a scenario file (see [`Editor::from_text`]).
    pub fn open(path: &Path) -> Result<Editor, FileError> {
        let text = super::load::read_text(path)?;
        Editor::from_text(&path.display().to_string(), &text)
    }

    /// A new scenario: an empty `width`×`height` map of rural ground, one force side and no
    /// districts yet (validation says so until one is painted).
    pub fn new_map(name: &str, id: &str, width: u32, height: u32) -> Result<Editor, String> {
        if !(1..=MAX_SIDE).contains(&width) || !(1..=MAX_SIDE).contains(&height) {
            return Err(format!(
                "a map of {width}×{height} hexes: each side must be 1 to {MAX_SIDE}"
            ));
        }
        let title = id.replace('_', " ");
        // Written as an author would start it; saving adds what is painted and placed.
        let text = format!(
            "// A new scenario, drawn in `cimic edit` (docs/gui.md, \"Edit mode\").
// The format: docs/scenario-format.md. Coordinates are (col, row), odd rows shifted right.
Scenario(
    format: 1,
    meta: (id: {id:?}, title: {title:?}, turns: 10, start_date: \"2026-01-01\"),
    map: (
        width: {width},
        height: {height},
        terrain: (fill: Rural),
        districts: [],
    ),
    sides: [
        (id: \"force\", name: \"Force\", role: Force),
    ],
)
"
        );
        let scenario: Scenario = super::load::parse_ron(name, &text, "docs/scenario-format.md")
            .map_err(|e| e.render(false))?;
        Ok(Editor::with(name, text, scenario))
    }

    fn with(name: &str, text: String, scenario: Scenario) -> Editor {
        let problems = super::validate::validate(&scenario);
        Editor {
            name: name.to_string(),
            text,
            saved: scenario.clone(),
            scenario,
            undo: Vec::new(),
            redo: Vec::new(),
            problems,
        }
    }

    /// The scenario as edited so far.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The file name given when opening.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether there are edits not yet saved.
    pub fn is_dirty(&self) -> bool {
        self.scenario != self.saved
    }

    /// Applies an edit as a new undo step. An edit that fails changes nothing.
    pub fn apply(&mut self, op: &EditOp) -> Result<(), OpError> {
        let before = self.scenario.clone();
        ops::apply(&mut self.scenario, op)?;
        self.record(before);
        Ok(())
    }

    /// Applies an edit as part of the last undo step (a brush stroke dragged over many hexes is
    /// one step). With no step yet, starts one.
    pub fn apply_continuing(&mut self, op: &EditOp) -> Result<(), OpError> {
        if self.undo.is_empty() {
            return self.apply(op);
        }
        ops::apply(&mut self.scenario, op)?;
        self.refresh();
        Ok(())
    }

    /// Sets one field of an entity from RON text, as an undo step (see [`fields::set_field`]).
    pub fn set_field(
        &mut self,
        kind: EntityKind,
        index: usize,
        field: &str,
        value: &str,
    ) -> Result<(), String> {
        let before = self.scenario.clone();
        fields::set_field(&mut self.scenario, kind, index, field, value)?;
        self.record(before);
        Ok(())
    }

    fn record(&mut self, before: Scenario) {
        if before == self.scenario {
            return;
        }
        self.undo.push(before);
        if self.undo.len() > MAX_UNDO {
            self.undo.remove(0);
        }
        self.redo.clear();
        self.refresh();
    }

    fn refresh(&mut self) {
        self.problems = super::validate::validate(&self.scenario);
    }

    /// Takes back the last step; false when there is none.
    pub fn undo(&mut self) -> bool {
        let Some(before) = self.undo.pop() else {
            return false;
        };
        self.redo
            .push(std::mem::replace(&mut self.scenario, before));
        self.refresh();
        true
    }

    /// Does again the last step undone; false when there is none.
    pub fn redo(&mut self) -> bool {
        let Some(after) = self.redo.pop() else {
            return false;
        };
        self.undo.push(std::mem::replace(&mut self.scenario, after));
        self.refresh();
        true
    }

    /// Steps that can be undone and redone, for the toolbar.
    pub fn history(&self) -> (usize, usize) {
        (self.undo.len(), self.redo.len())
    }

    /// What the loader's validation finds in the scenario as edited.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The problems of one entity, by field (`""` for the entity as a whole), to show beside
    /// the fields of the side panel.
    pub fn field_problems(&self, kind: EntityKind, index: usize) -> Vec<(String, String)> {
        let prefix = format!("{}[{index}]", kind.list_path());
        self.problems
            .iter()
            .filter_map(|p| {
                let rest = p.path.strip_prefix(&prefix)?;
                let field = match rest.strip_prefix('.') {
                    Some(r) => r.split(['.', '[']).next().unwrap_or_default(),
                    None if rest.is_empty() => "",
                    None => return None,
                };
                let text = match &p.hint {
                    Some(h) => format!("{} ({h})", p.message),
                    None => p.message.clone(),
                };
                Some((field.to_string(), text))
            })
            .collect()
    }

    /// The text a save writes, and whether it was spliced into the old text (only the edited
    /// parts rewritten) or written whole because splicing was not possible.
    pub fn to_text(&self) -> (String, bool) {
        if let Some(text) = splice::splice(&self.text, &self.saved, &self.scenario) {
            let back: Result<Scenario, _> =
                super::load::parse_ron(&self.name, &text, "docs/scenario-format.md");
            if back.as_ref().is_ok_and(|b| *b == self.scenario) {
                return (text, true);
            }
        }
        (splice::whole(&self.scenario), false)
    }

    /// Saves to `path`: the old file is first copied to `path.bak`, then the new text is written
    /// to a temporary file beside it and renamed over it, so a crash leaves one or the other.
    pub fn save(&mut self, path: &Path) -> Result<Saved, String> {
        let (text, spliced) = self.to_text();
        let fail = |what: &str, e: std::io::Error| format!("cannot {what}: {e}");
        let backup = if path.is_file() {
            let mut bak = path.as_os_str().to_owned();
            bak.push(".bak");
            let bak = PathBuf::from(bak);
            std::fs::copy(path, &bak).map_err(|e| fail("keep a backup", e))?;
            Some(bak)
        } else {
            None
        };
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".saving");
        let tmp = PathBuf::from(tmp);
        std::fs::write(&tmp, &text).map_err(|e| fail("write the file", e))?;
        std::fs::rename(&tmp, path).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            fail("replace the file", e)
        })?;
        let mut problems = self.problems.clone();
        if problems.is_empty() {
            problems = super::validate::budget::record_problems(&self.scenario, &text);
        }
        self.text = text;
        self.saved = self.scenario.clone();
        Ok(Saved {
            backup,
            spliced,
            problems,
        })
    }
}
