//! Bad inputs: every one either ends the run with exit code 2 and a single line on stderr that
//! names the input and the cause, or is listed under `skipped` with its reason. None may panic.
//!
//! Inputs are built at test time in temporary folders.

use common::fixtures::*;
use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStrExt;
use std::process::Command;

use crate::common;
use crate::common::git;

#[test]
fn nonexistent_path_is_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-tree");
    let run = kcensus([OsStr::new("count"), missing.as_os_str()]);
    assert_one_line_error(&run, &["no-such-tree", "no such file or directory"]);

    // The same with --rev: the path is checked first.
    let run = kcensus([
        OsStr::new("count"),
        missing.as_os_str(),
        OsStr::new("--rev"),
        OsStr::new("HEAD"),
    ]);
    assert_one_line_error(&run, &["no-such-tree", "no such file or directory"]);

    // A missing tarball reads the same way.
    let missing = dir.path().join("linux-0.0.tar.xz");
    let run = kcensus([OsStr::new("count"), missing.as_os_str()]);
    assert_one_line_error(&run, &["linux-0.0.tar.xz", "no such file or directory"]);
}

#[test]
fn path_that_is_neither_a_folder_nor_a_tarball_is_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.txt");
    write(&file, b"int a;\n");
    let run = kcensus([OsStr::new("count"), file.as_os_str()]);
    assert_one_line_error(&run, &["notes.txt", "not a directory or a tarball"]);

    // A folder read with --rev that is not a git repository.
    let run = kcensus([
        OsStr::new("count"),
        dir.path().as_os_str(),
        OsStr::new("--rev"),
        OsStr::new("HEAD"),
    ]);
    assert_one_line_error(&run, &["not a git repository"]);
}

#[test]
fn unreadable_file_and_folder() {
    let top = tempfile::tempdir().unwrap();
    chmod(top.path(), 0o755);
    let tree = top.path().join("tree");
    write(&tree.join("ok.c"), b"int a;\n");
    write(&tree.join("secret.c"), b"int s;\nint t;\n");
    write(&tree.join("locked/inner.c"), b"int i;\n\nint j;\nint k;\n");
    for d in [&tree, &tree.join("locked")] {
        chmod(d, 0o755);
    }
    for f in ["ok.c", "secret.c", "locked/inner.c"] {
        chmod(&tree.join(f), 0o644);
    }
    chmod(&tree.join("secret.c"), 0o000);
    chmod(&tree.join("locked"), 0o000);
    let _restore = RestoreMode(vec![tree.join("secret.c"), tree.join("locked")]);

    // As this process: root reads through the permission bits, so what is expected depends on
    // whether the file and folder really are unreadable.
    let doc = count_json(&tree);
    let counted: Vec<String> = files(&doc).into_iter().map(|(p, _)| p).collect();
    let mut expect_counted = vec!["ok.c".to_string()];
    let mut expect_skipped = Vec::new();
    if can_list_dir(&tree.join("locked")) {
        expect_counted.push("locked/inner.c".into());
    } else {
        expect_skipped.push(("locked".to_string(), "permission denied".to_string()));
    }
    if can_read_file(&tree.join("secret.c")) {
        expect_counted.push("secret.c".into());
    } else {
        expect_skipped.push(("secret.c".to_string(), "permission denied".to_string()));
    }
    expect_counted.sort();
    assert_eq!(counted, expect_counted);
    assert_eq!(skipped(&doc), expect_skipped);
    assert_eq!(
        doc["summary"]["not_counted"].as_u64(),
        Some(expect_skipped.len() as u64)
    );

    // As an unprivileged user, when this process can become one: the bits then do block.
    let probe = top.path().join("probe");
    write(&probe.join("p.c"), b"int p;\n");
    chmod(&probe, 0o755);
    chmod(&probe.join("p.c"), 0o644);
    let Some(mut command) = as_nobody(&probe) else {
        eprintln!("note: cannot run as an unprivileged user; permission bits checked as-is only");
        return;
    };
    command.args([
        OsStr::new("count"),
        OsStr::new("--by-file"),
        OsStr::new("--format"),
        OsStr::new("json"),
        tree.as_os_str(),
    ]);
    let doc = parse_ok(&run_command(command));
    assert_eq!(files(&doc), vec![("ok.c".to_string(), [0, 0, 1])]);
    assert_eq!(
        skipped(&doc),
        pairs(&[
            ("locked", "permission denied"),
            ("secret.c", "permission denied")
        ])
    );
    assert_eq!(
        doc["summary"]["not_counted_by_reason"]["permission denied"].as_u64(),
        Some(2)
    );

    // An input that cannot be read at all is an error of the run, not an empty census.
    let mut command = as_nobody(&probe).expect("worked above");
    command.args([OsStr::new("count"), tree.join("locked").as_os_str()]);
    assert_one_line_error(&run_command(command), &["locked", "permission denied"]);

    let tarball = top.path().join("t.tar.gz");
    std::fs::write(&tarball, gzip(&tar_of(&[("linux-9.9/a.c", b"int a;\n")]))).unwrap();
    chmod(&tarball, 0o000);
    let mut command = as_nobody(&probe).expect("worked above");
    command.args([OsStr::new("count"), tarball.as_os_str()]);
    assert_one_line_error(&run_command(command), &["t.tar.gz", "permission denied"]);
}

