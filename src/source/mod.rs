//! Inputs: a directory, a release tarball or a git revision, each seen as a stream of files.
//!
//! Every source yields [`Entry`] values: a regular file with its path and bytes, or a path that
//! was skipped with the reason. Paths are relative to the top of the tree and `/`-separated; a
//! tarball's leading `linux-x.y/` folder is stripped so that the three kinds of input report
//! identical paths for the same tree.
//!
//! Invariant: a source never drops a file silently. Everything it meets is either a
//! [`SourceFile`] or a [`Skipped`] entry; failures of the input as a whole (a missing path, a
//! corrupt archive, an unknown revision) are errors that abort the run.

mod blob_id;
mod dir;
mod git;
mod tarball;

pub use blob_id::{git_blob_id, BlobId};
pub use dir::DirSource;
pub use git::{release_tags, GitSource};
pub use tarball::{Compression, ReadAgain, TarSource};

use anyhow::{bail, Result};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// One regular file of the input.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the top of the tree, `/`-separated.
    pub path: String,
    /// The file's content.
    pub bytes: Vec<u8>,
    /// The git blob id, when the source already knows it (git inputs). Other sources leave it
    /// empty; [`SourceFile::blob_id`] computes it on demand.
    pub known_blob_id: Option<BlobId>,
}

impl SourceFile {
    /// The git blob id of the content: free for git inputs, hashed on demand otherwise.
    pub fn blob_id(&self) -> BlobId {
        self.known_blob_id
            .unwrap_or_else(|| git_blob_id(&self.bytes))
    }
}

/// A path the source met but did not turn into a file, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Skipped {
    /// Path relative to the top of the tree (lossily converted if it is not UTF-8).
    pub path: String,
    /// Why it was skipped, in a few words (`symbolic link`, `permission denied`, ...).
    pub reason: String,
}

/// A regular file the source did not read because the caller said it knows the file by its
/// blob id (see [`Source::for_each_ordered`]'s `needs_bytes`). Only sources that know blob ids
/// before reading (git) yield these.
#[derive(Debug, Clone)]
pub struct UnreadFile {
    /// Path relative to the top of the tree, `/`-separated.
    pub path: String,
    /// The git blob id of the content.
    pub blob_id: BlobId,
}

/// What a source yields for each path it meets.
#[derive(Debug)]
pub enum Entry {
    /// A regular file with its content.
    File(SourceFile),
    /// A regular file known by its blob id alone, left unread at the caller's request.
    Unread(UnreadFile),
    /// A path that is not counted, and why.
    Skipped(Skipped),
}

/// Whether a caller needs the bytes of the file at a path with a blob id; `false` lets a
/// source that knows blob ids before reading yield an [`Entry::Unread`] instead of reading.
pub type NeedsBytes<'a> = &'a (dyn Fn(&str, &BlobId) -> bool + Sync);

/// A [`NeedsBytes`] that wants every file.
pub fn every_file(_: &str, _: &BlobId) -> bool {
    true
}

/// The path, relative to the top of the tree, that a symbolic link at `link` (a tree path)
/// pointing to `target` names, when it stays inside the tree: `None` for an absolute target or
/// one that climbs above the top. cloc follows links to files; kcensus follows those that
/// resolve inside the input (tarball members and git blobs name their target by this path).
pub(crate) fn link_target_in_tree(link: &str, target: &str) -> Option<String> {
    if target.is_empty() || target.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = link.split('/').collect();
    parts.pop();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            name => parts.push(name),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// Follow a chain of links (`links`: link path to the path it names) from `path` to a path
/// that is not a link; `None` on a loop or a chain longer than Linux allows (40).
pub(crate) fn follow_links(
    links: &std::collections::HashMap<String, Option<String>>,
    path: &str,
) -> Option<String> {
    let mut at = path.to_string();
    for _ in 0..40 {
        match links.get(&at) {
            None => return Some(at),
            Some(Some(next)) => at = next.clone(),
            Some(None) => return None,
        }
    }
    None
}

/// Open a file for reading without waiting: a FIFO (or a device) opened for reading blocks
/// until a writer comes, forever if none does; with `O_NONBLOCK` the open returns at once and
/// the caller's `fstat` sees what it is. Reads of regular files are not affected by the flag.
pub(crate) fn open_without_blocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    /// `O_NONBLOCK` on Linux (every architecture but alpha, sparc and parisc).
    const O_NONBLOCK: i32 = 0o4000;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(O_NONBLOCK)
        .open(path)
}

