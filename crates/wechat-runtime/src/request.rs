//! Turning an endpoint and a typed request into a URL and a body.

use serde::Serialize;

use crate::endpoint::{Endpoint, Method};
use crate::error::{Error, ValidationError};
use crate::token::AccessToken;

/// A request ready to send.
pub(crate) struct Prepared {
    pub method: reqwest::Method,
    pub url: reqwest::Url,
    /// A JSON body, for POST.
    pub body: Option<Vec<u8>>,
}

/// What both clients keep: the HTTP client (async or blocking), base URL and token source.
pub(crate) struct Shared<H> {
    pub http: H,
    pub base_url: String,
    pub token: std::sync::Arc<dyn crate::token::TokenSource>,
}

impl<H> Shared<H> {
    /// `Debug` of a client: the base URL only, never the token source.
    pub fn debug(&self, name: &str, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct(name)
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

/// GET requests carry the request's fields in the query string, POST requests as JSON.
pub(crate) fn prepare<Req: Serialize + ?Sized>(
    base: &str,
    endpoint: &Endpoint,
    token: &AccessToken,
    request: Option<&Req>,
) -> Result<Prepared, Error> {
    let mut url = reqwest::Url::parse(&format!("{base}{}", endpoint.path))
        .map_err(|err| Error::Config(format!("endpoint URL: {err}")))?;
    url.query_pairs_mut()
        .append_pair("access_token", token.secret())
        .extend_pairs(endpoint.fixed_query);
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
                    let query = format!("{}&{extra}", url.query().unwrap_or_default());
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
    let method = match endpoint.method {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
    };
    Ok(Prepared { method, url, body })
}
