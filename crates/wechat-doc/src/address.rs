//! Endpoint addresses: `POST https://api.weixin.qq.com/wxa/getwxacode?access_token=ACCESS_TOKEN`
//! and the seeds' variants (`POSTURL:https://...`, `POSThttps://...`, an address in a table row).

use crate::page::{Auth, FixedQuery, Location, Method};

/// The hosts of WeChat's server APIs.
const HOSTS: [&str; 3] = [
    "https://api.weixin.qq.com",
    "http://api.weixin.qq.com",
    "https://api2.weixin.qq.com",
];

/// An address found on a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Address {
    /// The method written before the address on the same line, if any.
    pub method: Method,
    /// The path, such as `/wxa/getwxacode`.
    pub path: String,
    /// Query parameters the address fixes.
    pub fixed_query: Vec<FixedQuery>,
    /// How the address authenticates.
    pub auth: Auth,
    /// The address as written, from the host on.
    pub url: String,
    /// The byte offset where the address starts on the line.
    pub start: usize,
}

/// The first API address on `line`, if any.
pub fn find(line: &str) -> Option<Address> {
    let start = HOSTS.iter().filter_map(|h| line.find(h)).min()?;
    let url = url_at(&line[start..]);
    let after_host = url.splitn(4, '/').nth(3).unwrap_or("");
    let (path, query) = match after_host.split_once('?') {
        Some((p, q)) => (p, q),
        None => (after_host, ""),
    };
    let path = format!("/{}", path.trim_end_matches('/'));
    if path == "/" {
        return None;
    }
    let (auth, fixed_query) = read_query(query);
    Some(Address {
        method: method_in(&line[..start]),
        path,
        fixed_query,
        auth,
        url,
        start,
    })
}

/// The address at the start of `rest`: up to whitespace, but a following word that starts
/// with `_` continues it (`action=publisher_adunit _general&access_token=...`).
fn url_at(rest: &str) -> String {
    let mut words = rest.split(' ');
    let mut url = words.next().unwrap_or_default().to_owned();
    for word in words {
        if word.starts_with('_') && !url.is_empty() {
            url.push(' ');
            url.push_str(word);
        } else {
            break;
        }
    }
    url.trim_end_matches([')', '。', ',', '，', '`', '"', '>', '）'])
        .to_owned()
}

/// `GET` or `POST` just before the address (`POST `, `POSTURL:`, `HTTP请求方式: POST`).
pub fn method_in(prefix: &str) -> Method {
    let upper = prefix.to_ascii_uppercase();
    let get = upper.rfind("GET");
    let post = upper.rfind("POST");
    match (get, post) {
        (Some(g), Some(p)) if g > p => Method::Get,
        (_, Some(_)) => Method::Post,
        (Some(_), None) => Method::Get,
        _ => Method::Unknown,
    }
}

/// The method of a label line with no address (`HTTP请求方式: POST`), if it says one.
pub fn method_label(line: &str) -> Option<Method> {
    let t = line.trim();
    let lower = t.to_lowercase();
    let labelled = lower.contains("请求方式") || lower.contains("request method");
    if !labelled {
        return None;
    }
    match method_in(t) {
        Method::Unknown => None,
        m => Some(m),
    }
}

fn read_query(query: &str) -> (Auth, Vec<FixedQuery>) {
    let mut auth = Auth::None;
    let mut fixed = Vec::new();
    let (mut appid, mut secret) = (false, false);
    for pair in query.split('&') {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = name.trim();
        match name {
            "access_token" => auth = Auth::AccessToken,
            "appid" => appid = true,
            "secret" => secret = true,
            "" => {}
            _ if is_placeholder(value) => {}
            _ => {
                let compact: String = value.split_whitespace().collect();
                fixed.push(FixedQuery {
                    name: name.to_owned(),
                    as_written: (compact != value).then(|| value.to_owned()),
                    value: compact,
                });
            }
        }
    }
    if appid && secret && auth == Auth::None {
        auth = Auth::AppCredentials {
            location: Location::Query,
        };
    }
    (auth, fixed)
}

/// `ACCESS_TOKEN`, `JS_CODE`, `APPID`: a value to fill in, not a fixed one.
fn is_placeholder(value: &str) -> bool {
    value.is_empty() || !value.chars().any(|c| c.is_ascii_lowercase())
}
