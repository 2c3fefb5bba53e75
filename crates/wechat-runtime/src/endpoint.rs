//! Static descriptions of endpoints, emitted by the generator for every documented call.

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
    /// Whether repeating the same request later can succeed.
    pub retryable: bool,
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
        self.errors
            .iter()
            .chain(GLOBAL_ERROR_CODES)
            .find(|info| info.code == code)
    }
}

/// Error codes that any WeChat endpoint can return, from WeChat's public global error code list.
pub const GLOBAL_ERROR_CODES: &[ErrorCodeInfo] = &[
    ErrorCodeInfo {
        code: -1,
        name: "system_busy",
        meaning: "The system is busy; try again later.",
        retryable: true,
    },
    ErrorCodeInfo {
        code: 40001,
        name: "invalid_credential",
        meaning: "The access_token is invalid or not the latest one, or the AppSecret is wrong.",
        retryable: false,
    },
    ErrorCodeInfo {
        code: 40014,
        name: "invalid_access_token",
        meaning: "The access_token is not valid.",
        retryable: false,
    },
    ErrorCodeInfo {
        code: 40066,
        name: "invalid_url",
        meaning: "The URL is not valid: no such API.",
        retryable: false,
    },
    ErrorCodeInfo {
        code: 40097,
        name: "invalid_args",
        meaning: "The arguments are not valid.",
        retryable: false,
    },
    ErrorCodeInfo {
        code: 41001,
        name: "access_token_missing",
        meaning: "The access_token parameter is missing.",
        retryable: false,
    },
    ErrorCodeInfo {
        code: 42001,
        name: "access_token_expired",
        meaning: "The access_token has expired.",
        retryable: false,
    },
    ErrorCodeInfo {
        code: 43001,
        name: "require_get_method",
        meaning: "The API must be called with GET.",
        retryable: false,
    },
    ErrorCodeInfo {
        code: 43002,
        name: "require_post_method",
        meaning: "The API must be called with POST.",
        retryable: false,
    },
    ErrorCodeInfo {
        code: 45009,
        name: "api_daily_quota_reached",
        meaning: "The call frequency or daily quota of this API is exceeded; try later.",
        retryable: true,
    },
    ErrorCodeInfo {
        code: 47001,
        name: "data_format_error",
        meaning: "The POST data is not in the required format (not valid JSON).",
        retryable: false,
    },
    ErrorCodeInfo {
        code: 48001,
        name: "api_unauthorized",
        meaning: "The account has not been granted permission to this API.",
        retryable: false,
    },
];
