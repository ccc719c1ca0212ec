//! `kcensus lint`: the kernel's Rust rules, applied to the facts of a tree, as findings.
//!
//! Rules (see [`Rule`]):
//!
//! - `undocumented-unsafe`: an `unsafe` block or `unsafe impl` without a `// SAFETY:` comment,
//!   found as clippy's `undocumented_unsafe_blocks` / `undocumented_unsafe_impls` find it
//!   (the facts' rules: `crate::facts::rust`), macro bodies and invocations included.
//!   `#[allow(clippy::undocumented_unsafe_blocks)]` is not honoured (the facts count such
//!   attributes but do not scope them).
//! - `missing-safety-doc`: an `unsafe fn` or `unsafe trait` whose docs have no `# Safety`
//!   section, among the items clippy's `missing_safety_doc` looks at: exported ones only
//!   (see [`crate::facts::rust::UnsafeSite::exported`]: plain `pub` items, methods of
//!   inherent impls marked `pub`, items of `pub` traits; never trait-impl items, `extern`
//!   block items, items in function bodies or private inline modules, nor `#[doc(hidden)]`
//!   items; every unsafe trait but a `#[doc(hidden)]` one). A free fn (not a method) of a file
//!   module counts only if the module is exported: every `mod` declaration on the way from a
//!   root file (one no `mod` declaration names) is plain `pub` (see [`ModuleFiles`]). No fn
//!   of a file module whose every declaration chain has a `#[doc(hidden)]` declaration
//!   counts, methods and trait items included (clippy skips a fn with a `#[doc(hidden)]`
//!   parent). A method is exported with its type, which `pub use` may re-export from a
//!   private module, so its module's visibility is not looked at; a free fn re-exported by
//!   `pub use` from a private module is missed (re-exports are not followed).
//! - `unnecessary-safety-comment`: a `// SAFETY:` comment on a statement, expression or item
//!   that holds no unsafe block, as clippy's `unnecessary_safety_comment` finds it (the facts'
//!   rules: `crate::facts::rust::SafeCodeSite`). Above the first item of a file, only in root
//!   files: clippy does not look there in a module file.
//! - `unnecessary-safety-doc`: a `# Safety` section in the docs of a safe fn among those
//!   missing-safety-doc looks at, or of a safe trait (clippy's `unnecessary_safety_doc`).
//! - `driver-uses-bindings`: a `bindings::NAME` path (also `kernel::bindings::NAME`, in use
//!   trees and macro tokens) in a file of a crate whose root is outside `rust/`. A crate that
//!   declares a `mod bindings` of its own (nova-core) is skipped as a whole: its
//!   `bindings::` paths may name its own module, which this syntactic pass cannot tell apart.
//! - `unsafe-in-driver` (off unless asked for): every `unsafe` block, fn, trait, impl, extern
//!   block and `#[unsafe(..)]` attribute in a file of a crate whose root is outside `rust/`.
//! - `rust-not-analysed` (always on: the gate fails closed): a `.rs` file the other rules could
//!   not look at — skipped by the census (binary, unreadable, too large, a symbolic link, ...;
//!   duplicates and empty files aside, as their content is linted or holds nothing) or whose
//!   Rust facts were not extracted (over 4 MB, nested too deep) — and every path that could
//!   not be read at all (an unreadable folder may hold Rust; an unreadable file is reported
//!   whatever its name, since the gate cannot tell what it holds).
//!
//! Files of vendored crates (`rust/syn`, ... detected from their READMEs) are never linted.
//! Findings are sorted by (path, line, column, rule).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::facts::rust::{
    not_extracted_reason, RustFacts, SafeCodeKind, SafeCodeSite, UnsafeKind, UnsafeSite,
};
use crate::facts::NOT_SOURCE_REASONS;
use crate::model::report::{area_of, Report};

/// A lint rule.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// An `unsafe` block or impl without a `// SAFETY:` comment.
    UndocumentedUnsafe,
    /// An exported `unsafe fn` or `unsafe trait` without a `# Safety` section in its docs.
    MissingSafetyDoc,
    /// A `// SAFETY:` comment on safe code.
    UnnecessarySafetyComment,
    /// A `# Safety` section in the docs of an exported safe fn or a safe trait.
    UnnecessarySafetyDoc,
    /// A crate outside `rust/` names `bindings::` directly.
    DriverUsesBindings,
    /// Any `unsafe` in a crate outside `rust/` (off by default).
    UnsafeInDriver,
    /// A `.rs` file (or an unreadable path) the other rules could not analyse (always on).
    RustNotAnalysed,
}

