//! When each mainline kernel series was released: the time axis of `kcensus history` and its
//! projection. A tree only says its version (top-level Makefile), so dates come from this
//! table by series (`7.3`), whatever the stable sublevel (Debian's 6.1.192 is still the 6.1
//! series, released 2022-12-11): growth is measured between the series' releases.

use std::fmt;

/// A calendar date (proleptic Gregorian), as days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub i64);

impl Date {
    /// Parse `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.trim().splitn(3, '-');
        let year: i64 = parts.next()?.parse().ok()?;
        let month: i64 = parts.next()?.parse().ok()?;
        let day: i64 = parts.next()?.parse().ok()?;
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return None;
        }
        let date = Date(days_from_civil(year, month, day));
        // Reject days past the month's end (2026-02-30 would roll over into March).
        (date.civil() == (year, month, day)).then_some(date)
    }

    /// The date of a Unix time (seconds).
    pub fn from_unix_seconds(seconds: i64) -> Date {
        Date(seconds.div_euclid(86_400))
    }

    /// (year, month, day).
    pub fn civil(self) -> (i64, i64, i64) {
        civil_from_days(self.0)
    }

    /// Fractional years since 1970 (for fits and chart axes).
    pub fn years(self) -> f64 {
        self.0 as f64 / 365.2425
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.civil();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// How sure a release date in [`MAINLINE_RELEASES`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Certainty {
    /// The day Linus Torvalds tagged the release (kernel.org).
    Tagged,
    /// Estimated from the release-candidate announcements and the 9–10 week cadence: the
    /// series after 6.18 were released after the sources this table was written from.
    Estimated,
}

/// Mainline releases since 6.0 (Rust support arrived in 6.1): series, date, certainty.
pub const MAINLINE_RELEASES: &[(&str, &str, Certainty)] = &[
    ("6.0", "2022-10-02", Certainty::Tagged),
    ("6.1", "2022-12-11", Certainty::Tagged),
    ("6.2", "2023-02-19", Certainty::Tagged),
    ("6.3", "2023-04-23", Certainty::Tagged),
    ("6.4", "2023-06-25", Certainty::Tagged),
    ("6.5", "2023-08-27", Certainty::Tagged),
    ("6.6", "2023-10-30", Certainty::Tagged),
    ("6.7", "2024-01-07", Certainty::Tagged),
    ("6.8", "2024-03-10", Certainty::Tagged),
    ("6.9", "2024-05-12", Certainty::Tagged),
    ("6.10", "2024-07-14", Certainty::Tagged),
    ("6.11", "2024-09-15", Certainty::Tagged),
    ("6.12", "2024-11-17", Certainty::Tagged),
    ("6.13", "2025-01-20", Certainty::Tagged),
    ("6.14", "2025-03-24", Certainty::Tagged),
    ("6.15", "2025-05-25", Certainty::Tagged),
    ("6.16", "2025-07-27", Certainty::Tagged),
    ("6.17", "2025-09-28", Certainty::Tagged),
    ("6.18", "2025-11-30", Certainty::Tagged),
    // 7.0-rc1 came on 2026-02-22, two weeks after 6.19 (which ran to rc8).
    ("6.19", "2026-02-08", Certainty::Estimated),
    ("7.0", "2026-04-12", Certainty::Estimated),
    // 7.1-rc7 (2026-06-07) was announced as the last release candidate.
    ("7.1", "2026-06-14", Certainty::Estimated),
    ("7.2", "2026-08-16", Certainty::Estimated),
    ("7.3", "2026-10-18", Certainty::Estimated),
];

/// The series of a kernel version: `7.3.4` → `7.3`, `6.12-rc1` → `6.12`.
pub fn series_of(version: &str) -> Option<String> {
    let mut parts = version.split(['.', '-']);
    let major: u32 = parts.next()?.parse().ok()?;
    let minor: u32 = parts.next()?.parse().ok()?;
    Some(format!("{major}.{minor}"))
}

/// The release date of a series from [`MAINLINE_RELEASES`].
pub fn mainline_release(series: &str) -> Option<(Date, Certainty)> {
    MAINLINE_RELEASES
        .iter()
        .find(|(s, _, _)| *s == series)
        .and_then(|&(_, date, certainty)| Date::parse(date).map(|d| (d, certainty)))
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01 (inverse of [`days_from_civil`]).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_reject_impossible_days() {
        assert_eq!(Date::parse("1970-01-01"), Some(Date(0)));
        assert_eq!(Date::parse("2022-12-11").unwrap().0, 19_337);
        for text in ["2024-02-29", "2026-10-18", "1999-12-31", "2000-03-01"] {
            assert_eq!(Date::parse(text).unwrap().to_string(), text);
        }
        assert_eq!(Date::parse("2026-02-30"), None);
        assert_eq!(Date::parse("2025-02-29"), None);
        assert_eq!(Date::parse("2026-13-01"), None);
        assert_eq!(Date::parse("soon"), None);
        assert_eq!(
            Date::from_unix_seconds(86_400 * 2 + 5).to_string(),
            "1970-01-03"
        );
    }

    #[test]
    fn series_and_table() {
        assert_eq!(series_of("6.1.192").as_deref(), Some("6.1"));
        assert_eq!(series_of("6.12-rc1").as_deref(), Some("6.12"));
        assert_eq!(series_of("v7"), None);
        let (date, certainty) = mainline_release("6.12").unwrap();
        assert_eq!(
            (date.to_string().as_str(), certainty),
            ("2024-11-17", Certainty::Tagged)
        );
        assert!(mainline_release("5.19").is_none());
        // The table is in release order, and every date parses.
        let dates: Vec<Date> = MAINLINE_RELEASES
            .iter()
            .map(|(_, d, _)| Date::parse(d).unwrap())
            .collect();
        assert!(dates.windows(2).all(|w| w[0] < w[1]));
    }
}
