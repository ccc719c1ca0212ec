//! Crates: their roots (rust/Makefile, the rust/ layout, Kbuild object lists, host programs)
//! and their files (following `mod` declarations).

use super::kernel::kbuild::KbuildEntry;
use super::schema::{Crate, FoundBy};
use super::{kernel, Counted, ReportInput};
use crate::facts::rust::{ModDeclaration, RustFacts};
use std::collections::{BTreeMap, BTreeSet};

/// The folder part of a path (`a/b/c.rs` → `a/b`).
pub(crate) fn folder_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// A file the crate model reached, with where its modules' files are looked for.
#[derive(Clone)]
struct Reaching {
    file: String,
    module_path: String,
    /// The file whose place its `mod` declarations resolve from: itself, or for an
    /// `include!`d file its includer (where `include!` puts the text).
    stands_in: String,
    /// Whether `stands_in` owns its folder (see [`declared_file_candidates`]).
    owns_dir: bool,
}

impl Reaching {
    fn file(file: String, module_path: String, owns_dir: bool) -> Reaching {
        Reaching {
            stands_in: file.clone(),
            file,
            module_path,
            owns_dir,
        }
    }

    fn candidates(&self, decl: &ModDeclaration) -> Vec<(String, bool)> {
        declared_file_candidates(&self.stands_in, self.owns_dir, decl)
    }
}

/// The candidate files of a `mod NAME;` declaration in `file` (first existing wins), each
/// with whether it owns its folder: the one rule of the crate model and `kcensus lint`.
/// `owns_dir`: whether `file` owns its folder (a crate root, a `mod.rs`, a `#[path]` file),
/// so that its modules' files are beside it; for any other `a/b.rs` they are in `a/b/`.
/// The Rust reference's rules: `mod x;` is `x.rs` or `x/mod.rs` in that child folder, below
/// the inline modules it stands in (each one's `#[path]` or name); a `#[path]` is relative
/// to the file's folder, or inside inline modules to the child folder and their components.
pub(crate) fn declared_file_candidates(
    file: &str,
    owns_dir: bool,
    decl: &ModDeclaration,
) -> Vec<(String, bool)> {
    let path_dir = folder_of(file);
    let child_dir = if owns_dir {
        path_dir.to_string()
    } else {
        file.strip_suffix(".rs").unwrap_or(file).to_string()
    };
    let inner: Vec<&str> = decl
        .within
        .iter()
        .map(|m| m.path.as_deref().unwrap_or(m.name.trim_start_matches("r#")))
        .collect();
    let dir = if inner.is_empty() {
        child_dir
    } else {
        join(&child_dir, &inner.join("/"))
    };
    match &decl.path {
        Some(p) if inner.is_empty() => vec![(normalize(&join(path_dir, p)), true)],
        Some(p) => vec![(normalize(&join(&dir, p)), true)],
        None => {
            // `mod r#ref;` lives in `ref.rs`.
            let name = decl.name.trim_start_matches("r#");
            vec![
                (normalize(&join(&dir, &format!("{name}.rs"))), false),
                (normalize(&join(&dir, &format!("{name}/mod.rs"))), true),
            ]
        }
    }
}

/// The module path of a declaration's module in a file of module path `parent`: the file's,
/// the inline modules', its own (`r#` dropped).
pub(super) fn declared_module_path(parent: &str, decl: &ModDeclaration) -> String {
    let mut parts: Vec<&str> = Vec::new();
    if !parent.is_empty() {
        parts.push(parent);
    }
    parts.extend(decl.within.iter().map(|m| m.name.trim_start_matches("r#")));
    parts.push(decl.name.trim_start_matches("r#"));
    parts.join("::")
}

