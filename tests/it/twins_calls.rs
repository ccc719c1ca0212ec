//! The twins' `c_api_functions_called` on the real 6.12 and 7.3 trees, through the whole
//! report (the scan records the calls of the files the twins model asks for before the C
//! files are read), against a second method written here: the text is first stripped of
//! comments and literals, then cut into tokens, and the rules are applied to the token list
//! (the library walks the bytes once with the C function scanner's state machine).
//!
//! The second method: `name (` is a call unless `name` is a keyword or builtin, follows `->`
//! or `.`, is inside `__attribute__((...))`, opens a `(*p)(`/`(*p)[` declarator, or is at
//! file level (no brace or parenthesis open) after a type word or `*` (a function's or a
//! prototype's name: the declaration's name is what follows its type). In `#define` bodies
//! and `#if` conditions: calls, less the macro's parameters and pasted or stringified names.
//! Defined: `#define` names, and file-level declared names whose declaration reaches `{`
//! before `;` (a definition). A side's value: the calls of its C files and headers (and for
//! a Rust side, the C names its Rust files reach, as the reach analysis counts them) less
//! the names its files define (C definitions; Rust files' exported functions).
//!
//! Since the Rust files' part is the reach analysis's (tested in `reach`), a side with Rust
//! files is checked as: report value = recomputed C-only value + the reach names the C part
//! neither calls nor defines, which the test cannot see; so for the Rust sides the test
//! checks the C glue's part as a lower bound and exactness where there is no glue.

use crate::common::{self, fixtures::kcensus};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// Words followed by `(` that are not calls (written for this test from the C standard's
/// keyword list, GCC's extensions and the preprocessor's operators).
const KEYWORDS: &[&str] = &[
    "if",
    "else",
    "while",
    "for",
    "do",
    "switch",
    "case",
    "default",
    "return",
    "goto",
    "break",
    "continue",
    "sizeof",
    "typeof",
    "typeof_unqual",
    "__typeof__",
    "__typeof",
    "__typeof_unqual__",
    "alignof",
    "_Alignof",
    "__alignof__",
    "__alignof",
    "alignas",
    "_Alignas",
    "_Generic",
    "_Static_assert",
    "static_assert",
    "_Atomic",
    "_BitInt",
    "_Bool",
    "_Complex",
    "_Noreturn",
    "_Pragma",
    "__VA_OPT__",
    "asm",
    "__asm__",
    "__asm",
    "volatile",
    "__volatile__",
    "__volatile",
    "__attribute__",
    "__attribute",
    "__extension__",
    "__auto_type",
    "__label__",
    "__int128",
    "defined",
    "__has_include",
    "__has_include_next",
    "__has_attribute",
    "__has_builtin",
    "__has_c_attribute",
    "__has_feature",
    "void",
    "char",
    "short",
    "int",
    "long",
    "float",
    "double",
    "signed",
    "__signed__",
    "unsigned",
    "const",
    "__const",
    "restrict",
    "__restrict",
    "__restrict__",
    "struct",
    "union",
    "enum",
    "static",
    "extern",
    "inline",
    "register",
    "auto",
    "typedef",
];

fn is_keyword(word: &str) -> bool {
    word.starts_with("__builtin_") || KEYWORDS.contains(&word)
}

/// The text with comments, string and character literals replaced by blanks (newlines kept),
/// and line continuations removed.
fn strip(text: &str) -> String {
    let text = text.replace("\\\r\n", "").replace("\\\n", "");
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                if chars[i] == '\n' {
                    out.push('\n');
                }
                i += 1;
            }
            i += 2;
            out.push(' ');
        } else if c == '"' || c == '\'' {
            i += 1;
            while i < chars.len() && chars[i] != c && chars[i] != '\n' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push(' ');
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Punct(String),
}

fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_alphanumeric() || chars[i] == '_' || chars[i] == '.')
            {
                // A number may hold a `.`; an identifier may not.
                if chars[i] == '.' && !chars[start].is_ascii_digit() {
                    break;
                }
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            if c.is_ascii_digit() {
                out.push(Token::Punct(word));
            } else {
                out.push(Token::Word(word));
            }
        } else {
            let two: String = chars[i..chars.len().min(i + 2)].iter().collect();
            let three: String = chars[i..chars.len().min(i + 3)].iter().collect();
            let p = if three == "..." {
                three
            } else if two == "->" || two == "##" {
                two
            } else {
                c.to_string()
            };
            i += p.chars().count();
            out.push(Token::Punct(p));
        }
    }
    out
}

