//! Hostile tarballs of issue 15: a release tarball without its top folder's entry (`tar
//! --no-recursion -T list` makes one) is still stripped of that folder.

use common::fixtures::*;
use std::ffi::OsStr;

use crate::common;

/// An uncompressed tar of these (path, content) file members only: no folder entries.
fn tar_without_folders(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (path, content) in members {
        let mut header = tar::Header::new_gnu();
        header.set_mode(0o644);
        header.set_size(content.len() as u64);
        builder.append_data(&mut header, path, *content).unwrap();
    }
    builder.into_inner().unwrap()
}

const MAKEFILE: &[u8] = b"VERSION = 7\nPATCHLEVEL = 3\nSUBLEVEL = 0\nEXTRAVERSION =\n";
const LIB: &[u8] = b"//! Kernel.\npub fn f() {}\n";
const DRV: &[u8] = b"int a;\n";

#[test]
fn release_tarball_without_its_top_folder_entry_is_stripped() {
    let dir = tempfile::tempdir().unwrap();
    let members: [(&str, &[u8]); 3] = [
        ("linux-7.3/Makefile", MAKEFILE),
        ("linux-7.3/rust/kernel/lib.rs", LIB),
        ("linux-7.3/drivers/a.c", DRV),
    ];
    let bare = write_archive(dir.path(), "bare.tar", &tar_without_folders(&members));
    // The same members with their folder entries: the reader strips `linux-7.3/` from these.
    let with_folders = write_archive(dir.path(), "full.tar", &tar_of(&members));

    let doc = count_json(&bare);
    assert_eq!(
        files(&doc),
        vec![
            // The four assignments of MAKEFILE, counted as make code.
            ("Makefile".to_string(), [0, 0, 4]),
            ("drivers/a.c".to_string(), [0, 0, 1]),
            ("rust/kernel/lib.rs".to_string(), [0, 1, 1]),
        ]
    );
    let report = |input: &std::path::Path| {
        parse_ok(&kcensus([
            OsStr::new("report"),
            OsStr::new("--format"),
            OsStr::new("json"),
            OsStr::new("--no-cache"),
            input.as_os_str(),
        ]))
    };
    let bare_report = report(&bare);
    assert_eq!(bare_report["kernel_version"], "7.3.0");
    let full_report = report(&with_folders);
    for key in ["kernel_version", "tree", "rust", "areas", "skipped"] {
        assert_eq!(bare_report[key], full_report[key], "{key}");
    }
}

/// A FIFO named like a tarball blocked forever on open (issue 15); a special file as input is
/// an error before anything is opened. A hang fails the test (the run is bounded in time).
#[test]
fn fifo_and_devices_as_input_are_errors_not_hangs() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("f.tar");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    for input in [fifo.as_path(), std::path::Path::new("/dev/zero")] {
        for command in ["count", "report"] {
            let run = kcensus([OsStr::new(command), input.as_os_str()]);
            assert_one_line_error(&run, &["not a regular file or a directory"]);
        }
    }
}

/// Run `tar` (GNU tar: `-r` appends members to an archive) in `dir`; it must succeed.
fn tar_in(dir: &std::path::Path, args: &[&str]) {
    let status = std::process::Command::new("tar")
        .current_dir(dir)
        .args(args)
        .status()
        .expect("tar runs");
    assert!(status.success(), "tar {args:?}");
}

/// The JSON of a kcensus run that must succeed, with `args` before the input.
fn json_of(args: &[&str], input: &std::path::Path) -> serde_json::Value {
    let mut all: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    all.push(input.as_os_str());
    parse_ok(&kcensus(all))
}

