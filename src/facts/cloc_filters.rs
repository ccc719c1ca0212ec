//! cloc 1.96's less common comment filters (`remove_f77_comments`, `remove_OCaml_comments`,
//! `remove_haskell_comments`, `jupyter_nb`, ...), one function per Perl subroutine, for the
//! languages outside the C family that cloc's table names them for. `cloc.rs` holds the common
//! ones and applies them all.

use super::perl::{case_sensitive_regex, line_body};
use regex::bytes::Regex;
use std::borrow::Cow;

pub(super) type Lines<'a> = Vec<Cow<'a, [u8]>>;

/// `/^\s*$/`
pub(super) fn blank(line: &[u8]) -> bool {
    line.iter().all(|&b| super::perl::is_perl_space(b))
}

/// Does the line match the pattern (Perl's `m{...}`, `$` before a final newline)?
fn m(pattern: &'static str, line: &[u8]) -> bool {
    case_sensitive_regex(pattern).is_match(line)
}

/// Replace in the line's body, keeping its final newline (Perl's `$` stops before it).
fn replace_body(line: &[u8], re: &Regex, replacement: &[u8], all: bool) -> Vec<u8> {
    let body = line_body(line);
    let mut out = if all {
        re.replace_all(body, regex::bytes::NoExpand(replacement))
            .into_owned()
    } else {
        re.replace(body, regex::bytes::NoExpand(replacement))
            .into_owned()
    };
    out.extend_from_slice(&line[body.len()..]);
    out
}

/// `replace_regex`: every match replaced; lines blank before or after go.
pub(crate) fn replace_regex<'a>(lines: Lines<'a>, re: &Regex, replacement: &str) -> Lines<'a> {
    lines
        .into_iter()
        .filter(|l| !blank(l))
        .map(|l| replace_body(&l, re, replacement.as_bytes(), true))
        .filter(|l| !blank(l))
        .map(Cow::Owned)
        .collect()
}

/// Java's `replace_between_regex('(["\'])(.*?MARKER)\g1', '(.*?)', '"xx"')`: a quote, the
/// shortest text ending with the marker, the same quote again, become `xx`, everywhere.
pub(crate) fn quoted_marker_to_xx<'a>(lines: Lines<'a>, marker: &str) -> Lines<'a> {
    let marker = marker.as_bytes();
    quoted_strings_to_xx(lines, |body, open| {
        let quote = body[open];
        (open + 1..body.len().saturating_sub(marker.len()))
            .find(|&k| body[k..].starts_with(marker) && body[k + marker.len()] == quote)
            .map(|k| k + marker.len())
    })
}

/// The frame of Java's `replace_between_regex(... '"xx"')` rules (cloc 1.96's and 2.04's):
/// in each line's body, left to right, a quote at `open` for which `close(body, open)` finds
/// the closing quote makes the text from one to the other `xx`. Lines blank before or after
/// go.
pub(super) fn quoted_strings_to_xx<'a>(
    lines: Lines<'a>,
    close: impl Fn(&[u8], usize) -> Option<usize>,
) -> Lines<'a> {
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if blank(&line) {
            continue;
        }
        let body = line_body(&line);
        let mut text = Vec::with_capacity(line.len());
        let mut pos = 0;
        while pos < body.len() {
            if matches!(body[pos], b'"' | b'\'') {
                if let Some(closing) = close(body, pos) {
                    text.extend_from_slice(b"xx");
                    pos = closing + 1;
                    continue;
                }
            }
            text.push(body[pos]);
            pos += 1;
        }
        text.extend_from_slice(&line[body.len()..]);
        if !blank(&text) {
            out.push(Cow::Owned(text));
        }
    }
    out
}

/// Groovy's `replace_between_regex('(["\'])(.*?/)(\*.*?)\g1', '(.*?)', '"$1$2$1 + $1$3$1$4"', 0)`:
/// a quoted string holding `/*` is split into two concatenated strings between `/` and `*`.
pub(crate) fn split_quoted_comment_open(lines: Lines<'_>) -> Lines<'_> {
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if blank(&line) {
            continue;
        }
        let body = line_body(&line);
        let mut text = Vec::with_capacity(line.len() + 8);
        let mut pos = 0;
        'scan: while pos < body.len() {
            let quote = body[pos];
            if quote == b'"' || quote == b'\'' {
                // The first `/*` after the quote with the same quote somewhere after it.
                let mut k = pos + 1;
                while k + 1 < body.len() {
                    if body[k] == b'/' && body[k + 1] == b'*' {
                        if let Some(close) = memchr::memchr(quote, &body[k + 2..]) {
                            let close = k + 2 + close;
                            let q = [quote];
                            text.extend_from_slice(&q);
                            text.extend_from_slice(&body[pos + 1..=k]);
                            text.extend_from_slice(&q);
                            text.extend_from_slice(b" + ");
                            text.extend_from_slice(&q);
                            text.extend_from_slice(&body[k + 1..close]);
                            text.extend_from_slice(&q);
                            pos = close + 1;
                            continue 'scan;
                        }
                        break;
                    }
                    k += 1;
                }
            }
            text.push(body[pos]);
            pos += 1;
        }
        text.extend_from_slice(&line[body.len()..]);
        if !blank(&text) {
            out.push(Cow::Owned(text));
        }
    }
    out
}

