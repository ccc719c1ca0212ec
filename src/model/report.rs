//! The Rust census of a kernel tree: areas, vendored crates, crates and their files, the
//! `kernel` crate's module tree, drivers and other users, `unsafe` and SAFETY figures, the
//! C↔Rust boundary and the platform. Everything is computed from the tree itself: crate roots
//! from the folder layout of `rust/` and from Kbuild, vendored crates from their READMEs,
//! modules by following `mod` declarations, drivers from module macros and Kbuild.
//!
//! Input: the line [`Census`] of the tree, the [`RustFacts`] of every `.rs` file, and the bytes
//! of the few files that carry tree-level knowledge ([`is_knowledge_file`]), all collected in
//! one pass over the source.

use super::census::{is_duplicate, Census, LanguageTotals};
use super::kernel;
use crate::facts::rust::RustFacts;
use crate::facts::{LineCounts, NOT_SOURCE_REASONS};
use crate::source::BlobId;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Version of the report's JSON layout (SCHEMA.md). Bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

pub use crate::scan::is_knowledge_file;

/// blank/comment/code plus a file count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
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
    fn add_file(&mut self, lines: &LineCounts) {
        self.files += 1;
        self.blank += lines.blank;
        self.comment += lines.comment;
        self.code += lines.code;
    }
}

/// `unsafe` and SAFETY figures, summed over some files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
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
    fn add(&mut self, facts: &RustFacts) {
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

    fn finish(mut self, code: u64) -> Self {
        self.blocks_per_kloc = if code == 0 {
            0.0
        } else {
            (self.blocks as f64 * 1000.0 / code as f64 * 100.0).round() / 100.0
        };
        self
    }
}

/// One of the report's areas.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Area {
    /// `rust/kernel`, `rust/pin-init`, `rust/macros`, `vendored`, `rust (other)`, `drivers`,
    /// `samples/rust`, `other`.
    pub area: String,
    /// Whether the area is third-party code.
    pub vendored: bool,
    /// Files and lines.
    #[serde(flatten)]
    pub lines: Lines,
    /// `unsafe { }` blocks.
    pub unsafe_blocks: u64,
    /// Full `unsafe` figures.
    #[serde(rename = "unsafe")]
    pub unsafe_figures: UnsafeFigures,
    /// Distinct `bindings::` names used, and uses.
    pub bindings_names: u64,
    /// Total `bindings::` uses.
    pub bindings_uses: u64,
}

/// The areas, in report order.
pub const AREAS: &[&str] = &[
    "rust/kernel",
    "rust/pin-init",
    "rust/macros",
    "vendored",
    "rust (other)",
    "drivers",
    "samples/rust",
    "other",
];

/// A vendored third-party crate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Crate {
    /// Crate name (`kernel`, `macros`, `rust_binder`, ...).
    pub name: String,
    /// Root file.
    pub root: String,
    /// How the root was found: `rust/ layout`, `Kbuild`.
    pub found_by: String,
    /// The Kconfig symbol that builds it, when Kbuild says.
    pub kconfig: Option<String>,
    /// Whether its object is linked into a C module rather than built as its own.
    pub linked_into_c: bool,
    /// Files reached from the root by `mod` declarations (root included).
    pub files: Vec<String>,
}

/// A module of the `kernel` crate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Module {
    /// Module path below the crate (`sync::lock::spinlock`).
    pub path: String,
    /// Files of the module itself (not its submodules). Serialized as `paths`: the flattened
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
    /// Lines of its files.
    #[serde(flatten)]
    pub lines: Lines,
    /// `unsafe { }` blocks.
    pub unsafe_blocks: u64,
    /// Full `unsafe` figures.
    #[serde(rename = "unsafe")]
    pub unsafe_figures: UnsafeFigures,
    /// Total `bindings::` uses.
    pub bindings_uses: u64,
    /// MAINTAINERS entries that cover its first file, most specific first.
    pub maintainers_entries: Vec<String>,
}

/// A Rust crate outside `rust/`: a driver, a sample, a library user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// Lines of its files.
    #[serde(flatten)]
    pub lines: Lines,
    /// `unsafe { }` blocks.
    pub unsafe_blocks: u64,
    /// Full `unsafe` figures.
    #[serde(rename = "unsafe")]
    pub unsafe_figures: UnsafeFigures,
    /// Total direct `bindings::` uses.
    pub bindings_uses: u64,
    /// The `bindings::` names it uses directly.
    pub bindings_names: Vec<String>,
}

/// A Rust function C can call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Export {
    /// Symbol name.
    pub symbol: String,
    /// File that defines it.
    pub file: String,
    /// Line of its `fn`.
    pub line: u32,
    /// `module lifecycle` (init/exit generated by a module macro) or `other`.
    pub kind: String,
    /// Attribute that exports it (`no_mangle`, `export`, ... or the macro).
    pub via: String,
    /// C files that mention the symbol as a call (only for `other`).
    pub c_callers: Vec<String>,
}

/// What crosses from Rust to C.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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

/// An architecture whose Kconfig selects HAVE_RUST.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Architecture {
    /// `arch/` folder name.
    pub arch: String,
    /// Condition of the `select HAVE_RUST if ..`, when there is one.
    pub condition: Option<String>,
}

