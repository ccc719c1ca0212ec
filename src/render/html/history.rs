//! `kcensus history --format html`: the census across releases as a page — headline changes,
//! trend lines with their fitted extrapolation (dashed, labelled, with the fit's quality),
//! the areas release by release, and the data and the fits as tables.

use super::{
    escape, figure, figures, number, signed, BarChart, BarRow, Cell, Column, Figure, LineChart,
    LineSeries, Page, Point, Series, Table, PALETTE, VENDORED_GREY,
};
use crate::model::history::{History, Projection};
use crate::model::kernel::releases::Date;
use crate::model::report::AREAS;

/// The history as a self-contained HTML page.
pub fn page(history: &History) -> String {
    let labels: Vec<String> = history.points.iter().map(|p| p.label()).collect();
    let span = match (labels.first(), labels.last()) {
        (Some(first), Some(last)) if labels.len() > 1 => format!("{first} to {last}"),
        (Some(only), _) => only.clone(),
        _ => "(no input)".into(),
    };
    let lede = lede(history, &labels);
    let mut page = Page::new(&format!("Rust in Linux, {span}"), lede);
    let axis = Axis::of(history);
    page.section(
        "growth",
        "How much Rust",
        trend(
            history,
            &axis,
            "growth-chart",
            "Rust code lines by release",
            "code lines",
            &["rust_code", "rust_own_code"],
        ),
    );
    page.section(
        "users",
        "Drivers and abstractions",
        trend(
            history,
            &axis,
            "users-chart",
            "Rust drivers and kernel crate modules by release",
            "count",
            &["drivers", "modules"],
        ),
    );
    page.section(
        "unsafe",
        "unsafe over time",
        format!(
            "{}{}",
            trend(
                history,
                &axis,
                "unsafe-chart",
                "unsafe blocks in the kernel's own Rust by release",
                "unsafe blocks",
                &["unsafe_blocks"],
            ),
            trend(
                history,
                &axis,
                "density-chart",
                "unsafe blocks per 1,000 code lines by release",
                "per 1,000 code lines",
                &["unsafe_per_kloc"],
            )
        ),
    );
    if history.points.iter().any(|p| p.cves.is_some()) {
        page.section(
            "cves",
            "CVE records, release by release",
            cves_charts(history, &axis),
        );
    }
    page.section(
        "areas",
        "Where the Rust is, release by release",
        areas(history, &labels),
    );
    page.section("data", "Every figure", data_table(history, &labels));
    if !history.projections.is_empty() {
        page.section(
            "fits",
            "The fits behind the extrapolation",
            fits_table(history),
        );
    }
    if !history.unprojected.is_empty() {
        page.section(
            "unprojected",
            "Fits left out as meaningless",
            unprojected(history),
        );
    }
    page.render(&headline(history, &labels))
}

/// The page's opening sentences: Rust code lines at the first and last release.
fn lede(history: &History, labels: &[String]) -> String {
    let value = |key: &str, at: usize| values(history, key).get(at).copied().unwrap_or(0.0);
    let last = labels.len().saturating_sub(1);
    format!(
        "From Linux {} to {}, Rust code went from <strong>{}</strong> to <strong>{}</strong> \
         lines; the kernel's own, without vendored crates, from {} to {}. Dashed lines carry \
         a fitted trend forward: an extrapolation, not a forecast.",
        escape(labels.first().map_or("?", String::as_str)),
        escape(labels.last().map_or("?", String::as_str)),
        number(value("rust_code", 0), 0),
        number(value("rust_code", last), 0),
        number(value("rust_own_code", 0), 0),
        number(value("rust_own_code", last), 0),
    )
}

/// The fits left out, one item each, with the reason.
fn unprojected(history: &History) -> String {
    let items: String = history
        .unprojected
        .iter()
        .map(|u| {
            format!(
                "<li>No {} projection of {}: {}.</li>",
                escape(&u.model),
                escape(&u.key),
                escape(&u.reason)
            )
        })
        .collect();
    format!("<ul>{items}</ul>")
}

/// The values of the series `key`, one per point (empty when there is no such series).
fn values<'a>(history: &'a History, key: &str) -> &'a [f64] {
    history
        .series
        .iter()
        .find(|s| s.key == key)
        .map_or(&[], |s| s.values.as_slice())
}

/// The name of the series `key`, for people.
fn label_of<'a>(history: &'a History, key: &'a str) -> &'a str {
    history
        .series
        .iter()
        .find(|s| s.key == key)
        .map_or(key, |s| s.label.as_str())
}

/// Where the points sit on the horizontal axis: at their release dates (in years) when every
/// point has one, else evenly by input order — and then no extrapolation is drawn, since a
/// fit over time needs the times.
struct Axis {
    xs: Vec<f64>,
    dated: bool,
    name: &'static str,
}

