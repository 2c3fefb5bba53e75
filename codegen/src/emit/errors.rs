//! `src/errors.rs` of each domain, and the runtime's table of WeChat's global codes: every
//! code's meaning and retry kind come from the spec.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use wechat_spec::ir::{Domain, ErrorCode, RetryKind};

use super::doc_attrs;

/// What the runtime does on a code of this retry kind, for its rustdoc.
fn retry_doc(retry: RetryKind) -> &'static str {
    match retry {
        RetryKind::Never => "Not retried: the same request fails the same way.",
        RetryKind::Backoff => {
            "Retried after a jittered backoff, within the client's `RetryPolicy::max_retries`."
        }
        RetryKind::MinuteQuota => {
            "A per-minute quota: retried only when the client's `RetryPolicy::minute_quota_wait` allows a wait; otherwise returned at once."
        }
        RetryKind::DailyQuota => {
            "A daily quota: never retried, since nothing helps before it resets; returned at once."
        }
        RetryKind::RefreshToken => {
            "The access token was rejected: the runtime gets a new one and retries the call once."
        }
    }
}

fn retry_tokens(retry: RetryKind) -> TokenStream {
    match retry {
        RetryKind::Never => quote!(Never),
        RetryKind::Backoff => quote!(Backoff),
        RetryKind::MinuteQuota => quote!(MinuteQuota),
        RetryKind::DailyQuota => quote!(DailyQuota),
        RetryKind::RefreshToken => quote!(RefreshToken),
    }
}

/// `ErrorCodeInfo` entries, with `info` naming the type as the emitting crate sees it.
fn infos<'a>(
    codes: &'a [ErrorCode],
    info: &'a TokenStream,
    kind: &'a TokenStream,
) -> impl Iterator<Item = TokenStream> + 'a {
    codes.iter().map(move |e| {
        let code = Literal::i64_unsuffixed(e.code);
        let (name, meaning) = (&e.name, &e.doc.en);
        let retry = retry_tokens(e.retry);
        quote!(#info { code: #code, name: #name, meaning: #meaning, retry: #kind::#retry },)
    })
}

/// The domain's `ErrorCode`: its own codes, then the global ones it does not document again.
pub fn errors_rs(domain: &Domain, global: &[ErrorCode]) -> TokenStream {
    let codes: Vec<&ErrorCode> = domain
        .errors
        .iter()
        .chain(
            global
                .iter()
                .filter(|g| !domain.errors.iter().any(|e| e.code == g.code)),
        )
        .collect();
    let variants = codes.iter().map(|e| {
        let id = format_ident!("{}", e.variant);
        let scope = if domain.errors.iter().any(|d| d.code == e.code) {
            ""
        } else {
            " A global code: any endpoint may answer it."
        };
        let extra = [format!("Code `{}`.{scope} {}", e.code, retry_doc(e.retry))];
        let doc = doc_attrs(&e.doc, &extra);
        quote!(#doc #id,)
    });
    let pairs = codes.iter().map(|e| {
        let id = format_ident!("{}", e.variant);
        let code = Literal::i64_unsuffixed(e.code);
        quote!(#id = #code)
    });
    let (info, kind) = (quote!(rt::ErrorCodeInfo), quote!(rt::RetryKind));
    let own = infos(&domain.errors, &info, &kind);
    let title = format!(" Error codes documented for {}.", domain.title);
    quote! {
        #![doc = #title]
        use wechat_runtime::codegen as rt;

        /// The error codes this domain documents, as `wechat_runtime::ErrorCodeInfo`: the
        /// runtime looks up the meaning and retry kind of every API error here first, then
        /// among WeChat's global codes.
        pub static ERRORS: &[rt::ErrorCodeInfo] = &[#(#own)*];

        /// An error code: this domain's, and WeChat's global ones. Codes documented nowhere
        /// are kept in `Other`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            #(#variants)*
            /// A code documented neither for this domain nor globally.
            Other(i64),
        }

        rt::error_code!(ErrorCode, ERRORS, #(#pairs),*);
    }
}

/// The runtime's `src/global_codes.rs`.
pub fn global_codes_rs(global: &[ErrorCode]) -> TokenStream {
    let (info, kind) = (quote!(ErrorCodeInfo), quote!(RetryKind));
    let entries = infos(global, &info, &kind);
    quote! {
        //! WeChat's global error codes, which any endpoint may answer, with their meaning and
        //! retry kind.
        use crate::endpoint::ErrorCodeInfo;
        use crate::retry::RetryKind;

        /// Error codes that any WeChat endpoint can return, from WeChat's global code list.
        pub const GLOBAL_ERROR_CODES: &[ErrorCodeInfo] = &[#(#entries)*];
    }
}
