//! `tests/examples.rs` (doc examples round-trip) and `tests/constraints.rs` (documented limits
//! refused before sending), and what the test files share.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use wechat_spec::conformance::parse_date;
use wechat_spec::ir::{DateSpan, Domain, ExampleOf, Period, Type, TypeBody, TypeRef};
use wechat_spec::resolve::error_code_of;
use wechat_spec::samples::{request_sample, sample};

use super::type_ident;

/// A string literal, raw (`r#"..."#`) where possible so that JSON stays readable.
pub(super) fn text_literal(text: &str) -> TokenStream {
    if !text.contains("\"#") {
        if let Ok(tokens) = format!("r#\"{text}\"#").parse() {
            return tokens;
        }
    }
    let lit = Literal::string(text);
    quote!(#lit)
}

pub(super) fn pretty(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

pub(super) fn lib_ident(domain: &Domain) -> proc_macro2::Ident {
    format_ident!("{}", domain.crate_name.replace('-', "_"))
}

pub fn examples_rs(domain: &Domain) -> TokenStream {
    let lib = &lib_ident(domain);
    let tests = domain.endpoints.iter().flat_map(|e| {
        e.examples.iter().map(move |x| {
            let name = format_ident!("{}_{}", e.name, x.label);
            let json = text_literal(&x.text);
            let endpoint = format_ident!("{}", e.const_name);
            match x.of {
                ExampleOf::Error => {
                    let code = Literal::i64_unsuffixed(error_code_of(&x.value).unwrap_or_default());
                    quote! {
                        #[test]
                        fn #name() {
                            wechat_testkit::assert_error_example(&#lib::endpoints::#endpoint, #json, #code);
                        }
                    }
                }
                ExampleOf::Request if x.violates.is_some() => {
                    let ty = e.request.map(|id| type_ident(domain, id));
                    let why = x.violates.clone().unwrap_or_default();
                    let rejected = format_ident!("{}_{}_is_rejected_before_sending", e.name, x.label);
                    quote! {
                        #[test]
                        fn #name() {
                            wechat_testkit::assert_round_trip::<#lib::#ty>(#json);
                        }

                        /// The doc's example breaks a documented limit; the client refuses to send it.
                        #[test]
                        fn #rejected() {
                            let request: #lib::#ty = wechat_testkit::decode(#json);
                            let error = request.validate().expect_err(#why);
                            assert!(error.to_string().contains("must be"), "{error}");
                        }
                    }
                }
                of => {
                    // Request examples resolve only on endpoints with a request.
                    let ty = match of {
                        ExampleOf::Request => e.request.map(|id| type_ident(domain, id)),
                        ExampleOf::Event => e.event.map(|id| type_ident(domain, id)),
                        _ => e.response.map(|id| type_ident(domain, id)),
                    };
                    quote! {
                        #[test]
                        fn #name() {
                            wechat_testkit::assert_round_trip::<#lib::#ty>(#json);
                        }
                    }
                }
            }
        })
    });
    let doc = format!(" Every doc example of `{}`: it decodes into its type, re-encodes to the same JSON, and\n no documented field is left among the unknown ones.", domain.spec_path);
    quote! {
        #![doc = #doc]
        #(#tests)*
    }
}

/// A way to break one documented limit of a type: the fields to set in a valid value.
struct Violation {
    label: String,
    field: String,
    constraint: String,
    edits: Vec<(String, serde_json::Value)>,
}

/// Every documented limit of a struct, each with values that break it.
fn violations(t: &Type) -> Vec<Violation> {
    let TypeBody::Struct(fields) = &t.body else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for f in fields {
        let mut push = |kind: &str, constraint: String, value: serde_json::Value| {
            out.push(Violation {
                label: format!("{}_{kind}", f.rust),
                field: f.wire.clone(),
                constraint,
                edits: vec![(f.wire.clone(), value)],
            });
        };
        if let Some(max) = f.max_len {
            push(
                "max_len",
                format!("at most {max} characters"),
                "x".repeat(max as usize + 1).into(),
            );
        }
        if let Some(min) = f.min {
            let unsigned = matches!(f.ty, TypeRef::U32 | TypeRef::U64);
            if !(unsigned && min <= 0) {
                push("min", format!("at least {min}"), (min - 1).into());
            }
        }
        if let Some(max) = f.max {
            push("max", format!("at most {max}"), (max + 1).into());
        }
        let date_text = |text: String| -> serde_json::Value {
            if f.compact_date {
                text.replace('-', "")
            } else {
                text
            }
            .into()
        };
        if f.before_today {
            push(
                "before_today",
                "before today (China time)".to_owned(),
                date_text("2999-01-01".to_owned()),
            );
        }
        if let Some(min_date) = f.min_date.as_deref().and_then(parse_date) {
            let before = min_date.previous_day().unwrap_or(min_date);
            push(
                "min_date",
                format!("on or after {}", f.min_date.as_deref().unwrap_or_default()),
                date_text(format_date(before)),
            );
        }
    }
    for span in &t.date_spans {
        let compact = |wire: &str| fields.iter().any(|f| f.wire == wire && f.compact_date);
        let (start_compact, end_compact) = (compact(&span.start.wire), compact(&span.end.wire));
        for (kind, start, end, constraint) in span_cases(span) {
            let form = |date, compact: bool| -> serde_json::Value {
                let text = format_date(date);
                if compact { text.replace('-', "") } else { text }.into()
            };
            out.push(Violation {
                label: format!("{}_{}_{kind}", span.start.rust, span.end.rust),
                field: span.end.wire.clone(),
                constraint,
                edits: vec![
                    (span.start.wire.clone(), form(start, start_compact)),
                    (span.end.wire.clone(), form(end, end_compact)),
                ],
            });
        }
    }
    out
}

