//! Conformance of JSON values to spec types, shared by the generator's example checks, the
//! mock server's request checks and the tools: whether a value decodes the way the generated
//! code decodes it ([`fits`]), and whether it respects the documented limits
//! ([`within_limits`]).

use serde_json::{Map, Value};

pub use crate::dates::parse_date;
use crate::dates::{parse_any_date, parse_compact_date, span_problem};
use crate::ir::{Field, Type, TypeBody, TypeRef};

fn integer_fits(ty: &TypeRef, n: &serde_json::Number) -> bool {
    match ty {
        TypeRef::I32 => n.as_i64().is_some_and(|v| i32::try_from(v).is_ok()),
        TypeRef::I64 => n.as_i64().is_some(),
        TypeRef::U32 => n.as_u64().is_some_and(|v| u32::try_from(v).is_ok()),
        TypeRef::U64 => n.as_u64().is_some(),
        _ => false,
    }
}

/// Whether `value` decodes as `ty`; the error names the JSON path of the first mismatch.
pub fn fits(
    types: &[Type],
    value: &Value,
    ty: &TypeRef,
    as_string: bool,
    path: &str,
) -> Result<(), String> {
    let at = |what: &str| {
        let shown = if path.is_empty() { "." } else { path };
        Err(format!("at {shown}: expected {what}, found {value}"))
    };
    match ty {
        TypeRef::String => value
            .is_string()
            .then_some(())
            .map_or_else(|| at("a string"), Ok),
        TypeRef::Bool => value
            .is_boolean()
            .then_some(())
            .map_or_else(|| at("a boolean"), Ok),
        TypeRef::F64 => value
            .is_number()
            .then_some(())
            .map_or_else(|| at("a number"), Ok),
        TypeRef::Json => Ok(()),
        TypeRef::Date => match value.as_str() {
            Some(text) if is_date(text) => Ok(()),
            _ => at("a date as yyyy-mm-dd"),
        },
        TypeRef::Secret => value
            .is_string()
            .then_some(())
            .map_or_else(|| at("a string"), Ok),
        TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 => {
            let ok = match value {
                Value::Number(n) => integer_fits(ty, n),
                Value::String(s) if as_string => s
                    .trim()
                    .parse::<serde_json::Number>()
                    .is_ok_and(|n| integer_fits(ty, &n)),
                _ => false,
            };
            if ok {
                Ok(())
            } else if as_string {
                at("an integer, as a number or a string")
            } else {
                at("an integer in range (set `wire: string` if the doc sends it as a string)")
            }
        }
        TypeRef::List(inner) => match value {
            Value::Array(items) => items.iter().enumerate().try_for_each(|(i, item)| {
                fits(types, item, inner, as_string, &format!("{path}[{i}]"))
            }),
            _ => at("an array"),
        },
        TypeRef::Named(id) => {
            let t = &types[id.0];
            let name = &t.name;
            match &t.body {
                TypeBody::Struct(fields) => {
                    let Value::Object(object) = value else {
                        return at(&format!("a `{name}` object"));
                    };
                    for f in fields {
                        if f.flatten {
                            flattened_fits(types, object, f, path)?;
                            continue;
                        }
                        let fpath = format!("{path}.{}", f.wire);
                        match object.get(&f.wire) {
                            // A request's secret is only signed with: never on the wire, even
                            // required ([`sent_secret`] refuses it there).
                            None if f.ty == TypeRef::Secret => {}
                            Some(Value::String(text))
                                if f.compact_date && parse_compact_date(text).is_none() =>
                            {
                                return Err(format!(
                                    "at {fpath}: expected a date as yyyymmdd, found {text:?}"
                                ))
                            }
                            Some(Value::String(_)) if f.compact_date => {}
                            None if f.required => {
                                return Err(format!("at {fpath}: required field is missing"))
                            }
                            None => {}
                            Some(Value::Null) => {
                                return Err(format!(
                                    "at {fpath}: null reads as absent and would not round-trip"
                                ))
                            }
                            Some(v) => fits(types, v, &f.ty, f.as_string, &fpath)?,
                        }
                    }
                    Ok(())
                }
                TypeBody::StringEnum(_) => value
                    .is_string()
                    .then_some(())
                    .map_or_else(|| at("a string"), Ok),
                TypeBody::IntEnum(_) => {
                    let ok = value.is_i64()
                        || value
                            .as_str()
                            .is_some_and(|s| s.trim().parse::<i64>().is_ok());
                    if ok {
                        Ok(())
                    } else {
                        at("an integer")
                    }
                }
                TypeBody::Union {
                    tag: Some(tag),
                    variants,
                } => {
                    let Value::Object(object) = value else {
                        return at(&format!("a `{name}` object"));
                    };
                    let Some(tag_value) = object.get(tag).and_then(Value::as_str) else {
                        return Err(format!(
                            "at {path}.{tag}: the tag is missing or not a string"
                        ));
                    };
                    let Some(v) = variants
                        .iter()
                        .find(|v| v.tag.as_deref() == Some(tag_value))
                    else {
                        return Ok(()); // kept whole by the unknown variant
                    };
                    match object.get(&v.key) {
                        Some(content) if object.len() == 2 => fits(
                            types,
                            content,
                            &TypeRef::Named(v.ty),
                            false,
                            &format!("{path}.{}", v.key),
                        ),
                        // Another shape decodes into the unknown variant, whole.
                        _ => Ok(()),
                    }
                }
                TypeBody::Union {
                    tag: None,
                    variants,
                } => match value {
                    Value::Object(object) if object.len() == 1 => {
                        let Some((key, content)) = object.iter().next() else {
                            return at("an object with one key");
                        };
                        match variants.iter().find(|v| &v.key == key) {
                            Some(v) => fits(
                                types,
                                content,
                                &TypeRef::Named(v.ty),
                                false,
                                &format!("{path}.{key}"),
                            ),
                            None => Ok(()), // kept by the unknown variant
                        }
                    }
                    _ => at(&format!("a `{name}` object with exactly one key")),
                },
            }
        }
    }
}

