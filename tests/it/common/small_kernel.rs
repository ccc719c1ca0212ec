//! A small kernel tree written at test time (tests/it/schema.rs, tests/it/csv.rs).

use super::fixtures::write;
use std::path::Path;

/// A kernel tree small enough to read by eye, with something in every report section: a
/// `kernel` crate with a module, a driver with its module macro, Kconfig and Makefile, an
/// export C calls, a vendored crate, an architecture selecting HAVE_RUST, the bindings
/// helpers, MAINTAINERS, and an `unsafe` block without a SAFETY comment (a lint finding).
pub fn make_tree(root: &Path, version: &str, foo_unsafe: usize) {
    let mut parts = version.split('.');
    let (v, p, s) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    );
    write(
        &root.join("Makefile"),
        format!("VERSION = {v}\nPATCHLEVEL = {p}\nSUBLEVEL = {s}\nEXTRAVERSION =\n").as_bytes(),
    );
    let files: &[(&str, &str)] = &[
        (
            "rust/kernel/lib.rs",
            "//! The kernel crate.\n#![no_std]\npub mod sync;\n",
        ),
        (
            "rust/kernel/sync.rs",
            "//! Synchronisation.\n\npub fn lock() {\n    // SAFETY: always fine.\n    unsafe { bindings::spin_lock() };\n}\n",
        ),
        ("rust/Makefile", "obj-$(CONFIG_RUST) += kernel.o\n"),
        (
            "rust/bindings/bindings_helper.h",
            "#include <linux/spinlock.h>\n",
        ),
        (
            "rust/helpers/spinlock.c",
            "void rust_helper_spin_lock(spinlock_t *l)\n{\n\tspin_lock(l);\n}\n",
        ),
        (
            "rust/syn/README.md",
            "# `syn`\n\nThese source files come from the Rust `syn` crate, version 2.0.106\n",
        ),
        ("rust/syn/lib.rs", "pub fn parse() {}\n"),
        ("drivers/foo/Makefile", "obj-$(CONFIG_FOO) += foo.o\n"),
        (
            "drivers/foo/Kconfig",
            "config FOO\n\ttristate \"Foo driver\"\n\tdepends on RUST\n",
        ),
        (
            "drivers/foo/foo_c.c",
            "int foo_c(void)\n{\n\treturn foo_hook();\n}\n",
        ),
        (
            "lib/util.c",
            "int util(void)\n{\n\treturn 1;\n}\nEXPORT_SYMBOL(util);\n",
        ),
        (
            "arch/x86/Kconfig",
            "config X86\n\tdef_bool y\n\tselect HAVE_RUST if X86_64\n",
        ),
        (
            "MAINTAINERS",
            "FOO DRIVER\nM:\tA. Author <a@example.org>\nS:\tMaintained\nF:\tdrivers/foo/\n",
        ),
        ("scripts/min-tool-version.sh", "rustc)\n\techo 1.78.0\n\t;;\n"),
    ];
    for (path, text) in files {
        write(&root.join(path), text.as_bytes());
    }
    let mut driver = String::from(
        "//! The foo driver.\nuse kernel::prelude::*;\n\nmodule! {\n    type: Foo,\n    name: \"foo\",\n    authors: [\"A. Author\"],\n    description: \"foo driver\",\n    license: \"GPL\",\n}\n\nstruct Foo;\n\n#[no_mangle]\npub extern \"C\" fn foo_hook() -> i32 {\n    0\n}\n",
    );
    for i in 0..foo_unsafe {
        driver.push_str(&format!(
            "\nfn f{i}() {{\n    unsafe {{ kernel::bindings::util() }};\n}}\n"
        ));
    }
    write(&root.join("drivers/foo/foo.rs"), driver.as_bytes());
}
