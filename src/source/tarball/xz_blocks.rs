//! Where each block of an `.xz` file starts, from the index at its end. A file compressed in
//! blocks (`xz -T`, Debian's `linux-source` tarballs: 24 MiB each) can be decompressed from
//! any block's start, so that reading one member again does not mean decompressing everything
//! before it (see `TarSource::send_links`).
//!
//! Only the plain case is handled: one stream, no padding, an index that agrees with the
//! file's size. Anything else is `None`, and the caller reads the archive from its start.

use std::io::{Read, Seek, SeekFrom};

/// The `.xz` stream header's magic bytes; the footer ends with `YZ`.
const HEADER_MAGIC: [u8; 6] = [0xFD, b'7', b'z', b'X', b'Z', 0x00];

/// One block: where it starts in the file and in the decompressed stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Block {
    /// The block's offset in the compressed file.
    pub compressed: u64,
    /// The offset of its first decompressed byte.
    pub uncompressed: u64,
    /// Its size in the file without the padding to four bytes (the index's "unpadded size").
    pub unpadded: u64,
    /// Its decompressed size.
    pub size: u64,
}

impl Block {
    /// Its size in the file, padding included: where the next block starts.
    pub fn padded(&self) -> u64 {
        (self.unpadded + 3) & !3
    }
}

/// The blocks of a one-stream `.xz` file, and its stream header (which a decoder started at a
/// block needs before the block).
#[derive(Debug)]
pub(super) struct XzBlocks {
    /// The stream header: magic, flags, CRC32 (12 bytes).
    pub header: [u8; 12],
    /// The blocks, in order.
    pub blocks: Vec<Block>,
}

impl XzBlocks {
    /// The blocks of `file`, when it is one `.xz` stream of more than one block whose index
    /// accounts for every byte of the file; `None` otherwise (or on any read error: the caller
    /// then reads the archive from its start, which reports what is wrong).
    pub fn of(file: &mut std::fs::File) -> Option<XzBlocks> {
        let size = file.metadata().ok()?.len();
        if size < 24 {
            return None;
        }
        let mut header = [0u8; 12];
        file.seek(SeekFrom::Start(0)).ok()?;
        file.read_exact(&mut header).ok()?;
        let mut footer = [0u8; 12];
        file.seek(SeekFrom::Start(size - 12)).ok()?;
        file.read_exact(&mut footer).ok()?;
        // The footer's flags must be the header's, and it ends with the magic `YZ`.
        if header[..6] != HEADER_MAGIC || footer[10..] != *b"YZ" || footer[8..10] != header[6..8] {
            return None;
        }
        let backward = u64::from(u32::from_le_bytes(footer[4..8].try_into().ok()?));
        let index_size = (backward + 1) * 4;
        let index_at = size.checked_sub(12 + index_size)?;
        if index_size > 1 << 24 {
            return None;
        }
        let mut index = vec![0u8; index_size as usize];
        file.seek(SeekFrom::Start(index_at)).ok()?;
        file.read_exact(&mut index).ok()?;
        let blocks = parse_index(&index, index_at)?;
        (blocks.len() > 1).then_some(XzBlocks { header, blocks })
    }

    /// The last block that starts at or before the decompressed offset `at`.
    pub fn containing(&self, at: u64) -> Block {
        let after = self.blocks.partition_point(|b| b.uncompressed <= at);
        self.blocks[after.saturating_sub(1)]
    }
}

/// The blocks an index lists (`index` from its indicator byte to its CRC32), provided that
/// they fill the file from the stream header to `index_at` exactly.
fn parse_index(index: &[u8], index_at: u64) -> Option<Vec<Block>> {
    let (&indicator, mut rest) = index.split_first()?;
    if indicator != 0 {
        return None;
    }
    let count = varint(&mut rest)?;
    // Each record is at least two bytes: a count larger than that is not an index.
    if count > index.len() as u64 / 2 {
        return None;
    }
    let mut blocks = Vec::with_capacity(count as usize);
    let mut compressed = 12u64;
    let mut uncompressed = 0u64;
    for _ in 0..count {
        let unpadded = varint(&mut rest)?;
        let size = varint(&mut rest)?;
        blocks.push(Block {
            compressed,
            uncompressed,
            unpadded,
            size,
        });
        // A block's total size is its unpadded size rounded up to four bytes.
        compressed = compressed.checked_add(unpadded.checked_add(3)? & !3)?;
        uncompressed = uncompressed.checked_add(size)?;
    }
    (compressed == index_at).then_some(blocks)
}

/// A variable-length integer of the `.xz` format (seven bits a byte, low bits first).
fn varint(bytes: &mut &[u8]) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..63).step_by(7) {
        let (&byte, rest) = bytes.split_first()?;
        *bytes = rest;
        value |= u64::from(byte & 0x7F) << shift;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

#[cfg(test)]
pub(super) mod tests {
    use super::{Block, XzBlocks};
    use std::io::{Read, Write};

    /// An `.xz` file of `data` in blocks of `block` bytes, written by liblzma's multithreaded
    /// encoder (as `xz -T2 --block-size` writes).
    pub(in crate::source::tarball) fn xz_in_blocks(data: &[u8], block: u64) -> Vec<u8> {
        let stream = xz2::stream::MtStreamBuilder::new()
            .threads(2)
            .block_size(block)
            .preset(1)
            .encoder()
            .unwrap();
        let mut encoder = xz2::write::XzEncoder::new_stream(Vec::new(), stream);
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn blocks_of_a_file_written_in_blocks_and_decoding_from_one() {
        let data: Vec<u8> = (0..300_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        let path = std::env::temp_dir().join(format!("kcensus-{}-blocks.xz", std::process::id()));
        std::fs::write(&path, xz_in_blocks(&data, 400_000)).unwrap();
        let mut file = std::fs::File::open(&path).unwrap();
        let blocks = XzBlocks::of(&mut file).unwrap();
        // 1,200,000 bytes in blocks of 400,000: three, found independently of the index.
        let starts: Vec<u64> = blocks.blocks.iter().map(|b| b.uncompressed).collect();
        assert_eq!(starts, [0, 400_000, 800_000]);
        assert_eq!(blocks.containing(799_999).uncompressed, 400_000);
        assert_eq!(blocks.containing(800_000).uncompressed, 800_000);
        assert_eq!(blocks.containing(5_000_000).uncompressed, 800_000);
        // Decompressing from the second block gives the data from 400,000 on.
        let Block { compressed, .. } = blocks.blocks[1];
        let bytes = std::fs::read(&path).unwrap();
        let stream = blocks.header.iter().chain(&bytes[compressed as usize..]);
        let stream: Vec<u8> = stream.copied().collect();
        let mut decoder = xz2::read::XzDecoder::new(&stream[..]);
        let mut out = vec![0u8; 500_000];
        decoder.read_exact(&mut out).unwrap();
        assert_eq!(out, data[400_000..900_000]);
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn one_block_or_not_xz_is_none() {
        let path = std::env::temp_dir().join(format!("kcensus-{}-oneblock.xz", std::process::id()));
        let mut encoder = xz2::write::XzEncoder::new(Vec::new(), 1);
        encoder.write_all(&[7u8; 10_000]).unwrap();
        std::fs::write(&path, encoder.finish().unwrap()).unwrap();
        assert!(XzBlocks::of(&mut std::fs::File::open(&path).unwrap()).is_none());
        std::fs::write(&path, [0u8; 100]).unwrap();
        assert!(XzBlocks::of(&mut std::fs::File::open(&path).unwrap()).is_none());
        std::fs::remove_file(&path).unwrap();
    }
}