impl Rule {
    /// Every rule, in the order they are documented.
    pub const ALL: [Rule; 7] = [
        Rule::UndocumentedUnsafe,
        Rule::MissingSafetyDoc,
        Rule::UnnecessarySafetyComment,
        Rule::UnnecessarySafetyDoc,
        Rule::DriverUsesBindings,
        Rule::UnsafeInDriver,
        Rule::RustNotAnalysed,
    ];

    /// The rules run when none is named.
    pub const DEFAULT: [Rule; 6] = [
        Rule::UndocumentedUnsafe,
        Rule::MissingSafetyDoc,
        Rule::UnnecessarySafetyComment,
        Rule::UnnecessarySafetyDoc,
        Rule::DriverUsesBindings,
        Rule::RustNotAnalysed,
    ];

    /// The rules run whatever is named: a file no rule could look at may hide a finding of
    /// any rule, so a gate that skipped it in silence could be walked around.
    pub const ALWAYS: [Rule; 1] = [Rule::RustNotAnalysed];

    /// The rule's name, as on the command line and in output.
    pub fn name(self) -> &'static str {
        match self {
            Rule::UndocumentedUnsafe => "undocumented-unsafe",
            Rule::MissingSafetyDoc => "missing-safety-doc",
            Rule::UnnecessarySafetyComment => "unnecessary-safety-comment",
            Rule::UnnecessarySafetyDoc => "unnecessary-safety-doc",
            Rule::DriverUsesBindings => "driver-uses-bindings",
            Rule::UnsafeInDriver => "unsafe-in-driver",
            Rule::RustNotAnalysed => "rust-not-analysed",
        }
    }

    /// The rule by name.
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.name() == name)
    }

    /// One sentence on what the rule reports.
    pub fn description(self) -> &'static str {
        match self {
            Rule::UndocumentedUnsafe => {
                "An unsafe block or unsafe impl has no `// SAFETY:` comment (clippy's \
                 undocumented_unsafe_blocks and undocumented_unsafe_impls rules)."
            }
            Rule::MissingSafetyDoc => {
                "An exported unsafe fn or unsafe trait has no `# Safety` section in its \
                 documentation (clippy's missing_safety_doc)."
            }
            Rule::UnnecessarySafetyComment => {
                "A `// SAFETY:` comment stands on safe code: a statement, expression or item \
                 that holds no unsafe block (clippy's unnecessary_safety_comment)."
            }
            Rule::UnnecessarySafetyDoc => {
                "An exported safe fn or a safe trait has a `# Safety` section in its \
                 documentation (clippy's unnecessary_safety_doc)."
            }
            Rule::DriverUsesBindings => {
                "A crate outside rust/ names the kernel's `bindings` crate directly instead \
                 of going through the kernel crate's safe abstractions."
            }
            Rule::UnsafeInDriver => "A crate outside rust/ contains unsafe code.",
            Rule::RustNotAnalysed => {
                "A Rust file (or a path that may hold some) could not be analysed: binary, \
                 unreadable, too large or nested too deep; the other rules did not look at it."
            }
        }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Finding {
    /// The rule.
    pub rule: Rule,
    /// The file, relative to the tree.
    pub path: String,
    /// Line (1-based).
    pub line: u32,
    /// Column (1-based, in characters).
    pub column: u32,
    /// What is wrong.
    pub message: String,
    /// The text of the line (without its line end), for display and baseline keys.
    #[serde(skip)]
    pub source_line: String,
}

impl Finding {
    fn sort_key(&self) -> (&str, u32, u32, &'static str) {
        (&self.path, self.line, self.column, self.rule.name())
    }
}

/// Everything the rules look at.
pub struct LintInput<'a> {
    /// The report of the tree (crates, vendored crates).
    pub report: &'a Report,
    /// The Rust facts of each `.rs` file, by path.
    pub rust: &'a BTreeMap<String, RustFacts>,
    /// The bytes of each `.rs` file, by path (for the source lines of findings).
    pub sources: &'a BTreeMap<String, Vec<u8>>,
}

