use super::*;
use std::collections::BTreeMap;

fn facts(source: &str) -> RustFacts {
    rust_facts(source.as_bytes())
}

#[test]
fn unsafe_in_literals_and_comments_is_not_code() {
    let f = facts(concat!(
        "fn f() {\n",
        "    let a = \"unsafe { }\";\n",
        "    let b = r#\"unsafe \"quoted\" { }\"#;\n",
        "    let c = b\"unsafe\";\n",
        "    let d = 'u';\n",
        "    // unsafe { line comment }\n",
        "    /* unsafe { /* nested unsafe */ still comment } */\n",
        "    /// unsafe in a doc comment\n",
        "    let e = 1;\n",
        "}\n",
    ));
    assert_eq!(f.unsafe_counts, UnsafeCounts::default());
    assert_eq!(f.grep_lines, 6);
    assert_eq!(f.doctest_unsafe, 0);
    assert_eq!(f.parse_errors.count, 0);
}

#[test]
fn unsafe_forms_are_counted_by_kind() {
    let f = facts(concat!(
        "unsafe extern \"C\" {\n",
        "    fn c_function(x: i32) -> i32;\n",
        "    unsafe fn c_other();\n",
        "}\n",
        "extern \"C\" { fn plain(); }\n",
        "/// Marker.\n",
        "///\n",
        "/// # Safety\n",
        "///\n",
        "/// Implementors promise.\n",
        "pub unsafe trait Marker {\n",
        "    unsafe fn required(&self);\n",
        "}\n",
        "// SAFETY: `S` has no state.\n",
        "unsafe impl Send for S {}\n",
        "unsafe impl Sync for S {}\n",
        "#[unsafe(no_mangle)]\n",
        "#[unsafe(link_section = \".text\")]\n",
        "pub unsafe extern \"C\" fn exported(callback: unsafe extern \"C\" fn(i32)) {}\n",
        "unsafe fn undocumented() {}\n",
    ));
    assert_eq!(
        f.unsafe_counts,
        UnsafeCounts {
            blocks: 0,
            fns_with_body: 2,
            fns_without_body: 2,
            traits: 1,
            impls: 2,
            extern_blocks: 1,
            attributes: 2,
            fn_pointer_types: 1,
            other: 0,
        }
    );
    assert_eq!(f.safety.documented_impls, 1);
    assert_eq!(f.safety.undocumented_impl_lines, vec![16]);
    assert_eq!(f.safety.traits_with_safety_section, 1);
    assert_eq!(f.safety.fns_with_safety_section, 0);
    assert_eq!(f.grep_lines, 10);
}

#[test]
fn safety_comments_as_clippy_finds_them() {
    let f = facts(concat!(
        "fn f(p: *const u8) -> u8 {\n",                              // 1
        "    // SAFETY: directly above.\n",                          // 2
        "    let a = unsafe { *p };\n",                              // 3
        "    // Safety: any case, after other lines\n",              // 4
        "\n",                                                        // 5
        "    unsafe { *p };\n",                                      // 6
        "    // SAFETY: above a statement spanning lines\n",         // 7
        "    let b = compute(\n",                                    // 8
        "        1,\n",                                              // 9
        "        unsafe { *p },\n",                                  // 10
        "    );\n",                                                  // 11
        "    /* SAFETY: a block comment. */\n",                      // 12
        "    unsafe { *p };\n",                                      // 13
        "    let c = 1;\n",                                          // 14
        "    unsafe { *p };\n",                                      // 15 missing
        "    // SAFETY: not for the block below\n",                  // 16
        "    let d = 2;\n",                                          // 17
        "    unsafe { *p };\n",                                      // 18 missing
        "    // SAFETY: outer, holds nested\n",                      // 19
        "    unsafe {\n",                                            // 20
        "        let e = unsafe { *p };\n",                          // 21 missing
        "        e\n",                                               // 22
        "    }\n",                                                   // 23
        "}\n",                                                       // 24
        "// SAFETY: a comment above the function does not count.\n", // 25
        "fn g(p: *const u8) -> u8 { unsafe { *p } }\n",              // 26 missing
        "fn h(p: *const u8) -> u8 {\n",                              // 27
        "    // SAFETY: above the attribute.\n",                     // 28
        "    #[cfg(CONFIG_X)]\n",                                    // 29
        "    unsafe { *p }\n",                                       // 30
        "}\n",                                                       // 31
        "// SAFETY: above a static.\n",                              // 32
        "static S: u8 =\n",                                          // 33
        "    unsafe { 0 };\n",                                       // 34
    ));
    assert_eq!(f.unsafe_counts.blocks, 11);
    assert_eq!(f.safety.documented_blocks, 7);
    assert_eq!(f.safety.undocumented_block_lines, vec![15, 18, 21, 26]);
    // Lines 3, 6, 10, 13, 15, 18, 20-23 (22 and 23 are code), 26, 30, 34.
    assert_eq!(f.code_lines_in_unsafe_blocks, 13);
}

