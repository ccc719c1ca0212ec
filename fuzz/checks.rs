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
    for guard in entries.iter().flat_map(|e| &e.guards) {
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
