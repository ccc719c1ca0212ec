//! The scan: the one pass over a tree. It opens nothing itself (a [`Source`] is given), reads
//! every file once, takes each file's facts (computed, or from the [`Cache`]: by blob id, or by
//! content and name for files without one),
//! resolves duplicates into the line [`Census`], and keeps what the model needs besides: the
//! Rust facts of `.rs` files, the bytes of the knowledge files ([`is_knowledge_file`]), and the
//! C files calling each function Rust exports. A progress line runs meanwhile.
//!
//! The scan knows nothing of the model (what the facts mean for the kernel), of rendering or of
//! the command line.

mod c_facts;
mod cached;
mod callers;
pub mod census;
pub mod progress;

pub use census::{Census, CensusOptions, CountedFile, LanguageTotals};

use crate::cache::Cache;
use crate::facts::c::{is_c_family, CFacts};
use crate::facts::c_calls::{c_calls, CCalls};
use crate::facts::rust::RustFacts;
use crate::facts::FileFacts;
use crate::source::{read_again_after_duplicates, BlobId, Entry, Source};
use anyhow::Result;
use c_facts::CFactsPass;
use cached::{file_name, identity, rust_facts_of, CachedFacts};
use callers::{CallerMemo, CallerSearch};
use census::{CensusPlan, ComputedFacts, FactsProvider, InspectedFile, Visitor};
use progress::Progress;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Mutex, OnceLock};

/// Files whose bytes the report needs besides `.rs` files: build files, Kconfig, MAINTAINERS,
/// the version and tool-version scripts, `rust/` metadata and C helpers, and the list of
/// architectures in `Documentation/rust/arch-support.rst`.
pub fn is_knowledge_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    matches!(name, "Makefile" | "Kbuild" | "MAINTAINERS")
        || name.starts_with("Kconfig")
        || path == "scripts/min-tool-version.sh"
        || path == "Documentation/rust/arch-support.rst"
        || (path.starts_with("rust/")
            && (name == "README.md" || name.ends_with(".h") || name.ends_with(".c")))
}

/// Count every file of `source` (cloc's census, no other facts), with a progress line.
pub fn count_tree(source: &Source, options: &CensusOptions) -> Result<Census> {
    read_again_after_duplicates(|| {
        let progress = Progress::start(source);
        let census = Census::take(source, options, &progress.files)?;
        drop(progress);
        Ok(census)
    })
}

/// What one pass over a tree collects for the report and for lint.
pub struct TreeRead {
    /// The line census.
    pub census: Census,
    /// Rust facts of every `.rs` file (cloc's Rust), by path.
    pub rust: BTreeMap<String, RustFacts>,
    /// Bytes of the knowledge files ([`is_knowledge_file`]), by path.
    pub kept: BTreeMap<String, Vec<u8>>,
    /// Bytes of the `.rs` files, by path (only when asked for).
    pub rust_sources: BTreeMap<String, Vec<u8>>,
    /// C files calling each symbol Rust exports (only when asked for).
    pub c_callers: BTreeMap<String, Vec<String>>,
    /// Git blob id of every `.rs` file (cloc's Rust), by path.
    pub rust_blobs: BTreeMap<String, BlobId>,
    /// C-side facts of the C files, headers and assembly files that have any, by path (with
    /// the caller search).
    pub c_facts: BTreeMap<String, CFacts>,
    /// The names whose definitions the C facts give ([`CFacts::definitions`] index into them).
    pub c_searched: Vec<String>,
    /// What each C file or header [`Plan::c_calls_wanted`] names calls and defines, by path.
    pub c_calls: BTreeMap<String, CCalls>,
    /// What [`Plan::c_calls_wanted`] prepared beside its choice ([`CallsChoice::prepared`]).
    pub prepared: Option<Prepared>,
}

/// The C files and headers whose calls a pass records ([`Plan::c_calls_wanted`]): a few
/// files and the headers of a few folders.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallsWanted {
    /// C files and headers by path.
    pub files: BTreeSet<String>,
    /// Folders whose headers (`.h` directly in them) are wanted too.
    pub header_folders: BTreeSet<String>,
}

