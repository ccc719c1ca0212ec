//! Unit tests of `super` (Kbuild object lists and `rust/Makefile` crates): hand-written
//! Kbuild fragments, and the real trees when they are present.

use super::*;

const FIXTURE: &str = "\
# SPDX-License-Identifier: GPL-2.0
# A comment mentioning obj-y += not_this.o
obj-$(CONFIG_FOO)\t+= foo.o bar/ \\
\t\tbaz.o  # trailing comment
obj-y := always.o
obj-m = module.o
ccflags-y += -DDEBUG
CFLAGS_foo.o := -O2
composite-y := part1.o
composite-$(CONFIG_EXTRA) += part2.o
composite-objs += part3.o
obj-$(CONFIG_COMPOSITE) += composite.o
ifdef CONFIG_RUSTY
  obj-$(CONFIG_DRV) += drv_rust.o
else
  obj-$(CONFIG_DRV) += drv.o
endif
ifeq ($(CONFIG_A),y)
obj-y += a.o
else ifneq ($(CONFIG_B),)
obj-y += b.o
else
obj-y += c.o
endif
define rule
obj-y += inside_define.o
endef
$(obj)/gen.o: $(src)/gen.c
\tobj-y += recipe.o
lib-$(CONFIG_LIB) += libpart.o
";

#[test]
fn parses_assignments() {
    let entries = parse(FIXTURE);
    let first = &entries[0];
    assert_eq!(first.target, "obj");
    assert_eq!(first.suffix, "$(CONFIG_FOO)");
    assert_eq!(first.config.as_deref(), Some("CONFIG_FOO"));
    assert_eq!(first.operator, "+=");
    assert_eq!(*first.objects, ["foo.o", "bar/", "baz.o"]);
    assert_eq!(first.line, 3);
    assert_eq!(entries[1].operator, ":=");
    assert_eq!(entries[1].config, None);
    assert_eq!(entries[2].operator, "=");
    assert_eq!(entries[2].suffix, "m");
    assert!(entries.iter().all(|e| !e.target.contains("flags")));
    assert!(!entries.iter().any(|e| e.target == "CFLAGS_foo.o"));
    let all: Vec<&str> = entries
        .iter()
        .flat_map(|e| e.objects.iter().map(SmolStr::as_str))
        .collect();
    assert!(!all.contains(&"not_this.o"));
    assert!(!all.contains(&"inside_define.o"));
    assert!(!all.contains(&"recipe.o"));
    assert!(all.contains(&"libpart.o"));
    let composite: Vec<&KbuildEntry> = entries.iter().filter(|e| e.target == "composite").collect();
    assert_eq!(composite.len(), 3);
    assert_eq!(composite[1].config.as_deref(), Some("CONFIG_EXTRA"));
    assert_eq!(composite[2].suffix, "objs");
}

#[test]
fn guards_follow_else_chains() {
    let entries = parse(FIXTURE);
    let by_obj = |o: &str| {
        entries
            .iter()
            .find(|e| e.objects.iter().any(|x| x == o))
            .unwrap()
            .guards
            .iter()
            .map(Guard::describe)
            .collect::<Vec<_>>()
    };
    assert_eq!(by_obj("drv_rust.o"), vec!["ifdef CONFIG_RUSTY"]);
    assert_eq!(by_obj("drv.o"), vec!["!ifdef CONFIG_RUSTY"]);
    assert_eq!(by_obj("a.o"), vec!["ifeq ($(CONFIG_A),y)"]);
    assert_eq!(
        by_obj("b.o"),
        vec!["!ifeq ($(CONFIG_A),y)", "ifneq ($(CONFIG_B),)"]
    );
    assert_eq!(
        by_obj("c.o"),
        vec!["!ifeq ($(CONFIG_A),y)", "!ifneq ($(CONFIG_B),)"]
    );
    assert!(by_obj("libpart.o").is_empty());
}

