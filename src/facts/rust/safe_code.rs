//! Safe code documented as if it were unsafe, after clippy 1.95's `unnecessary_safety_comment`
//! (rust-clippy `clippy_lints/src/undocumented_unsafe_blocks.rs`: `check_stmt`, `check_block`,
//! `check_item`, `item_has_safety_comment`, `expr_has_unnecessary_safety_comment`) and
//! `unnecessary_safety_doc` (`clippy_lints/src/doc/mod.rs`, `check_attributes`, and
//! `doc/missing_headers.rs`).
//!
//! `unnecessary_safety_comment`: a SAFETY comment, found above the code as for an unsafe
//! block (`text_has_safety_comment`, [`CommentSearch::above_line`]), on
//!
//! - a statement (`let` with an initializer, an expression statement) or the tail expression
//!   of a block, searched no higher than the line after the block's start, when no enclosing
//!   block is unsafe and the expression holds no unsafe block. The expression is searched as
//!   clippy's `for_each_expr` does: through expressions and a `loop`'s body, not into other
//!   blocks (`if` and `match` arm blocks, `while` and `for` bodies, closures' block bodies),
//!   whose statements are judged on their own;
//! - an item of a module (not of an impl, trait or `extern` block), searched no higher than
//!   the line after the previous item's end (for the first item of an inline module, the
//!   module's first line; of a block, the block's start; of a file, the file's start, which
//!   clippy reads only in a crate root), when it is not an `unsafe impl`, an inherent impl, nor
//!   a `const` or `static` whose value is an unsafe block. An `unsafe fn` counts (its docs
//!   want a `# Safety` section instead).
//!
//! The line reported is where the statement, expression or item starts, attributes and doc
//! comments aside. Not followed: code inside macro bodies and invocations (token trees, not
//! parsed code), and statements that are macro invocations (what they expand to is unknown).
//!
//! `unnecessary_safety_doc`: a safe fn whose docs have a `# Safety` section (the headings of
//! [`super::docs::safety_section_in`]), among the fns `missing_safety_doc` looks at
//! ([`is_exported`]); a safe trait with such a section, any trait but a `#[doc(hidden)]` one.

use ra_ap_syntax::{ast, AstNode, NodeOrToken, SyntaxKind, SyntaxNode, SyntaxToken};

use super::context::FileContext;
use super::docs::doc_has_safety_section;
use super::sites::is_module_item;
use super::token_trees::{group_delimiter, tt_items, TtItem};
use super::types::{SafeCodeKind, SafeCodeSite};
use super::unsafety::{has_doc_hidden, is_exported};

#[cfg(doc)]
use super::safety::CommentSearch;

/// The [`SafeCodeSite`]s of a file, in file order, from its comments that hold `SAFETY:` and
/// its fns and traits whose docs may have a `# Safety` section (as the walk collects them).
pub(super) fn safety_on_safe_code(
    safety_comments: &[SyntaxToken],
    safety_doc_items: &[SyntaxNode],
    context: &FileContext,
) -> Vec<SafeCodeSite> {
    let mut sites: Vec<SafeCodeSite> = safety_comments
        .iter()
        .filter_map(|comment| comment_site(comment, context))
        .chain(
            safety_doc_items
                .iter()
                .filter_map(|item| doc_site(item, context)),
        )
        .collect();
    sites.sort_by_key(|site| (site.line, site.column, site.kind));
    sites.dedup();
    sites
}

/// The first token of `node` that is code: not whitespace, comment or inside an attribute.
fn first_code_token(node: &SyntaxNode) -> Option<SyntaxToken> {
    for child in node.children_with_tokens() {
        match child {
            NodeOrToken::Token(token) => {
                if !token.kind().is_trivia() {
                    return Some(token);
                }
            }
            NodeOrToken::Node(child) => {
                if child.kind() == SyntaxKind::ATTR {
                    continue;
                }
                if let Some(token) = first_code_token(&child) {
                    return Some(token);
                }
            }
        }
    }
    None
}

/// The first code token after `comment`, skipping comments and attributes.
fn code_token_after(comment: &SyntaxToken) -> Option<SyntaxToken> {
    let mut token = comment.next_token();
    while let Some(current) = token {
        let skipped = current.kind().is_trivia()
            || current
                .parent_ancestors()
                .any(|node| node.kind() == SyntaxKind::ATTR);
        if !skipped {
            return Some(current);
        }
        token = current.next_token();
    }
    None
}

