//! Calls of known functions in C: which of a set of symbols a C file calls, a pure function
//! of the file's bytes and the set (so it is cacheable by content and a digest of the set).
//!
//! A call is the symbol as a whole identifier followed by `(` (spaces and tabs allowed in
//! between), anywhere in the bytes: comments and strings are not told apart, which errs on
//! the side of naming a caller.
//!
//! Two matchers give the same answer, and the set decides which is faster:
//!
//! - A few symbols (the names Rust exports and their stems): a scan for the symbols
//!   themselves is slow, since their first bytes (`rus`, `drm`, `tes`) are everywhere in C.
//!   Each symbol is instead anchored on a rare window of up to eight bytes, or on the anchor
//!   of a shorter symbol it holds (`rust_binder` in `rust_binder_stats`), all anchors are found
//!   in one SIMD Teddy pass, and each hit is checked for the whole symbol around it. The
//!   anchors are as wide as Slim Teddy's 32 patterns allow ([`anchor_patterns`]).
//! - Many symbols (every C name Rust's `bindings::` uses: thousands), or a CPU without the
//!   SIMD Teddy needs: anchors would be everywhere and an Aho-Corasick automaton walks every
//!   byte (about 50 MB/s on kernel C, 60 % of a cold `report`). The identifiers are looked up
//!   instead in a hash table of the symbols, behind a cheap filter (a signature of their
//!   length and end bytes) that rejects almost all of them: for calls and sites, only the
//!   identifier before each `(` (found with `memchr`); for every occurrence, every
//!   identifier of the text, cut out 64 bytes at a time.
//!
//! Every answer is about whole identifiers, so both matchers only need to find those.

use super::byte_set::ByteSet;

/// Identifier bytes from most to least frequent in kernel C sources (measured on Linux 7.3);
/// used to anchor each symbol's search on its rarest bytes.
const IDENTIFIER_BYTES_BY_FREQUENCY: &[u8] =
    b"e_trisan0cdolpufmxhvEgbTRAw1CISkDL2NPMOyF38GBU4q6H5WX9VK7zYjQZJ";

/// Narrowest anchor (a shorter symbol is its own anchor): Teddy's fingerprints are 4 bytes.
const NARROWEST_ANCHOR: usize = 4;

/// Widest anchor tried: wider ones are met less often in C, but each symbol's own anchor makes
/// more distinct patterns (measured on Linux 7.3's references: 4 bytes give 23 patterns and
/// 566 hits a MB of C, 6 bytes 30 and 59, 8 bytes 43 and 13).
const WIDEST_ANCHOR: usize = 8;

/// Most patterns Slim Teddy takes: it reads 32 bytes a step, Fat Teddy (up to 64 patterns)
/// 16. On Linux 7.3's references, 30 six-byte anchors (Slim) cost 2.9 G instructions, 43
/// eight-byte ones (Fat) 4.3 G.
const SLIM_TEDDY_PATTERNS: usize = 32;

/// Most patterns Teddy takes at all (with more, `aho_corasick` refuses to build it).
const TEDDY_PATTERNS: usize = 64;

/// How common a byte is in C identifiers (higher is more common).
fn commonness(b: u8) -> usize {
    let rank = IDENTIFIER_BYTES_BY_FREQUENCY.iter().position(|&c| c == b);
    rank.map_or(0, |r| IDENTIFIER_BYTES_BY_FREQUENCY.len() - r)
}

/// A compiled search for calls of a set of symbols.
pub struct SymbolSearch {
    /// The symbols, sorted and distinct: [`SymbolSearch::calls`] returns indexes into them.
    symbols: Vec<String>,
    matcher: Option<Matcher>,
}

