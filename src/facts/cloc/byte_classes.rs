//! The bytes the C-family counter stops at, found 64 at a time.
//!
//! The counter ([`super::c_family`]) needs four facts about each byte: is it a newline, a `/`
//! (the only byte that can open a comment), something other than Perl's `\s` (which decides
//! blank lines and blank runs), or a `\` or `\r` (which, before a newline, make a line continue
//! or lose its carriage return)? Everything else cloc's C++ comment rule looks at (`*` after a
//! `/`, the byte-order mark) is read byte by byte at the few places those point to. Quotes play no part: cloc (without `--strip-str-comments`)
//! finds comment markers inside strings too.
//!
//! Two ways to classify a block, with the same answer: AVX2 (x86-64, chosen at run time when
//! the processor has it) and a portable one on 64-bit words (SWAR). The tests run both.
#![deny(clippy::undocumented_unsafe_blocks)]

/// Bit `i` of each mask describes byte `i` of a 64-byte block.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Masks {
    /// `\n`
    pub(super) newline: u64,
    /// `/`
    pub(super) slash: u64,
    /// Any byte but Perl's `\s` (space, `\t`, `\n`, `\x0b`, `\x0c`, `\r`).
    pub(super) non_space: u64,
    /// `\` or `\r`: before a newline, the line may continue or lose a carriage return.
    pub(super) backslash_or_return: u64,
}

/// A way to compute the [`Masks`] of a block.
pub(super) trait Classify: Copy {
    /// The masks of `block`.
    fn classify(self, block: &[u8; 64]) -> Masks;
}

/// The portable classifier: eight bytes at a time in a `u64`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Portable;

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
const LOW_BITS: u64 = 0x7f7f_7f7f_7f7f_7f7f;

/// The high bit of every byte of `word` that equals `byte` (exact: no carries between bytes,
/// since `(x & 0x7f) + 0x7f` stays below 0x100).
#[inline(always)]
fn equal_bytes(word: u64, byte: u8) -> u64 {
    let x = word ^ (ONES * u64::from(byte));
    !(((x & LOW_BITS) + LOW_BITS) | x) & HIGH_BITS
}

/// The high bit of every byte of `word` that is Perl's `\s`: 9 to 13 or 32.
#[inline(always)]
fn space_bytes(word: u64) -> u64 {
    let low = word & LOW_BITS;
    // High bit set where the low seven bits are at least 9, and at least 14.
    let at_least_9 = low + (0x80 - 9) * ONES;
    let at_least_14 = low + (0x80 - 14) * ONES;
    let nine_to_thirteen = at_least_9 & !at_least_14 & !word & HIGH_BITS;
    nine_to_thirteen | equal_bytes(word, b' ')
}

