//! The platform: architectures with Rust support and the toolchain requirements.

use super::schema::{Architecture, ArchitectureDocs, Toolchain};
use super::{kernel, ReportInput};
use std::collections::{BTreeMap, BTreeSet};

/// The parsed Kconfig files, by path.
pub(super) type KconfigFiles = Vec<(String, Vec<kernel::kconfig::KconfigEntry>)>;

/// Every Kconfig file of the tree, parsed (in parallel), by path.
pub(super) fn parse_kconfig(input: &ReportInput<'_>) -> KconfigFiles {
    kernel::kconfig::parse_files(input.kept)
}

/// The architectures whose Kconfig selects HAVE_RUST, and the toolchain requirements.
pub(super) fn platform(
    input: &ReportInput<'_>,
    kconfig: &[(String, Vec<kernel::kconfig::KconfigEntry>)],
) -> (Vec<Architecture>, Toolchain) {
    // Selects by architecture, in file order: one architecture however many lines it has.
    let mut selects: BTreeMap<&str, Vec<Option<String>>> = BTreeMap::new();
    for (path, entries) in kconfig {
        let Some(arch) = path
            .strip_prefix("arch/")
            .and_then(|p| p.strip_suffix("/Kconfig"))
        else {
            continue;
        };
        if arch.contains('/') {
            continue;
        }
        for entry in entries {
            for select in entry.selects.iter().filter(|s| s.symbol == "HAVE_RUST") {
                selects
                    .entry(arch)
                    .or_default()
                    .push(entry.select_condition(select));
            }
        }
    }
    let architectures: Vec<Architecture> = selects
        .into_iter()
        .map(|(arch, conditions)| Architecture::from_selects(arch, conditions))
        .collect();
    let script = input
        .text("scripts/min-tool-version.sh")
        .unwrap_or_default();
    let minimum =
        |tool: &str| kernel::version::min_tool_version(&script, tool).and_then(|t| t.default);
    let mut depending: BTreeSet<String> = BTreeSet::new();
    for (_, entries) in kconfig {
        {
            depending.extend(
                kernel::kconfig::depending_on(entries, "RUST", false)
                    .into_iter()
                    .filter(|e| {
                        e.depends_on
                            .iter()
                            .any(|d| kernel::kconfig::mentions_positively(d, "RUST"))
                    })
                    .map(|e| e.symbol.clone()),
            );
        }
    }
    let toolchain = Toolchain {
        rustc: minimum("rustc"),
        bindgen: minimum("bindgen"),
        rust_makefile_lines: input
            .kept
            .get("rust/Makefile")
            .map_or(0, |b| bytecount_lines(b)),
        kconfig_symbols_depending_on_rust: depending.into_iter().collect(),
    };
    (architectures, toolchain)
}

/// `Documentation/rust/arch-support.rst`'s table against the architectures whose Kconfig
/// selects HAVE_RUST: both lists can lag behind each other (7.3's document omits powerpc).
pub(super) fn architecture_docs(
    input: &ReportInput<'_>,
    architectures: &[Architecture],
) -> Option<ArchitectureDocs> {
    use kernel::arch_support::{documented_architectures, ARCH_SUPPORT_DOC};
    let documented = documented_architectures(&input.text(ARCH_SUPPORT_DOC)?)?;
    let enabled: BTreeSet<&str> = architectures.iter().map(|a| a.arch.as_str()).collect();
    let listed: BTreeSet<&str> = documented.iter().map(String::as_str).collect();
    let only = |a: &BTreeSet<&str>, b: &BTreeSet<&str>| -> Vec<String> {
        a.difference(b).map(|s| s.to_string()).collect()
    };
    Some(ArchitectureDocs {
        path: ARCH_SUPPORT_DOC.to_string(),
        undocumented: only(&enabled, &listed),
        documented_only: only(&listed, &enabled),
        documented,
    })
}

/// Lines of a file as `wc -l` counts them, plus an unterminated last line.
fn bytecount_lines(bytes: &[u8]) -> u64 {
    let newlines = memchr::memchr_iter(b'\n', bytes).count() as u64;
    newlines + u64::from(!bytes.is_empty() && !bytes.ends_with(b"\n"))
}

