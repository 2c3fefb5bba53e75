//! YAML through one parser: yaml-rust2's marked events build a tree that knows where each node
//! starts, and serde deserializes the spec model straight from that tree, so a shape error
//! (a misspelt key, a wrong type, a missing field) is reported at the node it concerns, and
//! the same tree later locates the resolver's errors ([`crate::locate::Locator`]).
//!
//! Plain scalars follow YAML 1.2's core schema: `null`/`~`, `true`/`false`, integers, floats;
//! everything else, and every quoted scalar, is a string. An alias stands for a copy of its
//! anchor's node (positions stay those of the anchored text). Tags and duplicate keys are
//! refused with their position.

use std::fmt;

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::locate::Position;

/// A node of a YAML document, with where it starts.
#[derive(Clone, Debug)]
pub struct Node {
    /// Where the node starts.
    pub position: Position,
    /// What it is.
    pub kind: NodeKind,
}

/// The shape of a node.
#[derive(Clone, Debug)]
pub enum NodeKind {
    /// A mapping: keys with their positions, and values, in order.
    Map(Vec<(String, Position, Node)>),
    /// A sequence.
    Seq(Vec<Node>),
    /// A scalar: its text, whether it was written plain (unquoted, not a block), and whether
    /// it was a block scalar (`|`, `>`).
    Scalar {
        /// The scalar's value.
        text: String,
        /// Written without quotes or block indicator: typed by the core schema.
        plain: bool,
        /// A literal or folded block scalar.
        block: bool,
    },
}

/// A YAML problem, with where it is when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// What is wrong.
    pub message: String,
    /// Where, when known.
    pub position: Option<Position>,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for YamlError {}

impl de::Error for YamlError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        YamlError {
            message: msg.to_string(),
            position: None,
        }
    }
}

fn position(mark: Marker) -> Position {
    Position {
        line: mark.line(),
        column: mark.col() + 1,
    }
}

/// A mapping key and where it is.
type Key = (String, Position);

/// Deepest nesting of collections a spec file may have, block or flow: real specs nest a
/// handful of levels, and a deeper tree would overflow the stack of whatever walks it.
pub const MAX_DEPTH: usize = 64;

/// Most nodes a file's tree may hold once aliases are copied in: aliases that repeat aliases
/// would otherwise grow the tree exponentially from a few hundred bytes.
pub const MAX_NODES: usize = 1_000_000;

/// Builds the tree; each open mapping carries the key (and its position) whose value is next.
#[derive(Default)]
struct Builder {
    /// Open collections, each with its anchor id (0 for none) and the key awaiting a value.
    stack: Vec<(Node, usize, Option<Key>)>,
    root: Option<Node>,
    anchors: std::collections::HashMap<usize, (Node, usize)>,
    /// Nodes in the tree so far, aliases' copies included.
    nodes: usize,
    error: Option<YamlError>,
}

/// How many nodes a tree holds.
fn size(node: &Node) -> usize {
    1 + match &node.kind {
        NodeKind::Map(entries) => entries.iter().map(|(_, _, n)| size(n)).sum(),
        NodeKind::Seq(items) => items.iter().map(size).sum(),
        NodeKind::Scalar { .. } => 0,
    }
}

impl Builder {
    fn fail(&mut self, message: &str, at: Position) {
        self.error.get_or_insert(YamlError {
            message: message.to_owned(),
            position: Some(at),
        });
    }