/// Options common to all sources.
#[derive(Debug, Clone)]
pub struct SourceOptions {
    /// Apply `.gitignore` files (directories only; off by default).
    pub gitignore: bool,
    /// Path components to leave out (`--exclude-dir`), matched against every folder name.
    pub exclude_dirs: Vec<String>,
    /// Largest file to read, in bytes; larger files are skipped with a reason.
    pub max_file_size: u64,
}

/// Files larger than this are skipped (cloc's default `--max-file-size` is 100 MB).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 100 * 1024 * 1024;

impl Default for SourceOptions {
    /// Every file (no `.gitignore`, no excluded folder), up to [`DEFAULT_MAX_FILE_SIZE`].
    fn default() -> SourceOptions {
        SourceOptions {
            gitignore: false,
            exclude_dirs: Vec::new(),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
        }
    }
}

/// The most a tarball may unpack to, in bytes, before the run stops with an error: 16 GiB, ten
/// times a kernel release tree (Linux 7.3 unpacks to 1.6 GB), so that a decompression bomb
/// (a small archive of a huge entry) ends in seconds instead of decompressing without end.
/// Entries skipped for their size count too, since they are decompressed to be stepped over.
pub const DEFAULT_MAX_UNPACKED_SIZE: u64 = 16 << 30;

/// The bound in force, set once from the command line (`--max-unpacked-size`). It is a setting
/// of the whole run, like the thread count, rather than a field of [`SourceOptions`], so that
/// every command that opens a source gets it without passing it along.
static MAX_UNPACKED_SIZE: AtomicU64 = AtomicU64::new(DEFAULT_MAX_UNPACKED_SIZE);

/// Set the bound on what a tarball may unpack to (see [`DEFAULT_MAX_UNPACKED_SIZE`]).
pub fn set_max_unpacked_size(bytes: u64) {
    MAX_UNPACKED_SIZE.store(bytes, Ordering::Relaxed);
}

/// The bound on what a tarball may unpack to, in bytes.
pub fn max_unpacked_size() -> u64 {
    MAX_UNPACKED_SIZE.load(Ordering::Relaxed)
}

/// The number of threads the run may use (`-j/--jobs`); 0 means one per available core.
static JOBS: AtomicUsize = AtomicUsize::new(0);

/// Bound the threads that read and count files (the directory walkers, the tarball's counting
/// threads; rayon's pool is sized by the caller): `0` means one per available core.
pub fn set_jobs(threads: usize) {
    JOBS.store(threads, Ordering::Relaxed);
}

/// The number of threads that read and count files: as set by [`set_jobs`], else one per
/// available core.
pub fn jobs() -> usize {
    match JOBS.load(Ordering::Relaxed) {
        0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
        n => n,
    }
}

/// Binary size suffixes, in the order `parse_size` and `format_size` try them.
const SIZE_UNITS: &[(char, u32)] = &[('T', 40), ('G', 30), ('M', 20), ('K', 10)];

/// A size as a user writes it: a number of bytes, or a number with a `K`, `M`, `G` or `T`
/// suffix (powers of 1024; `16G`, `512m`).
pub fn parse_size(text: &str) -> std::result::Result<u64, String> {
    let invalid =
        || format!("invalid size '{text}': expected a number with an optional K, M, G or T suffix");
    let trimmed = text.trim();
    let (digits, shift) = match trimmed.chars().last().map(|c| c.to_ascii_uppercase()) {
        Some(last) => match SIZE_UNITS.iter().find(|(unit, _)| *unit == last) {
            Some(&(_, shift)) => (&trimmed[..trimmed.len() - 1], shift),
            None => (trimmed, 0),
        },
        None => return Err(invalid()),
    };
    let number: u64 = digits.parse().map_err(|_| invalid())?;
    number.checked_mul(1 << shift).ok_or_else(invalid)
}

