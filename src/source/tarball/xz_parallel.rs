//! Decompressing an `.xz` archive of several blocks on several threads at once, its bytes
//! handed on in order: what `xz -T2 -dc` does. Debian's `linux-source` tarballs are one stream
//! of 24 MiB blocks (`xz -lvv`); decompressing them one after another on one thread is most of
//! the time a tarball takes, and the counting threads wait for it.
//!
//! Each block is decompressed on its own as a stream of one block: the archive's stream
//! header, the block's bytes as they are in the file, then an index and a footer written here
//! for that one block. liblzma then checks all it would check in the whole stream: the block's
//! own check (CRC32, CRC64 or SHA-256) and that the block's sizes are the ones the archive's
//! index gives. A block whose bytes do not decompress so fails with liblzma's error, at the
//! position where the sequential decoder would have failed.
//!
//! Memory stays bounded: at most [`AHEAD`] blocks are decompressed and not yet read, and only
//! archives whose index gives no block over [`MAX_BLOCK`] bytes are read so; anything else is
//! read by the sequential decoder.

use super::xz_blocks::{Block, XzBlocks};
use crate::source::Meter;
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read};
use std::os::unix::fs::FileExt;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;

/// The largest block (decompressed) read in parallel: `xz -T` writes blocks of three times
/// the dictionary, 24 MiB at the default preset and 192 MiB at `-9`; larger blocks would make
/// the blocks held at once too large a share of memory.
const MAX_BLOCK: u64 = 64 << 20;

/// Blocks decompressed ahead of the one being read, at most.
const AHEAD: usize = 2;

/// A block's result: its decompressed bytes, or why it has none.
type Decoded = io::Result<Vec<u8>>;

/// The decompressed stream of a one-stream `.xz` file of several blocks, decompressed by
/// [`AHEAD`] threads ahead of the reader.
pub(super) struct ParallelXz {
    /// Results as they come, tagged with the block's number.
    results: crossbeam_channel::Receiver<(usize, Decoded)>,
    /// Results that came before their turn.
    early: HashMap<usize, Decoded>,
    /// Where each block ends in the file (for the progress meter).
    ends: Vec<u64>,
    /// The block to hand on next.
    next: usize,
    /// The block being handed on, and how far.
    current: Vec<u8>,
    at: usize,
    /// One token a block: a thread takes one before it decompresses, the reader gives it
    /// back once the block is read. `None` once dropped, to stop the threads.
    tokens: Option<crossbeam_channel::Sender<()>>,
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
    meter: Arc<Meter>,
    /// The error a block ended the stream with, given again to every later read: the
    /// block's result is gone, and waiting for it again would wait forever.
    failed: Option<(io::ErrorKind, String)>,
}

/// What the decompressing threads share.
struct Work {
    file: File,
    blocks: XzBlocks,
    claimed: AtomicUsize,
    stop: Arc<AtomicBool>,
}

impl ParallelXz {
    /// The reader of `file`, when it is one `.xz` stream of blocks no larger than
    /// [`MAX_BLOCK`]; `None` otherwise (the caller decompresses sequentially).
    pub fn of(file: File, meter: Arc<Meter>) -> Option<ParallelXz> {
        ParallelXz::with_largest_block(file, meter, MAX_BLOCK)
    }

    /// [`ParallelXz::of`], for blocks no larger than `largest`.
    fn with_largest_block(mut file: File, meter: Arc<Meter>, largest: u64) -> Option<ParallelXz> {
        let blocks = XzBlocks::of(&mut file)?;
        if blocks.blocks.iter().any(|b| b.size > largest) {
            return None;
        }
        let ends = blocks
            .blocks
            .iter()
            .map(|b| b.compressed + b.padded())
            .collect();
        let stop = Arc::new(AtomicBool::new(false));
        let work = Arc::new(Work {
            file,
            blocks,
            claimed: AtomicUsize::new(0),
            stop: Arc::clone(&stop),
        });
        // The reader's block and AHEAD more may be out at once.
        let (tokens, taken) = crossbeam_channel::bounded(AHEAD + 1);
        for _ in 0..=AHEAD {
            tokens.send(()).ok()?;
        }
        let (results_in, results) = crossbeam_channel::unbounded();
        // As many threads as blocks ahead, unless --jobs asks for fewer.
        let threads = (0..crate::source::jobs().clamp(1, AHEAD))
            .map(|_| {
                let work = Arc::clone(&work);
                let taken = taken.clone();
                let results_in = results_in.clone();
                std::thread::spawn(move || work.run(&taken, &results_in))
            })
            .collect();
        Some(ParallelXz {
            results,
            early: HashMap::new(),
            ends,
            next: 0,
            current: Vec::new(),
            at: 0,
            tokens: Some(tokens),
            stop,
            threads,
            meter,
            failed: None,
        })
    }

