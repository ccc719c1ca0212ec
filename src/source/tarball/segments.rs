//! Reading again the members that links lead to, from the `.xz` block that holds each,
//! instead of decompressing the archive from its start: in a kernel tarball the last such
//! member lies near the end (`tools/perf/pmu-events/...`), so a pass from the start costs
//! almost a second decompression of the whole archive; from the blocks it costs a few of them.
//!
//! What a read from a block does not find as the first pass saw it (another member at the
//! recorded offset, a read error) is left to the pass from the start, which reports a changed
//! or corrupt archive as before.

use super::xz_blocks::XzBlocks;
use super::{ByteBudget, Compression, Located, Pass, PendingLinks, TarSource, TopFolder, Unpacked};
use crate::source::{max_unpacked_size, Entry, LeftOut};
use std::collections::{HashMap, HashSet};
use std::io::{BufReader, Cursor, Read};
use std::os::unix::fs::FileExt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// A member to read again: where its headers start, its ordinal, its path.
type Target = (u64, u64, String);

impl TarSource {
    /// Sends the links of `second` (member path: the links to send its bytes as) whose
    /// members can be read from the block that holds them; returns the rest.
    pub(super) fn read_targets_from_blocks(
        &self,
        mut second: HashMap<String, Vec<String>>,
        files: &HashMap<String, Located>,
        top: &TopFolder,
        sender: &crossbeam_channel::Sender<Entry>,
        queued: &ByteBudget,
    ) -> HashMap<String, Vec<String>> {
        if self.compression != Compression::Xz {
            return second;
        }
        let Ok(mut file) = crate::source::open_without_blocking(&self.path) else {
            return second;
        };
        let Some(blocks) = XzBlocks::of(&mut file) else {
            return second;
        };
        let mut targets: Vec<Target> = second
            .keys()
            .filter_map(|path| {
                let at = files.get(path)?;
                Some((at.offset?, at.ordinal, path.clone()))
            })
            .collect();
        targets.sort_unstable();
        let read = Reads {
            source: self,
            file: Arc::new(file),
            blocks: &blocks,
            top,
            sender,
            queued,
        };
        let runs = segments(&targets, &blocks);
        // The runs are independent: they are read side by side, as many at once as there
        // are counting threads (which have little to do once the first pass has ended).
        let next = AtomicUsize::new(0);
        let missed: Mutex<HashSet<String>> = Mutex::default();
        std::thread::scope(|scope| {
            for _ in 0..crate::source::jobs().min(runs.len()) {
                scope.spawn(|| {
                    while let Some(run) = runs.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let wanted: HashMap<String, Vec<String>> = run
                            .iter()
                            .map(|(_, _, path)| (path.clone(), second[path].clone()))
                            .collect();
                        let not_found = read.segment(run, &wanted);
                        missed
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .extend(not_found);
                    }
                });
            }
        });
        let missed = missed.into_inner().unwrap_or_else(|e| e.into_inner());
        for (_, _, path) in &targets {
            if !missed.contains(path) {
                second.remove(path);
            }
        }
        second
    }
}

/// The targets (sorted by offset) in runs read in one go: the next target joins the run when
/// its block starts before the run's last target, so that reading on costs less than
/// starting again at its block.
fn segments<'t>(targets: &'t [Target], blocks: &XzBlocks) -> Vec<&'t [Target]> {
    let mut runs = Vec::new();
    let mut start = 0;
    for i in 1..targets.len() {
        if blocks.containing(targets[i].0).uncompressed > targets[i - 1].0 {
            runs.push(&targets[start..i]);
            start = i;
        }
    }
    if start < targets.len() {
        runs.push(&targets[start..]);
    }
    runs
}

/// The archive's file read from a position of this reader's own (`pread`).
struct At {
    file: Arc<std::fs::File>,
    position: u64,
}

impl Read for At {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.file.read_at(buf, self.position)?;
        self.position += read as u64;
        Ok(read)
    }
}

/// What reads from a block share.
struct Reads<'a> {
    source: &'a TarSource,
    file: Arc<std::fs::File>,
    blocks: &'a XzBlocks,
    top: &'a TopFolder,
    sender: &'a crossbeam_channel::Sender<Entry>,
    queued: &'a ByteBudget,
}

