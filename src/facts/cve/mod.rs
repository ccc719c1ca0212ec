//! One CVE record of the kernel's CNA (CVE JSON 5, `cve/published/YYYY/CVE-*.json`, with its
//! `.dyad` file), read into what the census joins: the id, title and description, the files
//! the fix touched (`containers.cna.affected[].programFiles`), the releases it affects
//! ([`versions`]), the highest CVSS base score (`containers.cna.metrics[].cvssV*`), and its
//! classes ([`classes`]). A pure function of the files' bytes, so it can be cached by them.
//!
//! A record that cannot be used is an `Err` with the reason, for the caller to skip and count:
//! invalid JSON, a missing field, an unknown `versionType`, a release number that is not one,
//! a `programFiles` path that is absolute or climbs out of the tree.

pub mod classes;
pub mod versions;

pub use classes::{classify, Class};
pub use versions::{releases_from_dyad, Range, Release, Releases, Statuses, Upper};

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What kcensus keeps of one record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CveRecord {
    /// `CVE-2025-68260`.
    pub id: String,
    /// The record's title (the fix's subject line).
    pub title: String,
    /// The English description.
    pub description: String,
    /// The files the fix touched, sorted, without repeats.
    pub files: Vec<String>,
    /// The releases it affects, introduced in and fixed in.
    pub releases: Releases,
    /// The highest CVSS base score of its metrics, if it was scored.
    pub cvss: Option<f64>,
    /// Its classes, primary first ([`classify`]).
    pub classes: Vec<Class>,
}

impl CveRecord {
    /// The record's year and number, for ordering ids (`CVE-2024-9` before `CVE-2024-10`).
    pub fn sort_key(&self) -> (u32, u64, &str) {
        id_sort_key(&self.id)
    }
}

/// `(year, number, id)` of a CVE id, numbers compared as numbers.
pub fn id_sort_key(id: &str) -> (u32, u64, &str) {
    let mut parts = id.split('-').skip(1);
    let year = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    let number = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    (year, number, id)
}

/// Is `id` a CVE id (`CVE-YYYY-N...`)?
fn is_cve_id(id: &str) -> bool {
    let mut parts = id.split('-');
    parts.next() == Some("CVE")
        && parts
            .next()
            .is_some_and(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
        && parts
            .next()
            .is_some_and(|n| n.len() >= 4 && n.len() <= 19 && n.bytes().all(|b| b.is_ascii_digit()))
        && parts.next().is_none()
}

/// A `programFiles` entry as a tree path, or why it is not one.
fn tree_path(path: &str) -> Result<String, String> {
    let escapes = path.starts_with('/')
        || path.contains('\\')
        || path.contains('\0')
        || path
            .split('/')
            .any(|c| c.is_empty() || c == "." || c == "..");
    if escapes {
        Err(format!(
            "programFiles path {path:?} is not a path inside the tree"
        ))
    } else {
        Ok(path.to_string())
    }
}

fn field<'a>(value: &'a Value, name: &str) -> Result<&'a Value, String> {
    value
        .get(name)
        .ok_or_else(|| format!("missing field {name}"))
}

fn text<'a>(value: &'a Value, name: &str) -> Result<&'a str, String> {
    field(value, name)?
        .as_str()
        .ok_or_else(|| format!("field {name} is not a string"))
}

fn array<'a>(value: &'a Value, name: &str) -> Result<&'a [Value], String> {
    field(value, name)?
        .as_array()
        .map(Vec::as_slice)
        .ok_or_else(|| format!("field {name} is not an array"))
}

