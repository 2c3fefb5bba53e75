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

/// Where a spec's `sources` may be: an address, or a file of the workspace or of the
/// vendored seed pages.
fn source_exists(root: &Path, file: &str) -> bool {
    file.starts_with("https://")
        || file.starts_with("http://")
        || root.join(file).is_file()
        || root.join("tests/data/seeds").join(file).is_file()
}

/// Every source a spec names exists, so a maintainer can read the page it was written from.
fn check_sources(root: &Path, job: &Job) -> Result<(), wechat_codegen::Error> {
    let spec = wechat_spec::resolve_dir(&job.spec_dir, &job.spec_display)?;
    let missing: Vec<String> = spec
        .domains
        .iter()
        .flat_map(|d| d.sources.iter().map(move |s| (d, s)))
        .filter(|(_, s)| !source_exists(root, s))
        .map(|(d, s)| {
            format!(
                "{}: source `{s}` does not exist (give an https:// address, or a file of the workspace or tests/data/seeds/)",
                d.spec_path
            )
        })
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(wechat_codegen::Error::Emit(missing.join("\n")))
    }
}

pub fn run(root: &Path, check_only: bool) -> Result<bool, wechat_codegen::Error> {
    let jobs = jobs(root);
    for job in &jobs {
        check_sources(root, job)?;
    }
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
