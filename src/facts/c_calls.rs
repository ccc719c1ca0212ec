//! What a C file calls and what it defines: a pure function of its bytes, for the twins'
//! `c_api_functions_called` (a side's calls minus the names its own files define) and their
//! C sides' function counts.
//!
//! The rule is ours (no compiler, no preprocessor), read off the text the way
//! [`super::c_functions`] reads it, and driven by the same file-level scanner, so a function
//! definition here is exactly one that file counts:
//!
//! - A *call* is an identifier followed by `(` (blanks and newlines allowed between), outside
//!   comments, string and character literals, anywhere: function bodies, initializers,
//!   file-level macro invocations (`module_init(f);`, `DEFINE_MUTEX(m);`, `TRACE_EVENT(...)`
//!   and the `TP_PROTO(...)` inside it), and the bodies of `#define`s and `#if` conditions
//!   (`IS_ENABLED(...)`). Statement macros (`list_for_each_entry(...) {`) are calls too:
//!   macros are part of the C API, as the reach analysis counts them on the Rust side.
//! - Not a call: C keywords and operators that take parentheses (`if`, `while`, `for`,
//!   `switch`, `return`, `sizeof`, `typeof`, `_Generic`, `asm`, `defined`, type keywords of a
//!   cast or declarator, ... [`NOT_CALLS`]); compiler builtins (`__builtin_*`: calls of the
//!   compiler, not of the kernel's API); whatever is inside `__attribute__((...))`
//!   (`format(printf, 1, 2)` names no function); member calls (`ops->open(`, `s.fn(`);
//!   a function-pointer declarator (`ssize_t (*read)(...)`, `T (*p)[4]`); in a macro body,
//!   the macro's own parameters (`#define CALL(fn, x) fn(x)`) and pasted or stringified
//!   names (`foo_##name(`, `#name`).
//! - Not a call either: the name of a function definition (`static int f(void) {`, the name
//!   before the first parenthesised group not preceded by another group and `__name`
//!   attributes, so `void f(void) __acquires(x) {` names `f`), nor of a prototype
//!   (`int f(void);` at file level: a file-level `name(...);` is a macro invocation when
//!   only storage words (`static`, `extern`, `inline`) precede it, a declaration when a type
//!   does: `static DEFINE_MUTEX(m);` calls, `static int f(void);` declares).
//! - *Defined* names: function definitions (by [`super::c_functions`]'s rule, so a function
//!   written through a macro at the place of use, `SYSCALL_DEFINE3(name, ...) {`, defines
//!   the macro's name, which is then not a call), and every `#define`d name, function-like
//!   or object-like.
//!
//! Both branches of an `#if` are read. A function pointer called through a local variable or
//! parameter (`fn(x)`) is a call of that name: telling it from a function needs types.

use super::c_functions::{
    directive_end, is_blank, skip_block_comment, skip_line_comment, skip_literal, Scanner,
};
use super::calls::is_identifier_byte;
use std::collections::BTreeSet;

/// The names a C file calls and the names it defines, each sorted and distinct.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CCalls {
    /// Names called (see the module docs), the file's own functions and macros included.
    pub called: Vec<String>,
    /// Names of the functions it defines and of its `#define`s.
    pub defined: Vec<String>,
    /// How many functions it defines: the definitions [`super::c_functions`]' scanner
    /// counted while this walk drove it, so [`super::c_functions::count_function_definitions`]'s
    /// answer (a test holds the two equal on every C file of Linux 7.3). The twins' C sides
    /// are measured with it. Counted here, for the few files whose calls are recorded, rather
    /// than with every C file's facts (it was an eighth of a first report's CPU).
    pub functions: u32,
}

