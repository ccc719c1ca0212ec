//! cloc-compatible blank/comment/code counting.
//!
//! cloc (1.96) counts a file in three steps: read the lines (forcing a final newline, dropping a
//! byte-order mark and one carriage return per line), drop blank lines, then pass the remaining
//! lines through the language's comment filters; whatever survives is code and the rest is
//! comment. Its filters are Perl regular expressions with quirks that decide real counts (a `//`
//! comment swallows its newline, a blank line after a `\` continuation is kept, ...). This module
//! reproduces those filters one by one ([`Filter`]) on an array of lines, the way cloc does, and
//! has a single-pass fast path for the C family (C, headers, C++, Rust), which is most of a
//! kernel tree (`c_family.rs`, finding the bytes it stops at 64 at a time with
//! `byte_classes.rs`). Every other language whose filters take the lines in order is
//! counted one line at a time, without the arrays (`streaming.rs`, `comment_stream.rs` for the
//! filters that join lines). Tests check both, the fast path with every byte classifier, against
//! the general one.
//!
//! Invariant: `blank + comment + code` equals the number of lines cloc reads from the file.

mod byte_classes;
mod c_family;
mod comment_stream;
mod streaming;

use super::languages::{Continuation, Filter, Language};
use super::perl::{case_sensitive_regex, is_perl_space, line_regex, replacing_regex};
use regex::bytes::Regex;
use std::borrow::Cow;
use std::sync::OnceLock;

/// Lines of a file: blank, comment and code, as cloc counts them.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
pub struct LineCounts {
    /// Lines holding only white space.
    pub blank: u64,
    /// Lines holding only comments (and white space).
    pub comment: u64,
    /// Lines holding code.
    pub code: u64,
}

impl LineCounts {
    /// All lines.
    pub fn lines(&self) -> u64 {
        self.blank + self.comment + self.code
    }

    /// Add another file's counts.
    pub fn add(&mut self, other: &LineCounts) {
        self.blank += other.blank;
        self.comment += other.comment;
        self.code += other.code;
    }
}

/// `/^\s*$/`
#[inline]
fn is_blank(line: &[u8]) -> bool {
    line.iter().all(|&b| is_perl_space(b))
}

/// `/\\$/`: the line ends with a backslash, before an optional final newline.
#[inline]
fn ends_with_backslash(line: &[u8]) -> bool {
    let body = line.strip_suffix(b"\n").unwrap_or(line);
    body.last() == Some(&b'\\')
}

/// Byte-order marks cloc strips from the first line. cloc formats the leading bytes with `%x`
/// (no zero padding), so marks that start with a `00` or `0e` byte never match; they are left out.
const BYTE_ORDER_MARKS: &[&[u8]] = &[
    &[0xfe, 0xff],
    &[0xff, 0xfe],
    &[0xef, 0xbb, 0xbf],
    &[0xf7, 0x64, 0x4c],
    &[0xfb, 0xee, 0x28],
    &[0x2b, 0x2f, 0x76, 0x38],
    &[0x2b, 0x2f, 0x76, 0x39],
    &[0x2b, 0x2f, 0x76, 0x2b],
    &[0x2b, 0x2f, 0x76, 0x2f],
    &[0xdd, 0x73, 0x66, 0x73],
    &[0x84, 0x31, 0x95, 0x33],
];

/// The file's lines as cloc's `read_file` returns them, each ending in `\n` (except a last line
/// that is exactly `0`, which Perl's truth test leaves alone).
fn read_lines(bytes: &[u8]) -> Vec<Cow<'_, [u8]>> {
    streaming::lines(bytes).collect()
}

/// Does this line continue onto the next one, in the language's way?
fn continues(line: &[u8], continuation: Option<Continuation>) -> bool {
    match continuation {
        None => false,
        Some(Continuation::Backslash) => ends_with_backslash(line),
        // `\.\.\.\s*$`
        Some(Continuation::Ellipsis) => {
            let end = line
                .iter()
                .rposition(|&b| !is_perl_space(b))
                .map_or(0, |i| i + 1);
            line[..end].ends_with(b"...")
        }
        Some(Continuation::Regex(pattern)) => line_regex(pattern).is_match(line),
    }
}

