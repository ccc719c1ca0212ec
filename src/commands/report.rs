//! `kcensus report`: the Rust census of a kernel tree.

use super::progress::Progress;
use crate::cache::{CScans, Cache};
use crate::facts::calls::SymbolSearch;
use crate::facts::rust::{rust_facts, RustFacts};
use crate::facts::{file_facts, FileFacts};
use crate::model::census::{ComputedFacts, FactsProvider, InspectedFile, KnownFile};
use crate::model::report::{build, is_knowledge_file, Report, ReportInput};
use crate::model::{Census, CensusOptions};
use crate::source::{BlobId, Entry, Source, SourceFile, SourceOptions, UnreadFile};
use anyhow::Result;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

/// Output formats of `kcensus report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// A summary for a terminal.
    Table,
    /// A complete Markdown article.
    Markdown,
    /// Everything, as JSON (see SCHEMA.md).
    Json,
    /// A self-contained page with charts and sortable tables (works offline).
    Html,
}

/// Arguments of `kcensus report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// A kernel tree: a directory, a tarball, or a git repository with --rev.
    pub input: PathBuf,
    /// Read a git repository at this revision.
    #[arg(long)]
    pub rev: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: ReportFormat,
    /// The fact cache.
    #[command(flatten)]
    pub cache: crate::cache::CacheArgs,
}

/// Where the caller search of a C file may be answered without searching (see
/// [`CallerSearch::visit`]).
enum CallerMemo<'a> {
    /// Git: results by C blob id (`c_calls`). Blob ids come before the bytes, so a file whose
    /// result is known is not even read.
    ByBlob { cache: &'a Cache, digest: [u8; 20] },
    /// Directories: the files are read anyway (they are counted), but searching costs more
    /// than recognising them by the content key the census computes (size and XXH3-128).
    /// The known results are loaded at once (`c_scans`), new ones written at the end.
    ByContent { known: CScans, found: Mutex<CScans> },
}

/// The symbols Rust exports, searched for in C files, and the C files found calling each.
struct CallerSearch {
    search: SymbolSearch,
    found: Mutex<BTreeMap<String, Vec<String>>>,
}

impl CallerSearch {
    fn new(rust: &BTreeMap<String, RustFacts>) -> CallerSearch {
        let symbols = rust
            .values()
            .flat_map(|f| f.exported_functions.iter().map(|e| e.symbol.clone()))
            .collect();
        CallerSearch {
            search: SymbolSearch::new(symbols),
            found: Mutex::default(),
        }
    }

    /// Search one file (C files only) and record what it calls.
    fn look_at(&self, path: &str, bytes: &[u8]) {
        if path.ends_with(".c") {
            self.record(path, &self.names(&self.search.calls(bytes)));
        }
    }

