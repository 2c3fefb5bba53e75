//! What a client method's rustdoc says about how the call works beyond its types: the
//! credentials it sends, what it signs, the bytes it returns, the event it causes later.

use wechat_spec::ir::{Domain, Endpoint};

/// Paragraphs (each starting with a blank line) on the endpoint's mechanics; empty for a
/// plain JSON call with the access token.
pub(super) fn mechanics(domain: &Domain, e: &Endpoint) -> String {
    let mut text = String::new();
    if e.app_credentials {
        text.push_str(
            "\n\nAuthenticates with the app's AppID and AppSecret, which the client sends as `appid` and\n`secret` from `ClientBuilder::credentials`; a client built without credentials fails with\n`Error::Config` before sending anything.",
        );
    }
    if let Some(s) = &e.signature {
        text.push_str(&format!(
            "\n\n`{}` is never sent: the client sends `{}`, the lowercase hex HMAC-SHA256 of the empty\nstring keyed with it, and `{}={}`.",
            s.key.rust, s.param, s.method_param, s.method
        ));
    }
    if e.binary {
        text.push_str(
            "\n\nOn success WeChat answers bytes (an image): they come back as a `Binary` with their content\ntype. A JSON answer is WeChat's error, returned as `Error::Api`.",
        );
    }
    if let Some(event) = e.event {
        let name = &domain.ty(event).name;
        text.push_str(&format!(
            "\n\nThe response only says the request was accepted: the verdict arrives later as a push\nevent, [`{name}`](crate::types::{name}), sent to the message push URL configured for the\nMini Program, not in this response."
        ));
    }
    text
}
