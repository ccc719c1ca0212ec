//! `history`, `diff` and the fact cache.
//!
//! A small kernel-like repository is built at test time with three release tags; on it: the
//! series, the projection, `--rev` pairing, the diff (added driver, vendored crate, a moved
//! file), the cache giving byte-identical output, a warm run reading no blob at all, a new
//! release reading only its changed files, runs killed with SIGKILL leaving a usable cache,
//! and two runs sharing one cache. On the real trees: the four-release repository and the
//! four tarballs give identical series, and the diff 6.12 → 7.3 names the new drivers and
//! vendored crates.

use crate::common;

use common::{git, run_bounded, run_within};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_kcensus");

fn write(root: &Path, path: &str, text: &str) {
    let full = root.join(path);
    std::fs::create_dir_all(full.parent().unwrap()).unwrap();
    std::fs::write(full, text).unwrap();
}

fn makefile(version: &str) -> String {
    let mut parts = version.split('.');
    format!(
        "VERSION = {}\nPATCHLEVEL = {}\nSUBLEVEL = {}\nEXTRAVERSION =\nNAME = Test\n",
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap()
    )
}

fn driver(name: &str, unsafe_blocks: usize) -> String {
    let mut text = format!(
        "//! The {name} driver.\nuse kernel::prelude::*;\n\nmodule! {{\n    type: Driver,\n    name: \"{name}\",\n    authors: [\"A. Author\"],\n    description: \"{name} driver\",\n    license: \"GPL\",\n}}\n\nstruct Driver;\n"
    );
    for i in 0..unsafe_blocks {
        text.push_str(&format!(
            "\nfn f{i}() {{\n    // SAFETY: the test says so.\n    unsafe {{ kernel::bindings::g{i}() }};\n}}\n"
        ));
    }
    text
}

/// The three releases: 6.1.5 (kernel crate, driver foo, a sample), 6.12.3 (driver bar added,
/// a vendored `syn`, the sample moved), 6.18.1 (foo grows); plus a release candidate tag that
/// `--tags` must leave out.
fn make_repo(repo: &Path) {
    git(repo, &["init", "-q"]);
    write(repo, "Makefile", &makefile("6.1.5"));
    write(
        repo,
        "rust/kernel/lib.rs",
        "//! The kernel crate.\n#![no_std]\npub mod sync;\n",
    );
    write(
        repo,
        "rust/kernel/sync.rs",
        "//! Synchronisation.\n\npub fn lock() {\n    // SAFETY: always fine.\n    unsafe { crate::bindings::spin_lock() };\n}\n",
    );
    write(repo, "drivers/foo/Makefile", "obj-$(CONFIG_FOO) += foo.o\n");
    write(
        repo,
        "drivers/foo/Kconfig",
        "config FOO\n\ttristate \"Foo driver\"\n\tdepends on RUST\n",
    );
    write(repo, "drivers/foo/foo.rs", &driver("foo", 1));
    write(
        repo,
        "samples/rust/Makefile",
        "obj-$(CONFIG_SAMPLE) += sample.o\n",
    );
    write(repo, "samples/rust/sample.rs", &driver("sample", 0));
    write(repo, "lib/util.c", "int util(void)\n{\n\treturn 1;\n}\n");
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", "6.1.5"]);
    git(repo, &["tag", "v6.1.5"]);

    write(repo, "Makefile", &makefile("6.12.3"));
    write(repo, "drivers/bar/Makefile", "obj-$(CONFIG_BAR) += bar.o\n");
    write(
        repo,
        "drivers/bar/Kconfig",
        "config BAR\n\ttristate \"Bar driver\"\n",
    );
    write(repo, "drivers/bar/bar.rs", &driver("bar", 2));
    write(
        repo,
        "rust/syn/README.md",
        "# `syn`\n\nThese source files come from the Rust `syn` crate, version 2.0.106\n",
    );
    write(repo, "rust/syn/lib.rs", "pub fn parse() {}\n");
    git(
        repo,
        &["mv", "samples/rust/sample.rs", "samples/rust/moved.rs"],
    );
    write(
        repo,
        "samples/rust/Makefile",
        "obj-$(CONFIG_SAMPLE) += moved.o\n",
    );
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", "6.12.3"]);
    git(repo, &["tag", "-a", "v6.12.3", "-m", "6.12.3"]);

    write(repo, "Makefile", &makefile("6.18.0"));
    git(repo, &["commit", "-q", "-am", "rc"]);
    git(repo, &["tag", "v6.18-rc1"]);
    write(repo, "Makefile", &makefile("6.18.1"));
    write(repo, "drivers/foo/foo.rs", &driver("foo", 4));
    git(repo, &["commit", "-q", "-am", "6.18.1"]);
    git(repo, &["tag", "v6.18.1"]);
}

