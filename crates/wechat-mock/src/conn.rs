//! Accepting connections under pressure: a cap on open connections, a header read timeout,
//! and a backoff when accepting fails (at the file-descriptor limit, `accept` fails at once,
//! and retrying at once spins a core without ever freeing a descriptor).

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use crate::state::State;

/// The first wait after a failed accept; it doubles up to [`MAX_ACCEPT_BACKOFF`].
const MIN_ACCEPT_BACKOFF: Duration = Duration::from_millis(5);
/// The longest wait between two failed accepts.
const MAX_ACCEPT_BACKOFF: Duration = Duration::from_secs(1);
/// hyper's read buffer for one connection (its default is about 400 KiB): request heads are
/// small, and many open connections should not cost much memory.
const READ_BUFFER: usize = 64 * 1024;

/// How long to wait after failed accepts in a row.
#[derive(Debug, Default)]
pub(crate) struct AcceptBackoff {
    next: Option<Duration>,
}

impl AcceptBackoff {
    /// The wait after one more failure.
    pub fn failed(&mut self) -> Duration {
        let wait = self.next.unwrap_or(MIN_ACCEPT_BACKOFF);
        self.next = Some((wait * 2).min(MAX_ACCEPT_BACKOFF));
        wait
    }

    /// An accept succeeded: the next failure starts from the shortest wait again.
    pub fn succeeded(&mut self) {
        self.next = None;
    }
}

/// Accepts connections until `stop` fires, at most `limits.max_connections` open at once (the
/// others wait in the listen backlog).
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: Arc<State>,
    mut stop: tokio::sync::oneshot::Receiver<()>,
) {
    let limits = state.config.limits.clone();
    let mut backoff = AcceptBackoff::default();
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&state.connections).acquire_owned() => permit,
            _ = &mut stop => return,
        };
        let Ok(permit) = permit else { return };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = &mut stop => return,
        };
        let stream = match accepted {
            Ok((stream, _)) => {
                backoff.succeeded();
                stream
            }
            Err(err) => {
                let wait = backoff.failed();
                if wait == MIN_ACCEPT_BACKOFF {
                    eprintln!("wechat-mock: cannot accept a connection ({err}); backing off");
                }
                tokio::select! {
                    _ = tokio::time::sleep(wait) => continue,
                    _ = &mut stop => return,
                }
            }
        };
        let _ = stream.set_nodelay(true);
        let state = Arc::clone(&state);
        let header_timeout = limits.header_timeout;
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let state = Arc::clone(&state);
                async move { Ok::<_, Infallible>(crate::http::handle(&state, request).await) }
            });
            let io = hyper_util::rt::TokioIo::new(stream);
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(header_timeout)
                .max_buf_size(READ_BUFFER)
                .serve_connection(io, service)
                .await;
            drop(permit);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_accepts_back_off_up_to_a_second() {
        let mut backoff = AcceptBackoff::default();
        let waits: Vec<Duration> = (0..12).map(|_| backoff.failed()).collect();
        assert_eq!(waits[0], MIN_ACCEPT_BACKOFF);
        assert!(waits.windows(2).all(|w| w[1] >= w[0]));
        assert_eq!(waits[11], MAX_ACCEPT_BACKOFF);
        backoff.succeeded();
        assert_eq!(backoff.failed(), MIN_ACCEPT_BACKOFF);
    }
}
