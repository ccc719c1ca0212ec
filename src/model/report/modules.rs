//! The `kernel` crate's module tree, with categories and MAINTAINERS entries.

use super::categories::MODULE_CATEGORIES;
use super::crates::{declared_module_path, reach};
use super::schema::{CodeFigures, Lines, Module, UnsafeFigures};
use super::{Counted, ReportInput};
use crate::facts::rust::RustFacts;
use crate::model::kernel::maintainers::Maintainers;
use std::collections::BTreeMap;

/// The category of a module path (by its top-level module).
pub fn category_of(module_path: &str) -> &'static str {
    let top = module_path.split("::").next().unwrap_or(module_path);
    MODULE_CATEGORIES
        .iter()
        .find(|(_, modules)| modules.contains(&top))
        .map_or("Uncategorized", |(category, _)| category)
}

/// The tree's MAINTAINERS, parsed, with the patterns naming folders marked as folders: read
/// once for the modules and the reach.
pub(super) fn maintainers(input: &ReportInput<'_>) -> Option<Maintainers> {
    let mut maintainers = Maintainers::parse(&input.text("MAINTAINERS")?);
    // get_maintainer.pl treats a pattern naming a folder as the whole folder. The census is
    // sorted by path, so the files below `p/` (if any) start where `p/` would go.
    let files = &input.census.files;
    maintainers.mark_directories(|p| {
        let folder = format!("{}/", p.trim_end_matches('/'));
        let at = files.partition_point(|f| f.path.as_str() < folder.as_str());
        files.get(at).is_some_and(|f| f.path.starts_with(&folder))
    });
    Some(maintainers)
}

/// The module tree of the `kernel` crate, with the MAINTAINERS entries of each module.
pub(super) fn kernel_modules(
    input: &ReportInput<'_>,
    counted: &Counted<'_>,
    maintainers: Option<&Maintainers>,
) -> Vec<Module> {
    let root = "rust/kernel/lib.rs";
    if !counted.contains_key(root) {
        return Vec::new();
    }
    let exists = |p: &str| counted.contains_key(p);
    // cfg of each declaration, by child module path.
    let mut cfgs: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let reached = reach(root, input.rust, &exists);
    for (file, module_path) in &reached {
        if let Some(facts) = input.rust.get(file) {
            for decl in facts.mod_declarations.iter().filter(|d| !d.inline) {
                cfgs.insert(declared_module_path(module_path, decl), decl.cfg.clone());
            }
        }
    }
    // A file an `include!` reads is part of its includer's module: one module, its files.
    let mut files_by_module: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (file, module_path) in reached {
        if !module_path.is_empty() {
            files_by_module.entry(module_path).or_default().push(file);
        }
    }
    let empty = RustFacts::default();
    // MAINTAINERS matching dominates here; the modules are independent, so in parallel.
    use rayon::prelude::*;
    let mut modules: Vec<Module> = files_by_module
        .into_par_iter()
        .map(|(module_path, files)| {
            let mut lines = Lines::default();
            let mut figures = UnsafeFigures::default();
            let mut bindings_uses = 0;
            for file in &files {
                let facts = input.rust.get(file).unwrap_or(&empty);
                if let Some(lines_of) = counted.get(file.as_str()) {
                    lines.add_file(lines_of);
                }
                figures.add(facts);
                bindings_uses += facts
                    .bindings_uses
                    .values()
                    .map(|&n| u64::from(n))
                    .sum::<u64>();
            }
            // The module's own file (the first reached) gives its docs and maintainers.
            let facts = input.rust.get(&files[0]).unwrap_or(&empty);
            let entries = maintainers
                .map(|m| m.entries_for_path(&files[0]))
                .unwrap_or_default();
            Module {
                category: category_of(&module_path).into(),
                cfg: cfgs.get(&module_path).cloned().unwrap_or_default(),
                doc: facts.inner_doc_summary.clone(),
                path: module_path,
                files,
                figures: CodeFigures::new(lines, lines.code, figures),
                bindings_uses,
                maintainers_entries: entries.iter().map(|e| e.title.clone()).collect(),
            }
        })
        .collect();
    modules.sort_by(|a, b| a.path.cmp(&b.path));
    modules
}

