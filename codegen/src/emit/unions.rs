//! Sum types: tagged unions (`{"<tag>": "X", "<key>": {...}}`) and keyed unions (one of
//! several keys), each with an unknown variant that keeps what it does not know.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use wechat_spec::ir::{Domain, Type, TypeBody, TypeId, Variant};

use super::{doc_attrs, doc_lines, type_ident};

pub(super) fn tagged_union(
    domain: &Domain,
    t: &Type,
    tag: &str,
    variants: &[Variant],
    validate: bool,
) -> TokenStream {
    let name = format_ident!("{}", t.name);
    let validate_fn = validate.then(|| union_validate(variants));
    let doc = doc_attrs(
        &t.doc,
        &[format!("On the wire: `{{\"{tag}\": \"<TAG>\", \"<key>\": {{...}}}}`, one content key per tag value.")],
    );
    let decls = variants.iter().map(|v| {
        let id = format_ident!("{}", v.variant);
        let ty = type_ident(domain, v.ty);
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
        let key = &v.key;
        quote!(Self::#id(content) => rt::object::nested(content, path, #key, out),)
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
                // A content key that also came among the rest is a decode error, not a loss.
                let fields = rt::wire::unknown_variant_fields::<E>(key, content, rest)?;
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

/// The variants of the union type `id`.
pub(super) fn union_variants(domain: &Domain, id: TypeId) -> &[Variant] {
    match &domain.ty(id).body {
        TypeBody::Union { variants, .. } => variants,
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

pub(super) fn keyed_union(
    domain: &Domain,
    t: &Type,
    variants: &[Variant],
    validate: bool,
) -> TokenStream {
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
        let ty = type_ident(domain, v.ty);
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
        let key = &v.key;
        quote!(Self::#id(content) => rt::object::nested(content, path, #key, out),)
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
