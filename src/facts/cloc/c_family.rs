//! The fast path for languages whose only filter is the C++ comment pattern (C, C/C++ headers,
//! C++, Rust and some 90 more): what `count_with_filters` computes, in one pass over the bytes.
//!
//! cloc reads the lines, drops blank ones, joins the rest (each followed by an extra `\n`
//! unless it ends in `\`), deletes every `//...\n` and `/*...*/` match from the joined text and
//! counts the non-blank lines left. This walks that joined text virtually. Most lines hold no
//! `/` and sit outside a block comment; for them all cloc's rule needs is whether the line is
//! blank and its last byte, which [`byte_classes`] finds 64 bytes at a time (newlines, `/`,
//! non-space). Only a line holding a `/`, the line where a block comment ends, and the first
//! line (which may start with a byte-order mark) are walked one at a time, from `/` to `/`,
//! the `/`s read from the same masks ([`LineMarks`]) unless the line is longer than two blocks.
//!
//! Which classifier runs is chosen per call ([`Kernel::detect`]); [`count_with`] takes it
//! explicitly, so the tests run every kernel this processor has against the general path.
#![deny(clippy::undocumented_unsafe_blocks)]

use super::byte_classes::{self, Classify, Masks};
use super::{is_blank, LineCounts, BYTE_ORDER_MARKS};

/// How the counter classifies bytes: the same answer either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kernel {
    /// 64-bit words, on any processor.
    Portable,
    /// AVX2, on x86-64 processors that have it.
    #[cfg(target_arch = "x86_64")]
    Avx2,
}

impl Kernel {
    /// The fastest kernel this processor runs.
    pub(crate) fn detect() -> Kernel {
        #[cfg(target_arch = "x86_64")]
        if byte_classes::Avx2::detect().is_some() {
            return Kernel::Avx2;
        }
        Kernel::Portable
    }

    /// Every kernel this processor runs (for the tests).
    #[cfg(test)]
    pub(crate) fn available() -> Vec<Kernel> {
        let mut kernels = vec![Kernel::Portable];
        #[cfg(target_arch = "x86_64")]
        if byte_classes::Avx2::detect().is_some() {
            kernels.push(Kernel::Avx2);
        }
        kernels
    }
}

/// Count a C-family file with the fastest kernel this processor runs. `continuation`: the
/// language continues lines with `\`.
pub(crate) fn count(bytes: &[u8], continuation: bool) -> LineCounts {
    count_with(Kernel::detect(), bytes, continuation)
}

/// [`count`] with a given kernel. Asking for one the processor lacks falls back to the
/// portable one.
pub(crate) fn count_with(kernel: Kernel, bytes: &[u8], continuation: bool) -> LineCounts {
    match kernel {
        Kernel::Portable => walk(byte_classes::Portable, bytes, continuation),
        #[cfg(target_arch = "x86_64")]
        Kernel::Avx2 => match byte_classes::Avx2::detect() {
            // SAFETY: `detect` returned the token, so the processor has AVX2, POPCNT, BMI1,
            // BMI2 and LZCNT, the target features `walk_avx2` enables.
            Some(avx2) => unsafe { walk_avx2(avx2, bytes, continuation) },
            None => walk(byte_classes::Portable, bytes, continuation),
        },
    }
}

/// [`walk`] compiled with AVX2 (and POPCNT, for counting lines in a mask, and BMI1, BMI2 and
/// LZCNT, for `andn`, shifts by a register other than `cl` and counting zeros without a test
/// for 0: 4 % fewer instructions in the counter, callgrind on linux-7.3/fs) enabled, so that
/// the classifier's intrinsics inline into it.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,popcnt,bmi1,bmi2,lzcnt")]
fn walk_avx2(avx2: byte_classes::Avx2, bytes: &[u8], continuation: bool) -> LineCounts {
    walk(avx2, bytes, continuation)
}

/// One line as the classifier sees it.
struct Line {
    /// The offset of its newline, or the file's length for a last line without one.
    newline: usize,
    /// It holds a `/`.
    slash: bool,
    /// It holds a byte that is not Perl's `\s`.
    non_space: bool,
}