/// Build requirements.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RustFile {
    /// Path.
    pub path: String,
    /// Crate it belongs to, if reached from one.
    #[serde(rename = "crate")]
    pub crate_name: Option<String>,
    /// Area.
    pub area: String,
    /// Git blob id of its content (hex): the same content has the same id in any tree, so
    /// moved files can be told from removed and added ones.
    pub blob: String,
    /// Lines.
    pub blank: u64,
    /// Lines.
    pub comment: u64,
    /// Lines.
    pub code: u64,
    /// `unsafe { }` blocks.
    pub unsafe_blocks: u64,
    /// Full `unsafe` figures.
    #[serde(rename = "unsafe")]
    pub unsafe_figures: UnsafeFigures,
    /// `bindings::` uses.
    pub bindings_uses: u64,
    /// Parse errors.
    pub parse_errors: u32,
}

/// One language's lines over the whole tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
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

impl RustShare {
    fn of(rust: &Lines, rust_own: &Lines, tree: &Lines, c_and_headers_code: u64) -> RustShare {
        let percent = |part: u64, whole: u64| {
            if whole == 0 {
                0.0
            } else {
                (part as f64 * 100_000.0 / whole as f64).round() / 1000.0
            }
        };
        RustShare {
            percent_of_code: percent(rust.code, tree.code),
            own_percent_of_code: percent(rust_own.code, tree.code),
            c_and_headers_code,
            percent_of_c_and_headers: percent(rust.code, c_and_headers_code),
            own_percent_of_c_and_headers: percent(rust_own.code, c_and_headers_code),
        }
    }
}

/// A path that was not counted, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedPath {
    /// Path relative to the top of the tree.
    pub path: String,
    /// The reason, in `kcensus count`'s words.
    pub reason: String,
}

/// What the totals leave out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotCounted {
    /// Every path not counted (duplicates included).
    pub paths: u64,
    /// Paths per reason; duplicates are one reason, `duplicate`.
    pub by_reason: BTreeMap<String, u64>,
    /// The paths that may hold code the totals miss, sorted by path: every reason but a
    /// duplicate and those of [`NOT_SOURCE_REASONS`] (binary, unreadable, too large, not a
    /// regular file, a language without counting rules, ...), and every skipped `.rs` file
    /// whatever the reason.
    pub files: Vec<SkippedPath>,
}

impl NotCounted {
    fn of(census: &Census) -> NotCounted {
        NotCounted {
            paths: census.skipped.len() as u64,
            by_reason: census
                .skipped_by_reason()
                .into_iter()
                .map(|(reason, n)| (reason, n as u64))
                .collect(),
            files: census
                .skipped
                .iter()
                .filter(|s| {
                    s.path.ends_with(".rs")
                        || !(is_duplicate(&s.reason)
                            || NOT_SOURCE_REASONS.contains(&s.reason.as_str()))
                })
                .map(|s| SkippedPath {
                    path: s.path.clone(),
                    reason: s.reason.clone(),
                })
                .collect(),
        }
    }

    /// The listed `.rs` files: Rust the Rust totals do not include.
    pub fn rust_files(&self) -> impl Iterator<Item = &SkippedPath> {
        self.files.iter().filter(|s| s.path.ends_with(".rs"))
    }
}

/// The whole census.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// Architectures with Rust support.
    pub architectures: Vec<Architecture>,
    /// Tool requirements and build facts.
    pub toolchain: Toolchain,
    /// Every Rust file.
    pub files: Vec<RustFile>,
}

/// Which area a Rust file belongs to.
pub fn area_of(path: &str, vendored_roots: &[String]) -> &'static str {
    if vendored_roots
        .iter()
        .any(|root| path.starts_with(root.as_str()) && path[root.len()..].starts_with('/'))
    {
        return "vendored";
    }
    if path.starts_with("rust/kernel/") {
        "rust/kernel"
    } else if path.starts_with("rust/pin-init/") {
        "rust/pin-init"
    } else if path.starts_with("rust/macros/") {
        "rust/macros"
    } else if path.starts_with("rust/") {
        "rust (other)"
    } else if path.starts_with("drivers/") {
        "drivers"
    } else if path.starts_with("samples/rust/") {
        "samples/rust"
    } else {
        "other"
    }
}

/// Subsystem categories of the `kernel` crate's top-level modules, as data. A module not
/// listed here is "Uncategorized"; nothing is guessed.
pub static MODULE_CATEGORIES: &[(&str, &[&str])] = &[
    (
        "Hardware & devices",
        &[
            "acpi",
            "auxiliary",
            "clk",
            "cpu",
            "cpufreq",
            "cpumask",
            "device",
            "device_id",
            "devres",
            "dma",
            "driver",
            "faux",
            "firmware",
            "fwctl",
            "iommu",
            "serdev",
            "i2c",
            "io",
            "irq",
            "miscdevice",
            "of",
            "opp",
            "pci",
            "platform",
            "power",
            "pwm",
            "regulator",
            "usb",
            "dma_buf",
            "gpio",
            "spi",
            "soc",
            "interrupt",
            "reset",
            "debugfs",
        ],
    ),
    ("Graphics", &["drm", "gpu"]),
    ("Networking", &["net"]),
    (
        "Storage & file systems",
        &["block", "fs", "seq_file", "configfs"],
    ),
    (
        "Synchronization",
        &["sync", "rcu", "workqueue", "completion"],
    ),
    (
        "Memory",
        &[
            "alloc",
            "mm",
            "page",
            "maple_tree",
            "scatterlist",
            "uaccess",
            "kasan",
        ],
    ),
    (
        "Core services",
        &[
            "task",
            "time",
            "cred",
            "security",
            "module",
            "ioctl",
            "pid_namespace",
            "kunit",
            "module_param",
            "print",
            "sysctl",
            "jump_label",
            "tracepoint",
            "static_key",
            "panic",
            "error",
            "init",
            "sched",
            "cgroup",
            "uid",
        ],
    ),
    (
        "Low-level infrastructure",
        &[
            "bindings",
            "build_assert",
            "ffi",
            "interop",
            "safety",
            "prelude",
            "types",
            "transmute",
            "std_vendor",
            "bits",
            "ptr",
            "bug",
            "container_of",
            "processor",
            "num",
            "static_assert",
            "assert",
        ],
    ),
    (
        "Data structures & utilities",
        &[
            "bitfield",
            "impl_flags",
            "list",
            "rbtree",
            "str",
            "xarray",
            "bitmap",
            "id_pool",
            "fmt",
            "iov",
            "kvec",
            "revocable",
            "sizes",
            "slice",
        ],
    ),
];

