//! Tokens from the app's credentials: cached, refreshed by one caller at a time, and shared
//! through a [`TokenStore`].

use std::fmt;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::fetch::TokenFetcher;
use super::limits::{ForcedRefreshes, RefreshLimits};
use super::store::{now_ms, StoredToken, TokenStore};
use super::{AccessToken, BoxFuture, TokenSource};
use crate::error::{Error, RefreshLimited};

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
    /// The forced refreshes this process knows of (the store's record may know more).
    forced: ForcedRefreshes,
    /// A refresh lock taken and not released (the store did not answer), with its expiry.
    held: Option<(String, Instant)>,
}

/// How a [`CredentialsSource`] uses its store and WeChat.
pub(crate) struct SourceConfig {
    /// How long the refresh lock is held at most.
    pub lock_ttl: Duration,
    /// The longest any one store operation may take.
    pub store_timeout: Duration,
    /// The limits on forced refreshes.
    pub limits: RefreshLimits,
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
    config: SourceConfig,
    local: Mutex<Local>,
    flight: tokio::sync::Mutex<Flight>,
    /// Refreshes completed, as [`Flight::generation`], readable without waiting.
    flights: std::sync::atomic::AtomicU64,
}

/// The last refresh of this process, so that callers who waited for it share its outcome.
#[derive(Default)]
struct Flight {
    /// Refreshes completed.
    generation: u64,
    /// How the last one failed, if it did.
    failure: Option<Error>,
}

