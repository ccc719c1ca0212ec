//! How many functions a C file defines: a pure function of the file's bytes.
//!
//! The rule is ours (no compiler is run and the preprocessor is not expanded), chosen to
//! count what a reader counts when asked "how many functions does this file define":
//!
//! - Comments, string and character literals are skipped; so are preprocessor directives
//!   (`#define` bodies included, continuation lines too), so a macro that expands to a
//!   function is not counted where it is defined.
//! - At file level (brace and parenthesis depth 0), a `{` opens a function body when the
//!   tokens since the end of the previous declaration (`;` or `}` at file level) hold no `=`
//!   outside parentheses (that would be an initializer, `struct x y = {`) and end in `)`,
//!   optionally followed by identifiers spelled `__name` (the kernel's attribute macros,
//!   `void f(void) __acquires(x)` ends in `)` anyway, `__noreturn` does not). A statement
//!   whose only parenthesised group follows `__attribute__` is a type
//!   (`struct __attribute__((packed)) {`), not a function.
//! - So `static int __init f(void)\n{`, `static inline` functions of headers, and function
//!   definitions written through a macro at the place of use (`SYSCALL_DEFINE3(..) {`,
//!   `BPF_CALL_2(..) {`) count; prototypes, struct/enum/union bodies and initializers
//!   don't; braces inside parentheses (a `TRACE_EVENT(..., { ... })` argument) don't.
//! - Both branches of an `#ifdef ... #else` are read, so a function defined once per branch
//!   counts twice: the count is of definitions in the text.
//!
//! Kernel style puts a function's opening brace alone at the start of a line, so
//! `grep -c '^{'` is a second method for kernel files (the tests compare the two).

use super::byte_set::ByteSet;

/// The number of function definitions in a C source or header, by the rule of this module.
pub fn count_function_definitions(bytes: &[u8]) -> u32 {
    count(bytes, Pace::SkipInsideBodies)
}

/// How [`count`] walks the bytes inside braces, parentheses and directives; both give the same answer
/// (the tests compare them).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pace {
    /// Every byte through the scanner.
    #[cfg(test)]
    ByteByByte,
    /// Inside a body or parentheses only the bytes of [`INSIDE_STOPS`] can change the scan:
    /// the others (identifiers, numbers, operators, `;`, `=`, newlines: most of a C file)
    /// are passed over 64 at a time, and where a line starts is read back from the stop
    /// ([`line_start_after`]); so are the bytes of a directive that cannot end or interrupt
    /// it ([`DIRECTIVE_STOPS`]).
    SkipInsideBodies,
}

/// Bytes that matter inside braces or parentheses: the nesting, and what starts a literal, a
/// comment or a directive.
static INSIDE_STOPS: ByteSet = ByteSet::new(b"#/\"'(){}");

/// Bytes that end or interrupt a directive's text: a continued line, its end, a comment or
/// a literal.
static DIRECTIVE_STOPS: ByteSet = ByteSet::new(b"\\\n/\"'");

/// The blanks that leave a line's start a line's start (before a directive's `#`).
pub(super) fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\x0c' | b'\x0b')
}

/// Whether the scan is at a line's start (only blanks since a newline, or since the file's
/// start) after passing over `bytes[from..to]`, none of them a stop, when it was
/// `at_line_start` at `from`: what the byte-by-byte walk makes of those bytes (a newline
/// starts a line, a blank leaves the state as it is, anything else ends the line's start),
/// read backwards from `to` over the blanks only.
fn line_start_after(bytes: &[u8], from: usize, to: usize, at_line_start: bool) -> bool {
    let mut k = to;
    while k > from && is_blank(bytes[k - 1]) {
        k -= 1;
    }
    if k == from {
        at_line_start
    } else {
        bytes[k - 1] == b'\n'
    }
}

/// The mask of one 64-byte block of [`INSIDE_STOPS`], kept while the scan's stops fall in it:
/// in a body the stops (parentheses above all) come every few bytes, and computing a block's
/// mask again at each one cost more than the bytes it passes over.
struct StopBlock {
    base: usize,
    mask: u64,
}

