//! The census across releases: one point per input (its report's headline figures and its
//! release date), the time series of every headline figure, and a fitted, clearly labelled
//! extrapolation of the main ones.
//!
//! Invariant: points stay in input order; every series has one value per point; a
//! projection is only made from points with release dates, and says its model and fit.

use super::cves::CvesHeadline;
use super::kernel::releases::{mainline_release, series_of, Certainty, Date};
use super::report::{
    Architecture, Area, AreaName, Bindings, Export, ExportKind, Lines, Report, UnsafeFigures,
    VendoredCrate, AREAS,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Version of the history JSON layout (SCHEMA.md).
pub const HISTORY_SCHEMA_VERSION: u32 = 1;

/// One input's census, as history keeps it: the report's headline keys.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Point {
    /// The input as given (a path).
    pub input: String,
    /// The git revision, for git inputs.
    pub revision: Option<String>,
    /// The release from the tree's Makefile (`7.3.4`).
    pub kernel_version: Option<String>,
    /// Its mainline series (`7.3`).
    pub release: Option<String>,
    /// When the series was released (`YYYY-MM-DD`): the time axis.
    pub release_date: Option<String>,
    /// Where the date comes from: `release table`, `release table (estimated)`,
    /// `--release-date`, `git commit`.
    pub release_date_source: Option<String>,
    /// All Rust.
    pub rust: Lines,
    /// Rust without vendored crates.
    pub rust_own: Lines,
    /// Every counted file of the tree, all languages.
    #[serde(default)]
    pub tree: Lines,
    /// The areas.
    pub areas: Vec<Area>,
    /// Vendored crates.
    pub vendored: Vec<VendoredCrate>,
    /// `unsafe` over all Rust.
    #[serde(rename = "unsafe")]
    pub unsafe_figures: UnsafeFigures,
    /// `unsafe` over Rust without vendored crates.
    pub unsafe_own: UnsafeFigures,
    /// Modules of the `kernel` crate.
    pub modules: u64,
    /// Rust crates outside `rust/` (drivers, samples, ...).
    pub drivers: u64,
    /// Rust functions C can call.
    pub exports: Vec<Export>,
    /// The Rust→C side of the boundary.
    pub bindings: Bindings,
    /// Architectures with Rust support.
    pub architectures: Vec<Architecture>,
    /// Rust's reach into the C API, its headline figures.
    #[serde(default)]
    pub reach: ReachHeadline,
    /// The CVE records affecting the tree and introduced in its release (`--cves` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cves: Option<CvesHeadline>,
}

/// The headline figures of a report's `reach`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReachHeadline {
    /// Exported C functions.
    pub exported_c_functions: u64,
    /// Of those, the ones Rust calls.
    pub exported_called_from_rust: u64,
    /// C functions, inline functions and macros Rust reaches.
    pub c_functions_called: u64,
    /// Of those, through C helpers.
    pub via_helpers: u64,
}

/// Where a point's release date may come from besides the release table.
#[derive(Debug, Clone, Default)]
pub struct DateHints {
    /// Dates given by the user per series (`--release-date 7.3=2026-10-11`); they win.
    pub given: BTreeMap<String, Date>,
    /// The git commit's date, used when the series is not in the table.
    pub commit: Option<Date>,
}

impl Point {
    /// The point of one input's report.
    pub fn new(
        input: String,
        revision: Option<String>,
        report: &Report,
        hints: &DateHints,
    ) -> Point {
        let release = report.kernel_version.as_deref().and_then(series_of);
        let dated = release
            .as_deref()
            .and_then(|series| {
                if let Some(date) = hints.given.get(series) {
                    return Some((*date, "--release-date"));
                }
                mainline_release(series).map(|(date, certainty)| match certainty {
                    Certainty::Tagged => (date, "release table"),
                    Certainty::Estimated => (date, "release table (estimated)"),
                })
            })
            .or_else(|| hints.commit.map(|date| (date, "git commit")));
        Point {
            input,
            revision,
            kernel_version: report.kernel_version.clone(),
            release,
            release_date: dated.map(|(date, _)| date.to_string()),
            release_date_source: dated.map(|(_, source)| source.to_string()),
            rust: report.rust,
            rust_own: report.rust_own,
            tree: report.tree,
            areas: report.areas.clone(),
            vendored: report.vendored.clone(),
            unsafe_figures: report.unsafe_figures,
            unsafe_own: report.unsafe_own,
            modules: report.modules.len() as u64,
            drivers: report.drivers.len() as u64,
            exports: report.exports.clone(),
            bindings: report.bindings.clone(),
            architectures: report.architectures.clone(),
            reach: ReachHeadline {
                exported_c_functions: report.reach.exported_c_functions,
                exported_called_from_rust: report.reach.exported_called_from_rust,
                c_functions_called: report.reach.c_functions_called,
                via_helpers: report.reach.via_helpers,
            },
            cves: None,
        }
    }

