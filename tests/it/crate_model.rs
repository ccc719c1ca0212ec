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

/// `kasan_test_rust.o` is a part of the C test module `kasan_test.o` (`kasan_test-objs +=
/// kasan_test_rust.o` inside `ifdef CONFIG_RUST`): its symbol is the module's, read here from
/// the Makefile's `obj-$(CONFIG_X) += kasan_test.o` line by a plain text scan.
#[test]
fn a_rust_part_of_a_c_module_takes_the_modules_symbol() {
    let Some((tree, report)) = report_7_3() else {
        return;
    };
    let makefile = std::fs::read_to_string(tree.join("mm/kasan/Makefile")).expect("Makefile");
    let composite = makefile
        .lines()
        .find_map(|l| {
            let (lhs, rhs) = l.trim().split_once("+=")?;
            let name = lhs.trim().strip_suffix("-objs")?;
            rhs.split_whitespace()
                .any(|w| w == "kasan_test_rust.o")
                .then(|| name.to_string())
        })
        .expect("the composite listing kasan_test_rust.o");
    assert_eq!(composite, "kasan_test");
    let symbol = makefile
        .lines()
        .find_map(|l| {
            let (lhs, rhs) = l.trim().split_once("+=")?;
            let symbol = lhs.trim().strip_prefix("obj-$(")?.strip_suffix(')')?;
            rhs.split_whitespace()
                .any(|w| w == format!("{composite}.o"))
                .then(|| symbol.to_string())
        })
        .expect("the obj- line of the composite");
    assert_eq!(symbol, "CONFIG_KASAN_KUNIT_TEST");
    let kasan = crate_named(report, "kasan_test_rust");
    assert_eq!(kasan["kconfig"].as_str(), Some(symbol.as_str()));
    assert_eq!(kasan["linked_into_c"], true);
    let driver = report["drivers"]
        .as_array()
        .expect("drivers[]")
        .iter()
        .find(|d| d["root"] == "mm/kasan/kasan_test_rust.rs")
        .expect("the kasan driver row");
    assert_eq!(driver["kconfig"].as_str(), Some(symbol.as_str()));
    // The prompt is the symbol's own, read from lib/Kconfig.kasan: `config KASAN_KUNIT_TEST`
    // then its `tristate "..." if ...` line.
    let kconfig = std::fs::read_to_string(tree.join("lib/Kconfig.kasan")).expect("Kconfig");
    let mut lines = kconfig
        .lines()
        .skip_while(|l| l.trim() != "config KASAN_KUNIT_TEST");
    lines.next();
    let prompt = lines
        .find_map(|l| l.trim().strip_prefix("tristate \"")?.split('"').next())
        .expect("the prompt");
    assert_eq!(driver["kconfig_prompt"].as_str(), Some(prompt));
}

/// The Makefile and Kbuild lines (continuations joined, comments dropped) of a tree's
/// folders, by folder.
fn kbuild_lines(tree: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![String::new()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(tree.join(&folder))
            .expect("folder")
            .flatten()
        {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = if folder.is_empty() {
                name.clone()
            } else {
                format!("{folder}/{name}")
            };
            if entry.file_type().expect("type").is_dir() {
                stack.push(path);
            } else if name == "Makefile" || name == "Kbuild" {
                let text = String::from_utf8_lossy(&std::fs::read(entry.path()).expect("read"))
                    .replace("\\\n", " ");
                for line in text.lines() {
                    let line = line.split('#').next().unwrap_or("");
                    out.push((folder.clone(), line.to_string()));
                }
            }
        }
    }
    out
}

