//! "Rust rewrites and their C originals": the report's `twins[]` as Markdown and as terminal
//! lines. Every string from the tree goes through [`markdown_cell`] (Markdown) or
//! [`printable`] (terminal).

use std::fmt::Write;

use super::{markdown_cell as cell, printable, thousands as n};
use crate::model::twins::{Twin, TwinSide};

fn module(side: &TwinSide) -> &str {
    side.modules
        .first()
        .map(|m| m.rsplit('/').next().unwrap_or(m))
        .unwrap_or(&side.symbol)
}

/// The terminal lines: one per pair.
pub fn table_lines(out: &mut String, twins: &[Twin]) {
    if twins.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "Rust rewrites beside their C originals (code lines, functions):"
    );
    // Two lines a pair, so each fits 100 columns with the largest kernel figures.
    for t in twins {
        let _ = writeln!(
            out,
            "  {} vs {}: Rust {} ({} files) vs C {} ({} files), {:.2}x",
            printable(module(&t.rust)),
            printable(module(&t.c)),
            n(t.rust.rust_lines.code),
            t.rust.rust_lines.files,
            n(t.c.lines.code),
            t.c.lines.files,
            t.rust_to_c_code,
        );
        let _ = writeln!(
            out,
            "    functions {} vs {}; unsafe blocks {}",
            functions(t.rust.functions),
            functions(t.c.functions),
            n(t.rust.unsafe_blocks)
        );
    }
}

/// A side's function count, `–` when not counted.
fn functions(count: Option<u64>) -> String {
    count.map_or_else(|| "–".to_string(), n)
}

