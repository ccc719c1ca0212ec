//! The report's JSON layout: the SCHEMA.md contract. Only types and their serde attributes
//! live here (plus the small sums they are built from); the analyses that fill them are the
//! sibling modules.

use crate::facts::rust::RustFacts;
use crate::facts::LineCounts;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Version of the report's JSON layout (SCHEMA.md). Bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// blank/comment/code plus a file count.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct Lines {
    /// Files.
    pub files: u64,
    /// Blank lines (cloc's rules).
    pub blank: u64,
    /// Comment lines (cloc's rules).
    pub comment: u64,
    /// Code lines (cloc's rules).
    pub code: u64,
}

impl Lines {
    pub(super) fn add_file(&mut self, lines: &LineCounts) {
        self.files += 1;
        self.blank += lines.blank;
        self.comment += lines.comment;
        self.code += lines.code;
    }
}

/// `unsafe` and SAFETY figures, summed over some files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct UnsafeFigures {
    /// `unsafe { }` blocks (macro bodies and invocations included).
    pub blocks: u64,
    /// The blocks found inside macro bodies and invocations.
    pub blocks_in_macros: u64,
    /// `unsafe fn`, with or without a body.
    pub fns: u64,
    /// `unsafe trait`.
    pub traits: u64,
    /// `unsafe impl`.
    pub impls: u64,
    /// `unsafe extern` blocks.
    pub extern_blocks: u64,
    /// `#[unsafe(..)]` attributes.
    pub attributes: u64,
    /// Code lines inside unsafe blocks.
    pub lines_in_blocks: u64,
    /// Blocks preceded by a `// SAFETY:` comment (clippy's rules).
    pub blocks_with_safety_comment: u64,
    /// `unsafe impl`s preceded by a `// SAFETY:` comment.
    pub impls_with_safety_comment: u64,
    /// `unsafe fn`s whose docs have a `# Safety` section.
    pub fns_with_safety_doc: u64,
    /// `unsafe` in doc-comment code examples (not code).
    pub doctest_unsafe: u64,
    /// `#[allow]`/`#[expect]` of `clippy::undocumented_unsafe_blocks`.
    pub lint_allowances: u64,
    /// Lines containing the text `unsafe` (the naive `grep` measure).
    pub grep_lines: u64,
    /// `unsafe` blocks per 1,000 code lines (0 when there is no code).
    pub blocks_per_kloc: f64,
}

impl UnsafeFigures {
    pub(super) fn add(&mut self, facts: &RustFacts) {
        let u = &facts.unsafe_counts;
        self.blocks += u64::from(u.blocks);
        self.blocks_in_macros += u64::from(facts.unsafe_in_macros.blocks);
        self.fns += u64::from(u.fns_with_body + u.fns_without_body);
        self.traits += u64::from(u.traits);
        self.impls += u64::from(u.impls);
        self.extern_blocks += u64::from(u.extern_blocks);
        self.attributes += u64::from(u.attributes);
        self.lines_in_blocks += u64::from(facts.code_lines_in_unsafe_blocks);
        self.blocks_with_safety_comment += u64::from(facts.safety.documented_blocks);
        self.impls_with_safety_comment += u64::from(facts.safety.documented_impls);
        self.fns_with_safety_doc += u64::from(facts.safety.fns_with_safety_section);
        self.doctest_unsafe += u64::from(facts.doctest_unsafe);
        self.lint_allowances +=
            u64::from(facts.safety_lint_attributes.allow + facts.safety_lint_attributes.expect);
        self.grep_lines += u64::from(facts.grep_lines);
    }

    pub(super) fn finish(mut self, code: u64) -> Self {
        self.blocks_per_kloc = if code == 0 {
            0.0
        } else {
            (self.blocks as f64 * 1000.0 / code as f64 * 100.0).round() / 100.0
        };
        self
    }
}

/// The figures every row of the report has: lines, `unsafe { }` blocks, the full `unsafe`
/// figures. Flattened into its row, so the JSON keys stay those of the row (`files`, `blank`,
/// `comment`, `code`, `unsafe_blocks`, `unsafe`), in that order. `L` is [`Lines`] (with a file
/// count) for groups of files, [`LineCounts`] for one file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CodeFigures<L = Lines> {
    /// Lines (and files, for a group).
    #[serde(flatten)]
    pub lines: L,
    /// `unsafe { }` blocks.
    pub unsafe_blocks: u64,
    /// Full `unsafe` figures.
    #[serde(rename = "unsafe")]
    pub unsafe_figures: UnsafeFigures,
}

