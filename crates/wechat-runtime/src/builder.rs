//! Client configuration, shared by the async and the blocking client.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::error::Error;
use crate::host::{ApiHost, Hosts};
use crate::redact::Redactor;
use crate::request::Shared;
use crate::retry::RetryPolicy;
use crate::token::fetch::TokenFetcher;
use crate::token::{
    AppCredentials, CredentialsSource, MemoryStore, RefreshLimits, SourceConfig, StaticToken,
    TokenApi, TokenSource, TokenStore,
};

/// WeChat's main API host.
pub const DEFAULT_BASE_URL: &str = "https://api.weixin.qq.com";

/// Builds a [`Client`](crate::Client) (or, with the `blocking` feature, a
/// [`blocking::Client`](crate::blocking::Client)).
///
/// ```no_run
/// use std::time::Duration;
/// use wechat_runtime::{ApiHost, Client, RetryPolicy};
///
/// # fn demo() -> Result<(), wechat_runtime::Error> {
/// let client = Client::builder()
///     .credentials("wx1234567890abcdef", "APP_SECRET") // tokens via cgi-bin/stable_token
///     .api_host(ApiHost::Shanghai)
///     .failover(true) // on connection failure, move on to the next host
///     .timeout(Duration::from_secs(10))
///     .retry(RetryPolicy { max_retries: 3, ..RetryPolicy::default() })
///     .build()?;
/// # let _ = client; Ok(()) }
/// ```
#[derive(Clone)]
pub struct ClientBuilder {
    base_urls: Vec<String>,
    failover: bool,
    timeout: Duration,
    connect_timeout: Duration,
    /// The access token's source, when the caller gives one.
    source: Option<Arc<dyn TokenSource>>,
    /// The app's credentials: the token source when none is given, and what the endpoints
    /// that take app credentials (login's code-to-session) send.
    credentials: Option<AppCredentials>,
    token_api: TokenApi,
    token_store: Option<Arc<dyn TokenStore>>,
    refresh_limits: RefreshLimits,
    retry: RetryPolicy,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_urls: vec![DEFAULT_BASE_URL.to_owned()],
            failover: false,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            source: None,
            credentials: None,
            token_api: TokenApi::default(),
            token_store: None,
            refresh_limits: RefreshLimits::default(),
            retry: RetryPolicy::default(),
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let auth = match (&self.source, &self.credentials) {
            (None, None) => "none".to_owned(),
            (Some(_), None) => "<token source>".to_owned(),
            (None, Some(c)) => format!("credentials of {} via {:?}", c.appid, self.token_api),
            (Some(_), Some(c)) => format!("<token source>, credentials of {}", c.appid),
        };
        f.debug_struct("ClientBuilder")
            .field("base_urls", &self.base_urls)
            .field("failover", &self.failover)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("auth", &auth)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The base URL every endpoint path is appended to; [`DEFAULT_BASE_URL`] unless set.
    /// Point it at a local mock server in tests.
    pub fn base_url(self, url: impl Into<String>) -> Self {
        self.base_urls([url.into()])
    }

    /// Several base URLs: the first is used until it cannot be reached, then (with
    /// [`failover`](Self::failover)) the next, round the list.
    pub fn base_urls(mut self, urls: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.base_urls = urls.into_iter().map(Into::into).collect();
        self
    }

    /// Uses WeChat's `host`, with the other hosts after it as failover targets.
    pub fn api_host(self, host: ApiHost) -> Self {
        self.base_urls(host.rotation())
    }

