//! The general path without the line arrays, for every language whose filters take the lines
//! in order: `remove_matches` (make, the shells, YAML, JSON, text, ...), `remove_between_*`
//! (reStructuredText, ...), the line filters with a little state (Python's `docstring_to_C`,
//! XML's `remove_html_comments`, Perl's `remove_below`, ...), and `call_regexp_common`, which
//! joins the lines (Python, Assembly, XML, CSS, ...; `comment_stream.rs`).
//!
//! `count_with_filters` builds the file's lines as an array, then a new array after every
//! filter and every blank-line pass, and the joining filters a copy of the whole text and its
//! lines again: about 24 bytes of array per line on top of the bytes, several times over,
//! which is many times a file of short lines. Here each line goes through the chain as it is
//! read: memory is a line at a time (a comment left open holds its text until it closes), and
//! the answer is the array path's (the tests compare the two). Languages whose filters are all
//! `remove_matches` patterns without a regex engine take one fused loop instead of the stages
//! ([`count_by_line_patterns`]).

use super::comment_stream::CommentStream;
use super::{
    continues, delimited_comments_line, docstring_line_to_c, html_comment_markers, is_blank,
    jsp_comment_markers, CommentSyntax, Delimiters, LineCounts,
};
use crate::facts::languages::{Continuation, Filter, Language};
use crate::facts::perl::{
    case_sensitive_regex, indentation, line_body, literal, on_this_thread, LinePattern,
};
use regex::bytes::Regex;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// The lines of a file as cloc's `read_file` returns them (see `read_lines`), one at a time.
pub(super) fn lines(bytes: &[u8]) -> impl Iterator<Item = Cow<'_, [u8]>> {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let first = start == 0;
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |at| start + at + 1);
        let line = &bytes[start..end];
        start = end;
        let mut line: Cow<[u8]> = if line.ends_with(b"\n") || line == b"0" {
            Cow::Borrowed(line)
        } else {
            let mut owned = line.to_vec();
            owned.push(b'\n');
            Cow::Owned(owned)
        };
        if first {
            if let Some(bom) = super::BYTE_ORDER_MARKS
                .iter()
                .find(|bom| line.starts_with(bom))
            {
                line = Cow::Owned(line[bom.len()..].to_vec());
            }
        }
        // `s/\cM$//`: one carriage return at the end, before the newline.
        let body_len = line.len() - usize::from(line.ends_with(b"\n"));
        if body_len > 0 && line[body_len - 1] == b'\r' {
            let mut owned = line[..body_len - 1].to_vec();
            owned.extend_from_slice(&line[body_len..]);
            line = Cow::Owned(owned);
        }
        Some(line)
    })
}

