//! `kcensus lint` as a CI gate that must fail closed (issue 15): every `.rs` file it could not
//! analyse — binary by one NUL byte, over 4 MB, nested deeper than 20,000 levels, unreadable —
//! and every path it could not read (an unreadable folder may hold Rust) is a finding of the
//! `rust-not-analysed` rule, in text, JSON and SARIF, whatever rules are asked for.
//!
//! Each tree is built at test time; the expected findings are the files written to break the
//! gate, named by the test itself, and a control tree without them must pass the gate.

use common::fixtures::*;
use serde_json::Value;
use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

use crate::common;

const RULE: &str = "rust-not-analysed";

/// A clean kernel crate: no finding of any rule.
const CLEAN_LIB: &[u8] = b"//! The kernel crate.\n\npub fn f() {}\n";

/// `(rule, path, line, column, message)` of each finding of `lint --format json`, and the
/// exit code, for a command built by `make` (this binary, or the same as another user).
fn lint_json_with(make: &dyn Fn() -> Command, input: &Path, extra: &[&str]) -> (i32, Vec<Value>) {
    let mut command = make();
    command.args([
        OsStr::new("lint"),
        OsStr::new("--format"),
        OsStr::new("json"),
    ]);
    command.args(extra);
    command.arg(input);
    let run = run_command(command);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {run:?}"));
    let findings = doc["findings"].as_array().expect("findings").clone();
    (run.code.expect("exit code"), findings)
}

fn this_binary() -> Command {
    Command::new(BIN)
}

/// (rule, path, message) of each finding.
fn triples(findings: &[Value]) -> Vec<(String, String, String)> {
    findings
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["path"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A tree whose only Rust problems are files no rule can look at, with the paths of those.
fn unanalysable_tree(root: &Path) -> Vec<(&'static str, &'static str)> {
    write(&root.join("rust/kernel/lib.rs"), CLEAN_LIB);
    // rustc compiles a NUL in a comment; cloc (Perl's -B) calls the file binary.
    write(
        &root.join("drivers/nul.rs"),
        b"// a NUL \0 in a comment\nfn f() { unsafe { g() } }\n",
    );
    // Over 4 MB: counted by cloc, but its Rust facts are not extracted.
    let mut big = b"// padding line\n".repeat(4 * 1024 * 1024 / 16 + 1);
    big.extend_from_slice(b"fn f() { unsafe { g() } }\n");
    write(&root.join("drivers/big.rs"), &big);
    // Deeper than 20,000 levels of brackets.
    let deep = format!(
        "fn f() {{ let _ = {}0{}; unsafe {{ g() }} }}\n",
        "(".repeat(20_001),
        ")".repeat(20_001)
    );
    write(&root.join("drivers/deep.rs"), deep.as_bytes());
    // Neither is a finding: an empty file holds nothing, a duplicate is linted as its twin.
    write(&root.join("drivers/empty.rs"), b"");
    write(&root.join("drivers/twin.rs"), CLEAN_LIB);
    vec![
        ("drivers/big.rs", "larger than 4 MB"),
        (
            "drivers/deep.rs",
            "brackets nested deeper than 20000 levels",
        ),
        ("drivers/nul.rs", "binary file"),
    ]
}

#[test]
fn lint_fails_closed_on_rust_it_could_not_analyse() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let broken = unanalysable_tree(root);

    let expected: Vec<(String, String, String)> = broken
        .iter()
        .map(|(path, reason)| {
            (
                RULE.to_string(),
                path.to_string(),
                format!("Rust file not analysed ({reason}): no rule looked at it"),
            )
        })
        .collect();
    let (code, findings) = lint_json_with(&this_binary, root, &[]);
    assert_eq!(triples(&findings), expected);
    assert_eq!(code, 1);
    assert!(findings.iter().all(|f| f["line"] == 1 && f["column"] == 1));
    // Naming other rules does not turn the gate off.
    let (code, findings) = lint_json_with(&this_binary, root, &["--rule", "missing-safety-doc"]);
    assert_eq!((code, triples(&findings)), (1, expected.clone()));

    // Text: one rustc-like line per file, and the rule in the per-rule counts.
    let text = kcensus([OsStr::new("lint"), root.as_os_str()]);
    assert_eq!(text.code, Some(1), "{text:?}");
    for (_, path, message) in &expected {
        assert!(
            text.stdout
                .contains(&format!("{path}:1:1: {RULE}: {message}\n")),
            "{}",
            text.stdout
        );
    }
    assert!(
        text.stdout.ends_with(&format!(
            "3 findings: undocumented-unsafe 0, missing-safety-doc 0, unnecessary-safety-comment 0, \
             unnecessary-safety-doc 0, driver-uses-bindings 0, {RULE} 3\n"
        )),
        "{}",
        text.stdout
    );

    // SARIF: the rule is declared, and each result points at it and at the file.
    let sarif = kcensus([
        OsStr::new("lint"),
        OsStr::new("--format"),
        OsStr::new("sarif"),
        root.as_os_str(),
    ]);
    assert_eq!(sarif.code, Some(1), "{sarif:?}");
    let log: Value = serde_json::from_str(&sarif.stdout).unwrap();
    let run0 = &log["runs"][0];
    let rules: Vec<&str> = run0["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let index = rules
        .iter()
        .position(|&r| r == RULE)
        .expect("rule declared");
    let results: Vec<(&str, u64, &str)> = run0["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap(),
                r["ruleIndex"].as_u64().unwrap(),
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap(),
            )
        })
        .collect();
    let expected_results: Vec<(&str, u64, &str)> = broken
        .iter()
        .map(|(path, _)| (RULE, index as u64, *path))
        .collect();
    assert_eq!(results, expected_results);

    // The report lists the binary Rust file with its reason, in JSON and in the table.
    let report = parse_ok(&kcensus([
        OsStr::new("report"),
        OsStr::new("--format"),
        OsStr::new("json"),
        root.as_os_str(),
    ]));
    let rust_skipped: Vec<(String, String)> = report["skipped"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["path"].as_str().unwrap().ends_with(".rs"))
        .map(|s| {
            (
                s["path"].as_str().unwrap().to_string(),
                s["reason"].as_str().unwrap().to_string(),
            )
        })
        .filter(|(_, reason)| !reason.starts_with("duplicate of "))
        .collect();
    // The empty file is listed too (every skipped `.rs` file is), though lint has nothing to
    // say about it.
    assert_eq!(
        rust_skipped,
        pairs(&[
            ("drivers/empty.rs", "empty file"),
            ("drivers/nul.rs", "binary file")
        ])
    );
    let table = kcensus([OsStr::new("report"), root.as_os_str()]);
    assert!(
        table
            .stdout
            .contains("Rust file not counted: drivers/nul.rs (binary file)"),
        "{}",
        table.stdout
    );

    // Control: without the three files, the same tree passes the gate.
    for (path, _) in &broken {
        std::fs::remove_file(root.join(path)).unwrap();
    }
    let (code, findings) = lint_json_with(&this_binary, root, &[]);
    assert_eq!((code, findings.len()), (0, 0), "{findings:?}");
}

