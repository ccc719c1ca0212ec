//! A claim's verdict: measure its metric on the report, compare with the expected value.

use super::metric::Metric;
use super::select::described;
use super::select::{select, Selection};
use super::value::{display, summarize, summary};
use super::{Claim, Op, Outcome, Verdict};
use serde_json::Value;
use std::collections::BTreeSet;

/// What a metric measures: a value, or the reason there is none.
pub(super) enum Measured<'a> {
    Value(Value),
    Selection(Selection<'a>),
}

fn as_f64(value: &Value) -> Option<f64> {
    value.as_f64()
}

fn number(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        Value::from(x as i64)
    } else {
        serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
    }
}

pub(super) fn measure<'a>(metric: &Metric, report: &'a Value) -> Result<Measured<'a>, String> {
    match metric {
        Metric::Path(path) => Ok(Measured::Selection(select(path, report))),
        Metric::Count(path) => {
            let s = select(path, report);
            let n = match (s.many, s.values.as_slice()) {
                (false, [Value::Array(items)]) => items.len(),
                (false, [Value::Object(map)]) => map.len(),
                _ => s.values.len(),
            };
            Ok(Measured::Value(Value::from(n as u64)))
        }
        Metric::Sum(paths) => {
            let mut total = 0.0;
            for path in paths {
                let s = select(path, report);
                if let Some(why) = s.why_empty {
                    return Err(why);
                }
                for value in s.values {
                    let items: Vec<&Value> = match value {
                        Value::Array(items) => items.iter().collect(),
                        other => vec![other],
                    };
                    for item in items {
                        total += as_f64(item).ok_or_else(|| {
                            format!("`{path}` is {}, not a number", described(item))
                        })?;
                    }
                }
            }
            Ok(Measured::Value(number(total)))
        }
    }
}

fn outcome(claim: &Claim, actual: Value, verdict: Verdict, reason: Option<String>) -> Outcome {
    Outcome {
        id: claim.id.clone(),
        text: claim.text.clone(),
        metric: claim.metric.as_ref().map(|(t, _)| t.clone()),
        op: claim.op.as_str(),
        expected: claim.expected.clone().unwrap_or(Value::Null),
        tolerance: claim.tolerance,
        actual,
        verdict,
        reason,
    }
}

/// The outcome of a claim that was not measured, for `reason`.
pub(super) fn not_measured(claim: &Claim, reason: String) -> Outcome {
    outcome(claim, Value::Null, Verdict::NotMeasurable, Some(reason))
}

fn holds(yes: bool) -> Verdict {
    if yes {
        Verdict::Holds
    } else {
        Verdict::Fails
    }
}

