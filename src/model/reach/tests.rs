use super::*;
use crate::facts::c::{CDefinition, CExport};

fn export(name: &str, macro_name: &str, kind: SymbolKind) -> CExport {
    CExport {
        name: name.to_string(),
        macro_name: macro_name.to_string(),
        line: 1,
        kind,
    }
}

fn rust_file(names: &[&str]) -> RustFacts {
    RustFacts {
        bindings_uses: names.iter().map(|n| (n.to_string(), 1)).collect(),
        ..RustFacts::default()
    }
}

/// A small tree: a mutex subsystem (two exported functions, one variable), a memory subsystem
/// (kmalloc inline in a header, kfree exported, one unknown export), an arch copy of kfree's
/// export, Rust's own export, and a header with structs.
fn c_facts(searched: &[String]) -> BTreeMap<String, CFacts> {
    use DefinitionKind::*;
    let index = |name: &str| searched.iter().position(|s| s == name).unwrap();
    let def = |name: &str, kind, line| CDefinition {
        symbol: index(name),
        kind,
        line,
    };
    let mut m = BTreeMap::new();
    m.insert(
        "kernel/locking/mutex.c".to_string(),
        CFacts {
            exports: vec![
                export("mutex_lock", "EXPORT_SYMBOL", SymbolKind::Function),
                export("mutex_unlock", "EXPORT_SYMBOL", SymbolKind::Function),
                export("mutex_debug", "EXPORT_SYMBOL_GPL", SymbolKind::Variable),
            ],
            structs: vec![],
            definitions: vec![def("mutex_lock", Function, 10)],
            ..CFacts::default()
        },
    );
    m.insert(
        "include/linux/mutex.h".to_string(),
        CFacts {
            exports: vec![],
            structs: vec!["mutex".to_string(), "mutex_waiter".to_string()],
            definitions: vec![
                def("mutex_lock", Prototype, 3),
                def("mutex_lock", Macro, 5),
                def("lockdep_assert_held", Macro, 9),
            ],
            ..CFacts::default()
        },
    );
    m.insert(
        "include/linux/slab.h".to_string(),
        CFacts {
            exports: vec![],
            structs: vec!["kmem_cache_args".to_string()],
            definitions: vec![def("kmalloc", Inline, 20), def("kfree", Prototype, 30)],
            ..CFacts::default()
        },
    );
    m.insert(
        "include/linux/other.h".to_string(),
        CFacts {
            exports: vec![],
            structs: vec!["page".to_string()],
            definitions: vec![],
            ..CFacts::default()
        },
    );
    m.insert(
        "mm/slub.c".to_string(),
        CFacts {
            exports: vec![
                export("kfree", "EXPORT_SYMBOL", SymbolKind::Function),
                export("slab_thing", "EXPORT_SYMBOL_NS_GPL", SymbolKind::Unknown),
            ],
            structs: vec![],
            definitions: vec![
                def("kfree", Function, 40),
                def("helper_only", StaticFunction, 2),
            ],
            ..CFacts::default()
        },
    );
    m.insert(
        "arch/x86/mm/kfree.c".to_string(),
        CFacts {
            exports: vec![export("kfree", "EXPORT_SYMBOL", SymbolKind::Function)],
            structs: vec![],
            definitions: vec![],
            ..CFacts::default()
        },
    );
    m.insert(
        "rust/helpers/x.c".to_string(),
        CFacts {
            exports: vec![export(
                "rust_fn",
                "EXPORT_SYMBOL_RUST_GPL",
                SymbolKind::Function,
            )],
            structs: vec![],
            definitions: vec![],
            ..CFacts::default()
        },
    );
    m
}

fn subsystem_of(path: &str) -> String {
    if path.contains("mutex") {
        "LOCKING".to_string()
    } else {
        path.split('/').next().unwrap_or("").to_string()
    }
}