/// The findings of `rules` on the tree, sorted by (path, line, column, rule).
pub fn lint(input: &LintInput<'_>, rules: &[Rule]) -> Vec<Finding> {
    let rules: BTreeSet<Rule> = rules.iter().copied().collect();
    let vendored_roots: Vec<String> = input
        .report
        .vendored
        .iter()
        .map(|v| v.path.clone())
        .collect();
    let included_by = included_by(input);
    let outside = files_outside_rust(input, &included_by);
    let modules = ModuleFiles::new(input.rust);

    let mut findings = Vec::new();
    for (path, facts) in input.rust {
        if area_of(path, &vendored_roots).is_vendored() {
            continue;
        }
        let mut file = FileFindings {
            path,
            lines: SourceLines::new(input.sources.get(path).map(Vec::as_slice)),
            findings: &mut findings,
        };
        let crate_outside = outside.get(path.as_str()).copied();
        let allowed = FileAllows {
            unsafe_blocks: allowed_in_file(input, &included_by, path, "undocumented_unsafe_blocks"),
            safety_doc: allowed_in_file(input, &included_by, path, "missing_safety_doc"),
            safety_comment: allowed_in_file(
                input,
                &included_by,
                path,
                "unnecessary_safety_comment",
            ),
            unnecessary_doc: allowed_in_file(input, &included_by, path, "unnecessary_safety_doc"),
        };
        let module = modules.of(path);
        for site in &facts.unsafe_sites {
            site_findings(&mut file, site, &rules, allowed, crate_outside, module);
        }
        for site in &facts.safety_on_safe_code {
            safe_code_findings(&mut file, site, &rules, allowed, module);
        }
        if let (true, Some((name, false))) =
            (rules.contains(&Rule::DriverUsesBindings), crate_outside)
        {
            bindings_findings(&mut file, facts, name);
        }
    }
    if rules.contains(&Rule::RustNotAnalysed) {
        findings.extend(not_analysed(input, &vendored_roots));
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup_by(|a, b| a.sort_key() == b.sort_key());
    findings
}

/// Files pulled in by `include!("..")`, with the file that includes them.
fn included_by<'a>(input: &LintInput<'a>) -> BTreeMap<String, &'a str> {
    let mut included_by = BTreeMap::new();
    for (path, facts) in input.rust {
        let folder = path.rsplit_once('/').map_or("", |(dir, _)| dir);
        for include in &facts.includes {
            let target = if folder.is_empty() {
                include.clone()
            } else {
                format!("{folder}/{include}")
            };
            included_by.insert(super::report::normalize(&target), path.as_str());
        }
    }
    included_by
}

/// Whether `lint` is allowed for the whole file `path`: a lint allowed for a whole file is
/// allowed in the files it includes (followed up to 8 levels).
fn allowed_in_file(
    input: &LintInput<'_>,
    included_by: &BTreeMap<String, &str>,
    path: &str,
    lint: &str,
) -> bool {
    let mut at = path;
    for _ in 0..8 {
        if input
            .rust
            .get(at)
            .is_some_and(|f| f.file_lint_allows.iter().any(|l| l == lint))
        {
            return true;
        }
        match included_by.get(at) {
            Some(includer) => at = includer,
            None => return false,
        }
    }
    false
}

/// Files of crates outside rust/ (with the files they include), with the crate's name and
/// whether it declares a `bindings` of its own.
fn files_outside_rust<'a>(
    input: &LintInput<'a>,
    included_by: &'a BTreeMap<String, &'a str>,
) -> BTreeMap<&'a str, (&'a str, bool)> {
    let mut outside: BTreeMap<&str, (&str, bool)> = BTreeMap::new();
    for c in input
        .report
        .crates
        .iter()
        .filter(|c| !c.root.starts_with("rust/"))
    {
        let own_bindings = c.files.iter().any(|f| {
            input
                .rust
                .get(f)
                .is_some_and(|facts| !facts.local_bindings.is_empty())
        });
        for f in &c.files {
            outside.insert(f.as_str(), (c.name.as_str(), own_bindings));
        }
    }
    for (included, includer) in included_by {
        if let Some(&owner) = outside.get(includer) {
            outside.entry(included.as_str()).or_insert(owner);
        }
    }
    outside
}