/// Lines of a file, found with the masks of consecutive 64-byte blocks at multiples of 64.
/// Each byte is classified once, and the blocks are loaded in order: what a line that runs
/// past a block's end was so far (blank, free of `/`, ending in `\` or `\r`) is carried into
/// the next block, as simdjson carries its string state, so every line's bits are exact
/// wherever it starts.
struct Lines<'a, C> {
    bytes: &'a [u8],
    classifier: C,
    /// The offset of the block `masks` describes (a multiple of 64).
    base: usize,
    masks: Masks,
    /// The newlines of the block that are in the file (not padding).
    real_newlines: u64,
    /// The newlines that end a blank line.
    blank_ends: u64,
    /// The newlines that end a line holding no `/` and not ending in `\` or `\r` (or, once
    /// [`Lines::unmark_returns`] ran, a `\r` not after a `\`).
    plain_ends: u64,
    /// The newlines not preceded by `\` or `\r` (the same).
    unmarked_ends: u64,
    /// The `/` and non-space masks of the block before the current one, for the bits of a
    /// line that started there ([`Lines::marks`]).
    previous_slash: u64,
    previous_non_space: u64,
    /// Into the current block: 1 when a line starts at its first byte or the line running
    /// into it is blank so far; the same for holding no `/`; and whether the byte before the
    /// block is a `\` or `\r`.
    carry_in: Carry,
    /// The same, out of the current block into the next.
    carry_out: Carry,
    /// What loads the next block: [`Lines::next_block`], or once the file showed a line
    /// ending in `\r`, [`Lines::next_block_unmarking`]. Chosen once, so a file without `\r`
    /// pays no test per block.
    /// Both come from [`Loaders::loaders`] for `C`, so a value of `C` (`classifier`) says the
    /// processor runs them.
    load_next_block: Loader<'a, C>,
    /// `load_next_block` unmarks returns.
    unmarking: bool,
}

/// What the bit arithmetic of one block hands to the next (each 0 or 1).
#[derive(Clone, Copy)]
struct Carry {
    blank: u64,
    no_slash: u64,
    marked: u64,
}

/// Which lines a [`Lines::run`] takes.
#[derive(Clone, Copy)]
enum Taking {
    /// Blank or code lines with no `/` and no `\` or `\r` at the end (a `\r` not after a `\`
    /// may end one once [`Lines::unmark_returns`] ran).
    Plain,
    /// Any line not ending in `\` or `\r` (inside a block comment).
    Unmarked,
}

/// Lines in whole blocks taken by [`Lines::take_blocks`].
struct WholeBlocks {
    lines: u64,
    blank: u64,
    /// Where the line after the last one taken starts, if a taken block holds a newline.
    next: Option<usize>,
    /// The file's last block was taken.
    ended: bool,
}

/// Lines taken at once by [`Lines::run`].
struct Run {
    lines: u64,
    blank: u64,
    /// Where the line after them starts.
    next: usize,
}

impl<'a, C: Loaders> Lines<'a, C> {
    fn new(classifier: C, bytes: &'a [u8]) -> Self {
        // The file's first line starts at offset 0.
        let start = Carry {
            blank: 1,
            no_slash: 1,
            marked: 0,
        };
        let mut lines = Lines {
            bytes,
            classifier,
            base: 0,
            masks: Masks::default(),
            real_newlines: 0,
            blank_ends: 0,
            plain_ends: 0,
            unmarked_ends: 0,
            previous_slash: 0,
            previous_non_space: 0,
            carry_in: start,
            carry_out: start,
            load_next_block: C::loaders().0,
            unmarking: false,
        };
        lines.load(0);
        lines
    }

    /// Load the block after the current one. Out of line: inlined into `run`'s and `line_at`'s
    /// loops it cost the lines walked one at a time about 30 more instructions each (register
    /// pressure; callgrind, a CRLF file where every line is walked: 78 M against 70 M), for one
    /// call per 64 bytes.
    #[inline(never)]
    fn next_block(&mut self) {
        self.advance();
    }

    /// [`next_block`](Self::next_block), then [`unmark_returns`](Self::unmark_returns).
    #[inline(never)]
    fn next_block_unmarking(&mut self) {
        self.advance();
        self.unmark_returns();
    }

    /// Load the block after the current one, the way chosen for the file.
    #[inline(always)]
    fn load_next(&mut self) {
        // SAFETY: `load_next_block` is one of `C::loaders()`, and `self.classifier` is a `C`,
        // which exists only on a processor that runs them.
        unsafe { (self.load_next_block)(self) };
    }

    /// The walk met a line ending in `\r`: from the current block on, unmark the newlines
    /// after a `\r` that does not follow a `\`, so the file's other lines join runs. Out of
    /// line, and the state kept here: the walk's loop, short of registers, pays nothing for it
    /// on files without `\r` (a flag in the loop cost linux-7.3/fs 1.7 % more instructions,
    /// callgrind).
    #[inline(never)]
    fn returns_seen(&mut self) {
        if !self.unmarking {
            self.unmarking = true;
            self.unmark_returns();
            self.load_next_block = C::loaders().1;
        }
    }

    /// Load the block after the current one, carrying the current one's state and masks.
    #[inline(always)]
    fn advance(&mut self) {
        self.carry_in = self.carry_out;
        self.previous_slash = self.masks.slash;
        self.previous_non_space = self.masks.non_space;
        self.load(self.base + 64);
    }

    /// Classify the 64 bytes from `at`, with `carry_in` describing the bytes before them.
    /// Past the end of the file the block is padded with newlines, so the last line always
    /// ends at a newline bit (at the file's length).
    #[inline(always)]
    fn load(&mut self, at: usize) {
        let (masks, real) = match self.bytes.get(at..at + 64) {
            Some(block) => (
                self.classifier
                    .classify(block.try_into().expect("64 bytes")),
                u64::MAX,
            ),
            None => {
                let mut block = [b'\n'; 64];
                let rest = &self.bytes[at.min(self.bytes.len())..];
                block[..rest.len()].copy_from_slice(rest);
                (self.classifier.classify(&block), !(u64::MAX << rest.len()))
            }
        };
        self.set_block(at, masks, real);
    }

