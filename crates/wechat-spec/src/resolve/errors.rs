//! Error codes: a domain's own and WeChat's global ones, each with its retry kind.

use super::{doc_with_notes, root, Cx};
use crate::ir::{Check, ErrorCode, RetryKind};
use crate::model::{self, ErrorSpec, RetrySpec};
use crate::names::{camel, is_snake};

fn retry_kind(spec: RetrySpec) -> RetryKind {
    match spec {
        RetrySpec::Never => RetryKind::Never,
        RetrySpec::Backoff => RetryKind::Backoff,
        RetrySpec::MinuteQuota => RetryKind::MinuteQuota,
        RetrySpec::DailyQuota => RetryKind::DailyQuota,
        RetrySpec::RefreshToken => RetryKind::RefreshToken,
    }
}

fn check(spec: model::Check) -> Check {
    match spec {
        model::Check::InvalidRequest => Check::InvalidRequest,
        model::Check::BadDate => Check::BadDate,
        model::Check::TooLong => Check::TooLong,
        model::Check::OutOfRange => Check::OutOfRange,
        model::Check::TooEarly => Check::TooEarly,
        model::Check::NotBeforeToday => Check::NotBeforeToday,
        model::Check::DateSpan => Check::DateSpan,
        model::Check::Signature => Check::Signature,
    }
}

impl Cx<'_> {
    /// The codes of `specs` (a domain's, or with an empty `global`, the global list). A domain
    /// may document a global code again in its own page's words, but not retry it otherwise:
    /// a code means one thing to the runtime wherever it is read.
    pub(super) fn error_codes(
        &mut self,
        specs: &[ErrorSpec],
        global: &[ErrorCode],
    ) -> Vec<ErrorCode> {
        let mut out: Vec<ErrorCode> = Vec::new();
        for (i, e) in specs.iter().enumerate() {
            let path = root().key("errors").index(i);
            if !is_snake(&e.name) {
                self.err(&path.key("name"), "error name must be snake_case");
            }
            if e.code == 0 {
                self.err(&path.key("code"), "0 means success, not an error");
            }
            if out.iter().any(|o| o.code == e.code) {
                self.err(
                    &path.key("code"),
                    format!("error code {} is listed twice", e.code),
                );
            }
            let retry = retry_kind(e.retry);
            let same_global = global.iter().find(|g| g.code == e.code);
            if let Some(g) = same_global.filter(|g| g.retry != retry) {
                self.err(
                    &path.key("retry"),
                    format!(
                        "{} is a global code retried as {:?}; a domain cannot retry it otherwise",
                        e.code, g.retry
                    ),
                );
            }
            let variant = camel(&e.name);
            let taken = out.iter().any(|o| o.variant == variant)
                || global
                    .iter()
                    .any(|g| g.variant == variant && g.code != e.code)
                || variant == "Other";
            if taken {
                self.err(
                    &path.key("name"),
                    format!("error name `{}` is taken", e.name),
                );
            }
            out.push(ErrorCode {
                code: e.code,
                name: e.name.clone(),
                variant,
                doc: doc_with_notes(&e.doc, &e.notes),
                retry,
                raised_for: e.raised_for.iter().copied().map(check).collect(),
                doc_missing: e.doc_missing,
            });
        }
        out
    }
}
