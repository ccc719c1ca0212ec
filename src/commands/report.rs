//! `kcensus report`: the Rust census of a kernel tree.

use super::progress::Progress;
use crate::facts::rust::{rust_facts, RustFacts};
use crate::facts::FileFacts;
use crate::model::report::{build, is_knowledge_file, Report, ReportInput};
use crate::model::{Census, CensusOptions};
use crate::source::{Entry, Source, SourceOptions};
use anyhow::Result;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

/// Output formats of `kcensus report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// A summary for a terminal.
    Table,
    /// A complete Markdown article.
    Markdown,
    /// Everything, as JSON (see SCHEMA.md).
    Json,
    /// A self-contained page with charts and sortable tables (works offline).
    Html,
}

/// Arguments of `kcensus report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// A kernel tree: a directory, a tarball, or a git repository with --rev.
    pub input: PathBuf,
    /// Read a git repository at this revision.
    #[arg(long)]
    pub rev: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: ReportFormat,
}

/// Identifier bytes from most to least frequent in kernel C sources (measured on Linux 7.3);
/// used to anchor each symbol's search on its rarest bytes.
const IDENTIFIER_BYTES_BY_FREQUENCY: &[u8] =
    b"e_trisan0cdolpufmxhvEgbTRAw1CISkDL2NPMOyF38GBU4q6H5WX9VK7zYjQZJ";

/// How common a byte is in C identifiers (higher is more common).
fn commonness(b: u8) -> usize {
    let rank = IDENTIFIER_BYTES_BY_FREQUENCY.iter().position(|&c| c == b);
    rank.map_or(0, |r| IDENTIFIER_BYTES_BY_FREQUENCY.len() - r)
}

/// Width of the anchor searched for in each symbol.
const ANCHOR: usize = 4;

/// The symbols Rust exports, searched for in C files, and the C files found calling each.
///
/// A scan for the symbols themselves is slow: their first bytes (`rus`, `drm`, `tes`) are
/// everywhere in C. Each symbol is instead anchored on its rarest four-byte window (`qr_g` in
/// `drm_panic_qr_generate`), all anchors are found in one Aho-Corasick pass, and each hit is
/// checked for the whole symbol around it.
struct CallerSearch {
    symbols: Vec<String>,
    /// For each anchor pattern, the (symbol index, anchor offset in the symbol) it stands for.
    anchors: Vec<Vec<(usize, usize)>>,
    automaton: Option<Anchors>,
    found: Mutex<BTreeMap<String, Vec<String>>>,
}

/// The anchor matcher: Teddy (SIMD, for a few short patterns) where the CPU has it, a plain
/// Aho-Corasick automaton otherwise.
enum Anchors {
    Packed(aho_corasick::packed::Searcher),
    Automaton(aho_corasick::AhoCorasick),
}

impl Anchors {
    fn new(patterns: &[Vec<u8>]) -> Option<Anchors> {
        if patterns.is_empty() {
            return None;
        }
        if let Some(searcher) = aho_corasick::packed::Searcher::new(patterns) {
            return Some(Anchors::Packed(searcher));
        }
        aho_corasick::AhoCorasick::new(patterns)
            .ok()
            .map(Anchors::Automaton)
    }

    fn find(&self, haystack: &[u8], from: usize) -> Option<aho_corasick::Match> {
        match self {
            Anchors::Packed(s) => {
                s.find_in(haystack, aho_corasick::Span::from(from..haystack.len()))
            }
            Anchors::Automaton(a) => a.find(aho_corasick::Input::new(haystack).range(from..)),
        }
    }
}

impl CallerSearch {
    fn new(rust: &BTreeMap<String, RustFacts>) -> CallerSearch {
        let mut symbols: Vec<String> = rust
            .values()
            .flat_map(|f| f.exported_functions.iter().map(|e| e.symbol.clone()))
            .collect();
        symbols.sort();
        symbols.dedup();
        let mut patterns: Vec<Vec<u8>> = Vec::new();
        let mut anchors: Vec<Vec<(usize, usize)>> = Vec::new();
        for (index, symbol) in symbols.iter().enumerate() {
            let bytes = symbol.as_bytes();
            let width = ANCHOR.min(bytes.len());
            let offset = (0..=bytes.len() - width)
                .min_by_key(|&at| {
                    bytes[at..at + width]
                        .iter()
                        .map(|&b| commonness(b))
                        .sum::<usize>()
                })
                .unwrap_or(0);
            let window = bytes[offset..offset + width].to_vec();
            match patterns.iter().position(|p| *p == window) {
                Some(at) => anchors[at].push((index, offset)),
                None => {
                    patterns.push(window);
                    anchors.push(vec![(index, offset)]);
                }
            }
        }
        let automaton = Anchors::new(&patterns);
        CallerSearch {
            symbols,
            anchors,
            automaton,
            found: Mutex::default(),
        }
    }

    fn look_at(&self, path: &str, bytes: &[u8]) {
        let Some(automaton) = &self.automaton else {
            return;
        };
        if !path.ends_with(".c") {
            return;
        }
        let mut called = vec![false; self.symbols.len()];
        // Every anchor occurrence, overlapping ones included: restart one byte after each hit.
        let mut from = 0;
        while let Some(m) = automaton.find(bytes, from) {
            from = m.start() + 1;
            for &(index, offset) in &self.anchors[m.pattern().as_usize()] {
                let Some(start) = m.start().checked_sub(offset) else {
                    continue;
                };
                let symbol = self.symbols[index].as_bytes();
                let end = start + symbol.len();
                if bytes.get(start..end) == Some(symbol) && is_call(bytes, start, end) {
                    called[index] = true;
                }
            }
        }
        if called.iter().any(|&c| c) {
            let mut found = self.found.lock().unwrap_or_else(|e| e.into_inner());
            for (index, _) in called.iter().enumerate().filter(|(_, &c)| c) {
                found
                    .entry(self.symbols[index].clone())
                    .or_default()
                    .push(path.to_string());
            }
        }
    }

