//! The resolved model that the generator, the mock server and the tools read: names checked and
//! turned into Rust identifiers, type references resolved to indices, envelope fields added,
//! examples parsed. It owns its types: nothing here is a serde struct of the spec format.

use serde_json::Value;

/// Doc text in English and, where a Chinese source exists, Chinese.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Doc {
    /// English.
    pub en: String,
    /// Chinese.
    pub zh: Option<String>,
    /// The spec's notes on quirks of WeChat's doc, shown in rustdoc after the text.
    pub notes: Vec<String>,
}

/// Everything the spec directory describes.
#[derive(Debug, Default)]
pub struct Spec {
    /// WeChat's global error codes, which any endpoint may answer (`spec/global/errors.yaml`).
    pub global_errors: Vec<ErrorCode>,
    /// The global codes' file as shown in messages and headers (empty without one).
    pub global_path: String,
    /// The domains, one per spec file, in file-name order.
    pub domains: Vec<Domain>,
}

/// A named type of a domain, by its index in [`Domain::types`]. Resolved once; no later pass
/// looks a type up by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// The response envelope of a domain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Envelope {
    /// Top-level `errcode` / `errmsg`.
    Errcode,
    /// `base_resp: {ret, err_msg}`.
    BaseResp,
}

/// HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HttpMethod {
    /// GET: request fields go to the query string.
    Get,
    /// POST: the request is a JSON body.
    Post,
}

/// What a doc example shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExampleOf {
    /// A request body or query.
    Request,
    /// A successful response.
    Response,
    /// An error response.
    Error,
    /// The push event the endpoint causes later.
    Event,
}

/// How a paged endpoint pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PagingStyle {
    /// Page numbers from 1, a page size and a total.
    Page,
    /// Offsets from 0, a count and a total.
    Offset,
    /// A cursor returned with each page.
    Cursor,
}

/// What the runtime does when WeChat answers an error code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RetryKind {
    /// Final: the same request will fail the same way.
    Never,
    /// A passing condition (system busy): retried with jittered backoff, within the policy's
    /// bound.
    Backoff,
    /// A per-minute quota: only a wait of up to a minute can help, so it is retried only when
    /// the client's policy allows such a wait.
    MinuteQuota,
    /// A daily quota: nothing helps before it resets; fails at once.
    DailyQuota,
    /// The access token was rejected: refreshed, and the call retried once.
    RefreshToken,
}

/// A failed request check, as the mock server makes it and as WeChat answers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// A required field is missing, or a value has the wrong type.
    InvalidRequest,
    /// A date is not written as yyyy-mm-dd.
    BadDate,
    /// A string is over its `max_len`.
    TooLong,
    /// A number is outside its `min`/`max`.
    OutOfRange,
    /// A date is before its `min_date`.
    TooEarly,
    /// A date is not before today (China time).
    NotBeforeToday,
    /// Two dates are too far apart, in the wrong order, or break a `days`/`period` rule.
    DateSpan,
    /// A signature does not match the secret issued for the request's subject.
    Signature,
}

/// One domain, ready to emit.
#[derive(Debug)]
pub struct Domain {
    /// Snake-case domain name.
    pub name: String,
    /// Generated crate's package name.
    pub crate_name: String,
    /// The spec file, as shown in headers.
    pub spec_path: String,
    /// One-line title.
    pub title: String,
    /// Crate documentation.
    pub doc: Doc,
    /// Source documents.
    pub sources: Vec<String>,
    /// Whether the mock server serves the domain (and the end-to-end tests call it).
    pub mock: bool,
    /// Whether the generated crate is published.
    pub publish: bool,
    /// Response envelope.
    pub envelope: Envelope,
    /// Error codes documented for the domain.
    pub errors: Vec<ErrorCode>,
    /// Endpoints, in spec order.
    pub endpoints: Vec<Endpoint>,
    /// Named types, in spec order (plus the synthesized `BaseResp` for that envelope).
    pub types: Vec<Type>,
}

impl Domain {
    /// The named type `id`.
    pub fn ty(&self, id: TypeId) -> &Type {
        &self.types[id.0]
    }

    /// The named type called `name`, for tools that compare two specs by name.
    pub fn type_named(&self, name: &str) -> Option<&Type> {
        self.types.iter().find(|t| t.name == name)
    }

    /// Whether type `id` is a struct.
    pub fn is_struct(&self, id: TypeId) -> bool {
        matches!(self.ty(id).body, TypeBody::Struct(_))
    }

