//! Token trees (macro bodies and invocations, which the parser leaves unparsed) read as
//! lists of tokens and nested groups.

use ra_ap_syntax::{NodeOrToken, SyntaxKind, SyntaxNode, SyntaxToken};

/// A token or a nested token tree, as a token tree's contents.
#[derive(Clone)]
pub(super) enum TtItem {
    Token(SyntaxToken),
    Group(SyntaxNode),
}

impl TtItem {
    pub(super) fn text_is(&self, text: &str) -> bool {
        matches!(self, TtItem::Token(token) if token.text() == text)
    }

    pub(super) fn is_group(&self, delimiter: SyntaxKind) -> bool {
        matches!(self, TtItem::Group(group) if group_delimiter(group) == Some(delimiter))
    }

    pub(super) fn start(&self) -> usize {
        match self {
            TtItem::Token(token) => usize::from(token.text_range().start()),
            TtItem::Group(group) => usize::from(group.text_range().start()),
        }
    }
}

/// The opening delimiter of a token tree (`L_PAREN`, `L_BRACK`, `L_CURLY`).
pub(super) fn group_delimiter(group: &SyntaxNode) -> Option<SyntaxKind> {
    group
        .first_token()
        .map(|token| token.kind())
        .filter(|kind| {
            matches!(
                kind,
                SyntaxKind::L_PAREN | SyntaxKind::L_BRACK | SyntaxKind::L_CURLY
            )
        })
}

/// The contents of a token tree without its delimiters, whitespace and comments.
pub(super) fn tt_items(tree: &SyntaxNode) -> Vec<TtItem> {
    let mut items: Vec<TtItem> = tree
        .children_with_tokens()
        .filter_map(|element| match element {
            NodeOrToken::Node(node) => {
                (node.kind() == SyntaxKind::TOKEN_TREE).then_some(TtItem::Group(node))
            }
            NodeOrToken::Token(token) => {
                (!matches!(token.kind(), SyntaxKind::WHITESPACE | SyntaxKind::COMMENT))
                    .then_some(TtItem::Token(token))
            }
        })
        .collect();
    let opening = group_delimiter(tree);
    if opening.is_some() && !items.is_empty() {
        items.remove(0);
    }
    let closing = match opening {
        Some(SyntaxKind::L_PAREN) => Some(SyntaxKind::R_PAREN),
        Some(SyntaxKind::L_BRACK) => Some(SyntaxKind::R_BRACK),
        Some(SyntaxKind::L_CURLY) => Some(SyntaxKind::R_CURLY),
        _ => None,
    };
    if let (Some(closing), Some(TtItem::Token(last))) = (closing, items.last()) {
        if last.kind() == closing {
            items.pop();
        }
    }
    items
}
