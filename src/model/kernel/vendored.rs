//! Third-party code copied into the tree, recognised from the README.md of its folder.
//!
//! Each vendored folder under `rust/` carries a README.md saying where its files come from:
//!
//! ```text
//! # `syn`
//!
//! These source files come from the Rust `syn` crate, version 2.0.106
//! (released 2025-08-16), hosted in the <https://github.com/dtolnay/syn>
//! repository, licensed under "Apache-2.0 OR MIT" and only modified to add
//! the SPDX license identifiers and to remove the `unicode-ident`
//! dependency.
//! ```
//!
//! (7.x: `proc-macro2`, `quote`, `syn`, `zerocopy`, `zerocopy-derive` — the zerocopy ones with a
//! `v` before the version), and 6.1's fork of the standard library's `alloc`:
//!
//! ```text
//! # `alloc`
//!
//! These source files come from the Rust standard library, hosted in
//! the <https://github.com/rust-lang/rust> repository, licensed under
//! "Apache-2.0 OR MIT" and adapted for kernel use.
//! ```
//!
//! [`detect`] looks for the phrase, not for crate names: "(source) files come/came from / are
//! taken/copied from the Rust `X` crate" or "... the Rust standard library" (case and line
//! breaks do not matter), then reads the optional version (`version 1.0.40`, `v0.8.54`), release
//! date, repository and licence that follow. For the standard library the name is the README's
//! `` # `name` `` heading (`alloc`), else `std`.
//!
//! Not detected, by design: `rust/pin-init/README.md` is the pin-init project's own README
//! (the kernel is where pin-init is developed, mirrored to github.com/Rust-for-Linux/pin-init),
//! with no such phrase.

use serde::Serialize;

/// Where vendored files come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// A crate (crates.io), named in the README.
    Crate,
    /// The Rust standard library (a fork of part of it).
    StandardLibrary,
}

/// A vendored component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Vendored {
    /// The crate's name (`proc-macro2`), or for the standard library the README's title
    /// (`alloc`).
    pub name: String,
    /// Crate or standard library.
    pub origin: Origin,
    /// The version as written, without a leading `v` (`0.8.54`).
    pub version: Option<String>,
    /// The release date given in parentheses (`2025-08-16`).
    pub released: Option<String>,
    /// The repository URL (`https://github.com/dtolnay/syn`).
    pub repository: Option<String>,
    /// The licence expression (`Apache-2.0 OR MIT`).
    pub license: Option<String>,
    /// The sentence that matched, whitespace collapsed.
    pub statement: String,
}

const FROM_PHRASES: [&str; 8] = [
    "files come from",
    "files came from",
    "files are taken from",
    "files were taken from",
    "files are copied from",
    "files were copied from",
    "files are from",
    "files originate from",
];

/// Detects a vendored component from the text of a folder's README.md; `None` when the text
/// does not say the files come from elsewhere.
pub fn detect(readme: &str) -> Option<Vendored> {
    let mut paragraph = String::new();
    for line in readme.lines().chain(std::iter::once("")) {
        if line.trim().is_empty() {
            if let Some(found) = detect_in_paragraph(&paragraph, readme) {
                return Some(found);
            }
            paragraph.clear();
        } else {
            paragraph.push_str(line);
            paragraph.push('\n');
        }
    }
    None
}

fn detect_in_paragraph(paragraph: &str, readme: &str) -> Option<Vendored> {
    // Work on one line of text with collapsed whitespace; ASCII lower-case for matching, so
    // byte offsets agree between the two.
    let flat = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = flat.to_ascii_lowercase();
    let (at, phrase) = FROM_PHRASES
        .iter()
        .filter_map(|p| lower.find(p).map(|i| (i, *p)))
        .min_by_key(|(i, _)| *i)?;
    let rest = flat[at + phrase.len()..].trim_start();
    let rest = strip_ci(rest, "the ").unwrap_or(rest);
    let rest = strip_ci(rest, "rust ").unwrap_or(rest);
    let (name, origin, tail) = if let Some(tail) = strip_ci(rest, "standard library") {
        let name = heading_name(readme).unwrap_or_else(|| "std".to_string());
        (name, Origin::StandardLibrary, tail)
    } else {
        // `X` crate, X crate (the word "crate" optional when the name is backticked).
        let (name, tail) = crate_name(rest)?;
        (name, Origin::Crate, tail)
    };
    // The statement runs from the start of its sentence to the end of the sentence.
    let tail = &tail[..sentence_end(tail)];
    let statement_start = flat[..at].rfind(". ").map(|i| i + 2).unwrap_or(0);
    let statement_end = offset_in(&flat, tail) + tail.len();
    let statement = flat[statement_start..statement_end].trim().to_string();
    Some(Vendored {
        name,
        origin,
        version: version_in(tail),
        released: released_in(tail),
        repository: repository_in(tail),
        license: license_in(tail),
        statement,
    })
}

