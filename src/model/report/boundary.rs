//! The C↔Rust boundary: functions C can call, and what Rust uses of C.

use super::areas::area_of;
use super::drivers::declares_module;
use super::schema::AreaName;
use super::schema::{Area, Bindings, Crate, Export, ExportCUse, ExportKind, SourceLine};
use super::{kernel, ReportInput};
use crate::facts::c_references::PastingMacro;
use std::collections::{BTreeMap, BTreeSet};

/// Functions C can call: exported functions, and the init/exit every module macro generates.
pub(super) fn exports(
    input: &ReportInput<'_>,
    crates: &[Crate],
    vendored_roots: &[String],
) -> Vec<Export> {
    let mut exports = Vec::new();
    let c_references = c_references(input);
    for (path, facts) in input.rust {
        // Vendored crates' own exports (benchmarks, tests) are not the kernel's boundary.
        if area_of(path, vendored_roots).is_vendored() {
            continue;
        }
        for f in &facts.exported_functions {
            let c_callers = input.c_callers.get(&f.symbol).cloned().unwrap_or_default();
            let handed_to_c: Vec<SourceLine> = facts
                .exported_function_values
                .iter()
                .filter(|v| v.name == f.name)
                .map(|v| SourceLine {
                    file: path.clone(),
                    line: v.line,
                })
                .collect();
            let referenced_by_c = c_references.get(&f.symbol).cloned().unwrap_or_default();
            let c_use = if !c_callers.is_empty() {
                ExportCUse::CalledByC
            } else if !referenced_by_c.is_empty() {
                ExportCUse::ReferencedByC
            } else if !handed_to_c.is_empty() {
                ExportCUse::HandedToC
            } else {
                ExportCUse::None
            };
            exports.push(Export {
                symbol: f.symbol.clone(),
                file: path.clone(),
                line: f.line,
                kind: ExportKind::Other,
                via: serde_json::to_value(f.attribute)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default(),
                c_callers,
                referenced_by_c,
                handed_to_c,
                c_use,
            });
        }
    }
    // Module macros in crates outside rust/ generate the module's
    // init_module/cleanup_module (or __<name>_init/__<name>_exit when built in).
    let in_crate: BTreeSet<&str> = crates
        .iter()
        .flat_map(|c| c.files.iter().map(String::as_str))
        .collect();
    for (path, facts) in input.rust {
        if path.starts_with("rust/") || !in_crate.contains(path.as_str()) {
            continue;
        }
        for m in facts.module_macros.iter().filter(|m| declares_module(m)) {
            let name = m.name.clone().unwrap_or_default();
            for (suffix, symbol) in [("init", "init_module"), ("exit", "cleanup_module")] {
                exports.push(Export {
                    symbol: format!("{symbol} (__{name}_{suffix})"),
                    file: path.clone(),
                    line: m.line,
                    kind: ExportKind::ModuleLifecycle,
                    via: format!("{}!", m.macro_name),
                    c_callers: Vec::new(),
                    referenced_by_c: Vec::new(),
                    handed_to_c: Vec::new(),
                    // The module loader calls them.
                    c_use: ExportCUse::CalledByC,
                });
            }
        }
    }
    exports.sort_by(|a, b| {
        (&a.kind, &a.file, a.line, &a.symbol).cmp(&(&b.kind, &b.file, b.line, &b.symbol))
    });
    exports
}

/// Where C files reference each name Rust exports other than by a call
/// ([`crate::facts::c_references`]): a value use of the name, or an invocation of a pasting
/// macro whose pasted name it is (the one level of expansion that module documents; a macro
/// is known by its definitions anywhere in the tree). Sorted, distinct.
fn c_references(input: &ReportInput<'_>) -> BTreeMap<String, Vec<SourceLine>> {
    let mut pasting: BTreeMap<(&str, u32), BTreeSet<&PastingMacro>> = BTreeMap::new();
    for facts in input.c_facts.values() {
        for m in &facts.pasting_macros {
            pasting
                .entry((m.name.as_str(), m.position))
                .or_default()
                .insert(m);
        }
    }
    let mut found: BTreeMap<String, BTreeSet<SourceLine>> = BTreeMap::new();
    let mut add = |name: String, file: &str, line: u32| {
        found.entry(name).or_default().insert(SourceLine {
            file: file.to_string(),
            line,
        });
    };
    for (file, facts) in input.c_facts {
        for r in &facts.references {
            // A value use; the model keeps only names Rust exports.
            add(r.name.clone(), file, r.line);
            let Some(argument) = &r.macro_argument else {
                continue;
            };
            let key = (argument.macro_name.as_str(), argument.position);
            for m in pasting.get(&key).into_iter().flatten() {
                add(m.pasted(&r.name), file, r.line);
            }
        }
    }
    found
        .into_iter()
        .map(|(name, lines)| (name, lines.into_iter().collect()))
        .collect()
}

