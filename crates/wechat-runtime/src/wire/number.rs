//! A floating-point field that re-encodes as it was written.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

/// A JSON number of a field documented as a decimal (a rate, an eCPM), kept in the form it came
/// in so that decoding then encoding changes nothing: `1` re-encodes as `1` and `1.0` as `1.0`
/// (an `f64` field would turn `1` into `1.0`), and a fraction as the shortest form that reads
/// back as the same double (with serde_json's `float_roundtrip`, which this crate enables).
///
/// Generated types use it where the spec says `float`; read it with [`Float::get`]. Equality
/// and order compare values, so `Float::from(1) == Float::from(1.0)`.
///
/// ```
/// use wechat_runtime::wire::Float;
/// for json in ["1", "1.0", "0", "0.1", "-3", "18446744073709551615", "2.5e-7"] {
///     let value: Float = serde_json::from_str(json).unwrap();
///     assert_eq!(serde_json::to_string(&value).unwrap(), json);
/// }
/// assert_eq!(Float::from(0.25).get(), 0.25);
/// ```
#[derive(Clone, Copy)]
pub struct Float(Repr);

#[derive(Clone, Copy)]
enum Repr {
    /// Written without a fraction or exponent, negative.
    Int(i64),
    /// Written without a fraction or exponent, zero or positive.
    UInt(u64),
    /// Written with a fraction or an exponent.
    Float(f64),
}

impl Float {
    /// The value as a double (large integers round to the nearest double).
    pub fn get(self) -> f64 {
        match self.0 {
            Repr::Int(n) => n as f64,
            Repr::UInt(n) => n as f64,
            Repr::Float(x) => x,
        }
    }

    /// Whether the number was written (or built) as an integer, and encodes as one.
    pub fn is_integer(self) -> bool {
        !matches!(self.0, Repr::Float(_))
    }
}

impl Default for Float {
    fn default() -> Self {
        Float(Repr::UInt(0))
    }
}

impl From<f64> for Float {
    fn from(value: f64) -> Self {
        Float(Repr::Float(value))
    }
}

impl From<i64> for Float {
    fn from(value: i64) -> Self {
        if value < 0 {
            Float(Repr::Int(value))
        } else {
            Float(Repr::UInt(value.unsigned_abs()))
        }
    }
}

impl From<u64> for Float {
    fn from(value: u64) -> Self {
        Float(Repr::UInt(value))
    }
}

impl From<i32> for Float {
    fn from(value: i32) -> Self {
        Float::from(i64::from(value))
    }
}

impl From<Float> for f64 {
    fn from(value: Float) -> f64 {
        value.get()
    }
}

impl PartialEq for Float {
    fn eq(&self, other: &Self) -> bool {
        self.partial_cmp(other) == Some(Ordering::Equal)
    }
}

impl PartialOrd for Float {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        match (self.0, other.0) {
            (Repr::Int(a), Repr::Int(b)) => Some(a.cmp(&b)),
            (Repr::UInt(a), Repr::UInt(b)) => Some(a.cmp(&b)),
            (Repr::Int(_), Repr::UInt(_)) => Some(Ordering::Less),
            (Repr::UInt(_), Repr::Int(_)) => Some(Ordering::Greater),
            _ => self.get().partial_cmp(&other.get()),
        }
    }
}

/// The JSON text of the number, as it encodes.
impl fmt::Display for Float {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match serde_json::to_string(self) {
            Ok(text) => f.write_str(&text),
            Err(_) => write!(f, "{}", self.get()),
        }
    }
}

impl fmt::Debug for Float {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Float({self})")
    }
}

/// Parses a JSON number (`1`, `1.0`, `2.5e-7`), keeping its form.
impl FromStr for Float {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        serde_json::from_str(text.trim()).map_err(|_| format!("not a number: {text:?}"))
    }
}

impl Serialize for Float {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Repr::Int(n) => serializer.serialize_i64(n),
            Repr::UInt(n) => serializer.serialize_u64(n),
            Repr::Float(x) => serializer.serialize_f64(x),
        }
    }
}

impl<'de> Deserialize<'de> for Float {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FloatVisitor;
        impl Visitor<'_> for FloatVisitor {
            type Value = Float;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Float, E> {
                Ok(Float::from(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Float, E> {
                Ok(Float::from(v))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Float, E> {
                Ok(Float::from(v))
            }
        }
        deserializer.deserialize_any(FloatVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::StrNum;

    #[test]
    fn the_written_form_survives_a_round_trip() {
        for json in [
            "1",
            "1.0",
            "0",
            "0.0",
            "-0.0",
            "-7",
            "0.1",
            "0.30000000000000004",
            "123.456",
            "9007199254740993",
            "1e+300",
            "5e-324",
        ] {
            let value: Float = serde_json::from_str(json).unwrap();
            let again = serde_json::to_string(&value).unwrap();
            let reread: Float = serde_json::from_str(&again).unwrap();
            assert_eq!(reread, value, "{json} -> {again}");
            assert_eq!(reread.is_integer(), value.is_integer(), "{json}");
        }
        for json in [
            "1",
            "1.0",
            "0",
            "0.0",
            "-7",
            "0.1",
            "123.456",
            "9007199254740993",
        ] {
            let value: Float = serde_json::from_str(json).unwrap();
            assert_eq!(serde_json::to_string(&value).unwrap(), json);
        }
    }

    #[test]
    fn shortest_doubles_read_back_exactly() {
        // Without float_roundtrip, about one in ten of these drifts by one unit in the last place.
        let mut rng = fastrand::Rng::with_seed(18);
        for _ in 0..5000 {
            let x = f64::from_bits(rng.u64(..));
            if !x.is_finite() {
                continue;
            }
            let json = serde_json::to_string(&x).unwrap();
            let value: Float = serde_json::from_str(&json).unwrap();
            assert_eq!(value.get().to_bits(), x.to_bits(), "{json}");
            assert_eq!(serde_json::to_string(&value).unwrap(), json);
        }
    }

    #[test]
    fn values_compare_whatever_their_form() {
        assert_eq!(Float::from(1), Float::from(1.0));
        assert!(Float::from(-1) < Float::from(0.5));
        assert!(Float::from(u64::MAX) > Float::from(-1));
        assert_eq!(Float::default().get(), 0.0);
        assert_eq!(format!("{:?}", Float::from(2.0)), "Float(2.0)");
        assert_eq!(Float::from(2).to_string(), "2");
    }

    #[test]
    fn numbers_in_strings_keep_their_form_too() {
        let n: StrNum<Float> = serde_json::from_str("\"1\"").unwrap();
        assert_eq!(serde_json::to_string(&n.0).unwrap(), "1");
        let n: StrNum<Float> = serde_json::from_str("2.50").unwrap();
        assert_eq!(serde_json::to_string(&n.0).unwrap(), "2.5");
        assert!("x".parse::<Float>().is_err());
    }
}
