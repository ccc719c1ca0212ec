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

use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeSet;
use std::fmt;

/// A parsed claims file.
#[derive(Debug, Clone)]
pub struct ClaimsFile {
    pub claims: Vec<Claim>,
}

/// One claim.
#[derive(Debug, Clone)]
pub struct Claim {
    pub id: String,
    /// The quoted text of the claim.
    pub text: String,
    /// The metric as written, and parsed; `None` for a claim marked `not_measurable`.
    pub metric: Option<(String, Metric)>,
    pub op: Op,
    pub expected: Option<Value>,
    /// Relative tolerance of `approx` (0.05 = 5 %).
    pub tolerance: Option<f64>,
    /// Why the report cannot measure this claim (set in the claims file).
    pub not_measurable: Option<String>,
    /// Line and column (1-based) of the claim's table, and of its metric.
    pub at: (usize, usize),
    pub metric_at: (usize, usize),
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Ge,
    Le,
    Gt,
    Lt,
    Approx,
    Exists,
    Absent,
    Contains,
}

impl Op {
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

    fn needs_expected(self) -> bool {
        !matches!(self, Op::Exists | Op::Absent)
    }
}

/// A metric: a path, or a function of paths.
#[derive(Debug, Clone, PartialEq)]
pub enum Metric {
    Path(Path),
    Count(Path),
    Sum(Vec<Path>),
}

/// A path into the report's JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    pub steps: Vec<Step>,
}

/// One step of a path.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Key(String),
    Index(usize),
    All,
    Select {
        key: String,
        cmp: Cmp,
        value: String,
    },
}

/// How a selector compares an element's field with its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Ne,
    StartsWith,
    EndsWith,
    Contains,
    NotContains,
}

impl Cmp {
    fn as_str(self) -> &'static str {
        match self {
            Cmp::Eq => "=",
            Cmp::Ne => "!=",
            Cmp::StartsWith => "^=",
            Cmp::EndsWith => "$=",
            Cmp::Contains => "*=",
            Cmp::NotContains => "!*=",
        }
    }

    fn test(self, field: &str, value: &str) -> bool {
        match self {
            Cmp::Eq => field == value,
            Cmp::Ne => field != value,
            Cmp::StartsWith => field.starts_with(value),
            Cmp::EndsWith => field.ends_with(value),
            Cmp::Contains => field.contains(value),
            Cmp::NotContains => !field.contains(value),
        }
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Key(k) => write!(f, "{k}"),
            Step::Index(i) => write!(f, "[{i}]"),
            Step::All => write!(f, "[*]"),
            Step::Select { key, cmp, value } => write!(f, "[{key}{}{value}]", cmp.as_str()),
        }
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.steps.iter().enumerate() {
            if i > 0 && matches!(step, Step::Key(_)) {
                write!(f, ".")?;
            }
            write!(f, "{step}")?;
        }
        Ok(())
    }
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// Parse a metric (`rust.files`, `count(drivers[kind=samples])`, `sum(a.code, b.code)`).
pub fn parse_metric(text: &str) -> Result<Metric, String> {
    let text = text.trim();
    for (name, count) in [("count", true), ("len", true), ("sum", false)] {
        if let Some(rest) = text.strip_prefix(name) {
            let rest = rest.trim_start();
            if let Some(inner) = rest.strip_prefix('(') {
                let inner = inner
                    .strip_suffix(')')
                    .ok_or_else(|| format!("`{name}(` without its closing `)`"))?;
                let paths = split_args(inner)?
                    .into_iter()
                    .map(parse_path)
                    .collect::<Result<Vec<_>, _>>()?;
                return if count {
                    match <[Path; 1]>::try_from(paths) {
                        Ok([path]) => Ok(Metric::Count(path)),
                        Err(_) => Err(format!("`{name}` takes one path")),
                    }
                } else if paths.is_empty() {
                    Err("`sum` takes at least one path".into())
                } else {
                    Ok(Metric::Sum(paths))
                };
            }
        }
    }
    Ok(Metric::Path(parse_path(text)?))
}

