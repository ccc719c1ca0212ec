//! Which language a file is in, decided the way cloc 1.96's `classify_file` decides it: ignored
//! names first, then whole file names, then extensions (triple, double, single), then a
//! file-name prefix, then a `#!` line or an XML declaration. Extensions several languages share
//! (`.m`, `.pl`, `.inc`, `.cls`, `.d`, `.fs`, `.v`, `.pro`, `.ts`, ...) are settled by cloc's
//! content tests, reproduced here one by one.

use super::byte_set::ByteSet;
use super::languages::{lookup, ClocVersion, Language, LanguageTable, Resolve};
use super::perl::regex_lines;
use regex::bytes::Regex;

/// The outcome of classifying a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Classification {
    /// A language kcensus counts.
    Counted(&'static Language),
    /// Not counted, with the reason.
    NotCounted(&'static str),
}

/// Classify a file by its path (only the file name matters) and content, by cloc 1.96's rules.
pub fn classify(path: &str, bytes: &[u8]) -> Classification {
    classify_as(ClocVersion::default(), path, bytes)
}

/// Classify a file by the rules of cloc `version`.
pub fn classify_as(version: ClocVersion, path: &str, bytes: &[u8]) -> Classification {
    let table = version.table();
    let name = path.rsplit('/').next().unwrap_or(path);
    if table.not_code_file_names.binary_search(&name).is_ok() {
        return Classification::NotCounted("documentation file name");
    }
    if name.ends_with('~') {
        return Classification::NotCounted("editor backup file");
    }
    if let Some(resolution) = lookup(table.file_names, name) {
        return resolve(table, resolution, bytes);
    }
    let extensions = extensions_of(name);
    if !extensions.is_empty() {
        for ext in extensions {
            if table.not_code_extensions.binary_search(&ext).is_ok() {
                return Classification::NotCounted("not code (by extension)");
            }
            if let Some(resolution) = lookup(table.extensions, ext) {
                return resolve(table, resolution, bytes);
            }
        }
        // `s/^(.*?)\.\S+$/$1/`: the name up to its first dot followed by no white space.
        if let Some(language) = prefix_of(name).and_then(|stem| lookup(table.prefixes, stem)) {
            return counted(table, language);
        }
    } else if let Some(resolution) = lookup(table.file_names, &name.to_ascii_lowercase()) {
        return resolve(table, resolution, bytes);
    }
    from_first_line(table, bytes)
}

/// cloc's stem for `%Language_by_Prefix`: the shortest `(.*?)` such that the rest is a dot and
/// at least one non-space character, to the end.
fn prefix_of(name: &str) -> Option<&str> {
    let bytes = name.as_bytes();
    (0..bytes.len())
        .find(|&at| {
            bytes[at] == b'.'
                && at + 1 < bytes.len()
                && bytes[at + 1..]
                    .iter()
                    .all(|&b| !super::perl::is_perl_space(b))
        })
        .map(|at| &name[..at])
        .filter(|stem| !stem.is_empty())
}

fn counted(table: &LanguageTable, name: &'static str) -> Classification {
    match table.language_named(name) {
        Some(language)
            if language
                .filters
                .contains(&super::languages::Filter::Unsupported) =>
        {
            Classification::NotCounted(NOT_REPRODUCED)
        }
        Some(language) => Classification::Counted(language),
        None => Classification::NotCounted("language without counting rules"),
    }
}

/// Why a file whose language has a cloc filter kcensus does not reproduce is not counted.
pub const NOT_REPRODUCED: &str = "language whose cloc filter kcensus does not reproduce";

/// cloc's candidate extensions, most specific first: `a.b.c.d` gives `b.c.d`, `c.d`, `d`.
fn extensions_of(name: &str) -> Vec<&str> {
    let mut found = Vec::with_capacity(3);
    // `/\.([^\.]+)$/` and its double and triple forms: each part non-empty.
    let parts: Vec<&str> = name.split('.').collect();
    if parts.len() < 2 || parts.last().is_some_and(|p| p.is_empty()) {
        return found;
    }
    for take in [3usize, 2, 1] {
        if parts.len() > take {
            let tail = &parts[parts.len() - take..];
            if tail.iter().all(|p| !p.is_empty()) {
                let start = name.len() - tail.iter().map(|p| p.len()).sum::<usize>() - (take - 1);
                found.push(&name[start..]);
            }
        }
    }
    found
}

/// The language an extension or file name gives, running cloc's content test when it is
/// ambiguous.
fn resolve(table: &LanguageTable, resolution: Resolve, bytes: &[u8]) -> Classification {
    let choice = match resolution {
        Resolve::Language(name) => return counted(table, name),
        Resolve::Ambiguous(choice) => choice,
    };
    let language = match choice {
        "MATLAB/Mathematica/Objective-C/MUMPS/Mercury" => matlab_family(bytes),
        "Perl/Prolog" => perl_or_prolog(bytes),
        "C#/Smalltalk" => {
            super::ambiguous::csharp_or_smalltalk(bytes, table.version >= ClocVersion::V2_04)
        }
        "Raku/Prolog" => match perl_or_prolog(bytes) {
            "Perl" => "Raku",
            other => other,
        },
        "PHP/Pascal" => {
            if super::ambiguous::really_is_php(bytes) {
                "PHP"
            } else if super::ambiguous::really_is_incpascal(bytes) {
                "Pascal"
            } else {
                return Classification::NotCounted("unknown language");
            }
        }
        "D/dtrace" => match script_interpreter(bytes) {
            None => "D",
            Some(interpreter) => match lookup(table.interpreters, &interpreter) {
                Some(language) => language,
                None => return Classification::NotCounted("unknown language"),
            },
        },
        "Smarty" => {
            if super::ambiguous::really_is_smarty(bytes) {
                "Smarty"
            } else {
                return Classification::NotCounted("unknown language");
            }
        }
        "Brainfuck" => {
            if super::ambiguous::really_is_bf(bytes) {
                "Brainfuck"
            } else {
                return Classification::NotCounted("unknown language");
            }
        }
        // cloc 2.04 renamed the language Qt to "XML (Qt/GTK)".
        "Qt/Glade" | "XML-Qt-GTK/Glade" => {
            let glade =
                regex_lines(bytes).any(|l| contains_ci_words(l, &["generated", "with", "glade"]));
            if glade {
                "Glade"
            } else if choice == "Qt/Glade" {
                "Qt"
            } else {
                "XML (Qt/GTK)"
            }
        }
        other => {
            let decided = match super::ambiguous::decide(other, bytes) {
                Some(language) => Some(language),
                // cloc 2.04 and 2.08's tests; `None` also when the test finds no language.
                None => super::ambiguous_newer::decide(other, bytes).flatten(),
            };
            match decided {
                Some(language) => language,
                None => return Classification::NotCounted("unknown language"),
            }
        }
    };
    counted(table, language)
}

/// `/generated\s+with\s+glade/i`
fn contains_ci_words(line: &[u8], words: &[&str]) -> bool {
    let lower = line.to_ascii_lowercase();
    let mut rest: &[u8] = &lower;
    'outer: while let Some(at) = memchr::memmem::find(rest, words[0].as_bytes()) {
        let mut pos = at + words[0].len();
        for word in &words[1..] {
            let spaces = rest[pos..]
                .iter()
                .take_while(|&&b| super::perl::is_perl_space(b))
                .count();
            if spaces == 0 || !rest[pos + spaces..].starts_with(word.as_bytes()) {
                rest = &rest[at + 1..];
                continue 'outer;
            }
            pos += spaces + word.len();
        }
        return true;
    }
    false
}