/// The category of a module path (by its top-level module).
pub fn category_of(module_path: &str) -> &'static str {
    let top = module_path.split("::").next().unwrap_or(module_path);
    MODULE_CATEGORIES
        .iter()
        .find(|(_, modules)| modules.contains(&top))
        .map_or("Uncategorized", |(category, _)| category)
}

/// Everything the report is computed from.
pub struct ReportInput<'a> {
    /// The line census of the whole tree.
    pub census: &'a Census,
    /// Rust facts of each `.rs` file, by path.
    pub rust: &'a BTreeMap<String, RustFacts>,
    /// Bytes of the knowledge files ([`is_knowledge_file`]), by path.
    pub kept: &'a BTreeMap<String, Vec<u8>>,
    /// For each exported symbol, the C files that call it (filled by a scan of C files).
    pub c_callers: &'a BTreeMap<String, Vec<String>>,
    /// Git blob id of each `.rs` file, by path.
    pub rust_blobs: &'a BTreeMap<String, BlobId>,
}

impl ReportInput<'_> {
    fn text(&self, path: &str) -> Option<String> {
        self.kept
            .get(path)
            .map(|b| String::from_utf8_lossy(b).into_owned())
    }
}

/// Build the report.
pub fn build(input: &ReportInput<'_>) -> Report {
    let counted: BTreeMap<&str, &LineCounts> = input
        .census
        .files
        .iter()
        .filter(|f| f.language == "Rust")
        .map(|f| (f.path.as_str(), &f.lines))
        .collect();

    // Vendored crates: folders of rust/ whose README says where the files come from.
    let mut vendored: Vec<VendoredCrate> = Vec::new();
    for (path, bytes) in input.kept {
        let Some(folder) = path
            .strip_prefix("rust/")
            .and_then(|p| p.strip_suffix("/README.md"))
        else {
            continue;
        };
        if folder.contains('/') {
            continue;
        }
        if let Some(origin) = kernel::vendored::detect(&String::from_utf8_lossy(bytes)) {
            vendored.push(VendoredCrate {
                name: origin.name,
                version: origin.version,
                path: format!("rust/{folder}"),
                files: 0,
                code: 0,
            });
        }
    }
    let vendored_roots: Vec<String> = vendored.iter().map(|v| v.path.clone()).collect();

    let crates = find_crates(input, &counted);
    // A crate that declares its own `bindings` (nova-core's firmware bindings: `mod bindings`,
    // `use r570_144 as bindings`) means its own items by `bindings::`, not the kernel's C
    // bindings; those paths are not counted as uses of C.
    let own_bindings: BTreeSet<&str> = crates
        .iter()
        .filter(|c| {
            c.files.iter().any(|f| {
                input
                    .rust
                    .get(f)
                    .is_some_and(|facts| !facts.local_bindings.is_empty())
            })
        })
        .flat_map(|c| c.files.iter().map(String::as_str))
        .collect();
    let adjusted: BTreeMap<String, RustFacts> = input
        .rust
        .iter()
        .map(|(path, facts)| {
            let mut facts = facts.clone();
            if own_bindings.contains(path.as_str()) {
                facts.bindings_uses.clear();
            }
            (path.clone(), facts)
        })
        .collect();
    let input = &ReportInput {
        census: input.census,
        rust: &adjusted,
        kept: input.kept,
        c_callers: input.c_callers,
        rust_blobs: input.rust_blobs,
    };
    let crate_of: BTreeMap<&str, &str> = crates
        .iter()
        .flat_map(|c| c.files.iter().map(move |f| (f.as_str(), c.name.as_str())))
        .collect();

    // Per file, areas, totals.
    let mut rust = Lines::default();
    let mut rust_own = Lines::default();
    let mut unsafe_all = UnsafeFigures::default();
    let mut unsafe_own = UnsafeFigures::default();
    let mut area_lines: BTreeMap<&str, (Lines, UnsafeFigures, BTreeSet<&str>, u64)> =
        BTreeMap::new();
    let mut files = Vec::new();
    let empty = RustFacts::default();
    for (&path, &lines) in &counted {
        let facts = input.rust.get(path).unwrap_or(&empty);
        let area = area_of(path, &vendored_roots);
        rust.add_file(lines);
        unsafe_all.add(facts);
        if area != "vendored" {
            rust_own.add_file(lines);
            unsafe_own.add(facts);
        }
        let entry = area_lines.entry(area).or_default();
        entry.0.add_file(lines);
        entry.1.add(facts);
        entry
            .2
            .extend(facts.bindings_uses.keys().map(String::as_str));
        entry.3 += facts
            .bindings_uses
            .values()
            .map(|&n| u64::from(n))
            .sum::<u64>();
        for v in vendored.iter_mut() {
            if area == "vendored" && path.starts_with(&format!("{}/", v.path)) {
                v.files += 1;
                v.code += lines.code;
            }
        }
        let mut figures = UnsafeFigures::default();
        figures.add(facts);
        files.push(RustFile {
            path: path.to_string(),
            crate_name: crate_of.get(path).map(|s| s.to_string()),
            area: area.to_string(),
            blob: input
                .rust_blobs
                .get(path)
                .map(ToString::to_string)
                .unwrap_or_default(),
            blank: lines.blank,
            comment: lines.comment,
            code: lines.code,
            unsafe_blocks: figures.blocks,
            unsafe_figures: figures.finish(lines.code),
            bindings_uses: facts.bindings_uses.values().map(|&n| u64::from(n)).sum(),
            parse_errors: facts.parse_errors.count,
        });
    }
    let areas: Vec<Area> = AREAS
        .iter()
        .map(|&area| {
            let (lines, figures, names, uses) = area_lines.remove(area).unwrap_or_default();
            Area {
                area: area.to_string(),
                vendored: area == "vendored",
                lines,
                unsafe_blocks: figures.blocks,
                unsafe_figures: figures.finish(lines.code),
                bindings_names: names.len() as u64,
                bindings_uses: uses,
            }
        })
        .collect();

    let unreached_files: Vec<String> = counted
        .keys()
        .filter(|p| !crate_of.contains_key(*p))
        .map(|p| p.to_string())
        .collect();

    let (tree, languages, c_and_headers_code) = tree_languages(input.census);
    let modules = kernel_modules(input, &counted);
    let kconfig = parse_kconfig(input);
    let drivers = drivers(input, &crates, &counted, &kconfig);
    let exports = exports(input, &crates, &vendored_roots);
    let bindings = bindings(input, &areas, &vendored_roots);
    let (architectures, toolchain) = platform(input, &kconfig);

    Report {
        schema_version: SCHEMA_VERSION,
        kernel_version: input
            .text("Makefile")
            .and_then(|t| kernel::version::parse_kernel_version(&t))
            .map(|v| v.release()),
        rust,
        rust_own,
        tree,
        languages,
        rust_share: RustShare::of(&rust, &rust_own, &tree, c_and_headers_code),
        skipped: NotCounted::of(input.census),
        areas,
        vendored,
        unsafe_figures: unsafe_all.finish(rust.code),
        unsafe_own: unsafe_own.finish(rust_own.code),
        crates,
        unreached_files,
        modules,
        drivers,
        exports,
        bindings,
        architectures,
        toolchain,
        files,
    }
}

