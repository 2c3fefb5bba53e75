//! A scripted HTTP server on 127.0.0.1: it answers queued responses in order and records
//! every request.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use serde_json::Value;
use wechat_runtime::{Endpoint, Method, RetryPolicy, Secret};

/// The access token the test clients send.
pub const TEST_TOKEN: &str = "test-access-token";
/// The AppID of [`ScriptedServer::credentials_client`].
pub const TEST_APPID: &str = "wx-test-app";
/// The AppSecret of [`ScriptedServer::credentials_client`].
pub const TEST_APP_SECRET: &str = "test-app-secret";
/// A small valid PNG (one transparent pixel), as binary endpoints answer.
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0b, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x60, 0x00, 0x02, 0x00,
    0x00, 0x05, 0x00, 0x01, 0xe9, 0xfa, 0xdc, 0xd8, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44,
    0xae, 0x42, 0x60, 0x82,
];

/// A port of 127.0.0.1 that nobody listens on (it was free a moment ago).
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    listener.local_addr().expect("local address").port()
}

/// A base URL whose connections are refused.
pub fn refused_url() -> String {
    format!("http://127.0.0.1:{}", free_port())
}

/// A request the server received.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// HTTP method.
    pub method: String,
    /// Path without the query.
    pub path: String,
    /// The request target as sent: path and query.
    pub target: String,
    /// Query parameters in order.
    pub query: Vec<(String, String)>,
    /// `Content-Type`, when sent.
    pub content_type: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

/// A scripted response, with optional faults.
#[derive(Clone, Debug)]
pub struct Reply {
    status: u16,
    content_type: String,
    body: Vec<u8>,
    headers: Vec<(String, String)>,
    delay: Duration,
    truncated: bool,
    echo: bool,
}

impl Reply {
    /// A response with `status` and `body` (sent as `application/json`).
    pub fn new(status: u16, body: impl Into<String>) -> Self {
        Reply {
            status,
            content_type: "application/json".to_owned(),
            body: body.into().into_bytes(),
            headers: Vec::new(),
            delay: Duration::ZERO,
            truncated: false,
            echo: false,
        }
    }

    /// A response that echoes the request, as a proxy's error page or a careless server does:
    /// in `body` and in header values, `{target}` becomes the request target (path and query)
    /// and `{body}` the request body, and `{target_json}` and `{body_json}` the same escaped
    /// for a JSON string.
    pub fn echo(status: u16, body: impl Into<String>) -> Self {
        let mut reply = Reply::new(status, body);
        reply.echo = true;
        reply
    }

    /// The same response with one more header (its value echoes the request too, with
    /// [`Reply::echo`]).
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    /// A response of raw bytes with their content type (an image).
    pub fn bytes(status: u16, content_type: &str, body: &[u8]) -> Self {
        Reply {
            content_type: content_type.to_owned(),
            body: body.to_vec(),
            ..Reply::new(status, "")
        }
    }

