//! The two token calls of WeChat, made with the app's credentials.
//!
//! They are spec'd like any other endpoint (`spec/auth.yaml`, crate `wechat-auth`), but the
//! runtime cannot depend on a generated crate, so it makes these two calls itself; the
//! workspace tests check it against the spec-driven mock server.

use serde::{Deserialize, Serialize};

use super::credentials::{AppCredentials, TokenApi};
use super::store::StoredToken;
use super::AccessToken;
use crate::endpoint::{Endpoint, Envelope, Method};
use crate::error::{DecodeError, Error, TransportErrorKind};
use crate::host::Hosts;
use crate::redact::Redactor;
use crate::request::{prepare, send};
use crate::response::{decode, Response, HIDDEN_BODY};

/// `POST /cgi-bin/stable_token`.
pub(crate) static STABLE_TOKEN: Endpoint = Endpoint {
    domain: "auth",
    name: "stable_token",
    method: Method::Post,
    path: "/cgi-bin/stable_token",
    fixed_query: &[],
    access_token: false,
    app_credentials: false,
    signature: None,
    // Asking for a token again acts on nothing that a repeat could harm.
    idempotent: true,
    envelope: Envelope::ErrCode,
    errors: &[],
    no_data_codes: &[],
};

/// `GET /cgi-bin/token?grant_type=client_credential`.
pub(crate) static TOKEN: Endpoint = Endpoint {
    domain: "auth",
    name: "token",
    method: Method::Get,
    path: "/cgi-bin/token",
    fixed_query: &[("grant_type", "client_credential")],
    access_token: false,
    app_credentials: false,
    signature: None,
    // Asking for a token again acts on nothing that a repeat could harm.
    idempotent: true,
    envelope: Envelope::ErrCode,
    errors: &[],
    no_data_codes: &[],
};

#[derive(Serialize)]
struct StableTokenRequest<'a> {
    grant_type: &'static str,
    appid: &'a str,
    secret: &'a str,
    force_refresh: bool,
}

#[derive(Serialize)]
struct TokenRequest<'a> {
    appid: &'a str,
    secret: &'a str,
}

/// Both calls answer the same shape. No `Debug`: it holds the token.
#[derive(Deserialize)]
struct TokenResponse {
    access_token: Option<String>,
    expires_in: Option<u64>,
    errcode: Option<i64>,
    errmsg: Option<String>,
}

impl Response for TokenResponse {
    fn envelope_error(&self) -> Option<(i64, String)> {
        let code = self.errcode.filter(|&c| c != 0)?;
        Some((code, self.errmsg.clone().unwrap_or_default()))
    }
}

/// Makes the token calls over a client of its own, which keeps no idle connections: tokens
/// are fetched rarely, and the blocking client fetches them on short-lived runtimes.
pub(crate) struct TokenFetcher {
    pub http: reqwest::Client,
    pub hosts: std::sync::Arc<Hosts>,
    pub credentials: AppCredentials,
    pub api: TokenApi,
    /// The app secret, to scrub from errors (the request's own secret is learnt anyway).
    pub secrets: Redactor,
}

impl TokenFetcher {
    /// Fetches a new token; `force` asks `stable_token` for a new one even if the current one
    /// is still valid (the classic call always issues a new one).
    pub async fn fetch(&self, force: bool) -> Result<StoredToken, Error> {
        let (appid, secret) = (&self.credentials.appid, self.credentials.secret.expose());
        let (host, base) = self.hosts.current();
        let (endpoint, prepared) = match self.api {
            TokenApi::Stable => {
                let request = StableTokenRequest {
                    grant_type: "client_credential",
                    appid,
                    secret,
                    force_refresh: force,
                };
                let prepared = prepare(base, &STABLE_TOKEN, None, Some(&request), &self.secrets)?;
                (&STABLE_TOKEN, prepared)
            }
            TokenApi::Classic => {
                let request = TokenRequest { appid, secret };
                let prepared = prepare(base, &TOKEN, None, Some(&request), &self.secrets)?;
                (&TOKEN, prepared)
            }
        };
        tracing::debug!(endpoint = endpoint.path, force, "fetching an access token");
        let redactor = prepared.redactor.clone();
        let reply = send(&self.http, endpoint, prepared).await.map_err(|err| {
            if err.kind == TransportErrorKind::Connect {
                self.hosts.unreachable(host);
            }
            Error::from(err)
        })?;
        let status = reply.status;
        let decoded: TokenResponse = decode(endpoint, status, &reply.body, &redactor)?;
        match (decoded.access_token, decoded.expires_in) {
            (Some(token), Some(expires_in)) if !token.is_empty() => {
                Ok(StoredToken::issued_now(AccessToken::new(token), expires_in))
            }
            _ => Err(Error::Decode(DecodeError {
                endpoint: endpoint.path,
                path: ".".into(),
                message: "no access_token and expires_in in a success".into(),
                body: HIDDEN_BODY.into(),
                http_status: status,
            })),
        }
    }
}
