//! `kcensus history` output: a terminal table, CSV (one row per point, one column per
//! series), JSON (SCHEMA.md) and a Markdown section with the series and the projection.

use super::{csv_field, markdown_cell, thousands};
use crate::model::history::{History, Projection, Series};
use std::fmt::Write;

/// JSON: the whole [`History`], pretty-printed.
pub fn json(history: &History) -> String {
    let mut text = serde_json::to_string_pretty(history).unwrap_or_default();
    text.push('\n');
    text
}

/// A value as a table shows it: whole numbers with separators, others with one decimal.
fn value(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        let whole = v.abs() as u64;
        if v < 0.0 {
            format!("-{}", thousands(whole))
        } else {
            thousands(whole)
        }
    } else {
        format!("{v:.1}")
    }
}

/// The series a terminal table shows (all of them go to CSV, JSON and Markdown).
const TABLE_SERIES: &[(&str, &str)] = &[
    ("rust_files", "files"),
    ("rust_code", "code"),
    ("rust_own_code", "own code"),
    ("modules", "modules"),
    ("drivers", "drivers"),
    ("unsafe_blocks", "unsafe"),
    ("unsafe_per_kloc", "/kLOC"),
    ("safety_comment_percent", "SAFETY%"),
    ("exports", "exports"),
    ("architectures", "arches"),
];

fn find<'a>(history: &'a History, key: &str) -> Option<&'a Series> {
    history.series.iter().find(|s| s.key == key)
}

/// A terminal table: one row per point, the main series as columns, then the projections.
pub fn table(history: &History) -> String {
    let mut out = String::new();
    let _ = write!(out, "{:<12} {:<10}", "release", "date");
    for (_, head) in TABLE_SERIES {
        let _ = write!(out, " {head:>8}");
    }
    out.push('\n');
    let _ = writeln!(out, "{}", "-".repeat(23 + 9 * TABLE_SERIES.len()));
    for (i, point) in history.points.iter().enumerate() {
        let label: String = point.label().chars().take(12).collect();
        let date = point.release_date.as_deref().unwrap_or("–");
        let _ = write!(out, "{label:<12} {date:<10}");
        for (key, _) in TABLE_SERIES {
            let v = find(history, key).map_or(0.0, |s| s.values[i]);
            let _ = write!(out, " {:>8}", value(v));
        }
        out.push('\n');
    }
    out.push('\n');
    cves_table(&mut out, history);
    projections_text(&mut out, history, false);
    out
}

/// The CVE series (`--cves`) as a second terminal table; nothing without them.
fn cves_table(out: &mut String, history: &History) {
    const COLUMNS: &[(&str, &str)] = &[
        ("cves_affecting:Rust", "Rust"),
        ("cves_affecting:C", "C"),
        ("cves_introduced:Rust", "Rust"),
        ("cves_introduced:C", "C"),
    ];
    let columns: Vec<&Series> = COLUMNS
        .iter()
        .filter_map(|(k, _)| find(history, k))
        .collect();
    if columns.len() != COLUMNS.len() {
        return;
    }
    let _ = writeln!(
        out,
        "{:<12} {:>17} {:>17}",
        "CVE records", "affecting release", "introduced in it"
    );
    let _ = write!(out, "{:<12}", "release");
    for (_, head) in COLUMNS {
        let _ = write!(out, " {head:>8}");
    }
    out.push('\n');
    let _ = writeln!(out, "{}", "-".repeat(12 + 9 * COLUMNS.len()));
    for (i, point) in history.points.iter().enumerate() {
        let label: String = point.label().chars().take(12).collect();
        let _ = write!(out, "{label:<12}");
        for series in &columns {
            let _ = write!(out, " {:>8}", value(series.values[i]));
        }
        out.push('\n');
    }
    out.push('\n');
}

/// The projections as lines of text (or Markdown table rows), then the fits left out and why.
fn projections_text(out: &mut String, history: &History, markdown: bool) {
    projection_rows(out, history, markdown);
    if !history.unprojected.is_empty() {
        out.push('\n');
    }
    for u in &history.unprojected {
        let line = format!("No {} projection of {}: {}.", u.model, u.key, u.reason);
        if markdown {
            let _ = writeln!(out, "{line}\n");
        } else {
            let _ = writeln!(out, "{line}");
        }
    }
}

