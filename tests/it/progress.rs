//! The progress line: drawn on a terminal (the binary runs under `script`, util-linux, which
//! gives it a pseudo-terminal), with bytes for a tarball, files of the listing for a git
//! revision, a file counter for a directory and "tree N of M" for history; the output is the
//! same as a piped run's; and a piped stderr stays silent.

use crate::common;
use common::fixtures::{gzip, kcensus, tar_of, write_archive};
use common::small_kernel::make_tree;
use std::path::Path;
use std::process::Command;

/// Whether util-linux's `script` is there to give the binary a terminal.
fn have_script() -> bool {
    let found = Command::new("script").arg("--version").output().is_ok();
    if !found {
        eprintln!("skipping: `script` (util-linux) is not installed");
    }
    found
}

/// Run kcensus with `args` on a pseudo-terminal, its stdout redirected to `out`: returns what
/// the terminal showed, escape sequences and carriage returns dropped.
fn on_terminal(args: &[&str], out: &Path) -> String {
    let shown = on_terminal_raw(args, out);
    let escape = regex::Regex::new(r"\x1b\[[0-9;?]*[A-Za-z]").unwrap();
    escape.replace_all(&shown, "").replace('\r', "\n")
}

/// [`on_terminal`], every byte the terminal got.
fn on_terminal_raw(args: &[&str], out: &Path) -> String {
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let command = std::iter::once(common::fixtures::BIN)
        .chain(args.iter().copied())
        .map(quote)
        .collect::<Vec<_>>()
        .join(" ")
        + " > "
        + &quote(out.to_str().unwrap());
    let run = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .output()
        .unwrap();
    assert!(run.status.success(), "{command}: {run:?}");
    String::from_utf8_lossy(&run.stdout).into_owned()
}

/// The same command piped: its stdout, after checking that stderr got nothing at all.
fn piped(args: &[&str]) -> String {
    let run = kcensus(args);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stderr, "", "a piped run draws no progress: {args:?}");
    run.stdout
}

/// The paths and bytes of the files below `root`, for a tarball of the same tree.
fn members(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .to_string();
                out.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_terminal_shows_progress_and_a_pipe_does_not() {
    if !have_script() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("linux");
    make_tree(&tree, "6.12.3", 2);
    let files = members(&tree);
    let borrowed: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let tarball = write_archive(dir.path(), "linux.tar.gz", &gzip(&tar_of(&borrowed)));
    let size = std::fs::metadata(&tarball).unwrap().len();
    let out = dir.path().join("out");
    let tree = tree.to_str().unwrap();
    let tarball = tarball.to_str().unwrap();

    // A directory: the file counter, then the same output as a piped run.
    let args = ["count", tree, "--format", "json"];
    let shown = on_terminal(&args, &out);
    assert!(shown.contains(&format!("{tree}: ")), "{shown}");
    assert!(shown.contains(" files"), "{shown}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), piped(&args));

    // A tarball: bytes of its compressed size, as indicatif writes sizes (binary prefixes,
    // two decimals).
    let args = ["count", tarball, "--format", "json"];
    let shown = on_terminal(&args, &out);
    let total = if size < 1024 {
        format!("/{size} B")
    } else {
        format!("/{:.2} KiB", size as f64 / 1024.0)
    };
    assert!(shown.contains(&total), "{total} in {shown}");
    assert!(shown.contains(&format!("{} files", files.len())), "{shown}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), piped(&args));

    // A git revision: files of the listing's total.
    common::git(Path::new(tree), &["init", "-q"]);
    common::git(Path::new(tree), &["add", "-A"]);
    common::git(Path::new(tree), &["commit", "-q", "-m", "one"]);
    let n = files.len();
    let args = [
        "report",
        tree,
        "--rev",
        "HEAD",
        "--no-cache",
        "--format",
        "json",
    ];
    let shown = on_terminal(&args, &out);
    assert!(shown.contains(&format!("{n}/{n} files")), "{shown}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), piped(&args));

    // History of two trees: "tree N of 2" before each.
    let args = ["history", tree, tarball, "--no-cache", "--format", "json"];
    let shown = on_terminal(&args, &out);
    assert!(shown.contains("tree 1 of 2: "), "{shown}");
    assert!(shown.contains("tree 2 of 2: "), "{shown}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), piped(&args));

    // Quiet: nothing on the terminal but the shell's own output.
    let shown = on_terminal(&["-q", "count", tarball], &out);
    assert!(!shown.contains(" files"), "{shown}");
}

#[test]
fn the_progress_line_shows_control_characters_of_the_path_escaped() {
    if !have_script() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // A bell, and the start of an escape sequence that would set the terminal's title.
    let tree = dir.path().join("linux\u{7}bell\u{1b}]0;title");
    make_tree(&tree, "6.12.3", 2);
    let out = dir.path().join("out");
    let shown = on_terminal_raw(&["count", tree.to_str().unwrap()], &out);
    assert!(shown.contains(r"linux\u{7}bell\u{1b}]0;title"), "{shown:?}");
    assert!(
        !shown.contains('\u{7}'),
        "a raw bell reached the terminal: {shown:?}"
    );
    assert!(
        !shown.contains("\u{1b}]"),
        "a raw escape reached the terminal: {shown:?}"
    );
}
