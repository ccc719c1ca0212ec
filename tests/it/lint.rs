//! `kcensus lint`: every rule on a small tree written at test time, baselines, exit codes, the
//! three output formats (SARIF validated against the official 2.1.0 schema when it is at hand),
//! and the findings on Linux 7.3, cross-checked by hand.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::common;
use common::cache_dir;

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const KERNEL_LIB: &str = "\
//! The kernel crate.

pub mod sync;

/// Documented.
///
/// # Safety
///
/// Callers promise.
pub unsafe fn documented() {}

/// Not documented.
pub unsafe fn undocumented() {}

unsafe fn private() {}

pub fn f() {
    // SAFETY: `documented` has no requirements here.
    unsafe { documented() };
    unsafe { undocumented() };
    #[allow(clippy::undocumented_unsafe_blocks)]
    let _ = unsafe { private() };
}
";

const KERNEL_SYNC: &str = "\
//! Sync.

pub struct Lock;

unsafe impl Send for Lock {}

// SAFETY: nothing is shared.
unsafe impl Sync for Lock {}
";

const FOO: &str = "\
//! The foo driver.

use kernel::bindings;

module! { type: Foo, name: \"foo\", license: \"GPL\" }

fn probe() {
    // SAFETY: the C function has no requirements.
    unsafe { bindings::foo_probe() };
}
";

const BAR: &str = "\
//! The bar driver, with generated bindings of its own.

mod bindings;

module! { type: Bar, name: \"bar\", license: \"GPL\" }

fn probe() -> u32 {
    bindings::BAR_ID
}
";

/// A tree with a `kernel` crate, a vendored crate, and two drivers.
fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "rust/kernel/lib.rs", KERNEL_LIB);
    write(root, "rust/kernel/sync.rs", KERNEL_SYNC);
    write(
        root,
        "rust/syn/README.md",
        "# `syn`\n\nThese source files come from the Rust `syn` crate, version 2.0.106\n",
    );
    write(root, "rust/syn/lib.rs", "pub fn g() { unsafe { h() } }\n");
    write(root, "drivers/foo/Makefile", "obj-$(CONFIG_FOO) += foo.o\n");
    write(root, "drivers/foo/foo.rs", FOO);
    write(root, "drivers/bar/Makefile", "obj-$(CONFIG_BAR) += bar.o\n");
    write(root, "drivers/bar/bar.rs", BAR);
    write(
        root,
        "drivers/bar/bindings.rs",
        "pub const BAR_ID: u32 = 1;\n",
    );
    dir
}

struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

fn lint(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_kcensus"))
        .arg("lint")
        .args(args)
        .output()
        .expect("kcensus runs");
    Run {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("UTF-8"),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn lint_json(args: &[&str]) -> (i32, Vec<(String, String, u64, u64)>) {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let run = lint(&all);
    let value: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
        panic!("not JSON ({e}): {}\n{}", run.stdout, run.stderr);
    });
    common::schema::validate("lint", &[&run.stdout]);
    let findings = value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect();
    (run.status, findings)
}

fn finding(rule: &str, path: &str, line: u64, column: u64) -> (String, String, u64, u64) {
    (rule.to_string(), path.to_string(), line, column)
}

#[test]
fn every_rule_on_the_fixture() {
    let tree = fixture();
    let input = tree.path().to_str().unwrap();
    let (status, findings) = lint_json(&[
        input,
        "--rule",
        "undocumented-unsafe,missing-safety-doc,driver-uses-bindings,unsafe-in-driver",
    ]);
    assert_eq!(status, 1);
    // Not reported: the documented block, fn and impl; the private `unsafe fn`; the block
    // under `#[allow(clippy::undocumented_unsafe_blocks)]`; the vendored `syn`; `bar`'s
    // `bindings::` (its own `mod bindings`).
    assert_eq!(
        findings,
        vec![
            finding("unsafe-in-driver", "drivers/foo/foo.rs", 9, 5),
            finding("driver-uses-bindings", "drivers/foo/foo.rs", 9, 14),
            finding("missing-safety-doc", "rust/kernel/lib.rs", 13, 5),
            finding("undocumented-unsafe", "rust/kernel/lib.rs", 20, 5),
            finding("undocumented-unsafe", "rust/kernel/sync.rs", 5, 1),
        ]
    );
}

