//! Static descriptions of endpoints, emitted by the generator for every documented call.

pub use crate::global_codes::GLOBAL_ERROR_CODES;
use crate::retry::RetryKind;

/// HTTP method of an endpoint. GET requests carry their parameters in the query string, POST
/// requests as a JSON body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// `GET`, parameters in the query string.
    Get,
    /// `POST`, parameters as a JSON body.
    Post,
}

impl Method {
    /// The method's name as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// How an endpoint reports failure in its response body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Envelope {
    /// Top-level `errcode` and `errmsg`; `errcode` 0 or absent means success.
    ErrCode,
    /// `base_resp: {ret, err_msg}` (ad analytics). Token errors may still arrive as a
    /// top-level `errcode`, which is honoured too.
    BaseResp,
}

/// One documented error code: the number, a stable name and what WeChat's docs say it means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorCodeInfo {
    /// The numeric code (`errcode` or `base_resp.ret`).
    pub code: i64,
    /// A stable snake_case name, as in the spec.
    pub name: &'static str,
    /// The documented meaning.
    pub meaning: &'static str,
    /// What the runtime does when WeChat answers this code.
    pub retry: RetryKind,
}

impl ErrorCodeInfo {
    /// The documented entry for `code`: among `domain`'s codes first, then WeChat's global
    /// ones. The one lookup behind an [`ApiError`](crate::ApiError)'s meaning and every
    /// generated `ErrorCode::meaning`, so both always agree.
    pub fn lookup(domain: &'static [ErrorCodeInfo], code: i64) -> Option<&'static ErrorCodeInfo> {
        domain
            .iter()
            .chain(GLOBAL_ERROR_CODES)
            .find(|info| info.code == code)
    }
}

/// A documented endpoint: everything the runtime needs to call it and to explain its errors.
#[derive(Debug)]
pub struct Endpoint {
    /// Domain (spec file) the endpoint belongs to.
    pub domain: &'static str,
    /// Snake-case name of the endpoint in the spec, also the client method's name.
    pub name: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Path below the base URL, starting with `/`.
    pub path: &'static str,
    /// Query parameters fixed by the endpoint (such as `action=publisher_settlement`).
    pub fixed_query: &'static [(&'static str, &'static str)],
    /// Whether the call sends `access_token` in its query string (false only for the token
    /// endpoints, which authenticate with the app's credentials).
    pub access_token: bool,
    /// Whether the call sends the client's AppID and AppSecret as the query parameters `appid`
    /// and `secret` (`sns/jscode2session`); a client without credentials fails before sending.
    pub app_credentials: bool,
    /// The parameters the client signs with a secret of the request (`signature` and
    /// `sig_method` of `wxa/checksession`), if the endpoint takes any.
    pub signature: Option<crate::signing::Signature>,
    /// Whether repeating the call is harmless. A call that is not (a send, an apply, an
    /// update, a deletion) is retried only when it surely did not reach WeChat (the connection
    /// could not be made) or WeChat answered a retryable code; never after a timeout, a 5xx or
    /// a broken response, when WeChat may already have acted.
    pub idempotent: bool,
    /// The response envelope.
    pub envelope: Envelope,
    /// Error codes documented for this endpoint or its domain.
    pub errors: &'static [ErrorCodeInfo],
    /// Error codes that mean "no (more) data" for this endpoint: the response decodes as a
    /// success whose lists are absent, instead of an error.
    pub no_data_codes: &'static [i64],
}

impl Endpoint {
    /// The documented entry for `code`: the endpoint's own list first, then the global codes.
    pub fn error_info(&self, code: i64) -> Option<&'static ErrorCodeInfo> {
        ErrorCodeInfo::lookup(self.errors, code)
    }
}
