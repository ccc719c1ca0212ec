//! How C reaches the functions Rust exports, on the real 7.3 tree, checked against a second
//! reading of the defining files: a line-by-line text scan for the function's name used
//! other than as a call.
//!
//! The program's method is a syntax fact (a path expression naming an exported function that
//! is not a call's callee, in parsed code). The text scan takes every line of the defining
//! file holding the function's Rust name as a whole word, not qualified (`Self::NAME`,
//! `x.NAME`) and not followed by `(`, leaving out comment lines, attribute lines and the
//! `fn NAME` line itself. The two agree on 7.3; where
//! they could differ (a name inside a macro invocation, a string) the test would say.

use regex::Regex;
use std::collections::BTreeMap;

use crate::common;

/// One `other` export of the report: (symbol, file, line, c_use, handed_to_c lines, callers).
struct Export {
    symbol: String,
    file: String,
    line: usize,
    c_use: String,
    handed_to_c: Vec<usize>,
    c_callers: usize,
}

fn other_exports(report: &serde_json::Value) -> Vec<Export> {
    report["exports"]
        .as_array()
        .expect("exports[]")
        .iter()
        .filter(|e| e["kind"] == "other")
        .map(|e| {
            let file = e["file"].as_str().expect("file").to_string();
            Export {
                symbol: e["symbol"].as_str().expect("symbol").to_string(),
                line: e["line"].as_u64().expect("line") as usize,
                c_use: e["c_use"].as_str().expect("c_use").to_string(),
                handed_to_c: e["handed_to_c"]
                    .as_array()
                    .expect("handed_to_c[]")
                    .iter()
                    .map(|h| {
                        assert_eq!(h["file"], file.as_str(), "handed in the defining file");
                        h["line"].as_u64().expect("line") as usize
                    })
                    .collect(),
                c_callers: e["c_callers"].as_array().expect("c_callers[]").len(),
                file,
            }
        })
        .collect()
}

/// The second method: the lines (1-based) of `text` naming `name` as a value.
fn value_lines(text: &str, name: &str) -> Vec<usize> {
    let word = Regex::new(&format!(r"(?:^|[^:.A-Za-z0-9_]){name}(?-u:\b)([ \t]*\()?"))
        .expect("valid regex");
    let definition = Regex::new(&format!(r"(?-u:\b)fn[ \t]+{name}(?-u:\b)")).expect("valid regex");
    text.lines()
        .enumerate()
        .filter(|(_, line)| {
            let code = line.trim_start();
            !code.starts_with("//") && !code.starts_with("#[") && !definition.is_match(line)
        })
        .filter(|(_, line)| word.captures_iter(line).any(|c| c.get(1).is_none()))
        .map(|(index, _)| index + 1)
        .collect()
}

#[test]
fn callbacks_rust_hands_to_c_on_7_3() {
    let Some(tree) = common::tree("7.3") else {
        return;
    };
    let json = common::kcensus_ok(&["report", &tree.to_string_lossy(), "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let exports = other_exports(&report);
    let fn_name = Regex::new(r"(?-u:\b)fn[ \t]+([A-Za-z_][A-Za-z0-9_]*)").expect("valid regex");
    let mut classes: BTreeMap<String, usize> = BTreeMap::new();
    for e in &exports {
        let text = std::fs::read_to_string(tree.join(&e.file)).expect("readable file");
        let line = text.lines().nth(e.line - 1).expect("the fn line");
        let name = &fn_name.captures(line).expect("a fn on its line")[1];
        let expected = value_lines(&text, name);
        assert_eq!(e.handed_to_c, expected, "{} in {}", e.symbol, e.file);
        let class = if e.c_callers > 0 {
            "called_by_c"
        } else if !expected.is_empty() {
            "handed_to_c"
        } else {
            "none"
        };
        assert_eq!(e.c_use, class, "{}", e.symbol);
        *classes.entry(e.c_use.clone()).or_default() += 1;
    }
    let of = |symbol: &str| {
        exports
            .iter()
            .find(|e| e.symbol == symbol)
            .unwrap_or_else(|| panic!("no export {symbol}"))
    };
    // The callbacks named in issue 18, at the lines a reader finds them.
    for (symbol, lines) in [
        ("rust_shrink_count", vec![93]),
        ("rust_shrink_scan", vec![94]),
        ("rust_shrink_free_page", vec![686]),
        ("rust_tlb_flush_all_noop", vec![211]),
        ("rust_tlb_flush_walk_noop", vec![212]),
    ] {
        assert_eq!(of(symbol).c_use, "handed_to_c", "{symbol}");
        assert_eq!(of(symbol).handed_to_c, lines, "{symbol}");
    }
    // Exported by C's declaration, called only from Rust.
    assert_eq!(of("rust_build_error").c_use, "none");
    assert_eq!(classes.get("handed_to_c"), Some(&5), "{classes:?}");
    eprintln!("7.3 exports by C use: {classes:?}");
}