#[test]
fn default_rules_leave_out_unsafe_in_driver() {
    let tree = fixture();
    let (status, findings) = lint_json(&[tree.path().to_str().unwrap()]);
    assert_eq!(status, 1);
    assert_eq!(findings.len(), 4);
    assert!(findings.iter().all(|f| f.0 != "unsafe-in-driver"));
    let (_, only) = lint_json(&[
        tree.path().to_str().unwrap(),
        "--rule",
        "missing-safety-doc",
    ]);
    assert_eq!(
        only,
        vec![finding("missing-safety-doc", "rust/kernel/lib.rs", 13, 5)]
    );
}

/// Issue 18 §1: file modules and the two rules on safe code. Expected: what `cargo clippy`
/// 0.1.95 reports on the same three files as a crate (`-W clippy::missing_safety_doc
/// -W clippy::unnecessary_safety_comment -W clippy::unnecessary_safety_doc`), lines checked
/// against its output: the free `pub unsafe fn` of the private file module `hidden` is not
/// exported, the method of the re-exported `S` is; the SAFETY comment above the first item of
/// the crate root is read, the one above the first item of a module file is not.
#[test]
fn file_modules_and_safe_code_as_clippy_reports_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "src/lib.rs",
        "// SAFETY: above the crate root's first item.\nmod hidden;\npub mod shown;\n\n\
         // SAFETY: nothing unsafe here.\npub fn f() {}\n\npub use hidden::S;\n",
    );
    write(
        root,
        "src/hidden.rs",
        "// SAFETY: above a module file's first item: clippy does not look.\n\
         pub unsafe fn free() {}\n\npub struct S;\n\nimpl S {\n    pub unsafe fn method() {}\n}\n",
    );
    write(
        root,
        "src/shown.rs",
        "//! Shown.\n\npub unsafe fn free() {}\n\n/// # Safety\n///\n/// Nothing to promise.\n\
         pub fn safe() {}\n",
    );
    let (status, findings) = lint_json(&[root.to_str().unwrap()]);
    assert_eq!(status, 1);
    let lines: Vec<(&str, &str, u64)> = findings
        .iter()
        .map(|f| (f.0.as_str(), f.1.as_str(), f.2))
        .collect();
    assert_eq!(
        lines,
        vec![
            ("missing-safety-doc", "src/hidden.rs", 7),
            ("unnecessary-safety-comment", "src/lib.rs", 2),
            ("unnecessary-safety-comment", "src/lib.rs", 6),
            ("missing-safety-doc", "src/shown.rs", 3),
            ("unnecessary-safety-doc", "src/shown.rs", 8),
        ]
    );
}

/// Issue 18 §1: a `#[doc(hidden)]` file module (plain, or through `cfg_attr`) hides every fn
/// in it from clippy's doc lints, methods and trait items included, and `mod x;` inside an
/// inline module is `outer/x.rs` (the crate model's rule). Expected: `cargo clippy` 0.1.95
/// (`-W clippy::missing_safety_doc -W clippy::unnecessary_safety_doc`) on the same files as a
/// crate: with the two `doc(hidden)` attributes, one finding (`outer/inner_file.rs:1`); with
/// them removed, six, lines checked against its output.
#[test]
fn doc_hidden_file_modules_and_mod_in_inline_modules_as_clippy_reports_them() {
    let lib = |hidden: &str, hidden_cfg: &str| {
        format!(
            "{hidden}pub mod hid;\n{hidden_cfg}pub mod hid2;\npub mod outer {{\n    pub mod inner_file;\n}}\n\
             mod private_outer {{\n    pub mod f2;\n}}\npub use hid2::T;\n"
        )
    };
    let files = [
        (
            "src/hid.rs",
            "pub unsafe fn free() {}\n\npub struct S;\n\nimpl S {\n    pub unsafe fn method() {}\n}\n\n\
             pub mod cast {\n    /// A trait.\n    ///\n    /// # Safety\n    ///\n    /// Promise.\n\
             pub unsafe trait P {\n        /// # Safety\n        ///\n        /// Not needed.\n\
             fn project();\n    }\n}\n",
        ),
        (
            "src/hid2.rs",
            "pub struct T;\n\nimpl T {\n    /// # Safety\n    ///\n    /// Nothing.\n\
             pub fn safe_with_section() {}\n\n    pub unsafe fn method() {}\n}\n",
        ),
        ("src/outer/inner_file.rs", "pub unsafe fn reached() {}\n"),
        ("src/private_outer/f2.rs", "pub unsafe fn not_exported() {}\n"),
    ];
    let run = |lib_text: String| {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "src/lib.rs", &lib_text);
        for (path, text) in files {
            write(dir.path(), path, text);
        }
        let (_, findings) = lint_json(&[
            dir.path().to_str().unwrap(),
            "--rule",
            "missing-safety-doc,unnecessary-safety-doc",
        ]);
        findings
            .into_iter()
            .map(|f| (f.0, f.1, f.2))
            .collect::<Vec<_>>()
    };
    let owned = |rule: &str, path: &str, line: u64| (rule.to_string(), path.to_string(), line);
    assert_eq!(
        run(lib(
            "#[doc(hidden)]\n",
            "#[cfg_attr(not(probe_unset), doc(hidden))]\n"
        )),
        vec![owned("missing-safety-doc", "src/outer/inner_file.rs", 1)]
    );
    assert_eq!(
        run(lib("", "")),
        vec![
            owned("missing-safety-doc", "src/hid.rs", 1),
            owned("missing-safety-doc", "src/hid.rs", 6),
            owned("unnecessary-safety-doc", "src/hid.rs", 19),
            owned("unnecessary-safety-doc", "src/hid2.rs", 7),
            owned("missing-safety-doc", "src/hid2.rs", 9),
            owned("missing-safety-doc", "src/outer/inner_file.rs", 1),
        ]
    );
}

