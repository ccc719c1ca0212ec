//! C-side facts for Rust's reach into the C API: pure functions of a C, header or assembly
//! file's bytes (and, for definitions, of the set of names searched for), so they are computed
//! while the C pass holds the bytes and cached with the caller search (`facts::calls`).
//!
//! - [`exports`]: every `EXPORT_SYMBOL*(name)` (all variants: `_GPL`, `_NS`, `_NS_GPL`,
//!   `_FOR_MODULES`, `_IF_KUNIT`, ...), with its line and whether `name` is a function or a
//!   variable, told from its definition in the same file. `memmem` (SIMD) finds the few hits;
//!   only they are parsed.
//! - [`struct_definitions`]: the names of the `struct NAME {` a header defines.
//! - [`definitions`]: where the names Rust calls are defined or declared: function
//!   definitions (external, `static`, `inline`), prototypes and `#define NAME(` macros. The
//!   names are found with the caller search's anchored multi-pattern pass
//!   ([`SymbolSearch::sites`]); each hit is then classified by the text around it.
//!
//! The text is not preprocessed: `#if` branches are all read. Comments are recognised around
//! exports (an `EXPORT_SYMBOL` inside `/* */` is not one); for definitions, a name in a comment
//! could only be taken for a prototype if it looked exactly like one (`int f(void);`).

use super::c_references::{CReference, PastingMacro};
use super::calls::{is_identifier_byte as is_ident, SymbolSearch};
use memchr::memmem;
use serde::{Deserialize, Serialize};

/// What an exported symbol is, from its definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SymbolKind {
    /// A function (a definition or prototype `name(...)`, an assembly `SYM_FUNC_START(name)`, a
    /// function-defining macro such as `BPF_CALL_2(name, ...)`, an assembly label).
    Function,
    /// A variable (`type name = ...;`, `type name[...]`, `DEFINE_MUTEX(name)`, `SYM_DATA(name)`).
    Variable,
    /// Neither could be told from the file.
    Unknown,
}

/// One `EXPORT_SYMBOL*(name)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CExport {
    /// The exported name.
    pub name: String,
    /// The macro: `EXPORT_SYMBOL_GPL`, `EXPORT_SYMBOL_NS_GPL`, `EXPORT_SYMBOL_RUST_GPL`, ...
    pub macro_name: String,
    /// 1-based line of the macro.
    pub line: u32,
    /// Function or variable.
    pub kind: SymbolKind,
}

/// How a name is defined or declared at a site [`definitions`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DefinitionKind {
    /// A function definition with external linkage.
    Function,
    /// A `static` (not `inline`) function definition.
    StaticFunction,
    /// An `inline` function definition (`static inline`, `__always_inline`).
    Inline,
    /// A function-like macro, `#define NAME(`.
    Macro,
    /// A declaration without a body (`int name(int);`).
    Prototype,
}

/// A definition or declaration of a searched name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CDefinition {
    /// Index of the name in [`SymbolSearch::symbols`].
    pub symbol: usize,
    /// What the site is.
    pub kind: DefinitionKind,
    /// 1-based line of the name.
    pub line: u32,
}

/// Words that, right before `name(`, make it a call or an expression, not a declaration.
const NOT_A_TYPE: &[&[u8]] = &[
    b"return",
    b"else",
    b"case",
    b"goto",
    b"sizeof",
    b"do",
    b"typeof",
    b"__typeof__",
    b"if",
    b"while",
    b"for",
    b"switch",
    b"defined",
    b"typedef",
];

/// Longest declaration prefix (bytes before the name) looked at.
const PREFIX_LIMIT: usize = 512;

/// Longest parameter list followed to its closing parenthesis.
const PARAMS_LIMIT: usize = 8192;

/// The index of the last byte before `at` that is not whitespace.
fn prev_non_space(code: &[u8], at: usize) -> Option<usize> {
    code[..at].iter().rposition(|b| !b.is_ascii_whitespace())
}

/// The index of the first byte at or after `at` that is not whitespace.
fn next_non_space(code: &[u8], at: usize) -> Option<usize> {
    code.get(at..)?
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map(|i| at + i)
}

/// The identifier that ends at `end` (exclusive).
fn word_ending_at(code: &[u8], end: usize) -> &[u8] {
    let start = code[..end]
        .iter()
        .rposition(|&b| !is_ident(b))
        .map_or(0, |i| i + 1);
    &code[start..end]
}

/// The identifier that starts at `start`.
fn word_starting_at(code: &[u8], start: usize) -> &[u8] {
    let len = code[start..].iter().take_while(|&&b| is_ident(b)).count();
    &code[start..start + len]
}

