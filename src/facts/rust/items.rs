//! Facts read from items, attributes and paths: exported functions, module macros, `mod`
//! declarations, includes, local `bindings`, `bindings::` uses and the file's summary line.

use ra_ap_syntax::ast::HasName;
use ra_ap_syntax::{ast, AstNode, NodeOrToken, SyntaxKind, SyntaxNode};

use super::docs::doc_comment_text;
use super::lines::Lines;
use super::syntax_text::{collapse_whitespace, key_value_string, path_text, string_value};
use super::token_trees::{group_delimiter, tt_items, TtItem};
use super::tokens::Token;
use super::types::{
    EnclosingModule, ExportAttribute, ExportedFunction, ExportedFunctionValue, ModDeclaration,
    ModuleMacro,
};
use super::unsafety::{has_doc_hidden, is_exported};

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

/// The paths a file names through the `kernel` crate (`kernel::sync::Arc`, each element of a
/// use tree `kernel::{block::mq, prelude::*}` spelled out: `block::mq`, `prelude`), without
/// the leading `kernel::`, sorted and distinct. A glob or `self` stands for the path before
/// it. Paths qualified by something else (`foo::kernel::x`, `self.kernel::`) are not the
/// crate's.
pub(super) fn kernel_paths(tokens: &[Token], text: &str) -> Vec<String> {
    if !text.contains("kernel") {
        return Vec::new();
    }
    let tokens = path_tokens(tokens, text);
    let mut out = Vec::new();
    for i in 0..tokens.len() {
        if tokens[i].1 != "kernel" || tokens.get(i + 1).map(|t| t.1) != Some("::") {
            continue;
        }
        if i >= 1 && matches!(tokens[i - 1].1, "::" | ".") {
            continue;
        }
        use_tree_paths(&tokens, i + 2, "", &mut out, 0);
    }
    out.sort();
    out.dedup();
    out
}

/// The paths of the use tree (or plain path) starting at token `at`, under `prefix`.
fn use_tree_paths(
    tokens: &[(SyntaxKind, &str, usize)],
    mut at: usize,
    prefix: &str,
    out: &mut Vec<String>,
    depth: usize,
) {
    // Use trees nest a few levels; a deeper one is malformed input, not kernel code.
    if depth > 16 {
        return;
    }
    let mut prefix = prefix.to_string();
    while let Some(&(kind, word, _)) = tokens.get(at) {
        match kind {
            SyntaxKind::IDENT => {
                prefix = if prefix.is_empty() {
                    word.to_string()
                } else {
                    format!("{prefix}::{word}")
                };
                if tokens.get(at + 1).map(|t| t.1) == Some("::") {
                    at += 2;
                    continue;
                }
            }
            SyntaxKind::L_CURLY => {
                // Each element of the group starts after `{` or a top-level `,`.
                let mut level = 0usize;
                let mut j = at;
                while let Some(&(kind, _, _)) = tokens.get(j) {
                    match kind {
                        SyntaxKind::L_CURLY => {
                            level += 1;
                            if level == 1 {
                                use_tree_paths(tokens, j + 1, &prefix, out, depth + 1);
                            }
                        }
                        SyntaxKind::R_CURLY => {
                            level -= 1;
                            if level == 0 {
                                break;
                            }
                        }
                        SyntaxKind::COMMA if level == 1 => {
                            use_tree_paths(tokens, j + 1, &prefix, out, depth + 1);
                        }
                        _ => {}
                    }
                    j += 1;
                }
                return;
            }
            _ => {}
        }
        break;
    }
    if !prefix.is_empty() {
        out.push(prefix);
    }
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

/// Whether `text` is one plain identifier (no path, no raw identifier, no space).
pub(super) fn is_identifier(text: &str) -> bool {
    let mut bytes = text.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The `path_values` (start, identifier) of the walk that name one of the file's `exported`
/// functions (by Rust name), in file order: the callbacks the file hands to C.
pub(super) fn exported_function_values(
    path_values: &[(usize, &str)],
    exported: &[ExportedFunction],
    lines: &Lines,
) -> Vec<ExportedFunctionValue> {
    if exported.is_empty() {
        return Vec::new();
    }
    path_values
        .iter()
        .filter(|(_, name)| exported.iter().any(|f| f.name == *name))
        .map(|&(offset, name)| ExportedFunctionValue {
            name: name.to_string(),
            line: lines.number_of(offset),
        })
        .collect()
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
        path: path_attribute(&module),
        within: enclosing_modules(&module),
        exported: is_exported(module.syntax()),
        doc_hidden: module.syntax().ancestors().any(|n| has_doc_hidden(&n)),
        ..ModDeclaration::default()
    };
    for attr in module.syntax().children().filter_map(ast::Attr::cast) {
        if let Some(ast::Meta::CfgMeta(cfg)) = attr.meta() {
            if let Some(predicate) = cfg.cfg_predicate() {
                declaration
                    .cfg
                    .push(collapse_whitespace(&predicate.syntax().text().to_string()));
            }
        }
    }
    Some(declaration)
}

/// A module's `#[path = ".."]` value.
fn path_attribute(module: &ast::Module) -> Option<String> {
    module
        .syntax()
        .children()
        .filter_map(ast::Attr::cast)
        .filter_map(|attr| match attr.meta() {
            Some(ast::Meta::KeyValueMeta(meta))
                if meta.path().is_some_and(|p| path_text(p.syntax()) == "path") =>
            {
                key_value_string(&meta)
            }
            _ => None,
        })
        .last()
}

/// The inline modules a module item stands in, outermost first. Only a chain of modules
/// counts: a `mod` inside a function body or block is outside the file-module rules.
fn enclosing_modules(module: &ast::Module) -> Vec<EnclosingModule> {
    let mut out = Vec::new();
    let mut node = module.syntax().parent();
    while let Some(list) = node.filter(|n| n.kind() == SyntaxKind::ITEM_LIST) {
        let Some(parent) = list.parent().and_then(ast::Module::cast) else {
            break;
        };
        out.push(EnclosingModule {
            name: parent
                .name()
                .map(|n| n.text().to_string())
                .unwrap_or_default(),
            path: path_attribute(&parent),
        });
        node = parent.syntax().parent();
    }
    out.reverse();
    out
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
/// [`super::types::RustFacts::local_bindings`]).
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
