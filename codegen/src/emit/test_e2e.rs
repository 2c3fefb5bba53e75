//! `tests/e2e.rs`: every endpoint over HTTP, async and blocking, against a scripted local
//! server (success, a documented error, pagers) and, for domains it serves, the spec-driven mock.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use wechat_spec::ir::{Domain, Endpoint, Envelope, ErrorCode, PagingStyle, RetryKind};
use wechat_spec::samples::{request_sample, response_sample};

use super::test_files::{edited, lib_ident, pretty, text_literal};
use super::type_ident;

/// The error a test server answers with, in the domain's envelope.
fn error_body(domain: &Domain, code: i64) -> String {
    match domain.envelope {
        Envelope::Errcode => format!(r#"{{"errcode":{code},"errmsg":"test error"}}"#),
        Envelope::BaseResp => format!(r#"{{"base_resp":{{"ret":{code},"err_msg":"test error"}}}}"#),
    }
}

/// The documented code an endpoint's error test uses, and its variant and meaning: one the
/// endpoint lists, else one of its domain, else a global one, preferring codes that are not
/// retried (so the test makes one request).
fn error_case(
    domain: &Domain,
    global: &[ErrorCode],
    e: &Endpoint,
) -> (i64, Option<(String, String)>) {
    let lookup = |c: &i64| domain.errors.iter().chain(global).find(|d| d.code == *c);
    let candidates: Vec<&ErrorCode> = e
        .errors
        .iter()
        .chain(domain.errors.iter().map(|d| &d.code))
        .filter(|c| !e.no_data_errors.contains(c))
        .filter_map(lookup)
        .collect();
    let documented = candidates
        .iter()
        .find(|d| d.retry == RetryKind::Never)
        .or(candidates.first())
        .copied()
        .or_else(|| lookup(&40001));
    match documented {
        Some(d) => (d.code, Some((d.variant.clone(), d.doc.en.clone()))),
        // No global codes (a spec directory without them): the code stays `Other`.
        None => (40001, None),
    }
}

pub fn e2e_rs(domain: &Domain, global: &[ErrorCode]) -> TokenStream {
    let lib = lib_ident(domain);
    let mut items = Vec::new();
    for e in &domain.endpoints {
        let request_const = format_ident!("{}_REQUEST", e.const_name);
        let response_const = format_ident!("{}_RESPONSE", e.const_name);
        if !e.binary {
            let response_json = text_literal(&pretty(&response_sample(domain, e)));
            items.push(quote!(const #response_const: &str = #response_json;));
        }
        if let Some(sample) = &request_sample(domain, e) {
            let request_json = text_literal(&pretty(sample));
            items.push(quote!(const #request_const: &str = #request_json;));
        }
        for blocking in [false, true] {
            items.extend(endpoint_tests(domain, global, e, &lib, blocking));
            items.extend(pager_tests(domain, e, &lib, blocking));
            if domain.mock {
                items.push(mock_test(domain, e, &lib, blocking));
            }
        }
    }
    let doc = format!(
        " End-to-end tests of `{}`: every endpoint, async and blocking, against a local server.",
        domain.spec_path
    );
    quote! {
        #![doc = #doc]
        use wechat_testkit::ScriptedServer;
        #(#items)*
    }
}

/// The endpoint against the spec-driven mock server: the spec's request passes the server's
/// checks (token endpoints and app credentials included) and the doc's response comes back.
fn mock_test(
    domain: &Domain,
    e: &Endpoint,
    lib: &proc_macro2::Ident,
    blocking: bool,
) -> TokenStream {
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
    // Token endpoints answer a token of the mock's own, and login endpoints a session of its
    // own, in the example's shape.
    let compare = if e.binary {
        quote!(assert_eq!(response.content_type, "image/png"); assert!(response.bytes.starts_with(b"\x89PNG"));)
    } else if e.access_token && domain.issued_secret(e).is_none() {
        quote!(wechat_testkit::assert_json_eq(&response, #response_const);)
    } else {
        quote!(wechat_testkit::assert_json_shape(&response, #response_const);)
    };
    let (setup, call) = match e.request {
        Some(request) => {
            let ty = type_ident(domain, request);
            // The mock knows the session key of a subject it issued none for.
            let sign = e.signature.as_ref().map(|s| {
                let key = super::idents::ident(&s.key.rust);
                quote!(request.#key = wechat_mock::SESSION_KEY.into();)
            });
            let credentials = mock_credentials(domain, e, request);
            let binding = if sign.is_some() || credentials.is_some() {
                quote!(let mut request)
            } else {
                quote!(let request)
            };
            (
                quote!(#binding: #lib::#ty = wechat_testkit::decode(#request_const); #sign #credentials),
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
            #compare
        }
    }
}

/// A token endpoint's request carries the app's credentials (`appid`, `secret`): against the
/// mock, which checks them as WeChat does, they are the mock's own pair.
fn mock_credentials(
    domain: &Domain,
    e: &Endpoint,
    request: wechat_spec::ir::TypeId,
) -> Option<TokenStream> {
    if e.access_token || e.app_credentials {
        return None;
    }
    let [appid, secret] = wechat_spec::resolve::CREDENTIAL_PARAMS.map(|wire| {
        domain
            .fields(request)
            .iter()
            .find(|f| f.wire == wire && f.required && f.ty == wechat_spec::ir::TypeRef::String)
            .map(|f| super::idents::ident(&f.rust))
    });
    let (appid, secret) = (appid?, secret?);
    Some(quote! {
        request.#appid = wechat_mock::APPID.into();
        request.#secret = wechat_mock::APP_SECRET.into();
    })
}

fn endpoint_tests(
    domain: &Domain,
    global: &[ErrorCode],
    e: &Endpoint,
    lib: &proc_macro2::Ident,
    blocking: bool,
) -> Vec<TokenStream> {
    let endpoint = format_ident!("{}", e.const_name);
    let method = format_ident!("{}", e.name);
    let request_const = format_ident!("{}_REQUEST", e.const_name);
    let response_const = format_ident!("{}_RESPONSE", e.const_name);
    let suffix = if blocking { "blocking" } else { "async" };
    let runtime = match (blocking, e.app_credentials) {
        (false, false) => quote!(server.client()),
        (false, true) => quote!(server.credentials_client()),
        (true, false) => quote!(server.blocking_client()),
        (true, true) => quote!(server.blocking_credentials_client()),
    };
    let (attr, asyncness, awaited, client) = if blocking {
        (
            quote!(#[cfg(feature = "blocking")] #[test]),
            quote!(),
            quote!(),
            quote!(#lib::blocking::Client::new(#runtime)),
        )
    } else {
        (
            quote!(#[tokio::test]),
            quote!(async),
            quote!(.await),
            quote!(#lib::Client::new(#runtime)),
        )
    };
    let key = e
        .signature
        .as_ref()
        .map(|s| super::idents::ident(&s.key.rust));
    let (setup, call, assert_sent) = match e.request {
        Some(request) => {
            let ty = type_ident(domain, request);
            let endpoint_ref = quote!(&#lib::endpoints::#endpoint);
            match &key {
                Some(key) => (
                    quote! {
                        let mut request: #lib::#ty = wechat_testkit::decode(#request_const);
                        request.#key = "test-session-key".into();
                    },
                    quote!(client.#method(&request)#awaited),
                    quote!(server.assert_signed_call(#endpoint_ref, #request_const, &request.#key);),
                ),
                None => (
                    quote!(let request: #lib::#ty = wechat_testkit::decode(#request_const);),
                    quote!(client.#method(&request)#awaited),
                    quote!(server.assert_called(#endpoint_ref, Some(#request_const));),
                ),
            }
        }
        None => (
            quote!(),
            quote!(client.#method()#awaited),
            quote!(server.assert_called(&#lib::endpoints::#endpoint, None);),
        ),
    };
    let mut tests = Vec::new();

    let name = format_ident!("{}_{}", e.name, suffix);
    let (answer, check) = if e.binary {
        (
            quote!(server.reply(wechat_testkit::Reply::bytes(200, "image/png", wechat_testkit::PNG));),
            quote! {
                assert_eq!(response.content_type, "image/png");
                assert_eq!(response.bytes, wechat_testkit::PNG);
            },
        )
    } else {
        (
            quote!(server.respond(200, #response_const);),
            quote!(wechat_testkit::assert_json_eq(&response, #response_const);),
        )
    };
    tests.push(quote! {
        #attr
        #asyncness fn #name() {
            let server = ScriptedServer::start();
            #answer
            let client = #client;
            #setup
            let response = #call.expect("the call succeeds");
            #assert_sent
            #check
        }
    });

    let (code, documented) = error_case(domain, global, e);
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
            let server = ScriptedServer::start();
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
                let server = ScriptedServer::start();
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
                let server = ScriptedServer::start();
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

/// The pager tests of one endpoint: a walk over three pages, and the page limit.
fn pager_tests(
    domain: &Domain,
    e: &Endpoint,
    lib: &proc_macro2::Ident,
    blocking: bool,
) -> Vec<TokenStream> {
    let (Some(p), Some(request_sample), Some(request)) =
        (&e.paging, request_sample(domain, e), e.request)
    else {
        return Vec::new();
    };
    let request_sample = &request_sample;
    let request_ty = type_ident(domain, request);
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
    let (attr, asyncness, client, awaited) = if blocking {
        (
            quote!(#[cfg(feature = "blocking")] #[test]),
            quote!(),
            quote!(#lib::blocking::Client::new(server.blocking_client())),
            quote!(),
        )
    } else {
        (
            quote!(#[tokio::test]),
            quote!(async),
            quote!(#lib::Client::new(server.client())),
            quote!(.await),
        )
    };
    // The pagers' own helpers: `try_collect`, and `next` (the iterator's, or the stream's
    // inherent async one).
    let walk = quote!(client.#method(request).try_collect()#awaited);
    let limited = if blocking {
        quote!(client.#method(request).max_pages(1).collect::<Vec<_>>())
    } else {
        quote! {{
            let mut pager = client.#method(request).max_pages(1);
            let mut results = Vec::new();
            while let Some(result) = pager.next().await {
                results.push(result);
            }
            results
        }}
    };
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
                let server = ScriptedServer::start();
                #(#pages)*
                let client = #client;
                let request: #lib::#request_ty = wechat_testkit::decode(#request_json);
                let items = #walk.expect("every page succeeds");
                let numbers = wechat_testkit::item_numbers(&items);
                assert_eq!(numbers, (0..#total as u64).collect::<Vec<_>>(), "every item once, in order");
                let sent: Vec<Option<String>> = server.requests().iter().map(|r| wechat_testkit::sent_param(r, #position)).collect();
                assert_eq!(sent, vec![#(#expected),*]);
            }
        },
        quote! {
            #attr
            #asyncness fn #limit_name() {
                let server = ScriptedServer::start();
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
        let no_data = &walk;
        tests.push(quote! {
            #attr
            #asyncness fn #name() {
                let server = ScriptedServer::start();
                server.respond(200, &wechat_testkit::numbered_page(#response_const, #items_key, 0..#size, #set));
                server.respond(200, #body);
                let client = #client;
                let request: #lib::#request_ty = wechat_testkit::decode(#request_json);
                let items = #no_data.expect("no data ends the walk");
                assert_eq!(items.len(), #size);
                assert_eq!(server.requests().len(), 2);
            }
        });
    }
    tests
}

fn size_wire(p: &wechat_spec::ir::Paging) -> String {
    p.size.as_ref().map(|s| s.wire.clone()).unwrap_or_default()
}
