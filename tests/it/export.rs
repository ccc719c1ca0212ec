//! `kcensus export --sqlite FILE`: the database read back (rusqlite) equals the JSON report of
//! the same input, table by table and value by value (the JSON, walked by this test's own
//! rules, is the second method); the file is byte-identical across runs; errors leave no file.

use rusqlite::types::Value as Sql;
use rusqlite::Connection;
use serde_json::Value;
use std::path::Path;

use crate::common;
use common::fixtures::{assert_one_line_error, kcensus};
use common::small_kernel::make_tree;

/// Every row of `table`, in rowid order, as (column, value) pairs.
fn rows(db: &Connection, table: &str) -> Vec<Vec<(String, Sql)>> {
    let mut statement = db
        .prepare(&format!("SELECT * FROM {table} ORDER BY rowid"))
        .unwrap();
    let names: Vec<String> = statement
        .column_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    statement
        .query_map([], |row| {
            Ok(names
                .iter()
                .enumerate()
                .map(|(i, n)| (n.clone(), row.get::<_, Sql>(i).unwrap()))
                .collect())
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Whether a database cell holds the JSON value: null, 0/1 for booleans, integers, floats,
/// strings. Floats agree to 1e-15 relative: serde_json's default parser is not correctly
/// rounded, so the JSON's shortest text may read back one ulp away from the `f64` it printed.
fn same(sql: &Sql, json: &Value) -> bool {
    match (sql, json) {
        (Sql::Null, Value::Null) => true,
        (Sql::Integer(i), Value::Bool(b)) => *i == i64::from(*b),
        (Sql::Integer(i), Value::Number(n)) => n.as_i64() == Some(*i),
        (Sql::Real(x), Value::Number(n)) => n
            .as_f64()
            .is_some_and(|y| (x - y).abs() <= 1e-15 * x.abs().max(y.abs())),
        (Sql::Text(s), Value::String(t)) => s == t,
        _ => false,
    }
}

/// The JSON value a column names in an entry: the key itself, or for `P_REST` the value REST
/// names in the entry's object `P` (`unsafe_fns`, `structs_share`, `rust_lines_code`,
/// `source_path`). `None`: the column is not in the JSON.
fn lookup<'a>(entry: &'a Value, column: &str) -> Option<&'a Value> {
    if let Some(v) = entry.get(column) {
        return Some(v);
    }
    column.match_indices('_').find_map(|(at, _)| {
        let object = entry.get(&column[..at]).filter(|o| o.is_object())?;
        lookup(object, &column[at + 1..])
    })
}

/// A table of one row per JSON entry: every column but `exempt` equals the entry's value.
fn check_table(db: &Connection, table: &str, entries: &[Value], exempt: &[&str]) -> usize {
    let got = rows(db, table);
    assert_eq!(got.len(), entries.len(), "{table}: rows");
    let mut cells = 0;
    for (row, entry) in got.iter().zip(entries) {
        for (column, cell) in row {
            if exempt.contains(&column.as_str()) {
                continue;
            }
            let expected = lookup(entry, column)
                .unwrap_or_else(|| panic!("{table}.{column}: not in the JSON entry {entry}"));
            assert!(
                same(cell, expected),
                "{table}.{column}: {cell:?} != {expected}"
            );
            cells += 1;
        }
    }
    cells
}

/// A child table: its rows are (parent key, item) for every item of every parent's list, in
/// order.
fn check_children(db: &Connection, table: &str, parents: &[Value], key: &str, list: &str) {
    let expected: Vec<(Value, Value)> = parents
        .iter()
        .flat_map(|p| {
            p[list]
                .as_array()
                .unwrap_or_else(|| panic!("{table}: {list} of {p}"))
                .iter()
                .map(|item| (p[key].clone(), item.clone()))
        })
        .collect();
    let got = rows(db, table);
    assert_eq!(got.len(), expected.len(), "{table}: rows");
    for (row, (k, item)) in got.iter().zip(&expected) {
        assert!(same(&row[0].1, k), "{table}: key {:?} != {k}", row[0].1);
        assert!(same(&row[1].1, item), "{table}: {:?} != {item}", row[1].1);
    }
}

/// A table of three columns whose rows are `expected`, in order; returns the cells compared.
fn check_rows(db: &Connection, table: &str, expected: &[[Value; 3]]) -> usize {
    let got = rows(db, table);
    assert_eq!(got.len(), expected.len(), "{table}: rows");
    for (row, want) in got.iter().zip(expected) {
        assert_eq!(row.len(), 3, "{table}: columns");
        for (cell, value) in row.iter().zip(want) {
            assert!(
                same(&cell.1, value),
                "{table}.{}: {:?} != {value}",
                cell.0,
                cell.1
            );
        }
    }
    3 * expected.len()
}

/// `map` (a JSON object of counts) as the rows of a (key, count) table.
fn check_map(db: &Connection, table: &str, map: &Value) {
    let map = map.as_object().unwrap();
    let got = rows(db, table);
    assert_eq!(got.len(), map.len(), "{table}: rows");
    for row in &got {
        let Sql::Text(key) = &row[0].1 else {
            panic!("{table}: {row:?}")
        };
        assert!(same(&row[1].1, &map[key]), "{table}: {key}");
    }
}

fn array(doc: &Value, key: &str) -> Vec<Value> {
    doc.pointer(key)
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("{key}"))
        .clone()
}