#[test]
fn unsafe_in_macro_definitions_and_invocations() {
    let f = facts(concat!(
        "macro_rules! wrap {\n",                              // 1
        "    (unsafe { $e:expr }) => {\n",                    // 2 matcher: other
        "        // SAFETY: documented in the macro.\n",      // 3
        "        unsafe { $e }\n",                            // 4
        "    };\n",                                           // 5
        "    ($t:ty) => {\n",                                 // 6
        "        unsafe impl Send for $t {}\n",               // 7 undocumented impl
        "        $unsafe { }\n",                              // 8 metavariable: other
        "        unsafe fn helper() {}\n",                    // 9
        "        unsafe { kernel::bindings::bar() }\n",       // 10 undocumented
        "    };\n",                                           // 11
        "}\n",                                                // 12
        "fn f() {\n",                                         // 13
        "    // SAFETY: above the invocation's statement.\n", // 14
        "    let x = call!(\n",                               // 15
        "        unsafe { bindings::foo() }\n",               // 16
        "    );\n",                                           // 17
        "    call!(unsafe { 1 });\n",                         // 18 undocumented
        "}\n",                                                // 19
        "const C: &str = \"unsafe\";\n",                      // 20
    ));
    assert_eq!(f.unsafe_in_macros.blocks, 4);
    assert_eq!(f.unsafe_counts.blocks, 4);
    assert_eq!(f.unsafe_in_macros.impls, 1);
    assert_eq!(f.unsafe_in_macros.fns_with_body, 1);
    assert_eq!(f.unsafe_in_macros.other, 2);
    assert_eq!(f.unsafe_counts.other, 2);
    assert_eq!(f.safety.documented_blocks, 2);
    assert_eq!(f.safety.documented_blocks_in_macros, 2);
    assert_eq!(f.safety.undocumented_block_lines, vec![10, 18]);
    assert_eq!(f.safety.undocumented_impl_lines, vec![7]);
    assert_eq!(f.grep_lines, 9);
    assert_eq!(
        f.bindings_uses,
        BTreeMap::from([("bar".to_string(), 1), ("foo".to_string(), 1)])
    );
}

#[test]
fn safety_sections_and_doc_examples() {
    let f = facts(concat!(
        "//! Helpers for tests. Not a real module.\n",
        "//!\n",
        "//! ```\n",
        "//! let s = \"unsafe\"; // unsafe\n",
        "//! unsafe { f() };\n",
        "//! ```\n",
        "\n",
        "/// Reads.\n",
        "///\n",
        "/// # Safety\n",
        "///\n",
        "/// `p` must be valid.\n",
        "///\n",
        "/// ```\n",
        "/// # use kernel::x;\n",
        "/// // SAFETY: example.\n",
        "/// unsafe { read(p) };\n",
        "/// ```\n",
        "///\n",
        "/// ```text\n",
        "/// unsafe in text\n",
        "/// ```\n",
        "pub unsafe fn read(p: *const u8) -> u8 {\n",
        "    // SAFETY: the caller promises.\n",
        "    unsafe { *p }\n",
        "}\n",
        "#[doc = \"# Safety\"]\n",
        "pub unsafe fn by_attribute() {}\n",
        "/// No section.\n",
        "pub unsafe fn bare() {}\n",
    ));
    assert_eq!(f.unsafe_counts.fns_with_body, 3);
    assert_eq!(f.safety.fns_with_safety_section, 2);
    assert_eq!(f.doctest_unsafe, 2);
    assert_eq!(f.unsafe_counts.blocks, 1);
    assert_eq!(f.safety.documented_blocks, 1);
    assert_eq!(f.inner_doc_summary.as_deref(), Some("Helpers for tests."));
}

#[test]
fn lint_attributes_are_counted() {
    let f = facts(concat!(
        "#![allow(clippy::undocumented_unsafe_blocks)]\n",
        "#[expect(clippy::undocumented_unsafe_blocks, reason = \"x\")]\n",
        "fn f() {}\n",
        "#[allow(clippy::other_lint)]\n",
        "fn g() {}\n",
        "macro_rules! m { () => { #[allow(clippy::undocumented_unsafe_blocks)] fn h() {} }; }\n",
    ));
    assert_eq!(
        f.safety_lint_attributes,
        SafetyLintAttributes {
            allow: 2,
            expect: 1
        }
    );
}

