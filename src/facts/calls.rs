//! Calls of known functions in C: which of a set of symbols a C file calls, a pure function
//! of the file's bytes and the set (so it is cacheable by content and a digest of the set).
//!
//! A call is the symbol as a whole identifier followed by `(` (spaces and tabs allowed in
//! between), anywhere in the bytes: comments and strings are not told apart, which errs on
//! the side of naming a caller.
//!
//! A scan for the symbols themselves is slow: their first bytes (`rus`, `drm`, `tes`) are
//! everywhere in C. Each symbol is instead anchored on its rarest four-byte window (`qr_g` in
//! `drm_panic_qr_generate`), all anchors are found in one Aho-Corasick pass (SIMD Teddy where
//! the CPU has it), and each hit is checked for the whole symbol around it.

/// Identifier bytes from most to least frequent in kernel C sources (measured on Linux 7.3);
/// used to anchor each symbol's search on its rarest bytes.
const IDENTIFIER_BYTES_BY_FREQUENCY: &[u8] =
    b"e_trisan0cdolpufmxhvEgbTRAw1CISkDL2NPMOyF38GBU4q6H5WX9VK7zYjQZJ";

/// Width of the anchor searched for in each symbol.
const ANCHOR: usize = 4;

/// How common a byte is in C identifiers (higher is more common).
fn commonness(b: u8) -> usize {
    let rank = IDENTIFIER_BYTES_BY_FREQUENCY.iter().position(|&c| c == b);
    rank.map_or(0, |r| IDENTIFIER_BYTES_BY_FREQUENCY.len() - r)
}

/// A compiled search for calls of a set of symbols.
pub struct SymbolSearch {
    /// The symbols, sorted and distinct: [`SymbolSearch::calls`] returns indexes into them.
    symbols: Vec<String>,
    /// For each anchor pattern, the (symbol index, anchor offset in the symbol) it stands for.
    anchors: Vec<Vec<(usize, usize)>>,
    automaton: Option<Anchors>,
}

/// The anchor matcher: Teddy (SIMD, for a few short patterns) where the CPU has it, a plain
/// Aho-Corasick automaton otherwise.
enum Anchors {
    Packed(aho_corasick::packed::Searcher),
    Automaton(aho_corasick::AhoCorasick),
}

impl Anchors {
    fn new(patterns: &[Vec<u8>]) -> Option<Anchors> {
        if patterns.is_empty() {
            return None;
        }
        if let Some(searcher) = aho_corasick::packed::Searcher::new(patterns) {
            return Some(Anchors::Packed(searcher));
        }
        aho_corasick::AhoCorasick::new(patterns)
            .ok()
            .map(Anchors::Automaton)
    }

    fn find(&self, haystack: &[u8], from: usize) -> Option<aho_corasick::Match> {
        match self {
            Anchors::Packed(s) => {
                s.find_in(haystack, aho_corasick::Span::from(from..haystack.len()))
            }
            Anchors::Automaton(a) => a.find(aho_corasick::Input::new(haystack).range(from..)),
        }
    }
}

impl SymbolSearch {
    /// A search for `symbols` (sorted and deduplicated here; empty names are dropped).
    pub fn new(mut symbols: Vec<String>) -> SymbolSearch {
        symbols.retain(|s| !s.is_empty());
        symbols.sort();
        symbols.dedup();
        let mut patterns: Vec<Vec<u8>> = Vec::new();
        let mut anchors: Vec<Vec<(usize, usize)>> = Vec::new();
        for (index, symbol) in symbols.iter().enumerate() {
            let bytes = symbol.as_bytes();
            let width = ANCHOR.min(bytes.len());
            let offset = (0..=bytes.len() - width)
                .min_by_key(|&at| {
                    bytes[at..at + width]
                        .iter()
                        .map(|&b| commonness(b))
                        .sum::<usize>()
                })
                .unwrap_or(0);
            let window = bytes[offset..offset + width].to_vec();
            match patterns.iter().position(|p| *p == window) {
                Some(at) => anchors[at].push((index, offset)),
                None => {
                    patterns.push(window);
                    anchors.push(vec![(index, offset)]);
                }
            }
        }
        let automaton = Anchors::new(&patterns);
        SymbolSearch {
            symbols,
            anchors,
            automaton,
        }
    }

    /// The symbols searched for, sorted.
    pub fn symbols(&self) -> &[String] {
        &self.symbols
    }

    /// Whether there is nothing to search for.
    pub fn is_empty(&self) -> bool {
        self.automaton.is_none()
    }

    /// The indexes (into [`SymbolSearch::symbols`], ascending) of the symbols `bytes` calls.
    pub fn calls(&self, bytes: &[u8]) -> Vec<usize> {
        let mut called = vec![false; self.symbols.len()];
        self.occurrences(bytes, |index, start, end| {
            if is_call(bytes, start, end) {
                called[index] = true;
            }
        });
        (0..self.symbols.len())
            .filter(|&index| called[index])
            .collect()
    }

    /// Every site where a symbol occurs as [`SymbolSearch::calls`] counts it (a whole
    /// identifier followed by `(`): (symbol index, start of the name, position of the `(`),
    /// in order of position.
    pub fn sites(&self, bytes: &[u8]) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        self.occurrences(bytes, |index, start, end| {
            if let Some(open) = open_paren(bytes, start, end) {
                out.push((index, start, open));
            }
        });
        // Anchors at different offsets of their symbols meet the sites out of order.
        out.sort_by_key(|&(index, start, _)| (start, index));
        out.dedup();
        out
    }

    /// Every occurrence of a symbol as a whole identifier (no identifier byte on either
    /// side), call or not: (symbol index, start), in order of position.
    pub fn identifier_sites(&self, bytes: &[u8]) -> Vec<(usize, usize)> {
        let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
        let mut out = Vec::new();
        self.occurrences(bytes, |index, start, end| {
            let glued_before = start > 0 && ident(bytes[start - 1]);
            let glued_after = bytes.get(end).is_some_and(|&b| ident(b));
            if !glued_before && !glued_after {
                out.push((index, start));
            }
        });
        out.sort_by_key(|&(index, start)| (start, index));
        out.dedup();
        out
    }

    /// Calls `found(symbol index, start, end)` for each place a symbol's bytes stand in
    /// `bytes`, as the automaton's anchors find them (in no particular order; a place may
    /// be met more than once). Every anchor occurrence counts, overlapping ones included:
    /// the search restarts one byte after each hit.
    fn occurrences(&self, bytes: &[u8], mut found: impl FnMut(usize, usize, usize)) {
        let Some(automaton) = &self.automaton else {
            return;
        };
        let mut from = 0;
        while let Some(m) = automaton.find(bytes, from) {
            from = m.start() + 1;
            for &(index, offset) in &self.anchors[m.pattern().as_usize()] {
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

/// Whether the match at `start..end` is a whole identifier followed by `(` (spaces allowed).
fn is_call(bytes: &[u8], start: usize, end: usize) -> bool {
    open_paren(bytes, start, end).is_some()
}

/// When the match at `start..end` is a whole identifier followed by `(` (spaces and tabs
/// allowed), the position of the `(`.
fn open_paren(bytes: &[u8], start: usize, end: usize) -> Option<usize> {
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    if start > 0 && ident(bytes[start - 1]) {
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

    #[test]
    fn nothing_to_search_for() {
        let s = search(&[]);
        assert!(s.is_empty());
        assert_eq!(s.calls(b"anything(1);"), Vec::<usize>::new());
    }
}
