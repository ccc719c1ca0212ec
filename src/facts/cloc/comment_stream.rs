//! cloc's `call_regexp_common` (the filters that join a file's lines, delete every comment
//! match and split the text again: C, C++, HTML, Pascal, PL/SQL and Smalltalk comments),
//! fed one line at a time.
//!
//! The joined text is scanned left to right as `regexp_common` scans it; a comment's match is
//! decided by the text from its opener to its closer. Only the bytes from an opener whose
//! closer has not been read yet are held (`pending`), and the output line being built: a file
//! of ordinary comments holds a few lines at a time, a comment left open to the end of the file
//! holds the rest of the file once. Lines leave as soon as their newline is written, so the
//! array of lines and the joined copy of the file are never built. The answer is
//! `regexp_common`'s (`tests.rs` compares the two on random text cut into random lines).

use super::{ends_with_backslash, CommentSyntax};
use crate::facts::perl::is_perl_space;
use std::borrow::Cow;

/// Where the scan stands at a byte that may open a comment.
#[derive(Debug, PartialEq, Eq)]
enum Found {
    /// A comment of this many bytes starts here: it is deleted.
    Comment(usize),
    /// No comment starts here: the byte is text.
    Text,
    /// The text read so far does not decide (the closer may come later).
    NeedMore,
}

/// `regexp_common` of one comment syntax, one line at a time.
pub(super) struct CommentStream {
    syntax: CommentSyntax,
    /// The joined text from the first byte not yet decided.
    pending: Vec<u8>,
    /// `pending`'s length when its first byte last needed more text; the next try waits until
    /// it has doubled, so that a long comment is searched a bounded number of times.
    waited_at: usize,
    /// The output line being built (its newline not yet written).
    line: Vec<u8>,
    /// Empty output lines not yet passed on: Perl's `split` drops the trailing ones.
    empty_lines: usize,
}

impl CommentStream {
    pub(super) fn new(syntax: CommentSyntax) -> CommentStream {
        CommentStream {
            syntax,
            pending: Vec::new(),
            waited_at: 0,
            line: Vec::new(),
            empty_lines: 0,
        }
    }

