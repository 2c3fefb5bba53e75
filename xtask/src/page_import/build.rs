//! From pages to a draft: every endpoint the spec lacks, its request and response types
//! (nested objects become types of their own), enums, error codes and examples. The wire is
//! the truth: where a table and an example disagree, the example's type is drafted, the table's
//! recorded as `doc_type`, and the line marked for review.

use std::collections::BTreeSet;

use serde_json::{Map, Value};
use wechat_doc::{
    Auth, DocType, Endpoint as PageEndpoint, ExampleFormat, ExampleKind, Field as PageField,
    Language, Method, Page, Required,
};
use wechat_spec::names::{camel, snake};

use super::draft::{Doc, Draft, Endpoint, ErrorCode, Example, Field, Type, TypeKind};

/// What the spec already has, so that nothing is drafted twice.
#[derive(Debug, Default)]
pub struct Known {
    /// Endpoints by path and fixed query (`path?k=v`).
    pub addresses: BTreeSet<String>,
    /// Endpoint names.
    pub endpoints: BTreeSet<String>,
    /// Type names.
    pub types: BTreeSet<String>,
    /// Error codes, of the domain and global.
    pub codes: BTreeSet<i64>,
    /// Error names (`ErrorCode` variants), of the domain and global.
    pub error_names: BTreeSet<String>,
}

/// The address an endpoint is known by: path and fixed query.
pub fn address(path: &str, fixed: &[(String, String)]) -> String {
    let query: Vec<String> = fixed.iter().map(|(k, v)| format!("{k}={v}")).collect();
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

/// Query parameters that are not request fields: the token, and the app's credentials.
const NOT_FIELDS: &[&str] = &["access_token"];
const CREDENTIALS: &[&str] = &["appid", "secret"];
const ENVELOPE: &[&str] = &["errcode", "errmsg"];

/// Drafts every endpoint of `pages` that `known` lacks.
pub fn build(pages: &[(String, Page)], known: &mut Known) -> Draft {
    let mut draft = Draft::default();
    for (_, page) in pages {
        for p in &page.endpoints {
            let fixed: Vec<(String, String)> = p
                .fixed_query
                .iter()
                .map(|q| (q.name.clone(), q.value.clone()))
                .collect();
            let at = address(&p.path, &fixed);
            if !known.addresses.insert(at) {
                continue;
            }
            let mut cx = Cx {
                known,
                draft: &mut draft,
                language: page.language,
                seed: page.format == wechat_doc::Format::Seed,
            };
            let endpoint = cx.endpoint(p, fixed);
            draft.endpoints.push(endpoint);
        }
    }
    draft
}

struct Cx<'a> {
    known: &'a mut Known,
    draft: &'a mut Draft,
    language: Language,
    /// A seed-format page: a machine translation whose tables may capitalise names.
    seed: bool,
}

/// A name not yet taken: `base`, else `base2`, `base3`...
fn unique(taken: &mut BTreeSet<String>, base: String) -> String {
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}{n}");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

/// The examples' JSON of `kind`: request, successful response, or errors.
fn examples_of(p: &PageEndpoint, kind: ExampleKind) -> Vec<&wechat_doc::Example> {
    p.examples
        .iter()
        .filter(|x| {
            x.kind == kind
                && x.format == ExampleFormat::Json
                && x.json.as_ref().is_some_and(Value::is_object)
        })
        .collect()
}

fn error_code(value: &Value) -> Option<i64> {
    value
        .get("errcode")
        .and_then(Value::as_i64)
        .filter(|c| *c != 0)
}

