//! Rust's reach into the C API: which of the functions the kernel exports (`EXPORT_SYMBOL*`)
//! Rust calls, directly through `bindings::` or through the C helpers, by subsystem; which C
//! structs it names; and, per driver and `kernel` module, the C subsystems its calls land in.
//!
//! The inputs are plain: the C-side facts of each file ([`crate::facts::c`]), the
//! `bindings::` names each Rust file uses, what each helper wraps
//! ([`super::kernel::wraps`]), the headers bindgen is given, and a subsystem for each path.
//!
//! Rules (each says what it counts, so a second method can check it):
//! - An exported symbol is a distinct name in an `EXPORT_SYMBOL*` of any variant but
//!   `EXPORT_SYMBOL_RUST_GPL` (Rust's own exports to C). Its file is the first exporting file
//!   outside `arch/`, else the first (paths sorted); its kind is the first kind told there.
//! - Rust calls a C name `N` when a Rust file uses `bindings::N` and either a helper's Rust
//!   name is `N` (then the name reached is what the helper wraps, and it counts "via
//!   helpers"), or `N` is a C function: exported as a function, or defined or declared as one
//!   (not `static`) in a C file or header. In Rust, a C function named through `bindings::`
//!   can only be called or taken as a function pointer, so no Rust-side test is needed.
//!   A name that a header defines as a struct tag is a type (bindgen names `struct page`
//!   `bindings::page`), not a function, unless it is exported as a function.
//! - Where a reached name is defined: its exporting file, else the first of its definitions,
//!   the kernel's before user space's (`tools/`, `scripts/`: their own copies of kernel
//!   functions), then by kind (function, inline, macro, prototype, static function), outside
//!   `arch/` first, then by path.
//! - Structs: the struct names the headers given to bindgen define (directly, not through the
//!   headers they include), and of those the ones Rust names through `bindings::`.

use crate::facts::c::{CFacts, DefinitionKind, SymbolKind};
use crate::facts::rust::RustFacts;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A helper and the C name it wraps (the model's view of [`super::kernel::wraps::HelperWrap`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelperTarget {
    /// The name Rust calls it by (`bindings::NAME`).
    pub rust_name: String,
    /// The C name its body calls.
    pub wraps: String,
}

/// A unit of Rust code whose reach is followed: a driver or a `kernel` crate module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RustUnit {
    /// `kernel::sync::lock` or the driver's name.
    pub name: String,
    /// `driver` or `kernel module`.
    pub kind: &'static str,
    /// Its files.
    pub files: Vec<String>,
    /// The `kernel` modules it uses (for drivers), by the names other units carry.
    pub uses: Vec<String>,
}

/// What [`reach`] reads.
pub struct ReachInput<'a> {
    /// C-side facts by path (files without any may be left out).
    pub c_facts: &'a BTreeMap<String, CFacts>,
    /// The names [`CFacts::definitions`] index into.
    pub searched: &'a [String],
    /// Rust facts by path (vendored crates left out by the caller).
    pub rust: &'a BTreeMap<String, &'a RustFacts>,
    /// The helpers and what they wrap.
    pub helpers: &'a [HelperTarget],
    /// The headers given to bindgen that exist in the tree, as paths.
    pub bound_headers: &'a [String],
    /// Drivers and `kernel` modules, for [`Reach::chains`].
    pub units: &'a [RustUnit],
    /// The subsystem of a path (MAINTAINERS section, or the top-level folder).
    pub subsystem_of: &'a dyn Fn(&str) -> String,
}

/// A C function (or inline function, or macro) Rust reaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CalledName {
    /// The C name.
    pub name: String,
    /// The helper Rust calls to reach it (its Rust name), if any.
    pub via_helper: Option<String>,
    /// Whether the kernel exports it.
    pub exported: bool,
    /// What its chosen definition is (`exported function`, `function`, `inline`, `macro`,
    /// `prototype`, `static_function`), or `not found`.
    pub kind: String,
    /// The file defining (or exporting) it, if found.
    pub file: Option<String>,
    /// The subsystem of that file.
    pub subsystem: Option<String>,
    /// Rust files using it (directly or through its helper).
    pub rust_files: u64,
}