impl CallsWanted {
    /// Whether the calls of the file at `path` are wanted.
    pub fn wants(&self, path: &str) -> bool {
        self.files.contains(path)
            || (path.ends_with(".h")
                && self
                    .header_folders
                    .contains(path.rsplit_once('/').map_or("", |(folder, _)| folder)))
    }
}

/// Work a [`CallsWantedFn`] did while choosing that its supplier uses again after the pass
/// (the model's twins basis: every Kconfig and Kbuild file read). Opaque to the scan, which
/// only hands it on in [`TreeRead::prepared`].
pub type Prepared = Box<dyn std::any::Any + Send + Sync>;

/// What a [`CallsWantedFn`] returns.
pub struct CallsChoice {
    /// The files whose calls to record.
    pub wanted: CallsWanted,
    /// What it prepared on the way, for its supplier.
    pub prepared: Option<Prepared>,
}

/// Chooses the files whose calls to record, from the Rust facts and the knowledge files (all
/// a pass knows before the C files go by). A plain function, so that the scan needs nothing
/// of the model that supplies it.
pub type CallsWantedFn =
    fn(&BTreeMap<String, RustFacts>, &BTreeMap<String, Vec<u8>>) -> CallsChoice;

/// What [`read_tree`] collects beyond the census, Rust facts and knowledge files.
#[derive(Debug, Clone, Copy, Default)]
pub struct Plan {
    /// Search C files for callers of the functions Rust exports.
    pub c_callers: bool,
    /// Keep the bytes of `.rs` files (lint shows source lines).
    pub rust_sources: bool,
    /// Whose rules decide languages and lines. A cache given with the plan must be keyed by
    /// the same version ([`Cache::with_cloc`]); its own version wins.
    pub cloc: crate::facts::ClocVersion,
    /// With the C callers: the C files and headers whose calls and definitions
    /// ([`c_calls`]) to record in [`TreeRead::c_calls`]. They are computed, never cached (a
    /// handful of files), so a git input reads them even when their other facts are cached.
    pub c_calls_wanted: Option<CallsWantedFn>,
}

/// Read `source` in one pass: the C files are read last, so that the symbols Rust exports are
/// known when they go by and their callers are found while the C bytes are in memory. A
/// tarball cannot be read in that order; its C files are read a second time for callers.
///
/// With a `cache`, per-file facts are looked up before they are computed (and computed ones
/// stored): by blob id, or by content and name for a directory's or tarball's files; a git
/// input then leaves unread every file whose facts are all known (knowledge files are always
/// read: the model reads their text).
pub fn read_tree(source: &Source, plan: Plan, cache: Option<&Cache>) -> Result<TreeRead> {
    read_again_after_duplicates(|| read_tree_once(source, plan, cache))
}

/// [`read_tree`], one read of the source.
fn read_tree_once(source: &Source, plan: Plan, cache: Option<&Cache>) -> Result<TreeRead> {
    let progress = Progress::start(source);
    let pass = Pass {
        plan,
        cache,
        git: source.git_tree().is_some(),
        taken: Taken::default(),
        search: OnceLock::new(),
        memo: OnceLock::new(),
        c_facts: OnceLock::new(),
        calls_wanted: OnceLock::new(),
        prepared: OnceLock::new(),
    };
    debug_assert!(cache.is_none_or(|c| c.cloc() == plan.cloc));
    let cloc = cache.map_or(plan.cloc, Cache::cloc);
    let cached_facts =
        cache.map(|cache| CachedFacts::new(cache, source.place().map(|p| p.display().to_string())));
    let computed = ComputedFacts(cloc);
    let provider: &dyn FactsProvider = match &cached_facts {
        Some(cached) => cached,
        None => &computed,
    };
    let (census, ordered) = Census::take_ordered(
        source,
        &CensusPlan {
            options: CensusOptions {
                cloc,
                ..CensusOptions::default()
            },
            provider,
            progress: &progress.files,
            visitor: &pass,
        },
    )?;
    let read = pass.finish(source, census, ordered)?;
    if let Some(cached) = cached_facts {
        cached.finish();
    }
    if let Some(cache) = cache {
        cache.flush();
    }
    drop(progress);
    Ok(read)
}