    /// On a connection failure, move this and later calls to the next base URL (off by
    /// default). The switch counts as one of the call's retries.
    pub fn failover(mut self, on: bool) -> Self {
        self.failover = on;
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

    /// How failed calls are retried; see [`RetryPolicy`] for the defaults.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Uses a fixed access token.
    pub fn access_token(self, token: impl Into<Arc<str>>) -> Self {
        self.token_source(StaticToken::new(token))
    }

    /// Uses `source` for the access token of every call, in place of fetching tokens with the
    /// [`credentials`](Self::credentials), which then serve only the endpoints that send app
    /// credentials themselves (login's code-to-session).
    pub fn token_source(mut self, source: impl TokenSource + 'static) -> Self {
        self.source = Some(Arc::new(source));
        self
    }

    /// The app's credentials: what the endpoints that take them send (login's
    /// code-to-session), and, unless a [`token_source`](Self::token_source) or
    /// [`access_token`](Self::access_token) is given too, where access tokens come from
    /// (through `cgi-bin/stable_token` unless [`token_api`](Self::token_api) says otherwise),
    /// cached in the [`token_store`](Self::token_store) until five minutes before they expire.
    pub fn credentials(mut self, appid: impl Into<String>, secret: impl Into<Arc<str>>) -> Self {
        self.credentials = Some(AppCredentials::new(appid, secret));
        self
    }

    /// Which call issues tokens for [`credentials`](Self::credentials) (default
    /// [`TokenApi::Stable`]).
    pub fn token_api(mut self, api: TokenApi) -> Self {
        self.token_api = api;
        self
    }

    /// Where tokens fetched with [`credentials`](Self::credentials) are kept: a
    /// [`MemoryStore`] of the client's own unless set. Each store operation is given at most
    /// the [`timeout`](Self::timeout) of an HTTP exchange. Give every instance of an app the same
    /// shared store (such as `RedisStore`) so that they use one token.
    pub fn token_store(mut self, store: impl TokenStore + 'static) -> Self {
        self.token_store = Some(Arc::new(store));
        self
    }

    /// How often a token WeChat rejects may be replaced by a forced refresh (default WeChat's
    /// limits: one every 30 s, 20 a day). Beyond them, the call fails with
    /// [`Error::RefreshLimited`] and the token stays in use. With a shared store, every
    /// instance of the app counts against one budget.
    pub fn refresh_limits(mut self, limits: RefreshLimits) -> Self {
        self.refresh_limits = limits;
        self
    }

    /// Checks the configuration and builds what both clients share, around `http`.
    fn shared<H>(&self, http: H) -> Result<Shared<H>, Error> {
        let mut urls = Vec::with_capacity(self.base_urls.len());
        for url in &self.base_urls {
            let url = url.trim_end_matches('/').to_owned();
            reqwest::Url::parse(&url)
                .map_err(|err| Error::Config(format!("base URL `{url}`: {err}")))?;
            urls.push(url);
        }
        if urls.is_empty() {
            return Err(Error::Config("no base URL".into()));
        }
        let hosts = Arc::new(Hosts::new(urls, self.failover));
        if let Some(credentials) = &self.credentials {
            if credentials.appid.is_empty() || credentials.secret.expose().is_empty() {
                return Err(Error::Config("empty AppID or AppSecret".into()));
            }
        }
        let token = match (&self.source, &self.credentials) {
            (Some(source), _) => Some(Arc::clone(source)),
            (None, None) => None,
            (None, Some(credentials)) => {
                let http = reqwest::Client::builder()
                    .timeout(self.timeout)
                    .connect_timeout(self.connect_timeout)
                    .pool_max_idle_per_host(0)
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .map_err(|err| Error::Config(err.without_url().to_string()))?;
                let fetcher = TokenFetcher {
                    http,
                    hosts: Arc::clone(&hosts),
                    credentials: credentials.clone(),
                    api: self.token_api,
                    secrets: self.secrets(),
                };
                let store = self
                    .token_store
                    .clone()
                    .unwrap_or_else(|| Arc::new(MemoryStore::new()));
                let config = SourceConfig {
                    lock_ttl: self.timeout + Duration::from_secs(5),
                    // A store is no slower to ask than WeChat itself.
                    store_timeout: self.timeout,
                    limits: self.refresh_limits,
                };
                let source: Arc<dyn TokenSource> =
                    Arc::new(CredentialsSource::new(fetcher, store, config));
                Some(source)
            }
        };
        let credentials = self.credentials.clone();
        Ok(Shared {
            http,
            hosts,
            token,
            credentials,
            retry: self.retry.clone(),
            secrets: self.secrets(),
        })
    }

    /// The client's own secrets: the app secret, with credentials.
    fn secrets(&self) -> Redactor {
        match &self.credentials {
            Some(credentials) => Redactor::default().with(credentials.secret.expose()),
            None => Redactor::default(),
        }
    }

    /// Builds the async client. Without a token source, only endpoints that need no access
    /// token (the token endpoints) can be called.
    pub fn build(self) -> Result<crate::Client, Error> {
        let http = reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|err| Error::Config(err.without_url().to_string()))?;
        Ok(crate::Client::from_shared(self.shared(http)?))
    }

    /// Builds the blocking client. Do not call it from inside an async runtime.
    #[cfg(feature = "blocking")]
    pub fn build_blocking(self) -> Result<crate::blocking::Client, Error> {
        let http = reqwest::blocking::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|err| Error::Config(err.without_url().to_string()))?;
        Ok(crate::blocking::Client::from_shared(self.shared(http)?))
    }
}
