//! What the (de)serialization of every generated struct and open enum has in common, written
//! once: a struct describes its fields ([`Object`]) and this module's visitor and writer do the
//! rest, so that each generated type compiles only what is its own.
//!
//! A struct decodes with one visitor of its own (no `#[serde(flatten)]`, which buffers every
//! object into an intermediate tree): documented keys go to their slots, the others to
//! [`Extra`] in wire order.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::wire::{self, Extra, Key};
use crate::ValidationError;

/// A generated struct, as the shared visitor and writer see it.
pub trait Object: Sized {
    /// The type's name, for "expected a ... object".
    const NAME: &'static str;
    /// The documented wire keys in declaration order (each key of a flattened union counts).
    const KEYS: &'static [&'static str];
    /// The fields while decoding, each an `Option`.
    type Slots;
    /// Slots with nothing read yet.
    fn slots() -> Self::Slots;
    /// A documented key, found once (while the key is still borrowed from the input) and then
    /// matched as a number.
    type Key;
    /// The documented key named `name`, if any.
    fn key(name: &str) -> Option<Self::Key>;
    /// Reads the value of `key` into its slot.
    fn read<'de, A: MapAccess<'de>>(
        slots: &mut Self::Slots,
        key: Self::Key,
        map: &mut A,
    ) -> Result<(), A::Error>;
    /// The value from its slots; a missing required field is an error.
    fn build<E: de::Error>(slots: Self::Slots, extra: Extra) -> Result<Self, E>;
    /// Writes the documented fields that are set, in declaration order.
    fn write<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;
    /// The kept undocumented fields.
    fn extra(&self) -> &Extra;
    /// The [`crate::wire::Lossless`] check of the nested types; none by default.
    fn nested(&self, _path: &str, _out: &mut Vec<String>) {}
}

/// `Deserialize` of an [`Object`].
pub fn deserialize<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} object", T::NAME)
    }

    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut slots = T::slots();
        let mut extra = Extra::new();
        // An undocumented key is left here by the seed, so that a documented one, the common
        // case, comes back as a small value.
        let mut unknown = None;
        while let Some(key) = map.next_key_seed(KeySeed::<T>(&mut unknown, PhantomData))? {
            match key {
                Some(key) => T::read(&mut slots, key, &mut map)?,
                None => {
                    let key = unknown.take().unwrap_or(Key(Cow::Borrowed("")));
                    wire::extra(&mut map, &mut extra, key)?;
                }
            }
        }
        T::build(slots, extra)
    }
}

/// Reads a key: a documented one as `Some(T::Key)`; another as `None`, leaving it in the
/// `Option` the seed holds.
struct KeySeed<'a, 'de, T>(&'a mut Option<Key<'de>>, PhantomData<fn() -> T>);

impl<'de, T: Object> DeserializeSeed<'de> for KeySeed<'_, 'de, T> {
    type Value = Option<T::Key>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de, T: Object> Visitor<'de> for KeySeed<'_, 'de, T> {
    type Value = Option<T::Key>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }
    #[inline]
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        let key = T::key(v);
        if key.is_none() {
            *self.0 = Some(Key(Cow::Borrowed(v)));
        }
        Ok(key)
    }
    #[inline]
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let key = T::key(v);
        if key.is_none() {
            *self.0 = Some(Key(Cow::Owned(v.to_owned())));
        }
        Ok(key)
    }
}

/// `Serialize` of an [`Object`]: the documented fields, then the kept ones.
pub fn serialize<T: Object, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    value.write(&mut map)?;
    wire::write_extra(&mut map, value.extra())?;
    map.end()
}

/// `Lossless` of an [`Object`]: its own kept fields, then its nested types'.
pub fn misplaced<T: Object>(value: &T, path: &str, out: &mut Vec<String>) {
    wire::misplaced_in(value.extra(), T::KEYS, path, out);
    value.nested(path, out);
}

/// Writes an object's documented fields, keeping the first error and skipping what follows it,
/// so that a generated `write` is one call per field.
pub struct Fields<'a, M: SerializeMap> {
    map: &'a mut M,
    error: Option<M::Error>,
}

impl<'a, M: SerializeMap> Fields<'a, M> {
    /// Writes into `map`.
    #[inline]
    pub fn new(map: &'a mut M) -> Self {
        Fields { map, error: None }
    }
    /// Writes `key: value`.
    #[inline]
    pub fn req<V: Serialize + ?Sized>(&mut self, key: &'static str, value: &V) {
        self.with(|map| map.serialize_entry(key, value));
    }
    /// Writes `key: value` when the value is set.
    #[inline]
    pub fn opt<V: Serialize>(&mut self, key: &'static str, value: &Option<V>) {
        if let Some(value) = value {
            self.req(key, value);
        }
    }
    /// Writes entries of its own with `write` (a flattened union's).
    #[inline]
    pub fn with(&mut self, write: impl FnOnce(&mut M) -> Result<(), M::Error>) {
        if self.error.is_none() {
            self.error = write(self.map).err();
        }
    }
    /// The first error, if any.
    #[inline]
    pub fn end(self) -> Result<(), M::Error> {
        self.error.map_or(Ok(()), Err)
    }
}