/// What the visiting threads take from the files, beside the census.
#[derive(Default)]
struct Taken {
    rust: Mutex<BTreeMap<String, RustFacts>>,
    kept: Mutex<BTreeMap<String, Vec<u8>>>,
    rust_sources: Mutex<BTreeMap<String, Vec<u8>>>,
    rust_blobs: Mutex<BTreeMap<String, BlobId>>,
    c_calls: Mutex<BTreeMap<String, CCalls>>,
}

/// One [`read_tree`] pass in progress: what it was asked for and what it has taken so far.
struct Pass<'a> {
    plan: Plan,
    cache: Option<&'a Cache>,
    /// The source is a git revision (blob ids known before reading).
    git: bool,
    taken: Taken,
    /// Set between the other files and the C files, when callers are searched.
    search: OnceLock<CallerSearch>,
    /// Set with the search, when there is a cache.
    memo: OnceLock<CallerMemo<'a>>,
    /// Set with the search: the C-side facts gathered from the same bytes.
    c_facts: OnceLock<CFactsPass<'a>>,
    /// Set with the search, when the plan asks for calls.
    calls_wanted: OnceLock<CallsWanted>,
    /// Set with `calls_wanted`, when the plan's hook prepared something.
    prepared: OnceLock<Prepared>,
}

impl Visitor for Pass<'_> {
    /// The C files are searched for the symbols the Rust files export, so they wait for all
    /// other files (the Rust ones among them); the knowledge files under rust/ (helpers) are
    /// not searched.
    /// Headers and assembly files wait too: their C facts (definitions of the names Rust
    /// calls, exports) are gathered with the same search.
    fn last(&self, path: &str) -> bool {
        self.plan.c_callers && is_c_family(path) && !is_knowledge_file(path)
    }

    fn needs_bytes(&self, path: &str, blob: &BlobId) -> bool {
        let Some(cache) = self.cache else { return true };
        if is_knowledge_file(path) || self.plan.rust_sources && path.ends_with(".rs") {
            return true;
        }
        if self.calls_wanted.get().is_some_and(|w| w.wants(path)) {
            return true;
        }
        match cache.file_facts(blob, file_name(path)) {
            None => true,
            Some((FileFacts::Counted { language, .. }, _)) if language.is_rust() => {
                !cache.has_rust_facts(blob)
            }
            Some((_, size)) => {
                let callers_unknown = match self.memo.get() {
                    Some(CallerMemo::ByBlob { cache, digest }) if path.ends_with(".c") => {
                        cache.c_calls(blob, digest).is_none()
                    }
                    _ => false,
                };
                let c_facts_unknown = is_c_family(path)
                    && self
                        .c_facts
                        .get()
                        .is_some_and(|pass| !pass.knows(size, identity(blob)));
                callers_unknown || c_facts_unknown
            }
        }
    }

    fn inspect(&self, file: &InspectedFile) {
        let bytes = file.bytes;
        let taken = &self.taken;
        if let FileFacts::Counted { language, .. } = file.known.facts {
            if language.is_rust() {
                let (facts, blob) = rust_facts_of(file, self.cache);
                lock(&taken.rust).insert(file.path.to_string(), facts);
                lock(&taken.rust_blobs).insert(file.path.to_string(), blob);
                if let (true, Some(bytes)) = (self.plan.rust_sources, bytes) {
                    lock(&taken.rust_sources).insert(file.path.to_string(), bytes.to_vec());
                }
            }
        }
        if let (true, Some(bytes)) = (is_knowledge_file(file.path), bytes) {
            lock(&taken.kept).insert(file.path.to_string(), bytes.to_vec());
        }
        // A `.c` file's reference sites serve its references and its callers: found once.
        let pass = self.c_facts.get();
        let sites = pass.zip(bytes).map(|(pass, bytes)| pass.sites_in(bytes));
        if let Some(search) = self.search.get() {
            search.visit(file, self.memo.get(), sites.as_ref());
        }
        if let Some(pass) = pass {
            pass.visit(file, sites.as_ref());
        }
        if let (Some(wanted), Some(bytes)) = (self.calls_wanted.get(), bytes) {
            if wanted.wants(file.path) {
                lock(&taken.c_calls).insert(file.path.to_string(), c_calls(bytes));
            }
        }
    }

    fn between(&self) {
        if !self.plan.c_callers {
            return;
        }
        let (rust, kept) = (lock(&self.taken.rust), lock(&self.taken.kept));
        // Choosing the files whose calls to record reads every Kconfig and Kbuild file: it
        // runs beside the C facts' setup (which loads their memo), not after it, since the C
        // files wait for both.
        let (pass, wanted) = rayon::join(
            || CFactsPass::new(&rust, &kept, self.cache),
            || self.plan.c_calls_wanted.map(|choose| choose(&rust, &kept)),
        );
        let search = CallerSearch::new(&rust, pass.reference_names());
        let digest = search.digest();
        if let Some(cache) = self.cache {
            let _ = self.memo.set(if self.git {
                CallerMemo::ByBlob { cache, digest }
            } else {
                CallerMemo::ByContent {
                    known: cache.c_scans(&digest),
                    found: Mutex::default(),
                }
            });
        }
        let _ = self.search.set(search);
        let _ = self.c_facts.set(pass);
        if let Some(CallsChoice { wanted, prepared }) = wanted {
            let _ = self.calls_wanted.set(wanted);
            if let Some(prepared) = prepared {
                let _ = self.prepared.set(prepared);
            }
        }
    }
}

