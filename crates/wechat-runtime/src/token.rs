//! Access tokens and where they come from.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::error::Error;

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
/// Both methods exist so that one source serves the async and the blocking client.
pub trait TokenSource: Send + Sync {
    /// The token to use now (async clients).
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>>;

    /// The token to use now (blocking clients).
    fn token_blocking(&self) -> Result<AccessToken, Error>;
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
