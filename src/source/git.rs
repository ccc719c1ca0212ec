//! A git repository at a revision, read from its objects: no checkout, no `git` process.
//! Blob ids come free from the tree, so later stages can cache by them without hashing.

use super::{
    is_excluded, BlobId, Entry, LeftOut, NeedsBytes, Skipped, SourceFile, SourceOptions, UnreadFile,
};
use anyhow::{anyhow, Result};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// A git input: a repository and a revision (`v7.3`, a commit id, `HEAD~2`, ...).
pub struct GitSource {
    /// Where the repository is (its work tree or its `.git` folder, or a bare repository).
    pub repo_path: PathBuf,
    /// The revision as the user gave it.
    pub rev: String,
    repo: gix::ThreadSafeRepository,
    tree: gix::ObjectId,
    /// Committer time of the revision (Unix seconds), when it is a commit.
    commit_seconds: Option<i64>,
    options: SourceOptions,
    /// The listing's size, for a progress line.
    pub(super) meter: std::sync::Arc<super::Meter>,
    /// Bytes of blobs inflated so far, bounded by [`super::max_unpacked_size`].
    unpacked: AtomicU64,
}

/// One tree entry worth reading.
struct Listed {
    path: String,
    id: gix::ObjectId,
}

impl GitSource {
    /// Open the repository and resolve the revision to a tree; both failures are errors of the
    /// input as a whole.
    pub fn open(repo_path: &Path, rev: &str, options: SourceOptions) -> Result<GitSource> {
        let repo = gix::open(repo_path).map_err(|e| open_error(repo_path, &e))?;
        let object = repo
            .rev_parse_single(rev)
            .map_err(|_| anyhow!("{}: unknown revision '{rev}'", repo_path.display()))?
            .object()
            .map_err(|e| anyhow!("{}: cannot read revision '{rev}': {e}", repo_path.display()))?;
        let commit_seconds = object
            .clone()
            .peel_to_commit()
            .ok()
            .and_then(|c| c.time().ok())
            .map(|t| t.seconds);
        let tree = object
            .peel_to_tree()
            .map_err(|e| anyhow!("{}: revision '{rev}' has no tree: {e}", repo_path.display()))?
            .id;
        Ok(GitSource {
            repo_path: repo_path.to_path_buf(),
            rev: rev.to_string(),
            repo: repo.into_sync(),
            tree,
            commit_seconds,
            options,
            meter: Default::default(),
            unpacked: AtomicU64::new(0),
        })
    }

    /// Every path in the tree with its blob, plus the entries that are not regular files.
    fn list(&self, visit: &(dyn Fn(Entry) + Sync + Send)) -> Result<Vec<Listed>> {
        let records = self.tree_records(visit)?;
        let entries = records.iter().filter(|r| !r.mode.is_tree()).count();
        self.meter
            .entries_total
            .store(entries as u64, std::sync::atomic::Ordering::Relaxed);
        let repo = self.repo.to_thread_local();
        let mut listed = Vec::with_capacity(records.len());
        let mut links = Vec::new();
        let left_out = LeftOut::default();
        for record in records {
            let mode = record.mode;
            if mode.is_tree() {
                continue;
            }
            let path = match String::from_utf8(record.filepath) {
                Ok(p) => p,
                Err(e) => {
                    let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
                    if is_excluded(&lossy, &self.options) {
                        left_out.note(&lossy, &self.options);
                    } else {
                        visit(Entry::Skipped(Skipped {
                            path: lossy,
                            reason: "file name is not valid UTF-8".into(),
                        }));
                    }
                    continue;
                }
            };
            if is_excluded(&path, &self.options) {
                left_out.note(&path, &self.options);
                continue;
            }
            if mode.is_link() {
                links.push(Listed {
                    path,
                    id: record.oid,
                });
                continue;
            }
            let reason = if mode.is_commit() {
                Some("submodule")
            } else {
                None
            };
            match reason {
                Some(reason) => visit(Entry::Skipped(Skipped {
                    path,
                    reason: reason.into(),
                })),
                None => listed.push(Listed {
                    path,
                    id: record.oid,
                }),
            }
        }
        self.follow(&repo, links, &mut listed, visit);
        left_out.list(visit);
        Ok(listed)
    }