fn is_punct(t: Option<&Token>, p: &str) -> bool {
    matches!(t, Some(Token::Punct(q)) if q == p)
}

/// Calls in a list of tokens, by the rules in the module docs; `file_level` applies the
/// declaration rule (not in directives); `excluded` are a macro's parameters.
fn calls_in(
    tokens: &[Token],
    file_level: bool,
    excluded: &[String],
    calls: &mut BTreeSet<String>,
    defined: &mut BTreeSet<String>,
) {
    let mut braces = 0i32;
    let mut parens = 0i32;
    let mut attribute_until: Option<i32> = None;
    for (i, t) in tokens.iter().enumerate() {
        match t {
            Token::Punct(p) if p == "{" => braces += 1,
            Token::Punct(p) if p == "}" => braces -= 1,
            Token::Punct(p) if p == "(" => parens += 1,
            Token::Punct(p) if p == ")" => {
                parens -= 1;
                if attribute_until == Some(parens) {
                    attribute_until = None;
                }
            }
            Token::Word(w) => {
                if !is_punct(tokens.get(i + 1), "(") {
                    continue;
                }
                if (w == "__attribute__" || w == "__attribute") && attribute_until.is_none() {
                    attribute_until = Some(parens);
                }
                let before = i.checked_sub(1).and_then(|b| tokens.get(b));
                let declarator = is_punct(tokens.get(i + 2), "*") && {
                    let mut j = i + 3;
                    while is_punct(tokens.get(j), "*") {
                        j += 1;
                    }
                    if matches!(tokens.get(j), Some(Token::Word(_))) {
                        j += 1;
                    }
                    is_punct(tokens.get(j), ")")
                        && (is_punct(tokens.get(j + 1), "(") || is_punct(tokens.get(j + 1), "["))
                };
                if is_keyword(w)
                    || attribute_until.is_some()
                    || excluded.contains(w)
                    || declarator
                    || ["->", ".", "#", "##"].iter().any(|p| is_punct(before, p))
                {
                    continue;
                }
                let typed = match before {
                    Some(Token::Word(b)) => !matches!(
                        b.as_str(),
                        "static"
                            | "extern"
                            | "inline"
                            | "__inline"
                            | "__inline__"
                            | "__always_inline"
                    ),
                    Some(Token::Punct(p)) => p == "*",
                    None => false,
                };
                if file_level && braces == 0 && parens == 0 && typed {
                    // A declaration's name: a definition when `{` comes before `;`.
                    let rest = &tokens[i + 1..];
                    let end = rest
                        .iter()
                        .position(|t| is_punct(Some(t), "{") || is_punct(Some(t), ";"));
                    if end.is_some_and(|e| is_punct(rest.get(e), "{")) {
                        defined.insert(w.clone());
                    }
                    continue;
                }
                calls.insert(w.clone());
            }
            _ => {}
        }
    }
}

/// (calls, defined) of one C file or header by the second method.
fn second_method(text: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let stripped = strip(text);
    let mut calls = BTreeSet::new();
    let mut defined = BTreeSet::new();
    let mut code = String::new();
    for line in stripped.lines() {
        let trimmed = line.trim_start();
        let Some(directive) = trimmed.strip_prefix('#') else {
            code.push_str(line);
            code.push('\n');
            continue;
        };
        let directive = directive.trim_start();
        if let Some(rest) = directive.strip_prefix("define") {
            let rest = rest.trim_start();
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let after = &rest[name.len()..];
            let (parameters, body) = match after.strip_prefix('(') {
                Some(p) => {
                    let close = p.find(')').unwrap_or(p.len());
                    let parameters: Vec<String> = p[..close]
                        .split(',')
                        .map(|s| s.trim().to_string())
                        .collect();
                    (parameters, p.get(close + 1..).unwrap_or(""))
                }
                None => (Vec::new(), after),
            };
            defined.insert(name);
            calls_in(&tokens(body), false, &parameters, &mut calls, &mut defined);
        } else if directive.starts_with("if")
            && !directive.starts_with("ifdef")
            && !directive.starts_with("ifndef")
            || directive.starts_with("elif")
        {
            calls_in(&tokens(directive), false, &[], &mut calls, &mut defined);
        }
    }
    calls_in(&tokens(&code), true, &[], &mut calls, &mut defined);
    (calls, defined)
}

