//! Twins: a Rust implementation and the C implementation of the same thing in one tree,
//! found from the tree and measured side by side.
//!
//! Pairs come from the pairing rules of [`rules`] (Kconfig names, `depends on !C`, prompts and
//! help texts that name the C driver, `choice` groups, Makefile `ifdef ... else`
//! alternatives, module names), each finding with its rule, file and line; there is no list
//! of pairs kept by hand. [`pair`] reads only the tree's knowledge files (Kconfig, Makefile,
//! Kbuild) and the Rust crates; [`measure`] then takes per-file figures.
//!
//! ## What makes up each side
//!
//! A side is what its Kconfig symbol builds ([`sources`]): the sources of its Kbuild objects
//! (a composite's parts included, whatever their part symbol), a Rust crate root standing for
//! all the files its `mod` declarations reach, and then the headers its C files include with
//! quotes (`#include "binder_internal.h"`), transitively, that exist in the tree: the
//! driver's companions. So C Binder is `binder.c`, `binder_alloc.c`, `binder_netlink.c`,
//! `binderfs.c` and the five headers they include; Rust Binder is its crate and the C glue
//! its module links (`rust_binderfs.c`, `rust_binder_events.c`) with their headers. Both
//! languages of a side are counted in its `lines`; `rust_lines` and `c_lines` split them, so
//! a comparison can be made with or without the glue. Tests (`tests/` folders as composite
//! parts) are not part of a side.
//!
//! ## Figures
//!
//! Lines are cloc's; functions are Rust `fn` items with a body ([`crate::facts::rust`]) and C
//! function definitions ([`crate::facts::c_functions`]); `unsafe` blocks, SAFETY comments and
//! `bindings::` uses are the Rust facts of the side's Rust files. `c_api_functions_called` is
//! the distinct C API names the side's code calls, on both sides alike: the names its C files
//! and headers call ([`crate::facts::c_calls`]: functions and macros, recorded by the scan for
//! the files [`calls_wanted`] names) and, for Rust files, the C functions, inline functions
//! and macros they reach directly through `bindings::` (helpers as what they wrap: the reach
//! analysis's rule), less the names the side itself defines (its C functions and `#define`s,
//! the functions its Rust exports to C, as Rust Binder's `rust_binder_*` its C glue calls).
//! It is `null` when any file of the side has no record (a C file the scan did not record),
//! so a partial figure never reads as complete. `cves` is filled with `--cves` (the CVE
//! records whose program files are the side's files; `null` without).

pub mod rules;
pub mod sources;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use serde::{Deserialize, Serialize};

use crate::model::kernel::kconfig::KconfigEntry;
use rules::{Finding, RuleInput, SymbolInfo};
use sources::{Built, BuiltModule, KbuildIndex, Source};

/// Why a pair is a pair: a rule, and where the tree says it.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct Evidence {
    /// The rule's name (`kconfig-name`, `kconfig-depends-not`, `kconfig-prompt`,
    /// `kconfig-help`, `kconfig-choice`, `makefile-alternative`, `module-name`).
    pub rule: String,
    /// The file that says it.
    pub file: String,
    /// Its line (1-based).
    pub line: usize,
    /// What matched, in words.
    pub detail: String,
}

/// A Rust crate outside `rust/`, as the report knows it.
#[derive(Debug, Clone, Default)]
pub struct TwinCrate {
    /// The crate root.
    pub root: String,
    /// Every file its `mod` declarations reach, root included.
    pub files: Vec<String>,
    /// The `name:` of its module macro, with the file and line of the macro.
    pub module: Option<(String, String, u32)>,
}

/// What [`pair`] reads.
#[derive(Clone, Copy)]
pub struct PairInput<'a> {
    /// Knowledge files by path (Kconfig files, Makefiles and Kbuilds are read; others ignored).
    pub kept: &'a BTreeMap<String, Vec<u8>>,
    /// Whether a (counted) file exists in the tree.
    pub exists: &'a (dyn Fn(&str) -> bool + Sync),
    /// The Rust crates outside `rust/`.
    pub crates: &'a [TwinCrate],
    /// The Kconfig files of `kept` already parsed, by path in path order; `None` parses them
    /// here.
    pub kconfig: Option<&'a [(String, Vec<KconfigEntry>)]>,
}

