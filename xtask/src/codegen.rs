//! `cargo xtask codegen [--check]`: regenerate the crates (and `spec/schema.json`) from the
//! spec, or check that the committed ones match it.

use std::path::{Path, PathBuf};

use wechat_codegen::{check, generate, write, Job};

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

pub fn run(root: &Path, check_only: bool) -> Result<bool, wechat_codegen::Error> {
    let jobs = jobs(root);
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
            let shown = change.path().strip_prefix(root).unwrap_or(change.path());
            let verb = if check_only { "" } else { "updated, was " };
            eprintln!("{verb}{}: {}", change.describe(), shown.display());
        }
        clean &= drift.is_empty();
    }
    clean &= schema(root, check_only)?;
    Ok(clean)
}

/// Keeps `spec/schema.json` in step with the spec format; returns whether it already was.
fn schema(root: &Path, check_only: bool) -> Result<bool, wechat_codegen::Error> {
    use wechat_spec::schema::{spec_schema, SCHEMA_PATH};
    let path = root.join(SCHEMA_PATH);
    let schema = spec_schema();
    if std::fs::read_to_string(&path).is_ok_and(|committed| committed == schema) {
        return Ok(true);
    }
    if check_only {
        eprintln!("differs from the spec format: {SCHEMA_PATH}");
    } else {
        std::fs::write(&path, schema).map_err(|e| wechat_codegen::Error::Io(path.clone(), e))?;
        eprintln!("updated, was stale: {SCHEMA_PATH}");
    }
    Ok(false)
}
