//! What a Kconfig symbol builds: its Kbuild objects and their source files.
//!
//! Every `Makefile` and `Kbuild` of the tree is parsed once ([`KbuildIndex::new`]). An object
//! line belongs to a symbol by these rules:
//!
//! - `obj-$(CONFIG_S) += a.o` belongs to `S`;
//! - a line inside `ifdef CONFIG_T` (or the `else` of `ifndef CONFIG_T`) belongs to `T`
//!   whatever its own symbol: Linux builds the Rust ASIX PHY driver with `ifdef
//!   CONFIG_AX88796B_RUST_PHY` / `obj-$(CONFIG_AX88796B_PHY) += ax88796b_rust.o` / `else` /
//!   `obj-$(CONFIG_AX88796B_PHY) += ax88796b.o`, so the Rust object is `AX88796B_RUST_PHY`'s
//!   and the C object `AX88796B_PHY`'s;
//! - `obj-y`/`obj-m` lines in a folder that a line of `S` enters (`obj-$(CONFIG_S) += sub/`)
//!   belong to `S` too.
//!
//! An object `a.o` is made from `a.rs` (a Rust crate root), `a.c`, or, as a composite
//! (`a-y := x.o y.o`, `a-objs`, `a-$(CONFIG_Z) += z.o`), from all its parts whatever their
//! part symbol (every optional part is part of the implementation), folders named as parts
//! (`binder_linux-$(CONFIG_KUNIT_TEST) += tests/`) aside. Assembly and generated objects
//! (no `.c` or `.rs` in the tree) are left out.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::model::kernel::kbuild::{self, KbuildEntry};

/// One source file a symbol builds, with the Kbuild line that lists its object.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Source {
    /// The source file (`drivers/net/phy/ax88796b.c`).
    pub path: String,
    /// The object linked into the kernel or module (`ax88796b.o`; the composite's, as
    /// `binder_linux.o`, for its parts), with its folder.
    pub module: String,
    /// The Makefile or Kbuild that lists the module object.
    pub kbuild: String,
    /// Line of that listing.
    pub line: usize,
}

impl Source {
    /// Whether the source is Rust (a crate root).
    pub fn is_rust(&self) -> bool {
        self.path.ends_with(".rs")
    }
}

/// An object line with the symbol it belongs to.
#[derive(Debug, Clone)]
struct Listing {
    /// Folder of the Makefile (shared by the lines of one file, which may hold a million).
    folder: Arc<str>,
    kbuild: Arc<str>,
    entry: KbuildEntry,
    /// The symbol the line belongs to, without `CONFIG_`; `None` for `obj-y`/`obj-m`.
    symbol: Option<String>,
}

/// The object lines of every Makefile and Kbuild of a tree.
pub struct KbuildIndex {
    /// Composite and object lines by folder.
    by_folder: BTreeMap<String, Vec<Listing>>,
    /// Object lines (`obj-...`) by symbol.
    by_symbol: BTreeMap<String, Vec<Listing>>,
}

/// The symbol a line belongs to (see the module docs).
fn owner(entry: &KbuildEntry) -> Option<String> {
    let guarded = entry.guards.iter().rev().find_map(|g| {
        let symbol = g.config()?;
        let positive = (g.directive == "ifdef") != g.negated;
        positive.then(|| symbol.trim_start_matches("CONFIG_").to_string())
    });
    guarded.or_else(|| {
        entry
            .config
            .as_deref()
            .map(|c| c.trim_start_matches("CONFIG_").to_string())
    })
}

fn folder_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

fn join(folder: &str, name: &str) -> String {
    if folder.is_empty() {
        name.to_string()
    } else {
        format!("{folder}/{name}")
    }
}

impl KbuildIndex {
    /// Parses the `Makefile`s and `Kbuild`s among `files` (path → text).
    pub fn new<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> KbuildIndex {
        let mut by_folder: BTreeMap<String, Vec<Listing>> = BTreeMap::new();
        let mut by_symbol: BTreeMap<String, Vec<Listing>> = BTreeMap::new();
        for (path, text) in files {
            let name = path.rsplit('/').next().unwrap_or(path);
            if name != "Makefile" && name != "Kbuild" {
                continue;
            }
            let folder: Arc<str> = folder_of(path).into();
            let kbuild: Arc<str> = path.into();
            let lines = by_folder.entry(folder.to_string()).or_default();
            let entries = kbuild::parse(text);
            // Exactly as many as the file has: a Makefile may list a million objects.
            lines.reserve_exact(entries.len());
            for entry in entries {
                let listing = Listing {
                    folder: Arc::clone(&folder),
                    kbuild: Arc::clone(&kbuild),
                    symbol: owner(&entry),
                    entry,
                };
                if listing.entry.target == "obj" {
                    if let Some(symbol) = &listing.symbol {
                        by_symbol
                            .entry(symbol.clone())
                            .or_default()
                            .push(listing.clone());
                    }
                }
                lines.push(listing);
            }
        }
        KbuildIndex {
            by_folder,
            by_symbol,
        }
    }

    /// The object lines that belong to `symbol` (without `CONFIG_`), in path and line order,
    /// with those of the folders it enters.
    fn listings(&self, symbol: &str) -> Vec<&Listing> {
        let mut out: Vec<&Listing> = Vec::new();
        let mut folders: Vec<String> = Vec::new();
        for listing in self.by_symbol.get(symbol).into_iter().flatten() {
            out.push(listing);
            for word in &listing.entry.objects {
                if let Some(sub) = word.strip_suffix('/') {
                    folders.push(join(&listing.folder, sub));
                }
            }
        }
        let mut seen: BTreeSet<String> = BTreeSet::new();
        while let Some(folder) = folders.pop() {
            if !seen.insert(folder.clone()) {
                continue;
            }
            for listing in self.by_folder.get(&folder).into_iter().flatten() {
                if listing.entry.target == "obj" && listing.symbol.is_none() {
                    out.push(listing);
                    for word in &listing.entry.objects {
                        if let Some(sub) = word.strip_suffix('/') {
                            folders.push(join(&folder, sub));
                        }
                    }
                }
            }
        }
        out
    }