/// How the symbols' whole-identifier occurrences are found (see the module docs).
enum Matcher {
    /// Each symbol anchored on its rarest window, the anchors found by Teddy (SIMD).
    Anchored {
        searcher: aho_corasick::packed::Searcher,
        /// For each anchor pattern, the (symbol index, anchor offset in the symbol) it
        /// stands for.
        anchors: Vec<Vec<(usize, usize)>>,
    },
    /// Every identifier of the text looked up.
    Identifiers(IdentifierTable),
}

/// The symbols by their bytes, behind a filter that rejects most identifiers without
/// hashing them whole.
struct IdentifierTable {
    /// Bit [`signature`] of each symbol set (8 KiB): with the 1,500-odd names of a kernel
    /// at most 2.3 % of the bits, so most identifiers that are not symbols stop here.
    /// Kernel identifiers share their first and last letters too often for a filter on
    /// those alone (tried first: it saved little).
    signatures: Box<[u64; 1024]>,
    index: rustc_hash::FxHashMap<Box<[u8]>, usize>,
}

/// The bytes of a C identifier, by the rule every answer uses (ASCII letters, digits, `_`).
static IDENTIFIER_BYTES: ByteSet =
    ByteSet::new(b"_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

/// Whether `b` can be part of a C identifier: the one rule of the C facts (`c.rs`,
/// `c_references.rs` and this search).
pub(super) fn is_identifier_byte(b: u8) -> bool {
    IDENTIFIER_BYTES.contains(b)
}

impl IdentifierTable {
    fn new(symbols: &[String]) -> IdentifierTable {
        let mut table = IdentifierTable {
            signatures: Box::new([0; 1024]),
            index: rustc_hash::FxHashMap::default(),
        };
        for (index, symbol) in symbols.iter().enumerate() {
            let bytes = symbol.as_bytes();
            let bit = signature(bytes);
            table.signatures[bit / 64] |= 1 << (bit % 64);
            table.index.insert(bytes.into(), index);
        }
        table
    }

    /// Calls `found(symbol index, start, end)` for each whole identifier of `bytes` that is a
    /// symbol, in order of position.
    ///
    /// The identifiers are found 64 bytes at a time: a mask of the identifier bytes of a
    /// block ([`ByteSet`]), its starts (a 1 after a 0) and ends (a 0 after a 1) read off
    /// with bit arithmetic. A byte-at-a-time loop that stops at every change of class
    /// mispredicts every few bytes of C (measured: 185 MB/s).
    fn find(&self, bytes: &[u8], mut found: impl FnMut(usize, usize, usize)) {
        let mut start = 0;
        // Whether the byte before the block is an identifier byte.
        let mut carry = 0u64;
        for base in (0..bytes.len()).step_by(64) {
            let mask = IDENTIFIER_BYTES.mask_from(bytes, base);
            let before = (mask << 1) | carry;
            let starts = mask & !before;
            // In a last, short block, bits past its end are 0 in `mask`: an identifier
            // running to the end of the bytes ends at bit `block.len()`.
            let ends = !mask & before;
            let mut events = starts | ends;
            while events != 0 {
                let at = events.trailing_zeros() as usize;
                events &= events - 1;
                if starts >> at & 1 == 1 {
                    start = base + at;
                } else {
                    self.look_up(bytes, start, base + at, &mut found);
                }
            }
            carry = if base + 64 <= bytes.len() {
                mask >> 63
            } else {
                0
            };
        }
        if carry == 1 {
            self.look_up(bytes, start, bytes.len(), &mut found);
        }
    }

    /// Calls `found(symbol index, start, open)` for each whole identifier of `bytes` that is
    /// a symbol followed by `(` (spaces and tabs between; `open` is the `(`'s position), in
    /// order of position.
    ///
    /// Found from the parentheses, each read back over blanks and an identifier: kernel C
    /// has one `(` for some five identifiers, and `memchr` finds them at memory speed. Each
    /// walk back stops at the previous `(` at the latest (it is neither blank nor an
    /// identifier byte), so no byte is read back twice.
    ///
    /// The identifier is read back with bit arithmetic, not byte by byte: the 64-byte block
    /// holding the `(` (blocks stand at multiples of 64 of `bytes`) gives a mask of its
    /// identifier bytes ([`ByteSet`], once for all the block's parentheses), and the
    /// identifier starts after the highest 0 of the mask below its end. Only an identifier
    /// reaching back into an earlier block, or blanks doing so, are walked byte by byte. The
    /// byte-by-byte walk was most of the cost of the C pass's sites search.
    fn find_calls(&self, bytes: &[u8], mut found: impl FnMut(usize, usize, usize)) {
        // The block of the last `(` and its identifier mask (no block yet: none of `bytes`).
        let (mut masked, mut mask) = (usize::MAX, 0u64);
        for open in memchr::memchr_iter(b'(', bytes) {
            let mut end = open;
            while end > 0 && matches!(bytes[end - 1], b' ' | b'\t') {
                end -= 1;
            }
            let block = open & !63;
            let start = if end > block {
                if block != masked {
                    masked = block;
                    mask = IDENTIFIER_BYTES.mask_from(bytes, block);
                }
                // The block's non-identifier bytes before `end` (`end - block` < 64).
                let before = !mask & ((1u64 << (end - block)) - 1);
                if before == 0 {
                    // Identifier bytes back to the block's start: walk on from there.
                    identifier_start(bytes, block)
                } else {
                    // Just after the highest of them.
                    block + 64 - before.leading_zeros() as usize
                }
            } else {
                // Blanks back into an earlier block, whose mask is not at hand.
                identifier_start(bytes, end)
            };
            if start < end {
                self.look_up(bytes, start, end, &mut |index, start, _| {
                    found(index, start, open)
                });
            }
        }
    }

    /// Reports the identifier at `start..end` if it is a symbol.
    #[inline(always)]
    fn look_up(
        &self,
        bytes: &[u8],
        start: usize,
        end: usize,
        found: &mut impl FnMut(usize, usize, usize),
    ) {
        let word = &bytes[start..end];
        let bit = signature(word);
        if self.signatures[bit / 64] & (1 << (bit % 64)) == 0 {
            return;
        }
        if let Some(&index) = self.index.get(word) {
            found(index, start, end);
        }
    }
}

/// The start of the run of identifier bytes that ends at `end`, read back byte by byte.
fn identifier_start(bytes: &[u8], mut end: usize) -> usize {
    while end > 0 && is_identifier_byte(bytes[end - 1]) {
        end -= 1;
    }
    end
}

/// The bit of [`IdentifierTable::signatures`] for a non-empty word: a multiplicative hash of
/// its length and its first two and last two bytes (16 bits).
#[inline(always)]
fn signature(word: &[u8]) -> usize {
    let last = word.len() - 1;
    let key = u32::from(word[0])
        | u32::from(word[1.min(last)]) << 8
        | u32::from(word[last.saturating_sub(1)]) << 16
        | u32::from(word[last]) << 24;
    let mixed = (key ^ (word.len() as u32).wrapping_mul(0x9e37_79b9)).wrapping_mul(0x85eb_ca6b);
    (mixed >> 16) as usize
}

/// The anchor of each symbol, the distinct anchors as patterns, and for each pattern the
/// (symbol index, anchor offset in the symbol) pairs it stands for.
type AnchorPatterns = (Vec<Vec<u8>>, Vec<Vec<(usize, usize)>>);

/// The anchors Teddy searches for: the widest that fit Slim Teddy, else the narrowest if
/// they fit Teddy at all, else none (the identifier table answers).
fn anchor_patterns(symbols: &[String]) -> Option<AnchorPatterns> {
    (NARROWEST_ANCHOR..=WIDEST_ANCHOR)
        .rev()
        .find_map(|width| anchors_of_width(symbols, width, SLIM_TEDDY_PATTERNS))
        .or_else(|| anchors_of_width(symbols, NARROWEST_ANCHOR, TEDDY_PATTERNS))
}

/// Anchors of `width` bytes (or the whole symbol, when shorter), in at most `limit` patterns.
///
/// A symbol that holds a pattern already chosen takes it, at the first place it stands, as
/// its anchor: the symbols come shortest first, so the stems of one name (`rust_binder`,
/// `rust_binder_stats`, `binder_stats_show`) share the anchors of the shorter ones. Any
/// other symbol is anchored on its rarest window by [`commonness`]. Every occurrence of a
/// symbol holds its anchor at its offset, so finding the anchors finds every occurrence.
fn anchors_of_width(symbols: &[String], width: usize, limit: usize) -> Option<AnchorPatterns> {
    let mut patterns: Vec<Vec<u8>> = Vec::new();
    let mut anchors: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut order: Vec<usize> = (0..symbols.len()).collect();
    order.sort_by_key(|&index| (symbols[index].len(), index));
    for index in order {
        let bytes = symbols[index].as_bytes();
        let shared = patterns.iter().enumerate().find_map(|(at, pattern)| {
            memchr::memmem::find(bytes, pattern).map(|offset| (at, offset))
        });
        if let Some((at, offset)) = shared {
            anchors[at].push((index, offset));
            continue;
        }
        if patterns.len() == limit {
            return None;
        }
        let width = width.min(bytes.len());
        let offset = (0..=bytes.len() - width)
            .min_by_key(|&at| {
                bytes[at..at + width]
                    .iter()
                    .map(|&b| commonness(b))
                    .sum::<usize>()
            })
            .unwrap_or(0);
        patterns.push(bytes[offset..offset + width].to_vec());
        anchors.push(vec![(index, offset)]);
    }
    Some((patterns, anchors))
}

/// Which matcher a search uses; [`SymbolSearch::with`] lets the tests build both on one set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strategy {
    /// Teddy where it can take the anchors, the identifier table otherwise.
    Fastest,
    /// The identifier table.
    #[cfg(test)]
    Identifiers,
}