/// The tree's totals, the languages the report lists, and the code lines of C and headers.
fn tree_languages(census: &Census) -> (Lines, Vec<LanguageLines>, u64) {
    let lines = |t: &LanguageTotals| Lines {
        files: t.files,
        blank: t.lines.blank,
        comment: t.lines.comment,
        code: t.lines.code,
    };
    let all = census.by_language();
    let c_and_headers_code = all
        .iter()
        .filter(|t| t.language == "C" || t.language == "C/C++ Header")
        .map(|t| t.lines.code)
        .sum();
    // `by_language` is sorted largest code first, ties by name: the listed ones keep that order.
    let languages = all
        .iter()
        .enumerate()
        .filter(|(rank, t)| *rank < TOP_LANGUAGES || KEY_LANGUAGES.contains(&t.language.as_str()))
        .map(|(_, t)| LanguageLines {
            language: t.language.clone(),
            lines: lines(t),
        })
        .collect();
    (lines(&census.total()), languages, c_and_headers_code)
}

/// The folder part of a path (`a/b/c.rs` → `a/b`).
fn folder_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Follow `mod` declarations from a root and return every file reached (root first), with the
/// module path of each file.
fn reach(
    root: &str,
    rust: &BTreeMap<String, RustFacts>,
    exists: &dyn Fn(&str) -> bool,
) -> Vec<(String, String)> {
    let mut out = vec![(root.to_string(), String::new())];
    let mut queue = vec![(root.to_string(), String::new(), true)];
    let mut seen: BTreeSet<String> = BTreeSet::from([root.to_string()]);
    while let Some((file, module_path, owns_dir)) = queue.pop() {
        let Some(facts) = rust.get(&file) else {
            continue;
        };
        // A crate root or `mod.rs` owns its folder; `a/b.rs` puts submodules in `a/b/`.
        let base = if owns_dir {
            folder_of(&file).to_string()
        } else {
            file.strip_suffix(".rs").unwrap_or(&file).to_string()
        };
        for decl in &facts.mod_declarations {
            if decl.inline {
                continue;
            }
            // `mod r#ref;` lives in `ref.rs`.
            let name = decl.name.trim_start_matches("r#");
            let child_path = if module_path.is_empty() {
                name.to_string()
            } else {
                format!("{module_path}::{name}")
            };
            let candidates: Vec<(String, bool)> = match &decl.path {
                Some(p) => vec![(normalize(&format!("{}/{p}", folder_of(&file))), true)],
                None => vec![
                    (format!("{base}/{name}.rs"), false),
                    (format!("{base}/{name}/mod.rs"), true),
                ],
            };
            for (candidate, owns) in candidates {
                if exists(&candidate) && seen.insert(candidate.clone()) {
                    out.push((candidate.clone(), child_path.clone()));
                    queue.push((candidate, child_path.clone(), owns));
                    break;
                }
            }
        }
    }
    out
}

