//! The line census of a tree: every file either counted in a language or listed with the reason
//! it was not, duplicates resolved as cloc resolves them.

use crate::facts::{file_facts_as, ClocVersion, FileFacts, LineCounts};
use crate::source::{BlobId, Entry, Skipped, Source, SourceFile, UnreadFile};
use anyhow::Result;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// One counted file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountedFile {
    /// Path relative to the top of the tree.
    pub path: String,
    /// cloc's language name.
    pub language: &'static str,
    /// Its lines.
    pub lines: LineCounts,
}

/// Totals for one language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LanguageTotals {
    /// cloc's language name.
    pub language: String,
    /// Number of files.
    pub files: u64,
    /// Summed lines.
    pub lines: LineCounts,
}

/// Whether a skip reason says the file is a duplicate (`duplicate of PATH`): its content is
/// counted once, under another path.
pub fn is_duplicate(reason: &str) -> bool {
    reason.starts_with("duplicate of ")
}

/// Options that shape a census.
#[derive(Debug, Clone, Default)]
pub struct CensusOptions {
    /// Only these languages (case-insensitive cloc names); all when empty.
    pub include_languages: Vec<String>,
    /// Count identical files once (cloc's default). Off only for tests and special uses.
    pub keep_duplicates: bool,
    /// Whose rules decide languages and lines (cloc 1.96's unless asked).
    pub cloc: ClocVersion,
}

/// The result of counting a tree.
#[derive(Debug, Clone, Default)]
pub struct Census {
    /// Counted files, sorted by path.
    pub files: Vec<CountedFile>,
    /// Paths not counted, sorted by path, with the reason.
    pub skipped: Vec<Skipped>,
}

/// What a census knows of one file: its facts, and its identity for counting identical files
/// once (cloc's duplicate rule).
#[derive(Debug, Clone)]
pub struct KnownFile {
    /// Language and lines, or why it is not counted.
    pub facts: FileFacts,
    /// Size in bytes.
    pub size: u64,
    /// A hash of the content: equal for identical files (with `size`). For a counted file
    /// read without a blob id it is the XXH3-128 of the bytes, which the report's cache also
    /// uses as a content key; with a blob id, the blob id's first 16 bytes.
    pub identity: u128,
    /// The git blob id, when the provider knows it.
    pub blob_id: Option<BlobId>,
}

impl KnownFile {
    /// A file known by its content, without a blob id: a counted file's identity is the
    /// XXH3-128 of its `bytes` (`hash` when the caller took it already, else taken here); a
    /// file not counted has none.
    pub fn by_content(facts: FileFacts, bytes: &[u8], hash: Option<u128>) -> KnownFile {
        let identity = match facts {
            FileFacts::Counted { .. } => hash.unwrap_or_else(|| xxhash_rust::xxh3::xxh3_128(bytes)),
            FileFacts::NotCounted(_) => 0,
        };
        KnownFile {
            facts,
            size: bytes.len() as u64,
            identity,
            blob_id: None,
        }
    }
}

/// How a census learns each file's facts: computed from its bytes ([`ComputedFacts`]), or,
/// for a cache, looked up (by blob id, or by content and name).
pub trait FactsProvider: Sync {
    /// The facts of a file that was read.
    fn of_read(&self, file: &SourceFile) -> KnownFile;
    /// The facts of a file the source left unread ([`Entry::Unread`]); `None` when they are
    /// not known, and the file is then listed as skipped with that reason.
    fn of_unread(&self, file: &UnreadFile) -> Option<KnownFile>;
}

/// Facts computed from the bytes by the rules of cloc `.0`, with an xxh3 content hash as
/// identity (no blob ids).
pub struct ComputedFacts(pub ClocVersion);

impl FactsProvider for ComputedFacts {
    fn of_read(&self, file: &SourceFile) -> KnownFile {
        let facts = file_facts_as(self.0, &file.path, &file.bytes);
        KnownFile {
            blob_id: file.known_blob_id,
            ..KnownFile::by_content(facts, &file.bytes, None)
        }
    }

    fn of_unread(&self, _: &UnreadFile) -> Option<KnownFile> {
        None
    }
}