impl CredentialsSource {
    pub fn new(fetcher: TokenFetcher, store: Arc<dyn TokenStore>, config: SourceConfig) -> Self {
        let key = format!("wechat:access_token:{}", fetcher.credentials.appid);
        CredentialsSource {
            fetcher,
            store,
            key,
            config,
            local: Mutex::default(),
            flight: tokio::sync::Mutex::default(),
            flights: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// Runs one store operation within the store timeout: a store that stalls (a Redis that
    /// accepts connections but never answers) must not hold calls longer than HTTP would.
    async fn bounded<T>(
        &self,
        what: &str,
        operation: BoxFuture<'_, Result<T, Error>>,
    ) -> Result<T, Error> {
        match tokio::time::timeout(self.config.store_timeout, operation).await {
            Ok(result) => result,
            Err(_) => Err(Error::Store(format!(
                "no answer to {what} within {:?}",
                self.config.store_timeout
            ))),
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

    /// The refresh lock this process took and could not release (the store did not answer),
    /// while enough of its lifetime is left for a refresh.
    fn own_lock(&self) -> Option<String> {
        let mut local = self.local();
        let (id, expires) = local.held.take()?;
        let left = expires.saturating_duration_since(Instant::now());
        (left >= self.config.lock_ttl / 2).then_some(id)
    }

    async fn current(&self) -> Result<AccessToken, Error> {
        if let Some(token) = self.cached() {
            return Ok(token);
        }
        let started = Instant::now();
        // Twice the lock's lifetime: a holder that died leaves a lock that expires within one.
        // The wait for this process's own refresh counts too, so that callers queued behind
        // refreshes that keep failing give up in time instead of taking turns.
        let deadline = started + 2 * self.config.lock_ttl;
        let waited = || {
            Error::Store(format!(
                "waited {:.1?} for another caller or instance to refresh the access token",
                started.elapsed()
            ))
        };
        let seen = self.flights.load(Ordering::Acquire);
        let flight = self.flight.lock();
        let Ok(mut flight) = tokio::time::timeout_at(deadline.into(), flight).await else {
            return Err(waited());
        };
        // Whoever held the flight before us may have refreshed already, or failed to: a
        // failure is shared with everyone who waited for it (as a single flight shares its
        // result), rather than retried by each in turn.
        if let Some(token) = self.cached() {
            return Ok(token);
        }
        if flight.generation != seen {
            if let Some(failure) = &flight.failure {
                return Err(failure.clone());
            }
        }
        let result = self.refresh(deadline, waited).await;
        flight.generation += 1;
        flight.failure = result.as_ref().err().cloned();
        self.flights.store(flight.generation, Ordering::Release);
        result
    }

    /// Takes the store's lock (or waits for the holder's token) and refreshes, until
    /// `deadline`.
    async fn refresh(
        &self,
        deadline: Instant,
        waited: impl Fn() -> Error,
    ) -> Result<AccessToken, Error> {
        loop {
            let stored = self.bounded("loading the token", self.store.load(&self.key));
            if let Some(stored) = self.usable(stored.await?) {
                return Ok(self.adopt(stored));
            }
            let taken = Instant::now();
            let lock = match self.own_lock() {
                Some(lock) => Some(lock),
                None => {
                    let lock = self.store.try_lock(&self.key, self.config.lock_ttl);
                    self.bounded("taking the refresh lock", lock).await?
                }
            };
            if let Some(lock) = lock {
                let refreshed = self.refresh_locked().await;
                let unlock = self.store.unlock(&self.key, &lock);
                if self
                    .bounded("releasing the refresh lock", unlock)
                    .await
                    .is_err()
                {
                    // Still ours until it expires: this process's next refresh reuses it
                    // rather than wait for it. Other instances wait, as for a holder that died.
                    self.local().held = Some((lock, taken + self.config.lock_ttl));
                }
                return Ok(self.adopt(refreshed?));
            }
            if Instant::now() >= deadline {
                return Err(waited());
            }
            tokio::time::sleep(LOCK_POLL).await;
        }
    }

    /// With the store's lock held: use what another instance stored meanwhile, else fetch.
    async fn refresh_locked(&self) -> Result<StoredToken, Error> {
        let stored = self.bounded("loading the token", self.store.load(&self.key));
        let stored = stored.await?;
        if let Some(stored) = self.usable(stored.clone()) {
            return Ok(stored);
        }
        // Force only when the rejected token is still the stored one (otherwise another
        // instance has replaced it): a stable_token call without force would hand out a token
        // WeChat still deems valid again.
        let failed = self.local().failed.clone();
        let force = match (&failed, stored) {
            (Some(failed), Some(stored)) if &stored.token == failed => Some(stored),
            _ => None,
        };
        let forced = force.is_some();
        if let Some(rejected) = force {
            if let Err(limited) = self.count_forced_refresh().await? {
                return self.refresh_over_limits(rejected, limited).await;
            }
        }
        let fresh = self.fetcher.fetch(forced).await?;
        let save = self.store.save(&self.key, &fresh);
        self.bounded("saving the token", save).await?;
        Ok(fresh)
    }

    /// Counts a forced refresh against WeChat's limits, in the store's record and this
    /// process's; `Ok(Err(_))` when a limit says no.
    async fn count_forced_refresh(&self) -> Result<Result<(), RefreshLimited>, Error> {
        let load = self.store.load_forced(&self.key);
        let shared = self.bounded("loading the forced refreshes", load).await?;
        let local = self.local().forced;
        let mut record = shared.map_or(local, |shared| shared.merge(local));
        let now = now_ms();
        if let Err(limited) = record.check(&self.config.limits, now) {
            self.local().forced = record;
            return Ok(Err(limited));
        }
        // Counted before the call: WeChat counts a call that reaches it, even one whose
        // answer is lost.
        record.record(now);
        self.local().forced = record;
        let save = self.store.save_forced(&self.key, &record);
        self.bounded("saving the forced refreshes", save).await?;
        Ok(Ok(()))
    }

    /// A rejected token that may not be force-refreshed now. `stable_token` without force
    /// still issues a new token when the current one has expired, so it is asked once; if it
    /// hands out the rejected token again, that token stays in use (WeChat may have rejected it
    /// in passing, and later calls are better off trying it than failing outright) and this
    /// call fails with the limit.
    async fn refresh_over_limits(
        &self,
        rejected: StoredToken,
        limited: RefreshLimited,
    ) -> Result<StoredToken, Error> {
        if self.fetcher.api == TokenApi::Stable {
            let fresh = self.fetcher.fetch(false).await?;
            if fresh.token != rejected.token {
                let save = self.store.save(&self.key, &fresh);
                self.bounded("saving the token", save).await?;
                return Ok(fresh);
            }
        }
        tracing::warn!(
            retry_after_s = limited.retry_after.as_secs(),
            "access token rejected; a forced refresh is over WeChat's limits"
        );
        self.adopt(rejected);
        Err(limited.into())
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
