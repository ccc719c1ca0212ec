//! C references to the functions Rust exports that are not calls: the name used as a value
//! (`.show = name`, `&name`, an argument), written out or built by a macro's token pasting.
//! Pure functions of a file's bytes and the set of names searched for, computed in the C pass
//! with the other C facts and cached with them.
//!
//! ## How far macros are expanded: the one rule
//!
//! One level of token pasting, nothing else. A function-like macro whose definition
//! (`#define M(a, b) ...`, in any `.c` or `.h` file of the tree) pastes one of its parameters
//! with one fixed identifier fragment (`a ## _show`, `rust_ ## a`: [`PastingMacro`]),
//! invoked in a `.c` file with a plain identifier as that argument, references the pasted
//! name, wherever the body puts it: `seq_file.h`'s `DEFINE_SHOW_ATTRIBUTE(__name)` pastes
//! `__name ## _show`, so binder's `DEFINE_SHOW_ATTRIBUTE(rust_binder_stats)` references
//! `rust_binder_stats_show`. Not expanded: a macro invoked inside a macro's body (a second
//! level), a paste of two parameters or of more than two pieces, `#` stringizing,
//! object-like macros, and `#if` (every branch is read).
//!
//! A file is read without its headers, so the invocation side is found without the
//! definition: every name searched for is cut at each `_` into stems ([`stems`]:
//! `rust_binder_stats` + `_show`, `rust_binder` + `_stats_show`, `rust_` + `binder_stats_show`,
//! ...), and a stem that is a whole argument of a macro invocation (`M(stem)`, `M(x, stem)`)
//! is recorded with the macro's name and the argument's position ([`MacroArgument`]). The
//! model pairs these with the definitions: `prefix + stem + suffix` is a name Rust exports.
//! Two limits keep the search to what can matter, and are part of the rule: a stem has at
//! least two words (an `_` inside it: one-word arguments such as `size`, `page` or `test` are
//! everywhere in C), and the invoked name is a macro by the kernel's convention, with no
//! lowercase letter (`DEFINE_SHOW_ATTRIBUTE`; not `memcpy(d, s, data_size)`). So
//! `DEFINE_SHOW_ATTRIBUTE(binder)` building `binder_show`, or a lowercase pasting macro, is not
//! followed.
//!
//! A name Rust exports written as a whole identifier not followed by `(` is a value use: an
//! initialiser, `&name`, an argument, a return value; not the argument of an
//! `EXPORT_SYMBOL*(name)`, which exports the name rather than uses it. Value uses and
//! invocation arguments are looked for in `.c` files, as calls are ([`super::calls`]);
//! definitions in `.c` and `.h` files. As for calls, comments and strings are not told apart.

use super::calls::{is_identifier_byte as is_ident, SymbolSearch};
use memchr::memmem;
use serde::{Deserialize, Serialize};

/// Shortest stem searched for: a shorter one (`_`, `rs`) would be an anchor met everywhere.
pub const MIN_STEM: usize = 4;

/// How far back from an argument the opening parenthesis of its invocation is looked for.
const ARGUMENTS_LIMIT: usize = 4096;

/// A name searched for, met in a `.c` file as a value or as a whole argument of an
/// invocation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CReference {
    /// The name (a name Rust exports, or a stem of one when `macro_argument` is set).
    pub name: String,
    /// 1-based line of the name.
    pub line: u32,
    /// When the name is a whole argument of an invocation: which.
    pub macro_argument: Option<MacroArgument>,
}

/// The invocation a name is a whole argument of.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct MacroArgument {
    /// The name invoked (a macro or a function: the file does not tell).
    pub macro_name: String,
    /// The argument's position (0-based).
    pub position: u32,
}

/// A function-like macro that pastes its parameter at `position` between `prefix` and
/// `suffix` (one of them empty): `#define DEFINE_SHOW_ATTRIBUTE(__name) ... __name ## _show`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PastingMacro {
    /// The macro's name.
    pub name: String,
    /// The pasted parameter's position (0-based).
    pub position: u32,
    /// The fragment pasted before it.
    pub prefix: String,
    /// The fragment pasted after it.
    pub suffix: String,
}