/// Drop blank lines, keeping those right after a line that continues onto the next when the
/// language has continuations (cloc's `remove_matches_2re`).
fn drop_blank_lines<'a>(
    lines: Vec<Cow<'a, [u8]>>,
    continuation: Option<Continuation>,
) -> Vec<Cow<'a, [u8]>> {
    let mut kept = Vec::with_capacity(lines.len());
    let mut previous_continues = false;
    for line in lines {
        let continues = continues(&line, continuation);
        if !is_blank(&line) || previous_continues {
            kept.push(line);
        }
        previous_continues = continues;
    }
    kept
}

/// Count a file's lines for a language, exactly as cloc 1.96 does.
pub fn count(language: &Language, bytes: &[u8]) -> LineCounts {
    count_file(language, "", bytes)
}

/// [`count`] for a file whose name a filter needs (the Haskell family's reads `.elm` and
/// `.lhs`).
pub fn count_file(language: &Language, path: &str, bytes: &[u8]) -> LineCounts {
    if language.filters == C_FAMILY {
        return c_family::count(
            bytes,
            language.continuation == Some(Continuation::Backslash),
        );
    }
    if let Some(counts) = streaming::count(language, bytes) {
        return counts;
    }
    count_with_filters(language, path, bytes)
}

/// The filter list the fast path implements.
pub(crate) const C_FAMILY: &[Filter] = &[Filter::CommentsCpp];

/// The general path: cloc's filters applied to an array of lines.
pub(crate) fn count_with_filters(language: &Language, path: &str, bytes: &[u8]) -> LineCounts {
    let lines = read_lines(bytes);
    let total = lines.len() as u64;
    // cloc's `rm_blanks`: COBOL and X++ have their own idea of a blank line.
    let lines = match language.name {
        "COBOL" => super::cloc_filters::remove_cobol_blanks(lines),
        "X++" => {
            let re = line_regex(r"^\s*#?\s*$");
            lines.into_iter().filter(|l| !re.is_match(l)).collect()
        }
        _ => drop_blank_lines(lines, language.continuation),
    };
    let blank = total - lines.len() as u64;
    if lines.is_empty() {
        return LineCounts {
            blank,
            comment: 0,
            code: 0,
        };
    }
    let first_line: Vec<u8> = lines[0].strip_suffix(b"\n").unwrap_or(&lines[0]).to_vec();
    let mut lines: Vec<Cow<[u8]>> = lines;
    for filter in language.filters {
        lines = apply(filter, lines, path, bytes);
        lines = drop_blank_lines(lines, language.continuation);
    }
    let mut code = lines.len() as u64;
    // cloc counts a script's `#!` line as code, putting it back if a filter removed it.
    if language.script && first_line.starts_with(b"#!") {
        let first_kept = lines.first().map(|l| l.strip_suffix(b"\n").unwrap_or(l));
        if first_kept != Some(&first_line[..]) {
            code += 1;
        }
    }
    LineCounts {
        blank,
        comment: total - blank - code,
        code,
    }
}