    /// The fields of struct `id` (empty for other kinds).
    pub fn fields(&self, id: TypeId) -> &[Field] {
        match &self.ty(id).body {
            TypeBody::Struct(fields) => fields,
            _ => &[],
        }
    }

    /// The endpoints whose signature names a subject, with that subject and key (wire names):
    /// what the mock server verifies, and what an issuing endpoint's response holds.
    pub fn signed_subjects(&self) -> Vec<(&str, &str)> {
        let mut out: Vec<(&str, &str)> = Vec::new();
        for s in self.endpoints.iter().filter_map(|e| e.signature.as_ref()) {
            if let Some(subject) = &s.subject {
                let pair = (subject.as_str(), s.key.wire.as_str());
                if !out.contains(&pair) {
                    out.push(pair);
                }
            }
        }
        out
    }

    /// The (subject, key) pair whose values an endpoint's response issues: a response with
    /// string fields of both names (`jscode2session` answers `openid` and `session_key`).
    pub fn issued_secret(&self, endpoint: &Endpoint) -> Option<(&str, &str)> {
        let fields = self.fields(endpoint.response?);
        let has = |wire: &str| {
            fields
                .iter()
                .any(|f| f.wire == wire && matches!(f.ty, TypeRef::String | TypeRef::Secret))
        };
        self.signed_subjects()
            .into_iter()
            .find(|(subject, key)| has(subject) && has(key))
    }

    /// How a type reference reads in the spec (`list<Card>`), for messages and changelogs.
    pub fn show(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::List(inner) => format!("list<{}>", self.show(inner)),
            TypeRef::Named(id) => self.ty(*id).name.clone(),
            other => other.primitive_name().unwrap_or_default().to_owned(),
        }
    }
}

impl Field {
    /// The wire keys this field may appear under: its name, or the keys of its flattened
    /// union's variants (`types` are the domain's).
    pub fn wire_keys<'a>(&'a self, types: &'a [Type]) -> Vec<&'a str> {
        match (&self.ty, self.flatten) {
            (TypeRef::Named(id), true) => match &types[id.0].body {
                TypeBody::Union { variants, .. } => {
                    variants.iter().map(|v| v.key.as_str()).collect()
                }
                _ => vec![self.wire.as_str()],
            },
            _ => vec![self.wire.as_str()],
        }
    }
}

/// A documented error code.
#[derive(Clone, Debug)]
pub struct ErrorCode {
    /// The number.
    pub code: i64,
    /// Snake-case name.
    pub name: String,
    /// `ErrorCode` variant name.
    pub variant: String,
    /// Meaning.
    pub doc: Doc,
    /// What the runtime does on it.
    pub retry: RetryKind,
    /// The failed request checks answered with this code.
    pub raised_for: Vec<Check>,
    /// The pages describe the error without its number.
    pub doc_missing: bool,
}

/// An endpoint.
#[derive(Debug)]
pub struct Endpoint {
    /// Snake-case name, the client method.
    pub name: String,
    /// Name of its `Endpoint` static.
    pub const_name: String,
    /// HTTP method.
    pub method: HttpMethod,
    /// Path below the host.
    pub path: String,
    /// Fixed query parameters, sorted by name.
    pub fixed_query: Vec<(String, String)>,
    /// Whether the call sends the access token.
    pub access_token: bool,
    /// Whether the call sends the client's AppID and AppSecret as `appid` and `secret`.
    pub app_credentials: bool,
    /// Whether repeating the call is harmless, so that it may be retried after a failure that
    /// leaves unknown whether WeChat acted (a timeout, a 5xx).
    pub idempotent: bool,
    /// Documentation.
    pub doc: Doc,
    /// Request type.
    pub request: Option<TypeId>,
    /// Response type; `None` for an endpoint that answers bytes.
    pub response: Option<TypeId>,
    /// Whether a success answers bytes (an image) rather than JSON.
    pub binary: bool,
    /// The parameter the client signs with a secret field of the request.
    pub signature: Option<Signature>,
    /// The push event the call causes later.
    pub event: Option<TypeId>,
    /// Error codes documented for the endpoint (of the domain or global).
    pub errors: Vec<i64>,
    /// Codes meaning "no (more) data".
    pub no_data_errors: Vec<i64>,
    /// Doc examples.
    pub examples: Vec<Example>,
    /// How the endpoint pages, if it does.
    pub paging: Option<Paging>,
    /// Other spellings of the endpoint's path or action on the pages.
    pub doc_names: Vec<String>,
}