#[test]
fn kernel_paths_spell_out_use_trees() {
    let f = facts(concat!(
        "use kernel::{block::mq::{self, gen_disk::GenDisk}, prelude::*, sync::Arc as A};\n",
        "use kernel :: c_str;\n",
        "fn f() {\n",
        "    kernel::time::delay::fsleep(1);\n",
        "    other::kernel::not_counted();\n",
        "    let s = \"kernel::not_code\";\n",
        "    // kernel::comment\n",
        "    pr_info!(\"{}\", kernel::page::PAGE_SIZE);\n",
        "}\n",
    ));
    assert_eq!(
        f.kernel_paths,
        [
            "block::mq",
            "block::mq::gen_disk::GenDisk",
            "c_str",
            "page::PAGE_SIZE",
            "prelude",
            "sync::Arc",
            "time::delay::fsleep",
        ]
    );
}

#[test]
fn bindings_uses_are_counted_by_name() {
    let f = facts(concat!(
        "use kernel::bindings::{self, gfp_t, foo as bar};\n",
        "fn f() {\n",
        "    unsafe { bindings::kmalloc(8, bindings::GFP_KERNEL) };\n",
        "    crate::bindings::kfree(p);\n",
        "    kernel::bindings::kfree(p);\n",
        "    other::bindings::not_counted();\n",
        "    let s = \"bindings::not_code\";\n",
        "    // bindings::comment\n",
        "}\n",
    ));
    let expected: BTreeMap<String, u32> = [
        ("GFP_KERNEL", 1),
        ("foo", 1),
        ("gfp_t", 1),
        ("kfree", 2),
        ("kmalloc", 1),
    ]
    .into_iter()
    .map(|(name, count)| (name.to_string(), count))
    .collect();
    assert_eq!(f.bindings_uses, expected);
}

#[test]
fn exported_functions_named_as_values_are_callbacks() {
    let f = facts(concat!(
        "static OPS: Ops = Ops {\n",
        "    flush: Some(rust_flush),\n",
        "    other: not_exported,\n",
        "};\n",
        "fn install(s: *mut Shrinker) {\n",
        "    unsafe { (&raw mut (*s).count).write(Some(rust_count)) };\n",
        "    rust_flush();\n",
        "    let p = rust_count as usize;\n",
        "    m!(rust_flush);\n",
        "    self::rust_flush;\n",
        "}\n",
        "#[no_mangle]\n",
        "extern \"C\" fn rust_flush() {}\n",
        "#[no_mangle]\n",
        "unsafe extern \"C\" fn rust_count() -> u64 { 0 }\n",
        "extern \"C\" fn not_exported() {}\n",
    ));
    let values: Vec<(&str, u32)> = f
        .exported_function_values
        .iter()
        .map(|v| (v.name.as_str(), v.line))
        .collect();
    // The call on line 7 is not a value; a macro's tokens and a qualified path are not seen.
    assert_eq!(
        values,
        [("rust_flush", 2), ("rust_count", 6), ("rust_count", 8)]
    );
}

