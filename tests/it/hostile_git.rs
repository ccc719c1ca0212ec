//! Hostile git inputs of issue 15: a blobless partial clone (missing objects are an error of the
//! input as a whole, and nothing from the failed read is cached), and tree entry names git's
//! own fsck refuses (`a/evil.rs`, `..`, `.git`), written with `git hash-object --literally`.

use common::fixtures::*;
use serde_json::Value;
use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::common;

/// A repository with one commit of `a.c`, `sub/b.c` and `rust/kernel/lib.rs`.
fn small_repo(top: &Path) -> PathBuf {
    let repo = top.join("repo");
    write(&repo.join("a.c"), b"int a;\n");
    write(&repo.join("sub/b.c"), b"int b;\nint c;\n");
    write(
        &repo.join("rust/kernel/lib.rs"),
        b"//! Kernel.\npub fn f() {}\n",
    );
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "one"]);
    repo
}

/// `report --format json` of `repo` at HEAD with these extra arguments.
fn report_at_head(repo: &Path, extra: &[&OsStr]) -> Run {
    let mut args = vec![
        OsStr::new("report"),
        OsStr::new("--format"),
        OsStr::new("json"),
    ];
    args.extend_from_slice(extra);
    args.extend([repo.as_os_str(), OsStr::new("--rev"), OsStr::new("HEAD")]);
    kcensus(args)
}

#[test]
fn blobless_partial_clone_is_an_error_and_is_not_cached() {
    let top = tempfile::tempdir().unwrap();
    let repo = small_repo(top.path());
    git(&repo, &["config", "uploadpack.allowFilter", "true"]);
    let url = format!("file://{}", repo.display());
    git(
        top.path(),
        &[
            "clone",
            "-q",
            "--no-checkout",
            "--filter=blob:none",
            &url,
            "clone",
        ],
    );
    let clone = top.path().join("clone");
    let cache = top.path().join("facts.sqlite");
    let cache_args = [OsStr::new("--cache"), cache.as_os_str()];

    // The trees are there, the blobs are not: every command fails as a whole.
    let run = report_at_head(&clone, &cache_args);
    assert_one_line_error(&run, &["clone@HEAD", "cannot be read", "partial clone"]);
    let run = kcensus([
        OsStr::new("count"),
        clone.as_os_str(),
        OsStr::new("--rev"),
        OsStr::new("HEAD"),
    ]);
    assert_one_line_error(&run, &["clone@HEAD", "cannot be read"]);

    // Once the blobs are fetched, the same cache gives the full repository's report.
    git(&clone, &["checkout", "-q", "HEAD", "--", "."]);
    let fetched = parse_ok(&report_at_head(&clone, &cache_args));
    let full = parse_ok(&report_at_head(&repo, &[OsStr::new("--no-cache")]));
    for key in ["tree", "rust", "skipped", "languages"] {
        assert_eq!(fetched[key], full[key], "{key}");
    }
    // Three files, one of them Rust, all counted (written above).
    assert_eq!(full["tree"]["files"], 3);
    assert_eq!(full["rust"]["files"], 1);
}