#[test]
fn binary_files_are_skipped_and_summarized() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path();
    write(&tree.join("real.c"), b"int a;\n");
    write(&tree.join("early.c"), b"int a;\n\0\nint b;\n");
    // A NUL as the 512th byte is still in the first block...
    let mut last_in_block = b"int x;\n".repeat(73); // 511 bytes
    last_in_block.push(0);
    last_in_block.extend_from_slice(b"\nint y;\n");
    assert_eq!(last_in_block.iter().position(|&b| b == 0), Some(511));
    write(&tree.join("edge.h"), &last_in_block);
    write(
        &tree.join("blob.bin"),
        &[0x7f, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0],
    );

    let doc = count_json(tree);
    assert_eq!(files(&doc), vec![("real.c".to_string(), [0, 0, 1])]);
    assert_eq!(
        skipped(&doc),
        pairs(&[
            ("blob.bin", "binary file"),
            ("early.c", "binary file"),
            ("edge.h", "binary file")
        ])
    );
    assert_eq!(doc["summary"]["counted"].as_u64(), Some(1));
    assert_eq!(doc["summary"]["not_counted"].as_u64(), Some(3));
    assert_eq!(
        doc["summary"]["not_counted_by_reason"]["binary file"].as_u64(),
        Some(3)
    );

    // The table's summary line says the same.
    let run = kcensus([OsStr::new("count"), tree.as_os_str()]);
    assert_eq!(run.code, Some(0));
    assert_eq!(
        run.stdout.lines().next(),
        Some("1 files counted, 3 not counted (3 binary file)")
    );
}

#[test]
fn nul_bytes_after_the_first_block_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path();
    // One comment line and 73 code lines fill the first block exactly; then the NUL.
    let mut text = b"// c\n".to_vec();
    text.extend_from_slice(&b"int x;\n".repeat(72));
    text.extend_from_slice(b"i;\n");
    assert_eq!(text.len(), 512);
    text.extend_from_slice(b"\0int y; /* nul */\n\n// tail \0\n");
    assert_eq!(text.iter().position(|&b| b == 0), Some(512));
    write(&tree.join("late.c"), &text);

    let doc = count_json(tree);
    // blank: 1; comment: `// c`, `// tail \0`; code: 72 + `i;` + the NUL line.
    assert_eq!(files(&doc), vec![("late.c".to_string(), [1, 2, 74])]);
    assert_eq!(skipped(&doc), vec![]);
}

