//! Structs: lossless serde impls, constructors and the `validate` of request types.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use wechat_spec::ir::{Domain, Envelope, Field, Period, Type, TypeBody, TypeId, TypeRef};

use super::idents::ident;
use super::types::{has_float, is_composite, rust_type};
use super::unions::union_variants;
use super::{doc_attrs, doc_lines, type_ident};

/// `rt::Response` of an endpoint's response type: its envelope fields say whether it is an
/// error, so the runtime parses each body once.
pub(super) fn response_impl(domain: &Domain, id: TypeId) -> TokenStream {
    let t = domain.ty(id);
    let name = format_ident!("{}", t.name);
    let mut no_data: Vec<i64> = domain
        .endpoints
        .iter()
        .filter(|e| e.response == Some(id))
        .flat_map(|e| e.no_data_errors.iter().copied())
        .collect();
    no_data.sort_unstable();
    no_data.dedup();
    // "No (more) data" decodes as a success; the type says so, so a walk knows it ended.
    let end_of_data = (!no_data.is_empty() && domain.envelope == Envelope::Errcode).then(|| {
        let listed: Vec<String> = no_data.iter().map(i64::to_string).collect();
        let doc = doc_lines(&format!(
            "Whether WeChat answered \"no (more) data\" (errcode {}) instead of items: the end of\nthe data, with the lists unset.",
            listed.join(", ")
        ));
        let codes = no_data.iter().map(|c| Literal::i64_unsuffixed(*c));
        quote! {
            impl #name {
                #doc
                pub fn is_end_of_data(&self) -> bool {
                    matches!(self.errcode, Some(#(#codes)|*))
                }
            }
        }
    });
    let call = match domain.envelope {
        Envelope::Errcode => quote! {
            rt::wire::envelope_error(self.errcode, self.errmsg.as_deref(), None, &self.extra)
        },
        Envelope::BaseResp => quote! {
            let base = self.base_resp.as_ref().map(|b| (b.ret, b.err_msg.as_deref()));
            rt::wire::envelope_error(None, None, base, &self.extra)
        },
    };
    let secrets = secret_keys(domain, id);
    let secrets = (!secrets.is_empty())
        .then(|| quote!(const SECRET_FIELDS: &'static [&'static str] = &[#(#secrets),*];));
    quote! {
        impl rt::Response for #name {
            fn envelope_error(&self) -> Option<(i64, String)> {
                #call
            }
            #secrets
        }
        #end_of_data
    }
}

pub(super) fn struct_type(
    domain: &Domain,
    t: &Type,
    fields: &[Field],
    validate: bool,
) -> TokenStream {
    let name = format_ident!("{}", t.name);
    let all_optional = fields.iter().all(|f| !f.required);
    let default = all_optional.then(|| quote!(Default,));
    let eq = (!has_float(domain, fields)).then(|| quote!(Eq,));

    // A credential's type prints redacted; it travels as a string.
    let field_type = |f: &Field| {
        if f.sensitive {
            quote!(rt::Secret)
        } else {
            rust_type(domain, &f.ty)
        }
    };
    let decls = fields.iter().map(|f| {
        let id = ident(&f.rust);
        let ty = field_type(f);
        let ty = if f.required { ty } else { quote!(Option<#ty>) };
        // The wire name is worth a line only where it is not the field's own name.
        let mut extra: Vec<String> = (f.wire != f.rust)
            .then(|| format!("Wire name: `{}`.", f.wire))
            .into_iter()
            .collect();
        if let Some(n) = f.max_len {
            extra.push(format!("At most {n} characters."));
        }
        if f.ty == TypeRef::Date && f.compact_date {
            extra.push("Sent as `yyyymmdd`.".into());
        } else if f.ty == TypeRef::Date {
            extra.push("Sent as `yyyy-mm-dd`.".into());
        }
        if f.ty == TypeRef::Secret && validate {
            extra.push("Never sent: the client signs with it. Its `Debug` is redacted.".into());
        } else if f.ty == TypeRef::Secret {
            extra.push("A secret: its `Debug` is redacted; `expose()` gives the text.".into());
        }
        if f.as_string {
            extra.push(
                "Sent as a JSON string holding the number; decoding accepts a number too.".into(),
            );
        }
        let doc = doc_attrs(&f.doc, &extra);
        quote!(#doc pub #id: #ty,)
    });

    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    // Strings are taken as `impl Into<String>`, so that `"text"` and a `String` both do.
    let new_params = required.iter().map(|f| {
        let id = ident(&f.rust);
        let ty = field_type(f);
        if f.ty == TypeRef::String {
            return quote!(#id: impl Into<#ty>);
        }
        if f.ty == TypeRef::Secret {
            return quote!(#id: impl Into<rt::Secret>);
        }
        quote!(#id: #ty)
    });
    let new_inits = fields.iter().map(|f| {
        let id = ident(&f.rust);
        if f.required && matches!(f.ty, TypeRef::String | TypeRef::Secret) {
            quote!(#id: #id.into(),)
        } else if f.required {
            quote!(#id,)
        } else {
            quote!(#id: None,)
        }
    });

    // A request's secret is only signed with: never written, never read from the wire. A
    // secret WeChat answers (a session key) travels as a string, redacted in `Debug`.
    let signed_only = |f: &Field| validate && f.ty == TypeRef::Secret;
    // Serde and `Lossless` go through the runtime's shared visitor and writer (`rt::Object`):
    // each struct emits only its keys, slots and field accesses.
    let write = fields.iter().filter(|f| !signed_only(f)).map(|f| {
        let id = ident(&f.rust);
        let wire = &f.wire;
        if f.flatten {
            return if f.required {
                quote!(w.with(|map| self.#id.write_entry(map));)
            } else {
                quote!(if let Some(value) = &self.#id { w.with(|map| value.write_entry(map)); })
            };
        }
        match (f.required, WireForm::of(f).map(WireForm::writer)) {
            (true, None) => quote!(w.req(#wire, &self.#id);),
            (false, None) => quote!(w.opt(#wire, &self.#id);),
            (true, Some(wrap)) => quote!(w.req(#wire, &#wrap(&self.#id));),
            (false, Some(wrap)) => quote!(w.opt(#wire, &self.#id.as_ref().map(#wrap));),
        }
    });

    // One slot per field; a flattened union's keys share theirs.
    let slot_types = fields.iter().map(|f| {
        let ty = field_type(f);
        quote!(Option<#ty>,)
    });
    let nones = fields.iter().map(|_| quote!(None,));
    let mut arms = Vec::new();
    for (i, f) in fields.iter().enumerate() {
        let slot = Literal::usize_unsuffixed(i);
        if signed_only(f) {
            continue;
        }
        if f.flatten {
            let Some(union) = f.ty.named() else { continue };
            for v in union_variants(domain, union) {
                let key = &v.key;
                let union = type_ident(domain, union);
                let variant = format_ident!("{}", v.variant);
                arms.push(quote!(#key => rt::wire::keyed_field(map, &mut s.#slot, #key, #union::#variant),));
            }
            continue;
        }
        let wire = &f.wire;
        let read = match WireForm::of(f) {
            Some(form) => format_ident!("field_{}", form.keyword()),
            None => format_ident!("field"),
        };
        arms.push(quote!(#wire => rt::wire::#read(map, &mut s.#slot, #wire),));
    }
    let builds = fields.iter().enumerate().map(|(i, f)| {
        let id = ident(&f.rust);
        let wire = &f.wire;
        let slot = Literal::usize_unsuffixed(i);
        if signed_only(f) && f.required {
            quote!(#id: rt::Secret::default(),)
        } else if signed_only(f) {
            quote!(#id: None,)
        } else if f.required {
            quote!(#id: rt::wire::required::<_, E>(s.#slot, #wire)?,)
        } else {
            quote!(#id: s.#slot,)
        }
    });

    let documented = fields
        .iter()
        .filter(|f| !signed_only(f))
        .flat_map(|f| f.wire_keys(&domain.types));
    let nested: Vec<_> = fields
        .iter()
        .filter(|f| is_composite(domain, &f.ty))
        .map(|f| {
            let id = ident(&f.rust);
            // A flattened union adds its own key to the path.
            let suffix = if f.flatten { "" } else { f.wire.as_str() };
            quote!(rt::object::nested(&self.#id, path, #suffix, out);)
        })
        .collect();
    let nested = (!nested.is_empty()).then(|| {
        quote! {
            fn nested(&self, path: &str, out: &mut Vec<String>) {
                #(#nested)*
            }
        }
    });
    let type_name = t.name.as_str();
    // The one struct with a flattened union keeps its keys as strings.
    let read_fn = quote! {
        type Key = &'static str;
        fn key(name: &str) -> Option<&'static str> {
            Self::KEYS.iter().find(|key| **key == name).copied()
        }
        fn read<'de, A: rt::MapAccess<'de>>(s: &mut Self::Slots, key: &'static str, map: &mut A) -> Result<(), A::Error> {
            match key {
                #(#arms)*
                _ => Ok(()),
            }
        }
    };

    let validate_fn = validate.then(|| validate_method(domain, t, fields));
    // Request types get chainable setters of their optional fields.
    let setters: Vec<_> = fields
        .iter()
        .filter(|f| validate && !f.required && !f.envelope)
        .map(|f| {
            let id = ident(&f.rust);
            let setter = format_ident!("with_{}", f.rust);
            let ty = field_type(f);
            let wire = &f.wire;
            quote!(#setter::<#ty>(#id, #wire))
        })
        .collect();
    let setters = (!setters.is_empty()).then(|| quote!(rt::setters!(#name, #(#setters),*);));
    // Structs without a flattened union or a signed-only secret (all but a few) describe their
    // fields to the runtime's `object!`, one line each; the others spell out their
    // `rt::Object` impl.
    let object_impl = if fields.iter().all(|f| !f.flatten && !signed_only(f)) {
        let lines = fields.iter().map(|f| {
            let id = ident(&f.rust);
            let ty = field_type(f);
            let wire = &f.wire;
            let req = if f.required { quote!(req) } else { quote!(opt) };
            let how = if let Some(form) = WireForm::of(f) {
                let keyword = format_ident!("{}", form.keyword());
                quote!(, #keyword)
            } else if is_composite(domain, &f.ty) {
                quote!(, nested)
            } else {
                quote!()
            };
            quote!(#req::<#ty>(#id, #wire #how))
        });
        quote!(rt::object!(#name, #(#lines),*);)
    } else {
        quote! {
        impl rt::Object for #name {
            const NAME: &'static str = #type_name;
            const KEYS: &'static [&'static str] = &[#(#documented),*];
            type Slots = (#(#slot_types)*);
            fn slots() -> Self::Slots {
                (#(#nones)*)
            }
            #read_fn
            fn build<E: rt::DeError>(s: Self::Slots, extra: rt::Extra) -> Result<Self, E> {
                Ok(Self { #(#builds)* extra })
            }
            fn write<M: rt::SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
                let mut w = rt::object::Fields::new(map);
                #(#write)*
                w.end()
            }
            fn extra(&self) -> &rt::Extra {
                &self.extra
            }
            #nested
        }

        rt::object_impls!(#name);
        }
    };
    // Clippy's limit is seven arguments.
    let many_args = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let new_body = if all_optional {
        quote!(Self::default())
    } else {
        quote!(Self { #(#new_inits)* extra: rt::Extra::new() })
    };
    let doc = doc_attrs(&t.doc, &[]);
    let new_doc = if required.is_empty() {
        " An empty value: every field unset.".to_owned()
    } else {
        " A value with the required fields set and the optional ones unset.".to_owned()
    };

    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, #eq #default)]
        #[non_exhaustive]
        pub struct #name {
            #(#decls)*
            /// Fields the spec does not document, kept in wire order so that decoding then
            /// encoding loses nothing.
            pub extra: rt::Extra,
        }

        impl #name {
            #[doc = #new_doc]
            #many_args
            pub fn new(#(#new_params),*) -> Self {
                #new_body
            }
            #validate_fn
        }
        #setters

        #object_impl
    }
}

fn validate_method(domain: &Domain, t: &Type, fields: &[Field]) -> TokenStream {
    let limits = fields.iter().flat_map(field_limits);
    let spans = t.date_spans.iter().map(|span| {
        let (start, end) = (ident(&span.start.rust), ident(&span.end.rust));
        let (start_wire, end_wire) = (&span.start.wire, &span.end.wire);
        let start = if span.start.required {
            quote!(Some(&self.#start))
        } else {
            quote!(self.#start.as_ref())
        };
        let end = if span.end.required {
            quote!(Some(&self.#end))
        } else {
            quote!(self.#end.as_ref())
        };
        // Without `max_days`, the order of the dates is still checked.
        let max = span.max_days.map_or(i64::MAX, i64::from);
        let mut checks = quote!(rt::wire::check_span((#start_wire, #start), (#end_wire, #end), #max)?;);
        if !span.days.is_empty() || span.period.is_some() {
            let days = span.days.iter().map(|d| i64::from(*d));
            let period = match span.period {
                Some(Period::Day) => quote!(Some(rt::wire::Period::Day)),
                Some(Period::Week) => quote!(Some(rt::wire::Period::Week)),
                Some(Period::Month) => quote!(Some(rt::wire::Period::Month)),
                None => quote!(None),
            };
            checks.extend(quote!(rt::wire::check_span_rules((#start_wire, #start), (#end_wire, #end), &[#(#days),*], #period)?;));
        }
        checks
    });
    let checks = fields.iter().filter_map(|f| {
        let id = ident(&f.rust);
        let wire = &f.wire;
        let nested = is_composite(domain, &f.ty);
        if !nested {
            return None;
        }
        // Nested errors name their path: `base_info.notice`, `sku[2].title`. A flattened
        // union names its own key.
        let within = if f.flatten {
            quote!(value.validate())
        } else {
            quote!(value.validate().map_err(|e| e.within(#wire)))
        };
        Some(match (&f.ty, f.required) {
            (TypeRef::List(_), true) => quote! {
                for (i, value) in self.#id.iter().enumerate() {
                    value.validate().map_err(|e| e.within(&format!("{}[{i}]", #wire)))?;
                }
            },
            (TypeRef::List(_), false) => quote! {
                for (i, value) in self.#id.iter().flatten().enumerate() {
                    value.validate().map_err(|e| e.within(&format!("{}[{i}]", #wire)))?;
                }
            },
            (_, true) => quote! { { let value = &self.#id; #within?; } },
            (_, false) => quote! { if let Some(value) = &self.#id { #within?; } },
        })
    });
    quote! {
        /// Checks the documented constraints; the clients call it before sending anything.
        pub fn validate(&self) -> Result<(), rt::ValidationError> {
            #(#limits)*
            #(#spans)*
            #(#checks)*
            Ok(())
        }
    }
}

/// The checks of one field's own limits: length, range, earliest date.
fn field_limits(f: &Field) -> Vec<TokenStream> {
    let id = ident(&f.rust);
    let wire = &f.wire;
    let mut checks = Vec::new();
    if let Some(max) = f.max_len {
        let max = Literal::u32_unsuffixed(max);
        let value = if f.required {
            quote!(Some(self.#id.as_str()))
        } else {
            quote!(self.#id.as_deref())
        };
        checks.push(quote!(rt::object::check_len(#wire, #value, #max)?;));
    }
    if f.min.is_some() || f.max.is_some() {
        let bound = |b: Option<i64>| match b {
            Some(b) => {
                let b = Literal::i128_unsuffixed(i128::from(b));
                quote!(Some(#b))
            }
            None => quote!(None),
        };
        let (min, max) = (bound(f.min), bound(f.max));
        let value = if f.required {
            quote!(Some(i128::from(self.#id)))
        } else {
            quote!(self.#id.map(i128::from))
        };
        checks.push(quote!(rt::object::check_range(#wire, #value, #min, #max)?;));
    }
    let mut dated = Vec::new();
    if let Some(min_date) = &f.min_date {
        dated.push(quote!(rt::wire::check_min_date(#wire, value, #min_date)?;));
    }
    if f.before_today {
        dated.push(quote!(rt::wire::check_before_today(#wire, value)?;));
    }
    checks.extend(dated.into_iter().map(|check| {
        if f.required {
            quote! { { let value = &self.#id; #check } }
        } else {
            quote! { if let Some(value) = &self.#id { #check } }
        }
    }));
    checks
}

/// Wire names of the secrets (a session key) and credentials a response of type `id` can hold,
/// at any depth: a decode error hides their values in the body it keeps.
fn secret_keys(domain: &Domain, id: TypeId) -> Vec<&str> {
    let mut keys: Vec<&str> = Vec::new();
    let mut seen = vec![id];
    let mut todo = vec![id];
    while let Some(id) = todo.pop() {
        let nested: Vec<TypeId> = match &domain.ty(id).body {
            TypeBody::Struct(fields) => {
                for f in fields
                    .iter()
                    .filter(|f| f.ty == TypeRef::Secret || f.sensitive)
                {
                    if !keys.contains(&f.wire.as_str()) {
                        keys.push(&f.wire);
                    }
                }
                fields.iter().filter_map(|f| f.ty.named()).collect()
            }
            TypeBody::Union { variants, .. } => variants.iter().map(|v| v.ty).collect(),
            TypeBody::StringEnum(_) | TypeBody::IntEnum(_) => Vec::new(),
        };
        for next in nested {
            if !seen.contains(&next) {
                seen.push(next);
                todo.push(next);
            }
        }
    }
    keys
}

/// How a field travels when not as plain JSON of its type: the runtime's `object!` keyword,
/// `wire::field_<keyword>` reader and writer wrapper of each form.
#[derive(Clone, Copy)]
enum WireForm {
    /// A number the wire may send as a string.
    StrNum,
    /// A `yyyy-mm-dd` date.
    Date,
    /// A `yyyymmdd` date.
    CompactDate,
}

impl WireForm {
    fn of(f: &Field) -> Option<WireForm> {
        if f.as_string {
            Some(WireForm::StrNum)
        } else if f.ty == TypeRef::Date && f.compact_date {
            Some(WireForm::CompactDate)
        } else if f.ty == TypeRef::Date {
            Some(WireForm::Date)
        } else {
            None
        }
    }

    fn keyword(self) -> &'static str {
        match self {
            WireForm::StrNum => "str_num",
            WireForm::Date => "date",
            WireForm::CompactDate => "compact_date",
        }
    }

    fn writer(self) -> TokenStream {
        match self {
            WireForm::StrNum => quote!(rt::wire::AsString),
            WireForm::Date => quote!(rt::wire::AsDate),
            WireForm::CompactDate => quote!(rt::wire::AsCompactDate),
        }
    }
}
