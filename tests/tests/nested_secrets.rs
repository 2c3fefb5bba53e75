//! A response's `SECRET_FIELDS`, whose values a decode error hides in the body it keeps, name
//! the secrets and credentials of its nested types too, not only its own.

use std::path::{Path, PathBuf};

use wechat_codegen::{generate_texts, Format};

/// A response whose secrets sit one and two levels down, once through a list, with a type
/// cycle on the way (the walk must end) and a field of the same wire name twice.
const SPEC: &str = r#"domain: vault
crate: wechat-vault
title: Vault
sources:
  - file: vault.txt
    lang: en
envelope: errcode
doc:
  en: Vault.
endpoints:
  - name: open
    method: POST
    path: /vault/open
    doc:
      en: Opens the vault.
    request: OpenRequest
    response: OpenResponse
types:
  - name: OpenRequest
    kind: struct
    doc:
      en: Request.
    fields:
      - name: id
        type: string
        required: true
        doc:
          en: ID.
  - name: OpenResponse
    kind: struct
    doc:
      en: Response.
    fields:
      - name: shelf
        type: Shelf
        doc:
          en: The shelf.
      - name: note
        type: string
        doc:
          en: A note, not a secret.
  - name: Shelf
    kind: struct
    doc:
      en: A shelf.
    fields:
      - name: boxes
        type: list<Locker>
        doc:
          en: Its boxes.
      - name: session_key
        type: secret
        doc:
          en: A session key.
  - name: Locker
    kind: struct
    doc:
      en: A locker.
    fields:
      - name: access_token
        type: string
        sensitive: true
        doc:
          en: A token.
      - name: session_key
        type: secret
        doc:
          en: Another session key.
      - name: shelf
        type: Shelf
        doc:
          en: The shelf it is on (a cycle).
"#;

fn generated_types() -> String {
    let texts = wechat_spec::Texts {
        domains: vec![(PathBuf::from("spec/vault.yaml"), SPEC.to_owned())],
        global: None,
    };
    let files = generate_texts(&texts, Path::new("crates"), Format::PrettyPlease)
        .expect("the spec generates");
    files
        .iter()
        .find(|(path, _)| path.ends_with("src/types.rs"))
        .map(|(_, text)| text.clone())
        .expect("types.rs is generated")
}

#[test]
fn secret_fields_reach_into_nested_types_once_each() {
    let types = generated_types();
    let line = types
        .lines()
        .find(|line| line.contains("SECRET_FIELDS"))
        .expect("OpenResponse declares its secret fields");
    let keys: Vec<&str> = line.split('"').skip(1).step_by(2).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(sorted, ["access_token", "session_key"], "{line}");
    assert_eq!(
        types.matches("SECRET_FIELDS").count(),
        1,
        "only the response has them"
    );
}