    /// Every entry of the revision's tree but folders, read tree by tree. An entry whose name
    /// git's fsck refuses (empty, with a `/`, `.`, `..`, `.git`) is reported as skipped with
    /// its folder's content: a `/` in a name would otherwise shift every later path, and `..`
    /// would leave the tree.
    fn tree_records(&self, visit: &(dyn Fn(Entry) + Sync + Send)) -> Result<Vec<TreeRecord>> {
        let repo = self.repo.to_thread_local();
        let mut records = Vec::new();
        let mut pending: Vec<(Vec<u8>, gix::ObjectId)> = vec![(Vec::new(), self.tree)];
        while let Some((prefix, id)) = pending.pop() {
            let what = if prefix.is_empty() {
                "cannot read tree"
            } else {
                "cannot walk tree"
            };
            let fail = |e: &dyn std::fmt::Display| {
                anyhow!("{}@{}: {what}: {e}", self.repo_path.display(), self.rev)
            };
            let tree = repo.find_tree(id).map_err(|e| fail(&e))?;
            let decoded = tree.decode().map_err(|e| fail(&e))?;
            // A name listed twice (git fsck: `duplicateEntries`) names no one file: which
            // entry a checkout keeps is up to the tool, so neither is read.
            let mut names = std::collections::HashSet::new();
            let duplicates: std::collections::HashSet<&[u8]> = decoded
                .entries
                .iter()
                .map(|entry| -> &[u8] { entry.filename })
                .filter(|&name| !names.insert(name))
                .collect();
            let mut reported = std::collections::HashSet::new();
            for entry in &decoded.entries {
                let mut path = prefix.clone();
                if !path.is_empty() {
                    path.push(b'/');
                }
                path.extend_from_slice(entry.filename);
                let name: &[u8] = entry.filename;
                let duplicate = duplicates.contains(name);
                let refused = match duplicate {
                    true => Some("a name listed twice"),
                    false => refused_entry_name(entry.filename),
                };
                if duplicate && !reported.insert(name) {
                    // Reported once, at the name's first entry.
                    continue;
                }
                if let Some(reason) = refused {
                    let path = String::from_utf8_lossy(&path).into_owned();
                    if !is_excluded(&path, &self.options) {
                        visit(Entry::Skipped(Skipped {
                            path,
                            reason: format!("git tree entry name refused by git fsck ({reason})"),
                        }));
                    }
                    continue;
                }
                if entry.mode.is_tree() {
                    pending.push((path, entry.oid.to_owned()));
                } else {
                    records.push(TreeRecord {
                        filepath: path,
                        mode: entry.mode,
                        oid: entry.oid.to_owned(),
                    });
                }
            }
        }
        Ok(records)
    }

    /// Symbolic links (their blob holds the target path): those that lead, through any chain of
    /// links, to a listed file inside the tree are listed under their own path with the
    /// file's blob; the others are skipped.
    fn follow(
        &self,
        repo: &gix::Repository,
        links: Vec<Listed>,
        listed: &mut Vec<Listed>,
        visit: &(dyn Fn(Entry) + Sync + Send),
    ) {
        use std::collections::HashMap;
        if links.is_empty() {
            return;
        }
        let targets: HashMap<String, Option<String>> = links
            .iter()
            .map(|link| {
                // A link's blob is a path: one longer than Linux allows (4096) is not read.
                let short = repo
                    .find_header(link.id)
                    .is_ok_and(|header| header.size() <= 4096);
                let target = short
                    .then(|| repo.find_object(link.id).ok())
                    .flatten()
                    .and_then(|object| {
                        let text = String::from_utf8(object.detach().data).ok()?;
                        super::link_target_in_tree(&link.path, &text)
                    });
                (link.path.clone(), target)
            })
            .collect();
        let files: HashMap<&str, gix::ObjectId> =
            listed.iter().map(|f| (f.path.as_str(), f.id)).collect();
        let mut followed = Vec::new();
        for link in links {
            let file = super::follow_links(&targets, &link.path)
                .and_then(|target| files.get(target.as_str()).copied());
            match file {
                Some(id) => followed.push(Listed {
                    path: link.path,
                    id,
                }),
                None => visit(Entry::Skipped(Skipped {
                    path: link.path,
                    reason: "symbolic link".into(),
                })),
            }
        }
        listed.extend(followed);
    }

    /// When the revision was committed (Unix seconds), when it is a commit.
    pub fn commit_seconds(&self) -> Option<i64> {
        self.commit_seconds
    }