/// The `)` matching the `(` at `open`, within [`PARAMS_LIMIT`] bytes and before any `;`, `{`
/// or `}` (which a parameter list cannot hold).
fn matching_paren(code: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let end = code.len().min(open.saturating_add(PARAMS_LIMIT));
    for (i, &b) in code[open..end].iter().enumerate() {
        match b {
            b'(' => depth += 1,
            b')' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            b';' | b'{' | b'}' => return None,
            _ => {}
        }
    }
    None
}

/// Where the declaration holding the name at `start` begins: after the last `;`, `{`, `}` or
/// preprocessor line before it (at most [`PREFIX_LIMIT`] bytes back).
fn declaration_prefix(code: &[u8], start: usize) -> &[u8] {
    let floor = start.saturating_sub(PREFIX_LIMIT);
    let mut from = floor;
    let mut i = start;
    while i > floor {
        i -= 1;
        match code[i] {
            b';' | b'{' | b'}' => {
                from = i + 1;
                break;
            }
            b'\n' => {
                let rest = &code[i + 1..start];
                if rest.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'#') {
                    // The name is on a preprocessor line (a macro body): its own line is the
                    // prefix.
                    from = i + 1;
                    break;
                }
                let line_start = code[..i]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1);
                let line = &code[line_start..i];
                let first = line.iter().find(|b| !b.is_ascii_whitespace());
                if first == Some(&b'#') && !line.ends_with(b"\\") {
                    from = i + 1;
                    break;
                }
            }
            _ => {}
        }
    }
    &code[from..start]
}