    /// Record what a C file met in the census pass calls: from `memo` when it knows, else
    /// searched (and then remembered in `memo`). A file left unread has its result in `memo`.
    fn visit(&self, file: &InspectedFile, memo: Option<&CallerMemo>) {
        if !file.path.ends_with(".c") {
            return;
        }
        let called = match (memo, file.bytes, file.known.blob_id) {
            (Some(CallerMemo::ByBlob { cache, digest }), None, Some(blob)) => {
                cache.c_calls(&blob, digest).unwrap_or_default()
            }
            (Some(CallerMemo::ByBlob { cache, digest }), Some(bytes), Some(blob)) => {
                let called = self.names(&self.search.calls(bytes));
                cache.put_c_calls(blob, *digest, &called);
                called
            }
            (Some(CallerMemo::ByContent { known, found }), Some(bytes), _) => {
                let Some(key) = content_key(file) else {
                    self.record(file.path, &self.names(&self.search.calls(bytes)));
                    return;
                };
                // The cache stores symbol indexes as u16: more symbols than that are searched.
                let stored = |indexes: &[u16]| indexes.iter().map(|&i| usize::from(i)).collect();
                let indexes: Vec<usize> = match known.0.get(&key) {
                    Some(indexes) => stored(indexes),
                    None => {
                        let indexes = self.search.calls(bytes);
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
            (_, Some(bytes), _) => self.names(&self.search.calls(bytes)),
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
    fn digest(&self) -> [u8; 20] {
        crate::source::git_blob_id(self.search.symbols().join("\n").as_bytes()).0
    }

    fn finish(self) -> BTreeMap<String, Vec<String>> {
        let mut found = self.found.into_inner().unwrap_or_else(|e| e.into_inner());
        for callers in found.values_mut() {
            callers.sort();
        }
        found
    }
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
}

/// What [`read_tree`] collects beyond the census, Rust facts and knowledge files.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// Search C files for callers of the functions Rust exports.
    pub c_callers: bool,
    /// Keep the bytes of `.rs` files (lint shows source lines).
    pub rust_sources: bool,
}

/// Read `source` in one pass: the C files are read last, so that the symbols Rust exports are
/// known when they go by and their callers are found while the C bytes are in memory. A
/// tarball cannot be read in that order; its C files are read a second time for callers.
///
/// With a `cache`, per-file facts are looked up by blob id before they are computed (and
/// computed ones stored); a git input then leaves unread every file whose facts are all known
/// (knowledge files are always read: the model reads their text).
pub fn read_tree(source: &Source, options: ReadOptions, cache: Option<&Cache>) -> Result<TreeRead> {
    let progress = Progress::start(source.label());
    let rust: Mutex<BTreeMap<String, RustFacts>> = Mutex::default();
    let kept: Mutex<BTreeMap<String, Vec<u8>>> = Mutex::default();
    let rust_sources: Mutex<BTreeMap<String, Vec<u8>>> = Mutex::default();
    let rust_blobs: Mutex<BTreeMap<String, BlobId>> = Mutex::default();
    let search: OnceLock<CallerSearch> = OnceLock::new();
    // Set with the search, when there is a cache.
    let memo: OnceLock<CallerMemo> = OnceLock::new();
    // The C files are searched for the symbols the Rust files export, so they wait for all
    // other files (the Rust ones among them); the knowledge files under rust/ (helpers) are
    // not searched.
    let last = |path: &str| options.c_callers && path.ends_with(".c") && !is_knowledge_file(path);
    let needs_bytes = |path: &str, blob: &BlobId| {
        let Some(cache) = cache else { return true };
        if is_knowledge_file(path) || options.rust_sources && path.ends_with(".rs") {
            return true;
        }
        match cache.file_facts(blob, file_name(path)) {
            None => true,
            Some((FileFacts::Counted { language, .. }, _)) if language.is_rust() => {
                !cache.has_rust_facts(blob)
            }
            Some(_) => match memo.get() {
                Some(CallerMemo::ByBlob { cache, digest }) if path.ends_with(".c") => {
                    cache.c_calls(blob, digest).is_none()
                }
                _ => false,
            },
        }
    };
    let cached_facts = cache.map(|cache| CachedFacts { cache });
    let provider: &dyn FactsProvider = match &cached_facts {
        Some(cached) => cached,
        None => &ComputedFacts,
    };
    let (census, ordered) = Census::take_ordered(
        source,
        &CensusOptions::default(),
        provider,
        &progress.files,
        &last,
        &needs_bytes,
        |file| {
            let bytes = file.bytes;
            if let FileFacts::Counted { language, .. } = file.known.facts {
                if language.is_rust() {
                    let (facts, blob) = rust_facts_of(file, cache);
                    lock(&rust).insert(file.path.to_string(), facts);
                    lock(&rust_blobs).insert(file.path.to_string(), blob);
                    if let (true, Some(bytes)) = (options.rust_sources, bytes) {
                        lock(&rust_sources).insert(file.path.to_string(), bytes.to_vec());
                    }
                }
            }
            if let (true, Some(bytes)) = (is_knowledge_file(file.path), bytes) {
                lock(&kept).insert(file.path.to_string(), bytes.to_vec());
            }
            if let Some(search) = search.get() {
                search.visit(file, memo.get());
            }
        },
        &mut || {
            if options.c_callers {
                let search_for = CallerSearch::new(&lock(&rust));
                let digest = search_for.digest();
                if let Some(cache) = cache {
                    let _ = memo.set(if source.git_tree().is_some() {
                        CallerMemo::ByBlob { cache, digest }
                    } else {
                        CallerMemo::ByContent {
                            known: cache.c_scans(&digest),
                            found: Mutex::default(),
                        }
                    });
                }
                let _ = search.set(search_for);
            }
        },
    )?;
    let rust = rust.into_inner().unwrap_or_else(|e| e.into_inner());
    let kept = kept.into_inner().unwrap_or_else(|e| e.into_inner());
    let rust_sources = rust_sources.into_inner().unwrap_or_else(|e| e.into_inner());
    let rust_blobs = rust_blobs.into_inner().unwrap_or_else(|e| e.into_inner());
    if let (Some(cache), Some(CallerMemo::ByContent { found, .. }), Some(search)) =
        (cache, memo.get(), search.get())
    {
        cache.add_c_scans(search.digest(), std::mem::take(&mut *lock(found)));
    }
    let c_callers = if !options.c_callers {
        BTreeMap::new()
    } else if ordered {
        search
            .into_inner()
            .map(CallerSearch::finish)
            .unwrap_or_default()
    } else {
        let search = CallerSearch::new(&rust);
        if !search.search.is_empty() {
            source.for_each(|entry| {
                if let Entry::File(file) = entry {
                    search.look_at(&file.path, &file.bytes);
                }
            })?;
        }
        search.finish()
    };
    if let Some(cache) = cache {
        cache.flush();
    }
    drop(progress);
    Ok(TreeRead {
        census,
        rust,
        kept,
        rust_sources,
        c_callers,
        rust_blobs,
    })
}

/// The key under which the search of a directory's (or tarball's) C file is cached: its size
/// and the XXH3-128 of its bytes, which the census computes for every counted file read
/// without a blob id ([`KnownFile::identity`]).
fn content_key(file: &InspectedFile) -> Option<(u64, u128)> {
    let counted = matches!(file.known.facts, FileFacts::Counted { .. });
    (counted && file.known.blob_id.is_none()).then_some((file.known.size, file.known.identity))
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// The last component of a path: what a file's language depends on besides its bytes.
fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The Rust facts of a file and its blob id: the facts from the cache by blob id, or computed
/// from the bytes (and then stored). A file left unread always has them cached (see
/// `needs_bytes` in [`read_tree`]). Hashing a `.rs` file costs far less than parsing it, so
/// files without a known blob id (directories, tarballs) are hashed here.
fn rust_facts_of(file: &InspectedFile, cache: Option<&Cache>) -> (RustFacts, BlobId) {
    let bytes = file.bytes.unwrap_or_default();
    let blob = file
        .known
        .blob_id
        .unwrap_or_else(|| crate::source::git_blob_id(bytes));
    if let Some(facts) = cache.and_then(|cache| cache.rust_facts(&blob)) {
        return (facts, blob);
    }
    let facts = rust_facts(bytes);
    if let Some(cache) = cache {
        cache.put_rust_facts(blob, &facts);
    }
    (facts, blob)
}

/// Facts from the cache by blob id, computed (and stored) on a miss, for files whose blob id
/// the source knows (git). The identity that counts identical files once is then the blob id.
///
/// Files of directories and tarballs are counted, not looked up: their blob ids would have to
/// be computed, and SHA-1 over a C file costs more than counting its lines (measured on 7.3:
/// hashing every file made a warm report slower than one computing everything). Their Rust
/// facts, which cost far more than a hash, are still cached ([`rust_facts_of`]).
struct CachedFacts<'a> {
    cache: &'a Cache,
}

impl FactsProvider for CachedFacts<'_> {
    fn of_read(&self, file: &SourceFile) -> KnownFile {
        let Some(blob) = file.known_blob_id else {
            return ComputedFacts.of_read(file);
        };
        let name = file_name(&file.path);
        let size = file.bytes.len() as u64;
        let facts = match self.cache.file_facts(&blob, name) {
            Some((facts, _)) => facts,
            None => {
                let facts = file_facts(&file.path, &file.bytes);
                self.cache.put_file_facts(blob, name, size, &facts);
                facts
            }
        };
        KnownFile {
            facts,
            size,
            identity: identity(&blob),
            blob_id: Some(blob),
        }
    }

    fn of_unread(&self, file: &UnreadFile) -> Option<KnownFile> {
        let (facts, size) = self
            .cache
            .file_facts(&file.blob_id, file_name(&file.path))?;
        Some(KnownFile {
            facts,
            size,
            identity: identity(&file.blob_id),
            blob_id: Some(file.blob_id),
        })
    }
}

/// A content identity from a blob id (its first 16 bytes).
fn identity(blob: &BlobId) -> u128 {
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&blob.0[..16]);
    u128::from_le_bytes(bytes)
}

impl TreeRead {
    /// The report of the tree read.
    pub fn report(&self) -> Report {
        build(&ReportInput {
            census: &self.census,
            rust: &self.rust,
            kept: &self.kept,
            c_callers: &self.c_callers,
            rust_blobs: &self.rust_blobs,
        })
    }
}

/// Take the census of `source`: one [`read_tree`] pass, C callers included. With a cache, a
/// git revision whose tree was reported before by this build is not read at all.
pub fn take_report(source: &Source, cache: Option<&Cache>) -> Result<Report> {
    let tree_key = source.git_tree().map(|tree| format!("git-tree:{tree}"));
    if let Some((cache, key)) = cache.zip(tree_key.as_deref()) {
        if let Some(report) = cache
            .tree_report(key)
            .and_then(|json| serde_json::from_str::<Report>(&json).ok())
        {
            return Ok(report);
        }
    }
    let read = read_tree(
        source,
        ReadOptions {
            c_callers: true,
            rust_sources: false,
        },
        cache,
    )?;
    let report = read.report();
    if let Some((cache, key)) = cache.zip(tree_key.as_deref()) {
        if let Ok(json) = serde_json::to_string(&report) {
            cache.put_tree_report(key, report.kernel_version.as_deref(), &json);
        }
    }
    Ok(report)
}

/// Run `kcensus report` and return its output.
pub fn run(args: &ReportArgs) -> Result<String> {
    let options = SourceOptions {
        max_file_size: crate::source::DEFAULT_MAX_FILE_SIZE,
        ..Default::default()
    };
    let source = Source::open(&args.input, args.rev.as_deref(), &options)?;
    let cache = args.cache.open()?;
    let report = take_report(&source, cache.as_ref())?;
    Ok(match args.format {
        ReportFormat::Table => crate::render::report::table(&report),
        ReportFormat::Markdown => crate::render::report::markdown(&report),
        ReportFormat::Json => crate::render::report::json(&report),
        ReportFormat::Html => crate::render::html::report::page(&report),
    })
}
