//! `kcensus check` output: a verdict table, Markdown, or JSON.

use crate::claims::{display, Outcome, Verdict};
use serde_json::Value;

/// Longest quoted text shown in the table before it is cut with `…`.
const TEXT_WIDTH: usize = 48;
/// Longest actual or expected value shown in the table.
const VALUE_WIDTH: usize = 40;

fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut out: String = text.chars().take(width - 1).collect();
        out.push('…');
        out
    }
}

/// What the claim expects, as written: `== 163`, `approx 8000 (±10%)`, `exists`.
pub fn expected(outcome: &Outcome) -> String {
    match (outcome.op, &outcome.expected) {
        (_, Value::Null) if outcome.metric.is_none() => display(&outcome.expected),
        (op, Value::Null) => op.to_string(),
        ("approx", value) => format!(
            "≈ {} (±{}%)",
            display(value),
            outcome.tolerance.map_or(0.0, |t| t * 100.0)
        ),
        (op, value) => format!("{op} {}", display(value)),
    }
}

fn actual(outcome: &Outcome) -> String {
    display(&outcome.actual)
}

fn verdict(outcome: &Outcome) -> String {
    match &outcome.reason {
        Some(reason) if outcome.verdict == Verdict::NotMeasurable => {
            format!("{}: {reason}", outcome.verdict.as_str())
        }
        Some(reason) => format!("{} ({reason})", outcome.verdict.as_str()),
        None => outcome.verdict.as_str().to_string(),
    }
}

fn tally(outcomes: &[Outcome]) -> String {
    let count = |v: Verdict| outcomes.iter().filter(|o| o.verdict == v).count();
    format!(
        "{} claims: {} hold, {} fail, {} not measurable",
        outcomes.len(),
        count(Verdict::Holds),
        count(Verdict::Fails),
        count(Verdict::NotMeasurable)
    )
}

/// Aligned columns for a terminal: id, quoted text (cut), expected, actual, verdict.
pub fn table(outcomes: &[Outcome]) -> String {
    let header = ["claim", "text", "expected", "actual", "verdict"].map(String::from);
    let rows: Vec<[String; 5]> = outcomes
        .iter()
        .map(|o| {
            [
                o.id.clone(),
                format!("\"{}\"", cut(&o.text, TEXT_WIDTH)),
                cut(&expected(o), VALUE_WIDTH),
                cut(&actual(o), VALUE_WIDTH),
                verdict(o),
            ]
        })
        .collect();
    let mut widths = header.clone().map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                let pad = widths[i] - cell.chars().count() + 2;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&tally(outcomes));
    out.push('\n');
    out
}

fn md_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// A Markdown table with the full texts, then the tally.
pub fn markdown(outcomes: &[Outcome]) -> String {
    let mut out = String::from(
        "| Claim | Text | Metric | Expected | Actual | Verdict |\n|---|---|---|---|---|---|\n",
    );
    for o in outcomes {
        let metric = o
            .metric
            .as_deref()
            .map_or("–".to_string(), |m| format!("`{}`", m.replace('`', "'")));
        out.push_str(&format!(
            "| `{}` | “{}” | {} | {} | {} | **{}**{} |\n",
            md_cell(&o.id),
            md_cell(&o.text),
            md_cell(&metric),
            md_cell(&expected(o)),
            md_cell(&actual(o)),
            o.verdict.as_str(),
            o.reason
                .as_deref()
                .map_or(String::new(), |r| format!(": {}", md_cell(r)))
        ));
    }
    out.push('\n');
    out.push_str(&tally(outcomes));
    out.push_str(".\n");
    out
}

/// The document `kcensus check --format json` prints (its JSON Schema is generated from it).
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct CheckJson<'a> {
    /// Each claim's outcome, in the claims file's order.
    pub claims: &'a [Outcome],
}

/// `{"claims": [{id, text, metric, op, expected, tolerance?, actual, verdict, reason?}]}`, keys
/// sorted.
pub fn json(outcomes: &[Outcome]) -> String {
    let doc = serde_json::to_value(CheckJson { claims: outcomes }).unwrap_or_default();
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}
