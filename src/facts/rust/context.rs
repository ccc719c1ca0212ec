//! What the passes after the walk share about the file.

use super::lines::Lines;
use super::lint_attributes::LintAllows;
use super::safety::CommentSearch;

/// Everything the file's text needs, shared by the passes.
pub(crate) struct FileContext<'a> {
    pub(crate) lines: &'a Lines<'a>,
    pub(crate) comments: CommentSearch<'a>,
    pub(crate) code_lines: Vec<bool>,
    pub(crate) lint_allows: LintAllows,
}
