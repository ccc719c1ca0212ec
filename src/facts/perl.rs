//! Perl's text semantics, which cloc's rules are written in: what `\s` and `$` match, lines
//! as `<$IN>` reads them, and cloc's patterns compiled once for the `regex` crate. Shared by
//! the counter ([`super::cloc`]), its rarer filters, and the language decisions.

use regex::bytes::Regex;
use std::sync::{Mutex, OnceLock};

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

/// How a `remove_matches` pattern decides a line: most of the table's patterns are `^\s*`
/// and a literal (`#`, `;`, `//`, `\@`, ...) or `^\s*$`, which a regex search answers at a
/// cost a kernel tree's profile shows (the line filters ran the regex engine on every line of
/// every shell, YAML, make, text ... file), while skipping the white space and comparing a
/// few bytes gives the same answer. The analysis is here, next to what the regexes mean, and
/// runs once per pattern ([`LinePattern::of`] keeps it, as the regexes are kept).
///
/// What the compiled regex (`(?i-u)` and [`perl_line_pattern`]) does, and so what the fast
/// variants do: `\s` is [`is_perl_space`]'s six bytes, newline included; `$` became
/// `\n?\z`, so `^\s*$` holds exactly when every byte is white space; case folds for ASCII
/// letters only, other bytes (UTF-8 of `⍝` included) match as they are. A literal that starts
/// with a space would let `\s*` stop early, so such a literal keeps the regex.
#[derive(Debug)]
pub(crate) enum LinePattern {
    /// `^\s*$`: the line is white space only (its newline included).
    Blank,
    /// `^\s*` and these bytes (ASCII case-insensitive), the first not white space.
    IndentedLiteral(Box<[u8]>),
    /// `^` and these bytes (ASCII case-insensitive): the line starts with them.
    StartsWith(Box<[u8]>),
    /// These bytes anywhere in the line (no ASCII letter among them, so case does not matter).
    Contains(Box<[u8]>),
    /// Any other pattern: the compiled [`line_regex`].
    Regex(&'static Regex),
}

impl LinePattern {
    /// The pattern's matcher, analysed (and, if it needs one, compiled) once per run.
    pub(crate) fn of(pattern: &'static str) -> &'static LinePattern {
        static KEPT: Kept<&'static str, LinePattern> = Kept::new();
        KEPT.get(pattern, || LinePattern::analyse(pattern))
    }

    /// What `pattern` is: `^\s*$`, `^\s*` and a literal, `^` and a literal, a literal
    /// without letters, or anything else (a regex).
    fn analyse(pattern: &'static str) -> LinePattern {
        let Some(rest) = pattern.strip_prefix(r"^\s*") else {
            if let Some(bytes) = pattern.strip_prefix('^').and_then(literal) {
                return LinePattern::StartsWith(bytes.into_boxed_slice());
            }
            return match literal(pattern) {
                Some(bytes) if !bytes.iter().any(u8::is_ascii_alphabetic) => {
                    LinePattern::Contains(bytes.into_boxed_slice())
                }
                _ => LinePattern::Regex(line_regex(pattern)),
            };
        };
        if rest == "$" {
            return LinePattern::Blank;
        }
        match literal(rest) {
            Some(bytes) if bytes.first().is_some_and(|&b| !is_perl_space(b)) => {
                LinePattern::IndentedLiteral(bytes.into_boxed_slice())
            }
            _ => LinePattern::Regex(line_regex(pattern)),
        }
    }

    /// Whether the pattern matches `line` (a line as read, its newline included).
    #[inline]
    pub(crate) fn is_match(&self, line: &[u8]) -> bool {
        match self {
            LinePattern::Regex(regex) => on_this_thread(regex, |regex| regex.is_match(line)),
            LinePattern::Blank | LinePattern::IndentedLiteral(_) => {
                self.is_match_indented(line, indentation(line))
            }
            // Neither reads the indentation.
            LinePattern::StartsWith(_) | LinePattern::Contains(_) => {
                self.is_match_indented(line, 0)
            }
        }
    }

    /// [`is_match`](Self::is_match) for a line whose [`indentation`] is known.
    #[inline]
    pub(crate) fn is_match_indented(&self, line: &[u8], indentation: usize) -> bool {
        match self {
            LinePattern::Blank => indentation == line.len(),
            LinePattern::IndentedLiteral(literal) => line[indentation..]
                .get(..literal.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(literal)),
            LinePattern::StartsWith(literal) => line
                .get(..literal.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(literal)),
            LinePattern::Contains(literal) => memchr::memmem::find(line, literal).is_some(),
            LinePattern::Regex(regex) => on_this_thread(regex, |regex| regex.is_match(line)),
        }
    }

    /// Whether the pattern is answered without the regex engine.
    pub(crate) fn is_fast(&self) -> bool {
        !matches!(self, LinePattern::Regex(_))
    }
}

/// How many bytes of Perl's `\s` start `line` (all of them for a blank line).
#[inline]
pub(crate) fn indentation(line: &[u8]) -> usize {
    line.iter()
        .position(|&b| !is_perl_space(b))
        .unwrap_or(line.len())
}

/// The bytes `pattern` matches if it is a plain literal in the `regex` crate's syntax:
/// characters that are not syntax outside a class, and escaped ASCII punctuation (but `\<`
/// and `\>`, word boundaries). `None` for anything else.
pub(crate) fn literal(pattern: &str) -> Option<Vec<u8>> {
    let mut bytes = Vec::with_capacity(pattern.len());
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        let c = match c {
            '\\' => match chars.next()? {
                e if e.is_ascii_punctuation() && !matches!(e, '<' | '>') => e,
                _ => return None,
            },
            '.' | '+' | '*' | '?' | '(' | ')' | '|' | '[' | ']' | '{' | '}' | '^' | '$' => {
                return None
            }
            c => c,
        };
        let mut utf8 = [0; 4];
        bytes.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
    }
    (!bytes.is_empty()).then_some(bytes)
}

/// A compiled pattern matched as written (cloc's `m{...}` without `i`).
pub(crate) fn case_sensitive_regex(pattern: &'static str) -> &'static Regex {
    cached_regex(pattern, false)
}

/// A compiled pattern for replacing in a line's body (its newline set aside), `$` as written.
pub(crate) fn replacing_regex(pattern: &'static str) -> &'static Regex {
    static KEPT: Kept<&'static str, Regex> = Kept::new();
    KEPT.get(pattern, || {
        Regex::new(&format!("(?-u){pattern}")).expect("patterns in the language table are valid")
    })
}

pub(crate) fn cached_regex(pattern: &'static str, ignore_case: bool) -> &'static Regex {
    static KEPT: Kept<(&'static str, bool), Regex> = Kept::new();
    KEPT.get((pattern, ignore_case), || {
        let flags = if ignore_case { "(?i-u)" } else { "(?-u)" };
        Regex::new(&format!("{flags}{}", perl_line_pattern(pattern)))
            .expect("patterns in the language table are valid")
    })
}

/// What the language tables' patterns become (regexes, [`LinePattern`]s), made once per key
/// for the whole run and kept (leaked), so that callers hold `'static` references: the
/// per-thread regex copies of [`on_this_thread`] are keyed by that address. Found by a linear
/// search: the tables hold a few hundred patterns.
struct Kept<K: 'static, T: 'static>(OnceLock<Mutex<Vec<(K, &'static T)>>>);

impl<K: PartialEq + Copy, T> Kept<K, T> {
    const fn new() -> Self {
        Kept(OnceLock::new())
    }

    /// The value for `key`, made by `make` the first time it is asked for.
    fn get(&self, key: K, make: impl FnOnce() -> T) -> &'static T {
        let kept = self.0.get_or_init(Default::default);
        let mut kept = kept.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, known)) = kept.iter().find(|(k, _)| *k == key) {
            return known;
        }
        let known: &'static T = Box::leak(Box::new(make()));
        kept.push((key, known));
        known
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::languages::{ClocVersion, Filter};

    /// Every `remove_matches` pattern of the three tables, once each, in the tables' order.
    fn table_patterns() -> Vec<&'static str> {
        let mut patterns: Vec<&'static str> = Vec::new();
        for language in ClocVersion::ALL.iter().flat_map(|v| v.table().languages) {
            for filter in language.filters {
                if let Filter::RemoveMatches(p) = filter {
                    if !patterns.contains(p) {
                        patterns.push(p);
                    }
                }
            }
        }
        patterns
    }

    /// The table patterns that skip the regex engine.
    fn fast_patterns() -> Vec<&'static str> {
        table_patterns()
            .into_iter()
            .filter(|p| !matches!(LinePattern::analyse(p), LinePattern::Regex(_)))
            .collect()
    }

    /// A change to a table that adds or removes a pattern of the fast kind shows here.
    #[test]
    fn these_table_patterns_skip_the_regex_engine() {
        let mut fast = fast_patterns();
        fast.sort_unstable();
        let mut expected = vec![
            r"/\*",
            r"\*/",
            r"^#",
            r"^\*",
            r"^\+\+\+",
            r"^\-\-\-",
            r"^\s*!",
            r"^\s*#",
            r"^\s*##",
            r"^\s*#!",
            r"^\s*#_",
            r"^\s*$",
            r"^\s*%",
            r"^\s*&&",
            r"^\s*'",
            r"^\s*\$",
            r"^\s*\$#",
            r"^\s*\%",
            r"^\s*\&\&",
            r"^\s*\*",
            r"^\s*\-\*",
            r"^\s*\-\-",
            r"^\s*\/\/",
            r"^\s*\@",
            r"^\s*\|",
            r"^\s*\\\*",
            r#"^\s*""#,
            r"^\s*--",
            r"^\s*//",
            r"^\s*::",
            r"^\s*;",
            r"^\s*;;",
            r"^\s*<% #",
            r"^\s*Comment",
            r"^\s*NOTE",
            r"^\s*Note",
            r"^\s*note",
            r"^\s*rem",
            r"^\s*⍝",
        ];
        expected.sort_unstable();
        assert_eq!(fast, expected);
        assert!(matches!(LinePattern::analyse(r"^\s*$"), LinePattern::Blank));
        assert!(matches!(
            LinePattern::analyse(r"^\s*\-\-"),
            LinePattern::IndentedLiteral(l) if &l[..] == b"--"
        ));
        assert!(matches!(
            LinePattern::analyse(r"^\+\+\+"),
            LinePattern::StartsWith(l) if &l[..] == b"+++"
        ));
        assert!(matches!(
            LinePattern::analyse(r"\*/"),
            LinePattern::Contains(l) if &l[..] == b"*/"
        ));
        // Syntax after the literal, a dot, a class, a repetition, a code-point escape, a literal
        // that starts with a space, a word boundary, and a literal anywhere that holds a
        // letter (case folds): the regex.
        for p in [
            r"^\s*\\.*$",
            r"^\s*xml_markup.comment!",
            r"^\s*#[^,]",
            r"^\s*\|{3}",
            r"^\s*\x{c2ab}{3}",
            r"^\s* #",
            r"^\s*\<a",
            r"^\s*;\s*$",
            r"//.*$",
            r"--x",
            r"^#$",
        ] {
            assert!(
                matches!(LinePattern::analyse(p), LinePattern::Regex(_)),
                "{p}"
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// For every table pattern that skips the regex engine, the answer is the compiled
        /// regex's: lines of white space (all six of Perl's `\s`), the literal in either case
        /// and in mixed case, its prefixes (split UTF-8 included), and other bytes, high ones
        /// among them.
        #[test]
        fn the_fast_line_patterns_answer_as_the_regex_does(
            picks in proptest::collection::vec((0usize..14, proptest::prelude::any::<u8>()), 0..10),
            newline in proptest::bool::ANY,
        ) {
            for pattern in fast_patterns() {
                let literal: Vec<u8> = match LinePattern::analyse(pattern) {
                    LinePattern::IndentedLiteral(l)
                    | LinePattern::StartsWith(l)
                    | LinePattern::Contains(l) => l.into_vec(),
                    LinePattern::Blank => b"x".to_vec(),
                    LinePattern::Regex(_) => unreachable!(),
                };
                let mixed = |bits: u8| -> Vec<u8> {
                    literal
                        .iter()
                        .enumerate()
                        .map(|(i, b)| {
                            if bits >> (i % 8) & 1 == 1 {
                                b.to_ascii_uppercase()
                            } else {
                                b.to_ascii_lowercase()
                            }
                        })
                        .collect()
                };
                let mut line = Vec::new();
                for &(pick, byte) in &picks {
                    match pick {
                        0 => line.push(b' '),
                        1 => line.push(b'\t'),
                        2 => line.push(0x0b),
                        3 => line.push(0x0c),
                        4 => line.push(b'\r'),
                        5 => line.push(b'\n'),
                        6 => line.extend_from_slice(&literal),
                        7 => line.extend_from_slice(&literal.to_ascii_uppercase()),
                        8 => line.extend_from_slice(&literal.to_ascii_lowercase()),
                        9 => line.extend_from_slice(&mixed(byte)),
                        10 => line.extend_from_slice(&mixed(byte)[..usize::from(byte) % literal.len()]),
                        11 => line.push(byte | 0x80),
                        12 => line.push(byte & 0x7f),
                        _ => line.push(byte),
                    }
                }
                if newline {
                    line.push(b'\n');
                }
                let fast = LinePattern::of(pattern).is_match(&line);
                let regex = line_regex(pattern).is_match(&line);
                proptest::prop_assert_eq!(fast, regex, "{} on {:?}", pattern, line.escape_ascii().to_string());
            }
        }
    }
}