/// Run kcensus (bounded: ten minutes, enough for four release tarballs on a slow machine); it
/// must succeed. Returns stdout.
fn kcensus(args: &[&str]) -> String {
    let mut command = Command::new(BIN);
    command.args(args);
    let (status, out, err) = run_within(command, std::time::Duration::from_secs(600));
    assert!(
        status.success(),
        "kcensus {args:?}: {}",
        String::from_utf8_lossy(&err)
    );
    String::from_utf8(out).unwrap()
}

struct Fixture {
    _dir: tempfile::TempDir,
    repo: PathBuf,
    cache: PathBuf,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("linux");
    std::fs::create_dir(&repo).unwrap();
    make_repo(&repo);
    let cache = dir.path().join("facts.sqlite");
    Fixture {
        repo,
        cache,
        _dir: dir,
    }
}

fn history_json(f: &Fixture, extra: &[&str]) -> String {
    let repo = f.repo.to_str().unwrap();
    let mut args = vec!["history", repo, "--tags", "v*", "--format", "json"];
    args.extend_from_slice(extra);
    let text = kcensus(&args);
    common::schema::validate("history", &[&text]);
    text
}

fn series(doc: &Value, key: &str) -> Vec<f64> {
    doc["series"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == key)
        .unwrap_or_else(|| panic!("series {key}"))["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect()
}

#[test]
fn history_of_release_tags() {
    let f = fixture();
    let text = history_json(&f, &["--no-cache"]);
    let doc: Value = serde_json::from_str(&text).unwrap();
    let points = doc["points"].as_array().unwrap();
    let versions: Vec<&str> = points
        .iter()
        .map(|p| p["kernel_version"].as_str().unwrap())
        .collect();
    assert_eq!(
        versions,
        ["6.1.5", "6.12.3", "6.18.1"],
        "rc tag left out, version order"
    );
    let revisions: Vec<&str> = points
        .iter()
        .map(|p| p["revision"].as_str().unwrap())
        .collect();
    assert_eq!(revisions, ["v6.1.5", "v6.12.3", "v6.18.1"]);
    let dates: Vec<&str> = points
        .iter()
        .map(|p| p["release_date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2022-12-11", "2024-11-17", "2025-11-30"]);
    assert_eq!(
        series(&doc, "drivers"),
        [2.0, 3.0, 3.0],
        "foo+sample, then bar too"
    );
    assert_eq!(series(&doc, "vendored_crates"), [0.0, 1.0, 1.0]);
    assert_eq!(series(&doc, "unsafe_blocks"), [2.0, 4.0, 7.0]);
    assert_eq!(
        series(&doc, "safety_comment_percent"),
        [100.0, 100.0, 100.0]
    );
    // Every point carries the report's headline keys.
    for key in [
        "rust",
        "rust_own",
        "areas",
        "vendored",
        "unsafe",
        "modules",
        "drivers",
        "exports",
        "bindings",
        "architectures",
        "tree",
    ] {
        assert!(points[0].get(key).is_some(), "point key {key}");
    }
    // Rust's share of each tree's code: the points' own figures, to 0.01 percent.
    let code = |p: &Value, key: &str| p[key]["code"].as_f64().unwrap();
    for (key, part) in [
        ("rust_code_percent", "rust"),
        ("rust_own_code_percent", "rust_own"),
    ] {
        for (p, given) in points.iter().zip(series(&doc, key)) {
            let exact = code(p, part) * 100.0 / code(p, "tree");
            assert!(
                (given - exact).abs() <= 0.005 + 1e-9,
                "{key}: {given} vs {exact}"
            );
        }
    }
    assert_eq!(
        series(&doc, "tree_code"),
        points.iter().map(|p| code(p, "tree")).collect::<Vec<_>>()
    );
    assert_eq!(points[1]["vendored"][0]["version"], "2.0.106");
    // Three dated points: linear and exponential fits of each projected series.
    let projections = doc["projections"].as_array().unwrap();
    assert_eq!(projections.len(), 8);
    let drivers_linear = projections
        .iter()
        .find(|p| p["key"] == "drivers" && p["model"] == "linear")
        .unwrap();
    assert_eq!(drivers_linear["fitted_points"], 3);
    assert_eq!(drivers_linear["projected"].as_array().unwrap().len(), 3);

    // `--revs` in the given order, and `--rev` pairing, give the same points.
    let repo = f.repo.to_str().unwrap();
    let by_revs = kcensus(&[
        "history",
        repo,
        "--revs",
        "v6.1.5,v6.12.3,v6.18.1",
        "--format",
        "json",
        "--no-cache",
    ]);
    assert_eq!(by_revs, text);
    let paired = kcensus(&[
        "history",
        repo,
        "--rev",
        "v6.1.5",
        repo,
        "--rev",
        "v6.12.3",
        repo,
        "--rev",
        "v6.18.1",
        "--format",
        "json",
        "--no-cache",
    ]);
    assert_eq!(paired, text);

    // CSV: a header and one row per point, all of the same width.
    let csv = kcensus(&[
        "history",
        repo,
        "--tags",
        "v*",
        "--format",
        "csv",
        "--no-cache",
    ]);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 4);
    assert!(rows[0].starts_with("input,revision,kernel_version,release_date,"));
    let width = rows[0].split(',').count();
    assert!(rows.iter().all(|r| r.split(',').count() == width));
    // Table and Markdown label the extrapolation.
    let table = kcensus(&["history", repo, "--tags", "v*", "--no-cache"]);
    assert!(table.contains("EXTRAPOLATION"), "{table}");
    let markdown = kcensus(&[
        "history",
        repo,
        "--tags",
        "v*",
        "--format",
        "markdown",
        "--no-cache",
    ]);
    assert!(markdown.contains("not a forecast"), "{markdown}");
}

