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
    retry: never
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
    assert!(text.contains(":18:11:"), "{text}");
    assert!(
        text.contains("inside the sequence that starts at line 17, column 11"),
        "{text}"
    );
}

#[test]
fn misspelt_key() {
    let text = error_of(&with(
        "    request: ThingRequest",
        "    requets: ThingRequest",
    ));
    assert!(text.starts_with("spec/demo.yaml:22:5:"), "{text}");
    assert!(text.contains("unknown field `requets`"), "{text}");
}

#[test]
fn unknown_type() {
    let text = error_of(&with("        type: i64", "        type: Count"));
    assert_eq!(text, "spec/demo.yaml:48:15: unknown type `Count`");
}

#[test]
fn bad_type_syntax() {
    let text = error_of(&with("        type: i64", "        type: list<i64"));
    assert_eq!(text, "spec/demo.yaml:48:15: unknown type syntax `list<i64`");
}

#[test]
fn duplicate_type_name() {
    let text = error_of(&with("  - name: ThingResponse", "  - name: ThingRequest"));
    assert!(
        text.contains("spec/demo.yaml:42:11: type name `ThingRequest` is taken"),
        "{text}"
    );
}

#[test]
fn undefined_error_code() {
    let text = error_of(&with("    errors: [1]", "    errors: [2]"));
    assert_eq!(
        text,
        "spec/demo.yaml:24:13: error code 2 is defined neither under `errors` nor globally"
    );
}

#[test]
fn example_that_does_not_decode() {
    let text = error_of(&with("\"count\": 3", "\"count\": \"three\""));
    assert_eq!(
        text,
        "spec/demo.yaml:28:11: example does not decode into `ThingResponse`: at .count: \
         expected an integer in range (set `wire: string` if the doc sends it as a string), \
         found \"three\""
    );
}

#[test]
fn example_that_is_not_json_points_inside_the_example() {
    let text = error_of(&with("\"count\": 3", "\"count\": 3,"));
    // serde_json reports the trailing comma at the closing brace: line 30, column 11.
    assert!(text.starts_with("spec/demo.yaml:30:11:"), "{text}");
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
    assert!(text.starts_with("spec/demo.yaml:34:11:"), "{text}");
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

#[test]
fn a_field_rust_cannot_name_even_raw_is_refused_with_its_location() {
    for name in ["self", "crate", "super", "Self"] {
        let text = error_of(&with(
            "      - name: id\n",
            &format!("      - name: {name}\n"),
        ));
        assert!(text.starts_with("spec/demo.yaml:37:15:"), "{name}: {text}");
        assert!(
            text.contains("not even raw; set `rust`") || text.contains("not snake_case"),
            "{name}: {text}"
        );
    }
}

#[test]
fn a_type_named_like_the_prelude_is_refused() {
    for name in ["Option", "Self", "Result", "Vec", "String"] {
        let spec = with("  - name: ThingRequest", &format!("  - name: {name}")).replacen(
            "    request: ThingRequest",
            &format!("    request: {name}"),
            1,
        );
        let text = error_of(&spec);
        assert!(
            text.contains(&format!("type name `{name}` is taken")),
            "{name}: {text}"
        );
    }
}

#[test]
fn types_that_contain_each_other_are_refused() {
    let spec = with(
        "      - name: id\n        type: string\n",
        "      - {name: back, type: ThingResponse, doc: {en: Back.}}\n      - name: id\n        type: string\n",
    )
    .replacen(
        "      - name: count\n        type: i64\n",
        "      - {name: forth, type: ThingRequest, doc: {en: Forth.}}\n      - name: count\n        type: i64\n",
        1,
    );
    let text = error_of(&spec);
    assert!(
        text.contains(
            "`ThingRequest` contains itself (ThingRequest -> ThingResponse -> ThingRequest)"
        ),
        "{text}"
    );
    // Through a list, the same types are fine: a Vec has a size.
    let listed = spec.replacen("type: ThingResponse,", "type: list<ThingResponse>,", 1);
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("spec")).unwrap();
    std::fs::write(dir.path().join("spec/demo.yaml"), listed).unwrap();
    let job = Job {
        spec_dir: dir.path().join("spec"),
        spec_display: "spec".into(),
        out_dir: dir.path().join("crates"),
    };
    generate(&job).expect("types that hold each other through a list");
}

#[test]
fn a_file_that_is_not_utf8_is_located() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("spec")).unwrap();
    let mut bytes = GOOD
        .replacen("title: Demo", "title: De\u{1}mo", 1)
        .into_bytes();
    let at = bytes.iter().position(|b| *b == 1).unwrap();
    bytes[at] = 0xff;
    std::fs::write(dir.path().join("spec/demo.yaml"), bytes).unwrap();
    let job = Job {
        spec_dir: dir.path().join("spec"),
        spec_display: "spec".into(),
        out_dir: dir.path().join("crates"),
    };
    let err = generate(&job).expect_err("not UTF-8").to_string();
    assert!(
        err.starts_with("spec/demo.yaml:3:10: the file is not UTF-8 text"),
        "{err}"
    );
}

#[test]
fn deeply_nested_flow_yaml_is_refused_quickly_with_its_location() {
    let depth = 100_000;
    let spec = format!("{GOOD}notes: {}{}\n", "[".repeat(depth), "]".repeat(depth));
    let started = std::time::Instant::now();
    let text = error_of(&spec);
    assert!(text.contains("nesting deeper than 64 levels"), "{text}");
    assert!(text.starts_with("spec/demo.yaml:"), "{text}");
    // A hang guard, not a timing assertion: the quadratic parse took over a minute.
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
}

#[test]
fn an_example_key_its_type_does_not_define_is_an_error_unless_recorded() {
    let spec = with("\"count\": 3", "\"count\": 3, \"colour\": \"red\"");
    let text = error_of(&spec);
    assert!(
        text.contains("the example shows `.colour`, which its type does not document"),
        "{text}"
    );
    let recorded = spec.replacen(
        "          }\n",
        "          }\n        undocumented:\n          - {path: .colour, note: Seen once; no user needs it.}\n",
        1,
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("spec")).unwrap();
    std::fs::write(dir.path().join("spec/demo.yaml"), &recorded).unwrap();
    let job = Job {
        spec_dir: dir.path().join("spec"),
        spec_display: "spec".into(),
        out_dir: dir.path().join("crates"),
    };
    generate(&job).unwrap_or_else(|e| panic!("a recorded key is accepted: {e}\n{recorded}"));
    // A record the example no longer needs fails loudly.
    let stale = recorded.replacen(", \"colour\": \"red\"", "", 1);
    let text = error_of(&stale);
    assert!(
        text.contains("`.colour` is documented now, or no longer in the example"),
        "{text}"
    );
}
