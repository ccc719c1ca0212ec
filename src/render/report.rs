//! `kcensus report` output: a terminal summary, a Markdown article, or JSON (SCHEMA.md).

use super::{markdown_cell as cell, percent, share, thousands as n};
use crate::facts::NOT_SOURCE_REASONS;
use crate::model::census::is_duplicate;
use crate::model::report::{NotCounted, Report, UnsafeFigures};
use std::fmt::Write;

/// JSON: the whole [`Report`], pretty-printed, keys in declaration order.
pub fn json(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).unwrap_or_default();
    text.push('\n');
    text
}

/// The share of `unsafe` blocks that carry a `// SAFETY:` comment, as a percentage.
pub(crate) fn coverage(u: &UnsafeFigures) -> String {
    percent(u.blocks_with_safety_comment, u.blocks)
}

/// The reasons paths were not counted, in three groups: duplicates (counted once under
/// another path), not source code by cloc's rules, and the others (count per reason, most
/// first, ties by reason).
struct SkipGroups {
    duplicates: u64,
    not_source: u64,
    others: Vec<(String, u64)>,
}

impl SkipGroups {
    fn of(skipped: &NotCounted) -> SkipGroups {
        let mut groups = SkipGroups {
            duplicates: 0,
            not_source: 0,
            others: Vec::new(),
        };
        for (reason, &count) in &skipped.by_reason {
            if reason == "duplicate" {
                groups.duplicates += count;
            } else if NOT_SOURCE_REASONS.contains(&reason.as_str()) {
                groups.not_source += count;
            } else {
                groups.others.push((reason.clone(), count));
            }
        }
        groups
            .others
            .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        groups
    }

    /// `102 symbolic link, 4 binary file`.
    fn others_text(&self) -> String {
        let parts: Vec<String> = self
            .others
            .iter()
            .map(|(reason, count)| format!("{} {reason}", n(*count)))
            .collect();
        parts.join(", ")
    }
}

/// Width of the terminal summary.
const TABLE_WIDTH: usize = 100;

/// `label: ` and the items separated by `, `, broken before an item that would pass
/// [`TABLE_WIDTH`]; continuation lines are indented under the first item.
fn wrapped_list(out: &mut String, label: &str, items: &[String]) {
    let indent = label.chars().count() + 2;
    let mut line = format!("{label}: ");
    let mut first = true;
    for (i, item) in items.iter().enumerate() {
        let separator = if i + 1 < items.len() { "," } else { "" };
        let width = item.chars().count() + separator.len();
        if !first && line.chars().count() + 1 + width > TABLE_WIDTH {
            let _ = writeln!(out, "{}", line.trim_end());
            line = " ".repeat(indent);
        } else if !first {
            line.push(' ');
        }
        line.push_str(item);
        line.push_str(separator);
        first = false;
    }
    let _ = writeln!(out, "{}", line.trim_end());
}

/// A summary for a terminal, at most [`TABLE_WIDTH`] columns wide (a path or name longer than
/// that on its own is not cut).
pub fn table(report: &Report) -> String {
    let mut out = String::new();
    table_headline(&mut out, report);
    table_areas(&mut out, report);
    table_tree(&mut out, report);
    super::twins::table_lines(&mut out, &report.twins);
    out.push_str(&super::reach::table(&report.reach));
    out.push('\n');
    table_not_counted(&mut out, report);
    out
}

/// The table's headline: version, Rust's size and share, `unsafe` in the kernel's own code.
fn table_headline(out: &mut String, report: &Report) {
    let version = report
        .kernel_version
        .as_deref()
        .unwrap_or("(unknown version)");
    let _ = writeln!(out, "Rust in Linux {version}");
    let _ = writeln!(
        out,
        "Rust: {} files, {} code lines ({} without vendored crates, {} files)",
        n(report.rust.files),
        n(report.rust.code),
        n(report.rust_own.code),
        n(report.rust_own.files)
    );
    let _ = writeln!(
        out,
        "kernel: {} code lines in {} files; Rust {} of them (own {}), {} of C + headers",
        n(report.tree.code),
        n(report.tree.files),
        share(report.rust.code, report.tree.code),
        share(report.rust_own.code, report.tree.code),
        share(report.rust.code, report.rust_share.c_and_headers_code)
    );
    let u = &report.unsafe_own;
    wrapped_list(
        out,
        "unsafe (own code)",
        &[
            format!(
                "{} blocks ({}/kLOC, {} in macros)",
                n(u.blocks),
                u.blocks_per_kloc,
                n(u.blocks_in_macros)
            ),
            format!("{} fns", n(u.fns)),
            format!("{} impls", n(u.impls)),
            format!("SAFETY comments on {}", coverage(u)),
        ],
    );
    let _ = writeln!(out);
}

