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

/// Decodes `body` as the response of `endpoint`: an error code becomes [`Error::Api`] (unless the
/// endpoint documents it as "no data"), anything else is decoded into `T` with the JSON path of
/// the first mismatch.
pub(crate) fn decode<T: DeserializeOwned>(
    endpoint: &'static Endpoint,
    status: u16,
    body: &[u8],
) -> Result<T, Error> {
    let success = (200..300).contains(&status);
    match serde_json::from_slice::<Probe>(body) {
        Ok(probe) => {
            if let Some((code, message)) = error_code(endpoint.envelope, probe) {
                if !endpoint.no_data_codes.contains(&code) {
                    return Err(ApiError::new(endpoint, code, message, status).into());
                }
            }
        }
        Err(_) if !success => return Err(http_status_error(endpoint, status, body)),
        // A success status with a body that is not a JSON object: let the typed decode below
        // report where and why.
        Err(_) => {}
    }
    if !success {
        return Err(http_status_error(endpoint, status, body));
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut de).map_err(|err| {
        let path = err.path().to_string();
        DecodeError {
            endpoint: endpoint.path,
            path,
            message: err.into_inner().to_string(),
            body: truncate_body(body, BODY_SNIPPET),
            http_status: status,
        }
        .into()
    })
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
