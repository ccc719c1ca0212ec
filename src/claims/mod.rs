//! Claims files (`kcensus check`): published statements about Rust in Linux, each with a
//! metric — a path into the report's JSON (SCHEMA.md) — an operator and the expected value.
//!
//! The metric language (docs/claims.md):
//!
//! ```text
//! metric   := path | count(path) | len(path) | sum(path, path, ...)
//! path     := key step*
//! step     := '.' key | '[' selector ']'
//! selector := N                      the N-th element of an array (from 0)
//!           | '*'                    every element
//!           | "key"                  an object key that is not a plain word (`["rust/kernel"]`)
//!           | key OP value           every element whose `key` compares true with `value`
//! OP       := '=' | '!=' | '^=' (starts with) | '$=' (ends with) | '*=' (contains) | '!*='
//! ```
//!
//! A path selects a set of JSON values. Where one value is needed (`==`, `>=`, `approx`, ...)
//! the first one is taken; `count` counts them (or the elements of the one array it names),
//! `sum` adds them up, `contains` and `exists`/`absent` look at all of them.
//!
//! The module knows nothing of the model: it works on the report's JSON value, so a claim can
//! name any key SCHEMA.md documents. [`parse`] reads a claims file (`file`), [`parse_metric`]
//! and [`select`] are the metric language (`metric`, `select`), [`evaluate`] gives a claim its
//! verdict (`evaluate`) and [`display`] shows a value in a table (`value`).

mod evaluate;
mod file;
mod metric;
mod select;
mod value;

pub use evaluate::evaluate;
pub use file::parse;
pub use metric::{parse_metric, parse_path, Cmp, Metric, Path, Step};
pub use select::{select, Selection};
pub use value::display;

use select::{check_path, shape};
use serde::Serialize;
use serde_json::Value;
use std::fmt;

/// A parsed claims file.
#[derive(Debug, Clone)]
pub struct ClaimsFile {
    /// The claims, in the file's order.
    pub claims: Vec<Claim>,
}

/// One claim.
#[derive(Debug, Clone)]
pub struct Claim {
    /// Its identifier, unique in the file.
    pub id: String,
    /// The quoted text of the claim.
    pub text: String,
    /// The metric as written, and parsed; `None` for a claim marked `not_measurable`.
    pub metric: Option<(String, Metric)>,
    /// How the measured value is compared with the expected one.
    pub op: Op,
    /// The expected value (`None` for `exists` and `absent`).
    pub expected: Option<Value>,
    /// Relative tolerance of `approx` (0.05 = 5 %).
    pub tolerance: Option<f64>,
    /// Why the report cannot measure this claim (set in the claims file).
    pub not_measurable: Option<String>,
    /// Line and column (1-based) of the claim's table, and of its metric.
    pub at: (usize, usize),
    /// Line and column (1-based) of the claim's metric (of its table when it has none).
    pub metric_at: (usize, usize),
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `==`: equal (numbers by value).
    Eq,
    /// `!=`: not equal.
    Ne,
    /// `>=`: at least.
    Ge,
    /// `<=`: at most.
    Le,
    /// `>`: more than.
    Gt,
    /// `<`: less than.
    Lt,
    /// `approx`: within the claim's relative tolerance.
    Approx,
    /// `exists`: the metric selects something.
    Exists,
    /// `absent`: the metric selects nothing.
    Absent,
    /// `contains`: every expected value is among the selected ones.
    Contains,
}

impl Op {
    /// The operator written `text` in a claims file.
    fn parse(text: &str) -> Option<Op> {
        Some(match text {
            "==" => Op::Eq,
            "!=" => Op::Ne,
            ">=" => Op::Ge,
            "<=" => Op::Le,
            ">" => Op::Gt,
            "<" => Op::Lt,
            "approx" => Op::Approx,
            "exists" => Op::Exists,
            "absent" => Op::Absent,
            "contains" => Op::Contains,
            _ => return None,
        })
    }

    /// The operator as written in a claims file.
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Eq => "==",
            Op::Ne => "!=",
            Op::Ge => ">=",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Lt => "<",
            Op::Approx => "approx",
            Op::Exists => "exists",
            Op::Absent => "absent",
            Op::Contains => "contains",
        }
    }

    /// Whether a claim with this operator must have an `expected` value.
    fn needs_expected(self) -> bool {
        !matches!(self, Op::Exists | Op::Absent)
    }
}

