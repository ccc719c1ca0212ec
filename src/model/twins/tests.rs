//! Each pairing rule on a hand-written tree, then the real 6.12 and 7.3 trees.

use std::collections::BTreeMap;

use super::*;
use crate::facts::c_calls::c_calls;

/// A tree of knowledge files and the other files that exist.
struct Fixture {
    kept: BTreeMap<String, Vec<u8>>,
    present: Vec<String>,
    crates: Vec<TwinCrate>,
}

impl Fixture {
    fn new(files: &[(&str, &str)], present: &[&str]) -> Fixture {
        Fixture {
            kept: files
                .iter()
                .map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()))
                .collect(),
            present: present.iter().map(|p| p.to_string()).collect(),
            crates: Vec::new(),
        }
    }

    fn pairs(&self) -> Vec<Pairing> {
        let exists = |p: &str| self.present.iter().any(|q| q == p);
        pair(&PairInput {
            kept: &self.kept,
            exists: &exists,
            crates: &self.crates,
            kconfig: None,
        })
    }

    /// (Rust symbol, C symbol, rules) of each pair.
    fn summary(&self) -> Vec<(String, String, Vec<String>)> {
        self.pairs()
            .into_iter()
            .map(|p| {
                let rules = p.evidence.iter().map(|e| e.rule.clone()).collect();
                (p.rust.symbol, p.c.symbol, rules)
            })
            .collect()
    }
}

/// A Kconfig file of a C symbol `FOO` and a Rust symbol `FOO_RUST` (the `kconfig-name`
/// rule's pair).
const FOO_AND_FOO_RUST: &str =
    "config FOO\n\ttristate \"Foo\"\n\nconfig FOO_RUST\n\ttristate \"Foo, again\"\n\tdepends on RUST\n";

fn one(rust: &str, c: &str, rules: &[&str]) -> Vec<(String, String, Vec<String>)> {
    vec![(
        rust.to_string(),
        c.to_string(),
        rules.iter().map(|r| r.to_string()).collect(),
    )]
}

/// The report pairs from the basis the scan made when every `.c` was taken to exist
/// ([`calls_wanted`]): the objects whose `.c` does not exist are left out, and a `.rs` that
/// does not exist makes a new basis (its object is then read as its `.c`).
#[test]
fn pairs_from_a_basis_of_more_files_are_the_pairs_of_the_files_that_exist() {
    let f = Fixture::new(
        &[
            ("drivers/a/Kconfig", FOO_AND_FOO_RUST),
            (
                "drivers/a/Makefile",
                "obj-$(CONFIG_FOO) += foo.o entry.o\nobj-$(CONFIG_FOO_RUST) += foo_rs.o\n",
            ),
        ],
        &[
            "drivers/a/foo.c",
            "drivers/a/entry.S",
            "drivers/a/foo_rs.rs",
        ],
    );
    let exact = f.pairs();
    assert_eq!(exact.len(), 1);
    assert_eq!(exact[0].c.files, ["drivers/a/foo.c"]);
    let exists = |p: &str| f.present.iter().any(|q| q == p);
    let input = PairInput {
        kept: &f.kept,
        exists: &exists,
        crates: &f.crates,
        kconfig: None,
    };
    // As the scan's choice sees the tree: `entry.c` taken to exist.
    let every_c = |p: &str| !p.ends_with(".rs") || exists(p);
    let basis = PairBasis::new(&f.kept, &every_c, None);
    assert_eq!(basis.c["FOO"].len(), 2);
    assert_eq!(pair_from(&basis, &input), exact);

    // A basis that took `foo_rs.rs` to exist, in a tree with only `foo_rs.c`: FOO_RUST then
    // builds C, and there is no pair.
    let only_c = |p: &str| matches!(p, "drivers/a/foo.c" | "drivers/a/foo_rs.c");
    let c_input = PairInput {
        exists: &only_c,
        ..input
    };
    assert!(pair(&c_input).is_empty());
    assert!(basis.narrowed(&only_c).is_none());
    assert!(pair_from(&basis, &c_input).is_empty());
}

#[test]
fn rule_kconfig_name() {
    let f = Fixture::new(
        &[
            ("drivers/a/Kconfig", FOO_AND_FOO_RUST),
            (
                "drivers/a/Makefile",
                "obj-$(CONFIG_FOO) += foo.o\nobj-$(CONFIG_FOO_RUST) += foo_rs.o\n",
            ),
        ],
        &["drivers/a/foo.c", "drivers/a/foo_rs.rs"],
    );
    assert_eq!(f.summary(), one("FOO_RUST", "FOO", &["kconfig-name"]));
    let p = &f.pairs()[0];
    assert_eq!(p.evidence[0].file, "drivers/a/Kconfig");
    assert_eq!(p.evidence[0].line, 4);
    assert_eq!(p.rust.files, ["drivers/a/foo_rs.rs"]);
    assert_eq!(p.c.files, ["drivers/a/foo.c"]);
    assert_eq!(p.c.modules, ["drivers/a/foo"]);
    assert_eq!(p.rust.kconfig, ("drivers/a/Kconfig".to_string(), 4));
}

