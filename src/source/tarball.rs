//! A release tarball, decompressed and parsed as a stream: nothing is written to disk, and at
//! most a bounded queue of files (bounded in count and in bytes) is held in memory while worker
//! threads count them. What the archive unpacks to is bounded too
//! ([`super::max_unpacked_size`]), so that a decompression bomb ends with an error.

use super::{
    format_size, is_excluded, max_unpacked_size, Entry, LeftOut, Skipped, SourceFile, SourceOptions,
};
use crate::error::io_reason;
use anyhow::{anyhow, Result};
use pax::PaxRecords;
use std::collections::{HashMap, HashSet};
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};

mod gzip;
mod pax;
mod segments;
mod xz_blocks;
mod xz_parallel;

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
    /// The compressed stream's position and size, for a progress line.
    pub(super) meter: Arc<super::Meter>,
    /// After a first read: of each path that more than one member has, the ordinal of its
    /// last member (the one extracting the archive leaves on disk). `None` before any read.
    last_members: Mutex<Option<HashMap<String, u64>>>,
}

/// How many files may wait between the decompressing thread and the counting threads.
const QUEUE_DEPTH: usize = 256;

/// How many bytes of file content may be queued or being counted at once. Kernel files are
/// small (20 KB on average), so this never slows a real tree down; it keeps an archive of
/// many files near the size limit from filling memory with [`QUEUE_DEPTH`] of them.
const QUEUE_BYTES: u64 = 64 << 20;

impl TarSource {
    /// A source for the tarball at `path`.
    pub fn new(path: PathBuf, compression: Compression, options: SourceOptions) -> TarSource {
        TarSource {
            path,
            compression,
            options,
            meter: Arc::default(),
            last_members: Mutex::new(None),
        }
    }

    fn decoder(&self) -> Result<Box<dyn Read + Send>> {
        let file = super::open_without_blocking(&self.path)
            .map_err(|e| anyhow!("{}: {}", self.path.display(), io_reason(&e)))?;
        // Checked on the open handle too: the path may have become a FIFO since it was opened.
        let size = match file.metadata() {
            Ok(meta) if meta.is_file() => meta.len(),
            _ => {
                return Err(anyhow!(
                    "{}: not a regular file or a directory (a FIFO, a device or a socket)",
                    self.path.display()
                ))
            }
        };
        // The position in the compressed stream is what tells how far a pass has got.
        self.meter.bytes_total.store(size, Ordering::Relaxed);
        self.meter.bytes_read.store(0, Ordering::Relaxed);
        if self.compression == Compression::Xz {
            // An archive in blocks is decompressed on several threads (`xz_parallel`).
            let handle = file.try_clone().ok();
            if let Some(parallel) =
                handle.and_then(|h| xz_parallel::ParallelXz::of(h, Arc::clone(&self.meter)))
            {
                return Ok(Box::new(parallel));
            }
            // Looking for the blocks moved the handle's position (shared with its clone).
            (&file)
                .seek(SeekFrom::Start(0))
                .map_err(|e| anyhow!("{}: {}", self.path.display(), io_reason(&e)))?;
        }
        let file = Metered {
            inner: file,
            meter: Arc::clone(&self.meter),
        };
        let file = BufReader::with_capacity(1 << 20, file);
        Ok(match self.compression {
            Compression::None => Box::new(file),
            Compression::Gzip => Box::new(gzip::GzipMembers::new(file)),
            Compression::Xz => Box::new(xz2::read::XzDecoder::new_multi_decoder(file)),
            Compression::Zstd => Box::new(
                zstd::stream::read::Decoder::with_buffer(file)
                    .map_err(|e| anyhow!("{}: {}", self.path.display(), io_reason(&e)))?,
            ),
            Compression::Bzip2 => Box::new(bzip2::read::MultiBzDecoder::new(file)),
        })
    }

