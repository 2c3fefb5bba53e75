//! One call from the caller's view: attempts, retries, the tracing span, and what a failed
//! attempt does to the token source and the host in use. Shared by both clients, which only
//! differ in how they wait and send.

use std::time::{Duration, Instant};

use tracing::field::Empty;

use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::request::Shared;
use crate::retry::{classify, Failure};
use crate::token::AccessToken;

/// The outcome of one attempt, with what it used.
pub(crate) struct Attempt<T> {
    pub result: Result<T, Error>,
    /// The token sent, if the attempt got as far as sending one.
    pub token: Option<AccessToken>,
    /// The index of the host the request went to, if it was sent.
    pub host: Option<usize>,
}

impl<T> Attempt<T> {
    /// The attempt with its reply read by `read` (decoded), keeping what it used.
    pub fn read_with<U>(self, read: impl FnOnce(T) -> Result<U, Error>) -> Attempt<U> {
        Attempt {
            result: self.result.and_then(read),
            token: self.token,
            host: self.host,
        }
    }

    /// An attempt that failed before sending anything.
    pub fn unsent(err: Error) -> Self {
        Attempt {
            result: Err(err),
            token: None,
            host: None,
        }
    }
}

/// What to do after an attempt.
pub(crate) enum Next {
    /// Try again after this long.
    Retry(Duration),
    /// Return the attempt's result.
    Done,
}

/// The state of one call across its attempts.
pub(crate) struct Call {
    endpoint: &'static Endpoint,
    attempts: u32,
    retries: u32,
    token_retried: bool,
    started: Instant,
    /// The span every attempt runs in: endpoint, attempt, errcode and latency, never a secret.
    pub span: tracing::Span,
}

impl Call {
    pub fn new(endpoint: &'static Endpoint) -> Self {
        let span = tracing::info_span!(
            "wechat_call",
            endpoint = endpoint.path,
            domain = endpoint.domain,
            attempt = Empty,
            errcode = Empty,
            latency_ms = Empty,
        );
        Call {
            endpoint,
            attempts: 0,
            retries: 0,
            token_retried: false,
            started: Instant::now(),
            span,
        }
    }

    /// Counts an attempt about to start.
    pub fn begin(&mut self) {
        self.attempts += 1;
        self.span.record("attempt", self.attempts);
    }

    /// Decides what follows `attempt`, invalidating a rejected token and moving off an
    /// unreachable host on the way.
    pub fn after<T, H>(&mut self, attempt: &Attempt<T>, shared: &Shared<H>) -> Next {
        let err = match &attempt.result {
            Ok(_) => return self.done(None),
            Err(err) => err,
        };
        let code = err.code();
        let failure = classify(err, self.endpoint);
        let next = match failure {
            // Only a token this call sent can be rejected; a 40001 from the token endpoint
            // itself (a wrong secret) is final.
            Failure::TokenRejected if !self.token_retried => {
                match (&attempt.token, &shared.token) {
                    (Some(token), Some(source)) if source.invalidate(token) => {
                        self.token_retried = true;
                        Next::Retry(Duration::ZERO)
                    }
                    _ => Next::Done,
                }
            }
            Failure::MinuteQuota => match shared.retry.minute_quota_wait {
                Some(wait) if self.retries < shared.retry.max_retries => {
                    self.retries += 1;
                    Next::Retry(wait)
                }
                _ => Next::Done,
            },
            Failure::Transient | Failure::Unreachable
                if self.retries < shared.retry.max_retries =>
            {
                self.retries += 1;
                let moved = failure == Failure::Unreachable
                    && attempt
                        .host
                        .is_some_and(|host| shared.hosts.unreachable(host));
                // A new host is worth trying at once; the same host gets time to recover.
                let wait = if moved {
                    Duration::ZERO
                } else {
                    shared.retry.backoff(self.retries)
                };
                Next::Retry(wait)
            }
            _ => Next::Done,
        };
        match next {
            Next::Retry(wait) => {
                tracing::info!(
                    errcode = code,
                    error_kind = kind(err),
                    wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                    "retrying WeChat call"
                );
                next
            }
            Next::Done => self.done(Some(err)),
        }
    }

    fn done(&self, err: Option<&Error>) -> Next {
        let code = err.and_then(Error::code).unwrap_or(0);
        let latency = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.span.record("errcode", code);
        self.span.record("latency_ms", latency);
        match err {
            None => tracing::debug!(endpoint = self.endpoint.path, "WeChat call succeeded"),
            Some(err) => tracing::info!(error_kind = kind(err), "WeChat call failed"),
        }
        Next::Done
    }
}

/// A short, secret-free name of an error's kind, for logs.
fn kind(err: &Error) -> &'static str {
    match err {
        Error::Api(_) => "api",
        Error::Transport(_) => "transport",
        Error::Decode(_) => "decode",
        Error::Validation(_) => "validation",
        Error::Config(_) => "config",
        Error::PageLimit { .. } => "page_limit",
        Error::Store(_) => "token_store",
        Error::RefreshLimited(_) => "token_refresh_limited",
    }
}