#[test]
fn history_errors_are_one_line() {
    let f = fixture();
    let repo = f.repo.to_str().unwrap();
    for (args, expected) in [
        (
            vec!["history", repo, "--tags", "x*"],
            "no release tag matches 'x*'",
        ),
        (
            vec!["history", "--rev", "v1", repo],
            "give the git repository before it",
        ),
        (
            vec!["history", repo, "--rev", "nope"],
            "unknown revision 'nope'",
        ),
        (
            vec![
                "history",
                repo,
                "--release-date",
                "6.1=2022-13-01",
                "--tags",
                "v*",
            ],
            "is not a date",
        ),
    ] {
        let mut command = Command::new(BIN);
        command.args(&args).arg("--no-cache");
        let (status, _, err) = run_bounded(command);
        let err = String::from_utf8_lossy(&err);
        assert_eq!(status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(expected), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    }
}

#[test]
fn diff_of_two_releases() {
    let f = fixture();
    let repo = f.repo.to_str().unwrap();
    let text = kcensus(&[
        "diff",
        repo,
        "--rev",
        "v6.1.5",
        repo,
        "--rev",
        "v6.12.3",
        "--format",
        "json",
        "--no-cache",
    ]);
    common::schema::validate("diff", &[&text]);
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["old"]["kernel_version"], "6.1.5");
    assert_eq!(doc["new"]["kernel_version"], "6.12.3");
    // Drivers are named by their module: the sample whose root file was renamed (its module
    // still `sample`) is renamed, not removed and added.
    assert_eq!(doc["drivers"]["added"], serde_json::json!(["bar"]));
    assert_eq!(doc["drivers"]["removed"], serde_json::json!([]));
    assert_eq!(
        doc["drivers_renamed"],
        serde_json::json!([{"old_name": "sample", "new_name": "sample",
            "from": "samples/rust/sample.rs", "to": "samples/rust/moved.rs"}])
    );
    assert_eq!(doc["vendored"]["added"], serde_json::json!(["syn 2.0.106"]));
    // The sample kept its content under a new name: moved, not removed and added.
    assert_eq!(
        doc["files"]["moved"],
        serde_json::json!([{"from": "samples/rust/sample.rs", "to": "samples/rust/moved.rs"}])
    );
    assert_eq!(
        doc["files"]["added"],
        serde_json::json!(["drivers/bar/bar.rs", "rust/syn/lib.rs"])
    );
    assert_eq!(doc["files"]["removed"], serde_json::json!([]));
    assert_eq!(doc["files"]["unchanged"], 3);
    let drivers = doc["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "drivers")
        .unwrap();
    assert_eq!(drivers["unsafe_blocks"], serde_json::json!([1, 3]));
    let markdown = kcensus(&[
        "diff",
        repo,
        "--rev",
        "v6.1.5",
        repo,
        "--rev",
        "v6.12.3",
        "--format",
        "markdown",
        "--no-cache",
    ]);
    assert!(
        markdown.contains("- **drivers**: added `bar`; removed none"),
        "{markdown}"
    );
    assert!(
        markdown.contains(
            "- **drivers renamed or moved**: `sample`: `samples/rust/sample.rs` → \
             `samples/rust/moved.rs`"
        ),
        "{markdown}"
    );
    assert!(
        markdown.contains("`samples/rust/sample.rs` → `samples/rust/moved.rs`"),
        "{markdown}"
    );
}

/// The blob ids of a revision's files, with their paths.
fn blobs(repo: &Path, rev: &str) -> Vec<(String, String)> {
    let out = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(["ls-tree", "-r", rev])
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let (meta, path) = line.split_once('\t').unwrap();
            (
                meta.split(' ').nth(2).unwrap().to_string(),
                path.to_string(),
            )
        })
        .collect()
}