impl Endpoint {
    /// The first doc example of `of` that breaks no documented limit.
    pub fn first_example(&self, of: ExampleOf) -> Option<&Example> {
        self.examples
            .iter()
            .find(|x| x.of == of && x.violates.is_none())
    }
}

/// How an endpoint's signed parameter is made.
#[derive(Debug, Clone)]
pub struct Signature {
    /// The request's `secret` field that keys it (never sent).
    pub key: FieldRef,
    /// Wire name of the parameter carrying the signature.
    pub param: String,
    /// Wire name of the parameter naming the method.
    pub method_param: String,
    /// The method, as sent in `method_param` (`hmac_sha256`).
    pub method: String,
    /// Wire name of the request field naming whose secret it is (`openid`), if given.
    pub subject: Option<String>,
}

/// The paging of an endpoint, resolved to fields.
#[derive(Debug)]
pub struct Paging {
    /// The style.
    pub style: PagingStyle,
    /// The response's list of items.
    pub items: FieldRef,
    /// The type of one item.
    pub item: TypeRef,
    /// The request's page number (`page`), offset (`offset`) or cursor (`cursor`).
    pub position: FieldRef,
    /// The request's page size or count (`page`, `offset`).
    pub size: Option<FieldRef>,
    /// The response's total (`page`, `offset`) or cursor (`cursor`).
    pub total: Option<FieldRef>,
    /// Items in a full page (`cursor`).
    pub page_size: u32,
}

/// A field named by paging or a date span.
#[derive(Debug, Clone)]
pub struct FieldRef {
    /// Wire name.
    pub wire: String,
    /// Rust name.
    pub rust: String,
    /// Whether the field is required (not an `Option`).
    pub required: bool,
}

impl From<&Field> for FieldRef {
    fn from(f: &Field) -> Self {
        FieldRef {
            wire: f.wire.clone(),
            rust: f.rust.clone(),
            required: f.required,
        }
    }
}

/// A parsed doc example.
#[derive(Debug)]
pub struct Example {
    /// What it shows.
    pub of: ExampleOf,
    /// Label, unique within the endpoint.
    pub label: String,
    /// The JSON text as in the spec.
    pub text: String,
    /// The parsed JSON.
    pub value: Value,
    /// Why this request example breaks a documented limit, if it does.
    pub violates: Option<String>,
}

/// A named type.
#[derive(Debug)]
pub struct Type {
    /// Rust name.
    pub name: String,
    /// Documentation.
    pub doc: Doc,
    /// What it is.
    pub body: TypeBody,
    /// Limited date ranges between two of its date fields (structs only).
    pub date_spans: Vec<DateSpan>,
}

/// A limited date range between two date fields of a struct.
#[derive(Debug, Clone)]
pub struct DateSpan {
    /// The first day's field.
    pub start: FieldRef,
    /// The last day's field.
    pub end: FieldRef,
    /// Most days from start to end.
    pub max_days: Option<u32>,
    /// The only spans allowed, in days from start to end (empty: any).
    pub days: Vec<u32>,
    /// The calendar period the range must cover exactly.
    pub period: Option<Period>,
}

/// A calendar period a date range covers exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    /// One day: start equals end.
    Day,
    /// Monday to the Sunday after.
    Week,
    /// The 1st of a month to its last day.
    Month,
}

impl Period {
    /// The spec's name of the period.
    pub fn name(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
        }
    }
}

/// The shape of a named type.
#[derive(Debug)]
pub enum TypeBody {
    /// A JSON object.
    Struct(Vec<Field>),
    /// Documented string values.
    StringEnum(Vec<EnumValue<String>>),
    /// Documented integer values.
    IntEnum(Vec<EnumValue<i64>>),
    /// A sum type: `{"<tag>": "VALUE", "<key>": {...}}` with a tag field, or, without one,
    /// `{"<key>": {...}}` with exactly one of the variants' keys.
    Union {
        /// The tag field; `None` for a keyed union.
        tag: Option<String>,
        /// The variants.
        variants: Vec<Variant>,
    },
}

