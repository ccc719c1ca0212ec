//! `kcensus count` output: a cloc-like table, JSON, or CSV.

use super::csv_field;
use crate::model::{Census, LanguageTotals};
use serde_json::json;
use std::fmt::Write;

/// What to show besides the per-language totals.
#[derive(Debug, Clone, Copy, Default)]
pub struct CountView {
    /// One row per file.
    pub by_file: bool,
    /// One row per folder at this depth.
    pub by_dir: Option<usize>,
}

/// One line saying how many files were counted and why the others were not.
pub fn summary_line(census: &Census) -> String {
    let mut line = format!(
        "{} files counted, {} not counted",
        census.files.len(),
        census.skipped.len()
    );
    let reasons = census.skipped_by_reason();
    if !reasons.is_empty() {
        let parts: Vec<String> = reasons.iter().map(|(r, n)| format!("{n} {r}")).collect();
        let _ = write!(line, " ({})", parts.join(", "));
    }
    line
}

const RULE: &str =
    "-----------------------------------------------------------------------------------------------";

fn table_rows(out: &mut String, title: &str, rows: &[LanguageTotals], total: &LanguageTotals) {
    let width = rows
        .iter()
        .map(|r| r.language.len())
        .chain([title.len(), 4])
        .max()
        .unwrap_or(8)
        .max(28);
    let rule = &RULE[..(width + 60).min(RULE.len())];
    let _ = writeln!(out, "{rule}");
    let _ = writeln!(
        out,
        "{title:<width$} {:>14} {:>14} {:>14} {:>14}",
        "files", "blank", "comment", "code"
    );
    let _ = writeln!(out, "{rule}");
    for r in rows {
        let _ = writeln!(
            out,
            "{:<width$} {:>14} {:>14} {:>14} {:>14}",
            r.language, r.files, r.lines.blank, r.lines.comment, r.lines.code
        );
    }
    let _ = writeln!(out, "{rule}");
    let _ = writeln!(
        out,
        "{:<width$} {:>14} {:>14} {:>14} {:>14}",
        "SUM:", total.files, total.lines.blank, total.lines.comment, total.lines.code
    );
    let _ = writeln!(out, "{rule}");
}

/// The cloc-like table.
pub fn table(census: &Census, view: CountView) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", summary_line(census));
    let total = census.total();
    if view.by_file {
        let rule = "-".repeat(100);
        let _ = writeln!(out, "{rule}");
        let _ = writeln!(
            out,
            "{:<60} {:>12} {:>12} {:>12}",
            "File", "blank", "comment", "code"
        );
        let _ = writeln!(out, "{rule}");
        for f in &census.files {
            let _ = writeln!(
                out,
                "{:<60} {:>12} {:>12} {:>12}",
                f.path, f.lines.blank, f.lines.comment, f.lines.code
            );
        }
        let _ = writeln!(out, "{rule}");
    }
    if let Some(depth) = view.by_dir {
        table_rows(&mut out, "Folder", &census.by_dir(depth), &total);
    }
    table_rows(&mut out, "Language", &census.by_language(), &total);
    out
}

fn totals_json(rows: &[LanguageTotals], key: &str) -> Vec<serde_json::Value> {
    rows.iter()
        .map(|r| {
            json!({
                key: r.language,
                "files": r.files,
                "blank": r.lines.blank,
                "comment": r.lines.comment,
                "code": r.lines.code,
            })
        })
        .collect()
}

/// JSON: `languages`, `total`, `summary`, `skipped`, and `files`/`dirs` when asked for.
pub fn json(census: &Census, view: CountView) -> String {
    let mut doc = serde_json::Map::new();
    doc.insert(
        "languages".into(),
        totals_json(&census.by_language(), "language").into(),
    );
    let total = census.total();
    doc.insert(
        "total".into(),
        json!({"files": total.files, "blank": total.lines.blank, "comment": total.lines.comment, "code": total.lines.code}),
    );
    if view.by_file {
        let files: Vec<serde_json::Value> = census
            .files
            .iter()
            .map(|f| {
                json!({"path": f.path, "language": f.language, "blank": f.lines.blank, "comment": f.lines.comment, "code": f.lines.code})
            })
            .collect();
        doc.insert("files".into(), files.into());
    }
    if let Some(depth) = view.by_dir {
        doc.insert(
            "dirs".into(),
            totals_json(&census.by_dir(depth), "dir").into(),
        );
    }
    let skipped: Vec<serde_json::Value> = census
        .skipped
        .iter()
        .map(|s| json!({"path": s.path, "reason": s.reason}))
        .collect();
    doc.insert("skipped".into(), skipped.into());
    let reasons: serde_json::Map<String, serde_json::Value> = census
        .skipped_by_reason()
        .into_iter()
        .map(|(r, n)| (r, n.into()))
        .collect();
    doc.insert(
        "summary".into(),
        json!({"counted": census.files.len(), "not_counted": census.skipped.len(), "not_counted_by_reason": reasons}),
    );
    let mut text =
        serde_json::to_string_pretty(&serde_json::Value::Object(doc)).unwrap_or_default();
    text.push('\n');
    text
}

/// CSV in cloc's column order: `language,filename,blank,comment,code` with `--by-file`,
/// `files,language,blank,comment,code` otherwise (and `files,dir,...` for `--by-dir`).
pub fn csv(census: &Census, view: CountView) -> String {
    let mut out = String::new();
    if view.by_file {
        out.push_str("language,filename,blank,comment,code\n");
        for f in &census.files {
            let _ = writeln!(
                out,
                "{},{},{},{},{}",
                csv_field(f.language),
                csv_field(&f.path),
                f.lines.blank,
                f.lines.comment,
                f.lines.code
            );
        }
        return out;
    }
    let (header, rows) = match view.by_dir {
        Some(depth) => ("files,dir,blank,comment,code\n", census.by_dir(depth)),
        None => ("files,language,blank,comment,code\n", census.by_language()),
    };
    out.push_str(header);
    for r in rows {
        let _ = writeln!(
            out,
            "{},{},{},{},{}",
            r.files,
            csv_field(&r.language),
            r.lines.blank,
            r.lines.comment,
            r.lines.code
        );
    }
    out
}