    /// The id of the revision's tree.
    pub fn tree_id(&self) -> BlobId {
        to_blob_id(&self.tree)
    }

    pub(super) fn for_each(
        &self,
        visit: &(dyn Fn(Entry) + Sync + Send),
        needs_bytes: NeedsBytes,
    ) -> Result<()> {
        self.unpacked.store(0, Ordering::Relaxed);
        let listed = self.list(visit)?;
        self.read_all(listed, needs_bytes, visit)
    }

    /// Visit the files for which `last` does not hold, then call `between`, then the rest.
    pub(super) fn for_each_ordered(
        &self,
        last: &(dyn Fn(&str) -> bool + Sync),
        needs_bytes: NeedsBytes,
        visit: &(dyn Fn(Entry) + Sync + Send),
        between: &mut dyn FnMut(),
    ) -> Result<()> {
        self.unpacked.store(0, Ordering::Relaxed);
        let (early, late): (Vec<Listed>, Vec<Listed>) = self
            .list(visit)?
            .into_iter()
            .partition(|item| !last(&item.path));
        self.read_all(early, needs_bytes, visit)?;
        between();
        self.read_all(late, needs_bytes, visit)
    }

    /// Read the listed blobs in parallel, one repository handle per thread; those that
    /// `needs_bytes` declines are visited unread. A blob that cannot be read (missing from a
    /// partial clone, corrupt) fails the input as a whole: a census without it would be
    /// presented as complete, and could be cached as the tree's.
    fn read_all(
        &self,
        listed: Vec<Listed>,
        needs_bytes: NeedsBytes,
        visit: &(dyn Fn(Entry) + Sync + Send),
    ) -> Result<()> {
        let max = self.options.max_file_size;
        let unpacked_limit = super::max_unpacked_size();
        let unpacked = &self.unpacked;
        listed.into_par_iter().try_for_each_init(
            || self.repo.to_thread_local(),
            |repo, item| {
                let blob_id = to_blob_id(&item.id);
                if !needs_bytes(&item.path, &blob_id) {
                    visit(Entry::Unread(UnreadFile {
                        path: item.path,
                        blob_id,
                    }));
                    return Ok(());
                }
                let missing = |e: &dyn std::fmt::Display| {
                    anyhow!(
                        "{}@{}: git object {} of {} cannot be read (missing objects, as in a \
                         partial clone?): {e}",
                        self.repo_path.display(),
                        self.rev,
                        item.id,
                        item.path
                    )
                };
                // The size from the object's header, before anything is inflated: a blob over
                // the limit is never inflated, and what is inflated is counted against
                // `--max-unpacked-size`, as a tarball's content is.
                let size = repo.find_header(item.id).map_err(|e| missing(&e))?.size();
                if size > max {
                    visit(Entry::Skipped(Skipped {
                        path: item.path,
                        reason: format!("larger than the {} MB limit", max / (1024 * 1024)),
                    }));
                    return Ok(());
                }
                let total = unpacked.fetch_add(size, Ordering::Relaxed) + size;
                if total > unpacked_limit {
                    return Err(anyhow!(
                        "{}@{}: unpacks to more than {} bytes ({}), the limit against decompression bombs; raise it with --max-unpacked-size",
                        self.repo_path.display(),
                        self.rev,
                        unpacked_limit,
                        super::format_size(unpacked_limit)
                    ));
                }
                let data = repo.find_object(item.id).map_err(|e| missing(&e))?.detach().data;
                // The header said the size; a blob inflating to more is not what it claims.
                let entry = if data.len() as u64 > max {
                    Entry::Skipped(Skipped {
                        path: item.path,
                        reason: format!("larger than the {} MB limit", max / (1024 * 1024)),
                    })
                } else {
                    Entry::File(SourceFile {
                        path: item.path,
                        bytes: data,
                        known_blob_id: Some(blob_id),
                    })
                };
                visit(entry);
                Ok(())
            },
        )
    }
}

/// Why a repository could not be opened: a repository whose configuration cannot be read
/// (garbage in `.git/config`) is said to be one, with the reason, not "not a git repository".
fn open_error(repo_path: &Path, error: &(dyn std::error::Error + 'static)) -> anyhow::Error {
    let mut reasons = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        reasons.push(cause.to_string());
        source = cause.source();
    }
    reasons.dedup();
    if reasons[0].contains("configuration") {
        return anyhow!(
            "{}: broken git configuration: {}",
            repo_path.display(),
            reasons.join(": ")
        );
    }
    anyhow!(
        "{}: not a git repository ({})",
        repo_path.display(),
        reasons.join(": ")
    )
}

