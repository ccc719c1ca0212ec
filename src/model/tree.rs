//! The report of one input: open it, scan it once ([`crate::scan::read_tree`]) and build its
//! [`Report`], through the tree-report cache. Every command that needs a tree's report comes
//! here.

use super::census::Census;
use super::report::{build, Report, ReportInput};
use crate::cache::Cache;
use crate::facts::ClocVersion;
use crate::scan::{read_tree, Plan, TreeRead};
use crate::source::{Source, SourceOptions};
use anyhow::Result;
use std::path::Path;

/// The report of a tree read by [`read_tree`].
pub fn report_of(read: &TreeRead) -> Report {
    build(&ReportInput {
        census: &read.census,
        rust: &read.rust,
        kept: &read.kept,
        c_callers: &read.c_callers,
        rust_blobs: &read.rust_blobs,
        c_facts: &read.c_facts,
        c_searched: &read.c_searched,
        c_calls: &read.c_calls,
        prepared: read.prepared.as_deref(),
    })
}

/// Frees what a tree's read collected (every file's census row, Rust and C facts: some
/// 100,000 allocations on Linux) on a thread of the pool, so the report is not held up by it;
/// a process that ends first leaves it to the operating system.
fn drop_in_background(read: TreeRead) {
    rayon::spawn(move || drop(read));
}

/// How the facts of a tree are taken: by whose cloc rules, and through which cache (keyed by
/// the same rules, [`Cache::with_cloc`]).
#[derive(Clone, Copy, Default)]
pub struct Counting<'a> {
    /// Whose rules decide languages and lines.
    pub cloc: ClocVersion,
    /// The fact cache, if any.
    pub cache: Option<&'a Cache>,
}

impl Counting<'_> {
    fn plan(&self) -> Plan {
        Plan {
            c_callers: true,
            rust_sources: false,
            cloc: self.cloc,
            c_calls_wanted: Some(super::twins::calls_wanted),
        }
    }
}

/// Take the report of `source`: one [`read_tree`] pass, C callers included. With a cache, a
/// git revision whose tree was reported before by this build is not read at all.
pub fn take_report(source: &Source, counting: Counting<'_>) -> Result<Report> {
    let cache = counting.cache;
    let tree_key = source.git_tree().map(|tree| format!("git-tree:{tree}"));
    if let Some((cache, key)) = cache.zip(tree_key.as_deref()) {
        if let Some(report) = cache
            .tree_report(key)
            .and_then(|json| serde_json::from_str::<Report>(&json).ok())
        {
            return Ok(report);
        }
    }
    let read = read_tree(source, counting.plan(), cache)?;
    let report = report_of(&read);
    drop_in_background(read);
    if let Some((cache, key)) = cache.zip(tree_key.as_deref()) {
        if let Ok(json) = serde_json::to_string(&report) {
            cache.put_tree_report(key, report.kernel_version.as_deref(), &json);
        }
    }
    Ok(report)
}

/// A tree's report, and what the input says of the tree besides.
pub struct ReportedTree {
    /// The report.
    pub report: Report,
    /// The commit time of a git revision (seconds since the epoch); `None` for other inputs.
    pub commit_seconds: Option<i64>,
}

/// Open the input at `path` (a directory, a tarball, or a git repository at `rev`) with the
/// default source options and take its report ([`take_report`]).
pub fn report_input(
    path: &Path,
    rev: Option<&str>,
    counting: Counting<'_>,
) -> Result<ReportedTree> {
    let source = Source::open(path, rev, &SourceOptions::default())?;
    let report = take_report(&source, counting)?;
    Ok(ReportedTree {
        report,
        commit_seconds: source.commit_seconds(),
    })
}

/// Where the CVE records to join come from (`--cves VULNS [--cves-rev REV]`).
pub struct CvesInput<'a> {
    /// VULNS: a vulns.git checkout, an unpacked snapshot, a tarball of one, or a git repository.
    pub path: &'a Path,
    /// A git revision of VULNS.
    pub rev: Option<&'a str>,
}

/// The report of the input at `path` and its census, read in one pass: what a join with CVE
/// records needs, so the tree is read even when its report is cached.
pub fn report_and_census(
    path: &Path,
    rev: Option<&str>,
    counting: Counting<'_>,
) -> Result<(ReportedTree, Census)> {
    let source = Source::open(path, rev, &SourceOptions::default())?;
    let read = read_tree(&source, counting.plan(), counting.cache)?;
    let report = report_of(&read);
    Ok((
        ReportedTree {
            report,
            commit_seconds: source.commit_seconds(),
        },
        read.census,
    ))
}

/// The report of the input at `path` and its CVE records joined to it. The join needs the
/// census of every file, so the tree is read even when its report is cached.
pub fn report_with_cves(
    path: &Path,
    rev: Option<&str>,
    counting: Counting<'_>,
    vulns: &CvesInput<'_>,
) -> Result<(ReportedTree, super::cves::Cves)> {
    let records = super::cves::records::read_records(vulns.path, vulns.rev, counting.cache)?;
    let (tree, census) = report_and_census(path, rev, counting)?;
    let cves = super::cves::join(&super::cves::JoinInput::new(
        &census,
        &tree.report,
        &records,
    ));
    Ok((tree, cves))
}

#[cfg(test)]
mod tests {
    /// A git tree's report is kept in the cache as JSON and read back by the next run: every
    /// number must come back as it was written, or a warm report differs from the cold one in
    /// a last digit. (Linux 7.3's reach shares did, 3/821 among them, until serde_json parsed
    /// floats with its `float_roundtrip` feature.)
    #[test]
    fn report_numbers_read_back_as_written() {
        let mut wrong = Vec::new();
        for whole in 1..=1000u64 {
            for part in 0..=whole {
                let share = part as f64 / whole as f64;
                let json = serde_json::to_string(&share).unwrap();
                if serde_json::from_str::<f64>(&json).unwrap().to_bits() != share.to_bits() {
                    wrong.push(format!("{part}/{whole}"));
                }
            }
        }
        assert!(wrong.is_empty(), "read back otherwise: {wrong:?}");
    }
}