/// A field of a struct.
#[derive(Debug, Clone)]
pub struct Field {
    /// Wire name.
    pub wire: String,
    /// Rust identifier (without `r#`).
    pub rust: String,
    /// Type.
    pub ty: TypeRef,
    /// Always present.
    pub required: bool,
    /// A number carried as a JSON string.
    pub as_string: bool,
    /// A credential string, printed redacted.
    pub sensitive: bool,
    /// A date carried as `yyyymmdd` rather than `yyyy-mm-dd`.
    pub compact_date: bool,
    /// A keyed union whose key sits in the parent object (`wire` names the field only in docs).
    pub flatten: bool,
    /// Most characters allowed.
    pub max_len: Option<u32>,
    /// Least value of an integer.
    pub min: Option<i64>,
    /// Greatest value of an integer.
    pub max: Option<i64>,
    /// Earliest date, yyyy-mm-dd.
    pub min_date: Option<String>,
    /// Must be before today in China (UTC+8).
    pub before_today: bool,
    /// Documentation.
    pub doc: Doc,
    /// Added by the generator for the domain's envelope, not written in the spec.
    pub envelope: bool,
    /// What the doc pages know of the field, for `cargo xtask doc-drift`.
    pub doc_quirks: DocQuirks,
}

/// What the spec records of a doc page's quirks about an item, so that the drift check
/// accepts them while the page shows them and reports them once it no longer does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocQuirks {
    /// Other spellings on the pages.
    pub names: Vec<String>,
    /// The type the page writes, when it is wrong for the wire.
    pub doc_type: Option<String>,
    /// Seen only in the pages' examples, not in their tables.
    pub example_only: bool,
    /// Whether the page's table says required, when that is wrong for the wire.
    pub doc_required: Option<bool>,
    /// No readable row on the pages.
    pub doc_missing: bool,
}

/// A value of an enum.
#[derive(Debug)]
pub struct EnumValue<T> {
    /// Wire value.
    pub value: T,
    /// Variant name.
    pub variant: String,
    /// Documentation.
    pub doc: Doc,
    /// Other spellings of the value on the pages.
    pub doc_names: Vec<String>,
    /// Seen only in the pages' examples.
    pub example_only: bool,
}

/// A variant of a sum type.
#[derive(Debug)]
pub struct Variant {
    /// Tag value (tagged unions only).
    pub tag: Option<String>,
    /// Content key.
    pub key: String,
    /// Content struct.
    pub ty: TypeId,
    /// Variant name.
    pub variant: String,
    /// Documentation.
    pub doc: Doc,
}

/// A type as written in a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeRef {
    /// `string`
    String,
    /// `bool`
    Bool,
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `u32`
    U32,
    /// `u64`
    U64,
    /// `f64`
    F64,
    /// `json`: any JSON, kept as is.
    Json,
    /// `date`: a calendar date sent as `yyyy-mm-dd` (or `yyyymmdd`, per the field).
    Date,
    /// `secret`: a string the caller passes that is never sent, only signed with.
    Secret,
    /// `list<T>`
    List(Box<TypeRef>),
    /// A named type of the domain.
    Named(TypeId),
}

impl TypeRef {
    /// The primitive named `text` in the spec's type syntax.
    pub fn primitive(text: &str) -> Option<TypeRef> {
        Some(match text {
            "string" => TypeRef::String,
            "bool" => TypeRef::Bool,
            "i32" => TypeRef::I32,
            "i64" => TypeRef::I64,
            "u32" => TypeRef::U32,
            "u64" => TypeRef::U64,
            "f64" => TypeRef::F64,
            "json" => TypeRef::Json,
            "date" => TypeRef::Date,
            "secret" => TypeRef::Secret,
            _ => return None,
        })
    }

    /// The spec's name of a primitive type.
    pub fn primitive_name(&self) -> Option<&'static str> {
        Some(match self {
            TypeRef::String => "string",
            TypeRef::Bool => "bool",
            TypeRef::I32 => "i32",
            TypeRef::I64 => "i64",
            TypeRef::U32 => "u32",
            TypeRef::U64 => "u64",
            TypeRef::F64 => "f64",
            TypeRef::Json => "json",
            TypeRef::Date => "date",
            TypeRef::Secret => "secret",
            TypeRef::List(_) | TypeRef::Named(_) => return None,
        })
    }

    /// Whether this is an integer type.
    pub fn is_integer(&self) -> bool {
        matches!(
            self,
            TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64
        )
    }

    /// The named type at the bottom of lists, if any.
    pub fn named(&self) -> Option<TypeId> {
        match self {
            TypeRef::Named(id) => Some(*id),
            TypeRef::List(inner) => inner.named(),
            _ => None,
        }
    }
}