    pub(super) fn for_each(&self, visit: &(dyn Fn(Entry) + Sync + Send)) -> Result<()> {
        let limit = max_unpacked_size();
        let exceeded = Arc::new(AtomicBool::new(false));
        let decoder = Unpacked {
            inner: self.decoder()?,
            left: limit,
            exceeded: Arc::clone(&exceeded),
            trailing_zeros: 0,
        };
        let (sender, receiver) = crossbeam_channel::bounded::<Entry>(QUEUE_DEPTH);
        let queued = ByteBudget::new(QUEUE_BYTES);
        let workers = super::jobs();
        std::thread::scope(|scope| {
            for _ in 0..workers {
                let receiver = receiver.clone();
                let queued = &queued;
                scope.spawn(move || {
                    for entry in receiver {
                        // Released when the entry has been visited, or if the visit panics
                        // (the reader must not wait for it forever then).
                        let _release = queued.release_on_drop(entry_bytes(&entry));
                        visit(entry);
                    }
                });
            }
            drop(receiver);
            let mut links = PendingLinks::default();
            let mut result = self.read_entries(decoder, &sender, &queued, &mut links, None);
            if result.is_ok() {
                result = self.note_duplicates(&mut links);
            }
            if result.is_ok() {
                result = self.send_links(links, &sender, &queued, &exceeded);
            }
            drop(sender);
            result.map_err(|e| {
                if exceeded.load(Ordering::Relaxed) {
                    anyhow!(
                        "{}: unpacks to more than {} bytes ({}), the limit against decompression bombs; raise it with --max-unpacked-size",
                        self.path.display(),
                        limit,
                        format_size(limit)
                    )
                } else {
                    e
                }
            })
        })
    }

    /// After a first read: remember which member of each path is the last, and fail with
    /// [`ReadAgain`] when any path had more than one (the members sent so far include the
    /// superseded ones). Every later read passes over the superseded members.
    fn note_duplicates(&self, links: &mut PendingLinks) -> Result<()> {
        let mut known = self.last_members.lock().unwrap_or_else(|e| e.into_inner());
        if known.is_some() {
            return Ok(());
        }
        let ordinals = std::mem::take(&mut links.ordinals);
        let last: HashMap<String, u64> = std::mem::take(&mut links.duplicated)
            .into_iter()
            .map(|path| {
                let ordinal = ordinals[&path];
                (path, ordinal)
            })
            .collect();
        let paths = last.len();
        *known = Some(last);
        if paths == 0 {
            return Ok(());
        }
        Err(anyhow::Error::new(ReadAgain {
            input: self.path.display().to_string(),
            paths,
        }))
    }

    /// Whether the member at `path`, the `ordinal`-th member with a path, is the last of its
    /// path: always in a first read (which notes what it sees), and after one as noted.
    fn is_last_member(&self, path: &str, ordinal: u64, links: &mut PendingLinks) -> bool {
        let known = self.last_members.lock().unwrap_or_else(|e| e.into_inner());
        match known.as_ref() {
            Some(last) => last.get(path).is_none_or(|&at| at == ordinal),
            None => {
                if links.ordinals.insert(path.to_string(), ordinal).is_some() {
                    links.duplicated.insert(path.to_string());
                }
                true
            }
        }
    }

    /// The links met in the first pass: those that lead to a regular member are sent
    /// as files under their own path with the member's bytes (kept from the first pass when
    /// the link came first, read again otherwise: from the `.xz` blocks that hold them when
    /// the archive has several (`segments`), else in a second pass over the archive); the
    /// others are skipped.
    fn send_links(
        &self,
        links: PendingLinks,
        sender: &crossbeam_channel::Sender<Entry>,
        queued: &ByteBudget,
        exceeded: &Arc<AtomicBool>,
    ) -> Result<()> {
        let send = |entry: Entry| {
            queued.acquire(entry_bytes(&entry));
            send_entry(sender, entry);
        };
        let targets: HashMap<String, Option<String>> = links.links.iter().cloned().collect();
        let mut second: HashMap<String, Vec<String>> = HashMap::new();
        for (path, _) in links.links {
            match super::follow_links(&targets, &path) {
                Some(target) if links.kept.contains_key(&target) => {
                    send(Entry::File(SourceFile {
                        path,
                        bytes: links.kept[&target].clone(),
                        known_blob_id: None,
                    }));
                }
                Some(target) if links.files.contains_key(&target) => {
                    second.entry(target).or_default().push(path);
                }
                _ => {
                    let reason = if links.hard.contains(&path) {
                        "hard link"
                    } else {
                        "symbolic link"
                    };
                    send(Entry::Skipped(Skipped {
                        path,
                        reason: reason.into(),
                    }))
                }
            }
        }
        // Read from the block that holds each member when the compression allows it; what
        // that does not find is read by decompressing the archive from its start again.
        let second =
            self.read_targets_from_blocks(second, &links.files, &links.top, sender, queued);
        if second.is_empty() {
            return Ok(());
        }
        let decoder = Unpacked {
            inner: self.decoder()?,
            left: max_unpacked_size(),
            exceeded: Arc::clone(exceeded),
            trailing_zeros: 0,
        };
        let mut unused = PendingLinks::default();
        self.read_entries(decoder, sender, queued, &mut unused, Some(&second))
    }

