//! Per-file Rust syntax facts: `unsafe` and its SAFETY documentation, the C boundary
//! (`bindings::` uses, exported symbols), module macros, `mod` declarations.
//!
//! ## Rust parser choice
//!
//! Rust files are parsed with `ra_ap_syntax`, rust-analyzer's parser published on crates.io.
//! It is lossless (every byte, comments and whitespace included, is a token in the tree, so a
//! SAFETY comment can be found next to the code it documents and every node has exact line
//! numbers), error tolerant (a file that does not parse still gives a full tree plus a list of
//! errors, never a failure), pure Rust (no C toolchain), fast (the 496 `.rs` files of 7.3 in
//! about a quarter of a second), and follows current Rust syntax (`unsafe extern` blocks,
//! `#[unsafe(no_mangle)]`). Like any parser that does not expand macros, it leaves the
//! insides of macro invocations and `macro_rules!` bodies as token trees, so a second,
//! token-level pass over those trees finds the `unsafe` blocks, impls and functions written
//! there (much of the kernel's `unsafe` is). `syn` was rejected: it stops at the first error
//! and drops comments, and SAFETY coverage is about comments. `tree-sitter-rust` keeps
//! comments and tolerates errors but needs a C build and lags the language. `ra_ap_syntax`
//! is pinned to an exact version (`=0.0.349`, the newest that builds with rustc 1.95; its
//! minor releases change the API freely); upgrading it is a deliberate change checked by the
//! tests in this module.
//!
//! ## One walk
//!
//! The facts cost little more than the parse because the tree is walked once (`walk.rs`): a
//! preorder over the green tree, which allocates nothing, building a cursor only for a node
//! or token a collector may want (its kind and text tell). Each collector of node facts
//! (exported functions, module macros, `mod` declarations, includes, local `bindings`, lint
//! attributes) takes its nodes as the walk enters them, so its list comes out in file order,
//! as `descendants()` would give it; the walk's test of a node must be implied by the
//! collector's own (a collector that starts to want other nodes says so in the walk). What
//! needs the whole file runs after the walk, on what the walk kept: the tokens that are not
//! whitespace (kind and range: the SAFETY comment search, code lines, the `bindings::`
//! scan), the `unsafe` keywords of parsed code, the macro token trees whose text holds
//! `unsafe`, and the attributes that allow the sites' lints. The invariants: every token is
//! seen once, in file order; text is read as slices of the file's text (the tree is
//! lossless, so a token's text is the file's text over its range), not copied; and no fact
//! family walks the tree again: what a site still reads of the tree (its ancestors up to the
//! enclosing function or statement, its siblings in a token tree) is bounded by the site.
//! The parser's own validation, run by `Parse::errors()` for [`RustFacts::parse_errors`], is
//! a walk of its own, about half the cost of the parse.
//!
//! The facts are a pure function of the file's bytes ([`rust_facts`]); nothing panics on any
//! input (bytes that are not UTF-8 are read lossily, and a parser panic, which should not
//! happen, is caught and reported as a parse error).

mod items;
mod lines;
mod macros;
mod safety;
mod unsafety;
mod walk;

use std::collections::BTreeMap;

use ra_ap_syntax::{AstNode, Edition, SourceFile};
use serde::{Deserialize, Serialize};

use lines::Lines;
use safety::CommentSearch;
use unsafety::LintAllows;

/// Counts of each form of `unsafe` in a file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnsafeCounts {
    /// `unsafe { .. }` blocks.
    pub blocks: u32,
    /// `unsafe fn` with a body.
    pub fns_with_body: u32,
    /// `unsafe fn` without a body (in traits and `extern` blocks).
    pub fns_without_body: u32,
    /// `unsafe trait` (and `unsafe auto trait`).
    pub traits: u32,
    /// `unsafe impl`.
    pub impls: u32,
    /// `unsafe extern "ABI" { .. }` blocks.
    pub extern_blocks: u32,
    /// Unsafe attributes: `#[unsafe(no_mangle)]`, `#[unsafe(export_name = ..)]`,
    /// `#[unsafe(link_section = ..)]` and any other `#[unsafe(..)]`.
    pub attributes: u32,
    /// Unsafe function pointer types, `unsafe extern "C" fn(..)` (not functions: these are
    /// counted so that `grep_lines` can be explained).
    pub fn_pointer_types: u32,
    /// `unsafe` keywords in none of the forms above (e.g. in a `macro_rules!` matcher).
    pub other: u32,
}

