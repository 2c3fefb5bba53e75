//! Sample values, derived from the IR for the generated end-to-end tests and the mock server:
//! the doc's example where there is one, else a value of the type with every field set.

use serde_json::{json, Map, Value};

use crate::ir::{Domain, Endpoint, ExampleOf, Field, Period, Type, TypeBody, TypeRef};

/// A request to send in end-to-end tests: the doc's first request example that breaks no
/// limit, or one made from the spec. `None` for an endpoint without a request type.
pub fn request_sample(domain: &Domain, endpoint: &Endpoint) -> Option<Value> {
    let id = endpoint.request?;
    Some(endpoint.first_example(ExampleOf::Request).map_or_else(
        || {
            let mut value = sample(&domain.types, &TypeRef::Named(id));
            // A request's secrets are never on the wire.
            if let Value::Object(object) = &mut value {
                for f in domain.fields(id).iter().filter(|f| f.ty == TypeRef::Secret) {
                    object.remove(&f.wire);
                }
            }
            value
        },
        |x| x.value.clone(),
    ))
}

/// A successful response: the doc's first response example, or one made from the spec
/// (`null` for an endpoint that answers bytes).
pub fn response_sample(domain: &Domain, endpoint: &Endpoint) -> Value {
    endpoint.first_example(ExampleOf::Response).map_or_else(
        || {
            endpoint
                .response
                .map_or(Value::Null, |id| sample(&domain.types, &TypeRef::Named(id)))
        },
        |x| x.value.clone(),
    )
}

/// A value of `ty` with every field set, for endpoints whose docs have no example.
pub fn sample(types: &[Type], ty: &TypeRef) -> Value {
    sample_at(types, ty, false, 0)
}

fn sample_at(types: &[Type], ty: &TypeRef, as_string: bool, depth: usize) -> Value {
    match ty {
        TypeRef::String => json!("x"),
        TypeRef::Bool => json!(true),
        TypeRef::F64 => json!(1.5),
        TypeRef::Json => json!({}),
        TypeRef::Date => json!("2020-01-01"),
        TypeRef::Secret => json!("secret"),
        _ if ty.is_integer() && as_string => json!("1"),
        TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 => json!(1),
        TypeRef::List(inner) => json!([sample_at(types, inner, as_string, depth + 1)]),
        TypeRef::Named(id) => {
            let t = &types[id.0];
            match &t.body {
                TypeBody::Struct(fields) => {
                    let mut object = Map::new();
                    // Recursive types stop at required fields past a small depth.
                    for f in fields.iter().filter(|f| depth < 4 || f.required) {
                        if f.envelope {
                            continue;
                        }
                        let mut value = sample_at(types, &f.ty, f.as_string, depth + 1);
                        if f.compact_date {
                            value = json!("20200101");
                        }
                        // Stay inside documented ranges: the sample is a valid request.
                        if let (Some(n), false) = (value.as_i64(), f.as_string) {
                            let n = f.min.map_or(n, |min| n.max(min));
                            value = json!(f.max.map_or(n, |max| n.min(max)));
                        }
                        match value {
                            // A flattened keyed union puts its one entry in this object.
                            Value::Object(entry) if f.flatten => object.extend(entry),
                            value => {
                                object.insert(f.wire.clone(), value);
                            }
                        }
                    }
                    fit_spans(t, fields, &mut object);
                    Value::Object(object)
                }
                TypeBody::StringEnum(values) => json!(values[0].value),
                TypeBody::IntEnum(values) => json!(values[0].value),
                TypeBody::Union { tag, variants } => {
                    let v = &variants[0];
                    let content = sample_at(types, &TypeRef::Named(v.ty), false, depth + 1);
                    let mut object = Map::new();
                    if let (Some(tag), Some(value)) = (tag, &v.tag) {
                        object.insert(tag.clone(), json!(value));
                    }
                    object.insert(v.key.clone(), content);
                    Value::Object(object)
                }
            }
        }
    }
}

/// Dates of a sample that its date spans accept: a week from a Monday, a whole month.
fn fit_spans(t: &Type, fields: &[Field], object: &mut Map<String, Value>) {
    for span in &t.date_spans {
        let (start, end) = match span.period {
            Some(Period::Week) => ("2020-01-06", "2020-01-12"),
            Some(Period::Month) => ("2020-01-01", "2020-01-31"),
            _ => match span.days.iter().min() {
                Some(6) => ("2020-01-01", "2020-01-07"),
                Some(29) => ("2020-01-01", "2020-01-30"),
                _ => ("2020-01-01", "2020-01-01"),
            },
        };
        for (wire, date) in [(&span.start.wire, start), (&span.end.wire, end)] {
            let compact = fields.iter().any(|f| &f.wire == wire && f.compact_date);
            if object.contains_key(wire.as_str()) {
                let text = if compact {
                    date.replace('-', "")
                } else {
                    date.to_owned()
                };
                object.insert(wire.clone(), json!(text));
            }
        }
    }
}
