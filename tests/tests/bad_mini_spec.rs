//! Misuse of the Mini Program engine keys (`auth: app_credentials`, `secret`, `signature`,
//! `returns: binary`, `wire: yyyymmdd`, date span rules, `event`): each is a located error and
//! nothing is written.

use std::path::Path;

use wechat_codegen::{generate, write, Error, Job};

/// A valid spec using every engine key, which each case breaks in one place.
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
  - code: 87009
    name: invalid_signature
    retry: never
    raised_for: [signature]
    doc:
      en: Invalid signature.
endpoints:
  - name: login
    method: GET
    path: /sns/jscode2session
    auth: app_credentials
    doc:
      en: Login.
    request: LoginRequest
    response: Session
  - name: check
    method: GET
    path: /wxa/checksession
    doc:
      en: Check.
    request: CheckRequest
    response: Session
    signature: {key: session_key, param: signature, method_param: sig_method, method: hmac_sha256, subject: openid}
    errors: [87009]
    examples:
      - of: request
        json: |
          {"openid": "o1", "signature": "ab", "sig_method": "hmac_sha256"}
  - name: code
    method: POST
    path: /wxa/getwxacode
    returns: binary
    doc:
      en: Code.
    request: LoginRequest
  - name: weekly
    method: POST
    path: /datacube/weekly
    doc:
      en: Weekly.
    request: WeekRequest
    response: Session
    event: Session
    examples:
      - of: request
        json: |
          {"begin_date": "20170306", "end_date": "20170312"}
      - of: event
        json: |
          {"openid": "o1"}
types:
  - name: LoginRequest
    kind: struct
    doc:
      en: Login.
    fields:
      - name: js_code
        type: string
        required: true
        doc:
          en: Code.
  - name: CheckRequest
    kind: struct
    doc:
      en: Check.
    fields:
      - name: openid
        type: string
        required: true
        doc:
          en: User.
      - name: session_key
        type: secret
        required: true
        doc:
          en: Key.
  - name: WeekRequest
    kind: struct
    doc:
      en: A week.
    date_spans: [{start: begin_date, end: end_date, period: week}]
    fields:
      - name: begin_date
        type: date
        wire: yyyymmdd
        required: true
        doc:
          en: First day.
      - name: end_date
        type: date
        wire: yyyymmdd
        required: true
        doc:
          en: Last day.
  - name: Session
    kind: struct
    doc:
      en: Session.
    fields:
      - name: openid
        type: string
        doc:
          en: User.
"#;

/// Generates `spec` in a scratch directory: the error text, with nothing written.
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

/// `GOOD` with the `nth` (from 0) occurrence of `from` replaced by `to`.
fn with(from: &str, nth: usize, to: &str) -> String {
    let at = GOOD
        .match_indices(from)
        .nth(nth)
        .unwrap_or_else(|| panic!("case does not apply: {from}"))
        .0;
    format!("{}{to}{}", &GOOD[..at], &GOOD[at + from.len()..])
}

/// `file:line:` of the first occurrence of `needle` in `spec`.
fn at(spec: &str, needle: &str) -> String {
    let index = spec.find(needle).expect("needle");
    let line = spec[..index].matches('\n').count() + 1;
    format!("spec/demo.yaml:{line}:")
}

fn assert_error(spec: &str, location: &str, message: &str) {
    let text = error_of(spec);
    assert!(text.contains(location), "expected {location}, got: {text}");
    assert!(text.contains(message), "expected {message:?}, got: {text}");
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
    generate(&job).unwrap_or_else(|err| panic!("{err}"));
}

#[test]
fn app_credentials_are_not_request_fields() {
    let spec = with("      - name: js_code", 0, "      - name: secret");
    let location = at(&spec, "      - name: secret");
    assert_error(
        &spec,
        &location,
        "`secret` comes from the client's credentials",
    );
}

