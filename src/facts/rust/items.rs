//! Facts read from items, attributes, paths and doc comments: exported functions, module
//! macros, `mod` declarations, `bindings::` uses, doc examples, the lint attributes and the
//! file's summary line.

use std::collections::BTreeMap;

use ra_ap_syntax::ast::HasName;
use ra_ap_syntax::{
    ast, AstNode, AstToken, NodeOrToken, SourceFile, SyntaxKind, SyntaxNode, SyntaxToken,
};

use super::lines::Lines;
use super::macros::{group_delimiter, tt_items, TtItem};
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

/// `unsafe` keywords in the Rust code examples of doc comments.
pub(super) fn doctest_unsafe(root: &SyntaxNode) -> u32 {
    let mut examples = DocExamples::default();
    for element in root.descendants_with_tokens() {
        let NodeOrToken::Token(token) = element else {
            continue;
        };
        match token.kind() {
            SyntaxKind::WHITESPACE => {}
            SyntaxKind::COMMENT => {
                let doc =
                    doc_comment_text(&token, false).or_else(|| doc_comment_text(&token, true));
                match doc {
                    Some(text) => text.lines().for_each(|line| examples.line(line)),
                    None => examples.end_of_doc(),
                }
            }
            _ => examples.end_of_doc(),
        }
    }
    examples.end_of_doc();
    examples.unsafe_keywords
}

/// Code fences across the lines of one run of doc comments.
#[derive(Default)]
struct DocExamples {
    /// Inside a fence: whether its code is Rust, and the code so far.
    open: Option<(bool, String)>,
    unsafe_keywords: u32,
}

impl DocExamples {
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