/// The table's areas, one line each.
fn table_areas(out: &mut String, report: &Report) {
    let _ = writeln!(
        out,
        "{:<16} {:>6} {:>9} {:>9} {:>9} {:>8} {:>8} {:>9} {:>9}",
        "area", "files", "blank", "comment", "code", "unsafe", "/kLOC", "SAFETY", "bindings"
    );
    let _ = writeln!(out, "{}", "-".repeat(99));
    for a in &report.areas {
        let _ = writeln!(
            out,
            "{:<16} {:>6} {:>9} {:>9} {:>9} {:>8} {:>8} {:>9} {:>9}",
            a.area,
            a.figures.lines.files,
            a.figures.lines.blank,
            a.figures.lines.comment,
            a.figures.lines.code,
            a.figures.unsafe_blocks,
            a.figures.unsafe_figures.blocks_per_kloc,
            coverage(&a.figures.unsafe_figures),
            a.bindings_uses
        );
    }
    let _ = writeln!(out);
}

/// The table's tree-level findings: vendored crates, the `kernel` crate, drivers, exports,
/// bindings, platform.
fn table_tree(out: &mut String, report: &Report) {
    if !report.vendored.is_empty() {
        let list: Vec<String> = report
            .vendored
            .iter()
            .map(|v| {
                format!(
                    "{} {} ({} lines)",
                    v.name,
                    v.version.as_deref().unwrap_or("-"),
                    n(v.code)
                )
            })
            .collect();
        wrapped_list(out, "vendored", &list);
    }
    let _ = writeln!(out, "kernel crate: {} modules", report.modules.len());
    let _ = writeln!(out, "drivers and other users: {}", report.drivers.len());
    for d in &report.drivers {
        let name = d.name.as_deref().unwrap_or(&d.crate_name);
        let _ = writeln!(
            out,
            "  {:<24} {:<44} {:>7} code {:>5} unsafe",
            truncate(name, 24),
            truncate(&d.root, 44),
            d.figures.lines.code,
            d.figures.unsafe_blocks
        );
    }
    let other_exports: Vec<&str> = report
        .exports
        .iter()
        .filter(|e| e.kind == crate::model::report::ExportKind::Other)
        .map(|e| e.symbol.as_str())
        .collect();
    let _ = writeln!(
        out,
        "exported to C (besides module init/exit): {}",
        other_exports.len()
    );
    let _ = writeln!(
        out,
        "bindings: {} helper headers, {} C helpers, {} distinct bindings:: names",
        report.bindings.helper_headers.len(),
        report.bindings.helper_c_functions.len(),
        report.bindings.distinct_names
    );
    let arches: Vec<String> = report
        .architectures
        .iter()
        .map(|a| a.arch.clone())
        .collect();
    wrapped_list(out, "architectures (HAVE_RUST)", &arches);
    if let Some(docs) = &report.architecture_docs {
        let _ = writeln!(
            out,
            "{}",
            architecture_docs_sentence(docs, |s| s.to_string())
        );
    }
    let _ = writeln!(
        out,
        "minimum rustc {}, bindgen {}",
        report.toolchain.rustc.as_deref().unwrap_or("?"),
        report.toolchain.bindgen.as_deref().unwrap_or("?")
    );
}

/// What the table's census did not count.
fn table_not_counted(out: &mut String, report: &Report) {
    let groups = SkipGroups::of(&report.skipped);
    if report.skipped.paths > groups.duplicates {
        let mut parts = Vec::new();
        if groups.duplicates > 0 {
            parts.push(format!("{} duplicate", n(groups.duplicates)));
        }
        if groups.not_source > 0 {
            parts.push(format!("{} not code by cloc's rules", n(groups.not_source)));
        }
        if !groups.others.is_empty() {
            parts.push(groups.others_text());
        }
        wrapped_list(out, "not counted", &parts);
    }
    for s in report.skipped.rust_files() {
        let _ = writeln!(out, "  Rust file not counted: {} ({})", s.path, s.reason);
    }
}

fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut t: String = text.chars().take(width - 1).collect();
        t.push('…');
        t
    }
}