impl<L> CodeFigures<L> {
    /// The figures of `lines` with `code` code lines and the summed `unsafe` figures (whose
    /// per-kloc rate is computed here).
    pub(super) fn new(lines: L, code: u64, figures: UnsafeFigures) -> Self {
        CodeFigures {
            lines,
            unsafe_blocks: figures.blocks,
            unsafe_figures: figures.finish(code),
        }
    }
}

/// One of the report's areas.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Area {
    /// `rust/kernel`, `rust/pin-init`, `rust/macros`, `vendored`, `rust (other)`, `drivers`,
    /// `samples/rust`, `other`.
    pub area: AreaName,
    /// Whether the area is third-party code.
    pub vendored: bool,
    /// Files, lines and `unsafe`.
    #[serde(flatten)]
    pub figures: CodeFigures,
    /// Distinct `bindings::` names used, and uses.
    pub bindings_names: u64,
    /// Total `bindings::` uses.
    pub bindings_uses: u64,
}

/// The areas, in report order.
/// A vendored third-party crate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct VendoredCrate {
    /// Crate name as its README gives it.
    pub name: String,
    /// Version, when the README states one.
    pub version: Option<String>,
    /// Folder.
    pub path: String,
    /// Rust files.
    pub files: u64,
    /// Rust code lines.
    pub code: u64,
}

/// A Rust crate found in the tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Crate {
    /// Crate name (`kernel`, `macros`, `rust_binder`, ...).
    pub name: String,
    /// Root file.
    pub root: String,
    /// How the root was found.
    pub found_by: FoundBy,
    /// The Kconfig symbol that builds it, when Kbuild says: of an `ifdef CONFIG_X` around its
    /// `obj-` line, else of its own line as a composite's part, else of the `obj-` line (the
    /// module's, for a part linked into a C module).
    pub kconfig: Option<String>,
    /// Whether its object is linked into a C module rather than built as its own.
    pub linked_into_c: bool,
    /// Files reached from the root by `mod` declarations and `include!` (root included).
    pub files: Vec<String>,
}

/// How a crate's root was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub enum FoundBy {
    /// A crate rust/Makefile has rules for.
    #[serde(rename = "rust/Makefile")]
    RustMakefile,
    /// `rust/X.rs`, `rust/X/lib.rs` or `rust/X/src/lib.rs`.
    #[serde(rename = "rust/ layout")]
    RustLayout,
    /// An object a Makefile or Kbuild lists.
    #[serde(rename = "Kbuild")]
    Kbuild,
    /// A Rust host program (`hostprogs` with `X-rust := y`).
    #[serde(rename = "Kbuild (host program)")]
    KbuildHostProgram,
}

/// A module of the `kernel` crate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Module {
    /// Module path below the crate (`sync::lock::spinlock`).
    pub path: String,
    /// Files of the module itself (not its submodules): its file, then those its text reads
    /// with `include!("file")`. Serialized as `paths`: the flattened
    /// [`Lines`] already has a `files` key (the count), and a JSON object must not hold the
    /// same key twice.
    #[serde(rename = "paths")]
    pub files: Vec<String>,
    /// `#[cfg(..)]` conditions on its declaration.
    pub cfg: Vec<String>,
    /// First sentence of its `//!` docs.
    pub doc: Option<String>,
    /// Subsystem category, from the category table (`Uncategorized` when none fits).
    pub category: String,
    /// Files, lines and `unsafe` of its files.
    #[serde(flatten)]
    pub figures: CodeFigures,
    /// Total `bindings::` uses.
    pub bindings_uses: u64,
    /// MAINTAINERS entries that cover its first file, most specific first.
    pub maintainers_entries: Vec<String>,
}

/// A Rust crate outside `rust/`: a driver, a sample, a library user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Driver {
    /// Root file.
    pub root: String,
    /// Crate name.
    pub crate_name: String,
    /// `drivers`, `samples`, `lib`, `mm`, ... (first path component).
    pub kind: String,
    /// Module macro used (`module_pci_driver`, `module`, ...), if any.
    #[serde(rename = "macro")]
    pub macro_name: Option<String>,
    /// `name:` of the module macro.
    pub name: Option<String>,
    /// Authors (`authors:` list or `author:`).
    pub authors: Vec<String>,
    /// `description:`.
    pub description: Option<String>,
    /// `license:`.
    pub license: Option<String>,
    /// Kconfig symbol that builds it.
    pub kconfig: Option<String>,
    /// The symbol's prompt.
    pub kconfig_prompt: Option<String>,
    /// Linked into a C module (no module of its own).
    pub linked_into_c: bool,
    /// Files of the crate. Serialized as `paths`, since the flattened [`Lines`] has `files`.
    #[serde(rename = "paths")]
    pub files: Vec<String>,
    /// Files, lines and `unsafe` of its files.
    #[serde(flatten)]
    pub figures: CodeFigures,
    /// Total direct `bindings::` uses.
    pub bindings_uses: u64,
    /// The `bindings::` names it uses directly.
    pub bindings_names: Vec<String>,
}