/// How much of the file's `unsafe` is documented as the kernel requires.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafetyCoverage {
    /// Unsafe blocks (of [`UnsafeCounts::blocks`]) with a `// SAFETY:` comment, found as
    /// clippy's `undocumented_unsafe_blocks` finds it.
    pub documented_blocks: u32,
    /// Of those, the blocks inside macro bodies and invocations.
    pub documented_blocks_in_macros: u32,
    /// `unsafe impl`s with a `// SAFETY:` comment.
    pub documented_impls: u32,
    /// `unsafe fn`s whose doc comment has a `# Safety` section.
    pub fns_with_safety_section: u32,
    /// `unsafe trait`s whose doc comment has a `# Safety` section.
    pub traits_with_safety_section: u32,
    /// Lines (1-based) of the `unsafe` keyword of each undocumented block.
    pub undocumented_block_lines: Vec<u32>,
    /// Lines (1-based) of the `unsafe` keyword of each undocumented `unsafe impl`.
    pub undocumented_impl_lines: Vec<u32>,
}

/// The form of an `unsafe` keyword at an [`UnsafeSite`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnsafeKind {
    /// `unsafe { .. }`.
    Block,
    /// `unsafe fn`, with or without a body.
    Fn,
    /// `unsafe trait`.
    Trait,
    /// `unsafe impl`.
    Impl,
    /// `unsafe extern "ABI" { .. }`.
    ExternBlock,
    /// `#[unsafe(..)]`.
    Attribute,
}

/// Where one `unsafe` keyword of a form in [`UnsafeKind`] is, and whether it is documented.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnsafeSite {
    /// Line (1-based) of the `unsafe` keyword.
    pub line: u32,
    /// Column (1-based, in characters) of the `unsafe` keyword.
    pub column: u32,
    /// The form.
    pub kind: UnsafeKind,
    /// Whether it is inside a macro body or invocation (found by the token-level pass).
    pub in_macro: bool,
    /// For a block or impl: whether a `// SAFETY:` comment documents it (as counted in
    /// [`SafetyCoverage`]); for a fn or trait: whether its docs have a `# Safety` section;
    /// `false` for the other forms.
    pub documented: bool,
    /// For a fn or trait: whether clippy's `missing_safety_doc` would look at it, as far as
    /// one file tells: a plain `pub` item (not `pub(crate)` and the like) outside function
    /// bodies and private inline modules, a method of an inherent impl marked `pub`, or an
    /// item of a `pub` trait; not items of trait impls nor of `extern` blocks. In macro
    /// bodies and invocations: an item written right after a plain `pub`. `false` for the
    /// other forms.
    pub exported: bool,
    /// Whether an attribute of an enclosing item, statement, module or of the file allows
    /// or expects the clippy lint that would report it (`undocumented_unsafe_blocks` for a
    /// block or impl, `missing_safety_doc` for a fn or trait).
    pub allowed: bool,
}

/// Where one `bindings::NAME` use is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BindingsSite {
    /// Line (1-based) of the `bindings` token.
    pub line: u32,
    /// Column (1-based, in characters) of the `bindings` token.
    pub column: u32,
    /// The name used (`NAME` of `bindings::NAME`; each name of a use tree).
    pub name: String,
}

/// Attributes that switch off the SAFETY-comment lint.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafetyLintAttributes {
    /// `#[allow(clippy::undocumented_unsafe_blocks)]` (outer or inner).
    pub allow: u32,
    /// `#[expect(clippy::undocumented_unsafe_blocks)]` (outer or inner).
    pub expect: u32,
}

