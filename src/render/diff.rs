//! `kcensus diff` output: a terminal summary, JSON (SCHEMA.md) and Markdown.

use super::{markdown_cell, thousands};
use crate::model::diff::{Changes, Delta, Diff, DriverRename, Side};
use std::fmt::Write;

/// JSON: the whole [`Diff`], pretty-printed.
pub fn json(diff: &Diff) -> String {
    let mut text = serde_json::to_string_pretty(diff).unwrap_or_default();
    text.push('\n');
    text
}

fn side(s: &Side) -> String {
    let mut out = s.kernel_version.clone().unwrap_or_else(|| "?".into());
    match &s.revision {
        Some(rev) => {
            let _ = write!(out, " ({}@{rev})", s.input);
        }
        None => {
            let _ = write!(out, " ({})", s.input);
        }
    }
    out
}

fn signed(change: i64) -> String {
    let magnitude = thousands(change.unsigned_abs());
    match change {
        0 => "0".into(),
        c if c > 0 => format!("+{magnitude}"),
        _ => format!("-{magnitude}"),
    }
}

/// The named change lists of a diff, in display order.
fn change_lists(diff: &Diff) -> [(&'static str, &Changes); 5] {
    [
        ("drivers", &diff.drivers),
        ("modules", &diff.modules),
        ("vendored crates", &diff.vendored),
        ("exports", &diff.exports),
        ("architectures", &diff.architectures),
    ]
}

/// The headline changes as one sentence (`unsafe_word`: how the keyword is written, plain or
/// as Markdown code).
fn headline(diff: &Diff, unsafe_word: &str) -> String {
    format!(
        "Rust code went from {} to {} lines ({}); without vendored crates from {} to {} ({}). \
         {unsafe_word} blocks (without vendored) went from {} to {} ({}).",
        thousands(diff.rust.code.0),
        thousands(diff.rust.code.1),
        signed(diff.rust.code_change()),
        thousands(diff.rust_own.code.0),
        thousands(diff.rust_own.code.1),
        signed(diff.rust_own.code_change()),
        thousands(diff.rust_own.unsafe_blocks.0),
        thousands(diff.rust_own.unsafe_blocks.1),
        signed(diff.rust_own.unsafe_change()),
    )
}

/// A terminal summary.
pub fn table(diff: &Diff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} → {}", side(&diff.old), side(&diff.new));
    let _ = writeln!(out, "{}\n", headline(diff, "unsafe"));
    for (name, changes) in change_lists(diff) {
        let _ = writeln!(
            out,
            "{name}: +{} -{}",
            changes.added.len(),
            changes.removed.len()
        );
        for added in &changes.added {
            let _ = writeln!(out, "  + {added}");
        }
        for removed in &changes.removed {
            let _ = writeln!(out, "  - {removed}");
        }
    }
    let _ = writeln!(
        out,
        "drivers renamed or moved: {}",
        diff.drivers_renamed.len()
    );
    for r in &diff.drivers_renamed {
        let _ = writeln!(out, "  ~ {}", rename(r, |s| s.to_string()));
    }
    out.push('\n');
    delta_table(&mut out, "area", &diff.areas);
    out.push('\n');
    let f = &diff.files;
    let _ = writeln!(
        out,
        "Rust files: {} added, {} removed, {} moved, {} changed, {} unchanged",
        f.added.len(),
        f.removed.len(),
        f.moved.len(),
        f.changed,
        f.unchanged
    );
    out
}

/// A driver renamed or moved, in words: `rust_print: a.rs → b.rs`, or `old → new (a.rs)` for a
/// module renamed in place; `quote` formats each name and path.
pub(super) fn rename(r: &DriverRename, quote: impl Fn(&str) -> String) -> String {
    let name = if r.old_name == r.new_name {
        quote(&r.new_name)
    } else {
        format!("{} → {}", quote(&r.old_name), quote(&r.new_name))
    };
    if r.from == r.to {
        format!("{name} ({})", quote(&r.to))
    } else {
        format!("{name}: {} → {}", quote(&r.from), quote(&r.to))
    }
}

