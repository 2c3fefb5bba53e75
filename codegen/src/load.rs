//! Reading spec files.

use std::path::{Path, PathBuf};

use crate::error::SpecError;
use crate::locate::{Locator, Position};
use crate::spec::SpecFile;

/// A parsed spec file, with what is needed to locate problems in it.
#[derive(Debug)]
pub struct Loaded {
    /// Path as shown in messages and generated headers, such as `spec/union.yaml`.
    pub display_path: PathBuf,
    /// The parsed spec.
    pub spec: SpecFile,
    /// Positions of the file's nodes.
    pub locator: Locator,
}

/// Parses one spec file's text.
pub fn parse(display_path: &Path, text: &str) -> Result<Loaded, SpecError> {
    match serde_yaml::from_str::<SpecFile>(text) {
        Ok(spec) => Ok(Loaded {
            display_path: display_path.to_owned(),
            spec,
            locator: Locator::new(text),
        }),
        Err(err) => {
            let position = err
                .location()
                .map_or(Position { line: 1, column: 1 }, |l| Position {
                    line: l.line(),
                    column: l.column(),
                });
            Err(SpecError {
                file: display_path.to_owned(),
                position,
                message: err.to_string(),
            })
        }
    }
}

/// The `*.yaml` files of `dir`, sorted by name so that output does not depend on the file
/// system's order.
pub fn spec_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    files.sort();
    Ok(files)
}
