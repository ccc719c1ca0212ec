//! `kcensus export --sqlite FILE`: the report's tables as a SQLite database (SCHEMA.md, "The
//! SQLite export"), for queries in SQL.

use super::args::{CacheArgs, CvesArgs};
use super::Outcome;
use crate::error::io_reason;
use crate::facts::ClocVersion;
use crate::model::tree::{report_input, report_with_cves, Counting};
use crate::render::sqlite::{Database, RunInfo};
use anyhow::{anyhow, Result};
use std::path::{Path, PathBuf};

/// Arguments of `kcensus export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// A kernel tree: a directory, a tarball, or a git repository with --rev.
    pub input: PathBuf,
    /// Read a git repository at this revision.
    #[arg(long)]
    pub rev: Option<String>,
    /// Write the report's tables to this SQLite database (replaced if it exists).
    #[arg(long, value_name = "FILE", required = true)]
    pub sqlite: PathBuf,
    /// The CVE records to join.
    #[command(flatten)]
    pub cves: CvesArgs,
    /// The fact cache.
    #[command(flatten)]
    pub cache: CacheArgs,
}

/// Run `kcensus export`: the database is written to a temporary file beside FILE, renamed to
/// FILE at the end, so that an error leaves no partial database (and FILE as it was).
pub fn run(args: &ExportArgs) -> Result<Outcome> {
    let target = &args.sqlite;
    // Before the tree is read: an unwritable FILE fails at once, not after minutes.
    let temporary = temporary_beside(target)?;
    let cache = args.cache.open();
    let counting = Counting {
        cloc: ClocVersion::default(),
        cache: cache.as_ref(),
    };
    let input = args.input.to_string_lossy();
    let run = RunInfo {
        input: &input,
        rev: args.rev.as_deref(),
    };
    let (report, cves) = match args.cves.input() {
        Some(vulns) => {
            let (tree, cves) =
                report_with_cves(&args.input, args.rev.as_deref(), counting, &vulns)?;
            (tree.report, Some(cves))
        }
        None => (
            report_input(&args.input, args.rev.as_deref(), counting)?.report,
            None,
        ),
    };
    let database = Database {
        report: &report,
        cves: cves.as_ref(),
        run,
    };
    crate::render::sqlite::write(temporary.path(), &database)?;
    temporary
        .persist(target)
        .map_err(|e| anyhow!("cannot write {}: {}", target.display(), io_reason(&e.error)))?;
    Ok(Outcome::success(String::new()))
}

/// An empty temporary file in FILE's folder (so the final rename stays on one file system),
/// removed when dropped unless persisted.
fn temporary_beside(target: &Path) -> Result<tempfile::NamedTempFile> {
    let folder = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // tempfile's files are private (0600); the database is an output like any other, so it
    // gets the usual mode the umask leaves (0666 before it).
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    builder
        .tempfile_in(folder)
        .map_err(|e| anyhow!("cannot write {}: {}", target.display(), io_reason(&e)))
}
