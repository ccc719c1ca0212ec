//! What changed between two censuses: modules, drivers, vendored crates, exports and
//! architectures added and removed; lines and `unsafe` deltas by area, module and driver; Rust
//! files added, removed, changed and moved.
//!
//! Invariant: a file whose content (blob id) is identical under a new path is moved, not
//! removed and added; so is a driver whose module name is the same under a new crate root (or
//! whose root is the same under a new module name); every list is sorted, so the same two reports give the same diff.

use super::report::{Driver, Lines, Report, UnsafeFigures};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// Version of the diff JSON layout (SCHEMA.md).
/// 2: drivers are keyed by module name (1: by crate name), with `drivers_renamed`.
pub const DIFF_SCHEMA_VERSION: u32 = 2;

/// Names present on one side only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Changes {
    /// Only in the new census.
    pub added: Vec<String>,
    /// Only in the old census.
    pub removed: Vec<String>,
}

impl Changes {
    fn between(old: BTreeSet<String>, new: BTreeSet<String>) -> Changes {
        Changes {
            added: new.difference(&old).cloned().collect(),
            removed: old.difference(&new).cloned().collect(),
        }
    }

    /// Whether nothing was added or removed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }
}

/// Lines and `unsafe` of one thing (area, module, driver) on both sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Delta {
    /// Its name.
    pub name: String,
    /// Rust files, old and new.
    pub files: (u64, u64),
    /// Code lines, old and new.
    pub code: (u64, u64),
    /// `unsafe` blocks, old and new.
    pub unsafe_blocks: (u64, u64),
}

impl Delta {
    fn new(
        name: &str,
        old: Option<&(Lines, UnsafeFigures)>,
        new: Option<&(Lines, UnsafeFigures)>,
    ) -> Delta {
        let pick = |side: Option<&(Lines, UnsafeFigures)>| {
            side.map_or((0, 0, 0), |(l, u)| (l.files, l.code, u.blocks))
        };
        let (of, oc, ou) = pick(old);
        let (nf, nc, nu) = pick(new);
        Delta {
            name: name.to_string(),
            files: (of, nf),
            code: (oc, nc),
            unsafe_blocks: (ou, nu),
        }
    }

    /// Change in code lines (new − old).
    pub fn code_change(&self) -> i64 {
        self.code.1 as i64 - self.code.0 as i64
    }

    /// Change in unsafe blocks (new − old).
    pub fn unsafe_change(&self) -> i64 {
        self.unsafe_blocks.1 as i64 - self.unsafe_blocks.0 as i64
    }

    fn changed(&self) -> bool {
        self.files.0 != self.files.1
            || self.code.0 != self.code.1
            || self.unsafe_blocks.0 != self.unsafe_blocks.1
    }
}

/// A file found under a new path with identical content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Move {
    /// Old path.
    pub from: String,
    /// New path.
    pub to: String,
}

/// A driver found on both sides under another crate root or another module name: a crate
/// file renamed (`samples/rust/rust_print.rs` to `rust_print_main.rs`, the module still
/// `rust_print`), moved (`drivers/block/rnull.rs` to `drivers/block/rnull/rnull.rs`), or a
/// module renamed in place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DriverRename {
    /// Its key in the old census (module name, else crate name).
    pub old_name: String,
    /// Its key in the new census.
    pub new_name: String,
    /// Its crate root in the old census.
    pub from: String,
    /// Its crate root in the new census.
    pub to: String,
}

/// Rust files on both sides.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FileChanges {
    /// New paths with new content.
    pub added: Vec<String>,
    /// Old paths whose content is gone.
    pub removed: Vec<String>,
    /// Same content under a new path.
    pub moved: Vec<Move>,
    /// Same path, different content.
    pub changed: u64,
    /// Same path, same content.
    pub unchanged: u64,
}

/// One side of a diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Side {
    /// The input as given.
    pub input: String,
    /// The git revision, for git inputs.
    pub revision: Option<String>,
    /// The release from the tree's Makefile.
    pub kernel_version: Option<String>,
}

