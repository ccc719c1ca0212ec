//! A directory on disk, walked in parallel; files are read by the walking threads.

use super::{
    is_excluded, relative_path_string, Entry, LeftOut, Skipped, SourceFile, SourceOptions,
};
use crate::error::io_reason;
use anyhow::Result;
use ignore::{WalkBuilder, WalkState};
use std::path::PathBuf;

/// A directory input. Symbolic links to regular files inside the tree are followed (counted
/// under the link's path, as cloc counts them); links to folders, links that leave the tree,
/// dangle or loop are reported as skipped.
pub struct DirSource {
    /// The top of the tree.
    pub root: PathBuf,
    options: SourceOptions,
}

impl DirSource {
    /// A source for the tree below `root`.
    pub fn new(root: PathBuf, options: SourceOptions) -> DirSource {
        DirSource { root, options }
    }

    pub(super) fn for_each(&self, visit: &(dyn Fn(Entry) + Sync + Send)) -> Result<()> {
        let max = self.options.max_file_size;
        self.walk(visit, &|full, path| visit(read_file(full, path, max)));
        Ok(())
    }

    /// Visit every file for which `last` does not hold while walking, then call `between`,
    /// then visit the files for which it holds. The walk reads and visits files as it finds
    /// them (as [`DirSource::for_each`] does), so only the last files are read after it.
    pub(super) fn for_each_ordered(
        &self,
        last: &(dyn Fn(&str) -> bool + Sync),
        visit: &(dyn Fn(Entry) + Sync + Send),
        between: &mut dyn FnMut(),
    ) -> Result<()> {
        use rayon::prelude::*;
        let max = self.options.max_file_size;
        let waiting = std::sync::Mutex::new(Vec::<(PathBuf, String)>::new());
        self.walk(visit, &|full, path| {
            if last(&path) {
                waiting
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((full.to_path_buf(), path));
            } else {
                visit(read_file(full, path, max));
            }
        });
        between();
        waiting
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .into_par_iter()
            .for_each(|(full, path)| visit(read_file(&full, path, max)));
        Ok(())
    }

    /// Walk the tree in parallel: regular files go to `on_file` (full path, relative path),
    /// everything else that is not a folder is reported to `visit` as skipped.
    fn walk(
        &self,
        visit: &(dyn Fn(Entry) + Sync + Send),
        on_file: &(dyn Fn(&std::path::Path, String) + Sync),
    ) {
        let root = self.root.clone();
        // Links are followed only to files below this (the tree's real location).
        let real_root = std::fs::canonicalize(&root).unwrap_or_else(|_| root.clone());
        let real_root = &real_root;
        let options = &self.options;
        let mut builder = WalkBuilder::new(&root);
        builder
            .standard_filters(false)
            .follow_links(false)
            .threads(super::jobs());
        if options.gitignore {
            builder.git_ignore(true).require_git(false).parents(false);
        }
        let root_for_filter = root.clone();
        let options_for_filter = options.clone();
        let left_out = std::sync::Arc::new(LeftOut::default());
        let left_out_by_filter = left_out.clone();
        builder.filter_entry(move |entry| {
            let rel = match relative_path_string(&root_for_filter, entry.path()) {
                Ok(rel) if rel.is_empty() => return true,
                Ok(rel) => rel,
                // The lossy form keeps every UTF-8 component as it is, so it can be matched.
                Err(lossy) => lossy,
            };
            if is_excluded(&rel, &options_for_filter) {
                left_out_by_filter.note(&rel, &options_for_filter);
                return false;
            }
            true
        });
        builder.build_parallel().run(|| {
            let root = &root;
            Box::new(move |result| {
                match result {
                    Ok(entry) => {
                        if entry.depth() == 0 {
                            return WalkState::Continue;
                        }
                        let Some(file_type) = entry.file_type() else {
                            return WalkState::Continue;
                        };
                        if file_type.is_dir() {
                            // A folder with a name that is not UTF-8 is entered all the same:
                            // its files are reported one by one, as tarballs and git do.
                            return WalkState::Continue;
                        }
                        let path = match relative_path_string(root, entry.path()) {
                            Ok(p) => p,
                            Err(lossy) => {
                                visit(Entry::Skipped(Skipped {
                                    path: lossy,
                                    reason: "file name is not valid UTF-8".into(),
                                }));
                                return WalkState::Continue;
                            }
                        };
                        if file_type.is_symlink() {
                            if links_to_file_inside(entry.path(), real_root) {
                                on_file(entry.path(), path);
                                return WalkState::Continue;
                            }
                            visit(Entry::Skipped(Skipped {
                                path,
                                reason: "symbolic link".into(),
                            }));
                            return WalkState::Continue;
                        }
                        if !file_type.is_file() {
                            visit(Entry::Skipped(Skipped {
                                path,
                                reason: "not a regular file".into(),
                            }));
                            return WalkState::Continue;
                        }
                        on_file(entry.path(), path);
                    }
                    Err(err) => {
                        let path = error_path(&err)
                            .map(|p| relative_path_string(root, p).unwrap_or_else(|lossy| lossy))
                            .unwrap_or_default();
                        let reason = match err.io_error() {
                            Some(io) => io_reason(io),
                            None => err.to_string(),
                        };
                        visit(Entry::Skipped(Skipped { path, reason }));
                    }
                }
                WalkState::Continue
            })
        });
        left_out.list(visit);
    }
}

/// Read one file of the tree, at most `max` bytes: the size `fstat` reports is not trusted
/// (files of `/proc` say 0 and never end), so the read itself stops one byte past the limit.
/// What is not a regular file once opened (a FIFO that replaced the file after the walk saw
/// it) is skipped without a read: the open does not wait for a writer.
fn read_file(full: &std::path::Path, path: String, max: u64) -> Entry {
    use std::io::Read;
    let skipped = |reason: String| {
        Entry::Skipped(Skipped {
            path: path.clone(),
            reason,
        })
    };
    // One open and one fstat per file: the size check uses the open handle.
    let mut file = match super::open_without_blocking(full) {
        Ok(file) => file,
        Err(e) => return skipped(io_reason(&e)),
    };
    let size = match file.metadata() {
        Ok(meta) if !meta.is_file() => return skipped("not a regular file".into()),
        Ok(meta) => meta.len(),
        Err(e) => return skipped(io_reason(&e)),
    };
    let too_large = || format!("larger than the {} MB limit", max / (1024 * 1024));
    if size > max {
        return skipped(too_large());
    }
    let mut bytes = Vec::with_capacity(size as usize + 1);
    if let Err(e) = (&mut file).take(max + 1).read_to_end(&mut bytes) {
        return skipped(io_reason(&e));
    }
    if bytes.len() as u64 > max {
        return skipped(too_large());
    }
    Entry::File(SourceFile {
        path,
        bytes,
        known_blob_id: None,
    })
}

/// Whether a symbolic link resolves (through any chain of links) to a regular file below
/// `real_root`. A dangling link, a loop, a folder or a file outside the tree says no.
fn links_to_file_inside(link: &std::path::Path, real_root: &std::path::Path) -> bool {
    match std::fs::canonicalize(link) {
        Ok(target) => {
            target.starts_with(real_root)
                && std::fs::metadata(&target).is_ok_and(|meta| meta.is_file())
        }
        Err(_) => false,
    }
}

/// The path an error of the walker is about, if it says.
fn error_path(error: &ignore::Error) -> Option<&std::path::Path> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child),
        _ => None,
    }
}
