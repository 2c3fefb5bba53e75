//! Turning an endpoint and a typed request into an HTTP request, and sending it.

use std::borrow::Cow;

use serde::Serialize;
use serde_json::Value;

use crate::endpoint::{Endpoint, Method};
use crate::error::{Error, TransportError, TransportErrorKind, ValidationError};
use crate::host::Hosts;
use crate::redact::{is_sensitive_key, Redactor};
use crate::retry::RetryPolicy;
use crate::token::{AccessToken, AppCredentials, TokenSource};

/// A request ready to send.
pub(crate) struct Prepared {
    pub method: reqwest::Method,
    pub url: reqwest::Url,
    /// A JSON body, for POST.
    pub body: Option<bytes::Bytes>,
    /// The secrets the request carries (token, app secret, sensitive fields), to scrub from
    /// anything kept of its failure.
    pub redactor: Redactor,
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
    /// Secrets of the client itself (the app secret), scrubbed from every call's errors.
    pub secrets: Redactor,
}

/// What an attempt authenticates with: the access token and, for `app_credentials`
/// endpoints, the AppID and AppSecret. Every secret here is scrubbed from transport errors.
#[derive(Default)]
pub(crate) struct Auth<'a> {
    pub token: Option<&'a AccessToken>,
    pub credentials: Option<&'a AppCredentials>,
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

/// A request's own fields, encoded once before the first attempt: the only step of a call that
/// depends on the request's type, so that everything else is compiled once, in this crate.
pub(crate) enum Payload {
    /// No request value.
    None,
    /// Query pairs of a GET request, already encoded.
    Query(String),
    /// The JSON body of a POST request, shared by every attempt without a copy, and the secrets
    /// it carries, found once: the values of its sensitive keys, for an endpoint that takes no
    /// access token (only those send credentials in their body); none for the others.
    Json(bytes::Bytes, Redactor),
}

/// Encodes `request` as `endpoint` sends it: query pairs for GET, a JSON body for POST.
///
/// The request becomes a JSON value first, so that each request type instantiates one
/// serializer, and the query and body encoders (`encode_value`) are compiled once, here.
pub(crate) fn encode<Req: Serialize + ?Sized>(
    endpoint: &Endpoint,
    request: Option<&Req>,
) -> Result<Payload, Error> {
    let Some(request) = request else {
        return Ok(Payload::None);
    };
    let value = serde_json::to_value(request).map_err(|err| {
        ValidationError::new("(request)", "serializable as JSON", err.to_string())
    })?;
    encode_value(endpoint, &value)
}

/// [`encode`] of a request already a JSON value.
fn encode_value(endpoint: &Endpoint, value: &Value) -> Result<Payload, Error> {
    Ok(match endpoint.method {
        Method::Get => Payload::Query(
            query_pairs(value)
                .and_then(|pairs| serde_urlencoded::to_string(pairs).map_err(|e| e.to_string()))
                .map_err(|err| {
                    ValidationError::new("(query)", "a flat set of query parameters", err)
                })?,
        ),
        Method::Post => {
            let mut secrets = Redactor::default();
            if !endpoint.access_token {
                secrets.add_json_values(value);
            }
            let body = serde_json::to_vec(value).map_err(|err| {
                ValidationError::new("(body)", "serializable as JSON", err.to_string())
            })?;
            Payload::Json(body.into(), secrets)
        }
    })
}

/// The query pairs of a GET request: its members in order, each a string, number or boolean,
/// written as serde_urlencoded writes them. Read off the value rather than serializing it:
/// with serde_json's `arbitrary_precision`, which any crate of an application may turn on, a
/// `Number` serializes as a struct, which query pairs cannot hold.
fn query_pairs(value: &Value) -> Result<Vec<(&str, Cow<'_, str>)>, String> {
    let Value::Object(members) = value else {
        return Err("the request is not an object".into());
    };
    members
        .iter()
        .map(|(key, member)| {
            let text = match member {
                Value::String(text) => Cow::Borrowed(text.as_str()),
                Value::Number(number) => Cow::Owned(number.to_string()),
                Value::Bool(flag) => Cow::Borrowed(if *flag { "true" } else { "false" }),
                Value::Null | Value::Array(_) | Value::Object(_) => {
                    return Err(format!("`{key}` is not a string, number or boolean"));
                }
            };
            Ok((key.as_str(), text))
        })
        .collect()
}

