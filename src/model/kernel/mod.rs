//! Parsers for the kernel's own metadata: what the kernel tree says about itself.
//!
//! Each submodule is a set of pure functions over the text of one kind of kernel file (no file
//! I/O, no panics on any input); their results derive `serde::Serialize` so the model and the
//! renderers can pass them on unchanged.
//!
//! - [`kbuild`]: Makefile/Kbuild object lines (`obj-$(CONFIG_X) += foo.o`, composites
//!   `foo-y += a.o`), the question "is `foo.o` built, and under which symbol", and the crates
//!   `rust/Makefile` builds.
//! - [`kconfig`]: Kconfig entries (type, prompt, `depends on`, `select`), the symbols that depend
//!   on `RUST`, and the architectures' `select HAVE_RUST [if ...]` lines.
//! - [`arch_support`]: the architectures `Documentation/rust/arch-support.rst` lists.
//! - [`maintainers`]: MAINTAINERS entries and path matching as `scripts/get_maintainer.pl` does it
//!   for `F:`, `X:` and `N:`.
//! - [`version`]: the release from the top-level Makefile and the minimum tool versions from
//!   `scripts/min-tool-version.sh`.
//! - [`boundary`]: the C side of the C↔Rust boundary — the headers and constants given to
//!   bindgen, and the C helper functions written for Rust.
//! - [`vendored`]: third-party code copied into `rust/`, from the phrase its README.md uses.
//! - [`releases`]: when each mainline series was released (a table: trees do not say), the
//!   time axis of `history`.
//!
//! The tests of each module end with one test on the real trees in the kcensus cache
//! (`~/.cache/kcensus/linux-VERSION`, see `scripts/fetch-kernel.sh`); the facts they assert were
//! checked by hand with grep on those trees.

use std::borrow::Cow;

pub mod arch_support;
pub mod boundary;
pub mod kbuild;
pub mod kconfig;
pub mod maintainers;
pub mod releases;
pub mod vendored;
pub mod version;
pub mod wraps;

/// The text split into make-style logical lines: a line ending in an odd number of backslashes
/// is joined with the next one (the backslash and the newline become one space, as make does).
/// Each logical line comes with the 1-based number of its first physical line; a line that
/// continues none is borrowed from the text (most lines of a Kconfig or Makefile: help texts,
/// object lists), so that only joined lines are copied.
pub(crate) fn logical_lines(text: &str) -> impl Iterator<Item = (usize, Cow<'_, str>)> + '_ {
    // One line at a time: a Makefile may hold a million lines, never all copied at once.
    let mut raw_lines = text.lines().enumerate();
    std::iter::from_fn(move || {
        let mut current: Option<(usize, Cow<'_, str>)> = None;
        for (index, raw) in raw_lines.by_ref() {
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            let trailing = line.len() - line.trim_end_matches('\\').len();
            let continued = trailing % 2 == 1;
            let body = if continued {
                &line[..line.len() - 1]
            } else {
                line
            };
            match current.as_mut() {
                Some((_, acc)) => {
                    let acc = acc.to_mut();
                    acc.push(' ');
                    acc.push_str(body.trim_start());
                }
                None => current = Some((index + 1, Cow::Borrowed(body))),
            }
            if !continued {
                return current;
            }
        }
        current
    })
}

/// Whether `word` occurs in `text` as a whole identifier (`[A-Za-z0-9_]` on neither side).
pub(crate) fn contains_word(text: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    let bytes = text.as_bytes();
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    text.match_indices(word).any(|(at, _)| {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(at + word.len()).copied();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

/// Resolve `.` and `..` in a `/`-separated tree path (`a/b/../c.rs` → `a/c.rs`; a `..` above
/// the top is dropped): how the paths Makefiles, `mod` declarations and `#include`s name are
/// joined to the folder that names them.
pub(crate) fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logical_lines_join_continuations() {
        let lines: Vec<(usize, String)> = logical_lines("a \\\n  b \\\n c\nd\\\\\ne\\")
            .map(|(n, l)| (n, l.into_owned()))
            .collect();
        assert_eq!(
            lines,
            vec![
                (1, "a  b  c".to_string()),
                (4, "d\\\\".to_string()),
                (5, "e".to_string())
            ]
        );
    }

    #[test]
    fn words() {
        assert!(contains_word("RUST && NET", "RUST"));
        assert!(contains_word("!RUST", "RUST"));
        assert!(!contains_word("HAVE_RUST", "RUST"));
        assert!(!contains_word("RUSTC_VERSION", "RUST"));
        assert!(!contains_word("x", ""));
    }
}
