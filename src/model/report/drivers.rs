//! Crates outside `rust/`: drivers, samples and other users, with their module macro and
//! Kconfig.

use super::schema::{CodeFigures, Crate, Driver, Lines, UnsafeFigures};
use super::{kernel, Counted, ReportInput};
use crate::facts::rust::{ModuleMacro, RustFacts};
use std::collections::BTreeMap;

/// Crates outside `rust/`, with their module macro and Kconfig prompt, in crate order.
pub(super) fn drivers(
    input: &ReportInput<'_>,
    crates: &[Crate],
    counted: &Counted<'_>,
    kconfig: &[(String, Vec<kernel::kconfig::KconfigEntry>)],
) -> Vec<Driver> {
    let kconfig: Vec<&kernel::kconfig::KconfigEntry> = kconfig
        .iter()
        .flat_map(|(_, entries)| entries.iter())
        .collect();
    let empty = RustFacts::default();
    let mut drivers = Vec::new();
    for c in crates.iter().filter(|c| !c.root.starts_with("rust/")) {
        let mut lines = Lines::default();
        let mut figures = UnsafeFigures::default();
        let mut names: BTreeMap<String, u32> = BTreeMap::new();
        let mut module_macro = None;
        for file in &c.files {
            if let Some(l) = counted.get(file.as_str()) {
                lines.add_file(l);
            }
            let facts = input.rust.get(file).unwrap_or(&empty);
            figures.add(facts);
            for (name, n) in &facts.bindings_uses {
                *names.entry(name.clone()).or_default() += n;
            }
            if module_macro.is_none() {
                module_macro = facts
                    .module_macros
                    .iter()
                    .find(|m| declares_module(m))
                    .cloned();
            }
        }
        let prompt = c
            .kconfig
            .as_deref()
            .and_then(|sym| {
                let sym = sym.strip_prefix("CONFIG_").unwrap_or(sym);
                kconfig.iter().find(|e| e.symbol == sym)
            })
            .and_then(|e| e.prompt.clone());
        let m = module_macro.unwrap_or_default();
        let mut authors = m.authors.clone().unwrap_or_default();
        if let Some(a) = &m.author {
            authors.push(a.clone());
        }
        drivers.push(Driver {
            root: c.root.clone(),
            crate_name: c.name.clone(),
            kind: c.root.split('/').next().unwrap_or("").to_string(),
            macro_name: (!m.macro_name.is_empty()).then(|| m.macro_name.clone()),
            name: m.name.clone(),
            authors,
            description: m.description.clone(),
            license: m.license.clone(),
            kconfig: c.kconfig.clone(),
            kconfig_prompt: prompt,
            // A crate with a module macro is a module of its own even when Kbuild links C glue
            // into it (nova-core's exports); one without is part of a C module.
            linked_into_c: c.linked_into_c && m.macro_name.is_empty(),
            files: c.files.clone(),
            figures: CodeFigures::new(lines, lines.code, figures),
            bindings_uses: names.values().map(|&n| u64::from(n)).sum(),
            bindings_names: names.into_keys().collect(),
        });
    }
    drivers
}

/// Whether a `module*!` invocation declares a module (and so generates its init/exit): every
/// such macro (`module!`, `module_pci_driver!`, `module_phy_driver!`, ...) requires `name:`.
/// `module_firmware!(..)` and similar helpers only add modinfo and have no `name:`.
pub(super) fn declares_module(m: &ModuleMacro) -> bool {
    m.name.is_some()
}

#[cfg(test)]
mod tests {
    use super::super::crates::find_crates;
    use super::super::fixture::Tree;
    use super::super::platform::parse_kconfig;
    use super::*;

    #[test]
    fn a_module_pci_driver_makes_a_driver_with_its_fields() {
        let tree = Tree::new(&[
            ("drivers/gpu/Makefile", "obj-$(CONFIG_NOVA) += nova.o\n"),
            (
                "drivers/gpu/Kconfig",
                "config NOVA\n\ttristate \"Nova GPU driver\"\n\tdepends on RUST\n",
            ),
            (
                "drivers/gpu/nova.rs",
                "mod hw;\nkernel::module_pci_driver! {\n    type: NovaDriver,\n    name: \"nova\",\n    authors: [\"A\", \"B\"],\n    description: \"Nova\",\n    license: \"GPL v2\",\n}\n",
            ),
            ("drivers/gpu/hw.rs", "fn f() { unsafe { bindings::x(); bindings::y(); bindings::x(); } }\n"),
        ]);
        let input = tree.input();
        let counted = tree.counted();
        let crates = find_crates(&input, &counted);
        let found = drivers(&input, &crates, &counted, &parse_kconfig(&input));
        assert_eq!(found.len(), 1);
        let d = &found[0];
        assert_eq!(d.root, "drivers/gpu/nova.rs");
        assert_eq!(d.crate_name, "nova");
        assert_eq!(d.kind, "drivers");
        assert_eq!(d.macro_name.as_deref(), Some("module_pci_driver"));
        assert_eq!(d.name.as_deref(), Some("nova"));
        assert_eq!(d.authors, ["A", "B"]);
        assert_eq!(d.description.as_deref(), Some("Nova"));
        assert_eq!(d.license.as_deref(), Some("GPL v2"));
        assert_eq!(d.kconfig.as_deref(), Some("CONFIG_NOVA"));
        assert_eq!(d.kconfig_prompt.as_deref(), Some("Nova GPU driver"));
        assert!(!d.linked_into_c);
        assert_eq!(d.files, ["drivers/gpu/hw.rs", "drivers/gpu/nova.rs"]);
        assert_eq!(d.figures.lines.files, 2);
        assert_eq!(d.figures.unsafe_blocks, 1);
        assert_eq!(d.bindings_uses, 3);
        assert_eq!(d.bindings_names, ["x", "y"]);
    }

    #[test]
    fn only_macros_with_a_name_declare_a_module() {
        let named = ModuleMacro {
            name: Some("m".into()),
            ..ModuleMacro::default()
        };
        assert!(declares_module(&named));
        assert!(!declares_module(&ModuleMacro::default()));
    }
}
