//! The spec format: what a maintainer writes in `spec/<domain>.yaml`, as a typed serde model.
//!
//! Every struct denies unknown keys, so that a misspelt key is an error with a location rather
//! than a silently ignored line.

use std::collections::BTreeMap;

use serde::Deserialize;

/// One domain: one spec file, one generated crate.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SpecFile {
    /// Snake-case domain name, such as `union`.
    pub domain: String,
    /// Name of the generated crate, such as `wechat-union`.
    #[serde(rename = "crate")]
    pub crate_name: String,
    /// One-line title of the domain.
    pub title: String,
    /// The seed documents this spec was written from.
    pub sources: Vec<Source>,
    /// How the domain's responses report errors.
    pub envelope: EnvelopeSpec,
    /// Whether the mock server (`crates/wechat-mock`, which embeds `spec/`) serves the domain,
    /// so that the generated end-to-end tests also call it. `false` for specs outside `spec/`.
    #[serde(default = "yes")]
    pub mock: bool,
    /// Whether the generated crate is published (`false` for the generator's test fixtures).
    #[serde(default = "yes")]
    pub publish: bool,
    /// Text of the crate's documentation.
    pub doc: Doc,
    /// Quirks of the source docs that concern the whole domain.
    #[serde(default)]
    pub notes: Vec<String>,
    /// Words `cargo xtask doc-drift` finds in the source docs that name no API item (table
    /// headings, placeholders, fields of other APIs the page links to).
    #[serde(default)]
    pub doc_ignore: Vec<String>,
    /// Error codes documented for the domain.
    #[serde(default)]
    pub errors: Vec<ErrorSpec>,
    /// The domain's endpoints.
    pub endpoints: Vec<EndpointSpec>,
    /// Named types: structs, enums and tagged sum types.
    #[serde(default)]
    pub types: Vec<TypeSpec>,
}

fn yes() -> bool {
    true
}

/// A source document.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// File name under `shared/seeds/`, or the address of a public doc page.
    pub file: String,
    /// Language of the document: `en` or `zh`.
    pub lang: String,
}

/// Doc text in English, and in Chinese where a Chinese source exists.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Doc {
    /// English text.
    pub en: String,
    /// Chinese text.
    #[serde(default)]
    pub zh: Option<String>,
}

/// The response envelope of a domain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum EnvelopeSpec {
    /// Top-level `errcode` / `errmsg`.
    Errcode,
    /// `base_resp: {ret, err_msg}`.
    BaseResp,
}

/// A documented error code.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ErrorSpec {
    /// The numeric code.
    pub code: i64,
    /// Snake-case name, the source of the `ErrorCode` variant.
    pub name: String,
    /// What the code means.
    pub doc: Doc,
    /// What the runtime does when WeChat answers this code.
    pub retry: RetrySpec,
    /// The pages describe the error without its number (taken from elsewhere, say WeChat's
    /// global list): a recorded quirk, so doc-drift does not miss it on the pages.
    #[serde(default)]
    pub doc_missing: bool,
    /// Which failed request checks WeChat answers with this code. The mock server answers
    /// them with it; checks no code of the endpoint claims get the global 40097.
    #[serde(default)]
    pub raised_for: Vec<Check>,
    /// Quirks of the docs about this code.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// What the runtime does when WeChat answers an error code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RetrySpec {
    /// Final: the same request fails the same way.
    Never,
    /// A passing condition such as system busy (-1): retried with jittered backoff.
    Backoff,
    /// A per-minute quota (45011): retried only when the client allows a wait of that scale.
    MinuteQuota,
    /// A daily quota (45009): fails at once, since nothing helps before it resets.
    DailyQuota,
    /// The access token was rejected (40001, 40014, 42001): refreshed and retried once.
    RefreshToken,
}

/// WeChat's global error codes, which any endpoint may answer: `spec/global/errors.yaml`.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct GlobalErrorsFile {
    /// One-line title.
    pub title: String,
    /// The documents the codes were taken from.
    pub sources: Vec<Source>,
    /// The codes.
    pub errors: Vec<ErrorSpec>,
}

/// A check of a request against the spec, as the mock server makes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
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
    /// Two dates are too far apart, in the wrong order, or break their span's `days` or
    /// `period` rule.
    DateSpan,
    /// A `signature` does not match the secret the server holds for the request's subject.
    Signature,
}

/// HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum HttpMethod {
    /// GET: request fields go to the query string.
    #[serde(rename = "GET")]
    Get,
    /// POST: the request is a JSON body.
    #[serde(rename = "POST")]
    Post,
}

/// One endpoint.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EndpointSpec {
    /// Snake-case name: the client method's name.
    pub name: String,
    /// HTTP method.
    pub method: HttpMethod,
    /// Path below the host, such as `/union/promoter/target/plan_info`.
    pub path: String,
    /// Query parameters fixed by the endpoint, such as `action: publisher_settlement`.
    #[serde(default)]
    pub fixed_query: BTreeMap<String, String>,
    /// Whether the call may be repeated after a failure that leaves unknown whether WeChat
    /// acted (a timeout, a connection closed after sending, a 5xx). Defaults to `true` for GET
    /// and `false` for POST: a POST that only reads (a query, a datacube report) says `true`;
    /// one that sends, applies, updates, changes stock or deletes must stay `false`, since a
    /// retry may act twice.
    #[serde(default)]
    pub idempotent: Option<bool>,
    /// How the call authenticates: `access_token` (the default) or `none` (the token
    /// endpoints themselves, which take the app's credentials instead).
    #[serde(default)]
    pub auth: AuthSpec,
    /// What the endpoint does.
    pub doc: Doc,
    /// The request type (query parameters for GET, JSON body for POST).
    #[serde(default)]
    pub request: Option<String>,
    /// The response type (required unless `returns: binary`, which has none).
    #[serde(default)]
    pub response: Option<String>,
    /// What a success answers: `json` (the default, the `response` type) or `binary` (bytes
    /// such as an image; failures still answer a JSON error).
    #[serde(default)]
    pub returns: ReturnsSpec,
    /// A parameter the client signs with a secret field of the request, which is never sent.
    #[serde(default)]
    pub signature: Option<SignatureSpec>,
    /// The push event (a struct type) the call causes later, delivered to the message push
    /// URL configured for the app rather than in the response.
    #[serde(default)]
    pub event: Option<String>,
    /// Error codes the docs list for this endpoint (each defined under `errors`).
    #[serde(default)]
    pub errors: Vec<i64>,
    /// Error codes that mean "no (more) data" here: decoded as an empty success.
    #[serde(default)]
    pub no_data_errors: Vec<i64>,
    /// The doc's examples.
    #[serde(default)]
    pub examples: Vec<ExampleSpec>,
    /// How the endpoint pages, if it does.
    #[serde(default)]
    pub paging: Option<PagingSpec>,
    /// Other spellings of the endpoint's path or action in the source docs (such as
    /// `publisher_adunit _general`, with a stray space), for `cargo xtask doc-drift`.
    #[serde(default)]
    pub doc_names: Vec<String>,
    /// Quirks of the docs about this endpoint.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// How a call authenticates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuthSpec {
    /// `access_token` in the query string.
    #[default]
    AccessToken,
    /// The client's AppID and AppSecret as the query parameters `appid` and `secret`.
    AppCredentials,
    /// No access token (the token endpoints).
    None,
}

/// What a successful call answers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReturnsSpec {
    /// A JSON body of the `response` type.
    #[default]
    Json,
    /// Bytes with their content type (an image); a failure is still a JSON error body.
    Binary,
}

/// How a signed parameter is computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SigMethodSpec {
    /// Lowercase hex HMAC-SHA256 of the empty string, keyed with the secret's bytes.
    HmacSha256,
}

/// A signed parameter: `param` carries the signature made with the request's `key` field (a
/// `secret`), and `method_param` names the method.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SignatureSpec {
    /// Wire name of the request's `secret` field that keys the signature.
    pub key: String,
    /// Wire name of the parameter carrying the signature, such as `signature`.
    pub param: String,
    /// Wire name of the parameter naming the method, such as `sig_method`.
    pub method_param: String,
    /// The signing method.
    pub method: SigMethodSpec,
    /// Wire name of the request field naming whose secret it is (such as `openid`). The mock
    /// server verifies the signature with the secret it issued for that value, through
    /// endpoints whose response has fields of both names (`openid` and `session_key`).
    #[serde(default)]
    pub subject: Option<String>,
}

/// What an example shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ExampleOf {
    /// A request body or query.
    Request,
    /// A successful response.
    Response,
    /// An error response.
    Error,
    /// The push event the endpoint causes later (its `event` type).
    Event,
}

