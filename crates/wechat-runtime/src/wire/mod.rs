//! Serde building blocks of the generated types: lossless objects, forward-compatible enums,
//! numbers sent as strings, and tagged sum types.
//!
//! Generated structs decode with a hand-written visitor instead of `#[serde(flatten)]`: flatten
//! buffers every object into an intermediate tree, which costs more than the capture itself.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

pub use crate::dates::{check_span_rules, Period};

use serde::de::{self, Deserialize, Deserializer, IntoDeserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

mod date;
mod json_path;
mod number;
mod secret;

pub use date::{
    check_before_today, check_min_date, check_span, field_compact_date, field_date,
    format_compact_date, format_date, parse_compact_date, parse_date, today_in_china,
    AsCompactDate, AsDate,
};
pub use json_path::error_path;
pub use number::Float;
pub use secret::Secret;

/// Fields of an object that the spec does not document, kept in wire order so that decoding
/// then encoding loses nothing.
pub type Extra = Map<String, Value>;

/// An object key, borrowed from the input where possible.
pub struct Key<'de>(pub Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Reads the value of a documented field into `slot`. A JSON `null` reads as absent.
#[inline]
pub fn field<'de, A, T>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = map.next_value::<Option<T>>()?;
    Ok(())
}

/// Like [`field`], for a number that the wire may carry as a JSON string (`"128"`) or number.
pub fn field_str_num<'de, A, T>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: FromStr + Deserialize<'de>,
    T::Err: fmt::Display,
{
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = map.next_value::<Option<StrNum<T>>>()?.map(|n| n.0);
    Ok(())
}

/// The envelope error of a generated response: its `errcode`/`errmsg` fields (or, in the
/// `base_resp` envelope, those keys among the unknown fields, where token errors put them), else
/// `base_resp`.
pub fn envelope_error(
    errcode: Option<i64>,
    errmsg: Option<&str>,
    base_resp: Option<(Option<i64>, Option<&str>)>,
    extra: &Extra,
) -> Option<(i64, String)> {
    let code = errcode.or_else(|| extra.get("errcode").and_then(Value::as_i64));
    if let Some(code) = code.filter(|&c| c != 0) {
        let message = errmsg.or_else(|| extra.get("errmsg").and_then(Value::as_str));
        return Some((code, message.unwrap_or_default().to_owned()));
    }
    let (ret, err_msg) = base_resp?;
    let code = ret.filter(|&c| c != 0)?;
    Some((code, err_msg.unwrap_or_default().to_owned()))
}

/// Reads an undocumented field into `extra`. A key that came before is an error, as it is for
/// documented fields: keeping one of the two values would change the object silently.
pub fn extra<'de, A: MapAccess<'de>>(
    map: &mut A,
    extra: &mut Extra,
    key: Key<'de>,
) -> Result<(), A::Error> {
    if extra.contains_key(&*key.0) {
        return Err(de::Error::custom(format_args!(
            "duplicate field `{}`",
            key.0
        )));
    }
    let value = map.next_value::<Value>()?;
    extra.insert(key.0.into_owned(), value);
    Ok(())
}

/// An object read field by field through [`extra`], so that a duplicated key is an error.
struct StrictObject(Extra);

impl<'de> Deserialize<'de> for StrictObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor;
        impl<'de> Visitor<'de> for ObjectVisitor {
            type Value = StrictObject;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<StrictObject, A::Error> {
                let mut object = Extra::new();
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    extra(&mut map, &mut object, key)?;
                }
                Ok(StrictObject(object))
            }
        }
        deserializer.deserialize_map(ObjectVisitor)
    }
}

/// The fields of a known variant of a tagged union that is kept whole in the unknown variant
/// (it came with other fields): its content under `key`, then the `rest`. A second `key` in
/// `rest` is a duplicated content key, an error: merged into one object, the two would
/// re-encode as a known variant holding only one of them, or as JSON that no longer decodes.
pub fn unknown_variant_fields<E: de::Error>(
    key: &str,
    content: Value,
    rest: Extra,
) -> Result<Extra, E> {
    if rest.contains_key(key) {
        return Err(E::custom(format_args!("duplicate field `{key}`")));
    }
    let mut fields = Extra::with_capacity(rest.len() + 1);
    fields.insert(key.to_owned(), content);
    fields.extend(rest);
    Ok(fields)
}

/// The value of a required field, or serde's "missing field" error.
pub fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// Writes the undocumented fields after the documented ones.
pub fn write_extra<M: SerializeMap>(map: &mut M, extra: &Extra) -> Result<(), M::Error> {
    for (key, value) in extra {
        map.serialize_entry(key, value)?;
    }
    Ok(())
}

