//! Per-file facts: pure functions of a file's path and bytes, cacheable by content hash.
//!
//! For now: the file's language and its cloc-exact line counts.

pub mod calls;
pub mod classify;
pub mod cloc;
pub mod languages;
pub mod rust;

pub use classify::{classify, looks_binary, Classification};
pub use cloc::LineCounts;
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

/// The facts of one file. Empty and binary files are not counted, as in cloc.
pub fn file_facts(path: &str, bytes: &[u8]) -> FileFacts {
    if bytes.is_empty() {
        return FileFacts::NotCounted("empty file");
    }
    if looks_binary(bytes) {
        return FileFacts::NotCounted("binary file");
    }
    match classify(path, bytes) {
        Classification::Counted(language) => FileFacts::Counted {
            language,
            lines: cloc::count(language, bytes),
        },
        Classification::NotCounted(reason) => FileFacts::NotCounted(reason),
    }
}