/// The [`crate::wire::Lossless`] check of a nested field at `path.wire` (at `path` itself for
/// a flattened union, whose `wire` is empty).
pub fn nested<T: crate::wire::Lossless + ?Sized>(
    value: &T,
    path: &str,
    wire: &str,
    out: &mut Vec<String>,
) {
    if wire.is_empty() {
        value.misplaced_fields(path, out);
    } else {
        value.misplaced_fields(&format!("{path}.{wire}"), out);
    }
}

/// A generated struct's [`Object`] impl and, through it, its `Serialize`, `Deserialize` and
/// `Lossless`, from one line per field, `req::<Type>(name, "wire")` or `opt::<..>(..)`, with
/// `str_num`, `date`, `compact_date` or `nested` after the wire name where it applies (`str_num`: a
/// number the wire may send as a string; `date`: `yyyy-mm-dd`; `compact_date`: `yyyymmdd`; `nested`: a
/// generated type, checked by `Lossless`).
#[macro_export]
#[doc(hidden)]
macro_rules! object {
    // Every field optional (the type derives `Default`): the value itself holds the slots.
    ($name:ident, $(opt::<$ty:ty>($field:ident, $wire:literal $(, $how:ident)?)),* $(,)?) => {
        const _: () = {
            $crate::__object_keys!($($field, $wire),*);
            impl $crate::codegen::Object for $name {
                const NAME: &'static str = ::core::stringify!($name);
                const KEYS: &'static [&'static str] = &[$($wire),*];
                type Slots = Self;
                #[inline]
                fn slots() -> Self {
                    ::core::default::Default::default()
                }
                $crate::__object_read_fns!($($field, $wire $(, $how)?);*);
                #[inline]
                fn build<E: $crate::codegen::DeError>(
                    s: Self,
                    extra: $crate::codegen::Extra,
                ) -> ::core::result::Result<Self, E> {
                    ::core::result::Result::Ok(Self { extra, ..s })
                }
                $crate::__object_common!($($wire, $field, opt $(, $how)?);*);
            }
        };
        $crate::object_impls!($name);
    };
    ($name:ident, $($req:ident::<$ty:ty>($field:ident, $wire:literal $(, $how:ident)?)),* $(,)?) => {
        const _: () = {
            $crate::__object_keys!($($field, $wire),*);
            // Unnameable outside this block; `pub` only because `Object::Slots` names it.
            pub struct Slots {
                $($field: ::core::option::Option<$ty>,)*
            }
            impl $crate::codegen::Object for $name {
                const NAME: &'static str = ::core::stringify!($name);
                const KEYS: &'static [&'static str] = &[$($wire),*];
                type Slots = Slots;
                #[inline]
                fn slots() -> Slots {
                    Slots { $($field: ::core::option::Option::None,)* }
                }
                $crate::__object_read_fns!($($field, $wire $(, $how)?);*);
                fn build<E: $crate::codegen::DeError>(
                    s: Slots,
                    extra: $crate::codegen::Extra,
                ) -> ::core::result::Result<Self, E> {
                    ::core::result::Result::Ok(Self {
                        $($field: $crate::__object_take!(s.$field, $wire, $req),)*
                        extra,
                    })
                }
                $crate::__object_common!($($wire, $field, $req $(, $how)?);*);
            }
        };
        $crate::object_impls!($name);
    };
}

/// The `write`, `extra` and `nested` of [`object!`]'s two forms.
#[macro_export]
#[doc(hidden)]
macro_rules! __object_common {
    ($($wire:literal, $field:ident, $req:ident $(, $how:ident)?);*) => {
        fn write<M: $crate::codegen::SerializeMap>(
            &self,
            map: &mut M,
        ) -> ::core::result::Result<(), M::Error> {
            let mut w = $crate::codegen::object::Fields::new(map);
            $($crate::__object_put!(w, $wire, &self.$field, $req $(, $how)?);)*
            w.end()
        }
        #[inline]
        fn extra(&self) -> &$crate::codegen::Extra {
            &self.extra
        }
        #[inline]
        fn nested(&self, path: &str, out: &mut ::std::vec::Vec<::std::string::String>) {
            let _ = (path, &out);
            $($crate::__object_nested!(&self.$field, path, out, $wire $(, $how)?);)*
        }
    };
}

/// [`object!`]'s key type: one variant per documented field.
#[macro_export]
#[doc(hidden)]
macro_rules! __object_keys {
    ($($field:ident, $wire:literal),*) => {
        // Unnameable outside the block it is expanded in; `pub` because `Object::Key` names it.
        #[allow(non_camel_case_types)]
        pub enum Field {
            $($field,)*
        }
    };
}

