//! Tokens from the app's credentials: cached, refreshed by one caller at a time, and shared
//! through a [`TokenStore`].

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::fetch::TokenFetcher;
use super::store::{StoredToken, TokenStore};
use super::{AccessToken, BoxFuture, TokenSource};
use crate::error::Error;

/// An app secret. Its `Debug` output is redacted and it has no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct AppSecret(Arc<str>);

impl AppSecret {
    /// Wraps a secret.
    pub fn new(secret: impl Into<Arc<str>>) -> Self {
        AppSecret(secret.into())
    }

    /// The secret itself. Keep it out of logs.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AppSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AppSecret(<redacted>)")
    }
}

/// An app's credentials: its AppID and AppSecret.
#[derive(Clone, Debug)]
pub struct AppCredentials {
    /// The AppID, such as `wx1234567890abcdef`.
    pub appid: String,
    /// The AppSecret.
    pub secret: AppSecret,
}

impl AppCredentials {
    /// Credentials from an AppID and an AppSecret.
    pub fn new(appid: impl Into<String>, secret: impl Into<Arc<str>>) -> Self {
        AppCredentials {
            appid: appid.into(),
            secret: AppSecret::new(secret),
        }
    }
}

/// Which WeChat call issues tokens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenApi {
    /// `POST /cgi-bin/stable_token` (the default): asking again returns the same token while it
    /// is valid, so instances that do not share a store do not invalidate each other.
    #[default]
    Stable,
    /// `GET /cgi-bin/token`: every call issues a new token and invalidates the previous one
    /// after five minutes. Use it only with a store every instance shares.
    Classic,
}

/// How often a caller waiting for another holder's refresh looks at the store again.
const LOCK_POLL: Duration = Duration::from_millis(50);

/// What this process knows without asking the store.
#[derive(Default)]
struct Local {
    /// The token handed out now.
    current: Option<StoredToken>,
    /// A token WeChat rejected: never handed out again, and the reason to force a refresh if
    /// the store still holds it.
    failed: Option<AccessToken>,
}

/// The [`TokenSource`] behind [`ClientBuilder::credentials`](crate::ClientBuilder::credentials).
///
/// A token is reused until five minutes before it expires. When it must be refreshed, one
/// caller in the process does it while the others wait for its result (single flight), and
/// the store's lock lets one instance refresh at a time. A token WeChat rejects is replaced only
/// if it is still the stored one: otherwise another instance has already refreshed it.
pub(crate) struct CredentialsSource {
    fetcher: TokenFetcher,
    store: Arc<dyn TokenStore>,
    key: String,
    lock_ttl: Duration,
    local: Mutex<Local>,
    flight: tokio::sync::Mutex<()>,
}

impl CredentialsSource {
    pub fn new(fetcher: TokenFetcher, store: Arc<dyn TokenStore>, lock_ttl: Duration) -> Self {
        let key = format!("wechat:access_token:{}", fetcher.credentials.appid);
        CredentialsSource {
            fetcher,
            store,
            key,
            lock_ttl,
            local: Mutex::default(),
            flight: tokio::sync::Mutex::new(()),
        }
    }

    fn local(&self) -> std::sync::MutexGuard<'_, Local> {
        self.local
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The token in hand, if it is still fresh.
    fn cached(&self) -> Option<AccessToken> {
        let local = self.local();
        let current = local.current.as_ref()?;
        current.is_fresh().then(|| current.token.clone())
    }

    /// A stored token worth using: fresh, and not the one WeChat rejected.
    fn usable(&self, stored: Option<StoredToken>) -> Option<StoredToken> {
        let failed = self.local().failed.clone();
        stored.filter(|s| s.is_fresh() && Some(&s.token) != failed.as_ref())
    }

    fn adopt(&self, stored: StoredToken) -> AccessToken {
        let token = stored.token.clone();
        let mut local = self.local();
        local.current = Some(stored);
        local.failed = None;
        token
    }

    async fn current(&self) -> Result<AccessToken, Error> {
        if let Some(token) = self.cached() {
            return Ok(token);
        }
        let _flight = self.flight.lock().await;
        // Whoever held the flight before us may have refreshed already.
        if let Some(token) = self.cached() {
            return Ok(token);
        }
        // Twice the lock's lifetime: a holder that died leaves a lock that expires within one.
        let deadline = Instant::now() + 2 * self.lock_ttl;
        loop {
            if let Some(stored) = self.usable(self.store.load(&self.key).await?) {
                return Ok(self.adopt(stored));
            }
            if let Some(lock) = self.store.try_lock(&self.key, self.lock_ttl).await? {
                let refreshed = self.refresh_locked().await;
                let unlocked = self.store.unlock(&self.key, &lock).await;
                let stored = refreshed?;
                unlocked?;
                return Ok(self.adopt(stored));
            }
            if Instant::now() >= deadline {
                return Err(Error::Store(format!(
                    "waited {:?} for another instance to refresh the access token",
                    self.lock_ttl
                )));
            }
            tokio::time::sleep(LOCK_POLL).await;
        }
    }

    /// With the store's lock held: use what another instance stored meanwhile, else fetch.
    async fn refresh_locked(&self) -> Result<StoredToken, Error> {
        let stored = self.store.load(&self.key).await?;
        if let Some(stored) = self.usable(stored.clone()) {
            return Ok(stored);
        }
        // Force only when the rejected token is still the stored one; a stable_token call
        // without force would hand it out again.
        let failed = self.local().failed.clone();
        let force = failed.is_some() && stored.map(|s| s.token) == failed;
        let fresh = self.fetcher.fetch(force).await?;
        self.store.save(&self.key, &fresh).await?;
        Ok(fresh)
    }
}

impl TokenSource for CredentialsSource {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
        Box::pin(self.current())
    }

    fn token_blocking(&self) -> Result<AccessToken, Error> {
        if let Some(token) = self.cached() {
            return Ok(token);
        }
        // Refreshes are rare: run the one async implementation on a runtime of its own.
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|err| Error::Config(format!("cannot start a runtime for the token: {err}")))?
            .block_on(self.current())
    }

    fn invalidate(&self, token: &AccessToken) -> bool {
        let mut local = self.local();
        if local.current.as_ref().is_some_and(|c| &c.token == token) {
            local.current = None;
            local.failed = Some(token.clone());
        }
        true
    }
}