/// One step of a chain: a filter or cloc's blank-line pass, with its state.
enum Stage {
    /// `remove_matches`: drop the lines the pattern matches (with the regex engine).
    Remove(&'static LinePattern),
    /// `remove_matches` filters in a row answered without the regex engine, each with the
    /// blank-line pass after it, fused.
    Patterns(PatternRun),
    /// `remove_between_*`.
    Between(Between),
    /// Drop blank lines, but keep one right after a line that continues (`remove_matches_2re`
    /// as `count_with_filters` runs it after reading and after every filter).
    DropBlank { previous_continues: bool },
    /// `docstring_to_C`.
    DocstringToC { in_docstring: bool },
    /// `remove_html_comments` and `remove_jsp_comments`.
    Delimited {
        one_line: &'static Regex,
        markers: Delimiters,
        in_comment: bool,
    },
    /// `remove_below`: every line from the first the pattern matches goes.
    RemoveBelow { marker: &'static Regex, below: bool },
    /// `remove_below_above`: from a line `below` matches to the next `above` matches.
    RemoveBelowAbove {
        below: &'static Regex,
        above: &'static Regex,
        between: bool,
    },
    /// `add_newlines`.
    AddNewlines,
    /// `call_regexp_common`, which joins the lines: many lines in, many out.
    Comments(CommentStream),
}

/// The chain of stages for a language, if each of its filters works on the lines in order.
fn chain(language: &Language) -> Option<Vec<Stage>> {
    let mut stages = vec![Stage::DropBlank {
        previous_continues: false,
    }];
    for filter in language.filters {
        if let Filter::RemoveMatches(pattern) = filter {
            let pattern = LinePattern::of(pattern);
            if pattern.is_fast() {
                // The blank-line pass after the pattern is part of the run.
                match stages.last_mut() {
                    Some(Stage::Patterns(run)) => run.push(pattern),
                    _ => stages.push(Stage::Patterns(PatternRun::new(pattern))),
                }
                continue;
            }
        }
        stages.push(match filter {
            Filter::RemoveMatches(pattern) => Stage::Remove(LinePattern::of(pattern)),
            Filter::RemoveBetweenGeneral(start, end) => {
                Stage::Between(Between::new(&regex::escape(start), &regex::escape(end)))
            }
            Filter::RemoveBetweenRegex(start, end) => Stage::Between(Between::new(start, end)),
            Filter::DocstringToC => Stage::DocstringToC {
                in_docstring: false,
            },
            Filter::RemoveHtmlComments | Filter::RemoveHtmlCommentsKeepingCode => {
                let keep_code = *filter == Filter::RemoveHtmlCommentsKeepingCode;
                let (one_line, markers) = html_comment_markers(keep_code);
                Stage::Delimited {
                    one_line,
                    markers,
                    in_comment: false,
                }
            }
            Filter::RemoveJspComments => {
                let (one_line, markers) = jsp_comment_markers();
                Stage::Delimited {
                    one_line,
                    markers,
                    in_comment: false,
                }
            }
            Filter::RemoveBelow(marker) => Stage::RemoveBelow {
                marker: case_sensitive_regex(marker),
                below: false,
            },
            Filter::RemoveBelowAbove(below, above) => Stage::RemoveBelowAbove {
                below: case_sensitive_regex(below),
                above: case_sensitive_regex(above),
                between: false,
            },
            Filter::AddNewlines => Stage::AddNewlines,
            Filter::CommentsCpp => Stage::Comments(CommentStream::new(CommentSyntax::Cpp)),
            Filter::CommentsC => Stage::Comments(CommentStream::new(CommentSyntax::C)),
            Filter::CommentsHtml => Stage::Comments(CommentStream::new(CommentSyntax::Html)),
            Filter::CommentsPascal => Stage::Comments(CommentStream::new(CommentSyntax::Pascal)),
            Filter::CommentsPlSql => Stage::Comments(CommentStream::new(CommentSyntax::PlSql)),
            Filter::CommentsSmalltalk => {
                Stage::Comments(CommentStream::new(CommentSyntax::Smalltalk))
            }
            _ => return None,
        });
        stages.push(Stage::DropBlank {
            previous_continues: false,
        });
    }
    Some(stages)
}

/// What `count_with_filters` gives, one line at a time; `None` when a filter of the language
/// needs the whole file (`remove_above`, `rm_last_line`, `pre_post_fix`, ...) or its blank
/// lines are not the usual ones (COBOL, X++).
pub(super) fn count(language: &Language, bytes: &[u8]) -> Option<LineCounts> {
    if matches!(language.name, "COBOL" | "X++") {
        return None;
    }
    if let Some(run) = fast_line_patterns(language) {
        return Some(count_by_line_patterns(language, run, bytes));
    }
    let mut stages = chain(language)?;
    let (blank_pass, filters) = stages.split_first_mut().expect("the blank-line pass");
    let mut tally = Tally {
        continuation: language.continuation,
        script: language.script,
        code: 0,
        first_kept: None,
    };
    let (mut total, mut after_blanks) = (0u64, 0u64);
    // The first line left after the blank-line pass (a script's `#!` line counts as code even
    // when a filter removed it).
    let mut first_line: Option<Vec<u8>> = None;
    for line in lines(bytes) {
        total += 1;
        let Some(line) = blank_pass.apply(line, language.continuation) else {
            continue;
        };
        after_blanks += 1;
        if language.script && first_line.is_none() {
            first_line = Some(line_body(&line).to_vec());
        }
        push(filters, line, &mut tally);
    }
    finish(filters, &mut tally);
    Some(
        Passed {
            total,
            after_blanks,
            code: tally.code,
            first_line,
            first_kept: tally.first_kept,
        }
        .counts(language),
    )
}

/// The patterns of a language whose every filter is a `remove_matches` answered without the
/// regex engine (make, the shells, YAML, JSON, text, ...: [`LinePattern::is_fast`]), as one
/// run.
fn fast_line_patterns(language: &Language) -> Option<PatternRun> {
    let patterns: Vec<&'static LinePattern> = language
        .filters
        .iter()
        .map(|filter| match filter {
            Filter::RemoveMatches(pattern) => {
                Some(LinePattern::of(pattern)).filter(|pattern| pattern.is_fast())
            }
            _ => None,
        })
        .collect::<Option<_>>()?;
    Some(PatternRun {
        previous_continues_after: vec![false; patterns.len()],
        patterns,
    })
}

/// [`count`]'s chain for a language of [`fast_line_patterns`], fused into one loop. These
/// filters only drop lines, never change them, so a line's indentation, blankness and
/// continuation are found once and each stage reads them: the blank-line pass first, then for
/// each pattern the pattern and the blank-line pass after it, each pass with its own memory of
/// whether the last line it saw continues. Through the stages one at a time, a line of YAML
/// took 620 instructions, fused 310 (callgrind, `count` of 7.3's `Documentation/devicetree`).
fn count_by_line_patterns(language: &Language, mut run: PatternRun, bytes: &[u8]) -> LineCounts {
    let mut previous_continues = false;
    let (mut total, mut after_blanks, mut code) = (0u64, 0u64, 0u64);
    let (mut first_line, mut first_kept): (Option<Vec<u8>>, Option<Vec<u8>>) = (None, None);
    for line in lines(bytes) {
        total += 1;
        let indentation = indentation(&line);
        let blank = indentation == line.len();
        let continues = continues(&line, language.continuation);
        if !blank_pass_keeps(&mut previous_continues, blank, continues) {
            continue;
        }
        after_blanks += 1;
        if language.script && first_line.is_none() {
            first_line = Some(line_body(&line).to_vec());
        }
        if run.keeps(&line, indentation, blank, continues) {
            code += 1;
            if language.script && first_kept.is_none() {
                first_kept = Some(line_body(&line).to_vec());
            }
        }
    }
    Passed {
        total,
        after_blanks,
        code,
        first_line,
        first_kept,
    }
    .counts(language)
}

/// `remove_matches` filters in a row whose patterns skip the regex engine
/// ([`LinePattern::is_fast`]), each followed by cloc's blank-line pass. These filters only drop
/// lines, never change them, so a line's indentation, blankness and continuation are found once
/// and each pass reads them; each blank-line pass keeps its own memory of whether the last line
/// it saw continues.
struct PatternRun {
    patterns: Vec<&'static LinePattern>,
    /// Whether the last line each blank-line pass after a pattern saw continues.
    previous_continues_after: Vec<bool>,
}

impl PatternRun {
    fn new(pattern: &'static LinePattern) -> PatternRun {
        PatternRun {
            patterns: vec![pattern],
            previous_continues_after: vec![false],
        }
    }

    /// One more pattern (and its blank-line pass) at the end of the run.
    fn push(&mut self, pattern: &'static LinePattern) {
        self.patterns.push(pattern);
        self.previous_continues_after.push(false);
    }

    /// Whether `line` survives every pattern and blank-line pass of the run.
    #[inline]
    fn keeps(&mut self, line: &[u8], indentation: usize, blank: bool, continues: bool) -> bool {
        self.patterns
            .iter()
            .zip(&mut self.previous_continues_after)
            .all(|(pattern, previous_continues)| {
                !pattern.is_match_indented(line, indentation)
                    && blank_pass_keeps(previous_continues, blank, continues)
            })
    }
}

/// cloc's blank-line pass (`remove_matches_2re`) on one line: a blank line goes, unless the
/// line the pass saw before it continues onto it; `previous_continues` then remembers this one.
#[inline]
fn blank_pass_keeps(previous_continues: &mut bool, blank: bool, continues: bool) -> bool {
    let keep = !blank || *previous_continues;
    *previous_continues = continues;
    keep
}

/// What a pass of a file through a chain found.
struct Passed {
    /// Lines read.
    total: u64,
    /// Lines left after the first blank-line pass.
    after_blanks: u64,
    /// Lines that survived every stage.
    code: u64,
    /// The body of the first line left after the blank-line pass (for a script).
    first_line: Option<Vec<u8>>,
    /// The body of the first line that survived every stage (for a script).
    first_kept: Option<Vec<u8>>,
}

impl Passed {
    /// The counts, with cloc's rule for a script's first line: a `#!` line is code even when
    /// a filter removed it.
    fn counts(self, language: &Language) -> LineCounts {
        let mut code = self.code;
        if language.script
            && self
                .first_line
                .as_ref()
                .is_some_and(|l| l.starts_with(b"#!"))
            && self.first_kept != self.first_line
        {
            code += 1;
        }
        let blank = self.total - self.after_blanks;
        LineCounts {
            blank,
            comment: self.total - blank - code,
            code,
        }
    }
}

/// The lines that survive every stage: counted as code.
struct Tally {
    continuation: Option<Continuation>,
    script: bool,
    code: u64,
    /// The first line that survives every filter.
    first_kept: Option<Vec<u8>>,
}

/// Pass a line through the stages in order; what survives them all is code.
fn push(stages: &mut [Stage], line: Cow<'_, [u8]>, tally: &mut Tally) {
    let Some((stage, rest)) = stages.split_first_mut() else {
        tally.code += 1;
        if tally.script && tally.first_kept.is_none() {
            tally.first_kept = Some(line_body(&line).to_vec());
        }
        return;
    };
    if let Stage::Comments(comments) = stage {
        comments.push(&line, &mut |out| push(rest, out, tally));
    } else if let Some(line) = stage.apply(line, tally.continuation) {
        push(rest, line, tally);
    }
}

/// The end of the file: each stage that holds lines back passes them on, in order.
fn finish(stages: &mut [Stage], tally: &mut Tally) {
    let Some((stage, rest)) = stages.split_first_mut() else {
        return;
    };
    if let Stage::Comments(comments) = stage {
        comments.finish(&mut |out| push(rest, out, tally));
    }
    finish(rest, tally);
}

impl Stage {
    /// The line after this step, or `None` when the step drops it (every stage but
    /// [`Stage::Comments`], which [`push`] feeds itself).
    fn apply<'a>(
        &mut self,
        line: Cow<'a, [u8]>,
        continuation: Option<Continuation>,
    ) -> Option<Cow<'a, [u8]>> {
        match self {
            Stage::Remove(pattern) => (!pattern.is_match(&line)).then_some(line),
            Stage::Patterns(run) => {
                let indentation = indentation(&line);
                let blank = indentation == line.len();
                run.keeps(&line, indentation, blank, continues(&line, continuation))
                    .then_some(line)
            }
            Stage::Between(between) => between.line(line),
            Stage::DropBlank { previous_continues } => {
                let continues = continues(&line, continuation);
                blank_pass_keeps(previous_continues, is_blank(&line), continues).then_some(line)
            }
            Stage::DocstringToC { in_docstring } => Some(docstring_line_to_c(line, in_docstring)),
            Stage::Delimited {
                one_line,
                markers,
                in_comment,
            } => on_this_thread(one_line, |one_line| {
                delimited_comments_line(&line, in_comment, one_line, markers)
            }),
            Stage::RemoveBelow { marker, below } => {
                *below = *below || on_this_thread(marker, |marker| marker.is_match(&line));
                (!*below).then_some(line)
            }
            Stage::RemoveBelowAbove {
                below,
                above,
                between,
            } => {
                if !*between && on_this_thread(below, |below| below.is_match(&line)) {
                    *between = true;
                    None
                } else if *between && on_this_thread(above, |above| above.is_match(&line)) {
                    *between = false;
                    None
                } else {
                    (!*between).then_some(line)
                }
            }
            Stage::AddNewlines => {
                let mut owned = line.into_owned();
                owned.push(b'\n');
                Some(Cow::Owned(owned))
            }
            Stage::Comments(_) => unreachable!("push feeds the joining stage"),
        }
    }
}