/// What clippy checks for a SAFETY comment, and the code it judges.
enum Anchor {
    /// A statement or tail expression; the expression judged.
    Statement(Option<SyntaxNode>),
    /// An item, with the node that holds it (a file, an inline module's item list, a block's
    /// statement list).
    Item(SyntaxNode),
}

impl Anchor {
    fn of(node: &SyntaxNode) -> Option<Anchor> {
        let parent = node.parent()?;
        let kind = node.kind();
        match parent.kind() {
            SyntaxKind::STMT_LIST => {
                if kind == SyntaxKind::LET_STMT {
                    let init = ast::LetStmt::cast(node.clone())?.initializer()?;
                    Some(Anchor::Statement(Some(init.syntax().clone())))
                } else if kind == SyntaxKind::EXPR_STMT {
                    let expr = ast::ExprStmt::cast(node.clone())?.expr()?;
                    Some(Anchor::Statement(Some(expr.syntax().clone())))
                } else if ast::Expr::can_cast(kind) {
                    Some(Anchor::Statement(Some(node.clone())))
                } else if ast::Item::can_cast(kind) {
                    Some(Anchor::Item(parent))
                } else {
                    None
                }
            }
            SyntaxKind::SOURCE_FILE | SyntaxKind::ITEM_LIST if ast::Item::can_cast(kind) => {
                let in_module = parent.kind() == SyntaxKind::SOURCE_FILE
                    || parent
                        .parent()
                        .is_some_and(|p| p.kind() == SyntaxKind::MODULE);
                in_module.then_some(Anchor::Item(parent))
            }
            _ => None,
        }
    }
}

/// The site of the statement, expression or item that `comment` (holding `SAFETY:`) stands
/// above, if clippy's `unnecessary_safety_comment` reports it.
fn comment_site(comment: &SyntaxToken, context: &FileContext) -> Option<SafeCodeSite> {
    if comment
        .parent()
        .is_some_and(|parent| parent.kind() == SyntaxKind::TOKEN_TREE)
    {
        return macro_comment_site(comment, context);
    }
    let first = code_token_after(comment)?;
    if first
        .parent_ancestors()
        .any(|node| node.kind() == SyntaxKind::TOKEN_TREE)
    {
        return None;
    }
    let start = first.text_range().start();
    let (node, anchor) = first
        .parent_ancestors()
        .take_while(|node| first_code_token(node).is_some_and(|t| t.text_range().start() == start))
        .find_map(|node| Anchor::of(&node).map(|anchor| (node, anchor)))?;
    let offset = usize::from(start);
    let anchor_line = context.lines.line_of(offset);
    let mut first_in_file = false;
    let bound = match &anchor {
        Anchor::Statement(_) => block_start_line(&node.parent()?, context),
        Anchor::Item(holder) if holder.kind() == SyntaxKind::STMT_LIST => {
            block_start_line(holder, context)
        }
        Anchor::Item(holder) => match previous_item(&node) {
            Some(previous) => Some(
                context
                    .lines
                    .line_of(usize::from(previous.text_range().end())),
            ),
            None if holder.kind() == SyntaxKind::SOURCE_FILE => {
                first_in_file = true;
                None
            }
            None => {
                let module = holder.parent()?;
                let module_start = first_code_token(&module)?.text_range().start();
                Some(context.lines.line_of(usize::from(module_start)))
            }
        },
    };
    if bound.is_some_and(|bound| bound >= anchor_line)
        || !context.comments.above_line(offset, bound)
    {
        return None;
    }
    let unnecessary = match &anchor {
        Anchor::Statement(expr) => {
            let expr = expr.as_ref()?;
            expr.kind() != SyntaxKind::MACRO_EXPR
                && !node.ancestors().any(|a| is_unsafe_block(&a))
                && !holds_unsafe_block(expr)
        }
        Anchor::Item(_) => item_needs_no_comment(&node),
    };
    unnecessary.then(|| SafeCodeSite {
        line: context.lines.number_of(offset),
        column: context.lines.column_of(offset),
        kind: SafeCodeKind::Comment,
        exported: false,
        first_in_file,
        allowed: context
            .lint_allows
            .allow(&first, "unnecessary_safety_comment"),
        module_item: false,
    })
}