/// One side of a pair before measuring.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SideSpec {
    /// The Kconfig symbol (without `CONFIG_`).
    pub symbol: String,
    /// Its prompt.
    pub prompt: Option<String>,
    /// Kconfig file and line of the entry.
    pub kconfig: (String, usize),
    /// The modules (objects) it builds, with their folder, without `.o`.
    pub modules: Vec<String>,
    /// Its source files (crates expanded, headers not yet), sorted.
    pub files: Vec<String>,
}

/// A pair found in the tree, before measuring.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pairing {
    /// The Rust side.
    pub rust: SideSpec,
    /// The C side.
    pub c: SideSpec,
    /// Every finding of every rule for this pair, sorted.
    pub evidence: Vec<Evidence>,
}

fn is_kbuild(path: &str) -> bool {
    matches!(
        path.rsplit('/').next().unwrap_or(path),
        "Makefile" | "Kbuild"
    )
}

/// What pairing needs that does not depend on the crates: the tree's Kconfig files parsed,
/// every symbol's entry, and what each symbol builds. Reading every Kconfig and Kbuild file
/// for it is most of the pairing's work, so it is done once per report: the scan's choice of
/// the files whose calls to record ([`calls_wanted`]) makes it before the C files are read,
/// and the report pairs from it ([`pair_from`]) and reads its Kconfig parse.
pub struct PairBasis {
    /// The Kconfig files parsed, by path in path order.
    pub kconfig: Vec<(String, Vec<KconfigEntry>)>,
    /// Every Kconfig symbol's entry, by symbol.
    symbols: BTreeMap<String, SymbolInfo>,
    /// The symbols that build Rust outside `rust/`, with their sources.
    rust: BTreeMap<String, Vec<Source>>,
    /// The symbols that build only C, with their sources.
    c: BTreeMap<String, Vec<Source>>,
    /// The modules of the symbols of `rust` and `c`.
    modules: BTreeMap<String, Vec<BuiltModule>>,
}

impl PairBasis {
    /// The basis of the tree whose knowledge files are `kept`, where `exists` tells which
    /// source files exist. `kconfig` is the Kconfig files of `kept` already parsed (then
    /// copied), or `None` to parse them here.
    pub fn new(
        kept: &BTreeMap<String, Vec<u8>>,
        exists: &(dyn Fn(&str) -> bool + Sync),
        kconfig: Option<&[(String, Vec<KconfigEntry>)]>,
    ) -> PairBasis {
        // The Kconfig side and the Kbuild index share nothing: built side by side.
        let (kconfig, index) = rayon::join(
            || match kconfig {
                Some(parsed) => parsed.to_vec(),
                None => crate::model::kernel::kconfig::parse_files(kept),
            },
            || {
                // Borrowed when valid UTF-8: a Makefile may be large, and the index keeps
                // what it needs.
                let texts: Vec<(&str, Cow<'_, str>)> = kept
                    .iter()
                    .filter(|(p, _)| is_kbuild(p))
                    .map(|(p, b)| (p.as_str(), String::from_utf8_lossy(b)))
                    .collect();
                KbuildIndex::new(texts.iter().map(|(p, t)| (*p, t.as_ref())))
            },
        );
        // Each file's entries read on the pool, then kept in path order: the first entry of
        // a symbol defined twice wins.
        let read: Vec<Vec<SymbolInfo>> = kconfig
            .par_iter()
            .map(|(path, entries)| {
                let text = String::from_utf8_lossy(&kept[path]);
                rules::read_kconfig_entries(path, &text, entries.clone())
            })
            .collect();
        let mut symbols: BTreeMap<String, SymbolInfo> = BTreeMap::new();
        for info in read.into_iter().flatten() {
            symbols.entry(info.entry.symbol.clone()).or_insert(info);
        }
        let names: Vec<&String> = symbols.keys().collect();
        let built: Vec<Built> = names
            .par_iter()
            .map(|symbol| index.built(symbol, exists))
            .collect();
        let mut rust: BTreeMap<String, Vec<Source>> = BTreeMap::new();
        let mut c: BTreeMap<String, Vec<Source>> = BTreeMap::new();
        let mut modules: BTreeMap<String, Vec<BuiltModule>> = BTreeMap::new();
        for (symbol, built) in names.into_iter().zip(built) {
            let Built {
                sources: built,
                modules: built_modules,
            } = built;
            if built.is_empty() {
                continue;
            }
            // The kernel's own crates (`rust/`, built by `RUST`) re-implement nothing.
            if built
                .iter()
                .any(|s| s.is_rust() && !s.path.starts_with("rust/"))
            {
                rust.insert(symbol.clone(), built);
            } else if !built.iter().any(Source::is_rust) {
                c.insert(symbol.clone(), built);
            } else {
                continue;
            }
            modules.insert(symbol.clone(), built_modules);
        }
        rayon::spawn(move || drop(index));
        PairBasis {
            kconfig,
            symbols,
            rust,
            c,
            modules,
        }
    }

    /// This basis for a tree where fewer files exist (`exists`): the sources that do not
    /// exist left out, and the symbols left with none. `None` when a Rust source does not
    /// exist: the object would then be read as its `.c`, which only a new basis can tell.
    fn narrowed(&self, exists: &dyn Fn(&str) -> bool) -> Option<Narrowed<'_>> {
        Some(Narrowed {
            rust: narrowed_sources(&self.rust, exists)?,
            c: narrowed_sources(&self.c, exists)?,
        })
    }
}