    fn finish(self) -> BTreeMap<String, Vec<String>> {
        let mut found = self.found.into_inner().unwrap_or_else(|e| e.into_inner());
        for callers in found.values_mut() {
            callers.sort();
        }
        found
    }
}

/// What one pass over a tree collects for the report and for lint.
pub struct TreeRead {
    /// The line census.
    pub census: Census,
    /// Rust facts of every `.rs` file (cloc's Rust), by path.
    pub rust: BTreeMap<String, RustFacts>,
    /// Bytes of the knowledge files ([`is_knowledge_file`]), by path.
    pub kept: BTreeMap<String, Vec<u8>>,
    /// Bytes of the `.rs` files, by path (only when asked for).
    pub rust_sources: BTreeMap<String, Vec<u8>>,
    /// C files calling each symbol Rust exports (only when asked for).
    pub c_callers: BTreeMap<String, Vec<String>>,
}

/// What [`read_tree`] collects beyond the census, Rust facts and knowledge files.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// Search C files for callers of the functions Rust exports.
    pub c_callers: bool,
    /// Keep the bytes of `.rs` files (lint shows source lines).
    pub rust_sources: bool,
}

/// Read `source` in one pass: Rust files and the tree's knowledge files are read first, so
/// that the symbols Rust exports are known when the C files go by and their callers are found
/// while the C bytes are in memory. A tarball cannot be read in that order; its C files are
/// read a second time for callers.
pub fn read_tree(source: &Source, options: ReadOptions) -> Result<TreeRead> {
    let progress = Progress::start(source.label());
    let rust: Mutex<BTreeMap<String, RustFacts>> = Mutex::default();
    let kept: Mutex<BTreeMap<String, Vec<u8>>> = Mutex::default();
    let rust_sources: Mutex<BTreeMap<String, Vec<u8>>> = Mutex::default();
    let search: std::sync::OnceLock<CallerSearch> = std::sync::OnceLock::new();
    let first = |path: &str| path.ends_with(".rs") || is_knowledge_file(path);
    let (census, ordered) = Census::take_ordered(
        source,
        &CensusOptions::default(),
        &progress.files,
        &first,
        |file, facts| {
            if let FileFacts::Counted { language, .. } = facts {
                if language.name == "Rust" {
                    let f = rust_facts(&file.bytes);
                    rust.lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert(file.path.clone(), f);
                    if options.rust_sources {
                        rust_sources
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .insert(file.path.clone(), file.bytes.clone());
                    }
                }
            }
            if is_knowledge_file(&file.path) {
                kept.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(file.path.clone(), file.bytes.clone());
            }
            if let Some(search) = search.get() {
                search.look_at(&file.path, &file.bytes);
            }
        },
        &mut || {
            if options.c_callers {
                let rust = rust.lock().unwrap_or_else(|e| e.into_inner());
                let _ = search.set(CallerSearch::new(&rust));
            }
        },
    )?;
    let rust = rust.into_inner().unwrap_or_else(|e| e.into_inner());
    let kept = kept.into_inner().unwrap_or_else(|e| e.into_inner());
    let rust_sources = rust_sources.into_inner().unwrap_or_else(|e| e.into_inner());
    let c_callers = if !options.c_callers {
        BTreeMap::new()
    } else if ordered {
        search
            .into_inner()
            .map(CallerSearch::finish)
            .unwrap_or_default()
    } else {
        let search = CallerSearch::new(&rust);
        if search.automaton.is_some() {
            source.for_each(|entry| {
                if let Entry::File(file) = entry {
                    search.look_at(&file.path, &file.bytes);
                }
            })?;
        }
        search.finish()
    };
    drop(progress);
    Ok(TreeRead {
        census,
        rust,
        kept,
        rust_sources,
        c_callers,
    })
}

impl TreeRead {
    /// The report of the tree read.
    pub fn report(&self) -> Report {
        build(&ReportInput {
            census: &self.census,
            rust: &self.rust,
            kept: &self.kept,
            c_callers: &self.c_callers,
        })
    }
}

/// Take the census of `source`: one [`read_tree`] pass, C callers included.
pub fn take_report(source: &Source) -> Result<Report> {
    let read = read_tree(
        source,
        ReadOptions {
            c_callers: true,
            rust_sources: false,
        },
    )?;
    Ok(read.report())
}

/// Whether the match at `start..end` is a whole identifier followed by `(` (spaces allowed).
fn is_call(bytes: &[u8], start: usize, end: usize) -> bool {
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let before_ok = start == 0 || !ident(bytes[start - 1]);
    let rest = &bytes[end..];
    let after = rest.iter().position(|&b| b != b' ' && b != b'\t');
    before_ok && after.is_some_and(|i| rest[i] == b'(')
}

/// Run `kcensus report` and return its output.
pub fn run(args: &ReportArgs) -> Result<String> {
    let options = SourceOptions {
        max_file_size: crate::source::DEFAULT_MAX_FILE_SIZE,
        ..Default::default()
    };
    let source = Source::open(&args.input, args.rev.as_deref(), &options)?;
    let report = take_report(&source)?;
    Ok(match args.format {
        ReportFormat::Table => crate::render::report::table(&report),
        ReportFormat::Markdown => crate::render::report::markdown(&report),
        ReportFormat::Json => crate::render::report::json(&report),
        ReportFormat::Html => crate::render::html::report::page(&report),
    })
}