fn apply<'a>(
    filter: &Filter,
    lines: Vec<Cow<'a, [u8]>>,
    path: &str,
    bytes: &[u8],
) -> Vec<Cow<'a, [u8]>> {
    use super::cloc_filters as more;
    use super::cloc_filters_newer as newer;
    match filter {
        Filter::RemoveMatches(pattern) => {
            // The regex, not `perl::LinePattern`'s fast matchers: this path is what the tests
            // hold the streaming one (which takes them) to.
            let re = line_regex(pattern);
            lines.into_iter().filter(|l| !re.is_match(l)).collect()
        }
        Filter::CommentsPascal => regexp_common(lines, CommentSyntax::Pascal),
        Filter::CommentsPlSql => regexp_common(lines, CommentSyntax::PlSql),
        Filter::CommentsSmalltalk => regexp_common(lines, CommentSyntax::Smalltalk),
        Filter::RemoveAbove(marker) => {
            let re = case_sensitive_regex(marker);
            match lines.iter().position(|l| re.is_match(l)) {
                Some(at) => lines.into_iter().skip(at).collect(),
                None => lines,
            }
        }
        Filter::ReplaceRegex(pattern, replacement) => {
            more::replace_regex(lines, replacing_regex(pattern), replacement)
        }
        Filter::QuotedCommentMarkerToXx(marker) => more::quoted_marker_to_xx(lines, marker),
        Filter::SplitQuotedCommentOpen => more::split_quoted_comment_open(lines),
        Filter::PrePostFix(prefix, suffix) => more::pre_post_fix(lines, prefix, suffix),
        Filter::RmLastLine => {
            let mut lines = lines;
            lines.pop();
            lines
        }
        Filter::RemoveF77Comments => more::remove_f77_comments(lines),
        Filter::RemoveF90Comments => more::remove_f90_comments(lines),
        Filter::RemoveOcamlComments => more::remove_ocaml_comments(lines),
        Filter::RemoveHamlBlock => more::remove_indented_block(lines, r"^(\s*)(/|-#)\s*$"),
        Filter::RemovePugBlock => more::remove_indented_block(lines, r"^(\s*)(//)\s*$"),
        Filter::RemoveSlimBlock => more::remove_indented_block(lines, r"^(\s*)(/[^!])"),
        Filter::SmartyToC => more::substitute_all(lines, &[("{*", "/*"), ("*}", "*/")]),
        Filter::PowershellToC => more::substitute_all(lines, &[("<#", "/*"), ("#>", "*/")]),
        Filter::ElixirDocToC => more::elixir_doc_to_c(lines),
        Filter::ForthParenToC => more::forth_paren_to_c(lines),
        Filter::RemoveJclComments => more::remove_jcl_comments(lines),
        Filter::RemoveCobolComments => more::remove_cobol_comments(lines),
        Filter::ReduceToRmdCodeBlocks => more::reduce_to_rmd_code_blocks(lines),
        Filter::JupyterNb => more::jupyter_nb(lines),
        Filter::RemoveHaskellComments => more::remove_haskell_comments(lines, path, bytes),
        Filter::CommentsCpp => regexp_common(lines, CommentSyntax::Cpp),
        Filter::CommentsC => regexp_common(lines, CommentSyntax::C),
        Filter::CommentsHtml => regexp_common(lines, CommentSyntax::Html),
        Filter::RemoveHtmlComments => remove_html_comments(lines, false),
        Filter::RemoveHtmlCommentsKeepingCode => remove_html_comments(lines, true),
        Filter::QuotedTextWithCommentMarkerToXx(marker) => {
            newer::quoted_text_with_marker_to_xx(lines, marker)
        }
        Filter::DocstringRmComments => newer::docstring_rm_comments(lines),
        // Never reached: `classify` does not count a language with it.
        Filter::Unsupported => lines,
        Filter::RemoveTlaPlusComments => newer::remove_tla_plus_comments(lines),
        Filter::CivetComments => {
            // cloc's `call_parse_civet`: CoffeeScript comments when the file says so, else C's.
            let coffee = lines
                .iter()
                .any(|l| case_sensitive_regex(r"^\s*civet\s+coffee(Comment|Compat)").is_match(l));
            let steps: &[Filter] = if coffee {
                &[
                    Filter::RemoveBetweenGeneral("###", "###"),
                    Filter::RemoveMatches(r"^\s*#"),
                ]
            } else {
                &[
                    Filter::CommentsC,
                    Filter::RemoveMatches("^///"),
                    Filter::RemoveMatches(r"^\s*//[^/]"),
                    Filter::RemoveBetweenGeneral("###", "###"),
                ]
            };
            steps
                .iter()
                .fold(lines, |lines, step| apply(step, lines, path, bytes))
        }
        Filter::RemoveBetweenGeneral(start, end) => {
            remove_between(lines, &regex::escape(start), &regex::escape(end))
        }
        Filter::RemoveBetweenRegex(start, end) => remove_between(lines, start, end),
        Filter::RemoveBelow(marker) => {
            let re = case_sensitive_regex(marker);
            lines.into_iter().take_while(|l| !re.is_match(l)).collect()
        }
        Filter::RemoveBelowAbove(below, above) => {
            let (below, above) = (case_sensitive_regex(below), case_sensitive_regex(above));
            let mut between = false;
            let mut kept = Vec::with_capacity(lines.len());
            for line in lines {
                if !between && below.is_match(&line) {
                    between = true;
                } else if between && above.is_match(&line) {
                    between = false;
                } else if !between {
                    kept.push(line);
                }
            }
            kept
        }
        Filter::DocstringToC => docstring_to_c(lines),
        Filter::RemoveJspComments => remove_jsp_comments(lines),
        Filter::AddNewlines => lines
            .into_iter()
            .map(|l| {
                let mut owned = l.into_owned();
                owned.push(b'\n');
                Cow::Owned(owned)
            })
            .collect(),
    }
}

