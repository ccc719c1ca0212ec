//! The line census of a tree: every file either counted in a language or listed with the reason
//! it was not, duplicates resolved as cloc resolves them.

use crate::facts::{file_facts, FileFacts, LineCounts};
use crate::source::{Entry, Skipped, Source};
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

/// Options that shape a census.
#[derive(Debug, Clone, Default)]
pub struct CensusOptions {
    /// Only these languages (case-insensitive cloc names); all when empty.
    pub include_languages: Vec<String>,
    /// Count identical files once (cloc's default). Off only for tests and special uses.
    pub keep_duplicates: bool,
}

/// The result of counting a tree.
#[derive(Debug, Clone, Default)]
pub struct Census {
    /// Counted files, sorted by path.
    pub files: Vec<CountedFile>,
    /// Paths not counted, sorted by path, with the reason.
    pub skipped: Vec<Skipped>,
}

/// What the visiting threads collect: one record per file, and the skipped paths.
#[derive(Default)]
struct Collector {
    seen: Mutex<Vec<Seen>>,
    skipped: Mutex<Vec<Skipped>>,
}

impl Collector {
    fn take<I>(&self, entry: Entry, progress: &AtomicUsize, inspect: &I)
    where
        I: Fn(&crate::source::SourceFile, &FileFacts),
    {
        progress.fetch_add(1, Ordering::Relaxed);
        match entry {
            Entry::File(file) => {
                let facts = file_facts(&file.path, &file.bytes);
                inspect(&file, &facts);
                let key = match facts {
                    FileFacts::Counted { .. } => xxhash_rust::xxh3::xxh3_128(&file.bytes),
                    FileFacts::NotCounted(_) => 0,
                };
                let record = Seen {
                    path: file.path,
                    size: file.bytes.len() as u64,
                    key,
                    facts,
                };
                self.seen
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(record);
            }
            Entry::Skipped(s) => self
                .skipped
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(s),
        }
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
    size: u64,
    key: u128,
    facts: FileFacts,
}

impl Census {
    /// Count every file of `source`. `progress` is bumped once per file (for a progress line).
    pub fn take(
        source: &Source,
        options: &CensusOptions,
        progress: &AtomicUsize,
    ) -> Result<Census> {
        Census::take_inspecting(source, options, progress, |_, _| {})
    }

    /// Count every file of `source`, and show each file with its facts to `inspect` while its
    /// bytes are in memory (from several threads at once), so that later stages can take what
    /// they need in the same pass.
    pub fn take_inspecting<I>(
        source: &Source,
        options: &CensusOptions,
        progress: &AtomicUsize,
        inspect: I,
    ) -> Result<Census>
    where
        I: Fn(&crate::source::SourceFile, &FileFacts) + Sync + Send,
    {
        let collector = Collector::default();
        source.for_each(|entry| collector.take(entry, progress, &inspect))?;
        Ok(collector.finish(options))
    }

    /// Like [`Census::take_inspecting`], but the files for which `first` holds are seen before
    /// all others and `between` runs in between (see [`Source::for_each_ordered`]). Returns
    /// whether the source could keep that order.
    pub fn take_ordered<I>(
        source: &Source,
        options: &CensusOptions,
        progress: &AtomicUsize,
        first: &(dyn Fn(&str) -> bool + Sync),
        inspect: I,
        between: &mut dyn FnMut(),
    ) -> Result<(Census, bool)>
    where
        I: Fn(&crate::source::SourceFile, &FileFacts) + Sync + Send,
    {
        let collector = Collector::default();
        let ordered = source.for_each_ordered(
            first,
            |entry| collector.take(entry, progress, &inspect),
            between,
        )?;
        Ok((collector.finish(options), ordered))
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
                if matches!(record.facts, FileFacts::Counted { .. }) {
                    keeper.insert((record.size, record.key), index);
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
            match &record.facts {
                FileFacts::Counted { language, lines } => {
                    if let Some(&kept) = keeper.get(&(record.size, record.key)) {
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
            let reason = if s.reason.starts_with("duplicate of ") {
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
