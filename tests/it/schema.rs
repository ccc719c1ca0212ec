//! The published JSON Schemas (`docs/schema/NAME.json`, `kcensus schema NAME`): the committed
//! files are what the binary prints (so they cannot go stale), the validator rejects what it
//! must, and every JSON output validates against its schema — on a small hand-made kernel tree
//! here (all six outputs, with every optional section), and on the four real trees: `count`
//! below, `report` in tests/it/report.rs and tests/it/cves.rs (`--cves`), `history` and `diff` in
//! tests/it/history.rs, `check` in tests/it/check.rs, `lint` in tests/it/lint.rs.

use serde_json::Value;
use std::path::Path;

use crate::common;
use common::fixtures::{kcensus, write, Run};
use common::schema::{schema_path, validate, validation_errors};
use common::small_kernel::make_tree;

const NAMES: [&str; 6] = ["count", "report", "history", "diff", "check", "lint"];

fn ok(run: Run) -> String {
    assert!(
        run.code == Some(0) || run.code == Some(1),
        "exit {:?}: {}",
        run.code,
        run.stderr
    );
    run.stdout
}

#[test]
fn committed_schemas_are_what_kcensus_schema_prints() {
    for name in NAMES {
        let printed = ok(kcensus(["schema", name]));
        let committed = std::fs::read_to_string(schema_path(name)).unwrap_or_default();
        assert!(
            printed == committed,
            "docs/schema/{name}.json is stale: run `kcensus schema {name} > docs/schema/{name}.json`"
        );
        let schema: Value = serde_json::from_str(&printed).unwrap();
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert_eq!(schema["title"], format!("kcensus {name} --format json"));
    }
    let files: Vec<String> = std::fs::read_dir(schema_path("count").parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files.len(), NAMES.len(), "{files:?}");
    let run = kcensus(["schema", "sarif"]);
    assert_eq!(run.code, Some(2));
    assert!(run
        .stderr
        .contains("count, report, history, diff, check, lint"));
}

/// A VULNS folder with one record touching the driver's Rust file and one touching C.
fn make_vulns(root: &Path) {
    let record = |id: &str, file: &str, title: &str| {
        format!(
            r#"{{"cveMetadata": {{"cveId": "{id}"}}, "containers": {{"cna": {{
            "title": "{title}", "descriptions": [{{"lang": "en", "value": "{title}"}}],
            "affected": [{{"defaultStatus": "affected", "programFiles": ["{file}"],
              "versions": [{{"version": "6.1", "status": "affected"}}]}}]}}}}}}"#
        )
    };
    let year = root.join("cve/published/2025");
    write(
        &year.join("CVE-2025-0001.json"),
        record(
            "CVE-2025-0001",
            "drivers/foo/foo.rs",
            "foo: fix use-after-free",
        )
        .as_bytes(),
    );
    write(
        &year.join("CVE-2025-0002.json"),
        record("CVE-2025-0002", "lib/util.c", "lib: fix a deadlock").as_bytes(),
    );
    write(&year.join("CVE-2025-0003.json"), b"{oops");
}

const CLAIMS: &str = r#"
[[claim]]
id = "files"
text = "Rust files"
metric = "rust.files"
op = "=="
expected = 5

[[claim]]
id = "code"
text = "about 20 lines"
metric = "rust.code"
op = "approx"
expected = 20
tolerance = 0.5

[[claim]]
id = "headers"
text = "many headers"
metric = "bindings.helper_headers"
op = ">="
expected = 80

[[claim]]
id = "drivers"
text = "a driver named foo"
metric = "drivers[crate_name=foo]"
op = "exists"
"#;

