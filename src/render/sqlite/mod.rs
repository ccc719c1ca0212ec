//! The report as a SQLite database (`kcensus export --sqlite`): one table per report table,
//! columns named as the JSON keys, child tables for the lists inside a row, foreign keys to
//! the row's key. The schema is `schema.sql` (documented in SCHEMA.md, "The SQLite export").
//!
//! The one place besides `cache/` that uses SQLite: the cache is an internal detail, this is
//! a published format. Deterministic: the same report gives a byte-identical file (a fixed
//! page size, no journal, rows inserted in the report's order, no timestamps).

mod sections;

use crate::model::cves::Cves;
use crate::model::report::{CodeFigures, Lines, Report, UnsafeFigures};
use anyhow::{Context, Result};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, Transaction};
use std::path::Path;

/// Version of the database's layout (`run.database_schema_version`, also SQLite's
/// `user_version`). Bumped on any incompatible change of `schema.sql`.
pub const DATABASE_SCHEMA_VERSION: u32 = 1;

/// The tables and their columns: the documented contract.
pub const SCHEMA_SQL: &str = include_str!("schema.sql");

/// The page size of every database written, so that the file does not depend on the
/// SQLite build's default.
const PAGE_SIZE: u32 = 4096;

/// What the `run` table says about the run that wrote the database.
#[derive(Debug, Clone, Copy)]
pub struct RunInfo<'a> {
    /// The input as given on the command line (directory, tarball or repository).
    pub input: &'a str,
    /// The git revision read, if any.
    pub rev: Option<&'a str>,
}

/// Everything one database holds: the report, the CVE section when asked for, the run.
#[derive(Debug, Clone, Copy)]
pub struct Database<'a> {
    /// The tree's report.
    pub report: &'a Report,
    /// The CVE join (`--cves`); its tables stay empty without it.
    pub cves: Option<&'a Cves>,
    /// The run's metadata.
    pub run: RunInfo<'a>,
}

/// Write `database` as a new SQLite file at `path` (which must not exist yet; the caller
/// writes to a temporary path and renames it).
pub fn write(path: &Path, database: &Database<'_>) -> Result<()> {
    let mut conn = Connection::open(path)
        .with_context(|| format!("cannot create the database {}", path.display()))?;
    conn.execute_batch(&format!(
        "PRAGMA page_size = {PAGE_SIZE}; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
         PRAGMA user_version = {DATABASE_SCHEMA_VERSION};"
    ))
    .and_then(|()| conn.execute_batch(SCHEMA_SQL))
    .with_context(|| format!("cannot write the database {}", path.display()))?;
    let tx = conn.transaction()?;
    fill(&tx, database).with_context(|| format!("cannot write the database {}", path.display()))?;
    tx.commit()
        .with_context(|| format!("cannot write the database {}", path.display()))?;
    conn.close()
        .map_err(|(_, e)| e)
        .with_context(|| format!("cannot write the database {}", path.display()))?;
    Ok(())
}

