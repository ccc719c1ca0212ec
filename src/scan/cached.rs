//! The cache-backed facts provider: per-file facts looked up by blob id (or by content and
//! name, for files without one) and Rust facts by blob id, before they are computed.

use super::census::{FactsProvider, InspectedFile, KnownFile};
use super::lock;
use crate::cache::census_facts::{named_content, CensusFactsByContent, NamedContent};
use crate::cache::Cache;
use crate::facts::file_facts_as;
use crate::facts::rust::{rust_facts, RustFacts};
use crate::source::{BlobId, SourceFile, UnreadFile};
use std::sync::{Mutex, OnceLock};

/// The last component of a path: what a file's language depends on besides its bytes.
pub(super) fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The Rust facts of a file and its blob id: the facts from the cache by blob id, or computed
/// from the bytes (and then stored). A file left unread always has them cached (see
/// `needs_bytes` in [`super::read_tree`]). Hashing a `.rs` file costs far less than parsing
/// it, so files without a known blob id (directories, tarballs) are hashed here.
pub(super) fn rust_facts_of(file: &InspectedFile, cache: Option<&Cache>) -> (RustFacts, BlobId) {
    let bytes = file.bytes.unwrap_or_default();
    let blob = file
        .known
        .blob_id
        .unwrap_or_else(|| crate::source::git_blob_id(bytes));
    if let Some(facts) = cache.and_then(|cache| cache.rust_facts(&blob)) {
        return (facts, blob);
    }
    let facts = rust_facts(bytes);
    if let Some(cache) = cache {
        cache.put_rust_facts(blob, &facts);
    }
    (facts, blob)
}

/// Facts from the cache, computed (and stored) on a miss.
///
/// A file whose blob id the source knows (git) is looked up by blob id, which is then the
/// identity that counts identical files once. Other files (directories, tarballs) are looked
/// up by content and name ([`NamedContent`]), in the row of their directory or tarball: the
/// census hashes their bytes anyway for cloc's duplicate rule (XXH3-128), so an unchanged
/// file costs a hash and a lookup instead of its count. Their blob ids are never computed:
/// SHA-1 over a C file costs more than counting its lines. Their Rust facts, which cost far
/// more than a hash, are cached by blob id ([`rust_facts_of`]).
pub(super) struct CachedFacts<'a> {
    cache: &'a Cache,
    /// The canonical path of the directory or tarball read (`None` for git): the memo's row.
    place: Option<String>,
    /// The census facts by content of the place's latest run, loaded at the first file
    /// without a blob id.
    known: OnceLock<CensusFactsByContent>,
    /// The keys of the files of this pass found in `known`.
    hits: Mutex<Vec<NamedContent>>,
    /// The census facts computed in this pass for files without a blob id.
    found: Mutex<CensusFactsByContent>,
}

impl<'a> CachedFacts<'a> {
    /// The provider over `cache` for the source at `place` ([`crate::source::Source::place`]).
    pub(super) fn new(cache: &'a Cache, place: Option<String>) -> CachedFacts<'a> {
        CachedFacts {
            cache,
            place,
            known: OnceLock::new(),
            hits: Mutex::default(),
            found: Mutex::default(),
        }
    }

    /// When this pass counted a file, store the census facts of every file it met without a
    /// blob id as its place's row (files gone since are dropped from it; a pass that counted
    /// nothing leaves the row as it is).
    pub(super) fn finish(self) {
        let found = self.found.into_inner().unwrap_or_else(|e| e.into_inner());
        let Some(place) = self.place.filter(|_| !found.0.is_empty()) else {
            return;
        };
        let mut known = self.known.into_inner().unwrap_or_default();
        let mut files = found;
        for key in self.hits.into_inner().unwrap_or_else(|e| e.into_inner()) {
            if let Some(facts) = known.0.remove(&key) {
                files.0.insert(key, facts);
            }
        }
        self.cache.put_census_facts(&place, &files);
    }

    /// The facts of a file read without a blob id: from the memo by content, else computed.
    fn of_content(&self, file: &SourceFile) -> KnownFile {
        let hash = xxhash_rust::xxh3::xxh3_128(&file.bytes);
        let key = named_content(file_name(&file.path), &file.bytes, hash);
        let known = self.known.get_or_init(|| match &self.place {
            Some(place) => self.cache.census_facts(place),
            None => CensusFactsByContent::default(),
        });
        let facts = match known.0.get(&key) {
            Some(facts) => {
                lock(&self.hits).push(key);
                facts.clone()
            }
            None => {
                let facts = file_facts_as(self.cache.cloc(), &file.path, &file.bytes);
                lock(&self.found).0.insert(key, facts.clone());
                facts
            }
        };
        KnownFile::by_content(facts, &file.bytes, Some(hash))
    }
}

impl FactsProvider for CachedFacts<'_> {
    fn of_read(&self, file: &SourceFile) -> KnownFile {
        let Some(blob) = file.known_blob_id else {
            return self.of_content(file);
        };
        let name = file_name(&file.path);
        let size = file.bytes.len() as u64;
        let facts = match self.cache.file_facts(&blob, name) {
            Some((facts, _)) => facts,
            None => {
                let facts = file_facts_as(self.cache.cloc(), &file.path, &file.bytes);
                self.cache.put_file_facts(blob, name, size, &facts);
                facts
            }
        };
        KnownFile {
            facts,
            size,
            identity: identity(&blob),
            blob_id: Some(blob),
        }
    }

    fn of_unread(&self, file: &UnreadFile) -> Option<KnownFile> {
        let (facts, size) = self
            .cache
            .file_facts(&file.blob_id, file_name(&file.path))?;
        Some(KnownFile {
            facts,
            size,
            identity: identity(&file.blob_id),
            blob_id: Some(file.blob_id),
        })
    }
}

/// A content identity from a blob id (its first 16 bytes).
pub(super) fn identity(blob: &BlobId) -> u128 {
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&blob.0[..16]);
    u128::from_le_bytes(bytes)
}
