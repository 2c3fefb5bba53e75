//! `src/types.rs`: structs with lossless serde impls, open enums and sum types.

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::{doc_attrs, doc_lines};
use crate::ir::{Domain, EnumValue, Envelope, Field, Type, TypeBody, TypeRef, Variant};
use crate::names::ident;

pub fn types_rs(domain: &Domain) -> TokenStream {
    let requests = request_types(domain);
    let responses: BTreeSet<&str> = domain
        .endpoints
        .iter()
        .map(|e| e.response.as_str())
        .collect();
    let items = domain.types.iter().map(|t| {
        let validate = requests.contains(t.name.as_str());
        match &t.body {
            TypeBody::Struct(fields) if responses.contains(t.name.as_str()) => {
                let mut tokens = struct_type(domain, t, fields, validate);
                tokens.extend(response_impl(domain, t));
                tokens
            }
            TypeBody::Struct(fields) => struct_type(domain, t, fields, validate),
            TypeBody::StringEnum(values) => string_enum(t, values),
            TypeBody::IntEnum(values) => int_enum(t, values),
            TypeBody::Union {
                tag: Some(tag),
                variants,
            } => tagged_union(t, tag, variants, validate),
            TypeBody::Union {
                tag: None,
                variants,
            } => keyed_union(t, variants, validate),
        }
    });
    let doc = format!(" Request and response types of {}.", domain.title);
    quote! {
        #![doc = #doc]
        use wechat_runtime::codegen as rt;
        #(#items)*
    }
}

/// `rt::Response` of an endpoint's response type: its envelope fields say whether it is an
/// error, so the runtime parses each body once.
fn response_impl(domain: &Domain, t: &Type) -> TokenStream {
    let name = format_ident!("{}", t.name);
    let call = match domain.envelope {
        Envelope::Errcode => quote! {
            rt::wire::envelope_error(self.errcode, self.errmsg.as_deref(), None, &self.extra)
        },
        Envelope::BaseResp => quote! {
            let base = self.base_resp.as_ref().map(|b| (b.ret, b.err_msg.as_deref()));
            rt::wire::envelope_error(None, None, base, &self.extra)
        },
    };
    quote! {
        impl rt::Response for #name {
            fn envelope_error(&self) -> Option<(i64, String)> {
                #call
            }
        }
    }
}

/// Struct and union types reachable from a request: they get a `validate` method.
pub(super) fn request_types(domain: &Domain) -> BTreeSet<&str> {
    let mut found = BTreeSet::new();
    let mut todo: Vec<&str> = domain
        .endpoints
        .iter()
        .filter_map(|e| e.request.as_deref())
        .collect();
    while let Some(name) = todo.pop() {
        let Some(t) = domain.type_named(name) else {
            continue;
        };
        let inner: Vec<&str> = match &t.body {
            TypeBody::Struct(fields) => fields.iter().filter_map(|f| f.ty.named()).collect(),
            TypeBody::Union { variants, .. } => variants.iter().map(|v| v.ty.as_str()).collect(),
            _ => continue,
        };
        if found.insert(t.name.as_str()) {
            todo.extend(inner);
        }
    }
    found
}

/// The Rust type of a field's value (without the `Option` of optional fields).
pub fn rust_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::U32 => quote!(u32),
        TypeRef::U64 => quote!(u64),
        TypeRef::F64 => quote!(f64),
        TypeRef::Date => quote!(rt::Date),
        TypeRef::Json => quote!(rt::Value),
        TypeRef::List(inner) => {
            let inner = rust_type(inner);
            quote!(Vec<#inner>)
        }
        TypeRef::Named(name) => {
            let name = format_ident!("{}", name);
            quote!(#name)
        }
    }
}

fn is_composite(domain: &Domain, ty: &TypeRef) -> bool {
    ty.named()
        .and_then(|n| domain.type_named(n))
        .is_some_and(|t| matches!(t.body, TypeBody::Struct(_) | TypeBody::Union { .. }))
}

fn has_float(domain: &Domain, fields: &[Field]) -> bool {
    // A conservative answer: Eq is derived only where no float can be reached directly.
    fields.iter().any(|f| {
        matches!(f.ty, TypeRef::F64 | TypeRef::Json)
            || matches!(&f.ty, TypeRef::List(inner) if matches!(**inner, TypeRef::F64 | TypeRef::Json))
            || is_composite(domain, &f.ty)
    })
}