/// Words followed by `(` that are not calls: C keywords, type words of casts and declarators,
/// GNU extensions and preprocessor operators. `__builtin_*` is told apart by its prefix.
const NOT_CALLS: &[&str] = &[
    "_Alignas",
    "_Alignof",
    "_Atomic",
    "_BitInt",
    "_Bool",
    "_Complex",
    "_Generic",
    "_Noreturn",
    "_Pragma",
    "_Static_assert",
    "__VA_OPT__",
    "__alignof",
    "__alignof__",
    "__asm",
    "__asm__",
    "__attribute",
    "__attribute__",
    "__auto_type",
    "__const",
    "__extension__",
    "__has_attribute",
    "__has_builtin",
    "__has_c_attribute",
    "__has_feature",
    "__has_include",
    "__has_include_next",
    "__int128",
    "__label__",
    "__restrict",
    "__restrict__",
    "__signed__",
    "__typeof",
    "__typeof__",
    "__typeof_unqual__",
    "__volatile",
    "__volatile__",
    "alignas",
    "alignof",
    "asm",
    "auto",
    "break",
    "case",
    "char",
    "const",
    "continue",
    "default",
    "defined",
    "do",
    "double",
    "else",
    "enum",
    "extern",
    "float",
    "for",
    "goto",
    "if",
    "inline",
    "int",
    "long",
    "register",
    "restrict",
    "return",
    "short",
    "signed",
    "sizeof",
    "static",
    "static_assert",
    "struct",
    "switch",
    "typedef",
    "typeof",
    "typeof_unqual",
    "union",
    "unsigned",
    "void",
    "volatile",
    "while",
];

/// Words before a file-level `name(` that leave it a macro invocation (`static
/// DEFINE_MUTEX(m);`) rather than a declaration's name (`static int f(void);`).
fn is_storage_word(word: &[u8]) -> bool {
    matches!(
        word,
        b"static" | b"extern" | b"inline" | b"__inline" | b"__inline__" | b"__always_inline"
    )
}

/// Whether `word(` is not a call by the words of [`NOT_CALLS`] and the builtins.
fn is_not_call(word: &[u8]) -> bool {
    word.starts_with(b"__builtin_")
        || NOT_CALLS
            .binary_search_by(|k| k.as_bytes().cmp(word))
            .is_ok()
}

/// The names `bytes` calls and defines (see the module docs).
pub fn c_calls(bytes: &[u8]) -> CCalls {
    let mut walk = Walk {
        bytes,
        scanner: Scanner::default(),
        called: BTreeSet::new(),
        defined: BTreeSet::new(),
        pending: Vec::new(),
        declaration_words: 0,
        depth: 0,
        attribute_at: None,
        after_member: false,
    };
    walk.run();
    let text = |set: BTreeSet<&[u8]>| -> Vec<String> {
        set.into_iter()
            .map(|w| String::from_utf8_lossy(w).into_owned())
            .collect()
    };
    CCalls {
        called: text(walk.called),
        defined: text(walk.defined),
        functions: walk.scanner.definitions,
    }
}

/// A file-level `name(` whose role is known only at the end of its declaration.
struct Pending<'a> {
    name: &'a [u8],
    /// It is the declaration's name if the declaration turns out to be a function
    /// definition or a prototype.
    candidate: bool,
    /// A type word (or `*`) came before it in the declaration.
    typed: bool,
}

/// The walk over one file.
struct Walk<'a> {
    bytes: &'a [u8],
    /// [`super::c_functions`]'s file-level scanner, fed the same tokens as there.
    scanner: Scanner,
    called: BTreeSet<&'a [u8]>,
    defined: BTreeSet<&'a [u8]>,
    /// File-level `name(`s of the declaration being read.
    pending: Vec<Pending<'a>>,
    /// Words (storage words aside) and `*`s at file level since the declaration began or
    /// since its last parenthesised group.
    declaration_words: u32,
    /// Parentheses open.
    depth: u32,
    /// The depth at which an `__attribute__((...))` began: nothing inside is a call.
    attribute_at: Option<u32>,
    /// The token before is `->` or `.`.
    after_member: bool,
}

/// The first byte at or after `i` that is not a blank or a newline.
fn next_non_blank(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && (is_blank(bytes[i]) || bytes[i] == b'\n') {
        i += 1;
    }
    i
}

/// The first byte at or after `i` that is not a blank, a newline or a line continuation.
fn next_in_directive(bytes: &[u8], mut i: usize) -> usize {
    loop {
        i = next_non_blank(bytes, i);
        if bytes.get(i) == Some(&b'\\') {
            i += 1;
        } else {
            return i;
        }
    }
}

/// Whether the `(` at `open` starts a function-pointer declarator: `(*name)` or `(*)`
/// followed by `(` or `[`.
fn is_declarator(bytes: &[u8], open: usize) -> bool {
    let mut i = next_non_blank(bytes, open + 1);
    if bytes.get(i) != Some(&b'*') {
        return false;
    }
    while i < bytes.len() && (bytes[i] == b'*' || is_blank(bytes[i])) {
        i += 1;
    }
    while i < bytes.len() && is_identifier_byte(bytes[i]) {
        i += 1;
    }
    i = next_non_blank(bytes, i);
    if bytes.get(i) != Some(&b')') {
        return false;
    }
    i = next_non_blank(bytes, i + 1);
    matches!(bytes.get(i), Some(b'(' | b'['))
}

