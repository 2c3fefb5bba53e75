//! From a path in a spec file (`types[3].fields[1].type`) to its line and column.
//!
//! serde_yaml reports where a syntax or shape error is, but the model it builds carries no
//! positions; semantic errors found later are located by walking yaml-rust2's marked events.

use std::fmt;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

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

#[derive(Debug)]
enum Kind {
    Map(Vec<(String, Node)>),
    Seq(Vec<Node>),
    Scalar { block: bool },
}

#[derive(Debug)]
struct Node {
    mark: Marker,
    kind: Kind,
}

/// The positions of every node of one YAML document.
#[derive(Debug)]
pub struct Locator {
    root: Option<Node>,
    lines: Vec<String>,
}

/// Builds the node tree; each open mapping carries the key whose value comes next.
#[derive(Default)]
struct Builder {
    stack: Vec<(Node, Option<String>)>,
    root: Option<Node>,
}

impl Builder {
    fn push_value(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some((parent, key_slot)) => match &mut parent.kind {
                Kind::Seq(items) => items.push(node),
                Kind::Map(entries) => entries.push((key_slot.take().unwrap_or_default(), node)),
                Kind::Scalar { .. } => {}
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(value, style, ..) => {
                let in_key_position = matches!(
                    self.stack.last(),
                    Some((
                        Node {
                            kind: Kind::Map(_),
                            ..
                        },
                        None
                    ))
                );
                if in_key_position {
                    if let Some((_, slot)) = self.stack.last_mut() {
                        *slot = Some(value);
                    }
                } else {
                    let block = matches!(style, TScalarStyle::Literal | TScalarStyle::Folded);
                    self.push_value(Node {
                        mark,
                        kind: Kind::Scalar { block },
                    });
                }
            }
            Event::SequenceStart(..) => self.stack.push((
                Node {
                    mark,
                    kind: Kind::Seq(Vec::new()),
                },
                None,
            )),
            Event::MappingStart(..) => self.stack.push((
                Node {
                    mark,
                    kind: Kind::Map(Vec::new()),
                },
                None,
            )),
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((node, _)) = self.stack.pop() {
                    self.push_value(node);
                }
            }
            _ => {}
        }
    }
}

impl Locator {
    /// Indexes `text`. Text that does not parse yields a locator that places everything at 1:1
    /// (serde_yaml has already reported such text with its own position).
    pub fn new(text: &str) -> Locator {
        let mut builder = Builder::default();
        let mut parser = Parser::new_from_str(text);
        let root = match parser.load(&mut builder, false) {
            Ok(()) => builder.root,
            Err(_) => None,
        };
        Locator {
            root,
            lines: text.lines().map(str::to_owned).collect(),
        }
    }

    fn node(&self, path: &YamlPath) -> Option<&Node> {
        let mut node = self.root.as_ref()?;
        for seg in &path.0 {
            let next = match (&node.kind, seg) {
                (Kind::Map(entries), Seg::Key(key)) => {
                    entries.iter().find(|(k, _)| k == key).map(|(_, n)| n)
                }
                (Kind::Seq(items), Seg::Index(index)) => items.get(*index),
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
            .map_or(Position { line: 1, column: 1 }, |node| Position {
                line: node.mark.line(),
                column: node.mark.col() + 1,
            })
    }

    /// Where a 1-based `line` and `column` inside the scalar at `path` are in the file. Exact
    /// for block scalars (`|`), the start of the scalar otherwise.
    pub fn position_in_scalar(&self, path: &YamlPath, line: usize, column: usize) -> Position {
        let start = self.position(path);
        match self.node(path) {
            Some(Node {
                kind: Kind::Scalar { block: true },
                mark,
            }) => {
                // A block scalar's mark is its first content line; columns count from the
                // block's indentation.
                let file_line = mark.line() + line.saturating_sub(1);
                let indent = self
                    .lines
                    .get(mark.line().saturating_sub(1))
                    .map_or(0, |l| l.len() - l.trim_start().len());
                Position {
                    line: file_line,
                    column: indent + column,
                }
            }
            _ => start,
        }
    }
}
