//! `cargo xtask spec-diff`'s engine over crafted before/after specs: every kind of change,
//! and whether it is classed as breaking.

use std::path::PathBuf;

use wechat_spec::{resolve_texts, Texts};
use xtask::spec_changes::{diff, markdown, Change};

const BASE: &str = r#"
domain: demo
crate: wechat-demo
title: Demo
sources: [{file: demo.txt, lang: en}]
envelope: errcode
doc: {en: A demo domain.}
errors:
  - {code: 1001, name: thing_missing, retry: never, doc: {en: No such thing.}}
endpoints:
  - name: get_thing
    method: POST
    path: /demo/get
    doc: {en: Gets a thing.}
    request: GetRequest
    response: GetResponse
    errors: [1001]
types:
  - name: GetRequest
    kind: struct
    doc: {en: Request.}
    date_spans: [{start: begin_date, end: end_date, max_days: 30}]
    fields:
      - {name: id, type: string, required: true, doc: {en: Id.}}
      - {name: note, type: string, max_len: 10, doc: {en: Note.}}
      - {name: count, type: i32, min: 1, max: 90, doc: {en: Count.}}
      - {name: begin_date, type: date, min_date: "2016-01-01", doc: {en: First day.}}
      - {name: end_date, type: date, doc: {en: Last day.}}
  - name: GetResponse
    kind: struct
    doc: {en: Response.}
    fields:
      - {name: status, type: Status, doc: {en: Status.}}
      - {name: level, type: Level, doc: {en: Level.}}
      - {name: card, type: Card, doc: {en: Card.}}
      - {name: size, type: i32, doc: {en: Size.}}
  - name: Status
    kind: string_enum
    doc: {en: Status.}
    values:
      - {value: OPEN, doc: {en: Open.}}
      - {value: CLOSED, doc: {en: Closed.}}
  - name: Level
    kind: int_enum
    doc: {en: Level.}
    values:
      - {value: 1, name: Low, doc: {en: Low.}}
  - name: Card
    kind: tagged_union
    tag: card_type
    doc: {en: Card.}
    variants:
      - {tag: GIFT, key: gift, type: Gift, doc: {en: Gift.}}
  - name: Gift
    kind: struct
    doc: {en: Gift.}
    fields:
      - {name: title, type: string, doc: {en: Title.}}
"#;

fn resolve(text: &str) -> Vec<wechat_spec::ir::Domain> {
    let texts = Texts {
        domains: vec![(PathBuf::from("spec/demo.yaml"), text.to_owned())],
        global: None,
    };
    resolve_texts(&texts)
        .map(|spec| spec.domains)
        .unwrap_or_else(|err| panic!("crafted spec does not resolve:\n{err}\n{text}"))
}

/// The changes from BASE to BASE with `edits` (text replacements) applied.
fn changes(edits: &[(&str, &str)]) -> Vec<Change> {
    let mut after = BASE.to_owned();
    for (old, new) in edits {
        assert!(after.contains(old), "edit target missing: {old}");
        after = after.replacen(old, new, 1);
    }
    diff(&resolve(BASE), &resolve(&after))
}

/// Asserts exactly one change, containing `what`, with this class.
fn one(edits: &[(&str, &str)], what: &str, breaking: bool) {
    let found = changes(edits);
    assert_eq!(
        found.len(),
        1,
        "expected one change for {edits:?}, got {found:#?}"
    );
    assert!(
        found[0].what.contains(what),
        "{:?} does not mention {what}",
        found[0]
    );
    assert_eq!(found[0].breaking, breaking, "{:?}", found[0]);
}

#[test]
fn no_change_no_report() {
    assert!(changes(&[]).is_empty());
    assert!(markdown(&[], "abc").contains("No changes"));
}

#[test]
fn fields() {
    let field = "      - {name: size, type: i32, doc: {en: Size.}}\n";
    one(&[(field, "")], "field `GetResponse.size` removed", true);
    one(
        &[(
            field,
            &format!("{field}      - {{name: more, type: string, doc: {{en: X.}}}}\n"),
        )],
        "response field `GetResponse.more` added",
        false,
    );
    let note = "      - {name: note, type: string, max_len: 10, doc: {en: Note.}}\n";
    one(
        &[(
            note,
            &format!("{note}      - {{name: opt, type: string, doc: {{en: X.}}}}\n"),
        )],
        "optional request field `GetRequest.opt` added",
        false,
    );
    one(
        &[(
            note,
            &format!(
                "{note}      - {{name: must, type: string, required: true, doc: {{en: X.}}}}\n"
            ),
        )],
        "required request field `GetRequest.must` added",
        true,
    );
    one(
        &[("{name: size, type: i32,", "{name: size, type: string,")],
        "type changed from i32 to string",
        true,
    );
    one(
        &[(
            "{name: size, type: i32,",
            "{name: size, type: i32, required: true,",
        )],
        "now required",
        true,
    );
    one(
        &[(
            "{name: size, type: i32,",
            "{name: size, type: i32, wire: string,",
        )],
        "now sent as a string",
        false,
    );
}

