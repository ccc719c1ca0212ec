//! The Rust census of a kernel tree: areas, vendored crates, crates and their files, the
//! `kernel` crate's module tree, drivers and other users, `unsafe` and SAFETY figures, the
//! C↔Rust boundary and the platform. Everything is computed from the tree itself: crate roots
//! from the folder layout of `rust/` and from Kbuild, vendored crates from their READMEs,
//! modules by following `mod` declarations, drivers from module macros and Kbuild.
//!
//! Input: the line [`Census`] of the tree, the [`RustFacts`] of every `.rs` file, and the bytes
//! of the few files that carry tree-level knowledge ([`is_knowledge_file`]), all collected in
//! one pass over the source.

//! Layout: [`schema`] holds the JSON types (the SCHEMA.md contract); each tree-level analysis
//! is its own module ([`areas`], [`crates`], [`modules`], [`drivers`], [`boundary`],
//! [`platform`], [`share`]), and [`build`] composes them in order. A new analysis is a new
//! module beside them, a field of [`Report`] and one line in [`build`]; what it needs from
//! the scan is a field of [`ReportInput`].

mod areas;
mod boundary;
mod categories;
mod crates;
mod drivers;
#[cfg(test)]
mod fixture;
mod modules;
mod platform;
mod reach;
mod schema;
mod share;
mod twins;

pub use areas::area_of;
pub use categories::MODULE_CATEGORIES;
pub(crate) use crates::{declared_file_candidates, normalize};
pub use modules::category_of;
pub use schema::*;
pub use schema::{AreaName, AREAS};

use super::census::Census;
use super::kernel;
use crate::facts::c::CFacts;
use crate::facts::rust::RustFacts;
use crate::facts::{languages, LineCounts};
use crate::source::BlobId;
use std::collections::{BTreeMap, BTreeSet};

pub use crate::scan::is_knowledge_file;

/// Everything the report is computed from: what the one pass over the tree collected. All
/// fields are borrowed, so the value is cheap to copy and to rebuild with one field replaced.
#[derive(Clone, Copy)]
pub struct ReportInput<'a> {
    /// The line census of the whole tree.
    pub census: &'a Census,
    /// Rust facts of each `.rs` file, by path.
    pub rust: &'a BTreeMap<String, RustFacts>,
    /// Bytes of the knowledge files ([`is_knowledge_file`]), by path.
    pub kept: &'a BTreeMap<String, Vec<u8>>,
    /// For each exported symbol, the C files that call it (filled by a scan of C files).
    pub c_callers: &'a BTreeMap<String, Vec<String>>,
    /// Git blob id of each `.rs` file, by path.
    pub rust_blobs: &'a BTreeMap<String, BlobId>,
    /// C-side facts of the C files, headers and assembly files that have any, by path.
    pub c_facts: &'a BTreeMap<String, CFacts>,
    /// The names [`CFacts::definitions`] index into.
    pub c_searched: &'a [String],
    /// What the C files and headers of the twins call and define, by path
    /// ([`crate::scan::Plan::c_calls_wanted`]).
    pub c_calls: &'a BTreeMap<String, crate::facts::c_calls::CCalls>,
    /// What the scan's choice of those files prepared ([`crate::scan::TreeRead::prepared`]):
    /// the twins' [`crate::model::twins::PairBasis`], when it is one.
    pub prepared: Option<&'a (dyn std::any::Any + Send + Sync)>,
}

impl ReportInput<'_> {
    /// The text of a knowledge file (lossy UTF-8), if the tree has it.
    fn text(&self, path: &str) -> Option<String> {
        self.kept
            .get(path)
            .map(|b| String::from_utf8_lossy(b).into_owned())
    }
}

/// The counted Rust files' lines, by path.
type Counted<'a> = BTreeMap<&'a str, &'a LineCounts>;