/// A claim's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub enum Verdict {
    /// The report bears the claim out.
    #[serde(rename = "holds")]
    Holds,
    /// The report contradicts the claim.
    #[serde(rename = "fails")]
    Fails,
    /// The report cannot decide: the claim says so, or its metric selects nothing comparable.
    #[serde(rename = "not measurable")]
    NotMeasurable,
}

impl Verdict {
    /// The verdict as reports show it.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Holds => "holds",
            Verdict::Fails => "fails",
            Verdict::NotMeasurable => "not measurable",
        }
    }
}

/// The outcome of one claim (the `claims[]` elements of `kcensus check --format json`).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Outcome {
    /// The claim's id.
    pub id: String,
    /// The claim's text.
    pub text: String,
    /// The metric as written (`None` for a claim without one).
    pub metric: Option<String>,
    /// The operator as written.
    pub op: &'static str,
    /// The expected value (`null` when there is none).
    pub expected: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Relative tolerance of `approx`.
    pub tolerance: Option<f64>,
    /// What the report holds (objects shortened to their name).
    pub actual: Value,
    /// Whether the claim holds.
    pub verdict: Verdict,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Why it is not measurable, how far off an `approx` is, or what `contains` misses.
    pub reason: Option<String>,
}

/// An error in a claims file, with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimsError {
    /// Line, from 1.
    pub line: usize,
    /// Column (in characters), from 1.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ClaimsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for ClaimsError {}

/// A top-level section of the report's JSON that a run did not produce because an input
/// it needs was not given (`cves` without `--cves VULNS`). A claim whose metric reads it is
/// not measured, with `reason`, never passed; the command decides its exit status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingSection {
    /// The section's key at the report's root (`cves`).
    pub key: String,
    /// Why it is missing and how to get it, shown as the claim's reason.
    pub reason: String,
}

impl Claim {
    /// The paths its metric reads (none for a claim without a metric).
    fn paths(&self) -> Vec<&Path> {
        match &self.metric {
            None => Vec::new(),
            Some((_, Metric::Path(p) | Metric::Count(p))) => vec![p],
            Some((_, Metric::Sum(ps))) => ps.iter().collect(),
        }
    }

    /// The first of `missing` that the claim's metric reads.
    pub fn reads_missing<'m>(&self, missing: &'m [MissingSection]) -> Option<&'m MissingSection> {
        self.paths()
            .into_iter()
            .find_map(|path| match path.steps.first() {
                Some(Step::Key(key)) => missing.iter().find(|m| &m.key == key),
                _ => None,
            })
    }
}

impl ClaimsFile {
    /// Check every metric's keys against the report; the first unknown key is an error at
    /// its claim's metric.
    pub fn check_metrics(&self, report: &Value) -> Result<(), ClaimsError> {
        self.check_metrics_without(report, &[])
    }

    /// [`ClaimsFile::check_metrics`] on a report lacking the `missing` sections: metrics
    /// reading them are not checked (they cannot be; [`ClaimsFile::evaluate_without`] marks
    /// their claims not measured).
    pub fn check_metrics_without(
        &self,
        report: &Value,
        missing: &[MissingSection],
    ) -> Result<(), ClaimsError> {
        let shape = shape(report);
        for claim in &self.claims {
            let Some((text, _)) = &claim.metric else {
                continue;
            };
            if claim.reads_missing(missing).is_some() {
                continue;
            }
            for path in claim.paths() {
                check_path(path, &shape).map_err(|message| ClaimsError {
                    line: claim.metric_at.0,
                    column: claim.metric_at.1,
                    message: format!("claim `{}`: metric `{text}`: {message}", claim.id),
                })?;
            }
        }
        Ok(())
    }

    /// Evaluate every claim on the report's JSON (`serde_json::to_value(&report)`).
    pub fn evaluate(&self, report: &Value) -> Vec<Outcome> {
        self.evaluate_without(report, &[])
    }

    /// [`ClaimsFile::evaluate`] on a report lacking the `missing` sections: a claim whose
    /// metric reads one is not measurable, with the section's reason (it fails closed: it
    /// never holds for want of data).
    pub fn evaluate_without(&self, report: &Value, missing: &[MissingSection]) -> Vec<Outcome> {
        self.claims
            .iter()
            .map(|c| match c.reads_missing(missing) {
                Some(section) => evaluate::not_measured(c, section.reason.clone()),
                None => evaluate(c, report),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
