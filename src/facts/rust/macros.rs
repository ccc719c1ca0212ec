//! The token-level pass: `unsafe` inside macro bodies (`macro_rules!`, `macro`) and macro
//! invocations, which the parser leaves as token trees.
//!
//! After an `unsafe` token, the next tokens tell the form: a `{ .. }` tree is a block; `fn`
//! a function (with a body if a `{ .. }` tree comes before a `;`) unless `fn` is followed by
//! `(`, which makes a function pointer type; `impl`, `trait` (`auto trait`); `extern "C"`
//! followed by `{ .. }` an extern block, by `fn` a function; `unsafe( .. )` opening an
//! attribute's `[ .. ]` an unsafe attribute. Anything else (a `$(unsafe)?` in a matcher) is
//! `other`.

use ra_ap_syntax::{Direction, NodeOrToken, SyntaxKind, SyntaxNode, SyntaxToken};

use super::context::FileContext;
use super::docs::{doc_comment_text, safety_section_in};
use super::sites::{enclosing_fn_line, first_solid_offset, site_at, statement_anchor};
use super::syntax_text::string_value;
use super::token_trees::{group_delimiter, tt_items, TtItem};
use super::types::{RustFacts, UnsafeCounts, UnsafeKind, UnsafeSite};

/// Where a token tree comes from.
#[derive(Clone)]
enum MacroSite {
    /// A `macro_rules!` or `macro` body: the search for SAFETY comments goes no higher than
    /// the line after the definition's first line.
    Definition { first_line: usize },
    /// A macro invocation: the search is bounded by the enclosing function, and may go above
    /// the statement holding the invocation.
    Invocation {
        call: SyntaxNode,
        fn_line: Option<usize>,
    },
}

/// Counts the `unsafe` in macro token trees into `facts`: `trees` are the token trees of
/// macro definitions and invocations (children of `MACRO_RULES`, `MACRO_DEF` and
/// `MACRO_CALL` nodes), in file order.
pub(super) fn macro_unsafe(
    trees: &[SyntaxNode],
    context: &FileContext,
    facts: &mut RustFacts,
    block_lines: &mut [bool],
) {
    for tree in trees {
        let Some(owner) = tree.parent() else {
            continue;
        };
        let site = match owner.kind() {
            SyntaxKind::MACRO_RULES | SyntaxKind::MACRO_DEF => MacroSite::Definition {
                first_line: context
                    .lines
                    .line_of(first_solid_offset(&owner).unwrap_or(0)),
            },
            SyntaxKind::MACRO_CALL => MacroSite::Invocation {
                fn_line: enclosing_fn_line(&owner, context),
                call: owner.clone(),
            },
            _ => continue,
        };
        let mut pass = MacroPass {
            context,
            site,
            found: UnsafeCounts::default(),
            documented_blocks: 0,
            documented_impls: 0,
            undocumented_block_lines: Vec::new(),
            undocumented_impl_lines: Vec::new(),
            fns_with_safety_section: 0,
            traits_with_safety_section: 0,
            block_lines,
            sites: Vec::new(),
        };
        if matches!(
            owner.kind(),
            SyntaxKind::MACRO_RULES | SyntaxKind::MACRO_DEF
        ) {
            pass.scan_definition(tree, &owner);
        } else {
            pass.scan(tree);
        }
        let found = pass.found.clone();
        facts.unsafe_sites.append(&mut pass.sites);
        let safety = &mut facts.safety;
        safety.documented_blocks += pass.documented_blocks;
        safety.documented_blocks_in_macros += pass.documented_blocks;
        safety.documented_impls += pass.documented_impls;
        safety.fns_with_safety_section += pass.fns_with_safety_section;
        safety.traits_with_safety_section += pass.traits_with_safety_section;
        safety
            .undocumented_block_lines
            .extend(pass.undocumented_block_lines);
        safety
            .undocumented_impl_lines
            .extend(pass.undocumented_impl_lines);
        add_counts(&mut facts.unsafe_counts, &found);
        add_counts(&mut facts.unsafe_in_macros, &found);
    }
}

fn add_counts(total: &mut UnsafeCounts, more: &UnsafeCounts) {
    total.blocks += more.blocks;
    total.fns_with_body += more.fns_with_body;
    total.fns_without_body += more.fns_without_body;
    total.traits += more.traits;
    total.impls += more.impls;
    total.extern_blocks += more.extern_blocks;
    total.attributes += more.attributes;
    total.fn_pointer_types += more.fn_pointer_types;
    total.other += more.other;
}