/// `map` without the sources that do not exist and the symbols left with none: `map` itself
/// when every source exists, `None` when a Rust source does not (see [`PairBasis::narrowed`]).
fn narrowed_sources<'a>(
    map: &'a BTreeMap<String, Vec<Source>>,
    exists: &dyn Fn(&str) -> bool,
) -> Option<Cow<'a, BTreeMap<String, Vec<Source>>>> {
    let missing = |source: &Source| !exists(&source.path);
    if !map.values().flatten().any(missing) {
        return Some(Cow::Borrowed(map));
    }
    let mut out: BTreeMap<String, Vec<Source>> = BTreeMap::new();
    for (symbol, sources) in map {
        let mut kept: Vec<Source> = Vec::new();
        for source in sources {
            if !missing(source) {
                kept.push(source.clone());
            } else if source.is_rust() {
                return None;
            }
        }
        if !kept.is_empty() {
            out.insert(symbol.clone(), kept);
        }
    }
    Some(Cow::Owned(out))
}

/// The symbols of a [`PairBasis`] whose sources exist (the basis's own maps when all do).
/// Their modules are the basis's: the rules and the sides look modules up only for the
/// symbols of these maps.
struct Narrowed<'a> {
    rust: Cow<'a, BTreeMap<String, Vec<Source>>>,
    c: Cow<'a, BTreeMap<String, Vec<Source>>>,
}

/// Finds the pairs of a tree from its knowledge files and crates, sorted by Rust symbol and
/// then C symbol.
pub fn pair(input: &PairInput<'_>) -> Vec<Pairing> {
    let basis = PairBasis::new(input.kept, input.exists, input.kconfig);
    let pairings = pair_from(&basis, input);
    // Every Kconfig symbol's entry and sources are freed on another thread: the report waits
    // for the pairs, not for the freeing of some 20,000 entries.
    rayon::spawn(move || drop(basis));
    pairings
}