/// Follow `mod` declarations (in inline modules too) and `include!("file")` from a root and
/// return every file reached (root first), with the module path of each file. An included
/// file has its includer's module path, and its `mod` declarations resolve as if its text
/// stood in the includer, where `include!` puts it; its path is relative to the includer's
/// folder, as `include!` reads it.
pub(super) fn reach(
    root: &str,
    rust: &BTreeMap<String, RustFacts>,
    exists: &dyn Fn(&str) -> bool,
) -> Vec<(String, String)> {
    let mut out = vec![(root.to_string(), String::new())];
    let mut queue = vec![Reaching::file(root.to_string(), String::new(), true)];
    let mut seen: BTreeSet<String> = BTreeSet::from([root.to_string()]);
    while let Some(reaching) = queue.pop() {
        let Some(facts) = rust.get(&reaching.file) else {
            continue;
        };
        for decl in facts.mod_declarations.iter().filter(|d| !d.inline) {
            let child_path = declared_module_path(&reaching.module_path, decl);
            for (candidate, owns) in reaching.candidates(decl) {
                if exists(&candidate) && seen.insert(candidate.clone()) {
                    out.push((candidate.clone(), child_path.clone()));
                    queue.push(Reaching::file(candidate, child_path, owns));
                    break;
                }
            }
        }
        for include in &facts.includes {
            let included = normalize(&join(folder_of(&reaching.file), include));
            if exists(&included) && seen.insert(included.clone()) {
                out.push((included.clone(), reaching.module_path.clone()));
                queue.push(Reaching {
                    file: included,
                    ..reaching.clone()
                });
            }
        }
    }
    out
}

/// The files of a crate: everything `mod` declarations reach from its root, sorted.
pub(super) fn crate_files(
    root: &str,
    rust: &BTreeMap<String, RustFacts>,
    exists: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    let mut files: Vec<String> = reach(root, rust, exists)
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    files.sort();
    files
}

/// Resolve `.` and `..` in a `/`-separated path; the one rule for the paths Makefiles, `mod`
/// declarations and `#include`s name.
pub(crate) use crate::model::kernel::normalize;

/// Crate roots: in `rust/`, `rust/X.rs`, `rust/X/lib.rs` and `rust/X/src/lib.rs` (the layout
/// rust/Makefile builds); elsewhere, `foo.rs` whose `foo.o` a Makefile/Kbuild in its folder
/// lists. Sorted by root.
pub(super) fn find_crates(input: &ReportInput<'_>, counted: &Counted<'_>) -> Vec<Crate> {
    let mut crates = rust_folder_crates(input, counted);
    crates.extend(kbuild_crates(input, counted));
    crates.sort_by(|a, b| a.root.cmp(&b.root));
    crates
}

/// The crates of `rust/`: those rust/Makefile has rules for (their names are rustc's), then
/// the roots of the `rust/` layout it does not name.
fn rust_folder_crates(input: &ReportInput<'_>, counted: &Counted<'_>) -> Vec<Crate> {
    let exists = |p: &str| counted.contains_key(p);
    let mut crates = Vec::new();
    let makefile_crates: BTreeMap<String, String> = input
        .text("rust/Makefile")
        .map(|t| kernel::kbuild::rust_makefile_crates(&t))
        .unwrap_or_default()
        .into_iter()
        .filter_map(|c| Some((normalize(&c.root?), c.name)))
        .filter(|(root, _)| counted.contains_key(root.as_str()))
        .collect();
    for (root, name) in &makefile_crates {
        let files = crate_files(root, input.rust, &exists);
        crates.push(Crate {
            name: name.clone(),
            root: root.clone(),
            found_by: FoundBy::RustMakefile,
            kconfig: Some("CONFIG_RUST".into()),
            linked_into_c: false,
            files,
        });
    }
    for &path in counted.keys() {
        if makefile_crates.contains_key(path) {
            continue;
        }
        let Some(name) = rust_layout_crate_name(path) else {
            continue;
        };
        let files = crate_files(path, input.rust, &exists);
        crates.push(Crate {
            name: name.replace('-', "_"),
            root: path.to_string(),
            found_by: FoundBy::RustLayout,
            kconfig: None,
            linked_into_c: false,
            files,
        });
    }
    crates
}

/// The crate a file roots by the `rust/` layout (`rust/X.rs`, `rust/X/lib.rs`,
/// `rust/X/src/lib.rs`), named as in the path (`-` not yet replaced).
fn rust_layout_crate_name(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("rust/")?;
    let parts: Vec<&str> = rest.split('/').collect();
    match parts.as_slice() {
        [file] => file.strip_suffix(".rs"),
        [dir, "lib.rs"] | [dir, "src", "lib.rs"] => Some(*dir),
        _ => None,
    }
}