/// The first `secret` field of request type `ty` that `value` sends: a request's secrets are
/// only signed with, never sent.
pub fn sent_secret(types: &[Type], value: &Value, ty: &TypeRef) -> Option<String> {
    let (TypeRef::Named(id), Value::Object(object)) = (ty, value) else {
        return None;
    };
    let TypeBody::Struct(fields) = &types[id.0].body else {
        return None;
    };
    fields
        .iter()
        .find(|f| f.ty == TypeRef::Secret && object.contains_key(&f.wire))
        .map(|f| {
            format!(
                "at .{}: a secret is never sent; the client signs with it",
                f.wire
            )
        })
}

/// Whether `text` looks like a `yyyy-mm-dd` date (month 1-12, day 1-31): a spec check, the
/// runtime's parser is the one that decides what a real date is.
fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let number = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    match parts.as_slice() {
        [y, m, d] => {
            number(y, 4).is_some()
                && number(m, 2).is_some_and(|m| (1..=12).contains(&m))
                && number(d, 2).is_some_and(|d| (1..=31).contains(&d))
        }
        _ => false,
    }
}

/// A flattened keyed union in `object`: at most one of its keys, whose content fits.
fn flattened_fits(
    types: &[Type],
    object: &Map<String, Value>,
    f: &Field,
    path: &str,
) -> Result<(), String> {
    let keys = f.wire_keys(types);
    let present: Vec<&str> = keys
        .iter()
        .copied()
        .filter(|k| object.contains_key(*k))
        .collect();
    match present.as_slice() {
        [] if f.required => Err(format!("at {path}: one of {keys:?} is required")),
        [] => Ok(()),
        [key] => {
            let mut single = Map::new();
            single.insert((*key).to_owned(), object[*key].clone());
            fits(types, &Value::Object(single), &f.ty, false, path)
        }
        _ => Err(format!("at {path}: only one of {present:?} may be present")),
    }
}

