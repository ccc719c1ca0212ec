//! Hostile inputs: trees, tarballs and repositories made to break a reader. Each case has one
//! asserted outcome — a one-line error with exit code 2, or a result that lists the problem
//! under `skipped` — and is run through `count` (JSON, table and CSV) and `report --format
//! json`, which builds the kernel model. A panic, a crash by a signal or a hang (two minutes)
//! fails the test. TESTING.md lists every case and its outcome; the cases tests/it/bad_input.rs
//! already covers (unreadable files, NUL bytes, invalid UTF-8, truncated and corrupt archives,
//! unknown revisions) are not repeated here.
//!
//! Every input is built at test time; the large ones are sparse files or streams of repeated
//! compressed frames, so nothing large is written or committed.

use common::fixtures::*;
use serde_json::Value;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use crate::common;

/// `count` in every format and `report --format json` of `input` all succeed; returns
/// `count --by-file --format json`. The table's first line and the CSV's rows must agree with
/// the JSON, so that no format hides what another shows.
fn census(input: &Path) -> Value {
    let doc = count_json(input);
    let table = kcensus([OsStr::new("count"), input.as_os_str()]);
    assert_eq!(table.code, Some(0), "{table:?}");
    let counted = doc["summary"]["counted"].as_u64().expect("counted");
    let first_line = table.stdout.lines().next().unwrap_or_default().to_string();
    assert!(
        first_line.starts_with(&format!("{counted} files counted, ")),
        "{first_line}"
    );
    let csv = kcensus([
        OsStr::new("count"),
        OsStr::new("--by-file"),
        OsStr::new("--format"),
        OsStr::new("csv"),
        input.as_os_str(),
    ]);
    assert_eq!(csv.code, Some(0), "{csv:?}");
    // A header and one row per counted file.
    assert_eq!(
        csv.stdout.lines().count() as u64,
        counted + 1,
        "{}",
        csv.stdout
    );
    report_json(input);
    doc
}

/// `report --format json` of `input`, which must succeed.
fn report_json(input: &Path) -> Value {
    parse_ok(&kcensus([
        OsStr::new("report"),
        OsStr::new("--format"),
        OsStr::new("json"),
        input.as_os_str(),
    ]))
}

/// `count` in every format and `report` fail on `input` with the same one-line error.
fn assert_error_everywhere(input: &Path, needles: &[&str]) {
    for format in ["table", "json", "csv"] {
        let run = kcensus([
            OsStr::new("count"),
            OsStr::new("--format"),
            OsStr::new(format),
            input.as_os_str(),
        ]);
        assert_one_line_error(&run, needles);
    }
    let run = kcensus([
        OsStr::new("report"),
        OsStr::new("--format"),
        OsStr::new("json"),
        input.as_os_str(),
    ]);
    assert_one_line_error(&run, needles);
}

// ---- directories ----------------------------------------------------------------------------

#[test]
fn empty_tree_is_an_empty_census() {
    let dir = tempfile::tempdir().unwrap();
    let doc = census(dir.path());
    assert_eq!(doc["summary"]["counted"], 0);
    assert_eq!(doc["summary"]["not_counted"], 0);
    assert_eq!(doc["total"]["code"], 0);
    let report = report_json(dir.path());
    assert_eq!(report["rust"]["files"], 0);
    assert_eq!(report["kernel_version"], Value::Null);
}

#[test]
fn tree_without_rust_has_no_rust_in_its_report() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("init/main.c"),
        b"int main(void) { return 0; }\n",
    );
    write(&dir.path().join("Makefile"), b"obj-y += init/\n");
    write(
        &dir.path().join("Kconfig"),
        b"config FOO\n\tbool \"foo\"\n\tdepends on RUST\n",
    );
    let doc = census(dir.path());
    assert_eq!(doc["summary"]["counted"], 2);
    assert_eq!(skipped(&doc), pairs(&[("Kconfig", "unknown language")]));
    let report = report_json(dir.path());
    assert_eq!(report["rust"]["files"], 0);
    assert_eq!(report["rust"]["code"], 0);
    assert_eq!(report["files"], Value::Array(vec![]));
    assert_eq!(report["drivers"], Value::Array(vec![]));
}