#[test]
fn exported_functions_with_their_attribute() {
    let f = facts(concat!(
        "#[no_mangle]\n",
        "pub extern \"C\" fn a() {}\n",
        "#[unsafe(no_mangle)]\n",
        "pub extern fn b() {}\n",
        "#[export_name = \"c_symbol\"]\n",
        "pub fn c() {}\n",
        "#[unsafe(export_name = \"d_symbol\")]\n",
        "pub extern \"C\" fn d() {}\n",
        "#[export]\n",
        "pub unsafe extern \"C\" fn e() {}\n",
        "pub extern \"C\" fn not_exported() {}\n",
    ));
    let summary: Vec<(&str, &str, u32, ExportAttribute, bool)> = f
        .exported_functions
        .iter()
        .map(|e| {
            (
                e.name.as_str(),
                e.symbol.as_str(),
                e.line,
                e.attribute,
                e.extern_c,
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("a", "a", 2, ExportAttribute::NoMangle, true),
            ("b", "b", 4, ExportAttribute::UnsafeNoMangle, true),
            ("c", "c_symbol", 6, ExportAttribute::ExportName, false),
            ("d", "d_symbol", 8, ExportAttribute::UnsafeExportName, true),
            ("e", "e", 10, ExportAttribute::KernelExport, true),
        ]
    );
    assert_eq!(f.unsafe_counts.attributes, 2);
}

#[test]
fn module_macros_with_authors_list_and_author_string() {
    let f = facts(concat!(
        "module! {\n",
        "    type: RustMinimal,\n",
        "    name: \"rust_minimal\",\n",
        "    authors: [\"Ann\", \"Bob\"],\n",
        "    description: \"A minimal module\",\n",
        "    license: \"GPL\",\n",
        "}\n",
        "kernel::module_phy_driver! {\n",
        "    drivers: [PhyA, PhyB],\n",
        "    device_table: [DeviceId::new(1)],\n",
        "    name: b\"phy\",\n",
        "    author: \"Carol\",\n",
        "    description: \"PHYs\",\n",
        "    license: \"GPL\",\n",
        "}\n",
        "module_pci_driver! { type: $crate::types::ForLt!(Driver), name: \"x\", }\n",
    ));
    assert_eq!(
        f.module_macros,
        vec![
            ModuleMacro {
                macro_name: "module".into(),
                line: 1,
                module_type: Some("RustMinimal".into()),
                name: Some("rust_minimal".into()),
                authors: Some(vec!["Ann".into(), "Bob".into()]),
                author: None,
                description: Some("A minimal module".into()),
                license: Some("GPL".into()),
                drivers: None,
            },
            ModuleMacro {
                macro_name: "module_phy_driver".into(),
                line: 8,
                module_type: None,
                name: Some("phy".into()),
                authors: None,
                author: Some("Carol".into()),
                description: Some("PHYs".into()),
                license: Some("GPL".into()),
                drivers: Some(vec!["PhyA".into(), "PhyB".into()]),
            },
            ModuleMacro {
                macro_name: "module_pci_driver".into(),
                line: 16,
                module_type: Some("$crate::types::ForLt!(Driver)".into()),
                name: Some("x".into()),
                ..ModuleMacro::default()
            },
        ]
    );
}

#[test]
fn mod_declarations_with_cfg_and_path() {
    let f = facts(concat!(
        "pub mod plain;\n",
        "#[cfg(CONFIG_NET)]\n",
        "pub mod net;\n",
        "#[cfg(CONFIG_DRM = \"y\")]\n",
        "#[path = \"drm/mod_impl.rs\"]\n",
        "mod drm;\n",
        "mod inline {\n",
        "    mod nested {}\n",
        "}\n",
        "#[path = \"thread_files\"]\n",
        "mod thread {\n",
        "    mod inner { mod deep; }\n",
        "    fn f() { mod in_fn; }\n",
        "}\n",
    ));
    let declaration =
        |name: &str, line, inline, cfg: Option<&str>, path: Option<&str>| ModDeclaration {
            name: name.into(),
            line,
            inline,
            cfg: cfg.into_iter().map(String::from).collect(),
            path: path.map(String::from),
            within: Vec::new(),
            // The two `pub mod` at the file's top level.
            exported: matches!(name, "plain" | "net"),
            doc_hidden: false,
        };
    let within = |declaration: ModDeclaration, modules: &[(&str, Option<&str>)]| ModDeclaration {
        within: modules
            .iter()
            .map(|(name, path)| EnclosingModule {
                name: name.to_string(),
                path: path.map(String::from),
            })
            .collect(),
        ..declaration
    };
    assert_eq!(
        f.mod_declarations,
        vec![
            declaration("plain", 1, false, None, None),
            declaration("net", 3, false, Some("CONFIG_NET"), None),
            declaration(
                "drm",
                6,
                false,
                Some("CONFIG_DRM = \"y\""),
                Some("drm/mod_impl.rs")
            ),
            declaration("inline", 7, true, None, None),
            within(
                declaration("nested", 8, true, None, None),
                &[("inline", None)]
            ),
            declaration("thread", 11, true, None, Some("thread_files")),
            within(
                declaration("inner", 12, true, None, None),
                &[("thread", Some("thread_files"))]
            ),
            within(
                declaration("deep", 12, false, None, None),
                &[("thread", Some("thread_files")), ("inner", None)]
            ),
            // A module in a function body is no file module of `thread`.
            declaration("in_fn", 13, false, None, None),
        ]
    );
}

/// Which `mod` declarations are `#[doc(hidden)]` (clippy's `is_doc_hidden` on a parent): on
/// the declaration, through `cfg_attr` whatever its condition, on an enclosing inline module
/// or the file; `exported` stays about `pub` alone for a module that is not hidden.
#[test]
fn mod_declarations_know_doc_hidden() {
    let hidden = |text: &str| -> Vec<(String, bool, bool)> {
        facts(text)
            .mod_declarations
            .into_iter()
            .map(|d| (d.name, d.doc_hidden, d.exported))
            .collect()
    };
    assert_eq!(
        hidden(concat!(
            "#[doc(hidden)]\n",
            "pub mod plain_hidden;\n",
            "#[cfg_attr(not(x), doc(hidden))]\n",
            "pub mod cfg_hidden;\n",
            "pub mod shown;\n",
            "#[doc(hidden)]\n",
            "pub mod outer {\n",
            "    pub mod inner;\n",
            "}\n",
        )),
        vec![
            ("plain_hidden".to_string(), true, false),
            ("cfg_hidden".to_string(), true, false),
            ("shown".to_string(), false, true),
            ("outer".to_string(), true, false),
            ("inner".to_string(), true, false),
        ]
    );
    assert_eq!(
        hidden("#![doc(hidden)]\npub mod m;\n"),
        vec![("m".to_string(), true, false)]
    );
}

#[test]
fn parse_errors_are_reported_not_fatal() {
    let f = facts("fn f() {\n    let x = ;\n    unsafe { g() }\n}\nfn broken(\n");
    assert!(f.parse_errors.count >= 2);
    assert_eq!(f.parse_errors.first[0].line, 2);
    assert_eq!(f.unsafe_counts.blocks, 1);
    // Not UTF-8, empty, only a comment.
    assert_eq!(rust_facts(b"\xff\xfe unsafe {").grep_lines, 1);
    assert_eq!(rust_facts(b"").unsafe_counts, UnsafeCounts::default());
    assert_eq!(
        rust_facts(b"// unsafe").unsafe_counts,
        UnsafeCounts::default()
    );
}

#[test]
fn summary_is_first_paragraph_without_a_sentence_end() {
    let f = facts("// SPDX-License-Identifier: GPL-2.0\n\n//! Kernel helpers\n//! for v1.2 devices\n//!\n//! More.\n");
    assert_eq!(
        f.inner_doc_summary.as_deref(),
        Some("Kernel helpers for v1.2 devices")
    );
    assert_eq!(facts("fn f() {}\n").inner_doc_summary, None);
}

/// Totals over a real kernel tree: `KCENSUS_RUST_TREE=~/.cache/kcensus/linux-7.3
/// cargo test --release facts::rust::tests::kernel_tree_totals -- --ignored --nocapture`.
#[test]
#[ignore]
fn kernel_tree_totals() {
    let root = std::env::var("KCENSUS_RUST_TREE").unwrap_or_else(|_| {
        format!(
            "{}/.cache/kcensus/linux-7.3",
            std::env::var("HOME").unwrap_or_default()
        )
    });
    let mut paths = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(&root)];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() && path.extension().is_some_and(|e| e == "rs") {
                paths.push(path);
            }
        }
    }
    paths.sort();
    let started = std::time::Instant::now();
    let mut total = RustFacts::default();
    let mut slowest = (std::time::Duration::ZERO, String::new());
    let mut files_with_errors = 0;
    for path in &paths {
        let bytes = std::fs::read(path).unwrap();
        let one = std::time::Instant::now();
        let facts = rust_facts(&bytes);
        let took = one.elapsed();
        let name = path.strip_prefix(&root).unwrap().display().to_string();
        if took > slowest.0 {
            slowest = (took, name.clone());
        }
        if std::env::var("KCENSUS_RUST_VERBOSE").is_ok() {
            println!(
                "{name}\tblocks {}\tdocumented {}\tin_macros {}\tgrep {}\terrors {}",
                facts.unsafe_counts.blocks,
                facts.safety.documented_blocks,
                facts.unsafe_in_macros.blocks,
                facts.grep_lines,
                facts.parse_errors.count
            );
        }
        if facts.parse_errors.count > 0 {
            files_with_errors += 1;
            println!("errors in {name}: {:?}", facts.parse_errors.first);
        }
        let u = &mut total.unsafe_counts;
        let f = &facts.unsafe_counts;
        u.blocks += f.blocks;
        u.fns_with_body += f.fns_with_body;
        u.fns_without_body += f.fns_without_body;
        u.traits += f.traits;
        u.impls += f.impls;
        u.extern_blocks += f.extern_blocks;
        u.attributes += f.attributes;
        u.fn_pointer_types += f.fn_pointer_types;
        u.other += f.other;
        total.unsafe_in_macros.blocks += facts.unsafe_in_macros.blocks;
        total.unsafe_in_macros.impls += facts.unsafe_in_macros.impls;
        total.code_lines_in_unsafe_blocks += facts.code_lines_in_unsafe_blocks;
        total.safety.documented_blocks += facts.safety.documented_blocks;
        total.safety.documented_blocks_in_macros += facts.safety.documented_blocks_in_macros;
        total.safety.documented_impls += facts.safety.documented_impls;
        total.safety.fns_with_safety_section += facts.safety.fns_with_safety_section;
        total.safety.traits_with_safety_section += facts.safety.traits_with_safety_section;
        total.doctest_unsafe += facts.doctest_unsafe;
        total.safety_lint_attributes.allow += facts.safety_lint_attributes.allow;
        total.safety_lint_attributes.expect += facts.safety_lint_attributes.expect;
        total.grep_lines += facts.grep_lines;
        for (name, count) in facts.bindings_uses {
            *total.bindings_uses.entry(name).or_insert(0) += count;
        }
        total.exported_functions.extend(facts.exported_functions);
        total.module_macros.extend(facts.module_macros);
        total.mod_declarations.extend(facts.mod_declarations);
        total.parse_errors.count += facts.parse_errors.count;
    }
    println!(
        "files {} in {:?} (slowest {:?} {})",
        paths.len(),
        started.elapsed(),
        slowest.0,
        slowest.1
    );
    println!("unsafe {:#?}", total.unsafe_counts);
    println!(
        "in macros: blocks {} impls {}",
        total.unsafe_in_macros.blocks, total.unsafe_in_macros.impls
    );
    println!(
        "code lines in unsafe blocks {}",
        total.code_lines_in_unsafe_blocks
    );
    println!("safety {:#?}", total.safety);
    println!(
        "doctest_unsafe {} lint attrs {:?} grep_lines {}",
        total.doctest_unsafe, total.safety_lint_attributes, total.grep_lines
    );
    println!(
        "distinct bindings names {}, uses {}",
        total.bindings_uses.len(),
        total.bindings_uses.values().sum::<u32>()
    );
    println!(
        "exported {} module macros {} mods {}",
        total.exported_functions.len(),
        total.module_macros.len(),
        total.mod_declarations.len()
    );
    println!(
        "parse errors {} in {} files",
        total.parse_errors.count, files_with_errors
    );
}