impl Cx<'_> {
    fn doc(&self, text: &str) -> Doc {
        let text = text.trim().to_owned();
        match self.language {
            Language::Zh => Doc {
                en: String::new(),
                zh: Some(text),
                en_missing: true,
            },
            Language::En | Language::Mixed => Doc::english(text),
        }
    }

    fn endpoint(&mut self, p: &PageEndpoint, fixed: Vec<(String, String)>) -> Endpoint {
        // The page's English name, else the action, else the path below its first segment
        // (`/card/code/get` gives `code_get`).
        let english = p
            .name
            .as_deref()
            .filter(|n| n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        let from_path = || {
            let segments: Vec<&str> = p.path.split('/').filter(|s| !s.is_empty()).collect();
            let tail = segments
                .get(1..)
                .filter(|t| !t.is_empty())
                .unwrap_or(&segments[..]);
            snake(&tail.join("_"))
        };
        let base_name = english
            .map(snake)
            .or_else(|| fixed.first().map(|(_, v)| snake(v)))
            .unwrap_or_else(from_path);
        let base_name = if base_name.is_empty() {
            "call".to_owned()
        } else {
            base_name
        };
        let name = unique(&mut self.known.endpoints, base_name);
        let base = camel(&name);
        let method = match p.method {
            Method::Get => "GET",
            Method::Post | Method::Unknown => "POST",
        };
        let mut review = Vec::new();
        if p.method == Method::Unknown {
            review.push("the page gives no method; POST assumed".to_owned());
        }
        let auth = matches!(p.auth, Auth::AppCredentials { .. }).then_some("app_credentials");
        let page_doc: Vec<&str> = p.doc.iter().map(|t| t.text.as_str()).collect();
        let title = p.title.clone().unwrap_or_default();
        let mut doc = self.doc(&if page_doc.is_empty() {
            title.clone()
        } else {
            page_doc.join("\n")
        });
        if doc.en_missing {
            review.push("the page is in Chinese only: add the English text".to_owned());
        }
        if let (Some(english), true) = (&p.name, doc.en.is_empty()) {
            doc.en = format!("`{english}`.");
        }
        let request_fields: Vec<&PageField> = p
            .query
            .iter()
            .chain(&p.body)
            .filter(|f| !NOT_FIELDS.contains(&f.name.as_str()))
            .filter(|f| !fixed.iter().any(|(k, _)| *k == f.name))
            .filter(|f| auth.is_none() || !CREDENTIALS.contains(&f.name.as_str()))
            .collect();
        // WeChat's login-state signature: the client computes `signature` (HMAC-SHA256 of an
        // empty string keyed with the user's session key) and `sig_method`; the request takes
        // the session key as a secret instead.
        let signed = ["signature", "sig_method"]
            .iter()
            .all(|name| request_fields.iter().any(|f| f.name == *name));
        let subject = request_fields.iter().any(|f| f.name == "openid");
        let request_fields: Vec<&PageField> = request_fields
            .into_iter()
            .filter(|f| !signed || !matches!(f.name.as_str(), "signature" | "sig_method"))
            .collect();
        let request_examples: Vec<Value> = examples_of(p, ExampleKind::Request)
            .iter()
            .filter_map(|x| x.json.clone())
            .collect();
        let request = (!request_fields.is_empty() || !request_examples.is_empty()).then(|| {
            let evidence = request_examples.first().and_then(Value::as_object);
            let request = self.struct_type(
                &format!("{base}Request"),
                &request_fields,
                evidence,
                true,
                Doc::english(format!("Request of `{name}`.")),
            );
            self.optional_where_examples_omit(&request, &request_examples);
            if signed {
                self.add_session_key(&request);
            }
            request
        });
        let signature = signed.then(|| {
            review.push("a signed call: the session key is signed with, never sent".into());
            if subject { "openid" } else { "" }.to_owned()
        });
        let responses = examples_of(p, ExampleKind::Response);
        let success = responses
            .iter()
            .find(|x| x.json.as_ref().is_some_and(|j| error_code(j).is_none()));
        let response_fields: Vec<&PageField> = p
            .response
            .iter()
            .filter(|f| !ENVELOPE.contains(&f.name.as_str()))
            .collect();
        let evidence = success
            .and_then(|x| x.json.as_ref())
            .and_then(Value::as_object);
        // A response documented as a buffer is bytes (an image): the endpoint returns binary.
        let binary = response_fields
            .iter()
            .any(|f| matches!(f.ty, DocType::Buffer));
        let response = (!binary).then(|| {
            self.struct_type(
                &format!("{base}Response"),
                &response_fields,
                evidence,
                false,
                Doc::english(format!("Response of `{name}`.")),
            )
        });
        // A push event the call causes later (the verdict of an async check): its table and
        // example make a type of its own.
        let event_example = p.examples.iter().find(|x| {
            x.kind == ExampleKind::Event && x.json.as_ref().is_some_and(Value::is_object)
        });
        let event = event_example.map(|x| {
            let fields: Vec<&PageField> = p.other_fields.iter().flat_map(|t| &t.fields).collect();
            let evidence = x.json.as_ref().and_then(Value::as_object);
            // Drafted as request-like: an event is no response, so it keeps `errcode` and
            // `errmsg` as its own fields (the generator adds them only to responses).
            self.struct_type(
                &format!("{base}Event"),
                &fields,
                evidence,
                true,
                Doc::english(format!("The push event `{name}` causes later.")),
            )
        });
        let mut examples = Vec::new();
        for x in p
            .examples
            .iter()
            .filter(|x| x.format == ExampleFormat::Json)
        {
            let Some(json) = x.json.clone().filter(Value::is_object) else {
                continue;
            };
            let of = match x.kind {
                ExampleKind::Request if request.is_some() => "request",
                ExampleKind::Response if error_code(&json).is_some() => "error",
                ExampleKind::Response if response.is_some() => "response",
                ExampleKind::Event if event.is_some() => "event",
                _ => continue,
            };
            // The first example of each kind is the evidence the types were drafted from.
            if examples.iter().any(|e: &Example| e.of == of) && of != "error" {
                continue;
            }
            let repaired = !x.repairs.is_empty();
            examples.push(Example {
                of,
                json,
                repairs: x.repairs.iter().map(ToString::to_string).collect(),
                doc_original: repaired.then(|| x.text.clone()),
            });
        }
        let errors = self.errors(p);
        Endpoint {
            name,
            method,
            path: p.path.clone(),
            fixed_query: fixed,
            auth,
            idempotent: (method == "POST").then_some(false),
            doc,
            request,
            response,
            signature,
            event,
            errors,
            examples,
            review,
        }
    }

    /// The session key a signed request is signed with: a secret, never sent.
    fn add_session_key(&mut self, name: &str) {
        if let Some(Type {
            kind: TypeKind::Struct(fields),
            ..
        }) = self.draft.types.iter_mut().find(|t| t.name == name)
        {
            fields.push(Field {
                name: "session_key".into(),
                rust: None,
                ty: "secret".into(),
                required: true,
                max_len: None,
                wire: None,
                example_only: false,
                doc_type: None,
                doc_required: None,
                doc_names: Vec::new(),
                doc: Doc::english(
                    "The user's session key, which signs the call; it is never sent.",
                ),
                review: None,
            });
        }
    }

    /// A field the table says is required but some request example omits is drafted optional,
    /// the table's word recorded as `doc_required`: the examples show what WeChat accepts.
    fn optional_where_examples_omit(&mut self, name: &str, examples: &[Value]) {
        let Some(Type {
            kind: TypeKind::Struct(fields),
            ..
        }) = self.draft.types.iter_mut().find(|t| t.name == name)
        else {
            return;
        };
        for f in fields.iter_mut().filter(|f| f.required) {
            let omitted = examples.iter().any(|x| x.get(&f.name).is_none());
            if omitted {
                f.required = false;
                f.doc_required = Some(true);
                f.review =
                    Some("the table says required, an example omits it: drafted optional".into());
            }
        }
    }

    /// The page's error codes; those the spec lacks are drafted for the domain.
    fn errors(&mut self, p: &PageEndpoint) -> Vec<i64> {
        let mut codes = Vec::new();
        for e in p.errors.iter().filter(|e| e.code != 0) {
            if !codes.contains(&e.code) {
                codes.push(e.code);
            }
            if !self.known.codes.insert(e.code) {
                continue;
            }
            let words: Vec<String> = e
                .meaning
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphabetic()))
                .take(5)
                .map(str::to_ascii_lowercase)
                .collect();
            let base = if words.is_empty() {
                format!("error_{}", e.code)
            } else {
                words.join("_")
            };
            let base = if base.starts_with(|c: char| c.is_ascii_alphabetic()) {
                base
            } else {
                format!("error_{base}")
            };
            let name = snake(&unique_variant(&mut self.known.error_names, &base));
            let mut doc = self.doc(&e.meaning);
            if let Some(solution) = e.solution.as_deref().filter(|s| !s.trim().is_empty()) {
                match &mut doc.zh {
                    Some(zh) => *zh = format!("{zh}（{}）", solution.trim()),
                    None => doc.en = format!("{} ({})", doc.en, solution.trim()),
                }
            }
            if doc.en.is_empty() {
                doc.en = format!("Error {}.", e.code);
            }
            let signature = e.meaning.to_ascii_lowercase().contains("invalid signature");
            self.draft.errors.push(ErrorCode {
                code: e.code,
                raised_for: signature.then_some("signature"),
                name,
                doc,
                review: "name and retry kind drafted from the page's text".to_owned(),
            });
        }
        codes
    }

    /// A struct type from `fields`, with `evidence` (the example's object) deciding wire types
    /// and adding fields only the example shows. Returns the type's name.
    fn struct_type(
        &mut self,
        base: &str,
        fields: &[&PageField],
        evidence: Option<&Map<String, Value>>,
        request: bool,
        doc: Doc,
    ) -> String {
        let name = unique(&mut self.known.types, base.to_owned());
        let mut out: Vec<Field> = Vec::new();
        for pf in fields {
            // A translated table may capitalise a name its example spells as the wire does.
            let spelled = evidence
                .and_then(|e| {
                    e.keys()
                        .find(|k| self.seed && k.eq_ignore_ascii_case(&pf.name) && **k != pf.name)
                })
                .cloned();
            let wire = spelled.clone().unwrap_or_else(|| pf.name.clone());
            if out.iter().any(|f| f.name == wire) {
                continue; // a duplicated row
            }
            let value = evidence.and_then(|e| e.get(&wire));
            let mut field = self.field(&name, pf, value, request);
            if let Some(wire) = spelled {
                field.doc_names = vec![std::mem::replace(&mut field.name, wire)];
            }
            out.push(field);
        }
        for (key, value) in evidence.into_iter().flatten() {
            if out.iter().any(|f| f.name == *key) || (!request && ENVELOPE.contains(&key.as_str()))
            {
                continue;
            }
            let (ty, wire) = self.type_of_value(&name, key, value);
            out.push(Field {
                name: key.clone(),
                rust: rust_name(key),
                ty,
                required: false,
                max_len: None,
                wire,
                example_only: true,
                doc_type: None,
                doc_required: None,
                doc_names: Vec::new(),
                doc: Doc::english("Seen only in the page's example."),
                review: Some("in the example only: document it".to_owned()),
            });
        }
        // Two wire names with one snake form (`Page` and `page`) need a Rust name each.
        let mut rust_names = BTreeSet::new();
        for f in &mut out {
            let rust = f.rust.clone().unwrap_or_else(|| snake(&f.name));
            if !rust_names.insert(rust.clone()) {
                let again = unique(&mut rust_names, format!("{rust}_"));
                f.rust = Some(again);
            }
        }
        self.draft.types.push(Type {
            name: name.clone(),
            kind: TypeKind::Struct(out),
            doc,
            review: Vec::new(),
        });
        name
    }

    fn field(
        &mut self,
        owner: &str,
        pf: &PageField,
        value: Option<&Value>,
        request: bool,
    ) -> Field {
        let (mut ty, mut wire, mut review) = self.table_type(owner, pf, value, request);
        let mut doc_type = None;
        let digits = value
            .and_then(Value::as_str)
            .is_some_and(|s| s.trim().parse::<i64>().is_ok());
        if digits && matches!(ty.as_str(), "i64" | "i32" | "u64" | "u32") {
            wire = Some("string");
            review = Some("a number the example sends as a string".into());
        }
        if let Some(value) = value {
            if !fits(&ty, wire, value) {
                let (from_example, example_wire) = self.type_of_value(owner, &pf.name, value);
                review = Some(format!(
                    "the table says `{}`, the example sends {value}: drafted as `{from_example}`",
                    pf.type_as_written.as_deref().unwrap_or("nothing")
                ));
                doc_type = pf.type_as_written.clone();
                ty = from_example;
                wire = example_wire;
            }
        }
        // A session key WeChat answers is a credential: printed redacted.
        if pf.name == "session_key" && ty == "string" {
            ty = "secret".into();
        }
        let max_len = match pf.ty {
            DocType::String { max_len } if ty == "string" => max_len.or(pf.doc_max_len),
            _ => None,
        };
        Field {
            name: pf.name.clone(),
            rust: rust_name(&pf.name),
            ty,
            required: request && pf.required == Required::Yes,
            max_len,
            wire,
            example_only: false,
            doc_type,
            doc_required: None,
            doc_names: Vec::new(),
            doc: self.doc(&pf.doc),
            review,
        }
    }

    /// The spec type of a table's field: nested objects and lists of objects become types of
    /// their own, listed values an enum.
    fn table_type(
        &mut self,
        owner: &str,
        pf: &PageField,
        value: Option<&Value>,
        request: bool,
    ) -> (String, Option<&'static str>, Option<String>) {
        // Nested request objects keep the tables' `required`, as the top level does.
        let nested = |cx: &mut Self, item: Option<&Value>| {
            let children: Vec<&PageField> = pf.children.iter().collect();
            let evidence = item.and_then(Value::as_object);
            cx.struct_type(
                &format!("{owner}{}", camel(&pf.name)),
                &children,
                evidence,
                request,
                cx.doc(&pf.doc),
            )
        };
        match &pf.ty {
            DocType::String { .. }
                if !pf.doc_values.is_empty() && pf.doc_values.iter().all(|v| !is_int(&v.value)) =>
            {
                (
                    self.enum_type(owner, pf, false, value),
                    None,
                    Some("an enum drafted from the listed values".into()),
                )
            }
            DocType::String { .. } => ("string".into(), None, None),
            DocType::Number | DocType::Integer { .. }
                if !pf.doc_values.is_empty() && pf.doc_values.iter().all(|v| is_int(&v.value)) =>
            {
                (
                    self.enum_type(owner, pf, true, value),
                    None,
                    Some("an enum drafted from the listed values: name its variants".into()),
                )
            }
            DocType::Number => {
                let float = value.is_some_and(|v| v.is_f64())
                    || pf.doc.contains("浮点")
                    || pf.doc.to_lowercase().contains("float");
                (if float { "f64" } else { "i64" }.into(), None, None)
            }
            DocType::Integer { unsigned, bits } => {
                let ty = match (unsigned, bits) {
                    (true, Some(64)) => "u64",
                    (true, _) => "u32",
                    (false, Some(32)) => "i32",
                    (false, _) => "i64",
                };
                (ty.into(), None, None)
            }
            DocType::Float => ("f64".into(), None, None),
            DocType::Bool => ("bool".into(), None, None),
            DocType::Object if !pf.children.is_empty() || value.is_some_and(Value::is_object) => {
                (nested(self, value), None, None)
            }
            DocType::Object => ("json".into(), None, None),
            DocType::Array { item } => {
                let merged = value.and_then(Value::as_array).and_then(|a| merged(a));
                let first = merged.as_ref();
                let objects = !pf.children.is_empty()
                    || matches!(item.as_deref(), Some(DocType::Object))
                    || first.is_some_and(Value::is_object);
                if objects {
                    return (format!("list<{}>", nested(self, first)), None, None);
                }
                let inner = match (item.as_deref(), first) {
                    (Some(DocType::String { .. }), _) | (None, Some(Value::String(_))) => "string",
                    (Some(DocType::Integer { .. } | DocType::Number), _)
                    | (None, Some(Value::Number(_))) => "i64",
                    (Some(DocType::Float), _) => "f64",
                    _ => "json",
                };
                (format!("list<{inner}>"), None, None)
            }
            DocType::Buffer => (
                "json".into(),
                None,
                Some("binary on the page: the endpoint may answer bytes".into()),
            ),
            DocType::Unknown => match value {
                Some(v) => {
                    let (ty, wire) = self.type_of_value(owner, &pf.name, v);
                    (
                        ty,
                        wire,
                        Some("untyped on the page: drafted from the example".into()),
                    )
                }
                None => (
                    "string".into(),
                    None,
                    Some("untyped on the page and in no example: string assumed".into()),
                ),
            },
        }
    }

    /// An enum of the values a field's description lists, and the example's value if the
    /// list lacks it (doc examples must show only documented values).
    fn enum_type(
        &mut self,
        owner: &str,
        pf: &PageField,
        int: bool,
        value: Option<&Value>,
    ) -> String {
        let name = unique(&mut self.known.types, format!("{owner}{}", camel(&pf.name)));
        let mut listed: Vec<(String, Doc)> = pf
            .doc_values
            .iter()
            .map(|v| (v.value.trim().to_owned(), self.doc(&v.doc)))
            .collect();
        let shown = value.and_then(|v| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        });
        if let Some(shown) = shown.filter(|s| !listed.iter().any(|(v, _)| v == s)) {
            let doc = Doc::english("Seen in the page's example only.");
            listed.push((shown, doc));
        }
        let kind = if int {
            TypeKind::IntEnum(
                listed
                    .into_iter()
                    .filter_map(|(v, doc)| {
                        v.parse().ok().map(|n: i64| {
                            let name = if n < 0 {
                                format!("Minus{}", n.unsigned_abs())
                            } else {
                                format!("Value{n}")
                            };
                            (n, name, doc)
                        })
                    })
                    .collect(),
            )
        } else {
            TypeKind::StringEnum(listed)
        };
        self.draft.types.push(Type {
            name: name.clone(),
            kind,
            doc: self.doc(&pf.doc),
            review: vec!["values drafted from the page's description".into()],
        });
        name
    }

    /// The spec type of an example's value (nested objects become types).
    fn type_of_value(
        &mut self,
        owner: &str,
        key: &str,
        value: &Value,
    ) -> (String, Option<&'static str>) {
        match value {
            // A digit string stays a string unless a table says it is a number (see `field`).
            Value::String(_) | Value::Null => ("string".into(), None),
            Value::Bool(_) => ("bool".into(), None),
            Value::Number(n) if n.is_f64() => ("f64".into(), None),
            Value::Number(n) if n.is_u64() && n.as_i64().is_none() => ("u64".into(), None),
            Value::Number(_) => ("i64".into(), None),
            Value::Object(map) => (
                self.struct_type(
                    &format!("{owner}{}", camel(key)),
                    &[],
                    Some(map),
                    false,
                    Doc::english("Seen only in the page's example."),
                ),
                None,
            ),
            Value::Array(items) => match merged(items).as_ref() {
                Some(first) => {
                    let (inner, _) = self.type_of_value(owner, key, first);
                    (format!("list<{inner}>"), None)
                }
                None => ("list<json>".into(), None),
            },
        }
    }
}