#[test]
fn symlink_loops_and_links_out_of_the_tree_are_not_followed() {
    // Only a link to a file inside the tree is followed (`sub/in.c`, counted under its own
    // path, which sorts after its target's: the target is the duplicate).
    let top = tempfile::tempdir().unwrap();
    let outside = top.path().join("outside");
    write(&outside.join("secret.c"), b"int secret;\n");
    let tree = top.path().join("tree");
    write(&tree.join("a.c"), b"int a;\n");
    write(&tree.join("sub/b.rs"), b"fn b() {}\n");
    // Folders that point at each other, at themselves, at a parent, and out of the tree.
    std::os::unix::fs::symlink("loop-b", tree.join("loop-a")).unwrap();
    std::os::unix::fs::symlink("loop-a", tree.join("loop-b")).unwrap();
    std::os::unix::fs::symlink(".", tree.join("sub/self")).unwrap();
    std::os::unix::fs::symlink("..", tree.join("sub/up")).unwrap();
    std::os::unix::fs::symlink(&outside, tree.join("out")).unwrap();
    std::os::unix::fs::symlink(outside.join("secret.c"), tree.join("secret.c")).unwrap();
    std::os::unix::fs::symlink("../a.c", tree.join("sub/in.c")).unwrap();

    let doc = census(&tree);
    assert_eq!(
        files(&doc),
        vec![
            ("sub/b.rs".to_string(), [0, 0, 1]),
            ("sub/in.c".to_string(), [0, 0, 1])
        ]
    );
    let link = "symbolic link";
    assert_eq!(
        skipped(&doc),
        pairs(&[
            ("a.c", "duplicate of sub/in.c"),
            ("loop-a", link),
            ("loop-b", link),
            ("out", link),
            ("secret.c", link),
            ("sub/self", link),
            ("sub/up", link),
        ])
    );
    assert_eq!(report_json(&tree)["rust"]["files"], 1);
}

#[test]
fn thousand_level_deep_tree_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let depth = 1000;
    let folders = vec!["d"; depth].join("/");
    let deep = dir.path().join(&folders);
    write(&deep.join("deep.c"), b"/* deep */\nint deep;\n");
    write(&deep.join("deep.rs"), b"// SAFETY: none\nfn deep() {}\n");
    write(&deep.join("Makefile"), b"obj-y += deep.o\n");
    let doc = census(dir.path());
    assert_eq!(
        files(&doc),
        vec![
            (format!("{folders}/Makefile"), [0, 0, 1]),
            (format!("{folders}/deep.c"), [0, 1, 1]),
            (format!("{folders}/deep.rs"), [0, 1, 1]),
        ]
    );
    let report = report_json(dir.path());
    assert_eq!(report["rust"]["files"], 1);
    assert_eq!(report["files"][0]["path"], format!("{folders}/deep.rs"));
}

/// Lines of C, `bytes` long, on one line (no newline at all): `int a0;int a1;...`.
fn one_line_of_c(bytes: usize) -> Vec<u8> {
    let mut text = Vec::with_capacity(bytes + 16);
    let mut i = 0u64;
    while text.len() < bytes {
        text.extend_from_slice(format!("int a{i};").as_bytes());
        i += 1;
    }
    text.truncate(bytes);
    text
}

#[test]
fn hundred_megabyte_one_line_file_is_counted_and_larger_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("huge.c"), &one_line_of_c(100_000_000));
    // One byte over the 100 MB limit, as a sparse file: skipped by its size, never read.
    let over = std::fs::File::create(dir.path().join("over.c")).unwrap();
    over.set_len(100 * 1024 * 1024 + 1).unwrap();
    let doc = census(dir.path());
    assert_eq!(files(&doc), vec![("huge.c".to_string(), [0, 0, 1])]);
    assert_eq!(
        skipped(&doc),
        pairs(&[("over.c", "larger than the 100 MB limit")])
    );
}