/// Every table, in the order of `schema.sql`.
fn fill(tx: &Transaction<'_>, database: &Database<'_>) -> Result<()> {
    let report = database.report;
    insert(
        tx,
        "run",
        [vec![
            text(env!("CARGO_PKG_VERSION")),
            int(u64::from(DATABASE_SCHEMA_VERSION)),
            int(u64::from(report.schema_version)),
            text(database.run.input),
            opt_text(database.run.rev),
            opt_text(report.kernel_version.as_deref()),
            boolean(database.cves.is_some()),
        ]],
    )?;
    insert(
        tx,
        "totals",
        [
            ("tree", &report.tree),
            ("rust", &report.rust),
            ("rust_own", &report.rust_own),
        ]
        .map(|(scope, lines)| [vec![text(scope)], line_columns(lines)].concat()),
    )?;
    insert(
        tx,
        "unsafe_totals",
        [
            ("rust", &report.unsafe_figures),
            ("rust_own", &report.unsafe_own),
        ]
        .map(|(scope, f)| [vec![text(scope)], unsafe_columns(f)].concat()),
    )?;
    let share = &report.rust_share;
    insert(
        tx,
        "rust_share",
        [vec![
            real(share.percent_of_code),
            real(share.own_percent_of_code),
            int(share.c_and_headers_code),
            real(share.percent_of_c_and_headers),
            real(share.own_percent_of_c_and_headers),
        ]],
    )?;
    insert(
        tx,
        "languages",
        report
            .languages
            .iter()
            .map(|l| [vec![text(&l.language)], line_columns(&l.lines)].concat()),
    )?;
    insert(
        tx,
        "skipped_reasons",
        report
            .skipped
            .by_reason
            .iter()
            .map(|(reason, paths)| vec![text(reason), int(*paths)]),
    )?;
    insert(
        tx,
        "skipped_files",
        report
            .skipped
            .files
            .iter()
            .map(|s| vec![text(&s.path), text(&s.reason)]),
    )?;
    tree_tables(tx, report)?;
    sections::boundary(tx, report)?;
    sections::reach(tx, &report.reach)?;
    sections::twins(tx, &report.twins)?;
    if let Some(cves) = database.cves {
        sections::cves(tx, cves)?;
    }
    Ok(())
}

/// Areas, vendored crates, crates, files, modules and drivers.
fn tree_tables(tx: &Transaction<'_>, report: &Report) -> Result<()> {
    insert(
        tx,
        "areas",
        report.areas.iter().map(|a| {
            [
                vec![name(&a.area), boolean(a.vendored)],
                figure_columns(&a.figures),
                vec![int(a.bindings_names), int(a.bindings_uses)],
            ]
            .concat()
        }),
    )?;
    insert(
        tx,
        "vendored",
        report.vendored.iter().map(|v| {
            vec![
                text(&v.path),
                text(&v.name),
                opt_text(v.version.as_deref()),
                int(v.files),
                int(v.code),
            ]
        }),
    )?;
    insert(
        tx,
        "crates",
        report.crates.iter().map(|c| {
            vec![
                text(&c.root),
                text(&c.name),
                name(&c.found_by),
                opt_text(c.kconfig.as_deref()),
                boolean(c.linked_into_c),
            ]
        }),
    )?;
    insert(
        tx,
        "crate_files",
        children(&report.crates, |c| (&c.root, &c.files)),
    )?;
    insert(
        tx,
        "files",
        report.files.iter().map(|f| {
            let lines = &f.figures.lines;
            [
                vec![
                    text(&f.path),
                    opt_text(f.crate_name.as_deref()),
                    name(&f.area),
                    text(&f.blob),
                    int(lines.blank),
                    int(lines.comment),
                    int(lines.code),
                ],
                unsafe_columns(&f.figures.unsafe_figures),
                vec![int(f.bindings_uses), int(u64::from(f.parse_errors))],
            ]
            .concat()
        }),
    )?;
    insert(
        tx,
        "unreached_files",
        report.unreached_files.iter().map(|p| vec![text(p)]),
    )?;
    insert(
        tx,
        "modules",
        report.modules.iter().map(|m| {
            [
                vec![text(&m.path), opt_text(m.doc.as_deref()), text(&m.category)],
                figure_columns(&m.figures),
                vec![int(m.bindings_uses)],
            ]
            .concat()
        }),
    )?;
    insert(
        tx,
        "module_files",
        children(&report.modules, |m| (&m.path, &m.files)),
    )?;
    insert(
        tx,
        "module_cfg",
        children(&report.modules, |m| (&m.path, &m.cfg)),
    )?;
    insert(
        tx,
        "module_maintainers",
        children(&report.modules, |m| (&m.path, &m.maintainers_entries)),
    )?;
    insert(
        tx,
        "drivers",
        report.drivers.iter().map(|d| {
            [
                vec![
                    text(&d.root),
                    text(&d.crate_name),
                    text(&d.kind),
                    opt_text(d.macro_name.as_deref()),
                    opt_text(d.name.as_deref()),
                    opt_text(d.description.as_deref()),
                    opt_text(d.license.as_deref()),
                    opt_text(d.kconfig.as_deref()),
                    opt_text(d.kconfig_prompt.as_deref()),
                    boolean(d.linked_into_c),
                ],
                figure_columns(&d.figures),
                vec![int(d.bindings_uses)],
            ]
            .concat()
        }),
    )?;
    insert(
        tx,
        "driver_files",
        children(&report.drivers, |d| (&d.root, &d.files)),
    )?;
    insert(
        tx,
        "driver_authors",
        children(&report.drivers, |d| (&d.root, &d.authors)),
    )?;
    insert(
        tx,
        "driver_bindings_names",
        children(&report.drivers, |d| (&d.root, &d.bindings_names)),
    )?;
    Ok(())
}