/// `tar -r` appends a newer version of a file after the old one: the archive holds members
/// that share a path. The rule is the one extracting gives, the last member wins; every command
/// follows it, the same way on every run (issue 15: reports changed from run to run and `count`
/// disagreed with `report`). The second method: `tar -x` of the same archive, read as a folder.
#[test]
fn tarball_members_sharing_a_path_the_last_one_wins_as_extracting_gives() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("build/linux-7.3");
    write(&tree.join("Makefile"), MAKEFILE);
    write(&tree.join("rust/kernel/lib.rs"), LIB);
    write(&tree.join("drivers/a.c"), DRV);
    write(&tree.join("drivers/b.c"), b"int b;\n");
    std::os::unix::fs::symlink("b.c", tree.join("drivers/l.c")).unwrap();
    let archive = dir.path().join("appended.tar");
    let archive_arg = archive.to_str().unwrap();
    let build = dir.path().join("build");
    tar_in(&build, &["-cf", archive_arg, "linux-7.3"]);
    // Three more versions of lib.rs (the second with unsafe), a.c twice, and l.c turned from
    // a link into a regular file while a new link takes b.c's place.
    for (round, lib) in [
        "//! Kernel.\npub fn f() { unsafe { g() } }\n",
        "//! Kernel.\n\n/// Docs.\npub fn f() {\n    // SAFETY: none needed.\n    unsafe { g() }\n}\npub fn h() {}\n",
    ]
    .iter()
    .enumerate()
    {
        write(&tree.join("rust/kernel/lib.rs"), lib.as_bytes());
        write(
            &tree.join("drivers/a.c"),
            format!("int a;\n/* round {round} */\nint c{round};\n").as_bytes(),
        );
        tar_in(
            &build,
            &["-rf", archive_arg, "linux-7.3/rust/kernel/lib.rs", "linux-7.3/drivers/a.c"],
        );
    }
    std::fs::remove_file(tree.join("drivers/l.c")).unwrap();
    write(&tree.join("drivers/l.c"), b"int l;\nint m;\n");
    std::fs::remove_file(tree.join("drivers/b.c")).unwrap();
    std::os::unix::fs::symlink("a.c", tree.join("drivers/b.c")).unwrap();
    tar_in(
        &build,
        &[
            "-rf",
            archive_arg,
            "linux-7.3/drivers/l.c",
            "linux-7.3/drivers/b.c",
        ],
    );
    let extracted = dir.path().join("extracted");
    std::fs::create_dir(&extracted).unwrap();
    tar_in(&extracted, &["-xf", archive_arg]);
    let extracted = extracted.join("linux-7.3");

    let by_file = ["count", "--by-file", "--format", "json"];
    let count = json_of(&by_file, &archive);
    assert_eq!(count, json_of(&by_file, &extracted));
    // What the last members hold, counted by hand: a.c has 2 code lines and a comment; b.c is
    // now a link to it (a duplicate: the path sorting last, b.c, is kept); l.c is a file.
    assert_eq!(
        files(&count),
        vec![
            ("Makefile".to_string(), [0, 0, 4]),
            ("drivers/b.c".to_string(), [0, 1, 2]),
            ("drivers/l.c".to_string(), [0, 0, 2]),
            ("rust/kernel/lib.rs".to_string(), [1, 3, 4]),
        ]
    );
    let report_args = ["report", "--format", "json", "--no-cache"];
    let report = json_of(&report_args, &archive);
    let from_folder = json_of(&report_args, &extracted);
    for key in [
        "kernel_version",
        "tree",
        "rust",
        "areas",
        "skipped",
        "languages",
    ] {
        assert_eq!(report[key], from_folder[key], "{key}");
    }
    // count agrees with report, and every run gives the same bytes.
    assert_eq!(report["tree"]["files"], 4);
    assert_eq!(report["rust"]["code"], 4);
    let lint_args = ["lint", "--format", "json"];
    let lint = kcensus(
        lint_args
            .iter()
            .map(OsStr::new)
            .chain([archive.as_os_str()]),
    );
    for _ in 0..3 {
        assert_eq!(json_of(&report_args, &archive), report);
        let again = kcensus(
            lint_args
                .iter()
                .map(OsStr::new)
                .chain([archive.as_os_str()]),
        );
        assert_eq!((again.code, &again.stdout), (lint.code, &lint.stdout));
    }
    // The last lib.rs documents its unsafe block: no finding (the second version had one).
    assert_eq!(lint.code, Some(0), "{lint:?}");
    let history = json_of(&["history", "--format", "json", "--no-cache"], &archive);
    assert_eq!(history["points"][0]["rust"], report["rust"]);
    assert_eq!(history["points"][0]["tree"], report["tree"]);
}

// ---- names, PAX records, sparse members and gzip padding (issue 15, "Tar") --------------------

/// One ustar header block for a member named `name` (at most 100 bytes) of `size` bytes and
/// type `kind`, with its checksum: written by hand, so that names the `tar` crate's builder
/// would clean up (`//`, `./`) reach the archive as they are.
fn ustar_header(name: &[u8], size: u64, kind: u8) -> Vec<u8> {
    let mut block = vec![0u8; 512];
    block[..name.len()].copy_from_slice(name);
    block[100..107].copy_from_slice(b"0000644");
    block[108..115].copy_from_slice(b"0000000");
    block[116..123].copy_from_slice(b"0000000");
    block[124..135].copy_from_slice(format!("{size:011o}").as_bytes());
    block[136..147].copy_from_slice(b"00000000000");
    block[156] = kind;
    block[257..263].copy_from_slice(b"ustar\0");
    block[263..265].copy_from_slice(b"00");
    block[148..156].copy_from_slice(b"        ");
    let sum: u32 = block.iter().map(|&b| u32::from(b)).sum();
    block[148..155].copy_from_slice(format!("{sum:06o}\0").as_bytes());
    block
}