impl StopBlock {
    /// The position of the first stop at or after `from` (`bytes.len()` if none).
    #[inline]
    fn next(&mut self, bytes: &[u8], mut from: usize) -> usize {
        loop {
            if from >= self.base && from < self.base + 64 {
                let rest = self.mask & (!0u64 << (from - self.base));
                if rest != 0 {
                    return self.base + rest.trailing_zeros() as usize;
                }
                from = self.base + 64;
            }
            if from >= bytes.len() {
                return bytes.len();
            }
            self.base = from;
            self.mask = INSIDE_STOPS.mask_from(bytes, from);
        }
    }
}

fn count(bytes: &[u8], pace: Pace) -> u32 {
    let mut scanner = Scanner::default();
    let mut i = 0;
    let n = bytes.len();
    let mut at_line_start = true;
    // No block yet: `next` computes one at the first stop looked for.
    let mut stops = StopBlock {
        base: usize::MAX - 64,
        mask: 0,
    };
    while i < n {
        if pace == Pace::SkipInsideBodies && !scanner.at_file_level() {
            // No scanner state changes below file level but at a stop. Parentheses, most of
            // the stops in a body, are taken here; a `(` or `)` is not a blank, so after one
            // the line has not just started.
            let mut stop = stops.next(bytes, i);
            while stop < n
                && matches!(bytes[stop], b'(' | b')')
                && !scanner.closes_nesting(bytes[stop])
            {
                if bytes[stop] == b'(' {
                    scanner.open_paren();
                } else {
                    scanner.close_paren();
                }
                i = stop + 1;
                at_line_start = false;
                stop = stops.next(bytes, i);
            }
            at_line_start = line_start_after(bytes, i, stop, at_line_start);
            i = stop;
            if i == n {
                break;
            }
        }
        let b = bytes[i];
        match b {
            b'\n' => {
                at_line_start = true;
                i += 1;
                continue;
            }
            b if is_blank(b) => {
                i += 1;
                continue;
            }
            b'#' if at_line_start => {
                i = skip_directive(bytes, i, pace);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = skip_line_comment(bytes, i);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = skip_block_comment(bytes, i);
                continue;
            }
            _ => {}
        }
        at_line_start = false;
        match b {
            b'"' | b'\'' => {
                i = skip_literal(bytes, i);
                scanner.other();
                continue;
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                let start = i;
                while i < n && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                scanner.identifier(&bytes[start..i]);
                continue;
            }
            b'0'..=b'9' => {
                while i < n
                    && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'.')
                {
                    i += 1;
                }
                scanner.other();
                continue;
            }
            b'(' => scanner.open_paren(),
            b')' => scanner.close_paren(),
            b'{' => scanner.open_brace(),
            b'}' => scanner.close_brace(),
            b';' => scanner.semicolon(),
            b'=' => {
                // `==`, `<=`, ... at file level do not occur outside parentheses in C
                // declarations; any `=` marks an initializer.
                scanner.equals();
            }
            _ => scanner.other(),
        }
        i += 1;
    }
    scanner.definitions
}

/// The files a C file includes with quotes (`#include "binder_internal.h"`), as written, in
/// file order: the companions of a driver that live beside it. Angle-bracket includes
/// (`<linux/module.h>`) are the kernel's shared headers and are left out.
///
/// Run over every C file of a tree in the C pass, so it looks only at the few places `include`
/// occurs (`memmem`) and checks that its line is `#`, blanks, `include`, blanks, `"path"`.
pub fn local_includes(bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    for at in memchr::memmem::find_iter(bytes, b"include") {
        let line_start = bytes[..at]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let Some(after_hash) = bytes[line_start..at].trim_ascii_start().strip_prefix(b"#") else {
            continue;
        };
        if !after_hash.trim_ascii().is_empty() {
            continue;
        }
        let rest = &bytes[at + b"include".len()..];
        let line = &rest[..memchr::memchr(b'\n', rest).unwrap_or(rest.len())];
        let Some(line) = line.trim_ascii_start().strip_prefix(b"\"") else {
            continue;
        };
        if let Some(end) = memchr::memchr(b'"', line) {
            if end > 0 {
                out.push(String::from_utf8_lossy(&line[..end]).into_owned());
            }
        }
    }
    out
}