/// cloc's `remove_between_general` / `remove_between_regex`: comments that open with `start`
/// and close with `end`, possibly lines later, one line at a time. Both patterns are regex
/// syntax.
pub(super) struct Between {
    patterns: &'static BetweenPatterns,
    in_comment: bool,
}

/// The three regexes of a [`Between`], compiled once per pair of patterns for the whole run
/// (the language tables hold a few pairs; compiling them for every file was about 4 % of a
/// `count`), and kept for good: searched through [`on_this_thread`].
struct BetweenPatterns {
    one_line: Regex,
    /// `^.*?end`, or `end` alone when it can only match at a line's start
    /// ([`at_line_start_only`]).
    upto_end: Regex,
    start: Regex,
    /// `start` alone, when it can only match at a line's start (it begins with an
    /// unquantified `^` and has no `|`, as reStructuredText's `^\.\.`): then `^(.*?)start`
    /// matches exactly when it does, with an empty group. On the composite pattern the regex
    /// engine read every line to its end (it cannot tell that the second `^` never holds
    /// after the first byte): 3 % of a `count` of 7.3, for its 4,064 reStructuredText files.
    start_at_line_start: Option<Regex>,
    /// The bytes `start` matches, when it is a plain ASCII literal, with or without the
    /// anchoring `^`: a line without them (or, anchored, not starting with them) holds no
    /// comment start, so neither `one_line` nor `start` can match it and it is left as it is
    /// without running either. Most lines of a reStructuredText file are such lines.
    start_literal: Option<StartLiteral>,
}

