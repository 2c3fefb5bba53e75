//! The maintainer tools behind `cargo xtask`, as a library so that the workspace tests can
//! call them: what changed between two specs for users ([`spec_changes`]), and what a doc page
//! mentions that a spec lacks ([`doc_mentions`]).

pub mod doc_mentions;
pub mod spec_changes;