    /// The modules (object names with their folder, `drivers/cpufreq/cpufreq-dt`) that
    /// `symbol` builds, with the line listing each.
    pub fn modules(&self, symbol: &str) -> Vec<(String, String, usize)> {
        let mut out = Vec::new();
        for listing in self.listings(symbol) {
            for word in &listing.entry.objects {
                if let Some(stem) = word.strip_suffix(".o") {
                    out.push((
                        join(&listing.folder, stem),
                        listing.kbuild.to_string(),
                        listing.entry.line,
                    ));
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// The source files `symbol` builds (see the module docs), sorted by path.
    pub fn sources(&self, symbol: &str, exists: &dyn Fn(&str) -> bool) -> Vec<Source> {
        let mut out: Vec<Source> = Vec::new();
        for listing in self.listings(symbol) {
            for word in &listing.entry.objects {
                let Some(stem) = word.strip_suffix(".o") else {
                    continue;
                };
                let module = join(&listing.folder, word);
                let source = |path: String| Source {
                    path,
                    module: module.clone(),
                    kbuild: listing.kbuild.to_string(),
                    line: listing.entry.line,
                };
                let parts = self.composite_parts(&listing.folder, stem);
                if parts.is_empty() {
                    out.extend(source_of(&listing.folder, stem, exists).map(source));
                } else {
                    for part in parts {
                        out.extend(source_of(&listing.folder, &part, exists).map(source));
                    }
                }
            }
        }
        out.sort();
        out.dedup_by(|a, b| a.path == b.path);
        out
    }

    /// The parts (stems, relative to `folder`) of composite `name` in `folder`, folders aside.
    fn composite_parts(&self, folder: &str, name: &str) -> Vec<String> {
        let mut parts = Vec::new();
        for listing in self.by_folder.get(folder).into_iter().flatten() {
            let e = &listing.entry;
            let composite_suffix = matches!(e.suffix.as_str(), "y" | "objs" | "m")
                || e.suffix.starts_with("$(")
                || e.suffix.starts_with("${");
            if e.target == name && composite_suffix {
                parts.extend(
                    e.objects
                        .iter()
                        .filter_map(|w| w.strip_suffix(".o"))
                        .map(str::to_string),
                );
            }
        }
        parts
    }
}

/// `folder/stem.rs` or `folder/stem.c`, whichever exists.
fn source_of(folder: &str, stem: &str, exists: &dyn Fn(&str) -> bool) -> Option<String> {
    ["rs", "c"]
        .iter()
        .map(|ext| join(folder, &format!("{stem}.{ext}")))
        .find(|p| exists(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_objects_and_sources() {
        let files = [
            (
                "drivers/net/phy/Makefile",
                "ifdef CONFIG_AX_RUST_PHY\n  obj-$(CONFIG_AX_PHY) += ax_rust.o\nelse\n  obj-$(CONFIG_AX_PHY) += ax.o\nendif\n",
            ),
            (
                "drivers/android/Makefile",
                "obj-$(CONFIG_BINDER) += binder_linux.o\nbinder_linux-y := binder.o alloc.o\nbinder_linux-$(CONFIG_BINDERFS) += binderfs.o\nbinder_linux-$(CONFIG_TEST) += tests/\nobj-$(CONFIG_BINDER_RUST) += binder/\n",
            ),
            (
                "drivers/android/binder/Makefile",
                "obj-y += rust_binder.o\nrust_binder-y := main.o glue.o\n",
            ),
        ];
        let index = KbuildIndex::new(files.iter().map(|(p, t)| (*p, *t)));
        let present = [
            "drivers/net/phy/ax_rust.rs",
            "drivers/net/phy/ax.c",
            "drivers/android/binder.c",
            "drivers/android/alloc.c",
            "drivers/android/binderfs.c",
            "drivers/android/binder/main.rs",
            "drivers/android/binder/glue.c",
        ];
        let exists = |p: &str| present.contains(&p);
        let paths = |symbol: &str| -> Vec<String> {
            index
                .sources(symbol, &exists)
                .into_iter()
                .map(|s| s.path)
                .collect()
        };
        assert_eq!(paths("AX_RUST_PHY"), ["drivers/net/phy/ax_rust.rs"]);
        assert_eq!(paths("AX_PHY"), ["drivers/net/phy/ax.c"]);
        assert_eq!(
            paths("BINDER"),
            [
                "drivers/android/alloc.c",
                "drivers/android/binder.c",
                "drivers/android/binderfs.c"
            ]
        );
        assert_eq!(
            paths("BINDER_RUST"),
            [
                "drivers/android/binder/glue.c",
                "drivers/android/binder/main.rs"
            ]
        );
        let ax = index.sources("AX_PHY", &exists);
        assert_eq!(ax[0].line, 4);
        assert_eq!(ax[0].module, "drivers/net/phy/ax.o");
        assert_eq!(
            index.modules("BINDER"),
            [(
                "drivers/android/binder_linux".to_string(),
                "drivers/android/Makefile".to_string(),
                1
            )]
        );
        assert!(paths("NOTHING").is_empty());
    }
}