/// A SAFETY comment in a `macro_rules!` (or `macro`) body, above a statement or tail
/// expression of a block written there: clippy judges each expansion's statement, searching
/// for the comment from the macro's first line (`span_from_macro_expansion_has_safety_comment`),
/// and reports it at its line in the body. Read on tokens: the statement starts after a `;`, a
/// `{ .. }` group or its block's `{`, and runs to the next `;` or the block's end. Left out,
/// as their position is not known: the transcriber's own braces (item or statement position
/// depends on the call), statements that start like an item or invoke a macro, match arms and
/// struct fields. The statement is unnecessary-safety if it holds no `unsafe` outside `{ .. }`
/// groups (a `loop` body is searched) and no enclosing group is an unsafe block.
fn macro_comment_site(comment: &SyntaxToken, context: &FileContext) -> Option<SafeCodeSite> {
    let group = comment.parent()?;
    let definition = group
        .ancestors()
        .find(|node| matches!(node.kind(), SyntaxKind::MACRO_RULES | SyntaxKind::MACRO_DEF))?;
    let transcriber_level = group
        .parent()
        .and_then(|p| p.parent())
        .is_none_or(|p| p.kind() == definition.kind());
    if transcriber_level
        || group_delimiter(&group) != Some(SyntaxKind::L_CURLY)
        || group.ancestors().any(|tree| {
            tree.kind() == SyntaxKind::TOKEN_TREE
                && previous_text(&tree).as_deref() == Some("unsafe")
        })
    {
        return None;
    }
    let items = tt_items(&group);
    let comment_start = usize::from(comment.text_range().start());
    let start = items.iter().position(|item| item.start() > comment_start)?;
    let statement_boundary = match start.checked_sub(1).map(|i| &items[i]) {
        None => true,
        Some(previous) => previous.text_is(";") || previous.is_group(SyntaxKind::L_CURLY),
    };
    let end = items[start..]
        .iter()
        .position(|item| item.text_is(";"))
        .map_or(items.len(), |n| start + n);
    let statement = &items[start..end];
    let first = statement.first()?;
    const ITEM_WORDS: [&str; 16] = [
        "fn",
        "impl",
        "struct",
        "enum",
        "union",
        "const",
        "static",
        "trait",
        "mod",
        "use",
        "type",
        "pub",
        "unsafe",
        "extern",
        "macro_rules",
        "#",
    ];
    let item_like = ITEM_WORDS.iter().any(|word| first.text_is(word));
    let macro_call = statement.get(1).is_some_and(|item| item.text_is("!"));
    let field = statement.get(1).is_some_and(|item| item.text_is(":"))
        && !statement.get(2).is_some_and(|item| item.text_is(":"));
    let arm = statement
        .windows(2)
        .any(|pair| pair[0].text_is("=") && pair[1].text_is(">"));
    if !statement_boundary || item_like || macro_call || field || arm {
        return None;
    }
    if tokens_hold_unsafe(statement) {
        return None;
    }
    let offset = first.start();
    let bound = context
        .lines
        .line_of(first_code_token(&definition)?.text_range().start().into());
    if bound >= context.lines.line_of(offset) || !context.comments.above_line(offset, Some(bound)) {
        return None;
    }
    let token = match first {
        TtItem::Token(token) => token.clone(),
        TtItem::Group(group) => group.first_token()?,
    };
    Some(SafeCodeSite {
        line: context.lines.number_of(offset),
        column: context.lines.column_of(offset),
        kind: SafeCodeKind::Comment,
        exported: false,
        first_in_file: false,
        allowed: context
            .lint_allows
            .allow(&token, "unnecessary_safety_comment"),
        module_item: false,
    })
}

/// The text of the token or group right before `node` among its siblings (trivia skipped).
fn previous_text(node: &SyntaxNode) -> Option<String> {
    let mut element = node.prev_sibling_or_token();
    while let Some(current) = element {
        if !current.kind().is_trivia() {
            return Some(match current {
                NodeOrToken::Token(token) => token.text().to_string(),
                NodeOrToken::Node(node) => node.text().to_string(),
            });
        }
        element = current.prev_sibling_or_token();
    }
    None
}