    /// Read the archive's members. In the first pass (`second` is `None`) every member is sent
    /// (as a file or skipped) except links (symbolic and hard), which are gathered in `links`. In the
    /// second pass only the members `second` names are read, and sent as the links to them.
    fn read_entries(
        &self,
        decoder: Unpacked,
        sender: &crossbeam_channel::Sender<Entry>,
        queued: &ByteBudget,
        links: &mut PendingLinks,
        second: Option<&HashMap<String, Vec<String>>>,
    ) -> Result<()> {
        let label = self.path.display();
        let corrupt =
            |e: std::io::Error| anyhow!("{label}: corrupt or truncated archive: {}", io_reason(&e));
        let mut pass = Pass {
            source: self,
            sender,
            queued,
            links,
            second,
            to_find: second
                .map(|s| s.keys().cloned().collect())
                .unwrap_or_default(),
            top: TopFolder::default(),
            ordinal: 0,
            left_out: LeftOut::default(),
            changed: false,
            group_start: None,
            expected_first: None,
        };
        let mut archive = tar::Archive::new(decoder);
        // Where the next member's headers start in the decompressed stream (the previous
        // member's data rounded up to 512 bytes); unknown after a GNU sparse member, whose
        // extra headers follow its own.
        let mut next_group = Some(0u64);
        for entry in archive.entries().map_err(corrupt)? {
            let mut entry = entry.map_err(corrupt)?;
            pass.group_start = next_group;
            next_group = match entry.header().entry_type().is_gnu_sparse() {
                true => None,
                false => entry
                    .raw_file_position()
                    .checked_add(entry.size().div_ceil(512) * 512),
            };
            if pass.member(&mut entry).map_err(corrupt)? {
                if pass.changed {
                    return Err(changed_between_passes(&label));
                }
                // The first pass read (and checked) the whole archive already.
                return Ok(());
            }
        }
        if !pass.to_find.is_empty() {
            // Members the first pass read are missing: what the links lead to is gone.
            return Err(changed_between_passes(&label));
        }
        let mut rest = archive.into_inner();
        // The tar reader stops at a block of zeros (the end-of-archive marker) or at the end of
        // the stream; only the first is a whole archive. A plain `.tar` cut between two members
        // would otherwise read as a complete, smaller tree.
        if rest.trailing_zeros < 512 {
            return Err(anyhow!(
                "{label}: corrupt or truncated archive: no end-of-archive marker"
            ));
        }
        // Read the rest of the stream so that the decompressor reaches its trailer and checks
        // it (a cut or corrupt end, a checksum that does not match the data) instead of leaving
        // it unread.
        std::io::copy(&mut rest, &mut std::io::sink()).map_err(corrupt)?;
        pass.links.top = pass.top.clone();
        let left_out = std::mem::take(&mut pass.left_out);
        left_out.list(|entry| pass.send(entry));
        Ok(())
    }
}

/// One pass over an archive's members (see [`TarSource::read_entries`]): where members go,
/// and what the pass has seen so far.
struct Pass<'a> {
    source: &'a TarSource,
    sender: &'a crossbeam_channel::Sender<Entry>,
    queued: &'a ByteBudget,
    links: &'a mut PendingLinks,
    /// Second pass: the members to read, each with the links to send it as.
    second: Option<&'a HashMap<String, Vec<String>>>,
    /// Second pass: the members still to find; the pass ends at the last one.
    to_find: HashSet<String>,
    top: TopFolder,
    /// How many members with a path (not folders) went by: the ordinal of the next one.
    ordinal: u64,
    /// Version-control folders met, listed as skipped at the end of the first pass.
    left_out: LeftOut,
    /// Second pass: a member the first pass read could not be read again.
    changed: bool,
    /// Where the current member's headers start in the decompressed stream, when known.
    group_start: Option<u64>,
    /// A read that starts in the middle of the archive (`segments`): the path its first
    /// member must have; another one means the archive is not what the first pass read.
    expected_first: Option<String>,
}

