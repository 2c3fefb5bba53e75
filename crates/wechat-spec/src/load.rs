//! Reading spec files: bytes to text, text to the serde model, with every problem located.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::error::SpecError;
use crate::locate::{Locator, Position};
use crate::model::{GlobalErrorsFile, SpecFile};

/// Where WeChat's global error codes live, relative to the spec directory.
pub const GLOBAL_ERRORS: &str = "global/errors.yaml";

pub use crate::yaml::MAX_DEPTH;

/// A parsed file, with what is needed to locate problems in it.
#[derive(Debug)]
pub struct Loaded<T> {
    /// Path as shown in messages and generated headers, such as `spec/union.yaml`.
    pub display_path: PathBuf,
    /// The parsed file.
    pub spec: T,
    /// Positions of the file's nodes.
    pub locator: Locator,
}

/// Parses one domain spec file's text.
pub fn parse(display_path: &Path, text: &str) -> Result<Loaded<SpecFile>, SpecError> {
    parse_as(display_path, text)
}

/// Parses the global error codes' file.
pub fn parse_global(
    display_path: &Path,
    text: &str,
) -> Result<Loaded<GlobalErrorsFile>, SpecError> {
    parse_as(display_path, text)
}

fn parse_as<T: DeserializeOwned>(display_path: &Path, text: &str) -> Result<Loaded<T>, SpecError> {
    let located = |position: Position, message: String| SpecError {
        file: display_path.to_owned(),
        position,
        message,
    };
    if let Some(position) = too_deep(text) {
        return Err(located(
            position,
            format!("nesting deeper than {MAX_DEPTH} levels"),
        ));
    }
    let failed = |err: crate::yaml::YamlError| {
        let position = err.position.unwrap_or(Position { line: 1, column: 1 });
        located(position, err.message)
    };
    let tree = crate::yaml::parse(text).map_err(failed)?;
    let spec = crate::yaml::from_node::<T>(&tree).map_err(failed)?;
    Ok(Loaded {
        display_path: display_path.to_owned(),
        spec,
        locator: Locator::new(tree, text),
    })
}

/// Where the text first nests deeper than [`MAX_DEPTH`] levels, counting block levels (by
/// indentation, and each `- ` that opens an item) and flow collections (`[`, `{`), if it
/// does. The YAML parser recurses once per level, so a deeper text would overflow its stack.
/// Quoted text and comments are skipped; a top-level key starts afresh, so that an unbalanced
/// bracket in an example's text does not add up across the file.
fn too_deep(text: &str) -> Option<Position> {
    let mut flow = 0usize;
    let mut indents: Vec<usize> = Vec::new();
    for (l, line) in text.lines().enumerate() {
        let content = line.trim_start_matches(' ');
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if line.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            flow = 0;
        }
        let indent = line.len() - content.len();
        while indents.last().is_some_and(|top| *top >= indent) {
            indents.pop();
        }
        indents.push(indent);
        let dashes = content
            .split_inclusive(' ')
            .take_while(|word| *word == "- ")
            .count();
        let mut quote = None;
        let mut previous = ' ';
        for (c_index, c) in line.chars().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if previous.is_whitespace() || "[{,:".contains(previous) => {
                    quote = Some(c)
                }
                (None, '#') if previous.is_whitespace() => break,
                (None, '[' | '{') => flow += 1,
                (None, ']' | '}') => flow = flow.saturating_sub(1),
                _ => {}
            }
            if indents.len() + dashes + flow > MAX_DEPTH {
                return Some(Position {
                    line: l + 1,
                    column: c_index + 1,
                });
            }
            previous = c;
        }
    }
    None
}

/// The text of a spec file's bytes; bytes that are not UTF-8 are an error at their line and
/// column.
pub fn text_of(display_path: &Path, bytes: Vec<u8>) -> Result<String, SpecError> {
    String::from_utf8(bytes).map_err(|err| {
        let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
        // The valid prefix is UTF-8 by definition.
        let before = std::str::from_utf8(valid).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let column = before
            .rsplit('\n')
            .next()
            .unwrap_or_default()
            .chars()
            .count()
            + 1;
        SpecError {
            file: display_path.to_owned(),
            position: Position { line, column },
            message: "the file is not UTF-8 text".to_owned(),
        }
    })
}

/// The domain spec files (`*.yaml`) of `dir`, sorted by name so that output does not depend
/// on the file system's order.
pub fn spec_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    files.sort();
    Ok(files)
}