/// A doc example, repaired where the doc's text is not valid JSON.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ExampleSpec {
    /// What the example shows.
    pub of: ExampleOf,
    /// Short snake-case label, unique within the endpoint (defaults to `of` and a number).
    #[serde(default)]
    pub name: Option<String>,
    /// The example, valid JSON.
    pub json: String,
    /// One note per repair made to the doc's text.
    #[serde(default)]
    pub repairs: Vec<String>,
    /// For a request example that breaks a documented limit: why. It still round-trips, and a
    /// generated test checks that the client refuses to send it.
    #[serde(default)]
    pub violates: Option<String>,
    /// What the example shows that its type does not document, each with why it stays
    /// undocumented (an enum value of another API, a field no table describes and no user
    /// needs): keys as `.list[].key`, enum values as `.status = "VALUE"`, as the error names
    /// them.
    #[serde(default)]
    pub undocumented: Vec<UndocumentedSpec>,
    /// The doc's text as printed, kept when it needed repairs. The generator checks that it is
    /// still broken, so that a repair that stops being needed fails loudly.
    #[serde(default)]
    pub doc_original: Option<String>,
}

/// Something a doc example shows that the spec does not document, on purpose.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct UndocumentedSpec {
    /// Where, as the error names it: `.list[].key` or `.status = "VALUE"`.
    pub path: String,
    /// Why it stays undocumented.
    pub note: String,
}

/// What kind of named type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TypeKind {
    /// A JSON object with named fields.
    Struct,
    /// A string with documented values, open to new ones.
    StringEnum,
    /// An integer with documented values, open to new ones.
    IntEnum,
    /// `{"<tag>": "VALUE", "<key>": {...}}`: one content key per tag value.
    TaggedUnion,
    /// `{"<key>": {...}}`: exactly one of several keys, each with its own content type.
    KeyedUnion,
}

/// A named type.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TypeSpec {
    /// Upper-camel-case Rust name.
    pub name: String,
    /// What kind of type.
    pub kind: TypeKind,
    /// What the type holds.
    pub doc: Doc,
    /// Fields (`struct`).
    #[serde(default)]
    pub fields: Vec<FieldSpec>,
    /// Values (`string_enum`, `int_enum`).
    #[serde(default)]
    pub values: Vec<EnumValueSpec>,
    /// Name of the tag field (`tagged_union`).
    #[serde(default)]
    pub tag: Option<String>,
    /// Variants (`tagged_union`).
    #[serde(default)]
    pub variants: Vec<VariantSpec>,
    /// Date ranges of a struct whose length is limited (`start` to `end`, at most `max_days`).
    #[serde(default)]
    pub date_spans: Vec<DateSpanSpec>,
    /// Quirks of the docs about this type.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// A limited date range between two `date` fields of one struct.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DateSpanSpec {
    /// Wire name of the first day.
    pub start: String,
    /// Wire name of the last day.
    pub end: String,
    /// Most days from `start` to `end` (optional when `days` or `period` is given).
    #[serde(default)]
    pub max_days: Option<u32>,
    /// The only spans allowed, in days from `start` to `end` (such as `[0, 6, 29]`).
    #[serde(default)]
    pub days: Vec<u32>,
    /// The calendar period the range must be exactly.
    #[serde(default)]
    pub period: Option<PeriodSpec>,
}

/// A calendar period a date range must cover exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PeriodSpec {
    /// One day: `start` equals `end`.
    Day,
    /// A week from Monday to the Sunday after.
    Week,
    /// A calendar month from its 1st to its last day.
    Month,
}

/// How a paged endpoint pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PagingStyle {
    /// Page numbers: `page` (from 1) and `size` in the request, `total` in the response.
    Page,
    /// Offsets: `offset` (from 0) and `size` (a count) in the request, `total` in the response.
    Offset,
    /// A cursor: `cursor` in the request and the response, pages of `page_size` items.
    Cursor,
}

/// The paging of an endpoint: which fields (wire names) page it.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PagingSpec {
    /// The paging style.
    pub style: PagingStyle,
    /// The response's list of items.
    pub items: String,
    /// `page`: the request's page number.
    #[serde(default)]
    pub page: Option<String>,
    /// `offset`: the request's offset.
    #[serde(default)]
    pub offset: Option<String>,
    /// `page` and `offset`: the request's page size (or count).
    #[serde(default)]
    pub size: Option<String>,
    /// `page` and `offset`: the response's total number of items.
    #[serde(default)]
    pub total: Option<String>,
    /// `cursor`: the cursor field, in the request and the response.
    #[serde(default)]
    pub cursor: Option<String>,
    /// `cursor`: items in a full page; a shorter page is the last.
    #[serde(default)]
    pub page_size: Option<u32>,
}

