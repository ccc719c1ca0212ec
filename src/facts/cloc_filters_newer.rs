//! The comment filters cloc 2.04 added or changed (`docstring_rm_comments`, Java's new
//! `replace_between_regex` rules, `remove_TLAPlus_comments`), one function per Perl
//! subroutine. Only the tables of cloc 2.04 and 2.08 name them; `cloc.rs` applies them.

use super::cloc_filters::{blank, quoted_strings_to_xx, Lines};
use super::perl::line_body;
use regex::bytes::Regex;
use std::borrow::Cow;
use std::sync::OnceLock;

/// Where `needle` first occurs in `hay` at or after `from`.
fn find_from(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)
        .and_then(|rest| memchr::memmem::find(rest, needle))
        .map(|at| from + at)
}

/// Java's `replace_between_regex('(["\'])(.*?MARKER)(.*?)\1', '(.*?)', '"xx"')` (cloc 2.04):
/// a quote, the shortest text up to the first marker, the shortest text up to the same quote
/// again, become `xx`, everywhere in the line. Once every such string is replaced, none is
/// left to open a comment across lines, so the filter's multi-line branch never fires.
pub(crate) fn quoted_text_with_marker_to_xx<'a>(lines: Lines<'a>, marker: &str) -> Lines<'a> {
    let marker = marker.as_bytes();
    quoted_strings_to_xx(lines, |body, open| {
        let after = find_from(body, marker, open + 1)? + marker.len();
        memchr::memchr(body[open], &body[after..]).map(|c| after + c)
    })
}

/// The first `"""` or `'''` at or after `from`: its position and its three bytes.
fn triple_quote(body: &[u8], from: usize) -> Option<(usize, &'static [u8])> {
    (from..body.len().saturating_sub(2)).find_map(|at| match &body[at..at + 3] {
        b"\"\"\"" => Some((at, &b"\"\"\""[..])),
        b"'''" => Some((at, &b"'''"[..])),
        _ => None,
    })
}

/// `s{(/\*|\*/|//)}{xx}g` on a part of a line (the same length after).
fn hide_comment_tokens(text: &mut [u8]) {
    let mut at = 0;
    while at + 1 < text.len() {
        if matches!(&text[at..at + 2], b"/*" | b"*/" | b"//") {
            text[at] = b'x';
            text[at + 1] = b'x';
            at += 2;
        } else {
            at += 1;
        }
    }
}

/// `substr($_, $at, 3) = "xxx"`: three bytes (fewer at the end of the line) become `xxx`.
fn overwrite_xxx(line: &mut Vec<u8>, at: usize) {
    let end = (at + 3).min(line.len());
    line.splice(at.min(end)..end, *b"xxx");
}

/// `/((""")|('''))(.*?)\1/`: a docstring opening and closing on the line: the positions inside
/// its quotes.
fn one_line_docstring(body: &[u8]) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some((at, quote)) = triple_quote(body, from) {
        if let Some(close) = find_from(body, quote, at + 3) {
            return Some((at + 3, close));
        }
        from = at + 1;
    }
    None
}

