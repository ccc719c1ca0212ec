//! The claims file: TOML `[[claim]]` tables read into [`ClaimsFile`], with positions for errors.

use super::metric::parse_metric;
use super::{Claim, ClaimsError, ClaimsFile, Op};
use serde_json::Value;
use std::collections::BTreeSet;

/// Where each line of a claims file starts, so that the line and column of a claim are found
/// by a binary search: rescanning the text for each claim made `check` quadratic (100,000
/// claims took minutes).
struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> LineIndex<'a> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
        LineIndex { text, starts }
    }

    /// 1-based line and column (in characters) of byte `offset`.
    fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |t| t.chars().count())
            + 1;
        (line, column)
    }
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

/// Whether a TOML value is or holds a float that is not finite (`inf`, `-inf`, `nan`).
fn has_non_finite(value: &toml::Value) -> bool {
    match value {
        toml::Value::Float(f) => !f.is_finite(),
        toml::Value::Array(a) => a.iter().any(has_non_finite),
        toml::Value::Table(t) => t.values().any(has_non_finite),
        _ => false,
    }
}

/// The error for `message` at byte `offset` of the file's `text`.
fn error_at(text: &LineIndex<'_>, offset: usize, message: String) -> ClaimsError {
    let (line, column) = text.line_col(offset);
    ClaimsError {
        line,
        column,
        message,
    }
}

/// Parse a claims file. Errors carry the line and column of the offending text.
pub fn parse(text: &str) -> Result<ClaimsFile, ClaimsError> {
    let index = LineIndex::new(text);
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        error_at(
            &index,
            e.span().map_or(0, |s| s.start),
            e.message().trim().replace('\n', " "),
        )
    })?;
    let text = &index;
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
fn claim(
    text: &LineIndex<'_>,
    start: usize,
    id: String,
    raw: RawClaim,
) -> Result<Claim, ClaimsError> {
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
    if raw.expected.as_ref().is_some_and(has_non_finite) {
        // JSON has no such numbers: the claim would be compared with `null`.
        return Err(at(
            start,
            format!("claim `{id}`: `expected` must be a finite number (not inf or nan)"),
        ));
    }
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
        (Some(t), Op::Approx) if !t.get_ref().is_finite() || *t.get_ref() < 0.0 => {
            return Err(at(
                t.span().start,
                format!("claim `{id}`: `tolerance` must be a finite number, 0 or more"),
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
    let metric_at = text.line_col(raw.metric.as_ref().map_or(start, |m| m.span().start));
    Ok(Claim {
        id,
        text: raw.text,
        metric,
        op,
        expected,
        tolerance,
        not_measurable: raw.not_measurable,
        at: text.line_col(start),
        metric_at,
    })
}
