//! `src/paging.rs`: how each paged endpoint pages, for the runtime's pagers.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::doc_lines;
use super::types::rust_type;
use wechat_spec::ir::{Domain, Endpoint, Paging, PagingStyle, TypeRef};
use wechat_spec::names::camel;

use super::idents::ident;
use super::type_ident;

/// Name of the type that pages `e`.
pub fn pages_type(e: &Endpoint) -> proc_macro2::Ident {
    format_ident!("{}Pages", camel(&e.name))
}

pub fn paging_rs(domain: &Domain) -> TokenStream {
    let impls = domain
        .endpoints
        .iter()
        .filter_map(|e| e.paging.as_ref().map(|p| pages_impl(domain, e, p)));
    let title = format!(" How the paged endpoints of {} page.", domain.title);
    quote! {
        #![doc = #title]
        use wechat_runtime::codegen as rt;
        #(#impls)*
    }
}

fn pages_impl(domain: &Domain, e: &Endpoint, p: &Paging) -> TokenStream {
    let name = pages_type(e);
    // Paging resolves only on endpoints with a request.
    let request = e.request.map(|id| type_ident(domain, id));
    let Some(response) = e.response else {
        return quote!();
    };
    let response = type_ident(domain, response);
    let endpoint = format_ident!("{}", e.const_name);
    let item = match &p.item {
        TypeRef::Named(id) => {
            let name = type_ident(domain, *id);
            quote!(crate::types::#name)
        }
        other => rust_type(domain, other),
    };
    let items = ident(&p.items.rust);
    let take = if p.items.required {
        quote!(std::mem::take(&mut response.#items))
    } else {
        quote!(response.#items.take().unwrap_or_default())
    };
    let position = ident(&p.position.rust);
    let total = p.total.as_ref().map(|t| ident(&t.rust));
    let size = p.size.as_ref().map(|s| ident(&s.rust));
    let (advance, how) = match p.style {
        PagingStyle::Page => (
            quote!(rt::paging::next_page(&mut request.#position, request.#size, items, response.#total)),
            format!(
                "by page number (`{}`), until a short page or `{}`",
                p.position.wire,
                p.total.as_ref().map_or("", |t| t.wire.as_str())
            ),
        ),
        PagingStyle::Offset => (
            quote!(rt::paging::next_offset(&mut request.#position, request.#size, items, response.#total)),
            format!(
                "by offset (`{}`), until a short page or `{}`",
                p.position.wire,
                p.total.as_ref().map_or("", |t| t.wire.as_str())
            ),
        ),
        PagingStyle::Cursor => {
            let page_size = p.page_size as usize;
            (
                quote!(rt::paging::next_cursor(&mut request.#position, response.#total.as_ref(), #page_size, items)),
                format!(
                    "by cursor (`{}`), until a page of fewer than {} items, no new cursor, or a \"no data\" answer",
                    p.position.wire, p.page_size
                ),
            )
        }
    };
    let doc = doc_lines(&format!("Pages of `{}`: {how}.", e.name));
    quote! {
        #doc
        #[derive(Debug)]
        pub struct #name;

        impl rt::Paging for #name {
            type Request = crate::types::#request;
            type Response = crate::types::#response;
            type Item = #item;

            fn endpoint() -> &'static rt::Endpoint {
                &crate::endpoints::#endpoint
            }

            fn validate(request: &Self::Request) -> Result<(), rt::ValidationError> {
                request.validate()
            }

            fn items(response: &mut Self::Response) -> Vec<Self::Item> {
                #take
            }

            fn advance(request: &mut Self::Request, response: &Self::Response, items: usize) -> bool {
                #advance
            }
        }
    }
}
