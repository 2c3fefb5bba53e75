//! From a path in a spec file (`types[3].fields[1].type`) to its line and column.
//!
//! The resolver's errors name a path in the spec file; the tree [`crate::yaml`] built while
//! loading knows where each node starts.

use std::fmt;

use crate::yaml::{Node, NodeKind};

/// One step of a path into a YAML document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    /// A mapping key.
    Key(String),
    /// A sequence index.
    Index(usize),
}

/// A path into a YAML document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct YamlPath(pub Vec<Seg>);

impl YamlPath {
    /// The path extended by a key.
    pub fn key(&self, key: &str) -> YamlPath {
        let mut segs = self.0.clone();
        segs.push(Seg::Key(key.to_owned()));
        YamlPath(segs)
    }

    /// The path extended by an index.
    pub fn index(&self, index: usize) -> YamlPath {
        let mut segs = self.0.clone();
        segs.push(Seg::Index(index));
        YamlPath(segs)
    }
}

impl fmt::Display for YamlPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(key) if i == 0 => write!(f, "{key}")?,
                Seg::Key(key) => write!(f, ".{key}")?,
                Seg::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// A 1-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

/// The positions of every node of one YAML document.
#[derive(Debug)]
pub struct Locator {
    root: Option<Node>,
    lines: Vec<String>,
}

impl Locator {
    /// Indexes the tree `root` of `text`.
    pub fn new(root: Node, text: &str) -> Locator {
        Locator {
            root: Some(root),
            lines: text.lines().map(str::to_owned).collect(),
        }
    }

    fn node(&self, path: &YamlPath) -> Option<&Node> {
        let mut node = self.root.as_ref()?;
        for seg in &path.0 {
            let next = match (&node.kind, seg) {
                (NodeKind::Map(entries), Seg::Key(key)) => {
                    entries.iter().find(|(k, _, _)| k == key).map(|(_, _, n)| n)
                }
                (NodeKind::Seq(items), Seg::Index(index)) => items.get(*index),
                _ => None,
            };
            match next {
                Some(next) => node = next,
                None => break,
            }
        }
        Some(node)
    }

    /// Where the node at `path` starts (or its deepest existing ancestor).
    pub fn position(&self, path: &YamlPath) -> Position {
        self.node(path)
            .map_or(Position { line: 1, column: 1 }, |node| node.position)
    }

    /// Where a 1-based `line` and `column` inside the scalar at `path` are in the file. Exact
    /// for block scalars (`|`), the start of the scalar otherwise.
    pub fn position_in_scalar(&self, path: &YamlPath, line: usize, column: usize) -> Position {
        let start = self.position(path);
        match self.node(path) {
            Some(Node {
                kind: NodeKind::Scalar { block: true, .. },
                position,
            }) => {
                // A block scalar's position is its first content line; columns count from the
                // block's indentation.
                let file_line = position.line + line.saturating_sub(1);
                let indent = self
                    .lines
                    .get(position.line.saturating_sub(1))
                    .map_or(0, |l| l.len() - l.trim_start().len());
                // A parser's column 0 (an empty text) is the block's first column.
                Position {
                    line: file_line,
                    column: indent + column.max(1),
                }
            }
            _ => start,
        }
    }
}