/// The error of a second pass that does not find what the first one read: the file was
/// replaced or rewritten between the two reads. Its links are neither sent nor skipped in
/// silence; the read fails as a whole.
fn changed_between_passes(label: &impl std::fmt::Display) -> anyhow::Error {
    anyhow!(
        "{label}: the archive changed while it was read (a member read once was not found again)"
    )
}

/// A member's path in the tree, and why it is skipped when its path cannot be one.
struct Member {
    path: String,
    refused: Option<String>,
}

impl Pass<'_> {
    /// Sends one member (as a file or skipped), gathers it (a link, in the first pass)
    /// or passes over it. `Ok(true)`: the second pass has found its last member.
    fn member(&mut self, entry: &mut tar::Entry<'_, Unpacked>) -> std::io::Result<bool> {
        let kind = entry.header().entry_type();
        if kind.is_pax_global_extensions()
            || kind.is_pax_local_extensions()
            || kind.is_gnu_longname()
        {
            return Ok(false);
        }
        let pax = PaxRecords::of(entry)?;
        let Some(member) = self.member_path(entry, kind, pax.sparse_name.as_deref()) else {
            return Ok(false);
        };
        if let Some(expected) = self.expected_first.take() {
            if member.path != expected {
                self.changed = true;
                return Ok(true);
            }
        }
        // Members that share a path: the last one wins, as extracting the archive gives.
        let ordinal = self.ordinal;
        self.ordinal += 1;
        if !self
            .source
            .is_last_member(&member.path, ordinal, self.links)
        {
            return Ok(false);
        }
        let path = member.path;
        if let Some(reason) = member.refused {
            self.send(Entry::Skipped(Skipped { path, reason }));
            return Ok(false);
        }
        if kind.is_symlink() || kind.is_hard_link() {
            if self.second.is_none() {
                let name = entry
                    .link_name_bytes()
                    .and_then(|name| String::from_utf8(name.into_owned()).ok());
                let target = name.and_then(|name| {
                    if kind.is_hard_link() {
                        self.hard_link_target(&name)
                    } else {
                        super::link_target_in_tree(&path, &name)
                    }
                });
                if let Some(target) = &target {
                    self.links.wanted.insert(target.clone());
                }
                if kind.is_hard_link() {
                    self.links.hard.insert(path.clone());
                }
                self.links.links.push((path, target));
            }
            return Ok(false);
        }
        let max = self.source.options.max_file_size;
        let size = match pax.is_sparse() {
            true => pax.sparse_real_size.unwrap_or(u64::MAX),
            false => entry.size(),
        };
        if let Some(reason) = unread_reason(kind, size, max).or_else(|| sparse_reason(&pax)) {
            self.send(Entry::Skipped(Skipped { path, reason }));
            return Ok(false);
        }
        if let Some(second) = self.second {
            let Some(link_paths) = second.get(&path).filter(|_| self.to_find.contains(&path))
            else {
                return Ok(false);
            };
            let Ok(bytes) = read_member(entry, &pax)? else {
                // The first pass read this member; a read that fails now means the archive
                // changed between the passes. Its links are not sent: the whole read fails.
                self.changed = true;
                return Ok(true);
            };
            self.to_find.remove(&path);
            for link in link_paths {
                let file = Entry::File(SourceFile {
                    path: link.clone(),
                    bytes: bytes.clone(),
                    known_blob_id: None,
                });
                self.queued.acquire(entry_bytes(&file));
                send_entry(self.sender, file);
            }
            return Ok(self.to_find.is_empty());
        }
        let bytes = match read_member(entry, &pax)? {
            Ok(bytes) => bytes,
            Err(reason) => {
                self.send(Entry::Skipped(Skipped { path, reason }));
                return Ok(false);
            }
        };
        let at = Located {
            offset: self.group_start,
            ordinal,
        };
        self.links.files.insert(path.clone(), at);
        if self.links.wanted.contains(&path) {
            self.links.kept.insert(path.clone(), bytes.clone());
        }
        self.send(Entry::File(SourceFile {
            path,
            bytes,
            known_blob_id: None,
        }));
        Ok(false)
    }

    /// The member's path in the tree (the release folder stripped), or `None` when the member
    /// is not a file of the tree: a folder or an excluded path. A member with a path that is
    /// not UTF-8 or leaves the tree comes with the reason it is skipped.
    fn member_path(
        &mut self,
        entry: &tar::Entry<'_, Unpacked>,
        kind: tar::EntryType,
        real_name: Option<&[u8]>,
    ) -> Option<Member> {
        let raw_path = real_name.map_or_else(|| entry.path_bytes().into_owned(), <[u8]>::to_vec);
        let nul = raw_path.contains(&0);
        let text = String::from_utf8(raw_path.clone()).ok().filter(|_| !nul);
        let Some(name) = text else {
            // Reported like any other path: below the top folder, files only, and not when
            // inside an excluded folder (the other sources do the same). A NUL (possible
            // only in a PAX path record) ends the name for extracting tools; shown as U+FFFD.
            let lossy = String::from_utf8_lossy(&raw_path).replace('\0', "\u{fffd}");
            let lossy = normalized_name(&lossy);
            let lossy = self.top.strip(&lossy).to_string();
            self.top.first_seen = true;
            if is_excluded(&lossy, &self.source.options) {
                self.left_out.note(&lossy, &self.source.options);
                return None;
            }
            if kind.is_dir() {
                return None;
            }
            let reason = match nul {
                true => "member name holds a NUL byte",
                false => "file name is not valid UTF-8",
            };
            return Some(Member {
                path: lossy,
                refused: Some(reason.into()),
            });
        };
        let name = normalized_name(&name);
        self.top.see(&name, kind.is_dir());
        let path = self.top.strip(&name).to_string();
        if path.is_empty() {
            return None;
        }
        if kind.is_dir() {
            if unsafe_path_reason(&path).is_none() && is_excluded(&path, &self.source.options) {
                self.left_out.note(&path, &self.source.options);
            }
            return None;
        }
        if let Some(reason) = unsafe_path_reason(&path) {
            return Some(Member {
                path,
                refused: Some(reason.into()),
            });
        }
        if is_excluded(&path, &self.source.options) {
            self.left_out.note(&path, &self.source.options);
            return None;
        }
        Some(Member {
            path,
            refused: None,
        })
    }

    /// The tree path a hard link member names: the path of an earlier member, written from the
    /// archive's root (`linux-7.3/a/b.c`), not from the link's folder as a symbolic link's is.
    /// `None` when it is not a path of the tree.
    fn hard_link_target(&self, name: &str) -> Option<String> {
        let name = normalized_name(name);
        let path = self.top.strip(&name);
        (!path.is_empty() && unsafe_path_reason(path).is_none()).then(|| path.to_string())
    }

    /// Sends an entry in the first pass (the second sends only the links it resolves).
    fn send(&self, entry: Entry) {
        if self.second.is_some() {
            return;
        }
        self.queued.acquire(entry_bytes(&entry));
        send_entry(self.sender, entry);
    }
}