    /// The state of the block at `at` from its masks, `real` its bytes that are in the file
    /// ([`load`](Self::load) without the classification).
    #[inline(always)]
    fn set_block(&mut self, at: usize, masks: Masks, real: u64) {
        self.base = at;
        self.masks = masks;
        self.real_newlines = masks.newline & real;
        // Which lines are blank, and which hold no `/`, for all lines at once: adding a line's
        // start bit to the run of bits that follows it carries up to its newline only if every
        // byte before the newline is in the run. A line running in from the block before
        // enters as the carry into bit 0; one running past bit 63 leaves as the carry out.
        let starts = masks.newline << 1;
        let line_at_end = masks.newline >> 63;
        let spaces = !masks.non_space & !masks.newline;
        let (blank_sum, blank_carry) = spaces.overflowing_add(starts | self.carry_in.blank);
        let (plain_sum, plain_carry) = no_slash_sum(&masks, self.carry_in.no_slash);
        self.blank_ends = blank_sum & self.real_newlines;
        self.unmarked_ends =
            self.real_newlines & !((masks.backslash_or_return << 1) | self.carry_in.marked);
        self.plain_ends = plain_sum & self.unmarked_ends;
        self.carry_out = Carry {
            blank: u64::from(blank_carry) | line_at_end,
            no_slash: u64::from(plain_carry) | line_at_end,
            marked: masks.backslash_or_return >> 63,
        };
    }

    /// Unmark the current block's newlines that follow a `\r` not after a `\`: cloc strips
    /// the `\r` (`s/\cM$//`), so such a line ends like any other and may join a run. The
    /// masks do not tell `\` from `\r`, so the bytes decide. Only once the walk met a line
    /// ending in `\r` ([`returns_seen`](Self::returns_seen)), so files without one pay nothing
    /// (a mask of `\r`s would cost every block).
    #[inline(always)]
    fn unmark_returns(&mut self) {
        let mut marked = self.real_newlines & !self.unmarked_ends;
        let mut unmarked = 0;
        while marked != 0 {
            // A marked newline follows a `\` or `\r`, so it is not at offset 0.
            let newline = self.base + marked.trailing_zeros() as usize;
            if self.bytes[newline - 1] == b'\r' && (newline < 2 || self.bytes[newline - 2] != b'\\')
            {
                unmarked |= marked & marked.wrapping_neg();
            }
            marked &= marked - 1;
        }
        if unmarked != 0 {
            self.unmarked_ends |= unmarked;
            let (plain_sum, _) = no_slash_sum(&self.masks, self.carry_in.no_slash);
            self.plain_ends = plain_sum & self.unmarked_ends;
        }
    }

    /// The lines from `start` (a line start other than the file's first) whose newlines are
    /// before `before` (when given), up to the first line that is not `taking`; `None` when
    /// there is none. Runs on into the next blocks while every line qualifies.
    #[inline(always)]
    fn run(&mut self, start: usize, taking: Taking, before: Option<usize>) -> Option<Run> {
        let ends = |lines: &Self| match taking {
            Taking::Plain => lines.plain_ends,
            Taking::Unmarked => lines.unmarked_ends,
        };
        // The usual refusal first, before the loop's bookkeeping: the line at `start` ends in
        // this block and does not qualify (whatever `before` says, no run is taken then).
        if let Some(offset) = start.checked_sub(self.base).filter(|&offset| offset < 64) {
            let newlines = self.real_newlines & (u64::MAX << offset);
            if newlines & newlines.wrapping_neg() & !ends(self) != 0 {
                return None;
            }
        }
        let (mut lines, mut blank, mut next) = (0u64, 0u64, start);
        loop {
            if next >= self.base + 64 {
                if self.base + 64 >= self.bytes.len() {
                    break;
                }
                self.load_next();
            }
            // A line that started in an earlier block has every newline of this one after it.
            let offset = next.saturating_sub(self.base);
            let mut newlines = self.real_newlines & (u64::MAX << offset);
            let limited = before.is_some_and(|before| before < self.base + 64);
            if let Some(before) = before.filter(|_| limited) {
                newlines &= !(u64::MAX << before.saturating_sub(self.base));
            }
            // Stop at the first newline that does not qualify (or at the block's end).
            let stop = newlines & !ends(self);
            let taken = newlines & stop.wrapping_sub(1) & !stop;
            if taken != 0 {
                lines += u64::from(taken.count_ones());
                blank += u64::from((taken & self.blank_ends).count_ones());
                next = self.base + 64 - taken.leading_zeros() as usize;
            }
            if stop != 0 || limited || self.base + 64 >= self.bytes.len() {
                break;
            }
            // Every line ending in this block qualified: take whole blocks while every line
            // ending in them does, then go on in the first that is not taken whole.
            let whole = C::take_blocks(self, taking, before);
            lines += whole.lines;
            blank += whole.blank;
            next = whole.next.unwrap_or(next);
            if whole.ended {
                break;
            }
        }
        (lines > 0).then_some(Run { lines, blank, next })
    }