/// A number that decodes from a JSON number or a JSON string holding one.
#[derive(Debug)]
pub struct StrNum<T>(pub T);

impl<'de, T> Deserialize<'de> for StrNum<T>
where
    T: FromStr + Deserialize<'de>,
    T::Err: fmt::Display,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrNumVisitor(PhantomData))
    }
}

/// Reads [`StrNum`] in one pass (an untagged enum would buffer every value first), failing in
/// the visitor so that serde_json reports the error at the number's own position.
struct StrNumVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T> Visitor<'de> for StrNumVisitor<T>
where
    T: FromStr + Deserialize<'de>,
    T::Err: fmt::Display,
{
    type Value = StrNum<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, or a string holding one")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(StrNum)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(StrNum)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(StrNum)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        v.trim()
            .parse()
            .map(StrNum)
            .map_err(|err| E::custom(format!("invalid number string {v:?}: {err}")))
    }
}

/// Serializes a number as a JSON string, the way the wire sends it.
pub struct AsString<'a, T>(pub &'a T);

impl<T: fmt::Display> Serialize for AsString<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self.0)
    }
}

/// Decodes a string enum through `from_wire`, which maps unknown values to the unknown variant.
pub fn string_enum<'de, D, T>(deserializer: D, from_wire: fn(&str) -> T) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let value = Key::deserialize(deserializer)?;
    Ok(from_wire(&value.0))
}

/// A value as JSON, for a known variant kept in the unknown variant.
pub fn to_value<T: Serialize, E: de::Error>(value: &T) -> Result<Value, E> {
    serde_json::to_value(value).map_err(E::custom)
}

/// The content of a known variant: exactly one field, `key`, decoded as `T`. `None` when the
/// object has another shape, so that the caller keeps it whole in the unknown variant.
pub fn variant<T, E>(rest: &mut Extra, key: &str) -> Result<Option<T>, E>
where
    T: de::DeserializeOwned,
    E: de::Error,
{
    if rest.len() != 1 || !rest.contains_key(key) {
        return Ok(None);
    }
    let content = rest.remove(key).unwrap_or(Value::Null);
    serde_json::from_value(content)
        .map(Some)
        .map_err(|err| E::custom(format_args!("{key}: {err}")))
}

/// Serializes a known variant as `{"<tag>": tag_value, "<key>": content}`.
pub fn write_variant<S, T>(
    serializer: S,
    tag: &'static str,
    tag_value: &'static str,
    key: &'static str,
    content: &T,
) -> Result<S::Ok, S::Error>
where
    S: Serializer,
    T: Serialize,
{
    let mut map = serializer.serialize_map(Some(2))?;
    map.serialize_entry(tag, tag_value)?;
    map.serialize_entry(key, content)?;
    map.end()
}

/// Serializes an unknown variant: its tag, then every field it was decoded with.
pub fn write_unknown_variant<S: Serializer>(
    serializer: S,
    tag: &'static str,
    tag_value: &str,
    rest: &Extra,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(rest.len() + 1))?;
    map.serialize_entry(tag, tag_value)?;
    write_extra(&mut map, rest)?;
    map.end()
}

/// Reads one key of a flattened keyed union into `slot`, wrapping the content with `wrap`.
/// Two keys of the same union in one object are an error: the union holds exactly one.
pub fn keyed_field<'de, A, T, U>(
    map: &mut A,
    slot: &mut Option<U>,
    key: &'static str,
    wrap: fn(T) -> U,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    if slot.is_some() {
        return Err(de::Error::custom(format_args!(
            "`{key}` follows another key of the same union; only one may be present"
        )));
    }
    *slot = Some(wrap(map.next_value()?));
    Ok(())
}

/// Splits a keyed union `{"<key>": <content>}`: exactly one key.
pub fn one_key<'de, D: Deserializer<'de>>(deserializer: D) -> Result<(String, Value), D::Error> {
    let object = StrictObject::deserialize(deserializer)?.0;
    if object.len() != 1 {
        return Err(de::Error::invalid_length(
            object.len(),
            &"an object with exactly one key",
        ));
    }
    Ok(object.into_iter().next().unwrap_or_default())
}

/// Decodes the content of a known key of a keyed union.
pub fn content<T, E>(key: &str, value: Value) -> Result<T, E>
where
    T: de::DeserializeOwned,
    E: de::Error,
{
    serde_json::from_value(value).map_err(|err| E::custom(format_args!("{key}: {err}")))
}

