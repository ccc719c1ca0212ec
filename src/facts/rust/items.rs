//! Facts read from items, attributes, paths and doc comments: exported functions, module
//! macros, `mod` declarations, `bindings::` uses, doc examples, the lint attributes and the
//! file's summary line.

use ra_ap_syntax::ast::HasName;
use ra_ap_syntax::{
    ast, AstNode, AstToken, NodeOrToken, SourceFile, SyntaxKind, SyntaxNode, SyntaxToken,
};

use super::lines::Lines;
use super::macros::{group_delimiter, tt_items, TtItem};
use super::walk::Token;
use super::{ExportAttribute, ExportedFunction, ModDeclaration, ModuleMacro, SafetyLintAttributes};

/// Collapses runs of whitespace to one space and trims.
fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The value of a string-like literal token: `".."`, `r#".."#`, `b".."`, `c".."`.
pub(super) fn string_value(token: &SyntaxToken) -> Option<String> {
    match token.kind() {
        SyntaxKind::STRING => {
            ast::String::cast(token.clone()).and_then(|s| s.value().ok().map(|v| v.into_owned()))
        }
        SyntaxKind::BYTE_STRING => ast::ByteString::cast(token.clone()).and_then(|s| {
            s.value()
                .ok()
                .map(|v| String::from_utf8_lossy(&v).into_owned())
        }),
        SyntaxKind::C_STRING => ast::CString::cast(token.clone()).and_then(|s| {
            s.value()
                .ok()
                .map(|v| String::from_utf8_lossy(&v).into_owned())
        }),
        _ => None,
    }
}

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

fn path_text(node: &SyntaxNode) -> String {
    node.text().to_string().split_whitespace().collect()
}

fn key_value_string(meta: &ast::KeyValueMeta) -> Option<String> {
    let expr = meta.expr()?;
    let token = expr.syntax().first_token()?;
    string_value(&token)
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

/// The lint of [`SafetyLintAttributes`]; an attribute without it in its text is not counted.
pub(super) const SAFETY_COMMENT_LINT: &str = "undocumented_unsafe_blocks";

/// Counts a parsed attribute (an `ATTR` node, `cfg_attr` included) that allows or expects
/// `clippy::undocumented_unsafe_blocks`, outer or inner.
pub(super) fn count_lint_attribute(attr: &SyntaxNode, counts: &mut SafetyLintAttributes) {
    if let Some(meta) = ast::Attr::cast(attr.clone()).and_then(|attr| attr.meta()) {
        count_lint_meta(&meta, counts);
    }
}

/// Counts a `#[allow(..)]` or `#[expect(..)]` of `clippy::undocumented_unsafe_blocks`
/// written in a macro's tokens: `tree` (with its text) is a token tree in a token tree.
pub(super) fn count_lint_attribute_in_tokens(
    tree: &SyntaxNode,
    text: &str,
    counts: &mut SafetyLintAttributes,
) {
    if !text.contains(SAFETY_COMMENT_LINT)
        || group_delimiter(tree) != Some(SyntaxKind::L_BRACK)
        || !previous_solid(tree).is_some_and(|k| matches!(k, SyntaxKind::POUND | SyntaxKind::BANG))
    {
        return;
    }
    match tt_items(tree).first() {
        Some(TtItem::Token(t)) if t.text() == "allow" => counts.allow += 1,
        Some(TtItem::Token(t)) if t.text() == "expect" => counts.expect += 1,
        _ => {}
    }
}

fn previous_solid(node: &SyntaxNode) -> Option<SyntaxKind> {
    let mut element = node.prev_sibling_or_token();
    while let Some(current) = element {
        if !matches!(current.kind(), SyntaxKind::WHITESPACE | SyntaxKind::COMMENT) {
            return Some(current.kind());
        }
        element = current.prev_sibling_or_token();
    }
    None
}

fn count_lint_meta(meta: &ast::Meta, counts: &mut SafetyLintAttributes) {
    match meta {
        ast::Meta::TokenTreeMeta(meta) => {
            let Some(path) = meta.path() else { return };
            let lint = meta
                .token_tree()
                .is_some_and(|tt| tt.syntax().text().to_string().contains(SAFETY_COMMENT_LINT));
            match path_text(path.syntax()).as_str() {
                "allow" if lint => counts.allow += 1,
                "expect" if lint => counts.expect += 1,
                _ => {}
            }
        }
        ast::Meta::CfgAttrMeta(meta) => {
            for inner in meta.metas() {
                count_lint_meta(&inner, counts);
            }
        }
        _ => {}
    }
}

/// The code tokens (not comments) of the file in order, with their text, `::` written as one
/// token even where the parser left two `:` (in token trees).
fn path_tokens<'a>(tokens: &[Token], text: &'a str) -> Vec<(SyntaxKind, &'a str, usize)> {
    let mut path_tokens: Vec<(SyntaxKind, &str, usize)> = Vec::new();
    let mut last_end = None;
    for token in tokens.iter().filter(|t| t.kind != SyntaxKind::COMMENT) {
        if token.kind == SyntaxKind::COLON && last_end == Some(token.start) {
            if let Some(last) = path_tokens.last_mut() {
                if last.0 == SyntaxKind::COLON {
                    *last = (SyntaxKind::COLON2, "::", last.2);
                    last_end = Some(token.end);
                    continue;
                }
            }
        }
        path_tokens.push((
            token.kind,
            text.get(token.start..token.end).unwrap_or(""),
            token.start,
        ));
        last_end = Some(token.end);
    }
    path_tokens
}

