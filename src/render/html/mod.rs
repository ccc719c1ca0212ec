//! HTML output: one self-contained page per command, and the building blocks those pages share.
//!
//! Every page is a single file that works offline: its CSS and its one small script are inline,
//! charts are SVG drawn here in Rust (so they show without JavaScript), and a
//! Content-Security-Policy allows nothing but that inline CSS and script, identified by their
//! SHA-256 hashes — the page can load nothing from the network, and markup that slipped through
//! escaping could not run.
//!
//! Conventions: a parameter or field named `*_html` is HTML the caller built (and escaped);
//! every other string is text and is escaped here. Nothing reads the clock or makes random ids,
//! so the same input gives byte-identical HTML.

mod charts;
pub mod cves;
pub mod diff;
pub mod history;
pub mod reach;
pub mod report;
mod tables;
pub mod twins;

pub use charts::{
    BarChart, BarRow, DeltaChart, DeltaRow, LineChart, LineSeries, Point, Series, GREW, PALETTE,
    SHRANK, VENDORED_GREY,
};
pub use tables::{collapsed_list, tree, Cell, Column, Table, TreeItem};

use super::{percent, thousands};
use base64::Engine as _;
use sha2::Digest as _;
use std::fmt::Write as _;

/// Escape text for HTML: safe in element content and in a quoted attribute value (both `"` and
/// `'` are escaped), inside HTML as well as inline SVG.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The page's stylesheet (`assets/page.css`). Charts are styled by class there rather than by
/// `style` attributes, which the Content-Security-Policy forbids. The leading newline is part of
/// the hashed content: the page has always opened its `<style>` element with one.
const STYLE: &str = concat!("\n", include_str!("assets/page.css"));

/// The page's script (`assets/sort.js`): sortable tables. A click on a column's button sorts the
/// rows by that column (numbers by the cell's `data-sort` value, text case-insensitively);
/// numbers sort largest first on the first click, text A to Z; a second click reverses. Its
/// Content-Security-Policy hash is computed from this constant when the page is rendered, so
/// editing the asset cannot leave a stale hash behind.
const SCRIPT: &str = concat!("\n", include_str!("assets/sort.js"));

