//! The doc model: what one page says, endpoint by endpoint.

use serde::Serialize;

use crate::types::DocType;

/// One doc page, read.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Page {
    /// The page's language, detected from its prose.
    pub language: Language,
    /// Which of WeChat's page formats the page is in.
    pub format: Format,
    /// The page's first heading, if it has one.
    pub title: Option<String>,
    /// Prose that belongs to the page rather than to one endpoint (intros, overviews).
    pub doc: Vec<Text>,
    /// Site furniture that says nothing about the API (debug links, translation widgets).
    pub boilerplate: Vec<Text>,
    /// Every endpoint on the page, in page order.
    pub endpoints: Vec<Endpoint>,
    /// Field tables read before the page names any endpoint: the seeds start some pages in the
    /// middle of an endpoint whose address is on another page.
    pub orphan_tables: Vec<FieldTable>,
    /// Examples read before the page names any endpoint.
    pub orphan_examples: Vec<crate::examples::Example>,
    /// Every non-blank line the reader could not place, with the reason.
    pub unplaced: Vec<Unplaced>,
}

/// The language of a page's prose.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    /// Chinese.
    #[default]
    Zh,
    /// English (often machine-translated).
    En,
    /// Both in good measure.
    Mixed,
}

/// The page format a reader recognised.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// The current Markdown format: `Query String Parameters`, `Request Payload`,
    /// `Response Payload` tables and `Res.x Object Payload` sub-tables.
    Current,
    /// The older formats of the seed pages: markdown or space-separated tables, flattened
    /// tables, labels such as `Request parameters` / `请求参数说明`.
    #[default]
    Seed,
}

/// A line of prose and where it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Text {
    /// 1-based line number.
    pub line: usize,
    /// The text, with Markdown links and escapes removed.
    pub text: String,
}

/// A non-blank line that the reader could not place in the model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unplaced {
    /// 1-based line number.
    pub line: usize,
    /// The line (or the part of it that was not placed) as written.
    pub text: String,
    /// Why it could not be placed.
    pub why: Why,
}

/// Why a line could not be placed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Why {
    /// A table row with no field name (a lost cell or a fragment of the row above).
    RowWithoutName,
    /// A table row whose cells do not fit the table's columns.
    RowDoesNotFit,
    /// A sub-table whose parent field is not on the page.
    NoParentField,
    /// Text of a flattened table that precedes its first field name.
    FragmentBeforeFirstField,
    /// Content the reader met outside any section it knows.
    OutsideKnownSection,
    /// A code block or example that could not be read as JSON even after repairs.
    UnreadableExample,
    /// A table whose kind (fields, enum, error codes) the reader could not tell.
    UnknownTable,
    /// A line no reader step looked at (a reader bug, reported rather than dropped).
    NotRead,
}

impl Why {
    /// A short English explanation.
    pub fn describe(self) -> &'static str {
        match self {
            Why::RowWithoutName => "table row without a field name",
            Why::RowDoesNotFit => "table row that does not fit the table's columns",
            Why::NoParentField => "sub-table whose parent field is not on the page",
            Why::FragmentBeforeFirstField => "flattened table text before its first field name",
            Why::OutsideKnownSection => "content outside any known section",
            Why::UnreadableExample => "example that is not JSON even after repairs",
            Why::UnknownTable => "table of unknown kind",
            Why::NotRead => "line no reader step looked at",
        }
    }
}

/// The HTTP method of an endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// The page does not say.
    Unknown,
}

/// How an endpoint authenticates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Auth {
    /// `access_token` in the query.
    AccessToken,
    /// The app's `appid` and `secret`, in the query (`sns/jscode2session`, `cgi-bin/token`) or
    /// in the JSON body (`cgi-bin/stable_token`).
    AppCredentials {
        /// Where the credentials go.
        location: Location,
    },
    /// Nothing that the page shows.
    None,
}

/// Where a request parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Location {
    /// The URL's query string.
    Query,
    /// The JSON body.
    Body,
}

/// A query parameter fixed by the address, such as `action=publisher_settlement`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FixedQuery {
    /// The parameter's name.
    pub name: String,
    /// Its value, with stray spaces removed.
    pub value: String,
    /// The value as the page writes it, when it differs (`publisher_adunit _general`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_written: Option<String>,
}