/// Every table of the database against the JSON report `doc`; returns the cells compared.
fn check_database(db: &Connection, doc: &Value) -> usize {
    let mut cells = 0;
    let run = &rows(db, "run")[0];
    let run: std::collections::BTreeMap<_, _> = run.iter().cloned().collect();
    assert!(same(&run["report_schema_version"], &doc["schema_version"]));
    assert!(same(&run["kernel_version"], &doc["kernel_version"]));
    assert!(same(&run["cves"], &Value::Bool(doc.get("cves").is_some())));
    let version: i64 = db
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(Sql::Integer(version), run["database_schema_version"]);
    // Scoped rows: the scope names the JSON key.
    let scoped = |scopes: &[(&str, &str)]| -> Vec<Value> {
        scopes
            .iter()
            .map(|(scope, key)| {
                let mut v = doc[*key].clone();
                v["scope"] = Value::String(scope.to_string());
                v
            })
            .collect()
    };
    let totals = scoped(&[("tree", "tree"), ("rust", "rust"), ("rust_own", "rust_own")]);
    cells += check_table(db, "totals", &totals, &[]);
    let unsafe_totals = scoped(&[("rust", "unsafe"), ("rust_own", "unsafe_own")]);
    cells += check_table(db, "unsafe_totals", &unsafe_totals, &[]);
    for (table, key) in [
        ("rust_share", "/rust_share"),
        ("bindings", "/bindings"),
        ("toolchain", "/toolchain"),
        ("reach", "/reach"),
    ] {
        cells += check_table(db, table, &[doc.pointer(key).unwrap().clone()], &[]);
    }
    for (table, key) in [
        ("languages", "/languages"),
        ("skipped_files", "/skipped/files"),
        ("areas", "/areas"),
        ("vendored", "/vendored"),
        ("crates", "/crates"),
        ("files", "/files"),
        ("modules", "/modules"),
        ("drivers", "/drivers"),
        ("architectures", "/architectures"),
        ("reach_by_subsystem", "/reach/by_subsystem"),
        ("reach_called", "/reach/called"),
    ] {
        cells += check_table(db, table, &array(doc, key), &[]);
    }
    for (table, key) in [
        ("exports", "/exports"),
        ("reach_chains", "/reach/chains"),
        ("twins", "/twins"),
    ] {
        cells += check_table(db, table, &array(doc, key), &["id"]);
    }
    check_map(db, "skipped_reasons", &doc["skipped"]["by_reason"]);
    check_map(
        db,
        "bindings_uses_by_area",
        &doc["bindings"]["uses_by_area"],
    );
    check_map(
        db,
        "reach_exports_by_macro",
        &doc["reach"]["exports_by_macro"],
    );
    let unreached: Vec<Vec<Sql>> = rows(db, "unreached_files")
        .into_iter()
        .map(|r| r.into_iter().map(|c| c.1).collect())
        .collect();
    let expected: Vec<Vec<Sql>> = array(doc, "/unreached_files")
        .iter()
        .map(|p| vec![Sql::Text(p.as_str().unwrap().into())])
        .collect();
    assert_eq!(unreached, expected);
    check_children(db, "crate_files", &array(doc, "/crates"), "root", "files");
    check_children(db, "module_files", &array(doc, "/modules"), "path", "paths");
    check_children(db, "module_cfg", &array(doc, "/modules"), "path", "cfg");
    let modules = array(doc, "/modules");
    check_children(
        db,
        "module_maintainers",
        &modules,
        "path",
        "maintainers_entries",
    );
    check_children(
        db,
        "architecture_conditions",
        &array(doc, "/architectures"),
        "arch",
        "conditions",
    );
    let drivers = array(doc, "/drivers");
    check_children(db, "driver_files", &drivers, "root", "paths");
    check_children(db, "driver_authors", &drivers, "root", "authors");
    check_children(
        db,
        "driver_bindings_names",
        &drivers,
        "root",
        "bindings_names",
    );
    // Lists of rows keyed by a generated id: the id is the entry's position, from 1.
    let numbered = |key: &str| -> Vec<Value> {
        array(doc, key)
            .into_iter()
            .zip(1..)
            .map(|(mut v, id): (Value, i64)| {
                v["id"] = Value::from(id);
                v
            })
            .collect()
    };
    check_children(
        db,
        "export_c_callers",
        &numbered("/exports"),
        "id",
        "c_callers",
    );
    for (table, list) in [
        ("export_referenced_by_c", "referenced_by_c"),
        ("export_handed_to_c", "handed_to_c"),
    ] {
        let expected: Vec<[Value; 3]> = numbered("/exports")
            .iter()
            .flat_map(|e| {
                e[list]
                    .as_array()
                    .unwrap_or_else(|| panic!("{list} of {e}"))
                    .iter()
                    .map(|l| [e["id"].clone(), l["file"].clone(), l["line"].clone()])
                    .collect::<Vec<_>>()
            })
            .collect();
        cells += check_rows(db, table, &expected);
    }
    match doc.get("architecture_docs").filter(|d| !d.is_null()) {
        Some(docs) => {
            cells += check_table(db, "architecture_docs", std::slice::from_ref(docs), &[]);
            let expected: Vec<[Value; 3]> = ["documented", "undocumented", "documented_only"]
                .iter()
                .flat_map(|list| {
                    docs[*list]
                        .as_array()
                        .unwrap_or_else(|| panic!("architecture_docs.{list}"))
                        .iter()
                        .map(|arch| [docs["path"].clone(), Value::from(*list), arch.clone()])
                })
                .collect();
            cells += check_rows(db, "architecture_docs_archs", &expected);
        }
        None => {
            for table in ["architecture_docs", "architecture_docs_archs"] {
                assert!(rows(db, table).is_empty(), "{table}");
            }
        }
    }
    let chains = numbered("/reach/chains");
    check_children(db, "reach_chain_modules", &chains, "id", "kernel_modules");
    let subsystems = rows(db, "reach_chain_subsystems");
    let expected: Vec<(Value, Value, Value)> = chains
        .iter()
        .flat_map(|c| {
            c["subsystems"]
                .as_array()
                .unwrap()
                .iter()
                .map(|pair| (c["id"].clone(), pair[0].clone(), pair[1].clone()))
        })
        .collect();
    assert_eq!(subsystems.len(), expected.len());
    for (row, (id, s, n)) in subsystems.iter().zip(&expected) {
        assert!(same(&row[0].1, id) && same(&row[1].1, s) && same(&row[2].1, n));
    }
    cells += check_twins(db, &numbered("/twins"));
    if let Some(cves) = doc.get("cves") {
        cells += check_cves(db, cves);
    } else {
        for table in ["cves", "cves_by_language", "cves_rust", "cves_affecting"] {
            assert!(rows(db, table).is_empty(), "{table}");
        }
    }
    cells
}

