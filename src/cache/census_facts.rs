//! The census facts (language and lines, or why a file is not counted) of files read without
//! a git blob id (directories and tarballs), by content and file name, as the cache stores
//! them: one row per directory or tarball (and code fingerprint and cloc version), holding the
//! facts of the files its latest run met in a compact binary form that a warm run decodes in
//! milliseconds.
//!
//! The key is what the census computes anyway for cloc's duplicate rule (size and XXH3-128 of
//! the bytes) and the XXH3-128 of the file name, since a file's language depends on its name.
//! So a directory's unchanged files are not counted again, and hashing costs nothing extra; a
//! blob id would take SHA-1 over every file, which costs more than counting.

use super::codec::{put_str, take, take_str, take_u32};
use super::{cloc_fingerprint, Cache, FACTS_FINGERPRINT};
use crate::facts::languages::ClocVersion;
use crate::facts::{FileFacts, LineCounts};
use rusqlite::{params, OptionalExtension, TransactionBehavior};
use std::collections::{BTreeMap, HashMap};

/// How many directories and tarballs keep their row (a kernel tree's takes about 4.5 MB).
pub const PLACES_KEPT: i64 = 16;

/// A file's key: size, XXH3-128 of its bytes, XXH3-128 of its name (the last path component).
pub type NamedContent = (u64, u128, u128);

/// The key of a file of `name` with these `bytes`, whose XXH3-128 is `hash`.
pub fn named_content(name: &str, bytes: &[u8], hash: u128) -> NamedContent {
    (
        bytes.len() as u64,
        hash,
        xxhash_rust::xxh3::xxh3_128(name.as_bytes()),
    )
}

/// Census facts by [`NamedContent`], for one cloc version's rules.
#[derive(Debug, Clone, Default)]
pub struct CensusFactsByContent(pub HashMap<NamedContent, FileFacts, rustc_hash::FxBuildHasher>);

impl Cache {
    /// The census facts known for the files of the directory or tarball at `place` (its
    /// canonical path), under this cache's cloc rules. Empty when there are none (or the row
    /// cannot be read).
    pub fn census_facts(&self, place: &str) -> CensusFactsByContent {
        let fingerprint = cloc_fingerprint(FACTS_FINGERPRINT, self.cloc);
        self.query(|c| {
            c.prepare_cached(
                "SELECT files FROM census_facts WHERE place = ?1 AND fingerprint = ?2",
            )?
            .query_row(params![place, fingerprint], |r| r.get::<_, Vec<u8>>(0))
            .optional()
        })
        .flatten()
        .and_then(|bytes| CensusFactsByContent::decode(&bytes, self.cloc))
        .unwrap_or_default()
    }

    /// Make `files` the census facts of `place`: the files of its latest run, so that a
    /// row holds one tree's files however often the tree changes. Only the rows of the
    /// [`PLACES_KEPT`] places written last are kept: a script unpacking a tree into a new
    /// folder each time would otherwise add a row per run.
    pub fn put_census_facts(&self, place: &str, files: &CensusFactsByContent) {
        let fingerprint = cloc_fingerprint(FACTS_FINGERPRINT, self.cloc);
        self.write(|c| {
            let transaction = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let written: i64 = transaction.query_row(
                "SELECT COALESCE(MAX(written), 0) + 1 FROM census_facts",
                [],
                |r| r.get(0),
            )?;
            transaction.execute(
                "INSERT OR REPLACE INTO census_facts(place, fingerprint, written, files)
                 VALUES (?1, ?2, ?3, ?4)",
                params![place, fingerprint, written, files.encode()],
            )?;
            transaction.execute(
                "DELETE FROM census_facts WHERE written <= ?1",
                params![written - PLACES_KEPT],
            )?;
            transaction.commit()
        });
    }
}

/// A record's outcome: `C` and a language name (counted), or `N` and a reason.
fn outcome(facts: &FileFacts) -> String {
    match facts {
        FileFacts::Counted { language, .. } => format!("C{}", language.name),
        FileFacts::NotCounted(reason) => format!("N{reason}"),
    }
}