impl Pass<'_> {
    /// What the pass took, the callers found (a tarball's C files are read again for them,
    /// since it could not keep the order), and the new caller results written to the cache.
    fn finish(self, source: &Source, census: Census, ordered: bool) -> Result<TreeRead> {
        let taken = self.taken;
        let rust = into_inner(taken.rust);
        if let (Some(cache), Some(CallerMemo::ByContent { found, .. }), Some(search)) =
            (self.cache, self.memo.get(), self.search.get())
        {
            cache.add_c_scans(search.digest(), std::mem::take(&mut *lock(found)));
        }
        let mut calls_found = into_inner(taken.c_calls);
        let mut prepared = self.prepared.into_inner();
        let (c_callers, (c_facts, c_searched)) = if !self.plan.c_callers {
            (BTreeMap::new(), (BTreeMap::new(), Vec::new()))
        } else if ordered {
            let (search, c_facts) = (self.search.into_inner(), self.c_facts.into_inner());
            // Each gathers its results into maps: side by side.
            rayon::join(
                || search.map(CallerSearch::finish).unwrap_or_default(),
                || c_facts.map(CFactsPass::finish).unwrap_or_default(),
            )
        } else {
            let kept = lock(&taken.kept).clone();
            let pass = CFactsPass::new(&rust, &kept, None);
            let search = CallerSearch::new(&rust, pass.reference_names());
            let choice = self.plan.c_calls_wanted.map(|choose| choose(&rust, &kept));
            let wanted = choice.map(|choice| {
                prepared = choice.prepared;
                choice.wanted
            });
            let found = Mutex::new(BTreeMap::new());
            source.for_each(|entry| {
                if let Entry::File(file) = entry {
                    let sites = pass.sites_in(&file.bytes);
                    search.look_at(&file.path, &file.bytes, &sites);
                    pass.look_at(&file.path, &sites);
                    if wanted.as_ref().is_some_and(|w| w.wants(&file.path)) {
                        lock(&found).insert(file.path.clone(), c_calls(&file.bytes));
                    }
                }
            })?;
            calls_found = into_inner(found);
            (search.finish(), pass.finish())
        };
        Ok(TreeRead {
            census,
            rust,
            kept: into_inner(taken.kept),
            rust_sources: into_inner(taken.rust_sources),
            c_callers,
            rust_blobs: into_inner(taken.rust_blobs),
            c_facts,
            c_searched,
            c_calls: calls_found,
            prepared,
        })
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

fn into_inner<T>(mutex: Mutex<T>) -> T {
    mutex.into_inner().unwrap_or_else(|e| e.into_inner())
}
