//! A local WeChat API server driven by the spec: stripe-mock for WeChat, which also answers
//! the documented errors.
//!
//! It carries `spec/` in its binary and serves every endpoint of every spec'd domain, the
//! token endpoints included. Each request is checked like WeChat would: method, path,
//! `access_token`, required parameters, types and the documented limits (lengths, date format,
//! date spans, page sizes). A failed check answers the documented error code (per the spec's
//! `raised_for`, else WeChat's global 40097 "invalid args"); a request that passes gets the
//! doc's example response. Faults ([`Fault`]) can be chosen at start-up, queued for the next
//! requests, or named per request in the [`FAULT_HEADER`] header.
//!
//! Like WeChat, it checks who calls: app credentials on the token endpoints and on endpoints
//! that take `appid` and `secret` ([`APPID`] and [`APP_SECRET`] unless [`Config::apps`] says
//! otherwise; 40013 for an unknown AppID, 40125 for a wrong secret), and signed requests: login
//! endpoints (whose response holds a signature's subject and key, such as `openid` and
//! `session_key`) issue sessions it remembers, and a signature that is not the HMAC of the
//! subject's session key ([`SESSION_KEY`] for a subject it issued none for) gets the code the
//! spec raises for `signature` (87009 on `wxa/checksession`). Endpoints that answer bytes
//! answer [`PNG`].
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let mock = wechat_mock::Server::start()?;
//! // App credentials the mock accepts; wrap the client in any domain's typed client.
//! let runtime = mock.client_builder().build()?;
//! # let _ = runtime; Ok(()) }
//! ```
//!
//! From a shell: `cargo run -p wechat-mock -- --port 8080`.
#![deny(missing_docs)]

mod check;
mod conn;
mod fault;
mod http;
mod session;
mod spec;
mod state;

use std::net::SocketAddr;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

pub use check::INVALID_ARGS;
pub use fault::{parse_list as parse_faults, Fault, FAULT_HEADER};

use state::State;

/// The AppID the mock's [`Server::client_builder`] uses, accepted unless [`Config::apps`]
/// names others. Another AppID gets 40013 (invalid AppID), as WeChat answers it.
pub const APPID: &str = "wx-mock-app";
/// The AppSecret of [`APPID`]; another secret gets 40125 (invalid AppSecret).
pub const APP_SECRET: &str = "mock-app-secret";
/// The session key of a user (an `openid`) the mock issued no session for: signed requests
/// for such a user are checked against it. Sessions issued by login endpoints
/// (`sns/jscode2session`) have keys of their own.
pub const SESSION_KEY: &str = "mock-session-key";
/// The bytes endpoints with `returns: binary` answer: a valid 1x1 PNG (`image/png`).
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0b, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x60, 0x00, 0x02, 0x00,
    0x00, 0x05, 0x00, 0x01, 0xe9, 0xfa, 0xdc, 0xd8, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44,
    0xae, 0x42, 0x60, 0x82,
];
/// A token the server always accepts, for clients built with a fixed token.
pub const ACCESS_TOKEN: &str = "mock-access-token";

/// How the server behaves.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Faults applied to every request.
    pub faults: Vec<Fault>,
    /// Tokens the server issued expire (42001) after this many calls each.
    pub token_expiry_calls: Option<u64>,
    /// Accept any non-empty access token, not only [`ACCESS_TOKEN`] and issued ones.
    pub any_token: bool,
    /// What the server puts up with from a client.
    pub limits: Limits,
    /// The apps (AppID, AppSecret) whose credentials the token endpoints and the endpoints
    /// that take `appid` and `secret` accept; empty means [`APPID`] and [`APP_SECRET`] only.
    pub apps: Vec<(String, String)>,
    /// Spec files (display path, YAML text) served besides the embedded spec, such as a test
    /// fixture's; they are checked exactly as the embedded ones.
    pub extra_specs: Vec<(String, String)>,
}

/// What the server puts up with, so that slow, huge or many requests cannot exhaust it.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Limits {
    /// Time for a client to send a request's headers, from connecting or from its previous
    /// request (default 10 s); then the connection is closed.
    pub header_timeout: Duration,
    /// Time for a client to send a request's body (default 30 s); then 408.
    pub body_timeout: Duration,
    /// The largest request body (default 1 MiB); a larger one is answered 413.
    pub max_body_bytes: usize,
    /// Connections open at once (default 256); more wait to be accepted.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            max_body_bytes: 1 << 20,
            max_connections: 256,
        }
    }
}

