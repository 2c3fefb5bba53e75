//! The macros of generated code besides `object!`: open enums' conversions and trait impls,
//! structs' trait impls through `Object`, and request types' setters. Each expands to what a
//! type would otherwise spell out, so that generated files hold only what is the type's own.

/// The `Serialize`, `Deserialize` and `Lossless` impls of generated structs, each through its
/// [`Object`](crate::object::Object) impl.
#[macro_export]
#[doc(hidden)]
macro_rules! object_impls {
    ($($name:ident),* $(,)?) => {$(
        impl $crate::codegen::Serialize for $name {
            fn serialize<S: $crate::codegen::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::codegen::object::serialize(self, serializer)
            }
        }
        impl<'de> $crate::codegen::Deserialize<'de> for $name {
            fn deserialize<D: $crate::codegen::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::codegen::object::deserialize(deserializer)
            }
        }
        impl $crate::codegen::Lossless for $name {
            #[inline]
            fn misplaced_fields(&self, path: &str, out: &mut ::std::vec::Vec<::std::string::String>) {
                $crate::codegen::object::misplaced(self, path, out)
            }
        }
    )*};
}

/// A generated string enum's `as_str` and `from_wire`, from `Variant = "value"` pairs, and its
/// `Display`, `Serialize` and `Deserialize` through them.
#[macro_export]
#[doc(hidden)]
macro_rules! string_enum {
    ($name:ident, $($variant:ident = $value:literal),* $(,)?) => {
        impl $name {
            /// The value as sent on the wire.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => value,
                }
            }
            /// The variant for a wire value; unknown values give `Unknown`.
            #[inline]
            pub fn from_wire(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }
        $crate::string_enum_impls!($name);
    };
}

/// A generated integer enum's `code` and `from_wire`, from `Variant = value` pairs, and its
/// `Display`, `Serialize` and `Deserialize` through them.
#[macro_export]
#[doc(hidden)]
macro_rules! int_enum {
    ($name:ident, $($variant:ident = $value:literal),* $(,)?) => {
        impl $name {
            /// The value as sent on the wire.
            #[inline]
            pub fn code(&self) -> i64 {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => *value,
                }
            }
            /// The variant for a wire value; unknown values give `Unknown`.
            #[inline]
            pub fn from_wire(value: i64) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Unknown(other),
                }
            }
        }
        $crate::int_enum_impls!($name);
    };
}

/// A generated crate's `ErrorCode` methods, from `Variant = code` pairs and the crate's table
/// of documented codes (`$table`).
#[macro_export]
#[doc(hidden)]
macro_rules! error_code {
    ($name:ident, $table:ident, $($variant:ident = $code:literal),* $(,)?) => {
        impl $name {
            /// The numeric code.
            #[inline]
            pub fn code(&self) -> i64 {
                match self {
                    $(Self::$variant => $code,)*
                    Self::Other(code) => *code,
                }
            }
            /// The variant for a numeric code.
            #[inline]
            pub fn from_code(code: i64) -> Self {
                match code {
                    $($code => Self::$variant,)*
                    other => Self::Other(other),
                }
            }
            /// The documented entry: meaning, stable name and retry kind. The same entry the
            /// runtime reads, so an error's `meaning` and this one agree.
            #[inline]
            pub fn info(&self) -> ::core::option::Option<&'static $crate::ErrorCodeInfo> {
                $crate::ErrorCodeInfo::lookup($table, self.code())
            }
            /// The documented meaning, for documented codes.
            #[inline]
            pub fn meaning(&self) -> ::core::option::Option<&'static str> {
                self.info().map(|info| info.meaning)
            }
            /// What the runtime does when WeChat answers this code.
            #[inline]
            pub fn retry_kind(&self) -> $crate::RetryKind {
                self.info().map_or($crate::RetryKind::Never, |info| info.retry)
            }
            /// The code of `error`, when WeChat answered with one.
            #[inline]
            pub fn of(error: &$crate::Error) -> ::core::option::Option<Self> {
                error.code().map(Self::from_code)
            }
        }
    };
}

/// `Display`, `Serialize` and `Deserialize` of generated string enums, through their
/// `as_str` and `from_wire`.
#[macro_export]
#[doc(hidden)]
macro_rules! string_enum_impls {
    ($($name:ident),* $(,)?) => {$(
        impl ::core::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl $crate::codegen::Serialize for $name {
            fn serialize<S: $crate::codegen::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> $crate::codegen::Deserialize<'de> for $name {
            fn deserialize<D: $crate::codegen::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::codegen::wire::string_enum(deserializer, Self::from_wire)
            }
        }
    )*};
}

/// `Display`, `Serialize` and `Deserialize` of generated integer enums, through their `code`
/// and `from_wire`.
#[macro_export]
#[doc(hidden)]
macro_rules! int_enum_impls {
    ($($name:ident),* $(,)?) => {$(
        impl ::core::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                write!(f, "{}", self.code())
            }
        }
        impl $crate::codegen::Serialize for $name {
            fn serialize<S: $crate::codegen::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.code())
            }
        }
        impl<'de> $crate::codegen::Deserialize<'de> for $name {
            fn deserialize<D: $crate::codegen::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::codegen::object::int_enum(deserializer, Self::from_wire)
            }
        }
    )*};
}

/// The chainable `with_<field>` setters of a generated request type's optional fields:
/// `with_name::<Type>(name, "wire")` each.
#[macro_export]
#[doc(hidden)]
macro_rules! setters {
    ($name:ident, $($setter:ident::<$ty:ty>($field:ident, $wire:literal)),* $(,)?) => {
        impl $name {
            $(
                #[doc = ::core::concat!(
                    " Sets `", ::core::stringify!($field), "` (wire name `", $wire, "`), for chaining."
                )]
                pub fn $setter(mut self, value: impl ::core::convert::Into<$ty>) -> Self {
                    self.$field = ::core::option::Option::Some(value.into());
                    self
                }
            )*
        }
    };
}
