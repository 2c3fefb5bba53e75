//! The blocking client (feature `blocking`): the same calls as [`crate::Client`], without async.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

use crate::builder::ClientBuilder;
use crate::endpoint::Endpoint;
use crate::error::{Error, TransportError};
use crate::request::{prepare, Shared};
use crate::response::{decode, Response};
use crate::token::TokenSource;

/// A blocking WeChat client. Cheap to clone. Do not use it from inside an async runtime.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Shared<reqwest::blocking::Client>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.debug("blocking::Client", f)
    }
}

impl Client {
    /// A builder with WeChat's default base URL; finish it with
    /// [`ClientBuilder::build_blocking`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    pub(crate) fn from_parts(
        http: reqwest::blocking::Client,
        base_url: String,
        token: Arc<dyn TokenSource>,
    ) -> Self {
        let inner = Arc::new(Shared {
            http,
            base_url,
            token,
        });
        Client { inner }
    }

    /// The base URL endpoint paths are appended to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Calls `endpoint` with `request` and decodes its response. Generated clients call this.
    pub fn execute<Req, Resp>(
        &self,
        endpoint: &'static Endpoint,
        request: Option<&Req>,
    ) -> Result<Resp, Error>
    where
        Req: Serialize + ?Sized,
        Resp: Response,
    {
        let token = self.inner.token.token_blocking()?;
        let prepared = prepare(&self.inner.base_url, endpoint, &token, request)?;
        let mut builder = self.inner.http.request(prepared.method, prepared.url);
        if let Some(body) = prepared.body {
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body);
        }
        let transport = |err| {
            Error::from(TransportError::from_reqwest(endpoint.path, err).redact(token.secret()))
        };
        let response = builder.send().map_err(transport)?;
        let status = response.status().as_u16();
        let body = response.bytes().map_err(transport)?;
        decode(endpoint, status, &body)
    }
}