    /// From a block all of whose lines [`run`](Self::run) took (not the file's last), in a file
    /// whose returns are unmarked ([`returns_seen`](Self::returns_seen)), load the blocks after
    /// it and take each whose newlines all end a line that is `taking` (and lie before
    /// `before`, when given); stop at the first block not taken whole, loaded but untouched,
    /// or once the file's last block was taken (`ended`). One loop compiled for the
    /// classifier, with the classification inlined: no call and no run bookkeeping per block.
    #[inline(always)]
    fn take_blocks_unmarking(&mut self, taking: Taking, before: Option<usize>) -> WholeBlocks {
        let mut whole = WholeBlocks {
            lines: 0,
            blank: 0,
            next: None,
            ended: false,
        };
        loop {
            self.advance();
            self.unmark_returns();
            if !self.take_current(taking, before, &mut whole) {
                return whole;
            }
            if self.base + 64 >= self.bytes.len() {
                whole.ended = true;
                return whole;
            }
        }
    }

    /// Add the current block's lines to `whole` if it ends at or before `before` (when given)
    /// and every newline in it ends a line that is `taking`; whether it did.
    #[inline(always)]
    fn take_current(&self, taking: Taking, before: Option<usize>, whole: &mut WholeBlocks) -> bool {
        let end = self.base + 64;
        let ends = match taking {
            Taking::Plain => self.plain_ends,
            Taking::Unmarked => self.unmarked_ends,
        };
        let newlines = self.real_newlines;
        if before.is_some_and(|before| before < end) || newlines & !ends != 0 {
            return false;
        }
        if newlines != 0 {
            whole.lines += u64::from(newlines.count_ones());
            whole.blank += u64::from(self.blank_ends.count_ones());
            whole.next = Some(end - newlines.leading_zeros() as usize);
        }
        true
    }

    /// Whole blocks taken after a run's block: [`take_blocks_unmarking`](Self::take_blocks_unmarking)
    /// once the file showed a return ([`returns_seen`](Self::returns_seen)); before that (most
    /// files, which have none) [`take_whole_blocks`](Self::take_whole_blocks), one loop per
    /// `taking`.
    #[inline(always)]
    fn take_blocks(&mut self, taking: Taking, before: Option<usize>) -> WholeBlocks {
        if self.unmarking {
            self.take_blocks_unmarking(taking, before)
        } else {
            match taking {
                Taking::Plain => self.take_whole_blocks::<true>(before),
                Taking::Unmarked => self.take_whole_blocks::<false>(before),
            }
        }
    }

    /// [`take_blocks_unmarking`](Self::take_blocks_unmarking) for a file without returns unmarked
    /// (`PLAIN`: taking [`Taking::Plain`] lines, else [`Taking::Unmarked`]), with each block's
    /// state in locals: per block only what the decision needs, and `self` set to the block
    /// the loop stops at only then, from its masks, as [`advance`](Self::advance) would have
    /// set it. Storing every field of `Lines` for each block cost the loop about a third of
    /// its instructions.
    #[inline(always)]
    fn take_whole_blocks<const PLAIN: bool>(&mut self, before: Option<usize>) -> WholeBlocks {
        let bytes = self.bytes;
        // The loop takes the blocks that end before the file's end (the last block goes the
        // general way below, which sets `ended`) and at or before `before`; the first at the
        // current block's end.
        let limit = before.map_or(bytes.len() - 1, |before| before.min(bytes.len() - 1));
        let first = self.base + 64;
        let mut rest = bytes.get(first..limit).unwrap_or_default();
        let blocks_len = rest.len();
        let (mut lines, mut blank) = (0u64, 0u64);
        // The line after the last taken is `limit - back`, if a taken block held a newline.
        let mut back = 0usize;
        let mut carry = self.carry_out;
        let (mut previous_slash, mut previous_non_space) = (self.masks.slash, self.masks.non_space);
        // The masks of the block the loop stopped at, when not every line ending in it
        // qualifies (with `carry` into it).
        let stopped = loop {
            let Some((block, after)) = rest.split_first_chunk::<64>() else {
                break None;
            };
            let masks = self.classifier.classify(block);
            let newlines = masks.newline;
            let unmarked_ends = newlines & !((masks.backslash_or_return << 1) | carry.marked);
            let (plain_sum, plain_carry) = no_slash_sum(&masks, carry.no_slash);
            let ends = if PLAIN {
                plain_sum & unmarked_ends
            } else {
                unmarked_ends
            };
            if newlines != ends {
                break Some(masks);
            }
            let line_at_end = newlines >> 63;
            let spaces = !masks.non_space & !newlines;
            let (blank_sum, blank_carry) = spaces.overflowing_add((newlines << 1) | carry.blank);
            lines += u64::from(newlines.count_ones());
            blank += u64::from((blank_sum & newlines).count_ones());
            if newlines != 0 {
                back = after.len() + newlines.leading_zeros() as usize;
            }
            carry = Carry {
                blank: u64::from(blank_carry) | line_at_end,
                no_slash: u64::from(plain_carry) | line_at_end,
                marked: masks.backslash_or_return >> 63,
            };
            previous_slash = masks.slash;
            previous_non_space = masks.non_space;
            rest = after;
        };
        let mut whole = WholeBlocks {
            lines,
            blank,
            next: (lines > 0).then(|| limit - back),
            ended: false,
        };
        // The block the loop stopped at, as `advance` leaves it.
        let at = first + (blocks_len - rest.len());
        self.carry_in = carry;
        self.previous_slash = previous_slash;
        self.previous_non_space = previous_non_space;
        if let Some(masks) = stopped {
            self.set_block(at, masks, u64::MAX);
            return whole;
        }
        self.load(at);
        // Past `before`, or the file's last block.
        let taking = if PLAIN {
            Taking::Plain
        } else {
            Taking::Unmarked
        };
        if self.take_current(taking, before, &mut whole) {
            debug_assert!(at + 64 >= bytes.len());
            whole.ended = true;
        }
        whole
    }