#[test]
fn crlf_bom_and_carriage_return_files_count_as_cloc_does() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path();
    // The same C file with LF, with CRLF, and with a UTF-8 byte-order mark and CRLF: cloc
    // drops the mark and one carriage return per line, so all three count alike.
    let lf = b"// head\n\nint a; /* c */\n  \n}\n".to_vec();
    let crlf = b"// head\r\n\r\nint a; /* c */\r\n  \r\n}\r\n".to_vec();
    let mut bom_crlf = b"\xef\xbb\xbf".to_vec();
    bom_crlf.extend_from_slice(&crlf);
    // Distinct content per file (duplicates are counted once): a trailing distinct comment.
    write(&tree.join("lf.c"), &[&lf[..], b"// lf\n"].concat());
    write(&tree.join("crlf.c"), &[&crlf[..], b"// crlf\r\n"].concat());
    write(
        &tree.join("bom_crlf.c"),
        &[&bom_crlf[..], b"// bom\r\n"].concat(),
    );
    // A BOM before a `#!` line and CRLF in a shell script; a Rust file with both.
    write(
        &tree.join("script.sh"),
        b"\xef\xbb\xbf#!/bin/sh\r\n# note\r\n\r\necho hi\r\n",
    );
    write(
        &tree.join("lib.rs"),
        b"\xef\xbb\xbf//! Docs.\r\n\r\n// SAFETY: none needed.\r\nfn f() {}\r\n",
    );
    // Old Mac line ends: carriage returns only, which cloc does not split on: one line.
    write(&tree.join("mac.c"), b"int a;\rint b;\r\rint c;\r");
    let doc = census(tree);
    assert_eq!(
        files(&doc),
        vec![
            ("bom_crlf.c".to_string(), [2, 2, 2]),
            ("crlf.c".to_string(), [2, 2, 2]),
            ("lf.c".to_string(), [2, 2, 2]),
            ("lib.rs".to_string(), [1, 2, 1]),
            ("mac.c".to_string(), [0, 0, 1]),
            ("script.sh".to_string(), [1, 1, 2]),
        ]
    );
    let report = report_json(tree);
    assert_eq!(report["rust"]["code"], 1);
    assert_eq!(report["rust"]["comment"], 2);
}

#[test]
fn binary_and_invalid_utf8_rust_files_do_not_break_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path();
    write(
        &tree.join("rust/kernel/lib.rs"),
        b"//! Kernel.\npub mod ok;\n",
    );
    write(&tree.join("rust/kernel/ok.rs"), b"pub fn ok() {}\n");
    // Invalid UTF-8 in a comment and in a string, and a NUL byte after the first block: counted.
    let mut odd = b"// caf\xe9\nfn f() -> &'static [u8] { b\"\xff\" }\n".to_vec();
    odd.extend_from_slice(&b"// pad\n".repeat(80));
    odd.extend_from_slice(b"fn g() {} // \0\n");
    write(&tree.join("rust/kernel/odd.rs"), &odd);
    // A NUL byte early: a binary file, skipped.
    write(&tree.join("rust/kernel/nul.rs"), b"fn f() {}\0\n");
    // Names that are not UTF-8 (a Rust file and a Makefile).
    write(
        &tree.join(OsStr::from_bytes(b"rust/kernel/\xff.rs")),
        b"fn x() {}\n",
    );
    write(
        &tree.join(OsStr::from_bytes(b"drivers/\xfe/Makefile")),
        b"obj-y += a.o\n",
    );
    let doc = census(tree);
    assert_eq!(
        files(&doc),
        vec![
            ("rust/kernel/lib.rs".to_string(), [0, 1, 1]),
            ("rust/kernel/odd.rs".to_string(), [0, 81, 2]),
            ("rust/kernel/ok.rs".to_string(), [0, 0, 1]),
        ]
    );
    let reason = "file name is not valid UTF-8";
    assert_eq!(
        skipped(&doc),
        pairs(&[
            ("drivers/\u{fffd}/Makefile", reason),
            ("rust/kernel/nul.rs", "binary file"),
            ("rust/kernel/\u{fffd}.rs", reason),
        ])
    );
    let report = report_json(tree);
    assert_eq!(report["rust"]["files"], 3);
    assert_eq!(report["rust"]["code"], 4);
}