/// [`pair`] from a basis made from the same knowledge files, where the files `input.exists`
/// names exist or more (the scan makes it before it knows which `.c` files exist). The
/// result is [`pair`]'s: the sources that do not exist are left out, and a Rust source that
/// does not exist makes a new basis.
pub fn pair_from(basis: &PairBasis, input: &PairInput<'_>) -> Vec<Pairing> {
    let Some(Narrowed { rust, c }) = basis.narrowed(input.exists) else {
        return pair(&PairInput {
            kconfig: Some(&basis.kconfig),
            ..*input
        });
    };
    let (symbols, modules) = (&basis.symbols, &basis.modules);
    let kbuild_texts: BTreeMap<String, Cow<'_, str>> = input
        .kept
        .iter()
        .filter(|(p, _)| is_kbuild(p))
        .map(|(p, b)| (p.clone(), String::from_utf8_lossy(b)))
        .collect();
    let module_names: BTreeMap<String, (String, String, u32)> = input
        .crates
        .iter()
        .filter_map(|k| k.module.clone().map(|m| (k.root.clone(), m)))
        .collect();
    let findings = rules::find(&RuleInput {
        symbols,
        rust: &rust,
        c: &c,
        modules,
        kbuild_texts: &kbuild_texts,
        module_names: &module_names,
    });
    let mut grouped: BTreeMap<(String, String), Vec<Evidence>> = BTreeMap::new();
    for Finding { rust, c, evidence } in findings {
        grouped.entry((rust, c)).or_default().push(evidence);
    }
    let side = |symbol: &str, built: &[Source]| -> SideSpec {
        let info = &symbols[symbol];
        let mut files: BTreeSet<String> = BTreeSet::new();
        for source in built {
            match input.crates.iter().find(|k| k.root == source.path) {
                Some(krate) => files.extend(krate.files.iter().cloned()),
                None => {
                    files.insert(source.path.clone());
                }
            }
        }
        SideSpec {
            symbol: symbol.to_string(),
            prompt: info.entry.prompt.clone(),
            kconfig: (info.file.clone(), info.entry.line),
            modules: modules[symbol].iter().map(|(m, _, _)| m.clone()).collect(),
            files: files.into_iter().collect(),
        }
    };
    grouped
        .into_iter()
        .map(|((r, k), mut evidence)| {
            evidence.sort();
            evidence.dedup();
            Pairing {
                rust: side(&r, &rust[&r]),
                c: side(&k, &c[&k]),
                evidence,
            }
        })
        .collect()
}

/// The per-file C facts twins need, a pure function of a C file's bytes (the report takes the
/// includes from the C pass's [`crate::facts::c::CFacts`] and the function count from the
/// file's [`crate::facts::c_calls::CCalls`], recorded for the files the twins ask for).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CFileFacts {
    /// Function definitions ([`crate::facts::c_functions::count_function_definitions`]).
    pub functions: u32,
    /// `#include "..."` paths as written.
    pub local_includes: Vec<String>,
}

impl CFileFacts {
    /// The facts of a C source or header.
    pub fn of(bytes: &[u8]) -> CFileFacts {
        CFileFacts {
            functions: crate::facts::c_functions::count_function_definitions(bytes),
            local_includes: crate::facts::c_functions::local_includes(bytes),
        }
    }
}

/// What [`measure`] needs of one file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileFigures {
    /// cloc's language name (`Rust`, `C`, `C/C++ Header`).
    pub language: String,
    /// Blank lines.
    pub blank: u64,
    /// Comment lines.
    pub comment: u64,
    /// Code lines.
    pub code: u64,
    /// Function definitions (Rust `fn` items with a body; C definitions), when known.
    pub functions: Option<u64>,
    /// `unsafe` blocks (Rust).
    pub unsafe_blocks: u64,
    /// Of those, the ones with a SAFETY comment.
    pub documented_blocks: u64,
    /// `bindings::` uses (Rust).
    pub bindings_uses: u64,
    /// `#include "..."` paths (C), as written.
    pub local_includes: Vec<String>,
    /// The C names the file reaches directly (Rust: `bindings::` names that are C functions,
    /// and helpers as what they wrap, as [`crate::model::reach`] counts them; C: the names it
    /// calls, [`crate::facts::c_calls`]), when known.
    pub c_names_called: Option<Vec<String>>,
    /// The names the file defines for C code to call (C: its functions and `#define`s; Rust:
    /// the functions it exports to C): a side's own names are not C API it calls.
    pub c_names_defined: Vec<String>,
}

impl FileFigures {
    /// The figures of any counted file from its lines alone (`language` is cloc's name):
    /// nothing else known.
    pub fn lines(language: &str, lines: crate::facts::LineCounts) -> Self {
        FileFigures {
            language: language.to_string(),
            blank: lines.blank,
            comment: lines.comment,
            code: lines.code,
            ..FileFigures::default()
        }
    }