/// The facts of one file as JSON: `KCENSUS_RUST_FILE=path cargo test --release
/// facts::rust::tests::one_file -- --ignored --nocapture`.
#[test]
#[ignore]
fn one_file() {
    let path = std::env::var("KCENSUS_RUST_FILE").expect("KCENSUS_RUST_FILE");
    let facts = rust_facts(&std::fs::read(path).unwrap());
    println!("{}", serde_json::to_string_pretty(&facts).unwrap());
}

/// Undocumented unsafe blocks and impls of a tree, one per line, to check by hand.
#[test]
#[ignore]
fn kernel_tree_undocumented() {
    let root = std::env::var("KCENSUS_RUST_TREE").unwrap_or_else(|_| {
        format!(
            "{}/.cache/kcensus/linux-7.3",
            std::env::var("HOME").unwrap_or_default()
        )
    });
    let output = std::process::Command::new("find")
        .args([&root, "-name", "*.rs", "-type", "f"])
        .output()
        .unwrap();
    let mut paths: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(String::from)
        .collect();
    paths.sort();
    for path in paths {
        let facts = rust_facts(&std::fs::read(&path).unwrap());
        let name = path.strip_prefix(&root).unwrap_or(&path);
        for line in facts.safety.undocumented_block_lines {
            println!("block {name}:{line}");
        }
        for line in facts.safety.undocumented_impl_lines {
            println!("impl {name}:{line}");
        }
    }
}