#[test]
fn deeply_nested_rust_does_not_crash_the_report() {
    let dir = tempfile::tempdir().unwrap();
    // Several files, so that some are parsed on worker threads (2 MB stacks).
    for i in 0..16 {
        let text = format!("// {i}\nfn f() {{ let x = {} }}\n", "[".repeat(3000));
        write(&dir.path().join(format!("f{i}.rs")), text.as_bytes());
    }
    // One file past the nesting bound: counted, not parsed, and the reason is given.
    let text = format!("fn f() {{ let x = {} }}\n", "(".repeat(30_000));
    write(&dir.path().join("too_deep.rs"), text.as_bytes());
    let report = report_json(dir.path());
    assert_eq!(report["rust"]["files"], 17);
    let files = report["files"].as_array().unwrap();
    let too_deep = files.iter().find(|f| f["path"] == "too_deep.rs").unwrap();
    assert_eq!(too_deep["parse_errors"], 1);
}

// ---- tarballs -------------------------------------------------------------------------------

/// One member of a hand-made tar: any name bytes, any type, an optional link target.
struct RawMember<'a> {
    name: &'a [u8],
    kind: tar::EntryType,
    link: &'a [u8],
    content: &'a [u8],
}

impl<'a> RawMember<'a> {
    fn file(name: &'a [u8], content: &'a [u8]) -> RawMember<'a> {
        RawMember {
            name,
            kind: tar::EntryType::Regular,
            link: b"",
            content,
        }
    }

    fn link(name: &'a [u8], kind: tar::EntryType, target: &'a [u8]) -> RawMember<'a> {
        RawMember {
            name,
            kind,
            link: target,
            content: b"",
        }
    }
}

/// A tar written header by header, so that it can hold what `tar::Builder` refuses to write
/// (`..` and absolute names): what a hostile archive can hold.
fn raw_tar(members: &[RawMember]) -> Vec<u8> {
    let mut out = Vec::new();
    for member in members {
        let mut header = tar::Header::new_ustar();
        let old = header.as_old_mut();
        old.name[..member.name.len()].copy_from_slice(member.name);
        old.linkname[..member.link.len()].copy_from_slice(member.link);
        header.set_entry_type(member.kind);
        header.set_mode(0o644);
        header.set_size(member.content.len() as u64);
        header.set_mtime(0);
        header.set_cksum();
        out.extend_from_slice(header.as_bytes());
        out.extend_from_slice(member.content);
        out.resize(out.len().div_ceil(512) * 512, 0);
    }
    out.resize(out.len() + 1024, 0);
    out
}

#[test]
fn tar_members_leaving_the_tree_are_skipped_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let tar = raw_tar(&[
        RawMember::link(b"linux-9.9/", tar::EntryType::Directory, b""),
        RawMember::file(b"linux-9.9/ok.c", b"int ok;\n"),
        RawMember::file(b"linux-9.9/../escape.c", b"int escape;\n"),
        RawMember::file(b"linux-9.9/a/../../up.c", b"int up;\n"),
        RawMember::file(b"/tmp/absolute.c", b"int absolute;\n"),
        RawMember::file(b"./inner/../../dot.c", b"int dot;\n"),
    ]);
    let path = write_archive(dir.path(), "linux-9.9.tar.gz", &gzip(&tar));
    let doc = census(&path);
    assert_eq!(files(&doc), vec![("ok.c".to_string(), [0, 0, 1])]);
    let up = "path leaves the tree (`..`)";
    assert_eq!(
        skipped(&doc),
        pairs(&[
            ("../escape.c", up),
            ("/tmp/absolute.c", "absolute path in archive"),
            ("a/../../up.c", up),
            ("inner/../../dot.c", up),
        ])
    );
    // kcensus unpacks nothing: neither the archive's folder nor anything it names exists.
    let mut left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    left.sort();
    assert_eq!(left, vec![OsStr::new("linux-9.9.tar.gz")]);
    assert!(!Path::new("/tmp/absolute.c").exists());
}

