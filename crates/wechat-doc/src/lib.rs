//! A reader of WeChat's API doc pages: one page's text in, a doc model out.
//!
//! It reads both of WeChat's formats. The current one (Markdown sections `调用方式`, `请求参数`,
//! `返回参数`..., `Query String Parameters` / `Request Payload` / `Response Payload` tables,
//! `Res.x Object Payload` sub-tables, code examples, error codes with solutions, account
//! types) and the older formats of the seed pages (markdown and space-separated tables, `list:
//! field` and `a[].b` nesting, tables flattened into prose, broken JSON examples, addresses in
//! overview tables). The model ([`Page`]) lists every endpoint with its parameters, fields (with
//! nesting, documented and parsed types, `required`, length limits), enums, error codes and
//! examples (broken JSON repaired, each repair named). Every non-blank line the reader cannot
//! place is reported in [`Page::unplaced`] with its line number, never dropped.
//!
//! ```
//! let page = wechat_doc::read_page(
//!     "# Get a thing\n\n```\nGET https://api.weixin.qq.com/wxa/thing?access_token=ACCESS_TOKEN\n```\n",
//! )
//! .unwrap();
//! assert_eq!(page.endpoints[0].path, "/wxa/thing");
//! assert_eq!(page.endpoints[0].auth, wechat_doc::Auth::AccessToken);
//! ```
#![deny(missing_docs)]

mod address;
mod current_format;
mod doc_values;
mod error;
mod examples;
mod fields;
mod json_repair;
mod lines;
mod page;
mod rows;
mod seed_blocks;
mod seed_format;
mod sink;
mod tables;
mod types;

pub use error::ReadError;
pub use examples::{Example, ExampleFormat, ExampleKind};
pub use json_repair::Repair;
pub use page::{
    AccountType, Auth, Endpoint, EnumTable, EnumValue, ErrorCode, Field, FieldTable, FixedQuery,
    Format, Language, Location, Method, Page, RawTable, Required, Text, Unplaced, Why,
};
pub use types::DocType;

/// The largest page read: WeChat's longest pages are a few hundred KiB.
pub const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

/// Reads a page from bytes: checks the size and UTF-8, then [`read_page`].
pub fn read_bytes(bytes: &[u8]) -> Result<Page, ReadError> {
    if bytes.len() > MAX_PAGE_BYTES {
        return Err(ReadError::TooLarge {
            size: bytes.len(),
            limit: MAX_PAGE_BYTES,
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| ReadError::NotUtf8 {
        offset: e.valid_up_to(),
    })?;
    read_page(text)
}

/// Reads one page's text into its doc model.
pub fn read_page(text: &str) -> Result<Page, ReadError> {
    if text.len() > MAX_PAGE_BYTES {
        return Err(ReadError::TooLarge {
            size: text.len(),
            limit: MAX_PAGE_BYTES,
        });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    let mut tracker = lines::Tracker::new(lines.len());
    let mut page = Page {
        format: detect_format(&lines),
        language: lines::language(prose_lines(&lines)),
        ..Page::default()
    };
    match page.format {
        Format::Current => current_format::read(&lines, &mut tracker, &mut page),
        Format::Seed => seed_format::read(&lines, &mut tracker, &mut page),
    }
    if page.endpoints.is_empty() {
        return Err(ReadError::NoEndpoint);
    }
    page.endpoints.iter_mut().for_each(credentials_in_tables);
    for ep in &mut page.endpoints {
        for list in [&mut ep.query, &mut ep.body, &mut ep.response] {
            list_doc_values(list);
        }
        ep.other_fields
            .iter_mut()
            .for_each(|t| list_doc_values(&mut t.fields));
    }
    page.orphan_tables
        .iter_mut()
        .for_each(|t| list_doc_values(&mut t.fields));
    page.unplaced = tracker.finish(&lines);
    Ok(page)
}

/// The current format has payload headings; anything else is read as a seed page.
fn detect_format(lines: &[&str]) -> Format {
    let current = lines.iter().any(|l| {
        lines::heading(l).is_some_and(|h| {
            let t = h.text.to_lowercase();
            t.contains("query string parameters")
                || t.contains("request payload")
                || t.contains("response payload")
        })
    });
    if current {
        Format::Current
    } else {
        Format::Seed
    }
}

/// Lines outside code fences that are not JSON: what the language is judged on.
fn prose_lines<'a>(lines: &[&'a str]) -> impl Iterator<Item = &'a str> {
    let mut fenced = false;
    let mut out = Vec::new();
    for line in lines {
        let t = line.trim_start();
        if t.starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced && !t.starts_with(['{', '"', '}', '[', ']']) {
            out.push(*line);
        }
    }
    out.into_iter()
}

/// An address without a token whose tables carry `appid` and `secret` authenticates with them
/// (`cgi-bin/stable_token` sends them in the body).
fn credentials_in_tables(ep: &mut Endpoint) {
    if ep.auth != Auth::None {
        return;
    }
    let both = |list: &[Field]| {
        list.iter().any(|f| f.name == "appid") && list.iter().any(|f| f.name == "secret")
    };
    if both(&ep.query) {
        ep.auth = Auth::AppCredentials {
            location: Location::Query,
        };
    } else if both(&ep.body) {
        ep.auth = Auth::AppCredentials {
            location: Location::Body,
        };
    } else if ep.query.iter().any(|f| f.name == "access_token") {
        ep.auth = Auth::AccessToken;
    }
}

/// Fills in the values each description lists; the field tree's depth is bounded by the
/// readers, so the recursion is too.
fn list_doc_values(list: &mut [Field]) {
    for field in list {
        field.doc_values = doc_values::values_in_doc(&field.doc, field.line);
        list_doc_values(&mut field.children);
    }
}
