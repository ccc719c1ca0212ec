//! Per-file Rust syntax facts: `unsafe` and its SAFETY documentation, the C boundary
//! (`bindings::` uses, exported symbols), module macros, `mod` declarations.
//!
//! ## Rust parser choice
//!
//! Rust files are parsed with `ra_ap_syntax`, rust-analyzer's parser published on crates.io.
//! It is lossless (every byte, comments and whitespace included, is a token in the tree, so a
//! SAFETY comment can be found next to the code it documents and every node has exact line
//! numbers), error tolerant (a file that does not parse still gives a full tree plus a list of
//! errors, never a failure), pure Rust (no C toolchain), fast (the 496 `.rs` files of 7.3 in
//! about a quarter of a second), and follows current Rust syntax (`unsafe extern` blocks,
//! `#[unsafe(no_mangle)]`). Like any parser that does not expand macros, it leaves the
//! insides of macro invocations and `macro_rules!` bodies as token trees, so a second,
//! token-level pass over those trees finds the `unsafe` blocks, impls and functions written
//! there (much of the kernel's `unsafe` is). `syn` was rejected: it stops at the first error
//! and drops comments, and SAFETY coverage is about comments. `tree-sitter-rust` keeps
//! comments and tolerates errors but needs a C build and lags the language. `ra_ap_syntax`
//! is pinned to an exact version (`=0.0.349`, the newest that builds with rustc 1.95; its
//! minor releases change the API freely); upgrading it is a deliberate change checked by the
//! tests in this module.
//!
//! ## One walk
//!
//! The facts cost little more than the parse because the tree is walked once (`walk.rs`): a
//! preorder over the green tree, which allocates nothing, building a cursor only for a node
//! or token a collector may want (its kind and text tell). Each collector of node facts
//! (exported functions, module macros, `mod` declarations, includes, local `bindings`, lint
//! attributes, plain identifiers used as values) takes its nodes as the walk enters them, so its list comes out in file order,
//! as `descendants()` would give it; the walk's test of a node must be implied by the
//! collector's own (a collector that starts to want other nodes says so in the walk). What
//! needs the whole file runs after the walk, on what the walk kept: the tokens that are not
//! whitespace (kind and range: the SAFETY comment search, code lines, the `bindings::`
//! scan), the `unsafe` keywords of parsed code, the macro token trees whose text holds
//! `unsafe`, and the attributes that allow the sites' lints. The invariants: every token is
//! seen once, in file order; text is read as slices of the file's text (the tree is
//! lossless, so a token's text is the file's text over its range), not copied; and no fact
//! family walks the tree again: what a site still reads of the tree (its ancestors up to the
//! enclosing function or statement, its siblings in a token tree) is bounded by the site.
//! The parser's own validation, run by `Parse::errors()` for [`RustFacts::parse_errors`], is
//! a walk of its own, about half the cost of the parse.
//!
//! The facts are a pure function of the file's bytes ([`rust_facts`]); nothing panics on any
//! input (bytes that are not UTF-8 are read lossily, and a parser panic, which should not
//! happen, is caught and reported as a parse error).

mod context;
mod docs;
mod items;
mod lines;
mod lint_attributes;
mod macros;
mod safe_code;
mod safety;
mod sites;
mod syntax_text;
mod token_trees;
mod tokens;
mod types;
mod unsafety;
mod walk;

use ra_ap_syntax::{AstNode, Edition, SourceFile};

pub use types::{
    BindingsSite, EnclosingModule, ExportAttribute, ExportedFunction, ExportedFunctionValue,
    ModDeclaration, ModuleMacro, ParseError, ParseErrors, RustFacts, SafeCodeKind, SafeCodeSite,
    SafetyCoverage, SafetyLintAttributes, UnsafeCounts, UnsafeKind, UnsafeSite,
    MAX_REPORTED_PARSE_ERRORS,
};

use context::FileContext;
use lines::Lines;
use safety::CommentSearch;

/// Largest file whose Rust facts are extracted. The parser holds about 75 bytes per input
/// byte, so this keeps one file under about 300 MB; the kernel's largest `.rs` file is under
/// 300 KB. A larger file gets empty facts and a parse error saying why.
pub const MAX_PARSED_BYTES: usize = 4 * 1024 * 1024;

/// Bracket nesting up to which a file is parsed on the calling thread. The parser and the
/// syntax tree recurse once per level (about 700 bytes of stack each, measured), and worker
/// threads have 2 MB stacks.
const NESTING_ON_CALLER_STACK: usize = 256;

/// Bracket nesting beyond which a file is not parsed (no real code comes near).
pub const MAX_NESTING: usize = 20_000;

/// Stack given per level of nesting to a file parsed on its own thread, with a safety margin.
const STACK_PER_LEVEL: usize = 4 * 1024;

