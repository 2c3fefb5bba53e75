//! The WeChat API binding generator: spec files in, crates out.
//!
//! Data flows one way: `spec/*.yaml` is loaded, checked and resolved by `wechat-spec` (every
//! problem reported with file, line and column), and its IR emitted here as Rust through quote
//! and prettyplease. Output is deterministic: the same spec gives byte-identical files.
//! Nothing is written unless the whole spec is valid.
//!
//! `cargo xtask codegen` drives it; tests call [`generate`] directly.

pub mod emit;
mod format;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub use wechat_spec::{SpecError, SpecErrors};

/// Where WeChat's global error codes are written, below the crates directory: a generated file
/// of the hand-written runtime, so that the runtime reads them from the spec too.
pub const GLOBAL_CODES_FILE: &str = "wechat-runtime/src/global_codes.rs";

/// Why generation failed.
#[derive(Debug)]
pub enum Error {
    /// The spec has problems; each is located.
    Spec(SpecErrors),
    /// A file could not be read or written.
    Io(PathBuf, std::io::Error),
    /// The generator produced something it cannot format (a generator bug).
    Emit(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Spec(errors) => write!(f, "{errors}"),
            Error::Io(path, err) => write!(f, "{}: {err}", path.display()),
            Error::Emit(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

/// Where a set of specs comes from and where its crates go.
#[derive(Clone, Debug)]
pub struct Job {
    /// Directory of `*.yaml` spec files.
    pub spec_dir: PathBuf,
    /// The same directory as named in messages and headers (relative to the workspace).
    pub spec_display: PathBuf,
    /// Directory the crates are written to, one sub-directory per crate.
    pub out_dir: PathBuf,
}

/// Generated files by path, in a stable order.
pub type Files = BTreeMap<PathBuf, String>;

/// How files are rendered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// prettyplease, then rustfmt until stable: what is committed.
    Committed,
    /// prettyplease only: the generator's own work, for measuring it without rustfmt.
    PrettyPlease,
}

/// Loads, checks and emits every spec of `job`, in memory.
pub fn generate(job: &Job) -> Result<Files, Error> {
    let texts = wechat_spec::read_dir(&job.spec_dir, &job.spec_display).map_err(Error::from)?;
    generate_texts(&texts, &job.out_dir, Format::Committed)
}

impl From<wechat_spec::Error> for Error {
    fn from(err: wechat_spec::Error) -> Self {
        match err {
            wechat_spec::Error::Spec(errors) => Error::Spec(errors),
            wechat_spec::Error::Io(path, err) => Error::Io(path, err),
        }
    }
}

/// Checks and emits spec `texts` into files under `out_dir`, in memory.
pub fn generate_texts(
    texts: &wechat_spec::Texts,
    out_dir: &Path,
    format: Format,
) -> Result<Files, Error> {
    let spec = wechat_spec::resolve_texts(texts)?;
    let mut files = Files::new();
    for domain in &spec.domains {
        let dir = out_dir.join(&domain.crate_name);
        for (path, contents) in
            emit::domain_files(domain, &spec.global_errors).map_err(Error::Emit)?
        {
            files.insert(dir.join(path), contents);
        }
    }
    files.extend(mock_spec_copies(texts, &spec, out_dir));
    if !spec.global_errors.is_empty() {
        let contents = emit::global_codes_rs(&spec).map_err(Error::Emit)?;
        files.insert(out_dir.join(GLOBAL_CODES_FILE), contents);
    }
    if format == Format::Committed {
        format::rustfmt_all(&mut files).map_err(Error::Emit)?;
    }
    Ok(files)
}

/// Where the mock server's copies of the spec files go, below the crates directory: its build
/// script embeds them, and a published mock crate cannot reach the workspace's `spec/`.
pub const MOCK_SPEC_DIR: &str = "wechat-mock/spec";

/// Copies of the spec files of the domains the mock serves (and of the global codes), marked
/// as generated.
fn mock_spec_copies(
    texts: &wechat_spec::Texts,
    spec: &wechat_spec::Spec,
    out_dir: &Path,
) -> Vec<(PathBuf, String)> {
    let served: Vec<&str> = spec
        .domains
        .iter()
        .filter(|d| d.mock)
        .map(|d| d.spec_path.as_str())
        .collect();
    if served.is_empty() {
        return Vec::new();
    }
    let copy = |(shown, text): &(PathBuf, String)| {
        let shown = shown.display().to_string().replace('\\', "/");
        let name = shown.strip_prefix("spec/").unwrap_or(&shown).to_owned();
        let header =
            format!("# @generated copy of {shown}, embedded by the mock server. Do not edit.\n");
        (
            out_dir.join(MOCK_SPEC_DIR).join(name),
            format!("{header}{text}"),
        )
    };
    texts
        .domains
        .iter()
        .filter(|(shown, _)| served.iter().any(|s| shown.ends_with(s)))
        .chain(&texts.global)
        .map(copy)
        .collect()
}

/// A difference between generated and committed files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Drift {
    /// The file differs from what the spec gives.
    Changed(PathBuf),
    /// The file should exist and does not.
    Missing(PathBuf),
    /// The file is in a generated crate but the spec gives no such file.
    Stale(PathBuf),
}

impl Drift {
    /// The file concerned.
    pub fn path(&self) -> &Path {
        match self {
            Drift::Changed(p) | Drift::Missing(p) | Drift::Stale(p) => p,
        }
    }

