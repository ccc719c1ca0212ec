//! Unit tests of `super` (MAINTAINERS sections, the path index and the `N:` regex set):
//! hand-written fixtures, and the real trees when they are present.

use super::*;

const FIXTURE: &str = "\
List of maintainers
===================

Descriptions of section entries
-------------------------------

\tM: *Mail* patches to: FullName <address@domain>
\tF: *Files* and directories wildcard patterns.

Maintainers List
----------------

.. note:: When reading this list, please look for the most precise areas
      first.

LOCKING
M:\tLock Person <lock@example.org>
S:\tMaintained
F:\trust/kernel/sync/lock.rs
F:\trust/kernel/sync/lock/

RUST
M:\tRust Person <rust@example.org>
R:\tReviewer <r@example.org>
L:\trust@example.org
S:\tSupported
F:\trust/
F:\tscripts/*rust*
X:\trust/vendored/
K:\t\\b(?i:rust)\\b

RUST [SYNC]
S:\tMaintained
F:\trust/kernel/sync.rs
F:\trust/kernel/sync/

ONE LEVEL
F:\tdrivers/one/*
F:\tdrivers/exact.c
F:\tdrivers/q?.c
F:\tdrivers/dirnoslash

REGEX
N:\tsun[x456789]i
N:\t\\bmxc[^\\d]
N:\tunsupported(?=lookahead)
F:\tinclude/linux/c++*.h

THE REST
M:\tLinus
F:\t*
F:\t*/
";

fn titles(m: &Maintainers, path: &str) -> Vec<String> {
    m.entries_for_path(path)
        .iter()
        .map(|e| e.title.clone())
        .collect()
}

#[test]
fn parses_entries() {
    let m = Maintainers::parse(FIXTURE);
    let names: Vec<&str> = m.entries.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(
        names,
        [
            "LOCKING",
            "RUST",
            "RUST [SYNC]",
            "ONE LEVEL",
            "REGEX",
            "THE REST"
        ]
    );
    let rust = m.entry("RUST").unwrap();
    assert_eq!(rust.maintainers, ["Rust Person <rust@example.org>"]);
    assert_eq!(rust.reviewers.len(), 1);
    assert_eq!(rust.lists, ["rust@example.org"]);
    assert_eq!(rust.status.as_deref(), Some("Supported"));
    assert_eq!(rust.files, ["rust/", "scripts/*rust*"]);
    assert_eq!(rust.excludes, ["rust/vendored/"]);
    assert_eq!(rust.keywords, ["\\b(?i:rust)\\b"]);
    assert_eq!(rust.line, 22);
    assert_eq!(
        m.unsupported,
        [("REGEX".to_string(), "unsupported(?=lookahead)".to_string())]
    );
}

#[test]
fn the_folder_index_finds_what_testing_every_entry_finds() {
    let mut m = Maintainers::parse(FIXTURE);
    m.mark_directories(|p| p == "drivers/dirnoslash");
    let paths = [
        "rust/kernel/sync/lock.rs",
        "rust/vendored/lib.rs",
        "scripts/generate_rust_target.rs",
        "drivers/one/a.c",
        "drivers/q1.c",
        "drivers/dirnoslash/x.c",
        "arch/arm/mach-sunxi/x.c",
        "include/linux/c++x.h",
        "Makefile",
        "nowhere/at/all.c",
    ];
    for path in paths {
        let all = m.matches_among(path, (0..m.entries.len()).collect());
        let indexed = m.matches_for_path(path);
        let lines = |ms: &[PathMatch<'_>]| -> Vec<(String, i64, String)> {
            ms.iter()
                .map(|x| (x.entry.title.clone(), x.depth, x.pattern.clone()))
                .collect()
        };
        assert_eq!(lines(&indexed), lines(&all), "{path}");
        assert!(!all.is_empty(), "{path}: THE REST covers every path");
    }
    // Only the entries naming a folder of the path (and the wildcard ones) are tested:
    // LOCKING names `rust/kernel/sync/lock/`, below the path's folders, and is left out.
    let tested: Vec<&str> = m
        .tested_entries("rust/kernel/sync.rs")
        .into_iter()
        .map(|i| m.entries[i].title.as_str())
        .collect();
    assert_eq!(tested, ["RUST", "RUST [SYNC]", "REGEX", "THE REST"]);
}

