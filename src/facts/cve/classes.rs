//! The class of a CVE record from its title and description: a keyword table, as data.
//!
//! Every phrase of [`KEYWORDS`] names one class. The text is searched for all of them
//! (ASCII case-insensitive, a phrase must start at a word boundary); where two hits overlap,
//! the one that starts first wins, and of two starting together the longer, so that
//! `shift-out-of-bounds` (an undefined shift, [`Class::Other`]) is not read as
//! `out-of-bounds`, nor `info leak` (uninitialised memory reaching user space) as a leak of a
//! resource. A record has every class one of its phrases names; [`Class::Other`] only when
//! no other class is named; [`Class::Unclassified`] when the text names none: never a guess.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// What kind of bug a record fixes.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
pub enum Class {
    /// Use-after-free, out-of-bounds access, buffer overflow, NULL dereference, double free,
    /// uninitialised memory, data race.
    MemorySafety,
    /// Deadlock, a race without memory corruption, locking in the wrong context.
    Concurrency,
    /// Memory, reference count or other resource leaks.
    ResourceLeak,
    /// A named defect of another kind (a warning, an infinite loop, an integer overflow, a
    /// missing check).
    Other,
    /// The text does not say.
    Unclassified,
}

impl Class {
    /// Every class, in order of precedence (the first of a record's classes is its primary).
    pub const ALL: [Class; 5] = [
        Class::MemorySafety,
        Class::Concurrency,
        Class::ResourceLeak,
        Class::Other,
        Class::Unclassified,
    ];

    /// The class's name in reports and fixtures.
    pub fn name(self) -> &'static str {
        match self {
            Class::MemorySafety => "memory safety",
            Class::Concurrency => "concurrency",
            Class::ResourceLeak => "resource leak",
            Class::Other => "other",
            Class::Unclassified => "unclassified",
        }
    }

    /// The class named `name` ([`Class::name`]).
    pub fn from_name(name: &str) -> Option<Class> {
        Class::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// The keyword table: each phrase and the class it names. Phrases are lower case; matching
/// ignores ASCII case. A phrase that should not count (an undefined shift spelled like an
/// out-of-bounds access) names the class it really is, and wins by being longer.
pub static KEYWORDS: &[(&str, Class)] = &[
    // Memory safety.
    ("use-after-free", Class::MemorySafety),
    ("use after free", Class::MemorySafety),
    ("use-after-scope", Class::MemorySafety),
    ("uaf", Class::MemorySafety),
    ("out-of-bounds", Class::MemorySafety),
    ("out of bounds", Class::MemorySafety),
    ("out-of-bound", Class::MemorySafety),
    ("out of bound", Class::MemorySafety),
    ("buffer overflow", Class::MemorySafety),
    ("buffer overrun", Class::MemorySafety),
    ("heap overflow", Class::MemorySafety),
    ("stack overflow", Class::MemorySafety),
    ("overrun", Class::MemorySafety),
    ("overread", Class::MemorySafety),
    ("over-read", Class::MemorySafety),
    ("overflows the buffer", Class::MemorySafety),
    ("beyond the end", Class::MemorySafety),
    ("past the end", Class::MemorySafety),
    ("null pointer dereference", Class::MemorySafety),
    ("null-pointer dereference", Class::MemorySafety),
    ("null pointer deref", Class::MemorySafety),
    ("null-ptr-deref", Class::MemorySafety),
    ("null ptr deref", Class::MemorySafety),
    ("null dereference", Class::MemorySafety),
    ("null deref", Class::MemorySafety),
    ("dereferencing a null", Class::MemorySafety),
    ("dereference a null", Class::MemorySafety),
    ("dereferences a null", Class::MemorySafety),
    ("null pointer access", Class::MemorySafety),
    ("dereference of null", Class::MemorySafety),
    ("double free", Class::MemorySafety),
    ("double-free", Class::MemorySafety),
    ("freed twice", Class::MemorySafety),
    ("invalid free", Class::MemorySafety),
    ("invalid-free", Class::MemorySafety),
    ("uninit", Class::MemorySafety),
    ("kmsan", Class::MemorySafety),
    ("infoleak", Class::MemorySafety),
    ("info leak", Class::MemorySafety),
    ("information leak", Class::MemorySafety),
    ("leak kernel memory", Class::MemorySafety),
    ("leaks kernel memory", Class::MemorySafety),
    ("leak of kernel memory", Class::MemorySafety),
    ("leaking kernel memory", Class::MemorySafety),
    ("data race", Class::MemorySafety),
    ("data-race", Class::MemorySafety),
    ("kcsan", Class::MemorySafety),
    ("wild-memory-access", Class::MemorySafety),
    ("memory corruption", Class::MemorySafety),
    ("corrupts memory", Class::MemorySafety),
    ("invalid memory access", Class::MemorySafety),
    ("dangling pointer", Class::MemorySafety),
    ("stale pointer", Class::MemorySafety),
    ("freed memory", Class::MemorySafety),
    ("already freed", Class::MemorySafety),
    ("after it has been freed", Class::MemorySafety),
    ("after being freed", Class::MemorySafety),
    ("after it was freed", Class::MemorySafety),
    ("bad page", Class::MemorySafety),
    // Other concurrency.
    ("deadlock", Class::Concurrency),
    ("dead lock", Class::Concurrency),
    ("livelock", Class::Concurrency),
    ("race", Class::Concurrency),
    ("racy", Class::Concurrency),
    ("racing", Class::Concurrency),
    ("circular locking", Class::Concurrency),
    ("recursive locking", Class::Concurrency),
    ("lock inversion", Class::Concurrency),
    ("lock ordering", Class::Concurrency),
    ("abba", Class::Concurrency),
    (
        "sleeping function called from invalid context",
        Class::Concurrency,
    ),
    ("scheduling while atomic", Class::Concurrency),
    ("sleep in atomic", Class::Concurrency),
    ("sleeping in atomic", Class::Concurrency),
    ("inconsistent lock state", Class::Concurrency),
    ("suspicious rcu_dereference", Class::Concurrency),
    ("concurrent", Class::Concurrency),
    ("concurrently", Class::Concurrency),
    // Resource leaks.
    ("leak", Class::ResourceLeak),
    ("memleak", Class::ResourceLeak),
    ("kmemleak", Class::ResourceLeak),
    ("not freed", Class::ResourceLeak),
    ("never freed", Class::ResourceLeak),
    ("never released", Class::ResourceLeak),
    // Other named defects.
    ("shift-out-of-bounds", Class::Other),
    ("shift out of bounds", Class::Other),
    ("warning", Class::Other),
    ("warn_on", Class::Other),
    ("kernel bug", Class::Other),
    ("bug_on", Class::Other),
    ("infinite loop", Class::Other),
    ("endless loop", Class::Other),
    ("soft lockup", Class::Other),
    ("hung task", Class::Other),
    ("hang", Class::Other),
    ("integer overflow", Class::Other),
    ("integer underflow", Class::Other),
    ("signed-integer-overflow", Class::Other),
    ("divide error", Class::Other),
    ("division by zero", Class::Other),
    ("divide by zero", Class::Other),
    ("divide-by-zero", Class::Other),
    ("underflow", Class::Other),
    ("overflow", Class::Other),
    ("incorrect", Class::Other),
    ("wrong", Class::Other),
    ("missing check", Class::Other),
    ("missing validation", Class::Other),
    ("invalid", Class::Other),
    ("crash", Class::Other),
    ("panic", Class::Other),
    ("oops", Class::Other),
    ("timeout", Class::Other),
    ("stall", Class::Other),
];

fn matcher() -> &'static AhoCorasick {
    static MATCHER: OnceLock<AhoCorasick> = OnceLock::new();
    MATCHER.get_or_init(|| {
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(KEYWORDS.iter().map(|(phrase, _)| phrase))
            .expect("the keyword table builds")
    })
}

