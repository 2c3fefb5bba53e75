//! `cargo xtask doc-drift`'s engine: the doc pages of a domain, read into the doc model
//! (`wechat-doc`), against the resolved spec, per endpoint and type: what the pages add,
//! remove or change (fields, types, required, limits, enum values, error codes, method, URL,
//! authentication), and the spec's recorded quirks of the pages that no longer hold.

mod fields;
mod render;

use std::collections::BTreeSet;

use wechat_doc::{Auth, Endpoint as PageEndpoint, Method, Page};
use wechat_spec::ir::{Domain, Endpoint, ErrorCode, HttpMethod};

pub use render::{json, markdown};

/// What kind of difference a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// On the page, not in the spec.
    Added,
    /// In the spec, not on the page.
    Removed,
    /// On both, different.
    Changed,
    /// A quirk the spec records of the page that the page no longer shows.
    StaleQuirk,
}

/// One difference between the pages and the spec.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// The endpoint: the spec's name, or the page's path for an endpoint the spec lacks.
    pub endpoint: String,
    /// What kind of difference.
    pub kind: Kind,
    /// The item, such as ``request field `list[].ref_date` ``.
    pub item: String,
    /// What differs, in words.
    pub detail: String,
    /// The page it was found on, and the line there, when there is one.
    pub page: String,
    /// 1-based line on the page.
    pub line: Option<usize>,
}

/// A line the reader could not place, reported so that nothing on a page goes unseen.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Unplaced {
    /// The page.
    pub page: String,
    /// 1-based line.
    pub line: usize,
    /// The line's text.
    pub text: String,
    /// Why the reader could not place it.
    pub why: String,
}

/// Everything found on a domain's pages.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Report {
    /// The domain.
    pub domain: String,
    /// The differences; any of them fails the check.
    pub findings: Vec<Finding>,
    /// Lines the reader could not place: shown, but not findings.
    pub unplaced: Vec<Unplaced>,
}

/// A page as read, with the name it is shown under.
pub struct NamedPage<'a> {
    /// The page's path as given.
    pub name: &'a str,
    /// The doc model.
    pub page: &'a Page,
}

/// Where findings of one endpoint on one page go.
struct Scope<'a> {
    endpoint: &'a str,
    page: &'a str,
    /// A seed-format page: names match without case, nested objects may be flattened.
    loose: bool,
    /// Every error code on any of the pages: seed pages list codes once for all endpoints.
    page_codes: &'a BTreeSet<i64>,
    /// The text of the endpoint's examples on this page, where recorded spellings may show.
    examples: String,
    findings: &'a mut Vec<Finding>,
    quirks: &'a mut Quirks,
}

/// Recorded quirks met on the pages, by the item they concern (type and field), with the
/// endpoint they were met under, what to say, and whether any page showed them.
type Quirks = std::collections::BTreeMap<String, (String, String, bool)>;

impl Scope<'_> {
    /// A recorded quirk of `key`, `shown` or not on this page.
    fn quirk(&mut self, key: &str, what: String, shown: bool) {
        let entry =
            self.quirks
                .entry(key.to_owned())
                .or_insert((self.endpoint.to_owned(), what, false));
        entry.2 |= shown;
    }

    fn push(&mut self, kind: Kind, item: String, detail: String, line: Option<usize>) {
        self.findings.push(Finding {
            endpoint: self.endpoint.to_owned(),
            kind,
            item,
            detail,
            page: self.page.to_owned(),
            line,
        });
    }
}

/// The action (or other fixed query) values that name `e` on the pages.
fn names_of(e: &Endpoint) -> Vec<&str> {
    e.fixed_query
        .iter()
        .map(|(_, v)| v.as_str())
        .chain(e.doc_names.iter().map(String::as_str))
        .collect()
}

/// Whether the page's endpoint `p` is the spec's `e`: the same path, and each of the spec's
/// fixed query parameters on the page (under its value or a recorded spelling).
fn same_endpoint(e: &Endpoint, p: &PageEndpoint) -> bool {
    let path_ok = p.path == e.path || e.doc_names.contains(&p.path);
    // A fixed parameter the page lists as a query field (with a placeholder value) counts.
    let listed = |k: &str| p.query.iter().any(|f| f.name == k);
    path_ok
        && e.fixed_query.iter().all(|(k, v)| {
            listed(k)
                || p.fixed_query.iter().any(|q| {
                    q.name == *k
                        && (q.value == *v
                            || q.as_written.as_deref() == Some(v)
                            || names_of(e)
                                .iter()
                                .any(|n| Some(*n) == q.as_written.as_deref()))
                })
        })
}

