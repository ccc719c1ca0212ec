//! Reading VULNS: a checkout of the kernel CNA's repository (vulns.git), an unpacked snapshot,
//! a tarball of one, or the repository at a revision, through [`Source`]. Only
//! `cve/published/YYYY/CVE-*.json` and their `.dyad` files are read; a record that cannot be
//! used is skipped with its reason, never fatal. An input without `cve/published/` is an error
//! naming it.

use crate::cache::Cache;
use crate::facts::cve::{id_sort_key, parse_record, CveRecord};
use crate::source::{BlobId, Entry, Source, SourceOptions};
use anyhow::{bail, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

/// The folder of published records in the repository.
pub const PUBLISHED: &str = "cve/published/";

/// A record file that was not used, and why.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct SkippedRecord {
    /// The file's path in VULNS.
    pub path: String,
    /// Why it was skipped.
    pub reason: String,
}

/// The records read from VULNS.
#[derive(Debug, Clone, Default)]
pub struct RecordSet {
    /// VULNS as given (`PATH` or `PATH@REV`).
    pub path: String,
    /// The usable records, sorted by id (year, then number).
    pub records: Vec<CveRecord>,
    /// The record files skipped, sorted by path.
    pub skipped: Vec<SkippedRecord>,
}

/// The bytes of one record: its JSON file and `.dyad` file, with their blob ids when the
/// source knows them.
#[derive(Debug, Default)]
pub struct RecordFiles {
    /// `cve/published/YYYY/CVE-....json`.
    pub json_path: String,
    /// The JSON file's bytes.
    pub json: Vec<u8>,
    /// The `.dyad` file's bytes, if there is one.
    pub dyad: Option<Vec<u8>>,
    /// The JSON file's blob id.
    pub json_blob: Option<BlobId>,
    /// The `.dyad` file's blob id.
    pub dyad_blob: Option<BlobId>,
}

/// Parse every record, or take the parsed records from the cache when the same record files
/// (paths and bytes) were parsed before by this build: one entry for the whole set, keyed by
/// an XXH3-128 of every record file's path and bytes (a few milliseconds), so that a warm
/// `--cves` costs a read and a hash instead of parsing some 200 MB of JSON.
fn parse_all(
    files: BTreeMap<String, RecordFiles>,
    cache: Option<&Cache>,
) -> Vec<(String, Result<CveRecord, String>)> {
    let key = cache.map(|_| {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        for f in files.values() {
            for (path, bytes) in [
                (f.json_path.as_str(), Some(&f.json)),
                ("dyad", f.dyad.as_ref()),
            ] {
                hasher.update(path.as_bytes());
                let bytes = bytes.map_or(&[][..], Vec::as_slice);
                hasher.update(&(bytes.len() as u64).to_le_bytes());
                hasher.update(bytes);
            }
        }
        format!("cve-records:{:032x}", hasher.digest128())
    });
    if let Some((cache, key)) = cache.zip(key.as_deref()) {
        if let Some(parsed) = cache
            .tree_report(key)
            .and_then(|json| serde_json::from_str(&json).ok())
        {
            return parsed;
        }
    }
    let parsed: Vec<(String, Result<CveRecord, String>)> = files
        .into_par_iter()
        .filter(|(_, f)| !f.json_path.is_empty())
        .map(|(stem, f)| {
            let result = parse_record(&f.json, f.dyad.as_deref()).and_then(|record| {
                let name = stem.rsplit('/').next().unwrap_or_default();
                if record.id == name {
                    Ok(record)
                } else {
                    Err(format!("cveId {} does not match the file name", record.id))
                }
            });
            (f.json_path, result)
        })
        .collect();
    if let Some((cache, key)) = cache.zip(key.as_deref()) {
        if let Ok(json) = serde_json::to_string(&parsed) {
            cache.put_tree_report(key, None, &json);
        }
    }
    parsed
}

/// Is `path` a record file the reader wants: `cve/published/<year>/<name>.json` or `.dyad`?
fn record_file(path: &str) -> Option<(&str, bool)> {
    let rest = path.strip_prefix(PUBLISHED)?;
    let (_year, name) = rest.split_once('/')?;
    if name.contains('/') {
        return None;
    }
    if let Some(stem) = path.strip_suffix(".json") {
        Some((stem, true))
    } else {
        path.strip_suffix(".dyad").map(|stem| (stem, false))
    }
}

