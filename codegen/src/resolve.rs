//! Validation of spec files and their resolution into the IR. Every problem is collected with
//! its location; the IR exists only when there is none.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::error::{SpecError, SpecErrors};
use crate::ir::{
    DateSpan, Doc, Domain, Endpoint, EnumValue, Envelope, ErrorCode, Example, ExampleOf, Field,
    FieldRef, HttpMethod, Paging, Type, TypeBody, TypeRef, Variant,
};
use crate::json::parse_strict;
use crate::load::Loaded;
use crate::locate::YamlPath;
use crate::names::{camel, is_camel, is_snake, shouty, snake};
use crate::sample::{fits, sample, within_limits};
use crate::spec::{self, AuthSpec, FieldSpec, TypeKind, TypeSpec};

/// The name of the field that keeps undocumented fields in every generated struct.
pub const EXTRA_FIELD: &str = "extra";

/// Name of the type synthesized for the `base_resp` envelope.
pub const BASE_RESP: &str = "BaseResp";

/// Validates `files` and resolves them into domains.
pub fn resolve(files: &[Loaded]) -> Result<Vec<Domain>, SpecErrors> {
    let mut errors = Vec::new();
    let mut domains = Vec::new();
    let mut seen_domains: BTreeMap<&str, &Loaded> = BTreeMap::new();
    for file in files {
        let mut cx = Cx {
            file,
            errors: &mut errors,
        };
        let name = file.spec.domain.as_str();
        if seen_domains.insert(name, file).is_some() {
            cx.err(
                &YamlPath::default().key("domain"),
                format!("domain `{name}` is defined twice"),
            );
        }
        if let Some(domain) = cx.domain() {
            domains.push(domain);
        }
    }
    if errors.is_empty() {
        Ok(domains)
    } else {
        Err(SpecErrors(errors))
    }
}

struct Cx<'a> {
    file: &'a Loaded,
    errors: &'a mut Vec<SpecError>,
}

fn root() -> YamlPath {
    YamlPath::default()
}

fn doc(d: &spec::Doc) -> Doc {
    doc_with_notes(d, &[])
}

/// The doc with the spec's notes on the source docs, so users see the quirks too.
fn doc_with_notes(d: &spec::Doc, notes: &[String]) -> Doc {
    Doc {
        en: d.en.trim().to_owned(),
        zh: d.zh.as_ref().map(|z| z.trim().to_owned()),
        notes: notes.iter().map(|n| n.trim().to_owned()).collect(),
    }
}