/// Symbolic links that name a member are followed (`rel.c`, after its target; `b-link.c`,
/// before it), counted under their own path, and so is a hard link to a member (`hard.c`: the
/// same content as `a.c`, a duplicate as in the unpacked folder); the others are skipped.
#[test]
fn tar_links_and_odd_names_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let deep_name = format!("linux-9.9/{}/deep.c", vec!["d"; 1000].join("/"));
    let mut tar = raw_tar(&[
        RawMember::link(b"linux-9.9/", tar::EntryType::Directory, b""),
        RawMember::file(b"linux-9.9/a.c", b"int a;\n"),
        RawMember::link(b"linux-9.9/sym.c", tar::EntryType::Symlink, b"/etc/passwd"),
        RawMember::link(b"linux-9.9/up", tar::EntryType::Symlink, b"../.."),
        RawMember::link(b"linux-9.9/rel.c", tar::EntryType::Symlink, b"./a.c"),
        RawMember::link(b"linux-9.9/b-link.c", tar::EntryType::Symlink, b"z.c"),
        RawMember::link(b"linux-9.9/dangle.c", tar::EntryType::Symlink, b"none.c"),
        RawMember::file(b"linux-9.9/z.c", b"int z;\n"),
        RawMember::link(b"linux-9.9/hard.c", tar::EntryType::Link, b"linux-9.9/a.c"),
        RawMember::link(b"linux-9.9/outside.c", tar::EntryType::Link, b"/etc/shadow"),
        // A file "inside" the symbolic link's folder is just a path in the stream.
        RawMember::file(b"linux-9.9/up/x.c", b"int x;\n"),
        RawMember::file(b"linux-9.9/caf\xe9.c", b"int cafe;\n"),
        RawMember::file(b"linux-9.9/nul.c", b"int a;\0\n"),
        RawMember::link(b"linux-9.9/fifo", tar::EntryType::Fifo, b""),
        RawMember::link(b"linux-9.9/dev", tar::EntryType::Char, b""),
    ]);
    // A 1,000-level deep path (a GNU long name) after those, appended before the end blocks.
    tar.truncate(tar.len() - 1024);
    tar.extend_from_slice(&tar_of(&[(deep_name.as_str(), b"int deep;\n")]));
    let path = write_archive(dir.path(), "linux-9.9.tar.zst", &zstd_with_checksum(&tar));
    let doc = census(&path);
    let deep = deep_name.trim_start_matches("linux-9.9/").to_string();
    assert_eq!(
        files(&doc),
        vec![
            (deep, [0, 0, 1]),
            ("rel.c".to_string(), [0, 0, 1]),
            ("up/x.c".to_string(), [0, 0, 1]),
            ("z.c".to_string(), [0, 0, 1]),
        ]
    );
    assert_eq!(
        skipped(&doc),
        pairs(&[
            ("a.c", "duplicate of rel.c"),
            ("b-link.c", "duplicate of z.c"),
            ("caf\u{fffd}.c", "file name is not valid UTF-8"),
            ("dangle.c", "symbolic link"),
            ("dev", "not a regular file"),
            ("fifo", "not a regular file"),
            ("hard.c", "duplicate of rel.c"),
            ("nul.c", "binary file"),
            ("outside.c", "hard link"),
            ("sym.c", "symbolic link"),
            ("up", "symbolic link"),
        ])
    );
}

