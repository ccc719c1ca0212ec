//! Safety in practice: the kernel CNA's CVE records joined to a tree's census and report.
//!
//! A record *touches* the tree when at least one of the files its fix touched
//! (`programFiles`) is in the tree: counted, or a duplicate of a counted file (its content is
//! counted under another path, whose language it takes), or present but not counted (it then
//! touches the tree in no language). It counts once per language, per area and per class it
//! touches: a fix to a `.c` and a `.h` counts for C and for C/C++ Header. The language of a
//! file is the census's; its area is its top-level folder (the census's `by_dir(1)`, `.` for
//! files at the top). Rates divide by the tree's own code lines in that language or area.
//!
//! A record's class for `by_class` and the class shares is its primary class (the first of its
//! classes, [`Class::ALL`]'s order), so each record counts in one class; `rust[]` lists all.
//! `affecting_this_tree` are the records whose version statements say the tree's own release
//! (the top-level Makefile's, `7.3.4`) is affected, whether or not the files are still there.

pub mod headline;
pub mod records;

pub use headline::{headline, CvesHeadline, RecordCount};

use crate::facts::cve::{Class, CveRecord, Release};
use crate::model::census::{is_duplicate, Census, LanguageTotals};
use crate::model::report::{Driver, Report, RustFile};
use records::{newest, RecordSet, SkippedRecord};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Where the records came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CveSource {
    /// VULNS as given (`PATH` or `PATH@REV`).
    pub path: String,
    /// Records read.
    pub records: u64,
    /// The newest record's id.
    pub newest: Option<String>,
    /// Record files skipped, with the reason.
    pub skipped: Vec<SkippedRecord>,
}

/// Records touching one language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LanguageRate {
    /// cloc's name of the language.
    pub language: String,
    /// Its figures.
    #[serde(flatten)]
    pub rate: RecordRate,
}

/// Records touching one area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AreaRate {
    /// The area: a top-level folder, `.` for the files at the top.
    pub area: String,
    /// Its figures.
    #[serde(flatten)]
    pub rate: RecordRate,
}

/// Records touching one language or one area, and the rate per code line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RecordRate {
    /// Records touching it.
    pub records: u64,
    /// Its code lines in this tree.
    pub code: u64,
    /// `records` per million of those code lines (0 when there are none).
    pub per_million_lines: f64,
    /// Of `records`, those whose primary class is memory safety.
    pub memory_safety: u64,
    /// `memory_safety` as a percentage of `records` (0 when there are none).
    pub memory_safety_percent: f64,
}

/// Records of one class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ClassCount {
    /// The class ([`Class::name`]).
    pub class: String,
    /// Records whose primary class it is, among those touching the tree.
    pub records: u64,
    /// The same, per language touched.
    pub by_language: BTreeMap<String, u64>,
}

/// Records fixed in one mainline release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FixRelease {
    /// The mainline release (`6.13`), or `unfixed`.
    pub release: String,
    /// Records touching the tree fixed in it, per language touched.
    pub by_language: BTreeMap<String, u64>,
}

/// A record that touches Rust files of the tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RustRecord {
    /// `CVE-2025-68260`.
    pub id: String,
    /// The record's title.
    pub title: String,
    /// The record's files that are in the tree.
    pub files: Vec<String>,
    /// The report's area of its first Rust file (`drivers`, `rust/kernel`, ...).
    pub area: String,
    /// The crate of its first Rust file, when the report knows it.
    #[serde(rename = "crate")]
    pub crate_name: Option<String>,
    /// The driver (its root file) of its first Rust file, when it is one.
    pub driver: Option<String>,
    /// Mainline releases that introduced it.
    pub introduced: Vec<String>,
    /// The mainline release that fixed it.
    pub fixed: Option<String>,
    /// Its classes, primary first.
    pub classes: Vec<String>,
    /// The highest CVSS base score, if scored.
    pub cvss: Option<f64>,
    /// `unsafe` blocks the touched Rust files hold in this tree.
    pub unsafe_blocks: u64,
}

/// A record whose version statements say the tree's release is affected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AffectingRecord {
    /// The record's id.
    pub id: String,
    /// The record's title.
    pub title: String,
    /// Languages of its files in the tree (empty when none is there).
    pub languages: Vec<String>,
    /// The mainline release that fixed it.
    pub fixed: Option<String>,
}

/// The `cves` section of a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Cves {
    /// Where the records came from.
    pub source: CveSource,
    /// The tree's release the version statements are checked against (`7.3.4`).
    pub tree_version: Option<String>,
    /// Records touching the tree.
    pub records_in_tree: u64,
    /// Of those, records whose primary class is memory safety.
    pub memory_safety: u64,
    /// `memory_safety` as a percentage of `records_in_tree`.
    pub memory_safety_percent: f64,
    /// Per language, largest count first (ties by name).
    pub by_language: Vec<LanguageRate>,
    /// Per area (top-level folder), largest count first.
    pub by_area: Vec<AreaRate>,
    /// Per primary class, in [`Class::ALL`]'s order.
    pub by_class: Vec<ClassCount>,
    /// Per mainline fix release, oldest first, `unfixed` last.
    pub by_fix_release: Vec<FixRelease>,
    /// Records touching the tree's Rust files, by id.
    pub rust: Vec<RustRecord>,
    /// Records affecting the tree's own release, by id.
    pub affecting_this_tree: Vec<AffectingRecord>,
}

