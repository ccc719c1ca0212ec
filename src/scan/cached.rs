//! The cache-backed facts provider: per-file facts and Rust facts looked up by blob id before
//! they are computed.

use super::census::{ComputedFacts, FactsProvider, InspectedFile, KnownFile};
use crate::cache::Cache;
use crate::facts::file_facts_as;
use crate::facts::rust::{rust_facts, RustFacts};
use crate::source::{BlobId, SourceFile, UnreadFile};

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

/// Facts from the cache by blob id, computed (and stored) on a miss, for files whose blob id
/// the source knows (git). The identity that counts identical files once is then the blob id.
///
/// Files of directories and tarballs are counted, not looked up: their blob ids would have to
/// be computed, and SHA-1 over a C file costs more than counting its lines (measured on 7.3:
/// hashing every file made a warm report slower than one computing everything). Their Rust
/// facts, which cost far more than a hash, are still cached ([`rust_facts_of`]).
pub(super) struct CachedFacts<'a> {
    pub(super) cache: &'a Cache,
}

impl FactsProvider for CachedFacts<'_> {
    fn of_read(&self, file: &SourceFile) -> KnownFile {
        let Some(blob) = file.known_blob_id else {
            return ComputedFacts(self.cache.cloc()).of_read(file);
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