/// Exported functions and those Rust calls, in one subsystem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SubsystemReach {
    /// MAINTAINERS section, or top-level folder.
    pub subsystem: String,
    /// Exported functions whose file is in it.
    pub exported: u64,
    /// Of those, the ones Rust calls.
    pub called_from_rust: u64,
    /// `called_from_rust / exported`.
    pub share: f64,
}

/// The structs of the bound headers and those Rust names.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct StructReach {
    /// Headers given to bindgen found in the tree.
    pub bound_headers: u64,
    /// Distinct struct names those headers define.
    pub defined_in_bound_headers: u64,
    /// Of those, the ones Rust names through `bindings::`.
    pub named_from_rust: u64,
    /// `named_from_rust / defined_in_bound_headers`.
    pub share: f64,
    /// `bindings::` names that are structs defined in any header of the tree (bindgen also
    /// sees the headers the bound ones include).
    pub named_from_rust_any_header: u64,
}

/// A driver or module and the C subsystems its calls land in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Chain {
    /// The driver's or module's name.
    pub rust: String,
    /// `driver` or `kernel module`.
    pub kind: String,
    /// C functions it calls directly (`bindings::` in its own files, helpers included).
    pub direct_c_functions: u64,
    /// The `kernel` modules it uses.
    pub kernel_modules: Vec<String>,
    /// C subsystems reached (directly or through the modules), with the count of distinct C
    /// functions landing in each; most first.
    pub subsystems: Vec<(String, u64)>,
}

/// Rust's reach into the C API (JSON `reach`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Reach {
    /// Distinct names exported with `EXPORT_SYMBOL*` (not `EXPORT_SYMBOL_RUST_GPL`).
    pub exported_c_symbols: u64,
    /// Of those, functions.
    pub exported_c_functions: u64,
    /// Of those, variables.
    pub exported_c_variables: u64,
    /// Of those, neither told from the file.
    pub exported_c_unknown: u64,
    /// `EXPORT_SYMBOL*` lines by macro (every variant, `EXPORT_SYMBOL_RUST_GPL` included).
    pub exports_by_macro: BTreeMap<String, u64>,
    /// Distinct C functions, inline functions and macros Rust reaches.
    pub c_functions_called: u64,
    /// Of those, reached through a C helper.
    pub via_helpers: u64,
    /// Exported functions Rust reaches.
    pub exported_called_from_rust: u64,
    /// `exported_called_from_rust / exported_c_functions`.
    pub share: f64,
    /// By subsystem, most exported functions first.
    pub by_subsystem: Vec<SubsystemReach>,
    /// Every name reached, sorted.
    pub called: Vec<CalledName>,
    /// Structs.
    pub structs: StructReach,
    /// Drivers and `kernel` modules with the C subsystems they reach.
    pub chains: Vec<Chain>,
}

/// One exported name: its chosen file and kind.
struct ExportedName<'a> {
    file: &'a str,
    kind: SymbolKind,
}

fn is_arch(path: &str) -> bool {
    path.starts_with("arch/")
}

fn ratio(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// The exported names with their file and kind, and the count of export lines by macro.
fn exported_names<'a>(
    c_facts: &'a BTreeMap<String, CFacts>,
) -> (BTreeMap<&'a str, ExportedName<'a>>, BTreeMap<String, u64>) {
    let mut names: BTreeMap<&str, ExportedName> = BTreeMap::new();
    let mut by_macro: BTreeMap<String, u64> = BTreeMap::new();
    // Files outside arch/ first, each group in path order: the first file wins.
    let ordered = c_facts
        .iter()
        .filter(|(p, _)| !is_arch(p))
        .chain(c_facts.iter().filter(|(p, _)| is_arch(p)));
    for (path, facts) in ordered {
        for export in &facts.exports {
            *by_macro.entry(export.macro_name.clone()).or_default() += 1;
            if export.macro_name == "EXPORT_SYMBOL_RUST_GPL" {
                continue;
            }
            let entry = names.entry(export.name.as_str()).or_insert(ExportedName {
                file: path,
                kind: export.kind,
            });
            if entry.kind == SymbolKind::Unknown && entry.file == path.as_str() {
                entry.kind = export.kind;
            }
        }
    }
    (names, by_macro)
}