/// Each `bindings::NAME` use in the file's `tokens` (the walk's, over `text`): the offset of
/// its `bindings` token and NAME (one per name of a use tree, all at the same offset).
pub(super) fn bindings_use_sites(tokens: &[Token], text: &str) -> Vec<(usize, String)> {
    if !text.contains("bindings") {
        // Most files: no `bindings` token to start from.
        return Vec::new();
    }
    let tokens = path_tokens(tokens, text);
    let text = |i: usize| tokens.get(i).map_or("", |(_, t, _)| *t);
    let mut uses = Vec::new();
    for i in 0..tokens.len() {
        if text(i) != "bindings" || text(i + 1) != "::" {
            continue;
        }
        let qualified = i >= 1 && text(i - 1) == "::";
        let accepted = if qualified {
            i >= 2 && matches!(text(i - 2), "kernel" | "crate" | "super" | "self")
        } else {
            !(i >= 1 && text(i - 1) == ".")
        };
        if !accepted {
            continue;
        }
        let at = tokens[i].2;
        match tokens.get(i + 2) {
            Some((SyntaxKind::IDENT, name, _)) => uses.push((at, (*name).to_string())),
            Some((SyntaxKind::L_CURLY, _, _)) => {
                // A use tree: the first name of each element at the top level.
                let mut depth = 1;
                let mut expect_name = true;
                let mut j = i + 3;
                while j < tokens.len() && depth > 0 {
                    match &tokens[j] {
                        (SyntaxKind::L_CURLY, _, _) => depth += 1,
                        (SyntaxKind::R_CURLY, _, _) => depth -= 1,
                        (SyntaxKind::COMMA, _, _) if depth == 1 => expect_name = true,
                        (SyntaxKind::IDENT, name, _) if depth == 1 && expect_name => {
                            uses.push((at, (*name).to_string()));
                            expect_name = false;
                        }
                        _ if depth == 1 => expect_name = false,
                        _ => {}
                    }
                    j += 1;
                }
            }
            _ => {}
        }
    }
    uses
}

/// A function (an `FN` node) with `#[no_mangle]`, `#[export_name]` (plain or `unsafe(..)`)
/// or `#[export]`; the first such attribute counts.
pub(super) fn exported_function(node: &SyntaxNode, lines: &Lines) -> Option<ExportedFunction> {
    let function = ast::Fn::cast(node.clone())?;
    let (attribute, export_name) = function
        .syntax()
        .children()
        .filter_map(ast::Attr::cast)
        .find_map(|attr| attr.meta().and_then(|m| export_attribute(&m)))?;
    let name = function.name()?.text().to_string();
    let extern_c = function.abi().is_some_and(|abi| match abi.abi_string() {
        None => true,
        Some(s) => s.value().is_ok_and(|v| v == "C" || v == "C-unwind"),
    });
    let offset = function
        .fn_token()
        .map_or(function.syntax().text_range().start(), |t| {
            t.text_range().start()
        });
    Some(ExportedFunction {
        symbol: export_name.unwrap_or_else(|| name.clone()),
        name,
        line: lines.number_of(usize::from(offset)),
        attribute,
        extern_c,
    })
}

