//! What changed between two versions of a scenario, for `cimic diff` of games played on each:
//! before comparing the games, an author or analyst needs to know what was edited. The two
//! scenarios are compared as data, not as text (comments and layout do not count): entities in
//! lists with ids (units, actors, sites, events, …) are matched by id and reported added,
//! removed or changed field by field; every other setting is reported by its path
//! (`meta.turns`, `scoring.harm.deaths`).

use crate::scenario::Scenario;
use serde::Serialize;
use serde_json::Value;

/// Longest value shown in a change; longer ones are cut with `…`.
const MAX_VALUE_CHARS: usize = 100;

/// What happened to one path between the versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Only in B (an entity, or a setting A left to its default absence).
    Added,
    /// Only in A.
    Removed,
    /// In both, with other values.
    Changed,
}

/// One difference between the two scenarios.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Where: `units[eng1].position`, `meta.turns`, `events[storm]` (entities are named by id).
    pub path: String,
    pub kind: ChangeKind,
    /// The value in A, written compactly (absent when added).
    pub a: Option<String>,
    /// The value in B (absent when removed).
    pub b: Option<String>,
}

/// Every difference between two scenarios: fields in the order of their names, entities in
/// A's order, then those B adds.
pub fn scenario_changes(a: &Scenario, b: &Scenario) -> Vec<Change> {
    let (Ok(va), Ok(vb)) = (serde_json::to_value(a), serde_json::to_value(b)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    compare("", &va, &vb, &mut out);
    out
}

/// `path.key`, or `key` at the top.
fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Appends the differences between `a` and `b`, both at `path`.
fn compare(path: &str, a: &Value, b: &Value, out: &mut Vec<Change>) {
    if a == b {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) if same_variant(x, y) => {
            for (k, va) in x {
                let p = join(path, k);
                match y.get(k) {
                    Some(vb) => compare(&p, va, vb, out),
                    None => out.push(removed(p, va)),
                }
            }
            for (k, vb) in y.iter().filter(|(k, _)| !x.contains_key(*k)) {
                out.push(added(join(path, k), vb));
            }
        }
        (Value::Array(x), Value::Array(y)) => match (ids(x), ids(y)) {
            (Some(ix), Some(iy)) => by_id(path, (x, &ix), (y, &iy), out),
            _ if x.len() == y.len() && x.iter().all(Value::is_object) => {
                for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                    compare(&format!("{path}[{i}]"), va, vb, out);
                }
            }
            _ => out.push(changed(path, a, b)),
        },
        _ => out.push(changed(path, a, b)),
    }
}

/// Whether two objects are the same kind of thing: a struct, or the same enum variant (serde
/// writes a variant with data as a one-key object named after it). Another variant is one
/// change of the whole value.
fn same_variant(x: &serde_json::Map<String, Value>, y: &serde_json::Map<String, Value>) -> bool {
    let variant = |m: &serde_json::Map<String, Value>| {
        (m.len() == 1)
            .then(|| m.keys().next())
            .flatten()
            .filter(|k| k.starts_with(|c: char| c.is_ascii_uppercase()))
            .cloned()
    };
    variant(x) == variant(y)
}

/// The ids of a list of entities, when every element has a distinct string `id`.
fn ids(list: &[Value]) -> Option<Vec<&str>> {
    if list.is_empty() {
        return None;
    }
    let ids: Vec<&str> = list
        .iter()
        .map(|v| v.get("id").and_then(Value::as_str))
        .collect::<Option<_>>()?;
    let distinct: std::collections::BTreeSet<&&str> = ids.iter().collect();
    (distinct.len() == ids.len()).then_some(ids)
}

/// Two lists of entities matched by id: A's order first, then what B adds.
fn by_id(
    path: &str,
    (x, ix): (&[Value], &[&str]),
    (y, iy): (&[Value], &[&str]),
    out: &mut Vec<Change>,
) {
    let at = |id: &str| format!("{path}[{id}]");
    for (va, id) in x.iter().zip(ix) {
        match iy.iter().position(|j| j == id) {
            Some(k) => compare(&at(id), va, &y[k], out),
            None => out.push(removed(at(id), va)),
        }
    }
    for (vb, id) in y.iter().zip(iy).filter(|(_, id)| !ix.contains(id)) {
        out.push(added(at(id), vb));
    }
}

fn added(path: String, b: &Value) -> Change {
    Change {
        path,
        kind: ChangeKind::Added,
        a: None,
        b: Some(compact(b)),
    }
}

fn removed(path: String, a: &Value) -> Change {
    Change {
        path,
        kind: ChangeKind::Removed,
        a: Some(compact(a)),
        b: None,
    }
}

fn changed(path: &str, a: &Value, b: &Value) -> Change {
    Change {
        path: path.to_string(),
        kind: ChangeKind::Changed,
        a: Some(compact(a)),
        b: Some(compact(b)),
    }
}