/// [`object!`]'s `Key`, `key` and `read`.
#[macro_export]
#[doc(hidden)]
macro_rules! __object_read_fns {
    ($($field:ident, $wire:literal $(, $how:ident)?);*) => {
        type Key = Field;
        #[inline]
        fn key(name: &str) -> ::core::option::Option<Field> {
            match name {
                $($wire => ::core::option::Option::Some(Field::$field),)*
                _ => ::core::option::Option::None,
            }
        }
        #[inline]
        fn read<'de, A: $crate::codegen::MapAccess<'de>>(
            s: &mut Self::Slots,
            key: Field,
            map: &mut A,
        ) -> ::core::result::Result<(), A::Error> {
            match key {
                $(Field::$field => $crate::__object_read!(map, &mut s.$field, $wire $(, $how)?),)*
            }
        }
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! __object_read {
    ($map:ident, $slot:expr, $wire:literal $(, nested)?) => {
        $crate::codegen::wire::field($map, $slot, $wire)
    };
    ($map:ident, $slot:expr, $wire:literal, str_num) => {
        $crate::codegen::wire::field_str_num($map, $slot, $wire)
    };
    ($map:ident, $slot:expr, $wire:literal, date) => {
        $crate::codegen::wire::field_date($map, $slot, $wire)
    };
    ($map:ident, $slot:expr, $wire:literal, compact_date) => {
        $crate::codegen::wire::field_compact_date($map, $slot, $wire)
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! __object_take {
    ($slot:expr, $wire:literal, req) => {
        $crate::codegen::wire::required::<_, E>($slot, $wire)?
    };
    ($slot:expr, $wire:literal, opt) => {
        $slot
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! __object_put {
    ($w:ident, $wire:literal, $value:expr, req $(, nested)?) => {
        $w.req($wire, $value)
    };
    ($w:ident, $wire:literal, $value:expr, opt $(, nested)?) => {
        $w.opt($wire, $value)
    };
    ($w:ident, $wire:literal, $value:expr, req, $how:ident) => {
        $w.req($wire, &$crate::__object_as!($how, $value))
    };
    ($w:ident, $wire:literal, $value:expr, opt, $how:ident) => {
        $w.opt(
            $wire,
            &($value).as_ref().map(|v| $crate::__object_as!($how, v)),
        )
    };
}

/// The wire form a field is written in: [`object!`]'s `str_num`, `date` or `compact_date`.
#[macro_export]
#[doc(hidden)]
macro_rules! __object_as {
    (str_num, $value:expr) => {
        $crate::codegen::wire::AsString($value)
    };
    (date, $value:expr) => {
        $crate::codegen::wire::AsDate($value)
    };
    (compact_date, $value:expr) => {
        $crate::codegen::wire::AsCompactDate($value)
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! __object_nested {
    ($value:expr, $path:ident, $out:ident, $wire:literal, nested) => {
        $crate::codegen::object::nested($value, $path, $wire, $out)
    };
    ($value:expr, $path:ident, $out:ident, $wire:literal $(, $how:ident)?) => {};
}

/// Decodes an integer enum through `from_wire`, from a JSON number or a string holding one
/// (several docs declare integer codes as strings).
pub fn int_enum<'de, D, T>(deserializer: D, from_wire: fn(i64) -> T) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    <crate::wire::StrNum<i64> as serde::Deserialize>::deserialize(deserializer)
        .map(|n| from_wire(n.0))
}

/// The check of a documented maximum length, in characters; an unset value passes.
pub fn check_len(field: &str, value: Option<&str>, max: usize) -> Result<(), ValidationError> {
    let Some(value) = value else { return Ok(()) };
    let count = value.chars().count();
    if count > max {
        return Err(ValidationError::new(
            field,
            format!("at most {max} characters"),
            format!("{value:?} ({count} characters)"),
        ));
    }
    Ok(())
}

/// The check of a documented range of a number; an unset value passes.
pub fn check_range(
    field: &str,
    value: Option<i128>,
    min: Option<i128>,
    max: Option<i128>,
) -> Result<(), ValidationError> {
    let Some(value) = value else { return Ok(()) };
    if let Some(min) = min.filter(|&min| value < min) {
        return Err(ValidationError::new(
            field,
            format!("at least {min}"),
            value.to_string(),
        ));
    }
    if let Some(max) = max.filter(|&max| value > max) {
        return Err(ValidationError::new(
            field,
            format!("at most {max}"),
            value.to_string(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_enums_accept_numbers_and_numeric_strings() {
        let read = |json: &str| int_enum(&mut serde_json::Deserializer::from_str(json), |v| v);
        assert_eq!(read("2").unwrap(), 2);
        assert_eq!(read("-1").unwrap(), -1);
        assert_eq!(read("\" 999\"").unwrap(), 999);
        let err = read("\"two\"").unwrap_err();
        assert!(err.to_string().contains("invalid number string"), "{err}");
        assert!(read("1.5").is_err());
        assert!(read("true").is_err());
        assert!(read("18446744073709551615").is_err());
    }
}
