//! The command line as a user meets it: `kcensus PATH` without a subcommand, `-q/--quiet`,
//! `-j/--jobs`, `--version` with the build's commit, shell completions and the man page.

use crate::common;
use common::fixtures::{kcensus, write, Run};
use std::path::Path;

/// A small kernel-like tree: a kernel crate file with an undocumented unsafe block, a driver,
/// a C file and a Makefile.
fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        &root.join("rust/kernel/lib.rs"),
        b"//! The kernel crate.\n\npub mod sync;\n\npub fn f() -> u8 {\n    unsafe { 1 }\n}\n",
    );
    write(
        &root.join("rust/kernel/sync.rs"),
        b"//! Sync.\npub struct Lock;\n",
    );
    write(
        &root.join("drivers/net/phy/ax.rs"),
        b"//! A driver.\nuse kernel::prelude::*;\nfn g() {}\n",
    );
    write(&root.join("drivers/net/phy/Makefile"), b"obj-y += ax.o\n");
    write(&root.join("kernel/fork.c"), b"int x;\n/* c */\nint y;\n");
    dir
}

fn ok(run: &Run) -> &str {
    assert_eq!(run.code, Some(0), "stderr: {}", run.stderr);
    &run.stdout
}

fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn a_path_without_a_subcommand_is_the_report() {
    let dir = fixture();
    let tree = path_str(dir.path());
    for format in [None, Some("json"), Some("markdown")] {
        let mut plain = vec![tree, "--no-cache"];
        let mut report = vec!["report", tree, "--no-cache"];
        if let Some(format) = format {
            plain.extend(["--format", format]);
            report.extend(["--format", format]);
        }
        let expected = kcensus(&report);
        let got = kcensus(&plain);
        assert_eq!(ok(&got), ok(&expected), "{format:?}");
        assert!(!got.stdout.is_empty());
    }
    // The table names the tree's Rust files: 3 of them (2 in rust/kernel, 1 driver).
    let table = kcensus([tree, "--no-cache"]);
    assert!(ok(&table).contains("rust/kernel"), "{}", table.stdout);
}

#[test]
fn a_path_with_a_revision_reads_the_repository() {
    let dir = fixture();
    common::git(dir.path(), &["init", "-q"]);
    common::git(dir.path(), &["add", "-A"]);
    common::git(dir.path(), &["commit", "-q", "-m", "one"]);
    // A file added after the commit is not in the revision.
    write(&dir.path().join("rust/kernel/later.rs"), b"pub fn h() {}\n");
    let tree = path_str(dir.path());
    let plain = kcensus([tree, "--rev", "HEAD", "--no-cache", "--format", "json"]);
    let report = kcensus([
        "report",
        tree,
        "--rev",
        "HEAD",
        "--no-cache",
        "--format",
        "json",
    ]);
    assert_eq!(ok(&plain), ok(&report));
    assert!(!plain.stdout.contains("later.rs"));
    let from_dir = kcensus([tree, "--no-cache", "--format", "json"]);
    assert!(ok(&from_dir).contains("later.rs"));
}

#[test]
fn a_path_before_a_subcommand_is_an_error() {
    let dir = fixture();
    let tree = path_str(dir.path());
    for args in [
        vec![tree, "count", tree],
        vec!["--format", "json", "count", tree],
    ] {
        let run = kcensus(&args);
        assert_eq!(run.code, Some(2), "{args:?}");
        assert!(run.stdout.is_empty());
    }
    // Global options go before or after the subcommand.
    let before = kcensus(["-q", "-j", "2", "count", tree]);
    let after = kcensus(["count", tree, "-q", "-j", "2"]);
    assert_eq!(ok(&before), ok(&after));
}