/// Which of Regexp::Common's comment patterns `call_regexp_common` uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CommentSyntax {
    /// `//...\n` and `/*...*/`
    Cpp,
    /// `/*...*/`
    C,
    /// `<!-- ... -->` (with Regexp::Common's strict `--` rules)
    Html,
    /// `{...}` and `(*...*)`, either opener with either closer
    Pascal,
    /// `--...\n` and `/*...*/`
    PlSql,
    /// `"..."`
    Smalltalk,
}

/// cloc's `call_regexp_common`: join the lines, delete every comment match, split again.
fn regexp_common<'a>(lines: Vec<Cow<'a, [u8]>>, syntax: CommentSyntax) -> Vec<Cow<'a, [u8]>> {
    let mut text = Vec::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
    for line in &lines {
        text.extend_from_slice(line);
        // For C++ cloc adds a newline after every line not continued with `\`, so that a `//`
        // comment, which swallows its newline, does not glue two lines together.
        if syntax == CommentSyntax::Cpp && !ends_with_backslash(line) {
            text.push(b'\n');
        }
    }
    let mut out = Vec::with_capacity(text.len());
    let mut pos = 0;
    while pos < text.len() {
        match comment_at(&text, pos, syntax) {
            Some(end) => pos = end,
            None => {
                out.push(text[pos]);
                pos += 1;
            }
        }
    }
    perl_split_lines(&out)
        .into_iter()
        .map(|s| Cow::Owned(s.to_vec()))
        .collect()
}

/// Perl's `split("\n", $text)`: fields between newlines, trailing empty fields dropped.
fn perl_split_lines(text: &[u8]) -> Vec<&[u8]> {
    let mut fields: Vec<&[u8]> = text.split(|&b| b == b'\n').collect();
    while fields.last().is_some_and(|f| f.is_empty()) {
        fields.pop();
    }
    fields
}

