//! cloc's own test suite as the judge of kcensus's line counts.
//!
//! `../shared/data/cloc-1.96-test-inputs.tar.xz` (relative to the repository root) holds
//! `tests/inputs/` of cloc v1.96: 381 files in many languages, written by cloc's authors to
//! exercise its classifiers and filters. Each input is put alone in a folder; the real cloc
//! (`cloc --by-file --json` over all the folders at once, run live: its numbers are never typed
//! in here) and `kcensus count --format json` on each folder must give the same language and
//! blank/comment/code.
//!
//! The archive is shared data, never copied into the repository. Without it (or without
//! `cloc` on the PATH) the test is skipped with a note; with `KCENSUS_REQUIRE_CLOC_INPUTS=1`
//! a missing archive or cloc fails it.
//!
//! Measured: of the 381 inputs cloc 1.96 counts 362, and kcensus agrees on all 362.
//!
//! The same inputs judge the compatibility modes `--cloc 2.04` and `--cloc 2.08` against the
//! real cloc of that version (Debian's package, fetched by `scripts/fetch-cloc.sh`, run with
//! `perl`); without network or the archive they are skipped with a note.

use crate::common;

use common::fixtures::{kcensus, parse_ok};
use serde_json::Value;
use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// What one tool said about a folder holding one file: language and blank/comment/code, or
/// nothing counted.
type Verdict = Option<(String, [u64; 3])>;

fn required() -> bool {
    std::env::var_os("KCENSUS_REQUIRE_CLOC_INPUTS").is_some_and(|v| v == "1")
}

fn skip(why: &str) {
    assert!(!required(), "cloc test suite: {why}");
    eprintln!("skipping cloc's test suite: {why}");
}

/// The one language row of `count --format json` (or of `cloc --json`, whose keys other than
/// `header` and `SUM` are languages).
fn kcensus_verdict(dir: &Path, cloc_version: &str) -> Verdict {
    let doc = parse_ok(&kcensus([
        "count".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        "--cloc".as_ref(),
        cloc_version.as_ref(),
        dir.as_os_str(),
    ]));
    let rows = doc["languages"].as_array().expect("languages");
    assert!(rows.len() <= 1, "one file, one language: {doc}");
    rows.first().map(|row| {
        let n = |k: &str| row[k].as_u64().expect("a count");
        (
            row["language"].as_str().expect("language").to_string(),
            [n("blank"), n("comment"), n("code")],
        )
    })
}

/// cloc's verdict on every folder `one/N` under `one`, from one run (`--by-file
/// --skip-uniqueness`) of `cloc` (the command: `cloc`, or `perl SCRIPT`): a Perl start per
/// input cost more than a minute of CI. Each file's verdict is the one cloc gives on its
/// folder alone (checked with cloc 1.96 on all 381 inputs, 2026-11-30: 362 counted, 0
/// differences): cloc classifies and counts a file by its own name and bytes, and
/// `--skip-uniqueness` keeps identical inputs, which separate runs would each count.
fn cloc_verdicts(cloc: &[OsString], one: &Path) -> HashMap<usize, Verdict> {
    let out = Command::new(&cloc[0])
        .args(&cloc[1..])
        .args(["--by-file", "--json", "--skip-uniqueness", "--quiet"])
        .arg(one)
        .output()
        .expect("cloc runs");
    assert!(out.status.success(), "cloc failed");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("cloc's JSON");
    let prefix = format!("{}/", one.display());
    let mut verdicts = HashMap::new();
    for (path, row) in doc.as_object().expect("an object") {
        if path == "header" || path == "SUM" {
            continue;
        }
        let index = path
            .strip_prefix(&prefix)
            .and_then(|rest| rest.split('/').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{path}: not under {prefix}"));
        let n = |k: &str| row[k].as_u64().expect("a count");
        let language = row["language"].as_str().expect("language").to_string();
        let verdict = Some((language, [n("blank"), n("comment"), n("code")]));
        assert!(
            verdicts.insert(index, verdict).is_none(),
            "one file per folder"
        );
    }
    verdicts
}

/// Every regular file under `dir` (symbolic links aside), sorted.
fn regular_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable") {
        let entry = entry.expect("an entry");
        let kind = entry.file_type().expect("a type");
        if kind.is_dir() {
            regular_files(&entry.path(), found);
        } else if kind.is_file() {
            found.push(entry.path());
        }
    }
}

fn archive() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let archive = root.join("../shared/data/cloc-1.96-test-inputs.tar.xz");
    if !archive.exists() {
        skip(&format!("{} is absent", archive.display()));
        return None;
    }
    Some(archive)
}

