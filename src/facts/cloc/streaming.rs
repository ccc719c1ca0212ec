//! The general path without the line arrays, for languages whose filters each look at one line
//! at a time: `remove_matches` (make, the shells, YAML, JSON, text, ...) and
//! `remove_between_general` / `remove_between_regex` (reStructuredText, ...).
//!
//! `count_with_filters` builds the file's lines as an array, then a new array after every
//! filter and every blank-line pass: about 24 bytes of array per line on top of the bytes,
//! twice at a time, which is many times a file of short lines. Each of these filters, and
//! cloc's blank-line pass, is a scan of the lines in order with at most a little state, so
//! their chain is applied to each line as it is read: memory is one line at a time, and the
//! answer is the array path's (the tests compare the two).

use super::{continues, is_blank, line_regex, LineCounts};
use crate::facts::languages::{Continuation, Filter, Language};
use regex::bytes::Regex;
use std::borrow::Cow;

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
    /// `remove_matches`: drop the lines the pattern matches.
    Remove(&'static Regex),
    /// `remove_between_*`.
    Between(Between),
    /// Drop blank lines, but keep one right after a line that continues (`remove_matches_2re`
    /// as `count_with_filters` runs it after reading and after every filter).
    DropBlank { previous_continues: bool },
}

/// The chain of stages for a language, if each of its filters works line by line.
fn chain(language: &Language) -> Option<Vec<Stage>> {
    let mut stages = vec![Stage::DropBlank {
        previous_continues: false,
    }];
    for filter in language.filters {
        stages.push(match filter {
            Filter::RemoveMatches(pattern) => Stage::Remove(line_regex(pattern)),
            Filter::RemoveBetweenGeneral(start, end) => {
                Stage::Between(Between::new(&regex::escape(start), &regex::escape(end)))
            }
            Filter::RemoveBetweenRegex(start, end) => Stage::Between(Between::new(start, end)),
            _ => return None,
        });
        stages.push(Stage::DropBlank {
            previous_continues: false,
        });
    }
    Some(stages)
}

/// Whether [`count`] can count this language: each of its filters works line by line, and its
/// blank lines are the usual ones.
fn applies(language: &Language) -> bool {
    !matches!(language.name, "COBOL" | "X++")
        && language.filters.iter().all(|filter| {
            matches!(
                filter,
                Filter::RemoveMatches(_)
                    | Filter::RemoveBetweenGeneral(..)
                    | Filter::RemoveBetweenRegex(..)
            )
        })
}

/// What `count_with_filters` gives, one line at a time; `None` when a filter of the language
/// needs the whole file ([`applies`] is false).
pub(super) fn count(language: &Language, bytes: &[u8]) -> Option<LineCounts> {
    if !applies(language) {
        return None;
    }
    let mut stages = chain(language)?;
    let continuation = language.continuation;
    let (mut total, mut after_blanks, mut code) = (0u64, 0u64, 0u64);
    // The first line left after the blank-line pass, and the first that survives every filter
    // (a script's `#!` line counts as code even when a filter removed it).
    let mut first_line: Option<Vec<u8>> = None;
    let mut first_kept: Option<Vec<u8>> = None;
    'lines: for line in lines(bytes) {
        total += 1;
        let mut line = line;
        for (index, stage) in stages.iter_mut().enumerate() {
            line = match stage.apply(line, continuation) {
                Some(line) => line,
                None => continue 'lines,
            };
            if index == 0 {
                after_blanks += 1;
                if language.script && first_line.is_none() {
                    first_line = Some(crate::facts::perl::line_body(&line).to_vec());
                }
            }
        }
        code += 1;
        if language.script && first_kept.is_none() {
            first_kept = Some(crate::facts::perl::line_body(&line).to_vec());
        }
    }
    if language.script
        && first_line.as_ref().is_some_and(|l| l.starts_with(b"#!"))
        && first_kept != first_line
    {
        code += 1;
    }
    let blank = total - after_blanks;
    Some(LineCounts {
        blank,
        comment: total - blank - code,
        code,
    })
}

impl Stage {
    /// The line after this step, or `None` when the step drops it.
    fn apply<'a>(
        &mut self,
        line: Cow<'a, [u8]>,
        continuation: Option<Continuation>,
    ) -> Option<Cow<'a, [u8]>> {
        match self {
            Stage::Remove(regex) => (!regex.is_match(&line)).then_some(line),
            Stage::Between(between) => between.line(line),
            Stage::DropBlank { previous_continues } => {
                let keep = !is_blank(&line) || *previous_continues;
                *previous_continues = continues(&line, continuation);
                keep.then_some(line)
            }
        }
    }
}

/// cloc's `remove_between_general` / `remove_between_regex`: comments that open with `start`
/// and close with `end`, possibly lines later, one line at a time. Both patterns are regex
/// syntax.
pub(super) struct Between {
    one_line: Regex,
    upto_end: Regex,
    start: Regex,
    in_comment: bool,
}

impl Between {
    pub(super) fn new(start: &str, end: &str) -> Between {
        Between {
            one_line: Regex::new(&format!("(?-u){start}.*?{end}")).expect("valid table pattern"),
            upto_end: Regex::new(&format!("(?-u)^.*?{end}")).expect("valid table pattern"),
            start: Regex::new(&format!("(?-u)^(.*?){start}")).expect("valid table pattern"),
            in_comment: false,
        }
    }

    /// What is left of `line`, if anything is kept.
    pub(super) fn line<'a>(&mut self, line: Cow<'a, [u8]>) -> Option<Cow<'a, [u8]>> {
        if is_blank(&line) {
            return None;
        }
        let mut line: Vec<u8> = self.one_line.replace_all(&line, &b""[..]).into_owned();
        if is_blank(&line) {
            return None;
        }
        if self.in_comment {
            if let Some(m) = self.upto_end.find(&line) {
                line.drain(..m.end());
                self.in_comment = false;
            }
            if self.in_comment {
                return None;
            }
        }
        if is_blank(&line) {
            return None;
        }
        if let Some(caps) = self.start.captures(&line) {
            self.in_comment = true;
            let prefix = caps.get(1).map_or(&[][..], |m| m.as_bytes());
            if is_blank(prefix) {
                return None;
            }
            // Part code, part comment: keep the code before the comment (and the newline).
            let cut = caps.get(1).map_or(0, |m| m.end());
            let newline = line.ends_with(b"\n");
            line.truncate(cut);
            if newline {
                line.push(b'\n');
            }
        } else if self.in_comment {
            return None;
        }
        Some(Cow::Owned(line))
    }
}