#[test]
fn rule_depends_not() {
    let f = Fixture::new(
        &[
            (
                "drivers/b/Kconfig",
                "config BAR\n\ttristate \"Bar\"\n\nconfig NEWBAR\n\tbool \"New bar\"\n\tdepends on RUST\n\tdepends on MMU && !BAR\n",
            ),
            (
                "drivers/b/Makefile",
                "obj-$(CONFIG_BAR) += bar.o\nobj-$(CONFIG_NEWBAR) += newbar/\n",
            ),
            (
                "drivers/b/newbar/Makefile",
                "obj-$(CONFIG_NEWBAR) += nb.o\nnb-y := main.o glue.o\n",
            ),
        ],
        &[
            "drivers/b/bar.c",
            "drivers/b/newbar/main.rs",
            "drivers/b/newbar/glue.c",
        ],
    );
    assert_eq!(f.summary(), one("NEWBAR", "BAR", &["kconfig-depends-not"]));
    let p = &f.pairs()[0];
    assert_eq!(p.evidence[0].line, 7);
    assert_eq!(
        p.rust.files,
        ["drivers/b/newbar/glue.c", "drivers/b/newbar/main.rs"]
    );
}

#[test]
fn rule_prompt() {
    let f = Fixture::new(
        &[
            (
                "drivers/c/Kconfig",
                "config OLDQ\n\ttristate \"Quux frobnicator\"\n\nconfig QNG\n\ttristate\n\tprompt \"Rust based Quux frobnicator (Experimental)\"\n",
            ),
            (
                "drivers/c/Makefile",
                "obj-$(CONFIG_OLDQ) += oldq.o\nobj-$(CONFIG_QNG) += qng.o\n",
            ),
        ],
        &["drivers/c/oldq.c", "drivers/c/qng.rs"],
    );
    assert_eq!(f.summary(), one("QNG", "OLDQ", &["kconfig-prompt"]));
    assert_eq!(f.pairs()[0].evidence[0].line, 6);
}

#[test]
fn rule_help_and_ambiguity() {
    let kconfig = "config WIDGET\n\ttristate \"Widget test driver\"\n\nconfig NG2\n\ttristate \"Next generation\"\n\thelp\n\t  This is the Rust implementation of the widget driver. Like\n\t  the C version, it widgets.\n";
    let files = [
        ("drivers/d/Kconfig", kconfig),
        (
            "drivers/d/Makefile",
            "obj-$(CONFIG_WIDGET) += widget.o\nobj-$(CONFIG_NG2) += ng2.o\n",
        ),
    ];
    let present = ["drivers/d/widget.c", "drivers/d/ng2.rs"];
    let f = Fixture::new(&files, &present);
    assert_eq!(f.summary(), one("NG2", "WIDGET", &["kconfig-help"]));
    let e = &f.pairs()[0].evidence[0];
    assert_eq!(e.line, 7);
    assert!(e.detail.contains("Like the C version"), "{}", e.detail);
    // A second C driver the phrase fits: no pair.
    let two = format!("{kconfig}\nconfig WIDGET2\n\ttristate \"Widget other driver\"\n");
    let files = [
        ("drivers/d/Kconfig", two.as_str()),
        (
            "drivers/d/Makefile",
            "obj-$(CONFIG_WIDGET) += widget.o\nobj-$(CONFIG_NG2) += ng2.o\nobj-$(CONFIG_WIDGET2) += w2.o\n",
        ),
    ];
    let f = Fixture::new(
        &files,
        &["drivers/d/widget.c", "drivers/d/ng2.rs", "drivers/d/w2.c"],
    );
    assert!(f.summary().is_empty());
    // A phrase in another subsystem does not count.
    let files = [
        ("drivers/d/Kconfig", "config NG2\n\ttristate \"Next generation\"\n\thelp\n\t  The Rust version of the widget driver.\n"),
        ("drivers/e/Kconfig", "config WIDGET\n\ttristate \"Widget test driver\"\n"),
        ("drivers/d/Makefile", "obj-$(CONFIG_NG2) += ng2.o\n"),
        ("drivers/e/Makefile", "obj-$(CONFIG_WIDGET) += widget.o\n"),
    ];
    let f = Fixture::new(&files, &["drivers/e/widget.c", "drivers/d/ng2.rs"]);
    assert!(f.summary().is_empty());
}

