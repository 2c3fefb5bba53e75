//! The WeChat API binding generator: spec files in, crates out.
//!
//! Data flows one way: `spec/*.yaml` is parsed into the [`spec`] model, checked and resolved
//! into the [`ir`] (every problem reported with file, line and column), and emitted as Rust
//! through quote and prettyplease. Output is deterministic: the same spec gives byte-identical
//! files. Nothing is written unless the whole spec is valid.
//!
//! `cargo xtask codegen` drives it; tests call [`generate`] directly.

pub mod diff;
pub mod doc_drift;
pub mod emit;
pub mod error;
mod format;
pub mod ir;
pub mod json;
pub mod load;
pub mod locate;
pub mod names;
pub mod resolve;
pub mod sample;
pub mod schema;
pub mod spec;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub use error::{SpecError, SpecErrors};

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
    let texts = read_dir(&job.spec_dir, &job.spec_display)?;
    generate_texts(&texts, &job.out_dir, Format::Committed)
}

/// Parses and checks spec `texts` (display path, YAML) into domains, as the generator and the
/// mock server see them.
pub fn resolve_texts(texts: &[(PathBuf, String)]) -> Result<Vec<ir::Domain>, Error> {
    let mut loaded = Vec::new();
    let mut errors = Vec::new();
    for (display, text) in texts {
        match load::parse(display, text) {
            Ok(file) => loaded.push(file),
            Err(err) => errors.push(err),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Spec(SpecErrors(errors)));
    }
    resolve::resolve(&loaded).map_err(Error::Spec)
}

/// The spec files of `dir` (named in messages as under `display`), read and resolved.
pub fn resolve_dir(dir: &Path, display: &Path) -> Result<Vec<ir::Domain>, Error> {
    resolve_texts(&read_dir(dir, display)?)
}

fn read_dir(dir: &Path, display: &Path) -> Result<Vec<(PathBuf, String)>, Error> {
    let paths = load::spec_files(dir).map_err(|e| Error::Io(dir.to_owned(), e))?;
    let mut texts = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).map_err(|e| Error::Io(path.clone(), e))?;
        texts.push((display.join(path.file_name().unwrap_or_default()), text));
    }
    Ok(texts)
}

/// Checks and emits spec `texts` (display path, YAML) into files under `out_dir`, in memory.
pub fn generate_texts(
    texts: &[(PathBuf, String)],
    out_dir: &Path,
    format: Format,
) -> Result<Files, Error> {
    let domains = resolve_texts(texts)?;
    let mut files = Files::new();
    for domain in &domains {
        let dir = out_dir.join(&domain.crate_name);
        for (path, contents) in emit::domain_files(domain).map_err(Error::Emit)? {
            files.insert(dir.join(path), contents);
        }
    }
    if format == Format::Committed {
        format::rustfmt_all(&mut files).map_err(Error::Emit)?;
    }
    Ok(files)
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

/// Files on disk under generated crates of `out_dir`: every crate whose manifest carries the
/// `@generated` mark, whether or not the spec still has its domain.
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