impl CensusFactsByContent {
    /// The outcomes first (their number as u16, each as a u16 length and UTF-8: `C` and a
    /// language name, or `N` and a reason), then one record per file, sorted by key (equal
    /// maps encode alike): size (u64), hash (u128), name hash (u128), the outcome's index
    /// (u16), and for a counted file its blank, comment and code lines (u32 each);
    /// little-endian. Files with more lines than a u32 holds are left out (counted again).
    pub fn encode(&self) -> Vec<u8> {
        let fits = |facts: &FileFacts| match facts {
            FileFacts::Counted { lines, .. } => [lines.blank, lines.comment, lines.code]
                .iter()
                .all(|&n| u32::try_from(n).is_ok()),
            FileFacts::NotCounted(_) => true,
        };
        let mut records: Vec<(&NamedContent, &FileFacts, String)> = self
            .0
            .iter()
            .filter(|(_, facts)| fits(facts))
            .map(|(key, facts)| (key, facts, outcome(facts)))
            .collect();
        records.sort_unstable_by_key(|(key, _, _)| **key);
        let mut outcomes: BTreeMap<&str, u16> = records
            .iter()
            .map(|(_, _, outcome)| (outcome.as_str(), 0))
            .collect();
        for (index, slot) in outcomes.values_mut().enumerate() {
            *slot = index as u16;
        }
        let mut out = Vec::with_capacity(records.len() * 54);
        out.extend_from_slice(&(outcomes.len() as u16).to_le_bytes());
        for name in outcomes.keys() {
            put_str(&mut out, name);
        }
        for (key, facts, outcome) in &records {
            out.extend_from_slice(&key.0.to_le_bytes());
            out.extend_from_slice(&key.1.to_le_bytes());
            out.extend_from_slice(&key.2.to_le_bytes());
            out.extend_from_slice(&outcomes[outcome.as_str()].to_le_bytes());
            if let FileFacts::Counted { lines, .. } = facts {
                for n in [lines.blank, lines.comment, lines.code] {
                    out.extend_from_slice(&(n as u32).to_le_bytes());
                }
            }
        }
        out
    }