/// A complete article: "State of Rust in Linux <version>", one function per section.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    summary_section(&mut out, report);
    languages_section(&mut out, report);
    areas_section(&mut out, report);
    vendored_section(&mut out, report);
    kernel_crate_section(&mut out, report);
    drivers_section(&mut out, report);
    super::twins::markdown_section(&mut out, &report.twins);
    boundary_section(&mut out, report);
    out.push_str(&super::reach::markdown(&report.reach));
    platform_section(&mut out, report);
    unreached_section(&mut out, report);
    not_counted_section(&mut out, report);
    out
}

/// The title and "Summary": how much Rust, how much of it vendored, its `unsafe` blocks.
fn summary_section(out: &mut String, report: &Report) {
    // The version comes from the tree's Makefile (EXTRAVERSION is free text): escaped like a cell.
    let version = cell(
        report
            .kernel_version
            .as_deref()
            .unwrap_or("(unknown version)"),
    );
    let _ = writeln!(out, "# State of Rust in Linux {version}\n");
    let _ = writeln!(out, "*Generated by kcensus from the source tree; line counts follow cloc 1.96's rules exactly.*\n");
    let vendored_code: u64 = report.vendored.iter().map(|v| v.code).sum();
    let _ = writeln!(out, "## Summary\n");
    let _ = writeln!(
        out,
        "Linux {version} holds **{} lines of Rust code** in {} files, {} of the kernel's {} code \
         lines (all languages). Of these, {} lines ({}) are third-party crates vendored into \
         `rust/`; the kernel's own Rust is **{} code lines** in {} files, {} of the kernel's code.\n",
        n(report.rust.code),
        n(report.rust.files),
        share(report.rust.code, report.tree.code),
        n(report.tree.code),
        n(vendored_code),
        percent(vendored_code, report.rust.code),
        n(report.rust_own.code),
        n(report.rust_own.files),
        share(report.rust_own.code, report.tree.code),
    );
    let rust_skipped = report
        .skipped
        .rust_files()
        .filter(|s| !is_duplicate(&s.reason))
        .count();
    if rust_skipped > 0 {
        let _ = writeln!(
            out,
            "**{} `.rs` {} not counted**, so the Rust figures leave {} out: see \
             [What was not counted](#what-was-not-counted).\n",
            rust_skipped,
            if rust_skipped == 1 {
                "file was"
            } else {
                "files were"
            },
            if rust_skipped == 1 { "it" } else { "them" }
        );
    }
    let u = &report.unsafe_own;
    let _ = writeln!(
        out,
        "The kernel's own Rust has {} `unsafe` blocks ({} per 1,000 code lines); {} of them are preceded \
         by a `// SAFETY:` comment. A naive `grep unsafe` finds {} lines.\n",
        n(u.blocks),
        u.blocks_per_kloc,
        coverage(u),
        n(u.grep_lines)
    );
}

/// "Where the Rust is": lines and `unsafe` figures by area, and for all Rust.
fn areas_section(out: &mut String, report: &Report) {
    let _ = writeln!(out, "## Where the Rust is\n");
    let _ = writeln!(
        out,
        "| area | files | blank | comment | code | unsafe blocks | per kLOC | SAFETY coverage |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---:|");
    for a in &report.areas {
        let _ = writeln!(
            out,
            "| {}{} | {} | {} | {} | {} | {} | {} | {} |",
            a.area,
            if a.vendored { " (third-party)" } else { "" },
            n(a.figures.lines.files),
            n(a.figures.lines.blank),
            n(a.figures.lines.comment),
            n(a.figures.lines.code),
            n(a.figures.unsafe_blocks),
            a.figures.unsafe_figures.blocks_per_kloc,
            coverage(&a.figures.unsafe_figures)
        );
    }
    let _ = writeln!(
        out,
        "| **all Rust** | {} | {} | {} | {} | {} | {} | {} |\n",
        n(report.rust.files),
        n(report.rust.blank),
        n(report.rust.comment),
        n(report.rust.code),
        n(report.unsafe_figures.blocks),
        report.unsafe_figures.blocks_per_kloc,
        coverage(&report.unsafe_figures)
    );
}

/// "Vendored crates" (none when the tree vendors none).
fn vendored_section(out: &mut String, report: &Report) {
    if !report.vendored.is_empty() {
        let _ = writeln!(out, "## Vendored crates\n");
        let _ = writeln!(out, "| crate | version | folder | files | code |");
        let _ = writeln!(out, "|---|---|---|---:|---:|");
        for v in &report.vendored {
            let _ = writeln!(
                out,
                "| {} | {} | `{}` | {} | {} |",
                cell(&v.name),
                cell(v.version.as_deref().unwrap_or("–")),
                v.path,
                v.files,
                n(v.code)
            );
        }
        let _ = writeln!(out);
    }
}

