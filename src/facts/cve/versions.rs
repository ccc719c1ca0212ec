//! Kernel releases and the version ranges of a CVE record: which releases it affects.
//!
//! A kernel CNA record states its ranges twice (CVE JSON 5, `containers.cna.affected[]`):
//!
//! - an entry with `defaultStatus: unaffected` whose `semver` ranges are the releases the bug
//!   reached (`6.1.116` `lessThan` `6.1.124`: a backport brought it into 6.1.116, 6.1.124
//!   fixed it; `4.19.323` `lessThan` `4.20`: never fixed in 4.19), and `git` ranges of commit
//!   ids (which a release number cannot be compared with; they are ignored);
//! - an entry with `defaultStatus: affected` that names the mainline release that introduced
//!   the bug (`6.12`, `status: affected`, no `versionType`), the releases before it
//!   (`0` `lessThan` `6.12`, unaffected), each stable series' fix (`6.1.124`
//!   `lessThanOrEqual` `6.1.*`, unaffected) and the mainline fix (`6.13` `lessThanOrEqual` `*`,
//!   `versionType: original_commit_for_fix`, unaffected).
//!
//! A release is affected when any entry says so: in an entry, a release inside an unaffected
//! range is unaffected, else inside an affected range (or equal to a listed version) affected,
//! else the entry's default. The `.dyad` file lists the same facts as
//! `vulnerable:git:fixed:git` pairs; it is read where the JSON gives no release numbers.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;

/// A kernel release number: `6.12`, `6.12.9`, `0` (before the first release in git), or
/// `2.6.32.1` (four parts before 3.0). Missing parts are 0, so `6.12` = `6.12.0`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Release {
    parts: [u32; 4],
    len: u8,
}

impl Release {
    /// Parse `6.12`, `6.12.9`, `0`; a suffix after `-` or `+` (`7.4-rc1`, `6.1.0+deb`) is
    /// dropped, so an `-rc` counts as its release. `None` when it is not a release number.
    pub fn parse(text: &str) -> Option<Release> {
        let numeric = text.trim().split(['-', '+', '~']).next()?;
        let mut parts = [0u32; 4];
        let mut len = 0u8;
        for part in numeric.split('.') {
            if usize::from(len) == parts.len() || part.is_empty() || part.len() > 9 {
                return None;
            }
            if !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            parts[usize::from(len)] = part.parse().ok()?;
            len += 1;
        }
        (len > 0).then_some(Release { parts, len })
    }

    /// The mainline series a release belongs to: `6.12` for `6.12.9` and for `6.12`.
    pub fn series(&self) -> Release {
        if self.parts[0] == 2 && self.parts[1] == 6 {
            // 2.6.x.y: the series is the third part.
            return Release {
                parts: [2, 6, self.parts[2], 0],
                len: 3,
            };
        }
        Release {
            parts: [self.parts[0], self.parts[1], 0, 0],
            len: 2,
        }
    }

    /// Is this a mainline release (`6.12`, `0`) rather than a stable one (`6.12.9`)?
    pub fn is_mainline(&self) -> bool {
        *self == self.series()
    }

    /// The first release after the series: `6.13` for `6.12.x` (the next series' number as
    /// counted here; kernel numbering jumps, `3.19` → `4.0`, but no release lies between).
    /// When `self` is a prefix of `release` (`2.6` of `2.6.39.2`), the first release after
    /// every release that begins with it (`2.7`); `None` otherwise.
    pub fn after_prefix_of(&self, release: &Release) -> Option<Release> {
        let len = usize::from(self.len);
        if len == 0 || len > usize::from(release.len) || self.parts[..len] != release.parts[..len] {
            return None;
        }
        let mut next = *self;
        next.parts[len - 1] += 1;
        Some(next)
    }

    fn series_end(&self) -> Release {
        let mut next = self.series();
        let last = usize::from(next.len) - 1;
        next.parts[last] += 1;
        next
    }
}

impl PartialEq for Release {
    fn eq(&self, other: &Self) -> bool {
        self.parts == other.parts
    }
}

impl Eq for Release {}