    /// The inverse of [`CensusFactsByContent::encode`], the languages read from the table of
    /// `cloc`; `None` for bytes it did not write, or a language `cloc` does not know.
    pub fn decode(mut bytes: &[u8], cloc: ClocVersion) -> Option<CensusFactsByContent> {
        let table = cloc.table();
        let count = u16::from_le_bytes(take(&mut bytes)?);
        let mut outcomes: Vec<FileFacts> = Vec::with_capacity(usize::from(count));
        for _ in 0..count {
            let name = take_str(&mut bytes)?;
            outcomes.push(match name.split_at_checked(1)? {
                ("C", language) => FileFacts::Counted {
                    language: table.language_named(language)?,
                    lines: LineCounts::default(),
                },
                ("N", reason) => FileFacts::NotCounted(super::intern(reason.to_string())),
                _ => return None,
            });
        }
        // A counted file's record takes 54 bytes: reserving for about as many spares most of
        // the map's growth.
        let mut map = HashMap::with_capacity_and_hasher(bytes.len() / 54, Default::default());
        let u32_of = |bytes: &mut &[u8]| take_u32(bytes).map(u64::from);
        while !bytes.is_empty() {
            let size = u64::from_le_bytes(take(&mut bytes)?);
            let hash = u128::from_le_bytes(take(&mut bytes)?);
            let name = u128::from_le_bytes(take(&mut bytes)?);
            let index = usize::from(u16::from_le_bytes(take(&mut bytes)?));
            let facts = match outcomes.get(index)?.clone() {
                FileFacts::Counted { language, .. } => FileFacts::Counted {
                    language,
                    lines: LineCounts {
                        blank: u32_of(&mut bytes)?,
                        comment: u32_of(&mut bytes)?,
                        code: u32_of(&mut bytes)?,
                    },
                },
                not_counted => not_counted,
            };
            map.insert((size, hash, name), facts);
        }
        Some(CensusFactsByContent(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counted(language: &str, blank: u64, comment: u64, code: u64) -> FileFacts {
        FileFacts::Counted {
            language: ClocVersion::default()
                .table()
                .language_named(language)
                .unwrap(),
            lines: LineCounts {
                blank,
                comment,
                code,
            },
        }
    }

    /// The map in a comparable form: outcome and lines by key, sorted.
    fn plain(map: &CensusFactsByContent) -> BTreeMap<NamedContent, (String, Option<LineCounts>)> {
        map.0
            .iter()
            .map(|(key, facts)| {
                let lines = match facts {
                    FileFacts::Counted { lines, .. } => Some(*lines),
                    FileFacts::NotCounted(_) => None,
                };
                (*key, (outcome(facts), lines))
            })
            .collect()
    }

    fn decoded(bytes: &[u8]) -> Option<BTreeMap<NamedContent, (String, Option<LineCounts>)>> {
        CensusFactsByContent::decode(bytes, ClocVersion::default()).map(|map| plain(&map))
    }

    #[test]
    fn encode_and_decode() {
        let mut map = CensusFactsByContent::default();
        map.0.insert((10, 1, 2), counted("C", 1, 2, 7));
        map.0.insert(
            (11, u128::MAX, 3),
            counted("Rust", 0, 0, u64::from(u32::MAX)),
        );
        map.0
            .insert((12, 5, 4), FileFacts::NotCounted("empty file"));
        map.0.insert((13, 6, 4), counted("C/C++ Header", 3, 0, 1));
        let bytes = map.encode();
        assert_eq!(decoded(&bytes), Some(plain(&map)));
        assert_eq!(decoded(&bytes[..bytes.len() - 1]), None);
        assert_eq!(decoded(&[0, 0]), Some(BTreeMap::new()));
        // Equal maps encode alike, whatever their order of insertion.
        let mut again = CensusFactsByContent::default();
        let mut keys: Vec<&NamedContent> = map.0.keys().collect();
        keys.sort_unstable_by(|a, b| b.cmp(a));
        for key in keys {
            again.0.insert(*key, map.0[key].clone());
        }
        assert_eq!(again.encode(), bytes);
    }

    #[test]
    fn files_with_more_lines_than_a_u32_holds_are_left_out() {
        let mut map = CensusFactsByContent::default();
        map.0.insert((10, 1, 2), counted("C", 0, 0, 1 << 32));
        map.0.insert((11, 1, 2), counted("C", 0, 0, 1));
        let kept = decoded(&map.encode()).unwrap();
        assert_eq!(kept.keys().collect::<Vec<_>>(), [&(11, 1, 2)]);
        assert_eq!(kept[&(11, 1, 2)], plain(&map)[&(11, 1, 2)]);
    }

    #[test]
    fn rows_are_by_place_and_only_the_places_written_last_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(&dir.path().join("c.sqlite")).unwrap();
        let place = |n: i64| format!("/trees/{n}");
        let files = |n: i64| {
            let mut map = CensusFactsByContent::default();
            map.0.insert((n as u64, 1, 2), counted("C", 0, 0, n as u64));
            map
        };
        for n in 0..=PLACES_KEPT {
            cache.put_census_facts(&place(n), &files(n));
        }
        let held = |n: i64| plain(&cache.census_facts(&place(n)));
        assert_eq!(
            held(0),
            BTreeMap::new(),
            "the place written first is dropped"
        );
        for n in 1..=PLACES_KEPT {
            assert_eq!(held(n), plain(&files(n)), "place {n}");
        }
        // Writing a place again makes it the newest: the oldest other place goes.
        cache.put_census_facts(&place(1), &files(1));
        cache.put_census_facts(&place(PLACES_KEPT + 1), &files(PLACES_KEPT + 1));
        assert_eq!(held(1), plain(&files(1)));
        assert_eq!(held(2), BTreeMap::new());
        // Another cloc version's rules read nothing of these rows.
        let newer = Cache::open(&dir.path().join("c.sqlite"))
            .unwrap()
            .with_cloc(ClocVersion::V2_08);
        assert!(newer.census_facts(&place(3)).0.is_empty());
    }

    #[test]
    fn an_unknown_language_makes_the_row_unreadable() {
        let mut bytes = 1u16.to_le_bytes().to_vec();
        put_str(&mut bytes, "CNo Such Language");
        assert!(CensusFactsByContent::decode(&bytes, ClocVersion::default()).is_none());
    }
}