/// The files of a crate: everything `mod` declarations reach from its root, sorted.
fn crate_files(
    root: &str,
    rust: &BTreeMap<String, RustFacts>,
    exists: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    let mut files: Vec<String> = reach(root, rust, exists)
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    files.sort();
    files
}

/// Resolve `.` and `..` in a `/`-separated path (`a/b/../c.rs` → `a/c.rs`).
pub(crate) fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// Crate roots: in `rust/`, `rust/X.rs`, `rust/X/lib.rs` and `rust/X/src/lib.rs` (the layout
/// rust/Makefile builds); elsewhere, `foo.rs` whose `foo.o` a Makefile/Kbuild in its folder
/// lists.
fn find_crates(input: &ReportInput<'_>, counted: &BTreeMap<&str, &LineCounts>) -> Vec<Crate> {
    let exists = |p: &str| counted.contains_key(p);
    let mut crates = Vec::new();
    // The crates rust/Makefile has rules for, by root (their names are rustc's).
    let makefile_crates: BTreeMap<String, String> = input
        .text("rust/Makefile")
        .map(|t| kernel::kbuild::rust_makefile_crates(&t))
        .unwrap_or_default()
        .into_iter()
        .filter_map(|c| Some((normalize(&c.root?), c.name)))
        .filter(|(root, _)| counted.contains_key(root.as_str()))
        .collect();
    for (root, name) in &makefile_crates {
        let files = crate_files(root, input.rust, &exists);
        crates.push(Crate {
            name: name.clone(),
            root: root.clone(),
            found_by: "rust/Makefile".into(),
            kconfig: Some("CONFIG_RUST".into()),
            linked_into_c: false,
            files,
        });
    }
    for &path in counted.keys() {
        if makefile_crates.contains_key(path) {
            continue;
        }
        let Some(rest) = path.strip_prefix("rust/") else {
            continue;
        };
        let parts: Vec<&str> = rest.split('/').collect();
        let name = match parts.as_slice() {
            [file] => file.strip_suffix(".rs"),
            [dir, "lib.rs"] | [dir, "src", "lib.rs"] => Some(*dir),
            _ => None,
        };
        if let Some(name) = name {
            let files = crate_files(path, input.rust, &exists);
            crates.push(Crate {
                name: name.replace('-', "_"),
                root: path.to_string(),
                found_by: "rust/ layout".into(),
                kconfig: None,
                linked_into_c: false,
                files,
            });
        }
    }
    // Each file is looked up in its folder's and parents' Makefiles; independent, so in
    // parallel. Files share folders, so each Makefile is parsed once, up front.
    use rayon::prelude::*;
    let outside: Vec<&str> = counted
        .keys()
        .copied()
        .filter(|p| !p.starts_with("rust/"))
        .collect();
    let makefiles = KbuildFolders::parse(input, &outside);
    let found: Vec<Crate> = outside
        .into_par_iter()
        .filter_map(|path| {
            let stem = path
                .rsplit('/')
                .next()
                .unwrap_or(path)
                .trim_end_matches(".rs");
            let Some((makefile_folder, built)) = makefiles.listing(path) else {
                // A Rust host program: `hostprogs += foo` with `foo-rust := y`.
                let folder = folder_of(path);
                let texts = makefile_texts(input, folder);
                let host = texts.iter().any(|t| is_rust_host_program(t, stem));
                if !host {
                    return None;
                }
                let files = crate_files(path, input.rust, &exists);
                return Some(Crate {
                    name: stem.to_string(),
                    root: path.to_string(),
                    found_by: "Kbuild (host program)".into(),
                    kconfig: None,
                    linked_into_c: false,
                    files,
                });
            };
            // The symbol that chooses this object: a `ifdef CONFIG_X` around the line (the Rust
            // variant of a driver with a C twin), else the part's or the list's symbol.
            let kconfig = built
                .guards
                .iter()
                .rev()
                .find(|g| !g.negated && g.directive == "ifdef")
                .and_then(|g| g.config().map(String::from))
                .or_else(|| built.part_config.clone())
                .or_else(|| built.config.clone());
            // A composite with C parts links this Rust object into a C module.
            let linked_into_c = built.composite.as_deref().is_some_and(|composite| {
                makefiles
                    .entries(makefile_folder)
                    .iter()
                    .filter(|e| e.target == composite)
                    .flat_map(|e| e.objects.iter())
                    .any(|object| {
                        let c = join(
                            makefile_folder,
                            &format!("{}.c", object.trim_end_matches(".o")),
                        );
                        input
                            .census
                            .files
                            .binary_search_by(|f| f.path.as_str().cmp(&c))
                            .is_ok()
                    })
            });
            let files = crate_files(path, input.rust, &exists);
            Some(Crate {
                name: stem.to_string(),
                root: path.to_string(),
                found_by: "Kbuild".into(),
                kconfig,
                linked_into_c,
                files,
            })
        })
        .collect();
    crates.extend(found);
    crates.sort_by(|a, b| a.root.cmp(&b.root));
    crates
}

