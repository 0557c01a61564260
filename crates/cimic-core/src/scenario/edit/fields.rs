//! Field-by-field editing of one entity as RON text, the way it is written in the file: the side
//! panel shows each field's value, and a changed value is parsed by the loader's own parser in
//! place, so a bad value gets the loader's message beside that field and changes nothing.

use super::ops::EntityKind;
use crate::scenario::format::Scenario;
use crate::scenario::locate::SpanIndex;
use ron::ser::PrettyConfig;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// One field of an entity: its name and its value as RON text.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub value: String,
}

/// Each field's name and the span of its value in the entity's text.
type FieldSpans = Vec<(String, (usize, usize))>;

/// The entity as RON text on one line, and the span of each field's value.
fn layout<T: Serialize>(value: &T) -> Option<(String, FieldSpans)> {
    // One line: every field's value is a single line of text for the panel.
    let config = PrettyConfig::new()
        .struct_names(false)
        .compact_arrays(true)
        .compact_structs(true);
    let text = ron::ser::to_string_pretty(value, config).ok()?;
    let index = SpanIndex::build(&text);
    let mut fields: Vec<(String, (usize, usize))> = index
        .paths()
        .filter(|p| !p.is_empty() && !p.contains(['.', '[', '{']))
        .filter_map(|p| Some((p.to_string(), index.exact(p)?)))
        .collect();
    fields.sort_by_key(|(_, span)| span.0);
    Some((text, fields))
}

fn fields_of<T: Serialize>(value: &T) -> Vec<Field> {
    let Some((text, spans)) = layout(value) else {
        return Vec::new();
    };
    spans
        .into_iter()
        .map(|(name, (s, e))| Field {
            name,
            value: text[s..e].to_string(),
        })
        .collect()
}

/// The entity with `field` set to the RON `value`, parsed as the loader parses.
fn with_field<T: Serialize + DeserializeOwned>(
    entity: &T,
    field: &str,
    value: &str,
) -> Result<T, String> {
    let (text, spans) = layout(entity).ok_or("the entity cannot be written as RON")?;
    let (_, (s, e)) = spans
        .iter()
        .find(|(n, _)| n == field)
        .ok_or_else(|| format!("no field `{field}`"))?;
    let edited = format!("{}{}{}", &text[..*s], value, &text[*e..]);
    crate::scenario::load::parse_ron(field, &edited, "docs/scenario-format.md").map_err(|e| {
        e.problems
            .first()
            .map(|p| match &p.hint {
                Some(h) => format!("{} ({h})", p.message),
                None => p.message.clone(),
            })
            .unwrap_or_else(|| "not a valid value".to_string())
    })
}

/// The fields of entity `index` of `kind`, in the order the format declares them.
pub fn entity_fields(s: &Scenario, kind: EntityKind, index: usize) -> Vec<Field> {
    match kind {
        EntityKind::Unit => s.units.get(index).map(fields_of),
        EntityKind::Site => s.infrastructure.get(index).map(fields_of),
        EntityKind::Actor => s.actors.get(index).map(fields_of),
        EntityKind::District => s.map.districts.get(index).map(fields_of),
    }
    .unwrap_or_default()
}

/// Sets one field of entity `index` of `kind` from RON text. A value the loader would refuse
/// (wrong type, unknown variant, malformed) is an error and changes nothing; a value of the right
/// type that breaks a rule (a strength of 150) is set, and validation reports it.
pub fn set_field(
    s: &mut Scenario,
    kind: EntityKind,
    index: usize,
    field: &str,
    value: &str,
) -> Result<(), String> {
    fn set<T: Serialize + DeserializeOwned>(
        slot: Option<&mut T>,
        field: &str,
        value: &str,
    ) -> Result<(), String> {
        let slot = slot.ok_or("no such entity")?;
        *slot = with_field(slot, field, value)?;
        Ok(())
    }
    match kind {
        EntityKind::Unit => set(s.units.get_mut(index), field, value),
        EntityKind::Site => set(s.infrastructure.get_mut(index), field, value),
        EntityKind::Actor => set(s.actors.get_mut(index), field, value),
        EntityKind::District => set(s.map.districts.get_mut(index), field, value),
    }
}
