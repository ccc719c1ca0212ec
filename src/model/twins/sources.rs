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

use std::collections::hash_map::Entry;
use std::collections::BTreeSet;

use rustc_hash::FxHashMap;
use smol_str::SmolStr;

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

/// One assignment of a Makefile or Kbuild, as the index needs it. A Makefile may list a
/// million objects, so no more is kept, and the words are one string, inline when short.
struct Line {
    /// `obj`, `lib`, ..., or the composite's name (`foo` for `foo-y`).
    target: SmolStr,
    /// The words assigned, each ended by a line feed (which no word of a logical line holds).
    words: SmolStr,
    /// 1-based line of the assignment (a file is at most 100 MiB: see [`Position`]).
    line: u32,
    /// Whether the suffix makes it a composite's part list (`-y`, `-objs`, `-m`, `-$(..)`),
    /// `obj-y` and `obj-m` aside: those are Kbuild's goal lists, no composite's parts.
    composite: bool,
}

impl Line {
    fn of(entry: &KbuildEntry) -> Line {
        let mut words = String::new();
        for word in entry.objects.iter() {
            words.push_str(word);
            words.push('\n');
        }
        let suffix = entry.suffix.as_str();
        Line {
            target: entry.target.clone(),
            words: words.into(),
            line: entry.line as u32,
            composite: entry.target != "obj"
                && (matches!(suffix, "y" | "objs" | "m")
                    || suffix.starts_with("$(")
                    || suffix.starts_with("${")),
        }
    }

    /// The words assigned (`a.o`, `sub/`, `$(x)`).
    fn objects(&self) -> impl Iterator<Item = &str> {
        self.words.split_terminator('\n')
    }
}

/// One Makefile or Kbuild: its lines are held once, here; the index refers to them by
/// position.
struct KbuildFile {
    /// Folder of the file.
    folder: String,
    /// The file's path.
    path: String,
    /// Its assignments, in file order.
    lines: Vec<Line>,
}

/// An object line of a Makefile or Kbuild, with its file.
#[derive(Clone, Copy)]
struct Listing<'a> {
    folder: &'a str,
    kbuild: &'a str,
    line: &'a Line,
}

/// A line's place: (index in `files`, index in that file's lines). Half of two `usize`s,
/// since an index may hold a million of them: no file is over 100 MiB
/// ([`DEFAULT_MAX_FILE_SIZE`](crate::source::DEFAULT_MAX_FILE_SIZE)), so neither index
/// reaches 2^32.
type Position = (u32, u32);

/// Places of lines, in order.
type Positions = Vec<Position>;

/// A module a symbol builds: the object with its folder and without `.o`
/// (`drivers/cpufreq/cpufreq-dt`), the Makefile or Kbuild listing it, and the line.
pub type BuiltModule = (String, String, usize);

/// What a symbol builds ([`KbuildIndex::built`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Built {
    /// Its source files, as [`KbuildIndex::sources`] gives them.
    pub sources: Vec<Source>,
    /// Its modules, as [`KbuildIndex::modules`] gives them.
    pub modules: Vec<BuiltModule>,
}

/// The object lines of every Makefile and Kbuild of a tree.
///
/// Besides the lines, three indexes answer the questions asked once per Kconfig symbol (some
/// 20,000) without walking a folder's lines: the object lines of each symbol, the object lines
/// of each folder that belong to no symbol (what entering the folder builds), and the part
/// lines of each composite by folder and name.
pub struct KbuildIndex {
    /// Every Makefile and Kbuild, in the order given.
    files: Vec<KbuildFile>,
    /// Object lines (`obj-...`) by the symbol they belong to.
    by_symbol: FxHashMap<String, Positions>,
    /// By folder, the `obj-y`/`obj-m` lines that belong to no symbol, in the order given and
    /// then file order.
    unowned_objects: FxHashMap<String, Positions>,
    /// By folder and composite name, the composite's part lines (`foo-y`, `foo-objs`,
    /// `foo-$(CONFIG_X)`), in the order given and then file order.
    composites: FxHashMap<String, FxHashMap<SmolStr, Positions>>,
}

