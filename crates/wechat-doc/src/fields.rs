//! Field names and nesting: `list: field` and `list: item :field` chains, `a[].b` and `a.b`
//! paths, and attaching sub-tables to the field they describe.

use crate::lines::is_identifier;
use crate::page::Field;
use crate::types::DocType;

/// How deep fields may nest; deeper names are refused, so that no input can make the
/// (recursive) model unboundedly deep.
pub const MAX_DEPTH: usize = 16;

/// One segment of a field's path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// The name.
    pub name: String,
    /// Written `name[]` or `name(Array)`: an array.
    pub array: bool,
}

/// A field name as a path from the table's root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamePath {
    /// The segments, outermost first.
    pub segments: Vec<Segment>,
    /// The cell as written, when it differs from the joined segments.
    pub as_written: Option<String>,
}

impl NamePath {
    /// The last segment's name.
    pub fn leaf(&self) -> &str {
        self.segments.last().map_or("", |s| s.name.as_str())
    }
}

/// Parses a name cell. `None` when the cell is no field name (`POST data`, prose, a type).
pub fn parse_name(cell: &str) -> Option<NamePath> {
    let written = cell.trim();
    if written.is_empty() {
        return None;
    }
    let parts: Vec<&str> = written.split(':').map(str::trim).collect();
    let mut segments = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        if !last {
            // `list: ...`: each prefix is one identifier.
            if !is_identifier(part) {
                return None;
            }
            segments.push(Segment {
                name: (*part).to_owned(),
                array: false,
            });
            continue;
        }
        let compact = join_pieces(part)?;
        for seg in compact.split('.') {
            segments.push(segment(seg)?);
        }
    }
    if segments.is_empty() || segments.len() > MAX_DEPTH {
        return None;
    }
    let joined = segments
        .iter()
        .map(|s| s.name.as_str())
        .collect::<Vec<_>>()
        .join(".");
    Some(NamePath {
        segments,
        as_written: (joined != written).then(|| written.to_owned()),
    })
}

/// Joins `promotion_url _sub_title` (a stray space next to an underscore) into one word;
/// `None` when the spaces separate real words.
fn join_pieces(part: &str) -> Option<String> {
    let pieces: Vec<&str> = part.split_whitespace().collect();
    let mut out = String::new();
    for (i, piece) in pieces.iter().enumerate() {
        if i > 0 && !(piece.starts_with('_') || out.ends_with('_')) {
            return None;
        }
        out.push_str(piece);
    }
    Some(out)
}

fn segment(raw: &str) -> Option<Segment> {
    let (name, array) = if let Some(n) = raw.strip_suffix("[]") {
        (n, true)
    } else if let Some(n) = raw.strip_suffix("(Array)") {
        (n, true)
    } else {
        (raw, false)
    };
    is_identifier(name).then(|| Segment {
        name: name.to_owned(),
        array,
    })
}

/// Inserts `field` at `path` under `list`, creating implied parents (`list: slot_id` implies
/// `list`). The field's own name is the path's leaf.
pub fn insert(list: &mut Vec<Field>, path: &NamePath, mut field: Field) {
    let Some((leaf, parents)) = path.segments.split_last() else {
        return;
    };
    let mut current = list;
    for seg in parents {
        let at = match current.iter().rposition(|f| f.name == seg.name) {
            Some(at) => at,
            None => {
                current.push(Field {
                    name: seg.name.clone(),
                    ty: if seg.array {
                        DocType::Array {
                            item: Some(Box::new(DocType::Object)),
                        }
                    } else {
                        DocType::Object
                    },
                    line: field.line,
                    implied: true,
                    ..Field::default()
                });
                current.len() - 1
            }
        };
        current = &mut current[at].children;
    }
    if leaf.array && !matches!(field.ty, DocType::Array { .. }) {
        let item = match field.ty {
            DocType::Unknown => None,
            ref other => Some(Box::new(other.clone())),
        };
        field.ty = DocType::Array { item };
    }
    field.name = leaf.name.clone();
    field.name_as_written = path.as_written.clone();
    current.push(field);
}

/// The field at `names` (a path from the root), the last of equal names at each level.
pub fn find_path<'a>(list: &'a mut [Field], names: &[String]) -> Option<&'a mut Field> {
    let (first, rest) = names.split_first()?;
    let at = list.iter().rposition(|f| &f.name == first)?;
    let field = &mut list[at];
    if rest.is_empty() {
        Some(field)
    } else {
        find_path(&mut field.children, rest)
    }
}

/// The most recent field named `name` anywhere in `list` (depth first, later fields first);
/// case is ignored when no field matches exactly (`couponinfo` for `couponInfo`).
pub fn find_named<'a>(list: &'a mut [Field], name: &str) -> Option<&'a mut Field> {
    if locate(list, name, false, 0).is_some() {
        return locate_mut(list, name, false, 0);
    }
    locate_mut(list, name, true, 0)
}

fn matches(field: &Field, name: &str, any_case: bool) -> bool {
    if any_case {
        field.name.eq_ignore_ascii_case(name)
    } else {
        field.name == name
    }
}

fn locate<'a>(list: &'a [Field], name: &str, any_case: bool, depth: usize) -> Option<&'a Field> {
    if depth >= MAX_DEPTH {
        return None;
    }
    for field in list.iter().rev() {
        if let Some(found) = locate(&field.children, name, any_case, depth + 1) {
            return Some(found);
        }
        if matches(field, name, any_case) {
            return Some(field);
        }
    }
    None
}

fn locate_mut<'a>(
    list: &'a mut [Field],
    name: &str,
    any_case: bool,
    depth: usize,
) -> Option<&'a mut Field> {
    if depth >= MAX_DEPTH {
        return None;
    }
    for field in list.iter_mut().rev() {
        if locate(&field.children, name, any_case, depth + 1).is_some() {
            return locate_mut(&mut field.children, name, any_case, depth + 1);
        }
        if matches(field, name, any_case) {
            return Some(field);
        }
    }
    None
}

/// True when `list` has a field named `name` (in any case) at any depth.
pub fn has_named(list: &[Field], name: &str) -> bool {
    locate(list, name, false, 0).is_some() || locate(list, name, true, 0).is_some()
}