/// One endpoint and everything the page says about it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Endpoint {
    /// The line of the endpoint's address.
    pub line: usize,
    /// The HTTP method.
    pub method: Method,
    /// The path, such as `/wxa/getwxacode`.
    pub path: String,
    /// Query parameters whose value the address fixes.
    pub fixed_query: Vec<FixedQuery>,
    /// How it authenticates.
    pub auth: Auth,
    /// The address as written on the page.
    pub address: String,
    /// The endpoint's heading.
    pub title: Option<String>,
    /// An English name the page gives (`接口英文名：getQRCode`), or the `action` in the seeds.
    pub name: Option<String>,
    /// Prose describing the endpoint.
    pub doc: Vec<Text>,
    /// Query parameters.
    pub query: Vec<Field>,
    /// JSON body fields.
    pub body: Vec<Field>,
    /// Response fields.
    pub response: Vec<Field>,
    /// Other field tables, such as the fields of a push event.
    pub other_fields: Vec<FieldTable>,
    /// Tables of values.
    pub enums: Vec<EnumTable>,
    /// Error codes.
    pub errors: Vec<ErrorCode>,
    /// Request and response examples.
    pub examples: Vec<crate::examples::Example>,
    /// The account types the page says may call it (empty when the page has no such table).
    pub account_types: Vec<AccountType>,
    /// Notes, call modes (cloud, third-party) and other prose after the tables.
    pub notes: Vec<Text>,
    /// Tables the reader placed under the endpoint without reading them as fields or values.
    pub other_tables: Vec<RawTable>,
    /// The page's change log for the endpoint (`接口变更日志`).
    pub changelog: Vec<Text>,
}

impl Endpoint {
    /// An endpoint with an address and nothing else yet.
    pub fn new(line: usize, method: Method, path: String, address: String) -> Self {
        Endpoint {
            line,
            method,
            path,
            fixed_query: Vec::new(),
            auth: Auth::None,
            address,
            title: None,
            name: None,
            doc: Vec::new(),
            query: Vec::new(),
            body: Vec::new(),
            response: Vec::new(),
            other_fields: Vec::new(),
            enums: Vec::new(),
            errors: Vec::new(),
            examples: Vec::new(),
            account_types: Vec::new(),
            notes: Vec::new(),
            other_tables: Vec::new(),
            changelog: Vec::new(),
        }
    }
}

/// Whether a request field is required.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Required {
    /// Yes (`是`, `Yes`).
    Yes,
    /// No (`否`, `No`).
    No,
    /// The page does not say (response tables, empty cells).
    #[default]
    Unknown,
}

/// A field or parameter, with its nested fields.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Field {
    /// The name, with stray spaces removed (`promotion_url _sub_title` gives
    /// `promotion_url_sub_title`).
    pub name: String,
    /// The name as written, when it differs from `name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_as_written: Option<String>,
    /// The type as written (`string(32)`, `Array.<Object>`, `objarray`), if the page gives one.
    pub type_as_written: Option<String>,
    /// The type, parsed.
    #[serde(rename = "type")]
    pub ty: DocType,
    /// Whether it is required.
    pub required: Required,
    /// The length limit the type gives (`string(32)`).
    pub max_len: Option<u32>,
    /// A length limit the description states (`最大长度 1024 个字符`).
    pub doc_max_len: Option<u32>,
    /// The description.
    pub doc: String,
    /// Values the description lists inline (`NORMAL: Normal; CONSUMED: Redeemed`, `1:音频;2:图片`),
    /// which many pages give instead of an enum table.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub doc_values: Vec<EnumValue>,
    /// An example value, when the table has an example column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// 1-based line of the field's row (or of the first row naming it).
    pub line: usize,
    /// True when no row of its own describes the field: only its children's names imply it
    /// (`list: slot_id` implies `list`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub implied: bool,
    /// Nested fields, for objects and arrays of objects.
    pub children: Vec<Field>,
}

/// A titled table of fields that is none of the request or response tables.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldTable {
    /// The heading or label above the table.
    pub title: Option<String>,
    /// 1-based line of the table's first row.
    pub line: usize,
    /// The fields.
    pub fields: Vec<Field>,
}

/// A table of values: an enum.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EnumTable {
    /// The field the values are for, when the page says (`module 的合法值`, `Enumeration of
    /// planStatus`, `Res.errcode Enum`).
    pub field: Option<String>,
    /// The heading or label above the table.
    pub title: Option<String>,
    /// 1-based line of the table's first row.
    pub line: usize,
    /// The values.
    pub values: Vec<EnumValue>,
}

/// One value of an enum table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EnumValue {
    /// The value as written.
    pub value: String,
    /// What it means (the remaining cells, joined).
    pub doc: String,
    /// 1-based line.
    pub line: usize,
}

/// An error code the page documents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ErrorCode {
    /// The code.
    pub code: i64,
    /// What it means, as the page says (`errmsg` or description).
    pub meaning: String,
    /// What to do about it, when the page says.
    pub solution: Option<String>,
    /// 1-based line.
    pub line: usize,
    /// True when the code comes from prose (`否则报错{errcode: 61501, ...}`), not a table.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub from_prose: bool,
}

/// Whether an account type may call the endpoint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AccountType {
    /// The account type as written (`小程序`, `小游戏`).
    pub name: String,
    /// True for `✔`.
    pub allowed: bool,
    /// 1-based line of the marks.
    pub line: usize,
}

/// A table kept as cells.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RawTable {
    /// The heading or label above the table.
    pub title: Option<String>,
    /// 1-based line of the header row.
    pub line: usize,
    /// The header cells.
    pub header: Vec<String>,
    /// The other rows' cells.
    pub rows: Vec<Vec<String>>,
}