/// A file as later stages see it while the census is taken: bytes only when it was read.
pub struct InspectedFile<'a> {
    /// Path relative to the top of the tree.
    pub path: &'a str,
    /// The content, when the source read it.
    pub bytes: Option<&'a [u8]>,
    /// What the census knows of it.
    pub known: &'a KnownFile,
}

/// What a pass does around the census, file by file (see [`Source::for_each_ordered`]).
pub trait Visitor: Sync {
    /// Whether the file at `path` waits until every other file was seen.
    fn last(&self, path: &str) -> bool;
    /// Whether the file at `path`, whose blob id the source knows, must be read (`false`
    /// leaves it unread; its facts then come from the provider's [`FactsProvider::of_unread`]).
    fn needs_bytes(&self, path: &str, blob: &BlobId) -> bool;
    /// Take what the pass needs from one file, while its bytes are in memory (called from
    /// several threads at once).
    fn inspect(&self, file: &InspectedFile);
    /// Called once, after the other files and before the last ones.
    fn between(&self);
}

/// How one census pass is taken: what it counts, where each file's facts come from, and what
/// else sees each file.
pub struct CensusPlan<'a> {
    /// The counting rules (languages, duplicates).
    pub options: CensusOptions,
    /// Where each file's facts come from.
    pub provider: &'a dyn FactsProvider,
    /// Bumped once per file (for a progress line).
    pub progress: &'a AtomicUsize,
    /// The order of the pass and what it takes from each file.
    pub visitor: &'a dyn Visitor,
}

/// What the visiting threads collect: one record per file, and the skipped paths.
#[derive(Default)]
struct Collector {
    seen: Mutex<Vec<Seen>>,
    skipped: Mutex<Vec<Skipped>>,
}

impl Collector {
    fn take<I>(
        &self,
        entry: Entry,
        provider: &dyn FactsProvider,
        progress: &AtomicUsize,
        inspect: &I,
    ) where
        I: Fn(&InspectedFile),
    {
        progress.fetch_add(1, Ordering::Relaxed);
        let (path, known) = match entry {
            Entry::File(file) => {
                let known = provider.of_read(&file);
                inspect(&InspectedFile {
                    path: &file.path,
                    bytes: Some(&file.bytes),
                    known: &known,
                });
                (file.path, known)
            }
            Entry::Unread(file) => match provider.of_unread(&file) {
                Some(known) => {
                    inspect(&InspectedFile {
                        path: &file.path,
                        bytes: None,
                        known: &known,
                    });
                    (file.path, known)
                }
                None => {
                    self.skip(Skipped {
                        path: file.path,
                        reason: "left unread, but its facts are not known".into(),
                    });
                    return;
                }
            },
            Entry::Skipped(s) => {
                self.skip(s);
                return;
            }
        };
        self.seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Seen { path, known });
    }

    fn skip(&self, skipped: Skipped) {
        self.skipped
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(skipped);
    }

    fn finish(self, options: &CensusOptions) -> Census {
        let seen = self.seen.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut skipped = self.skipped.into_inner().unwrap_or_else(|e| e.into_inner());
        Census::assemble(seen, &mut skipped, options)
    }
}

/// What the visiting threads collect for each file.
struct Seen {
    path: String,
    known: KnownFile,
}

impl Census {
    /// Count every file of `source`. `progress` is bumped once per file (for a progress line).
    pub fn take(
        source: &Source,
        options: &CensusOptions,
        progress: &AtomicUsize,
    ) -> Result<Census> {
        let collector = Collector::default();
        source.for_each(|entry| {
            collector.take(entry, &ComputedFacts(options.cloc), progress, &|_| {})
        })?;
        Ok(collector.finish(options))
    }

    /// Count every file of `source` as `plan` says (see [`CensusPlan`]). Returns whether the
    /// source could keep the order the plan's visitor asks for (see
    /// [`Source::for_each_ordered`]).
    pub fn take_ordered(source: &Source, plan: &CensusPlan) -> Result<(Census, bool)> {
        let collector = Collector::default();
        let visitor = plan.visitor;
        let inspect = |file: &InspectedFile| visitor.inspect(file);
        let ordered = source.for_each_ordered(
            &|path| visitor.last(path),
            &|path, blob| visitor.needs_bytes(path, blob),
            |entry| collector.take(entry, plan.provider, plan.progress, &inspect),
            &mut || visitor.between(),
        )?;
        Ok((collector.finish(&plan.options), ordered))
    }