/// A `remove_between` start pattern that is a literal (see [`BetweenPatterns::start_literal`]).
#[derive(Debug, PartialEq, Eq)]
enum StartLiteral {
    /// `^` and the literal: only at the line's start.
    AtLineStart(Vec<u8>),
    /// The literal anywhere in the line.
    Anywhere(Vec<u8>),
}

impl StartLiteral {
    /// What `start` is, if a literal: the regex crate's syntax, matched case-sensitively on bytes.
    fn of(start: &str) -> Option<StartLiteral> {
        let ascii = |bytes: Vec<u8>| Some(bytes).filter(|bytes| bytes.is_ascii());
        // (A `^` that does not anchor is no literal: `literal` refuses it.)
        if at_line_start_only(start) {
            literal(&start[1..])
                .and_then(ascii)
                .map(StartLiteral::AtLineStart)
        } else {
            literal(start).and_then(ascii).map(StartLiteral::Anywhere)
        }
    }

    /// Whether `line` may hold a match of the start pattern.
    fn may_start(&self, line: &[u8]) -> bool {
        match self {
            StartLiteral::AtLineStart(literal) => line.starts_with(literal),
            StartLiteral::Anywhere(literal) => memchr::memmem::find(line, literal).is_some(),
        }
    }
}

/// Whether `pattern` can only match at the start of a line: it begins with an unquantified `^`
/// (a quantified one, `^*` or `^?`, may match nowhere, so it does not anchor) and has no `|`.
fn at_line_start_only(pattern: &str) -> bool {
    pattern
        .strip_prefix('^')
        .is_some_and(|rest| !rest.starts_with(['*', '?', '+', '{']))
        && !pattern.contains('|')
}

