//! Where fetched tokens are kept, so that every client (and, with a shared store, every
//! instance) uses the same token until it nears expiry.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::limits::ForcedRefreshes;
use super::{AccessToken, BoxFuture};
use crate::error::Error;

/// How long before its expiry a token stops being handed out (five minutes, as WeChat
/// suggests; at most half the token's lifetime).
const REFRESH_MARGIN_MS: u64 = 300_000;

/// A token with its lifetime, as kept in a [`TokenStore`]. Times are Unix milliseconds, so that
/// instances on different machines agree. `Debug` shows the token redacted, as [`AccessToken`]
/// does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredToken {
    /// The token.
    pub token: AccessToken,
    /// When WeChat issued it.
    pub issued_at_ms: u64,
    /// When WeChat said it expires (`issued_at_ms + expires_in * 1000`).
    pub expires_at_ms: u64,
}

impl StoredToken {
    /// A token issued now that WeChat says expires in `expires_in` seconds.
    pub fn issued_now(token: AccessToken, expires_in: u64) -> Self {
        let now = now_ms();
        StoredToken {
            token,
            issued_at_ms: now,
            expires_at_ms: now.saturating_add(expires_in.saturating_mul(1000)),
        }
    }

    /// Whether the token is still good to hand out: before its expiry, less a margin of five
    /// minutes (or half its lifetime, for short-lived tokens).
    pub fn is_fresh(&self) -> bool {
        let lifetime = self.expires_at_ms.saturating_sub(self.issued_at_ms);
        let margin = REFRESH_MARGIN_MS.min(lifetime / 2);
        now_ms() < self.expires_at_ms.saturating_sub(margin)
    }

    /// Milliseconds until the token expires (0 once expired).
    pub fn remaining_ms(&self) -> u64 {
        self.expires_at_ms.saturating_sub(now_ms())
    }
}

pub(crate) fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// Storage for tokens, keyed by app, with a lock so that one holder refreshes at a time.
///
/// [`MemoryStore`] serves one process; `RedisStore` (feature `redis`) lets several instances
/// share one token, which WeChat requires: each `cgi-bin/token` call invalidates the token
/// other instances hold.
pub trait TokenStore: Send + Sync {
    /// The token stored under `key`, if any.
    fn load<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Option<StoredToken>, Error>>;

    /// Stores `token` under `key`, replacing what was there.
    fn save<'a>(&'a self, key: &'a str, token: &'a StoredToken)
        -> BoxFuture<'a, Result<(), Error>>;

    /// Takes the refresh lock of `key` for at most `ttl`, returning an id to unlock it with, or
    /// `None` if someone else holds it.
    fn try_lock<'a>(
        &'a self,
        key: &'a str,
        ttl: Duration,
    ) -> BoxFuture<'a, Result<Option<String>, Error>>;

    /// Releases the lock taken with id `lock`; a lock that expired and was taken by someone
    /// else is left alone.
    fn unlock<'a>(&'a self, key: &'a str, lock: &'a str) -> BoxFuture<'a, Result<(), Error>>;

    /// The record of forced refreshes of `key`'s token, read with the refresh lock held. The
    /// default keeps none, and each client then counts its own against WeChat's limits; a
    /// shared store should keep it, so that every instance counts against one budget.
    fn load_forced<'a>(
        &'a self,
        key: &'a str,
    ) -> BoxFuture<'a, Result<Option<ForcedRefreshes>, Error>> {
        let _ = key;
        Box::pin(async { Ok(None) })
    }

    /// Stores the record of forced refreshes of `key`'s token (with the refresh lock held).
    fn save_forced<'a>(
        &'a self,
        key: &'a str,
        record: &'a ForcedRefreshes,
    ) -> BoxFuture<'a, Result<(), Error>> {
        let _ = (key, record);
        Box::pin(async { Ok(()) })
    }
}

/// A random id for a lock holder.
pub(crate) fn lock_id() -> String {
    format!("{}-{:016x}", std::process::id(), fastrand::u64(..))
}

/// A store in this process's memory: the default. Share one between clients of the same app
/// by passing clones of one `Arc`.
#[derive(Debug, Default)]
pub struct MemoryStore {
    tokens: Mutex<HashMap<String, StoredToken>>,
    locks: Mutex<HashMap<String, (String, Instant)>>,
    forced: Mutex<HashMap<String, ForcedRefreshes>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        MemoryStore::default()
    }
}

fn locked<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl TokenStore for MemoryStore {
    fn load<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Option<StoredToken>, Error>> {
        let found = locked(&self.tokens).get(key).cloned();
        Box::pin(async move { Ok(found) })
    }

    fn save<'a>(
        &'a self,
        key: &'a str,
        token: &'a StoredToken,
    ) -> BoxFuture<'a, Result<(), Error>> {
        locked(&self.tokens).insert(key.to_owned(), token.clone());
        Box::pin(async { Ok(()) })
    }

    fn try_lock<'a>(
        &'a self,
        key: &'a str,
        ttl: Duration,
    ) -> BoxFuture<'a, Result<Option<String>, Error>> {
        let mut locks = locked(&self.locks);
        let now = Instant::now();
        let taken = match locks.get(key) {
            Some((_, until)) if *until > now => None,
            _ => {
                let id = lock_id();
                locks.insert(key.to_owned(), (id.clone(), now + ttl));
                Some(id)
            }
        };
        Box::pin(async move { Ok(taken) })
    }

    fn unlock<'a>(&'a self, key: &'a str, lock: &'a str) -> BoxFuture<'a, Result<(), Error>> {
        let mut locks = locked(&self.locks);
        if locks.get(key).is_some_and(|(id, _)| id == lock) {
            locks.remove(key);
        }
        Box::pin(async { Ok(()) })
    }

    fn load_forced<'a>(
        &'a self,
        key: &'a str,
    ) -> BoxFuture<'a, Result<Option<ForcedRefreshes>, Error>> {
        let found = locked(&self.forced).get(key).copied();
        Box::pin(async move { Ok(found) })
    }

    fn save_forced<'a>(
        &'a self,
        key: &'a str,
        record: &'a ForcedRefreshes,
    ) -> BoxFuture<'a, Result<(), Error>> {
        locked(&self.forced).insert(key.to_owned(), *record);
        Box::pin(async { Ok(()) })
    }
}
