//! The HTML section "Rust's reach into the C API": headline figures, the share of exported
//! functions Rust calls overall and by subsystem as bars, a sortable subsystem table, and the
//! chains from drivers through `kernel` modules to C subsystems as a flow (SVG, no script).

use super::{
    escape, figure, figures, thousands, BarChart, BarRow, Cell, Column, Figure, Series, Table,
    PALETTE,
};
use crate::model::reach::{Chain, Reach, SubsystemReach};
use crate::render::reach::{headline, subsystems_by_reach};
use crate::render::share;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Subsystems drawn as bars.
const BARS: usize = 20;

/// C subsystems drawn in the flow (those most drivers reach).
const FLOW_SUBSYSTEMS: usize = 12;

/// The section's body.
pub fn section(reach: &Reach) -> String {
    let mut out = format!("<p>{}</p>\n", escape(&headline(reach)));
    out.push_str(&headline_figures(reach));
    if reach.exported_called_from_rust == 0 {
        // No bar would be drawn and no table row listed: say it instead.
        out.push_str("<p>Rust calls none of the C functions this tree exports.</p>\n");
    } else {
        let subsystems = subsystems_by_reach(reach);
        let chart = reach_chart(reach, &subsystems);
        out.push_str(&figure(&chart.svg(), ""));
        let table = subsystems_table(&subsystems);
        out.push_str(&table.html());
    }
    let drivers: Vec<&Chain> = reach.chains.iter().filter(|c| c.kind == "driver").collect();
    // A flow needs an edge: drivers that reach no module and no subsystem draw nothing.
    if drivers
        .iter()
        .any(|d| !d.kernel_modules.is_empty() || !d.subsystems.is_empty())
    {
        out.push_str(
            "<h3>From drivers to C subsystems</h3>\n<p>Each driver (left), the <code>kernel</code> \
             modules it uses (middle) and the C subsystems its calls land in (right), directly \
             or through those modules.</p>\n",
        );
        out.push_str(&figure(&flow(&drivers), ""));
    }
    out
}

/// The headline figures: the share of exported functions called, functions reached, exported
/// symbols, structs named.
fn headline_figures(reach: &Reach) -> String {
    figures(&[
        Figure {
            value: share(reach.exported_called_from_rust, reach.exported_c_functions),
            label: "of exported C functions called from Rust".into(),
            detail: format!(
                "{} of {}",
                thousands(reach.exported_called_from_rust),
                thousands(reach.exported_c_functions)
            ),
        },
        Figure {
            value: thousands(reach.c_functions_called),
            label: "C functions reached".into(),
            detail: format!("{} through C helpers", thousands(reach.via_helpers)),
        },
        Figure {
            value: thousands(reach.exported_c_symbols),
            label: "exported C symbols".into(),
            detail: format!(
                "{} functions, {} variables",
                thousands(reach.exported_c_functions),
                thousands(reach.exported_c_variables)
            ),
        },
        Figure {
            value: share(
                reach.structs.named_from_rust,
                reach.structs.defined_in_bound_headers,
            ),
            label: "of the bound headers' structs named from Rust".into(),
            detail: format!(
                "{} of {}",
                thousands(reach.structs.named_from_rust),
                thousands(reach.structs.defined_in_bound_headers)
            ),
        },
    ])
}

/// The bar chart of the share called from Rust: overall, then the subsystems Rust calls most.
fn reach_chart(reach: &Reach, subsystems: &[&SubsystemReach]) -> BarChart {
    let mut rows = vec![BarRow {
        label: "all subsystems".into(),
        values: vec![reach.share * 100.0],
        note: format!(
            "{} of {}",
            thousands(reach.exported_called_from_rust),
            thousands(reach.exported_c_functions)
        ),
    }];
    rows.extend(
        subsystems
            .iter()
            .filter(|s| s.called_from_rust > 0)
            .take(BARS)
            .map(|s| BarRow {
                label: s.subsystem.clone(),
                values: vec![s.share * 100.0],
                note: format!(
                    "{} of {}",
                    thousands(s.called_from_rust),
                    thousands(s.exported)
                ),
            }),
    );
    BarChart {
        id: "reach-chart".into(),
        title: "Share of exported C functions called from Rust".into(),
        description: "Overall, then for the subsystems Rust calls most: the percentage of the \
                      functions a subsystem exports that Rust calls."
            .into(),
        axis_label: "% of exported functions".into(),
        series: vec![Series {
            name: "called from Rust".into(),
            colour: PALETTE[0],
        }],
        rows,
        decimals: 1,
    }
}

/// The subsystems Rust calls, with their exported functions and the share called.
fn subsystems_table(subsystems: &[&SubsystemReach]) -> Table {
    Table {
        columns: vec![
            Column::text("Subsystem"),
            Column::number("Exported functions"),
            Column::number("Called from Rust"),
            Column::number("Share"),
        ],
        rows: subsystems
            .iter()
            .filter(|s| s.called_from_rust > 0)
            .map(|s| {
                vec![
                    Cell::text(&s.subsystem),
                    Cell::count(s.exported),
                    Cell::count(s.called_from_rust),
                    Cell::percent(s.called_from_rust, s.exported),
                ]
            })
            .collect(),
        totals: Vec::new(),
    }
}

