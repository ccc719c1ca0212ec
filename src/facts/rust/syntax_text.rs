//! The text of small pieces of syntax: string literals' values, paths, `key = "value"`
//! attribute arguments, whitespace collapsed.

use ra_ap_syntax::{ast, AstNode, AstToken, SyntaxKind, SyntaxNode, SyntaxToken};

/// Collapses runs of whitespace to one space and trims.
pub(super) fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The value of a string-like literal token: `".."`, `r#".."#`, `b".."`, `c".."`.
pub(super) fn string_value(token: &SyntaxToken) -> Option<String> {
    match token.kind() {
        SyntaxKind::STRING => {
            ast::String::cast(token.clone()).and_then(|s| s.value().ok().map(|v| v.into_owned()))
        }
        SyntaxKind::BYTE_STRING => ast::ByteString::cast(token.clone()).and_then(|s| {
            s.value()
                .ok()
                .map(|v| String::from_utf8_lossy(&v).into_owned())
        }),
        SyntaxKind::C_STRING => ast::CString::cast(token.clone()).and_then(|s| {
            s.value()
                .ok()
                .map(|v| String::from_utf8_lossy(&v).into_owned())
        }),
        _ => None,
    }
}

/// The text of a path (or any node) with all whitespace removed: `kernel :: bindings` reads
/// `kernel::bindings`.
pub(super) fn path_text(node: &SyntaxNode) -> String {
    node.text().to_string().split_whitespace().collect()
}

/// The string value of a `key = ".."` attribute argument.
pub(super) fn key_value_string(meta: &ast::KeyValueMeta) -> Option<String> {
    let expr = meta.expr()?;
    let token = expr.syntax().first_token()?;
    string_value(&token)
}
