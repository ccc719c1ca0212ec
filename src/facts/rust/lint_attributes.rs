//! Attributes that allow or expect the clippy lints of unsafe sites: counted
//! ([`SafetyLintAttributes`]), and kept as scopes to tell whether a site is allowed.

use ra_ap_syntax::{ast, AstNode, SyntaxKind, SyntaxNode, SyntaxToken, TextRange};

use super::syntax_text::path_text;
use super::token_trees::{group_delimiter, tt_items, TtItem};
use super::types::SafetyLintAttributes;

/// The lint of [`SafetyLintAttributes`]; an attribute without it in its text is not counted.
pub(super) const SAFETY_COMMENT_LINT: &str = "undocumented_unsafe_blocks";

/// Counts a parsed attribute (an `ATTR` node, `cfg_attr` included) that allows or expects
/// `clippy::undocumented_unsafe_blocks`, outer or inner.
pub(super) fn count_lint_attribute(attr: &SyntaxNode, counts: &mut SafetyLintAttributes) {
    if let Some(meta) = ast::Attr::cast(attr.clone()).and_then(|attr| attr.meta()) {
        count_lint_meta(&meta, counts);
    }
}

/// Counts a `#[allow(..)]` or `#[expect(..)]` of `clippy::undocumented_unsafe_blocks`
/// written in a macro's tokens: `tree` (with its text) is a token tree in a token tree.
pub(super) fn count_lint_attribute_in_tokens(
    tree: &SyntaxNode,
    text: &str,
    counts: &mut SafetyLintAttributes,
) {
    if !text.contains(SAFETY_COMMENT_LINT)
        || group_delimiter(tree) != Some(SyntaxKind::L_BRACK)
        || !previous_solid(tree).is_some_and(|k| matches!(k, SyntaxKind::POUND | SyntaxKind::BANG))
    {
        return;
    }
    match tt_items(tree).first() {
        Some(TtItem::Token(t)) if t.text() == "allow" => counts.allow += 1,
        Some(TtItem::Token(t)) if t.text() == "expect" => counts.expect += 1,
        _ => {}
    }
}

fn previous_solid(node: &SyntaxNode) -> Option<SyntaxKind> {
    let mut element = node.prev_sibling_or_token();
    while let Some(current) = element {
        if !matches!(current.kind(), SyntaxKind::WHITESPACE | SyntaxKind::COMMENT) {
            return Some(current.kind());
        }
        element = current.prev_sibling_or_token();
    }
    None
}

fn count_lint_meta(meta: &ast::Meta, counts: &mut SafetyLintAttributes) {
    match meta {
        ast::Meta::TokenTreeMeta(meta) => {
            let Some(path) = meta.path() else { return };
            let lint = meta
                .token_tree()
                .is_some_and(|tt| tt.syntax().text().to_string().contains(SAFETY_COMMENT_LINT));
            match path_text(path.syntax()).as_str() {
                "allow" if lint => counts.allow += 1,
                "expect" if lint => counts.expect += 1,
                _ => {}
            }
        }
        ast::Meta::CfgAttrMeta(meta) => {
            for inner in meta.metas() {
                count_lint_meta(&inner, counts);
            }
        }
        _ => {}
    }
}

/// The lints of [`super::types::RustFacts::file_lint_allows`].
pub(super) fn file_lint_allows(root: &SyntaxNode) -> Vec<String> {
    let mut lints = Vec::new();
    for attr in root.children().filter(|c| c.kind() == SyntaxKind::ATTR) {
        let text = attr.text().to_string();
        for lint in SITE_LINTS {
            if attribute_allows(&text, lint) && !lints.iter().any(|l| l == lint) {
                lints.push(lint.to_string());
            }
        }
    }
    lints
}

/// The clippy lints that report an [`UnsafeSite`], in the order of
/// [`RustFacts::file_lint_allows`](super::types::RustFacts::file_lint_allows).
pub(super) const SITE_LINTS: [&str; 4] = [
    "missing_safety_doc",
    "undocumented_unsafe_blocks",
    "unnecessary_safety_comment",
    "unnecessary_safety_doc",
];

/// The attributes of a file that allow or expect one of [`SITE_LINTS`]: for each, the range
/// of the node that holds it, and the lint.
#[derive(Default)]
pub(crate) struct LintAllows {
    scopes: Vec<(TextRange, &'static str)>,
}

impl LintAllows {
    /// An `ATTR` node and its text, as the walk meets it.
    pub(super) fn attribute(&mut self, attr: &SyntaxNode, text: &str) {
        let Some(holder) = attr.parent() else {
            return;
        };
        for lint in SITE_LINTS {
            if attribute_allows(text, lint) {
                self.scopes.push((holder.text_range(), lint));
            }
        }
    }

    /// Whether an attribute of a node enclosing `token` (outer attributes of items and
    /// statements, inner attributes of the file, modules and blocks) allows or expects
    /// `clippy::LINT`. A node encloses a token exactly when its range holds the token's
    /// (which is never empty: ranges of nodes that are not the token's ancestors do not
    /// overlap it).
    pub(super) fn allow(&self, token: &SyntaxToken, lint: &str) -> bool {
        let range = token.text_range();
        self.scopes
            .iter()
            .any(|(scope, allowed)| *allowed == lint && scope.contains_range(range))
    }
}

/// Whether the text of an attribute allows or expects `clippy::LINT` or a lint group holding
/// it (`clippy::all` and `clippy::style` hold `missing_safety_doc`; `clippy::restriction`
/// holds `undocumented_unsafe_blocks`), also inside `cfg_attr`.
fn attribute_allows(text: &str, lint: &str) -> bool {
    let text: String = text.split_whitespace().collect();
    let groups: &[&str] = match lint {
        "missing_safety_doc" => &["all", "style"],
        "undocumented_unsafe_blocks" | "unnecessary_safety_comment" | "unnecessary_safety_doc" => {
            &["restriction"]
        }
        _ => &[],
    };
    let named = |name: &str| {
        let needle = format!("clippy::{name}");
        text.match_indices(&needle).any(|(at, _)| {
            !text[at + needle.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
        })
    };
    (text.contains("allow(") || text.contains("expect("))
        && (named(lint) || groups.iter().any(|g| named(g)))
}
