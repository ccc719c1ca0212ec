//! The C side of the C↔Rust boundary: what bindgen is given, and the C helpers written for Rust.
//!
//! - `rust/bindings/bindings_helper.h` (and `rust/uapi/uapi_helper.h`) are bindgen's input:
//!   `#include` lines, plus constants that bindgen could not see through macros, declared as
//!   `const gfp_t RUST_CONST_HELPER_GFP_KERNEL = GFP_KERNEL;` (6.1–6.x trees spell the prefix
//!   `BINDINGS_`). [`parse_bindgen_header`] returns both, with line numbers and the `#if`
//!   conditions around them.
//! - C helpers wrap macros and inline functions so Rust can call them: `rust/helpers.c` up to
//!   ~6.11, then one file per topic in `rust/helpers/*.c` (included by `rust/helpers/helpers.c`).
//!   They are named `rust_helper_<name>`; newer trees mark them `__rust_helper` (which lets them be
//!   inlined into Rust through LLVM bitcode), and a few marked ones have other names
//!   (`_find_first_bit` in 7.x's `bitops.c`). [`parse_helpers`] returns the function
//!   *definitions* (a `{` body follows the parameter list) that have either property; calls,
//!   prototypes and `EXPORT_SYMBOL_GPL(rust_helper_x)` are not definitions. Definitions generated
//!   by macros (`#define GEN_READ_HELPER(tname, type) __rust_helper type
//!   rust_helper_atomic_##tname##_read(...)`) are not expanded; they are reported as
//!   [`HelperFile::templates`].

use serde::Serialize;

/// An `#include` line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Include {
    /// The header as written between the delimiters: `linux/slab.h`.
    pub header: String,
    /// `<...>` (true) or `"..."` (false).
    pub angle: bool,
    /// 1-based line.
    pub line: usize,
    /// Enclosing `#if`/`#ifdef` conditions, outermost first (`#else` branches prefixed `!`).
    pub conditions: Vec<String>,
}

/// A constant exported to Rust through bindgen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BindgenConstant {
    /// The name without prefix: `GFP_KERNEL` (as Rust sees it, `bindings::GFP_KERNEL`).
    pub name: String,
    /// `RUST_CONST_HELPER_` or `BINDINGS_`.
    pub prefix: String,
    /// The C type: `gfp_t`, `size_t`, `unsigned long`.
    pub c_type: String,
    /// The initialiser, whitespace collapsed: `GFP_KERNEL`.
    pub value: String,
    /// 1-based line of the declaration's start.
    pub line: usize,
    /// Enclosing conditions, as for [`Include`].
    pub conditions: Vec<String>,
}

/// What a bindgen input header declares.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BindgenHeader {
    /// `#include` lines in order (duplicates kept).
    pub includes: Vec<Include>,
    /// Constants in order.
    pub constants: Vec<BindgenConstant>,
}

const CONST_PREFIXES: [&str; 2] = ["RUST_CONST_HELPER_", "BINDINGS_"];

/// Parses `bindings_helper.h` or `uapi_helper.h`. Comments are ignored; never fails.
pub fn parse_bindgen_header(text: &str) -> BindgenHeader {
    let code = blank_comments_and_strings(text, false);
    let mut out = BindgenHeader::default();
    let mut conditions = Conditions::default();
    // Accumulates a C statement (up to `;`) outside preprocessor lines.
    let mut statement = String::new();
    let mut statement_line = 0usize;
    for (line_no, line) in super::logical_lines(&code) {
        let trimmed = line.trim();
        if let Some(directive) = trimmed.strip_prefix('#') {
            let directive = directive.trim_start();
            if let Some(rest) = directive.strip_prefix("include") {
                // The comment blanking leaves `"..."` delimiters; take the header from the
                // original text of that line.
                let original = text.lines().nth(line_no - 1).unwrap_or("");
                if let Some((header, angle)) =
                    include_target(original).or_else(|| include_target(rest))
                {
                    out.includes.push(Include {
                        header,
                        angle,
                        line: line_no,
                        conditions: conditions.current(),
                    });
                }
            } else {
                conditions.directive(directive);
            }
            continue;
        }
        for (i, part) in trimmed.split_inclusive(';').enumerate() {
            if statement.trim().is_empty() {
                statement.clear();
                statement_line = line_no;
            }
            if i > 0 || !statement.is_empty() {
                statement.push(' ');
            }
            statement.push_str(part);
            if part.ends_with(';') {
                if let Some(c) = constant(&statement, statement_line, conditions.current()) {
                    out.constants.push(c);
                }
                statement.clear();
            }
        }
    }
    out
}

