//! The join on a tree of a few files and records written by hand.

use super::*;
use crate::facts::cve::parse_record;
use crate::facts::LineCounts;
use crate::model::census::CountedFile;
use crate::model::report::{AreaName, CodeFigures, UnsafeFigures};
use crate::source::Skipped;

fn counted(path: &str, language: &'static str, code: u64) -> CountedFile {
    CountedFile {
        path: path.into(),
        language,
        lines: LineCounts {
            blank: 0,
            comment: 0,
            code,
        },
    }
}

/// A record touching `files`, introduced in mainline `introduced`, fixed in mainline `fixed`
/// (or never) and in the 7.3 stable series at `stable_fix` (or never).
fn record(
    id: &str,
    title: &str,
    files: &[&str],
    introduced: &str,
    fixed: Option<&str>,
) -> CveRecord {
    let files: Vec<String> = files.iter().map(|f| format!("\"{f}\"")).collect();
    let fix = fixed.map_or(String::new(), |f| {
        format!(
            r#",{{"version": "{f}", "lessThanOrEqual": "*", "status": "unaffected", "versionType": "original_commit_for_fix"}}"#
        )
    });
    let json = format!(
        r#"{{"cveMetadata": {{"cveId": "{id}"}}, "containers": {{"cna": {{"title": "{title}",
        "descriptions": [{{"lang": "en", "value": "In the Linux kernel: {title}"}}],
        "affected": [{{"defaultStatus": "affected", "programFiles": [{}],
          "versions": [{{"version": "{introduced}", "status": "affected"}},
            {{"version": "0", "lessThan": "{introduced}", "status": "unaffected", "versionType": "semver"}}{fix}]}}]}}}}}}"#,
        files.join(",")
    );
    parse_record(json.as_bytes(), None).unwrap()
}

fn tree() -> Census {
    Census {
        files: vec![
            counted("drivers/android/binder/node.rs", "Rust", 1_000),
            counted("drivers/net/foo.c", "C", 500_000),
            counted("include/net/foo.h", "C/C++ Header", 250_000),
            counted("net/core/dev.c", "C", 1_500_000),
            counted("rust/kernel/pwm.rs", "Rust", 1_000),
        ],
        skipped: vec![
            Skipped {
                path: "Documentation/foo.rst".into(),
                reason: "not code (by extension)".into(),
            },
            Skipped {
                path: "drivers/net/copy.c".into(),
                reason: "duplicate of drivers/net/foo.c".into(),
            },
        ],
    }
}

fn rust_file(path: &str, area: AreaName, crate_name: &str, unsafe_blocks: u64) -> RustFile {
    RustFile {
        path: path.into(),
        crate_name: Some(crate_name.into()),
        area,
        blob: String::new(),
        figures: CodeFigures {
            lines: LineCounts {
                blank: 0,
                comment: 0,
                code: 1_000,
            },
            unsafe_blocks,
            unsafe_figures: UnsafeFigures::default(),
        },
        bindings_uses: 0,
        parse_errors: 0,
    }
}

fn joined(records: Vec<CveRecord>, version: &str) -> Cves {
    let census = tree();
    let set = RecordSet {
        path: "vulns".into(),
        records,
        skipped: vec![SkippedRecord {
            path: "cve/published/2025/CVE-2025-9.json".into(),
            reason: "invalid JSON".into(),
        }],
    };
    let rust_files = vec![
        rust_file(
            "drivers/android/binder/node.rs",
            AreaName::Drivers,
            "rust_binder",
            7,
        ),
        rust_file("rust/kernel/pwm.rs", AreaName::Kernel, "kernel", 3),
    ];
    join(&JoinInput {
        census: &census,
        tree_version: Some(version),
        rust_files: &rust_files,
        drivers: &[],
        records: &set,
    })
}