impl SymbolSearch {
    /// A search for `symbols` (sorted and deduplicated here; empty names are dropped).
    pub fn new(symbols: Vec<String>) -> SymbolSearch {
        SymbolSearch::with(symbols, Strategy::Fastest)
    }

    fn with(mut symbols: Vec<String>, strategy: Strategy) -> SymbolSearch {
        symbols.retain(|s| !s.is_empty());
        symbols.sort();
        symbols.dedup();
        let matcher = if symbols.is_empty() {
            None
        } else {
            // Teddy needs SSSE3 or NEON: without, it refuses to build.
            let teddy = match strategy {
                Strategy::Fastest => anchor_patterns(&symbols).and_then(|(patterns, anchors)| {
                    let searcher = aho_corasick::packed::Searcher::new(&patterns)?;
                    Some(Matcher::Anchored { searcher, anchors })
                }),
                #[cfg(test)]
                Strategy::Identifiers => None,
            };
            Some(teddy.unwrap_or_else(|| Matcher::Identifiers(IdentifierTable::new(&symbols))))
        };
        SymbolSearch { symbols, matcher }
    }

    /// The symbols searched for, sorted.
    pub fn symbols(&self) -> &[String] {
        &self.symbols
    }

    /// Whether there is nothing to search for.
    pub fn is_empty(&self) -> bool {
        self.matcher.is_none()
    }