/// The findings of one file as they are found.
struct FileFindings<'a, 'f> {
    path: &'a String,
    lines: SourceLines<'a>,
    findings: &'f mut Vec<Finding>,
}

impl FileFindings<'_, '_> {
    fn push(&mut self, rule: Rule, line: u32, column: u32, message: String) {
        self.findings.push(Finding {
            rule,
            path: self.path.clone(),
            line,
            column,
            message,
            source_line: self.lines.line(line),
        });
    }
}

/// Which lints a file allows as a whole (`#![allow(clippy::..)]`, in it or a file including it).
#[derive(Clone, Copy)]
struct FileAllows {
    unsafe_blocks: bool,
    safety_doc: bool,
    safety_comment: bool,
    unnecessary_doc: bool,
}

/// Where a file stands in the module tree, as far as `mod` declarations tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ModuleFile {
    /// Some file's `mod` declaration names it: a module file, not a crate root.
    declared: bool,
    /// Its `pub` items are exported: a root, or declared by a plain `pub mod` (not
    /// `#[doc(hidden)]`) of an exported file.
    exported: bool,
    /// Every declaration naming it, or one naming a file it stands in, is `#[doc(hidden)]`
    /// (see [`crate::facts::rust::ModDeclaration::doc_hidden`]): clippy's doc lints skip
    /// every fn in it, methods and trait items too (their `#[doc(hidden)]` parent).
    hidden: bool,
}

/// A `mod` declaration naming a file: the declaring file (its index among the linted files),
/// whether it is `pub` (and not hidden), whether it is `#[doc(hidden)]`.
#[derive(Clone, Copy)]
struct Declaration {
    by: usize,
    public: bool,
    hidden: bool,
}

/// Declaration chains longer than this are taken for cycles: a file reached only through one
/// is neither exported nor hidden.
const MAX_DECLARATION_DEPTH: usize = 64;

/// The module tree of the linted files: which file each `mod NAME;` declaration names (in
/// inline modules too), found by the crate model's rule
/// ([`crate::model::report::declared_file_candidates`]; a file owns its folder when it is a
/// `mod.rs`, `lib.rs` or `main.rs`), and from it which files are exported modules. A file
/// no declaration names is a root (a crate root, or a file whose crate is not known):
/// exported.
///
/// Each file's verdict is computed once, for every file together: following every
/// declaration chain from each file is exponential when files are declared from many places
/// (`#[path]` declarations, `mod.rs` files declaring each other).
struct ModuleFiles<'a> {
    /// Where each file stands, by path.
    verdicts: BTreeMap<&'a str, ModuleFile>,
}

impl<'a> ModuleFiles<'a> {
    fn new(rust: &'a BTreeMap<String, RustFacts>) -> Self {
        let index: BTreeMap<&str, usize> = rust
            .keys()
            .enumerate()
            .map(|(i, file)| (file.as_str(), i))
            .collect();
        // For each file (by index), the declarations naming it.
        let mut parents: Vec<Vec<Declaration>> = vec![Vec::new(); rust.len()];
        for (by, (file, facts)) in rust.iter().enumerate() {
            let name = file.rsplit('/').next().unwrap_or(file);
            let owns_dir = matches!(name, "mod.rs" | "lib.rs" | "main.rs");
            for decl in facts.mod_declarations.iter().filter(|d| !d.inline) {
                let candidates =
                    crate::model::report::declared_file_candidates(file, owns_dir, decl);
                if let Some(&child) = candidates.iter().find_map(|(c, _)| index.get(c.as_str())) {
                    if child != by {
                        parents[child].push(Declaration {
                            by,
                            public: decl.exported,
                            hidden: decl.doc_hidden,
                        });
                    }
                }
            }
        }
        let exported = exported_files(&parents);
        let hidden = hidden_files(&parents);
        let verdicts = rust
            .keys()
            .enumerate()
            .map(|(i, file)| {
                let verdict = ModuleFile {
                    declared: !parents[i].is_empty(),
                    exported: exported[i],
                    hidden: hidden[i],
                };
                (file.as_str(), verdict)
            })
            .collect();
        ModuleFiles { verdicts }
    }

    /// Where `file` stands (a file not linted is a root).
    fn of(&self, file: &str) -> ModuleFile {
        self.verdicts.get(file).copied().unwrap_or(ModuleFile {
            declared: false,
            exported: true,
            hidden: false,
        })
    }
}