/// cloc's `Perl_or_Prolog` scoring.
fn perl_or_prolog(bytes: &[u8]) -> &'static str {
    use std::sync::OnceLock;
    static RES: OnceLock<[Regex; 9]> = OnceLock::new();
    let [shebang, pod, semicolon, brace, sub, heredoc, special, prolog_end, neck] = RES
        .get_or_init(|| {
            [
                r"^#!.*?\bperl",
                r"^=(head|over|item|cut)",
                r";\s*\n?$",
                r"[{}]",
                r"^\s*sub\s+",
                r"<<'",
                r"\$(\w+->|[_!])",
                r"\.\s*\n?$",
                r":-",
            ]
            .map(|p| Regex::new(&format!("(?-u){p}")).expect("valid"))
        });
    let (mut perl, mut prolog) = (0i64, 0i64);
    for (index, line) in regex_lines(bytes).enumerate() {
        if line.iter().all(|&b| super::perl::is_perl_space(b)) {
            continue;
        }
        if index == 0 && shebang.is_match(line) {
            perl = 100;
            break;
        }
        for re in [pod, semicolon, brace, sub, heredoc, special] {
            perl += i64::from(re.is_match(line));
        }
        if !line.contains(&b'#') && prolog_end.is_match(line) {
            prolog += 1;
        }
        prolog += i64::from(neck.is_match(line));
    }
    if perl > prolog {
        "Perl"
    } else {
        "Prolog"
    }
}

