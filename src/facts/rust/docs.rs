//! Doc comments: their text without markers, `# Safety` sections, and the `unsafe` keywords
//! of their Rust code examples.

use ra_ap_syntax::{
    ast, AstNode, AstToken, NodeOrToken, SourceFile, SyntaxKind, SyntaxNode, SyntaxToken,
};

use super::syntax_text::{key_value_string, path_text};

/// The text of a doc comment token with its markers removed (`///`, `//!`, `/** */`, and
/// the leading ` * ` of block comment lines), or `None` if it is not a doc comment (of the
/// wanted placement: `inner` for `//!` and `/*! */`, else outer).
pub(super) fn doc_comment_text(token: &SyntaxToken, inner: bool) -> Option<String> {
    let comment = ast::Comment::cast(token.clone())?;
    if (inner && !comment.is_inner()) || (!inner && !comment.is_outer()) {
        return None;
    }
    let (text, _) = comment.doc_comment()?;
    let block = comment.kind().shape == ast::CommentShape::Block;
    let lines: Vec<&str> = text
        .lines()
        .map(|line| {
            if block {
                let trimmed = line.trim_start();
                trimmed
                    .strip_prefix('*')
                    .map_or(line, |rest| rest.strip_prefix(' ').unwrap_or(rest))
            } else {
                line.strip_prefix(' ').unwrap_or(line)
            }
        })
        .collect();
    Some(lines.join("\n"))
}

/// Whether markdown text has a heading `Safety` (any level, any case).
pub(super) fn safety_section_in(doc: &str) -> bool {
    doc.lines().any(|line| {
        let line = line.trim();
        line.starts_with('#')
            && line
                .trim_start_matches('#')
                .trim()
                .eq_ignore_ascii_case("safety")
    })
}

/// Whether the outer doc comments and `#[doc = ".."]` attributes of an item have a
/// `# Safety` section.
pub(crate) fn doc_has_safety_section(item: &SyntaxNode) -> bool {
    let mut doc = String::new();
    for element in item.children_with_tokens() {
        match element {
            NodeOrToken::Token(token) => {
                if let Some(text) = doc_comment_text(&token, false) {
                    doc.push_str(&text);
                    doc.push('\n');
                }
            }
            NodeOrToken::Node(node) => {
                if let Some(text) = ast::Attr::cast(node).and_then(|attr| doc_attribute(&attr)) {
                    doc.push_str(&text);
                    doc.push('\n');
                }
            }
        }
    }
    safety_section_in(&doc)
}

/// The string of `#[doc = ".."]`.
fn doc_attribute(attr: &ast::Attr) -> Option<String> {
    let ast::Meta::KeyValueMeta(meta) = attr.meta()? else {
        return None;
    };
    (path_text(meta.path()?.syntax()) == "doc")
        .then(|| key_value_string(&meta))
        .flatten()
}

/// The `unsafe` keywords in the Rust code examples of doc comments, fed the file's tokens
/// that are not whitespace, in order: comments, and the other tokens that end a run of doc
/// comments.
#[derive(Default)]
pub(super) struct DocExamples {
    /// Inside a fence: whether its code is Rust, and the code so far.
    open: Option<(bool, String)>,
    unsafe_keywords: u32,
}

impl DocExamples {
    /// Whether a comment's text may be a doc comment's: the markers of all of them (`///`,
    /// `//!`, `/**`, `/*!`) start so. Any other comment ends the run, as
    /// [`DocExamples::comment`] would find.
    pub(super) fn may_be_doc(text: &str) -> bool {
        ["///", "//!", "/**", "/*!"]
            .iter()
            .any(|marker| text.starts_with(marker))
    }

    /// A comment: a doc comment's lines go on with the run, any other comment ends it.
    pub(super) fn comment(&mut self, token: &SyntaxToken) {
        match doc_comment_text(token, false).or_else(|| doc_comment_text(token, true)) {
            Some(text) => text.lines().for_each(|line| self.line(line)),
            None => self.end_of_doc(),
        }
    }

    /// The count, once every token has been fed.
    pub(super) fn finish(mut self) -> u32 {
        self.end_of_doc();
        self.unsafe_keywords
    }

    fn line(&mut self, line: &str) {
        let trimmed = line.trim_start();
        let fence = trimmed.starts_with("```") || trimmed.starts_with("~~~");
        match (&mut self.open, fence) {
            (None, true) => {
                let info = trimmed.trim_start_matches(['`', '~']).trim();
                self.open = Some((is_rust_info(info), String::new()));
            }
            (None, false) => {}
            (Some(_), true) => self.close(),
            (Some((_, code)), false) => {
                // rustdoc's hidden lines (`# use ..;`) are code too.
                let visible = match trimmed.strip_prefix('#') {
                    Some(rest) if rest.is_empty() || rest.starts_with(' ') => rest,
                    _ => line,
                };
                code.push_str(visible);
                code.push('\n');
            }
        }
    }

    fn close(&mut self) {
        if let Some((true, code)) = self.open.take() {
            self.unsafe_keywords += count_unsafe_keywords(&code);
        }
    }

    /// A token that ends the run of doc comments. An unclosed fence ends with its doc
    /// comment, as in rustdoc.
    #[inline]
    pub(super) fn end_of_doc(&mut self) {
        if self.open.is_some() {
            self.close();
        }
    }
}

/// Whether a fence's info string names Rust (rustdoc's default when it names nothing).
fn is_rust_info(info: &str) -> bool {
    info.split([',', ' ', '\t'])
        .filter(|word| !word.is_empty())
        .all(|word| {
            matches!(
                word,
                "rust"
                    | "ignore"
                    | "no_run"
                    | "should_panic"
                    | "compile_fail"
                    | "test_harness"
                    | "standalone_crate"
            ) || word.starts_with("edition")
                || word.starts_with("ignore-")
        })
}

/// `unsafe` keywords in a code example, read as rustdoc reads it: the body of a function.
fn count_unsafe_keywords(code: &str) -> u32 {
    if !code.contains("unsafe") {
        return 0;
    }
    let wrapped = format!("fn doc_example() {{\n{code}\n}}\n");
    let parse = SourceFile::parse(&wrapped, ra_ap_syntax::Edition::Edition2021);
    let count = parse
        .tree()
        .syntax()
        .descendants_with_tokens()
        .filter(|element| element.kind() == SyntaxKind::UNSAFE_KW)
        .count();
    u32::try_from(count).unwrap_or(u32::MAX)
}