fn export_attribute(meta: &ast::Meta) -> Option<(ExportAttribute, Option<String>)> {
    match meta {
        ast::Meta::PathMeta(meta) => match path_text(meta.path()?.syntax()).as_str() {
            "no_mangle" => Some((ExportAttribute::NoMangle, None)),
            "export" | "macros::export" => Some((ExportAttribute::KernelExport, None)),
            _ => None,
        },
        ast::Meta::KeyValueMeta(meta) if path_text(meta.path()?.syntax()) == "export_name" => {
            Some((ExportAttribute::ExportName, key_value_string(meta)))
        }
        ast::Meta::UnsafeMeta(meta) => match export_attribute(&meta.meta()?)? {
            (ExportAttribute::NoMangle, name) => Some((ExportAttribute::UnsafeNoMangle, name)),
            (ExportAttribute::ExportName, name) => Some((ExportAttribute::UnsafeExportName, name)),
            _ => None,
        },
        _ => None,
    }
}

/// An invocation (a `MACRO_CALL` node) of `module!` or a `module_*!`, with its fields.
pub(super) fn module_macro(node: &SyntaxNode, lines: &Lines) -> Option<ModuleMacro> {
    let call = ast::MacroCall::cast(node.clone())?;
    let name_ref = call.path()?.segment()?.name_ref()?;
    let macro_name = name_ref.text();
    if macro_name != "module" && !macro_name.starts_with("module_") {
        return None;
    }
    let macro_name = macro_name.to_string();
    let tree = call.token_tree()?;
    let offset = call.path().map_or(call.syntax().text_range().start(), |p| {
        p.syntax().text_range().start()
    });
    let mut module = ModuleMacro {
        macro_name,
        line: lines.number_of(usize::from(offset)),
        ..ModuleMacro::default()
    };
    let items = tt_items(tree.syntax());
    for field in
        items.split(|item| matches!(item, TtItem::Token(t) if t.kind() == SyntaxKind::COMMA))
    {
        let [TtItem::Token(key), TtItem::Token(colon), value @ ..] = field else {
            continue;
        };
        if colon.kind() != SyntaxKind::COLON || value.is_empty() {
            continue;
        }
        match key.text() {
            "type" => module.module_type = Some(items_text(value)),
            "name" => module.name = Some(scalar_value(value)),
            "author" => module.author = Some(scalar_value(value)),
            "authors" => module.authors = Some(list_value(value)),
            "description" => module.description = Some(scalar_value(value)),
            "license" => module.license = Some(scalar_value(value)),
            "drivers" => module.drivers = Some(list_value(value)),
            _ => {}
        }
    }
    Some(module)
}

/// The source text of token tree items, whitespace collapsed.
fn items_text(items: &[TtItem]) -> String {
    let mut text = String::new();
    for item in items {
        let piece = match item {
            TtItem::Token(token) => token.text().to_string(),
            TtItem::Group(group) => group.text().to_string(),
        };
        if !text.is_empty() && items_need_space(&text, &piece) {
            text.push(' ');
        }
        text.push_str(&piece);
    }
    collapse_whitespace(&text)
}

/// Between two words a space, between punctuation none (`a::b`, `ForLt!(T)`).
fn items_need_space(before: &str, after: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '"';
    before.ends_with(word) && after.starts_with(word)
}

/// A string field's value, or its text when it is not one literal.
fn scalar_value(value: &[TtItem]) -> String {
    match value {
        [TtItem::Token(token)] => string_value(token).unwrap_or_else(|| token.text().to_string()),
        _ => items_text(value),
    }
}

/// A `[a, b, ..]` field's elements.
fn list_value(value: &[TtItem]) -> Vec<String> {
    match value {
        [TtItem::Group(group)] if group_delimiter(group) == Some(SyntaxKind::L_BRACK) => {
            tt_items(group)
                .split(|item| matches!(item, TtItem::Token(t) if t.kind() == SyntaxKind::COMMA))
                .filter(|element| !element.is_empty())
                .map(scalar_value)
                .collect()
        }
        _ => vec![scalar_value(value)],
    }
}

