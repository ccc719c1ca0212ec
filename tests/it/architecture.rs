//! The shape of the code, checked: ARCHITECTURE.md's codemap names every module that exists
//! and nothing that does not; no module imports a module of a higher layer; no two modules
//! import each other; no command imports another; clap stays in the command layer.
//!
//! Imports are read from the source text (`crate::a::b`, `super::x`), not from the compiler:
//! a path written in a comment counts too, which errs on the strict side.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first: a module may use modules of its own layer's *lower* layers only
/// (and, inside itself, its own submodules). `error` is the crate's shared error type.
const LAYERS: &[&[&str]] = &[
    &["error", "testing"],
    &["source", "facts"],
    &["cache"],
    &["scan"],
    &["model", "claims"],
    &["render"],
    &["commands"],
];

fn layer_of(top: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&top))
}

/// Every `.rs` file under `src/` (the library; `main.rs` is the binary's edge).
fn sources() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
        entries.sort_by_key(|e| e.path());
        for entry in entries {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(Path::new("src"), &mut out);
    out
}

/// A source file's module path: `src/facts/rust/items.rs` → `facts::rust::items`,
/// `src/facts/rust/mod.rs` → `facts::rust`, `src/lib.rs` → ``.
fn module_path(file: &Path) -> Vec<String> {
    let relative = file.strip_prefix("src").unwrap();
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_string());
    }
    parts
}

/// The code of a file without its comments' text (line comments and doc comments), so that a
/// path in prose is not an import. Block comments are rare here and left in (strict side).
fn code_of(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            // A `//` inside a string literal ("http://...") cuts too: strict side again only
            // loses text after it, never invents an import.
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module paths a file names: `crate::a::b::C` → `a::b` (as far as such modules exist),
/// `super::x` resolved against the file's own module.
fn imports(file: &Path, modules: &BTreeSet<Vec<String>>) -> BTreeSet<Vec<String>> {
    let text = std::fs::read_to_string(file).unwrap();
    let code = code_of(&text);
    let own = module_path(file);
    let is_mod_file = file
        .file_name()
        .is_some_and(|n| n == "mod.rs" || n == "lib.rs");
    let mut found = BTreeSet::new();
    let bytes = code.as_bytes();
    for start in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(at) = code[from..].find(start) {
            let begin = from + at;
            from = begin + start.len();
            if begin > 0 && (bytes[begin - 1].is_ascii_alphanumeric() || bytes[begin - 1] == b'_') {
                continue;
            }
            let mut path: Vec<String> = if start == "crate::" {
                Vec::new()
            } else {
                // `super` of a `mod.rs` is its parent's parent's child list; of `a/b.rs`, `a`.
                let mut base = own.clone();
                if !is_mod_file || !base.is_empty() {
                    base.pop();
                }
                base
            };
            let mut rest = &code[begin + start.len()..];
            // Further `super::` segments.
            while let Some(r) = rest.strip_prefix("super::") {
                path.pop();
                rest = r;
            }
            // Take identifiers while the path names an existing module.
            loop {
                let ident: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if ident.is_empty() {
                    break;
                }
                let mut next = path.clone();
                next.push(ident.clone());
                if !modules.contains(&next) {
                    break;
                }
                path = next;
                rest = &rest[ident.len()..];
                match rest.strip_prefix("::") {
                    Some(r) => rest = r,
                    None => break,
                }
            }
            if !path.is_empty() {
                found.insert(path);
            }
        }
    }
    found
}

/// A module's path, as its segments.
type ModulePath = Vec<String>;

/// Every library module, and the modules each one names.
fn all_modules() -> (
    BTreeSet<ModulePath>,
    BTreeMap<ModulePath, BTreeSet<ModulePath>>,
) {
    let files = sources();
    let modules: BTreeSet<Vec<String>> = files
        .iter()
        .filter(|f| !f.ends_with("main.rs"))
        .map(|f| module_path(f))
        .collect();
    let mut uses = BTreeMap::new();
    for file in files.iter().filter(|f| !f.ends_with("main.rs")) {
        uses.insert(module_path(file), imports(file, &modules));
    }
    (modules, uses)
}

