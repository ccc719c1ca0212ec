//! A git repository at a revision, read from its objects: no checkout, no `git` process.
//! Blob ids come free from the tree, so later stages can cache by them without hashing.

use super::{is_excluded, BlobId, Entry, Skipped, SourceFile, SourceOptions};
use anyhow::{anyhow, Result};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// A git input: a repository and a revision (`v7.3`, a commit id, `HEAD~2`, ...).
pub struct GitSource {
    /// Where the repository is (its work tree or its `.git` folder, or a bare repository).
    pub repo_path: PathBuf,
    /// The revision as the user gave it.
    pub rev: String,
    repo: gix::ThreadSafeRepository,
    tree: gix::ObjectId,
    options: SourceOptions,
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
        let repo = gix::open(repo_path)
            .map_err(|e| anyhow!("{}: not a git repository ({e})", repo_path.display()))?;
        let object = repo
            .rev_parse_single(rev)
            .map_err(|_| anyhow!("{}: unknown revision '{rev}'", repo_path.display()))?
            .object()
            .map_err(|e| anyhow!("{}: cannot read revision '{rev}': {e}", repo_path.display()))?;
        let tree = object
            .peel_to_tree()
            .map_err(|e| anyhow!("{}: revision '{rev}' has no tree: {e}", repo_path.display()))?
            .id;
        Ok(GitSource {
            repo_path: repo_path.to_path_buf(),
            rev: rev.to_string(),
            repo: repo.into_sync(),
            tree,
            options,
        })
    }

    /// Every path in the tree with its blob, plus the entries that are not regular files.
    fn list(&self, visit: &(dyn Fn(Entry) + Sync + Send)) -> Result<Vec<Listed>> {
        let repo = self.repo.to_thread_local();
        let tree = repo.find_tree(self.tree).map_err(|e| {
            anyhow!(
                "{}@{}: cannot read tree: {e}",
                self.repo_path.display(),
                self.rev
            )
        })?;
        let mut recorder = gix::traverse::tree::Recorder::default();
        tree.traverse().breadthfirst(&mut recorder).map_err(|e| {
            anyhow!(
                "{}@{}: cannot walk tree: {e}",
                self.repo_path.display(),
                self.rev
            )
        })?;
        let mut listed = Vec::with_capacity(recorder.records.len());
        for record in recorder.records {
            let mode = record.mode;
            if mode.is_tree() {
                continue;
            }
            let path = match String::from_utf8(record.filepath.to_vec()) {
                Ok(p) => p,
                Err(e) => {
                    let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
                    if !is_excluded(&lossy, &self.options) {
                        visit(Entry::Skipped(Skipped {
                            path: lossy,
                            reason: "file name is not valid UTF-8".into(),
                        }));
                    }
                    continue;
                }
            };
            if is_excluded(&path, &self.options) {
                continue;
            }
            let reason = if mode.is_link() {
                Some("symbolic link")
            } else if mode.is_commit() {
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
        Ok(listed)
    }

    pub(super) fn for_each(&self, visit: &(dyn Fn(Entry) + Sync + Send)) -> Result<()> {
        let listed = self.list(visit)?;
        self.read_all(listed, visit);
        Ok(())
    }

    /// Visit the files for which `first` holds, then call `between`, then visit the rest.
    pub(super) fn for_each_ordered(
        &self,
        first: &(dyn Fn(&str) -> bool + Sync),
        visit: &(dyn Fn(Entry) + Sync + Send),
        between: &mut dyn FnMut(),
    ) -> Result<()> {
        let (early, late): (Vec<Listed>, Vec<Listed>) = self
            .list(visit)?
            .into_iter()
            .partition(|item| first(&item.path));
        self.read_all(early, visit);
        between();
        self.read_all(late, visit);
        Ok(())
    }

    /// Read the listed blobs in parallel, one repository handle per thread.
    fn read_all(&self, listed: Vec<Listed>, visit: &(dyn Fn(Entry) + Sync + Send)) {
        let max = self.options.max_file_size;
        listed.into_par_iter().for_each_init(
            || self.repo.to_thread_local(),
            |repo, item| {
                let entry = match repo.find_object(item.id) {
                    Ok(object) => {
                        let data = object.detach().data;
                        if data.len() as u64 > max {
                            Entry::Skipped(Skipped {
                                path: item.path,
                                reason: format!("larger than the {} MB limit", max / (1024 * 1024)),
                            })
                        } else {
                            let mut id = [0u8; 20];
                            id.copy_from_slice(item.id.as_bytes());
                            Entry::File(SourceFile {
                                path: item.path,
                                bytes: data,
                                known_blob_id: Some(BlobId(id)),
                            })
                        }
                    }
                    Err(e) => Entry::Skipped(Skipped {
                        path: item.path,
                        reason: format!("git object {} cannot be read: {e}", item.id),
                    }),
                };
                visit(entry);
            },
        );
    }
}
