//! WeChat's checks of who calls: the app's credentials (token endpoints and `app_credentials`
//! endpoints), and signed requests, verified with the session key the mock issued through its
//! login endpoints.

use serde_json::{json, Value};
use wechat_runtime::{Secret, SigMethod};
use wechat_spec::ir::{Check, Domain, Endpoint};

use crate::check::code_for;
use crate::state::{AppCheck, State};

/// The error code and message of credentials WeChat refuses, if they are refused: missing
/// (41002, 41004), an unknown AppID (40013) or a wrong secret (40125).
pub fn refused_app(state: &State, appid: &str, secret: &str) -> Option<(i64, &'static str)> {
    if appid.is_empty() {
        return Some((41002, "appid missing"));
    }
    if secret.is_empty() {
        return Some((41004, "appsecret missing"));
    }
    match state.check_app(appid, secret) {
        AppCheck::Valid => None,
        AppCheck::UnknownAppid => Some((40013, "invalid appid")),
        AppCheck::WrongSecret => Some((40125, "invalid appsecret")),
    }
}

/// The request as its type sees it: the signature's parameters, which the client adds, taken
/// out (they are checked by [`refused_signature`]).
pub fn unsigned(endpoint: &Endpoint, request: &Value) -> Value {
    let mut request = request.clone();
    if let (Some(s), Value::Object(object)) = (&endpoint.signature, &mut request) {
        object.remove(&s.param);
        object.remove(&s.method_param);
    }
    request
}

/// The documented code (and a message) for a signature that is not the HMAC of the subject's
/// session key, or a method that is not the endpoint's.
pub fn refused_signature(
    state: &State,
    domain: &Domain,
    endpoint: &Endpoint,
    request: &Value,
) -> Option<(i64, String)> {
    let s = endpoint.signature.as_ref()?;
    let text = |key: &str| request.get(key).and_then(Value::as_str).unwrap_or_default();
    let key = match &s.subject {
        Some(subject) => state.session_key(text(subject)),
        None => crate::SESSION_KEY.to_owned(),
    };
    let expected = SigMethod::HmacSha256.sign(&Secret::from(key));
    let problem = if text(&s.method_param) != s.method {
        format!("invalid {}: expected {}", s.method_param, s.method)
    } else if text(&s.param) != expected {
        format!("invalid {}", s.param)
    } else {
        return None;
    };
    Some((code_for(domain, endpoint, Check::Signature), problem))
}

/// A login endpoint's answer: the sample with a new session (subject and key) of the mock's,
/// remembered so that signed requests can be verified.
pub fn with_session(
    state: &State,
    domain: &Domain,
    endpoint: &Endpoint,
    mut body: Value,
    request: &Value,
) -> Value {
    let Some((subject, key)) = domain.issued_secret(endpoint) else {
        return body;
    };
    let (id, session) = state.issue_session(request.get(subject).and_then(Value::as_str));
    if let Value::Object(object) = &mut body {
        object.insert(subject.to_owned(), json!(id));
        object.insert(key.to_owned(), json!(session));
    }
    body
}