impl Reads<'_> {
    /// Reads one run of targets from the block that holds the first, sending the links of
    /// each; returns the targets not found (all of them when the read fails early).
    fn segment(&self, run: &[Target], wanted: &HashMap<String, Vec<String>>) -> HashSet<String> {
        let all: HashSet<String> = run.iter().map(|(_, _, path)| path.clone()).collect();
        let (offset, ordinal, first) = &run[0];
        let Some(decoder) = self.decoder_at(*offset) else {
            return all;
        };
        let mut unused = PendingLinks::default();
        let mut pass = Pass {
            source: self.source,
            sender: self.sender,
            queued: self.queued,
            links: &mut unused,
            second: Some(wanted),
            to_find: all,
            top: self.top.clone(),
            ordinal: *ordinal,
            left_out: LeftOut::default(),
            changed: false,
            group_start: None,
            expected_first: Some(first.clone()),
        };
        let mut archive = tar::Archive::new(decoder);
        let Ok(entries) = archive.entries() else {
            return pass.to_find;
        };
        for entry in entries {
            let Ok(mut entry) = entry else { break };
            match pass.member(&mut entry) {
                Ok(false) => {}
                Ok(true) | Err(_) => break,
            }
        }
        pass.to_find
    }

    /// The decompressed stream from `offset` on, decompressed from the block that holds it.
    fn decoder_at(&self, offset: u64) -> Option<Unpacked> {
        let block = self.blocks.containing(offset);
        // Read at positions of its own: runs are read side by side from one open file (a
        // cloned handle would share its offset with the others).
        let file = At {
            file: Arc::clone(&self.file),
            position: block.compressed,
        };
        // The stream header, then the stream from the block on: a decoder reads that as a
        // stream whose first block is this one.
        let stream = Cursor::new(self.blocks.header).chain(BufReader::with_capacity(1 << 20, file));
        let mut decoder = xz2::read::XzDecoder::new(stream);
        let skip = offset - block.uncompressed;
        let skipped = std::io::copy(&mut (&mut decoder).take(skip), &mut std::io::sink()).ok()?;
        (skipped == skip).then(|| Unpacked {
            inner: Box::new(decoder),
            left: max_unpacked_size(),
            exceeded: Arc::default(),
            trailing_zeros: 0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ByteBudget, Compression, PendingLinks, TarSource, Unpacked};
    use crate::source::{Entry, SourceOptions};
    use std::collections::HashMap;

    /// A release tarball in `.xz` blocks of 64 KiB: `a.c` first, 40 files of 10 KB after it
    /// (400 KB: several blocks), `b.c`, then links to both.
    fn archive() -> Vec<u8> {
        let mut builder = tar::Builder::new(Vec::new());
        let mut file = |path: &str, bytes: &[u8]| {
            let mut header = tar::Header::new_gnu();
            header.set_size(bytes.len() as u64);
            header.set_mode(0o644);
            header.set_cksum();
            builder.append_data(&mut header, path, bytes).unwrap();
        };
        file("linux-9.9/a.c", b"int a;\n");
        for i in 0..40u32 {
            let filler: Vec<u8> = (0..10_000u32)
                .map(|j| b'a' + ((i * 7 + j * 13) % 26) as u8)
                .collect();
            file(&format!("linux-9.9/f{i}.txt"), &filler);
        }
        file("linux-9.9/b.c", b"int b;\n");
        for (link, target) in [("linux-9.9/l.c", "a.c"), ("linux-9.9/m.c", "b.c")] {
            let mut header = tar::Header::new_gnu();
            header.set_entry_type(tar::EntryType::Symlink);
            header.set_size(0);
            header.set_mode(0o777);
            builder.append_link(&mut header, link, target).unwrap();
        }
        let tar = builder.into_inner().unwrap();
        super::super::xz_blocks::tests::xz_in_blocks(&tar, 64 << 10)
    }

    /// The first pass over `source`, and the members its links lead to.
    fn first_pass(source: &TarSource) -> (PendingLinks, HashMap<String, Vec<String>>) {
        let (sender, _receiver) = crossbeam_channel::unbounded();
        let decoder = Unpacked {
            inner: source.decoder().unwrap(),
            left: u64::MAX,
            exceeded: Default::default(),
            trailing_zeros: 0,
        };
        let mut links = PendingLinks::default();
        source
            .read_entries(
                decoder,
                &sender,
                &ByteBudget::new(1 << 20),
                &mut links,
                None,
            )
            .unwrap();
        let second = [("a.c", "l.c"), ("b.c", "m.c")]
            .map(|(target, link)| (target.to_string(), vec![link.to_string()]))
            .into();
        (links, second)
    }

    #[test]
    fn members_read_from_their_blocks_and_a_wrong_offset_left_to_the_full_pass() {
        let path =
            std::env::temp_dir().join(format!("kcensus-{}-links.tar.xz", std::process::id()));
        std::fs::write(&path, archive()).unwrap();
        let source = TarSource::new(path.clone(), Compression::Xz, SourceOptions::default());
        let (mut links, second) = first_pass(&source);
        // The offsets found by the first pass, against the tar format's arithmetic: a.c's
        // header at 0, each 10 KB filler taking a header and 20 blocks of 512 bytes.
        assert_eq!(links.files["a.c"].offset, Some(0));
        assert_eq!(links.files["b.c"].offset, Some(1024 + 40 * 21 * 512));
        let (sender, receiver) = crossbeam_channel::unbounded();
        let budget = ByteBudget::new(1 << 20);
        let left = source.read_targets_from_blocks(
            second.clone(),
            &links.files,
            &links.top,
            &sender,
            &budget,
        );
        assert!(left.is_empty(), "{left:?}");
        let mut sent: Vec<(String, Vec<u8>)> = receiver
            .try_iter()
            .map(|entry| match entry {
                Entry::File(file) => (file.path, file.bytes),
                _ => panic!("only files"),
            })
            .collect();
        sent.sort();
        assert_eq!(
            sent,
            [
                ("l.c".to_string(), b"int a;\n".to_vec()),
                ("m.c".to_string(), b"int b;\n".to_vec())
            ]
        );
        // a.c recorded at f3.txt's offset: another member is there, nothing is sent for it,
        // and it is left to the pass from the start; b.c, in a later block, is read.
        let f3 = links.files["f3.txt"].offset;
        links.files.get_mut("a.c").unwrap().offset = f3;
        let left =
            source.read_targets_from_blocks(second, &links.files, &links.top, &sender, &budget);
        std::fs::remove_file(&path).unwrap();
        assert_eq!(left.keys().collect::<Vec<_>>(), ["a.c"]);
        let sent: Vec<Entry> = receiver.try_iter().collect();
        assert!(matches!(&sent[..], [Entry::File(file)] if file.path == "m.c"));
    }
}
