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

/// Whether markdown text has a safety heading as clippy's doc pass (`doc/mod.rs`,
/// `check_doc`) finds it: a heading (ATX `# ..` at any level, or setext, a line underlined
/// with `=` or `-`) whose text, trimmed, is exactly `Safety`, `SAFETY`,
/// `Implementation safety` or `Implementation Safety`, outside fenced and indented code
/// blocks. Emphasis markers around the words are not text (`# *Safety*` counts). The text is
/// first unindented by its common indentation, as rustdoc unindents doc comments.
pub(super) fn safety_section_in(doc: &str) -> bool {
    let indent = doc
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    let lines: Vec<&str> = doc
        .lines()
        .map(|line| line.get(indent..).unwrap_or(line.trim_start()))
        .collect();
    let mut fence: Option<&str> = None;
    let mut previous_paragraph_line: Option<&str> = None;
    for line in &lines {
        let trimmed = line.trim_start();
        let indented_code = line.len() - trimmed.len() >= 4;
        if let Some(marker) = fence {
            if trimmed.starts_with(marker)
                && trimmed
                    .trim_start_matches(marker.chars().next().unwrap_or('`'))
                    .trim()
                    .is_empty()
            {
                fence = None;
            }
            continue;
        }
        if !indented_code && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            fence = Some(&trimmed[..3]);
            previous_paragraph_line = None;
            continue;
        }
        if trimmed.is_empty() {
            previous_paragraph_line = None;
            continue;
        }
        if indented_code && previous_paragraph_line.is_none() {
            continue;
        }
        if let Some(text) = atx_heading_text(trimmed) {
            if is_safety_heading(text) {
                return true;
            }
            previous_paragraph_line = None;
            continue;
        }
        let underline = trimmed.trim_end();
        if let Some(text) = previous_paragraph_line {
            if !underline.is_empty()
                && (underline.chars().all(|c| c == '=') || underline.chars().all(|c| c == '-'))
            {
                if is_safety_heading(text) {
                    return true;
                }
                previous_paragraph_line = None;
                continue;
            }
        }
        previous_paragraph_line = Some(trimmed);
    }
    false
}

/// The text of an ATX heading line (`#` to `######`, then a space or the end; closing `#`s
/// dropped), or `None`.
fn atx_heading_text(trimmed: &str) -> Option<&str> {
    let level = trimmed.len() - trimmed.trim_start_matches('#').len();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &trimmed[level..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let rest = rest.trim();
    let without_closing = rest.trim_end_matches('#');
    Some(
        if without_closing.is_empty() || without_closing.ends_with([' ', '\t']) {
            without_closing.trim_end()
        } else {
            rest
        },
    )
}

/// Clippy's four safety headings (its `trimmed_text == ..` tests), emphasis markers aside.
fn is_safety_heading(text: &str) -> bool {
    let words = text.trim().trim_matches(['*', '_']).trim();
    matches!(
        words,
        "Safety" | "SAFETY" | "Implementation safety" | "Implementation Safety"
    )
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