/// The Rust→C side: headers bindgen reads, C helpers, distinct `bindings::` names, uses by
/// area.
pub(super) fn bindings(
    input: &ReportInput<'_>,
    areas: &[Area],
    vendored_roots: &[String],
) -> Bindings {
    let headers = |path: &str| {
        input
            .text(path)
            .map(|t| {
                kernel::boundary::parse_bindgen_header(&t)
                    .includes
                    .into_iter()
                    .map(|h| h.header)
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut helper_c_functions: Vec<String> = input
        .kept
        .iter()
        .filter(|(p, _)| {
            p.as_str() == "rust/helpers.c" || (p.starts_with("rust/helpers/") && p.ends_with(".c"))
        })
        .flat_map(|(_, b)| {
            kernel::boundary::parse_helpers(&String::from_utf8_lossy(b))
                .helpers
                .into_iter()
                .map(|f| f.name)
        })
        .collect();
    helper_c_functions.sort();
    helper_c_functions.dedup();
    let mut all: BTreeSet<&str> = BTreeSet::new();
    let mut kernel_crate: BTreeSet<&str> = BTreeSet::new();
    for (path, facts) in input.rust {
        all.extend(facts.bindings_uses.keys().map(String::as_str));
        if area_of(path, vendored_roots) == AreaName::Kernel {
            kernel_crate.extend(facts.bindings_uses.keys().map(String::as_str));
        }
    }
    Bindings {
        helper_headers: headers("rust/bindings/bindings_helper.h"),
        uapi_headers: headers("rust/uapi/uapi_helper.h"),
        helper_c_functions,
        distinct_names: all.len() as u64,
        distinct_names_in_kernel_crate: kernel_crate.len() as u64,
        uses_by_area: areas
            .iter()
            .map(|a| (a.area.to_string(), a.bindings_uses))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::areas::vendored_crates;
    use super::super::crates::find_crates;
    use super::super::fixture::Tree;
    use super::*;

    fn tree() -> Tree {
        Tree::new(&[
            ("rust/syn/README.md", "# `syn`\n\nThese source files come from the Rust `syn` crate, version 2.0.106\n(released 2025-08-16), hosted in the <https://github.com/dtolnay/syn> repository.\n"),
            ("rust/syn/lib.rs", "#[no_mangle]\npub extern \"C\" fn syn_bench() {}\n"),
            ("rust/kernel/lib.rs", "#[no_mangle]\npub extern \"C\" fn rust_fmt(x: u32) -> u32 { unsafe { bindings::a(); bindings::b() } }\n"),
            ("drivers/x/Makefile", "obj-m += xdrv.o\n"),
            ("drivers/x/xdrv.rs", "module! {\n    type: X,\n    name: \"xdrv\",\n    license: \"GPL\",\n}\nfn f() { bindings::a(); bindings::c(); }\n"),
            ("rust/bindings/bindings_helper.h", "#include <linux/slab.h>\n#include \"local.h\"\n"),
            ("rust/helpers/mutex.c", "__rust_helper void rust_helper_mutex_lock(struct mutex *m)\n{\n\tmutex_lock(m);\n}\n"),
        ])
        .with_callers("rust_fmt", &["lib/vsprintf.c"])
    }

    #[test]
    fn exports_other_then_module_lifecycle_and_not_vendored() {
        let tree = tree();
        let input = tree.input();
        let roots: Vec<String> = vendored_crates(&input)
            .into_iter()
            .map(|v| v.path)
            .collect();
        assert_eq!(roots, ["rust/syn"]);
        let crates = find_crates(&input, &tree.counted());
        let found = exports(&input, &crates, &roots);
        let summary: Vec<(ExportKind, &str, &str, &str)> = found
            .iter()
            .map(|e| (e.kind, e.symbol.as_str(), e.file.as_str(), e.via.as_str()))
            .collect();
        assert_eq!(
            summary,
            [
                (
                    ExportKind::ModuleLifecycle,
                    "cleanup_module (__xdrv_exit)",
                    "drivers/x/xdrv.rs",
                    "module!"
                ),
                (
                    ExportKind::ModuleLifecycle,
                    "init_module (__xdrv_init)",
                    "drivers/x/xdrv.rs",
                    "module!"
                ),
                (
                    ExportKind::Other,
                    "rust_fmt",
                    "rust/kernel/lib.rs",
                    "no_mangle"
                ),
            ]
        );
        assert_eq!(found[2].c_callers, ["lib/vsprintf.c"]);
        assert_eq!(found[2].line, 2);
        // The JSON spells the kinds as before the enum.
        assert_eq!(
            serde_json::to_value(ExportKind::ModuleLifecycle).unwrap(),
            "module lifecycle"
        );
        assert_eq!(serde_json::to_value(ExportKind::Other).unwrap(), "other");
    }

    #[test]
    fn exports_say_how_c_reaches_them() {
        let tree = Tree::new(&[(
            "rust/kernel/cb.rs",
            "static OPS: Ops = Ops { f: Some(rust_cb) };\n\
             #[no_mangle]\nextern \"C\" fn rust_cb() {}\n\
             #[no_mangle]\nextern \"C\" fn rust_called() { rust_cb() }\n\
             #[no_mangle]\nextern \"C\" fn rust_alone() {}\n\
             #[no_mangle]\nextern \"C\" fn rust_ref() {}\n\
             #[no_mangle]\nextern \"C\" fn rust_x_show() {}\n",
        )])
        .with_callers("rust_called", &["lib/x.c"])
        .with_c_file(
            "include/linux/seq_file.h",
            "#define DEFINE_SHOW_ATTRIBUTE(__name) \\\n\
             static int __name ## _open(struct inode *i, struct file *f) \\\n\
             { return single_open(f, __name ## _show, i->i_private); }\n",
        )
        .with_c_file(
            "drivers/x/x.c",
            "DEFINE_SHOW_ATTRIBUTE(rust_x);\n\
             static const struct ops o = {\n\t.f = rust_ref,\n};\n\
             int y = rust_called(1);\n",
        );
        let input = tree.input();
        let found = exports(&input, &[], &[]);
        let summary: Vec<(&str, ExportCUse, Vec<u32>, Vec<u32>)> = found
            .iter()
            .map(|e| {
                (
                    e.symbol.as_str(),
                    e.c_use,
                    e.handed_to_c.iter().map(|h| h.line).collect(),
                    e.referenced_by_c.iter().map(|h| h.line).collect(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("rust_cb", ExportCUse::HandedToC, vec![1], vec![]),
                ("rust_called", ExportCUse::CalledByC, vec![], vec![]),
                ("rust_alone", ExportCUse::None, vec![], vec![]),
                ("rust_ref", ExportCUse::ReferencedByC, vec![], vec![3]),
                ("rust_x_show", ExportCUse::ReferencedByC, vec![], vec![1]),
            ]
        );
        assert_eq!(found[0].handed_to_c[0].file, "rust/kernel/cb.rs");
        assert_eq!(found[4].referenced_by_c[0].file, "drivers/x/x.c");
        assert_eq!(
            serde_json::to_value(ExportCUse::HandedToC).unwrap(),
            "handed_to_c"
        );
        assert_eq!(
            serde_json::to_value(ExportCUse::ReferencedByC).unwrap(),
            "referenced_by_c"
        );
    }

    #[test]
    fn bindings_headers_helpers_and_distinct_names() {
        let tree = tree();
        let input = tree.input();
        let roots = vec!["rust/syn".to_string()];
        let areas = [Area {
            area: AreaName::Drivers,
            vendored: false,
            figures: Default::default(),
            bindings_names: 2,
            bindings_uses: 2,
        }];
        let b = bindings(&input, &areas, &roots);
        assert_eq!(b.helper_headers, ["linux/slab.h", "local.h"]);
        assert!(b.uapi_headers.is_empty());
        assert_eq!(b.helper_c_functions, ["rust_helper_mutex_lock"]);
        // a, b in the kernel crate; a, c in the driver.
        assert_eq!(b.distinct_names, 3);
        assert_eq!(b.distinct_names_in_kernel_crate, 2);
        assert_eq!(b.uses_by_area.get("drivers"), Some(&2));
    }
}