/// "The `kernel` crate": its modules by category, then all of them (collapsed).
fn kernel_crate_section(out: &mut String, report: &Report) {
    let _ = writeln!(out, "## The `kernel` crate\n");
    let mut by_category: std::collections::BTreeMap<&str, (usize, u64, u64)> = Default::default();
    for m in &report.modules {
        let e = by_category.entry(m.category.as_str()).or_default();
        e.0 += 1;
        e.1 += m.figures.lines.code;
        e.2 += m.figures.unsafe_blocks;
    }
    let _ = writeln!(
        out,
        "{} modules below `rust/kernel/lib.rs`, by subsystem:\n",
        report.modules.len()
    );
    let _ = writeln!(out, "| category | modules | code | unsafe blocks |");
    let _ = writeln!(out, "|---|---:|---:|---:|");
    for (category, (count, code, blocks)) in &by_category {
        let _ = writeln!(
            out,
            "| {category} | {count} | {} | {} |",
            n(*code),
            n(*blocks)
        );
    }
    let _ = writeln!(out, "\n<details><summary>All modules</summary>\n");
    let _ = writeln!(
        out,
        "| module | category | cfg | code | unsafe | bindings | summary |"
    );
    let _ = writeln!(out, "|---|---|---|---:|---:|---:|---|");
    for m in &report.modules {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} | {} |",
            m.path,
            m.category,
            cell(&m.cfg.join(", ")),
            n(m.figures.lines.code),
            m.figures.unsafe_blocks,
            m.bindings_uses,
            cell(m.doc.as_deref().unwrap_or(""))
        );
    }
    let _ = writeln!(out, "\n</details>\n");
}

/// "Drivers and other users": the crates outside `rust/`, and which call C directly.
fn drivers_section(out: &mut String, report: &Report) {
    let _ = writeln!(out, "## Drivers and other users\n");
    let _ = writeln!(
        out,
        "| crate | root | macro | Kconfig | authors | code | unsafe | direct `bindings::` uses |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---:|---:|---:|");
    for d in &report.drivers {
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} | {} | {} | {} |",
            cell(d.name.as_deref().unwrap_or(&d.crate_name)),
            d.root,
            d.macro_name.as_deref().map_or_else(
                || if d.linked_into_c {
                    "linked into C".into()
                } else {
                    "–".into()
                },
                |m| format!("`{m}!`")
            ),
            cell(d.kconfig.as_deref().unwrap_or("–")),
            cell(&d.authors.join(", ")),
            n(d.figures.lines.code),
            d.figures.unsafe_blocks,
            d.bindings_uses
        );
    }
    let direct: Vec<&str> = report
        .drivers
        .iter()
        .filter(|d| d.bindings_uses > 0)
        .map(|d| d.crate_name.as_str())
        .collect();
    let _ = writeln!(
        out,
        "\n{} of {} crates outside `rust/` call C directly through `bindings::`{}.\n",
        direct.len(),
        report.drivers.len(),
        if direct.is_empty() {
            String::new()
        } else {
            format!(" ({})", direct.join(", "))
        }
    );
}