struct MacroPass<'a, 'b> {
    context: &'a FileContext<'a>,
    site: MacroSite,
    found: UnsafeCounts,
    documented_blocks: u32,
    documented_impls: u32,
    undocumented_block_lines: Vec<u32>,
    undocumented_impl_lines: Vec<u32>,
    fns_with_safety_section: u32,
    traits_with_safety_section: u32,
    block_lines: &'b mut [bool],
    sites: Vec<UnsafeSite>,
}

/// Whether the item whose `unsafe` is item `index` is written right after a plain `pub`
/// (`const` or `async` between allowed), not a `$pub` metavariable.
fn preceded_by_pub(items: &[TtItem], index: usize) -> bool {
    let mut at = index;
    while at > 0 {
        at -= 1;
        let item = &items[at];
        if item.text_is("const") || item.text_is("async") {
            continue;
        }
        // `$pub` / `$vis` metavariables are not known here; nor are the docs that an
        // invocation may pass in through `$(#[$attr])*`.
        return item.text_is("pub") && !(at > 0 && items[at - 1].text_is("$"));
    }
    false
}

impl MacroPass<'_, '_> {
    fn site(&mut self, token: &SyntaxToken, kind: UnsafeKind, documented: bool, exported: bool) {
        self.sites.push(site_at(
            self.context,
            token,
            kind,
            true,
            documented,
            exported,
        ));
    }

    fn scan(&mut self, tree: &SyntaxNode) {
        let items = tt_items(tree);
        let delimiter = group_delimiter(tree);
        for (index, item) in items.iter().enumerate() {
            match item {
                TtItem::Group(group) => self.scan(group),
                TtItem::Token(token) if token.text() == "unsafe" => {
                    self.classify(tree, &items, index, token, delimiter);
                }
                TtItem::Token(_) => {}
            }
        }
    }

    /// A macro definition: its matchers (`(..) =>`, or the parameters of a `macro` with
    /// them apart) hold patterns, not code; `unsafe` there is `other`.
    fn scan_definition(&mut self, tree: &SyntaxNode, owner: &SyntaxNode) {
        let trees: Vec<SyntaxNode> = owner
            .children()
            .filter(|node| node.kind() == SyntaxKind::TOKEN_TREE)
            .collect();
        if trees.len() == 2 && trees[0] == *tree {
            // `macro name($params) { body }`: the parameters.
            self.found.other += count_unsafe_tokens(tree);
            return;
        }
        let items = tt_items(tree);
        let delimiter = group_delimiter(tree);
        for (index, item) in items.iter().enumerate() {
            let is_matcher = items.get(index + 1).is_some_and(|next| next.text_is("="))
                && items.get(index + 2).is_some_and(|next| next.text_is(">"));
            match item {
                TtItem::Group(group) if is_matcher => {
                    self.found.other += count_unsafe_tokens(group);
                }
                TtItem::Group(group) => self.scan(group),
                TtItem::Token(token) if token.text() == "unsafe" => {
                    self.classify(tree, &items, index, token, delimiter);
                }
                TtItem::Token(_) => {}
            }
        }
    }

    fn bound(&self) -> Option<usize> {
        match &self.site {
            MacroSite::Definition { first_line } => Some(*first_line),
            MacroSite::Invocation { fn_line, .. } => *fn_line,
        }
    }

