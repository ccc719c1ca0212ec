//! The C-side facts of the C pass ([`crate::facts::c`]): exports, struct definitions and the
//! definitions of the names Rust may call, gathered while the C bytes are in memory, and
//! their memo in the cache.

use super::census::InspectedFile;
use super::lock;
use crate::cache::c_facts::CFactsByContent;
use crate::cache::Cache;
use crate::facts::c::{c_facts, called_names, is_c_family, CFacts};
use crate::facts::c_references::{references_at, stems};
use crate::facts::calls::SymbolSearch;
use crate::facts::rust::RustFacts;
use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

/// The whole-identifier sites of the reference search (the names Rust exports and their
/// stems) in one file's bytes, found when first asked for: a `.c` file's references and its
/// callers ([`super::callers`]) are both read off them, so the file is searched once.
pub(super) struct ReferenceSites<'b> {
    bytes: &'b [u8],
    search: &'b SymbolSearch,
    sites: OnceCell<Vec<(usize, usize)>>,
}

impl ReferenceSites<'_> {
    /// The names searched for: the sites' symbol indexes point into them.
    pub(super) fn names(&self) -> &[String] {
        self.search.symbols()
    }

    /// The sites, (name index, start), in order of position.
    pub(super) fn get(&self) -> &[(usize, usize)] {
        self.sites
            .get_or_init(|| self.search.identifier_sites(self.bytes))
    }
}

/// The names whose definitions are searched for, the facts found, and the memo.
pub(super) struct CFactsPass<'a> {
    search: SymbolSearch,
    /// The names Rust exports and their stems, for the references of C files.
    reference_search: SymbolSearch,
    /// The names Rust exports.
    exported: BTreeSet<String>,
    cache: Option<&'a Cache>,
    /// Facts known by content key (loaded from the cache at once).
    known: CFactsByContent,
    /// Facts computed in this pass, by content key, for the cache.
    found: Mutex<CFactsByContent>,
    /// Facts computed in this pass, by path (files with none left out).
    by_path: Mutex<BTreeMap<String, CFacts>>,
    /// Files whose facts are in `known`, with their content key (files with none left out):
    /// the facts are moved out of `known` at the end rather than cloned per file (a warm
    /// report on Linux 7.3 takes some 60,000 files' facts from the memo).
    known_by_path: Mutex<Vec<(String, (u64, u128))>>,
}