/// Perl's `split("\n", $text)`: fields between newlines, trailing empty fields dropped.
fn split_lines(text: &[u8]) -> Lines<'static> {
    let mut fields: Vec<&[u8]> = text.split(|&b| b == b'\n').collect();
    while fields.last().is_some_and(|f| f.is_empty()) {
        fields.pop();
    }
    fields.into_iter().map(|f| Cow::Owned(f.to_vec())).collect()
}

/// `pre_post_fix`: prefix + all lines + suffix, split again.
pub(crate) fn pre_post_fix(lines: Lines<'_>, prefix: &str, suffix: &str) -> Lines<'static> {
    let mut all = prefix.as_bytes().to_vec();
    for line in &lines {
        all.extend_from_slice(line);
    }
    all.extend_from_slice(suffix.as_bytes());
    split_lines(&all)
}

/// `remove_f77_comments`
pub(crate) fn remove_f77_comments(lines: Lines<'_>) -> Lines<'_> {
    lines
        .into_iter()
        .filter(|l| !m(r"^[*cC]", l) && !m(r"^\s*!", l))
        .collect()
}

/// `remove_f90_comments`
pub(crate) fn remove_f90_comments(lines: Lines<'_>) -> Lines<'_> {
    lines
        .into_iter()
        .filter(|l| !m(r"^(\s*!|\s*$)", l) || m(r"(?i)^\s*!(hpf|omp)\$", l))
        .collect()
}

/// Perl's truth of a string: neither empty nor `0`.
fn perl_true(text: &[u8]) -> bool {
    !text.is_empty() && text != b"0"
}

/// `remove_OCaml_comments`: nested `(* *)`, strings kept whole.
pub(crate) fn remove_ocaml_comments(lines: Lines<'_>) -> Lines<'_> {
    let tokens = case_sensitive_regex(r#"\(\*|\*\)|".*?""#);
    let mut depth = 0i64;
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if blank(&line) {
            continue;
        }
        let mut clean = Vec::with_capacity(line.len());
        let mut take = |t: &[u8], depth: &mut i64| {
            if !perl_true(t) {
                return;
            }
            match t {
                b"(*" => *depth += 1,
                b"*)" => *depth -= 1,
                _ if *depth == 0 => clean.extend_from_slice(t),
                _ => {}
            }
        };
        let mut last = 0;
        for token in tokens.find_iter(&line) {
            take(&line[last..token.start()], &mut depth);
            take(token.as_bytes(), &mut depth);
            last = token.end();
        }
        take(&line[last..], &mut depth);
        if perl_true(&clean) {
            out.push(Cow::Owned(clean));
        }
    }
    out
}

/// Text::Tabs' `expand`: tabs to spaces, tab stops every 8 columns.
fn expand_tabs(line: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(line.len());
    let mut column = 0;
    for &b in line {
        match b {
            b'\t' => {
                let n = 8 - column % 8;
                out.extend(std::iter::repeat_n(b' ', n));
                column += n;
            }
            b'\n' => {
                out.push(b);
                column = 0;
            }
            _ => {
                out.push(b);
                column += 1;
            }
        }
    }
    out
}

/// `remove_intented_block`: a comment marker line and the lines indented deeper after it.
pub(crate) fn remove_indented_block<'a>(lines: Lines<'a>, marker: &'static str) -> Lines<'a> {
    let marker = case_sensitive_regex(marker);
    let mut in_comment = 0usize;
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if blank(&line) {
            continue;
        }
        let line = expand_tabs(&line);
        let indent = line
            .iter()
            .take_while(|&&b| super::perl::is_perl_space(b))
            .count();
        if in_comment > 0 {
            if indent < in_comment {
                in_comment = 0;
            } else {
                continue;
            }
        } else if let Some(caps) = marker.captures(&line) {
            let lead = caps.get(1).map_or(0, |g| g.len());
            in_comment = if lead > 0 { lead + 1 } else { 1 };
            continue;
        }
        out.push(Cow::Owned(line));
    }
    out
}

/// `s{FROM}{TO}g` for literal pairs, in order, on every line (`smarty_to_C`, `powershell_to_C`).
pub(crate) fn substitute_all<'a>(lines: Lines<'a>, pairs: &[(&str, &str)]) -> Lines<'a> {
    lines
        .into_iter()
        .map(|line| {
            let mut text = line.into_owned();
            for (from, to) in pairs {
                text = replace_literal(&text, from.as_bytes(), to.as_bytes(), usize::MAX);
            }
            Cow::Owned(text)
        })
        .collect()
}

/// Replace the first `limit` occurrences of `from`.
fn replace_literal(text: &[u8], from: &[u8], to: &[u8], limit: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut pos = 0;
    let mut done = 0;
    while done < limit {
        match memchr::memmem::find(&text[pos..], from) {
            Some(at) => {
                out.extend_from_slice(&text[pos..pos + at]);
                out.extend_from_slice(to);
                pos += at + from.len();
                done += 1;
            }
            None => break,
        }
    }
    out.extend_from_slice(&text[pos..]);
    out
}

/// `elixir_doc_to_C`: `@doc """` / `@moduledoc '''` open a C comment, the next `"""` closes it.
pub(crate) fn elixir_doc_to_c(lines: Lines<'_>) -> Lines<'_> {
    let open = case_sensitive_regex(r#"(@(module)?doc\s+(~[sScC])?['"]{3})"#);
    let close = case_sensitive_regex(r#"(['"]{3})"#);
    let mut in_doc = false;
    lines
        .into_iter()
        .map(|line| {
            if !in_doc {
                if let Some(found) = open.find(&line) {
                    in_doc = true;
                    let from = found.as_bytes().to_vec();
                    return Cow::Owned(replace_literal(&line, &from, b"/*", 1));
                }
            } else if let Some(found) = close.find(&line) {
                in_doc = false;
                let from = found.as_bytes().to_vec();
                return Cow::Owned(replace_literal(&line, &from, b"*/", 1));
            }
            line
        })
        .collect()
}

/// `Forth_paren_to_C`: `( ... )` comments become C comments.
pub(crate) fn forth_paren_to_c(lines: Lines<'_>) -> Lines<'_> {
    let open = case_sensitive_regex(r"\s\(\s");
    let inline = case_sensitive_regex(r"\s\(\s.*?\)");
    let inline_all = case_sensitive_regex(r"\s+\(\s+.*?\)");
    let open_all = case_sensitive_regex(r"\s+\(\s+");
    let mut in_comment = false;
    lines
        .into_iter()
        .map(|line| {
            let mut text = line.into_owned();
            let mut tries = 0;
            while open.is_match(&text) || (in_comment && text.contains(&b')')) {
                if inline.is_match(&text) {
                    text = inline_all.replace_all(&text, &b""[..]).into_owned();
                } else if !in_comment && open.is_match(&text) {
                    text = open_all.replace(&text, &b"/*"[..]).into_owned();
                    in_comment = true;
                } else if in_comment && text.contains(&b')') {
                    text = replace_literal(&text, b")", b"*/", 1);
                    in_comment = false;
                } else {
                    tries += 1;
                    if tries > 255 {
                        break;
                    }
                }
            }
            Cow::Owned(text)
        })
        .collect()
}

/// `remove_jcl_comments`: `//*` lines go; a line that is only `//` ends the job.
pub(crate) fn remove_jcl_comments(lines: Lines<'_>) -> Lines<'_> {
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if blank(&line) || m(r"^//\*", &line) {
            continue;
        }
        if m(r"^\s*//\s*$", &line) {
            break;
        }
        out.push(line);
    }
    out
}

/// `remove_cobol_blanks`: cloc's blank-line rule for COBOL (fixed format: sequence numbers
/// alone, or nothing in columns 7 to 72, or a page eject, count as blank).
pub(crate) fn remove_cobol_blanks(lines: Lines<'_>) -> Lines<'_> {
    let mut free = false;
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if blank(&line) {
            continue;
        }
        let expanded = expand_tabs(&line);
        if m(r"(?i)^......\$.*SET.*SOURCEFORMAT.*FREE", &expanded) {
            free = true;
        }
        if free
            || !(m(r"^\d{6}\s*$", &line)
                || case_sensitive_regex(r"^.{6}\s{66}").is_match(&expanded)
                || m(r"^....../", &expanded))
        {
            out.push(line);
        }
    }
    out
}

/// `remove_cobol_comments`
pub(crate) fn remove_cobol_comments(lines: Lines<'_>) -> Lines<'_> {
    let mut free = false;
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if m(r"(?i)^......\$.*SET.*SOURCEFORMAT.*FREE", &line) {
            free = true;
        }
        let comment = if free {
            m(r"^\s*\*", &line)
        } else {
            m(r"^......\*", &line) || m(r"^\*", &line)
        };
        if !comment {
            out.push(line);
        }
    }
    out
}

/// `reduce_to_rmd_code_blocks`: only the lines inside ```` ```{r} ```` blocks.
pub(crate) fn reduce_to_rmd_code_blocks(lines: Lines<'_>) -> Lines<'_> {
    let mut in_block = false;
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if m(r"^```\{\s*[[:alpha:]]", &line) {
            in_block = true;
            continue;
        }
        if m(r"^```\s*$", &line) {
            in_block = false;
        }
        if in_block {
            out.push(line);
        }
    }
    out
}

/// `jupyter_nb`: the source lines of code cells, less empty lines and comments.
pub(crate) fn jupyter_nb(lines: Lines<'_>) -> Lines<'_> {
    let (mut in_code, mut in_source) = (false, false);
    let mut out = Vec::new();
    for line in lines {
        if !in_code && !in_source && m(r#"^\s*"cell_type":\s*"code",\s*$"#, &line) {
            in_code = true;
        } else if in_code && !in_source && m(r#"^\s*"source":\s*\[\s*$"#, &line) {
            in_source = true;
        } else if in_code && in_source {
            if m(r#"^\s*"\s*\\n",\s*$"#, &line) || m(r#"^\s*"\s*#"#, &line) {
                continue;
            } else if m(r"^\s*\]\s*$", &line) {
                in_code = false;
                in_source = false;
            } else {
                out.push(line);
            }
        }
    }
    out
}

/// `determine_lit_type`: 2 for `\begin{code}` literate Haskell, 1 for bird tracks, else 0.
fn literate_type(bytes: &[u8]) -> u8 {
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        if m(r"^\\begin\{code\}", line) {
            return 2;
        }
        if m(r"^>\s", line) {
            return 1;
        }
    }
    0
}

/// `remove_haskell_comments`: `--` and `{- -}` comments (nested in Elm), pragmas kept,
/// literate Haskell reduced to its code.
pub(crate) fn remove_haskell_comments<'a>(lines: Lines<'a>, path: &str, bytes: &[u8]) -> Lines<'a> {
    let elm = path.ends_with(".elm");
    let literate = if path.ends_with(".lhs") {
        literate_type(bytes)
    } else {
        0
    };
    let one_line = case_sensitive_regex(r"\{-.*?-\}");
    let (mut depth, mut in_code_block) = (0i64, false);
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let mut text: Vec<u8> = line_body(&line).to_vec();
        if literate == 1 {
            match text.strip_prefix(b">") {
                Some(rest) => text = rest.to_vec(),
                None => text.clear(),
            }
        } else if literate == 2 {
            if in_code_block {
                if m(r"^\\end\{code\}", &text) {
                    text.clear();
                    in_code_block = false;
                }
            } else {
                if m(r"^\\begin\{code\}", &text) {
                    in_code_block = true;
                }
                text.clear();
            }
        }
        if m(r"^\s*\{-#", &text) {
            out.push(Cow::Owned(text));
            continue;
        }
        let opens = memchr::memmem::find_iter(&text, b"{-").count() as i64;
        let closes = memchr::memmem::find_iter(&text, b"-}").count() as i64;
        text = one_line.replace_all(&text, &b""[..]).into_owned();
        if depth != 0 {
            if let Some(at) = memchr::memmem::find(&text, b"-}") {
                text.drain(..at + 2);
                depth = if elm { depth + opens - closes } else { 0 };
            } else {
                text.clear();
            }
        } else {
            if let Some(at) = memchr::memmem::find(&text, b"--") {
                text.truncate(at);
            }
            if let Some(at) = memchr::memmem::find(&text, b"{-") {
                if memchr::memmem::find(&text, b"{-#").is_none() {
                    text.truncate(at);
                    depth = if elm { depth + opens - closes } else { 1 };
                }
            }
        }
        if !blank(&text) {
            out.push(Cow::Owned(text));
        }
    }
    out
}
