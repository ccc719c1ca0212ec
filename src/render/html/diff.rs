//! `kcensus diff --format html`: what changed between two censuses as a page — headline
//! changes, change bars by area, module and driver, what was added and removed, and the Rust
//! files added, removed and moved.

use super::{
    collapsed_list, escape, figure, figures, signed, thousands, Cell, Column, DeltaChart, DeltaRow,
    Figure, Page, Table,
};
use crate::model::diff::{Changes, Delta, Diff, Side};
use std::fmt::Write as _;

/// The modules and drivers with the largest changes that a chart shows (tables show all).
const CHARTED: usize = 15;

/// The diff as a self-contained HTML page.
pub fn page(diff: &Diff) -> String {
    let (old, new) = (side_name(&diff.old), side_name(&diff.new));
    let lede = format!(
        "From {} to {}, Rust code went from {} to <strong>{}</strong> lines ({}); the kernel's \
         own from {} to <strong>{}</strong> ({}), and its <code>unsafe</code> blocks from {} to \
         {}.",
        escape(&old),
        escape(&new),
        thousands(diff.rust.code.0),
        thousands(diff.rust.code.1),
        signed(diff.rust.code_change() as f64, 0),
        thousands(diff.rust_own.code.0),
        thousands(diff.rust_own.code.1),
        signed(diff.rust_own.code_change() as f64, 0),
        thousands(diff.rust_own.unsafe_blocks.0),
        thousands(diff.rust_own.unsafe_blocks.1),
    );
    let mut page = Page::new(&format!("Rust in Linux: {old} → {new}"), lede);
    page.section("areas", "Where the Rust changed", areas(diff));
    page.section("added-removed", "Added and removed", added_removed(diff));
    page.section(
        "modules",
        "kernel crate modules that changed",
        deltas("modules-chart", "module", &diff.module_deltas),
    );
    page.section(
        "drivers",
        "Drivers that changed",
        deltas("drivers-chart", "driver", &diff.driver_deltas),
    );
    page.section("files", "Rust files", files(diff));
    page.render(&headline(diff))
}

/// A side's name: its kernel version, else its revision, else the input.
fn side_name(side: &Side) -> String {
    side.kernel_version
        .clone()
        .or_else(|| side.revision.clone())
        .unwrap_or_else(|| side.input.clone())
}

fn headline(diff: &Diff) -> String {
    let change = |label: &str, d: (u64, u64)| Figure {
        value: signed(d.1 as f64 - d.0 as f64, 0),
        label: label.into(),
        detail: format!("{} → {}", thousands(d.0), thousands(d.1)),
    };
    let turnover = |label: &str, c: &Changes| Figure {
        value: format!("+{} −{}", c.added.len(), c.removed.len()),
        label: label.into(),
        detail: "added, removed".into(),
    };
    figures(&[
        change("Rust code lines", diff.rust.code),
        change("the kernel's own", diff.rust_own.code),
        change("unsafe blocks (own)", diff.rust_own.unsafe_blocks),
        change("Rust files", diff.rust.files),
        turnover("kernel crate modules", &diff.modules),
        turnover("drivers and other users", &diff.drivers),
        turnover("exports to C", &diff.exports),
        turnover("architectures", &diff.architectures),
    ])
}

/// The columns and cells of a table of [`Delta`]s.
fn delta_table(name: &str, rows: &[Delta]) -> String {
    Table {
        columns: vec![
            Column::text(name),
            Column::number("code before"),
            Column::number("code after"),
            Column::number("code change"),
            Column::number("unsafe before"),
            Column::number("unsafe after"),
            Column::number("unsafe change"),
            Column::number("files before"),
            Column::number("files after"),
        ],
        rows: rows
            .iter()
            .map(|d| {
                vec![
                    Cell::code(&d.name),
                    Cell::count(d.code.0),
                    Cell::count(d.code.1),
                    Cell::signed(d.code_change()),
                    Cell::count(d.unsafe_blocks.0),
                    Cell::count(d.unsafe_blocks.1),
                    Cell::signed(d.unsafe_change()),
                    Cell::count(d.files.0),
                    Cell::count(d.files.1),
                ]
            })
            .collect(),
        totals: Vec::new(),
    }
    .html()
}

/// A change bar per delta, with its before → after.
fn delta_rows<'a>(rows: impl Iterator<Item = &'a Delta>) -> Vec<DeltaRow> {
    rows.map(|d| DeltaRow {
        label: d.name.clone(),
        change: d.code_change() as f64,
        note: format!("{} → {}", thousands(d.code.0), thousands(d.code.1)),
    })
    .collect()
}