/// A member: its header, its content padded to whole blocks.
fn raw_member(name: &[u8], content: &[u8], kind: u8) -> Vec<u8> {
    let mut out = ustar_header(name, content.len() as u64, kind);
    out.extend_from_slice(content);
    out.resize(out.len().div_ceil(512) * 512, 0);
    out
}

/// A PAX extended header (type `x`) holding these records, for the member after it.
fn pax_header(records: &[(&str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (key, value) in records {
        let tail = [b" ", key.as_bytes(), b"=", value, b"\n"].concat();
        let mut length = tail.len() + 1;
        while length.to_string().len() + tail.len() != length {
            length += 1;
        }
        body.extend(length.to_string().as_bytes());
        body.extend(tail);
    }
    raw_member(b"PaxHeaders/member", &body, b'x')
}

/// The end-of-archive marker.
const END: [u8; 1024] = [0; 1024];

/// The counted files (path, blank/comment/code) and the skipped paths (path, reason) of a run.
type Listing = (Vec<(String, [u64; 3])>, Vec<(String, String)>);

/// `count --by-file --format json` of `input`: its counted files and skipped paths.
fn listing(input: &std::path::Path) -> Listing {
    let doc = count_json(input);
    (files(&doc), skipped(&doc))
}

/// Member names are read as extracting reads them: repeated `/` and `.` components dropped,
/// so `linux-1.0//d.c` is `d.c` once the release folder is stripped (it was called an
/// absolute path) and `a//b.c` is `a/b.c`. Names that start with `/` are still refused. The
/// second method: GNU tar extracts the archive, and kcensus counts the folder.
#[test]
fn member_names_are_read_as_extracting_reads_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut archive = Vec::new();
    for (name, content) in [
        (&b"linux-1.0/Makefile"[..], MAKEFILE),
        (b"linux-1.0//d.c", b"int d;\n"),
        (b"linux-1.0/a//b.c", b"int b;\nint c;\n"),
        (b"./linux-1.0/./c.c", b"int c;\n\nint e;\n"),
    ] {
        archive.extend(raw_member(name, content, b'0'));
    }
    let inside = [archive.clone(), END.to_vec()].concat();
    let tarball = write_archive(dir.path(), "linux-1.0.tar", &inside);
    let extracted = dir.path().join("x");
    std::fs::create_dir(&extracted).unwrap();
    tar_in(&extracted, &["-xf", tarball.to_str().unwrap()]);
    let (counted, skipped) = listing(&tarball);
    assert_eq!(
        counted.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
        ["Makefile", "a/b.c", "c.c", "d.c"]
    );
    assert_eq!(skipped, vec![]);
    assert_eq!(listing(&extracted.join("linux-1.0")), (counted, skipped));

    for name in [&b"//abs.c"[..], b"/abs2.c"] {
        archive.extend(raw_member(name, b"int x;\n", b'0'));
    }
    archive.extend(END);
    let tarball = write_archive(dir.path(), "linux-1.0.tar", &archive);
    let reason = "absolute path in archive";
    assert_eq!(
        listing(&tarball).1,
        pairs(&[("/abs.c", reason), ("/abs2.c", reason)])
    );
}

/// PAX records the `tar` crate passes over: a `size` that is not a number (the crate reads the
/// member with its header's size; GNU tar refuses the archive, and so does kcensus), and a
/// `path` holding a NUL (the crate keeps the NUL; the member is refused with its reason).
#[test]
fn pax_records_the_tar_crate_passes_over_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let ok = raw_member(b"ok.c", b"int f;\n", b'0');

    let bad_size = [
        pax_header(&[("size", b"12abc")]),
        raw_member(b"sz.c", b"int s;\n", b'0'),
        ok.clone(),
        END.to_vec(),
    ]
    .concat();
    let tarball = write_archive(dir.path(), "bad-size.tar", &bad_size);
    let gnu_tar = std::process::Command::new("tar")
        .arg("-tf")
        .arg(&tarball)
        .output()
        .unwrap();
    assert!(!gnu_tar.status.success(), "GNU tar refuses it too");
    let run = kcensus([OsStr::new("count"), tarball.as_os_str()]);
    assert_one_line_error(&run, &["bad-size.tar", "invalid PAX size record '12abc'"]);

    let nul = [
        pax_header(&[("path", b"a\0b.c")]),
        raw_member(b"ab.c", b"int n;\n", b'0'),
        ok,
        END.to_vec(),
    ]
    .concat();
    let tarball = write_archive(dir.path(), "nul.tar", &nul);
    let (counted, skipped) = listing(&tarball);
    assert_eq!(counted, vec![("ok.c".to_string(), [0, 0, 1])]);
    assert_eq!(
        skipped,
        pairs(&[("a\u{fffd}b.c", "member name holds a NUL byte")])
    );
}

