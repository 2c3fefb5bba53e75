//! `src/types.rs`: every named type of the domain, each emitted by the module of its kind
//! ([`super::structs`], [`super::enums`], [`super::unions`]), and how field types read in Rust.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;
use wechat_spec::ir::{Domain, Field, TypeBody, TypeId, TypeRef};

use super::enums::{int_enum, string_enum};
use super::structs::{response_impl, struct_type};
use super::unions::{keyed_union, tagged_union};
use super::{doc_lines, type_ident};

pub fn types_rs(domain: &Domain) -> TokenStream {
    let requests = request_types(domain);
    let responses: BTreeSet<TypeId> = domain.endpoints.iter().filter_map(|e| e.response).collect();
    let items = domain.types.iter().enumerate().map(|(i, t)| {
        let id = TypeId(i);
        let validate = requests.contains(&id);
        match &t.body {
            TypeBody::Struct(fields) if responses.contains(&id) => {
                let mut tokens = struct_type(domain, t, fields, validate);
                tokens.extend(response_impl(domain, id));
                tokens
            }
            TypeBody::Struct(fields) => struct_type(domain, t, fields, validate),
            TypeBody::StringEnum(values) => string_enum(t, values),
            TypeBody::IntEnum(values) => int_enum(t, values),
            TypeBody::Union {
                tag: Some(tag),
                variants,
            } => tagged_union(domain, t, tag, variants, validate),
            TypeBody::Union {
                tag: None,
                variants,
            } => keyed_union(domain, t, variants, validate),
        }
    });
    let doc = format!(" Request and response types of {}.", domain.title);
    quote! {
        #![doc = #doc]
        use wechat_runtime::codegen as rt;
        #(#items)*
    }
}

/// Struct and union types reachable from a request: they get a `validate` method.
pub(super) fn request_types(domain: &Domain) -> BTreeSet<TypeId> {
    let mut found = BTreeSet::new();
    let mut todo: Vec<TypeId> = domain.endpoints.iter().filter_map(|e| e.request).collect();
    while let Some(id) = todo.pop() {
        let inner: Vec<TypeId> = match &domain.ty(id).body {
            TypeBody::Struct(fields) => fields.iter().filter_map(|f| f.ty.named()).collect(),
            TypeBody::Union { variants, .. } => variants.iter().map(|v| v.ty).collect(),
            _ => continue,
        };
        if found.insert(id) {
            todo.extend(inner);
        }
    }
    found
}

/// The Rust type of a field's value (without the `Option` of optional fields).
pub fn rust_type(domain: &Domain, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::U32 => quote!(u32),
        TypeRef::U64 => quote!(u64),
        // Numbers that re-encode as written: `1` stays `1`, `1.0` stays `1.0`.
        TypeRef::F64 => quote!(rt::Float),
        TypeRef::Date => quote!(rt::Date),
        TypeRef::Secret => quote!(rt::Secret),
        TypeRef::Json => quote!(rt::Value),
        TypeRef::List(inner) => {
            let inner = rust_type(domain, inner);
            quote!(Vec<#inner>)
        }
        TypeRef::Named(id) => {
            let name = type_ident(domain, *id);
            quote!(#name)
        }
    }
}

pub(super) fn is_composite(domain: &Domain, ty: &TypeRef) -> bool {
    ty.named().is_some_and(|id| {
        matches!(
            domain.ty(id).body,
            TypeBody::Struct(_) | TypeBody::Union { .. }
        )
    })
}

pub(super) fn has_float(domain: &Domain, fields: &[Field]) -> bool {
    // A conservative answer: Eq is derived only where no float can be reached directly.
    fields.iter().any(|f| {
        matches!(f.ty, TypeRef::F64 | TypeRef::Json)
            || matches!(&f.ty, TypeRef::List(inner) if matches!(**inner, TypeRef::F64 | TypeRef::Json))
            || is_composite(domain, &f.ty)
    })
}

pub(super) fn unknown_doc() -> TokenStream {
    doc_lines("A value this version of the crate does not know, kept as sent. Match it with `_`:\na later version may give it a variant of its own.")
}
