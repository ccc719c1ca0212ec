//! Line charts of series over an ordered axis (releases over time), with projections.

use super::{legend, magnitude, svg_open, tick_decimals, ticks, Series, Swatch, CHART_WIDTH};
use crate::render::html::{escape, number};
use std::fmt::Write as _;

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

/// Where a [`LineChart`] draws: the plot's frame and the data range it shows.
struct LinePlot {
    /// Where the plot starts (below the legend).
    top: f64,
    /// The plot's width.
    width: f64,
    /// The plot's height.
    height: f64,
    /// The horizontal axis' range, margins included.
    x_min: f64,
    x_max: f64,
    /// The vertical axis' end (it starts at 0) and its tick step.
    y_end: f64,
    y_step: f64,
}

impl LinePlot {
    /// Where the plot ends.
    fn bottom(&self) -> f64 {
        self.top + self.height
    }

    /// The horizontal position of `x`.
    fn px(&self, x: f64) -> f64 {
        LEFT + (x - self.x_min) / (self.x_max - self.x_min) * self.width
    }

    /// The vertical position of `y`.
    fn py(&self, y: f64) -> f64 {
        self.bottom() - magnitude(y) / self.y_end * self.height
    }

    /// An SVG path through `points`.
    fn path(&self, points: &[&Point]) -> String {
        points
            .iter()
            .enumerate()
            .map(|(i, p)| {
                format!(
                    "{}{:.1} {:.1}",
                    if i == 0 { "M" } else { " L" },
                    self.px(p.x),
                    self.py(p.y)
                )
            })
            .collect()
    }

    /// The extrapolation band, shaded from `start` (a position on the horizontal axis) to the
    /// right edge, and its label.
    fn band(&self, out: &mut String, start: f64) {
        let (top, plot_height) = (self.top, self.height);
        let x = self.px(start);
        let _ = write!(
            out,
            "<rect x=\"{x:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{plot_height:.1}\" \
             fill=\"#f5f5f4\"/><text class=\"extrapolation-label\" x=\"{:.1}\" y=\"{:.1}\">\
             extrapolation</text>",
            LEFT + self.width - x,
            x + 6.0,
            top + 16.0
        );
    }

    /// Horizontal grid lines with the value at each tick of the vertical axis.
    fn value_grid(&self, out: &mut String) {
        let mut tick = 0.0;
        while tick <= self.y_end + self.y_step / 2.0 {
            let y = self.py(tick);
            let _ = write!(
                out,
                "<line class=\"grid\" x1=\"{LEFT:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\"/>\
                 <text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
                LEFT + self.width,
                LEFT - 8.0,
                y + 4.0,
                number(tick, tick_decimals(self.y_step))
            );
            tick += self.y_step;
        }
    }

