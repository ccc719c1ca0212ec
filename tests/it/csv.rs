//! `report --format csv --table areas|modules|drivers`: each table's rows are the JSON
//! report's entries, value for value (the JSON of the same tree is the second method), and text
//! cells follow the CSV rule of every output (a formula-like cell gets its `'`).

use serde_json::Value;

use crate::common;
use common::fixtures::{kcensus, write};
use common::small_kernel::make_tree;

/// A CSV text as rows of cells: the test's own reader (no quoted cells are expected here; a
/// quoted one fails the test).
fn rows(text: &str) -> Vec<Vec<String>> {
    assert!(!text.contains('"'), "{text}");
    text.lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

/// The JSON value a column holds for one entry: figures under `unsafe` for the unsafe columns.
fn json_cell(entry: &Value, column: &str) -> String {
    let value = match column {
        "unsafe_fns" => &entry["unsafe"]["fns"],
        "unsafe_impls" => &entry["unsafe"]["impls"],
        "blocks_with_safety_comment" | "blocks_per_kloc" => &entry["unsafe"][column],
        _ => &entry[column],
    };
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Number(n) if n.is_f64() => n.as_f64().unwrap().to_string(),
        other => other.to_string(),
    }
}

#[test]
fn each_table_equals_the_json_report() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("linux");
    make_tree(&tree, "6.12.3", 2);
    // A driver whose license starts like a formula.
    let foo = tree.join("drivers/foo/foo.rs");
    let text = std::fs::read_to_string(&foo)
        .unwrap()
        .replace("license: \"GPL\"", "license: \"=HYPERLINK(1)\"");
    write(&foo, text.as_bytes());
    let tree = tree.to_str().unwrap();
    let json = kcensus(["report", tree, "--format", "json", "--no-cache"]);
    assert_eq!(json.code, Some(0), "{}", json.stderr);
    let doc: Value = serde_json::from_str(&json.stdout).unwrap();
    for (table, key, expected_rows) in [
        ("areas", "areas", 8),
        ("modules", "modules", 1),
        ("drivers", "drivers", 1),
    ] {
        let run = kcensus([
            "report",
            tree,
            "--format",
            "csv",
            "--table",
            table,
            "--no-cache",
        ]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        let rows = rows(&run.stdout);
        let (header, body) = rows.split_first().unwrap();
        let entries = doc[key].as_array().unwrap();
        assert_eq!(body.len(), entries.len(), "{table}");
        assert_eq!(body.len(), expected_rows, "{table}");
        assert_eq!(header.iter().filter(|c| *c == "code").count(), 1);
        for (row, entry) in body.iter().zip(entries) {
            assert_eq!(row.len(), header.len(), "{table}: {row:?}");
            for (column, cell) in header.iter().zip(row) {
                let want = json_cell(entry, column);
                if column == "license" {
                    assert_eq!(want, "=HYPERLINK(1)");
                    assert_eq!(cell, "'=HYPERLINK(1)");
                } else {
                    assert_eq!(*cell, want, "{table}: {column}");
                }
            }
        }
    }
    // The default table is areas; --table needs --format csv; there is no CSV of the CVEs.
    let default = kcensus(["report", tree, "--format", "csv", "--no-cache"]);
    assert!(default.stdout.starts_with("area,vendored,files,"));
    let areas_code: u64 = doc["areas"][0]["code"].as_u64().unwrap();
    assert!(default
        .stdout
        .lines()
        .nth(1)
        .unwrap()
        .starts_with("rust/kernel,false,"));
    assert!(areas_code > 0);
    let wrong = kcensus(["report", tree, "--table", "drivers", "--no-cache"]);
    assert_eq!(wrong.code, Some(2));
    assert!(wrong
        .stderr
        .contains("--table chooses the table of --format csv"));
}
