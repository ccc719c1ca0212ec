//! Horizontal bar charts: stacked values ([`BarChart`]) and signed changes ([`DeltaChart`]).

use super::{
    label_width, legend, magnitude, note_width, ticks, RowFrame, Series, Swatch, ValueScale,
    CHART_WIDTH,
};
use crate::render::html::{escape, number, signed};
use std::fmt::Write as _;

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

impl BarChart {
    /// The chart as an `<svg>` element.
    pub fn svg(&self) -> String {
        const ROW: f64 = 28.0;
        const BAR: f64 = 18.0;
        let label_width = label_width(self.rows.iter().map(|r| r.label.as_str()));
        let note_width = note_width(self.rows.iter().map(|r| r.note.as_str()), 12.0, 260.0);
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
        let frame = RowFrame {
            left: label_width,
            width: (CHART_WIDTH - label_width - note_width - 8.0).max(120.0),
            top,
            row: ROW,
            rows: self.rows.len(),
        };
        let total = |r: &BarRow| r.values.iter().copied().map(magnitude).sum::<f64>();
        let max = self.rows.iter().map(total).fold(0.0, f64::max);
        let (step, end) = ticks(max, 5);
        let scale = frame.width / end;

        let mut out = frame.open(&self.id, &self.title, &self.description, &legend_svg);
        let values = ValueScale {
            zero_x: frame.left,
            scale,
            from: 0.0,
            to: end,
            step,
        };
        frame.value_axis(&mut out, &values, &self.axis_label);
        for (i, row) in self.rows.iter().enumerate() {
            let y = frame.row_label(&mut out, i, &row.label);
            let bar_y = y + (ROW - BAR) / 2.0;
            let mut x = frame.left;
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
            frame.note(&mut out, x + 6.0, y, &row.note);
        }
        frame.close(&mut out, frame.left);
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
        let label_width = label_width(self.rows.iter().map(|r| r.label.as_str()));
        let note_width = note_width(self.rows.iter().map(|r| r.note.as_str()), 16.0, 220.0);
        let (legend_svg, legend_height) = legend(
            &[("grew", GREW, Swatch::Box), ("shrank", SHRANK, Swatch::Box)],
            label_width,
        );
        let frame = RowFrame {
            left: label_width,
            width: (CHART_WIDTH - label_width - note_width).max(120.0),
            top: legend_height + 6.0,
            row: ROW,
            rows: self.rows.len(),
        };
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
        let scale = frame.width / span;
        let zero = frame.left + left * scale;

        let mut out = frame.open(&self.id, &self.title, &self.description, &legend_svg);
        let values = ValueScale {
            zero_x: zero,
            scale,
            from: -left,
            to: right,
            step,
        };
        frame.value_axis(&mut out, &values, &self.axis_label);
        for (i, row) in self.rows.iter().enumerate() {
            let y = frame.row_label(&mut out, i, &row.label);
            let change = finite(row.change);
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
            frame.note(&mut out, frame.left + frame.width + 8.0, y, &row.note);
        }
        frame.close(&mut out, zero);
        out
    }
}