/// "The C↔Rust boundary": bindings, C helpers, and the Rust functions C calls.
fn boundary_section(out: &mut String, report: &Report) {
    let _ = writeln!(out, "## The C↔Rust boundary\n");
    let _ = writeln!(
        out,
        "- Rust sees C through bindgen: `rust/bindings/bindings_helper.h` includes {} headers (uapi: {}).",
        report.bindings.helper_headers.len(),
        report.bindings.uapi_headers.len()
    );
    let _ = writeln!(
        out,
        "- {} C helper functions wrap macros and inline functions for Rust.",
        report.bindings.helper_c_functions.len()
    );
    let _ = writeln!(
        out,
        "- {} distinct `bindings::` names are used ({} in the `kernel` crate).",
        report.bindings.distinct_names, report.bindings.distinct_names_in_kernel_crate
    );
    let others: Vec<_> = report
        .exports
        .iter()
        .filter(|e| e.kind == crate::model::report::ExportKind::Other)
        .collect();
    let lifecycle = report.exports.len() - others.len();
    let _ = writeln!(
        out,
        "- C calls Rust through {} module init/exit entry points generated by module macros and {} other exported functions:\n",
        lifecycle,
        others.len()
    );
    if !others.is_empty() {
        let _ = writeln!(out, "| symbol | defined in | C use | C callers |");
        let _ = writeln!(out, "|---|---|---|---|");
        for e in others {
            let _ = writeln!(
                out,
                "| `{}` | `{}:{}` | {} | {} |",
                e.symbol,
                e.file,
                e.line,
                e.c_use.as_str(),
                if e.c_callers.is_empty() {
                    "–".into()
                } else {
                    e.c_callers
                        .iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            );
        }
        let _ = writeln!(out);
    }
}

/// What the kernel's documentation says of the architectures against its Kconfig, in one
/// sentence; `name` formats an architecture's name (quoting, escaping).
pub fn architecture_docs_sentence(
    docs: &crate::model::report::ArchitectureDocs,
    name: impl Fn(&str) -> String,
) -> String {
    let list = |names: &[String]| names.iter().map(|n| name(n)).collect::<Vec<_>>().join(", ");
    if docs.agrees() {
        return format!(
            "{} lists the same architectures as Kconfig",
            name(&docs.path)
        );
    }
    let mut parts = Vec::new();
    if !docs.undocumented.is_empty() {
        parts.push(format!(
            "omits {}, which Kconfig enables (select HAVE_RUST)",
            list(&docs.undocumented)
        ));
    }
    if !docs.documented_only.is_empty() {
        parts.push(format!(
            "lists {}, whose Kconfig does not select HAVE_RUST",
            list(&docs.documented_only)
        ));
    }
    format!("{} {}", name(&docs.path), parts.join("; "))
}

/// "Platform": architectures and toolchain.
fn platform_section(out: &mut String, report: &Report) {
    let _ = writeln!(out, "## Platform\n");
    for a in &report.architectures {
        let _ = writeln!(
            out,
            "- `{}`{}",
            a.arch,
            a.condition
                .as_deref()
                .map_or(String::new(), |c| format!(" (if {})", cell(c)))
        );
    }
    if let Some(docs) = &report.architecture_docs {
        let _ = writeln!(out, "\n{}.", architecture_docs_sentence(docs, cell));
    }
    let _ = writeln!(
        out,
        "\nMinimum rustc {}, bindgen {}. `rust/Makefile` has {} lines; {} Kconfig symbols depend on RUST.",
        report.toolchain.rustc.as_deref().unwrap_or("unknown"),
        report.toolchain.bindgen.as_deref().unwrap_or("unknown"),
        report.toolchain.rust_makefile_lines,
        report.toolchain.kconfig_symbols_depending_on_rust.len()
    );
}

/// "Rust files outside any crate" (none when every file is reached).
fn unreached_section(out: &mut String, report: &Report) {
    if !report.unreached_files.is_empty() {
        let _ = writeln!(out, "\n## Rust files outside any crate\n");
        let _ = writeln!(
            out,
            "No Makefile or `mod` declaration reaches these {} files:\n",
            report.unreached_files.len()
        );
        for f in &report.unreached_files {
            let _ = writeln!(out, "- `{f}`");
        }
    }
}

/// A path from the tree as Markdown: a code span, or escaped text when a code span could not
/// hold it (a backtick, or `<` `>` a reader might take for markup).
fn code(text: &str) -> String {
    if text.contains(['`', '<', '>', '\n', '|']) {
        cell(text)
    } else {
        format!("`{text}`")
    }
}

/// Paths not counted that the Markdown article lists one by one; more are only counted (the
/// JSON report lists them all).
const LISTED_SKIPPED: usize = 20;

/// "Rust among the kernel's languages": the listed languages, the rest, and the tree's total.
fn languages_section(out: &mut String, report: &Report) {
    let tree = &report.tree;
    let _ = writeln!(out, "## Rust among the kernel's languages\n");
    let _ = writeln!(
        out,
        "The tree's {} counted files hold {} code lines. Rust is {} of them ({} without vendored \
         crates); against C and C headers alone ({} code lines) it is {} ({} without vendored \
         crates).\n",
        n(tree.files),
        n(tree.code),
        share(report.rust.code, tree.code),
        share(report.rust_own.code, tree.code),
        n(report.rust_share.c_and_headers_code),
        share(report.rust.code, report.rust_share.c_and_headers_code),
        share(report.rust_own.code, report.rust_share.c_and_headers_code),
    );
    let _ = writeln!(
        out,
        "| language | files | blank | comment | code | share of code |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|");
    let row = |out: &mut String, name: &str, files: u64, blank: u64, comment: u64, code: u64| {
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {} | {} | {} |",
            n(files),
            n(blank),
            n(comment),
            n(code),
            share(code, tree.code)
        );
    };
    let mut listed = crate::model::report::Lines::default();
    for l in &report.languages {
        let name = if l.language == crate::facts::languages::RUST {
            "**Rust**".to_string()
        } else {
            cell(&l.language)
        };
        row(
            out,
            &name,
            l.lines.files,
            l.lines.blank,
            l.lines.comment,
            l.lines.code,
        );
        listed.files += l.lines.files;
        listed.blank += l.lines.blank;
        listed.comment += l.lines.comment;
        listed.code += l.lines.code;
    }
    if listed.files < tree.files {
        row(
            out,
            "other languages",
            tree.files - listed.files,
            tree.blank.saturating_sub(listed.blank),
            tree.comment.saturating_sub(listed.comment),
            tree.code.saturating_sub(listed.code),
        );
    }
    row(
        out,
        "**all languages**",
        tree.files,
        tree.blank,
        tree.comment,
        tree.code,
    );
    let _ = writeln!(
        out,
        "\nListed: the {} languages with the most code lines, and C, C/C++ Header, Assembly and \
         Rust. Counts follow cloc's rules, as `kcensus count` gives them.\n",
        crate::model::report::TOP_LANGUAGES
    );
}

