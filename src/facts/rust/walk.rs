//! The one walk over a file's syntax tree that feeds every fact collector.
//!
//! The walk goes down the green tree that rowan's cursors wrap: kinds and lengths, no
//! allocation, with the path from the root on a stack and each element's offset summed on
//! the way. A cursor (a `SyntaxNode`, one allocation) is built only for a node a collector
//! may want, as its kind and text tell (each test a condition the collector's own implies),
//! and for the nodes above it, once; likewise a `SyntaxToken` only for an `unsafe` keyword or
//! a comment that may be a doc comment. Each token is seen once, in file order; each node is
//! entered once, in preorder, which is the order of `descendants()`, so the lists of node
//! facts keep their order.
//!
//! What needs the whole file first (SAFETY comments are searched above the code, in lines
//! and tokens of the whole file) is collected here and handled after the walk: the `unsafe`
//! keywords of parsed code and the macro token trees that hold `unsafe`.

use ra_ap_syntax::{
    NodeOrToken, SyntaxElement, SyntaxKind, SyntaxNode, SyntaxToken, TextRange, TextSize,
};

use super::docs::DocExamples;
use super::items;
use super::lines::Lines;
use super::lint_attributes::{self, LintAllows, SAFETY_COMMENT_LINT};
use super::tokens::Token;
use super::types::RustFacts;

/// What the walk leaves for the passes that need the whole file.
#[derive(Default)]
pub(super) struct Walked<'a> {
    /// Every token that is not whitespace, in file order.
    pub(super) tokens: Vec<Token>,
    /// The `unsafe` keywords of parsed code (not those in token trees), in file order.
    pub(super) unsafe_keywords: Vec<SyntaxToken>,
    /// The token trees of macro definitions and invocations whose text holds `unsafe`, in
    /// preorder; the others hold no `unsafe` keyword for the token-level pass to find.
    pub(super) macro_trees: Vec<SyntaxNode>,
    /// The attributes that allow the lints of unsafe sites.
    pub(super) lint_allows: LintAllows,
    /// The comments that hold `SAFETY:` in any case (in token trees too), in file order:
    /// where clippy's `unnecessary_safety_comment` may find safe code.
    pub(super) safety_comments: Vec<SyntaxToken>,
    /// The fns and traits whose leading doc comments or attributes mention `safety` in any
    /// case, in preorder: the only ones that may have a `# Safety` section.
    pub(super) safety_doc_items: Vec<SyntaxNode>,
    /// Path expressions that are one identifier and not a call's callee (a function or
    /// variable used as a value): where each starts, and the identifier. Kept for the
    /// exported functions, known only after the walk.
    pub(super) path_values: Vec<(usize, &'a str)>,
}

/// Whether `text` holds `needle` (lowercase ASCII) in any case.
fn contains_ignoring_case(text: &str, needle: &[u8]) -> bool {
    text.as_bytes()
        .windows(needle.len())
        .any(|window| window.eq_ignore_ascii_case(needle))
}

/// A node on the walk's path from the root: its green children still to read, and what it
/// takes to build its cursor when a collector wants it. (`Children` is rowan's iterator over
/// green children, a type `ra_ap_syntax` does not export.)
struct Frame<Children> {
    children: Children,
    /// The index of the next child in `children`.
    next_index: usize,
    /// Where the next child starts.
    offset: TextSize,
    kind: SyntaxKind,
    range: TextRange,
    /// The node's index among its parent's children.
    index: usize,
    /// The node's cursor, once built.
    cursor: Option<SyntaxNode>,
}