/// What the crate model leaves out of Kbuild and Kconfig, measured to change nothing for
/// Rust objects on all four trees:
/// - make variables: every Kbuild assignment that lists a Rust object (`X.o` with `X.rs` in
///   the tree) uses no make reference but a `$(CONFIG_...)` suffix, so no variable to expand
///   decides a Rust object's symbol or composite;
/// - composites of composites: no composite with a Rust part is itself a part of another.
///   Kbuild itself expands one level (`real-search` in scripts/Makefile.build, 6.1: in
///   Makefile.lib), so one level is Kbuild's rule, not a shortcut;
/// - Kconfig `source` lines: none stands inside an `if` or `menu` whose condition names
///   `RUST`, so a symbol sourced from another file gets no dependency on Rust that its own
///   file does not spell.
#[test]
fn kbuild_and_kconfig_shortcuts_lose_nothing_for_rust_objects() {
    for version in ["6.1", "6.12", "7.2", "7.3"] {
        let Some(tree) = common::tree(version) else {
            continue;
        };
        let lines = kbuild_lines(&tree);
        let mut rust_lines = 0;
        let mut composites_with_rust = BTreeSet::new();
        for (folder, line) in &lines {
            let Some((lhs, rhs)) = line.split_once('=') else {
                continue;
            };
            let lhs = lhs.trim_end_matches([':', '+', '?']).trim();
            if lhs.contains(' ') || lhs.starts_with("$(obj)") || !lhs.contains('-') {
                continue; // a rule, a target-specific variable, not an object list
            }
            let rust_objects: Vec<&str> = rhs
                .split_whitespace()
                .filter(|w| {
                    w.strip_suffix(".o").is_some_and(|stem| {
                        let rs = if folder.is_empty() {
                            format!("{stem}.rs")
                        } else {
                            format!("{folder}/{stem}.rs")
                        };
                        tree.join(rs).is_file()
                    })
                })
                .collect();
            if rust_objects.is_empty() {
                continue;
            }
            rust_lines += 1;
            let references: Vec<&str> = line
                .match_indices("$(")
                .map(|(at, _)| &line[at..])
                .collect();
            assert!(
                references.iter().all(|r| r.starts_with("$(CONFIG_")),
                "{version} {folder}: {line}"
            );
            let (target, suffix) = lhs.rsplit_once('-').expect("a dash");
            if !["obj", "lib", "always", "subdir"].contains(&target)
                && (["y", "m", "objs"].contains(&suffix) || suffix.starts_with("$("))
            {
                composites_with_rust.insert((folder.clone(), format!("{target}.o")));
            }
        }
        assert!(
            rust_lines >= 2,
            "{version}: {rust_lines} lines list Rust objects"
        );
        for (folder, line) in &lines {
            let Some((lhs, rhs)) = line.split_once('=') else {
                continue;
            };
            let lhs = lhs.trim_end_matches([':', '+', '?']).trim();
            let Some((target, _)) = lhs.rsplit_once('-') else {
                continue;
            };
            if ["obj", "lib", "always", "subdir", "hostprogs"].contains(&target) {
                continue;
            }
            for (composite_folder, composite) in &composites_with_rust {
                assert!(
                    !(folder == composite_folder && rhs.split_whitespace().any(|w| w == composite)),
                    "{version} {folder}: {composite} is a part of {lhs}"
                );
            }
        }
        assert_no_rust_condition_around_source(&tree, version);
    }
}

/// No Kconfig `source` line stands inside an `if` or `menu` (with its `depends on` lines)
/// whose condition names the `RUST` symbol.
fn assert_no_rust_condition_around_source(tree: &Path, version: &str) {
    let mut sources = 0;
    let mut stack = vec![tree.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("folder").flatten() {
            let path = entry.path();
            if entry.file_type().expect("type").is_dir() {
                stack.push(path);
                continue;
            }
            if !entry.file_name().to_string_lossy().starts_with("Kconfig") {
                continue;
            }
            let text = String::from_utf8_lossy(&std::fs::read(&path).expect("read")).into_owned();
            // Each open block's condition; a menu's grows with the `depends on` lines that
            // follow it.
            let mut blocks: Vec<String> = Vec::new();
            let mut menu_open = false;
            // The indentation of the `help` line whose text follows, as kconfig reads it:
            // the text is every blank or more indented line after it.
            let mut help: Option<usize> = None;
            let indentation = |line: &str| {
                line.chars()
                    .take_while(|c| c.is_whitespace())
                    .map(|c| if c == '\t' { 8 } else { 1 })
                    .sum::<usize>()
            };
            for line in text.lines() {
                let words: Vec<&str> = line.split_whitespace().collect();
                if let Some(at) = help {
                    if words.is_empty() || indentation(line) > at {
                        continue;
                    }
                    help = None;
                }
                match words.first().copied() {
                    Some("help" | "---help---") => help = Some(indentation(line)),
                    Some("if") => {
                        blocks.push(words[1..].join(" "));
                        menu_open = false;
                    }
                    Some("menu") => {
                        blocks.push(String::new());
                        menu_open = true;
                    }
                    Some("endif" | "endmenu") => {
                        blocks.pop();
                        menu_open = false;
                    }
                    Some("depends") if menu_open => {
                        if let Some(last) = blocks.last_mut() {
                            last.push_str(&words.join(" "));
                        }
                    }
                    Some("source" | "rsource" | "osource" | "orsource") => {
                        sources += 1;
                        let names_rust = blocks.iter().any(|condition| {
                            condition
                                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                                .any(|word| word == "RUST")
                        });
                        assert!(!names_rust, "{version} {}: {line}", path.display());
                    }
                    Some("config" | "menuconfig" | "choice" | "comment") => menu_open = false,
                    _ => {}
                }
            }
        }
    }
    assert!(sources > 1000, "{version}: {sources} source lines");
}