/// A Rust function C can call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Export {
    /// Symbol name.
    pub symbol: String,
    /// File that defines it.
    pub file: String,
    /// Line of its `fn`.
    pub line: u32,
    /// `module lifecycle` (init/exit generated by a module macro) or `other`.
    pub kind: ExportKind,
    /// Attribute that exports it (`no_mangle`, `export`, ... or the macro).
    pub via: String,
    /// C files that mention the symbol as a call (only for `other`).
    pub c_callers: Vec<String>,
    /// Where C files reference the symbol other than by a call: the name used as a value
    /// (`.show = f`, `&f`, an argument) or built by a macro's token pasting
    /// (`DEFINE_SHOW_ATTRIBUTE(x)` builds `x_show`; one level, see
    /// `crate::facts::c_references`). Only for `other`.
    #[serde(default)]
    pub referenced_by_c: Vec<SourceLine>,
    /// Where the defining file names the function as a value, not a call (`Some(f)`, an ops
    /// table's field): a callback Rust hands to C, which C calls through a pointer.
    #[serde(default)]
    pub handed_to_c: Vec<SourceLine>,
    /// How C reaches the function, from the above (the first that applies).
    #[serde(default)]
    pub c_use: ExportCUse,
}

/// A line of a file.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct SourceLine {
    /// Path of the file.
    pub file: String,
    /// Line (1-based).
    pub line: u32,
}

impl ExportCUse {
    /// The name the JSON gives it.
    pub fn as_str(self) -> &'static str {
        match self {
            ExportCUse::CalledByC => "called_by_c",
            ExportCUse::ReferencedByC => "referenced_by_c",
            ExportCUse::HandedToC => "handed_to_c",
            ExportCUse::None => "none",
        }
    }
}

/// How C reaches an exported Rust function, as far as the sources show.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ExportCUse {
    /// A C file calls it by name (`c_callers`), or, for a module's init/exit, the module
    /// loader does.
    CalledByC,
    /// A C file takes its address (`referenced_by_c`): an ops table's initialiser, an
    /// argument, a name a macro builds; C calls it through that pointer.
    ReferencedByC,
    /// Rust hands it to C as a function pointer (`handed_to_c`), and C calls it through that.
    HandedToC,
    /// No C use seen: called only from Rust, named for tools (`ps`), or reached in a way
    /// not searched for (a name built by nested macros, or in a header).
    #[default]
    None,
}

/// Why a Rust function is callable from C. Ordered as the exports are listed.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
pub enum ExportKind {
    /// The init/exit functions a module macro generates.
    #[serde(rename = "module lifecycle")]
    ModuleLifecycle,
    /// Any other exported function (`#[no_mangle]`, `#[export]`, ...).
    #[serde(rename = "other")]
    Other,
}

/// What crosses from Rust to C.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Bindings {
    /// Headers `rust/bindings/bindings_helper.h` includes.
    pub helper_headers: Vec<String>,
    /// Headers `rust/uapi/uapi_helper.h` includes.
    pub uapi_headers: Vec<String>,
    /// C helper functions (`rust_helper_*`) in `rust/helpers*.c`.
    pub helper_c_functions: Vec<String>,
    /// Distinct `bindings::` names used anywhere (the "wrapped API" measure).
    pub distinct_names: u64,
    /// Distinct `bindings::` names used in `rust/kernel`.
    pub distinct_names_in_kernel_crate: u64,
    /// Uses by area.
    pub uses_by_area: BTreeMap<String, u64>,
}

/// An architecture whose Kconfig selects HAVE_RUST: one per `arch/` folder, however many
/// `select HAVE_RUST` lines it has (7.3's powerpc has two).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Architecture {
    /// `arch/` folder name.
    pub arch: String,
    /// The condition HAVE_RUST is selected under: the `if` conditions of the architecture's
    /// `select HAVE_RUST` lines joined with `||` (`PPC32 || (PPC64 && CPU_LITTLE_ENDIAN)`);
    /// null when a line has no condition.
    pub condition: Option<String>,
    /// Each `select HAVE_RUST` line's condition, in file order; null for a line without one.
    pub conditions: Vec<Option<String>>,
}

