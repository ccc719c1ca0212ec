//! Perl's text semantics, which cloc's rules are written in: what `\s` and `$` match, lines
//! as `<$IN>` reads them, and cloc's patterns compiled once for the `regex` crate. Shared by
//! the counter ([`super::cloc`]), its rarer filters, and the language decisions.

use regex::bytes::Regex;
use std::sync::OnceLock;

/// Perl's `\s` on a byte string: space, tab, newline, vertical tab, form feed, carriage return.
#[inline]
pub(crate) fn is_perl_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Lines as Perl's `<$IN>` reads them, newline included.
pub(crate) fn regex_lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    bytes.split_inclusive(|&b| b == b'\n')
}

/// A Perl line pattern for the `regex` crate, to match against a whole line, newline included:
/// Perl's `$` (without `/m`) matches at the end or before a final newline, so each `$`
/// outside a character class becomes `\n?\z`. (Classes and `\s` still see the newline, as in
/// Perl: `#[^,]` matches a line that is only `#`.)
pub(crate) fn perl_line_pattern(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut chars = pattern.chars();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // A `]` right after `[` or `[^` is a literal member.
                let rest = chars.as_str();
                let skip = if rest.starts_with("^]") {
                    2
                } else if rest.starts_with(']') {
                    1
                } else {
                    0
                };
                out.push_str(&rest[..skip]);
                chars = rest[skip..].chars();
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            '$' if !in_class => out.push_str(r"(?:\n?\z)"),
            _ => out.push(c),
        }
    }
    out
}

/// A line without its final newline: where Perl's `$` matches, when a pattern has no `/m`.
#[inline]
pub(crate) fn line_body(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\n").unwrap_or(line)
}

/// `f` on this thread's copy of `regex`. A regex keeps its search caches in a pool, and a
/// search from any thread but the pool's first user takes the pool's lock and returns the
/// cache after (the `regex` crate advises a clone per thread: a clone has a pool of its own).
/// Shared by the threads of a report, those locks were 3 % of its samples. Copies are keyed
/// by address, which only a `'static` regex (never freed, so never reused) keeps for good,
/// and live as long as the thread.
pub(crate) fn on_this_thread<R>(regex: &'static Regex, f: impl FnOnce(&Regex) -> R) -> R {
    thread_local! {
        static COPIES: std::cell::RefCell<rustc_hash::FxHashMap<usize, Regex>> =
            std::cell::RefCell::default();
    }
    COPIES.with(|copies| {
        let mut copies = copies.borrow_mut();
        let copy = copies
            .entry(std::ptr::from_ref(regex) as usize)
            .or_insert_with(|| regex.clone());
        f(copy)
    })
}

/// A compiled line pattern. Patterns in the table are written in the `regex` crate's syntax
/// with Perl's meaning; they are matched case-insensitively on bytes, as cloc's `m{...}i` is.
pub(crate) fn line_regex(pattern: &'static str) -> &'static Regex {
    cached_regex(pattern, true)
}

/// A compiled pattern matched as written (cloc's `m{...}` without `i`).
pub(crate) fn case_sensitive_regex(pattern: &'static str) -> &'static Regex {
    cached_regex(pattern, false)
}

/// A compiled pattern for replacing in a line's body (its newline set aside), `$` as written.
pub(crate) fn replacing_regex(pattern: &'static str) -> &'static Regex {
    static CACHE: OnceLock<std::sync::Mutex<Vec<(&'static str, &'static Regex)>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, re)) = cache.iter().find(|(p, _)| *p == pattern) {
        return re;
    }
    let re: &'static Regex = Box::leak(Box::new(
        Regex::new(&format!("(?-u){pattern}")).expect("patterns in the language table are valid"),
    ));
    cache.push((pattern, re));
    re
}

pub(crate) fn cached_regex(pattern: &'static str, ignore_case: bool) -> &'static Regex {
    type Cache = Vec<(&'static str, bool, &'static Regex)>;
    static CACHE: OnceLock<std::sync::Mutex<Cache>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, _, re)) = cache
        .iter()
        .find(|(p, i, _)| *i == ignore_case && (std::ptr::eq(*p, pattern) || *p == pattern))
    {
        return re;
    }
    let flags = if ignore_case { "(?i-u)" } else { "(?-u)" };
    let re: &'static Regex = Box::leak(Box::new(
        Regex::new(&format!("{flags}{}", perl_line_pattern(pattern)))
            .expect("patterns in the language table are valid"),
    ));
    cache.push((pattern, ignore_case, re));
    re
}