fn records() -> Vec<CveRecord> {
    vec![
        // C and a header: counts once for each.
        record(
            "CVE-2024-1000",
            "net: fix use-after-free in dev",
            &["net/core/dev.c", "include/net/foo.h"],
            "6.1",
            Some("6.9"),
        ),
        // A duplicate's path counts in the language of the file it duplicates.
        record(
            "CVE-2024-1001",
            "foo: fix memory leak",
            &["drivers/net/copy.c"],
            "5.10",
            None,
        ),
        // Rust, in a driver.
        record(
            "CVE-2025-68260",
            "rust_binder: fix race condition on death_list",
            &["drivers/android/binder/node.rs"],
            "6.18",
            Some("6.19"),
        ),
        // Rust and C at once.
        record(
            "CVE-2026-45926",
            "rust: pwm: fix potential memory leak on init error",
            &["rust/kernel/pwm.rs", "drivers/net/foo.c"],
            "6.19",
            Some("7.0"),
        ),
        // Not in this tree.
        record(
            "CVE-2026-0002",
            "gone: fix out-of-bounds read",
            &["drivers/gone/gone.c"],
            "7.3",
            None,
        ),
        // In the tree, but only a file that is not counted.
        record(
            "CVE-2026-0003",
            "docs: fix something",
            &["Documentation/foo.rst"],
            "7.0",
            Some("7.1"),
        ),
    ]
}

#[test]
fn records_count_once_per_language_and_area() {
    let cves = joined(records(), "7.3.4");
    assert_eq!(cves.records_in_tree, 5);
    let languages: Vec<(&str, u64, u64)> = cves
        .by_language
        .iter()
        .map(|l| (l.language.as_str(), l.rate.records, l.rate.memory_safety))
        .collect();
    assert_eq!(
        languages,
        vec![("C", 3, 1), ("Rust", 2, 0), ("C/C++ Header", 1, 1)]
    );
    let c = &cves.by_language[0].rate;
    assert_eq!(c.code, 2_000_000);
    assert!((c.per_million_lines - 1.5).abs() < 1e-9);
    let rust = &cves.by_language[1].rate;
    assert!((rust.per_million_lines - 1_000.0).abs() < 1e-9);
    let areas: Vec<(&str, u64)> = cves
        .by_area
        .iter()
        .map(|a| (a.area.as_str(), a.rate.records))
        .collect();
    assert_eq!(
        areas,
        vec![
            ("drivers", 3),
            ("Documentation", 1),
            ("include", 1),
            ("net", 1),
            ("rust", 1)
        ]
    );
    assert_eq!(cves.source.records, 6);
    assert_eq!(cves.source.newest.as_deref(), Some("CVE-2026-45926"));
    assert_eq!(cves.source.skipped.len(), 1);
}

#[test]
fn classes_and_fix_releases_are_tallied() {
    let cves = joined(records(), "7.3.4");
    let classes: Vec<(&str, u64)> = cves
        .by_class
        .iter()
        .map(|c| (c.class.as_str(), c.records))
        .collect();
    assert_eq!(
        classes,
        vec![
            ("memory safety", 1),
            ("concurrency", 1),
            ("resource leak", 2),
            ("other", 0),
            ("unclassified", 1)
        ]
    );
    assert_eq!(cves.memory_safety, 1);
    assert!((cves.memory_safety_percent - 20.0).abs() < 1e-9);
    let releases: Vec<&str> = cves
        .by_fix_release
        .iter()
        .map(|f| f.release.as_str())
        .collect();
    assert_eq!(releases, vec!["6.9", "6.19", "7.0", "7.1", "unfixed"]);
    assert_eq!(cves.by_fix_release[2].by_language.get("Rust"), Some(&1));
    assert_eq!(cves.by_fix_release[2].by_language.get("C"), Some(&1));
    assert!(cves.by_fix_release[3].by_language.is_empty());
}