#[cfg(test)]
mod tests {
    use super::super::fixture::Tree;
    use super::*;

    #[test]
    fn architectures_toolchain_and_symbols_depending_on_rust() {
        let tree = Tree::new(&[
            ("arch/x86/Kconfig", "config X86\n\tdef_bool y\n\tselect HAVE_RUST if X86_64\n"),
            ("arch/arm64/Kconfig", "config ARM64\n\tdef_bool y\n\tselect HAVE_RUST\n"),
            (
                "arch/ppc/Kconfig",
                "config PPC\n\tdef_bool y\n\tselect HAVE_RUST if PPC32\n\tselect HAVE_RUST if PPC64 && LE\n",
            ),
            ("arch/arm64/sub/Kconfig", "config SUB\n\tdef_bool y\n\tselect HAVE_RUST\n"),
            (
                "drivers/Kconfig",
                "config A_RUST\n\ttristate \"A\"\n\tdepends on RUST\nconfig NOT_RUST\n\ttristate \"B\"\n\tdepends on !RUST\n",
            ),
            (
                "scripts/min-tool-version.sh",
                "case \"$1\" in\nrustc)\n\techo 1.78.0\n\t;;\nbindgen)\n\techo 0.65.1\n\t;;\nesac\n",
            ),
            ("rust/Makefile", "a\nb\nc"),
        ]);
        let input = tree.input();
        let (architectures, toolchain) = platform(&input, &parse_kconfig(&input));
        let archs: Vec<(&str, Option<&str>)> = architectures
            .iter()
            .map(|a| (a.arch.as_str(), a.condition.as_deref()))
            .collect();
        assert_eq!(
            archs,
            [
                ("arm64", None),
                ("ppc", Some("PPC32 || (PPC64 && LE)")),
                ("x86", Some("X86_64"))
            ]
        );
        let ppc = &architectures[1];
        assert_eq!(
            ppc.conditions,
            [Some("PPC32".to_string()), Some("PPC64 && LE".to_string())]
        );
        assert_eq!(toolchain.rustc.as_deref(), Some("1.78.0"));
        assert_eq!(toolchain.bindgen.as_deref(), Some("0.65.1"));
        assert_eq!(toolchain.rust_makefile_lines, 3);
        assert_eq!(toolchain.kconfig_symbols_depending_on_rust, ["A_RUST"]);
    }

    #[test]
    fn documentation_against_kconfig() {
        let doc = "============  =====\nArchitecture  Level\n============  =====\n\
                   ``x86``       M\n``sh``        M\n============  =====\n";
        let tree = Tree::new(&[
            (
                "arch/x86/Kconfig",
                "config X86\n\tdef_bool y\n\tselect HAVE_RUST\n",
            ),
            (
                "arch/ppc/Kconfig",
                "config PPC\n\tdef_bool y\n\tselect HAVE_RUST\n",
            ),
            ("Documentation/rust/arch-support.rst", doc),
        ]);
        let input = tree.input();
        let (architectures, _) = platform(&input, &parse_kconfig(&input));
        let docs = architecture_docs(&input, &architectures).unwrap();
        assert_eq!(docs.documented, ["sh", "x86"]);
        assert_eq!(docs.undocumented, ["ppc"]);
        assert_eq!(docs.documented_only, ["sh"]);
        assert!(!docs.agrees());
        let without = Tree::new(&[("arch/x86/Kconfig", "config X86\n\tselect HAVE_RUST\n")]);
        assert_eq!(architecture_docs(&without.input(), &architectures), None);
    }

    #[test]
    fn lines_count_an_unterminated_last_line() {
        assert_eq!(bytecount_lines(b""), 0);
        assert_eq!(bytecount_lines(b"a\n"), 1);
        assert_eq!(bytecount_lines(b"a\nb"), 2);
        assert_eq!(bytecount_lines(b"\n\n"), 2);
    }
}