#[test]
fn no_module_imports_a_higher_layer() {
    let (_, uses) = all_modules();
    let mut wrong = Vec::new();
    for (module, used) in &uses {
        let Some(top) = module.first() else { continue };
        let Some(own) = layer_of(top) else {
            wrong.push(format!(
                "{} is in no layer (add it to LAYERS and ARCHITECTURE.md)",
                top
            ));
            continue;
        };
        for target in used {
            let other = &target[0];
            if other == top {
                continue;
            }
            match layer_of(other) {
                Some(layer) if layer < own => {}
                _ => wrong.push(format!("{} uses {}", module.join("::"), target.join("::"))),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_two_modules_import_each_other() {
    let (_, uses) = all_modules();
    // Between siblings (children of one parent, files or folders), at every level: module A
    // "uses" sibling B when any file at or below A names anything at or below B.
    let mut between: BTreeMap<(Vec<String>, Vec<String>), ()> = BTreeMap::new();
    for (module, used) in &uses {
        for target in used {
            // The first level where the two paths part is where the sibling edge is.
            let common = module
                .iter()
                .zip(target.iter())
                .take_while(|(a, b)| a == b)
                .count();
            if common >= module.len() || common >= target.len() {
                continue; // a parent naming its child, or a child its ancestor's items
            }
            let from = module[..=common].to_vec();
            let to = target[..=common].to_vec();
            between.insert((from, to), ());
        }
    }
    let mut loops: Vec<String> = between
        .keys()
        .filter(|(a, b)| a < b && between.contains_key(&(b.clone(), a.clone())))
        .map(|(a, b)| format!("{} <-> {}", a.join("::"), b.join("::")))
        .collect();
    loops.sort();
    assert!(
        loops.is_empty(),
        "modules importing each other:\n{}",
        loops.join("\n")
    );
}

#[test]
fn clap_stays_in_the_command_layer() {
    let mut wrong = Vec::new();
    for file in sources() {
        let module = module_path(&file);
        let edge = file.ends_with("main.rs") || module.first().is_some_and(|m| m == "commands");
        if !edge && code_of(&std::fs::read_to_string(&file).unwrap()).contains("clap") {
            wrong.push(file.display().to_string());
        }
    }
    assert!(
        wrong.is_empty(),
        "clap outside the command layer: {wrong:?}"
    );
}

/// SQLite is used by the fact cache and by the export database only (ARCHITECTURE.md).
#[test]
fn sqlite_stays_in_the_cache_and_the_export() {
    let mut wrong = Vec::new();
    for file in sources() {
        let module = module_path(&file);
        let allowed = module.first().is_some_and(|m| m == "cache")
            || module.starts_with(&["render".to_string(), "sqlite".to_string()]);
        if !allowed && code_of(&std::fs::read_to_string(&file).unwrap()).contains("rusqlite") {
            wrong.push(file.display().to_string());
        }
    }
    assert!(
        wrong.is_empty(),
        "SQLite outside cache/ and render/sqlite/: {wrong:?}"
    );
}

/// Every path ARCHITECTURE.md names in backticks (`src/...`, `scripts/...`, `tests/...`)
/// exists, and every module file of the library is named (as its file or its folder).
#[test]
fn the_codemap_names_what_exists() {
    let text = std::fs::read_to_string("ARCHITECTURE.md").unwrap();
    let roots = [
        "src/",
        "scripts/",
        "tests/",
        "docs/",
        "claims/",
        "bench/",
        "examples/",
        "fuzz/",
    ];
    let mut named = BTreeSet::new();
    for piece in text.split('`').skip(1).step_by(2) {
        // `src/x.rs::item` names the file `src/x.rs`.
        let piece = piece.split("::").next().unwrap_or(piece);
        let piece = piece.trim_end_matches(['/', ':']);
        if roots.iter().any(|p| piece.starts_with(p)) && !piece.contains([' ', '*', '{']) {
            named.insert(piece.to_string());
        }
    }
    let missing: Vec<_> = named.iter().filter(|p| !Path::new(p).exists()).collect();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md names paths that do not exist: {missing:?}"
    );
    // Each module file is named itself, or by its bare name (`items.rs`) under an entry for
    // one of its folders (`src/facts/`, `src/facts/rust/`); `mod.rs`, `lib.rs` and `main.rs`
    // are their folder's entry.
    let mut unnamed = Vec::new();
    for file in sources() {
        let path = file.display().to_string();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        if named.contains(&path) || matches!(name.as_str(), "lib.rs" | "main.rs" | "mod.rs") {
            continue;
        }
        let folder_named = file
            .ancestors()
            .skip(1)
            .any(|a| named.contains(&a.display().to_string()));
        if !(folder_named && text.contains(&format!("`{name}`"))) {
            unnamed.push(path);
        }
    }
    assert!(
        unnamed.is_empty(),
        "modules ARCHITECTURE.md does not name: {unnamed:?}"
    );
}
