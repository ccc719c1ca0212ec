//! The crate model on the real 7.3 tree, each rule checked against a second reading of the
//! tree (its files listed, its `mod`, `include!` and Makefile lines read with plain text
//! scans): files reached through inline modules and `include!`, the Kconfig symbol of a Rust
//! object that is part of a C module's composite.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

use crate::common;

/// `kcensus report --format json` of Linux 7.3, run once for every test here.
fn report_7_3() -> Option<&'static (std::path::PathBuf, serde_json::Value)> {
    static REPORT: OnceLock<Option<(std::path::PathBuf, serde_json::Value)>> = OnceLock::new();
    REPORT
        .get_or_init(|| {
            let tree = common::tree("7.3")?;
            let json = common::kcensus_ok(&["report", &tree.to_string_lossy(), "--format", "json"]);
            Some((tree, serde_json::from_str(&json).expect("JSON")))
        })
        .as_ref()
}

/// The report's crate named `name`.
fn crate_named<'a>(report: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    report["crates"]
        .as_array()
        .expect("crates[]")
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no crate {name}"))
}

fn strings(value: &serde_json::Value) -> BTreeSet<String> {
    value
        .as_array()
        .expect("an array")
        .iter()
        .map(|v| v.as_str().expect("a string").to_string())
        .collect()
}

/// The `.rs` files directly in a folder of the tree, relative to the tree.
fn rust_files_in(tree: &Path, folder: &str) -> BTreeSet<String> {
    std::fs::read_dir(tree.join(folder))
        .expect("the folder")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".rs"))
        .map(|name| format!("{folder}/{name}"))
        .collect()
}

/// The names of the `mod NAME;` lines inside the inline `mod gen { ... }` of syn's lib.rs,
/// read as text: from the line opening the block to its closing `}` alone at the start of a
/// line (rustfmt's layout).
fn syn_gen_declarations(lib_rs: &str) -> BTreeSet<String> {
    let mut inside = false;
    let mut names = BTreeSet::new();
    for line in lib_rs.lines() {
        if line.starts_with("mod gen {") {
            inside = true;
        } else if inside && line.starts_with('}') {
            break;
        } else if inside {
            let code = line.trim();
            let code = code.strip_prefix("pub ").unwrap_or(code);
            if let Some(name) = code.strip_prefix("mod ").and_then(|r| r.strip_suffix(';')) {
                names.insert(name.to_string());
            }
        }
    }
    names
}

/// syn's generated traversals live in `rust/syn/gen/`, declared as `mod fold;` ... inside
/// the inline `mod gen { ... }` of `lib.rs`: each is `gen/NAME.rs`, a file of the crate.
#[test]
fn mod_declarations_inside_inline_modules_reach_syn_gen() {
    let Some((tree, report)) = report_7_3() else {
        return;
    };
    let lib_rs = std::fs::read_to_string(tree.join("rust/syn/lib.rs")).expect("lib.rs");
    let declared: BTreeSet<String> = syn_gen_declarations(&lib_rs)
        .into_iter()
        .map(|name| format!("rust/syn/gen/{name}.rs"))
        .collect();
    // The two readings of the tree agree: every file of the folder is declared, and back.
    let listed = rust_files_in(tree, "rust/syn/gen");
    assert_eq!(declared, listed);
    assert_eq!(listed.len(), 7, "{listed:?}");
    let syn_files = strings(&crate_named(report, "syn")["files"]);
    let unreached = strings(&report["unreached_files"]);
    for file in &listed {
        assert!(syn_files.contains(file), "{file} not in syn");
        assert!(!unreached.contains(file), "{file} unreached");
    }
}

/// nova-core's firmware bindings are read with `include!("r570_144/bindings.rs")`: the file
/// is part of the crate (and so of the driver's figures).
#[test]
fn include_reaches_nova_core_firmware_bindings() {
    let Some((tree, report)) = report_7_3() else {
        return;
    };
    // Every `include!("literal")` of nova-core's files, found by a text scan, resolved
    // against the including file's folder as `include!` does.
    let mut included = BTreeSet::new();
    let mut stack = vec![tree.join("drivers/gpu/nova-core")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)
            .expect("folder")
            .filter_map(|e| e.ok())
        {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for line in text.lines() {
                let Some(arg) = line
                    .trim()
                    .strip_prefix("include!(\"")
                    .and_then(|r| r.strip_suffix("\");"))
                else {
                    continue;
                };
                let folder = path.parent().expect("a folder").join(arg);
                let relative = folder.strip_prefix(tree).expect("inside the tree");
                included.insert(relative.to_string_lossy().into_owned());
            }
        }
    }
    assert_eq!(
        included,
        BTreeSet::from(["drivers/gpu/nova-core/gsp/fw/r570_144/bindings.rs".to_string()])
    );
    let nova = crate_named(report, "nova_core");
    let files = strings(&nova["files"]);
    let unreached = strings(&report["unreached_files"]);
    for file in &included {
        assert!(files.contains(file), "{file} not in nova_core");
        assert!(!unreached.contains(file), "{file} unreached");
    }
    let driver = report["drivers"]
        .as_array()
        .expect("drivers[]")
        .iter()
        .find(|d| d["root"] == "drivers/gpu/nova-core/nova_core.rs")
        .expect("the nova-core driver");
    assert_eq!(driver["files"].as_u64(), Some(files.len() as u64));
}

/// What stays unreached in 7.3 is what no build of the kernel compiles: zerocopy's
/// benchmarks, pin-init's examples and a perf test workload (built by perf's own build).
#[test]
fn only_benches_examples_and_tools_stay_unreached() {
    let Some((tree, report)) = report_7_3() else {
        return;
    };
    let unreached = strings(&report["unreached_files"]);
    let folders = [
        "rust/zerocopy/benches",
        "rust/pin-init/examples",
        "tools/perf/tests/workloads",
    ];
    let outside_any_build = |p: &str| folders.iter().any(|f| p.starts_with(&format!("{f}/")));
    let others: Vec<&String> = unreached.iter().filter(|p| !outside_any_build(p)).collect();
    assert!(others.is_empty(), "{others:?}");
    // And all of them: every `.rs` file below those folders, listed from the disk.
    let mut listed = BTreeSet::new();
    let mut stack: Vec<String> = folders.iter().map(|f| f.to_string()).collect();
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(tree.join(&folder))
            .expect("folder")
            .flatten()
        {
            let name = format!("{folder}/{}", entry.file_name().to_string_lossy());
            if entry.path().is_dir() {
                stack.push(name);
            } else if name.ends_with(".rs") {
                listed.insert(name);
            }
        }
    }
    assert_eq!(unreached, listed);
    assert_eq!(unreached.len(), 80);
}
