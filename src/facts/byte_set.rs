//! Where the bytes of a small set stand in a 64-byte block, as a bit mask: how the C pass's
//! scanners ([`super::calls`]' identifiers, [`super::c_functions`]' stops) skip the bytes that
//! cannot change their state without looking at each one.
//!
//! Two ways, with the same answer: AVX2 (x86-64, chosen at run time) looks bytes up 32 at a
//! time in two 16-entry tables, one indexed by the low nibble and one by the high nibble (the
//! classification simdjson uses for its structural characters); elsewhere a 256-entry table is
//! read byte by byte. The tests compare both with the set itself on every byte value.
#![deny(clippy::undocumented_unsafe_blocks)]

/// A set of byte values, ready to be found 64 bytes at a time.
pub struct ByteSet {
    /// Membership, byte by byte: the portable way, and the definition.
    members: [bool; 256],
    /// For the AVX2 way: `low[b & 15] & high[b >> 4]` is non-zero exactly for the members.
    low: [u8; 16],
    high: [u8; 16],
}

impl ByteSet {
    /// The set of `members`. The nibble tables can tell apart at most eight distinct sets of
    /// low nibbles among the sixteen high nibbles' rows; more is a mistake in the program
    /// (the sets are constants), caught when the constant is evaluated.
    pub const fn new(members: &[u8]) -> ByteSet {
        let mut set = ByteSet {
            members: [false; 256],
            low: [0; 16],
            high: [0; 16],
        };
        let mut k = 0;
        while k < members.len() {
            set.members[members[k] as usize] = true;
            k += 1;
        }
        // Each high nibble's row: the low nibbles of the members under it.
        let mut rows = [0u16; 16];
        let mut b = 0;
        while b < 256 {
            if set.members[b] {
                rows[b >> 4] |= 1 << (b & 15);
            }
            b += 1;
        }
        // One bit per distinct non-empty row.
        let mut distinct = [0u16; 8];
        let mut count = 0;
        let mut h = 0;
        while h < 16 {
            if rows[h] != 0 {
                let mut bit = 0;
                while bit < count && distinct[bit] != rows[h] {
                    bit += 1;
                }
                if bit == count {
                    assert!(count < 8, "a ByteSet takes at most 8 distinct rows");
                    distinct[count] = rows[h];
                    count += 1;
                }
                set.high[h] = 1 << bit;
                let mut l = 0;
                while l < 16 {
                    if rows[h] & (1 << l) != 0 {
                        set.low[l] |= 1 << bit;
                    }
                    l += 1;
                }
            }
            h += 1;
        }
        set
    }

    /// Whether `b` is in the set.
    #[inline(always)]
    pub fn contains(&self, b: u8) -> bool {
        self.members[usize::from(b)]
    }

    /// Bit `i` set when byte `i` of `block` is in the set.
    #[inline(always)]
    pub fn mask(&self, block: &[u8; 64]) -> u64 {
        #[cfg(target_arch = "x86_64")]
        if has_avx2() {
            // SAFETY: `has_avx2` said this processor has AVX2.
            return unsafe { self.mask_avx2(block) };
        }
        self.mask_portable(block)
    }

    /// The mask of the (at most 64) bytes of `bytes` from `at`; bits past the end are 0.
    #[inline(always)]
    pub fn mask_from(&self, bytes: &[u8], at: usize) -> u64 {
        match bytes.get(at..at + 64) {
            Some(block) => self.mask(block.try_into().expect("64 bytes")),
            None => {
                let rest = &bytes[at.min(bytes.len())..];
                let mut mask = 0;
                for (i, &b) in rest.iter().enumerate() {
                    mask |= u64::from(self.contains(b)) << i;
                }
                mask
            }
        }
    }

    /// The position of the first member at or after `at` in `bytes` (`bytes.len()` if none),
    /// 64 bytes at a time.
    #[inline]
    pub fn find_from(&self, bytes: &[u8], mut at: usize) -> usize {
        while at < bytes.len() {
            let mask = self.mask_from(bytes, at);
            if mask != 0 {
                return at + mask.trailing_zeros() as usize;
            }
            at += 64;
        }
        bytes.len()
    }

