//! The `cves` section of the report page: records per million code lines by language (bars),
//! each language's class shares (stacked bars), records by fix release for Rust and C (lines),
//! and the Rust records one by one (a table). Record text is escaped like all text from
//! the tree, by the building blocks of [`super`].

use super::{
    escape, figure, figures, BarChart, BarRow, Cell, Column, Figure, LineChart, LineSeries, Point,
    Series, Table, PALETTE,
};
use crate::model::cves::Cves;
use crate::render::cves::CAVEATS;
use crate::render::thousands;
use std::fmt::Write;

/// Languages whose class shares are drawn: those with at least this many records, so a share
/// is not a fraction of one or two records.
const MIN_RECORDS_FOR_SHARES: u64 = 5;

/// The languages drawn over fix releases.
const RELEASE_LANGUAGES: [&str; 2] = ["Rust", "C"];

/// The section's HTML (the body of a page section).
pub fn section(cves: &Cves) -> String {
    let mut out = figures(&[
        Figure {
            value: thousands(cves.records_in_tree),
            label: "CVE records touching this tree".into(),
            detail: format!("of {} records", thousands(cves.source.records)),
        },
        Figure {
            value: format!("{:.1}%", cves.memory_safety_percent),
            label: "memory-safety bugs".into(),
            detail: format!("{} records", thousands(cves.memory_safety)),
        },
        Figure {
            value: thousands(cves.rust.len() as u64),
            label: "records touching Rust".into(),
            detail: String::new(),
        },
        Figure {
            value: thousands(cves.affecting_this_tree.len() as u64),
            label: "records affecting this release".into(),
            detail: cves
                .tree_version
                .clone()
                .unwrap_or_else(|| "version unknown".into()),
        },
    ]);
    out.push_str("<ul class=\"note\">\n");
    for caveat in CAVEATS {
        let _ = writeln!(out, "<li>{}</li>", escape(caveat));
    }
    out.push_str("</ul>\n");
    out.push_str(&rates_chart(cves));
    out.push_str(&shares_chart(cves));
    out.push_str(&releases_chart(cves));
    out.push_str(&rust_table(cves));
    let _ = writeln!(
        out,
        "<p class=\"note\">Records from <code>{}</code>, newest {}; {} record files skipped \
         (the JSON report lists them with the reason).</p>",
        escape(&cves.source.path),
        escape(cves.source.newest.as_deref().unwrap_or("none")),
        thousands(cves.source.skipped.len() as u64)
    );
    out
}

fn rates_chart(cves: &Cves) -> String {
    let chart = BarChart {
        id: "cves-rates-chart".into(),
        title: "CVE records per million code lines, by language".into(),
        description: "For each language, the records whose fix touched its files, per million \
                      of its code lines in this tree."
            .into(),
        axis_label: "records per million code lines".into(),
        series: vec![Series {
            name: "records per million code lines".into(),
            colour: PALETTE[1],
        }],
        rows: cves
            .by_language
            .iter()
            .filter(|l| l.rate.code > 0)
            .map(|l| BarRow {
                label: l.language.clone(),
                values: vec![l.rate.per_million_lines],
                note: format!(
                    "{:.1} · {} records",
                    l.rate.per_million_lines,
                    thousands(l.rate.records)
                ),
            })
            .collect(),
        decimals: 2,
    };
    figure(&chart.svg(), "")
}