impl PastingMacro {
    /// The name an invocation with `argument` at [`PastingMacro::position`] builds.
    pub fn pasted(&self, argument: &str) -> String {
        format!("{}{argument}{}", self.prefix, self.suffix)
    }
}

/// The names to search for: `names` and their stems, the parts of a name before and after
/// one of its `_` (the `_` goes with the pasted fragment: `rust_binder_stats` + `_show`,
/// `rust_` + `binder_stats_show`) that have at least two words (an `_` inside, neither first
/// nor last) and [`MIN_STEM`] bytes, and do not start with a digit. Sorted and distinct.
pub fn stems(names: &[String]) -> Vec<String> {
    let two_words = |stem: &str| {
        stem.len() >= MIN_STEM
            && !stem.as_bytes()[0].is_ascii_digit()
            && !stem.starts_with('_')
            && !stem.ends_with('_')
            && stem.contains('_')
    };
    let mut out: Vec<String> = names.to_vec();
    for name in names {
        for (cut, _) in name.match_indices('_') {
            let (head, tail) = (&name[..cut], &name[cut + 1..]);
            out.extend(
                [head, tail]
                    .into_iter()
                    .filter(|s| two_words(s))
                    .map(String::from),
            );
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Whether an invoked name is a macro by the kernel's convention: no lowercase letter.
fn is_macro_name(name: &str) -> bool {
    !name.bytes().any(|b| b.is_ascii_lowercase())
}

/// The references of a `.c` file's `bytes` to the names of `search` (built from [`stems`]): a
/// name for which `is_exported` holds, not followed by `(` (with the invocation when it is a
/// whole argument of one); any other name of the search that is a whole argument of a macro
/// invocation, with the invocation. In order of position.
pub fn references(
    bytes: &[u8],
    search: &SymbolSearch,
    is_exported: &dyn Fn(&str) -> bool,
) -> Vec<CReference> {
    let sites = search.identifier_sites(bytes);
    references_at(bytes, search.symbols(), &sites, is_exported)
}

/// [`references`] from the search's answer: `sites` is `search.identifier_sites(bytes)` and
/// `names` is `search.symbols()` (the C pass finds the sites once, for the references and the
/// callers).
pub fn references_at(
    bytes: &[u8],
    names: &[String],
    sites: &[(usize, usize)],
    is_exported: &dyn Fn(&str) -> bool,
) -> Vec<CReference> {
    let mut out = Vec::new();
    let (mut line, mut counted_to) = (1u32, 0usize);
    for &(index, start) in sites {
        let name = &names[index];
        let end = start + name.len();
        let next = bytes[end..]
            .iter()
            .copied()
            .find(|b| !b.is_ascii_whitespace());
        let previous = bytes[..start]
            .iter()
            .rev()
            .copied()
            .find(|b| !b.is_ascii_whitespace());
        let macro_argument = match (previous, next) {
            (Some(b'(' | b','), Some(b')' | b',')) => invocation_of(bytes, start),
            _ => None,
        };
        if macro_argument
            .as_ref()
            .is_some_and(|m| m.macro_name.starts_with("EXPORT_SYMBOL"))
        {
            // `EXPORT_SYMBOL*(name)` exports the name to modules: no use of it.
            continue;
        }
        let exported_value = next != Some(b'(') && is_exported(name);
        let pasted_stem = macro_argument
            .as_ref()
            .is_some_and(|m| is_macro_name(&m.macro_name));
        if !exported_value && !pasted_stem {
            continue;
        }
        line += memchr::memchr_iter(b'\n', &bytes[counted_to..start]).count() as u32;
        counted_to = start;
        out.push(CReference {
            name: name.clone(),
            line,
            macro_argument,
        });
    }
    out
}

/// The invocation whose argument starts at `at`: the identifier before the unmatched `(`
/// found going back (within [`ARGUMENTS_LIMIT`] bytes, not past a `;`, `{` or `}` outside
/// brackets), and the number of top-level commas between.
fn invocation_of(bytes: &[u8], at: usize) -> Option<MacroArgument> {
    let floor = at.saturating_sub(ARGUMENTS_LIMIT);
    let (mut depth, mut commas) = (0usize, 0u32);
    let mut i = at;
    while i > floor {
        i -= 1;
        match bytes[i] {
            b')' | b']' => depth += 1,
            b'[' if depth > 0 => depth -= 1,
            b'(' if depth > 0 => depth -= 1,
            b'(' => {
                let name_end = bytes[..i].iter().rposition(|b| *b != b' ' && *b != b'\t')? + 1;
                let name_start = bytes[..name_end]
                    .iter()
                    .rposition(|&b| !is_ident(b))
                    .map_or(0, |p| p + 1);
                let name = &bytes[name_start..name_end];
                if name.is_empty() || name[0].is_ascii_digit() {
                    return None;
                }
                return Some(MacroArgument {
                    macro_name: String::from_utf8_lossy(name).into_owned(),
                    position: commas,
                });
            }
            b',' if depth == 0 => commas += 1,
            b';' | b'{' | b'}' if depth == 0 => return None,
            _ => {}
        }
    }
    None
}

/// The function-like macros of a `.c` or `.h` file's `bytes` that paste a parameter with one
/// fixed identifier fragment (see the module docs), sorted and distinct.
pub fn pasting_macros(bytes: &[u8]) -> Vec<PastingMacro> {
    if memmem::find(bytes, b"##").is_none() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for directive in define_directives(bytes) {
        out.extend(pastes_of(&directive));
    }
    out.sort();
    out.dedup();
    out
}

/// The text of each `#define` directive holding `##`, continuation lines joined.
///
/// Only lines whose first non-blank byte is `#` can start one, so the lines are found from
/// the `#`s (`memchr`) rather than cut one by one: a directive's continuation lines are
/// passed over, and a `#` is at its line's start when only blanks stand before it back to
/// the newline (read back over those blanks only, so no byte is read back twice).
fn define_directives(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    // Where the line after the last directive read starts.
    let mut next_line = 0;
    let line_end =
        |from: usize| memchr::memchr(b'\n', &bytes[from..]).map_or(bytes.len(), |p| from + p);
    for hash in memchr::memchr_iter(b'#', bytes) {
        if hash < next_line {
            continue;
        }
        let mut line_start = hash;
        while line_start > 0
            && bytes[line_start - 1] != b'\n'
            && bytes[line_start - 1].is_ascii_whitespace()
        {
            line_start -= 1;
        }
        if line_start > 0 && bytes[line_start - 1] != b'\n' {
            continue;
        }
        let mut end = line_end(hash);
        if !bytes[hash + 1..end]
            .trim_ascii_start()
            .starts_with(b"define")
        {
            continue;
        }
        let mut directive = Vec::new();
        let mut start = line_start;
        loop {
            let current = &bytes[start..end];
            let body = current.strip_suffix(b"\r").unwrap_or(current);
            match body.strip_suffix(b"\\") {
                Some(continued) => {
                    directive.extend_from_slice(continued);
                    directive.push(b' ');
                    if end == bytes.len() {
                        break;
                    }
                    start = end + 1;
                    end = line_end(start);
                }
                None => {
                    directive.extend_from_slice(body);
                    break;
                }
            }
        }
        next_line = end + 1;
        if memmem::find(&directive, b"##").is_some() {
            out.push(directive);
        }
    }
    out
}

/// [`define_directives`] by its definition: every line cut out and looked at.
#[cfg(test)]
fn define_directives_line_by_line(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut lines = bytes.split(|&b| b == b'\n');
    while let Some(line) = lines.next() {
        let trimmed = line.trim_ascii_start();
        let Some(rest) = trimmed.strip_prefix(b"#") else {
            continue;
        };
        if !rest.trim_ascii_start().starts_with(b"define") {
            continue;
        }
        let mut directive = Vec::new();
        let mut current = line;
        loop {
            let body = current.strip_suffix(b"\r").unwrap_or(current);
            match body.strip_suffix(b"\\") {
                Some(continued) => {
                    directive.extend_from_slice(continued);
                    directive.push(b' ');
                    match lines.next() {
                        Some(next) => current = next,
                        None => break,
                    }
                }
                None => {
                    directive.extend_from_slice(body);
                    break;
                }
            }
        }
        if memmem::find(&directive, b"##").is_some() {
            out.push(directive);
        }
    }
    out
}

/// The pastes of one `#define NAME(params) body` directive.
fn pastes_of(directive: &[u8]) -> Vec<PastingMacro> {
    let text = String::from_utf8_lossy(directive);
    let after_hash = text.trim_start().trim_start_matches('#').trim_start();
    let Some(rest) = after_hash.strip_prefix("define") else {
        return Vec::new();
    };
    let rest = rest.trim_start();
    let name_len = rest.bytes().take_while(|&b| is_ident(b)).count();
    let (name, rest) = rest.split_at(name_len);
    // Function-like only: `(` right after the name.
    let Some(rest) = rest.strip_prefix('(') else {
        return Vec::new();
    };
    let Some((params, body)) = rest.split_once(')') else {
        return Vec::new();
    };
    let params: Vec<&str> = params.split(',').map(str::trim).collect();
    let tokens = body_tokens(body);
    let position = |token: &str| params.iter().position(|p| *p == token);
    let fragment =
        |token: &str| token.bytes().all(is_ident) && !token.is_empty() && position(token).is_none();
    let mut out = Vec::new();
    for k in 1..tokens.len().saturating_sub(1) {
        if tokens[k] != "##"
            || (k >= 2 && tokens[k - 2] == "##")
            || tokens.get(k + 2) == Some(&"##")
        {
            continue;
        }
        let (left, right) = (tokens[k - 1], tokens[k + 1]);
        let paste = match (position(left), position(right)) {
            (Some(p), None) if fragment(right) => (p, String::new(), right.to_string()),
            (None, Some(p)) if fragment(left) => (p, left.to_string(), String::new()),
            _ => continue,
        };
        out.push(PastingMacro {
            name: name.to_string(),
            position: paste.0 as u32,
            prefix: paste.1,
            suffix: paste.2,
        });
    }
    out
}

/// A macro body as identifiers, `##`, and single other characters (whitespace dropped).
fn body_tokens(body: &str) -> Vec<&str> {
    let bytes = body.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        if is_ident(bytes[i]) {
            while i < bytes.len() && is_ident(bytes[i]) {
                i += 1;
            }
        } else if bytes[i..].starts_with(b"##") {
            i += 2;
        } else if bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        } else {
            // One character (a UTF-8 sequence kept whole).
            i += 1;
            while i < bytes.len() && !body.is_char_boundary(i) {
                i += 1;
            }
        }
        tokens.push(&body[start..i]);
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// The directives found from the `#`s are the ones found line by line: random texts
        /// of directive pieces, blanks, continuations and line ends.
        #[test]
        fn directives_from_hashes_are_the_line_by_line_ones(
            picks in proptest::collection::vec(0usize..14, 0..80),
        ) {
            let pieces: [&[u8]; 14] = [
                b"#", b"define", b" ", b"\t", b"\x0c", b"\r", b"\n", b"\\", b"##", b"X(a)",
                b"a", b"#define P(x) x ## _y", b"\\\r\n", b"#  define",
            ];
            let text: Vec<u8> = picks.iter().flat_map(|&p| pieces[p].iter().copied()).collect();
            proptest::prop_assert_eq!(define_directives(&text), define_directives_line_by_line(&text));
        }
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn stems_cut_at_underscores() {
        assert_eq!(
            stems(&names(&["rust_binder_stats_show"])),
            names(&[
                "binder_stats_show",
                "rust_binder",
                "rust_binder_stats",
                "rust_binder_stats_show",
                "stats_show",
            ])
        );
        // One word, too short, or a digit first: no stem.
        assert_eq!(stems(&names(&["ab_1c_de"])), names(&["ab_1c", "ab_1c_de"]));
        assert_eq!(stems(&names(&["x_y_z", "a__b"])), names(&["a__b", "x_y_z"]));
    }

    #[test]
    fn definitions_that_paste_one_parameter() {
        let header = b"#define DEFINE_SHOW_ATTRIBUTE(__name)\t\t\t\t\t\\\n\
            static int __name ## _open(struct inode *inode, struct file *file)\t\\\n\
            {\t\t\t\t\t\t\t\t\t\\\n\
            \treturn single_open(file, __name ## _show, inode->i_private);\t\\\n\
            }\n\
            #define PREFIXED(a, b) rust_##b(a)\n\
            #define TWO(a, b) a ## b\n\
            #define THREE(a) x ## a ## y\n\
            #define OBJECT x ## _y\n\
            # define SPACED( n ) n##_fops\n";
        let found: Vec<(String, u32, String, String)> = pasting_macros(header)
            .into_iter()
            .map(|m| (m.name, m.position, m.prefix, m.suffix))
            .collect();
        let expected = |name: &str, position, prefix: &str, suffix: &str| {
            (
                name.to_string(),
                position,
                prefix.to_string(),
                suffix.to_string(),
            )
        };
        assert_eq!(
            found,
            vec![
                expected("DEFINE_SHOW_ATTRIBUTE", 0, "", "_open"),
                expected("DEFINE_SHOW_ATTRIBUTE", 0, "", "_show"),
                expected("PREFIXED", 1, "rust_", ""),
                expected("SPACED", 0, "", "_fops"),
            ]
        );
        assert_eq!(pasting_macros(b"#define A(x) x\n"), Vec::new());
    }

    #[test]
    fn values_and_whole_arguments() {
        let exported = names(&["rust_binder_stats_show", "rust_cb"]);
        let search = SymbolSearch::new(stems(&exported));
        let is_exported = |name: &str| exported.iter().any(|e| e == name);
        let text = b"DEFINE_SHOW_ATTRIBUTE(rust_binder_stats);\n\
            static const struct ops o = {\n\
            \t.cb = rust_cb,\n\
            \t.other = &rust_cb,\n\
            };\n\
            int x = rust_cb(1);\n\
            register_it(dev, rust_cb, 0);\n\
            my_rust_cb = 2; rust_binder_stats_x = 3;\n\
            EXPORT_SYMBOL_GPL(rust_cb);\n\
            memcpy(d, rust_binder_stats, n); ALIGN(rust_binder, 8);\n";
        // (name, line, (invoked name, argument position)).
        type Found = (String, u32, Option<(String, u32)>);
        let found: Vec<Found> = references(text, &search, &is_exported)
            .into_iter()
            .map(|r| {
                (
                    r.name,
                    r.line,
                    r.macro_argument.map(|m| (m.macro_name, m.position)),
                )
            })
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    "rust_binder_stats".to_string(),
                    1,
                    Some(("DEFINE_SHOW_ATTRIBUTE".to_string(), 0))
                ),
                ("rust_cb".to_string(), 3, None),
                ("rust_cb".to_string(), 4, None),
                (
                    "rust_cb".to_string(),
                    7,
                    Some(("register_it".to_string(), 1))
                ),
                // A stem counts as a macro's argument only: `memcpy` is no macro.
                (
                    "rust_binder".to_string(),
                    10,
                    Some(("ALIGN".to_string(), 0))
                ),
            ]
        );
        let show = PastingMacro {
            name: "DEFINE_SHOW_ATTRIBUTE".into(),
            position: 0,
            prefix: String::new(),
            suffix: "_show".into(),
        };
        assert_eq!(show.pasted("rust_binder_stats"), "rust_binder_stats_show");
    }
}
