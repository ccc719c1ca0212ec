//! A small hand-written tree for the analyses' unit tests: `.rs` files get their facts from
//! the real facts parser, every file is counted with one code line per non-empty line, and
//! build files are kept as knowledge files.

use super::{is_knowledge_file, Counted, ReportInput};
use crate::facts::rust::{rust_facts, RustFacts};
use crate::facts::LineCounts;
use crate::model::census::{Census, CountedFile};
use crate::source::BlobId;
use std::collections::BTreeMap;

/// A tree of files given as (path, text).
pub(super) struct Tree {
    census: Census,
    rust: BTreeMap<String, RustFacts>,
    kept: BTreeMap<String, Vec<u8>>,
    c_callers: BTreeMap<String, Vec<String>>,
    rust_blobs: BTreeMap<String, BlobId>,
    c_facts: BTreeMap<String, crate::facts::c::CFacts>,
    c_calls: BTreeMap<String, crate::facts::c_calls::CCalls>,
}

impl Tree {
    /// The tree of these files; `.rs` files are Rust, `.c` files C, and knowledge files are
    /// kept (and not counted, as they would be `make` or text).
    pub(super) fn new(files: &[(&str, &str)]) -> Tree {
        let mut census = Census::default();
        let mut rust = BTreeMap::new();
        let mut kept = BTreeMap::new();
        for &(path, text) in files {
            if is_knowledge_file(path) {
                kept.insert(path.to_string(), text.as_bytes().to_vec());
            }
            let language = if path.ends_with(".rs") {
                rust.insert(path.to_string(), rust_facts(text.as_bytes()));
                "Rust"
            } else if path.ends_with(".c") {
                "C"
            } else {
                continue;
            };
            let code = text.lines().filter(|l| !l.trim().is_empty()).count() as u64;
            census.files.push(CountedFile {
                path: path.to_string(),
                language,
                lines: LineCounts {
                    blank: text.lines().count() as u64 - code,
                    comment: 0,
                    code,
                },
            });
        }
        census.files.sort_by(|a, b| a.path.cmp(&b.path));
        Tree {
            census,
            rust,
            kept,
            c_callers: BTreeMap::new(),
            rust_blobs: BTreeMap::new(),
            c_facts: BTreeMap::new(),
            c_calls: BTreeMap::new(),
        }
    }

    /// Record the C files that call a symbol.
    pub(super) fn with_callers(mut self, symbol: &str, callers: &[&str]) -> Tree {
        self.c_callers.insert(
            symbol.to_string(),
            callers.iter().map(ToString::to_string).collect(),
        );
        self
    }

    /// Add the C facts of a C file or header, with (for a C file) its references to the
    /// names the tree's Rust exports, as the C pass gathers them.
    pub(super) fn with_c_file(mut self, path: &str, text: &str) -> Tree {
        use crate::facts::c_references::{references, stems};
        let exported: Vec<String> = self
            .rust
            .values()
            .flat_map(|f| f.exported_functions.iter().map(|e| e.symbol.clone()))
            .collect();
        let no_names = crate::facts::calls::SymbolSearch::new(Vec::new());
        let mut facts = crate::facts::c::c_facts(path, text.as_bytes(), &no_names);
        if path.ends_with(".c") {
            let search = crate::facts::calls::SymbolSearch::new(stems(&exported));
            let is_exported = |name: &str| exported.iter().any(|e| e == name);
            facts.references = references(text.as_bytes(), &search, &is_exported);
        }
        self.c_facts.insert(path.to_string(), facts);
        self
    }

    /// The report's input over this tree.
    pub(super) fn input(&self) -> ReportInput<'_> {
        ReportInput {
            census: &self.census,
            rust: &self.rust,
            kept: &self.kept,
            c_callers: &self.c_callers,
            rust_blobs: &self.rust_blobs,
            c_facts: &self.c_facts,
            c_searched: &[],
            c_calls: &self.c_calls,
            prepared: None,
        }
    }

    /// The counted Rust files' lines.
    pub(super) fn counted(&self) -> Counted<'_> {
        self.census
            .files
            .iter()
            .filter(|f| f.language == "Rust")
            .map(|f| (f.path.as_str(), &f.lines))
            .collect()
    }
}
