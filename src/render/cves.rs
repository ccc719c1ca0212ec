//! The `cves` section of a report as table lines and as Markdown, the caveats next to the
//! numbers. Titles come from the records: escaped for the terminal and for Markdown.

use super::{markdown_cell as cell, thousands as n};
use crate::model::cves::{Cves, RecordRate, ReportWithCves};
use crate::model::report::Report;
use std::fmt::Write;

/// What a reader must know to read the numbers, said next to them.
pub const CAVEATS: &[&str] = &[
    "Rust code in the kernel is young: few lines, mostly a few years old, so its counts are \
     small and move with every record.",
    "The kernel CNA publishes records since 2024 (older bugs got records when fixes were \
     backported), so the counts are of bugs fixed recently, not of all bugs ever.",
    "A record names the files its fix touched, not lines: a one-line fix in a large C file \
     counts as much as a rewrite.",
    "Classes come from keywords in each record's title and description; a record whose text \
     names no defect is unclassified, never guessed.",
];

/// The report's JSON with the `cves` section as its last key (SCHEMA.md); the report's own
/// keys are as `render::report::json` writes them.
pub fn report_json(report: &Report, cves: &Cves) -> String {
    let mut text =
        serde_json::to_string_pretty(&ReportWithCves { report, cves }).unwrap_or_default();
    text.push('\n');
    text
}

/// Most affecting records listed one by one in Markdown; the JSON lists them all.
const LISTED_AFFECTING: usize = 20;

/// Text from a record for a terminal: control characters shown escaped, on one line.
fn terminal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// A text cut to `width` characters, with `…` when it was longer.
fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut out: String = text.chars().take(width - 1).collect();
        out.push('…');
        out
    }
}

fn rate_columns(rate: &RecordRate) -> String {
    format!(
        "{:>8} {:>12} {:>10.2} {:>8} {:>6.1}%",
        n(rate.records),
        n(rate.code),
        rate.per_million_lines,
        n(rate.memory_safety),
        rate.memory_safety_percent
    )
}

/// The section as lines of the report's table format.
pub fn table(cves: &Cves) -> String {
    let mut out = String::new();
    let s = &cves.source;
    let _ = writeln!(
        out,
        "CVE records: {} from {} (newest {}; {} skipped)",
        n(s.records),
        terminal(&s.path),
        s.newest.as_deref().unwrap_or("none"),
        n(s.skipped.len() as u64)
    );
    let _ = writeln!(
        out,
        "touching this tree: {} records, {} memory safety ({:.1}%); affecting {}: {}",
        n(cves.records_in_tree),
        n(cves.memory_safety),
        cves.memory_safety_percent,
        cves.tree_version.as_deref().unwrap_or("(unknown version)"),
        n(cves.affecting_this_tree.len() as u64)
    );
    let _ = writeln!(
        out,
        "{:<16} {:>8} {:>12} {:>10} {:>8} {:>7}",
        "language", "records", "code", "per Mloc", "mem.saf", "share"
    );
    let _ = writeln!(out, "{}", "-".repeat(66));
    for l in &cves.by_language {
        let _ = writeln!(
            out,
            "{:<16} {}",
            cut(&terminal(&l.language), 16),
            rate_columns(&l.rate)
        );
    }
    if !cves.rust.is_empty() {
        let _ = writeln!(out, "Rust records:");
        for r in &cves.rust {
            let _ = writeln!(
                out,
                "  {:<16} {:<8} {:<14} {}",
                r.id,
                r.fixed.as_deref().unwrap_or("unfixed"),
                r.classes.first().map_or("", String::as_str),
                cut(&terminal(&r.title), 60)
            );
        }
    }
    out
}

/// The section as Markdown: the caveats, then the numbers.
pub fn markdown(cves: &Cves) -> String {
    let mut out = String::new();
    let s = &cves.source;
    let _ = writeln!(out, "## Safety in practice: the kernel's CVE records\n");
    let _ = writeln!(
        out,
        "{} records of the kernel's CVE Numbering Authority (`{}`, newest {}; {} record files \
         skipped) were joined to this tree. {} touch files of this tree; {} of them ({:.1}%) \
         are memory-safety bugs by their text.\n",
        n(s.records),
        cell(&s.path),
        s.newest.as_deref().unwrap_or("none"),
        n(s.skipped.len() as u64),
        n(cves.records_in_tree),
        n(cves.memory_safety),
        cves.memory_safety_percent
    );
    let _ = writeln!(out, "Read these numbers with their caveats:\n");
    for caveat in CAVEATS {
        let _ = writeln!(out, "- {caveat}");
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "| language | records | code lines | records per million lines | memory safety |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|");
    for l in &cves.by_language {
        let r = &l.rate;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {:.2} | {} ({:.1}%) |",
            cell(&l.language),
            n(r.records),
            n(r.code),
            r.per_million_lines,
            n(r.memory_safety),
            r.memory_safety_percent
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "| class | records |");
    let _ = writeln!(out, "|---|---:|");
    for c in &cves.by_class {
        let _ = writeln!(out, "| {} | {} |", c.class, n(c.records));
    }
    let _ = writeln!(out);
    rust_records(&mut out, cves);
    affecting(&mut out, cves);
    out
}

fn rust_records(out: &mut String, cves: &Cves) {
    if cves.rust.is_empty() {
        let _ = writeln!(out, "No record touches a Rust file of this tree.\n");
        return;
    }
    let _ = writeln!(
        out,
        "{} records touch Rust files of this tree:\n",
        n(cves.rust.len() as u64)
    );
    let _ = writeln!(
        out,
        "| record | title | area | crate | introduced | fixed | class | CVSS | unsafe blocks |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---:|---:|");
    for r in &cves.rust {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.id,
            cell(&r.title),
            cell(&r.area),
            cell(r.crate_name.as_deref().unwrap_or("–")),
            r.introduced.join(", "),
            r.fixed.as_deref().unwrap_or("unfixed"),
            r.classes.join(", "),
            r.cvss.map_or_else(|| "–".into(), |s| format!("{s:.1}")),
            n(r.unsafe_blocks)
        );
    }
    let _ = writeln!(out);
}

fn affecting(out: &mut String, cves: &Cves) {
    let Some(version) = &cves.tree_version else {
        let _ = writeln!(
            out,
            "The tree's version is unknown, so no record is checked against it.\n"
        );
        return;
    };
    let _ = writeln!(
        out,
        "By their version ranges, {} records affect this tree's release {version} (not fixed \
         in its stable series or before it).",
        n(cves.affecting_this_tree.len() as u64)
    );
    if cves.affecting_this_tree.is_empty() {
        let _ = writeln!(out);
        return;
    }
    let _ = writeln!(out);
    for a in cves.affecting_this_tree.iter().take(LISTED_AFFECTING) {
        let _ = writeln!(out, "- {}: {}", a.id, cell(&a.title));
    }
    if cves.affecting_this_tree.len() > LISTED_AFFECTING {
        let _ = writeln!(
            out,
            "- … and {} more (the JSON report lists them all)",
            n((cves.affecting_this_tree.len() - LISTED_AFFECTING) as u64)
        );
    }
    let _ = writeln!(out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_text_is_escaped_for_terminal_and_markdown() {
        assert_eq!(terminal("a\x1b[31mb\nc"), "a\\u{1b}[31mb\\nc");
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(cut("abc", 4), "abc");
        assert_eq!(cell("a|b<script>"), "a\\|b&lt;script&gt;");
    }
}
