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

pub mod diff;
pub mod history;
pub mod reach;
pub mod report;

use super::{percent, thousands};
use base64::Engine as _;
use sha2::Digest as _;
use std::collections::BTreeMap;
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

/// The page's stylesheet. Charts are styled by class here rather than by `style` attributes,
/// which the Content-Security-Policy forbids.
const STYLE: &str = r#"
:root { --ink: #1c1917; --muted: #57534e; --line: #e7e5e4; --paper: #fafaf9; --accent: #c2410c; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--paper); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
header.masthead { background: linear-gradient(135deg, #431407, #9a3412 60%, #c2410c); color: #fff7ed;
  padding: 2.2rem 1rem 1.6rem; }
header.masthead > div, main, footer { max-width: 1200px; margin: 0 auto; }
header.masthead h1 { margin: 0 0 .4rem; font-size: 2.2rem; letter-spacing: -.02em; }
header.masthead p { margin: 0; max-width: 52rem; font-size: 1.05rem; color: #ffedd5; }
header.masthead strong { color: #fff; }
nav.toc { margin-top: 1rem; display: flex; flex-wrap: wrap; gap: .4rem; }
nav.toc a { color: #fff7ed; text-decoration: none; border: 1px solid #fdba7466; border-radius: 99px;
  padding: .1rem .7rem; font-size: .85rem; }
nav.toc a:hover { background: #ffffff22; }
main { padding: 0 1rem 2rem; }
section { background: #fff; border: 1px solid var(--line); border-radius: 10px; margin: 1.2rem 0;
  padding: 1rem 1.4rem 1.2rem; }
h2 { margin: .2rem 0 .6rem; font-size: 1.35rem; }
h3 { margin: 1.2rem 0 .4rem; font-size: 1.05rem; }
p.note, figcaption { color: var(--muted); font-size: .9rem; }
code { font: .88em/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: .8rem;
  margin: 1.2rem 0; }
.figure { background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--accent);
  border-radius: 8px; padding: .7rem .9rem; }
.figure .value { font-size: 1.7rem; font-weight: 700; letter-spacing: -.01em;
  font-variant-numeric: tabular-nums; }
.figure .label { font-weight: 600; }
.figure .detail { color: var(--muted); font-size: .85rem; }
figure.chart { margin: .6rem 0 1rem; }
figure.chart svg { width: 100%; height: auto; display: block; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  fill: var(--ink); }
svg .tick { font-size: 11px; fill: var(--muted); }
svg .axis-label { font-size: 12px; fill: var(--muted); font-weight: 600; }
svg .row-label { font-size: 13px; }
svg .value-note { font-size: 12px; fill: var(--muted); }
svg .legend { font-size: 12px; }
svg .extrapolation-label { font-size: 12px; font-style: italic; fill: var(--muted); }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg .axis { stroke: #a8a29e; stroke-width: 1; }
.table-wrap { overflow-x: auto; max-height: 34rem; overflow-y: auto; border: 1px solid var(--line);
  border-radius: 8px; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; }
th { white-space: nowrap; }
.muted { color: var(--muted); }
tfoot td { font-weight: 700; border-top: 2px solid var(--line); }
th, td { padding: .3rem .5rem; text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
thead th { position: sticky; top: 0; background: #f5f5f4; z-index: 1; }
tbody tr:nth-child(even) { background: #fafaf9; }
tbody tr:hover { background: #fff7ed; }
th button { all: inherit; cursor: pointer; padding: 0; font-weight: 600; }
th button::after { content: " \2195"; color: #a8a29e; }
th[aria-sort="ascending"] button::after { content: " \25B2"; color: var(--accent); }
th[aria-sort="descending"] button::after { content: " \25BC"; color: var(--accent); }
ul.tree, ul.tree ul { list-style: none; margin: 0; padding-left: 1.1rem; }
ul.tree { padding-left: 0; columns: 2 22rem; column-gap: 2rem; }
ul.tree > li { break-inside: avoid; }
ul.tree li { margin: .1rem 0; }
ul.tree summary { cursor: pointer; }
ul.tree .node { font-weight: 600; }
ul.tree .leaf::before { content: "\2022  "; color: #d6d3d1; }
.tag { display: inline-block; white-space: nowrap; font-size: .75rem; padding: 0 .45rem; border-radius: 99px;
  background: #f5f5f4; color: var(--muted); margin-left: .3rem; }
.tag.warn { background: #fee2e2; color: #991b1b; }
.split { display: grid; grid-template-columns: 1fr 1fr; gap: 1.5rem; }
.split ul { margin: .3rem 0; padding-left: 0; list-style: none; font-size: .88rem;
  columns: 2 12rem; }
ul.added li { color: #075985; }
ul.removed li { color: #9a3412; }
.columns { columns: 3 16rem; column-gap: 2rem; font-size: .88rem; }
.columns li { break-inside: avoid; }
footer { color: var(--muted); font-size: .85rem; padding: 0 1rem 2rem; }
"#;

/// The page's script: sortable tables. A click on a column's button sorts the rows by that
/// column (numbers by the cell's `data-sort` value, text case-insensitively); numbers sort
/// largest first on the first click, text A to Z; a second click reverses.
const SCRIPT: &str = r#"
"use strict";
for (const table of document.querySelectorAll("table.sortable")) {
  const heads = Array.from(table.tHead.rows[0].cells);
  heads.forEach((head, column) => {
    const button = head.querySelector("button");
    if (!button) return;
    button.addEventListener("click", () => {
      const numeric = head.classList.contains("num");
      const first = numeric ? "descending" : "ascending";
      const order = head.getAttribute("aria-sort") === first
        ? (first === "ascending" ? "descending" : "ascending") : first;
      const key = (row) => {
        const cell = row.cells[column];
        const text = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent;
        return numeric ? Number(text) : text.toLowerCase();
      };
      const compare = numeric ? (a, b) => a - b : (a, b) => a.localeCompare(b);
      const body = table.tBodies[0];
      const rows = Array.from(body.rows);
      rows.sort((a, b) => (order === "ascending" ? 1 : -1) * compare(key(a), key(b)));
      heads.forEach((h) => h.removeAttribute("aria-sort"));
      head.setAttribute("aria-sort", order);
      body.append(...rows);
    });
  });
}
"#;

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

/// Readable colours for chart series, distinguishable with the common colour-vision
/// deficiencies (after Okabe and Ito), rust orange first.
pub const PALETTE: &[&str] = &[
    "#c2410c", "#0072b2", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#7c3aed", "#57534e",
];

/// The colour for third-party code, set apart from the palette.
pub const VENDORED_GREY: &str = "#a8a29e";

/// A named, coloured series of a chart, shown in its legend.
#[derive(Debug, Clone)]
pub struct Series {
    /// Its name in the legend.
    pub name: String,
    /// Its colour (`#rrggbb`).
    pub colour: &'static str,
}

/// One bar of a [`BarChart`]: a label and one value per series (stacked left to right).
#[derive(Debug, Clone)]
pub struct BarRow {
    /// The bar's label, left of it.
    pub label: String,
    /// One value per series of the chart; missing values count as 0.
    pub values: Vec<f64>,
    /// Text right of the bar (`63.9 per kLOC · 1,791 blocks`).
    pub note: String,
}

/// A horizontal bar chart, stacked when there is more than one series.
#[derive(Debug, Clone)]
pub struct BarChart {
    /// A fixed ASCII name, unique in the page (the SVG's title and description ids).
    pub id: String,
    /// The chart's title (its accessible name).
    pub title: String,
    /// A text alternative: what the chart shows, in a sentence.
    pub description: String,
    /// What the horizontal axis measures.
    pub axis_label: String,
    /// The series; a legend is drawn when there is more than one.
    pub series: Vec<Series>,
    /// The bars, top to bottom.
    pub rows: Vec<BarRow>,
    /// Digits after the point in the values shown on hovering a bar.
    pub decimals: usize,
}

/// Chart width in SVG units; the page scales it to its column.
const CHART_WIDTH: f64 = 760.0;

/// Width of a character of chart text at 13px, for laying out labels without a font: generous,
/// since wide letters (`m`, `w`) must fit too.
const CHAR_WIDTH: f64 = 8.0;

/// A finite, non-negative value (charts draw magnitudes; anything else is drawn as 0).
fn magnitude(value: f64) -> f64 {
    if value.is_finite() && value > 0.0 {
        value
    } else {
        0.0
    }
}

/// Axis ticks from 0: a step of 1, 2 or 5 times a power of ten giving about `count` ticks, and
/// the axis' end (a multiple of the step at or above `max`).
fn ticks(max: f64, count: usize) -> (f64, f64) {
    let max = if max > 0.0 { max } else { 1.0 };
    let raw = max / count.max(1) as f64;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|&s| s >= raw)
        .unwrap_or(10.0 * power);
    (step, (max / step).ceil() * step)
}

/// Digits after the point that tick labels `step` apart need.
fn tick_decimals(step: f64) -> usize {
    if step >= 1.0 {
        0
    } else {
        (-step.log10()).ceil() as usize
    }
}

/// The value axis of a horizontal bar chart: a vertical grid line with its tick label every
/// `step` from `from` to `to` (data units; `zero_x` is where 0 is drawn, `scale` pixels per
/// unit), between `top` and `bottom`, and the axis label centred below.
struct ValueAxis<'a> {
    zero_x: f64,
    scale: f64,
    from: f64,
    to: f64,
    step: f64,
    top: f64,
    bottom: f64,
    centre_x: f64,
    label: &'a str,
}

impl ValueAxis<'_> {
    fn write(&self, out: &mut String) {
        let (top, bottom) = (self.top, self.bottom);
        let mut tick = self.from;
        while tick <= self.to + self.step / 2.0 {
            let x = self.zero_x + tick * self.scale;
            let _ = write!(
                out,
                "<line class=\"grid\" x1=\"{x:.1}\" y1=\"{top:.1}\" x2=\"{x:.1}\" y2=\"{bottom:.1}\"/>\
                 <text class=\"tick\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                bottom + 15.0,
                number(tick, tick_decimals(self.step))
            );
            tick += self.step;
        }
        let _ = write!(
            out,
            "<text class=\"axis-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            self.centre_x,
            bottom + 38.0,
            escape(self.label)
        );
    }
}

/// The `<svg>` opening tag with its accessible name and description.
fn svg_open(out: &mut String, id: &str, width: f64, height: f64, title: &str, description: &str) {
    let id = escape(id);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width:.0} {height:.0}\" \
         role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" data-chart=\"{id}\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(description)
    );
}

/// How a legend entry shows its series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Swatch {
    /// A filled box, for bars.
    Box,
    /// A solid line, for measured lines.
    Line,
    /// A dashed line, for projections.
    Dashed,
}

/// Height of a legend row.
const LEGEND_ROW: f64 = 20.0;

/// The legend at the top of a chart: a swatch and a name per (name, colour, swatch) entry,
/// from `left`, wrapped onto more rows when the chart's width is reached. Returns the SVG and
/// the height it takes.
fn legend(entries: &[(&str, &str, Swatch)], left: f64) -> (String, f64) {
    let mut out = String::new();
    let (mut x, mut y) = (left, 8.0);
    for (name, colour, swatch) in entries {
        let width = 24.0 + name.chars().count() as f64 * CHAR_WIDTH;
        if x > left && x + width > CHART_WIDTH {
            x = left;
            y += LEGEND_ROW;
        }
        match swatch {
            Swatch::Box => {
                let _ = write!(
                    out,
                    "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"18\" height=\"12\" rx=\"2\" fill=\"{colour}\"/>"
                );
            }
            Swatch::Line | Swatch::Dashed => {
                let _ = write!(
                    out,
                    "<line x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{colour}\" \
                     stroke-width=\"2.5\"{}/>",
                    y + 6.0,
                    x + 18.0,
                    y + 6.0,
                    if *swatch == Swatch::Dashed {
                        " stroke-dasharray=\"5 4\""
                    } else {
                        ""
                    }
                );
            }
        }
        let _ = write!(
            out,
            "<text class=\"legend\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            x + 24.0,
            y + 10.0,
            escape(name)
        );
        x += width + 20.0;
    }
    (out, y + LEGEND_ROW)
}

impl BarChart {
    /// The chart as an `<svg>` element.
    pub fn svg(&self) -> String {
        const ROW: f64 = 28.0;
        const BAR: f64 = 18.0;
        let label_width = self
            .rows
            .iter()
            .map(|r| r.label.chars().count())
            .max()
            .map_or(60.0, |n| (n as f64 * CHAR_WIDTH + 14.0).clamp(60.0, 260.0));
        let note_width = self
            .rows
            .iter()
            .map(|r| r.note.chars().count())
            .max()
            .map_or(0.0, |n| n as f64 * 6.4 + 12.0)
            .min(260.0);
        let entries: Vec<(&str, &str, Swatch)> = self
            .series
            .iter()
            .map(|s| (s.name.as_str(), s.colour, Swatch::Box))
            .collect();
        // A legend only when there is more than one series to tell apart.
        let (legend_svg, top) = if entries.len() > 1 {
            let (svg, height) = legend(&entries, label_width);
            (svg, height + 6.0)
        } else {
            (String::new(), 8.0)
        };
        let plot_left = label_width;
        let plot_width = (CHART_WIDTH - label_width - note_width - 8.0).max(120.0);
        let plot_bottom = top + ROW * self.rows.len() as f64;
        let height = plot_bottom + 46.0;
        let total = |r: &BarRow| r.values.iter().copied().map(magnitude).sum::<f64>();
        let max = self.rows.iter().map(total).fold(0.0, f64::max);
        let (step, end) = ticks(max, 5);
        let scale = plot_width / end;

        let mut out = String::new();
        svg_open(
            &mut out,
            &self.id,
            CHART_WIDTH,
            height,
            &self.title,
            &self.description,
        );
        out.push_str(&legend_svg);
        // Grid lines and tick labels first, so bars are drawn over them.
        ValueAxis {
            zero_x: plot_left,
            scale,
            from: 0.0,
            to: end,
            step,
            top,
            bottom: plot_bottom,
            centre_x: plot_left + plot_width / 2.0,
            label: &self.axis_label,
        }
        .write(&mut out);
        for (i, row) in self.rows.iter().enumerate() {
            let y = top + ROW * i as f64;
            let bar_y = y + (ROW - BAR) / 2.0;
            let _ = write!(
                out,
                "<text class=\"row-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
                plot_left - 8.0,
                y + ROW / 2.0 + 4.5,
                escape(&row.label)
            );
            let mut x = plot_left;
            for (series, value) in self.series.iter().zip(&row.values) {
                let width = magnitude(*value) * scale;
                if width <= 0.0 {
                    continue;
                }
                let _ = write!(
                    out,
                    "<rect x=\"{x:.1}\" y=\"{bar_y:.1}\" width=\"{:.1}\" height=\"{BAR:.1}\" \
                     fill=\"{}\"><title>{}: {} {}</title></rect>",
                    width.max(1.0),
                    series.colour,
                    escape(&row.label),
                    escape(&series.name),
                    number(*value, self.decimals)
                );
                x += width;
            }
            let _ = write!(
                out,
                "<text class=\"value-note\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                x + 6.0,
                y + ROW / 2.0 + 4.0,
                escape(&row.note)
            );
        }
        let _ = write!(
            out,
            "<line class=\"axis\" x1=\"{plot_left:.1}\" y1=\"{top:.1}\" x2=\"{plot_left:.1}\" y2=\"{plot_bottom:.1}\"/>"
        );
        out.push_str("</svg>");
        out
    }
}

/// The colour of growth in a [`DeltaChart`].
pub const GREW: &str = "#0072b2";

/// The colour of shrinkage in a [`DeltaChart`].
pub const SHRANK: &str = "#d55e00";

/// One bar of a [`DeltaChart`]: a label and a signed change.
#[derive(Debug, Clone)]
pub struct DeltaRow {
    /// The bar's label, left of it.
    pub label: String,
    /// The change (new − old): drawn right of zero when positive, left when negative.
    pub change: f64,
    /// Text right of the chart on the bar's row (`12,345 → 13,000`).
    pub note: String,
}

/// A chart of changes: horizontal bars from a zero line, growth to the right in blue,
/// shrinkage to the left in orange.
#[derive(Debug, Clone)]
pub struct DeltaChart {
    /// A fixed ASCII name, unique in the page (the SVG's title and description ids).
    pub id: String,
    /// The chart's title (its accessible name).
    pub title: String,
    /// A text alternative: what the chart shows, in a sentence.
    pub description: String,
    /// What the horizontal axis measures (`change in code lines`).
    pub axis_label: String,
    /// The bars, top to bottom.
    pub rows: Vec<DeltaRow>,
}

impl DeltaChart {
    /// The chart as an `<svg>` element.
    pub fn svg(&self) -> String {
        const ROW: f64 = 26.0;
        const BAR: f64 = 16.0;
        let label_width = self
            .rows
            .iter()
            .map(|r| r.label.chars().count())
            .max()
            .map_or(60.0, |n| (n as f64 * CHAR_WIDTH + 14.0).clamp(60.0, 260.0));
        let note_width = self
            .rows
            .iter()
            .map(|r| r.note.chars().count())
            .max()
            .map_or(0.0, |n| n as f64 * 6.4 + 16.0)
            .min(220.0);
        let (legend_svg, legend_height) = legend(
            &[("grew", GREW, Swatch::Box), ("shrank", SHRANK, Swatch::Box)],
            label_width,
        );
        let top = legend_height + 6.0;
        let plot_left = label_width;
        let plot_width = (CHART_WIDTH - label_width - note_width).max(120.0);
        let plot_bottom = top + ROW * self.rows.len() as f64;
        let height = plot_bottom + 46.0;
        let finite = |v: f64| if v.is_finite() { v } else { 0.0 };
        let most = self
            .rows
            .iter()
            .map(|r| finite(r.change))
            .fold(0.0, f64::max);
        let least = self
            .rows
            .iter()
            .map(|r| finite(r.change))
            .fold(0.0, f64::min);
        // One tick step for both sides, so that equal changes have equal lengths.
        let (step, _) = ticks(most.max(-least), 3);
        let right = (most / step).ceil() * step;
        let left = (-least / step).ceil() * step;
        let span = if right + left > 0.0 {
            right + left
        } else {
            1.0
        };
        let scale = plot_width / span;
        let zero = plot_left + left * scale;

        let mut out = String::new();
        svg_open(
            &mut out,
            &self.id,
            CHART_WIDTH,
            height,
            &self.title,
            &self.description,
        );
        out.push_str(&legend_svg);
        ValueAxis {
            zero_x: zero,
            scale,
            from: -left,
            to: right,
            step,
            top,
            bottom: plot_bottom,
            centre_x: plot_left + plot_width / 2.0,
            label: &self.axis_label,
        }
        .write(&mut out);
        for (i, row) in self.rows.iter().enumerate() {
            let y = top + ROW * i as f64;
            let change = finite(row.change);
            let _ = write!(
                out,
                "<text class=\"row-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
                plot_left - 8.0,
                y + ROW / 2.0 + 4.5,
                escape(&row.label)
            );
            if change != 0.0 {
                let width = (change.abs() * scale).max(1.0);
                let x = if change > 0.0 { zero } else { zero - width };
                let _ = write!(
                    out,
                    "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{width:.1}\" height=\"{BAR:.1}\" \
                     fill=\"{}\"><title>{}: {}</title></rect>",
                    y + (ROW - BAR) / 2.0,
                    if change > 0.0 { GREW } else { SHRANK },
                    escape(&row.label),
                    signed(change, 0)
                );
            }
            let _ = write!(
                out,
                "<text class=\"value-note\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                plot_left + plot_width + 8.0,
                y + ROW / 2.0 + 4.0,
                escape(&row.note)
            );
        }
        let _ = write!(
            out,
            "<line class=\"axis\" x1=\"{zero:.1}\" y1=\"{top:.1}\" x2=\"{zero:.1}\" y2=\"{plot_bottom:.1}\"/>"
        );
        out.push_str("</svg>");
        out
    }
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

/// A point of a [`LineChart`] series.
#[derive(Debug, Clone)]
pub struct Point {
    /// The point's name on the horizontal axis (`6.12`, `2026-10`).
    pub label: String,
    /// Its position on the horizontal axis (a release date as a fractional year, say).
    pub x: f64,
    /// Its value.
    pub y: f64,
}

/// A line of a [`LineChart`]: measured points, and optionally projected ones.
#[derive(Debug, Clone)]
pub struct LineSeries {
    /// Name and colour.
    pub series: Series,
    /// Measured points, by increasing `x`.
    pub points: Vec<Point>,
    /// Projected points after the measured ones, by increasing `x` (empty for none). They are
    /// drawn dashed, continuing from the last measured point, in a band labelled
    /// "extrapolation".
    pub projection: Vec<Point>,
}

/// A line chart of series over an ordered axis (releases over time), with optional projections.
/// A projection's method and fit quality belong in the caption of the chart's [`figure`].
#[derive(Debug, Clone)]
pub struct LineChart {
    /// A fixed ASCII name, unique in the page (the SVG's title and description ids).
    pub id: String,
    /// The chart's title (its accessible name).
    pub title: String,
    /// A text alternative: what the chart shows, in a sentence.
    pub description: String,
    /// What the horizontal axis is (`release`).
    pub x_label: String,
    /// What the vertical axis measures (`code lines`).
    pub y_label: String,
    /// The lines.
    pub series: Vec<LineSeries>,
    /// Digits after the point in the values shown on hovering a point.
    pub decimals: usize,
}

impl LineChart {
    /// The chart as an `<svg>` element. The vertical axis starts at 0, so growth is not
    /// exaggerated.
    pub fn svg(&self) -> String {
        const PLOT_HEIGHT: f64 = 260.0;
        const LEFT: f64 = 78.0;
        const RIGHT: f64 = 24.0;
        const BOTTOM: f64 = 78.0;
        let finite = |p: &&Point| p.x.is_finite() && p.y.is_finite();
        let all: Vec<&Point> = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().chain(&s.projection))
            .filter(finite)
            .collect();
        let (x_min, x_max) = all
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
                (lo.min(p.x), hi.max(p.x))
            });
        let (x_min, x_max) = if all.is_empty() {
            (0.0, 1.0)
        } else if x_max <= x_min {
            (x_min - 1.0, x_max + 1.0)
        } else {
            // A margin, so end points and their labels are not on the frame.
            let pad = (x_max - x_min) * 0.04;
            (x_min - pad, x_max + pad)
        };
        let y_max = all.iter().map(|p| magnitude(p.y)).fold(0.0, f64::max);
        let (step, y_end) = ticks(y_max, 5);
        let projected = self.series.iter().any(|s| !s.projection.is_empty());
        let mut entries: Vec<(&str, &str, Swatch)> = self
            .series
            .iter()
            .map(|s| (s.series.name.as_str(), s.series.colour, Swatch::Line))
            .collect();
        if projected {
            entries.push(("extrapolation (projected)", "#57534e", Swatch::Dashed));
        }
        let (legend_svg, legend_height) = legend(&entries, LEFT);
        let top = legend_height + 12.0;
        let plot_width = CHART_WIDTH - LEFT - RIGHT;
        let plot_height = PLOT_HEIGHT;
        let plot_bottom = top + plot_height;
        let height = plot_bottom + BOTTOM;
        let px = |x: f64| LEFT + (x - x_min) / (x_max - x_min) * plot_width;
        let py = |y: f64| plot_bottom - magnitude(y) / y_end * plot_height;

        let mut out = String::new();
        svg_open(
            &mut out,
            &self.id,
            CHART_WIDTH,
            height,
            &self.title,
            &self.description,
        );
        out.push_str(&legend_svg);

        // The extrapolation band: from the earliest last-measured point of a projected series
        // to the right edge.
        let band_start = self
            .series
            .iter()
            .filter(|s| !s.projection.is_empty())
            .filter_map(|s| s.points.iter().rfind(finite))
            .map(|p| p.x)
            .fold(f64::INFINITY, f64::min);
        if projected && band_start.is_finite() {
            let x = px(band_start);
            let _ = write!(
                out,
                "<rect x=\"{x:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{plot_height:.1}\" \
                 fill=\"#f5f5f4\"/><text class=\"extrapolation-label\" x=\"{:.1}\" y=\"{:.1}\">\
                 extrapolation</text>",
                LEFT + plot_width - x,
                x + 6.0,
                top + 16.0
            );
        }
        let mut tick = 0.0;
        while tick <= y_end + step / 2.0 {
            let y = py(tick);
            let _ = write!(
                out,
                "<line class=\"grid\" x1=\"{LEFT:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\"/>\
                 <text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
                LEFT + plot_width,
                LEFT - 8.0,
                y + 4.0,
                number(tick, tick_decimals(step))
            );
            tick += step;
        }
        // One label per distinct position on the horizontal axis, slanted so that close
        // releases stay readable.
        let mut x_labels: Vec<(f64, &str)> = all.iter().map(|p| (p.x, p.label.as_str())).collect();
        x_labels.sort_by(|a, b| a.0.total_cmp(&b.0));
        x_labels.dedup_by(|a, b| a.0 == b.0);
        for (x, label) in x_labels {
            let x = px(x);
            let _ = write!(
                out,
                "<line class=\"axis\" x1=\"{x:.1}\" y1=\"{plot_bottom:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\"/>\
                 <text class=\"tick\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"end\" \
                 transform=\"rotate(-35 {x:.1} {:.1})\">{}</text>",
                plot_bottom + 4.0,
                plot_bottom + 16.0,
                plot_bottom + 16.0,
                escape(label)
            );
        }
        let _ = write!(
            out,
            "<line class=\"axis\" x1=\"{LEFT:.1}\" y1=\"{plot_bottom:.1}\" x2=\"{:.1}\" y2=\"{plot_bottom:.1}\"/>\
             <line class=\"axis\" x1=\"{LEFT:.1}\" y1=\"{top:.1}\" x2=\"{LEFT:.1}\" y2=\"{plot_bottom:.1}\"/>\
             <text class=\"axis-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>\
             <text class=\"axis-label\" x=\"16\" y=\"{:.1}\" text-anchor=\"middle\" \
             transform=\"rotate(-90 16 {:.1})\">{}</text>",
            LEFT + plot_width,
            LEFT + plot_width / 2.0,
            height - 8.0,
            escape(&self.x_label),
            top + plot_height / 2.0,
            top + plot_height / 2.0,
            escape(&self.y_label)
        );
        for s in &self.series {
            let colour = s.series.colour;
            let measured: Vec<&Point> = s.points.iter().filter(finite).collect();
            let path = |points: &[&Point]| {
                points
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        format!(
                            "{}{:.1} {:.1}",
                            if i == 0 { "M" } else { " L" },
                            px(p.x),
                            py(p.y)
                        )
                    })
                    .collect::<String>()
            };
            if measured.len() > 1 {
                let _ = write!(
                    out,
                    "<path d=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2.5\" \
                     stroke-linejoin=\"round\"/>",
                    path(&measured)
                );
            }
            let projection: Vec<&Point> = measured
                .last()
                .copied()
                .into_iter()
                .chain(s.projection.iter().filter(finite))
                .collect();
            if projection.len() > 1 {
                let _ = write!(
                    out,
                    "<path d=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2.5\" \
                     stroke-dasharray=\"6 5\" opacity=\"0.85\"/>",
                    path(&projection)
                );
            }
            let name = escape(&s.series.name);
            for p in &measured {
                let _ = write!(
                    out,
                    "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"{colour}\"><title>{name}, {}: {}</title></circle>",
                    px(p.x),
                    py(p.y),
                    escape(&p.label),
                    number(p.y, self.decimals)
                );
            }
            for p in s.projection.iter().filter(finite) {
                let _ = write!(
                    out,
                    "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"#fff\" stroke=\"{colour}\" \
                     stroke-width=\"2\"><title>{name}, {} (extrapolation): {}</title></circle>",
                    px(p.x),
                    py(p.y),
                    escape(&p.label),
                    number(p.y, self.decimals)
                );
            }
        }
        out.push_str("</svg>");
        out
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

/// A column of a [`Table`].
#[derive(Debug, Clone)]
pub struct Column {
    /// Its header (text).
    pub header: String,
    /// Whether it holds numbers: right-aligned, sorted by value, largest first.
    pub numeric: bool,
}

impl Column {
    /// A text column.
    pub fn text(header: &str) -> Column {
        Column {
            header: header.into(),
            numeric: false,
        }
    }

    /// A numeric column.
    pub fn number(header: &str) -> Column {
        Column {
            header: header.into(),
            numeric: true,
        }
    }
}

/// A table cell: its HTML and, for numbers, the value it sorts by.
#[derive(Debug, Clone)]
pub struct Cell {
    html: String,
    sort_key: Option<String>,
}

impl Cell {
    /// Text, escaped.
    pub fn text(text: &str) -> Cell {
        Cell {
            html: escape(text),
            sort_key: None,
        }
    }

    /// Text in a `<code>` element (paths, symbols), escaped.
    pub fn code(text: &str) -> Cell {
        Cell {
            html: format!("<code>{}</code>", escape(text)),
            sort_key: None,
        }
    }

    /// A file path in a `<code>` element, escaped, that may wrap after each `/`.
    pub fn path(path: &str) -> Cell {
        let parts: Vec<String> = path.split('/').map(escape).collect();
        Cell {
            html: format!("<code>{}</code>", parts.join("/<wbr>")),
            sort_key: None,
        }
    }

    /// A count, shown with thousands separators.
    pub fn count(value: u64) -> Cell {
        Cell {
            html: thousands(value),
            sort_key: Some(value.to_string()),
        }
    }

    /// A change, with its sign (`+1,234`, `-56`).
    pub fn signed(change: i64) -> Cell {
        Cell {
            html: signed(change as f64, 0),
            sort_key: Some(change.to_string()),
        }
    }

    /// A decimal value with `decimals` digits after the point.
    pub fn decimal(value: f64, decimals: usize) -> Cell {
        Cell {
            html: number(value, decimals),
            sort_key: Some(if value.is_finite() {
                value.to_string()
            } else {
                "0".into()
            }),
        }
    }

    /// A share of a whole, shown as a percentage (`–` and sorted first when the whole is 0).
    pub fn percent(part: u64, whole: u64) -> Cell {
        if whole == 0 {
            return Cell {
                html: "–".into(),
                sort_key: Some("-1".into()),
            };
        }
        Cell {
            html: percent(part, whole),
            sort_key: Some(format!("{:.3}", part as f64 * 100.0 / whole as f64)),
        }
    }

    /// HTML the caller built, sorted by its text.
    pub fn html(html: String) -> Cell {
        Cell {
            html,
            sort_key: None,
        }
    }
}

/// A table whose columns sort on a click of their header (by the page's script; without it the
/// table is simply in its given order).
#[derive(Debug, Clone)]
pub struct Table {
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows, one cell per column.
    pub rows: Vec<Vec<Cell>>,
    /// A totals row, kept last when the rows are sorted (empty for none).
    pub totals: Vec<Cell>,
}

impl Table {
    /// The table, in a scrolling wrapper.
    pub fn html(&self) -> String {
        let mut out =
            String::from("<div class=\"table-wrap\"><table class=\"sortable\">\n<thead><tr>");
        for c in &self.columns {
            let _ = write!(
                out,
                "<th scope=\"col\"{}><button type=\"button\">{}</button></th>",
                if c.numeric { " class=\"num\"" } else { "" },
                escape(&c.header)
            );
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for row in &self.rows {
            self.row(row, &mut out);
        }
        out.push_str("</tbody>\n");
        if !self.totals.is_empty() {
            out.push_str("<tfoot>");
            self.row(&self.totals, &mut out);
            out.push_str("</tfoot>\n");
        }
        out.push_str("</table></div>\n");
        out
    }

    fn row(&self, cells: &[Cell], out: &mut String) {
        out.push_str("<tr>");
        for (column, cell) in self.columns.iter().zip(cells) {
            out.push_str(if column.numeric {
                "<td class=\"num\""
            } else {
                "<td"
            });
            if let Some(key) = &cell.sort_key {
                let _ = write!(out, " data-sort=\"{}\"", escape(key));
            }
            let _ = write!(out, ">{}</td>", cell.html);
        }
        out.push_str("</tr>\n");
    }
}

/// A collapsed (`<details>`) list in columns: `summary` (text) and the item count, then the
/// items (HTML).
pub fn collapsed_list(summary: &str, items_html: impl ExactSizeIterator<Item = String>) -> String {
    let mut out = format!(
        "<details><summary>{} ({})</summary><ul class=\"columns\">",
        escape(summary),
        thousands(items_html.len() as u64)
    );
    for item in items_html {
        let _ = write!(out, "<li>{item}</li>");
    }
    out.push_str("</ul></details>\n");
    out
}

/// An entry of a [`tree`]: a path of names and the HTML shown after its last name.
#[derive(Debug, Clone)]
pub struct TreeItem {
    /// The path, from the root (`["sync", "lock", "spinlock"]`).
    pub path: Vec<String>,
    /// Shown after the name (figures, tags).
    pub note_html: String,
}

/// A node of the tree being built: its note, if an item names it, and its children by name.
#[derive(Default)]
struct TreeNode {
    note_html: Option<String>,
    children: BTreeMap<String, TreeNode>,
}

/// A collapsible tree: nodes with children are `<details>` elements (closed), leaves are list
/// items. Paths that only appear as prefixes of others become nodes without a note.
pub fn tree(items: &[TreeItem]) -> String {
    let mut root = TreeNode::default();
    for item in items {
        let mut node = &mut root;
        for name in &item.path {
            node = node.children.entry(name.clone()).or_default();
        }
        node.note_html = Some(item.note_html.clone());
    }
    let mut out = String::from("<ul class=\"tree\">\n");
    tree_children(&root, &mut out);
    out.push_str("</ul>\n");
    out
}

/// The list items of `node`'s children, depth first.
fn tree_children(node: &TreeNode, out: &mut String) {
    for (name, child) in &node.children {
        let note = child.note_html.as_deref().unwrap_or("");
        if child.children.is_empty() {
            let _ = writeln!(
                out,
                "<li><span class=\"leaf\"><code>{}</code></span> {note}</li>",
                escape(name)
            );
        } else {
            let _ = writeln!(
                out,
                "<li><details><summary><code class=\"node\">{}</code> {note} \
                 <span class=\"tag\">{} below</span></summary><ul>",
                escape(name),
                child.children.len()
            );
            tree_children(child, out);
            out.push_str("</ul></details></li>\n");
        }
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
    fn ticks_are_round() {
        assert_eq!(ticks(63.89, 5), (20.0, 80.0));
        assert_eq!(ticks(63817.0, 5), (20000.0, 80000.0));
        assert_eq!(ticks(0.0, 5), (0.2, 1.0));
        assert_eq!(ticks(5.0, 5), (1.0, 5.0));
        assert_eq!(tick_decimals(20.0), 0);
        assert_eq!(tick_decimals(0.2), 1);
        assert_eq!(tick_decimals(0.05), 2);
    }

    #[test]
    fn csp_hash_is_the_base64_sha256() {
        // `printf '' | openssl dgst -sha256 -binary | base64`
        assert_eq!(
            csp_hash(""),
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
        );
    }

    fn line_chart(projection: Vec<Point>) -> LineChart {
        let point = |label: &str, x: f64, y: f64| Point {
            label: label.into(),
            x,
            y,
        };
        LineChart {
            id: "trend".into(),
            title: "Rust code by release".into(),
            description: "Code lines of Rust in each release <measured>.".into(),
            x_label: "release".into(),
            y_label: "code lines".into(),
            series: vec![LineSeries {
                series: Series {
                    name: "all Rust".into(),
                    colour: PALETTE[0],
                },
                points: vec![
                    point("6.1", 2022.95, 13000.0),
                    point("6.12", 2024.88, 40000.0),
                    point("7.3", 2026.8, f64::NAN),
                    point("7.3", 2026.8, 120000.0),
                ],
                projection,
            }],
            decimals: 0,
        }
    }

    #[test]
    fn line_chart_draws_measured_lines_and_labelled_dashed_projections() {
        let plain = line_chart(Vec::new()).svg();
        assert!(plain.starts_with("<svg") && plain.ends_with("</svg>"));
        assert!(plain.contains("<title id=\"trend-title\">Rust code by release</title>"));
        assert!(plain.contains("&lt;measured&gt;"));
        assert_eq!(
            plain.matches("<circle").count(),
            3,
            "the NaN point is left out"
        );
        assert!(!plain.contains("stroke-dasharray=\"6 5\""));
        assert!(!plain.contains("extrapolation"));
        assert!(!plain.contains("NaN") && !plain.contains("inf"));

        let projected = line_chart(vec![Point {
            label: "2028".into(),
            x: 2028.0,
            y: 200000.0,
        }])
        .svg();
        // One dashed path from the last measured point to the projection, the band's label and
        // the legend's entry, and a hollow circle for the projected point.
        assert_eq!(projected.matches("stroke-dasharray=\"6 5\"").count(), 1);
        assert!(projected.contains(">extrapolation</text>"));
        assert!(projected.contains("extrapolation (projected)"));
        assert!(projected.contains("2028 (extrapolation): 200,000"));
        assert_eq!(projected.matches("fill=\"#fff\"").count(), 1);
        // The vertical axis reaches past the projection: 200,000 is a tick.
        assert!(projected.contains(">200,000</text>"));
    }

    #[test]
    fn charts_survive_empty_and_degenerate_input() {
        let empty = LineChart {
            series: Vec::new(),
            ..line_chart(Vec::new())
        };
        assert!(empty.svg().ends_with("</svg>"));
        let bars = BarChart {
            id: "b".into(),
            title: "t".into(),
            description: "d".into(),
            axis_label: "x".into(),
            series: vec![Series {
                name: "s".into(),
                colour: PALETTE[0],
            }],
            rows: vec![BarRow {
                label: "zero".into(),
                values: vec![0.0, f64::INFINITY],
                note: String::new(),
            }],
            decimals: 0,
        };
        let svg = bars.svg();
        assert!(!svg.contains("<rect"), "{svg}");
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }

    #[test]
    fn changes_carry_their_sign() {
        assert_eq!(signed(1234.0, 0), "+1,234");
        assert_eq!(signed(-56.0, 0), "-56");
        assert_eq!(signed(0.0, 0), "0");
        assert_eq!(signed(0.04, 1), "0.0");
        let cell = Cell::signed(-56);
        assert_eq!(
            (cell.html.as_str(), cell.sort_key.as_deref()),
            ("-56", Some("-56"))
        );
    }

    #[test]
    fn delta_chart_draws_growth_right_and_shrinkage_left_of_zero() {
        let row = |label: &str, change: f64| DeltaRow {
            label: label.into(),
            change,
            note: format!("note <{label}>"),
        };
        let svg = DeltaChart {
            id: "d".into(),
            title: "t".into(),
            description: "d".into(),
            axis_label: "change".into(),
            rows: vec![row("up", 100.0), row("down", -50.0), row("same", 0.0)],
        }
        .svg();
        // The zero line, and each bar on its side of it.
        let zero: f64 = svg
            .rsplit("<line class=\"axis\" x1=\"")
            .next()
            .and_then(|rest| rest.split('"').next())
            .and_then(|x| x.parse().ok())
            .expect("a zero line");
        let bar = |colour: &str| -> (f64, f64) {
            let at = svg
                .find(&format!("fill=\"{colour}\"><title>"))
                .expect(colour);
            let rect = &svg[svg[..at].rfind("<rect").expect("rect")..at];
            let attribute = |name: &str| -> f64 {
                let from = rect.find(&format!(" {name}=\"")).expect(name) + name.len() + 3;
                rect[from..].split('"').next().unwrap().parse().unwrap()
            };
            (attribute("x"), attribute("width"))
        };
        let (x, _) = bar(GREW);
        assert!((x - zero).abs() < 0.1, "growth starts at zero");
        let (x, width) = bar(SHRANK);
        assert!((x + width - zero).abs() < 0.1, "shrinkage ends at zero");
        assert_eq!(
            svg.matches("<rect").count(),
            2 + 2,
            "two bars, two legend boxes"
        );
        assert!(svg.contains("note &lt;down&gt;"));
        assert!(svg.contains(">up: +100</title>") && svg.contains(">down: -50</title>"));
    }

    #[test]
    fn long_legends_wrap_within_the_chart() {
        let names: Vec<String> = (0..8).map(|i| format!("series number {i}")).collect();
        let entries: Vec<(&str, &str, Swatch)> = names
            .iter()
            .map(|n| (n.as_str(), PALETTE[0], Swatch::Box))
            .collect();
        let (one_row, height) = legend(&entries[..1], 80.0);
        assert_eq!(height, 8.0 + LEGEND_ROW);
        assert!(one_row.contains("y=\"8.0\""));
        let (svg, height) = legend(&entries, 80.0);
        // Eight entries of 144 units (and a 20-unit gap) fit four to a row.
        assert_eq!(height, 8.0 + 2.0 * LEGEND_ROW);
        // Every entry starts inside the chart.
        for x in svg.split("<rect x=\"").skip(1) {
            let x: f64 = x.split('"').next().unwrap().parse().unwrap();
            assert!((80.0..CHART_WIDTH).contains(&x), "{x}");
        }
    }

    #[test]
    fn tree_nests_paths_and_escapes_names() {
        let item = |path: &[&str], note: &str| TreeItem {
            path: path.iter().map(|s| s.to_string()).collect(),
            note_html: note.into(),
        };
        let html = tree(&[
            item(&["sync"], "S"),
            item(&["sync", "lock"], "L"),
            item(&["a<b", "c"], "C"),
        ]);
        assert!(html.contains("<code class=\"node\">a&lt;b</code>  <span class=\"tag\">1 below"));
        assert!(html.contains("<code class=\"node\">sync</code> S"));
        assert!(html.contains("<code>lock</code></span> L</li>"));
    }

    #[test]
    fn table_cells_carry_sort_keys_and_escape() {
        let table = Table {
            columns: vec![Column::text("name"), Column::number("code")],
            rows: vec![
                vec![Cell::text("<b>"), Cell::count(1234)],
                vec![Cell::path("a/<b>.rs"), Cell::count(5)],
            ],
            totals: vec![Cell::text("all"), Cell::count(1234)],
        };
        let html = table.html();
        assert!(html.contains("<td>&lt;b&gt;</td><td class=\"num\" data-sort=\"1234\">1,234</td>"));
        assert!(html.contains(
            "<th scope=\"col\" class=\"num\"><button type=\"button\">code</button></th>"
        ));
        assert!(html.contains("<td><code>a/<wbr>&lt;b&gt;.rs</code></td>"));
        assert!(html.contains("</tbody>\n<tfoot><tr><td>all</td>"));
    }
}