    /// An unclosed fence ends with its doc comment, as in rustdoc.
    fn end_of_doc(&mut self) {
        self.close();
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

/// `#[allow(clippy::undocumented_unsafe_blocks)]` and `#[expect(..)]`, outer or inner, in
/// parsed attributes (`cfg_attr` included) and in macro token trees.
pub(super) fn safety_lint_attributes(root: &SyntaxNode) -> SafetyLintAttributes {
    let mut counts = SafetyLintAttributes::default();
    for node in root.descendants() {
        if let Some(attr) = ast::Attr::cast(node.clone()) {
            if let Some(meta) = attr.meta() {
                count_lint_meta(&meta, &mut counts);
            }
        } else if node.kind() == SyntaxKind::TOKEN_TREE
            && node
                .parent()
                .is_some_and(|p| p.kind() == SyntaxKind::TOKEN_TREE)
            && group_delimiter(&node) == Some(SyntaxKind::L_BRACK)
            && previous_solid(&node)
                .is_some_and(|k| matches!(k, SyntaxKind::POUND | SyntaxKind::BANG))
        {
            let items = tt_items(&node);
            let lint = node
                .text()
                .to_string()
                .contains("undocumented_unsafe_blocks");
            match items.first() {
                Some(TtItem::Token(t)) if lint && t.text() == "allow" => counts.allow += 1,
                Some(TtItem::Token(t)) if lint && t.text() == "expect" => counts.expect += 1,
                _ => {}
            }
        }
    }
    counts
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
            let lint = meta.token_tree().is_some_and(|tt| {
                tt.syntax()
                    .text()
                    .to_string()
                    .contains("undocumented_unsafe_blocks")
            });
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

/// The significant tokens of the file in order, `::` written as one token even where the
/// parser left two `:` (in token trees).
fn path_tokens(root: &SyntaxNode) -> Vec<(SyntaxKind, String, usize)> {
    let mut tokens: Vec<(SyntaxKind, String, usize, usize)> = Vec::new();
    for element in root.descendants_with_tokens() {
        let NodeOrToken::Token(token) = element else {
            continue;
        };
        let kind = token.kind();
        if matches!(kind, SyntaxKind::WHITESPACE | SyntaxKind::COMMENT) {
            continue;
        }
        let start = usize::from(token.text_range().start());
        let end = usize::from(token.text_range().end());
        if kind == SyntaxKind::COLON {
            if let Some(last) = tokens.last_mut() {
                if last.0 == SyntaxKind::COLON && last.2 == start {
                    *last = (SyntaxKind::COLON2, "::".into(), end, last.3);
                    continue;
                }
            }
        }
        tokens.push((kind, token.text().to_string(), end, start));
    }
    tokens
        .into_iter()
        .map(|(kind, text, _, start)| (kind, text, start))
        .collect()
}

/// `bindings::NAME` uses: NAME to count.
pub(super) fn bindings_uses(root: &SyntaxNode) -> BTreeMap<String, u32> {
    let mut uses = BTreeMap::new();
    for (_, name) in bindings_use_sites(root) {
        *uses.entry(name).or_insert(0) += 1;
    }
    uses
}

/// Each `bindings::NAME` use: the offset of its `bindings` token and NAME (one per name of a
/// use tree, all at the same offset).
pub(super) fn bindings_use_sites(root: &SyntaxNode) -> Vec<(usize, String)> {
    let tokens = path_tokens(root);
    let text = |i: usize| tokens.get(i).map_or("", |(_, t, _)| t.as_str());
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
            Some((SyntaxKind::IDENT, name, _)) => uses.push((at, name.clone())),
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
                            uses.push((at, name.clone()));
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

/// Functions with `#[no_mangle]`, `#[export_name]` (plain or `unsafe(..)`) or `#[export]`.
pub(super) fn exported_functions(root: &SyntaxNode, lines: &Lines) -> Vec<ExportedFunction> {
    let mut exported = Vec::new();
    for function in root.descendants().filter_map(ast::Fn::cast) {
        let Some(name) = function.name().map(|n| n.text().to_string()) else {
            continue;
        };
        for attr in function.syntax().children().filter_map(ast::Attr::cast) {
            let Some((attribute, export_name)) = attr.meta().and_then(|m| export_attribute(&m))
            else {
                continue;
            };
            let extern_c = function.abi().is_some_and(|abi| match abi.abi_string() {
                None => true,
                Some(s) => s.value().is_ok_and(|v| v == "C" || v == "C-unwind"),
            });
            let offset = function
                .fn_token()
                .map_or(function.syntax().text_range().start(), |t| {
                    t.text_range().start()
                });
            exported.push(ExportedFunction {
                symbol: export_name.unwrap_or_else(|| name.clone()),
                name: name.clone(),
                line: lines.number_of(usize::from(offset)),
                attribute,
                extern_c,
            });
            break;
        }
    }
    exported
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

/// Invocations of `module!` and `module_*!` with their fields.
pub(super) fn module_macros(root: &SyntaxNode, lines: &Lines) -> Vec<ModuleMacro> {
    let mut found = Vec::new();
    for call in root.descendants().filter_map(ast::MacroCall::cast) {
        let Some(macro_name) = call
            .path()
            .and_then(|p| p.segment())
            .and_then(|s| s.name_ref())
            .map(|n| n.text().to_string())
        else {
            continue;
        };
        if macro_name != "module" && !macro_name.starts_with("module_") {
            continue;
        }
        let Some(tree) = call.token_tree() else {
            continue;
        };
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
        found.push(module);
    }
    found
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

/// Every `mod` declaration, nested ones included.
pub(super) fn mod_declarations(root: &SyntaxNode, lines: &Lines) -> Vec<ModDeclaration> {
    let mut found = Vec::new();
    for module in root.descendants().filter_map(ast::Module::cast) {
        let Some(name) = module.name().map(|n| n.text().to_string()) else {
            continue;
        };
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
        found.push(declaration);
    }
    found
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
        for lint in ["missing_safety_doc", "undocumented_unsafe_blocks"] {
            if super::unsafety::attribute_allows(&text, lint) && !lints.iter().any(|l| l == lint) {
                lints.push(lint.to_string());
            }
        }
    }
    lints
}

/// The string arguments of `include!("..")` invocations.
pub(super) fn includes(root: &SyntaxNode) -> Vec<String> {
    root.descendants()
        .filter_map(ast::MacroCall::cast)
        .filter(|call| {
            call.path()
                .is_some_and(|p| path_text(p.syntax()).trim_start_matches("::") == "include")
        })
        .filter_map(|call| {
            let tree = call.token_tree()?;
            match tt_items(tree.syntax()).as_slice() {
                [TtItem::Token(token)] => string_value(token),
                _ => None,
            }
        })
        .collect()
}

/// The lines of [`super::RustFacts::local_bindings`].
pub(super) fn local_bindings(root: &SyntaxNode, lines: &Lines) -> Vec<u32> {
    let mut found = Vec::new();
    for node in root.descendants() {
        if let Some(module) = ast::Module::cast(node.clone()) {
            if module.name().is_some_and(|n| n.text() == "bindings") {
                found.push(lines.number_of(usize::from(node.text_range().start())));
            }
        } else if let Some(tree) = ast::UseTree::cast(node.clone()) {
            let renamed = tree
                .rename()
                .and_then(|r| r.name())
                .is_some_and(|n| n.text() == "bindings");
            let path = tree
                .path()
                .map(|p| path_text(p.syntax()))
                .unwrap_or_default();
            if renamed && path.trim_start_matches("::") != "kernel::bindings" {
                found.push(lines.number_of(usize::from(node.text_range().start())));
            }
        }
    }
    found
}
