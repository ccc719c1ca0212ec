//! The report's sections beyond the tree's tables: the C↔Rust boundary, the reach into the C
//! API, the Rust rewrites beside their C originals, and the CVE join.

use super::{boolean, insert, int, name, opt_int, opt_real, opt_text, real, text};
use crate::model::cves::{Cves, RecordRate, RustRecord};
use crate::model::reach::Reach;
use crate::model::report::{Export, Report, SourceLine};
use crate::model::twins::{Twin, TwinLines, TwinSide};
use anyhow::Result;
use rusqlite::types::Value;
use rusqlite::Transaction;

/// The rows (export id, file, line) of a list of lines of each export.
fn export_lines<'a>(
    report: &'a Report,
    lines: fn(&'a Export) -> &'a [SourceLine],
) -> impl Iterator<Item = Vec<Value>> + 'a {
    report.exports.iter().zip(1..).flat_map(move |(e, id)| {
        lines(e)
            .iter()
            .map(move |l| vec![int(id), text(&l.file), int(u64::from(l.line))])
    })
}

/// Exports, bindings, architectures and the toolchain.
pub(super) fn boundary(tx: &Transaction<'_>, report: &Report) -> Result<()> {
    insert(
        tx,
        "exports",
        report.exports.iter().zip(1..).map(|(e, id)| {
            vec![
                int(id),
                text(&e.symbol),
                text(&e.file),
                int(u64::from(e.line)),
                name(&e.kind),
                text(&e.via),
                text(e.c_use.as_str()),
            ]
        }),
    )?;
    insert(
        tx,
        "export_c_callers",
        report.exports.iter().zip(1..).flat_map(|(e, id)| {
            e.c_callers
                .iter()
                .map(move |caller| vec![int(id), text(caller)])
        }),
    )?;
    insert(
        tx,
        "export_referenced_by_c",
        export_lines(report, |e| &e.referenced_by_c),
    )?;
    insert(
        tx,
        "export_handed_to_c",
        export_lines(report, |e| &e.handed_to_c),
    )?;
    let bindings = &report.bindings;
    insert(
        tx,
        "bindings",
        [vec![
            int(bindings.distinct_names),
            int(bindings.distinct_names_in_kernel_crate),
        ]],
    )?;
    insert(
        tx,
        "bindings_headers",
        (bindings.helper_headers.iter().map(|h| ("helper", h)))
            .chain(bindings.uapi_headers.iter().map(|h| ("uapi", h)))
            .map(|(kind, header)| vec![text(kind), text(header)]),
    )?;
    insert(
        tx,
        "bindings_helper_c_functions",
        bindings.helper_c_functions.iter().map(|f| vec![text(f)]),
    )?;
    insert(
        tx,
        "bindings_uses_by_area",
        bindings
            .uses_by_area
            .iter()
            .map(|(area, uses)| vec![text(area), int(*uses)]),
    )?;
    insert(
        tx,
        "architectures",
        report
            .architectures
            .iter()
            .map(|a| vec![text(&a.arch), opt_text(a.condition.as_deref())]),
    )?;
    insert(
        tx,
        "architecture_conditions",
        report.architectures.iter().flat_map(|a| {
            a.conditions
                .iter()
                .map(move |c| vec![text(&a.arch), opt_text(c.as_deref())])
        }),
    )?;
    if let Some(docs) = &report.architecture_docs {
        insert(tx, "architecture_docs", [vec![text(&docs.path)]])?;
        insert(
            tx,
            "architecture_docs_archs",
            [
                ("documented", &docs.documented),
                ("undocumented", &docs.undocumented),
                ("documented_only", &docs.documented_only),
            ]
            .into_iter()
            .flat_map(|(list, archs)| {
                archs
                    .iter()
                    .map(move |arch| vec![text(&docs.path), text(list), text(arch)])
            }),
        )?;
    }
    let toolchain = &report.toolchain;
    insert(
        tx,
        "toolchain",
        [vec![
            opt_text(toolchain.rustc.as_deref()),
            opt_text(toolchain.bindgen.as_deref()),
            int(toolchain.rust_makefile_lines),
        ]],
    )?;
    insert(
        tx,
        "toolchain_rust_symbols",
        toolchain
            .kconfig_symbols_depending_on_rust
            .iter()
            .map(|s| vec![text(s)]),
    )
}