/// Which attribute exports a function under a fixed symbol name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportAttribute {
    /// `#[no_mangle]`.
    NoMangle,
    /// `#[unsafe(no_mangle)]`.
    UnsafeNoMangle,
    /// `#[export_name = ".."]`.
    ExportName,
    /// `#[unsafe(export_name = "..")]`.
    UnsafeExportName,
    /// The kernel's `#[export]` (from the `macros` crate), which checks the signature against
    /// the C declaration and exports the function unmangled.
    KernelExport,
}

/// A function exported under a fixed symbol, callable from C.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedFunction {
    /// The function's Rust name.
    pub name: String,
    /// The symbol: the `export_name` if given, else the name.
    pub symbol: String,
    /// Line (1-based) of the `fn` keyword.
    pub line: u32,
    /// The exporting attribute.
    pub attribute: ExportAttribute,
    /// Whether the function is `extern "C"` (or plain `extern`, which means C).
    pub extern_c: bool,
}

/// An invocation of a module-defining macro: `module!` or any `module_*!`
/// (`module_platform_driver!`, `module_pci_driver!`, `module_phy_driver!`, ...).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleMacro {
    /// The macro's name, without `!` or path (`module_pci_driver`).
    pub macro_name: String,
    /// Line (1-based) of the invocation.
    pub line: u32,
    /// The `type:` field, as written (whitespace collapsed).
    pub module_type: Option<String>,
    /// The `name:` field's string (byte strings accepted).
    pub name: Option<String>,
    /// The `authors: [..]` list.
    pub authors: Option<Vec<String>>,
    /// The `author: ".."` string of older trees.
    pub author: Option<String>,
    /// The `description:` string.
    pub description: Option<String>,
    /// The `license:` string.
    pub license: Option<String>,
    /// The `drivers: [..]` list (types, as written), as `module_phy_driver!` has.
    pub drivers: Option<Vec<String>>,
}

/// A `mod` declaration.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModDeclaration {
    /// The module's name.
    pub name: String,
    /// Line (1-based) of the `mod` keyword.
    pub line: u32,
    /// Whether the body is inline (`mod m { .. }`) rather than in another file (`mod m;`).
    pub inline: bool,
    /// The predicate of each `#[cfg(..)]` on it, whitespace collapsed (`CONFIG_NET`,
    /// `CONFIG_DRM = "y"`).
    pub cfg: Vec<String>,
    /// The `#[path = ".."]` value, if any.
    pub path: Option<String>,
}

/// One parse error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParseError {
    /// Line (1-based) where the parser noticed it.
    pub line: u32,
    /// The parser's message.
    pub message: String,
}

/// The parse errors of a file (never fatal: the facts come from the error-tolerant tree).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParseErrors {
    /// How many errors.
    pub count: u32,
    /// The first few ([`MAX_REPORTED_PARSE_ERRORS`]).
    pub first: Vec<ParseError>,
}

/// How many parse errors [`ParseErrors::first`] keeps.
pub const MAX_REPORTED_PARSE_ERRORS: usize = 5;