    /// The release date, parsed.
    pub fn date(&self) -> Option<Date> {
        self.release_date.as_deref().and_then(Date::parse)
    }

    /// A short name for tables and charts: the kernel version, else the revision or input.
    pub fn label(&self) -> String {
        self.kernel_version
            .clone()
            .or_else(|| self.revision.clone())
            .unwrap_or_else(|| self.input.clone())
    }

    fn area_code(&self, area: AreaName) -> f64 {
        self.areas
            .iter()
            .find(|a| a.area == area)
            .map_or(0.0, |a| a.figures.lines.code as f64)
    }
}

/// One headline figure over the points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Series {
    /// Machine name (`rust_own_code`, `area_code:drivers`, ...): CSV columns, chart ids.
    pub key: String,
    /// What it is, for people.
    pub label: String,
    /// One value per point, in point order.
    pub values: Vec<f64>,
}

/// Ratio in percent, 0 when there is nothing to divide by; rounded to 0.1.
fn percent(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 * 1000.0 / whole as f64).round() / 10.0
    }
}

/// Ratio in percent, 0 when there is nothing to divide by; rounded to 0.01 (Rust's share of a
/// kernel is well under one percent).
fn hundredths_percent(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 * 10_000.0 / whole as f64).round() / 100.0
    }
}

/// A headline figure of a point: its series key, its label, how to read it.
type Figure = (&'static str, &'static str, fn(&Point) -> f64);

/// The headline figures, in the order of the series (the areas' code lines follow).
const FIGURES: &[Figure] = &[
    ("rust_files", "Rust files", |p| p.rust.files as f64),
    ("rust_code", "Rust code lines", |p| p.rust.code as f64),
    ("rust_own_files", "Rust files (without vendored)", |p| {
        p.rust_own.files as f64
    }),
    ("rust_own_code", "Rust code lines (without vendored)", |p| {
        p.rust_own.code as f64
    }),
    ("modules", "kernel crate modules", |p| p.modules as f64),
    ("drivers", "Rust crates outside rust/", |p| p.drivers as f64),
    ("vendored_crates", "vendored crates", |p| {
        p.vendored.len() as f64
    }),
    ("unsafe_blocks", "unsafe blocks (without vendored)", |p| {
        p.unsafe_own.blocks as f64
    }),
    (
        "unsafe_per_kloc",
        "unsafe blocks per 1,000 code lines (without vendored)",
        |p| p.unsafe_own.blocks_per_kloc,
    ),
    (
        "safety_comment_percent",
        "unsafe blocks with a SAFETY comment, % (without vendored)",
        |p| percent(p.unsafe_own.blocks_with_safety_comment, p.unsafe_own.blocks),
    ),
    ("unsafe_fns", "unsafe fns (without vendored)", |p| {
        p.unsafe_own.fns as f64
    }),
    ("exports", "Rust functions C can call", |p| {
        p.exports.len() as f64
    }),
    (
        "exports_other",
        "exports other than module init/exit",
        |p| {
            p.exports
                .iter()
                .filter(|e| e.kind != ExportKind::ModuleLifecycle)
                .count() as f64
        },
    ),
    ("helper_headers", "headers given to bindgen", |p| {
        p.bindings.helper_headers.len() as f64
    }),
    ("helper_c_functions", "C helper functions for Rust", |p| {
        p.bindings.helper_c_functions.len() as f64
    }),
    ("bindings_names", "distinct bindings:: names used", |p| {
        p.bindings.distinct_names as f64
    }),
    ("architectures", "architectures with Rust support", |p| {
        p.architectures.len() as f64
    }),
    (
        "tree_code",
        "code lines of the whole tree (all languages)",
        |p| p.tree.code as f64,
    ),
    (
        "rust_code_percent",
        "Rust code, % of the tree's code",
        |p| hundredths_percent(p.rust.code, p.tree.code),
    ),
    (
        "rust_own_code_percent",
        "Rust code without vendored, % of the tree's code",
        |p| hundredths_percent(p.rust_own.code, p.tree.code),
    ),
    ("exported_c_functions", "exported C functions", |p| {
        p.reach.exported_c_functions as f64
    }),
    (
        "exported_called_from_rust",
        "exported C functions called from Rust",
        |p| p.reach.exported_called_from_rust as f64,
    ),
    (
        "reach_share_percent",
        "exported C functions called from Rust, %",
        |p| {
            hundredths_percent(
                p.reach.exported_called_from_rust,
                p.reach.exported_c_functions,
            )
        },
    ),
    ("c_functions_called", "C functions reached from Rust", |p| {
        p.reach.c_functions_called as f64
    }),
];