    /// The indexes (into [`SymbolSearch::symbols`], ascending) of the symbols `bytes` calls.
    pub fn calls(&self, bytes: &[u8]) -> Vec<usize> {
        let mut called = vec![false; self.symbols.len()];
        self.call_occurrences(bytes, |index, _, _| called[index] = true);
        (0..self.symbols.len())
            .filter(|&index| called[index])
            .collect()
    }

    /// [`SymbolSearch::calls`] read off the whole-identifier sites another search found in
    /// the same bytes: `sites` is `other.identifier_sites(bytes)` and `names` is
    /// `other.symbols()`. When every symbol of this search is one of `names`, the answer is
    /// `self.calls(bytes)`, without a search of its own: the C pass finds the sites of the
    /// names Rust exports and of their stems for the references, and the callers of those
    /// names are among them. Sites are few (some 4,000 in all of Linux 7.3), so each name is
    /// looked up as it comes.
    pub fn calls_at(&self, bytes: &[u8], names: &[String], sites: &[(usize, usize)]) -> Vec<usize> {
        let mut called = vec![false; self.symbols.len()];
        for &(index, start) in sites {
            let name = &names[index];
            if let Ok(mine) = self.symbols.binary_search(name) {
                if open_paren(bytes, start, start + name.len()).is_some() {
                    called[mine] = true;
                }
            }
        }
        (0..self.symbols.len())
            .filter(|&index| called[index])
            .collect()
    }