/// Which documented limit a value breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LimitKind {
    /// A string over its `max_len`.
    TooLong,
    /// A number outside its `min`/`max`.
    OutOfRange,
    /// A date before its `min_date`.
    TooEarly,
    /// A date that is not before today (China time), for data that exists only once a day is
    /// over.
    NotBeforeToday,
    /// Two dates too far apart, in the wrong order, or breaking a `days` or `period` rule
    /// (`date_spans`).
    DateSpan,
}

/// A documented limit that a value breaks, with the JSON path in the message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// Which kind of limit.
    pub kind: LimitKind,
    /// What is wrong, and where.
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

fn violation(kind: LimitKind, message: String) -> Result<(), Violation> {
    Err(Violation { kind, message })
}

fn integer_of(value: &Value) -> Option<i64> {
    value
        .as_i64()
        .or_else(|| value.as_str().and_then(|s| s.trim().parse().ok()))
}

/// A date in either wire form: `fits` has checked each field's own form already.
fn date_of(value: &Value) -> Option<time::Date> {
    value.as_str().and_then(parse_any_date)
}

/// Whether one field's value respects the field's own limits.
fn field_within(
    f: &Field,
    v: &Value,
    fpath: &str,
    today: Option<time::Date>,
) -> Result<(), Violation> {
    if let (Some(max), Some(text)) = (f.max_len, v.as_str()) {
        let len = text.chars().count();
        if len > max as usize {
            return violation(
                LimitKind::TooLong,
                format!("at {fpath}: {len} characters, over the documented {max}"),
            );
        }
    }
    if let Some(n) = integer_of(v).filter(|_| f.min.is_some() || f.max.is_some()) {
        if f.min.is_some_and(|min| n < min) || f.max.is_some_and(|max| n > max) {
            let range = match (f.min, f.max) {
                (Some(min), Some(max)) => format!("{min} to {max}"),
                (Some(min), None) => format!("at least {min}"),
                (None, Some(max)) => format!("at most {max}"),
                (None, None) => unreachable!("filtered above"),
            };
            return violation(
                LimitKind::OutOfRange,
                format!("at {fpath}: {n}, outside the documented {range}"),
            );
        }
    }
    if let Some(date) = date_of(v) {
        let min = f.min_date.as_deref().and_then(parse_date);
        if let Some(min) = min.filter(|min| date < *min) {
            return violation(
                LimitKind::TooEarly,
                format!("at {fpath}: {date}, before the documented {min}"),
            );
        }
        if let Some(today) = today.filter(|today| f.before_today && date >= *today) {
            return violation(
                LimitKind::NotBeforeToday,
                format!("at {fpath}: {date}, not before today ({today}, China time)"),
            );
        }
    }
    Ok(())
}

/// Whether `value` (a `ty`) respects every documented limit: `max_len`, `min`/`max`,
/// `min_date`, `date_spans`, and `before_today` when `today` is given (the generator leaves it
/// out, so that what it writes does not depend on the day). Types are assumed to fit already;
/// the error names the first value that breaks a limit.
pub fn within_limits(
    types: &[Type],
    value: &Value,
    ty: &TypeRef,
    path: &str,
    today: Option<time::Date>,
) -> Result<(), Violation> {
    match (ty, value) {
        (TypeRef::List(inner), Value::Array(items)) => {
            items.iter().enumerate().try_for_each(|(i, item)| {
                within_limits(types, item, inner, &format!("{path}[{i}]"), today)
            })
        }
        (TypeRef::Named(id), Value::Object(object)) => {
            let t = &types[id.0];
            match &t.body {
                TypeBody::Struct(fields) => {
                    fields.iter().try_for_each(|f| {
                        if f.flatten {
                            return f
                                .wire_keys(types)
                                .into_iter()
                                .filter(|k| object.contains_key(*k))
                                .try_for_each(|k| {
                                    let mut single = Map::new();
                                    single.insert(k.to_owned(), object[k].clone());
                                    within_limits(types, &Value::Object(single), &f.ty, path, today)
                                });
                        }
                        let Some(v) = object.get(&f.wire) else {
                            return Ok(());
                        };
                        let fpath = format!("{path}.{}", f.wire);
                        field_within(f, v, &fpath, today)?;
                        within_limits(types, v, &f.ty, &fpath, today)
                    })?;
                    t.date_spans.iter().try_for_each(|span| {
                        let date = |f: &str| object.get(f).and_then(date_of);
                        let (Some(start), Some(end)) =
                            (date(&span.start.wire), date(&span.end.wire))
                        else {
                            return Ok(());
                        };
                        match span_problem(span, start, end) {
                            Some(problem) => violation(
                                LimitKind::DateSpan,
                                format!("at {path}.{}: {problem}", span.end.wire),
                            ),
                            None => Ok(()),
                        }
                    })
                }
                TypeBody::Union { tag, variants } => variants.iter().try_for_each(|v| {
                    let tagged = tag
                        .as_ref()
                        .is_none_or(|t| object.get(t).and_then(Value::as_str) == v.tag.as_deref());
                    match object.get(&v.key) {
                        Some(content) if tagged => within_limits(
                            types,
                            content,
                            &TypeRef::Named(v.ty),
                            &format!("{path}.{}", v.key),
                            today,
                        ),
                        _ => Ok(()),
                    }
                }),
                _ => Ok(()),
            }
        }
        _ => Ok(()),
    }
}