#[test]
fn clean_tree_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "rust/kernel/lib.rs",
        KERNEL_SYNC
            .replace("unsafe impl Send for Lock {}\n", "")
            .as_str(),
    );
    let run = lint(&[dir.path().to_str().unwrap()]);
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        "0 findings: undocumented-unsafe 0, missing-safety-doc 0, \
         unnecessary-safety-comment 0, unnecessary-safety-doc 0, driver-uses-bindings 0, \
         rust-not-analysed 0\n"
    );
    let (status, findings) = lint_json(&[dir.path().to_str().unwrap()]);
    assert_eq!((status, findings.len()), (0, 0));
}

#[test]
fn errors_exit_two() {
    let run = lint(&["/nonexistent/kcensus-lint-input"]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.starts_with("kcensus: "), "{}", run.stderr);
    let tree = fixture();
    let input = tree.path().to_str().unwrap();
    let run = lint(&[input, "--rule", "no-such-rule"]);
    assert_eq!(run.status, 2);
    let bad = tree.path().join("bad-baseline.json");
    std::fs::write(&bad, "{ not json").unwrap();
    let run = lint(&[input, "--baseline", bad.to_str().unwrap()]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("malformed baseline"), "{}", run.stderr);
    let run = lint(&[input, "--baseline", "/nonexistent/baseline.json"]);
    assert_eq!(run.status, 2);
}

#[test]
fn text_output_is_like_rustc() {
    let tree = fixture();
    let run = lint(&[tree.path().to_str().unwrap()]);
    assert_eq!(run.status, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[..4],
        [
            "drivers/foo/foo.rs:9:14: driver-uses-bindings: crate `foo`, outside rust/, uses `bindings::foo_probe` directly",
            "  |",
            "9 |     unsafe { bindings::foo_probe() };",
            "  |              ^",
        ]
    );
    assert!(run.stdout.contains(
        "rust/kernel/sync.rs:5:1: undocumented-unsafe: unsafe impl without a `// SAFETY:` comment\n  |\n5 | unsafe impl Send for Lock {}\n  | ^\n"
    ));
    assert!(run.stdout.contains(
        "rust/kernel/lib.rs:13:5: missing-safety-doc: public unsafe fn without a `# Safety` section in its docs\n"
    ));
    assert_eq!(
        lines.last().copied(),
        Some(
            "4 findings: undocumented-unsafe 2, missing-safety-doc 1, \
             unnecessary-safety-comment 0, unnecessary-safety-doc 0, driver-uses-bindings 1, \
             rust-not-analysed 0"
        )
    );
}