impl<'a> CFactsPass<'a> {
    /// The pass for a tree whose Rust facts and knowledge files are known: the names searched
    /// for are every `bindings::` name Rust uses and every name the C helpers call.
    pub(super) fn new(
        rust: &BTreeMap<String, RustFacts>,
        kept: &BTreeMap<String, Vec<u8>>,
        cache: Option<&'a Cache>,
    ) -> CFactsPass<'a> {
        let mut names: BTreeSet<String> = rust
            .values()
            .flat_map(|f| f.bindings_uses.keys().cloned())
            .collect();
        for (path, bytes) in kept {
            if path.starts_with("rust/helpers") && path.ends_with(".c") {
                names.extend(called_names(bytes));
            }
        }
        let search = SymbolSearch::new(names.into_iter().collect());
        let exported: BTreeSet<String> = rust
            .values()
            .flat_map(|f| f.exported_functions.iter().map(|e| e.symbol.clone()))
            .filter(|s| !s.is_empty())
            .collect();
        let reference_search =
            SymbolSearch::new(stems(&exported.iter().cloned().collect::<Vec<_>>()));
        let known = cache
            .map(|c| c.c_facts(&digest(&search, &reference_search)))
            .unwrap_or_default();
        CFactsPass {
            search,
            reference_search,
            exported,
            cache,
            known,
            found: Mutex::default(),
            by_path: Mutex::default(),
            known_by_path: Mutex::default(),
        }
    }

    /// Whether the facts of a file of this size and content identity are known (so a git
    /// input need not read it).
    pub(super) fn knows(&self, size: u64, identity: u128) -> bool {
        self.known.0.contains_key(&(size, identity))
    }

    /// The names of the reference search (sorted): the names Rust exports and their stems.
    pub(super) fn reference_names(&self) -> &[String] {
        self.reference_search.symbols()
    }

    /// The reference search's sites in `bytes`, to be found when first asked for.
    pub(super) fn sites_in<'b>(&'b self, bytes: &'b [u8]) -> ReferenceSites<'b> {
        ReferenceSites {
            bytes,
            search: &self.reference_search,
            sites: OnceCell::new(),
        }
    }

    /// Take the facts of one file: from the memo, else computed (and remembered). `read` is
    /// the file's bytes with their reference sites ([`CFactsPass::sites_in`]), when it was
    /// read.
    pub(super) fn visit(&self, file: &InspectedFile, read: Option<&ReferenceSites>) {
        if !is_c_family(file.path) || super::is_knowledge_file(file.path) {
            return;
        }
        let key = (file.known.size, file.known.identity);
        let facts = match (self.known.0.get(&key), read) {
            (Some(facts), _) => {
                if !facts.is_empty() {
                    lock(&self.known_by_path).push((file.path.to_string(), key));
                }
                return;
            }
            (None, Some(read)) => {
                let facts = self.facts_of(file.path, read);
                if self.cache.is_some() {
                    lock(&self.found).0.insert(key, facts.clone());
                }
                facts
            }
            (None, None) => return,
        };
        self.record(file.path, facts);
    }

    /// Take the facts of a file read again (a tarball's second pass), without memo; `read` is
    /// its bytes with their reference sites.
    pub(super) fn look_at(&self, path: &str, read: &ReferenceSites) {
        if is_c_family(path) && !super::is_knowledge_file(path) {
            self.record(path, self.facts_of(path, read));
        }
    }

    /// The facts of one file: [`c_facts`], and the references of a `.c` file (read off its
    /// reference sites).
    fn facts_of(&self, path: &str, read: &ReferenceSites) -> CFacts {
        let bytes = read.bytes;
        let mut facts = c_facts(path, bytes, &self.search);
        if path.ends_with(".c") {
            let is_exported = |name: &str| self.exported.contains(name);
            facts.references = references_at(bytes, read.names(), read.get(), &is_exported);
        }
        facts
    }

    fn record(&self, path: &str, facts: CFacts) {
        if !facts.is_empty() {
            lock(&self.by_path).insert(path.to_string(), facts);
        }
    }

    /// The facts by path and the names searched for; new facts are written to the cache.
    pub(super) fn finish(self) -> (BTreeMap<String, CFacts>, Vec<String>) {
        let found = self.found.into_inner().unwrap_or_else(|e| e.into_inner());
        if let Some(cache) = self.cache {
            cache.add_c_facts(digest(&self.search, &self.reference_search), found);
        }
        let by_path = self.by_path.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut known = self.known.0;
        let mut known_by_path = self
            .known_by_path
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        // Grouped by content key: the last path of a group takes the facts, the others (the
        // same bytes at several paths) a clone.
        known_by_path.sort_unstable_by_key(|(_, key)| *key);
        let mut all: Vec<(String, CFacts)> =
            Vec::with_capacity(by_path.len() + known_by_path.len());
        all.extend(by_path);
        let mut paths = known_by_path.into_iter().peekable();
        while let Some((path, key)) = paths.next() {
            let shared = paths.peek().is_some_and(|(_, next)| *next == key);
            let facts = if shared {
                known.get(&key).cloned()
            } else {
                known.remove(&key)
            };
            if let Some(facts) = facts {
                all.push((path, facts));
            }
        }
        // Built at once from the sorted list (each path is visited once): inserting some
        // 35,000 paths one by one searched the tree for each.
        all.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        (all.into_iter().collect(), self.search.symbols().to_vec())
    }
}

/// A digest naming the two sets of names searched for (a cache key).
fn digest(search: &SymbolSearch, reference_search: &SymbolSearch) -> [u8; 20] {
    let names = format!(
        "{}\n\nreferences\n{}",
        search.symbols().join("\n"),
        reference_search.symbols().join("\n")
    );
    crate::source::git_blob_id(names.as_bytes()).0
}