impl Limits {
    /// With a header timeout of `timeout`.
    pub fn header_timeout(mut self, timeout: Duration) -> Self {
        self.header_timeout = timeout;
        self
    }

    /// With a body timeout of `timeout`.
    pub fn body_timeout(mut self, timeout: Duration) -> Self {
        self.body_timeout = timeout;
        self
    }

    /// With bodies of at most `bytes`.
    pub fn max_body_bytes(mut self, bytes: usize) -> Self {
        self.max_body_bytes = bytes;
        self
    }

    /// With at most `connections` open at once.
    pub fn max_connections(mut self, connections: usize) -> Self {
        self.max_connections = connections.max(1);
        self
    }
}

impl Config {
    /// The same configuration, also accepting the app `appid` with `secret`.
    pub fn with_app(mut self, appid: impl Into<String>, secret: impl Into<String>) -> Self {
        self.apps.push((appid.into(), secret.into()));
        self
    }
}

/// A running server; it stops when dropped.
pub struct Server {
    addr: SocketAddr,
    url: String,
    state: Arc<State>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    worker: Option<thread::JoinHandle<()>>,
}

/// Why the server could not start.
#[derive(Debug)]
pub enum StartError {
    /// The embedded spec did not resolve (a build from a broken spec).
    Spec(String),
    /// The port could not be bound, or the runtime not started.
    Io(std::io::Error),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::Spec(err) => write!(f, "the embedded spec does not resolve: {err}"),
            StartError::Io(err) => write!(f, "cannot start the mock server: {err}"),
        }
    }
}

impl std::error::Error for StartError {}

impl Server {
    /// Starts a server with no faults on an ephemeral port of 127.0.0.1, on a thread of its own
    /// (usable from async and blocking code alike).
    pub fn start() -> Result<Server, StartError> {
        Server::start_with(
            Config::default(),
            "127.0.0.1:0".parse().expect("an address"),
        )
    }

    /// Starts a server with `config` on `addr`.
    pub fn start_with(config: Config, addr: SocketAddr) -> Result<Server, StartError> {
        let domains = spec::domains(&config.extra_specs).map_err(StartError::Spec)?;
        let state = Arc::new(State::new(domains, config));
        let std_listener = std::net::TcpListener::bind(addr).map_err(StartError::Io)?;
        std_listener.set_nonblocking(true).map_err(StartError::Io)?;
        let addr = std_listener.local_addr().map_err(StartError::Io)?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(StartError::Io)?;
        let (stop, stopped) = tokio::sync::oneshot::channel();
        let serving = Arc::clone(&state);
        let worker = thread::Builder::new()
            .name("wechat-mock".into())
            .spawn(move || {
                runtime.block_on(async move {
                    match tokio::net::TcpListener::from_std(std_listener) {
                        Ok(listener) => conn::serve(listener, serving, stopped).await,
                        Err(err) => eprintln!("wechat-mock: {err}"),
                    }
                });
            })
            .map_err(StartError::Io)?;
        Ok(Server {
            addr,
            url: format!("http://{addr}"),
            state,
            stop: Some(stop),
            worker: Some(worker),
        })
    }

    /// The base URL to point a client at.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// A client builder for this server, with app credentials it accepts: tokens come from the
    /// mock's own token endpoints.
    pub fn client_builder(&self) -> wechat_runtime::ClientBuilder {
        wechat_runtime::Client::builder()
            .base_url(&self.url)
            .credentials(APPID, APP_SECRET)
    }

    /// Applies `faults` to the next request that reaches an endpoint (token endpoints
    /// included); call it again to queue faults for the request after.
    pub fn fail_next(&self, faults: impl IntoIterator<Item = Fault>) {
        self.state.queue(faults.into_iter().collect());
    }

    /// Connections open now (at most [`Limits::max_connections`]).
    pub fn open_connections(&self) -> usize {
        self.state.open_connections()
    }

    /// How many requests have reached `path`.
    pub fn calls_to(&self, path: &str) -> usize {
        self.state.calls_to(path)
    }

    /// The names of the endpoints of every domain the server carries, as `domain/endpoint`.
    pub fn endpoints(&self) -> Vec<String> {
        self.state.endpoint_names()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}