/// Split function arguments on commas outside brackets and quotes.
fn split_args(text: &str) -> Result<Vec<&str>, String> {
    let mut args = Vec::new();
    let (mut depth, mut quoted, mut start) = (0usize, false, 0);
    for (i, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '[' if !quoted => depth += 1,
            ']' if !quoted => depth = depth.saturating_sub(1),
            ',' if !quoted && depth == 0 => {
                args.push(text[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    args.push(text[start..].trim());
    if args.iter().any(|a| a.is_empty()) {
        return Err("empty argument".into());
    }
    Ok(args)
}

/// Parse a path (`areas[area=rust/kernel].code`).
pub fn parse_path(text: &str) -> Result<Path, String> {
    let chars: Vec<char> = text.trim().chars().collect();
    let mut steps = Vec::new();
    let mut i = 0;
    let word = |i: &mut usize| -> String {
        let start = *i;
        while *i < chars.len() && is_word(chars[*i]) {
            *i += 1;
        }
        chars[start..*i].iter().collect()
    };
    if chars.is_empty() {
        return Err("empty metric".into());
    }
    let mut expect_key = true;
    while i < chars.len() {
        if expect_key {
            let key = word(&mut i);
            if key.is_empty() {
                return Err(format!("expected a key at `{}`", rest(&chars, i)));
            }
            steps.push(Step::Key(key));
            expect_key = false;
        } else if chars[i] == '.' {
            i += 1;
            expect_key = true;
            if i == chars.len() {
                return Err("a key must follow `.`".into());
            }
        } else if chars[i] == '[' {
            let start = i + 1;
            let mut j = start;
            let mut quoted = false;
            while j < chars.len() && (quoted || chars[j] != ']') {
                if chars[j] == '"' {
                    quoted = !quoted;
                }
                j += 1;
            }
            if j == chars.len() {
                return Err(format!(
                    "`[` without its closing `]` at `{}`",
                    rest(&chars, i)
                ));
            }
            let inner: String = chars[start..j].iter().collect();
            steps.push(parse_selector(inner.trim())?);
            i = j + 1;
        } else {
            return Err(format!("expected `.` or `[` at `{}`", rest(&chars, i)));
        }
    }
    Ok(Path { steps })
}

fn rest(chars: &[char], at: usize) -> String {
    chars[at..].iter().collect()
}

fn unquote(text: &str) -> String {
    let t = text.trim();
    if t.len() >= 2 && t.starts_with('"') && t.ends_with('"') {
        t[1..t.len() - 1].to_string()
    } else {
        t.to_string()
    }
}

fn parse_selector(inner: &str) -> Result<Step, String> {
    if inner == "*" {
        return Ok(Step::All);
    }
    if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit()) {
        return inner
            .parse()
            .map(Step::Index)
            .map_err(|_| format!("index `{inner}` is too large"));
    }
    if inner.len() >= 2 && inner.starts_with('"') && inner.ends_with('"') {
        return Ok(Step::Key(unquote(inner)));
    }
    let key_end = inner.find(|c: char| !is_word(c)).unwrap_or(inner.len());
    let key = &inner[..key_end];
    let after = &inner[key_end..];
    let ops = [
        ("!*=", Cmp::NotContains),
        ("!=", Cmp::Ne),
        ("^=", Cmp::StartsWith),
        ("$=", Cmp::EndsWith),
        ("*=", Cmp::Contains),
        ("=", Cmp::Eq),
    ];
    for (text, cmp) in ops {
        if let Some(value) = after.strip_prefix(text) {
            if key.is_empty() {
                break;
            }
            return Ok(Step::Select {
                key: key.to_string(),
                cmp,
                value: unquote(value),
            });
        }
    }
    Err(format!(
        "selector `[{inner}]` is none of `[N]`, `[*]`, `[\"key\"]`, `[key=value]` (or `!=`, `^=`, `$=`, `*=`, `!*=`)"
    ))
}

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
fn shape(value: &Value) -> Value {
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
fn check_path(path: &Path, shape: &Value) -> Result<(), String> {
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
                _ => return Err(format!("{label} is a {}, it has no key `{key}`", kind(here))),
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
                _ => return Err(format!("{label} is a {}, not an array: `{step}` needs one", kind(here))),
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

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The values a path selects, and why there are none when there are none.
#[derive(Debug, Clone, PartialEq)]
pub struct Selection<'a> {
    pub values: Vec<&'a Value>,
    /// Whether the path may select several values (`[*]`, `[key=value]`).
    pub many: bool,
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

/// A claim's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Verdict {
    #[serde(rename = "holds")]
    Holds,
    #[serde(rename = "fails")]
    Fails,
    #[serde(rename = "not measurable")]
    NotMeasurable,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Holds => "holds",
            Verdict::Fails => "fails",
            Verdict::NotMeasurable => "not measurable",
        }
    }
}

/// The outcome of one claim (the `claims[]` elements of `kcensus check --format json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    pub id: String,
    pub text: String,
    pub metric: Option<String>,
    pub op: &'static str,
    pub expected: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<f64>,
    pub actual: Value,
    pub verdict: Verdict,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// An error in a claims file, with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimsError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ClaimsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for ClaimsError {}

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

/// Parse a claims file. Errors carry the line and column of the offending text.
pub fn parse(text: &str) -> Result<ClaimsFile, ClaimsError> {
    let at = |offset: usize, message: String| {
        let (line, column) = line_col(text, offset);
        ClaimsError {
            line,
            column,
            message,
        }
    };
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        at(
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
            return Err(at(id_at, "empty claim id".into()));
        }
        if !ids.insert(id.clone()) {
            return Err(at(id_at, format!("claim `{id}` is defined twice")));
        }
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
        claims.push(Claim {
            id,
            text: raw.text,
            metric,
            op,
            expected,
            tolerance,
            not_measurable: raw.not_measurable,
            at: line_col(text, start),
            metric_at,
        });
    }
    if claims.is_empty() {
        return Err(at(
            0,
            "no claims: write each one as a `[[claim]]` table".into(),
        ));
    }
    Ok(ClaimsFile { claims })
}

impl ClaimsFile {
    /// Check every metric's keys against the report; the first unknown key is an error at
    /// its claim's metric.
    pub fn check_metrics(&self, report: &Value) -> Result<(), ClaimsError> {
        let shape = shape(report);
        for claim in &self.claims {
            let Some((text, metric)) = &claim.metric else {
                continue;
            };
            let paths: Vec<&Path> = match metric {
                Metric::Path(p) | Metric::Count(p) => vec![p],
                Metric::Sum(ps) => ps.iter().collect(),
            };
            for path in paths {
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
        self.claims.iter().map(|c| evaluate(c, report)).collect()
    }
}

/// What a metric measures: a value, or the reason there is none.
enum Measured<'a> {
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

fn measure<'a>(metric: &Metric, report: &'a Value) -> Result<Measured<'a>, String> {
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
                        total += as_f64(item)
                            .ok_or_else(|| format!("`{path}` is a {}, not a number", kind(item)))?;
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
        Op::Exists | Op::Absent => {
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
        Op::Contains => {
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
            let wanted: Vec<&Value> = match &expected {
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
        _ => {
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
            let numbers = (as_f64(&actual), as_f64(&expected));
            let verdict = match (claim.op, numbers) {
                (Op::Eq, _) => holds(same(&actual, &expected)),
                (Op::Ne, _) => holds(!same(&actual, &expected)),
                (op, (Some(a), Some(e))) => holds(match op {
                    Op::Ge => a >= e,
                    Op::Le => a <= e,
                    Op::Gt => a > e,
                    Op::Lt => a < e,
                    _ => (a - e).abs() <= claim.tolerance.unwrap_or(0.0) * e.abs(),
                }),
                (op, _) => {
                    let reason = format!(
                        "`{}` compares numbers; the metric is a {} and expected a {}",
                        op.as_str(),
                        kind(&actual),
                        kind(&expected)
                    );
                    return outcome(
                        claim,
                        summarize(actual),
                        Verdict::NotMeasurable,
                        Some(reason),
                    );
                }
            };
            let reason = match (claim.op, as_f64(&actual), as_f64(&expected)) {
                (Op::Approx, Some(a), Some(e)) if e != 0.0 => {
                    Some(format!("off by {:+.1} %", (a - e) / e.abs() * 100.0))
                }
                _ => None,
            };
            outcome(claim, summarize(actual), verdict, reason)
        }
    }
}

/// A short stand-in for an object or array in an outcome: objects by their name-like field.
fn summary(value: &Value) -> Value {
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

fn summarize(value: Value) -> Value {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn report() -> Value {
        json!({
            "rust": {"files": 163, "blank": 4083, "comment": 17760, "code": 20064},
            "areas": [
                {"area": "rust/kernel", "files": 101, "code": 13500},
                {"area": "rust (other)", "files": 5, "code": 149},
                {"area": "drivers", "files": 17, "code": 1913, "unsafe_blocks": 0}
            ],
            "drivers": [
                {"name": "rust_binder", "kind": "drivers", "code": 7495, "kconfig": null},
                {"name": "rust_minimal", "kind": "samples", "code": 46, "kconfig": "SAMPLE_RUST_MINIMAL"},
                {"name": "rust_print", "kind": "samples", "code": 75, "kconfig": null}
            ],
            "exports": [
                {"symbol": "init_module", "kind": "module lifecycle", "c_callers": []},
                {"symbol": "drm_panic_qr_generate", "kind": "other", "c_callers": ["drivers/gpu/drm/drm_panic.c"]}
            ],
            "architectures": [{"arch": "x86", "condition": "X86_64"}, {"arch": "um", "condition": null}],
            "bindings": {"helper_headers": ["linux/fs.h", "linux/mm.h"], "uses_by_area": {"rust/kernel": 9}},
            "vendored": []
        })
    }

    fn values(metric: &str) -> Vec<Value> {
        let r = report();
        let Metric::Path(p) = parse_metric(metric).unwrap() else {
            panic!()
        };
        select(&p, &r).values.into_iter().cloned().collect()
    }

    fn run(toml: &str) -> Vec<Outcome> {
        let file = parse(toml).unwrap();
        file.check_metrics(&report()).unwrap();
        file.evaluate(&report())
    }

    fn one(metric: &str, op: &str, expected: &str) -> Outcome {
        let exp = if expected.is_empty() {
            String::new()
        } else {
            format!("expected = {expected}\n")
        };
        let tol = if op == "approx" {
            "tolerance = 0.05\n"
        } else {
            ""
        };
        run(&format!(
            "[[claim]]\nid = \"x\"\ntext = \"t\"\nmetric = '{metric}'\nop = \"{op}\"\n{exp}{tol}"
        ))
        .remove(0)
    }

    #[test]
    fn claims_paths_select() {
        assert_eq!(values("rust.files"), vec![json!(163)]);
        assert_eq!(values("areas[area=rust/kernel].code"), vec![json!(13500)]);
        assert_eq!(values("areas[area=rust (other)].files"), vec![json!(5)]);
        assert_eq!(values("areas[area=\"rust (other)\"].files"), vec![json!(5)]);
        assert_eq!(values("areas[1].area"), vec![json!("rust (other)")]);
        assert_eq!(
            values("drivers[kind=samples].name"),
            vec![json!("rust_minimal"), json!("rust_print")]
        );
        assert_eq!(values("drivers[name^=rust_b].code"), vec![json!(7495)]);
        assert_eq!(values("drivers[name$=_print].code"), vec![json!(75)]);
        assert_eq!(values("drivers[name*=mini].code"), vec![json!(46)]);
        assert_eq!(values("drivers[name!*=rust_].code"), Vec::<Value>::new());
        assert_eq!(
            values("drivers[kind!=samples].name"),
            vec![json!("rust_binder")]
        );
        assert_eq!(
            values("drivers[*].kconfig"),
            vec![json!("SAMPLE_RUST_MINIMAL")]
        );
        assert_eq!(
            values("architectures[*].arch"),
            vec![json!("x86"), json!("um")]
        );
        assert_eq!(
            values("bindings.uses_by_area[\"rust/kernel\"]"),
            vec![json!(9)]
        );
        assert_eq!(
            values("exports[kind=other].c_callers[0]"),
            vec![json!("drivers/gpu/drm/drm_panic.c")]
        );
        assert_eq!(values("areas[9]"), Vec::<Value>::new());
    }

    #[test]
    fn claims_metric_syntax_errors() {
        for bad in [
            "",
            "rust.",
            "rust..files",
            "areas[area=x",
            "areas[]",
            "areas[=x]",
            "count(a, b)",
            "sum()",
            "count(rust",
            "rust files",
        ] {
            assert!(parse_metric(bad).is_err(), "{bad} should not parse");
        }
        assert_eq!(
            parse_metric("sum(rust.blank, areas[area=a,b].code)").unwrap(),
            Metric::Sum(vec![
                parse_path("rust.blank").unwrap(),
                parse_path("areas[area=a,b].code").unwrap()
            ])
        );
        assert_eq!(
            parse_path("drivers[name=rust_binder].unsafe.grep_lines")
                .unwrap()
                .to_string(),
            "drivers[name=rust_binder].unsafe.grep_lines"
        );
    }

    #[test]
    fn claims_functions() {
        let r = report();
        let value = |m: &str| match measure(&parse_metric(m).unwrap(), &r) {
            Ok(Measured::Value(v)) => Ok(v),
            Ok(Measured::Selection(_)) => panic!(),
            Err(e) => Err(e),
        };
        assert_eq!(value("count(drivers)"), Ok(json!(3)));
        assert_eq!(value("len(bindings.helper_headers)"), Ok(json!(2)));
        assert_eq!(value("count(drivers[kind=samples])"), Ok(json!(2)));
        assert_eq!(value("count(drivers[kind=nope])"), Ok(json!(0)));
        assert_eq!(value("count(vendored)"), Ok(json!(0)));
        assert_eq!(
            value("sum(rust.blank, rust.comment, rust.code)"),
            Ok(json!(41907))
        );
        assert_eq!(value("sum(drivers[kind=samples].code)"), Ok(json!(121)));
        assert!(value("sum(drivers[name=nope].code)")
            .unwrap_err()
            .contains("name=nope"));
        assert!(value("sum(drivers[*].name)")
            .unwrap_err()
            .contains("not a number"));
    }

    #[test]
    fn claims_ops() {
        use Verdict::*;
        assert_eq!(one("rust.files", "==", "163").verdict, Holds);
        assert_eq!(one("rust.files", "==", "163.0").verdict, Holds);
        assert_eq!(one("rust.files", "==", "164").verdict, Fails);
        assert_eq!(one("rust.files", "!=", "164").verdict, Holds);
        assert_eq!(one("rust.files", ">=", "163").verdict, Holds);
        assert_eq!(one("rust.files", ">", "163").verdict, Fails);
        assert_eq!(one("rust.files", "<=", "100").verdict, Fails);
        assert_eq!(one("rust.files", "<", "200").verdict, Holds);
        assert_eq!(
            one("drivers[name=rust_binder].code", "approx", "8000").verdict,
            Fails
        );
        let near = one("drivers[name=rust_binder].code", "approx", "7600");
        assert_eq!(
            (near.verdict, near.reason.as_deref()),
            (Holds, Some("off by -1.4 %"))
        );
        assert_eq!(
            one("drivers[name=rust_binder]", "exists", "").verdict,
            Holds
        );
        assert_eq!(
            one("drivers[name=rust_binder]", "exists", "").actual,
            json!("rust_binder")
        );
        assert_eq!(
            one("drivers[name=rust_binder]", "absent", "").verdict,
            Fails
        );
        assert_eq!(one("drivers[name=rust_nope]", "absent", "").verdict, Holds);
        assert_eq!(
            one("drivers[name=rust_binder].kconfig", "absent", "").verdict,
            Holds
        );
        assert_eq!(
            one("exports[kind=other]", "absent", "").actual,
            json!("drm_panic_qr_generate")
        );
        assert_eq!(
            one("drivers[kind=samples]", "exists", "").actual,
            json!(["rust_minimal", "rust_print"])
        );
        assert_eq!(
            one("architectures[*].arch", "contains", "\"x86\"").verdict,
            Holds
        );
        assert_eq!(
            one("architectures[*].arch", "contains", "[\"x86\", \"um\"]").verdict,
            Holds
        );
        let missing = one("architectures[*].arch", "contains", "[\"x86\", \"s390\"]");
        assert_eq!(
            (missing.verdict, missing.reason.as_deref()),
            (Fails, Some("missing: s390"))
        );
        assert_eq!(
            one("bindings.helper_headers", "contains", "\"linux/fs.h\"").verdict,
            Holds
        );
        assert_eq!(
            one("bindings.helper_headers", "contains", "\"fs.h\"").verdict,
            Fails
        );
        assert_eq!(
            one("areas[0].area", "contains", "\"kernel\"").verdict,
            Holds
        );
        // No data: not measurable, with the reason.
        let none = one("drivers[name=nope].code", ">=", "1");
        assert_eq!(none.verdict, NotMeasurable);
        assert_eq!(
            none.reason.as_deref(),
            Some("`drivers` has no element with name=nope")
        );
        assert_eq!(
            one("vendored[name=syn].code", "==", "1").verdict,
            NotMeasurable
        );
        assert_eq!(one("drivers[0].name", ">=", "1").verdict, NotMeasurable);
    }

    #[test]
    fn claims_unknown_keys_are_errors() {
        let file = |metric: &str| {
            parse(&format!("# a comment\n\n[[claim]]\nid = \"x\"\ntext = \"t\"\nmetric = \"{metric}\"\nop = \"exists\"\n")).unwrap()
        };
        for (metric, words) in [
            ("rust.lines", "unknown key `lines` in `rust`"),
            ("nope", "unknown key `nope` in the report"),
            (
                "drivers[nam=x]",
                "unknown key `nam` in the elements of `drivers`",
            ),
            (
                "drivers[name=x].cod",
                "unknown key `cod` in `drivers[name=x]`",
            ),
            ("drivers.name", "is an array"),
            ("rust[0]", "not an array"),
        ] {
            let e = file(metric).check_metrics(&report()).unwrap_err();
            assert_eq!((e.line, e.column), (6, 10), "{metric}");
            assert!(e.message.contains(words), "{metric}: {}", e.message);
        }
        // Below an empty array, keys cannot be checked: accepted, then not measurable.
        assert!(file("vendored[name=syn].whatever")
            .check_metrics(&report())
            .is_ok());
    }

    #[test]
    fn claims_malformed_files() {
        let err = |text: &str| parse(text).unwrap_err();
        let e = err("[[claim]]\nid = \"a\"\ntext = \"t\nmetric = \"rust.files\"\n");
        assert_eq!((e.line, e.column), (3, 10), "{e}");
        let e = err("[[claim]]\nid = \"a\"\ntext = \"t\"\nmetric = \"rust.files\"\nop = \"=~\"\nexpected = 1\n");
        assert_eq!(
            (e.line, e.column, e.message.contains("unknown op `=~`")),
            (5, 6, true),
            "{e}"
        );
        let e = err("[[claim]]\nid = \"a\"\ntext = \"t\"\nmetrc = \"rust.files\"\n");
        assert_eq!(e.line, 4, "{e}");
        assert!(e.message.contains("metrc"), "{e}");
        let e = err("[[claim]]\nid = \"a\"\ntext = \"t\"\nmetric = \"rust.files\"\nop = \"==\"\n");
        assert_eq!(
            (e.line, e.message.contains("needs `expected`")),
            (1, true),
            "{e}"
        );
        let e = err("[[claim]]\nid = \"a\"\ntext = \"t\"\nmetric = \"rust.files\"\nop = \"approx\"\nexpected = 1\n");
        assert!(e.message.contains("tolerance"), "{e}");
        let e =
            err("[[claim]]\nid = \"a\"\ntext = \"t\"\nmetric = \"rust..files\"\nop = \"exists\"\n");
        assert_eq!(
            (e.line, e.column, e.message.contains("bad metric")),
            (4, 10, true),
            "{e}"
        );
        let e = err("[[claim]]\nid = \"a\"\ntext = \"t\"\nmetric = \"rust\"\nop = \"exists\"\n[[claim]]\nid = \"a\"\ntext = \"u\"\nmetric = \"rust\"\nop = \"exists\"\n");
        assert_eq!((e.line, e.message.contains("twice")), (7, true), "{e}");
        assert!(err("").message.contains("no claims"));
    }

    #[test]
    fn claims_not_measurable_by_declaration() {
        let out = run("[[claim]]\nid = \"c\"\ntext = \"about 200 lines of C\"\nnot_measurable = \"the report counts no C files\"\nexpected = 200\n");
        assert_eq!(out[0].verdict, Verdict::NotMeasurable);
        assert_eq!(
            out[0].reason.as_deref(),
            Some("the report counts no C files")
        );
        assert_eq!(out[0].expected, json!(200));
    }
}
