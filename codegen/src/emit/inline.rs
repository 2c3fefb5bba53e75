//! Every function item of a generated crate's library (free, or in an impl block) is
//! `#[inline]`; functions inside function bodies are left as they are (generated library files
//! have no inline modules).
//!
//! rustc compiles a non-generic function to machine code in the crate that defines it, used
//! or not; an `#[inline]` one only in the crates that call it. A domain crate's functions are
//! small wrappers (constructors, checks, the blocking client's calls, which instantiate the
//! runtime's generic encoding and decoding), so marking them leaves the crate's own build to
//! type checking and leaves an application to compile the calls it makes, as the async
//! client's futures always did.

use syn::{parse_quote, Attribute, ImplItem, Item};

/// Adds `#[inline]` to every function of `file` that has no inline attribute of its own.
pub fn mark_functions(file: &mut syn::File) {
    for item in &mut file.items {
        match item {
            Item::Fn(function) => mark(&mut function.attrs),
            Item::Impl(block) => {
                for member in &mut block.items {
                    if let ImplItem::Fn(function) = member {
                        mark(&mut function.attrs);
                    }
                }
            }
            _ => {}
        }
    }
}

fn mark(attrs: &mut Vec<Attribute>) {
    if !attrs.iter().any(|attr| attr.path().is_ident("inline")) {
        attrs.push(parse_quote!(#[inline]));
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    #[test]
    fn marks_free_functions_and_methods_once() {
        let mut file: syn::File = syn::parse2(quote! {
            pub fn free() {}
            impl A {
                pub async fn call(&self) {}
                #[inline(always)]
                fn kept(&self) {}
            }
            impl B for A { fn trait_fn(&self) {} }
            struct S;
        })
        .unwrap();
        mark_functions(&mut file);
        let text = prettyplease::unparse(&file);
        assert_eq!(text.matches("#[inline]").count(), 3, "{text}");
        assert_eq!(text.matches("#[inline(always)]").count(), 1, "{text}");
        assert!(text.contains("#[inline]\n    pub async fn call"), "{text}");
        assert!(!text.contains("#[inline]\nstruct"), "{text}");
    }
}