/// The request of one attempt: the URL with the token or app credentials and `payload`'s query
/// pairs (GET) or `payload` as the JSON body (POST), and a redactor of every secret it carries.
pub(crate) fn prepare_with(
    base: &str,
    endpoint: &Endpoint,
    auth: &Auth<'_>,
    payload: &Payload,
    secrets: &Redactor,
) -> Result<Prepared, Error> {
    let mut redactor = secrets.clone();
    if let Some(token) = auth.token {
        redactor.add(token.secret());
    }
    if let Some(credentials) = auth.credentials {
        redactor.add(credentials.secret.expose());
    }
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
    match payload {
        Payload::None => {}
        Payload::Query(extra) => {
            if !extra.is_empty() {
                let query = match url.query() {
                    Some(q) if !q.is_empty() => format!("{q}&{extra}"),
                    _ => extra.clone(),
                };
                url.set_query(Some(&query));
            }
        }
        Payload::Json(json, body_secrets) => {
            body = Some(json.clone());
            redactor.merge(body_secrets);
        }
    }
    if url.query() == Some("") {
        url.set_query(None);
    }
    for (key, value) in url.query_pairs() {
        if is_sensitive_key(&key) {
            redactor.add(&value);
        }
    }
    let method = match endpoint.method {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
    };
    Ok(Prepared {
        method,
        url,
        body,
        redactor,
    })
}

/// [`prepare_with`] an access token only (the token endpoints send none).
pub(crate) fn prepare<Req: Serialize + ?Sized>(
    base: &str,
    endpoint: &Endpoint,
    token: Option<&AccessToken>,
    request: Option<&Req>,
    secrets: &Redactor,
) -> Result<Prepared, Error> {
    let auth = Auth {
        token,
        credentials: None,
    };
    prepare_with(base, endpoint, &auth, &encode(endpoint, request)?, secrets)
}

/// A redirect answer, as an error: WeChat's API never redirects, and the clients do not follow
/// redirects (the request URL carries the access token).
fn redirect_error(
    endpoint: &'static Endpoint,
    status: reqwest::StatusCode,
    headers: &reqwest::header::HeaderMap,
    redactor: &Redactor,
) -> TransportError {
    let location = headers
        .get(reqwest::header::LOCATION)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
    let message = match location {
        Some(location) => format!("to {}", redactor.redact(&location)),
        None => "without a location".to_owned(),
    };
    TransportError::new(
        endpoint.path,
        TransportErrorKind::Redirect(status.as_u16()),
        message,
        None,
    )
}

/// The content type of a response, empty when absent.
fn content_type(headers: &reqwest::header::HeaderMap) -> String {
    headers
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// Sends `prepared` and reads the whole body. The request's secrets are scrubbed from any
/// error; a redirect is an error.
pub(crate) async fn send(
    http: &reqwest::Client,
    endpoint: &'static Endpoint,
    prepared: Prepared,
) -> Result<Reply, TransportError> {
    let redactor = prepared.redactor;
    let transport = |err| TransportError::from_reqwest(endpoint.path, err, &redactor);
    let mut builder = http.request(prepared.method, prepared.url);
    if let Some(body) = prepared.body {
        builder = builder
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body);
    }
    let response = builder.send().await.map_err(transport)?;
    let status = response.status();
    if status.is_redirection() {
        return Err(redirect_error(
            endpoint,
            status,
            response.headers(),
            &redactor,
        ));
    }
    let content_type = content_type(response.headers());
    let body = response.bytes().await.map_err(transport)?;
    Ok(Reply {
        status: status.as_u16(),
        content_type,
        body,
    })
}

