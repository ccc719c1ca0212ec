//! Line arithmetic over a file's text, and the per-line facts the other passes share.

use ra_ap_syntax::{SyntaxKind, TextRange};

use super::tokens::Token;

/// The text of a file split into lines, with the offsets where they start.
pub(crate) struct Lines<'a> {
    text: &'a str,
    /// Byte offset of the start of each line (0-based line numbers index this).
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        if starts.len() > 1 && *starts.last().unwrap_or(&0) == text.len() {
            // A final newline ends the last line; it does not start another.
            starts.pop();
        }
        Lines { text, starts }
    }

    /// How many lines the text has.
    pub(crate) fn count(&self) -> usize {
        self.starts.len()
    }

    /// The 0-based line holding byte `offset`.
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }

    /// The 1-based line number of byte `offset`, as reported in facts.
    pub(crate) fn number_of(&self, offset: usize) -> u32 {
        u32::try_from(self.line_of(offset) + 1).unwrap_or(u32::MAX)
    }

    /// The 1-based column of byte `offset`, in characters from the start of its line (as
    /// rustc reports columns).
    pub(crate) fn column_of(&self, offset: usize) -> u32 {
        let start = self.start_of(self.line_of(offset));
        let chars = self
            .text
            .get(start..offset)
            .map_or(0, |t| t.chars().count());
        u32::try_from(chars + 1).unwrap_or(u32::MAX)
    }

    /// The byte offset where 0-based `line` starts.
    pub(crate) fn start_of(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.text.len())
    }

    /// The text of 0-based `line`, without its line end.
    pub(crate) fn text_of(&self, line: usize) -> &'a str {
        let start = self.start_of(line);
        let end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }

    /// The first and last 0-based lines a range touches.
    pub(crate) fn span_of(&self, range: TextRange) -> (usize, usize) {
        let start = usize::from(range.start());
        let end = usize::from(range.end());
        (
            self.line_of(start),
            self.line_of(end.saturating_sub(1).max(start)),
        )
    }
}

/// Which lines hold code: a token that is neither whitespace nor a comment touches them.
/// This is cloc's notion of a code line (non-blank, not only comment). `tokens` are the
/// file's tokens that are not whitespace, in file order, so the line of each is found by
/// going on from the previous one's rather than by a search.
pub(crate) fn code_lines(tokens: &[Token], lines: &Lines) -> Vec<bool> {
    let mut code = vec![false; lines.count()];
    // The last line starting at or before an offset, at or after line `from`.
    let line_from = |from: usize, offset: usize| {
        let mut line = from;
        while line + 1 < lines.count() && lines.start_of(line + 1) <= offset {
            line += 1;
        }
        line
    };
    let mut first = 0;
    for token in tokens.iter().filter(|t| t.kind != SyntaxKind::COMMENT) {
        first = line_from(first, token.start);
        let last = line_from(first, token.end.saturating_sub(1).max(token.start));
        if let Some(span) = code.get_mut(first..=last) {
            span.fill(true);
        }
    }
    code
}