/// Every headline figure as a series over `points`, in a fixed order.
pub fn series(points: &[Point]) -> Vec<Series> {
    let mut out: Vec<Series> = FIGURES
        .iter()
        .map(|(key, label, value)| Series {
            key: key.to_string(),
            label: label.to_string(),
            values: points.iter().map(value).collect(),
        })
        .collect();
    for &area in AREAS {
        out.push(Series {
            key: format!("area_code:{area}"),
            label: format!("code lines in {area}"),
            values: points.iter().map(|p| p.area_code(area)).collect(),
        });
    }
    if points.iter().any(|p| p.cves.is_some()) {
        out.extend(cve_series(points));
    }
    out
}

/// The languages the CVE series follow.
pub const CVE_LANGUAGES: &[&str] = &["Rust", "C"];

/// With `--cves`: records affecting each release and introduced in it, for Rust and C
/// (`cves_affecting:Rust`, `cves_introduced:C`, ...); 0 at a point without CVE figures.
fn cve_series(points: &[Point]) -> Vec<Series> {
    let mut out = Vec::new();
    for (key, what) in [
        ("cves_affecting", "CVE records affecting the release"),
        ("cves_introduced", "CVE records introduced in the release"),
    ] {
        for &language in CVE_LANGUAGES {
            let values = points
                .iter()
                .map(|p| {
                    p.cves.as_ref().map_or(0.0, |c| {
                        let count = if key == "cves_affecting" {
                            &c.affecting
                        } else {
                            &c.introduced
                        };
                        count.in_language(language) as f64
                    })
                })
                .collect();
            out.push(Series {
                key: format!("{key}:{language}"),
                label: format!("{what}, {language}"),
                values,
            });
        }
    }
    out
}

/// The series a projection is made for.
pub const PROJECTED: &[&str] = &["rust_own_code", "drivers", "unsafe_blocks", "modules"];

/// How far ahead of the last point a projection goes, in years.
pub const HORIZONS_YEARS: &[f64] = &[0.5, 1.0, 2.0];

/// A least-squares fit of one series against time, and where it leads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Projection {
    /// The series ([`Series::key`]).
    pub key: String,
    /// `linear` (value = a + b·t) or `exponential` (value = a·e^(b·t)), t in years.
    pub model: String,
    /// The fitted formula, t in years since the first point's date.
    pub formula: String,
    /// Coefficient of determination of the fit on the points (1 is a perfect fit).
    pub r_squared: f64,
    /// Growth the model implies: lines (or items) per year for linear, percent per year for
    /// exponential.
    pub growth_per_year: f64,
    /// Points the fit was made from.
    pub fitted_points: usize,
    /// Extrapolated values after the last point: (date, value), at [`HORIZONS_YEARS`].
    pub projected: Vec<ProjectedValue>,
}

/// One extrapolated value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ProjectedValue {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The model's value then (rounded to a whole number).
    pub value: f64,
}

/// A fit that gives no projection, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Unprojected {
    /// The series ([`Series::key`]).
    pub key: String,
    /// `linear` or `exponential`.
    pub model: String,
    /// Why the fit is meaningless, in a sentence.
    pub reason: String,
}