/// A `mod` declaration (a `MODULE` node).
pub(super) fn mod_declaration(node: &SyntaxNode, lines: &Lines) -> Option<ModDeclaration> {
    let module = ast::Module::cast(node.clone())?;
    let name = module.name()?.text().to_string();
    let offset = module
        .mod_token()
        .map_or(module.syntax().text_range().start(), |t| {
            t.text_range().start()
        });
    let mut declaration = ModDeclaration {
        name,
        line: lines.number_of(usize::from(offset)),
        inline: module.item_list().is_some(),
        ..ModDeclaration::default()
    };
    for attr in module.syntax().children().filter_map(ast::Attr::cast) {
        match attr.meta() {
            Some(ast::Meta::CfgMeta(cfg)) => {
                if let Some(predicate) = cfg.cfg_predicate() {
                    declaration
                        .cfg
                        .push(collapse_whitespace(&predicate.syntax().text().to_string()));
                }
            }
            Some(ast::Meta::KeyValueMeta(meta))
                if meta.path().is_some_and(|p| path_text(p.syntax()) == "path") =>
            {
                declaration.path = key_value_string(&meta);
            }
            _ => {}
        }
    }
    Some(declaration)
}

/// The first sentence of the file's inner docs (`//!`, `/*! */` at file level): up to the
/// first `.` followed by whitespace or the end, within the first paragraph.
pub(super) fn inner_doc_summary(root: &SyntaxNode) -> Option<String> {
    let mut doc = String::new();
    for element in root.children_with_tokens() {
        if let NodeOrToken::Token(token) = element {
            if let Some(text) = doc_comment_text(&token, true) {
                doc.push_str(&text);
                doc.push('\n');
            }
        }
    }
    let paragraph: Vec<&str> = doc
        .lines()
        .map(str::trim)
        .skip_while(|line| line.is_empty())
        .take_while(|line| !line.is_empty())
        .collect();
    let paragraph = paragraph.join(" ");
    let mut end = paragraph.len();
    let mut chars = paragraph.char_indices().peekable();
    while let Some((index, c)) = chars.next() {
        if c == '.' && chars.peek().is_none_or(|(_, next)| next.is_whitespace()) {
            end = index + 1;
            break;
        }
    }
    let sentence = collapse_whitespace(&paragraph[..end]);
    (!sentence.is_empty()).then_some(sentence)
}

/// The lints of [`super::RustFacts::file_lint_allows`].
pub(super) fn file_lint_allows(root: &SyntaxNode) -> Vec<String> {
    let mut lints = Vec::new();
    for attr in root.children().filter(|c| c.kind() == SyntaxKind::ATTR) {
        let text = attr.text().to_string();
        for lint in super::unsafety::SITE_LINTS {
            if super::unsafety::attribute_allows(&text, lint) && !lints.iter().any(|l| l == lint) {
                lints.push(lint.to_string());
            }
        }
    }
    lints
}

/// The string argument of an `include!("..")` invocation (a `MACRO_CALL` node).
pub(super) fn include(node: &SyntaxNode) -> Option<String> {
    let call = ast::MacroCall::cast(node.clone())?;
    if path_text(call.path()?.syntax()).trim_start_matches("::") != "include" {
        return None;
    }
    match tt_items(call.token_tree()?.syntax()).as_slice() {
        [TtItem::Token(token)] => string_value(token),
        _ => None,
    }
}

/// The line of a `mod` or `use` node if it declares a `bindings` of the file's own (see
/// [`super::RustFacts::local_bindings`]).
pub(super) fn local_binding(node: &SyntaxNode, lines: &Lines) -> Option<u32> {
    // The line of a `mod` is its keyword's, not that of the doc comments or attributes the
    // item starts with (as for `mod_declaration`).
    let mut at = node.text_range().start();
    let declares = if let Some(module) = ast::Module::cast(node.clone()) {
        if let Some(keyword) = module.mod_token() {
            at = keyword.text_range().start();
        }
        module.name().is_some_and(|n| n.text() == "bindings")
    } else if let Some(tree) = ast::UseTree::cast(node.clone()) {
        let renamed = tree
            .rename()
            .and_then(|r| r.name())
            .is_some_and(|n| n.text() == "bindings");
        renamed
            && tree
                .path()
                .map(|p| path_text(p.syntax()))
                .unwrap_or_default()
                .trim_start_matches("::")
                != "kernel::bindings"
    } else {
        false
    };
    declares.then(|| lines.number_of(usize::from(at)))
}