/// If a comment of the given syntax starts at `pos`, where it ends.
#[inline]
fn comment_at(text: &[u8], pos: usize, syntax: CommentSyntax) -> Option<usize> {
    let rest = &text[pos..];
    match syntax {
        CommentSyntax::Cpp | CommentSyntax::C => {
            if rest.first() != Some(&b'/') {
                return None;
            }
            match rest.get(1) {
                Some(b'/') if syntax == CommentSyntax::Cpp => {
                    memchr::memchr(b'\n', &rest[2..]).map(|nl| pos + 2 + nl + 1)
                }
                Some(b'*') => memchr::memmem::find(&rest[2..], b"*/").map(|at| pos + 2 + at + 2),
                _ => None,
            }
        }
        CommentSyntax::Html => html_comment_at(rest).map(|len| pos + len),
        CommentSyntax::PlSql => {
            if rest.starts_with(b"--") {
                memchr::memchr(b'\n', &rest[2..]).map(|nl| pos + 2 + nl + 1)
            } else if rest.starts_with(b"/*") {
                memchr::memmem::find(&rest[2..], b"*/").map(|at| pos + 2 + at + 2)
            } else {
                None
            }
        }
        CommentSyntax::Smalltalk => {
            if rest.first() != Some(&b'"') {
                return None;
            }
            memchr::memchr(b'"', &rest[1..]).map(|at| pos + 1 + at + 1)
        }
        CommentSyntax::Pascal => {
            // `(?:[{]|[(][*])(?:[^}*]*(?:[*](?![)])[^}*]*)*)(?:[}]|[*][)])`: the body ends at
            // the first `}` or `*)`.
            let open = if rest.starts_with(b"{") {
                1
            } else if rest.starts_with(b"(*") {
                2
            } else {
                return None;
            };
            let mut at = open;
            while at < rest.len() {
                match rest[at] {
                    b'}' => return Some(pos + at + 1),
                    b'*' if rest.get(at + 1) == Some(&b')') => return Some(pos + at + 2),
                    _ => at += 1,
                }
            }
            None
        }
    }
}

/// Regexp::Common's HTML comment, `<!(?:--[^-]*(?:-[^-]+)*--\s*)*>`, anchored at the start;
/// returns its length. The body of each `--...--` group cannot hold `--`, so each group ends at
/// the first `--` after it opens and the match is deterministic.
fn html_comment_at(rest: &[u8]) -> Option<usize> {
    if !rest.starts_with(b"<!") {
        return None;
    }
    let mut at = 2;
    while rest[at..].starts_with(b"--") {
        let close = memchr::memmem::find(&rest[at + 2..], b"--")?;
        at += 2 + close + 2;
        while at < rest.len() && is_perl_space(rest[at]) {
            at += 1;
        }
    }
    (rest.get(at) == Some(&b'>')).then_some(at + 1)
}

/// cloc's `remove_html_comments`: line-oriented removal of `<!-- ... -->`.
/// `keep_code`: cloc 2.04's form, which keeps the code before a comment that stays open.
fn remove_html_comments(lines: Vec<Cow<'_, [u8]>>, keep_code: bool) -> Vec<Cow<'_, [u8]>> {
    let (one_line, markers) = html_comment_markers(keep_code);
    remove_delimited_comments(lines, one_line, &markers)
}

/// What [`remove_html_comments`] looks for: the one-line comment and the markers.
fn html_comment_markers(keep_code: bool) -> (&'static Regex, Delimiters) {
    static ONE_LINE: OnceLock<Regex> = OnceLock::new();
    let one_line = ONE_LINE.get_or_init(|| Regex::new(r"(?-u)<!--.*?-->").expect("valid"));
    let markers = Delimiters {
        open: b"<!--",
        close: b"-->",
        keep_code,
    };
    (one_line, markers)
}

/// cloc's `remove_jsp_comments`: the same shape as HTML comments with `<%--` and `--%>`.
fn remove_jsp_comments(lines: Vec<Cow<'_, [u8]>>) -> Vec<Cow<'_, [u8]>> {
    let (one_line, markers) = jsp_comment_markers();
    remove_delimited_comments(lines, one_line, &markers)
}

/// What [`remove_jsp_comments`] looks for: the one-line comment and the markers.
fn jsp_comment_markers() -> (&'static Regex, Delimiters) {
    static ONE_LINE: OnceLock<Regex> = OnceLock::new();
    let one_line = ONE_LINE.get_or_init(|| Regex::new(r"(?-u)<%--.*?--%>").expect("valid"));
    let markers = Delimiters {
        open: b"<%--",
        close: b"--%>",
        keep_code: false,
    };
    (one_line, markers)
}

/// The markers of a comment that may span lines, for [`remove_delimited_comments`].
struct Delimiters {
    open: &'static [u8],
    close: &'static [u8],
    /// Keep the code before an opening marker as a line of its own (cloc 2.04's
    /// `remove_html_comments`: `push @save_lines, "$1\n"`), even inside a comment.
    keep_code: bool,
}

/// The loop both cloc filters above share: drop comments that open and close on one line
/// (`one_line`), then track comments from `open` to `close` across lines.
fn remove_delimited_comments<'a>(
    lines: Vec<Cow<'a, [u8]>>,
    one_line: &Regex,
    markers: &Delimiters,
) -> Vec<Cow<'a, [u8]>> {
    let mut in_comment = false;
    lines
        .into_iter()
        .filter_map(|line| delimited_comments_line(&line, &mut in_comment, one_line, markers))
        .collect()
}