/// A value written close to the scenario format, on one line and at most
/// [`MAX_VALUE_CHARS`] characters: `(3, 3)`, `0.3`, `"aldbrook"`, `Rect(min: (0, 0), …)`.
pub fn compact(v: &Value) -> String {
    let mut s = String::new();
    write_value(v, &mut s);
    match s.char_indices().nth(MAX_VALUE_CHARS) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s,
    }
}

fn write_value(v: &Value, out: &mut String) {
    // Enough is written to fill a line; a huge value (a terrain of 10,000 rows) stops early.
    if out.len() > 4 * MAX_VALUE_CHARS {
        return;
    }
    match v {
        Value::Null => out.push_str("none"),
        Value::Bool(b) => out.push_str(&b.to_string()),
        // The scenario's decimals are f32: written back as f32 they read as the author wrote them.
        Value::Number(n) => match n.as_f64() {
            Some(f) if !n.is_u64() && !n.is_i64() => out.push_str(&(f as f32).to_string()),
            _ => out.push_str(&n.to_string()),
        },
        // An enum's unit variant (`Engineer`) is a string to serde; written bare, as in a
        // scenario. Text is quoted (a one-word capitalised name is written bare too: this is
        // for reading, not for pasting back).
        Value::String(s) if is_variant(s) => out.push_str(s),
        Value::String(s) => out.push_str(&format!("{:?}", crate::names::clipped(s, 60))),
        Value::Array(items) => {
            let pair = items.len() == 2 && items.iter().all(Value::is_number);
            out.push(if pair { '(' } else { '[' });
            write_items(items.iter().map(|x| (None, x)), out);
            out.push(if pair { ')' } else { ']' });
        }
        Value::Object(m) => {
            if let (1, Some((k, inner))) = (m.len(), m.iter().next())
                && k.starts_with(|c: char| c.is_ascii_uppercase())
            {
                out.push_str(k);
                let wrapped = !matches!(inner, Value::Object(_));
                if wrapped {
                    out.push('(');
                }
                write_value(inner, out);
                if wrapped {
                    out.push(')');
                }
                return;
            }
            // `id` first, as authors write it; fields left to their default (`null`) are not
            // written, as in a scenario.
            let fields = m
                .iter()
                .filter(|(k, _)| k.as_str() == "id")
                .chain(m.iter().filter(|(k, _)| k.as_str() != "id"))
                .filter(|(_, x)| !x.is_null())
                .map(|(k, x)| (Some(k.as_str()), x));
            out.push('(');
            write_items(fields, out);
            out.push(')');
        }
    }
}

/// Whether a string reads as an enum variant: a capitalised word of letters and digits.
fn is_variant(s: &str) -> bool {
    s.len() <= 40
        && s.starts_with(|c: char| c.is_ascii_uppercase())
        && s.chars().all(|c| c.is_ascii_alphanumeric())
}

fn write_items<'a>(items: impl Iterator<Item = (Option<&'a str>, &'a Value)>, out: &mut String) {
    for (i, (key, x)) in items.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        if let Some(k) = key {
            out.push_str(k);
            out.push_str(": ");
        }
        write_value(x, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TUTORIAL: &str = include_str!("../../../../scenarios/tutorial.ron");

    fn load(text: &str) -> Scenario {
        crate::load_str("t.ron", text).unwrap_or_else(|e| panic!("{}", e.render(false)))
    }

    #[test]
    fn entities_are_matched_by_id_and_settings_named_by_path() {
        let a = load(TUTORIAL);
        let b = load(
            &TUTORIAL
                .replace("turns: 8,", "turns: 9,")
                .replace(
                    "position: (1, 4)),\n",
                    "position: (1, 4)),\n        (id: \"eng2\", name: \"2nd Engineer Platoon\", side: \"blue\", kind: Engineer, position: (2, 3)),\n",
                )
                .replace("hex: (5, 3), condition: 0.3", "hex: (5, 3), condition: 0.2"),
        );
        let c = scenario_changes(&a, &b);
        let find = |p: &str| c.iter().find(|x| x.path == p).cloned();
        let turns = find("meta.turns").expect("meta.turns changed");
        assert_eq!(
            (turns.kind, turns.a.as_deref(), turns.b.as_deref()),
            (ChangeKind::Changed, Some("8"), Some("9"))
        );
        let eng2 = find("units[eng2]").expect("eng2 added");
        assert_eq!(eng2.kind, ChangeKind::Added);
        let shown = eng2.b.unwrap();
        assert!(
            shown.starts_with(
                "(id: \"eng2\", kind: Engineer, name: \"2nd Engineer Platoon\", position: (2, 3)"
            ),
            "{shown}"
        );
        let bridge = find("infrastructure[ald_bridge].condition").expect("condition changed");
        assert_eq!(
            (bridge.a.as_deref(), bridge.b.as_deref()),
            (Some("0.3"), Some("0.2"))
        );
        assert_eq!(c.len(), 3, "{c:#?}");
        assert!(scenario_changes(&a, &a).is_empty());
    }
}