/// The crates outside `rust/`: objects a Makefile or Kbuild lists, and Rust host programs.
fn kbuild_crates(input: &ReportInput<'_>, counted: &Counted<'_>) -> Vec<Crate> {
    // Each file is looked up in its folder's and parents' Makefiles; independent, so in
    // parallel. Files share folders, so each Makefile is parsed once, up front.
    use rayon::prelude::*;
    let exists = |p: &str| counted.contains_key(p);
    let outside: Vec<&str> = counted
        .keys()
        .copied()
        .filter(|p| !p.starts_with("rust/"))
        .collect();
    let makefiles = KbuildFolders::parse(input, &outside);
    outside
        .into_par_iter()
        .filter_map(|path| {
            let stem = path
                .rsplit('/')
                .next()
                .unwrap_or(path)
                .trim_end_matches(".rs");
            let Some((makefile_folder, built)) = makefiles.listing(path) else {
                // A Rust host program: `hostprogs += foo` with `foo-rust := y`.
                let texts = makefile_texts(input, folder_of(path));
                if !texts.iter().any(|t| is_rust_host_program(t, stem)) {
                    return None;
                }
                return Some(Crate {
                    name: stem.to_string(),
                    root: path.to_string(),
                    found_by: FoundBy::KbuildHostProgram,
                    kconfig: None,
                    linked_into_c: false,
                    files: crate_files(path, input.rust, &exists),
                });
            };
            let kconfig = object_symbol(&built);
            Some(Crate {
                name: stem.to_string(),
                root: path.to_string(),
                found_by: FoundBy::Kbuild,
                kconfig,
                linked_into_c: links_into_c(input, &makefiles, makefile_folder, &built),
                files: crate_files(path, input.rust, &exists),
            })
        })
        .collect()
}

/// The Kconfig symbol that chooses a Rust object. A `ifdef CONFIG_X` around the `obj-` line
/// comes first (the Rust variant of a driver with a C twin: `ifdef CONFIG_AX88796B_RUST_PHY`
/// / `obj-$(CONFIG_AX88796B_PHY) += ax88796b_rust.o`), then, for a part of a composite, the
/// part's own symbol (`drm-$(CONFIG_DRM_PANIC_SCREEN_QR_CODE) += drm_panic_qr.o`), then the
/// `obj-` line's symbol: the module's. A conditional around a part line only decides whether
/// the part is linked into the module (`ifdef CONFIG_RUST` / `kasan_test-objs +=
/// kasan_test_rust.o`, a module of `CONFIG_KASAN_KUNIT_TEST`), so it is the last resort.
fn object_symbol(built: &kernel::kbuild::ObjectListing) -> Option<String> {
    let ifdef = |guards: &[kernel::kbuild::Guard]| {
        guards
            .iter()
            .rev()
            .find(|g| !g.negated && g.directive == "ifdef")
            .and_then(|g| g.config().map(String::from))
    };
    ifdef(&built.object_guards)
        .or_else(|| built.part_config.clone())
        .or_else(|| built.config.clone())
        .or_else(|| ifdef(&built.guards))
}

/// Whether an object is part of a composite with C parts, which links it into a C module.
fn links_into_c(
    input: &ReportInput<'_>,
    makefiles: &KbuildFolders<'_>,
    makefile_folder: &str,
    built: &kernel::kbuild::ObjectListing,
) -> bool {
    built.composite.as_deref().is_some_and(|composite| {
        makefiles
            .entries(makefile_folder)
            .iter()
            .filter(|e| e.target == composite)
            .flat_map(|e| e.objects.iter())
            .any(|object| {
                let c = join(
                    makefile_folder,
                    &format!("{}.c", object.trim_end_matches(".o")),
                );
                input
                    .census
                    .files
                    .binary_search_by(|f| f.path.as_str().cmp(&c))
                    .is_ok()
            })
    })
}

