//! Structs: lossless serde impls, constructors and the `validate` of request types.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use wechat_spec::ir::{Domain, Envelope, Field, Period, Type, TypeId, TypeRef};

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
    let secrets: Vec<&str> = domain
        .fields(id)
        .iter()
        .filter(|f| f.ty == TypeRef::Secret)
        .map(|f| f.wire.as_str())
        .collect();
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
    let expecting = format!("a {} object", t.name);
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
        let mut extra = vec![format!("Wire name: `{}`.", f.wire)];
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
    let ser = fields.iter().filter(|f| !signed_only(f)).map(|f| {
        let id = ident(&f.rust);
        let wire = &f.wire;
        let value = if f.as_string {
            quote!(&rt::wire::AsString(value))
        } else if f.ty == TypeRef::Date && f.compact_date {
            quote!(&rt::wire::AsCompactDate(value))
        } else if f.ty == TypeRef::Date {
            quote!(&rt::wire::AsDate(value))
        } else {
            quote!(value)
        };
        let write = if f.flatten {
            quote!(value.write_entry(&mut map)?;)
        } else {
            quote!(map.serialize_entry(#wire, #value)?;)
        };
        if f.required {
            quote! { { let value = &self.#id; #write } }
        } else {
            quote! { if let Some(value) = &self.#id { #write } }
        }
    });

    let slots: Vec<_> = fields
        .iter()
        .map(|f| format_ident!("f_{}", f.rust))
        .collect();
    let slot_decls = fields
        .iter()
        .zip(&slots)
        .filter(|(f, _)| !signed_only(f))
        .map(|(_, s)| quote!(let mut #s = None;));
    let arms = fields.iter().zip(&slots).filter(|(f, _)| !signed_only(f)).map(|(f, slot)| {
        let wire = &f.wire;
        let read = if f.as_string {
            quote!(field_str_num)
        } else if f.ty == TypeRef::Date && f.compact_date {
            quote!(field_compact_date)
        } else if f.ty == TypeRef::Date {
            quote!(field_date)
        } else {
            quote!(field)
        };
        if f.flatten {
            let Some(union) = f.ty.named() else {
                return quote!();
            };
            let arms = union_variants(domain, union).iter().map(|v| {
                let key = &v.key;
                let union = type_ident(domain, union);
                let variant = format_ident!("{}", v.variant);
                quote!(#key => rt::wire::keyed_field(&mut map, &mut #slot, #key, #union::#variant)?,)
            });
            return quote!(#(#arms)*);
        }
        quote!(#wire => rt::wire::#read(&mut map, &mut #slot, #wire)?,)
    });
    let builds = fields.iter().zip(&slots).map(|(f, slot)| {
        let id = ident(&f.rust);
        let wire = &f.wire;
        if signed_only(f) && f.required {
            quote!(#id: rt::Secret::default(),)
        } else if signed_only(f) {
            quote!(#id: None,)
        } else if f.required {
            quote!(#id: rt::wire::required::<_, A::Error>(#slot, #wire)?,)
        } else {
            quote!(#id: #slot,)
        }
    });

    let documented = fields.iter().flat_map(|f| f.wire_keys(&domain.types));
    let nested = fields
        .iter()
        .filter(|f| is_composite(domain, &f.ty))
        .map(|f| {
            let id = ident(&f.rust);
            // A flattened union adds its own key to the path.
            let suffix = if f.flatten {
                String::new()
            } else {
                format!(".{}", f.wire)
            };
            quote!(rt::Lossless::misplaced_fields(&self.#id, &format!("{path}{}", #suffix), out);)
        });

    let validate_fn = validate.then(|| validate_method(domain, t, fields));
    // Request types get chainable setters of their optional fields.
    let setters = fields
        .iter()
        .filter(|f| validate && !f.required && !f.envelope)
        .map(|f| {
            let id = ident(&f.rust);
            let setter = format_ident!("with_{}", f.rust);
            let ty = field_type(f);
            let doc = format!(" Sets `{}` (wire name `{}`), for chaining.", f.rust, f.wire);
            quote! {
                #[doc = #doc]
                pub fn #setter(mut self, value: impl Into<#ty>) -> Self {
                    self.#id = Some(value.into());
                    self
                }
            }
        });
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
            #[allow(clippy::too_many_arguments)]
            pub fn new(#(#new_params),*) -> Self {
                Self { #(#new_inits)* extra: rt::Extra::new() }
            }
            #(#setters)*
            #validate_fn
        }

        impl rt::Serialize for #name {
            fn serialize<S: rt::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use rt::SerializeMap as _;
                let mut map = serializer.serialize_map(None)?;
                #(#ser)*
                rt::wire::write_extra(&mut map, &self.extra)?;
                map.end()
            }
        }

        impl<'de> rt::Deserialize<'de> for #name {
            fn deserialize<D: rt::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct StructVisitor;
                impl<'de> rt::Visitor<'de> for StructVisitor {
                    type Value = #name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<A: rt::MapAccess<'de>>(self, mut map: A) -> Result<#name, A::Error> {
                        #(#slot_decls)*
                        let mut extra = rt::Extra::new();
                        while let Some(key) = map.next_key::<rt::Key<'de>>()? {
                            match &*key.0 {
                                #(#arms)*
                                _ => rt::wire::extra(&mut map, &mut extra, key)?,
                            }
                        }
                        Ok(#name { #(#builds)* extra })
                    }
                }
                deserializer.deserialize_map(StructVisitor)
            }
        }

        impl rt::Lossless for #name {
            fn misplaced_fields(&self, path: &str, out: &mut Vec<String>) {
                rt::wire::misplaced_in(&self.extra, &[#(#documented),*], path, out);
                #(#nested)*
            }
        }
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
        let limit = format!("at most {max} characters");
        let max = Literal::u32_unsuffixed(max);
        checks.push(quote! {
            if value.chars().count() > #max {
                return Err(rt::ValidationError::new(#wire, #limit, format!("{:?} ({} characters)", value, value.chars().count())));
            }
        });
    }
    for (bound, limit) in [(f.min, "at least"), (f.max, "at most")] {
        let Some(bound) = bound else { continue };
        let text = format!("{limit} {bound}");
        let bound = Literal::i128_unsuffixed(i128::from(bound));
        let breaks = if limit == "at least" {
            quote!(i128::from(*value) < #bound)
        } else {
            quote!(i128::from(*value) > #bound)
        };
        checks.push(quote! {
            if #breaks {
                return Err(rt::ValidationError::new(#wire, #text, value.to_string()));
            }
        });
    }
    if let Some(min_date) = &f.min_date {
        checks.push(quote!(rt::wire::check_min_date(#wire, value, #min_date)?;));
    }
    if f.before_today {
        checks.push(quote!(rt::wire::check_before_today(#wire, value)?;));
    }
    checks
        .into_iter()
        .map(|check| {
            if f.required {
                quote! { { let value = &self.#id; #check } }
            } else {
                quote! { if let Some(value) = &self.#id { #check } }
            }
        })
        .collect()
}
