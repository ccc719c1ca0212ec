//! The report's `twins[]`: [`crate::model::twins`] over what the scan collected.
//!
//! The pairs come from the knowledge files and the crates. The figures come from the census
//! (lines of every file), the Rust facts, the C pass's facts (each C file's quoted includes,
//! [`crate::facts::c::CFacts`]; a file absent from them has none, as the pass keeps only
//! files with some fact), what the scan recorded of the twins' C files (calls, definitions
//! and function counts, [`crate::facts::c_calls::CCalls`]; a C file without that record has
//! no function count) and the reach analysis (the C names each Rust file reaches). When the
//! C pass did not run at all, C files have no function count and a side is its Kbuild
//! sources and crate files.

use super::platform::KconfigFiles;
use super::{Crate, ReportInput};
use crate::facts::languages;
use crate::model::reach::ReachedByFile;
use crate::model::twins::{self, FileFigures, PairBasis, PairInput, Pairing, Twin, TwinCrate};

/// The pairs of the tree, before measuring (they need no other analysis but the crates, so
/// [`super::build`] finds them while the other analyses run), from the scan's `basis` when
/// it made one.
pub(super) fn pairings(
    input: &ReportInput<'_>,
    crates: &[Crate],
    kconfig: &KconfigFiles,
    basis: Option<&PairBasis>,
) -> Vec<Pairing> {
    let files = &input.census.files;
    let exists = |p: &str| {
        let at = files.partition_point(|f| f.path.as_str() < p);
        files.get(at).is_some_and(|f| f.path == p)
    };
    let twin_crates: Vec<TwinCrate> = crates
        .iter()
        .filter(|c| !c.root.starts_with("rust/"))
        .map(|c| TwinCrate {
            root: c.root.clone(),
            files: c.files.clone(),
            module: c.files.iter().find_map(|f| {
                let facts = input.rust.get(f)?;
                let m = facts.module_macros.iter().find(|m| m.name.is_some())?;
                Some((m.name.clone()?, f.clone(), m.line))
            }),
        })
        .collect();
    let pair_input = PairInput {
        kept: input.kept,
        exists: &exists,
        crates: &twin_crates,
        kconfig: Some(kconfig),
    };
    match basis {
        Some(basis) => twins::pair_from(basis, &pair_input),
        None => twins::pair(&pair_input),
    }
}

/// The twins of the tree: the pairs measured side by side.
pub(super) fn twins(
    input: &ReportInput<'_>,
    pairings: &[Pairing],
    reached_by_file: &ReachedByFile,
) -> Vec<Twin> {
    if pairings.is_empty() {
        return Vec::new();
    }
    // The twins' own C files are recorded whenever the pass ran, even in a tree whose C
    // files have no other C fact.
    let c_pass_ran = !input.c_facts.is_empty() || !input.c_calls.is_empty();
    let figures = |path: &str| -> Option<FileFigures> {
        let at = input
            .census
            .files
            .partition_point(|f| f.path.as_str() < path);
        let f = input.census.files.get(at).filter(|f| f.path == path)?;
        Some(match input.rust.get(&f.path) {
            Some(facts) if f.language == languages::RUST => FileFigures {
                c_names_called: Some(
                    reached_by_file
                        .get(path)
                        .map(|names| names.iter().cloned().collect())
                        .unwrap_or_default(),
                ),
                ..FileFigures::rust(f.lines, facts)
            },
            _ if c_pass_ran && (path.ends_with(".c") || path.ends_with(".h")) => {
                // The function count comes with the file's calls (recorded for the files the
                // twins ask for), so it is unknown where they are; the includes come from
                // every C file's facts, so that a side's headers are followed anywhere.
                let calls = input.c_calls.get(path);
                FileFigures {
                    functions: calls.map(|c| u64::from(c.functions)),
                    local_includes: input
                        .c_facts
                        .get(path)
                        .map(|c| c.local_includes.clone())
                        .unwrap_or_default(),
                    ..FileFigures::lines(f.language, f.lines)
                }
                .with_c_calls(calls)
            }
            _ => FileFigures::lines(f.language, f.lines),
        })
    };
    twins::measure(pairings, &figures)
}