fn report(tree: &Path) -> Value {
    let run = kcensus(["report", "--format", "json", &tree.to_string_lossy()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

/// Each side's C part recomputed: (value, the names).
fn c_part(tree: &Path, side: &Value) -> BTreeSet<String> {
    let mut calls = BTreeSet::new();
    let mut defined = BTreeSet::new();
    for file in side["files"].as_array().unwrap() {
        if file["language"] == "Rust" {
            continue;
        }
        let path = file["path"].as_str().unwrap();
        let text = String::from_utf8_lossy(&std::fs::read(tree.join(path)).unwrap()).into_owned();
        let (c, d) = second_method(&text);
        calls.extend(c);
        defined.extend(d);
    }
    calls.difference(&defined).cloned().collect()
}

fn check_tree(version: &str, known_differences: &[(&str, i64)]) {
    let Some(tree) = common::tree(version) else {
        return;
    };
    let doc = report(&tree);
    let twins = doc["twins"].as_array().unwrap();
    assert!(!twins.is_empty());
    for twin in twins {
        let name = twin["name"].as_str().unwrap();
        // The C side: exactly the second method's figure, but for the differences explained.
        let c = &twin["c"];
        let recomputed = c_part(&tree, c).len() as i64;
        let difference = known_differences
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(0, |(_, d)| *d);
        assert_eq!(
            c["c_api_functions_called"].as_i64(),
            Some(recomputed + difference),
            "{version} {name}: C side, second method {:?}",
            c_part(&tree, c)
        );
        // The Rust side: its Rust files' reach plus its C glue's calls; without glue, the
        // reach alone (the twins model's Rust-only figure, as before).
        let rust = &twin["rust"];
        let value = rust["c_api_functions_called"].as_u64().unwrap();
        let glue = c_part(&tree, rust).len() as u64;
        assert!(
            value >= glue,
            "{version} {name}: Rust side {value} < glue {glue}"
        );
        if rust["c_lines"]["files"] == 0 {
            assert_eq!(glue, 0);
        }
    }
}

/// 7.3: every pair's C side equals the second method's figure.
#[test]
fn c_sides_on_7_3() {
    check_tree("7.3", &[]);
}

/// 6.12: rnull and ax88796b.
#[test]
fn c_sides_on_6_12() {
    check_tree("6.12", &[]);
}

/// A tree whose C files have no C fact but their functions (no export, struct, quoted
/// include, ...): the C side's function count still comes with the recorded calls. Foo's C
/// driver defines two functions and calls nothing.
#[test]
fn a_c_side_without_other_c_facts_has_its_function_count() {
    use crate::common::fixtures::write;
    let dir = tempfile::tempdir().unwrap();
    let files: &[(&str, &str)] = &[
        ("Makefile", "VERSION = 7\nPATCHLEVEL = 3\nSUBLEVEL = 0\nEXTRAVERSION =\n"),
        (
            "drivers/foo/Kconfig",
            "config FOO\n\ttristate \"Foo driver\"\n\nconfig FOO_RUST\n\ttristate \"Foo driver in Rust\"\n\tdepends on RUST\n",
        ),
        (
            "drivers/foo/Makefile",
            "obj-$(CONFIG_FOO) += foo.o\nobj-$(CONFIG_FOO_RUST) += foo_rust.o\n",
        ),
        (
            "drivers/foo/foo.c",
            "#include <linux/module.h>\n\nstatic int foo_probe(void)\n{\n\treturn 0;\n}\n\nstatic void foo_remove(void)\n{\n}\n",
        ),
        (
            "drivers/foo/foo_rust.rs",
            "//! Foo in Rust.\nuse kernel::prelude::*;\n\nmodule! {\n    type: Foo,\n    name: \"foo_rust\",\n    license: \"GPL\",\n}\n\nstruct Foo;\n",
        ),
    ];
    for (path, text) in files {
        write(&dir.path().join(path), text.as_bytes());
    }
    let run = kcensus([
        "report",
        "--no-cache",
        "--format",
        "json",
        &dir.path().to_string_lossy(),
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    let twins = doc["twins"].as_array().unwrap();
    assert_eq!(twins.len(), 1, "{twins:?}");
    let c = &twins[0]["c"];
    assert_eq!(c["files"][0]["path"], "drivers/foo/foo.c");
    assert_eq!(c["files"][0]["functions"], 2);
    assert_eq!(c["functions"], 2);
    assert_eq!(c["c_api_functions_called"], 0);
}