    /// The line starting at `start` (before the file's end).
    #[inline(always)]
    fn line_at(&mut self, start: usize) -> Line {
        // A line that started in an earlier block: what it held before this one is carried.
        let (mut slash, mut non_space) = if start < self.base {
            (self.carry_in.no_slash == 0, self.carry_in.blank == 0)
        } else {
            (false, false)
        };
        let mut from = start.max(self.base);
        loop {
            if from >= self.base + 64 {
                self.load_next();
            }
            let window = u64::MAX << (from - self.base);
            let newlines = self.masks.newline & window;
            if newlines != 0 {
                let at = newlines.trailing_zeros();
                let before = window & !(u64::MAX << at);
                return Line {
                    newline: (self.base + at as usize).min(self.bytes.len()),
                    slash: slash || self.masks.slash & before != 0,
                    non_space: non_space || self.masks.non_space & before != 0,
                };
            }
            slash |= self.masks.slash & window != 0;
            non_space |= self.masks.non_space & window != 0;
            from = self.base + 64;
        }
    }

    /// The marks of the line starting at `start` that [`line_at`](Self::line_at) just
    /// returned (its newline is in the current block), from the masks of the current block
    /// and the one before: `None` when the line started earlier still (it is longer than 64
    /// bytes), whose masks are gone.
    #[inline(always)]
    fn marks(&self, start: usize) -> Option<LineMarks> {
        // No shifts: the bits of the line's neighbours stay, and the searches are limited to
        // the line.
        if start >= self.base {
            Some(LineMarks {
                from: self.base,
                slash: u128::from(self.masks.slash),
                non_space: u128::from(self.masks.non_space),
            })
        } else if self.base - start <= 64 {
            Some(LineMarks {
                from: self.base - 64,
                slash: u128::from(self.previous_slash) | u128::from(self.masks.slash) << 64,
                non_space: u128::from(self.previous_non_space)
                    | u128::from(self.masks.non_space) << 64,
            })
        } else {
            None
        }
    }
}

/// The sum whose bits at a block's newlines say that the line ending there holds no `/`
/// (see [`Lines::load`]), and its carry out; `carry`: the line running in holds none so far.
#[inline(always)]
fn no_slash_sum(masks: &Masks, carry: u64) -> (u64, bool) {
    let starts = masks.newline << 1;
    let no_slash = !masks.slash & !masks.newline;
    no_slash.overflowing_add(starts | carry)
}

/// What [`Walk::rest_of_line`] asks of a line's bytes: where its `/`s are, and whether a span
/// holds a non-space byte. Lines that lie within two blocks answer from the block masks
/// ([`LineMarks`]); longer ones search the bytes ([`SearchMarks`]).
trait Marks {
    /// The first `/` in `from..end` (a span within the line).
    fn slash(&self, bytes: &[u8], from: usize, end: usize) -> Option<usize>;
    /// The first `/` in `from..end` (a span within the line, `from` > 0) that follows a `*`.
    fn close(&self, bytes: &[u8], from: usize, end: usize) -> Option<usize>;
    /// Whether `from..to` (a non-empty span within the line) holds a non-space byte.
    fn non_space(&self, bytes: &[u8], from: usize, to: usize) -> bool;
}

/// A line's marks from the classifier's masks: bit `i` describes byte `from + i`, for the two
/// blocks (or the one) holding the line. Reading them costs a few instructions where
/// `memchr` and `memmem`, set up for a span of a few dozen bytes, cost about a hundred each
/// (callgrind).
struct LineMarks {
    from: usize,
    slash: u128,
    non_space: u128,
}