    /// Move on to the next block: wait for it, give back the token of the one read. `false`
    /// at the end of the stream.
    fn advance(&mut self) -> io::Result<bool> {
        if let Some((kind, text)) = &self.failed {
            return Err(io::Error::new(*kind, text.clone()));
        }
        if self.next == self.ends.len() {
            return Ok(false);
        }
        let decoded = loop {
            if let Some(decoded) = self.early.remove(&self.next) {
                break decoded;
            }
            match self.results.recv() {
                Ok((n, decoded)) => {
                    self.early.insert(n, decoded);
                }
                Err(_) => {
                    return Err(io::Error::other("the decompressing threads stopped"));
                }
            }
        };
        self.current = decoded.inspect_err(|e| self.failed = Some((e.kind(), e.to_string())))?;
        self.at = 0;
        self.meter
            .bytes_read
            .store(self.ends[self.next], Ordering::Relaxed);
        self.next += 1;
        if self.next > 1 {
            if let Some(tokens) = &self.tokens {
                // The block before this one is read: another may be decompressed.
                let _ = tokens.send(());
            }
        }
        Ok(true)
    }
}

impl Read for ParallelXz {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.current.len() {
            if !self.advance()? {
                return Ok(0);
            }
        }
        let n = buf.len().min(self.current.len() - self.at);
        buf[..n].copy_from_slice(&self.current[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

impl Drop for ParallelXz {
    fn drop(&mut self) {
        // A reader dropped before the end (an error in the archive, or its end marker read):
        // the threads finish the block they are on and take no other.
        self.stop.store(true, Ordering::Relaxed);
        self.tokens = None;
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

impl Work {
    /// Decompress blocks in turn, one token each, until none is left or the reader is gone.
    fn run(
        &self,
        taken: &crossbeam_channel::Receiver<()>,
        results: &crossbeam_channel::Sender<(usize, Decoded)>,
    ) {
        while taken.recv().is_ok() && !self.stop.load(Ordering::Relaxed) {
            let n = self.claimed.fetch_add(1, Ordering::Relaxed);
            let Some(block) = self.blocks.blocks.get(n) else {
                return;
            };
            if results.send((n, self.decode(block))).is_err() {
                return;
            }
        }
    }

    /// One block's bytes, decompressed as a stream of that one block.
    fn decode(&self, block: &Block) -> Decoded {
        let mut stream = Vec::with_capacity(block.padded() as usize + 64);
        stream.extend_from_slice(&self.blocks.header);
        let start = stream.len();
        stream.resize(start + block.padded() as usize, 0);
        self.file
            .read_exact_at(&mut stream[start..], block.compressed)?;
        stream.extend_from_slice(&index_and_footer(block, &self.blocks.header));
        let mut out = Vec::with_capacity(block.size as usize);
        // One byte more than the index says: liblzma would refuse the block at its end
        // anyway, but not before it had written what it holds.
        xz2::read::XzDecoder::new(&stream[..])
            .take(block.size + 1)
            .read_to_end(&mut out)?;
        if out.len() as u64 != block.size {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "a block's size is not the one the index gives",
            ));
        }
        Ok(out)
    }
}

/// The index of a stream whose one block is `block`, and the stream footer after it
/// (xz file format 1.1.0, sections 4 and 2.1.2), for a stream that began with `header`.
fn index_and_footer(block: &Block, header: &[u8; 12]) -> Vec<u8> {
    let mut index = vec![0u8]; // the index indicator
    push_varint(&mut index, 1);
    push_varint(&mut index, block.unpadded);
    push_varint(&mut index, block.size);
    while index.len() % 4 != 0 {
        index.push(0);
    }
    let crc = crc32fast::hash(&index);
    index.extend_from_slice(&crc.to_le_bytes());
    // The footer: CRC32 of the backward size and the flags, the backward size (the index's
    // size in units of four bytes, minus one), the header's flags, the magic `YZ`.
    let backward = (index.len() / 4 - 1) as u32;
    let mut covered = backward.to_le_bytes().to_vec();
    covered.extend_from_slice(&header[6..8]);
    index.extend_from_slice(&crc32fast::hash(&covered).to_le_bytes());
    index.extend_from_slice(&covered);
    index.extend_from_slice(b"YZ");
    index
}

/// A variable-length integer of the `.xz` format: seven bits a byte, low bits first.
fn push_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

#[cfg(test)]
mod tests {
    use super::super::xz_blocks::tests::xz_in_blocks;
    use super::super::xz_blocks::XzBlocks;
    use super::ParallelXz;
    use std::io::{Read, Write};
    use std::sync::Arc;

    fn data() -> Vec<u8> {
        (0..700_000u32)
            .flat_map(|i| ((i * 2_654_435_761) >> 13).to_le_bytes())
            .collect()
    }

    fn open(name: &str, bytes: &[u8]) -> (std::path::PathBuf, std::fs::File) {
        let path = std::env::temp_dir().join(format!("kcensus-{}-{name}.xz", std::process::id()));
        std::fs::write(&path, bytes).unwrap();
        let file = std::fs::File::open(&path).unwrap();
        (path, file)
    }

    #[test]
    fn blocks_decompressed_in_parallel_are_the_stream_in_order() {
        let data = data();
        // 2,800,000 bytes in blocks of 100,000: 28 blocks, more than the threads hold at once.
        let compressed = xz_in_blocks(&data, 100_000);
        let (path, file) = open("parallel", &compressed);
        let meter = Arc::default();
        let mut reader = ParallelXz::of(file, Arc::clone(&meter)).unwrap();
        assert_eq!(reader.ends.len(), 28);
        let mut out = Vec::new();
        // Small reads, so that reads end inside blocks and at their edges.
        let mut buf = [0u8; 7_777];
        loop {
            let n = reader.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        assert!(out == data, "the decompressed stream differs");
        // The meter reached the end of the last block: the index and footer follow it.
        let read = meter.bytes_read.load(std::sync::atomic::Ordering::Relaxed);
        // (The index starts with a zero byte, and with the footer takes a few bytes a block.)
        assert_eq!(compressed[read as usize], 0);
        assert!(compressed.len() as u64 - read < 28 * 8 + 24, "{read}");
        // Dropped early, the reader stops its threads.
        let mut early = ParallelXz::of(std::fs::File::open(&path).unwrap(), Arc::default());
        early.as_mut().unwrap().read_exact(&mut buf).unwrap();
        drop(early);
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn a_damaged_block_fails_where_the_sequential_decoder_fails() {
        let data = data();
        let mut compressed = xz_in_blocks(&data, 100_000);
        // A byte in the middle of the file: inside block 14 of 28, in its compressed data.
        let middle = compressed.len() / 2;
        compressed[middle] ^= 0x55;
        let (path, file) = open("damaged", &compressed);
        let mut parallel = Vec::new();
        let mut reader = ParallelXz::of(file, Arc::default()).unwrap();
        let parallel_error = reader.read_to_end(&mut parallel).unwrap_err();
        // Read again after the error: the same error, at once (not a wait for a block whose
        // result was already given).
        let again = reader.read(&mut [0u8; 10]).unwrap_err();
        assert_eq!(
            (again.kind(), again.to_string()),
            (parallel_error.kind(), parallel_error.to_string())
        );
        drop(reader);
        let mut sequential = Vec::new();
        let sequential_error = xz2::read::XzDecoder::new(&compressed[..])
            .read_to_end(&mut sequential)
            .unwrap_err();
        assert_eq!(parallel_error.kind(), sequential_error.kind());
        // The parallel reader hands on whole blocks: exactly those before the damaged one.
        // The sequential decoder fails in the same block; it hands on a little less, since
        // liblzma's output of the call that fails is dropped (1,394,877 bytes here).
        let damaged = {
            let blocks = XzBlocks::of(&mut std::fs::File::open(&path).unwrap()).unwrap();
            let after = blocks
                .blocks
                .partition_point(|b| b.compressed <= middle as u64);
            blocks.blocks[after - 1].uncompressed as usize
        };
        assert!(damaged > 0);
        assert_eq!(parallel.len(), damaged);
        assert!(sequential.len() > damaged - 100_000 && sequential.len() <= damaged + 100_000);
        assert!(parallel[..] == data[..parallel.len()]);
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn one_block_or_an_oversized_block_is_not_read_in_parallel() {
        let mut encoder = xz2::write::XzEncoder::new(Vec::new(), 1);
        encoder.write_all(&data()).unwrap();
        let (path, file) = open("one-block", &encoder.finish().unwrap());
        assert!(ParallelXz::of(file, Arc::default()).is_none());
        let (path_blocks, _) = open("blocks", &xz_in_blocks(&data(), 100_000));
        let file = || std::fs::File::open(&path_blocks).unwrap();
        assert!(ParallelXz::with_largest_block(file(), Arc::default(), 99_999).is_none());
        assert!(ParallelXz::with_largest_block(file(), Arc::default(), 100_000).is_some());
        std::fs::remove_file(&path).unwrap();
        std::fs::remove_file(&path_blocks).unwrap();
    }
}
