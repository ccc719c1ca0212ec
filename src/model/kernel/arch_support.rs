//! `Documentation/rust/arch-support.rst`: the architectures the kernel's documentation says
//! Rust works on, from the reStructuredText "simple table" it keeps them in:
//!
//! ```text
//! =============  ================  ==============================================
//! Architecture   Level of support  Constraints
//! =============  ================  ==============================================
//! ``arm64``      Maintained        Little Endian only.
//! ``x86``        Maintained        ``x86_64`` only.
//! =============  ================  ==============================================
//! ```
//!
//! A simple table's columns are the runs of `=` of its border lines; a body line with text in
//! the first column starts a row, one with the first column blank continues the row above.
//! The table read is the first whose header's first cell is `Architecture`.

/// Where the kernel keeps the list.
pub const ARCH_SUPPORT_DOC: &str = "Documentation/rust/arch-support.rst";

/// The architectures the table of `arch-support.rst` lists (first column, inline-literal
/// quotes removed), sorted and each once; `None` when the text has no such table.
pub fn documented_architectures(text: &str) -> Option<Vec<String>> {
    let lines: Vec<&str> = text.lines().collect();
    let borders: Vec<usize> = (0..lines.len()).filter(|&i| is_border(lines[i])).collect();
    // A table is three borders: top, below the header, bottom.
    for window in borders.windows(3) {
        let (top, header_end, bottom) = (window[0], window[1], window[2]);
        let first_column = first_column_width(lines[top]);
        let header = cell(lines.get(top + 1).copied().unwrap_or(""), first_column);
        if header != "Architecture" || header_end <= top + 1 {
            continue;
        }
        let mut names: Vec<String> = lines[header_end + 1..bottom]
            .iter()
            .map(|line| cell(line, first_column))
            .filter(|name| !name.is_empty())
            .map(|name| name.replace("``", ""))
            .collect();
        names.sort();
        names.dedup();
        return Some(names);
    }
    None
}

/// Whether a line is a simple table's border: runs of `=` separated by spaces, at least two.
fn is_border(line: &str) -> bool {
    let line = line.trim_end();
    line.starts_with('=')
        && line.chars().all(|c| c == '=' || c == ' ')
        && line.split_whitespace().count() >= 2
}

/// Characters of the first column: its `=` run and the spaces after it, up to the next run.
fn first_column_width(border: &str) -> usize {
    let run = border.chars().take_while(|&c| c == '=').count();
    run + border[run..].chars().take_while(|&c| c == ' ').count()
}

/// The first `width` characters of a line, trimmed.
fn cell(line: &str, width: usize) -> String {
    line.chars()
        .take(width)
        .collect::<String>()
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "\
Arch Support
============

Below is a general summary of architectures that currently work.

=============  ================  ==============================================
Architecture   Level of support  Constraints
=============  ================  ==============================================
``arm64``      Maintained        Little Endian only.
``x86``        Maintained        ``x86_64`` only;
                                 a continued line.
``arm``        Maintained        ARMv7 Little Endian only.
=============  ================  ==============================================
";

    #[test]
    fn the_first_column_of_the_architecture_table() {
        assert_eq!(
            documented_architectures(DOC).unwrap(),
            ["arm", "arm64", "x86"]
        );
    }

    #[test]
    fn no_table_or_another_table_is_none() {
        assert_eq!(documented_architectures(""), None);
        assert_eq!(documented_architectures("Title\n=====\n"), None);
        let other = "====  ====\nName  Value\n====  ====\na     b\n====  ====\n";
        assert_eq!(documented_architectures(other), None);
        // Any text, no panic: a border without a header, multibyte characters.
        let odd = "==  ==\n==  ==\nÄrchitecture é\n==  ==\n``ü``\n==  ==\n";
        assert_eq!(documented_architectures(odd), None);
    }

    /// The real trees, checked by reading each file's table: 6.1 lists x86 alone; 6.12 arm64,
    /// loongarch, riscv, um, x86; 7.3 adds arm and s390 but not powerpc.
    #[test]
    fn real_trees() {
        use crate::testing::{read, tree};
        for (version, expected) in [
            ("6.1", &["x86"][..]),
            ("6.12", &["arm64", "loongarch", "riscv", "um", "x86"][..]),
            (
                "7.3",
                &["arm", "arm64", "loongarch", "riscv", "s390", "um", "x86"][..],
            ),
        ] {
            let Some(t) = tree(version, version != "6.1") else {
                continue;
            };
            assert_eq!(
                documented_architectures(&read(&t, ARCH_SUPPORT_DOC)).unwrap(),
                expected,
                "{version}"
            );
        }
    }
}
