//! Which failures are retried, and how long to wait before the next attempt.

use std::time::Duration;

use crate::error::{Error, TransportErrorKind};

/// Codes that mean the access token was rejected: invalid (40001, 40014) or expired (42001).
pub const TOKEN_REJECTED_CODES: [i64; 3] = [40001, 40014, 42001];

/// Codes that mean "not now": system busy (-1) and over the call quota (45009).
pub const BUSY_CODES: [i64; 2] = [-1, 45009];

/// How a client retries failed calls.
///
/// - A rejected token (40001, 40014, 42001) is invalidated and the call retried **once** with a
///   new one, immediately. This retry does not count against `max_retries`.
/// - System busy (-1), over quota (45009), HTTP 5xx, timeouts and connection failures are
///   retried at most `max_retries` times, after a backoff that doubles from `initial_backoff`
///   up to `max_backoff`, with random jitter (each wait is between half and all of it).
///
/// Retrying after a timeout or a 5xx may repeat a call WeChat did process; set
/// `max_retries` to 0 for calls that must not run twice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt, for busy, transport and 5xx failures (default 2).
    pub max_retries: u32,
    /// The first backoff (default 200 ms).
    pub initial_backoff: Duration,
    /// The longest backoff (default 5 s).
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
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
    /// The host could not be reached (a transient failure that may also move to another host).
    Unreachable,
    /// Retrying would not help.
    Final,
}

pub(crate) fn classify(err: &Error) -> Failure {
    match err {
        Error::Api(api) if TOKEN_REJECTED_CODES.contains(&api.code) => Failure::TokenRejected,
        Error::Api(api) if BUSY_CODES.contains(&api.code) => Failure::Transient,
        Error::Transport(t) => match t.kind {
            TransportErrorKind::Connect => Failure::Unreachable,
            TransportErrorKind::Timeout => Failure::Transient,
            TransportErrorKind::HttpStatus(status) if status >= 500 => Failure::Transient,
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
    fn only_classified_failures_are_retried() {
        let endpoint = &crate::token::fetch::STABLE_TOKEN;
        let api = |code| Error::Api(crate::ApiError::new(endpoint, code, String::new(), 200));
        assert_eq!(classify(&api(40001)), Failure::TokenRejected);
        assert_eq!(classify(&api(42001)), Failure::TokenRejected);
        assert_eq!(classify(&api(-1)), Failure::Transient);
        assert_eq!(classify(&api(45009)), Failure::Transient);
        assert_eq!(classify(&api(40013)), Failure::Final);
        assert_eq!(classify(&Error::Config("x".into())), Failure::Final);
    }
}