#[test]
fn tar_cut_between_members_is_truncated_not_smaller() {
    // A plain tar cut exactly after a member has no end-of-archive blocks; the tar reader
    // alone would take it for a complete archive with fewer files.
    let dir = tempfile::tempdir().unwrap();
    let tar = tar_of(&[
        ("linux-9.9/a.c", b"int a;\n"),
        ("linux-9.9/b.c", b"int b;\n"),
    ]);
    // Folder, a.c, b.c: three headers and two data blocks; cut after a.c's data.
    let path = write_archive(dir.path(), "cut.tar", &tar[..3 * 512]);
    assert_error_everywhere(&path, &["cut.tar", "corrupt or truncated archive"]);
    let path = write_archive(dir.path(), "empty.tar", b"");
    assert_error_everywhere(&path, &["empty.tar", "no end-of-archive marker"]);
    // An archive of no files, with its end marker, is an empty tree.
    let path = write_archive(dir.path(), "none.tar", &[0u8; 1024]);
    assert_eq!(census(&path)["summary"]["counted"], 0);
}

#[test]
fn truncated_and_corrupt_tarballs_fail_the_report_too() {
    // tests/it/bad_input.rs checks `count` on these; `report` and `check` read the same stream.
    let dir = tempfile::tempdir().unwrap();
    let tar = tar_of(&[
        ("linux-9.9/rust/kernel/lib.rs", b"//! Kernel.\n".as_slice()),
        ("linux-9.9/a.c", &one_line_of_c(200_000)),
    ]);
    let compressed = xz(&tar);
    let truncated = write_archive(dir.path(), "t.tar.xz", &compressed[..compressed.len() / 2]);
    let mut corrupt = zstd_with_checksum(&tar);
    let middle = corrupt.len() / 2;
    corrupt[middle] ^= 0x55;
    let corrupt = write_archive(dir.path(), "c.tar.zst", &corrupt);
    for path in [&truncated, &corrupt] {
        let name = path.file_name().unwrap().to_str().unwrap();
        assert_error_everywhere(path, &[name, "corrupt or truncated archive"]);
        let claims = dir.path().join("claims.toml");
        write(
            &claims,
            b"[[claim]]\nid = \"x\"\ntext = \"x\"\nmetric = \"rust.code\"\nop = \">\"\nexpected = 0\n",
        );
        let run = kcensus([OsStr::new("check"), claims.as_os_str(), path.as_os_str()]);
        assert_one_line_error(&run, &[name, "corrupt or truncated archive"]);
    }
}

/// A `.tar.zst` whose first member, `zeros.c`, is `size` zero bytes (a multiple of
/// 1 MiB), followed by `after`. Built from one compressed frame of 1 MiB of zeros repeated:
/// a zstd stream may be a sequence of frames, so the archive stays small and nothing large is
/// ever in memory.
fn zstd_bomb(size: u64, after: &[(&str, &[u8])]) -> Vec<u8> {
    const CHUNK: u64 = 1 << 20;
    assert_eq!(size % CHUNK, 0);
    let mut header = tar::Header::new_gnu();
    header.set_path("zeros.c").unwrap();
    header.set_size(size);
    header.set_mode(0o644);
    header.set_cksum();
    let zeros_frame = zstd::bulk::compress(&vec![0u8; CHUNK as usize], 19).unwrap();
    let mut out = zstd_with_checksum(header.as_bytes());
    out.reserve((size / CHUNK) as usize * zeros_frame.len());
    for _ in 0..size / CHUNK {
        out.extend_from_slice(&zeros_frame);
    }
    out.extend_from_slice(&zstd_with_checksum(&tar_of(after)));
    out
}

