//! Validation of kcensus's JSON outputs against their published JSON Schemas
//! (`docs/schema/NAME.json`) with Python's `jsonschema` (what CI installs for SARIF too).
//!
//! Validation is strict: every object schema that names its properties is given
//! `unevaluatedProperties: false` first, so an output key the schema does not describe fails
//! as surely as a missing or mistyped one (the published schemas stay open, so that readers of
//! older schemas accept keys added later, as SCHEMA.md's versioning rule says).

use std::path::PathBuf;
use std::process::Command;

/// The Python side: load the schema, make it strict, check it is a valid 2020-12 schema, then
/// validate every document named after it; print each error with its path in the document.
const VALIDATE: &str = r#"
import json, sys, jsonschema
def strict(node):
    if isinstance(node, dict):
        if "properties" in node and "additionalProperties" not in node:
            node["unevaluatedProperties"] = False
        for value in node.values():
            strict(value)
    elif isinstance(node, list):
        for value in node:
            strict(value)
schema = json.load(open(sys.argv[1]))
strict(schema)
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
failed = False
for path in sys.argv[2:]:
    for error in list(validator.iter_errors(json.load(open(path))))[:10]:
        failed = True
        print(path, list(error.absolute_path), error.message[:300])
sys.exit(1 if failed else 0)
"#;

/// The published schema of an output (`count`, `report`, `history`, `diff`, `check`, `lint`).
pub fn schema_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("docs/schema/{name}.json"))
}

/// Whether a missing python3 or `jsonschema` is a failure rather than a skip (CI sets it).
fn required() -> bool {
    std::env::var_os("KCENSUS_REQUIRE_JSONSCHEMA").is_some()
}

/// Validate JSON documents (texts) against the published schema `name`. Panics with the errors
/// when one does not validate; returns false (after a note on stderr, or a panic when required)
/// when python3 or its `jsonschema` is missing.
pub fn validate(name: &str, documents: &[&str]) -> bool {
    match validation_errors(name, documents) {
        Some(errors) if errors.is_empty() => true,
        Some(errors) => panic!(
            "{name} output does not validate against {}:\n{errors}",
            schema_path(name).display()
        ),
        None => false,
    }
}

/// The validation errors of JSON documents (texts) against the published schema `name`, one
/// per line (empty: all valid); `None` (after a note on stderr, or a panic when required) when
/// python3 or its `jsonschema` is missing.
pub fn validation_errors(name: &str, documents: &[&str]) -> Option<String> {
    let dir = tempfile::tempdir().expect("temporary folder");
    let paths: Vec<PathBuf> = documents
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let path = dir.path().join(format!("{name}-{i}.json"));
            std::fs::write(&path, text).expect("write the document");
            path
        })
        .collect();
    let out = Command::new("python3")
        .args(["-c", VALIDATE])
        .arg(schema_path(name))
        .args(&paths)
        .output();
    let missing = match &out {
        Ok(out) if out.status.success() => return Some(String::new()),
        Ok(out) => {
            let stderr = String::from_utf8_lossy(&out.stderr);
            if !stderr.contains("No module named 'jsonschema'") {
                let errors = format!("{}{stderr}", String::from_utf8_lossy(&out.stdout));
                assert!(!errors.is_empty(), "the validator failed without a word");
                return Some(errors);
            }
            "python3 has no jsonschema"
        }
        Err(_) => "no python3",
    };
    assert!(!required(), "cannot validate {name} output: {missing}");
    eprintln!("skipping {name} schema validation: {missing}");
    None
}