/// What the syntax of one Rust file says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RustFacts {
    /// Every form of `unsafe` in code, including what the token-level pass finds in macro
    /// bodies and invocations.
    pub unsafe_counts: UnsafeCounts,
    /// The part of [`RustFacts::unsafe_counts`] found inside macro bodies (`macro_rules!`)
    /// and macro invocations (`foo!(..)`), where the parser sees only tokens.
    /// `unsafe_in_macros.blocks` is the count of blocks in macros.
    pub unsafe_in_macros: UnsafeCounts,
    /// Lines inside unsafe blocks (from the `unsafe` keyword to the closing brace) that hold
    /// code, cloc's notion: not blank and not only comment. A line in nested blocks counts once.
    pub code_lines_in_unsafe_blocks: u32,
    /// SAFETY comments and `# Safety` sections.
    pub safety: SafetyCoverage,
    /// `unsafe` keywords in code examples of doc comments (```` ``` ```` blocks in `///`,
    /// `//!`, `/** */`, `/*! */`), never counted as code.
    pub doctest_unsafe: u32,
    /// Attributes that allow or expect `clippy::undocumented_unsafe_blocks`.
    pub safety_lint_attributes: SafetyLintAttributes,
    /// Lines whose text contains `unsafe` anywhere (strings and comments too): what
    /// `grep -c unsafe` gives.
    pub grep_lines: u32,
    /// Uses of `bindings::NAME` (also `kernel::bindings::`, `crate::bindings::`, in `use`
    /// trees and macro token trees): NAME to count.
    pub bindings_uses: BTreeMap<String, u32>,
    /// Functions exported under a fixed symbol.
    pub exported_functions: Vec<ExportedFunction>,
    /// Module-defining macro invocations.
    pub module_macros: Vec<ModuleMacro>,
    /// `mod` declarations, nested ones included, in file order.
    pub mod_declarations: Vec<ModDeclaration>,
    /// The first sentence of the file's inner docs (`//!`), or their first paragraph.
    pub inner_doc_summary: Option<String>,
    /// Parse errors.
    pub parse_errors: ParseErrors,
    /// Each `unsafe` block, fn, trait, impl, extern block and attribute, in file order (line,
    /// column), with its documentation: what a lint reports.
    pub unsafe_sites: Vec<UnsafeSite>,
    /// Each `bindings::NAME` use ([`RustFacts::bindings_uses`] counts them), in file order.
    pub bindings_sites: Vec<BindingsSite>,
    /// Clippy lints (`undocumented_unsafe_blocks`, `missing_safety_doc`) allowed or expected
    /// for the whole file by its inner attributes (`#![allow(clippy::..)]`), sorted.
    pub file_lint_allows: Vec<String>,
    /// The paths of `include!("..")` invocations, as written.
    pub includes: Vec<String>,
    /// Lines (1-based) where the file declares a `bindings` of its own: `mod bindings`, or
    /// `use PATH as bindings` with a PATH other than `kernel::bindings`.
    pub local_bindings: Vec<u32>,
    /// `fn` items with a body in parsed code: free functions, methods, trait default methods
    /// and nested functions (not declarations without a body, not closures, not functions
    /// written inside macro invocations or `macro_rules!`, which stay token trees).
    #[serde(default)]
    pub fn_definitions: u32,
}

/// Largest file whose Rust facts are extracted. The parser holds about 75 bytes per input
/// byte, so this keeps one file under about 300 MB; the kernel's largest `.rs` file is under
/// 300 KB. A larger file gets empty facts and a parse error saying why.
pub const MAX_PARSED_BYTES: usize = 4 * 1024 * 1024;

/// Bracket nesting up to which a file is parsed on the calling thread. The parser and the
/// syntax tree recurse once per level (about 700 bytes of stack each, measured), and worker
/// threads have 2 MB stacks.
const NESTING_ON_CALLER_STACK: usize = 256;

/// Bracket nesting beyond which a file is not parsed (no real code comes near).
pub const MAX_NESTING: usize = 20_000;

/// Stack given per level of nesting to a file parsed on its own thread, with a safety margin.
const STACK_PER_LEVEL: usize = 4 * 1024;

/// The Rust facts of a file's bytes. Pure; never panics; never fails (see
/// [`RustFacts::parse_errors`]). Deeply nested files are parsed on a thread with a stack
/// sized for them; files beyond [`MAX_PARSED_BYTES`] or [`MAX_NESTING`] are not parsed.
pub fn rust_facts(bytes: &[u8]) -> RustFacts {
    let grep_lines = count_grep_lines(bytes);
    let depth = nesting_depth(bytes);
    let mut facts = if bytes.len() > MAX_PARSED_BYTES {
        unparsed(format!(
            "larger than {} MB: Rust facts not extracted",
            MAX_PARSED_BYTES / (1024 * 1024)
        ))
    } else if depth > MAX_NESTING {
        unparsed(format!(
            "brackets nested deeper than {MAX_NESTING} levels: Rust facts not extracted"
        ))
    } else if depth <= NESTING_ON_CALLER_STACK {
        parse_guarded(bytes)
    } else {
        let stack = 8 * 1024 * 1024 + depth * STACK_PER_LEVEL;
        std::thread::scope(|scope| {
            std::thread::Builder::new()
                .name("deep-rust-file".into())
                .stack_size(stack)
                .spawn_scoped(scope, || parse_guarded(bytes))
                .ok()
                .and_then(|thread| thread.join().ok())
        })
        .unwrap_or_else(|| unparsed("no thread with a large enough stack for its nesting".into()))
    };
    facts.grep_lines = grep_lines;
    facts
}