/// Validate a SARIF log against the official SARIF 2.1.0 JSON schema with Python's
/// `jsonschema`, when both are at hand: the schema file `sarif-2.1.0-rtm.5.json` (shipped in
/// the npm package `@microsoft/jest-sarif`, `lib/schemas/`) in the cache folder or at
/// `$KCENSUS_SARIF_SCHEMA`. Returns whether it validated (false: not at hand).
fn validate_with_schema(log: &str) -> bool {
    let schema = std::env::var("KCENSUS_SARIF_SCHEMA")
        .map(PathBuf::from)
        .unwrap_or_else(|_| cache_dir().join("sarif-2.1.0-rtm.5.json"));
    if !schema.exists() {
        eprintln!(
            "skipping SARIF schema validation: {} not found",
            schema.display()
        );
        return false;
    }
    let dir = tempfile::tempdir().unwrap();
    let log_path = dir.path().join("log.sarif");
    std::fs::write(&log_path, log).unwrap();
    let script = "import json, sys, jsonschema\n\
                  schema = json.load(open(sys.argv[1]))\n\
                  log = json.load(open(sys.argv[2]))\n\
                  jsonschema.Draft4Validator.check_schema(schema)\n\
                  errors = list(jsonschema.Draft4Validator(schema).iter_errors(log))\n\
                  for e in errors: print(list(e.path), e.message)\n\
                  sys.exit(1 if errors else 0)\n";
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(&schema)
        .arg(&log_path)
        .output();
    match out {
        Ok(out) if out.status.success() => true,
        Ok(out)
            if String::from_utf8_lossy(&out.stderr).contains("No module named 'jsonschema'") =>
        {
            eprintln!("skipping SARIF schema validation: python3 has no jsonschema");
            false
        }
        Ok(out) => panic!(
            "SARIF log does not validate against the schema:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(_) => {
            eprintln!("skipping SARIF schema validation: no python3");
            false
        }
    }
}

