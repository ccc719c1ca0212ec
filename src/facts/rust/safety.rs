//! Where a `// SAFETY:` comment is looked for, after clippy's `undocumented_unsafe_blocks`.
//!
//! Clippy reads lines, not tokens: from the line of the `unsafe` keyword (or of the statement
//! that holds the block) it goes up, skipping blank lines and one-line attributes (a line that
//! starts with `#[` or `#![` and ends with `]`: clippy's default
//! `accept-comment-above-attributes`). If the first line left is a `//` comment, it reads the
//! run of consecutive `//` lines (doc comments included, blank and attribute lines skipped)
//! and the block is documented if one of them contains `SAFETY:` in any case, outside
//! a ```` ``` ```` code block of a doc comment. Otherwise the block is documented only if what
//! comes right before the line is a `/* ... */` comment that starts its own line and contains
//! `SAFETY:`. Failing that, the first line left may end with a comment after code whose
//! text starts with `SAFETY:` (`let x = f(); // SAFETY: ..`, clippy 1.95). The search never goes above the line where the enclosing function starts (for a
//! `macro_rules!` body: the line of `macro_rules!`). A block is also documented by a `//` or
//! `/*` comment that starts with `SAFETY:` as the first thing inside its braces
//! (clippy's `block_has_inner_safety_comment`).

use ra_ap_syntax::SyntaxKind;

use super::lines::Lines;
use super::tokens::Token;

/// The file's lines and tokens, indexed for the upward search.
pub(crate) struct CommentSearch<'a> {
    lines: &'a Lines<'a>,
    /// The tokens that are not whitespace, in file order.
    tokens: &'a [Token],
    text: &'a str,
}

fn mentions_safety(text: &str) -> bool {
    text.to_ascii_uppercase().contains("SAFETY:")
}

/// A line clippy's upward scan skips as an attribute: `#[..]` or `#![..]` on one line.
fn is_attribute_line(trimmed: &str) -> bool {
    (trimmed.starts_with("#[") || trimmed.starts_with("#![")) && trimmed.ends_with(']')
}

impl<'a> CommentSearch<'a> {
    /// The search over `text`, its `lines` and its `tokens` that are not whitespace.
    pub(crate) fn new(tokens: &'a [Token], lines: &'a Lines<'a>, text: &'a str) -> Self {
        CommentSearch {
            lines,
            tokens,
            text,
        }
    }

    /// Whether a SAFETY comment documents the code whose first token starts at `offset`:
    /// above its line as clippy searches, no higher than the line after `bound_line`
    /// (a 0-based line), or as a `/* SAFETY: */` right before it on the same line.
    pub(crate) fn documents(&self, offset: usize, bound_line: Option<usize>) -> bool {
        self.above_line(offset, bound_line)
            || self.inline_block_comment_before(offset)
            || self.inner_comment(offset)
    }

    /// `unsafe { // SAFETY: ..` or `unsafe { /* SAFETY: .. */`: a comment starting with
    /// `SAFETY:` (any case) as the first thing inside the braces of the block whose `unsafe`
    /// starts at `offset`, on its line or the next ones.
    fn inner_comment(&self, offset: usize) -> bool {
        let Some(after_brace) = self
            .text
            .get(offset..)
            .and_then(|rest| rest.strip_prefix("unsafe"))
            .and_then(|rest| rest.trim_start().strip_prefix('{'))
        else {
            return false;
        };
        let inside = after_brace.trim_start();
        inside
            .strip_prefix("//")
            .or_else(|| inside.strip_prefix("/*"))
            .is_some_and(|comment| {
                comment
                    .trim_start()
                    .get(..7)
                    .is_some_and(|head| head.eq_ignore_ascii_case("SAFETY:"))
            })
    }

    /// Clippy's `text_has_safety_comment` on the lines above the line of `offset`, no higher
    /// than the line after `bound_line`.
    pub(crate) fn above_line(&self, offset: usize, bound_line: Option<usize>) -> bool {
        let anchor_line = self.lines.line_of(offset);
        let lowest = bound_line.map_or(0, |line| line + 1);
        let mut line = anchor_line;
        let mut saw_line_comment = false;
        let mut in_code_block = false;
        while line > lowest {
            line -= 1;
            let text = self.lines.text_of(line).trim();
            if text.is_empty() || is_attribute_line(text) {
                continue;
            }
            if !text.starts_with("//") {
                break;
            }
            saw_line_comment = true;
            if text
                .trim_start_matches("///")
                .trim_start()
                .starts_with("```")
            {
                in_code_block = !in_code_block;
            }
            if !in_code_block && mentions_safety(text) {
                return true;
            }
        }
        if saw_line_comment {
            return false;
        }
        if self.trailing_comment_above(anchor_line, lowest) {
            return true;
        }
        // No line comments: a block comment must end right before the anchor's line and
        // start its own line.
        let line_start = self.lines.start_of(anchor_line);
        let Some(token) = self.last_token_ending_by(line_start) else {
            return false;
        };
        if !self.is_block_comment(token) || self.lines.line_of(token.start) < lowest {
            return false;
        }
        let comment_line_start = self.lines.start_of(self.lines.line_of(token.start));
        let before = self
            .text
            .get(comment_line_start..token.start)
            .unwrap_or("x");
        before.trim().is_empty()
            && mentions_safety(self.text.get(token.start..token.end).unwrap_or(""))
    }

    /// Clippy 1.95's comment after code on the line above (`let x = f(); // SAFETY: ..`):
    /// the first line above `anchor_line` that is not blank nor a one-line attribute (no
    /// lower than `lowest`) holds `//` or `/*` followed, after whitespace, by `SAFETY:` in any
    /// case. The markers are found as text, as clippy finds them (`"http://"` in a string
    /// counts).
    fn trailing_comment_above(&self, anchor_line: usize, lowest: usize) -> bool {
        let mut line = anchor_line;
        while line > lowest {
            line -= 1;
            let text = self.lines.text_of(line).trim();
            if text.is_empty() || is_attribute_line(text) {
                continue;
            }
            let Some(marker) = [text.find("//"), text.find("/*")]
                .into_iter()
                .flatten()
                .min()
            else {
                return false;
            };
            return text
                .get(marker + 2..)
                .map(str::trim_start)
                .and_then(|rest| rest.get(..7))
                .is_some_and(|head| head.eq_ignore_ascii_case("SAFETY:"));
        }
        false
    }

    /// `/* SAFETY: ... */unsafe { .. }` on one line.
    fn inline_block_comment_before(&self, offset: usize) -> bool {
        let Some(token) = self.last_token_ending_by(offset) else {
            return false;
        };
        self.is_block_comment(token)
            && self.lines.line_of(token.end.saturating_sub(1)) == self.lines.line_of(offset)
            && mentions_safety(self.text.get(token.start..token.end).unwrap_or(""))
    }

    fn is_block_comment(&self, token: &Token) -> bool {
        token.kind == SyntaxKind::COMMENT
            && self
                .text
                .get(token.start..)
                .is_some_and(|t| t.starts_with("/*"))
    }

    fn last_token_ending_by(&self, offset: usize) -> Option<&Token> {
        let index = self.tokens.partition_point(|token| token.end <= offset);
        index.checked_sub(1).and_then(|i| self.tokens.get(i))
    }
}