#[test]
fn latin1_content_is_counted_bytewise() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path();
    // Latin-1, not UTF-8: é is 0xE9, © 0xA9, ï 0xEF, ü 0xFC, ß 0xDF, à 0xE0.
    write(
        &tree.join("latin1.c"),
        b"/* caf\xe9 \xa9 2024 */\n\nint na\xefve = 1; /* \xe9t\xe9 */\n// \xfc\xdf\nchar *s = \"\xe0\";\n",
    );
    // A line holding only a Latin-1 no-break space (0xA0) or NEL (0x85) is not blank to cloc,
    // which matches `\s` on bytes: both are code.
    write(&tree.join("spaces.c"), b"int a;\n\xa0\n\x85\n\t\n");
    assert!(std::str::from_utf8(&std::fs::read(tree.join("latin1.c")).unwrap()).is_err());

    let doc = count_json(tree);
    assert_eq!(
        files(&doc),
        vec![
            ("latin1.c".to_string(), [1, 2, 2]),
            ("spaces.c".to_string(), [1, 0, 3]),
        ]
    );
    assert_eq!(skipped(&doc), vec![]);
}

#[test]
fn non_utf8_names_are_skipped_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path();
    write(&tree.join("ok.c"), b"int a;\n");
    write(&tree.join(OsStr::from_bytes(b"caf\xe9.c")), b"int b;\n");
    // A folder whose name is not UTF-8: the files in it are reported, not dropped.
    let odd_dir = tree.join(OsStr::from_bytes(b"d\xffr"));
    write(&odd_dir.join("inner.c"), b"int c;\n");
    write(&odd_dir.join("deeper/more.h"), b"int d;\n");

    let doc = count_json(tree);
    assert_eq!(files(&doc), vec![("ok.c".to_string(), [0, 0, 1])]);
    let reason = "file name is not valid UTF-8";
    assert_eq!(
        skipped(&doc),
        pairs(&[
            ("caf\u{fffd}.c", reason),
            ("d\u{fffd}r/deeper/more.h", reason),
            ("d\u{fffd}r/inner.c", reason),
        ])
    );
    assert_eq!(
        doc["summary"]["not_counted_by_reason"][reason].as_u64(),
        Some(3)
    );
}

/// A link to a file inside the tree is followed, as cloc follows it: counted under the link's
/// path, which sorts after its target's, so the target is the duplicate. Links to folders,
/// dangling links and loops are skipped, as are special files.
#[test]
fn links_to_files_are_followed_other_links_and_special_files_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path();
    write(&tree.join("a.c"), b"int a;\n");
    write(&tree.join("sub/b.c"), b"int b;\nint c;\n");
    std::os::unix::fs::symlink("a.c", tree.join("link.c")).unwrap();
    std::os::unix::fs::symlink("sub", tree.join("sublink")).unwrap();
    std::os::unix::fs::symlink("/nonexistent/x.c", tree.join("dangling.c")).unwrap();
    std::os::unix::fs::symlink("loop.c", tree.join("loop.c")).unwrap();
    let fifo = Command::new("mkfifo")
        .arg(tree.join("pipe.c"))
        .status()
        .is_ok_and(|s| s.success());

    let doc = count_json(tree);
    assert_eq!(
        files(&doc),
        vec![
            ("link.c".to_string(), [0, 0, 1]),
            ("sub/b.c".to_string(), [0, 0, 2]),
        ]
    );
    let mut expect = vec![
        ("a.c", "duplicate of link.c"),
        ("dangling.c", "symbolic link"),
        ("loop.c", "symbolic link"),
        ("sublink", "symbolic link"),
    ];
    if fifo {
        expect.push(("pipe.c", "not a regular file"));
        expect.sort();
    }
    assert_eq!(skipped(&doc), pairs(&expect));
}