/// The whole diff.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Diff {
    /// [`DIFF_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The old census.
    pub old: Side,
    /// The new census.
    pub new: Side,
    /// All Rust, old and new.
    pub rust: Delta,
    /// Rust without vendored crates, old and new.
    pub rust_own: Delta,
    /// Modules of the `kernel` crate (by path).
    pub modules: Changes,
    /// Rust crates outside `rust/` (by module name, else crate name), renames and moves aside.
    pub drivers: Changes,
    /// Drivers on both sides under another crate root or module name.
    pub drivers_renamed: Vec<DriverRename>,
    /// Vendored crates (`name version`).
    pub vendored: Changes,
    /// Rust functions C can call (by symbol).
    pub exports: Changes,
    /// Architectures with Rust support.
    pub architectures: Changes,
    /// Every area, in report order.
    pub areas: Vec<Delta>,
    /// Modules present on both sides whose figures changed, and added/removed ones.
    pub module_deltas: Vec<Delta>,
    /// Drivers present on both sides whose figures changed, and added/removed ones.
    pub driver_deltas: Vec<Delta>,
    /// Rust files.
    pub files: FileChanges,
}

/// The diff from `old` to `new`.
pub fn diff(old_side: Side, old: &Report, new_side: Side, new: &Report) -> Diff {
    let names = |items: Vec<String>| items.into_iter().collect::<BTreeSet<String>>();
    let vendored = |r: &Report| {
        names(
            r.vendored
                .iter()
                .map(|v| match &v.version {
                    Some(version) => format!("{} {version}", v.name),
                    None => v.name.clone(),
                })
                .collect(),
        )
    };
    let areas = super::report::AREAS
        .iter()
        .map(|area| {
            let side = |r: &Report| {
                r.areas
                    .iter()
                    .find(|a| a.area == *area)
                    .map(|a| (a.figures.lines, a.figures.unsafe_figures))
            };
            Delta::new(area.as_str(), side(old).as_ref(), side(new).as_ref())
        })
        .collect();
    let module_deltas = deltas(
        old.modules
            .iter()
            .map(|m| (m.path.clone(), (m.figures.lines, m.figures.unsafe_figures))),
        new.modules
            .iter()
            .map(|m| (m.path.clone(), (m.figures.lines, m.figures.unsafe_figures))),
    );
    let drivers = DriverMatch::of(old, new);
    let driver_deltas = deltas(
        old.drivers.iter().map(|d| {
            (
                drivers.new_key_of_old(&driver_key(old, d)),
                (d.figures.lines, d.figures.unsafe_figures),
            )
        }),
        new.drivers.iter().map(|d| {
            (
                driver_key(new, d),
                (d.figures.lines, d.figures.unsafe_figures),
            )
        }),
    );
    Diff {
        schema_version: DIFF_SCHEMA_VERSION,
        old: old_side,
        new: new_side,
        rust: Delta::new(
            "rust",
            Some(&(old.rust, old.unsafe_figures)),
            Some(&(new.rust, new.unsafe_figures)),
        ),
        rust_own: Delta::new(
            "rust_own",
            Some(&(old.rust_own, old.unsafe_own)),
            Some(&(new.rust_own, new.unsafe_own)),
        ),
        modules: Changes::between(
            names(old.modules.iter().map(|m| m.path.clone()).collect()),
            names(new.modules.iter().map(|m| m.path.clone()).collect()),
        ),
        drivers: drivers.changes,
        drivers_renamed: drivers.renamed,
        vendored: Changes::between(vendored(old), vendored(new)),
        exports: Changes::between(
            names(old.exports.iter().map(|e| e.symbol.clone()).collect()),
            names(new.exports.iter().map(|e| e.symbol.clone()).collect()),
        ),
        architectures: Changes::between(
            names(old.architectures.iter().map(|a| a.arch.clone()).collect()),
            names(new.architectures.iter().map(|a| a.arch.clone()).collect()),
        ),
        areas,
        module_deltas,
        driver_deltas,
        files: file_changes(old, new),
    }
}

/// A driver's name across censuses: its module name (the `module!` family's `name`, what
/// `modprobe` knows it by), else its crate name (the root file's stem); the crate name too when
/// two drivers of the tree share the module name.
fn driver_key(report: &Report, driver: &Driver) -> String {
    match &driver.name {
        Some(name)
            if report
                .drivers
                .iter()
                .filter(|d| d.name.as_ref() == Some(name))
                .count()
                == 1 =>
        {
            name.clone()
        }
        _ => driver.crate_name.clone(),
    }
}