    fn push_value(&mut self, node: Node, anchor: usize) {
        if self.error.is_some() {
            return;
        }
        if anchor != 0 {
            let nodes = size(&node);
            self.anchors.insert(anchor, (node.clone(), nodes));
        }
        let at = node.position;
        let duplicate = match self.stack.last_mut() {
            None => {
                self.root = Some(node);
                None
            }
            Some((parent, _, key_slot)) => match &mut parent.kind {
                NodeKind::Seq(items) => {
                    items.push(node);
                    None
                }
                NodeKind::Map(entries) => {
                    let (key, key_at) = key_slot.take().unwrap_or((String::new(), at));
                    let twice = entries.iter().any(|(k, _, _)| *k == key);
                    entries.push((key.clone(), key_at, node));
                    twice.then_some((key, key_at))
                }
                NodeKind::Scalar { .. } => None,
            },
        };
        if let Some((key, key_at)) = duplicate {
            self.fail(&format!("duplicate key `{key}`"), key_at);
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let at = position(mark);
        let in_key_position = matches!(
            self.stack.last(),
            Some((
                Node {
                    kind: NodeKind::Map(_),
                    ..
                },
                _,
                None
            ))
        );
        match event {
            Event::Scalar(_, _, _, Some(_))
            | Event::SequenceStart(_, Some(_))
            | Event::MappingStart(_, Some(_)) => {
                self.fail("tags are not supported in spec files", at)
            }
            Event::Alias(_) if in_key_position => {
                self.fail("mapping keys are plain scalars in spec files", at)
            }
            Event::Alias(id) => match self.anchors.get(&id) {
                Some((_, nodes)) if self.nodes + nodes > MAX_NODES => {
                    self.fail("aliases expand to more than a million nodes", at)
                }
                Some((node, nodes)) => {
                    self.nodes += nodes;
                    let node = node.clone();
                    self.push_value(node, 0)
                }
                None => self.fail("an alias of an unknown anchor", at),
            },
            Event::Scalar(text, _, _, _) if in_key_position => {
                if let Some((_, _, slot)) = self.stack.last_mut() {
                    *slot = Some((text, at));
                }
            }
            Event::Scalar(text, style, anchor, _) => {
                let block = matches!(style, TScalarStyle::Literal | TScalarStyle::Folded);
                let plain = style == TScalarStyle::Plain;
                let kind = NodeKind::Scalar { text, plain, block };
                self.push_value(Node { position: at, kind }, anchor);
            }
            Event::SequenceStart(..) | Event::MappingStart(..) if in_key_position => {
                self.fail("mapping keys are plain scalars in spec files", at)
            }
            Event::SequenceStart(..) | Event::MappingStart(..) if self.stack.len() >= MAX_DEPTH => {
                self.fail(&format!("nesting deeper than {MAX_DEPTH} levels"), at)
            }
            Event::SequenceStart(anchor, _) => {
                self.nodes += 1;
                let kind = NodeKind::Seq(Vec::new());
                self.stack.push((Node { position: at, kind }, anchor, None))
            }
            Event::MappingStart(anchor, _) => {
                self.nodes += 1;
                let kind = NodeKind::Map(Vec::new());
                self.stack.push((Node { position: at, kind }, anchor, None))
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((node, anchor, _)) = self.stack.pop() {
                    self.push_value(node, anchor);
                }
            }
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd => {}
        }
    }
}

/// Parses `text` into its tree (an empty document is an empty mapping).
pub fn parse(text: &str) -> Result<Node, YamlError> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    parser.load(&mut builder, false).map_err(|err| {
        // The parser stops where the text stopped making sense; an unclosed bracket opened
        // earlier is often the cause, so name the innermost open collection too.
        let mut message = err.info().to_owned();
        if let Some((open, _, _)) = builder.stack.last() {
            let what = match open.kind {
                NodeKind::Seq(_) => "sequence",
                _ => "mapping",
            };
            message.push_str(&format!(
                " (inside the {what} that starts at line {}, column {})",
                open.position.line, open.position.column
            ));
        }
        YamlError {
            message,
            position: Some(position(*err.marker())),
        }
    })?;
    if let Some(err) = builder.error {
        return Err(err);
    }
    Ok(builder.root.unwrap_or(Node {
        position: Position { line: 1, column: 1 },
        kind: NodeKind::Map(Vec::new()),
    }))
}