/// `text` without `prefix` (ASCII case-insensitive).
fn strip_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// Byte offset of `part`, a subslice of `whole`.
fn offset_in(whole: &str, part: &str) -> usize {
    (part.as_ptr() as usize)
        .saturating_sub(whole.as_ptr() as usize)
        .min(whole.len())
}

/// `` `X` crate ``, `X crate`: the name and the text after it.
fn crate_name(text: &str) -> Option<(String, &str)> {
    if let Some(inner) = text.strip_prefix('`') {
        let end = inner.find('`')?;
        let name = inner[..end].trim();
        let rest = inner[end + 1..].trim_start();
        let rest = strip_ci(rest, "crate").unwrap_or(rest);
        return (!name.is_empty() && !name.contains(' ')).then(|| (name.to_string(), rest));
    }
    let (word, rest) = text.split_once(' ')?;
    let rest_trim = rest.trim_start();
    let rest = strip_ci(rest_trim, "crate")?;
    let name = word.trim_matches(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    (!name.is_empty()).then(|| (name.to_string(), rest))
}

fn sentence_end(text: &str) -> usize {
    let mut depth = 0usize;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'<' => depth += 1,
            b'>' => depth = depth.saturating_sub(1),
            b'.' if depth == 0 && (i + 1 == bytes.len() || bytes[i + 1] == b' ') => {
                // Not a version's dot: the char before is not a digit, or the next word is not
                // part of the same statement (a capital letter starts a new sentence).
                let prev_digit = i > 0 && bytes[i - 1].is_ascii_digit();
                let next_upper = bytes.get(i + 2).is_some_and(|c| c.is_ascii_uppercase());
                if !prev_digit || next_upper || i + 1 == bytes.len() {
                    return i;
                }
            }
            _ => {}
        }
    }
    text.len()
}

/// `version V`/`version vV`, or a bare `vV` right after the name.
fn version_in(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let candidate = if let Some(i) = lower.find("version ") {
        &text[i + "version ".len()..]
    } else {
        let t = text.trim_start_matches([',', ' ']);
        if t.starts_with('v') && t[1..].starts_with(|c: char| c.is_ascii_digit()) {
            t
        } else {
            return None;
        }
    };
    let word: String = candidate
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '_'))
        .collect();
    let word = word.trim_end_matches('.');
    let word = word.strip_prefix(['v', 'V']).unwrap_or(word);
    word.starts_with(|c: char| c.is_ascii_digit())
        .then(|| word.to_string())
}

