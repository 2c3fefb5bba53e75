//! Scrubbing secrets out of text that came from a server or from a lower layer (reqwest, hyper,
//! serde_json), before it is kept in an error.
//!
//! Two passes, so that neither mangles unrelated text:
//! - values of sensitive keys (`access_token=...`, `"secret": "..."`, names ending in `token` or
//!   `secret`) are replaced whatever they hold, since the key says what they are;
//! - the known secrets of the request (the token, the app secret, the request's own sensitive
//!   values) are replaced where they occur as a whole word, and only if they are long enough to
//!   be told apart from ordinary text: a one-letter token must not turn "request" into
//!   `"reques<redacted>"`.

use std::borrow::Cow;
use std::fmt::Write as _;

/// What a secret is replaced with.
pub(crate) const REDACTED: &str = "<redacted>";

/// Secrets shorter than this are not searched for in free text (key-based scrubbing still
/// applies): they would match ordinary words. WeChat's tokens are over 100 characters and its
/// AppSecrets 32.
pub(crate) const MIN_SECRET_LEN: usize = 8;

/// The secrets one request carries, and the scrubbing of text against them.
#[derive(Clone, Default)]
pub(crate) struct Redactor {
    /// Every form a secret may be echoed in (as is, percent-encoded, JSON-escaped), longest
    /// first so that a secret containing another is replaced whole.
    needles: Vec<String>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redactor({} forms)", self.needles.len())
    }
}

impl Redactor {
    /// Adds `secret` (ignored if too short to be told apart from text).
    pub fn add(&mut self, secret: &str) {
        if secret.chars().count() < MIN_SECRET_LEN {
            return;
        }
        let json = serde_json::to_string(secret).unwrap_or_default();
        self.insert([
            secret,
            &percent_encode(secret, false),
            &percent_encode(secret, true),
            json.trim_matches('"'),
        ]);
    }

    /// Adds every secret of `other`.
    pub fn merge(&mut self, other: &Redactor) {
        if !other.needles.is_empty() {
            self.insert(other.needles.iter().map(String::as_str));
        }
    }

    /// Adds `forms` not already held, keeping the needles longest first.
    fn insert<'a>(&mut self, forms: impl IntoIterator<Item = &'a str>) {
        for form in forms {
            if !form.is_empty() && !self.needles.iter().any(|n| n == form) {
                self.needles.push(form.to_owned());
            }
        }
        self.needles.sort_by_key(|n| std::cmp::Reverse(n.len()));
    }

    /// The same redactor with `secret` added.
    pub fn with(mut self, secret: &str) -> Self {
        self.add(secret);
        self
    }

    /// Adds the values of sensitive keys of a JSON value, at any depth (a request body).
    pub fn add_json_values(&mut self, value: &serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    match value {
                        serde_json::Value::String(text) if is_sensitive_key(key) => self.add(text),
                        other => self.add_json_values(other),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| self.add_json_values(v)),
            _ => {}
        }
    }

    /// `text` with every secret replaced by [`REDACTED`].
    pub fn redact<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let scrubbed = scrub_keyed_values(text);
        if self.needles.is_empty() {
            return scrubbed;
        }
        let mut out = scrubbed.into_owned();
        for needle in &self.needles {
            out = replace_whole(&out, needle);
        }
        Cow::Owned(out)
    }

    /// [`redact`](Self::redact) into an owned string.
    pub fn text(&self, text: &str) -> String {
        self.redact(text).into_owned()
    }
}

/// Whether a key names a secret: `access_token`, `secret`, `appsecret`, `session_key`, and any
/// name ending in `token` or `secret` (`refresh_token`, `component_access_token`).
pub(crate) fn is_sensitive_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    key.ends_with("token")
        || key.ends_with("secret")
        || matches!(key.as_str(), "session_key" | "sessionkey" | "password")
}

