//! GitHub code scanning's `primaryLocationLineHash`: the partial fingerprint by which it
//! follows an alert across commits, ported from github/codeql-action's `src/fingerprints.ts`
//! (`hash`), so that a SARIF log kcensus writes needs no fingerprinting step at upload.
//!
//! The algorithm, as there: the file is read as UTF-8 (invalid bytes become U+FFFD) and taken
//! as UTF-16 code units. Spaces and tabs are dropped, `\r\n` and `\r` become `\n`, and a
//! 65535 code unit marks the end of the file. Each line's hash is a rolling polynomial hash
//! (base 37, wrapping signed 64-bit arithmetic, as the `long` package computes) of the 100
//! code units that start at the line's first kept unit (zeros past the end), printed as an
//! unsigned hexadecimal number; `:N` follows, N counting the lines of the file with that
//! same hash so far (1 for the first).

/// The window of code units each line's hash covers.
const BLOCK_SIZE: usize = 100;
/// The hash's base.
const MOD: i64 = 37;
/// The code unit that marks the end of the file.
const END_OF_FILE: u16 = 65535;

/// The `primaryLocationLineHash` of every line of a file: element `i` is line `i + 1`'s.
/// A file that ends with a line end has one line more than its line ends (as in the
/// original, the end-of-file mark starts a line of its own).
pub fn line_hashes(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut hasher = RollingHash::new();
    for unit in text.encode_utf16() {
        hasher.process(unit);
    }
    hasher.process(END_OF_FILE);
    // The last lines' windows run past the end: fill them with zeros.
    for _ in 0..BLOCK_SIZE {
        if hasher.line_at[hasher.index].is_some() {
            hasher.output();
        }
        hasher.update(0);
    }
    let mut by_line: Vec<(usize, String)> = hasher.hashes;
    by_line.sort_by_key(|(line, _)| *line);
    by_line.into_iter().map(|(_, hash)| hash).collect()
}

/// The state of `hash` in fingerprints.ts.
struct RollingHash {
    /// The last BLOCK_SIZE code units, a ring indexed by `index`.
    window: [u16; BLOCK_SIZE],
    /// For each slot of the window, the line that starts at that unit.
    line_at: [Option<usize>; BLOCK_SIZE],
    raw: i64,
    /// MOD to the power BLOCK_SIZE (wrapping): the weight of the unit leaving the window.
    first_mod: i64,
    index: usize,
    line_number: usize,
    line_start: bool,
    previous_cr: bool,
    /// How many lines so far had each hash value.
    counts: std::collections::HashMap<u64, u32>,
    /// (line, "hash:count") in the order computed.
    hashes: Vec<(usize, String)>,
}

impl RollingHash {
    fn new() -> RollingHash {
        let first_mod = (0..BLOCK_SIZE).fold(1i64, |m, _| m.wrapping_mul(MOD));
        RollingHash {
            window: [0; BLOCK_SIZE],
            line_at: [None; BLOCK_SIZE],
            raw: 0,
            first_mod,
            index: 0,
            line_number: 0,
            line_start: true,
            previous_cr: false,
            counts: Default::default(),
            hashes: Vec::new(),
        }
    }

    /// Record the hash of the line whose window just completed.
    fn output(&mut self) {
        let value = self.raw as u64;
        let count = self.counts.entry(value).or_insert(0);
        *count += 1;
        if let Some(line) = self.line_at[self.index].take() {
            self.hashes.push((line, format!("{value:x}:{count}")));
        }
    }

    fn update(&mut self, current: u16) {
        let leaving = self.window[self.index];
        self.window[self.index] = current;
        self.raw = MOD
            .wrapping_mul(self.raw)
            .wrapping_add(i64::from(current))
            .wrapping_sub(self.first_mod.wrapping_mul(i64::from(leaving)));
        self.index = (self.index + 1) % BLOCK_SIZE;
    }