fn shares_chart(cves: &Cves) -> String {
    let languages: Vec<&str> = cves
        .by_language
        .iter()
        .filter(|l| l.rate.records >= MIN_RECORDS_FOR_SHARES)
        .map(|l| l.language.as_str())
        .collect();
    if languages.is_empty() {
        return String::new();
    }
    let chart = BarChart {
        id: "cves-classes-chart".into(),
        title: "Classes of CVE records, by language".into(),
        description: format!(
            "The share of each class among the records touching each language with at least \
             {MIN_RECORDS_FOR_SHARES} records."
        ),
        axis_label: "% of the language's records".into(),
        series: cves
            .by_class
            .iter()
            .zip(PALETTE.iter().cycle())
            .map(|(c, colour)| Series {
                name: c.class.clone(),
                colour,
            })
            .collect(),
        rows: languages
            .iter()
            .map(|language| {
                let counts: Vec<u64> = cves
                    .by_class
                    .iter()
                    .map(|c| c.by_language.get(*language).copied().unwrap_or(0))
                    .collect();
                let total: u64 = counts.iter().sum();
                BarRow {
                    label: language.to_string(),
                    values: counts
                        .iter()
                        .map(|&c| c as f64 * 100.0 / total.max(1) as f64)
                        .collect(),
                    note: format!("{} records", thousands(total)),
                }
            })
            .collect(),
        decimals: 1,
    };
    figure(
        &chart.svg(),
        "Each record counts once, in its primary class (memory safety first).",
    )
}

fn releases_chart(cves: &Cves) -> String {
    let fixed: Vec<_> = cves
        .by_fix_release
        .iter()
        .filter(|f| f.release != "unfixed")
        .collect();
    if fixed.is_empty() {
        return String::new();
    }
    let series: Vec<LineSeries> = RELEASE_LANGUAGES
        .iter()
        .zip(PALETTE)
        .map(|(language, colour)| LineSeries {
            series: Series {
                name: language.to_string(),
                colour,
            },
            points: fixed
                .iter()
                .enumerate()
                .map(|(i, f)| Point {
                    label: f.release.clone(),
                    x: i as f64,
                    y: f.by_language.get(*language).copied().unwrap_or(0) as f64,
                })
                .collect(),
            projection: Vec::new(),
        })
        .collect();
    let chart = LineChart {
        id: "cves-releases-chart".into(),
        title: "CVE records by the mainline release that fixed them".into(),
        description: "Records touching Rust and C files of this tree, by the mainline release \
                      that fixed them, one point per release."
            .into(),
        x_label: "fixed in".into(),
        y_label: "records".into(),
        series,
        decimals: 0,
    };
    figure(
        &chart.svg(),
        "Releases are evenly spaced; records not fixed in mainline are left out.",
    )
}