/// A size for messages, in the largest binary unit that divides it (`16G`, `1536M`, `100`).
pub fn format_size(bytes: u64) -> String {
    SIZE_UNITS
        .iter()
        .find(|&&(_, shift)| bytes != 0 && bytes.is_multiple_of(1 << shift))
        .map_or_else(
            || bytes.to_string(),
            |&(unit, shift)| format!("{}{unit}", bytes >> shift),
        )
}

/// Folders that cloc never enters (`.git`, `.svn`, ...); we leave them out too so that counts
/// compare. Each one met is listed once as skipped (see [`LeftOut`]), never its content.
pub const ALWAYS_EXCLUDED_DIRS: &[&str] = &[
    ".svn",
    ".cvs",
    ".hg",
    ".git",
    ".bzr",
    ".snapshot",
    ".config",
];

/// How far a source has got, for a progress display: counters the source keeps while it
/// streams (a source never draws anything; `scan::progress` does). A total of 0 is unknown.
#[derive(Debug, Default)]
pub struct Meter {
    /// Bytes of the input read so far: a tarball's position in its compressed stream (back to
    /// 0 when a second pass over the archive starts).
    pub bytes_read: AtomicU64,
    /// The input's size in bytes, when reading it is the work (a tarball's file size).
    pub bytes_total: AtomicU64,
    /// Entries the source will yield, when known before they are read (a git tree's listing).
    pub entries_total: AtomicU64,
}

/// An input, opened and checked, ready to stream its files.
pub enum Source {
    /// A directory on disk.
    Dir(DirSource),
    /// A tarball, read as a stream.
    Tar(TarSource),
    /// A git repository at a revision.
    Git(Box<GitSource>),
}

impl Source {
    /// Open `input`: a git revision when `rev` is given, a tarball when the name says so, a
    /// directory otherwise. Fails with a one-line reason when the input cannot be used at all.
    pub fn open(input: &Path, rev: Option<&str>, options: &SourceOptions) -> Result<Source> {
        let meta = std::fs::metadata(input)
            .map_err(|e| anyhow::anyhow!("{}: {}", input.display(), crate::error::io_reason(&e)))?;
        if let Some(rev) = rev {
            return Ok(Source::Git(Box::new(GitSource::open(
                input,
                rev,
                options.clone(),
            )?)));
        }
        if meta.is_dir() {
            // A folder that cannot be listed is an input that cannot be used at all, not an
            // empty tree.
            std::fs::read_dir(input).map_err(|e| {
                anyhow::anyhow!("{}: {}", input.display(), crate::error::io_reason(&e))
            })?;
            return Ok(Source::Dir(DirSource::new(
                input.to_path_buf(),
                options.clone(),
            )));
        }
        if !meta.is_file() {
            // A FIFO or a device named `f.tar` would block the open, or never end.
            bail!(
                "{}: not a regular file or a directory (a FIFO, a device or a socket)",
                input.display()
            );
        }
        if let Some(compression) = Compression::from_name(input) {
            return Ok(Source::Tar(TarSource::new(
                input.to_path_buf(),
                compression,
                options.clone(),
            )));
        }
        bail!(
            "{}: not a directory or a tarball (.tar, .tar.gz, .tgz, .tar.xz, .tar.zst, .tar.bz2); use --rev for a git repository",
            input.display()
        )
    }

    /// Where a directory or tarball is: its canonical path (its path as given when that
    /// cannot be had); `None` for a git revision, whose files are known by blob id.
    pub fn place(&self) -> Option<PathBuf> {
        let path = match self {
            Source::Dir(s) => &s.root,
            Source::Tar(s) => &s.path,
            Source::Git(_) => return None,
        };
        Some(std::fs::canonicalize(path).unwrap_or_else(|_| path.clone()))
    }

