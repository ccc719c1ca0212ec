//! Argument contracts of issue 15: `diff` with one or three inputs is refused before any tree
//! is read (it computed every census first, minutes on kernel trees).

use common::fixtures::*;

use crate::common;

#[test]
fn diff_with_one_or_three_inputs_is_refused_before_any_census() {
    // Inputs that do not exist: reading any of them would fail with "no such file or
    // directory", so the refusal must come first.
    let run = kcensus(["diff", "/nonexistent/kcensus-a"]);
    assert_one_line_error(&run, &["diff takes exactly two inputs", "given 1"]);
    assert!(!run.stderr.contains("no such file"), "{}", run.stderr);
    let run = kcensus([
        "diff",
        "/nonexistent/kcensus-a",
        "/nonexistent/kcensus-b",
        "/nonexistent/kcensus-c",
    ]);
    assert_one_line_error(&run, &["diff takes exactly two inputs", "given 3"]);
    // Two inputs are read: the first missing one is the error.
    let run = kcensus(["diff", "/nonexistent/kcensus-a", "/nonexistent/kcensus-b"]);
    assert_one_line_error(&run, &["kcensus-a", "no such file or directory"]);
}

/// clap's usage errors were several lines (reason, tip, usage block); they are one line and
/// exit 2 like every other error. `--help` stays clap's help, on stdout, exit 0.
#[test]
fn argument_errors_are_one_line() {
    let run = kcensus(["count", "--bogus", "x"]);
    assert_one_line_error(&run, &["unexpected argument '--bogus'", "see --help"]);
    let run = kcensus(["count"]);
    assert_one_line_error(&run, &["required arguments were not provided", "<INPUT>"]);
    let run = kcensus(["count", "--format", "nope", "x"]);
    assert_one_line_error(&run, &["invalid value 'nope'", "possible values"]);
    let help = kcensus(["count", "--help"]);
    assert_eq!(help.code, Some(0));
    assert!(help.stdout.contains("Usage: kcensus count"), "{help:?}");
}

/// Garbage in `.git/config` was reported as "not a git repository".
#[test]
fn broken_git_configuration_is_reported_as_such() {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    std::fs::write(dir.path().join(".git/config"), "[section\ngarbage = = =\n").unwrap();
    let run = kcensus([
        std::ffi::OsStr::new("count"),
        std::ffi::OsStr::new("--rev"),
        std::ffi::OsStr::new("HEAD"),
        dir.path().as_os_str(),
    ]);
    assert_one_line_error(&run, &["broken git configuration"]);
    assert!(
        !run.stderr.contains("not a git repository"),
        "{}",
        run.stderr
    );
}

/// An error that quotes 60 KB of a claims file (here a metric no report has) printed it whole. It is one line of at most 1,000 characters: its start, with the file's name and
/// the reason, and its end, with what was left out in between counted.
#[test]
fn an_error_quoting_a_60_kb_line_is_cut_in_the_middle() {
    let dir = tempfile::tempdir().unwrap();
    let claims = dir.path().join("long.toml");
    let line = "x".repeat(60_000);
    std::fs::write(
        &claims,
        format!(
            "[[claim]]\nid = \"a\"\ntext = \"t\"\nmetric = \"{line}\"\nop = \"==\"\nexpected = 1\n"
        ),
    )
    .unwrap();
    let run = kcensus([
        std::ffi::OsStr::new("check"),
        claims.as_os_str(),
        dir.path().as_os_str(),
    ]);
    assert_one_line_error(
        &run,
        &["long.toml:4:10: claim `a`: metric", "characters left out"],
    );
    let shown = run.stderr.trim_end().strip_prefix("kcensus: ").unwrap();
    let length = shown.chars().count();
    let left_out: usize = shown
        .split("[…")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("the count of characters left out");
    // 750 characters before the cut, 250 after, and the note between.
    let note = format!(" […{left_out} characters left out…] ")
        .chars()
        .count();
    assert_eq!(length, 1000 + note, "{shown}");
    assert!(left_out > 59_000, "{left_out}");
}