/// Parse one record: the JSON file's bytes and, when there is one, its `.dyad` file's.
pub fn parse_record(json: &[u8], dyad: Option<&[u8]>) -> Result<CveRecord, String> {
    let root: Value = serde_json::from_slice(json).map_err(|e| format!("invalid JSON: {e}"))?;
    let id = text(field(&root, "cveMetadata")?, "cveId")?.to_string();
    if !is_cve_id(&id) {
        return Err(format!("cveId {id:?} is not a CVE id"));
    }
    let cna = field(field(&root, "containers")?, "cna")?;
    let title = text(cna, "title")?.to_string();
    let description = array(cna, "descriptions")?
        .iter()
        .find(|d| {
            d.get("lang")
                .and_then(Value::as_str)
                .is_some_and(|l| l.starts_with("en"))
        })
        .ok_or("no English description")
        .and_then(|d| {
            d.get("value")
                .and_then(Value::as_str)
                .ok_or("description without value")
        })?
        .to_string();
    let mut files = Vec::new();
    let mut releases = Releases::default();
    for entry in array(cna, "affected")? {
        if let Some(paths) = entry.get("programFiles") {
            for path in paths
                .as_array()
                .ok_or("field programFiles is not an array")?
            {
                files.push(tree_path(
                    path.as_str().ok_or("programFiles entry is not a string")?,
                )?);
            }
        }
        read_versions(entry, &mut releases)?;
    }
    files.sort();
    files.dedup();
    if files.is_empty() {
        return Err("no programFiles".into());
    }
    releases.introduced.sort();
    releases.introduced.dedup();
    let stated = !releases.introduced.is_empty() || releases.fixed.is_some();
    if let (false, Some(dyad)) = (stated, dyad) {
        let from_dyad = releases_from_dyad(&String::from_utf8_lossy(dyad))?;
        releases.introduced = from_dyad.introduced;
        releases.fixed = from_dyad.fixed;
        if releases
            .entries
            .iter()
            .all(|e| e.affected.is_empty() && !e.default_affected)
        {
            releases.entries = from_dyad.entries;
        }
        releases.from_dyad = true;
    }
    let cvss = cna
        .get("metrics")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .flat_map(|m| m.iter().filter(|(k, _)| k.starts_with("cvssV")))
        .filter_map(|(_, v)| v.get("baseScore").and_then(Value::as_f64))
        .filter(|s| s.is_finite() && (0.0..=10.0).contains(s))
        .reduce(f64::max);
    let classes = classify(&title, &description);
    Ok(CveRecord {
        id,
        title,
        description,
        files,
        releases,
        cvss,
        classes,
    })
}

/// A release number of a version statement, or the reason it is not one.
fn release(text: &str, key: &str) -> Result<Release, String> {
    Release::parse(text).ok_or_else(|| format!("{key} {text:?} is not a release number"))
}

/// Read one `affected[]` entry's `versions[]` into `releases`: its statuses, the mainline
/// releases it names as introducing the bug and the mainline fix.
fn read_versions(entry: &Value, releases: &mut Releases) -> Result<(), String> {
    let mut statuses = Statuses {
        default_affected: entry.get("defaultStatus").and_then(Value::as_str) == Some("affected"),
        ..Statuses::default()
    };
    let Some(versions) = entry.get("versions") else {
        return Ok(());
    };
    for v in versions
        .as_array()
        .ok_or("field versions is not an array")?
    {
        let version = text(v, "version")?;
        let affected = match text(v, "status")? {
            "affected" => true,
            "unaffected" => false,
            // `unknown`: says nothing either way.
            "unknown" => continue,
            other => return Err(format!("unknown status {other:?}")),
        };
        let kind = v.get("versionType").and_then(Value::as_str);
        match kind {
            Some("git") => continue,
            None | Some("semver") | Some("original_commit_for_fix") => {}
            Some(other) => return Err(format!("unknown versionType {other:?}")),
        }
        let start = release(version, "version")?;
        let end = match (
            v.get("lessThan").and_then(Value::as_str),
            v.get("lessThanOrEqual").and_then(Value::as_str),
        ) {
            (Some(below), _) => Upper::Below(release(below, "lessThan")?),
            (None, Some("*")) => Upper::Unbounded,
            (None, Some(at_most)) if at_most.ends_with(".*") => {
                let prefix = release(&at_most[..at_most.len() - 2], "lessThanOrEqual")?;
                if prefix == start.series() {
                    Upper::SeriesEnd
                } else if let Some(after) = prefix.after_prefix_of(&start) {
                    // A wider prefix than the series (`2.6.*` for 2.6.39.2, in the 2.6 era
                    // where the third number was the series): every release beginning with it.
                    Upper::Below(after)
                } else {
                    return Err(format!(
                        "lessThanOrEqual {at_most:?} is not {start}'s series"
                    ));
                }
            }
            (None, Some(at_most)) => Upper::AtMost(release(at_most, "lessThanOrEqual")?),
            (None, None) => Upper::AtMost(start),
        };
        let range = Range { start, end };
        if affected {
            if kind.is_none() && start.is_mainline() && statuses.default_affected {
                releases.introduced.push(start);
            }
            statuses.affected.push(range);
        } else {
            if kind == Some("original_commit_for_fix") {
                releases.fixed = Some(releases.fixed.map_or(start, |f| f.min(start)));
            }
            statuses.unaffected.push(range);
        }
    }
    if statuses.default_affected || !statuses.affected.is_empty() {
        releases.entries.push(statuses);
    }
    Ok(())
}

#[cfg(test)]
mod tests;
