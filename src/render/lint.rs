//! Output of `kcensus lint`: text like rustc's, JSON, and SARIF 2.1.0 for code-scanning
//! services. The findings come sorted from the model; nothing here reorders them.

use serde::Serialize;
use serde_json::{json, Value};

use super::lint_rules::{help_of, help_uri};
use crate::model::lint::{baseline_entries, counts, Finding, Rule};

/// rustc-like text: per finding, `path:line:col: rule: message`, then the source line with a
/// caret under the column; at the end, the number of findings per rule.
pub fn text(findings: &[Finding], rules: &[Rule]) -> String {
    let mut out = String::new();
    for f in findings {
        out.push_str(&format!(
            "{}:{}:{}: {}: {}\n",
            f.path,
            f.line,
            f.column,
            f.rule.name(),
            f.message
        ));
        let number = f.line.to_string();
        let gutter = " ".repeat(number.len());
        let line = f.source_line.replace('\t', "    ");
        // The caret goes under the column, counting a tab before it as four columns.
        let before: String = f
            .source_line
            .chars()
            .take(f.column.saturating_sub(1) as usize)
            .collect();
        let pad = before.replace('\t', "    ").chars().count();
        out.push_str(&format!(
            "{gutter} |\n{number} | {line}\n{gutter} | {}^\n",
            " ".repeat(pad)
        ));
    }
    let per_rule: Vec<String> = counts(findings, rules)
        .into_iter()
        .map(|(rule, n)| format!("{} {n}", rule.name()))
        .collect();
    out.push_str(&format!(
        "{} finding{}: {}\n",
        findings.len(),
        if findings.len() == 1 { "" } else { "s" },
        per_rule.join(", ")
    ));
    out
}

/// The document `kcensus lint --format json` prints (its JSON Schema is generated from it).
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct LintJson<'a> {
    /// Every finding, sorted by path, line, column and rule.
    pub findings: &'a [Finding],
}

/// `{"findings":[{"column","line","message","path","rule"}]}`, keys sorted.
pub fn json(findings: &[Finding]) -> String {
    let doc = serde_json::to_value(LintJson { findings }).unwrap_or_default();
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into());
    out.push('\n');
    out
}

/// The `$schema` of SARIF 2.1.0 logs.
pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// A path as a relative URI reference: percent-encodes what is not a URI path character.
fn uri_of(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A SARIF 2.1.0 log with one run, as GitHub code scanning takes it: the rules asked for
/// (with help, a link to docs/rules.md, precision and tags: [`super::lint_rules`]), and one
/// result per finding (level `warning`), located by a path relative to the tree (`uriBaseId`
/// `%SRCROOT%`), a line and a column in Unicode code points. Each result carries two partial
/// fingerprints: GitHub's `primaryLocationLineHash` (`line_hashes[i]` for `findings[i]`, see
/// [`crate::facts::line_hash`]; left out when `None`) and the baseline key.
pub fn sarif(findings: &[Finding], rules: &[Rule], line_hashes: &[Option<String>]) -> String {
    let rule_list: Vec<Value> = rules
        .iter()
        .map(|&rule| {
            let help = help_of(rule);
            json!({
                "id": rule.name(),
                "name": rule.name(),
                "shortDescription": { "text": rule.description() },
                "fullDescription": { "text": rule.description() },
                "help": { "text": help.text, "markdown": help.markdown },
                "helpUri": help_uri(rule),
                "defaultConfiguration": { "level": "warning" },
                "properties": {
                    "precision": help.precision.name(),
                    "tags": help.tags,
                    "problem.severity": "warning",
                },
            })
        })
        .collect();
    let entries = baseline_entries(findings);
    let results: Vec<SarifResult> = findings
        .iter()
        .zip(&entries)
        .enumerate()
        .map(|(i, (f, key))| SarifResult {
            level: "warning",
            locations: [SarifLocation {
                physical_location: PhysicalLocation {
                    artifact_location: ArtifactLocation {
                        uri: uri_of(&f.path),
                        uri_base_id: "%SRCROOT%",
                    },
                    region: Region {
                        snippet: Text {
                            text: &f.source_line,
                        },
                        start_column: f.column,
                        start_line: f.line,
                    },
                },
            }],
            message: Text { text: &f.message },
            partial_fingerprints: Fingerprints {
                kcensus_lint: format!(
                    "{}:{}:{}:{}",
                    key.rule, key.path, key.line_hash, key.occurrence
                ),
                primary_location_line_hash: line_hashes.get(i).and_then(Option::as_deref),
            },
            rule_id: f.rule.name(),
            rule_index: rules.iter().position(|&r| r == f.rule),
        })
        .collect();
    let log = SarifLog {
        schema: SARIF_SCHEMA,
        runs: [SarifRun {
            column_kind: "unicodeCodePoints",
            results,
            tool: Tool {
                driver: Driver {
                    information_uri: env!("CARGO_PKG_REPOSITORY"),
                    name: "kcensus",
                    rules: rule_list,
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    version: env!("CARGO_PKG_VERSION"),
                },
            },
        }],
        version: "2.1.0",
    };
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".into());
    out.push('\n');
    out
}

// The SARIF log as typed values, serialized straight to text: a `serde_json::Value` tree cost
// about 13 KB per finding (100,000 findings took 1.3 GB). Fields are declared in sorted order,
// the order a `Value` map writes its keys in, so the output is the same bytes.

#[derive(Serialize)]
struct SarifLog<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [SarifRun<'a>; 1],
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRun<'a> {
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
    tool: Tool,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    information_uri: &'static str,
    name: &'static str,
    rules: Vec<Value>,
    semantic_version: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    level: &'static str,
    locations: [SarifLocation<'a>; 1],
    message: Text<'a>,
    partial_fingerprints: Fingerprints<'a>,
    rule_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation<'a> {
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation,
    region: Region<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region<'a> {
    snippet: Text<'a>,
    start_column: u32,
    start_line: u32,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct Fingerprints<'a> {
    #[serde(rename = "kcensusLint/v1")]
    kcensus_lint: String,
    #[serde(
        rename = "primaryLocationLineHash",
        skip_serializing_if = "Option::is_none"
    )]
    primary_location_line_hash: Option<&'a str>,
}