/// A delta's figures as both tables show them: file change, code was/now/change, unsafe
/// blocks was/now/change.
fn delta_cells(d: &Delta) -> [String; 7] {
    [
        signed(d.files.1 as i64 - d.files.0 as i64),
        thousands(d.code.0),
        thousands(d.code.1),
        signed(d.code_change()),
        thousands(d.unsafe_blocks.0),
        thousands(d.unsafe_blocks.1),
        signed(d.unsafe_change()),
    ]
}

fn delta_table(out: &mut String, what: &str, deltas: &[Delta]) {
    let _ = writeln!(
        out,
        "{what:<24} {:>7} {:>10} {:>10} {:>9} {:>8} {:>8} {:>7}",
        "files", "code was", "code now", "change", "unsafe", "now", "change"
    );
    for d in deltas {
        let name: String = d.name.chars().take(24).collect();
        let [files, was, now, change, unsafe_was, unsafe_now, unsafe_change] = delta_cells(d);
        let _ = writeln!(
            out,
            "{name:<24} {files:>7} {was:>10} {now:>10} {change:>9} {unsafe_was:>8} {unsafe_now:>8} {unsafe_change:>7}"
        );
    }
}

fn delta_markdown(out: &mut String, what: &str, deltas: &[Delta]) {
    let _ = writeln!(
        out,
        "| {what} | files | code was | code now | change | unsafe was | unsafe now | change |"
    );
    out.push_str("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for d in deltas {
        let _ = writeln!(
            out,
            "| {} | {} |",
            markdown_cell(&d.name),
            delta_cells(d).join(" | ")
        );
    }
}

/// Markdown: what was added and removed, then the deltas by area, driver and module.
pub fn markdown(diff: &Diff) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Rust in Linux: {} → {}\n",
        markdown_cell(&side(&diff.old)),
        markdown_cell(&side(&diff.new))
    );
    let _ = writeln!(out, "{}\n", headline(diff, "`unsafe`"));
    out.push_str("## Added and removed\n\n");
    for (name, changes) in change_lists(diff) {
        let list = |items: &[String]| {
            if items.is_empty() {
                "none".to_string()
            } else {
                items
                    .iter()
                    .map(|i| format!("`{}`", markdown_cell(i)))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        let _ = writeln!(
            out,
            "- **{name}**: added {}; removed {}",
            list(&changes.added),
            list(&changes.removed)
        );
    }
    let renames: Vec<String> = diff
        .drivers_renamed
        .iter()
        .map(|r| rename(r, |s| format!("`{}`", markdown_cell(s))))
        .collect();
    let _ = writeln!(
        out,
        "- **drivers renamed or moved**: {}",
        if renames.is_empty() {
            "none".to_string()
        } else {
            renames.join("; ")
        }
    );
    out.push_str("\n## By area\n\n");
    delta_markdown(&mut out, "area", &diff.areas);
    if !diff.driver_deltas.is_empty() {
        out.push_str("\n## Drivers that changed\n\n");
        delta_markdown(&mut out, "driver", &diff.driver_deltas);
    }
    if !diff.module_deltas.is_empty() {
        out.push_str("\n## Modules that changed\n\n");
        delta_markdown(&mut out, "module", &diff.module_deltas);
    }
    let f = &diff.files;
    let _ = writeln!(
        out,
        "\n## Files\n\n{} Rust files added, {} removed, {} moved (same content, new path), {} \
         changed, {} unchanged.",
        f.added.len(),
        f.removed.len(),
        f.moved.len(),
        f.changed,
        f.unchanged
    );
    if !f.moved.is_empty() {
        out.push('\n');
        for m in &f.moved {
            let _ = writeln!(
                out,
                "- `{}` → `{}`",
                markdown_cell(&m.from),
                markdown_cell(&m.to)
            );
        }
    }
    out
}