#[test]
fn decompression_bomb_stops_at_the_unpacked_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    // 20 GiB of zeros in a few megabytes: more than the default 16 GiB limit.
    let bomb = write_archive(
        dir.path(),
        "bomb.tar.zst",
        &zstd_bomb(20 << 30, &[("a.c", b"int a;\n")]),
    );
    assert!(std::fs::metadata(&bomb).unwrap().len() < 8 << 20);
    let run = kcensus([OsStr::new("count"), bomb.as_os_str()]);
    assert_one_line_error(
        &run,
        &[
            "bomb.tar.zst",
            "unpacks to more than 17179869184 bytes (16G)",
            "--max-unpacked-size",
        ],
    );

    // The limit is an option (global: it goes before or after the command's arguments).
    let small = write_archive(
        dir.path(),
        "small.tar.zst",
        &zstd_bomb(256 << 20, &[("a.c", b"int a;\n")]),
    );
    let run = kcensus([
        OsStr::new("--max-unpacked-size"),
        OsStr::new("64M"),
        OsStr::new("report"),
        small.as_os_str(),
    ]);
    assert_one_line_error(&run, &["small.tar.zst", "(64M)"]);
    let run = kcensus([
        OsStr::new("count"),
        small.as_os_str(),
        OsStr::new("--max-unpacked-size=1G"),
    ]);
    assert_eq!(run.code, Some(0), "{run:?}");

    // Under the limit, the oversized member is skipped and what follows it is counted.
    let doc = census(&small);
    assert_eq!(files(&doc), vec![("a.c".to_string(), [0, 0, 1])]);
    assert_eq!(
        skipped(&doc),
        pairs(&[("zeros.c", "larger than the 100 MB limit")])
    );
}

#[test]
fn archive_of_many_large_files_is_not_buffered_whole() {
    // 24 members of 90 MiB, each one C line repeated: 2 GiB unpacked, counted file by file.
    // The queue between the reader and the counting threads is bounded in bytes, so memory
    // stays near a few files' worth instead of growing with the archive.
    let dir = tempfile::tempdir().unwrap();
    let members = 24;
    let line = b"int a;\n";
    let size = 90 << 20;
    let content: Vec<u8> = line.iter().copied().cycle().take(size).collect();
    let frame = zstd::bulk::compress(&content, 3).unwrap();
    let mut archive = Vec::new();
    for i in 0..members {
        let mut header = tar::Header::new_gnu();
        header.set_path(format!("linux-9.9/f{i:02}.c")).unwrap();
        header.set_size(size as u64);
        header.set_mode(0o644);
        header.set_cksum();
        archive.extend_from_slice(&zstd::bulk::compress(header.as_bytes(), 3).unwrap());
        archive.extend_from_slice(&frame);
    }
    archive.extend_from_slice(&zstd::bulk::compress(&[0u8; 1024], 3).unwrap());
    let path = write_archive(dir.path(), "wide.tar.zst", &archive);

    let mut command = std::process::Command::new(BIN);
    command.args([
        OsStr::new("count"),
        OsStr::new("--format"),
        OsStr::new("json"),
    ]);
    command.arg(&path);
    let (run, peak_kib) = run_command_measured(command);
    let doc = parse_ok(&run);
    // Identical content: one file counted, the others duplicates of it.
    assert_eq!(doc["summary"]["counted"], 1);
    assert_eq!(doc["summary"]["not_counted"], members - 1);
    // The last line is cut short (90 MiB is not a multiple of its length), and still a line.
    assert_eq!(doc["total"]["code"], size.div_ceil(line.len()) as u64);
    assert!(
        peak_kib < 700 * 1024,
        "peak memory {peak_kib} KiB for {members} files of 90 MiB"
    );
}

// ---- git ------------------------------------------------------------------------------------

/// A repository with one commit of `a.c`, `sub/b.c` and `rust/kernel/lib.rs`; returns its path.
fn small_repo(top: &Path) -> std::path::PathBuf {
    let repo = top.join("repo");
    write(&repo.join("a.c"), b"int a;\n");
    write(&repo.join("sub/b.c"), b"int b;\nint c;\n");
    write(&repo.join("rust/kernel/lib.rs"), b"//! Kernel.\n");
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "one"]);
    repo
}

