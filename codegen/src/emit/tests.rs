//! `tests/examples.rs` (doc examples round-trip) and `tests/e2e.rs` (every endpoint over HTTP).

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Domain, Endpoint, Envelope, ExampleOf};
use crate::resolve::error_code_of;

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
