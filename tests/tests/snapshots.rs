//! Generator snapshots: the fixture specs under `tests/fixtures/spec/` cover every hard case of
//! the spec format, and their generated crates are committed under `tests/fixtures/crates/`
//! (where they also compile and run their own generated tests). Regenerate them with
//! `cargo xtask codegen`.

use wechat_codegen::{check, generate, Job};
use wechat_workspace_tests::workspace_root;

fn job(spec: &str, out: &str) -> Job {
    let root = workspace_root();
    Job {
        spec_dir: root.join(spec),
        spec_display: spec.into(),
        out_dir: root.join(out),
    }
}

fn assert_no_drift(job: &Job) {
    let files = generate(job).unwrap_or_else(|err| panic!("{err}"));
    assert!(!files.is_empty(), "the job generates files");
    let drift = check(job, &files);
    assert!(
        drift.is_empty(),
        "committed output differs from the generator; run `cargo xtask codegen`:\n{}",
        drift
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn fixture_crates_match_the_generator() {
    assert_no_drift(&job("tests/fixtures/spec", "tests/fixtures/crates"));
}

#[test]
fn domain_crates_match_the_spec() {
    assert_no_drift(&job("spec", "crates"));
}

#[test]
fn output_is_deterministic() {
    let job = job("spec", "crates");
    let first = generate(&job).unwrap_or_else(|err| panic!("{err}"));
    let second = generate(&job).unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(first, second);
}

#[test]
fn every_generated_file_carries_the_header() {
    let files = generate(&job("tests/fixtures/spec", "tests/fixtures/crates"))
        .unwrap_or_else(|err| panic!("{err}"));
    for (path, text) in &files {
        let first = text.lines().next().unwrap_or_default();
        assert!(
            first.contains("@generated") && first.contains("tests/fixtures/spec/"),
            "{}: {first}",
            path.display()
        );
    }
}

#[test]
fn a_generated_crate_whose_files_were_deleted_is_written_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = workspace_root();
    let job = Job {
        spec_dir: root.join("tests/fixtures/spec"),
        spec_display: "tests/fixtures/spec".into(),
        out_dir: dir.path().to_owned(),
    };
    let files = generate(&job).unwrap_or_else(|err| panic!("{err}"));
    wechat_codegen::write(&job, &files).expect("first write");
    let deleted = dir.path().join("wechat-fixture-cards");
    std::fs::remove_dir_all(&deleted).expect("delete the crate");
    let drift = wechat_codegen::write(&job, &files).expect("second write");
    assert!(
        drift.iter().any(|d| d.path().starts_with(&deleted)),
        "the deleted crate is reported and written: {drift:?}"
    );
    assert!(check(&job, &files).is_empty(), "nothing differs afterwards");
    assert!(deleted.join("src/types.rs").is_file());
}
