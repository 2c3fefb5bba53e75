//! A token store in Redis (feature `redis`), so that several instances share one token.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::limits::ForcedRefreshes;
use super::store::{lock_id, StoredToken, TokenStore};
use super::{AccessToken, BoxFuture};
use crate::error::Error;

/// Deletes the lock only if it still holds our id: a lock that expired and was taken by
/// another instance must not be released by us.
const UNLOCK: &str = r#"if redis.call("GET", KEYS[1]) == ARGV[1] then
  return redis.call("DEL", KEYS[1])
end
return 0"#;

/// A [`TokenStore`] in Redis: the token lives under the store's key for as long as WeChat
/// said it is valid, and the refresh lock is a `SET NX PX` key released by a compare-and-delete
/// script.
///
/// Each operation opens its own connection: the store is read only when a token is missing or
/// about to expire, and a connection tied to no runtime works for async and blocking clients
/// alike. Connecting and each answer are bounded by [`RedisStore::timeouts`] (2 s each by
/// default), so that a Redis that stalls fails calls instead of hanging them; the client
/// bounds every store operation by its own timeout as well.
#[derive(Clone)]
pub struct RedisStore {
    client: redis::Client,
    config: redis::AsyncConnectionConfig,
    timeouts: (Duration, Duration),
}

/// How long to wait for a connection, and for each answer, by default.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(2);

/// How long the record of forced refreshes outlives its last change: past a day, it no
/// longer limits anything.
const FORCED_TTL_MS: u64 = 25 * 3_600_000;

impl fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The connection URL may carry a password.
        f.debug_struct("RedisStore")
            .field("timeouts", &self.timeouts)
            .finish_non_exhaustive()
    }
}

#[derive(Serialize, Deserialize)]
struct Entry {
    access_token: String,
    issued_at_ms: u64,
    expires_at_ms: u64,
}

fn store_error(err: redis::RedisError) -> Error {
    Error::Store(format!("redis: {err}"))
}

impl RedisStore {
    /// A store on the Redis server at `url`, such as `redis://127.0.0.1:6379/0`.
    pub fn open(url: &str) -> Result<Self, Error> {
        let client = redis::Client::open(url).map_err(store_error)?;
        Ok(RedisStore {
            client,
            config: redis::AsyncConnectionConfig::new(),
            timeouts: (Duration::ZERO, Duration::ZERO),
        }
        .timeouts(DEFAULT_TIMEOUT, DEFAULT_TIMEOUT))
    }

    /// The same store, waiting at most `connect` for a connection and `response` for each
    /// answer.
    pub fn timeouts(mut self, connect: Duration, response: Duration) -> Self {
        self.config = redis::AsyncConnectionConfig::new()
            .set_connection_timeout(connect)
            .set_response_timeout(response);
        self.timeouts = (connect, response);
        self
    }

    async fn connection(&self) -> Result<redis::aio::MultiplexedConnection, Error> {
        let connect = self
            .client
            .get_multiplexed_async_connection_with_config(&self.config);
        // The config bounds the TCP connect and each answer; this bounds the handshake too.
        match tokio::time::timeout(self.timeouts.0 + self.timeouts.1, connect).await {
            Ok(result) => result.map_err(store_error),
            Err(_) => Err(Error::Store(format!(
                "redis: no connection within {:?}",
                self.timeouts.0 + self.timeouts.1
            ))),
        }
    }
}

impl TokenStore for RedisStore {
    fn load<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Option<StoredToken>, Error>> {
        Box::pin(async move {
            let mut con = self.connection().await?;
            let raw: Option<String> = redis::cmd("GET")
                .arg(key)
                .query_async(&mut con)
                .await
                .map_err(store_error)?;
            let Some(raw) = raw else { return Ok(None) };
            // An entry we cannot read is treated as absent, and replaced on the next refresh.
            Ok(serde_json::from_str::<Entry>(&raw)
                .ok()
                .map(|entry| StoredToken {
                    token: AccessToken::new(entry.access_token),
                    issued_at_ms: entry.issued_at_ms,
                    expires_at_ms: entry.expires_at_ms,
                }))
        })
    }

    fn save<'a>(
        &'a self,
        key: &'a str,
        token: &'a StoredToken,
    ) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(async move {
            let entry = Entry {
                access_token: token.token.secret().to_owned(),
                issued_at_ms: token.issued_at_ms,
                expires_at_ms: token.expires_at_ms,
            };
            let value = serde_json::to_string(&entry)
                .map_err(|err| Error::Store(format!("cannot encode the token entry: {err}")))?;
            let mut con = self.connection().await?;
            redis::cmd("SET")
                .arg(key)
                .arg(value)
                .arg("PX")
                .arg(token.remaining_ms().max(1))
                .query_async::<()>(&mut con)
                .await
                .map_err(store_error)
        })
    }

    fn try_lock<'a>(
        &'a self,
        key: &'a str,
        ttl: Duration,
    ) -> BoxFuture<'a, Result<Option<String>, Error>> {
        Box::pin(async move {
            let id = lock_id();
            let mut con = self.connection().await?;
            let set: Option<String> = redis::cmd("SET")
                .arg(format!("{key}:lock"))
                .arg(&id)
                .arg("NX")
                .arg("PX")
                .arg(u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1))
                .query_async(&mut con)
                .await
                .map_err(store_error)?;
            Ok(set.map(|_| id))
        })
    }

    fn unlock<'a>(&'a self, key: &'a str, lock: &'a str) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(async move {
            let mut con = self.connection().await?;
            redis::Script::new(UNLOCK)
                .key(format!("{key}:lock"))
                .arg(lock)
                .invoke_async::<i64>(&mut con)
                .await
                .map(drop)
                .map_err(store_error)
        })
    }

    fn load_forced<'a>(
        &'a self,
        key: &'a str,
    ) -> BoxFuture<'a, Result<Option<ForcedRefreshes>, Error>> {
        Box::pin(async move {
            let mut con = self.connection().await?;
            let raw: Option<String> = redis::cmd("GET")
                .arg(format!("{key}:forced"))
                .query_async(&mut con)
                .await
                .map_err(store_error)?;
            // A record we cannot read counts as none; the next forced refresh rewrites it.
            Ok(raw.and_then(|raw| serde_json::from_str(&raw).ok()))
        })
    }

    fn save_forced<'a>(
        &'a self,
        key: &'a str,
        record: &'a ForcedRefreshes,
    ) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(async move {
            let value = serde_json::to_string(record)
                .map_err(|err| Error::Store(format!("cannot encode the record: {err}")))?;
            let mut con = self.connection().await?;
            redis::cmd("SET")
                .arg(format!("{key}:forced"))
                .arg(value)
                .arg("PX")
                .arg(FORCED_TTL_MS)
                .query_async::<()>(&mut con)
                .await
                .map_err(store_error)
        })
    }
}
