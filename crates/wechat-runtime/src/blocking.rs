//! The blocking client (feature `blocking`): the same calls as [`crate::Client`], without async.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

use crate::binary::{decode_binary, Binary};
use crate::builder::ClientBuilder;
use crate::call::{Attempt, Call, Next};
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::redact::Redactor;
use crate::request::{encode, prepare_with, send_blocking, Auth, Payload, Reply, Shared};
use crate::response::{decode, Response};
use crate::signing::hide_secrets;

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

    pub(crate) fn from_shared(inner: Shared<reqwest::blocking::Client>) -> Self {
        Client {
            inner: Arc::new(inner),
        }
    }

    /// The base URL endpoint paths are appended to.
    pub fn base_url(&self) -> &str {
        self.inner.hosts.current().1
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
        let payload = encode(endpoint, request)?;
        self.run(endpoint, &payload, |e, reply, redactor| {
            decode::<Resp>(e, reply.status, &reply.body, redactor)
                .map_err(|err| hide_secrets(err, Resp::SECRET_FIELDS))
        })
    }

    /// Calls an endpoint that answers bytes (an image) on success and a JSON error otherwise.
    /// Generated clients call this.
    pub fn execute_binary<Req>(
        &self,
        endpoint: &'static Endpoint,
        request: Option<&Req>,
    ) -> Result<Binary, Error>
    where
        Req: Serialize + ?Sized,
    {
        let payload = encode(endpoint, request)?;
        self.run(endpoint, &payload, |e, reply, redactor| {
            decode_binary(e, reply.status, &reply.content_type, &reply.body, redactor)
        })
    }

    fn run<T>(
        &self,
        endpoint: &'static Endpoint,
        payload: &Payload,
        read: fn(&'static Endpoint, &Reply, &Redactor) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let mut call = Call::new(endpoint);
        let _entered = call.span.clone().entered();
        loop {
            call.begin();
            let attempt = self
                .attempt(endpoint, payload)
                .read_with(|(reply, redactor)| read(endpoint, &reply, &redactor));
            match call.after(&attempt, &self.inner) {
                Next::Done => return attempt.result,
                Next::Retry(wait) => std::thread::sleep(wait),
            }
        }
    }

    fn attempt(
        &self,
        endpoint: &'static Endpoint,
        payload: &Payload,
    ) -> Attempt<(Reply, Redactor)> {
        let token = if endpoint.access_token {
            let token = match self.inner.token_source() {
                Ok(source) => source.token_blocking(),
                Err(err) => Err(err),
            };
            match token {
                Ok(token) => Some(token),
                Err(err) => return Attempt::unsent(err),
            }
        } else {
            None
        };
        let credentials = match endpoint.app_credentials {
            true => match self.inner.app_credentials() {
                Ok(credentials) => Some(credentials),
                Err(err) => return Attempt::unsent(err),
            },
            false => None,
        };
        let auth = Auth {
            token: token.as_ref(),
            credentials,
        };
        let (host, base) = self.inner.hosts.current();
        let prepared = match prepare_with(base, endpoint, &auth, payload, &self.inner.secrets) {
            Ok(prepared) => prepared,
            Err(err) => return Attempt::unsent(err),
        };
        let redactor = prepared.redactor.clone();
        let result = match send_blocking(&self.inner.http, endpoint, prepared) {
            Ok(reply) => Ok((reply, redactor)),
            Err(err) => Err(err.into()),
        };
        Attempt {
            result,
            token,
            host: Some(host),
        }
    }
}
