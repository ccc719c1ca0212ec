//! `kcensus report --format html`: the census of one tree as a page — headline figures, where
//! the Rust is, `unsafe` by area, vendored crates, the `kernel` crate's module tree, drivers,
//! Rust rewrites beside their C originals, the C↔Rust boundary, Rust's reach into the C API and
//! the platform.

use super::{
    collapsed_list, escape, figure, figures, percent, thousands, tree, BarChart, BarRow, Cell,
    Column, Figure, Page, Series, Table, TreeItem, PALETTE, VENDORED_GREY,
};
use crate::model::report::{Area, Report, UnsafeFigures};
use crate::render::report::coverage;
use crate::render::share;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The colour of comment lines, a light tint of the own-code colour.
const COMMENT_TINT: &str = "#fdba74";

/// The report as a self-contained HTML page.
pub fn page(report: &Report) -> String {
    page_with_cves(report, None)
}

/// The report page, with the section of the CVE records joined to the tree (`--cves`) when
/// there is one.
pub fn page_with_cves(report: &Report, cves: Option<&crate::model::cves::Cves>) -> String {
    let version = report
        .kernel_version
        .as_deref()
        .unwrap_or("(unknown version)");
    let vendored_code: u64 = report.vendored.iter().map(|v| v.code).sum();
    let lede = format!(
        "Linux {} holds <strong>{} lines of Rust code</strong> in {} files, {} of the kernel's {} \
         code lines (all languages). {} of them ({}) are third-party crates vendored into \
         <code>rust/</code>; the kernel's own Rust is <strong>{} code lines</strong> ({} of the \
         kernel's code), with {} <code>unsafe</code> blocks, {} of them explained by a \
         <code>// SAFETY:</code> comment.",
        escape(version),
        thousands(report.rust.code),
        thousands(report.rust.files),
        share(report.rust.code, report.tree.code),
        thousands(report.tree.code),
        thousands(vendored_code),
        percent(vendored_code, report.rust.code),
        thousands(report.rust_own.code),
        share(report.rust_own.code, report.tree.code),
        thousands(report.unsafe_own.blocks),
        coverage(&report.unsafe_own),
    );
    let mut page = Page::new(&format!("Rust in Linux {version}"), lede);
    page.section("areas", "Where the Rust is", areas(report));
    page.section(
        "unsafe",
        "unsafe, and whether it is explained",
        unsafe_section(report),
    );
    if !report.vendored.is_empty() {
        page.section("vendored", "Vendored crates", vendored(report));
    }
    page.section("kernel-crate", "The kernel crate", kernel_crate(report));
    page.section("drivers", "Drivers and other users", drivers(report));
    page.section(
        "twins",
        "Rust rewrites and their C originals",
        super::twins::section(&report.twins),
    );
    page.section("boundary", "The C↔Rust boundary", boundary(report));
    page.section(
        "reach",
        "Rust's reach into the C API",
        super::reach::section(&report.reach),
    );
    page.section("platform", "Architectures and toolchain", platform(report));
    if !report.unreached_files.is_empty() {
        page.section(
            "unreached",
            "Rust files outside any crate",
            unreached(report),
        );
    }
    if let Some(cves) = cves {
        page.section(
            "cves",
            "Safety in practice: the kernel's CVE records",
            super::cves::section(cves),
        );
    }
    page.render(&headline(report))
}

/// The architectures' names (the report lists each once).
fn arch_names(report: &Report) -> Vec<&str> {
    report
        .architectures
        .iter()
        .map(|a| a.arch.as_str())
        .collect()
}

