//! The chart engines of the HTML pages, drawn as SVG in Rust so they show without JavaScript:
//! stacked bars ([`BarChart`]), changes from a zero line ([`DeltaChart`]) and lines over time
//! with projections ([`LineChart`]). The pieces they share are here: the palette, the layout
//! constants, tick steps, the horizontal charts' value axis, the `<svg>` opening and the legend.

mod bars;
mod line;

pub use bars::{BarChart, BarRow, DeltaChart, DeltaRow, GREW, SHRANK};
pub use line::{LineChart, LineSeries, Point};

use super::{escape, number};
use std::fmt::Write as _;

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

/// The layout the horizontal bar charts share: a column of row labels at the left, the plot
/// right of it with one row per bar, the value axis below the plot, and a note on each row.
struct RowFrame {
    /// Where the plot starts (the label column's width).
    left: f64,
    /// The plot's width.
    width: f64,
    /// Where the first row starts (below the legend).
    top: f64,
    /// Height of a row.
    row: f64,
    /// The number of rows.
    rows: usize,
}

/// Where a horizontal chart draws its values: `zero_x` is where 0 is, `scale` pixels per unit;
/// ticks every `step` from `from` to `to` (data units).
struct ValueScale {
    zero_x: f64,
    scale: f64,
    from: f64,
    to: f64,
    step: f64,
}

/// Width of the label column for `labels`: the longest one and a margin, from 60 to 260 units.
fn label_width<'a>(labels: impl Iterator<Item = &'a str>) -> f64 {
    labels
        .map(|label| label.chars().count())
        .max()
        .map_or(60.0, |n| (n as f64 * CHAR_WIDTH + 14.0).clamp(60.0, 260.0))
}

/// Width of the column of notes: the longest one at 6.4 units a character and `margin`, at most
/// `most` (0 when there are no rows).
fn note_width<'a>(notes: impl Iterator<Item = &'a str>, margin: f64, most: f64) -> f64 {
    notes
        .map(|note| note.chars().count())
        .max()
        .map_or(0.0, |n| n as f64 * 6.4 + margin)
        .min(most)
}

impl RowFrame {
    /// Where the last row ends.
    fn bottom(&self) -> f64 {
        self.top + self.row * self.rows as f64
    }

    /// The `<svg>` opening tag, sized to the frame and the axis below it, and the legend.
    fn open(&self, id: &str, title: &str, description: &str, legend_svg: &str) -> String {
        let mut out = String::new();
        let height = self.bottom() + 46.0;
        svg_open(&mut out, id, CHART_WIDTH, height, title, description);
        out.push_str(legend_svg);
        out
    }

    /// The value axis: a vertical grid line with its tick label at each tick, and `label`
    /// centred below. Drawn before the bars, so that bars cover the grid.
    fn value_axis(&self, out: &mut String, values: &ValueScale, label: &str) {
        let (top, bottom) = (self.top, self.bottom());
        let mut tick = values.from;
        while tick <= values.to + values.step / 2.0 {
            let x = values.zero_x + tick * values.scale;
            let _ = write!(
                out,
                "<line class=\"grid\" x1=\"{x:.1}\" y1=\"{top:.1}\" x2=\"{x:.1}\" y2=\"{bottom:.1}\"/>\
                 <text class=\"tick\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                bottom + 15.0,
                number(tick, tick_decimals(values.step))
            );
            tick += values.step;
        }
        let _ = write!(
            out,
            "<text class=\"axis-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            self.left + self.width / 2.0,
            bottom + 38.0,
            escape(label)
        );
    }

    /// The label of row `index`, right-aligned left of the plot; returns where the row starts.
    fn row_label(&self, out: &mut String, index: usize, label: &str) -> f64 {
        let y = self.top + self.row * index as f64;
        let _ = write!(
            out,
            "<text class=\"row-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            self.left - 8.0,
            y + self.row / 2.0 + 4.5,
            escape(label)
        );
        y
    }

    /// The note of the row starting at `y`, from `x`.
    fn note(&self, out: &mut String, x: f64, y: f64, note: &str) {
        let _ = write!(
            out,
            "<text class=\"value-note\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            x,
            y + self.row / 2.0 + 4.0,
            escape(note)
        );
    }

    /// The line the bars start from, at `x`, and the end of the `<svg>` element.
    fn close(&self, out: &mut String, x: f64) {
        let (top, bottom) = (self.top, self.bottom());
        let _ = write!(
            out,
            "<line class=\"axis\" x1=\"{x:.1}\" y1=\"{top:.1}\" x2=\"{x:.1}\" y2=\"{bottom:.1}\"/>"
        );
        out.push_str("</svg>");
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