#[test]
fn rust_records_carry_the_reports_facts() {
    let cves = joined(records(), "7.3.4");
    let ids: Vec<&str> = cves.rust.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, vec!["CVE-2025-68260", "CVE-2026-45926"]);
    let binder = &cves.rust[0];
    assert_eq!(binder.area, "drivers");
    assert_eq!(binder.crate_name.as_deref(), Some("rust_binder"));
    assert_eq!(binder.unsafe_blocks, 7);
    assert_eq!(binder.introduced, vec!["6.18"]);
    assert_eq!(binder.fixed.as_deref(), Some("6.19"));
    assert_eq!(binder.classes, vec!["concurrency"]);
    let pwm = &cves.rust[1];
    assert_eq!(pwm.files, vec!["drivers/net/foo.c", "rust/kernel/pwm.rs"]);
    assert_eq!((pwm.area.as_str(), pwm.unsafe_blocks), ("rust/kernel", 3));
}

#[test]
fn the_trees_own_release_decides_what_affects_it() {
    let affecting = |version: &str| -> Vec<String> {
        joined(records(), version)
            .affecting_this_tree
            .into_iter()
            .map(|a| a.id)
            .collect()
    };
    // Unfixed since 5.10 and introduced in the tree's own release 7.3 (files gone or not).
    assert_eq!(affecting("7.3.4"), vec!["CVE-2024-1001", "CVE-2026-0002"]);
    assert_eq!(affecting("6.18.3"), vec!["CVE-2024-1001", "CVE-2025-68260"]);
    assert_eq!(affecting("7.0"), vec!["CVE-2024-1001", "CVE-2026-0003"]);
    let cves = joined(records(), "not a version");
    assert_eq!(cves.tree_version, None);
    assert!(cves.affecting_this_tree.is_empty());
}

/// The figures a history point keeps, on the same records: counted by hand from the records'
/// ranges and files above.
#[test]
fn a_history_point_counts_affecting_and_introduced_by_language() {
    let census = tree();
    let set = RecordSet {
        path: "vulns".into(),
        records: records(),
        skipped: Vec::new(),
    };
    let point = |version: &str| {
        headline(&JoinInput {
            census: &census,
            tree_version: Some(version),
            rust_files: &[],
            drivers: &[],
            records: &set,
        })
    };
    let languages = |pairs: &[(&str, u64)]| -> BTreeMap<String, u64> {
        pairs.iter().map(|(l, n)| (l.to_string(), *n)).collect()
    };
    // 7.3.4: 1001 (the duplicate of a C file) and 0002 (files gone: no language) affect it;
    // 0002 was introduced in 7.3.
    let p = point("7.3.4");
    assert_eq!(p.records_in_tree, 5);
    assert_eq!(p.affecting.records, 2);
    assert_eq!(p.affecting.by_language, languages(&[("C", 1)]));
    assert_eq!(p.introduced.records, 1);
    assert!(p.introduced.by_language.is_empty());
    // 6.18.3: 1001 and the Binder record, introduced in 6.18.
    let p = point("6.18.3");
    assert_eq!(p.affecting.by_language, languages(&[("C", 1), ("Rust", 1)]));
    assert_eq!(p.introduced.records, 1);
    assert_eq!(p.introduced.by_language, languages(&[("Rust", 1)]));
    assert_eq!(p.introduced.in_language("Rust"), 1);
    assert_eq!(p.introduced.in_language("C"), 0);
    // 6.19: the pwm record (Rust and C), introduced in it; 1001 still.
    let p = point("6.19.1");
    assert_eq!(p.affecting.by_language, languages(&[("C", 2), ("Rust", 1)]));
    assert_eq!(
        p.introduced.by_language,
        languages(&[("C", 1), ("Rust", 1)])
    );
    // The join agrees on what affects the tree.
    for version in ["7.3.4", "6.18.3", "6.19.1", "7.0"] {
        assert_eq!(
            point(version).affecting.records,
            joined(records(), version).affecting_this_tree.len() as u64,
            "{version}"
        );
    }
    // No release, nothing to compare ranges with.
    let p = point("not a version");
    assert_eq!(p.records_in_tree, 5);
    assert_eq!(p.affecting, RecordCount::default());
    assert_eq!(p.introduced, RecordCount::default());
}
