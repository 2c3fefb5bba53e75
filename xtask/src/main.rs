//! Maintainer commands, run as `cargo xtask <command>`.
//!
//! - `codegen`: regenerate every crate from `spec/` (and the generator's snapshot fixtures
//!   from `tests/fixtures/spec/`).
//! - `codegen --check`: change nothing; exit 1 naming each file that differs from the spec.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use wechat_codegen::{check, generate, write, Job};

const USAGE: &str = "usage: cargo xtask codegen [--check]";

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_owned)
}

/// The spec directories and where their crates go: the real spec, and the snapshot fixtures.
fn jobs(root: &Path) -> Vec<Job> {
    [
        ("spec", "crates"),
        ("tests/fixtures/spec", "tests/fixtures/crates"),
    ]
    .into_iter()
    .map(|(spec, out)| Job {
        spec_dir: root.join(spec),
        spec_display: PathBuf::from(spec),
        out_dir: root.join(out),
    })
    .collect()
}

fn codegen(check_only: bool) -> Result<bool, wechat_codegen::Error> {
    let root = workspace_root();
    let jobs = jobs(&root);
    // Generate everything before writing anything: a bad spec leaves the tree untouched.
    let generated = jobs
        .iter()
        .map(|job| generate(job).map(|files| (job, files)))
        .collect::<Result<Vec<_>, _>>()?;
    let mut clean = true;
    for (job, files) in &generated {
        let drift = if check_only {
            check(job, files)
        } else {
            write(job, files)?
        };
        for change in &drift {
            let shown = change.path().strip_prefix(&root).unwrap_or(change.path());
            let verb = if check_only { "" } else { "updated, was " };
            eprintln!("{verb}{}: {}", change.describe(), shown.display());
        }
        clean &= drift.is_empty();
    }
    Ok(clean)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let check_only = match args.as_slice() {
        ["codegen"] => false,
        ["codegen", "--check"] => true,
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match codegen(check_only) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) if check_only => {
            eprintln!(
                "generated code is out of date: run `cargo xtask codegen` and commit the result"
            );
            ExitCode::FAILURE
        }
        Ok(false) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("{err}");
            eprintln!("nothing was written");
            ExitCode::FAILURE
        }
    }
}