/// The eight high bits of `high_bits` (one per byte) as the low eight bits of a `u64`, byte 0
/// first: the multiplication moves byte `k`'s bit to bit `56 + k` with no two partial products
/// on the same bit.
#[inline(always)]
fn gather(high_bits: u64) -> u64 {
    (high_bits >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

impl Classify for Portable {
    #[inline(always)]
    fn classify(self, block: &[u8; 64]) -> Masks {
        let mut masks = Masks::default();
        for (index, chunk) in block.chunks_exact(8).enumerate() {
            let word = u64::from_le_bytes(chunk.try_into().expect("chunks of 8"));
            let shift = 8 * index;
            masks.newline |= gather(equal_bytes(word, b'\n')) << shift;
            masks.slash |= gather(equal_bytes(word, b'/')) << shift;
            masks.non_space |= (!gather(space_bytes(word)) & 0xff) << shift;
            let backslash_or_return = equal_bytes(word, b'\\') | equal_bytes(word, b'\r');
            masks.backslash_or_return |= gather(backslash_or_return) << shift;
        }
        masks
    }
}

/// The AVX2 classifier. A value exists only once the processor is known to have AVX2
/// ([`Avx2::detect`]), which is what makes its `unsafe` calls sound.
#[cfg(target_arch = "x86_64")]
#[derive(Debug, Clone, Copy)]
pub(super) struct Avx2 {
    /// Private: no way to make one but `detect`.
    _detected: (),
}

#[cfg(target_arch = "x86_64")]
impl Avx2 {
    /// The classifier, if this processor has AVX2 (and POPCNT, BMI1, BMI2 and LZCNT, which the
    /// counter's bit arithmetic uses beside it; a processor lacking one takes the portable
    /// classifier).
    pub(super) fn detect() -> Option<Avx2> {
        (std::arch::is_x86_feature_detected!("avx2")
            && std::arch::is_x86_feature_detected!("popcnt")
            && std::arch::is_x86_feature_detected!("bmi1")
            && std::arch::is_x86_feature_detected!("bmi2")
            && std::arch::is_x86_feature_detected!("lzcnt"))
        .then_some(Avx2 { _detected: () })
    }
}

#[cfg(target_arch = "x86_64")]
impl Classify for Avx2 {
    #[inline(always)]
    fn classify(self, block: &[u8; 64]) -> Masks {
        // SAFETY: an `Avx2` value is only made by `Avx2::detect`, after
        // `is_x86_feature_detected!` said the processor has AVX2, POPCNT,
        // BMI1, BMI2 and LZCNT.
        let masks = unsafe { classify_avx2(block) };
        // Without this, LLVM rewrites the shifts and ands the counter applies to the masks into
        // byte-by-byte unpacking of `movemask` results (ten times the instructions, measured
        // with callgrind); passing each mask through a register it cannot see into keeps them
        // plain integers (`black_box` did the same through memory, 9 more instructions a block).
        Masks {
            newline: opaque(masks.newline),
            slash: opaque(masks.slash),
            non_space: opaque(masks.non_space),
            backslash_or_return: opaque(masks.backslash_or_return),
        }
    }
}

/// `value`, through a register the optimizer cannot see into.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn opaque(mut value: u64) -> u64 {
    // SAFETY: the assembly is empty: it reads and writes no memory, keeps the stack and flags,
    // and leaves the register holding `value` as it was.
    unsafe {
        std::arch::asm!(
            "/* {0} */",
            inout(reg) value,
            options(pure, nomem, nostack, preserves_flags),
        );
    }
    value
}

/// [`Masks`] of a block with AVX2: two 32-byte halves, four comparisons each. `\n` and `/`
/// are one comparison each; Perl's `\s` and `\` or `\r` are one table lookup (`vpshufb`, on the
/// low four bits) and one comparison each: the table holds, for each low nibble, the one byte
/// of the class with that nibble, or when there is none a byte with another nibble (which no
/// byte looked up there can equal), and `vpshufb` gives 0 for bytes from 0x80, which equal no entry either. The
/// classes' bytes have distinct low nibbles (`\s`: 9 to 13 and 0x20; `\` 0x5c and `\r` 0x0d).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
fn classify_avx2(block: &[u8; 64]) -> Masks {
    use std::arch::x86_64::{
        __m256i, _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_movemask_epi8, _mm256_set1_epi8,
        _mm256_setr_epi8, _mm256_shuffle_epi8,
    };
    let pointer = block.as_ptr().cast::<__m256i>();
    // SAFETY: `block` is 64 readable bytes; the two unaligned loads read bytes 0..32 and
    // 32..64 of it (`loadu` has no alignment requirement).
    let halves = unsafe {
        [
            _mm256_loadu_si256(pointer),
            _mm256_loadu_si256(pointer.add(1)),
        ]
    };
    let newline = _mm256_set1_epi8(b'\n' as i8);
    let slash = _mm256_set1_epi8(b'/' as i8);
    // Index 0: ` `; 9 to 13: themselves; elsewhere 0, whose low nibble is 0.
    #[rustfmt::skip]
    let spaces = _mm256_setr_epi8(
        0x20, 0, 0, 0, 0, 0, 0, 0, 0, 9, 10, 11, 12, 13, 0, 0,
        0x20, 0, 0, 0, 0, 0, 0, 0, 0, 9, 10, 11, 12, 13, 0, 0,
    );
    // Index 12: `\`; 13: `\r`; 0: 1 (low nibble 1); elsewhere 0.
    #[rustfmt::skip]
    let backslash_or_return = _mm256_setr_epi8(
        1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x5c, 0x0d, 0, 0,
        1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x5c, 0x0d, 0, 0,
    );
    let mut masks = Masks::default();
    for (half, bytes) in halves.into_iter().enumerate() {
        let shift = 32 * half;
        // `movemask` packs the 32 comparison results into an `i32`, byte 0 in bit 0.
        let bits = |v: __m256i| u64::from(_mm256_movemask_epi8(v) as u32) << shift;
        let in_table = |table: __m256i| _mm256_cmpeq_epi8(_mm256_shuffle_epi8(table, bytes), bytes);
        masks.newline |= bits(_mm256_cmpeq_epi8(bytes, newline));
        masks.slash |= bits(_mm256_cmpeq_epi8(bytes, slash));
        masks.non_space |= bits(in_table(spaces));
        masks.backslash_or_return |= bits(in_table(backslash_or_return));
    }
    masks.non_space = !masks.non_space;
    masks
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The masks byte by byte: the definition both classifiers must meet.
    fn reference(block: &[u8; 64]) -> Masks {
        let mut masks = Masks::default();
        for (i, &b) in block.iter().enumerate() {
            masks.newline |= u64::from(b == b'\n') << i;
            masks.slash |= u64::from(b == b'/') << i;
            masks.non_space |= u64::from(!crate::facts::perl::is_perl_space(b)) << i;
            masks.backslash_or_return |= u64::from(b == b'\\' || b == b'\r') << i;
        }
        masks
    }

    /// Every byte value at every position of a block, and blocks of mixed bytes.
    fn blocks() -> Vec<[u8; 64]> {
        let mut blocks = Vec::new();
        for value in 0..=255u8 {
            blocks.push([value; 64]);
            let mut mixed = [b'a'; 64];
            for (i, b) in mixed.iter_mut().enumerate() {
                *b = value.wrapping_add((i as u8).wrapping_mul(37));
            }
            blocks.push(mixed);
        }
        blocks
    }

    #[test]
    fn portable_classifier_matches_the_byte_by_byte_definition() {
        for block in blocks() {
            assert_eq!(Portable.classify(&block), reference(&block), "{block:?}");
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn avx2_classifier_matches_the_byte_by_byte_definition() {
        let Some(avx2) = Avx2::detect() else {
            eprintln!("no AVX2 on this processor: only the portable classifier is tested");
            return;
        };
        for block in blocks() {
            assert_eq!(avx2.classify(&block), reference(&block), "{block:?}");
        }
    }
}
