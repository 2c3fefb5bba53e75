//! Bad spec input: each problem is reported with file, line and column, and nothing is written.

use std::path::Path;

use wechat_codegen::{generate, write, Error, Job};

/// A valid spec, which each case breaks in one place.
const GOOD: &str = r#"domain: demo
crate: wechat-demo
title: Demo
sources:
  - file: demo.txt
    lang: en
envelope: errcode
doc:
  en: Demo.
errors:
  - code: 1
    name: broken
    doc:
      en: Broken.
endpoints:
  - name: get_thing
    method: POST
    path: /thing/get
    doc:
      en: Gets a thing.
    request: ThingRequest
    response: ThingResponse
    errors: [1]
    examples:
      - of: response
        json: |
          {
            "count": 3
          }
types:
  - name: ThingRequest
    kind: struct
    doc:
      en: Request.
    fields:
      - name: id
        type: string
        required: true
        doc:
          en: ID.
  - name: ThingResponse
    kind: struct
    doc:
      en: Response.
    fields:
      - name: count
        type: i64
        doc:
          en: Count.
"#;

/// Generates from `spec` in a scratch directory; returns the error text and asserts that the
/// output directory stays empty.
fn error_of(spec: &str) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec_dir = dir.path().join("spec");
    let out_dir = dir.path().join("crates");
    std::fs::create_dir_all(&spec_dir).unwrap();
    std::fs::write(spec_dir.join("demo.yaml"), spec).unwrap();
    let job = Job {
        spec_dir,
        spec_display: Path::new("spec").to_owned(),
        out_dir: out_dir.clone(),
    };
    let result = generate(&job).and_then(|files| write(&job, &files).map(|_| ()));
    let text = match result {
        Err(Error::Spec(errors)) => errors.to_string(),
        Err(other) => panic!("expected a spec error, got {other}"),
        Ok(()) => panic!("expected a spec error, the spec was accepted"),
    };
    assert!(!out_dir.exists(), "nothing is written for a bad spec");
    text
}

fn with(from: &str, to: &str) -> String {
    assert!(GOOD.contains(from), "case does not apply: {from}");
    GOOD.replacen(from, to, 1)
}

#[test]
fn the_base_spec_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("spec")).unwrap();
    std::fs::write(dir.path().join("spec/demo.yaml"), GOOD).unwrap();
    let job = Job {
        spec_dir: dir.path().join("spec"),
        spec_display: "spec".into(),
        out_dir: dir.path().join("crates"),
    };
    let files = generate(&job).unwrap_or_else(|err| panic!("{err}"));
    assert!(files
        .keys()
        .any(|p| p.ends_with("wechat-demo/src/types.rs")));
}

#[test]
fn yaml_syntax_error() {
    let text = error_of(&with("  - name: get_thing\n", "  - name: [get_thing\n"));
    assert!(text.starts_with("spec/demo.yaml:"), "{text}");
    assert!(text.contains(":16:") || text.contains(":17:"), "{text}");
}

#[test]
fn misspelt_key() {
    let text = error_of(&with(
        "    request: ThingRequest",
        "    requets: ThingRequest",
    ));
    assert!(text.starts_with("spec/demo.yaml:21:5:"), "{text}");
    assert!(text.contains("unknown field `requets`"), "{text}");
}

#[test]
fn unknown_type() {
    let text = error_of(&with("        type: i64", "        type: Count"));
    assert_eq!(text, "spec/demo.yaml:47:15: unknown type `Count`");
}

#[test]
fn bad_type_syntax() {
    let text = error_of(&with("        type: i64", "        type: list<i64"));
    assert_eq!(text, "spec/demo.yaml:47:15: unknown type syntax `list<i64`");
}

#[test]
fn duplicate_type_name() {
    let text = error_of(&with("  - name: ThingResponse", "  - name: ThingRequest"));
    assert!(
        text.contains("spec/demo.yaml:41:11: type name `ThingRequest` is taken"),
        "{text}"
    );
}

#[test]
fn undefined_error_code() {
    let text = error_of(&with("    errors: [1]", "    errors: [2]"));
    assert_eq!(
        text,
        "spec/demo.yaml:23:13: error code 2 is not defined under `errors`"
    );
}

#[test]
fn example_that_does_not_decode() {
    let text = error_of(&with("\"count\": 3", "\"count\": \"three\""));
    assert_eq!(
        text,
        "spec/demo.yaml:27:11: example does not decode into `ThingResponse`: at .count: \
         expected an integer in range (set `wire: string` if the doc sends it as a string), \
         found \"three\""
    );
}

#[test]
fn example_that_is_not_json_points_inside_the_example() {
    let text = error_of(&with("\"count\": 3", "\"count\": 3,"));
    // serde_json reports the trailing comma at the closing brace: line 29, column 11.
    assert!(text.starts_with("spec/demo.yaml:29:11:"), "{text}");
    assert!(text.contains("example is not valid JSON"), "{text}");
}

#[test]
fn duplicate_key_in_an_example() {
    let text = error_of(&with("\"count\": 3", "\"count\": 3, \"count\": 4"));
    assert!(text.contains("duplicate key `count`"), "{text}");
}

#[test]
fn repair_that_is_no_longer_needed() {
    let spec = with(
        "            \"count\": 3\n          }\n",
        "            \"count\": 3\n          }\n        repairs:\n          - Added a brace.\n        doc_original: |\n          {\"count\": 3}\n",
    );
    let text = error_of(&spec);
    assert!(
        text.contains("recorded repairs are no longer needed"),
        "{text}"
    );
    assert!(text.starts_with("spec/demo.yaml:33:11:"), "{text}");
}

#[test]
fn every_problem_is_reported() {
    let spec = with("        type: i64", "        type: Count");
    let spec = spec.replacen("    errors: [1]", "    errors: [2]", 1);
    let text = error_of(&spec);
    assert_eq!(text.lines().count(), 2, "{text}");
}

#[test]
fn request_example_over_a_documented_limit_needs_a_reason() {
    let spec = with(
        "        required: true\n        doc:\n          en: ID.",
        "        required: true\n        max_len: 3\n        doc:\n          en: ID.",
    );
    let spec = spec.replacen(
        "    examples:\n",
        "    examples:\n      - of: request\n        json: |\n          {\"id\": \"abcd\"}\n",
        1,
    );
    let text = error_of(&spec);
    assert!(
        text.contains(
            "example breaks a documented limit (at .id: 4 characters, over the documented 3)"
        ),
        "{text}"
    );

    let recorded = spec.replacen(
        "{\"id\": \"abcd\"}\n",
        "{\"id\": \"abc\"}\n        violates: too long\n",
        1,
    );
    let text = error_of(&recorded);
    assert!(
        text.contains("breaks no documented limit now: remove `violates`"),
        "{text}"
    );
}