/// (line, column, kind, documented, exported, allowed) of each site.
fn sites(f: &RustFacts) -> Vec<(u32, u32, UnsafeKind, bool, bool, bool)> {
    f.unsafe_sites
        .iter()
        .map(|s| {
            (
                s.line,
                s.column,
                s.kind,
                s.documented,
                s.exported,
                s.allowed,
            )
        })
        .collect()
}

#[test]
fn unsafe_sites_have_positions_documentation_and_scope() {
    let f = facts(concat!(
        "pub unsafe fn no_doc() {}\n",
        "/// # Safety\n",
        "/// None.\n",
        "pub unsafe fn doc() {}\n",
        "pub(crate) unsafe fn krate() {}\n",
        "unsafe fn private() {}\n",
        "mod hidden { pub unsafe fn inner() {} }\n",
        "pub trait T { unsafe fn m(&self); }\n",
        "impl T for u8 { unsafe fn m(&self) {} }\n",
        "impl S { pub unsafe fn i() {} }\n",
        "fn f() {\n",
        "    let _ = unsafe { 1 };\n",
        "    // SAFETY: fine.\n",
        "    let _ = unsafe { 2 };\n",
        "    #[allow(clippy::undocumented_unsafe_blocks)]\n",
        "    let _ = unsafe { 3 };\n",
        "}\n",
        "unsafe impl Send for S {}\n",
        "pub unsafe trait U {}\n",
        "macro_rules! m { () => { pub unsafe fn g() {} $vis unsafe fn h() {} unsafe { x() } } }\n",
    ));
    use UnsafeKind::*;
    assert_eq!(
        sites(&f),
        vec![
            (1, 5, Fn, false, true, false),
            (4, 5, Fn, true, true, false),
            (5, 12, Fn, false, false, false),
            (6, 1, Fn, false, false, false),
            (7, 18, Fn, false, false, false),
            (8, 15, Fn, false, true, false),
            (9, 17, Fn, false, false, false),
            (10, 14, Fn, false, true, false),
            (12, 13, Block, false, false, false),
            (14, 13, Block, true, false, false),
            (16, 13, Block, false, false, true),
            (18, 1, Impl, false, false, false),
            (19, 5, Trait, false, true, false),
            (20, 30, Fn, false, true, false),
            (20, 52, Fn, false, false, false),
            (20, 69, Block, false, false, false),
        ]
    );
    assert!(f.unsafe_sites[..15]
        .iter()
        .all(|s| !s.in_macro || s.line == 20));
    assert!(f.unsafe_sites[13].in_macro);
}

