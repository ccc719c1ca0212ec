//! `kcensus check`: exit statuses and errors on small fixtures, and the 2025 article's claims
//! (claims/rust-in-linux-2025-article.toml) on Linux 6.12 and 7.3, with the verdicts
//! determined by hand from the trees (see the comments at each table).
//!
//! The real trees are found as in tests/it/real_trees.rs: `$KCENSUS_CACHE` or `~/.cache/kcensus`,
//! `linux-V` with its `linux-V.complete` marker; with `KCENSUS_REQUIRE_KERNELS=1` a missing
//! tree is a failure, otherwise the test is skipped with a note.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common;
use common::tree;

fn kcensus(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kcensus"))
        .args(args)
        .output()
        .expect("kcensus runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A tiny tree: two Rust files (5 code lines) and a claims file written next to it.
fn fixture(claims: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(tree.join("rust/kernel")).unwrap();
    std::fs::create_dir_all(tree.join("samples/rust")).unwrap();
    std::fs::write(
        tree.join("rust/kernel/lib.rs"),
        "//! The kernel crate.\n\npub mod sync;\n\npub fn f() {}\n",
    )
    .unwrap();
    std::fs::write(
        tree.join("samples/rust/x.rs"),
        "// A sample.\nfn main() {\n    let _ = 1;\n}\n",
    )
    .unwrap();
    let file = dir.path().join("claims.toml");
    std::fs::write(&file, claims).unwrap();
    (dir, tree, file)
}

fn claim(id: &str, metric: &str, op: &str, expected: &str) -> String {
    let expected = if expected.is_empty() {
        String::new()
    } else {
        format!("expected = {expected}\n")
    };
    format!("[[claim]]\nid = \"{id}\"\ntext = \"claim {id}\"\nmetric = \"{metric}\"\nop = \"{op}\"\n{expected}\n")
}

fn check(claims: &str, extra: &[&str]) -> Output {
    let (_dir, tree, file) = fixture(claims);
    let mut args = vec!["check", file.to_str().unwrap(), tree.to_str().unwrap()];
    args.extend(extra);
    kcensus(&args)
}

#[test]
fn exit_0_when_every_claim_holds() {
    let claims = claim("files", "rust.files", "==", "2")
        + &claim("code", "rust.code", ">=", "5")
        + &claim("no-binder", "drivers[name=rust_binder]", "absent", "")
        + "[[claim]]\nid = \"c\"\ntext = \"C lines\"\nnot_measurable = \"no C in the report\"\n";
    let out = check(&claims, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("claim "), "{text}");
    assert!(text.contains("\"claim files\""), "{text}");
    assert!(
        text.contains("4 claims: 3 hold, 0 fail, 1 not measurable"),
        "{text}"
    );
}

#[test]
fn exit_1_when_a_claim_fails() {
    let claims = claim("files", "rust.files", "==", "2") + &claim("code", "rust.code", "==", "6");
    let out = check(&claims, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let claims = json["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 2);
    assert_eq!(claims[0]["id"], "files");
    assert_eq!(claims[0]["text"], "claim files");
    assert_eq!(claims[0]["verdict"], "holds");
    assert_eq!(claims[1]["expected"], 6);
    assert_eq!(claims[1]["actual"], 5);
    assert_eq!(claims[1]["verdict"], "fails");
    // Markdown too.
    let out = check(
        &claim("code", "rust.code", "==", "6"),
        &["--format", "markdown"],
    );
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("| Claim | Text |"), "{text}");
    assert!(
        text.contains("| `code` | “claim code” | `rust.code` | == 6 | 5 | **fails** |"),
        "{text}"
    );
}

/// VULNS with one record, whose fix touched the fixture's sample (a Rust file outside
/// drivers/) and a file the fixture lacks, titled as a use-after-free (memory safety).
fn vulns(dir: &Path) -> PathBuf {
    let vulns = dir.join("vulns");
    let folder = vulns.join("cve/published/2025");
    std::fs::create_dir_all(&folder).unwrap();
    let record = r#"{"cveMetadata": {"cveId": "CVE-2025-10001"}, "containers": {"cna": {
        "title": "rust: sample: fix use-after-free",
        "descriptions": [{"lang": "en", "value": "In the Linux kernel: a use-after-free."}],
        "affected": [{"defaultStatus": "affected",
          "programFiles": ["samples/rust/x.rs", "drivers/gone.c"],
          "versions": [{"version": "6.18", "status": "affected"},
            {"version": "0", "lessThan": "6.18", "status": "unaffected", "versionType": "semver"}]}]}}}"#;
    std::fs::write(folder.join("CVE-2025-10001.json"), record).unwrap();
    vulns
}

