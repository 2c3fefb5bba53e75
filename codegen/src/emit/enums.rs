//! Open enums: documented string and integer values, and `Unknown` for the others.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use wechat_spec::ir::{EnumValue, Type};

use super::doc_attrs;
use super::types::unknown_doc;

pub(super) fn string_enum(t: &Type, values: &[EnumValue<String>]) -> TokenStream {
    let name = format_ident!("{}", t.name);
    let doc = doc_attrs(&t.doc, &[]);
    let variants = values.iter().map(|v| {
        let id = format_ident!("{}", v.variant);
        let doc = doc_attrs(&v.doc, &[format!("Wire value: `{}`.", v.value)]);
        quote!(#doc #id,)
    });
    let pairs = values.iter().map(|v| {
        let id = format_ident!("{}", v.variant);
        let value = &v.value;
        quote!(#id = #value)
    });
    let unknown = unknown_doc();
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #unknown
            Unknown(String),
        }

        rt::string_enum!(#name, #(#pairs),*);
    }
}

pub(super) fn int_enum(t: &Type, values: &[EnumValue<i64>]) -> TokenStream {
    let name = format_ident!("{}", t.name);
    let doc = doc_attrs(&t.doc, &[]);
    let variants = values.iter().map(|v| {
        let id = format_ident!("{}", v.variant);
        let doc = doc_attrs(&v.doc, &[format!("Wire value: `{}`.", v.value)]);
        quote!(#doc #id,)
    });
    let pairs = values.iter().map(|v| {
        let id = format_ident!("{}", v.variant);
        let value = Literal::i64_unsuffixed(v.value);
        quote!(#id = #value)
    });
    let unknown = unknown_doc();
    quote! {
        #doc
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #unknown
            Unknown(i64),
        }

        rt::int_enum!(#name, #(#pairs),*);
    }
}
