//! The one error type of every generated client.
//!
//! No variant ever holds the access token or the app secret: every text that came from a server
//! or a lower layer (bodies, `errmsg`, serde's and reqwest's messages, their causes) is scrubbed
//! when the error is built (module `redact`), and request URLs are never kept.

use std::fmt;
use std::time::Duration;

use crate::endpoint::Endpoint;
use crate::redact::Redactor;
use crate::retry::RetryKind;

/// Anything that can go wrong with a call.
#[derive(Clone, Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// WeChat answered with a non-zero error code.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// The request did not get a usable HTTP response.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// The response was not the documented JSON.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// The request breaks a documented constraint; nothing was sent.
    #[error(transparent)]
    Validation(#[from] ValidationError),
    /// The client is misconfigured (for example, a base URL that does not parse).
    #[error("invalid client configuration: {0}")]
    Config(String),
    /// The token store failed (for example, Redis could not be reached or did not answer in
    /// time), or another instance held the refresh lock for too long.
    #[error("access token store: {0}")]
    Store(String),
    /// WeChat rejected the access token, and a forced refresh is not allowed now: WeChat limits
    /// them (`stable_token`: at most one every 30 s and 20 a day).
    #[error(transparent)]
    RefreshLimited(#[from] RefreshLimited),
    /// A pager fetched its most pages and stopped, with more data left.
    #[error(
        "stopped paging {endpoint} after {pages} pages (the pager's limit); more data remains"
    )]
    PageLimit {
        /// Path of the paged endpoint.
        endpoint: &'static str,
        /// Pages fetched.
        pages: usize,
    },
}

impl Error {
    /// The API error, when WeChat answered with an error code.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(err) => Some(err),
            _ => None,
        }
    }

    /// The WeChat error code, when WeChat answered with one.
    pub fn code(&self) -> Option<i64> {
        self.as_api().map(|err| err.code)
    }

    /// Whether WeChat refused the call because a daily quota is used up (45009): nothing helps
    /// before it resets, so the call was not retried.
    pub fn is_daily_quota(&self) -> bool {
        self.as_api()
            .is_some_and(|err| err.retry == RetryKind::DailyQuota)
    }
}

/// WeChat answered with a non-zero `errcode` (or `base_resp.ret`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiError {
    /// The error code as sent.
    pub code: i64,
    /// The error message as sent (`errmsg` or `base_resp.err_msg`).
    pub message: String,
    /// Path of the endpoint that answered, such as `/card/get`.
    pub endpoint: &'static str,
    /// The code's stable name from the spec, when documented.
    pub name: Option<&'static str>,
    /// The code's documented meaning, when documented.
    pub meaning: Option<&'static str>,
    /// What the runtime does on this code, from the spec ([`RetryKind::Never`] for codes
    /// documented nowhere). [`RetryKind::DailyQuota`] says the call failed at once because a
    /// daily quota is used up.
    pub retry: RetryKind,
    /// HTTP status of the response.
    pub http_status: u16,
}

impl ApiError {
    /// Builds the error for `code` answered by `endpoint`, looking up its documented meaning.
    pub fn new(endpoint: &Endpoint, code: i64, message: String, http_status: u16) -> Self {
        let info = endpoint.error_info(code);
        ApiError {
            code,
            message,
            endpoint: endpoint.path,
            name: info.map(|i| i.name),
            meaning: info.map(|i| i.meaning),
            retry: info.map_or(RetryKind::Never, |i| i.retry),
            http_status,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "WeChat error {} from {}: {}",
            self.code, self.endpoint, self.message
        )?;
        if let Some(meaning) = self.meaning {
            write!(f, " (documented: {meaning})")?;
        }
        match self.retry {
            RetryKind::DailyQuota => f.write_str(
                "; a daily quota is used up: not retried, since nothing helps before it resets",
            ),
            RetryKind::MinuteQuota => f.write_str("; a per-minute quota: try again next minute"),
            _ => Ok(()),
        }
    }
}

impl std::error::Error for ApiError {}

/// What kind of transport failure happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The connection could not be made (refused, DNS failure, TLS handshake, connect
    /// timeout): the request surely did not reach WeChat.
    Connect,
    /// The request or the response took longer than the configured timeout.
    Timeout,
    /// The server answered with an HTTP error status and no WeChat error code.
    HttpStatus(u16),
    /// The response body could not be read in full.
    Body,
    /// The server answered with a redirect (3xx), which is not followed: WeChat's API never
    /// redirects, and following one would send the access token elsewhere.
    Redirect(u16),
    /// Anything else reqwest reports.
    Other,
}

/// The request did not get a usable HTTP response.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct TransportError {
    /// Path of the endpoint that was called.
    pub endpoint: &'static str,
    /// What kind of failure.
    pub kind: TransportErrorKind,
    /// A description with its causes, free of the request URL and of secrets.
    pub message: String,
    /// Up to 512 bytes of the response body (secrets removed), for HTTP status errors.
    pub body: Option<String>,
    /// What reqwest reported, level by level, secrets removed: the [`source`](std::error::Error::source).
    cause: Option<RedactedCause>,
}

impl TransportError {
    /// An error with no underlying cause (an HTTP status or a redirect).
    pub(crate) fn new(
        endpoint: &'static str,
        kind: TransportErrorKind,
        message: String,
        body: Option<String>,
    ) -> Self {
        TransportError {
            endpoint,
            kind,
            message,
            body,
            cause: None,
        }
    }

