//! What a member's PAX records say beyond what the `tar` crate reads: a size record that is
//! not a number (the crate ignores it and reads the member with its header's size, where GNU
//! tar refuses the archive), and GNU tar's sparse files in PAX form (`tar --sparse
//! --format=pax`), which the crate reads as a plain file named `GNUSparseFile.<pid>/<name>`
//! holding a sparse map and the file's data without its holes.
//!
//! The rule for a sparse member is what extracting it gives: the file under its real name,
//! the holes as NUL bytes. Format 1.0 (GNU tar's default since 1.21) is rebuilt; the older
//! 0.0 and 0.1 forms keep their map in PAX records that tar writers have not produced for
//! fifteen years, and are skipped with that reason. GNU's own sparse headers (`--format=gnu`,
//! type `S`) are rebuilt by the `tar` crate itself.

use std::io;

/// The PAX records of one member that decide how it is read.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct PaxRecords {
    /// `GNU.sparse.name`: the real name of a sparse member.
    pub sparse_name: Option<Vec<u8>>,
    /// `GNU.sparse.realsize` (1.0) or `GNU.sparse.size` (0.x): the size once extracted.
    pub sparse_real_size: Option<u64>,
    /// `GNU.sparse.major`/`minor` as `(major, minor)`, or `(0, 0)` when only 0.x records are
    /// present.
    pub sparse_version: Option<(u64, u64)>,
}

impl PaxRecords {
    /// Read the member's PAX records. A `size` record that is not a decimal number is an
    /// error for the archive: its members' boundaries can no longer be trusted.
    pub fn of<R: io::Read>(entry: &mut tar::Entry<'_, R>) -> io::Result<PaxRecords> {
        let mut records = PaxRecords::default();
        let Some(extensions) = entry.pax_extensions()? else {
            return Ok(records);
        };
        let (mut major, mut minor, mut old_form) = (None, None, false);
        for extension in extensions {
            let extension = extension?;
            let value = extension.value_bytes();
            let number = || {
                std::str::from_utf8(value)
                    .ok()
                    .and_then(|text| text.parse::<u64>().ok())
            };
            match extension.key_bytes() {
                b"size" if number().is_none() => {
                    return Err(io::Error::other(format!(
                        "invalid PAX size record '{}'",
                        String::from_utf8_lossy(value).escape_default()
                    )));
                }
                b"GNU.sparse.name" => records.sparse_name = Some(value.to_vec()),
                b"GNU.sparse.realsize" | b"GNU.sparse.size" => records.sparse_real_size = number(),
                b"GNU.sparse.major" => major = number(),
                b"GNU.sparse.minor" => minor = number(),
                b"GNU.sparse.offset" | b"GNU.sparse.numbytes" | b"GNU.sparse.map" => {
                    old_form = true
                }
                _ => {}
            }
        }
        records.sparse_version = match (major, minor) {
            (Some(major), minor) => Some((major, minor.unwrap_or(0))),
            (None, _) if old_form || records.sparse_name.is_some() => Some((0, 0)),
            (None, _) => None,
        };
        Ok(records)
    }

    /// Whether the member is a GNU sparse file in PAX form.
    pub fn is_sparse(&self) -> bool {
        self.sparse_version.is_some()
    }
}

/// Rebuild a format 1.0 sparse file from a member's stored bytes: a map (the number of data
/// chunks, then each chunk's offset and size, one decimal number per line, padded to a
/// 512-byte block), then the chunks one after the other. `Err` says why the map is unusable.
pub(super) fn rebuild_sparse_1_0(stored: &[u8], real_size: u64) -> Result<Vec<u8>, String> {
    let malformed = |what: &str| format!("malformed GNU sparse map ({what})");
    let mut at = 0usize;
    let mut number = || -> Result<u64, String> {
        let end = stored[at..]
            .iter()
            .position(|&b| b == b'\n')
            .ok_or_else(|| malformed("unterminated number"))?;
        let text = std::str::from_utf8(&stored[at..at + end]).map_err(|_| malformed("not text"))?;
        at += end + 1;
        text.parse::<u64>().map_err(|_| malformed("not a number"))
    };
    let chunks = number()?;
    // Each chunk takes at least four bytes of map ("0\n0\n"): a count beyond that is a lie.
    if chunks > stored.len() as u64 / 4 {
        return Err(malformed("more chunks than the member holds"));
    }
    let mut map = Vec::with_capacity(chunks as usize);
    for _ in 0..chunks {
        map.push((number()?, number()?));
    }
    let mut data = at.div_ceil(512) * 512;
    let size = usize::try_from(real_size).map_err(|_| malformed("size"))?;
    let mut file = vec![0u8; size];
    let mut end_of_last = 0u64;
    for (offset, length) in map {
        let end = offset
            .checked_add(length)
            .filter(|&end| offset >= end_of_last && end <= real_size)
            .ok_or_else(|| malformed("chunks out of order or past the end"))?;
        let from = stored
            .get(data..data + length as usize)
            .ok_or_else(|| malformed("chunks longer than the member"))?;
        file[offset as usize..end as usize].copy_from_slice(from);
        data += length as usize;
        end_of_last = end;
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::rebuild_sparse_1_0;

    /// The stored form GNU tar 1.34 writes for `int a;\n` followed by a hole to 1,000 bytes
    /// (a map of one chunk at 0 of 7 bytes and the trailing empty chunk), written out by hand.
    fn stored(map: &str, data: &[u8]) -> Vec<u8> {
        let mut bytes = map.as_bytes().to_vec();
        bytes.resize(bytes.len().div_ceil(512) * 512, 0);
        bytes.extend_from_slice(data);
        bytes
    }

    #[test]
    fn a_sparse_file_is_its_chunks_with_nul_bytes_between() {
        let rebuilt = rebuild_sparse_1_0(&stored("2\n0\n7\n1000\n0\n", b"int a;\n"), 1000);
        let mut expected = b"int a;\n".to_vec();
        expected.resize(1000, 0);
        assert_eq!(rebuilt, Ok(expected));
        let rebuilt = rebuild_sparse_1_0(&stored("1\n4\n2\n", b"xy"), 6);
        assert_eq!(rebuilt, Ok(b"\0\0\0\0xy".to_vec()));
    }

    #[test]
    fn a_map_that_lies_is_refused_not_followed() {
        for (map, data, size) in [
            ("1\n0\n9\n", &b"short"[..], 9),
            ("1\n5\n4\n", b"abcd", 6),
            ("2\n4\n1\n0\n1\n", b"ab", 8),
            ("99999999\n", b"", 8),
            ("1\nx\n1\n", b"a", 1),
            ("1\n0", b"", 1),
        ] {
            let rebuilt = rebuild_sparse_1_0(&stored(map, data), size);
            assert!(
                rebuilt
                    .as_ref()
                    .is_err_and(|e| e.starts_with("malformed GNU sparse map")),
                "{map:?}: {rebuilt:?}"
            );
        }
    }
}