/// The symbol a line belongs to (see the module docs), without `CONFIG_`.
fn owner(entry: &KbuildEntry) -> Option<&str> {
    let guarded = entry.guards.iter().rev().find_map(|g| {
        let symbol = g.config()?;
        let positive = (g.directive == "ifdef") != g.negated;
        positive.then(|| symbol.trim_start_matches("CONFIG_"))
    });
    guarded.or_else(|| {
        entry
            .config
            .as_deref()
            .map(|c| c.trim_start_matches("CONFIG_"))
    })
}

/// Adds `positions` to an index entry: moved, not copied, when the entry is new (a folder's
/// only Makefile), since a million lines' positions are 8 MB.
fn append<K>(entry: Entry<'_, K, Positions>, positions: Positions) {
    match entry {
        Entry::Vacant(vacant) => {
            vacant.insert(positions);
        }
        Entry::Occupied(mut occupied) => occupied.get_mut().extend(positions),
    }
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
    pub fn new<'a>(texts: impl IntoIterator<Item = (&'a str, &'a str)>) -> KbuildIndex {
        let mut files: Vec<KbuildFile> = Vec::new();
        let mut by_symbol: FxHashMap<String, Positions> = FxHashMap::default();
        let mut unowned_objects: FxHashMap<String, Positions> = FxHashMap::default();
        let mut composites: FxHashMap<String, FxHashMap<SmolStr, Positions>> = FxHashMap::default();
        for (path, text) in texts {
            let name = path.rsplit('/').next().unwrap_or(path);
            if name != "Makefile" && name != "Kbuild" {
                continue;
            }
            let at = files.len() as u32;
            let folder = folder_of(path);
            let mut lines: Vec<Line> = Vec::new();
            let mut unowned: Positions = Vec::new();
            let mut parts: FxHashMap<SmolStr, Positions> = FxHashMap::default();
            // Each parsed entry is summed up and dropped: never all of them at once.
            kbuild::for_each_entry(text, &mut |entry| {
                let position = (at, lines.len() as u32);
                let line = Line::of(&entry);
                if entry.target == "obj" {
                    match owner(&entry) {
                        Some(symbol) => match by_symbol.get_mut(symbol) {
                            Some(positions) => positions.push(position),
                            None => {
                                by_symbol.insert(symbol.to_string(), vec![position]);
                            }
                        },
                        None => unowned.push(position),
                    }
                }
                if line.composite {
                    parts.entry(line.target.clone()).or_default().push(position);
                }
                lines.push(line);
            });
            lines.shrink_to_fit();
            if !unowned.is_empty() {
                append(unowned_objects.entry(folder.to_string()), unowned);
            }
            if !parts.is_empty() {
                let of_folder = composites.entry(folder.to_string()).or_default();
                for (name, positions) in parts {
                    append(of_folder.entry(name), positions);
                }
            }
            files.push(KbuildFile {
                folder: folder.to_string(),
                path: path.to_string(),
                lines,
            });
        }
        KbuildIndex {
            files,
            by_symbol,
            unowned_objects,
            composites,
        }
    }

    /// Line `line` of file `file`.
    fn listing(&self, (file, line): Position) -> Listing<'_> {
        let file = &self.files[file as usize];
        Listing {
            folder: &file.folder,
            kbuild: &file.path,
            line: &file.lines[line as usize],
        }
    }

    /// The object lines that belong to `symbol` (without `CONFIG_`), in path and line order,
    /// with those of the folders it enters.
    fn listings(&self, symbol: &str) -> Vec<Listing<'_>> {
        let mut out: Vec<Listing<'_>> = Vec::new();
        let mut folders: Vec<String> = Vec::new();
        for &position in self.by_symbol.get(symbol).into_iter().flatten() {
            let listing = self.listing(position);
            out.push(listing);
            for word in listing.line.objects() {
                if let Some(sub) = word.strip_suffix('/') {
                    folders.push(join(listing.folder, sub));
                }
            }
        }
        let mut seen: BTreeSet<String> = BTreeSet::new();
        while let Some(folder) = folders.pop() {
            if !seen.insert(folder.clone()) {
                continue;
            }
            for &position in self.unowned_objects.get(&folder).into_iter().flatten() {
                let listing = self.listing(position);
                out.push(listing);
                for word in listing.line.objects() {
                    if let Some(sub) = word.strip_suffix('/') {
                        folders.push(join(&folder, sub));
                    }
                }
            }
        }
        out
    }

    /// The modules (object names with their folder, `drivers/cpufreq/cpufreq-dt`) that
    /// `symbol` builds, with the line listing each.
    pub fn modules(&self, symbol: &str) -> Vec<BuiltModule> {
        modules_of(&self.listings(symbol))
    }

    /// The source files `symbol` builds (see the module docs), sorted by path.
    pub fn sources(&self, symbol: &str, exists: &dyn Fn(&str) -> bool) -> Vec<Source> {
        self.sources_of(&self.listings(symbol), exists)
    }

    /// [`KbuildIndex::sources`] and, when there are any, [`KbuildIndex::modules`], from one
    /// look-up of the symbol's lines.
    pub fn built(&self, symbol: &str, exists: &dyn Fn(&str) -> bool) -> Built {
        let listings = self.listings(symbol);
        let sources = self.sources_of(&listings, exists);
        let modules = if sources.is_empty() {
            Vec::new()
        } else {
            modules_of(&listings)
        };
        Built { sources, modules }
    }

    /// The source files of the objects of `listings`, sorted by path.
    fn sources_of(&self, listings: &[Listing<'_>], exists: &dyn Fn(&str) -> bool) -> Vec<Source> {
        let mut out: Vec<Source> = Vec::new();
        let mut path = String::new();
        for listing in listings {
            for word in listing.line.objects() {
                let Some(stem) = word.strip_suffix(".o") else {
                    continue;
                };
                let mut found: Vec<String> = Vec::new();
                match self.composite_parts(listing.folder, stem) {
                    Some(parts) => {
                        for part in parts {
                            found.extend(source_of(listing.folder, part, exists, &mut path));
                        }
                    }
                    None => found.extend(source_of(listing.folder, stem, exists, &mut path)),
                }
                if found.is_empty() {
                    continue;
                }
                let module = join(listing.folder, word);
                out.extend(found.into_iter().map(|path| Source {
                    path,
                    module: module.clone(),
                    kbuild: listing.kbuild.to_string(),
                    line: listing.line.line as usize,
                }));
            }
        }
        out.sort();
        out.dedup_by(|a, b| a.path == b.path);
        out
    }

    /// The parts (stems, relative to `folder`) of composite `name` in `folder`, folders aside;
    /// `None` when `name` is no composite there (or lists no object).
    fn composite_parts<'s>(
        &'s self,
        folder: &str,
        name: &str,
    ) -> Option<impl Iterator<Item = &'s str> + 's> {
        let positions = self.composites.get(folder)?.get(name)?;
        let mut parts = positions
            .iter()
            .flat_map(move |&(file, line)| self.files[file as usize].lines[line as usize].objects())
            .filter_map(|w| w.strip_suffix(".o"))
            .peekable();
        parts.peek()?;
        Some(parts)
    }
}

/// The modules of the objects of `listings`, sorted, each once.
fn modules_of(listings: &[Listing<'_>]) -> Vec<BuiltModule> {
    let mut out = Vec::new();
    for listing in listings {
        for word in listing.line.objects() {
            if let Some(stem) = word.strip_suffix(".o") {
                out.push((
                    join(listing.folder, stem),
                    listing.kbuild.to_string(),
                    listing.line.line as usize,
                ));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// `folder/stem.rs` or `folder/stem.c`, whichever exists (`path` is a buffer for the
/// candidates, kept between calls).
fn source_of(
    folder: &str,
    stem: &str,
    exists: &dyn Fn(&str) -> bool,
    path: &mut String,
) -> Option<String> {
    for ext in ["rs", "c"] {
        path.clear();
        if !folder.is_empty() {
            path.push_str(folder);
            path.push('/');
        }
        path.push_str(stem);
        path.push('.');
        path.push_str(ext);
        if exists(path) {
            return Some(path.clone());
        }
    }
    None
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
