//! Endpoints that answer bytes (the wxacode images) on success and a JSON error otherwise.

use std::fmt;

use crate::endpoint::Endpoint;
use crate::error::{DecodeError, Error};
use crate::redact::Redactor;
use crate::response::decode;

/// The bytes of a successful binary answer, such as a Mini Program code's image.
#[derive(Clone, PartialEq, Eq)]
pub struct Binary {
    /// The answer's `Content-Type`, such as `image/png` (empty if WeChat sent none).
    pub content_type: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

impl fmt::Debug for Binary {
    // An image's bytes tell a reader nothing; their count does.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Binary")
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// Whether a body is WeChat's JSON rather than the bytes: by its content type, or (WeChat
/// does not always label its errors) by a JSON object with an `errcode`.
fn is_json(content_type: &str, body: &[u8]) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/json")
        || (body.first() == Some(&b'{')
            && serde_json::from_slice::<serde_json::Value>(body)
                .is_ok_and(|v| v.get("errcode").is_some()))
}

/// Decodes a binary endpoint's answer: bytes on success; a JSON body is its error (or, with
/// no error code, a body that is not the documented bytes).
pub(crate) fn decode_binary(
    endpoint: &'static Endpoint,
    status: u16,
    content_type: &str,
    body: &[u8],
    redactor: &Redactor,
) -> Result<Binary, Error> {
    if !(200..300).contains(&status) || is_json(content_type, body) {
        let value: serde_json::Value = decode(endpoint, status, body, redactor)?;
        return Err(DecodeError {
            endpoint: endpoint.path,
            path: ".".into(),
            message: "expected the endpoint's bytes, got JSON without an error code".into(),
            body: crate::error::truncate_body(value.to_string().as_bytes(), 512),
            http_status: status,
        }
        .into());
    }
    Ok(Binary {
        content_type: content_type.to_owned(),
        bytes: body.to_vec(),
    })
}