#[test]
fn sarif_has_the_required_structure_and_validates() {
    let tree = fixture();
    let run = lint(&[tree.path().to_str().unwrap(), "--format", "sarif"]);
    assert_eq!(run.status, 1);
    let log: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let run0 = &log["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "kcensus");
    let rules: Vec<&str> = run0["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        [
            "undocumented-unsafe",
            "missing-safety-doc",
            "unnecessary-safety-comment",
            "unnecessary-safety-doc",
            "driver-uses-bindings",
            "rust-not-analysed"
        ]
    );
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    let first = &results[0];
    assert_eq!(first["ruleId"], "driver-uses-bindings");
    assert_eq!(first["ruleIndex"], 4);
    assert_eq!(first["level"], "warning");
    assert!(first["message"]["text"]
        .as_str()
        .unwrap()
        .contains("bindings::foo_probe"));
    let location = &first["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "drivers/foo/foo.rs");
    assert_eq!(location["region"]["startLine"], 9);
    assert_eq!(location["region"]["startColumn"], 14);
    for result in results {
        assert!(result["partialFingerprints"]["kcensusLint/v1"].is_string());
    }
    let validated = validate_with_schema(&run.stdout);
    assert!(
        validated || std::env::var_os("KCENSUS_REQUIRE_SARIF_SCHEMA").is_none(),
        "the SARIF schema or python3's jsonschema is missing"
    );
}

/// GitHub's `primaryLocationLineHash` of line `line` (1-based) of `text`, from its definition in
/// github/codeql-action's fingerprints.ts rather than its rolling computation: drop spaces and
/// tabs, make `\r\n` and `\r` one `\n`, end with the unit 65535; a line's hash is the
/// polynomial (base 37, wrapping 64-bit) of the 100 UTF-16 units from its first one, zeros
/// past the end; `:N` counts the lines so far with that hash.
fn github_line_hash(text: &str, line: usize) -> String {
    let mut units: Vec<u16> = Vec::new();
    let mut previous_cr = false;
    for unit in text.encode_utf16() {
        if unit == u16::from(b' ') || unit == u16::from(b'\t') || (previous_cr && unit == 10) {
            previous_cr = false;
            continue;
        }
        previous_cr = unit == 13;
        units.push(if unit == 13 { 10 } else { unit });
    }
    units.push(65535);
    let mut starts = vec![0];
    for (i, &unit) in units.iter().enumerate() {
        if unit == 10 && i + 1 < units.len() {
            starts.push(i + 1);
        }
    }
    let hash_at = |start: usize| -> u64 {
        (0..100).fold(0u64, |h, k| {
            let unit = units.get(start + k).copied().unwrap_or(0);
            h.wrapping_mul(37).wrapping_add(u64::from(unit))
        })
    };
    let hash = hash_at(starts[line - 1]);
    let count = starts[..line]
        .iter()
        .filter(|&&s| hash_at(s) == hash)
        .count();
    format!("{hash:x}:{count}")
}

/// What GitHub code scanning requires of an uploaded SARIF file, beyond the SARIF schema
/// (docs.github.com, "SARIF support for code scanning": the properties it reads), checked on
/// every rule and result.
#[test]
fn sarif_carries_what_github_code_scanning_requires() {
    let tree = fixture();
    let run = lint(&[
        tree.path().to_str().unwrap(),
        "--format",
        "sarif",
        "--rule",
        "undocumented-unsafe,missing-safety-doc,driver-uses-bindings,unsafe-in-driver",
    ]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let log: Value = serde_json::from_str(&run.stdout).unwrap();
    let run0 = &log["runs"][0];
    let driver = &run0["tool"]["driver"];
    assert_eq!(driver["name"], "kcensus");
    assert!(driver["semanticVersion"].is_string());
    let rules = driver["rules"].as_array().unwrap();
    // The four rules and rust-not-analysed, which is always on (issue 15).
    assert_eq!(rules.len(), 5);
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        for text in [
            &rule["shortDescription"]["text"],
            &rule["fullDescription"]["text"],
            &rule["help"]["text"],
            &rule["help"]["markdown"],
        ] {
            assert!(text.as_str().is_some_and(|t| !t.is_empty()), "{id}: {rule}");
        }
        let uri = rule["helpUri"].as_str().unwrap();
        assert!(
            uri.starts_with("https://") && uri.ends_with(&format!("docs/rules.md#{id}")),
            "{uri}"
        );
        let precision = rule["properties"]["precision"].as_str().unwrap();
        assert!(
            ["very-high", "high", "medium", "low"].contains(&precision),
            "{id}"
        );
        let severity = rule["properties"]["problem.severity"].as_str().unwrap();
        assert!(
            ["error", "warning", "recommendation"].contains(&severity),
            "{id}"
        );
        let tags = rule["properties"]["tags"].as_array().unwrap();
        assert!(
            !tags.is_empty() && tags.iter().all(Value::is_string),
            "{id}"
        );
        assert!(["none", "note", "warning", "error"]
            .contains(&rule["defaultConfiguration"]["level"].as_str().unwrap()));
    }
    let results = run0["results"].as_array().unwrap();
    assert!(results.len() >= 4);
    for result in results {
        let id = result["ruleId"].as_str().unwrap();
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], id);
        assert!(result["message"]["text"]
            .as_str()
            .is_some_and(|t| !t.is_empty()));
        let locations = result["locations"].as_array().unwrap();
        assert!((1..=10).contains(&locations.len()));
        let location = &locations[0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        assert!(!uri.starts_with('/') && !uri.contains("://"), "{uri}");
        let line = location["region"]["startLine"].as_u64().unwrap() as usize;
        assert!(line >= 1);
        let text = std::fs::read_to_string(tree.path().join(uri)).unwrap();
        assert_eq!(
            result["partialFingerprints"]["primaryLocationLineHash"],
            github_line_hash(&text, line),
            "{uri}:{line}"
        );
        assert!(result["partialFingerprints"]["kcensusLint/v1"].is_string());
    }
    validate_with_schema(&run.stdout);
}

#[test]
fn the_line_hash_of_the_test_follows_github_on_a_small_text() {
    // "a\nb" by hand: line 2's window is b, 65535, then zeros: 98·37^99 + 65535·37^98.
    let p99 = (0..99).fold(1u64, |p, _| p.wrapping_mul(37));
    let p98 = (0..98).fold(1u64, |p, _| p.wrapping_mul(37));
    let expected = 98u64
        .wrapping_mul(p99)
        .wrapping_add(65535u64.wrapping_mul(p98));
    assert_eq!(github_line_hash("a\n b", 2), format!("{expected:x}:1"));
}