/// Ranges that break a date span's rules, each with the constraint the runtime names: too
/// long, reversed, a length `days` does not list, not exactly the `period`.
fn span_cases(span: &DateSpan) -> Vec<(&'static str, time::Date, time::Date, String)> {
    let day = |d: u8| {
        time::Date::from_calendar_date(2020, time::Month::January, d).unwrap_or(time::Date::MIN)
    };
    let start = day(1);
    let after = |n: i64| start + time::Duration::days(n);
    let from = &span.start.wire;
    let mut cases = Vec::new();
    if let Some(max) = span.max_days {
        let max = i64::from(max);
        cases.push((
            "too_long",
            start,
            after(max + 1),
            format!("at most {max} days after `{from}`"),
        ));
    }
    cases.push((
        "reversed",
        start,
        after(-1),
        format!("on or after `{from}`"),
    ));
    let allowed = |n: i64| {
        span.max_days.is_none_or(|m| n <= i64::from(m))
            && (span.days.is_empty() || span.days.iter().any(|&d| i64::from(d) == n))
    };
    if !span.days.is_empty() {
        let max = span.max_days.map_or(400, i64::from);
        if let Some(n) = (1..=max).find(|&n| !span.days.iter().any(|&d| i64::from(d) == n)) {
            let listed: Vec<String> = span.days.iter().map(u32::to_string).collect();
            let rule = format!("{} days after `{from}`", listed.join(" or "));
            cases.push(("days", start, after(n), rule));
        }
    }
    let (case, rule) = match span.period {
        Some(Period::Day) => ((start, after(1)), format!("the same day as `{from}`")),
        // 2020-01-07 is a Tuesday.
        Some(Period::Week) => (
            (day(7), day(13)),
            format!("the Sunday after `{from}`, a Monday (a whole week)"),
        ),
        Some(Period::Month) => (
            (day(2), day(31)),
            format!("the last day of the month whose 1st is `{from}` (a whole month)"),
        ),
        None => return cases,
    };
    if allowed((case.1 - case.0).whole_days()) {
        cases.push(("period", case.0, case.1, rule));
    }
    cases
}

fn format_date(date: time::Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

pub(super) fn edited(
    value: &serde_json::Value,
    edits: &[(String, serde_json::Value)],
) -> serde_json::Value {
    let mut value = value.clone();
    for (key, new) in edits {
        value[key.as_str()] = new.clone();
    }
    value
}

/// `tests/constraints.rs`, when the domain documents any limit.
pub fn constraints_rs(domain: &Domain) -> Option<TokenStream> {
    let lib = &lib_ident(domain);
    let checked = super::types::request_types(domain);
    let mut tests = Vec::new();
    for id in checked {
        let t = domain.ty(id);
        let violations = violations(t);
        if violations.is_empty() {
            continue;
        }
        let ty = type_ident(domain, id);
        let valid = sample(&domain.types, &TypeRef::Named(id));
        let snake = wechat_spec::names::snake(&t.name);
        let name = format_ident!("{snake}_sample_is_valid");
        let json = text_literal(&valid.to_string());
        tests.push(quote! {
            #[test]
            fn #name() {
                let value: #lib::#ty = wechat_testkit::decode(#json);
                value.validate().expect("the sample breaks no limit");
            }
        });
        for v in violations {
            let name = format_ident!("{snake}_{}", v.label);
            let json = text_literal(&edited(&valid, &v.edits).to_string());
            let (field, constraint) = (&v.field, &v.constraint);
            tests.push(quote! {
                #[test]
                fn #name() {
                    let value: #lib::#ty = wechat_testkit::decode(#json);
                    let error = value.validate().expect_err("the limit is checked");
                    assert_eq!(error.field, #field);
                    assert_eq!(error.constraint, #constraint);
                }
            });
        }
    }
    for e in &domain.endpoints {
        let (Some(request), Some(sample)) = (e.request, request_sample(domain, e)) else {
            continue;
        };
        let Some(v) = violations(domain.ty(request)).into_iter().next() else {
            continue;
        };
        let sample = &sample;
        let ty = type_ident(domain, request);
        let method = format_ident!("{}", e.name);
        let name = format_ident!("{}_sends_nothing_when_a_limit_is_broken", e.name);
        let json = text_literal(&edited(sample, &v.edits).to_string());
        let field = &v.field;
        tests.push(quote! {
            #[tokio::test]
            async fn #name() {
                let server = wechat_testkit::ScriptedServer::start();
                let client = #lib::Client::new(server.client());
                let request: #lib::#ty = wechat_testkit::decode(#json);
                let error = client.#method(&request).await.expect_err("the request is refused");
                let wechat_runtime::Error::Validation(invalid) = &error else {
                    panic!("expected a validation error, got {error:?}");
                };
                assert_eq!(invalid.field, #field);
                assert!(server.requests().is_empty(), "nothing was sent");
            }
        });
    }
    if tests.is_empty() {
        return None;
    }
    let doc = format!(
        " Every documented limit of `{}`: a value that breaks it is refused before anything is sent.",
        domain.spec_path
    );
    Some(quote! {
        #![doc = #doc]
        #(#tests)*
    })
}