/// Drivers of two censuses matched: by key, then what is left by crate root (a module renamed
/// in place).
struct DriverMatch {
    /// Added and removed: no match either way.
    changes: Changes,
    /// Matched under another root or key.
    renamed: Vec<DriverRename>,
}

impl DriverMatch {
    fn of(old: &Report, new: &Report) -> DriverMatch {
        let roots = |r: &Report| -> BTreeMap<String, String> {
            r.drivers
                .iter()
                .map(|d| (driver_key(r, d), d.root.clone()))
                .collect()
        };
        let (old_roots, new_roots) = (roots(old), roots(new));
        let mut renamed = Vec::new();
        let mut removed = Vec::new();
        for (key, from) in &old_roots {
            match new_roots.get(key) {
                Some(to) if to != from => renamed.push(DriverRename {
                    old_name: key.clone(),
                    new_name: key.clone(),
                    from: from.clone(),
                    to: to.clone(),
                }),
                Some(_) => {}
                None => removed.push((key, from)),
            }
        }
        let added: Vec<(&String, &String)> = new_roots
            .iter()
            .filter(|(key, _)| !old_roots.contains_key(*key))
            .collect();
        let by_root: BTreeMap<&String, &String> = added.iter().map(|(k, r)| (*r, *k)).collect();
        let mut paired: BTreeSet<&String> = BTreeSet::new();
        let mut changes = Changes::default();
        for (key, root) in removed {
            match by_root.get(root) {
                Some(new_key) => {
                    paired.insert(*new_key);
                    renamed.push(DriverRename {
                        old_name: key.clone(),
                        new_name: (*new_key).clone(),
                        from: root.clone(),
                        to: root.clone(),
                    });
                }
                None => changes.removed.push(key.clone()),
            }
        }
        changes.added = added
            .into_iter()
            .filter(|(key, _)| !paired.contains(key))
            .map(|(key, _)| key.clone())
            .collect();
        renamed.sort_by(|a, b| a.new_name.cmp(&b.new_name));
        DriverMatch { changes, renamed }
    }

    /// The new census's key for an old driver's key (itself unless renamed).
    fn new_key_of_old(&self, key: &str) -> String {
        self.renamed
            .iter()
            .find(|r| r.old_name == key)
            .map_or_else(|| key.to_string(), |r| r.new_name.clone())
    }
}

/// Deltas of the named things whose figures differ (added and removed ones included).
fn deltas(
    old: impl Iterator<Item = (String, (Lines, UnsafeFigures))>,
    new: impl Iterator<Item = (String, (Lines, UnsafeFigures))>,
) -> Vec<Delta> {
    let old: BTreeMap<String, (Lines, UnsafeFigures)> = old.collect();
    let new: BTreeMap<String, (Lines, UnsafeFigures)> = new.collect();
    let all: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    all.into_iter()
        .map(|name| Delta::new(name, old.get(name), new.get(name)))
        .filter(Delta::changed)
        .collect()
}

/// Rust files compared by path and blob id: a path gone whose blob appears under a path that
/// is new is a move (paired in path order when several share a blob).
fn file_changes(old: &Report, new: &Report) -> FileChanges {
    let by_path = |r: &Report| -> BTreeMap<String, String> {
        r.files
            .iter()
            .map(|f| (f.path.clone(), f.blob.clone()))
            .collect()
    };
    let (old_files, new_files) = (by_path(old), by_path(new));
    let mut out = FileChanges::default();
    let mut gone_by_blob: BTreeMap<&str, VecDeque<&str>> = BTreeMap::new();
    for (path, blob) in &old_files {
        match new_files.get(path) {
            Some(b) if b == blob => out.unchanged += 1,
            Some(_) => out.changed += 1,
            None => gone_by_blob.entry(blob).or_default().push_back(path),
        }
    }
    let mut moved_from: BTreeSet<&str> = BTreeSet::new();
    for (path, blob) in &new_files {
        if old_files.contains_key(path) {
            continue;
        }
        match gone_by_blob
            .get_mut(blob.as_str())
            .and_then(VecDeque::pop_front)
        {
            Some(from) => {
                moved_from.insert(from);
                out.moved.push(Move {
                    from: from.to_string(),
                    to: path.clone(),
                });
            }
            None => out.added.push(path.clone()),
        }
    }
    out.removed = old_files
        .keys()
        .filter(|p| !new_files.contains_key(*p) && !moved_from.contains(p.as_str()))
        .cloned()
        .collect();
    out
}
