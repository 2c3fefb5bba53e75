//! Maintainer commands, run as `cargo xtask <command>`.
//!
//! - `codegen`: regenerate every crate from `spec/` (and the generator's snapshot fixtures
//!   from `tests/fixtures/spec/`), and `spec/schema.json` from the spec format.
//! - `codegen --check`: change nothing; exit 1 naming each file that differs from the spec.
//! - `spec-diff [<git-rev>] [--fail-on-breaking]`: what changed in `spec/` since `<git-rev>`
//!   (default: the merge base with `main`), for users of the crates, as Markdown.
//! - `doc-drift --domain <name> [--format json] <page>...`: the domain's doc pages against its
//!   spec, per endpoint and type (added, removed, changed, stale recorded quirks).
//! - `doc-import --domain <name> <page>...`: drafts into `spec/<name>.yaml` every endpoint of
//!   the pages that it lacks, marking judgment calls `# REVIEW:`.
//! - `fuzz --minutes <N> [--debug]`: the seeded fuzz tests (property round trips of every
//!   generated type, hostile spec files and doc pages) in rounds of growing seeds and cases
//!   until N minutes are up, printing the inputs tried and the failures.
//! - `rust-version`: fails when a locked package needs a newer Rust than the workspace declares.

mod codegen;
mod doc_drift;
mod doc_import;
mod fuzz;
mod rust_version;
mod spec_diff;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage:
  cargo xtask codegen [--check]
  cargo xtask spec-diff [<git-rev>] [--fail-on-breaking]
  cargo xtask doc-drift --domain <name> [--format json] <page>...
  cargo xtask doc-import --domain <name> <page>...
  cargo xtask fuzz --minutes <N> [--debug]
  cargo xtask rust-version";

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_owned)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let root = workspace_root();
    match args.as_slice() {
        ["codegen"] => report(codegen::run(&root, false).map(|_| true), false),
        ["codegen", "--check"] => report(codegen::run(&root, true), true),
        ["spec-diff", rest @ ..] => spec_diff::main(&root, rest),
        ["doc-drift", rest @ ..] => doc_drift::main(&root, rest),
        ["doc-import", rest @ ..] => doc_import::main(&root, rest),
        ["fuzz", rest @ ..] => fuzz::main(&root, rest),
        ["rust-version"] => rust_version::main(&root),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn report(outcome: Result<bool, wechat_codegen::Error>, check_only: bool) -> ExitCode {
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => {
            if check_only {
                eprintln!(
                    "generated code is out of date: run `cargo xtask codegen` and commit the result"
                );
            }
            ExitCode::FAILURE
        }
        Err(err) => {
            eprintln!("{err}");
            eprintln!("nothing was written");
            ExitCode::FAILURE
        }
    }
}
