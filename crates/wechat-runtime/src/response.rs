//! Decoding a response body: the envelope first, then the typed payload.

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::endpoint::{Endpoint, Envelope};
use crate::error::{
    truncate_body, ApiError, DecodeError, Error, TransportError, TransportErrorKind,
};

const BODY_SNIPPET: usize = 512;

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
/// again, for an envelope error.
pub(crate) fn decode<T: Response>(
    endpoint: &'static Endpoint,
    status: u16,
    body: &[u8],
) -> Result<T, Error> {
    let api_error = |(code, message): (i64, String)| -> Option<Error> {
        (!endpoint.no_data_codes.contains(&code))
            .then(|| ApiError::new(endpoint, code, message, status).into())
    };
    if !(200..300).contains(&status) {
        let probed = probe(endpoint.envelope, body).and_then(api_error);
        return Err(probed.unwrap_or_else(|| http_status_error(endpoint, status, body)));
    }
    // Plain serde_json first: tracking the path costs an allocation per object key, so it is
    // paid only for a body that fails, which is decoded again to name where.
    let mut de = serde_json::Deserializer::from_slice(body);
    match T::deserialize(&mut de) {
        Ok(value) => match value.envelope_error().and_then(api_error) {
            Some(error) => Err(error),
            None => Ok(value),
        },
        Err(err) => {
            if let Some(error) = probe(endpoint.envelope, body).and_then(api_error) {
                return Err(error);
            }
            Err(DecodeError {
                endpoint: endpoint.path,
                path: error_path::<T>(body),
                message: err.to_string(),
                body: truncate_body(body, BODY_SNIPPET),
                http_status: status,
            }
            .into())
        }
    }
}

/// The JSON path of the first mismatch of `body` against `T`, found by decoding it again.
#[cold]
#[inline(never)]
fn error_path<T: Response>(body: &[u8]) -> String {
    let mut de = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Err(err) => err.path().to_string(),
        Ok(_) => String::from("."),
    }
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

fn http_status_error(endpoint: &'static Endpoint, status: u16, body: &[u8]) -> Error {
    TransportError {
        endpoint: endpoint.path,
        kind: TransportErrorKind::HttpStatus(status),
        message: format!("HTTP status {status}"),
        body: Some(truncate_body(body, BODY_SNIPPET)),
    }
    .into()
}