fn struct_type(domain: &Domain, t: &Type, fields: &[Field], validate: bool) -> TokenStream {
    let name = format_ident!("{}", t.name);
    let expecting = format!("a {} object", t.name);
    let all_optional = fields.iter().all(|f| !f.required);
    let default = all_optional.then(|| quote!(Default,));
    let eq = (!has_float(domain, fields)).then(|| quote!(Eq,));

    let decls = fields.iter().map(|f| {
        let id = ident(&f.rust);
        let ty = rust_type(&f.ty);
        let ty = if f.required { ty } else { quote!(Option<#ty>) };
        let mut extra = vec![format!("Wire name: `{}`.", f.wire)];
        if let Some(n) = f.max_len {
            extra.push(format!("At most {n} characters."));
        }
        if f.ty == TypeRef::Date {
            extra.push("Sent as `yyyy-mm-dd`.".into());
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
    let new_params = required.iter().map(|f| {
        let id = ident(&f.rust);
        let ty = rust_type(&f.ty);
        quote!(#id: #ty)
    });
    let new_inits = fields.iter().map(|f| {
        let id = ident(&f.rust);
        if f.required {
            quote!(#id,)
        } else {
            quote!(#id: None,)
        }
    });

    let ser = fields.iter().map(|f| {
        let id = ident(&f.rust);
        let wire = &f.wire;
        let value = if f.as_string {
            quote!(&rt::wire::AsString(value))
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
    let slot_decls = slots.iter().map(|s| quote!(let mut #s = None;));
    let arms = fields.iter().zip(&slots).map(|(f, slot)| {
        let wire = &f.wire;
        let read = if f.as_string {
            quote!(field_str_num)
        } else if f.ty == TypeRef::Date {
            quote!(field_date)
        } else {
            quote!(field)
        };
        if f.flatten {
            let union = f.ty.named().unwrap_or_default();
            let arms = union_variants(domain, union).iter().map(|v| {
                let key = &v.key;
                let union = format_ident!("{}", union);
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
        if f.required {
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
        let max = i64::from(span.max_days);
        quote!(rt::wire::check_span((#start_wire, #start), (#end_wire, #end), #max)?;)
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

fn unknown_doc() -> TokenStream {
    doc_lines("A value this version of the crate does not know, kept as sent. Match it with `_`:\na later version may give it a variant of its own.")
}

fn string_enum(t: &Type, values: &[EnumValue<String>]) -> TokenStream {
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

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl rt::Serialize for #name {
            fn serialize<S: rt::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> rt::Deserialize<'de> for #name {
            fn deserialize<D: rt::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                rt::wire::string_enum(deserializer, Self::from_wire)
            }
        }
    }
}

fn int_enum(t: &Type, values: &[EnumValue<i64>]) -> TokenStream {
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

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.code())
            }
        }

        impl rt::Serialize for #name {
            fn serialize<S: rt::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.code())
            }
        }

        impl<'de> rt::Deserialize<'de> for #name {
            fn deserialize<D: rt::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                rt::wire::int_enum(deserializer, Self::from_wire)
            }
        }
    }
}

fn tagged_union(t: &Type, tag: &str, variants: &[Variant], validate: bool) -> TokenStream {
    let name = format_ident!("{}", t.name);
    let validate_fn = validate.then(|| union_validate(variants));
    let doc = doc_attrs(
        &t.doc,
        &[format!("On the wire: `{{\"{tag}\": \"<TAG>\", \"<key>\": {{...}}}}`, one content key per tag value.")],
    );
    let decls = variants.iter().map(|v| {
        let id = format_ident!("{}", v.variant);
        let ty = format_ident!("{}", v.ty);
        let doc = doc_attrs(
            &v.doc,
            &[format!(
                "Wire: `\"{tag}\": \"{}\"`, content under `{}`.",
                v.tag.as_deref().unwrap_or_default(),
                v.key
            )],
        );
        quote!(#doc #id(#ty),)
    });
    let tags = variants.iter().map(|v| {
        let id = format_ident!("{}", v.variant);
        let value = v.tag.as_deref().unwrap_or_default();
        quote!(Self::#id(_) => #value,)
    });
    let ser = variants.iter().map(|v| {
        let id = format_ident!("{}", v.variant);
        let (value, key) = (v.tag.as_deref().unwrap_or_default(), &v.key);
        quote!(Self::#id(content) => rt::wire::write_variant(serializer, #tag, #value, #key, content),)
    });
    let de = variants.iter().map(|v| {
        let id = format_ident!("{}", v.variant);
        let (value, key) = (v.tag.as_deref().unwrap_or_default(), &v.key);
        quote! {
            #value => if let Some(content) = rt::wire::variant::<_, E>(&mut rest, #key)? {
                return Ok(Self::#id(content));
            },
        }
    });
    let direct = variants.iter().map(|v| {
        let id = format_ident!("{}", v.variant);
        let (value, key) = (v.tag.as_deref().unwrap_or_default(), &v.key);
        quote! {
            (Some(#value), #key) => {
                direct = Some(#name::#id(map.next_value()?));
                continue;
            }
        }
    });
    let contents = variants.iter().map(|v| {
        let id = format_ident!("{}", v.variant);
        let key = &v.key;
        quote!(Self::#id(content) => (#key, rt::wire::to_value::<_, E>(content)?),)
    });
    let expecting = format!("a {} object with a `{tag}`", t.name);
    let lossless = variants.iter().map(|v| {
        let id = format_ident!("{}", v.variant);
        let suffix = format!(".{}", v.key);
        quote!(Self::#id(content) => rt::Lossless::misplaced_fields(content, &format!("{path}{}", #suffix), out),)
    });
    let unknown_doc = doc_lines(&format!(
        "A `{tag}` this version does not know, or a known one in an unexpected shape: the tag and\nevery other field, kept as sent."
    ));
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        // Variants hold their content inline: boxing would cost an allocation per value and
        // clumsier construction, to save memory on values decoded once per response.
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#decls)*
            #unknown_doc
            Unknown {
                /// The tag value.
                tag: String,
                /// Every field but the tag.
                fields: rt::Extra,
            },
        }

        impl #name {
            /// The tag value, as sent on the wire.
            pub fn tag(&self) -> &str {
                match self {
                    #(#tags)*
                    Self::Unknown { tag, .. } => tag,
                }
            }
            #validate_fn
        }

        impl rt::Serialize for #name {
            fn serialize<S: rt::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#ser)*
                    Self::Unknown { tag, fields } => rt::wire::write_unknown_variant(serializer, #tag, tag, fields),
                }
            }
        }

        impl #name {
            /// The variant of `tag` from the object's other fields, when they hold exactly the
            /// tag's content key; otherwise the unknown variant, with everything.
            fn from_parts<E: rt::DeError>(tag: String, mut rest: rt::Extra) -> Result<Self, E> {
                match tag.as_str() {
                    #(#de)*
                    _ => {}
                }
                Ok(Self::Unknown { tag, fields: rest })
            }

            /// A known variant that came with other fields: kept whole in the unknown variant.
            fn into_unknown<E: rt::DeError>(self, tag: String, rest: rt::Extra) -> Result<Self, E> {
                let (key, content) = match &self {
                    #(#contents)*
                    Self::Unknown { .. } => return Ok(self),
                };
                let mut fields = rt::Extra::new();
                fields.insert(key.to_owned(), content);
                fields.extend(rest);
                Ok(Self::Unknown { tag, fields })
            }
        }

        impl<'de> rt::Deserialize<'de> for #name {
            fn deserialize<D: rt::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct UnionVisitor;
                impl<'de> rt::Visitor<'de> for UnionVisitor {
                    type Value = #name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<A: rt::MapAccess<'de>>(self, mut map: A) -> Result<#name, A::Error> {
                        let mut tag: Option<String> = None;
                        let mut direct: Option<#name> = None;
                        let mut rest = rt::Extra::new();
                        while let Some(key) = map.next_key::<rt::Key<'de>>()? {
                            if key.0 == #tag {
                                rt::wire::field(&mut map, &mut tag, #tag)?;
                                continue;
                            }
                            // The usual shape, the tag then its content, decodes in one pass.
                            if direct.is_none() && rest.is_empty() {
                                match (tag.as_deref(), &*key.0) {
                                    #(#direct)*
                                    _ => {}
                                }
                            }
                            rt::wire::extra(&mut map, &mut rest, key)?;
                        }
                        let tag = rt::wire::required::<_, A::Error>(tag, #tag)?;
                        match direct {
                            Some(value) if rest.is_empty() => Ok(value),
                            Some(value) => value.into_unknown(tag, rest),
                            None => #name::from_parts(tag, rest),
                        }
                    }
                }
                deserializer.deserialize_map(UnionVisitor)
            }
        }

        impl rt::Lossless for #name {
            fn misplaced_fields(&self, path: &str, out: &mut Vec<String>) {
                match self {
                    #(#lossless)*
                    Self::Unknown { .. } => {}
                }
            }
        }
    }
}

/// The variants of the union type `name`.
fn union_variants<'d>(domain: &'d Domain, name: &str) -> &'d [Variant] {
    match domain.type_named(name).map(|t| &t.body) {
        Some(TypeBody::Union { variants, .. }) => variants,
        _ => &[],
    }
}

/// `validate` of a union: that of its content.
fn union_validate(variants: &[Variant]) -> TokenStream {
    let arms = variants.iter().map(|v| {
        let id = format_ident!("{}", v.variant);
        let key = &v.key;
        quote!(Self::#id(content) => content.validate().map_err(|e| e.within(#key)),)
    });
    quote! {
        /// Checks the documented constraints of the content; the clients call it before sending.
        pub fn validate(&self) -> Result<(), rt::ValidationError> {
            match self {
                #(#arms)*
                Self::Unknown { .. } => Ok(()),
            }
        }
    }
}

fn keyed_union(t: &Type, variants: &[Variant], validate: bool) -> TokenStream {
    let name = format_ident!("{}", t.name);
    let keys: Vec<String> = variants.iter().map(|v| format!("`{}`", v.key)).collect();
    let doc = doc_attrs(
        &t.doc,
        &[format!(
            "On the wire: exactly one of {}, holding the content.",
            keys.join(", ")
        )],
    );
    let decls = variants.iter().map(|v| {
        let id = format_ident!("{}", v.variant);
        let ty = format_ident!("{}", v.ty);
        let doc = doc_attrs(&v.doc, &[format!("Wire: content under `{}`.", v.key)]);
        quote!(#doc #id(#ty),)
    });
    let key_arms = variants.iter().map(|v| {
        let id = format_ident!("{}", v.variant);
        let key = &v.key;
        quote!(Self::#id(_) => #key,)
    });
    let write_arms = variants.iter().map(|v| {
        let id = format_ident!("{}", v.variant);
        let key = &v.key;
        quote!(Self::#id(content) => map.serialize_entry(#key, content),)
    });
    let de_arms = variants.iter().map(|v| {
        let id = format_ident!("{}", v.variant);
        let key = &v.key;
        quote!(#key => rt::wire::content::<_, D::Error>(#key, value).map(Self::#id),)
    });
    let lossless = variants.iter().map(|v| {
        let id = format_ident!("{}", v.variant);
        let suffix = format!(".{}", v.key);
        quote!(Self::#id(content) => rt::Lossless::misplaced_fields(content, &format!("{path}{}", #suffix), out),)
    });
    let validate_fn = validate.then(|| union_validate(variants));
    let unknown_doc =
        doc_lines("A key this version does not know, with its content, kept as sent.");
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        // Variants hold their content inline: boxing would cost an allocation per value and
        // clumsier construction, to save memory on values decoded once per response.
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#decls)*
            #unknown_doc
            Unknown {
                /// The key.
                key: String,
                /// Its content.
                value: rt::Value,
            },
        }

        impl #name {
            /// The key the content is sent under.
            pub fn key(&self) -> &str {
                match self {
                    #(#key_arms)*
                    Self::Unknown { key, .. } => key,
                }
            }

            /// Writes the one entry of the union into an object being serialized.
            fn write_entry<M: rt::SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
                match self {
                    #(#write_arms)*
                    Self::Unknown { key, value } => map.serialize_entry(key, value),
                }
            }
            #validate_fn
        }

        impl rt::Serialize for #name {
            fn serialize<S: rt::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use rt::SerializeMap as _;
                let mut map = serializer.serialize_map(Some(1))?;
                self.write_entry(&mut map)?;
                map.end()
            }
        }

        impl<'de> rt::Deserialize<'de> for #name {
            fn deserialize<D: rt::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let (key, value) = rt::wire::one_key(deserializer)?;
                match key.as_str() {
                    #(#de_arms)*
                    _ => Ok(Self::Unknown { key, value }),
                }
            }
        }

        impl rt::Lossless for #name {
            fn misplaced_fields(&self, path: &str, out: &mut Vec<String>) {
                match self {
                    #(#lossless)*
                    Self::Unknown { .. } => {}
                }
            }
        }
    }
}