/// Parse and collect, a parser panic (which should not happen) turned into a parse error.
fn parse_guarded(bytes: &[u8]) -> RustFacts {
    let text = String::from_utf8_lossy(bytes);
    std::panic::catch_unwind(|| facts_of_text(&text))
        .unwrap_or_else(|_| unparsed("the Rust parser panicked on this file".into()))
}

/// Empty facts with one parse error saying why the file was not parsed.
fn unparsed(message: String) -> RustFacts {
    RustFacts {
        parse_errors: ParseErrors {
            count: 1,
            first: vec![ParseError { line: 1, message }],
        },
        ..RustFacts::default()
    }
}

/// The deepest nesting of `(`, `[` and `{` in the bytes (strings and comments included: an
/// upper bound of the syntax tree's depth).
fn nesting_depth(bytes: &[u8]) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for &b in bytes {
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// Lines containing `unsafe`, as `grep -c unsafe` counts them.
fn count_grep_lines(bytes: &[u8]) -> u32 {
    let finder = memchr::memmem::Finder::new(b"unsafe");
    let count = bytes
        .split(|&b| b == b'\n')
        .filter(|line| finder.find(line).is_some())
        .count();
    u32::try_from(count).unwrap_or(u32::MAX)
}

/// Everything the file's text needs, shared by the passes.
pub(crate) struct FileContext<'a> {
    pub(crate) lines: &'a Lines<'a>,
    pub(crate) comments: CommentSearch<'a>,
    pub(crate) code_lines: Vec<bool>,
    pub(crate) lint_allows: LintAllows,
}

fn facts_of_text(text: &str) -> RustFacts {
    let parse = SourceFile::parse(text, Edition::Edition2021);
    let root = parse.tree().syntax().clone();
    let lines = Lines::new(text);
    let mut facts = RustFacts::default();
    let walked = walk::walk(&root, text, &lines, &mut facts);
    let context = FileContext {
        comments: CommentSearch::new(&walked.tokens, &lines, text),
        code_lines: lines::code_lines(&walked.tokens, &lines),
        lines: &lines,
        lint_allows: walked.lint_allows,
    };

    let mut block_lines = vec![false; lines.count()];
    unsafety::code_unsafe(
        &walked.unsafe_keywords,
        &context,
        &mut facts,
        &mut block_lines,
    );
    macros::macro_unsafe(&walked.macro_trees, &context, &mut facts, &mut block_lines);
    facts.code_lines_in_unsafe_blocks = u32::try_from(
        block_lines
            .iter()
            .zip(&context.code_lines)
            .filter(|(inside, code)| **inside && **code)
            .count(),
    )
    .unwrap_or(u32::MAX);
    facts.safety.undocumented_block_lines.sort_unstable();
    facts.safety.undocumented_impl_lines.sort_unstable();
    facts
        .unsafe_sites
        .sort_by_key(|site| (site.line, site.column, site.kind));

    for (offset, name) in items::bindings_use_sites(&walked.tokens, text) {
        *facts.bindings_uses.entry(name.clone()).or_insert(0) += 1;
        facts.bindings_sites.push(BindingsSite {
            line: lines.number_of(offset),
            column: lines.column_of(offset),
            name,
        });
    }
    facts.file_lint_allows = items::file_lint_allows(&root);
    facts.inner_doc_summary = items::inner_doc_summary(&root);

    let errors = parse.errors();
    facts.parse_errors = ParseErrors {
        count: u32::try_from(errors.len()).unwrap_or(u32::MAX),
        first: errors
            .iter()
            .take(MAX_REPORTED_PARSE_ERRORS)
            .map(|error| ParseError {
                line: lines.number_of(usize::from(error.range().start())),
                message: error.to_string(),
            })
            .collect(),
    };
    facts
}

#[cfg(test)]
mod tests;
