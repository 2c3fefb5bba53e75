//! Decoding a response body: the envelope first, then the typed payload.

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::endpoint::{Endpoint, Envelope};
use crate::error::{
    truncate_body, ApiError, DecodeError, Error, TransportError, TransportErrorKind,
};
use crate::redact::Redactor;

const BODY_SNIPPET: usize = 512;

/// What a decode error of an endpoint that answers credentials shows instead of its body.
pub(crate) const HIDDEN_BODY: &str = "(not shown: this endpoint answers credentials)";

/// Just the envelope fields; everything else is skipped without being built.
#[derive(Deserialize)]
struct Probe {
    errcode: Option<i64>,
    errmsg: Option<String>,
    base_resp: Option<BaseRespProbe>,
}

#[derive(Deserialize)]
struct BaseRespProbe {
    ret: Option<i64>,
    err_msg: Option<String>,
}

/// A response type that can say which error its envelope carries. Generated response types
/// implement it from their own envelope fields, so that a body is parsed once.
pub trait Response: DeserializeOwned {
    /// The envelope's non-zero error code and message, if any: a top-level `errcode` (which
    /// token errors use in both envelopes), else `base_resp.ret`.
    fn envelope_error(&self) -> Option<(i64, String)>;

    /// Wire names of the secrets the response holds (a session key), whose values a decode
    /// error's body snippet hides.
    const SECRET_FIELDS: &'static [&'static str] = &[];
}

impl Response for serde_json::Value {
    fn envelope_error(&self) -> Option<(i64, String)> {
        let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
        if let Some(code) = self.get("errcode").and_then(serde_json::Value::as_i64) {
            if code != 0 {
                return Some((code, self.get("errmsg").map(text).unwrap_or_default()));
            }
        }
        let base = self.get("base_resp")?;
        let code = base
            .get("ret")
            .and_then(serde_json::Value::as_i64)
            .filter(|&c| c != 0)?;
        Some((code, base.get("err_msg").map(text).unwrap_or_default()))
    }
}

/// Decodes `body` as the response of `endpoint`: an error code becomes [`Error::Api`] (unless the
/// endpoint documents it as "no data"), anything else is decoded into `T` with the JSON path of
/// the first mismatch. A success is parsed once; only a body that does not fit `T` is looked at
/// again, for an envelope error. Text from the body kept in an error is scrubbed with
/// `redactor`, and a body with anything but whitespace after its JSON is not a success.
pub(crate) fn decode<T: Response>(
    endpoint: &'static Endpoint,
    status: u16,
    body: &[u8],
    redactor: &Redactor,
) -> Result<T, Error> {
    let api_error = |(code, message): (i64, String)| -> Option<Error> {
        (!endpoint.no_data_codes.contains(&code))
            .then(|| ApiError::new(endpoint, code, redactor.text(&message), status).into())
    };
    if !(200..300).contains(&status) {
        let probed = probe(endpoint.envelope, body).and_then(api_error);
        return Err(probed.unwrap_or_else(|| http_status_error(endpoint, status, body, redactor)));
    }
    // Plain serde_json: a failure's JSON path is found afterwards from where serde_json
    // stopped (`wire::error_path`), so a success pays nothing for it.
    let mut de = serde_json::Deserializer::from_slice(body);
    let decoded = T::deserialize(&mut de).and_then(|value| de.end().map(|()| value));
    match decoded {
        Ok(value) => match value.envelope_error().and_then(api_error) {
            Some(error) => Err(error),
            None => Ok(value),
        },
        Err(err) => {
            if let Some(error) = probe(endpoint.envelope, body).and_then(api_error) {
                return Err(error);
            }
            let path = crate::wire::error_path(body, &err);
            // The token endpoints answer an access token: a body that failed to decode may hold
            // it in a form no scrubbing recognises. Others (a session key) are scrubbed by key.
            let body = if endpoint.access_token || endpoint.app_credentials {
                snippet(body, redactor)
            } else {
                HIDDEN_BODY.to_owned()
            };
            Err(DecodeError {
                endpoint: endpoint.path,
                path: redactor.text(&path),
                message: redactor.text(&err.to_string()),
                body,
                http_status: status,
            }
            .into())
        }
    }
}

/// The start of a body for an error: scrubbed whole first, so that a cut cannot leave part of
/// a secret behind.
pub(crate) fn snippet(body: &[u8], redactor: &Redactor) -> String {
    let text = String::from_utf8_lossy(body);
    truncate_body(redactor.redact(&text).as_bytes(), BODY_SNIPPET)
}

/// The envelope error of a body that is not (or not known to be) a `T`.
fn probe(envelope: Envelope, body: &[u8]) -> Option<(i64, String)> {
    serde_json::from_slice::<Probe>(body)
        .ok()
        .and_then(|probe| error_code(envelope, probe))
}

/// The non-zero error code of a response, from either envelope.
fn error_code(envelope: Envelope, probe: Probe) -> Option<(i64, String)> {
    // A top-level errcode wins in both envelopes: token errors use it even where the
    // endpoint's own errors use base_resp.
    if let Some(code) = probe.errcode.filter(|&c| c != 0) {
        return Some((code, probe.errmsg.unwrap_or_default()));
    }
    if envelope == Envelope::BaseResp {
        let base = probe.base_resp?;
        let code = base.ret.filter(|&c| c != 0)?;
        return Some((code, base.err_msg.unwrap_or_default()));
    }
    None
}

fn http_status_error(
    endpoint: &'static Endpoint,
    status: u16,
    body: &[u8],
    redactor: &Redactor,
) -> Error {
    TransportError::new(
        endpoint.path,
        TransportErrorKind::HttpStatus(status),
        format!("HTTP status {status}"),
        Some(snippet(body, redactor)),
    )
    .into()
}