impl Cx<'_> {
    fn err(&mut self, path: &YamlPath, message: impl Into<String>) {
        let position = self.file.locator.position(path);
        self.errors.push(SpecError {
            file: self.file.display_path.clone(),
            position,
            message: message.into(),
        });
    }

    fn err_in_scalar(&mut self, path: &YamlPath, at: Option<(usize, usize)>, message: String) {
        let position = match at {
            Some((line, column)) => self.file.locator.position_in_scalar(path, line, column),
            None => self.file.locator.position(path),
        };
        self.errors.push(SpecError {
            file: self.file.display_path.clone(),
            position,
            message,
        });
    }

    fn domain(&mut self) -> Option<Domain> {
        let spec = &self.file.spec;
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
        let errors = self.errors_codes();
        let mut types = self.types();
        self.add_envelope_fields(&mut types);
        self.check_type_refs(&types);
        // Examples are checked against sound types only: a broken type would otherwise be
        // reported again through every example that uses it.
        let types_sound = self.errors.len() == before;
        let endpoints = self.endpoints(&types, &errors, types_sound);
        if self.errors.len() > before {
            return None;
        }
        Some(Domain {
            name: spec.domain.clone(),
            crate_name: spec.crate_name.clone(),
            spec_path: self
                .file
                .display_path
                .display()
                .to_string()
                .replace('\\', "/"),
            title: spec.title.trim().to_owned(),
            doc: doc_with_notes(&spec.doc, &spec.notes),
            sources: spec.sources.iter().map(|s| s.file.clone()).collect(),
            mock: spec.mock,
            envelope: spec.envelope,
            errors,
            endpoints,
            types,
        })
    }

    fn errors_codes(&mut self) -> Vec<ErrorCode> {
        let mut out: Vec<ErrorCode> = Vec::new();
        for (i, e) in self.file.spec.errors.iter().enumerate() {
            let path = root().key("errors").index(i);
            if !is_snake(&e.name) {
                self.err(&path.key("name"), "error name must be snake_case");
            }
            if e.code == 0 {
                self.err(&path.key("code"), "0 means success, not an error");
            }
            if out.iter().any(|o| o.code == e.code) {
                self.err(
                    &path.key("code"),
                    format!("error code {} is listed twice", e.code),
                );
            }
            let variant = camel(&e.name);
            if out.iter().any(|o| o.variant == variant) || variant == "Other" {
                self.err(
                    &path.key("name"),
                    format!("error name `{}` is taken", e.name),
                );
            }
            out.push(ErrorCode {
                code: e.code,
                name: e.name.clone(),
                variant,
                doc: doc_with_notes(&e.doc, &e.notes),
                retryable: e.retryable,
                raised_for: e.raised_for.clone(),
            });
        }
        out
    }

    fn types(&mut self) -> Vec<Type> {
        let mut out: Vec<Type> = Vec::new();
        for (i, t) in self.file.spec.types.iter().enumerate() {
            let path = root().key("types").index(i);
            if !is_camel(&t.name) {
                self.err(&path.key("name"), "type names are UpperCamelCase");
            }
            let reserved = ["Client", "ErrorCode", "Error"];
            if out.iter().any(|o| o.name == t.name)
                || reserved.contains(&t.name.as_str())
                || (t.name == BASE_RESP && self.file.spec.envelope == Envelope::BaseResp)
            {
                self.err(
                    &path.key("name"),
                    format!("type name `{}` is taken", t.name),
                );
            }
            let body = self.type_body(t, &path);
            let date_spans = self.date_spans(t, &body, &path);
            out.push(Type {
                name: t.name.clone(),
                doc: doc_with_notes(&t.doc, &t.notes),
                body,
                date_spans,
            });
        }
        if self.file.spec.envelope == Envelope::BaseResp {
            out.push(base_resp_type());
        }
        out
    }

    fn unexpected(&mut self, t: &TypeSpec, path: &YamlPath) {
        let kind = t.kind;
        if kind != TypeKind::Struct && !t.fields.is_empty() {
            self.err(&path.key("fields"), "only a struct has fields");
        }
        if !matches!(kind, TypeKind::StringEnum | TypeKind::IntEnum) && !t.values.is_empty() {
            self.err(&path.key("values"), "only an enum has values");
        }
        let union = matches!(kind, TypeKind::TaggedUnion | TypeKind::KeyedUnion);
        if !union && !t.variants.is_empty() {
            self.err(&path.key("variants"), "only a union has variants");
        }
        if kind != TypeKind::TaggedUnion && t.tag.is_some() {
            self.err(&path.key("tag"), "only a tagged_union has a tag");
        }
    }

    fn type_body(&mut self, t: &TypeSpec, path: &YamlPath) -> TypeBody {
        self.unexpected(t, path);
        match t.kind {
            TypeKind::Struct => TypeBody::Struct(self.fields(&t.fields, &path.key("fields"))),
            TypeKind::StringEnum => {
                let mut values: Vec<EnumValue<String>> = Vec::new();
                for (i, v) in t.values.iter().enumerate() {
                    let vpath = path.key("values").index(i);
                    let Some(value) = v.value.as_str() else {
                        self.err(&vpath.key("value"), "a string_enum value is a string");
                        continue;
                    };
                    let variant = v.name.clone().unwrap_or_else(|| camel(value));
                    if values.iter().any(|o| o.value == value) {
                        self.err(
                            &vpath.key("value"),
                            format!("value `{value}` is listed twice"),
                        );
                    }
                    self.variant_name(&variant, values.iter().map(|o| &o.variant), &vpath);
                    values.push(EnumValue {
                        value: value.to_owned(),
                        variant,
                        doc: doc_with_notes(&v.doc, &v.notes),
                    });
                }
                if values.is_empty() {
                    self.err(&path.key("values"), "an enum needs at least one value");
                }
                TypeBody::StringEnum(values)
            }
            TypeKind::IntEnum => {
                let mut values: Vec<EnumValue<i64>> = Vec::new();
                for (i, v) in t.values.iter().enumerate() {
                    let vpath = path.key("values").index(i);
                    let Some(value) = v.value.as_i64() else {
                        self.err(&vpath.key("value"), "an int_enum value is an integer");
                        continue;
                    };
                    let Some(variant) = v.name.clone() else {
                        self.err(&vpath, "an int_enum value needs a `name`");
                        continue;
                    };
                    if values.iter().any(|o| o.value == value) {
                        self.err(
                            &vpath.key("value"),
                            format!("value {value} is listed twice"),
                        );
                    }
                    self.variant_name(&variant, values.iter().map(|o| &o.variant), &vpath);
                    values.push(EnumValue {
                        value,
                        variant,
                        doc: doc_with_notes(&v.doc, &v.notes),
                    });
                }
                if values.is_empty() {
                    self.err(&path.key("values"), "an enum needs at least one value");
                }
                TypeBody::IntEnum(values)
            }
            TypeKind::TaggedUnion | TypeKind::KeyedUnion => {
                let tag = t.tag.clone();
                if t.kind == TypeKind::TaggedUnion && tag.as_deref().unwrap_or_default().is_empty()
                {
                    self.err(&path.key("kind"), "a tagged_union needs a `tag`");
                }
                let mut variants: Vec<Variant> = Vec::new();
                for (i, v) in t.variants.iter().enumerate() {
                    let vpath = path.key("variants").index(i);
                    let variant = v.name.clone().unwrap_or_else(|| camel(&v.key));
                    match (&tag, &v.tag) {
                        (Some(_), None) => {
                            self.err(&vpath, "a variant of a tagged_union needs a `tag`")
                        }
                        (None, Some(_)) => self.err(&vpath.key("tag"), "a keyed_union has no tags"),
                        (Some(_), Some(value))
                            if variants.iter().any(|o| o.tag.as_ref() == Some(value)) =>
                        {
                            self.err(&vpath.key("tag"), format!("tag `{value}` is listed twice"))
                        }
                        _ => {}
                    }
                    if variants.iter().any(|o| o.key == v.key) || Some(&v.key) == tag.as_ref() {
                        self.err(&vpath.key("key"), format!("key `{}` is taken", v.key));
                    }
                    self.variant_name(&variant, variants.iter().map(|o| &o.variant), &vpath);
                    variants.push(Variant {
                        tag: v.tag.clone(),
                        key: v.key.clone(),
                        ty: v.ty.clone(),
                        variant,
                        doc: doc(&v.doc),
                    });
                }
                if variants.is_empty() {
                    self.err(&path.key("variants"), "a union needs variants");
                }
                TypeBody::Union { tag, variants }
            }
        }
    }

    fn variant_name<'n>(
        &mut self,
        variant: &str,
        mut taken: impl Iterator<Item = &'n String>,
        path: &YamlPath,
    ) {
        if !is_camel(variant) {
            self.err(
                path,
                format!("variant name `{variant}` is not UpperCamelCase"),
            );
        } else if variant == "Unknown" || taken.any(|t| t == variant) {
            self.err(path, format!("variant name `{variant}` is taken"));
        }
    }

    fn fields(&mut self, specs: &[FieldSpec], path: &YamlPath) -> Vec<Field> {
        let mut out: Vec<Field> = Vec::new();
        for (i, f) in specs.iter().enumerate() {
            let fpath = path.index(i);
            let rust = f.rust.clone().unwrap_or_else(|| snake(&f.name));
            if out.iter().any(|o| o.wire == f.name) {
                self.err(
                    &fpath.key("name"),
                    format!("field `{}` is listed twice", f.name),
                );
            }
            if !is_snake(&rust) {
                self.err(
                    &fpath.key("name"),
                    format!("Rust name `{rust}` is not snake_case; set `rust`"),
                );
            } else if rust == EXTRA_FIELD || out.iter().any(|o| o.rust == rust) {
                self.err(
                    &fpath.key("name"),
                    format!("Rust name `{rust}` is taken; set `rust`"),
                );
            }
            let Some(ty) = TypeRef::parse(&f.ty) else {
                self.err(
                    &fpath.key("type"),
                    format!("unknown type syntax `{}`", f.ty),
                );
                continue;
            };
            if matches!(&ty, TypeRef::List(inner) if **inner == TypeRef::Date) {
                self.err(
                    &fpath.key("type"),
                    "a date field holds one date, not a list",
                );
            }
            let as_string = f.wire == Some(spec::WireForm::String);
            if as_string && !ty.is_integer() {
                self.err(
                    &fpath.key("wire"),
                    "`wire: string` applies to integer fields",
                );
            }
            if f.max_len.is_some() && ty != TypeRef::String {
                self.err(&fpath.key("max_len"), "`max_len` applies to string fields");
            }
            for (key, limit) in [("min", f.min), ("max", f.max)] {
                if limit.is_some() && !ty.is_integer() {
                    self.err(
                        &fpath.key(key),
                        format!("`{key}` applies to integer fields"),
                    );
                }
            }
            if let (Some(min), Some(max)) = (f.min, f.max) {
                if min > max {
                    self.err(&fpath.key("min"), "`min` is greater than `max`");
                }
            }
            if f.before_today && ty != TypeRef::Date {
                self.err(
                    &fpath.key("before_today"),
                    "`before_today` applies to date fields",
                );
            }
            if let Some(min_date) = &f.min_date {
                if ty != TypeRef::Date {
                    self.err(&fpath.key("min_date"), "`min_date` applies to date fields");
                } else if parse_date(min_date).is_none() {
                    self.err(
                        &fpath.key("min_date"),
                        "`min_date` is a date written yyyy-mm-dd",
                    );
                }
            }
            let mut field_doc = doc_with_notes(&f.doc, &f.notes);
            if f.example_only {
                field_doc
                    .en
                    .push_str("\n\nSeen only in the doc's examples.");
            }
            out.push(Field {
                wire: f.name.clone(),
                rust,
                ty,
                required: f.required,
                as_string,
                max_len: f.max_len,
                min: f.min,
                max: f.max,
                min_date: f.min_date.clone(),
                before_today: f.before_today,
                doc: field_doc,
                envelope: false,
                flatten: f.flatten,
            });
        }
        out
    }

    fn type_index(&self, name: &str) -> Option<usize> {
        self.file.spec.types.iter().position(|t| t.name == name)
    }

    fn check_type_refs(&mut self, types: &[Type]) {
        for (i, t) in types.iter().enumerate() {
            let path = root().key("types").index(i);
            match &t.body {
                TypeBody::Struct(fields) => {
                    let mut keys = BTreeSet::new();
                    for (j, f) in fields.iter().enumerate() {
                        let fpath = self.field_path(&path, &t.name, &f.wire, j);
                        for key in f.wire_keys(types) {
                            if !keys.insert(key) {
                                self.err(
                                    &fpath,
                                    format!("wire key `{key}` is used twice in `{}`", t.name),
                                );
                            }
                        }
                        if let Some(name) = f.ty.named() {
                            if !types.iter().any(|t| t.name == name) {
                                self.err(&fpath.key("type"), format!("unknown type `{name}`"));
                            }
                        }
                        let keyed = matches!(&f.ty, TypeRef::Named(n) if types.iter().any(|t| &t.name == n
                            && matches!(&t.body, TypeBody::Union { tag: None, .. })));
                        if f.flatten && !keyed {
                            self.err(
                                &fpath.key("flatten"),
                                "only a keyed_union field can be flattened",
                            );
                        }
                    }
                }
                TypeBody::Union { variants, .. } => {
                    for (j, v) in variants.iter().enumerate() {
                        let is_struct = types
                            .iter()
                            .any(|t| t.name == v.ty && matches!(t.body, TypeBody::Struct(_)));
                        if !is_struct {
                            let vpath = path.key("variants").index(j).key("type");
                            self.err(&vpath, format!("`{}` is not a struct type", v.ty));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// The spec path of a field; envelope fields added by the generator are not in the file,
    /// so their position falls back to the type.
    fn field_path(
        &self,
        type_path: &YamlPath,
        type_name: &str,
        wire: &str,
        index: usize,
    ) -> YamlPath {
        let in_spec = self.type_index(type_name).and_then(|t| {
            self.file.spec.types[t]
                .fields
                .iter()
                .position(|f| f.name == wire)
        });
        match in_spec {
            Some(i) => type_path.key("fields").index(i),
            None => type_path.key("fields").index(index),
        }
    }

    /// Adds the envelope's fields to every response type, so that examples round-trip and the
    /// fields are documented once, here, rather than in every spec type.
    fn add_envelope_fields(&mut self, types: &mut [Type]) {
        let responses: BTreeSet<&str> = self
            .file
            .spec
            .endpoints
            .iter()
            .map(|e| e.response.as_str())
            .collect();
        let envelope = envelope_fields(self.file.spec.envelope);
        for t in types
            .iter_mut()
            .filter(|t| responses.contains(t.name.as_str()))
        {
            let TypeBody::Struct(fields) = &mut t.body else {
                continue;
            };
            if let Some(clash) = fields
                .iter()
                .find(|f| envelope.iter().any(|e| e.wire == f.wire))
            {
                let message = format!(
                    "`{}` is an envelope field, added to response types by the generator; remove it",
                    clash.wire
                );
                let path = self
                    .type_index(&t.name)
                    .map(|i| root().key("types").index(i))
                    .unwrap_or_default();
                self.err(&path, message);
                continue;
            }
            let mut with_envelope = envelope_fields(self.file.spec.envelope);
            with_envelope.append(fields);
            *fields = with_envelope;
        }
    }

    fn endpoints(
        &mut self,
        types: &[Type],
        errors: &[ErrorCode],
        types_sound: bool,
    ) -> Vec<Endpoint> {
        let mut out: Vec<Endpoint> = Vec::new();
        for (i, e) in self.file.spec.endpoints.iter().enumerate() {
            let path = root().key("endpoints").index(i);
            if !is_snake(&e.name) {
                self.err(&path.key("name"), "endpoint names are snake_case");
            } else if out.iter().any(|o| o.name == e.name)
                || ["new", "runtime"].contains(&e.name.as_str())
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
            let struct_named = |name: &str| {
                types
                    .iter()
                    .find(|t| t.name == name)
                    .and_then(|t| match &t.body {
                        TypeBody::Struct(fields) => Some(fields),
                        _ => None,
                    })
            };
            if let Some(request) = &e.request {
                match struct_named(request) {
                    None => self.err(
                        &path.key("request"),
                        format!("`{request}` is not a struct type"),
                    ),
                    Some(fields) if e.method == HttpMethod::Get => {
                        for f in fields {
                            let flat = matches!(f.ty, TypeRef::List(_) | TypeRef::Json)
                                || f.ty.named().is_some_and(|n| {
                                    struct_named(n).is_some()
                                        || matches!(
                                            types.iter().find(|t| t.name == n).map(|t| &t.body),
                                            Some(TypeBody::Union { .. })
                                        )
                                });
                            if flat {
                                self.err(
                                    &path.key("request"),
                                    format!("GET parameters are flat; `{}` is not", f.wire),
                                );
                            }
                        }
                    }
                    Some(_) => {}
                }
            }
            if struct_named(&e.response).is_none() {
                self.err(
                    &path.key("response"),
                    format!("`{}` is not a struct type", e.response),
                );
            }
            for (j, code) in e.errors.iter().chain(&e.no_data_errors).enumerate() {
                if !errors.iter().any(|d| d.code == *code) {
                    let key = if j < e.errors.len() {
                        "errors"
                    } else {
                        "no_data_errors"
                    };
                    self.err(
                        &path.key(key),
                        format!("error code {code} is not defined under `errors`"),
                    );
                }
            }
            let examples = self.examples(e, &path, types, types_sound);
            let paging = e
                .paging
                .as_ref()
                .and_then(|p| self.paging(e, p, &path.key("paging"), types));
            let first = |of| {
                examples
                    .iter()
                    .find(|x: &&Example| x.of == of && x.violates.is_none())
                    .map(|x| x.value.clone())
            };
            let request_sample = e.request.as_ref().map(|r| {
                first(ExampleOf::Request)
                    .unwrap_or_else(|| sample(types, &TypeRef::Named(r.clone())))
            });
            let response_sample = first(ExampleOf::Response)
                .unwrap_or_else(|| sample(types, &TypeRef::Named(e.response.clone())));
            out.push(Endpoint {
                name: e.name.clone(),
                const_name: shouty(&e.name),
                method: e.method,
                path: e.path.clone(),
                fixed_query: e
                    .fixed_query
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
                access_token: e.auth == AuthSpec::AccessToken,
                doc: doc_with_notes(&e.doc, &e.notes),
                request: e.request.clone(),
                response: e.response.clone(),
                errors: e.errors.clone(),
                no_data_errors: e.no_data_errors.clone(),
                examples,
                request_sample,
                response_sample,
                paging,
            });
        }
        out
    }

    fn date_spans(&mut self, t: &TypeSpec, body: &TypeBody, path: &YamlPath) -> Vec<DateSpan> {
        let mut out = Vec::new();
        for (i, span) in t.date_spans.iter().enumerate() {
            let spath = path.key("date_spans").index(i);
            let TypeBody::Struct(fields) = body else {
                self.err(&spath, "only a struct has date spans");
                continue;
            };
            let mut find = |wire: &str, key: &str| -> Option<FieldRef> {
                match fields.iter().find(|f| f.wire == wire) {
                    Some(f) if f.ty == TypeRef::Date => Some(FieldRef {
                        wire: f.wire.clone(),
                        rust: f.rust.clone(),
                        required: f.required,
                    }),
                    _ => {
                        self.err(
                            &spath.key(key),
                            format!("`{wire}` is not a date field of this struct"),
                        );
                        None
                    }
                }
            };
            if let (Some(start), Some(end)) = (find(&span.start, "start"), find(&span.end, "end")) {
                out.push(DateSpan {
                    start,
                    end,
                    max_days: span.max_days,
                });
            }
        }
        out
    }

    /// Resolves the paging of an endpoint: each named field must exist with the type its role
    /// needs.
    fn paging(
        &mut self,
        e: &spec::EndpointSpec,
        p: &spec::PagingSpec,
        path: &YamlPath,
        types: &[Type],
    ) -> Option<Paging> {
        let fields_of = |name: Option<&String>| -> &[Field] {
            match name
                .and_then(|n| types.iter().find(|t| &t.name == n))
                .map(|t| &t.body)
            {
                Some(TypeBody::Struct(fields)) => fields,
                _ => &[],
            }
        };
        let request = fields_of(e.request.as_ref());
        let response = fields_of(Some(&e.response));
        let before = self.errors.len();
        let items_field = response.iter().find(|f| f.wire == p.items);
        let item = match items_field.map(|f| &f.ty) {
            Some(TypeRef::List(inner)) => Some((**inner).clone()),
            _ => {
                self.err(
                    &path.key("items"),
                    format!("`{}` is not a list field of the response", p.items),
                );
                None
            }
        };
        let items = items_field.map(|f| FieldRef {
            wire: f.wire.clone(),
            rust: f.rust.clone(),
            required: f.required,
        });
        let mut pick = |fields: &[Field],
                        key: &str,
                        wire: Option<&String>,
                        want: &[TypeRef],
                        required: Option<bool>|
         -> Option<FieldRef> {
            let Some(wire) = wire else {
                self.err(
                    path,
                    format!("`{:?}` paging needs `{key}`", p.style).to_lowercase(),
                );
                return None;
            };
            match fields.iter().find(|f| &f.wire == wire) {
                Some(f) if want.contains(&f.ty) && required.map_or(true, |r| r == f.required) => {
                    Some(FieldRef {
                        wire: f.wire.clone(),
                        rust: f.rust.clone(),
                        required: f.required,
                    })
                }
                _ => {
                    let req = match required {
                        Some(true) => "a required ",
                        Some(false) => "an optional ",
                        None => "a ",
                    };
                    let kinds: Vec<String> = want
                        .iter()
                        .map(|t| format!("{t:?}").to_lowercase())
                        .collect();
                    self.err(
                        &path.key(key),
                        format!(
                            "`{key}` names {req}{} field, `{wire}` is not",
                            kinds.join(" or ")
                        ),
                    );
                    None
                }
            }
        };
        let (position, size, total) = match p.style {
            // Page numbers and offsets differ only in the position field and its integer type
            // (`page_size: u32` with `page: u32`; `count: i64` with `offset: i64`).
            spec::PagingStyle::Page | spec::PagingStyle::Offset => {
                let (key, wire, int) = if p.style == spec::PagingStyle::Page {
                    ("page", p.page.as_ref(), TypeRef::U32)
                } else {
                    ("offset", p.offset.as_ref(), TypeRef::I64)
                };
                (
                    pick(request, key, wire, std::slice::from_ref(&int), Some(true)),
                    pick(request, "size", p.size.as_ref(), &[int], Some(true)),
                    pick(
                        response,
                        "total",
                        p.total.as_ref(),
                        &[TypeRef::I64],
                        Some(false),
                    ),
                )
            }
            spec::PagingStyle::Cursor => {
                let cursor = pick(
                    request,
                    "cursor",
                    p.cursor.as_ref(),
                    &[TypeRef::String],
                    Some(false),
                );
                let returned = pick(
                    response,
                    "cursor",
                    p.cursor.as_ref(),
                    &[TypeRef::String],
                    Some(false),
                );
                if p.page_size.is_none() {
                    self.err(path, "cursor paging needs `page_size`");
                }
                (cursor, None, returned)
            }
        };
        if self.errors.len() > before {
            return None;
        }
        Some(Paging {
            style: p.style,
            items: items?,
            item: item?,
            position: position?,
            size,
            total,
            page_size: p.page_size.unwrap_or_default(),
        })
    }

    fn examples(
        &mut self,
        e: &spec::EndpointSpec,
        path: &YamlPath,
        types: &[Type],
        types_sound: bool,
    ) -> Vec<Example> {
        let mut out: Vec<Example> = Vec::new();
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, x) in e.examples.iter().enumerate() {
            let xpath = path.key("examples").index(i);
            let of_name = match x.of {
                ExampleOf::Request => "request",
                ExampleOf::Response => "response",
                ExampleOf::Error => "error",
            };
            let n = counts.entry(of_name).or_default();
            *n += 1;
            let label = x.name.clone().unwrap_or_else(|| format!("{of_name}_{n}"));
            if !is_snake(&label) || out.iter().any(|o| o.label == label) {
                self.err(
                    &xpath,
                    format!("example label `{label}` is not snake_case or is taken"),
                );
            }
            match (&x.doc_original, x.repairs.is_empty()) {
                (None, false) => self.err(
                    &xpath.key("repairs"),
                    "repairs need the doc's text in `doc_original`",
                ),
                (Some(_), true) => self.err(
                    &xpath.key("doc_original"),
                    "`doc_original` without `repairs`: say what was repaired",
                ),
                (Some(original), false) => {
                    if parse_strict(original).is_ok() {
                        self.err(
                            &xpath.key("doc_original"),
                            "the doc's text is valid JSON now: the recorded repairs are no longer needed",
                        );
                    }
                }
                (None, true) => {}
            }
            if x.violates.is_some() && x.of != ExampleOf::Request {
                self.err(
                    &xpath.key("violates"),
                    "`violates` applies to request examples",
                );
            }
            let value = match parse_strict(&x.json) {
                Ok(value) => value,
                Err(problem) => {
                    self.err_in_scalar(
                        &xpath.key("json"),
                        problem.at,
                        format!("example is not valid JSON: {}", problem.message),
                    );
                    continue;
                }
            };
            let target = match x.of {
                ExampleOf::Request => e.request.clone(),
                ExampleOf::Response => Some(e.response.clone()),
                ExampleOf::Error => None,
            };
            match (x.of, target) {
                (ExampleOf::Request, None) => {
                    self.err(&xpath.key("of"), "the endpoint has no request type")
                }
                (of, Some(ty)) if types_sound => {
                    let target = TypeRef::Named(ty.clone());
                    if let Err(problem) = fits(types, &value, &target, false, "") {
                        self.err(
                            &xpath.key("json"),
                            format!("example does not decode into `{ty}`: {problem}"),
                        );
                    } else if of == ExampleOf::Request {
                        match (within_limits(types, &value, &target, "", None), &x.violates) {
                            (Err(problem), None) => self.err(
                                &xpath.key("json"),
                                format!("example breaks a documented limit ({problem}); record why under `violates`"),
                            ),
                            (Ok(()), Some(_)) => self.err(
                                &xpath.key("violates"),
                                "the example breaks no documented limit now: remove `violates`",
                            ),
                            _ => {}
                        }
                    }
                }
                (_, Some(_)) => {}
                (_, None) => {
                    if error_code_of(&value).is_none() {
                        self.err(
                            &xpath.key("json"),
                            "an error example has a non-zero `errcode` or `base_resp.ret`",
                        );
                    }
                }
            }
            out.push(Example {
                of: x.of,
                label,
                text: x.json.trim_end().to_owned(),
                value,
                violates: x.violates.clone(),
            });
        }
        out
    }
}

/// The error code an error example carries.
pub fn error_code_of(value: &Value) -> Option<i64> {
    let code = value
        .get("errcode")
        .and_then(Value::as_i64)
        .filter(|&c| c != 0)
        .or_else(|| value.pointer("/base_resp/ret").and_then(Value::as_i64));
    code.filter(|&c| c != 0)
}

fn envelope_field(wire: &str, ty: TypeRef, en: &str) -> Field {
    Field {
        wire: wire.to_owned(),
        rust: snake(wire),
        ty,
        required: false,
        as_string: false,
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
    }
}

fn envelope_fields(envelope: Envelope) -> Vec<Field> {
    match envelope {
        Envelope::Errcode => vec![
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
        Envelope::BaseResp => vec![envelope_field(
            "base_resp",
            TypeRef::Named(BASE_RESP.to_owned()),
            "Result envelope: `ret` 0 on success.",
        )],
    }
}

fn base_resp_type() -> Type {
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

/// Parses `yyyy-mm-dd` into a date, for spec values such as `min_date`.
pub fn parse_date(text: &str) -> Option<time::Date> {
    let mut parts = text.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let month = time::Month::try_from(m.parse::<u8>().ok()?).ok()?;
    time::Date::from_calendar_date(y.parse().ok()?, month, d.parse().ok()?).ok()
}