/// The index against testing every entry on a real MAINTAINERS, for the files of the
/// tree's `drivers/`, `rust/`, `include/` and `arch/` folders found by a walk of the tree
/// (every 7th file, about 6,000 paths), the folders where patterns nest deepest.
#[test]
fn the_folder_index_finds_what_testing_every_entry_finds_on_7_3() {
    let Some(tree) = crate::testing::tree("7.3", true) else {
        return;
    };
    let mut m = Maintainers::parse(&crate::testing::read(&tree, "MAINTAINERS"));
    m.mark_directories(|p| tree.join(p.trim_end_matches('/')).is_dir());
    let mut paths = Vec::new();
    let mut folders: Vec<std::path::PathBuf> = ["drivers", "rust", "include", "arch"]
        .iter()
        .map(|f| tree.join(f))
        .collect();
    while let Some(folder) = folders.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for entry in entries {
            if entry.is_dir() {
                folders.push(entry);
            } else if entry.is_file() {
                let path = entry.strip_prefix(&tree).unwrap();
                paths.push(path.to_string_lossy().into_owned());
            }
        }
    }
    paths.sort();
    let sample: Vec<&String> = paths.iter().step_by(7).collect();
    assert!(sample.len() > 5_000, "{} paths", sample.len());
    // Without the set of `N:` regexes, each is searched for alone.
    let mut alone = m.clone();
    alone.names = None;
    let mut tested_indexed = 0;
    for path in sample {
        let all = alone.matches_among(path, (0..m.entries.len()).collect());
        let indexed = m.matches_for_path(path);
        let titles = |ms: &[PathMatch<'_>]| -> Vec<(String, i64, String)> {
            ms.iter()
                .map(|x| (x.entry.title.clone(), x.depth, x.pattern.clone()))
                .collect()
        };
        assert_eq!(titles(&indexed), titles(&all), "{path}");
        tested_indexed += m.tested_entries(path).len();
    }
    // The point of the index: a few dozen entries per path, not thousands.
    assert!(
        tested_indexed < 200 * paths.len() / 7,
        "{tested_indexed} entries tested"
    );
}

#[test]
fn literal_folders_of_globs_and_regexes() {
    assert_eq!(
        literal_folder("drivers/net/wireless*", false),
        Some("drivers/net")
    );
    assert_eq!(
        literal_folder("drivers/net/phy/", false),
        Some("drivers/net/phy")
    );
    assert_eq!(literal_folder("*/Kconfig", false), None);
    assert_eq!(literal_folder("Makefile", false), None);
    assert_eq!(literal_folder("/x", false), None);
    assert_eq!(
        literal_folder("drivers/net/phy/bcm*.[ch]", true),
        Some("drivers/net/phy")
    );
    // `c+` repeats the `c`: the literal text ends before it.
    assert_eq!(
        literal_folder("include/linux/c++*.h", true),
        Some("include/linux")
    );
    assert_eq!(literal_folder("include/lin/+x.h", true), Some("include"));
    assert_eq!(literal_folder("include/a{2}/x", true), Some("include"));
    // An alternation can match anywhere.
    assert_eq!(literal_folder("drivers/a/x|b", true), None);
    assert_eq!(literal_folder("(?i)drivers/a/x", true), None);
}

