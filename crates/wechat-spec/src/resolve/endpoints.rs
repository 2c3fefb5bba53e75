//! Endpoints, and the envelope fields every response type gets.

use std::collections::BTreeSet;

use super::{doc_with_notes, root, Cx};
use crate::ir::{Doc, Endpoint, ErrorCode, Field, HttpMethod, Type, TypeBody, TypeId, TypeRef};
use crate::model::{self, AuthSpec, EnvelopeSpec, ReturnsSpec, SpecFile};
use crate::names::{is_snake, shouty, snake};

/// Name of the type synthesized for the `base_resp` envelope.
pub const BASE_RESP: &str = "BaseResp";

/// Endpoint names a client method cannot take.
const RESERVED_ENDPOINT_NAMES: &[&str] = &["new", "runtime"];

impl Cx<'_> {
    /// Adds the envelope's fields to every response type, so that examples round-trip and the
    /// fields are documented once, here, rather than in every spec type.
    pub(super) fn add_envelope_fields(&mut self, spec: &SpecFile, types: &mut [Type]) {
        let responses: BTreeSet<&str> = spec
            .endpoints
            .iter()
            .filter_map(|e| e.response.as_deref())
            .collect();
        let base_resp = self.type_ids.get(BASE_RESP).copied();
        for (i, t) in types.iter_mut().enumerate() {
            if !responses.contains(t.name.as_str()) {
                continue;
            }
            let TypeBody::Struct(fields) = &mut t.body else {
                continue;
            };
            let mut with_envelope = envelope_fields(spec.envelope, base_resp);
            if let Some(clash) = fields
                .iter()
                .find(|f| with_envelope.iter().any(|e| e.wire == f.wire))
            {
                let message = format!(
                    "`{}` is an envelope field, added to response types by the generator; remove it",
                    clash.wire
                );
                self.err(&root().key("types").index(i), message);
                continue;
            }
            with_envelope.append(fields);
            *fields = with_envelope;
        }
    }

    /// The struct type called `name`, reporting another kind or an unknown name at `key`.
    pub(super) fn struct_type(
        &mut self,
        types: &[Type],
        name: &str,
        path: &crate::locate::YamlPath,
    ) -> Option<TypeId> {
        match self.type_ids.get(name).copied() {
            Some(id) if matches!(types[id.0].body, TypeBody::Struct(_)) => Some(id),
            _ => {
                self.err(path, format!("`{name}` is not a struct type"));
                None
            }
        }
    }

    pub(super) fn endpoints(
        &mut self,
        spec: &SpecFile,
        types: &[Type],
        errors: &[ErrorCode],
        global: &[ErrorCode],
        types_sound: bool,
    ) -> Vec<Endpoint> {
        let mut out: Vec<Endpoint> = Vec::new();
        for (i, e) in spec.endpoints.iter().enumerate() {
            let path = root().key("endpoints").index(i);
            if !is_snake(&e.name) {
                self.err(&path.key("name"), "endpoint names are snake_case");
            } else if out.iter().any(|o| o.name == e.name)
                || RESERVED_ENDPOINT_NAMES.contains(&e.name.as_str())
            {
                self.err(
                    &path.key("name"),
                    format!("endpoint name `{}` is taken", e.name),
                );
            }
            if !e.path.starts_with('/') || e.path.contains(|c: char| c.is_whitespace() || c == '?')
            {
                self.err(
                    &path.key("path"),
                    "path starts with `/` and has no spaces or query",
                );
            }
            let method = match e.method {
                model::HttpMethod::Get => HttpMethod::Get,
                model::HttpMethod::Post => HttpMethod::Post,
            };
            let request = match &e.request {
                Some(name) => {
                    let id = self.struct_type(types, name, &path.key("request"));
                    if let (Some(id), HttpMethod::Get) = (id, method) {
                        self.check_flat(types, id, &path.key("request"));
                    }
                    id
                }
                None => None,
            };
            let binary = e.returns == ReturnsSpec::Binary;
            let response = match (&e.response, binary) {
                (Some(name), false) => self.struct_type(types, name, &path.key("response")),
                (None, false) => {
                    self.err(
                        &path,
                        "an endpoint needs a `response` type (or `returns: binary`)",
                    );
                    continue;
                }
                (Some(_), true) => {
                    self.err(
                        &path.key("response"),
                        "`returns: binary` answers bytes: remove `response`",
                    );
                    continue;
                }
                (None, true) => None,
            };
            if binary && e.paging.is_some() {
                self.err(
                    &path.key("paging"),
                    "an endpoint that answers bytes does not page",
                );
            }
            let event = e
                .event
                .as_ref()
                .and_then(|name| self.struct_type(types, name, &path.key("event")));
            let app_credentials = e.auth == AuthSpec::AppCredentials;
            if let (true, Some(id)) = (app_credentials, request) {
                self.check_no_credentials(types, id, &e.name);
            }
            let signature = e
                .signature
                .as_ref()
                .and_then(|s| self.signature(s, &path.key("signature"), types, request, method));
            for (j, code) in e.errors.iter().chain(&e.no_data_errors).enumerate() {
                if !errors.iter().chain(global).any(|d| d.code == *code) {
                    let key = if j < e.errors.len() {
                        "errors"
                    } else {
                        "no_data_errors"
                    };
                    self.err(
                        &path.key(key),
                        format!("error code {code} is defined neither under `errors` nor globally"),
                    );
                }
            }
            if response.is_none() && !binary {
                continue;
            }
            let targets = super::examples::Targets {
                request,
                response,
                event,
                signature: signature.as_ref(),
            };
            let examples = self.examples(e, &path, types, &targets, types_sound);
            let paging = match (&e.paging, response) {
                (Some(p), Some(response)) => {
                    self.paging(p, &path.key("paging"), types, request, response)
                }
                _ => None,
            };
            out.push(Endpoint {
                name: e.name.clone(),
                const_name: shouty(&e.name),
                method,
                path: e.path.clone(),
                fixed_query: e
                    .fixed_query
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
                access_token: e.auth == AuthSpec::AccessToken,
                app_credentials,
                idempotent: e.idempotent.unwrap_or(method == HttpMethod::Get),
                doc: doc_with_notes(&e.doc, &e.notes),
                request,
                response,
                binary,
                signature,
                event,
                errors: e.errors.clone(),
                no_data_errors: e.no_data_errors.clone(),
                examples,
                paging,
                doc_names: e.doc_names.clone(),
            });
        }
        if types_sound {
            self.check_secrets(types, &out);
        }
        out
    }

    /// GET parameters travel in the query string, so they are flat.
    fn check_flat(&mut self, types: &[Type], request: TypeId, path: &crate::locate::YamlPath) {
        let TypeBody::Struct(fields) = &types[request.0].body else {
            return;
        };
        for f in fields {
            let nested = matches!(f.ty, TypeRef::List(_) | TypeRef::Json)
                || matches!(&f.ty, TypeRef::Named(id) if matches!(
                    types[id.0].body,
                    TypeBody::Struct(_) | TypeBody::Union { .. }
                ));
            if nested {
                self.err(
                    path,
                    format!("GET parameters are flat; `{}` is not", f.wire),
                );
            }
        }
    }
}

