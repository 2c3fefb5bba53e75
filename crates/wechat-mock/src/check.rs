//! Checking a request against its endpoint's spec, and the documented error for each failure.

use serde_json::{Map, Value};
use wechat_spec::conformance::{fits, parse_date, sent_secret, within_limits, LimitKind};
use wechat_spec::dates::parse_compact_date;
use wechat_spec::ir::{Check, Domain, Endpoint, ErrorCode, Field, TypeBody, TypeId, TypeRef};

/// WeChat's global "invalid args" code, for failed checks no documented code claims.
pub const INVALID_ARGS: i64 = 40097;

/// A failed check: which, and what was wrong.
#[derive(Debug)]
pub struct Failed {
    pub check: Check,
    pub detail: String,
}

fn fields(domain: &Domain, ty: TypeId) -> &[Field] {
    domain.fields(ty)
}

/// Integers, and enums of integers: what a query string's digits become.
fn is_integer(domain: &Domain, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(id) => matches!(domain.ty(*id).body, TypeBody::IntEnum(_)),
        other => other.is_integer(),
    }
}

/// The query parameters of a GET request as the JSON object its request type describes:
/// numbers where the type has numbers.
pub fn query_object(domain: &Domain, endpoint: &Endpoint, query: &[(String, String)]) -> Value {
    let fields = endpoint.request.map_or(&[][..], |ty| fields(domain, ty));
    let mut object = Map::new();
    for (key, value) in query {
        let credential = endpoint.app_credentials && (key == "appid" || key == "secret");
        if credential || key == "access_token" || endpoint.fixed_query.iter().any(|(k, _)| k == key)
        {
            continue;
        }
        let field = fields.iter().find(|f| &f.wire == key);
        let json = match field.map(|f| &f.ty) {
            Some(ty) if is_integer(domain, ty) => value
                .parse::<i64>()
                .map_or_else(|_| Value::String(value.clone()), Value::from),
            Some(TypeRef::Bool) => match value.as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => Value::String(value.clone()),
            },
            _ => Value::String(value.clone()),
        };
        object.insert(key.clone(), json);
    }
    Value::Object(object)
}

/// Checks `request` against the endpoint's request type: dates, shape and types, then every
/// documented limit (with today's date in China for `before_today`).
pub fn check(domain: &Domain, endpoint: &Endpoint, request: &Value) -> Result<(), Failed> {
    let Some(ty) = endpoint.request else {
        return Ok(());
    };
    if let Value::Object(object) = request {
        for field in fields(domain, ty) {
            let (parse, form): (fn(&str) -> Option<time::Date>, _) = if field.compact_date {
                (parse_compact_date, "yyyymmdd")
            } else {
                (parse_date, "yyyy-mm-dd")
            };
            let bad = field.ty == TypeRef::Date
                && object
                    .get(&field.wire)
                    .is_some_and(|v| v.as_str().and_then(parse).is_none());
            if bad {
                return Err(Failed {
                    check: Check::BadDate,
                    detail: format!("{} must be a date written {form}", field.wire),
                });
            }
        }
    }
    let target = TypeRef::Named(ty);
    let sent = sent_secret(&domain.types, request, &target).map_or(Ok(()), Err);
    sent.and_then(|()| fits(&domain.types, request, &target, false, ""))
        .map_err(|detail| Failed {
            check: Check::InvalidRequest,
            detail,
        })?;
    let today = wechat_runtime::wire::today_in_china();
    within_limits(&domain.types, request, &target, "", Some(today)).map_err(|v| Failed {
        check: match v.kind {
            LimitKind::TooLong => Check::TooLong,
            LimitKind::OutOfRange => Check::OutOfRange,
            LimitKind::TooEarly => Check::TooEarly,
            LimitKind::NotBeforeToday => Check::NotBeforeToday,
            LimitKind::DateSpan => Check::DateSpan,
        },
        detail: v.message,
    })
}

/// The documented code for a failed check: one the endpoint lists, else one of its domain,
/// else [`INVALID_ARGS`].
pub fn code_for(domain: &Domain, endpoint: &Endpoint, check: Check) -> i64 {
    let claims = |code: &&ErrorCode| code.raised_for.contains(&check);
    domain
        .errors
        .iter()
        .filter(|e| endpoint.errors.contains(&e.code))
        .find(claims)
        .or_else(|| domain.errors.iter().find(claims))
        .map_or(INVALID_ARGS, |e| e.code)
}