/// Claims on the `cves` section: without `--cves` they are not measured, with the reason,
/// and the run exits 2 though the other verdicts are shown (fail closed); with it they are
/// measured on the join (one record, memory safety, touching Rust outside drivers/).
#[test]
fn cves_claims_need_cves_and_fail_closed_without_it() {
    let claims = claim("files", "rust.files", "==", "2")
        + &claim("share", "cves.memory_safety_percent", "==", "100")
        + &claim("drivers", "count(cves.rust[area=drivers])", "==", "0")
        + &claim("rust", "cves.rust[0].id", "==", "\"CVE-2025-10001\"");
    let (dir, tree, file) = fixture(&claims);
    let (file, tree) = (file.to_str().unwrap(), tree.to_str().unwrap());
    let out = kcensus(&["check", file, tree, "--format", "json"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let verdicts: Vec<(&str, &str)> = json["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), c["verdict"].as_str().unwrap()))
        .collect();
    assert_eq!(
        verdicts,
        [
            ("files", "holds"),
            ("share", "not measurable"),
            ("drivers", "not measurable"),
            ("rust", "not measurable")
        ]
    );
    let share = &json["claims"][1];
    assert_eq!(share["actual"], Value::Null);
    assert!(
        share["reason"].as_str().unwrap().contains("--cves VULNS"),
        "{share}"
    );
    // The table says why too.
    let out = kcensus(&["check", file, tree]);
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("not measurable: needs the CVE records"),
        "{text}"
    );
    // With the records: every claim measured and holding.
    let vulns = vulns(dir.path());
    let out = kcensus(&[
        "check",
        file,
        tree,
        "--cves",
        vulns.to_str().unwrap(),
        "--no-cache",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("4 claims: 4 hold, 0 fail, 0 not measurable"),
        "{text}"
    );
    // An unknown key under `cves` is an error at the claim's metric when the section is there.
    let typo = claim("typo", "cves.records_in_tre", "==", "1");
    let (dir, tree, file) = fixture(&typo);
    let vulns = self::vulns(dir.path());
    let out = kcensus(&[
        "check",
        file.to_str().unwrap(),
        tree.to_str().unwrap(),
        "--cves",
        vulns.to_str().unwrap(),
        "--no-cache",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown key `records_in_tre`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn exit_2_on_malformed_toml_with_line_and_column() {
    let out = check(
        "[[claim]]\nid = \"a\"\ntext = \"unterminated\nop = \"==\"\n",
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("claims.toml:3:"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn exit_2_on_unknown_metric_with_the_claims_line() {
    let claims = claim("ok", "rust.files", "==", "2") + &claim("typo", "rust.filez", "==", "2");
    let out = check(&claims, &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    // The second claim starts on line 8; its metric is on line 11, the value at column 10.
    assert!(err.contains("claims.toml:11:10: claim `typo`"), "{err}");
    assert!(err.contains("unknown key `filez` in `rust`"), "{err}");
}

#[test]
fn exit_2_on_bad_metric_syntax_unknown_op_and_missing_files() {
    let out = check(&claim("bad", "areas[area=x", "==", "2"), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("claims.toml:4:10: claim `bad`: bad metric"),
        "{}",
        stderr(&out)
    );
    let out = check(&claim("bad", "rust.files", "=~", "2"), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("claims.toml:5:6:"),
        "{}",
        stderr(&out)
    );
    let out = kcensus(&["check", "/nonexistent/claims.toml", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("/nonexistent/claims.toml: no such file"),
        "{}",
        stderr(&out)
    );
    let (_dir, _tree, file) = fixture(&claim("files", "rust.files", "==", "2"));
    let out = kcensus(&["check", file.to_str().unwrap(), "/nonexistent/tree"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    // Usage errors (clap) are 2 as well.
    assert_eq!(kcensus(&["check"]).status.code(), Some(2));
}

const ARTICLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/claims/rust-in-linux-2025-article.toml"
);

/// Run the article's claims on a tree: (id → (verdict, actual)), and the exit status.
fn article_verdicts(tree: &Path) -> (Vec<(String, String, Value)>, Option<i32>) {
    let out = kcensus(&["check", ARTICLE, tree.to_str().unwrap(), "--format", "json"]);
    let json: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)));
    common::schema::validate("check", &[&String::from_utf8_lossy(&out.stdout)]);
    let rows = json["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["verdict"].as_str().unwrap().to_string(),
                c["actual"].clone(),
            )
        })
        .collect();
    (rows, out.status.code())
}

fn assert_verdicts(tree: &Path, expected: &[(&str, &str, Value)]) {
    let (rows, status) = article_verdicts(tree);
    let ids: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    let want: Vec<&str> = expected.iter().map(|e| e.0).collect();
    assert_eq!(ids, want);
    for ((id, verdict, actual), (_, want_verdict, want_actual)) in rows.iter().zip(expected) {
        assert_eq!(
            (verdict.as_str(), actual),
            (*want_verdict, want_actual),
            "claim {id}"
        );
    }
    assert_eq!(
        status,
        Some(2),
        "the CVE claims need --cves, which these runs do not give: exit status 2"
    );
}

/// The verdict of a claim on `cves` when check runs without `--cves`.
const NOT_GIVEN: &str = "not measurable";

/// Linux 6.12, checked by hand:
/// - `find -name '*.rs'`: 79 files; cloc on them: 1,778 blank, 9,128 comment, 9,670 code;
///   cloc on rust/kernel: 51 files, 7,030 code; rust/macros 10 files, 990 code; samples/rust
///   5 files, 93 code; drivers (Rust) 4 files, 998 code; no rust/pin-init.
/// - rust/kernel/lib.rs declares 25 top-level modules; bindings_helper.h has 15 `#include`s;
///   rust/Makefile has 476 lines; `select HAVE_RUST` in arm64, loongarch, riscv, um, x86.
/// - no drivers/android/binder (Rust Binder came in 6.18); `#[no_mangle]` in
///   drivers/gpu/drm/drm_panic_qr.rs (called from drm_panic.c), mm/kasan/kasan_test_rust.rs,
///   and rust/ (`rust_fmt_argument`, called from lib/vsprintf.c).
/// - `grep -w unsafe` in drivers/**/*.rs: 4 lines (drm_panic_qr.rs); `bindings::`: none.
/// - `wc -l drivers/net/phy/ax88796b_rust.rs`: 134 (the C ax88796b.c: 131, not measured).
#[test]
fn article_claims_on_6_12() {
    let Some(tree) = tree("6.12") else { return };
    use serde_json::json;
    let f = "fails";
    assert_verdicts(
        &tree,
        &[
            ("rust-files", f, json!(79)),
            ("rust-code", f, json!(9670)),
            ("rust-total-lines", f, json!(1778 + 9128 + 9670)),
            ("rust-comment", f, json!(9128)),
            ("kernel-abstraction-modules", f, json!(25)),
            ("rust-kernel-code", f, json!(7030)),
            ("rust-kernel-files", f, json!(51)),
            ("pin-init-code", f, json!(0)),
            ("pin-init-files", f, json!(0)),
            ("macros-code", f, json!(990)),
            ("macros-files", f, json!(10)),
            ("drivers-code", f, json!(998)),
            ("drivers-files", f, json!(4)),
            ("samples-code", f, json!(93)),
            ("samples-files", f, json!(5)),
            ("bindings-helper-headers", f, json!(15)),
            // bindings_helper.h's 15 `#include`s and uapi_helper.h's 4, by hand.
            ("bound-headers", f, json!(19)),
            ("rust-makefile-lines", f, json!(476)),
            (
                "architectures",
                f,
                json!(["arm64", "loongarch", "riscv", "um", "x86"]),
            ),
            ("binder-not-merged", "holds", json!("absent")),
            (
                "c-calls-rust-only-for-init-exit",
                f,
                json!([
                    "drm_panic_qr_generate",
                    "drm_panic_qr_max_data_size",
                    "kasan_test_rust_uaf",
                    "rust_build_error",
                    "rust_fmt_argument"
                ]),
            ),
            ("drivers-no-unsafe", f, json!(4)),
            ("drivers-no-bindings", "holds", json!(0)),
            ("drivers-call-no-c-directly", "holds", json!(0)),
            ("binder-unsafe-lines", "not measurable", Value::Null),
            ("binder-lines", "not measurable", Value::Null),
            ("ax88796b-rust-lines", "holds", json!(134)),
            // `wc -l drivers/net/phy/ax88796b.c`: 131.
            ("ax88796b-c-lines", f, json!(131)),
            // Without `--cves` (tests/it/cves.rs checks them with it).
            ("cves-memory-safety-share", NOT_GIVEN, Value::Null),
            ("cves-rust-drivers", NOT_GIVEN, Value::Null),
        ],
    );
}

/// Linux 7.3, checked by hand:
/// - `find -name '*.rs'`: 496 files; cloc on them: 16,364 blank, 55,310 comment, 120,084
///   code (syn, zerocopy, ... vendored since 6.19 included); cloc on rust/kernel: 163 files,
///   28,034 code; rust/pin-init 15 files, 2,479 code; rust/macros 10 files, 1,221 code;
///   samples/rust 19 files, 1,542 code; drivers (Rust) 102 files, 22,254 code.
/// - rust/kernel/lib.rs declares 83 top-level modules; bindings_helper.h has 75 `#include`s;
///   rust/Makefile has 815 lines; `select HAVE_RUST` in arm, arm64, loongarch, powerpc,
///   riscv, s390, um, x86.
/// - drivers/android/binder: 20 Rust files, cloc 7,495 code, `grep -c unsafe` 199 lines;
///   `#[no_mangle]`/`#[export]` in binder, drm_panic_qr.rs, kasan_test_rust.rs, rust/.
/// - `grep -w unsafe` in drivers/**/*.rs: 304 lines; `bindings::`: 209 lines.
/// - `wc -l drivers/net/phy/ax88796b_rust.rs`: 133; the C ax88796b.c (its twin): 130.
#[test]
fn article_claims_on_7_3() {
    let Some(tree) = tree("7.3") else { return };
    use serde_json::json;
    let f = "fails";
    let (rows, _) = article_verdicts(&tree);
    let exports = rows
        .iter()
        .find(|r| r.0 == "c-calls-rust-only-for-init-exit")
        .map(|r| r.2.clone())
        .unwrap();
    let exports = exports.as_array().unwrap();
    assert_eq!(exports.len(), 20);
    for symbol in [
        "rust_binder_new_context",
        "drm_panic_qr_generate",
        "rust_fmt_argument",
    ] {
        assert!(exports.contains(&json!(symbol)), "{symbol}");
    }
    assert_verdicts(
        &tree,
        &[
            ("rust-files", f, json!(496)),
            ("rust-code", f, json!(120084)),
            ("rust-total-lines", f, json!(16364 + 55310 + 120084)),
            ("rust-comment", f, json!(55310)),
            ("kernel-abstraction-modules", f, json!(83)),
            ("rust-kernel-code", f, json!(28034)),
            ("rust-kernel-files", f, json!(163)),
            ("pin-init-code", f, json!(2479)),
            ("pin-init-files", "holds", json!(15)),
            ("macros-code", f, json!(1221)),
            ("macros-files", f, json!(10)),
            ("drivers-code", f, json!(22254)),
            ("drivers-files", f, json!(102)),
            ("samples-code", f, json!(1542)),
            ("samples-files", f, json!(19)),
            ("bindings-helper-headers", f, json!(75)),
            // 84 distinct `#include`s in bindings_helper.h (75) and uapi_helper.h (9), by
            // hand; kcensus finds 82 of them in the tree (the three `../../drivers/...`
            // relative includes are where the two go: not yet explained, issue 14).
            ("bound-headers", "holds", json!(82)),
            ("rust-makefile-lines", f, json!(815)),
            (
                "architectures",
                "holds",
                json!([
                    "arm",
                    "arm64",
                    "loongarch",
                    "powerpc",
                    "riscv",
                    "s390",
                    "um",
                    "x86"
                ]),
            ),
            ("binder-not-merged", f, json!("rust_binder")),
            (
                "c-calls-rust-only-for-init-exit",
                f,
                Value::Array(exports.clone()),
            ),
            ("drivers-no-unsafe", f, json!(303)),
            // Binder's `bindings::` paths: 70 matches of `grep -o 'bindings::[A-Za-z_0-9]*'`,
            // where two use trees name two items each (72 names). nova-core's `bindings::`
            // paths name its own firmware bindings (`use r570_144 as bindings`) and are not
            // uses of C.
            ("drivers-no-bindings", f, json!(72)),
            // rust_binder calls 17 C functions directly, find_bit_benchmark_rust 1. By
            // `grep -o 'bindings::[a-z_0-9]* *(\?'` in drivers/android/binder: 16 names
            // followed by `(` (fput, filp_close, list_lru_add, shrinker_alloc, ...) and
            // `compat_ptr_ioctl` as a function pointer; `file`, `dentry` and `inode` are struct
            // tags (they counted as functions before, 21).
            ("drivers-call-no-c-directly", f, json!(18)),
            ("binder-unsafe-lines", f, json!(199)),
            ("binder-lines", "holds", json!(7495)),
            ("ax88796b-rust-lines", "holds", json!(133)),
            ("ax88796b-c-lines", f, json!(130)),
            ("cves-memory-safety-share", NOT_GIVEN, Value::Null),
            ("cves-rust-drivers", NOT_GIVEN, Value::Null),
        ],
    );
}