#[test]
fn matches_like_get_maintainer() {
    let mut m = Maintainers::parse(FIXTURE);
    assert_eq!(
        titles(&m, "rust/kernel/sync/lock.rs"),
        ["LOCKING", "RUST [SYNC]", "RUST", "THE REST"]
    );
    assert_eq!(
        titles(&m, "rust/kernel/sync/lock/mutex.rs"),
        ["LOCKING", "RUST [SYNC]", "RUST", "THE REST"]
    );
    assert_eq!(
        titles(&m, "rust/kernel/sync.rs"),
        ["RUST [SYNC]", "RUST", "THE REST"]
    );
    // X: wins over F:.
    assert_eq!(titles(&m, "rust/vendored/lib.rs"), ["THE REST"]);
    // `*` crosses `/`, but the slash counts must agree for non-directory patterns.
    assert_eq!(
        titles(&m, "scripts/generate_rust_target.rs"),
        ["RUST", "THE REST"]
    );
    assert_eq!(titles(&m, "scripts/sub/rust.sh"), ["THE REST"]);
    // `dir/*` covers one level only.
    assert_eq!(titles(&m, "drivers/one/a.c")[0], "ONE LEVEL");
    assert_eq!(titles(&m, "drivers/one/two/a.c"), ["THE REST"]);
    assert_eq!(titles(&m, "drivers/q1.c")[0], "ONE LEVEL");
    assert_eq!(titles(&m, "drivers/q12.c"), ["THE REST"]);
    // get_maintainer's `^pattern` is not anchored at the end.
    assert_eq!(titles(&m, "drivers/exact.c.orig")[0], "ONE LEVEL");
    // Top-level files: `F: *`.
    assert_eq!(titles(&m, "Makefile"), ["THE REST"]);
    // N: regexes search anywhere.
    assert_eq!(titles(&m, "arch/arm/mach-sunxi/x.c")[0], "REGEX");
    assert_eq!(titles(&m, "drivers/mxc_x.c")[0], "REGEX");
    assert_eq!(titles(&m, "drivers/mxc1.c"), ["THE REST"]);
    // Regex syntax in F: stays regex syntax (`+` is a quantifier, as in Perl).
    assert_eq!(titles(&m, "include/linux/cc.h")[0], "REGEX");
    // A directory named without `/` matches only once marked as a directory.
    assert_eq!(titles(&m, "drivers/dirnoslash/a.c"), ["THE REST"]);
    m.mark_directories(|p| p == "drivers/dirnoslash");
    assert_eq!(titles(&m, "drivers/dirnoslash/a.c")[0], "ONE LEVEL");
    let first = &m.matches_for_path("rust/kernel/sync/lock.rs")[0];
    assert_eq!(first.depth, 4);
    assert_eq!(first.pattern, "F:\trust/kernel/sync/lock.rs");
}

#[test]
fn glob_prefix() {
    assert!(glob_prefix_match(b"a*c", b"abbbc"));
    assert!(glob_prefix_match(b"a*c", b"abbbcdef"));
    assert!(!glob_prefix_match(b"a*c", b"abbb"));
    assert!(glob_prefix_match(b"", b"x"));
    assert!(glob_prefix_match(b"*", b""));
    assert!(glob_prefix_match(b"a?", b"ab"));
    assert!(!glob_prefix_match(b"a?", b"a"));
}

#[test]
fn odd_input_does_not_panic() {
    for text in [
        "",
        "M:\tno title",
        "Maintainers List",
        "T\nF:\t[\nN:\t(\nX:\t\\",
        "T\nF:\t\u{e9}*\u{e9}?\nF:\t",
    ] {
        let mut m = Maintainers::parse(text);
        m.mark_directories(|_| true);
        for p in ["", "/", "a/b", "\u{e9}/\u{e9}"] {
            let _ = m.entries_for_path(p);
        }
    }
}

#[test]
fn real_trees() {
    use crate::testing::{read, tree};
    if let Some(t) = tree("6.12", true) {
        let m = Maintainers::parse(&read(&t, "MAINTAINERS"));
        assert_eq!(
            m.entries.first().map(|e| e.title.as_str()),
            Some("3C59X NETWORK DRIVER")
        );
        assert_eq!(titles(&m, "rust/kernel/lib.rs"), ["RUST", "THE REST"]);
    }
    let Some(t) = tree("7.3", true) else { return };
    let mut m = Maintainers::parse(&read(&t, "MAINTAINERS"));
    m.mark_directories(|p| t.join(p).is_dir());
    // First and last entries (MAINTAINERS:71 and the end of the file).
    assert_eq!(m.entries[0].title, "3C509 NETWORK DRIVER");
    assert_eq!(m.entries[0].line, 71);
    assert_eq!(m.entries.last().unwrap().title, "THE REST");
    let rust = m.entry("RUST").unwrap();
    assert_eq!(rust.maintainers, ["Miguel Ojeda <ojeda@kernel.org>"]);
    assert_eq!(rust.status.as_deref(), Some("Supported"));
    assert!(rust.files.contains(&"rust/".to_string()));
    // Cross-checked with `scripts/get_maintainer.pl --no-git --no-git-fallback
    // --no-keywords --sections -f PATH` in the 7.3 tree.
    assert_eq!(
        titles(&m, "rust/kernel/sync/lock.rs"),
        ["LOCKING PRIMITIVES", "RUST [SYNC]", "RUST", "THE REST"]
    );
    assert_eq!(
        titles(&m, "drivers/net/phy/ax88796b_rust.rs"),
        [
            "ASIX PHY DRIVER [RUST]",
            "ETHERNET PHY LIBRARY",
            "NETWORKING DRIVERS",
            "THE REST"
        ]
    );
}