fn envelope_field(wire: &str, ty: TypeRef, en: &str) -> Field {
    Field {
        wire: wire.to_owned(),
        rust: snake(wire),
        ty,
        required: false,
        as_string: false,
        sensitive: false,
        compact_date: false,
        flatten: false,
        max_len: None,
        min: None,
        max: None,
        min_date: None,
        before_today: false,
        doc: Doc {
            en: en.to_owned(),
            ..Doc::default()
        },
        envelope: true,
        doc_quirks: Default::default(),
    }
}

/// The envelope's fields; `base_resp` is the synthesized type's index, when there is one.
fn envelope_fields(envelope: EnvelopeSpec, base_resp: Option<TypeId>) -> Vec<Field> {
    match (envelope, base_resp) {
        (EnvelopeSpec::Errcode, _) | (EnvelopeSpec::BaseResp, None) => vec![
            envelope_field(
                "errcode",
                TypeRef::I64,
                "Error code of the envelope: 0 (or absent) on success.",
            ),
            envelope_field(
                "errmsg",
                TypeRef::String,
                "Error message of the envelope (`ok` on success).",
            ),
        ],
        (EnvelopeSpec::BaseResp, Some(id)) => vec![envelope_field(
            "base_resp",
            TypeRef::Named(id),
            "Result envelope: `ret` 0 on success.",
        )],
    }
}

/// The synthesized `BaseResp` type of the `base_resp` envelope.
pub(super) fn base_resp_type() -> Type {
    Type {
        name: BASE_RESP.to_owned(),
        doc: Doc {
            en: "The `base_resp` envelope of this domain's responses.".to_owned(),
            ..Doc::default()
        },
        date_spans: Vec::new(),
        body: TypeBody::Struct(vec![
            envelope_field("ret", TypeRef::I64, "Error code: 0 on success."),
            envelope_field(
                "err_msg",
                TypeRef::String,
                "Error message (`ok` on success).",
            ),
        ]),
    }
}
