//! How C reaches the functions Rust exports, on the real 7.3 tree, checked against a second
//! reading of the defining files: a line-by-line text scan for the function's name used
//! other than as a call; and the C side (`referenced_by_c`) against `grep` over the tree's
//! `.c` files.
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

/// One `other` export of the report: (symbol, file, line, c_use, handed_to_c lines, callers,
/// C references as (file, line)).
struct Export {
    symbol: String,
    file: String,
    line: usize,
    c_use: String,
    handed_to_c: Vec<usize>,
    c_callers: usize,
    referenced_by_c: Vec<(String, usize)>,
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
                referenced_by_c: e["referenced_by_c"]
                    .as_array()
                    .expect("referenced_by_c[]")
                    .iter()
                    .map(|r| {
                        let file = r["file"].as_str().expect("file").to_string();
                        (file, r["line"].as_u64().expect("line") as usize)
                    })
                    .collect(),
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

/// The second method for `referenced_by_c`, with `grep` over the tree's `.c` files (those
/// under `rust/` left out: the report reads them as knowledge files, not as C sources):
/// `grep -rnwF` for the exported symbols, keeping each occurrence not followed by `(` (nor
/// the argument of an `EXPORT_SYMBOL*`); and `grep -rnE` for `DEFINE_SHOW_ATTRIBUTE(NAME)`,
/// whose definition in `include/linux/seq_file.h` pastes `NAME ## _show`: a reference to
/// `NAME_show`. The program's rule is general (any macro pasting one parameter, defined
/// anywhere); on 7.3 the only pasted names that are Rust exports are binder's four `*_show`
/// functions, built by this one macro, so the two agree exactly (a new pasting macro reaching
/// a Rust export would show here as a difference to look at).
fn grep_c_references(
    tree: &std::path::Path,
    symbols: &[&str],
) -> BTreeMap<String, Vec<(String, usize)>> {
    let grep = |args: &[&str]| -> Vec<(String, usize, String)> {
        let out = std::process::Command::new("grep")
            .args(["-rn", "--include=*.c"])
            .args(args)
            .arg(".")
            .current_dir(tree)
            .output()
            .expect("grep runs");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| {
                let mut parts = l.splitn(3, ':');
                let file = parts.next()?.trim_start_matches("./").to_string();
                let line = parts.next()?.parse().ok()?;
                Some((file, line, parts.next()?.to_string()))
            })
            .filter(|(file, _, _)| !file.starts_with("rust/"))
            .collect()
    };
    let mut found: BTreeMap<String, Vec<(String, usize)>> = BTreeMap::new();
    let mut pattern_args = vec!["-wF"];
    for symbol in symbols {
        pattern_args.extend(["-e", symbol]);
    }
    for (file, line, text) in grep(&pattern_args) {
        for symbol in symbols {
            let word = Regex::new(&format!(r"(?-u:\b){symbol}(?-u:\b)([ \t]*\()?")).unwrap();
            let exported = Regex::new(&format!(r"EXPORT_SYMBOL\w*\(\s*{symbol}\s*\)")).unwrap();
            if word.captures_iter(&text).any(|c| c.get(1).is_none()) && !exported.is_match(&text) {
                found
                    .entry(symbol.to_string())
                    .or_default()
                    .push((file.clone(), line));
            }
        }
    }
    let show = Regex::new(r"DEFINE_SHOW_ATTRIBUTE\(\s*(\w+)\s*\)").unwrap();
    for (file, line, text) in grep(&["-E", r"DEFINE_SHOW_ATTRIBUTE\("]) {
        for c in show.captures_iter(&text) {
            let pasted = format!("{}_show", &c[1]);
            if symbols.contains(&pasted.as_str()) {
                found.entry(pasted).or_default().push((file.clone(), line));
            }
        }
    }
    for lines in found.values_mut() {
        lines.sort();
        lines.dedup();
    }
    found
}

#[test]
fn how_c_reaches_rust_exports_on_7_3() {
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
        } else if !e.referenced_by_c.is_empty() {
            "referenced_by_c"
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
    // C's references, against grep.
    let symbols: Vec<&str> = exports.iter().map(|e| e.symbol.as_str()).collect();
    let grepped = grep_c_references(&tree, &symbols);
    for e in &exports {
        let expected = grepped.get(&e.symbol).cloned().unwrap_or_default();
        assert_eq!(e.referenced_by_c, expected, "{}", e.symbol);
    }
    // Binder's debugfs `*_show` functions, reached through `DEFINE_SHOW_ATTRIBUTE` (issue 18).
    for (symbol, line) in [
        ("rust_binder_stats_show", 46),
        ("rust_binder_state_show", 47),
        ("rust_binder_transactions_show", 48),
        ("rust_binder_proc_show", 49),
    ] {
        assert_eq!(of(symbol).c_use, "referenced_by_c", "{symbol}");
        assert_eq!(
            of(symbol).referenced_by_c,
            [("drivers/android/binder/rust_binderfs.c".to_string(), line)],
            "{symbol}"
        );
    }
    assert_eq!(classes.get("referenced_by_c"), Some(&4), "{classes:?}");
    assert_eq!(classes.get("handed_to_c"), Some(&5), "{classes:?}");
    eprintln!("7.3 exports by C use: {classes:?}");
}