#[test]
fn every_input_cloc_counts_is_counted_identically() {
    let Some(archive) = archive() else { return };
    match Command::new("cloc").arg("--version").output() {
        Ok(out) if String::from_utf8_lossy(&out.stdout).trim() == "1.96" => {}
        _ => return skip("cloc 1.96 is not on the PATH"),
    }
    let (counted_by_cloc, differing) = judge(&archive, &["cloc".into()], "1.96");
    assert!(counted_by_cloc >= 362, "cloc counts {counted_by_cloc}");
    assert!(
        differing.is_empty(),
        "{} inputs counted differently:\n{}",
        differing.len(),
        differing.join("\n")
    );
}

/// The real cloc `version` (2.04 or 2.08), fetched by `scripts/fetch-cloc.sh`, against
/// `kcensus count --cloc VERSION` on every input.
fn newer_cloc_judges(version: &str) {
    let Some(archive) = archive() else { return };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fetched = Command::new(root.join("scripts/fetch-cloc.sh"))
        .arg(version)
        .output()
        .expect("bash runs");
    if !fetched.status.success() {
        return skip(&format!(
            "scripts/fetch-cloc.sh {version}: {}",
            String::from_utf8_lossy(&fetched.stderr).trim()
        ));
    }
    let script = String::from_utf8_lossy(&fetched.stdout).trim().to_string();
    let cloc = ["perl".into(), OsString::from(script)];
    let (counted_by_cloc, differing) = judge(&archive, &cloc, version);
    assert!(
        counted_by_cloc >= 362,
        "cloc {version} counts {counted_by_cloc}"
    );
    assert!(
        differing.is_empty(),
        "{} inputs counted differently:\n{}",
        differing.len(),
        differing.join("\n")
    );
}

#[test]
fn every_input_cloc_2_04_counts_is_counted_identically_with_cloc_2_04() {
    newer_cloc_judges("2.04");
}

#[test]
fn every_input_cloc_2_08_counts_is_counted_identically_with_cloc_2_08() {
    newer_cloc_judges("2.08");
}

/// Count every input alone in a folder with `cloc` and with `kcensus --cloc version`: how many
/// inputs cloc counts, and a line for each input counted differently.
fn judge(archive: &Path, cloc: &[OsString], version: &str) -> (usize, Vec<String>) {
    let work = tempfile::tempdir().expect("temp dir");
    let status = Command::new("tar")
        .arg("-xJf")
        .arg(archive)
        .arg("-C")
        .arg(work.path())
        .status()
        .expect("tar runs");
    assert!(status.success(), "tar -xJf {}", archive.display());
    let inputs = work.path().join("tests/inputs");
    let mut files = Vec::new();
    regular_files(&inputs, &mut files);
    files.sort();
    assert_eq!(files.len(), 381, "cloc 1.96's tests/inputs holds 381 files");

    // One folder per input, named after its index, holding the file under its own name.
    let cases: Vec<(String, PathBuf)> = files
        .iter()
        .enumerate()
        .map(|(index, file)| {
            let dir = work.path().join("one").join(index.to_string());
            std::fs::create_dir_all(&dir).expect("mkdir");
            let name = file.file_name().expect("a file name");
            std::fs::copy(file, dir.join(name)).expect("copy");
            let shown = file.strip_prefix(&inputs).expect("under inputs");
            (shown.display().to_string(), dir)
        })
        .collect();

    let cloc = cloc_verdicts(cloc, &work.path().join("one"));
    let results = Mutex::new(Vec::new());
    let next = Mutex::new(cases.iter().enumerate());
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| loop {
                let Some((index, (name, dir))) = next.lock().expect("lock").next() else {
                    break;
                };
                let theirs = cloc.get(&index).cloned().flatten();
                let verdicts = (theirs, kcensus_verdict(dir, version));
                results.lock().expect("lock").push((name.clone(), verdicts));
            });
        }
    });
    let mut results = results.into_inner().expect("lock");
    results.sort();

    let counted_by_cloc = results.iter().filter(|(_, (c, _))| c.is_some()).count();
    let differing: Vec<String> = results
        .iter()
        .filter(|(_, (cloc, ours))| cloc.is_some() && cloc != ours)
        .map(|(name, (cloc, ours))| format!("{name}: cloc {cloc:?}, kcensus {ours:?}"))
        .collect();
    eprintln!(
        "cloc {version} counts {counted_by_cloc} of {} inputs; kcensus agrees on {}",
        results.len(),
        counted_by_cloc - differing.len()
    );
    (counted_by_cloc, differing)
}
