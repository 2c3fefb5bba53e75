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
//!   an optional switch to the next host when one cannot be reached;
//! - access tokens: a fixed one, or fetched with the app's credentials, cached, refreshed by
//!   one caller at a time and shared through a [`TokenStore`] ([`MemoryStore`], or
//!   `RedisStore` behind the `redis` feature);
//! - bounded retries ([`RetryPolicy`]) by each error code's [`RetryKind`] from the spec: once
//!   with a new token after 40001/40014/42001, with jittered backoff after -1, never after a
//!   daily quota (45009); transport failures are retried for idempotent endpoints, and for
//!   the others only when the connection could not be made;
//! - a `wechat_call` tracing span per call (endpoint, attempt, errcode, latency);
//! - the two response envelopes of WeChat (`errcode/errmsg` and `base_resp{ret, err_msg}`)
//!   decoded into one [`Error`], which never shows the access token or the app secret;
//! - the wire helpers that generated code calls through its (hidden) `codegen` module.
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "blocking")]
#[cfg_attr(docsrs, doc(cfg(feature = "blocking")))]
pub mod blocking;
mod builder;
mod call;
mod client;
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
mod request;
mod response;
mod retry;
mod token;
#[doc(hidden)]
pub mod wire;

pub use builder::{ClientBuilder, DEFAULT_BASE_URL};
pub use client::Client;
pub use endpoint::{Endpoint, Envelope, ErrorCodeInfo, Method, GLOBAL_ERROR_CODES};
pub use error::{
    ApiError, DecodeError, Error, TransportError, TransportErrorKind, ValidationError,
};
pub use host::ApiHost;
pub use response::Response;
pub use retry::{RetryKind, RetryPolicy};
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use token::RedisStore;
pub use token::{
    AccessToken, AppCredentials, AppSecret, BoxFuture, MemoryStore, StaticToken, StoredToken,
    TokenApi, TokenSource, TokenStore,
};

/// The `time` crate, for [`Date`] and `time::Month`.
pub use time;
/// A calendar date, sent on the wire as `yyyy-mm-dd`. Build one with
/// `Date::from_calendar_date(2020, time::Month::April, 13)`.
pub use time::Date;
