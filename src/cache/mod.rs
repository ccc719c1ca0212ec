//! The fact cache: per-file facts keyed by git blob id, and whole-tree reports keyed by tree,
//! in one SQLite database that users may query (its tables are documented in SCHEMA.md).
//!
//! Per-file facts are pure functions of a file's bytes (and, for the language, of its name),
//! so a blob analysed once never needs analysing again, whatever tree or release it is met
//! in. Every row carries the fingerprint of the code that computed it (see build.rs): a
//! build that would compute something else never reads it.
//!
//! Invariants:
//! - A cache can only make a run faster, never change its output: a hit gives exactly what
//!   the computation would give (same fingerprint), a miss computes.
//! - Writes are batched in transactions in WAL mode: a run killed at any point leaves every
//!   row either fully written or absent, so the next run finds a usable cache. Two processes
//!   may share one database (SQLite's locking, with a busy timeout).
//! - A cache that cannot be read or written degrades to computing, with one warning on
//!   stderr: the report never depends on the cache working.

pub mod c_facts;
pub mod census_facts;
mod codec;

use crate::facts::languages::ClocVersion;
use crate::facts::rust::RustFacts;
use crate::facts::{FileFacts, LineCounts};
use crate::source::BlobId;
use anyhow::{Context, Result};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

/// Version of the database layout; a database of another layout is rebuilt empty.
const LAYOUT_VERSION: &str = "3";

/// Fingerprint of the per-file fact code (build.rs).
pub const FACTS_FINGERPRINT: &str = env!("KCENSUS_FACTS_FINGERPRINT");

/// Fingerprint of the whole-tree report code (build.rs).
pub const TREE_FINGERPRINT: &str = env!("KCENSUS_TREE_FINGERPRINT");

