//! Every function item of a generated crate's library (free, in a module, or in an impl block)
//! is `#[inline]`; functions inside function bodies are left as they are.
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
    mark_items(&mut file.items);
}

fn mark_items(items: &mut [Item]) {
    for item in items {
        match item {
            Item::Fn(function) => mark(&mut function.attrs),
            Item::Impl(block) => {
                for member in &mut block.items {
                    if let ImplItem::Fn(function) = member {
                        mark(&mut function.attrs);
                    }
                }
            }
            Item::Mod(module) => {
                if let Some((_, items)) = &mut module.content {
                    mark_items(items);
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
    fn marks_free_functions_methods_and_nested_modules_once() {
        let mut file: syn::File = syn::parse2(quote! {
            pub fn free() {}
            impl A {
                pub async fn call(&self) {}
                #[inline(always)]
                fn kept(&self) {}
            }
            impl B for A { fn trait_fn(&self) {} }
            mod inner { fn nested() {} }
            struct S;
        })
        .unwrap();
        mark_functions(&mut file);
        let text = prettyplease::unparse(&file);
        assert_eq!(text.matches("#[inline]").count(), 4, "{text}");
        assert_eq!(text.matches("#[inline(always)]").count(), 1, "{text}");
        assert!(text.contains("#[inline]\n    pub async fn call"), "{text}");
        assert!(!text.contains("#[inline]\nstruct"), "{text}");
    }
}
