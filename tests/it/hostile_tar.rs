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
