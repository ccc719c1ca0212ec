//! What a path selects in the report's JSON, and whether the keys it names exist at all.

use super::metric::{Path, Step};
use serde_json::Value;

/// What a selector compares: strings as they are, numbers and booleans as written in JSON.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The shape of a JSON value: objects keep every key, arrays become one element merging the
/// shapes of all of theirs. It says which keys exist where, independently of selections.
pub(super) fn shape(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), shape(v))).collect())
        }
        Value::Array(items) => {
            let mut merged = Value::Null;
            for item in items {
                merge(&mut merged, shape(item));
            }
            Value::Array(vec![merged])
        }
        other => other.clone(),
    }
}

/// Merge the shape `from` into `into`: keys of both, array elements merged into one.
fn merge(into: &mut Value, from: Value) {
    match (into, from) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                merge(a.entry(k).or_insert(Value::Null), v);
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            if let (Some(x), Some(y)) = (a.first_mut(), b.into_iter().next()) {
                merge(x, y);
            }
        }
        (slot @ Value::Null, v) => *slot = v,
        _ => {}
    }
}

/// Check that every key a path names exists in the report (in some element of each array).
/// Keys below an array that is empty in this report cannot be checked and are accepted.
pub(super) fn check_path(path: &Path, shape: &Value) -> Result<(), String> {
    let mut here = shape;
    let mut walked = String::new();
    for step in &path.steps {
        let label = if walked.is_empty() {
            "the report".to_string()
        } else {
            format!("`{walked}`")
        };
        match step {
            Step::Key(key) => match here {
                Value::Object(map) => match map.get(key) {
                    Some(v) => here = v,
                    None => {
                        let known: Vec<&str> = map.keys().map(String::as_str).collect();
                        return Err(format!(
                            "unknown key `{key}` in {label} (known: {})",
                            known.join(", ")
                        ));
                    }
                },
                Value::Null => return Ok(()),
                Value::Array(_) => {
                    return Err(format!(
                        "{label} is an array: select elements with `[N]`, `[*]` or `[key=value]` before `.{key}`"
                    ))
                }
                _ => return Err(format!("{label} is {}, it has no key `{key}`", described(here))),
            },
            Step::Index(_) | Step::All | Step::Select { .. } => match here {
                Value::Array(items) => {
                    let Some(element) = items.first() else {
                        return Ok(());
                    };
                    if let Step::Select { key, .. } = step {
                        match element {
                            Value::Object(map) if map.contains_key(key) => {}
                            Value::Null => return Ok(()),
                            Value::Object(map) => {
                                let known: Vec<&str> = map.keys().map(String::as_str).collect();
                                return Err(format!(
                                    "unknown key `{key}` in the elements of {label} (known: {})",
                                    known.join(", ")
                                ));
                            }
                            _ => {
                                return Err(format!(
                                    "the elements of {label} are not objects: `[{key}...]` cannot select them"
                                ))
                            }
                        }
                    }
                    here = element;
                }
                Value::Null => return Ok(()),
                _ => return Err(format!("{label} is {}, not an array: `{step}` needs one", described(here))),
            },
        }
        if !matches!(step, Step::Key(_)) || walked.is_empty() {
            walked.push_str(&step.to_string());
        } else {
            walked.push('.');
            walked.push_str(&step.to_string());
        }
    }
    Ok(())
}

/// A value as a message describes it, with its article and, for a list or an object, its
/// size: "a list of 75", "an object with 3 keys", "a string", "a number", "a boolean", "null".
pub(super) fn described(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(_) => "a boolean".into(),
        Value::Number(_) => "a number".into(),
        Value::String(_) => "a string".into(),
        Value::Array(items) => format!("a list of {}", items.len()),
        Value::Object(map) if map.len() == 1 => "an object with 1 key".into(),
        Value::Object(map) => format!("an object with {} keys", map.len()),
    }
}

/// The values a path selects, and why there are none when there are none.
#[derive(Debug, Clone, PartialEq)]
pub struct Selection<'a> {
    /// The selected values, in document order.
    pub values: Vec<&'a Value>,
    /// Whether the path may select several values (`[*]`, `[key=value]`).
    pub many: bool,
    /// Why nothing was selected: the first step that found nothing (`None` when values were).
    pub why_empty: Option<String>,
}

/// Evaluate a path on the report's JSON.
pub fn select<'a>(path: &Path, root: &'a Value) -> Selection<'a> {
    let mut values = vec![root];
    let mut many = false;
    let mut walked = String::new();
    for step in &path.steps {
        let mut next = Vec::new();
        for value in &values {
            match (step, value) {
                (Step::Key(key), Value::Object(map)) => {
                    if let Some(v) = map.get(key) {
                        if !v.is_null() {
                            next.push(v);
                        }
                    }
                }
                (Step::Index(i), Value::Array(items)) => next.extend(items.get(*i)),
                (Step::All, Value::Array(items)) => next.extend(items.iter()),
                (
                    Step::Select {
                        key,
                        cmp,
                        value: wanted,
                    },
                    Value::Array(items),
                ) => next.extend(items.iter().filter(|item| {
                    item.get(key)
                        .and_then(scalar_text)
                        .is_some_and(|field| cmp.test(&field, wanted))
                })),
                _ => {}
            }
        }
        many |= matches!(step, Step::All | Step::Select { .. });
        let before = if walked.is_empty() {
            "the report".to_string()
        } else {
            format!("`{walked}`")
        };
        if next.is_empty() {
            let why = match step {
                Step::Key(key) => format!("{before} has no value for `{key}`"),
                Step::Index(i) => format!("{before} has no element [{i}]"),
                Step::All => format!("{before} is empty"),
                Step::Select { key, cmp, value } => {
                    format!("{before} has no element with {key}{}{value}", cmp.as_str())
                }
            };
            return Selection {
                values: Vec::new(),
                many,
                why_empty: Some(why),
            };
        }
        values = next;
        if matches!(step, Step::Key(_)) && !walked.is_empty() {
            walked.push('.');
        }
        walked.push_str(&step.to_string());
    }
    Selection {
        values,
        many,
        why_empty: None,
    }
}
