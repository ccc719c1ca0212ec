//! Output formats. Each renderer is a pure function from a model value to text; none reads
//! the clock or the environment, so the same input gives byte-identical output.

pub mod check;
pub mod count;
pub mod cves;
pub mod diff;
pub mod history;
pub mod html;
pub mod lint;
pub mod lint_rules;
pub mod reach;
pub mod report;
pub mod report_csv;
pub mod schema;
pub mod sqlite;
pub mod twins;

use std::borrow::Cow;

/// Text from the tree as it may be shown (the rule lives with the error wording, below the
/// layers that show text: see [`crate::error::printable`]).
pub use crate::error::printable;

/// A whole text output (table, text, Markdown, CSV) with every control character but the line
/// feed shown escaped as [`printable`] does: the renderers write no other control character,
/// so any one there came from the tree.
pub fn printable_lines(text: String) -> String {
    if !text.chars().any(|c| c.is_control() && c != '\n') {
        return text;
    }
    text.split('\n')
        .map(printable)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Characters that make a spreadsheet read a CSV cell as a formula when they start it.
const FORMULA_STARTS: [char; 4] = ['=', '+', '-', '@'];

/// A text field from the tree as a CSV field: control characters shown escaped
/// ([`printable`], so a row stays one line), a cell a spreadsheet would take for a formula
/// (starting with `=`, `+`, `-` or `@`) prefixed with `'` as OWASP advises, then quoted when
/// it needs it (RFC 4180). No name in a kernel tree starts so, so cloc's output is kept there.
pub fn csv_field(field: &str) -> String {
    let shown = printable(field);
    let field: Cow<'_, str> = if shown.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{shown}"))
    } else {
        shown
    };
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.into_owned()
    }
}

/// A whole number with thousands separators (`12,345`), for prose and tables.
pub fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `part` as a percentage of `whole`, one decimal (`98.2%`); `–` when `whole` is 0.
pub fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        "–".into()
    } else {
        format!("{:.1}%", part as f64 * 100.0 / whole as f64)
    }
}

/// `part` as a percentage of `whole` with two decimals (`0.39%`), for shares that are small;
/// `–` when `whole` is 0.
pub fn share(part: u64, whole: u64) -> String {
    if whole == 0 {
        "–".into()
    } else {
        format!("{:.2}%", part as f64 * 100.0 / whole as f64)
    }
}

/// Text from the tree made safe for a Markdown table cell: control characters shown escaped
/// ([`printable`]; a CR or LF would end the row), backslashes, `|` and what makes a link, an
/// image, emphasis or a code span (`[`, `]`, `*`, `` ` ``) escaped with a backslash, and
/// `<` `>` as entities (no HTML, no autolink).
pub fn markdown_cell(text: &str) -> String {
    let shown = printable(text);
    let mut out = String::with_capacity(shown.len());
    for c in shown.chars() {
        match c {
            '\\' | '|' | '[' | ']' | '*' | '`' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}