    fn mask_portable(&self, block: &[u8; 64]) -> u64 {
        let mut mask = 0;
        for (i, &b) in block.iter().enumerate() {
            mask |= u64::from(self.contains(b)) << i;
        }
        mask
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn mask_avx2(&self, block: &[u8; 64]) -> u64 {
        use std::arch::x86_64::{
            __m128i, __m256i, _mm256_and_si256, _mm256_broadcastsi128_si256, _mm256_cmpeq_epi8,
            _mm256_loadu_si256, _mm256_movemask_epi8, _mm256_set1_epi8, _mm256_setzero_si256,
            _mm256_shuffle_epi8, _mm256_srli_epi16, _mm_loadu_si128,
        };
        // SAFETY: `low` and `high` are 16 readable bytes each, and `block` 64; unaligned
        // loads (`loadu`) have no alignment requirement.
        let (low, high, halves) = unsafe {
            let low =
                _mm256_broadcastsi128_si256(_mm_loadu_si128(self.low.as_ptr().cast::<__m128i>()));
            let high =
                _mm256_broadcastsi128_si256(_mm_loadu_si128(self.high.as_ptr().cast::<__m128i>()));
            let pointer = block.as_ptr().cast::<__m256i>();
            (
                low,
                high,
                [
                    _mm256_loadu_si256(pointer),
                    _mm256_loadu_si256(pointer.add(1)),
                ],
            )
        };
        let nibble = _mm256_set1_epi8(0x0f);
        let mut mask = 0;
        for (half, bytes) in halves.into_iter().enumerate() {
            // `shuffle` looks each byte's index up in its 16-byte lane (both lanes hold the
            // table); the indexes are masked to a nibble, so their high bit (which would
            // give 0) is never set.
            let low_class = _mm256_shuffle_epi8(low, _mm256_and_si256(bytes, nibble));
            let high_nibbles = _mm256_and_si256(_mm256_srli_epi16(bytes, 4), nibble);
            let high_class = _mm256_shuffle_epi8(high, high_nibbles);
            let outside = _mm256_cmpeq_epi8(
                _mm256_and_si256(low_class, high_class),
                _mm256_setzero_si256(),
            );
            let inside = !(_mm256_movemask_epi8(outside) as u32);
            mask |= u64::from(inside) << (32 * half);
        }
        mask
    }
}

/// Whether this processor has AVX2 (the standard library asks once and caches the answer).
#[cfg(target_arch = "x86_64")]
fn has_avx2() -> bool {
    std::arch::is_x86_feature_detected!("avx2")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SETS: [&[u8]; 4] = [
        b"_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        b"\n#/\"'(){}",
        b"",
        b"\x00\xff\x80\x7f",
    ];

    /// Every byte value at every position, and mixed blocks.
    fn blocks() -> Vec<[u8; 64]> {
        let mut blocks = Vec::new();
        for value in 0..=255u8 {
            blocks.push([value; 64]);
            let mut mixed = [0u8; 64];
            for (i, b) in mixed.iter_mut().enumerate() {
                *b = value.wrapping_add((i as u8).wrapping_mul(37));
            }
            blocks.push(mixed);
        }
        blocks
    }

    #[test]
    fn both_ways_give_the_set() {
        for members in SETS {
            let set = ByteSet::new(members);
            for b in 0..=255u8 {
                assert_eq!(set.contains(b), members.contains(&b));
            }
            for block in blocks() {
                let mut expected = 0u64;
                for (i, b) in block.iter().enumerate() {
                    expected |= u64::from(members.contains(b)) << i;
                }
                assert_eq!(set.mask_portable(&block), expected);
                assert_eq!(set.mask(&block), expected);
                #[cfg(target_arch = "x86_64")]
                if has_avx2() {
                    // SAFETY: the processor has AVX2.
                    assert_eq!(unsafe { set.mask_avx2(&block) }, expected);
                }
            }
        }
    }

    #[test]
    fn masks_from_any_position() {
        let set = ByteSet::new(b"ab");
        let text = b"xxaxxbxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxab";
        assert_eq!(set.mask_from(text, 0), 0b100100);
        assert_eq!(set.mask_from(text, 2), 0b1001);
        assert_eq!(set.mask_from(text, text.len() - 2), 0b11);
        assert_eq!(set.mask_from(text, text.len()), 0);
        assert_eq!(set.find_from(text, 0), 2);
        assert_eq!(set.find_from(text, 6), text.len() - 2);
        assert_eq!(set.find_from(b"xxxx", 0), 4);
        let mut long = vec![b'x'; 200];
        long[130] = b'b';
        assert_eq!(set.find_from(&long, 3), 130);
    }
}
