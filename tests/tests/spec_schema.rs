//! `spec/schema.json`: current with the spec format, strict, and named by every spec file.

use wechat_spec::schema::{spec_schema, MODELINE, SCHEMA_PATH};
use wechat_workspace_tests::workspace_root;

#[test]
fn the_committed_schema_is_current() {
    let committed = std::fs::read_to_string(workspace_root().join(SCHEMA_PATH)).expect("schema");
    assert!(
        committed == spec_schema(),
        "{SCHEMA_PATH} is stale: run `cargo xtask codegen`"
    );
}

#[test]
fn the_schema_rejects_unknown_keys_and_documents_each() {
    let schema: serde_json::Value = serde_json::from_str(&spec_schema()).expect("JSON");
    assert_eq!(
        schema["additionalProperties"], false,
        "misspelt keys are errors"
    );
    let endpoint = &schema["$defs"]["EndpointSpec"];
    assert_eq!(endpoint["additionalProperties"], false);
    for (key, property) in endpoint["properties"].as_object().expect("properties") {
        assert!(
            property["description"].is_string(),
            "`{key}` has no description"
        );
    }
    assert!(endpoint["required"]
        .as_array()
        .expect("required")
        .contains(&"path".into()));
}

#[test]
fn every_spec_file_names_the_schema() {
    let dir = workspace_root().join("spec");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("spec/") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(&path).expect("spec file");
            assert_eq!(text.lines().next(), Some(MODELINE), "{}", path.display());
            seen += 1;
        }
    }
    assert!(seen >= 5, "found {seen} spec files");
}
