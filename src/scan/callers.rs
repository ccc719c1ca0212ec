//! The search of C files for callers of the functions Rust exports, and its memo in the cache.

use super::c_facts::ReferenceSites;
use super::census::InspectedFile;
use super::lock;
use crate::cache::{CScans, Cache};
use crate::facts::calls::SymbolSearch;
use crate::facts::rust::RustFacts;
use crate::facts::FileFacts;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// Where the caller search of a C file may be answered without searching (see
/// `CallerSearch::visit`).
pub(super) enum CallerMemo<'a> {
    /// Git: results by C blob id (`c_calls`). Blob ids come before the bytes, so a file whose
    /// result is known is not even read.
    ByBlob { cache: &'a Cache, digest: [u8; 20] },
    /// Directories: the files are read anyway (they are counted), but searching costs more
    /// than recognising them by the content key the census computes (size and XXH3-128).
    /// The known results are loaded at once (`c_scans`), new ones written at the end.
    ByContent { known: CScans, found: Mutex<CScans> },
}

/// The symbols Rust exports, searched for in C files, and the C files found calling each.
pub(super) struct CallerSearch {
    pub(super) search: SymbolSearch,
    /// Whether every symbol is among the names of the C facts' reference search (the names
    /// Rust exports and their stems, so always, but checked): then a file's calls are read
    /// off its reference sites rather than searched for again.
    within_references: bool,
    found: Mutex<BTreeMap<String, Vec<String>>>,
}

impl CallerSearch {
    /// The search for the functions the Rust facts export; `reference_names` are the names
    /// of the reference search whose sites [`CallerSearch::visit`] is given.
    pub(super) fn new(
        rust: &BTreeMap<String, RustFacts>,
        reference_names: &[String],
    ) -> CallerSearch {
        let symbols = rust
            .values()
            .flat_map(|f| f.exported_functions.iter().map(|e| e.symbol.clone()))
            .collect();
        let search = SymbolSearch::new(symbols);
        CallerSearch {
            within_references: search.is_within(reference_names),
            search,
            found: Mutex::default(),
        }
    }

    /// The indexes of the symbols `bytes` calls: read off the file's reference sites when
    /// they hold every symbol, else searched for.
    fn calls(&self, bytes: &[u8], sites: Option<&ReferenceSites>) -> Vec<usize> {
        match sites {
            Some(sites) if self.within_references => {
                self.search.calls_at(bytes, sites.names(), sites.get())
            }
            _ => self.search.calls(bytes),
        }
    }

    /// Search one file (C files only; `sites` are its reference sites) and record what it
    /// calls.
    pub(super) fn look_at(&self, path: &str, bytes: &[u8], sites: &ReferenceSites) {
        if path.ends_with(".c") {
            self.record(path, &self.names(&self.calls(bytes, Some(sites))));
        }
    }

    /// Record what a C file met in the census pass calls: from `memo` when it knows, else
    /// searched (and then remembered in `memo`). A file left unread has its result in `memo`.
    /// `sites` are the file's reference sites, when its bytes were read.
    pub(super) fn visit(
        &self,
        file: &InspectedFile,
        memo: Option<&CallerMemo>,
        sites: Option<&ReferenceSites>,
    ) {
        if !file.path.ends_with(".c") {
            return;
        }
        let called = match (memo, file.bytes, file.known.blob_id) {
            (Some(CallerMemo::ByBlob { cache, digest }), None, Some(blob)) => {
                cache.c_calls(&blob, digest).unwrap_or_default()
            }
            (Some(CallerMemo::ByBlob { cache, digest }), Some(bytes), Some(blob)) => {
                let called = self.names(&self.calls(bytes, sites));
                cache.put_c_calls(blob, *digest, &called);
                called
            }
            (Some(CallerMemo::ByContent { known, found }), Some(bytes), _) => {
                let Some(key) = content_key(file) else {
                    self.record(file.path, &self.names(&self.calls(bytes, sites)));
                    return;
                };
                // The cache stores symbol indexes as u16: more symbols than that are searched.
                let stored = |indexes: &[u16]| indexes.iter().map(|&i| usize::from(i)).collect();
                let indexes: Vec<usize> = match known.0.get(&key) {
                    Some(indexes) => stored(indexes),
                    None => {
                        let indexes = self.calls(bytes, sites);
                        let small: Option<Vec<u16>> =
                            indexes.iter().map(|&i| u16::try_from(i).ok()).collect();
                        if let Some(small) = small {
                            lock(found).0.insert(key, small);
                        }
                        indexes
                    }
                };
                self.names(&indexes)
            }
            (_, Some(bytes), _) => self.names(&self.calls(bytes, sites)),
            (_, None, _) => return,
        };
        self.record(file.path, &called);
    }

    /// The symbols at `indexes`.
    fn names(&self, indexes: &[usize]) -> Vec<String> {
        indexes
            .iter()
            .filter_map(|&index| self.search.symbols().get(index).cloned())
            .collect()
    }

    /// Record that the file at `path` calls `called`.
    fn record(&self, path: &str, called: &[String]) {
        if called.is_empty() {
            return;
        }
        let mut found = self.found.lock().unwrap_or_else(|e| e.into_inner());
        for symbol in called {
            found
                .entry(symbol.clone())
                .or_default()
                .push(path.to_string());
        }
    }

    /// A digest naming the set of symbols searched for (a cache key).
    pub(super) fn digest(&self) -> [u8; 20] {
        crate::source::git_blob_id(self.search.symbols().join("\n").as_bytes()).0
    }

    pub(super) fn finish(self) -> BTreeMap<String, Vec<String>> {
        let mut found = self.found.into_inner().unwrap_or_else(|e| e.into_inner());
        for callers in found.values_mut() {
            callers.sort();
        }
        found
    }
}

/// The key under which the search of a directory's (or tarball's) C file is cached: its size
/// and the XXH3-128 of its bytes, which the census computes for every counted file read
/// without a blob id ([`KnownFile::identity`]).
fn content_key(file: &InspectedFile) -> Option<(u64, u128)> {
    let counted = matches!(file.known.facts, FileFacts::Counted { .. });
    (counted && file.known.blob_id.is_none()).then_some((file.known.size, file.known.identity))
}
