//! What the integration tests share: where the real kernel trees are.
//!
//! `scripts/test.sh` (the project's test command) fetches Linux 6.1, 6.12, 7.2 and 7.3 (and
//! builds a git repository of them) into the cache folder and sets `KCENSUS_REQUIRE_KERNELS=1`,
//! so in CI a missing tree fails the test; a bare `cargo test` without the trees skips those
//! tests with a note on stderr.

use std::path::PathBuf;

pub mod fixtures;
pub mod schema;
pub mod small_kernel;

/// The kcensus cache folder: `$KCENSUS_CACHE`, else `$XDG_CACHE_HOME/kcensus`, else
/// `~/.cache/kcensus` (as scripts/fetch-kernel.sh decides).
pub fn cache_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("KCENSUS_CACHE") {
        return PathBuf::from(dir);
    }
    let base = std::env::var("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cache")
        });
    base.join("kcensus")
}

/// Whether a missing tree is a failure rather than a skip.
pub fn required() -> bool {
    std::env::var_os("KCENSUS_REQUIRE_KERNELS").is_some()
}

/// The unpacked tree of a kernel version, if fetched (complete).
pub fn tree(version: &str) -> Option<PathBuf> {
    let cache = cache_dir();
    if cache.join(format!("linux-{version}.complete")).exists() {
        return Some(cache.join(format!("linux-{version}")));
    }
    assert!(
        !required(),
        "Linux {version} is not in {} (run scripts/fetch-kernel.sh {version})",
        cache.display()
    );
    eprintln!("skipping: Linux {version} not fetched (scripts/fetch-kernel.sh {version})");
    None
}

/// The `select HAVE_RUST` lines of `arch/*/Kconfig`, as `grep 'select HAVE_RUST'` finds them:
/// each architecture once, with each line's `if` condition (whitespace squeezed) in file order.
pub fn have_rust_selects(
    tree: &std::path::Path,
) -> std::collections::BTreeMap<String, Vec<Option<String>>> {
    let mut found: std::collections::BTreeMap<String, Vec<Option<String>>> =
        std::collections::BTreeMap::new();
    for dir in std::fs::read_dir(tree.join("arch")).unwrap() {
        let dir = dir.unwrap().path();
        let Ok(text) = std::fs::read_to_string(dir.join("Kconfig")) else {
            continue;
        };
        for line in text.lines() {
            let words: Vec<&str> = line.split_whitespace().collect();
            if words.len() < 2 || words[0] != "select" || words[1] != "HAVE_RUST" {
                continue;
            }
            let condition = (words.get(2) == Some(&"if")).then(|| words[3..].join(" "));
            found
                .entry(dir.file_name().unwrap().to_string_lossy().into_owned())
                .or_default()
                .push(condition);
        }
    }
    found
}

/// The release tarball of a kernel version, if fetched.
pub fn tarball(version: &str) -> Option<PathBuf> {
    let path = cache_dir().join(format!("linux-source-{version}.tar.xz"));
    if path.exists() {
        return Some(path);
    }
    assert!(!required(), "{} is missing", path.display());
    eprintln!("skipping: {} not fetched", path.display());
    None
}

/// Run a command to its end with no input, at most two minutes (a hang is a failure too).
/// Returns its status, stdout and stderr.
pub fn run_bounded(command: std::process::Command) -> (std::process::ExitStatus, Vec<u8>, Vec<u8>) {
    run_within(command, std::time::Duration::from_secs(120))
}

/// Run a command to its end with no input, at most `limit` (then it fails the test).
/// Returns its status, stdout and stderr.
pub fn run_within(
    command: std::process::Command,
    limit: std::time::Duration,
) -> (std::process::ExitStatus, Vec<u8>, Vec<u8>) {
    let (status, stdout, stderr, _) = run_measured_within(command, limit);
    (status, stdout, stderr)
}

/// [`run_bounded`], and the command's peak resident memory in KiB (its `VmHWM`, a high-water
/// mark, read while it runs).
pub fn run_bounded_measured(
    command: std::process::Command,
) -> (std::process::ExitStatus, Vec<u8>, Vec<u8>, u64) {
    run_measured_within(command, std::time::Duration::from_secs(120))
}

/// [`run_within`], and the command's peak resident memory in KiB.
fn run_measured_within(
    mut command: std::process::Command,
    limit: std::time::Duration,
) -> (std::process::ExitStatus, Vec<u8>, Vec<u8>, u64) {
    use std::io::Read;
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("start the command");
    let mut out_pipe = child.stdout.take().expect("stdout");
    let mut err_pipe = child.stderr.take().expect("stderr");
    // Both pipes are drained while the command runs, so a full pipe cannot stall it.
    let out_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out_pipe.read_to_end(&mut v);
        v
    });
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err_pipe.read_to_end(&mut v);
        v
    });
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0;
    let start = Instant::now();
    let status = loop {
        // Before the exit check: once the command has exited, its memory figures are gone.
        if let Some(kib) = std::fs::read_to_string(&status_file)
            .ok()
            .and_then(|status| high_water_mark_kib(&status))
        {
            peak_kib = peak_kib.max(kib);
        }
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("did not finish within {limit:?}: {command:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let stdout = out_reader.join().expect("stdout reader");
    let stderr = err_reader.join().expect("stderr reader");
    (status, stdout, stderr, peak_kib)
}

/// The `VmHWM:` line of a `/proc/PID/status` text, in KiB.
fn high_water_mark_kib(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Run kcensus with these arguments; it must succeed. Returns its standard output.
pub fn kcensus_ok(args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kcensus"))
        .args(args)
        .output()
        .expect("kcensus runs");
    assert!(
        out.status.success(),
        "kcensus {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Run `git` in `dir` with a fixed identity and no user or system configuration; it must
/// succeed.
pub fn git(dir: &std::path::Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "tag.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "core.autocrlf=false",
            "-c",
            "core.symlinks=true",
        ])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
    assert!(
        status.is_ok_and(|s| s.success()),
        "git {args:?} in {}",
        dir.display()
    );
}
