//! Assertions of the generated tests.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use wechat_runtime::codegen::{wire, Lossless};
use wechat_runtime::{Endpoint, Error};

/// Decodes `json` as `T`, panicking with the JSON path of the first mismatch.
pub fn decode<T: DeserializeOwned>(json: &str) -> T {
    match serde_json::from_str(json) {
        Ok(value) => value,
        Err(err) => panic!(
            "cannot decode as {} at {}: {}",
            std::any::type_name::<T>(),
            wire::error_path(json.as_bytes(), &err),
            err
        ),
    }
}

/// Asserts that `value` encodes to the same JSON value as `json`.
pub fn assert_json_eq<T: Serialize>(value: &T, json: &str) {
    let expected: Value = serde_json::from_str(json).expect("expected JSON is valid");
    let actual = serde_json::to_value(value).expect("value encodes");
    if actual != expected {
        panic!(
            "JSON differs\nexpected: {}\nactual:   {}",
            serde_json::to_string_pretty(&expected).unwrap_or_default(),
            serde_json::to_string_pretty(&actual).unwrap_or_default()
        );
    }
}

/// Asserts that `value` encodes to JSON of the same shape as `json`: the same keys, and values
/// of the same JSON types, whatever the strings and numbers (for answers such as issued tokens,
/// which differ from the doc's example by design).
pub fn assert_json_shape<T: Serialize>(value: &T, json: &str) {
    fn shape(value: &Value) -> Value {
        match value {
            Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), shape(v))).collect(),
            Value::Array(items) => items.iter().map(shape).collect(),
            Value::String(_) => Value::from("string"),
            Value::Number(_) => Value::from(0),
            other => other.clone(),
        }
    }
    let expected: Value = serde_json::from_str(json).expect("expected JSON is valid");
    let actual = serde_json::to_value(value).expect("value encodes");
    assert_eq!(
        shape(&actual),
        shape(&expected),
        "JSON shapes differ: {actual} vs {expected}"
    );
}

/// Asserts that `json` decodes as `T`, encodes back to an equal JSON value (unknown fields
/// included), and that no field the spec documents was kept among the unknown ones.
pub fn assert_round_trip<T: Serialize + DeserializeOwned + Lossless>(json: &str) {
    let value: T = decode(json);
    assert_json_eq(&value, json);
    let mut misplaced = Vec::new();
    value.misplaced_fields("", &mut misplaced);
    assert!(
        misplaced.is_empty(),
        "documented fields decoded as unknown fields: {misplaced:?}"
    );
}

/// Asserts that `error` is the API error `code` from `endpoint`; with `meaning`, that it carries
/// exactly that documented meaning, otherwise that it carries one from the runtime's global list.
pub fn assert_api_error(error: &Error, endpoint: &Endpoint, code: i64, meaning: Option<&str>) {
    let Some(api) = error.as_api() else {
        panic!("expected API error {code}, got {error:?}");
    };
    assert_eq!(api.code, code, "error code");
    assert_eq!(api.endpoint, endpoint.path, "endpoint of the error");
    match meaning {
        Some(meaning) => assert_eq!(api.meaning, Some(meaning), "documented meaning"),
        None => assert!(
            api.meaning.is_some(),
            "code {code} has a documented meaning"
        ),
    }
    let shown = error.to_string();
    assert!(
        shown.contains(&code.to_string()),
        "`{shown}` names the code"
    );
}

/// Asserts that an error example of the docs is read as API error `code` by `endpoint`.
pub fn assert_error_example(endpoint: &'static Endpoint, json: &str, code: i64) {
    let server = crate::ScriptedServer::start();
    server.respond(200, json);
    let result: Result<Value, Error> = server.blocking_client().execute::<(), _>(endpoint, None);
    match result {
        Err(error) => assert_eq!(error.code(), Some(code), "{error}"),
        Ok(value) => panic!("expected API error {code}, decoded {value}"),
    }
}