/// cloc's `matlab_or_objective_C` scoring for `.m` files.
fn matlab_family(bytes: &[u8]) -> &'static str {
    use std::sync::OnceLock;
    static RES: OnceLock<Vec<Regex>> = OnceLock::new();
    let res = RES.get_or_init(|| {
        [
            r"^\s*/\*|^\s*//",                                                          // 0
            r"^:-\s+",                                                                  // 1
            r"\w+\s*=\s*\[",                                                            // 2
            r"\w+\[",                                                                   // 3
            r"^\s*\w+\s*=\s*",                                                          // 4
            r"^\s*\.?(\w)\s+(\w)",                                                      // 5
            r"^\s*;",                                                                   // 6
            r"^\s*#(include|import)",                                                   // 7
            r"^\s*@(interface|implementation|protocol|public|protected|private|end)\s", // 8
            r"^\s*BeginPackage",                                                        // 9
            r"^\s*\[",                                                                  // 10
            r"^\sK(ill)?\s+",                                                           // 11
            r"^\s*function",                                                            // 12
            r"^\s*%",                                                                   // 13
            r"^[A-Z]",                                                                  // 14
        ]
        .iter()
        .map(|p| Regex::new(&format!("(?-u){p}")).expect("valid"))
        .collect()
    });
    let (mut matlab, mut mathematica, mut objc, mut mumps, mut mercury) =
        (0i64, 0i64, 0i64, 0i64, 0i64);
    for (index, line) in regex_lines(bytes).enumerate() {
        if index == 0 && res[14].is_match(line) {
            mumps += 1;
        }
        if res[0].is_match(line) {
            objc += 5;
            matlab -= 5;
        } else if res[1].is_match(line) {
            mercury = 1000;
            break;
        } else if res[2].is_match(line) {
            matlab += 5;
        }
        if res[3].is_match(line) {
            mathematica += 2;
        } else if res[4].is_match(line) {
            mumps -= 1;
        } else if let Some(c) = res[5].captures(line) {
            let digit = |i: usize| c.get(i).is_some_and(|m| m.as_bytes()[0].is_ascii_digit());
            if !digit(1) && !digit(2) {
                mumps += 1;
            }
        } else if res[6].is_match(line) {
            mumps += 1;
        }
        if res[7].is_match(line) || res[8].is_match(line) {
            objc = 1000;
            matlab = 0;
            break;
        } else if res[9].is_match(line) {
            mathematica += 2;
        } else if res[10].is_match(line) {
            matlab += 5;
        } else if res[11].is_match(line) {
            mumps += 5;
        } else if res[12].is_match(line) || res[13].is_match(line) {
            objc -= 1;
            matlab += 1;
        }
    }
    // Highest score wins; ties go to the alphabetically first name.
    let mut scores = [
        ("MATLAB", matlab),
        ("Mathematica", mathematica),
        ("MUMPS", mumps),
        ("Mercury", mercury),
        ("Objective-C", objc),
    ];
    scores.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    scores[0].0
}