/// One line of [`remove_delimited_comments`]: what is kept of it, if anything; `in_comment`
/// carries from line to line.
fn delimited_comments_line<'a>(
    line: &[u8],
    in_comment: &mut bool,
    one_line: &Regex,
    markers: &Delimiters,
) -> Option<Cow<'a, [u8]>> {
    let (open, close) = (markers.open, markers.close);
    if is_blank(line) {
        return None;
    }
    let mut line: Vec<u8> = one_line.replace_all(line, &b""[..]).into_owned();
    if is_blank(&line) {
        return None;
    }
    if *in_comment {
        if let Some(at) = memchr::memmem::find(&line, close) {
            line.drain(..at + close.len());
            *in_comment = false;
        }
    }
    if is_blank(&line) {
        return None;
    }
    if let Some(at) = memchr::memmem::find(&line, open) {
        if !line[..at].contains(&b'\n') {
            *in_comment = true;
            if is_blank(&line[..at]) {
                return None;
            }
            if markers.keep_code {
                let mut code = line[..at].to_vec();
                code.push(b'\n');
                return Some(Cow::Owned(code));
            }
        }
    }
    if *in_comment {
        return None;
    }
    Some(Cow::Owned(line))
}

/// cloc's `remove_between_general` / `remove_between_regex` over the array of lines.
fn remove_between<'a>(lines: Vec<Cow<'a, [u8]>>, start: &str, end: &str) -> Vec<Cow<'a, [u8]>> {
    let mut between = streaming::Between::new(start, end);
    lines
        .into_iter()
        .filter_map(|line| between.line(line))
        .collect()
}

/// cloc's `docstring_to_C`: turn Python's `"""`/`'''` into `/*` and `*/`, alternately, so the C
/// comment filter that follows removes docstrings.
fn docstring_to_c(lines: Vec<Cow<'_, [u8]>>) -> Vec<Cow<'_, [u8]>> {
    let mut in_docstring = false;
    lines
        .into_iter()
        .map(|line| docstring_line_to_c(line, &mut in_docstring))
        .collect()
}

/// One line of [`docstring_to_c`]; `in_docstring` carries from line to line.
fn docstring_line_to_c<'a>(line: Cow<'a, [u8]>, in_docstring: &mut bool) -> Cow<'a, [u8]> {
    if memchr::memmem::find(&line, b"\"\"\"").is_none()
        && memchr::memmem::find(&line, b"'''").is_none()
    {
        return line;
    }
    let mut line = line.into_owned();
    loop {
        let dq = memchr::memmem::find(&line, b"\"\"\"");
        let sq = memchr::memmem::find(&line, b"'''");
        let at = match (dq, sq) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => break,
        };
        if !*in_docstring {
            // `s{[uU]?((""")|('''))}{/*}`: the leftmost match, which takes a `u`
            // prefix when one stands right before the quotes.
            let start = if at > 0 && matches!(line[at - 1], b'u' | b'U') {
                at - 1
            } else {
                at
            };
            line.splice(start..at + 3, b"/*".iter().copied());
            *in_docstring = true;
        } else {
            line.splice(at..at + 3, b"*/".iter().copied());
            *in_docstring = false;
        }
    }
    Cow::Owned(line)
}

#[cfg(test)]
mod tests;