/// `twin_sides`, `twin_files`, `twin_side_modules`, `twin_evidence` against `twins[]` (with
/// their ids).
fn check_twins(db: &Connection, twins: &[Value]) -> usize {
    let sides: Vec<Value> = twins
        .iter()
        .flat_map(|t| {
            ["rust", "c"].map(|s| {
                let mut v = t[s].clone();
                v["twin_id"] = t["id"].clone();
                v["side"] = Value::String(s.into());
                v
            })
        })
        .collect();
    let mut cells = check_table(db, "twin_sides", &sides, &[]);
    let files: Vec<Value> = sides
        .iter()
        .flat_map(|s| {
            s["files"].as_array().unwrap().iter().map(|f| {
                let mut f = f.clone();
                f["twin_id"] = s["twin_id"].clone();
                f["side"] = s["side"].clone();
                f
            })
        })
        .collect();
    cells += check_table(db, "twin_files", &files, &[]);
    let modules: usize = sides
        .iter()
        .map(|s| s["modules"].as_array().unwrap().len())
        .sum();
    assert_eq!(rows(db, "twin_side_modules").len(), modules);
    let evidence: Vec<Value> = twins
        .iter()
        .flat_map(|t| {
            t["evidence"].as_array().unwrap().iter().map(|e| {
                let mut e = e.clone();
                e["twin_id"] = t["id"].clone();
                e
            })
        })
        .collect();
    cells += check_table(db, "twin_evidence", &evidence, &[]);
    cells
}

