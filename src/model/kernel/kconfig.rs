//! Kconfig entries: symbols, their type and prompt, `depends on` and `select` lines.
//!
//! ```text
//! config AX88796B_RUST_PHY
//!     bool "Rust reference driver for Asix PHYs"
//!     depends on RUST_PHYLIB_ABSTRACTIONS && AX88796B_PHY
//!     select FOO if BAR
//!     help
//!       ...
//! ```
//!
//! [`parse`] reads one Kconfig file (it does not follow `source` lines; callers parse each file
//! they need). `config` and `menuconfig` entries are returned with their type
//! (`bool`, `tristate`, `string`, `int`, `hex`; `def_bool`/`def_tristate` give `bool`/`tristate`),
//! the prompt (from the type line or a `prompt` line), their own `depends on` lines, and the
//! dependencies they inherit from enclosing `if EXPR ... endif` blocks and `menu`/`choice`
//! blocks' `depends on` lines. Help texts are skipped by Kconfig's indentation rule (the text
//! ends at the first line indented less than its first line).
//!
//! [`depending_on`] finds the symbols whose dependencies mention a symbol (e.g. `RUST`) as a whole
//! word — `RUST` in `RUST && NET` or `!RUST || X`, not in `HAVE_RUST` or `RUSTC_VERSION`.
//! [`mentions_positively`] drops mentions that are only negated (`!RUST`). [`selects_of`] lists the
//! `select SYMBOL [if COND]` lines of a file, e.g. an architecture's `select HAVE_RUST if X86_64`.

use serde::Serialize;

/// One `select` (or `imply`) line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Select {
    /// The selected symbol.
    pub symbol: String,
    /// The expression after `if`, if any.
    pub condition: Option<String>,
    /// 1-based line.
    pub line: usize,
}

/// A `config` or `menuconfig` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KconfigEntry {
    /// The symbol, without `CONFIG_`.
    pub symbol: String,
    /// `config` or `menuconfig`.
    pub keyword: String,
    /// `bool`, `tristate`, `string`, `int` or `hex`.
    pub kind: Option<String>,
    /// The prompt text, unquoted.
    pub prompt: Option<String>,
    /// The entry's own `depends on` expressions, in order.
    pub depends_on: Vec<String>,
    /// Dependencies from enclosing `if` blocks and `menu`/`choice` `depends on`, outermost first.
    pub inherited: Vec<String>,
    /// `select` lines.
    pub selects: Vec<Select>,
    /// `imply` lines.
    pub implies: Vec<Select>,
    /// 1-based line of the `config` keyword.
    pub line: usize,
}

impl KconfigEntry {
    /// The own `depends on` expressions joined with `&&` (each parenthesised when there are
    /// several), or an empty string.
    pub fn depends_expr(&self) -> String {
        join_and(&self.depends_on)
    }

    /// When `select` (one of this entry's lines) takes effect, as far as this file says: the
    /// conditions of the enclosing `if ... endif` and `menu`/`choice` blocks and the select's
    /// own `if`, joined with `&&`; `None` when there is none (the select is unconditional).
    pub fn select_condition(&self, select: &Select) -> Option<String> {
        let parts: Vec<String> = self
            .inherited
            .iter()
            .chain(&select.condition)
            .cloned()
            .collect();
        (!parts.is_empty()).then(|| join_and(&parts))
    }

    /// Own and inherited dependencies joined with `&&`.
    pub fn full_depends_expr(&self) -> String {
        let all: Vec<String> = self
            .inherited
            .iter()
            .chain(&self.depends_on)
            .cloned()
            .collect();
        join_and(&all)
    }
}

fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        many => many
            .iter()
            .map(|p| format!("({p})"))
            .collect::<Vec<_>>()
            .join(" && "),
    }
}

enum Block {
    If,
    Menu,
    Choice,
}