/// Version-control folders are left out, as cloc leaves them out, but not in silence: each one
/// is listed once as skipped (not its content), at any depth, from a directory, a tarball and a
/// git revision alike. A folder the user excluded is not listed.
#[test]
fn version_control_folders_are_listed_as_skipped_once() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    let members: &[(&str, &[u8])] = &[
        ("a.c", b"int a;\n"),
        (".hg/store/data.c", b"int h;\n"),
        ("sub/.svn/entries", b"x\n"),
        ("sub/.svn/text-base/b.c", b"int s;\n"),
        ("sub/deep/.bzr/branch.c", b"int z;\n"),
        ("vendor/.svn/v.c", b"int v;\n"),
        ("vendor/v.c", b"int v;\nint w;\n"),
    ];
    for (path, bytes) in members {
        write(&tree.join(path), bytes);
    }
    let reason = "left out as cloc does (.git, .svn, .hg, .bzr, ...)";
    let expect = pairs(&[
        (".hg", reason),
        ("sub/.svn", reason),
        ("sub/deep/.bzr", reason),
        ("vendor/.svn", reason),
    ]);
    let counted = vec![
        ("a.c".to_string(), [0, 0, 1]),
        ("vendor/v.c".to_string(), [0, 0, 2]),
    ];

    // A directory that is also a git work tree: its own `.git` is listed too.
    git(&tree, &["init", "-q"]);
    git(&tree, &["add", "-A"]);
    git(&tree, &["commit", "-q", "-m", "tree"]);
    let doc = count_json(&tree);
    assert_eq!(files(&doc), counted);
    let mut with_git = expect.clone();
    with_git.insert(0, (".git".to_string(), reason.to_string()));
    assert_eq!(skipped(&doc), with_git);

    // The same revision read from git objects (git never stores a `.git` entry).
    let run = kcensus([
        OsStr::new("count"),
        tree.as_os_str(),
        OsStr::new("--rev"),
        OsStr::new("HEAD"),
        OsStr::new("--by-file"),
        OsStr::new("--format"),
        OsStr::new("json"),
    ]);
    let doc = parse_ok(&run);
    assert_eq!(files(&doc), counted);
    assert_eq!(skipped(&doc), expect);

    // A release tarball of the same files.
    let prefixed: Vec<(String, &[u8])> = members
        .iter()
        .map(|(path, bytes)| (format!("linux-1.0/{path}"), *bytes))
        .collect();
    let borrowed: Vec<(&str, &[u8])> = prefixed.iter().map(|(p, b)| (p.as_str(), *b)).collect();
    let archive = write_archive(dir.path(), "linux-1.0.tar.gz", &gzip(&tar_of(&borrowed)));
    let doc = count_json(&archive);
    assert_eq!(files(&doc), counted);
    assert_eq!(skipped(&doc), expect);

    // `--exclude-dir vendor`: the user's choice is not listed, nor what is inside it.
    let run = kcensus([
        OsStr::new("count"),
        archive.as_os_str(),
        OsStr::new("--exclude-dir"),
        OsStr::new("vendor"),
        OsStr::new("--by-file"),
        OsStr::new("--format"),
        OsStr::new("json"),
    ]);
    let doc = parse_ok(&run);
    assert_eq!(files(&doc), vec![("a.c".to_string(), [0, 0, 1])]);
    assert_eq!(skipped(&doc), expect[..3].to_vec());
}

// ---- tarballs -------------------------------------------------------------------------------

/// Text that compresses, but not to nothing: lines of C from a small generator.
fn some_c(seed: u64, lines: usize) -> Vec<u8> {
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
    let mut out = Vec::new();
    for i in 0..lines {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let n = state >> 33;
        match n % 5 {
            0 => out.extend_from_slice(format!("/* note {n:x} */\n").as_bytes()),
            1 => out.push(b'\n'),
            _ => out.extend_from_slice(format!("int v{i}_{n:x} = {};\n", n % 977).as_bytes()),
        }
    }
    out
}

/// A small release-like tarball: `linux-9.9/` and a few C files, uncompressed.
fn small_release_tar() -> Vec<u8> {
    let files: Vec<(String, Vec<u8>)> = (0..12)
        .map(|i| (format!("linux-9.9/dir{}/f{i}.c", i % 3), some_c(i, 400)))
        .collect();
    let members: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_slice()))
        .collect();
    tar_of(&members)
}