impl PartialOrd for Release {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Release {
    fn cmp(&self, other: &Self) -> Ordering {
        self.parts.cmp(&other.parts)
    }
}

impl fmt::Display for Release {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, part) in self.parts[..usize::from(self.len)].iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "{part}")?;
        }
        Ok(())
    }
}

/// The upper end of a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Upper {
    /// Releases before this one (`lessThan`).
    Below(Release),
    /// Releases up to and including this one (`lessThanOrEqual`, or a single `version`).
    AtMost(Release),
    /// Every release of the start's series (`lessThanOrEqual: 6.1.*`).
    SeriesEnd,
    /// Every later release (`lessThanOrEqual: *`).
    Unbounded,
}

/// A range of releases, from `start` on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    /// The first release of the range.
    pub start: Release,
    /// Where it ends.
    pub end: Upper,
}

impl Range {
    /// Does the range hold `release`?
    pub fn contains(&self, release: Release) -> bool {
        release >= self.start
            && match self.end {
                Upper::Below(end) => release < end,
                Upper::AtMost(end) => release <= end,
                Upper::SeriesEnd => release < self.start.series_end(),
                Upper::Unbounded => true,
            }
    }
}

/// One `affected[]` entry's version statements, release numbers only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statuses {
    /// `defaultStatus: affected`: releases in no range are affected.
    pub default_affected: bool,
    /// Ranges with `status: affected`.
    pub affected: Vec<Range>,
    /// Ranges with `status: unaffected`.
    pub unaffected: Vec<Range>,
}

impl Statuses {
    /// This entry's status of `release`.
    fn affects(&self, release: Release) -> bool {
        if self.unaffected.iter().any(|r| r.contains(release)) {
            return false;
        }
        self.default_affected || self.affected.iter().any(|r| r.contains(release))
    }
}

/// A record's releases: the version facts joined with the rest of the census.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Releases {
    /// Mainline releases that introduced the bug, oldest first (`0`: before git history).
    pub introduced: Vec<Release>,
    /// The mainline release that fixed it, if it is fixed in mainline.
    pub fixed: Option<Release>,
    /// Each entry's statements, for [`Releases::affects`].
    pub entries: Vec<Statuses>,
    /// Whether the facts come from the `.dyad` file (the JSON gave no release numbers).
    pub from_dyad: bool,
}

impl Releases {
    /// Is `release` (a tree's own version, `7.3.4`) affected: inside an affected range and not
    /// fixed in its stable series or before it.
    pub fn affects(&self, release: Release) -> bool {
        self.entries.iter().any(|e| e.affects(release))
    }

    /// Whether the record states any release number at all.
    pub fn is_empty(&self) -> bool {
        self.introduced.is_empty() && self.fixed.is_none() && self.entries.is_empty()
    }
}