    /// A short description of the input for messages.
    pub fn label(&self) -> String {
        match self {
            Source::Dir(s) => s.root.display().to_string(),
            Source::Tar(s) => s.path.display().to_string(),
            Source::Git(s) => format!("{}@{}", s.repo_path.display(), s.rev),
        }
    }

    /// Visit the files whose path satisfies `last` after all others, and call `between` once
    /// in between, so that what the other files tell can steer how the last ones are read.
    /// Returns `false` when the input cannot be read in that order (a tarball is one stream):
    /// then every entry was visited in stream order and `between` was not called.
    ///
    /// A directory visits the other files while it is still walking the tree, as
    /// [`Source::for_each`] does; only the `last` files wait for the walk to end.
    ///
    /// `needs_bytes` is asked, for each file whose blob id is known before reading (git
    /// inputs), whether to read it; files it declines are visited as [`Entry::Unread`]. It is
    /// asked after `between` for the last files, so what the others told can decide.
    pub fn for_each_ordered<F>(
        &self,
        last: &(dyn Fn(&str) -> bool + Sync),
        needs_bytes: NeedsBytes,
        visit: F,
        between: &mut dyn FnMut(),
    ) -> Result<bool>
    where
        F: Fn(Entry) + Sync + Send,
    {
        match self {
            Source::Dir(s) => s.for_each_ordered(last, &visit, between).map(|()| true),
            Source::Tar(s) => s.for_each(&visit).map(|()| false),
            Source::Git(s) => s
                .for_each_ordered(last, needs_bytes, &visit, between)
                .map(|()| true),
        }
    }

    /// The counters of how far the source has got (see [`Meter`]); a directory keeps none
    /// (its walk does not know the total before it ends).
    pub fn meter(&self) -> std::sync::Arc<Meter> {
        match self {
            Source::Dir(_) => std::sync::Arc::default(),
            Source::Tar(s) => s.meter.clone(),
            Source::Git(s) => s.meter.clone(),
        }
    }

    /// When the revision was committed (Unix seconds), for a git revision that is a commit.
    pub fn commit_seconds(&self) -> Option<i64> {
        match self {
            Source::Git(s) => s.commit_seconds(),
            _ => None,
        }
    }

    /// The git tree the input is, when it is a git revision: a key for results of the whole
    /// tree that is known before reading anything.
    pub fn git_tree(&self) -> Option<BlobId> {
        match self {
            Source::Git(s) => Some(s.tree_id()),
            _ => None,
        }
    }

    /// Visit every entry of the input. `visit` is called from several threads at once; the
    /// order of calls is unspecified (callers sort their results). A tarball's first read
    /// fails with [`ReadAgain`] when members share a path; callers read through
    /// [`read_again_after_duplicates`].
    pub fn for_each<F>(&self, visit: F) -> Result<()>
    where
        F: Fn(Entry) + Sync + Send,
    {
        match self {
            Source::Dir(s) => s.for_each(&visit),
            Source::Tar(s) => s.for_each(&visit),
            Source::Git(s) => s.for_each(&visit, &every_file),
        }
    }
}

/// Run `read` (one whole read of a source and everything collected from it), and once more
/// when it ends with [`ReadAgain`]: a tarball whose members share a path learns in its first
/// read which member of each path is the last (the one extracting gives), and visits only
/// those from then on. Every caller that collects a source's entries reads through this, so
/// every command follows the same rule.
pub fn read_again_after_duplicates<T>(mut read: impl FnMut() -> Result<T>) -> Result<T> {
    match read() {
        Err(error) if error.downcast_ref::<ReadAgain>().is_some() => read(),
        done => done,
    }
}

/// Why a folder of [`ALWAYS_EXCLUDED_DIRS`] is listed as skipped.
pub const LEFT_OUT_REASON: &str = "left out as cloc does (.git, .svn, .hg, .bzr, ...)";