impl Architecture {
    /// One architecture from the conditions of its `select HAVE_RUST` lines, in file order.
    pub fn from_selects(arch: &str, conditions: Vec<Option<String>>) -> Architecture {
        let condition = if conditions.iter().any(Option::is_none) {
            None
        } else {
            let mut distinct: Vec<&str> = Vec::new();
            for c in conditions.iter().flatten() {
                if !distinct.contains(&c.as_str()) {
                    distinct.push(c);
                }
            }
            let several = distinct.len() > 1;
            let joined: Vec<String> = distinct
                .iter()
                .map(|c| {
                    // `&&` binds tighter than `||`, but parentheses spare the reader the rule.
                    if several && (c.contains("&&") || c.contains("||")) {
                        format!("({c})")
                    } else {
                        c.to_string()
                    }
                })
                .collect();
            (!joined.is_empty()).then(|| joined.join(" || "))
        };
        Architecture {
            arch: arch.to_string(),
            condition,
            conditions,
        }
    }
}

/// The architectures the kernel's documentation lists, against those its Kconfig enables.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ArchitectureDocs {
    /// The document: `Documentation/rust/arch-support.rst`.
    pub path: String,
    /// The architectures its table lists, sorted.
    pub documented: Vec<String>,
    /// Architectures whose Kconfig selects HAVE_RUST that the table does not list, sorted.
    pub undocumented: Vec<String>,
    /// Architectures the table lists whose Kconfig does not select HAVE_RUST, sorted.
    pub documented_only: Vec<String>,
}

impl ArchitectureDocs {
    /// Whether the documentation and Kconfig name the same architectures.
    pub fn agrees(&self) -> bool {
        self.undocumented.is_empty() && self.documented_only.is_empty()
    }
}

/// Build requirements.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Toolchain {
    /// Minimum rustc version.
    pub rustc: Option<String>,
    /// Minimum bindgen version.
    pub bindgen: Option<String>,
    /// Lines of `rust/Makefile`.
    pub rust_makefile_lines: u64,
    /// Kconfig symbols that depend on RUST.
    pub kconfig_symbols_depending_on_rust: Vec<String>,
}

/// One Rust file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RustFile {
    /// Path.
    pub path: String,
    /// Crate it belongs to, if reached from one.
    #[serde(rename = "crate")]
    pub crate_name: Option<String>,
    /// Area.
    pub area: AreaName,
    /// Git blob id of its content (hex): the same content has the same id in any tree, so
    /// moved files can be told from removed and added ones.
    pub blob: String,
    /// Lines (no file count: it is one file) and `unsafe`.
    #[serde(flatten)]
    pub figures: CodeFigures<LineCounts>,
    /// `bindings::` uses.
    pub bindings_uses: u64,
    /// Parse errors.
    pub parse_errors: u32,
}

/// One language's lines over the whole tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LanguageLines {
    /// cloc's language name.
    pub language: String,
    /// Files and lines, as `kcensus count` gives them.
    #[serde(flatten)]
    pub lines: Lines,
}

/// The languages [`Report::languages`] always lists (when the tree has them), besides the
/// largest ones.
pub const KEY_LANGUAGES: &[&str] = &["C", "C/C++ Header", "Assembly", "Rust"];

/// How many of the largest languages (by code lines) [`Report::languages`] lists.
pub const TOP_LANGUAGES: usize = 10;

/// Rust's share of the kernel's code lines, in percent (three decimals).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RustShare {
    /// Rust code lines per 100 code lines of the tree (every language).
    pub percent_of_code: f64,
    /// The same for Rust without vendored crates.
    pub own_percent_of_code: f64,
    /// Code lines of C and C/C++ Header together.
    pub c_and_headers_code: u64,
    /// Rust code lines per 100 code lines of C and C/C++ Header.
    pub percent_of_c_and_headers: f64,
    /// The same for Rust without vendored crates.
    pub own_percent_of_c_and_headers: f64,
}

/// A path that was not counted, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SkippedPath {
    /// Path relative to the top of the tree.
    pub path: String,
    /// The reason, in `kcensus count`'s words.
    pub reason: String,
}

/// What the totals leave out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NotCounted {
    /// Every path not counted (duplicates included).
    pub paths: u64,
    /// Paths per reason; duplicates are one reason, `duplicate`.
    pub by_reason: BTreeMap<String, u64>,
    /// The paths that may hold code the totals miss, sorted by path: every reason but a
    /// duplicate and those of [`NOT_SOURCE_REASONS`](crate::facts::NOT_SOURCE_REASONS) (binary, unreadable, too large, not a
    /// regular file, a language without counting rules, ...), and every skipped `.rs` file
    /// whatever the reason.
    pub files: Vec<SkippedPath>,
}

