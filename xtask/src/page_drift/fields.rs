//! Fields of a page's tables against the spec's types, recursively: presence, type, required,
//! length limit and enum values, with the spec's recorded quirks.
//!
//! Older (seed-format) pages are machine translations that capitalise names (`start_Date`) and
//! list a nested object's fields at its parent's level; for them names match without case and
//! a field is also found among the contents of nested fields the page does not list itself.
//! Current pages nest explicitly and are matched exactly.

use wechat_doc::{DocType, Endpoint as PageEndpoint, Field as PageField, Required};
use wechat_spec::ir::{Domain, Endpoint, Field, TypeBody, TypeId, TypeRef};

use super::{Kind, Scope};

/// Query parameters the runtime adds itself: never request fields.
const RUNTIME_PARAMS: &[&str] = &["access_token"];

/// Envelope fields, which the generator adds to every response.
const ENVELOPE: &[&str] = &["errcode", "errmsg", "base_resp", "ret", "err_msg"];

/// Request fields: the page's query parameters (less the token and fixed ones) and body.
pub(super) fn request(domain: &Domain, e: &Endpoint, p: &PageEndpoint, scope: &mut Scope<'_>) {
    // Parameters the client adds itself are no request fields: the token, the app's
    // credentials, fixed parameters, and a signature with its method.
    let added = |name: &str| {
        RUNTIME_PARAMS.contains(&name)
            || (e.app_credentials && matches!(name, "appid" | "secret"))
            || e.fixed_query.iter().any(|(k, _)| k == name)
            || e.signature
                .as_ref()
                .is_some_and(|s| s.param == name || s.method_param == name)
    };
    let page: Vec<&PageField> = p
        .query
        .iter()
        .chain(&p.body)
        .filter(|f| !added(&f.name))
        .collect();
    let level = Level::new(domain, e.request, Side::request(), "");
    compare(&level, &page, scope);
}

/// Response fields, less the envelope the generator adds.
pub(super) fn response(domain: &Domain, e: &Endpoint, p: &PageEndpoint, scope: &mut Scope<'_>) {
    // An endpoint that answers bytes has no response fields; its page documents a buffer.
    if e.response.is_none() {
        return;
    }
    let page: Vec<&PageField> = p
        .response
        .iter()
        .filter(|f| !ENVELOPE.contains(&f.name.as_str()))
        .collect();
    let level = Level::new(domain, e.response, Side::response(), "");
    compare(&level, &page, scope);
}

/// Which side of the call fields are on.
#[derive(Clone, Copy)]
struct Side {
    name: &'static str,
    request: bool,
}

impl Side {
    fn request() -> Self {
        Side {
            name: "request field",
            request: true,
        }
    }

    fn response() -> Self {
        Side {
            name: "response field",
            request: false,
        }
    }
}

/// One level of nesting: the spec type whose fields it holds, and where it is.
struct Level<'d> {
    domain: &'d Domain,
    owner: Option<TypeId>,
    side: Side,
    path: String,
}

impl<'d> Level<'d> {
    fn new(domain: &'d Domain, owner: Option<TypeId>, side: Side, path: &str) -> Self {
        Level {
            domain,
            owner,
            side,
            path: path.to_owned(),
        }
    }

    fn fields(&self) -> &'d [Field] {
        self.owner.map_or(&[][..], |id| self.domain.fields(id))
    }

    fn item(&self, name: &str) -> String {
        format!("{} `{}{name}`", self.side.name, self.path)
    }

    /// The level inside field `f`, of type `id`.
    fn inside(&self, f: &Field, id: TypeId) -> Level<'d> {
        let list = if matches!(f.ty, TypeRef::List(_)) {
            "[]"
        } else {
            ""
        };
        Level::new(
            self.domain,
            Some(id),
            self.side,
            &format!("{}{}{list}.", self.path, f.wire),
        )
    }
}