#[test]
fn finds_objects() {
    let entries = parse(FIXTURE);
    let foo = find_object(&entries, "foo");
    assert_eq!(foo.len(), 1);
    assert_eq!(foo[0].config.as_deref(), Some("CONFIG_FOO"));
    assert_eq!(foo[0].composite, None);

    let part2 = find_object(&entries, "part2");
    assert_eq!(part2.len(), 1);
    assert_eq!(part2[0].config.as_deref(), Some("CONFIG_COMPOSITE"));
    assert_eq!(part2[0].composite.as_deref(), Some("composite"));
    assert_eq!(part2[0].part_config.as_deref(), Some("CONFIG_EXTRA"));
    assert_eq!(find_object(&entries, "part3")[0].part_config, None);

    let drv = find_object(&entries, "drv_rust");
    assert_eq!(drv[0].config.as_deref(), Some("CONFIG_DRV"));
    assert_eq!(drv[0].guards[0].config(), Some("CONFIG_RUSTY"));

    assert_eq!(find_object(&entries, "libpart")[0].list, "lib");
    assert!(find_object(&entries, "missing").is_empty());
    assert!(find_object(&entries, "bar").is_empty());
    assert_eq!(
        subdirs(&entries),
        vec![("bar".to_string(), Some("CONFIG_FOO".to_string()))]
    );
    assert_eq!(
        find_object_in(&["obj-y += x.o", "obj-$(CONFIG_Y) += y.o"], "y")[0]
            .config
            .as_deref(),
        Some("CONFIG_Y")
    );
}

#[test]
fn odd_input_does_not_panic() {
    for text in [
        "",
        "=",
        "-y += a.o",
        "obj-$(",
        "obj-$(CONFIG_X",
        "else\nendif\nendif",
        ")-y += a.o",
        "$(-y := x",
        "obj-\u{e9}$(CONFIG_\u{e9}) += \u{e9}.o",
        "\\",
        "a:\n\tb\n\\\n",
    ] {
        let entries = parse(text);
        let _ = find_object(&entries, "a");
        let _ = rust_makefile_crates(text);
    }
}

#[test]
fn rust_makefile_fixture() {
    let text = "\
obj-$(CONFIG_RUST) += core.o kernel.o
libmacros_name := $(call procmacro-name,macros)
$(obj)/core.o: private skip_clippy = 1
$(obj)/core.o: $(RUST_LIB_SRC)/core/src/lib.rs \\
    scripts/target.json FORCE
\t+$(call if_changed_rule,rustc_library)

$(obj)/host/libquote.rlib: $(src)/quote/lib.rs FORCE
\t+$(call if_changed_dep,rustc_procmacrolibrary)

$(obj)/$(libmacros_name): $(src)/macros/lib.rs FORCE
\t+$(call if_changed_dep,rustc_procmacro)

$(obj)/libold.so: $(src)/old/lib.rs FORCE
\t$(call if_changed_dep,rustc_procmacro)

$(obj)/kernel.o: $(src)/kernel/lib.rs $(obj)/core.o FORCE
\t+$(call if_changed_rule,rustc_library)

$(obj)/kernel.o: $(obj)/extra.rs

rusttest-kernel: $(src)/kernel/lib.rs FORCE
\t+$(call if_changed,rustc_test_library)
";
    let crates = rust_makefile_crates(text);
    let summary: Vec<(&str, CrateKind, Option<&str>)> = crates
        .iter()
        .map(|c| (c.name.as_str(), c.kind, c.root.as_deref()))
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                "core",
                CrateKind::Library,
                Some("$(RUST_LIB_SRC)/core/src/lib.rs")
            ),
            ("quote", CrateKind::HostLibrary, Some("rust/quote/lib.rs")),
            ("macros", CrateKind::ProcMacro, Some("rust/macros/lib.rs")),
            ("old", CrateKind::ProcMacro, Some("rust/old/lib.rs")),
            ("kernel", CrateKind::Library, Some("rust/kernel/lib.rs")),
        ]
    );
    assert_eq!(crates[0].line, 4);
}

