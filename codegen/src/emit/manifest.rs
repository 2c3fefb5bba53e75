//! `Cargo.toml` and `src/lib.rs` of a generated crate.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_lines_for, doc_text, header};
use wechat_spec::ir::Domain;

pub fn cargo_toml(domain: &Domain) -> String {
    format!(
        r#"# {header}

[package]
name = "{name}"
version = "0.1.0"
description = "Typed WeChat API bindings: {title}."
edition.workspace = true
rust-version.workspace = true
license.workspace = true
repository.workspace = true

[features]
# The blocking client, in the `blocking` module. Additive: the async client is always there.
blocking = ["wechat-runtime/blocking"]

[dependencies]
wechat-runtime.workspace = true

[dev-dependencies]
serde_json.workspace = true
tokio.workspace = true
{mock}wechat-testkit.workspace = true

[package.metadata.docs.rs]
all-features = true
"#,
        header = header(&domain.spec_path),
        mock = if domain.mock {
            "wechat-mock.workspace = true\n"
        } else {
            ""
        },
        name = domain.crate_name,
        title = domain.title,
    )
}

pub fn lib_rs(domain: &Domain) -> TokenStream {
    let lib = domain.crate_name.replace('-', "_");
    let mut text = format!("# {}\n\n{}", domain.title, doc_text(&domain.doc));
    text.push_str("\n\n| Method | Endpoint |\n|---|---|\n");
    for e in &domain.endpoints {
        let method = match e.method {
            wechat_spec::ir::HttpMethod::Get => "GET",
            wechat_spec::ir::HttpMethod::Post => "POST",
        };
        text.push_str(&format!(
            "| [`Client::{}`] | `{method} {}` |\n",
            e.name, e.path
        ));
    }
    text.push_str(&format!(
        "\nGenerated from `{}` (sources: {}). Every type keeps the fields the spec does not\n\
         document in `extra`, so decoding then encoding loses nothing, and every enum has an\n\
         `Unknown` variant for values added after this version.\n\n\
         ```no_run\n\
         # async fn demo() -> Result<(), wechat_runtime::Error> {{\n\
         let runtime = wechat_runtime::Client::builder()\n    .access_token(\"ACCESS_TOKEN\")\n    .build()?;\n\
         let client = {lib}::Client::new(runtime);\n\
         # let _ = client; Ok(()) }}\n\
         ```\n\n\
         The same methods, without async, are on `blocking::Client` with the `blocking` feature.",
        domain.spec_path,
        domain.sources.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", "),
    ));
    let docs = doc_lines_for(&text, true);
    let paging = super::has_paging(domain).then(|| {
        quote!(
            pub mod paging;
        )
    });
    quote! {
        #docs
        #![deny(missing_docs)]

        #[cfg(feature = "blocking")]
        pub mod blocking;
        mod client;
        pub mod endpoints;
        pub mod errors;
        #paging
        pub mod types;

        pub use client::Client;
        pub use errors::ErrorCode;
        pub use types::*;
        pub use wechat_runtime::codegen::Error;
    }
}
