//! Output of `kcensus lint`: text like rustc's, JSON, and SARIF 2.1.0 for code-scanning
//! services. The findings come sorted from the model; nothing here reorders them.

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
    let results: Vec<Value> = findings
        .iter()
        .zip(baseline_entries(findings))
        .enumerate()
        .map(|(i, (f, key))| {
            let mut result = json!({
                "ruleId": f.rule.name(),
                "level": "warning",
                "message": { "text": f.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri_of(&f.path), "uriBaseId": "%SRCROOT%" },
                        "region": {
                            "startLine": f.line,
                            "startColumn": f.column,
                            "snippet": { "text": f.source_line },
                        },
                    },
                }],
                "partialFingerprints": {
                    "kcensusLint/v1": format!("{}:{}:{}:{}", key.rule, key.path, key.line_hash, key.occurrence),
                },
            });
            if let Some(Some(hash)) = line_hashes.get(i) {
                result["partialFingerprints"]["primaryLocationLineHash"] = json!(hash);
            }
            if let Some(index) = rules.iter().position(|&r| r == f.rule) {
                result["ruleIndex"] = json!(index);
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "kcensus",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rule_list,
                },
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".into());
    out.push('\n');
    out
}