/// The fingerprint of facts that depend on the cloc rules (a file's language and lines, a
/// tree's report): the code's `base`, and the cloc version unless it is the default one, so
/// that facts taken under one cloc's rules are never served under another's (and a cache
/// filled by the default rules stays valid).
fn cloc_fingerprint(base: &'static str, cloc: ClocVersion) -> std::borrow::Cow<'static, str> {
    if cloc == ClocVersion::default() {
        base.into()
    } else {
        format!("{base} cloc {}", cloc.name()).into()
    }
}

/// Pending rows are written once this many have gathered.
const BATCH: usize = 4096;

/// The tables, as created; SCHEMA.md documents them.
const CREATE: &str = "
CREATE TABLE IF NOT EXISTS meta(
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS file_facts(
    blob BLOB NOT NULL,
    name TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    size INTEGER NOT NULL,
    language TEXT,
    blank INTEGER,
    comment INTEGER,
    code INTEGER,
    not_counted TEXT,
    PRIMARY KEY(blob, name, fingerprint)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rust_facts(
    blob BLOB NOT NULL,
    fingerprint TEXT NOT NULL,
    facts TEXT NOT NULL,
    PRIMARY KEY(blob, fingerprint)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS c_calls(
    blob BLOB NOT NULL,
    symbols BLOB NOT NULL,
    fingerprint TEXT NOT NULL,
    called TEXT NOT NULL,
    PRIMARY KEY(blob, symbols, fingerprint)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS c_scans(
    symbols BLOB NOT NULL,
    fingerprint TEXT NOT NULL,
    files BLOB NOT NULL,
    PRIMARY KEY(symbols, fingerprint)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS c_facts(
    names BLOB NOT NULL,
    fingerprint TEXT NOT NULL,
    files BLOB NOT NULL,
    PRIMARY KEY(names, fingerprint)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS census_facts(
    place TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    written INTEGER NOT NULL,
    files BLOB NOT NULL,
    PRIMARY KEY(place, fingerprint)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS trees(
    tree TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    kernel_version TEXT,
    report TEXT NOT NULL,
    PRIMARY KEY(tree, fingerprint)) WITHOUT ROWID;
";

/// An open fact cache, shared by the threads of one run.
pub struct Cache {
    path: PathBuf,
    connection: Mutex<Connection>,
    pending: Mutex<Vec<Row>>,
    /// The first failure met, warned about once.
    warned: OnceLock<()>,
    /// Whose rules the line facts and tree reports read and written are taken by.
    cloc: ClocVersion,
}

/// A row waiting to be written.
enum Row {
    FileFacts {
        blob: BlobId,
        name: String,
        size: u64,
        facts: FileFacts,
        cloc: ClocVersion,
    },
    RustFacts {
        blob: BlobId,
        json: String,
    },
    CCalls {
        blob: BlobId,
        symbols: [u8; 20],
        called: String,
    },
}

impl Cache {
    /// The default database: `$XDG_CACHE_HOME/kcensus/facts.sqlite`, or
    /// `~/.cache/kcensus/facts.sqlite`.
    pub fn default_path() -> Option<PathBuf> {
        let base = std::env::var_os("XDG_CACHE_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
        Some(base.join("kcensus").join("facts.sqlite"))
    }

    /// Open (creating if needed) the database at `path`. A path that exists and is not a
    /// regular file (a folder, `/dev/null`, a FIFO) is refused before SQLite sees it: SQLite
    /// would create its journal beside it (`/dev/null-journal`) or wait on the FIFO.
    pub fn open(path: &Path) -> Result<Cache> {
        match std::fs::metadata(path) {
            Ok(meta) if !meta.is_file() => {
                anyhow::bail!("cache {}: not a regular file", path.display())
            }
            _ => {}
        }
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cache {}: cannot create its folder", path.display()))?;
        }
        let connection = Connection::open(path)
            .and_then(|mut c| prepare(&mut c).map(|()| c))
            .with_context(|| format!("cache {}", path.display()))?;
        Ok(Cache {
            path: path.to_path_buf(),
            connection: Mutex::new(connection),
            pending: Mutex::default(),
            warned: OnceLock::new(),
            cloc: ClocVersion::default(),
        })
    }

    /// This cache, reading and writing the line facts and tree reports of cloc `cloc`'s rules
    /// (cloc 1.96's unless set).
    pub fn with_cloc(mut self, cloc: ClocVersion) -> Cache {
        self.cloc = cloc;
        self
    }

    /// Whose rules the line facts and tree reports it reads and writes are taken by.
    pub fn cloc(&self) -> ClocVersion {
        self.cloc
    }

    /// Where the database is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The cached facts of a blob met under the file name `name` (its last path component:
    /// the language depends on it), with the blob's size.
    pub fn file_facts(&self, blob: &BlobId, name: &str) -> Option<(FileFacts, u64)> {
        let row = self.query(|c| {
            c.prepare_cached(
                "SELECT size, language, blank, comment, code, not_counted FROM file_facts
                 WHERE blob = ?1 AND name = ?2 AND fingerprint = ?3",
            )?
            .query_row(
                params![
                    &blob.0[..],
                    name,
                    cloc_fingerprint(FACTS_FINGERPRINT, self.cloc)
                ],
                |r| {
                    Ok((
                        r.get::<_, u64>(0)?,
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, Option<u64>>(2)?,
                        r.get::<_, Option<u64>>(3)?,
                        r.get::<_, Option<u64>>(4)?,
                        r.get::<_, Option<String>>(5)?,
                    ))
                },
            )
            .optional()
        })??;
        let (size, language, blank, comment, code, not_counted) = row;
        let facts = match (language, not_counted) {
            (Some(language), None) => FileFacts::Counted {
                language: self.cloc.table().language_named(&language)?,
                lines: LineCounts {
                    blank: blank?,
                    comment: comment?,
                    code: code?,
                },
            },
            (None, Some(reason)) => FileFacts::NotCounted(intern(reason)),
            _ => return None,
        };
        Some((facts, size))
    }

    /// Remember the facts of a blob met under `name`.
    pub fn put_file_facts(&self, blob: BlobId, name: &str, size: u64, facts: &FileFacts) {
        self.push(Row::FileFacts {
            blob,
            name: name.to_string(),
            size,
            facts: facts.clone(),
            cloc: self.cloc,
        });
    }

    /// The cached Rust facts of a blob.
    pub fn rust_facts(&self, blob: &BlobId) -> Option<RustFacts> {
        let json: String = self.query(|c| {
            c.prepare_cached("SELECT facts FROM rust_facts WHERE blob = ?1 AND fingerprint = ?2")?
                .query_row(params![&blob.0[..], FACTS_FINGERPRINT], |r| r.get(0))
                .optional()
        })??;
        serde_json::from_str(&json).ok()
    }

    /// Whether the Rust facts of a blob are cached (without reading them back).
    pub fn has_rust_facts(&self, blob: &BlobId) -> bool {
        self.query(|c| {
            c.prepare_cached("SELECT 1 FROM rust_facts WHERE blob = ?1 AND fingerprint = ?2")?
                .exists(params![&blob.0[..], FACTS_FINGERPRINT])
        })
        .unwrap_or(false)
    }

    /// Remember the Rust facts of a blob.
    pub fn put_rust_facts(&self, blob: BlobId, facts: &RustFacts) {
        if let Ok(json) = serde_json::to_string(facts) {
            self.push(Row::RustFacts { blob, json });
        }
    }

    /// Which of a set of symbols (identified by `symbols`, a digest of the set) a C blob
    /// calls, as found before.
    pub fn c_calls(&self, blob: &BlobId, symbols: &[u8; 20]) -> Option<Vec<String>> {
        let called: String = self.query(|c| {
            c.prepare_cached(
                "SELECT called FROM c_calls WHERE blob = ?1 AND symbols = ?2 AND fingerprint = ?3",
            )?
            .query_row(params![&blob.0[..], &symbols[..], FACTS_FINGERPRINT], |r| {
                r.get(0)
            })
            .optional()
        })??;
        Some(
            called
                .split('\n')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        )
    }

    /// Remember which of a set of symbols a C blob calls.
    pub fn put_c_calls(&self, blob: BlobId, symbols: [u8; 20], called: &[String]) {
        self.push(Row::CCalls {
            blob,
            symbols,
            called: called.join("\n"),
        });
    }

    /// The C files searched before for a set of symbols (`symbols`, a digest of the set),
    /// by content. Empty when there are none (or the row cannot be read).
    pub fn c_scans(&self, symbols: &[u8; 20]) -> CScans {
        self.query(|c| {
            c.prepare_cached("SELECT files FROM c_scans WHERE symbols = ?1 AND fingerprint = ?2")?
                .query_row(params![&symbols[..], FACTS_FINGERPRINT], |r| {
                    r.get::<_, Vec<u8>>(0)
                })
                .optional()
        })
        .flatten()
        .and_then(|bytes| CScans::decode(&bytes))
        .unwrap_or_default()
    }

    /// Add `found` to the C files searched for a set of symbols. Read, merged and written in
    /// one transaction, so that two runs adding at once both keep their files.
    pub fn add_c_scans(&self, symbols: [u8; 20], found: CScans) {
        if found.0.is_empty() {
            return;
        }
        self.write(|c| {
            let transaction = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut merged = transaction
                .query_row(
                    "SELECT files FROM c_scans WHERE symbols = ?1 AND fingerprint = ?2",
                    params![&symbols[..], FACTS_FINGERPRINT],
                    |r| r.get::<_, Vec<u8>>(0),
                )
                .optional()?
                .and_then(|bytes| CScans::decode(&bytes))
                .unwrap_or_default();
            merged.0.extend(found.0);
            transaction.execute(
                "INSERT OR REPLACE INTO c_scans(symbols, fingerprint, files) VALUES (?1, ?2, ?3)",
                params![&symbols[..], FACTS_FINGERPRINT, merged.encode()],
            )?;
            transaction.commit()
        });
    }

    /// The report JSON of a whole tree (`tree`: a key that names its content exactly, e.g. a
    /// git tree id), as computed by this build.
    pub fn tree_report(&self, tree: &str) -> Option<String> {
        self.query(|c| {
            c.prepare_cached("SELECT report FROM trees WHERE tree = ?1 AND fingerprint = ?2")?
                .query_row(
                    params![tree, cloc_fingerprint(TREE_FINGERPRINT, self.cloc)],
                    |r| r.get(0),
                )
                .optional()
        })?
    }

    /// Remember the report JSON of a whole tree. Written at once, after the pending rows.
    pub fn put_tree_report(&self, tree: &str, kernel_version: Option<&str>, report: &str) {
        self.flush();
        self.write(|c| {
            c.execute(
                "INSERT OR REPLACE INTO trees(tree, fingerprint, kernel_version, report)
                 VALUES (?1, ?2, ?3, ?4)",
                params![
                    tree,
                    cloc_fingerprint(TREE_FINGERPRINT, self.cloc),
                    kernel_version,
                    report
                ],
            )
            .map(|_| ())
        });
    }

    /// Write every pending row, in one transaction.
    pub fn flush(&self) {
        let rows = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()));
        if rows.is_empty() {
            return;
        }
        self.write(|c| {
            // IMMEDIATE: take the write lock at the start, so that a second process waits
            // (busy timeout) instead of failing on upgrading a read.
            let transaction = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            for row in &rows {
                insert(&transaction, row)?;
            }
            transaction.commit()
        });
    }

    fn push(&self, row: Row) {
        let full = {
            let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
            pending.push(row);
            pending.len() >= BATCH
        };
        if full {
            self.flush();
        }
    }

    /// Run a read; a failure is warned about once and reads as a miss.
    fn query<T>(&self, read: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> Option<T> {
        let connection = self.connection.lock().unwrap_or_else(|e| e.into_inner());
        match read(&connection) {
            Ok(value) => Some(value),
            Err(e) => {
                self.warn(&e);
                None
            }
        }
    }

    /// Run a write; a failure is warned about once and otherwise ignored (the run's output
    /// does not depend on it).
    fn write(&self, change: impl FnOnce(&mut Connection) -> rusqlite::Result<()>) {
        let mut connection = self.connection.lock().unwrap_or_else(|e| e.into_inner());
        if let Err(e) = change(&mut connection) {
            self.warn(&e);
        }
    }

    fn warn(&self, error: &rusqlite::Error) {
        if self.warned.set(()).is_ok() {
            crate::error::warn(&format!(
                "cache {}: {error} (results are computed instead)",
                self.path.display()
            ));
        }
    }
}

impl Drop for Cache {
    fn drop(&mut self) {
        self.flush();
    }
}

/// Set the connection up: WAL, a busy timeout for a second process, the tables; a database
/// of another layout is emptied.
fn prepare(connection: &mut Connection) -> rusqlite::Result<()> {
    connection.busy_timeout(Duration::from_secs(60))?;
    connection.pragma_update(None, "journal_mode", "WAL")?;
    connection.pragma_update(None, "synchronous", "NORMAL")?;
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    transaction.execute_batch(
        "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);",
    )?;
    let layout: Option<String> = transaction
        .query_row("SELECT value FROM meta WHERE key = 'layout'", [], |r| {
            r.get(0)
        })
        .optional()?;
    if layout.as_deref() != Some(LAYOUT_VERSION) {
        // Another layout's tables may have other columns: dropped, then made anew.
        for table in [
            "file_facts",
            "rust_facts",
            "c_calls",
            "c_scans",
            "c_facts",
            "census_facts",
            "trees",
        ] {
            transaction.execute(&format!("DROP TABLE IF EXISTS {table}"), [])?;
        }
        transaction.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('layout', ?1)",
            [LAYOUT_VERSION],
        )?;
    }
    transaction.execute_batch(CREATE)?;
    transaction.commit()
}

fn insert(connection: &Connection, row: &Row) -> rusqlite::Result<()> {
    match row {
        Row::FileFacts {
            blob,
            name,
            size,
            facts,
            cloc,
        } => {
            let (language, lines, reason) = match facts {
                FileFacts::Counted { language, lines } => (Some(language.name), Some(*lines), None),
                FileFacts::NotCounted(reason) => (None, None, Some(*reason)),
            };
            connection
                .prepare_cached(
                    "INSERT OR IGNORE INTO file_facts
                     (blob, name, fingerprint, size, language, blank, comment, code, not_counted)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )?
                .execute(params![
                    &blob.0[..],
                    name,
                    cloc_fingerprint(FACTS_FINGERPRINT, *cloc),
                    size,
                    language,
                    lines.map(|l| l.blank),
                    lines.map(|l| l.comment),
                    lines.map(|l| l.code),
                    reason,
                ])?;
        }
        Row::RustFacts { blob, json } => {
            connection
                .prepare_cached(
                    "INSERT OR IGNORE INTO rust_facts(blob, fingerprint, facts) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![&blob.0[..], FACTS_FINGERPRINT, json])?;
        }
        Row::CCalls {
            blob,
            symbols,
            called,
        } => {
            connection
                .prepare_cached(
                    "INSERT OR IGNORE INTO c_calls(blob, symbols, fingerprint, called)
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![
                    &blob.0[..],
                    &symbols[..],
                    FACTS_FINGERPRINT,
                    called
                ])?;
        }
    }
    Ok(())
}

/// A map by content key (size, XXH3-128 or the first 16 bytes of a git blob id). The key is a
/// hash already, so the map hashes it with Fx, not SipHash: a warm report decodes and looks up
/// some 60,000 keys of each such map, and SipHash was most of that time.
pub type ContentMap<V> = HashMap<(u64, u128), V, rustc_hash::FxBuildHasher>;

/// Which C files a search for a set of symbols looked at, by content, and what each calls:
/// (size, XXH3-128 of the bytes) → indexes of the called symbols in the set, sorted by name.
///
/// The content key is what the census computes anyway for cloc's duplicate test, so a
/// directory's C files are recognised without hashing them again. XXH3-128 is not a
/// cryptographic hash: two different files with the same size and hash would share a result.
/// That takes a deliberate collision in the user's own tree, and costs a wrong caller list in
/// the user's own cache, never a crash.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CScans(pub ContentMap<Vec<u16>>);

impl CScans {
    /// One record per file, sorted by key (so equal maps encode alike): size (u64), hash
    /// (u128), number of called symbols (u16), their indexes (u16 each); little-endian.
    fn encode(&self) -> Vec<u8> {
        let mut keys: Vec<&(u64, u128)> = self.0.keys().collect();
        keys.sort_unstable();
        let mut out = Vec::with_capacity(keys.len() * 26);
        for key in keys {
            let called = &self.0[key];
            out.extend_from_slice(&key.0.to_le_bytes());
            out.extend_from_slice(&key.1.to_le_bytes());
            out.extend_from_slice(&(called.len() as u16).to_le_bytes());
            for index in called {
                out.extend_from_slice(&index.to_le_bytes());
            }
        }
        out
    }

    /// The inverse of [`CScans::encode`]; `None` for bytes it did not write.
    fn decode(mut bytes: &[u8]) -> Option<CScans> {
        use codec::take;
        // A record is at least 26 bytes; reserving for the most there can be saves the map's
        // growth (rehashing every record again) as it fills.
        let mut scans = ContentMap::with_capacity_and_hasher(bytes.len() / 26, Default::default());
        while !bytes.is_empty() {
            let size = u64::from_le_bytes(take(&mut bytes)?);
            let hash = u128::from_le_bytes(take(&mut bytes)?);
            let count = u16::from_le_bytes(take(&mut bytes)?);
            let called = (0..count)
                .map(|_| take(&mut bytes).map(u16::from_le_bytes))
                .collect::<Option<Vec<u16>>>()?;
            scans.insert((size, hash), called);
        }
        Some(CScans(scans))
    }
}

/// A reason read back from the database as the `&'static str` [`FileFacts::NotCounted`]
/// holds. The reasons are a small fixed set, so each distinct one is allocated once.
fn intern(reason: String) -> &'static str {
    static SEEN: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut seen = SEEN
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(&known) = seen.get(reason.as_str()) {
        return known;
    }
    let leaked: &'static str = Box::leak(reason.into_boxed_str());
    seen.insert(leaked);
    leaked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::file_facts;
    use crate::source::git_blob_id;

    #[test]
    fn facts_read_back_as_written_and_survive_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.sqlite");
        let source = b"// one\nfn main() {}\n\n";
        let blob = git_blob_id(source);
        let facts = file_facts("main.rs", source);
        let rust = crate::facts::rust::rust_facts(b"fn f() { unsafe { g() } }\n");
        {
            let cache = Cache::open(&path).unwrap();
            assert!(cache.file_facts(&blob, "main.rs").is_none());
            cache.put_file_facts(blob, "main.rs", source.len() as u64, &facts);
            cache.put_file_facts(
                blob,
                "README",
                source.len() as u64,
                &file_facts("README", source),
            );
            cache.put_rust_facts(blob, &rust);
            cache.put_c_calls(blob, [7; 20], &["a".into(), "b".into()]);
        }
        let cache = Cache::open(&path).unwrap();
        let (back, size) = cache.file_facts(&blob, "main.rs").unwrap();
        assert_eq!(size, source.len() as u64);
        match (back, facts) {
            (
                FileFacts::Counted { language, lines },
                FileFacts::Counted {
                    language: l2,
                    lines: n2,
                },
            ) => {
                assert_eq!(language.name, l2.name);
                assert_eq!((lines.blank, lines.comment, lines.code), (1, 1, 1));
                assert_eq!(lines, n2);
            }
            other => panic!("unexpected {other:?}"),
        }
        // The same blob under another name is another row (the name decides the language).
        assert!(matches!(
            cache.file_facts(&blob, "README"),
            Some((FileFacts::NotCounted(_), _))
        ));
        assert_eq!(cache.rust_facts(&blob).unwrap(), rust);
        assert_eq!(rust.unsafe_counts.blocks, 1);
        assert_eq!(cache.c_calls(&blob, &[7; 20]).unwrap(), vec!["a", "b"]);
        assert!(cache.c_calls(&blob, &[8; 20]).is_none());
    }

    /// Facts and reports taken by one cloc's rules are never served to a run of another's: a
    /// `.j2` file is counted by cloc 2.04 (Jinja) and not by cloc 1.96.
    #[test]
    fn facts_are_kept_apart_by_cloc_version() {
        use crate::facts::file_facts_as;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.sqlite");
        let source = b"{{ x }}\n";
        let blob = git_blob_id(source);
        let newer = file_facts_as(ClocVersion::V2_04, "a.j2", source);
        assert!(matches!(newer, FileFacts::Counted { .. }));
        let cache = Cache::open(&path).unwrap().with_cloc(ClocVersion::V2_04);
        cache.put_file_facts(blob, "a.j2", source.len() as u64, &newer);
        cache.put_tree_report("git-tree:1", None, "{\"cloc\":\"2.04\"}");
        cache.flush();
        assert!(cache.file_facts(&blob, "a.j2").is_some());
        let default = Cache::open(&path).unwrap();
        assert!(default.file_facts(&blob, "a.j2").is_none());
        assert!(default.tree_report("git-tree:1").is_none());
        let other = Cache::open(&path).unwrap().with_cloc(ClocVersion::V2_08);
        assert!(other.file_facts(&blob, "a.j2").is_none());
        let same = Cache::open(&path).unwrap().with_cloc(ClocVersion::V2_04);
        assert!(same.file_facts(&blob, "a.j2").is_some());
        assert!(same.tree_report("git-tree:1").is_some());
    }

    #[test]
    fn a_database_of_another_layout_is_emptied() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.sqlite");
        let blob = git_blob_id(b"x\n");
        {
            let cache = Cache::open(&path).unwrap();
            cache.put_tree_report("t", Some("7.3.4"), "{}");
            assert_eq!(cache.tree_report("t").as_deref(), Some("{}"));
            cache.put_file_facts(blob, "x.c", 2, &file_facts("x.c", b"x\n"));
        }
        Connection::open(&path)
            .unwrap()
            .execute("UPDATE meta SET value = 'old' WHERE key = 'layout'", [])
            .unwrap();
        let cache = Cache::open(&path).unwrap();
        assert!(cache.tree_report("t").is_none());
        assert!(cache.file_facts(&blob, "x.c").is_none());
    }

    #[test]
    fn a_database_of_layout_1_is_rebuilt_with_the_new_columns() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.sqlite");
        Connection::open(&path)
            .unwrap()
            .execute_batch(
                "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                 INSERT INTO meta VALUES ('layout', '1');
                 CREATE TABLE c_calls(blob BLOB NOT NULL, symbols BLOB NOT NULL,
                     called TEXT NOT NULL, PRIMARY KEY(blob, symbols)) WITHOUT ROWID;
                 INSERT INTO c_calls VALUES (x'00', x'00', 'stale');",
            )
            .unwrap();
        let blob = git_blob_id(b"int f(void);\n");
        let cache = Cache::open(&path).unwrap();
        cache.put_c_calls(blob, [1; 20], &["f".into()]);
        cache.flush();
        assert_eq!(cache.c_calls(&blob, &[1; 20]).unwrap(), ["f"]);
        let mut found = CScans::default();
        found.0.insert((13, 99), vec![0, 2]);
        found.0.insert((7, 1), vec![]);
        cache.add_c_scans([1; 20], found.clone());
        assert_eq!(cache.c_scans(&[1; 20]), found);
        assert_eq!(cache.c_scans(&[2; 20]), CScans::default());
        // Adding merges with what is there.
        let mut more = CScans::default();
        more.0.insert((5, 5), vec![1]);
        cache.add_c_scans([1; 20], more);
        assert_eq!(cache.c_scans(&[1; 20]).0.len(), 3);
    }

    #[test]
    fn c_scans_encode_and_decode() {
        let mut scans = CScans::default();
        scans.0.insert((u64::MAX, u128::MAX), vec![u16::MAX, 0]);
        scans.0.insert((0, 0), vec![]);
        let bytes = scans.encode();
        assert_eq!(bytes.len(), 26 + 4 + 26);
        assert_eq!(CScans::decode(&bytes), Some(scans));
        // Bytes it did not write (cut short) are refused, not misread.
        assert_eq!(CScans::decode(&bytes[..bytes.len() - 1]), None);
        assert_eq!(CScans::decode(&[]), Some(CScans::default()));
    }

    #[test]
    fn a_file_that_is_not_a_database_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.sqlite");
        std::fs::write(&path, vec![0x55u8; 8192]).unwrap();
        let error = format!("{:#}", Cache::open(&path).err().unwrap());
        assert!(error.contains("c.sqlite"), "{error}");
    }
}

/// Which cache a run uses: the one at a given path, the default one, or none.
#[derive(Debug, Clone, Default)]
pub struct CacheOptions {
    /// The database to use; the default one ([`Cache::default_path`]) when `None`.
    pub path: Option<PathBuf>,
    /// Compute every fact; neither read nor write the cache.
    pub disabled: bool,
    /// Whose rules the line facts and reports are taken by ([`Cache::with_cloc`]).
    pub cloc: ClocVersion,
}

impl CacheOptions {
    /// The cache these options ask for. One rule for the default cache and one given by path:
    /// a cache that cannot be opened (not a database, a folder, a FIFO, read-only, ...) is
    /// skipped with one warning naming it and the reason, and the run computes every fact.
    /// The cache only makes a run faster; its output is the same without it.
    pub fn open(&self) -> Option<Cache> {
        if self.disabled {
            return None;
        }
        let path = self.path.clone().or_else(Cache::default_path)?;
        match Cache::open(&path) {
            Ok(cache) => Some(cache.with_cloc(self.cloc)),
            Err(e) => {
                crate::error::warn(&format!("{e:#}; running without a cache"));
                None
            }
        }
    }
}