/// `reach` and its lists.
pub(super) fn reach(tx: &Transaction<'_>, reach: &Reach) -> Result<()> {
    let structs = &reach.structs;
    insert(
        tx,
        "reach",
        [vec![
            int(reach.exported_c_symbols),
            int(reach.exported_c_functions),
            int(reach.exported_c_variables),
            int(reach.exported_c_unknown),
            int(reach.c_functions_called),
            int(reach.via_helpers),
            int(reach.exported_called_from_rust),
            real(reach.share),
            int(structs.bound_headers),
            int(structs.defined_in_bound_headers),
            int(structs.named_from_rust),
            real(structs.share),
            int(structs.named_from_rust_any_header),
        ]],
    )?;
    insert(
        tx,
        "reach_exports_by_macro",
        reach
            .exports_by_macro
            .iter()
            .map(|(m, n)| vec![text(m), int(*n)]),
    )?;
    insert(
        tx,
        "reach_by_subsystem",
        reach.by_subsystem.iter().map(|s| {
            vec![
                text(&s.subsystem),
                int(s.exported),
                int(s.called_from_rust),
                real(s.share),
            ]
        }),
    )?;
    insert(
        tx,
        "reach_called",
        reach.called.iter().map(|c| {
            vec![
                text(&c.name),
                opt_text(c.via_helper.as_deref()),
                boolean(c.exported),
                text(&c.kind),
                opt_text(c.file.as_deref()),
                opt_text(c.subsystem.as_deref()),
                int(c.rust_files),
            ]
        }),
    )?;
    insert(
        tx,
        "reach_chains",
        reach.chains.iter().zip(1..).map(|(c, id)| {
            vec![
                int(id),
                text(&c.rust),
                text(&c.kind),
                int(c.direct_c_functions),
            ]
        }),
    )?;
    insert(
        tx,
        "reach_chain_modules",
        reach
            .chains
            .iter()
            .zip(1..)
            .flat_map(|(c, id)| c.kernel_modules.iter().map(move |m| vec![int(id), text(m)])),
    )?;
    insert(
        tx,
        "reach_chain_subsystems",
        reach.chains.iter().zip(1..).flat_map(|(c, id)| {
            c.subsystems
                .iter()
                .map(move |(s, n)| vec![int(id), text(s), int(*n)])
        }),
    )
}

/// `twins`: a row per pair, a row per side, and the sides' lists.
pub(super) fn twins(tx: &Transaction<'_>, twins: &[Twin]) -> Result<()> {
    insert(
        tx,
        "twins",
        twins.iter().zip(1..).map(|(t, id)| {
            vec![
                int(id),
                text(&t.name),
                real(t.rust_to_c_code),
                text(&t.sentence),
            ]
        }),
    )?;
    let sides = || {
        twins
            .iter()
            .zip(1u64..)
            .flat_map(|(t, id)| [(id, "rust", &t.rust), (id, "c", &t.c)])
    };
    insert(
        tx,
        "twin_sides",
        sides().map(|(id, side, s)| side_row(id, side, s)),
    )?;
    insert(
        tx,
        "twin_side_modules",
        sides().flat_map(|(id, side, s)| {
            s.modules
                .iter()
                .map(move |m| vec![int(id), text(side), text(m)])
        }),
    )?;
    insert(
        tx,
        "twin_side_cves",
        sides().flat_map(|(id, side, s)| {
            s.cves
                .iter()
                .flatten()
                .map(move |c| vec![int(id), text(side), text(c)])
        }),
    )?;
    insert(
        tx,
        "twin_files",
        sides().flat_map(|(id, side, s)| {
            s.files.iter().map(move |f| {
                vec![
                    int(id),
                    text(side),
                    text(&f.path),
                    text(&f.language),
                    text(&f.role),
                    int(f.blank),
                    int(f.comment),
                    int(f.code),
                    opt_int(f.functions),
                ]
            })
        }),
    )?;
    insert(
        tx,
        "twin_evidence",
        twins.iter().zip(1..).flat_map(|(t, id)| {
            t.evidence.iter().map(move |e| {
                vec![
                    int(id),
                    text(&e.rule),
                    text(&e.file),
                    int(e.line as u64),
                    text(&e.detail),
                ]
            })
        }),
    )
}