/// The folders (or files) named in [`ALWAYS_EXCLUDED_DIRS`] a source met, each to be listed
/// once as skipped: cloc never enters them, and a source never drops a path in silence. Their
/// content is not listed (a `.git` folder holds thousands of objects). Folders the user
/// excluded with `--exclude-dir` are not listed: the user asked for that.
#[derive(Debug, Default)]
pub(crate) struct LeftOut(std::sync::Mutex<std::collections::BTreeSet<String>>);

impl LeftOut {
    /// Note a path the source leaves out: remembered when it is, or is inside, a folder of
    /// [`ALWAYS_EXCLUDED_DIRS`] and not inside a folder the user excluded.
    pub(crate) fn note(&self, path: &str, options: &SourceOptions) {
        let mut end = 0;
        for component in path.split('/') {
            if options.exclude_dirs.iter().any(|d| d == component) {
                return;
            }
            end += component.len();
            if ALWAYS_EXCLUDED_DIRS.contains(&component) {
                let folder = path[..end].to_string();
                self.0
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(folder);
                return;
            }
            end += 1;
        }
    }

    /// List every noted folder as skipped, in path order, and forget them.
    pub(crate) fn list(&self, mut visit: impl FnMut(Entry)) {
        let folders = std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()));
        for path in folders {
            visit(Entry::Skipped(Skipped {
                path,
                reason: LEFT_OUT_REASON.into(),
            }));
        }
    }
}

/// Is a path (relative, `/`-separated, the file name last) inside an excluded folder?
/// The file's own name is checked too, as cloc does.
pub(crate) fn is_excluded(path: &str, options: &SourceOptions) -> bool {
    path.split('/').any(|component| {
        ALWAYS_EXCLUDED_DIRS.contains(&component)
            || options.exclude_dirs.iter().any(|d| d == component)
    })
}

/// Turn an OS path relative to a root into the `/`-separated form; `Err` carries the lossy form
/// when the name is not valid UTF-8.
pub(crate) fn relative_path_string(
    root: &Path,
    path: &Path,
) -> std::result::Result<String, String> {
    #[cfg(unix)]
    if let Some(rel) = plain_relative_path(root, path) {
        return Ok(rel.to_owned());
    }
    relative_path_string_by_components(root, path)
}

/// [`relative_path_string`] without parsing components, for the walker's usual path: the
/// root's bytes (not none), a `/` unless the root ends in one, then UTF-8 names joined by
/// single `/`s, none of them `.`. For such a path the components, joined by `/`, are the
/// remainder as it is. `None` for any other path. Parsing components cost some 7,500
/// instructions per file (callgrind, `count` of 7.3's `fs`: 4.5 % of all), where this costs
/// a comparison and a scan.
#[cfg(unix)]
fn plain_relative_path<'a>(root: &Path, path: &'a Path) -> Option<&'a str> {
    use std::os::unix::ffi::OsStrExt;
    if root.as_os_str().is_empty() {
        return None;
    }
    let root = root.as_os_str().as_bytes();
    let after_root = path.as_os_str().as_bytes().strip_prefix(root)?;
    // A root given with its trailing `/` (as a shell completes it) is joined without another.
    let rest = if root.ends_with(b"/") {
        after_root
    } else {
        after_root.strip_prefix(b"/")?
    };
    // No empty name (no leading, trailing or doubled `/`, and not empty) and no `.`.
    let plain = rest
        .split(|&b| b == b'/')
        .all(|name| !name.is_empty() && name != b".");
    plain.then(|| std::str::from_utf8(rest).ok()).flatten()
}

/// [`relative_path_string`] by the path's components: every path, any separators.
fn relative_path_string_by_components(
    root: &Path,
    path: &Path,
) -> std::result::Result<String, String> {
    let rel: PathBuf = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let mut out = String::new();
    let mut lossy = false;
    for component in rel.components() {
        if !out.is_empty() {
            out.push('/');
        }
        let os = component.as_os_str();
        match os.to_str() {
            Some(s) => out.push_str(s),
            None => {
                lossy = true;
                out.push_str(&os.to_string_lossy());
            }
        }
    }
    if lossy {
        Err(out)
    } else {
        Ok(out)
    }
}