#[cfg(test)]
mod tests {
    use super::super::fixture::Tree;
    use super::*;

    #[test]
    fn categories_come_from_the_table_by_top_level_module() {
        assert_eq!(category_of("pci"), "Hardware & devices");
        assert_eq!(category_of("list::arc"), "Data structures & utilities");
        assert_eq!(category_of("no_such_module"), "Uncategorized");
        // Every module is listed once: a second row would never be reached.
        let mut all: Vec<&str> = MODULE_CATEGORIES
            .iter()
            .flat_map(|(_, modules)| modules.iter().copied())
            .collect();
        let listed = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), listed);
    }

    #[test]
    fn the_kernel_crate_modules_with_cfg_docs_and_maintainers() {
        let tree = Tree::new(&[
            (
                "rust/kernel/lib.rs",
                "//! The kernel crate.\nmod list;\n#[cfg(CONFIG_PCI)]\nmod pci;\n",
            ),
            ("rust/kernel/list.rs", "//! Lists. Linked ones.\nmod arc;\n"),
            ("rust/kernel/list/arc.rs", "fn f() { unsafe { g() } }\n"),
            (
                "rust/kernel/pci.rs",
                "fn f() { bindings::pci_x(); bindings::pci_y(); }\n",
            ),
            (
                "MAINTAINERS",
                "RUST\nM:\tA <a@b>\nF:\trust/\n\nRUST PCI\nM:\tB <b@b>\nF:\trust/kernel/pci.rs\n",
            ),
        ]);
        let modules = kernel_modules(
            &tree.input(),
            &tree.counted(),
            maintainers(&tree.input()).as_ref(),
        );
        let paths: Vec<&str> = modules.iter().map(|m| m.path.as_str()).collect();
        assert_eq!(paths, ["list", "list::arc", "pci"]);
        let pci = &modules[2];
        assert_eq!(pci.files, ["rust/kernel/pci.rs"]);
        assert_eq!(pci.cfg, ["CONFIG_PCI"]);
        assert_eq!(pci.category, "Hardware & devices");
        assert_eq!(pci.bindings_uses, 2);
        assert_eq!(pci.figures.lines.files, 1);
        assert_eq!(pci.maintainers_entries, ["RUST PCI", "RUST"]);
        assert_eq!(modules[0].doc.as_deref(), Some("Lists."));
        assert_eq!(modules[1].figures.unsafe_blocks, 1);
        assert_eq!(modules[1].category, "Data structures & utilities");
    }

    #[test]
    fn an_included_file_is_part_of_its_includers_module() {
        let tree = Tree::new(&[
            ("rust/kernel/lib.rs", "mod fw;\nmod gen { mod inner; }\n"),
            (
                "rust/kernel/fw.rs",
                "include!(\"fw/generated.rs\");\nfn f() { unsafe {} }\n",
            ),
            ("rust/kernel/fw/generated.rs", "fn g() { unsafe {} }\n\n"),
            ("rust/kernel/gen/inner.rs", "//! Inner.\n"),
        ]);
        let modules = kernel_modules(
            &tree.input(),
            &tree.counted(),
            maintainers(&tree.input()).as_ref(),
        );
        let paths: Vec<&str> = modules.iter().map(|m| m.path.as_str()).collect();
        assert_eq!(paths, ["fw", "gen::inner"]);
        assert_eq!(
            modules[0].files,
            ["rust/kernel/fw.rs", "rust/kernel/fw/generated.rs"]
        );
        assert_eq!(modules[0].figures.lines.files, 2);
        assert_eq!(modules[0].figures.lines.code, 3);
        assert_eq!(modules[0].figures.unsafe_blocks, 2);
        assert_eq!(modules[1].doc.as_deref(), Some("Inner."));
    }

    #[test]
    fn no_kernel_crate_no_modules() {
        let tree = Tree::new(&[("rust/other/lib.rs", "mod a;\n"), ("rust/other/a.rs", "\n")]);
        assert!(kernel_modules(
            &tree.input(),
            &tree.counted(),
            maintainers(&tree.input()).as_ref()
        )
        .is_empty());
    }
}
