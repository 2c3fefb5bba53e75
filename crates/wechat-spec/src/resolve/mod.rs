//! Validation of spec files and their resolution into the IR, by concern: error codes
//! (`errors`), named types (`types`), fields and type references (`fields`), endpoints and
//! envelopes (`endpoints`), paging (`paging`) and examples (`examples`). Every problem is
//! collected with its location; the IR exists only when there is none.

mod endpoints;
mod errors;
mod examples;
mod fields;
mod paging;
mod signing;
mod types;

use std::collections::BTreeMap;

use crate::error::{SpecError, SpecErrors};
use crate::ir::{Doc, Domain, ErrorCode, Spec, TypeId};
use crate::load::Loaded;
use crate::locate::YamlPath;
use crate::model::{self, GlobalErrorsFile, SpecFile};
use crate::names::is_snake;

pub use endpoints::BASE_RESP;
pub use examples::error_code_of;
pub use fields::EXTRA_FIELD;
pub use signing::CREDENTIAL_PARAMS;

/// Validates domain `files` and the `global` error codes, and resolves them.
pub fn resolve(
    files: &[Loaded<SpecFile>],
    global: Option<&Loaded<GlobalErrorsFile>>,
) -> Result<Spec, SpecErrors> {
    let mut errors = Vec::new();
    let global_errors = match global {
        Some(file) => {
            let mut cx = Cx::new(file, &mut errors);
            cx.error_codes(&file.spec.errors, &[])
        }
        None => Vec::new(),
    };
    let mut domains = Vec::new();
    let mut seen_domains: BTreeMap<&str, ()> = BTreeMap::new();
    for file in files {
        let mut cx = Cx::new(file, &mut errors);
        let name = file.spec.domain.as_str();
        if seen_domains.insert(name, ()).is_some() {
            cx.err(
                &root().key("domain"),
                format!("domain `{name}` is defined twice"),
            );
        }
        if let Some(domain) = cx.domain(&file.spec, &global_errors) {
            domains.push(domain);
        }
    }
    if errors.is_empty() {
        Ok(Spec {
            global_errors,
            global_path: global.map_or_else(String::new, |g| {
                g.display_path.display().to_string().replace('\\', "/")
            }),
            domains,
        })
    } else {
        Err(SpecErrors(errors))
    }
}

/// The context of one file's resolution: where its problems go, and (once types are named)
/// the index of each type name.
struct Cx<'a> {
    display_path: &'a std::path::Path,
    locator: &'a crate::locate::Locator,
    errors: &'a mut Vec<SpecError>,
    type_ids: BTreeMap<String, TypeId>,
}

fn root() -> YamlPath {
    YamlPath::default()
}

/// The doc with the spec's notes on the source docs, so users see the quirks too.
fn doc_with_notes(d: &model::Doc, notes: &[String]) -> Doc {
    Doc {
        en: d.en.trim().to_owned(),
        zh: d.zh.as_ref().map(|z| z.trim().to_owned()),
        notes: notes.iter().map(|n| n.trim().to_owned()).collect(),
    }
}

impl<'a> Cx<'a> {
    fn new<T>(file: &'a Loaded<T>, errors: &'a mut Vec<SpecError>) -> Self {
        Cx {
            display_path: &file.display_path,
            locator: &file.locator,
            errors,
            type_ids: BTreeMap::new(),
        }
    }

    fn err(&mut self, path: &YamlPath, message: impl Into<String>) {
        let position = self.locator.position(path);
        self.errors.push(SpecError {
            file: self.display_path.to_owned(),
            position,
            message: message.into(),
        });
    }

    fn err_in_scalar(&mut self, path: &YamlPath, at: Option<(usize, usize)>, message: String) {
        let position = match at {
            Some((line, column)) => self.locator.position_in_scalar(path, line, column),
            None => self.locator.position(path),
        };
        self.errors.push(SpecError {
            file: self.display_path.to_owned(),
            position,
            message,
        });
    }

    fn domain(&mut self, spec: &SpecFile, global: &[ErrorCode]) -> Option<Domain> {
        let before = self.errors.len();
        if !is_snake(&spec.domain) {
            self.err(&root().key("domain"), "domain must be snake_case");
        }
        if spec.crate_name.is_empty()
            || !spec
                .crate_name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            self.err(&root().key("crate"), "crate must be lower-case kebab-case");
        }
        for (i, source) in spec.sources.iter().enumerate() {
            if source.lang != "en" && source.lang != "zh" {
                self.err(
                    &root().key("sources").index(i).key("lang"),
                    "lang must be `en` or `zh`",
                );
            }
        }
        let errors = self.error_codes(&spec.errors, global);
        let mut types = self.types(spec);
        self.add_envelope_fields(spec, &mut types);
        self.check_type_refs(spec, &types);
        // Examples are checked against sound types only: a broken type would otherwise be
        // reported again through every example that uses it.
        let types_sound = self.errors.len() == before;
        let endpoints = self.endpoints(spec, &types, &errors, global, types_sound);
        if self.errors.len() > before {
            return None;
        }
        Some(Domain {
            name: spec.domain.clone(),
            crate_name: spec.crate_name.clone(),
            spec_path: self.display_path.display().to_string().replace('\\', "/"),
            title: spec.title.trim().to_owned(),
            doc: doc_with_notes(&spec.doc, &spec.notes),
            sources: spec.sources.iter().map(|s| s.file.clone()).collect(),
            mock: spec.mock,
            publish: spec.publish,
            envelope: match spec.envelope {
                model::EnvelopeSpec::Errcode => crate::ir::Envelope::Errcode,
                model::EnvelopeSpec::BaseResp => crate::ir::Envelope::BaseResp,
            },
            errors,
            endpoints,
            types,
        })
    }
}