impl BetweenPatterns {
    fn of(start: &str, end: &str) -> &'static BetweenPatterns {
        type Known = HashMap<(String, String), &'static BetweenPatterns>;
        static KNOWN: OnceLock<Mutex<Known>> = OnceLock::new();
        let mut known = KNOWN
            .get_or_init(Mutex::default)
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        known
            .entry((start.to_string(), end.to_string()))
            .or_insert_with(|| Box::leak(Box::new(BetweenPatterns::compile(start, end))))
    }

    fn compile(start: &str, end: &str) -> BetweenPatterns {
        let compile = |pattern: String| Regex::new(&pattern).expect("valid table pattern");
        // `^.*?end` matches where `end` alone does when `end` can only match at the line's
        // start (as reStructuredText's `^[^ \n\t\r\f\.]`), with the same end; alone, the regex
        // engine looks at the first bytes only, not at the whole line.
        let upto_end = if at_line_start_only(end) {
            format!("(?-u){end}")
        } else {
            format!("(?-u)^.*?{end}")
        };
        BetweenPatterns {
            one_line: compile(format!("(?-u){start}.*?{end}")),
            upto_end: compile(upto_end),
            start: compile(format!("(?-u)^(.*?){start}")),
            start_at_line_start: at_line_start_only(start)
                .then(|| compile(format!("(?-u){start}"))),
            start_literal: StartLiteral::of(start),
        }
    }

    /// Whether `line` may hold a match of `start` (false only when [`StartLiteral`] says so).
    fn may_start(&self, line: &[u8]) -> bool {
        self.start_literal
            .as_ref()
            .is_none_or(|literal| literal.may_start(line))
    }
}