/// The end of the identifier starting at `i`.
fn identifier_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && is_identifier_byte(bytes[i]) {
        i += 1;
    }
    i
}

/// The end of the number starting at `i` (`0x1fUL`, `1.5e3`).
fn number_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && (is_identifier_byte(bytes[i]) || bytes[i] == b'.') {
        i += 1;
    }
    i
}

impl<'a> Walk<'a> {
    /// The file, token by token, as [`super::c_functions`] walks it byte by byte.
    fn run(&mut self) {
        let bytes = self.bytes;
        let n = bytes.len();
        let mut i = 0;
        let mut at_line_start = true;
        while i < n {
            let b = bytes[i];
            let next = bytes.get(i + 1).copied();
            match b {
                b'\n' => at_line_start = true,
                _ if is_blank(b) => {}
                b'#' if at_line_start => {
                    i = self.directive(i);
                    continue;
                }
                b'/' if next == Some(b'/') => {
                    i = skip_line_comment(bytes, i);
                    continue;
                }
                b'/' if next == Some(b'*') => {
                    i = skip_block_comment(bytes, i);
                    continue;
                }
                _ => {
                    at_line_start = false;
                    i = self.token(i);
                    continue;
                }
            }
            i += 1;
        }
        self.flush(false);
    }

    /// Reads the token at `i` (not a blank, comment or directive); returns where the next
    /// one may start.
    fn token(&mut self, i: usize) -> usize {
        let bytes = self.bytes;
        let b = bytes[i];
        let next = bytes.get(i + 1).copied();
        let mut member = false;
        let end = match b {
            b'"' | b'\'' => {
                self.scanner.other();
                skip_literal(bytes, i)
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                let end = identifier_end(bytes, i);
                self.word(i, end);
                end
            }
            b'0'..=b'9' => {
                self.scanner.other();
                number_end(bytes, i)
            }
            b'(' => {
                self.scanner.open_paren();
                self.depth += 1;
                i + 1
            }
            b')' => {
                self.scanner.close_paren();
                self.depth = self.depth.saturating_sub(1);
                if self.attribute_at == Some(self.depth) {
                    self.attribute_at = None;
                }
                if self.scanner.at_file_level() {
                    self.declaration_words = 0;
                }
                i + 1
            }
            b'{' => {
                self.open_brace();
                i + 1
            }
            b'}' => {
                self.scanner.close_brace();
                if self.scanner.at_file_level() {
                    self.flush(false);
                }
                i + 1
            }
            b';' => {
                if self.scanner.at_file_level() {
                    self.flush(true);
                }
                self.scanner.semicolon();
                i + 1
            }
            b'=' => {
                self.scanner.equals();
                i + 1
            }
            b'-' if next == Some(b'>') => {
                self.scanner.other();
                member = true;
                i + 2
            }
            b'.' if next == Some(b'.') => {
                self.scanner.other();
                i + 2
            }
            b'.' => {
                self.scanner.other();
                member = true;
                i + 1
            }
            _ => {
                if b == b'*' && self.scanner.at_file_level() {
                    self.declaration_words += 1;
                }
                self.scanner.other();
                i + 1
            }
        };
        self.after_member = member;
        end
    }

    /// An identifier at `start..end` of the file's text (not of a directive).
    fn word(&mut self, start: usize, end: usize) {
        let bytes = self.bytes;
        let word = &bytes[start..end];
        self.scanner.identifier(word);
        let open = next_non_blank(bytes, end);
        let call_shaped = bytes.get(open) == Some(&b'(');
        if call_shaped
            && matches!(word, b"__attribute__" | b"__attribute")
            && self.attribute_at.is_none()
        {
            self.attribute_at = Some(self.depth);
        }
        let file_level = self.scanner.at_file_level();
        if call_shaped
            && !self.after_member
            && self.attribute_at.is_none()
            && !is_not_call(word)
            && !is_declarator(bytes, open)
        {
            if file_level && !self.scanner.initializer {
                // The first group not after another group and its `__name` attributes
                // names the declaration ([`Scanner`]'s `after_group`).
                let candidate = !self.scanner.after_group;
                if candidate {
                    for pending in &mut self.pending {
                        pending.candidate = false;
                    }
                }
                self.pending.push(Pending {
                    name: word,
                    candidate,
                    typed: self.declaration_words > 0,
                });
            } else {
                self.called.insert(word);
            }
        }
        if file_level && !is_storage_word(word) {
            self.declaration_words += 1;
        }
    }

