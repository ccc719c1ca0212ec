//! The report's tables as CSV (`report --format csv --table areas|modules|drivers`), one table
//! per run as tokei's and scc's users chart them in a spreadsheet: a header row, then one row
//! per area, module or driver in the JSON's order, with the JSON's names as column names.
//! Text cells go through [`csv_field`] (control characters escaped, formulas made safe).

use super::csv_field;
use crate::model::report::{CodeFigures, Report};
use std::fmt::Write;

/// Which of the report's tables to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportTable {
    /// `areas[]`: one row per area.
    Areas,
    /// `modules[]`: one row per module of the `kernel` crate.
    Modules,
    /// `drivers[]`: one row per crate outside `rust/`.
    Drivers,
}

/// The figure columns every table ends with, from a row's [`CodeFigures`].
const FIGURES: &str = "files,blank,comment,code,unsafe_blocks,blocks_with_safety_comment,\
                       unsafe_fns,unsafe_impls,blocks_per_kloc";

fn figures(f: &CodeFigures) -> String {
    let u = &f.unsafe_figures;
    format!(
        "{},{},{},{},{},{},{},{},{}",
        f.lines.files,
        f.lines.blank,
        f.lines.comment,
        f.lines.code,
        f.unsafe_blocks,
        u.blocks_with_safety_comment,
        u.fns,
        u.impls,
        u.blocks_per_kloc
    )
}

fn text(value: Option<&str>) -> String {
    csv_field(value.unwrap_or(""))
}

/// One table of the report as CSV: the header row, then one row per entry.
pub fn csv(report: &Report, table: ReportTable) -> String {
    let mut out = String::new();
    match table {
        ReportTable::Areas => {
            let _ = writeln!(out, "area,vendored,{FIGURES},bindings_names,bindings_uses");
            for a in &report.areas {
                let _ = writeln!(
                    out,
                    "{},{},{},{},{}",
                    csv_field(a.area.as_str()),
                    a.vendored,
                    figures(&a.figures),
                    a.bindings_names,
                    a.bindings_uses
                );
            }
        }
        ReportTable::Modules => {
            let _ = writeln!(out, "path,category,{FIGURES},bindings_uses");
            for m in &report.modules {
                let _ = writeln!(
                    out,
                    "{},{},{},{}",
                    csv_field(&m.path),
                    csv_field(&m.category),
                    figures(&m.figures),
                    m.bindings_uses
                );
            }
        }
        ReportTable::Drivers => {
            let _ = writeln!(
                out,
                "crate_name,root,kind,name,kconfig,license,linked_into_c,{FIGURES},bindings_uses"
            );
            for d in &report.drivers {
                let _ = writeln!(
                    out,
                    "{},{},{},{},{},{},{},{},{}",
                    csv_field(&d.crate_name),
                    csv_field(&d.root),
                    csv_field(&d.kind),
                    text(d.name.as_deref()),
                    text(d.kconfig.as_deref()),
                    text(d.license.as_deref()),
                    d.linked_into_c,
                    figures(&d.figures),
                    d.bindings_uses
                );
            }
        }
    }
    out
}