#[test]
fn rule_choice() {
    let f = Fixture::new(
        &[
            (
                "drivers/f/Kconfig",
                "choice\n\tprompt \"Implementation\"\n\nconfig IMPL_C\n\tbool \"Classic\"\n\nconfig IMPL_RS\n\tbool \"New\"\n\nendchoice\n\nconfig OTHER\n\tbool \"Other\"\n",
            ),
            (
                "drivers/f/Makefile",
                "obj-$(CONFIG_IMPL_C) += impl_c.o\nobj-$(CONFIG_IMPL_RS) += impl_rs.o\nobj-$(CONFIG_OTHER) += other.o\n",
            ),
        ],
        &["drivers/f/impl_c.c", "drivers/f/impl_rs.rs", "drivers/f/other.c"],
    );
    assert_eq!(f.summary(), one("IMPL_RS", "IMPL_C", &["kconfig-choice"]));
    assert_eq!(f.pairs()[0].evidence[0].line, 1);
}

#[test]
fn rule_makefile_alternative() {
    let f = Fixture::new(
        &[
            (
                "drivers/g/Kconfig",
                "config PHY_X\n\ttristate \"X PHYs\"\n\nconfig PHY_NEXT\n\tbool \"Next X\"\n\tdepends on PHY_X\n",
            ),
            (
                "drivers/g/Makefile",
                "obj-y += core.o\nifdef CONFIG_PHY_NEXT\n  obj-$(CONFIG_PHY_X) += phyx_next.o\nelse\n  obj-$(CONFIG_PHY_X) += phyx.o\nendif\n",
            ),
        ],
        &["drivers/g/phyx.c", "drivers/g/phyx_next.rs", "drivers/g/core.c"],
    );
    assert_eq!(
        f.summary(),
        one("PHY_NEXT", "PHY_X", &["makefile-alternative"])
    );
    let p = &f.pairs()[0];
    assert_eq!(p.evidence[0].line, 2);
    assert_eq!(p.evidence[0].file, "drivers/g/Makefile");
    assert_eq!(p.rust.files, ["drivers/g/phyx_next.rs"]);
    assert_eq!(p.c.files, ["drivers/g/phyx.c"]);
}

#[test]
fn rule_module_name() {
    let mut f = Fixture::new(
        &[
            (
                "drivers/h/Kconfig",
                "config GIZMO\n\ttristate \"Gizmo\"\n\nconfig GIZMO2\n\ttristate \"Gizmo two\"\n\nconfig TOOL\n\ttristate \"Tool\"\n\nconfig TOOL2\n\ttristate \"Tool two\"\n",
            ),
            (
                "drivers/h/Makefile",
                "obj-$(CONFIG_GIZMO) += gizmo.o\nobj-$(CONFIG_GIZMO2) += rgizmo.o\nobj-$(CONFIG_TOOL) += tool-core.o\nobj-$(CONFIG_TOOL2) += tool2.o\n",
            ),
        ],
        &[
            "drivers/h/gizmo.c",
            "drivers/h/rgizmo.rs",
            "drivers/h/tool-core.c",
            "drivers/h/tool2.rs",
            "drivers/h/tool2/sub.rs",
        ],
    );
    // By object name only (no crate known).
    assert_eq!(f.summary(), one("GIZMO2", "GIZMO", &["module-name"]));
    // By the module macro's name; the crate's files make up the side.
    f.crates = vec![TwinCrate {
        root: "drivers/h/tool2.rs".into(),
        files: vec!["drivers/h/tool2.rs".into(), "drivers/h/tool2/sub.rs".into()],
        module: Some(("tool_core".into(), "drivers/h/tool2.rs".into(), 9)),
    }];
    let pairs = f.pairs();
    assert_eq!(pairs.len(), 2);
    assert_eq!(pairs[1].rust.symbol, "TOOL2");
    assert_eq!(pairs[1].c.symbol, "TOOL");
    assert_eq!(pairs[1].evidence[0].file, "drivers/h/tool2.rs");
    assert_eq!(pairs[1].evidence[0].line, 9);
    assert_eq!(
        pairs[1].rust.files,
        ["drivers/h/tool2.rs", "drivers/h/tool2/sub.rs"]
    );
}

#[test]
fn no_twin_without_a_rule() {
    let f = Fixture::new(
        &[
            (
                "drivers/i/Kconfig",
                "config QR\n\tbool \"Rust QR code encoder\"\n\tdepends on RUST\n\nconfig PANIC\n\tbool \"Panic screen\"\n",
            ),
            (
                "drivers/i/Makefile",
                "obj-$(CONFIG_QR) += qr.o\nobj-$(CONFIG_PANIC) += panic.o\n",
            ),
        ],
        &["drivers/i/qr.rs", "drivers/i/panic.c"],
    );
    assert!(f.summary().is_empty());
}

