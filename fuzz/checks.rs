//! What each fuzz target checks, as plain functions of the input bytes: the fuzz targets
//! (`fuzz_targets/*.rs`) call them under libFuzzer, and `tests/it/fuzz_regressions.rs` calls them
//! on every saved input under `fuzz/regressions/TARGET/` with a stable toolchain in CI. Every
//! function must return without panicking, whatever the bytes.

use kcensus::claims;
use kcensus::facts::{cloc, file_facts, languages::LANGUAGES, FileFacts};
use kcensus::model::kernel::{kbuild, kconfig, maintainers::Maintainers};

/// A check: runs one input through the code under test, panicking on a broken invariant.
pub type Check = fn(&[u8]);

/// Each target's name (its file in `fuzz_targets/` and its folder in `regressions/`) and check.
pub const TARGETS: &[(&str, Check)] = &[
    ("line_counter", line_counter),
    ("rust_facts", rust_facts),
    ("kbuild", kbuild),
    ("kconfig", kconfig),
    ("maintainers", maintainers),
    ("claims", claims),
    ("git_tree", git_tree),
];

/// Lines as cloc reads them: newline-terminated lines, plus a last line without one.
fn cloc_lines(bytes: &[u8]) -> u64 {
    let newlines = bytes.iter().filter(|&&b| b == b'\n').count() as u64;
    newlines + u64::from(!bytes.is_empty() && !bytes.ends_with(b"\n"))
}

/// File names that reach the classifier's content heuristics (`.pl`, `.m`, `.ui`, `.inc`, a
/// `#!` line for a name without extension) and the common kernel languages.
const NAMES: &[&str] = &[
    "a.c", "a.h", "a.rs", "Makefile", "a.py", "a.sh", "a.pl", "a.m", "a.ui", "a.inc", "a.S",
    "Kconfig", "a.yaml", "a.rst", "script", "a.xml", "a.awk", "a.json",
];

/// The line counter of every language cloc counts: the first byte chooses the language (so
/// every state machine is reached), the rest is the file. Checks the counter's invariant,
/// blank + comment + code = the lines cloc reads, there and through `file_facts` (binary
/// test, classification, counting) under a name the first byte chooses too.
pub fn line_counter(data: &[u8]) {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let language = &LANGUAGES[usize::from(selector) % LANGUAGES.len()];
    let counts = cloc::count(language, bytes);
    assert_eq!(
        counts.lines(),
        cloc_lines(bytes),
        "{}: {counts:?}",
        language.name
    );
    let name = NAMES[usize::from(selector) % NAMES.len()];
    if let FileFacts::Counted { language, lines } = file_facts(name, bytes) {
        assert_eq!(
            lines.lines(),
            cloc_lines(bytes),
            "{name} as {}: {lines:?}",
            language.name
        );
    }
}

/// The Rust fact extractor (parse, unsafe and SAFETY facts, items, macros) on any bytes.
pub fn rust_facts(data: &[u8]) {
    let facts = kcensus::facts::rust::rust_facts(data);
    // Serializing walks every fact the report keeps.
    serde_json::to_string(&facts).expect("Rust facts serialize");
}

/// The Makefile/Kbuild reader: object lists, composites, guards, subfolders, and the crates
/// of `rust/Makefile`.
pub fn kbuild(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let entries = kbuild::parse(&text);
    let _ = kbuild::subdirs(&entries);
    for stem in ["foo", "a", "rust_binder", ""] {
        let _ = kbuild::find_object(&entries, stem);
    }
    for guard in entries.iter().flat_map(|e| e.guards.iter()) {
        let _ = guard.describe();
        let _ = guard.config();
    }
    let _ = kbuild::rust_makefile_crates(&text);
}

/// The Kconfig reader: entries, `depends on` expressions, `select HAVE_RUST [if ...]`.
pub fn kconfig(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let entries = kconfig::parse(&text);
    for entry in &entries {
        let _ = entry.depends_expr();
        let _ = entry.full_depends_expr();
    }
    let _ = kconfig::depending_on(&entries, "RUST", true);
    let _ = kconfig::selects_of(&entries, "HAVE_RUST");
    let _ = kconfig::have_rust_selects(&text);
    let _ = kconfig::mentions(&text, "RUST");
    let _ = kconfig::mentions_positively(&text, "RUST");
}

/// The MAINTAINERS reader and get_maintainer.pl's path matching: the file is the input up to
/// its first NUL byte, the paths to match (one a line) follow it.
pub fn maintainers(data: &[u8]) {
    let (file, paths) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (
            data,
            &b"rust/kernel/lib.rs\ndrivers/net/phy/ax88796b_rust.rs"[..],
        ),
    };
    let mut maintainers = Maintainers::parse(&String::from_utf8_lossy(file));
    let paths = String::from_utf8_lossy(paths);
    for path in paths.lines() {
        let _ = maintainers.matches_for_path(path);
    }
    // Every pattern without a wildcard or a dot taken for a folder: the other branch.
    maintainers.mark_directories(|_| true);
    for path in paths.lines() {
        let _ = maintainers.entries_for_path(path);
    }
}

/// The claims parser (TOML, the claim fields, the metric language) and the evaluation of
/// what it accepts against a small report with every kind of JSON value.
pub fn claims(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The metric language alone, so that short inputs reach it without TOML around them.
    let _ = claims::parse_metric(text);
    let _ = claims::parse_path(text);
    if let Ok(file) = claims::parse(text) {
        let report = serde_json::json!({
            "areas": [{"area": "rust/kernel", "code": 10, "files": 2}],
            "drivers": [{"name": "rust_binder", "lines": {"code": 5}}],
            "modules": [{"path": "kernel::sync", "unsafe": {"blocks": 1}}],
            "total": {"code": 3.5, "files": null, "nested": [[1, 2], {"a": true}]}
        });
        let _ = file.check_metrics(&report);
        let _ = file.evaluate(&report);
    }
}