    fn classify(
        &mut self,
        tree: &SyntaxNode,
        items: &[TtItem],
        index: usize,
        token: &SyntaxToken,
        delimiter: Option<SyntaxKind>,
    ) {
        let offset = usize::from(token.text_range().start());
        let line = self.context.lines.number_of(offset);
        let next = items.get(index + 1);
        if index > 0 && items[index - 1].text_is("$") {
            // `$unsafe`: a metavariable, not the keyword.
            self.found.other += 1;
            return;
        }
        match next {
            Some(TtItem::Group(group)) if group_delimiter(group) == Some(SyntaxKind::L_CURLY) => {
                self.found.blocks += 1;
                let (first, _) = self.context.lines.span_of(token.text_range());
                let (_, last) = self.context.lines.span_of(group.text_range());
                for flag in self.block_lines.iter_mut().take(last + 1).skip(first) {
                    *flag = true;
                }
                let documented = self.block_is_documented(tree, items, index, offset);
                if documented {
                    self.documented_blocks += 1;
                } else {
                    self.undocumented_block_lines.push(line);
                }
                self.site(token, UnsafeKind::Block, documented, false);
            }
            Some(TtItem::Group(group))
                if group_delimiter(group) == Some(SyntaxKind::L_PAREN)
                    && delimiter == Some(SyntaxKind::L_BRACK)
                    && index == 0 =>
            {
                self.found.attributes += 1;
                self.site(token, UnsafeKind::Attribute, false, false);
            }
            Some(next) if next.text_is("impl") => {
                self.found.impls += 1;
                let documented = self.context.comments.documents(offset, self.bound());
                if documented {
                    self.documented_impls += 1;
                } else {
                    self.undocumented_impl_lines.push(line);
                }
                self.site(token, UnsafeKind::Impl, documented, false);
            }
            Some(next) if next.text_is("trait") || next.text_is("auto") => {
                self.found.traits += 1;
                let documented = macro_doc_has_safety_section(token);
                if documented {
                    self.traits_with_safety_section += 1;
                }
                let exported = preceded_by_pub(items, index);
                self.site(token, UnsafeKind::Trait, documented, exported);
            }
            Some(next) if next.text_is("fn") => self.function(items, index, index + 1, token),
            Some(next) if next.text_is("extern") => {
                let mut after = index + 2;
                if matches!(items.get(after), Some(TtItem::Token(t)) if t.kind() == SyntaxKind::STRING)
                {
                    after += 1;
                }
                match items.get(after) {
                    Some(item) if item.is_group(SyntaxKind::L_CURLY) => {
                        self.found.extern_blocks += 1;
                        self.site(token, UnsafeKind::ExternBlock, false, false);
                    }
                    Some(item) if item.text_is("fn") => self.function(items, index, after, token),
                    _ => self.found.other += 1,
                }
            }
            _ => self.found.other += 1,
        }
    }

    /// `unsafe [extern "C"] fn` with `fn` at `fn_index`.
    fn function(
        &mut self,
        items: &[TtItem],
        unsafe_index: usize,
        fn_index: usize,
        unsafe_token: &SyntaxToken,
    ) {
        if items
            .get(fn_index + 1)
            .is_some_and(|item| item.is_group(SyntaxKind::L_PAREN))
        {
            self.found.fn_pointer_types += 1;
            return;
        }
        let has_body = items
            .iter()
            .skip(fn_index + 1)
            .find(|item| item.text_is(";") || item.is_group(SyntaxKind::L_CURLY))
            .is_some_and(|item| item.is_group(SyntaxKind::L_CURLY));
        if has_body {
            self.found.fns_with_body += 1;
        } else {
            self.found.fns_without_body += 1;
        }
        let documented = macro_doc_has_safety_section(unsafe_token);
        if documented {
            self.fns_with_safety_section += 1;
        }
        let exported = preceded_by_pub(items, unsafe_index);
        self.site(unsafe_token, UnsafeKind::Fn, documented, exported);
    }

    fn block_is_documented(
        &self,
        tree: &SyntaxNode,
        items: &[TtItem],
        index: usize,
        offset: usize,
    ) -> bool {
        let bound = self.bound();
        if self.context.comments.documents(offset, bound) {
            return true;
        }
        // Clippy itself checks only the lines above `unsafe` in a macro definition; the
        // statement above is accepted here too, as in other code (see the module docs).
        let call = match &self.site {
            MacroSite::Invocation { call, .. } => Some(call),
            MacroSite::Definition { .. } => None,
        };
        match statement_start_in_tokens(tree, items, index, call) {
            Some(anchor) if anchor != offset => self.context.comments.documents(anchor, bound),
            _ => false,
        }
    }
}