    /// The figures of a Rust file from its lines and Rust facts.
    pub fn rust(lines: crate::facts::LineCounts, facts: &crate::facts::rust::RustFacts) -> Self {
        FileFigures {
            language: "Rust".to_string(),
            blank: lines.blank,
            comment: lines.comment,
            code: lines.code,
            functions: Some(u64::from(facts.fn_definitions)),
            unsafe_blocks: u64::from(facts.unsafe_counts.blocks),
            documented_blocks: u64::from(facts.safety.documented_blocks),
            bindings_uses: facts.bindings_uses.values().map(|&n| u64::from(n)).sum(),
            local_includes: Vec::new(),
            c_names_called: None,
            c_names_defined: facts
                .exported_functions
                .iter()
                .map(|e| e.symbol.clone())
                .filter(|s| !s.is_empty())
                .collect(),
        }
    }

    /// The figures of a C source or header (`language` is cloc's name) from its lines and C
    /// facts.
    pub fn c(language: &str, lines: crate::facts::LineCounts, facts: &CFileFacts) -> Self {
        FileFigures {
            functions: Some(u64::from(facts.functions)),
            local_includes: facts.local_includes.clone(),
            ..FileFigures::lines(language, lines)
        }
    }

    /// These figures with what a C file calls and defines, when recorded.
    pub fn with_c_calls(self, calls: Option<&crate::facts::c_calls::CCalls>) -> Self {
        FileFigures {
            c_names_called: calls.map(|c| c.called.clone()),
            c_names_defined: calls.map(|c| c.defined.clone()).unwrap_or_default(),
            ..self
        }
    }
}

/// The C files and headers whose calls the scan records for twins
/// ([`crate::scan::Plan::c_calls_wanted`]), chosen before the C files are read, with the
/// [`PairBasis`] made for it (the report pairs from it: [`pair_from`]): the C
/// sources of both sides of every pair [`pair`] finds, and the headers in their folders
/// (the companions a C file includes with quotes live there; they are found only from the
/// C files' own facts, after the C pass). A superset: the Rust crates are not known yet, so
/// each Rust file with a named module macro stands for a crate of its own (a pair found only
/// by a module macro outside its crate's root would be missed; its C side then reads `null`,
/// never a partial count), and a Kbuild object's `.c` is taken to exist unless its `.rs` does.
pub fn calls_wanted(
    rust: &BTreeMap<String, crate::facts::rust::RustFacts>,
    kept: &BTreeMap<String, Vec<u8>>,
) -> crate::scan::CallsChoice {
    let crates: Vec<TwinCrate> = rust
        .iter()
        .filter(|(path, _)| !path.starts_with("rust/"))
        .filter_map(|(path, facts)| {
            let m = facts.module_macros.iter().find(|m| m.name.is_some())?;
            Some(TwinCrate {
                root: path.clone(),
                files: vec![path.clone()],
                module: Some((m.name.clone()?, path.clone(), m.line)),
            })
        })
        .collect();
    let exists = |p: &str| !p.ends_with(".rs") || rust.contains_key(p);
    let basis = PairBasis::new(kept, &exists, None);
    let pairings = pair_from(
        &basis,
        &PairInput {
            kept,
            exists: &exists,
            crates: &crates,
            kconfig: None,
        },
    );
    let mut wanted = crate::scan::CallsWanted::default();
    for side in pairings.iter().flat_map(|p| [&p.rust, &p.c]) {
        for file in side.files.iter().filter(|f| !f.ends_with(".rs")) {
            wanted.files.insert(file.clone());
            wanted
                .header_folders
                .insert(file.rsplit_once('/').map_or("", |(d, _)| d).to_string());
        }
    }
    crate::scan::CallsChoice {
        wanted,
        prepared: Some(Box::new(basis)),
    }
}

mod measure;
pub use measure::{attach_cves, measure, sentence, Twin, TwinFile, TwinLines, TwinSide};

#[cfg(test)]
mod tests;
