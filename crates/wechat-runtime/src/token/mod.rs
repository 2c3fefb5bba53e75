//! Access tokens and where they come from: a fixed token ([`StaticToken`]) or the app's
//! credentials ([`CredentialsSource`]), cached in a [`TokenStore`] that several instances can
//! share.

mod credentials;
pub(crate) mod fetch;
mod limits;
#[cfg(feature = "redis")]
mod redis_store;
mod store;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::error::Error;

pub use credentials::{AppCredentials, AppSecret, TokenApi};
pub(crate) use credentials::{CredentialsSource, SourceConfig};
pub use limits::{ForcedRefreshes, RefreshLimits};
#[cfg(feature = "redis")]
pub use redis_store::RedisStore;
pub use store::{MemoryStore, StoredToken, TokenStore};

/// A boxed, sendable future, as returned by [`TokenSource::token`].
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// An access token. Its `Debug` output is redacted and it has no `Display`: read it with
/// [`AccessToken::secret`] where it really must be shown.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(Arc<str>);

impl AccessToken {
    /// Wraps a token string.
    pub fn new(token: impl Into<Arc<str>>) -> Self {
        AccessToken(token.into())
    }

    /// The token itself. Keep it out of logs.
    pub fn secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(<redacted>)")
    }
}

/// Where a client gets the access token for each call.
///
/// Both `token` methods exist so that one source serves the async and the blocking client.
pub trait TokenSource: Send + Sync {
    /// The token to use now (async clients).
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>>;

    /// The token to use now (blocking clients).
    fn token_blocking(&self) -> Result<AccessToken, Error>;

    /// WeChat rejected `token` (40001, 40014 or 42001): stop handing it out, and say whether
    /// asking again can give another token. If so, the client retries the call once with it.
    /// Sources that cannot refresh (such as [`StaticToken`]) keep the default, which does
    /// nothing and returns `false`.
    fn invalidate(&self, token: &AccessToken) -> bool {
        let _ = token;
        false
    }
}

impl<T: TokenSource + ?Sized> TokenSource for Arc<T> {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
        (**self).token()
    }

    fn token_blocking(&self) -> Result<AccessToken, Error> {
        (**self).token_blocking()
    }

    fn invalidate(&self, token: &AccessToken) -> bool {
        (**self).invalidate(token)
    }
}

impl<T: TokenStore + ?Sized> TokenStore for Arc<T> {
    fn load<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Option<StoredToken>, Error>> {
        (**self).load(key)
    }

    fn save<'a>(
        &'a self,
        key: &'a str,
        token: &'a StoredToken,
    ) -> BoxFuture<'a, Result<(), Error>> {
        (**self).save(key, token)
    }

    fn try_lock<'a>(
        &'a self,
        key: &'a str,
        ttl: std::time::Duration,
    ) -> BoxFuture<'a, Result<Option<String>, Error>> {
        (**self).try_lock(key, ttl)
    }

    fn unlock<'a>(&'a self, key: &'a str, lock: &'a str) -> BoxFuture<'a, Result<(), Error>> {
        (**self).unlock(key, lock)
    }

    fn load_forced<'a>(
        &'a self,
        key: &'a str,
    ) -> BoxFuture<'a, Result<Option<ForcedRefreshes>, Error>> {
        (**self).load_forced(key)
    }

    fn save_forced<'a>(
        &'a self,
        key: &'a str,
        record: &'a ForcedRefreshes,
    ) -> BoxFuture<'a, Result<(), Error>> {
        (**self).save_forced(key, record)
    }
}

/// A fixed token, for callers that manage tokens themselves (for example from a central token
/// service) and for tests.
#[derive(Clone, Debug)]
pub struct StaticToken(AccessToken);

impl StaticToken {
    /// A source that always returns `token`.
    pub fn new(token: impl Into<Arc<str>>) -> Self {
        StaticToken(AccessToken::new(token))
    }
}

impl TokenSource for StaticToken {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }

    fn token_blocking(&self) -> Result<AccessToken, Error> {
        Ok(self.0.clone())
    }
}