/// Write an object with `git hash-object --literally` (no fsck), returning its id.
fn literal_object(repo: &Path, kind: &str, bytes: &[u8]) -> String {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(["hash-object", "--literally", "-w", "-t", kind, "--stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("git runs");
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// `count --by-file --format json` of a commit of the tree `root`, written without fsck.
fn count_commit_of(repo: &Path, root: &str) -> Value {
    let commit = literal_object(
        repo,
        "commit",
        format!("tree {root}\nauthor t <t@t> 0 +0000\ncommitter t <t@t> 0 +0000\n\nx\n").as_bytes(),
    );
    let run = kcensus([
        OsStr::new("count"),
        OsStr::new("--by-file"),
        OsStr::new("--format"),
        OsStr::new("json"),
        repo.as_os_str(),
        OsStr::new("--rev"),
        OsStr::new(&commit),
    ]);
    parse_ok(&run)
}

/// A tree object of (mode, name, id) entries, in the order given.
fn tree_bytes(entries: &[(&str, &[u8], &str)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (mode, name, id) in entries {
        out.extend_from_slice(mode.as_bytes());
        out.push(b' ');
        out.extend_from_slice(name);
        out.push(0);
        let raw: Vec<u8> = (0..id.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&id[i..i + 2], 16).unwrap())
            .collect();
        out.extend_from_slice(&raw);
    }
    out
}

#[test]
fn git_tree_entry_names_git_fsck_refuses_are_skipped_with_reason() {
    let top = tempfile::tempdir().unwrap();
    let repo = top.path().join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q"]);
    let c = literal_object(&repo, "blob", b"int a;\n");
    let rust = literal_object(&repo, "blob", b"pub fn f() {}\n");
    let drivers = literal_object(&repo, "tree", &tree_bytes(&[("100644", b"drv.c", &c)]));
    // Git sorts entries by name; "a/evil.rs" comes before "drivers", so a reader that joins
    // names blindly would put `drivers/drv.c` under `a/`.
    let root = literal_object(
        &repo,
        "tree",
        &tree_bytes(&[
            ("40000", b"..", &drivers),
            ("100644", b"../../etc/x.rs", &rust),
            ("100644", b".GIT", &rust),
            ("100644", b"a/evil.rs", &rust),
            ("40000", b"drivers", &drivers),
            ("100644", b"ok.rs", &rust),
        ]),
    );
    let doc = count_commit_of(&repo, &root);
    assert_eq!(
        files(&doc),
        vec![
            ("drivers/drv.c".to_string(), [0, 0, 1]),
            ("ok.rs".to_string(), [0, 0, 1]),
        ]
    );
    let why = |what: &str| format!("git tree entry name refused by git fsck ({what})");
    let mut expected = vec![
        ("..".to_string(), why("`..` as a name")),
        ("../../etc/x.rs".to_string(), why("`/` in a name")),
        (".GIT".to_string(), why("`.git` as a name")),
        ("a/evil.rs".to_string(), why("`/` in a name")),
    ];
    expected.sort();
    let mut got = skipped(&doc);
    got.sort();
    assert_eq!(got, expected);
}

/// A tree that lists a name twice (git fsck: `duplicateEntries`; `git hash-object --literally`
/// writes one) names no one file: which entry a checkout keeps is up to the tool. The name is
/// skipped once with the reason, and neither entry is read; other names are read as usual.
#[test]
fn a_name_listed_twice_in_a_git_tree_is_skipped_once() {
    let top = tempfile::tempdir().unwrap();
    let repo = top.path().join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q"]);
    let c = literal_object(&repo, "blob", b"int a;\n");
    let rust = literal_object(&repo, "blob", b"pub fn f() {}\npub fn g() {}\n");
    let sub = literal_object(&repo, "tree", &tree_bytes(&[("100644", b"in.c", &c)]));
    let root = literal_object(
        &repo,
        "tree",
        &tree_bytes(&[
            ("100644", b"dup.rs", &c),
            ("100644", b"dup.rs", &rust),
            ("100644", b"ok.rs", &rust),
            ("40000", b"sub", &sub),
            ("40000", b"sub", &sub),
        ]),
    );
    let fsck = Command::new("git")
        .arg("-C")
        .arg(&repo)
        .args(["fsck", "--no-dangling"])
        .output()
        .unwrap();
    let fsck_says =
        String::from_utf8_lossy(&fsck.stderr).into_owned() + &String::from_utf8_lossy(&fsck.stdout);
    assert!(fsck_says.contains("duplicateEntries"), "{fsck_says}");
    let doc = count_commit_of(&repo, &root);
    assert_eq!(files(&doc), vec![("ok.rs".to_string(), [0, 0, 2])]);
    let why = "git tree entry name refused by git fsck (a name listed twice)";
    assert_eq!(skipped(&doc), pairs(&[("dup.rs", why), ("sub", why)]));
}