/// What the scan knows about the declaration being read at file level (also driven by
/// [`super::c_calls`], which names the definitions this counts).
#[derive(Default)]
pub(super) struct Scanner {
    pub(super) definitions: u32,
    braces: u32,
    parens: u32,
    /// An `=` outside parentheses since the declaration began.
    pub(super) initializer: bool,
    /// Top-level parenthesised groups since the declaration began.
    groups: u32,
    /// Whether the last group followed `__attribute__` (or `__attribute`).
    last_group_is_attribute: bool,
    /// The identifier just before the current top-level `(`.
    previous_identifier_is_attribute: bool,
    /// Since the last top-level `)`, only `__name` identifiers were read (and at least that `)`).
    pub(super) after_group: bool,
}

impl Scanner {
    pub(super) fn at_file_level(&self) -> bool {
        self.braces == 0 && self.parens == 0
    }

    fn reset(&mut self) {
        self.initializer = false;
        self.groups = 0;
        self.last_group_is_attribute = false;
        self.previous_identifier_is_attribute = false;
        self.after_group = false;
    }

    pub(super) fn identifier(&mut self, word: &[u8]) {
        if !self.at_file_level() {
            return;
        }
        self.previous_identifier_is_attribute = matches!(word, b"__attribute__" | b"__attribute");
        if !word.starts_with(b"__") {
            self.after_group = false;
        }
    }

    pub(super) fn other(&mut self) {
        if self.at_file_level() {
            self.after_group = false;
            self.previous_identifier_is_attribute = false;
        }
    }

    /// Whether `paren` (a `(` or `)`) read below file level brings the scan back to it:
    /// only a `)` closing the last open parenthesis outside braces does.
    fn closes_nesting(&self, paren: u8) -> bool {
        paren == b')' && self.braces == 0 && self.parens <= 1
    }

    pub(super) fn open_paren(&mut self) {
        if self.at_file_level() {
            self.groups += 1;
            self.last_group_is_attribute = self.previous_identifier_is_attribute;
            self.after_group = false;
        }
        self.parens += 1;
    }

    pub(super) fn close_paren(&mut self) {
        self.parens = self.parens.saturating_sub(1);
        if self.at_file_level() {
            self.after_group = true;
            self.previous_identifier_is_attribute = false;
        }
    }

    pub(super) fn open_brace(&mut self) {
        if self.at_file_level() {
            let type_with_attribute = self.groups == 1 && self.last_group_is_attribute;
            if self.after_group && !self.initializer && !type_with_attribute {
                self.definitions += 1;
            }
        }
        if self.parens == 0 {
            self.braces += 1;
        }
    }

    pub(super) fn close_brace(&mut self) {
        if self.parens == 0 {
            self.braces = self.braces.saturating_sub(1);
            if self.braces == 0 {
                self.reset();
            }
        }
    }

    pub(super) fn semicolon(&mut self) {
        if self.at_file_level() {
            self.reset();
        }
    }

    pub(super) fn equals(&mut self) {
        if self.at_file_level() {
            self.initializer = true;
            self.after_group = false;
            self.previous_identifier_is_attribute = false;
        }
    }
}

/// Where the preprocessor directive starting at `i` (the `#`) ends: [`skip_directive`]'s
/// answer, for [`super::c_calls`], which reads the directive's text.
pub(super) fn directive_end(bytes: &[u8], i: usize) -> usize {
    skip_directive(bytes, i, Pace::SkipInsideBodies)
}

/// Past a preprocessor directive starting at `i` (the `#`): to the end of its line, lines
/// continued with a backslash included, and past a block comment that starts on it.
fn skip_directive(bytes: &[u8], mut i: usize, pace: Pace) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if bytes.get(i + 1) == Some(&b'\n') => i += 2,
            b'\\' if bytes.get(i + 1) == Some(&b'\r') && bytes.get(i + 2) == Some(&b'\n') => i += 3,
            b'\n' => return i,
            b'/' if bytes.get(i + 1) == Some(&b'*') => i = skip_block_comment(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'/') => return skip_line_comment(bytes, i),
            b'"' | b'\'' => i = skip_literal(bytes, i),
            // Nothing else changes the walk (long runs of `#define` headers are most of it).
            _ if pace == Pace::SkipInsideBodies => i = DIRECTIVE_STOPS.find_from(bytes, i + 1),
            _ => i += 1,
        }
    }
    i
}

