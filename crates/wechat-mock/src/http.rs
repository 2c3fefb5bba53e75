//! Serving requests: routing, token checks, request checks, faults and answers.

use std::future::Future;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, CONTENT_LENGTH, CONTENT_TYPE};
use hyper::{Method, Request, Response, StatusCode};
use serde_json::{json, Value};
use wechat_spec::ir::{Domain, Endpoint, Envelope, HttpMethod};
use wechat_spec::samples::response_sample;

use crate::check::{check, code_for, query_object};
use crate::fault::{parse_list, Fault, FAULT_HEADER};
use crate::session::{refused_app, refused_signature, unsigned, with_session};
use crate::state::{State, TokenCheck, EXPIRES_IN};

/// An answer before faults: status and JSON body, or (for `returns: binary`) the PNG.
struct Answer {
    status: StatusCode,
    body: Value,
    png: bool,
}

impl Answer {
    fn ok(body: Value) -> Self {
        Answer {
            status: StatusCode::OK,
            body,
            png: false,
        }
    }
}

/// A WeChat error in the domain's envelope (token errors always use top-level `errcode`, as
/// WeChat sends them).
fn error(envelope: Envelope, code: i64, message: &str) -> Answer {
    let body = match envelope {
        Envelope::BaseResp => json!({"base_resp": {"ret": code, "err_msg": message}}),
        Envelope::Errcode => json!({"errcode": code, "errmsg": message}),
    };
    Answer::ok(body)
}

fn top_level_error(code: i64, message: &str) -> Answer {
    error(Envelope::Errcode, code, message)
}

/// What a request that cannot be read is answered: an HTTP error with a JSON message, and no
/// WeChat error code (none applies; a client must not take it for "busy" and retry).
fn refused(status: StatusCode, message: String) -> Response<Body> {
    respond(
        Answer {
            status,
            body: json!({ "errmsg": message }),
            png: false,
        },
        false,
    )
}

/// Reads the request body within the configured size and time, or answers why not: 413 for a
/// body over the limit (at once if its length says so), 408 for one too slow, 400 for one that
/// broke off. A failed read is never taken for an empty body.
async fn read_body(state: &State, request: Request<Incoming>) -> Result<Bytes, Response<Body>> {
    let limits = &state.config.limits;
    let too_large = || {
        refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "request body too large: the mock accepts at most {} bytes",
                limits.max_body_bytes
            ),
        )
    };
    let announced = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|n| n > limits.max_body_bytes as u64) {
        return Err(too_large());
    }
    let body = Limited::new(request.into_body(), limits.max_body_bytes);
    match tokio::time::timeout(limits.body_timeout, body.collect()).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(err)) if err.downcast_ref::<LengthLimitError>().is_some() => Err(too_large()),
        Ok(Err(err)) => Err(refused(
            StatusCode::BAD_REQUEST,
            format!("cannot read the request body: {err}"),
        )),
        Err(_) => Err(refused(
            StatusCode::REQUEST_TIMEOUT,
            format!("request body not received within {:?}", limits.body_timeout),
        )),
    }
}

