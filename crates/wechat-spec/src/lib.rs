//! The spec of the WeChat API bindings, shared by the generator, the mock server and the
//! maintainer tools.
//!
//! Data flows one way: `spec/*.yaml` is parsed into the serde [`model`] (every problem located
//! by file, line and column), checked and resolved into the [`ir`], whose types refer to each
//! other by index. [`conformance`] tells whether a JSON value fits a type and its documented
//! limits; [`samples`] makes values for endpoints whose docs show none. Nothing here emits
//! code.

pub mod conformance;
pub mod dates;
pub mod error;
pub mod ir;
pub mod json;
pub mod load;
pub mod locate;
pub mod model;
pub mod names;
pub mod resolve;
pub mod samples;
#[cfg(feature = "schema")]
pub mod schema;
pub mod yaml;

use std::fmt;
use std::path::{Path, PathBuf};

pub use error::{SpecError, SpecErrors};
pub use ir::Spec;

/// Why a spec could not be read.
#[derive(Debug)]
pub enum Error {
    /// The spec has problems; each is located.
    Spec(SpecErrors),
    /// A file or directory could not be read.
    Io(PathBuf, std::io::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Spec(errors) => write!(f, "{errors}"),
            Error::Io(path, err) => write!(f, "{}: {err}", path.display()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Spec(errors) => Some(errors),
            Error::Io(_, err) => Some(err),
        }
    }
}

/// Spec texts as read: each file's display path (such as `spec/card.yaml`) and text.
#[derive(Clone, Debug, Default)]
pub struct Texts {
    /// The domain files, in file-name order.
    pub domains: Vec<(PathBuf, String)>,
    /// The global error codes' file, if the directory has one.
    pub global: Option<(PathBuf, String)>,
}

/// Parses and checks spec `texts` into the IR, as the generator and the mock server see it.
pub fn resolve_texts(texts: &Texts) -> Result<Spec, Error> {
    let mut loaded = Vec::new();
    let mut errors = Vec::new();
    for (display, text) in &texts.domains {
        match load::parse(display, text) {
            Ok(file) => loaded.push(file),
            Err(err) => errors.push(err),
        }
    }
    let global = match &texts.global {
        Some((display, text)) => match load::parse_global(display, text) {
            Ok(file) => Some(file),
            Err(err) => {
                errors.push(err);
                None
            }
        },
        None => None,
    };
    if !errors.is_empty() {
        return Err(Error::Spec(SpecErrors(errors)));
    }
    resolve::resolve(&loaded, global.as_ref()).map_err(Error::Spec)
}

/// The spec files of `dir` (named in messages as under `display`), read and resolved.
pub fn resolve_dir(dir: &Path, display: &Path) -> Result<Spec, Error> {
    resolve_texts(&read_dir(dir, display)?)
}

/// Reads the spec files of `dir`: every `*.yaml` domain file, and [`load::GLOBAL_ERRORS`] if
/// present. Paths in messages are shown under `display`.
pub fn read_dir(dir: &Path, display: &Path) -> Result<Texts, Error> {
    let read = |path: &Path, shown: PathBuf| -> Result<(PathBuf, String), Error> {
        let bytes = std::fs::read(path).map_err(|e| Error::Io(path.to_owned(), e))?;
        let text =
            load::text_of(&shown, bytes).map_err(|err| Error::Spec(SpecErrors(vec![err])))?;
        Ok((shown, text))
    };
    let paths = load::spec_files(dir).map_err(|e| Error::Io(dir.to_owned(), e))?;
    let mut texts = Texts::default();
    for path in paths {
        let shown = display.join(path.file_name().unwrap_or_default());
        texts.domains.push(read(&path, shown)?);
    }
    let global = dir.join(load::GLOBAL_ERRORS);
    if global.exists() {
        texts.global = Some(read(&global, display.join(load::GLOBAL_ERRORS))?);
    }
    Ok(texts)
}