/// Whether the spec field `f` is the page's `name`.
fn named(f: &Field, name: &str, loose: bool) -> bool {
    let same = |a: &str| {
        if loose {
            a.eq_ignore_ascii_case(name)
        } else {
            a == name
        }
    };
    same(&f.wire) || f.doc_quirks.names.iter().any(|n| same(n))
}

/// The struct types nested directly in `f` (through lists and unions' variants).
fn nested_structs(domain: &Domain, f: &Field) -> Vec<TypeId> {
    match f.ty.named().map(|id| (id, &domain.ty(id).body)) {
        Some((id, TypeBody::Struct(_))) => vec![id],
        Some((_, TypeBody::Union { variants, .. })) => variants.iter().map(|v| v.ty).collect(),
        _ => Vec::new(),
    }
}

/// The spec field that a page's field `name` is at `level`: one of its own, or for a seed
/// page, one inside a nested field the page flattened (with the level it sits at).
fn find<'d>(
    level: &Level<'d>,
    name: &str,
    loose: bool,
    depth: usize,
) -> Option<(&'d Field, Level<'d>)> {
    let fields = level.fields();
    if let Some(f) = fields.iter().find(|f| !f.envelope && named(f, name, loose)) {
        return Some((
            f,
            Level::new(level.domain, level.owner, level.side, &level.path),
        ));
    }
    if !loose || depth > 3 {
        return None;
    }
    fields.iter().filter(|f| !f.envelope).find_map(|f| {
        nested_structs(level.domain, f)
            .into_iter()
            .find_map(|id| find(&level.inside(f, id), name, loose, depth + 1))
    })
}

/// Whether `name` is the tag of a tagged union field at `level`, which a seed page lists with
/// the union's flattened contents.
fn is_union_tag(level: &Level<'_>, name: &str) -> bool {
    level.fields().iter().any(|f| {
        matches!(f.ty.named().map(|id| &level.domain.ty(id).body),
            Some(TypeBody::Union { tag: Some(tag), .. }) if tag == name)
    })
}

/// The fields of `page` against the spec type of `level`, then recursing into nested types.
fn compare(level: &Level<'_>, page: &[&PageField], scope: &mut Scope<'_>) {
    let loose = scope.loose;
    let mut found: Vec<&Field> = Vec::new();
    for pf in page {
        if loose && is_union_tag(level, &pf.name) {
            continue;
        }
        match find(level, &pf.name, loose, 0) {
            Some((f, at)) => {
                found.push(f);
                field(&at, pf, f, scope);
            }
            None => scope.push(
                Kind::Added,
                level.item(&pf.name),
                format!(
                    "{} on the page",
                    pf.type_as_written.as_deref().unwrap_or("untyped")
                ),
                Some(pf.line),
            ),
        }
    }
    // Only a table that lists fields can say one is gone.
    if page.iter().all(|pf| pf.implied) {
        return;
    }
    // A signing key (`secret` in a request) is never sent, so no page lists it.
    let signing_key = |f: &Field| level.side.request && f.ty == TypeRef::Secret;
    for f in level
        .fields()
        .iter()
        .filter(|f| !f.envelope && !f.doc_quirks.example_only && !signing_key(f))
    {
        let flattened = loose
            && nested_structs(level.domain, f).iter().any(|id| {
                level
                    .domain
                    .fields(*id)
                    .iter()
                    .any(|g| found.iter().any(|x| std::ptr::eq(*x, g)))
            });
        let listed = found.iter().any(|x| std::ptr::eq(*x, f)) || flattened;
        let key = quirk_key(level, f);
        if f.doc_quirks.doc_missing {
            let what = "recorded as missing from the pages, now listed: drop `doc_missing`".into();
            scope.quirk(&key, what, !listed);
        } else if !listed {
            scope.push(
                Kind::Removed,
                level.item(&f.wire),
                "in the spec, not on the page".into(),
                None,
            );
        }
    }
}

