//! Fixtures for the tests of bad and hostile inputs (tests/it/bad_input.rs, tests/hostile*.rs):
//! running the binary with a time bound, asserting its one-line errors, reading its JSON, and
//! building trees, tarballs and git repositories at test time.

use super::run_bounded_measured;
use serde_json::Value;
use std::ffi::OsStr;
use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The kcensus binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_kcensus");

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    /// The exit code; `None` when a signal ended it.
    pub code: Option<i32>,
    /// Standard output, lossily decoded.
    pub stdout: String,
    /// Standard error, lossily decoded.
    pub stderr: String,
}

/// Run a command to its end (at most two minutes: a hang is a failure too). A panic, or a crash
/// by a signal (a stack overflow aborts), fails the test.
pub fn run_command(command: Command) -> Run {
    run_checked(command).0
}

/// [`run_command`] with `--jobs 2`, and the command's peak resident memory in KiB.
///
/// Two threads whatever the machine: each thread holds the file it reads and allocates from
/// its own malloc arena, so the peak grows with the core count (a report beside a 19 MB
/// Makefile: 116 MB in one arena, 156 to 169 MB in three). The memory bounds of the tests
/// are about what kcensus keeps, and were set on two-core machines.
pub fn run_command_measured(mut command: Command) -> (Run, u64) {
    command.args(["--jobs", "2"]);
    run_checked(command)
}

/// Runs `command` as [`run_command`] says, with its peak resident memory in KiB.
fn run_checked(command: Command) -> (Run, u64) {
    let shown = format!("{command:?}");
    let (status, stdout, stderr, peak_kib) = run_bounded_measured(command);
    let run = Run {
        code: status.code(),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked") && run.code != Some(101),
        "kcensus panicked: {shown}\n{}",
        run.stderr
    );
    assert!(
        run.code.is_some(),
        "kcensus was killed by a signal ({status:?}): {shown}\n{}",
        run.stderr
    );
    (run, peak_kib)
}

/// Run kcensus with these arguments (bounded in time, no panic allowed).
pub fn kcensus<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut command = Command::new(BIN);
    command.args(args);
    run_command(command)
}

/// The run failed as a whole: exit code 2, nothing on stdout, exactly one line on stderr that
/// starts with `kcensus: ` and holds every one of `needles`.
pub fn assert_one_line_error(run: &Run, needles: &[&str]) {
    assert_eq!(run.code, Some(2), "exit code: {run:?}");
    assert!(run.stdout.is_empty(), "stdout should be empty: {run:?}");
    assert!(
        run.stderr.ends_with('\n') && run.stderr.matches('\n').count() == 1,
        "stderr should be one line: {:?}",
        run.stderr
    );
    assert!(
        run.stderr.starts_with("kcensus: "),
        "stderr: {:?}",
        run.stderr
    );
    for needle in needles {
        assert!(
            run.stderr.contains(needle),
            "stderr should mention {needle:?}: {:?}",
            run.stderr
        );
    }
}

/// `count --by-file --format json` of `input`, which must succeed.
pub fn count_json(input: &Path) -> Value {
    let run = kcensus([
        OsStr::new("count"),
        OsStr::new("--by-file"),
        OsStr::new("--format"),
        OsStr::new("json"),
        input.as_os_str(),
    ]);
    parse_ok(&run)
}

/// The JSON on stdout of a run that must have succeeded.
pub fn parse_ok(run: &Run) -> Value {
    assert_eq!(run.code, Some(0), "{run:?}");
    serde_json::from_str(&run.stdout).expect("valid JSON")
}

/// The `skipped` list as (path, reason) pairs.
pub fn skipped(doc: &Value) -> Vec<(String, String)> {
    doc["skipped"]
        .as_array()
        .expect("skipped is an array")
        .iter()
        .map(|s| {
            (
                s["path"].as_str().expect("path").to_string(),
                s["reason"].as_str().expect("reason").to_string(),
            )
        })
        .collect()
}