fn contains_word(text: &[u8], word: &[u8]) -> bool {
    memmem::find_iter(text, word).any(|at| {
        let before = at.checked_sub(1).map(|i| text[i]);
        let after = text.get(at + word.len()).copied();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

/// Whether the line holding `at` is `#define` up to `at`: `name` is the macro defined there.
fn is_macro_name(code: &[u8], at: usize) -> bool {
    let line_start = code[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let head = code[line_start..at].trim_ascii();
    head.strip_prefix(b"#")
        .map(|rest| rest.trim_ascii_start() == b"define")
        .unwrap_or(false)
}

/// What the site of `name` at `start..end`, followed by `(` at `open`, is: a macro definition, a
/// function definition or a prototype; `None` for a call or anything else.
fn classify_call_site(code: &[u8], start: usize, open: usize) -> Option<DefinitionKind> {
    if is_macro_name(code, start) {
        return Some(DefinitionKind::Macro);
    }
    let prev = prev_non_space(code, start)?;
    let b = code[prev];
    if is_ident(b) {
        if NOT_A_TYPE.contains(&word_ending_at(code, prev + 1)) {
            return None;
        }
    } else if b != b'*' {
        return None;
    }
    let prefix = declaration_prefix(code, start);
    if prefix.contains(&b'=')
        || contains_word(prefix, b"return")
        || contains_word(prefix, b"typedef")
    {
        return None;
    }
    let close = matching_paren(code, open)?;
    // After the parameters: attributes (`__acquires(x)`, `__attribute__((..))`, `asm("..")`)
    // may come before the body or the `;`.
    let mut at = close + 1;
    for _ in 0..4 {
        let next = next_non_space(code, at)?;
        match code[next] {
            b'{' => {
                let inline = [
                    &b"inline"[..],
                    b"__always_inline",
                    b"__inline__",
                    b"__inline",
                ]
                .iter()
                .any(|w| contains_word(prefix, w));
                return Some(if inline {
                    DefinitionKind::Inline
                } else if contains_word(prefix, b"static") {
                    DefinitionKind::StaticFunction
                } else {
                    DefinitionKind::Function
                });
            }
            b';' | b',' => return Some(DefinitionKind::Prototype),
            c if is_ident(c) => {
                let word = word_starting_at(code, next);
                at = next + word.len();
                if let Some(paren) = next_non_space(code, at).filter(|&p| code[p] == b'(') {
                    at = matching_paren(code, paren)? + 1;
                }
            }
            _ => return None,
        }
    }
    None
}

/// Macros whose argument names a function (kernel C and assembly).
fn macro_defines_function(name: &[u8]) -> bool {
    name == b"ENTRY"
        || name.starts_with(b"SYM_FUNC")
        || name.starts_with(b"SYM_TYPED_FUNC")
        || name.starts_with(b"SYM_CODE")
        || name.starts_with(b"BPF_CALL")
        || name.starts_with(b"SYSCALL_DEFINE")
        || name.starts_with(b"COMPAT_SYSCALL_DEFINE")
        || memmem::find(name, b"FUNC").is_some()
}

/// Macros whose argument names a variable.
fn macro_defines_variable(name: &[u8]) -> bool {
    name.starts_with(b"SYM_DATA")
        || name.starts_with(b"DEFINE_")
        || name.starts_with(b"DECLARE_")
        || name == b"LIST_HEAD"
        || name == b"ATOMIC_NOTIFIER_HEAD"
        || name == b"BLOCKING_NOTIFIER_HEAD"
        || name == b"RAW_NOTIFIER_HEAD"
        || name == b"SRCU_NOTIFIER_HEAD"
}

/// When `name` at `start` is an argument of a macro invoked at the start of a statement, the
/// macro's name.
fn enclosing_statement_macro(code: &[u8], start: usize) -> Option<&[u8]> {
    // Back to the unmatched `(` (bounded: arguments are short).
    let floor = start.saturating_sub(256);
    let mut depth = 0usize;
    let mut i = start;
    let open = loop {
        if i == floor {
            return None;
        }
        i -= 1;
        match code[i] {
            b')' => depth += 1,
            b'(' if depth == 0 => break i,
            b'(' => depth -= 1,
            b';' | b'{' | b'}' => return None,
            _ => {}
        }
    };
    let name_end = prev_non_space(code, open)? + 1;
    let name = word_ending_at(code, name_end);
    if name.is_empty() {
        return None;
    }
    let before = prev_non_space(code, name_end - name.len());
    let at_statement_start = match before {
        None => true,
        Some(p) => {
            matches!(code[p], b';' | b'}' | b'{') || is_line_start(code, name_end - name.len())
        }
    };
    at_statement_start.then_some(name)
}

/// Whether only whitespace precedes `at` on its line.
fn is_line_start(code: &[u8], at: usize) -> bool {
    code[..at]
        .iter()
        .rev()
        .take_while(|&&b| b != b'\n')
        .all(|b| b.is_ascii_whitespace())
}

/// What the occurrence of an exported name at `start..end` says it is, if anything.
fn classify_occurrence(code: &[u8], start: usize, end: usize) -> Option<SymbolKind> {
    let next = next_non_space(code, end);
    let next_byte = next.map(|n| code[n]);
    if let (Some(open), Some(b'(')) = (next, next_byte) {
        if classify_call_site(code, start, open).is_some() {
            return Some(SymbolKind::Function);
        }
    }
    let prev = prev_non_space(code, start).map(|p| code[p]);
    if matches!(prev, Some(b'(') | Some(b',')) {
        let name = enclosing_statement_macro(code, start)?;
        if macro_defines_function(name) {
            return Some(SymbolKind::Function);
        }
        if macro_defines_variable(name) {
            return Some(SymbolKind::Variable);
        }
        return None;
    }
    // An assembly label at the start of a line.
    if next_byte == Some(b':') && is_line_start(code, start) {
        return Some(SymbolKind::Function);
    }
    // `type name = ..`, `type name;`, `type name[..]`, `type name __attr = ..`.
    let typed = match prev {
        Some(b) if is_ident(b) => {
            let p = prev_non_space(code, start).unwrap_or(0);
            !NOT_A_TYPE.contains(&word_ending_at(code, p + 1))
        }
        Some(b'*') => true,
        _ => false,
    };
    if !typed {
        return None;
    }
    let prefix = declaration_prefix(code, start);
    if prefix.contains(&b'=') || prefix.contains(&b'(') {
        return None;
    }
    let mut at = end;
    for _ in 0..3 {
        let n = next_non_space(code, at)?;
        match code[n] {
            b'=' | b';' | b'[' | b',' => return Some(SymbolKind::Variable),
            c if is_ident(c) => {
                let word = word_starting_at(code, n);
                if !word.starts_with(b"__") {
                    return None;
                }
                at = n + word.len();
                if let Some(paren) = next_non_space(code, at).filter(|&p| code[p] == b'(') {
                    at = matching_paren(code, paren)? + 1;
                }
            }
            _ => return None,
        }
    }
    None
}

/// The first kind an occurrence of `name` in `code[from..to]` tells.
fn kind_in(code: &[u8], name: &[u8], from: usize, to: usize) -> Option<SymbolKind> {
    let to = to.min(code.len());
    if from >= to {
        return None;
    }
    memmem::find_iter(&code[from..to], name).find_map(|rel| {
        let start = from + rel;
        let end = start + name.len();
        let ident_before = start > 0 && is_ident(code[start - 1]);
        let ident_after = code.get(end).copied().is_some_and(is_ident);
        let whole = !ident_before && !ident_after;
        if whole {
            classify_occurrence(code, start, end)
        } else {
            None
        }
    })
}

/// Tracks whether a position is inside a `/* */` comment, moving forward only.
struct CommentState {
    at: usize,
    inside: bool,
}

impl CommentState {
    /// Whether `to` (not before the last position asked about) is inside a block comment.
    fn inside_at(&mut self, code: &[u8], to: usize) -> bool {
        let span = &code[self.at..to];
        let open = memmem::rfind(span, b"/*");
        let close = memmem::rfind(span, b"*/");
        self.inside = match (open, close) {
            (Some(o), Some(c)) => o > c,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => self.inside,
        };
        self.at = to;
        self.inside
    }
}

/// Whether the logical line holding `at` is a preprocessor directive (`#define ...`), following
/// `\` continuations back.
fn in_directive(code: &[u8], at: usize) -> bool {
    let mut line_start = code[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    loop {
        if code[line_start..].trim_ascii_start().first() == Some(&b'#') {
            return true;
        }
        if line_start == 0 {
            return false;
        }
        let prev_end = line_start - 1;
        let prev_line = code[..prev_end].trim_ascii_end();
        if !prev_line.ends_with(b"\\") {
            return false;
        }
        line_start = code[..prev_end]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
    }
}

/// Every `EXPORT_SYMBOL*(name)` of a C, header or assembly file, in file order.
///
/// A hit counts when `EXPORT_SYMBOL` starts an identifier made of upper-case letters, digits
/// and `_` (`UASM_EXPORT_SYMBOL` and `__EXPORT_SYMBOL` do not), its argument is a plain
/// identifier (`name##_x` in macro bodies is not expanded), it is not inside a `/* */` or `//`
/// comment, and not on a preprocessor line (`#define EXPORT_SYMBOL_IF_X(sym) ...`).
pub fn exports(bytes: &[u8]) -> Vec<CExport> {
    let code = bytes;
    let mut out = Vec::new();
    let mut comments = CommentState {
        at: 0,
        inside: false,
    };
    let mut line = 1u32;
    let mut line_at = 0usize;
    // The definition of an exported name is most often just above it, after the previous export.
    let mut window_start = 0usize;
    for at in memmem::find_iter(code, b"EXPORT_SYMBOL") {
        if at > 0 && is_ident(code[at - 1]) {
            continue;
        }
        let macro_name = word_starting_at(code, at);
        if !macro_name
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'_')
        {
            continue;
        }
        if comments.inside_at(code, at) {
            continue;
        }
        let line_start = code[..at]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        if memmem::find(&code[line_start..at], b"//").is_some() || in_directive(code, at) {
            continue;
        }
        let Some(open) = next_non_space(code, at + macro_name.len()).filter(|&p| code[p] == b'(')
        else {
            continue;
        };
        let Some(name_at) = next_non_space(code, open + 1) else {
            continue;
        };
        let name = word_starting_at(code, name_at);
        if name.is_empty() || name[0].is_ascii_digit() {
            continue;
        }
        let after = next_non_space(code, name_at + name.len()).map(|p| code[p]);
        if !matches!(after, Some(b',') | Some(b')')) {
            continue;
        }
        line += memchr::memchr_iter(b'\n', &code[line_at..at]).count() as u32;
        line_at = at;
        let kind = kind_in(code, name, window_start, at)
            .or_else(|| kind_in(code, name, 0, window_start))
            .or_else(|| kind_in(code, name, at + macro_name.len(), code.len()))
            .unwrap_or(SymbolKind::Unknown);
        window_start = name_at + name.len();
        out.push(CExport {
            name: String::from_utf8_lossy(name).into_owned(),
            macro_name: String::from_utf8_lossy(macro_name).into_owned(),
            line,
            kind,
        });
    }
    out
}

/// The names of the structs a file defines (`struct NAME {`, `typedef struct NAME {`), sorted
/// and distinct. The keyword must open its line (after whitespace, or `typedef`), which leaves
/// out kernel-doc lines (` * struct foo - ...`) and expressions.
pub fn struct_definitions(bytes: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    for at in memmem::find_iter(bytes, b"struct") {
        if at > 0 && is_ident(bytes[at - 1]) {
            continue;
        }
        let line_start = bytes[..at]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let head = bytes[line_start..at].trim_ascii();
        if !(head.is_empty() || head == b"typedef") {
            continue;
        }
        let Some(name_at) = next_non_space(bytes, at + b"struct".len()) else {
            continue;
        };
        if name_at == at + b"struct".len() {
            continue;
        }
        let name = word_starting_at(bytes, name_at);
        if name.is_empty() || name[0].is_ascii_digit() {
            continue;
        }
        let brace = next_non_space(bytes, name_at + name.len()).map(|p| bytes[p]);
        if brace == Some(b'{') {
            names.push(String::from_utf8_lossy(name).into_owned());
        }
    }
    names.sort();
    names.dedup();
    names
}

/// Where the file defines or declares the names `search` holds (as functions, inline functions,
/// macros or prototypes), in file order. A name called or used otherwise is not listed.
pub fn definitions(bytes: &[u8], search: &SymbolSearch) -> Vec<CDefinition> {
    let mut out = Vec::new();
    let mut line = 1u32;
    let mut line_at = 0usize;
    for (symbol, start, open) in search.sites(bytes) {
        let Some(kind) = classify_call_site(bytes, start, open) else {
            continue;
        };
        line += memchr::memchr_iter(b'\n', &bytes[line_at..start]).count() as u32;
        line_at = start;
        out.push(CDefinition { symbol, kind, line });
    }
    out
}

/// Every identifier followed by `(` in a C file (sorted, distinct): in the C helpers, the
/// functions, inline functions and macros they wrap (a superset: keywords and the helpers' own
/// names are there too), whose definitions the C pass then searches for.
pub fn called_names(bytes: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !is_ident(bytes[i]) || (i > 0 && is_ident(bytes[i - 1])) {
            i += 1;
            continue;
        }
        let word = word_starting_at(bytes, i);
        let end = i + word.len();
        let followed = next_non_space(bytes, end).is_some_and(|n| bytes[n] == b'(');
        if followed && !word[0].is_ascii_digit() {
            names.push(String::from_utf8_lossy(word).into_owned());
        }
        i = end;
    }
    names.sort();
    names.dedup();
    names
}

/// The C-side facts of one file, as the C pass gathers them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CFacts {
    /// [`exports`] (C, headers and assembly).
    pub exports: Vec<CExport>,
    /// [`struct_definitions`] (headers only).
    pub structs: Vec<String>,
    /// [`definitions`] of the names searched for (C and headers).
    pub definitions: Vec<CDefinition>,
    /// `#include "..."` paths as written ([`super::c_functions::local_includes`]; C and
    /// headers): a twin side's companion headers.
    pub local_includes: Vec<String>,
    /// Names Rust exports used as values, and their stems as whole invocation arguments
    /// ([`super::c_references::references`]; C files only).
    pub references: Vec<CReference>,
    /// Macros pasting a parameter with a fixed fragment
    /// ([`super::c_references::pasting_macros`]; C and headers).
    pub pasting_macros: Vec<PastingMacro>,
}

impl CFacts {
    /// Whether there is nothing to remember about the file.
    pub fn is_empty(&self) -> bool {
        self.exports.is_empty()
            && self.structs.is_empty()
            && self.definitions.is_empty()
            && self.local_includes.is_empty()
            && self.references.is_empty()
            && self.pasting_macros.is_empty()
    }
}

/// Whether a path is one the C facts are gathered from (C sources, headers, assembly).
pub fn is_c_family(path: &str) -> bool {
    path.ends_with(".c") || path.ends_with(".h") || path.ends_with(".S")
}

/// The C-side facts of the file at `path`: exports in C, headers and assembly; struct
/// definitions in headers; definitions of the names `search` holds, function definitions,
/// local includes and pasting macros in C and headers (not the references, which the C pass
/// adds with [`super::c_references::references`]).
pub fn c_facts(path: &str, bytes: &[u8], search: &SymbolSearch) -> CFacts {
    let header = path.ends_with(".h");
    let source = header || path.ends_with(".c");
    CFacts {
        exports: if is_c_family(path) {
            exports(bytes)
        } else {
            Vec::new()
        },
        structs: if header {
            struct_definitions(bytes)
        } else {
            Vec::new()
        },
        definitions: if source {
            definitions(bytes, search)
        } else {
            Vec::new()
        },
        local_includes: if source {
            super::c_functions::local_includes(bytes)
        } else {
            Vec::new()
        },
        // Depend on the names Rust exports: the C pass adds them.
        references: Vec::new(),
        pasting_macros: if source {
            super::c_references::pasting_macros(bytes)
        } else {
            Vec::new()
        },
    }
}

#[cfg(test)]
mod tests;
