//! Errors in spec files, located by file, line and column.

use std::fmt;
use std::path::PathBuf;

use crate::locate::Position;

/// One problem in a spec file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecError {
    /// The spec file, as given to the generator.
    pub file: PathBuf,
    /// Where in the file.
    pub position: Position,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file.display(),
            self.position.line,
            self.position.column,
            self.message
        )
    }
}

/// Every problem found in a set of spec files. Generation writes nothing when there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecErrors(pub Vec<SpecError>);

impl fmt::Display for SpecErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, err) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{err}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SpecErrors {}
