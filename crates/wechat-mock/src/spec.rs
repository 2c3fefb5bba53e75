//! The spec the server carries in its binary, resolved once at start-up.

use std::path::PathBuf;

use wechat_spec::ir::{Domain, Endpoint};
use wechat_spec::Texts;

include!(concat!(env!("OUT_DIR"), "/spec_files.rs"));

/// Resolves `extra` spec files and the embedded ones, exactly as the generator does; the extra
/// ones are routed to first.
pub fn domains(extra: &[(String, String)]) -> Result<Vec<Domain>, String> {
    let owned = |(path, text): &(&str, &str)| (PathBuf::from(path), (*text).to_owned());
    let extra = extra
        .iter()
        .map(|(path, text)| (PathBuf::from(path), text.clone()));
    let extra: Vec<(PathBuf, String)> = extra.collect();
    let texts = Texts {
        domains: extra
            .into_iter()
            .chain(SPEC_FILES.iter().map(owned))
            .collect(),
        global: GLOBAL_ERRORS_FILE.as_ref().map(owned),
    };
    // The extra specs come first: where they share a path with the embedded spec (a test
    // fixture of a real endpoint), requests are theirs.
    wechat_spec::resolve_texts(&texts)
        .map(|spec| spec.domains)
        .map_err(|e| e.to_string())
}

/// The endpoint a request is for: its path, and every fixed query parameter present.
pub fn route<'d>(
    domains: &'d [Domain],
    path: &str,
    query: &[(String, String)],
) -> Option<(&'d Domain, &'d Endpoint)> {
    domains.iter().find_map(|domain| {
        domain
            .endpoints
            .iter()
            .find(|e| {
                e.path == path
                    && e.fixed_query
                        .iter()
                        .all(|(k, v)| query.iter().any(|(qk, qv)| qk == k && qv == v))
            })
            .map(|e| (domain, e))
    })
}

/// Whether any endpoint has this path (with other fixed parameters).
pub fn known_path(domains: &[Domain], path: &str) -> bool {
    domains
        .iter()
        .any(|d| d.endpoints.iter().any(|e| e.path == path))
}
