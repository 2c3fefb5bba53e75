//! `tests/examples.rs` (doc examples round-trip) and `tests/e2e.rs` (every endpoint over HTTP).

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Domain, Endpoint, Envelope, ExampleOf, PagingStyle, Type, TypeBody, TypeRef};
use crate::resolve::{error_code_of, parse_date};
use crate::sample::sample;

/// A string literal, raw (`r#"..."#`) where possible so that JSON stays readable.
fn text_literal(text: &str) -> TokenStream {
    if !text.contains("\"#") {
        if let Ok(tokens) = format!("r#\"{text}\"#").parse() {
            return tokens;
        }
    }
    let lit = Literal::string(text);
    quote!(#lit)
}

fn pretty(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

fn lib_ident(domain: &Domain) -> proc_macro2::Ident {
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
                    let ty = format_ident!("{}", e.request.clone().unwrap_or_default());
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
                    let ty = if of == ExampleOf::Request { e.request.clone().unwrap_or_default() } else { e.response.clone() };
                    let ty = format_ident!("{}", ty);
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

/// The error a test server answers with, in the domain's envelope.
fn error_body(domain: &Domain, code: i64) -> String {
    match domain.envelope {
        Envelope::Errcode => format!(r#"{{"errcode":{code},"errmsg":"test error"}}"#),
        Envelope::BaseResp => format!(r#"{{"base_resp":{{"ret":{code},"err_msg":"test error"}}}}"#),
    }
}

/// The documented code an endpoint's error test uses, and its variant and meaning.
fn error_case(domain: &Domain, e: &Endpoint) -> (i64, Option<(String, String)>) {
    let documented = e
        .errors
        .iter()
        .chain(domain.errors.iter().map(|d| &d.code))
        .find(|c| !e.no_data_errors.contains(c))
        .and_then(|c| domain.errors.iter().find(|d| d.code == *c));
    match documented {
        Some(d) => (d.code, Some((d.variant.clone(), d.doc.en.clone()))),
        // A global code: its meaning comes from the runtime's table.
        None => (40001, None),
    }
}

pub fn e2e_rs(domain: &Domain) -> TokenStream {
    let lib = lib_ident(domain);
    let mut items = Vec::new();
    for e in &domain.endpoints {
        let request_const = format_ident!("{}_REQUEST", e.const_name);
        let response_const = format_ident!("{}_RESPONSE", e.const_name);
        let response_json = text_literal(&pretty(&e.response_sample));
        items.push(quote!(const #response_const: &str = #response_json;));
        if let Some(sample) = &e.request_sample {
            let request_json = text_literal(&pretty(sample));
            items.push(quote!(const #request_const: &str = #request_json;));
        }
        for blocking in [false, true] {
            items.extend(endpoint_tests(domain, e, &lib, blocking));
            items.extend(pager_tests(domain, e, &lib, blocking));
            if domain.mock {
                items.push(mock_test(e, &lib, blocking));
            }
        }
    }
    let doc = format!(
        " End-to-end tests of `{}`: every endpoint, async and blocking, against a local server.",
        domain.spec_path
    );
    quote! {
        #![doc = #doc]
        use wechat_testkit::MockServer;
        #(#items)*
    }
}

/// The endpoint against the spec-driven mock server: the spec's request passes the server's
/// checks (token endpoints and app credentials included) and the doc's response comes back.
fn mock_test(e: &Endpoint, lib: &proc_macro2::Ident, blocking: bool) -> TokenStream {
    let method = format_ident!("{}", e.name);
    let request_const = format_ident!("{}_REQUEST", e.const_name);
    let response_const = format_ident!("{}_RESPONSE", e.const_name);
    let (attr, awaited, client, name) = if blocking {
        (
            quote!(#[cfg(feature = "blocking")] #[test]),
            quote!(),
            quote!(#lib::blocking::Client::new(mock.client_builder().build_blocking().expect("client"))),
            format_ident!("{}_blocking_against_the_mock", e.name),
        )
    } else {
        (
            quote!(#[tokio::test]),
            quote!(.await),
            quote!(#lib::Client::new(mock.client_builder().build().expect("client"))),
            format_ident!("{}_async_against_the_mock", e.name),
        )
    };
    let asyncness = (!blocking).then(|| quote!(async));
    // Token endpoints answer a token of the mock's own, in the example's shape.
    let compare = if e.access_token {
        quote!(wechat_testkit::assert_json_eq)
    } else {
        quote!(wechat_testkit::assert_json_shape)
    };
    let (setup, call) = match &e.request {
        Some(request) => {
            let ty = format_ident!("{}", request);
            (
                quote!(let request: #lib::#ty = wechat_testkit::decode(#request_const);),
                quote!(client.#method(&request)#awaited),
            )
        }
        None => (quote!(), quote!(client.#method()#awaited)),
    };
    quote! {
        #attr
        #asyncness fn #name() {
            let mock = wechat_mock::Server::start().expect("the mock server starts");
            let client = #client;
            #setup
            let response = #call.expect("the mock accepts the request and answers the example");
            #compare(&response, #response_const);
        }
    }
}

fn endpoint_tests(
    domain: &Domain,
    e: &Endpoint,
    lib: &proc_macro2::Ident,
    blocking: bool,
) -> Vec<TokenStream> {
    let endpoint = format_ident!("{}", e.const_name);
    let method = format_ident!("{}", e.name);
    let request_const = format_ident!("{}_REQUEST", e.const_name);
    let response_const = format_ident!("{}_RESPONSE", e.const_name);
    let suffix = if blocking { "blocking" } else { "async" };
    let (attr, asyncness, awaited, client) = if blocking {
        (
            quote!(#[cfg(feature = "blocking")] #[test]),
            quote!(),
            quote!(),
            quote!(#lib::blocking::Client::new(server.blocking_client())),
        )
    } else {
        (
            quote!(#[tokio::test]),
            quote!(async),
            quote!(.await),
            quote!(#lib::Client::new(server.client())),
        )
    };
    let (setup, call, sent) = match &e.request {
        Some(request) => {
            let ty = format_ident!("{}", request);
            (
                quote!(let request: #lib::#ty = wechat_testkit::decode(#request_const);),
                quote!(client.#method(&request)#awaited),
                quote!(Some(#request_const)),
            )
        }
        None => (quote!(), quote!(client.#method()#awaited), quote!(None)),
    };
    let mut tests = Vec::new();

    let name = format_ident!("{}_{}", e.name, suffix);
    tests.push(quote! {
        #attr
        #asyncness fn #name() {
            let server = MockServer::start();
            server.respond(200, #response_const);
            let client = #client;
            #setup
            let response = #call.expect("the call succeeds");
            server.assert_called(&#lib::endpoints::#endpoint, #sent);
            wechat_testkit::assert_json_eq(&response, #response_const);
        }
    });

    let (code, documented) = error_case(domain, e);
    let body = text_literal(&error_body(domain, code));
    let code_lit = Literal::i64_unsuffixed(code);
    let checks = match &documented {
        Some((variant, meaning)) => {
            let variant = format_ident!("{}", variant);
            quote! {
                wechat_testkit::assert_api_error(&error, &#lib::endpoints::#endpoint, #code_lit, Some(#meaning));
                assert_eq!(#lib::ErrorCode::of(&error), Some(#lib::ErrorCode::#variant));
            }
        }
        None => quote! {
            wechat_testkit::assert_api_error(&error, &#lib::endpoints::#endpoint, #code_lit, None);
            assert_eq!(#lib::ErrorCode::of(&error), Some(#lib::ErrorCode::Other(#code_lit)));
        },
    };
    let name = format_ident!("{}_{}_error", e.name, suffix);
    tests.push(quote! {
        #attr
        #asyncness fn #name() {
            let server = MockServer::start();
            server.respond(200, #body);
            let client = #client;
            #setup
            let error = #call.expect_err("the call fails");
            #checks
        }
    });

    if domain.envelope == Envelope::BaseResp {
        // Token errors skip the domain's envelope and arrive as a top-level errcode.
        let body = text_literal(r#"{"errcode":42001,"errmsg":"access_token expired"}"#);
        let name = format_ident!("{}_{}_token_error_at_top_level", e.name, suffix);
        tests.push(quote! {
            #attr
            #asyncness fn #name() {
                let server = MockServer::start();
                server.respond(200, #body);
                let client = #client;
                #setup
                let error = #call.expect_err("the call fails");
                wechat_testkit::assert_api_error(&error, &#lib::endpoints::#endpoint, 42001, None);
            }
        });
    }

    for code in &e.no_data_errors {
        let body = text_literal(&error_body(domain, *code));
        let name = format_ident!("{}_{}_no_data_{}", e.name, suffix, code.unsigned_abs());
        tests.push(quote! {
            #attr
            #asyncness fn #name() {
                let server = MockServer::start();
                server.respond(200, #body);
                let client = #client;
                #setup
                let response = #call.expect("no data is not a failure");
                wechat_testkit::assert_json_eq(&response, #body);
            }
        });
    }
    tests
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
        if f.before_today {
            push(
                "before_today",
                "before today (China time)".to_owned(),
                "2999-01-01".into(),
            );
        }
        if let Some(min_date) = f.min_date.as_deref().and_then(parse_date) {
            let before = min_date.previous_day().unwrap_or(min_date);
            push(
                "min_date",
                format!("on or after {}", f.min_date.as_deref().unwrap_or_default()),
                format_date(before).into(),
            );
        }
    }
    for span in &t.date_spans {
        let start = parse_date("2020-01-01").unwrap_or(time::Date::MIN);
        let too_far = start + time::Duration::days(i64::from(span.max_days) + 1);
        let before = start - time::Duration::days(1);
        for (kind, end, constraint) in [
            (
                "too_long",
                too_far,
                format!("at most {} days after `{}`", span.max_days, span.start.wire),
            ),
            (
                "reversed",
                before,
                format!("on or after `{}`", span.start.wire),
            ),
        ] {
            out.push(Violation {
                label: format!("{}_{}_{kind}", span.start.rust, span.end.rust),
                field: span.end.wire.clone(),
                constraint,
                edits: vec![
                    (span.start.wire.clone(), format_date(start).into()),
                    (span.end.wire.clone(), format_date(end).into()),
                ],
            });
        }
    }
    out
}

fn format_date(date: time::Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

fn edited(value: &serde_json::Value, edits: &[(String, serde_json::Value)]) -> serde_json::Value {
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
    for t in domain
        .types
        .iter()
        .filter(|t| checked.contains(t.name.as_str()))
    {
        let violations = violations(t);
        if violations.is_empty() {
            continue;
        }
        let ty = format_ident!("{}", t.name);
        let valid = sample(&domain.types, &TypeRef::Named(t.name.clone()));
        let snake = crate::names::snake(&t.name);
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
        let (Some(request), Some(sample)) = (&e.request, &e.request_sample) else {
            continue;
        };
        let Some(t) = domain.type_named(request) else {
            continue;
        };
        let Some(v) = violations(t).into_iter().next() else {
            continue;
        };
        let ty = format_ident!("{}", request);
        let method = format_ident!("{}", e.name);
        let name = format_ident!("{}_sends_nothing_when_a_limit_is_broken", e.name);
        let json = text_literal(&edited(sample, &v.edits).to_string());
        let field = &v.field;
        tests.push(quote! {
            #[tokio::test]
            async fn #name() {
                let server = wechat_testkit::MockServer::start();
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

/// The pager tests of one endpoint: a walk over three pages, and the page limit.
fn pager_tests(
    domain: &Domain,
    e: &Endpoint,
    lib: &proc_macro2::Ident,
    blocking: bool,
) -> Vec<TokenStream> {
    let (Some(p), Some(request_sample)) = (&e.paging, &e.request_sample) else {
        return Vec::new();
    };
    let request_ty = format_ident!("{}", e.request.clone().unwrap_or_default());
    let response_const = format_ident!("{}_RESPONSE", e.const_name);
    let method = format_ident!("{}_items", e.name);
    let items_key = &p.items.wire;
    let position = &p.position.wire;
    let suffix = if blocking { "blocking" } else { "async" };
    // Pages of `size` items (the cursor style's documented page size), the last one short.
    let (size, mut request, expected): (usize, serde_json::Value, Vec<Option<String>>) =
        match p.style {
            PagingStyle::Page => (
                2,
                edited(
                    request_sample,
                    &[(position.clone(), 1.into()), (size_wire(p), 2.into())],
                ),
                vec![Some("1".into()), Some("2".into()), Some("3".into())],
            ),
            PagingStyle::Offset => (
                2,
                edited(
                    request_sample,
                    &[(position.clone(), 0.into()), (size_wire(p), 2.into())],
                ),
                vec![Some("0".into()), Some("2".into()), Some("4".into())],
            ),
            PagingStyle::Cursor => (
                p.page_size as usize,
                request_sample.clone(),
                vec![None, Some("c1".into()), Some("c2".into())],
            ),
        };
    if p.style == PagingStyle::Cursor {
        if let Some(object) = request.as_object_mut() {
            object.remove(position);
        }
    }
    let total = 2 * size + 1;
    let set = |page: usize| -> TokenStream {
        match (p.style, &p.total) {
            (PagingStyle::Cursor, Some(cursor)) => {
                let (key, value) = (&cursor.wire, format!("c{}", page + 1));
                quote!(&[(#key, serde_json::json!(#value))])
            }
            (_, Some(t)) => {
                let key = &t.wire;
                quote!(&[(#key, serde_json::json!(#total))])
            }
            (_, None) => quote!(&[]),
        }
    };
    let pages = (0..3).map(|page| {
        let (from, to) = (page * size, (page * size + size).min(total));
        let set = set(page);
        quote!(server.respond(200, &wechat_testkit::numbered_page(#response_const, #items_key, #from..#to, #set));)
    });
    let request_json = text_literal(&request.to_string());
    let expected = expected.iter().map(|v| match v {
        Some(v) => quote!(Some(#v.to_owned())),
        None => quote!(None),
    });
    let (attr, asyncness, client, collect) = if blocking {
        (
            quote!(#[cfg(feature = "blocking")] #[test]),
            quote!(),
            quote!(#lib::blocking::Client::new(server.blocking_client())),
            quote!(.collect::<Vec<_>>()),
        )
    } else {
        (
            quote!(#[tokio::test]),
            quote!(async),
            quote!(#lib::Client::new(server.client())),
            quote!(),
        )
    };
    let gather = |pager: TokenStream| {
        if blocking {
            quote!(#pager #collect)
        } else {
            quote!(wechat_testkit::collect(#pager).await)
        }
    };
    let walk = gather(quote!(client.#method(request)));
    let limited = gather(quote!(client.#method(request).max_pages(1)));
    let name = format_ident!("{}_{}_pages_through_every_item", e.name, suffix);
    let limit_name = format_ident!("{}_{}_stops_at_the_page_limit", e.name, suffix);
    let first_page = {
        let set = set(0);
        let to = size.min(total);
        quote!(server.respond(200, &wechat_testkit::numbered_page(#response_const, #items_key, 0..#to, #set));)
    };
    let mut tests = vec![
        quote! {
            #attr
            #asyncness fn #name() {
                let server = MockServer::start();
                #(#pages)*
                let client = #client;
                let request: #lib::#request_ty = wechat_testkit::decode(#request_json);
                let items: Vec<_> = #walk.into_iter().collect::<Result<_, _>>().expect("every page succeeds");
                let numbers = wechat_testkit::item_numbers(&items);
                assert_eq!(numbers, (0..#total as u64).collect::<Vec<_>>(), "every item once, in order");
                let sent: Vec<Option<String>> = server.requests().iter().map(|r| wechat_testkit::sent_param(r, #position)).collect();
                assert_eq!(sent, vec![#(#expected),*]);
            }
        },
        quote! {
            #attr
            #asyncness fn #limit_name() {
                let server = MockServer::start();
                #first_page
                let client = #client;
                let request: #lib::#request_ty = wechat_testkit::decode(#request_json);
                let results = #limited;
                assert_eq!(results.len(), #size + 1, "one page of items, then the limit");
                assert!(matches!(results.last(), Some(Err(wechat_runtime::Error::PageLimit { pages: 1, .. }))), "{:?}", results.last().map(|r| r.is_ok()));
                assert_eq!(server.requests().len(), 1);
            }
        },
    ];
    if let Some(code) = e.no_data_errors.first() {
        let body = text_literal(&error_body(domain, *code));
        let name = format_ident!("{}_{}_pages_end_at_no_data", e.name, suffix);
        let set = set(0);
        let no_data = gather(quote!(client.#method(request)));
        tests.push(quote! {
            #attr
            #asyncness fn #name() {
                let server = MockServer::start();
                server.respond(200, &wechat_testkit::numbered_page(#response_const, #items_key, 0..#size, #set));
                server.respond(200, #body);
                let client = #client;
                let request: #lib::#request_ty = wechat_testkit::decode(#request_json);
                let items: Vec<_> = #no_data.into_iter().collect::<Result<_, _>>().expect("no data ends the walk");
                assert_eq!(items.len(), #size);
                assert_eq!(server.requests().len(), 2);
            }
        });
    }
    tests
}

fn size_wire(p: &crate::ir::Paging) -> String {
    p.size.as_ref().map(|s| s.wire.clone()).unwrap_or_default()
}