#[test]
fn real_trees() {
    use crate::testing::{read, tree};
    let names = |crates: &[RustCrate]| {
        let mut v: Vec<String> = crates.iter().map(|c| c.name.clone()).collect();
        v.sort();
        v
    };
    // Checked with `grep -n 'rustc_library\|rustc_procmacro' rust/Makefile` and the rule
    // lines above each recipe.
    if let Some(t) = tree("6.1", false) {
        let crates = rust_makefile_crates(&read(&t, "rust/Makefile"));
        assert_eq!(
            names(&crates),
            [
                "alloc",
                "bindings",
                "compiler_builtins",
                "core",
                "kernel",
                "macros"
            ]
        );
    }
    if let Some(t) = tree("6.12", true) {
        let crates = rust_makefile_crates(&read(&t, "rust/Makefile"));
        assert_eq!(
            names(&crates),
            [
                "bindings",
                "build_error",
                "compiler_builtins",
                "core",
                "ffi",
                "kernel",
                "macros",
                "uapi"
            ]
        );
        let phy = parse(&read(&t, "drivers/net/phy/Makefile"));
        let ax = find_object(&phy, "ax88796b_rust");
        assert_eq!(ax.len(), 1);
        assert_eq!(ax[0].config.as_deref(), Some("CONFIG_AX88796B_PHY"));
        assert_eq!(ax[0].guards[0].config(), Some("CONFIG_AX88796B_RUST_PHY"));
    }
    let Some(t) = tree("7.3", true) else { return };
    let crates = rust_makefile_crates(&read(&t, "rust/Makefile"));
    assert_eq!(
        names(&crates),
        [
            "bindings",
            "build_error",
            "compiler_builtins",
            "core",
            "ffi",
            "kernel",
            "macros",
            "pin_init",
            "pin_init_internal",
            "proc_macro2",
            "quote",
            "syn",
            "uapi",
            "zerocopy",
            "zerocopy_derive"
        ]
    );
    let kind = |n: &str| crates.iter().find(|c| c.name == n).map(|c| c.kind);
    assert_eq!(kind("syn"), Some(CrateKind::HostLibrary));
    assert_eq!(kind("macros"), Some(CrateKind::ProcMacro));
    assert_eq!(kind("pin_init_internal"), Some(CrateKind::ProcMacro));
    assert_eq!(kind("zerocopy_derive"), Some(CrateKind::ProcMacro));
    let root = |n: &str| {
        crates
            .iter()
            .find(|c| c.name == n)
            .and_then(|c| c.root.clone())
    };
    assert_eq!(
        root("pin_init").as_deref(),
        Some("rust/pin-init/src/lib.rs")
    );
    assert_eq!(
        root("zerocopy").as_deref(),
        Some("rust/zerocopy/src/lib.rs")
    );
    assert_eq!(root("kernel").as_deref(), Some("rust/kernel/lib.rs"));

    // drivers/net/phy/Makefile:40-44 (7.3): `ifdef CONFIG_AX88796B_RUST_PHY` /
    // `obj-$(CONFIG_AX88796B_PHY) += ax88796b_rust.o` / `else` / `... += ax88796b.o`.
    let phy = parse(&read(&t, "drivers/net/phy/Makefile"));
    let ax = find_object(&phy, "ax88796b_rust");
    assert_eq!(ax.len(), 1);
    assert_eq!(ax[0].config.as_deref(), Some("CONFIG_AX88796B_PHY"));
    assert_eq!(ax[0].line, 41);
    assert_eq!(ax[0].guards.len(), 1);
    assert_eq!(ax[0].guards[0].describe(), "ifdef CONFIG_AX88796B_RUST_PHY");
    let c = find_object(&phy, "ax88796b");
    assert_eq!(c[0].guards[0].describe(), "!ifdef CONFIG_AX88796B_RUST_PHY");
    let qt = find_object(&phy, "qt2025");
    assert_eq!(qt[0].config.as_deref(), Some("CONFIG_AMCC_QT2025_PHY"));

    // drivers/block/Makefile:38 `obj-$(CONFIG_BLK_DEV_RUST_NULL) += rnull/`;
    // drivers/block/rnull/Makefile: `obj-$(CONFIG_BLK_DEV_RUST_NULL) += rnull_mod.o` and
    // `rnull_mod-y := rnull.o`.
    let block = parse(&read(&t, "drivers/block/Makefile"));
    assert!(subdirs(&block).contains(&(
        "rnull".to_string(),
        Some("CONFIG_BLK_DEV_RUST_NULL".to_string())
    )));
    let rnull = find_object_in(&[&read(&t, "drivers/block/rnull/Makefile")], "rnull");
    assert_eq!(rnull.len(), 1);
    assert_eq!(rnull[0].config.as_deref(), Some("CONFIG_BLK_DEV_RUST_NULL"));
    assert_eq!(rnull[0].composite.as_deref(), Some("rnull_mod"));
}
