//! A tree's CVE figures as `history` keeps them for each point: the records affecting the
//! tree's release and the records introduced in its mainline release, by language.
//!
//! Both count every record that says so, whether or not its files are in the tree (as
//! `affecting_this_tree`); `by_language` counts each record once per language of its files
//! present in the tree (the census's languages, as `cves.by_language`), so a record whose files
//! are gone counts in the total only.

use super::{JoinInput, TreeFiles};
use crate::facts::cve::{CveRecord, Release};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Records and their languages in this tree.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RecordCount {
    /// Records.
    pub records: u64,
    /// Records per language of their files present in the tree.
    pub by_language: BTreeMap<String, u64>,
}

impl RecordCount {
    fn add(&mut self, languages: &BTreeSet<&str>) {
        self.records += 1;
        for language in languages {
            *self.by_language.entry(language.to_string()).or_default() += 1;
        }
    }

    /// The records in `language` (0 when none).
    pub fn in_language(&self, language: &str) -> u64 {
        self.by_language.get(language).copied().unwrap_or(0)
    }
}

/// A history point's CVE figures (`points[].cves`, SCHEMA.md).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CvesHeadline {
    /// Records touching the tree (`cves.records_in_tree`).
    pub records_in_tree: u64,
    /// Records whose ranges say the tree's release is affected (`affecting_this_tree`).
    pub affecting: RecordCount,
    /// Records whose bug a mainline release of the tree's series introduced (`7.3` for a
    /// 7.3.4 tree): the release's own new bugs.
    pub introduced: RecordCount,
}

/// The languages of a record's files present in the tree, and whether any is present.
fn languages<'a>(record: &CveRecord, tree: &TreeFiles<'a>) -> (bool, BTreeSet<&'static str>) {
    let mut present = false;
    let mut languages = BTreeSet::new();
    for file in &record.files {
        if let Some(language) = tree.language.get(file.as_str()) {
            present = true;
            languages.extend(*language);
        }
    }
    (present, languages)
}

/// The point figures of the records joined to one tree; without a release (no version in the
/// top Makefile) nothing affects it and nothing was introduced in it.
pub fn headline(input: &JoinInput<'_>) -> CvesHeadline {
    let tree = TreeFiles::new(input.census);
    let release = input.tree_version.and_then(Release::parse);
    let mut out = CvesHeadline::default();
    for record in &input.records.records {
        let (present, languages) = languages(record, &tree);
        out.records_in_tree += u64::from(present);
        let Some(release) = release else { continue };
        if record.releases.affects(release) {
            out.affecting.add(&languages);
        }
        if record.releases.introduced.contains(&release.series()) {
            out.introduced.add(&languages);
        }
    }
    out
}
