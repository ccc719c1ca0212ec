//! A gzip stream as `gzip -d` reads it: one or more members, then nothing or zero bytes only.
//! Archives written to tape or block devices are padded with zeros after the last member;
//! gzip decompresses them silently, where `flate2`'s multi-member decoder reads the padding as
//! a member header and fails. Anything else after the last member is an error, as it is for
//! gzip (`trailing garbage`): a gate must not take part of an input for the whole.

use flate2::bufread::GzDecoder;
use std::io::{self, BufRead, Read};

/// Decompresses every member of a gzip stream, accepting trailing zero padding.
pub(super) struct GzipMembers<R: BufRead> {
    /// The member being read; `None` once the stream has ended.
    member: Option<GzDecoder<R>>,
}

impl<R: BufRead> GzipMembers<R> {
    /// A decoder for the stream `inner`, which must start with a gzip member.
    pub fn new(inner: R) -> GzipMembers<R> {
        GzipMembers {
            member: Some(GzDecoder::new(inner)),
        }
    }
}

impl<R: BufRead> Read for GzipMembers<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let Some(member) = self.member.as_mut() else {
                return Ok(0);
            };
            let read = member.read(buf)?;
            if read > 0 || buf.is_empty() {
                return Ok(read);
            }
            // The member ended (its trailer checked): what follows decides.
            let mut inner = self.member.take().expect("a member").into_inner();
            if next_member_follows(&mut inner)? {
                self.member = Some(GzDecoder::new(inner));
            }
        }
    }
}

/// After a member: `true` when another member starts, `false` at the end of the stream or of
/// zero padding that runs to the end; an error for anything else.
fn next_member_follows(inner: &mut impl BufRead) -> io::Result<bool> {
    let mut padding = false;
    loop {
        let available = inner.fill_buf()?;
        if available.is_empty() {
            return Ok(false);
        }
        let zeros = available.iter().take_while(|&&b| b == 0).count();
        if zeros == 0 {
            if padding {
                return Err(io::Error::other(
                    "data after the zero padding of a gzip stream",
                ));
            }
            return Ok(true);
        }
        padding = true;
        inner.consume(zeros);
    }
}

#[cfg(test)]
mod tests {
    use super::GzipMembers;
    use std::io::{Read, Write};

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn decompress(stream: &[u8]) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::new();
        GzipMembers::new(std::io::BufReader::with_capacity(7, stream)).read_to_end(&mut out)?;
        Ok(out)
    }

    #[test]
    fn members_then_zero_padding_read_as_gzip_reads_them() {
        let mut stream = gzip(b"first ");
        stream.extend(gzip(b"second"));
        assert_eq!(decompress(&stream).unwrap(), b"first second");
        stream.extend([0u8; 1000]);
        assert_eq!(decompress(&stream).unwrap(), b"first second");
    }

    #[test]
    fn anything_else_after_the_last_member_is_an_error() {
        let mut garbage = gzip(b"data");
        garbage.extend(b"xyz");
        assert!(decompress(&garbage).is_err());
        let mut after_padding = gzip(b"data");
        after_padding.extend([0, 0, 0, 1]);
        let error = decompress(&after_padding).unwrap_err();
        assert!(error.to_string().contains("zero padding"), "{error}");
        let mut cut = gzip(b"data data data");
        cut.truncate(cut.len() - 3);
        assert!(decompress(&cut).is_err());
    }
}