    fn assemble(
        mut seen: Vec<Seen>,
        skipped: &mut Vec<Skipped>,
        options: &CensusOptions,
    ) -> Census {
        seen.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        // cloc counts identical files once and keeps, of each group, the path that sorts last.
        let mut keeper: HashMap<(u64, u128), usize> = HashMap::new();
        if !options.keep_duplicates {
            for (index, record) in seen.iter().enumerate() {
                if matches!(record.known.facts, FileFacts::Counted { .. }) {
                    keeper.insert((record.known.size, record.known.identity), index);
                }
            }
        }
        let include: Vec<String> = options
            .include_languages
            .iter()
            .map(|l| l.to_lowercase())
            .collect();
        let mut files = Vec::with_capacity(seen.len());
        for (index, record) in seen.iter().enumerate() {
            match &record.known.facts {
                FileFacts::Counted { language, lines } => {
                    if let Some(&kept) = keeper.get(&(record.known.size, record.known.identity)) {
                        if kept != index {
                            skipped.push(Skipped {
                                path: record.path.clone(),
                                reason: format!("duplicate of {}", seen[kept].path),
                            });
                            continue;
                        }
                    }
                    if !include.is_empty() && !include.contains(&language.name.to_lowercase()) {
                        continue;
                    }
                    files.push(CountedFile {
                        path: record.path.clone(),
                        language: language.name,
                        lines: *lines,
                    });
                }
                FileFacts::NotCounted(reason) => {
                    skipped.push(Skipped {
                        path: record.path.clone(),
                        reason: (*reason).to_string(),
                    });
                }
            }
        }
        skipped.sort();
        Census {
            files,
            skipped: std::mem::take(skipped),
        }
    }

    /// Totals per language, largest code first (ties by name).
    pub fn by_language(&self) -> Vec<LanguageTotals> {
        let mut map: BTreeMap<&str, LanguageTotals> = BTreeMap::new();
        for file in &self.files {
            let entry = map.entry(file.language).or_insert_with(|| LanguageTotals {
                language: file.language.to_string(),
                ..Default::default()
            });
            entry.files += 1;
            entry.lines.add(&file.lines);
        }
        let mut totals: Vec<LanguageTotals> = map.into_values().collect();
        totals.sort_by(|a, b| {
            b.lines
                .code
                .cmp(&a.lines.code)
                .then_with(|| a.language.cmp(&b.language))
        });
        totals
    }

    /// Totals per folder, cut at `depth` path components (files at a shallower level are
    /// grouped under their own folder, the top being `.`), sorted by folder.
    pub fn by_dir(&self, depth: usize) -> Vec<LanguageTotals> {
        let mut map: BTreeMap<String, LanguageTotals> = BTreeMap::new();
        for file in &self.files {
            let parts: Vec<&str> = file.path.split('/').collect();
            let folders = &parts[..parts.len() - 1];
            let dir = if folders.is_empty() {
                ".".to_string()
            } else {
                folders[..folders.len().min(depth)].join("/")
            };
            let entry = map.entry(dir.clone()).or_insert_with(|| LanguageTotals {
                language: dir,
                ..Default::default()
            });
            entry.files += 1;
            entry.lines.add(&file.lines);
        }
        map.into_values().collect()
    }

    /// Sum over all counted files.
    pub fn total(&self) -> LanguageTotals {
        let mut total = LanguageTotals {
            language: "SUM".into(),
            ..Default::default()
        };
        for file in &self.files {
            total.files += 1;
            total.lines.add(&file.lines);
        }
        total
    }

    /// Number of skipped paths per reason (duplicates grouped), for the summary line.
    pub fn skipped_by_reason(&self) -> Vec<(String, usize)> {
        let mut map: BTreeMap<String, usize> = BTreeMap::new();
        for s in &self.skipped {
            let reason = if is_duplicate(&s.reason) {
                "duplicate"
            } else {
                s.reason.as_str()
            };
            *map.entry(reason.to_string()).or_default() += 1;
        }
        let mut v: Vec<(String, usize)> = map.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v
    }
}