#[test]
fn intact_tarballs_are_read() {
    // The baseline the corruption tests break: each compression reads, with the same counts.
    let dir = tempfile::tempdir().unwrap();
    let tar = small_release_tar();
    let mut outputs = Vec::new();
    for (name, bytes) in [
        ("linux-9.9.tar", tar.clone()),
        ("linux-9.9.tar.gz", gzip(&tar)),
        ("linux-9.9.tar.xz", xz(&tar)),
        ("linux-9.9.tar.zst", zstd_with_checksum(&tar)),
        ("linux-9.9.tar.bz2", bzip2(&tar)),
    ] {
        let path = write_archive(dir.path(), name, &bytes);
        let doc = count_json(&path);
        assert_eq!(doc["files"].as_array().map(Vec::len), Some(12), "{name}");
        assert_eq!(
            doc["files"][0]["path"].as_str(),
            Some("dir0/f0.c"),
            "{name}"
        );
        outputs.push(doc);
    }
    assert!(outputs.windows(2).all(|w| w[0] == w[1]));
}

#[test]
fn truncated_compressed_tarballs_are_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let tar = small_release_tar();
    for (name, bytes) in [
        ("linux-9.9.tar.xz", xz(&tar)),
        ("linux-9.9.tar.gz", gzip(&tar)),
        ("linux-9.9.tar.zst", zstd_with_checksum(&tar)),
        ("linux-9.9.tar.bz2", bzip2(&tar)),
    ] {
        // Cut in the middle, just after the header, and just before the end: the last cut
        // loses only the compressor's trailer (its checksum), which must still be noticed.
        for cut in [bytes.len() / 2, 20, bytes.len() - 1, bytes.len() - 4] {
            let path = write_archive(dir.path(), name, &bytes[..cut]);
            let run = kcensus([OsStr::new("count"), path.as_os_str()]);
            assert!(run.code == Some(2), "{name} cut at {cut}: {run:?}");
            assert_one_line_error(&run, &[name, "corrupt or truncated archive"]);
        }
    }
}

#[test]
fn corrupt_compressed_tarballs_are_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let tar = small_release_tar();
    for (name, bytes) in [
        ("linux-9.9.tar.zst", zstd_with_checksum(&tar)),
        ("linux-9.9.tar.xz", xz(&tar)),
        ("linux-9.9.tar.gz", gzip(&tar)),
        ("linux-9.9.tar.bz2", bzip2(&tar)),
    ] {
        // Flip bytes in the middle of the compressed data and in the trailing checksum.
        for at in [bytes.len() / 2, bytes.len() / 3, bytes.len() - 2] {
            let mut bad = bytes.clone();
            bad[at] ^= 0x55;
            let path = write_archive(dir.path(), name, &bad);
            let run = kcensus([OsStr::new("count"), path.as_os_str()]);
            assert!(run.code == Some(2), "{name} flipped at {at}: {run:?}");
            assert_one_line_error(&run, &[name, "corrupt or truncated archive"]);
        }
    }
    // Not compressed data at all.
    for name in ["junk.tar.gz", "junk.tar.xz", "junk.tar.zst", "junk.tar.bz2"] {
        let path = write_archive(dir.path(), name, &b"this is not an archive\n".repeat(50));
        let run = kcensus([OsStr::new("count"), path.as_os_str()]);
        assert_one_line_error(&run, &[name]);
    }
}

#[test]
fn corrupt_tar_header_is_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut tar = small_release_tar();
    // The second member's header (the first is `linux-9.9/`): garbage with line breaks in the
    // checksum field, which the tar reader quotes in its message.
    tar[512 + 148..512 + 156].copy_from_slice(b"\xff\n\xff\r\n\x1b[m");
    let path = write_archive(dir.path(), "hdr.tar", &tar);
    let run = kcensus([OsStr::new("count"), path.as_os_str()]);
    assert_one_line_error(&run, &["hdr.tar", "corrupt or truncated archive"]);

    let path = write_archive(dir.path(), "hdr.tar.gz", &gzip(&tar));
    let run = kcensus([OsStr::new("count"), path.as_os_str()]);
    assert_one_line_error(&run, &["hdr.tar.gz", "corrupt or truncated archive"]);
}