fn areas(diff: &Diff) -> String {
    let chart = DeltaChart {
        id: "areas-chart".into(),
        title: "Change in Rust code lines by area".into(),
        description: "How many code lines each area of the tree gained or lost.".into(),
        axis_label: "change in code lines".into(),
        rows: delta_rows(diff.areas.iter()),
    };
    format!(
        "{}{}",
        figure(&chart.svg(), ""),
        delta_table("area", &diff.areas)
    )
}

/// The module or driver deltas: a chart of the largest code changes, and a table of all.
fn deltas(id: &str, what: &str, rows: &[Delta]) -> String {
    if rows.is_empty() {
        return format!("<p class=\"note\">No {what} changed.</p>\n");
    }
    let mut largest: Vec<&Delta> = rows.iter().collect();
    largest.sort_by(|a, b| {
        b.code_change()
            .abs()
            .cmp(&a.code_change().abs())
            .then(a.name.cmp(&b.name))
    });
    largest.truncate(CHARTED);
    let chart = DeltaChart {
        id: id.into(),
        title: format!("The largest changes in code lines, by {what}"),
        description: format!(
            "Code lines gained or lost by the {} {what}s that changed most.",
            largest.len()
        ),
        axis_label: "change in code lines".into(),
        rows: delta_rows(largest.into_iter()),
    };
    format!(
        "{}<p class=\"note\">Each {what} that was added, removed or changed; a {what} only on \
         one side counts from 0.</p>\n{}",
        figure(&chart.svg(), ""),
        delta_table(what, rows)
    )
}

/// Two lists side by side: what was added and what was removed.
fn changes(title: &str, c: &Changes) -> String {
    let list = |names: &[String], class: &str, mark: &str| {
        if names.is_empty() {
            return "<p class=\"note\">none</p>".to_string();
        }
        let mut out = format!("<ul class=\"{class}\">");
        for name in names {
            let _ = write!(out, "<li>{mark} <code>{}</code></li>", escape(name));
        }
        out.push_str("</ul>");
        out
    };
    format!(
        "<h3>{}</h3>\n<div class=\"split\"><div><strong>added ({})</strong>{}</div>\
         <div><strong>removed ({})</strong>{}</div></div>\n",
        escape(title),
        c.added.len(),
        list(&c.added, "added", "+"),
        c.removed.len(),
        list(&c.removed, "removed", "−"),
    )
}

fn added_removed(diff: &Diff) -> String {
    [
        ("kernel crate modules", &diff.modules),
        ("Drivers and other users", &diff.drivers),
        ("Vendored crates", &diff.vendored),
        ("Rust functions exported to C", &diff.exports),
        ("Architectures", &diff.architectures),
    ]
    .iter()
    .map(|(title, c)| changes(title, c))
    .chain(std::iter::once(renamed(diff)))
    .collect()
}

/// Drivers found on both sides under another crate root or module name.
fn renamed(diff: &Diff) -> String {
    let mut out = format!(
        "<h3>Drivers renamed or moved ({})</h3>\n",
        diff.drivers_renamed.len()
    );
    if diff.drivers_renamed.is_empty() {
        out.push_str("<p class=\"note\">none</p>\n");
        return out;
    }
    out.push_str("<ul>");
    for r in &diff.drivers_renamed {
        let item = crate::render::diff::rename(r, |s| format!("<code>{}</code>", escape(s)));
        let _ = write!(out, "<li>{item}</li>");
    }
    out.push_str("</ul>\n");
    out
}

fn files(diff: &Diff) -> String {
    let f = &diff.files;
    let mut out = figures(&[
        Figure {
            value: thousands(f.added.len() as u64),
            label: "added".into(),
            detail: "new paths with new content".into(),
        },
        Figure {
            value: thousands(f.removed.len() as u64),
            label: "removed".into(),
            detail: "old paths whose content is gone".into(),
        },
        Figure {
            value: thousands(f.moved.len() as u64),
            label: "moved".into(),
            detail: "the same content under a new path".into(),
        },
        Figure {
            value: thousands(f.changed),
            label: "changed".into(),
            detail: format!(
                "same path, new content; {} unchanged",
                thousands(f.unchanged)
            ),
        },
    ]);
    let code = |path: &str| format!("<code>{}</code>", escape(path));
    out.push_str(&collapsed_list(
        "Added files",
        f.added.iter().map(|p| code(p)),
    ));
    out.push_str(&collapsed_list(
        "Removed files",
        f.removed.iter().map(|p| code(p)),
    ));
    out.push_str(&collapsed_list(
        "Moved files",
        f.moved
            .iter()
            .map(|m| format!("{} → {}", code(&m.from), code(&m.to))),
    ));
    out
}