/// Whether a Makefile builds `stem` as a Rust host program, as `scripts/Makefile.host` decides:
/// `stem` is listed in a `hostprogs` variable (`hostprogs += stem`, `hostprogs-always-y`,
/// `hostprogs-always-$(CONFIG_X)`, ...) and `stem-rust` is set. The bare `hostprogs` variable
/// (which has no `-y`/`-$(..)` suffix, so it is no Kbuild object list) is read here.
fn is_rust_host_program(text: &str, stem: &str) -> bool {
    // One pass, nothing kept: a Makefile may hold a million assignments.
    let rust_variable = format!("{stem}-rust");
    let (mut listed, mut rust) = (false, false);
    for (_, line) in kernel::logical_lines(text) {
        let line = line.split('#').next().unwrap_or("");
        let Some((lhs, rhs)) = line.split_once('=') else {
            continue;
        };
        let lhs = lhs.trim_end_matches([':', '+', '?']).trim();
        let rhs = rhs.trim();
        listed |= lhs.starts_with("hostprogs") && rhs.split_whitespace().any(|w| w == stem);
        rust |= lhs == rust_variable && !rhs.is_empty();
    }
    listed && rust
}

/// `folder/name`, or `name` at the top.
fn join(folder: &str, name: &str) -> String {
    if folder.is_empty() {
        name.to_string()
    } else {
        format!("{folder}/{name}")
    }
}

/// The texts of a folder's Makefile and Kbuild.
fn makefile_texts(input: &ReportInput<'_>, folder: &str) -> Vec<String> {
    ["Makefile", "Kbuild"]
        .iter()
        .filter_map(|m| input.text(&join(folder, m)))
        .collect()
}

/// The objects [`KbuildFolders::listing`] looks for in each folder: `relative/stem.o` for every
/// `.rs` file below it.
fn wanted_objects<'a>(paths: &[&'a str]) -> BTreeMap<&'a str, BTreeSet<String>> {
    let mut wanted: BTreeMap<&'a str, BTreeSet<String>> = BTreeMap::new();
    for &path in paths {
        let Some(stem_path) = path.strip_suffix(".rs") else {
            continue;
        };
        let mut folder = folder_of(path);
        loop {
            let relative = if folder.is_empty() {
                stem_path
            } else {
                match stem_path.strip_prefix(folder) {
                    Some(rest) => rest.trim_start_matches('/'),
                    None => break,
                }
            };
            wanted
                .entry(folder)
                .or_default()
                .insert(format!("{relative}.o"));
            if folder.is_empty() {
                break;
            }
            folder = folder_of(folder);
        }
    }
    wanted
}

/// The lines of a folder's Makefile and Kbuild (`texts`) that [`kernel::kbuild::find_object`]
/// and [`links_into_c`] read for the objects `wanted`, in file order: the lines naming one,
/// and, for the composites such lines are parts of (`foo-y += wanted.o`), the lines naming
/// the composite (`obj-$(CONFIG_X) += foo.o`) or adding parts to it. The files are read a
/// second time when there are such composites, rather than every line kept.
fn read_listing_lines(texts: &[String], wanted: &BTreeSet<String>) -> Vec<KbuildEntry> {
    let names = |entry: &KbuildEntry, objects: &BTreeSet<String>| {
        entry.objects.iter().any(|o| objects.contains(o.as_str()))
    };
    let mut entries: Vec<KbuildEntry> = Vec::new();
    for text in texts {
        entries.extend(kernel::kbuild::parse_where(text, &|e| names(e, wanted)));
    }
    let composites: BTreeSet<String> = entries
        .iter()
        .filter(|e| !matches!(e.target.as_str(), "obj" | "lib"))
        .map(|e| e.target.to_string())
        .collect();
    if composites.is_empty() {
        return entries;
    }
    let composite_objects: BTreeSet<String> = composites.iter().map(|c| format!("{c}.o")).collect();
    let keep = |e: &KbuildEntry| {
        names(e, wanted) || names(e, &composite_objects) || composites.contains(e.target.as_str())
    };
    texts
        .iter()
        .flat_map(|text| kernel::kbuild::parse_where(text, &keep))
        .collect()
}

/// The parsed Makefile and Kbuild of every folder that holds, or is above, a Rust file.
struct KbuildFolders<'a> {
    entries: BTreeMap<&'a str, Vec<kernel::kbuild::KbuildEntry>>,
}