/// How a number travels on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum WireForm {
    /// As a JSON string holding the number (`"128"`); decoding accepts a JSON number too.
    String,
    /// A `date` written `yyyymmdd` (`"20170313"`) instead of `yyyy-mm-dd`.
    Yyyymmdd,
}

/// A field of a struct.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// The wire name, exactly as sent.
    pub name: String,
    /// Rust name, when the snake-case form of the wire name does not suit.
    #[serde(default)]
    pub rust: Option<String>,
    /// `string`, `bool`, `i32`, `i64`, `u32`, `u64`, `f64`, `json`, `date`, `secret` (a
    /// string the caller passes that is never sent, only signed with), `list<T>` or a type
    /// name.
    #[serde(rename = "type")]
    pub ty: String,
    /// Whether the field is always present.
    #[serde(default)]
    pub required: bool,
    /// How a number (`string`) or a date (`yyyymmdd`) travels, when not in its usual form.
    #[serde(default)]
    pub wire: Option<WireForm>,
    /// A credential (a secret, a token): a string sent and received as any other, whose Rust
    /// type prints redacted in `Debug`.
    #[serde(default)]
    pub sensitive: bool,
    /// Most characters a string may hold (documented `string(N)`).
    #[serde(default)]
    pub max_len: Option<u32>,
    /// Seen only in doc examples, not in the doc's tables.
    #[serde(default)]
    pub example_only: bool,
    /// The type the doc's table writes when it is wrong for the wire (such as `number` for a
    /// field sent as a string): a recorded quirk, so `cargo xtask doc-drift` accepts it while
    /// the page says so, and reports it once the page changes.
    #[serde(default)]
    pub doc_type: Option<String>,
    /// Whether the doc's table says the field is required, when that is wrong for the wire:
    /// a recorded quirk, like `doc_type`.
    #[serde(default)]
    pub doc_required: Option<bool>,
    /// The pages have no readable row for the field (a broken table): a recorded quirk, so
    /// doc-drift does not report it missing, and reports once a page lists it again.
    #[serde(default)]
    pub doc_missing: bool,
    /// Least value of an integer.
    #[serde(default)]
    pub min: Option<i64>,
    /// Greatest value of an integer.
    #[serde(default)]
    pub max: Option<i64>,
    /// Earliest date of a `date` field, as yyyy-mm-dd.
    #[serde(default)]
    pub min_date: Option<String>,
    /// A `date` field that must be before today in China (UTC+8): data of the day is not there.
    #[serde(default)]
    pub before_today: bool,
    /// For a `keyed_union` field: its one key sits in this object, not under `name`.
    #[serde(default)]
    pub flatten: bool,
    /// What the field holds.
    pub doc: Doc,
    /// Other spellings of the field in the source docs (such as `total_Number` for
    /// `total_num`), so that `cargo xtask doc-drift` knows them.
    #[serde(default)]
    pub doc_names: Vec<String>,
    /// Quirks of the docs about this field.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// A value of an enum.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EnumValueSpec {
    /// The wire value: a string for `string_enum`, an integer for `int_enum`.
    pub value: serde_json::Value,
    /// Upper-camel-case variant name (defaults to the camel-case form of a string value).
    #[serde(default)]
    pub name: Option<String>,
    /// What the value means.
    pub doc: Doc,
    /// Other spellings of the value in the source docs, for `cargo xtask doc-drift`.
    #[serde(default)]
    pub doc_names: Vec<String>,
    /// Seen only in the docs' examples, not in the values they list.
    #[serde(default)]
    pub example_only: bool,
    /// Quirks of the docs about this value.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// A variant of a tagged or keyed sum type.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct VariantSpec {
    /// Value of the tag field, such as `DISCOUNT` (`tagged_union` only).
    #[serde(default)]
    pub tag: Option<String>,
    /// Key holding the content, such as `discount`.
    pub key: String,
    /// Struct type of the content.
    #[serde(rename = "type")]
    pub ty: String,
    /// Upper-camel-case variant name (defaults to the camel-case form of `key`).
    #[serde(default)]
    pub name: Option<String>,
    /// What the variant is.
    pub doc: Doc,
}
