//! Text from the tree in text outputs (issue 15): control characters in file names and in
//! `EXTRAVERSION` are shown escaped in every table, text, Markdown and CSV output (as error
//! messages already were), Markdown keeps paths in code spans or escapes them, and CSV cells a
//! spreadsheet would take for formulas are prefixed with `'`.

use common::fixtures::*;
use std::ffi::OsStr;
use std::path::Path;

use crate::common;

/// Names holding ESC (a colour and a screen clear), BEL, CR and C1 CSI (U+009B).
const HOSTILE_NAMES: [&str; 4] = [
    "drivers/\u{1b}[31mred.c",
    "drivers/bell\u{7}.c",
    "drivers/cr\r.c",
    "drivers/c1\u{9b}2J.c",
];

fn hostile_tree(root: &Path) {
    write(
        &root.join("Makefile"),
        b"VERSION = 7\nPATCHLEVEL = 3\nSUBLEVEL = 0\nEXTRAVERSION = -rc1\x1b[2J\n",
    );
    write(
        &root.join("rust/kernel/lib.rs"),
        b"//! Kernel.\npub fn f() {}\n",
    );
    write(
        &root.join("drivers/bell\u{7}.rs"),
        b"fn f() { unsafe { g() } }\n",
    );
    for (i, name) in HOSTILE_NAMES.iter().enumerate() {
        // Distinct contents: duplicates would be skipped.
        write(&root.join(name), format!("int a{i};\n").as_bytes());
    }
    for name in ["=HYPERLINK(x).c", "+plus.c", "-minus.c", "@at.c"] {
        write(
            &root.join(name),
            format!("int {};\n", name.len()).as_bytes(),
        );
    }
    // Listed as binary in the report, one in a code span, one that a code span cannot hold.
    write(&root.join("[click](https:e.com).bin"), b"\0\x01");
    write(&root.join("a`b.bin"), b"\0\x02");
}

fn run_ok(args: &[&OsStr]) -> String {
    let run = kcensus(args);
    assert!(matches!(run.code, Some(0 | 1)), "{run:?}");
    run.stdout
}

/// No control character but the line feed.
fn assert_no_raw_controls(what: &str, text: &str) {
    let raw: Vec<char> = text
        .chars()
        .filter(|c| c.is_control() && *c != '\n')
        .collect();
    assert!(
        raw.is_empty(),
        "{what}: raw control characters {raw:?} in\n{text}"
    );
}

#[test]
fn control_characters_from_the_tree_are_shown_escaped_in_every_text_output() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    hostile_tree(root);
    let input = root.as_os_str();
    let s = OsStr::new;
    let outputs = [
        ("count", run_ok(&[s("count"), input])),
        (
            "count --by-file",
            run_ok(&[s("count"), s("--by-file"), input]),
        ),
        (
            "count csv",
            run_ok(&[s("count"), s("--by-file"), s("--format"), s("csv"), input]),
        ),
        ("report", run_ok(&[s("report"), s("--no-cache"), input])),
        (
            "report markdown",
            run_ok(&[
                s("report"),
                s("--no-cache"),
                s("--format"),
                s("markdown"),
                input,
            ]),
        ),
        ("lint", run_ok(&[s("lint"), input])),
    ];
    for (what, text) in &outputs {
        assert_no_raw_controls(what, text);
    }
    let by_file = &outputs[1].1;
    for shown in [
        "drivers/\\u{1b}[31mred.c",
        "drivers/bell\\u{7}.c",
        "drivers/cr\\r.c",
        "drivers/c1\\u{9b}2J.c",
    ] {
        assert!(by_file.contains(shown), "{shown} in\n{by_file}");
    }
    assert!(
        outputs[3].1.contains("7.3.0-rc1\\u{1b}[2J"),
        "{}",
        outputs[3].1
    );
    assert!(
        outputs[5]
            .1
            .contains("drivers/bell\\u{7}.rs:1:10: undocumented-unsafe"),
        "{}",
        outputs[5].1
    );

    // CSV: one row per counted file (the CR does not split one), and no cell a spreadsheet
    // would run as a formula.
    let csv = &outputs[2].1;
    let counted = count_json(root)["summary"]["counted"].as_u64().unwrap();
    assert_eq!(csv.lines().count() as u64, counted + 1, "{csv}");
    for line in csv.lines().skip(1) {
        let name = line.split(',').nth(1).unwrap();
        assert!(!name.starts_with(['=', '+', '-', '@']), "{line}");
    }
    for name in ["'=HYPERLINK(x).c", "'+plus.c", "'-minus.c", "'@at.c"] {
        assert!(csv.contains(&format!(",{name},")), "{name} in\n{csv}");
    }

    // Markdown: a path that looks like a link stays in a code span; one with a backtick is
    // escaped text.
    let markdown = &outputs[4].1;
    assert!(
        markdown.contains("`[click](https:e.com).bin`"),
        "{markdown}"
    );
    assert!(markdown.contains("a\\`b.bin"), "{markdown}");
}