/// One row into `table` per item of `rows`, in their order (statement prepared once).
fn insert<R>(tx: &Transaction<'_>, table: &str, rows: R) -> Result<()>
where
    R: IntoIterator<Item = Vec<Value>>,
{
    let mut statement = None;
    for row in rows {
        let statement = match &mut statement {
            Some(statement) => statement,
            None => {
                let marks = vec!["?"; row.len()].join(", ");
                statement.insert(tx.prepare(&format!("INSERT INTO {table} VALUES ({marks})"))?)
            }
        };
        statement
            .execute(params_from_iter(row.iter()))
            .with_context(|| format!("table {table}"))?;
    }
    Ok(())
}

/// A child table's rows: (the parent's key, one item of its list) for every parent.
fn children<'a, T, F>(parents: &'a [T], list: F) -> impl Iterator<Item = Vec<Value>> + 'a
where
    F: Fn(&'a T) -> (&'a String, &'a Vec<String>) + 'a,
{
    parents.iter().flat_map(move |parent| {
        let (key, items) = list(parent);
        items.iter().map(move |item| vec![text(key), text(item)])
    })
}

/// `files, blank, comment, code`.
fn line_columns(lines: &Lines) -> Vec<Value> {
    vec![
        int(lines.files),
        int(lines.blank),
        int(lines.comment),
        int(lines.code),
    ]
}

/// A group's figures: its lines, then `unsafe_blocks` and the other `unsafe` figures.
fn figure_columns(figures: &CodeFigures) -> Vec<Value> {
    [
        line_columns(&figures.lines),
        unsafe_columns(&figures.unsafe_figures),
    ]
    .concat()
}

/// The `unsafe` figures in the order of [`UnsafeFigures`] (the blocks first: in a row they
/// are its `unsafe_blocks`).
fn unsafe_columns(f: &UnsafeFigures) -> Vec<Value> {
    vec![
        int(f.blocks),
        int(f.blocks_in_macros),
        int(f.fns),
        int(f.traits),
        int(f.impls),
        int(f.extern_blocks),
        int(f.attributes),
        int(f.lines_in_blocks),
        int(f.blocks_with_safety_comment),
        int(f.impls_with_safety_comment),
        int(f.fns_with_safety_doc),
        int(f.doctest_unsafe),
        int(f.lint_allowances),
        int(f.grep_lines),
        real(f.blocks_per_kloc),
    ]
}

/// A count as an SQLite integer (counts beyond `i64` cannot occur; saturate rather than wrap).
fn int(n: u64) -> Value {
    Value::Integer(i64::try_from(n).unwrap_or(i64::MAX))
}

fn opt_int(n: Option<u64>) -> Value {
    n.map_or(Value::Null, int)
}

fn real(x: f64) -> Value {
    Value::Real(x)
}

fn opt_real(x: Option<f64>) -> Value {
    x.map_or(Value::Null, real)
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn opt_text(s: Option<&str>) -> Value {
    s.map_or(Value::Null, text)
}

/// A boolean as SQLite stores it: 0 or 1.
fn boolean(b: bool) -> Value {
    Value::Integer(i64::from(b))
}

/// An enum as its JSON name (`rust/kernel`, `Kbuild`, `function`).
fn name<T: serde::Serialize>(value: &T) -> Value {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => Value::Text(s),
        _ => Value::Null,
    }
}
