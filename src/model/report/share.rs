//! Tree totals, the languages listed, Rust's share of the code, and what was not counted.

use super::schema::{
    LanguageLines, Lines, NotCounted, RustShare, SkippedPath, KEY_LANGUAGES, TOP_LANGUAGES,
};
use crate::facts::NOT_SOURCE_REASONS;
use crate::model::census::{is_duplicate, Census, LanguageTotals};

impl RustShare {
    pub(super) fn of(
        rust: &Lines,
        rust_own: &Lines,
        tree: &Lines,
        c_and_headers_code: u64,
    ) -> RustShare {
        let percent = |part: u64, whole: u64| {
            if whole == 0 {
                0.0
            } else {
                (part as f64 * 100_000.0 / whole as f64).round() / 1000.0
            }
        };
        RustShare {
            percent_of_code: percent(rust.code, tree.code),
            own_percent_of_code: percent(rust_own.code, tree.code),
            c_and_headers_code,
            percent_of_c_and_headers: percent(rust.code, c_and_headers_code),
            own_percent_of_c_and_headers: percent(rust_own.code, c_and_headers_code),
        }
    }
}

impl NotCounted {
    pub(super) fn of(census: &Census) -> NotCounted {
        NotCounted {
            paths: census.skipped.len() as u64,
            by_reason: census
                .skipped_by_reason()
                .into_iter()
                .map(|(reason, n)| (reason, n as u64))
                .collect(),
            files: census
                .skipped
                .iter()
                .filter(|s| {
                    s.path.ends_with(".rs")
                        || !(is_duplicate(&s.reason)
                            || NOT_SOURCE_REASONS.contains(&s.reason.as_str()))
                })
                .map(|s| SkippedPath {
                    path: s.path.clone(),
                    reason: s.reason.clone(),
                })
                .collect(),
        }
    }
}

/// The tree's totals, the languages the report lists, and the code lines of C and headers.
pub(super) fn tree_languages(census: &Census) -> (Lines, Vec<LanguageLines>, u64) {
    let lines = |t: &LanguageTotals| Lines {
        files: t.files,
        blank: t.lines.blank,
        comment: t.lines.comment,
        code: t.lines.code,
    };
    let all = census.by_language();
    let c_and_headers_code = all
        .iter()
        .filter(|t| t.language == "C" || t.language == "C/C++ Header")
        .map(|t| t.lines.code)
        .sum();
    // `by_language` is sorted largest code first, ties by name: the listed ones keep that order.
    let languages = all
        .iter()
        .enumerate()
        .filter(|(rank, t)| *rank < TOP_LANGUAGES || KEY_LANGUAGES.contains(&t.language.as_str()))
        .map(|(_, t)| LanguageLines {
            language: t.language.clone(),
            lines: lines(t),
        })
        .collect();
    (lines(&census.total()), languages, c_and_headers_code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::LineCounts;
    use crate::model::census::CountedFile;
    use crate::source::Skipped;

    fn file(path: &str, language: &'static str, code: u64) -> CountedFile {
        CountedFile {
            path: path.to_string(),
            language,
            lines: LineCounts {
                blank: 1,
                comment: 0,
                code,
            },
        }
    }

    #[test]
    fn shares_are_percentages_with_three_decimals() {
        let lines = |code| Lines {
            code,
            ..Lines::default()
        };
        let share = RustShare::of(&lines(10), &lines(5), &lines(3000), 1500);
        // 10 / 3000 = 0.3333..%, 5 / 3000 = 0.1666..%, 10 / 1500 = 0.6666..%.
        assert_eq!(share.percent_of_code, 0.333);
        assert_eq!(share.own_percent_of_code, 0.167);
        assert_eq!(share.percent_of_c_and_headers, 0.667);
        assert_eq!(share.own_percent_of_c_and_headers, 0.333);
        assert_eq!(
            RustShare::of(&lines(1), &lines(1), &lines(0), 0).percent_of_code,
            0.0
        );
    }

    #[test]
    fn tree_totals_list_the_key_languages_and_sum_c_with_headers() {
        let mut census = Census::default();
        // Twelve small languages bigger than Rust push it out of the top ten; it stays listed
        // as a key language.
        let names: [&'static str; 12] = [
            "L00",
            "L01",
            "L02",
            "L03",
            "L04",
            "L05",
            "L06",
            "L07",
            "L08",
            "L09",
            "C",
            "C/C++ Header",
        ];
        for (i, name) in names.iter().enumerate() {
            census
                .files
                .push(file(&format!("f{i:02}"), name, 100 + i as u64));
        }
        census.files.push(file("z.rs", "Rust", 1));
        let (tree, languages, c_and_headers) = tree_languages(&census);
        assert_eq!(tree.files, 13);
        assert_eq!(tree.code, (100..112).sum::<u64>() + 1);
        assert_eq!(c_and_headers, 110 + 111);
        let listed: Vec<&str> = languages.iter().map(|l| l.language.as_str()).collect();
        assert_eq!(listed.len(), 11);
        assert_eq!(listed[0], "C/C++ Header");
        assert_eq!(listed.last(), Some(&"Rust"));
        assert!(!listed.contains(&"L00") && !listed.contains(&"L01"));
    }

    #[test]
    fn not_counted_keeps_what_may_hold_code() {
        let census = Census {
            files: Vec::new(),
            skipped: vec![
                Skipped {
                    path: "a.bin".into(),
                    reason: NOT_SOURCE_REASONS[0].into(),
                },
                Skipped {
                    path: "b.c".into(),
                    reason: "duplicate of a.c".into(),
                },
                Skipped {
                    path: "c.rs".into(),
                    reason: "duplicate of d.rs".into(),
                },
                Skipped {
                    path: "e.xyz".into(),
                    reason: "unreadable".into(),
                },
            ],
        };
        let not = NotCounted::of(&census);
        assert_eq!(not.paths, 4);
        let kept: Vec<&str> = not.files.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(kept, ["c.rs", "e.xyz"]);
        let rust: Vec<&str> = not.rust_files().map(|s| s.path.as_str()).collect();
        assert_eq!(rust, ["c.rs"]);
        assert_eq!(not.by_reason.get("duplicate"), Some(&2));
    }
}