/// The Markdown section: a table of the pairs side by side, each pair's sentence, and its
/// evidence.
pub fn markdown_section(out: &mut String, twins: &[Twin]) {
    let _ = writeln!(out, "## Rust rewrites and their C originals\n");
    if twins.is_empty() {
        let _ = writeln!(
            out,
            "No Rust implementation of a C driver was found in this tree.\n"
        );
        return;
    }
    let _ = writeln!(
        out,
        "Pairs of a Rust implementation and the C implementation of the same thing, found from \
         the tree (Kconfig, Makefiles, module names); each side is what its Kconfig symbol \
         builds.\n"
    );
    let _ = writeln!(
        out,
        "| Rust | C | files (Rust / C) | code (Rust / C glue / C) | Rust ÷ C | functions (Rust / C) | unsafe blocks | per 1,000 lines | with SAFETY | direct `bindings::` uses | C functions reached (Rust side) |"
    );
    let _ = writeln!(
        out,
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    for t in twins {
        let (r, c) = (&t.rust, &t.c);
        let _ = writeln!(
            out,
            "| {} (`{}`) | {} (`{}`) | {} / {} | {} / {} / {} | {:.2} | {} / {} | {} | {:.1} | {} | {} | {} |",
            cell(module(r)),
            cell(&r.symbol),
            cell(module(c)),
            cell(&c.symbol),
            r.lines.files,
            c.lines.files,
            n(r.rust_lines.code),
            n(r.c_lines.code),
            n(c.lines.code),
            t.rust_to_c_code,
            functions(r.functions),
            functions(c.functions),
            n(r.unsafe_blocks),
            r.unsafe_blocks_per_kloc,
            r.safety_comment_percent
                .map_or_else(|| "–".to_string(), |p| format!("{p:.0}%")),
            n(r.bindings_uses),
            functions(r.c_api_functions_called)
        );
    }
    let _ = writeln!(
        out,
        "\n\"C functions reached\" counts the distinct C functions, inline functions and macros \
         the Rust side names through `bindings::` itself (helpers as what they wrap), as the \
         reach section counts them; what it reaches through the `kernel` crate is in the \
         reach section's chains.\n"
    );
    paired_bars(out, twins);
    for t in twins {
        let _ = writeln!(out, "- {}", cell(&t.sentence));
        let evidence: Vec<String> = t
            .evidence
            .iter()
            .map(|e| format!("{} ({}:{})", cell(&e.rule), cell(&e.file), e.line))
            .collect();
        let _ = writeln!(out, "  Evidence: {}.", evidence.join("; "));
    }
    let _ = writeln!(out);
}

/// The longest bar of [`paired_bars`], in characters.
const BAR_WIDTH: u64 = 30;

/// A bar of `value` on a scale whose longest bar is `max`: at least one character for a value
/// above zero, so no side with code looks empty.
fn bar(value: u64, max: u64, mark: char) -> String {
    let length = if value == 0 || max == 0 {
        0
    } else {
        ((value * BAR_WIDTH + max / 2) / max).max(1)
    };
    std::iter::repeat_n(mark, length as usize).collect()
}

/// The pairs' code lines as paired text bars (the HTML page draws them as a chart): for each
/// pair, the Rust side (`█` its Rust, `▒` the C glue it links) above the C side (`░`), all on
/// one scale.
fn paired_bars(out: &mut String, twins: &[Twin]) {
    let max = twins
        .iter()
        .flat_map(|t| [t.rust.rust_lines.code + t.rust.c_lines.code, t.c.lines.code])
        .max()
        .unwrap_or(0);
    let _ = writeln!(
        out,
        "Code lines side by side (█ Rust, ▒ the Rust side's C glue, ░ the C original; one \
         scale for all pairs):\n"
    );
    let _ = writeln!(out, "| side | code lines | |");
    let _ = writeln!(out, "|---|---|---:|");
    for t in twins {
        let (r, c) = (&t.rust, &t.c);
        let glue = if r.c_lines.code > 0 {
            format!(" + {} glue", n(r.c_lines.code))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "| {} (Rust) | {}{} | {}{} |",
            cell(module(r)),
            bar(r.rust_lines.code, max, '█'),
            bar(r.c_lines.code, max, '▒'),
            n(r.rust_lines.code),
            glue
        );
        let _ = writeln!(
            out,
            "| {} (C) | {} | {} |",
            cell(module(c)),
            bar(c.lines.code, max, '░'),
            n(c.lines.code)
        );
    }
    let _ = writeln!(out);
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
            rust_lines: TwinLines::default(),
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
    fn tree_text_is_escaped() {
        let twin = Twin {
            name: "x".into(),
            rust: side("X_RUST", "x|<script>\u{1b}[31m", 10),
            c: side("X", "x", 20),
            rust_to_c_code: 0.5,
            evidence: vec![Evidence {
                rule: "kconfig-name".into(),
                file: "drivers/x/Kconfig|".into(),
                line: 4,
                detail: String::new(),
            }],
            sentence: "The <b>Rust</b> x".into(),
        };
        let mut md = String::new();
        markdown_section(&mut md, std::slice::from_ref(&twin));
        assert!(!md.contains("<script>") && !md.contains("<b>"), "{md}");
        // Every table row keeps its twelve column separators.
        for row in md
            .lines()
            .filter(|l| l.starts_with("| x") && l.contains("`X_RUST`"))
        {
            assert_eq!(row.matches(" | ").count() + 2, 12, "{row}");
        }
        // The bars' rows keep their three columns too.
        for row in md
            .lines()
            .filter(|l| l.contains("(Rust) |") || l.contains("(C) |"))
        {
            assert_eq!(row.matches(" | ").count() + 2, 4, "{row}");
        }
        let mut table = String::new();
        table_lines(&mut table, &[twin]);
        assert!(!table.contains('\u{1b}'), "{table}");
        assert!(
            table.contains("Rust 0 (0 files) vs C 20 (1 files), 0.50x\n    functions 3 vs 3;"),
            "{table}"
        );
    }

    #[test]
    fn paired_bars_share_one_scale() {
        // Rust 100 code lines and 50 of C glue against 300 in C; a second pair of 1 against
        // 0. The longest side (300) is BAR_WIDTH = 30 characters, so one character is 10
        // lines: 10 █ and 5 ▒ for the Rust side; 1 line still shows as one character.
        // (name, Rust code, its C glue, C code)
        let pair = |name: &str, rust_code: u64, glue: u64, c_code: u64| {
            let upper = name.to_uppercase();
            let mut rust = side(
                &format!("{upper}_RUST"),
                &format!("{name}_rust"),
                rust_code + glue,
            );
            rust.rust_lines.code = rust_code;
            rust.c_lines.code = glue;
            Twin {
                name: name.into(),
                rust,
                c: side(&upper, name, c_code),
                rust_to_c_code: 0.0,
                evidence: Vec::new(),
                sentence: String::new(),
            }
        };
        let mut md = String::new();
        paired_bars(&mut md, &[pair("a", 100, 50, 300), pair("b", 1, 0, 0)]);
        let row = |start: &str| md.lines().find(|l| l.starts_with(start)).unwrap();
        let ten = "█".repeat(10);
        let five = "▒".repeat(5);
        assert_eq!(
            row("| a_rust"),
            format!("| a_rust (Rust) | {ten}{five} | 100 + 50 glue |")
        );
        assert_eq!(
            row("| a (C)"),
            format!("| a (C) | {} | 300 |", "░".repeat(30))
        );
        assert_eq!(row("| b_rust"), "| b_rust (Rust) | █ | 1 |");
        assert_eq!(row("| b (C)"), "| b (C) |  | 0 |");
    }
}