/// A bare repository made once per process, holding the blobs and the subtree that the trees
/// of [`git_tree`] point to.
struct Scratch {
    repo: std::path::PathBuf,
    blob: gix::ObjectId,
    subtree: gix::ObjectId,
}

fn scratch() -> &'static Scratch {
    static SCRATCH: std::sync::OnceLock<Scratch> = std::sync::OnceLock::new();
    SCRATCH.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("kcensus-fuzz-git-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let repo = gix::init_bare(&dir).expect("a scratch repository");
        let blob = repo.write_blob(b"int a;\n").expect("a blob").detach();
        let up = repo.write_blob(b"../a.c").expect("a blob").detach();
        let away = repo.write_blob(b"../../x").expect("a blob").detach();
        let mut body = Vec::new();
        for (mode, name, id) in [
            ("100644", "a.c", blob),
            ("120000", "up", up),
            ("120000", "away", away),
        ] {
            tree_entry(&mut body, mode, name.as_bytes(), &id);
        }
        let subtree = write_raw(&repo, gix::objs::Kind::Tree, &body);
        Scratch {
            repo: dir,
            blob,
            subtree,
        }
    })
}

fn tree_entry(body: &mut Vec<u8>, mode: &str, name: &[u8], id: &gix::ObjectId) {
    body.extend_from_slice(mode.as_bytes());
    body.push(b' ');
    body.extend_from_slice(name);
    body.push(0);
    body.extend_from_slice(id.as_bytes());
}

fn write_raw(repo: &gix::Repository, kind: gix::objs::Kind, body: &[u8]) -> gix::ObjectId {
    use gix::objs::Write;
    repo.objects
        .write_buf(kind, body)
        .expect("an object written")
}

/// The git tree reader on trees built from the input: `0xFF` first makes the rest the raw
/// body of the top tree (malformed trees); otherwise the input is a list of entries, each a
/// kind byte and a name up to the next NUL. The kind chooses a regular file, an executable,
/// a symbolic link (its target follows a `:` in the name: `l:../a.c`), a subtree (holding
/// `a.c` and links inside and outside the tree), a missing blob or a submodule. Checks: no
/// panic; every path sent is one git's fsck accepts (no empty, `.`, `..` or `.git`
/// component, nothing absolute) and is sent once (skipped paths are reported as the tree
/// names them); and the same tree read twice gives the
/// same listing.
pub fn git_tree(data: &[u8]) {
    let scratch = scratch();
    let repo = gix::open(&scratch.repo).expect("the scratch repository");
    let body = match data.split_first() {
        Some((0xFF, raw)) => raw.to_vec(),
        _ => {
            let mut body = Vec::new();
            for record in data.split(|&b| b == 0).filter(|r| !r.is_empty()) {
                let (kind, name) = (record[0] % 6, &record[1..]);
                match kind {
                    0 => tree_entry(&mut body, "100644", name, &scratch.blob),
                    1 => tree_entry(&mut body, "100755", name, &scratch.blob),
                    2 => {
                        let at = name.iter().position(|&b| b == b':').unwrap_or(name.len());
                        let target = repo.write_blob(name.get(at + 1..).unwrap_or_default());
                        let target = target.expect("a blob").detach();
                        tree_entry(&mut body, "120000", &name[..at], &target);
                    }
                    3 => tree_entry(&mut body, "40000", name, &scratch.subtree),
                    4 => tree_entry(&mut body, "100644", name, &gix::ObjectId::from([7u8; 20])),
                    _ => tree_entry(&mut body, "160000", name, &gix::ObjectId::from([9u8; 20])),
                }
            }
            body
        }
    };
    let tree = write_raw(&repo, gix::objs::Kind::Tree, &body);
    let commit =
        format!("tree {tree}\nauthor a <a@b> 0 +0000\ncommitter a <a@b> 0 +0000\n\nfuzz\n");
    let commit = write_raw(&repo, gix::objs::Kind::Commit, commit.as_bytes()).to_string();
    let first = git_listing(&scratch.repo, &commit);
    if let Ok(listing) = &first {
        let mut seen = std::collections::HashSet::new();
        for path in listing
            .iter()
            .filter_map(|(path, read)| read.then_some(path))
        {
            assert!(seen.insert(path), "{path:?} sent twice");
            let bad = path.starts_with('/')
                || path.split('/').any(|c| {
                    c.is_empty() || c == "." || c == ".." || c.eq_ignore_ascii_case(".git")
                });
            assert!(!bad, "{path:?} is not a path git's fsck accepts");
        }
    }
    let second = git_listing(&scratch.repo, &commit);
    assert_eq!(
        first.as_ref().map_err(|e| e.to_string()),
        second.as_ref().map_err(|e| e.to_string()),
        "the same tree read twice"
    );
}

/// What a git revision's source sends, sorted: each path, and whether it is a file (`true`)
/// or skipped; or its error.
fn git_listing(repo: &std::path::Path, rev: &str) -> anyhow::Result<Vec<(String, bool)>> {
    use kcensus::source::{Entry, Source, SourceOptions};
    let source = Source::open(repo, Some(rev), &SourceOptions::default())?;
    let listing = std::sync::Mutex::new(Vec::new());
    source.for_each(|entry| {
        let sent = match entry {
            Entry::File(file) => (file.path, true),
            Entry::Unread(file) => (file.path, true),
            Entry::Skipped(skipped) => (skipped.path, false),
        };
        listing.lock().unwrap().push(sent);
    })?;
    let mut listing = listing.into_inner().unwrap();
    listing.sort();
    Ok(listing)
}