/// `const TYPE PREFIXNAME = VALUE;`
fn constant(statement: &str, line: usize, conditions: Vec<String>) -> Option<BindgenConstant> {
    let s = statement.trim().strip_suffix(';')?.trim();
    let s = s.strip_prefix("const")?;
    if !s.starts_with(char::is_whitespace) {
        return None;
    }
    let (decl, value) = s.split_once('=')?;
    let decl: Vec<&str> = decl.split_whitespace().collect();
    let (ident, c_type) = decl.split_last()?;
    let prefix = CONST_PREFIXES.iter().find(|p| ident.starts_with(*p))?;
    Some(BindgenConstant {
        name: ident[prefix.len()..].to_string(),
        prefix: prefix.to_string(),
        c_type: c_type.join(" "),
        value: value.split_whitespace().collect::<Vec<_>>().join(" "),
        line,
        conditions,
    })
}

fn include_target(text: &str) -> Option<(String, bool)> {
    let t = text.trim_start();
    let t = t.strip_prefix('#').map(str::trim_start).unwrap_or(t);
    let t = t.strip_prefix("include").unwrap_or(t).trim_start();
    let (close, angle) = match t.chars().next()? {
        '<' => ('>', true),
        '"' => ('"', false),
        _ => return None,
    };
    let rest = &t[1..];
    let end = rest.find(close)?;
    let header = rest[..end].trim();
    (!header.is_empty()).then(|| (header.to_string(), angle))
}

/// The stack of preprocessor conditions.
#[derive(Default)]
struct Conditions {
    frames: Vec<Vec<String>>,
}

impl Conditions {
    fn directive(&mut self, directive: &str) {
        let (word, rest) = directive
            .split_once(char::is_whitespace)
            .unwrap_or((directive, ""));
        let rest = rest.split_whitespace().collect::<Vec<_>>().join(" ");
        match word {
            "if" => self.frames.push(vec![rest]),
            "ifdef" => self.frames.push(vec![format!("defined({rest})")]),
            "ifndef" => self.frames.push(vec![format!("!defined({rest})")]),
            "elif" | "elifdef" | "elifndef" | "else" => {
                if let Some(frame) = self.frames.last_mut() {
                    if let Some(last) = frame.last_mut() {
                        *last = format!("!({last})");
                    }
                    match word {
                        "elif" => frame.push(rest),
                        "elifdef" => frame.push(format!("defined({rest})")),
                        "elifndef" => frame.push(format!("!defined({rest})")),
                        _ => {}
                    }
                }
            }
            "endif" => {
                self.frames.pop();
            }
            _ => {}
        }
    }

    fn current(&self) -> Vec<String> {
        self.frames.iter().flatten().cloned().collect()
    }
}

/// A C helper function for Rust.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Helper {
    /// The function's name: `rust_helper_mutex_lock`, `_find_first_bit`.
    pub name: String,
    /// 1-based line of the name.
    pub line: usize,
    /// Marked `__rust_helper` in its declaration.
    pub marked: bool,
}

impl Helper {
    /// The name Rust uses: without `rust_helper_` (bindgen maps `rust_helper_foo` to
    /// `bindings::foo`).
    pub fn rust_name(&self) -> &str {
        self.name.strip_prefix("rust_helper_").unwrap_or(&self.name)
    }
}