impl Between {
    pub(super) fn new(start: &str, end: &str) -> Between {
        Between {
            patterns: BetweenPatterns::of(start, end),
            in_comment: false,
        }
    }

    /// What is left of `line`, if anything is kept.
    pub(super) fn line<'a>(&mut self, line: Cow<'a, [u8]>) -> Option<Cow<'a, [u8]>> {
        if is_blank(&line) {
            return None;
        }
        let patterns = self.patterns;
        let may_start = patterns.may_start(&line);
        if !may_start && !self.in_comment {
            // Neither `one_line` nor `start` matches: the line is code as it is.
            return Some(line);
        }
        let mut line = if may_start {
            on_this_thread(&patterns.one_line, |one_line| {
                Cow::Owned(one_line.replace_all(&line, &b""[..]).into_owned())
            })
        } else {
            line
        };
        if is_blank(&line) {
            return None;
        }
        if self.in_comment {
            if let Some(end) = on_this_thread(&patterns.upto_end, |upto_end| {
                upto_end.find(&line).map(|m| m.end())
            }) {
                line.to_mut().drain(..end);
                self.in_comment = false;
            }
            if self.in_comment {
                return None;
            }
        }
        if is_blank(&line) {
            return None;
        }
        // The end of the code before the comment's start, if the line starts one.
        // (Asked again of what is left: after a comment's end, the rest may start another.)
        let code_end = if !patterns.may_start(&line) {
            None
        } else {
            match &patterns.start_at_line_start {
                Some(start) => on_this_thread(start, |start| start.is_match(&line)).then_some(0),
                None => on_this_thread(&patterns.start, |start| {
                    start
                        .captures(&line)
                        .map(|caps| caps.get(1).map_or(0, |m| m.end()))
                }),
            }
        };
        if let Some(cut) = code_end {
            self.in_comment = true;
            if is_blank(&line[..cut]) {
                return None;
            }
            // Part code, part comment: keep the code before the comment (and the newline).
            let newline = line.ends_with(b"\n");
            let code = line.to_mut();
            code.truncate(cut);
            if newline {
                code.push(b'\n');
            }
        } else if self.in_comment {
            return None;
        }
        Some(line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// A start pattern that can only match at a line's start gives, alone, what the
        /// capturing `^(.*?)start` gives: random lines, and start patterns of that kind
        /// (reStructuredText's among them).
        #[test]
        fn a_start_at_line_start_alone_gives_the_capturing_answer(
            picks in proptest::collection::vec(0usize..8, 0..30),
            newline in proptest::bool::ANY,
        ) {
            let pieces: [&[u8]; 8] = [b".", b"..", b" ", b"\t", b"x", b"#", b"<", b"\r"];
            let mut line: Vec<u8> = picks.iter().flat_map(|&p| pieces[p].iter().copied()).collect();
            if newline {
                line.push(b'\n');
            }
            for (start, end) in [(r"^\.\.", r"^[^ \n\t\r\f\.]"), (r"^\s*#", "x"), (r"^<\.?", r"\.$")] {
                let patterns = BetweenPatterns::of(start, end);
                let alone = patterns.start_at_line_start.as_ref().expect("anchored, no `|`");
                let captured = patterns
                    .start
                    .captures(&line)
                    .map(|caps| caps.get(1).map_or(0, |m| m.end()));
                proptest::prop_assert_eq!(alone.is_match(&line).then_some(0), captured);
            }
            for end in [r"^[^ \n\t\r\f\.]", r"^\.+", r"^x?", r"^<\.?"] {
                proptest::prop_assert!(at_line_start_only(end));
                let upto_end = |pattern: String| {
                    Regex::new(&pattern).unwrap().find(&line).map(|m| m.end())
                };
                proptest::prop_assert_eq!(
                    upto_end(format!("(?-u){end}")),
                    upto_end(format!("(?-u)^.*?{end}"))
                );
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]
        /// Leaving a line without the start's literal as it is gives what the regexes give:
        /// random lines made of the literals' pieces, through [`Between`] with the literal and
        /// through one whose patterns do not know it (the regexes alone decide every line).
        #[test]
        fn a_line_without_the_start_literal_is_what_the_regexes_leave(
            lines in proptest::collection::vec(proptest::collection::vec(0usize..12, 0..12), 0..20),
        ) {
            let pieces: [&[u8]; 12] =
                [b".", b"..", b" ", b"\t", b"x", b"(*", b"*)", b"<!--", b"-->", b"\r", b"*", b"-"];
            let lines: Vec<Vec<u8>> = lines
                .iter()
                .map(|picks| {
                    let mut line: Vec<u8> =
                        picks.iter().flat_map(|&p| pieces[p].iter().copied()).collect();
                    line.push(b'\n');
                    line
                })
                .collect();
            for (start, end) in [
                (r"^\.\.".to_string(), r"^[^ \n\t\r\f\.]".to_string()),
                (regex::escape("(*"), regex::escape("*)")),
                (regex::escape("<!--"), regex::escape("-->")),
                (r"^x".to_string(), r"\.$".to_string()),
            ] {
                let with = BetweenPatterns::of(&start, &end);
                proptest::prop_assert!(with.start_literal.is_some(), "{start} is a literal");
                let without: &'static BetweenPatterns = Box::leak(Box::new(BetweenPatterns {
                    start_literal: None,
                    ..BetweenPatterns::compile(&start, &end)
                }));
                let mut fast = Between { patterns: with, in_comment: false };
                let mut regexes = Between { patterns: without, in_comment: false };
                for line in &lines {
                    proptest::prop_assert_eq!(
                        fast.line(Cow::Borrowed(line)),
                        regexes.line(Cow::Borrowed(line))
                    );
                }
            }
        }
    }

    #[test]
    fn start_literals_are_the_plain_ascii_ones() {
        use StartLiteral::*;
        assert_eq!(
            StartLiteral::of(r"^\.\."),
            Some(AtLineStart(b"..".to_vec()))
        );
        assert_eq!(
            StartLiteral::of(&regex::escape("(*")),
            Some(Anywhere(b"(*".to_vec()))
        );
        assert_eq!(StartLiteral::of(r"^*x"), None);
        assert_eq!(StartLiteral::of(r"\{[^$]"), None);
        assert_eq!(StartLiteral::of(r"a|b"), None);
        assert_eq!(StartLiteral::of("é"), None);
    }

    #[test]
    fn only_patterns_anchored_without_alternatives_are_taken_alone() {
        assert!(BetweenPatterns::of(r"^\.\.", "x")
            .start_at_line_start
            .is_some());
        assert!(BetweenPatterns::of(r"^a|b", "x")
            .start_at_line_start
            .is_none());
        assert!(BetweenPatterns::of(r"^?a", "x")
            .start_at_line_start
            .is_none());
        assert!(BetweenPatterns::of(r"/\*", r"\*/")
            .start_at_line_start
            .is_none());
    }
}