/// One column of the flow: its labels, top to bottom.
fn column_y(index: usize) -> f64 {
    30.0 + index as f64 * 22.0
}

/// The flow of drivers → modules → subsystems as an SVG.
fn flow(drivers: &[&Chain]) -> String {
    let mut modules: BTreeMap<&str, usize> = BTreeMap::new();
    let mut reach_count: BTreeMap<&str, usize> = BTreeMap::new();
    for d in drivers {
        for m in &d.kernel_modules {
            modules.entry(m.as_str()).or_default();
        }
        for (s, _) in &d.subsystems {
            *reach_count.entry(s.as_str()).or_default() += 1;
        }
    }
    let mut subsystems: Vec<(&str, usize)> = reach_count.into_iter().collect();
    subsystems.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    subsystems.truncate(FLOW_SUBSYSTEMS);
    let module_index: BTreeMap<&str, usize> =
        modules.keys().enumerate().map(|(i, m)| (*m, i)).collect();
    let subsystem_index: BTreeMap<&str, usize> = subsystems
        .iter()
        .enumerate()
        .map(|(i, (s, _))| (*s, i))
        .collect();
    let rows = drivers.len().max(module_index.len()).max(subsystems.len());
    let height = column_y(rows) + 10.0;
    let (x_driver, x_module, x_subsystem) = (10.0, 270.0, 530.0);
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 760 {height:.0}\" role=\"img\" \
         aria-labelledby=\"reach-flow-title\" data-chart=\"reach-flow\">\
         <title id=\"reach-flow-title\">Drivers, the kernel modules they use, and the C \
         subsystems they reach</title>"
    );
    let mut edges = String::new();
    let mut labels = String::new();
    for (i, d) in drivers.iter().enumerate() {
        let y = column_y(i);
        let _ = write!(
            labels,
            "<circle cx=\"{:.0}\" cy=\"{:.0}\" r=\"3\" fill=\"{}\"/>\
             <text x=\"{x_driver}\" y=\"{y:.0}\" font-size=\"12\">{}</text>",
            x_module - 80.0,
            y - 4.0,
            PALETTE[0],
            escape(&d.rust)
        );
        for m in &d.kernel_modules {
            if let Some(&j) = module_index.get(m.as_str()) {
                let _ = write!(
                    edges,
                    "<line x1=\"{:.0}\" y1=\"{:.0}\" x2=\"{:.0}\" y2=\"{:.0}\" stroke=\"{}\" \
                     stroke-opacity=\"0.35\"/>",
                    x_module - 80.0,
                    y - 4.0,
                    x_module - 4.0,
                    column_y(j) - 4.0,
                    PALETTE[0]
                );
            }
        }
        for (s, _) in &d.subsystems {
            if let Some(&k) = subsystem_index.get(s.as_str()) {
                let _ = write!(
                    edges,
                    "<line x1=\"{:.0}\" y1=\"{:.0}\" x2=\"{:.0}\" y2=\"{:.0}\" stroke=\"{}\" \
                     stroke-opacity=\"0.25\"/>",
                    x_module + 180.0,
                    y - 4.0,
                    x_subsystem - 4.0,
                    column_y(k) - 4.0,
                    PALETTE[1]
                );
            }
        }
    }
    for (m, &j) in &module_index {
        let _ = write!(
            labels,
            "<text x=\"{x_module}\" y=\"{:.0}\" font-size=\"12\">{}</text>",
            column_y(j),
            escape(m)
        );
    }
    for (s, &k) in &subsystem_index {
        let _ = write!(
            labels,
            "<text x=\"{x_subsystem}\" y=\"{:.0}\" font-size=\"12\">{}</text>",
            column_y(k),
            escape(&truncate(s, 28))
        );
    }
    out.push_str(&edges);
    out.push_str(&labels);
    out.push_str("</svg>");
    out
}

/// At most `max` characters, with `…` when cut.
fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(max - 1).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::reach::SubsystemReach;

    #[test]
    fn section_escapes_and_draws() {
        let reach = Reach {
            exported_c_functions: 4,
            exported_called_from_rust: 1,
            share: 0.25,
            by_subsystem: vec![SubsystemReach {
                subsystem: "<script>".into(),
                exported: 4,
                called_from_rust: 1,
                share: 0.25,
            }],
            chains: vec![Chain {
                rust: "a&b".into(),
                kind: "driver".into(),
                direct_c_functions: 0,
                kernel_modules: vec!["kernel::net".into()],
                subsystems: vec![("<script>".into(), 1)],
            }],
            ..Reach::default()
        };
        let html = section(&reach);
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("a&amp;b"));
        assert!(html.contains("data-chart=\"reach-chart\""));
        assert!(html.contains("data-chart=\"reach-flow\""));
        assert!(html.contains("25.00%"));
    }

    #[test]
    fn nothing_called_draws_no_chart() {
        let reach = Reach {
            exported_c_functions: 4,
            chains: vec![Chain {
                rust: "a".into(),
                kind: "driver".into(),
                direct_c_functions: 0,
                kernel_modules: Vec::new(),
                subsystems: Vec::new(),
            }],
            ..Reach::default()
        };
        let html = section(&reach);
        assert!(html.contains("Rust calls none of the C functions this tree exports."));
        assert!(!html.contains("data-chart="), "{html}");
        assert!(!html.contains("<table"), "{html}");
    }
}