/// Whether a Makefile builds `stem` as a Rust host program, as `scripts/Makefile.host` decides:
/// `stem` is listed in a `hostprogs` variable (`hostprogs += stem`, `hostprogs-always-y`,
/// `hostprogs-always-$(CONFIG_X)`, ...) and `stem-rust` is set. The bare `hostprogs` variable
/// (which has no `-y`/`-$(..)` suffix, so it is no Kbuild object list) is read here.
fn is_rust_host_program(text: &str, stem: &str) -> bool {
    let assignments: Vec<(String, String)> = kernel::logical_lines(text)
        .into_iter()
        .filter_map(|(_, line)| {
            let line = line.split('#').next().unwrap_or("");
            let (lhs, rhs) = line.split_once('=')?;
            let lhs = lhs.trim_end_matches([':', '+', '?']).trim();
            Some((lhs.to_string(), rhs.trim().to_string()))
        })
        .collect();
    let listed = assignments.iter().any(|(lhs, rhs)| {
        lhs.starts_with("hostprogs") && rhs.split_whitespace().any(|w| w == stem)
    });
    let rust = assignments
        .iter()
        .any(|(lhs, rhs)| *lhs == format!("{stem}-rust") && !rhs.is_empty());
    listed && rust
}

/// `folder/name`, or `name` at the top.
fn join(folder: &str, name: &str) -> String {
    if folder.is_empty() {
        name.to_string()
    } else {
        format!("{folder}/{name}")
    }
}

/// The texts of a folder's Makefile and Kbuild.
fn makefile_texts(input: &ReportInput<'_>, folder: &str) -> Vec<String> {
    ["Makefile", "Kbuild"]
        .iter()
        .filter_map(|m| input.text(&join(folder, m)))
        .collect()
}

/// The parsed Makefile and Kbuild of every folder that holds, or is above, a Rust file.
struct KbuildFolders<'a> {
    entries: BTreeMap<&'a str, Vec<kernel::kbuild::KbuildEntry>>,
}

impl<'a> KbuildFolders<'a> {
    /// Parse the Makefiles of the folders of `paths` and of all their parents (in parallel).
    fn parse(input: &ReportInput<'_>, paths: &[&'a str]) -> KbuildFolders<'a> {
        use rayon::prelude::*;
        let mut folders: BTreeSet<&'a str> = BTreeSet::new();
        for &path in paths {
            let mut folder = folder_of(path);
            while folders.insert(folder) && !folder.is_empty() {
                folder = folder_of(folder);
            }
        }
        let entries = folders
            .into_par_iter()
            .map(|folder| {
                let texts = makefile_texts(input, folder);
                let entries = texts
                    .iter()
                    .flat_map(|t| kernel::kbuild::parse(t))
                    .collect();
                (folder, entries)
            })
            .collect();
        KbuildFolders { entries }
    }

    /// The entries of a folder's Makefile and Kbuild (none when it has neither).
    fn entries(&self, folder: &str) -> &[kernel::kbuild::KbuildEntry] {
        self.entries.get(folder).map_or(&[], Vec::as_slice)
    }

    /// How Kbuild builds the object of a `.rs` file: its own folder's Makefile first, then
    /// each parent's with the path relative to it (`drivers/gpu/Makefile` builds
    /// `nova-core/nova_core.o`). Returns the Makefile's folder and the listing.
    fn listing(&self, path: &'a str) -> Option<(&'a str, kernel::kbuild::ObjectListing)> {
        let stem_path = path.strip_suffix(".rs")?;
        let mut folder = folder_of(path);
        loop {
            let relative = if folder.is_empty() {
                stem_path
            } else {
                stem_path.strip_prefix(folder)?.trim_start_matches('/')
            };
            let entries = self.entries(folder);
            if let Some(listing) = kernel::kbuild::find_object(entries, relative)
                .into_iter()
                .next()
            {
                return Some((folder, listing));
            }
            if folder.is_empty() {
                return None;
            }
            folder = folder_of(folder);
        }
    }
}

/// The module tree of the `kernel` crate.
fn kernel_modules(input: &ReportInput<'_>, counted: &BTreeMap<&str, &LineCounts>) -> Vec<Module> {
    let root = "rust/kernel/lib.rs";
    if !counted.contains_key(root) {
        return Vec::new();
    }
    let exists = |p: &str| counted.contains_key(p);
    let mut maintainers = input
        .text("MAINTAINERS")
        .map(|t| kernel::maintainers::Maintainers::parse(&t));
    if let Some(m) = maintainers.as_mut() {
        // get_maintainer.pl treats a pattern naming a folder as the whole folder. The census
        // is sorted by path, so the files below `p/` (if any) start where `p/` would go.
        let files = &input.census.files;
        m.mark_directories(|p| {
            let folder = format!("{}/", p.trim_end_matches('/'));
            let at = files.partition_point(|f| f.path.as_str() < folder.as_str());
            files.get(at).is_some_and(|f| f.path.starts_with(&folder))
        });
    }
    // cfg of each declaration, by child module path.
    let mut cfgs: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let reached = reach(root, input.rust, &exists);
    for (file, module_path) in &reached {
        if let Some(facts) = input.rust.get(file) {
            for decl in facts.mod_declarations.iter().filter(|d| !d.inline) {
                let child = if module_path.is_empty() {
                    decl.name.clone()
                } else {
                    format!("{module_path}::{}", decl.name)
                };
                cfgs.insert(child, decl.cfg.clone());
            }
        }
    }
    let empty = RustFacts::default();
    // MAINTAINERS matching dominates here; the modules are independent, so in parallel.
    use rayon::prelude::*;
    let mut modules: Vec<Module> = reached
        .into_par_iter()
        .filter(|(_, module_path)| !module_path.is_empty())
        .map(|(file, module_path)| {
            let facts = input.rust.get(&file).unwrap_or(&empty);
            let lines_of = counted
                .get(file.as_str())
                .copied()
                .copied()
                .unwrap_or_default();
            let mut lines = Lines::default();
            lines.add_file(&lines_of);
            let mut figures = UnsafeFigures::default();
            figures.add(facts);
            let entries = maintainers
                .as_ref()
                .map(|m| m.entries_for_path(&file))
                .unwrap_or_default();
            Module {
                category: category_of(&module_path).into(),
                cfg: cfgs.get(&module_path).cloned().unwrap_or_default(),
                doc: facts.inner_doc_summary.clone(),
                path: module_path,
                files: vec![file],
                lines,
                unsafe_blocks: figures.blocks,
                unsafe_figures: figures.finish(lines.code),
                bindings_uses: facts.bindings_uses.values().map(|&n| u64::from(n)).sum(),
                maintainers_entries: entries.iter().map(|e| e.title.clone()).collect(),
            }
        })
        .collect();
    modules.sort_by(|a, b| a.path.cmp(&b.path));
    modules
}

