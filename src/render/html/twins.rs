//! The HTML section "Rust rewrites and their C originals": each pair's code lines as paired
//! bars (the Rust side, its C glue, the C side), the pairs side by side in a sortable table,
//! and each pair's sentence with its evidence.

use super::{escape, figure, thousands, BarChart, BarRow, Cell, Column, Series, Table, PALETTE};
use crate::model::twins::{Twin, TwinSide};
use std::fmt::Write as _;

/// The module a side builds (its first), else its Kconfig symbol.
fn module(side: &TwinSide) -> &str {
    side.modules
        .first()
        .map(|m| m.rsplit('/').next().unwrap_or(m))
        .unwrap_or(&side.symbol)
}

/// A count that may be unknown: `–` sorting below every number.
fn maybe_count(value: Option<u64>) -> Cell {
    match value {
        Some(v) => Cell::count(v),
        None => Cell::html("–".into()),
    }
}

/// The section's body.
pub fn section(twins: &[Twin]) -> String {
    if twins.is_empty() {
        return "<p>No Rust implementation of a C driver was found in this tree.</p>\n".into();
    }
    let mut out = String::from(
        "<p>Pairs of a Rust implementation and the C implementation of the same thing, found \
         from the tree (Kconfig, Makefiles, module names); each side is what its Kconfig symbol \
         builds, with the headers its C files include with quotes.</p>\n",
    );
    out.push_str(&figure(&code_chart(twins).svg(), ""));
    out.push_str(&table(twins).html());
    out.push_str("<ul class=\"twins\">\n");
    for t in twins {
        let evidence: Vec<String> = t
            .evidence
            .iter()
            .map(|e| {
                format!(
                    "{} (<code>{}:{}</code>)",
                    escape(&e.rule),
                    escape(&e.file),
                    e.line
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "<li>{}<br><span class=\"note\">Evidence: {}.</span></li>",
            escape(&t.sentence),
            evidence.join("; ")
        );
    }
    out.push_str("</ul>\n");
    out
}

/// Paired bars: for each pair, the Rust side (Rust code, then its C glue) above the C side.
fn code_chart(twins: &[Twin]) -> BarChart {
    let mut rows = Vec::new();
    for t in twins {
        rows.push(BarRow {
            label: format!("{} (Rust)", module(&t.rust)),
            values: vec![
                t.rust.rust_lines.code as f64,
                t.rust.c_lines.code as f64,
                0.0,
            ],
            note: format!(
                "{} + {} glue",
                thousands(t.rust.rust_lines.code),
                thousands(t.rust.c_lines.code)
            ),
        });
        rows.push(BarRow {
            label: format!("{} (C)", module(&t.c)),
            values: vec![0.0, 0.0, t.c.lines.code as f64],
            note: format!(
                "{} · Rust ÷ C {}",
                thousands(t.c.lines.code),
                super::number(t.rust_to_c_code, 2)
            ),
        });
    }
    BarChart {
        id: "twins-chart".into(),
        title: "Code lines of each Rust rewrite and its C original".into(),
        description: "For each pair, the Rust side's code lines (Rust, then the C glue it links) \
                      above the C side's code lines."
            .into(),
        axis_label: "code lines".into(),
        series: vec![
            Series {
                name: "Rust".into(),
                colour: PALETTE[0],
            },
            Series {
                name: "C glue of the Rust side".into(),
                colour: PALETTE[4],
            },
            Series {
                name: "C original".into(),
                colour: PALETTE[1],
            },
        ],
        rows,
        decimals: 0,
    }
}

/// The pairs side by side.
fn table(twins: &[Twin]) -> Table {
    Table {
        columns: vec![
            Column::text("Rust"),
            Column::text("C"),
            Column::number("Files (Rust side)"),
            Column::number("Files (C side)"),
            Column::number("Rust code"),
            Column::number("C glue code"),
            Column::number("C code"),
            Column::number("Rust ÷ C"),
            Column::number("Functions (Rust side)"),
            Column::number("Functions (C side)"),
            Column::number("unsafe blocks"),
            Column::number("per 1,000 lines"),
            Column::number("with SAFETY"),
            Column::number("bindings:: uses"),
            Column::number("C functions reached (Rust side)"),
        ],
        rows: twins
            .iter()
            .map(|t| {
                let (r, c) = (&t.rust, &t.c);
                vec![
                    Cell::html(format!(
                        "{} <code>{}</code>",
                        escape(module(r)),
                        escape(&r.symbol)
                    )),
                    Cell::html(format!(
                        "{} <code>{}</code>",
                        escape(module(c)),
                        escape(&c.symbol)
                    )),
                    Cell::count(r.lines.files),
                    Cell::count(c.lines.files),
                    Cell::count(r.rust_lines.code),
                    Cell::count(r.c_lines.code),
                    Cell::count(c.lines.code),
                    Cell::decimal(t.rust_to_c_code, 2),
                    maybe_count(r.functions),
                    maybe_count(c.functions),
                    Cell::count(r.unsafe_blocks),
                    Cell::decimal(r.unsafe_blocks_per_kloc, 1),
                    Cell::percent(r.blocks_with_safety_comment, r.unsafe_blocks),
                    Cell::count(r.bindings_uses),
                    maybe_count(r.c_api_functions_called),
                ]
            })
            .collect(),
        totals: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::twins::{Evidence, TwinLines};

    fn side(symbol: &str, module: &str, code: u64) -> TwinSide {
        TwinSide {
            symbol: symbol.into(),
            prompt: None,
            kconfig_file: "drivers/x/Kconfig".into(),
            kconfig_line: 1,
            modules: vec![format!("drivers/x/{module}")],
            files: Vec::new(),
            lines: TwinLines {
                files: 1,
                code,
                ..TwinLines::default()
            },
            rust_lines: TwinLines {
                files: 1,
                code,
                ..TwinLines::default()
            },
            c_lines: TwinLines::default(),
            functions: Some(3),
            unsafe_blocks: 0,
            unsafe_blocks_per_kloc: 0.0,
            blocks_with_safety_comment: 0,
            safety_comment_percent: None,
            bindings_uses: 0,
            c_api_functions_called: None,
            cves: None,
        }
    }

    #[test]
    fn section_escapes_and_draws_paired_bars() {
        let twin = Twin {
            name: "x".into(),
            rust: side("X_RUST", "x<script>", 10),
            c: side("X", "x&c", 20),
            rust_to_c_code: 0.5,
            evidence: vec![Evidence {
                rule: "kconfig-name".into(),
                file: "drivers/x/Kconfig<b>".into(),
                line: 4,
                detail: String::new(),
            }],
            sentence: "The <b>Rust</b> x".into(),
        };
        let html = section(&[twin]);
        assert!(
            !html.contains("<script>") && !html.contains("<b>"),
            "{html}"
        );
        assert!(html.contains("x&amp;c (C)"), "{html}");
        assert!(html.contains("data-chart=\"twins-chart\""), "{html}");
        // Two bars a pair: the Rust side's and the C side's.
        assert_eq!(
            html.matches("<title>x&lt;script&gt; (Rust): Rust 10")
                .count(),
            1
        );
        assert_eq!(html.matches("<title>x&amp;c (C): C original 20").count(), 1);
        assert!(section(&[]).contains("No Rust implementation"));
    }
}