/// The `files` list as (path, [blank, comment, code]).
pub fn files(doc: &Value) -> Vec<(String, [u64; 3])> {
    doc["files"]
        .as_array()
        .expect("files is an array")
        .iter()
        .map(|f| {
            let n = |k: &str| f[k].as_u64().expect("a count");
            (
                f["path"].as_str().expect("path").to_string(),
                [n("blank"), n("comment"), n("code")],
            )
        })
        .collect()
}

/// Owned (path, reason) pairs, to compare with [`skipped`].
pub fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// Write a file, creating its folders.
pub fn write(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folder");
    }
    std::fs::write(path, bytes).expect("write file");
}

/// Set a path's permission bits.
pub fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// An uncompressed tar with these (path, content) members, each file's folders first.
pub fn tar_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    let mut dirs_done: Vec<String> = Vec::new();
    for (path, content) in members {
        let parts: Vec<&str> = path.split('/').collect();
        for depth in 1..parts.len() {
            let dir = format!("{}/", parts[..depth].join("/"));
            if !dirs_done.contains(&dir) {
                let mut header = tar::Header::new_gnu();
                header.set_entry_type(tar::EntryType::Directory);
                header.set_mode(0o755);
                header.set_size(0);
                builder
                    .append_data(&mut header, &dir, std::io::empty())
                    .unwrap();
                dirs_done.push(dir);
            }
        }
        let mut header = tar::Header::new_gnu();
        header.set_mode(0o644);
        header.set_size(content.len() as u64);
        builder.append_data(&mut header, path, *content).unwrap();
    }
    builder.into_inner().unwrap()
}

/// Gzip-compressed bytes.
pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// Xz-compressed bytes.
pub fn xz(data: &[u8]) -> Vec<u8> {
    let mut e = xz2::write::XzEncoder::new(Vec::new(), 6);
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// Zstd-compressed bytes, with the content checksum the `zstd` program writes.
pub fn zstd_with_checksum(data: &[u8]) -> Vec<u8> {
    // The `zstd` program writes a content checksum by default; do the same.
    let mut e = zstd::stream::write::Encoder::new(Vec::new(), 3).unwrap();
    e.include_checksum(true).unwrap();
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// Bzip2-compressed bytes.
pub fn bzip2(data: &[u8]) -> Vec<u8> {
    let mut e = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// Write an archive's bytes as `dir/name`; returns its path.
pub fn write_archive(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Run git with a fixed identity and no user or system configuration (shared with the other
/// suites).
#[allow(unused_imports)] // each test crate uses its own subset
pub use super::git;

/// Is this process allowed to read what the permission bits forbid (root)?
pub fn can_read_file(path: &Path) -> bool {
    std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut [0u8; 1]))
        .is_ok()
}

/// Is this process allowed to list what the permission bits forbid (root)?
pub fn can_list_dir(path: &Path) -> bool {
    std::fs::read_dir(path).is_ok()
}

/// A command that runs the binary as `nobody`, when this process is root and `setpriv` can drop
/// privileges; `probe` is a folder `nobody` should be able to count.
pub fn as_nobody(probe: &Path) -> Option<Command> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let euid = status
        .lines()
        .find(|l| l.starts_with("Uid:"))?
        .split_whitespace()
        .nth(2)?
        .to_string();
    if euid != "0" {
        return None;
    }
    let make = || {
        let mut c = Command::new("setpriv");
        c.args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--",
            BIN,
        ]);
        c
    };
    let mut probe_command = make();
    probe_command.args([OsStr::new("count"), probe.as_os_str()]);
    let ok = probe_command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    ok.then(make)
}

/// Makes paths readable again when dropped, so that the temporary folder can be removed even
/// when the test fails and this process is not root.
pub struct RestoreMode(pub Vec<PathBuf>);

impl Drop for RestoreMode {
    fn drop(&mut self) {
        for path in &self.0 {
            let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755));
        }
    }
}