/// cloc 2.04's `docstring_rm_comments` (Java): `/*`, `*/` and `//` inside `"""` or `'''`
/// docstrings become `xx`, and a docstring quote after a comment opener becomes `xxx`, so that
/// the C++ comment filter after it sees neither. The branches and their order are cloc's.
pub(crate) fn docstring_rm_comments(lines: Lines<'_>) -> Lines<'_> {
    let mut in_docstring = false;
    lines
        .into_iter()
        .map(|line| {
            let mut line = line.into_owned();
            let body_len = line_body(&line).len();
            let body = &line[..body_len];
            if let Some((start, end)) = one_line_docstring(body) {
                hide_comment_tokens(&mut line[start..end]);
            } else if let Some(at) = comment_then_docstring(body) {
                overwrite_xxx(&mut line, at + 2);
            } else if let Some(at) = line_comment_then_docstring(body) {
                overwrite_xxx(&mut line, at + 2);
            } else if let (Some((at, _)), true) = (triple_quote(body, 0), in_docstring) {
                in_docstring = false;
                hide_comment_tokens(&mut line[..at]);
            } else if let (Some((at, _)), false) = (triple_quote(body, 0), in_docstring) {
                in_docstring = true;
                hide_comment_tokens(&mut line[at + 3..]);
            } else if in_docstring {
                hide_comment_tokens(&mut line);
            }
            Cow::Owned(line)
        })
        .collect()
}

/// `m{/\*.*?((""")|(''')).*?\*/}`: the first `/*` followed by a docstring quote and then `*/`.
fn comment_then_docstring(body: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(open) = find_from(body, b"/*", from) {
        if let Some((quote, _)) = triple_quote(body, open + 2) {
            if find_from(body, b"*/", quote + 3).is_some() {
                return Some(open);
            }
        }
        from = open + 1;
    }
    None
}

/// `m{//.*?((""")|('''))}`: the first `//` followed by a docstring quote.
fn line_comment_then_docstring(body: &[u8]) -> Option<usize> {
    let open = find_from(body, b"//", 0)?;
    triple_quote(body, open + 2).map(|_| open)
}

/// cloc's token pattern for `remove_TLAPlus_comments`.
fn tla_tokens() -> &'static Regex {
    static TOKENS: OnceLock<Regex> = OnceLock::new();
    TOKENS.get_or_init(|| {
        Regex::new(r#"(?-u)\(\*|\*\)|".*?"|[{}]|--fair\b|--algorithm|PlusCal options"#)
            .expect("valid")
    })
}

/// Perl's truth of a string: neither empty nor `"0"`.
fn perl_true(text: &[u8]) -> bool {
    !text.is_empty() && text != b"0"
}

/// The state `remove_TLAPlus_comments` carries from line to line.
#[derive(Default)]
struct TlaState {
    /// Depth of nested `(* *)` comments.
    in_comment: i64,
    /// `--algorithm` or `--fair` seen, its `{` not yet.
    in_pluscal_head: bool,
    /// Depth of `{ }` blocks of PlusCal code.
    in_pluscal_block: i64,
    /// The comment depth outside the PlusCal code.
    saved_in_comment: i64,
}

impl TlaState {
    /// One token of a line: whether it is kept (the arms of cloc's `if`/`elsif` chain).
    fn keep(&mut self, t: &[u8]) -> bool {
        if t == b"(*" {
            self.in_comment += 1;
            false
        } else if t == b"*)" {
            self.in_comment -= 1;
            false
        } else if t == b"{" && self.in_pluscal_head {
            self.in_pluscal_head = false;
            self.in_pluscal_block = 1;
            self.saved_in_comment = self.in_comment;
            self.in_comment = 0;
            true
        } else if t == b"{" && self.in_pluscal_block != 0 && self.in_comment == 0 {
            self.in_pluscal_block += 1;
            true
        } else if t == b"}" && self.in_pluscal_block != 0 && self.in_comment == 0 {
            self.in_pluscal_block -= 1;
            if self.in_pluscal_block == 0 {
                self.in_comment = self.saved_in_comment;
            }
            true
        } else if t == b"--fair" || t == b"--algorithm" {
            self.in_pluscal_head = true;
            true
        } else {
            self.in_comment == 0
                || self.in_pluscal_head
                || self.in_pluscal_block != 0
                || t == b"PlusCal options"
        }
    }
}

/// cloc 2.04's `remove_TLAPlus_comments`: nested `(* *)` comments go, but PlusCal code inside
/// a comment (from `--algorithm` or `--fair` to its closing `}`) stays code.
pub(crate) fn remove_tla_plus_comments(lines: Lines<'_>) -> Lines<'_> {
    let mut state = TlaState::default();
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if blank(&line) {
            continue;
        }
        // Perl's `split` with a capturing pattern: the text between tokens and the tokens.
        let mut clean = Vec::with_capacity(line.len());
        let mut pos = 0;
        for token in tla_tokens().find_iter(&line) {
            let text = &line[pos..token.start()];
            if perl_true(text) && state.keep(text) {
                clean.extend_from_slice(text);
            }
            if perl_true(token.as_bytes()) && state.keep(token.as_bytes()) {
                clean.extend_from_slice(token.as_bytes());
            }
            pos = token.end();
        }
        let text = &line[pos..];
        if perl_true(text) && state.keep(text) {
            clean.extend_from_slice(text);
        }
        if perl_true(&clean) {
            out.push(Cow::Owned(clean));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Lines<'_> {
        text.split_inclusive('\n')
            .map(|l| Cow::Borrowed(l.as_bytes()))
            .collect()
    }

    fn text(lines: Lines<'_>) -> String {
        lines
            .iter()
            .map(|l| String::from_utf8_lossy(l).into_owned())
            .collect()
    }

    #[test]
    fn quoted_text_holding_a_marker_becomes_xx() {
        let out = quoted_text_with_marker_to_xx(lines("a = \"x/*y\" + b;\n'/*\n"), "/*");
        assert_eq!(text(out), "a = xx + b;\n'/*\n");
    }

    #[test]
    fn docstrings_hide_comment_tokens() {
        let src = "s = \"\"\"a /* b\"\"\";\nt = \"\"\"\n// in\nend\"\"\" // c\nx // \"\"\"\n";
        let out = text(docstring_rm_comments(lines(src)));
        assert_eq!(
            out,
            "s = \"\"\"a xx b\"\"\";\nt = \"\"\"\nxx in\nend\"\"\" // c\nx //xxx\"\n"
        );
    }

    #[test]
    fn tla_comments_keep_pluscal_code() {
        let src = "a == 1 (* note *)\n(* --algorithm p {\nx := 1;\n} *)\n(* gone *)\n";
        let out = text(remove_tla_plus_comments(lines(src)));
        // The last line keeps its newline, a blank line that cloc drops after the filter.
        assert_eq!(out, "a == 1 \n--algorithm p {\nx := 1;\n}\n\n");
    }
}