/// Whether a statement's tokens hold `unsafe` outside `{ .. }` groups (a `loop` body is
/// searched), as clippy's `for_each_expr` reaches unsafe blocks through expressions.
fn tokens_hold_unsafe(items: &[TtItem]) -> bool {
    items.iter().enumerate().any(|(index, item)| match item {
        TtItem::Token(token) => token.text() == "unsafe",
        TtItem::Group(group) => {
            let is_loop_body = index > 0 && items[index - 1].text_is("loop");
            (group_delimiter(group) != Some(SyntaxKind::L_CURLY) || is_loop_body)
                && tokens_hold_unsafe(&tt_items(group))
        }
    })
}

/// The 0-based line where the block of a statement list starts (its `unsafe`, label or `{`).
fn block_start_line(stmt_list: &SyntaxNode, context: &FileContext) -> Option<usize> {
    let block = stmt_list.parent().unwrap_or_else(|| stmt_list.clone());
    let start = first_code_token(&block)?.text_range().start();
    Some(context.lines.line_of(usize::from(start)))
}

/// The item before `item` among its siblings.
fn previous_item(item: &SyntaxNode) -> Option<SyntaxNode> {
    let mut sibling = item.prev_sibling();
    while let Some(node) = sibling {
        if ast::Item::can_cast(node.kind()) {
            return Some(node);
        }
        sibling = node.prev_sibling();
    }
    None
}

/// Clippy's `check_has_safety_comment`: which items a SAFETY comment is unnecessary on.
fn item_needs_no_comment(item: &SyntaxNode) -> bool {
    match item.kind() {
        SyntaxKind::IMPL => ast::Impl::cast(item.clone())
            .is_some_and(|i| i.trait_().is_some() && i.unsafe_token().is_none()),
        SyntaxKind::CONST => ast::Const::cast(item.clone())
            .and_then(|c| c.body())
            .is_some_and(|body| !is_unsafe_block(body.syntax())),
        SyntaxKind::STATIC => ast::Static::cast(item.clone())
            .and_then(|s| s.body())
            .is_some_and(|body| !is_unsafe_block(body.syntax())),
        // What an item macro expands to is unknown.
        SyntaxKind::MACRO_CALL => false,
        _ => true,
    }
}

fn is_unsafe_block(node: &SyntaxNode) -> bool {
    node.kind() == SyntaxKind::BLOCK_EXPR
        && ast::BlockExpr::cast(node.clone()).is_some_and(|b| b.unsafe_token().is_some())
}

/// Whether clippy's `for_each_expr` finds an unsafe block in `expr`: through expressions and
/// a `loop`'s body, not into other blocks nor nested items. A macro invocation counts if its
/// tokens hold `unsafe`.
fn holds_unsafe_block(expr: &SyntaxNode) -> bool {
    if is_unsafe_block(expr) {
        return true;
    }
    match expr.kind() {
        SyntaxKind::BLOCK_EXPR
            if expr
                .parent()
                .is_none_or(|p| p.kind() != SyntaxKind::LOOP_EXPR) =>
        {
            return false
        }
        SyntaxKind::MACRO_CALL => {
            return expr.children().any(|tt| {
                tt.kind() == SyntaxKind::TOKEN_TREE && tt.text().to_string().contains("unsafe")
            })
        }
        kind if ast::Item::can_cast(kind) => return false,
        _ => {}
    }
    expr.children().any(|child| holds_unsafe_block(&child))
}

/// The site of a safe fn or trait whose docs have a `# Safety` section.
fn doc_site(item: &SyntaxNode, context: &FileContext) -> Option<SafeCodeSite> {
    if item
        .children_with_tokens()
        .any(|child| child.kind() == SyntaxKind::UNSAFE_KW)
        || !doc_has_safety_section(item)
    {
        return None;
    }
    let (kind, exported) = match item.kind() {
        SyntaxKind::FN => (SafeCodeKind::FnDoc, is_exported(item)),
        _ => (SafeCodeKind::TraitDoc, !has_doc_hidden(item)),
    };
    let first = first_code_token(item)?;
    let offset = usize::from(first.text_range().start());
    Some(SafeCodeSite {
        line: context.lines.number_of(offset),
        column: context.lines.column_of(offset),
        kind,
        exported,
        first_in_file: false,
        allowed: context.lint_allows.allow(&first, "unnecessary_safety_doc"),
        module_item: kind == SafeCodeKind::FnDoc && is_module_item(item),
    })
}
