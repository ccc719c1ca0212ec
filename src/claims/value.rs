//! Values as outcomes and tables show them.

use serde_json::Value;

/// A short stand-in for an object or array in an outcome: objects by their name-like field.
pub(super) fn summary(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            for key in ["name", "symbol", "path", "area", "arch", "root"] {
                if let Some(v) = map.get(key).filter(|v| !v.is_null()) {
                    return v.clone();
                }
            }
            Value::String("{...}".into())
        }
        other => other.clone(),
    }
}

/// [`summary`] of a value, or of each element of an array.
pub(super) fn summarize(value: Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.iter().map(summary).collect()),
        other => summary(&other),
    }
}

/// A value as a table cell: strings bare, everything else as JSON.
pub fn display(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "-".into(),
        Value::Array(items) => items.iter().map(display).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}