/// One side of a pair: its Kconfig symbol, its lines (all, Rust, C) and figures.
fn side_row(id: u64, side: &str, s: &TwinSide) -> Vec<Value> {
    let lines = |l: &TwinLines| [int(l.files), int(l.blank), int(l.comment), int(l.code)];
    [
        vec![
            int(id),
            text(side),
            text(&s.symbol),
            opt_text(s.prompt.as_deref()),
            text(&s.kconfig_file),
            int(s.kconfig_line as u64),
        ],
        lines(&s.lines).to_vec(),
        lines(&s.rust_lines).to_vec(),
        lines(&s.c_lines).to_vec(),
        vec![
            opt_int(s.functions),
            int(s.unsafe_blocks),
            real(s.unsafe_blocks_per_kloc),
            int(s.blocks_with_safety_comment),
            opt_real(s.safety_comment_percent),
            int(s.bindings_uses),
            opt_int(s.c_api_functions_called),
        ],
    ]
    .concat()
}

/// The CVE join (`--cves`).
pub(super) fn cves(tx: &Transaction<'_>, cves: &Cves) -> Result<()> {
    insert(
        tx,
        "cves",
        [vec![
            text(&cves.source.path),
            int(cves.source.records),
            opt_text(cves.source.newest.as_deref()),
            opt_text(cves.tree_version.as_deref()),
            int(cves.records_in_tree),
            int(cves.memory_safety),
            real(cves.memory_safety_percent),
        ]],
    )?;
    insert(
        tx,
        "cves_skipped",
        cves.source
            .skipped
            .iter()
            .map(|s| vec![text(&s.path), text(&s.reason)]),
    )?;
    let rate = |key: &str, r: &RecordRate| {
        vec![
            text(key),
            int(r.records),
            int(r.code),
            real(r.per_million_lines),
            int(r.memory_safety),
            real(r.memory_safety_percent),
        ]
    };
    insert(
        tx,
        "cves_by_language",
        cves.by_language.iter().map(|l| rate(&l.language, &l.rate)),
    )?;
    insert(
        tx,
        "cves_by_area",
        cves.by_area.iter().map(|a| rate(&a.area, &a.rate)),
    )?;
    insert(
        tx,
        "cves_by_class",
        cves.by_class
            .iter()
            .map(|c| vec![text(&c.class), int(c.records)]),
    )?;
    insert(
        tx,
        "cves_by_class_language",
        cves.by_class.iter().flat_map(|c| {
            c.by_language
                .iter()
                .map(|(l, n)| vec![text(&c.class), text(l), int(*n)])
        }),
    )?;
    insert(
        tx,
        "cves_by_fix_release",
        cves.by_fix_release.iter().flat_map(|f| {
            f.by_language
                .iter()
                .map(|(l, n)| vec![text(&f.release), text(l), int(*n)])
        }),
    )?;
    rust_records(tx, cves)
}

/// One list of a Rust record (its files, releases, classes).
type RecordList = fn(&RustRecord) -> &Vec<String>;

/// `cves.rust` and its lists, `cves.affecting_this_tree` and its languages.
fn rust_records(tx: &Transaction<'_>, cves: &Cves) -> Result<()> {
    insert(
        tx,
        "cves_rust",
        cves.rust.iter().map(|r| {
            vec![
                text(&r.id),
                text(&r.title),
                text(&r.area),
                opt_text(r.crate_name.as_deref()),
                opt_text(r.driver.as_deref()),
                opt_text(r.fixed.as_deref()),
                opt_real(r.cvss),
                int(r.unsafe_blocks),
            ]
        }),
    )?;
    let lists: [(&str, RecordList); 3] = [
        ("cves_rust_files", |r| &r.files),
        ("cves_rust_introduced", |r| &r.introduced),
        ("cves_rust_classes", |r| &r.classes),
    ];
    for (table, list) in lists {
        insert(
            tx,
            table,
            cves.rust
                .iter()
                .flat_map(|r| list(r).iter().map(|item| vec![text(&r.id), text(item)])),
        )?;
    }
    insert(
        tx,
        "cves_affecting",
        cves.affecting_this_tree
            .iter()
            .map(|r| vec![text(&r.id), text(&r.title), opt_text(r.fixed.as_deref())]),
    )?;
    insert(
        tx,
        "cves_affecting_languages",
        cves.affecting_this_tree
            .iter()
            .flat_map(|r| r.languages.iter().map(|l| vec![text(&r.id), text(l)])),
    )
}