/// Past a `//` comment (to its newline, which is left to the caller; continued lines too).
pub(super) fn skip_line_comment(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if bytes.get(i + 1) == Some(&b'\n') => i += 2,
            b'\n' => return i,
            _ => i += 1,
        }
    }
    i
}

/// Past a `/* ... */` comment starting at `i`: past the first `*/` after the `/*`.
///
/// Found as the first `/` preceded by a `*` of the comment (`memchr`): a `memmem` search
/// built its searcher anew for each comment, and a kernel C file has hundreds of them.
pub(super) fn skip_block_comment(bytes: &[u8], i: usize) -> usize {
    let body = i + 2;
    let Some(rest) = bytes.get(body..) else {
        return bytes.len();
    };
    memchr::memchr_iter(b'/', rest)
        .find(|&at| at > 0 && rest[at - 1] == b'*')
        .map_or(bytes.len(), |at| body + at + 1)
}

/// Past a string or character literal starting at `i` (its quote); an unterminated one
/// ends at the end of its line.
pub(super) fn skip_literal(bytes: &[u8], i: usize) -> usize {
    let quote = bytes[i];
    let mut j = i + 1;
    while j < bytes.len() {
        match bytes[j] {
            b'\\' => j += 2,
            b'\n' => return j,
            c if c == quote => return j + 1,
            _ => j += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::count_function_definitions as count;
    use super::{count as count_at, Pace};

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// Skipping inside bodies changes nothing: random texts made of the tokens the scan
        /// reacts to, in any order and nesting.
        #[test]
        fn skipping_inside_bodies_gives_the_byte_by_byte_answer(
            picks in proptest::collection::vec(0usize..24, 0..120),
        ) {
            let pieces: [&[u8]; 24] = [
                b"int", b" f", b"(", b")", b"{", b"}", b";", b"=", b"\n", b"#define X ",
                b"\\\n", b"/*", b"*/", b"//", b"\"", b"'", b"__attribute__", b"__init",
                b"\t", b" ", b"1.5", b"#", b"x", b"\r\n",
            ];
            let text: Vec<u8> = picks.iter().flat_map(|&p| pieces[p].iter().copied()).collect();
            proptest::prop_assert_eq!(
                count_at(&text, Pace::SkipInsideBodies),
                count_at(&text, Pace::ByteByByte)
            );
        }

        /// The same on any bytes: the rarer blanks (`\x0b`, `\x0c`, a lone `\r`), blank runs
        /// longer than a block, and bytes no C file holds.
        #[test]
        fn skipping_inside_bodies_gives_the_byte_by_byte_answer_on_any_bytes(
            text in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600),
            blanks in proptest::collection::vec((0usize..600, 0usize..4, 1usize..150), 0..4),
        ) {
            let mut text = text;
            for (at, kind, run) in blanks {
                let blank = [b' ', b'\t', b'\x0b', b'\x0c'][kind];
                let at = at.min(text.len());
                text.splice(at..at, std::iter::repeat_n(blank, run));
            }
            proptest::prop_assert_eq!(
                count_at(&text, Pace::SkipInsideBodies),
                count_at(&text, Pace::ByteByByte)
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// A block comment ends past the first `*/` after its `/*`, the `memmem` definition.
        #[test]
        fn block_comments_end_past_the_first_close(
            picks in proptest::collection::vec(0usize..5, 0..60),
        ) {
            let pieces: [&[u8]; 5] = [b"/", b"*", b"x", b"/*", b"*/"];
            let text: Vec<u8> = picks.iter().flat_map(|&p| pieces[p].iter().copied()).collect();
            for i in (0..text.len()).filter(|&i| text[i..].starts_with(b"/*")) {
                let by_definition = memchr::memmem::find(&text[i + 2..], b"*/")
                    .map_or(text.len(), |at| i + 2 + at + 2);
                proptest::prop_assert_eq!(super::skip_block_comment(&text, i), by_definition);
            }
        }
    }

    /// The real trees, every C source and header: skipping inside bodies gives the
    /// byte-by-byte answer on each file.
    #[test]
    fn skipping_inside_bodies_gives_the_byte_by_byte_answer_on_real_trees() {
        use rayon::prelude::*;
        for (version, required) in [("7.3", true), ("6.1", false)] {
            let Some(tree) = crate::testing::tree(version, required) else {
                continue;
            };
            let files = crate::testing::c_files(&tree);
            assert!(files.len() > 30_000, "{version}: {} C files", files.len());
            let (definitions, differing): (u64, Vec<String>) = files
                .par_iter()
                .map(|path| {
                    let bytes = std::fs::read(path).unwrap();
                    let fast = count_at(&bytes, Pace::SkipInsideBodies);
                    let slow = count_at(&bytes, Pace::ByteByByte);
                    let differs =
                        (fast != slow).then(|| format!("{}: {fast} {slow}", path.display()));
                    (u64::from(slow), differs.into_iter().collect())
                })
                .reduce(
                    || (0, Vec::new()),
                    |mut a, b| {
                        a.1.extend(b.1);
                        (a.0 + b.0, a.1)
                    },
                );
            assert_eq!(differing, Vec::<String>::new(), "{version}");
            assert!(
                definitions > 400_000,
                "{version}: {definitions} definitions"
            );
        }
    }

    #[test]
    fn definitions_and_not() {
        let text = br#"
// int commented(void) { }
/* int also_commented(void)
{ } */
#include <linux/module.h>
#define MACRO(x) static int x(void) { return 0; }
#define LONG(x) \
	static int x(void) \
	{ return 0; }

struct foo {
	int (*op)(void);
};
struct __attribute__((packed)) bar {
	int a;
};
union __attribute__((packed)) {
	int a;
} u;
enum e { A = 1, B };
static const struct foo ops = {
	.op = one,
};
static int arr[] = { 1, 2 };
int prototype(int a);
static const char *s = "int not(void) {";
static char c = '{';

static int one(void)
{
	if (x) { return 1; }
	return 0;
}

static inline int __must_check two(struct foo *f) __acquires(f)
{
	return 0;
}

void __noreturn three(void) __cold
{
	for (;;) {}
}

SYSCALL_DEFINE1(four, int, a)
{
	return 0;
}

TRACE_EVENT(ev, TP_fast_assign({ x = 1; }));

int (*five(int a))(int)
{
	return 0;
}

#ifdef CONFIG_X
static void six(void) { }
#else
static void six(void) { }
#endif
MODULE_LICENSE("GPL");
"#;
        // one, two, three, four (a macro at the place of use), five, six twice.
        assert_eq!(count(text), 7);
    }

    #[test]
    fn small_cases() {
        assert_eq!(count(b"int (*five(int a))(int)\n{\n\treturn 0;\n}\n"), 1);
        assert_eq!(
            count(b"TRACE_EVENT(ev, TP_fast_assign({ x = 1; }));\nint f(void)\n{\n}\n"),
            1
        );
        assert_eq!(
            count(b"SYSCALL_DEFINE1(four, int, a)\n{\n\treturn 0;\n}\n"),
            1
        );
        assert_eq!(
            count(b"void __noreturn three(void) __cold\n{\n\tfor (;;) {}\n}\n"),
            1
        );
        assert_eq!(
            count(b"static inline int __must_check two(struct foo *f) __acquires(f)\n{\n}\n"),
            1
        );
        assert_eq!(
            count(b"static int one(void)\n{\n\tif (x) { return 1; }\n\treturn 0;\n}\n"),
            1
        );
    }

    #[test]
    fn includes() {
        let text = b"#include <linux/x.h>\n#include \"a.h\"\n  #  include \"sub/b.h\" // c\n#include \"\"\n#include \"open\n";
        assert_eq!(super::local_includes(text), ["a.h", "sub/b.h"]);
    }

    #[test]
    fn odd_input() {
        for text in [
            &b""[..],
            b"{",
            b"}}}}",
            b")))){",
            b"int f(void) {",
            b"\"unterminated",
            b"/* unterminated",
            b"#define X \\",
            b"'",
            b"int f(\xff\xfe) {}",
        ] {
            let _ = count(text);
        }
        assert_eq!(count(b"int f(void) {"), 1);
        assert_eq!(count(b")))){"), 1);
    }
}
