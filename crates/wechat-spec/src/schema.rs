//! The JSON Schema of the spec format, generated from the serde model in [`crate::model`], so
//! that editors validate and complete spec files (each names it in a `yaml-language-server`
//! comment). `cargo xtask codegen` writes it to `spec/schema.json`; `--check` fails when the
//! committed file is stale.

/// Where the schema is committed, relative to the workspace root.
pub const SCHEMA_PATH: &str = "spec/schema.json";

/// The first line every spec file under `spec/` carries, pointing editors at the schema.
pub const MODELINE: &str = "# yaml-language-server: $schema=./schema.json";

/// The schema, as committed: pretty JSON with a final newline.
pub fn spec_schema() -> String {
    let schema = schemars::schema_for!(crate::model::SpecFile);
    let mut text = serde_json::to_string_pretty(&schema).expect("a JSON Schema serializes");
    text.push('\n');
    text
}