/// The Rust facts of a file's bytes. Pure; never panics; never fails (see
/// [`RustFacts::parse_errors`]). Deeply nested files are parsed on a thread with a stack
/// sized for them; files beyond [`MAX_PARSED_BYTES`] or [`MAX_NESTING`] are not parsed.
pub fn rust_facts(bytes: &[u8]) -> RustFacts {
    let grep_lines = count_grep_lines(bytes);
    let depth = nesting_depth(bytes);
    let mut facts = if bytes.len() > MAX_PARSED_BYTES {
        unparsed(format!(
            "larger than {} MB: {NOT_EXTRACTED}",
            MAX_PARSED_BYTES / (1024 * 1024)
        ))
    } else if depth > MAX_NESTING {
        unparsed(format!(
            "brackets nested deeper than {MAX_NESTING} levels: {NOT_EXTRACTED}"
        ))
    } else if depth <= NESTING_ON_CALLER_STACK {
        parse_guarded(bytes)
    } else {
        let stack = 8 * 1024 * 1024 + depth * STACK_PER_LEVEL;
        std::thread::scope(|scope| {
            std::thread::Builder::new()
                .name("deep-rust-file".into())
                .stack_size(stack)
                .spawn_scoped(scope, || parse_guarded(bytes))
                .ok()
                .and_then(|thread| thread.join().ok())
        })
        .unwrap_or_else(|| {
            unparsed(format!(
                "no thread with a large enough stack for its nesting: {NOT_EXTRACTED}"
            ))
        })
    };
    facts.grep_lines = grep_lines;
    facts
}

/// Parse and collect, a parser panic (which should not happen) turned into a parse error.
fn parse_guarded(bytes: &[u8]) -> RustFacts {
    let text = String::from_utf8_lossy(bytes);
    std::panic::catch_unwind(|| facts_of_text(&text))
        .unwrap_or_else(|_| unparsed(format!("the Rust parser panicked: {NOT_EXTRACTED}")))
}

/// The words ending the one parse error of a file whose facts were not extracted at all.
pub const NOT_EXTRACTED: &str = "Rust facts not extracted";

/// Why the facts of a file were not extracted at all (too large, nested too deep, the parser
/// failed), without [`NOT_EXTRACTED`]; `None` for a file that was parsed (with or without
/// parse errors). Such a file was not analysed, whatever its (empty) facts say.
pub fn not_extracted_reason(facts: &RustFacts) -> Option<&str> {
    facts.parse_errors.first.iter().find_map(|e| {
        e.message
            .strip_suffix(NOT_EXTRACTED)
            .map(|reason| reason.trim_end_matches([':', ' ']))
    })
}

/// Empty facts with one parse error saying why the file was not parsed.
fn unparsed(message: String) -> RustFacts {
    RustFacts {
        parse_errors: ParseErrors {
            count: 1,
            first: vec![ParseError { line: 1, message }],
        },
        ..RustFacts::default()
    }
}

/// The deepest nesting of `(`, `[` and `{` in the bytes (strings and comments included: an
/// upper bound of the syntax tree's depth).
fn nesting_depth(bytes: &[u8]) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for &b in bytes {
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// Lines containing `unsafe`, as `grep -c unsafe` counts them.
fn count_grep_lines(bytes: &[u8]) -> u32 {
    let finder = memchr::memmem::Finder::new(b"unsafe");
    let count = bytes
        .split(|&b| b == b'\n')
        .filter(|line| finder.find(line).is_some())
        .count();
    u32::try_from(count).unwrap_or(u32::MAX)
}

fn facts_of_text(text: &str) -> RustFacts {
    let parse = SourceFile::parse(text, Edition::Edition2021);
    let root = parse.tree().syntax().clone();
    let lines = Lines::new(text);
    let mut facts = RustFacts::default();
    let walked = walk::walk(&root, text, &lines, &mut facts);
    let context = FileContext {
        comments: CommentSearch::new(&walked.tokens, &lines, text),
        code_lines: lines::code_lines(&walked.tokens, &lines),
        lines: &lines,
        lint_allows: walked.lint_allows,
    };

    let mut block_lines = vec![false; lines.count()];
    unsafety::code_unsafe(
        &walked.unsafe_keywords,
        &context,
        &mut facts,
        &mut block_lines,
    );
    macros::macro_unsafe(&walked.macro_trees, &context, &mut facts, &mut block_lines);
    facts.safety_on_safe_code =
        safe_code::safety_on_safe_code(&walked.safety_comments, &walked.safety_doc_items, &context);
    facts.code_lines_in_unsafe_blocks = u32::try_from(
        block_lines
            .iter()
            .zip(&context.code_lines)
            .filter(|(inside, code)| **inside && **code)
            .count(),
    )
    .unwrap_or(u32::MAX);
    facts.safety.undocumented_block_lines.sort_unstable();
    facts.safety.undocumented_impl_lines.sort_unstable();
    facts
        .unsafe_sites
        .sort_by_key(|site| (site.line, site.column, site.kind));

    for (offset, name) in items::bindings_use_sites(&walked.tokens, text) {
        *facts.bindings_uses.entry(name.clone()).or_insert(0) += 1;
        facts.bindings_sites.push(BindingsSite {
            line: lines.number_of(offset),
            column: lines.column_of(offset),
            name,
        });
    }
    facts.kernel_paths = items::kernel_paths(&walked.tokens, text);
    facts.exported_function_values =
        items::exported_function_values(&walked.path_values, &facts.exported_functions, &lines);
    facts.file_lint_allows = lint_attributes::file_lint_allows(&root);
    facts.inner_doc_summary = items::inner_doc_summary(&root);

    let errors = parse.errors();
    facts.parse_errors = ParseErrors {
        count: u32::try_from(errors.len()).unwrap_or(u32::MAX),
        first: errors
            .iter()
            .take(MAX_REPORTED_PARSE_ERRORS)
            .map(|error| ParseError {
                line: lines.number_of(usize::from(error.range().start())),
                message: error.to_string(),
            })
            .collect(),
    };
    facts
}

#[cfg(test)]
mod clippy_cases;
#[cfg(test)]
mod tests;