/// The interpreter a first `#!` line names (cloc's `peek_at_first_line`): the program's base
/// name, or the word after it when the program is `env`.
fn script_interpreter(bytes: &[u8]) -> Option<String> {
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let rest = first.strip_prefix(b"#!")?;
    let words: Vec<&[u8]> = rest
        .split(|&b| super::perl::is_perl_space(b))
        .filter(|w| !w.is_empty())
        .collect();
    let program = words.first()?;
    let base = |w: &[u8]| -> String {
        let text = String::from_utf8_lossy(w).into_owned();
        let trimmed = text.trim_end_matches('/');
        trimmed.rsplit('/').next().unwrap_or(trimmed).to_string()
    };
    let interpreter = base(program);
    if interpreter == "env" && words.len() > 1 {
        return Some(String::from_utf8_lossy(words[1]).into_owned());
    }
    Some(interpreter)
}

/// No usable extension: a `#!` line names the interpreter, or an XML declaration says XML.
fn from_first_line(table: &LanguageTable, bytes: &[u8]) -> Classification {
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or(&[]);
    if let Some(interpreter) = script_interpreter(bytes) {
        if let Some(language) = lookup(table.interpreters, &interpreter) {
            return counted(table, language);
        }
    }
    // `/<\?xml\s/`
    let xml_declaration = memchr::memmem::find_iter(first, b"<?xml").any(|at| {
        first
            .get(at + 5)
            .is_some_and(|&b| super::perl::is_perl_space(b))
    });
    if xml_declaration {
        return counted(table, "XML");
    }
    Classification::NotCounted("unknown language")
}

/// Whether `b` is printable ASCII or one of the white space and control bytes Perl's `-B`
/// test takes as text (backspace, escape).
const fn is_plain_text(b: u8) -> bool {
    (b >= 0x20 && b < 0x7f) || matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x08 | 0x1b)
}

/// The bytes that are not [`is_plain_text`] (155 of them): NUL, the other control bytes, DEL
/// and every non-ASCII byte.
const NOT_PLAIN_TEXT: [u8; 155] = {
    let mut out = [0u8; 155];
    let (mut b, mut n) = (0usize, 0usize);
    while b < 256 {
        if !is_plain_text(b as u8) {
            out[n] = b as u8;
            n += 1;
        }
        b += 1;
    }
    assert!(n == 155);
    out
};

/// [`NOT_PLAIN_TEXT`], found 64 bytes at a time.
static NOT_PLAIN_TEXT_SET: ByteSet = ByteSet::new(&NOT_PLAIN_TEXT);

/// Perl's `-B` test, which cloc uses to skip binary files: the first block (512 bytes) holds a
/// NUL, or more than a third of it is neither printable ASCII nor common white space and it is
/// not valid UTF-8.
pub fn looks_binary(bytes: &[u8]) -> bool {
    let block = &bytes[..bytes.len().min(512)];
    if block.is_empty() {
        return true;
    }
    // Every file's first block comes here, and nearly all hold only plain text: that is
    // decided 64 bytes at a time.
    if NOT_PLAIN_TEXT_SET.find_from(block, 0) == block.len() {
        return false;
    }
    if !block.is_ascii() && utf8_allowing_cut_tail(block) {
        return false;
    }
    if memchr::memchr(0, block).is_some() {
        return true;
    }
    // Only blocks with a byte that is not plain text come here.
    let odd = block
        .iter()
        .map(|&b| usize::from(!is_plain_text(b)))
        .sum::<usize>();
    odd * 3 > block.len()
}