impl Axis {
    fn of(history: &History) -> Axis {
        let dates: Option<Vec<f64>> = history
            .points
            .iter()
            .map(|p| p.date().map(Date::years))
            .collect();
        match dates {
            Some(xs) => Axis {
                xs,
                dated: true,
                name: "release (placed by release date)",
            },
            None => Axis {
                xs: (0..history.points.len()).map(|i| i as f64).collect(),
                dated: false,
                name: "release (in input order: not every release has a date)",
            },
        }
    }
}

/// The fit drawn for a series: the linear one. With a handful of releases an exponential fit
/// often has the better R², but extended two years it multiplies whatever the last releases
/// did; a chart read by journalists draws the conservative line and names the other fit in
/// its caption (the fits table has both).
fn drawn_fit<'a>(history: &'a History, key: &str) -> Option<&'a Projection> {
    let fits = || history.projections.iter().filter(|p| p.key == key);
    fits()
        .find(|p| p.model == "linear")
        .or_else(|| fits().next())
}

/// The fits of a series other than the drawn one.
fn other_fits<'a>(
    history: &'a History,
    key: &'a str,
    drawn: &'a Projection,
) -> impl Iterator<Item = &'a Projection> + 'a {
    history
        .projections
        .iter()
        .filter(move |p| p.key == key && p.model != drawn.model)
}

/// A fit in words: model, points, R² and the growth it implies.
fn describe(history: &History, fit: &Projection) -> String {
    let growth = growth_of(fit);
    format!(
        "{}: {} fit over {} releases, R² = {:.3}, {growth}",
        label_of(history, &fit.key),
        fit.model,
        fit.fitted_points,
        fit.r_squared
    )
}

/// The growth a fit implies, in words: lines or items a year for a linear fit, percent for
/// an exponential one.
fn growth_of(fit: &Projection) -> String {
    if fit.model == "exponential" {
        format!("{:+.1}% a year", fit.growth_per_year)
    } else {
        format!("{} a year", signed(fit.growth_per_year, 0))
    }
}

/// A line chart of the series `keys`, each with its linear fit's extrapolation when the axis
/// is dated; the caption states the fits.
fn trend(
    history: &History,
    axis: &Axis,
    id: &str,
    title: &str,
    y_label: &str,
    keys: &[&str],
) -> String {
    let mut captions = Vec::new();
    let series = keys
        .iter()
        .enumerate()
        .map(|(i, key)| {
            let points = history
                .points
                .iter()
                .zip(&axis.xs)
                .zip(values(history, key))
                .map(|((p, x), y)| Point {
                    label: p.label(),
                    x: *x,
                    y: *y,
                })
                .collect();
            let fit = drawn_fit(history, key).filter(|_| axis.dated);
            if let Some(fit) = fit {
                let mut caption = describe(history, fit);
                for other in other_fits(history, key, fit) {
                    caption.push_str(&format!(
                        " (not drawn: {} fit, R² = {:.3}, {})",
                        other.model,
                        other.r_squared,
                        growth_of(other)
                    ));
                }
                captions.push(caption);
            }
            let projection = fit.map_or_else(Vec::new, |fit| {
                fit.projected
                    .iter()
                    .filter_map(|v| {
                        Some(Point {
                            label: v.date.get(..7).unwrap_or(&v.date).to_string(),
                            x: Date::parse(&v.date)?.years(),
                            y: v.value,
                        })
                    })
                    .collect()
            });
            LineSeries {
                series: Series {
                    name: label_of(history, key).to_string(),
                    colour: PALETTE[i % PALETTE.len()],
                },
                points,
                projection,
            }
        })
        .collect();
    let chart = LineChart {
        id: id.into(),
        title: title.into(),
        description: format!(
            "{title}, one point per release{}.",
            if captions.is_empty() {
                ""
            } else {
                ", with a dashed extrapolation of the fitted trend"
            }
        ),
        x_label: axis.name.into(),
        y_label: y_label.into(),
        series,
        decimals: 1,
    };
    let caption = if captions.is_empty() {
        String::new()
    } else {
        format!(
            "{}. Dashed: where the linear fits lead — an extrapolation, not a forecast.",
            captions.join("; ")
        )
    };
    figure(&chart.svg(), &caption)
}

/// With `--cves`: records affecting each release and records introduced in it, Rust and C,
/// and what the counts mean.
fn cves_charts(history: &History, axis: &Axis) -> String {
    format!(
        "<p>From the kernel CNA's CVE records (<code>--cves</code>): a record counts for a \
         language when a file its fix touched is in that release's tree in that language. \
         The CNA publishes records since 2024, so older releases carry the bugs found since, \
         and Rust code is young: its counts are small.</p>{}{}",
        trend(
            history,
            axis,
            "cves-affecting-chart",
            "CVE records affecting each release, Rust and C",
            "records",
            &["cves_affecting:Rust", "cves_affecting:C"],
        ),
        trend(
            history,
            axis,
            "cves-introduced-chart",
            "CVE records introduced in each release, Rust and C",
            "records",
            &["cves_introduced:Rust", "cves_introduced:C"],
        )
    )
}