/// The `'sha256-…'` source expression that allows one inline `<style>` or `<script>` element
/// whose content is exactly `content`.
fn csp_hash(content: &str) -> String {
    let digest = sha2::Sha256::digest(content.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// One section of a [`Page`].
struct Section {
    id: String,
    heading: String,
    body_html: String,
}

/// A complete, self-contained HTML page: a masthead with the title, a lede and links to the
/// sections, then the sections, then a footer naming the generator.
pub struct Page {
    title: String,
    lede_html: String,
    sections: Vec<Section>,
}

impl Page {
    /// A page titled `title` (text), introduced by `lede_html` (a sentence or two, HTML).
    pub fn new(title: &str, lede_html: String) -> Page {
        Page {
            title: title.to_string(),
            lede_html,
            sections: Vec::new(),
        }
    }

    /// Add a section: `id` is its fragment (a fixed ASCII name chosen by the page, not tree
    /// text), `heading` its title (text), `body_html` its content.
    pub fn section(&mut self, id: &str, heading: &str, body_html: String) {
        self.sections.push(Section {
            id: id.to_string(),
            heading: heading.to_string(),
            body_html,
        });
    }

    /// The whole page. `prelude_html` goes between the masthead and the first section (headline
    /// figures, typically).
    pub fn render(&self, prelude_html: &str) -> String {
        let mut out = String::with_capacity(64 * 1024);
        let policy = format!(
            "default-src 'none'; style-src {}; script-src {}; img-src data:; base-uri 'none'; form-action 'none'",
            csp_hash(STYLE),
            csp_hash(SCRIPT)
        );
        let title = escape(&self.title);
        // The empty `data:` icon keeps a browser from asking a server for /favicon.ico, which
        // the policy would block with a console error.
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"generator\" content=\"kcensus {version}\">\n\
             <title>{title}</title>\n\
             <link rel=\"icon\" href=\"data:,\">\n\
             <style>{STYLE}</style>\n</head>\n<body>\n",
            version = env!("CARGO_PKG_VERSION"),
        );
        let _ = write!(
            out,
            "<header class=\"masthead\"><div>\n<h1>{title}</h1>\n<p>{}</p>\n<nav class=\"toc\">",
            self.lede_html
        );
        for s in &self.sections {
            let _ = write!(
                out,
                "<a href=\"#{}\">{}</a>",
                escape(&s.id),
                escape(&s.heading)
            );
        }
        out.push_str("</nav>\n</div></header>\n<main>\n");
        out.push_str(prelude_html);
        for s in &self.sections {
            let _ = write!(
                out,
                "<section id=\"{}\">\n<h2>{}</h2>\n{}</section>\n",
                escape(&s.id),
                escape(&s.heading),
                s.body_html
            );
        }
        let _ = write!(
            out,
            "</main>\n<footer>Generated by kcensus {} from the source tree. Line counts follow \
             cloc 1.96's rules exactly. This page is self-contained: it loads nothing from the \
             network.</footer>\n<script>{SCRIPT}</script>\n</body>\n</html>\n",
            env!("CARGO_PKG_VERSION")
        );
        out
    }
}

/// A headline figure: a big value, what it is, and a line of detail.
pub struct Figure {
    /// The value, formatted (`120,084`, `98.2%`).
    pub value: String,
    /// What it counts.
    pub label: String,
    /// A line of context (may be empty).
    pub detail: String,
}

/// A grid of headline figures.
pub fn figures(items: &[Figure]) -> String {
    let mut out = String::from("<div class=\"figures\">\n");
    for f in items {
        let _ = writeln!(
            out,
            "<div class=\"figure\"><div class=\"value\">{}</div><div class=\"label\">{}</div>\
             <div class=\"detail\">{}</div></div>",
            escape(&f.value),
            escape(&f.label),
            escape(&f.detail)
        );
    }
    out.push_str("</div>\n");
    out
}

/// A value as a chart or table shows it: thousands separators, and `decimals` digits after the
/// point. Not-a-number and infinities (which no count produces) show as `–`.
pub fn number(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "–".into();
    }
    let text = format!("{:.*}", decimals, value.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::new();
    if value < 0.0 && text.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        out.push('-');
    }
    out.push_str(&thousands(whole.parse().unwrap_or(0)));
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(fraction);
    }
    out
}

/// A change with its sign (`+1,234`, `-5.0`, `0`).
pub fn signed(value: f64, decimals: usize) -> String {
    let text = number(value, decimals);
    if value > 0.0 && text.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        format!("+{text}")
    } else {
        text
    }
}

/// A chart in a `<figure>`, with an optional caption (text: a fit's quality, a source note).
pub fn figure(svg: &str, caption: &str) -> String {
    if caption.is_empty() {
        format!("<figure class=\"chart\">{svg}</figure>\n")
    } else {
        format!(
            "<figure class=\"chart\">{svg}<figcaption>{}</figcaption></figure>\n",
            escape(caption)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_text_and_attributes() {
        assert_eq!(
            escape(r#"<script>alert("x's")</script> & </style>"#),
            "&lt;script&gt;alert(&quot;x&#39;s&quot;)&lt;/script&gt; &amp; &lt;/style&gt;"
        );
        assert_eq!(escape("&amp;"), "&amp;amp;");
    }

    #[test]
    fn numbers_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(number(63.894, 1), "63.9");
        assert_eq!(number(12345.0, 0), "12,345");
        assert_eq!(number(-0.01, 1), "0.0");
        assert_eq!(number(-2.5, 1), "-2.5");
        assert_eq!(number(f64::NAN, 1), "–");
    }

    #[test]
    fn csp_hash_is_the_base64_sha256() {
        // `printf '' | openssl dgst -sha256 -binary | base64`
        assert_eq!(
            csp_hash(""),
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
        );
    }

    #[test]
    fn changes_carry_their_sign() {
        assert_eq!(signed(1234.0, 0), "+1,234");
        assert_eq!(signed(-56.0, 0), "-56");
        assert_eq!(signed(0.0, 0), "0");
        assert_eq!(signed(0.04, 1), "0.0");
    }
}
