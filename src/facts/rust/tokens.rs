//! A token of the file as the walk keeps it: kind and byte range, shared by the passes that
//! read the whole file's tokens (code lines, the SAFETY comment search, `bindings::` uses).

use ra_ap_syntax::SyntaxKind;

/// A token that is not whitespace: its kind and byte range in the file's text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    pub(crate) kind: SyntaxKind,
    pub(crate) start: usize,
    pub(crate) end: usize,
}
