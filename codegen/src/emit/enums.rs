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
    let to_wire = values.iter().map(|v| {
        let id = format_ident!("{}", v.variant);
        let value = &v.value;
        quote!(Self::#id => #value,)
    });
    let from_wire = values.iter().map(|v| {
        let id = format_ident!("{}", v.variant);
        let value = &v.value;
        quote!(#value => Self::#id,)
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

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_wire)*
                    Self::Unknown(value) => value,
                }
            }

            /// The variant for a wire value; unknown values give `Unknown`.
            pub fn from_wire(value: &str) -> Self {
                match value {
                    #(#from_wire)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        rt::string_enum_impls!(#name);
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
    let to_wire = values.iter().map(|v| {
        let id = format_ident!("{}", v.variant);
        let value = Literal::i64_unsuffixed(v.value);
        quote!(Self::#id => #value,)
    });
    let from_wire = values.iter().map(|v| {
        let id = format_ident!("{}", v.variant);
        let value = Literal::i64_unsuffixed(v.value);
        quote!(#value => Self::#id,)
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

        impl #name {
            /// The value as sent on the wire.
            pub fn code(&self) -> i64 {
                match self {
                    #(#to_wire)*
                    Self::Unknown(value) => *value,
                }
            }

            /// The variant for a wire value; unknown values give `Unknown`.
            pub fn from_wire(value: i64) -> Self {
                match value {
                    #(#from_wire)*
                    other => Self::Unknown(other),
                }
            }
        }

        rt::int_enum_impls!(#name);
    }
}