/// Largest magnitude a fit may reach at its horizons: no count of a kernel tree comes near it,
/// so a fit that does is an artefact of its points (dates close together, a series jumping
/// from 1 to thousands), and printing it (a 215-digit number, or `inf`) would mislead.
pub const MAX_PROJECTED: f64 = 1e12;

/// Why a fit cannot be shown, if it cannot: its coefficients, quality or growth are not finite
/// numbers, or it extrapolates past [`MAX_PROJECTED`].
fn meaningless(fit: &Projection, numbers: &[f64], span_days: i64) -> Option<String> {
    let finite = numbers
        .iter()
        .chain([&fit.r_squared, &fit.growth_per_year])
        .all(|x| x.is_finite());
    if !finite {
        return Some(format!(
            "the {} fit overflows (its coefficients are not finite numbers): the {} points \
             span {span_days} days",
            fit.model, fit.fitted_points
        ));
    }
    let beyond = fit
        .projected
        .iter()
        .any(|v| !v.value.is_finite() || v.value.abs() > MAX_PROJECTED);
    beyond.then(|| {
        format!(
            "the {} fit extrapolates beyond 10^12 within {} years: the {} points span {span_days} \
             days, too short or too uneven a base",
            fit.model,
            HORIZONS_YEARS.last().copied().unwrap_or_default(),
            fit.fitted_points
        )
    })
}

/// Linear and exponential fits of the [`PROJECTED`] series over the dated points. Needs at
/// least three points with distinct dates (two always fit exactly: no quality to state);
/// otherwise there are none. A fit that is meaningless ([`meaningless`]) is listed with its
/// reason instead.
pub fn project(points: &[Point], all: &[Series]) -> (Vec<Projection>, Vec<Unprojected>) {
    let dated: Vec<(usize, f64)> = points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.date().map(|d| (i, d.years())))
        .collect();
    let mut distinct: Vec<i64> = dated.iter().map(|(_, t)| (t * 365.2425) as i64).collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 3 {
        return (Vec::new(), Vec::new());
    }
    let t0 = dated.iter().map(|(_, t)| *t).fold(f64::INFINITY, f64::min);
    let t_last = dated
        .iter()
        .map(|(_, t)| *t)
        .fold(f64::NEG_INFINITY, f64::max);
    let start = Date((t0 * 365.2425).round() as i64);
    let span_days = ((t_last - t0) * 365.2425).round() as i64;
    let mut out = Vec::new();
    let mut unprojected = Vec::new();
    let mut keep = |fit: Projection, numbers: &[f64]| match meaningless(&fit, numbers, span_days) {
        None => out.push(fit),
        Some(reason) => unprojected.push(Unprojected {
            key: fit.key,
            model: fit.model,
            reason,
        }),
    };
    for key in PROJECTED {
        let Some(series) = all.iter().find(|s| s.key == *key) else {
            continue;
        };
        let xy: Vec<(f64, f64)> = dated
            .iter()
            .map(|&(i, t)| (t - t0, series.values[i]))
            .collect();
        if let Some((a, b)) = least_squares(&xy) {
            let predict = |t: f64| a + b * t;
            let fit = Projection {
                key: key.to_string(),
                model: "linear".into(),
                formula: format!("{a:.1} + {b:.1}·t (t: years since {start})"),
                r_squared: round3(r_squared(&xy, predict)),
                growth_per_year: round1(b),
                fitted_points: xy.len(),
                projected: horizons(t_last, t0, predict),
            };
            keep(fit, &[a, b]);
        }
        if xy.iter().all(|&(_, y)| y > 0.0) {
            let logs: Vec<(f64, f64)> = xy.iter().map(|&(t, y)| (t, y.ln())).collect();
            if let Some((ln_a, b)) = least_squares(&logs) {
                let a = ln_a.exp();
                let predict = |t: f64| a * (b * t).exp();
                let fit = Projection {
                    key: key.to_string(),
                    model: "exponential".into(),
                    formula: format!("{a:.1}·e^({b:.3}·t) (t: years since {start})"),
                    r_squared: round3(r_squared(&xy, predict)),
                    growth_per_year: round1((b.exp() - 1.0) * 100.0),
                    fitted_points: xy.len(),
                    projected: horizons(t_last, t0, predict),
                };
                keep(fit, &[a, b]);
            }
        }
    }
    (out, unprojected)
}