    /// Builds the error from a reqwest error: its URL dropped (it carries the access token),
    /// every level of its text scrubbed with `redactor`, and the causes kept as the source.
    pub(crate) fn from_reqwest(
        endpoint: &'static str,
        err: reqwest::Error,
        redactor: &Redactor,
    ) -> Self {
        // A connection that timed out while being made is a connect error: nothing was sent.
        let kind = if err.is_connect() {
            TransportErrorKind::Connect
        } else if err.is_timeout() {
            TransportErrorKind::Timeout
        } else if err.is_body() || err.is_decode() {
            TransportErrorKind::Body
        } else {
            TransportErrorKind::Other
        };
        let err = err.without_url();
        let cause = std::error::Error::source(&err).map(|c| RedactedCause::new(c, redactor));
        let mut message = redactor.text(&err.to_string());
        let mut next = cause.as_ref();
        while let Some(level) = next {
            message.push_str(": ");
            message.push_str(&level.message);
            next = level.source.as_deref();
        }
        TransportError {
            endpoint,
            kind,
            message,
            body: None,
            cause,
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            TransportErrorKind::HttpStatus(status) => {
                write!(f, "HTTP {status} from {}", self.endpoint)?;
                if let Some(body) = &self.body {
                    write!(f, ": {body}")?;
                }
                Ok(())
            }
            TransportErrorKind::Redirect(status) => write!(
                f,
                "HTTP {status} from {}: a redirect ({}), not followed: WeChat's API does not redirect",
                self.endpoint, self.message
            ),
            _ => write!(f, "request to {} failed: {}", self.endpoint, self.message),
        }
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause.as_ref().map(|c| c as _)
    }
}

/// One level of the cause of a [`TransportError`]: what the layer below reported (an I/O error,
/// hyper's), as text with secrets removed, and its own cause.
#[derive(Clone, Debug)]
pub struct RedactedCause {
    message: String,
    source: Option<Box<RedactedCause>>,
}

impl RedactedCause {
    fn new(err: &(dyn std::error::Error + 'static), redactor: &Redactor) -> Self {
        RedactedCause {
            message: redactor.text(&err.to_string()),
            source: err
                .source()
                .map(|inner| Box::new(RedactedCause::new(inner, redactor))),
        }
    }
}

impl fmt::Display for RedactedCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RedactedCause {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|c| c as _)
    }
}

/// Which limit on forced token refreshes was reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RefreshLimit {
    /// Forced refreshes must be this far apart (30 s for `stable_token`).
    Interval(Duration),
    /// At most this many forced refreshes a day, China time (20 for `stable_token`).
    Daily(u32),
}

/// WeChat rejected the access token (40001, 40014, 42001), and it was not force-refreshed
/// because WeChat limits forced refreshes. The call was not retried; calls after
/// `retry_after` may refresh it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RefreshLimited {
    /// The limit reached.
    pub limit: RefreshLimit,
    /// How long until a forced refresh is allowed again.
    pub retry_after: Duration,
}

impl fmt::Display for RefreshLimited {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WeChat rejected the access token, and it was not force-refreshed: ")?;
        match self.limit {
            RefreshLimit::Interval(gap) => write!(
                f,
                "forced refreshes must be at least {} s apart",
                gap.as_secs()
            )?,
            RefreshLimit::Daily(count) => write!(
                f,
                "all {count} forced refreshes of the day (China time) are used"
            )?,
        }
        write!(
            f,
            "; the next is allowed in {} s",
            self.retry_after.as_secs().max(1)
        )
    }
}

impl std::error::Error for RefreshLimited {}

/// The response body was not the documented JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeError {
    /// Path of the endpoint that answered.
    pub endpoint: &'static str,
    /// JSON path of the value that failed to decode, such as `productListInfo[0].planId`
    /// (`.` for the document itself).
    pub path: String,
    /// What serde_json reported.
    pub message: String,
    /// The response body, truncated to 512 bytes.
    pub body: String,
    /// HTTP status of the response.
    pub http_status: u16,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot decode the response of {} at {}: {}; body: {}",
            self.endpoint, self.path, self.message, self.body
        )
    }
}

impl std::error::Error for DecodeError {}

/// A request breaks a documented constraint; it was not sent.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ValidationError {
    /// The field, by its wire name (with the path of enclosing fields).
    pub field: String,
    /// The documented limit, such as `at most 80 characters`.
    pub constraint: String,
    /// The offending value, as the caller gave it.
    pub value: String,
}

impl ValidationError {
    /// Builds a validation error.
    pub fn new(
        field: impl Into<String>,
        constraint: impl Into<String>,
        value: impl Into<String>,
    ) -> Self {
        ValidationError {
            field: field.into(),
            constraint: constraint.into(),
            value: value.into(),
        }
    }
}

impl ValidationError {
    /// The same error, for a field inside `parent` (`notice` becomes `base_info.notice`).
    pub fn within(mut self, parent: &str) -> Self {
        self.field = format!("{parent}.{}", self.field);
        self
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid request: `{}` must be {}, got {}",
            self.field, self.constraint, self.value
        )
    }
}

impl std::error::Error for ValidationError {}

/// At most `max` bytes of `body`, cut at a character boundary, lossily decoded.
pub(crate) fn truncate_body(body: &[u8], max: usize) -> String {
    let text = String::from_utf8_lossy(body);
    if text.len() <= max {
        return text.into_owned();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes in all)", &text[..end], body.len())
}