/// The rank of a definition kind when choosing where a name is defined (lower first).
fn kind_rank(kind: DefinitionKind) -> u8 {
    match kind {
        DefinitionKind::Function => 0,
        DefinitionKind::Inline => 1,
        DefinitionKind::Macro => 2,
        DefinitionKind::Prototype => 3,
        DefinitionKind::StaticFunction => 4,
    }
}

fn kind_name(kind: DefinitionKind) -> &'static str {
    match kind {
        DefinitionKind::Function => "function",
        DefinitionKind::Inline => "inline",
        DefinitionKind::Macro => "macro",
        DefinitionKind::Prototype => "prototype",
        DefinitionKind::StaticFunction => "static_function",
    }
}

/// Whether a path is user-space code that is never part of the kernel: `tools/` (its own
/// copies of kernel functions, selftests: `tools/lib/rbtree.c` defines `rb_first`,
/// `tools/testing/selftests/kvm/.../spinlock.c` `spin_lock`) and `scripts/` (host programs).
fn is_user_space(path: &str) -> bool {
    path.starts_with("tools/") || path.starts_with("scripts/")
}

/// Each searched name's best definition: (kind, file).
fn best_definitions<'a>(input: &ReachInput<'a>) -> BTreeMap<&'a str, (DefinitionKind, &'a str)> {
    type Key<'a> = (bool, u8, bool, &'a str);
    let mut best: BTreeMap<&str, (Key<'a>, DefinitionKind)> = BTreeMap::new();
    for (path, facts) in input.c_facts {
        for d in &facts.definitions {
            let Some(name) = input.searched.get(d.symbol) else {
                continue;
            };
            let key = (
                is_user_space(path),
                kind_rank(d.kind),
                is_arch(path),
                path.as_str(),
            );
            let slot = best.entry(name.as_str()).or_insert((key, d.kind));
            if key < slot.0 {
                *slot = (key, d.kind);
            }
        }
    }
    best.into_iter()
        .map(|(name, ((.., path), kind))| (name, (kind, path)))
        .collect()
}

/// The struct tags the tree's headers define (`struct page {`). Only asked whether it holds a
/// name: a hash set (about 100,000 tags, with repeats, on 7.3; as a B-tree their string
/// comparisons were a tenth of the reach, on one core after the scan).
fn header_structs<'a>(input: &ReachInput<'a>) -> rustc_hash::FxHashSet<&'a str> {
    input
        .c_facts
        .iter()
        .filter(|(p, _)| p.ends_with(".h"))
        .flat_map(|(_, f)| f.structs.iter().map(String::as_str))
        .collect()
}

/// Rust's reach into the C API.
pub fn reach(input: &ReachInput<'_>) -> Reach {
    reach_with_files(input).0
}

/// The C names each Rust file reaches (directly: `bindings::` names that are C functions, or
/// helpers, as the C names they wrap), by path; files reaching none are left out.
pub type ReachedByFile = BTreeMap<String, BTreeSet<String>>;

