//! `cargo xtask doc-import`'s engine: drafts, for every endpoint on the pages that the spec
//! lacks, its YAML (request and response types, enums, limits, required, error codes,
//! examples, zh and en doc where the page has them), marking judgment calls `# REVIEW:`.

mod build;
mod draft;
mod write;

use wechat_doc::{Language, Page};
use wechat_spec::ir::{Domain, ErrorCode, Spec};

pub use build::{address, Known};

/// What an import wrote, or would write.
#[derive(Debug)]
pub struct Imported {
    /// The spec file's new text.
    pub text: String,
    /// Names of the endpoints drafted.
    pub endpoints: Vec<String>,
    /// Types drafted.
    pub types: usize,
    /// Error codes drafted.
    pub errors: usize,
    /// `# REVIEW:` lines in the draft.
    pub reviews: usize,
}

/// What `domain` (if the spec has it) and the global codes already hold.
pub fn known(domain: Option<&Domain>, global: &[ErrorCode]) -> Known {
    let mut known = Known::default();
    for code in global {
        known.codes.insert(code.code);
        known.error_names.insert(code.variant.clone());
    }
    if let Some(domain) = domain {
        for e in &domain.endpoints {
            known.addresses.insert(address(&e.path, &e.fixed_query));
            known.endpoints.insert(e.name.clone());
        }
        known
            .types
            .extend(domain.types.iter().map(|t| t.name.clone()));
        for e in &domain.errors {
            known.codes.insert(e.code);
            known.error_names.insert(e.variant.clone());
        }
    }
    known
}

/// Drafts what `pages` have that the domain `name` lacks: appended to `existing` (the
/// domain's spec file text), or as a new file.
pub fn import(
    spec: &Spec,
    name: &str,
    existing: Option<&str>,
    pages: &[(String, Page)],
) -> Imported {
    let domain = spec.domains.iter().find(|d| d.name == name);
    let mut known = known(domain, &spec.global_errors);
    let draft = build::build(pages, &mut known);
    let text = match existing {
        Some(text) if draft.endpoints.is_empty() => text.to_owned(),
        Some(text) => write::append(text, &draft),
        None => {
            let first = pages.first().map(|(_, p)| p);
            let zh = first.is_some_and(|p| p.language == Language::Zh);
            let title = first
                .and_then(|p| p.title.clone())
                .unwrap_or_else(|| name.to_owned());
            let doc = if zh {
                draft::Doc {
                    en: String::new(),
                    zh: Some(title.clone()),
                    en_missing: true,
                }
            } else {
                draft::Doc::english(title.clone())
            };
            let sources = pages
                .iter()
                .map(|(path, page)| {
                    let lang = if page.language == Language::Zh {
                        "zh"
                    } else {
                        "en"
                    };
                    (path.clone(), lang)
                })
                .collect();
            let header = write::Header {
                domain: name,
                title: &title,
                doc: &doc,
                sources,
            };
            write::new_file(&header, &draft)
        }
    };
    Imported {
        reviews: text.matches("# REVIEW:").count()
            - existing.map_or(0, |t| t.matches("# REVIEW:").count()),
        text,
        endpoints: draft.endpoints.iter().map(|e| e.name.clone()).collect(),
        types: draft.types.len(),
        errors: draft.errors.len(),
    }
}
