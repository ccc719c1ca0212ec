//! `unsafe` in parsed code: each `unsafe` keyword outside token trees, classified by the node
//! that holds it, and the SAFETY documentation of blocks, impls, functions and traits.

use ra_ap_syntax::{ast, AstNode, SyntaxKind, SyntaxNode, SyntaxToken};

use super::context::FileContext;
use super::docs::doc_has_safety_section;
use super::sites::{
    enclosing_fn_line, first_solid_offset, is_module_item, site_at, statement_anchor,
};
use super::types::{RustFacts, UnsafeKind};

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
                // Clippy's doc pass looks at every unsafe trait, exported or not, unless the
                // trait itself is `#[doc(hidden)]`.
                Some((UnsafeKind::Trait, documented, !has_doc_hidden(&parent)))
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
            let mut site = site_at(context, token, kind, false, documented, exported);
            site.module_item = kind == UnsafeKind::Fn && is_module_item(&parent);
            facts.unsafe_sites.push(site);
        }
    }
}

/// Whether `item` (a fn) is one clippy's `missing_safety_doc` and `unnecessary_safety_doc`
/// look at, as far as the file tells (see
/// [`UnsafeSite::exported`](super::types::UnsafeSite::exported)): exported
/// (`effective_visibilities.is_exported`) and neither it nor an enclosing item or module
/// `#[doc(hidden)]` (clippy's `missing_headers::check`).
pub(super) fn is_exported(item: &SyntaxNode) -> bool {
    let plain_pub = |node: &SyntaxNode| {
        node.children()
            .find(|child| child.kind() == SyntaxKind::VISIBILITY)
            .is_some_and(|vis| vis.text().to_string().trim() == "pub")
    };
    if has_doc_hidden(item) {
        return false;
    }
    let mut own_visibility_needed = true;
    for ancestor in item.ancestors().skip(1) {
        if has_doc_hidden(&ancestor) {
            return false;
        }
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

/// Whether `node` has a `#[doc(hidden)]` attribute (outer, or inner for a file, module or
/// block; also inside `cfg_attr`, whatever its condition): clippy's `is_doc_hidden`.
pub(super) fn has_doc_hidden(node: &SyntaxNode) -> bool {
    let attributes = node
        .children()
        .filter(|child| child.kind() == SyntaxKind::ATTR);
    let inner_of_list = node
        .children()
        .filter(|child| matches!(child.kind(), SyntaxKind::ITEM_LIST | SyntaxKind::STMT_LIST))
        .flat_map(|list| {
            list.children()
                .filter(|child| child.kind() == SyntaxKind::ATTR)
        });
    attributes.chain(inner_of_list).any(|attr| {
        let text: String = attr.text().to_string().split_whitespace().collect();
        text.contains("doc(hidden)")
    })
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