/// A report with its `cves` section as the last key: the JSON `report --cves` writes and the
/// value `check --cves` reads its metrics from (SCHEMA.md).
#[derive(Debug, Serialize)]
pub struct ReportWithCves<'a> {
    /// The report's keys, as `report` writes them.
    #[serde(flatten)]
    pub report: &'a Report,
    /// The join.
    pub cves: &'a Cves,
}

/// What the join needs.
pub struct JoinInput<'a> {
    /// The tree's census (languages and code lines of files).
    pub census: &'a Census,
    /// The tree's release (`Report::kernel_version`, `7.3.4`).
    pub tree_version: Option<&'a str>,
    /// The report's Rust files (area, crate and unsafe blocks of each).
    pub rust_files: &'a [RustFile],
    /// The report's drivers (their files).
    pub drivers: &'a [Driver],
    /// The records.
    pub records: &'a RecordSet,
}

impl<'a> JoinInput<'a> {
    /// The join of `records` with a tree's census and report.
    pub fn new(census: &'a Census, report: &'a Report, records: &'a RecordSet) -> JoinInput<'a> {
        JoinInput {
            census,
            tree_version: report.kernel_version.as_deref(),
            rust_files: &report.files,
            drivers: &report.drivers,
            records,
        }
    }
}

/// The census's view of one path: its language, or `None` for a file present but not counted.
struct TreeFiles<'a> {
    language: HashMap<&'a str, Option<&'static str>>,
}

