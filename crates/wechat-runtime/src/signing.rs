//! Secrets a request is signed with but never sends (a Mini Program user's session key), and
//! the signed parameters WeChat checks instead (`signature` and `sig_method` of
//! `wxa/checksession`).

use serde::ser::{Error as _, Serialize, Serializer};
use serde_json::Value;

use crate::endpoint::Endpoint;
pub use crate::wire::Secret;

/// A signing method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SigMethod {
    /// Lowercase hex HMAC-SHA256 of the empty string, keyed with the secret's bytes:
    /// `hmac_sha256(session_key, "")`, WeChat's rule for a user's login state.
    HmacSha256,
}

impl SigMethod {
    /// The method's name as sent.
    pub fn as_str(self) -> &'static str {
        match self {
            SigMethod::HmacSha256 => "hmac_sha256",
        }
    }

    /// The signature made with `key`.
    pub fn sign(self, key: &Secret) -> String {
        match self {
            SigMethod::HmacSha256 => {
                let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, key.expose().as_bytes());
                let tag = ring::hmac::sign(&key, b"");
                tag.as_ref().iter().map(|b| format!("{b:02x}")).collect()
            }
        }
    }
}

/// The signed parameters of an endpoint: `param` carries the signature, `method_param` the
/// method's name. Both go where the request's fields go (the query for GET, the body for POST).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signature {
    /// Name of the parameter carrying the signature, such as `signature`.
    pub param: &'static str,
    /// Name of the parameter naming the method, such as `sig_method`.
    pub method_param: &'static str,
    /// The method.
    pub method: SigMethod,
}

/// A request with its endpoint's signed parameters added, made by generated clients.
pub struct Signed<'a, R: ?Sized> {
    request: &'a R,
    params: Option<[(&'static str, String); 2]>,
}

impl<'a, R: Serialize + ?Sized> Signed<'a, R> {
    /// `request` signed with `key` as `endpoint` says (unchanged if it has no signature).
    pub fn new(request: &'a R, endpoint: &Endpoint, key: &Secret) -> Self {
        let params = endpoint.signature.map(|s| {
            [
                (s.param, s.method.sign(key)),
                (s.method_param, s.method.as_str().to_owned()),
            ]
        });
        Signed { request, params }
    }
}

impl<R: Serialize + ?Sized> Serialize for Signed<'_, R> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Some(params) = &self.params else {
            return self.request.serialize(serializer);
        };
        // The signed values replace any the request carries among its unknown fields.
        let mut value = serde_json::to_value(self.request).map_err(S::Error::custom)?;
        let Value::Object(object) = &mut value else {
            return Err(S::Error::custom("a signed request is an object"));
        };
        for (name, signed) in params {
            object.insert((*name).to_owned(), Value::String(signed.clone()));
        }
        value.serialize(serializer)
    }
}

/// `err` with the string values of `keys` hidden in a decode error's body snippet, so that a
/// response that fails to decode does not print the session key it carries.
pub(crate) fn hide_secrets(err: crate::Error, keys: &[&str]) -> crate::Error {
    match err {
        crate::Error::Decode(mut decode) if !keys.is_empty() => {
            decode.body = hide_values(&decode.body, keys);
            crate::Error::Decode(decode)
        }
        other => other,
    }
}

/// `text` (JSON, maybe cut short) with the string value of each `"key":` replaced.
fn hide_values(text: &str, keys: &[&str]) -> String {
    let mut out = text.to_owned();
    for key in keys {
        let quoted = format!("\"{key}\"");
        let mut from = 0;
        while let Some(found) = out[from..].find(&quoted) {
            let after = from + found + quoted.len();
            let rest = &out[after..];
            let Some(colon) = rest
                .find(|c: char| !c.is_whitespace())
                .filter(|&i| rest[i..].starts_with(':'))
            else {
                from = after;
                continue;
            };
            let value_at = after + colon + 1;
            let value = &out[value_at..];
            let Some(open) = value
                .find(|c: char| !c.is_whitespace())
                .filter(|&i| value[i..].starts_with('"'))
            else {
                from = value_at;
                continue;
            };
            let start = value_at + open + 1;
            // The closing quote is the first one not escaped; a cut-short value runs to the end.
            let mut end = out.len();
            let mut escaped = false;
            for (i, c) in out[start..].char_indices() {
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => {
                        end = start + i;
                        break;
                    }
                    _ => escaped = false,
                }
            }
            out.replace_range(start..end, "<redacted>");
            from = start + "<redacted>".len();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_sha256_of_the_empty_string_matches_known_vectors() {
        // RFC 4231-style check with an empty message: HMAC-SHA256(key="key", "").
        assert_eq!(
            SigMethod::HmacSha256.sign(&Secret::from("key")),
            "5d5d139563c95b5967b9bd9a8c9b233a9dedb45072794cd232dc1b74832607d0"
        );
        // HMAC-SHA256 with an empty key and message.
        assert_eq!(
            SigMethod::HmacSha256.sign(&Secret::default()),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"
        );
    }

    #[test]
    fn secret_values_are_hidden_in_bodies() {
        let body = r#"{"openid":"o1","session_key" : "a\"b==","n":1,"session_key":"cut"#;
        assert_eq!(
            hide_values(body, &["session_key"]),
            r#"{"openid":"o1","session_key" : "<redacted>","n":1,"session_key":"<redacted>"#
        );
    }

    #[test]
    fn a_secret_never_prints() {
        let secret = Secret::from("tiihtNczf5v6AKRyjwEUhQ==");
        assert_eq!(format!("{secret:?}"), "Secret(<redacted>)");
        assert_eq!(secret.expose(), "tiihtNczf5v6AKRyjwEUhQ==");
    }
}