impl NotCounted {
    /// The listed `.rs` files: Rust the Rust totals do not include.
    pub fn rust_files(&self) -> impl Iterator<Item = &SkippedPath> {
        self.files.iter().filter(|s| s.path.ends_with(".rs"))
    }
}

/// The whole census.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Report {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// `VERSION.PATCHLEVEL.SUBLEVEL[EXTRAVERSION]` from the top-level Makefile.
    pub kernel_version: Option<String>,
    /// All Rust.
    pub rust: Lines,
    /// Rust without vendored third-party crates.
    pub rust_own: Lines,
    /// Every counted file of the tree, all languages (`kcensus count`'s total).
    #[serde(default)]
    pub tree: Lines,
    /// The largest languages ([`TOP_LANGUAGES`] by code lines) and the [`KEY_LANGUAGES`],
    /// largest code first (ties by name), as `kcensus count` gives them.
    #[serde(default)]
    pub languages: Vec<LanguageLines>,
    /// Rust's share of the tree's code.
    #[serde(default)]
    pub rust_share: RustShare,
    /// What was not counted.
    #[serde(default)]
    pub skipped: NotCounted,
    /// Areas.
    pub areas: Vec<Area>,
    /// Vendored crates.
    pub vendored: Vec<VendoredCrate>,
    /// `unsafe` over all Rust.
    #[serde(rename = "unsafe")]
    pub unsafe_figures: UnsafeFigures,
    /// `unsafe` over Rust without vendored crates.
    pub unsafe_own: UnsafeFigures,
    /// Crates.
    pub crates: Vec<Crate>,
    /// `.rs` files no crate reaches.
    pub unreached_files: Vec<String>,
    /// Modules of the `kernel` crate.
    pub modules: Vec<Module>,
    /// Crates outside `rust/`.
    pub drivers: Vec<Driver>,
    /// Rust functions C can call.
    pub exports: Vec<Export>,
    /// The Rust→C side of the boundary.
    pub bindings: Bindings,
    /// Rust's reach into the C API.
    #[serde(default)]
    pub reach: crate::model::reach::Reach,
    /// Architectures with Rust support.
    pub architectures: Vec<Architecture>,
    /// What `Documentation/rust/arch-support.rst` lists against `architectures`; null when
    /// the tree has no such document (or no table in it).
    pub architecture_docs: Option<ArchitectureDocs>,
    /// Tool requirements and build facts.
    pub toolchain: Toolchain,
    /// Rust rewrites beside their C originals, paired from the tree ([`crate::model::twins`]).
    #[serde(default)]
    pub twins: Vec<crate::model::twins::Twin>,
    /// Every Rust file.
    pub files: Vec<RustFile>,
}

/// One of the report's areas, serialized as its name (`rust/kernel`, `vendored`, ...).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
pub enum AreaName {
    /// The `kernel` crate.
    #[serde(rename = "rust/kernel")]
    Kernel,
    /// The `pin-init` crate.
    #[serde(rename = "rust/pin-init")]
    PinInit,
    /// The `macros` crate.
    #[serde(rename = "rust/macros")]
    Macros,
    /// Third-party crates vendored under `rust/`.
    #[serde(rename = "vendored")]
    Vendored,
    /// The rest of `rust/`.
    #[serde(rename = "rust (other)")]
    RustOther,
    /// `drivers/`.
    #[serde(rename = "drivers")]
    Drivers,
    /// `samples/rust/`.
    #[serde(rename = "samples/rust")]
    Samples,
    /// Everything else.
    #[serde(rename = "other")]
    Other,
}

impl AreaName {
    /// The area's name, as the JSON and every output spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            AreaName::Kernel => "rust/kernel",
            AreaName::PinInit => "rust/pin-init",
            AreaName::Macros => "rust/macros",
            AreaName::Vendored => "vendored",
            AreaName::RustOther => "rust (other)",
            AreaName::Drivers => "drivers",
            AreaName::Samples => "samples/rust",
            AreaName::Other => "other",
        }
    }

    /// Whether the area is third-party code.
    pub fn is_vendored(self) -> bool {
        self == AreaName::Vendored
    }
}

impl fmt::Display for AreaName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl AsRef<str> for AreaName {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

/// The areas, in report order.
pub const AREAS: &[AreaName] = &[
    AreaName::Kernel,
    AreaName::PinInit,
    AreaName::Macros,
    AreaName::Vendored,
    AreaName::RustOther,
    AreaName::Drivers,
    AreaName::Samples,
    AreaName::Other,
];