    /// What is wrong with the file, in a few words.
    pub fn describe(&self) -> &'static str {
        match self {
            Drift::Changed(_) => "differs from the spec",
            Drift::Missing(_) => "missing",
            Drift::Stale(_) => "stale, not generated by the spec",
        }
    }
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.describe(), self.path().display())
    }
}

/// The first line of a generated manifest; it marks a directory as a generated crate.
const MANIFEST_MARK: &str = "# @generated";

/// Files on disk under generated crates of `out_dir` (every crate whose manifest carries the
/// `@generated` mark, whether or not the spec still has its domain) and the mock's spec copies.
fn files_on_disk(out_dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(out_dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let dir = entry.path();
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap_or_default();
        if manifest.starts_with(MANIFEST_MARK) {
            walk(&dir, &mut found);
        }
    }
    // The mock's copies of the spec are generated too, in a hand-written crate.
    walk(&out_dir.join(MOCK_SPEC_DIR), &mut found);
    found.sort();
    found
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, found);
        } else {
            found.push(path);
        }
    }
}

/// How the files on disk differ from `files` (generated for `job`).
pub fn check(job: &Job, files: &Files) -> Vec<Drift> {
    let mut drift = Vec::new();
    for (path, contents) in files {
        match std::fs::read_to_string(path) {
            Ok(existing) if &existing == contents => {}
            Ok(_) => drift.push(Drift::Changed(path.clone())),
            Err(_) => drift.push(Drift::Missing(path.clone())),
        }
    }
    for path in files_on_disk(&job.out_dir) {
        if !files.contains_key(&path) {
            drift.push(Drift::Stale(path));
        }
    }
    drift
}

/// Writes `files`, leaving unchanged ones untouched, and removes stale files of generated
/// crates. Returns what changed.
pub fn write(job: &Job, files: &Files) -> Result<Vec<Drift>, Error> {
    let drift = check(job, files);
    for change in &drift {
        match change {
            Drift::Changed(path) | Drift::Missing(path) => {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| Error::Io(parent.to_owned(), e))?;
                }
                std::fs::write(path, &files[path]).map_err(|e| Error::Io(path.clone(), e))?;
            }
            Drift::Stale(path) => {
                std::fs::remove_file(path).map_err(|e| Error::Io(path.clone(), e))?;
            }
        }
    }
    Ok(drift)
}