/// One value standing for every item of a list: for objects, every key any item has (with
/// its first value), so that a key only a later item shows is drafted too.
fn merged(items: &[Value]) -> Option<Value> {
    let first = items.first()?;
    if !items.iter().all(Value::is_object) {
        return Some(first.clone());
    }
    let mut all = Map::new();
    for item in items.iter().filter_map(Value::as_object) {
        for (key, value) in item {
            let slot = all.entry(key.clone()).or_insert(Value::Null);
            if slot.is_null() {
                *slot = value.clone();
            }
        }
    }
    Some(Value::Object(all))
}

fn is_int(text: &str) -> bool {
    text.trim().parse::<i64>().is_ok()
}

/// A Rust name for a wire name whose snake form Rust cannot take.
fn rust_name(wire: &str) -> Option<String> {
    let rust = snake(wire);
    matches!(rust.as_str(), "self" | "crate" | "super" | "extra" | "")
        .then(|| format!("{rust}_value"))
}

/// A variant name not yet taken.
fn unique_variant(taken: &mut BTreeSet<String>, base: &str) -> String {
    let mut name = base.to_owned();
    let mut n = 2;
    while taken.contains(&camel(&name)) {
        name = format!("{base}_{n}");
        n += 1;
    }
    taken.insert(camel(&name));
    name
}

/// Whether an example's value decodes as the drafted type.
fn fits(ty: &str, wire: Option<&str>, value: &Value) -> bool {
    match (ty, value) {
        (_, Value::Null) => false,
        ("json", _) => true,
        ("string", Value::String(_)) | ("bool", Value::Bool(_)) | ("f64", Value::Number(_)) => true,
        ("i64" | "i32", Value::Number(n)) => n.is_i64(),
        ("u64" | "u32", Value::Number(n)) => n.is_u64(),
        ("i64" | "i32" | "u64" | "u32", Value::String(s)) => {
            wire == Some("string") && s.trim().parse::<i64>().is_ok()
        }
        (t, Value::Array(items)) if t.starts_with("list<") => {
            let inner = &t[5..t.len() - 1];
            items.iter().all(|i| fits(inner, None, i))
        }
        (t, Value::Object(_)) => t.starts_with(|c: char| c.is_ascii_uppercase()),
        (t, Value::String(_) | Value::Number(_)) => t.starts_with(|c: char| c.is_ascii_uppercase()),
        _ => false,
    }
}