#[test]
fn columns_count_characters() {
    let f = facts("fn f() { let é = 1; unsafe { g() } }\n");
    assert_eq!((f.unsafe_sites[0].line, f.unsafe_sites[0].column), (1, 21));
}

#[test]
fn bindings_sites_file_allows_includes_and_local_bindings() {
    let f = facts(concat!(
        "#![allow(clippy::all, missing_docs)]\n",
        "use kernel::bindings;\n",
        "use kernel::bindings::{a, b};\n",
        "use r570 as bindings;\n",
        "use kernel::bindings as bindings;\n",
        "/// Firmware bindings.\n#[allow(dead_code)]\nmod bindings;\n",
        "include!(\"r570/bindings.rs\");\n",
        "fn f() { unsafe { bindings::c() } }\n",
    ));
    let sites: Vec<(u32, u32, &str)> = f
        .bindings_sites
        .iter()
        .map(|s| (s.line, s.column, s.name.as_str()))
        .collect();
    assert_eq!(sites, vec![(3, 13, "a"), (3, 13, "b"), (10, 19, "c")]);
    assert_eq!(f.bindings_uses.values().sum::<u32>(), 3);
    assert_eq!(f.file_lint_allows, vec!["missing_safety_doc".to_string()]);
    assert_eq!(f.includes, vec!["r570/bindings.rs".to_string()]);
    // `mod bindings` at its keyword's line (8), not at its doc comment's (6).
    assert_eq!(f.local_bindings, vec![4, 8]);
}

/// What the one walk decides from a node's kind and text before building its cursor: a
/// `////` comment (not a doc comment) ends a doc example; an allow attribute written with
/// whitespace around `::` covers the items and nested functions of its item only; items
/// nested in functions and modules are found; an empty node does not hide its siblings.
#[test]
fn one_walk_edge_cases() {
    let f = facts(concat!(
        "/// ```\n",                                                               // 1
        "/// unsafe { a() }\n",                                                    // 2
        "//// Not a doc comment: ends the example.\n",                             // 3
        "/// unsafe { b() }\n",                                                    // 4
        "fn documented() {}\n",                                                    // 5
        "#[allow(clippy :: undocumented_unsafe_blocks)]\n",                        // 6
        "fn allowed() {\n",                                                        // 7
        "    fn nested() { unsafe {} }\n",                                         // 8
        "}\n",                                                                     // 9
        "fn not_allowed() { unsafe {} }\n",                                        // 10
        "fn outer() {\n",                                                          // 11
        "    mod inner {\n",                                                       // 12
        "        #[no_mangle]\n",                                                  // 13
        "        extern \"C\" fn exported() {}\n",                                 // 14
        "        use crate::ffi as bindings;\n",                                   // 15
        "    }\n",                                                                 // 16
        "    m!(#[expect(clippy::undocumented_unsafe_blocks)] unsafe { x() });\n", // 17
        "}\n",                                                                     // 18
        "fn broken(,) { module!{ type: M, name: \"m\", } }\n",                     // 19
    ));
    assert_eq!(f.doctest_unsafe, 1);
    use UnsafeKind::*;
    assert_eq!(
        sites(&f),
        vec![
            (8, 19, Block, false, false, true),
            (10, 20, Block, false, false, false),
            (17, 54, Block, false, false, false),
        ]
    );
    assert_eq!(
        f.safety_lint_attributes,
        SafetyLintAttributes {
            allow: 1,
            expect: 1
        }
    );
    let exported: Vec<(&str, u32)> = f
        .exported_functions
        .iter()
        .map(|e| (e.name.as_str(), e.line))
        .collect();
    assert_eq!(exported, vec![("exported", 14)]);
    let mods: Vec<(&str, u32)> = f
        .mod_declarations
        .iter()
        .map(|m| (m.name.as_str(), m.line))
        .collect();
    assert_eq!(mods, vec![("inner", 12)]);
    assert_eq!(f.local_bindings, vec![15]);
    assert_eq!(f.module_macros.len(), 1);
    assert_eq!(f.module_macros[0].name.as_deref(), Some("m"));
    assert!(f.parse_errors.count > 0);
}