    /// Join one more line; pass on every output line it completes.
    pub(super) fn push(&mut self, line: &[u8], emit: &mut dyn FnMut(Cow<'_, [u8]>)) {
        self.pending.extend_from_slice(line);
        // For C++ cloc adds a newline after every line not continued with `\` (see
        // `regexp_common`).
        if self.syntax == CommentSyntax::Cpp && !ends_with_backslash(line) {
            self.pending.push(b'\n');
        }
        if self.waited_at == 0 || self.pending.len() >= 2 * self.waited_at {
            self.scan(false, emit);
        }
    }

    /// The end of the file: decide the rest and pass on the last lines.
    pub(super) fn finish(&mut self, emit: &mut dyn FnMut(Cow<'_, [u8]>)) {
        self.scan(true, emit);
        if !self.line.is_empty() {
            flush_line(&mut self.line, &mut self.empty_lines, emit);
        }
        self.empty_lines = 0;
    }

    /// Scan `pending` as far as the text decides, writing what is not comment.
    fn scan(&mut self, at_end: bool, emit: &mut dyn FnMut(Cow<'_, [u8]>)) {
        let CommentStream {
            syntax,
            pending,
            waited_at,
            line,
            empty_lines,
        } = self;
        let mut write = |bytes: &[u8]| write_text(bytes, line, empty_lines, emit);
        let mut pos = 0;
        *waited_at = 0;
        while pos < pending.len() {
            let Some(at) = next_opener(&pending[pos..], *syntax).map(|at| pos + at) else {
                write(&pending[pos..]);
                pos = pending.len();
                break;
            };
            write(&pending[pos..at]);
            match comment_in(&pending[at..], *syntax, at_end) {
                Found::Comment(len) => pos = at + len,
                Found::Text => {
                    write(&pending[at..=at]);
                    pos = at + 1;
                }
                Found::NeedMore => {
                    pos = at;
                    *waited_at = pending.len() - at;
                    break;
                }
            }
        }
        pending.drain(..pos);
    }
}

/// Write text to the output: each newline ends a line, passed on.
fn write_text(
    bytes: &[u8],
    line: &mut Vec<u8>,
    empty_lines: &mut usize,
    emit: &mut dyn FnMut(Cow<'_, [u8]>),
) {
    let mut rest = bytes;
    while let Some(nl) = memchr::memchr(b'\n', rest) {
        line.extend_from_slice(&rest[..nl]);
        flush_line(line, empty_lines, emit);
        rest = &rest[nl + 1..];
    }
    line.extend_from_slice(rest);
}

/// Pass on a finished output line, after the empty lines before it (Perl's `split` keeps
/// empty fields unless they end the text).
fn flush_line(line: &mut Vec<u8>, empty_lines: &mut usize, emit: &mut dyn FnMut(Cow<'_, [u8]>)) {
    if line.is_empty() {
        *empty_lines += 1;
        return;
    }
    for _ in 0..std::mem::take(empty_lines) {
        emit(Cow::Borrowed(&b""[..]));
    }
    emit(Cow::Borrowed(&line[..]));
    line.clear();
}

/// The first byte that may open a comment of this syntax.
fn next_opener(text: &[u8], syntax: CommentSyntax) -> Option<usize> {
    match syntax {
        CommentSyntax::Cpp | CommentSyntax::C => memchr::memchr(b'/', text),
        CommentSyntax::Html => memchr::memchr(b'<', text),
        CommentSyntax::PlSql => memchr::memchr2(b'-', b'/', text),
        CommentSyntax::Smalltalk => memchr::memchr(b'"', text),
        CommentSyntax::Pascal => memchr::memchr2(b'{', b'(', text),
    }
}

/// `comment_at` on the text read so far, which ends the file when `at_end`: `NeedMore` when
/// the bytes not read yet could change the answer. `rest` starts at a byte [`next_opener`]
/// found.
fn comment_in(rest: &[u8], syntax: CommentSyntax, at_end: bool) -> Found {
    // What a search that ran off the end of the text means.
    let ran_out = if at_end { Found::Text } else { Found::NeedMore };
    let found_or_ran_out = |end: Option<usize>| end.map_or(ran_out_of(at_end), Found::Comment);
    match syntax {
        CommentSyntax::Cpp | CommentSyntax::C => match rest.get(1) {
            None => ran_out,
            Some(b'/') if syntax == CommentSyntax::Cpp => {
                found_or_ran_out(memchr::memchr(b'\n', &rest[2..]).map(|nl| 2 + nl + 1))
            }
            Some(b'*') => {
                found_or_ran_out(memchr::memmem::find(&rest[2..], b"*/").map(|at| at + 4))
            }
            _ => Found::Text,
        },
        CommentSyntax::PlSql => match rest.get(..2) {
            None => ran_out,
            Some(b"--") => found_or_ran_out(memchr::memchr(b'\n', &rest[2..]).map(|nl| nl + 3)),
            Some(b"/*") => {
                found_or_ran_out(memchr::memmem::find(&rest[2..], b"*/").map(|at| at + 4))
            }
            Some(_) => Found::Text,
        },
        CommentSyntax::Smalltalk => {
            found_or_ran_out(memchr::memchr(b'"', &rest[1..]).map(|at| at + 2))
        }
        CommentSyntax::Pascal => pascal_comment_in(rest, at_end),
        CommentSyntax::Html => html_comment_in(rest, at_end),
    }
}

/// [`Found::Text`] at the end of the file, else [`Found::NeedMore`].
fn ran_out_of(at_end: bool) -> Found {
    if at_end {
        Found::Text
    } else {
        Found::NeedMore
    }
}

/// `comment_at`'s Pascal rule: `{` or `(*`, then a body ending at the first `}` or `*)`.
fn pascal_comment_in(rest: &[u8], at_end: bool) -> Found {
    let open = match rest {
        [b'{', ..] => 1,
        [b'(', b'*', ..] => 2,
        [b'('] => return ran_out_of(at_end),
        _ => return Found::Text,
    };
    let mut at = open;
    while at < rest.len() {
        match rest[at] {
            b'}' => return Found::Comment(at + 1),
            b'*' => match rest.get(at + 1) {
                Some(b')') => return Found::Comment(at + 2),
                None => return ran_out_of(at_end),
                Some(_) => at += 1,
            },
            _ => at += 1,
        }
    }
    ran_out_of(at_end)
}

/// `html_comment_at` (Regexp::Common's `<!(?:--[^-]*(?:-[^-]+)*--\s*)*>`) on the text read so
/// far: every step that reaches the end of the text needs more unless the file ends there.
fn html_comment_in(rest: &[u8], at_end: bool) -> Found {
    match rest {
        [b'<'] => return ran_out_of(at_end),
        [b'<', b'!', ..] => {}
        _ => return Found::Text,
    }
    let mut at = 2;
    loop {
        match &rest[at..] {
            [b'-', b'-', ..] => {
                let Some(close) = memchr::memmem::find(&rest[at + 2..], b"--") else {
                    return ran_out_of(at_end);
                };
                at += 2 + close + 2;
                while at < rest.len() && is_perl_space(rest[at]) {
                    at += 1;
                }
            }
            [] | [b'-'] if !at_end => return Found::NeedMore,
            [b'>', ..] => return Found::Comment(at + 1),
            _ => return Found::Text,
        }
    }
}