// ---- git ------------------------------------------------------------------------------------

#[test]
fn unknown_git_revision_is_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    write(&repo.join("a.c"), b"int a;\n");
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "one"]);

    // The revision that does exist works, so the failure below is about the name only.
    let run = kcensus([
        OsStr::new("count"),
        repo.as_os_str(),
        OsStr::new("--rev"),
        OsStr::new("HEAD"),
    ]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.stdout.starts_with("1 files counted"), "{run:?}");

    for rev in [
        "nope",
        "v99.99",
        "HEAD~5",
        "0000000000000000000000000000000000000000",
    ] {
        let run = kcensus([
            OsStr::new("count"),
            repo.as_os_str(),
            OsStr::new("--rev"),
            OsStr::new(rev),
        ]);
        assert_one_line_error(&run, &[&format!("'{rev}'"), "repo"]);
    }
}

#[test]
fn arguments_with_line_breaks_still_give_one_line() {
    // The input's own name may hold a line break; the message stays on one line.
    let dir = tempfile::tempdir().unwrap();
    let odd: OsString = dir.path().join("a\nb").into_os_string();
    let run = kcensus([OsStr::new("count"), odd.as_os_str()]);
    assert_one_line_error(&run, &["no such file or directory"]);
}

/// `report` says what it did not count, as `count` does: in JSON (`skipped`: counts by reason,
/// and the paths that may hold code — here a binary `.rs` file, an empty one, a GIF, a
/// dangling symbolic link and, as an unprivileged user, an unreadable `.rs` file), in the Markdown
/// article (each such path, and the `.rs` files by name) and in the table (one line, and the
/// `.rs` files by name). A duplicate and a file of unknown language are only counted.
#[test]
fn report_names_what_it_did_not_count() {
    let top = tempfile::tempdir().unwrap();
    chmod(top.path(), 0o755);
    let tree = top.path().join("tree");
    write(
        &tree.join("rust/kernel/lib.rs"),
        b"//! K.\n\npub fn f() {}\n",
    );
    write(&tree.join("drivers/blob.rs"), b"fn f() {}\n\0\0\0\n");
    write(&tree.join("drivers/empty.rs"), b"");
    write(&tree.join("drivers/secret.rs"), b"fn s() {}\n");
    write(&tree.join("lib/a.c"), b"int a;\n");
    write(&tree.join("lib/b.c"), b"int a;\n");
    write(
        &tree.join("Documentation/logo.gif"),
        b"GIF89a\x01\0\x01\0\0\0\0;",
    );
    write(&tree.join("scripts/notes.xyz"), b"hello\n");
    std::os::unix::fs::symlink("gone.c", tree.join("lib/link.c")).unwrap();
    for d in [
        "",
        "rust",
        "rust/kernel",
        "drivers",
        "lib",
        "Documentation",
        "scripts",
    ] {
        chmod(&tree.join(d), 0o755);
    }
    chmod(&tree.join("drivers/secret.rs"), 0o000);
    let _restore = RestoreMode(vec![tree.join("drivers/secret.rs")]);

    // As an unprivileged user when this process can become one (the bits then do block), else
    // as this process (root reads the file).
    let probe = top.path().join("probe");
    write(&probe.join("p.c"), b"int p;\n");
    chmod(&probe, 0o755);
    chmod(&probe.join("p.c"), 0o644);
    let unprivileged = as_nobody(&probe).is_some();
    let run = |args: &[&str]| -> String {
        let mut command = as_nobody(&probe).unwrap_or_else(|| Command::new(BIN));
        command.args(args).arg(&tree);
        let run = run_command(command);
        assert_eq!(run.code, Some(0), "{run:?}");
        run.stdout
    };
    let count: serde_json::Value =
        serde_json::from_str(&run(&["count", "--format", "json"])).unwrap();
    let report: serde_json::Value =
        serde_json::from_str(&run(&["report", "--no-cache", "--format", "json"])).unwrap();
    let secret_unreadable = skipped(&count).contains(&(
        "drivers/secret.rs".to_string(),
        "permission denied".to_string(),
    ));
    assert_eq!(
        secret_unreadable,
        unprivileged || !can_read_file(&tree.join("drivers/secret.rs"))
    );

    let skip = &report["skipped"];
    assert_eq!(skip["paths"], count["summary"]["not_counted"]);
    assert_eq!(skip["by_reason"], count["summary"]["not_counted_by_reason"]);
    assert_eq!(skip["by_reason"]["duplicate"], 1);
    assert_eq!(skip["by_reason"]["unknown language"], 1);
    let mut expected = vec![
        ("Documentation/logo.gif", "binary file"),
        ("drivers/blob.rs", "binary file"),
        ("drivers/empty.rs", "empty file"),
        ("lib/link.c", "symbolic link"),
    ];
    if secret_unreadable {
        expected.insert(3, ("drivers/secret.rs", "permission denied"));
    }
    assert_eq!(
        skipped(&serde_json::json!({"skipped": skip["files"]})),
        pairs(&expected)
    );
    for key in ["files", "blank", "comment", "code"] {
        assert_eq!(report["tree"][key], count["total"][key], "tree.{key}");
    }

    let md = run(&["report", "--no-cache", "--format", "markdown"]);
    let rust_skipped = if secret_unreadable { 3 } else { 2 };
    assert!(
        md.contains(&format!("**{rust_skipped} `.rs` files were not counted**")),
        "{md}"
    );
    assert!(md.contains("\n## What was not counted\n"));
    assert!(md.contains("| duplicate | 1 |\n"));
    assert!(md.contains("| binary file | 2 |\n"));
    assert!(md.contains("- `Documentation/logo.gif`: binary file\n"));
    assert!(md.contains("- `lib/link.c`: symbolic link\n"));
    assert!(md.contains("- `drivers/blob.rs`: binary file\n"));
    assert!(md.contains("- `drivers/empty.rs`: empty file\n"));
    assert_eq!(
        md.contains("- `drivers/secret.rs`: permission denied\n"),
        secret_unreadable
    );
    assert!(!md.contains("lib/a.c`:") && !md.contains("notes.xyz"));

    // A list longer than the table's 100 columns continues on lines indented under its first
    // item ("not counted: " is 13 columns): joined back here.
    let table = run(&["report", "--no-cache"]).replace(&format!("\n{}", " ".repeat(13)), " ");
    let line = if secret_unreadable {
        "not counted: 1 duplicate, 2 not code by cloc's rules, 2 binary file, 1 permission denied, \
         1 symbolic link"
    } else {
        "not counted: 1 duplicate, 2 not code by cloc's rules, 2 binary file, 1 symbolic link"
    };
    assert!(
        table.lines().any(|l| l == line),
        "{line:?} not in:\n{table}"
    );
    assert!(table.contains("\n  Rust file not counted: drivers/blob.rs (binary file)\n"));
    assert!(table.contains("\n  Rust file not counted: drivers/empty.rs (empty file)\n"));
    assert_eq!(
        table.contains("\n  Rust file not counted: drivers/secret.rs (permission denied)\n"),
        secret_unreadable
    );

    // Only a duplicate left out: no line in the table, and the article says no `.rs` is missing.
    let plain = tempfile::tempdir().unwrap();
    write(&plain.path().join("lib/a.c"), b"int a;\n");
    write(&plain.path().join("lib/b.c"), b"int a;\n");
    write(&plain.path().join("rust/kernel/lib.rs"), b"pub fn f() {}\n");
    let table = kcensus([
        OsStr::new("report"),
        OsStr::new("--no-cache"),
        plain.path().as_os_str(),
    ]);
    assert_eq!(table.code, Some(0));
    assert!(!table.stdout.contains("not counted"), "{}", table.stdout);
    let md = kcensus([
        OsStr::new("report"),
        OsStr::new("--no-cache"),
        OsStr::new("--format"),
        OsStr::new("markdown"),
        plain.path().as_os_str(),
    ]);
    assert!(md.stdout.contains("| duplicate | 1 |\n"));
    assert!(md.stdout.contains("No `.rs` file was left out."));
    assert!(!md.stdout.contains("may hold code"));
}