    /// A successful access-token response, as both token endpoints answer.
    pub fn token(token: &str, expires_in: u64) -> Self {
        Reply::new(
            200,
            format!(r#"{{"access_token":"{token}","expires_in":{expires_in}}}"#),
        )
    }

    /// The same response, sent after `delay`.
    pub fn delayed(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// The same response cut short: the headers announce more body than is sent, then the
    /// connection closes.
    pub fn truncated(mut self) -> Self {
        self.truncated = true;
        self
    }
}

#[derive(Default)]
struct State {
    responses: VecDeque<Reply>,
    /// Per-path queues, answered before the shared queue, and per-path standing replies.
    routes: std::collections::HashMap<String, (VecDeque<Reply>, Option<Reply>)>,
    requests: Vec<Recorded>,
}

impl State {
    fn reply_for(&mut self, path: &str) -> Reply {
        if let Some((queue, standing)) = self.routes.get_mut(path) {
            if let Some(reply) = queue.pop_front().or_else(|| standing.clone()) {
                return reply;
            }
        }
        self.responses
            .pop_front()
            .unwrap_or_else(|| Reply::new(500, "no response queued"))
    }
}

/// A scripted server: it answers the replies a test queues, in order, and records every
/// request. It stops when dropped.
///
/// A minimal HTTP/1.1 server over std: TCP_NODELAY, each response written in one piece, and
/// keep-alive, so that a connection reused for many calls never waits on delayed ACKs (as it
/// did with a server that wrote headers and body apart).
pub struct ScriptedServer {
    state: Arc<Mutex<State>>,
    url: String,
    stop: Arc<AtomicBool>,
    worker: Option<thread::JoinHandle<()>>,
}

impl ScriptedServer {
    /// Starts a server on an ephemeral port of 127.0.0.1.
    pub fn start() -> ScriptedServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().expect("local address").port();
        let state = Arc::new(Mutex::new(State::default()));
        let stop = Arc::new(AtomicBool::new(false));
        let worker = {
            let (state, stop) = (Arc::clone(&state), Arc::clone(&stop));
            thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let state = Arc::clone(&state);
                    thread::spawn(move || serve_connection(stream, &state));
                }
            })
        };
        ScriptedServer {
            state,
            url: format!("http://127.0.0.1:{port}"),
            stop,
            worker: Some(worker),
        }
    }
    /// The base URL to point a client at.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Queues a response; requests get queued responses in order, then HTTP 500.
    pub fn respond(&self, status: u16, body: &str) {
        self.reply(Reply::new(status, body));
    }

    /// Queues a reply, faults included, like [`respond`](Self::respond).
    pub fn reply(&self, reply: Reply) {
        self.lock().responses.push_back(reply);
    }

    /// Queues a reply for requests to `path` only; they are answered before the shared queue.
    pub fn reply_on(&self, path: &str, reply: Reply) {
        self.lock()
            .routes
            .entry(path.to_owned())
            .or_default()
            .0
            .push_back(reply);
    }

    /// Answers every request to `path` with `reply` once its queue is empty.
    pub fn always_on(&self, path: &str, reply: Reply) {
        self.lock().routes.entry(path.to_owned()).or_default().1 = Some(reply);
    }

    /// The `access_token` each request to `path` carried, in order (empty where none).
    pub fn tokens_sent_to(&self, path: &str) -> Vec<String> {
        self.requests_to(path)
            .into_iter()
            .map(|r| take(&mut r.query.clone(), "access_token").unwrap_or_default())
            .collect()
    }

    /// The requests received so far whose path is `path`.
    pub fn requests_to(&self, path: &str) -> Vec<Recorded> {
        self.lock()
            .requests
            .iter()
            .filter(|r| r.path == path)
            .cloned()
            .collect()
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.lock().requests.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// An async runtime client for this server, with [`TEST_TOKEN`] and no retries (each
    /// queued response answers one call).
    pub fn client(&self) -> wechat_runtime::Client {
        wechat_runtime::Client::builder()
            .base_url(&self.url)
            .access_token(TEST_TOKEN)
            .retry(RetryPolicy::none())
            .build()
            .expect("client for the test server")
    }

    /// An async runtime client for this server with app credentials ([`TEST_APPID`],
    /// [`TEST_APP_SECRET`]) and no retries, for endpoints that send them.
    pub fn credentials_client(&self) -> wechat_runtime::Client {
        wechat_runtime::Client::builder()
            .base_url(&self.url)
            .credentials(TEST_APPID, TEST_APP_SECRET)
            .retry(RetryPolicy::none())
            .build()
            .expect("client for the test server")
    }

    /// [`credentials_client`](Self::credentials_client), blocking.
    pub fn blocking_credentials_client(&self) -> wechat_runtime::blocking::Client {
        wechat_runtime::Client::builder()
            .base_url(&self.url)
            .credentials(TEST_APPID, TEST_APP_SECRET)
            .retry(RetryPolicy::none())
            .build_blocking()
            .expect("client for the test server")
    }

    /// A blocking runtime client for this server, with [`TEST_TOKEN`] and no retries.
    pub fn blocking_client(&self) -> wechat_runtime::blocking::Client {
        wechat_runtime::Client::builder()
            .base_url(&self.url)
            .access_token(TEST_TOKEN)
            .retry(RetryPolicy::none())
            .build_blocking()
            .expect("client for the test server")
    }

    /// Asserts that exactly one request came, and that it is `endpoint` called with `request`
    /// (JSON): method, path, access token, fixed query, and the request as query or body.
    pub fn assert_called(&self, endpoint: &Endpoint, request: Option<&str>) {
        let requests = self.requests();
        assert_eq!(
            requests.len(),
            1,
            "expected exactly one request, got {requests:#?}"
        );
        let got = &requests[0];
        assert_eq!(got.method, endpoint.method.as_str(), "HTTP method");
        assert_eq!(got.path, endpoint.path, "path");
        let mut query = got.query.clone();
        let token = take(&mut query, "access_token");
        let want_token = endpoint.access_token.then_some(TEST_TOKEN);
        assert_eq!(token.as_deref(), want_token, "access_token in the query");
        if endpoint.app_credentials {
            assert_eq!(
                take(&mut query, "appid").as_deref(),
                Some(TEST_APPID),
                "appid"
            );
            assert_eq!(
                take(&mut query, "secret").as_deref(),
                Some(TEST_APP_SECRET),
                "secret"
            );
        }
        for (key, value) in endpoint.fixed_query {
            assert_eq!(
                take(&mut query, key).as_deref(),
                Some(*value),
                "fixed query `{key}`"
            );
        }
        let expected: Option<Value> =
            request.map(|r| serde_json::from_str(r).expect("request JSON"));
        match endpoint.method {
            Method::Get => {
                let mut want: Vec<(String, String)> = match &expected {
                    Some(Value::Object(fields)) => fields
                        .iter()
                        .map(|(k, v)| {
                            (
                                k.clone(),
                                v.as_str().map_or_else(|| v.to_string(), str::to_owned),
                            )
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                want.sort();
                query.sort();
                assert_eq!(query, want, "query parameters");
                assert!(got.body.is_empty(), "a GET request has no body");
            }
            Method::Post => {
                assert!(query.is_empty(), "unexpected query parameters {query:?}");
                match expected {
                    Some(want) => {
                        assert_eq!(got.content_type.as_deref(), Some("application/json"));
                        let body: Value = serde_json::from_slice(&got.body).expect("JSON body");
                        assert_eq!(body, want, "request body");
                    }
                    None => assert!(got.body.is_empty(), "no body expected"),
                }
            }
        }
    }
}

impl ScriptedServer {
    /// [`assert_called`](Self::assert_called) for a signed endpoint: the request as sent
    /// holds the signature made with `key` and the method's name, and nowhere the key itself.
    pub fn assert_signed_call(&self, endpoint: &Endpoint, request: &str, key: &Secret) {
        let signature = endpoint.signature.expect("a signed endpoint");
        let mut want: Value = serde_json::from_str(request).expect("request JSON");
        want[signature.param] = signature.method.sign(key).into();
        want[signature.method_param] = signature.method.as_str().into();
        self.assert_called(endpoint, Some(&want.to_string()));
        for got in self.requests() {
            let sent = format!("{:?} {}", got.query, String::from_utf8_lossy(&got.body));
            assert!(
                !sent.contains(key.expose()),
                "the secret itself was sent: {sent}"
            );
        }
    }
}

fn take(query: &mut Vec<(String, String)>, key: &str) -> Option<String> {
    let index = query.iter().position(|(k, _)| k == key)?;
    Some(query.remove(index).1)
}

/// Serves the requests of one connection until the client closes it.
fn serve_connection(stream: TcpStream, state: &Mutex<State>) {
    let _ = stream.set_nodelay(true);
    let Ok(write_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    let mut writer = write_half;
    while let Some(recorded) = read_request(&mut reader) {
        let target = recorded.target.clone();
        let body = String::from_utf8_lossy(&recorded.body).into_owned();
        let reply = {
            let mut state = state
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let reply = state.reply_for(&recorded.path);
            state.requests.push(recorded);
            reply
        };
        thread::sleep(reply.delay);
        let fill = |text: &str| {
            if reply.echo {
                echoed(text, &target, &body)
            } else {
                text.to_owned()
            }
        };
        let reply_body = if reply.echo {
            fill(&String::from_utf8_lossy(&reply.body)).into_bytes()
        } else {
            reply.body.clone()
        };
        let mut headers = String::new();
        for (name, value) in &reply.headers {
            headers.push_str(&format!("{name}: {}\r\n", fill(value)));
        }
        let announced = reply_body.len() + if reply.truncated { 100 } else { 0 };
        let mut response = format!(
            "HTTP/1.1 {} {}\r\ncontent-type: {}\r\n{headers}content-length: {announced}\r\n\r\n",
            reply.status,
            if reply.status < 400 { "OK" } else { "Error" },
            reply.content_type,
        )
        .into_bytes();
        response.extend_from_slice(&reply_body);
        if writer.write_all(&response).is_err() || reply.truncated {
            return;
        }
    }
}

/// `template` with the request's target and body in place of the placeholders of
/// [`Reply::echo`].
fn echoed(template: &str, target: &str, body: &str) -> String {
    let json = |text: &str| {
        let quoted = serde_json::to_string(text).unwrap_or_default();
        quoted[1..quoted.len() - 1].to_owned()
    };
    template
        .replace("{target_json}", &json(target))
        .replace("{body_json}", &json(body))
        .replace("{target}", target)
        .replace("{body}", body)
}

/// Reads one request: request line, headers, and a `content-length` body.
fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Recorded> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next()?.to_owned(), parts.next()?.to_owned());
    let (mut content_type, mut length) = (None, 0usize);
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        let value = value.trim();
        match name.to_ascii_lowercase().as_str() {
            "content-type" => content_type = Some(value.to_owned()),
            "content-length" => length = value.parse().ok()?,
            _ => {}
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    let url = url::Url::parse(&format!("http://127.0.0.1{target}")).ok()?;
    Some(Recorded {
        method,
        path: url.path().to_owned(),
        target,
        query: url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
        content_type,
        body,
    })
}

impl Drop for ScriptedServer {
    fn drop(&mut self) {
        // Wake the accept loop with one last connection so that it sees `stop`.
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.url.trim_start_matches("http://"));
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}
