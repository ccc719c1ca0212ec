//! The facts of one Rust file, as records: what [`rust_facts`](crate::facts::rust::rust_facts)
//! returns (re-exported by the parent module).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

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
    /// For a fn: it is an item of the file or of its inline modules (not a method of an impl
    /// or trait), so it is exported only if the file's module is (see `kcensus lint`). A
    /// method is exported with its type or trait, which a `pub use` may re-export from a
    /// private module: its module is not looked at.
    #[serde(default)]
    pub module_item: bool,
}

/// What a [`SafeCodeSite`] documents as if it were unsafe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SafeCodeKind {
    /// A `// SAFETY:` comment above a statement, tail expression or item that holds no
    /// unsafe block (clippy's `unnecessary_safety_comment`).
    Comment,
    /// A `# Safety` section in the docs of a safe fn (clippy's `unnecessary_safety_doc`).
    FnDoc,
    /// A `# Safety` section in the docs of a safe trait (clippy's `unnecessary_safety_doc`).
    TraitDoc,
}

/// Safe code documented as unsafe code is: a SAFETY comment or a `# Safety` section where
/// nothing is unsafe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafeCodeSite {
    /// Line (1-based) where the statement, expression or item starts (its attributes and
    /// doc comments not included), as clippy reports it.
    pub line: u32,
    /// Column (1-based, in characters) of that start.
    pub column: u32,
    /// The form.
    pub kind: SafeCodeKind,
    /// For a fn: whether clippy's doc pass looks at it, as [`UnsafeSite::exported`] tells
    /// for unsafe fns; for a trait: whether it is not `#[doc(hidden)]` (clippy looks at every
    /// trait); for a comment: `false`.
    pub exported: bool,
    /// For a comment: the item is the first of its file with nothing above it but the file's
    /// start. Clippy reads such a comment only in a crate root: in a module file it finds no
    /// item before and does not look.
    pub first_in_file: bool,
    /// Whether an attribute of an enclosing item, statement, module or of the file allows or
    /// expects the clippy lint that would report it.
    pub allowed: bool,
    /// For a fn: as [`UnsafeSite::module_item`].
    pub module_item: bool,
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

/// An exported function of the file named as a value, not called: `Some(f)`, a field of an
/// ops table, `write(Some(f))`: a callback Rust hands to C.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedFunctionValue {
    /// The function's Rust name (as in [`ExportedFunction::name`]).
    pub name: String,
    /// Line (1-based) of the name.
    pub line: u32,
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
    /// The inline modules (`mod m { .. }`) the declaration stands in, outermost first: a
    /// `mod x;` inside `mod gen { .. }` of `lib.rs` is `gen/x.rs` (the Rust reference's
    /// module path rules).
    #[serde(default)]
    pub within: Vec<EnclosingModule>,
    /// Whether the module is exported as far as its file tells: plain `pub`, inside `pub`
    /// inline modules only, outside function bodies, and neither it nor an enclosing module
    /// `#[doc(hidden)]` (what clippy's doc lints need of a module).
    #[serde(default)]
    pub exported: bool,
    /// Whether the declaration, an enclosing module or the file (`#![doc(hidden)]`) is
    /// `#[doc(hidden)]`, also inside `cfg_attr`: clippy's doc lints skip every fn with a
    /// `#[doc(hidden)]` parent, the methods of the module's types included.
    #[serde(default)]
    pub doc_hidden: bool,
}

/// An inline module (`mod m { .. }`) around a `mod` declaration.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnclosingModule {
    /// The module's name.
    pub name: String,
    /// Its `#[path = ".."]` value, if any: the folder its file modules live in, in place
    /// of its name.
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
    /// Clippy lints (`undocumented_unsafe_blocks`, `missing_safety_doc`,
    /// `unnecessary_safety_comment`, `unnecessary_safety_doc`) allowed or expected
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
    /// Paths named through the `kernel` crate, without `kernel::` (`sync::Arc`,
    /// `block::mq`; use trees spelled out), sorted and distinct: the `kernel` modules a driver
    /// uses.
    #[serde(default)]
    pub kernel_paths: Vec<String>,
    /// Safe code documented as if it were unsafe ([`SafeCodeSite`]), in file order.
    #[serde(default)]
    pub safety_on_safe_code: Vec<SafeCodeSite>,
    /// The places where the file names one of its own exported functions as a value (a
    /// path expression that is not a call's callee), in file order: callbacks handed to C.
    /// Only parsed code (not macro token trees).
    #[serde(default)]
    pub exported_function_values: Vec<ExportedFunctionValue>,
}