/// "What was not counted": paths per reason, the paths that may hold code the totals miss,
/// and every `.rs` file among them by name.
fn not_counted_section(out: &mut String, report: &Report) {
    let skipped = &report.skipped;
    let _ = writeln!(out, "\n## What was not counted\n");
    if skipped.paths == 0 {
        let _ = writeln!(out, "Every file of the tree was counted.");
        return;
    }
    let _ = writeln!(
        out,
        "{} files counted, {} not counted:\n",
        n(report.tree.files),
        n(skipped.paths)
    );
    let mut reasons: Vec<(&String, &u64)> = skipped.by_reason.iter().collect();
    reasons.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    let _ = writeln!(out, "| reason | paths |");
    let _ = writeln!(out, "|---|---:|");
    for (reason, count) in reasons {
        let _ = writeln!(out, "| {} | {} |", cell(reason), n(*count));
    }
    let groups = SkipGroups::of(skipped);
    let mut notes = Vec::new();
    if groups.duplicates > 0 {
        notes.push("A duplicate's content is counted once, under another path (cloc's rule).");
    }
    if groups.not_source > 0 {
        notes.push(
            "Unknown languages, names and extensions that are not code, editor backups and \
             empty files are not source code by cloc's rules.",
        );
    }
    if !notes.is_empty() {
        let _ = writeln!(out, "\n{}", notes.join(" "));
    }
    if !groups.others.is_empty() {
        let others: u64 = groups.others.iter().map(|(_, c)| c).sum();
        let listed: Vec<_> = skipped
            .files
            .iter()
            .filter(|s| !s.path.ends_with(".rs"))
            .collect();
        if listed.is_empty() {
            // Only `.rs` files: named below.
        } else if listed.len() <= LISTED_SKIPPED {
            let _ = writeln!(
                out,
                "\nThese paths may hold code the totals do not include{}:\n",
                if listed.len() < skipped.files.len() {
                    " (`.rs` files below)"
                } else {
                    ""
                }
            );
            for s in listed {
                let _ = writeln!(out, "- {}: {}", code(&s.path), cell(&s.reason));
            }
        } else {
            let _ = writeln!(
                out,
                "\nThe other {} paths ({}) may hold code the totals do not include; the JSON \
                 report lists them (`skipped.files`).",
                n(others),
                groups.others_text()
            );
        }
    }
    let rust: Vec<_> = skipped.rust_files().collect();
    if rust.is_empty() {
        let _ = writeln!(out, "\nNo `.rs` file was left out.");
    } else {
        let _ = writeln!(
            out,
            "\n**Rust files not counted** ({}their lines are in none of the Rust figures):\n",
            if rust.iter().any(|s| is_duplicate(&s.reason)) {
                "a duplicate's content is counted under the other path; for any other reason, "
            } else {
                ""
            }
        );
        for s in rust {
            let _ = writeln!(out, "- {}: {}", code(&s.path), cell(&s.reason));
        }
    }
}