/// Whether each file is exported: a root, or declared by a `pub` declaration of an exported
/// file, within [`MAX_DECLARATION_DEPTH`] declarations of a root.
///
/// Level by level, from the deepest: `at[f]` is whether `f`, reached `depth` declarations
/// below the file asked about, leads to a root through `pub` declarations. That is what
/// following every chain with a depth bound decides, in (depth bound) × (declarations) steps;
/// it stops early when a level changes nothing, as the levels above are then the same.
fn exported_files(parents: &[Vec<Declaration>]) -> Vec<bool> {
    // Past the bound, only a root is exported.
    let mut at: Vec<bool> = parents.iter().map(Vec::is_empty).collect();
    for _ in 0..=MAX_DECLARATION_DEPTH {
        let above: Vec<bool> = parents
            .iter()
            .map(|declared_by| {
                declared_by.is_empty() || declared_by.iter().any(|d| d.public && at[d.by])
            })
            .collect();
        if above == at {
            break;
        }
        at = above;
    }
    at
}

/// Whether every way to each file passes a `#[doc(hidden)]` declaration (cycles and chains
/// past [`MAX_DECLARATION_DEPTH`]: not), level by level as [`exported_files`].
fn hidden_files(parents: &[Vec<Declaration>]) -> Vec<bool> {
    // Past the bound, nothing is hidden.
    let mut at: Vec<bool> = vec![false; parents.len()];
    for _ in 0..=MAX_DECLARATION_DEPTH {
        let above: Vec<bool> = parents
            .iter()
            .map(|declared_by| {
                !declared_by.is_empty() && declared_by.iter().all(|d| d.hidden || at[d.by])
            })
            .collect();
        if above == at {
            break;
        }
        at = above;
    }
    at
}

/// The findings of the `unsafe` rules on one site: undocumented-unsafe, missing-safety-doc
/// and unsafe-in-driver (`crate_outside`: the crate outside rust/ the file belongs to).
fn site_findings(
    file: &mut FileFindings<'_, '_>,
    site: &UnsafeSite,
    rules: &BTreeSet<Rule>,
    allowed: FileAllows,
    crate_outside: Option<(&str, bool)>,
    module: ModuleFile,
) {
    let undocumented_reported = !site.allowed && !allowed.unsafe_blocks;
    if rules.contains(&Rule::UndocumentedUnsafe) && !site.documented && undocumented_reported {
        let what = match site.kind {
            UnsafeKind::Block => Some("unsafe block"),
            UnsafeKind::Impl => Some("unsafe impl"),
            _ => None,
        };
        if let Some(what) = what {
            file.push(
                Rule::UndocumentedUnsafe,
                site.line,
                site.column,
                format!("{what} without a `// SAFETY:` comment"),
            );
        }
    }
    let safety_doc_reported = !site.allowed && !allowed.safety_doc;
    // A fn of the file's modules is exported only if the file's module is; no fn of a
    // hidden module is looked at.
    let exported = site.exported
        && (!site.module_item || module.exported)
        && !(site.kind == UnsafeKind::Fn && module.hidden);
    if rules.contains(&Rule::MissingSafetyDoc)
        && exported
        && !site.documented
        && safety_doc_reported
    {
        let what = match site.kind {
            UnsafeKind::Fn => Some("unsafe fn"),
            UnsafeKind::Trait => Some("unsafe trait"),
            _ => None,
        };
        if let Some(what) = what {
            file.push(
                Rule::MissingSafetyDoc,
                site.line,
                site.column,
                format!("public {what} without a `# Safety` section in its docs"),
            );
        }
    }
    if let (true, Some((name, _))) = (rules.contains(&Rule::UnsafeInDriver), crate_outside) {
        let what = match site.kind {
            UnsafeKind::Block => "unsafe block",
            UnsafeKind::Fn => "unsafe fn",
            UnsafeKind::Trait => "unsafe trait",
            UnsafeKind::Impl => "unsafe impl",
            UnsafeKind::ExternBlock => "unsafe extern block",
            UnsafeKind::Attribute => "unsafe attribute",
        };
        file.push(
            Rule::UnsafeInDriver,
            site.line,
            site.column,
            format!("{what} in crate `{name}`, outside rust/"),
        );
    }
}

