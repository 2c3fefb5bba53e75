//! Which failures are retried, and how long to wait before the next attempt.

use std::time::Duration;

use crate::endpoint::Endpoint;
use crate::error::{Error, TransportErrorKind};

/// What the runtime does when WeChat answers an error code: each documented code's kind comes
/// from the spec (`retry:` of every error code, WeChat's global ones included).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RetryKind {
    /// Final: the same request fails the same way. Codes documented nowhere are final too.
    Never,
    /// A passing condition (-1, system busy): retried after a jittered backoff, within
    /// [`RetryPolicy::max_retries`].
    Backoff,
    /// A per-minute quota (45011): only a wait of up to a minute helps, so it is retried only
    /// when [`RetryPolicy::minute_quota_wait`] is set, once per retry allowed.
    MinuteQuota,
    /// A daily quota (45009): nothing helps before it resets, so the call fails at once
    /// ([`Error::is_daily_quota`]).
    DailyQuota,
    /// The access token was rejected (40001, 40014, 42001): it is invalidated and the call
    /// retried once with a new one.
    RefreshToken,
}

/// How a client retries failed calls.
///
/// - A rejected token ([`RetryKind::RefreshToken`]: 40001, 40014, 42001) is invalidated and the
///   call retried **once** with a new one, immediately. This retry does not count against
///   `max_retries`.
/// - System busy ([`RetryKind::Backoff`]: -1) is retried at most `max_retries` times, after a
///   backoff that doubles from `initial_backoff` up to `max_backoff`, with random jitter (each
///   wait is between half and all of it).
/// - A per-minute quota ([`RetryKind::MinuteQuota`]: 45011) is retried after
///   `minute_quota_wait`, only when that is set (by default it is not: a call would otherwise
///   hang for up to a minute).
/// - A daily quota ([`RetryKind::DailyQuota`]: 45009) and other codes are never retried.
/// - A connection that could not be made is retried (with a move to the next host when
///   failover is on): the request did not reach WeChat.
/// - Timeouts and HTTP 5xx are retried for idempotent endpoints only (queries): a send, an
///   apply, an update or a deletion may have been processed already, and is not repeated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt, for busy, transport and 5xx failures (default 2).
    pub max_retries: u32,
    /// The first backoff (default 200 ms).
    pub initial_backoff: Duration,
    /// The longest backoff (default 5 s).
    pub max_backoff: Duration,
    /// The wait before retrying a per-minute quota error (45011); `None` (the default) returns
    /// the error at once. Up to a minute can be needed before the quota resets.
    pub minute_quota_wait: Option<Duration>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            minute_quota_wait: None,
        }
    }
}

impl RetryPolicy {
    /// No retries, except the one after a rejected token.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// The wait before retry number `retry` (1 for the first retry), with jitter.
    pub fn backoff(&self, retry: u32) -> Duration {
        let doubled = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retry.saturating_sub(1)));
        let full = doubled.min(self.max_backoff);
        let half = full / 2;
        half + half.mul_f64(fastrand::f64())
    }
}

/// What a failed attempt calls for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// WeChat rejected the access token.
    TokenRejected,
    /// Worth another try after a backoff.
    Transient,
    /// A per-minute quota: worth another try only after a long wait.
    MinuteQuota,
    /// The host could not be reached (a transient failure that may also move to another host).
    Unreachable,
    /// Retrying would not help.
    Final,
}

/// What a failure of a call to `endpoint` calls for: API codes by their documented kind,
/// transport failures by whether WeChat may have acted and the endpoint is idempotent.
pub(crate) fn classify(err: &Error, endpoint: &Endpoint) -> Failure {
    match err {
        Error::Api(api) => match api.retry {
            RetryKind::RefreshToken => Failure::TokenRejected,
            RetryKind::Backoff => Failure::Transient,
            RetryKind::MinuteQuota => Failure::MinuteQuota,
            RetryKind::DailyQuota | RetryKind::Never => Failure::Final,
        },
        Error::Transport(t) => match t.kind {
            TransportErrorKind::Connect => Failure::Unreachable,
            TransportErrorKind::Timeout if endpoint.idempotent => Failure::Transient,
            TransportErrorKind::HttpStatus(status) if status >= 500 && endpoint.idempotent => {
                Failure::Transient
            }
            _ => Failure::Final,
        },
        _ => Failure::Final,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_jitter_and_stays_bounded() {
        let policy = RetryPolicy {
            max_retries: 40,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(1),
            minute_quota_wait: None,
        };
        for retry in 1..=40 {
            let full = Duration::from_millis(100)
                .saturating_mul(2u32.saturating_pow(retry - 1))
                .min(Duration::from_secs(1));
            for _ in 0..50 {
                let wait = policy.backoff(retry);
                assert!(wait >= full / 2 && wait <= full, "retry {retry}: {wait:?}");
            }
        }
    }

    #[test]
    fn api_codes_are_classified_by_their_documented_kind() {
        let endpoint = &crate::token::fetch::STABLE_TOKEN;
        let api = |code| {
            let err = Error::Api(crate::ApiError::new(endpoint, code, String::new(), 200));
            classify(&err, endpoint)
        };
        assert_eq!(api(40001), Failure::TokenRejected);
        assert_eq!(api(42001), Failure::TokenRejected);
        assert_eq!(api(-1), Failure::Transient);
        assert_eq!(api(45011), Failure::MinuteQuota);
        assert_eq!(api(45009), Failure::Final);
        assert_eq!(api(40013), Failure::Final);
        assert_eq!(api(987654), Failure::Final, "a code documented nowhere");
        let config = Error::Config("x".into());
        assert_eq!(classify(&config, endpoint), Failure::Final);
    }
}