/// The key under which a field's recorded quirks are judged over all pages: its type and name.
fn quirk_key(level: &Level<'_>, f: &Field) -> String {
    let owner = level
        .owner
        .map_or("", |id| level.domain.ty(id).name.as_str());
    format!("`{owner}.{}`", f.wire)
}

/// One field found on both sides.
fn field(level: &Level<'_>, pf: &PageField, f: &Field, scope: &mut Scope<'_>) {
    let domain = level.domain;
    let item = &level.item(&f.wire);
    let key = &quirk_key(level, f);
    let line = Some(pf.line);
    if f.doc_quirks.example_only && !pf.implied {
        let what =
            "recorded as seen only in examples, now in the page's table: drop `example_only`";
        scope.push(Kind::StaleQuirk, item.clone(), what.into(), line);
    }
    // Recorded spellings, types and required hold while some page shows them.
    if !f.doc_quirks.names.is_empty() {
        let what = format!(
            "recorded spellings {:?}: drop `doc_names`",
            f.doc_quirks.names
        );
        let exact = if scope.loose {
            pf.name.eq_ignore_ascii_case(&f.wire)
        } else {
            pf.name == f.wire
        };
        let in_examples = f
            .doc_quirks
            .names
            .iter()
            .any(|n| scope.examples.contains(n.as_str()));
        scope.quirk(key, what, !exact || in_examples);
    }
    let written = pf.type_as_written.as_deref();
    let fits = written.is_none() || compatible(domain, &pf.ty, &f.ty, f.as_string);
    if let Some(recorded) = &f.doc_quirks.doc_type {
        let what =
            format!("recorded as written `{recorded}`, no page says so now: drop `doc_type`");
        scope.quirk(key, what, written == Some(recorded.as_str()));
    }
    let quirk_type = f
        .doc_quirks
        .doc_type
        .as_deref()
        .is_some_and(|r| written == Some(r));
    if !fits && !quirk_type {
        let detail = format!(
            "type: the page says `{}`, the spec `{}`",
            written.unwrap_or_default(),
            domain.show(&f.ty)
        );
        scope.push(Kind::Changed, item.clone(), detail, line);
    }
    if level.side.request {
        required(pf, f, item, key, scope);
    }
    let page_len = pf.max_len.or(pf.doc_max_len);
    if page_len.is_some() && page_len != f.max_len && f.ty == TypeRef::String {
        let detail = format!(
            "length limit: the page says {}, the spec {}",
            show_len(page_len),
            show_len(f.max_len)
        );
        scope.push(Kind::Changed, item.clone(), detail, line);
    }
    enum_values(domain, pf, f, item, scope);
    if !pf.children.is_empty() {
        if let Some(id) = f.ty.named() {
            nested(&level.inside(f, id), pf, id, scope);
        }
    }
}

fn required(pf: &PageField, f: &Field, item: &str, key: &str, scope: &mut Scope<'_>) {
    let page = match pf.required {
        Required::Yes => true,
        Required::No => false,
        Required::Unknown => return,
    };
    if let Some(recorded) = f.doc_quirks.doc_required {
        let what = "recorded `doc_required`, no page says so now: drop it".to_owned();
        scope.quirk(key, what, recorded == page);
        if recorded == page {
            return;
        }
    }
    if page != f.required {
        let say = |r: bool| if r { "required" } else { "optional" };
        let detail = format!("the page says {}, the spec {}", say(page), say(f.required));
        scope.push(Kind::Changed, item.to_owned(), detail, Some(pf.line));
    }
}

fn show_len(len: Option<u32>) -> String {
    len.map_or_else(|| "none".to_owned(), |n| format!("at most {n} characters"))
}