#[test]
fn constraints() {
    one(
        &[("max_len: 10", "max_len: 8")],
        "`max_len` changed from 10 to 8",
        true,
    );
    one(
        &[("max_len: 10", "max_len: 12")],
        "`max_len` changed from 10 to 12",
        false,
    );
    one(
        &[("max: 90", "max: 100")],
        "`max` changed from 90 to 100",
        false,
    );
    one(&[("min: 1, ", "")], "`min` 1 removed", false);
    one(
        &[(
            "{name: end_date, type: date,",
            "{name: end_date, type: date, before_today: true,",
        )],
        "`before_today` true added",
        true,
    );
    one(
        &[("min_date: \"2016-01-01\"", "min_date: \"2017-01-01\"")],
        "`min_date` changed",
        true,
    );
    one(
        &[("max_days: 30", "max_days: 20")],
        "limit changed from 30 days to 20 days",
        true,
    );
    one(
        &[("max_days: 30", "max_days: 60")],
        "limit changed from 30 days to 60 days",
        false,
    );
}

#[test]
fn enum_values_and_variants() {
    let closed = "      - {value: CLOSED, doc: {en: Closed.}}\n";
    one(&[(closed, "")], "value `CLOSED` of `Status` removed", true);
    one(
        &[(
            closed,
            &format!("{closed}      - {{value: LOCKED, doc: {{en: Locked.}}}}\n"),
        )],
        "value `LOCKED` of `Status` added",
        false,
    );
    one(
        &[("{value: 1, name: Low,", "{value: 1, name: Lowest,")],
        "renamed from `Low` to `Lowest`",
        true,
    );
    let gift = "      - {tag: GIFT, key: gift, type: Gift, doc: {en: Gift.}}\n";
    one(
        &[(
            gift,
            &format!("{gift}      - {{tag: CASH, key: cash, type: Gift, doc: {{en: Cash.}}}}\n"),
        )],
        "variant `Card::Cash` (`cash`) added",
        false,
    );
}

#[test]
fn error_codes() {
    let code = "  - {code: 1001, name: thing_missing, retry: never, doc: {en: No such thing.}}\n";
    let added = format!(
        "{code}  - {{code: 1002, name: thing_locked, retry: never, doc: {{en: Locked.}}}}\n"
    );
    one(
        &[(code, &added)],
        "error code 1002 `thing_locked` added",
        false,
    );
    let found = changes(&[(code, ""), ("    errors: [1001]\n", "")]);
    assert!(
        found
            .iter()
            .any(|c| c.breaking && c.what.contains("error code 1001 `thing_missing` removed")),
        "{found:#?}"
    );
    one(
        &[(
            "name: thing_missing, retry: never, doc:",
            "name: thing_missing, retry: backoff, doc:",
        )],
        "now retried as Backoff (was Never)",
        false,
    );
}

#[test]
fn endpoints() {
    one(
        &[("path: /demo/get", "path: /demo/get\n    idempotent: true")],
        "now idempotent",
        false,
    );
    one(
        &[("path: /demo/get", "path: /demo/fetch")],
        "address changed from `POST /demo/get` to `POST /demo/fetch`",
        false,
    );
    let found = changes(&[("name: get_thing", "name: fetch_thing")]);
    assert!(
        found
            .iter()
            .any(|c| c.breaking && c.what == "endpoint `get_thing` removed"),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|c| !c.breaking && c.what.starts_with("endpoint `fetch_thing` added")),
        "{found:#?}"
    );
}

#[test]
fn domains_and_markdown() {
    let old = resolve(BASE);
    let added = diff(&[], &old);
    assert_eq!(added.len(), 1);
    assert!(!added[0].breaking && added[0].what.contains("domain `demo` added"));
    let removed = diff(&old, &[]);
    assert!(removed[0].breaking && removed[0].what.contains("domain `demo` removed"));

    let report = changes(&[("max_len: 10", "max_len: 8"), ("max: 90", "max: 100")]);
    let text = markdown(&report, "base");
    assert!(text.contains("2 changes, **1 breaking**"), "{text}");
    assert!(
        text.contains("### `demo`") && text.contains("`get_thing`:"),
        "{text}"
    );
    let breaking_line = text.find("**breaking**").expect("a breaking line");
    let other_line = text.find("non-breaking").expect("a non-breaking line");
    assert!(
        breaking_line < other_line,
        "breaking changes come first:\n{text}"
    );
}
