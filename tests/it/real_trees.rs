//! Tests on real kernel trees, fetched by `scripts/fetch-kernel.sh` into the cache folder.
//!
//! `scripts/test.sh` (the project's test command) fetches the trees first and sets
//! `KCENSUS_REQUIRE_KERNELS=1`, so in CI a missing tree is a failure, not a skip. A bare
//! `cargo test` without the trees skips these tests with a note on stderr.

use std::path::PathBuf;
use std::process::Command;

use crate::common;

/// The unpacked tree and the tarball of a kernel version, if fetched.
fn kernel(version: &str) -> Option<(PathBuf, PathBuf)> {
    Some((common::tree(version)?, common::tarball(version)?))
}

use common::kcensus_ok as kcensus;

fn have_cloc() -> bool {
    let found = Command::new("cloc")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found || !common::required(),
        "cloc is not installed (apt-get install cloc)"
    );
    found
}

/// cloc's by-file CSV for `dir` (relative to `tree`), run as a user runs it (`cloc --by-file
/// DIR`: it follows symbolic links to files and keeps one of identical files, as kcensus does),
/// as a map from path to (language, blank, comment, code).
fn cloc_by_file(
    tree: &std::path::Path,
    dir: &str,
) -> std::collections::BTreeMap<String, (String, u64, u64, u64)> {
    let out = Command::new("cloc")
        .args(["--by-file", "--csv", "--quiet", dir])
        .current_dir(tree)
        .output()
        .expect("cloc runs");
    assert!(out.status.success(), "cloc failed");
    let mut rows = std::collections::BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines().skip(1) {
        let parts: Vec<&str> = line.split(',').collect();
        if parts.len() < 5 || parts[0] == "SUM" || parts[0].is_empty() {
            continue;
        }
        let n = parts.len();
        let path = parts[1..n - 3].join(",");
        let num = |s: &str| s.parse::<u64>().expect("number");
        rows.insert(
            path,
            (
                parts[0].to_string(),
                num(parts[n - 3]),
                num(parts[n - 2]),
                num(parts[n - 1]),
            ),
        );
    }
    rows
}

fn ours_by_file(
    tree: &std::path::Path,
    dir: &str,
) -> std::collections::BTreeMap<String, (String, u64, u64, u64)> {
    let json = kcensus(&[
        "count",
        "--by-file",
        "--format",
        "json",
        &tree.join(dir).to_string_lossy(),
    ]);
    let doc: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    let mut rows = std::collections::BTreeMap::new();
    for f in doc["files"].as_array().expect("files") {
        let n = |k: &str| f[k].as_u64().expect("count");
        rows.insert(
            format!("{dir}/{}", f["path"].as_str().expect("path")),
            (
                f["language"].as_str().expect("language").to_string(),
                n("blank"),
                n("comment"),
                n("code"),
            ),
        );
    }
    rows
}

/// Every file of several kernel folders gets exactly cloc's counts (the whole trees are
/// compared by scripts/compare-cloc.py in CI; these folders keep the check in `cargo test`).
#[test]
fn counts_equal_cloc_file_by_file_on_kernel_folders() {
    if !have_cloc() {
        return;
    }
    for version in ["6.12", "7.3"] {
        let Some((tree, _)) = kernel(version) else {
            continue;
        };
        for dir in [
            "rust",
            "scripts",
            "arch/x86/entry",
            "drivers/net/phy",
            "Documentation/rust",
            "tools/perf/tests",
        ] {
            let theirs = cloc_by_file(&tree, dir);
            let ours = ours_by_file(&tree, dir);
            assert!(!theirs.is_empty(), "{version}/{dir}: cloc counted nothing");
            // cloc follows a symbolic link wherever it points; kcensus never reads outside its
            // input, so a link leaving the folder is skipped (7.3: scripts/kernel-doc ->
            // ../tools/docs/kernel-doc). Counting the whole tree, both count it.
            let root = tree.join(dir).canonicalize().expect("the folder");
            let leaves_the_folder = |path: &str| {
                let at = tree.join(path);
                at.is_symlink()
                    && at
                        .canonicalize()
                        .is_ok_and(|target| !target.starts_with(&root))
            };
            let differing: Vec<_> = theirs
                .iter()
                .filter(|(path, row)| ours.get(*path) != Some(row))
                .filter(|(path, _)| !leaves_the_folder(path) || ours.contains_key(*path))
                .map(|(path, row)| format!("{path}: cloc {row:?}, kcensus {:?}", ours.get(path)))
                .chain(
                    ours.keys()
                        .filter(|p| !theirs.contains_key(*p))
                        .map(|p| format!("{p}: only kcensus")),
                )
                .collect();
            assert!(
                differing.is_empty(),
                "Linux {version} {dir}:\n{}",
                differing.join("\n")
            );
        }
    }
}

/// The 7.3 tarball, streamed, gives exactly the directory's per-file counts and skip list.
#[test]
fn tarball_and_directory_give_identical_output_on_7_3() {
    let Some((tree, tarball)) = kernel("7.3") else {
        return;
    };
    let from_dir = kcensus(&[
        "count",
        "--by-file",
        "--format",
        "json",
        &tree.to_string_lossy(),
    ]);
    let from_tar = kcensus(&[
        "count",
        "--by-file",
        "--format",
        "json",
        &tarball.to_string_lossy(),
    ]);
    assert!(from_dir == from_tar, "directory and tarball outputs differ");
    let doc: serde_json::Value = serde_json::from_str(&from_dir).expect("valid JSON");
    let rust = doc["languages"]
        .as_array()
        .expect("languages")
        .iter()
        .find(|l| l["language"] == "Rust")
        .expect("Rust is counted");
    // 7.3 has 496 Rust files (the report issue states it; cloc agrees).
    assert_eq!(rust["files"], 496);
}