#[test]
fn baseline_accepts_moved_code_and_reports_only_new_findings() {
    let tree = fixture();
    let input = tree.path().to_str().unwrap();
    let baseline = tree.path().join("lint-baseline.json");
    let baseline = baseline.to_str().unwrap();

    let written = lint(&[input, "--write-baseline", baseline]);
    assert_eq!(written.status, 0, "{}", written.stderr);
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(baseline).unwrap()).unwrap();
    assert_eq!(saved["kcensus_lint_baseline"], 1);
    assert_eq!(saved["findings"].as_array().unwrap().len(), 4);

    let run = lint(&[input, "--baseline", baseline]);
    assert_eq!(run.status, 0, "{}", run.stdout);

    // Move code: new lines above, the impl moved below another item, indentation changed.
    let moved = KERNEL_SYNC
        .replace("unsafe impl Send for Lock {}\n", "")
        .replace(
        "pub struct Lock;\n",
        "pub struct Lock;\n\n/// More.\npub struct Other;\n\n    unsafe impl Send for Lock {}\n",
    );
    write(tree.path(), "rust/kernel/sync.rs", &moved);
    write(
        tree.path(),
        "rust/kernel/lib.rs",
        &format!("// A new first line.\n\n{KERNEL_LIB}"),
    );
    let (status, findings) = lint_json(&[input, "--baseline", baseline]);
    assert_eq!((status, findings), (0, vec![]));

    // A new finding: only it is reported, and the run fails.
    write(
        tree.path(),
        "rust/kernel/sync.rs",
        &format!("{moved}\nunsafe impl Send for Other {{}}\n"),
    );
    let (status, findings) = lint_json(&[input, "--baseline", baseline]);
    assert_eq!(status, 1);
    assert_eq!(
        findings,
        vec![finding("undocumented-unsafe", "rust/kernel/sync.rs", 14, 1)]
    );
    // A second copy of a baselined line is new too (occurrences are counted).
    write(
        tree.path(),
        "rust/kernel/sync.rs",
        &format!("{moved}\nunsafe impl Send for Lock {{}}\n"),
    );
    let (status, findings) = lint_json(&[input, "--baseline", baseline]);
    assert_eq!(status, 1);
    assert_eq!(findings.len(), 1);
}

