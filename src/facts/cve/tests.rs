//! Records written by hand, in the shape the kernel CNA publishes.

use super::*;

fn r(text: &str) -> Release {
    Release::parse(text).unwrap()
}

/// A record with the CNA's two `affected[]` entries: stable backport ranges, then the mainline
/// introduction, the stable fixes and the mainline fix.
const TYPICAL: &str = r#"{
  "cveMetadata": {"cveId": "CVE-2025-1234", "state": "PUBLISHED"},
  "containers": {"cna": {
    "title": "net: fix use-after-free in foo_close()",
    "descriptions": [{"lang": "en", "value": "In the Linux kernel, the following vulnerability has been resolved:\n\nA freed socket is used."}],
    "metrics": [{"cvssV3_1": {"baseScore": 7.8}}, {"other": {}}],
    "affected": [
      {"defaultStatus": "unaffected", "programFiles": ["net/core/foo.c", "include/net/foo.h"],
       "versions": [
         {"version": "abc", "lessThan": "def", "status": "affected", "versionType": "git"},
         {"version": "6.1.116", "lessThan": "6.1.124", "status": "affected", "versionType": "semver"},
         {"version": "5.15.171", "lessThan": "5.16", "status": "affected", "versionType": "semver"}
       ]},
      {"defaultStatus": "affected", "programFiles": ["net/core/foo.c"],
       "versions": [
         {"version": "6.12", "status": "affected"},
         {"version": "0", "lessThan": "6.12", "status": "unaffected", "versionType": "semver"},
         {"version": "6.1.124", "lessThanOrEqual": "6.1.*", "status": "unaffected", "versionType": "semver"},
         {"version": "6.12.9", "lessThanOrEqual": "6.12.*", "status": "unaffected", "versionType": "semver"},
         {"version": "6.13", "lessThanOrEqual": "*", "status": "unaffected", "versionType": "original_commit_for_fix"}
       ]}
    ]
  }}
}"#;

#[test]
fn a_typical_record_reads_whole() {
    let record = parse_record(TYPICAL.as_bytes(), None).unwrap();
    assert_eq!(record.id, "CVE-2025-1234");
    assert_eq!(record.title, "net: fix use-after-free in foo_close()");
    assert!(record.description.ends_with("A freed socket is used."));
    assert_eq!(record.files, vec!["include/net/foo.h", "net/core/foo.c"]);
    assert_eq!(record.cvss, Some(7.8));
    assert_eq!(record.classes, vec![Class::MemorySafety]);
    assert_eq!(record.releases.introduced, vec![r("6.12")]);
    assert_eq!(record.releases.fixed, Some(r("6.13")));
    assert!(!record.releases.from_dyad);
}

#[test]
fn stable_fixes_and_backports_decide_which_releases_are_affected() {
    let releases = parse_record(TYPICAL.as_bytes(), None).unwrap().releases;
    // Introduced in the tree's own release (6.12), fixed in its stable series at 6.12.9.
    assert!(releases.affects(r("6.12")));
    assert!(releases.affects(r("6.12.8")));
    assert!(!releases.affects(r("6.12.9")));
    assert!(!releases.affects(r("6.12.117")));
    // Fixed in mainline 6.13: later releases are not affected.
    assert!(!releases.affects(r("6.13")) && !releases.affects(r("7.3.4")));
    // Before the introduction, only the backports' ranges.
    assert!(!releases.affects(r("6.11.6")));
    assert!(releases.affects(r("6.1.120")) && !releases.affects(r("6.1.124")));
    assert!(!releases.affects(r("6.1.115")));
    assert!(releases.affects(r("5.15.300")), "never fixed in 5.15");
    assert!(!releases.affects(r("5.10.200")));
}

