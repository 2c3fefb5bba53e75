//! The maintainer tools behind `cargo xtask`, as a library so that the workspace tests can
//! call them: what changed between two specs for users ([`spec_changes`]), what a domain's doc
//! pages say that its spec does not ([`page_drift`]), and drafts of what the spec lacks
//! ([`page_import`]).

pub mod page_drift;
pub mod page_import;
pub mod pages;
pub mod spec_changes;