/// The findings of unnecessary-safety-comment and unnecessary-safety-doc on one site of
/// safe code.
fn safe_code_findings(
    file: &mut FileFindings<'_, '_>,
    site: &SafeCodeSite,
    rules: &BTreeSet<Rule>,
    allowed: FileAllows,
    module: ModuleFile,
) {
    let (rule, file_allows, message) = match site.kind {
        SafeCodeKind::Comment => {
            if site.first_in_file && module.declared {
                return;
            }
            (
                Rule::UnnecessarySafetyComment,
                allowed.safety_comment,
                "`// SAFETY:` comment on safe code: nothing here is unsafe",
            )
        }
        SafeCodeKind::FnDoc => {
            if !(site.exported && (!site.module_item || module.exported)) || module.hidden {
                return;
            }
            (
                Rule::UnnecessarySafetyDoc,
                allowed.unnecessary_doc,
                "safe fn with a `# Safety` section in its docs",
            )
        }
        SafeCodeKind::TraitDoc => {
            if !site.exported {
                return;
            }
            (
                Rule::UnnecessarySafetyDoc,
                allowed.unnecessary_doc,
                "safe trait with a `# Safety` section in its docs",
            )
        }
    };
    if rules.contains(&rule) && !site.allowed && !file_allows {
        file.push(rule, site.line, site.column, message.to_string());
    }
}

/// The driver-uses-bindings findings of a file of crate `name` (outside rust/, without a
/// `bindings` of its own): one finding per `bindings` token; a use tree names several items
/// at once.
fn bindings_findings(file: &mut FileFindings<'_, '_>, facts: &RustFacts, name: &str) {
    let mut at: BTreeMap<(u32, u32), Vec<&str>> = BTreeMap::new();
    for site in &facts.bindings_sites {
        at.entry((site.line, site.column))
            .or_default()
            .push(site.name.as_str());
    }
    for ((line, column), names) in at {
        let used = match names.as_slice() {
            [one] => format!("`bindings::{one}`"),
            many => format!("`bindings::{{{}}}`", many.join(", ")),
        };
        file.push(
            Rule::DriverUsesBindings,
            line,
            column,
            format!("crate `{name}`, outside rust/, uses {used} directly"),
        );
    }
}

/// Skip reasons that say what a path is, not that it could not be read: such a path that is not
/// a `.rs` file holds no Rust the rules miss.
fn is_verdict_on_a_non_rust_file(reason: &str) -> bool {
    const VERDICTS: [&str; 9] = [
        "binary file",
        "symbolic link",
        "hard link",
        "not a regular file",
        "language without counting rules",
        "file name is not valid UTF-8",
        "absolute path in archive",
        "path leaves the tree (`..`)",
        "submodule",
    ];
    NOT_SOURCE_REASONS.contains(&reason)
        || VERDICTS.contains(&reason)
        // Version-control metadata (`.git`, `.svn`, ...), never the tree's source, as for cloc.
        || reason == crate::source::LEFT_OUT_REASON
        || crate::model::census::is_duplicate(reason)
        || reason.starts_with("larger than ")
        || reason.starts_with("git object ")
}

/// The findings of [`Rule::RustNotAnalysed`]: skipped `.rs` files (but duplicates, whose
/// content is linted under another path, and empty files), unreadable paths of any name, and
/// `.rs` files whose facts were not extracted. Vendored crates are left out, as for every rule.
fn not_analysed(input: &LintInput<'_>, vendored_roots: &[String]) -> Vec<Finding> {
    let finding = |path: &str, message: String| Finding {
        rule: Rule::RustNotAnalysed,
        path: path.to_string(),
        line: 1,
        column: 1,
        message,
        source_line: String::new(),
    };
    let mut found = Vec::new();
    for skipped in &input.report.skipped.files {
        let (path, reason) = (skipped.path.as_str(), skipped.reason.as_str());
        if area_of(path, vendored_roots).is_vendored() {
            continue;
        }
        let is_rust = path.ends_with(".rs");
        let message = if is_rust {
            if crate::model::census::is_duplicate(reason) || reason == "empty file" {
                continue;
            }
            format!("Rust file not analysed ({reason}): no rule looked at it")
        } else if !is_verdict_on_a_non_rust_file(reason) {
            format!("path not read ({reason}): Rust in or under it, if any, is not analysed")
        } else {
            continue;
        };
        found.push(finding(path, message));
    }
    for (path, facts) in input.rust {
        if area_of(path, vendored_roots).is_vendored() {
            continue;
        }
        if let Some(reason) = not_extracted_reason(facts) {
            found.push(finding(
                path,
                format!("Rust file not analysed ({reason}): no rule looked at it"),
            ));
        }
    }
    found
}