/// [`reach`], and the C names each Rust file reaches (what a twin's Rust side calls).
pub fn reach_with_files(input: &ReachInput<'_>) -> (Reach, ReachedByFile) {
    let (exported, exports_by_macro) = exported_names(input.c_facts);
    let definitions = best_definitions(input);
    let helpers: BTreeMap<&str, &str> = input
        .helpers
        .iter()
        .map(|h| (h.rust_name.as_str(), h.wraps.as_str()))
        .collect();
    // `bindings::page` is bindgen's name of `struct page`: a struct tag of a header is a
    // type, whatever a text search takes for a prototype of that name (a comment's
    // `source file (the "Software")` in drivers/block/xen-blkback/blkback.c read as `file`).
    let struct_tags = header_structs(input);
    let is_c_function = |name: &str| {
        exported
            .get(name)
            .is_some_and(|e| e.kind == SymbolKind::Function)
            || !struct_tags.contains(name)
                && definitions.get(name).is_some_and(|(kind, _)| {
                    matches!(kind, DefinitionKind::Function | DefinitionKind::Prototype)
                })
    };
    // The C name a `bindings::` name reaches, and the helper it goes through.
    let target = |name: &str| -> Option<(String, Option<String>)> {
        if let Some(wrapped) = helpers.get(name) {
            return Some((wrapped.to_string(), Some(name.to_string())));
        }
        is_c_function(name).then(|| (name.to_string(), None))
    };
    // Per Rust file, the C names it reaches.
    let mut reached_by_file: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut reached: BTreeMap<String, (Option<String>, BTreeSet<&str>)> = BTreeMap::new();
    for (path, facts) in input.rust {
        for name in facts.bindings_uses.keys() {
            let Some((c_name, helper)) = target(name) else {
                continue;
            };
            let slot = reached
                .entry(c_name.clone())
                .or_insert((None, BTreeSet::new()));
            if slot.0.is_none() {
                slot.0 = helper;
            }
            slot.1.insert(path.as_str());
            reached_by_file
                .entry(path.as_str())
                .or_default()
                .insert(c_name);
        }
    }
    let called: Vec<CalledName> = reached
        .iter()
        .map(|(name, (helper, files))| {
            let export = exported.get(name.as_str());
            let (kind, file) = match (export, definitions.get(name.as_str())) {
                (Some(e), _) => ("exported function".to_string(), Some(e.file.to_string())),
                (None, Some((kind, file))) => {
                    (kind_name(*kind).to_string(), Some(file.to_string()))
                }
                (None, None) => ("not found".to_string(), None),
            };
            CalledName {
                name: name.clone(),
                via_helper: helper.clone(),
                exported: export.is_some(),
                subsystem: file.as_deref().map(input.subsystem_of),
                kind,
                file,
                rust_files: files.len() as u64,
            }
        })
        .collect();
    let subsystem_of_name: BTreeMap<&str, &str> = called
        .iter()
        .filter_map(|c| Some((c.name.as_str(), c.subsystem.as_deref()?)))
        .collect();
    let (by_subsystem, exported_called) = by_subsystem(input, &exported, &reached);
    let count = |kind: SymbolKind| exported.values().filter(|e| e.kind == kind).count() as u64;
    let exported_c_functions = count(SymbolKind::Function);
    let chains = chains(input, &reached_by_file, &subsystem_of_name);
    let by_file: ReachedByFile = reached_by_file
        .into_iter()
        .map(|(path, names)| (path.to_string(), names))
        .collect();
    let reach = Reach {
        exported_c_symbols: exported.len() as u64,
        exported_c_functions,
        exported_c_variables: count(SymbolKind::Variable),
        exported_c_unknown: count(SymbolKind::Unknown),
        exports_by_macro,
        c_functions_called: called.len() as u64,
        via_helpers: called.iter().filter(|c| c.via_helper.is_some()).count() as u64,
        exported_called_from_rust: exported_called,
        share: ratio(exported_called, exported_c_functions),
        by_subsystem,
        structs: structs(input),
        chains,
        called,
    };
    (reach, by_file)
}

