//! What an endpoint's request may not hold, or must, for how it authenticates and signs:
//! `auth: app_credentials`, `signature`, and the `secret` fields only a signature may use.

use std::collections::BTreeSet;

use super::{root, Cx};
use crate::ir::{Endpoint, FieldRef, HttpMethod, Signature, Type, TypeBody, TypeId, TypeRef};
use crate::locate::YamlPath;
use crate::model::{SigMethodSpec, SignatureSpec};

/// The query parameters `auth: app_credentials` adds from the client's credentials.
pub const CREDENTIAL_PARAMS: [&str; 2] = ["appid", "secret"];

fn field_path(id: TypeId, index: usize) -> YamlPath {
    root().key("types").index(id.0).key("fields").index(index)
}

impl Cx<'_> {
    /// The credentials come from the client, never from the request type.
    pub(super) fn check_no_credentials(&mut self, types: &[Type], request: TypeId, endpoint: &str) {
        let TypeBody::Struct(fields) = &types[request.0].body else {
            return;
        };
        for (j, f) in fields.iter().enumerate() {
            if CREDENTIAL_PARAMS.contains(&f.wire.as_str()) {
                let message = format!(
                    "`{}` comes from the client's credentials (`auth: app_credentials` of `{endpoint}`); remove it from `{}`",
                    f.wire,
                    types[request.0].name
                );
                self.err(&field_path(request, j), message);
            }
        }
    }

    /// A signature keyed by a required `secret` field of the request, whose parameters the
    /// request does not declare.
    pub(super) fn signature(
        &mut self,
        s: &SignatureSpec,
        path: &YamlPath,
        types: &[Type],
        request: Option<TypeId>,
        _method: HttpMethod,
    ) -> Option<Signature> {
        let Some(request) = request else {
            self.err(
                path,
                "a signature is made from the request: the endpoint needs one",
            );
            return None;
        };
        let fields = match &types[request.0].body {
            TypeBody::Struct(fields) => fields,
            _ => return None,
        };
        let name = &types[request.0].name;
        let key = fields.iter().find(|f| f.wire == s.key);
        let key = match key {
            Some(f) if f.ty == TypeRef::Secret && f.required => FieldRef::from(f),
            _ => {
                let message = format!("`{}` is not a required `secret` field of `{name}`", s.key);
                self.err(&path.key("key"), message);
                return None;
            }
        };
        for (param, which) in [(&s.param, "param"), (&s.method_param, "method_param")] {
            if let Some(j) = fields.iter().position(|f| &f.wire == param) {
                let message = format!(
                    "`{param}` is the signature's `{which}`, which the client adds: remove it from `{name}`"
                );
                self.err(&field_path(request, j), message);
            }
        }
        if s.param == s.method_param {
            self.err(
                &path.key("method_param"),
                "`param` and `method_param` are one name",
            );
        }
        if let Some(subject) = &s.subject {
            if !fields
                .iter()
                .any(|f| &f.wire == subject && f.ty == TypeRef::String)
            {
                let message = format!("`{subject}` is not a string field of `{name}`");
                self.err(&path.key("subject"), message);
            }
        }
        Some(Signature {
            key,
            param: s.param.clone(),
            method_param: s.method_param.clone(),
            method: match s.method {
                SigMethodSpec::HmacSha256 => "hmac_sha256".to_owned(),
            },
            subject: s.subject.clone(),
        })
    }

    /// A request's `secret` field is there only to key a signature (anywhere else it would be
    /// lost); a response's is a secret WeChat answers, such as a session key.
    pub(super) fn check_secrets(&mut self, types: &[Type], endpoints: &[Endpoint]) {
        let sent = reachable(types, endpoints.iter().filter_map(|e| e.request));
        for (i, t) in types.iter().enumerate() {
            if !sent.contains(&TypeId(i)) {
                continue;
            }
            let TypeBody::Struct(fields) = &t.body else {
                continue;
            };
            for (j, f) in fields.iter().enumerate() {
                if f.ty != TypeRef::Secret {
                    continue;
                }
                // Only a request type's own field can key its signature.
                let used = endpoints.iter().any(|e| {
                    e.request == Some(TypeId(i))
                        && e.signature.as_ref().is_some_and(|s| s.key.wire == f.wire)
                });
                if !used {
                    let message = format!(
                        "`{}` is a `secret` of a request, never sent: only the `signature` of an endpoint whose request is `{}` may use it",
                        f.wire, t.name
                    );
                    self.err(&field_path(TypeId(i), j).key("type"), message);
                }
            }
        }
    }
}

/// The types reachable from `roots` through fields and union variants.
fn reachable(types: &[Type], roots: impl Iterator<Item = TypeId>) -> BTreeSet<TypeId> {
    let mut found = BTreeSet::new();
    let mut todo: Vec<TypeId> = roots.collect();
    while let Some(id) = todo.pop() {
        if !found.insert(id) {
            continue;
        }
        match &types[id.0].body {
            TypeBody::Struct(fields) => todo.extend(fields.iter().filter_map(|f| f.ty.named())),
            TypeBody::Union { variants, .. } => todo.extend(variants.iter().map(|v| v.ty)),
            _ => {}
        }
    }
    found
}
