//! The resolved model that emitters read: names checked and turned into Rust identifiers, type
//! references parsed, envelope fields added, examples parsed.

use serde_json::Value;

pub use crate::spec::{EnvelopeSpec as Envelope, ExampleOf, HttpMethod, PagingStyle};

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
    /// Seed documents.
    pub sources: Vec<String>,
    /// Whether the mock server serves the domain (and the end-to-end tests call it).
    pub mock: bool,
    /// Response envelope.
    pub envelope: Envelope,
    /// Documented error codes.
    pub errors: Vec<ErrorCode>,
    /// Endpoints, in spec order.
    pub endpoints: Vec<Endpoint>,
    /// Named types, in spec order (plus the synthesized `BaseResp` for that envelope).
    pub types: Vec<Type>,
}

impl Domain {
    /// The named type `name`.
    pub fn type_named(&self, name: &str) -> Option<&Type> {
        self.types.iter().find(|t| t.name == name)
    }
}

impl Field {
    /// The wire keys this field may appear under: its name, or the keys of its flattened
    /// union's variants.
    pub fn wire_keys<'a>(&'a self, types: &'a [Type]) -> Vec<&'a str> {
        if self.flatten {
            if let Some(TypeBody::Union { variants, .. }) = self
                .ty
                .named()
                .and_then(|n| types.iter().find(|t| t.name == n))
                .map(|t| &t.body)
            {
                return variants.iter().map(|v| v.key.as_str()).collect();
            }
        }
        vec![self.wire.as_str()]
    }
}

/// A documented error code.
#[derive(Debug)]
pub struct ErrorCode {
    /// The number.
    pub code: i64,
    /// Snake-case name.
    pub name: String,
    /// `ErrorCode` variant name.
    pub variant: String,
    /// Meaning.
    pub doc: Doc,
    /// Whether retrying can help.
    pub retryable: bool,
    /// The failed request checks answered with this code.
    pub raised_for: Vec<crate::spec::Check>,
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
    /// Documentation.
    pub doc: Doc,
    /// Request type name.
    pub request: Option<String>,
    /// Response type name.
    pub response: String,
    /// Error codes documented for the endpoint.
    pub errors: Vec<i64>,
    /// Codes meaning "no (more) data".
    pub no_data_errors: Vec<i64>,
    /// Doc examples.
    pub examples: Vec<Example>,
    /// A request to use in end-to-end tests: the doc example, or one made from the spec.
    pub request_sample: Option<Value>,
    /// A successful response for end-to-end tests: the doc example, or one made from the spec.
    pub response_sample: Value,
    /// How the endpoint pages, if it does.
    pub paging: Option<Paging>,
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
    pub max_days: u32,
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
#[derive(Debug)]
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
}

/// A variant of a sum type.
#[derive(Debug)]
pub struct Variant {
    /// Tag value (tagged unions only).
    pub tag: Option<String>,
    /// Content key.
    pub key: String,
    /// Content struct.
    pub ty: String,
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
    /// `date`: a calendar date sent as `yyyy-mm-dd`.
    Date,
    /// `list<T>`
    List(Box<TypeRef>),
    /// A named type.
    Named(String),
}

impl TypeRef {
    /// Parses the spec's type syntax.
    pub fn parse(text: &str) -> Option<TypeRef> {
        let text = text.trim();
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
            _ => {
                if let Some(inner) = text.strip_prefix("list<").and_then(|t| t.strip_suffix('>')) {
                    TypeRef::List(Box::new(TypeRef::parse(inner)?))
                } else if text.chars().next()?.is_ascii_uppercase()
                    && text.chars().all(|c| c.is_ascii_alphanumeric())
                {
                    TypeRef::Named(text.to_owned())
                } else {
                    return None;
                }
            }
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
    pub fn named(&self) -> Option<&str> {
        match self {
            TypeRef::Named(name) => Some(name),
            TypeRef::List(inner) => inner.named(),
            _ => None,
        }
    }
}