/// A helper definition inside a `#define`, not expanded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HelperTemplate {
    /// The macro defining it: `GEN_READ_HELPER`.
    pub macro_name: String,
    /// The name pattern: `rust_helper_atomic_##tname##_read`.
    pub name_pattern: String,
    /// 1-based line of the `#define`.
    pub line: usize,
}

/// The helpers of one C file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct HelperFile {
    /// Function definitions named `rust_helper_*` or marked `__rust_helper`, in order.
    pub helpers: Vec<Helper>,
    /// Helper definitions inside macros.
    pub templates: Vec<HelperTemplate>,
}

/// Finds the helper definitions in one C file (`rust/helpers.c` or `rust/helpers/x.c`). Never
/// fails; on malformed input the result may miss functions.
pub fn parse_helpers(text: &str) -> HelperFile {
    let code = blank_comments_and_strings(text, true);
    let mut out = HelperFile::default();
    // Preprocessor lines: templates, then blanked so they do not disturb the scan.
    let mut scan = String::with_capacity(code.len());
    let mut line_starts = vec![0usize];
    let mut in_directive = false;
    for (index, line) in code.split('\n').enumerate() {
        let is_directive = in_directive || line.trim_start().starts_with('#');
        let continued = line.ends_with('\\');
        if is_directive {
            let define = line.trim_start().strip_prefix('#').map(str::trim_start);
            if let Some(rest) = define.and_then(|d| d.strip_prefix("define")) {
                if let Some(name) = rest
                    .split(|c: char| !is_ident_char(c))
                    .find(|w| !w.is_empty())
                {
                    out.templates.push(HelperTemplate {
                        macro_name: name.to_string(),
                        name_pattern: String::new(),
                        line: index + 1,
                    });
                }
            }
            if let Some(last) = out.templates.last_mut() {
                if last.name_pattern.is_empty() {
                    if let Some(p) = template_name(line) {
                        last.name_pattern = p;
                    }
                }
            }
            scan.push_str(&" ".repeat(line.len()));
        } else {
            scan.push_str(line);
        }
        scan.push('\n');
        line_starts.push(scan.len());
        in_directive = is_directive && continued;
    }
    out.templates.retain(|t| !t.name_pattern.is_empty());

    let bytes = scan.as_bytes();
    let line_of = |pos: usize| line_starts.partition_point(|&s| s <= pos);
    let mut depth = 0usize;
    // Start of the current top-level declaration (after the last `;` or `}` at depth 0).
    let mut decl_start = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'{' => {
                depth += 1;
                i += 1;
            }
            b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
                if depth == 0 {
                    decl_start = i;
                }
            }
            b';' if depth == 0 => {
                i += 1;
                decl_start = i;
            }
            b'(' if depth == 0 => {
                // The identifier right before `(`.
                let mut end = i;
                while end > 0 && bytes[end - 1].is_ascii_whitespace() {
                    end -= 1;
                }
                let mut start = end;
                while start > 0 && is_ident_byte(bytes[start - 1]) {
                    start -= 1;
                }
                let close = matching_paren(bytes, i);
                let name = &scan[start..end];
                if let Some(close) = close {
                    let next = scan[close + 1..].trim_start();
                    let is_definition = next.starts_with('{');
                    let prefix = &scan[decl_start..start];
                    let marked = super::contains_word(prefix, "__rust_helper");
                    let named = name.starts_with("rust_helper_");
                    if is_definition && !name.is_empty() && (named || marked) {
                        out.helpers.push(Helper {
                            name: name.to_string(),
                            line: line_of(start),
                            marked,
                        });
                    }
                    i = close + 1;
                } else {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    out
}

/// The first `rust_helper_...` name (with `##`) on a macro line.
fn template_name(line: &str) -> Option<String> {
    let at = line.find("rust_helper_")?;
    let name: String = line[at..]
        .chars()
        .take_while(|c| is_ident_char(*c) || *c == '#')
        .collect();
    Some(name)
}

fn matching_paren(bytes: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, &b) in bytes.iter().enumerate().skip(open) {
        match b {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            b'{' | b'}' | b';' => return None,
            _ => {}
        }
    }
    None
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The text with comments replaced by spaces (newlines kept, so line numbers hold) and, when
/// `strings` is set, the contents of string and character literals blanked too (delimiters
/// kept).
pub(crate) fn blank_comments_and_strings(text: &str, strings: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    let blank = |b: u8| if b == b'\n' { b'\n' } else { b' ' };
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'/' && bytes.get(i + 1) == Some(&b'*') {
            out.extend_from_slice(b"  ");
            i += 2;
            while i < bytes.len() && !(bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/')) {
                out.push(blank(bytes[i]));
                i += 1;
            }
            if i < bytes.len() {
                out.extend_from_slice(b"  ");
                i += 2;
            }
        } else if b == b'/' && bytes.get(i + 1) == Some(&b'/') {
            while i < bytes.len() && bytes[i] != b'\n' {
                // A `\` at the end of a `//` line continues the comment; keep it so the
                // logical-line join sees it.
                let keep = bytes[i] == b'\\' && bytes.get(i + 1) == Some(&b'\n');
                out.push(if keep { b'\\' } else { b' ' });
                i += 1;
            }
        } else if (b == b'"' || b == b'\'') && strings {
            out.push(b);
            i += 1;
            while i < bytes.len() && bytes[i] != b && bytes[i] != b'\n' {
                if bytes[i] == b'\\' && i + 1 < bytes.len() {
                    out.push(b' ');
                    out.push(blank(bytes[i + 1]));
                    i += 2;
                    continue;
                }
                out.push(b' ');
                i += 1;
            }
            if i < bytes.len() && bytes[i] == b {
                out.push(b);
                i += 1;
            }
        } else {
            out.push(b);
            i += 1;
        }
    }
    // Only ASCII bytes were replaced by ASCII bytes, and whole multi-byte characters are either
    // kept or each of their bytes replaced by a space, so the result is valid UTF-8; the lossy
    // conversion is a no-op kept for safety.
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = r#"/* SPDX-License-Identifier: GPL-2.0 */
/*
 * #include <not/this.h>
 */
#include <linux/slab.h>
#  include "../../drivers/base/base.h"
#include <linux/mm.h> // trailing comment
#if defined(CONFIG_X)
#include <x/y.h>
#else
#include <x/z.h>
#endif

/* `bindgen` gets confused at certain things. */
const size_t RUST_CONST_HELPER_ARCH_SLAB_MINALIGN = ARCH_SLAB_MINALIGN;
const gfp_t BINDINGS_GFP_KERNEL = GFP_KERNEL;
const unsigned long RUST_CONST_HELPER_LONG =
		LONG_VALUE;
static const int NOT_A_HELPER = 1;
const int RUST_CONST_HELPER_A = 1; const int RUST_CONST_HELPER_B = 2;
"#;

    #[test]
    fn bindgen_header() {
        let h = parse_bindgen_header(HEADER);
        let headers: Vec<(&str, bool, usize)> = h
            .includes
            .iter()
            .map(|i| (i.header.as_str(), i.angle, i.line))
            .collect();
        assert_eq!(
            headers,
            [
                ("linux/slab.h", true, 5),
                ("../../drivers/base/base.h", false, 6),
                ("linux/mm.h", true, 7),
                ("x/y.h", true, 9),
                ("x/z.h", true, 11),
            ]
        );
        assert_eq!(h.includes[3].conditions, ["defined(CONFIG_X)"]);
        assert_eq!(h.includes[4].conditions, ["!(defined(CONFIG_X))"]);
        let consts: Vec<(&str, &str, &str, &str, usize)> = h
            .constants
            .iter()
            .map(|c| {
                (
                    c.name.as_str(),
                    c.prefix.as_str(),
                    c.c_type.as_str(),
                    c.value.as_str(),
                    c.line,
                )
            })
            .collect();
        assert_eq!(
            consts,
            [
                (
                    "ARCH_SLAB_MINALIGN",
                    "RUST_CONST_HELPER_",
                    "size_t",
                    "ARCH_SLAB_MINALIGN",
                    15
                ),
                ("GFP_KERNEL", "BINDINGS_", "gfp_t", "GFP_KERNEL", 16),
                (
                    "LONG",
                    "RUST_CONST_HELPER_",
                    "unsigned long",
                    "LONG_VALUE",
                    17
                ),
                ("A", "RUST_CONST_HELPER_", "int", "1", 20),
                ("B", "RUST_CONST_HELPER_", "int", "2", 20),
            ]
        );
    }

    const HELPERS: &str = r#"// SPDX-License-Identifier: GPL-2.0
#include <linux/mutex.h>

/* void rust_helper_in_comment(void) { } */
__rust_helper void rust_helper_mutex_lock(struct mutex *lock)
{
	mutex_lock(lock);
}

__noreturn void rust_helper_BUG(void)
{
	BUG();
}
EXPORT_SYMBOL_GPL(rust_helper_BUG);

__rust_helper
unsigned long _find_first_bit(const unsigned long *addr,
			      unsigned long size)
{
	return find_first_bit(addr, size);
}

__rust_helper int
rust_helper_atomic_read(const atomic_t *v)
{
	const char *s = "rust_helper_fake(void) {";
	return atomic_read(v);
}

int rust_helper_prototype(int x);
static int not_a_helper(void) { return rust_helper_call(1); }

#define GEN_READ_HELPER(tname, type)					\
__rust_helper type rust_helper_atomic_##tname##_read(type *ptr)		\
{									\
	return READ_ONCE(*ptr);						\
}
GEN_READ_HELPER(i8, s8)
"#;

    #[test]
    fn helpers() {
        let f = parse_helpers(HELPERS);
        let found: Vec<(&str, usize, bool)> = f
            .helpers
            .iter()
            .map(|h| (h.name.as_str(), h.line, h.marked))
            .collect();
        assert_eq!(
            found,
            [
                ("rust_helper_mutex_lock", 5, true),
                ("rust_helper_BUG", 10, false),
                ("_find_first_bit", 17, true),
                ("rust_helper_atomic_read", 24, true),
            ]
        );
        assert_eq!(f.helpers[0].rust_name(), "mutex_lock");
        assert_eq!(
            f.templates,
            [HelperTemplate {
                macro_name: "GEN_READ_HELPER".to_string(),
                name_pattern: "rust_helper_atomic_##tname##_read".to_string(),
                line: 33,
            }]
        );
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "",
            "(",
            ")",
            "}}}{",
            "#include",
            "#include <",
            "#include \"x",
            "const",
            "const x RUST_CONST_HELPER_ = ;",
            "/*",
            "\"",
            "rust_helper_x(",
            "rust_helper_x() {",
            "#define A \\",
            "#else\n#endif\n#endif",
            "\u{e9}(\u{e9}) { }",
        ] {
            let _ = parse_bindgen_header(text);
            let _ = parse_helpers(text);
        }
    }

    #[test]
    fn real_trees() {
        use crate::testing::{read, tree};
        // Headers: `grep -c '^\s*#\s*include' rust/bindings/bindings_helper.h` (no include sits
        // in a comment; `sort -u` gives the same numbers). Constants:
        // `grep -oE '\b(RUST_CONST_HELPER|BINDINGS)_[A-Za-z0-9_]+' ... | sort -u | wc -l`
        // (every such name is declared once, one per `const` statement).
        // Helpers: lines that start at column 0, contain `rust_helper_NAME(` and do not start
        // with `EXPORT_SYMBOL` or `#`, over rust/helpers.c or rust/helpers/*.c — every such
        // line opens a definition, no name repeats; plus the `__rust_helper` functions with
        // other names (7.x: the four `_find_*` in bitops.c), found with
        // `grep -n -A1 '^__rust_helper$' rust/helpers/*.c`.
        let helper_files = |t: &std::path::Path| -> Vec<String> {
            let mut files = Vec::new();
            if t.join("rust/helpers.c").is_file() {
                files.push("rust/helpers.c".to_string());
            }
            if let Ok(dir) = std::fs::read_dir(t.join("rust/helpers")) {
                for e in dir.filter_map(|e| e.ok()) {
                    let name = e.file_name().to_string_lossy().into_owned();
                    if name.ends_with(".c") {
                        files.push(format!("rust/helpers/{name}"));
                    }
                }
            }
            files.sort();
            files
        };
        let helpers = |t: &std::path::Path| -> (usize, Vec<Helper>, Vec<HelperTemplate>) {
            let files = helper_files(t);
            let mut all = Vec::new();
            let mut templates = Vec::new();
            for f in &files {
                let parsed = parse_helpers(&read(t, f));
                all.extend(parsed.helpers);
                templates.extend(parsed.templates);
            }
            (files.len(), all, templates)
        };
        if let Some(t) = tree("6.1", false) {
            let h = parse_bindgen_header(&read(&t, "rust/bindings/bindings_helper.h"));
            assert_eq!(h.includes.len(), 2);
            assert_eq!(h.constants.len(), 4);
            assert!(h.constants.iter().all(|c| c.prefix == "BINDINGS_"));
            let (files, found, _) = helpers(&t);
            assert_eq!(files, 1);
            let names: Vec<&str> = found.iter().map(|h| h.name.as_str()).collect();
            assert_eq!(names, ["rust_helper_BUG"]);
        }
        if let Some(t) = tree("6.12", true) {
            let h = parse_bindgen_header(&read(&t, "rust/bindings/bindings_helper.h"));
            assert_eq!(h.includes.len(), 15);
            assert_eq!(h.constants.len(), 11);
            let u = parse_bindgen_header(&read(&t, "rust/uapi/uapi_helper.h"));
            assert_eq!(u.includes.len(), 4);
            let (files, found, templates) = helpers(&t);
            assert_eq!(files, 19);
            assert_eq!(found.len(), 31);
            assert!(found.iter().all(|h| !h.marked));
            assert!(templates.is_empty());
        }
        let Some(t) = tree("7.3", true) else { return };
        let h = parse_bindgen_header(&read(&t, "rust/bindings/bindings_helper.h"));
        assert_eq!(h.includes.len(), 75);
        assert_eq!(h.constants.len(), 47);
        assert!(h.constants.iter().all(|c| c.prefix == "RUST_CONST_HELPER_"));
        // The declaration split over two lines (bindings_helper.h:162-163).
        let c = h
            .constants
            .iter()
            .find(|c| c.name == "GPU_BUDDY_CONTIGUOUS_ALLOCATION")
            .unwrap();
        assert_eq!(
            (c.line, c.value.as_str()),
            (162, "GPU_BUDDY_CONTIGUOUS_ALLOCATION")
        );
        assert_eq!(c.conditions, ["IS_ENABLED(CONFIG_GPU_BUDDY)"]);
        let binder: Vec<&Include> = h
            .includes
            .iter()
            .filter(|i| i.header.contains("drivers/android/binder/"))
            .collect();
        assert_eq!(binder.len(), 2);
        assert!(binder.iter().all(|i| !i.angle));
        let u = parse_bindgen_header(&read(&t, "rust/uapi/uapi_helper.h"));
        assert_eq!(u.includes.len(), 9);
        let (files, found, templates) = helpers(&t);
        assert_eq!(files, 66);
        let named = found
            .iter()
            .filter(|h| h.name.starts_with("rust_helper_"))
            .count();
        assert_eq!(named, 418);
        assert_eq!(found.len(), 422);
        assert!(found.iter().all(|h| h.marked));
        // atomic_ext.c: GEN_READ_HELPER, GEN_SET_HELPER, GEN_READ_ACQUIRE_HELPER,
        // GEN_SET_RELEASE_HELPER, GEN_XCHG_HELPER, GEN_TRY_CMPXCHG_HELPER.
        let macros: Vec<&str> = templates.iter().map(|t| t.macro_name.as_str()).collect();
        assert_eq!(macros.len(), 6, "{macros:?}");
    }
}
