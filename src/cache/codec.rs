//! The little-endian pieces the cache's compact blobs are made of (`c_facts`,
//! `census_facts`): strings as a u16 length and UTF-8, fixed-size integers.

/// Append `s` as its length (u16) and its bytes; a longer string is cut at 65,535 bytes.
pub(super) fn put_str(out: &mut Vec<u8>, s: &str) {
    let bytes = &s.as_bytes()[..s.len().min(usize::from(u16::MAX))];
    out.extend_from_slice(&(bytes.len() as u16).to_le_bytes());
    out.extend_from_slice(bytes);
}

/// Take `N` bytes off the front of `bytes`.
pub(super) fn take<const N: usize>(bytes: &mut &[u8]) -> Option<[u8; N]> {
    let (head, rest) = bytes.split_first_chunk::<N>()?;
    *bytes = rest;
    Some(*head)
}

/// Take a string [`put_str`] wrote; `None` when it is cut short or not UTF-8.
pub(super) fn take_str(bytes: &mut &[u8]) -> Option<String> {
    let len = usize::from(u16::from_le_bytes(take(bytes)?));
    let (head, rest) = bytes.split_at_checked(len)?;
    *bytes = rest;
    String::from_utf8(head.to_vec()).ok()
}

/// Take a little-endian u32.
pub(super) fn take_u32(bytes: &mut &[u8]) -> Option<u32> {
    take(bytes).map(u32::from_le_bytes)
}