/// The Kconfig files (`Kconfig`, `Kconfig.*`) among `files` (path to bytes, lossy UTF-8),
/// parsed on the thread pool, in path order.
pub fn parse_files(
    files: &std::collections::BTreeMap<String, Vec<u8>>,
) -> Vec<(String, Vec<KconfigEntry>)> {
    use rayon::prelude::*;
    let kconfig: Vec<(&String, &Vec<u8>)> = files
        .iter()
        .filter(|(p, _)| {
            p.rsplit('/')
                .next()
                .is_some_and(|n| n.starts_with("Kconfig"))
        })
        .collect();
    kconfig
        .into_par_iter()
        .map(|(p, b)| (p.clone(), parse(&String::from_utf8_lossy(b))))
        .collect()
}

/// Parses one Kconfig file. Never fails: lines it does not understand are skipped.
// One function on purpose (over 100 lines): a state machine over logical lines whose state
// (the open blocks, what the attribute lines apply to, whether a help text is running) every
// keyword arm reads and changes; arms split into functions would each take all of it.
pub fn parse(text: &str) -> Vec<KconfigEntry> {
    let mut entries: Vec<KconfigEntry> = Vec::new();
    // Open blocks with the dependency each contributes (none for a menu without `depends on`).
    let mut blocks: Vec<(Block, Vec<String>)> = Vec::new();
    // What the attribute lines currently apply to.
    enum Current {
        Nothing,
        Entry,
        Block, // menu/choice header: its `depends on` goes to the block
        Other, // comment, source, ...
    }
    let mut current = Current::Nothing;
    let mut help_indent: Option<Option<usize>> = None; // Some(None): help started, indent unknown
    for (line_no, line) in super::logical_lines(text) {
        if let Some(indent) = help_indent {
            if line.trim().is_empty() {
                continue;
            }
            let this = indentation(&line);
            match indent {
                None => {
                    help_indent = Some(Some(this));
                    if this > 0 {
                        continue;
                    }
                    help_indent = None;
                }
                Some(first) if this >= first => continue,
                Some(_) => help_indent = None,
            }
        }
        let body = strip_comment(&line);
        let trimmed = body.trim();
        if trimmed.is_empty() {
            continue;
        }
        let (keyword, rest) = split_word(trimmed);
        match keyword {
            "config" | "menuconfig" => {
                let inherited = blocks.iter().flat_map(|(_, d)| d.clone()).collect();
                entries.push(KconfigEntry {
                    symbol: split_word(rest).0.to_string(),
                    keyword: keyword.to_string(),
                    kind: None,
                    prompt: None,
                    depends_on: Vec::new(),
                    inherited,
                    selects: Vec::new(),
                    implies: Vec::new(),
                    line: line_no,
                });
                current = Current::Entry;
            }
            "menu" => {
                blocks.push((Block::Menu, Vec::new()));
                current = Current::Block;
            }
            "choice" => {
                blocks.push((Block::Choice, Vec::new()));
                current = Current::Block;
            }
            "if" => {
                blocks.push((Block::If, vec![collapse_spaces(rest)]));
                current = Current::Nothing;
            }
            "endif" => {
                pop_block(&mut blocks, |b| matches!(b, Block::If));
                current = Current::Nothing;
            }
            "endmenu" => {
                pop_block(&mut blocks, |b| matches!(b, Block::Menu));
                current = Current::Nothing;
            }
            "endchoice" => {
                pop_block(&mut blocks, |b| matches!(b, Block::Choice));
                current = Current::Nothing;
            }
            "comment" | "source" | "rsource" | "osource" | "orsource" | "mainmenu" => {
                current = Current::Other;
            }
            "help" | "---help---" => {
                help_indent = Some(None);
            }
            "depends" => {
                let expr = rest.trim().strip_prefix("on").map(str::trim);
                if let Some(expr) = expr.filter(|e| !e.is_empty()) {
                    let expr = &collapse_spaces(expr);
                    match current {
                        Current::Entry => {
                            if let Some(e) = entries.last_mut() {
                                e.depends_on.push(expr.to_string());
                            }
                        }
                        Current::Block => {
                            if let Some((_, deps)) = blocks.last_mut() {
                                deps.push(expr.to_string());
                            }
                        }
                        _ => {}
                    }
                }
            }
            "select" | "imply" => {
                if let (Current::Entry, Some(e)) = (&current, entries.last_mut()) {
                    let (symbol, after) = split_word(rest.trim());
                    let condition = if_condition(after).map(|c| collapse_spaces(&c));
                    let select = Select {
                        symbol: symbol.to_string(),
                        condition,
                        line: line_no,
                    };
                    if keyword == "select" {
                        e.selects.push(select);
                    } else {
                        e.implies.push(select);
                    }
                }
            }
            "bool" | "boolean" | "tristate" | "string" | "int" | "hex" | "def_bool"
            | "def_tristate" | "prompt" => {
                if let (Current::Entry, Some(e)) = (&current, entries.last_mut()) {
                    let kind = match keyword {
                        "boolean" | "def_bool" => Some("bool"),
                        "def_tristate" => Some("tristate"),
                        "prompt" => None,
                        other => Some(other),
                    };
                    if let Some(kind) = kind {
                        e.kind = Some(kind.to_string());
                    }
                    if !keyword.starts_with("def_") {
                        if let Some(prompt) = quoted(rest.trim()) {
                            e.prompt = Some(prompt);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    entries
}

fn pop_block(blocks: &mut Vec<(Block, Vec<String>)>, is: impl Fn(&Block) -> bool) {
    if let Some(at) = blocks.iter().rposition(|(b, _)| is(b)) {
        blocks.truncate(at);
    }
}

/// Whether the expression mentions `symbol` as a whole word.
pub fn mentions(expr: &str, symbol: &str) -> bool {
    super::contains_word(expr, symbol)
}

/// Whether the expression mentions `symbol` other than directly negated (`!SYMBOL`,
/// `! SYMBOL`, `SYMBOL=n`, `SYMBOL != y`). A rough test: `!(A || SYMBOL)` counts as positive.
pub fn mentions_positively(expr: &str, symbol: &str) -> bool {
    let bytes = expr.as_bytes();
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    expr.match_indices(symbol).any(|(at, _)| {
        let end = at + symbol.len();
        if at > 0 && is_ident(bytes[at - 1]) || bytes.get(end).is_some_and(|&b| is_ident(b)) {
            return false;
        }
        let before = expr[..at].trim_end();
        let after = expr[end..].trim_start();
        let negated = before.ends_with('!')
            || after.starts_with("!=")
            || after
                .strip_prefix('=')
                .is_some_and(|v| v.trim_start().starts_with('n'));
        !negated
    })
}

/// The entries whose own `depends on` lines mention `symbol` (whole word), plus, with
/// `inherited`, those under an `if`/`menu` that does.
pub fn depending_on<'a>(
    entries: &'a [KconfigEntry],
    symbol: &str,
    inherited: bool,
) -> Vec<&'a KconfigEntry> {
    entries
        .iter()
        .filter(|e| {
            e.depends_on.iter().any(|d| mentions(d, symbol))
                || (inherited && e.inherited.iter().any(|d| mentions(d, symbol)))
        })
        .collect()
}

/// Every `select symbol [if COND]` line in the entries, with the selecting symbol.
pub fn selects_of<'a>(entries: &'a [KconfigEntry], symbol: &str) -> Vec<(&'a str, &'a Select)> {
    entries
        .iter()
        .flat_map(|e| {
            e.selects
                .iter()
                .filter(move |s| s.symbol == symbol)
                .map(move |s| (e.symbol.as_str(), s))
        })
        .collect()
}

/// The `select HAVE_RUST [if COND]` lines of an architecture's Kconfig text, each with the
/// condition under which it takes effect ([`KconfigEntry::select_condition`]).
pub fn have_rust_selects(text: &str) -> Vec<Select> {
    let entries = parse(text);
    entries
        .iter()
        .flat_map(|e| {
            e.selects
                .iter()
                .filter(|s| s.symbol == "HAVE_RUST")
                .map(move |s| Select {
                    condition: e.select_condition(s),
                    ..s.clone()
                })
        })
        .collect()
}

/// Runs of whitespace (as left by joined continuation lines) as one space.
fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Column of the first non-blank character, tabs to the next multiple of 8.
pub(crate) fn indentation(line: &str) -> usize {
    let mut col = 0;
    for c in line.chars() {
        match c {
            ' ' => col += 1,
            '\t' => col = (col / 8 + 1) * 8,
            _ => break,
        }
    }
    col
}

fn split_word(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    let end = text.find(char::is_whitespace).unwrap_or(text.len());
    (&text[..end], &text[end..])
}

/// `if EXPR` at the start of `text` (after optional spaces).
fn if_condition(text: &str) -> Option<String> {
    let (word, rest) = split_word(text);
    (word == "if" && !rest.trim().is_empty()).then(|| rest.trim().to_string())
}

/// The leading quoted string (`"..."` or `'...'`, backslash escapes).
fn quoted(text: &str) -> Option<String> {
    let mut chars = text.chars();
    let quote = chars.next().filter(|c| *c == '"' || *c == '\'')?;
    let mut out = String::new();
    let mut escaped = false;
    for c in chars {
        if escaped {
            out.push(c);
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == quote {
            return Some(out);
        } else {
            out.push(c);
        }
    }
    Some(out) // unterminated: take the rest
}

/// The line without a `#` comment outside quotes.
fn strip_comment(line: &str) -> &str {
    let mut quote = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match (c, quote) {
            ('\\', Some(_)) => escaped = true,
            ('"' | '\'', None) => quote = Some(c),
            (c, Some(q)) if c == q => quote = None,
            ('#', None) => return &line[..i],
            _ => {}
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = "\
# SPDX-License-Identifier: GPL-2.0
config ARCH_X
\tdef_bool y
\tselect HAVE_RUST if X_64 && !KASAN # comment
\tselect OTHER
\tselect HAVE_RUST

menuconfig SAMPLES_RUST
\tbool \"Rust samples\"
\tdepends on RUST
\thelp
\t  You can build sample Rust kernel code here.
\t  config NOT_A_SYMBOL
\t    depends on NOT_THIS

\t  If unsure, say N.

if SAMPLES_RUST

config SAMPLE_RUST_MINIMAL
\ttristate \"Minimal\"
\thelp
\t  This option builds the Rust minimal module sample.

endif # SAMPLES_RUST

menu \"Drivers\"
\tdepends on NET

config DRV
\tbool
\tprompt \"A \\\"quoted\\\" driver\" if EXPERT
\tdepends on RUST_ABSTRACTIONS && \\
\t\t   PCI
\tdepends on !RUST || RUSTC_VERSION >= 108800
\timply FOO if BAR

comment \"Something\"
\tdepends on RUST

endmenu

config AFTER
\tstring \"after # not a comment\"
\tdepends on HAVE_RUST
";

    #[test]
    fn parses_entries() {
        let entries = parse(FIXTURE);
        let symbols: Vec<&str> = entries.iter().map(|e| e.symbol.as_str()).collect();
        assert_eq!(
            symbols,
            [
                "ARCH_X",
                "SAMPLES_RUST",
                "SAMPLE_RUST_MINIMAL",
                "DRV",
                "AFTER"
            ]
        );
        let arch = &entries[0];
        assert_eq!(arch.kind.as_deref(), Some("bool"));
        assert_eq!(arch.prompt, None);
        assert_eq!(arch.selects.len(), 3);
        assert_eq!(arch.selects[0].condition.as_deref(), Some("X_64 && !KASAN"));
        assert_eq!(arch.selects[0].line, 4);
        assert_eq!(arch.selects[2].condition, None);

        let samples = &entries[1];
        assert_eq!(samples.keyword, "menuconfig");
        assert_eq!(samples.prompt.as_deref(), Some("Rust samples"));
        assert_eq!(samples.depends_on, ["RUST"]);

        let minimal = &entries[2];
        assert_eq!(minimal.kind.as_deref(), Some("tristate"));
        assert_eq!(minimal.inherited, ["SAMPLES_RUST"]);
        assert!(minimal.depends_on.is_empty());

        let drv = &entries[3];
        assert_eq!(drv.prompt.as_deref(), Some("A \"quoted\" driver"));
        assert_eq!(
            drv.depends_on,
            [
                "RUST_ABSTRACTIONS && PCI",
                "!RUST || RUSTC_VERSION >= 108800"
            ]
        );
        assert_eq!(drv.inherited, ["NET"]);
        assert_eq!(
            drv.depends_expr(),
            "(RUST_ABSTRACTIONS && PCI) && (!RUST || RUSTC_VERSION >= 108800)"
        );
        assert_eq!(drv.implies[0].symbol, "FOO");
        assert_eq!(drv.implies[0].condition.as_deref(), Some("BAR"));

        let after = &entries[4];
        assert!(after.inherited.is_empty());
        assert_eq!(after.prompt.as_deref(), Some("after # not a comment"));
        assert_eq!(after.full_depends_expr(), "HAVE_RUST");
    }

    #[test]
    fn rust_dependencies() {
        let entries = parse(FIXTURE);
        let direct: Vec<&str> = depending_on(&entries, "RUST", false)
            .iter()
            .map(|e| e.symbol.as_str())
            .collect();
        assert_eq!(direct, ["SAMPLES_RUST", "DRV"]);
        assert!(depending_on(&entries, "SAMPLES_RUST", true)
            .iter()
            .any(|e| e.symbol == "SAMPLE_RUST_MINIMAL"));
        assert!(mentions_positively("RUST && NET", "RUST"));
        assert!(!mentions_positively("!RUST || X", "RUST"));
        assert!(!mentions_positively("! RUST", "RUST"));
        assert!(!mentions_positively("RUST=n", "RUST"));
        assert!(mentions_positively("RUST=y", "RUST"));
        assert!(!mentions_positively("HAVE_RUST", "RUST"));
        let selects = have_rust_selects(FIXTURE);
        let have: Vec<Option<&str>> = selects.iter().map(|s| s.condition.as_deref()).collect();
        assert_eq!(have, [Some("X_64 && !KASAN"), None]);
    }

    /// Issue 15: a `select` inside `if ... endif` (or a menu with `depends on`) takes effect
    /// only under the block's condition; it is not unconditional.
    #[test]
    fn selects_inside_if_blocks_get_the_block_condition() {
        let text = "\
if ARCH_FOO
config FOO
\tdef_bool y
\tselect HAVE_RUST
\tselect HAVE_RUST if FOO_64
endif
menu \"M\"
\tdepends on BAR
config BAR_ARCH
\tselect HAVE_RUST
endmenu
config BAZ
\tselect HAVE_RUST
";
        let conditions: Vec<Option<String>> = have_rust_selects(text)
            .into_iter()
            .map(|s| s.condition)
            .collect();
        assert_eq!(
            conditions,
            [
                Some("ARCH_FOO".to_string()),
                Some("(ARCH_FOO) && (FOO_64)".to_string()),
                Some("BAR".to_string()),
                None,
            ]
        );
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "",
            "config",
            "config\n\tbool \"unterminated",
            "endif\nendmenu\nendchoice",
            "help\n",
            "\thelp\n\t\ttext\nconfig X\n\tdepends on",
            "select",
            "config \u{e9}\n\tprompt '\u{e9}\\",
        ] {
            let entries = parse(text);
            let _ = depending_on(&entries, "RUST", true);
            let _ = have_rust_selects(text);
        }
    }

    #[test]
    fn real_trees() {
        use crate::testing::{read, tree};
        // `grep -rn 'HAVE_RUST' arch/*/Kconfig*` in each tree; every hit is a `select`.
        let arches = |t: &std::path::Path| {
            let mut out: Vec<(String, Option<String>)> = Vec::new();
            let mut dirs: Vec<_> = std::fs::read_dir(t.join("arch"))
                .unwrap()
                .filter_map(|d| d.ok())
                .map(|d| d.file_name().to_string_lossy().into_owned())
                .collect();
            dirs.sort();
            for arch in dirs {
                let path = format!("arch/{arch}/Kconfig");
                if !t.join(&path).is_file() {
                    continue;
                }
                for s in have_rust_selects(&read(t, &path)) {
                    out.push((arch.clone(), s.condition));
                }
            }
            out
        };
        let own = |v: &[(&str, Option<&str>)]| {
            v.iter()
                .map(|(a, c)| (a.to_string(), c.map(str::to_string)))
                .collect::<Vec<_>>()
        };
        if let Some(t) = tree("6.1", false) {
            assert_eq!(arches(&t), own(&[("x86", Some("X86_64"))]));
        }
        if let Some(t) = tree("6.12", true) {
            assert_eq!(
                arches(&t),
                own(&[
                    ("arm64", Some("RUSTC_SUPPORTS_ARM64")),
                    ("loongarch", Some("!KASAN")),
                    ("riscv", Some("RUSTC_SUPPORTS_RISCV && CC_IS_CLANG")),
                    ("um", None),
                    ("x86", Some("X86_64")),
                ])
            );
        }
        let Some(t) = tree("7.3", true) else { return };
        assert_eq!(
            arches(&t),
            own(&[
                ("arm", Some("CPU_LITTLE_ENDIAN && CPU_32v7 && !KASAN")),
                ("arm64", Some("RUSTC_SUPPORTS_ARM64")),
                ("loongarch", Some("!KASAN")),
                ("powerpc", Some("PPC32")),
                ("powerpc", Some("PPC64 && CPU_LITTLE_ENDIAN")),
                ("riscv", Some("RUSTC_SUPPORTS_RISCV && CC_IS_CLANG")),
                ("s390", Some("!EXPOLINE")),
                ("um", None),
                ("x86", Some("X86_64")),
            ])
        );
        // drivers/net/phy/Kconfig:160-162 (7.3).
        let phy = parse(&read(&t, "drivers/net/phy/Kconfig"));
        let ax = phy
            .iter()
            .find(|e| e.symbol == "AX88796B_RUST_PHY")
            .unwrap();
        assert_eq!(ax.kind.as_deref(), Some("bool"));
        assert_eq!(
            ax.prompt.as_deref(),
            Some("Rust reference driver for Asix PHYs")
        );
        assert_eq!(ax.depends_on, ["RUST_PHYLIB_ABSTRACTIONS && AX88796B_PHY"]);
        assert_eq!(ax.line, 160);
        // `grep -n 'depends on.*\bRUST\b' drivers/net/phy/Kconfig` → line 67, RUST_PHYLIB_ABSTRACTIONS.
        let rust: Vec<&str> = depending_on(&phy, "RUST", false)
            .iter()
            .map(|e| e.symbol.as_str())
            .collect();
        assert_eq!(rust, ["RUST_PHYLIB_ABSTRACTIONS"]);
        // init/Kconfig: `config RUST` depends on HAVE_RUST (and seven more lines), and
        // RUSTC_VERSION_TEXT and one more entry depend on RUST (lines 2287, 2294).
        let init = parse(&read(&t, "init/Kconfig"));
        let rust_entry = init.iter().find(|e| e.symbol == "RUST").unwrap();
        assert_eq!(rust_entry.prompt.as_deref(), Some("Rust support"));
        assert_eq!(rust_entry.depends_on.len(), 9);
        assert_eq!(rust_entry.depends_on[0], "HAVE_RUST");
        assert_eq!(depending_on(&init, "RUST", false).len(), 2);
        // `grep -rn --include='Kconfig*' -E '^\s*depends on.*\bRUST\b' .` → 28 lines, three of
        // them negated (`!RUST`, in arch/x86/Kconfig and arch/x86/Kconfig.cpu); each line is a
        // different entry.
        let mut all = 0;
        let mut positive = 0;
        let mut stack = vec![t.clone()];
        while let Some(dir) = stack.pop() {
            for item in std::fs::read_dir(&dir).unwrap().filter_map(|d| d.ok()) {
                let path = item.path();
                let ft = item.file_type().unwrap();
                if ft.is_dir() {
                    stack.push(path);
                } else if ft.is_file() && item.file_name().to_string_lossy().starts_with("Kconfig")
                {
                    let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
                    let entries = parse(&text);
                    let hits = depending_on(&entries, "RUST", false);
                    all += hits.len();
                    positive += hits
                        .iter()
                        .filter(|e| e.depends_on.iter().any(|d| mentions_positively(d, "RUST")))
                        .count();
                }
            }
        }
        assert_eq!(all, 28);
        assert_eq!(positive, 25);
    }
}