#[test]
fn no_arguments_prints_help_and_fails() {
    let run = kcensus(Vec::<&str>::new());
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("Usage: kcensus"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn quiet_silences_warnings() {
    let dir = fixture();
    // A cache folder that cannot be created (its parent is a file): the default cache warns
    // and the run goes on without it.
    let not_a_dir = dir.path().join("file");
    std::fs::write(&not_a_dir, b"x").unwrap();
    let tree = path_str(dir.path());
    let run = |extra: &[&str]| {
        let mut command = std::process::Command::new(common::fixtures::BIN);
        command
            .args(extra)
            .args(["report", tree, "--format", "json"])
            .env("XDG_CACHE_HOME", &not_a_dir);
        common::fixtures::run_command(command)
    };
    let loud = run(&[]);
    assert_eq!(loud.code, Some(0), "{}", loud.stderr);
    assert!(
        loud.stderr.contains("kcensus: warning:"),
        "expected a warning: {}",
        loud.stderr
    );
    for flag in ["-q", "--quiet"] {
        let quiet = run(&[flag]);
        assert_eq!(quiet.code, Some(0), "{}", quiet.stderr);
        assert_eq!(quiet.stderr, "", "{flag}");
        assert_eq!(quiet.stdout, loud.stdout);
    }
}

#[test]
fn jobs_bound_the_threads_without_changing_output() {
    let dir = fixture();
    let tree = path_str(dir.path());
    let all = kcensus(["count", tree, "--format", "json"]);
    for jobs in [["-j", "1"], ["--jobs", "3"]] {
        let bounded = kcensus([jobs[0], jobs[1], "count", tree, "--format", "json"]);
        assert_eq!(ok(&bounded), ok(&all), "{jobs:?}");
        // After the subcommand too (a global option).
        let after = kcensus(["report", tree, "--no-cache", jobs[0], jobs[1]]);
        ok(&after);
    }
    let zero = kcensus(["-j", "0", "count", tree]);
    assert_eq!(zero.code, Some(2));
    assert!(zero.stderr.contains("--jobs"), "{}", zero.stderr);
}

#[test]
fn version_names_the_commit() {
    let run = kcensus(["--version"]);
    let line = ok(&run).trim_end().to_string();
    let commit = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| String::from_utf8(out.stdout).unwrap().trim().to_string())
        .unwrap_or_else(|| "unknown".to_string());
    assert_eq!(
        line,
        format!("kcensus {} (commit {commit})", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn completions_for_every_shell_know_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = kcensus(["completions", shell]);
        let script = ok(&run);
        // fish names long options `-l NAME`.
        let (jobs, quiet) = match shell {
            "fish" => ("-l jobs", "-l quiet"),
            _ => ("--jobs", "--quiet"),
        };
        for word in [
            "count", "report", "lint", "history", "diff", "check", jobs, quiet,
        ] {
            assert!(script.contains(word), "{shell}: no {word}");
        }
    }
    // bash accepts the script as it is.
    let run = kcensus(["completions", "bash"]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kcensus.bash");
    std::fs::write(&file, &run.stdout).unwrap();
    let status = std::process::Command::new("bash")
        .arg("-n")
        .arg(&file)
        .status()
        .unwrap();
    assert!(status.success());
    let unknown = kcensus(["completions", "tcsh"]);
    assert_eq!(unknown.code, Some(2));
}

#[test]
fn the_man_page_documents_every_subcommand() {
    let run = kcensus(["man"]);
    let page = ok(&run);
    assert!(
        page.starts_with(".ie \\n(.g .ds Aq") || page.contains(".TH kcensus 1"),
        "{page}"
    );
    assert!(page.contains(".TH kcensus 1"));
    for word in [
        "count",
        "report",
        "lint",
        "history",
        "diff",
        "check",
        "completions",
    ] {
        assert!(page.contains(word), "no {word}");
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    let run = kcensus(["man", "--out-dir", path_str(&out)]);
    assert_eq!(ok(&run), "");
    for name in [
        "kcensus.1",
        "kcensus-report.1",
        "kcensus-lint.1",
        "kcensus-man.1",
    ] {
        let text =
            std::fs::read_to_string(out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(text.contains(".TH kcensus"), "{name}");
    }
}

#[test]
fn fetching_kernels_names_no_host() {
    // scripts/fetch-kernel.sh takes its Debian mirror from the machine's apt sources.
    let script = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scripts/fetch-kernel.sh"
    ))
    .unwrap();
    for needle in ["://", "debian.org", "deb.", "mirror."] {
        assert!(
            !script.contains(needle),
            "the script names a host: {needle}"
        );
    }
    assert!(script.contains("APT::Sandbox::User=root"));
    assert!(script.contains("apt-get indextargets"));
}