/// What `value` holds that `ty` does not document: object keys no field has (`.list[].foo`)
/// and enum values no variant lists (`.status = "NEW"`), each path once, in order. Types are
/// assumed to fit already. A doc example that shows such things either documents a field the
/// spec lacks, or records them as undocumented with a note.
pub fn undocumented(
    types: &[Type],
    value: &Value,
    ty: &TypeRef,
    path: &str,
    out: &mut Vec<String>,
) {
    fn push(out: &mut Vec<String>, item: String) {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    match (ty, value) {
        (TypeRef::List(inner), Value::Array(items)) => {
            let path = format!("{path}[]");
            for item in items {
                undocumented(types, item, inner, &path, out);
            }
        }
        (TypeRef::Named(id), _) => match (&types[id.0].body, value) {
            (TypeBody::Struct(fields), Value::Object(object)) => {
                for (key, v) in object {
                    let field = fields
                        .iter()
                        .find(|f| f.wire_keys(types).contains(&key.as_str()));
                    match field {
                        Some(f) if f.flatten => {
                            let mut single = Map::new();
                            single.insert(key.clone(), v.clone());
                            undocumented(types, &Value::Object(single), &f.ty, path, out);
                        }
                        Some(f) => undocumented(types, v, &f.ty, &format!("{path}.{key}"), out),
                        None => push(out, format!("{path}.{key}")),
                    }
                }
            }
            (TypeBody::StringEnum(values), Value::String(s))
                if !values.iter().any(|v| v.value == *s) =>
            {
                push(out, format!("{path} = {value}"));
            }
            (TypeBody::IntEnum(values), _) => {
                let n = value
                    .as_i64()
                    .or_else(|| value.as_str().and_then(|s| s.trim().parse().ok()));
                if n.is_some_and(|n| !values.iter().any(|v| v.value == n)) {
                    push(out, format!("{path} = {value}"));
                }
            }
            (TypeBody::Union { tag, variants }, Value::Object(object)) => {
                let tagged = tag.as_ref().and_then(|t| object.get(t).map(|v| (t, v)));
                for (key, v) in object {
                    if tag.as_deref() == Some(key.as_str()) {
                        continue;
                    }
                    let variant = variants.iter().find(|x| {
                        x.key == *key && tagged.is_none_or(|(_, t)| t.as_str() == x.tag.as_deref())
                    });
                    match variant {
                        Some(x) => undocumented(
                            types,
                            v,
                            &TypeRef::Named(x.ty),
                            &format!("{path}.{key}"),
                            out,
                        ),
                        None => push(out, format!("{path}.{key}")),
                    }
                }
                if let Some((t, v)) = tagged {
                    if !variants.iter().any(|x| x.tag.as_deref() == v.as_str()) {
                        push(out, format!("{path}.{t} = {v}"));
                    }
                }
            }
            _ => {}
        },
        _ => {}
    }
}