/// Valid UTF-8, where the block may end in the middle of a character.
fn utf8_allowing_cut_tail(block: &[u8]) -> bool {
    match std::str::from_utf8(block) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(path: &str, bytes: &[u8]) -> &'static str {
        match classify(path, bytes) {
            Classification::Counted(l) => l.name,
            Classification::NotCounted(r) => r,
        }
    }

    #[test]
    fn by_name_extension_and_first_line() {
        assert_eq!(name("drivers/a.c", b""), "C");
        assert_eq!(name("include/a.h", b""), "C/C++ Header");
        assert_eq!(name("arch/x86/a.S", b""), "Assembly");
        assert_eq!(name("rust/kernel/lib.rs", b""), "Rust");
        assert_eq!(name("Makefile", b""), "make");
        assert_eq!(name("Kbuild", b""), "unknown language");
        assert_eq!(
            name("scripts/checkpatch.pl", b"#!/usr/bin/env perl\n"),
            "Perl"
        );
        assert_eq!(name("scripts/foo", b"#!/usr/bin/env python3\n"), "Python");
        assert_eq!(name("scripts/bar", b"#!/bin/sh\n"), "Bourne Shell");
        assert_eq!(name("x/data", b"<?xml version=\"1.0\"?>\n"), "XML");
        assert_eq!(name("Documentation/a.rst.txt", b""), "reStructuredText");
        assert_eq!(name("README", b""), "documentation file name");
        assert_eq!(name("a.gitignore", b""), "not code (by extension)");
        assert_eq!(name(".gitignore", b""), "not code (by extension)");
    }

    #[test]
    fn extension_candidates() {
        assert_eq!(extensions_of("a.b.c.d"), vec!["b.c.d", "c.d", "d"]);
        assert_eq!(extensions_of("x.rs"), vec!["rs"]);
        assert_eq!(extensions_of("noext"), Vec::<&str>::new());
        assert_eq!(extensions_of("trail."), Vec::<&str>::new());
    }

    /// Perl's `-B` test as first written here, byte by byte: the definition the fast paths
    /// of [`looks_binary`] must agree with.
    fn looks_binary_by_definition(bytes: &[u8]) -> bool {
        let block = &bytes[..bytes.len().min(512)];
        if block.is_empty() {
            return true;
        }
        if !block.is_ascii() && utf8_allowing_cut_tail(block) {
            return false;
        }
        let mut odd = 0usize;
        for &b in block {
            if b == 0 {
                return true;
            }
            let printable = (0x20..0x7f).contains(&b);
            let space = matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c);
            if !(printable || space || b == 0x08 || b == 0x1b) {
                odd += 1;
            }
        }
        odd * 3 > block.len()
    }

    #[test]
    fn binary_test_agrees_with_its_definition_on_every_byte_value() {
        for v in 0..=255u8 {
            let mut late = vec![b'a'; 600];
            late[511] = v;
            let mut past = vec![b'a'; 600];
            past[512] = v;
            let blocks: [Vec<u8>; 6] = [
                vec![v],
                vec![v, v, b'a'],
                vec![v, b'a', b'a', b'a'],
                [b"x = 1;\n".repeat(20), vec![v, 0xc3, 0xa9]].concat(),
                late,
                past,
            ];
            for block in &blocks {
                assert_eq!(
                    looks_binary(block),
                    looks_binary_by_definition(block),
                    "byte {v:#04x} in {block:?}"
                );
            }
        }
    }

    #[test]
    fn binary_heuristic() {
        assert!(looks_binary(b"ab\0cd"));
        assert!(!looks_binary("naïve text\n".as_bytes()));
        assert!(looks_binary(&[0x80u8, 0x81, 0x82, b'a']));
        assert!(!looks_binary(b"plain\n"));
        // More than a third of odd bytes is binary; a third is not.
        assert!(looks_binary(b"\x01\x02ab"));
        assert!(!looks_binary(b"\x01\x02abcd"));
        // Backspace, escape and form feed are not odd.
        assert!(!looks_binary(b"\x08\x1b\x0ca"));
        // Valid UTF-8 is text, a NUL in it too; a NUL in ASCII is binary.
        assert!(!looks_binary("é\0".as_bytes()));
        assert!(looks_binary(b"text\0"));
        // Only the first block counts.
        let mut late = vec![b'a'; 512];
        late.extend_from_slice(&[0; 600]);
        assert!(!looks_binary(&late));
        assert!(looks_binary(&[]));
    }
}
