//! Runtime shared by the generated WeChat (Weixin) API crates.
//!
//! Application code rarely names this crate beyond building a [`Client`]: the per-domain crates
//! (`wechat-union`, `wechat-promoter`, ...) wrap it with one typed method per endpoint.
//!
//! ```no_run
//! # async fn demo() -> Result<(), wechat_runtime::Error> {
//! let client = wechat_runtime::Client::builder()
//!     .credentials("wx1234567890abcdef", "APP_SECRET") // or .access_token("...")
//!     .build()?;
//! # let _ = client; Ok(()) }
//! ```
//!
//! What lives here:
//! - transport over reqwest with rustls ([`Client`], and [`blocking::Client`] behind the
//!   `blocking` feature), with connect and total timeouts, WeChat's hosts ([`ApiHost`]) and
//!   an optional switch to the next host when one cannot be reached; redirects are never
//!   followed (a 3xx is [`TransportErrorKind::Redirect`]);
//! - access tokens: a fixed one, or fetched with the app's credentials, cached, refreshed by
//!   one caller at a time and shared through a [`TokenStore`] ([`MemoryStore`], or
//!   `RedisStore` behind the `redis` feature), every store operation bounded by the client's
//!   timeout; forced refreshes of a rejected token within WeChat's limits ([`RefreshLimits`],
//!   one every 30 s and 20 a day, counted in the store);
//! - bounded retries ([`RetryPolicy`]) by each error code's [`RetryKind`] from the spec: once
//!   with a new token after 40001/40014/42001, with jittered backoff after -1, never after a
//!   daily quota (45009); transport failures are retried for idempotent endpoints, and for
//!   the others only when the connection could not be made;
//! - a `wechat_call` tracing span per call (endpoint, attempt, errcode, latency);
//! - the two response envelopes of WeChat (`errcode/errmsg` and `base_resp{ret, err_msg}`)
//!   decoded into one [`Error`], which never shows the access token or the app secret, even
//!   where a server echoes them (values of keys such as `access_token=` and `"secret":` are
//!   scrubbed, and the request's own secrets wherever they appear as a whole word); a body is
//!   one JSON document, nothing after it;
//! - the wire helpers that generated code calls through its (hidden) `codegen` module, among
//!   them `wire::Float` (numbers that re-encode as written) and `wire::Secret` (credentials
//!   that print redacted).
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod binary;
#[cfg(feature = "blocking")]
#[cfg_attr(docsrs, doc(cfg(feature = "blocking")))]
pub mod blocking;
mod builder;
mod call;
mod client;
mod dates;
// What generated code calls: not for applications, so not in the user docs.
#[doc(hidden)]
pub mod codegen;
mod codegen_macros;
mod endpoint;
mod error;
mod global_codes;
mod host;
#[doc(hidden)]
pub mod object;
pub mod paging;
mod redact;
mod request;
mod response;
mod retry;
mod signing;
mod token;
#[doc(hidden)]
pub mod wire;

pub use binary::Binary;
pub use builder::{ClientBuilder, DEFAULT_BASE_URL};
pub use client::Client;
pub use endpoint::{Endpoint, Envelope, ErrorCodeInfo, Method, GLOBAL_ERROR_CODES};
pub use error::{
    ApiError, DecodeError, Error, RedactedCause, RefreshLimit, RefreshLimited, TransportError,
    TransportErrorKind, ValidationError,
};
pub use host::ApiHost;
pub use response::Response;
pub use retry::{RetryKind, RetryPolicy};
pub use signing::{Secret, SigMethod, Signature, Signed};
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use token::RedisStore;
pub use token::{
    AccessToken, AppCredentials, AppSecret, BoxFuture, ForcedRefreshes, MemoryStore, RefreshLimits,
    StaticToken, StoredToken, TokenApi, TokenSource, TokenStore,
};

/// The `time` crate, for [`Date`] and `time::Month`.
pub use time;
/// A calendar date, sent on the wire as `yyyy-mm-dd`. Build one with
/// `Date::from_calendar_date(2020, time::Month::April, 13)`.
pub use time::Date;
