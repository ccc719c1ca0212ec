//! `kcensus count` output: a cloc-like table, JSON, or CSV.

use super::csv_field;
use crate::model::{Census, LanguageTotals};
use serde::Serialize;
use std::collections::BTreeMap;
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

/// One row of `languages[]` (`key` is `language`) or `dirs[]` (`key` is `dir`). The JSON
/// keys come out sorted (the document goes through a `serde_json::Value`), as they always did.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct LanguageRow {
    /// cloc's language name.
    pub language: String,
    /// Files counted.
    pub files: u64,
    /// Blank lines.
    pub blank: u64,
    /// Comment lines.
    pub comment: u64,
    /// Code lines.
    pub code: u64,
}

/// One row of `dirs[]` (with `--by-dir N`).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DirRow {
    /// The folder, cut at the asked depth.
    pub dir: String,
    /// Files counted.
    pub files: u64,
    /// Blank lines.
    pub blank: u64,
    /// Comment lines.
    pub comment: u64,
    /// Code lines.
    pub code: u64,
}

/// `total`: the sum over counted files.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct TotalRow {
    /// Files counted.
    pub files: u64,
    /// Blank lines.
    pub blank: u64,
    /// Comment lines.
    pub comment: u64,
    /// Code lines.
    pub code: u64,
}

/// One row of `files[]` (with `--by-file`).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct FileRow {
    /// Path relative to the top of the tree.
    pub path: String,
    /// cloc's language name.
    pub language: String,
    /// Blank lines.
    pub blank: u64,
    /// Comment lines.
    pub comment: u64,
    /// Code lines.
    pub code: u64,
}

/// One row of `skipped[]`: a path not counted and why.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SkippedRow {
    /// Path relative to the top of the tree.
    pub path: String,
    /// The reason (SCHEMA.md lists them).
    pub reason: String,
}

/// `summary`: how many paths were counted and why the others were not.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CountSummary {
    /// Files counted.
    pub counted: u64,
    /// Paths not counted.
    pub not_counted: u64,
    /// Paths not counted, per reason (duplicates as one reason).
    pub not_counted_by_reason: BTreeMap<String, u64>,
}

/// The document `kcensus count --format json` prints (its JSON Schema is generated from it).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CountJson {
    /// Per language, largest `code` first, ties by name.
    pub languages: Vec<LanguageRow>,
    /// Sum over counted files.
    pub total: TotalRow,
    /// With `--by-file`: every counted file, sorted by path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub files: Option<Vec<FileRow>>,
    /// With `--by-dir N`: per folder, sorted by folder.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dirs: Option<Vec<DirRow>>,
    /// Every path not counted, sorted by path.
    pub skipped: Vec<SkippedRow>,
    /// Counted and not counted.
    pub summary: CountSummary,
}

impl CountJson {
    /// The document of a census.
    pub fn new(census: &Census, view: CountView) -> CountJson {
        let total = census.total();
        CountJson {
            languages: census
                .by_language()
                .into_iter()
                .map(|r| LanguageRow {
                    language: r.language,
                    files: r.files,
                    blank: r.lines.blank,
                    comment: r.lines.comment,
                    code: r.lines.code,
                })
                .collect(),
            total: TotalRow {
                files: total.files,
                blank: total.lines.blank,
                comment: total.lines.comment,
                code: total.lines.code,
            },
            files: view.by_file.then(|| {
                census
                    .files
                    .iter()
                    .map(|f| FileRow {
                        path: f.path.to_string(),
                        language: f.language.to_string(),
                        blank: f.lines.blank,
                        comment: f.lines.comment,
                        code: f.lines.code,
                    })
                    .collect()
            }),
            dirs: view.by_dir.map(|depth| {
                census
                    .by_dir(depth)
                    .into_iter()
                    .map(|r| DirRow {
                        dir: r.language,
                        files: r.files,
                        blank: r.lines.blank,
                        comment: r.lines.comment,
                        code: r.lines.code,
                    })
                    .collect()
            }),
            skipped: census
                .skipped
                .iter()
                .map(|s| SkippedRow {
                    path: s.path.to_string(),
                    reason: s.reason.to_string(),
                })
                .collect(),
            summary: CountSummary {
                counted: census.files.len() as u64,
                not_counted: census.skipped.len() as u64,
                not_counted_by_reason: census
                    .skipped_by_reason()
                    .into_iter()
                    .map(|(r, n)| (r.to_string(), n as u64))
                    .collect(),
            },
        }
    }
}

/// JSON: `languages`, `total`, `summary`, `skipped`, and `files`/`dirs` when asked for, keys
/// sorted at every level.
pub fn json(census: &Census, view: CountView) -> String {
    let doc = serde_json::to_value(CountJson::new(census, view)).unwrap_or_default();
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
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
