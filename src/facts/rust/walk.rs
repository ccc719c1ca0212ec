//! The one walk over a file's syntax tree that feeds every fact collector.
//!
//! Nodes come from rowan's preorder, which builds a cursor (one allocation) for each node it
//! visits. Tokens, four in five of the tree's elements, are read from the green tree instead:
//! between two child nodes, the walk reads the parent's green children (kind and text, no
//! allocation) and sums their lengths to know where each token starts. A `SyntaxToken` is
//! built only for the tokens whose facts need the tree around them: `unsafe` keywords and
//! comments. Each token is seen once, in file order; each node is seen once, in preorder,
//! which is the order of `descendants()`, so the lists of node facts keep their order.
//!
//! What needs the whole file first (SAFETY comments are searched above the code, in lines
//! and tokens of the whole file) is collected here and handled after the walk: the `unsafe`
//! keywords of parsed code and the macro token trees that hold `unsafe`.

use ra_ap_syntax::{
    NodeOrToken, SyntaxKind, SyntaxNode, SyntaxToken, TextRange, TextSize, WalkEvent,
};

use super::items::{self, DocExamples};
use super::lines::Lines;
use super::unsafety::LintAllows;
use super::RustFacts;

/// A token that is not whitespace: its kind and byte range in the file's text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    pub(crate) kind: SyntaxKind,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// What the walk leaves for the passes that need the whole file.
#[derive(Default)]
pub(super) struct Walked {
    /// Every token that is not whitespace, in file order.
    pub(super) tokens: Vec<Token>,
    /// The `unsafe` keywords of parsed code (not those in token trees), in file order.
    pub(super) unsafe_keywords: Vec<SyntaxToken>,
    /// The token trees of macro definitions and invocations whose text holds `unsafe`, in
    /// preorder; the others hold no `unsafe` keyword for the token-level pass to find.
    pub(super) macro_trees: Vec<SyntaxNode>,
    /// The attributes that allow the lints of unsafe sites.
    pub(super) lint_allows: LintAllows,
}

/// A node whose tokens are being read: the green child to read next and where it starts.
struct Frame {
    node: SyntaxNode,
    next_child: usize,
    offset: TextSize,
}

/// Walks the tree under `root` (parsed from `text`) once: records the facts of items,
/// attributes and doc examples into `facts`, and returns what the later passes need.
pub(super) fn walk(root: &SyntaxNode, text: &str, lines: &Lines, facts: &mut RustFacts) -> Walked {
    let mut collector = Collector {
        text,
        lines,
        facts,
        walked: Walked::default(),
        doc_examples: DocExamples::default(),
    };
    let mut stack: Vec<Frame> = Vec::new();
    for event in root.preorder() {
        match event {
            WalkEvent::Enter(node) => {
                let range = node.text_range();
                let parent_kind = stack.last_mut().map(|parent| {
                    collector.tokens_before(parent, node.index());
                    parent.next_child = node.index() + 1;
                    parent.offset = range.end();
                    parent.node.kind()
                });
                collector.node(&node, parent_kind);
                stack.push(Frame {
                    node,
                    next_child: 0,
                    offset: range.start(),
                });
            }
            WalkEvent::Leave(_) => {
                if let Some(mut frame) = stack.pop() {
                    collector.tokens_before(&mut frame, usize::MAX);
                }
            }
        }
    }
    collector.facts.doctest_unsafe = collector.doc_examples.finish();
    collector.walked
}

/// The fact collectors the walk dispatches to.
struct Collector<'a, 'f> {
    text: &'a str,
    lines: &'a Lines<'a>,
    facts: &'f mut RustFacts,
    walked: Walked,
    doc_examples: DocExamples,
}

impl Collector<'_, '_> {
    /// Reads the tokens of `frame`'s node from its next child up to (not including) child
    /// `until`, skipping child nodes (the preorder visits those).
    fn tokens_before(&mut self, frame: &mut Frame, until: usize) {
        if until <= frame.next_child {
            return;
        }
        let mut offset = frame.offset;
        for child in frame
            .node
            .green()
            .children()
            .skip(frame.next_child)
            .take(until - frame.next_child)
        {
            // The preorder entered every child node before `until`, and `next_child` went
            // past it: what is left are tokens.
            let NodeOrToken::Token(green) = child else {
                continue;
            };
            let len = green.text_len();
            let range = TextRange::at(offset, len);
            offset += len;
            self.token(&frame.node, SyntaxKind::from(green.kind().0), range);
        }
        frame.offset = offset;
    }

    /// One token of `parent` that the green tree gave, as `kind` over `range`.
    fn token(&mut self, parent: &SyntaxNode, kind: SyntaxKind, range: TextRange) {
        match kind {
            SyntaxKind::WHITESPACE => return,
            SyntaxKind::COMMENT => {
                if let Some(comment) = token_of(parent, range) {
                    self.doc_examples.comment(&comment);
                }
            }
            _ => {
                self.doc_examples.end_of_doc();
                // `unsafe` in token trees is the token-level pass's (`macros`).
                if kind == SyntaxKind::UNSAFE_KW && parent.kind() != SyntaxKind::TOKEN_TREE {
                    self.walked.unsafe_keywords.extend(token_of(parent, range));
                }
            }
        }
        self.walked.tokens.push(Token {
            kind,
            start: usize::from(range.start()),
            end: usize::from(range.end()),
        });
    }

    /// A node, on entering it (its parent's kind given).
    fn node(&mut self, node: &SyntaxNode, parent_kind: Option<SyntaxKind>) {
        let facts = &mut *self.facts;
        match node.kind() {
            SyntaxKind::ATTR => {
                let text = text_of(self.text, node);
                items::count_lint_attribute(node, text, &mut facts.safety_lint_attributes);
                self.walked.lint_allows.attribute(node, text);
            }
            SyntaxKind::TOKEN_TREE => match parent_kind {
                Some(SyntaxKind::TOKEN_TREE) => items::count_lint_attribute_in_tokens(
                    node,
                    text_of(self.text, node),
                    &mut facts.safety_lint_attributes,
                ),
                Some(SyntaxKind::MACRO_RULES | SyntaxKind::MACRO_DEF | SyntaxKind::MACRO_CALL)
                    if text_of(self.text, node).contains("unsafe") =>
                {
                    self.walked.macro_trees.push(node.clone());
                }
                _ => {}
            },
            SyntaxKind::FN => facts
                .exported_functions
                .extend(items::exported_function(node, self.lines)),
            SyntaxKind::MACRO_CALL => {
                facts
                    .module_macros
                    .extend(items::module_macro(node, self.lines));
                facts.includes.extend(items::include(node));
            }
            SyntaxKind::MODULE => {
                facts
                    .mod_declarations
                    .extend(items::mod_declaration(node, self.lines));
                facts
                    .local_bindings
                    .extend(items::local_binding(node, self.lines));
            }
            SyntaxKind::USE_TREE => facts
                .local_bindings
                .extend(items::local_binding(node, self.lines)),
            _ => {}
        }
    }
}

/// The token of `parent` over `range` (a child of `parent`, as the green tree gave it).
fn token_of(parent: &SyntaxNode, range: TextRange) -> Option<SyntaxToken> {
    parent
        .child_or_token_at_range(range)
        .and_then(NodeOrToken::into_token)
}

/// The source text of `node`: a slice of the file's text, not a copy.
fn text_of<'a>(text: &'a str, node: &SyntaxNode) -> &'a str {
    text.get(std::ops::Range::<usize>::from(node.text_range()))
        .unwrap_or("")
}
