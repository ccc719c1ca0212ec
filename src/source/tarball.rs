//! A release tarball, decompressed and parsed as a stream: nothing is written to disk, and at
//! most a bounded queue of files is held in memory while worker threads count them.

use super::{is_excluded, Entry, Skipped, SourceFile, SourceOptions};
use crate::error::io_reason;
use anyhow::{anyhow, Result};
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

/// How a tarball is compressed, from its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// `.tar`
    None,
    /// `.tar.gz`, `.tgz`
    Gzip,
    /// `.tar.xz`, `.txz`
    Xz,
    /// `.tar.zst`, `.tzst`
    Zstd,
    /// `.tar.bz2`, `.tbz2`
    Bzip2,
}

impl Compression {
    /// The compression a tarball's name implies, or `None` when the name is not a tarball's.
    pub fn from_name(path: &Path) -> Option<Compression> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let table: &[(&str, Compression)] = &[
            (".tar", Compression::None),
            (".tar.gz", Compression::Gzip),
            (".tgz", Compression::Gzip),
            (".tar.xz", Compression::Xz),
            (".txz", Compression::Xz),
            (".tar.zst", Compression::Zstd),
            (".tzst", Compression::Zstd),
            (".tar.bz2", Compression::Bzip2),
            (".tbz2", Compression::Bzip2),
        ];
        table
            .iter()
            .find(|(suffix, _)| name.ends_with(suffix))
            .map(|&(_, c)| c)
    }
}

/// A tarball input.
pub struct TarSource {
    /// The tarball's path.
    pub path: PathBuf,
    compression: Compression,
    options: SourceOptions,
}

/// How many files may wait between the decompressing thread and the counting threads.
const QUEUE_DEPTH: usize = 256;

impl TarSource {
    /// A source for the tarball at `path`.
    pub fn new(path: PathBuf, compression: Compression, options: SourceOptions) -> TarSource {
        TarSource {
            path,
            compression,
            options,
        }
    }