pub(crate) async fn handle(state: &State, request: Request<Incoming>) -> Response<Body> {
    let header = request
        .headers()
        .get(FAULT_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(parse_list);
    let header = match header {
        Some(Err(problem)) => {
            return respond(
                Answer {
                    status: StatusCode::BAD_REQUEST,
                    body: json!({"errcode": -1, "errmsg": format!("{FAULT_HEADER}: {problem}")}),
                    png: false,
                },
                false,
            )
        }
        Some(Ok(faults)) => faults,
        None => Vec::new(),
    };
    let method = request.method().clone();
    let uri = request.uri().clone();
    let query: Vec<(String, String)> = uri
        .query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default();
    let body = match read_body(state, request).await {
        Ok(body) => body,
        Err(answer) => return answer,
    };
    let path = uri.path();
    let Some((domain, endpoint)) = crate::spec::route(&state.domains, path, &query) else {
        let known = crate::spec::known_path(&state.domains, path);
        let message = if known {
            "invalid url: the fixed query parameters match no endpoint"
        } else {
            "invalid url: no endpoint with this path in the spec"
        };
        let status = if known {
            StatusCode::OK
        } else {
            StatusCode::NOT_FOUND
        };
        let mut answer = top_level_error(40066, message);
        answer.status = status;
        return respond(answer, false);
    };
    state.record_call(path);
    let faults = state.faults_for(header);
    let mut truncate = false;
    for fault in &faults {
        match fault {
            Fault::Latency(delay) => tokio::time::sleep(*delay).await,
            Fault::Http500 => {
                return html(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "<html><body>500 Internal Server Error</body></html>",
                )
            }
            Fault::Busy => {
                return respond(error(domain.envelope, -1, "system error"), false);
            }
            Fault::Quota => {
                return respond(
                    error(domain.envelope, 45009, "reach max api daily quota limit"),
                    false,
                )
            }
            Fault::ExpiredToken if endpoint.access_token => {
                return respond(top_level_error(42001, "access_token expired"), false)
            }
            Fault::ExpiredToken => {}
            Fault::Truncate => truncate = true,
        }
    }
    respond(
        answer(state, domain, endpoint, &method, &query, &body),
        truncate,
    )
}

fn answer(
    state: &State,
    domain: &Domain,
    endpoint: &Endpoint,
    method: &Method,
    query: &[(String, String)],
    body: &[u8],
) -> Answer {
    match (endpoint.method, method) {
        (HttpMethod::Get, &Method::GET) | (HttpMethod::Post, &Method::POST) => {}
        (HttpMethod::Get, _) => return top_level_error(43001, "require GET method"),
        (HttpMethod::Post, _) => return top_level_error(43002, "require POST method"),
    }
    if endpoint.access_token {
        let token = query
            .iter()
            .find(|(k, _)| k == "access_token")
            .map(|(_, v)| v.as_str());
        match state.use_token(token) {
            TokenCheck::Valid => {}
            TokenCheck::Missing => return top_level_error(41001, "access_token missing"),
            TokenCheck::Invalid => {
                return top_level_error(40001, "invalid credential, access_token is invalid")
            }
            TokenCheck::Expired => return top_level_error(42001, "access_token expired"),
        }
    }
    if endpoint.app_credentials {
        let param = |key: &str| {
            query
                .iter()
                .find(|(k, _)| k == key)
                .map_or("", |(_, v)| v.as_str())
        };
        if let Some((code, message)) = refused_app(state, param("appid"), param("secret")) {
            return top_level_error(code, message);
        }
    }
    let request = match endpoint.method {
        HttpMethod::Get => query_object(domain, endpoint, query),
        HttpMethod::Post if body.is_empty() => json!({}),
        HttpMethod::Post => match serde_json::from_slice::<Value>(body) {
            Ok(value) => value,
            Err(err) => return error(domain.envelope, 47001, &format!("data format error: {err}")),
        },
    };
    if !endpoint.access_token {
        if let Some(answer) = token_call(state, endpoint, &request) {
            return answer;
        }
    }
    if let Err(failed) = check(domain, endpoint, &unsigned(endpoint, &request)) {
        let code = code_for(domain, endpoint, failed.check);
        let name = domain
            .errors
            .iter()
            .find(|e| e.code == code)
            .map_or("invalid args", |e| e.name.as_str());
        return error(domain.envelope, code, &format!("{name}: {}", failed.detail));
    }
    if let Some((code, message)) = refused_signature(state, domain, endpoint, &request) {
        return error(domain.envelope, code, &message);
    }
    if endpoint.binary {
        return Answer {
            png: true,
            ..Answer::ok(Value::Null)
        };
    }
    let sample = response_sample(domain, endpoint);
    Answer::ok(with_session(state, domain, endpoint, sample, &request))
}

/// The token endpoints: WeChat's own checks of the credentials, then a token.
fn token_call(state: &State, endpoint: &Endpoint, request: &Value) -> Option<Answer> {
    let field = |key: &str| request.get(key).and_then(Value::as_str).unwrap_or_default();
    let stable = match endpoint.path.as_str() {
        "/cgi-bin/stable_token" => true,
        "/cgi-bin/token" => false,
        _ => return None,
    };
    if stable && field("grant_type") != "client_credential" {
        return Some(top_level_error(40002, "invalid grant_type"));
    }
    if let Some((code, message)) = refused_app(state, field("appid"), field("secret")) {
        return Some(top_level_error(code, message));
    }
    let force = request.get("force_refresh").and_then(Value::as_bool) == Some(true);
    let token = state.issue(field("appid"), stable, force);
    Some(Answer::ok(
        json!({"access_token": token, "expires_in": EXPIRES_IN}),
    ))
}

/// Every answer's body type.
type Body = http_body_util::combinators::BoxBody<Bytes, std::io::Error>;

fn full(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into())
        .map_err(|never| match never {})
        .boxed()
}

/// A body that sends its bytes, waits for them to be flushed, then fails, so that the
/// connection closes short of the announced length.
struct CutShort {
    bytes: Option<Bytes>,
    pause: std::pin::Pin<Box<tokio::time::Sleep>>,
}

impl CutShort {
    fn new(bytes: Bytes) -> Self {
        CutShort {
            bytes: Some(bytes),
            pause: Box::pin(tokio::time::sleep(std::time::Duration::from_millis(20))),
        }
    }
}

impl hyper::body::Body for CutShort {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<Bytes>, std::io::Error>>> {
        if let Some(bytes) = self.bytes.take() {
            return std::task::Poll::Ready(Some(Ok(hyper::body::Frame::data(bytes))));
        }
        self.pause
            .as_mut()
            .poll(cx)
            .map(|()| Some(Err(std::io::Error::other("truncated on purpose"))))
    }
}

fn respond(answer: Answer, truncate: bool) -> Response<Body> {
    let (bytes, content_type) = if answer.png {
        (Bytes::from_static(crate::PNG), "image/png")
    } else {
        let json = serde_json::to_vec(&answer.body).unwrap_or_default();
        (Bytes::from(json), "application/json")
    };
    let announced = bytes.len();
    let body = if truncate {
        CutShort::new(bytes.slice(..announced / 2)).boxed()
    } else {
        full(bytes)
    };
    let mut response = Response::new(body);
    *response.status_mut() = answer.status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    if truncate {
        headers.insert(CONTENT_LENGTH, HeaderValue::from(announced));
    }
    response
}

fn html(status: StatusCode, text: &'static str) -> Response<Body> {
    let mut response = Response::new(full(text));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("text/html"));
    response
}
