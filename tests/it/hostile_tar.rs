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