/// Where the statement holding item `index` of `tree` starts, read from tokens: back to a
/// `;`, `=>` or `{ .. }` tree (not to a `,`, which may separate generic arguments), climbing out of `( .. )` and
/// `[ .. ]` trees (not out of a `$( .. )` repetition); out of an invocation (`call`), the
/// climb goes on in the parsed tree.
fn statement_start_in_tokens(
    tree: &SyntaxNode,
    items: &[TtItem],
    index: usize,
    call: Option<&SyntaxNode>,
) -> Option<usize> {
    let mut tree = tree.clone();
    let mut items = items.to_vec();
    let mut index = index;
    loop {
        let delimiter = group_delimiter(&tree);
        let mut start = index;
        while start > 0 {
            let previous = &items[start - 1];
            let arrow = previous.text_is(">") && start >= 2 && items[start - 2].text_is("=");
            let stops = previous.text_is(";") || arrow || previous.is_group(SyntaxKind::L_CURLY);
            if stops {
                break;
            }
            start -= 1;
        }
        if start > 0 || delimiter == Some(SyntaxKind::L_CURLY) {
            return items.get(start).map(TtItem::start);
        }
        let repetition = tree
            .prev_sibling_or_token()
            .is_some_and(|previous| previous.kind() == SyntaxKind::DOLLAR);
        if repetition {
            // `$( .. )*` repeats whole statements: its start is a boundary.
            return items.first().map(TtItem::start);
        }
        let parent = tree.parent()?;
        match parent.kind() {
            SyntaxKind::TOKEN_TREE => {
                let parent_items = tt_items(&parent);
                index = parent_items
                    .iter()
                    .position(|item| matches!(item, TtItem::Group(g) if *g == tree))?;
                items = parent_items;
                tree = parent;
            }
            SyntaxKind::MACRO_CALL if Some(&parent) == call => {
                let call = &parent;
                let start_node = match call.parent() {
                    Some(p) if p.kind() == SyntaxKind::MACRO_EXPR => p,
                    _ => call.clone(),
                };
                let anchor = statement_anchor(&start_node).unwrap_or(start_node);
                return first_solid_offset(&anchor);
            }
            _ => return items.first().map(TtItem::start),
        }
    }
}

/// Whether the doc comments (or `#[doc = ".."]`) right before an `unsafe` token in a token
/// tree have a `# Safety` section, looking back over attributes, visibility, `const`,
/// `async`, `extern "C"` and `$metavariables`.
fn macro_doc_has_safety_section(unsafe_token: &SyntaxToken) -> bool {
    let mut doc = String::new();
    let siblings: Vec<_> = unsafe_token
        .siblings_with_tokens(Direction::Prev)
        .skip(1)
        .filter(|element| element.kind() != SyntaxKind::WHITESPACE)
        .take(64)
        .collect();
    for (position, element) in siblings.iter().enumerate() {
        let before_is_dollar = siblings
            .get(position + 1)
            .is_some_and(|e| e.kind() == SyntaxKind::DOLLAR);
        match element {
            NodeOrToken::Token(token) => match token.kind() {
                SyntaxKind::COMMENT => {
                    if let Some(text) = doc_comment_text(token, false) {
                        doc.insert_str(0, &format!("{text}\n"));
                    }
                }
                SyntaxKind::POUND
                | SyntaxKind::BANG
                | SyntaxKind::DOLLAR
                | SyntaxKind::PUB_KW
                | SyntaxKind::CONST_KW
                | SyntaxKind::ASYNC_KW
                | SyntaxKind::EXTERN_KW
                | SyntaxKind::DEFAULT_KW
                | SyntaxKind::STRING => {}
                SyntaxKind::IDENT if before_is_dollar => {}
                _ => break,
            },
            NodeOrToken::Node(node) => match group_delimiter(node) {
                Some(SyntaxKind::L_BRACK) => {
                    let inner = tt_items(node);
                    if inner.first().is_some_and(|item| item.text_is("doc")) {
                        if let Some(TtItem::Token(value)) = inner.get(2) {
                            if let Some(text) = string_value(value) {
                                doc.insert_str(0, &format!("{text}\n"));
                            }
                        }
                    }
                }
                Some(SyntaxKind::L_PAREN) => {}
                _ => break,
            },
        }
    }
    safety_section_in(&doc)
}

/// `unsafe` tokens anywhere in a token tree.
fn count_unsafe_tokens(tree: &SyntaxNode) -> u32 {
    let count = tree
        .descendants_with_tokens()
        .filter(|element| matches!(element, NodeOrToken::Token(t) if t.text() == "unsafe"))
        .count();
    u32::try_from(count).unwrap_or(u32::MAX)
}