// ---- the fact cache -------------------------------------------------------------------------

/// One rule for every cache, the default one and one given with `--cache`: a cache that cannot
/// be used is skipped with one warning naming it and the reason, and the output is the output
/// without a cache. Nothing is created beside a path that is not a regular file (SQLite would
/// leave `/dev/null-journal` behind).
#[test]
fn a_cache_that_cannot_be_used_is_skipped_with_one_warning() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("linux");
    common::small_kernel::make_tree(&tree, "7.3.0", 2);
    let report = |extra: &[&OsStr], home: Option<&std::path::Path>| {
        let mut command = Command::new(common::fixtures::BIN);
        command.args([
            OsStr::new("report"),
            OsStr::new("--format"),
            OsStr::new("json"),
        ]);
        command.args(extra).arg(&tree);
        if let Some(home) = home {
            command.env("XDG_CACHE_HOME", home);
        }
        run_command(command)
    };
    let expected = report(&[OsStr::new("--no-cache")], None);
    assert_eq!(expected.code, Some(0), "{expected:?}");

    let broken = dir.path().join("broken");
    std::fs::create_dir(&broken).unwrap();
    let random = broken.join("random.sqlite");
    write(&random, &some_c(7, 400));
    let a_folder = broken.join("folder.sqlite");
    std::fs::create_dir(&a_folder).unwrap();
    // A database cut in the middle: a good cache first, then its second half gone.
    let truncated = broken.join("truncated.sqlite");
    let made = report(&[OsStr::new("--cache"), truncated.as_os_str()], None);
    assert_eq!(made.stdout, expected.stdout);
    let _ = std::fs::remove_file(broken.join("truncated.sqlite-wal"));
    let _ = std::fs::remove_file(broken.join("truncated.sqlite-shm"));
    let bytes = std::fs::read(&truncated).unwrap();
    write(&truncated, &bytes[..bytes.len() / 2]);
    let mut caches = vec![
        (random.clone(), "not a database"),
        (a_folder.clone(), "not a regular file"),
        (truncated.clone(), "malformed"),
        ("/dev/null".into(), "not a regular file"),
    ];
    let fifo = broken.join("fifo.sqlite");
    if Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        caches.push((fifo, "not a regular file"));
    }
    let before: Vec<_> = std::fs::read_dir(&broken)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let journal_existed = std::path::Path::new("/dev/null-journal").exists();
    for (cache, reason) in &caches {
        let run = report(&[OsStr::new("--cache"), cache.as_os_str()], None);
        assert_eq!(run.code, Some(0), "{cache:?}: {run:?}");
        assert_eq!(run.stdout, expected.stdout, "{cache:?}");
        let warning = format!("kcensus: warning: cache {}: ", cache.display());
        assert_eq!(run.stderr.lines().count(), 1, "{cache:?}: {}", run.stderr);
        assert!(
            run.stderr.starts_with(&warning),
            "{cache:?}: {}",
            run.stderr
        );
        assert!(run.stderr.contains(reason), "{cache:?}: {}", run.stderr);
    }
    let mut after: Vec<_> = std::fs::read_dir(&broken)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    after.retain(|name| !name.to_string_lossy().starts_with("truncated.sqlite-"));
    let mut before = before;
    before.sort();
    after.sort();
    assert_eq!(before, after, "files made beside the caches");
    if !journal_existed {
        assert!(!std::path::Path::new("/dev/null-journal").exists());
    }

    // The default cache (`$XDG_CACHE_HOME/kcensus/facts.sqlite`), here a folder: the same rule.
    let home = dir.path().join("home");
    std::fs::create_dir_all(home.join("kcensus/facts.sqlite")).unwrap();
    let run = report(&[], Some(&home));
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(run.stdout, expected.stdout);
    assert!(
        run.stderr
            .contains("facts.sqlite: not a regular file; running without a cache"),
        "{}",
        run.stderr
    );
}