/// Delete the loose object of a blob: a run that needs its bytes can then not read it.
fn delete_object(repo: &Path, id: &str) {
    let path = repo.join(".git/objects").join(&id[..2]).join(&id[2..]);
    std::fs::remove_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

#[test]
fn the_cache_changes_nothing_and_spares_reading() {
    let f = fixture();
    let cache = f.cache.to_str().unwrap();
    let uncached = history_json(&f, &["--no-cache"]);
    assert_eq!(
        history_json(&f, &["--cache", cache]),
        uncached,
        "cold cache"
    );
    assert_eq!(
        history_json(&f, &["--cache", cache]),
        uncached,
        "warm cache"
    );

    // A second cache, filled with the first two releases only.
    let partial = f.repo.parent().unwrap().join("partial.sqlite");
    let partial = partial.to_str().unwrap();
    let repo = f.repo.to_str().unwrap();
    kcensus(&[
        "history",
        repo,
        "--revs",
        "v6.1.5,v6.12.3",
        "--cache",
        partial,
    ]);

    // With every blob of the three releases gone, the warm full cache still answers: a
    // reported revision is not read at all.
    let mut all: Vec<(String, String)> = ["v6.1.5", "v6.12.3", "v6.18.1"]
        .iter()
        .flat_map(|rev| blobs(&f.repo, rev))
        .collect();
    all.sort();
    all.dedup_by(|a, b| a.0 == b.0);
    let new_in_6_18: Vec<String> = {
        let old: Vec<String> = blobs(&f.repo, "v6.12.3").into_iter().map(|b| b.0).collect();
        blobs(&f.repo, "v6.18.1")
            .into_iter()
            .map(|b| b.0)
            .filter(|id| !old.contains(id))
            .collect()
    };
    // Keep what the partial cache's run of 6.18.1 must read: its new blobs, and the files the
    // model reads as text (Makefiles, Kconfig, README.md under rust/) and C files (searched
    // for callers of Rust).
    let keep = |(id, path): &(String, String)| {
        new_in_6_18.contains(id)
            || path.ends_with("Makefile")
            || path.contains("Kconfig")
            || path.ends_with("README.md")
            || path.ends_with(".c")
    };
    for blob in all.iter().filter(|b| !keep(b)) {
        delete_object(&f.repo, &blob.0);
    }
    assert_eq!(
        history_json(&f, &["--cache", cache]),
        uncached,
        "warm, no blobs"
    );
    // The partial cache: 6.18.1 is new, but of its files only the changed ones (and the
    // text the model reads) are read.
    assert_eq!(
        history_json(&f, &["--cache", partial]),
        uncached,
        "one release added"
    );
}

/// The `files` blob of the one row of a cache's `table`.
fn cache_blob(cache: &Path, table: &str) -> Vec<u8> {
    let db = rusqlite::Connection::open(cache).unwrap();
    db.query_row(&format!("SELECT files FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// Replace the `files` blob of the one row of a cache's `table`.
fn set_cache_blob(cache: &Path, table: &str, bytes: Vec<u8>) {
    let db = rusqlite::Connection::open(cache).unwrap();
    db.execute(&format!("UPDATE {table} SET files = ?1"), [bytes])
        .unwrap();
}

/// The JSON report of `tree` with the fact cache at `cache`.
fn report_with_cache(cache: &Path, tree: &Path) -> String {
    kcensus(&[
        "report",
        "--format",
        "json",
        "--cache",
        cache.to_str().unwrap(),
        tree.to_str().unwrap(),
    ])
}

/// The `c_scans` row of a cache as (size, XXH3-128, called symbol indexes) records, and back
/// (the layout SCHEMA.md gives).
fn read_scans(cache: &Path) -> Vec<(u64, u128, Vec<u16>)> {
    let bytes = cache_blob(cache, "c_scans");
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let size = u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap());
        let hash = u128::from_le_bytes(bytes[at + 8..at + 24].try_into().unwrap());
        let n = u16::from_le_bytes(bytes[at + 24..at + 26].try_into().unwrap()) as usize;
        let called = (0..n)
            .map(|i| {
                u16::from_le_bytes(bytes[at + 26 + 2 * i..at + 28 + 2 * i].try_into().unwrap())
            })
            .collect();
        out.push((size, hash, called));
        at += 26 + 2 * n;
    }
    out
}

fn write_scans(cache: &Path, records: &[(u64, u128, Vec<u16>)]) {
    let mut bytes = Vec::new();
    for (size, hash, called) in records {
        bytes.extend_from_slice(&size.to_le_bytes());
        bytes.extend_from_slice(&hash.to_le_bytes());
        bytes.extend_from_slice(&(called.len() as u16).to_le_bytes());
        for index in called {
            bytes.extend_from_slice(&index.to_le_bytes());
        }
    }
    set_cache_blob(cache, "c_scans", bytes);
}

/// A directory's C files are searched for the symbols Rust exports once: the result is cached
/// by content (size and XXH3-128), so a changed file is searched again and an unchanged one is
/// not (shown by planting a result in the cache that a search would not give).
#[test]
fn c_caller_searches_of_a_directory_are_cached_by_content() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    write(&tree, "Makefile", &makefile("7.0.1"));
    write(
        &tree,
        "drivers/hello/hello.rs",
        "#[no_mangle]\npub extern \"C\" fn rust_hello(x: i32) -> i32 {\n    x\n}\n",
    );
    let user = "int greet(void)\n{\n\treturn rust_hello(1);\n}\n";
    let other = "int other(void)\n{\n\treturn 0;\n}\n";
    write(&tree, "drivers/hello/user.c", user);
    write(&tree, "drivers/hello/other.c", other);
    let cache = dir.path().join("facts.sqlite");
    let report = || {
        let json = report_with_cache(&cache, &tree);
        let doc: Value = serde_json::from_str(&json).unwrap();
        let export = doc["exports"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["symbol"] == "rust_hello")
            .cloned()
            .expect("rust_hello is exported");
        let callers: Vec<String> = export["c_callers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_string())
            .collect();
        (json, callers)
    };
    let (cold, callers) = report();
    assert_eq!(callers, ["drivers/hello/user.c"]);
    let mut scans = read_scans(&cache);
    scans.sort();
    let key = |text: &str| {
        (
            text.len() as u64,
            xxhash_rust::xxh3::xxh3_128(text.as_bytes()),
        )
    };
    let mut expected = vec![
        (key(other).0, key(other).1, vec![]),
        (key(user).0, key(user).1, vec![0]),
    ];
    expected.sort();
    assert_eq!(
        scans, expected,
        "both C files recorded by content, user.c calling symbol 0"
    );
    let (warm, _) = report();
    assert_eq!(warm, cold, "a warm run gives the same report");

    // Plant a wrong result for other.c: a run that reads it from the cache shows it.
    write_scans(
        &cache,
        &[
            (key(other).0, key(other).1, vec![0]),
            (key(user).0, key(user).1, vec![0]),
        ],
    );
    let (_, callers) = report();
    assert_eq!(callers, ["drivers/hello/other.c", "drivers/hello/user.c"]);

    // Changed content is another key: searched again, whatever the cache says of the old one.
    let changed = "int other(void)\n{\n\treturn 1;\n}\n";
    write(&tree, "drivers/hello/other.c", changed);
    let (_, callers) = report();
    assert_eq!(callers, ["drivers/hello/user.c"]);
    assert!(read_scans(&cache).contains(&(key(changed).0, key(changed).1, vec![])));
}

/// A `census_facts` record: size, XXH3-128, XXH3-128 of the file name, the outcome (`C` and a
/// language, or `N` and a reason) and a counted file's (blank, comment, code).
type CensusRecord = (u64, u128, u128, String, Option<[u32; 3]>);

/// The `census_facts` row of a cache as records, and back (the layout SCHEMA.md gives).
fn read_census_facts(cache: &Path) -> Vec<CensusRecord> {
    let bytes = cache_blob(cache, "census_facts");
    let u16_at = |at: usize| u16::from_le_bytes(bytes[at..at + 2].try_into().unwrap());
    let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
    let mut outcomes = Vec::new();
    let mut at = 2;
    for _ in 0..u16_at(0) {
        let len = usize::from(u16_at(at));
        outcomes.push(String::from_utf8(bytes[at + 2..at + 2 + len].to_vec()).unwrap());
        at += 2 + len;
    }
    let mut out = Vec::new();
    while at < bytes.len() {
        let size = u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap());
        let hash = u128::from_le_bytes(bytes[at + 8..at + 24].try_into().unwrap());
        let name = u128::from_le_bytes(bytes[at + 24..at + 40].try_into().unwrap());
        let outcome = outcomes[usize::from(u16_at(at + 40))].clone();
        at += 42;
        let lines = outcome.starts_with('C').then(|| {
            at += 12;
            [u32_at(at - 12), u32_at(at - 8), u32_at(at - 4)]
        });
        out.push((size, hash, name, outcome, lines));
    }
    out
}

fn write_census_facts(cache: &Path, records: &[CensusRecord]) {
    let mut outcomes: Vec<&String> = records.iter().map(|r| &r.3).collect();
    outcomes.sort();
    outcomes.dedup();
    let mut bytes = (outcomes.len() as u16).to_le_bytes().to_vec();
    for outcome in &outcomes {
        bytes.extend_from_slice(&(outcome.len() as u16).to_le_bytes());
        bytes.extend_from_slice(outcome.as_bytes());
    }
    for (size, hash, name, outcome, lines) in records {
        bytes.extend_from_slice(&size.to_le_bytes());
        bytes.extend_from_slice(&hash.to_le_bytes());
        bytes.extend_from_slice(&name.to_le_bytes());
        let index = outcomes.iter().position(|o| *o == outcome).unwrap() as u16;
        bytes.extend_from_slice(&index.to_le_bytes());
        for n in lines.iter().flatten() {
            bytes.extend_from_slice(&n.to_le_bytes());
        }
    }
    set_cache_blob(cache, "census_facts", bytes);
}

/// A directory's files are counted once: their census facts are cached by content and file
/// name, so an unchanged file is not counted again (shown by planting a count in the cache
/// that counting would not give), a changed one is, and the same bytes under another name
/// are counted in that name's language. The directory's row holds its latest files only.
#[test]
fn census_facts_of_a_directory_are_cached_by_content_and_name() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    let one = "int one(void)\n{\n\treturn 1; /* one */\n}\n";
    let two = "// two\nint two(void)\n{\n\n\treturn 2;\n}\n";
    write(&tree, "Makefile", &makefile("7.0.1"));
    write(&tree, "drivers/x/one.c", one);
    write(&tree, "drivers/x/two.c", two);
    let cache = dir.path().join("facts.sqlite");
    let report = || {
        let json = report_with_cache(&cache, &tree);
        let doc: Value = serde_json::from_str(&json).unwrap();
        let lines = |language: &str| {
            doc["languages"]
                .as_array()
                .unwrap()
                .iter()
                .find(|l| l["language"] == language)
                .map(|l| (l["files"].as_u64().unwrap(), l["code"].as_u64().unwrap()))
        };
        (json.clone(), lines("C"), lines("C/C++ Header"))
    };
    let uncached = kcensus(&[
        "report",
        "--format",
        "json",
        "--no-cache",
        tree.to_str().unwrap(),
    ]);
    let (cold, c, header) = report();
    assert_eq!(cold, uncached, "a cold cache changes nothing");
    assert_eq!((c, header), (Some((2, 8)), None));
    let key = |name: &str, text: &str| {
        (
            text.len() as u64,
            xxhash_rust::xxh3::xxh3_128(text.as_bytes()),
            xxhash_rust::xxh3::xxh3_128(name.as_bytes()),
        )
    };
    let records = read_census_facts(&cache);
    let record = |name: &str, text: &str| {
        let (size, hash, name) = key(name, text);
        records
            .iter()
            .find(|r| (r.0, r.1, r.2) == (size, hash, name))
            .map(|r| (r.3.clone(), r.4))
    };
    assert_eq!(
        record("one.c", one),
        Some(("CC".to_string(), Some([0, 0, 4])))
    );
    assert_eq!(
        record("two.c", two),
        Some(("CC".to_string(), Some([1, 1, 4])))
    );
    assert_eq!(
        records.len(),
        3,
        "the Makefile, one.c and two.c: {records:?}"
    );
    let (warm, ..) = report();
    assert_eq!(warm, cold, "a warm run gives the same report");

    // Plant a count for two.c that counting would not give: a run that takes it from the
    // cache shows it.
    let planted: Vec<CensusRecord> = records
        .iter()
        .map(|r| match (r.0, r.1, r.2) == key("two.c", two) {
            true => (r.0, r.1, r.2, r.3.clone(), Some([1, 1, 90])),
            false => r.clone(),
        })
        .collect();
    write_census_facts(&cache, &planted);
    assert_eq!(report().1, Some((2, 94)));

    // The same bytes under another name are another key: one.h is a header.
    std::fs::rename(tree.join("drivers/x/one.c"), tree.join("drivers/x/one.h")).unwrap();
    let (_, c, header) = report();
    assert_eq!((c, header), (Some((1, 90)), Some((1, 4))));

    // Changed content is another key: counted again, whatever the cache says of the old one.
    let changed = format!("{two}int three;\n");
    write(&tree, "drivers/x/two.c", &changed);
    assert_eq!(report().1, Some((1, 5)));
    // The row holds the files of the tree's latest run: one.c and the old two.c are gone.
    let mut now: Vec<(u64, u128, u128)> = read_census_facts(&cache)
        .into_iter()
        .map(|r| (r.0, r.1, r.2))
        .collect();
    now.sort();
    let makefile_key = key("Makefile", &makefile("7.0.1"));
    let mut expected = vec![makefile_key, key("one.h", one), key("two.c", &changed)];
    expected.sort();
    assert_eq!(now, expected);
}

