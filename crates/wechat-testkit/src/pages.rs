//! Helpers of the pager tests: pages of numbered items, and what each request asked for.

use serde::Serialize;
use serde_json::Value;

use crate::Recorded;

/// Where a numbered item keeps its number: an unknown field, which every generated struct
/// keeps, so the test can check that each item arrives exactly once and in order.
const NUMBER_KEY: &str = "_n";

/// A page built from `template` (a response JSON): its `items_key` list holds the items
/// numbered `range`, copies of the template's first item, and `set` overrides top-level fields.
pub fn numbered_page(
    template: &str,
    items_key: &str,
    range: std::ops::Range<usize>,
    set: &[(&str, Value)],
) -> String {
    let mut page: Value = serde_json::from_str(template).expect("template JSON");
    let first = page[items_key]
        .get(0)
        .cloned()
        .expect("the template has an item to copy");
    let items: Vec<Value> = range
        .map(|n| match &first {
            Value::Object(fields) => {
                let mut item = fields.clone();
                item.insert(NUMBER_KEY.into(), Value::from(n));
                Value::Object(item)
            }
            Value::String(text) => Value::from(format!("{text}-{n}")),
            _ => Value::from(n),
        })
        .collect();
    page[items_key] = Value::Array(items);
    for (key, value) in set {
        page[*key] = value.clone();
    }
    page.to_string()
}

/// The numbers of items built by [`numbered_page`].
pub fn item_numbers<T: Serialize>(items: &[T]) -> Vec<u64> {
    items
        .iter()
        .map(
            |item| match serde_json::to_value(item).expect("item encodes") {
                Value::Object(fields) => fields[NUMBER_KEY].as_u64().expect("numbered item"),
                Value::String(text) => text
                    .rsplit('-')
                    .next()
                    .and_then(|n| n.parse().ok())
                    .expect("numbered string"),
                other => other.as_u64().expect("numbered item"),
            },
        )
        .collect()
}

/// The value a request sent for `name`, from its query string or JSON body.
pub fn sent_param(request: &Recorded, name: &str) -> Option<String> {
    if let Some((_, value)) = request.query.iter().find(|(k, _)| k == name) {
        return Some(value.clone());
    }
    let body: Value = serde_json::from_slice(&request.body).ok()?;
    match body.get(name)? {
        Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}