/// The children of a structured field against its spec type (for a union, its variants'
/// keys and their contents).
fn nested(level: &Level<'_>, pf: &PageField, id: TypeId, scope: &mut Scope<'_>) {
    let children: Vec<&PageField> = pf.children.iter().collect();
    match &level.domain.ty(id).body {
        TypeBody::Struct(_) => compare(level, &children, scope),
        TypeBody::Union { tag, variants } => {
            for child in children {
                if tag.as_deref() == Some(child.name.as_str()) {
                    continue;
                }
                match variants.iter().find(|v| v.key == child.name) {
                    Some(v) => {
                        let inner = Level::new(
                            level.domain,
                            Some(v.ty),
                            level.side,
                            &format!("{}{}.", level.path, v.key),
                        );
                        let grandchildren: Vec<&PageField> = child.children.iter().collect();
                        compare(&inner, &grandchildren, scope);
                    }
                    None => scope.push(
                        Kind::Added,
                        level.item(&child.name),
                        "a key the union does not have".into(),
                        Some(child.line),
                    ),
                }
            }
        }
        _ => {}
    }
}

/// The values a page lists for an enum field against the spec's enum.
fn enum_values(domain: &Domain, pf: &PageField, f: &Field, item: &str, scope: &mut Scope<'_>) {
    if pf.doc_values.is_empty() {
        return;
    }
    // (value, spellings, seen only in examples)
    let spec: Vec<(String, &[String], bool)> = match f.ty.named().map(|id| &domain.ty(id).body) {
        Some(TypeBody::StringEnum(values)) => values
            .iter()
            .map(|v| (v.value.clone(), v.doc_names.as_slice(), v.example_only))
            .collect(),
        Some(TypeBody::IntEnum(values)) => values
            .iter()
            .map(|v| (v.value.to_string(), v.doc_names.as_slice(), v.example_only))
            .collect(),
        _ => return,
    };
    let is = |value: &str, (v, names, _): &(String, &[String], bool)| {
        v == value || names.iter().any(|n| n == value)
    };
    for value in pf
        .doc_values
        .iter()
        .filter(|v| !spec.iter().any(|s| is(&v.value, s)))
    {
        scope.push(
            Kind::Added,
            format!("{item} value `{}`", value.value),
            format!("listed on the page: {}", value.doc),
            Some(value.line),
        );
    }
    for s in &spec {
        let listed = pf.doc_values.iter().any(|v| is(&v.value, s));
        if s.2 && listed {
            scope.push(
                Kind::StaleQuirk,
                format!("{item} value `{}`", s.0),
                "recorded as seen only in examples, now listed: drop `example_only`".into(),
                None,
            );
        }
        if listed || s.2 {
            continue;
        }
        scope.push(
            Kind::Removed,
            format!("{item} value `{}`", s.0),
            "in the spec's enum, no longer listed on the page".into(),
            None,
        );
    }
}

/// Whether a page's documented type can be the spec's type on the wire.
fn compatible(domain: &Domain, page: &DocType, spec: &TypeRef, as_string: bool) -> bool {
    let body = |id: &TypeId| &domain.ty(*id).body;
    match (page, spec) {
        (DocType::Unknown, _) | (_, TypeRef::Json) => true,
        (DocType::String { .. }, TypeRef::String | TypeRef::Date | TypeRef::Secret) => true,
        (DocType::String { .. }, t) if t.is_integer() && as_string => true,
        (DocType::String { .. }, TypeRef::Named(id)) => matches!(body(id), TypeBody::StringEnum(_)),
        (DocType::Number | DocType::Integer { .. }, t) if t.is_integer() => true,
        (DocType::Number | DocType::Float, TypeRef::F64) => true,
        (DocType::Number | DocType::Integer { .. }, TypeRef::Named(id)) => {
            matches!(body(id), TypeBody::IntEnum(_))
        }
        (DocType::Bool, TypeRef::Bool) => true,
        (DocType::Object, TypeRef::Named(id)) => {
            !matches!(body(id), TypeBody::StringEnum(_) | TypeBody::IntEnum(_))
        }
        (DocType::Array { item }, TypeRef::List(inner)) => item
            .as_deref()
            .is_none_or(|item| compatible(domain, item, inner, as_string)),
        _ => false,
    }
}