/// Values equal as claims mean it: numbers by value (`163` == `163.0`), the rest exactly.
fn same(a: &Value, b: &Value) -> bool {
    match (as_f64(a), as_f64(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// Evaluate one claim.
pub fn evaluate(claim: &Claim, report: &Value) -> Outcome {
    if let Some(reason) = &claim.not_measurable {
        return outcome(
            claim,
            Value::Null,
            Verdict::NotMeasurable,
            Some(reason.clone()),
        );
    }
    let Some((_, metric)) = &claim.metric else {
        return outcome(
            claim,
            Value::Null,
            Verdict::NotMeasurable,
            Some("no metric".into()),
        );
    };
    let measured = match measure(metric, report) {
        Ok(m) => m,
        Err(why) => return outcome(claim, Value::Null, Verdict::NotMeasurable, Some(why)),
    };
    let expected = claim.expected.clone().unwrap_or(Value::Null);
    match claim.op {
        Op::Exists | Op::Absent => presence(claim, measured),
        Op::Contains => containment(claim, measured, &expected),
        _ => comparison(claim, measured, &expected),
    }
}

/// `exists` and `absent`: whether the metric selects anything.
fn presence(claim: &Claim, measured: Measured<'_>) -> Outcome {
    let (found, actual) = match measured {
        Measured::Value(v) => (true, v),
        Measured::Selection(s) => match s.values.as_slice() {
            [] => (false, Value::Null),
            [one] => (true, (*one).clone()),
            many => (
                true,
                Value::Array(many.iter().map(|v| summary(v)).collect()),
            ),
        },
    };
    let actual = if found {
        summarize(actual)
    } else {
        Value::String("absent".into())
    };
    outcome(
        claim,
        actual,
        holds(found == (claim.op == Op::Exists)),
        None,
    )
}

/// `contains`: whether every expected value is among those selected (or, for one selected
/// string, in it).
fn containment(claim: &Claim, measured: Measured<'_>, expected: &Value) -> Outcome {
    let candidates: Vec<Value> = match measured {
        Measured::Value(v) => vec![v],
        Measured::Selection(s) => {
            if let Some(why) = s.why_empty {
                return outcome(claim, Value::Null, Verdict::NotMeasurable, Some(why));
            }
            match s.values.as_slice() {
                [Value::Array(items)] if !s.many => items.clone(),
                values => values.iter().map(|v| (*v).clone()).collect(),
            }
        }
    };
    let wanted: Vec<&Value> = match expected {
        Value::Array(items) => items.iter().collect(),
        one => vec![one],
    };
    let missing: Vec<String> = wanted
        .iter()
        .filter(|w| {
            !candidates.iter().any(|c| match (c, w) {
                (Value::String(c), Value::String(w)) if candidates.len() == 1 => {
                    c.contains(w.as_str())
                }
                (c, w) => same(c, w),
            })
        })
        .map(|w| display(w))
        .collect();
    let mut seen = BTreeSet::new();
    let shown: Vec<Value> = candidates
        .into_iter()
        .filter(|c| seen.insert(c.to_string()))
        .collect();
    let reason = (!missing.is_empty()).then(|| format!("missing: {}", missing.join(", ")));
    outcome(
        claim,
        summarize(Value::Array(shown)),
        holds(missing.is_empty()),
        reason,
    )
}

/// The comparisons (`==`, `!=`, `>=`, `<=`, `>`, `<`, `approx`) of the first selected value.
fn comparison(claim: &Claim, measured: Measured<'_>, expected: &Value) -> Outcome {
    let actual = match measured {
        Measured::Value(v) => v,
        Measured::Selection(s) => match (s.why_empty, s.values.first()) {
            (None, Some(v)) => (*v).clone(),
            (why, _) => {
                return outcome(
                    claim,
                    Value::Null,
                    Verdict::NotMeasurable,
                    Some(why.unwrap_or_else(|| "no value".into())),
                )
            }
        },
    };
    let numbers = (as_f64(&actual), as_f64(expected));
    let verdict = match (claim.op, numbers) {
        (Op::Eq, _) => holds(same(&actual, expected)),
        (Op::Ne, _) => holds(!same(&actual, expected)),
        (op, (Some(a), Some(e))) => holds(match op {
            Op::Ge => a >= e,
            Op::Le => a <= e,
            Op::Gt => a > e,
            Op::Lt => a < e,
            _ => (a - e).abs() <= claim.tolerance.unwrap_or(0.0) * e.abs(),
        }),
        (op, _) => {
            let mut reason = format!(
                "`{}` compares numbers; the metric is {} and the expected value is {}",
                op.as_str(),
                described(&actual),
                described(expected)
            );
            // A list or an object compared with a number: its size was most likely meant.
            if let (Value::Array(_) | Value::Object(_), Some(_), Some((text, _))) =
                (&actual, as_f64(expected), &claim.metric)
            {
                reason.push_str(&format!(
                    "; to compare how many it holds, write `count({text})`"
                ));
            }
            return outcome(
                claim,
                summarize(actual),
                Verdict::NotMeasurable,
                Some(reason),
            );
        }
    };
    let reason = match (claim.op, as_f64(&actual), as_f64(expected)) {
        (Op::Approx, Some(a), Some(e)) if e != 0.0 => {
            Some(format!("off by {:+.1} %", (a - e) / e.abs() * 100.0))
        }
        _ => None,
    };
    outcome(claim, summarize(actual), verdict, reason)
}