/// [`send`] for the blocking client.
#[cfg(feature = "blocking")]
pub(crate) fn send_blocking(
    http: &reqwest::blocking::Client,
    endpoint: &'static Endpoint,
    prepared: Prepared,
) -> Result<Reply, TransportError> {
    let redactor = prepared.redactor;
    let transport = |err| TransportError::from_reqwest(endpoint.path, err, &redactor);
    let mut builder = http.request(prepared.method, prepared.url);
    if let Some(body) = prepared.body {
        builder = builder
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body);
    }
    let response = builder.send().map_err(transport)?;
    let status = response.status();
    if status.is_redirection() {
        return Err(redirect_error(
            endpoint,
            status,
            response.headers(),
            &redactor,
        ));
    }
    let content_type = content_type(response.headers());
    let body = response.bytes().map_err(transport)?;
    Ok(Reply {
        status: status.as_u16(),
        content_type,
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Envelope;

    fn endpoint(method: Method) -> Endpoint {
        Endpoint {
            domain: "test",
            name: "test",
            method,
            path: "/test",
            fixed_query: &[],
            access_token: true,
            app_credentials: false,
            signature: None,
            idempotent: true,
            envelope: Envelope::ErrCode,
            errors: &[],
            no_data_codes: &[],
        }
    }

    #[derive(Serialize)]
    struct Flat {
        zeta: &'static str,
        alpha: u64,
        price: f64,
        ratio: f64,
        negative: i64,
        flag: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        unset: Option<u32>,
        text: &'static str,
    }

    #[derive(Serialize)]
    struct Nested {
        flat: Flat,
        list: Vec<u8>,
    }

    fn flat() -> Flat {
        Flat {
            zeta: "first",
            alpha: u64::MAX,
            price: 0.1 + 0.2,
            ratio: 1e-7,
            negative: i64::MIN,
            flag: true,
            unset: None,
            text: "a&b=c 中文 \"q\"",
        }
    }

    // Requests become a JSON value before encoding: the bytes must be what serializing the
    // request directly gives, key order and number forms included.
    #[test]
    fn encoding_through_a_value_changes_nothing() {
        let Payload::Json(body, _) = encode(&endpoint(Method::Post), Some(&flat())).unwrap() else {
            panic!("a POST request has a JSON body");
        };
        assert_eq!(body.as_ref(), serde_json::to_vec(&flat()).unwrap());
        let nested = Nested {
            flat: flat(),
            list: vec![1, 2],
        };
        let Payload::Json(body, _) = encode(&endpoint(Method::Post), Some(&nested)).unwrap() else {
            panic!("a POST request has a JSON body");
        };
        assert_eq!(body.as_ref(), serde_json::to_vec(&nested).unwrap());

        let Payload::Query(query) = encode(&endpoint(Method::Get), Some(&flat())).unwrap() else {
            panic!("a GET request has query pairs");
        };
        assert_eq!(query, serde_urlencoded::to_string(flat()).unwrap());
        let null = serde_json::json!({"a": 1, "b": null});
        for bad in [
            serde_json::to_value(&nested).unwrap(),
            null,
            Value::from("text"),
        ] {
            match encode(&endpoint(Method::Get), Some(&bad)) {
                Err(err) => assert!(err.to_string().contains("a flat set of query"), "{err}"),
                Ok(_) => panic!("{bad} cannot be query pairs"),
            }
            assert!(serde_urlencoded::to_string(&bad).is_err(), "{bad}");
        }
        assert!(matches!(
            encode::<Flat>(&endpoint(Method::Get), None),
            Ok(Payload::None)
        ));
    }

    // A body's secrets are found once, when it is encoded, and only where the endpoint takes
    // no access token; every attempt's redactor then has them.
    #[test]
    fn a_body_carrying_credentials_has_its_secrets_found_once() {
        let request = serde_json::json!({
            "appid": "wx-app",
            "secret": "body-secret-value",
            "nested": [{"session_key": "nested-session-key"}],
        });
        let mut no_token = endpoint(Method::Post);
        no_token.access_token = false;
        let payload = encode(&no_token, Some(&request)).unwrap();
        let Payload::Json(_, secrets) = &payload else {
            panic!("a POST request has a JSON body");
        };
        let echo = "echo: body-secret-value and nested-session-key, appid wx-app";
        assert_eq!(
            secrets.redact(echo),
            "echo: <redacted> and <redacted>, appid wx-app"
        );
        let prepared = prepare_with(
            "http://127.0.0.1:1",
            &no_token,
            &Auth {
                token: None,
                credentials: None,
            },
            &payload,
            &Redactor::default(),
        )
        .unwrap();
        assert_eq!(prepared.redactor.redact(echo), secrets.redact(echo));

        let Ok(Payload::Json(_, secrets)) = encode(&endpoint(Method::Post), Some(&request)) else {
            panic!("a POST request has a JSON body");
        };
        assert_eq!(
            secrets.redact(echo),
            echo,
            "a token endpoint's body is not searched"
        );
    }
}
