//! `kcensus report` output: a terminal summary, a Markdown article, or JSON (SCHEMA.md).

use super::{percent, thousands as n};
use crate::model::report::{Report, UnsafeFigures};
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

/// A summary for a terminal, at most 100 columns wide.
pub fn table(report: &Report) -> String {
    let mut out = String::new();
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
    let u = &report.unsafe_own;
    let _ = writeln!(
        out,
        "unsafe (own code): {} blocks ({}/kLOC, {} in macros), {} fns, {} impls; SAFETY comments on {}",
        n(u.blocks),
        u.blocks_per_kloc,
        n(u.blocks_in_macros),
        n(u.fns),
        n(u.impls),
        coverage(u)
    );
    let _ = writeln!(out);
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
            a.lines.files,
            a.lines.blank,
            a.lines.comment,
            a.lines.code,
            a.unsafe_blocks,
            a.unsafe_figures.blocks_per_kloc,
            coverage(&a.unsafe_figures),
            a.bindings_uses
        );
    }
    let _ = writeln!(out);
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
        let _ = writeln!(out, "vendored: {}", list.join(", "));
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
            d.lines.code,
            d.unsafe_blocks
        );
    }
    let other_exports: Vec<&str> = report
        .exports
        .iter()
        .filter(|e| e.kind == "other")
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
    let mut arches: Vec<&str> = report
        .architectures
        .iter()
        .map(|a| a.arch.as_str())
        .collect();
    arches.dedup();
    let _ = writeln!(out, "architectures (HAVE_RUST): {}", arches.join(", "));
    let _ = writeln!(
        out,
        "minimum rustc {}, bindgen {}",
        report.toolchain.rustc.as_deref().unwrap_or("?"),
        report.toolchain.bindgen.as_deref().unwrap_or("?")
    );
    out
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

/// Escape text from the tree for a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\n', " ")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A complete article: "State of Rust in Linux <version>".
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
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
        "Linux {version} holds **{} lines of Rust code** in {} files. Of these, {} lines ({}) are \
         third-party crates vendored into `rust/`; the kernel's own Rust is **{} code lines** in {} files.\n",
        n(report.rust.code),
        n(report.rust.files),
        n(vendored_code),
        percent(vendored_code, report.rust.code),
        n(report.rust_own.code),
        n(report.rust_own.files)
    );
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
            n(a.lines.files),
            n(a.lines.blank),
            n(a.lines.comment),
            n(a.lines.code),
            n(a.unsafe_blocks),
            a.unsafe_figures.blocks_per_kloc,
            coverage(&a.unsafe_figures)
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

    let _ = writeln!(out, "## The `kernel` crate\n");
    let mut by_category: std::collections::BTreeMap<&str, (usize, u64, u64)> = Default::default();
    for m in &report.modules {
        let e = by_category.entry(m.category).or_default();
        e.0 += 1;
        e.1 += m.lines.code;
        e.2 += m.unsafe_blocks;
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
            n(m.lines.code),
            m.unsafe_blocks,
            m.bindings_uses,
            cell(m.doc.as_deref().unwrap_or(""))
        );
    }
    let _ = writeln!(out, "\n</details>\n");

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
            n(d.lines.code),
            d.unsafe_blocks,
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
        .filter(|e| e.kind == "other")
        .collect();
    let lifecycle = report.exports.len() - others.len();
    let _ = writeln!(
        out,
        "- C calls Rust through {} module init/exit entry points generated by module macros and {} other exported functions:\n",
        lifecycle,
        others.len()
    );
    if !others.is_empty() {
        let _ = writeln!(out, "| symbol | defined in | C callers |");
        let _ = writeln!(out, "|---|---|---|");
        for e in others {
            let _ = writeln!(
                out,
                "| `{}` | `{}:{}` | {} |",
                e.symbol,
                e.file,
                e.line,
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
    let _ = writeln!(
        out,
        "\nMinimum rustc {}, bindgen {}. `rust/Makefile` has {} lines; {} Kconfig symbols depend on RUST.",
        report.toolchain.rustc.as_deref().unwrap_or("unknown"),
        report.toolchain.bindgen.as_deref().unwrap_or("unknown"),
        report.toolchain.rust_makefile_lines,
        report.toolchain.kconfig_symbols_depending_on_rust.len()
    );
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
    out
}