    /// One label per distinct position of `points` on the horizontal axis, slanted so that
    /// close releases stay readable.
    fn x_labels(&self, out: &mut String, points: &[&Point]) {
        let plot_bottom = self.bottom();
        let mut x_labels: Vec<(f64, &str)> =
            points.iter().map(|p| (p.x, p.label.as_str())).collect();
        x_labels.sort_by(|a, b| a.0.total_cmp(&b.0));
        x_labels.dedup_by(|a, b| a.0 == b.0);
        for (x, label) in x_labels {
            let x = self.px(x);
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
    }

    /// The two axes and their labels; `height` is the whole chart's.
    fn axes(&self, out: &mut String, height: f64, x_label: &str, y_label: &str) {
        let (top, plot_bottom) = (self.top, self.bottom());
        let _ = write!(
            out,
            "<line class=\"axis\" x1=\"{LEFT:.1}\" y1=\"{plot_bottom:.1}\" x2=\"{:.1}\" y2=\"{plot_bottom:.1}\"/>\
             <line class=\"axis\" x1=\"{LEFT:.1}\" y1=\"{top:.1}\" x2=\"{LEFT:.1}\" y2=\"{plot_bottom:.1}\"/>\
             <text class=\"axis-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>\
             <text class=\"axis-label\" x=\"16\" y=\"{:.1}\" text-anchor=\"middle\" \
             transform=\"rotate(-90 16 {:.1})\">{}</text>",
            LEFT + self.width,
            LEFT + self.width / 2.0,
            height - 8.0,
            escape(x_label),
            top + self.height / 2.0,
            top + self.height / 2.0,
            escape(y_label)
        );
    }

    /// A series: its measured line, its dashed projection from the last measured point, and a
    /// circle per point (hollow when projected) carrying the value shown on hovering.
    fn series(&self, out: &mut String, s: &LineSeries, decimals: usize) {
        let colour = s.series.colour;
        let measured: Vec<&Point> = s.points.iter().filter(finite).collect();
        if measured.len() > 1 {
            let _ = write!(
                out,
                "<path d=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2.5\" \
                 stroke-linejoin=\"round\"/>",
                self.path(&measured)
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
                self.path(&projection)
            );
        }
        let name = escape(&s.series.name);
        for p in &measured {
            let _ = write!(
                out,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"{colour}\"><title>{name}, {}: {}</title></circle>",
                self.px(p.x),
                self.py(p.y),
                escape(&p.label),
                number(p.y, decimals)
            );
        }
        for p in s.projection.iter().filter(finite) {
            let _ = write!(
                out,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"#fff\" stroke=\"{colour}\" \
                 stroke-width=\"2\"><title>{name}, {} (extrapolation): {}</title></circle>",
                self.px(p.x),
                self.py(p.y),
                escape(&p.label),
                number(p.y, decimals)
            );
        }
    }
}

/// Height of a [`LineChart`]'s plot.
const PLOT_HEIGHT: f64 = 260.0;
/// Room left of the plot, for the value labels.
const LEFT: f64 = 78.0;
/// Room right of the plot.
const RIGHT: f64 = 24.0;
/// Room below the plot, for the slanted release labels and the axis label.
const BOTTOM: f64 = 78.0;

/// Whether a point can be drawn.
fn finite(p: &&Point) -> bool {
    p.x.is_finite() && p.y.is_finite()
}

/// The range of the horizontal axis for `points`, with a margin so that end points and their
/// labels are not on the frame.
fn x_range(points: &[&Point]) -> (f64, f64) {
    let (x_min, x_max) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
            (lo.min(p.x), hi.max(p.x))
        });
    if points.is_empty() {
        (0.0, 1.0)
    } else if x_max <= x_min {
        (x_min - 1.0, x_max + 1.0)
    } else {
        let pad = (x_max - x_min) * 0.04;
        (x_min - pad, x_max + pad)
    }
}

impl LineChart {
    /// The chart as an `<svg>` element. The vertical axis starts at 0, so growth is not
    /// exaggerated.
    pub fn svg(&self) -> String {
        let all: Vec<&Point> = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().chain(&s.projection))
            .filter(finite)
            .collect();
        let (x_min, x_max) = x_range(&all);
        let y_max = all.iter().map(|p| magnitude(p.y)).fold(0.0, f64::max);
        let (y_step, y_end) = ticks(y_max, 5);
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
        let plot = LinePlot {
            top: legend_height + 12.0,
            width: CHART_WIDTH - LEFT - RIGHT,
            height: PLOT_HEIGHT,
            x_min,
            x_max,
            y_end,
            y_step,
        };
        let height = plot.bottom() + BOTTOM;

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
            plot.band(&mut out, band_start);
        }
        plot.value_grid(&mut out);
        plot.x_labels(&mut out, &all);
        plot.axes(&mut out, height, &self.x_label, &self.y_label);
        for s in &self.series {
            plot.series(&mut out, s, self.decimals);
        }
        out.push_str("</svg>");
        out
    }
}