/// The one folder a release tarball wraps its tree in, if it has one.
#[derive(Default, Clone)]
struct TopFolder {
    /// The folder with its `/` (`linux-6.12/`).
    prefix: Option<String>,
    /// Whether the first member went by.
    first_seen: bool,
}

impl TopFolder {
    /// Looks at a member's name (without a leading `./`); only the first member's counts.
    fn see(&mut self, name: &str, is_dir: bool) {
        if self.first_seen {
            return;
        }
        self.first_seen = true;
        // A release tarball wraps the tree in one folder (`linux-6.12/`,
        // `linux-source-7.3/`); strip it. Only a name with a version in it counts, so that an
        // archive of a tree's folders (`drivers/` first) keeps its paths. The folder is taken
        // from the first member's path, not from a folder entry: an archive made from a list
        // of files (`tar --no-recursion -T`) has none.
        let trimmed = name.trim_end_matches('/');
        let folder = match trimmed.split_once('/') {
            Some((folder, _)) => Some(folder),
            None => is_dir.then_some(trimmed),
        };
        if let Some(folder) = folder.filter(|f| is_release_folder(f)) {
            self.prefix = Some(format!("{folder}/"));
        }
    }

    /// `name` without the folder (the folder itself is the empty name).
    fn strip<'n>(&self, name: &'n str) -> &'n str {
        match &self.prefix {
            Some(prefix) if name == prefix.trim_end_matches('/') => "",
            Some(prefix) => name.strip_prefix(prefix.as_str()).unwrap_or(name),
            None => name,
        }
    }
}