fn rust_table(cves: &Cves) -> String {
    if cves.rust.is_empty() {
        return "<p>No record touches a Rust file of this tree.</p>\n".into();
    }
    let table = Table {
        columns: vec![
            Column::text("record"),
            Column::text("title"),
            Column::text("files"),
            Column::text("area"),
            Column::text("crate"),
            Column::text("introduced"),
            Column::text("fixed"),
            Column::text("class"),
            Column::number("CVSS"),
            Column::number("unsafe blocks"),
        ],
        rows: cves
            .rust
            .iter()
            .map(|r| {
                let files: Vec<String> = r
                    .files
                    .iter()
                    .map(|f| format!("<code>{}</code>", escape(f)))
                    .collect();
                vec![
                    Cell::text(&r.id),
                    Cell::text(&r.title),
                    Cell::html(files.join("<br>")),
                    Cell::text(&r.area),
                    Cell::text(r.crate_name.as_deref().unwrap_or("–")),
                    Cell::text(&r.introduced.join(", ")),
                    Cell::text(r.fixed.as_deref().unwrap_or("unfixed")),
                    Cell::text(&r.classes.join(", ")),
                    r.cvss
                        .map_or_else(|| Cell::text("–"), |s| Cell::decimal(s, 1)),
                    Cell::count(r.unsafe_blocks),
                ]
            })
            .collect(),
        totals: Vec::new(),
    };
    format!("<h3>Records touching Rust</h3>\n{}", table.html())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A join whose every string from the records or the tree carries markup.
    fn hostile() -> Cves {
        let rate = |records: u64| {
            serde_json::json!({"records": records, "code": 1000, "per_million_lines": 2.5,
                "memory_safety": 1, "memory_safety_percent": 50.0})
        };
        let mut rust_rate = rate(6);
        rust_rate["language"] = "Rust".into();
        let mut c_rate = rate(8);
        c_rate["language"] = "C".into();
        let mut evil_rate = rate(5);
        evil_rate["language"] = "<b>lang</b>".into();
        let mut area = rate(2);
        area["area"] = "a&b".into();
        serde_json::from_value(serde_json::json!({
            "source": {"path": "<img src=x onerror=alert(1)>", "records": 3,
                "newest": "CVE-2026-1<i>", "skipped": [{"path": "x\"y", "reason": "<bad>"}]},
            "tree_version": "7.3<4",
            "records_in_tree": 3, "memory_safety": 1, "memory_safety_percent": 33.3,
            "by_language": [rust_rate, c_rate, evil_rate],
            "by_area": [area],
            "by_class": [{"class": "memory safety", "records": 1,
                "by_language": {"Rust": 1, "<b>lang</b>": 1}},
                {"class": "other", "records": 2, "by_language": {"C": 2}}],
            "by_fix_release": [{"release": "6.19", "by_language": {"Rust": 1, "C": 2}},
                {"release": "7.0", "by_language": {"C": 1}},
                {"release": "unfixed", "by_language": {"C": 1}}],
            "rust": [{"id": "CVE-2025-1\"onmouseover=\"x", "title":
                "</td></tr></table><script>alert(1)</script>",
                "files": ["drivers/a&b/<x>.rs"], "area": "drivers", "crate": "<c>",
                "driver": null, "introduced": ["6.18"], "fixed": null,
                "classes": ["memory safety"], "cvss": 7.8, "unsafe_blocks": 3}],
            "affecting_this_tree": [{"id": "CVE-2<'>", "title": "<t>", "languages": ["C"],
                "fixed": null}]
        }))
        .unwrap()
    }

    /// The elements of `html`, checked to nest: every start tag is closed in order, but void
    /// elements and self-closed ones (`<br>`, `<rect/>`); no raw `<` or `>` in text.
    fn assert_well_formed(html: &str) {
        const VOID: &[&str] = &["br", "hr", "img", "meta", "link", "input", "wbr"];
        let mut open: Vec<String> = Vec::new();
        let mut rest = html;
        while let Some(start) = rest.find(['<', '>']) {
            assert_eq!(&rest[start..=start], "<", "a raw `>` in text: {rest:.80}");
            let end = rest[start..].find('>').expect("a tag ends") + start;
            let tag = &rest[start + 1..end];
            assert!(!tag.contains('<'), "`<` inside a tag: {tag}");
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            if let Some(closing) = tag.strip_prefix('/') {
                let closing = closing.trim();
                assert_eq!(open.pop().as_deref(), Some(closing), "in {html}");
            } else if !tag.ends_with('/') && !VOID.contains(&name.as_str()) {
                open.push(name);
            }
            rest = &rest[end + 1..];
        }
        assert!(open.is_empty(), "not closed: {open:?}");
    }

    #[test]
    fn section_escapes_record_text_and_nests() {
        let html = section(&hostile());
        assert_well_formed(&html);
        for raw in [
            "<script", "<img", "<b>", "<x>", "<c>", "<t>", "<bad>", "<i>", "\"x\"",
        ] {
            assert!(!html.contains(raw), "{raw} is not escaped");
        }
        assert!(html.contains("&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;"));
        assert!(html.contains("drivers/a&amp;b/&lt;x&gt;.rs"));
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(html.contains("CVE-2025-1&quot;onmouseover=&quot;x"));
        // What the browser test looks for: three charts and the Rust records' sortable table.
        for chart in [
            "cves-rates-chart",
            "cves-classes-chart",
            "cves-releases-chart",
        ] {
            assert!(html.contains(&format!("data-chart=\"{chart}\"")), "{chart}");
        }
        assert!(html.contains("<table class=\"sortable\""), "{html}");
    }

    #[test]
    fn a_join_without_rust_records_says_so() {
        let mut cves = hostile();
        cves.rust.clear();
        cves.by_fix_release.clear();
        let html = section(&cves);
        assert_well_formed(&html);
        assert!(html.contains("No record touches a Rust file of this tree."));
        assert!(!html.contains("cves-releases-chart"));
    }
}