    /// A `{`: at file level, the end of a declaration's head, a function's name if the
    /// scanner counts a definition.
    fn open_brace(&mut self) {
        let file_level = self.scanner.at_file_level();
        let before = self.scanner.definitions;
        self.scanner.open_brace();
        if !file_level {
            return;
        }
        let defines = self.scanner.definitions > before;
        for pending in std::mem::take(&mut self.pending) {
            if defines && pending.candidate {
                self.defined.insert(pending.name);
            } else {
                self.called.insert(pending.name);
            }
        }
    }

    /// The end of a file-level declaration (at a `;` when `declaration`, else at a `}` or
    /// the end of the file): its pending names are calls, but for a prototype's name.
    fn flush(&mut self, declaration: bool) {
        for pending in std::mem::take(&mut self.pending) {
            if !(declaration && pending.candidate && pending.typed) {
                self.called.insert(pending.name);
            }
        }
        self.declaration_words = 0;
    }

    /// A directive at `hash`: `#define` defines its name and its body's calls are calls;
    /// `#if`/`#elif` conditions' calls are calls; other directives name nothing. Returns
    /// where the directive ends.
    fn directive(&mut self, hash: usize) -> usize {
        let bytes = self.bytes;
        let end = directive_end(bytes, hash);
        let start = next_in_directive(bytes, hash + 1).min(end);
        let keyword_end = identifier_end(bytes, start).min(end);
        match &bytes[start..keyword_end] {
            b"define" => {
                let name_start = next_in_directive(bytes, keyword_end).min(end);
                let name_end = identifier_end(bytes, name_start).min(end);
                if name_end > name_start {
                    self.defined.insert(&bytes[name_start..name_end]);
                }
                let mut parameters: Vec<&[u8]> = Vec::new();
                let mut body = name_end;
                if bytes.get(name_end) == Some(&b'(') {
                    let close = bytes[name_end..end]
                        .iter()
                        .position(|&b| b == b')')
                        .map_or(end, |p| name_end + p + 1);
                    let mut at = name_end + 1;
                    while at < close {
                        let word_end = identifier_end(bytes, at);
                        if word_end > at {
                            parameters.push(&bytes[at..word_end]);
                            at = word_end;
                        } else {
                            at += 1;
                        }
                    }
                    body = close;
                }
                self.directive_calls(body, end, &parameters);
            }
            b"if" | b"elif" => self.directive_calls(keyword_end, end, &[]),
            _ => {}
        }
        end
    }

    /// The calls in a directive's text from `i` to `end`.
    fn directive_calls(&mut self, mut i: usize, end: usize, parameters: &[&[u8]]) {
        let bytes = self.bytes;
        // The token before is `->` or `.`, or `#`/`##` (stringified or pasted).
        let mut not_a_name = false;
        while i < end {
            let b = bytes[i];
            let next = bytes.get(i + 1).copied();
            let mut after = false;
            i = match b {
                b'\\' | b'\n' => i + 1,
                _ if is_blank(b) => i + 1,
                b'/' if next == Some(b'/') => skip_line_comment(bytes, i),
                b'/' if next == Some(b'*') => skip_block_comment(bytes, i),
                b'"' | b'\'' => skip_literal(bytes, i),
                b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                    let word_end = identifier_end(bytes, i);
                    let word = &bytes[i..word_end];
                    let open = next_in_directive(bytes, word_end);
                    if open < end
                        && bytes[open] == b'('
                        && !not_a_name
                        && !is_not_call(word)
                        && !parameters.contains(&word)
                        && !is_declarator(bytes, open)
                    {
                        self.called.insert(word);
                    }
                    word_end
                }
                b'0'..=b'9' => number_end(bytes, i),
                b'#' => {
                    after = true;
                    if next == Some(b'#') {
                        i + 2
                    } else {
                        i + 1
                    }
                }
                b'-' if next == Some(b'>') => {
                    after = true;
                    i + 2
                }
                b'.' if next == Some(b'.') => i + 2,
                b'.' => {
                    after = true;
                    i + 1
                }
                _ => i + 1,
            };
            // Blanks and continuations keep what came before.
            if !matches!(b, b'\\' | b'\n') && !is_blank(b) {
                not_a_name = after;
            }
        }
    }
}

#[cfg(test)]
mod tests;