/// Walks the tree under `root` (parsed from `text`) once: records the facts of items,
/// attributes and doc examples into `facts`, and returns what the later passes need.
pub(super) fn walk<'a>(
    root: &SyntaxNode,
    text: &'a str,
    lines: &'a Lines<'a>,
    facts: &mut RustFacts,
) -> Walked<'a> {
    let mut collector = Collector {
        text,
        lines,
        facts,
        walked: Walked::default(),
        doc_examples: DocExamples::default(),
    };
    let mut path = vec![Frame {
        children: root.green().children(),
        next_index: 0,
        offset: root.text_range().start(),
        kind: root.kind(),
        range: root.text_range(),
        index: 0,
        cursor: Some(root.clone()),
    }];
    while let Some(frame) = path.last_mut() {
        let Some(child) = frame.children.next() else {
            path.pop();
            continue;
        };
        let index = frame.next_index;
        frame.next_index += 1;
        let range = TextRange::at(frame.offset, child.text_len());
        frame.offset = range.end();
        let parent_kind = frame.kind;
        match child {
            NodeOrToken::Token(green) => {
                let kind = SyntaxKind::from(green.kind().0);
                collector.token(&mut path, kind, range, index);
            }
            NodeOrToken::Node(green) => {
                let kind = SyntaxKind::from(green.kind().0);
                if kind == SyntaxKind::FN
                    && green.children().any(|c| {
                        c.as_node()
                            .is_some_and(|n| SyntaxKind::from(n.kind().0) == SyntaxKind::BLOCK_EXPR)
                    })
                {
                    collector.facts.fn_definitions += 1;
                }
                // `exported_function` looks at the attributes of a function only.
                let has_attribute = kind == SyntaxKind::FN
                    && green.children().any(|c| {
                        c.as_node()
                            .is_some_and(|n| SyntaxKind::from(n.kind().0) == SyntaxKind::ATTR)
                    });
                // A fn or trait with a leading comment or attribute that mentions `safety`:
                // only such an item may have a `# Safety` section.
                let safety_doc = matches!(kind, SyntaxKind::FN | SyntaxKind::TRAIT)
                    && green
                        .children()
                        .take_while(|child| {
                            matches!(
                                SyntaxKind::from(child.kind().0),
                                SyntaxKind::WHITESPACE | SyntaxKind::COMMENT | SyntaxKind::ATTR
                            )
                        })
                        .any(|child| match child {
                            NodeOrToken::Token(token) => {
                                contains_ignoring_case(token.text(), b"safety")
                            }
                            NodeOrToken::Node(node) => {
                                contains_ignoring_case(&node.to_string(), b"safety")
                            }
                        });
                path.push(Frame {
                    children: green.children(),
                    next_index: 0,
                    offset: range.start(),
                    kind,
                    range,
                    index,
                    cursor: None,
                });
                collector.node(&mut path, parent_kind, has_attribute, safety_doc);
            }
        }
    }
    collector.facts.doctest_unsafe = collector.doc_examples.finish();
    collector.walked
}

/// The cursor of the last node of `path`, built from the nearest node above it that has one
/// (the root has), and kept in the path for the nodes below.
fn cursor<Children>(path: &mut [Frame<Children>]) -> Option<SyntaxNode> {
    let built = path.iter().rposition(|frame| frame.cursor.is_some())?;
    for depth in built + 1..path.len() {
        let parent = path[depth - 1].cursor.as_ref()?;
        let frame = &path[depth];
        let node = child_of(parent, frame.index, frame.range)?.into_node()?;
        path[depth].cursor = Some(node);
    }
    path.last().and_then(|frame| frame.cursor.clone())
}

/// Child `index` of `parent`, over `range`: found by a binary search on the range (only a
/// child that is not empty is sure to be the one), else by counting.
fn child_of(parent: &SyntaxNode, index: usize, range: TextRange) -> Option<SyntaxElement> {
    if !range.is_empty() {
        if let Some(child) = parent.child_or_token_at_range(range) {
            if child.index() == index {
                return Some(child);
            }
        }
    }
    parent.children_with_tokens().nth(index)
}

/// The fact collectors the walk dispatches to.
struct Collector<'a, 'f> {
    text: &'a str,
    lines: &'a Lines<'a>,
    facts: &'f mut RustFacts,
    walked: Walked<'a>,
    doc_examples: DocExamples,
}