#[test]
fn killed_runs_leave_a_usable_cache_and_runs_may_share_it() {
    let Some(tree) = common::tree("6.12") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let tree = tree.to_str().unwrap();
    let history = |cache: &Path| {
        kcensus(&[
            "history",
            tree,
            "--format",
            "json",
            "--cache",
            cache.to_str().unwrap(),
        ])
    };
    let expected = kcensus(&["history", tree, "--format", "json", "--no-cache"]);
    // SIGKILL at spread-out moments of a cold run (it takes a second or more), each on a
    // fresh cache; the next run must find the cache usable and give the same bytes.
    for delay_ms in [50u64, 200, 400, 700, 1000] {
        let cache = dir.path().join(format!("killed-{delay_ms}.sqlite"));
        let mut child = Command::new(BIN)
            .args([
                "history",
                tree,
                "--format",
                "json",
                "--cache",
                cache.to_str().unwrap(),
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        assert_eq!(history(&cache), expected, "after a kill at {delay_ms} ms");
    }
    // Two processes on one (fresh) cache at the same time both succeed, with the same output.
    let shared = dir.path().join("shared.sqlite");
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| history(&shared));
        let b = s.spawn(|| history(&shared));
        (a.join().unwrap(), b.join().unwrap())
    });
    assert_eq!(a, expected);
    assert_eq!(b, expected);
    assert_eq!(history(&shared), expected);
}