/// One entry of a revision's tree that is not a folder, with its full path.
struct TreeRecord {
    filepath: Vec<u8>,
    mode: gix::objs::tree::EntryMode,
    oid: gix::ObjectId,
}

/// Why git's fsck refuses a tree entry name (its `badTree` family of checks: `emptyName`,
/// `fullPathname`, `hasDot`, `hasDotdot`, `hasDotgit`), if it does.
fn refused_entry_name(name: &[u8]) -> Option<&'static str> {
    if name.is_empty() {
        Some("empty name")
    } else if name.contains(&b'/') {
        Some("`/` in a name")
    } else if name == b"." {
        Some("`.` as a name")
    } else if name == b".." {
        Some("`..` as a name")
    } else if name.eq_ignore_ascii_case(b".git") {
        Some("`.git` as a name")
    } else {
        None
    }
}

/// A gix object id as our [`BlobId`] (both SHA-1).
fn to_blob_id(id: &gix::ObjectId) -> BlobId {
    let mut bytes = [0u8; 20];
    bytes.copy_from_slice(id.as_bytes());
    BlobId(bytes)
}

/// The release tags of a repository whose names match `pattern` (`*` any text, `?` one
/// character), oldest version first. Release tags are `vMAJOR.MINOR[.SUBLEVEL]`, nothing
/// after: release candidates and other tags are left out.
pub fn release_tags(repo_path: &Path, pattern: &str) -> Result<Vec<String>> {
    let repo = gix::open(repo_path).map_err(|e| open_error(repo_path, &e))?;
    let references = repo
        .references()
        .map_err(|e| anyhow!("{}: cannot list tags: {e}", repo_path.display()))?;
    let tags = references
        .tags()
        .map_err(|e| anyhow!("{}: cannot list tags: {e}", repo_path.display()))?;
    let mut found: Vec<(Vec<u32>, String)> = Vec::new();
    for tag in tags {
        let Ok(tag) = tag else { continue };
        let name = tag.name().shorten().to_string();
        if let Some(version) = release_version(&name) {
            if glob_matches(pattern, &name) {
                found.push((version, name));
            }
        }
    }
    found.sort();
    Ok(found.into_iter().map(|(_, name)| name).collect())
}

/// The numbers of a release tag name (`v7.3.4` → [7, 3, 4]); `None` for other names.
fn release_version(name: &str) -> Option<Vec<u32>> {
    let numbers: Option<Vec<u32>> = name
        .strip_prefix('v')?
        .split('.')
        .map(|part| {
            (!part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse().ok())
                .flatten()
        })
        .collect();
    numbers.filter(|n| (2..=3).contains(&n.len()))
}

/// Shell-style matching of `*` and `?` against the whole name.
fn glob_matches(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    // matches[j]: whether the pattern so far matches the first j characters of the name.
    let mut matches = vec![false; n.len() + 1];
    matches[0] = true;
    for &pc in &p {
        let mut next = vec![false; n.len() + 1];
        if pc == '*' {
            let mut any = false;
            for j in 0..=n.len() {
                any |= matches[j];
                next[j] = any;
            }
        } else {
            for j in 1..=n.len() {
                next[j] = matches[j - 1] && (pc == '?' || pc == n[j - 1]);
            }
        }
        matches = next;
    }
    matches[n.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_tags_are_versions_and_globs_match_whole_names() {
        assert_eq!(release_version("v7.3.4"), Some(vec![7, 3, 4]));
        assert_eq!(release_version("v6.12"), Some(vec![6, 12]));
        assert_eq!(release_version("v6.12-rc1"), None);
        assert_eq!(release_version("v6"), None);
        assert_eq!(release_version("6.1"), None);
        assert_eq!(release_version("v6..1"), None);
        assert!(glob_matches("v*", "v6.1.192"));
        assert!(glob_matches("v6.1?", "v6.12"));
        assert!(!glob_matches("v6.1?", "v6.1"));
        assert!(glob_matches("*", ""));
        assert!(!glob_matches("v7*", "v6.12"));
        assert!(glob_matches("v*.*.*", "v7.3.4"));
    }
}