impl<'a> KbuildFolders<'a> {
    /// Parse the Makefiles of the folders of `paths` and of all their parents (in parallel),
    /// keeping only the lines [`KbuildFolders::listing`] and [`links_into_c`] read (a
    /// Makefile may list a million objects).
    fn parse(input: &ReportInput<'_>, paths: &[&'a str]) -> KbuildFolders<'a> {
        use rayon::prelude::*;
        let mut folders: BTreeSet<&'a str> = BTreeSet::new();
        for &path in paths {
            let mut folder = folder_of(path);
            while folders.insert(folder) && !folder.is_empty() {
                folder = folder_of(folder);
            }
        }
        let wanted = wanted_objects(paths);
        let none = BTreeSet::new();
        let entries = folders
            .into_par_iter()
            .map(|folder| {
                let texts = makefile_texts(input, folder);
                let wanted = wanted.get(folder).unwrap_or(&none);
                (folder, read_listing_lines(&texts, wanted))
            })
            .collect();
        KbuildFolders { entries }
    }

    /// The entries of a folder's Makefile and Kbuild (none when it has neither).
    fn entries(&self, folder: &str) -> &[kernel::kbuild::KbuildEntry] {
        self.entries.get(folder).map_or(&[], Vec::as_slice)
    }

    /// How Kbuild builds the object of a `.rs` file: its own folder's Makefile first, then
    /// each parent's with the path relative to it (`drivers/gpu/Makefile` builds
    /// `nova-core/nova_core.o`). Returns the Makefile's folder and the listing.
    fn listing(&self, path: &'a str) -> Option<(&'a str, kernel::kbuild::ObjectListing)> {
        let stem_path = path.strip_suffix(".rs")?;
        let mut folder = folder_of(path);
        loop {
            let relative = if folder.is_empty() {
                stem_path
            } else {
                stem_path.strip_prefix(folder)?.trim_start_matches('/')
            };
            let entries = self.entries(folder);
            if let Some(listing) = kernel::kbuild::find_object(entries, relative)
                .into_iter()
                .next()
            {
                return Some((folder, listing));
            }
            if folder.is_empty() {
                return None;
            }
            folder = folder_of(folder);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::Tree;
    use super::*;

    fn crate_named<'a>(crates: &'a [Crate], name: &str) -> &'a Crate {
        crates
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("no crate {name} in {crates:?}"))
    }

    #[test]
    fn a_kbuild_line_makes_a_crate_root_and_mod_declarations_reach_its_files() {
        let tree = Tree::new(&[
            (
                "drivers/net/phy/Makefile",
                "obj-$(CONFIG_AX88796B_RUST_PHY) += ax88796b_rust.o\n",
            ),
            (
                "drivers/net/phy/ax88796b_rust.rs",
                "mod regs;\nmod hw;\nfn f() {}\n",
            ),
            ("drivers/net/phy/regs.rs", "pub const A: u32 = 1;\n"),
            ("drivers/net/phy/hw/mod.rs", "mod ops;\n"),
            ("drivers/net/phy/hw/ops.rs", "fn g() {}\n"),
            // Not listed by the Makefile, not reached by a `mod`: no crate.
            ("drivers/net/phy/stray.rs", "fn h() {}\n"),
        ]);
        let crates = find_crates(&tree.input(), &tree.counted());
        assert_eq!(crates.len(), 1, "{crates:?}");
        let c = crate_named(&crates, "ax88796b_rust");
        assert_eq!(c.root, "drivers/net/phy/ax88796b_rust.rs");
        assert_eq!(c.found_by, FoundBy::Kbuild);
        assert_eq!(c.kconfig.as_deref(), Some("CONFIG_AX88796B_RUST_PHY"));
        assert!(!c.linked_into_c);
        assert_eq!(
            c.files,
            [
                "drivers/net/phy/ax88796b_rust.rs",
                "drivers/net/phy/hw/mod.rs",
                "drivers/net/phy/hw/ops.rs",
                "drivers/net/phy/regs.rs",
            ]
        );
    }

    #[test]
    fn a_parent_makefile_and_a_composite_with_c_parts() {
        let tree = Tree::new(&[
            (
                "drivers/gpu/Makefile",
                "obj-$(CONFIG_NOVA_CORE) += nova-core/nova_core.o\n",
            ),
            ("drivers/gpu/nova-core/nova_core.rs", "fn f() {}\n"),
            (
                "drivers/block/Makefile",
                "obj-$(CONFIG_BLK) += blk.o\nblk-y := glue.o rnull.o\n",
            ),
            ("drivers/block/glue.c", "int x;\n"),
            ("drivers/block/rnull.rs", "fn f() {}\n"),
        ]);
        let crates = find_crates(&tree.input(), &tree.counted());
        let nova = crate_named(&crates, "nova_core");
        assert_eq!(nova.root, "drivers/gpu/nova-core/nova_core.rs");
        assert_eq!(nova.kconfig.as_deref(), Some("CONFIG_NOVA_CORE"));
        let rnull = crate_named(&crates, "rnull");
        assert!(rnull.linked_into_c, "blk.o has a C part, glue.c");
        assert_eq!(rnull.kconfig.as_deref(), Some("CONFIG_BLK"));
    }

    #[test]
    fn a_part_under_a_language_guard_takes_the_modules_symbol() {
        // mm/kasan/Makefile (6.12-7.3): the Rust part of a C test module.
        let tree = Tree::new(&[
            (
                "mm/kasan/Makefile",
                concat!(
                    "kasan_test-objs := kasan_test_c.o\n",
                    "ifdef CONFIG_RUST\n",
                    "\tkasan_test-objs += kasan_test_rust.o\n",
                    "endif\n",
                    "obj-$(CONFIG_KASAN_KUNIT_TEST) += kasan_test.o\n",
                    "ifdef CONFIG_RUST\n",
                    "obj-y += only_guarded.o\n",
                    "endif\n",
                    "ifdef CONFIG_X_RUST\n",
                    "obj-$(CONFIG_X) += x.o\n",
                    "endif\n",
                    "x-y := x_rust.o\n",
                ),
            ),
            ("mm/kasan/kasan_test_c.c", "int x;\n"),
            ("mm/kasan/kasan_test_rust.rs", "fn f() {}\n"),
            ("mm/kasan/only_guarded.rs", "fn f() {}\n"),
            ("mm/kasan/x_rust.rs", "fn f() {}\n"),
        ]);
        let crates = find_crates(&tree.input(), &tree.counted());
        let kasan = crate_named(&crates, "kasan_test_rust");
        assert_eq!(kasan.kconfig.as_deref(), Some("CONFIG_KASAN_KUNIT_TEST"));
        assert!(kasan.linked_into_c);
        // A guard around the `obj-` line still names the object's symbol.
        let guarded = crate_named(&crates, "only_guarded");
        assert_eq!(guarded.kconfig.as_deref(), Some("CONFIG_RUST"));
        let x = crate_named(&crates, "x_rust");
        assert_eq!(x.kconfig.as_deref(), Some("CONFIG_X_RUST"));
    }

    #[test]
    fn rust_folder_layout_and_host_programs() {
        let tree = Tree::new(&[
            ("rust/kernel/lib.rs", "mod sync;\n"),
            ("rust/kernel/sync.rs", "fn f() {}\n"),
            ("rust/pin-init/src/lib.rs", "fn f() {}\n"),
            ("rust/compiler_builtins.rs", "fn f() {}\n"),
            ("rust/kernel/sync/other.rs", "fn f() {}\n"),
            (
                "scripts/Makefile",
                "hostprogs-always-y += gen\ngen-rust := y\n",
            ),
            ("scripts/gen.rs", "fn main() {}\n"),
        ]);
        let crates = find_crates(&tree.input(), &tree.counted());
        let names: Vec<(&str, FoundBy)> = crates
            .iter()
            .map(|c| (c.name.as_str(), c.found_by))
            .collect();
        assert_eq!(
            names,
            [
                ("compiler_builtins", FoundBy::RustLayout),
                ("kernel", FoundBy::RustLayout),
                ("pin_init", FoundBy::RustLayout),
                ("gen", FoundBy::KbuildHostProgram),
            ]
        );
        assert_eq!(
            crate_named(&crates, "kernel").files,
            ["rust/kernel/lib.rs", "rust/kernel/sync.rs"]
        );
    }

    #[test]
    fn host_programs_need_both_the_list_and_the_rust_flag() {
        assert!(is_rust_host_program(
            "hostprogs += gen\ngen-rust := y\n",
            "gen"
        ));
        assert!(!is_rust_host_program("hostprogs += gen\n", "gen"));
        assert!(!is_rust_host_program("gen-rust := y\n", "gen"));
        assert!(!is_rust_host_program(
            "hostprogs += other\ngen-rust := y\n",
            "gen"
        ));
    }

    #[test]
    fn path_attributes_and_raw_names_reach_their_files() {
        let tree = Tree::new(&[
            (
                "a/lib.rs",
                "#[path = \"../b/x.rs\"]\nmod x;\nmod r#ref;\nmod inline { }\n",
            ),
            ("b/x.rs", "fn f() {}\n"),
            ("a/ref.rs", "fn f() {}\n"),
        ]);
        let counted = tree.counted();
        let exists = |p: &str| counted.contains_key(p);
        let reached = reach("a/lib.rs", tree.input().rust, &exists);
        assert_eq!(
            reached,
            [
                ("a/lib.rs".to_string(), String::new()),
                ("b/x.rs".to_string(), "x".to_string()),
                ("a/ref.rs".to_string(), "ref".to_string()),
            ]
        );
    }

    #[test]
    fn mod_declarations_in_inline_modules_follow_the_reference_rules() {
        // The Rust reference's examples: a mod-rs file (`lib.rs`) and a non-mod-rs file
        // (`a/b.rs`), inline modules with and without `#[path]`, and `include!`.
        let tree = Tree::new(&[
            (
                "k/lib.rs",
                concat!(
                    "mod gen {\n    pub mod fold;\n    mod deep { mod leaf; }\n}\n",
                    "#[path = \"thread_files\"]\nmod thread {\n",
                    "    #[path = \"tls.rs\"]\n    mod local_data;\n    mod other;\n}\n",
                    "mod b;\n",
                ),
            ),
            ("k/gen/fold.rs", "mod helper;\n"),
            ("k/gen/fold/helper.rs", "\n"),
            ("k/gen/deep/leaf/mod.rs", "\n"),
            ("k/thread_files/tls.rs", "\n"),
            ("k/thread_files/other.rs", "\n"),
            (
                "k/b.rs",
                "mod inline {\n    #[path = \"other.rs\"]\n    mod inner;\n}\ninclude!(\"inc/x.rs\");\n",
            ),
            ("k/b/inline/other.rs", "\n"),
            // Read by `include!` (relative to `k/b.rs`'s folder); its `mod` stands in `b`.
            ("k/inc/x.rs", "mod from_included;\n"),
            ("k/b/from_included.rs", "\n"),
            // Where a rule applied to the wrong folder would look: never reached.
            ("k/fold.rs", "\n"),
            ("k/other.rs", "\n"),
            ("k/inline/other.rs", "\n"),
        ]);
        let counted = tree.counted();
        let exists = |p: &str| counted.contains_key(p);
        let mut reached = reach("k/lib.rs", tree.input().rust, &exists);
        reached.sort();
        let expected = [
            ("k/b.rs", "b"),
            ("k/b/from_included.rs", "b::from_included"),
            ("k/b/inline/other.rs", "b::inline::inner"),
            ("k/gen/deep/leaf/mod.rs", "gen::deep::leaf"),
            ("k/gen/fold.rs", "gen::fold"),
            ("k/gen/fold/helper.rs", "gen::fold::helper"),
            ("k/inc/x.rs", "b"),
            ("k/lib.rs", ""),
            ("k/thread_files/other.rs", "thread::other"),
            ("k/thread_files/tls.rs", "thread::local_data"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(f, m)| (f.to_string(), m.to_string()))
            .collect();
        assert_eq!(reached, expected);
    }

    #[test]
    fn normalize_resolves_dots() {
        assert_eq!(normalize("a/b/../c.rs"), "a/c.rs");
        assert_eq!(normalize("./a//b/./c.rs"), "a/b/c.rs");
        assert_eq!(normalize("a/../../c.rs"), "c.rs");
    }
}
