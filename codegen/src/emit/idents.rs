//! Rust identifiers from spec names.

use wechat_spec::names::is_keyword;

/// A token for an identifier, raw where it is a keyword (`r#type`). The spec refuses the names
/// that cannot be raw (`self`, `crate`, `super`), so this never panics on a resolved spec.
pub fn ident(name: &str) -> proc_macro2::Ident {
    let span = proc_macro2::Span::call_site();
    if is_keyword(name) {
        proc_macro2::Ident::new_raw(name, span)
    } else {
        proc_macro2::Ident::new(name, span)
    }
}
