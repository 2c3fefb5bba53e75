//! `src/endpoints.rs`, and the async and blocking clients.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::{doc_lines, doc_text, type_ident};
use wechat_spec::ir::{Domain, Endpoint, Envelope, HttpMethod};

pub fn endpoints_rs(domain: &Domain) -> TokenStream {
    let envelope = match domain.envelope {
        Envelope::Errcode => quote!(rt::Envelope::ErrCode),
        Envelope::BaseResp => quote!(rt::Envelope::BaseResp),
    };
    let domain_name = &domain.name;
    let statics = domain.endpoints.iter().map(|e| {
        let id = format_ident!("{}", e.const_name);
        let (name, path) = (&e.name, &e.path);
        let method = match e.method {
            HttpMethod::Get => quote!(rt::Method::Get),
            HttpMethod::Post => quote!(rt::Method::Post),
        };
        let fixed = e.fixed_query.iter().map(|(k, v)| quote!((#k, #v),));
        let no_data = e.no_data_errors.iter().map(|c| Literal::i64_unsuffixed(*c));
        let (access_token, idempotent) = (e.access_token, e.idempotent);
        let app_credentials = e.app_credentials;
        let signature = match &e.signature {
            Some(s) => {
                let (param, method_param) = (&s.param, &s.method_param);
                quote!(Some(rt::Signature { param: #param, method_param: #method_param, method: rt::SigMethod::HmacSha256 }))
            }
            None => quote!(None),
        };
        let doc = doc_lines(&format!("`{} {}`", method_name(e), url(e)));
        quote! {
            #doc
            pub static #id: rt::Endpoint = rt::Endpoint {
                domain: #domain_name,
                name: #name,
                method: #method,
                path: #path,
                fixed_query: &[#(#fixed)*],
                access_token: #access_token,
                app_credentials: #app_credentials,
                signature: #signature,
                idempotent: #idempotent,
                envelope: #envelope,
                errors: crate::errors::ERRORS,
                no_data_codes: &[#(#no_data),*],
            };
        }
    });
    let all = domain
        .endpoints
        .iter()
        .map(|e| format_ident!("{}", e.const_name));
    let title = format!(" Descriptions of the endpoints of {}.", domain.title);
    quote! {
        #![doc = #title]
        use wechat_runtime::codegen as rt;
        #(#statics)*
        /// Every endpoint of the domain, in spec order.
        pub static ALL: &[&rt::Endpoint] = &[#(&#all),*];
    }
}

fn method_name(e: &Endpoint) -> &'static str {
    match e.method {
        HttpMethod::Get => "GET",
        HttpMethod::Post => "POST",
    }
}

fn url(e: &Endpoint) -> String {
    let mut url = format!("https://api.weixin.qq.com{}?", e.path);
    for (k, v) in &e.fixed_query {
        url.push_str(&format!("{k}={v}&"));
    }
    if e.app_credentials {
        url.push_str("appid=APPID&secret=SECRET");
    } else {
        url.push_str("access_token=ACCESS_TOKEN");
    }
    url
}

/// The markdown documentation of a client method.
fn method_doc(domain: &Domain, e: &Endpoint) -> TokenStream {
    let mut text = doc_text(&e.doc);
    text.push_str(&format!("\n\n`{} {}`", method_name(e), url(e)));
    let codes: Vec<String> = e
        .errors
        .iter()
        .filter_map(|c| domain.errors.iter().find(|d| d.code == *c))
        .map(|d| {
            format!(
                "- `{}` ({}): {}",
                d.code,
                d.variant,
                super::sanitize(&d.doc.en)
            )
        })
        .collect();
    text.push_str(&super::client_docs::mechanics(domain, e));
    if !codes.is_empty() {
        text.push_str("\n\n# Documented errors\n\n");
        text.push_str(&codes.join("\n"));
    }
    if !e.no_data_errors.is_empty() {
        let list: Vec<String> = e.no_data_errors.iter().map(|c| format!("`{c}`")).collect();
        text.push_str(&format!(
            "\n\nError code {} means \"no (more) data\": the call succeeds with the lists unset and `errcode` kept.",
            list.join(", ")
        ));
    }
    doc_lines(&text)
}

pub fn client_rs(domain: &Domain, blocking: bool) -> TokenStream {
    let methods = domain.endpoints.iter().map(|e| {
        let name = format_ident!("{}", e.name);
        let endpoint = format_ident!("{}", e.const_name);
        let response = match e.response {
            Some(id) => {
                let id = type_ident(domain, id);
                quote!(crate::types::#id)
            }
            None => quote!(rt::Binary),
        };
        let (execute, turbofish) = if e.binary {
            (quote!(execute_binary), quote!(::<()>))
        } else {
            (quote!(execute), quote!(::<(), _>))
        };
        let doc = method_doc(domain, e);
        let (asyncness, awaited) = if blocking { (quote!(), quote!()) } else { (quote!(async), quote!(.await)) };
        // A signed request sends the signature made with its secret, never the secret.
        let sent = match &e.signature {
            Some(s) => {
                let key = super::idents::ident(&s.key.rust);
                quote!(&rt::Signed::new(request, &crate::endpoints::#endpoint, &request.#key))
            }
            None => quote!(request),
        };
        match &e.request {
            Some(request) => {
                let request = type_ident(domain, *request);
                quote! {
                    #doc
                    pub #asyncness fn #name(&self, request: &crate::types::#request) -> Result<#response, rt::Error> {
                        request.validate()?;
                        self.inner.#execute(&crate::endpoints::#endpoint, Some(#sent))#awaited
                    }
                }
            }
            None => quote! {
                #doc
                pub #asyncness fn #name(&self) -> Result<#response, rt::Error> {
                    self.inner.#execute #turbofish(&crate::endpoints::#endpoint, None)#awaited
                }
            },
        }
    });
    let pagers = domain.endpoints.iter().filter(|e| e.paging.is_some()).map(|e| {
        let name = format_ident!("{}_items", e.name);
        // Paging resolves only on endpoints with a request.
        let request = e.request.map(|id| type_ident(domain, id));
        let pages = super::paging::pages_type(e);
        let (kind, pager) = if blocking {
            ("iterator", quote!(rt::ItemIter))
        } else {
            ("stream", quote!(rt::ItemStream))
        };
        let doc = doc_lines(&format!(
            "Every item of `{}`, as a lazy {kind}: pages are fetched as items are consumed,\nstarting from `request`'s page, until the documented end of the data. See\n[`crate::paging::{pages}`]; `.max_pages(n)` bounds the pages fetched.",
            e.name
        ));
        quote! {
            #doc
            pub fn #name(&self, request: crate::types::#request) -> #pager<crate::paging::#pages> {
                #pager::new(self.inner.clone(), request)
            }
        }
    });
    let (inner, title, struct_doc, build) = if blocking {
        (
            quote!(rt::BlockingClient),
            format!(" The blocking client of {} (feature `blocking`).", domain.title),
            format!(" Blocking client of {}: one method per endpoint. Do not use it inside an async runtime.", domain.title),
            "build_blocking",
        )
    } else {
        (
            quote!(rt::Client),
            format!(" The async client of {}.", domain.title),
            format!(
                " Async client of {}: one method per endpoint.",
                domain.title
            ),
            "build",
        )
    };
    let new_doc = format!(
        " Wraps a runtime client, made with `wechat_runtime::Client::builder()....{build}()`."
    );
    quote! {
        #![doc = #title]
        use wechat_runtime::codegen as rt;

        #[doc = #struct_doc]
        #[derive(Clone, Debug)]
        pub struct Client {
            inner: #inner,
        }

        impl Client {
            #[doc = #new_doc]
            pub fn new(inner: #inner) -> Self {
                Self { inner }
            }

            /// The runtime client this one wraps.
            pub fn runtime(&self) -> &#inner {
                &self.inner
            }

            #(#methods)*
            #(#pagers)*
        }
    }
}