impl LineMarks {
    /// The bits of bytes `at` and after (`at` within the two blocks).
    #[inline(always)]
    fn since(&self, at: usize) -> u128 {
        debug_assert!(at - self.from < 128);
        u128::MAX << (at - self.from)
    }
}

impl Marks for LineMarks {
    #[inline(always)]
    fn slash(&self, _: &[u8], from: usize, end: usize) -> Option<usize> {
        let ahead = self.slash & self.since(from);
        let at = self.from + ahead.trailing_zeros() as usize;
        // No bit: `at` is 128 bytes on, past the line.
        (at < end).then_some(at)
    }

    #[inline(always)]
    fn close(&self, bytes: &[u8], from: usize, end: usize) -> Option<usize> {
        let mut ahead = self.slash & self.since(from);
        while ahead != 0 {
            let at = self.from + ahead.trailing_zeros() as usize;
            if at >= end {
                break;
            }
            if bytes[at - 1] == b'*' {
                return Some(at);
            }
            ahead &= ahead - 1;
        }
        None
    }

    #[inline(always)]
    fn non_space(&self, _: &[u8], from: usize, to: usize) -> bool {
        self.non_space & self.since(from) & !self.since(to) != 0
    }
}

/// A long line's marks, searched in its bytes.
struct SearchMarks;

impl Marks for SearchMarks {
    #[inline(always)]
    fn slash(&self, bytes: &[u8], from: usize, end: usize) -> Option<usize> {
        memchr::memchr(b'/', &bytes[from..end]).map(|at| from + at)
    }

    #[inline(always)]
    fn close(&self, bytes: &[u8], from: usize, end: usize) -> Option<usize> {
        // `memchr` set up once costs less than `memmem`, and a comment holds few `/`s.
        memchr::memchr_iter(b'/', &bytes[from..end])
            .map(|at| from + at)
            .find(|&at| bytes[at - 1] == b'*')
    }

    #[inline(always)]
    fn non_space(&self, bytes: &[u8], from: usize, to: usize) -> bool {
        // Only the first non-space byte matters, so `is_blank` stops early on code.
        !is_blank(&bytes[from..to])
    }
}

/// A function that loads the next block of a [`Lines`].
type Loader<'a, C> = unsafe fn(&mut Lines<'a, C>);

/// A classifier whose [`Lines`] load their blocks with functions compiled for it, so that its
/// classification inlines into them.
trait Loaders: Classify + Sized {
    /// [`Lines::next_block`] and [`Lines::next_block_unmarking`] for this classifier; they
    /// may only be called where a value of `Self` exists.
    fn loaders<'a>() -> (Loader<'a, Self>, Loader<'a, Self>);

    /// [`Lines::take_blocks`], compiled for this classifier.
    fn take_blocks(
        lines: &mut Lines<'_, Self>,
        taking: Taking,
        before: Option<usize>,
    ) -> WholeBlocks;
}

impl Loaders for byte_classes::Portable {
    fn loaders<'a>() -> (Loader<'a, Self>, Loader<'a, Self>) {
        (Lines::next_block, Lines::next_block_unmarking)
    }

    #[inline(never)]
    fn take_blocks(
        lines: &mut Lines<'_, Self>,
        taking: Taking,
        before: Option<usize>,
    ) -> WholeBlocks {
        lines.take_blocks(taking, before)
    }
}

/// The loaders for AVX2: compiled with it, so that `classify_avx2` inlines into them instead
/// of being called, with its masks returned through memory, for each block.
#[cfg(target_arch = "x86_64")]
impl Loaders for byte_classes::Avx2 {
    fn loaders<'a>() -> (Loader<'a, Self>, Loader<'a, Self>) {
        (next_block_avx2, next_block_unmarking_avx2)
    }

    #[inline(always)]
    fn take_blocks(
        lines: &mut Lines<'_, Self>,
        taking: Taking,
        before: Option<usize>,
    ) -> WholeBlocks {
        // SAFETY: `lines` holds a `byte_classes::Avx2` (its classifier), which exists only on
        // a processor with the target features `take_blocks_avx2` enables.
        unsafe { take_blocks_avx2(lines, taking, before) }
    }
}

/// [`Lines::take_blocks`] compiled with AVX2, POPCNT, BMI1, BMI2 and LZCNT.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,popcnt,bmi1,bmi2,lzcnt")]
#[inline(never)]
fn take_blocks_avx2(
    lines: &mut Lines<'_, byte_classes::Avx2>,
    taking: Taking,
    before: Option<usize>,
) -> WholeBlocks {
    lines.take_blocks(taking, before)
}

/// [`Lines::next_block`] compiled with AVX2, POPCNT, BMI1, BMI2 and LZCNT.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,popcnt,bmi1,bmi2,lzcnt")]
#[inline(never)]
fn next_block_avx2(lines: &mut Lines<'_, byte_classes::Avx2>) {
    lines.advance();
}