#[cfg(test)]
mod link_tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn plain_relative_paths_are_what_the_components_give() {
        use std::os::unix::ffi::OsStrExt;
        let roots = [
            "/t/linux",
            "/t/linux/",
            "linux",
            "./linux",
            "/t/./linux",
            "/",
            "",
        ];
        let rests: [&[u8]; 16] = [
            b"a.c",
            b"fs/ext4/inode.c",
            b".hidden/x",
            b"a/.x",
            b"a/..",
            b"../a",
            b"./a",
            b"a/./b",
            b"a//b",
            b"a/",
            b"a/.",
            b".",
            b"",
            b"/a",
            b"caf\xc3\xa9/b",
            b"bad\xff/b",
        ];
        let mut taken = 0;
        for root in roots {
            for rest in rests {
                for joint in [&b"/"[..], b"", b"//"] {
                    let path = [root.as_bytes(), joint, rest].concat();
                    let path = Path::new(std::ffi::OsStr::from_bytes(&path));
                    let root = Path::new(root);
                    let general = relative_path_string_by_components(root, path);
                    if let Some(plain) = plain_relative_path(root, path) {
                        taken += 1;
                        assert_eq!(Ok(plain.to_owned()), general, "{root:?} {path:?}");
                    }
                    assert_eq!(
                        relative_path_string(root, path),
                        general,
                        "{root:?} {path:?}"
                    );
                }
            }
        }
        // The usual paths take the plain way (`a.c`, `fs/ext4/inode.c`, ... under a root and
        // one `/`), so the comparisons above test it.
        assert!(taken >= 7 * 4, "{taken}");
    }

    #[test]
    fn link_targets_inside_and_outside_the_tree() {
        let t = |link, target| link_target_in_tree(link, target);
        assert_eq!(t("a/b/l.c", "../c/x.c").as_deref(), Some("a/c/x.c"));
        assert_eq!(t("a/l.c", "./x.c").as_deref(), Some("a/x.c"));
        assert_eq!(t("l.c", "x.c").as_deref(), Some("x.c"));
        assert_eq!(t("a/l.c", "../../x.c"), None);
        assert_eq!(t("a/l.c", "/etc/passwd"), None);
        assert_eq!(t("a/l.c", ".."), None);
    }

    #[test]
    fn link_chains_end_at_a_file_or_fail() {
        let links: std::collections::HashMap<String, Option<String>> = [
            ("a".to_string(), Some("b".to_string())),
            ("b".to_string(), Some("c".to_string())),
            ("x".to_string(), Some("y".to_string())),
            ("y".to_string(), Some("x".to_string())),
            ("out".to_string(), None),
        ]
        .into_iter()
        .collect();
        assert_eq!(follow_links(&links, "a").as_deref(), Some("c"));
        assert_eq!(follow_links(&links, "x"), None);
        assert_eq!(follow_links(&links, "out"), None);
    }
}

#[cfg(test)]
mod tests {
    use super::{format_size, parse_size};

    #[test]
    fn sizes_parse_with_binary_suffixes() {
        assert_eq!(parse_size("100"), Ok(100));
        assert_eq!(parse_size("16G"), Ok(16 << 30));
        assert_eq!(parse_size("512m"), Ok(512 << 20));
        assert_eq!(parse_size(" 2K "), Ok(2048));
        assert_eq!(parse_size("1T"), Ok(1 << 40));
        for bad in ["", "G", "1.5G", "-1", "12X", "99999999999T"] {
            assert!(parse_size(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn sizes_format_in_the_largest_unit_that_divides() {
        assert_eq!(format_size(16 << 30), "16G");
        assert_eq!(format_size(1536 << 20), "1536M");
        assert_eq!(format_size(100), "100");
        assert_eq!(format_size(0), "0");
        for size in [1 << 20, 3 << 40, 12345] {
            assert_eq!(parse_size(&format_size(size)), Ok(size));
        }
    }
}
