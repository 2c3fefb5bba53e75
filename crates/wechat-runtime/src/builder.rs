//! Client configuration, shared by the async and the blocking client.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::error::Error;
use crate::token::{StaticToken, TokenSource};

/// WeChat's main API host.
pub const DEFAULT_BASE_URL: &str = "https://api.weixin.qq.com";

/// Builds a [`Client`](crate::Client) (or, with the `blocking` feature, a
/// [`blocking::Client`](crate::blocking::Client)).
#[derive(Clone)]
pub struct ClientBuilder {
    pub(crate) base_url: String,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) token: Option<Arc<dyn TokenSource>>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: DEFAULT_BASE_URL.to_owned(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            token: None,
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("token", &self.token.as_ref().map(|_| "<token source>"))
            .finish()
    }
}

impl ClientBuilder {
    /// The base URL every endpoint path is appended to; [`DEFAULT_BASE_URL`] unless set.
    /// Point it at a local mock server in tests.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Total time allowed for one HTTP exchange (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Time allowed to establish a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Uses a fixed access token.
    pub fn access_token(self, token: impl Into<Arc<str>>) -> Self {
        self.token_source(StaticToken::new(token))
    }

    /// Uses `source` for the access token of every call.
    pub fn token_source(mut self, source: impl TokenSource + 'static) -> Self {
        self.token = Some(Arc::new(source));
        self
    }

    /// Checks the configuration common to both clients.
    pub(crate) fn validated(&self) -> Result<(String, Arc<dyn TokenSource>), Error> {
        let base = self.base_url.trim_end_matches('/').to_owned();
        reqwest::Url::parse(&base)
            .map_err(|err| Error::Config(format!("base URL `{base}`: {err}")))?;
        let token = self.token.clone().ok_or_else(|| {
            Error::Config("no access token: call access_token() or token_source()".into())
        })?;
        Ok((base, token))
    }

    /// Builds the async client.
    pub fn build(self) -> Result<crate::Client, Error> {
        let (base, token) = self.validated()?;
        let http = reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .build()
            .map_err(|err| Error::Config(err.without_url().to_string()))?;
        Ok(crate::Client::from_parts(http, base, token))
    }

    /// Builds the blocking client. Do not call it from inside an async runtime.
    #[cfg(feature = "blocking")]
    pub fn build_blocking(self) -> Result<crate::blocking::Client, Error> {
        let (base, token) = self.validated()?;
        let http = reqwest::blocking::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .build()
            .map_err(|err| Error::Config(err.without_url().to_string()))?;
        Ok(crate::blocking::Client::from_parts(http, base, token))
    }
}