/// Why a member that is not a link is not read as a file, if it is not: not a regular file,
/// or larger than `max_file_size`.
fn unread_reason(kind: tar::EntryType, size: u64, max_file_size: u64) -> Option<String> {
    // A GNU sparse member (type `S`) is rebuilt by the `tar` crate, holes as NUL bytes.
    if !(kind.is_file() || kind.is_contiguous() || kind.is_gnu_sparse()) {
        return Some("not a regular file".into());
    }
    if size > max_file_size {
        return Some(format!(
            "larger than the {} MB limit",
            max_file_size / (1024 * 1024)
        ));
    }
    None
}

/// The links of the first pass over an archive, and what resolving them needs. A hard link
/// member is a reference to an earlier member's content: it is resolved as a symbolic link to
/// that member is, and so read as a file under its own path, as extracting the archive gives
/// (and the census then finds the two copies identical, as it does in a directory).
#[derive(Default)]
struct PendingLinks {
    /// Each link member (symbolic or hard): its path and the tree path it names (`None`:
    /// outside the tree).
    links: Vec<(String, Option<String>)>,
    /// The paths of the hard link members among `links`.
    hard: HashSet<String>,
    /// The paths links named so far.
    wanted: HashSet<String>,
    /// Every regular member's path, with where it is in the archive.
    files: HashMap<String, Located>,
    /// The folder the first pass found the tree in (a read from the middle of the archive
    /// does not see the first member).
    top: TopFolder,
    /// The bytes of members a link named before they came.
    kept: HashMap<String, Vec<u8>>,
    /// First read: the ordinal of the last member of each path so far.
    ordinals: HashMap<String, u64>,
    /// First read: the paths more than one member had.
    duplicated: HashSet<String>,
}

/// Where a regular member is in the archive, for reading it again without reading what comes
/// before it (`segments`).
#[derive(Debug, Clone, Copy)]
struct Located {
    /// The offset of its first header in the decompressed stream, when known.
    offset: Option<u64>,
    /// Its ordinal among the members with a path.
    ordinal: u64,
}

/// The end of a tarball's first read when members share a path (`tar -r` appends a newer
/// version of a file after the old one): the visits so far include members a later one
/// supersedes. The source now knows the last member of each path, and a new read visits only
/// those ([`read_again_after_duplicates`](super::read_again_after_duplicates)).
#[derive(Debug)]
pub struct ReadAgain {
    /// The archive.
    pub input: String,
    /// How many paths had more than one member.
    pub paths: usize,
}

impl std::fmt::Display for ReadAgain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} paths have more than one member; read again so that the last member of each wins",
            self.input, self.paths
        )
    }
}

impl std::error::Error for ReadAgain {}

fn send_entry(sender: &crossbeam_channel::Sender<Entry>, entry: Entry) {
    // The receivers live as long as the scope; a send can only fail if every worker panicked,
    // and then the scope re-raises the panic.
    let _ = sender.send(entry);
}

/// The content bytes an entry holds in memory.
fn entry_bytes(entry: &Entry) -> u64 {
    match entry {
        Entry::File(file) => file.bytes.len() as u64,
        Entry::Unread(_) | Entry::Skipped(_) => 0,
    }
}

/// A count of bytes in flight, bounded: [`ByteBudget::acquire`] waits until the bytes fit. One
/// entry larger than the whole budget is let through alone, so nothing waits forever.
struct ByteBudget {
    capacity: u64,
    used: Mutex<u64>,
    freed: Condvar,
}

/// Gives its bytes back to the budget when dropped.
struct Release<'a> {
    budget: &'a ByteBudget,
    bytes: u64,
}

