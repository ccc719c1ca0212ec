//! Resource bounds of issue 15: the file size limit applies while reading (not to the size
//! the file system reports), git blobs over it are never inflated, and `--max-unpacked-size`
//! bounds a git input as it bounds a tarball.

use common::fixtures::*;
use std::ffi::OsStr;
use std::process::Command;

use crate::common;

/// Files of `/proc` report size 0 and some never end: `count /proc/self/` grew to 24 GB before
/// it was killed (3.1 GB in 44 s under a 4 GB address-space limit here). The read stops one
/// byte past the 100 MB limit, so it ends at once in bounded memory (138 MB measured).
#[test]
fn proc_files_that_never_end_are_read_with_a_bound() {
    let mut command = Command::new(BIN);
    command.args(["count", "--format", "json", "/proc/self/"]);
    let (run, peak_kib) = run_command_measured(command);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(peak_kib < 600 * 1024, "peak memory {peak_kib} KiB");
}

/// Two blobs over the 100 MB limit in a small repository (150 MB each, 0.3 MB packed): the
/// whole blobs were inflated before the size was checked (626 MB peak for two of 300 MB).
/// Now the object header's size is checked first: both are skipped, never inflated.
#[test]
fn git_blobs_over_the_limit_are_never_inflated_and_unpacked_size_is_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    for name in ["big1.c", "big2.c"] {
        let file = std::fs::File::create(repo.join(name)).unwrap();
        file.set_len(150 << 20).unwrap();
    }
    write(&repo.join("a.c"), b"int a;\n");
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", "big"]);
    let mut command = Command::new(BIN);
    command.args([
        OsStr::new("count"),
        OsStr::new("--by-file"),
        OsStr::new("--format"),
    ]);
    command.args([OsStr::new("json"), OsStr::new("--rev"), OsStr::new("HEAD")]);
    command.arg(repo);
    let (run, peak_kib) = run_command_measured(command);
    let doc = parse_ok(&run);
    assert_eq!(files(&doc), vec![("a.c".to_string(), [0, 0, 1])]);
    assert_eq!(
        skipped(&doc),
        pairs(&[
            ("big1.c", "larger than the 100 MB limit"),
            ("big2.c", "larger than the 100 MB limit"),
        ])
    );
    assert!(peak_kib < 100 * 1024, "peak memory {peak_kib} KiB");
    // a.c is 7 bytes: a bound of 4 bytes on what the blobs inflate to stops the run.
    let run = kcensus([
        OsStr::new("count"),
        OsStr::new("--max-unpacked-size"),
        OsStr::new("4"),
        OsStr::new("--rev"),
        OsStr::new("HEAD"),
        repo.as_os_str(),
    ]);
    assert_one_line_error(
        &run,
        &["unpacks to more than 4 bytes", "--max-unpacked-size"],
    );
    let run = kcensus([
        OsStr::new("count"),
        OsStr::new("--max-unpacked-size"),
        OsStr::new("7"),
        OsStr::new("--rev"),
        OsStr::new("HEAD"),
        repo.as_os_str(),
    ]);
    assert_eq!(run.code, Some(0), "{run:?}");
}

/// A FIFO inside a tree (and a regular file beside it): skipped with its reason, never opened
/// for a blocking read; a FIFO as the input is refused in one line.
#[test]
fn fifos_in_a_tree_are_skipped_and_as_input_refused() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    write(&tree.join("a.c"), b"int a;\n");
    let made = Command::new("mkfifo")
        .arg(tree.join("f.c"))
        .arg(dir.path().join("f.tar.gz"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let doc = count_json(&tree);
    assert_eq!(files(&doc), vec![("a.c".to_string(), [0, 0, 1])]);
    assert_eq!(skipped(&doc), pairs(&[("f.c", "not a regular file")]));
    let run = kcensus([OsStr::new("count"), dir.path().join("f.tar.gz").as_os_str()]);
    assert_one_line_error(&run, &["f.tar.gz", "not a regular file"]);
}