fn horizons(t_last: f64, t0: f64, predict: impl Fn(f64) -> f64) -> Vec<ProjectedValue> {
    HORIZONS_YEARS
        .iter()
        .map(|h| {
            let t = t_last + h;
            ProjectedValue {
                date: Date((t * 365.2425).round() as i64).to_string(),
                value: predict(t - t0).round(),
            }
        })
        .collect()
}

/// Ordinary least squares y = a + b·x; `None` when x does not vary.
fn least_squares(xy: &[(f64, f64)]) -> Option<(f64, f64)> {
    let n = xy.len() as f64;
    let mean_x = xy.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = xy.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = xy.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    if sxx == 0.0 {
        return None;
    }
    let sxy: f64 = xy.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
    let b = sxy / sxx;
    Some((mean_y - b * mean_x, b))
}

/// R² of a model's predictions against the observed values (in the values' own scale, so
/// the two models compare); 1 when the values do not vary and the model hits them.
fn r_squared(xy: &[(f64, f64)], predict: impl Fn(f64) -> f64) -> f64 {
    let mean = xy.iter().map(|p| p.1).sum::<f64>() / xy.len() as f64;
    let total: f64 = xy.iter().map(|p| (p.1 - mean).powi(2)).sum();
    let residual: f64 = xy.iter().map(|p| (p.1 - predict(p.0)).powi(2)).sum();
    if total == 0.0 {
        return if residual == 0.0 { 1.0 } else { 0.0 };
    }
    1.0 - residual / total
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The whole history: points, series and projections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct History {
    /// [`HISTORY_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// One per input, in input order.
    pub points: Vec<Point>,
    /// Every headline figure over the points.
    pub series: Vec<Series>,
    /// Fits and extrapolations (empty with fewer than three dated points).
    pub projections: Vec<Projection>,
    /// Fits left out of `projections` as meaningless, with the reason (absent when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unprojected: Vec<Unprojected>,
}

impl History {
    /// The history of these points.
    pub fn new(points: Vec<Point>) -> History {
        let series = series(&points);
        let (projections, unprojected) = project(&points, &series);
        History {
            schema_version: HISTORY_SCHEMA_VERSION,
            points,
            series,
            projections,
            unprojected,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(version: &str, own_code: u64) -> Point {
        let report = Report {
            kernel_version: Some(version.into()),
            rust_own: Lines {
                files: 1,
                blank: 0,
                comment: 0,
                code: own_code,
            },
            ..empty_report()
        };
        Point::new(
            format!("linux-{version}"),
            None,
            &report,
            &DateHints::default(),
        )
    }

    fn empty_report() -> Report {
        serde_json::from_value(serde_json::json!({
            "schema_version": 1, "kernel_version": null,
            "rust": {"files": 0, "blank": 0, "comment": 0, "code": 0},
            "rust_own": {"files": 0, "blank": 0, "comment": 0, "code": 0},
            "areas": [], "vendored": [], "unsafe": UnsafeFigures::default(),
            "unsafe_own": UnsafeFigures::default(), "crates": [], "unreached_files": [],
            "modules": [], "drivers": [], "exports": [], "bindings": Bindings::default(),
            "architectures": [], "toolchain": {"rustc": null, "bindgen": null,
            "rust_makefile_lines": 0, "kconfig_symbols_depending_on_rust": []}, "files": []
        }))
        .unwrap()
    }

    #[test]
    fn points_take_dates_from_the_table_the_user_or_the_commit() {
        let p = point("6.12.117", 10);
        assert_eq!(p.release.as_deref(), Some("6.12"));
        assert_eq!(p.release_date.as_deref(), Some("2024-11-17"));
        assert_eq!(p.release_date_source.as_deref(), Some("release table"));
        let q = point("7.3.4", 10);
        assert_eq!(
            q.release_date_source.as_deref(),
            Some("release table (estimated)")
        );
        let mut hints = DateHints {
            commit: Date::parse("2030-01-02"),
            ..Default::default()
        };
        let report = Report {
            kernel_version: Some("9.9.1".into()),
            ..empty_report()
        };
        let r = Point::new("x".into(), Some("v9.9.1".into()), &report, &hints);
        assert_eq!(r.release_date.as_deref(), Some("2030-01-02"));
        assert_eq!(r.release_date_source.as_deref(), Some("git commit"));
        hints
            .given
            .insert("9.9".into(), Date::parse("2029-05-05").unwrap());
        let r = Point::new("x".into(), None, &report, &hints);
        assert_eq!(r.release_date.as_deref(), Some("2029-05-05"));
    }

    #[test]
    fn an_exact_line_is_fitted_exactly_and_extrapolated() {
        // 6.1 (2022-12-11), 6.12 (2024-11-17), 6.18 (2025-11-30): code grows by 1,000 per
        // day, so the linear fit is exact, R² = 1, growth 365,242.5 lines a year.
        let base = Date::parse("2022-12-11").unwrap().0;
        let points: Vec<Point> = ["6.1.1", "6.12.1", "6.18.1"]
            .iter()
            .map(|v| {
                let day = mainline_release(&series_of(v).unwrap()).unwrap().0 .0;
                point(v, 5_000 + 1_000 * (day - base) as u64)
            })
            .collect();
        let history = History::new(points);
        let own = history
            .series
            .iter()
            .find(|s| s.key == "rust_own_code")
            .unwrap();
        assert_eq!(own.values, vec![5_000.0, 712_000.0, 1_090_000.0]);
        let linear = history
            .projections
            .iter()
            .find(|p| p.key == "rust_own_code" && p.model == "linear")
            .unwrap();
        assert_eq!(linear.r_squared, 1.0);
        assert_eq!(linear.growth_per_year, 365_242.5);
        assert_eq!(linear.fitted_points, 3);
        // One year after 2025-11-30: 365 days (rounded) more.
        assert_eq!(linear.projected[1].date, "2026-11-30");
        assert!((linear.projected[1].value - (1_090_000.0 + 365_242.0)).abs() <= 1.0);
        let exponential = history
            .projections
            .iter()
            .find(|p| p.key == "rust_own_code" && p.model == "exponential")
            .unwrap();
        assert!(exponential.r_squared < 1.0);
    }

    #[test]
    fn fewer_than_three_dates_give_no_projection() {
        let history = History::new(vec![
            point("6.1.1", 1),
            point("6.12.1", 2),
            point("6.12.5", 3),
        ]);
        assert!(history.projections.is_empty());
        assert_eq!(
            history
                .series
                .iter()
                .find(|s| s.key == "rust_own_code")
                .unwrap()
                .values
                .len(),
            3
        );
    }

    /// Issue 15: three points a day apart jumping from 1 to 10^11 lines made the exponential
    /// fit overflow (`inf`, JSON `null`) and the linear one reach 10^13; both are left out of
    /// the projections, with the reason, and every number shown stays finite and bounded.
    #[test]
    fn meaningless_fits_are_listed_with_a_reason_not_extrapolated() {
        let mut hints = DateHints::default();
        for (release, day) in [
            ("9.1", "2030-01-01"),
            ("9.2", "2030-01-02"),
            ("9.3", "2030-01-03"),
        ] {
            hints
                .given
                .insert(release.into(), Date::parse(day).unwrap());
        }
        let points: Vec<Point> = [
            ("9.1.1", 1u64),
            ("9.2.1", 1_000),
            ("9.3.1", 100_000_000_000),
        ]
        .iter()
        .map(|&(version, code)| {
            let report = Report {
                kernel_version: Some(version.into()),
                rust_own: Lines {
                    files: 1,
                    blank: 0,
                    comment: 0,
                    code,
                },
                ..empty_report()
            };
            Point::new(version.into(), None, &report, &hints)
        })
        .collect();
        let history = History::new(points);
        let left_out: Vec<(&str, &str)> = history
            .unprojected
            .iter()
            .map(|u| (u.key.as_str(), u.model.as_str()))
            .collect();
        assert_eq!(
            left_out,
            [
                ("rust_own_code", "linear"),
                ("rust_own_code", "exponential")
            ]
        );
        assert!(history
            .unprojected
            .iter()
            .all(|u| u.reason.contains("span 2 days")));
        assert!(history.projections.iter().all(|p| p.key != "rust_own_code"));
        for p in &history.projections {
            assert!(
                p.r_squared.is_finite() && p.growth_per_year.is_finite(),
                "{p:?}"
            );
            assert!(
                p.projected.iter().all(|v| v.value.abs() <= MAX_PROJECTED),
                "{p:?}"
            );
        }
    }
}