impl<'a> Collector<'a, '_> {
    /// A token of the last node of `path`: child `index`, of `kind`, over `range`.
    fn token<Children>(
        &mut self,
        path: &mut [Frame<Children>],
        kind: SyntaxKind,
        range: TextRange,
        index: usize,
    ) {
        let token_of = |path: &mut [Frame<Children>]| {
            let parent = cursor(path)?;
            child_of(&parent, index, range)?.into_token()
        };
        match kind {
            SyntaxKind::WHITESPACE => return,
            SyntaxKind::COMMENT => {
                if contains_ignoring_case(self.slice(range), b"safety:") {
                    self.walked.safety_comments.extend(token_of(path));
                }
                if DocExamples::may_be_doc(self.slice(range)) {
                    if let Some(comment) = token_of(path) {
                        self.doc_examples.comment(&comment);
                    }
                } else {
                    self.doc_examples.end_of_doc();
                }
            }
            _ => {
                self.doc_examples.end_of_doc();
                // `unsafe` in token trees is the token-level pass's (`macros`).
                let in_token_tree = path
                    .last()
                    .is_some_and(|parent| parent.kind == SyntaxKind::TOKEN_TREE);
                if kind == SyntaxKind::UNSAFE_KW && !in_token_tree {
                    self.walked.unsafe_keywords.extend(token_of(path));
                }
            }
        }
        self.walked.tokens.push(Token {
            kind,
            start: usize::from(range.start()),
            end: usize::from(range.end()),
        });
    }

    /// The node that ends `path`, on entering it (`parent_kind` is its parent's;
    /// `has_attribute` whether it is a function with attributes; `safety_doc` whether it is a
    /// fn or trait whose docs may have a `# Safety` section). Its cursor is built only if a
    /// collector may want it, as told by its kind and text.
    fn node<Children>(
        &mut self,
        path: &mut [Frame<Children>],
        parent_kind: SyntaxKind,
        has_attribute: bool,
        safety_doc: bool,
    ) {
        let Some(frame) = path.last() else {
            return;
        };
        let text = self.slice(frame.range);
        // A function named as a value: the callee of a call is the call's first child.
        if frame.kind == SyntaxKind::PATH_EXPR
            && parent_kind != SyntaxKind::CALL_EXPR
            && items::is_identifier(text)
        {
            self.walked
                .path_values
                .push((usize::from(frame.range.start()), text));
            return;
        }
        let wanted = match frame.kind {
            // Lint attributes name the lint, or `clippy::` for the groups.
            SyntaxKind::ATTR => text.contains(':') || text.contains(SAFETY_COMMENT_LINT),
            SyntaxKind::TOKEN_TREE => match parent_kind {
                SyntaxKind::TOKEN_TREE => text.contains(SAFETY_COMMENT_LINT),
                SyntaxKind::MACRO_RULES | SyntaxKind::MACRO_DEF | SyntaxKind::MACRO_CALL => {
                    text.contains("unsafe")
                }
                _ => false,
            },
            SyntaxKind::FN => has_attribute || safety_doc,
            SyntaxKind::TRAIT => safety_doc,
            SyntaxKind::MACRO_CALL => text.contains("module") || text.contains("include"),
            SyntaxKind::MODULE => true,
            SyntaxKind::USE_TREE => text.contains("bindings"),
            _ => false,
        };
        if !wanted {
            return;
        }
        let Some(node) = cursor(path) else {
            return;
        };
        let facts = &mut *self.facts;
        match node.kind() {
            SyntaxKind::ATTR => {
                lint_attributes::count_lint_attribute(&node, &mut facts.safety_lint_attributes);
                self.walked.lint_allows.attribute(&node, text);
            }
            SyntaxKind::TOKEN_TREE if parent_kind == SyntaxKind::TOKEN_TREE => {
                lint_attributes::count_lint_attribute_in_tokens(
                    &node,
                    text,
                    &mut facts.safety_lint_attributes,
                );
            }
            SyntaxKind::TOKEN_TREE => self.walked.macro_trees.push(node),
            SyntaxKind::FN => {
                if has_attribute {
                    facts
                        .exported_functions
                        .extend(items::exported_function(&node, self.lines));
                }
                if safety_doc {
                    self.walked.safety_doc_items.push(node);
                }
            }
            SyntaxKind::TRAIT => self.walked.safety_doc_items.push(node),
            SyntaxKind::MACRO_CALL => {
                facts
                    .module_macros
                    .extend(items::module_macro(&node, self.lines));
                facts.includes.extend(items::include(&node));
            }
            SyntaxKind::MODULE => {
                facts
                    .mod_declarations
                    .extend(items::mod_declaration(&node, self.lines));
                facts
                    .local_bindings
                    .extend(items::local_binding(&node, self.lines));
            }
            SyntaxKind::USE_TREE => facts
                .local_bindings
                .extend(items::local_binding(&node, self.lines)),
            _ => {}
        }
    }

    /// The file's text over `range`.
    fn slice(&self, range: TextRange) -> &'a str {
        self.text
            .get(std::ops::Range::<usize>::from(range))
            .unwrap_or("")
    }
}