#[test]
fn figures_of_a_small_tree() {
    let searched: Vec<String> = [
        "helper_only",
        "kfree",
        "kmalloc",
        "lockdep_assert_held",
        "mutex_lock",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let c = c_facts(&searched);
    let driver = rust_file(&["kfree", "GFP_KERNEL", "page"]);
    let module = rust_file(&[
        "mutex_lock",
        "mutex_assert_is_held",
        "kmalloc",
        "mutex",
        "helper_only",
    ]);
    let rust: BTreeMap<String, &RustFacts> = [
        ("drivers/x/x.rs".to_string(), &driver),
        ("rust/kernel/sync.rs".to_string(), &module),
    ]
    .into_iter()
    .collect();
    let helpers = vec![
        HelperTarget {
            rust_name: "mutex_assert_is_held".to_string(),
            wraps: "lockdep_assert_held".to_string(),
        },
        HelperTarget {
            rust_name: "kmalloc".to_string(),
            wraps: "kmalloc".to_string(),
        },
        HelperTarget {
            rust_name: "unused".to_string(),
            wraps: "unused_c".to_string(),
        },
    ];
    let units = vec![
        RustUnit {
            name: "x".to_string(),
            kind: "driver",
            files: vec!["drivers/x/x.rs".to_string()],
            uses: vec!["kernel::sync".to_string(), "kernel::absent".to_string()],
        },
        RustUnit {
            name: "kernel::sync".to_string(),
            kind: "kernel module",
            files: vec!["rust/kernel/sync.rs".to_string()],
            uses: vec![],
        },
    ];
    let bound = vec![
        "include/linux/mutex.h".to_string(),
        "include/linux/slab.h".to_string(),
    ];
    let r = reach(&ReachInput {
        c_facts: &c,
        searched: &searched,
        rust: &rust,
        helpers: &helpers,
        bound_headers: &bound,
        units: &units,
        subsystem_of: &subsystem_of,
    });
    // mutex_lock, mutex_unlock, mutex_debug, kfree, slab_thing (rust_fn apart).
    assert_eq!(r.exported_c_symbols, 5);
    assert_eq!(r.exported_c_functions, 3);
    assert_eq!(r.exported_c_variables, 1);
    assert_eq!(r.exported_c_unknown, 1);
    assert_eq!(r.exports_by_macro["EXPORT_SYMBOL"], 4);
    assert_eq!(r.exports_by_macro["EXPORT_SYMBOL_RUST_GPL"], 1);
    // kfree, mutex_lock (direct), lockdep_assert_held, kmalloc (helpers); not GFP_KERNEL,
    // page, mutex (no function), helper_only (static).
    let names: Vec<(&str, Option<&str>, &str, Option<&str>)> = r
        .called
        .iter()
        .map(|c| {
            (
                c.name.as_str(),
                c.via_helper.as_deref(),
                c.kind.as_str(),
                c.file.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("kfree", None, "exported function", Some("mm/slub.c")),
            (
                "kmalloc",
                Some("kmalloc"),
                "inline",
                Some("include/linux/slab.h")
            ),
            (
                "lockdep_assert_held",
                Some("mutex_assert_is_held"),
                "macro",
                Some("include/linux/mutex.h")
            ),
            (
                "mutex_lock",
                None,
                "exported function",
                Some("kernel/locking/mutex.c")
            ),
        ]
    );
    assert_eq!(r.c_functions_called, 4);
    assert_eq!(r.via_helpers, 2);
    assert_eq!(r.exported_called_from_rust, 2);
    assert!((r.share - 2.0 / 3.0).abs() < 1e-12);
    let subsystems: Vec<(&str, u64, u64)> = r
        .by_subsystem
        .iter()
        .map(|s| (s.subsystem.as_str(), s.exported, s.called_from_rust))
        .collect();
    assert_eq!(subsystems, [("LOCKING", 2, 1), ("mm", 1, 1)]);
    assert_eq!(
        r.structs,
        StructReach {
            bound_headers: 2,
            defined_in_bound_headers: 3,
            named_from_rust: 1,
            share: 1.0 / 3.0,
            named_from_rust_any_header: 2,
        }
    );
    assert_eq!(
        r.chains,
        [
            Chain {
                rust: "x".to_string(),
                kind: "driver".to_string(),
                direct_c_functions: 1,
                kernel_modules: vec!["kernel::sync".to_string()],
                subsystems: vec![
                    ("LOCKING".to_string(), 2),
                    ("include".to_string(), 1),
                    ("mm".to_string(), 1)
                ],
            },
            Chain {
                rust: "kernel::sync".to_string(),
                kind: "kernel module".to_string(),
                direct_c_functions: 3,
                kernel_modules: vec![],
                subsystems: vec![("LOCKING".to_string(), 2), ("include".to_string(), 1)],
            },
        ]
    );
}

#[test]
fn nothing_in_nothing_out() {
    let r = reach(&ReachInput {
        c_facts: &BTreeMap::new(),
        searched: &[],
        rust: &BTreeMap::new(),
        helpers: &[],
        bound_headers: &[],
        units: &[],
        subsystem_of: &subsystem_of,
    });
    assert_eq!(r, Reach::default());
}

/// The two causes of odd subsystems in Rust Binder's chain on 7.3: `spin_lock` (through its
/// helper) was placed in `tools/testing/selftests/kvm/lib/arm64/spinlock.c`, a user-space
/// function definition ranking above the kernel's inline; `bindings::file` (a struct) was
/// taken for a function from a comment read as a prototype.
#[test]
fn user_space_definitions_and_struct_tags() {
    use DefinitionKind::*;
    let searched: Vec<String> = ["file", "spin_lock"].map(String::from).to_vec();
    let def = |symbol, kind| CDefinition {
        symbol,
        kind,
        line: 1,
    };
    let mut c = BTreeMap::new();
    for (path, structs, definitions) in [
        ("include/linux/fs.h", vec!["file".to_string()], vec![]),
        ("drivers/block/blkback.c", vec![], vec![def(0, Prototype)]),
        ("include/linux/spinlock.h", vec![], vec![def(1, Inline)]),
        ("tools/testing/spinlock.c", vec![], vec![def(1, Function)]),
    ] {
        let facts = CFacts {
            structs,
            definitions,
            ..CFacts::default()
        };
        c.insert(path.to_string(), facts);
    }
    let driver = rust_file(&["file", "spin_lock"]);
    let rust: BTreeMap<String, &RustFacts> = [("drivers/x/x.rs".to_string(), &driver)]
        .into_iter()
        .collect();
    let helpers = vec![HelperTarget {
        rust_name: "spin_lock".to_string(),
        wraps: "spin_lock".to_string(),
    }];
    let r = reach(&ReachInput {
        c_facts: &c,
        searched: &searched,
        rust: &rust,
        helpers: &helpers,
        bound_headers: &[],
        units: &[],
        subsystem_of: &subsystem_of,
    });
    let called: Vec<(&str, &str, Option<&str>)> = r
        .called
        .iter()
        .map(|c| (c.name.as_str(), c.kind.as_str(), c.file.as_deref()))
        .collect();
    assert_eq!(
        called,
        [("spin_lock", "inline", Some("include/linux/spinlock.h"))]
    );
}