/// The `cves*` tables against the report's `cves` section.
fn check_cves(db: &Connection, cves: &Value) -> usize {
    let mut cells = check_table(db, "cves", std::slice::from_ref(cves), &[]);
    for (table, key) in [
        ("cves_by_language", "/by_language"),
        ("cves_by_area", "/by_area"),
        ("cves_by_class", "/by_class"),
        ("cves_rust", "/rust"),
        ("cves_affecting", "/affecting_this_tree"),
        ("cves_skipped", "/source/skipped"),
    ] {
        cells += check_table(db, table, &array(cves, key), &[]);
    }
    let rust = array(cves, "/rust");
    check_children(db, "cves_rust_files", &rust, "id", "files");
    check_children(db, "cves_rust_introduced", &rust, "id", "introduced");
    check_children(db, "cves_rust_classes", &rust, "id", "classes");
    let affecting = array(cves, "/affecting_this_tree");
    check_children(
        db,
        "cves_affecting_languages",
        &affecting,
        "id",
        "languages",
    );
    let by_class: usize = array(cves, "/by_class")
        .iter()
        .map(|c| c["by_language"].as_object().unwrap().len())
        .sum();
    assert_eq!(rows(db, "cves_by_class_language").len(), by_class);
    cells
}

fn export(args: &[&str]) {
    let run = kcensus([&["export"], args].concat());
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

fn report_json(args: &[&str]) -> Value {
    let run = kcensus([&["report", "--format", "json"], args].concat());
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

fn open(path: &Path) -> Connection {
    Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

#[test]
fn the_database_equals_the_json_report_and_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("linux");
    make_tree(&tree, "6.12.3", 2);
    let tree = tree.to_str().unwrap();
    let first = dir.path().join("first.sqlite");
    let second = dir.path().join("second.sqlite");
    export(&[tree, "--no-cache", "--sqlite", first.to_str().unwrap()]);
    // With a cache, cold: the same bytes (fixed page size, no timestamps, fixed row order).
    let cache = dir.path().join("cache.sqlite");
    let cache = cache.to_str().unwrap();
    export(&[tree, "--cache", cache, "--sqlite", second.to_str().unwrap()]);
    assert_eq!(
        std::fs::read(&first).unwrap(),
        std::fs::read(&second).unwrap()
    );
    let doc = report_json(&[tree, "--no-cache"]);
    let db = open(&first);
    let cells = check_database(&db, &doc);
    assert!(cells > 200, "{cells} cells compared");
    // The tree has something in the main tables.
    for table in ["areas", "crates", "modules", "drivers", "files", "exports"] {
        assert!(!rows(&db, table).is_empty(), "{table} is empty");
    }
    let run = rows(&db, "run");
    assert_eq!(run[0][3].1, Sql::Text(tree.to_string()), "run.input");
    // No temporary file is left beside it.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn an_unwritable_path_is_a_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("linux");
    make_tree(&tree, "6.12.3", 0);
    let tree = tree.to_str().unwrap();
    let missing = dir.path().join("no/such/folder/out.sqlite");
    let run = kcensus([
        "export",
        tree,
        "--no-cache",
        "--sqlite",
        missing.to_str().unwrap(),
    ]);
    assert_one_line_error(&run, &["out.sqlite", "no such file or directory"]);
    // A folder in FILE's place: the rename fails and no partial database is left.
    let folder = dir.path().join("taken.sqlite");
    std::fs::create_dir(&folder).unwrap();
    let run = kcensus([
        "export",
        tree,
        "--no-cache",
        "--sqlite",
        folder.to_str().unwrap(),
    ]);
    assert_one_line_error(&run, &["taken.sqlite"]);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(!names.iter().any(|n| n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn an_error_reading_the_tree_leaves_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.sqlite");
    std::fs::write(&target, b"old").unwrap();
    let corrupt = dir.path().join("linux.tar.gz");
    std::fs::write(&corrupt, b"\x1f\x8b\x08\x00 not gzip at all").unwrap();
    let run = kcensus([
        "export",
        corrupt.to_str().unwrap(),
        "--no-cache",
        "--sqlite",
        target.to_str().unwrap(),
    ]);
    assert_one_line_error(&run, &["linux.tar.gz"]);
    assert_eq!(std::fs::read(&target).unwrap(), b"old");
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

/// Every table of `schema.sql` is documented in SCHEMA.md.
#[test]
fn every_table_is_documented() {
    let schema = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src/render/sqlite/schema.sql"),
    )
    .unwrap();
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("SCHEMA.md")).unwrap();
    let tables: Vec<&str> = schema
        .lines()
        .filter_map(|l| l.strip_prefix("CREATE TABLE "))
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    assert!(tables.len() > 40, "{tables:?}");
    for table in tables {
        assert!(
            docs.contains(&format!("`{table}`")),
            "{table} not in SCHEMA.md"
        );
    }
}

/// The real 7.3 tree with the shared CVE snapshot: every table against `report --cves --format
/// json`.
#[test]
fn the_database_of_7_3_with_cves_equals_the_json_report() {
    let Some(tree) = common::tree("7.3") else {
        return;
    };
    let vulns =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/kernel-vulns-2026-08-21.tar.xz");
    if !vulns.exists() {
        eprintln!("skipping: {} not present", vulns.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("7.3.sqlite");
    let cache = common::cache_dir().join("facts.sqlite");
    let (tree, vulns, cache) = (
        tree.to_str().unwrap(),
        vulns.to_str().unwrap(),
        cache.to_str().unwrap(),
    );
    let args = [tree, "--cves", vulns, "--cache", cache];
    export(&[&args[..], &["--sqlite", out.to_str().unwrap()]].concat());
    let doc = report_json(&args);
    let db = open(&out);
    let cells = check_database(&db, &doc);
    eprintln!("7.3: {cells} cells equal");
    assert!(cells > 20_000, "{cells}");
    assert!(!rows(&db, "cves_by_language").is_empty());
    // The lists issue 18 added are filled on 7.3: binder's `*_show` functions referenced
    // through `DEFINE_SHOW_ATTRIBUTE`, the shrinker callbacks Rust hands to C, and powerpc
    // missing from the architecture documentation.
    for table in [
        "export_referenced_by_c",
        "export_handed_to_c",
        "architecture_docs",
        "architecture_docs_archs",
    ] {
        assert!(!rows(&db, table).is_empty(), "{table} is empty on 7.3");
    }
}
