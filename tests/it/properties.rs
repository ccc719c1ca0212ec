//! Properties of the counting, for any input (proptest):
//!
//! - every language's counter gives blank + comment + code = the number of lines cloc reads
//!   (newline-terminated lines, plus a last line without a newline), on bytes drawn to hit
//!   comment markers, quotes, continuations, carriage returns and byte-order marks;
//! - the whole pipeline for a file (binary test, classification, counting) keeps that sum;
//! - a tree split into two inputs gives, summed, the totals of the whole tree.
//!
//! Cases are few and small so that the suite takes seconds; a failing case is shrunk and
//! printed by proptest.

use kcensus::facts::languages::LANGUAGES;
use kcensus::facts::{cloc, file_facts, FileFacts, LineCounts};
use kcensus::model::{Census, CensusOptions};
use kcensus::source::{Source, SourceOptions, DEFAULT_MAX_FILE_SIZE};
use proptest::prelude::*;
use std::path::Path;
use std::sync::atomic::AtomicUsize;

/// Lines as cloc reads them: newline-terminated lines, plus a last line without one.
fn cloc_lines(bytes: &[u8]) -> u64 {
    let newlines = bytes.iter().filter(|&&b| b == b'\n').count() as u64;
    newlines + u64::from(!bytes.is_empty() && !bytes.ends_with(b"\n"))
}

/// Pieces of text that steer the comment filters of cloc's languages, and any byte.
fn piece() -> impl Strategy<Value = Vec<u8>> {
    let pieces: Vec<&'static [u8]> = vec![
        b"\n",
        b"\r\n",
        b"\r",
        b" ",
        b"\t",
        b"\\",
        b"\\\n",
        b"//",
        b"/*",
        b"*/",
        b"#",
        b"--",
        b";",
        b"%",
        b"'",
        b"\"",
        b"\"\"\"",
        b"'''",
        b"<!--",
        b"-->",
        b"{-",
        b"-}",
        b"(*",
        b"*)",
        b"=begin",
        b"=end",
        b"=pod",
        b"=cut",
        b"!",
        b"...",
        b"0",
        b"rem ",
        b"dnl ",
        b"#!/bin/sh\n",
        b"\xef\xbb\xbf",
        b"int a;",
        b"x",
        b"\0",
    ];
    prop_oneof![
        4 => proptest::sample::select(pieces).prop_map(<[u8]>::to_vec),
        1 => any::<u8>().prop_map(|b| vec![b]),
    ]
}

/// A file's bytes, made of [`piece`]s.
fn text(max_pieces: usize) -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(piece(), 0..max_pieces).prop_map(|pieces| pieces.concat())
}

/// File names that reach the classifier's branches: extensions, exact names, content
/// heuristics (`.pl`, `.m`, `.inc`, `.ui`) and a `#!` line for a name without extension.
const NAMES: &[&str] = &[
    "a.c", "a.h", "a.rs", "Makefile", "Kbuild", "a.py", "a.sh", "a.pl", "a.m", "a.inc", "a.ui",
    "a.S", "a.rst", "a.yaml", "a.json", "a.awk", "a.xml", "a.html", "a.lds", "script", "a.tex",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn every_language_counts_every_line_once(bytes in text(40)) {
        let lines = cloc_lines(&bytes);
        for language in LANGUAGES {
            let counts = cloc::count(language, &bytes);
            prop_assert_eq!(counts.lines(), lines, "{}: {:?}", language.name, counts);
        }
    }

    #[test]
    fn file_facts_count_every_line_once(bytes in text(40), name in proptest::sample::select(NAMES)) {
        if let FileFacts::Counted { language, lines } = file_facts(name, &bytes) {
            prop_assert_eq!(lines.lines(), cloc_lines(&bytes), "{} as {}", name, language.name);
        }
    }
}

/// The census of a directory: totals, and the number of files counted.
fn census_of(dir: &Path) -> (LineCounts, u64) {
    let options = SourceOptions {
        max_file_size: DEFAULT_MAX_FILE_SIZE,
        ..SourceOptions::default()
    };
    let source = Source::open(dir, None, &options).expect("the folder opens");
    let census = Census::take(&source, &CensusOptions::default(), &AtomicUsize::new(0))
        .expect("the census is taken");
    let total = census.total();
    (total.lines, total.files)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn a_tree_split_in_two_sums_to_the_whole(
        files in proptest::collection::vec(
            (proptest::sample::select(NAMES), text(30), any::<bool>()),
            0..24,
        ),
    ) {
        let whole = tempfile::tempdir().unwrap();
        let left = tempfile::tempdir().unwrap();
        let right = tempfile::tempdir().unwrap();
        for (index, (name, bytes, goes_left)) in files.iter().enumerate() {
            // Distinct content in every file: identical files are counted once in a tree
            // (cloc's rule), which a split would undo.
            let mut content = format!("{index}\n").into_bytes();
            content.extend_from_slice(bytes);
            let path = format!("d{index}/{name}");
            for root in [whole.path(), if *goes_left { left.path() } else { right.path() }] {
                std::fs::create_dir_all(root.join(format!("d{index}"))).unwrap();
                std::fs::write(root.join(&path), &content).unwrap();
            }
        }
        let (whole_lines, whole_files) = census_of(whole.path());
        let (mut lines, left_files) = census_of(left.path());
        let (right_lines, right_files) = census_of(right.path());
        lines.add(&right_lines);
        prop_assert_eq!(lines, whole_lines);
        prop_assert_eq!(left_files + right_files, whole_files);
    }
}