/// A file's lines, for the source line of a finding.
struct SourceLines<'a> {
    bytes: &'a [u8],
    starts: Vec<usize>,
}

impl<'a> SourceLines<'a> {
    fn new(bytes: Option<&'a [u8]>) -> Self {
        let bytes = bytes.unwrap_or(&[]);
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
        SourceLines { bytes, starts }
    }

    /// The text of 1-based `line`, without its line end ("" past the end).
    fn line(&self, line: u32) -> String {
        let index = (line as usize).saturating_sub(1);
        let Some(&start) = self.starts.get(index) else {
            return String::new();
        };
        let end = self
            .starts
            .get(index + 1)
            .map_or(self.bytes.len(), |&next| next - 1);
        let text = String::from_utf8_lossy(self.bytes.get(start..end).unwrap_or(&[]));
        text.trim_end_matches('\r').to_string()
    }
}

/// A baseline entry: a finding keyed so that moving code does not invalidate it — the rule,
/// the path, a hash of the trimmed text of the finding's line, and the occurrence of that
/// (rule, path, hash) in file order. The line number is kept only for people reading the file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BaselineEntry {
    /// The rule's name.
    pub rule: String,
    /// The file.
    pub path: String,
    /// FNV-1a 64 of the trimmed source line, as 16 hex digits.
    pub line_hash: String,
    /// 0 for the first finding with this (rule, path, line_hash) in file order, 1 for the next...
    pub occurrence: u32,
    /// Where the finding was when the baseline was written (informative; not part of the key).
    pub line: u32,
}

impl BaselineEntry {
    fn key(&self) -> (&str, &str, &str, u32) {
        (&self.rule, &self.path, &self.line_hash, self.occurrence)
    }
}

/// A baseline file: the findings accepted as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    /// Format version (1).
    pub kcensus_lint_baseline: u32,
    /// The accepted findings, sorted.
    pub findings: Vec<BaselineEntry>,
}

/// FNV-1a, 64 bits: a hash that stays the same across versions and platforms.
fn fnv1a64(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// The baseline keys of `findings` (which must be sorted as [`lint`] sorts them), one per
/// finding, in the same order.
pub fn baseline_entries(findings: &[Finding]) -> Vec<BaselineEntry> {
    let mut seen: BTreeMap<(Rule, &str, u64), u32> = BTreeMap::new();
    findings
        .iter()
        .map(|f| {
            let hash = fnv1a64(f.source_line.trim());
            let n = seen.entry((f.rule, f.path.as_str(), hash)).or_insert(0);
            let occurrence = *n;
            *n += 1;
            BaselineEntry {
                rule: f.rule.name().to_string(),
                path: f.path.clone(),
                line_hash: format!("{hash:016x}"),
                occurrence,
                line: f.line,
            }
        })
        .collect()
}

/// The baseline accepting every one of `findings`.
pub fn baseline_of(findings: &[Finding]) -> Baseline {
    let mut entries = baseline_entries(findings);
    entries.sort();
    Baseline {
        kcensus_lint_baseline: 1,
        findings: entries,
    }
}

/// The findings that `baseline` does not accept.
pub fn new_findings(findings: &[Finding], baseline: &Baseline) -> Vec<Finding> {
    let accepted: BTreeSet<(&str, &str, &str, u32)> =
        baseline.findings.iter().map(BaselineEntry::key).collect();
    findings
        .iter()
        .zip(baseline_entries(findings))
        .filter(|(_, entry)| !accepted.contains(&entry.key()))
        .map(|(f, _)| f.clone())
        .collect()
}

/// How many findings of each rule (every rule in `rules` listed, zero or not).
pub fn counts(findings: &[Finding], rules: &[Rule]) -> BTreeMap<Rule, usize> {
    let mut counts: BTreeMap<Rule, usize> = rules.iter().map(|&r| (r, 0)).collect();
    for f in findings {
        *counts.entry(f.rule).or_default() += 1;
    }
    counts
}