fn headline(report: &Report) -> String {
    let categories: std::collections::BTreeSet<&str> =
        report.modules.iter().map(|m| m.category.as_str()).collect();
    let arches = arch_names(report);
    let own = &report.unsafe_own;
    figures(&[
        Figure {
            value: thousands(report.rust.code),
            label: "lines of Rust code".into(),
            detail: format!(
                "in {} files, vendored crates included",
                thousands(report.rust.files)
            ),
        },
        Figure {
            value: thousands(report.rust_own.code),
            label: "the kernel's own".into(),
            detail: format!(
                "{} of all Rust code, in {} files",
                percent(report.rust_own.code, report.rust.code),
                thousands(report.rust_own.files)
            ),
        },
        Figure {
            value: share(report.rust.code, report.tree.code),
            label: "of the kernel's code".into(),
            detail: format!(
                "Rust, of {} code lines in all languages; own Rust {}",
                thousands(report.tree.code),
                share(report.rust_own.code, report.tree.code)
            ),
        },
        Figure {
            value: thousands(own.blocks),
            label: "unsafe blocks".into(),
            detail: format!(
                "{} per 1,000 own code lines",
                super::number(own.blocks_per_kloc, 1)
            ),
        },
        Figure {
            value: coverage(own),
            label: "SAFETY coverage".into(),
            detail: format!(
                "{} of {} own unsafe blocks carry // SAFETY:",
                thousands(own.blocks_with_safety_comment),
                thousands(own.blocks)
            ),
        },
        Figure {
            value: thousands(report.drivers.len() as u64),
            label: "drivers and other users".into(),
            detail: "Rust crates outside rust/".into(),
        },
        Figure {
            value: thousands(report.modules.len() as u64),
            label: "kernel crate modules".into(),
            detail: format!("abstractions in {} subsystem categories", categories.len()),
        },
        Figure {
            value: thousands(arches.len() as u64),
            label: "architectures".into(),
            detail: if arches.is_empty() {
                "none selects HAVE_RUST".into()
            } else {
                format!("select HAVE_RUST: {}", arches.join(", "))
            },
        },
        Figure {
            value: report.toolchain.rustc.clone().unwrap_or_else(|| "?".into()),
            label: "minimum rustc".into(),
            detail: format!(
                "bindgen {}",
                report.toolchain.bindgen.as_deref().unwrap_or("?")
            ),
        },
    ])
}

/// The areas' bar chart: code lines (own or vendored) and comments.
fn areas_chart(report: &Report) -> BarChart {
    BarChart {
        id: "areas-chart".into(),
        title: "Rust lines by area".into(),
        description: format!(
            "Code and comment lines of Rust in each area of the tree; vendored third-party code \
         in grey. {} code lines in all.",
            thousands(report.rust.code)
        ),
        axis_label: "lines".into(),
        series: vec![
            Series {
                name: "code (the kernel's own)".into(),
                colour: PALETTE[0],
            },
            Series {
                name: "code (vendored third-party)".into(),
                colour: VENDORED_GREY,
            },
            Series {
                name: "comments".into(),
                colour: COMMENT_TINT,
            },
        ],
        rows: report
            .areas
            .iter()
            .map(|a| {
                let code = a.figures.lines.code as f64;
                BarRow {
                    label: a.area.to_string(),
                    values: if a.vendored {
                        vec![0.0, code, a.figures.lines.comment as f64]
                    } else {
                        vec![code, 0.0, a.figures.lines.comment as f64]
                    },
                    note: format!(
                        "{} code · {}",
                        thousands(a.figures.lines.code),
                        percent(a.figures.lines.code, report.rust.code)
                    ),
                }
            })
            .collect(),
        decimals: 0,
    }
}

/// The areas' table, with a total row for all Rust.
fn areas_table(report: &Report) -> Table {
    let rows: Vec<Vec<Cell>> = report
        .areas
        .iter()
        .map(|a| {
            vec![
                Cell::html(format!(
                    "{}{}",
                    escape(a.area.as_str()),
                    if a.vendored {
                        " <span class=\"tag\">third-party</span>"
                    } else {
                        ""
                    }
                )),
                Cell::count(a.figures.lines.files),
                Cell::count(a.figures.lines.blank),
                Cell::count(a.figures.lines.comment),
                Cell::count(a.figures.lines.code),
                Cell::percent(a.figures.lines.code, report.rust.code),
                Cell::count(a.figures.unsafe_blocks),
                Cell::decimal(a.figures.unsafe_figures.blocks_per_kloc, 1),
                Cell::percent(
                    a.figures.unsafe_figures.blocks_with_safety_comment,
                    a.figures.unsafe_figures.blocks,
                ),
                Cell::count(a.bindings_uses),
            ]
        })
        .collect();
    let totals = vec![
        Cell::text("all Rust"),
        Cell::count(report.rust.files),
        Cell::count(report.rust.blank),
        Cell::count(report.rust.comment),
        Cell::count(report.rust.code),
        Cell::percent(report.rust.code, report.rust.code),
        Cell::count(report.unsafe_figures.blocks),
        Cell::decimal(report.unsafe_figures.blocks_per_kloc, 1),
        Cell::percent(
            report.unsafe_figures.blocks_with_safety_comment,
            report.unsafe_figures.blocks,
        ),
        Cell::count(report.areas.iter().map(|a| a.bindings_uses).sum()),
    ];
    Table {
        columns: vec![
            Column::text("area"),
            Column::number("files"),
            Column::number("blank"),
            Column::number("comment"),
            Column::number("code"),
            Column::number("share"),
            Column::number("unsafe blocks"),
            Column::number("per kLOC"),
            Column::number("SAFETY"),
            Column::number("bindings::"),
        ],
        rows,
        totals,
    }
}