#[test]
fn four_release_repository_and_tarballs_give_identical_series() {
    let repo = common::cache_dir().join("history-repo-6.1-6.12-7.2-7.3");
    if !common::cache_dir()
        .join("history-repo-6.1-6.12-7.2-7.3.complete")
        .exists()
    {
        assert!(
            !common::required(),
            "{} is missing (scripts/make-history-repo.sh)",
            repo.display()
        );
        eprintln!(
            "skipping: {} missing (scripts/make-history-repo.sh)",
            repo.display()
        );
        return;
    }
    let tarballs: Vec<PathBuf> = ["6.1", "6.12", "7.2", "7.3"]
        .iter()
        .filter_map(|v| common::tarball(v))
        .collect();
    if tarballs.len() < 4 {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("facts.sqlite");
    let cache = cache.to_str().unwrap();
    let from_git = kcensus(&[
        "history",
        repo.to_str().unwrap(),
        "--tags",
        "v*",
        "--format",
        "json",
        "--cache",
        cache,
    ]);
    let mut args = vec!["history".to_string()];
    args.extend(tarballs.iter().map(|t| t.to_str().unwrap().to_string()));
    args.extend(["--format", "json", "--no-cache"].map(String::from));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let from_tarballs = kcensus(&args);
    let strip = |text: &str| {
        let mut doc: Value = serde_json::from_str(text).unwrap();
        for point in doc["points"].as_array_mut().unwrap() {
            let point = point.as_object_mut().unwrap();
            point.remove("input");
            point.remove("revision");
        }
        doc
    };
    common::schema::validate("history", &[&from_git, &from_tarballs]);
    let (git_doc, tar_doc) = (strip(&from_git), strip(&from_tarballs));
    assert_eq!(git_doc, tar_doc);
    let versions: Vec<&str> = git_doc["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["release"].as_str().unwrap())
        .collect();
    assert_eq!(versions, ["6.1", "6.12", "7.2", "7.3"]);
    // The warm second run over the repository is the same.
    let again = kcensus(&[
        "history",
        repo.to_str().unwrap(),
        "--tags",
        "v*",
        "--format",
        "json",
        "--cache",
        cache,
    ]);
    assert_eq!(again, from_git);
}

#[test]
fn diff_6_12_to_7_3_names_new_drivers_and_vendored_crates() {
    let (Some(old), Some(new)) = (common::tree("6.12"), common::tree("7.3")) else {
        return;
    };
    let text = kcensus(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--format",
        "json",
    ]);
    common::schema::validate("diff", &[&text]);
    let doc: Value = serde_json::from_str(&text).unwrap();
    let added: Vec<&str> = doc["drivers"]["added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    // Drivers by module name: the `name:` of each root's module macro (grep `name: "`).
    for driver in [
        "rust_binder",
        "nova-drm",
        "nova-core",
        "tyr",
        "cpufreq-dt",
        "pwm-th1520",
        "find_bit_benchmark_rust",
    ] {
        assert!(added.contains(&driver), "{driver} not in {added:?}");
    }
    // Renamed and moved, not removed and added: the sample rust_print's root became
    // rust_print_main.rs (7.3's samples/rust/Makefile: `rust_print-y := rust_print_main.o
    // rust_print_events.o`), rnull moved into drivers/block/rnull/. Checked by a second
    // method: the module name in both roots and the Kbuild object in both Makefiles.
    let read = |tree: &Path, path: &str| std::fs::read_to_string(tree.join(path)).unwrap();
    let expected = [
        (
            "rnull_mod",
            ("drivers/block/rnull.rs", "drivers/block/Makefile"),
            (
                "drivers/block/rnull/rnull.rs",
                "drivers/block/rnull/Makefile",
            ),
        ),
        (
            "rust_print",
            ("samples/rust/rust_print.rs", "samples/rust/Makefile"),
            ("samples/rust/rust_print_main.rs", "samples/rust/Makefile"),
        ),
    ];
    for (name, (old_root, old_make), (new_root, new_make)) in expected {
        for (tree, root, makefile) in [(&old, old_root, old_make), (&new, new_root, new_make)] {
            assert!(
                read(tree.as_path(), root).contains(&format!("name: \"{name}\"")),
                "{root}"
            );
            let object = format!("+= {name}.o");
            assert!(
                read(tree.as_path(), makefile)
                    .lines()
                    .any(|l| l.starts_with("obj-") && l.contains(&object)),
                "{makefile}"
            );
        }
    }
    let renamed: Vec<(String, String, String, String)> = doc["drivers_renamed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let f = |k: &str| r[k].as_str().unwrap().to_string();
            (f("old_name"), f("new_name"), f("from"), f("to"))
        })
        .collect();
    let expected: Vec<(String, String, String, String)> = expected
        .iter()
        .map(|(name, (from, _), (to, _))| {
            (
                name.to_string(),
                name.to_string(),
                from.to_string(),
                to.to_string(),
            )
        })
        .collect();
    assert_eq!(renamed, expected);
    let removed = doc["drivers"]["removed"].as_array().unwrap();
    for name in ["rust_print", "rust_print_main", "rnull_mod", "rnull"] {
        assert!(!added.contains(&name), "{name} added");
        assert!(!removed.iter().any(|r| r == name), "{name} removed");
    }
    let table = kcensus(&["diff", old.to_str().unwrap(), new.to_str().unwrap()]);
    assert!(
        table.contains(
            "  ~ rust_print: samples/rust/rust_print.rs → samples/rust/rust_print_main.rs\n"
        ),
        "{table}"
    );
    let vendored: Vec<&str> = doc["vendored"]["added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for name in ["syn", "quote", "proc-macro2", "zerocopy", "zerocopy-derive"] {
        assert!(
            vendored.iter().any(|v| v.split(' ').next() == Some(name)),
            "{name} not in {vendored:?}"
        );
    }
    assert!(doc["architectures"]["added"].as_array().unwrap().len() >= 2);
    assert_eq!(doc["rust"]["code"][0], 9670);
}

/// Linux 6.1 then 7.3 (directories): the `architectures` series counts each architecture
/// once (7.3's powerpc selects HAVE_RUST on two lines: 8 architectures, not 9), as a grep of
/// `select HAVE_RUST` in `arch/*/Kconfig` finds them, in JSON and in the table's last column.
#[test]
fn history_6_1_to_7_3_counts_architectures_once() {
    let (Some(old), Some(new)) = (common::tree("6.1"), common::tree("7.3")) else {
        return;
    };
    let grep: Vec<f64> = [&old, &new]
        .iter()
        .map(|t| common::have_rust_selects(t).len() as f64)
        .collect();
    assert_eq!(grep, [1.0, 8.0]);
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());
    let text = kcensus(&["history", old, new, "--format", "json"]);
    common::schema::validate("history", &[&text]);
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(series(&doc, "architectures"), grep);
    let powerpc = doc["points"][1]["architectures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["arch"] == "powerpc")
        .unwrap();
    assert_eq!(powerpc["conditions"].as_array().unwrap().len(), 2);
    let table = kcensus(&["history", old, new]);
    let last_column = |release: &str| {
        let row = table
            .lines()
            .find(|l| l.starts_with(release))
            .unwrap_or_else(|| panic!("{release} row in {table}"));
        row.split_whitespace().last().unwrap().to_string()
    };
    assert!(table.lines().next().unwrap().ends_with("arches"));
    assert_eq!(last_column("6.1."), "1");
    assert_eq!(last_column("7.3."), "8");
}

/// Linux 6.1 then 7.3: the HTML headline gives the change of SAFETY coverage, a difference of
/// two percentages, in percentage points (`+29.1 pp since 6.1.192`), computed here from the
/// points' own counts (blocks with a SAFETY comment per block, without vendored code).
#[test]
fn history_gives_a_change_of_a_percentage_in_points() {
    let (Some(old), Some(new)) = (common::tree("6.1"), common::tree("7.3")) else {
        return;
    };
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());
    let doc: Value =
        serde_json::from_str(&kcensus(&["history", old, new, "--format", "json"])).unwrap();
    let coverage = |p: &Value| {
        let u = &p["unsafe_own"];
        let (with, all) = (
            u["blocks_with_safety_comment"].as_f64().unwrap(),
            u["blocks"].as_f64().unwrap(),
        );
        (with * 1000.0 / all).round() / 10.0
    };
    let points = doc["points"].as_array().unwrap();
    let (first, last) = (coverage(&points[0]), coverage(&points[1]));
    let first_release = points[0]["kernel_version"].as_str().unwrap();
    let html = kcensus(&["history", old, new, "--format", "html"]);
    let expected = format!("{:+.1} pp since {first_release}", last - first);
    assert!(html.contains(&expected), "{expected} not in the page");
    assert!(
        html.contains(&format!("{last:.1}%")),
        "{last}% not in the page"
    );
    assert!(!html.contains("% since"), "a change of a percentage in %");
}