/// The id of `rev:path` (a blob or a tree) in `repo`.
fn object_id(repo: &Path, spec: &str) -> String {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(["rev-parse", spec])
        .output()
        .expect("git runs");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// Delete a loose object from the repository's database.
fn remove_object(repo: &Path, id: &str) {
    std::fs::remove_file(repo.join(".git/objects").join(&id[..2]).join(&id[2..]))
        .expect("the object is loose");
}

/// `args` followed by `repo --rev HEAD`.
fn at_head<'a>(args: &[&'a OsStr], repo: &'a Path) -> Vec<&'a OsStr> {
    let mut all = args.to_vec();
    all.extend([repo.as_os_str(), OsStr::new("--rev"), OsStr::new("HEAD")]);
    all
}

/// A missing blob fails the input as a whole (issue 15): a census without it would be
/// presented as complete, and a report of it cached under the tree's id.
#[test]
fn git_repo_with_a_missing_blob_is_one_line_error() {
    let top = tempfile::tempdir().unwrap();
    let repo = small_repo(top.path());
    let blob = object_id(&repo, "HEAD:sub/b.c");
    remove_object(&repo, &blob);
    for command in [&["count"][..], &["report", "--no-cache"][..]] {
        let args: Vec<&OsStr> = command.iter().map(OsStr::new).collect();
        let run = kcensus(at_head(&args, &repo));
        assert_one_line_error(
            &run,
            &[
                "repo@HEAD",
                &format!("git object {blob} of sub/b.c cannot be read"),
            ],
        );
    }
}

#[test]
fn git_repo_with_a_missing_tree_is_one_line_error() {
    let top = tempfile::tempdir().unwrap();
    let repo = small_repo(top.path());
    remove_object(&repo, &object_id(&repo, "HEAD:sub"));
    // Without the fact cache: a report of this root tree, cached by an earlier run, is the
    // tree's report whatever objects are missing now (content-addressed), and would be given.
    for command in [&["count"][..], &["report", "--no-cache"][..]] {
        let args: Vec<&OsStr> = command.iter().map(OsStr::new).collect();
        let run = kcensus(at_head(&args, &repo));
        assert_one_line_error(&run, &["repo@HEAD", "cannot walk tree"]);
    }
    // The commit itself missing: the revision cannot be read at all.
    let top = tempfile::tempdir().unwrap();
    let repo = small_repo(top.path());
    remove_object(&repo, &object_id(&repo, "HEAD"));
    for command in ["count", "report"] {
        let run = kcensus(at_head(&[OsStr::new(command)], &repo));
        assert_one_line_error(&run, &["repo", "HEAD"]);
    }
}

#[test]
fn git_names_that_are_not_utf8_and_nonexistent_revisions() {
    let top = tempfile::tempdir().unwrap();
    let repo = top.path().join("repo");
    write(&repo.join("a.c"), b"int a;\n");
    write(&repo.join(OsStr::from_bytes(b"caf\xe9.c")), b"int b;\n");
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "one"]);
    let run = kcensus(at_head(
        &[
            OsStr::new("count"),
            OsStr::new("--by-file"),
            OsStr::new("--format"),
            OsStr::new("json"),
        ],
        &repo,
    ));
    let doc = parse_ok(&run);
    assert_eq!(files(&doc), vec![("a.c".to_string(), [0, 0, 1])]);
    assert_eq!(
        skipped(&doc),
        pairs(&[("caf\u{fffd}.c", "file name is not valid UTF-8")])
    );
    // tests/it/bad_input.rs checks `count` on unknown revisions; `report` fails the same way.
    let run = kcensus([
        OsStr::new("report"),
        repo.as_os_str(),
        OsStr::new("--rev"),
        OsStr::new("v99.99"),
    ]);
    assert_one_line_error(&run, &["repo", "unknown revision 'v99.99'"]);
}