/// [`Lines::next_block_unmarking`] compiled with AVX2, POPCNT, BMI1, BMI2 and LZCNT.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,popcnt,bmi1,bmi2,lzcnt")]
#[inline(never)]
fn next_block_unmarking_avx2(lines: &mut Lines<'_, byte_classes::Avx2>) {
    lines.advance();
    lines.unmark_returns();
}

/// The counter's state between lines.
struct Walk<'a> {
    bytes: &'a [u8],
    segments: Segments,
    /// Where the last `*/` of the file starts, once a `/*` asked: a `/*` opens a comment only
    /// if a `*/` follows somewhere.
    last_close: Option<Option<usize>>,
    /// Inside a block comment: the offset just past its `*/`.
    comment_end: Option<usize>,
}

/// Count the lines of `bytes` (see the module's comment), classifying with `classifier`.
#[inline(always)]
fn walk<C: Loaders>(classifier: C, bytes: &[u8], continuation: bool) -> LineCounts {
    let mut walk = Walk {
        bytes,
        segments: Segments::new(continuation),
        last_close: None,
        comment_end: None,
    };
    let mut lines = Lines::new(classifier, bytes);
    let (mut total, mut blank) = (0u64, 0u64);
    let mut previous_continues = false;
    let mut start = 0usize;
    while start < bytes.len() {
        // Many lines at once when nothing carries over from the line before: plain lines
        // (blank or code, no `/`, no `\` at the end) outside comments, and lines inside a
        // block comment that ends after them.
        if start > 0 && !previous_continues {
            let run = match walk.comment_end {
                None if walk.segments.settled() => lines.run(start, Taking::Plain, None),
                None => None,
                Some(end) => lines.run(start, Taking::Unmarked, Some(end)),
            };
            if let Some(run) = run {
                total += run.lines;
                blank += run.blank;
                if walk.comment_end.is_none() {
                    walk.segments.plain_lines(run.lines - run.blank);
                }
                start = run.next;
                continue;
            }
        }
        let line = lines.line_at(start);
        let line_start = start;
        let first = start == 0;
        let mut body_start = start;
        let mut body_end = line.newline;
        start = line.newline + 1;
        if first {
            if let Some(bom) = BYTE_ORDER_MARKS
                .iter()
                .find(|bom| bytes[body_start..body_end].starts_with(bom))
            {
                body_start += bom.len();
            }
        }
        // `s/\cM$//`: one carriage return before the newline (a space, so `non_space` holds).
        if body_end > body_start && bytes[body_end - 1] == b'\r' {
            body_end -= 1;
            lines.returns_seen();
        }
        total += 1;
        let continues = body_end > body_start && bytes[body_end - 1] == b'\\';
        // The first line's flags include a byte-order mark that is not part of its body.
        let line_blank = if first {
            is_blank(&bytes[body_start..body_end])
        } else {
            !line.non_space
        };
        if line_blank && !(continuation && previous_continues) {
            blank += 1;
            previous_continues = continues;
            continue;
        }
        previous_continues = continues;
        // Where the line is walked from `/` to `/`: after a block comment it ends, or from its
        // start when it holds a `/` (or is the first); else it is not walked.
        let walked_from = match walk.comment_end {
            // The whole line, newlines included, is inside the comment.
            Some(end) if end > body_end => continue,
            Some(end) => {
                walk.comment_end = None;
                Some(end)
            }
            None => (line.slash || first).then_some(body_start),
        };
        if let Some(from) = walked_from {
            match lines.marks(line_start) {
                Some(marks) => walk.rest_of_line(&marks, from, body_end, continues),
                None => walk.rest_of_line(&SearchMarks, from, body_end, continues),
            }
        } else {
            // No comment marker: the whole body is one run of the joined text.
            if body_end > body_start {
                walk.segments.push_flags(!line_blank, bytes[body_end - 1]);
            }
            walk.segments.newline();
            if !continues {
                walk.segments.newline();
            }
        }
    }
    let code = walk.segments.finish();
    LineCounts {
        blank,
        comment: total - blank - code,
        code,
    }
}

