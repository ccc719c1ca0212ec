//! `kcensus schema NAME`: the JSON Schema of a JSON output (`render::schema`), the same text
//! as `docs/schema/NAME.json`.

use super::Outcome;
use crate::render::schema::{schema, SchemaName};
use anyhow::Result;

/// Arguments of `kcensus schema`.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// The output whose schema to print.
    #[arg(value_name = "NAME", value_parser = clap::builder::PossibleValuesParser::new(SchemaName::ALL.map(SchemaName::name)))]
    pub name: String,
}

/// Print the schema.
pub fn run(args: &SchemaArgs) -> Result<Outcome> {
    let name = SchemaName::from_name(&args.name)
        .ok_or_else(|| anyhow::anyhow!("no schema named {}", args.name))?;
    Ok(Outcome::success(schema(name)))
}
