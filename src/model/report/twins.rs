//! The report's `twins[]`: [`crate::model::twins`] over what the scan collected.
//!
//! The pairs come from the knowledge files and the crates. The figures come from the census
//! (lines of every file) and the Rust facts; the C side's function counts and the headers its
//! C files include need the C files' bytes, which the scan does not keep yet
//! ([`crate::model::twins::CFileFacts`] is the per-file fact to compute for the C files of
//! [`crate::model::twins::c_fact_folders`]): until it does, C files have no function count
//! and a side is its Kbuild sources and crate files.

use std::collections::{BTreeMap, BTreeSet};

use super::{Crate, ReportInput};
use crate::facts::languages;
use crate::model::twins::{self, FileFigures, PairInput, Twin, TwinCrate};

/// The twins of the tree.
pub(super) fn twins(input: &ReportInput<'_>, crates: &[Crate]) -> Vec<Twin> {
    let paths: BTreeSet<&str> = input.census.files.iter().map(|f| f.path.as_str()).collect();
    let exists = |p: &str| paths.contains(p);
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
    let pairings = twins::pair(&PairInput {
        kept: input.kept,
        exists: &exists,
        crates: &twin_crates,
    });
    let wanted: BTreeSet<&str> = pairings
        .iter()
        .flat_map(|p| p.rust.files.iter().chain(&p.c.files))
        .map(String::as_str)
        .collect();
    let figures: BTreeMap<&str, FileFigures> = input
        .census
        .files
        .iter()
        .filter(|f| wanted.contains(f.path.as_str()))
        .map(|f| {
            let figures = match input.rust.get(&f.path) {
                Some(facts) if f.language == languages::RUST => FileFigures::rust(f.lines, facts),
                _ => FileFigures {
                    language: f.language.to_string(),
                    blank: f.lines.blank,
                    comment: f.lines.comment,
                    code: f.lines.code,
                    ..FileFigures::default()
                },
            };
            (f.path.as_str(), figures)
        })
        .collect();
    twins::measure(&pairings, &|p: &str| figures.get(p).cloned())
}
