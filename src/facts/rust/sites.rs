//! What every unsafe site needs, in parsed code and in token trees alike: its [`UnsafeSite`]
//! record, the function that bounds its comment search, and the statement whose comment
//! also documents it.

use ra_ap_syntax::{ast, AstNode, SyntaxKind, SyntaxNode, SyntaxToken};

use super::context::FileContext;
use super::types::{UnsafeKind, UnsafeSite};

/// The site of the `unsafe` keyword at `offset`.
pub(super) fn site_at(
    context: &FileContext,
    token: &SyntaxToken,
    kind: UnsafeKind,
    in_macro: bool,
    documented: bool,
    exported: bool,
) -> UnsafeSite {
    let offset = usize::from(token.text_range().start());
    let lint = match kind {
        UnsafeKind::Block | UnsafeKind::Impl => Some("undocumented_unsafe_blocks"),
        UnsafeKind::Fn | UnsafeKind::Trait => Some("missing_safety_doc"),
        _ => None,
    };
    UnsafeSite {
        line: context.lines.number_of(offset),
        column: context.lines.column_of(offset),
        kind,
        in_macro,
        documented,
        exported,
        allowed: lint.is_some_and(|lint| context.lint_allows.allow(token, lint)),
        module_item: false,
    }
}

/// Whether `item` is an item of a file or of an inline module (not of an impl, trait, block
/// or `extern` block).
pub(super) fn is_module_item(item: &SyntaxNode) -> bool {
    item.parent().is_some_and(|parent| match parent.kind() {
        SyntaxKind::SOURCE_FILE => true,
        SyntaxKind::ITEM_LIST => parent
            .parent()
            .is_some_and(|p| p.kind() == SyntaxKind::MODULE),
        _ => false,
    })
}

/// The 0-based line where the function enclosing `node` starts (its attributes and doc
/// comments not included): the upward search for a comment stops below it.
pub(super) fn enclosing_fn_line(node: &SyntaxNode, context: &FileContext) -> Option<usize> {
    let function = node.ancestors().find(|n| n.kind() == SyntaxKind::FN)?;
    let start = function.children_with_tokens().find(|element| {
        !matches!(
            element.kind(),
            SyntaxKind::WHITESPACE | SyntaxKind::COMMENT | SyntaxKind::ATTR
        )
    })?;
    Some(
        context
            .lines
            .line_of(usize::from(start.text_range().start())),
    )
}

/// The node whose preceding comment also documents an unsafe block (or a macro invocation
/// holding one), as clippy climbs the tree: up through enclosing expressions (not through
/// blocks, match arms or other non-expressions) to a `let`, an expression statement, a
/// `const` or a `static`. A statement that is an `if`, `match` or loop gets no comment of its
/// own. Returns `start` itself when the climb stops at once.
pub(super) fn statement_anchor(start: &SyntaxNode) -> Option<SyntaxNode> {
    let mut current = start.clone();
    loop {
        let parent = current.parent()?;
        match parent.kind() {
            SyntaxKind::LET_STMT | SyntaxKind::CONST | SyntaxKind::STATIC => return Some(parent),
            SyntaxKind::EXPR_STMT => return (!is_branchy(&current)).then_some(parent),
            SyntaxKind::ARG_LIST
            | SyntaxKind::RECORD_EXPR_FIELD
            | SyntaxKind::RECORD_EXPR_FIELD_LIST => current = parent,
            kind if ast::Expr::can_cast(kind) => current = parent,
            _ => return (!is_branchy(&current)).then_some(current),
        }
    }
}

fn is_branchy(node: &SyntaxNode) -> bool {
    matches!(
        node.kind(),
        SyntaxKind::IF_EXPR
            | SyntaxKind::MATCH_EXPR
            | SyntaxKind::LOOP_EXPR
            | SyntaxKind::WHILE_EXPR
            | SyntaxKind::FOR_EXPR
    )
}

/// Where the first token of `node` that is neither whitespace nor comment starts.
pub(super) fn first_solid_offset(node: &SyntaxNode) -> Option<usize> {
    node.descendants_with_tokens()
        .filter_map(|element| element.into_token())
        .find(|token| !matches!(token.kind(), SyntaxKind::WHITESPACE | SyntaxKind::COMMENT))
        .map(|token| usize::from(token.text_range().start()))
}