/// Deserializes `T` from `node`; the error carries the position of the innermost node it
/// concerns.
pub fn from_node<'de, T: de::Deserialize<'de>>(node: &'de Node) -> Result<T, YamlError> {
    T::deserialize(node)
}

/// Gives an error without a position that of `at`.
fn located<T>(result: Result<T, YamlError>, at: Position) -> Result<T, YamlError> {
    result.map_err(|mut err| {
        err.position.get_or_insert(at);
        err
    })
}

/// A plain scalar's value under the core schema.
enum Plain<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'a str),
}

fn plain(text: &str) -> Plain<'_> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Plain::Null,
        "true" | "True" | "TRUE" => return Plain::Bool(true),
        "false" | "False" | "FALSE" => return Plain::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" => return Plain::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Plain::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Plain::Float(f64::NAN),
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(n) = text.parse() {
            return Plain::Int(n);
        }
    }
    if let Some(hex) = text.strip_prefix("0x") {
        if let Ok(n) = i64::from_str_radix(hex, 16) {
            return Plain::Int(n);
        }
    }
    let numeric = digits.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || b"._eE+-".contains(&b));
    if numeric {
        if let Ok(f) = text.parse() {
            return Plain::Float(f);
        }
    }
    Plain::Str(text)
}

impl<'de> de::Deserializer<'de> for &'de Node {
    type Error = YamlError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        let result = match &self.kind {
            NodeKind::Map(entries) => visitor.visit_map(Entries {
                entries: entries.iter(),
                value: None,
            }),
            NodeKind::Seq(items) => visitor.visit_seq(Items(items.iter())),
            NodeKind::Scalar {
                text, plain: true, ..
            } => match plain(text) {
                Plain::Null => visitor.visit_unit(),
                Plain::Bool(b) => visitor.visit_bool(b),
                Plain::Int(n) => visitor.visit_i64(n),
                Plain::Float(f) => visitor.visit_f64(f),
                Plain::Str(s) => visitor.visit_borrowed_str(s),
            },
            NodeKind::Scalar { text, .. } => visitor.visit_borrowed_str(text),
        };
        located(result, self.position)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        match &self.kind {
            NodeKind::Scalar {
                text, plain: true, ..
            } if matches!(plain(text), Plain::Null) => visitor.visit_none(),
            _ => located(visitor.visit_some(self), self.position),
        }
    }

    /// Strings stay strings even when they look like numbers (`code: "0"`, a plain `No`).
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        match &self.kind {
            NodeKind::Scalar { text, .. } => {
                located(visitor.visit_borrowed_str(text), self.position)
            }
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, YamlError> {
        match &self.kind {
            NodeKind::Scalar { text, .. } => {
                let de: de::value::StrDeserializer<'_, YamlError> =
                    text.as_str().into_deserializer();
                located(visitor.visit_enum(de), self.position)
            }
            _ => Err(YamlError {
                message: "expected one of the documented words, as a plain string".to_owned(),
                position: Some(self.position),
            }),
        }
    }

    /// An empty value (`errors:`) is an empty list, as YAML authors expect.
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        match &self.kind {
            NodeKind::Scalar {
                text, plain: true, ..
            } if matches!(plain(text), Plain::Null) => {
                located(visitor.visit_seq(Items([].iter())), self.position)
            }
            _ => self.deserialize_any(visitor),
        }
    }

    /// An empty value is an empty mapping.
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        match &self.kind {
            NodeKind::Scalar {
                text, plain: true, ..
            } if matches!(plain(text), Plain::Null) => {
                let entries = Entries {
                    entries: [].iter(),
                    value: None,
                };
                located(visitor.visit_map(entries), self.position)
            }
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, YamlError> {
        located(visitor.visit_newtype_struct(self), self.position)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit
        unit_struct tuple tuple_struct struct identifier ignored_any
    }
}