/// The unit of a change of a figure shown in `unit`: the difference of two percentages is in
/// percentage points (97.9% − 68.8% is +29.1 pp, not +29.1%).
fn change_unit(unit: &str) -> &str {
    if unit == "%" {
        " pp"
    } else {
        unit
    }
}

fn headline(history: &History, labels: &[String]) -> String {
    let first = labels.first().map_or("the first", String::as_str);
    let figure_of = |key: &str, label: &str, decimals: usize, unit: &str| {
        let v = values(history, key);
        let (start, end) = (
            v.first().copied().unwrap_or(0.0),
            v.last().copied().unwrap_or(0.0),
        );
        Figure {
            value: format!("{}{unit}", number(end, decimals)),
            label: label.into(),
            detail: format!(
                "{}{} since {first}",
                signed(end - start, decimals),
                change_unit(unit)
            ),
        }
    };
    figures(&[
        figure_of("rust_code", "lines of Rust code", 0, ""),
        figure_of("rust_own_code", "the kernel's own", 0, ""),
        figure_of("drivers", "drivers and other users", 0, ""),
        figure_of("modules", "kernel crate modules", 0, ""),
        figure_of("unsafe_blocks", "unsafe blocks", 0, ""),
        figure_of("unsafe_per_kloc", "unsafe per 1,000 lines", 1, ""),
        figure_of("safety_comment_percent", "SAFETY coverage", 1, "%"),
        figure_of("architectures", "architectures", 0, ""),
    ])
}

fn areas(history: &History, labels: &[String]) -> String {
    let mut colours = PALETTE.iter();
    let series: Vec<Series> = AREAS
        .iter()
        .map(|area| Series {
            name: area.to_string(),
            colour: if area.is_vendored() {
                VENDORED_GREY
            } else {
                colours.next().copied().unwrap_or(VENDORED_GREY)
            },
        })
        .collect();
    let rows = history
        .points
        .iter()
        .zip(labels)
        .map(|(point, label)| BarRow {
            label: label.clone(),
            values: AREAS
                .iter()
                .map(|area| {
                    point
                        .areas
                        .iter()
                        .find(|a| a.area == *area)
                        .map_or(0.0, |a| a.figures.lines.code as f64)
                })
                .collect(),
            note: format!("{} code", number(point.rust.code as f64, 0)),
        })
        .collect();
    let chart = BarChart {
        id: "areas-chart".into(),
        title: "Rust code by area, release by release".into(),
        description: "Code lines of Rust in each area of the tree, stacked, one bar per release; \
                      vendored third-party code in grey."
            .into(),
        axis_label: "code lines".into(),
        series,
        rows,
        decimals: 0,
    };
    figure(&chart.svg(), "")
}

/// Every series, one row each, one column per release; then where each release's date
/// comes from.
fn data_table(history: &History, labels: &[String]) -> String {
    let mut columns = vec![Column::text("figure")];
    columns.extend(labels.iter().map(|l| Column::number(l)));
    let rows = history
        .series
        .iter()
        .map(|s| {
            let mut row = vec![Cell::text(&s.label)];
            row.extend(
                s.values
                    .iter()
                    .map(|v| Cell::decimal(*v, usize::from(v.fract() != 0.0))),
            );
            row
        })
        .collect();
    let dates: Vec<String> = history
        .points
        .iter()
        .zip(labels)
        .map(|(point, label)| {
            let date = match (&point.release_date, &point.release_date_source) {
                (Some(date), Some(source)) => format!("{date} ({source})"),
                (Some(date), None) => date.clone(),
                _ => "no date".into(),
            };
            format!("{} {}", escape(label), escape(&date))
        })
        .collect();
    format!(
        "{}<p class=\"note\">Release dates: {}.</p>\n",
        Table {
            columns,
            rows,
            totals: Vec::new(),
        }
        .html(),
        dates.join("; ")
    )
}

fn fits_table(history: &History) -> String {
    let horizons: Vec<String> = history
        .projections
        .first()
        .map(|p| p.projected.iter().map(|v| v.date.clone()).collect())
        .unwrap_or_default();
    let mut columns = vec![
        Column::text("series"),
        Column::text("model"),
        Column::number("R²"),
        Column::number("growth a year"),
        Column::text("formula"),
    ];
    columns.extend(horizons.iter().map(|d| Column::number(d)));
    let rows = history
        .projections
        .iter()
        .map(|p| {
            let mut row = vec![
                Cell::text(label_of(history, &p.key)),
                Cell::text(&p.model),
                Cell::decimal(p.r_squared, 3),
                Cell::decimal(p.growth_per_year, 1),
                Cell::code(&p.formula),
            ];
            row.extend(p.projected.iter().map(|v| Cell::decimal(v.value, 0)));
            row
        })
        .collect();
    format!(
        "<p class=\"note\">Least-squares fits of each series against release date. R² says how \
         well a model fits the releases measured (1 is perfect); the last columns are where it \
         leads. Growth is per year: lines or items for a linear fit, percent for an exponential \
         one.</p>\n{}",
        Table {
            columns,
            rows,
            totals: Vec::new(),
        }
        .html()
    )
}
