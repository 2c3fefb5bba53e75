//! `Cargo.toml` and `src/lib.rs` of a generated crate.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_lines_for, doc_text, header};
use wechat_spec::ir::Domain;

/// The license texts every published crate carries, from the workspace root.
pub const LICENSE_FILES: [(&str, &str); 2] = [
    ("LICENSE-MIT", include_str!("../../LICENSE-MIT")),
    ("LICENSE-APACHE", include_str!("../../LICENSE-APACHE")),
];

pub fn cargo_toml(domain: &Domain) -> String {
    format!(
        r#"# {header}

[package]
name = "{name}"
version = "0.1.0"
description = "Typed WeChat API bindings: {title}."
{publish}edition.workspace = true
rust-version.workspace = true
license.workspace = true
readme = "README.md"
documentation = "https://docs.rs/{name}"
keywords.workspace = true
categories.workspace = true

[features]
# The blocking client, in the `blocking` module. Additive: the async client is always there.
blocking = ["wechat-runtime/blocking"]
# `RedisStore`: instances of an app share one access token through Redis.
redis = ["wechat-runtime/redis"]

[dependencies]
wechat-runtime.workspace = true

[dev-dependencies]
serde_json.workspace = true
tokio.workspace = true
{mock}wechat-testkit.workspace = true

[package.metadata.docs.rs]
all-features = true
rustdoc-args = ["--cfg", "docsrs"]
"#,
        header = header(&domain.spec_path),
        mock = if domain.mock {
            "wechat-mock.workspace = true\n"
        } else {
            ""
        },
        name = domain.crate_name,
        title = domain.title,
        publish = if domain.publish {
            ""
        } else {
            "publish = false\n"
        },
    )
}

/// The crate's `README.md`, for crates.io: what it holds and how to start.
pub fn readme(domain: &Domain) -> String {
    let lib = domain.crate_name.replace('-', "_");
    let mut text = format!(
        "<!-- {} -->\n\n# {}\n\nTyped bindings of WeChat's {} APIs: one async method per endpoint \
         (and the same methods blocking, with the `blocking` feature), typed requests and \
         responses that lose no field, documented error codes as an enum, documented limits \
         checked before anything is sent.\n\n```sh\ncargo add {} tokio --features tokio/full\n```\n\n\
         ```rust,no_run\n#[tokio::main]\nasync fn main() -> Result<(), {lib}::Error> {{\n    \
         let runtime = {lib}::RuntimeClient::builder()\n        \
         .credentials(\"wx1234567890abcdef\", std::env::var(\"WECHAT_APP_SECRET\").unwrap_or_default())\n        \
         .build()?;\n    let _client = {lib}::Client::new(runtime);\n    Ok(())\n}}\n```\n\n\
         | Method | Endpoint |\n|---|---|\n",
        header(&domain.spec_path),
        domain.crate_name,
        domain.title,
        domain.crate_name,
    );
    for e in &domain.endpoints {
        text.push_str(&format!("| `{}` | `{} {}` |\n", e.name, method(e), e.path));
    }
    text.push_str(
        "\nFeatures: `blocking` (the blocking client), `redis` (`RedisStore`, a token shared by \
         every instance of an app).\n\nLicensed under either of MIT or Apache-2.0, at your option.\n",
    );
    text
}

fn method(e: &wechat_spec::ir::Endpoint) -> &'static str {
    match e.method {
        wechat_spec::ir::HttpMethod::Get => "GET",
        wechat_spec::ir::HttpMethod::Post => "POST",
    }
}

pub fn lib_rs(domain: &Domain) -> TokenStream {
    let lib = domain.crate_name.replace('-', "_");
    let mut text = format!("# {}\n\n{}", domain.title, doc_text(&domain.doc));
    text.push_str("\n\n| Method | Endpoint |\n|---|---|\n");
    for e in &domain.endpoints {
        text.push_str(&format!(
            "| [`Client::{}`] | `{} {}` |\n",
            e.name,
            method(e),
            e.path
        ));
    }
    text.push_str(&format!(
        "\nEvery type keeps the fields the spec does not document in `extra`, so decoding then\n\
         encoding loses nothing, and every enum has an `Unknown` variant for values added after\n\
         this version. This crate re-exports what an application needs of `wechat-runtime`\n\
         ([`RuntimeClient`], [`Error`], [`RetryPolicy`], [`Date`], the token stores), so it is\n\
         the one dependency to add.\n\n\
         ```no_run\n\
         # async fn demo() -> Result<(), {lib}::Error> {{\n\
         let runtime = {lib}::RuntimeClient::builder()\n    .access_token(\"ACCESS_TOKEN\")\n    .build()?;\n\
         let client = {lib}::Client::new(runtime);\n\
         # let _ = client; Ok(()) }}\n\
         ```\n\n\
         The same methods, without async, are on `blocking::Client` with the `blocking` feature.",
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
        #![cfg_attr(docsrs, feature(doc_cfg))]

        #[cfg(feature = "blocking")]
        #[cfg_attr(docsrs, doc(cfg(feature = "blocking")))]
        pub mod blocking;
        mod client;
        pub mod endpoints;
        pub mod errors;
        #paging
        pub mod types;

        pub use client::Client;
        pub use errors::ErrorCode;
        pub use types::*;

        /// The runtime this crate calls WeChat with, for what the re-exports below leave out.
        pub use wechat_runtime as runtime;
        pub use wechat_runtime::{
            time, AccessToken, ApiError, ApiHost, AppSecret, Binary, ClientBuilder, Date, Error,
            MemoryStore, RetryKind, RetryPolicy, Secret, TokenApi, TokenSource, TokenStore,
        };
        /// The runtime client: configuration, access tokens, retries. Build one with
        /// `RuntimeClient::builder()` and wrap it in this crate's [`Client`].
        pub use wechat_runtime::Client as RuntimeClient;
        #[cfg(feature = "redis")]
        #[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
        pub use wechat_runtime::RedisStore;
    }
}