/// Build the report: each analysis in turn, later ones reading what earlier ones found.
pub fn build(input: &ReportInput<'_>) -> Report {
    let counted: Counted<'_> = input
        .census
        .files
        .iter()
        .filter(|f| f.language == languages::RUST)
        .map(|f| (f.path.as_str(), &f.lines))
        .collect();
    let vendored = areas::vendored_crates(input);
    let vendored_roots: Vec<String> = vendored.iter().map(|v| v.path.clone()).collect();
    let crates = crates::find_crates(input, &counted);
    let adjusted = without_own_bindings(input.rust, &crates);
    let input = &ReportInput {
        rust: &adjusted,
        ..*input
    };
    let basis = input
        .prepared
        .and_then(|p| p.downcast_ref::<crate::model::twins::PairBasis>());
    // The scan's basis read the Kconfig files already.
    let parsed;
    let kconfig = match basis {
        Some(basis) => &basis.kconfig,
        None => {
            parsed = platform::parse_kconfig(input);
            &parsed
        }
    };
    // Finding the twins reads every Kconfig entry and Kbuild line and needs only the crates:
    // it runs beside the other analyses (the model is otherwise one thread after the
    // parallel scan).
    let (pairings, rest) = rayon::join(
        || twins::pairings(input, &crates, kconfig, basis),
        || {
            let tally = areas::tally(input, &counted, &crates, vendored, &vendored_roots);
            let maintainers = modules::maintainers(input);
            let modules = modules::kernel_modules(input, &counted, maintainers.as_ref());
            let drivers = drivers::drivers(input, &crates, &counted, kconfig);
            let reach = reach::reach(
                input,
                &modules,
                &drivers,
                &vendored_roots,
                maintainers.as_ref(),
            );
            (tally, modules, drivers, reach)
        },
    );
    let (tally, modules, drivers, (reach, reached_by_file)) = rest;
    let (tree, languages, c_and_headers_code) = share::tree_languages(input.census);
    let exports = boundary::exports(input, &crates, &vendored_roots);
    let bindings = boundary::bindings(input, &tally.areas, &vendored_roots);
    let (architectures, toolchain) = platform::platform(input, kconfig);
    let architecture_docs = platform::architecture_docs(input, &architectures);
    let twins = twins::twins(input, &pairings, &reached_by_file);
    let in_crate: BTreeSet<&str> = crates
        .iter()
        .flat_map(|c| c.files.iter().map(String::as_str))
        .collect();
    let unreached_files: Vec<String> = counted
        .keys()
        .filter(|p| !in_crate.contains(*p))
        .map(|p| p.to_string())
        .collect();

    Report {
        schema_version: SCHEMA_VERSION,
        kernel_version: input
            .text("Makefile")
            .and_then(|t| kernel::version::parse_kernel_version(&t))
            .map(|v| v.release()),
        rust: tally.rust,
        rust_own: tally.rust_own,
        tree,
        languages,
        rust_share: RustShare::of(&tally.rust, &tally.rust_own, &tree, c_and_headers_code),
        skipped: NotCounted::of(input.census),
        areas: tally.areas,
        vendored: tally.vendored,
        unsafe_figures: tally.unsafe_all.finish(tally.rust.code),
        unsafe_own: tally.unsafe_own.finish(tally.rust_own.code),
        crates,
        unreached_files,
        modules,
        drivers,
        exports,
        bindings,
        reach,
        architectures,
        architecture_docs,
        toolchain,
        twins,
        files: tally.files,
    }
}