/// Crates outside `rust/`, with their module macro and Kconfig.
/// Every Kconfig file of the tree, parsed (in parallel), by path.
fn parse_kconfig(input: &ReportInput<'_>) -> Vec<(String, Vec<kernel::kconfig::KconfigEntry>)> {
    use rayon::prelude::*;
    let files: Vec<(&String, &Vec<u8>)> = input
        .kept
        .iter()
        .filter(|(p, _)| {
            p.rsplit('/')
                .next()
                .is_some_and(|n| n.starts_with("Kconfig"))
        })
        .collect();
    files
        .into_par_iter()
        .map(|(p, b)| {
            (
                p.clone(),
                kernel::kconfig::parse(&String::from_utf8_lossy(b)),
            )
        })
        .collect()
}

fn drivers(
    input: &ReportInput<'_>,
    crates: &[Crate],
    counted: &BTreeMap<&str, &LineCounts>,
    kconfig: &[(String, Vec<kernel::kconfig::KconfigEntry>)],
) -> Vec<Driver> {
    let kconfig: Vec<&kernel::kconfig::KconfigEntry> = kconfig
        .iter()
        .flat_map(|(_, entries)| entries.iter())
        .collect();
    let empty = RustFacts::default();
    let mut drivers = Vec::new();
    for c in crates.iter().filter(|c| !c.root.starts_with("rust/")) {
        let mut lines = Lines::default();
        let mut figures = UnsafeFigures::default();
        let mut names: BTreeMap<String, u32> = BTreeMap::new();
        let mut module_macro = None;
        for file in &c.files {
            if let Some(l) = counted.get(file.as_str()) {
                lines.add_file(l);
            }
            let facts = input.rust.get(file).unwrap_or(&empty);
            figures.add(facts);
            for (name, n) in &facts.bindings_uses {
                *names.entry(name.clone()).or_default() += n;
            }
            if module_macro.is_none() {
                module_macro = facts
                    .module_macros
                    .iter()
                    .find(|m| declares_module(m))
                    .cloned();
            }
        }
        let prompt = c
            .kconfig
            .as_deref()
            .and_then(|sym| {
                let sym = sym.strip_prefix("CONFIG_").unwrap_or(sym);
                kconfig.iter().find(|e| e.symbol == sym)
            })
            .and_then(|e| e.prompt.clone());
        let m = module_macro.unwrap_or_default();
        let mut authors = m.authors.clone().unwrap_or_default();
        if let Some(a) = &m.author {
            authors.push(a.clone());
        }
        drivers.push(Driver {
            root: c.root.clone(),
            crate_name: c.name.clone(),
            kind: c.root.split('/').next().unwrap_or("").to_string(),
            macro_name: (!m.macro_name.is_empty()).then(|| m.macro_name.clone()),
            name: m.name.clone(),
            authors,
            description: m.description.clone(),
            license: m.license.clone(),
            kconfig: c.kconfig.clone(),
            kconfig_prompt: prompt,
            // A crate with a module macro is a module of its own even when Kbuild links C glue
            // into it (nova-core's exports); one without is part of a C module.
            linked_into_c: c.linked_into_c && m.macro_name.is_empty(),
            files: c.files.clone(),
            lines,
            unsafe_blocks: figures.blocks,
            unsafe_figures: figures.finish(lines.code),
            bindings_uses: names.values().map(|&n| u64::from(n)).sum(),
            bindings_names: names.into_keys().collect(),
        });
    }
    drivers
}

/// Whether a `module*!` invocation declares a module (and so generates its init/exit): every
/// such macro (`module!`, `module_pci_driver!`, `module_phy_driver!`, ...) requires `name:`.
/// `module_firmware!(..)` and similar helpers only add modinfo and have no `name:`.
fn declares_module(m: &crate::facts::rust::ModuleMacro) -> bool {
    m.name.is_some()
}

