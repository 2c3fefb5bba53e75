//! Turning an endpoint and a typed request into an HTTP request, and sending it.

use serde::Serialize;

use crate::endpoint::{Endpoint, Method};
use crate::error::{Error, TransportError, ValidationError};
use crate::host::Hosts;
use crate::retry::RetryPolicy;
use crate::token::{AccessToken, AppCredentials, TokenSource};

/// A request ready to send.
pub(crate) struct Prepared {
    pub method: reqwest::Method,
    pub url: reqwest::Url,
    /// A JSON body, for POST.
    pub body: Option<Vec<u8>>,
}

/// What both clients keep: the HTTP client (async or blocking), hosts, token source and retry
/// policy.
pub(crate) struct Shared<H> {
    pub http: H,
    pub hosts: std::sync::Arc<Hosts>,
    pub token: Option<std::sync::Arc<dyn TokenSource>>,
    /// The app's credentials, for endpoints that send them (`auth: app_credentials`).
    pub credentials: Option<AppCredentials>,
    pub retry: RetryPolicy,
}

/// What an attempt authenticates with: the access token and, for `app_credentials`
/// endpoints, the AppID and AppSecret. Every secret here is scrubbed from transport errors.
#[derive(Default)]
pub(crate) struct Auth<'a> {
    pub token: Option<&'a AccessToken>,
    pub credentials: Option<&'a AppCredentials>,
}

impl Auth<'_> {
    /// The secrets the request carries, for redaction.
    pub fn secrets(&self) -> [&str; 2] {
        [
            self.token.map_or("", AccessToken::secret),
            self.credentials.map_or("", |c| c.secret.expose()),
        ]
    }
}

/// An answer as read: status, content type and the whole body.
pub(crate) struct Reply {
    pub status: u16,
    pub content_type: String,
    pub body: bytes::Bytes,
}

impl<H> Shared<H> {
    /// `Debug` of a client: the base URL only, never the token source.
    pub fn debug(&self, name: &str, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct(name)
            .field("base_url", &self.hosts.current().1)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }

    /// The app's credentials, for an endpoint that sends them.
    pub fn app_credentials(&self) -> Result<&AppCredentials, Error> {
        self.credentials.as_ref().ok_or_else(|| {
            Error::Config(
                "this endpoint sends the app's AppID and AppSecret: call credentials()".into(),
            )
        })
    }

    /// The token source, for an endpoint that needs one.
    pub fn token_source(&self) -> Result<&dyn TokenSource, Error> {
        self.token.as_deref().ok_or_else(|| {
            Error::Config(
                "no access token: call access_token(), credentials() or token_source()".into(),
            )
        })
    }
}

/// GET requests carry the request's fields in the query string, POST requests as JSON. The
/// access token (or the app's credentials), when given, go first in the query string.
pub(crate) fn prepare_with<Req: Serialize + ?Sized>(
    base: &str,
    endpoint: &Endpoint,
    auth: &Auth<'_>,
    request: Option<&Req>,
) -> Result<Prepared, Error> {
    let mut url = reqwest::Url::parse(&format!("{base}{}", endpoint.path))
        .map_err(|err| Error::Config(format!("endpoint URL: {err}")))?;
    {
        let mut query = url.query_pairs_mut();
        if let Some(token) = auth.token {
            query.append_pair("access_token", token.secret());
        }
        if let Some(credentials) = auth.credentials {
            query.append_pair("appid", &credentials.appid);
            query.append_pair("secret", credentials.secret.expose());
        }
        query.extend_pairs(endpoint.fixed_query);
    }
    let mut body = None;
    if let Some(request) = request {
        match endpoint.method {
            Method::Get => {
                let extra = serde_urlencoded::to_string(request).map_err(|err| {
                    ValidationError::new(
                        "(query)",
                        "a flat set of query parameters",
                        err.to_string(),
                    )
                })?;
                if !extra.is_empty() {
                    let query = match url.query() {
                        Some(q) if !q.is_empty() => format!("{q}&{extra}"),
                        _ => extra,
                    };
                    url.set_query(Some(&query));
                }
            }
            Method::Post => {
                body = Some(serde_json::to_vec(request).map_err(|err| {
                    ValidationError::new("(body)", "serializable as JSON", err.to_string())
                })?);
            }
        }
    }
    if url.query() == Some("") {
        url.set_query(None);
    }
    let method = match endpoint.method {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
    };
    Ok(Prepared { method, url, body })
}

/// [`prepare_with`] an access token only (the token endpoints send none).
pub(crate) fn prepare<Req: Serialize + ?Sized>(
    base: &str,
    endpoint: &Endpoint,
    token: Option<&AccessToken>,
    request: Option<&Req>,
) -> Result<Prepared, Error> {
    let auth = Auth {
        token,
        credentials: None,
    };
    prepare_with(base, endpoint, &auth, request)
}

/// [`send_reply`] with one secret to scrub, giving the status and body.
pub(crate) async fn send(
    http: &reqwest::Client,
    endpoint: &'static Endpoint,
    prepared: Prepared,
    secret: &str,
) -> Result<(u16, bytes::Bytes), TransportError> {
    let reply = send_reply(http, endpoint, prepared, [secret, ""]).await?;
    Ok((reply.status, reply.body))
}

/// The content type of a response, empty when absent.
fn content_type(headers: &reqwest::header::HeaderMap) -> String {
    headers
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// Sends `prepared` and reads the whole body. `secrets` (the token or app secret the URL or
/// body carries) are scrubbed from any error.
pub(crate) async fn send_reply(
    http: &reqwest::Client,
    endpoint: &'static Endpoint,
    prepared: Prepared,
    secrets: [&str; 2],
) -> Result<Reply, TransportError> {
    let transport = |err| {
        let err = TransportError::from_reqwest(endpoint.path, err);
        secrets.iter().fold(err, |err, secret| err.redact(secret))
    };
    let mut builder = http.request(prepared.method, prepared.url);
    if let Some(body) = prepared.body {
        builder = builder
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body);
    }
    let response = builder.send().await.map_err(transport)?;
    let status = response.status().as_u16();
    let content_type = content_type(response.headers());
    let body = response.bytes().await.map_err(transport)?;
    Ok(Reply {
        status,
        content_type,
        body,
    })
}

/// [`send_reply`] for the blocking client.
#[cfg(feature = "blocking")]
pub(crate) fn send_blocking(
    http: &reqwest::blocking::Client,
    endpoint: &'static Endpoint,
    prepared: Prepared,
    secrets: [&str; 2],
) -> Result<Reply, TransportError> {
    let transport = |err| {
        let err = TransportError::from_reqwest(endpoint.path, err);
        secrets.iter().fold(err, |err, secret| err.redact(secret))
    };
    let mut builder = http.request(prepared.method, prepared.url);
    if let Some(body) = prepared.body {
        builder = builder
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body);
    }
    let response = builder.send().map_err(transport)?;
    let status = response.status().as_u16();
    let content_type = content_type(response.headers());
    let body = response.bytes().map_err(transport)?;
    Ok(Reply {
        status,
        content_type,
        body,
    })
}