/// The Rust facts with `bindings::` uses cleared in crates that declare their own `bindings`
/// (nova-core's firmware bindings: `mod bindings`, `use r570_144 as bindings`): there
/// `bindings::` means the crate's own items, not the kernel's C bindings, so those paths are
/// not counted as uses of C.
fn without_own_bindings(
    rust: &BTreeMap<String, RustFacts>,
    crates: &[Crate],
) -> BTreeMap<String, RustFacts> {
    let own_bindings: BTreeSet<&str> = crates
        .iter()
        .filter(|c| {
            c.files.iter().any(|f| {
                rust.get(f)
                    .is_some_and(|facts| !facts.local_bindings.is_empty())
            })
        })
        .flat_map(|c| c.files.iter().map(String::as_str))
        .collect();
    rust.iter()
        .map(|(path, facts)| {
            let mut facts = facts.clone();
            if own_bindings.contains(path.as_str()) {
                facts.bindings_uses.clear();
            }
            (path.clone(), facts)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::fixture::Tree;
    use super::*;

    fn tree() -> Tree {
        Tree::new(&[
            ("rust/syn/README.md", "These source files come from the Rust `syn` crate, version 2.0.106\n(released 2025-08-16), hosted in the <https://github.com/dtolnay/syn> repository.\n"),
            ("rust/syn/lib.rs", "mod a;\nfn f() {}\n"),
            ("rust/syn/a.rs", "fn g() { unsafe {} }\n\n"),
            ("rust/kernel/lib.rs", "mod sync;\nfn f() { unsafe { bindings::x() } }\n"),
            ("rust/kernel/sync.rs", "fn f() { bindings::y(); }\n"),
            ("drivers/gpu/Makefile", "obj-m += nova.o\n"),
            ("drivers/gpu/nova.rs", "mod bindings;\nfn f() { bindings::own(); }\n"),
            ("drivers/gpu/bindings.rs", "pub fn own() {}\n"),
            ("samples/rust/unbuilt.rs", "fn f() {}\n"),
            (
                "Makefile",
                "VERSION = 7\nPATCHLEVEL = 3\nSUBLEVEL = 0\nEXTRAVERSION =\n",
            ),
        ])
    }

    #[test]
    fn the_areas_add_up_to_the_totals() {
        let tree = tree();
        let report = build(&tree.input());
        assert_eq!(report.kernel_version.as_deref(), Some("7.3.0"));
        let sum = |areas: &mut dyn Iterator<Item = &Area>| {
            areas.fold(Lines::default(), |mut all, a| {
                all.files += a.figures.lines.files;
                all.blank += a.figures.lines.blank;
                all.code += a.figures.lines.code;
                all
            })
        };
        assert_eq!(sum(&mut report.areas.iter()), report.rust);
        assert_eq!(
            sum(&mut report.areas.iter().filter(|a| !a.vendored)),
            report.rust_own
        );
        assert_eq!(report.rust.files, 7);
        assert_eq!(report.rust_own.files, 5);
        let names: Vec<AreaName> = report.areas.iter().map(|a| a.area).collect();
        assert_eq!(names, AREAS);
        assert_eq!(report.unsafe_figures.blocks, 2);
        assert_eq!(report.unsafe_own.blocks, 1);
        assert_eq!(report.vendored.len(), 1);
        assert_eq!((report.vendored[0].files, report.vendored[0].code), (2, 3));
    }

    #[test]
    fn files_know_their_crate_and_area_and_own_bindings_are_not_c() {
        let tree = tree();
        let report = build(&tree.input());
        let file = |path: &str| report.files.iter().find(|f| f.path == path).unwrap();
        assert_eq!(file("rust/syn/a.rs").crate_name.as_deref(), Some("syn"));
        assert_eq!(file("rust/syn/a.rs").area, AreaName::Vendored);
        assert_eq!(
            file("drivers/gpu/bindings.rs").crate_name.as_deref(),
            Some("nova")
        );
        assert_eq!(file("rust/kernel/lib.rs").bindings_uses, 1);
        // nova declares its own `bindings`: its `bindings::own()` is no use of C.
        assert_eq!(file("drivers/gpu/nova.rs").bindings_uses, 0);
        assert_eq!(report.bindings.distinct_names, 2);
        assert_eq!(report.unreached_files, ["samples/rust/unbuilt.rs"]);
        assert_eq!(file("samples/rust/unbuilt.rs").crate_name, None);
        let modules: Vec<&str> = report.modules.iter().map(|m| m.path.as_str()).collect();
        assert_eq!(modules, ["sync"]);
        let drivers: Vec<&str> = report.drivers.iter().map(|d| d.root.as_str()).collect();
        assert_eq!(drivers, ["drivers/gpu/nova.rs"]);
    }

    #[test]
    fn knowledge_files_are_build_files_and_rust_metadata() {
        assert!(is_knowledge_file("drivers/gpu/Makefile"));
        assert!(is_knowledge_file("drivers/gpu/Kconfig.debug"));
        assert!(is_knowledge_file("rust/helpers/mutex.c"));
        assert!(!is_knowledge_file("drivers/gpu/nova.c"));
        assert!(!is_knowledge_file("drivers/README.md"));
    }
}