/// Compares `pages` with the spec's `domain`; `global` are WeChat's global error codes.
pub fn drift(domain: &Domain, global: &[ErrorCode], pages: &[NamedPage<'_>]) -> Report {
    let mut report = Report {
        domain: domain.name.clone(),
        ..Report::default()
    };
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut quirks = Quirks::new();
    let page_codes: BTreeSet<i64> = pages
        .iter()
        .flat_map(|p| &p.page.endpoints)
        .flat_map(|e| e.errors.iter().map(|err| err.code))
        .collect();
    for named in pages {
        for u in &named.page.unplaced {
            report.unplaced.push(Unplaced {
                page: named.name.to_owned(),
                line: u.line,
                text: u.text.clone(),
                why: u.why.describe().to_owned(),
            });
        }
        for p in &named.page.endpoints {
            let mut scope = Scope {
                endpoint: "",
                page: named.name,
                loose: named.page.format == wechat_doc::Format::Seed,
                page_codes: &page_codes,
                examples: p
                    .examples
                    .iter()
                    .map(|x| x.text.as_str())
                    .collect::<Vec<_>>()
                    .join("\n"),
                findings: &mut report.findings,
                quirks: &mut quirks,
            };
            match domain.endpoints.iter().find(|e| same_endpoint(e, p)) {
                Some(e) => {
                    seen.insert(e.name.as_str());
                    scope.endpoint = &e.name;
                    endpoint(domain, global, e, p, &mut scope);
                }
                None => {
                    let shown = page_address(p);
                    scope.endpoint = &shown;
                    scope.push(
                        Kind::Added,
                        format!("endpoint `{shown}`"),
                        "the spec has no such endpoint: `cargo xtask doc-import` drafts it".into(),
                        Some(p.line),
                    );
                }
            }
        }
    }
    let page_names: Vec<&str> = pages.iter().map(|p| p.name).collect();
    for (item, (endpoint, what, _)) in quirks.into_iter().filter(|(_, (_, _, shown))| !shown) {
        report.findings.push(Finding {
            endpoint,
            kind: Kind::StaleQuirk,
            item: format!("field {item}"),
            detail: what,
            page: page_names.join(", "),
            line: None,
        });
    }
    for e in domain
        .endpoints
        .iter()
        .filter(|e| !seen.contains(e.name.as_str()))
    {
        report.findings.push(Finding {
            endpoint: e.name.clone(),
            kind: Kind::Removed,
            item: format!("endpoint `{}`", e.path),
            detail: "on none of the pages given".into(),
            page: page_names.join(", "),
            line: None,
        });
    }
    report
}

/// How a page endpoint reads: its path and fixed query.
fn page_address(p: &PageEndpoint) -> String {
    let query: Vec<String> = p
        .fixed_query
        .iter()
        .map(|q| format!("{}={}", q.name, q.value))
        .collect();
    if query.is_empty() {
        p.path.clone()
    } else {
        format!("{}?{}", p.path, query.join("&"))
    }
}

/// The checks of one endpoint on one page.
fn endpoint(
    domain: &Domain,
    global: &[ErrorCode],
    e: &Endpoint,
    p: &PageEndpoint,
    scope: &mut Scope<'_>,
) {
    let method = match p.method {
        Method::Get => Some(HttpMethod::Get),
        Method::Post => Some(HttpMethod::Post),
        Method::Unknown => None,
    };
    if let Some(method) = method.filter(|m| *m != e.method) {
        scope.push(
            Kind::Changed,
            "method".into(),
            format!("the page says {method:?}, the spec {:?}", e.method).to_uppercase(),
            Some(p.line),
        );
    }
    let page_auth = match p.auth {
        Auth::AccessToken => "access_token",
        Auth::AppCredentials { .. } => "app credentials",
        Auth::None => "none",
    };
    let spec_auth = if e.access_token {
        "access_token"
    } else {
        "app credentials"
    };
    // The token endpoints authenticate with app credentials the spec types as fields.
    if page_auth != spec_auth && !(page_auth == "none" && spec_auth == "app credentials") {
        scope.push(
            Kind::Changed,
            "authentication".into(),
            format!("the page says {page_auth}, the spec {spec_auth}"),
            Some(p.line),
        );
    }
    fields::request(domain, e, p, scope);
    fields::response(domain, e, p, scope);
    errors(domain, global, e, p, scope);
}

/// Error codes: every code the page lists is documented for the endpoint, its domain or
/// globally; every code the spec lists for the endpoint is still on the page.
fn errors(
    domain: &Domain,
    global: &[ErrorCode],
    e: &Endpoint,
    p: &PageEndpoint,
    scope: &mut Scope<'_>,
) {
    let known = |code: i64| {
        e.errors.contains(&code) || domain.errors.iter().chain(global).any(|d| d.code == code)
    };
    for err in p
        .errors
        .iter()
        .filter(|err| err.code != 0 && !known(err.code))
    {
        scope.push(
            Kind::Added,
            format!("error code {}", err.code),
            format!("documented on the page: {}", err.meaning),
            Some(err.line),
        );
    }
    // Seed pages list codes once for every endpoint: a code is gone when no page has it.
    let (loose, page_codes) = (scope.loose, scope.page_codes);
    let on_pages =
        |c: &i64| p.errors.iter().any(|err| err.code == *c) || (loose && page_codes.contains(c));
    if p.errors.is_empty() && !loose {
        return;
    }
    for code in e.errors.iter() {
        let documented = domain.errors.iter().find(|d| d.code == *code);
        let unnumbered = documented.is_some_and(|d| d.doc_missing);
        if unnumbered {
            let what = "recorded as described without its number, now numbered on a page: drop `doc_missing`";
            scope.quirk(&format!("error code {code}"), what.into(), !on_pages(code));
            continue;
        }
        let global_code = global.iter().any(|g| g.code == *code);
        if !global_code && !on_pages(code) {
            scope.push(
                Kind::Removed,
                format!("error code {code}"),
                "listed for the endpoint in the spec, no longer on the page".into(),
                None,
            );
        }
    }
}