/// The phrases of [`KEYWORDS`] found in `text`, as (start, end, class), overlaps resolved:
/// the earliest start wins, then the longest.
pub fn hits(text: &str) -> Vec<(usize, usize, Class)> {
    let bytes = text.as_bytes();
    let mut found: Vec<(usize, usize, Class)> = matcher()
        .find_overlapping_iter(text)
        .filter(|m| m.start() == 0 || !bytes[m.start() - 1].is_ascii_alphanumeric())
        .map(|m| (m.start(), m.end(), KEYWORDS[m.pattern().as_usize()].1))
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut kept: Vec<(usize, usize, Class)> = Vec::new();
    for hit in found {
        if kept.last().is_none_or(|last| hit.0 >= last.1) {
            kept.push(hit);
        }
    }
    kept
}

/// The classes a record's text names, in order of precedence: memory safety, concurrency and
/// resource leak as found; `other` alone when only other defects are named; `unclassified`
/// when nothing is.
pub fn classify(title: &str, description: &str) -> Vec<Class> {
    let mut classes: Vec<Class> = hits(title)
        .into_iter()
        .chain(hits(description))
        .map(|(_, _, class)| class)
        .collect();
    classes.sort();
    classes.dedup();
    if classes.len() > 1 {
        classes.retain(|c| *c != Class::Other);
    }
    if classes.is_empty() {
        classes.push(Class::Unclassified);
    }
    classes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_family_is_named() {
        let cases = [
            ("net: fix use-after-free in foo", Class::MemorySafety),
            ("BUG: KASAN: slab-out-of-bounds in bar", Class::MemorySafety),
            ("fix NULL pointer dereference on probe", Class::MemorySafety),
            ("KMSAN: uninit-value in baz", Class::MemorySafety),
            ("fix a data race on x->y", Class::MemorySafety),
            ("fix ABBA deadlock", Class::Concurrency),
            ("fix a race between open and close", Class::Concurrency),
            ("fix memory leak in probe error path", Class::ResourceLeak),
            ("fix refcount leak", Class::ResourceLeak),
            ("UBSAN: shift-out-of-bounds in qux", Class::Other),
            ("avoid infinite loop", Class::Other),
            ("net: foo: add the bar register", Class::Unclassified),
        ];
        for (text, class) in cases {
            assert_eq!(classify(text, "")[0], class, "{text}");
        }
    }

    #[test]
    fn words_must_start_at_a_boundary_and_overlaps_go_to_the_longer() {
        // "trace" and "grace period" hold "race"; "kernel-infoleak" holds "leak".
        assert_eq!(
            classify("fix the trace of a grace period", ""),
            vec![Class::Unclassified]
        );
        assert_eq!(
            classify("BUG: KMSAN: kernel-infoleak in foo", ""),
            vec![Class::MemorySafety]
        );
        assert_eq!(
            classify("fix a race that leads to use-after-free", "and a leak"),
            vec![Class::MemorySafety, Class::Concurrency, Class::ResourceLeak]
        );
        assert_eq!(
            classify("fix warning", "a WARN_ON fires"),
            vec![Class::Other]
        );
    }

    #[test]
    fn class_names_round_trip() {
        for class in Class::ALL {
            assert_eq!(Class::from_name(class.name()), Some(class));
        }
        assert_eq!(Class::from_name("memory"), None);
    }
}