    /// Whether every symbol of this search is one of `names` (sorted): then
    /// [`SymbolSearch::calls_at`] on the sites of a search for `names` is
    /// [`SymbolSearch::calls`].
    pub fn is_within(&self, names: &[String]) -> bool {
        self.symbols.iter().all(|s| names.binary_search(s).is_ok())
    }

    /// Every site where a symbol occurs as [`SymbolSearch::calls`] counts it (a whole
    /// identifier followed by `(`): (symbol index, start of the name, position of the `(`),
    /// in order of position.
    pub fn sites(&self, bytes: &[u8]) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        self.call_occurrences(bytes, |index, start, open| out.push((index, start, open)));
        // Anchors at different offsets of their symbols meet the sites out of order.
        // (Already sorted when the identifier matcher found them: the sort is then cheap.)
        out.sort_by_key(|&(index, start, _)| (start, index));
        out.dedup();
        out
    }

    /// Every occurrence of a symbol as a whole identifier (no identifier byte on either
    /// side), call or not: (symbol index, start), in order of position.
    pub fn identifier_sites(&self, bytes: &[u8]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        self.occurrences(bytes, |index, start, end| {
            let glued_before = start > 0 && is_identifier_byte(bytes[start - 1]);
            let glued_after = bytes.get(end).is_some_and(|&b| is_identifier_byte(b));
            if !glued_before && !glued_after {
                out.push((index, start));
            }
        });
        out.sort_by_key(|&(index, start)| (start, index));
        out.dedup();
        out
    }

    /// Calls `found(symbol index, start, open)` for each site [`SymbolSearch::sites`] lists,
    /// in the order and with the repeats of [`SymbolSearch::occurrences`].
    fn call_occurrences(&self, bytes: &[u8], mut found: impl FnMut(usize, usize, usize)) {
        match &self.matcher {
            Some(Matcher::Identifiers(table)) => table.find_calls(bytes, found),
            _ => self.occurrences(bytes, |index, start, end| {
                if let Some(open) = open_paren(bytes, start, end) {
                    found(index, start, open);
                }
            }),
        }
    }

    /// Calls `found(symbol index, start, end)` for each place a symbol's bytes stand in
    /// `bytes`, every whole-identifier occurrence among them (the callers keep only those).
    /// The anchored matcher meets them in no particular order, a place perhaps more than once
    /// (every anchor occurrence counts, overlapping ones included: the search restarts one
    /// byte after each hit), and glued ones too; the identifier matcher meets only whole
    /// identifiers, once each, in order.
    fn occurrences(&self, bytes: &[u8], mut found: impl FnMut(usize, usize, usize)) {
        let (searcher, anchors) = match &self.matcher {
            None => return,
            Some(Matcher::Identifiers(table)) => return table.find(bytes, found),
            Some(Matcher::Anchored { searcher, anchors }) => (searcher, anchors),
        };
        let mut from = 0;
        while let Some(m) = searcher.find_in(bytes, aho_corasick::Span::from(from..bytes.len())) {
            from = m.start() + 1;
            for &(index, offset) in &anchors[m.pattern().as_usize()] {
                let Some(start) = m.start().checked_sub(offset) else {
                    continue;
                };
                let symbol = self.symbols[index].as_bytes();
                let end = start + symbol.len();
                if bytes.get(start..end) == Some(symbol) {
                    found(index, start, end);
                }
            }
        }
    }
}