#[test]
fn measured_side_by_side() {
    let f = Fixture::new(
        &[
            (
                "drivers/b/Kconfig",
                "config BAR\n\ttristate \"Bar\"\n\nconfig BAR_RUST\n\tbool \"Rust version of Bar\"\n",
            ),
            (
                "drivers/b/Makefile",
                "obj-$(CONFIG_BAR) += bar.o\nbar-y := core.o\nobj-$(CONFIG_BAR_RUST) += rbar.o\n",
            ),
        ],
        &["drivers/b/core.c", "drivers/b/rbar.rs"],
    );
    let pairs = f.pairs();
    let header_known = std::cell::Cell::new(true);
    let figures = |path: &str| -> Option<FileFigures> {
        let f = |language: &str, code: u64, functions: u64, includes: &[&str]| FileFigures {
            language: language.into(),
            blank: 1,
            comment: 2,
            code,
            functions: Some(functions),
            local_includes: includes.iter().map(|s| s.to_string()).collect(),
            ..FileFigures::default()
        };
        // core.c calls kzalloc, kfree, bar_get, BAR_MAX and defines bar_probe; bar.h calls
        // BIT and defines BAR_MAX and bar_get: the C side calls kzalloc, kfree and BIT.
        let core = c_calls(
            b"#include \"bar.h\"\nint bar_probe(void)\n{\n\tvoid *p = kzalloc(BAR_MAX, 0);\n\
              \tkfree(p);\n\treturn bar_get(p);\n}\n",
        );
        let header = c_calls(
            b"#define BAR_MAX BIT(3)\nstatic inline int bar_get(void *p) { return p != 0; }\n",
        );
        match path {
            "drivers/b/core.c" => {
                Some(f("C", 200, 10, &["bar.h", "missing.h"]).with_c_calls(Some(&core)))
            }
            "drivers/b/bar.h" => Some(
                f("C/C++ Header", 50, 1, &["core.c"])
                    .with_c_calls(header_known.get().then_some(&header)),
            ),
            "drivers/b/rbar.rs" => Some(FileFigures {
                unsafe_blocks: 4,
                documented_blocks: 3,
                bindings_uses: 2,
                c_names_called: Some(vec!["kfree".into(), "mutex_lock".into()]),
                ..f("Rust", 125, 8, &[])
            }),
            _ => None,
        }
    };
    let twins = measure(&pairs, &figures);
    assert_eq!(twins.len(), 1);
    let t = &twins[0];
    assert_eq!(t.name, "bar");
    let paths: Vec<(&str, &str)> =
        t.c.files
            .iter()
            .map(|f| (f.path.as_str(), f.role.as_str()))
            .collect();
    assert_eq!(
        paths,
        [
            ("drivers/b/bar.h", "header"),
            ("drivers/b/core.c", "source")
        ]
    );
    assert_eq!(t.c.lines.code, 250);
    assert_eq!(t.c.lines.total(), 256);
    assert_eq!(t.c.functions, Some(11));
    assert_eq!(t.rust.functions, Some(8));
    assert_eq!(t.rust.unsafe_blocks_per_kloc, 32.0);
    assert_eq!(t.rust.safety_comment_percent, Some(75.0));
    assert_eq!(t.c.safety_comment_percent, None);
    // What the Rust side calls comes from the reach analysis (kfree, mutex_lock); the C
    // side's from its files' calls less their definitions (kzalloc, kfree, BIT).
    assert_eq!(t.rust.c_api_functions_called, Some(2));
    assert_eq!(t.c.c_api_functions_called, Some(3));
    // One file of the side without a record: unknown, not a partial 2.
    header_known.set(false);
    let unknown = measure(&pairs, &figures);
    assert_eq!(unknown[0].c.c_api_functions_called, None);
    assert_eq!(unknown[0].rust.c_api_functions_called, Some(2));
    header_known.set(true);
    assert_eq!(t.rust_to_c_code, 0.5);
    assert_eq!(
        t.sentence,
        "The Rust rbar (BAR_RUST) re-implements \"Bar\" (bar) in 125 code lines of Rust \
         (1 file) against 250 in C (2 files), 0.50 times as many; 8 functions against 11; 4 \
         unsafe blocks (32.0 per 1,000 lines of Rust, 75% with a SAFETY comment) and 2 direct \
         bindings:: uses."
    );
    let mut twins = twins;
    attach_cves(&mut twins, &|paths: &[String]| {
        if paths.iter().any(|p| p == "drivers/b/core.c") {
            vec![
                "CVE-2024-2".into(),
                "CVE-2024-1".into(),
                "CVE-2024-2".into(),
            ]
        } else {
            Vec::new()
        }
    });
    assert_eq!(
        twins[0].c.cves.as_deref(),
        Some(&["CVE-2024-1".to_string(), "CVE-2024-2".to_string()][..])
    );
    assert_eq!(twins[0].rust.cves.as_deref(), Some(&[][..]));
}

mod real;