/// Unreadable `.rs` files and folders: as root the permission bits do not block, so the gate
/// is run as `nobody` (skipped with a note when this process cannot become it).
#[test]
fn lint_fails_closed_on_unreadable_files_and_folders() {
    let top = tempfile::tempdir().unwrap();
    chmod(top.path(), 0o755);
    let tree = top.path().join("tree");
    write(&tree.join("rust/kernel/lib.rs"), CLEAN_LIB);
    write(
        &tree.join("drivers/secret.rs"),
        b"fn f() { unsafe { g() } }\n",
    );
    write(
        &tree.join("drivers/locked/inner.rs"),
        b"fn h() { unsafe { g() } }\n",
    );
    for d in ["", "rust", "rust/kernel", "drivers", "drivers/locked"] {
        chmod(&tree.join(d), 0o755);
    }
    for f in [
        "rust/kernel/lib.rs",
        "drivers/secret.rs",
        "drivers/locked/inner.rs",
    ] {
        chmod(&tree.join(f), 0o644);
    }
    let probe = top.path().join("probe");
    write(&probe.join("p.rs"), b"fn p() {}\n");
    chmod(&probe, 0o755);
    chmod(&probe.join("p.rs"), 0o644);
    let Some(_) = as_nobody(&probe) else {
        eprintln!("note: cannot run as an unprivileged user; unreadable paths not checked");
        return;
    };
    let nobody = || as_nobody(&probe).expect("nobody");

    // Readable, the tree has two undocumented unsafe blocks and nothing else.
    let (code, findings) = lint_json_with(&nobody, &tree, &[]);
    let rules: Vec<String> = triples(&findings).into_iter().map(|t| t.0).collect();
    assert_eq!(
        (code, rules),
        (1, vec!["undocumented-unsafe".to_string(); 2])
    );

    chmod(&tree.join("drivers/secret.rs"), 0o000);
    chmod(&tree.join("drivers/locked"), 0o000);
    let _restore = RestoreMode(vec![
        tree.join("drivers/secret.rs"),
        tree.join("drivers/locked"),
    ]);
    let (code, findings) = lint_json_with(&nobody, &tree, &[]);
    assert_eq!(
        triples(&findings),
        vec![
            (
                RULE.to_string(),
                "drivers/locked".to_string(),
                "path not read (permission denied): Rust in or under it, if any, is not analysed"
                    .to_string()
            ),
            (
                RULE.to_string(),
                "drivers/secret.rs".to_string(),
                "Rust file not analysed (permission denied): no rule looked at it".to_string()
            ),
        ]
    );
    assert_eq!(code, 1);
    // SARIF too.
    let mut command = nobody();
    command.args([
        OsStr::new("lint"),
        OsStr::new("--format"),
        OsStr::new("sarif"),
    ]);
    command.arg(&tree);
    let run = run_command(command);
    assert_eq!(run.code, Some(1), "{run:?}");
    let log: Value = serde_json::from_str(&run.stdout).unwrap();
    let ids: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [RULE, RULE]);
}