impl<'a> TreeFiles<'a> {
    fn new(census: &'a Census) -> TreeFiles<'a> {
        let mut language: HashMap<&'a str, Option<&'static str>> = census
            .files
            .iter()
            .map(|f| (f.path.as_str(), Some(f.language)))
            .collect();
        let counted = language.clone();
        for s in &census.skipped {
            let of = s
                .reason
                .strip_prefix("duplicate of ")
                .filter(|_| is_duplicate(&s.reason))
                .and_then(|original| counted.get(original).copied().flatten());
            language.insert(s.path.as_str(), of);
        }
        TreeFiles { language }
    }
}

/// The area of a path: its top-level folder, `.` at the top (as the census's `by_dir(1)`).
pub fn area(path: &str) -> &str {
    path.split_once('/').map_or(".", |(top, _)| top)
}

fn rate(records: u64, memory_safety: u64, code: u64) -> RecordRate {
    RecordRate {
        records,
        code,
        per_million_lines: if code == 0 {
            0.0
        } else {
            records as f64 * 1e6 / code as f64
        },
        memory_safety,
        memory_safety_percent: percent(memory_safety, records),
    }
}

fn percent(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

/// Counts of records and memory-safety records per name.
#[derive(Default)]
struct Tally {
    counts: BTreeMap<String, (u64, u64)>,
}

impl Tally {
    fn add(&mut self, name: &str, memory_safety: bool) {
        let entry = self.counts.entry(name.to_string()).or_default();
        entry.0 += 1;
        entry.1 += u64::from(memory_safety);
    }

    /// Each name's rate against its code lines, most records first (ties by name).
    fn rates(self, code: &BTreeMap<String, u64>) -> Vec<(String, RecordRate)> {
        let mut rates: Vec<(String, RecordRate)> = self
            .counts
            .into_iter()
            .map(|(name, (n, ms))| {
                let lines = code.get(&name).copied().unwrap_or(0);
                (name, rate(n, ms, lines))
            })
            .collect();
        rates.sort_by(|a, b| b.1.records.cmp(&a.1.records).then_with(|| a.0.cmp(&b.0)));
        rates
    }
}

/// Join the records to the tree.
pub fn join(input: &JoinInput<'_>) -> Cves {
    let tree = TreeFiles::new(input.census);
    let tree_release = input.tree_version.and_then(Release::parse);
    let language_code = code_lines(input.census.by_language());
    let area_code = code_lines(input.census.by_dir(1));
    let rust_files: HashMap<&str, &RustFile> = input
        .rust_files
        .iter()
        .map(|f| (f.path.as_str(), f))
        .collect();
    let driver_of: HashMap<&str, &str> = input
        .drivers
        .iter()
        .flat_map(|d| d.files.iter().map(move |f| (f.as_str(), d.root.as_str())))
        .collect();

    let mut records_in_tree = 0;
    let mut memory_safety = 0;
    let mut by_language = Tally::default();
    let mut by_area = Tally::default();
    let mut by_class: BTreeMap<Class, (u64, BTreeMap<String, u64>)> = BTreeMap::new();
    let mut by_fix: BTreeMap<Option<Release>, BTreeMap<String, u64>> = BTreeMap::new();
    let mut rust = Vec::new();
    let mut affecting = Vec::new();
    for record in &input.records.records {
        let files: Vec<&str> = record
            .files
            .iter()
            .map(String::as_str)
            .filter(|f| tree.language.contains_key(f))
            .collect();
        let languages: BTreeSet<&str> = files
            .iter()
            .filter_map(|f| tree.language.get(f).copied().flatten())
            .collect();
        if tree_release.is_some_and(|r| record.releases.affects(r)) {
            affecting.push(AffectingRecord {
                id: record.id.clone(),
                title: record.title.clone(),
                languages: languages.iter().map(|l| l.to_string()).collect(),
                fixed: record.releases.fixed.map(|f| f.to_string()),
            });
        }
        if files.is_empty() {
            continue;
        }
        records_in_tree += 1;
        let primary = record
            .classes
            .first()
            .copied()
            .unwrap_or(Class::Unclassified);
        let is_memory = primary == Class::MemorySafety;
        memory_safety += u64::from(is_memory);
        let class = by_class.entry(primary).or_default();
        class.0 += 1;
        let fix = by_fix.entry(record.releases.fixed).or_default();
        for language in &languages {
            by_language.add(language, is_memory);
            *class.1.entry(language.to_string()).or_default() += 1;
            *fix.entry(language.to_string()).or_default() += 1;
        }
        let areas: BTreeSet<&str> = files.iter().map(|f| area(f)).collect();
        for a in areas {
            by_area.add(a, is_memory);
        }
        if languages.contains("Rust") {
            rust.push(rust_record(record, &files, &rust_files, &driver_of));
        }
    }
    Cves {
        source: CveSource {
            path: input.records.path.clone(),
            records: input.records.records.len() as u64,
            newest: newest(&input.records.records).map(str::to_string),
            skipped: input.records.skipped.clone(),
        },
        tree_version: tree_release.map(|r| r.to_string()),
        records_in_tree,
        memory_safety,
        memory_safety_percent: percent(memory_safety, records_in_tree),
        by_language: by_language
            .rates(&language_code)
            .into_iter()
            .map(|(language, rate)| LanguageRate { language, rate })
            .collect(),
        by_area: by_area
            .rates(&area_code)
            .into_iter()
            .map(|(area, rate)| AreaRate { area, rate })
            .collect(),
        by_class: class_counts(by_class),
        by_fix_release: fix_releases(by_fix),
        rust,
        affecting_this_tree: affecting,
    }
}

/// Code lines by name (a language, or a top folder for `by_dir(1)`, whose rows carry the
/// folder in `language`).
fn code_lines(totals: Vec<LanguageTotals>) -> BTreeMap<String, u64> {
    totals
        .into_iter()
        .map(|t| (t.language, t.lines.code))
        .collect()
}

/// The records by the release that fixed them, by language, oldest release first and the
/// unfixed ones last.
fn fix_releases(mut by_fix: BTreeMap<Option<Release>, BTreeMap<String, u64>>) -> Vec<FixRelease> {
    // `None` (unfixed) sorts first in the map; it goes last.
    let unfixed = by_fix.remove(&None);
    by_fix
        .into_iter()
        .map(|(release, by_language)| (release.map(|r| r.to_string()), by_language))
        .chain(unfixed.map(|by_language| (None, by_language)))
        .map(|(release, by_language)| FixRelease {
            release: release.unwrap_or_else(|| "unfixed".into()),
            by_language,
        })
        .collect()
}

/// The records by primary class, by language, for every class in [`Class::ALL`]'s order.
fn class_counts(mut by_class: BTreeMap<Class, (u64, BTreeMap<String, u64>)>) -> Vec<ClassCount> {
    Class::ALL
        .iter()
        .map(|c| {
            let (records, by_language) = by_class.remove(c).unwrap_or_default();
            ClassCount {
                class: c.name().to_string(),
                records,
                by_language,
            }
        })
        .collect()
}

/// One record touching Rust files, with what the report knows of its first Rust file.
fn rust_record(
    record: &CveRecord,
    files: &[&str],
    rust_files: &HashMap<&str, &RustFile>,
    driver_of: &HashMap<&str, &str>,
) -> RustRecord {
    let known: Vec<&RustFile> = files
        .iter()
        .filter_map(|f| rust_files.get(f).copied())
        .collect();
    let first = known.first();
    RustRecord {
        id: record.id.clone(),
        title: record.title.clone(),
        files: files.iter().map(|f| f.to_string()).collect(),
        area: first.map_or_else(
            || area(files[0]).to_string(),
            |f| f.area.as_str().to_string(),
        ),
        crate_name: first.and_then(|f| f.crate_name.clone()),
        driver: known
            .iter()
            .find_map(|f| driver_of.get(f.path.as_str()))
            .map(|d| d.to_string()),
        introduced: record
            .releases
            .introduced
            .iter()
            .map(|r| r.to_string())
            .collect(),
        fixed: record.releases.fixed.map(|r| r.to_string()),
        classes: record
            .classes
            .iter()
            .map(|c| c.name().to_string())
            .collect(),
        cvss: record.cvss,
        unsafe_blocks: known.iter().map(|f| f.figures.unsafe_blocks).sum(),
    }
}

#[cfg(test)]
mod tests;