#[test]
fn deep_nesting_is_parsed_on_a_large_stack_or_refused() {
    // 5,000 levels: more than a 2 MB stack takes, parsed on a thread sized for it.
    let deep = format!(
        "fn f() {{ let x = {}0{}; unsafe {{ g() }} }}\n",
        "[".repeat(5_000),
        "]".repeat(5_000)
    );
    let facts = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || rust_facts(deep.as_bytes()))
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(facts.parse_errors.count, 0);
    assert_eq!(facts.unsafe_counts.blocks, 1);
    // Past the bound: not parsed, one error says why; the grep count is still made.
    let too_deep = format!("// unsafe\n{}", "(".repeat(MAX_NESTING + 1));
    let facts = rust_facts(too_deep.as_bytes());
    assert_eq!(facts.parse_errors.count, 1);
    assert!(facts.parse_errors.first[0]
        .message
        .contains("nested deeper than 20000"));
    assert_eq!(facts.grep_lines, 1);
}

#[test]
fn files_past_the_size_bound_are_not_parsed() {
    let mut big = b"unsafe fn f() {}\n".to_vec();
    big.resize(MAX_PARSED_BYTES + 1, b'\n');
    let facts = rust_facts(&big);
    assert_eq!(facts.parse_errors.count, 1);
    assert!(facts.parse_errors.first[0]
        .message
        .starts_with("larger than 4 MB"));
    assert_eq!(facts.unsafe_counts.fns_with_body, 0);
    assert_eq!(facts.grep_lines, 1);
}

/// Clippy treats only `///` lines starting with ```` ``` ```` as code fences when it reads the
/// comments above a block (`trim_start_matches("///")`): a SAFETY line between two `///`
/// fences is inside an example and does not count; between two `//!` fences it does.
#[test]
fn safety_between_doc_fences_as_clippy_reads_them() {
    let f = facts(concat!(
        "fn outer() {\n",                  // 1
        "    /// ```\n",                   // 2
        "    // SAFETY: in an example.\n", // 3
        "    /// ```\n",                   // 4
        "    unsafe {}\n",                 // 5
        "}\n",                             // 6
        "fn inner() {\n",                  // 7
        "    //! ```\n",                   // 8
        "    // SAFETY: not a fence.\n",   // 9
        "    //! ```\n",                   // 10
        "    unsafe {}\n",                 // 11
        "}\n",                             // 12
    ));
    let documented: Vec<(u32, bool)> = sites(&f).iter().map(|s| (s.0, s.3)).collect();
    assert_eq!(documented, vec![(5, false), (11, true)]);
}

/// `fn` items with a body, counted by hand: `free`, `method`, `default_method`, `nested`,
/// `in_mod`; not the trait's declaration, the extern declaration, the closure, or the
/// function inside `macro_rules!` and a macro call.
#[test]
fn function_definitions() {
    let f = facts(concat!(
        "fn free() { fn nested() {} let c = || 1; }\n",
        "struct S;\n",
        "impl S { pub fn method(&self) {} }\n",
        "trait T { fn declared(&self); fn default_method(&self) {} }\n",
        "extern \"C\" { fn external(); }\n",
        "mod m { pub(crate) const unsafe fn in_mod() {} }\n",
        "macro_rules! m { () => { fn in_macro() {} } }\n",
        "m! { fn in_call() {} }\n",
    ));
    assert_eq!(f.fn_definitions, 5);
}