/// The `.dyad` file's pairs as releases: `6.12:<git>:6.13:<git>` is one pair, `0:0` for the
/// fixed side means not fixed. Comment lines start with `#`. `Err` names a bad line.
pub fn releases_from_dyad(text: &str) -> Result<Releases, String> {
    let mut introduced = Vec::new();
    let mut fixed: Option<Release> = None;
    let mut statuses = Statuses::default();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split(':').collect();
        let bad = || format!(".dyad line {}: expected 4 fields a:git:b:git", number + 1);
        if fields.len() != 4 {
            return Err(bad());
        }
        let start = Release::parse(fields[0]).ok_or_else(bad)?;
        let end = Release::parse(fields[2]).ok_or_else(bad)?;
        let unfixed = end == Release::parse("0").expect("0 is a release");
        if start.is_mainline() {
            introduced.push(start);
        }
        if !unfixed && end.is_mainline() {
            fixed = Some(fixed.map_or(end, |f| f.min(end)));
        }
        let range_end = match (unfixed, start.is_mainline()) {
            (false, _) => Upper::Below(end),
            // A mainline introduction never fixed: every later release.
            (true, true) => Upper::Unbounded,
            // A backport never fixed in its series: the series.
            (true, false) => Upper::SeriesEnd,
        };
        statuses.affected.push(Range {
            start,
            end: range_end,
        });
        if !unfixed && !end.is_mainline() {
            // A stable fix: the rest of its series is unaffected, even where a mainline range
            // (`6.12` to `6.13`) covers it.
            statuses.unaffected.push(Range {
                start: end,
                end: Upper::SeriesEnd,
            });
        }
    }
    introduced.sort();
    introduced.dedup();
    let entries = if statuses.affected.is_empty() {
        Vec::new()
    } else {
        vec![statuses]
    };
    Ok(Releases {
        introduced,
        fixed,
        entries,
        from_dyad: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(text: &str) -> Release {
        Release::parse(text).unwrap()
    }

    #[test]
    fn releases_parse_and_order() {
        assert!(r("6.12") == r("6.12.0"));
        assert!(r("6.9") < r("6.12"));
        assert!(r("6.12.9") < r("6.13"));
        assert!(r("2.6.32.1") < r("3.0"));
        assert_eq!(r("7.4-rc1"), r("7.4"));
        assert_eq!(r("6.12.9").to_string(), "6.12.9");
        assert_eq!(r("6.12.9").series().to_string(), "6.12");
        assert!(r("6.12").is_mainline() && !r("6.12.9").is_mainline() && r("0").is_mainline());
        assert_eq!(r("2.6.32.1").series().to_string(), "2.6.32");
        for bad in ["", "a.b", "6..1", "*", "6.1.*", "1.2.3.4.5", "99999999999"] {
            assert!(Release::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn a_prefix_ends_after_every_release_that_begins_with_it() {
        // CVE-2026-23352's stable fix: `2.6.39.2` up to `2.6.*`, from the 2.6 era.
        assert_eq!(r("2.6").after_prefix_of(&r("2.6.39.2")), Some(r("2.7")));
        assert_eq!(r("6.1").after_prefix_of(&r("6.1.124")), Some(r("6.2")));
        assert_eq!(r("6.2").after_prefix_of(&r("6.1.124")), None);
        assert_eq!(r("6.1.124.1").after_prefix_of(&r("6.1.124")), None);
    }

    #[test]
    fn ranges_hold_what_they_say() {
        let series = Range {
            start: r("6.1.124"),
            end: Upper::SeriesEnd,
        };
        assert!(series.contains(r("6.1.124")) && series.contains(r("6.1.300")));
        assert!(!series.contains(r("6.1.123")) && !series.contains(r("6.2")));
        let below = Range {
            start: r("0"),
            end: Upper::Below(r("6.12")),
        };
        assert!(below.contains(r("6.11.9")) && !below.contains(r("6.12")));
    }

    #[test]
    fn dyad_pairs_give_mainline_releases_and_stable_fixes() {
        let dyad = "# dyad version: x\n# getting pairs\n\
            6.1.116:aaa:6.1.124:bbb\n6.12:ccc:6.12.9:ddd\n6.12:ccc:6.13:eee\n5.4.285:fff:0:0\n";
        let releases = releases_from_dyad(dyad).unwrap();
        assert_eq!(releases.introduced, vec![r("6.12")]);
        assert_eq!(releases.fixed, Some(r("6.13")));
        assert!(releases.affects(r("6.12.5")));
        assert!(!releases.affects(r("6.12.9")), "fixed in its stable series");
        assert!(!releases.affects(r("6.13")) && !releases.affects(r("7.3.4")));
        assert!(releases.affects(r("6.1.120")) && !releases.affects(r("6.1.124")));
        assert!(releases.affects(r("5.4.300")), "never fixed in 5.4");
        assert!(!releases.affects(r("5.10.1")) && !releases.affects(r("6.11")));
        assert!(releases_from_dyad("6.12:aaa:6.13\n").is_err());
        assert!(releases_from_dyad("x:aaa:6.13:b\n").is_err());
    }

    #[test]
    fn dyad_unfixed_mainline_affects_every_later_release() {
        let releases = releases_from_dyad("6.8:aaa:0:0\n").unwrap();
        assert_eq!(releases.fixed, None);
        assert!(releases.affects(r("7.3.4")) && !releases.affects(r("6.7.12")));
    }
}
