//! The claims file: TOML `[[claim]]` tables read into [`ClaimsFile`], with positions for errors.

use super::metric::parse_metric;
use super::{Claim, ClaimsError, ClaimsFile, Op};
use serde_json::Value;
use std::collections::BTreeSet;

/// 1-based line and column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    claim: Vec<toml::Spanned<RawClaim>>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClaim {
    id: toml::Spanned<String>,
    text: String,
    metric: Option<toml::Spanned<String>>,
    op: Option<toml::Spanned<String>>,
    expected: Option<toml::Value>,
    tolerance: Option<toml::Spanned<f64>>,
    not_measurable: Option<String>,
}

fn to_json(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => {
            serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number)
        }
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())
        }
    }
}

/// The error for `message` at byte `offset` of the file's `text`.
fn error_at(text: &str, offset: usize, message: String) -> ClaimsError {
    let (line, column) = line_col(text, offset);
    ClaimsError {
        line,
        column,
        message,
    }
}

/// Parse a claims file. Errors carry the line and column of the offending text.
pub fn parse(text: &str) -> Result<ClaimsFile, ClaimsError> {
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        error_at(
            text,
            e.span().map_or(0, |s| s.start),
            e.message().trim().replace('\n', " "),
        )
    })?;
    let mut claims = Vec::new();
    let mut ids = BTreeSet::new();
    for spanned in raw.claim {
        let start = spanned.span().start;
        let raw = spanned.into_inner();
        let id = raw.id.get_ref().clone();
        let id_at = raw.id.span().start;
        if id.is_empty() {
            return Err(error_at(text, id_at, "empty claim id".into()));
        }
        if !ids.insert(id.clone()) {
            return Err(error_at(
                text,
                id_at,
                format!("claim `{id}` is defined twice"),
            ));
        }
        claims.push(claim(text, start, id, raw)?);
    }
    if claims.is_empty() {
        return Err(error_at(
            text,
            0,
            "no claims: write each one as a `[[claim]]` table".into(),
        ));
    }
    Ok(ClaimsFile { claims })
}

/// One `[[claim]]` table (starting at byte `start` of `text`, its id checked), with its op,
/// expected value, tolerance and metric checked against each other.
fn claim(text: &str, start: usize, id: String, raw: RawClaim) -> Result<Claim, ClaimsError> {
    let at = |offset: usize, message: String| error_at(text, offset, message);
    let op = match &raw.op {
        Some(op) => Op::parse(op.get_ref()).ok_or_else(|| {
            at(
                op.span().start,
                format!(
                    "claim `{id}`: unknown op `{}` (==, !=, >=, <=, >, <, approx, exists, absent, contains)",
                    op.get_ref()
                ),
            )
        })?,
        None if raw.not_measurable.is_some() => Op::Eq,
        None => return Err(at(start, format!("claim `{id}` has no `op`"))),
    };
    let expected = raw.expected.as_ref().map(to_json);
    if raw.not_measurable.is_none() {
        if op.needs_expected() && expected.is_none() {
            return Err(at(
                start,
                format!("claim `{id}`: op `{}` needs `expected`", op.as_str()),
            ));
        }
        if !op.needs_expected() && expected.is_some() {
            return Err(at(
                start,
                format!("claim `{id}`: op `{}` takes no `expected`", op.as_str()),
            ));
        }
    }
    let tolerance = raw.tolerance.as_ref().map(|t| *t.get_ref());
    match (&raw.tolerance, op) {
        (None, Op::Approx) if raw.not_measurable.is_none() => {
            return Err(at(
                start,
                format!("claim `{id}`: `approx` needs a relative `tolerance` (0.05 = 5 %)"),
            ))
        }
        (Some(t), Op::Approx) if t.get_ref().is_nan() || *t.get_ref() < 0.0 => {
            return Err(at(
                t.span().start,
                format!("claim `{id}`: `tolerance` must be 0 or more"),
            ))
        }
        (Some(t), op) if op != Op::Approx => {
            return Err(at(
                t.span().start,
                format!("claim `{id}`: `tolerance` only goes with `approx`"),
            ))
        }
        _ => {}
    }
    let metric = match &raw.metric {
        Some(m) => {
            // The metric string's column: its span starts at the opening quote.
            let parsed = parse_metric(m.get_ref()).map_err(|e| {
                at(
                    m.span().start,
                    format!("claim `{id}`: bad metric `{}`: {e}", m.get_ref()),
                )
            })?;
            Some((m.get_ref().clone(), parsed))
        }
        None if raw.not_measurable.is_some() => None,
        None => {
            return Err(at(
                start,
                format!("claim `{id}` has neither `metric` nor `not_measurable`"),
            ))
        }
    };
    let metric_at = line_col(text, raw.metric.as_ref().map_or(start, |m| m.span().start));
    Ok(Claim {
        id,
        text: raw.text,
        metric,
        op,
        expected,
        tolerance,
        not_measurable: raw.not_measurable,
        at: line_col(text, start),
        metric_at,
    })
}