    fn decoder(&self) -> Result<Box<dyn Read + Send>> {
        let file = std::fs::File::open(&self.path)
            .map_err(|e| anyhow!("{}: {}", self.path.display(), io_reason(&e)))?;
        let file = BufReader::with_capacity(1 << 20, file);
        Ok(match self.compression {
            Compression::None => Box::new(file),
            Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(file)),
            Compression::Xz => Box::new(xz2::read::XzDecoder::new_multi_decoder(file)),
            Compression::Zstd => Box::new(
                zstd::stream::read::Decoder::with_buffer(file)
                    .map_err(|e| anyhow!("{}: {}", self.path.display(), io_reason(&e)))?,
            ),
            Compression::Bzip2 => Box::new(bzip2::read::MultiBzDecoder::new(file)),
        })
    }

    pub(super) fn for_each(&self, visit: &(dyn Fn(Entry) + Sync + Send)) -> Result<()> {
        let decoder = self.decoder()?;
        let (sender, receiver) = crossbeam_channel::bounded::<Entry>(QUEUE_DEPTH);
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
        std::thread::scope(|scope| {
            for _ in 0..workers {
                let receiver = receiver.clone();
                scope.spawn(move || {
                    for entry in receiver {
                        visit(entry);
                    }
                });
            }
            drop(receiver);
            let result = self.read_entries(decoder, &sender);
            drop(sender);
            result
        })
    }

    fn read_entries(
        &self,
        decoder: Box<dyn Read + Send>,
        sender: &crossbeam_channel::Sender<Entry>,
    ) -> Result<()> {
        let label = self.path.display();
        let corrupt =
            |e: std::io::Error| anyhow!("{label}: corrupt or truncated archive: {}", io_reason(&e));
        let mut archive = tar::Archive::new(decoder);
        let mut top: Option<String> = None;
        let mut first = true;
        for entry in archive.entries().map_err(corrupt)? {
            let mut entry = entry.map_err(corrupt)?;
            let header = entry.header();
            let kind = header.entry_type();
            if kind.is_pax_global_extensions()
                || kind.is_pax_local_extensions()
                || kind.is_gnu_longname()
            {
                continue;
            }
            let raw_path = entry.path_bytes().into_owned();
            let Ok(name) = String::from_utf8(raw_path.clone()) else {
                // Reported like any other path: below the top folder, files only, and not when
                // inside an excluded folder (the other sources do the same).
                let lossy = String::from_utf8_lossy(&raw_path).into_owned();
                let lossy = lossy.trim_start_matches("./");
                let lossy = match &top {
                    Some(prefix) => lossy.strip_prefix(prefix.as_str()).unwrap_or(lossy),
                    None => lossy,
                };
                let lossy = lossy.trim_end_matches('/').to_string();
                first = false;
                if !kind.is_dir() && !is_excluded(&lossy, &self.options) {
                    send(
                        sender,
                        Entry::Skipped(Skipped {
                            path: lossy,
                            reason: "file name is not valid UTF-8".into(),
                        }),
                    );
                }
                continue;
            };
            let name = name.trim_start_matches("./").to_string();
            if first {
                first = false;
                // A release tarball wraps the tree in one folder (`linux-6.12/`,
                // `linux-source-7.3/`); strip it. Only a name with a version in it counts, so
                // that an archive of a tree's folders (`drivers/` first) keeps its paths.
                if kind.is_dir() {
                    let trimmed = name.trim_end_matches('/');
                    if is_release_folder(trimmed) {
                        top = Some(format!("{trimmed}/"));
                        continue;
                    }
                }
            }
            let path = match &top {
                Some(prefix) => name
                    .strip_prefix(prefix.as_str())
                    .unwrap_or(&name)
                    .to_string(),
                None => name.clone(),
            };
            let path = path.trim_end_matches('/').to_string();
            if path.is_empty() || kind.is_dir() {
                continue;
            }
            if let Some(reason) = unsafe_path_reason(&path) {
                send(
                    sender,
                    Entry::Skipped(Skipped {
                        path,
                        reason: reason.into(),
                    }),
                );
                continue;
            }
            if is_excluded(&path, &self.options) {
                continue;
            }
            let skipped = |reason: &str| {
                Entry::Skipped(Skipped {
                    path: path.clone(),
                    reason: reason.into(),
                })
            };
            if kind.is_symlink() {
                send(sender, skipped("symbolic link"));
                continue;
            }
            if kind.is_hard_link() {
                send(sender, skipped("hard link"));
                continue;
            }
            if !(kind.is_file() || kind.is_contiguous()) {
                send(sender, skipped("not a regular file"));
                continue;
            }
            let size = entry.size();
            if size > self.options.max_file_size {
                send(
                    sender,
                    skipped(&format!(
                        "larger than the {} MB limit",
                        self.options.max_file_size / (1024 * 1024)
                    )),
                );
                continue;
            }
            let mut bytes = Vec::with_capacity(size as usize);
            entry.read_to_end(&mut bytes).map_err(corrupt)?;
            send(
                sender,
                Entry::File(SourceFile {
                    path,
                    bytes,
                    known_blob_id: None,
                }),
            );
        }
        // The tar reader stops at the end-of-archive blocks; read the rest of the stream so that
        // the decompressor reaches its trailer and checks it (a cut or corrupt end, a checksum
        // that does not match the data) instead of leaving it unread.
        std::io::copy(&mut archive.into_inner(), &mut std::io::sink()).map_err(corrupt)?;
        Ok(())
    }
}

fn send(sender: &crossbeam_channel::Sender<Entry>, entry: Entry) {
    // The receivers live as long as the scope; a send can only fail if every worker panicked,
    // and then the scope re-raises the panic.
    let _ = sender.send(entry);
}

/// Why a tar member's path cannot be a path inside the tree, if it cannot.
fn unsafe_path_reason(path: &str) -> Option<&'static str> {
    if path.starts_with('/') {
        return Some("absolute path in archive");
    }
    if path.split('/').any(|c| c == "..") {
        return Some("path leaves the tree (`..`)");
    }
    None
}

/// `linux-6.12`, `linux-source-7.3`, `kernel-v7.0-rc1`: one path component holding a `-`
/// followed by a version (a digit, or `v` and a digit).
fn is_release_folder(name: &str) -> bool {
    !name.is_empty()
        && !name.contains('/')
        && name.match_indices('-').any(|(at, _)| {
            let rest = name[at + 1..].trim_start_matches('v');
            rest.starts_with(|c: char| c.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::is_release_folder;

    #[test]
    fn release_folders() {
        assert!(is_release_folder("linux-6.12"));
        assert!(is_release_folder("linux-source-7.3"));
        assert!(is_release_folder("linux-v7.0-rc1"));
        assert!(!is_release_folder("drivers"));
        assert!(!is_release_folder("linux"));
        assert!(!is_release_folder("a/linux-6.1"));
    }
}