impl Walk<'_> {
    /// Where the first `*/` starting at `from` or later (the end of a line) ends, if any.
    fn comment_close_after(&mut self, from: usize) -> Option<usize> {
        let bytes = self.bytes;
        let last_close = *self.last_close.get_or_insert_with(|| {
            memchr::memrchr_iter(b'/', bytes).find(|&at| at > 0 && bytes[at - 1] == b'*')
        });
        // `last_close` is the `/` of the last `*/`.
        if last_close.is_none_or(|close_slash| close_slash < from + 1) {
            return None;
        }
        // A `/` after a `*`, the first from `from + 1` (before `last_close`, so in the file).
        SearchMarks
            .close(bytes, from + 1, bytes.len())
            .map(|at| at + 1)
    }

    /// Walk a line's body from `pos` to `body_end`, from `/` to `/` (found with `marks`): the
    /// runs between comments go to the segments; a `//` takes the rest of the line with its
    /// newline, a `/*` that does not close on this line leaves `comment_end` set.
    #[inline(always)]
    fn rest_of_line<M: Marks>(
        &mut self,
        marks: &M,
        mut pos: usize,
        body_end: usize,
        continues: bool,
    ) {
        let bytes = self.bytes;
        // `ended` is set when a comment swallowed the newline.
        let mut ended = false;
        // Where the first `*/` after the line ends, once a `/*` found none on the line: every
        // later `/*` on the line finds none there either, so the line is searched once.
        let mut close_after: Option<Option<usize>> = None;
        while pos < body_end {
            let Some(slash) = marks.slash(bytes, pos, body_end) else {
                self.push_span(marks, pos, body_end);
                break;
            };
            self.push_span(marks, pos, slash);
            match bytes.get(slash + 1) {
                Some(b'/') if slash + 1 < body_end => {
                    // `//...\n`: the rest of the line and its newline go.
                    ended = true;
                    break;
                }
                Some(b'*') if slash + 1 < body_end => {
                    // The comment's `*/` starts at `slash + 2` or later: on this line, its `/`
                    // is one of the line's (no `*/` straddles the line's end, whose next byte
                    // is `\r`, `\n` or none).
                    let on_line = (close_after.is_none() && slash + 3 < body_end)
                        .then(|| marks.close(bytes, slash + 3, body_end))
                        .flatten();
                    let close = match on_line {
                        Some(close_slash) => Some(close_slash + 1),
                        None => {
                            *close_after.get_or_insert_with(|| self.comment_close_after(body_end))
                        }
                    };
                    match close {
                        Some(end) if end <= body_end => pos = end,
                        Some(end) => {
                            self.comment_end = Some(end);
                            ended = true;
                            break;
                        }
                        None => {
                            self.segments.push_flags(true, b'/');
                            pos = slash + 1;
                        }
                    }
                }
                _ => {
                    self.segments.push_flags(true, b'/');
                    pos = slash + 1;
                }
            }
        }
        if ended {
            if self.comment_end.is_some() {
                return;
            }
            // A line comment took the line's own newline; the extra one cloc adds (unless the
            // line ends in `\`) still ends the segment.
            if !continues {
                self.segments.newline();
            }
            return;
        }
        self.segments.newline();
        if !continues {
            self.segments.newline();
        }
    }

    /// The bytes `from..to` of a line, outside comments, join the current segment.
    #[inline(always)]
    fn push_span<M: Marks>(&mut self, marks: &M, from: usize, to: usize) {
        if from < to {
            // Once the segment holds a non-space byte, no later one matters.
            let non_space = self.segments.blank && marks.non_space(self.bytes, from, to);
            self.segments.push_flags(non_space, self.bytes[to - 1]);
        }
    }
}

/// The lines of the comment-free joined text, as Perl's `split("\n")` and cloc's blank filter
/// see them: counts the ones that survive as code.
struct Segments {
    continuation: bool,
    code: u64,
    empty: bool,
    blank: bool,
    last: u8,
    /// Empty segments waiting to see whether a non-empty one follows (`split` drops trailing
    /// empty fields).
    pending_empty: u64,
    /// Whether the segment before the current one ends in `\`.
    previous_continues: bool,
}

impl Segments {
    fn new(continuation: bool) -> Segments {
        Segments {
            continuation,
            code: 0,
            empty: true,
            blank: true,
            last: 0,
            pending_empty: 0,
            previous_continues: false,
        }
    }

    /// A non-empty run whose flags are known: it holds a non-space byte, and ends in `last`.
    #[inline(always)]
    fn push_flags(&mut self, non_space: bool, last: u8) {
        self.empty = false;
        self.last = last;
        self.blank &= !non_space;
    }

    /// No segment is open and the last one does not end in `\`: a plain code line adds one
    /// code line and leaves this so.
    #[inline(always)]
    fn settled(&self) -> bool {
        self.empty && !self.previous_continues
    }

    /// `count` plain code lines (non-blank, no comment marker, not ending in `\`) from a
    /// [`settled`](Self::settled) state: each is a segment that is code, then the empty
    /// segment of cloc's extra newline.
    #[inline(always)]
    fn plain_lines(&mut self, count: u64) {
        if count > 0 {
            self.code += count;
            self.pending_empty = 1;
        }
    }

    #[inline(always)]
    fn newline(&mut self) {
        self.close_segment();
        self.empty = true;
        self.blank = true;
        self.last = 0;
    }

    #[inline(always)]
    fn close_segment(&mut self) {
        if self.empty {
            self.pending_empty += 1;
            return;
        }
        if self.pending_empty > 0 {
            // The first empty segment after one that ends in `\` survives; the rest do not.
            if self.continuation && self.previous_continues {
                self.code += 1;
            }
            self.previous_continues = false;
            self.pending_empty = 0;
        }
        if !self.blank || (self.continuation && self.previous_continues) {
            self.code += 1;
        }
        self.previous_continues = self.last == b'\\';
    }

    fn finish(mut self) -> u64 {
        if !self.empty {
            self.close_segment();
        }
        self.code
    }
}