fn areas(report: &Report) -> String {
    let chart = areas_chart(report);
    let table = areas_table(report);
    format!(
        "{}<p class=\"note\">The areas add up to all Rust in the tree, as cloc counts it. \
         Hover a bar for its exact figure.</p>\n{}",
        figure(&chart.svg(), ""),
        table.html()
    )
}

/// A row of the unsafe table: its name and how to read it from the figures.
type UnsafeMeasure = (&'static str, fn(&UnsafeFigures) -> u64);

fn unsafe_section(report: &Report) -> String {
    let with_code: Vec<&Area> = report
        .areas
        .iter()
        .filter(|a| a.figures.lines.code > 0)
        .collect();
    let chart = BarChart {
        id: "unsafe-chart".into(),
        title: "unsafe blocks per 1,000 code lines, by area".into(),
        description: "The density of unsafe blocks in each area with code; vendored third-party \
                      code in grey."
            .into(),
        axis_label: "unsafe blocks per 1,000 code lines".into(),
        series: vec![
            Series {
                name: "the kernel's own".into(),
                colour: PALETTE[0],
            },
            Series {
                name: "vendored third-party".into(),
                colour: VENDORED_GREY,
            },
        ],
        rows: with_code
            .iter()
            .map(|a| {
                let density = a.figures.unsafe_figures.blocks_per_kloc;
                BarRow {
                    label: a.area.to_string(),
                    values: if a.vendored {
                        vec![0.0, density]
                    } else {
                        vec![density, 0.0]
                    },
                    note: format!(
                        "{} · {} blocks · {} SAFETY",
                        super::number(density, 1),
                        thousands(a.figures.unsafe_blocks),
                        coverage(&a.figures.unsafe_figures)
                    ),
                }
            })
            .collect(),
        decimals: 2,
    };
    let (own, all) = (&report.unsafe_own, &report.unsafe_figures);
    let measures: [UnsafeMeasure; 14] = [
        ("unsafe { } blocks", |u| u.blocks),
        ("… of them inside macros", |u| u.blocks_in_macros),
        ("… preceded by // SAFETY:", |u| {
            u.blocks_with_safety_comment
        }),
        ("code lines inside unsafe blocks", |u| u.lines_in_blocks),
        ("unsafe fn", |u| u.fns),
        ("… with a # Safety doc section", |u| u.fns_with_safety_doc),
        ("unsafe impl", |u| u.impls),
        ("… preceded by // SAFETY:", |u| {
            u.impls_with_safety_comment
        }),
        ("unsafe trait", |u| u.traits),
        ("unsafe extern blocks", |u| u.extern_blocks),
        ("#[unsafe(..)] attributes", |u| u.attributes),
        ("unsafe in doc examples", |u| u.doctest_unsafe),
        ("allowances of the undocumented-unsafe lint", |u| {
            u.lint_allowances
        }),
        ("lines a naive grep unsafe finds", |u| u.grep_lines),
    ];
    let table = Table {
        columns: vec![
            Column::text("measure"),
            Column::number("the kernel's own Rust"),
            Column::number("all Rust"),
        ],
        rows: measures
            .iter()
            .map(|(name, get)| {
                vec![
                    Cell::text(name),
                    Cell::count(get(own)),
                    Cell::count(get(all)),
                ]
            })
            .collect(),
        totals: Vec::new(),
    };
    format!(
        "{}<p class=\"note\">The abstractions in <code>rust/kernel</code> are where Rust meets C, \
         so that is where unsafe concentrates; drivers built on them need far less. SAFETY \
         coverage follows clippy's <code>undocumented_unsafe_blocks</code> rules.</p>\n\
         <h3>Every form of unsafe</h3>\n{}",
        figure(&chart.svg(), ""),
        table.html()
    )
}

fn vendored(report: &Report) -> String {
    let table = Table {
        columns: vec![
            Column::text("crate"),
            Column::text("version"),
            Column::text("folder"),
            Column::number("files"),
            Column::number("code"),
        ],
        rows: report
            .vendored
            .iter()
            .map(|v| {
                vec![
                    Cell::text(&v.name),
                    Cell::text(v.version.as_deref().unwrap_or("–")),
                    Cell::path(&v.path),
                    Cell::count(v.files),
                    Cell::count(v.code),
                ]
            })
            .collect(),
        totals: Vec::new(),
    };
    format!(
        "<p class=\"note\">Third-party crates copied into <code>rust/</code>, found from their \
         READMEs. They are counted in all Rust, and kept apart from the kernel's own.</p>\n{}",
        table.html()
    )
}

/// The kernel crate's code by subsystem category, largest first.
fn categories_chart(report: &Report) -> BarChart {
    // Per category: modules, code lines, unsafe blocks.
    let mut by_category: BTreeMap<&str, (u64, u64, u64)> = BTreeMap::new();
    for m in &report.modules {
        let entry = by_category.entry(m.category.as_str()).or_default();
        entry.0 += 1;
        entry.1 += m.figures.lines.code;
        entry.2 += m.figures.unsafe_blocks;
    }
    let mut categories: Vec<(&str, (u64, u64, u64))> = by_category.into_iter().collect();
    categories.sort_by(|a, b| b.1 .1.cmp(&a.1 .1).then(a.0.cmp(b.0)));
    BarChart {
        id: "categories-chart".into(),
        title: "The kernel crate's code by subsystem".into(),
        description: "Code lines of the kernel crate's modules, by subsystem category, largest \
                  first."
            .into(),
        axis_label: "code lines".into(),
        series: vec![Series {
            name: "code".into(),
            colour: PALETTE[1],
        }],
        rows: categories
            .iter()
            .map(|(category, (modules, code, blocks))| BarRow {
                label: category.to_string(),
                values: vec![*code as f64],
                note: format!(
                    "{} lines · {} modules · {} unsafe",
                    thousands(*code),
                    thousands(*modules),
                    thousands(*blocks)
                ),
            })
            .collect(),
        decimals: 0,
    }
}

/// The kernel crate's modules as a tree, each with its category, size, `unsafe` and cfg.
fn module_tree(report: &Report) -> Vec<TreeItem> {
    report
        .modules
        .iter()
        .map(|m| TreeItem {
            path: m.path.split("::").map(str::to_string).collect(),
            note_html: format!(
                "<span class=\"tag\">{}</span> <span class=\"muted\">{} lines</span>{}{}",
                escape(&m.category),
                thousands(m.figures.lines.code),
                if m.figures.unsafe_blocks > 0 {
                    format!(
                        " <span class=\"tag warn\">{} unsafe</span>",
                        thousands(m.figures.unsafe_blocks)
                    )
                } else {
                    String::new()
                },
                m.cfg
                    .iter()
                    .map(|c| format!(" <span class=\"tag\">cfg({})</span>", escape(c)))
                    .collect::<String>()
            ),
        })
        .collect()
}

/// The kernel crate's modules as a table.
fn modules_table(report: &Report) -> Table {
    Table {
        columns: vec![
            Column::text("module"),
            Column::number("code"),
            Column::number("unsafe blocks"),
            Column::number("SAFETY coverage"),
            Column::number("bindings:: uses"),
            Column::text("category"),
            Column::text("cfg"),
            Column::text("summary"),
            Column::text("MAINTAINERS"),
        ],
        rows: report
            .modules
            .iter()
            .map(|m| {
                vec![
                    Cell::code(&m.path),
                    Cell::count(m.figures.lines.code),
                    Cell::count(m.figures.unsafe_blocks),
                    Cell::percent(
                        m.figures.unsafe_figures.blocks_with_safety_comment,
                        m.figures.unsafe_figures.blocks,
                    ),
                    Cell::count(m.bindings_uses),
                    Cell::text(&m.category),
                    Cell::text(&m.cfg.join(", ")),
                    Cell::text(m.doc.as_deref().unwrap_or("")),
                    Cell::text(m.maintainers_entries.first().map_or("", String::as_str)),
                ]
            })
            .collect(),
        totals: Vec::new(),
    }
}

fn kernel_crate(report: &Report) -> String {
    let chart = categories_chart(report);
    let items = module_tree(report);
    let table = modules_table(report);
    format!(
        "<p class=\"note\">{} modules below <code>rust/kernel/lib.rs</code>: the safe \
         abstractions drivers are written against.</p>\n{}<h3>Module tree</h3>\n\
         <p class=\"note\">Open a module to see its submodules.</p>\n{}<h3>All modules</h3>\n{}",
        thousands(report.modules.len() as u64),
        figure(&chart.svg(), ""),
        tree(&items),
        table.html()
    )
}

/// The drivers with the most code, for the chart (the table has them all).
const DRIVERS_CHARTED: usize = 15;

/// The largest drivers by code lines (at most [`DRIVERS_CHARTED`]).
fn drivers_chart(report: &Report) -> BarChart {
    let mut largest: Vec<_> = report.drivers.iter().collect();
    largest.sort_by(|a, b| {
        b.figures
            .lines
            .code
            .cmp(&a.figures.lines.code)
            .then(a.crate_name.cmp(&b.crate_name))
    });
    largest.truncate(DRIVERS_CHARTED);
    BarChart {
        id: "drivers-chart".into(),
        title: "The largest Rust drivers and users".into(),
        description: format!(
            "Code lines of the {} largest Rust crates outside rust/.",
            largest.len()
        ),
        axis_label: "code lines".into(),
        series: vec![Series {
            name: "code".into(),
            colour: PALETTE[2],
        }],
        rows: largest
            .iter()
            .map(|d| BarRow {
                label: d.name.clone().unwrap_or_else(|| d.crate_name.clone()),
                values: vec![d.figures.lines.code as f64],
                note: format!(
                    "{} · {} unsafe",
                    thousands(d.figures.lines.code),
                    thousands(d.figures.unsafe_blocks)
                ),
            })
            .collect(),
        decimals: 0,
    }
}

/// Every driver, with its figures and `module!` metadata.
fn drivers_table(report: &Report) -> Table {
    Table {
        columns: vec![
            // The figures next to the name, so that they are in view on a narrow screen.
            Column::text("name"),
            Column::number("code"),
            Column::number("unsafe blocks"),
            Column::number("bindings:: uses"),
            Column::text("root"),
            Column::text("macro"),
            Column::text("authors"),
            Column::text("license"),
            Column::text("Kconfig"),
        ],
        rows: report
            .drivers
            .iter()
            .map(|d| {
                let name = d.name.as_deref().unwrap_or(&d.crate_name);
                let mut name_html = format!("<strong>{}</strong>", escape(name));
                if let Some(description) = &d.description {
                    let _ = write!(
                        name_html,
                        "<br><span class=\"muted\">{}</span>",
                        escape(description)
                    );
                }
                let macro_html = match (&d.macro_name, d.linked_into_c) {
                    (Some(m), _) => format!("<code>{}!</code>", escape(m)),
                    (None, true) => "<span class=\"tag\">linked into C</span>".into(),
                    (None, false) => "–".into(),
                };
                let mut kconfig_html = escape(d.kconfig.as_deref().unwrap_or("–"));
                if let Some(prompt) = &d.kconfig_prompt {
                    let _ = write!(
                        kconfig_html,
                        "<br><span class=\"muted\">{}</span>",
                        escape(prompt)
                    );
                }
                vec![
                    Cell::html(name_html),
                    Cell::count(d.figures.lines.code),
                    Cell::count(d.figures.unsafe_blocks),
                    Cell::count(d.bindings_uses),
                    Cell::path(&d.root),
                    Cell::html(macro_html),
                    Cell::text(&d.authors.join(", ")),
                    Cell::text(d.license.as_deref().unwrap_or("–")),
                    Cell::html(kconfig_html),
                ]
            })
            .collect(),
        totals: Vec::new(),
    }
}

fn drivers(report: &Report) -> String {
    let chart = drivers_chart(report);
    let table = drivers_table(report);
    let direct = report
        .drivers
        .iter()
        .filter(|d| d.bindings_uses > 0)
        .count();
    format!(
        "{}<p class=\"note\">{} of {} crates outside <code>rust/</code> call C directly through \
         <code>bindings::</code> rather than only through the kernel crate's abstractions.</p>\n{}",
        figure(&chart.svg(), ""),
        thousands(direct as u64),
        thousands(report.drivers.len() as u64),
        table.html()
    )
}

/// A collapsed list of names in `<code>`, for long lists (headers, helpers, symbols).
fn name_list(summary: &str, names: &[String]) -> String {
    collapsed_list(
        summary,
        names
            .iter()
            .map(|name| format!("<code>{}</code>", escape(name))),
    )
}

fn boundary(report: &Report) -> String {
    let b = &report.bindings;
    let others: Vec<_> = report
        .exports
        .iter()
        .filter(|e| e.kind == crate::model::report::ExportKind::Other)
        .collect();
    let lifecycle = report.exports.len() - others.len();
    let mut out = figures(&[
        Figure {
            value: thousands(b.helper_headers.len() as u64),
            label: "C headers".into(),
            detail: format!(
                "bindgen reads through bindings_helper.h (uapi: {})",
                b.uapi_headers.len()
            ),
        },
        Figure {
            value: thousands(b.helper_c_functions.len() as u64),
            label: "C helper functions".into(),
            detail: "wrap C macros and inline functions for Rust".into(),
        },
        Figure {
            value: thousands(b.distinct_names),
            label: "distinct bindings:: names".into(),
            detail: format!(
                "used anywhere; {} in the kernel crate",
                thousands(b.distinct_names_in_kernel_crate)
            ),
        },
        Figure {
            value: thousands(others.len() as u64),
            label: "Rust functions C calls".into(),
            detail: format!("besides {lifecycle} module init/exit entry points"),
        },
    ]);
    out.push_str("<h3>Rust functions exported to C</h3>\n");
    let exports = Table {
        columns: vec![
            Column::text("symbol"),
            Column::text("defined in"),
            Column::text("exported by"),
            Column::text("C use"),
            Column::text("C callers"),
        ],
        rows: others
            .iter()
            .map(|e| {
                let callers = if e.c_callers.is_empty() {
                    "–".to_string()
                } else {
                    e.c_callers
                        .iter()
                        .map(|c| format!("<code>{}</code>", escape(c)))
                        .collect::<Vec<_>>()
                        .join("<br>")
                };
                vec![
                    Cell::code(&e.symbol),
                    Cell::path(&format!("{}:{}", e.file, e.line)),
                    Cell::text(&e.via),
                    Cell::text(e.c_use.as_str()),
                    Cell::html(callers),
                ]
            })
            .collect(),
        totals: Vec::new(),
    };
    out.push_str(&exports.html());
    out.push_str("<h3>bindings:: uses by area</h3>\n");
    let uses = Table {
        columns: vec![Column::text("area"), Column::number("uses")],
        rows: b
            .uses_by_area
            .iter()
            .map(|(area, uses)| vec![Cell::text(area), Cell::count(*uses)])
            .collect(),
        totals: Vec::new(),
    };
    out.push_str(&uses.html());
    out.push_str("<h3>What Rust sees of C</h3>\n");
    out.push_str(&name_list(
        "Headers in bindings_helper.h",
        &b.helper_headers,
    ));
    out.push_str(&name_list("Headers in uapi_helper.h", &b.uapi_headers));
    out.push_str(&name_list("C helper functions", &b.helper_c_functions));
    out
}

fn platform(report: &Report) -> String {
    let t = &report.toolchain;
    let architectures = Table {
        columns: vec![Column::text("architecture"), Column::text("condition")],
        rows: report
            .architectures
            .iter()
            .map(|a| {
                vec![
                    Cell::code(&a.arch),
                    Cell::text(a.condition.as_deref().unwrap_or("always")),
                ]
            })
            .collect(),
        totals: Vec::new(),
    };
    let docs = report
        .architecture_docs
        .as_ref()
        .map_or(String::new(), |docs| {
            format!(
                "<p>{}.</p>\n",
                crate::render::report::architecture_docs_sentence(docs, |s| format!(
                    "<code>{}</code>",
                    escape(s)
                ))
            )
        });
    format!(
        "<p class=\"note\">Architectures whose Kconfig selects <code>HAVE_RUST</code>, and the \
         condition it is selected under.</p>\n{}{docs}<p>Minimum rustc <strong>{}</strong>, bindgen \
         <strong>{}</strong>. <code>rust/Makefile</code> has {} lines.</p>\n{}",
        architectures.html(),
        escape(t.rustc.as_deref().unwrap_or("unknown")),
        escape(t.bindgen.as_deref().unwrap_or("unknown")),
        thousands(t.rust_makefile_lines),
        name_list(
            "Kconfig symbols that depend on RUST",
            &t.kconfig_symbols_depending_on_rust
        )
    )
}

fn unreached(report: &Report) -> String {
    format!(
        "<p class=\"note\">No Makefile or <code>mod</code> declaration reaches these files.</p>\n{}",
        name_list("Files", &report.unreached_files)
    )
}