/// `(released 2025-08-16)`.
fn released_in(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let i = lower.find("released ")?;
    let date: String = text[i + "released ".len()..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    (!date.is_empty()).then_some(date)
}

/// The first `<https://...>` or bare `https://...` URL.
fn repository_in(text: &str) -> Option<String> {
    let i = text.find("://")?;
    let start = text[..i]
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
        .last()
        .map(|(p, _)| p)
        .unwrap_or(i);
    let end = text[i..]
        .find(|c: char| c.is_whitespace() || matches!(c, '>' | ')' | ',' | '"'))
        .map(|e| i + e)
        .unwrap_or(text.len());
    let url = text[start..end].trim_end_matches('.');
    (start < i).then(|| url.to_string())
}

/// `licensed under "X"` (quotes optional).
fn license_in(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let i = lower.find("licensed under ")?;
    let rest = &text[i + "licensed under ".len()..];
    let license = if let Some(quoted) = rest.strip_prefix('"') {
        &quoted[..quoted.find('"')?]
    } else {
        rest.split([',', '.']).next().unwrap_or(rest).trim()
    };
    (!license.is_empty()).then(|| license.to_string())
}

/// The name in a first-level heading `` # `name` `` (backticks optional).
fn heading_name(readme: &str) -> Option<String> {
    let line = readme
        .lines()
        .find(|l| l.starts_with("# ") || l.starts_with("#\t"))?;
    let name = line[1..].trim().trim_matches('`').trim();
    (!name.is_empty() && !name.contains(' ')).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_readme() {
        let readme =
            "# `widget`\n\nThese source files come from the Rust `widget` crate, version\n\
                      1.2.3 (released 2030-01-02), hosted in the\n<https://example.org/widget> \
                      repository, licensed under\n\"Apache-2.0 OR MIT\" and only modified to add \
                      the SPDX license identifiers.\n\nFor copyright details, please see:\n\n    \
                      https://example.org/widget/blob/1.2.3/LICENSE\n";
        let v = detect(readme).unwrap();
        assert_eq!(v.name, "widget");
        assert_eq!(v.origin, Origin::Crate);
        assert_eq!(v.version.as_deref(), Some("1.2.3"));
        assert_eq!(v.released.as_deref(), Some("2030-01-02"));
        assert_eq!(v.repository.as_deref(), Some("https://example.org/widget"));
        assert_eq!(v.license.as_deref(), Some("Apache-2.0 OR MIT"));
        assert!(v.statement.starts_with("These source files come from"));
        assert!(v.statement.ends_with("SPDX license identifiers"));
    }

    #[test]
    fn tolerant_phrasings() {
        let v = detect("Files were copied from the `foo-bar` crate, version v0.8.54.").unwrap();
        assert_eq!(
            (v.name.as_str(), v.version.as_deref()),
            ("foo-bar", Some("0.8.54"))
        );
        let v = detect("THESE FILES COME FROM THE RUST baz CRATE.").unwrap();
        assert_eq!(v.name, "baz");
        assert_eq!(v.version, None);
        let v =
            detect("These source files come from the Rust `q` crate v2.0.1 (released x)").unwrap();
        assert_eq!(v.version.as_deref(), Some("2.0.1"));
        assert_eq!(v.released.as_deref(), Some("x"));
    }

    #[test]
    fn standard_library() {
        let readme =
            "# `alloc`\n\nThese source files come from the Rust standard library, hosted in\n\
                      the <https://github.com/rust-lang/rust> repository, licensed under\n\
                      \"Apache-2.0 OR MIT\" and adapted for kernel use. For copyright details,\n\
                      see <https://github.com/rust-lang/rust/blob/master/COPYRIGHT>.\n";
        let v = detect(readme).unwrap();
        assert_eq!(v.name, "alloc");
        assert_eq!(v.origin, Origin::StandardLibrary);
        assert_eq!(v.version, None);
        assert_eq!(
            v.repository.as_deref(),
            Some("https://github.com/rust-lang/rust")
        );
        assert_eq!(v.license.as_deref(), Some("Apache-2.0 OR MIT"));
        assert!(v.statement.ends_with("adapted for kernel use"));
        assert_eq!(
            detect("These files come from the Rust standard library.")
                .unwrap()
                .name,
            "std"
        );
    }

    #[test]
    fn not_vendored() {
        assert_eq!(detect(""), None);
        assert_eq!(
            detect("# `pin-init`\n\nLibrary to safely initialize pinned structs."),
            None
        );
        assert_eq!(detect("These files come from"), None);
        assert_eq!(
            detect("These files come from somewhere else entirely."),
            None
        );
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "files come from `",
            "files come from ``",
            "files come from the rust standard library",
            "files come from the Rust \u{e9}\u{e9} crate version \u{e9}",
            "files come from `x` crate licensed under \"",
            "files come from `x` crate ://",
            "files come from `x` crate version v",
            "#\nfiles come from the Rust standard library",
            "\u{130}files come from the Rust `k` crate",
        ] {
            let _ = detect(text);
        }
    }

    #[test]
    fn real_trees() {
        use crate::testing::{read, tree};
        if let Some(t) = tree("6.1", false) {
            let v = detect(&read(&t, "rust/alloc/README.md")).unwrap();
            assert_eq!(v.name, "alloc");
            assert_eq!(v.origin, Origin::StandardLibrary);
            assert_eq!(v.version, None);
        }
        let Some(t) = tree("7.3", true) else { return };
        // `cat rust/*/README.md` in 7.3: five "These source files come from the Rust `X`
        // crate" READMEs, and pin-init's own README.
        let mut found = Vec::new();
        let mut dirs: Vec<String> = std::fs::read_dir(t.join("rust"))
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        dirs.sort();
        for dir in dirs {
            let path = format!("rust/{dir}/README.md");
            if t.join(&path).is_file() {
                let v = detect(&read(&t, &path));
                found.push((
                    dir,
                    v.as_ref().map(|v| v.name.clone()),
                    v.and_then(|v| v.version),
                ));
            }
        }
        let s = |x: &str| Some(x.to_string());
        assert_eq!(
            found,
            [
                ("pin-init".to_string(), None, None),
                ("proc-macro2".to_string(), s("proc-macro2"), s("1.0.101")),
                ("quote".to_string(), s("quote"), s("1.0.40")),
                ("syn".to_string(), s("syn"), s("2.0.106")),
                ("zerocopy".to_string(), s("zerocopy"), s("0.8.54")),
                (
                    "zerocopy-derive".to_string(),
                    s("zerocopy-derive"),
                    s("0.8.54")
                ),
            ]
        );
        let syn = detect(&read(&t, "rust/syn/README.md")).unwrap();
        assert_eq!(syn.released.as_deref(), Some("2025-08-16"));
        assert_eq!(
            syn.repository.as_deref(),
            Some("https://github.com/dtolnay/syn")
        );
        assert_eq!(syn.license.as_deref(), Some("Apache-2.0 OR MIT"));
        let zc = detect(&read(&t, "rust/zerocopy/README.md")).unwrap();
        assert_eq!(
            zc.license.as_deref(),
            Some("BSD-2-Clause OR Apache-2.0 OR MIT")
        );
    }
}