/// The projections as lines of text (or Markdown table rows).
fn projection_rows(out: &mut String, history: &History, markdown: bool) {
    if history.projections.is_empty() {
        if history.unprojected.is_empty() {
            let _ = writeln!(
                out,
                "No projection: it needs at least three inputs with distinct release dates."
            );
        }
        return;
    }
    let horizons: Vec<&str> = history.projections[0]
        .projected
        .iter()
        .map(|p| p.date.as_str())
        .collect();
    if markdown {
        let _ = write!(out, "| series | model | R² | growth per year |");
        for date in &horizons {
            let _ = write!(out, " {date} |");
        }
        let _ = write!(out, "\n|---|---|---:|---:|");
        for _ in &horizons {
            out.push_str("---:|");
        }
        out.push('\n');
    } else {
        let _ = writeln!(
            out,
            "EXTRAPOLATION — least-squares fits on release dates, not a forecast:"
        );
        let _ = write!(
            out,
            "{:<15} {:<12} {:>6} {:>12}",
            "series", "model", "R²", "growth/yr"
        );
        for date in &horizons {
            let _ = write!(out, " {date:>11}");
        }
        out.push('\n');
    }
    for p in &history.projections {
        let growth = growth(p);
        if markdown {
            let _ = write!(
                out,
                "| {} | {} | {:.3} | {growth} |",
                p.key, p.model, p.r_squared
            );
            for v in &p.projected {
                let _ = write!(out, " {} |", value(v.value));
            }
        } else {
            let _ = write!(
                out,
                "{:<15} {:<12} {:>6.3} {growth:>12}",
                p.key, p.model, p.r_squared
            );
            for v in &p.projected {
                let _ = write!(out, " {:>11}", value(v.value));
            }
        }
        out.push('\n');
    }
}

fn growth(p: &Projection) -> String {
    if p.model == "exponential" {
        format!("{:+.1}%", p.growth_per_year)
    } else {
        format!("{:+}", value(p.growth_per_year))
    }
}

/// CSV: one row per point; identity columns, then every series by key.
pub fn csv(history: &History) -> String {
    let mut out = String::from("input,revision,kernel_version,release_date,release_date_source");
    for s in &history.series {
        out.push(',');
        out.push_str(&csv_field(&s.key));
    }
    out.push('\n');
    for (i, point) in history.points.iter().enumerate() {
        let fields = [
            point.input.as_str(),
            point.revision.as_deref().unwrap_or(""),
            point.kernel_version.as_deref().unwrap_or(""),
            point.release_date.as_deref().unwrap_or(""),
            point.release_date_source.as_deref().unwrap_or(""),
        ];
        let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&row.join(","));
        for s in &history.series {
            let _ = write!(out, ",{}", s.values[i]);
        }
        out.push('\n');
    }
    out
}

/// Markdown: every series as a table over the releases, then the projection, labelled.
pub fn markdown(history: &History) -> String {
    let mut out = String::from("# Rust in Linux across releases\n\n");
    let first = history
        .points
        .first()
        .map(|p| p.label())
        .unwrap_or_default();
    let last = history.points.last().map(|p| p.label()).unwrap_or_default();
    let _ = writeln!(
        out,
        "{} trees, from {} to {}. Release dates are those of the mainline series; figures \
         \"without vendored\" leave out third-party crates copied into `rust/`.\n",
        history.points.len(),
        markdown_cell(&first),
        markdown_cell(&last)
    );
    out.push_str("| figure |");
    for p in &history.points {
        let _ = write!(out, " {} |", markdown_cell(&p.label()));
    }
    out.push_str("\n|---|");
    for _ in &history.points {
        out.push_str("---:|");
    }
    out.push('\n');
    let _ = write!(out, "| release date |");
    for p in &history.points {
        let _ = write!(out, " {} |", p.release_date.as_deref().unwrap_or("–"));
    }
    out.push('\n');
    for s in &history.series {
        let _ = write!(out, "| {} |", markdown_cell(&s.label));
        for v in &s.values {
            let _ = write!(out, " {} |", value(*v));
        }
        out.push('\n');
    }
    out.push_str("\n## Future direction (extrapolation)\n\n");
    if !history.projections.is_empty() {
        out.push_str(
            "**This is an extrapolation, not a forecast**: each series is fitted by least squares \
             against the release dates, as a straight line (value = a + b·t) and as an \
             exponential (value = a·e^(b·t)), and the fits are carried forward. R² says how \
             well each fits the releases measured.\n\n",
        );
    }
    projections_text(&mut out, history, true);
    let estimated: Vec<String> = history
        .points
        .iter()
        .filter(|p| p.release_date_source.as_deref() != Some("release table"))
        .filter_map(|p| {
            Some(format!(
                "{} ({})",
                p.label(),
                p.release_date_source.as_deref()?
            ))
        })
        .collect();
    if !estimated.is_empty() {
        let _ = writeln!(
            out,
            "\nRelease dates not from kernel.org's tags: {}.",
            markdown_cell(&estimated.join(", "))
        );
    }
    out
}
