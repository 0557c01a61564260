//! The JSON Schema of the scenario format, derived from the types in [`super::format`] (never
//! written by hand, so it cannot drift from what the loader reads): editors that map RON onto
//! JSON, or read JSON Schemas for completion, learn the field names, variants and defaults from
//! it. Shipped as `assets/scenario.schema.json`; a test fails when that file is out of date.

use super::format::Scenario;

/// The schema as pretty-printed JSON with a final line break, as shipped.
pub fn scenario_schema() -> String {
    let schema = schemars::schema_for!(Scenario);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_schema_is_the_one_the_types_give() {
        let shipped = include_str!("../../../../assets/scenario.schema.json");
        assert!(
            shipped == scenario_schema(),
            "assets/scenario.schema.json is out of date: run `cimic schema --out assets/scenario.schema.json --force`"
        );
    }

    #[test]
    fn the_schema_names_the_fields_and_variants_authors_write() {
        let s = scenario_schema();
        for word in [
            "\"meta\"",
            "\"lint_allow\"",
            "\"EventNeverFires\"",
            "\"AtTurn\"",
            "\"access_threshold\"",
        ] {
            assert!(s.contains(word), "{word} missing");
        }
    }
}
