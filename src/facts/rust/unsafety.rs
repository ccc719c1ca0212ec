//! `unsafe` in parsed code: each `unsafe` keyword outside token trees, classified by the node
//! that holds it, and the SAFETY documentation of blocks, impls, functions and traits.

use ra_ap_syntax::{ast, AstNode, NodeOrToken, SyntaxKind, SyntaxNode, SyntaxToken};

use super::items::doc_has_safety_section;
use super::{FileContext, RustFacts};

/// Counts the `unsafe` of parsed code into `facts`, marking the lines of unsafe blocks.
pub(super) fn code_unsafe(
    root: &SyntaxNode,
    context: &FileContext,
    facts: &mut RustFacts,
    block_lines: &mut [bool],
) {
    for element in root.descendants_with_tokens() {
        let NodeOrToken::Token(token) = element else {
            continue;
        };
        if token.kind() != SyntaxKind::UNSAFE_KW {
            continue;
        }
        let Some(parent) = token.parent() else {
            continue;
        };
        let counts = &mut facts.unsafe_counts;
        let line = context
            .lines
            .number_of(usize::from(token.text_range().start()));
        match parent.kind() {
            // Token trees belong to the token-level pass (`macros`).
            SyntaxKind::TOKEN_TREE => {}
            SyntaxKind::BLOCK_EXPR => {
                counts.blocks += 1;
                mark_lines(context, &token, &parent, block_lines);
                if block_is_documented(&parent, &token, context) {
                    facts.safety.documented_blocks += 1;
                } else {
                    facts.safety.undocumented_block_lines.push(line);
                }
            }
            SyntaxKind::FN => {
                let has_body = ast::Fn::cast(parent.clone()).is_some_and(|f| f.body().is_some());
                if has_body {
                    counts.fns_with_body += 1;
                } else {
                    counts.fns_without_body += 1;
                }
                if doc_has_safety_section(&parent) {
                    facts.safety.fns_with_safety_section += 1;
                }
            }
            SyntaxKind::TRAIT => {
                counts.traits += 1;
                if doc_has_safety_section(&parent) {
                    facts.safety.traits_with_safety_section += 1;
                }
            }
            SyntaxKind::IMPL => {
                counts.impls += 1;
                // Clippy looks above the item itself, attributes not included.
                if context
                    .comments
                    .documents(usize::from(token.text_range().start()), None)
                {
                    facts.safety.documented_impls += 1;
                } else {
                    facts.safety.undocumented_impl_lines.push(line);
                }
            }
            SyntaxKind::EXTERN_BLOCK => counts.extern_blocks += 1,
            SyntaxKind::UNSAFE_META => counts.attributes += 1,
            SyntaxKind::FN_PTR_TYPE => counts.fn_pointer_types += 1,
            _ => counts.other += 1,
        }
    }
}

/// Marks the lines of an unsafe block, from its `unsafe` keyword (not its attributes) to
/// its end.
fn mark_lines(
    context: &FileContext,
    unsafe_token: &SyntaxToken,
    block: &SyntaxNode,
    block_lines: &mut [bool],
) {
    let (first, _) = context.lines.span_of(unsafe_token.text_range());
    let (_, last) = context.lines.span_of(block.text_range());
    for flag in block_lines.iter_mut().take(last + 1).skip(first) {
        *flag = true;
    }
}

/// Clippy's two places for the comment of an unsafe block: above the line of `unsafe`, or
/// above the statement, `let`, `const` or `static` that holds the block.
fn block_is_documented(
    block: &SyntaxNode,
    unsafe_token: &SyntaxToken,
    context: &FileContext,
) -> bool {
    let bound = enclosing_fn_line(block, context);
    if context
        .comments
        .documents(usize::from(unsafe_token.text_range().start()), bound)
    {
        return true;
    }
    // The anchor's attributes are included (clippy's `accept-comment-above-attributes`), so
    // the anchor may be the block itself when attributes stand before `unsafe`.
    let unsafe_offset = usize::from(unsafe_token.text_range().start());
    match statement_anchor(block).and_then(|anchor| first_solid_offset(&anchor)) {
        Some(offset) if offset != unsafe_offset => context.comments.documents(offset, bound),
        _ => false,
    }
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