#[test]
fn a_record_without_release_numbers_reads_its_dyad() {
    let json = r#"{"cveMetadata": {"cveId": "CVE-2021-47179"},
      "containers": {"cna": {"title": "NFSv4: Fix a NULL pointer dereference",
        "descriptions": [{"lang": "en", "value": "x"}],
        "affected": [{"defaultStatus": "unaffected", "programFiles": ["fs/nfs/pnfs.c"],
          "versions": [{"version": "abc", "lessThan": "def", "status": "affected", "versionType": "git"}]}]}}}"#;
    let dyad = "# dyad\n5.12.3:a:5.12.9:b\n5.13:c:5.13:d\n5.11.20:e:0:0\n";
    let record = parse_record(json.as_bytes(), Some(dyad.as_bytes())).unwrap();
    assert!(record.releases.from_dyad);
    assert_eq!(record.releases.introduced, vec![r("5.13")]);
    assert_eq!(record.releases.fixed, Some(r("5.13")));
    assert!(
        !record.releases.affects(r("5.13")),
        "introduced and fixed in 5.13"
    );
    assert!(record.releases.affects(r("5.12.5")) && !record.releases.affects(r("5.12.9")));
    assert!(record.releases.affects(r("5.11.22")));
    // Without the dyad: nothing is known, nothing is affected.
    let bare = parse_record(json.as_bytes(), None).unwrap();
    assert!(bare.releases.is_empty() && !bare.releases.affects(r("5.12.5")));
    assert_eq!(bare.cvss, None);
}

#[test]
fn an_unfixed_record_affects_every_release_from_its_introduction() {
    let json = r#"{"cveMetadata": {"cveId": "CVE-2026-0001"},
      "containers": {"cna": {"title": "rust: binder: fix race", "descriptions": [{"lang": "en", "value": "x"}],
        "affected": [{"defaultStatus": "affected", "programFiles": ["drivers/android/binder/node.rs"],
          "versions": [{"version": "6.18", "status": "affected"},
            {"version": "0", "lessThan": "6.18", "status": "unaffected", "versionType": "semver"}]}]}}}"#;
    let record = parse_record(json.as_bytes(), None).unwrap();
    assert_eq!(record.releases.fixed, None);
    assert!(record.releases.affects(r("7.3.4")) && record.releases.affects(r("6.18")));
    assert!(!record.releases.affects(r("6.17.9")));
}

#[test]
fn malformed_records_are_errors_with_their_reason() {
    let with = |from: &str, to: &str| parse_record(TYPICAL.replacen(from, to, 1).as_bytes(), None);
    let reason = |result: Result<CveRecord, String>| result.unwrap_err();
    assert!(reason(parse_record(b"{not json", None)).starts_with("invalid JSON"));
    assert_eq!(
        reason(with("\"title\"", "\"titel\"")),
        "missing field title"
    );
    assert_eq!(
        reason(with("CVE-2025-1234", "CVE-25")),
        "cveId \"CVE-25\" is not a CVE id"
    );
    assert_eq!(
        reason(with("\"semver\"", "\"rpm\"")),
        "unknown versionType \"rpm\""
    );
    assert!(reason(with("net/core/foo.c", "../../etc/passwd")).contains("not a path inside"));
    assert!(reason(with("net/core/foo.c", "/etc/passwd")).contains("not a path inside"));
    assert!(reason(with("\"6.1.116\"", "\"six\"")).contains("not a release number"));
    assert!(reason(with("\"lang\": \"en\"", "\"lang\": \"de\"")).contains("English"));
    assert!(reason(with("\"6.1.*\"", "\"6.2.*\"")).contains("series"));
    assert!(parse_record(b"[]", None).is_err());
    assert!(parse_record(b"{}", None).is_err());
}

#[test]
fn ids_sort_by_year_then_number() {
    let mut ids = ["CVE-2025-10000", "CVE-2024-9999", "CVE-2025-9999"];
    ids.sort_by_key(|id| id_sort_key(id));
    assert_eq!(ids, ["CVE-2024-9999", "CVE-2025-9999", "CVE-2025-10000"]);
}
