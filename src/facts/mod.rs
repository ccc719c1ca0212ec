//! Per-file facts: pure functions of a file's path and bytes, cacheable by content hash.
//!
//! The file's language and its cloc-exact line counts ([`classify`], [`cloc`], the language
//! table in [`languages`]), the Rust facts of a `.rs` file ([`rust`]), and which of a set of
//! symbols a C file calls ([`calls`]), and every name a C file calls and defines
//! ([`c_calls`]). Nothing here sees another file or the file system.

pub mod ambiguous;
mod ambiguous_newer;
mod byte_set;
pub mod c;
pub mod c_calls;
pub mod c_functions;
pub mod c_references;
pub mod calls;
pub mod classify;
pub mod cloc;
mod cloc_filters;
mod cloc_filters_newer;
pub mod cve;
pub mod languages;
pub mod line_hash;
mod perl;
pub mod rust;

pub use classify::{classify, classify_as, looks_binary, Classification};
pub use cloc::LineCounts;
pub use languages::ClocVersion;
pub use languages::Language;

/// What kcensus knows about one file from its name and bytes alone.
#[derive(Debug, Clone)]
pub enum FileFacts {
    /// A file in a counted language.
    Counted {
        /// The language.
        language: &'static Language,
        /// Its lines.
        lines: LineCounts,
    },
    /// A file that is not counted, and why.
    NotCounted(&'static str),
}

/// The reasons for which a file is not counted because, by cloc's rules, it is not source code
/// in a language cloc counts, or holds nothing to count. Every other reason (a binary or
/// unreadable file, a symbolic link, a language without counting rules, ...) means a file
/// that may hold code the totals do not include.
pub const NOT_SOURCE_REASONS: &[&str] = &[
    "unknown language",
    "not code (by extension)",
    "documentation file name",
    "editor backup file",
    "empty file",
];

/// The facts of one file by cloc 1.96's rules. Empty and binary files are not counted, as in
/// cloc.
pub fn file_facts(path: &str, bytes: &[u8]) -> FileFacts {
    file_facts_as(ClocVersion::default(), path, bytes)
}

/// The facts of one file by the rules of cloc `version` (its language table; the line
/// counting and the test for binary files are the same in every version kcensus reproduces).
pub fn file_facts_as(version: ClocVersion, path: &str, bytes: &[u8]) -> FileFacts {
    if bytes.is_empty() {
        return FileFacts::NotCounted("empty file");
    }
    if looks_binary(bytes) {
        return FileFacts::NotCounted("binary file");
    }
    match classify_as(version, path, bytes) {
        Classification::Counted(language) => FileFacts::Counted {
            language,
            lines: cloc::count_file(language, path, bytes),
        },
        Classification::NotCounted(reason) => FileFacts::NotCounted(reason),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each reason of [`NOT_SOURCE_REASONS`] is one `file_facts` gives, word for word (the
    /// report sorts skipped paths by these words).
    #[test]
    fn not_source_reasons_are_the_words_file_facts_uses() {
        let given: Vec<&str> = [
            ("Kbuild", &b"obj-y += a.o\n"[..]),
            ("a.gitignore", b"*.o\n"),
            ("README", b"text\n"),
            ("a.c~", b"int a;\n"),
            ("a.c", b""),
        ]
        .into_iter()
        .map(|(path, bytes)| match file_facts(path, bytes) {
            FileFacts::NotCounted(reason) => reason,
            FileFacts::Counted { .. } => panic!("{path} is counted"),
        })
        .collect();
        assert_eq!(given, NOT_SOURCE_REASONS);
    }
}