/// Read VULNS (`rev`: a git revision of it) and parse its published records (through the
/// cache when there is one).
pub fn read_records(vulns: &Path, rev: Option<&str>, cache: Option<&Cache>) -> Result<RecordSet> {
    if rev.is_none() && vulns.is_dir() && !vulns.join(PUBLISHED).is_dir() {
        bail!(
            "{}: no {PUBLISHED} folder (not a vulns.git checkout)",
            vulns.display()
        );
    }
    let source = Source::open(
        vulns,
        rev,
        &SourceOptions {
            max_file_size: crate::source::DEFAULT_MAX_FILE_SIZE,
            ..SourceOptions::default()
        },
    )?;
    let label = source.label();
    let files: Mutex<BTreeMap<String, RecordFiles>> = Mutex::new(BTreeMap::new());
    let skipped: Mutex<Vec<SkippedRecord>> = Mutex::new(Vec::new());
    let seen_published = std::sync::atomic::AtomicBool::new(false);
    let visit_record = |entry: Entry| {
        let path = match &entry {
            Entry::File(f) => f.path.as_str(),
            Entry::Unread(u) => u.path.as_str(),
            Entry::Skipped(s) => s.path.as_str(),
        };
        if path.starts_with(PUBLISHED) {
            seen_published.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        let Some((stem, is_json)) = record_file(path) else {
            return;
        };
        let stem = stem.to_string();
        match entry {
            Entry::File(file) => {
                let blob = file.known_blob_id;
                let mut map = files.lock().expect("no panics while held");
                let record = map.entry(stem.clone()).or_default();
                if is_json {
                    record.json_path = file.path;
                    record.json = file.bytes;
                    record.json_blob = blob;
                } else {
                    record.dyad = Some(file.bytes);
                    record.dyad_blob = blob;
                }
            }
            Entry::Skipped(s) => {
                skipped
                    .lock()
                    .expect("no panics while held")
                    .push(SkippedRecord {
                        path: s.path,
                        reason: s.reason,
                    })
            }
            // `for_each` reads every file.
            Entry::Unread(_) => {}
        }
    };
    // A tarball whose members share a path is read again, from empty collections.
    crate::source::read_again_after_duplicates(|| {
        files.lock().expect("no panics while held").clear();
        skipped.lock().expect("no panics while held").clear();
        source.for_each(visit_record)
    })?;
    if !seen_published.into_inner() {
        bail!("{label}: no {PUBLISHED} folder (not a vulns.git checkout)");
    }
    let files = files.into_inner().expect("no panics while held");
    let mut skipped = skipped.into_inner().expect("no panics while held");
    let parsed = parse_all(files, cache);
    let mut records = Vec::with_capacity(parsed.len());
    for (path, result) in parsed {
        match result {
            Ok(record) => records.push(record),
            Err(reason) => skipped.push(SkippedRecord { path, reason }),
        }
    }
    records.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    // The same id under two years: the first (by path) is kept.
    let mut kept: Vec<CveRecord> = Vec::with_capacity(records.len());
    for record in records {
        if kept.last().is_some_and(|last| last.id == record.id) {
            skipped.push(SkippedRecord {
                path: record.id.clone(),
                reason: "duplicate cveId".into(),
            });
        } else {
            kept.push(record);
        }
    }
    skipped.sort();
    Ok(RecordSet {
        path: label,
        records: kept,
        skipped,
    })
}

/// The newest record's id (by year, then number).
pub fn newest(records: &[CveRecord]) -> Option<&str> {
    records
        .iter()
        .map(|r| r.id.as_str())
        .max_by(|a, b| id_sort_key(a).cmp(&id_sort_key(b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_published_records_are_read() {
        assert_eq!(
            record_file("cve/published/2025/CVE-2025-1.json"),
            Some(("cve/published/2025/CVE-2025-1", true))
        );
        assert_eq!(
            record_file("cve/published/2025/CVE-2025-1.dyad"),
            Some(("cve/published/2025/CVE-2025-1", false))
        );
        assert_eq!(record_file("cve/published/2025/CVE-2025-1.sha1"), None);
        assert_eq!(record_file("cve/rejected/2025/CVE-2025-1.json"), None);
        assert_eq!(record_file("cve/published/CVE-2025-1.json"), None);
        assert_eq!(record_file("cve/published/2025/x/CVE-2025-1.json"), None);
    }
}
