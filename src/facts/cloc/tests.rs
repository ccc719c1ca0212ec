//! Unit tests of `super` (cloc's counting): known counts of small texts, and the C-family
//! fast path against the general filter path.

use super::*;
use crate::facts::languages::language_named;

fn counts(lang: &str, text: &str) -> (u64, u64, u64) {
    let l = language_named(lang).expect("known language");
    let c = count(l, text.as_bytes());
    (c.blank, c.comment, c.code)
}

#[test]
fn c_basics() {
    let text = "/* header\n * more\n */\n\nint a; // trailing\n// whole\nint b;\n";
    assert_eq!(counts("C", text), (1, 4, 2));
}

#[test]
fn c_block_comment_in_middle_of_code_keeps_both_sides() {
    // The comment swallows the newline between the two lines, so cloc sees one code line.
    assert_eq!(counts("C", "int a; /* x\n y */ int b;\n"), (0, 1, 1));
    assert_eq!(counts("C", "int a; /* x\n y */\n"), (0, 1, 1));
}

#[test]
fn unclosed_block_comment_is_code() {
    assert_eq!(counts("C", "/* never closed\nint a;\n"), (0, 0, 2));
}

#[test]
fn string_with_comment_marker_is_treated_as_comment_like_cloc() {
    // cloc (without --strip-str-comments) sees `//` inside a string as a comment.
    assert_eq!(counts("C", "char *u = \"http://x\";\n"), (0, 0, 1));
    assert_eq!(counts("C", "\"//\"\n"), (0, 0, 1));
    assert_eq!(counts("C", "  \"\n// x\n"), (0, 1, 1));
}

#[test]
fn blank_line_after_continuation_is_kept_as_code() {
    let text = "#define X \\\n\nint a;\n";
    assert_eq!(counts("C", text), (0, 0, 3));
    // ...but not at the end of the file, where split() drops it.
    assert_eq!(counts("C", "#define X \\\n\n"), (0, 1, 1));
}

#[test]
fn line_comment_ending_in_backslash_swallows_next_line() {
    // `// a \` + `int b;`: the comment ends at the first newline, and no extra newline
    // separates the two lines, so `int b;` joins the code before the comment.
    assert_eq!(counts("C", "int a; // c \\\nint b;\n"), (0, 1, 1));
}

#[test]
fn crlf_bom_and_missing_final_newline() {
    assert_eq!(
        counts("C", "\u{feff}int a;\r\n\r\n// c\r\nint b;"),
        (1, 1, 2)
    );
}

#[test]
fn fast_path_matches_general_path() {
    let samples = [
        "int a;\n",
        "/* a */ /* b\n c */ d\n\n\n// e \\\nf\n",
        "x \\\n\n\ny\n",
        "x \\\n\n",
        "a // b \\\n\\\n\n c\n",
        "/*/ */ x\n/* / */\n",
        "s = \"/*\"; t = \"*/\";\n",
        "\\\n\\\n\n//\n",
        "\n\n\n",
        "0",
        "a\\",
        "/* x */\\\n\n/**/\n",
        "  \t\x0b\n\x0c\r\nq\r\r\n",
        "a /* b\n\n c */ d /* e */ f // g\nh\n",
        "/* a\n * b\n */\n\n/* unclosed\nx\n",
        "x /* y */\n/*\n\n*/ z // w \\\n\n q\n",
        "p \\\n/* c */\n\n",
        "// a\n// b \\\n\nc\n",
        "/*/ x */ y\n/**/\n//\n/",
        "\u{feff}/* bom */ a\r\nb \\\r\n\r\n",
        "a\n\n\\\n\n\n",
        "x /* */ /* \n */ /",
    ];
    let lang = language_named("C").expect("C");
    for s in samples {
        let fast = count_c_family(s.as_bytes(), true);
        let general = count_with_filters(lang, "", s.as_bytes());
        assert_eq!(fast, general, "sample {s:?}");
    }
}

#[test]
fn shell_keeps_shebang_as_code() {
    assert_eq!(
        counts("Bourne Shell", "#!/bin/sh\n# c\necho hi # x\n"),
        (0, 1, 2)
    );
}

#[test]
fn python_docstrings_are_comments() {
    let text = "#!/usr/bin/env python3\n\"\"\"Doc\nstring\"\"\"\nx = 1  # c\n";
    assert_eq!(counts("Python", text), (0, 2, 2));
}

#[test]
fn html_comment_regex() {
    assert_eq!(html_comment_at(b"<!-- a -- -- b -->x"), Some(18));
    assert_eq!(html_comment_at(b"<!---->"), Some(7));
    assert_eq!(html_comment_at(b"<!-- a --- b -->"), None);
    assert_eq!(html_comment_at(b"<!>"), Some(3));
    assert_eq!(html_comment_at(b"<!DOCTYPE html>"), None);
}