/// Every output of every command on the hand-made trees, each once with every option that
/// adds keys (`--by-file`, `--by-dir`, `--cves`), validates against its schema.
#[test]
fn every_json_output_of_a_small_tree_validates() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new, vulns) = (
        dir.path().join("linux-6.1"),
        dir.path().join("linux-6.12"),
        dir.path().join("vulns"),
    );
    make_tree(&old, "6.1.5", 1);
    make_tree(&new, "6.12.3", 3);
    make_vulns(&vulns);
    let claims = dir.path().join("claims.toml");
    write(&claims, CLAIMS.as_bytes());
    let (old, new, vulns) = (
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        vulns.to_str().unwrap(),
    );

    let counts = [
        ok(kcensus(["count", new, "--format", "json"])),
        ok(kcensus([
            "count",
            new,
            "--format",
            "json",
            "--by-file",
            "--by-dir",
            "1",
        ])),
    ];
    let by_file: Value = serde_json::from_str(&counts[1]).unwrap();
    assert!(by_file["files"].as_array().unwrap().len() >= 8);
    assert!(by_file["dirs"].as_array().unwrap().len() >= 5);
    let reports = [
        ok(kcensus(["report", new, "--format", "json", "--no-cache"])),
        ok(kcensus([
            "report",
            new,
            "--format",
            "json",
            "--no-cache",
            "--cves",
            vulns,
        ])),
    ];
    let report: Value = serde_json::from_str(&reports[0]).unwrap();
    assert_eq!(report["drivers"][0]["crate_name"], "foo");
    assert_eq!(report["modules"][0]["path"], "sync");
    let with_cves: Value = serde_json::from_str(&reports[1]).unwrap();
    assert_eq!(with_cves["cves"]["records_in_tree"], 2);
    assert_eq!(with_cves["cves"]["rust"][0]["id"], "CVE-2025-0001");
    assert_eq!(
        with_cves["cves"]["source"]["skipped"][0]["path"]
            .as_str()
            .map(|p| p.ends_with("CVE-2025-0003.json")),
        Some(true)
    );
    let history = ok(kcensus([
        "history",
        old,
        new,
        "--format",
        "json",
        "--no-cache",
    ]));
    let diff = ok(kcensus([
        "diff",
        old,
        new,
        "--format",
        "json",
        "--no-cache",
    ]));
    let diff_doc: Value = serde_json::from_str(&diff).unwrap();
    assert_eq!(diff_doc["old"]["kernel_version"], "6.1.5");
    let check = ok(kcensus([
        "check",
        claims.to_str().unwrap(),
        new,
        "--format",
        "json",
        "--no-cache",
    ]));
    let verdicts: Vec<String> = serde_json::from_str::<Value>(&check).unwrap()["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["verdict"].as_str().unwrap().to_string())
        .collect();
    assert!(
        verdicts.iter().any(|v| v == "not measurable"),
        "{verdicts:?}"
    );
    let lint = ok(kcensus([
        "lint",
        new,
        "--rule",
        "undocumented-unsafe,unsafe-in-driver",
        "--format",
        "json",
    ]));
    let findings = serde_json::from_str::<Value>(&lint).unwrap()["findings"]
        .as_array()
        .unwrap()
        .len();
    assert!(findings >= 3, "{lint}");

    let all: [(&str, Vec<&str>); 6] = [
        ("count", counts.iter().map(String::as_str).collect()),
        ("report", reports.iter().map(String::as_str).collect()),
        ("history", vec![&history]),
        ("diff", vec![&diff]),
        ("check", vec![&check]),
        ("lint", vec![&lint]),
    ];
    for (name, documents) in all {
        validate(name, &documents);
    }
}

/// The validation can fail: a key the schema does not name, a required key missing, a value
/// of the wrong type, a value outside an enumeration are each rejected.
#[test]
fn the_validation_rejects_what_the_schemas_do_not_describe() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("linux");
    make_tree(&tree, "6.12.3", 1);
    let tree = tree.to_str().unwrap();
    let count = ok(kcensus(["count", tree, "--format", "json"]));
    let lint = ok(kcensus(["lint", tree, "--format", "json"]));
    let Some(errors) = validation_errors("count", &[&count]) else {
        return; // no python3 or jsonschema (a note was printed)
    };
    assert_eq!(errors, "", "the untouched output validates");
    let doc: Value = serde_json::from_str(&count).unwrap();
    let lint_doc: Value = serde_json::from_str(&lint).unwrap();
    let tampered = |name: &str, doc: &Value, change: &dyn Fn(&mut Value)| {
        let mut doc = doc.clone();
        change(&mut doc);
        validation_errors(name, &[&doc.to_string()]).unwrap()
    };
    let extra = tampered("count", &doc, &|d| d["total"]["lines"] = 3.into());
    assert!(extra.contains("'lines' was unexpected"), "{extra}");
    let missing = tampered("count", &doc, &|d| {
        d["summary"].as_object_mut().unwrap().remove("counted");
    });
    assert!(
        missing.contains("'counted' is a required property"),
        "{missing}"
    );
    let mistyped = tampered("count", &doc, &|d| d["total"]["code"] = "many".into());
    assert!(mistyped.contains("is not of type 'integer'"), "{mistyped}");
    let negative = tampered("count", &doc, &|d| d["total"]["code"] = (-1).into());
    assert!(negative.contains("less than the minimum"), "{negative}");
    let rule = tampered("lint", &lint_doc, &|d| {
        d["findings"][0]["rule"] = "no-such-rule".into()
    });
    assert!(
        rule.contains("'no-such-rule' is not valid under any of the given schemas"),
        "{rule}"
    );
}

/// `count --format json` of the four real trees (with `--by-dir 2`; `--by-file` is checked on
/// the small tree: its 90,000 rows make validation slow) validates.
#[test]
fn count_of_the_real_trees_validates() {
    for version in ["6.1", "6.12", "7.2", "7.3"] {
        let Some(tree) = common::tree(version) else {
            continue;
        };
        let text = common::kcensus_ok(&[
            "count",
            tree.to_str().unwrap(),
            "--format",
            "json",
            "--by-dir",
            "2",
        ]);
        let doc: Value = serde_json::from_str(&text).unwrap();
        assert!(
            doc["dirs"].as_array().unwrap().len() > 100,
            "Linux {version}"
        );
        validate("count", &[&text]);
    }
}