/// When the match at `start..end` is a whole identifier followed by `(` (spaces and tabs
/// allowed), the position of the `(`.
fn open_paren(bytes: &[u8], start: usize, end: usize) -> Option<usize> {
    if start > 0 && is_identifier_byte(bytes[start - 1]) {
        return None;
    }
    let rest = &bytes[end..];
    let after = rest.iter().position(|&b| b != b' ' && b != b'\t')?;
    (rest[after] == b'(').then_some(end + after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn search(symbols: &[&str]) -> SymbolSearch {
        SymbolSearch::new(symbols.iter().map(|s| s.to_string()).collect())
    }

    fn called(search: &SymbolSearch, text: &str) -> Vec<String> {
        search
            .calls(text.as_bytes())
            .into_iter()
            .map(|i| search.symbols()[i].clone())
            .collect()
    }

    #[test]
    fn finds_whole_identifiers_followed_by_a_parenthesis() {
        let s = search(&["drm_panic_qr_generate", "rust_fmt_argument", "test_rs"]);
        assert_eq!(
            s.symbols(),
            ["drm_panic_qr_generate", "rust_fmt_argument", "test_rs"]
        );
        let text = "\tlen = drm_panic_qr_generate (url, data);\n\
                    p = rust_fmt_argument\t(buf, end, ptr);\n\
                    my_test_rs(1); test_rsx(2); test_rs = 3;\n";
        assert_eq!(
            called(&s, text),
            ["drm_panic_qr_generate", "rust_fmt_argument"]
        );
        assert_eq!(called(&s, "x = test_rs(1);"), ["test_rs"]);
        // Declarations are calls by this rule too: a prototype names the function.
        assert_eq!(called(&s, "size_t test_rs(int);"), ["test_rs"]);
        assert_eq!(called(&s, "test_rs"), Vec::<String>::new());
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("ssse3") {
            assert!(matches!(s.matcher, Some(Matcher::Anchored { .. })));
        }
    }

    #[test]
    fn overlapping_and_short_symbols() {
        // Symbols shorter than the anchor, and symbols sharing their rarest window.
        let s = search(&["qr", "aqr_x", "bqr_x", ""]);
        assert_eq!(s.symbols(), ["aqr_x", "bqr_x", "qr"]);
        assert_eq!(called(&s, "aqr_x(); bqr_x ();"), ["aqr_x", "bqr_x"]);
        assert_eq!(called(&s, "qr(1)"), ["qr"]);
        assert_eq!(called(&s, "aqr_xqr(1)"), Vec::<String>::new());
    }

    /// What `calls`, `sites` and `identifier_sites` say.
    type Answers = (Vec<usize>, Vec<(usize, usize, usize)>, Vec<(usize, usize)>);

    /// Every answer by a second method: the text cut into maximal runs of identifier
    /// bytes, each looked up in the set.
    fn naive(symbols: &[String], text: &[u8]) -> Answers {
        let mut sorted: Vec<String> = symbols.iter().filter(|s| !s.is_empty()).cloned().collect();
        sorted.sort();
        sorted.dedup();
        let (mut calls, mut sites, mut identifiers) = (Vec::new(), Vec::new(), Vec::new());
        let mut i = 0;
        while i < text.len() {
            if !is_identifier_byte(text[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < text.len() && is_identifier_byte(text[i]) {
                i += 1;
            }
            let word = std::str::from_utf8(&text[start..i]).unwrap();
            if let Ok(index) = sorted.binary_search_by(|s| s.as_str().cmp(word)) {
                identifiers.push((index, start));
                let blanks = text[i..]
                    .iter()
                    .take_while(|&&b| b == b' ' || b == b'\t')
                    .count();
                if text.get(i + blanks) == Some(&b'(') {
                    sites.push((index, start, i + blanks));
                    calls.push(index);
                }
            }
        }
        calls.sort();
        calls.dedup();
        (calls, sites, identifiers)
    }

    fn answers(s: &SymbolSearch, text: &[u8]) -> Answers {
        (s.calls(text), s.sites(text), s.identifier_sites(text))
    }

    #[test]
    fn many_symbols_use_the_identifier_table() {
        // More anchors than Teddy takes: the identifier table answers, as the naive method.
        let symbols = lettered(500, "_x");
        let s = SymbolSearch::new(symbols.clone());
        assert!(matches!(s.matcher, Some(Matcher::Identifiers(_))));
        let n = |i: usize| symbols[i].as_str();
        let text = format!(
            "{}(a); x{}(b); {} (c) {}\t(d) {}y(e)\n{} = 1; 9{}(f); {}(g)",
            n(1),
            n(2),
            n(3),
            n(4),
            n(5),
            n(6),
            n(7),
            n(499)
        );
        let expected = naive(&symbols, text.as_bytes());
        assert_eq!(answers(&s, text.as_bytes()), expected);
        let names: Vec<&str> = expected
            .0
            .iter()
            .map(|&i| s.symbols()[i].as_str())
            .collect();
        assert_eq!(names, [n(1), n(3), n(4), n(499)]);
        assert_eq!(
            expected.2.len(),
            5,
            "n(6) is an identifier site, not a call"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Both matchers, and the naive method, on texts made of the symbols, their pieces
        /// and the bytes that glue or separate them.
        #[test]
        fn both_matchers_give_the_naive_answer(
            picks in proptest::collection::vec(0usize..17, 0..60),
            few in proptest::bool::ANY,
        ) {
            let symbols: Vec<String> = if few {
                ["ab", "abc_d", "x_abc_d", "qr", "drm_qr_g", "a1"].iter().map(|s| s.to_string()).collect()
            } else {
                (0..300).map(|i| format!("s{i}")).chain(["ab".into(), "abc_d".into()]).collect()
            };
            // Long pieces carry identifiers, blanks and symbols across the 64-byte blocks
            // the identifier table reads the text in.
            let pieces: [&[u8]; 17] = [
                b"ab", b"abc_d", b"x_", b"qr", b"drm_", b"_g", b"a1", b"s1", b"s29", b"(",
                b" ", b"\t", b"\n;", b"0", b"long_identifier_piece_0123456789_abc",
                b"                       ", b"+-*/=<>!&|^~%?:,.[]{}#\"'",
            ];
            let text: Vec<u8> = picks.iter().flat_map(|&p| pieces[p].iter().copied()).collect();
            let expected = naive(&symbols, &text);
            let fastest = SymbolSearch::new(symbols.clone());
            let table = SymbolSearch::with(symbols.clone(), Strategy::Identifiers);
            proptest::prop_assert_eq!(answers(&fastest, &text), expected.clone());
            proptest::prop_assert_eq!(answers(&table, &text), expected.clone());
            // The calls read off a wider search's sites (the symbols and pieces of them, as
            // the references' stems are), by either matcher, are the calls.
            let wider: Vec<String> = symbols.iter().cloned()
                .chain(["abc", "x_abc", "drm", "qr_g", "s2"].map(String::from))
                .collect();
            for other in [
                SymbolSearch::new(wider.clone()),
                SymbolSearch::with(wider.clone(), Strategy::Identifiers),
            ] {
                proptest::prop_assert!(fastest.is_within(other.symbols()));
                let sites = other.identifier_sites(&text);
                proptest::prop_assert_eq!(
                    fastest.calls_at(&text, other.symbols(), &sites),
                    expected.0.clone()
                );
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]
        /// Every symbol has one anchor, which stands in it at its offset, and the patterns
        /// are distinct and within the limit asked for.
        #[test]
        fn every_symbol_holds_its_anchor(
            picks in proptest::collection::vec(proptest::collection::vec(0usize..6, 1..6), 1..50),
            width in NARROWEST_ANCHOR..=WIDEST_ANCHOR,
            limit in 1usize..40,
        ) {
            let words = ["rust", "_", "binder", "qr", "s", "x9"];
            let mut symbols: Vec<String> = picks
                .iter()
                .map(|p| p.iter().map(|&w| words[w]).collect())
                .collect();
            symbols.sort();
            symbols.dedup();
            let Some((patterns, anchors)) = anchors_of_width(&symbols, width, limit) else {
                return Ok(());
            };
            proptest::prop_assert!(patterns.len() <= limit);
            let mut distinct = patterns.clone();
            distinct.sort();
            distinct.dedup();
            proptest::prop_assert_eq!(distinct.len(), patterns.len());
            let mut anchored = Vec::new();
            for (pattern, pairs) in patterns.iter().zip(&anchors) {
                proptest::prop_assert!(pattern.len() <= width);
                for &(index, offset) in pairs {
                    let symbol = symbols[index].as_bytes();
                    proptest::prop_assert_eq!(symbol.get(offset..offset + pattern.len()), Some(&pattern[..]));
                    anchored.push(index);
                }
            }
            anchored.sort();
            proptest::prop_assert_eq!(anchored, (0..symbols.len()).collect::<Vec<_>>());
        }
    }

    /// `count` distinct symbols of eight letters drawn at random (seeded), then `tail`: they
    /// share few windows, as unrelated names do.
    fn lettered(count: usize, tail: &str) -> Vec<String> {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut symbols = std::collections::BTreeSet::new();
        while symbols.len() < count {
            let letters: String = (0..8)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    char::from(b'a' + (state % 26) as u8)
                })
                .collect();
            symbols.insert(format!("{letters}{tail}"));
        }
        symbols.into_iter().collect()
    }

    #[test]
    fn anchors_are_as_wide_as_slim_teddy_allows() {
        // 20 symbols of eight bytes: eight-byte anchors fit Slim Teddy.
        let symbols: Vec<String> = lettered(20, "");
        let (patterns, _) = anchor_patterns(&symbols).unwrap();
        assert_eq!(patterns.len(), 20);
        assert!(
            patterns.iter().all(|p| p.len() == WIDEST_ANCHOR),
            "{patterns:?}"
        );
        // 40: past Slim Teddy at every width; the narrowest anchors fit Teddy (64).
        let symbols: Vec<String> = lettered(40, "");
        let (patterns, _) = anchor_patterns(&symbols).unwrap();
        assert!(patterns.len() > SLIM_TEDDY_PATTERNS && patterns.len() <= TEDDY_PATTERNS);
        assert!(
            patterns.iter().all(|p| p.len() == NARROWEST_ANCHOR),
            "{patterns:?}"
        );
        // 200: past Teddy.
        assert!(anchor_patterns(&lettered(200, "")).is_none());
        // The stems of a name share the anchor of the shortest.
        let stems = ["rust_binder", "rust_binder_stats", "rust_binder_stats_show"];
        let (patterns, anchors) = anchor_patterns(&stems.map(String::from)).unwrap();
        assert_eq!(patterns.len(), 1);
        assert_eq!(anchors[0].len(), 3);
    }

    #[test]
    fn within_another_search() {
        let s = search(&["ab_c", "d_e"]);
        assert!(s.is_within(search(&["ab", "ab_c", "d_e"]).symbols()));
        assert!(!s.is_within(search(&["ab_c", "d_ef"]).symbols()));
    }

    #[test]
    fn nothing_to_search_for() {
        let s = search(&[]);
        assert!(s.is_empty());
        assert_eq!(s.calls(b"anything(1);"), Vec::<usize>::new());
    }
}