/// Linux 7.3, all four rules. The counts were cross-checked: `undocumented-unsafe` is the
/// report's undocumented blocks and impls outside vendored code (45 + 10) less the 48 under a
/// file-level `#![allow(clippy::undocumented_unsafe_blocks)]` (the four pin-init examples,
/// and nova-core's `r570_144/bindings.rs`, which `r570_144.rs` includes under its allow);
/// `missing-safety-doc` is zero (the kernel builds with the lint; no `pub unsafe fn` without
/// `# Safety` found by grep either); `driver-uses-bindings` equals `grep -o bindings::` per
/// file in binder (70) and find_bit_benchmark_rust (1), nova-core being skipped for its own
/// `bindings` (`use r570_144 as bindings`); `unsafe-in-driver` is the report's unsafe items
/// of crates outside rust/ (296) plus the 16 of nova-core's included `bindings.rs`.
#[test]
fn linux_7_3_findings_checked_by_hand() {
    let Some(tree) = common::tree("7.3") else {
        return;
    };
    let (status, findings) = lint_json(&[
        tree.to_str().unwrap(),
        "--rule",
        "undocumented-unsafe,missing-safety-doc,driver-uses-bindings,unsafe-in-driver",
    ]);
    assert_eq!(status, 1);
    let count = |rule: &str| findings.iter().filter(|f| f.0 == rule).count();
    // 7 before clippy's attribute-skipping rule landed (issue 18 §1): the 3 below the
    // `documented` list now count as documented, as clippy 1.95 reads them; the 4 left are the
    // first four of the sample.
    assert_eq!(count("undocumented-unsafe"), 4);
    assert_eq!(count("missing-safety-doc"), 0);
    assert_eq!(count("driver-uses-bindings"), 71);
    assert_eq!(count("unsafe-in-driver"), 312);

    // Each opened and read by hand.
    let sample = [
        // No comment above; the lines above are `fn default()` and a `let`.
        (
            "undocumented-unsafe",
            "drivers/android/binder/rust_binder_main.rs",
            74,
            13,
        ),
        // `unsafe impl .. TryNewListArc` in a macro_rules! body; the line above is `}`.
        ("undocumented-unsafe", "rust/kernel/list/arc.rs", 117, 9),
        // `const THIS_MODULE: .. = unsafe {` under `#[cfg(not(MODULE))]`, no comment.
        ("undocumented-unsafe", "rust/macros/module.rs", 520, 55),
        // In a `quote!`: the comment above says "Create the `this` ..", no SAFETY.
        (
            "undocumented-unsafe",
            "rust/pin-init/internal/src/init.rs",
            141,
            26,
        ),
        // `use kernel::bindings::rust_binder_layout;`
        (
            "driver-uses-bindings",
            "drivers/android/binder/rust_binder_main.rs",
            90,
            13,
        ),
        // `use kernel::bindings::{rust_binder_transaction, task_struct};` (one finding)
        (
            "driver-uses-bindings",
            "drivers/android/binder/trace.rs",
            9,
            13,
        ),
        // `twork: MaybeUninit<bindings::callback_head>,`
        (
            "driver-uses-bindings",
            "drivers/android/binder/deferred_close.rs",
            39,
            24,
        ),
        // `unsafe { bindings::__get_random_u32_below(..) }`
        (
            "driver-uses-bindings",
            "lib/find_bit_benchmark_rust.rs",
            81,
            22,
        ),
        // `unsafe { *ptr }` ("SAFETY: Incorrect, on purpose.")
        ("unsafe-in-driver", "mm/kasan/kasan_test_rust.rs", 21, 5),
        // `pub unsafe fn as_slice` in the file nova-core's `r570_144.rs` includes.
        (
            "unsafe-in-driver",
            "drivers/gpu/nova-core/gsp/fw/r570_144/bindings.rs",
            20,
            9,
        ),
        // `let dev = unsafe { cpu::from_cpu(cpu)? };`
        ("unsafe-in-driver", "drivers/cpufreq/rcpufreq_dt.rs", 72, 19),
    ];
    for (rule, path, line, column) in sample {
        assert!(
            findings.contains(&finding(rule, path, line, column)),
            "{rule} {path}:{line}:{column} not reported"
        );
    }
    // Each opened and read by hand: a `// SAFETY:` comment stands above the attributes of the
    // unsafe code (`#[cfg(MODULE)]` on the struct-literal field `mod_: unsafe {` in a
    // `quote!`; `#[automatically_derived]` on `unsafe impl .. Zeroable` twice). Clippy skips
    // attributes in its upward scan, so these are documented.
    let documented = [
        ("rust/macros/module.rs", 162, 39),
        ("rust/pin-init/internal/src/zeroable.rs", 30, 9),
        ("rust/pin-init/internal/src/zeroable.rs", 74, 9),
    ];
    for (path, line, column) in documented {
        assert!(
            !findings.contains(&finding("undocumented-unsafe", path, line, column)),
            "undocumented-unsafe {path}:{line}:{column} reported"
        );
    }
    // nova-core names its own `bindings` (`use r570_144 as bindings`): not reported.
    assert!(!findings
        .iter()
        .any(|f| f.0 == "driver-uses-bindings" && f.1.starts_with("drivers/gpu/nova-core/")));
    // Vendored crates are not linted.
    for vendored in ["rust/syn/", "rust/quote/", "rust/proc-macro2/"] {
        assert!(!findings.iter().any(|f| f.1.starts_with(vendored)));
    }
    // Sorted by (path, line, column, rule).
    let mut sorted = findings.clone();
    sorted.sort_by(|a, b| (&a.1, a.2, a.3, &a.0).cmp(&(&b.1, b.2, b.3, &b.0)));
    assert_eq!(sorted, findings);
}

#[test]
fn a_git_revision_lints_like_the_directory() {
    let tree = fixture();
    let dir = tree.path();
    let git = |args: &[&str]| {
        Command::new("git")
            .args([
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@t",
                "-c",
                "init.defaultBranch=main",
            ])
            .args(args)
            .current_dir(dir)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !(git(&["init", "-q"]) && git(&["add", "-A"]) && git(&["commit", "-q", "-m", "fixture"])) {
        eprintln!("skipping: git is not usable here");
        return;
    }
    let input = dir.to_str().unwrap();
    let from_dir = lint_json(&[input]);
    // Changes after the commit are not seen at the revision.
    write(
        dir,
        "rust/kernel/extra.rs",
        "pub fn z() { unsafe { y() } }\n",
    );
    let from_rev = lint_json(&[input, "--rev", "HEAD"]);
    assert_eq!(from_rev, from_dir);
    assert_eq!(from_rev.1.len(), 4);
}