/// Types that keep undocumented fields, and can say whether a documented one ended up there.
///
/// Generated round-trip tests use it: a type that swallowed documented fields as raw JSON would
/// round-trip, but fail this check.
pub trait Lossless {
    /// Appends to `out` the JSON path of every kept unknown field whose name the spec documents
    /// for the type that holds it.
    fn misplaced_fields(&self, path: &str, out: &mut Vec<String>);
}

impl<T: Lossless> Lossless for Option<T> {
    fn misplaced_fields(&self, path: &str, out: &mut Vec<String>) {
        if let Some(value) = self {
            value.misplaced_fields(path, out);
        }
    }
}

impl<T: Lossless> Lossless for Vec<T> {
    fn misplaced_fields(&self, path: &str, out: &mut Vec<String>) {
        for (i, value) in self.iter().enumerate() {
            value.misplaced_fields(&format!("{path}[{i}]"), out);
        }
    }
}

/// The [`Lossless`] check of one object: its kept fields against its documented names.
pub fn misplaced_in(extra: &Extra, documented: &[&str], path: &str, out: &mut Vec<String>) {
    out.extend(
        extra
            .keys()
            .filter(|key| documented.contains(&key.as_str()))
            .map(|key| format!("{path}.{key}")),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn str_num_accepts_a_number_or_a_string() {
        let n: StrNum<u64> = serde_json::from_str("128").unwrap();
        assert_eq!(n.0, 128);
        let s: StrNum<u64> = serde_json::from_str("\"128\"").unwrap();
        assert_eq!(s.0, 128);
        let err = serde_json::from_str::<StrNum<u64>>("\"12x\"").unwrap_err();
        assert!(err.to_string().contains("12x"), "{err}");
        assert!(serde_json::from_str::<StrNum<u32>>("\"99999999999\"").is_err());
    }

    #[test]
    fn numbers_sent_as_strings_are_written_as_strings() {
        let json = serde_json::to_string(&AsString(&5178368698_i64)).unwrap();
        assert_eq!(json, "\"5178368698\"");
    }

    #[test]
    fn numbers_in_strings_fail_at_their_own_path() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Row {
            n: StrNum<i64>,
        }
        let text = br#"{"rows":[{"n":"7"},{"n":"seven"}]}"#;
        let err = serde_json::from_slice::<std::collections::BTreeMap<String, Vec<Row>>>(text)
            .unwrap_err();
        assert!(err.to_string().contains("invalid number string"), "{err}");
        assert_eq!(error_path(text, &err), "rows[1].n");
        let n: StrNum<i64> = serde_json::from_str(" \" 12\"").unwrap();
        assert_eq!(n.0, 12);
        assert!(serde_json::from_str::<StrNum<i64>>("1.5").is_err());
        assert!(serde_json::from_str::<StrNum<i64>>("18446744073709551615").is_err());
    }

    #[test]
    fn duplicated_keys_are_errors() {
        let err = one_key(&mut serde_json::Deserializer::from_str(r#"{"a":1,"a":2}"#)).unwrap_err();
        assert!(err.to_string().contains("duplicate field `a`"), "{err}");
        let (key, value) = one_key(&mut serde_json::Deserializer::from_str(r#"{"a":1}"#)).unwrap();
        assert_eq!((key.as_str(), value), ("a", Value::from(1)));

        let mut rest = Extra::new();
        rest.insert("x".into(), Value::from(1));
        let fields =
            unknown_variant_fields::<serde_json::Error>("discount", Value::from(2), rest.clone())
                .unwrap();
        assert_eq!(fields.keys().collect::<Vec<_>>(), ["discount", "x"]);
        rest.insert("discount".into(), Value::from(3));
        assert!(
            unknown_variant_fields::<serde_json::Error>("discount", Value::from(2), rest).is_err()
        );
    }

    #[test]
    fn unknown_fields_keep_wire_order() {
        // `Extra` must keep the order fields came in, whatever other crates enable.
        let extra: Extra = serde_json::from_str(r#"{"z":1,"a":2,"m":3}"#).unwrap();
        assert_eq!(extra.keys().collect::<Vec<_>>(), ["z", "a", "m"]);
    }

    #[test]
    fn a_type_that_swallows_documented_fields_is_caught() {
        let mut extra = Extra::new();
        extra.insert("planId".into(), Value::from("1"));
        extra.insert("unknownField".into(), Value::from(1));
        let mut out = Vec::new();
        misplaced_in(&extra, &["planId", "planStatus"], ".plan", &mut out);
        assert_eq!(out, vec![".plan.planId".to_owned()]);
    }
}