/// Exported C functions by subsystem, with how many Rust calls, largest subsystem first; and
/// how many exported functions Rust calls in all.
fn by_subsystem(
    input: &ReachInput<'_>,
    exported: &BTreeMap<&str, ExportedName<'_>>,
    reached: &BTreeMap<String, (Option<String>, BTreeSet<&str>)>,
) -> (Vec<SubsystemReach>, u64) {
    let mut by_subsystem: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    let mut file_subsystems: BTreeMap<&str, String> = BTreeMap::new();
    let mut exported_called = 0u64;
    for (name, e) in exported {
        if e.kind != SymbolKind::Function {
            continue;
        }
        let subsystem = file_subsystems
            .entry(e.file)
            .or_insert_with(|| (input.subsystem_of)(e.file))
            .clone();
        let slot = by_subsystem.entry(subsystem).or_default();
        slot.0 += 1;
        if reached.contains_key(*name) {
            slot.1 += 1;
            exported_called += 1;
        }
    }
    let mut by_subsystem: Vec<SubsystemReach> = by_subsystem
        .into_iter()
        .map(|(subsystem, (exported, called))| SubsystemReach {
            subsystem,
            exported,
            called_from_rust: called,
            share: ratio(called, exported),
        })
        .collect();
    by_subsystem.sort_by(|a, b| {
        (b.exported, b.called_from_rust, &a.subsystem).cmp(&(
            a.exported,
            a.called_from_rust,
            &b.subsystem,
        ))
    });
    (by_subsystem, exported_called)
}

/// Struct names of the bound headers, and those Rust names.
fn structs(input: &ReachInput<'_>) -> StructReach {
    let named: BTreeSet<&str> = input
        .rust
        .values()
        .flat_map(|f| f.bindings_uses.keys().map(String::as_str))
        .collect();
    let bound: BTreeSet<&str> = input
        .bound_headers
        .iter()
        .filter_map(|h| input.c_facts.get(h))
        .flat_map(|f| f.structs.iter().map(String::as_str))
        .collect();
    let any: BTreeSet<&str> = input
        .c_facts
        .iter()
        .filter(|(p, _)| p.ends_with(".h"))
        .flat_map(|(_, f)| f.structs.iter().map(String::as_str))
        .collect();
    let named_bound = bound.iter().filter(|s| named.contains(*s)).count() as u64;
    StructReach {
        bound_headers: input.bound_headers.len() as u64,
        defined_in_bound_headers: bound.len() as u64,
        named_from_rust: named_bound,
        share: ratio(named_bound, bound.len() as u64),
        named_from_rust_any_header: any.iter().filter(|s| named.contains(*s)).count() as u64,
    }
}

/// Each unit with the subsystems its C calls land in, directly and through the modules it uses.
fn chains(
    input: &ReachInput<'_>,
    reached_by_file: &BTreeMap<&str, BTreeSet<String>>,
    subsystem_of_name: &BTreeMap<&str, &str>,
) -> Vec<Chain> {
    let direct = |unit: &RustUnit| -> BTreeSet<&str> {
        unit.files
            .iter()
            .filter_map(|f| reached_by_file.get(f.as_str()))
            .flatten()
            .map(String::as_str)
            .collect()
    };
    let by_name: BTreeMap<&str, &RustUnit> =
        input.units.iter().map(|u| (u.name.as_str(), u)).collect();
    let mut chains: Vec<Chain> = input
        .units
        .iter()
        .map(|unit| {
            let own = direct(unit);
            let mut all = own.clone();
            let mut modules: Vec<String> = Vec::new();
            for used in &unit.uses {
                if let Some(module) = by_name.get(used.as_str()) {
                    all.extend(direct(module));
                    modules.push(used.clone());
                }
            }
            modules.sort();
            modules.dedup();
            let mut subsystems: BTreeMap<&str, u64> = BTreeMap::new();
            for name in &all {
                if let Some(s) = subsystem_of_name.get(name) {
                    *subsystems.entry(s).or_default() += 1;
                }
            }
            let mut subsystems: Vec<(String, u64)> = subsystems
                .into_iter()
                .map(|(s, n)| (s.to_string(), n))
                .collect();
            subsystems.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            Chain {
                rust: unit.name.clone(),
                kind: unit.kind.to_string(),
                direct_c_functions: own.len() as u64,
                kernel_modules: modules,
                subsystems,
            }
        })
        .collect();
    chains.sort_by(|a, b| (&a.kind, &a.rust).cmp(&(&b.kind, &b.rust)));
    chains
}

#[cfg(test)]
mod tests;
