//! What doc-import drafts, before it is written as YAML: endpoints, types, fields, error codes
//! and examples, each judgment call the reader could not make carrying a note for review.

use serde_json::Value;

/// A drafted endpoint.
#[derive(Debug, Default)]
pub struct Endpoint {
    pub name: String,
    pub method: &'static str,
    pub path: String,
    pub fixed_query: Vec<(String, String)>,
    /// `app_credentials` for endpoints authenticated by the app's AppID and secret.
    pub auth: Option<&'static str>,
    pub idempotent: Option<bool>,
    pub doc: Doc,
    pub request: Option<String>,
    /// `None` for an endpoint that answers bytes (`returns: binary`).
    pub response: Option<String>,
    /// For a signed call: the field the session belongs to (`openid`), or empty.
    pub signature: Option<String>,
    /// The push event's type, for a call whose outcome arrives later.
    pub event: Option<String>,
    pub errors: Vec<i64>,
    pub examples: Vec<Example>,
    pub review: Vec<String>,
}

/// Doc text: English and Chinese, as the page has them.
#[derive(Debug, Default, Clone)]
pub struct Doc {
    pub en: String,
    pub zh: Option<String>,
    /// Whether `en` is a placeholder for a page with Chinese text only.
    pub en_missing: bool,
}

impl Doc {
    /// A text of our own, in English.
    pub fn english(text: impl Into<String>) -> Self {
        Doc {
            en: text.into(),
            zh: None,
            en_missing: false,
        }
    }
}

/// A drafted named type.
#[derive(Debug)]
pub struct Type {
    pub name: String,
    pub kind: TypeKind,
    pub doc: Doc,
    pub review: Vec<String>,
}

/// What a drafted type holds.
#[derive(Debug)]
pub enum TypeKind {
    Struct(Vec<Field>),
    StringEnum(Vec<(String, Doc)>),
    IntEnum(Vec<(i64, String, Doc)>),
}

/// A drafted field.
#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub rust: Option<String>,
    pub ty: String,
    pub required: bool,
    pub max_len: Option<u32>,
    /// `string` for integers the wire sends as strings.
    pub wire: Option<&'static str>,
    pub example_only: bool,
    /// The page's table type, when it disagrees with the wire.
    pub doc_type: Option<String>,
    /// The page's table says required, when an example shows otherwise.
    pub doc_required: Option<bool>,
    /// The table's spelling, when an example spells the wire name otherwise.
    pub doc_names: Vec<String>,
    pub doc: Doc,
    pub review: Option<String>,
}

/// A drafted error code.
#[derive(Debug)]
pub struct ErrorCode {
    pub code: i64,
    pub name: String,
    /// The request check WeChat answers with the code (`signature`), when the page says.
    pub raised_for: Option<&'static str>,
    pub doc: Doc,
    pub review: String,
}

/// A drafted example.
#[derive(Debug)]
pub struct Example {
    pub of: &'static str,
    pub json: Value,
    pub repairs: Vec<String>,
    pub doc_original: Option<String>,
}

/// Everything drafted from the pages.
#[derive(Debug, Default)]
pub struct Draft {
    pub endpoints: Vec<Endpoint>,
    pub types: Vec<Type>,
    pub errors: Vec<ErrorCode>,
}
