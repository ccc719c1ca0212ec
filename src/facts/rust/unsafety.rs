//! `unsafe` in parsed code: each `unsafe` keyword outside token trees, classified by the node
//! that holds it, and the SAFETY documentation of blocks, impls, functions and traits.

use ra_ap_syntax::{ast, AstNode, SyntaxKind, SyntaxNode, SyntaxToken, TextRange};

use super::items::doc_has_safety_section;
use super::{FileContext, RustFacts, UnsafeKind, UnsafeSite};

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
    }
}

/// The clippy lints that report an [`UnsafeSite`], in the order of
/// [`RustFacts::file_lint_allows`](super::RustFacts::file_lint_allows).
pub(super) const SITE_LINTS: [&str; 2] = ["missing_safety_doc", "undocumented_unsafe_blocks"];

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
    fn allow(&self, token: &SyntaxToken, lint: &str) -> bool {
        let range = token.text_range();
        self.scopes
            .iter()
            .any(|(scope, allowed)| *allowed == lint && scope.contains_range(range))
    }
}

/// Whether the text of an attribute allows or expects `clippy::LINT` or a lint group holding
/// it (`clippy::all` and `clippy::style` hold `missing_safety_doc`; `clippy::restriction`
/// holds `undocumented_unsafe_blocks`), also inside `cfg_attr`.
pub(super) fn attribute_allows(text: &str, lint: &str) -> bool {
    let text: String = text.split_whitespace().collect();
    let groups: &[&str] = match lint {
        "missing_safety_doc" => &["all", "style"],
        "undocumented_unsafe_blocks" => &["restriction"],
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

/// Counts the `unsafe` keywords of parsed code (`unsafe_keywords`, none in a token tree)
/// into `facts`, marking the lines of unsafe blocks.
pub(super) fn code_unsafe(
    unsafe_keywords: &[SyntaxToken],
    context: &FileContext,
    facts: &mut RustFacts,
    block_lines: &mut [bool],
) {
    for token in unsafe_keywords {
        let Some(parent) = token.parent() else {
            continue;
        };
        let offset = usize::from(token.text_range().start());
        let line = context.lines.number_of(offset);
        let counts = &mut facts.unsafe_counts;
        // (form, documented, exported) of the sites a lint reports.
        let site = match parent.kind() {
            SyntaxKind::BLOCK_EXPR => {
                counts.blocks += 1;
                mark_lines(context, token, &parent, block_lines);
                let documented = block_is_documented(&parent, token, context);
                if documented {
                    facts.safety.documented_blocks += 1;
                } else {
                    facts.safety.undocumented_block_lines.push(line);
                }
                Some((UnsafeKind::Block, documented, false))
            }
            SyntaxKind::FN => {
                let has_body = ast::Fn::cast(parent.clone()).is_some_and(|f| f.body().is_some());
                if has_body {
                    counts.fns_with_body += 1;
                } else {
                    counts.fns_without_body += 1;
                }
                let documented = doc_has_safety_section(&parent);
                if documented {
                    facts.safety.fns_with_safety_section += 1;
                }
                Some((UnsafeKind::Fn, documented, is_exported(&parent)))
            }
            SyntaxKind::TRAIT => {
                counts.traits += 1;
                let documented = doc_has_safety_section(&parent);
                if documented {
                    facts.safety.traits_with_safety_section += 1;
                }
                Some((UnsafeKind::Trait, documented, is_exported(&parent)))
            }
            SyntaxKind::IMPL => {
                counts.impls += 1;
                // Clippy looks above the item itself, attributes not included.
                let documented = context.comments.documents(offset, None);
                if documented {
                    facts.safety.documented_impls += 1;
                } else {
                    facts.safety.undocumented_impl_lines.push(line);
                }
                Some((UnsafeKind::Impl, documented, false))
            }
            SyntaxKind::EXTERN_BLOCK => {
                counts.extern_blocks += 1;
                Some((UnsafeKind::ExternBlock, false, false))
            }
            SyntaxKind::UNSAFE_META => {
                counts.attributes += 1;
                Some((UnsafeKind::Attribute, false, false))
            }
            SyntaxKind::FN_PTR_TYPE => {
                counts.fn_pointer_types += 1;
                None
            }
            _ => {
                counts.other += 1;
                None
            }
        };
        if let Some((kind, documented, exported)) = site {
            facts
                .unsafe_sites
                .push(site_at(context, token, kind, false, documented, exported));
        }
    }
}

/// Whether `item` (a fn or trait) is one clippy's `missing_safety_doc` looks at, as far as the
/// file tells (see [`UnsafeSite::exported`](super::UnsafeSite::exported)).
fn is_exported(item: &SyntaxNode) -> bool {
    let plain_pub = |node: &SyntaxNode| {
        node.children()
            .find(|child| child.kind() == SyntaxKind::VISIBILITY)
            .is_some_and(|vis| vis.text().to_string().trim() == "pub")
    };
    let mut own_visibility_needed = true;
    for ancestor in item.ancestors().skip(1) {
        match ancestor.kind() {
            SyntaxKind::BLOCK_EXPR | SyntaxKind::EXTERN_BLOCK | SyntaxKind::EXTERN_ITEM_LIST => {
                return false
            }
            // Items of trait impls are documented on the trait.
            SyntaxKind::IMPL
                if ast::Impl::cast(ancestor.clone()).is_some_and(|i| i.trait_().is_some()) =>
            {
                return false
            }
            SyntaxKind::TRAIT => {
                // A trait's items are as visible as the trait.
                own_visibility_needed = false;
                if !plain_pub(&ancestor) {
                    return false;
                }
            }
            SyntaxKind::MODULE if !plain_pub(&ancestor) => return false,
            _ => {}
        }
    }
    !own_visibility_needed || plain_pub(item)
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