/// GNU tar's sparse files (`tar --sparse`), in PAX form (named `GNUSparseFile.<pid>/<name>`,
/// holding a map and the data without the holes) and in GNU form (type `S`): read under
/// their real name with the holes as NUL bytes, as extracting gives. The second method: GNU
/// tar extracts each archive, and kcensus counts the folder.
#[test]
fn sparse_members_read_as_extracting_gives() {
    use std::io::{Seek, Write};
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    std::fs::create_dir(&tree).unwrap();
    // Text first, then a hole: Perl's `-B` reads the first block only, so cloc counts it.
    let text: Vec<u8> = (0..600)
        .flat_map(|i| format!("int a{i};\n").into_bytes())
        .collect();
    let mut file = std::fs::File::create(tree.join("text_then_hole.c")).unwrap();
    file.write_all(&text).unwrap();
    file.set_len(256 * 1024).unwrap();
    // A hole, then text: binary.
    let mut file = std::fs::File::create(tree.join("hole_then_text.c")).unwrap();
    file.seek(std::io::SeekFrom::Start(128 * 1024)).unwrap();
    file.write_all(b"int z;\n").unwrap();
    write(&tree.join("plain.c"), b"int p;\n");
    let names = ["hole_then_text.c", "plain.c", "text_then_hole.c"];

    for format in ["pax", "gnu"] {
        let tarball = dir.path().join(format!("sparse-{format}.tar"));
        let mut args = vec![
            "--sparse",
            "--format",
            format,
            "-cf",
            tarball.to_str().unwrap(),
        ];
        args.extend(names);
        tar_in(&tree, &args);
        // The archive holds sparse members (the file system kept the holes).
        let bytes = std::fs::read(&tarball).unwrap();
        let sparse = match format {
            "pax" => bytes.windows(18).any(|w| w == b"GNU.sparse.major=1"),
            _ => bytes.chunks(512).any(|block| block[156] == b'S'),
        };
        assert!(sparse, "{format}: no sparse member");
        let extracted = dir.path().join(format!("x-{format}"));
        std::fs::create_dir(&extracted).unwrap();
        tar_in(&extracted, &["-xf", tarball.to_str().unwrap()]);
        let (counted, skipped) = listing(&tarball);
        assert_eq!(
            counted.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
            ["plain.c", "text_then_hole.c"],
            "{format}"
        );
        assert_eq!(
            skipped,
            pairs(&[("hole_then_text.c", "binary file")]),
            "{format}"
        );
        assert_eq!(listing(&extracted), (counted, skipped), "{format}");
    }
}

/// A gzip stream padded with zeros after its last member (tape and block-device archives):
/// `gzip -d` reads it silently, so does kcensus. Anything else after the last member is an
/// error, as it is for gzip.
#[test]
fn gzip_zero_padding_is_accepted_trailing_garbage_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let mut padded = gzip(&tar_of(&[("a.c", b"int a;\n")]));
    padded.extend([0u8; 4096]);
    let tarball = write_archive(dir.path(), "padded.tar.gz", &padded);
    let gzip_test = std::process::Command::new("gzip")
        .arg("-t")
        .arg(&tarball)
        .status()
        .unwrap();
    assert!(gzip_test.success(), "gzip accepts the padding");
    assert_eq!(
        listing(&tarball),
        (vec![("a.c".to_string(), [0, 0, 1])], vec![])
    );

    let mut garbage = gzip(&tar_of(&[("a.c", b"int a;\n")]));
    garbage.extend(b"garbage");
    let tarball = write_archive(dir.path(), "garbage.tar.gz", &garbage);
    let run = kcensus([OsStr::new("count"), tarball.as_os_str()]);
    assert_one_line_error(&run, &["garbage.tar.gz", "corrupt or truncated archive"]);
}