impl ByteBudget {
    fn new(capacity: u64) -> ByteBudget {
        ByteBudget {
            capacity,
            used: Mutex::new(0),
            freed: Condvar::new(),
        }
    }

    fn acquire(&self, bytes: u64) {
        let mut used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        while *used > 0 && *used + bytes > self.capacity {
            used = self.freed.wait(used).unwrap_or_else(|e| e.into_inner());
        }
        *used += bytes;
    }

    fn release_on_drop(&self, bytes: u64) -> Release<'_> {
        Release {
            budget: self,
            bytes,
        }
    }
}

impl Drop for Release<'_> {
    fn drop(&mut self) {
        let mut used = self.budget.used.lock().unwrap_or_else(|e| e.into_inner());
        *used -= self.bytes;
        self.budget.freed.notify_all();
    }
}

/// The decompressed stream as the tar reader reads it: it fails once it has yielded more than
/// `left` more bytes (and sets `exceeded`, so that the error reads as the limit and not as a
/// corrupt archive), and it knows how many zero bytes ended what it has yielded so far.
struct Unpacked {
    inner: Box<dyn Read + Send>,
    left: u64,
    exceeded: Arc<AtomicBool>,
    trailing_zeros: u64,
}

impl Read for Unpacked {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.left == 0 {
            // An archive of exactly the limit is fine: fail only if there is more.
            if self.inner.read(&mut [0u8; 1])? == 0 {
                return Ok(0);
            }
            self.exceeded.store(true, Ordering::Relaxed);
            return Err(std::io::Error::other("unpacked size limit reached"));
        }
        let wanted = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let read = self.inner.read(&mut buf[..wanted])?;
        self.left -= read as u64;
        let chunk = &buf[..read];
        match chunk.iter().rposition(|&b| b != 0) {
            Some(last) => self.trailing_zeros = (read - last - 1) as u64,
            None => self.trailing_zeros += read as u64,
        }
        Ok(read)
    }
}

/// The archive's file, counting the bytes read from it into the source's [`super::Meter`].
struct Metered {
    inner: std::fs::File,
    meter: Arc<super::Meter>,
}

impl Read for Metered {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.meter
            .bytes_read
            .fetch_add(read as u64, Ordering::Relaxed);
        Ok(read)
    }
}

/// Why a tar member's path cannot be a path inside the tree, if it cannot.
/// A member's name as extracting reads it: `.` components and repeated or trailing `/`
/// dropped (`./linux-7.3//d.c` is `linux-7.3/d.c`, not an absolute path once the top folder
/// is stripped); a name that starts with `/` keeps one, so that it is refused as absolute.
fn normalized_name(name: &str) -> String {
    let parts: Vec<&str> = name
        .split('/')
        .filter(|part| !part.is_empty() && *part != ".")
        .collect();
    let joined = parts.join("/");
    match name.starts_with('/') {
        true => format!("/{joined}"),
        false => joined,
    }
}

/// Why a sparse member in PAX form is not read, when it cannot be: only format 1.0 is rebuilt.
fn sparse_reason(pax: &PaxRecords) -> Option<String> {
    match pax.sparse_version {
        None => None,
        Some((1, 0)) if pax.sparse_real_size.is_some() => None,
        Some((1, 0)) => Some("malformed GNU sparse member (no real size)".into()),
        Some((major, minor)) => Some(format!(
            "GNU sparse member of format {major}.{minor}, not read (only 1.0 is)"
        )),
    }
}

/// A member's content, as extracting gives it: a sparse member rebuilt with its holes. The
/// outer `Err` is the archive's (a read that failed); the inner one a member that cannot be
/// rebuilt, with the reason it is skipped.
fn read_member(
    entry: &mut tar::Entry<'_, Unpacked>,
    pax: &PaxRecords,
) -> std::io::Result<std::result::Result<Vec<u8>, String>> {
    let mut bytes = Vec::with_capacity(entry.size() as usize);
    entry.read_to_end(&mut bytes)?;
    match (pax.is_sparse(), pax.sparse_real_size) {
        (true, Some(real_size)) => Ok(pax::rebuild_sparse_1_0(&bytes, real_size)),
        _ => Ok(Ok(bytes)),
    }
}

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
mod tests;