/// The entries of a mapping, keys located at their own position.
struct Entries<'de> {
    entries: std::slice::Iter<'de, (String, Position, Node)>,
    value: Option<&'de Node>,
}

impl<'de> MapAccess<'de> for Entries<'de> {
    type Error = YamlError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, YamlError> {
        let Some((key, at, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        let de: de::value::BorrowedStrDeserializer<'de, YamlError> =
            de::value::BorrowedStrDeserializer::new(key);
        located(seed.deserialize(de), *at).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, YamlError> {
        match self.value.take() {
            Some(node) => located(seed.deserialize(node), node.position),
            None => Err(de::Error::custom("a value without a key")),
        }
    }
}

/// The items of a sequence.
struct Items<'de>(std::slice::Iter<'de, Node>);

impl<'de> SeqAccess<'de> for Items<'de> {
    type Error = YamlError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, YamlError> {
        match self.0.next() {
            Some(node) => located(seed.deserialize(node), node.position).map(Some),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Thing {
        name: String,
        count: Option<i64>,
        #[serde(default)]
        tags: Vec<String>,
        #[serde(default)]
        query: BTreeMap<String, String>,
    }

    fn thing(text: &str) -> Result<Thing, YamlError> {
        from_node(&parse(text)?)
    }

    #[test]
    fn values_decode_by_the_core_schema() {
        let t = thing("name: 007\ncount: -3\ntags: [No, 'x', \"1.5\"]\nquery: {a: b}\n").unwrap();
        assert_eq!(t.name, "007", "a string field takes digits as written");
        assert_eq!(t.count, Some(-3));
        assert_eq!(t.tags, ["No", "x", "1.5"]);
        assert_eq!(t.query["a"], "b");
        assert_eq!(thing("name: x\ncount: ~\n").unwrap().count, None);
    }

    #[test]
    fn shape_errors_are_located_at_their_node() {
        let err = thing("name: x\ncount: many\n").unwrap_err();
        assert_eq!(err.position, Some(Position { line: 2, column: 8 }), "{err}");
        let err = thing("name: x\ncuont: 1\n").unwrap_err();
        assert!(err.message.contains("unknown field `cuont`"), "{err}");
        assert_eq!(err.position, Some(Position { line: 2, column: 1 }));
        let err = thing("count: 1\n").unwrap_err();
        assert!(err.message.contains("missing field `name`"), "{err}");
        let err = thing("name: x\ntags:\n  - a\n  - [b]\n").unwrap_err();
        assert_eq!(err.position, Some(Position { line: 4, column: 5 }), "{err}");
    }

    #[test]
    fn deep_block_nesting_and_alias_bombs_are_refused_with_their_position() {
        // The loader refuses deep text before parsing it (the parser recurses per level).
        let deep: String = (0..1000)
            .map(|i| format!("{}a:\n", " ".repeat(i)))
            .collect();
        let err =
            crate::load::parse(std::path::Path::new("deep.yaml"), &deep).expect_err("too deep");
        assert!(err.message.contains("nesting deeper than"), "{err}");
        assert_eq!(err.position.line, MAX_DEPTH + 1);
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            bomb.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let err = parse(&bomb).expect_err("a bomb");
        assert!(err.message.contains("more than a million nodes"), "{err}");
    }

    #[test]
    fn what_spec_files_do_not_use_is_refused_with_its_position() {
        let err = thing("name: x\nname: y\n").unwrap_err();
        assert!(err.message.contains("duplicate key `name`"), "{err}");
        assert_eq!(err.position, Some(Position { line: 2, column: 1 }));
        let aliased = thing("name: &a x\ntags: [*a, *a]\n").unwrap();
        assert_eq!(aliased.tags, ["x", "x"], "an alias copies its anchor");
        assert!(thing("name: !!str x\n").is_err());
        let err = thing("name: [x\n").unwrap_err();
        assert!(err.position.is_some(), "{err}");
    }
}
