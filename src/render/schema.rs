//! The JSON Schemas of every JSON output (`kcensus schema NAME`, published as
//! `docs/schema/NAME.json`): generated from the very types the outputs are serialized from
//! (`schemars`, JSON Schema 2020-12, describing what is *written*: a key that is always written
//! is required, an optional one is not), so a schema cannot drift from its output.

use crate::model::cves::Cves;
use crate::model::diff::Diff;
use crate::model::history::History;
use crate::model::report::Report;
use schemars::generate::SchemaSettings;
use schemars::JsonSchema;

/// Where the schemas are published: the crate's repository (Cargo.toml's `repository`).
pub const SCHEMA_BASE: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/schema");

/// A JSON output that has a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaName {
    /// `kcensus count --format json`.
    Count,
    /// `kcensus report --format json` (with `cves` under `--cves`).
    Report,
    /// `kcensus history --format json`.
    History,
    /// `kcensus diff --format json`.
    Diff,
    /// `kcensus check --format json`.
    Check,
    /// `kcensus lint --format json`.
    Lint,
}

impl SchemaName {
    /// Every schema, in the order the README lists the commands.
    pub const ALL: [SchemaName; 6] = [
        SchemaName::Count,
        SchemaName::Report,
        SchemaName::History,
        SchemaName::Diff,
        SchemaName::Check,
        SchemaName::Lint,
    ];

    /// The name on the command line and of the file (`docs/schema/NAME.json`).
    pub fn name(self) -> &'static str {
        match self {
            SchemaName::Count => "count",
            SchemaName::Report => "report",
            SchemaName::History => "history",
            SchemaName::Diff => "diff",
            SchemaName::Check => "check",
            SchemaName::Lint => "lint",
        }
    }

    /// The schema by name.
    pub fn from_name(name: &str) -> Option<SchemaName> {
        SchemaName::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// The report as `report --format json` writes it: the report's keys, then `cves` with
/// `--cves` (`render::cves::report_json` writes the two types the same way).
#[derive(serde::Serialize, JsonSchema)]
#[schemars(rename = "Report")]
struct ReportDocument {
    #[serde(flatten)]
    report: Report,
    /// With `--cves VULNS`: the kernel CNA's CVE records joined to the tree (SCHEMA.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    cves: Option<Cves>,
}

/// The schema of `T`, titled and identified.
fn schema_of<T: JsonSchema>(name: SchemaName) -> serde_json::Value {
    let mut schema = SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<T>();
    let object = schema.ensure_object();
    object.insert(
        "$id".into(),
        format!("{SCHEMA_BASE}/{}.json", name.name()).into(),
    );
    object.insert(
        "title".into(),
        format!("kcensus {} --format json", name.name()).into(),
    );
    schema.to_value()
}

/// The JSON Schema of an output, as pretty JSON ending with a line feed.
pub fn schema(name: SchemaName) -> String {
    let value = match name {
        SchemaName::Count => schema_of::<super::count::CountJson>(name),
        SchemaName::Report => schema_of::<ReportDocument>(name),
        SchemaName::History => schema_of::<History>(name),
        SchemaName::Diff => schema_of::<Diff>(name),
        SchemaName::Check => schema_of::<super::check::CheckJson<'static>>(name),
        SchemaName::Lint => schema_of::<super::lint::LintJson<'static>>(name),
    };
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_every_schema_is_an_object_with_its_id() {
        for name in SchemaName::ALL {
            assert_eq!(SchemaName::from_name(name.name()), Some(name));
            let value: serde_json::Value = serde_json::from_str(&schema(name)).unwrap();
            assert_eq!(
                value["$id"],
                format!("{SCHEMA_BASE}/{}.json", name.name()).as_str()
            );
            assert_eq!(value["type"], "object");
        }
        assert_eq!(SchemaName::from_name("sarif"), None);
    }

    #[test]
    fn the_report_schema_requires_the_report_keys_and_not_cves() {
        let value: serde_json::Value = serde_json::from_str(&schema(SchemaName::Report)).unwrap();
        let required: Vec<&str> = value["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap())
            .collect();
        assert!(required.contains(&"schema_version"));
        assert!(required.contains(&"twins"));
        assert!(!required.contains(&"cves"));
        assert!(value["properties"]["cves"].is_object());
    }
}