#[test]
fn a_secret_only_a_signature_uses() {
    let spec = with(
        "      - name: openid\n        type: string\n        required: true",
        0,
        "      - name: openid\n        type: secret\n        required: true",
    );
    assert_error(
        &spec,
        &at(&spec, "type: secret"),
        "`openid` is a `secret` of a request, never sent",
    );
}

#[test]
fn a_signature_keyed_by_a_string() {
    let spec = with("{key: session_key", 0, "{key: openid");
    let location = at(&spec, "openid, param");
    assert_error(
        &spec,
        &location,
        "`openid` is not a required `secret` field of `CheckRequest`",
    );
}

#[test]
fn signed_parameters_are_not_request_fields() {
    let spec = with(
        "      - name: openid\n        type: string\n        required: true",
        0,
        "      - name: signature\n        type: string\n        required: true",
    );
    assert_error(
        &spec,
        ":",
        "`signature` is the signature's `param`, which the client adds",
    );
}

#[test]
fn a_wrong_sig_method_in_an_example() {
    let spec = with(
        "\"sig_method\": \"hmac_sha256\"",
        0,
        "\"sig_method\": \"md5\"",
    );
    assert_error(
        &spec,
        ":",
        "`sig_method` is \"md5\" here; the signature's method is `hmac_sha256`",
    );
}

#[test]
fn a_secret_in_a_request_example() {
    let spec = with(
        "{\"openid\": \"o1\", \"signature\"",
        0,
        "{\"openid\": \"o1\", \"session_key\": \"k\", \"signature\"",
    );
    assert_error(&spec, ":", "a secret is never sent");
}

#[test]
fn a_binary_endpoint_has_no_response_type() {
    let spec = with(
        "    returns: binary\n",
        0,
        "    returns: binary\n    response: Session\n",
    );
    assert_error(
        &spec,
        &at(&spec, "response: Session\n    doc:\n      en: Code."),
        "`returns: binary` answers bytes: remove `response`",
    );
}

#[test]
fn yyyymmdd_applies_to_dates() {
    let spec = with("        type: string\n        required: true\n        doc:\n          en: Code.", 0, "        type: string\n        wire: yyyymmdd\n        required: true\n        doc:\n          en: Code.");
    let location = at(&spec, "wire: yyyymmdd");
    assert_error(&spec, &location, "`wire: yyyymmdd` applies to date fields");
}

#[test]
fn a_dashed_date_in_a_yyyymmdd_example() {
    let spec = with(
        "\"begin_date\": \"20170306\"",
        0,
        "\"begin_date\": \"2017-03-06\"",
    );
    assert_error(&spec, ":", "expected a date as yyyymmdd");
}

#[test]
fn a_request_example_breaking_the_period() {
    let spec = with(
        "\"begin_date\": \"20170306\"",
        0,
        "\"begin_date\": \"20170307\"",
    );
    assert_error(&spec, ":", "breaks a documented limit");
    assert_error(&spec, ":", "a week from a Monday to the Sunday after");
}

#[test]
fn a_date_span_needs_a_rule() {
    let spec = with("period: week}", 0, "}");
    let location = at(&spec, "{start: begin_date");
    assert_error(
        &spec,
        &location,
        "a date span needs `max_days`, `days` or `period`",
    );
}

#[test]
fn days_beyond_max_days() {
    let spec = with("period: week}", 0, "max_days: 10, days: [0, 29]}");
    assert_error(&spec, ":", "29 days is over `max_days`");
}

#[test]
fn an_event_example_needs_an_event() {
    let spec = with("    event: Session\n", 0, "");
    let location = at(&spec, "of: event");
    assert_error(&spec, &location, "the endpoint has no `event` type");
}

#[test]
fn an_event_example_decodes_into_the_event() {
    let spec = with("{\"openid\": \"o1\"}", 0, "{\"openid\": 1}");
    assert_error(&spec, ":", "example does not decode into `Session`");
}