    fn process(&mut self, unit: u16) {
        const TAB: u16 = b'\t' as u16;
        const SPACE: u16 = b' ' as u16;
        const LF: u16 = b'\n' as u16;
        const CR: u16 = b'\r' as u16;
        if unit == SPACE || unit == TAB || (self.previous_cr && unit == LF) {
            self.previous_cr = false;
            return;
        }
        let current = if unit == CR { LF } else { unit };
        self.previous_cr = unit == CR;
        if self.line_at[self.index].is_some() {
            self.output();
        }
        if self.line_start {
            self.line_start = false;
            self.line_number += 1;
            self.line_at[self.index] = Some(self.line_number);
        }
        if current == LF {
            self.line_start = true;
        }
        self.update(current);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hash of a line whose window holds `units` then zeros, computed from the definition
    /// (Σ unit·37^(99-i), wrapping), independently of the rolling update.
    fn direct(units: &[u16]) -> u64 {
        let mut padded = units.to_vec();
        padded.resize(BLOCK_SIZE, 0);
        padded[..BLOCK_SIZE]
            .iter()
            .fold(0i64, |h, &u| h.wrapping_mul(37).wrapping_add(i64::from(u))) as u64
    }

    fn units(text: &str) -> Vec<u16> {
        text.encode_utf16().collect()
    }

    #[test]
    fn a_short_file_by_hand() {
        // "a\nb\n": line 1's window is a, \n, b, \n, EOF, zeros; line 2's is b, \n, EOF;
        // line 3 (after the last line end) starts at EOF.
        let got = line_hashes(b"a\nb\n");
        let expected = vec![
            format!("{:x}:1", direct(&[97, 10, 98, 10, 65535])),
            format!("{:x}:1", direct(&[98, 10, 65535])),
            format!("{:x}:1", direct(&[65535])),
        ];
        assert_eq!(got, expected);
        // Small enough to check one by hand: "b\n" then EOF, then 97 zeros, is
        // 98·37^99 + 10·37^98 + 65535·37^97 mod 2^64.
        let mut power = [1u64; 100];
        for i in 1..100 {
            power[i] = power[i - 1].wrapping_mul(37);
        }
        let by_hand = 98u64
            .wrapping_mul(power[99])
            .wrapping_add(10u64.wrapping_mul(power[98]))
            .wrapping_add(65535u64.wrapping_mul(power[97]));
        assert_eq!(got[1], format!("{by_hand:x}:1"));
    }

    #[test]
    fn spaces_and_tabs_do_not_count_and_cr_lf_is_one_line_end() {
        assert_eq!(line_hashes(b"  a \t\n b\n"), line_hashes(b"a\nb\n"));
        assert_eq!(line_hashes(b"a\r\nb\r\n"), line_hashes(b"a\nb\n"));
        assert_eq!(line_hashes(b"a\rb\r"), line_hashes(b"a\nb\n"));
    }

    #[test]
    fn equal_lines_are_numbered_in_file_order() {
        // Short equal lines have different windows (each sees the lines after it).
        let got = line_hashes(b"x\nx\n");
        assert_eq!(got[0], format!("{:x}:1", direct(&units("x\nx\n\u{ffff}"))));
        assert_eq!(got[1], format!("{:x}:1", direct(&units("x\n\u{ffff}"))));
        // A window of 100 units sees only its own line when lines are long: two equal long
        // lines give one hash, counted 1 then 2.
        let long = "y".repeat(120);
        let text = format!("{long}\n{long}\n");
        let got = line_hashes(text.as_bytes());
        let only_ys = direct(&[u16::from(b'y'); 100]);
        assert_eq!(got[0], format!("{only_ys:x}:1"));
        assert_eq!(got[1], format!("{only_ys:x}:2"));
        assert_eq!(got.len(), 3);
    }

    #[test]
    fn text_beyond_ascii_is_hashed_as_utf16_units() {
        // U+1F600 is two UTF-16 units (a surrogate pair), é one.
        let got = line_hashes("é😀\n".as_bytes());
        assert_eq!(
            got[0],
            format!("{:x}:1", direct(&[0xe9, 0xd83d, 0xde00, 10, 65535]))
        );
        // An invalid byte reads as U+FFFD.
        let got = line_hashes(b"\xff\n");
        assert_eq!(got[0], format!("{:x}:1", direct(&[0xfffd, 10, 65535])));
    }
}