/// Functions C can call: exported functions, and the init/exit every module macro generates.
fn exports(input: &ReportInput<'_>, crates: &[Crate], vendored_roots: &[String]) -> Vec<Export> {
    let mut exports = Vec::new();
    for (path, facts) in input.rust {
        // Vendored crates' own exports (benchmarks, tests) are not the kernel's boundary.
        if area_of(path, vendored_roots) == "vendored" {
            continue;
        }
        for f in &facts.exported_functions {
            exports.push(Export {
                symbol: f.symbol.clone(),
                file: path.clone(),
                line: f.line,
                kind: "other".into(),
                via: serde_json::to_value(f.attribute)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default(),
                c_callers: input.c_callers.get(&f.symbol).cloned().unwrap_or_default(),
            });
        }
    }
    // Module macros in crates outside rust/ generate the module's
    // init_module/cleanup_module (or __<name>_init/__<name>_exit when built in).
    let in_crate: BTreeSet<&str> = crates
        .iter()
        .flat_map(|c| c.files.iter().map(String::as_str))
        .collect();
    for (path, facts) in input.rust {
        if path.starts_with("rust/") || !in_crate.contains(path.as_str()) {
            continue;
        }
        for m in facts.module_macros.iter().filter(|m| declares_module(m)) {
            let name = m.name.clone().unwrap_or_default();
            for (suffix, symbol) in [("init", "init_module"), ("exit", "cleanup_module")] {
                exports.push(Export {
                    symbol: format!("{symbol} (__{name}_{suffix})"),
                    file: path.clone(),
                    line: m.line,
                    kind: "module lifecycle".into(),
                    via: format!("{}!", m.macro_name),
                    c_callers: Vec::new(),
                });
            }
        }
    }
    exports.sort_by(|a, b| {
        (&a.kind, &a.file, a.line, &a.symbol).cmp(&(&b.kind, &b.file, b.line, &b.symbol))
    });
    exports
}

fn bindings(input: &ReportInput<'_>, areas: &[Area], vendored_roots: &[String]) -> Bindings {
    let headers = |path: &str| {
        input
            .text(path)
            .map(|t| {
                kernel::boundary::parse_bindgen_header(&t)
                    .includes
                    .into_iter()
                    .map(|h| h.header)
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut helper_c_functions: Vec<String> = input
        .kept
        .iter()
        .filter(|(p, _)| {
            p.as_str() == "rust/helpers.c" || (p.starts_with("rust/helpers/") && p.ends_with(".c"))
        })
        .flat_map(|(_, b)| {
            kernel::boundary::parse_helpers(&String::from_utf8_lossy(b))
                .helpers
                .into_iter()
                .map(|f| f.name)
        })
        .collect();
    helper_c_functions.sort();
    helper_c_functions.dedup();
    let mut all: BTreeSet<&str> = BTreeSet::new();
    let mut kernel_crate: BTreeSet<&str> = BTreeSet::new();
    for (path, facts) in input.rust {
        all.extend(facts.bindings_uses.keys().map(String::as_str));
        if area_of(path, vendored_roots) == "rust/kernel" {
            kernel_crate.extend(facts.bindings_uses.keys().map(String::as_str));
        }
    }
    Bindings {
        helper_headers: headers("rust/bindings/bindings_helper.h"),
        uapi_headers: headers("rust/uapi/uapi_helper.h"),
        helper_c_functions,
        distinct_names: all.len() as u64,
        distinct_names_in_kernel_crate: kernel_crate.len() as u64,
        uses_by_area: areas
            .iter()
            .map(|a| (a.area.to_string(), a.bindings_uses))
            .collect(),
    }
}

fn platform(
    input: &ReportInput<'_>,
    kconfig: &[(String, Vec<kernel::kconfig::KconfigEntry>)],
) -> (Vec<Architecture>, Toolchain) {
    let mut architectures = Vec::new();
    for (path, entries) in kconfig {
        let Some(arch) = path
            .strip_prefix("arch/")
            .and_then(|p| p.strip_suffix("/Kconfig"))
        else {
            continue;
        };
        if arch.contains('/') {
            continue;
        }
        for (_, select) in kernel::kconfig::selects_of(entries, "HAVE_RUST") {
            architectures.push(Architecture {
                arch: arch.to_string(),
                condition: select.condition.clone(),
            });
        }
    }
    architectures.sort_by(|a, b| a.arch.cmp(&b.arch));
    let script = input
        .text("scripts/min-tool-version.sh")
        .unwrap_or_default();
    let minimum =
        |tool: &str| kernel::version::min_tool_version(&script, tool).and_then(|t| t.default);
    let mut depending: BTreeSet<String> = BTreeSet::new();
    for (_, entries) in kconfig {
        {
            depending.extend(
                kernel::kconfig::depending_on(entries, "RUST", false)
                    .into_iter()
                    .filter(|e| {
                        e.depends_on
                            .iter()
                            .any(|d| kernel::kconfig::mentions_positively(d, "RUST"))
                    })
                    .map(|e| e.symbol.clone()),
            );
        }
    }
    let toolchain = Toolchain {
        rustc: minimum("rustc"),
        bindgen: minimum("bindgen"),
        rust_makefile_lines: input
            .kept
            .get("rust/Makefile")
            .map_or(0, |b| bytecount_lines(b)),
        kconfig_symbols_depending_on_rust: depending.into_iter().collect(),
    };
    (architectures, toolchain)
}

fn bytecount_lines(bytes: &[u8]) -> u64 {
    let newlines = memchr::memchr_iter(b'\n', bytes).count() as u64;
    newlines + u64::from(!bytes.is_empty() && !bytes.ends_with(b"\n"))
}