fn is_ident(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// Replaces the values of sensitive keys in query strings (`key=value`) and JSON, plain or
/// escaped inside a JSON string (`"key":"value"`, `\"key\":\"value\"`).
pub(crate) fn scrub_keyed_values(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out = String::new();
    // Bytes up to `copied` are in `out` already (only once something was replaced).
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !is_ident(bytes[i]) || (i > 0 && is_ident(bytes[i - 1])) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && is_ident(bytes[i]) {
            i += 1;
        }
        if !is_sensitive_key(&text[start..i]) {
            continue;
        }
        let Some((value_start, value_end)) = value_after_key(bytes, start, i) else {
            continue;
        };
        if value_end > value_start {
            out.push_str(&text[copied..value_start]);
            out.push_str(REDACTED);
            copied = value_end;
        }
        i = value_end.max(i);
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// The byte range of the value that follows the key at `start..end`, for `key=value` and for
/// a JSON string member (quotes escaped or not).
fn value_after_key(bytes: &[u8], start: usize, end: usize) -> Option<(usize, usize)> {
    if bytes.get(end) == Some(&b'=') {
        let from = end + 1;
        let to = bytes[from..]
            .iter()
            .position(|b| b"&#\"'<>\\,; \t\r\n)]}".contains(b))
            .map_or(bytes.len(), |p| from + p);
        return Some((from, to));
    }
    // JSON: the key in quotes, `:`, then a string value in quotes of the same escaping.
    let escaped = start >= 2 && &bytes[start - 2..start] == b"\\\"";
    let quote: &[u8] = if escaped { b"\\\"" } else { b"\"" };
    if !(escaped || (start >= 1 && bytes[start - 1] == b'"')) {
        return None;
    }
    let mut at = end;
    if !bytes[at..].starts_with(quote) {
        return None;
    }
    at += quote.len();
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    if bytes.get(at) != Some(&b':') {
        return None;
    }
    at += 1;
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    if !bytes[at..].starts_with(quote) {
        return None;
    }
    let from = at + quote.len();
    let mut to = from;
    while to < bytes.len() && !bytes[to..].starts_with(quote) {
        // Skip an escaped character of a plain JSON string (`\"` inside the value).
        to += if !escaped && bytes[to] == b'\\' { 2 } else { 1 };
    }
    Some((from, to.min(bytes.len())))
}

/// Whether the text just before `at` ends a word: not a letter, digit or `_`, or a
/// percent-escape (`%22`) that ends with one.
fn boundary_before(bytes: &[u8], at: usize) -> bool {
    at == 0
        || !is_ident(bytes[at - 1])
        || (at >= 3 && bytes[at - 3] == b'%' && bytes[at - 2].is_ascii_hexdigit())
}

fn boundary_after(bytes: &[u8], at: usize) -> bool {
    at >= bytes.len() || !is_ident(bytes[at]) || bytes[at] == b'%'
}

/// `text` with every whole-word occurrence of `needle` replaced.
fn replace_whole(text: &str, needle: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut from = 0;
    while let Some(found) = text[from..].find(needle) {
        let at = from + found;
        let end = at + needle.len();
        if boundary_before(bytes, at) && boundary_after(bytes, end) {
            out.push_str(&text[copied..at]);
            out.push_str(REDACTED);
            copied = end;
            from = end;
        } else {
            // Step past the first character of the match, at a character boundary.
            from = at + text[at..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// Percent-encodes everything but unreserved characters; with `form`, spaces become `+`
/// (as `application/x-www-form-urlencoded` query strings write them).
fn percent_encode(text: &str, form: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => out.push(byte as char),
            b'~' if !form => out.push('~'),
            b'*' if form => out.push('*'),
            b' ' if form => out.push('+'),
            _ => {
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_secrets_do_not_mangle_text() {
        let redactor = Redactor::default().with("t").with("request");
        assert_eq!(
            redactor.redact("error sending request"),
            "error sending request"
        );
    }

    #[test]
    fn long_secrets_are_replaced_as_whole_words_only() {
        let redactor = Redactor::default().with("SECRET-TOKEN-7f3a9c");
        assert_eq!(
            redactor.redact("got SECRET-TOKEN-7f3a9c, twice:SECRET-TOKEN-7f3a9c."),
            "got <redacted>, twice:<redacted>."
        );
        assert_eq!(
            redactor.redact("xSECRET-TOKEN-7f3a9cx stays"),
            "xSECRET-TOKEN-7f3a9cx stays"
        );
        assert_eq!(
            redactor.redact("%22SECRET-TOKEN-7f3a9c%22"),
            "%22<redacted>%22"
        );
    }

    #[test]
    fn encoded_forms_are_replaced() {
        let redactor = Redactor::default().with("a+b/c=d e\"f");
        assert_eq!(
            redactor.redact("q=a%2Bb%2Fc%3Dd+e%22f and a%2Bb%2Fc%3Dd%20e%22f and a+b/c=d e\\\"f"),
            "q=<redacted> and <redacted> and <redacted>"
        );
    }

    #[test]
    fn values_of_sensitive_keys_are_scrubbed_whatever_they_are() {
        let cases = [
            (
                "GET /cgi-bin/token?grant_type=client_credential&appid=wx1&secret=s3&x=1",
                "GET /cgi-bin/token?grant_type=client_credential&appid=wx1&secret=<redacted>&x=1",
            ),
            (
                "/card/get?access_token=T HTTP/1.1",
                "/card/get?access_token=<redacted> HTTP/1.1",
            ),
            (
                r#"{"access_token":"T","expires_in":7200}"#,
                r#"{"access_token":"<redacted>","expires_in":7200}"#,
            ),
            (
                r#"{"errmsg":"echo {\"secret\": \"S\"}"}"#,
                r#"{"errmsg":"echo {\"secret\": \"<redacted>\"}"}"#,
            ),
            (
                r#"{"component_access_token" : "a\"b", "n": 1}"#,
                r#"{"component_access_token" : "<redacted>", "n": 1}"#,
            ),
            (
                r#"{"access_token":"cut sh"#,
                r#"{"access_token":"<redacted>"#,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(scrub_keyed_values(text), want, "{text}");
        }
    }

    #[test]
    fn prose_about_tokens_is_left_alone() {
        let text = "invalid credential, access_token is invalid or not latest; token expired; \
                    tokens=; secret: none; my_token_count=3";
        assert_eq!(scrub_keyed_values(text), text);
    }

    #[test]
    fn sensitive_json_values_of_a_request_are_learnt() {
        let mut redactor = Redactor::default();
        redactor.add_json_values(&serde_json::json!({
            "appid": "wx-appid-123456",
            "nested": [{"secret": "APP-SECRET-d41e08"}],
        }));
        assert_eq!(
            redactor.redact("bad APP-SECRET-d41e08 for wx-appid-123456"),
            "bad <redacted> for wx-appid-123456"
        );
    }
}
